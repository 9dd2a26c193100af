#!/usr/bin/env bash
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# killtest.sh: the kill -9 test of --state (issue 9).
#
# usage: killtest.sh [-n KILLS] [-s SEED] [-r RECORDS] [-c DUR] [-u FIELDS]
#                    [-j KEYS] [-i FILE] [-w DIR] [-t SECONDS] [-P] [-A]
#                    TOOL [ARG...]
#
# In a work directory (-w, else a fresh one under $TMPDIR) it writes
# events.ndjson (RECORDS records {"k","ts","v","f"} in time order, ts in
# ms; -i FILE copies FILE there instead), left.ndjson and right.ndjson
# (KEYS keys {"id":N}, default RECORDS / 4, each once, in two different
# orders); files of an earlier run with the same -s -r -j are reused.
# It runs the command there once without --state for the reference
# output, once with it, uninterrupted, for the same output and to time
# it, then again and again as TOOL --state state --checkpoint DUR
# ARG..., each run killed with SIGKILL after a random few milliseconds,
# until a run ends by itself.  Each run writes its stdout to its own
# file.  Then it checks that
#   (a) the union of the runs' lines, duplicates dropped, is the
#       reference output, as sets;
#   (b) no two different lines have the same identity (the JSON fields
#       given by -u, e.g. key,start for swindow): every duplicate is the
#       same as its first copy;
#   (c) no run's output ends in a partial line (with -P such a line is
#       dropped, as a consumer must, and counted: a kill can cut a
#       write(2) short);  with -A every run appends to one file, as
#       `>> out` does, and a restart must cut off the line a kill left
#       unfinished, so that no line is glued to the next;
#   and no run wrote to stderr, and no temporary snapshot file is left;
# and prints "kills survived: N, windows compared: M" (M: lines of the
# reference).  The sleeps adapt so that there are at least KILLS kills
# spread over the input (see below); when a run ends before, it starts
# over from a fresh state with shorter sleeps.  -t: give up after that
# many seconds of kills.  Exit status 0 when every check holds, 1 when
# one fails, 2 on a usage error.

set -u

kills_min=20
seed=1
records=300000
keys=
ckpt=20ms
fields=
infile=
workdir=
limit=120
partial=0
append=0

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#     *\[/    [/p' "$0" >&2
	exit 2
}

while getopts n:s:r:j:c:u:i:w:t:PA opt; do
	case "$opt" in
	n) kills_min=$OPTARG ;;
	s) seed=$OPTARG ;;
	r) records=$OPTARG ;;
	j) keys=$OPTARG ;;
	c) ckpt=$OPTARG ;;
	u) fields=$OPTARG ;;
	i) infile=$OPTARG ;;
	w) workdir=$OPTARG ;;
	t) limit=$OPTARG ;;
	P) partial=1 ;;
	A) append=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
tool=$1
shift

[ -n "$keys" ] || keys=$((records / 4))
[ "$keys" -ge 1 ] || keys=1

if [ -z "$workdir" ]; then
	workdir=$(mktemp -d "${TMPDIR:-/tmp}/killtest.XXXXXX") || exit 2
fi
mkdir -p "$workdir" && cd "$workdir" || exit 2

# gen: the input files, the same for the same seed and size.
gen() {
	python3 - "$seed" "$records" "$keys" <<'EOF'
import random, sys
seed, n = int(sys.argv[1]), int(sys.argv[2])
m = int(sys.argv[3])
r = random.Random(seed)
t = 0
with open("events.ndjson", "w") as f:
    for i in range(n):
        t += r.randrange(0, 200)
        f.write('{"k":"k%d","ts":%d,"v":%d,"f":%.3f}\n' % (
            r.randrange(50), t, r.randrange(1000), r.random() * 100))
for name, field in (("left", "a"), ("right", "b")):
    ids = list(range(m))
    r.shuffle(ids)
    with open(name + ".ndjson", "w") as f:
        for i in ids:
            f.write('{"id":%d,"%s":%d}\n' % (i, field, r.randrange(10**6)))
EOF
}

# The files of an earlier run with the same seed and size are kept.
if [ -n "$infile" ]; then
	cp "$infile" events.ndjson || exit 2
	: >left.ndjson
	: >right.ndjson
	rm -f generated
elif [ "$(cat generated 2>/dev/null)" != "$seed $records $keys" ]; then
	gen || exit 2
	echo "$seed $records $keys" >generated
