#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Input and output rules shared by every tool, tested on smap and sfilter:
# bad lines, dead letters, --strict, line endings, --max-line, nesting,
# UTF-8, live flushing, closed and failing stdout.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# long_string N: a JSON string literal of N + 2 bytes.
long_string() {
	printf '"%s"' "$(head -c "$1" /dev/zero | tr '\0' x)"
}

# --- bad lines ------------------------------------------------------------

@test "a line that is not JSON is reported with file and line, and the rest is processed" {
	run_sh "printf '%s\n' '{\"a\":1}' 'not json' '{\"a\":2}' | smap .a"
	assert_failure 1
	assert_output $'1\n2'
	assert_equal "$(grep -c '' <<<"$stderr")" 2
	[[ "$stderr" == "smap: <stdin>:2: "?* ]]
	[[ "$stderr" == *$'\nsmap: 1 of 3 lines rejected (1 invalid JSON); first at <stdin>:2' ]]
}

@test "a truncated JSON line is rejected and the next line is still a record" {
	run_sh "printf '%s\n' '{\"a\":' '{\"a\":2}' | smap .a"
	assert_failure 1
	assert_output 2
	[[ "$stderr" == "smap: <stdin>:1: "?* ]]
}

@test "two JSON values on one line are rejected: one value per line" {
	run_sh "printf '%s\n' '1 2' '[1] x' 3 | smap ."
	assert_failure 1
	assert_output 3
	[[ "$stderr" == *"smap: <stdin>:1: "* ]]
	[[ "$stderr" == *"smap: <stdin>:2: "* ]]
}

@test "a record the expression fails on is rejected with the reason, and the rest is processed" {
	run_sh "printf '%s\n' '{\"a\":1}' '{\"a\":\"x\"}' '{\"a\":3}' | smap '.a + 1'"
	assert_failure 1
	assert_output $'2\n4'
	assert_equal "$stderr" 'smap: <stdin>:2: string ("x") and number (1) cannot be added
smap: 1 of 3 lines rejected (1 string and number cannot be added); first at <stdin>:2'
}

@test "sfilter reports bad lines the same way" {
	run_sh "printf '%s\n' 1 '{' 2 | sfilter true"
	assert_failure 1
	assert_output $'1\n2'
	[[ "$stderr" == "sfilter: <stdin>:2: "?* ]]
}

@test "a bad line in a file is reported with the path as given" {
	printf '1\n\n{x\n' >in.ndjson
	run_sh "smap . ./in.ndjson"
	assert_failure 1
	assert_output 1
	[[ "$stderr" == "smap: ./in.ndjson:3: "?* ]]
}

@test "all good input exits 0 with nothing on stderr" {
	run_sh "printf '%s\n' 1 2 3 | smap ."
	assert_success
	assert_equal "$stderr" ''
}

# --- dead letters ---------------------------------------------------------

@test "--dead-letter receives every rejected line verbatim, one per line" {
	printf '%s\n' '{"a":1}' '{"a" : ' '{"a":"x"}' '  {bad}  ' '{"a":4}' >in
	run_sh "smap --dead-letter dead.ndjson '.a + 1' in"
	assert_failure 1
	assert_output $'2\n5'
	assert_file_equal dead.ndjson $'{"a" : \n{"a":"x"}\n  {bad}  \n'
}

@test "--dead-letter keeps a rejected line's trailing CR, so the line is kept verbatim" {
	printf '1\r\nbad\r\n2\r\n' >in
	run_sh "smap --dead-letter dead.ndjson . in"
	assert_failure 1
	assert_output $'1\n2'
	assert_file_equal dead.ndjson $'bad\r\n'
}

@test "--dead-letter appends to an existing file" {
	printf 'old line\n' >dead.ndjson
	run_sh "printf 'new bad\n' | smap --dead-letter dead.ndjson ."
	assert_failure 1
	assert_file_equal dead.ndjson $'old line\nnew bad\n'
}

@test "--dead-letter gets nothing when nothing is rejected" {
	run_sh "printf '1\n' | smap --dead-letter dead.ndjson ."
	assert_success
	[ ! -s dead.ndjson ]
}

@test "sfilter --dead-letter receives lines the expression fails on" {
	run_sh "printf '%s\n' 1 '\"s\"' 3 | sfilter --dead-letter dead.ndjson '. > 2 and . - 1 > 0'"
	assert_failure 1
	assert_output 3
	assert_file_equal dead.ndjson $'"s"\n'
}

@test "a dead letter file that cannot be opened is a fatal error before reading" {
	mkfifo never
	run_sh "exec 7<>never; timeout 5 smap --dead-letter no/such/dir/dead . <never 7>&-"
	assert_failure 2
	[[ "$stderr" == *"no/such/dir/dead"* ]]
}

