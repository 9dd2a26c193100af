# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Shared setup for the stream tools bats suites.
#
# Load with `load test_helper` from a .bats file.  Puts the freshly built
# tools (bin/, relative to this file) first in PATH, loads bats-support and
# bats-assert, and offers helpers for the differential jq tests.

BATS_LIB_PATH="${BATS_LIB_PATH:+$BATS_LIB_PATH:}/usr/lib/bats:/usr/local/lib/bats"
export BATS_LIB_PATH
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

TOOLS_BIN="${BATS_TEST_DIRNAME%/}/../bin"
PATH="$TOOLS_BIN:$PATH"
export PATH
FIXTURES="$BATS_TEST_DIRNAME/fixtures"

# The differential tests compare with jq 1.6; JQ overrides the binary.
JQ="${JQ:-jq}"

# Byte-exact output checks must not depend on the caller's locale.
export LC_ALL=C.UTF-8

# run_sh SCRIPT: runs a shell pipeline under `run`, keeping stderr apart
# so $output is stdout only and $stderr is stderr.  The command, status,
# stdout and stderr are logged, and bats shows the log when a test fails.
run_sh() {
	run --separate-stderr bash -c "$1"
	printf '$ %s\nstatus: %s\nstdout:\n%s\nstderr:\n%s\n\n' \
	    "$1" "$status" "$output" "$stderr"
}

# assert_file_equal FILE EXPECTED: the file holds exactly EXPECTED (a
# printf format is not used: pass the bytes, e.g. with $'...').
assert_file_equal() {
	local got
	got="$(cat "$1"; printf x)"
	got="${got%x}"
	if [ "$got" != "$2" ]; then
		batslib_print_kv_single_or_multi 8 \
		    file "$1" expected "$(printf '%q' "$2")" \
		    actual "$(printf '%q' "$got")" |
		    batslib_decorate 'file content differs' |
		    fail
	fi
}

# wait_for_file_line FILE LINE: polls (up to 5 s, 0.05 s steps) until FILE
# holds LINE as a whole line.  Returns non-zero on timeout.
wait_for_file_line() {
	local i
	for ((i = 0; i < 100; i++)); do
		if [ -f "$1" ] && grep -qxF -- "$2" "$1"; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# Reads a case table: one case per line, INPUT<TAB>EXPR.  Lines starting
# with '#' and empty lines are ignored.  A line "## NAME" starts group NAME;
# only the cases of group $1 are printed (all when $1 is empty).
cases_of_group() {
	local group="$1" file="$2" cur="" line
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		'## '*) cur="${line#'## '}"; continue ;;
		'#'* | '') continue ;;
		esac
		if [ -z "$group" ] || [ "$group" = "$cur" ]; then
			printf '%s\n' "$line"
		fi
	done <"$file"
}

# The differential runs feed every case of a group as one record
# [N, INPUT] and run one program that dispatches on N, so smap and jq each
# start once per group.  The case expression sees INPUT as ".", and each
# output is written as [N, OUTPUT].  A record the expression fails on is
# rejected by smap and reported by jq; both carry the line number N.
#
# diff_program EXPR...: prints that program for the given expressions.
diff_program() {
	local i=0 e prog='.[0] as $__case | .[1] | (if false then empty'
	for e in "$@"; do
		i=$((i + 1))
		prog+=" elif \$__case == $i then ($e"$'\n'")"
	done
	prog+=' else empty end) | [$__case, .]'
	printf '%s\n' "$prog"
}

# diff_records INPUT...: prints the records [1, INPUT1], [2, INPUT2], ...
diff_records() {
	local i=0 in
	for in in "$@"; do
		i=$((i + 1))
		printf '[%d,%s]\n' "$i" "$in"
	done
}

# failed_lines FILE: the record numbers a tool reported errors for, one a
# line, from "smap: <stdin>:N: ..." or "jq: error (at <stdin>:N): ...".
failed_lines() {
	sed -n -e 's/^smap: <stdin>:\([0-9]*\): .*/\1/p' \
	    -e 's/^jq: error (at <stdin>:\([0-9]*\)).*/\1/p' "$1"
}

