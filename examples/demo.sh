#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# A tour of the tools on the bundled data (examples/data), run
# from a scratch directory with the tools of bin/ first in PATH.  Prints
# each command before its output; exits non-zero only when a command
# does not end with the status it should.  `make demo` builds and runs it.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
PATH=$root/bin:$PATH
export PATH
for t in smap sfilter stokenize scount skey swindow; do
	if [ ! -x "$root/bin/$t" ]; then
		echo "demo: $root/bin/$t missing: run make first" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/stream-demo.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT TERM
cd "$work" || exit 2
ln -s "$root/examples/data/access.ndjson" "$root/examples/data/app.log" \
    "$root/examples/data/hamlet.txt" "$root/examples/data/sensors.ndjson" .

failed=0

step() {
	printf '\n== %s\n' "$*"
}

# run [STATUS] <<EOF: prints the command on standard input, runs it, and
# checks that it exits with STATUS (default 0).
run() {
	want=${1:-0}
	cmd=$(cat)
	printf '$ %s\n' "$cmd"
	eval "$cmd"
	got=$?
	if [ "$got" -ne 0 ]; then
		printf '(exit status %d)\n' "$got"
	fi
	if [ "$got" -ne "$want" ]; then
		printf 'demo: expected exit status %d\n' "$want" >&2
		failed=$((failed + 1))
	fi
}

step "Bad lines are reported, skipped and kept: the log has three"
run 1 <<'EOF'
sfilter --dead-letter rejected.txt true access.ndjson >valid.ndjson
EOF
run <<'EOF'
cat rejected.txt
EOF
run <<'EOF'
wc -l access.ndjson valid.ndjson rejected.txt
EOF

step "Server errors: sfilter keeps the records where EXPR is true"
run <<'EOF'
sfilter '.status >= 500' valid.ndjson | head -n 3
EOF
run <<'EOF'
sfilter '.status >= 500' valid.ndjson | wc -l
EOF

step "A projection: smap writes each output of EXPR as a record"
run <<'EOF'
smap '{ts, path, ms}' valid.ndjson | head -n 3
EOF

step "A pipeline: slow API calls, with the time in epoch seconds"
run <<'EOF'
sfilter '.ms > 1000 and (.path | startswith("/api/"))' valid.ndjson |
    smap '{t: (.ts | fromdate), status, path, ms}' | head -n 4
EOF

step "Plain text: -R makes each line a string; capture names the parts"
run <<'EOF'
smap -R 'capture("^(?<ts>\\S+) (?<level>[A-Z]+) +\\[(?<comp>\\w+)\\] (?<msg>.*)")' app.log |
    sfilter '.level == "ERROR"' | head -n 3
EOF

step "Lines the pattern does not match (stack traces) give no output"
run <<'EOF'
wc -l app.log
EOF
run <<'EOF'
smap -R 'capture("^(?<ts>\\S+) (?<level>[A-Z]+) ")' app.log | wc -l
EOF

step "An expression error rejects the record, like bad JSON does"
run 1 <<'EOF'
printf '%s\n' '{"ms":12.5}' '{"ms":"n/a"}' '{"ms":3}' |
    smap --dead-letter bad-ms.txt '.ms / 1000'
EOF
run <<'EOF'
cat bad-ms.txt
EOF

step "The word count: tokens of the text, counted, most frequent first"
run <<'EOF'
stokenize -R --lower hamlet.txt | scount --top 5
EOF

step "Keys: requests per status code, with skey naming the key once"
run <<'EOF'
skey .status access.ndjson 2>/dev/null | scount
EOF

step "Windows: each sensor's readings summed per 5 seconds of event time"
run <<'EOF'
swindow --tumbling 5s --wait 2s -k .sensor -t .ts -a 'total=sum(.value)' \
    sensors.ndjson | head -n 6
EOF

echo
if [ "$failed" -ne 0 ]; then
	echo "demo: $failed command(s) did not end as expected" >&2
	exit 1
fi
echo "demo: done"
