#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# swindow(1): windows, watermark and lateness, aggregates, event time,
# live streams.  Expected outputs come from a reference model in Python
# (below), written from swindow(1), not from the C code.

bats_require_minimum_version 1.5.0
load test_helper

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"

# The interpreter itself, not a version manager's wrapper around it: the
# model runs a few times per test.
setup_file() {
	PYTHON=$(python3 -c 'import sys; print(sys.executable)')
	export PYTHON
}

setup() {
	live_setup
}

teardown() {
	live_teardown
}

# The reference model.  A test's script (on the standard input of
# `reference`) comes after it and prints the expected rows.
#
#   events = load(FILE, key=lambda r: ..., time=lambda r: ...)
#   rows, late = windows(events, "tumbling"|"sliding"|"session", ...)
#
# windows() replays the events as swindow(1) says: the watermark is the
# largest event time so far minus wait (a replayed file takes no time);
# every window whose end the watermark has reached closes, in order of
# end, then key in jq order; then the event goes into each open window
# that holds it; an event with no open window left is late.  Aggregates
# are computed from each window's whole list of events when it is
# written.
PRELUDE=$(cat <<'PYEOF'
import datetime, decimal, json, math, re, statistics, sys

S = 10**9
MS = 10**6
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
UNIT = {"s": S, "ms": MS, "us": 1000, "ns": 1}

def ns_of(v, unit="s"):
    """Event time in ns of an RFC 3339 string or an epoch number."""
    if isinstance(v, str):
        d = datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        x = d - EPOCH
        return (x.days * 86400 + x.seconds) * S + x.microseconds * 1000
    if isinstance(v, int):
        return v * UNIT[unit]
    # A real from its shortest round-trip text, exactly, floored to ns.
    return math.floor(decimal.Decimal(repr(v)) * UNIT[unit])

def iso(ns):
    """RFC 3339 UTC with milliseconds."""
    s, r = divmod(ns, S)
    return (EPOCH + datetime.timedelta(seconds=s)).strftime(
        "%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (r // MS)

EXACT = "\ue000"   # a number dump() writes as the digits that follow

def epoch(unit="s"):
    """Bounds as exact decimal numbers in unit."""
    def f(ns):
        if ns % UNIT[unit] == 0:
            return ns // UNIT[unit]
        return EXACT + format(decimal.Decimal(ns) / UNIT[unit], "f")
    return f

def norm(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v

def dump(v):
    text = json.dumps(norm(v), separators=(",", ":"), ensure_ascii=False)
    return re.sub('"' + EXACT + '([-0-9.]+)"', r"\1", text)

def jq_order(v):
    """Sort key: null < false < true < numbers < strings < arrays < objects."""
    if v is None: return (0,)
    if v is False: return (1,)
    if v is True: return (2,)
    if isinstance(v, (int, float)): return (3, v)
    if isinstance(v, str): return (4, v)
    if isinstance(v, list): return (5, [jq_order(x) for x in v])
    return (6, sorted(v), [jq_order(v[k]) for k in sorted(v)])

def field(name):
    return lambda r: r.get(name) if isinstance(r, dict) else None

def aggregate(fn, arg, items):
    """fn over items [(t, arrival, record)]; arg(record) gives the value."""
    if fn == "count":
        return len(items)
    vals = [(t, q, arg(r)) for t, q, r in items if arg(r) is not None]
    xs = [v for _, _, v in vals]
    if fn in ("sum", "avg", "stddev") or fn[0] == "p":
        if not xs:
            return None
    if fn == "sum":
        return sum(xs) if all(type(x) is int for x in xs) else math.fsum(xs)
    if fn == "avg":
        return sum(xs) / len(xs) if all(type(x) is int for x in xs) \
            else math.fsum(xs) / len(xs)
    if fn == "stddev":
        return float(statistics.pstdev(xs))
    if fn in ("min", "max"):
        return (min if fn == "min" else max)(xs, key=jq_order) if xs else None
    if fn in ("first", "last"):
        by_time = sorted(vals, key=lambda x: (x[0], x[1]))
        return (by_time[0] if fn == "first" else by_time[-1])[2] if xs else None
    if fn == "collect":
        return [v for _, _, v in sorted(vals, key=lambda x: (x[0], x[1]))]
    if fn == "distinct":
        return len(set(dump(x) for x in xs))
    p = int(fn[1:])                    # pNN: nearest rank
    s = sorted(xs, key=jq_order)
    return s[-(-p * len(s) // 100) - 1]

def load(path, key=lambda r: None, time=field("t"), unit="s"):
    lines = open(path, encoding="utf-8").read().splitlines(True)
    out = []
    for line in lines:
        r = json.loads(line)
        out.append((key(r), ns_of(time(r), unit), r, line))
    return out

def windows(events, kind, size=0, hop=0, gap=0, align=0, wait=0,
            aggs=(("count", "count", None),), update=False, fmt=iso):
    """aggs: (name, fn, arg).  Returns (rows, late events' lines)."""
    hop = hop or size
    open_, rows, late = [], [], []
    top = None

    def row(w, final):
        o = {"key": w["key"], "start": fmt(w["start"]), "end": fmt(w["end"])}
        for name, fn, arg in aggs:
            o[name] = aggregate(fn, arg, w["items"])
        if update:
            o["final"] = final
        return dump(o)

    def close(wm):
        due = [w for w in open_ if w["end"] <= wm]
        for w in sorted(due, key=lambda w: (w["end"], jq_order(w["key"]))):
            rows.append(row(w, True))
            open_.remove(w)

    for q, (key, t, rec, line) in enumerate(events):
        top = t if top is None else max(top, t)
        wm = top - wait
        close(wm)
        k, into = dump(key), []
        if kind == "session":
            touch = [w for w in open_ if dump(w["key"]) == k
                     and w["start"] < t + gap and t < w["end"]]
            if max([t + gap] + [w["end"] for w in touch]) > wm:
                items = [(t, q, rec)]
                for w in touch:
                    items += w["items"]
                    open_.remove(w)
                ts = [x[0] for x in items]
                into = [{"key": key, "start": min(ts), "end": max(ts) + gap,
                         "items": items}]
                open_.append(into[0])
        else:
            start = align + (t - align) // hop * hop
            while start + size > t:
                if start + size > wm:
                    w = next((w for w in open_ if dump(w["key"]) == k
                              and w["start"] == start), None)
                    if w is None:
                        w = {"key": key, "start": start,
                             "end": start + size, "items": []}
                        open_.append(w)
                    w["items"].append((t, q, rec))
                    into.insert(0, w)
                start -= hop
        if not into:
            late.append(line)
        if update:
            rows.extend(row(w, False) for w in into)
    close(math.inf)
    return rows, late

def show(rows):
    sys.stdout.write("".join(r + "\n" for r in rows))
PYEOF
)

# reference: runs the model, then the script on standard input.
reference() {
	"${PYTHON:-python3}" -c "$PRELUDE"$'\n'"$(cat)"
}

# sw ARGS...: runs swindow under `run`, stderr apart in $stderr.
sw() {
	run --separate-stderr swindow "$@"
}

# wait_until CMD...: runs CMD every 0.05 s until it succeeds; fails after
# about 3 s.
wait_until() {
	local i
	for ((i = 0; i < 60; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# now_ms: the wall clock in milliseconds.
now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# --- tumbling windows ----------------------------------------------------

@test "tumbling windows aggregate per key and keep out-of-order events that --wait allows" {
	# Event time jumps back by up to 3 s; --wait 4s holds the windows open.
	cat >in.ndjson <<'EOF'
{"k":"b","t":"2024-05-01T00:00:00Z","v":1}
{"k":"a","t":"2024-05-01T00:00:02Z","v":2}
{"k":"a","t":"2024-05-01T00:00:06Z","v":3}
{"k":"b","t":"2024-05-01T00:00:04Z","v":4}
{"k":"c","t":"2024-05-01T00:00:07Z","v":5}
{"k":"a","t":"2024-05-01T00:00:04.999Z","v":6}
{"k":"b","t":"2024-05-01T00:00:10Z","v":7}
{"k":"a","t":"2024-05-01T00:00:09Z","v":8}
{"k":"c","t":"2024-05-01T00:00:16Z","v":9}
{"k":"b","t":"2024-05-01T00:00:13Z","v":10}
{"k":"a","t":"2024-05-01T00:00:15Z","v":11}
{"k":"c","t":"2024-05-01T00:00:14.5Z","v":12}
{"k":"b","t":"2024-05-01T00:00:31Z","v":13}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "tumbling",
    size=5 * S, wait=4 * S,
    aggs=[("sum", "sum", field("v")), ("count", "count", None)])
assert not late
show(rows)
EOF
	sw --tumbling 5s --wait 4s -k .k -t .t -a 'sum(.v)' -a count in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_equal "$stderr" ""
	# The model agrees with a hand count of the first windows.
	assert_line --index 0 '{"key":"a","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:05.000Z","sum":8,"count":2}'
	assert_line --index 1 '{"key":"b","start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:05.000Z","sum":5,"count":2}'
}

@test "tumbling windows are half-open: an event at a window's end opens the next one" {
	printf '%s\n' '{"t":0}' '{"t":4.999}' '{"t":5}' '{"t":10}' >in.ndjson
	reference >expected <<'EOF'
show(windows(load("in.ndjson"), "tumbling", size=5 * S)[0])
EOF
	sw --tumbling 5s -t .t in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_line --index 0 '{"key":null,"start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:00:05.000Z","count":2}'
	assert_equal "${#lines[@]}" 3
}

@test "keys closing together come out in jq order: null, false, true, numbers, strings, arrays, objects" {
	cat >in.ndjson <<'EOF'
{"k":"b","t":1}
{"k":10,"t":1}
{"k":{"a":1},"t":1}
{"k":[2],"t":1}
{"k":"B","t":1}
{"k":true,"t":1}
{"k":9,"t":1}
{"t":1}
{"k":false,"t":1}
{"k":[1,5],"t":1}
{"k":2.5,"t":1}
EOF
	reference >expected <<'EOF'
show(windows(load("in.ndjson", key=field("k")), "tumbling", size=S)[0])
EOF
	sw --tumbling 1s -k .k -t .t in.ndjson
	assert_success
	assert_output "$(cat expected)"
	run jq -c .key <<<"$output"
	assert_output $'null\nfalse\ntrue\n2.5\n9\n10\n"B"\n"b"\n[1,5]\n[2]\n{"a":1}'
}

@test "without -k, records group by their _key field, else into one null group" {
	cat >in.ndjson <<'EOF'
{"_key":"x","t":1}
{"t":1}
{"_key":"x","t":2}
{"_key":{"id":7},"t":3}
{"t":4}
EOF
	sw --tumbling 10s -t .t in.ndjson
	assert_success
	assert_output - <<'EOF'
{"key":null,"start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:00:10.000Z","count":2}
{"key":"x","start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:00:10.000Z","count":2}
{"key":{"id":7},"start":"1970-01-01T00:00:00.000Z","end":"1970-01-01T00:00:10.000Z","count":1}
EOF
}

@test "--align moves window starts to align + k * LEN, as RFC 3339 or epoch seconds" {
	cat >in.ndjson <<'EOF'
{"t":"2024-05-01T00:00:01Z"}
{"t":"2024-05-01T00:00:02.5Z"}
{"t":"2024-05-01T00:00:03.5Z"}
{"t":"2024-05-01T00:00:12Z"}
{"t":"2024-05-01T00:00:13.499Z"}
EOF
	reference >expected <<'EOF'
align = ns_of("2024-05-01T00:00:03.5Z")
show(windows(load("in.ndjson"), "tumbling", size=10 * S, align=align)[0])
EOF
	sw --tumbling 10s -t .t --align 2024-05-01T00:00:03.500Z in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_line --index 0 '{"key":null,"start":"2024-04-30T23:59:53.500Z","end":"2024-05-01T00:00:03.500Z","count":2}'
	# The same instant as epoch seconds, and a zone offset.
	sw --tumbling 10s -t .t --align 1714521603.5 in.ndjson
	assert_success
	assert_output "$(cat expected)"
	sw --tumbling 10s -t .t --align 2024-05-01T02:00:03.5+02:00 in.ndjson
	assert_success
	assert_output "$(cat expected)"
}

# --- sliding windows -----------------------------------------------------

@test "sliding windows put each event into every window that holds it" {
	cat >in.ndjson <<'EOF'
{"k":"a","t":"2024-05-01T00:00:01Z","v":1}
{"k":"b","t":"2024-05-01T00:00:03Z","v":2}
{"k":"a","t":"2024-05-01T00:00:06Z","v":4}
{"k":"a","t":"2024-05-01T00:00:09Z","v":8}
{"k":"b","t":"2024-05-01T00:00:07Z","v":16}
{"k":"a","t":"2024-05-01T00:00:12Z","v":32}
{"k":"b","t":"2024-05-01T00:00:25Z","v":64}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "sliding",
    size=10 * S, hop=5 * S, wait=3 * S,
    aggs=[("sum", "sum", field("v")), ("count", "count", None)])
assert not late
show(rows)
EOF
	sw --sliding 10s --every 5s --wait 3s -k .k -t .t -a 'sum(.v)' -a count in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_equal "$stderr" ""
	assert_line --index 0 '{"key":"a","start":"2024-04-30T23:59:55.000Z","end":"2024-05-01T00:00:05.000Z","sum":1,"count":1}'
}

@test "sliding windows with a hop that does not divide the length, and an event half late" {
	# At t=8 the watermark is 8: [-4,2) and [0,6) have closed, so the
	# event at 4 only goes into [4,10), and the event at 1, whose windows
	# are those two, is late.
	printf '%s\n' '{"t":0}' '{"t":2}' '{"t":8}' '{"t":4}' '{"t":1}' '{"t":9}' >in.ndjson
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson"), "sliding", size=6 * S, hop=4 * S,
    aggs=[("ts", "collect", field("t"))], fmt=epoch())
assert late == ['{"t":1}\n'], late
show(rows)
EOF
	sw --sliding 6s --every 4s -t .t --epoch -a 'ts=collect(.t)' --late late.out in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_file_equal late.out $'{"t":1}\n'
}

# --- session windows -----------------------------------------------------

@test "session windows run from the first event to the last plus GAP, per key" {
	cat >in.ndjson <<'EOF'
{"u":"ann","t":"2024-05-01T09:00:00Z"}
{"u":"bob","t":"2024-05-01T09:00:01Z"}
{"u":"ann","t":"2024-05-01T09:00:03Z"}
{"u":"ann","t":"2024-05-01T09:00:07.999Z"}
{"u":"bob","t":"2024-05-01T09:00:06Z"}
{"u":"ann","t":"2024-05-01T09:00:20Z"}
{"u":"bob","t":"2024-05-01T09:00:21Z"}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("u")), "session", gap=5 * S,
    aggs=[("count", "count", None)])
assert not late
show(rows)
EOF
	sw --session 5s -k .u -t .t in.ndjson
	assert_success
	assert_output "$(cat expected)"
	# An event exactly GAP after the last one starts a new session.
	assert_line --index 0 '{"key":"bob","start":"2024-05-01T09:00:01.000Z","end":"2024-05-01T09:00:06.000Z","count":1}'
	assert_line --index 1 '{"key":"bob","start":"2024-05-01T09:00:06.000Z","end":"2024-05-01T09:00:11.000Z","count":1}'
	assert_line --index 2 '{"key":"ann","start":"2024-05-01T09:00:00.000Z","end":"2024-05-01T09:00:12.999Z","count":3}'
}

@test "an event that bridges two open sessions merges them, aggregates included" {
	cat >in.ndjson <<'EOF'
{"k":"x","t":0,"v":1}
{"k":"y","t":1,"v":100}
{"k":"x","t":8,"v":2}
{"k":"x","t":10,"v":4}
{"k":"x","t":4,"v":8}
{"k":"y","t":30,"v":200}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "session", gap=5 * S,
    wait=10 * S, fmt=epoch(),
    aggs=[("count", "count", None), ("sum", "sum", field("v")),
          ("vs", "collect", field("v")), ("first", "first", field("v")),
          ("last", "last", field("v")), ("sd", "stddev", field("v"))])
assert not late
show(rows)
EOF
	sw --session 5s --wait 10s -k .k -t .t --epoch -a count -a 'sum(.v)' \
	    -a 'vs=collect(.v)' -a 'first(.v)' -a 'last(.v)' -a 'sd=stddev(.v)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	# Before t=4 arrives, x has [0,5) and [8,15); t=4 joins them.
	assert_line --index 0 '{"key":"y","start":1,"end":6,"count":1,"sum":100,"vs":[100],"first":100,"last":100,"sd":0}'
	assert_line --index 1 --regexp '^\{"key":"x","start":0,"end":15,"count":4,"sum":15,"vs":\[1,8,2,4\],"first":1,"last":4,"sd":2\.68'
}

@test "a merged session is written once, and --emit update shows the merge" {
	printf '%s\n' '{"t":0,"v":1}' '{"t":8,"v":2}' '{"t":4,"v":3}' '{"t":30,"v":4}' >in.ndjson
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson"), "session", gap=5 * S, wait=10 * S,
    fmt=epoch(), update=True, aggs=[("sum", "sum", field("v"))])
show(rows)
EOF
	sw --session 5s --wait 10s -t .t --epoch --emit update -a 'sum(.v)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_output - <<'EOF'
{"key":null,"start":0,"end":5,"sum":1,"final":false}
{"key":null,"start":8,"end":13,"sum":2,"final":false}
{"key":null,"start":0,"end":13,"sum":6,"final":false}
{"key":null,"start":0,"end":13,"sum":6,"final":true}
{"key":null,"start":30,"end":35,"sum":4,"final":false}
{"key":null,"start":30,"end":35,"sum":4,"final":true}
EOF
}

