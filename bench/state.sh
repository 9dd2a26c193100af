#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Benchmark: what --state costs.  For KEYS distinct keys (default
# 1,000,000) held by scount: the snapshot's size, the time one snapshot
# takes to write (a run that writes only its final snapshot, against the
# same run without --state), and the time a restart takes to load it.
# Then the throughput cost of the default --checkpoint 5s on runs long
# enough to take periodic snapshots: scount over RECORDS records
# (default 12,000,000) spread over those keys, and swindow (tumbling
# count and avg per key prefix, about 1,100 keys) over the same records.
# Each case is RUNS (default 3) paired runs; the best of each is
# reported (this machine's run-to-run noise is 10-20%, the cost less).
#
#	sh bench/state.sh
#	KEYS=100000 RECORDS=2000000 sh bench/state.sh
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
keys=${KEYS:-1000000}
records=${RECORDS:-12000000}
runs=${RUNS:-3}
bin=$root/bin
data=$root/bench/data
out=$root/bench/out
keyfile=$data/state-keys-$keys.ndjson
recfile=$data/state-records-$records-$keys.ndjson
state=$out/bench.state

for t in scount swindow; do
	[ -x "$bin/$t" ] || { echo "bench: $bin/$t missing: run make first" >&2; exit 2; }
done
mkdir -p "$data" "$out" || exit 2
if [ ! -s "$keyfile" ]; then
	echo "bench: generating $keyfile"
	awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++)
	    printf "{\"k\":\"key%d\"}\n", i }' >"$keyfile.tmp" &&
	    mv "$keyfile.tmp" "$keyfile" || exit 2
fi
if [ ! -s "$recfile" ]; then
	echo "bench: generating $recfile"
	# a Park-Miller generator: the same bytes with every awk
	awk -v n="$records" -v k="$keys" 'BEGIN { s = 7
	    for (i = 0; i < n; i++) { s = (s * 16807) % 2147483647
		printf "{\"k\":\"key%d\",\"t\":%d,\"v\":%d}\n",
		    s % k, 1700000000000 + i, s % 1000 } }' >"$recfile.tmp" &&
	    mv "$recfile.tmp" "$recfile" || exit 2
fi
cat "$keyfile" "$recfile" >/dev/null	# warm the page cache
# A snapshot ends with fsync(2), which on ext4 also waits for other dirty
# data of the file system: the files just generated, here.
sync

now() {
	date +%s.%N
}

# seconds CMD...: runs CMD >/dev/null, prints its wall time.
seconds() {
	t0=$(now)
	"$@" >/dev/null 2>&1
	t1=$(now)
	echo "$t1 - $t0" | bc -l
}

best() {
	sort -n | awk 'NR == 1 { printf "%.3f", $1 }'
}

# pair NAME CMD...: RUNS paired runs of CMD without and with --state;
# sets plain and stated (best seconds).
pair() {
	name=$1
	shift
	: >"$out/state-$name.plain"
	: >"$out/state-$name.stated"
	i=0
	while [ $i -lt "$runs" ]; do
		seconds "$@" >>"$out/state-$name.plain"
		rm -f "$state"
		seconds "$@" --state "$state" >>"$out/state-$name.stated"
		i=$((i + 1))
	done
	plain=$(best <"$out/state-$name.plain")
	stated=$(best <"$out/state-$name.stated")
}

printf -- "--state with %s keys\n\n" "$keys"

pair snapshot "$bin/scount" -k .k --top 1 "$keyfile"
size=$(wc -c <"$state")
write=$(echo "$stated - $plain" | bc -l)
: >"$out/state-load"
i=0
while [ $i -lt "$runs" ]; do
	# the file was read to its end: this run only loads and writes
	seconds "$bin/scount" -k .k --top 1 "$keyfile" --state "$state" \
	    >>"$out/state-load"
	i=$((i + 1))
done
load=$(best <"$out/state-load")
printf 'snapshot of %s keys: %s bytes (%s bytes a key)\n' "$keys" "$size" \
    $((size / keys))
printf 'one snapshot written: %.3f s (scount alone %s s, with --state %s s)\n' \
    "$write" "$plain" "$stated"
printf 'a restart that loads it and writes it again: %s s\n\n' "$load"

printf '%-44s %9s %9s %8s\n' case "no state" "--state" cost
pair scount "$bin/scount" -k .k --top 1 "$recfile"
printf '%-44s %8ss %8ss %7.1f%%\n' "scount, $records records" "$plain" \
    "$stated" "$(echo "($stated - $plain) * 100 / $plain" | bc -l)"
pair swindow "$bin/swindow" --tumbling 1m -k '.k[:6]' -t .t --time-unit ms \
    -a count -a 'avg(.v)' "$recfile"
printf '%-44s %8ss %8ss %7.1f%%\n' "swindow --tumbling 1m, $records records" \
    "$plain" "$stated" "$(echo "($stated - $plain) * 100 / $plain" | bc -l)"
rm -f "$state"
