#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
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

@test "with -t, outer mode writes incomplete keys in the order of their last event time" {
	put a.ndjson '{"k":1,"t":5}' '{"k":2,"t":3}' '{"k":3,"t":4}'
	put b.ndjson '{"k":9,"t":4}' '{"k":2,"t":2}'
	sj -k .k -t .t --mode outer --keep first a.ndjson b.ndjson
	assert_success
	# key 2 joins; 3 and 9 share a time and keep their order of arrival
	assert_output '{"key":2,"a":{"k":2,"t":3},"b":{"k":2,"t":2}}
{"key":3,"a":{"k":3,"t":4},"b":null}
{"key":9,"a":null,"b":{"k":9,"t":4}}
{"key":1,"a":{"k":1,"t":5},"b":null}'
	sj -k .k --mode outer --keep first a.ndjson b.ndjson
	assert_output '{"key":2,"a":{"k":2,"t":3},"b":{"k":2,"t":2}}
{"key":1,"a":{"k":1,"t":5},"b":null}
{"key":3,"a":{"k":3,"t":4},"b":null}
{"key":9,"a":null,"b":{"k":9,"t":4}}'
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
sjoin: a.ndjson:3: -k expression produced no key
sjoin: 2 of 4 lines rejected (1 Cannot index array with string; 1 -k expression produced no key); first at a.ndjson:2'
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
	assert_equal "$stderr" 'sjoin: standard input (-) can be only one of the inputs'
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
	usage_error -k .id --late late.ndjson a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --late goes with --window'
	[ ! -e late.ndjson ]
	usage_error -k .id --wait 1s a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --wait and --watermark need -t EXPR'
	usage_error -k .id --watermark data a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: --wait and --watermark need -t EXPR'
	usage_error -k .id --inner a.ndjson b.ndjson
	usage_error -k .id --reload a.ndjson b.ndjson
	for opt in '--as x' '--mode outer' '--keep all' '--window 1s' \
	    '--ttl 1s' --merge '--late late.ndjson' '-t .t' '--wait 1s' \
	    '--idle 1s' '--watermark live' '--time-format %s' '--tz UTC' \
	    '--state s.state'; do
		# shellcheck disable=SC2086
		usage_error -k .id --lookup b.ndjson $opt a.ndjson
		assert_equal "$stderr" 'sjoin: --lookup takes -k, --inner and --reload, and none of the join options (nor --state)'
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
	assert_output --partial 'sjoin [-F] [-k EXPR] --lookup TABLE [--inner] [--reload] [FILE ...]'
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
sjoin: a.ndjson:4: --merge: a scalar record is not an object
sjoin: 3 of 5 lines rejected (2 --merge: a scalar record is not an object; 1 --merge: an array record is not an object); first at a.ndjson:2'
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
sjoin: b.ndjson:4: invalid JSON at column 7: unexpected end of input
sjoin: 2 of 8 lines rejected (2 invalid JSON); first at a.ndjson:2"
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
	# options may follow the files
	sj -k .k a.ndjson a.ndjson --strict --as x,y
	assert_success
	assert_output '{"key":1,"x":{"k":1,"a":1},"y":{"k":1,"a":1}}
{"key":2,"x":{"k":2,"a":2},"y":{"k":2,"a":2}}'
}

@test "an unreadable FILE is reported, the other inputs are still read, status 2" {
	put a.ndjson '{"k":1,"a":1}'
	put b.ndjson '{"k":1,"b":1}'
	sj -k .k --mode outer a.ndjson missing.ndjson b.ndjson
	assert_failure 2
	assert_output '{"key":1,"a":{"k":1,"a":1},"missing":null,"b":{"k":1,"b":1}}'
	assert_equal "$stderr" 'sjoin: missing.ndjson: No such file or directory'
}

@test "--max-line rejects a long line of any input, with its name and line" {
	put a.ndjson '{"k":1,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' '{"k":1}'
	put b.ndjson '{"k":1}'
	sj -k .k --max-line 20 --dead-letter dead.out a.ndjson b.ndjson
	assert_failure 1
	assert_output '{"key":1,"a":{"k":1},"b":{"k":1}}'
	assert_equal "$stderr" 'sjoin: a.ndjson:1: line longer than 20 bytes (--max-line)
sjoin: 1 of 3 lines rejected (1 line longer than 20 bytes); first at a.ndjson:1'
	assert_file_equal dead.out $'{"k":1,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}\n'
}

@test "-R joins lines of text as string records" {
	put a.txt 'apple' 'pear' 'fig'
	put b.txt 'fig' 'plum' 'apple'
	sj -R -k . a.txt b.txt
	assert_success
	assert_output '{"key":"fig","a":"fig","b":"fig"}
{"key":"apple","a":"apple","b":"apple"}'
}

# --- windows and the watermark -------------------------------------------

@test "--window joins only records whose event times fall in the same window" {
	put a.ndjson '{"k":1,"t":5}' '{"k":2,"t":12}' '{"k":3,"t":19.999}'
	put b.ndjson '{"k":1,"t":9}' '{"k":2,"t":21}' '{"k":3,"t":20}'
	sj -k .k --window 10s -t .t a.ndjson b.ndjson
	assert_success
	# 12 and 21 are two windows; so are 19.999 and 20: windows are [start, end)
	assert_output '{"key":1,"a":{"k":1,"t":5},"b":{"k":1,"t":9}}'
	assert_equal "$stderr" ''
}

