#!/usr/bin/env bats
# sjoin(1): modes and keeps, keys and names, merged rows, rejected lines
# across inputs, windows and the watermark of several inputs, --ttl, live
# FIFOs, lookup tables and their reload, a Python model of the complete
# join, and every example of the page.  Expected outputs are written from
# sjoin(1), not from the C code.

bats_require_minimum_version 1.5.0
load test_helper

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"

setup_file() {
	PYTHON=$(python3 -c 'import sys; print(sys.executable)')
	export PYTHON
}

setup() {
	live_setup
}

teardown() {
	live_teardown
}

# sj ARGS...: runs sjoin under `run`, stderr apart in $stderr.
sj() {
	run --separate-stderr sjoin "$@"
}

# put FILE LINE...: writes the lines to FILE.
put() {
	local f="$1"
	shift
	printf '%s\n' "$@" >"$f"
}

# wait_until CMD...: runs CMD every 0.05 s until it succeeds; fails after
# about 5 s.
wait_until() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# has_lines FILE TEXT: FILE holds exactly TEXT and a newline.
has_lines() {
	[ -f "$1" ] && [ "$(cat "$1"; printf x)" = "$2"$'\n'x ]
}

# wait_for_output FILE TEXT: waits until FILE holds exactly TEXT (lines),
# then checks it, so that a failure shows what came instead.
wait_for_output() {
	wait_until has_lines "$1" "$2" || :
	assert_file_equal "$1" "$2"$'\n'
}

# now_ms: the wall clock in milliseconds.
now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# start_sjoin ARGS...: runs sjoin in the background, stdout to out and
# stderr to err in the scratch directory; $pid is its process.
start_sjoin() {
	sjoin "$@" >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
}

# stop_sjoin: waits for it to end; $status is its exit status.
stop_sjoin() {
	status=0
	wait "$pid" || status=$?
	bg_pids=()
}

# usage_error ARGS...: sjoin exits 2 before reading input, stdout empty,
# one message line starting "sjoin: " (no usage text).
usage_error() {
	run --separate-stderr sjoin "$@"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == sjoin:* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[ "$(printf '%s' "$stderr" | grep -o 'sjoin: ' | wc -l)" -eq 1 ]
}

# --- modes ---------------------------------------------------------------

@test "complete mode writes one row when every input has the key, then forgets the key" {
	put l.ndjson '{"k":1,"v":"l1"}' '{"k":2,"v":"l2"}' '{"k":3,"v":"l3"}'
	put r.ndjson '{"k":2,"w":"r2"}' '{"k":9,"w":"r9"}' '{"k":1,"w":"r1"}' \
	    '{"k":1,"w":"r1 again"}'
	sj -k .k l.ndjson r.ndjson
	assert_success
	assert_equal "$stderr" ''
	# key 3 and key 9 never complete; the second r1 starts key 1 again.
	assert_output '{"key":2,"l":{"k":2,"v":"l2"},"r":{"k":2,"w":"r2"}}
{"key":1,"l":{"k":1,"v":"l1"},"r":{"k":1,"w":"r1"}}'
	sj -k .k --mode complete l.ndjson r.ndjson
	assert_output '{"key":2,"l":{"k":2,"v":"l2"},"r":{"k":2,"w":"r2"}}
{"key":1,"l":{"k":1,"v":"l1"},"r":{"k":1,"w":"r1"}}'
}

@test "three inputs: the row has the inputs in file order, whichever input completes the key" {
	put a.ndjson '{"id":"x","a":1}' '{"id":"y","a":2}'
	put b.ndjson '{"id":"y","b":2}' '{"id":"x","b":1}'
	put c.ndjson '{"id":"x","c":1}' '{"id":"z","c":3}' '{"id":"y","c":2}'
	sj -k .id a.ndjson b.ndjson c.ndjson
	assert_success
	assert_output '{"key":"x","a":{"id":"x","a":1},"b":{"id":"x","b":1},"c":{"id":"x","c":1}}
{"key":"y","a":{"id":"y","a":2},"b":{"id":"y","b":2},"c":{"id":"y","c":2}}'
	# in this order, b's y (its first line) completes y before x
	sj -k .id c.ndjson a.ndjson b.ndjson
	assert_output '{"key":"y","c":{"id":"y","c":2},"a":{"id":"y","a":2},"b":{"id":"y","b":2}}
{"key":"x","c":{"id":"x","c":1},"a":{"id":"x","a":1},"b":{"id":"x","b":1}}'
}

