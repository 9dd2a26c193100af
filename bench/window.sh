#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Benchmark: tumbling one-minute counts per key with swindow against
# Miller doing the same bucketing (strptime, floor to the minute, count
# -g), on EVENTS synthetic events (default 1,000,000: 20 a second, 100
# keys, about 14 hours).  Checks that both find the same windows with the
# same counts, then prints seconds, the ratio and peak RSS.
#
#	sh bench/window.sh
#	EVENTS=200000 sh bench/window.sh
# shellcheck disable=SC2016 # $ in Miller expressions is Miller's
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
events=${EVENTS:-1000000}
data=$root/bench/data/window-$events.ndjson
out=$root/bench/out
swindow=$root/bin/swindow

[ -x "$swindow" ] || { echo "bench: $swindow missing: run make first" >&2; exit 2; }
for t in mlr jq; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 2; }
done
if [ -x /usr/bin/time ]; then
	gtime=/usr/bin/time
else
	gtime=
	echo "bench: no /usr/bin/time: peak memory not measured" >&2
fi

mkdir -p "$root/bench/data" "$out" || exit 2
if [ ! -s "$data" ]; then
	echo "bench: generating $data"
	# Event i at 2024-05-01T00:00:00Z + i/20 s, key k0..k99 from a
	# Park-Miller generator: the same bytes with every awk.
	awk -v n="$events" 'BEGIN {
		seed = 42
		for (i = 0; i < n; i++) {
			seed = (seed * 16807) % 2147483647
			s = int(i / 20)
			d = int(s / 86400); r = s - d * 86400
			h = int(r / 3600); r -= h * 3600
			m = int(r / 60); r -= m * 60
			printf "{\"ts\":\"2024-05-%02dT%02d:%02d:%02dZ\",\"k\":\"k%d\",\"v\":%d}\n",
			    d + 1, h, m, r, seed % 100, i % 10
		}
	}' >"$data.tmp" && mv "$data.tmp" "$data" || exit 2
fi
cat "$data" >/dev/null	# warm the page cache

now() {
	date +%s.%N
}

# measure NAME CMD...: runs CMD <data >out/NAME once; sets secs and rss
# (KiB, or - without GNU time).
measure() {
	name=$1
	shift
	if [ -n "$gtime" ]; then
		"$gtime" -f '%e %M' -o "$out/time" "$@" <"$data" >"$out/$name" ||
		    return 1
		read -r secs rss <"$out/time"
	else
		t0=$(now)
		"$@" <"$data" >"$out/$name" || return 1
		secs=$(echo "$t0 $(now)" | awk '{ printf "%.2f", $2 - $1 }')
		rss=-
	fi
}

failed=0
echo "bench: $events events ($(wc -c <"$data" | tr -d ' ') bytes)," \
    "tumbling 1m count per key"
echo

measure window.swindow "$swindow" --tumbling 1m -k .k -t .ts || failed=1
sw_s=$secs sw_m=$rss
measure window.mlr mlr --ijsonl --ojsonl \
    put '$w = sec2gmt(floor(strptime($ts, "%Y-%m-%dT%H:%M:%SZ") / 60) * 60)' \
    'then' count -g k,w || failed=1
mlr_s=$secs mlr_m=$rss

# The same windows with the same counts: key, start to the second, count.
jq -r '[.key, .start[0:19], .count] | @tsv' "$out/window.swindow" |
    sort >"$out/window.swindow.tsv"
jq -r '[.k, .w[0:19], .count] | @tsv' "$out/window.mlr" |
    sort >"$out/window.mlr.tsv"
if ! cmp -s "$out/window.swindow.tsv" "$out/window.mlr.tsv"; then
	echo "bench: swindow and mlr disagree (see $out/window.*.tsv)" >&2
	failed=1
fi
total() {
	awk -F '\t' '{ n += $3 } END { print n + 0 }' "$1"
}
sw_w=$(wc -l <"$out/window.swindow.tsv" | tr -d ' ')
mlr_w=$(wc -l <"$out/window.mlr.tsv" | tr -d ' ')

printf '%-8s %8s %10s %12s %8s %8s\n' tool seconds events/s windows total \
    "peak MB"
for row in "swindow $sw_s $sw_m $sw_w $(total "$out/window.swindow.tsv")" \
    "mlr $mlr_s $mlr_m $mlr_w $(total "$out/window.mlr.tsv")"; do
	echo "$row"
done | awk -v n="$events" '{
	t = $2 > 0 ? $2 : 0.005
	printf "%-8s %8.2f %10.0f %12d %8d %8s\n", $1, $2, n / t, $4, $5,
	    $3 == "-" ? "-" : sprintf("%.1f", $3 / 1024)
}'
awk -v a="$mlr_s" -v b="$sw_s" 'BEGIN {
	printf "\nswindow is %.1fx as fast as mlr\n", a / (b > 0 ? b : 0.005)
}'

if [ "$failed" -ne 0 ]; then
	echo "bench: FAILED (outputs in $out)" >&2
	exit 1
fi
echo "bench: outputs agree ($sw_w windows)"
