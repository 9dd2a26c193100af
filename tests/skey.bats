#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# skey: set a key field on each record, and keep one shard of the keys.

bats_require_minimum_version 1.5.0
load test_helper

# key ARGS...: runs skey with stdin from $in, stderr kept apart.
key() {
	run --separate-stderr skey "$@" <<<"$in"
}

# --- the key -------------------------------------------------------------

@test "a string key is set as is, appended at the end of the record" {
	in='{"user":"ann","n":1}
{"user":"Zoë \"z\" 東京","n":2}'
	key .user
	assert_success
	assert_output - <<'EOF'
{"user":"ann","n":1,"_key":"ann"}
{"user":"Zoë \"z\" 東京","n":2,"_key":"Zoë \"z\" 東京"}
EOF
	assert_equal "$stderr" ""
}

@test "any other value becomes its compact JSON, integers exact" {
	in='{"v":42}
{"v":12345678901234567890}
{"v":9007199254740993}
{"v":1.50}
{"v":-0.0}
{"v":1e1000}
{"v":true}
{"v":null}
{"x":1}
{"v":{"b": [1, "two", {"c": null}], "a": 2}}
{"v":[ ]}
{"v":"\u0000\t\u007f"}'
	key .v
	assert_success
	assert_output - <<'EOF'
{"v":42,"_key":"42"}
{"v":12345678901234567000,"_key":"12345678901234567000"}
{"v":9007199254740993,"_key":"9007199254740993"}
{"v":1.5,"_key":"1.5"}
{"v":-0,"_key":"-0"}
{"v":1.7976931348623157e+308,"_key":"1.7976931348623157e+308"}
{"v":true,"_key":"true"}
{"v":null,"_key":"null"}
{"x":1,"_key":"null"}
{"v":{"b":[1,"two",{"c":null}],"a":2},"_key":"{\"b\":[1,\"two\",{\"c\":null}],\"a\":2}"}
{"v":[],"_key":"[]"}
{"v":"\u0000\t\u007f","_key":"\u0000\t\u007f"}
EOF
}

@test "a key that is not a string is the value as jq -c prints it" {
	command -v "$JQ" >/dev/null || skip "jq is not installed"
	in='{"v":{"b":[1,"two",{"c":null}],"a":2.5e-7}}
{"v":[true,false,null,-3,100000000000000000000]}'
	key .v
	assert_success
	assert_output "$("$JQ" -c '._key = (.v | tojson)' <<<"$in")"
}

@test "several expressions give the compact JSON array of their values" {
	in='{"user":"ann","region":"eu"}
{"user":7,"region":null}
{"user":"bob"}'
	key .user .region
	assert_success
	assert_output - <<'EOF'
{"user":"ann","region":"eu","_key":"[\"ann\",\"eu\"]"}
{"user":7,"region":null,"_key":"[7,null]"}
{"user":"bob","_key":"[\"bob\",null]"}
EOF
}

@test "each expression contributes only its first output" {
	in='{"tags":["a","b"],"n":1}'
	key '.tags[]' '(.n, 2)'
	assert_success
	assert_output '{"tags":["a","b"],"n":1,"_key":"[\"a\",1]"}'
}

@test "expressions may compute the key" {
	in='{"host":"WWW.Example.COM","port":443}'
	key '"\(.host | ascii_downcase):\(.port)"'
	assert_success
	assert_output '{"host":"WWW.Example.COM","port":443,"_key":"www.example.com:443"}'
}

@test "--as names the key field" {
	in='{"user":"ann","region":"eu"}'
	key --as shard_key .user .region
	assert_success
	assert_output '{"user":"ann","region":"eu","shard_key":"[\"ann\",\"eu\"]"}'
	key --as 'clé é' .user
	assert_output '{"user":"ann","region":"eu","clé é":"ann"}'
}

