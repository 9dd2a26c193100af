#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# --stats: one JSON line of counters on standard error at exit; SIGUSR1
# writes the same line at any moment; the progress meter of the stateful
# tools on a terminal.  stream-tools(7), DIAGNOSTICS AND PROGRESS.

load test_helper

setup() {
	live_setup
}

teardown() {
	live_teardown
}

# no_wall TEXT: TEXT with the value of every "wall_s" replaced by W.
no_wall() {
	sed -E 's/"wall_s":[0-9]+\.[0-9]{3}\}/"wall_s":W}/' <<<"$1"
}

# wait_lines FILE N: waits (up to 10 s) until FILE has N lines.
wait_lines() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

@test "--stats on a stateless tool: records in and out, rejected, bytes and wall time; the rest null" {
	printf '{"a":[1,2]}\nx\n\n{"a":[3]}\n' >in
	run --separate-stderr smap --stats '.a[]' in
	assert_failure 1
	assert_output $'1\n2\n3'
	assert_equal "${#stderr_lines[@]}" 3
	assert_equal "$(no_wall "${stderr_lines[2]}")" '{"tool":"smap","records_in":3,"records_out":3,"rejected":1,"late":null,"keys":null,"windows":null,"watermark":null,"state_bytes":null,"bytes_in":25,"wall_s":W}'
	for c in 'sfilter true' 'skey .a' 'stokenize -f .s'; do
		printf '{"a":"x","s":"one two"}\n' >in
		run --separate-stderr $c --stats in
		assert_success
		assert_equal "$(no_wall "$stderr")" '{"tool":"'"${c%% *}"'","records_in":1,"records_out":'"$([ "${c%% *}" = stokenize ] && echo 2 || echo 1)"',"rejected":0,"late":null,"keys":null,"windows":null,"watermark":null,"state_bytes":null,"bytes_in":24,"wall_s":W}'
	done
}

@test "the --stats line is JSON that jq reads, its wall time a number of seconds" {
	seq 1000 >in
	run --separate-stderr sfilter --stats '. % 2 == 0' in
	assert_success
	run_sh "printf '%s\n' '$stderr' | $JQ -c '[.records_in, .records_out, (.wall_s | type)]'"
	assert_output '[1000,500,"number"]'
}

@test "scount --stats: the keys it holds, and the bytes a --state snapshot of them takes" {
	printf '{"k":"a"}\n{"k":"b"}\n{"k":"a"}\n' >in
	run --separate-stderr scount -k .k --stats in
	assert_success
	assert_equal "$(no_wall "$stderr")" '{"tool":"scount","records_in":3,"records_out":2,"rejected":0,"late":null,"keys":2,"windows":null,"watermark":null,"state_bytes":16,"bytes_in":30,"wall_s":W}'
}

@test "swindow --stats: late events, dropped or written to --late, the watermark; no window open at exit" {
	printf '{"k":"a","t":10}\n{"k":"b","t":12}\n{"k":"a","t":1}\n{"k":"a","t":2}\n' >in
	run --separate-stderr swindow --tumbling 1s -k .k -t .t --epoch --stats in
	assert_success
	assert_equal "$(no_wall "$stderr")" 'swindow: 2 late events dropped (--late FILE keeps them)
{"tool":"swindow","records_in":4,"records_out":2,"rejected":0,"late":2,"keys":0,"windows":0,"watermark":12,"state_bytes":75,"bytes_in":66,"wall_s":W}'
	run --separate-stderr swindow --tumbling 1s -k .k -t .t --late late --stats in
	assert_success
	assert_equal "$(no_wall "$stderr")" '{"tool":"swindow","records_in":4,"records_out":2,"rejected":0,"late":2,"keys":0,"windows":0,"watermark":"1970-01-01T00:00:12.000Z","state_bytes":75,"bytes_in":66,"wall_s":W}'
	assert_equal "$(wc -l <late)" 2
}

@test "sjoin --stats: keys held (none once the end of input has flushed them); with --window the open windows, late records and watermark; --lookup the rows" {
	printf '{"k":1,"x":1}\n{"k":2}\n' >a.ndjson
	printf '{"k":1,"y":2}\n' >b.ndjson
	run --separate-stderr sjoin -k .k --stats a.ndjson b.ndjson
	assert_success
	assert_equal "$(no_wall "$stderr")" '{"tool":"sjoin","records_in":3,"records_out":1,"rejected":0,"late":null,"keys":0,"windows":null,"watermark":null,"state_bytes":58,"bytes_in":36,"wall_s":W}'
	run --separate-stderr sjoin -k .k --lookup b.ndjson --stats a.ndjson
	assert_success
	assert_equal "$(no_wall "$stderr")" '{"tool":"sjoin","records_in":2,"records_out":2,"rejected":0,"late":null,"keys":1,"windows":null,"watermark":null,"state_bytes":null,"bytes_in":22,"wall_s":W}'
	run --separate-stderr sjoin -k .k --window 1s -t .k --stats a.ndjson b.ndjson
	assert_success
	assert_equal "$(no_wall "$stderr")" '{"tool":"sjoin","records_in":3,"records_out":1,"rejected":0,"late":0,"keys":0,"windows":1,"watermark":"1970-01-01T00:00:02.000Z","state_bytes":66,"bytes_in":36,"wall_s":W}'
}