# --- aggregates ----------------------------------------------------------

@test "every aggregate over one window, nulls skipped, first and last by event time" {
	# Arrival order is not time order; equal times keep arrival order.
	cat >in.ndjson <<'EOF'
{"t":3,"v":5,"s":"c"}
{"t":1,"v":2,"s":"a"}
{"t":2,"v":null,"s":"b"}
{"t":4,"s":"a"}
{"t":1,"v":7.5,"s":"d"}
{"t":6,"v":-1,"s":null}
{"t":3,"v":5,"s":"z"}
{"t":8,"v":12,"s":["a"]}
{"t":9,"v":0.25,"s":{"x":1}}
{"t":9,"v":3,"s":"e"}
{"t":5,"v":5,"s":1}
EOF
	reference >expected <<'EOF'
v, s = field("v"), field("s")
aggs = [("count", "count", None), ("sum", "sum", v), ("avg", "avg", v),
        ("min", "min", v), ("max", "max", v), ("first", "first", s),
        ("last", "last", s), ("collect", "collect", s),
        ("distinct", "distinct", s), ("p50", "p50", v), ("p90", "p90", v),
        ("p95", "p95", v), ("p99", "p99", v), ("p25", "p25", v),
        ("p01", "p01", v), ("stddev", "stddev", v), ("smin", "min", s),
        ("smax", "max", s), ("dv", "distinct", v), ("fv", "first", v),
        ("lv", "last", v)]
show(windows(load("in.ndjson"), "tumbling", size=10 * S, wait=10 * S,
    aggs=aggs)[0])
EOF
	sw --tumbling 10s -t .t --wait 10s -a count -a 'sum(.v)' -a 'avg(.v)' \
	    -a 'min(.v)' -a 'max(.v)' -a 'first(.s)' -a 'last(.s)' \
	    -a 'collect(.s)' -a 'distinct(.s)' -a 'p50(.v)' -a 'p90(.v)' \
	    -a 'p95(.v)' -a 'p99(.v)' -a 'p25(.v)' -a 'p01(.v)' \
	    -a 'stddev(.v)' -a 'smin=min(.s)' -a 'smax=max(.s)' \
	    -a 'dv=distinct(.v)' -a 'fv=first(.v)' -a 'lv=last(.v)' in.ndjson
	assert_success
	assert_equal "$stderr" ""
	# stddev may differ from the exact one in the last bits; the rest
	# is compared byte for byte.
	"${PYTHON:-python3}" - "$output" expected <<'EOF'
import json, math, re, sys
got = sys.argv[1]
want = open(sys.argv[2]).read().rstrip("\n")
pat = re.compile(r'"stddev":([-0-9.e+]+)')
g, w = float(pat.search(got).group(1)), float(pat.search(want).group(1))
assert math.isclose(g, w, rel_tol=1e-12), (g, w)
assert pat.sub("", got) == pat.sub("", want), "\n%s\n%s" % (got, want)
EOF
	# A hand check of the definitions the model implements: the 9
	# numbers sorted are -1 0.25 2 3 5 5 5 7.5 12; p50 is the 5th, p90
	# the 9th, p25 the 3rd.
	run jq -c '[.count, .sum, .first, .last, .p50, .p90, .p25, .distinct]' <<<"$output"
	assert_output '[11,38.75,"a","e",5,12,2,9]'
}