@test "outer mode writes a window's incomplete keys when the watermark from the data passes its end" {
	put a.ndjson '{"k":1,"t":1}' '{"k":2,"t":12}'
	put b.ndjson '{"k":5,"t":15}' '{"k":2,"t":16}'
	sj -k .k --window 10s -t .t --mode outer a.ndjson b.ndjson
	assert_success
	# b's record at 15 closes [0, 10): key 1 comes out before key 2 joins
	assert_output '{"key":1,"a":{"k":1,"t":1},"b":null}
{"key":2,"a":{"k":2,"t":12},"b":{"k":2,"t":16}}
{"key":5,"a":null,"b":{"k":5,"t":15}}'
}

@test "outer mode writes the incomplete keys of each window as it closes, oldest window first" {
	put a.ndjson '{"k":"x","t":1}' '{"k":"y","t":2}' '{"k":"x","t":11}' \
	    '{"k":"z","t":12}'
	put b.ndjson '{"k":"w","t":3}' '{"k":"z","t":13}' '{"k":"q","t":35}'
	sj -k .k --window 10s -t .t --mode outer a.ndjson b.ndjson
	assert_success
	assert_output '{"key":"z","a":{"k":"z","t":12},"b":{"k":"z","t":13}}
{"key":"x","a":{"k":"x","t":1},"b":null}
{"key":"y","a":{"k":"y","t":2},"b":null}
{"key":"w","a":null,"b":{"k":"w","t":3}}
{"key":"x","a":{"k":"x","t":11},"b":null}
{"key":"q","a":null,"b":{"k":"q","t":35}}'
}

@test "the watermark is the smallest of the inputs': an input behind holds the window open and its match is not lost" {
	# Files longer than one turn of 64 lines: a's first turn takes its
	# watermark to 163 while b has sent nothing; b's x at 2 still joins.
	{
		echo '{"k":"x","t":1}'
		for i in $(seq 1 99); do echo "{\"k\":\"a$i\",\"t\":$((100 + i))}"; done
	} >a.ndjson
	{
		for i in $(seq 1 63); do echo "{\"k\":\"b$i\",\"t\":0}"; done
		echo '{"k":"x","t":2}'
		echo '{"k":"a5","t":105}'
	} >b.ndjson
	sj -k .k --window 10s -t .t --late late.ndjson a.ndjson b.ndjson
	assert_success
	assert_output '{"key":"x","a":{"k":"x","t":1},"b":{"k":"x","t":2}}
{"key":"a5","a":{"k":"a5","t":105},"b":{"k":"a5","t":105}}'
	assert_file_equal late.ndjson ''
}

@test "live: a slow input holds the window open, and its record joins when it comes" {
	mkfifo a b
	start_sjoin -k .k --window 10s -t .t --mode running --late late.ndjson a b
	exec {writer}<>a
	exec {w2}>b
	printf '%s\n' '{"k":"x","t":1}' '{"k":"y","t":25}' >&$writer
	wait_for_output out '{"key":"x","a":{"k":"x","t":1},"b":null}
{"key":"y","a":{"k":"y","t":25},"b":null}'
	# a is at 25; b has sent nothing and is not idle (10 s): [0, 10) is open
	echo '{"k":"x","t":2}' >&$w2
	wait_for_output out '{"key":"x","a":{"k":"x","t":1},"b":null}
{"key":"y","a":{"k":"y","t":25},"b":null}
{"key":"x","a":{"k":"x","t":1},"b":{"k":"x","t":2}}'
	kill -0 "$pid"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal late.ndjson ''
	assert_file_equal err ''
}

@test "live: an input silent for --idle no longer holds the watermark back" {
	mkfifo a b
	# nobody ever writes to b
	start_sjoin -k .k --window 10s -t .t --idle 300ms --mode outer a b
	exec {writer}<>a
	t0=$(now_ms)
	echo '{"k":1,"t":9.9}' >&$writer
	# a's watermark passes 10 after 0.1 s, b stops holding after 0.3 s:
	# the window closes long before the 10 s b would hold it by default
	wait_for_output out '{"key":1,"a":{"k":1,"t":9.9},"b":null}'
	seen=$(now_ms)
	kill -0 "$pid"
	[ $((seen - t0)) -lt 4000 ]
	kill -TERM "$pid"
	stop_sjoin
	assert_equal "$status" 143
}

@test "live: the watermark never goes back: an idle input that wakes up behind it is late" {
	mkfifo a b
	start_sjoin -k .k --window 1s -t .t --idle 300ms --mode outer --late late.ndjson a b
	exec {writer}<>a
	exec {w2}>b
	echo '{"k":1,"t":10.5}' >&$writer
	# b is idle: a alone closes [10, 11) half a second later
	wait_for_output out '{"key":1,"a":{"k":1,"t":10.5},"b":null}'
	echo '{"k":1,"t":10.2}' >&$w2
	wait_for_output late.ndjson '{"k":1,"t":10.2}'
	kill -0 "$pid"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal out $'{"key":1,"a":{"k":1,"t":10.5},"b":null}\n'
}

