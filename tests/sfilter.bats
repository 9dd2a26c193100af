#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# sfilter(1): keep the records an expression holds for, byte for byte.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "the table of sfilter cases in fixtures/sfilter gives the expected output" {
	fixture_cases sfilter
}

@test "a kept record is written byte for byte as read" {
	run_sh "printf '%s\n' '{ \"a\" : 1, \"f\" : 1.50, \"u\" : \"\\u00e9\" }' '{\"a\":2}' | sfilter '.a == 1'"
	assert_success
	assert_output '{ "a" : 1, "f" : 1.50, "u" : "\u00e9" }'
}

@test "a record is kept when any output of the expression is truthy" {
	run_sh "printf '%s\n' '{\"a\":[false,null,0]}' '{\"a\":[false,null]}' | sfilter '.a[]'"
	assert_success
	assert_output '{"a":[false,null,0]}'
}

@test "an expression with no output does not keep the record" {
	run_sh "printf '%s\n' '{\"a\":[]}' '{\"a\":[1]}' | sfilter '.a[]'"
	assert_success
	assert_output '{"a":[1]}'
}

@test "only false and null are falsy: 0, \"\", [] and {} keep the record" {
	run_sh "printf '%s\n' 0 '\"\"' '[]' '{}' null false | sfilter ."
	assert_success
	assert_output $'0\n""\n[]\n{}'
}

@test "-v keeps the records where no output is truthy" {
	run_sh "printf '%s\n' '{\"a\":[false,1]}' '{\"a\":[null,false]}' '{\"a\":[]}' | sfilter -v '.a[]'"
	assert_success
	assert_output $'{"a":[null,false]}\n{"a":[]}'
}

@test "-v writes the kept records byte for byte" {
	run_sh "printf '%s\n' '{\"a\" : 1}' '{\"a\" : 2}' | sfilter -v '.a == 1'"
	assert_success
	assert_output '{"a" : 2}'
}

@test "every record is either kept by sfilter or by sfilter -v" {
	printf '%s\n' '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}' '{"n":5}' >in
	run_sh "{ sfilter '.n % 2 == 0' in; sfilter -v '.n % 2 == 0' in; } | sort"
	assert_success
	assert_output "$(sort in)"
}

@test "--arg and --argjson bind variables" {
	run_sh "printf '%s\n' '{\"n\":\"x\",\"v\":2}' '{\"n\":\"y\",\"v\":5}' | sfilter --arg want y --argjson min 3 '.n == \$want and .v >= \$min'"
	assert_success
	assert_output '{"n":"y","v":5}'
}

@test "-R filters lines and writes the kept ones as JSON strings" {
	run_sh "printf 'abc\nxyz\nb \"q\"\n' | sfilter -R 'test(\"b\")'"
	assert_success
	assert_output $'"abc"\n"b \\"q\\""'
}

@test "-R with -v keeps the empty lines as empty strings" {
	run_sh "printf 'abc\n\nxyz\n' | sfilter -Rv 'test(\"b\")'"
	assert_success
	assert_output $'""\n"xyz"'
}

@test "a record the expression fails on is rejected, not kept, and the exit is 1" {
	run_sh "printf '%s\n' 5 '\"x\"' 7 | sfilter '. + 1 > 6'"
	assert_failure 1
	assert_output 7
	[[ "$stderr" == "sfilter: <stdin>:2: "*"cannot be added"* ]]
}

@test "a record whose expression fails after a truthy output is kept" {
	# Like jq, the outputs before the error exist; one truthy is enough.
	run_sh "printf '%s\n' 1 | sfilter 'true, error(\"late\")'"
	assert_output 1
}

@test "files are read in order, and - is standard input" {
	printf '1\n' >f1
	printf '2\n' >f2
	run_sh "printf '3\n' | sfilter true f1 - f2"
	assert_success
	assert_output $'1\n3\n2'
}

@test "a missing file is reported, the others are still read, and the exit is 2" {
	printf '1\n' >f1
	printf '2\n' >f2
	run_sh "sfilter true f1 nope f2"
	assert_failure 2
	assert_output $'1\n2'
	[[ "$stderr" == *"sfilter: nope: No such file or directory"* ]]
}

@test "-h prints usage on stdout and exits 0" {
	run_sh "sfilter -h"
	assert_success
	assert_line --index 0 --partial 'usage: sfilter'
	assert_equal "$stderr" ''
}

@test "--help prints usage with examples" {
	run_sh "sfilter --help"
	assert_success
	assert_line --index 0 --partial 'usage: sfilter'
	assert_output --partial "sfilter -v "
}

@test "--version prints the tool name and a version number" {
	run_sh "sfilter --version"
	assert_success
	assert_output --regexp '^sfilter .*[0-9]+\.[0-9]+'
}

@test "no expression is a usage error with exit 2" {
	run_sh "sfilter -v < /dev/null"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"usage: sfilter"* ]]
}

@test "a syntax error exits 2 with a caret line, before any input is read" {
	mkfifo never
	run_sh "exec 7<>never; timeout 5 sfilter '.a ==' <never 7>&-"
	assert_failure 2
	assert_output ''
	assert_equal "$(grep -c '' <<<"$stderr")" 3
	[[ "$stderr" == "sfilter: "*"syntax error"* ]]
	assert_equal "$(sed -n 2p <<<"$stderr")" '    .a =='
	assert_equal "$(sed -n 3p <<<"$stderr")" '         ^'
}