@test "running mode writes a row on every arrival, the latest record of each input, null for none yet" {
	put l.ndjson '{"k":1,"v":"l1"}' '{"k":1,"v":"l1b"}' '{"k":2,"v":"l2"}'
	put r.ndjson '{"k":1,"w":"r1"}' '{"k":3,"w":"r3"}' '{"k":1,"w":"r1b"}'
	sj -k .k --mode running l.ndjson r.ndjson
	assert_success
	# the key is kept after it completed: r1b updates the row
	assert_output '{"key":1,"l":{"k":1,"v":"l1"},"r":null}
{"key":1,"l":{"k":1,"v":"l1b"},"r":null}
{"key":2,"l":{"k":2,"v":"l2"},"r":null}
{"key":1,"l":{"k":1,"v":"l1b"},"r":{"k":1,"w":"r1"}}
{"key":3,"l":null,"r":{"k":3,"w":"r3"}}
{"key":1,"l":{"k":1,"v":"l1b"},"r":{"k":1,"w":"r1b"}}'
}

@test "outer mode writes the complete keys as they join and the others with nulls at end of input" {
	put l.ndjson '{"k":1,"v":"l1"}' '{"k":2,"v":"l2"}'
	put r.ndjson '{"k":2,"w":"r2"}' '{"k":3,"w":"r3"}'
	sj -k .k --mode outer l.ndjson r.ndjson
	assert_success
	assert_output '{"key":2,"l":{"k":2,"v":"l2"},"r":{"k":2,"w":"r2"}}
{"key":1,"l":{"k":1,"v":"l1"},"r":null}
{"key":3,"l":null,"r":{"k":3,"w":"r3"}}'
}

@test "outer mode writes incomplete keys in the order of their last arrival, oldest first" {
	put a.ndjson '{"k":1}' '{"k":2}' '{"k":3}' '{"k":4}' '{"k":5}' '{"k":6}'
	put b.ndjson '{"k":0}' '{"k":2,"again":true}'
	sj -k .k --mode outer --as a,b a.ndjson b.ndjson
	assert_success
	# key 2 joins as b's second record arrives; the others wait for the end
	assert_output '{"key":2,"a":{"k":2},"b":{"k":2,"again":true}}
{"key":1,"a":{"k":1},"b":null}
{"key":3,"a":{"k":3},"b":null}
{"key":4,"a":{"k":4},"b":null}
{"key":5,"a":{"k":5},"b":null}
{"key":6,"a":{"k":6},"b":null}
{"key":0,"a":null,"b":{"k":0}}'
}

# --- keeps ---------------------------------------------------------------

@test "--keep last, the default, keeps an input's latest record while the key waits" {
	put l.ndjson '{"k":1,"v":1}' '{"k":1,"v":2}' '{"k":1,"v":3}'
	put r.ndjson '{"k":1,"w":1}'
	sj -k .k l.ndjson r.ndjson
	assert_success
	assert_output '{"key":1,"l":{"k":1,"v":3},"r":{"k":1,"w":1}}'
	sj -k .k --keep last l.ndjson r.ndjson
	assert_output '{"key":1,"l":{"k":1,"v":3},"r":{"k":1,"w":1}}'
}

@test "--keep first keeps an input's first record while the key waits" {
	put l.ndjson '{"k":1,"v":1}' '{"k":1,"v":2}' '{"k":1,"v":3}'
	put r.ndjson '{"k":1,"w":1}'
	sj -k .k --keep first l.ndjson r.ndjson
	assert_success
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":{"k":1,"w":1}}'
}