fi

rm -f ref out.* err.* state state.tmp.* state.ref
if ! "$tool" "$@" >ref 2>err.ref </dev/null; then
	echo "killtest: the reference run failed:" >&2
	cat err.ref >&2
	exit 1
fi
# Timed with --state, as the killed runs do their work; the output must
# be the same.
t0=$(date +%s%N)
if ! "$tool" --state state.ref --checkpoint "$ckpt" "$@" >out.ref \
    2>err.ref </dev/null; then
	echo "killtest: the run with --state failed:" >&2
	cat err.ref >&2
	exit 1
fi
t1=$(date +%s%N)
rm -f state.ref
if ! cmp -s ref out.ref; then
	echo "killtest: --state changes the output of an uninterrupted run" >&2
	exit 1
fi
rm -f out.ref

# The sleeps.  A run killed after S ms keeps the work up to its last
# snapshot: about S - C ms of it, C (startup, restore, the work since
# the last snapshot) being about 10 ms + half the checkpoint interval.
# The longest sleep HI is chosen so that the expected work kept per run,
# (HI - C)^2 / 2 (HI - LO) for sleeps uniform in [LO, HI], would give
# about 2 * KILLS kills over the timed run.  A run that keeps work keeps
# at least about one checkpoint interval of it, so a fast tool cannot
# be killed often enough that way: some runs are killed early, before
# their first snapshot (they keep nothing, but restore and die like any
# other).  After each kill, the input the snapshot says was read
# (permille of the inputs' bytes) and the average progress of the runs
# that kept something give the runs that keep work still to come; runs
# are killed early as often as needed to reach 1.5 * KILLS kills.  Once
# there were KILLS kills the sleeps grow, so that a run soon ends.
case "$ckpt" in
*ms) cms=${ckpt%ms} ;;
*s) cms=$((${ckpt%s} * 1000)) ;;
*) cms=20 ;;
esac
lo=5
cost=$((10 + cms / 2))
early=$((cms / 2 + 1))
hi=$(awk -v t=$(((t1 - t0) / 1000000)) -v n="$kills_min" -v lo="$lo" \
    -v c="$cost" 'BEGIN {
	want = t / (2 * n); hi = c + 2
	for (h = c + 2; h <= 60; h++)
		if ((h - c) ^ 2 / (2 * (h - lo)) <= want)
			hi = h
	print hi
}')
hi_first=$hi
stat -c '%n %s' -- *.ndjson >sizes

# read_permille: how much of its inputs the snapshot has read, 0-1000.
read_permille() {
	[ -f state ] || { echo 0; return; }
	sed -n 2p state | grep -o '"file":"[^"]*"\|"offset":[0-9]*' |
	    awk -F'"' -v sizes=sizes '
	BEGIN { while ((getline l < sizes) > 0) { split(l, a, " "); sz[a[1]] = a[2] } }
	$2 == "file" { total += sz[$4] }
	$2 == "offset" { split($0, o, ":"); done += o[2] }
	END { print (total > 0 ? int(1000 * done / total) : 0) }'
}

# next_sleep: the milliseconds the next run lives, in $ms.
next_sleep() {
	local need runs_left
	if [ "$kills" -ge "$kills_min" ]; then
		hi=$((hi * 5 / 4 + 1))
	elif [ "$gained" -gt 0 ]; then
		need=$((kills_min * 3 / 2 - kills))
		runs_left=$(((1000 - done_pm) * progressed / gained))
		if [ "$need" -gt "$runs_left" ] &&
		    [ $((RANDOM % need)) -ge "$runs_left" ]; then
			ms=$((1 + RANDOM % early))
			return
		fi
	fi
	ms=$((lo + RANDOM % (hi - lo + 1)))
}

