#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# jq 1.6's math builtins (lib/jq/builtin_math.c) against the real jq 1.6
# on the case table fixtures/expr/math.txt.  Both call the same libm, so
# results are compared exactly; on a libc without exp10, exp10 and pow10
# are pow(10; x), which may differ from jq in the last digit.

load test_helper

MATH="$BATS_TEST_DIRNAME/fixtures/expr/math.txt"

setup() {
	command -v "$JQ" >/dev/null || skip "jq is not installed"
}

@test "math functions of one number give the same output as jq" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff "one number" "$MATH"
}

@test "frexp, modf and lgamma_r give the same arrays as jq" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff arrays "$MATH"
}

@test "math functions of two numbers give the same output as jq" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff "two numbers" "$MATH"
}

# jq 1.6 converts the double to an int or a long, which on x86-64 gives
# INT_MIN or LONG_MIN out of range (ldexp(1; 1e10) is 0): we do the same.
@test "ldexp, scalb, scalbln, jn and yn take integer arguments as jq does" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff "integer arguments" "$MATH"
}

@test "fma gives the same output as jq" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff "three numbers" "$MATH"
}

@test "math functions combine generator arguments in jq's order" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff generators "$MATH"
}

@test "isfinite is false for non-numbers and true for NaN, as in jq" {
	cd "$BATS_TEST_TMPDIR"
	expr_diff isfinite "$MATH"
}

@test "math functions reject non-numbers with jq's messages" {
	cd "$BATS_TEST_TMPDIR"
	# Two groups: smap shows only 10 messages of a kind in full.
	cases_of_group errors "$MATH" >errors.txt
	error_diff "$BATS_TEST_TMPDIR/errors.txt"
	cases_of_group "more errors" "$MATH" >more.txt
	error_diff "$BATS_TEST_TMPDIR/more.txt"
}

# This jq 1.6 lists pow10 but fails "pow10/0 not found at build time"
# (glibc 2.27 dropped pow10); jq built where it exists gives exp10.
@test "pow10 is exp10" {
	cd "$BATS_TEST_TMPDIR"
	run_sh "smap -c 'map(pow10) == map(exp10), map(pow10)' <<<'[0,2,400]'"
	assert_success
	assert_output $'true\n[1,100,1.7976931348623157e+308]'
	# libms differ in the last digit of exp10 (glibc 2.36 says
	# 0.09999999999999999 for -1): compared with a tolerance.
	run_sh "smap -c '[(-1, 0.5) | pow10] | .[0] - 0.1, .[1] - (10 | sqrt) | fabs < 1e-15' <<<null"
	assert_success
	assert_output $'true\ntrue'
}

@test "the last argument varies slowest, as in jq" {
	cd "$BATS_TEST_TMPDIR"
	run_sh "smap -c '[pow(1,2; 3,4)]' <<<null"
	assert_success
	assert_output '[1,8,1,16]'
}

@test "builtins lists every math builtin jq 1.6 lists" {
	cd "$BATS_TEST_TMPDIR"
	local names prog
	names='["acos","acosh","asin","asinh","atan","atan2","atanh","cbrt",
	    "ceil","copysign","cos","cosh","drem","erf","erfc","exp","exp10",
	    "exp2","expm1","fabs","fdim","floor","fma","fmax","fmin","fmod",
	    "frexp","gamma","hypot","isfinite","isinfinite","isnan",
	    "isnormal","j0","j1","jn","ldexp","lgamma","lgamma_r","log",
	    "log10","log1p","log2","logb","modf","nearbyint","nextafter",
	    "nexttoward","pow","pow10","remainder","rint","round","scalb",
	    "scalbln","significand","sin","sinh","sqrt","tan","tanh",
	    "tgamma","trunc","y0","y1","yn","infinite","nan"]'
	prog="$names as \$m | [builtins[] | select(split(\"/\")[0] as \$n |
	    \$m | index([\$n]))] | sort"
	run_sh "$JQ -nc '$prog'"
	assert_success
	# Every name of the list is a jq 1.6 builtin.
	assert_equal "$(jq -n "$names | length")" \
	    "$(printf '%s\n' "$output" | jq length)"
	local want="$output"
	run_sh "smap -c '$prog' <<<null"
	assert_success
	assert_output "$want"
}

@test "an infinity held as the largest double is infinite to the math functions" {
	cd "$BATS_TEST_TMPDIR"
	run_sh "smap -c '[sin, atan, exp, isfinite, pow(.; -1)]' <<<1.7976931348623157e+308"
	assert_success
	assert_output '[null,1.5707963267948966,1.7976931348623157e+308,false,0]'
}

@test "jn and yn refuse an order beyond 10,000,000, where glibc would take a second per 60 million steps" {
	cd "$BATS_TEST_TMPDIR"
	run_sh "printf '%s\n' 1e10 10000001 | smap -q 'jn(.; 1)'; echo null | smap 'yn(-2e9, nan; 1)'"
	assert_equal "$stderr" 'smap: 2 of 2 lines rejected (2 jn/2: order beyond the limit of 10000000); first at <stdin>:1
smap: <stdin>:1: yn/2: order beyond the limit of 10000000 (-2000000000)
smap: 1 of 1 line rejected (1 yn/2: order beyond the limit of 10000000); first at <stdin>:1'
}