@test "--keep all writes every combination of the kept records, the last input varying fastest" {
	put a.ndjson '{"k":1,"a":1}' '{"k":1,"a":2}'
	put b.ndjson '{"k":1,"b":1}' '{"k":1,"b":2}'
	put c.ndjson '{"k":1,"c":1}' '{"k":1,"c":2}'
	sj -k .k --keep all a.ndjson b.ndjson c.ndjson
	assert_success
	# c1 completes the key with a1 a2 and b1 b2 kept; c2 starts it again
	assert_output '{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1},"c":{"k":1,"c":1}}
{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":2},"c":{"k":1,"c":1}}
{"key":1,"a":{"k":1,"a":2},"b":{"k":1,"b":1},"c":{"k":1,"c":1}}
{"key":1,"a":{"k":1,"a":2},"b":{"k":1,"b":2},"c":{"k":1,"c":1}}'
}

@test "--keep all in running mode writes, on each arrival, the new combinations of the join so far" {
	put l.ndjson '{"k":1,"v":1}' '{"k":1,"v":2}'
	put r.ndjson '{"k":1,"w":1}' '{"k":1,"w":2}'
	sj -k .k --mode running --keep all l.ndjson r.ndjson
	assert_success
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":1,"l":{"k":1,"v":2},"r":null}
{"key":1,"l":{"k":1,"v":1},"r":{"k":1,"w":1}}
{"key":1,"l":{"k":1,"v":2},"r":{"k":1,"w":1}}
{"key":1,"l":{"k":1,"v":1},"r":{"k":1,"w":2}}
{"key":1,"l":{"k":1,"v":2},"r":{"k":1,"w":2}}'
}

@test "--keep first and last in running mode write the current row on every arrival" {
	put l.ndjson '{"k":1,"v":1}' '{"k":1,"v":2}'
	put r.ndjson '{"k":1,"w":1}'
	sj -k .k --mode running --keep first l.ndjson r.ndjson
	assert_success
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":1,"l":{"k":1,"v":1},"r":{"k":1,"w":1}}'
	sj -k .k --mode running --keep last l.ndjson r.ndjson
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":1,"l":{"k":1,"v":2},"r":null}
{"key":1,"l":{"k":1,"v":2},"r":{"k":1,"w":1}}'
}

@test "--keep all and first in outer mode: an incomplete key writes what was kept, with nulls" {
	put l.ndjson '{"k":1,"v":1}' '{"k":1,"v":2}'
	put r.ndjson '{"k":2,"w":1}'
	sj -k .k --mode outer --keep all l.ndjson r.ndjson
	assert_success
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":1,"l":{"k":1,"v":2},"r":null}
{"key":2,"l":null,"r":{"k":2,"w":1}}'
	sj -k .k --mode outer --keep first l.ndjson r.ndjson
	assert_output '{"key":1,"l":{"k":1,"v":1},"r":null}
{"key":2,"l":null,"r":{"k":2,"w":1}}'
}

# --- keys and names ------------------------------------------------------

@test "one -k per input joins inputs that name the key differently" {
	put users.ndjson '{"user_id":1,"name":"ann"}' '{"user_id":2,"name":"bob"}'
	put logins.ndjson '{"uid":2,"at":"09:00"}' '{"user_id":1,"uid":3}'
	sj -k .user_id -k .uid users.ndjson logins.ndjson
	assert_success
	assert_output '{"key":2,"users":{"user_id":2,"name":"bob"},"logins":{"uid":2,"at":"09:00"}}'
	# the other way round: the login of uid 3 has a user_id 1, not its key
	sj -k .uid -k .user_id logins.ndjson users.ndjson
	assert_output '{"key":2,"logins":{"uid":2,"at":"09:00"},"users":{"user_id":2,"name":"bob"}}'
}

@test "one -k applies to every input" {
	put a.ndjson '{"id":1,"a":1}'
	put b.ndjson '{"id":1,"b":1}'
	put c.ndjson '{"id":1,"c":1}'
	sj -k .id a.ndjson b.ndjson c.ndjson
	assert_success
	assert_output '{"key":1,"a":{"id":1,"a":1},"b":{"id":1,"b":1},"c":{"id":1,"c":1}}'
}

@test "a number of -k other than one or one per FILE is a usage error" {
	put a.ndjson '{"id":1}'
	put b.ndjson '{"id":1}'
	put c.ndjson '{"id":1}'
	usage_error -k .id -k .id a.ndjson b.ndjson c.ndjson
	usage_error -k .id -k .id -k .id a.ndjson b.ndjson
}

@test "without -k records join on their _key field, else all records are one null key" {
	put a.ndjson '{"_key":"x","a":1}'
	put b.ndjson '{"b":2,"_key":"x"}'
	sj a.ndjson b.ndjson
	assert_success
	assert_output '{"key":"x","a":{"_key":"x","a":1},"b":{"b":2,"_key":"x"}}'
	put a.ndjson '{"a":1}' '7'
	put b.ndjson '[2]'
	sj --mode running a.ndjson b.ndjson
	assert_success
	assert_output '{"key":null,"a":{"a":1},"b":null}
{"key":null,"a":7,"b":null}
{"key":null,"a":7,"b":[2]}'
}

@test "keys are compared as compact JSON: 1 and 1.0 join, the number 5 and the string \"5\" do not" {
	put a.ndjson '{"k":1.0}' '{"k":5}' '{"k":[1, 2]}'
	put b.ndjson '{"k":1}' '{"k":"5"}' '{"k":[1,2]}'
	sj -k .k a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1.0},"b":{"k":1}}
{"key":[1,2],"a":{"k":[1, 2]},"b":{"k":[1,2]}}'
}

