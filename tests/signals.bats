#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# SIGTERM and SIGINT without --state behave like end of input: stateful
# tools write what they hold instead of throwing it away.  Then the tool
# dies by that signal, so the shell sees 128+N (143, 130) and a script
# stops, as with any Unix tool.

load test_helper

setup() {
	live_setup
}

teardown() {
	exec 7>&-
	live_teardown
}

# start_on_fifo TOOL ARGS...: runs the tool reading a FIFO held open on
# fd 7 (bats keeps 3 for itself), writing to out; its pid is in $tool_pid.
start_on_fifo() {
	# a round's out must not pass for the next round's (SIGINT sent
	# before the tool catches it is ignored: bats's jobs ignore it)
	rm -f "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err"
	mkfifo "$BATS_TEST_TMPDIR/in"
	"$@" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" 3>&- &
	tool_pid=$!
	bg_pids=("$tool_pid")
	exec 7<>"$BATS_TEST_TMPDIR/in"
}

# stop_with SIGNAL: sends it and waits for the tool; $tool_status is set.
stop_with() {
	kill -s "$1" "$tool_pid"
	tool_status=0
	wait "$tool_pid" || tool_status=$?
	bg_pids=()
	exec 7>&-
}

# status_of SIGNAL: the status the shell gives a process killed by it.
status_of() {
	case "$1" in
	INT) echo 130 ;;
	TERM) echo 143 ;;
	esac
}

@test "swindow writes its open windows on SIGTERM while input is still open" {
	start_on_fifo swindow --tumbling 1h -k .k -t .t --emit update
	printf '%s\n' '{"k":"a","t":"2024-05-01T00:10:00Z"}' \
	    '{"k":"b","t":"2024-05-01T00:20:00Z"}' >&7
	# The running results show both records were read; the windows are open.
	wait_for_file_line "$BATS_TEST_TMPDIR/out" \
	    '{"key":"b","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T01:00:00.000Z","count":1,"final":false}'
	stop_with TERM
	assert_equal "$tool_status" 143
	run tail -n 2 "$BATS_TEST_TMPDIR/out"
	assert_output '{"key":"a","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T01:00:00.000Z","count":1,"final":true}
{"key":"b","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T01:00:00.000Z","count":1,"final":true}'
}

@test "scount writes its final table on SIGINT" {
	start_on_fifo scount --running
	printf '%s\n' '"x"' '"y"' '"x"' >&7
	wait_for_file_line "$BATS_TEST_TMPDIR/out" '{"key":"x","count":2}'
	stop_with INT
	assert_equal "$tool_status" 130
	run tail -n 2 "$BATS_TEST_TMPDIR/out"
	assert_output '{"key":"x","count":2}
{"key":"y","count":1}'
}

# --- every tool dies by the signal, after its output --------------------

@test "smap writes what it mapped, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		start_on_fifo smap .a
		printf '%s\n' '{"a":1}' '{"a":2}' >&7
		wait_for_file_line out 2
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'1\n2\n'
		assert_file_equal err ''
	done
}

@test "sfilter writes what it passed, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		start_on_fifo sfilter '.a > 1'
		printf '%s\n' '{"a":1}' '{"a":2}' >&7
		wait_for_file_line out '{"a":2}'
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'{"a":2}\n'
		assert_file_equal err ''
	done
}

@test "skey writes what it keyed, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		start_on_fifo skey .a
		printf '%s\n' '{"a":1}' '{"a":"x"}' >&7
		wait_for_file_line out '{"a":"x","_key":"x"}'
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'{"a":1,"_key":"1"}\n{"a":"x","_key":"x"}\n'
		assert_file_equal err ''
	done
}

@test "stokenize writes the tokens it found, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		start_on_fifo stokenize
		printf '%s\n' '"hello world"' >&7
		wait_for_file_line out '"world"'
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'"hello"\n"world"\n'
		assert_file_equal err ''
	done
}

@test "swindow writes its open window on stdout, then dies by SIGTERM (143) or SIGINT (130)" {
	local closed='{"key":"a","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T01:00:00.000Z","count":1}'
	local open='{"key":"a","start":"2024-05-01T01:00:00.000Z","end":"2024-05-01T02:00:00.000Z","count":1}'
	for sig in TERM INT; do
		start_on_fifo swindow --tumbling 1h -k .k -t .t
		# the second record closes the first window: once that is out,
		# the second record has been read, and the window it opened is
		# still held
		printf '%s\n' '{"k":"a","t":"2024-05-01T00:10:00Z"}' \
		    '{"k":"a","t":"2024-05-01T01:10:00Z"}' >&7
		wait_for_file_line out "$closed"
		assert_file_equal out "$closed"$'\n'
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out "$closed"$'\n'"$open"$'\n'
		assert_file_equal err ''
	done
}

