#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# jq's input, inputs, input_filename, input_line_number and stderr in
# smap and sfilter, and smap -n/--null-input: compared with jq 1.6 where
# jq agrees, and our own choices where it does not (the message at the
# end of input, rejected lines, --strict, signals, byte-exact records).

load test_helper

setup() {
	live_setup
	printf '%s\n' 1 2 3 4 >four.json
	printf '%s\n' 5 6 7 >three.json
	printf '%s\n' '{"x":1}' '{"x":2}' '{"x":3}' >x.ndjson
}

teardown() {
	live_teardown
}

# same_as_jq_stdin FILE TOOL_ARGS -- JQ_ARGS: as same_as_jq with jq -c,
# both reading FILE on their standard input.
same_as_jq_stdin() {
	local file="$1" ours=() theirs=()
	shift
	while [ "$1" != "--" ]; do ours+=("$1"); shift; done
	shift
	theirs=("$@")
	run --separate-stderr "${ours[@]}" <"$file"
	assert_success
	local want
	want="$("$JQ" -c "${theirs[@]}" <"$file")"
	assert_output "$want"
}

# --- as jq 1.6 -------------------------------------------------------------

@test "input takes the next record, which is then not mapped on its own, as jq" {
	same_as_jq smap input four.json -- -c input four.json
	same_as_jq smap '[., input]' four.json -- -c '[., input]' four.json
	same_as_jq_stdin four.json smap '[., input]' -- '[., input]'
	run smap '[., input]' four.json
	assert_output $'[1,2]\n[3,4]'
}

@test "inputs gives every record left, and they are not mapped on their own, as jq" {
	same_as_jq smap '[inputs]' four.json -- -c '[inputs]' four.json
	run smap '[inputs]' four.json
	assert_output '[2,3,4]'
	same_as_jq smap '[., inputs]' four.json three.json -- -c \
	    '[., inputs]' four.json three.json
}

@test "smap -n runs once on null and reads the records with input and inputs, as jq -n" {
	same_as_jq smap -n '[inputs]' four.json three.json -- -c \
	    -n '[inputs]' four.json three.json
	run smap -n '[inputs]' four.json three.json
	assert_output '[1,2,3,4,5,6,7]'
	same_as_jq smap -n input four.json -- -c -n input four.json
	same_as_jq smap --null-input '[., input]' four.json -- -c \
	    -n '[., input]' four.json
	same_as_jq smap -n . four.json -- -c -n . four.json
}

@test "first(inputs) and limit(2; inputs) read no more records than they give, as jq" {
	same_as_jq smap 'first(inputs)' four.json -- -c 'first(inputs)' four.json
	run smap 'first(inputs)' four.json
	assert_output $'2\n4'
	same_as_jq smap 'limit(2; inputs)' four.json -- -c \
	    'limit(2; inputs)' four.json
	run smap 'limit(2; inputs)' four.json
	assert_output $'2\n3'
	same_as_jq smap -n '[limit(2; inputs)], [inputs]' four.json -- -c \
	    -n '[limit(2; inputs)], [inputs]' four.json
}

@test "input_filename is the file of the latest line read, <stdin> for standard input, as jq 1.6" {
	same_as_jq smap input_filename four.json -- -c input_filename four.json
	same_as_jq smap input_filename four.json three.json -- -c \
	    input_filename four.json three.json
	run smap '[., input_filename]' four.json three.json
	assert_output '[1,"four.json"]
[2,"four.json"]
[3,"four.json"]
[4,"four.json"]
[5,"three.json"]
[6,"three.json"]
[7,"three.json"]'
	# after input, the file of the record it read
	echo 8 >one.json
	same_as_jq smap '[., input, input_filename]' four.json three.json \
	    one.json -- -c '[., input, input_filename]' four.json three.json one.json
	run smap '[., input, input_filename]' four.json three.json one.json
	assert_output '[1,2,"four.json"]
[3,4,"four.json"]
[5,6,"three.json"]
[7,8,"one.json"]'
	same_as_jq_stdin four.json smap input_filename -- input_filename
	run smap input_filename <three.json
	assert_output $'"<stdin>"\n"<stdin>"\n"<stdin>"'
	# nothing read yet
	same_as_jq smap -n input_filename four.json -- -c -n input_filename four.json
	run smap -n input_filename four.json
	assert_output null
}

