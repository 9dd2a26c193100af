#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# The benchmark suite of issue 10: every tool against jq 1.6, gojq and
# Miller on one web-access file (bench/access.sh, 200,000 events), with
# floors: cat, wc -l and a minimal C line copier (bench/linecopy.c, built
# here).  The tools of a case take turns, RUNS runs each; the table shows
# the median wall time with min and max, MB/s and records/s of the input,
# peak RSS (GNU time's %M) and how our tool (the first row of each case)
# compares.  Every peer's output is checked against ours first, as JSON
# values (bench/suite.py agree); a disagreement fails the suite (exit 1).
# Last, "flat": sfilter and cat at N and BIG events, MB/s at both.
#
#	sh bench/suite.sh			(make bench runs it too)
#	N=20000 RUNS=1 BIG=0 sh bench/suite.sh	(quick; BIG=0: no flat check)
#	BIN=/elsewhere/bin sh bench/suite.sh	(the tools of another build)
#	CASES="filter window" sh bench/suite.sh	(some cases only; filter
#						includes the flat check)
#
# The table also goes to bench/out/suite/table.md, as markdown.
# shellcheck disable=SC2016 # $ in jq and Miller expressions is theirs
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-200000}
big=${BIG:-2000000}
runs=${RUNS:-5}
seed=${SEED:-1}
cases=${CASES:-}
bin=${BIN:-$root/bin}
out=$root/bench/out/suite
py="python3 $root/bench/suite.py"

for t in sfilter smap skey stokenize scount swindow sjoin; do
	[ -x "$bin/$t" ] ||
	    { echo "bench: $bin/$t missing: run make first" >&2; exit 2; }
done
for t in jq gojq mlr python3 cc; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: $t not found (scripts/install-deps.sh)" >&2; exit 2; }
done
mkdir -p "$root/bench/data" "$out" || exit 2
cc -O2 -o "$out/linecopy" "$root/bench/linecopy.c" || exit 2

# Miller 6 reads and writes JSON Lines (--ijsonl --ojsonl); Miller 5 not.
mlr --ijsonl --ojsonl cat </dev/null >/dev/null 2>&1 ||
    { echo "bench: mlr without --ijsonl: Miller 6 needed" >&2; exit 2; }

# access N: the path of the file of N events, generated once.
access() {
	f=$root/bench/data/access-$1-seed$seed.ndjson
	if [ ! -s "$f" ]; then
		echo "bench: generating $f" >&2
		sh "$root/bench/access.sh" "$1" "$seed" >"$f.tmp" &&
		    mv "$f.tmp" "$f" || exit 2
	fi
	echo "$f"
}

data=$(access "$n")
[ -s "$data" ] || exit 2
hosts=$root/bench/data/hosts.ndjson
awk 'BEGIN {
	for (i = 1; i <= 50; i++)
		printf "{\"host\":\"web-%02d.example.net\",\"dc\":\"dc%d\"," \
		    "\"rack\":\"r%02d\",\"owner\":\"team-%c\"}\n", i, i % 3 + 1,
		    i % 17, 97 + i % 7
}' >"$hosts" || exit 2
bytes=$(wc -c <"$data" | tr -d ' ')
cat "$data" >/dev/null	# warm the page cache

results=$out/results
: >"$results"
failed=0

# bench CASE FILE NAME CMD... [:: NAME CMD...]...: runs the tools in turns
# on FILE and adds their times to the results; the first is ours.
bench() {
	c=$1 f=$2
	shift 2
	want "$c" || return 0
	echo "bench: $c" >&2
	b=$(wc -c <"$f" | tr -d ' ')
	r=$(wc -l <"$f" | tr -d ' ')
	$py run "$runs" "$f" "$out/$c." "$@" >"$out/times" || { failed=1; return; }
	while read -r tool med lo hi rss; do
		echo "$c $tool $med $lo $hi $rss $(echo "$b" |
		    awk '{ print $1 / 1e6 }') $r" >>"$results"
	done <"$out/times"
}

# want CASE: CASE is one of $CASES (all when CASES is empty).
want() {
	[ -z "$cases" ] && return 0
	for w in $cases; do
		[ "$w" = "${1%@*}" ] && return 0
	done
	return 1
}

# agree CASE TOOL...: the outputs of the TOOLs have the values of the first.
agree() {
	c=$1
	shift
	want "$c" || return 0
	first=$1
	shift
	peers=
	for t in "$@"; do
		peers="$peers $out/$c.$t"
	done
	# shellcheck disable=SC2086 # $peers is a list of paths
	$py agree "$c" "$out/$c.$first" $peers || failed=1
}

j=jq g=gojq
s=$bin

bench filter "$data" \
    sfilter "$s/sfilter" '.status == 500' :: \
    jq $j -c 'select(.status == 500)' :: \
    gojq $g -c 'select(.status == 500)' :: \
    mlr mlr --ijsonl --ojsonl filter '$status == 500' :: \
    cat cat :: \
    wc-l wc -l :: \
    linecopy "$out/linecopy"
agree filter sfilter jq gojq mlr

bench project "$data" \
    smap "$s/smap" '{host, status, latency_ms}' :: \
    jq $j -c '{host, status, latency_ms}' :: \
    gojq $g -c '{host, status, latency_ms}' :: \
    mlr mlr --ijsonl --ojsonl cut -o -f host,status,latency_ms