# run_both PROG RECORDS TMP: runs PROG over the records in both tools:
# TMP.smap, TMP.jq hold stdout; TMP.smap.err, TMP.jq.err stderr (as
# "N: MSG" lines, N the record); TMP.status "SMAP JQ" exit statuses.
run_both() {
	local prog="$1" tmp="$3" ost tst
	printf '%s' "$2" >"$tmp.in"
	ost=0
	smap "$prog" <"$tmp.in" >"$tmp.smap" 2>"$tmp.smap.raw" || ost=$?
	tst=0
	"$JQ" -c "$prog" <"$tmp.in" >"$tmp.jq" 2>"$tmp.jq.raw" || tst=$?
	sed -n 's/^smap: <stdin>:\([0-9]*\): /\1: /p' "$tmp.smap.raw" \
	    >"$tmp.smap.err"
	sed -n 's/^jq: error (at <stdin>:\([0-9]*\)): /\1: /p' "$tmp.jq.raw" \
	    >"$tmp.jq.err"
	echo "$ost $tst" >"$tmp.status"
}

# diff_one INPUT EXPR: runs one case alone in both tools; prints a report
# and returns 1 when the outputs differ or only one tool fails.
diff_one() {
	local tmp="$BATS_TEST_TMPDIR/one" ost tst
	run_both "$(diff_program "$2")" "$(diff_records "$1")"$'\n' "$tmp"
	read -r ost tst <"$tmp.status"
	if cmp -s "$tmp.smap" "$tmp.jq" && [ $((ost == 0)) -eq $((tst == 0)) ]; then
		return 0
	fi
	printf 'input: %s\nexpr:  %s\n' "$1" "$2"
	printf 'smap (exit %d):\n' "$ost"
	sed -e 's/^\[1,\(.*\)\]$/\1/' -e 's/^/    /' "$tmp.smap"
	sed -e 's/^/    error: /' "$tmp.smap.raw"
	printf 'jq (exit %d):\n' "$tst"
	sed -e 's/^\[1,\(.*\)\]$/\1/' -e 's/^/    /' "$tmp.jq"
	sed -e 's/^/    error: /' "$tmp.jq.raw"
	echo
	return 1
}

# expr_diff GROUP [FILE]: every case of GROUP in the case table (default
# fixtures/expr/cases.txt) must give the same output in smap as in jq -c,
# byte for byte, and fail in one exactly when it fails in the other (the
# messages are compared by error_diff, not here).  All cases run in one
# go; when anything differs, each case is rerun alone and every
# mismatching case is reported before the test fails.
expr_diff() {
	local group="$1" file="${2:-$FIXTURES/expr/cases.txt}"
	local -a inputs=() exprs=()
	local input expr i bad=0 report="" ost tst one
	local tmp="$BATS_TEST_TMPDIR/group"
	while IFS=$'\t' read -r input expr; do
		inputs+=("$input")
		exprs+=("$expr")
	done < <(cases_of_group "$group" "$file")
	if [ "${#exprs[@]}" -eq 0 ]; then
		fail "no cases in group '$group' of $file"
		return
	fi
	run_both "$(diff_program "${exprs[@]}")" \
	    "$(diff_records "${inputs[@]}")"$'\n' "$tmp"
	read -r ost tst <"$tmp.status"
	if [ "$ost" -ne 2 ] && { [ "$tst" -eq 0 ] || [ "$tst" -eq 5 ]; } &&
	    cmp -s "$tmp.smap" "$tmp.jq" &&
	    [ "$(cut -d: -f1 "$tmp.smap.err")" = "$(cut -d: -f1 "$tmp.jq.err")" ]
	then
		return 0
	fi
	# Rerun alone the cases whose output or failure differs, or all of
	# them when a tool did not get through the group.
	local -a suspects=("${!exprs[@]}")
	if [ "$ost" -ne 2 ] && { [ "$tst" -eq 0 ] || [ "$tst" -eq 5 ]; }; then
		mapfile -t suspects < <(
			diff "$tmp.smap" "$tmp.jq" |
			    sed -n -e 's/^[<>] \[\([0-9]*\),.*/\1/p' \
			    -e 's/^[<>] .*/0/p'
			diff <(cut -d: -f1 "$tmp.smap.err") \
			    <(cut -d: -f1 "$tmp.jq.err") | sed -n 's/^[<>] //p'
		)
		if printf '%s\n' "${suspects[@]}" | grep -qx 0; then
			suspects=("${!exprs[@]}")
		else
			mapfile -t suspects < <(printf '%s\n' "${suspects[@]}" |
			    sort -nu | sed -n 's/^\([0-9][0-9]*\)$/\1/p' |
			    while read -r i; do echo $((i - 1)); done)
		fi
	fi
	for i in "${suspects[@]}"; do
		if ! one="$(diff_one "${inputs[$i]}" "${exprs[$i]}")"; then
			bad=$((bad + 1))
			report+="$one"$'\n\n'
		fi
	done
	if [ "$bad" -eq 0 ]; then
		report="each case agrees alone, but the group run differs:"$'\n'
		report+="smap (exit $ost): $(head -c 2000 "$tmp.smap.raw")"$'\n'
		report+="jq (exit $tst): $(head -c 2000 "$tmp.jq.raw")"$'\n'
		bad=all
	fi
	printf '%s' "$report" |
	    batslib_decorate "$bad of ${#exprs[@]} cases in group '$group' differ from jq" |
	    fail
}

