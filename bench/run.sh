#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Side-by-side benchmark: sfilter and smap against jq and Miller on the
# same 200,000-line NDJSON access log.  Wall time is the best of RUNS runs,
# memory the peak resident set of that run (GNU time's %M).  Checks that
# the tools agree on the output before printing the table.  Then runs the
# other benchmarks of this directory that exist, one after the other, each
# printing its own table: window.sh (swindow against Miller),
# wordcount.sh (stokenize | scount against tr | sort | uniq -c and Miller)
# join.sh (sjoin against Miller's join and jq), state.sh (what
# --state costs: snapshot size and time, throughput with --checkpoint)
# and suite.sh (every tool against jq, gojq and Miller, with floors).
# Exits 1 when any of them fails or finds that the tools disagree.
#
#	sh bench/run.sh		(or make bench; about a minute in all)
#	NLINES=1000000 RUNS=5 sh bench/run.sh
# shellcheck disable=SC2016 # $ in jq and Miller expressions is theirs
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
lines=${NLINES:-200000}
runs=${RUNS:-3}
data=$root/bench/data/access-$lines.ndjson
out=$root/bench/out
bin=$root/bin

for t in "$bin/smap" "$bin/sfilter"; do
	[ -x "$t" ] || { echo "bench: $t missing: run make first" >&2; exit 2; }
done
for t in jq mlr; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 2; }
done
if [ -x /usr/bin/time ]; then
	gtime=/usr/bin/time
else
	gtime=
	echo "bench: no /usr/bin/time: peak memory not measured" >&2
fi

printf '== bench/run.sh\n\n'
mkdir -p "$root/bench/data" "$out" || exit 2
if [ ! -s "$data" ]; then
	echo "bench: generating $data"
	awk -v n="$lines" -v bad=0 -f "$root/examples/gen-access.awk" \
	    >"$data.tmp" && mv "$data.tmp" "$data" || exit 2
fi
cat "$data" >/dev/null	# warm the page cache

now() {
	date +%s.%N
}

# measure NAME CMD...: runs CMD <data >out/NAME RUNS times; sets best
# (seconds) and rss (KiB) from the fastest run.
measure() {
	name=$1
	shift
	best=
	rss=-
	i=0
	while [ "$i" -lt "$runs" ]; do
		if [ -n "$gtime" ]; then
			"$gtime" -f '%e %M' -o "$out/time" "$@" \
			    <"$data" >"$out/$name" || return 1
			read -r s m <"$out/time"
		else
			t0=$(now)
			"$@" <"$data" >"$out/$name" || return 1
			s=$(echo "$t0 $(now)" | awk '{ printf "%.2f", $2 - $1 }')
			m=-
		fi
		if [ -z "$best" ] ||
		    awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$s
			rss=$m
		fi
		i=$((i + 1))
	done
}

# row TASK TOOL: one line of the table, from best, rss and jqbest.
row() {
	awk -v task="$1" -v tool="$2" -v s="$best" -v m="$rss" -v jq="$jqbest" \
	    -v n="$lines" 'BEGIN {
		t = s > 0 ? s : 0.005	# GNU time has 10 ms resolution
		printf "%-8s %-8s %8.2f %12.0f %8.1fx %8s\n", task, tool, s,
		    n / t, jq / t, m == "-" ? "-" : sprintf("%.1f", m / 1024)
	}'
}

lc() {
	wc -l <"$1" | tr -d ' '
}

failed=0

# agree TASK FILE...: every output has as many lines as the first.
agree() {
	task=$1
	shift
	n=$(lc "$1")
	for f in "$@"; do
		if [ "$(lc "$f")" != "$n" ]; then
			echo "bench: $task: $(basename "$f") has $(lc "$f")" \
			    "lines, $(basename "$1") $n" >&2
			failed=1
		fi
	done
}

table() {
	printf '%-8s %-8s %8s %12s %9s %8s\n' task tool seconds lines/s \
	    "vs jq" "peak MB"
}

echo "bench: $lines lines ($(wc -c <"$data" | tr -d ' ') bytes)," \
    "best of $runs runs; $(jq --version), $(mlr --version)"
echo "vs jq: jq's time divided by the tool's (above 1: faster than jq)"
echo
table

# filter: keep the records with status 500.
measure filter.jq jq -c 'select(.status == 500)' || failed=1
jqbest=$best; jqrss=$rss
measure filter.sfilter "$bin/sfilter" '.status == 500' || failed=1
row filter sfilter
best=$jqbest; rss=$jqrss; row filter jq
measure filter.mlr mlr --ijsonl --ojsonl filter '$status == 500' || failed=1
row filter mlr
agree filter "$out/filter.jq" "$out/filter.sfilter" "$out/filter.mlr"
# sfilter writes records byte for byte, jq re-prints them: compare values.
if ! jq -c . "$out/filter.sfilter" | cmp -s - "$out/filter.jq"; then
	echo "bench: filter: sfilter and jq outputs differ" >&2
	failed=1
fi

# map: a projection with arithmetic.
measure map.jq jq -c '{path, ms: (.ms * 1000)}' || failed=1
jqbest=$best; jqrss=$rss
measure map.smap "$bin/smap" '{path, ms: (.ms * 1000)}' || failed=1
row map smap
best=$jqbest; rss=$jqrss; row map jq
measure map.mlr mlr --ijsonl --ojsonl cut -o -f path,ms \
    'then' put '$ms = $ms * 1000' || failed=1
row map mlr
agree map "$out/map.jq" "$out/map.smap" "$out/map.mlr"
if ! cmp -s "$out/map.smap" "$out/map.jq"; then
	echo "bench: map: smap and jq outputs differ" >&2
	failed=1
fi

echo
if [ "$failed" -ne 0 ]; then
	echo "bench: FAILED (outputs in $out)" >&2
else
	echo "bench: outputs agree ($(lc "$out/filter.jq") and" \
	    "$(lc "$out/map.jq") lines)"
fi

# The other benchmarks, in turn; a missing one (still being written) is
# skipped.  Each checks its own tools and prints its own table.
for b in window wordcount join state suite; do
	[ -f "$root/bench/$b.sh" ] || continue
	printf '\n== bench/%s.sh\n\n' "$b"
	sh "$root/bench/$b.sh" || failed=1
done
exit "$failed"