@test "an existing key field is replaced in place" {
	in='{"_key":"old","user":"ann","z":1}
{"a":1,"_key":{"x":1},"user":"bob"}
{"user":"cy","k":null}'
	key .user
	assert_success
	assert_output - <<'EOF'
{"_key":"ann","user":"ann","z":1}
{"a":1,"_key":"bob","user":"bob"}
{"user":"cy","k":null,"_key":"cy"}
EOF
	key --as k .user
	assert_output - <<'EOF'
{"_key":"old","user":"ann","z":1,"k":"ann"}
{"a":1,"_key":{"x":1},"user":"bob","k":"bob"}
{"user":"cy","k":"cy"}
EOF
}

@test "a record that already holds its key is written byte for byte" {
	in='{ "user" : "ann", "_key" : "ann" }
{ "user" : "bob", "_key" : "ann" }'
	key .user
	assert_success
	assert_output - <<'EOF'
{ "user" : "ann", "_key" : "ann" }
{"user":"bob","_key":"bob"}
EOF
}

@test "keying by the key field again changes nothing" {
	in='{"user":"ann"}
{"user":["x",1]}'
	run_sh "skey .user <<<'$in' | skey ._key"
	assert_success
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":["x",1],"_key":"[\"x\",1]"}
EOF
}

# --- operands ------------------------------------------------------------

@test "the first operand that does not look like an expression starts the files" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann","region":"eu"}' >a.ndjson
	printf '%s\n' '{"user":"bob","region":"us"}' >b.ndjson
	run --separate-stderr skey .user .region a.ndjson b.ndjson
	assert_success
	assert_output - <<'EOF'
{"user":"ann","region":"eu","_key":"[\"ann\",\"eu\"]"}
{"user":"bob","region":"us","_key":"[\"bob\",\"us\"]"}
EOF
	run --separate-stderr skey .user a.ndjson .region
	assert_failure 2
	assert_output '{"user":"ann","region":"eu","_key":"ann"}'
	assert_equal "$stderr" "skey: .region: No such file or directory"
}

@test "operands starting with . [ { ( \$ or a quote are expressions" {
	in='{"a":1,"b":[2],"c":"x"}'
	key .a '[.b[0]]' '{c}' '(.a + 1)' '$__loc__.line' '"lit"'
	assert_success
	assert_output '{"a":1,"b":[2],"c":"x","_key":"[1,[2],{\"c\":\"x\"},2,1,\"lit\"]"}'
}

@test "only the first operand may be an expression of another shape" {
	in='{"a":"x"}'
	key 'tojson'
	assert_success
	assert_output '{"a":"x","_key":"{\"a\":\"x\"}"}'
	key .a tojson
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "skey: tojson: No such file or directory"
	key .a '(tojson)'
	assert_output '{"a":"x","_key":"[\"x\",\"{\\\"a\\\":\\\"x\\\"}\"]"}'
}

@test "-- ends the expressions, for files whose names look like expressions" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann"}' >.hidden.ndjson
	printf '%s\n' '{"user":"bob"}' >'(b)'
	run --separate-stderr skey .user -- .hidden.ndjson '(b)'
	assert_success
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":"bob","_key":"bob"}
EOF
	assert_equal "$stderr" ""
	run --separate-stderr skey -- .user -- .hidden.ndjson
	assert_success
	assert_output '{"user":"ann","_key":"ann"}'
}

@test "- among the files is the standard input" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann"}' >a.ndjson
	run --separate-stderr skey .user a.ndjson - a.ndjson <<<'{"user":"stdin"}'
	assert_success
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":"stdin","_key":"stdin"}
{"user":"ann","_key":"ann"}
EOF
}

@test "an expression that names a file gets a warning that points at --" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann"}' >.user
	run --separate-stderr skey .user .user </dev/null
	assert_success
	assert_output ""
	assert_equal "$stderr" "skey: warning: .user is read as an expression, not as the file of that name; the first operand is always an expression
skey: warning: .user is read as an expression, not as the file of that name; put -- before the files"
	printf '%s\n' '{"user":"ann"}' >in.ndjson
	run --separate-stderr skey .user ./in.ndjson </dev/null
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"skey: ./in.ndjson is read as an expression, not as the file of that name; put -- before the files" ]]
}

