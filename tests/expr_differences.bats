#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Deliberate differences from jq 1.6 (see smap(1)): each test asserts our
# behaviour exactly.  Where jq 1.6 behaves otherwise, the test says how.

load test_helper

@test "integers within 64 bits stay exact (jq 1.6 rounds them to doubles)" {
	run_sh "echo '{\"n\":9007199254740993}' | smap .n"
	assert_success
	assert_output 9007199254740993
}

@test "64-bit integer arithmetic is exact where it fits" {
	run_sh "echo '{\"n\":9007199254740993}' | smap '.n + 1, .n - 2'"
	assert_success
	assert_output $'9007199254740994\n9007199254740991'
}

@test "64-bit integers stay exact through tostring, tojson and string interpolation" {
	run_sh "echo 12345678901234567 | smap 'tostring, tojson, \"<\\(.)>\", [.]'"
	assert_success
	assert_output $'"12345678901234567"\n"12345678901234567"\n"<12345678901234567>"\n[12345678901234567]'
}

@test "the extreme 64-bit integers are written as read" {
	run_sh "printf '%s\n' '[-9223372036854775808,9223372036854775807]' | smap '[.[0], .[1]]'"
	assert_success
	assert_output '[-9223372036854775808,9223372036854775807]'
}

@test "an integer beyond 64 bits passes through smap . byte for byte" {
	run_sh "echo '{\"n\" : 123456789012345678901234567890}' | smap ."
	assert_success
	assert_output '{"n" : 123456789012345678901234567890}'
}

@test "an integer beyond 64 bits passes through sfilter byte for byte" {
	run_sh "echo '{\"n\":123456789012345678901234567890, \"k\":1}' | sfilter '.k == 1'"
	assert_success
	assert_output '{"n":123456789012345678901234567890, "k":1}'
}

@test "an integer beyond 64 bits used in an expression is a double, as in jq" {
	run_sh "echo '{\"n\":123456789012345678901234567890}' | smap '.n, .n + 0, .n > 1e29'"
	assert_success
	assert_output $'123456789012345680000000000000\n123456789012345680000000000000\ntrue'
	run_sh "echo '{\"n\":123456789012345678901234567890}' | jq -c '.n, .n + 0, .n > 1e29'"
	assert_output $'123456789012345680000000000000\n123456789012345680000000000000\ntrue'
}

@test "fromdate accepts fractional seconds (jq 1.6 does not)" {
	run_sh "echo '\"2015-03-05T23:51:47.250Z\"' | smap fromdate"
	assert_success
	assert_output 1425599507.25
}

@test "fromdateiso8601 accepts a zone offset and applies it (jq 1.6 does not)" {
	run_sh "printf '%s\n' '\"2015-03-05T23:51:47+01:00\"' '\"2015-03-05T23:51:47-00:30\"' | smap fromdateiso8601"
	assert_success
	assert_output $'1425595907\n1425601307'
}

@test "strptime with %z applies the offset, giving broken-down UTC" {
	run_sh "echo '\"2015-03-05 23:51:47 +0100\"' | smap 'strptime(\"%Y-%m-%d %H:%M:%S %z\"), (strptime(\"%Y-%m-%d %H:%M:%S %z\") | mktime)'"
	assert_success
	assert_output $'[2015,2,5,22,51,47,4,63]\n1425595907'
}

@test "a lone surrogate escape in input becomes U+FFFD (jq 1.6 rejects the line)" {
	run_sh "printf '%s\n' '\"a\\ud800b\"' | smap '[.], explode'"
	assert_success
	assert_output $'["a\xef\xbf\xbdb"]\n[97,65533,98]'
}

@test "a lone surrogate escape kept by sfilter is written re-encoded as U+FFFD" {
	run_sh "printf '%s\n' '\"a\\ud800b\"' | sfilter 'length == 3'"
	assert_success
	assert_output $'"a\xef\xbf\xbdb"'
}

