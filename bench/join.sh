#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Benchmark: a two-input join on .id of RECORDS x RECORDS records
# (default 1,000,000 each side; the right side in a scrambled order, so
# that many keys wait for their match), with sjoin --merge against
# Miller's join (unsorted mode: it loads the left file) and jq (an index
# of the left file built with reduce, then every right record merged with
# its row; jq 1.6's own INDEX copies the object at every row and takes
# hours at 1M, so the bench writes out what INDEX means).  Checks
# that all three give the same records, then prints seconds, records/s,
# the ratios and peak RSS.
#
#	sh bench/join.sh
#	RECORDS=200000 sh bench/join.sh
#	SKIP_JQ=1 sh bench/join.sh
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
n=${RECORDS:-1000000}
left=$root/bench/data/join-left-$n.ndjson
right=$root/bench/data/join-right-$n.ndjson
out=$root/bench/out
sjoin=$root/bin/sjoin

[ -x "$sjoin" ] || { echo "bench: $sjoin missing: run make first" >&2; exit 2; }
for t in mlr jq python3; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 2; }
done
if [ -x /usr/bin/time ]; then
	gtime=/usr/bin/time
else
	gtime=
	echo "bench: no /usr/bin/time: peak memory not measured" >&2
fi

printf '== bench/join.sh\n\n'
mkdir -p "$root/bench/data" "$out" || exit 2
if [ ! -s "$left" ] || [ ! -s "$right" ]; then
	echo "bench: generating $left and $right"
	# Left: ids 0..n-1 in order.  Right: id (i * 7919) mod n, a
	# permutation of the same ids (7919 is a prime that divides no n
	# used here), so a key's two records are far apart.
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"id\":%d,\"user\":\"u%d\",\"plan\":\"p%d\"}\n",
			    i, i, i % 7
	}' >"$left.tmp" && mv "$left.tmp" "$left" || exit 2
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++) {
			k = (i * 7919) % n
			printf "{\"id\":%d,\"ms\":%d,\"path\":\"/api/%d\"}\n",
			    k, i % 1000, k % 100
		}
	}' >"$right.tmp" && mv "$right.tmp" "$right" || exit 2
fi
cat "$left" "$right" >/dev/null	# warm the page cache

now() {
	date +%s.%N
}

# measure NAME CMD...: runs CMD >out/NAME once; sets secs and rss (KiB).
measure() {
	name=$1
	shift
	if [ -n "$gtime" ]; then
		"$gtime" -f '%e %M' -o "$out/time" "$@" >"$out/$name" ||
		    return 1
		read -r secs rss <"$out/time"
	else
		t0=$(now)
		"$@" >"$out/$name" || return 1
		secs=$(echo "$t0 $(now)" | awk '{ printf "%.2f", $2 - $1 }')
		rss=-
	fi
}

failed=0
echo "bench: $n x $n records, join on .id"
echo

measure join.sjoin "$sjoin" -k .id --merge "$left" "$right" || failed=1
sj_s=$secs sj_m=$rss
measure join.mlr mlr --ijsonl --ojsonl join -u -j id -f "$left" "$right" ||
    failed=1
mlr_s=$secs mlr_m=$rss
if [ -z "${SKIP_JQ:-}" ]; then
	measure join.jq jq -n -c --slurpfile l "$left" \
	    '(reduce $l[] as $r ({}; .[$r.id | tostring] = $r)) as $i |
	     inputs | $i[.id | tostring] + .' \
	    "$right" || failed=1
	jq_s=$secs jq_m=$rss
fi

# The same records: each output line as sorted-key JSON, then sorted.
normalise() {
	python3 -c 'import json, sys
for line in sys.stdin:
    print(json.dumps(json.loads(line), sort_keys=True))' <"$1" | sort
}
normalise "$out/join.sjoin" >"$out/join.sjoin.norm"
for t in mlr jq; do
	[ -s "$out/join.$t" ] || continue
	normalise "$out/join.$t" >"$out/join.$t.norm"
	if ! cmp -s "$out/join.sjoin.norm" "$out/join.$t.norm"; then
		echo "bench: sjoin and $t disagree (see $out/join.*.norm)" >&2
		failed=1
	fi
done

printf '%-8s %8s %12s %10s %8s\n' tool seconds records/s joined "peak MB"
{
	echo "sjoin $sj_s $sj_m $(wc -l <"$out/join.sjoin")"
	echo "mlr $mlr_s $mlr_m $(wc -l <"$out/join.mlr")"
	[ -z "${SKIP_JQ:-}" ] && echo "jq $jq_s $jq_m $(wc -l <"$out/join.jq")"
} | awk -v n="$n" '{
	t = $2 > 0 ? $2 : 0.005
	printf "%-8s %8.2f %12.0f %10d %8s\n", $1, $2, 2 * n / t, $4,
	    $3 == "-" ? "-" : sprintf("%.1f", $3 / 1024)
}'
awk -v a="$mlr_s" -v b="$sj_s" -v am="$mlr_m" -v bm="$sj_m" 'BEGIN {
	b = b > 0 ? b : 0.005
	printf "\nsjoin is %.1fx as fast as mlr", a / b
	if (am != "-" && bm != "-")
		printf ", in %.1fx less memory", am / bm
	printf "\n"
}'
[ -z "${SKIP_JQ:-}" ] && awk -v a="$jq_s" -v b="$sj_s" 'BEGIN {
	printf "sjoin is %.1fx as fast as jq\n", a / (b > 0 ? b : 0.005)
}'

if [ "$failed" -ne 0 ]; then
	echo "bench: FAILED (outputs in $out)" >&2
	exit 1
fi
echo "bench: outputs agree"