@test "options come before the expressions or among the files, and -- ends them" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann"}' >in.ndjson
	run --separate-stderr skey .user in.ndjson --as k
	assert_success
	assert_output '{"user":"ann","k":"ann"}'
	run --separate-stderr skey --as k .user -c in.ndjson -R
	assert_failure 1
	[[ "$stderr" == *"only objects can have a key field"* ]]
	cp in.ndjson ./--as
	run --separate-stderr skey .user -- --as
	assert_success
	assert_output '{"user":"ann","_key":"ann"}'
	run --separate-stderr skey .user in.ndjson --bogus
	assert_failure 2
	[[ "$stderr" == "skey: unrecognized option '--bogus'"* ]]
}

# --- rejections ----------------------------------------------------------

@test "records that are not objects are rejected" {
	in='{"user":"ann"}
"ann"
[1,2]
42
null
{"user":"bob"}'
	key .user
	assert_failure 1
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":"bob","_key":"bob"}
EOF
	assert_equal "$stderr" "skey: <stdin>:2: string record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: <stdin>:3: array record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: <stdin>:4: number record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: <stdin>:5: null record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: 4 of 6 lines rejected (1 string record: only objects can have a key field; 1 array record: only objects can have a key field; 1 number record: only objects can have a key field; 1 other); first at <stdin>:2"
}

@test "with -R every line is a string record, so it is wrapped first" {
	in='ann
bob'
	key -R .
	assert_failure 1
	assert_output ""
	run_sh "printf 'ann\nbob\n' | smap -R '{line: .}' | skey .line"
	assert_success
	assert_output - <<'EOF'
{"line":"ann","_key":"ann"}
{"line":"bob","_key":"bob"}
EOF
}

@test "a record an expression fails on or has no output for is rejected" {
	in='{"user":"ann","n":{"x":1}}
{"user":"bob","n":3}
{"n":{"x":2}}
not json
{"user":"cy","n":{}}'
	key '.user // empty' .n.x
	assert_failure 1
	assert_output - <<'EOF'
{"user":"ann","n":{"x":1},"_key":"[\"ann\",1]"}
{"user":"cy","n":{},"_key":"[\"cy\",null]"}
EOF
	assert_equal "$stderr" 'skey: <stdin>:2: .n.x: Cannot index number with string "x"
skey: <stdin>:3: .user // empty: no output, so no key
skey: <stdin>:4: invalid JSON at column 2: unexpected character '"'o'"'
skey: 3 of 5 lines rejected (1 .n.x: Cannot index number with string; 1 .user // empty: no output, so no key; 1 invalid JSON); first at <stdin>:2'
}

@test "--dead-letter keeps rejected lines verbatim; --strict stops at the first" {
	in='{"user":"ann"}
[ "not", "an object" ]
{"user":"bob"}'
	key --dead-letter "$BATS_TEST_TMPDIR/dead" .user
	assert_failure 1
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":"bob","_key":"bob"}
EOF
	assert_file_equal "$BATS_TEST_TMPDIR/dead" '[ "not", "an object" ]
'
	key --strict .user
	assert_failure 2
	assert_output '{"user":"ann","_key":"ann"}'
}

@test "blank lines are skipped, a CR and a missing last newline are fine" {
	run_sh "printf '\n  \n{\"user\":\"ann\"}\r\n{\"user\":\"bob\"}' | skey .user"
	assert_success
	assert_output - <<'EOF'
{"user":"ann","_key":"ann"}
{"user":"bob","_key":"bob"}
EOF
}

# --- usage ---------------------------------------------------------------

@test "a bad expression is a usage error before any input is read" {
	run --separate-stderr skey .user '{' /nonexistent
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "skey: syntax error"* ]]
	[[ "$stderr" != *nonexistent* ]]
	run --separate-stderr skey 'nosuchfunction' /nonexistent
	assert_failure 2
	[[ "$stderr" != *nonexistent* ]]
}

