#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# The lazy record path (lib/jscan.c, lib/lazy.c): sfilter reads fields
# and compares them on the line's text, decoding a record only when the
# text does not settle it.  Every expression must give exactly what the
# full decode gives (STREAM_TOOLS_FULL_DECODE=1 turns the lazy path off):
# the same lines out, the same messages, the same status.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# both_ways_cmd COMMAND...: the command, lazily and fully decoded, writes
# the same bytes on stdout and on stderr and ends with the same status
# (run in the test's directory; a pipeline goes through bash -c, which
# passes STREAM_TOOLS_FULL_DECODE on to every tool in it).
both_ways_cmd() {
	local st
	st=0
	"$@" >lazy.out 2>lazy.err || st=$?
	echo "status $st" >>lazy.err
	st=0
	STREAM_TOOLS_FULL_DECODE=1 "$@" >full.out 2>full.err || st=$?
	echo "status $st" >>full.err
	if ! cmp -s lazy.out full.out || ! cmp -s lazy.err full.err; then
		printf '$'
		printf ' %q' "$@"
		printf '\nlazy stdout:\n%s\nlazy stderr:\n%s\n' \
		    "$(head -c 4000 lazy.out | cat -v)" "$(cat -v lazy.err)"
		printf 'full stdout:\n%s\nfull stderr:\n%s\n' \
		    "$(head -c 4000 full.out | cat -v)" "$(cat -v full.err)"
		diff lazy.out full.out | head -20
		return 1
	fi
}

# both_ways EXPR FILE [TOOL]: TOOL (sfilter) EXPR FILE, both ways.
both_ways() {
	both_ways_cmd "${3:-sfilter}" "$1" "$2"
}

