#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# smap(1): every output of a jq expression for each record is a record.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "the table of smap cases in fixtures/smap gives the expected output" {
	fixture_cases smap
}

@test "every output of the expression is written, one per line" {
	run_sh "printf '%s\n' '{\"a\":[1,2]}' '{\"a\":[]}' '{\"a\":[3]}' | smap '.a[]'"
	assert_success
	assert_output $'1\n2\n3'
}

@test "an expression with no output writes nothing and succeeds" {
	run_sh "printf '%s\n' '{\"a\":1}' '{\"a\":2}' | smap empty"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

@test "a record returned unchanged is written byte for byte" {
	run_sh "printf '%s\n' '{\"a\" : 1,  \"u\":\"\\u00e9\", \"f\":1.50}' | smap ."
	assert_success
	assert_output '{"a" : 1,  "u":"\u00e9", "f":1.50}'
}

@test "a record kept by select is written byte for byte" {
	run_sh "printf '%s\n' '{\"a\" : 1}' '{\"a\" : 2}' | smap 'select(.a == 1)'"
	assert_success
	assert_output '{"a" : 1}'
}

@test "a modified record is compact JSON with its key order kept" {
	run_sh "printf '%s\n' '{\"z\" : 1, \"a\" : [1, 2]}' | smap '.m = true'"
	assert_success
	assert_output '{"z":1,"a":[1,2],"m":true}'
}

@test "numbers in a modified record keep their value and integers stay integers" {
	run_sh "printf '%s\n' '{\"i\":10,\"f\":1.5,\"e\":1e2,\"n\":-0.25}' | smap '.x = 1'"
	assert_success
	assert_output '{"i":10,"f":1.5,"e":100,"n":-0.25,"x":1}'
}

@test "any JSON value is a record, not only objects" {
	run_sh "printf '%s\n' 1 '\"s\"' '[1,2]' null true | smap '[type]'"
	assert_success
	assert_output $'["number"]\n["string"]\n["array"]\n["null"]\n["boolean"]'
}

@test "--arg binds a string and --argjson a JSON value" {
	run_sh "echo '{\"s\":\"x\"}' | smap --arg n 5 --argjson j '{\"k\":[1]}' '[\$n, \$j, .s]'"
	assert_success
	assert_output '["5",{"k":[1]},"x"]'
}

@test "--arg and --argjson can be given several times" {
	run_sh "echo null | smap --arg a 1 --arg b 2 --argjson c 3 --argjson d '[4]' '[\$a, \$b, \$c, \$d]'"
	assert_success
	assert_output '["1","2",3,[4]]'
}

@test "--argjson with invalid JSON is a usage error, before reading input" {
	run_sh "smap --argjson j '{bad' . < /dev/null"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"smap: "* ]]
}

@test "an undefined variable is an error in the expression" {
	run_sh "echo 1 | smap '\$nope'"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *'$nope'* ]]
}

@test "-R makes every line a JSON string record" {
	run_sh "printf 'one\n two words \n{\"a\":1}\n' | smap -R '[., length]'"
	assert_success
	assert_output $'["one",3]\n[" two words ",11]\n["{\\"a\\":1}",7]'
}

@test "-R turns empty lines into empty strings, like jq -R" {
	run_sh "printf 'a\n\n\nb\n' | smap -R ."
	assert_success
	assert_output $'"a"\n""\n""\n"b"'
}

@test "--raw-input is the long form of -R" {
	run_sh "printf 'x\n' | smap --raw-input 'ascii_upcase'"
	assert_success
	assert_output '"X"'
}

@test "files are read in order, and - is standard input" {
	printf '1\n' >f1
	printf '2\n' >f2
	run_sh "printf '3\n' | smap '. * 10' f1 - f2"
	assert_success
	assert_output $'10\n30\n20'
}

@test "with no file operand, standard input is read" {
	run_sh "printf '1\n2\n' | smap '. + 1'"
	assert_success
	assert_output $'2\n3'
	assert_equal "$stderr" ''
}

@test "a file without a final newline is followed by the next file's first line" {
	printf '1' >f1
	printf '2\n' >f2
	run_sh "smap . f1 f2"
	assert_success
	assert_output $'1\n2'
}

