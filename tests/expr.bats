#!/usr/bin/env bats
# Differential tests: smap against the real jq (1.6) on the case table in
# fixtures/expr/cases.txt.  Deliberate differences from jq are tested in
# expr_differences.bats instead.

load test_helper

setup() {
	command -v "$JQ" >/dev/null || skip "jq is not installed"
	export STREAM_TOOLS_TEST_VAR='value with spaces and ☃'
	export HOME=/home/stream-tools-test
}

@test "paths, slices and iteration give the same output as jq" {
	expr_diff paths
}

@test "literals and string interpolation give the same output as jq" {
	expr_diff literals
}

@test "array and object construction gives the same output as jq" {
	expr_diff construction
}

@test "arithmetic on every type gives the same output as jq" {
	expr_diff arithmetic
}

@test "comparisons and sorting follow jq's order of types" {
	expr_diff comparison
}

@test "and, or, not and // give the same output as jq" {
	expr_diff logic
}

@test "if, as, reduce, foreach and generators give the same output as jq" {
	expr_diff control
}

@test "assignment operators and del give the same output as jq" {
	expr_diff assignment
}

@test "core builtins give the same output as jq" {
	expr_diff core
}

@test "string builtins give the same output as jq" {
	expr_diff strings
}

@test "regular expressions give the same output as jq" {
	expr_diff regex
}

@test "@formats give the same output as jq" {
	expr_diff formats
}

@test "try, catch and ? give the same output as jq" {
	expr_diff try
}

@test "time builtins give the same output as jq" {
	expr_diff time
}

@test "user-defined functions give the same output as jq" {
	expr_diff definitions
}

@test "\$ENV and env give the same output as jq" {
	expr_diff env
}

@test "numbers are computed and written like jq" {
	expr_diff numbers
}

@test "runtime errors have the same messages as jq's" {
	error_diff "$FIXTURES/expr/errors.txt"
}

@test "each record of a stream is evaluated on its own, as jq does" {
	jq_same '{n: (.a + 1), t: (.a | type)}' $'{"a":1}\n{"a":2.5}\n{"a":-3}'
	jq_same '[.[] | select(. > 1)] | length' $'[1,2,3]\n[]\n[5,0]'
	jq_same 'reduce .[] as $x (0; . + $x)' $'[1,2]\n[3]'
}

@test "the case table has at least 170 cases" {
	run grep -c $'\t' "$FIXTURES/expr/cases.txt"
	assert_success
	[ "$output" -ge 170 ]
}
