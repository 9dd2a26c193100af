#!/usr/bin/env bats
# SIGTERM and SIGINT without --state behave like end of input: stateful
# tools write what they hold instead of throwing it away.

load test_helper

# start_on_fifo TOOL ARGS...: runs the tool reading a FIFO held open on
# fd 7 (bats keeps 3 for itself), writing to out; its pid is in $tool_pid.
start_on_fifo() {
	mkfifo "$BATS_TEST_TMPDIR/in"
	"$@" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" &
	tool_pid=$!
	exec 7<>"$BATS_TEST_TMPDIR/in"
}

# stop_with SIGNAL: sends it and waits for the tool; $tool_status is set.
stop_with() {
	kill -s "$1" "$tool_pid"
	tool_status=0
	wait "$tool_pid" || tool_status=$?
	exec 7>&-
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