@test "a record on which -k fails or gives no output is rejected, with its input's name and line" {
	put a.ndjson '{"k":1}' '[3]' '{"j":1}'
	put b.ndjson '{"k":1}'
	sj -k '.k | select(. != null)' a.ndjson b.ndjson
	assert_failure 1
	assert_output '{"key":1,"a":{"k":1},"b":{"k":1}}'
	assert_equal "$stderr" 'sjoin: a.ndjson:2: Cannot index array with string "k"
sjoin: a.ndjson:3: -k expression produced no key'
}

@test "default names are the base names without extension, and stdin for -" {
	mkdir -p d
	put d/users.ndjson '{"id":1,"u":1}'
	put d/mail.log.ndjson '{"id":1,"m":1}'
	put plain '{"id":1,"p":1}'
	sj -k .id d/users.ndjson d/mail.log.ndjson plain
	assert_success
	assert_output '{"key":1,"users":{"id":1,"u":1},"mail.log":{"id":1,"m":1},"plain":{"id":1,"p":1}}'
	run_sh "echo '{\"id\":1,\"s\":1}' | sjoin -k .id d/users.ndjson -"
	assert_success
	assert_output '{"key":1,"users":{"id":1,"u":1},"stdin":{"id":1,"s":1}}'
}

@test "--as names the inputs, in order; names are written as JSON strings" {
	put a.ndjson '{"id":1}'
	put b.ndjson '{"id":1,"b":1}'
	sj -k .id --as 'left,the "right"' a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"left":{"id":1},"the \"right\"":{"id":1,"b":1}}'
	# the same file twice, named apart
	sj -k .id --as x,y a.ndjson a.ndjson
	assert_output '{"key":1,"x":{"id":1},"y":{"id":1}}'
}

@test "two inputs with the same name are a usage error, by default names or by --as" {
	mkdir -p d
	put a.ndjson '{"id":1}'
	put d/a.json '{"id":1}'
	put b.ndjson '{"id":1}'
	usage_error -k .id a.ndjson d/a.json
	assert_equal "$stderr" 'sjoin: two inputs are named "a" (--as NAME,... names them)'
	usage_error -k .id a.ndjson a.ndjson
	usage_error -k .id --as x,x a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: two inputs are named "x" (--as NAME,... names them)'
}

@test "--as with fewer or more names than FILEs is a usage error" {
	put a.ndjson '{"id":1}'
	put b.ndjson '{"id":1}'
	usage_error --as x a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --as: fewer names than FILEs: x'
	usage_error --as x,y,z a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --as: more names than FILEs: x,y,z'
}

@test "the name \"key\" is a usage error, except with --merge; an empty name too" {
	put a.ndjson '{"id":1,"a":1}'
	put key.ndjson '{"id":1,"k":1}'
	usage_error -k .id --as key,b a.ndjson key.ndjson
	assert_equal "$stderr" 'sjoin: an input cannot be named "key": the output uses it (--as NAME,...)'
	usage_error -k .id a.ndjson key.ndjson
	sj -k .id --merge a.ndjson key.ndjson
	assert_success
	assert_output '{"id":1,"a":1,"k":1}'
	usage_error -k .id --as ,b a.ndjson key.ndjson
	assert_equal "$stderr" 'sjoin: input 1 has an empty name (--as)'
	usage_error -k .id --as a, a.ndjson key.ndjson
}