@test "input_line_number is the line of the latest line read in its file, as jq" {
	same_as_jq smap '[., input_line_number]' four.json three.json -- -c \
	    '[., input_line_number]' four.json three.json
	same_as_jq smap '[., input, input_line_number]' four.json -- -c \
	    '[., input, input_line_number]' four.json
	same_as_jq_stdin three.json smap '[., input_line_number]' -- \
	    '[., input_line_number]'
	same_as_jq smap -n '[input_line_number, (inputs | input_line_number)]' \
	    four.json -- -c -n '[input_line_number, (inputs | input_line_number)]' \
	    four.json
	run smap -n '[input_line_number, (inputs | input_line_number)]' four.json
	assert_output '[0,1,2,3,4]'
}

@test "smap -n 'reduce inputs as \$r (0; . + \$r.x)' sums the whole input, as jq -n" {
	same_as_jq smap -n 'reduce inputs as $r (0; . + $r.x)' x.ndjson -- -c \
	    -n 'reduce inputs as $r (0; . + $r.x)' x.ndjson
	run smap -n 'reduce inputs as $r (0; . + $r.x)' x.ndjson
	assert_output 6
}

@test "with -R the records read by input and inputs are the lines as strings, as jq -R" {
	printf '%s\n' '{"x":1}' '' '  ' 'two words' >raw.txt
	same_as_jq smap -nR '[inputs]' raw.txt -- -c -nR '[inputs]' raw.txt
	run smap -nR '[inputs]' raw.txt
	assert_output '["{\"x\":1}","","  ","two words"]'
	same_as_jq smap -R input raw.txt -- -c -R input raw.txt
	run smap -R input raw.txt
	assert_output $'""\n"two words"'
}

@test "blank lines are skipped by input and inputs, and counted by input_line_number, as jq" {
	printf '1\n\n  \n2\n\n3\n4\n' >blank.json
	same_as_jq smap '[., input, input_line_number]' blank.json -- -c \
	    '[., input, input_line_number]' blank.json
	run smap '[., input, input_line_number]' blank.json
	assert_output $'[1,2,4]\n[3,4,7]'
	same_as_jq smap -n '[inputs]' blank.json -- -c -n '[inputs]' blank.json
}

@test "stderr writes its input as compact JSON without a newline on stderr and passes it on, as jq 1.6" {
	printf '%s\n' '{"a": [1, "x y"]}' '"s"' >st.json
	smap 'stderr | [.]' st.json >ours.out 2>ours.err
	"$JQ" -c 'stderr | [.]' st.json >jq.out 2>jq.err
	run cat ours.out
	assert_output $'[{"a":[1,"x y"]}]\n["s"]'
	cmp ours.out jq.out
	assert_file_equal ours.err '{"a":[1,"x y"]}"s"'
	cmp ours.err jq.err
}

# --- our choices -------------------------------------------------------------

@test "input at the end of the input rejects the record with No more inputs (jq 1.7's message), status 1" {
	run --separate-stderr smap '[., input]' four.json three.json
	assert_failure 1
	assert_output $'[1,2]\n[3,4]\n[5,6]'
	assert_equal "$stderr" 'smap: three.json:3: No more inputs
smap: 1 of 7 lines rejected (1 No more inputs); first at three.json:3'
	run --separate-stderr sfilter 'input == 0' <three.json
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'sfilter: <stdin>:3: No more inputs
sfilter: 1 of 3 lines rejected (1 No more inputs); first at <stdin>:3'
}

@test "an error under smap -n ends smap with the latest line read and status 2" {
	run --separate-stderr smap -n 'input, input, input, input' three.json
	assert_failure 2
	assert_output $'5\n6\n7'
	assert_equal "$stderr" 'smap: three.json:3: No more inputs'
	run --separate-stderr smap -n 'input | error("bad \(.)")' <three.json
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'smap: <stdin>:1: bad 5'
	# before any line was read, no place is given
	run --separate-stderr smap -n 'error("bad")' three.json
	assert_failure 2
	assert_equal "$stderr" 'smap: bad'
	run --separate-stderr smap -n input </dev/null
	assert_failure 2
	assert_equal "$stderr" 'smap: No more inputs'
}