@test "live: the clock moves the watermark of a quiet stream, and outer writes the window before end of input" {
	mkfifo a b
	start_sjoin -k .k --window 1s -t .t --mode outer a b
	exec {writer}<>a
	exec {w2}>b
	t0=$(now_ms)
	echo '{"k":1,"t":0.5}' >&$writer
	echo '{"k":2,"t":0.2}' >&$w2
	# in order of their last event time: 0.2 before 0.5
	wait_for_output out '{"key":2,"a":null,"b":{"k":2,"t":0.2}}
{"key":1,"a":{"k":1,"t":0.5},"b":null}'
	seen=$(now_ms)
	kill -0 "$pid"
	# not before b's watermark, 0.2 + elapsed, reached 1
	[ $((seen - t0)) -ge 700 ]
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal out $'{"key":2,"a":null,"b":{"k":2,"t":0.2}}\n{"key":1,"a":{"k":1,"t":0.5},"b":null}\n'
}

@test "--watermark data: on FIFOs, windows close by the data alone, not by the clock" {
	mkfifo a b
	start_sjoin -k .k --window 1s -t .t --mode outer --watermark data a b
	exec {writer}<>a
	exec {w2}>b
	echo '{"k":1,"t":0.5}' >&$writer
	echo '{"k":2,"t":0.2}' >&$w2
	# live, [0, 1) would close within 0.8 s; by the data it stays open
	sleep 1.2
	assert_file_equal out ''
	echo '{"k":3,"t":5}' >&$writer
	echo '{"k":4,"t":5}' >&$w2
	wait_for_output out '{"key":2,"a":null,"b":{"k":2,"t":0.2}}
{"key":1,"a":{"k":1,"t":0.5},"b":null}'
	kill -0 "$pid"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	# 3 and 4 have the same time: in order of arrival
	assert_file_equal out $'{"key":2,"a":null,"b":{"k":2,"t":0.2}}\n{"key":1,"a":{"k":1,"t":0.5},"b":null}\n{"key":3,"a":{"k":3,"t":5},"b":null}\n{"key":4,"a":null,"b":{"k":4,"t":5}}\n'
}

@test "a late record goes verbatim to --late FILE and leaves the exit status alone" {
	put a.ndjson '{"k":1,"t":1}' '{"k":1,"t":20}'
	put b.ndjson '{"k":1,"t":25}' '{"k":1, "t":2}' '{"k":2,"t":9.5}'
	sj -k .k --window 10s -t .t --late late.ndjson a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":20},"b":{"k":1,"t":25}}'
	assert_equal "$stderr" ''
	assert_file_equal late.ndjson $'{"k":1, "t":2}\n{"k":2,"t":9.5}\n'
	# appended, not truncated
	sj -k .k --window 10s -t .t --late late.ndjson a.ndjson b.ndjson
	assert_file_equal late.ndjson $'{"k":1, "t":2}\n{"k":2,"t":9.5}\n{"k":1, "t":2}\n{"k":2,"t":9.5}\n'
}

@test "a --late or --dead-letter file that cannot be opened is an error before any input is read" {
	put a.ndjson '{"k":1,"t":1}'
	put b.ndjson '{"k":1,"t":1}'
	sj -k .k --window 10s -t .t --late nodir/late.ndjson a.ndjson b.ndjson
	assert_failure 2
	assert_output ''
	[[ "$stderr" == 'sjoin: --late: cannot open nodir/late.ndjson'* ]]
	sj -k .k --dead-letter nodir/dead.ndjson a.ndjson b.ndjson
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'sjoin: nodir/dead.ndjson: No such file or directory'
}

@test "--late /dev/fd/3 makes the late records a side output" {
	put a.ndjson '{"k":1,"t":1}' '{"k":1,"t":20}'
	put b.ndjson '{"k":1,"t":25}' '{"k":1,"t":2}'
	run_sh "sjoin -k .k --window 10s -t .t --late /dev/fd/3 a.ndjson b.ndjson 3>&1 >/dev/null"
	assert_success
	assert_output '{"k":1,"t":2}'
	assert_equal "$stderr" ''
}

@test "without --late, late records are dropped and counted on standard error at exit" {
	put a.ndjson '{"k":1,"t":1}' '{"k":1,"t":20}'
	put b.ndjson '{"k":1,"t":25}' '{"k":1,"t":2}' '{"k":2,"t":9.5}'
	sj -k .k --window 10s -t .t a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":20},"b":{"k":1,"t":25}}'
	assert_equal "$stderr" 'sjoin: 2 late records dropped (--late FILE keeps them)'
	put b.ndjson '{"k":1,"t":25}' '{"k":1,"t":2}'
	sj -k .k --window 10s -t .t a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: 1 late record dropped (--late FILE keeps them)'
}

@test "--wait holds the watermark back, so records out of order by up to DUR still join" {
	put a.ndjson '{"k":1,"t":1}' '{"k":1,"t":20}'
	put b.ndjson '{"k":1,"t":25}' '{"k":1,"t":2}'
	sj -k .k --window 10s -t .t --wait 20s a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":20},"b":{"k":1,"t":25}}
{"key":1,"a":{"k":1,"t":1},"b":{"k":1,"t":2}}'
	assert_equal "$stderr" ''
}

