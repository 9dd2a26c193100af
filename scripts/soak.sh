#!/usr/bin/env bash
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# soak.sh [KILLS] [RECORDS]: the kill -9 loop of tests/killtest.sh, for
# longer: at least KILLS (200) kills over RECORDS (600000) events, for
# swindow, scount, scount --running and sjoin, with the tools of bin/.
# Prints, for each, the kills survived and the windows compared.  Partial
# last lines left by a kill are dropped and counted (state-bugs.md).

set -u
kills=${1:-200}
records=${2:-600000}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
failed=0

soak() {
	local fields=$1
	shift
	echo "== $*"
	if ! "$top/tests/killtest.sh" -P -n "$kills" -r "$records" \
	    -j "$records" -s 7 -t 900 -w "$work" -u "$fields" "$@"; then
		echo "FAILED: $*"
		failed=1
	fi
}

soak key,start swindow --tumbling 10s -k .k -t .ts --time-unit ms \
    -a count -a 'sum(.v)' -a 'avg(.f)' -a 'p50(.v)' -a 'distinct(.v)' \
    -a 'first(.v)' -a 'last(.v)' -a 'collect(.v)' -a 'stddev(.f)' \
    events.ndjson
soak key,start swindow --session 5s -k .k -t .ts --time-unit ms \
    -a count -a 'sum(.v)' events.ndjson
soak key scount -k .k events.ndjson events.ndjson events.ndjson
soak key,count scount --running -k .k events.ndjson
soak key sjoin -k .id left.ndjson right.ndjson
exit "$failed"
