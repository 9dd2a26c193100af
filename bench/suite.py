#!/usr/bin/env python3
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
"""Helpers of bench/suite.sh.

  suite.py run RUNS IN PREFIX NAME CMD... [:: NAME CMD...]...
                                     run each CMD RUNS times, in turns,
                                     stdin IN, stdout PREFIX+NAME; print
                                     "NAME median min max rss_kib" each
  suite.py agree CASE OURS PEER...   exit 1 unless every PEER's output
                                     has the same values as OURS
  suite.py report RESULTS            print the tables of RESULTS
  suite.py targets RESULTS           print which targets of issue 10 are met

Wall time is time.perf_counter() around fork and wait (GNU time's own
start, under a millisecond, included); peak RSS is GNU time's %M (for a
pipeline run under sh -c: its largest process).
"""

import json
import math
import os
import statistics
import sys
import time


def once(src, dst, cmd):
    rssfile = dst + ".rss"
    if os.access(GTIME, os.X_OK):
        cmd = [GTIME, "-f", "%M", "-o", rssfile] + cmd
    fin = os.open(src, os.O_RDONLY)
    fout = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(fin, 0)
            os.dup2(fout, 1)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(fin)
    os.close(fout)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print("bench: exit status %d: %s" % (code, " ".join(cmd)),
              file=sys.stderr)
        return None
    if cmd[0] != GTIME:
        return wall, ru.ru_maxrss
    with open(rssfile) as f:
        rss = int(f.read().split()[-1])
    os.unlink(rssfile)
    return wall, rss


# Peak RSS comes from GNU time's %M: a child of this process would carry
# Python's own high-water mark across exec(2) (Linux keeps ru_maxrss).
GTIME = "/usr/bin/time"


# The tools of a case take turns, run after run, so that a load that
# comes and goes on the machine falls on all of them alike.
def run(args):
    runs, src, prefix = int(args[0]), args[1], args[2]
    tools, cur = [], None
    for a in args[3:]:
        if a == "::":
            cur = None
        elif cur is None:
            cur = (a, [])
            tools.append(cur)
        else:
            cur[1].append(a)
    walls = {name: [] for name, _ in tools}
    rss = {name: 0 for name, _ in tools}
    for _ in range(runs):
        for name, cmd in tools:
            r = once(src, prefix + name, cmd)
            if r is None:
                return 1
            walls[name].append(r[0])
            rss[name] = max(rss[name], r[1])
    for name, _ in tools:
        w = walls[name]
        print("%s %.6f %.6f %.6f %d" % (name, statistics.median(w), min(w),
                                        max(w), rss[name]))
    return 0


# Values are compared, not bytes: numbers as doubles to 12 significant
# digits (jq 1.6 prints 17, gojq and Miller the shortest form, and the
# bytes of an untouched field may stay as written), objects whatever
# their key order.
def canon(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return float("%.12g" % v)
    if isinstance(v, list):
        return [canon(x) for x in v]
    return {k: canon(x) for k, x in v.items()}


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# Per case: a function from one output record (ours or a peer's, whose
# field names differ) to the value compared, and whether order counts.
def words(r):
    return {"key": r.get("key", r.get("msg")), "count": r["count"]}


def window(r):
    if "latency_ms_count" in r:     # Miller's stats1
        return {"key": r["host"], "start": r["start"][0:16],
                "count": r["latency_ms_count"], "avg": r["latency_ms_mean"]}
    return {"key": r["key"], "start": r["start"][0:16], "count": r["count"],
            "avg": r["avg"]}


def top(r):
    return {"key": r.get("key", r.get("host")), "count": r["count"]}


CASES = {
    "filter": (None, True),
    "project": (None, True),
    "update": (None, True),
    "skey": (None, True),
    "words": (words, False),
    "window": (window, False),
    "join": (None, True),
    "top": (top, True),
}


def normal(case, path):
    f, ordered = CASES[case]
    out = [canon(f(r) if f else r) for r in rows(path)]
    out = [json.dumps(r, sort_keys=True) for r in out]
    return out if ordered else sorted(out)


def agree(args):
    case, ours, peers = args[0], args[1], args[2:]
    want = normal(case, ours)
    bad = 0
    for p in peers:
        got = normal(case, p)
        if got == want:
            continue
        bad = 1
        i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b),
                 min(len(want), len(got)))
        print("bench: %s: %s and %s differ (%d and %d records), "
              "first at record %d:\n  %s\n  %s" % (
                  case, os.path.basename(ours), os.path.basename(p),
                  len(want), len(got), i + 1,
                  want[i] if i < len(want) else "(none)",
                  got[i] if i < len(got) else "(none)"), file=sys.stderr)
    return bad


