#!/usr/bin/env python3
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
"""Run jq's own test files (jq.test, onig.test) through smap.

usage: run.py [--jq JQ] [--smap SMAP] [--skip FILE] [--all] [-v] FILE...

Each case is a program line, an input line and the expected outputs,
up to a blank or comment line, as jq's `--run-tests` reads them.  The
input line is one NDJSON record, so smap gets it unchanged.  Outputs
are compared as JSON values (jq's jv_equal: 1 equals 1.0, key order does
not count).  As in jq's runner, an error ends a program's outputs: the
case passes when the outputs before it are the expected ones.

A %%FAIL case must be rejected before input is read (exit status 2, no
output), and, unless it says IGNORE MSG, the tool's message must hold
jq's message (the text between "jq: error: " and " at <top-level>").

--jq JQ runs the cases through jq instead (its exit status 3 for a
program that does not compile), to see which ones jq itself passes.
Cases listed in the skip file (FILE:LINE reason) are not run, unless
--all is given.  The exit status is 1 when a case that is not skipped
fails.
"""

import json
import math
import os
import subprocess
import sys
import tempfile

TIMEOUT = 10


def parse_cases(path):
    """Yield (line, kind, program, input, expected) for each case."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    n = len(lines)

    def skip(s):
        return s.strip() == "" or s.startswith("#")

    while i < n:
        if skip(lines[i]):
            i += 1
            continue
        kind = "run"
        if lines[i].startswith("%%FAIL"):
            kind = "fail-ignore" if "IGNORE MSG" in lines[i] else "fail"
            i += 1
        start = i + 1
        prog = lines[i]
        i += 1
        if kind == "run":
            inp = lines[i] if i < n else ""
            i += 1
        else:
            inp = None
        expected = []
        while i < n and not skip(lines[i]):
            expected.append(lines[i])
            i += 1
        yield start, kind, prog, inp, expected


def load(text):
    """Parses one JSON text as jq would; NaN is null on output anyway."""
    return json.loads(text, parse_constant=lambda c: {
        "NaN": None, "-NaN": None,
        "Infinity": math.inf, "-Infinity": -math.inf}[c])


def equal(a, b):
    """jv_equal: numbers by value, objects without key order, no bool/int mix."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return a == b


def jq_message(expected):
    """The words of jq's compile error, without its prefix and location."""
    if not expected:
        return None
    msg = expected[0]
    if msg.startswith("jq: error: "):
        msg = msg[len("jq: error: "):]
    cut = msg.find(" at <top-level>")
    return msg[:cut] if cut >= 0 else msg


def run_tool(cmd, prog, inp, jq):
    """Runs prog on one record; returns (status, stdout, stderr)."""
    if jq:
        with tempfile.NamedTemporaryFile("w", suffix=".jq",
                                         delete=False) as f:
            f.write(prog)
        argv = [cmd, "-c", "-f", f.name]
    else:
        argv = [cmd, "--", prog]
    data = b"" if inp is None else (inp + "\n").encode("utf-8")
    try:
        p = subprocess.run(argv, input=data, capture_output=True,
                           timeout=TIMEOUT)
        r = (p.returncode, p.stdout.decode("utf-8", "replace"),
             p.stderr.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        r = (-1, "", "timed out after %d s" % TIMEOUT)
    if jq:
        os.unlink(f.name)
    return r


def check_fail(kind, expected, status, out, err, jq):
    want = 3 if jq else 2
    if status != want or out:
        return "compiled (status %d, output %r)" % (status, out[:200])
    msg = jq_message(expected)
    if kind == "fail" and msg and not jq and msg not in err:
        return "message %r lacks %r" % (err.strip(), msg)
    return None


def check_run(expected, status, out, err):
    if status < 0:
        return err
    got = [l for l in out.split("\n") if l != ""]
    for k, e in enumerate(expected):
        if k >= len(got):
            return "insufficient results: %d of %d (%s)" % (
                len(got), len(expected), err.strip()[:300])
        try:
            g = load(got[k])
        except ValueError:
            return "output %d is not JSON: %r" % (k + 1, got[k][:200])
        if not equal(load(e), g):
            return "output %d: expected %s, got %s" % (k + 1, e, got[k])
    if len(got) > len(expected):
        return "superfluous result: %s" % got[len(expected)]
    return None


def read_skips(path):
    skips = {}
    if not path or not os.path.exists(path):
        return skips
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            skips[key] = reason.strip()
    return skips


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    tool = os.path.join(here, "..", "..", "bin", "smap")
    skipfile = os.path.join(here, "skip.txt")
    jq = False
    runall = verbose = False
    files = []
    args = iter(argv)
    for a in args:
        if a == "--jq":
            tool, jq = next(args), True
        elif a == "--smap":
            tool = next(args)
        elif a == "--skip":
            skipfile = next(args)
        elif a == "--all":
            runall = True
        elif a == "-v":
            verbose = True
        else:
            files.append(a)
    if not files:
        files = [os.path.join(here, f) for f in ("jq.test", "onig.test")]
    skips = {} if runall else read_skips(skipfile)

    passed = failed = skipped = 0
    for path in files:
        name = os.path.basename(path)
        for line, kind, prog, inp, expected in parse_cases(path):
            key = "%s:%d" % (name, line)
            if key in skips:
                skipped += 1
                continue
            status, out, err = run_tool(tool, prog, inp, jq)
            if kind == "run":
                why = check_run(expected, status, out, err)
            else:
                why = check_fail(kind, expected, status, out, err, jq)
            if why is None:
                passed += 1
                if verbose:
                    print("ok %s" % key)
            else:
                failed += 1
                print("FAIL %s: %s\n    %s" % (key, prog, why))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