@test "both_ways_cmd notices a difference in stdout, in stderr or in the status" {
	run both_ways_cmd bash -c '[ -n "$STREAM_TOOLS_FULL_DECODE" ] && echo full; :'
	assert_failure
	run both_ways_cmd bash -c '[ -n "$STREAM_TOOLS_FULL_DECODE" ] && echo full >&2; :'
	assert_failure
	run both_ways_cmd bash -c '[ -z "$STREAM_TOOLS_FULL_DECODE" ]'
	assert_failure
	run both_ways_cmd bash -c '[ -n "$STREAM_TOOLS_FULL_DECODE" ] && printf "\n"; :'
	assert_failure
	run both_ways_cmd bash -c 'echo same; echo same >&2; exit 3'
	assert_success
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
	assert_equal "$stderr" 'smap: in.ndjson:2: null (null) and number (1000) cannot be multiplied
smap: 1 of 2 lines rejected (1 null and number cannot be multiplied); first at in.ndjson:2'
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

# Records whose keys the key tools (skey, scount, sjoin) must read from
# the text exactly as the decoder reads them.
key_records() {
	printf '%s\n' '{"host":"a","region":"eu","_key":"a"}' \
	    '{"host":"a", "_key" : "a" ,"z":1}' \
	    '{"host":"a","_key":"b","z":1}' \
	    '{"host":"a","_key":"\u0061"}' \
	    '{"host":"a","_key":1}' \
	    '{"host":"a","_key":"a","_key":"b"}' \
	    '{"host":"a","_key":"b","_key":"a"}' \
	    '{"host":"\u0061","region":"e\u0075"}' \
	    '{"ho\u0073t":"x","host":"y"}' \
	    '{"host":"x","host":"y","region":"eu","region":null}' \
	    '{"host":"del \u007f","region":"x\u007f"}' \
	    '{"host":"a\"b\\c\/d","region":"\t"}' \
	    '{"host":-0,"region":-0.0}' '{"host":1E2,"region":1e2}' \
	    '{"host":364.990,"region":0.1e1}' \
	    '{"host":123456789012345678901,"region":-9223372036854775808}' \
	    '{"host":9223372036854775807,"region":18446744073709551616}' \
	    '{"host":{"b":1,"b":2},"region":{ "x" : [1, 2] , "y":{}}}' \
	    '{"host":{"b":{"c":1,"c":[ ]}},"region":[{"k":1,"k":2}]}' \
	    '{"host":null,"region":true}' '{"host":false,"region":[]}' \
	    '{"host":[1,"a",null],"region":{}}' '{"host":""}' \
	    '{}' '{"other":1}' '{"host":"a","k":"a"}' \
	    '{"host":"a","region":"eu","k":"[\"a\",\"eu\"]"}' \
	    '{"host":"a","region":"eu","_key":"[\"a\",\"eu\"]"}' \
	    '{"a":{"b":"x"},"b":"old","x":"v"}' '{"a":"str","b":1,"x":2}' \
	    '{"a":{"b":{"b":1}},"b":{"a":1}}' '{"a":[{"b":1}],"x":null}' \
	    '{"c":{"d":["first",2]},"_key":{"k":1,"k":2}}' \
	    '{"c":{"d":{"0":1}}}' '{"c":{"d":[ -0 , 1E2 ]}}' \
	    '{"_key":"\u00e9"}' '{"_key":"é"}' '{"_key":[1, 2]}' \
	    '{"_key":null}' '{"_key":364.990}' '{"_key":-0}' \
	    '{"host":"a"}{"host":"b"}' '{"host":"a",}' '{"host":01}' \
	    '{"host":"a"' '' ' ' '"host"' '[{"host":"a"}]' '7' \
	    '{"host":"x","_key":"x"}'
	printf '{"host":"\xff","region":"eu"}\n{"\xc3\xa9":1,"host":"\xc3\xa9"}\n'
	printf '{"host":"a","_key":"\xed\xa0\x80"}\n{"_key":"\xc0\xaf"}\n'
}

# Every record set a key test reads: the hostile and unusual ones too.
all_key_records() {
	hostile_records
	unusual_records
	key_records
}

@test "skey writes the same records and messages lazily as fully decoded, for one key and several" {
	all_key_records >in.ndjson
	both_ways_cmd skey .host in.ndjson
	both_ways_cmd skey .region in.ndjson
	both_ways_cmd skey .a in.ndjson
	both_ways_cmd skey .host .region in.ndjson
	both_ways_cmd skey .a .b in.ndjson
	both_ways_cmd skey .a.b .x in.ndjson
	both_ways_cmd skey '.c.d[0]' '.c.d[-1]' '.["host"]' in.ndjson
	both_ways_cmd skey '.[0]' in.ndjson
	both_ways_cmd skey .nosuch in.ndjson
	both_ways_cmd skey .c.d in.ndjson
}

@test "skey --as writes the same records lazily as fully decoded, into a new field or an existing one" {
	all_key_records >in.ndjson
	both_ways_cmd skey --as k .x in.ndjson
	both_ways_cmd skey --as k .host in.ndjson
	both_ways_cmd skey --as k .host .region in.ndjson
	both_ways_cmd skey --as b .a in.ndjson
	both_ways_cmd skey --as host .host in.ndjson
	both_ways_cmd skey --as region .host in.ndjson
	both_ways_cmd skey --as a .a.b in.ndjson
	both_ways_cmd skey --as 'k k' .host in.ndjson
}

@test "skey writes a record whose key field already holds its key as it was read, lazily as fully decoded" {
	printf '%s\n' '{"host":"a", "_key" : "a" }' '{ "_key":"b","host":"b"}' \
	    '{"host":"a","_key":"\u0061"}' '{"host":"\u0061","_key":"a"}' \
	    '{"host":1,"_key":"1"}' '{"host":1.0,"_key":"1.0"}' \
	    '{"host":"a","_key":"a","_key":"a"}' >in.ndjson
	both_ways_cmd skey .host in.ndjson
	run skey .host in.ndjson
	assert_success
	assert_line --index 0 '{"host":"a", "_key" : "a" }'
	assert_line --index 1 '{ "_key":"b","host":"b"}'
	skey .host in.ndjson | skey .host >twice.ndjson
	skey .host in.ndjson | cmp - twice.ndjson
	both_ways_cmd skey .host twice.ndjson
	key_records >in.ndjson
	skey .host .region in.ndjson 2>/dev/null >keyed.ndjson || :
	both_ways_cmd skey .host .region keyed.ndjson
}

@test "skey --shard keeps the same records lazily as fully decoded, each in exactly one shard" {
	all_key_records >in.ndjson
	both_ways_cmd skey --shard 0/3 .host in.ndjson
	both_ways_cmd skey --shard 1/3 .host in.ndjson
	both_ways_cmd skey --shard 2/3 --as k .host .region in.ndjson
	both_ways_cmd skey --shard 1/2 .c.d in.ndjson
	skey .host in.ndjson 2>/dev/null | sort >all.ndjson || :
	for i in 0 1 2; do
		skey --shard "$i/3" .host in.ndjson 2>/dev/null || :
	done | sort | cmp - all.ndjson
}

# Records for stokenize -f: texts with and without escapes, at the top
# and nested, duplicated, of the wrong type, in records of every shape.
token_records() {
	printf '%s\n' '{"msg":"Hello World","id":1}' \
	    '{"id":1,"msg":"Hello World, again","token":"old"}' \
	    '{"id":2, "msg" : "spaced  out" , "w":"x" }' \
	    '{"msg":"Hello \u0057orld"}' '{"msg":"tab\there"}' \
	    '{"msg":"a b","msg":"c d"}' '{"m\u0073g":"x y","id":3}' \
	    '{"id":"\u0069d","msg":"esc aped"}' \
	    '{"msg":"ÉTÉ Straße ΟΔΟΣ КИЇВ İstanbul","id":4}' \
	    '{"msg":"del\u007f x","n":-0,"m":1E2,"p":364.990}' \
	    '{"msg":"big ints","q":123456789012345678901,"r":-0.0}' \
	    '{"msg":"dups","o":{"k":1,"k":2},"l":[1, {"k":1,"k":3}]}' \
	    '{"msg":"","id":5}' '{"msg":"... --- ..."}' \
	    "{\"msg\":\"don't l'été 42 3.14\"}" \
	    '{"msg":123}' '{"msg":null}' '{"msg":["a b"]}' '{"msg":{"a":"b"}}' \
	    '{"msg":true}' '{}' '{"id":6}' \
	    '{"a":{"b":"nested words here"},"c":1}' \
	    '{"a":{"b":"x","b":"y z"},"b":"top"}' \
	    '{"a":{ "b" : "white space" , "c":1 },"token":1}' \
	    '{"a":{"b":"esc \u0061ped"}}' '{"a":{"b":7}}' '{"a":"not obj"}' \
	    '{"a":[1]}' '{"a":null}' '{"a":{"b":null}}' \
	    '{"msg":"Ab Cd","a":{"b":"Ef Gh"},"c":"Ij"}' \
	    '"a string record"' '["msg","words"]' '42' 'null' \
	    '{"msg":"x y"}{"msg":"z"}' '{"msg":"x",}' '{"msg":"unterminated}'
	printf '{"msg":"bad \xff byte"}\n{"msg":"ok","x":"\xed\xa0\x80"}\n'
	printf '{"msg":"\xc3\xa9t\xc3\xa9 ok","id":7}\n'
}

@test "stokenize -f writes the same tokens and messages lazily as fully decoded" {
	hostile_records >in.ndjson
	unusual_records >>in.ndjson
	token_records >>in.ndjson
	both_ways_cmd stokenize -f .msg in.ndjson
	both_ways_cmd stokenize -f .b in.ndjson
	both_ways_cmd stokenize -f .msg --as id in.ndjson
	both_ways_cmd stokenize -f .msg --as msg in.ndjson
	both_ways_cmd stokenize -f .msg --as w in.ndjson
	both_ways_cmd stokenize -f .msg --keep in.ndjson
	both_ways_cmd stokenize -f .msg --keep --as msg in.ndjson
	both_ways_cmd stokenize -f .msg --lower in.ndjson
	both_ways_cmd stokenize -f .msg --lower --keep --as token in.ndjson
	both_ways_cmd stokenize -f .a.b in.ndjson
	both_ways_cmd stokenize -f .a.b --as a in.ndjson
	both_ways_cmd stokenize -f .a.b --as b --keep in.ndjson
	both_ways_cmd stokenize -f '.c.d[2].e' in.ndjson
	both_ways_cmd stokenize -f .id in.ndjson
	both_ways_cmd stokenize -f .msg -p '[a-z]+' in.ndjson
}

@test "scount counts the same keys lazily as fully decoded, from -k, _key or the whole record" {
	all_key_records >in.ndjson
	both_ways_cmd scount in.ndjson
	both_ways_cmd scount --sort key in.ndjson
	both_ways_cmd scount --sort none in.ndjson
	both_ways_cmd scount -k .a in.ndjson
	both_ways_cmd scount -k .a --sort key in.ndjson
	both_ways_cmd scount -k .host --sort key in.ndjson
	both_ways_cmd scount -k '.c.d[0]' in.ndjson
	both_ways_cmd scount -k '.c.d[0]' --sort key in.ndjson
	both_ways_cmd scount -k ._key --sort key in.ndjson
	both_ways_cmd scount -k .a.b --top 3 in.ndjson
	skey .host in.ndjson 2>/dev/null >keyed.ndjson || :
	both_ways_cmd scount --sort key keyed.ndjson
}

# Events for swindow: times as RFC 3339 strings (.ts) and epoch
# milliseconds (.ms), values of every type for the aggregates.
window_records() {
	printf '%s\n' \
	    '{"ts":"2024-05-01T09:00:00.000Z","ms":1714554000000,"u":"ann","x":1,"s":"a"}' \
	    '{"ts":"2024-05-01T09:00:01.500Z","ms":1714554001500,"u":"bob","x":2.5,"s":"b","o":{"k":1,"k":2}}' \
	    '{ "ts" : "2024-05-01T09:00:02.000Z" , "ms" : 1714554002000 , "u" : "ann" , "x" : 364.990 , "s" : "a" }' \
	    '{"ts":"2024-05-01T09:00:03.000Z","ms":1714554003000,"u":"\u0061nn","x":-0,"s":"\u0061","o":{ "a" : [1, 2] }}' \
	    '{"ts":"2024-05-01T09:00:04.000Z","ms":1714554004000,"u":{"b":1,"b":2},"x":1E2,"s":"del \u007f","o":[1,{"z":null}]}' \
	    '{"ts":"2024-05-01T09:00:04.250Z","ms":1714554004250,"u":null,"x":123456789012345678901,"s":"é","o":[]}' \
	    '{"ts":"2024-05-01T09:00:05.000Z","ms":1714554005000,"u":"bob","x":9223372036854775807,"s":["a",1],"o":{}}' \
	    '{"ts":"2024-05-01T09:00:05.000Z","ms":1714554005000.0,"u":"bob","x":-9223372036854775808,"s":null,"o":true}' \
	    '{"ts":"2024-05-01T09:00:06.000Z","ms":1.714554006e12,"u":"ann","x":0.1,"s":"a","s":"dup"}' \
	    '{"ts":"2024-05-01T09:00:06.500Z","ms":"1714554006500","u":"ann","x":0.2,"x":0.3,"s":"b"}' \
	    '{"ts":"2024-05-01T09:00:07.000Z","ms":1714554007000,"u":"bob","s":"no x"}' \
	    '{"ts":"2024-05-01T09:00:07.000Z","ms":1714554007000,"u":"bob","x":null,"s":"null x"}' \
	    '{"ts":"2024-05-01T09:00:07.500Z","ms":1714554007500,"u":"bob","x":"12","s":"string x"}' \
	    '{"ts":"2024-05-01T09:00:08.000Z","ms":1714554008000,"u":"ann","x":[1],"s":"array x"}' \
	    '{"ts":"2024-05-01T09:00:08.000Z","ms":1714554008000,"u":"ann","x":{"v":1},"s":"object x"}' \
	    '{"ts":"2024-05-01T09:00:08.000Z","ms":1714554008000,"u":"ann","x":true,"s":"bool x"}' \
	    '{"ts":"2024-05-01T09:00:0\u0039.000Z","ms":1714554009000,"u":"ann","x":3}' \
	    '{"ts":"2024-05-01T09:00:09.000+00:00","ms":1714554009000,"u":"ann","x":4}' \
	    '{"ts":"2024-05-01 09:00:09Z","ms":-1,"u":"ann","x":5}' \
	    '{"ts":"not a time","ms":"soon","u":"ann","x":6}' \
	    '{"ts":1714554009,"ms":null,"u":"ann","x":7}' \
	    '{"ts":null,"ms":true,"u":"ann","x":8}' '{"u":"ann","x":9}' \
	    '{"ts":"2024-05-01T09:00:09.999Z","ts":"2024-05-01T09:00:10.000Z","ms":1714554010000,"ms":1714554009999,"u":"bob","x":10}' \
	    '{"ts":"2024-05-01T09:00:10.000Z","ms":1e400,"u":"bob","x":11}' \
	    '{"ts":"2024-05-01T09:00:11.000Z","ms":1714554011000,"u":"bob","x":12,"s":"end"}' \
	    '{"ts":"2024-05-01T09:00:11.000Z",}' '{"ts":"x"}{"ts":"y"}' \
	    '[{"ts":"2024-05-01T09:00:11.000Z"}]' '"2024-05-01T09:00:11.000Z"' \
	    '{"ts":"2024-05-01T09:00:12.000Z","ms":1714554012000,"u":"ann","x":1,"s":"last"}'
	printf '{"ts":"2024-05-01T09:00:12.000Z","ms":1714554012000,"u":"\xff","x":1,"s":"bad \xff"}\n'
	printf '%s\n' \
	    '{"ts":"2024-05-01T09:00:30.000Z","ms":1714554030000,"u":"ann","x":1,"s":"late"}' \
	    '{"ts":"2024-05-01T09:00:01.000Z","ms":1714554001000,"u":"ann","x":1,"s":"too late"}'
}

@test "swindow writes the same windows and messages lazily as fully decoded, with -t a string or an epoch number" {
	window_records >in.ndjson
	hostile_records >>in.ndjson
	unusual_records >>in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -k .u -a count \
	    -a 'first(.s)' -a 'last(.s)' -a 'collect(.s)' -a 'distinct(.s)' \
	    -a 'fo=first(.o)' -a 'lo=last(.o)' -a 'co=collect(.o)' \
	    -a 'do=distinct(.o)' in.ndjson
	both_ways_cmd swindow --tumbling 2s -t .ms --time-unit ms -k .u \
	    -a 'first(.x)' -a 'last(.x)' -a 'collect(.x)' -a 'distinct(.x)' \
	    -a 'min(.s)' -a 'max(.o)' in.ndjson
	both_ways_cmd swindow --tumbling 3s -t .ms --time-unit ms --epoch \
	    -k .s -a count -a 'collect(.u)' -a 'distinct(.u)' in.ndjson
	both_ways_cmd swindow --sliding 4s --every 2s -t .ts -k .u \
	    -a 'first(.ms)' -a 'last(.ts)' in.ndjson
	both_ways_cmd swindow --session 2s -t .ts -k '.o.k' -a count in.ndjson
}

@test "swindow's numeric aggregates give the same results lazily as fully decoded, and reject a non-number with the same message" {
	window_records >in.ndjson
	hostile_records >>in.ndjson
	unusual_records >>in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -a count -a 'avg(.x)' in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -k .u -a 'sum(.x)' \
	    -a 'min(.x)' -a 'max(.x)' -a 'p50(.x)' -a 'p99(.x)' \
	    -a 'stddev(.x)' in.ndjson
	both_ways_cmd swindow --tumbling 2s -t .ms --time-unit ms \
	    -a 'total=sum(.ms)' -a 'p90(.o.k)' -a 'avg(.nosuch)' in.ndjson
	printf '%s\n' '{"ts":"2024-05-01T09:00:00.000Z","x":1}' \
	    '{"ts":"2024-05-01T09:00:01.000Z","x":"12"}' \
	    '{"ts":"2024-05-01T09:00:02.000Z","x":{"a":1}}' >bad.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -a 'avg(.x)' bad.ndjson
	run --separate-stderr swindow --tumbling 5s -t .ts -a 'avg(.x)' bad.ndjson
	assert_failure
	[[ "$stderr" == *'bad.ndjson:2: '* ]]
	[[ "$stderr" == *'bad.ndjson:3: '* ]]
}

@test "sjoin joins the same records lazily as fully decoded, on keys read from the text" {
	printf '%s\n' '{"id":1,"name":"one"}' '{"id":1.0,"name":"one point oh"}' \
	    '{"id":-0,"name":"minus zero"}' '{"id":0,"name":"zero"}' \
	    '{"id":"1","name":"string one"}' '{"id":"\u0031","name":"esc one"}' \
	    '{"id":1E2,"name":"1E2"}' '{"id":100,"name":"hundred"}' \
	    '{"id":364.990,"name":"trailing zero"}' \
	    '{"id":123456789012345678901,"name":"big"}' \
	    '{"id":{"k":1,"k":2},"name":"dup object"}' \
	    '{"id":{ "k" : 2 },"name":"spaced object"}' \
	    '{"id":[1, 2],"name":"array"}' '{"id":null,"name":"null"}' \
	    '{"name":"no id"}' '{"id":"del \u007f","name":"del"}' \
	    '{"id":"a","id":"b","name":"dup id"}' '[1]' '"s"' \
	    '{"id":1,}' '{"id":2}{"id":3}' >a.ndjson
	printf '%s\n' '{"id":1,"v":"a1"}' '{"id":-0,"v":"a-0"}' '{"id":"1","v":"as"}' \
	    '{"id":100,"v":"a100"}' '{"id":1e2,"v":"a1e2"}' '{"id":364.99,"v":"a364"}' \
	    '{"id":123456789012345678901,"v":"abig"}' '{"id":{"k":2},"v":"aobj"}' \
	    '{"id":[1,2],"v":"aarr"}' '{"id":null,"v":"anull"}' '{"v":"noid"}' \
	    '{"id":"del \u007f","v":"adel"}' '{"id":"b","v":"ab"}' \
	    '{"id":"\u0061","v":"aa"}' >b.ndjson
	printf '{"id":"\xff","v":"bad"}\n{"id":"\xc3\xa9","v":"e"}\n' >>b.ndjson
	hostile_records >>b.ndjson
	unusual_records >>b.ndjson
	both_ways_cmd sjoin -k .id a.ndjson b.ndjson
	both_ways_cmd sjoin -k .id --mode outer a.ndjson b.ndjson
	both_ways_cmd sjoin -k .id --keep all --mode running b.ndjson a.ndjson
	both_ways_cmd sjoin -k .a b.ndjson a.ndjson
	both_ways_cmd sjoin -k .id --lookup a.ndjson b.ndjson
	skey .id a.ndjson 2>/dev/null >ka.ndjson || :
	skey .id b.ndjson 2>/dev/null >kb.ndjson || :
	both_ways_cmd sjoin ka.ndjson kb.ndjson
}

@test "20,000 access events go through smap, skey, stokenize | scount and swindow the same lazily as fully decoded" {
	sh "$BATS_TEST_DIRNAME/../bench/access.sh" 20000 3 >big.ndjson
	both_ways_cmd smap '.latency_ms = .latency_ms * 1000' big.ndjson
	both_ways_cmd smap '{host, status, ms: .latency_ms}' big.ndjson
	both_ways_cmd skey .host big.ndjson
	both_ways_cmd skey --shard 1/4 .user .status big.ndjson
	both_ways_cmd bash -c 'stokenize -f .msg big.ndjson | scount -k .token --sort key'
	both_ways_cmd bash -c 'stokenize -f .msg --as _key --lower big.ndjson | scount'
	both_ways_cmd swindow --tumbling 1m -k .host -t .time -a count \
	    -a 'avg(.latency_ms)' -a 'p99(.latency_ms)' -a 'first(.user)' \
	    -a 'distinct(.status)' big.ndjson
	both_ways_cmd scount -k .path big.ndjson
}

# Strings with an escape, a multibyte or invalid byte, or a quote at
# every offset from 0 to 17 (the scanner reads 8 bytes at a time), as
# values and in names.
boundary_records() {
	python3 - <<'PY'
import sys
out = sys.stdout.buffer
specials = [b'\\"', b'\\\\', b'\\/', b'\\u0041', b'\\u00e9', b'\\ud83d\\ude00',
    b'\\n', b'\x7f', b'\xc3\xa9', b'\xf0\x9f\x98\x80', b'\x1f', b'\xff', b'\xc3',
    b'\xed\xa0\x80', b'"', b' ', b'\\', b'\\x']
for n in range(18):
    for s in specials:
        v = b'w' * n + s + b'z y'
        out.write(b'{"host":"' + v + b'","msg":"' + v + b'","_key":"' + v + b'"}\n')
        out.write(b'{"ho' + s + b'st":"' + b'k' * n + b'","msg":"a"}\n')
PY
}

@test "strings with an escape or an odd byte at any offset give the same output lazily as fully decoded" {
	boundary_records >in.ndjson
	both_ways_cmd skey .host in.ndjson
	both_ways_cmd skey --as msg .host .msg in.ndjson
	both_ways_cmd stokenize -f .msg in.ndjson
	both_ways_cmd stokenize -f .host --as _key --keep --lower in.ndjson
	both_ways_cmd scount --sort key in.ndjson
	both_ways_cmd scount -k .msg --sort key in.ndjson
	both_ways_cmd swindow --tumbling 1s -t .msg -k .host -a count in.ndjson
	both_ways_cmd smap '{host, x: .msg}' in.ndjson
}

@test "numbers of every form come out of keys, tokens and windows the same lazily as fully decoded" {
	local n
	for n in 1.0 1.10 1e-7 5e-324 4.9e-324 2.2250738585072014e-308 \
	    1.7976931348623157e308 1.7976931348623159e308 0.30000000000000004 \
	    123456789012345.6 1234567890123456.7 12345678901234567.8 \
	    9007199254740993 -9223372036854775809 9223372036854775808 \
	    18446744073709551615 1e22 1e23 2.5e-5 100e-2 0e10 -0e0 1E+2 \
	    1e-0 1e16 1e17 1e21 123e-20 0.0000001 -1.5 \
	    3.14159265358979323846 1e-400 -1e-400 1e400 17e-1 \
	    4503599627370497.5 364.990 -0 1E2; do
		printf '{"a":%s,"b":[%s, "s"],"c":{"d":[%s]},"ts":"2024-05-01T09:00:00.000Z","msg":"n %s"}\n' \
		    "$n" "$n" "$n" "$n"
	done >in.ndjson
	both_ways_cmd scount -k .a --sort key in.ndjson
	both_ways_cmd scount --sort key in.ndjson
	both_ways_cmd skey .a in.ndjson
	both_ways_cmd skey --as a .b .c in.ndjson
	both_ways_cmd stokenize -f .msg --keep in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -a 'collect(.a)' \
	    -a 'distinct(.a)' -a 'first(.c)' -a 'last(.b)' -a 'min(.a)' \
	    -a 'max(.a)' -a 'sum(.a)' -a 'avg(.a)' -a 'p50(.a)' in.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts -k '.c.d[0]' -a count in.ndjson
	both_ways_cmd sjoin -k .a in.ndjson in.ndjson
}

@test "CRLF lines, a byte order mark, raw DEL bytes and escaped names give the same output lazily as fully decoded" {
	printf '\xef\xbb\xbf{"host":"a","_key":"a","msg":"x y"}\r\n' >in.ndjson
	printf '{"host":"a\x7f","_key":"a\x7f","msg":"x\x7fy z"}\r\n' >>in.ndjson
	printf '{"host":"a\x00b","msg":"n"}\n{"host":"a","x":"\x01"}\n' >>in.ndjson
	printf '%s\n' '{"\u005fkey":"a","host":"a"}' '{"\u005fkey":"b","host":"a"}' \
	    '{"_ke\u0079":1,"host":"a","msg":"x y","token":"t"}' \
	    '{"host":"a","msg":"x","\u0074oken":"t"}' \
	    '{"host":"a","m\u0073g":"q","msg":"x y"}' \
	    '{"host":"a","msg":"z","m\u0073g":"x y"}' \
	    '{"\u0068ost":"b","host":"a"}' \
	    '{"host":"a","_key":"a","\u005fkey":"b"}' >>in.ndjson
	printf '{"host":"c","_key":"c","msg":"no newline"}' >>in.ndjson
	both_ways_cmd skey .host in.ndjson
	both_ways_cmd skey --as 'k"k' .host .msg in.ndjson
	both_ways_cmd skey --as é .host in.ndjson
	both_ways_cmd skey --as host .msg in.ndjson
	both_ways_cmd stokenize -f .msg in.ndjson
	both_ways_cmd stokenize -f .msg --as 'k"k' --lower in.ndjson
	both_ways_cmd stokenize -f .msg --as host --keep in.ndjson
	both_ways_cmd scount in.ndjson
	both_ways_cmd scount -k .host in.ndjson
	both_ways_cmd sjoin -k .host in.ndjson in.ndjson
}

@test "--strict, --max-line and --dead-letter reject the same records lazily as fully decoded" {
	key_records >k.ndjson
	token_records >t.ndjson
	window_records >w.ndjson
	both_ways_cmd skey --strict .host k.ndjson
	both_ways_cmd skey --max-line 40 .host k.ndjson
	both_ways_cmd stokenize --strict -f .msg t.ndjson
	both_ways_cmd stokenize --max-line 40 -f .msg t.ndjson
	both_ways_cmd scount --strict -k .host k.ndjson
	both_ways_cmd scount --max-line 30 k.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts --strict -a 'avg(.x)' w.ndjson
	both_ways_cmd swindow --tumbling 5s -t .ts --max-line 90 -a 'first(.s)' w.ndjson
	both_ways_cmd sjoin --strict -k .id k.ndjson t.ndjson
	both_ways_cmd bash -c 'rm -f dl; skey --dead-letter dl .host k.ndjson; s=$?; cat dl; exit $s'
	both_ways_cmd bash -c 'rm -f dl; stokenize --dead-letter dl -f .msg t.ndjson; s=$?; cat dl; exit $s'
	both_ways_cmd bash -c "rm -f dl; swindow --tumbling 5s -t .ts --dead-letter dl -a 'avg(.x)' w.ndjson; s=\$?; cat dl; exit \$s"
}