@test "percentiles are nearest-rank: the value at rank ceil(p/100 * n)" {
	seq 1 20 | awk '{ printf "{\"t\":1,\"v\":%d}\n", (21 - $1) * 10 }' >in.ndjson
	reference >expected <<'EOF'
aggs = [(p, p, field("v")) for p in ("p01", "p05", "p10", "p50", "p51", "p90", "p95", "p99")]
show(windows(load("in.ndjson"), "tumbling", size=S, aggs=aggs, fmt=epoch())[0])
EOF
	sw --tumbling 1s -t .t --epoch -a 'p01(.v)' -a 'p05(.v)' -a 'p10(.v)' \
	    -a 'p50(.v)' -a 'p51(.v)' -a 'p90(.v)' -a 'p95(.v)' -a 'p99(.v)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_output '{"key":null,"start":1,"end":2,"p01":10,"p05":10,"p10":20,"p50":100,"p51":110,"p90":180,"p95":190,"p99":200}'
}

@test "aggregates of a window without values are null, 0 or [] and count still counts" {
	printf '%s\n' '{"t":1}' '{"t":2,"v":null}' >in.ndjson
	reference >expected <<'EOF'
v = field("v")
aggs = [(f, f, v) for f in ("sum", "avg", "min", "max", "first", "last",
        "collect", "distinct", "p50", "stddev")] + [("count", "count", None)]
show(windows(load("in.ndjson"), "tumbling", size=S, aggs=aggs, fmt=epoch())[0])
EOF
	sw --tumbling 1s -t .t --epoch -a 'sum(.v)' -a 'avg(.v)' -a 'min(.v)' \
	    -a 'max(.v)' -a 'first(.v)' -a 'last(.v)' -a 'collect(.v)' \
	    -a 'distinct(.v)' -a 'p50(.v)' -a 'stddev(.v)' -a count in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_line --index 0 '{"key":null,"start":1,"end":2,"sum":null,"avg":null,"min":null,"max":null,"first":null,"last":null,"collect":[],"distinct":0,"p50":null,"stddev":null,"count":1}'
}

@test "sum stays an exact integer while every value is an integer" {
	printf '%s\n' '{"t":1,"v":9007199254740993}' '{"t":1,"v":2}' \
	    '{"t":2,"v":9007199254740993}' '{"t":2,"v":0.5}' '{"t":2,"v":-0.5}' >in.ndjson
	reference >expected <<'EOF'
show(windows(load("in.ndjson"), "tumbling", size=S, fmt=epoch(),
    aggs=[("sum", "sum", field("v"))])[0])
EOF
	sw --tumbling 1s -t .t --epoch -a 'sum(.v)' in.ndjson
	assert_success
	assert_line --index 0 '{"key":null,"start":1,"end":2,"sum":9007199254740995}'
	# With a real in the window, the sum is a double, as in jq.
	assert_line --index 1 '{"key":null,"start":2,"end":3,"sum":9007199254740992}'
	assert_equal "$(head -n 1 expected)" "${lines[0]}"
}

@test "NAME=AGG names the field; the default aggregate is count" {
	printf '%s\n' '{"t":1,"v":3}' '{"t":1,"v":4}' >in.ndjson
	sw --tumbling 1s -t .t --epoch -a 'n=count' -a 'total=sum(.v)' -a count in.ndjson
	assert_success
	assert_output '{"key":null,"start":1,"end":2,"n":2,"total":7,"count":2}'
	sw --tumbling 1s -t .t --epoch in.ndjson
	assert_success
	assert_output '{"key":null,"start":1,"end":2,"count":2}'
}

