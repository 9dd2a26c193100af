#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# --state and --checkpoint: what survives a restart (issue 9).  The kill
# -9 loop (killtest.sh) restarts a tool after random SIGKILLs and checks
# that nothing is lost and every duplicate is the same as its first copy;
# the other tests check the restore itself, the state files that are
# refused, the files that changed since, and a disk that is full.

load test_helper

KILLTEST="$BATS_TEST_DIRNAME/killtest.sh"

# Records a kill loop reads: fewer under AddressSanitizer, which is
# several times slower; the kills are as many.
RECORDS=100000
if ldd "$(readlink -f "$(command -v swindow)")" 2>/dev/null | grep -q asan; then
	RECORDS=40000
fi

setup() {
	live_setup
	mnt=
}

teardown() {
	live_teardown
	if [ -n "$mnt" ]; then
		umount "$mnt" 2>/dev/null
	fi
	return 0
}

# kill_case FIELDS TOOL ARG...: the kill -9 loop over the events of
# killtest.sh (generated once for the whole file, in its work directory),
# at least 20 kills; FIELDS are the JSON fields that identify a row.
# Partial last lines are dropped (-P): see the test of their own below.
kill_case() {
	local fields="$1" kills
	shift
	run --separate-stderr "$KILLTEST" -P -n 20 -r "$RECORDS" -j "$RECORDS" \
	    -w "$BATS_FILE_TMPDIR/kt" -u "$fields" "$@"
	printf 'status: %s\nstdout:\n%s\nstderr:\n%s\n' \
	    "$status" "$output" "$stderr"
	assert_success
	assert_line --regexp '^kills survived: [0-9]+, windows compared: [0-9]+'
	kills="$(sed -n 's/^kills survived: \([0-9]*\),.*/\1/p' <<<"$output")"
	[ "$kills" -ge 20 ]
	sed -n 's/^kills survived/# &/p' <<<"$output" >&3
}

AGGS=(-a count -a 'sum(.v)' -a 'avg(.f)' -a 'p50(.v)' -a 'distinct(.v)'
    -a 'first(.v)' -a 'last(.v)' -a 'collect(.v)' -a 'stddev(.f)')

@test "swindow --tumbling with every kind of aggregate survives 20 kill -9s: all windows, duplicates identical" {
	kill_case key,start swindow --tumbling 10s -k .k -t .ts \
	    --time-unit ms "${AGGS[@]}" events.ndjson
}

@test "swindow --session survives 20 kill -9s: all sessions, duplicates identical" {
	kill_case key,start swindow --session 5s -k .k -t .ts --time-unit ms \
	    -a count -a 'sum(.v)' -a 'last(.v)' -a 'collect(.v)' events.ndjson
}

@test "swindow --sliding survives 20 kill -9s: all windows, duplicates identical" {
	kill_case key,start swindow --sliding 10s --every 5s -k .k -t .ts \
	    --time-unit ms -a count -a 'p50(.v)' -a 'distinct(.v)' \
	    -a 'max(.f)' events.ndjson
}

@test "scount survives 20 kill -9s over six inputs: the final table is the uninterrupted one" {
	kill_case key scount -k .k events.ndjson events.ndjson events.ndjson \
	    events.ndjson events.ndjson events.ndjson
}

@test "scount --running survives 20 kill -9s: the union of the rows is the uninterrupted run's" {
	kill_case key,count scount --running -k .k events.ndjson events.ndjson
}

@test "sjoin survives 20 kill -9s: every key joined, each row identical to its first copy" {
	printf '{"id":1}\n' >l.ndjson
	printf '{"id":1}\n' >r.ndjson
	if ! sjoin -k .id --state probe l.ndjson r.ndjson >/dev/null 2>&1; then
		skip "sjoin --state not yet"
	fi
	kill_case key sjoin -k .id left.ndjson right.ndjson
}

@test "runs killed with SIGKILL appending to one file (>>) leave no line cut short or glued to the next" {
	run "$KILLTEST" -A -n 20 -r "$RECORDS" -j "$RECORDS" -w "$BATS_FILE_TMPDIR/kt" \
	    -u key,start swindow --sliding 10s --every 5s -k .k -t .ts \
	    --time-unit ms -a count events.ndjson
	assert_success
}

