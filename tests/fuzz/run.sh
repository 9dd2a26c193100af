#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Usage: run.sh SECONDS HARNESS...  (make fuzz FUZZ_SECONDS=N)
#
# For each harness built in build-fuzz/bin/: replay every input of
# tests/fuzz/regress/HARNESS/ (each once crashed; none may crash now),
# then fuzz for SECONDS on build-fuzz/corpus/HARNESS/, a working copy of
# tests/fuzz/corpus/HARNESS/ that keeps what earlier runs found.  Flags
# come from tests/fuzz/HARNESS.options, the dictionary from HARNESS.dict.
# New crashes land in build-fuzz/artifacts/HARNESS/.  Exits 1 when any
# harness failed.
set -u
secs=$1
shift
fuzz=tests/fuzz
out=build-fuzz
status=0
summary=""

for h in "$@"; do
	bin=$out/bin/$h
	opts=$(cat "$fuzz/$h.options" 2>/dev/null || true)
	dict=""
	[ -f "$fuzz/$h.dict" ] && dict="-dict=$fuzz/$h.dict"
	mkdir -p "$out/corpus/$h" "$out/artifacts/$h" "$out/logs"

	regress=$(find "$fuzz/regress/$h" -type f ! -name '.*' 2>/dev/null |
	    sort)
	if [ -n "$regress" ]; then
		n=$(echo "$regress" | wc -l)
		echo "== $h: replaying $n regression inputs"
		bad=""
		: >"$out/logs/$h.regress.log"
		for f in $regress; do
			# shellcheck disable=SC2086
			if ! $bin $opts -runs=1 "$f" >"$out/logs/$h.one.log" 2>&1
			then
				bad="$bad $f"
				echo "== $f" >>"$out/logs/$h.regress.log"
				grep -m 3 -E 'ERROR|runtime error|^fuzz_' \
				    "$out/logs/$h.one.log" |
				    tee -a "$out/logs/$h.regress.log"
			fi
		done
		if [ -n "$bad" ]; then
			echo "== $h: regression inputs that fail:$bad"
			status=1
			summary="$summary
$h: REGRESSIONS FAIL:$bad"
		fi
	fi

	cp -n "$fuzz/corpus/$h/"* "$out/corpus/$h/" 2>/dev/null || true
	echo "== $h: fuzzing for ${secs}s"
	# shellcheck disable=SC2086
	$bin $opts $dict -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$out/artifacts/$h/" "$out/corpus/$h" \
	    >"$out/logs/$h.log" 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' "$out/logs/$h.log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		tail -n 40 "$out/logs/$h.log"
		echo "== $h: FAILED (exit $rc), input in $out/artifacts/$h/"
		status=1
		summary="$summary
$h: FAILED: $last"
	else
		summary="$summary
$h: $last"
	fi
done
echo "== fuzz summary ($secs s each):$summary"
exit $status