@test "event times: RFC 3339 strings, --time-unit and --time-format; a bad time is rejected" {
	put a2.ndjson '{"k":1,"t":"2024-05-01T09:00:09.999Z"}' '{"k":2,"t":"2024-05-01T11:00:12+02:00"}'
	put b2.ndjson '{"k":1,"t":"2024-05-01T09:00:05Z"}' '{"k":2,"t":"2024-05-01T09:00:19Z"}' '{"k":3,"t":"noon"}'
	sj -k .k --window 10s -t .t a2.ndjson b2.ndjson
	assert_failure 1
	assert_output '{"key":1,"a2":{"k":1,"t":"2024-05-01T09:00:09.999Z"},"b2":{"k":1,"t":"2024-05-01T09:00:05Z"}}
{"key":2,"a2":{"k":2,"t":"2024-05-01T11:00:12+02:00"},"b2":{"k":2,"t":"2024-05-01T09:00:19Z"}}'
	[[ "$stderr" == 'sjoin: b2.ndjson:3: '* ]]
	put a3.ndjson '{"k":1,"t":9999}' '{"k":2,"t":15000}'
	put b3.ndjson '{"k":1,"t":10000}' '{"k":2,"t":19999}'
	sj -k .k --window 10s -t .t --time-unit ms --as a,b a3.ndjson b3.ndjson
	assert_success
	assert_output '{"key":2,"a":{"k":2,"t":15000},"b":{"k":2,"t":19999}}'
	put a4.ndjson '{"k":1,"t":"01/May/2024:09:00:01 +0000"}'
	put b4.ndjson '{"k":1,"t":"01/May/2024:11:00:09 +0200"}'
	sj -k .k --window 10s -t .t --time-format '%d/%b/%Y:%H:%M:%S %z' --as a,b a4.ndjson b4.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":"01/May/2024:09:00:01 +0000"},"b":{"k":1,"t":"01/May/2024:11:00:09 +0200"}}'
}

@test "running mode with --window keeps a key per window" {
	put a.ndjson '{"k":1,"t":1}' '{"k":1,"t":12}'
	put b.ndjson '{"k":1,"t":2}' '{"k":1,"t":13}'
	sj -k .k --window 10s -t .t --mode running a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":1},"b":null}
{"key":1,"a":{"k":1,"t":12},"b":null}
{"key":1,"a":{"k":1,"t":1},"b":{"k":1,"t":2}}
{"key":1,"a":{"k":1,"t":12},"b":{"k":1,"t":13}}'
}

@test "windows before the epoch: negative times are in [start, end) windows too" {
	put a.ndjson '{"k":1,"t":-5}' '{"k":2,"t":-10}'
	put b.ndjson '{"k":1,"t":-1}' '{"k":2,"t":0}'
	sj -k .k --window 10s -t .t --mode outer a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":-5},"b":{"k":1,"t":-1}}
{"key":2,"a":{"k":2,"t":-10},"b":null}
{"key":2,"a":null,"b":{"k":2,"t":0}}'
}

# --- time to live --------------------------------------------------------

@test "--ttl with -t forgets keys unmatched for DUR of event time, counted on standard error" {
	put a.ndjson '{"k":1,"t":0}' '{"k":2,"t":1}'
	put b.ndjson '{"k":9,"t":5}' '{"k":2,"t":3}' '{"k":8,"t":30}'
	sj -k .k -t .t --ttl 10s a.ndjson b.ndjson
	assert_success
	# at 30, keys 1 (last record at 0) and 9 (at 5) expire; 8 is left at the end
	assert_output '{"key":2,"a":{"k":2,"t":1},"b":{"k":2,"t":3}}'
	assert_equal "$stderr" 'sjoin: 2 keys expired unmatched (--ttl)'
}

@test "--ttl in outer mode writes the expired keys with nulls, oldest first" {
	put a.ndjson '{"k":1,"t":0}' '{"k":2,"t":1}'
	put b.ndjson '{"k":9,"t":5}' '{"k":2,"t":3}' '{"k":8,"t":30}'
	sj -k .k -t .t --ttl 10s --mode outer a.ndjson b.ndjson
	assert_success
	assert_output '{"key":2,"a":{"k":2,"t":1},"b":{"k":2,"t":3}}
{"key":1,"a":{"k":1,"t":0},"b":null}
{"key":9,"a":null,"b":{"k":9,"t":5}}
{"key":8,"a":null,"b":{"k":8,"t":30}}'
	assert_equal "$stderr" 'sjoin: 2 keys expired unmatched (--ttl)'
	put b.ndjson '{"k":9,"t":5}' '{"k":2,"t":3}' '{"k":8,"t":11}'
	sj -k .k -t .t --ttl 10s --mode outer a.ndjson b.ndjson
	assert_equal "$stderr" 'sjoin: 1 key expired unmatched (--ttl)'
}

@test "--ttl counts from a key's last record, so a key that keeps coming is kept" {
	put a.ndjson '{"k":1,"t":0}' '{"k":1,"t":8}'
	put b.ndjson '{"k":9,"t":15}' '{"k":1,"t":17}'
	sj -k .k -t .t --ttl 10s a.ndjson b.ndjson
	assert_success
	assert_output '{"key":1,"a":{"k":1,"t":8},"b":{"k":1,"t":17}}'
	assert_equal "$stderr" ''
}

@test "live: with -t, the --ttl clock moves with the watermark, so keys expire on a quiet stream" {
	mkfifo a b
	start_sjoin -k .k -t .t --ttl 300ms --mode outer a b
	exec {writer}<>a
	exec {w2}>b
	echo '{"k":1,"t":0}' >&$writer
	wait_for_output out '{"key":1,"a":{"k":1,"t":0},"b":null}'
	kill -0 "$pid"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal err $'sjoin: 1 key expired unmatched (--ttl)\n'
}