@test "a record whose value is not a number for sum is rejected and counts nowhere" {
	printf '%s\n' '{"t":1,"v":1}' '{"t":1,"v":"2"}' '{"t":1,"v":true}' '{"t":1,"v":4}' >in.ndjson
	sw --tumbling 1s -t .t --epoch -a count -a 'sum(.v)' in.ndjson
	assert_failure 1
	assert_output '{"key":null,"start":1,"end":2,"count":2,"sum":5}'
	assert_equal "$stderr" 'swindow: in.ndjson:2: sum: string ("2") is not a number
swindow: in.ndjson:3: sum: boolean (true) is not a number
swindow: 2 of 4 lines rejected (1 sum: string is not a number; 1 sum: boolean is not a number); first at in.ndjson:2'
}

# --- lateness ------------------------------------------------------------

# late_input: events of two keys; with no --wait, three arrive after all
# their windows have closed.
late_input() {
	cat >in.ndjson <<'EOF'
{"k":"a","t":"2024-05-01T00:00:01Z"}
{"k":"b","t":"2024-05-01T00:00:03Z"}
{"k":"a","t":"2024-05-01T00:00:11Z"}
{"k":"b", "t":"2024-05-01T00:00:09Z", "note":"kept verbatim"}
{"k":"a","t":"2024-05-01T00:00:10Z"}
{"k":"b","t":"2024-05-01T00:00:04Z"}
{"k":"a","t":"2024-05-01T00:00:25Z"}
{"k":"a","t":"2024-05-01T00:00:19.999Z"}
{"k":"b","t":"2024-05-01T00:00:20Z"}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "tumbling", size=10 * S)
show(rows)
open("late.expected", "w").write("".join(late))
EOF
}

@test "late events go verbatim to --late FILE and do not change the exit status" {
	late_input
	[ "$(wc -l <late.expected)" -eq 3 ]
	sw --tumbling 10s -k .k -t .t --late late.out in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_equal "$stderr" ""
	assert_file_equal late.out "$(cat late.expected)"$'\n'
}

@test "--late appends to an existing file" {
	late_input
	echo 'before' >late.out
	sw --tumbling 10s -k .k -t .t --late late.out in.ndjson
	assert_success
	assert_file_equal late.out "before"$'\n'"$(cat late.expected)"$'\n'
}

@test "late events go to a side output with --late /dev/fd/3" {
	late_input
	run_sh 'swindow --tumbling 10s -k .k -t .t --late /dev/fd/3 in.ndjson 3>late.out'
	assert_success
	assert_output "$(cat expected)"
	assert_equal "$stderr" ""
	assert_file_equal late.out "$(cat late.expected)"$'\n'
	# A pipe works as well as a file.
	run_sh 'swindow --tumbling 10s -k .k -t .t --late /dev/fd/3 in.ndjson 3>&1 >/dev/null | cat'
	assert_success
	assert_output "$(cat late.expected)"
}

@test "--late /dev/fd/3 shares the descriptor, so a file written by others keeps the late lines" {
	# 3>&1 with standard output a file: rows, late lines and what the
	# shell writes next all end up in it.
	printf '%s\n' '{"t":5}' '{"t":1}' >in.ndjson
	{
		echo before
		swindow --tumbling 2s -t .t --epoch --late /dev/fd/3 in.ndjson 3>&1
		echo after
	} >all.out
	run sort all.out
	assert_output - <<'EOF'
after
before
{"key":null,"start":4,"end":6,"count":1}
{"t":1}
EOF
}

@test "without --late, late events are dropped and counted on standard error" {
	late_input
	sw --tumbling 10s -k .k -t .t in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_equal "$stderr" "swindow: 3 late events dropped (--late FILE keeps them)"
	printf '%s\n' '{"t":5}' '{"t":1}' | {
		run --separate-stderr swindow --tumbling 2s -t .t --epoch
		assert_success
		assert_output '{"key":null,"start":4,"end":6,"count":1}'
		assert_equal "$stderr" "swindow: 1 late event dropped (--late FILE keeps them)"
	}
}

@test "--wait turns the same late events into counted ones" {
	late_input
	reference >expected.wait <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "tumbling",
    size=10 * S, wait=10 * S)
assert not late
show(rows)
EOF
	sw --tumbling 10s --wait 10s -k .k -t .t in.ndjson
	assert_success
	assert_output "$(cat expected.wait)"
	assert_equal "$stderr" ""
}

# --- --emit update -------------------------------------------------------

@test "--emit update writes each window's running result after every event, then final rows" {
	cat >in.ndjson <<'EOF'
{"k":"a","t":1,"v":1}
{"k":"b","t":2,"v":2}
{"k":"a","t":6,"v":3}
{"k":"a","t":4,"v":4}
{"k":"b","t":11,"v":5}
EOF
	reference >expected <<'EOF'
rows, late = windows(load("in.ndjson", key=field("k")), "sliding",
    size=10 * S, hop=5 * S, wait=3 * S, update=True, fmt=epoch(),
    aggs=[("sum", "sum", field("v"))])
show(rows)
EOF
	sw --sliding 10s --every 5s --wait 3s -k .k -t .t --epoch --emit update -a 'sum(.v)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	# Every window gets exactly one final row, after its running rows.
	run jq -s 'group_by([.key, .start]) | map(map(.final))
	    | all(.[-1] == true and (.[:-1] | all(. == false)))' <<<"$output"
	assert_output true
}

@test "--emit final, the default, writes no final field" {
	printf '%s\n' '{"t":1}' >in.ndjson
	sw --tumbling 1s -t .t --epoch --emit final in.ndjson
	assert_success
	assert_output '{"key":null,"start":1,"end":2,"count":1}'
}

# --- time ----------------------------------------------------------------

@test "--epoch writes bounds as numbers in --time-unit, fractions when they fall between" {
	printf '%s\n' '{"t":1714521600250}' '{"t":1714521601999}' '{"t":1714521602000}' >in.ndjson
	reference >expected <<'EOF'
show(windows(load("in.ndjson", unit="ms"), "tumbling", size=2 * S,
    fmt=epoch("ms"), aggs=[("first", "first", field("t"))])[0])
EOF
	sw --tumbling 2s -t .t --time-unit ms --epoch -a 'first(.t)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_line --index 0 '{"key":null,"start":1714521600000,"end":1714521602000,"first":1714521600250}'
	# Without --epoch, the same windows in RFC 3339.
	sw --tumbling 2s -t .t --time-unit ms in.ndjson
	assert_line --index 0 '{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:02.000Z","count":2}'
	# A session starting between two seconds, in seconds.
	printf '%s\n' '{"t":1.5}' | {
		run swindow --session 1s -t .t --epoch
		assert_output '{"key":null,"start":1.5,"end":2.5,"count":1}'
	}
	printf '%s\n' '{"t":1500000}' | {
		run swindow --tumbling 1ms -t .t --time-unit us --epoch
		assert_output '{"key":null,"start":1500000,"end":1501000,"count":1}'
	}
	printf '%s\n' '{"t":"2024-05-01T00:00:00.123456789Z"}' | {
		run swindow --session 1s -t .t --time-unit ns --epoch
		assert_output '{"key":null,"start":1714521600123456789,"end":1714521601123456789,"count":1}'
	}
}

