#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Latency benchmark of issue 10: a writer sends RATE events a second
# (default 1000) for DURATION seconds (default 10), each with its send time
# in ns, through sfilter | smap | skey | scount --running, and a reader
# stamps every result as it arrives (bench/latency.py); then the same
# chain with jq -c, with jq -c --unbuffered, and four cats (what the
# pipes and this harness cost).  Prints p50, p99 and max of the
# end-to-end latency in milliseconds.  Target for ours: p99 below 2 ms,
# max below 10 ms.
#
#	sh bench/latency.sh		(or make bench-latency; about 45 s)
#	RATE=5000 DURATION=5 sh bench/latency.sh
# shellcheck disable=SC2016 # $r is jq's
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
rate=${RATE:-1000}
secs=${DURATION:-10}
bin=${BIN:-$root/bin}

for t in sfilter smap skey scount; do
	[ -x "$bin/$t" ] ||
	    { echo "bench: $bin/$t missing: run make first" >&2; exit 2; }
done
for t in jq python3; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 2; }
done

ours="'$bin/sfilter' '.status < 600' | '$bin/smap' '{host, status, sent}' |
    '$bin/skey' .host | '$bin/scount' --running"
# jq CHAIN OPTS: the same four stages with jq and OPTS; the last one is
# scount --running: the updated count of the key after every record.
chain() {
	echo "jq -c $1 'select(.status < 600)' | jq -c $1 '{host, status, sent}' |
	    jq -c $1 '. + {_key: .host}' | jq -c -n $1 'foreach inputs as \$r
	    ({}; .[\$r._key] += 1; {key: \$r._key, count: .[\$r._key]})'"
}

failed=0
echo "latency: $rate events/s for $secs s through sfilter | smap | skey |" \
    "scount --running (ms, send to arrival)"
echo
printf '%-22s %8s %8s %8s %8s\n' chain events p50 p99 max
for c in ours jq jq-unbuffered "cat (floor)"; do
	case $c in
	cat*) p="cat | cat | cat | cat" ;;
	ours) p=$ours ;;
	jq) p=$(chain "") ;;
	jq-unbuffered) p=$(chain --unbuffered) ;;
	esac
	r=$(python3 "$root/bench/latency.py" "$rate" "$secs" "$p") ||
	    { failed=1; continue; }
	# shellcheck disable=SC2086 # the four numbers
	set -- $r
	printf '%-22s %8s %8s %8s %8s\n' "$c" "$1" "$2" "$3" "$4"
done
exit "$failed"