@test "--ttl without -t forgets keys on the arrival clock, before end of input" {
	mkfifo a b
	start_sjoin -k .k --ttl 300ms --mode outer a b
	exec {writer}<>a
	exec {w2}>b
	t0=$(now_ms)
	echo '{"k":1}' >&$writer
	wait_for_output out '{"key":1,"a":{"k":1},"b":null}'
	seen=$(now_ms)
	[ $((seen - t0)) -ge 250 ]
	kill -0 "$pid"
	# a record after the key expired starts it again
	echo '{"k":1,"b":true}' >&$w2
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal out $'{"key":1,"a":{"k":1},"b":null}\n{"key":1,"a":null,"b":{"k":1,"b":true}}\n'
	assert_file_equal err $'sjoin: 1 key expired unmatched (--ttl)\n'
}

# --- live inputs ---------------------------------------------------------

@test "live: a record on each FIFO gives the joined row at once, before end of input" {
	mkfifo a b
	start_sjoin -k .k a b
	exec {writer}<>a
	exec {w2}>b
	echo '{"k":1,"a":1}' >&$writer
	echo '{"k":1,"b":1}' >&$w2
	wait_for_output out '{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	kill -0 "$pid"
	echo '{"k":2,"b":2}' >&$w2
	echo '{"k":2,"a":2}' >&$writer
	wait_for_output out '{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}
{"key":2,"a":{"k":2,"a":2},"b":{"k":2,"b":2}}'
	kill -0 "$pid"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal err ''
}

@test "live: an input that closes early does not stop the others" {
	mkfifo a b
	start_sjoin -k .k a b
	exec {w2}>b
	printf '%s\n' '{"k":1,"a":1}' '{"k":2,"a":2}' >a
	# a has ended; what it sent still joins what b sends later
	echo '{"k":2,"b":2}' >&$w2
	wait_for_output out '{"key":2,"a":{"k":2,"a":2},"b":{"k":2,"b":2}}'
	echo '{"k":1,"b":1}' >&$w2
	wait_for_output out '{"key":2,"a":{"k":2,"a":2},"b":{"k":2,"b":2}}
{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	kill -0 "$pid"
	exec {w2}>&-
	stop_sjoin
	assert_equal "$status" 0
}

@test "live: an input nobody opens for writing does not stall the others, and running mode writes live" {
	mkfifo a never
	start_sjoin -k .k --mode running a never
	exec {writer}<>a
	echo '{"k":1}' >&$writer
	wait_for_output out '{"key":1,"a":{"k":1},"never":null}'
	echo '{"k":2}' >&$writer
	wait_for_output out '{"key":1,"a":{"k":1},"never":null}
{"key":2,"a":{"k":2},"never":null}'
	exec {writer}>&-
	writer=
	# a has ended, never has not: sjoin waits for it, as cat would
	sleep 0.2
	kill -0 "$pid"
	kill -TERM "$pid"
	stop_sjoin
	assert_equal "$status" 143
	assert_file_equal err ''
}

@test "live: a FIFO whose writer comes late is read when it comes" {
	mkfifo a b
	start_sjoin -k .k a b
	exec {writer}<>a
	echo '{"k":1,"a":1}' >&$writer
	sleep 0.2
	echo '{"k":1,"b":1}' >b
	wait_for_output out '{"key":1,"a":{"k":1,"a":1},"b":{"k":1,"b":1}}'
	exec {writer}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
}

@test "live: bad JSON on one FIFO is reported with its name and line, the others go on" {
	mkfifo a b
	start_sjoin -k .k a b
	exec {writer}<>a
	exec {w2}>b
	printf '%s\n' '{"k":1}' '{nope' '{"k":2}' >&$writer
	echo '{"k":2,"b":1}' >&$w2
	wait_for_output out '{"key":2,"a":{"k":2},"b":{"k":2,"b":1}}'
	wait_for_output err "sjoin: a:2: invalid JSON at column 2: expected string key"
	exec {writer}>&- {w2}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 1
}

@test "SIGTERM ends the input: outer mode writes the incomplete keys, then sjoin dies by SIGTERM (143)" {
	mkfifo a b
	start_sjoin -k .k --mode outer a b
	exec {writer}<>a
	exec {w2}>b
	# once key 0 has joined, a's line before it has been read
	printf '%s\n' '{"k":1}' '{"k":0}' >&$writer
	echo '{"k":0}' >&$w2
	wait_for_output out '{"key":0,"a":{"k":0},"b":{"k":0}}'
	kill -TERM "$pid"
	stop_sjoin
	assert_equal "$status" 143
	assert_file_equal out $'{"key":0,"a":{"k":0},"b":{"k":0}}\n{"key":1,"a":{"k":1},"b":null}\n'
}

# read_offset PID FILE: the offset PID has read FILE up to.
read_offset() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		if [ "$(readlink "$fd")" = "$PWD/$2" ]; then
			sed -n 's/^pos:[[:space:]]*//p' /proc/"$1"/fdinfo/"${fd##*/}"
			return 0
		fi
	done
	return 1
}

@test "live: a row from a FIFO is written at once, while another input is still read in bulk" {
	[ -d /proc/self/fdinfo ] || skip "no /proc"
	yes '{"k":"x"}' | head -n 3000000 >a.ndjson
	size=$(wc -c <a.ndjson)
	mkfifo b
	start_sjoin -k .k a.ndjson b
	exec {writer}<>b
	echo '{"k":"x","b":1}' >&$writer
	# no input starves another, and the row is not held in a buffer
	# while a.ndjson keeps the loop busy
	wait_until test -s out || :
	pos=$(read_offset "$pid" a.ndjson) || pos=$size
	echo "a.ndjson read up to $pos of $size bytes when the row came"
	assert_file_equal out $'{"key":"x","a":{"k":"x"},"b":{"k":"x","b":1}}\n'
	[ "$pos" -lt "$size" ]
	exec {writer}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
}

