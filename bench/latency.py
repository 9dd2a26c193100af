#!/usr/bin/env python3
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
"""End-to-end latency of a pipeline: bench/latency.sh runs it.

  latency.py RATE SECONDS PIPELINE

Starts PIPELINE (an sh command line) and writes it RATE events a second
for SECONDS seconds, on a fixed schedule, each carrying its send time in
ns ("sent", time.time_ns() just before the write).  A reader thread
stamps every output line as it arrives.  The pipeline must write one line
per event, in order (it does: every stage maps one record to one), so
the n-th line read answers the n-th event sent; lines after the n-th
(scount's final table at the end of input) are not counted.  Prints one line:
"events p50_ms p99_ms max_ms" (nearest-rank percentiles).
"""

import math
import os
import subprocess
import sys
import threading
import time


def events(n):
    # A small access event; the Park-Miller numbers make it the same run
    # after run.
    seed = 1
    for i in range(n):
        seed = seed * 16807 % 2147483647
        host = "web-%02d.example.net" % (seed % 50 + 1)
        status = (200, 200, 200, 200, 200, 200, 404, 500)[seed % 8]
        yield ('{"host":"%s","status":%d,"latency_ms":%d.%02d,'
               '"path":"/api/v1/items/%d","sent":' % (
                   host, status, seed % 2000, seed % 100, i))


def read(fd, stamps):
    rest = b""
    while True:
        chunk = os.read(fd, 65536)
        now = time.time_ns()
        if not chunk:
            return
        n = (rest + chunk).count(b"\n")
        stamps.extend([now] * n)
        rest = (rest + chunk).rsplit(b"\n", 1)[1] if n else rest + chunk


def main():
    rate, secs, pipeline = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    n = int(rate * secs)
    p = subprocess.Popen(["sh", "-c", pipeline], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, bufsize=0)
    stamps, sent = [], []
    reader = threading.Thread(target=read, args=(p.stdout.fileno(), stamps))
    reader.start()
    fd = p.stdin.fileno()
    t0 = time.monotonic() + 0.2     # let the pipeline start first
    for i, head in enumerate(events(n)):
        due = t0 + i / rate
        while True:
            d = due - time.monotonic()
            if d <= 0:
                break
            time.sleep(d if d > 0.0005 else 0)
        ns = time.time_ns()
        os.write(fd, (head + "%d}\n" % ns).encode())
        sent.append(ns)
    p.stdin.close()
    reader.join()
    p.wait()
    if len(stamps) < n:
        print("latency: %d events sent, %d lines back" % (n, len(stamps)),
              file=sys.stderr)
        return 1
    lat = sorted(r - s for r, s in zip(stamps[:n], sent))

    def rank(q):
        return lat[max(0, math.ceil(q * n) - 1)] / 1e6

    print("%d %.3f %.3f %.3f" % (n, rank(0.50), rank(0.99), lat[-1] / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