@test "fewer than two FILEs is a usage error" {
	put a.ndjson '{"id":1}'
	usage_error -k .id a.ndjson
	assert_equal "$stderr" 'sjoin: sjoin needs two or more FILEs (or --lookup)'
	run --separate-stderr sjoin -k .id </dev/null
	assert_failure 2
}

@test "standard input twice is a usage error: at most one -" {
	run_sh "echo '{\"id\":1}' | sjoin -k .id --as a,b - -"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == sjoin:* ]]
}

@test "an unknown word for --mode, --keep or --watermark is a usage error, said in one line" {
	put a.ndjson '{"id":1}'
	put b.ndjson '{"id":1}'
	usage_error --mode inner a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --mode: one of complete running outer: inner'
	usage_error --keep any a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --keep: one of last first all: any'
	usage_error --watermark auto a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --watermark: one of data live: auto'
}

@test "option combinations that make no sense are usage errors" {
	put a.ndjson '{"id":1}'
	put b.ndjson '{"id":1}'
	usage_error -k .id --window 10s a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --window needs -t EXPR (the event time)'
	usage_error -k .id --idle 1s -t .t a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --idle goes with --window'
	usage_error -k .id --inner a.ndjson b.ndjson
	usage_error -k .id --reload a.ndjson b.ndjson
	for opt in '--as x' '--mode outer' '--keep all' '--window 1s' \
	    '--ttl 1s' --merge '--late late.ndjson'; do
		# shellcheck disable=SC2086
		usage_error -k .id --lookup b.ndjson $opt a.ndjson
		assert_equal "$stderr" 'sjoin: --lookup takes -k, --inner and --reload, and none of the join options'
	done
	usage_error -k .id -k .id --lookup b.ndjson a.ndjson
	assert_equal "$stderr" 'sjoin: --lookup takes one -k EXPR'
	usage_error -k .id --window 0s -t .t a.ndjson b.ndjson
	usage_error -k .id --ttl soon a.ndjson b.ndjson
	run --separate-stderr sjoin -k '.id |' a.ndjson b.ndjson
	assert_failure 2
	assert_output ''
	[[ "$stderr" == 'sjoin: syntax error'* ]]
}

@test "-h prints the usage with examples on the standard output" {
	run --separate-stderr sjoin -h
	assert_success
	assert_output --partial 'usage: sjoin [-k EXPR]...'
	assert_output --partial 'sjoin [-k EXPR] --lookup TABLE [--inner] [--reload] [FILE ...]'
	assert_output --partial 'examples:'
	assert_equal "$stderr" ''
}

# --- rows ----------------------------------------------------------------

@test "records are written in the row byte for byte as they were read" {
	put a.ndjson '{ "id" : 1, "x": 1.50, "s": "\u00e9" }'
	printf '%s\r\n' '{"id":1,  "y":[ ]}' >b.ndjson
	sj -k .id a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{ "id" : 1, "x": 1.50, "s": "\u00e9" },"b":{"id":1,  "y":[ ]}}'
}

@test "a record with invalid UTF-8 is written re-encoded, with U+FFFD" {
	printf '{"id":1,"s":"a\377b"}\n' >a.ndjson
	put b.ndjson '{"id":1}'
	sj -k .id a.ndjson b.ndjson
	assert_success
	assert_output $'{"key":1,"a":{"id":1,"s":"a\xef\xbf\xbdb"},"b":{"id":1}}'
}

@test "--merge merges the records into one object, later inputs winning, as jq's + does" {
	put a.ndjson '{"id":1,"a":1,"b":"a","n":1.50}'
	put b.ndjson '{"c":3,"b":"b","id":1}'
	put c.ndjson '{"id":1,"a":{"deep":true}}'
	sj -k .id --merge a.ndjson b.ndjson c.ndjson
	assert_success
	want=$(jq -c -n "$(cat a.ndjson) + $(cat b.ndjson) + $(cat c.ndjson)")
	assert_output "$want"
	assert_output '{"id":1,"a":{"deep":true},"b":"b","n":1.5,"c":3}'
}

