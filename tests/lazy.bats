#!/usr/bin/env bats
# The lazy record path (lib/jscan.c, lib/lazy.c): sfilter reads fields
# and compares them on the line's text, decoding a record only when the
# text does not settle it.  Every expression must give exactly what the
# full decode gives (STREAM_TOOLS_FULL_DECODE=1 turns the lazy path off):
# the same lines out, the same messages, the same status.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# both_ways EXPR FILE [TOOL]: TOOL (sfilter) EXPR FILE, lazily and
# fully decoded, give the same stdout, stderr and status.
both_ways() {
	local lazy full tool="${3:-sfilter}"
	lazy="$("$tool" "$1" "$2" 2>&1; echo "status $?")"
	full="$(STREAM_TOOLS_FULL_DECODE=1 "$tool" "$1" "$2" 2>&1; echo "status $?")"
	if [ "$lazy" != "$full" ]; then
		printf '%s %s\nlazy:\n%s\nfull:\n%s\n' "$tool" "$1" "$lazy" "$full"
		return 1
	fi
}

# Records that the scanner must read exactly as the decoder does.
hostile_records() {
	cat <<'REC'
{"a":1,"b":"x","c":{"d":[10,20,{"e":true}]},"n":null,"f":false}
{"a":2,  "b" : "y" ,"c":{"d":[]}}
	{ "a" : 1.0 , "b" : "x" }
{"a":1e0,"b":"\u0078"}
{"a":-0,"b":"x\n"}
{"a":10000000000000000000000,"b":""}
{"a":9223372036854775807,"b":"é"}
{"a":-9223372036854775808}
{"a":1e400}
{"a":-1e400}
{"a":1,"a":2}
{"\u0061":5}
{"a\u0000":1,"a":1}
{"b":{"a":1}}
[1,2,3]
"a string"
42
null
true
{"a":[1,2],"b":{"c":null}}
{"a":"1"}
{"a":"\ud83d\ude00","b":"\ud83d"}
{"a":1,"b":"bad \xff byte"}
{"a":1,"b":"x",}
{"a":01}
{"a":1}{"a":2}
{"c":{"d":"not an array"}}
{"c":[1,2]}
{"a":0.1,"b":"ab"}
{"a":100,"b":"abc","c":{"d":[0,0,{"e":null}]}}
REC
	printf '{"a":1,"b":"bad \xff byte"}\n{"a":1,"b":"\xc3\xa9\xed\xa0\x80"}\n'
	python3 -c 'print("{\"a\":" * 600 + "1" + "}" * 600)'
	python3 -c 'print("{\"a\":" * 509 + "1" + "}" * 509)'
}