@test "regexes are PCRE2: branch reset groups work (Oniguruma rejects them)" {
	run_sh "echo '\"ab\"' | smap -- '[match(\"(?|(a)|(b))\"; \"g\") | .captures[0].string]'"
	assert_success
	assert_output '["a","b"]'
}

@test "regexes are PCRE2: numbered subroutine calls recurse" {
	run_sh "printf '%s\n' '\"(())\"' '\"(()\"' | smap 'test(\"^(\\\\((?1)*\\\\))\$\")'"
	assert_success
	assert_output $'true\nfalse'
}

@test "if without else is accepted and means else . (jq 1.7 syntax; jq 1.6 rejects it)" {
	run_sh "printf 'true\n1\nfalse\nnull\n' | smap 'if . then \"yes\" end'"
	assert_success
	assert_output $'"yes"\n"yes"\nfalse\nnull'
}

@test "if elif without else is accepted" {
	run_sh "printf '1\n2\n3\n' | smap 'if . == 1 then \"one\" elif . == 2 then \"two\" end'"
	assert_success
	assert_output $'"one"\n"two"\n3'
}

@test "NaN is written as null, as jq writes it" {
	run_sh "echo null | smap 'nan, [nan], ([nan] | tojson)'"
	assert_success
	assert_output $'null\n[null]\n"[null]"'
	run_sh "echo null | jq -c 'nan, [nan], ([nan] | tojson)'"
	assert_output $'null\n[null]\n"[null]"'
}

@test "nan is still a number that isnan recognises within an expression" {
	run_sh "echo null | smap 'nan | isnan, type'"
	assert_success
	assert_output $'true\n"number"'
}

# Numbers at the edges: where jq 1.6 computes garbage (a double cast to an
# integer out of range is undefined behaviour in C) or crashes, we give
# a defined answer, the one jq 1.7 gives where it has one.

@test "a NaN slice bound counts as 0 (jq 1.6 aborts on .[nan:2])" {
	run_sh "echo '[0,1,2]' | smap '.[1:nan], .[nan:2], .[nan:nan], (tostring | .[nan:3])'"
	assert_success
	assert_output $'[]\n[0,1]\n[]\n"[0,"'
}

@test "del at a NaN index deletes nothing (jq 1.6 runs out of memory)" {
	run_sh "echo '[1,2,3]' | timeout 10 smap 'del(.[nan]), del(.[1e30]), del(.[-1e30])'"
	assert_success
	assert_output $'[1,2,3]\n[1,2,3]\n[1,2,3]'
}

@test "setting an array index beyond 536870911 fails Array index too large, as in jq 1.7" {
	run_sh "printf '%s\n' '[]' null '[1]' '[2]' | timeout 10 smap 'if . == [] then setpath([1e18]; 1) elif . == null then .[1e9] = 1 elif . == [1] then .[536870912] = 1 else .[1e300] |= 1 end'"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "smap: <stdin>:1: Array index too large
smap: <stdin>:2: Array index too large
smap: <stdin>:3: Array index too large
smap: <stdin>:4: Array index too large
smap: 4 of 4 lines rejected (4 Array index too large); first at <stdin>:1"
}

@test "setting an array element at a NaN index fails with jq 1.7's message" {
	run_sh "echo '[1]' | smap '.[nan] = 1'"
	assert_failure 1
	assert_equal "$stderr" 'smap: <stdin>:1: Cannot set array element at NaN index
smap: 1 of 1 line rejected (1 Cannot set array element at NaN index); first at <stdin>:1'
}

@test "a string repeated beyond 512 MiB fails Repeat string result too long, as in jq 1.7" {
	run_sh "printf '%s\n' '\"x\"' '\"ab\"' '\"\"' | timeout 10 smap '. * 1e30, . * infinite, . * 536870912'"
	assert_failure 1
	assert_output $'""\n""\n""'
	assert_equal "$stderr" "smap: <stdin>:1: Repeat string result too long
smap: <stdin>:2: Repeat string result too long
smap: 2 of 3 lines rejected (2 Repeat string result too long); first at <stdin>:1"
}

