#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# jq's command-line conventions on every tool that takes an expression:
# -c, --arg, --argjson, --slurpfile, --rawfile, $ARGS.named, -f FILE,
# smap's -r and -j, and options anywhere on the command line.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	printf '%s\n' '{"k":"a","v":1,"t":0,"msg":"x\ty"}' \
	    '{"k":"b","v":2,"t":1,"msg":"é"}' >in.ndjson
	printf '%s\n' '[1,2]' '{"a":"b"}' '3' >values.json
	printf 'raw\ttext\n' >raw.txt
}

@test "smap -r writes strings as their text and the rest as JSON, as jq -r" {
	same_as_jq smap -r '.msg, .v' in.ndjson -- -r '.msg, .v' in.ndjson
	same_as_jq smap --raw-output '.msg' in.ndjson -- -r '.msg' in.ndjson
}

@test "smap -j writes no newline after each output, as jq -j" {
	same_as_jq smap -j '.k, .v' in.ndjson -- -j '.k, .v' in.ndjson
	run smap --join-output '{k}' in.ndjson
	assert_output '{"k":"a"}{"k":"b"}'
}

@test "-c is accepted by every tool and changes nothing: the output is compact anyway" {
	run smap -c '{k}' in.ndjson
	assert_output $'{"k":"a"}\n{"k":"b"}'
	run sfilter -c '.v > 1' in.ndjson
	assert_output '{"k":"b","v":2,"t":1,"msg":"é"}'
	run skey -c .k in.ndjson
	assert_line --index 0 '{"k":"a","v":1,"t":0,"msg":"x\ty","_key":"a"}'
	run stokenize -c -f .k in.ndjson
	assert_line --index 0 '{"v":1,"t":0,"msg":"x\ty","token":"a"}'
	run scount -c -k .k in.ndjson
	assert_output $'{"key":"a","count":1}\n{"key":"b","count":1}'
	run swindow -c --tumbling 1h -t .t --epoch in.ndjson
	assert_output '{"key":null,"start":0,"end":3600,"count":2}'
	run sjoin -c -k .k --lookup in.ndjson in.ndjson
	assert_line --index 0 '{"k":"a","v":1,"t":0,"msg":"x\ty"}'
}

@test "--arg, --argjson, --slurpfile and --rawfile bind variables, and \$ARGS.named holds them all, as in jq" {
	local prog='[$a, $j, $s, $r, $ARGS]'
	same_as_jq smap --arg a x --argjson j '{"n":1}' --slurpfile s values.json \
	    --rawfile r raw.txt "$prog" in.ndjson -- -c --arg a x \
	    --argjson j '{"n":1}' --slurpfile s values.json --rawfile r raw.txt \
	    "$prog" in.ndjson
	same_as_jq smap '$ARGS' in.ndjson -- -c '$ARGS' in.ndjson
}

@test "every tool that takes an expression takes the variables" {
	run sfilter --arg k b '.k == $k' in.ndjson
	assert_output '{"k":"b","v":2,"t":1,"msg":"é"}'
	run skey --argjson n 10 '.v * $n' in.ndjson
	assert_line --index 1 '{"k":"b","v":2,"t":1,"msg":"é","_key":"20"}'
	run stokenize --arg f msg -f '.[$f]' in.ndjson
	assert_output $'{"k":"a","v":1,"t":0,"msg":"x\\ty","token":"x"}\n{"k":"a","v":1,"t":0,"msg":"x\\ty","token":"y"}\n{"k":"b","v":2,"t":1,"msg":"é","token":"é"}'
	run scount --rawfile p raw.txt -k '$p | length' in.ndjson
	assert_output '{"key":9,"count":2}'
	run swindow --tumbling 1h -t .t --epoch --argjson w 3 -a 'sum(.v * $w)' \
	    -k '$ARGS.named.w' in.ndjson
	assert_output '{"key":3,"start":0,"end":3600,"sum":9}'
	run sjoin --slurpfile x values.json -k '$x | length' --lookup in.ndjson in.ndjson
	assert_success
}

@test "a variable the program uses but no option gives is a compile error before any input" {
	run --separate-stderr smap '$nope' in.ndjson
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *'$nope'* ]]
}

@test "--slurpfile and --rawfile report a missing file or bad JSON, exit 2" {
	run --separate-stderr smap --slurpfile s missing.json . in.ndjson
	assert_failure 2
	assert_equal "$stderr" 'smap: --slurpfile s: missing.json: No such file or directory'
	printf '1 [2,\n' >bad.json
	run --separate-stderr swindow --tumbling 1s --slurpfile s bad.json in.ndjson
	assert_failure 2
	assert_equal "$stderr" 'swindow: --slurpfile s: bad.json: not a sequence of JSON values (at byte 3)'
	run --separate-stderr smap --arg onlyname
	assert_failure 2
	assert_equal "$stderr" 'smap: --arg onlyname needs a value'
	run --separate-stderr smap --argjson j '{bad' . in.ndjson
	assert_failure 2
	[[ "$stderr" == 'smap: --argjson j: invalid JSON: '* ]]
}

@test "-f FILE reads the program from FILE, and every operand is then an input file" {
	printf '# keys and values\n{k,\n v: (.v * 10)}\n' >prog.jq
	run smap -f prog.jq in.ndjson
	assert_success
	assert_output $'{"k":"a","v":10}\n{"k":"b","v":20}'
	run smap --from-file prog.jq in.ndjson in.ndjson
	assert_equal "${#lines[@]}" 4
	printf '.v > 1\n' >cond.jq
	run sfilter -f cond.jq in.ndjson
	assert_output '{"k":"b","v":2,"t":1,"msg":"é"}'
	run --separate-stderr smap -f missing.jq in.ndjson
	assert_failure 2
	assert_equal "$stderr" 'smap: -f: missing.jq: No such file or directory'
}

@test "options may come after the expression and the files, as with jq; -- ends them" {
	run smap .k in.ndjson -r
	assert_output $'a\nb'
	run sfilter '.v > 1' in.ndjson --arg x 1 -c
	assert_output '{"k":"b","v":2,"t":1,"msg":"é"}'
	run scount in.ndjson -k .k
	assert_output $'{"key":"a","count":1}\n{"key":"b","count":1}'
	cp in.ndjson ./-r
	run smap .k -- -r
	assert_output $'"a"\n"b"'
}

@test "an expression that starts with - is taken as options, with a hint to put it after --" {
	run_sh "echo '{\"a\":1}' | smap '-.a'"
	assert_failure 2
	assert_equal "$(sed -n 1,2p <<<"$stderr")" "smap: invalid option -- '.'
smap: an expression that starts with - goes after --, as in: smap -- '-.a'"
	run_sh "echo '{\"a\":1}' | smap -- '-.a'"
	assert_success
	assert_output '-1'
	# an unknown letter is only an unknown option
	run_sh "echo 1 | sfilter -x ."
	assert_failure 2
	assert_equal "$(sed -n 1p <<<"$stderr")" "sfilter: invalid option -- 'x'"
	[[ "$stderr" != *'goes after --'* ]]
}