@test "a bad --shard is a usage error before any input is read" {
	local spec
	for spec in 4/4 0/0 1 /4 1/ -1/4 +1/4 ' 1/4' 1/4x 1/2/4 0/2147483648 a/b; do
		run --separate-stderr skey --shard "$spec" .user /nonexistent
		assert_failure 2
		assert_output ""
		assert_equal "$stderr" "skey: --shard: bad shard (I/N with 0 <= I < N <= 2147483647): $spec"
	done
}

@test "no expression is a usage error; --help prints usage with examples" {
	run --separate-stderr skey
	assert_failure 2
	[[ "$stderr" == "usage: skey "* ]]
	run --separate-stderr skey --help
	assert_success
	assert_line --index 0 --partial "usage: skey [-cFqR] [--as NAME]"
	assert_output --partial "examples:"
	assert_output --partial "-- ends the EXPRs"
	run --separate-stderr skey --version
	assert_success
	assert_output --regexp '^skey \(stream tools\) [0-9]'
}

@test "a closed standard output ends skey quietly" {
	run_sh "yes '{\"user\":\"ann\"}' | head -n 100000 | skey .user | head -n 1"
	assert_success
	assert_output '{"user":"ann","_key":"ann"}'
	assert_equal "$stderr" ""
}

# --- shards --------------------------------------------------------------

# Kafka's murmur2 and default partitioner, written independently of
# lib/key.c from Kafka's Utils.murmur2 and Utils.toPositive.
write_murmur2_py() {
	cat >"$BATS_TEST_TMPDIR/murmur2.py" <<'EOF'
import json, sys

def murmur2(data):
    m, r = 0x5BD1E995, 24
    h = (0x9747B28C ^ len(data)) & 0xFFFFFFFF
    n4 = len(data) // 4
    for i in range(n4):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    tail = data[4 * n4:]
    if len(tail) == 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if len(tail) >= 1:
        h ^= tail[0]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h

def partition(key, n):
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % n

def key_text(v):
    if isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)

if sys.argv[1] == "vectors":
    for s in sys.argv[2:]:
        print(s, murmur2(s.encode("utf-8")))
elif sys.argv[1] == "input":
    words = ["ann", "bob", "Zoë", "東京", "Київ", "🙂", "naïve", "Straße",
             "مفتاح", "a\u0000b", "tab\there", 'quo"te', "", "x" * 37]
    recs = []
    for i in range(180):
        recs.append({"id": i, "user": "%s%d" % (words[i % len(words)], i)})
    for w in words:
        recs.append({"id": len(recs), "user": w})
    for v in [0, 7, -1, 12345678901, None, True, [1, "a"], {"k": "v"}]:
        recs.append({"id": len(recs), "user": v})
    for r in recs:
        print(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
elif sys.argv[1] == "expect":
    # expect N FILE: "ID SHARD" for every record of FILE.
    n = int(sys.argv[2])
    for line in open(sys.argv[3], encoding="utf-8"):
        r = json.loads(line)
        print(r["id"], partition(key_text(r.get("user")), n))
elif sys.argv[1] == "got":
    # got SHARD FILE: "ID SHARD" for every output record, checking _key.
    for line in open(sys.argv[3], encoding="utf-8"):
        r = json.loads(line)
        assert r["_key"] == key_text(r.get("user")), line
        print(r["id"], sys.argv[2])
EOF
}

@test "the Python murmur2 of the shard tests agrees with Kafka's vectors" {
	write_murmur2_py
	run python3 "$BATS_TEST_TMPDIR/murmur2.py" vectors 21 foobar abc
	assert_success
	assert_output - <<'EOF'
21 -973932308
foobar -790332482
abc 479470107
EOF
}

@test "every record lands in exactly one shard, the Kafka partition of its key" {
	local n i dir="$BATS_TEST_TMPDIR"
	write_murmur2_py
	python3 "$dir/murmur2.py" input >"$dir/in"
	[ "$(wc -l <"$dir/in")" -ge 200 ]
	for n in 1 2 3 4 7 16; do
		python3 "$dir/murmur2.py" expect "$n" "$dir/in" | sort >"$dir/expect"
		: >"$dir/got"
		for ((i = 0; i < n; i++)); do
			skey --shard "$i/$n" .user <"$dir/in" >"$dir/shard$i"
			python3 "$dir/murmur2.py" got "$i" "$dir/shard$i" >>"$dir/got"
		done
		sort "$dir/got" >"$dir/got.sorted"
		# Each id once (disjoint, complete), each in its Kafka partition.
		run diff "$dir/expect" "$dir/got.sorted"
		assert_success
		# The union of the shards is the keyed input.
		skey .user <"$dir/in" | sort >"$dir/all"
		cat "$dir"/shard* | sort >"$dir/union"
		run diff "$dir/all" "$dir/union"
		assert_success
		rm -f "$dir"/shard*
	done
}