@test "RFC 3339 times with offsets and fractions are the same instants in UTC" {
	cat >in.ndjson <<'EOF'
{"t":"2024-05-01T00:00:00Z"}
{"t":"2024-05-01T02:00:00.250+02:00"}
{"t":"2024-04-30T19:00:00.999-05:00"}
{"t":"2024-05-01T00:00:01.000Z"}
EOF
	reference >expected <<'EOF'
show(windows(load("in.ndjson"), "tumbling", size=S, wait=S,
    aggs=[("collect", "collect", field("t"))])[0])
EOF
	sw --tumbling 1s --wait 1s -t .t -a 'collect(.t)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_line --index 0 '{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:01.000Z","collect":["2024-05-01T00:00:00Z","2024-05-01T02:00:00.250+02:00","2024-04-30T19:00:00.999-05:00"]}'
}

@test "--time-format with %z reads the zone from the time" {
	cat >in.ndjson <<'EOF'
{"t":"01/May/2024:02:00:30 +0200"}
{"t":"30/Apr/2024:19:00:45 -0500"}
{"t":"01/May/2024:00:01:10 +0000"}
EOF
	reference >expected <<'EOF'
def parse(s):
    d = datetime.datetime.strptime(s, "%d/%b/%Y:%H:%M:%S %z")
    return d.astimezone(datetime.timezone.utc).isoformat()
show(windows(load("in.ndjson", time=lambda r: parse(r["t"])), "tumbling",
    size=60 * S)[0])
EOF
	sw --tumbling 1m -t .t --time-format '%d/%b/%Y:%H:%M:%S %z' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_output - <<'EOF'
{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:01:00.000Z","count":2}
{"key":null,"start":"2024-05-01T00:01:00.000Z","end":"2024-05-01T00:02:00.000Z","count":1}
EOF
}

@test "--time-format without %z is UTC, or local time in --tz, daylight saving included" {
	cat >in.ndjson <<'EOF'
{"t":"2024-05-01 08:00:30"}
{"t":"2024-01-15 08:00:30"}
EOF
	reference >expected.utc <<'EOF'
show(windows(load("in.ndjson", time=lambda r: r["t"] + "Z"), "tumbling",
    size=60 * S, wait=365 * 86400 * S)[0])
EOF
	reference >expected.ny <<'EOF'
from zoneinfo import ZoneInfo
def parse(s):
    d = datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    return d.replace(tzinfo=ZoneInfo("America/New_York")).isoformat()
show(windows(load("in.ndjson", time=lambda r: parse(r["t"])), "tumbling",
    size=60 * S, wait=365 * 86400 * S)[0])
EOF
	sw --tumbling 1m --wait 365d -t .t --time-format '%Y-%m-%d %H:%M:%S' in.ndjson
	assert_success
	assert_output "$(cat expected.utc)"
	sw --tumbling 1m --wait 365d -t .t --time-format '%Y-%m-%d %H:%M:%S' --tz America/New_York in.ndjson
	assert_success
	assert_output "$(cat expected.ny)"
	# EST is UTC-5 in January, EDT UTC-4 in May.
	assert_line --index 0 '{"key":null,"start":"2024-01-15T13:00:00.000Z","end":"2024-01-15T13:01:00.000Z","count":1}'
	assert_line --index 1 '{"key":null,"start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:01:00.000Z","count":1}'
}

@test "a record with a time that cannot be read is rejected and the others are windowed" {
	cat >in.ndjson <<'EOF'
{"t":"2024-05-01T00:00:01Z"}
{"t":"yesterday"}
{"x":1}
{"t":[1]}
{"t":"2024-05-01T00:00:02Z"}
EOF
	sw --tumbling 10s -t .t in.ndjson
	assert_failure 1
	assert_output '{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:10.000Z","count":2}'
	assert_equal "${#stderr_lines[@]}" 4
	assert_equal "${stderr_lines[0]}" 'swindow: in.ndjson:2: -t: string ("yesterday") is not an RFC 3339 time or an epoch number'
	[[ "${stderr_lines[1]}" == 'swindow: in.ndjson:3: '* ]]
	[[ "${stderr_lines[2]}" == 'swindow: in.ndjson:4: '* ]]
	assert_equal "${stderr_lines[3]}" 'swindow: 3 of 5 lines rejected (1 -t: string is not an RFC 3339 time or an epoch number; 1 -t: null is not an RFC 3339 time or an epoch number; 1 -t: array is not an RFC 3339 time or an epoch number); first at in.ndjson:2'
	# --time-format says so in its message.
	run --separate-stderr swindow --tumbling 10s -t .t --time-format '%H:%M' <<<'{"t":"noon"}'
	assert_failure 1
	assert_equal "$stderr" 'swindow: <stdin>:1: -t: string ("noon") does not match --time-format
swindow: 1 of 1 line rejected (1 -t: string does not match --time-format); first at <stdin>:1'
	# --dead-letter keeps the rejected lines.
	sw --tumbling 10s -t .t --dead-letter dead.out in.ndjson
	assert_failure 1
	assert_file_equal dead.out "$(sed -n 2,4p in.ndjson)"$'\n'
}

# --- live streams --------------------------------------------------------

@test "processing time: a live FIFO gets its window rows before end of input" {
	mkfifo pipe
	swindow --tumbling 200ms <pipe >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
	exec {writer}<>pipe
	t0=$(now_ms)
	printf '%s\n' '{"a":1}' '{"a":2}' '{"a":3}' >&$writer
	# The writer is still open: no end of input yet.
	wait_until grep -q '"count":' out
	seen=$(now_ms)
	kill -0 "$pid"
	# The row is a 200 ms window on the wall clock, written after its end.
	"${PYTHON:-python3}" - "$t0" "$seen" out <<'EOF'
import datetime, json, sys
t0, seen = int(sys.argv[1]), int(sys.argv[2])
row = json.loads(open(sys.argv[3]).readline())
ms = lambda s: int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000 + 0.5)
start, end = ms(row["start"]), ms(row["end"])
assert row["key"] is None and list(row) == ["key", "start", "end", "count"], row
assert end - start == 200 and start % 200 == 0, row
assert t0 - 200 < end <= seen + 5, (t0, row, seen)
EOF
	exec {writer}>&-
	writer=
	wait "$pid"
	run jq -s 'map(.count) | add' out
	assert_output 3
	assert_equal "$(cat err)" ""
}

@test "event time: on a quiet live stream the watermark advances and the window closes" {
	mkfifo pipe
	swindow --tumbling 1s -t .t -a 'sum(.v)' <pipe >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
	exec {writer}<>pipe
	t0=$(now_ms)
	echo '{"t":"2024-05-01T00:00:00.500Z","v":7}' >&$writer
	# No more input: the watermark reaches 00:00:01 half a second later.
	wait_until test -s out
	seen=$(now_ms)
	kill -0 "$pid"
	assert_file_equal out $'{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:01.000Z","sum":7}\n'
	# Not before the watermark got there.
	[ $((seen - t0)) -ge 450 ]
	exec {writer}>&-
	writer=
	wait "$pid"
	assert_file_equal out $'{"key":null,"start":"2024-05-01T00:00:00.000Z","end":"2024-05-01T00:00:01.000Z","sum":7}\n'
}

@test "SIGTERM ends the input: open windows are written, then swindow dies by SIGTERM (143)" {
	mkfifo pipe
	swindow --tumbling 1h -t .t --epoch --emit update <pipe >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
	exec {writer}<>pipe
	echo '{"t":10}' >&$writer
	wait_until test -s out
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 143
	assert_file_equal out $'{"key":null,"start":0,"end":3600,"count":1,"final":false}\n{"key":null,"start":0,"end":3600,"count":1,"final":true}\n'
}

# --- the watermark rule --------------------------------------------------

@test "a file replayed slower than its own event time loses no record: the data alone moves the watermark" {
	# A million keys in one second of event time take seconds to read.
	"${PYTHON:-python3}" -c 'import json
[print(json.dumps({"t":1714554000,"k":"k%d"%i})) for i in range(10**6)]' >f
	run --separate-stderr swindow --tumbling 1s -t .t -k .k f
	assert_success
	assert_equal "${#lines[@]}" 1000000
	assert_equal "$stderr" ""
	assert_equal "${lines[999999]}" '{"key":"k999999","start":"2024-05-01T09:00:00.000Z","end":"2024-05-01T09:00:01.000Z","count":1}'
}

@test "--watermark data on a FIFO: a long pause between on-time records closes nothing" {
	mkfifo pipe
	swindow --tumbling 1s -t .t --watermark data --epoch <pipe >out 2>err 3>&- &
	pid=$!
	bg_pids+=("$pid")
	exec {writer}<>pipe
	echo '{"t":0.5}' >&$writer
	# Live, the watermark would pass 1 while the writer pauses.
	sleep 0.7
	echo '{"t":0.9}' >&$writer
	exec {writer}>&-
	writer=
	wait "$pid"
	assert_file_equal out $'{"key":null,"start":0,"end":1,"count":2}\n'
	assert_file_equal err ''
}

@test "--watermark live on a regular file, data on a pipe; anything else is a usage error" {
	printf '%s\n' '{"t":1}' '{"t":2}' >in.ndjson
	sw --tumbling 1s -t .t --epoch --watermark live in.ndjson
	assert_success
	assert_output $'{"key":null,"start":1,"end":2,"count":1}\n{"key":null,"start":2,"end":3,"count":1}'
	run_sh 'cat in.ndjson | swindow --tumbling 1s -t .t --epoch --watermark data'
	assert_success
	assert_line --index 1 '{"key":null,"start":2,"end":3,"count":1}'
	usage_error --tumbling 1s --watermark file
	assert_equal "$stderr" 'swindow: --watermark: data or live: file'
}

@test "processing time: 1ms windows count every record and none is late" {
	seq 1000000 | swindow --tumbling 1ms --epoch --time-unit ms >out 2>err
	assert_file_equal err ''
	run jq -s 'map(.count) | add' out
	assert_output 1000000
	# Whole milliseconds, each window once.
	run jq -s 'map(select(.end - .start != 1)) | length' out
	assert_output 0
	run jq -s 'map(.start) | length == (unique | length)' out
	assert_output true
}

@test "--tumbling 1ns puts each record into its own nanosecond, from a file or a pipe" {
	printf '%s\n' '{"t":1}' '{"t":2}' '{"t":2}' '{"t":1000000000}' >in.ndjson
	expected='{"key":null,"start":1,"end":2,"count":1}
{"key":null,"start":2,"end":3,"count":2}
{"key":null,"start":1000000000,"end":1000000001,"count":1}'
	sw --tumbling 1ns -t .t --time-unit ns --epoch in.ndjson
	assert_success
	assert_output "$expected"
	assert_equal "$stderr" ""
	# A pipe is live input: the idle advance starts at the record's own
	# arrival, so that arrival does not make it late.
	run_sh 'echo "{\"t\":7}" | swindow --tumbling 1ns -t .t --time-unit ns --epoch'
	assert_success
	assert_output '{"key":null,"start":7,"end":8,"count":1}'
	assert_equal "$stderr" ""
}

# --- exact times ---------------------------------------------------------

@test "a fractional epoch time lands in its own window, exactly, and --epoch bounds are exact" {
	printf '%s\n' '{"t":1720582341.25}' '{"t":1720582341.1}' '{"t":-1.5}' >in.ndjson
	reference >expected <<'EOF'
show(windows(load("in.ndjson"), "tumbling", size=250 * MS,
    wait=30000 * 86400 * S, fmt=epoch())[0])
EOF
	sw --tumbling 250ms --wait 30000d -t .t --epoch in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_output - <<'EOF'
{"key":null,"start":-1.5,"end":-1.25,"count":1}
{"key":null,"start":1720582341,"end":1720582341.25,"count":1}
{"key":null,"start":1720582341.25,"end":1720582341.5,"count":1}
EOF
	sw --tumbling 1ns -t .t --epoch --time-unit ns <<<'{"t":1720582341.25e9}'
	assert_output '{"key":null,"start":1720582341250000000,"end":1720582341250000001,"count":1}'
}

@test "--align is exact from its decimal text" {
	printf '%s\n' '{"t":"2024-07-10T03:32:21.100Z"}' >in.ndjson
	sw --tumbling 100ms -t .t --epoch --align 1720582341.1 in.ndjson
	assert_success
	assert_output '{"key":null,"start":1720582341.1,"end":1720582341.2,"count":1}'
	sw --tumbling 100ms -t .t --epoch --align 0.000000001 in.ndjson
	assert_output '{"key":null,"start":1720582341.000000001,"end":1720582341.100000001,"count":1}'
	usage_error --tumbling 1s --align 1e300
	assert_equal "$stderr" 'swindow: --align: out of range: 1e300'
}

@test "numeric strings are epoch times with every digit; JSON numbers keep 17 significant digits" {
	printf '%s\n' '{"t":"1720582341.123456789"}' '{"t":1720582341.123456789}' >in.ndjson
	sw --tumbling 1ns -t .t --epoch --wait 1s in.ndjson
	assert_success
	assert_line --index 0 '{"key":null,"start":1720582341.1234567,"end":1720582341.123456701,"count":1}'
	assert_line --index 1 '{"key":null,"start":1720582341.123456789,"end":1720582341.12345679,"count":1}'
	sw --tumbling 1ns -t .t --epoch --time-unit ns <<<'{"t":"1720582341123456789"}'
	assert_output '{"key":null,"start":1720582341123456789,"end":1720582341123456790,"count":1}'
}

@test "session merges keep integer sums exact, beyond 2^63 too" {
	printf '%s\n' '{"t":1,"v":4611686018427387905}' '{"t":3,"v":4611686018427387903}' \
	    '{"t":2,"v":-7}' '{"t":10,"v":9223372036854775807}' '{"t":10,"v":9223372036854775807}' >in.ndjson
	reference >expected <<'EOF'
show(windows(load("in.ndjson"), "session", gap=1500 * MS, wait=5 * S,
    fmt=epoch(), aggs=[("sum", "sum", field("v"))])[0])
EOF
	sw --session 1500ms --wait 5s -t .t --epoch -a 'sum(.v)' in.ndjson
	assert_success
	assert_output "$(cat expected)"
	assert_output - <<'EOF'
{"key":null,"start":1,"end":4.5,"sum":9223372036854775801}
{"key":null,"start":10,"end":11.5,"sum":18446744073709551614}
EOF
}

# --- time ranges and limits ----------------------------------------------

@test "a time whose windows leave the int64 nanosecond range is rejected, never looped on" {
	printf '%s\n' '{"t":9223372036854775807}' '{"t":-9223372036854775808}' '{"t":5}' \
	    '{"t":1e300}' '{"t":-9223372036854775807}' >in.ndjson
	run --separate-stderr timeout -s KILL 10 swindow --tumbling 1s -t .t --time-unit ns --epoch in.ndjson
	assert_failure 1
	assert_output '{"key":null,"start":0,"end":1000000000,"count":1}'
	[[ "$stderr" == *'swindow: in.ndjson:1: event time out of range'* ]]
	[[ "$stderr" == *'swindow: in.ndjson:2: event time out of range'* ]]
	[[ "$stderr" == *'swindow: in.ndjson:4: event time out of range'* ]]
	[[ "$stderr" == *'swindow: in.ndjson:5: event time out of range'* ]]
	# A window that ends at INT64_MAX exactly fits.
	run --separate-stderr timeout -s KILL 10 swindow --tumbling 1ns -t .t --time-unit ns --epoch <<<'{"t":9223372036854775806}'
	assert_success
	assert_output '{"key":null,"start":9223372036854775806,"end":9223372036854775807,"count":1}'
	run --separate-stderr timeout -s KILL 10 swindow --session 2ns -t .t --time-unit ns --epoch <<<'{"t":9223372036854775806}'
	assert_failure 1
	[[ "$stderr" == *'swindow: <stdin>:1: event time out of range'* ]]
	run --separate-stderr timeout -s KILL 10 swindow --tumbling 1s -t .t <<<'{"t":9223372037}'
	assert_failure 1
	[[ "$stderr" == *'swindow: <stdin>:1: event time out of range'* ]]
}

@test "sliding windows: more than 10000 windows per event is a usage error unless --max-windows raises it" {
	usage_error --sliding 1s --every 1ns
	assert_equal "$stderr" 'swindow: --sliding LEN --every HOP puts each event into 1000000000 windows, more than 10000 (--max-windows N raises the limit)'
	usage_error --sliding 1s --every 99us
	usage_error --sliding 1s --every 1ms --max-windows 999
	usage_error --tumbling 1s --max-windows 0
	sw --sliding 10ms --every 1us -t .t --time-unit us --epoch <<<'{"t":20000}'
	assert_success
	assert_equal "${#lines[@]}" 10000
	assert_line --index 0 '{"key":null,"start":10001,"end":20001,"count":1}'
	assert_line --index 9999 '{"key":null,"start":20000,"end":30000,"count":1}'
	# 1s / 99us: 10101 or 10102 windows, by where the event falls.
	usage_error --sliding 1s --every 99us --max-windows 10101
	sw --sliding 1s --every 99us --max-windows 10102 -t .t --epoch <<<'{"t":1}'
	assert_success
	assert_equal "${#lines[@]}" 10101
}

@test "an aggregate named key, start, end or final is a usage error" {
	for name in key start end final; do
		usage_error --tumbling 1s -a "$name=count"
		assert_equal "$stderr" "swindow: an aggregate cannot be named \"$name\": rows have that field already"
	done
	usage_error --tumbling 1s -a 'sum(.v)' -a 'end=max(.v)'
}

@test "--time-format refuses dates and times that do not exist" {
	printf '%s\n' '{"t":"2024-02-31"}' '{"t":"2023-02-29"}' '{"t":"2024-04-31"}' \
	    '{"t":"2024-02-29"}' >in.ndjson
	sw --tumbling 1d -t .t --time-format %Y-%m-%d in.ndjson
	assert_failure 1
	assert_output '{"key":null,"start":"2024-02-29T00:00:00.000Z","end":"2024-03-01T00:00:00.000Z","count":1}'
	[[ "$stderr" == *'swindow: in.ndjson:1: -t: string ("2024-02-31") is no real date or time (--time-format)'* ]]
	[[ "$stderr" == *'in.ndjson:2: '* && "$stderr" == *'in.ndjson:3: '* ]]
	[[ "$stderr" != *'in.ndjson:4: '* ]]
	# 02:30 was skipped in New York on 2024-03-10; 03:30 was not.
	printf '%s\n' '{"t":"2024-03-10 02:30"}' '{"t":"2024-03-10 03:30"}' >in.ndjson
	sw --tumbling 1h -t .t --time-format '%Y-%m-%d %H:%M' --tz America/New_York in.ndjson
	assert_failure 1
	assert_output '{"key":null,"start":"2024-03-10T07:00:00.000Z","end":"2024-03-10T08:00:00.000Z","count":1}'
	[[ "$stderr" == *'in.ndjson:1: '* && "$stderr" != *'in.ndjson:2: '* ]]
}

@test "--tz must name a time zone" {
	usage_error --tumbling 1s -t .t --time-format %H:%M --tz Nowhere/Zone
	assert_equal "$stderr" 'swindow: --tz: unknown time zone (a name under /usr/share/zoneinfo, UTC, or a POSIX TZ rule): Nowhere/Zone'
	usage_error --tumbling 1s --tz ''
	usage_error --tumbling 1s --tz ../../etc/passwd
	for zone in UTC GMT Europe/Paris :America/New_York EST5EDT '<+0330>-3:30' 'CET-1CEST,M3.5.0,M10.5.0/3'; do
		sw --tumbling 1d -t .t --time-format %Y-%m-%d --tz "$zone" <<<'{"t":"2024-05-01"}'
		assert_success
	done
	sw --tumbling 1h -t .t --time-format '%Y-%m-%d %H' --tz '<+0330>-3:30' <<<'{"t":"2024-05-01 12"}'
	assert_output '{"key":null,"start":"2024-05-01T08:00:00.000Z","end":"2024-05-01T09:00:00.000Z","count":1}'
}

# --- memory --------------------------------------------------------------

@test "memory stays flat as the stream grows ten times longer" {
	[ -x /usr/bin/time ] || skip "no GNU time"
	if ldd "$(readlink -f "$(command -v swindow)")" 2>/dev/null | grep -q asan; then
		skip "AddressSanitizer build: its own memory use dominates"
	fi
	for n in 30000 300000; do
		awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
		    printf "{\"k\":%d,\"t\":%d,\"v\":%d}\n", i % 100, i, i % 7 }' |
		    /usr/bin/time -f %M -o "rss.$n" swindow --tumbling 1s \
		    --wait 1s -k .k -t .t --time-unit ms -a 'sum(.v)' \
		    -a 'collect(.v)' >"out.$n"
		[ "$(wc -l <"out.$n")" -eq $((n / 1000 * 100)) ]
	done
	small=$(cat rss.30000) big=$(cat rss.300000)
	echo "peak RSS: $small KiB for 30000 events, $big KiB for 300000"
	[ "$big" -le $((small * 11 / 10 + 256)) ]
}

