#!/usr/bin/env bats
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

@test "a lone surrogate escape is still passed through byte for byte" {
	run_sh "printf '%s\n' '\"a\\ud800b\"' | sfilter 'length == 3'"
	assert_success
	assert_output '"a\ud800b"'
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