# --- --strict -------------------------------------------------------------

@test "--strict stops at the first bad line with exit 2, after writing the output before it" {
	run_sh "printf '%s\n' 1 2 bad 3 | smap --strict ."
	assert_failure 2
	assert_output $'1\n2'
	[[ "$stderr" == "smap: <stdin>:3: "?* ]]
}

@test "--strict stops at the first record the expression fails on" {
	run_sh "printf '%s\n' '{\"a\":1}' '{\"a\":[]}' '{\"a\":2}' | smap --strict '.a * 2'"
	assert_failure 2
	assert_output 2
}

@test "--strict still writes the bad line to the dead letter file" {
	run_sh "printf '%s\n' 1 bad 2 | smap --strict --dead-letter dead.ndjson ."
	assert_failure 2
	assert_output 1
	assert_file_equal dead.ndjson $'bad\n'
}

@test "sfilter --strict stops at the first bad line" {
	run_sh "printf '%s\n' 1 '{' 2 | sfilter --strict true"
	assert_failure 2
	assert_output 1
}

# --- line endings and blank lines ----------------------------------------

@test "a trailing CR is ignored: CRLF input gives the same records" {
	run_sh "printf '{\"a\" : 1}\r\n{\"a\":2}\r\n' | smap '.a'"
	assert_success
	assert_output $'1\n2'
}

@test "a CRLF record passed through keeps its bytes but not the CR" {
	run_sh "printf '{\"a\" : 1}\r\n' | smap . | od -An -c | tr -s ' '"
	assert_success
	assert_output "$(printf '{"a" : 1}\n' | od -An -c | tr -s ' ')"
	run_sh "printf '{\"a\" : 1}\r\n' | sfilter true | od -An -c | tr -s ' '"
	assert_output "$(printf '{"a" : 1}\n' | od -An -c | tr -s ' ')"
}

@test "blank lines (empty, spaces, tabs, a lone CR) are skipped but counted" {
	run_sh "printf '\n  \n\t\n\r\n1\n \t \r\nbad\n' | smap ."
	assert_failure 1
	assert_output 1
	[[ "$stderr" == "smap: <stdin>:7: "?* ]]
}

@test "a last line without a newline is still a record" {
	run_sh "printf '1\n{\"a\" : 2}' | smap ."
	assert_success
	assert_output $'1\n{"a" : 2}'
}

@test "a last line without a newline is still a record for sfilter" {
	run_sh "printf '1\n{\"a\" : 2}' | sfilter 'type == \"object\"'"
	assert_success
	assert_output '{"a" : 2}'
}

@test "empty input gives empty output and exit 0" {
	run_sh "smap . </dev/null"
	assert_success
	assert_output ''
}

@test "-R strips a trailing CR from each line" {
	run_sh "printf 'ab\r\n\r\ncd\r\n' | smap -R '[., length]'"
	assert_success
	assert_output $'["ab",2]\n["",0]\n["cd",2]'
}

@test "-R keeps spaces and a final line without a newline" {
	run_sh "printf '  x  \nlast' | smap -R ."
	assert_success
	assert_output $'"  x  "\n"last"'
}

# --- --max-line -----------------------------------------------------------

@test "a line longer than --max-line is rejected naming --max-line, and the next lines are processed" {
	long_string 150 >long
	{ echo 1; cat long; echo; echo 2; } >in
	run_sh "smap --max-line 100 . in"
	assert_failure 1
	assert_output $'1\n2'
	[[ "$stderr" == "smap: in:2: "*"--max-line"* ]]
}

@test "an over-long line goes to the dead letter file whole" {
	long_string 150 >long
	{ echo 1; cat long; echo; echo 2; } >in
	run_sh "smap --max-line 100 --dead-letter dead.ndjson . in"
	assert_failure 1
	assert_output $'1\n2'
	cmp dead.ndjson <(cat long; echo)
}

@test "an over-long line much larger than the read buffer goes to the dead letter file whole" {
	long_string 300000 >long
	{ echo 1; cat long; echo; echo 2; } >in
	run_sh "smap --max-line 64k --dead-letter dead.ndjson . <in"
	assert_failure 1
	assert_output $'1\n2'
	[[ "$stderr" == "smap: <stdin>:2: "*"--max-line"* ]]
	cmp dead.ndjson <(cat long; echo)
}

@test "an over-long last line without a newline is rejected and dead-lettered" {
	long_string 150 >long
	{ echo 1; cat long; } >in
	run_sh "smap --max-line 100 --dead-letter dead.ndjson . in"
	assert_failure 1
	assert_output 1
	cmp dead.ndjson <(cat long; echo)
}

