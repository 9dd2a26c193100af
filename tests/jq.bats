#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# jq's own test files (tests/jq/jq.test and onig.test, see tests/jq/README)
# run through smap; tests/jq/skip.txt lists the cases left out and why.

load test_helper

@test "jq's own jq.test and onig.test pass through smap, but for the listed differences" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run python3 "$BATS_TEST_DIRNAME/jq/run.py" --smap "$(command -v smap)"
	printf '%s\n' "$output"
	assert_success
	assert_output --partial ' passed, 0 failed, 18 skipped'
}

@test "every reason in the skip list is named in stream-tools(7) DIFFERENCES FROM JQ" {
	local reason man
	man="$(sed -n '/^\.Sh DIFFERENCES FROM JQ/,/^\.Sh /p' "$BATS_TEST_DIRNAME/../man/stream-tools.7")"
	while read -r _ reason; do
		man="${man,,}"
		reason="${reason,,}"
		case "$man" in
		*"${reason%%:*}"*) ;;
		*) fail "not in stream-tools(7): $reason" ;;
		esac
	done < <(grep -v '^#' "$BATS_TEST_DIRNAME/jq/skip.txt" | grep .)
}