# error_diff FILE: every case fails in smap and in jq, with the same
# message: jq says "jq: error (at <stdin>:N): MSG", smap "smap:
# <stdin>:N: MSG".  Every mismatch is reported.
error_diff() {
	local file="$1" input expr i ours theirs bad=0 report=""
	local -a inputs=() exprs=()
	local tmp="$BATS_TEST_TMPDIR/errors"
	while IFS=$'\t' read -r input expr; do
		inputs+=("$input")
		exprs+=("$expr")
	done < <(cases_of_group "" "$file")
	run_both "$(diff_program "${exprs[@]}")" \
	    "$(diff_records "${inputs[@]}")"$'\n' "$tmp"
	for i in "${!exprs[@]}"; do
		ours="$(grep "^$((i + 1)): " "$tmp.smap.err" | cut -d' ' -f2-)"
		theirs="$(grep "^$((i + 1)): " "$tmp.jq.err" | cut -d' ' -f2-)"
		if [ "$ours" != "$theirs" ] || [ -z "$ours" ]; then
			bad=$((bad + 1))
			report+="input:  ${inputs[$i]}"$'\n'
			report+="expr:   ${exprs[$i]}"$'\n'
			report+="smap:   $ours"$'\n'
			report+="jq:     $theirs"$'\n\n'
		fi
	done
	if [ "$bad" -ne 0 ]; then
		report+="smap's stderr: $(head -c 1000 "$tmp.smap.raw")"
		printf '%s' "$report" |
		    batslib_decorate "$bad of ${#exprs[@]} error messages differ from jq" |
		    fail
	fi
}