@test "a line of exactly --max-line bytes is accepted" {
	long_string 98 >long
	{ cat long; echo; } >in
	run_sh "smap --max-line 100 length in"
	assert_success
	assert_output 98
}

@test "--max-line takes k and M suffixes and the default takes a 1 MB line" {
	long_string 1000000 >long
	{ cat long; echo; } >in
	run_sh "smap length in"
	assert_success
	assert_output 1000000
	run_sh "smap --max-line 16M length in"
	assert_success
	run_sh "smap --max-line 64k length in"
	assert_failure 1
}

@test "a bad --max-line size is a usage error" {
	run_sh "smap --max-line 12x . </dev/null"
	assert_failure 2
	[[ "$stderr" == *"--max-line"* ]]
	run_sh "smap --max-line 0 . </dev/null"
	assert_failure 2
	run_sh "smap --max-line -5 . </dev/null"
	assert_failure 2
}

@test "sfilter rejects over-long lines the same way" {
	long_string 150 >long
	{ echo 1; cat long; echo; echo 2; } >in
	run_sh "sfilter --max-line 100 --dead-letter dead.ndjson true in"
	assert_failure 1
	assert_output $'1\n2'
	cmp dead.ndjson <(cat long; echo)
}

# --- nesting and encoding -------------------------------------------------

@test "arrays nested 512 deep are accepted, 513 deep rejected" {
	local n512 n513
	n512="$(printf '%.0s[' {1..512})$(printf '%.0s]' {1..512})"
	n513="$(printf '%.0s[' {1..513})$(printf '%.0s]' {1..513})"
	printf '%s\n' "$n512" "$n513" 7 >in
	run_sh "smap 'length' in"
	assert_failure 1
	assert_output $'1\n7'
	[[ "$stderr" == "smap: in:2: "?* ]]
}

@test "objects nested 513 deep are rejected" {
	printf '%s\n' "$(printf '%.0s{"a":' {1..513})1$(printf '%.0s}' {1..513})" >in
	run_sh "smap 'length' in"
	assert_failure 1
	[[ "$stderr" == "smap: in:1: "?* ]]
}

@test "a record nested 512 deep passes through byte for byte" {
	printf '%s\n' "$(printf '%.0s[ ' {1..512})$(printf '%.0s]' {1..512})" >in
	run_sh "sfilter true in"
	assert_success
	assert_output "$(cat in)"
}

@test "invalid UTF-8 in a string becomes U+FFFD, as in jq" {
	printf '"a\xffb\xc3"\n{"k\xfe":1}\n' >in
	run_sh "smap '[.]' in"
	assert_success
	assert_output "$("$JQ" -c '[.]' in)"
	assert_output $'["a\xef\xbf\xbdb\xef\xbf\xbd"]\n[{"k\xef\xbf\xbd":1}]'
}

@test "invalid UTF-8 in -R lines becomes U+FFFD, as in jq -R" {
	printf 'a\xffb\n\xc3\n' >in
	run_sh "smap -R . in"
	assert_success
	assert_output "$("$JQ" -R . in)"
}

@test "a truncated multi-byte sequence becomes one U+FFFD, as in jq" {
	printf '"a\xe2\x82"\n' >in
	run_sh "smap '[.]' in"
	assert_success
	assert_output $'["a\xef\xbf\xbd"]'
	assert_output "$("$JQ" -c '[.]' in)"
	printf 'a\xe2\x82\n' >in
	run_sh "smap -R . in"
	assert_success
	assert_output $'"a\xef\xbf\xbd"'
	assert_output "$("$JQ" -R . in)"
}

@test "a record with invalid UTF-8 that passes through unchanged is written re-encoded" {
	printf '"a\xffb"\n{"k":"\\ud800"}\n{"ok":"\xc3\xa9"}\n' >in
	run_sh "sfilter true in"
	assert_success
	assert_output $'"a\xef\xbf\xbdb"\n{"k":"\xef\xbf\xbd"}\n{"ok":"\xc3\xa9"}'
}

@test "a UTF-8 byte order mark opening each file is skipped, as jq skips it" {
	printf '\xef\xbb\xbf{"a":1}\n' >one
	printf '\xef\xbb\xbf{"a":2}\n' >two
	run_sh "sfilter true one two"
	assert_success
	assert_output $'{"a":1}\n{"a":2}'
	printf '\xef\xbb\xbfname,id\n' >csv
	run_sh "smap -R . csv"
	assert_output '"name,id"'
}