@test "live: an endless input does not starve another" {
	mkfifo b
	sjoin -k .k --as a,b <(yes '{"k":0}') b >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
	exec {writer}<>b
	echo '{"k":0,"b":1}' >&$writer
	wait_for_output out '{"key":0,"a":{"k":0},"b":{"k":0,"b":1}}'
	kill -0 "$pid"
	echo '{"k":0,"b":2}' >&$writer
	wait_for_output out '{"key":0,"a":{"k":0},"b":{"k":0,"b":1}}
{"key":0,"a":{"k":0},"b":{"k":0,"b":2}}'
	kill -TERM "$pid"
	stop_sjoin
	assert_equal "$status" 143
}

@test "process substitutions are inputs, named by --as" {
	run_sh "sjoin -k .id --as x,y <(echo '{\"id\":1,\"x\":1}') <(sleep 0.2; echo '{\"id\":1,\"y\":1}')"
	assert_success
	assert_output '{"key":1,"x":{"id":1,"x":1},"y":{"id":1,"y":1}}'
}

@test "a closed standard output ends sjoin quietly" {
	for i in $(seq 1 5000); do echo "{\"k\":$i}"; done >a.ndjson
	run_sh "sjoin -k .k --as x,y a.ndjson a.ndjson | head -n 1"
	assert_success
	assert_output '{"key":1,"x":{"k":1},"y":{"k":1}}'
	assert_equal "$stderr" ''
}

# --- lookup tables -------------------------------------------------------

@test "--lookup writes each record followed by the fields of its row it lacks; the record wins" {
	put users.ndjson '{"uid":1,"name":"ann","tier":"gold"}' '{"uid":2,"name":"bob"}'
	put ev.ndjson '{"uid":2,"ev":"login"}' '{"uid":1,"ev":"buy","name":"Ann"}'
	sj -k .uid --lookup users.ndjson ev.ndjson
	assert_success
	assert_output '{"uid":2,"ev":"login","name":"bob"}
{"uid":1,"ev":"buy","name":"Ann","tier":"gold"}'
	assert_equal "$stderr" ''
}

@test "--lookup: a record without a row passes byte for byte; --inner drops it" {
	put users.ndjson '{"uid":1,"name":"ann"}'
	put ev.ndjson '{ "uid" : 3, "ev":"x" }' '{"uid":1}' '{"ev":"no uid"}'
	sj -k .uid --lookup users.ndjson ev.ndjson
	assert_success
	assert_output '{ "uid" : 3, "ev":"x" }
{"uid":1,"name":"ann"}
{"ev":"no uid"}'
	sj -k .uid --lookup users.ndjson --inner ev.ndjson
	assert_success
	assert_output '{"uid":1,"name":"ann"}'
}

@test "--lookup: a key repeated in the table keeps its last row, whole" {
	put users.ndjson '{"uid":1,"name":"ann","tier":"gold"}' '{"uid":2,"name":"bob"}' \
	    '{"uid":1,"name":"ann2"}'
	put ev.ndjson '{"uid":1}' '{"uid":2}'
	sj -k .uid --lookup users.ndjson ev.ndjson
	assert_success
	assert_output '{"uid":1,"name":"ann2"}
{"uid":2,"name":"bob"}'
}

@test "--lookup: a bad table line is reported with TABLE:LINE and skipped, status 1" {
	put users.ndjson '{"uid":1,"name":"ann"}' 'oops' '[1]' '7' '{"uid":2,"name":"bob"}'
	put ev.ndjson '{"uid":2}' '{"uid":1}'
	sj -k 'if type == "object" then .uid else . end' --lookup users.ndjson ev.ndjson
	assert_failure 1
	assert_output '{"uid":2,"name":"bob"}
{"uid":1,"name":"ann"}'
	assert_equal "$stderr" "sjoin: users.ndjson:2: invalid JSON at column 1: unexpected character 'o'
sjoin: users.ndjson:3: a table row must be an object
sjoin: users.ndjson:4: a table row must be an object"
}

@test "--lookup: a record that has a row but is not an object is rejected" {
	put table.ndjson '{"id":7,"name":"seven"}'
	put ev.ndjson '7' '{"id":7}' '8'
	sj -k 'if type == "object" then .id else . end' --lookup table.ndjson ev.ndjson
	assert_failure 1
	assert_output '{"id":7,"name":"seven"}
8'
	assert_equal "$stderr" 'sjoin: ev.ndjson:1: --lookup: the record is not an object
sjoin: 1 of 3 lines rejected (1 --lookup: the record is not an object); first at ev.ndjson:1'
}

@test "--lookup: a missing table is an error before any input is read" {
	put ev.ndjson '{"uid":1}'
	sj -k .uid --lookup nosuch.ndjson ev.ndjson
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'sjoin: nosuch.ndjson: No such file or directory'
}