RANDOM=$seed
start=$SECONDS
attempt=0
while :; do
	attempt=$((attempt + 1))
	rm -f out.* err.* state state.tmp.*
	kills=0
	run=0
	done_pm=0
	gained=0
	progressed=0
	while :; do
		run=$((run + 1))
		next_sleep
		if [ "$append" -eq 1 ]; then
			"$tool" --state state --checkpoint "$ckpt" "$@" \
			    >>out.all 2>"err.$run" </dev/null &
		else
			"$tool" --state state --checkpoint "$ckpt" "$@" \
			    >"out.$run" 2>"err.$run" </dev/null &
		fi
		pid=$!
		sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
		kill -9 "$pid" 2>/dev/null
		st=0
		wait "$pid" 2>/dev/null || st=$?
		if [ "$st" -eq 0 ]; then
			break
		elif [ "$st" -ne 137 ]; then
			echo "killtest: run $run exited $st:" >&2
			cat "err.$run" >&2
			exit 1
		fi
		kills=$((kills + 1))
		if [ $((SECONDS - start)) -gt "$limit" ]; then
			echo "killtest: no end after $kills kills in" \
			    "$((SECONDS - start)) s (no progress?)" >&2
			exit 1
		fi
		now_pm=$(read_permille)
		if [ "$now_pm" -gt "$done_pm" ]; then
			gained=$((gained + now_pm - done_pm))
			progressed=$((progressed + 1))
		fi
		done_pm=$now_pm
	done
	[ "$kills" -ge "$kills_min" ] && break
	if [ "$hi_first" -le "$cost" ]; then
		echo "killtest: only $kills kills with sleeps of $lo-$hi ms:" \
		    "the input is too small (see -r)" >&2
		exit 1
	fi
	echo "killtest: only $kills kills with sleeps of $lo-$hi_first ms:" \
	    "starting over with shorter ones" >&2
	hi_first=$((hi_first - (hi_first - cost) / 2 - 1))
	hi=$hi_first
done

for f in err.*; do
	# appending, a restart cuts off the line a kill left unfinished
	if [ "$append" -eq 1 ]; then
		grep -v 'standard output ended in a line cut short by a crash' \
		    "$f" >"$f.rest" || true
		mv "$f.rest" "$f"
	fi
	if [ -s "$f" ]; then
		echo "killtest: a run wrote to stderr ($f):" >&2
		head -5 "$f" >&2
		exit 1
	fi
done

python3 - "$run" "$fields" "$partial" "$append" <<'EOF' || exit 1
import json, sys
runs, fields = int(sys.argv[1]), [f for f in sys.argv[2].split(",") if f]
allow_partial = sys.argv[3] == "1"
outputs = ["out.all"] if sys.argv[4] == "1" else ["out.%d" % n for n in range(1, runs + 1)]
bad = []
partials = 0

def lines_of(name):
    global partials
    data = open(name, "rb").read()
    if data and not data.endswith(b"\n"):
        partials += 1
        if not allow_partial:
            bad.append("%s ends in a partial line: %r" % (name, data[-80:]))
    return data.split(b"\n")[:-1] if data else []

def ident(line):
    if not fields:
        return line
    rec = json.loads(line)
    return tuple(json.dumps(rec.get(f), sort_keys=True) for f in fields)

ref = lines_of("ref")
refset = set(ref)
firsts = {}
for line in ref:
    i = ident(line)
    if i in firsts and firsts[i] != line:
        bad.append("the identity %s is not unique in the reference" % (i,))
    firsts[i] = line
union, seen, total = set(), {}, 0
for n in outputs:
    for line in lines_of(n):
        total += 1
        union.add(line)
        try:
            i = ident(line)
        except ValueError:
            bad.append("%s: not JSON: %r" % (n, line[:80]))
            continue
        if i in seen and seen[i] != line:
            bad.append("%s: a duplicate differs from its first copy:"
                       "\n  first: %s\n  now:   %s"
                       % (n, seen[i].decode(), line.decode()))
        seen.setdefault(i, line)
missing, extra = refset - union, union - refset
for line in sorted(missing)[:5]:
    bad.append("missing: %s" % line.decode())
for line in sorted(extra)[:5]:
    bad.append("not in the reference: %s" % line.decode())
if missing or extra:
    bad.append("%d lines missing, %d not in the reference"
               % (len(missing), len(extra)))
for b in bad[:20]:
    print("killtest: " + b, file=sys.stderr)
print("runs: %d, lines written: %d, duplicates: %d, partial last lines: %d"
      % (runs, total, total - len(union), partials))
sys.exit(1 if bad else 0)
EOF

echo "kills survived: $kills, windows compared: $(sort -u ref | wc -l)" \
    "(first sleeps of $lo-$hi_first ms, attempt $attempt)"
# A run removes the temporary files of the runs killed while writing.
tmps=$(find . -maxdepth 1 -name 'state.tmp.*' | wc -l)
if [ "$tmps" -ne 0 ]; then
	echo "killtest: temporary snapshot files left by killed runs: $tmps" >&2
	exit 1
fi
exit 0