@test "a line of NUL bytes is rejected as invalid JSON, not skipped as blank" {
	printf '1\n\0\0\0\n2\n' >in
	run_sh "sfilter true in"
	assert_failure 1
	assert_output $'1\n2'
	assert_equal "$stderr" 'sfilter: in:2: invalid JSON at column 1: unexpected byte 0x00
sfilter: 1 of 3 lines rejected (1 invalid JSON); first at in:2'
}

@test "a closed standard output is a write error before any input is read" {
	echo 1 >in
	run_sh "smap --dead-letter dl . in >&-"
	assert_failure 2
	assert_equal "$stderr" 'smap: write error: Bad file descriptor'
	[ ! -s dl ]
}

@test "a closed standard input is an error naming it" {
	run_sh "smap . <&-"
	assert_failure 2
	assert_equal "$stderr" 'smap: <stdin>: Bad file descriptor'
}

@test "with standard error closed, messages do not go into the dead-letter file" {
	printf '1\n{\n2\n' >in
	run_sh "smap --dead-letter dl . in 2>&-"
	assert_failure 1
	assert_output $'1\n2'
	run cat dl
	assert_output '{'
}

@test "escaped non-ASCII characters are decoded like jq" {
	printf '%s\n' '"\u00e9\u2603\ud83d\ude00"' >in
	run_sh "smap '[., length, utf8bytelength]' in"
	assert_success
	assert_output "$("$JQ" -c '[., length, utf8bytelength]' in)"
}

# --- output ---------------------------------------------------------------

@test "output is flushed while waiting for input: a record comes out before the writer closes" {
	mkfifo in
	exec 7<>in
	smap '.a' <in >out 7>&- 2>err &
	local pid=$!
	echo '{"a":42}' >&7
	local ok=0
	wait_for_file_line out 42 && ok=1
	echo '{"a":43}' >&7
	wait_for_file_line out 43 || ok=0
	exec 7>&-
	timeout 5 tail --pid="$pid" -f /dev/null || kill "$pid"
	wait "$pid"
	[ "$ok" -eq 1 ] || fail "smap held the output while waiting: $(cat out)"
	assert_file_equal out $'42\n43\n'
}

@test "sfilter flushes output while waiting for input" {
	mkfifo in
	exec 7<>in
	sfilter '.a > 1' <in >out 7>&- 2>err &
	local pid=$!
	printf '%s\n' '{"a":1}' '{"a" : 2}' >&7
	local ok=0
	wait_for_file_line out '{"a" : 2}' && ok=1
	exec 7>&-
	timeout 5 tail --pid="$pid" -f /dev/null || kill "$pid"
	wait "$pid"
	[ "$ok" -eq 1 ] || fail "sfilter held the output while waiting: $(cat out)"
}

@test "output is flushed while waiting on a FIFO file operand too" {
	mkfifo in
	exec 7<>in
	smap '.a' in >out 7>&- 2>err &
	local pid=$!
	echo '{"a":7}' >&7
	local ok=0
	wait_for_file_line out 7 && ok=1
	exec 7>&-
	timeout 5 tail --pid="$pid" -f /dev/null || kill "$pid"
	wait "$pid"
	[ "$ok" -eq 1 ] || fail "smap held the output while waiting: $(cat out)"
}

@test "a closed stdout ends smap quietly on endless input" {
	run_sh "timeout 10 bash -c 'yes {\\\"a\\\":1} | smap .a 2>err | head -1; echo \"\${PIPESTATUS[1]}\" >status'"
	assert_success
	assert_output 1
	assert_file_equal err ''
	# Quietly: exit 0, or death by SIGPIPE (128 + 13), never an error.
	run cat status
	assert_output --regexp '^(0|141)$'
}

@test "a closed stdout ends sfilter quietly on endless input" {
	run_sh "timeout 10 bash -c 'yes {\\\"a\\\":1} | sfilter .a 2>err | head -1'"
	assert_success
	assert_output '{"a":1}'
	assert_file_equal err ''
}

@test "a write error exits 2 with a write error message" {
	run_sh "printf '1\n' | smap . >/dev/full"
	assert_failure 2
	[[ "$stderr" == *"smap: write error"* ]]
}

@test "a write error in the middle of large output exits 2 promptly" {
	run_sh "yes '{\"a\":1}' | head -200000 | timeout 10 smap . >/dev/full"
	assert_failure 2
	[[ "$stderr" == *"write error"* ]]
}

@test "sfilter reports a write error with exit 2" {
	run_sh "printf '1\n' | sfilter true >/dev/full"
	assert_failure 2
	[[ "$stderr" == *"sfilter: write error"* ]]
}

@test "bulk output is complete and in order" {
	seq 1 50000 | sed 's/.*/{"n":&}/' >in
	run_sh "smap .n in | tail -1; smap .n in | wc -l"
	assert_success
	assert_output $'50000\n50000'
}