@test "a restart cuts off the part of a line a kill left at the end of its output file, once" {
	printf '{"k":"a"}\n{"k":"b"}\n' >in.ndjson
	scount --state st in.ndjson >out.ndjson
	printf '{"key":{"k":"a"},"co' >>out.ndjson
	printf '{"k":"a"}\n' >>in.ndjson
	run --separate-stderr scount --state st in.ndjson
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr sh -c 'scount --state st in.ndjson >>out.ndjson'
	assert_success
	assert_equal "$stderr" 'scount: standard output ended in a line cut short by a crash: its 20 bytes are removed, and the line is written again'
	assert_equal "$(cat out.ndjson)" '{"key":{"k":"a"},"count":1}
{"key":{"k":"b"},"count":1}
{"key":{"k":"a"},"count":2}
{"key":{"k":"b"},"count":1}'
}

@test "a run killed before its first snapshot leaves a fragment that the next run, a fresh start, cuts off" {
	printf '{"k":"a"}\n' >in.ndjson
	printf '{"key":{"k":"a"},"co' >out.ndjson
	run --separate-stderr sh -c 'scount --state st in.ndjson >>out.ndjson'
	assert_success
	assert_equal "$stderr" 'scount: standard output ended in a line cut short by a crash: its 20 bytes are removed, and the line is written again'
	assert_equal "$(cat out.ndjson)" '{"key":{"k":"a"},"count":1}'
}

# ---- a restart goes on where the last run stopped ----

# wait_state_offset STATE N: polls (up to 5 s) until the snapshot in
# STATE has read its input up to byte N.
wait_state_offset() {
	local i
	for ((i = 0; i < 100; i++)); do
		if [ -f "$1" ] && grep -q "\"offset\":$2," "$1"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

@test "after SIGTERM with --state the open windows stay in the state, and a rerun over the grown file gives the whole file's windows" {
	printf '%s\n' '{"k":"a","ts":10,"v":1}' '{"k":"b","ts":20,"v":2}' \
	    '{"k":"a","ts":50,"v":3}' '{"k":"b","ts":65,"v":4}' \
	    '{"k":"a","ts":70,"v":5}' >first
	printf '%s\n' '{"k":"b","ts":100,"v":6}' '{"k":"a","ts":110,"v":7}' \
	    '{"k":"a","ts":130,"v":8}' '{"k":"b","ts":190,"v":9}' >second
	cat first second >whole
	swindow --tumbling 1m -k .k -t .ts -a count -a 'sum(.v)' \
	    -a 'collect(.v)' whole >expected
	cp first log
	swindow -F --tumbling 1m -k .k -t .ts -a count -a 'sum(.v)' \
	    -a 'collect(.v)' --state st --checkpoint 20ms log >out1 2>err1 &
	bg_pids=($!)
	wait_state_offset st "$(stat -c %s first)"
	wait_for_file_line out1 \
	    '{"key":"b","start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:01:00.000Z","count":1,"sum":2,"collect":[2]}'
	kill -TERM "${bg_pids[0]}"
	stop_status=0
	wait "${bg_pids[0]}" || stop_status=$?
	bg_pids=()
	assert_equal "$stop_status" 143
	assert_file_equal err1 ''
	# the windows that start at 60 s were open: not written, kept
	assert_file_equal out1 "$(head -2 expected)"$'\n'
	cat second >>log
	run_sh 'swindow --tumbling 1m -k .k -t .ts -a count -a "sum(.v)" -a "collect(.v)" --state st log >out2'
	assert_success
	assert_equal "$stderr" ''
	run cat out1 out2
	assert_output "$(cat expected)"
	run grep -c '"start":"1970-01-01T00:01:00.000Z"' out2
	assert_output 2
}

@test "a rerun over a file read to its end reads only what was appended: scount adds it to the counts it kept" {
	printf '{"k":"a"}\n{"k":"b"}\n{"k":"a"}\n' >log
	run_sh 'scount -k .k --state st log'
	assert_success
	printf '{"k":"b"}\n{"k":"c"}\n' >>log
	run_sh 'scount -k .k --sort key --state st log'
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"a","count":2}
{"key":"b","count":2}
{"key":"c","count":1}'
	# and nothing new: the same table again
	run_sh 'scount -k .k --sort key --state st log'
	assert_output '{"key":"a","count":2}
{"key":"b","count":2}
{"key":"c","count":1}'
}

