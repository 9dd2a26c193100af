#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# scount(1): counting records per key, the tables it writes, and when.

bats_require_minimum_version 1.5.0
load test_helper

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"

setup() {
	live_setup
}

teardown() {
	live_teardown
}

# The request log of scount(1)'s EXAMPLES.
access_log() {
	cat >access.ndjson <<'EOF'
{"ip":"10.0.0.1","method":"GET","path":"/","status":200}
{"ip":"10.0.0.2","method":"GET","path":"/login","status":200}
{"ip":"10.0.0.1","method":"POST","path":"/login","status":302}
{"ip":"10.0.0.3","method":"GET","path":"/missing","status":404}
{"ip":"10.0.0.2","method":"GET","path":"/","status":200}
{"ip":"10.0.0.1","method":"GET","path":"/","status":304}
EOF
}

# wait_until CMD...: runs CMD every 0.05 s until it succeeds; fails after
# about 3 s.
wait_until() {
	local i
	for ((i = 0; i < 60; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# distinct_at FILE: the distinct "at" values in FILE, one a line, in order.
distinct_at() {
	sed -n 's/.*"at":"\([^"]*\)".*/\1/p' "$1" | uniq
}

has_distinct_at() {
	[ "$(distinct_at "$1" | wc -l)" -ge "$2" ]
}

# at_ms T: an RFC 3339 time as milliseconds since the epoch.
at_ms() {
	date -u -d "$1" +%s%3N
}

# start_live FIFO OUT ARGS...: starts scount ARGS reading the FIFO in the
# background (stdout to OUT, stderr to OUT.err), then opens the FIFO for
# writing on the descriptor in $writer.  The pid is in $scount_pid.
start_live() {
	local fifo="$1" out="$2"
	shift 2
	mkfifo "$fifo"
	scount "$@" <"$fifo" >"$out" 2>"$out.err" 3>&- &
	scount_pid=$!
	bg_pids+=("$scount_pid")
	exec {writer}<>"$fifo"
}

# stop_live: closes the writer (end of input) and waits for scount; its
# exit status is in $live_status.
stop_live() {
	exec {writer}>&-
	writer=
	live_status=0
	wait "$scount_pid" || live_status=$?
	bg_pids=()
}

at_re='"at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"'

# --- counting and ordering ---------------------------------------------

@test "each distinct record is counted, most frequent first" {
	run_sh 'printf "\"b\"\n\"a\"\n\"b\"\n\"c\"\n\"b\"\n\"a\"\n" | scount'
	assert_success
	assert_output '{"key":"b","count":3}
{"key":"a","count":2}
{"key":"c","count":1}'
	assert_equal "$stderr" ""
}

@test "rows with equal counts are ordered by key" {
	run_sh 'printf "\"pear\"\n\"fig\"\n\"apple\"\n\"fig\"\n\"pear\"\n\"kiwi\"\n" | scount'
	assert_success
	assert_output '{"key":"fig","count":2}
{"key":"pear","count":2}
{"key":"apple","count":1}
{"key":"kiwi","count":1}'
}

@test "keys of mixed types are ordered as jq orders values" {
	printf '%s\n' '{"a":1}' '"a"' '[1]' 2.5 true '"B"' '{}' null '[]' \
	    false 10 -1 '[0,5]' '{"a":0}' '{"b":0}' 9 >in.ndjson
	run scount --sort key in.ndjson
	assert_success
	assert_output '{"key":null,"count":1}
{"key":false,"count":1}
{"key":true,"count":1}
{"key":-1,"count":1}
{"key":2.5,"count":1}
{"key":9,"count":1}
{"key":10,"count":1}
{"key":"B","count":1}
{"key":"a","count":1}
{"key":[],"count":1}
{"key":[0,5],"count":1}
{"key":[1],"count":1}
{"key":{},"count":1}
{"key":{"a":0},"count":1}
{"key":{"a":1},"count":1}
{"key":{"b":0},"count":1}'
}

@test "the default order equals jq's group_by then a stable sort by count" {
	printf '%s\n' '"x"' 3 '[1,2]' '"x"' null 3 '{"k":"v"}' '"y"' '[1,2]' \
	    true 3 '"é"' '"x"' '{"k":"v"}' false '"Z"' null 0.5 '[1]' \
	    '"é"' >in.ndjson
	expected="$("$JQ" -cs 'group_by(.) | map({key: .[0], count: length})
	    | sort_by(-.count) | .[]' in.ndjson)"
	run scount in.ndjson
	assert_success
	assert_output "$expected"
}

@test "strings are ordered by code point" {
	printf '%s\n' '"é"' '"z"' '"😀"' '"a\"b"' '"a"' '"Z"' '"ab"' >in.ndjson
	run scount --sort key in.ndjson
	assert_success
	assert_output '{"key":"Z","count":1}
{"key":"a","count":1}
{"key":"a\"b","count":1}
{"key":"ab","count":1}
{"key":"z","count":1}
{"key":"é","count":1}
{"key":"😀","count":1}'
}

@test "a string sorts before the longer strings it begins" {
	# The bytes after a prefix can be below the closing quote of the
	# JSON text (space, "!"), so the quote must not take part.
	printf '%s\n' '"to be"' '"to"' '"to!"' '"to\"x"' '"toa"' '""' '" "' >in.ndjson
	run scount --sort key in.ndjson
	assert_success
	assert_output '{"key":"","count":1}
{"key":" ","count":1}
{"key":"to","count":1}
{"key":"to be","count":1}
{"key":"to!","count":1}
{"key":"to\"x","count":1}
{"key":"toa","count":1}'
	# The same, as jq sorts them.
	expected="$("$JQ" -cs 'sort | .[] | {key: ., count: 1}' in.ndjson)"
	assert_output "$expected"
	# And in count order, the tie-break.
	run scount in.ndjson
	assert_output "$expected"
}

@test "a whole-record key does not depend on white space or number spelling" {
	printf '%s\n' '{"x":1}' '{"x" : 1}' '{ "x":1.0 }' '  {"x":1e0}' \
	    '"\u00e9"' '"é"' 7 ' 7 ' >in.ndjson
	run scount in.ndjson
	assert_success
	assert_output '{"key":{"x":1},"count":4}
{"key":7,"count":2}
{"key":"é","count":2}'
}

@test "the _key field is the key when present, the record otherwise" {
	printf '%s\n' '{"_key":"k1","v":1}' '{"v":2,"_key":"k1"}' \
	    '{"_key":[1,"a"]}' '{"_key":null}' '{"v":2}' '"_key"' \
	    '{"_key":[1, "a"],"x":0}' >in.ndjson
	run scount in.ndjson
	assert_success
	assert_output '{"key":"k1","count":2}
{"key":[1,"a"],"count":2}
{"key":null,"count":1}
{"key":"_key","count":1}
{"key":{"v":2},"count":1}'
}

@test "-k takes precedence over the _key field" {
	run_sh 'printf "%s\n" "{\"_key\":\"a\",\"v\":1}" "{\"_key\":\"b\",\"v\":1}" | scount -k .v'
	assert_success
	assert_output '{"key":1,"count":2}'
}

@test "-k accepts nested paths, pipes, constructions and interpolation" {
	printf '%s\n' '{"a":{"b":[1,2]},"n":"x"}' '{"a":{"b":[3,2]},"n":"y"}' \
	    '{"a":{"b":[5]},"n":"x"}' >in.ndjson
	run scount -k '.a.b[1]' in.ndjson
	assert_success
	assert_output '{"key":2,"count":2}
{"key":null,"count":1}'
	run scount -k '.a | .b | length' in.ndjson
	assert_output '{"key":2,"count":2}
{"key":1,"count":1}'
	run scount -k '{n, first: .a.b[0]}' --sort key in.ndjson
	# Objects with the same member names go by their values, in the
	# order of the sorted names: "first" before "n".
	assert_output '{"key":{"n":"x","first":1},"count":1}
{"key":{"n":"y","first":3},"count":1}
{"key":{"n":"x","first":5},"count":1}'
	run scount -k '"\(.n)-\(.a.b | length)"' in.ndjson
	assert_output '{"key":"x-1","count":1}
{"key":"x-2","count":1}
{"key":"y-2","count":1}'
	run scount -k 'if .a.b[0] > 2 then "big" else "small" end' in.ndjson
	assert_output '{"key":"big","count":2}
{"key":"small","count":1}'
}

@test "-k uses the first output of the expression only" {
	run_sh 'printf "%s\n" "{\"a\":1}" "{\"a\":2}" "{\"a\":1}" | scount -k ".a, 5"'
	assert_success
	assert_output '{"key":1,"count":2}
{"key":2,"count":1}'
}

@test "--key is the long form of -k" {
	run_sh 'printf "%s\n" "{\"a\":1}" "{\"a\":2}" "{\"a\":1}" | scount --key .a'
	assert_success
	assert_output '{"key":1,"count":2}
{"key":2,"count":1}'
}

@test "-R counts raw lines, empty ones included, without carriage returns" {
	printf 'to be\r\nor not\n\nto be\n"x"\n  \nor not' >in.txt
	run scount -R --sort none in.txt
	assert_success
	assert_output '{"key":"to be","count":2}
{"key":"or not","count":2}
{"key":"","count":1}
{"key":"\"x\"","count":1}
{"key":"  ","count":1}'
}

@test "blank lines are skipped and a last line without newline counts" {
	printf '"a"\n\n   \n\t\n"a"\r\n"b"' >in.ndjson
	run scount in.ndjson
	assert_success
	assert_output '{"key":"a","count":2}
{"key":"b","count":1}'
}

@test "empty input writes nothing and succeeds" {
	run scount </dev/null
	assert_success
	assert_output ''
}

@test "many distinct keys are all counted" {
	run_sh 'seq 1 100000 >in; seq 1 50000 >>in
	    scount --sort none in | wc -l
	    scount --top 2 in
	    scount --sort key in | tail -n 1'
	assert_success
	assert_output '100000
{"key":1,"count":2}
{"key":2,"count":2}
{"key":100000,"count":1}'
}

# --- --sort and --top --------------------------------------------------

@test "--sort key orders rows by key alone" {
	run_sh 'printf "%s\n" "\"b\"" 3 "\"a\"" "\"b\"" 3 3 | scount --sort key'
	assert_success
	assert_output '{"key":3,"count":3}
{"key":"a","count":1}
{"key":"b","count":2}'
}

@test "--sort none keeps the order in which keys were first seen" {
	run_sh 'printf "%s\n" "\"b\"" 3 "\"a\"" "\"b\"" 3 3 | scount --sort none'
	assert_success
	assert_output '{"key":"b","count":2}
{"key":3,"count":3}
{"key":"a","count":1}'
}

@test "--sort count is the default order" {
	printf '%s\n' '"b"' 3 '"a"' '"b"' 3 3 >in.ndjson
	expected="$(scount in.ndjson)"
	run scount --sort count in.ndjson
	assert_success
	assert_output "$expected"
	assert_output '{"key":3,"count":3}
{"key":"b","count":2}
{"key":"a","count":1}'
}

@test "--top keeps the first N rows of the sorted table" {
	printf '%s\n' '"b"' 3 '"a"' '"b"' 3 3 '"c"' >in.ndjson
	run scount --top 2 in.ndjson
	assert_success
	assert_output '{"key":3,"count":3}
{"key":"b","count":2}'
	run scount --top 2 --sort key in.ndjson
	assert_output '{"key":3,"count":3}
{"key":"a","count":1}'
	run scount --top 2 --sort none in.ndjson
	assert_output '{"key":"b","count":2}
{"key":3,"count":3}'
	run scount --top 1 in.ndjson
	assert_output '{"key":3,"count":3}'
	run scount --top 100 in.ndjson
	assert_output '{"key":3,"count":3}
{"key":"b","count":2}
{"key":"a","count":1}
{"key":"c","count":1}'
}

@test "--top breaks a tie at the cut by key" {
	run_sh 'printf "%s\n" "\"z\"" "\"m\"" "\"a\"" "\"q\"" "\"q\"" | scount --top 2'
	assert_success
	assert_output '{"key":"q","count":2}
{"key":"a","count":1}'
}

# --- --running -----------------------------------------------------------

@test "--running writes the updated row after every record, then the table" {
	access_log
	run scount --running -k .ip access.ndjson
	assert_success
	assert_output '{"key":"10.0.0.1","count":1}
{"key":"10.0.0.2","count":1}
{"key":"10.0.0.1","count":2}
{"key":"10.0.0.3","count":1}
{"key":"10.0.0.2","count":2}
{"key":"10.0.0.1","count":3}
{"key":"10.0.0.1","count":3}
{"key":"10.0.0.2","count":2}
{"key":"10.0.0.3","count":1}'
}

@test "--running with --top and --sort still writes every running row" {
	run_sh 'printf "%s\n" "\"b\"" "\"a\"" "\"b\"" | scount --running --top 1 --sort key'
	assert_success
	assert_output '{"key":"b","count":1}
{"key":"a","count":1}
{"key":"b","count":2}
{"key":"a","count":1}'
}

@test "--running skips rejected records" {
	run_sh 'printf "\"a\"\nnope\n\"a\"\n" | scount --running'
	assert_failure 1
	assert_output '{"key":"a","count":1}
{"key":"a","count":2}
{"key":"a","count":2}'
}

@test "--running rows are written while the input is still open" {
	start_live fifo out --running
	printf '"a"\n' >&"$writer"
	wait_until grep -qxF '{"key":"a","count":1}' out
	printf '"b"\n"a"\n' >&"$writer"
	wait_until grep -qxF '{"key":"a","count":2}' out
	assert_file_equal out '{"key":"a","count":1}
{"key":"b","count":1}
{"key":"a","count":2}
'
	stop_live
	assert_equal "$live_status" 0
	assert_file_equal out '{"key":"a","count":1}
{"key":"b","count":1}
{"key":"a","count":2}
{"key":"a","count":2}
{"key":"b","count":1}
'
}

# --- --every -------------------------------------------------------------

@test "--every writes a stamped table while the input is still open" {
	start_live fifo out --every 100ms
	printf '"a"\n"b"\n"a"\n' >&"$writer"
	wait_until grep -q '"at"' out
	run head -n 2 out
	assert_line --index 0 --regexp "^\{\"key\":\"a\",\"count\":2,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"b\",\"count\":1,$at_re\}$"
	# The stamp is the wall clock, in UTC.
	at="$(distinct_at out | head -n 1)"
	now="$(date +%s%3N)"
	[ $((now - $(at_ms "$at"))) -ge 0 ]
	[ $((now - $(at_ms "$at"))) -lt 5000 ]
	stop_live
	assert_equal "$live_status" 0
}

@test "--every repeats the table while the input is idle" {
	start_live fifo out --every 100ms
	printf '"a"\n' >&"$writer"
	wait_until has_distinct_at out 2
	# Still open: two tables from the one record, at two later times.
	# (Ticks keep to the schedule, so a late tick may come closer than a
	# period to the next one: only the order is certain.)
	run distinct_at out
	[ "${#lines[@]}" -ge 2 ]
	first="$(at_ms "${lines[0]}")"
	second="$(at_ms "${lines[1]}")"
	[ "$second" -gt "$first" ]
	run grep -c '^{"key":"a","count":1,"at":"' out
	[ "$output" -ge 2 ]
	run grep -vc '^{"key":"a","count":1,"at":"' out
	assert_output 0
	stop_live
	assert_equal "$live_status" 0
}

@test "--every counts are cumulative across tables" {
	start_live fifo out --every 100ms
	printf '"a"\n' >&"$writer"
	wait_until grep -q '"key":"a","count":1,"at"' out
	printf '"a"\n"b"\n' >&"$writer"
	wait_until grep -q '"key":"a","count":2,"at"' out
	assert [ -n "$(grep '"key":"b","count":1,"at"' out)" ]
	stop_live
	run tail -n 2 out
	assert_line --index 0 --regexp "^\{\"key\":\"a\",\"count\":2,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"b\",\"count\":1,$at_re\}$"
}

@test "--every with --top writes the first N rows in each table" {
	start_live fifo out --every 100ms --top 1
	printf '"a"\n"b"\n"b"\n' >&"$writer"
	wait_until has_distinct_at out 2
	run grep -vc '^{"key":"b","count":2,"at":"' out
	assert_output 0
	stop_live
	run tail -n 1 out
	assert_output --regexp "^\{\"key\":\"b\",\"count\":2,$at_re\}$"
}

@test "--every stamps the final table at end of input" {
	run_sh 'printf "\"a\"\n\"b\"\n\"a\"\n" | scount --every 1h'
	assert_success
	assert_line --index 0 --regexp "^\{\"key\":\"a\",\"count\":2,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"b\",\"count\":1,$at_re\}$"
	assert_equal "${#lines[@]}" 2
	# One table, so one time.
	assert_equal "$(printf '%s\n' "$output" | sed 's/.*"at"//' | uniq | wc -l)" 1
}

@test "--every accepts every duration form" {
	for d in 250ms 5s 1m 1h30m 1d; do
		run_sh "printf '\"a\"\n' | scount --every $d"
		assert_success
		assert_output --regexp "^\{\"key\":\"a\",\"count\":1,$at_re\}$"
	done
}

@test "--every with no records writes no rows" {
	start_live fifo out --every 50ms
	# Wait for at least two periods of an empty table.
	sleep 0.2
	stop_live
	assert_equal "$live_status" 0
	assert_file_equal out ''
}

@test "--every below 10ms is a usage error" {
	for d in 1ns 1us 9ms 9999999ns; do
		run --separate-stderr timeout -s KILL 5 scount --every "$d" </dev/null
		assert_failure 2
		assert_output ''
		assert_equal "$stderr" "scount: --every: less than the 10ms minimum: $d"
	done
	run_sh 'printf "\"a\"\n" | scount --every 10ms'
	assert_success
	assert_output --regexp "^\{\"key\":\"a\",\"count\":1,$at_re\}$"
}

@test "--every 10ms on a table too big to sort in 10ms still reads its input" {
	# Each table sorts 100000 keys; the next is due a period after it.
	seq 100000 >in
	run --separate-stderr timeout -s KILL 60 scount --every 10ms --top 3 in
	assert_success
	assert_equal "$stderr" ""
	run tail -n 3 <<<"$output"
	assert_line --index 0 --regexp "^\{\"key\":1,\"count\":1,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":2,\"count\":1,$at_re\}$"
	assert_line --index 2 --regexp "^\{\"key\":3,\"count\":1,$at_re\}$"
}

# --- signals -------------------------------------------------------------

@test "SIGTERM ends the input, the final table is written, then scount dies by SIGTERM" {
	start_live fifo out --running
	printf '"a"\n"b"\n"a"\n' >&"$writer"
	wait_until grep -qxF '{"key":"a","count":2}' out
	kill -TERM "$scount_pid"
	status=0
	wait "$scount_pid" || status=$?
	bg_pids=()
	assert_equal "$status" 143
	assert_file_equal out '{"key":"a","count":1}
{"key":"b","count":1}
{"key":"a","count":2}
{"key":"a","count":2}
{"key":"b","count":1}
'
}

@test "SIGINT ends the input, the final table is written, then scount dies by SIGINT" {
	start_live fifo out --every 1h --running
	printf '"a"\n"b"\n"a"\n' >&"$writer"
	wait_until grep -qxF '{"key":"a","count":2}' out
	kill -INT "$scount_pid"
	status=0
	wait "$scount_pid" || status=$?
	bg_pids=()
	assert_equal "$status" 130
	run tail -n 2 out
	assert_line --index 0 --regexp "^\{\"key\":\"a\",\"count\":2,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"b\",\"count\":1,$at_re\}$"
	run wc -l <out
	assert_output 5
}

# --- rejected records ----------------------------------------------------

@test "a line that is not JSON is reported, skipped, and gives status 1" {
	printf '"a"\nnot json\n"a"\n{"x":\n' >in.ndjson
	run --separate-stderr scount in.ndjson
	assert_failure 1
	assert_output '{"key":"a","count":2}'
	assert_equal "${#stderr_lines[@]}" 3
	[[ "${stderr_lines[0]}" == "scount: in.ndjson:2: "* ]]
	[[ "${stderr_lines[1]}" == "scount: in.ndjson:4: "* ]]
	assert_equal "${stderr_lines[2]}" 'scount: 2 of 4 lines rejected (2 invalid JSON); first at in.ndjson:2'
}

@test "a record the -k expression fails on is rejected with jq's message" {
	printf '%s\n' '{"a":1}' '{"a":"x"}' '{"a":2}' >in.ndjson
	run --separate-stderr scount -k '.a + 1' in.ndjson
	assert_failure 1
	assert_output '{"key":2,"count":1}
{"key":3,"count":1}'
	jqmsg="$(printf '{"a":"x"}\n' | "$JQ" '.a + 1' 2>&1 >/dev/null || true)"
	assert_equal "$stderr" "scount: in.ndjson:2: ${jqmsg#'jq: error (at <stdin>:1): '}
scount: 1 of 3 lines rejected (1 string and number cannot be added); first at in.ndjson:2"
}

@test "a record the -k expression gives no output for is rejected" {
	printf '%s\n' '{"a":1}' '{"b":1}' '{"a":1}' >in.ndjson
	run --separate-stderr scount -k '.a // empty' in.ndjson
	assert_failure 1
	assert_output '{"key":1,"count":2}'
	[[ "$stderr" == "scount: in.ndjson:2: "* ]]
}

@test "a -k expression on a non-object is rejected like jq rejects it" {
	run_sh 'printf "%s\n" "{\"a\":1}" "[1]" "\"s\"" | scount -k .a'
	assert_failure 1
	assert_output '{"key":1,"count":1}'
	assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 3
}

@test "--dead-letter appends every rejected line verbatim" {
	printf 'old\n' >dead
	printf '"a"\nnot json\n{"a":"x"}\n"b"\n  bad  \r\n' >in.ndjson
	run --separate-stderr scount --dead-letter dead -k '.a? // ("k" + .)' in.ndjson
	assert_failure 1
	assert_output '{"key":"ka","count":1}
{"key":"kb","count":1}
{"key":"x","count":1}'
	# Verbatim: white space and the carriage return kept.
	assert_file_equal dead $'old\nnot json\n  bad  \r\n'
}

@test "--strict stops at the first rejected line with status 2 and no table" {
	printf '"a"\nbad\n"b"\n' >in.ndjson
	run --separate-stderr scount --strict in.ndjson
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "scount: in.ndjson:2: "* ]]
}

@test "--max-line rejects longer lines and counts the rest" {
	printf '"%s"\n"b"\n"c"\n' "$(printf 'a%.0s' $(seq 1 40))" >in.ndjson
	run --separate-stderr scount --max-line 16 --dead-letter dead in.ndjson
	assert_failure 1
	assert_output '{"key":"b","count":1}
{"key":"c","count":1}'
	[[ "$stderr" == "scount: in.ndjson:1: "*"--max-line"* ]]
	run wc -l <dead
	assert_output 1
}

# --- files, usage, output ------------------------------------------------

@test "files are read in order, with - for the standard input" {
	printf '"a"\n"b"\n' >one
	printf '"b"\n' >two
	run_sh 'printf "\"c\"\n" | scount --sort none one - two'
	assert_success
	assert_output '{"key":"a","count":1}
{"key":"b","count":2}
{"key":"c","count":1}'
}

@test "an unreadable file is an error with status 2, the others are counted" {
	printf '"a"\n' >one
	run --separate-stderr scount one missing one
	assert_failure 2
	assert_output '{"key":"a","count":2}'
	[[ "$stderr" == *missing* ]]
}

@test "usage errors exit with status 2 before reading input" {
	mkfifo never
	exec {writer}<>never
	for args in '--top 0' '--top -1' '--top x' '--sort bogus' \
	    '--sort' '--every 0s' '--every 5x' '--every' '-k .[' \
	    '-k' '--max-line 0' '--bogus' '-x'; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 5 scount $args <never
		assert_equal "$status $args" "2 $args"
		assert_equal "$output" ''
		[ -n "$stderr" ]
	done
}

@test "a bad -k expression is shown with its position" {
	run --separate-stderr scount -k '.a |' </dev/null
	assert_failure 2
	assert_equal "$output" ''
	[[ "${stderr_lines[0]}" == "scount: "* ]]
	[[ "$stderr" == *'.a |'* ]]
}

@test "-h prints the usage and examples on the standard output" {
	run --separate-stderr scount -h
	assert_success
	assert_line --index 0 --partial 'usage: scount [-cFqR] [-k EXPR] [--sort count|key|none] [--top N]'
	assert_output --partial 'examples:'
	assert_equal "$stderr" ''
	run scount --help
	assert_success
	assert_line --index 0 --partial 'usage: scount'
}

@test "--version prints the version" {
	run scount --version
	assert_success
	assert_output --regexp '^scount .*[0-9]+\.[0-9]+'
}

@test "a closed standard output ends scount quietly" {
	run_sh 'seq 1 200000 | scount --running | head -n 1
	    echo "status ${PIPESTATUS[1]}"'
	assert_output '{"key":1,"count":1}
status 0'
	assert_equal "$stderr" ''
}

# --- scount(1) -----------------------------------------------------------

# man_examples: the EXAMPLES of scount(1) as shell cases: every literal
# line starting "$ " is a command, the lines up to the next command or the
# end of the display its output.  A display ending in "..." is live and
# left out.  Writes case.N.sh and case.N.out.
man_examples() {
	awk '
	/^\.Sh / { ex = ($2 == "EXAMPLES") }
	!ex { next }
	/^\.Bd -literal/ { lit = 1; n0 = n; next }
	/^\.Ed/ {
		if (lit && live) for (i = n0 + 1; i <= n; i++) {
			system("rm -f case." i ".sh case." i ".out")
		}
		lit = 0; live = 0; next
	}
	!lit { next }
	{ gsub(/\\e/, "\\"); gsub(/\\&/, "") }
	/^\.\.\.$/ { live = 1; next }
	/^\$ / { n++; print substr($0, 3) > ("case." n ".sh"); printf "" > ("case." n ".out"); next }
	n > n0 { print > ("case." n ".out") }
	' "$REPO/man/scount.1"
}

@test "every EXAMPLES pipeline of scount(1) prints what the page shows" {
	access_log
	ln -s "$REPO/examples" examples
	man_examples
	n=0
	for sh in case.*.sh; do
		n=$((n + 1))
		run bash -c "$(cat "$sh")"
		assert_equal "$(cat "$sh"): $status" "$(cat "$sh"): 0"
		assert_equal "$(cat "$sh")"$'\n'"$output" \
		    "$(cat "$sh")"$'\n'"$(cat "${sh%.sh}.out")"
	done
	[ "$n" -ge 8 ]
}

@test "the request log in scount(1) is the one these tests use" {
	access_log
	awk '/^In the next examples/ { f = 1 } f && /^\.Bd/ { d = 1; next }
	    d && /^\.Ed/ { exit } d' "$REPO/man/scount.1" >page.ndjson
	run diff access.ndjson page.ndjson
	assert_success
}

@test "the live example of scount(1) shows a top three every second" {
	access_log
	mkfifo pipe
	tail -F access.ndjson >pipe 2>/dev/null 3>&- &
	bg_pids+=("$!")
	scount -k .path --top 3 --every 1s <pipe >out 3>&- &
	scount_pid=$!
	bg_pids+=("$scount_pid")
	wait_until has_distinct_at out 1
	run head -n 3 out
	assert_line --index 0 --regexp "^\{\"key\":\"/\",\"count\":3,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"/login\",\"count\":2,$at_re\}$"
	assert_line --index 2 --regexp "^\{\"key\":\"/missing\",\"count\":1,$at_re\}$"
	# The log grows; a later table shows it.
	printf '%s\n' '{"ip":"10.0.0.4","method":"GET","path":"/missing","status":404}' \
	    '{"ip":"10.0.0.4","method":"GET","path":"/missing","status":404}' >>access.ndjson
	wait_until grep -q '"key":"/missing","count":3' out
	run tail -n 3 out
	assert_line --index 0 --regexp "^\{\"key\":\"/\",\"count\":3,$at_re\}$"
	assert_line --index 1 --regexp "^\{\"key\":\"/missing\",\"count\":3,$at_re\}$"
	assert_line --index 2 --regexp "^\{\"key\":\"/login\",\"count\":2,$at_re\}$"
}

@test "scount(1) passes mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -Wwarning "$REPO/man/scount.1"
	assert_success
	assert_output ''
}