# --- usage errors --------------------------------------------------------

# usage_error ARGS...: swindow exits 2 before reading input, stdout empty
# (and does not hang: a limit that is not enforced fails the test).
usage_error() {
	run --separate-stderr timeout -s KILL 20 swindow "$@" <<<'{"t":1}'
	assert_failure 2
	assert_output ''
	[[ "$stderr" == swindow:* ]]
}

@test "no window kind is a usage error" {
	usage_error -t .t
	assert_equal "$stderr" "swindow: give one of --tumbling, --sliding or --session"
}

@test "two window kinds are a usage error" {
	usage_error --tumbling 1s --session 5s
	usage_error --tumbling 1s --tumbling 2s
	usage_error --sliding 10s --every 5s --session 5s
}

@test "--every longer than --sliding is a usage error" {
	usage_error --sliding 5s --every 10s
	sw --sliding 5s --every 5s -t .t --epoch <<<'{"t":1}'
	assert_success
	assert_output '{"key":null,"start":0,"end":5,"count":1}'
}

@test "--every without --sliding, or --sliding without --every, is a usage error" {
	usage_error --tumbling 5s --every 1s
	usage_error --session 5s --every 1s
	usage_error --sliding 5s
}

@test "an unknown aggregate is a usage error that lists the known ones" {
	usage_error --tumbling 1s -a 'mean(.v)'
	assert_equal "$stderr" "swindow: -a: unknown aggregate: mean (known: count sum avg min max first last collect distinct stddev median pNN pNN.N)"
	usage_error --tumbling 1s -a 'p999(.v)'
	assert_equal "$stderr" "swindow: -a: unknown aggregate: p999 (known: count sum avg min max first last collect distinct stddev median pNN pNN.N)"
	usage_error --tumbling 1s -a 'sum'
	usage_error --tumbling 1s -a 'count(.v)'
	usage_error --tumbling 1s -a 'p0(.v)'
	usage_error --tumbling 1s -a 'p100.1(.v)'
	usage_error --tumbling 1s -a 'p99.95(.v)'
	usage_error --tumbling 1s -a 'sum(.v'
	usage_error --tumbling 1s -a 'sum(.[)'
}