@test "a shard's records are keyed like all others, and --as does not change shards" {
	in='{"user":"21"}
{"user":"foobar"}
{"user":"abc"}'
	# murmur2: 21 -> -973932308, foobar -> -790332482, abc -> 479470107;
	# & 0x7fffffff, % 4: 0, 2, 3.
	key --shard 0/4 .user
	assert_success
	assert_output '{"user":"21","_key":"21"}'
	key --shard 2/4 --as k .user
	assert_output '{"user":"foobar","k":"foobar"}'
	key --shard 3/4 .user
	assert_output '{"user":"abc","_key":"abc"}'
	key --shard 1/4 .user
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
}

@test "rejected records are reported whatever the shard" {
	in='[1]
{"user":"21"}'
	key --shard 1/4 .user
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "skey: <stdin>:1: array record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: 1 of 2 lines rejected (1 array record: only objects can have a key field); first at <stdin>:1"
}

# --- the man page's examples ---------------------------------------------

@test "the examples of skey(1) work" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"user":"ann","region":"eu","ms":12}' \
	    '{"user":"bob","region":"us","ms":7}' >access.ndjson

	run --separate-stderr skey .user access.ndjson
	assert_output - <<'EOF'
{"user":"ann","region":"eu","ms":12,"_key":"ann"}
{"user":"bob","region":"us","ms":7,"_key":"bob"}
EOF

	run_sh "echo '{\"user\":\"ann\",\"region\":\"eu\"}' | skey .user .region"
	assert_output '{"user":"ann","region":"eu","_key":"[\"ann\",\"eu\"]"}'

	run_sh "echo '{\"host\":\"WWW.Example.COM\",\"port\":443}' | skey --as site '(.host | ascii_downcase)'"
	assert_output '{"host":"WWW.Example.COM","port":443,"site":"www.example.com"}'

	cp access.ndjson .hidden.ndjson
	run --separate-stderr skey .user -- .hidden.ndjson
	assert_output - <<'EOF'
{"user":"ann","region":"eu","ms":12,"_key":"ann"}
{"user":"bob","region":"us","ms":7,"_key":"bob"}
EOF

	run --separate-stderr skey .status "$BATS_TEST_DIRNAME/../examples/data/access.ndjson"
	assert_failure 1
	assert_equal "$(grep -c . <<<"$stderr")" 4
	run_sh "skey .status '$BATS_TEST_DIRNAME/../examples/data/access.ndjson' 2>/dev/null | scount --top 2"
	assert_success
	assert_line --index 0 --regexp '^\{"key":"200","count":[0-9]+\}$'
	assert_equal "${#lines[@]}" 2

	python3 -c '
import json
for i in range(100):
    print(json.dumps({"user": "user%d" % i, "n": i}))' >in
	for i in 0 1 2 3; do skey --shard $i/4 .user < in > shard$i & done
	wait
	assert_equal "$(cat shard0 shard1 shard2 shard3 | wc -l)" 100
	assert_equal "$(cat shard0 shard1 shard2 shard3 | sort)" \
	    "$(skey .user in | sort)"

	run_sh "echo '{\"user\":\"21\"}' | skey --shard 0/4 .user"
	assert_output '{"user":"21","_key":"21"}'

	run_sh "printf '%s\n' '{\"user\":\"ann\"}' '\"x\"' | skey --dead-letter bad.ndjson .user"
	assert_failure 1
	assert_output '{"user":"ann","_key":"ann"}'
	assert_file_equal bad.ndjson '"x"
'
}