@test "SIGUSR1 writes the line at once while the tool waits for input, and the tool goes on" {
	mkfifo fifo
	scount -k .k <fifo >out 2>err &
	bg_pids+=($!)
	exec {writer}>fifo
	printf '{"k":1}\n{"k":2}\n' >&"$writer"
	sleep 0.3
	kill -USR1 "${bg_pids[0]}"
	wait_lines err 1 || fail "no line after SIGUSR1: $(cat err)"
	assert_equal "$(no_wall "$(cat err)")" '{"tool":"scount","records_in":2,"records_out":0,"rejected":0,"late":null,"keys":2,"windows":null,"watermark":null,"state_bytes":12,"bytes_in":16,"wall_s":W}'
	printf '{"k":1}\n' >&"$writer"
	sleep 0.2
	kill -USR1 "${bg_pids[0]}"
	wait_lines err 2 || fail "no second line: $(cat err)"
	assert_equal "$(sed -n 2p err | $JQ -c '[.records_in, .keys]')" '[3,2]'
	exec {writer}>&-
	writer=
	wait "${bg_pids[0]}"
	assert_file_equal out $'{"key":1,"count":2}\n{"key":2,"count":1}\n'
	assert_equal "$(wc -l <err)" 2
}

@test "SIGUSR1 reaches swindow waiting for its timer, and sjoin waiting on two inputs, with the open windows" {
	mkfifo fifo
	swindow --tumbling 1h -k .k <fifo >out 2>err &
	bg_pids+=($!)
	exec {writer}>fifo
	printf '{"k":1}\n{"k":2}\n{"k":1}\n' >&"$writer"
	sleep 0.3
	kill -USR1 "${bg_pids[0]}"
	wait_lines err 1 || fail "no line after SIGUSR1: $(cat err)"
	assert_equal "$(sed -n 1p err | $JQ -c '[.records_in, .keys, .windows, (.watermark | type)]')" '[3,2,2,"string"]'
	exec {writer}>&-
	writer=
	wait "${bg_pids[0]}"
	mkfifo a b
	sjoin -k .k a b >out 2>err2 &
	bg_pids+=($!)
	exec 8>a 9>b
	printf '{"k":1}\n{"k":2}\n' >&8
	sleep 0.3
	kill -USR1 "${bg_pids[1]}"
	wait_lines err2 1 || fail "no line after SIGUSR1: $(cat err2)"
	assert_equal "$($JQ -c '[.tool, .records_in, .keys]' err2)" '["sjoin",2,2]'
	exec 8>&- 9>&-
	wait "${bg_pids[1]}"
}

@test "a hundred SIGUSR1 in a row neither kill the tool nor lose a record" {
	mkfifo fifo
	scount <fifo >out 2>err &
	bg_pids+=($!)
	exec {writer}>fifo
	printf '1\n' >&"$writer"
	sleep 0.2
	for i in $(seq 100); do
		kill -USR1 "${bg_pids[0]}"
	done
	printf '2\n' >&"$writer"
	exec {writer}>&-
	writer=
	wait "${bg_pids[0]}"
	assert_file_equal out $'{"key":1,"count":1}\n{"key":2,"count":1}\n'
	n="$(wc -l <err)"
	[ "$n" -ge 1 ] && [ "$n" -le 100 ] || fail "$n lines"
	assert_equal "$(grep -vc '^{"tool":"scount",' err)" 0
}

# on_tty OUT CMD: runs CMD with standard error on a terminal (script(1)),
# what the terminal showed in OUT.
on_tty() {
	script -qfec "$2" /dev/null >"$1" </dev/null
}

# big N: N records in big.ndjson, about 9 bytes each.
big() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "{\"k\":%d}\n", i % 100 }' >big.ndjson
}

# held CMD...: runs CMD, which writes to the FIFO out, while nobody reads
# out for 1.5 s, so that the run lasts that long; then drains out and
# waits for CMD.
held() {
	local pid
	mkfifo out
	exec 8<>out
	"$@" &
	pid=$!
	bg_pids+=("$pid")
	sleep 1.5
	cat out >/dev/null 8<&- &
	bg_pids+=($!)
	exec 8<&-
	wait "$pid"
}

@test "on a terminal, scount reading a large file shows a progress meter, redrawn in place and erased at the end" {
	big 600000
	held on_tty tty "scount --running big.ndjson >out"
	run cat -v tty
	assert_output --regexp '^(\^Mscount: [0-9]+\.[0-9] of 5\.1 MiB \([0-9]+%\), [0-9]+ records/s\^\[\[K)+\^M\^\[\[K$'
}

@test "no progress meter when standard error is not a terminal, for a small file, or for a stateless tool" {
	big 600000
	held sh -c 'scount --running big.ndjson >out 2>err'
	assert_file_equal err ''
	big 1000
	on_tty tty 'scount --running big.ndjson | (sleep 1.5; cat >/dev/null)'
	assert_file_equal tty ''
	big 600000
	on_tty tty 'smap . big.ndjson | (sleep 1.5; cat >/dev/null)'
	assert_file_equal tty ''
}

@test "a rejection while the meter is shown erases it first, so the message starts its own line" {
	big 600000
	printf 'oops\n' >>big.ndjson
	held on_tty tty "scount --running big.ndjson >out; true"
	run cat -v tty
	assert_line --index 0 --regexp '\^M\^\[\[Kscount: big.ndjson:600001: invalid JSON at column 1: unexpected character .o.\^M$'
	assert_line --index 1 'scount: 1 of 600001 lines rejected (1 invalid JSON); first at big.ndjson:600001^M'
}