@test "a missing file is reported, the others are still read, and the exit is 2" {
	printf '1\n' >f1
	printf '2\n' >f2
	run_sh "smap . f1 missing.ndjson f2"
	assert_failure 2
	assert_output $'1\n2'
	[[ "$stderr" == *"smap: missing.ndjson: No such file or directory"* ]]
}

@test "rejected lines are reported with the file name as given and the line number" {
	mkdir sub
	printf '1\nbad\n' >sub/in.ndjson
	run_sh "smap . sub/in.ndjson"
	assert_failure 1
	assert_output 1
	[[ "$stderr" == "smap: sub/in.ndjson:2: "* ]]
}

@test "line numbers restart with each file" {
	printf 'bad\n' >f1
	printf '1\nbad\n' >f2
	run_sh "smap . f1 f2"
	assert_failure 1
	assert_output 1
	assert_equal "$(grep -c '' <<<"$stderr")" 3
	[[ "$stderr" == *"smap: f1:1: "* ]]
	[[ "$stderr" == *"smap: f2:2: "* ]]
	[[ "$stderr" == *$'\nsmap: 2 of 3 lines rejected (2 invalid JSON); first at f1:1' ]]
}

@test "-h prints usage on stdout and exits 0" {
	run_sh "smap -h"
	assert_success
	assert_line --index 0 --partial 'usage: smap'
	assert_equal "$stderr" ''
}

@test "--help prints the same usage with examples" {
	run_sh "smap --help"
	assert_success
	assert_line --index 0 --partial 'usage: smap'
	assert_output --partial 'smap '"'"
	assert_equal "$stderr" ''
}

@test "--version prints the tool name and a version number" {
	run_sh "smap --version"
	assert_success
	assert_output --regexp '^smap .*[0-9]+\.[0-9]+'
}

@test "no expression is a usage error with exit 2" {
	run_sh "smap < /dev/null"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"usage: smap"* ]]
}

@test "an unknown option is a usage error with exit 2" {
	run_sh "smap --no-such-option . < /dev/null"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"usage: smap"* ]]
}

@test "--arg without its value is a usage error" {
	run_sh "smap . --arg name < /dev/null"
	assert_failure 2
	run_sh "smap --arg name < /dev/null"
	assert_failure 2
}

@test "a syntax error exits 2 with the message and a caret under the place" {
	run_sh "smap '.a + ' < /dev/null"
	assert_failure 2
	assert_output ''
	assert_equal "$(grep -c '' <<<"$stderr")" 3
	[[ "${stderr}" == "smap: "*"syntax error"* ]]
	assert_equal "$(sed -n 2p <<<"$stderr")" '    .a + '
	assert_equal "$(sed -n 3p <<<"$stderr")" '         ^'
}

@test "the caret points at the offending token inside the expression" {
	run_sh "smap '{a: 1 2}' < /dev/null"
	assert_failure 2
	local expr_line caret_line
	expr_line="$(sed -n 2p <<<"$stderr")"
	caret_line="$(sed -n 3p <<<"$stderr")"
	# The caret sits under the "2", wherever the line's indent starts.
	local prefix="${expr_line%%\{a: 1 2\}*}"
	assert_equal "$caret_line" "${prefix}      ^"
}

@test "a syntax error is reported before any input is read" {
	# stdin is a FIFO that never ends: reading it would hang until timeout.
	mkfifo never
	run_sh "exec 7<>never; timeout 5 smap '.a +' <never 7>&-"
	assert_failure 2
	[[ "$stderr" == *"syntax error"* ]]
}

@test "an unknown function is reported before any input is read" {
	mkfifo never
	run_sh "exec 7<>never; timeout 5 smap 'nosuchfunction(1)' <never 7>&-"
	assert_failure 2
	[[ "$stderr" == *nosuchfunction* ]]
}

@test "-- ends the options, so an expression may start with a minus" {
	run_sh "echo '{\"a\":2}' | smap -- '-.a'"
	assert_success
	assert_output -- -2
}

# A signal during one long evaluation: the evaluator looks at the signal
# flag every EVAL_TICKS steps, so the record fails with "interrupted",
# goes to --dead-letter, and smap stops.  debug marks (on stderr, which
# is not buffered) that the evaluation of the second record has begun.