@test "a time that does not take says what it looks like: epoch ms, us or ns, or a log format" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"t":1714554000000}' '{"t":"1714554000000000"}' \
	    '{"t":1714554000000000000}' '{"t":"01/May/2024:00:00:00 +0000"}' \
	    '{"t":"2024/05/01 00:00:05"}' '{"t":"yesterday"}' >in.ndjson
	run --separate-stderr swindow --tumbling 1m -t .t in.ndjson
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "swindow: in.ndjson:1: event time out of range (it looks like epoch milliseconds: --time-unit ms)
swindow: in.ndjson:2: event time out of range (it looks like epoch microseconds: --time-unit us)
swindow: in.ndjson:3: event time out of range (it looks like epoch nanoseconds: --time-unit ns)
swindow: in.ndjson:4: -t: string (\"01/May/202...) is not an RFC 3339 time or an epoch number (it looks like the common log format: --time-format '%d/%b/%Y:%H:%M:%S %z')
swindow: in.ndjson:5: -t: string (\"2024/05/01...) is not an RFC 3339 time or an epoch number (try --time-format '%Y/%m/%d %H:%M:%S')
swindow: in.ndjson:6: -t: string (\"yesterday\") is not an RFC 3339 time or an epoch number
swindow: 6 of 6 lines rejected (3 event time out of range; 3 -t: string is not an RFC 3339 time or an epoch number); first at in.ndjson:1"
	# the hint is right: with it, the time takes
	run --separate-stderr swindow --tumbling 1m -t .t --time-format '%d/%b/%Y:%H:%M:%S %z' --epoch in.ndjson
	assert_output '{"key":null,"start":1714521600,"end":1714521660,"count":1}'
	run --separate-stderr swindow --tumbling 1m -t .t --time-unit ms --epoch in.ndjson
	assert_output '{"key":null,"start":1714554000000,"end":1714554060000,"count":1}'
}

@test "median, pNN and pNN.N are percentiles by nearest rank" {
	seq 1 1000 | sed 's/.*/{"t":0,"v":&}/' >in.ndjson
	run swindow --tumbling 1s -t .t --epoch -a 'median(.v)' -a 'p99.9(.v)' \
	    -a 'p5(.v)' -a 'p05(.v)' -a 'p100(.v)' -a 'p0.1(.v)' in.ndjson
	assert_success
	assert_output '{"key":null,"start":0,"end":1,"median":500,"p99.9":999,"p5":50,"p05":50,"p100":1000,"p0.1":1}'
}

@test "two aggregates with the same name are a usage error" {
	usage_error --tumbling 1s -a 'sum(.v)' -a 'sum(.w)'
	assert_equal "$stderr" 'swindow: two aggregates named "sum": name them with NAME=AGG'
	usage_error --tumbling 1s -a 'x=count' -a 'x=max(.v)'
	usage_error --tumbling 1s -a count -a count
}

@test "bad durations, times and option words are usage errors" {
	usage_error --tumbling 0s
	usage_error --tumbling 5
	usage_error --session -1s
	usage_error --tumbling 1s --wait soon
	usage_error --tumbling 1s --align yesterday
	usage_error --tumbling 1s --emit all
	usage_error --tumbling 1s --time-unit h
	usage_error --tumbling 1s --time-format '%H'
	usage_error --tumbling 1s -k '.['
	usage_error --tumbling 1s --late "$BATS_TEST_TMPDIR/no/such/dir/late"
}

@test "-h prints the usage with examples on the standard output" {
	sw -h
	assert_success
	assert_output --partial 'usage: swindow (--tumbling LEN | --sliding LEN --every HOP | --session GAP)'
	assert_output --partial 'examples:'
	assert_equal "$stderr" ""
}

# --- the sensor example --------------------------------------------------

@test "the sensor example: per sensor sums over 5-second windows" {
	data=$REPO/examples/data/sensors.ndjson
	reference >expected <<EOF
events = load("$data", key=field("sensor"), time=field("ts"))
# A value per sensor per second, 3 sensors, 20 seconds.
assert len(events) == 60
assert sorted((k, t) for k, t, _, _ in events) == sorted(
    (s, ns_of("2024-05-01T12:00:00Z") + i * S)
    for s in ("s1", "s2", "s3") for i in range(20))
rows, late = windows(events, "tumbling", size=5 * S, wait=2 * S,
    aggs=[("total", "sum", field("value"))])
assert not late
show(rows)
EOF
	sw --tumbling 5s --wait 2s -k .sensor -t .ts -a 'total=sum(.value)' "$data"
	assert_success
	assert_output "$(cat expected)"
	assert_equal "${#lines[@]}" 12
	assert_equal "$stderr" ""
}

@test "the sensor example: one reading arrives two seconds late" {
	data=$REPO/examples/data/sensors.ndjson
	reference >expected <<EOF
rows, late = windows(load("$data", key=field("sensor"), time=field("ts")),
    "tumbling", size=5 * S, aggs=[("total", "sum", field("value"))])
show(rows)
open("late.expected", "w").write("".join(late))
EOF
	sw --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)' --late late.out "$data"
	assert_success
	assert_output "$(cat expected)"
	assert_file_equal late.out '{"ts":"2024-05-01T12:00:09Z","sensor":"s2","value":19.5}'$'\n'
	assert_file_equal late.out "$(cat late.expected)"$'\n'
}

@test "the sensor example: sessions of high readings, with sfilter" {
	data=$REPO/examples/data/sensors.ndjson
	reference >expected <<EOF
hot = [e for e in load("$data", key=field("sensor"), time=field("ts"))
       if e[2]["value"] >= 25]
rows, late = windows(hot, "session", gap=2 * S,
    aggs=[("count", "count", None), ("peak", "max", field("value"))])
show(rows)
EOF
	run_sh "sfilter '.value >= 25' '$data' | swindow --session 2s -k .sensor -t .ts -a count -a 'peak=max(.value)'"
	assert_success
	assert_output "$(cat expected)"
}

@test "examples/sensors.sh runs and every command in it succeeds" {
	run sh "$REPO/examples/sensors.sh"
	assert_success
	assert_output --partial '$ swindow --tumbling 5s --wait 2s -k .sensor -t .ts'
	assert_output --partial '{"key":"s1","start":"2024-05-01T12:00:06.000Z","end":"2024-05-01T12:00:11.000Z","count":4,"peak":28,'
	assert_output --partial 'late: {"ts":"2024-05-01T12:00:09Z","sensor":"s2","value":19.5}'
}

# --- swindow(1) ----------------------------------------------------------

# man_cases: every literal display of swindow(1) with lines starting
# "$ " as shell cases: each such line is a command (going on over the
# next lines while it ends in "\" or "|"), the lines up to the next
# command or the end of the display its output (standard error
# included).  A display with a line "..." is live and left out.  Writes
# case.N.sh and case.N.out.
man_cases() {
	awk '
	/^\.Bd -literal/ { lit = 1; n0 = n; next }
	/^\.Ed/ {
		if (lit && live) for (i = n0 + 1; i <= n; i++)
			system("rm -f case." i ".sh case." i ".out")
		lit = 0; live = 0; next
	}
	!lit { next }
	{ gsub(/\\e/, "\\"); gsub(/\\&/, ""); gsub(/\\\(dq/, "\"") }
	/^\.\.\.$/ || /^\.\.\. / { live = 1; next }
	more { print > ("case." n ".sh"); more = /[\\|]$/; next }
	/^\$ / {
		n++; print substr($0, 3) > ("case." n ".sh")
		printf "" > ("case." n ".out"); more = /[\\|]$/; next
	}
	n > n0 { print > ("case." n ".out") }
	' "$REPO/man/swindow.1"
}

@test "every pipeline shown in swindow(1) prints what the page shows" {
	cp "$FIXTURES/swindow/clicks.ndjson" .
	ln -s "$REPO/examples/data/sensors.ndjson" .
	man_cases
	n=0
	for sh in case.*.sh; do
		n=$((n + 1))
		run bash -c "$(cat "$sh")"
		assert_equal "$(cat "$sh"): $status" "$(cat "$sh"): 0"
		assert_equal "$(cat "$sh")"$'\n'"$output" \
		    "$(cat "$sh")"$'\n'"$(cat "${sh%.sh}.out")"
	done
	[ "$n" -ge 8 ]
}

@test "the click log shown in swindow(1) is the fixture the tests use" {
	awk '/^The examples read/ { f = 1 } f && /^\.Bd/ { d = 1; next }
	    d && /^\.Ed/ { exit } d' "$REPO/man/swindow.1" >page.ndjson
	run diff "$FIXTURES/swindow/clicks.ndjson" page.ndjson
	assert_success
}

@test "the worked examples of swindow(1) agree with the reference model" {
	cp "$FIXTURES/swindow/clicks.ndjson" .
	reference >expected <<'EOF'
ev = lambda key: load("clicks.ndjson", key=key, time=field("ts"))
pages = [("count", "count", None), ("pages", "collect", field("page"))]
show(windows(ev(field("user")), "tumbling", size=10 * S, wait=5 * S, aggs=pages)[0])
show(windows(ev(lambda r: None), "sliding", size=10 * S, hop=5 * S, wait=5 * S)[0])
show(windows(ev(field("user")), "session", gap=5 * S, wait=5 * S, aggs=pages)[0])
EOF
	run_sh "swindow --tumbling 10s --wait 5s -k .user -t .ts -a count -a 'pages=collect(.page)' clicks.ndjson
	    swindow --sliding 10s --every 5s --wait 5s -t .ts clicks.ndjson
	    swindow --session 5s --wait 5s -k .user -t .ts -a count -a 'pages=collect(.page)' clicks.ndjson"
	assert_success
	assert_output "$(cat expected)"
}

@test "swindow(1) passes mandoc -Tlint" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -Wwarning "$REPO/man/swindow.1"
	assert_success
	assert_output ''
}