@test "a line read by inputs that is not valid JSON is rejected with its FILE:LINE, kept by --dead-letter, and the next one is read" {
	printf '%s\n' '{"x":1}' 'oops' '{"x":2}' '{"x":3' '{"x":4}' >bad.ndjson
	run --separate-stderr smap -n --dead-letter dl.txt '[inputs | .x]' \
	    bad.ndjson
	assert_failure 1
	assert_output '[1,2,4]'
	assert_equal "$stderr" "smap: bad.ndjson:2: invalid JSON at column 1: unexpected character 'o'
smap: bad.ndjson:4: invalid JSON at column 7: unexpected end of input
smap: 2 of 5 lines rejected (2 invalid JSON); first at bad.ndjson:2"
	assert_file_equal dl.txt $'oops\n{"x":3\n'
	# in the loop, the record at hand goes on with the line after
	run --separate-stderr smap '[., input] | map(.x)' <bad.ndjson
	assert_failure 1
	assert_output '[1,2]'
	assert_equal "$stderr" "smap: <stdin>:2: invalid JSON at column 1: unexpected character 'o'
smap: <stdin>:4: invalid JSON at column 7: unexpected end of input
smap: <stdin>:5: No more inputs
smap: 3 of 5 lines rejected (2 invalid JSON; 1 No more inputs); first at <stdin>:2"
}

@test "--strict stops at a bad line read by inputs with status 2, and writes no partial result" {
	printf '%s\n' '{"x":1}' '{"x":2}' 'oops' '{"x":4}' >bad.ndjson
	run --separate-stderr smap -n --strict '[inputs | .x]' bad.ndjson
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "smap: bad.ndjson:3: invalid JSON at column 1: unexpected character 'o'"
	# what the record at hand gave before it read the line stays written
	run --separate-stderr smap --strict '.x, (input | .x), "after"' \
	    bad.ndjson
	assert_failure 2
	assert_output $'1\n2\n"after"'
	assert_equal "$stderr" "smap: bad.ndjson:3: invalid JSON at column 1: unexpected character 'o'"
	run --separate-stderr sfilter --strict 'input.x > 3' bad.ndjson
	assert_failure 2
	assert_output ''
}

@test "sfilter 'input.i == .i + 1' writes the records at hand byte for byte" {
	printf '%s\n' '{ "i" : 1 ,  "s":"a b" }' '{"i":2,   "s" : "c"}' \
	    '{"i": 3}' '{ "i":4 }' '{"i":6}' '{"i" : 7 }' >sp.ndjson
	run --separate-stderr sfilter 'input.i == .i + 1' sp.ndjson
	assert_success
	assert_output '{ "i" : 1 ,  "s":"a b" }
{"i": 3}
{"i":6}'
	# jq keeps the same records, reformatted
	run "$JQ" -c 'select(input.i == .i + 1)' sp.ndjson
	assert_output $'{"i":1,"s":"a b"}\n{"i":3}\n{"i":6}'
	run --separate-stderr sfilter -v 'input.i == .i + 1' sp.ndjson
	assert_success
	assert_output ''
}

@test "smap '(input | empty), .' writes exactly the odd lines of 200,000 lines of random lengths, byte for byte" {
	# lengths up to 1000 bytes, and a line of 100,000 bytes every
	# 20,000: records cross the reader's 64 KiB refills and regrowths
	awk 'BEGIN {
		srand(11); p = "a b"
		while (length(p) < 100000) p = p " c d " p
		for (i = 1; i <= 200000; i++) {
			n = i % 20000 == 7 ? 100000 : int(rand() * rand() * 1000)
			printf "{ \"n\": %d, \"s\" : \"%s\" }\n", i,
			    substr(p, 1 + int(rand() * 50), n)
		}
	}' >big.ndjson
	smap '(input | empty), .' big.ndjson >odd.out
	awk 'NR % 2 == 1' big.ndjson >odd.want
	cmp odd.out odd.want
	smap '(input | empty), .' <big.ndjson >odd.stdin
	cmp odd.stdin odd.want
	run wc -l <odd.out
	assert_output 100000
}

@test "smap -n inputs through head -n 1 ends quietly" {
	seq 1 200000 >many.json
	run_sh 'smap -n inputs many.json | head -n 1; echo "${PIPESTATUS[0]}"'
	assert_output $'1\n0'
	assert_equal "$stderr" ''
}

@test "input in skey or swindow rejects each record: only smap and sfilter read records in an expression" {
	run --separate-stderr skey input x.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'skey: x.ndjson:1: input: input and inputs read records only in smap and sfilter
skey: x.ndjson:2: input: input and inputs read records only in smap and sfilter
skey: x.ndjson:3: input: input and inputs read records only in smap and sfilter
skey: 3 of 3 lines rejected (3 input: input and inputs read records only in smap and sfilter); first at x.ndjson:1'
	run --separate-stderr swindow --tumbling 1m -a 'sum(input)' x.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'swindow: x.ndjson:1: input and inputs read records only in smap and sfilter'
}

