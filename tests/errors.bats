#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Errors repeated on many lines: the first 10 of each kind in full, then
# counted; a summary line at exit whenever anything was rejected; -q;
# the hint for JSON written for people (pretty-printed, or an array).
# stream-tools(7), DIAGNOSTICS AND PROGRESS.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# bad_times N: N access records whose .ts is no time, in access.ndjson.
bad_times() {
	seq 1 "$1" | sed 's/.*/{"ts":"10:0&","path":"\/"}/' >access.ndjson
}

# messages N FILE: the full messages swindow writes for lines 1..N of the
# records of bad_times.
messages() {
	local i
	for ((i = 1; i <= $1; i++)); do
		printf 'swindow: %s:%d: -t: string ("10:0%d") is not an RFC 3339 time or an epoch number\n' "$2" "$i" "$i"
	done
}

T_KIND='-t: string is not an RFC 3339 time or an epoch number'

@test "an error on 4000 lines is told 10 times in full, then counted, and summed up at exit" {
	bad_times 4000
	run --separate-stderr swindow --tumbling 1m -t .ts access.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "$(messages 10 access.ndjson)
swindow: more lines rejected for \"$T_KIND\" are counted, not shown
swindow: 4000 of 4000 lines rejected (4000 $T_KIND); first at access.ndjson:1"
}

@test "the summary is written whatever --dead-letter, and every rejected line is still kept" {
	bad_times 40
	run --separate-stderr swindow --tumbling 1m -t .ts --dead-letter dead \
	    access.ndjson
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 12
	assert_equal "${stderr_lines[11]}" "swindow: 40 of 40 lines rejected (40 $T_KIND); first at access.ndjson:1"
	cmp dead access.ndjson
}

@test "nothing rejected, no summary" {
	printf '{"ts":"2024-05-01T00:00:00Z"}\n' >in
	run --separate-stderr swindow --tumbling 1m -t .ts in
	assert_success
	assert_equal "$stderr" ''
}

@test "a single rejected line is told and summed up in the singular" {
	printf 'x\n' >in
	run --separate-stderr smap . in
	assert_failure 1
	assert_equal "$stderr" "smap: in:1: invalid JSON at column 1: unexpected character 'x'
smap: 1 of 1 line rejected (1 invalid JSON); first at in:1"
}

@test "each kind has its own 10 full messages" {
	for i in $(seq 12); do
		printf '{"a":"s%d"}\n[%d]\n' "$i" "$i"
	done >in
	run --separate-stderr smap '.a + 1' in
	assert_failure 1
	assert_equal "$(grep -c '^smap: in:[0-9]*: string (.*) and number (1) cannot be added$' <<<"$stderr")" 10
	assert_equal "$(grep -c '^smap: in:[0-9]*: Cannot index array with string "a"$' <<<"$stderr")" 10
	assert_equal "${stderr_lines[20]}" 'smap: more lines rejected for "string and number cannot be added" are counted, not shown'
	assert_equal "${stderr_lines[21]}" 'smap: more lines rejected for "Cannot index array with string" are counted, not shown'
	assert_equal "${stderr_lines[-1]}" 'smap: 24 of 24 lines rejected (12 string and number cannot be added; 12 Cannot index array with string); first at in:1'
	assert_equal "${#stderr_lines[@]}" 23
}