@test "a rerun of swindow over an unchanged file read to its end writes nothing: every window was closed at its end" {
	printf '{"k":"a","ts":1}\n{"k":"a","ts":70}\n' >log
	run_sh 'swindow --tumbling 1m -k .k -t .ts --state st log'
	assert_success
	assert_equal "${#lines[@]}" 2
	run_sh 'swindow --tumbling 1m -k .k -t .ts --state st log'
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

# ---- state files that are refused ----

# good_state: st holds the snapshot of a finished swindow run over log,
# with the windows of the second minute still open (SIGTERM), and
# st.orig a copy of it.
good_state() {
	printf '{"k":"a","ts":1,"v":1}\n{"k":"a","ts":70,"v":2}\n' >log
	swindow -F --tumbling 1m -k .k -t .ts -a count --state st \
	    --checkpoint 20ms log >out 2>err &
	bg_pids=($!)
	wait_for_file_line out \
	    '{"key":"a","start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:01:00.000Z","count":1}'
	wait_state_offset st "$(stat -c %s log)"
	kill -TERM "${bg_pids[0]}"
	wait "${bg_pids[0]}" || :
	bg_pids=()
	cp st st.orig
}

# refused COMMAND MESSAGE: the command exits 2 with MESSAGE on stderr,
# writes nothing, and st is left byte for byte as it was (st.orig).
refused() {
	run_sh "$1 >out2"
	assert_equal "$status" 2
	assert_equal "$stderr" "$2"
	assert_file_equal out2 ''
	cmp st st.orig
}

SW='swindow --tumbling 1m -k .k -t .ts -a count --state st'

@test "a state file with one byte changed is refused (exit 2) and left as it is" {
	good_state
	python3 -c '
import sys
d = bytearray(open("st", "rb").read()); d[len(d) // 2] ^= 0x20
open("st", "wb").write(d)'
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: corrupt state file (its checksum does not match) (the file is left as it is)'
}

@test "a state file cut short is refused (exit 2) and left as it is" {
	good_state
	head -c 150 st.orig >st
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: truncated or corrupt state file (no end line) (the file is left as it is)'
}

@test "a state file that is not one (random text, or empty) is refused (exit 2) and left as it is" {
	good_state
	printf 'hello, this is my shopping list\neggs\n' >st
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: not a stream tools state file (the file is left as it is)'
	: >st
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: not a stream tools state file (the file is left as it is)'
}

@test "a state file of another format version is refused (exit 2) and left as it is" {
	good_state
	sed '1s/state 1/state 2/' st.orig >st
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: a state file of format 2; this version reads format 1 (the file is left as it is)'
}

@test "the state file of another tool is refused (exit 2) and left as it is" {
	printf '{"k":"a"}\n' >log
	scount -k .k --state st log >/dev/null
	cp st st.orig
	refused "$SW log" \
	    'swindow: st: the state of scount, not of swindow (the file is left as it is)'
}

@test "a state file of another window length is refused (exit 2), saying which option differs" {
	good_state
	refused 'swindow --tumbling 5m -k .k -t .ts -a count --state st log' \
	    'swindow: st: written by another command line: --tumbling 1m in the state, --tumbling 5m now (the file is left as it is)'
}

@test "a state file of another key is refused (exit 2), saying which option differs" {
	good_state
	refused 'swindow --tumbling 1m -k .v -t .ts -a count --state st log' \
	    'swindow: st: written by another command line: --key .k in the state, --key .v now (the file is left as it is)'
}

@test "a state file of another aggregate list is refused (exit 2), saying which option differs" {
	good_state
	refused 'swindow --tumbling 1m -k .k -t .ts -a count -a "sum(.v)" --state st log' \
	    'swindow: st: written by another command line: --agg count in the state, --agg count --agg sum(.v) now (the file is left as it is)'
	refused 'swindow --tumbling 1m -k .k -t .ts --state st log' \
	    'swindow: st: written by another command line: --agg count in the state, no --agg now (the file is left as it is)'
}

@test "a state file of another input list is refused (exit 2), saying which input differs" {
	good_state
	cp log other
	refused "$SW other" \
	    'swindow: st: written by another command line: input 1 is log in the state, other now (the file is left as it is)'
	refused "$SW log other" \
	    'swindow: st: written by another command line: input 2 is none in the state, other now (the file is left as it is)'
}

@test "a state file of other --arg values is refused (exit 2), naming the value; -c is not compared" {
	printf '{"k":"a","ts":60}\n' >log
	swindow --tumbling 1m -k '.k + $s' -t .ts --arg s x --state st log >/dev/null
	cp st st.orig
	refused "swindow --tumbling 1m -k '.k + \$s' -t .ts --arg s y --state st log" \
	    'swindow: st: written by another command line: --arg s x in the state, --arg s y now (the file is left as it is)'
	run_sh "swindow --tumbling 1m -k '.k + \$s' -t .ts --arg s x -c --state st log"
	assert_success
	assert_equal "$stderr" ''
}

@test "options that do not change the state (--checkpoint, --strict, -k as --key) are not compared" {
	good_state
	run_sh 'swindow --tumbling 1m --key .k -t .ts -a count --state st --checkpoint 1s --strict log'
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"a","start":"1970-01-01T00:01:00.000Z","end":"1970-01-01T00:02:00.000Z","count":1}'
}

# ---- inputs that changed since the snapshot ----

@test "a file replaced since the snapshot is read from the start, with a warning" {
	printf '{"k":"a"}\n{"k":"b"}\n' >log
	scount -k .k --state st log >/dev/null
	rm log
	printf '{"k":"c"}\n{"k":"c"}\n{"k":"b"}\n' >log
	run_sh 'scount -k .k --sort key --state st log'
	assert_success
	assert_equal "$stderr" 'scount: log: not the file the state was saved with (replaced or truncated since): reading it from the start'
	assert_output '{"key":"a","count":1}
{"key":"b","count":2}
{"key":"c","count":2}'
}

@test "a file truncated since the snapshot is read from the start, with a warning" {
	printf '{"k":"a"}\n{"k":"b"}\n' >log
	scount -k .k --state st log >/dev/null
	printf '{"k":"z"}\n' >log
	run_sh 'scount -k .k --sort key --state st log'
	assert_success
	assert_equal "$stderr" 'scount: log: not the file the state was saved with (replaced or truncated since): reading it from the start'
	assert_output '{"key":"a","count":1}
{"key":"b","count":1}
{"key":"z","count":1}'
}

@test "standard input with --state: it cannot be resumed, said at a fresh start and when the state is restored, and the state is restored" {
	printf '{"k":"a"}\n{"k":"b"}\n' >in
	run_sh 'scount -k .k --sort key --state st <in'
	assert_success
	assert_equal "$stderr" 'scount: --state: standard input cannot be resumed after a restart: only files can'
	assert_output '{"key":"a","count":1}
{"key":"b","count":1}'
	run_sh 'scount -k .k --sort key --state st <in'
	assert_success
	assert_equal "$stderr" 'scount: --state: standard input cannot be resumed: the state is restored, and input is read as it comes'
	assert_output '{"key":"a","count":2}
{"key":"b","count":2}'
}

# ---- when snapshots are written ----

@test "on a followed file the snapshot is written every --checkpoint: its offset follows the file as it grows" {
	printf '{"k":"a","ts":1}\n' >log
	swindow -F --tumbling 1m -k .k -t .ts --state st --checkpoint 30ms \
	    log >out 2>err &
	bg_pids=($!)
	wait_state_offset st "$(stat -c %s log)"
	printf '{"k":"a","ts":2}\n{"k":"b","ts":3}\n' >>log
	wait_state_offset st "$(stat -c %s log)"
	printf '{"k":"c","ts":4}\n' >>log
	wait_state_offset st "$(stat -c %s log)"
	grep -q '"line":4,' st
	kill -TERM "${bg_pids[0]}"
	stop_status=0
	wait "${bg_pids[0]}" || stop_status=$?
	bg_pids=()
	assert_equal "$stop_status" 143
	assert_file_equal out ''
}

@test "scount on an idle FIFO writes its snapshot within --checkpoint" {
	mkfifo in
	scount -k .k --state st --checkpoint 30ms in >out 2>err &
	bg_pids=($!)
	exec {writer}<>in
	printf '{"k":"a"}\n{"k":"a"}\n' >&"$writer"
	local i
	for ((i = 0; i < 20; i++)); do
		[ -f st ] && break
		sleep 0.05
	done
	[ -f st ]
	grep -qxF '["a",2]' st
	grep -qF '"inputs":[{"file":"in"}]' st
}

# ---- a state file that cannot be written ----

@test "a --state in a directory that does not exist is an error at start (exit 2), nothing read" {
	printf '{"k":"a"}\n' >log
	run_sh 'scount -k .k --state nodir/st log'
	assert_equal "$status" 2
	assert_equal "$stderr" 'scount: --state nodir/st: cannot write it: No such file or directory'
	assert_output ''
}

# small_fs: mounts a 64 KiB tmpfs on ./fs, or skips the test.
small_fs() {
	mkdir fs
	if ! mount -t tmpfs -o size=64k tmpfs fs 2>/dev/null; then
		skip "cannot mount a small tmpfs here (needs root); a read-only directory does not stop root either"
	fi
	mnt="$BATS_TEST_TMPDIR/fs"
}

# fill_fs: fills ./fs to the last byte.
fill_fs() {
	dd if=/dev/zero of=fs/filler bs=4k 2>/dev/null || :
	dd if=/dev/zero of=fs/filler2 bs=1 2>/dev/null || :
}

@test "disk full while checkpointing: a message, the last snapshot kept, the tool goes on, and 'written again' when there is room" {
	small_fs
	printf '{"k":"a","ts":1}\n' >log
	swindow -F --tumbling 1m -k .k -t .ts --state fs/st --checkpoint 30ms \
	    log >out 2>err &
	bg_pids=($!)
	wait_state_offset fs/st "$(stat -c %s log)"
	cp fs/st st.orig
	fill_fs
	printf '{"k":"a","ts":70}\n' >>log
	wait_for_file_line err 'swindow: --state fs/st: cannot write it: No space left on device (the last snapshot is kept; trying again in 30 ms)'
	# the tool goes on: the first minute was closed and written
	wait_for_file_line out '{"key":"a","start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:01:00.000Z","count":1}'
	printf '{"k":"a","ts":130}\n' >>log
	wait_for_file_line out '{"key":"a","start":"1970-01-01T00:01:00.000Z","end":"1970-01-01T00:02:00.000Z","count":1}'
	cmp fs/st st.orig
	run ls fs
	assert_output $'filler\nfiller2\nst'
	rm fs/filler fs/filler2
	wait_for_file_line err 'swindow: --state fs/st: written again'
	wait_state_offset fs/st "$(stat -c %s log)"
	kill -TERM "${bg_pids[0]}"
	stop_status=0
	wait "${bg_pids[0]}" || stop_status=$?
	bg_pids=()
	assert_equal "$stop_status" 143
	run ls fs
	assert_output st
}

@test "disk full at the last snapshot: the message, the last snapshot kept, and exit status 2" {
	small_fs
	printf '{"k":"a"}\n' >log
	mkfifo in
	scount -k .k --state fs/st log in >out 2>err &
	bg_pids=($!)
	exec {writer}<>in
	printf '{"k":"b"}\n' >&"$writer"
	sleep 0.2
	fill_fs
	exec {writer}>&-
	writer=
	stop_status=0
	wait "${bg_pids[0]}" || stop_status=$?
	bg_pids=()
	assert_equal "$stop_status" 2
	assert_file_equal err 'scount: --state fs/st: cannot write it: No space left on device (the last snapshot is kept)
'
	assert_file_equal out '{"key":"a","count":1}
{"key":"b","count":1}
'
}

# ---- scale ----

@test "scount restores 100k keys from its state: a rerun over 1M records gives the counts of sort | uniq -c" {
	python3 -c '
import random
r = random.Random(9)
with open("first", "w") as a, open("second", "w") as b:
    for i in range(1000000):
        (a if i < 500000 else b).write("{\"k\":\"k%d\"}\n" % r.randrange(100000))'
	cp first log
	scount -k .k --state st log >/dev/null
	local size
	size=$(stat -c %s st)
	cat second >>log
	scount -k .k --sort key --state st log | sort >got
	sed 's/^{"k":"\(.*\)"}$/\1/' first second | sort | uniq -c |
	    awk '{ printf "{\"key\":\"%s\",\"count\":%d}\n", $2, $1 }' |
	    sort >want
	run wc -l <want
	assert_output 99994
	cmp got want
	echo "# snapshot of $(wc -l <want) keys: $size bytes" >&3
}