@test "scount writes its table on stdout, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		start_on_fifo scount
		# nothing is written before the end; the message about the last
		# line shows that the lines before it were counted
		printf '%s\n' '"x"' '"y"' '"x"' 'bad' >&7
		wait_for_file_line err "scount: <stdin>:4: invalid JSON at column 1: unexpected character 'b'"
		assert_file_equal out ''
		stop_with "$sig"
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'{"key":"x","count":2}\n{"key":"y","count":1}\n'
	done
}

@test "sjoin --mode outer writes its incomplete keys, then dies by SIGTERM (143) or SIGINT (130)" {
	for sig in TERM INT; do
		rm -f b
		mkfifo b
		start_on_fifo sjoin -k .k --mode outer --as a,b - b
		exec {writer}<>b
		# once key 0 has joined, a's line before it has been read
		printf '%s\n' '{"k":1}' '{"k":0}' >&7
		echo '{"k":0}' >&$writer
		wait_for_file_line out '{"key":0,"a":{"k":0},"b":{"k":0}}'
		stop_with "$sig"
		exec {writer}>&-
		writer=
		assert_equal "$tool_status" "$(status_of "$sig")"
		assert_file_equal out $'{"key":0,"a":{"k":0},"b":{"k":0}}\n{"key":1,"a":{"k":1},"b":null}\n'
		assert_file_equal err ''
	done
}

# --- what a calling script sees -------------------------------------------

@test "a set -e script stops when swindow is stopped by SIGTERM or SIGINT: no \"after\"" {
	local script='set -e
swindow --tumbling 1h -t .t --epoch --emit update <in >out 2>err
echo after'
	local sig script_pid child i st
	for sig in TERM INT; do
		# the last round's out must not pass for this round's
		rm -f in out
		mkfifo in
		bash -c "$script" >script.out 2>script.err 3>&- &
		script_pid=$!
		bg_pids=("$script_pid")
		exec 7<>in
		echo '{"t":10}' >&7
		wait_for_file_line out '{"key":null,"start":0,"end":3600,"count":1,"final":false}'
		child=
		for ((i = 0; i < 100; i++)); do
			child=$(ps -o pid= --ppid "$script_pid" | tr -d ' ')
			[ -z "$child" ] || break
			sleep 0.05
		done
		[ -n "$child" ] || fail "swindow not found under the script"
		kill -s "$sig" "$child"
		st=0
		wait "$script_pid" || st=$?
		bg_pids=()
		exec 7>&-
		assert_equal "$st" "$(status_of "$sig")"
		assert_file_equal script.out ''
		assert_file_equal out $'{"key":null,"start":0,"end":3600,"count":1,"final":false}\n{"key":null,"start":0,"end":3600,"count":1,"final":true}\n'
	done
}

@test "at the end of input, without a signal, every tool still exits 0" {
	local -a cmd
	local line expect
	while IFS='|' read -r line expect; do
		read -ra cmd <<<"$line"
		rm -f in
		mkfifo in
		"${cmd[@]}" <in >out 2>err 3>&- &
		tool_pid=$!
		bg_pids=("$tool_pid")
		# opened write-only, so not before the tool has it open: then
		# closing it is the end of input
		exec 7>in
		printf '%s\n' '{"k":"a","t":10}' '{"k":"a","t":20}' >&7
		exec 7>&-
		tool_status=0
		wait "$tool_pid" || tool_status=$?
		bg_pids=()
		assert_equal "$tool_status" 0
		assert_file_equal out "$(printf '%b' "$expect")"$'\n'
		assert_file_equal err ''
	done <<'EOF'
smap .t|10\n20
sfilter .t>15|{"k":"a","t":20}
skey .k|{"k":"a","t":10,"_key":"a"}\n{"k":"a","t":20,"_key":"a"}
stokenize -f .k|{"t":10,"token":"a"}\n{"t":20,"token":"a"}
swindow --tumbling 1h -k .k -t .t --epoch|{"key":"a","start":0,"end":3600,"count":2}
scount -k .k|{"key":"a","count":2}
sjoin -k .t --mode outer --as a,b - /dev/null|{"key":10,"a":{"k":"a","t":10},"b":null}\n{"key":20,"a":{"k":"a","t":20},"b":null}
EOF
}

@test "a signal at any moment ends a tool that waits for input: 200 tries, none hangs" {
	local i j pid
	mkfifo in
	exec 7<>in
	for ((i = 0; i < 200; i++)); do
		smap . <in >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "0.00$((i % 10))"
		kill -TERM "$pid"
		# a hang is for ever: 10 s leaves room for a loaded machine
		# under ASan (CI once saw 2 s pass there)
		for ((j = 0; j < 1000; j++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.01
		done
		if kill -0 "$pid" 2>/dev/null; then
			grep -E 'State|SigPnd|ShdPnd|SigBlk|SigCgt' \
			    "/proc/$pid/status" >&2
			kill -9 "$pid"
			exec 7>&-
			fail "try $i: smap still runs 10 s after SIGTERM"
		fi
		wait "$pid" || true
	done
	exec 7>&-
}