def speed(x):
    if x >= 1:
        return "%.1fx faster" % x
    return "%.1fx slower" % (1 / max(x, 1e-6))


def report(args):
    res = []
    with open(args[0]) as f:
        for line in f:
            c, tool, med, lo, hi, rss, mb, recs = line.split()
            res.append((c, tool, float(med), float(lo), float(hi),
                        int(rss), float(mb), int(recs)))
    cases = []
    for r in res:
        if r[0] not in cases:
            cases.append(r[0])
    hdr = "%-14s %-16s %8s %8s %8s %8s %11s %8s  %s" % (
        "case", "tool", "median s", "min", "max", "MB/s", "records/s",
        "peak MB", "ours (first row) against it")
    print(hdr)
    md = ["| case | tool | median s | min | max | MB/s | records/s | "
          "peak RSS MB | ours (first row) against it |", "|---|---|---|---|---|---|---|---|---|"]
    for c in cases:
        rs = [r for r in res if r[0] == c]
        ours = rs[0]
        for r in rs:
            ratio = "" if r is ours else speed(r[2] / max(ours[2], 1e-6))
            print("%-14s %-16s %8.3f %8.3f %8.3f %8.1f %11.0f %8.1f  %s" % (
                c, r[1], r[2], r[3], r[4], r[6] / r[2], r[7] / r[2],
                r[5] / 1024, ratio))
            md.append("| %s | %s | %.3f | %.3f | %.3f | %.1f | %s | %.1f | %s |"
                      % (c, r[1], r[2], r[3], r[4], r[6] / r[2],
                         format(int(r[7] / r[2]), ","), r[5] / 1024,
                         ratio or "-"))
    print()
    print("\n".join(md))
    return 0


# The targets of issue 10, item 4: (case, tool, peer, at least this many
# times as fast).  A peer of None: the tool's peak RSS, in MB, at most.
TARGETS = [
    ("filter", "sfilter", "jq", 10), ("filter", "sfilter", "cat", 0.25),
    ("project", "smap", "jq", 6), ("update", "smap", "jq", 6),
    ("skey", "skey", "jq", 6),
    ("words", "stokenize+scount", "jq", 5),
    ("words", "stokenize+scount", "mlr", 5),
    ("window", "swindow", "mlr", 20),
    ("filter", "sfilter", None, 8), ("project", "smap", None, 8),
    ("update", "smap", None, 8), ("skey", "skey", None, 8),
]


def targets(args):
    res = {}
    with open(args[0]) as f:
        for line in f:
            c, tool, med, _, _, rss = line.split()[:6]
            res[(c, tool)] = (float(med), int(rss))
    print("targets (issue 10):")
    for c, tool, peer, want in TARGETS:
        if (c, tool) not in res:
            continue
        med, rss = res[(c, tool)]
        if peer is None:
            got = rss / 1024
            ok = got <= want
            what = "peak RSS %.1f MB (target < %g MB)" % (got, want)
        elif (c, peer) in res:
            got = res[(c, peer)][0] / max(med, 1e-6)
            ok = got >= want
            if want >= 1:
                what = "%.1fx %s (target >= %gx)" % (got, peer, want)
            else:
                what = "%.1fx the time of %s (target <= %gx)" % (
                    1 / got, peer, 1 / want)
        else:
            continue
        print("  %-4s %-8s %-16s %s" % ("met" if ok else "MISS", c, tool,
                                        what))
    return 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    return {"run": run, "agree": agree, "report": report,
            "targets": targets}[cmd](args)


if __name__ == "__main__":
    sys.exit(main())