@test "--lookup reads the FILEs one after the other, or the standard input" {
	put users.ndjson '{"uid":1,"name":"ann"}' '{"uid":2,"name":"bob"}'
	put e1.ndjson '{"uid":2,"n":1}' '{"uid":1,"n":2}'
	put e2.ndjson '{"uid":1,"n":3}'
	sj -k .uid --lookup users.ndjson e1.ndjson e2.ndjson
	assert_success
	assert_output '{"uid":2,"n":1,"name":"bob"}
{"uid":1,"n":2,"name":"ann"}
{"uid":1,"n":3,"name":"ann"}'
	run_sh "cat e2.ndjson | sjoin -k .uid --lookup users.ndjson"
	assert_success
	assert_output '{"uid":1,"n":3,"name":"ann"}'
}

# probe_until FD TEXT: writes a probe record to FD until the output file
# out has a line TEXT (up to about 5 s).
probe_until() {
	local i
	for ((i = 0; i < 50; i++)); do
		echo '{"uid":1,"probe":true}' >&"$1"
		if wait_until_short grep -qxF -- "$2" out; then
			return 0
		fi
	done
	return 1
}

# wait_until_short CMD...: as wait_until, for about 0.1 s.
wait_until_short() {
	local i
	for ((i = 0; i < 2; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

@test "SIGHUP re-reads the table without stopping the stream" {
	mkfifo ev
	put users.ndjson '{"uid":1,"name":"ann"}'
	start_sjoin -k .uid --lookup users.ndjson ev
	exec {writer}<>ev
	echo '{"uid":1,"n":1}' >&$writer
	wait_for_output out '{"uid":1,"n":1,"name":"ann"}'
	put users.new '{"uid":1,"name":"ANN"}'
	mv users.new users.ndjson
	kill -HUP "$pid"
	probe_until "$writer" '{"uid":1,"probe":true,"name":"ANN"}'
	kill -0 "$pid"
	# a table that cannot be read then: the rows read before stay
	rm users.ndjson
	kill -HUP "$pid"
	wait_until grep -q 'keeping the table read before' err
	echo '{"uid":1,"n":2}' >&$writer
	exec {writer}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_equal "$(tail -n 1 out)" '{"uid":1,"n":2,"name":"ANN"}'
	assert_file_equal err $'sjoin: users.ndjson: No such file or directory\nsjoin: users.ndjson: keeping the table read before\n'
}

@test "--reload re-reads the table when it is replaced" {
	mkfifo ev
	put users.ndjson '{"uid":1,"name":"ann"}'
	start_sjoin -k .uid --lookup users.ndjson --reload ev
	exec {writer}<>ev
	echo '{"uid":1,"n":1}' >&$writer
	wait_for_output out '{"uid":1,"n":1,"name":"ann"}'
	put users.new '{"uid":1,"name":"ANN","new":true}'
	mv users.new users.ndjson
	probe_until "$writer" '{"uid":1,"probe":true,"name":"ANN","new":true}'
	kill -0 "$pid"
	exec {writer}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal err ''
}

@test "without --reload, a replaced table is not re-read" {
	mkfifo ev
	put users.ndjson '{"uid":1,"name":"ann"}'
	start_sjoin -k .uid --lookup users.ndjson ev
	exec {writer}<>ev
	echo '{"uid":1,"n":1}' >&$writer
	wait_for_output out '{"uid":1,"n":1,"name":"ann"}'
	put users.new '{"uid":1,"name":"ANN"}'
	mv users.new users.ndjson
	sleep 1.2
	echo '{"uid":1,"n":2}' >&$writer
	exec {writer}>&-
	writer=
	stop_sjoin
	assert_equal "$status" 0
	assert_file_equal out $'{"uid":1,"n":1,"name":"ann"}\n{"uid":1,"n":2,"name":"ann"}\n'
}

# --- against a model -----------------------------------------------------

# The model reads inputs as sjoin(1) says regular files are read: in
# turns of 64 lines each, and joins them as the page says, without
# windows: keep last, first or all; complete or outer (incomplete keys
# at the end, by last arrival).  It writes the rows it expects.
MODEL=$(cat <<'PYEOF'
import itertools, json, random, sys

def make(seed, n, inputs, keys):
    rnd = random.Random(seed)
    files = [[] for _ in range(inputs)]
    for i in range(n):
        src = rnd.randrange(inputs)
        rec = {"id": rnd.randrange(keys), "src": src, "n": i}
        files[src].append(json.dumps(rec, separators=(",", ":")))
    for src, lines in enumerate(files):
        with open("in%d.ndjson" % src, "w") as f:
            f.write("".join(l + "\n" for l in lines))
    return files

def arrivals(files, turn=64):
    pos = [0] * len(files)
    while any(p < len(f) for p, f in zip(pos, files)):
        for src, f in enumerate(files):
            for line in f[pos[src]:pos[src] + turn]:
                yield src, line
            pos[src] += turn

def join(files, mode="complete", keep="last"):
    names = ["in%d" % i for i in range(len(files))]
    groups, out = {}, []
    def write(key, sides):
        for pick in itertools.product(*[s or ["null"] for s in sides]):
            out.append('{"key":%s%s}' % (key, "".join(
                ',"%s":%s' % (n, p) for n, p in zip(names, pick))))
    for src, line in arrivals(files):
        key = json.dumps(json.loads(line)["id"])
        sides = groups.pop(key, None) or [[] for _ in files]
        groups[key] = sides            # last arrival: at the end
        if keep == "all" or not sides[src]:
            sides[src].append(line)
        elif keep == "last":
            sides[src][0] = line
        if all(sides):
            write(key, sides)
            del groups[key]
    if mode == "outer":
        for key, sides in groups.items():
            write(key, sides)
    return out

files = make(int(sys.argv[1]), int(sys.argv[2]), 3, int(sys.argv[3]))
for mode, keep in (("complete", "last"), ("outer", "first"), ("complete", "all")):
    with open("model.%s.%s" % (mode, keep), "w") as f:
        f.write("".join(r + "\n" for r in join(files, mode, keep)))
PYEOF
)

@test "a join of 10,000 random records over 3 inputs agrees with a Python model" {
	"$PYTHON" -c "$MODEL" 8 10000 1500
	[ "$(cat in0.ndjson in1.ndjson in2.ndjson | wc -l)" -eq 10000 ]
	for mk in complete.last outer.first complete.all; do
		sjoin -k .id --mode "${mk%.*}" --keep "${mk#*.}" \
		    in0.ndjson in1.ndjson in2.ndjson >"got.$mk"
		[ "$(wc -l <"model.$mk")" -gt 500 ]
		run diff <(sort "model.$mk") <(sort "got.$mk")
		assert_success
	done
}

# --- sjoin(1) and README.md ----------------------------------------------

# displays: writes every literal display of sjoin(1), unescaped, to
# display.N (N from 1), and the list of N of the files shown (displays
# indented with -offset indent) to files.list.
displays() {
	awk '
	/^\.Bd -literal/ { n++; lit = 1; printf "" > ("display." n)
		if ($0 ~ /-offset indent/) print n > "files.list"; next }
	/^\.Ed/ { lit = 0; next }
	!lit { next }
	{ gsub(/\\e/, "\\"); gsub(/\\&/, ""); gsub(/\\\(dq/, "\""); print > ("display." n) }
	' "$REPO/man/sjoin.1"
}

# man_cases: every display with lines "$ CMD" as shell cases, as in
# swindow.bats: each command (going on over the next lines while it ends
# in "\" or "|") and the lines after it, its output, to case.N.sh and
# case.N.out.  A display with a command in the background ("&") is a live
# session, left to the test of the live example.
man_cases() {
	local d
	displays
	for d in display.*; do
		grep -q '^\$ .*&$' "$d" && continue
		awk -v tag="${d#display.}" '
		more { print > ("case." tag "." n ".sh"); more = /[\\|]$/; next }
		/^\$ / { n++; print substr($0, 3) > ("case." tag "." n ".sh")
			printf "" > ("case." tag "." n ".out"); more = /[\\|]$/; next }
		n { print > ("case." tag "." n ".out") }
		' "$d"
	done
}

@test "every pipeline shown in sjoin(1) prints what the page shows" {
	cp "$FIXTURES"/sjoin/*.ndjson .
	man_cases
	n=0
	for sh in case.*.sh; do
		n=$((n + 1))
		run bash -c "$(cat "$sh")"
		assert_equal "$(cat "$sh"): $status" "$(cat "$sh"): 0"
		assert_equal "$(cat "$sh")"$'\n'"$output" \
		    "$(cat "$sh")"$'\n'"$(cat "${sh%.sh}.out")"
	done
	[ "$n" -ge 10 ]
}

@test "the files shown in sjoin(1) are the fixtures the tests use" {
	displays
	names=(a b users emails plans requests responses events)
	mapfile -t shown <files.list
	assert_equal "${#shown[@]}" "${#names[@]}"
	for i in "${!names[@]}"; do
		run diff "$FIXTURES/sjoin/${names[$i]}.ndjson" "display.${shown[$i]}"
		assert_success
	done
}

@test "the live example of sjoin(1) writes each row as its record arrives, as the page shows" {
	displays
	session=$(grep -l '^\$ .*&$' display.*)
	[ "$(echo "$session" | wc -w)" -eq 1 ]
	# A script that runs the session's commands in turn and, before each
	# command and at the end, waits until the output so far is what the
	# page shows up to there.
	{
		cat <<'EOF2'
wait_out() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(cat session.out; printf x)" = "$1"x ] && return 0
		sleep 0.05
	done
	echo "timed out waiting for: $1" >&2
	exit 1
}
EOF2
		expected=
		while IFS= read -r line; do
			if [[ "$line" == '$ '* ]]; then
				printf 'wait_out %q\n' "$expected"
				printf '%s\n' "${line#'$ '}"
			else
				expected+="$line"$'\n'
			fi
		done <"$session"
		printf 'wait_out %q\n' "$expected"
		printf 'wait $! || exit 9\n'
	} >session.sh
	status=0
	timeout 20 bash session.sh >session.out 2>session.err 3>&- || status=$?
	cat session.sh session.err
	assert_equal "$status" 0
	assert_file_equal session.out "$(grep -v '^\$ ' "$session")"$'\n'
	assert_file_equal session.err ''
}

@test "sjoin(1) passes mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -Wwarning "$REPO/man/sjoin.1"
	assert_success
	assert_output ''
}

@test "README: the sjoin example of the tour prints what the README shows" {
	cp "$REPO/examples/data/sensors.ndjson" .
	awk '/^    \$ sjoin / { f = 1; print substr($0, 7) > "readme.sh"; next }
	    f && /^    [^$]/ { print substr($0, 5) > "readme.out"; next }
	    { f = 0 }' "$REPO/README.md"
	[ -s readme.sh ]
	[ "$(wc -l <readme.out)" -eq 3 ]
	run_sh "$(cat readme.sh)"
	assert_success
	assert_output "$(cat readme.out)"
	assert_equal "$stderr" ''
}