@test "--merge in outer and running modes merges the records there are" {
	put a.ndjson '{"id":1,"a":1}' '{"id":2,"a":2}'
	put b.ndjson '{"id":2,"b":2}'
	sj -k .id --merge --mode outer a.ndjson b.ndjson
	assert_success
	assert_output '{"id":2,"a":2,"b":2}
{"id":1,"a":1}'
	sj -k .id --merge --mode running a.ndjson b.ndjson
	assert_output '{"id":1,"a":1}
{"id":2,"a":2}
{"id":2,"a":2,"b":2}'
}

@test "--merge rejects a record that is not an object, with its input's name and line" {
	put a.ndjson '{"id":1,"a":1}' '[1,2]' '"text"' '3'
	put b.ndjson '{"id":1,"b":1}'
	sj -k 1 --merge a.ndjson b.ndjson
	assert_failure 1
	assert_output '{"id":1,"a":1,"b":1}'
	assert_equal "$stderr" 'sjoin: a.ndjson:2: --merge: an array record is not an object
sjoin: a.ndjson:3: --merge: a scalar record is not an object
sjoin: a.ndjson:4: --merge: a scalar record is not an object'
}

# --- rejected lines across inputs ----------------------------------------

@test "bad JSON in one input is reported with that input's name and line; the others join" {
	put a.ndjson '{"k":1,"a":1}' 'oops' '{"k":2,"a":2}' '' '{"k":3,"a":3}'
	put b.ndjson '{"k":2,"b":2}' '{"k":3,"b":3}' '{"k":1,"b":1}' '{"k":4'
	sj -k .k a.ndjson b.ndjson
	assert_failure 1
	assert_output '{"key":2,"a":{"k":2,"a":2},"b":{"k":2,"b":2}}
{"key":3,"a":{"k":3,"a":3},"b":{"k":3,"b":3}}
{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	assert_equal "$stderr" "sjoin: a.ndjson:2: invalid JSON at column 1: unexpected character 'o'
sjoin: b.ndjson:4: invalid JSON at column 7: unexpected end of input"
}

@test "--dead-letter collects the rejected lines of every input, verbatim" {
	put a.ndjson '{"k":1,"a":1}' 'oops' '{"k":2,"a":2}'
	put b.ndjson '{"k":2,"b":2}' '{"k":1,"b":1}' '{"k":3' '{"j":1}'
	sj -k .k --dead-letter dead.out a.ndjson b.ndjson
	assert_failure 1
	assert_output '{"key":2,"a":{"k":2,"a":2},"b":{"k":2,"b":2}}
{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	# .k is null on {"j":1}: a key like any other, not a rejection
	assert_file_equal dead.out $'oops\n{"k":3\n'
}

@test "--strict stops at the first rejected line of any input with status 2" {
	put a.ndjson '{"k":1,"a":1}' '{"k":2,"a":2}'
	put b.ndjson '{"k":1,"b":1}' 'oops' '{"k":2,"b":2}'
	sj -k .k --strict a.ndjson b.ndjson
	assert_failure 2
	assert_output '{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	[[ "$stderr" == "sjoin: b.ndjson:2: invalid JSON at column 1: unexpected character 'o'"* ]]
	sj -k .k --strict a.ndjson a.ndjson --as x,y
	assert_failure 2
}

@test "an unreadable FILE is reported, the other inputs are still read, status 2" {
	put a.ndjson '{"k":1,"a":1}'
	put b.ndjson '{"k":1,"b":1}'
	sj -k .k --mode outer a.ndjson missing.ndjson b.ndjson
	assert_failure 2
	assert_output '{"key":1,"a":{"k":1,"a":1},"missing":null,"b":{"k":1,"b":1}}'
	assert_equal "$stderr" 'sjoin: missing.ndjson: No such file or directory'
}

@test "-R joins lines of text as string records" {
	put a.txt 'apple' 'pear' 'fig'
	put b.txt 'fig' 'plum' 'apple'
	sj -R -k . a.txt b.txt
	assert_success
	assert_output '{"key":"fig","a":"fig","b":"fig"}
{"key":"apple","a":"apple","b":"apple"}'
}