@test "every expression of the differential suite gives the same output lazily as fully decoded" {
	local input expr n=0
	hostile_records >hostile.ndjson
	while IFS=$'\t' read -r input expr; do
		case "$input" in '#'* | '') continue ;; esac
		# only what the lazy path may take: paths, comparisons,
		# and/or/not, objects of paths (the rest is decoded anyway)
		[[ "$expr" =~ ^[][\ .a-zA-Z0-9_\"=\!\<\>\(\)\{\},:\|+*/-]+$ ]] || continue
		printf '%s\n' "$input" | cat - hostile.ndjson >in.ndjson
		both_ways "$expr" in.ndjson
		both_ways "$expr" in.ndjson smap
		n=$((n + 1))
	done <"$FIXTURES/expr/cases.txt"
	[ "$n" -ge 100 ]
}

@test "the expressions the lazy path takes give the same output as fully decoded, on hostile records" {
	hostile_records >in.ndjson
	for expr in . .a .b .n .f .nosuch '.c.d' '.c.d[2].e' '.c.d[-1].e' \
	    '.c.d[5]' '.["a"]' '.[0]' '.a == 1' '.a != 1' '.a < 2' '.a <= 1' \
	    '.a > 1' '.a >= 2' '1 < .a' '.a == 1.0' '.a == -0' '.a == 0' \
	    '.a > 9223372036854775806' '.a == 1e400' '.a < -1e308' \
	    '.b == "x"' '.b < "y"' '.b >= ""' '.b == "é"' '.n == null' \
	    '.f == false' '.a == "1"' '.a == null' '.c.d[0] == 10' \
	    '.a == 1 and .b == "x"' '.a == 2 or .b == "y"' '.a == 1 | not' \
	    '.b | not' '(.a > 1 and .a < 100) or .n == null' '.a == true' \
	    '.c.d == 1' '.a.b == 1' '.[1] == 2' '.a == -5' '-5 < .a'; do
		both_ways "$expr" in.ndjson
	done
}

@test "the projections the lazy path writes are the full decode's, byte for byte, on hostile records" {
	hostile_records >in.ndjson
	unusual_records >>in.ndjson
	for expr in '{a}' '{a, b}' '{b, a}' '{x: .a, y: .c.d, z: .c.d[2].e}' \
	    '{a: .b, b: .a}' '{"k k": .a}' '{n}' '{f, n, nosuch}' '{c}' \
	    '{a: .c.d[-1]}' '{a: .[0]}' '{a: .a, a: .b}' '{a: .a.b}'; do
		both_ways "$expr" in.ndjson smap
	done
}

# Records whose values are not all as the full path writes them.
unusual_records() {
	printf '%s\n' '{"a":364.990,"b":"\u00e9","c":1E2}' \
	    '{"a":"del \u007f","b":"x\u007fy"}' \
	    '{"a":-0,"b":-0.0,"c":0.1e1}' \
	    '{"a":123456789012345678901,"b":1.5e-7}' \
	    '{"a":1,"c":{"x":1,"x":2},"d":[1, 2],"e":{"y":[{"z":"\/"}]}}' \
	    '{"a":9223372036854775807,"b":-9223372036854775808,"c":[0.5,-0]}' \
	    '{"a":1,"b":{"k":1,"l":[true,false,null,"s",{}],"m":{}}}' \
	    '{"a":"x","b":"y","a":"z"}' '{"a":null}' '{}' '[]' 'null' '"s"'
}

@test "the updates the lazy path splices are the full decode's, byte for byte, on hostile records" {
	hostile_records >in.ndjson
	unusual_records >>in.ndjson
	for expr in '.a = 1' '.x = 1' '.a = .b' '.a = .c' '.b = .a * 1000' \
	    '.a = .a + 1' '.a = .a - 1' '.a = .a / 2' '.a = .a / 0' \
	    '.a = 1.5 * .a' '.a += 1' '.a -= 0.5' '.a *= 3' '.a /= 4' \
	    '.a = null' '.a = "new"' '.a = true' '.n = .n + 1' '.a = .a + .b' \
	    '.a = .nosuch + 1' '.a = .a * 9223372036854775807' '.c = -.a' \
	    'del(.a)' 'del(.b)' 'del(.nosuch)' 'del(.c)' '.c.d = 1' \
	    '.["a"] = 2' '.a = .c.d[0]'; do
		both_ways "$expr" in.ndjson smap
	done
}

@test "lazily, smap splices an update into the record, keeping its order" {
	printf '%s\n' '{"t":1,"ms":0.25,"u":"x"}' '{"u":"y"}' >in.ndjson
	run --separate-stderr smap '.ms = .ms * 1000 + 1' in.ndjson
	assert_failure 1
	assert_output '{"t":1,"ms":251,"u":"x"}'
	assert_equal "$stderr" 'smap: in.ndjson:2: null (null) and number (1000) cannot be multiplied'
	run smap '.ms += 1' in.ndjson
	assert_success
	assert_output $'{"t":1,"ms":1.25,"u":"x"}\n{"u":"y","ms":1}'
	run smap 'del(.t)' in.ndjson
	assert_output $'{"ms":0.25,"u":"x"}\n{"u":"y"}'
}

@test "lazily, sfilter keeps what jq's select keeps, byte for byte" {
	printf '%s\n' '{"status":500,"m":"GET"}' '{"status":200, "m":"POST"}' \
	    '{"status":500.0,"m":"POST"}' '{"m":"PUT"}' >in.ndjson
	run sfilter '.status == 500 and .m == "POST"' in.ndjson
	assert_success
	assert_output '{"status":500.0,"m":"POST"}'
	run sfilter '.status != 500' in.ndjson
	assert_output $'{"status":200, "m":"POST"}\n{"m":"PUT"}'
	run sfilter -v '.status' in.ndjson
	assert_output '{"m":"PUT"}'
}

@test "lazily, a line that is not JSON is rejected with the decoder's message and column" {
	printf '%s\n' '{"a":1}' '{"a":01}' '{"a":1,}' >in.ndjson
	run --separate-stderr sfilter '.a == 1' in.ndjson
	assert_failure 1
	assert_output '{"a":1}'
	assert_equal "$stderr" "$(STREAM_TOOLS_FULL_DECODE=1 sfilter '.a == 1' in.ndjson 2>&1 >/dev/null)"
	[[ "$stderr" == *'in.ndjson:2: invalid JSON at column'* ]]
}