@test "a string repeat count is floored and a positive count below 1 repeats once, as in jq 1.6" {
	run_sh "echo '\"ab\"' | smap '[. * (0, 0.5, 1.5, 2.7, -1, nan)]'"
	assert_success
	assert_output '[null,"ab","ab","abab",null,null]'
}

@test "% truncates both operands to 64 bits and a NaN operand gives NaN (jq 1.6 casts out of range)" {
	run_sh "echo null | smap '[5 % nan, nan % 5, 1e30 % 7, -1e30 % 7, 5 % 1e30, 5.9 % 2.1]'"
	assert_success
	assert_output '[null,null,0,-1,5,1]'
}

@test "the smallest 64-bit integer % -1 is 0 (jq 1.6 dies of SIGFPE)" {
	run_sh "echo -9223372036854775808 | smap -- '. % -1'"
	assert_success
	assert_output 0
}

@test "integer products stay exact while they fit in 64 bits and become doubles beyond" {
	run_sh "echo null | smap '[3037000499 * 3037000499, 4611686018427387903 * 2, -4611686018427387904 * 2, 4611686018427387904 * 2, -1 * -9223372036854775807]'"
	assert_success
	assert_output '[9223372030926249001,9223372036854775806,-9223372036854775808,9223372036854776000,9223372036854775807]'
}

@test "implode turns what is no Unicode scalar value into U+FFFD (jq 1.6 aborts)" {
	run_sh "echo null | smap '[65, 1e30, -1, nan, 1114112, 55296, 66] | implode'"
	assert_success
	assert_output $'"A\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdB"'
}

@test "a literal beyond the largest double equals the largest double (jq 1.6 keeps an infinity inside)" {
	run_sh "echo null | smap '[1e400 == 1.7976931348623157e308, 1e400 == infinite]'"
	assert_success
	assert_output '[true,true]'
}

@test "an error on the left of // is ignored as with ? (jq 1.6 passes it on)" {
	run_sh "echo null | smap -c '(null | error(\"y\")) // 1, [(1, error(\"x\")) // 2], [(null, error(\"x\")) // 3]'"
	assert_success
	assert_output $'1\n[1]\n[3]'
}

@test "try catches only the errors of its body (jq 1.6 also catches one raised later on its output)" {
	run_sh "echo null | smap '(try 1 catch \"x\") + \"a\"'"
	assert_failure 1
	assert_equal "${stderr%%$'\n'*}" 'smap: <stdin>:1: number (1) and string ("a") cannot be added'
	# jq 1.6 gives "xa"
	run_sh "echo null | '$JQ' '(try 1 catch \"x\") + \"a\"'"
	assert_output '"xa"'
}

@test "gsub matches once over the whole string: ^ anchors at its start only (jq 1.6 matches again after each match)" {
	run_sh "echo '\"aaa\"' | smap -c '[gsub(\"^a\"; \"b\"), gsub(\"\"; \"-\"), gsub(\"(?<=a)a\"; \"b\")]'"
	assert_success
	assert_output '["baa","-a-a-a","abb"]'
}

@test "import, include and modulemeta are a syntax error that says modules are not supported" {
	run_sh "echo null | smap 'import \"a\" as a; .'"
	assert_failure 2
	assert_equal "$stderr" 'smap: import: modules are not supported (an expression is one program: stream-tools(7))
    import "a" as a; .
    ^'
	run_sh "echo null | smap 'include \"x\"; .'; echo null | smap 'modulemeta'"
	assert_equal "$(grep -c 'modules are not supported' <<<"$stderr")" 2
	# the words are still keys and fields
	run_sh "echo '{\"import\":1}' | smap -c '[.import, {module: 2}.module]'"
	assert_success
	assert_output '[1,2]'
}