@test "smap -n without input reads nothing: it ends at once while its standard input stays open" {
	mkfifo fifo
	sleep 5 >fifo 3>&- &
	bg_pids+=($!)
	run --separate-stderr timeout 2 smap -n '1 + 1' <fifo
	assert_success
	assert_output 2
	# what smap did not read is left for the next reader
	run_sh '{ smap -n "[1]"; cat; } <three.json'
	assert_success
	assert_output $'[1]\n5\n6\n7'
}

@test "SIGTERM ends inputs under smap -n -F: the sum is written, then smap dies by the signal (143)" {
	printf '%s\n' 1 2 3 >f
	start smap -n -F 'reduce inputs as $x (0; . + $x)' f
	wait_read_to_end f
	echo 4 >>f
	wait_read_to_end f
	assert_file_equal out ''
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal out $'10\n'
	assert_file_equal err ''
}

# stats_line: the line SIGUSR1 wrote to err, once there is one (up to 5 s),
# with the wall time as W.
stats_line() {
	local i
	for ((i = 0; i < 250; i++)); do
		[ -s err ] && break
		sleep 0.02
	done
	sed 's/"wall_s":[0-9.]*/"wall_s":W/' err
}

@test "SIGUSR1 is answered while inputs waits for the next line, under -n and per record" {
	printf '%s\n' 1 2 3 >f
	start smap -n -F 'reduce inputs as $x (0; . + $x)' f
	wait_read_to_end f
	kill -USR1 "$tool_pid"
	assert_equal "$(stats_line)" '{"tool":"smap","records_in":3,"records_out":0,"rejected":0,"late":null,"keys":null,"windows":null,"watermark":null,"state_bytes":null,"bytes_in":6,"wall_s":W}'
	stop_with TERM
	assert_file_equal out $'6\n'
	printf '%s\n' '{"a":1}' >g
	start smap -F '[., input]' g
	wait_read_to_end g
	kill -USR1 "$tool_pid"
	assert_equal "$(stats_line)" '{"tool":"smap","records_in":1,"records_out":0,"rejected":0,"late":null,"keys":null,"windows":null,"watermark":null,"state_bytes":null,"bytes_in":8,"wall_s":W}'
	stop_with TERM
}

@test "SIGINT ends input under smap -F: No more inputs for the record at hand, then status 130" {
	echo '{"a":1}' >f
	start smap -F '[., input]' f
	wait_read_to_end f
	stop_with INT
	assert_equal "$tool_status" 130
	assert_file_equal out ''
	assert_file_equal err 'smap: f:1: No more inputs
smap: 1 of 1 line rejected (1 No more inputs); first at f:1
'
}

@test "smap -F '[., input]' over two files waits for the next line of either file" {
	echo '{"a":"a1"}' >a
	: >b
	start smap -F '[.a, input.a]' a b
	wait_read_to_end a
	assert_file_equal out ''
	echo '{"a":"b1"}' >>b
	wait_for_content out $'["a1","b1"]\n'
	echo '{"a":"a2"}' >>a
	wait_read_to_end a
	assert_file_equal out $'["a1","b1"]\n'
	echo '{"a":"b2"}' >>b
	wait_for_content out $'["a1","b1"]\n["a2","b2"]\n'
	stop_with TERM
	assert_equal "$tool_status" 143
	assert_file_equal err ''
}

# --- smap(1) ---------------------------------------------------------------

@test "smap(1): the input and -n examples print what the page shows" {
	cp "$BATS_TEST_DIRNAME/../examples/data/access.ndjson" .
	run_sh "printf '%s\n' '{\"k\":\"a\"}' '{\"v\":1}' '{\"k\":\"b\"}' '{\"v\":2}' |
    smap '{(.k): input.v}'"
	assert_success
	assert_output $'{"a":1}\n{"b":2}'
	run_sh "smap -n '[inputs | .bytes] | add' access.ndjson 2>/dev/null"
	assert_failure 1
	assert_output 9827571
	run_sh "smap -n 'reduce inputs as \$r ({}; .[\$r.method] += 1)' \\
    access.ndjson 2>/dev/null"
	assert_failure 1
	assert_output '{"GET":886,"POST":98,"DELETE":13}'
}

@test "smap(1): the halt_error example stops at the first fatal record with its status" {
	printf '%s\n' '{"level":"info"}' '{"level":"fatal","msg":"x"}' \
	    '{"level":"info"}' >app.ndjson
	run_sh "smap 'if .level == \"fatal\" then halt_error(3) end' app.ndjson"
	assert_failure 3
	assert_output '{"level":"info"}'
	assert_equal "$stderr" '{"level":"fatal","msg":"x"}'
}