agree project smap jq gojq mlr

bench update "$data" \
    smap "$s/smap" '.latency_ms = .latency_ms * 1000' :: \
    jq $j -c '.latency_ms = .latency_ms * 1000' :: \
    gojq $g -c '.latency_ms = .latency_ms * 1000' :: \
    mlr mlr --ijsonl --ojsonl put '$latency_ms = $latency_ms * 1000'
agree update smap jq gojq mlr

bench skey "$data" \
    skey "$s/skey" .host :: \
    jq $j -c '. + {_key: .host}' :: \
    gojq $g -c '. + {_key: .host}' :: \
    mlr mlr --ijsonl --ojsonl put '$_key = $host'
agree skey skey jq gojq mlr

# The words of .msg are lower-case ASCII separated by single spaces, so
# splitting on " " finds what stokenize's Unicode words find.
wjq='reduce (inputs | .msg / " " | .[]) as $w ({}; .[$w] += 1)
    | to_entries[] | {key, count: .value}'
bench words "$data" \
    stokenize+scount sh -c "'$s/stokenize' -f .msg --as _key | '$s/scount'" :: \
    jq $j -n -c "$wjq" :: \
    gojq $g -n -c "$wjq" :: \
    mlr mlr --ijsonl --ojsonl nest --explode --values --across-records -f msg \
	--nested-fs ' ' 'then' count -g msg
agree words stokenize+scount jq gojq mlr

# Tumbling one-minute windows per host: the times are in UTC, so the
# window of an event is its first 16 bytes.
# The events are in time order, so a window closes when the minute
# changes: jq keeps the windows of the current minute only, as swindow
# does (one object of all windows makes jq 1.6 and gojq quadratic).
wdjq='foreach (inputs, null) as $r ({w: {}, m: null, out: []};
    if $r == null then .out = [.w[]]
    else $r.time[0:16] as $m
	| (if $m != .m then .out = [.w[]] | .w = {} | .m = $m
	    else .out = [] end)
	| .w[$r.host] |= {key: $r.host, start: $m, count: (.count + 1),
	    sum: (.sum + $r.latency_ms)}
    end;
    .out[] | {key, start, count, avg: (.sum / .count)})'
bench window "$data" \
    swindow "$s/swindow" --tumbling 1m -k .host -t .time -a count \
	-a 'avg(.latency_ms)' :: \
    jq $j -n -c "$wdjq" :: \
    gojq $g -n -c "$wdjq" :: \
    mlr mlr --ijsonl --ojsonl put '$start = substr($time, 0, 15)' \
	'then' stats1 -a count,mean -f latency_ms -g host,start
agree window swindow jq gojq mlr

# Every event merged with the row of its host from a 50-row table.
jjq='(reduce $t[] as $r ({}; .[$r.host] = $r)) as $ix
    | inputs | . + $ix[.host]'
bench join "$data" \
    sjoin "$s/sjoin" -k .host --lookup "$hosts" :: \
    jq $j -n -c --slurpfile t "$hosts" "$jjq" :: \
    gojq $g -n -c --slurpfile t "$hosts" "$jjq" :: \
    mlr mlr --ijsonl --ojsonl join -j host -f "$hosts"
agree join sjoin jq gojq mlr

tjq='reduce inputs as $r ({}; .[$r.host] += 1) | to_entries
    | sort_by(-.value, .key) | .[:10][] | {key, count: .value}'
bench top "$data" \
    scount "$s/scount" -k .host --top 10 :: \
    jq $j -n -c "$tjq" :: \
    gojq $g -n -c "$tjq" :: \
    mlr mlr --ijsonl --ojsonl count -g host 'then' sort -nr count -f host \
	'then' head -n 10
agree top scount jq gojq mlr

if [ "$big" -gt 0 ] && want filter; then
	bigdata=$(access "$big")
	[ -s "$bigdata" ] || exit 2
	cat "$bigdata" >/dev/null
	bench "filter@$n" "$data" \
	    sfilter "$s/sfilter" '.status == 500' :: cat cat
	bench "filter@$big" "$bigdata" \
	    sfilter "$s/sfilter" '.status == 500' :: cat cat
fi

echo
echo "suite: $n events, $bytes bytes ($data), median of $runs runs"
echo "peers: $(jq --version), $(gojq --version | cut -d' ' -f1-2)," \
    "$(mlr --version); $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "last column: the peer's median over ours (faster: ours is faster)"
echo
$py report "$results" >"$out/report" || failed=1
sed '/^$/,$d' "$out/report"
sed '1,/^$/d' "$out/report" >"$out/table.md"
if [ "$big" -gt 0 ] && want filter; then
	awk -v a="filter@$n" -v b="filter@$big" '
	$1 == a && $2 == "sfilter" { x = $7 / $3 }
	$1 == b && $2 == "sfilter" { y = $7 / $3 }
	END { printf "\nflat: sfilter %.1f MB/s at %s, %.1f MB/s at %s " \
	    "(%.2f)\n", x, a, y, b, y / x }' "$results"
fi
echo
$py targets "$results"
echo
if [ "$failed" -ne 0 ]; then
	echo "suite: FAILED (outputs in $out)" >&2
else
	echo "suite: every peer agrees with our output"
fi
exit "$failed"