# interrupt_during SIGNAL EXPR: runs smap EXPR on the records 1 and 2
# from a FIFO held open, sends SIGNAL once record 2 is being evaluated,
# and sets $elapsed_ms (signal to exit) and $tool_status.
interrupt_during() {
	local t0 t1 i
	mkfifo in
	smap --dead-letter dead -- "$2" <in >out 2>err &
	tool_pid=$!
	bg_pids+=("$tool_pid")
	exec {writer}<>in
	printf '1\n2\n' >&"$writer"
	wait_for_file_line err '["DEBUG:",2]' || fail "record 2 never started"
	t0=$EPOCHREALTIME
	kill -s "$1" "$tool_pid"
	for ((i = 0; i < 500; i++)); do
		kill -0 "$tool_pid" 2>/dev/null || break
		sleep 0.002
	done
	t1=$EPOCHREALTIME
	kill -0 "$tool_pid" 2>/dev/null && kill -s KILL "$tool_pid"
	tool_status=0
	wait "$tool_pid" || tool_status=$?
	bg_pids=()
	elapsed_ms=$(((${t1/./} - ${t0/./}) / 1000))
	echo "exited ${elapsed_ms} ms after SIG$1" >&3
}

@test "SIGTERM ends a long evaluation within a second: the record fails with interrupted" {
	live_setup
	interrupt_during TERM 'debug | if . == 1 then . else last(range(1e12)) end'
	live_teardown
	[ "$elapsed_ms" -lt 1000 ] || fail "smap took $elapsed_ms ms to exit"
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n'
	assert_file_equal dead $'2\n'
	run grep -v DEBUG err
	assert_output 'smap: <stdin>:2: interrupted
smap: 1 of 2 lines rejected (1 interrupted); first at <stdin>:2'
}

@test "SIGINT ends a long limit evaluation within a second" {
	live_setup
	interrupt_during INT 'debug | if . == 1 then . else first(limit(1e10; range(1e12)) | select(. < 0)) end'
	live_teardown
	[ "$elapsed_ms" -lt 1000 ] || fail "smap took $elapsed_ms ms to exit"
	assert_equal "$tool_status" 130
	assert_file_equal dead $'2\n'
	run grep -v DEBUG err
	assert_output 'smap: <stdin>:2: interrupted
smap: 1 of 2 lines rejected (1 interrupted); first at <stdin>:2'
}

@test "SIGTERM ends a long recursive definition within a second, and try does not catch it" {
	live_setup
	interrupt_during TERM 'debug | def f: if . == 0 then empty else (. - 1 | f), (. - 1 | f) end; if . == 1 then . else try (60 | f) catch "caught" end'
	live_teardown
	[ "$elapsed_ms" -lt 1000 ] || fail "smap took $elapsed_ms ms to exit"
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n'
	assert_file_equal dead $'2\n'
	run grep -v DEBUG err
	assert_output 'smap: <stdin>:2: interrupted
smap: 1 of 2 lines rejected (1 interrupted); first at <stdin>:2'
}

@test "SIGTERM ends a long evaluation inside // and ? too" {
	live_setup
	interrupt_during TERM 'debug | if . == 1 then . else ((last(range(1e12)) | error)? // "fallback") end'
	live_teardown
	[ "$elapsed_ms" -lt 1000 ] || fail "smap took $elapsed_ms ms to exit"
	assert_equal "$tool_status" 143
	assert_file_equal out $'1\n'
	run grep -v DEBUG err
	assert_output 'smap: <stdin>:2: interrupted
smap: 1 of 2 lines rejected (1 interrupted); first at <stdin>:2'
}

@test "catastrophic regex backtracking fails that record quickly and the next record is processed" {
	local t0 t1
	python3 -c 'print("\"" + "a" * 30000 + "b\"")' >in
	printf '%s\n' '"aaa"' '"aab"' >>in
	t0=$EPOCHREALTIME
	run_sh "timeout 10 smap --dead-letter dead 'test(\"(a+)+\$\")' in"
	t1=$EPOCHREALTIME
	assert_failure 1
	assert_output $'true\nfalse'
	assert_equal "$stderr" 'smap: in:1: regex match limit exceeded
smap: 1 of 3 lines rejected (1 regex match limit exceeded); first at in:1'
	run cut -c1-3 dead
	assert_output '"aa'
	[ $(((${t1/./} - ${t0/./}) / 1000)) -lt 2000 ] || fail "took too long"
}