# fixture_cases TOOL: runs every case in fixtures/TOOL/<case>/: "args"
# holds the arguments, one per line; "input" is fed on stdin; "expected"
# is the exact stdout; an optional "status" the exit status (default 0).
# Every failing case is reported before the test fails.
fixture_cases() {
	local tool="$1" dir name got st want bad=0 n=0 report=""
	local -a args
	for dir in "$FIXTURES/$tool"/*/; do
		name="$(basename "$dir")"
		n=$((n + 1))
		mapfile -t args <"$dir/args"
		st=0
		got="$("$tool" "${args[@]}" <"$dir/input" 2>"$BATS_TEST_TMPDIR/err"; echo "x$?")" || :
		st="${got##*x}"
		got="${got%x*}"
		want="$(cat "$dir/expected"; echo x)"
		want="${want%x}"
		local wst=0
		[ -f "$dir/status" ] && wst="$(cat "$dir/status")"
		if [ "$got" != "$want" ] || [ "$st" != "$wst" ]; then
			bad=$((bad + 1))
			report+="case $name: $tool$(printf ' %q' "${args[@]}")"$'\n'
			report+="  expected (exit $wst): $(printf '%q' "$want")"$'\n'
			report+="  actual   (exit $st): $(printf '%q' "$got")"$'\n'
			report+="  stderr: $(cat "$BATS_TEST_TMPDIR/err")"$'\n'
		fi
	done
	if [ "$n" -eq 0 ]; then
		fail "no cases in $FIXTURES/$tool"
	elif [ "$bad" -ne 0 ]; then
		printf '%s' "$report" |
		    batslib_decorate "$bad of $n $tool fixture cases failed" |
		    fail
	fi
}

# jq_same EXPR INPUT: smap and jq -c give the same stdout for INPUT (one
# or more lines) and EXPR, and both succeed or both fail.
jq_same() {
	local ours theirs ost=0 tst=0
	ours="$(printf '%s\n' "$2" | smap "$1" 2>&1)" || ost=$?
	theirs="$(printf '%s\n' "$2" | "$JQ" -c "$1" 2>/dev/null)" || tst=$?
	if [ "$ours" != "$theirs" ] || [ $((ost == 0)) -ne $((tst == 0)) ]; then
		batslib_print_kv_single_or_multi 6 expr "$1" input "$2" \
		    smap "$ours (exit $ost)" jq "$theirs (exit $tst)" |
		    batslib_decorate 'smap differs from jq' | fail
	fi
}

# live_setup and live_teardown, for suites with live (FIFO) tests: a test
# works in its scratch directory, records background processes in
# bg_pids and the FIFO writer's descriptor in writer, and teardown closes
# and reaps them, so nothing is left behind when a test fails half-way.
live_setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	bg_pids=()
	writer=
}

live_teardown() {
	local p
	if [ -n "$writer" ]; then
		exec {writer}>&-
	fi
	for p in "${bg_pids[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	return 0
}

# start TOOL ARGS...: runs the tool in the background, stdout in out,
# stderr in err; its pid is in $tool_pid.
start() {
	"$@" >out 2>err 3>&- &
	tool_pid=$!
	bg_pids+=("$tool_pid")
}

# stop_with SIGNAL: sends it and waits for the tool; $tool_status is set.
stop_with() {
	local p
	kill -s "$1" "$tool_pid"
	tool_status=0
	wait "$tool_pid" || tool_status=$?
	for p in "${!bg_pids[@]}"; do
		[ "${bg_pids[$p]}" != "$tool_pid" ] || unset 'bg_pids[p]'
	done
}

# wait_for_content FILE EXPECTED: polls (up to 5 s) until FILE holds
# exactly EXPECTED, then asserts it (so a timeout shows the difference).
wait_for_content() {
	local i got
	for ((i = 0; i < 250; i++)); do
		got="$(cat "$1" 2>/dev/null; printf x)"
		[ "${got%x}" != "$2" ] || return 0
		sleep 0.02
	done
	assert_file_equal "$1" "$2"
}

# wait_read_to_end FILE: polls (up to 5 s) until the tool has FILE open
# at its end and every thread of the tool sleeps, twice in a row: then it
# has seen all the file holds.
wait_read_to_end() {
	local i fd pos size ok t seen=0
	for ((i = 0; i < 250; i++)); do
		ok=0
		size=$(stat -c %s "$1")
		for fd in /proc/"$tool_pid"/fd/*; do
			[ "$(readlink "$fd")" = "$(realpath "$1")" ] || continue
			pos=$(sed -n 's/^pos:[[:space:]]*//p' \
			    /proc/"$tool_pid"/fdinfo/"${fd##*/}")
			[ "$pos" = "$size" ] && ok=1
		done
		for t in /proc/"$tool_pid"/task/*/stat; do
			[ "$(sed 's/.*) //' "$t" | cut -d' ' -f1)" = S ] || ok=0
		done
		if [ "$ok" = 1 ]; then
			[ "$seen" = 1 ] && return 0
			seen=1
		else
			seen=0
		fi
		sleep 0.02
	done
	fail "the tool did not read $1 to its end (size $size)"
}

# same_as_jq TOOL_ARGS -- JQ_ARGS: the tool, and jq with JQ_ARGS (add -c
# for compact output), give the same stdout, and the tool succeeds.
same_as_jq() {
	local ours=() theirs=()
	while [ "$1" != "--" ]; do ours+=("$1"); shift; done
	shift
	theirs=("$@")
	run --separate-stderr "${ours[@]}"
	assert_success
	local want
	want="$("$JQ" "${theirs[@]}")"
	assert_output "$want"
}
