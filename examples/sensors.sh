#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# swindow on the bundled sensor readings (examples/data/sensors.ndjson: a
# temperature per second from each of three sensors for 20 seconds, one
# reading two seconds late).  Run from anywhere, as
#
#	sh examples/sensors.sh
#
# it works in the repository root with the tools of bin/ first in PATH,
# prints each command before its output, and exits non-zero when a
# command does not end with the status it should.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
PATH=$root/bin:$PATH
export PATH
for t in swindow sfilter; do
	if [ ! -x "bin/$t" ]; then
		echo "sensors: bin/$t missing: run make first" >&2
		exit 2
	fi
done

failed=0

step() {
	printf '\n== %s\n' "$*"
}

# run <<EOF: prints the command on standard input, runs it, and checks
# that it succeeds.
run() {
	cmd=$(cat)
	printf '$ %s\n' "$cmd"
	eval "$cmd"
	got=$?
	if [ "$got" -ne 0 ]; then
		printf '(exit status %d)\n' "$got"
	fi
	if [ "$got" -ne 0 ]; then
		echo "sensors: expected exit status 0" >&2
		failed=$((failed + 1))
	fi
}

step "The readings: 3 sensors, one a second, s2's reading of 12:00:09 late"
run <<'EOF'
head -n 4 examples/data/sensors.ndjson
EOF
run <<'EOF'
sed -n 34,37p examples/data/sensors.ndjson
EOF

step "Tumbling: the sum per sensor over 5-second windows; --wait 2s waits for the late one"
run <<'EOF'
swindow --tumbling 5s --wait 2s -k .sensor -t .ts -a 'total=sum(.value)' examples/data/sensors.ndjson
EOF

step "Without --wait the late reading misses its window (s2 from 12:00:05 sums 4 readings)"
run <<'EOF'
swindow --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)' -a count examples/data/sensors.ndjson | sed -n 4,6p
EOF

step "... and --late keeps it: a side output on descriptor 3, shown instead of the rows"
run <<'EOF'
swindow --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)' --late /dev/fd/3 examples/data/sensors.ndjson 3>&1 >/dev/null | sed 's/^/late: /'
EOF

step "Sliding: mean and 90th percentile of the last 10 seconds, every 5 seconds, for s1"
run <<'EOF'
swindow --sliding 10s --every 5s --wait 2s -k .sensor -t .ts -a 'avg(.value)' -a 'p90(.value)' examples/data/sensors.ndjson | sfilter '.key == "s1"'
EOF

step "Session: spells of 25 degrees or more, per sensor, ending 2 seconds after the last hot reading"
run <<'EOF'
sfilter '.value >= 25' examples/data/sensors.ndjson | swindow --session 2s -k .sensor -t .ts -a count -a 'peak=max(.value)' -a 'readings=collect(.value)'
EOF

echo
if [ "$failed" -ne 0 ]; then
	echo "sensors: $failed command(s) failed" >&2
	exit 1
fi
