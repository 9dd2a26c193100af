#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# -F, --follow: a regular file is read as it grows, like tail -F: across
# rotation by rename and truncation, waiting for a file not there yet,
# several files at once, without a busy loop.  A followed file is live
# input (windows close by idle time), the tool runs until a signal, and
# with --state it resumes where it stopped.

load test_helper

setup() {
	live_setup
}

teardown() {
	live_teardown
}


# cpu_ticks PID: user + system time of the process, in clock ticks.
cpu_ticks() {
	sed 's/.*) //' /proc/"$1"/stat | awk '{ print $12 + $13 }'
}

# --- a file that grows ------------------------------------------------------

@test "smap -F writes lines appended to the file while it runs" {
	echo '{"a":1}' >f
	start smap -F .a f
	wait_for_content out $'1\n'
	printf '%s\n' '{"a":2}' '{"a":3}' >>f
	wait_for_content out $'1\n2\n3\n'
	echo '{"a":4}' >>f
	wait_for_content out $'1\n2\n3\n4\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n2\n3\n4\n'
	assert_file_equal err ''
}

@test "smap -F holds back a last line without its newline until the newline comes" {
	echo '{"a":1}' >f
	start smap -F .a f
	wait_for_content out $'1\n'
	printf '{"a":' >>f
	wait_read_to_end f
	assert_file_equal out $'1\n'
	printf '2}' >>f
	wait_read_to_end f
	assert_file_equal out $'1\n'
	printf '\n{"a":3}\n' >>f
	wait_for_content out $'1\n2\n3\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

# --- rotation, truncation, a file not there yet --------------------------------

@test "smap -F reads a file renamed away to its end, then the new file from its start" {
	printf '%s\n' '{"a":1}' '{"a":2}' >f
	start smap -F .a f
	wait_for_content out $'1\n2\n'
	mv f f.1
	# written by the logger that still has the old file open
	echo '{"a":3}' >>f.1
	printf '%s\n' '{"a":4}' '{"a":5}' >f
	wait_for_content out $'1\n2\n3\n4\n5\n'
	echo '{"a":6}' >>f
	wait_for_content out $'1\n2\n3\n4\n5\n6\n'
	# the old file is done with: what it gets now is not read
	echo '{"a":"late"}' >>f.1
	echo '{"a":7}' >>f
	wait_for_content out $'1\n2\n3\n4\n5\n6\n7\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n2\n3\n4\n5\n6\n7\n'
	assert_file_equal err ''
}

@test "smap -F emits the old file's last line without newline at a rotation" {
	echo '{"a":1}' >f
	start smap -F .a f
	wait_for_content out $'1\n'
	printf '{"a":2}' >>f
	wait_read_to_end f
	assert_file_equal out $'1\n'
	mv f f.1
	echo '{"a":3}' >f
	wait_for_content out $'1\n2\n3\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

@test "smap -F reads a truncated file from its start, saying so" {
	printf '%s\n' '{"a":1}' '{"a":2}' >f
	start smap -F .a f
	wait_for_content out $'1\n2\n'
	: >f
	wait_for_content err $'smap: f: file truncated: reading it from the start\n'
	echo '{"a":3}' >>f
	wait_for_content out $'1\n2\n3\n'
	echo '{"a":4}' >>f
	wait_for_content out $'1\n2\n3\n4\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err $'smap: f: file truncated: reading it from the start\n'
}

@test "line numbers in messages start over after a truncation" {
	printf '%s\n' '{"a":1}' '{"a":2}' 'bad' >f
	start smap -F .a f
	wait_for_content err "smap: f:3: invalid JSON at column 1: unexpected character 'b'"$'\n'
	: >f
	wait_for_content err "smap: f:3: invalid JSON at column 1: unexpected character 'b'
smap: f: file truncated: reading it from the start"$'\n'
	printf '%s\n' '{"a":3}' 'bad' >>f
	wait_for_content err "smap: f:3: invalid JSON at column 1: unexpected character 'b'
smap: f: file truncated: reading it from the start
smap: f:2: invalid JSON at column 1: unexpected character 'b'"$'\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n2\n3\n'
}

@test "smap -F waits for a file that does not exist yet, saying so once" {
	start smap -F .a f
	wait_for_content err $'smap: f: No such file or directory (waiting for it: --follow)\n'
	# another file coming in its directory is not it
	echo '{"a":0}' >g
	echo '{"a":1}' >f
	wait_for_content out $'1\n'
	echo '{"a":2}' >>f
	wait_for_content out $'1\n2\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err $'smap: f: No such file or directory (waiting for it: --follow)\n'
}

@test "without -F a missing file is an error, not waited for" {
	run --separate-stderr smap .a f
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'smap: f: No such file or directory'
}

@test "-F does not follow a pipe: its end is the end of input" {
	run_sh 'printf "%s\n" "{\"a\":1}" | smap -F .a'
	assert_success
	assert_output '1'
	assert_equal "$stderr" ''
}

# --- several files ---------------------------------------------------------

@test "smap -F a b reads both files as they grow, each line when it comes" {
	echo '{"a":"a1"}' >a
	echo '{"a":"b1"}' >b
	start smap -F .a a b
	# the order of the first two depends on which file is read first
	wait_for_line_count 2
	run sort out
	assert_output $'"a1"\n"b1"'
	local first
	first="$(cat out)"
	echo '{"a":"b2"}' >>b
	wait_for_content out "$first"$'\n"b2"\n'
	echo '{"a":"a2"}' >>a
	wait_for_content out "$first"$'\n"b2"\n"a2"\n'
	echo '{"a":"b3"}' >>b
	wait_for_content out "$first"$'\n"b2"\n"a2"\n"b3"\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

# wait_for_line_count N: polls (up to 5 s) until out has N lines.
wait_for_line_count() {
	local i
	for ((i = 0; i < 250; i++)); do
		# out appears when the tool's shell has opened it
		[ -f out ] && [ "$(wc -l <out)" -ge "$1" ] && break
		sleep 0.02
	done
	assert_equal "$(wc -l <out)" "$1"
}

@test "smap -F a b reads b while a does not exist yet, then a when it comes" {
	echo '{"a":"b1"}' >b
	start smap -F .a a b
	wait_for_content out $'"b1"\n'
	echo '{"a":"b2"}' >>b
	wait_for_content out $'"b1"\n"b2"\n'
	echo '{"a":"a1"}' >a
	wait_for_content out $'"b1"\n"b2"\n"a1"\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err $'smap: a: No such file or directory (waiting for it: --follow)\n'
}

@test "smap -F a b follows a rotation of a, a truncation of b, a removal and re-creation of a" {
	echo '{"a":"a1"}' >a
	echo '{"a":"b1"}' >b
	start smap -F .a a b
	wait_for_line_count 2
	local first
	first="$(cat out)"
	mv a a.1
	echo '{"a":"a2"}' >>a.1
	echo '{"a":"a3"}' >a
	wait_for_content out "$first"$'\n"a2"\n"a3"\n'
	: >b
	wait_for_content err $'smap: b: file truncated: reading it from the start\n'
	echo '{"a":"b2"}' >>b
	wait_for_content out "$first"$'\n"a2"\n"a3"\n"b2"\n'
	rm a
	echo '{"a":"b3"}' >>b
	wait_for_content out "$first"$'\n"a2"\n"a3"\n"b2"\n"b3"\n'
	echo '{"a":"a4"}' >a
	wait_for_content out "$first"$'\n"a2"\n"a3"\n"b2"\n"b3"\n"a4"\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err $'smap: b: file truncated: reading it from the start\n'
}

# --- no busy loop ------------------------------------------------------------

@test "followed idle files cost almost no CPU: one file, two files, swindow, sjoin" {
	local -a pids=() names=()
	local i t0=() t1=()
	echo '{"k":1,"t":1000}' >f
	echo '{"k":2}' >g
	smap -F .k f >out.smap 2>&1 3>&- &
	pids+=($!) names+=(smap)
	smap -F .k f g >out.two 2>&1 3>&- &
	pids+=($!) names+=("smap, two files")
	swindow -F --tumbling 1h -t .t --time-unit ms f >out.swindow 2>&1 3>&- &
	pids+=($!) names+=(swindow)
	sjoin -F -k .k f g >out.sjoin 2>&1 3>&- &
	pids+=($!) names+=(sjoin)
	bg_pids+=("${pids[@]}")
	wait_for_content out.smap $'1\n'
	wait_for_line_count_in out.two 2
	for i in "${!pids[@]}"; do
		t0[i]=$(cpu_ticks "${pids[$i]}")
	done
	sleep 1
	for i in "${!pids[@]}"; do
		t1[i]=$(cpu_ticks "${pids[$i]}")
		echo "${names[$i]}: $((t1[i] - t0[i])) ticks in 1 s"
		[ $((t1[i] - t0[i])) -lt 5 ] ||
		    fail "${names[$i]} used $((t1[i] - t0[i])) ticks in 1 s"
	done
}

# wait_for_line_count_in FILE N: polls (up to 5 s) until FILE has N lines.
wait_for_line_count_in() {
	local i
	for ((i = 0; i < 250; i++)); do
		[ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && break
		sleep 0.02
	done
	assert_equal "$(wc -l <"$1")" "$2"
}

@test "a followed file that does not exist yet costs almost no CPU while its directory changes" {
	local t0 t1 i
	echo '{"a":1}' >b
	start smap -F .a a b
	wait_for_content out $'1\n'
	t0=$(cpu_ticks "$tool_pid")
	for ((i = 0; i < 10; i++)); do
		: >"other$i"
		sleep 0.1
	done
	t1=$(cpu_ticks "$tool_pid")
	echo "$((t1 - t0)) ticks in 1 s"
	[ $((t1 - t0)) -lt 5 ] || fail "used $((t1 - t0)) ticks in 1 s"
	stop_with TERM
	assert_equal "$tool_status" 143
}

# --- live input: windows close by idle time ----------------------------------

@test "swindow -F closes a window by idle time after its end, with no further record" {
	echo '{"t":1000}' >f
	start swindow -F --tumbling 200ms -t .t --time-unit ms --epoch --late late f
	wait_for_content out $'{"key":null,"start":1000,"end":1200,"count":1}\n'
	# the window is closed: a record in it now is late
	echo '{"t":1100}' >>f
	wait_for_content late $'{"t":1100}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'{"key":null,"start":1000,"end":1200,"count":1}\n'
	assert_file_equal err ''
}

@test "swindow without -F on a regular file closes windows by the data alone: both records count" {
	printf '%s\n' '{"t":1000}' '{"t":1100}' >f
	run --separate-stderr swindow --tumbling 200ms -t .t --time-unit ms --epoch --late late f
	assert_success
	assert_output '{"key":null,"start":1000,"end":1200,"count":2}'
	assert_equal "$stderr" ''
	assert [ ! -s late ]
}

@test "swindow -F --watermark data does not close a window by idle time" {
	echo '{"t":1000}' >f
	start swindow -F --watermark data --tumbling 200ms -t .t --time-unit ms --epoch f
	wait_read_to_end f
	# past the window's end by the clock, and nothing closed
	sleep 0.3
	assert_file_equal out ''
	echo '{"t":1100}' >>f
	echo '{"t":1200}' >>f
	wait_for_content out $'{"key":null,"start":1000,"end":1200,"count":2}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'{"key":null,"start":1000,"end":1200,"count":2}\n{"key":null,"start":1200,"end":1400,"count":1}\n'
}

@test "swindow -F in processing time closes a window by the clock" {
	echo '{"a":1}' >f
	start swindow -F --tumbling 200ms f
	wait_for_line_count 1
	run sed -E 's/"(start|end)":"[^"]*"/"\1":T/g' out
	assert_output '{"key":null,"start":T,"end":T,"count":1}'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_equal "$(wc -l <out)" 1
}

@test "sjoin -F writes a join row when the second file gets its side" {
	echo '{"k":1,"x":"a"}' >a
	: >b
	start sjoin -F -k .k a b
	wait_read_to_end a
	assert_file_equal out ''
	echo '{"k":1,"y":"b"}' >>b
	wait_for_content out $'{"key":1,"a":{"k":1,"x":"a"},"b":{"k":1,"y":"b"}}\n'
	echo '{"k":2,"y":"b2"}' >>b
	echo '{"k":2,"x":"a2"}' >>a
	wait_for_content out $'{"key":1,"a":{"k":1,"x":"a"},"b":{"k":1,"y":"b"}}\n{"key":2,"a":{"k":2,"x":"a2"},"b":{"k":2,"y":"b2"}}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

# --- signals and --state -------------------------------------------------------

@test "SIGTERM ends swindow -F: its open windows are written, status 143" {
	printf '%s\n' '{"k":"a","t":10}' '{"k":"b","t":20}' >f
	start swindow -F --tumbling 1h -k .k -t .t --epoch --emit update f
	wait_for_line_count 2
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out '{"key":"a","start":0,"end":3600,"count":1,"final":false}
{"key":"b","start":0,"end":3600,"count":1,"final":false}
{"key":"a","start":0,"end":3600,"count":1,"final":true}
{"key":"b","start":0,"end":3600,"count":1,"final":true}
'
	assert_file_equal err ''
}

@test "scount --running -F --state: after SIGTERM and a restart only the new lines are counted" {
	printf '%s\n' '"x"' '"y"' >f
	start scount --running -F --state S f
	wait_for_content out $'{"key":"x","count":1}\n{"key":"y","count":1}\n'
	echo '"x"' >>f
	wait_for_content out $'{"key":"x","count":1}\n{"key":"y","count":1}\n{"key":"x","count":2}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
	# while it is stopped the file grows, with a last line unfinished
	printf '"y"\n"z"\n"x' >>f
	start scount --running -F --state S f
	wait_for_content out $'{"key":"y","count":2}\n{"key":"z","count":1}\n'
	printf '"\n' >>f
	wait_for_content out $'{"key":"y","count":2}\n{"key":"z","count":1}\n{"key":"x","count":3}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
	# a third run, with nothing new: nothing counted again
	start scount --running -F --state S f
	wait_read_to_end f
	echo '"z"' >>f
	wait_for_content out $'{"key":"z","count":2}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

@test "scount -F --state writes its snapshot within --checkpoint while the followed file is idle" {
	local i
	printf '%s\n' '"x"' '"y"' >f
	start scount --running -F --state S --checkpoint 100ms f
	wait_for_content out $'{"key":"x","count":1}\n{"key":"y","count":1}\n'
	# ten intervals are plenty for the snapshot of both lines
	for ((i = 0; i < 50; i++)); do
		grep -qxF '["y",1]' S 2>/dev/null && break
		sleep 0.02
	done
	assert grep -qxF '["y",1]' S
	stop_with KILL
	assert_equal "$tool_status" 137
	echo '"x"' >>f
	start scount --running -F --state S f
	wait_for_content out $'{"key":"x","count":2}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

@test "swindow -F --state: windows held over a restart go on with the lines appended meanwhile" {
	printf '%s\n' '{"t":10}' '{"t":20}' >f
	start swindow -F --watermark data --tumbling 1h -t .t --epoch --state S f
	wait_read_to_end f
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out ''
	printf '%s\n' '{"t":30}' '{"t":3700}' >>f
	start swindow -F --watermark data --tumbling 1h -t .t --epoch --state S f
	wait_for_content out $'{"key":null,"start":0,"end":3600,"count":3}\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

# --- every tool ------------------------------------------------------------

@test "every tool takes -F and --follow: it reads the file, waits, and dies by SIGTERM (143)" {
	local -a cmd
	local line expect after opt
	echo '{"k":"a b","t":10}' >f
	echo '{"k":"a b","u":1}' >g
	# COMMAND|OUTPUT WHILE IT WAITS|WHAT SIGTERM ADDS
	while IFS='|' read -r line expect after; do
		for opt in -F --follow; do
			read -ra cmd <<<"$line"
			start "${cmd[0]}" "$opt" "${cmd[@]:1}"
			wait_for_content out "$(printf '%b' "$expect")"$'\n'
			stop_with TERM
			assert_equal "$tool_status" 143
			assert_file_equal out "$(printf '%b' "$expect")"$'\n'"${after:+$after$'\n'}"
			assert_file_equal err ''
		done
	done <<'EOF'
smap .t f|10|
sfilter .t>5 f|{"k":"a b","t":10}|
skey .k f|{"k":"a b","t":10,"_key":"a b"}|
stokenize -f .k f|{"t":10,"token":"a"}\n{"t":10,"token":"b"}|
swindow --tumbling 1h -k .k -t .t --epoch --emit update f|{"key":"a b","start":0,"end":3600,"count":1,"final":false}|{"key":"a b","start":0,"end":3600,"count":1,"final":true}
scount --running -k .k f|{"key":"a b","count":1}|{"key":"a b","count":1}
sjoin -k .k f g|{"key":"a b","f":{"k":"a b","t":10},"g":{"k":"a b","u":1}}|
EOF
}