@test "the kind leaves out the values, hints and advice that vary from line to line" {
	cat >in <<'EOF'
{"t":1714521600000}
{"t":1714521600000000}
{"t":"01/May/2024:00:00:00 +0000"}
{"t":"yesterday"}
{"t":[1,2,3]}
not json
{"t":
EOF
	run --separate-stderr swindow --tumbling 1m -t .t in
	assert_failure 1
	assert_equal "${stderr_lines[-1]}" 'swindow: 7 of 7 lines rejected (2 event time out of range; 2 -t: string is not an RFC 3339 time or an epoch number; 2 invalid JSON; 1 other); first at in:1'
}

@test "the summary names three kinds, most frequent first, and counts the rest as other" {
	{
		printf '[1]\n'
		printf '"s"\n"s"\n'
		printf 'true\ntrue\ntrue\n'
		printf '1\n'
		printf 'null\n'
		printf '{"a":1}\n'
	} >in
	run --separate-stderr smap '.[0]' in
	assert_failure 1
	assert_output $'1\nnull'
	assert_equal "${stderr_lines[-1]}" 'smap: 7 of 9 lines rejected (3 Cannot index boolean with number; 2 Cannot index string with number; 1 Cannot index number with number; 1 other); first at in:2'
	run --separate-stderr smap '.a' in
	assert_equal "${stderr_lines[-1]}" 'smap: 7 of 9 lines rejected (3 Cannot index boolean with string; 2 Cannot index string with string; 1 Cannot index array with string; 1 other); first at in:1'
}

@test "the summary counts over-long lines, and blank lines are no lines" {
	{
		printf '\n1\n\n'
		head -c 100 /dev/zero | tr '\0' 1
		printf '\n   \n2\n'
	} >in
	run --separate-stderr smap --max-line 50 . in
	assert_failure 1
	assert_output $'1\n2'
	assert_equal "$stderr" 'smap: in:4: line longer than 50 bytes (--max-line)
smap: 1 of 3 lines rejected (1 line longer than 50 bytes); first at in:4'
}

@test "the first place is the first rejected line of all the files" {
	printf '1\n' >a
	printf '2\nx\n' >b
	printf 'y\n' >c
	run --separate-stderr sfilter true a b c
	assert_failure 1
	assert_equal "${stderr_lines[-1]}" 'sfilter: 2 of 4 lines rejected (2 invalid JSON); first at b:2'
}

@test "-q and --quiet silence the per-line messages, not the summary, on every tool" {
	printf '{"k":"a","t":1,"s":"w"}\nnope\n{"k":"a","t":2,"s":"w"}\n' >in
	printf '{"k":"a"}\n' >other
	for c in 'smap .' 'sfilter true' 'skey .k' 'stokenize -f .s' 'scount' \
	    'swindow --tumbling 1s -t .t' 'sjoin -k .k other'; do
		for q in -q --quiet; do
			run --separate-stderr $c $q in
			assert_failure 1
			# sjoin reads the record of other too
			n=3
			[ "${c%% *}" = sjoin ] && n=4
			assert_equal "$stderr" "${c%% *}: 1 of $n lines rejected (1 invalid JSON); first at in:2"
		done
	done
}

@test "-q with --dead-letter still keeps every rejected line" {
	bad_times 30
	run --separate-stderr swindow -q --tumbling 1m -t .ts --dead-letter dead access.ndjson
	assert_failure 1
	assert_equal "$stderr" "swindow: 30 of 30 lines rejected (30 $T_KIND); first at access.ndjson:1"
	cmp dead access.ndjson
}

@test "--strict tells the line that stopped the tool, even with -q, and writes no summary" {
	printf '1\nx\n2\n' >in
	for q in '' -q; do
		run --separate-stderr smap --strict $q . in
		assert_failure 2
		assert_output 1
		assert_equal "$stderr" "smap: in:2: invalid JSON at column 1: unexpected character 'x'"
	done
}

@test "a first line that is { alone is pretty-printed JSON: the message says to pipe it through jq -c" {
	printf '{\n  "a": 1,\n  "b": [1, 2]\n}\n' >in
	run --separate-stderr smap .a in
	assert_failure 1
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'smap: in:1: invalid JSON at column 2: unexpected end of input (pretty-printed JSON? one JSON value per line: pipe it through jq -c .)'
	assert_equal "${stderr_lines[1]}" 'smap: in:2: invalid JSON at column 6: unexpected text after JSON value'
	assert_equal "${stderr_lines[-1]}" 'smap: 4 of 4 lines rejected (4 invalid JSON); first at in:1'
	# what the hint says works
	run_sh "$JQ -c . in | smap .a"
	assert_success
	assert_output 1
}

@test "a first line that opens an array says to pipe it through jq -c '.[]'" {
	printf '[\n  {"a": 1},\n  {"a": 2}\n]\n' >in
	run --separate-stderr scount -k .a in
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "scount: in:1: invalid JSON at column 2: unexpected end of input (a JSON array, or pretty-printed JSON? one JSON value per line: pipe it through jq -c '.[]')"
	printf '[{"a": 1},\n {"a": 2}]\n' >in
	run --separate-stderr scount -k .a in
	assert_equal "${stderr_lines[0]}" "scount: in:1: invalid JSON at column 11: unexpected end of input (a JSON array, or pretty-printed JSON? one JSON value per line: pipe it through jq -c '.[]')"
	run_sh "$JQ -c '.[]' in | scount -k .a"
	assert_success
	assert_output $'{"key":1,"count":1}\n{"key":2,"count":1}'
}

@test "a first record that is an array of objects and is rejected gets the same hint" {
	printf '[{"ts":"2024-05-01T00:00:00Z"},{"ts":"2024-05-01T00:00:01Z"}]\n' >in
	run --separate-stderr swindow --tumbling 1m -t .ts in
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "swindow: in:1: Cannot index array with string \"ts\" (the record is an array of objects: one JSON value per line: pipe it through jq -c '.[]')"
	# an array that a tool takes as it is is no mistake
	run --separate-stderr smap '.[0].ts' in
	assert_success
	assert_equal "$stderr" ''
}

@test "the hint is for the first record of each file only, and never for -R" {
	printf '1\n{\n' >a
	printf '  \n{"a":\n' >b
	run --separate-stderr smap . a b
	assert_failure 1
	assert_equal "$stderr" "smap: a:2: invalid JSON at column 2: unexpected end of input
smap: b:2: invalid JSON at column 6: unexpected end of input (pretty-printed JSON? one JSON value per line: pipe it through jq -c .)
smap: 2 of 3 lines rejected (2 invalid JSON); first at a:2"
	printf '{\n' >c
	run --separate-stderr smap -R 'error("no")' c
	assert_equal "${stderr_lines[0]}" 'smap: c:1: no'
}

@test "a reason that is only a quoted string, or empty, is a kind of its own, as it is" {
	printf '1\n2\n' >in
	run --separate-stderr smap 'if . == 1 then error("\"q\"") else error("") end' in
	assert_failure 1
	assert_equal "$stderr" 'smap: in:1: "q"
smap: in:2: 
smap: 2 of 2 lines rejected (1 "q"; 1 ); first at in:1'
}
