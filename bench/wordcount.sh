#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Word count benchmark: stokenize | scount against the classic tr | sort |
# uniq -c pipeline and Miller, on the same few megabytes of English-like
# text.  Wall time is the best of RUNS runs, memory the peak resident set
# of that run (GNU time's %M: the largest process of the pipeline).
# Checks that the three tools find the same words with the same counts
# before printing the table.
#
#	sh bench/wordcount.sh
#	MB=20 RUNS=5 sh bench/wordcount.sh
# shellcheck disable=SC2016 # $ in Miller expressions is Miller's
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
mb=${MB:-5}
runs=${RUNS:-3}
data=$root/bench/data/words-${mb}mb.txt
out=$root/bench/out/wordcount
bin=$root/bin

for t in "$bin/stokenize" "$bin/scount"; do
	[ -x "$t" ] || { echo "bench: $t missing: run make first" >&2; exit 2; }
done
command -v mlr >/dev/null 2>&1 ||
    { echo "bench: mlr not found (scripts/install-deps.sh)" >&2; exit 2; }
if [ -x /usr/bin/time ]; then
	gtime=/usr/bin/time
else
	gtime=
	echo "bench: no /usr/bin/time: peak memory not measured" >&2
fi

# The text: lines of 4 to 15 words drawn from a 6,000-word vocabulary
# with a Zipf distribution (the i-th word has weight 1/i), a handful of
# real English words at the top and made-up ones below, with sentences,
# capitals, commas and other punctuation.  The random numbers are a
# Park-Miller generator written out in awk, so every awk (mawk, gawk,
# BWK awk) writes the same bytes.  Words are ASCII letters only, so that
# all three tokenizations agree (see the check below).
generate() {
	awk -v bytes="$((mb * 1048576))" '
	function rnd() {
		seed = (seed * 16807) % 2147483647
		return seed / 2147483647
	}
	function word(	u, lo, hi, mid) {
		u = rnd() * cum[nv]
		lo = 1; hi = nv
		while (lo < hi) {
			mid = int((lo + hi) / 2)
			if (cum[mid] < u) lo = mid + 1; else hi = mid
		}
		return vocab[lo]
	}
	BEGIN {
		seed = 20261123
		nv = split("the of and to a in is that it was he for on are as " \
		    "with his they at be this from i have or by one had not but " \
		    "what all were when we there can an your which their said if " \
		    "do will each about how up out them then she many some so " \
		    "these would other into has more her two like him see time " \
		    "could no make than first been its who now people my made " \
		    "over did down only way find use may water long little very " \
		    "after words called just where most know get through back " \
		    "much before go good new write our used me man too any day " \
		    "same right look think also around another came come work " \
		    "three word must because does part even place well such " \
		    "here take why things help put years different away again " \
		    "off went old number great tell men say small every found " \
		    "still between name should home big give air line set own " \
		    "under read last never us left end along while might next " \
		    "sound below saw something thought both few those always " \
		    "looked show large often together asked house world going " \
		    "want school important until form food keep children feet " \
		    "land side without boy once animals life enough took sometimes " \
		    "four head above kind began almost live page got earth need " \
		    "far hand high year mother light parts country father let " \
		    "night following picture being study second eyes soon times " \
		    "story boys since white days ever paper hard near sentence " \
		    "better best across during today others however sure means " \
		    "knew try told young miles sun ways thing whole hear example " \
		    "heard several change answer room sea against top turned " \
		    "learn point city play toward five using himself usually",
		    vocab, " ")
		ns = split("ba be bi bo bu da de di do du fa fe fi fo ka ke ki " \
		    "ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi " \
		    "po ra re ri ro ru sa se si so su ta te ti to tu va ve vi " \
		    "wa we wi ya za ar er or in an en on", syl, " ")
		while (nv < 6000) {
			w = ""
			k = 2 + int(rnd() * 3)
			for (j = 0; j < k; j++)
				w = w syl[1 + int(rnd() * ns)]
			if (!(w in seen)) {
				seen[w] = 1
				vocab[++nv] = w
			}
		}
		for (i = 1; i <= nv; i++)
			cum[i] = cum[i - 1] + 1 / i
		start = 1
		while (total < bytes) {
			n = 4 + int(rnd() * 12)
			line = ""
			for (i = 1; i <= n; i++) {
				w = word()
				if (start)
					w = toupper(substr(w, 1, 1)) substr(w, 2)
				start = 0
				u = rnd()
				if (u < 0.06) { w = w "."; start = 1 }
				else if (u < 0.07) { w = w "?"; start = 1 }
				else if (u < 0.075) { w = w "!"; start = 1 }
				else if (u < 0.16) w = w ","
				else if (u < 0.17) w = w ";"
				else if (u < 0.175) w = w ":"
				else if (u < 0.18) w = w " --"
				else if (u < 0.185) w = w "-" word()
				else if (u < 0.19) w = "\"" w "\""
				line = line (i > 1 ? " " : "") w
			}
			print line
			total += length(line) + 1
		}
	}'
}

mkdir -p "$root/bench/data" "$out" || exit 2
if [ ! -s "$data" ]; then
	echo "bench: generating $data"
	generate >"$data.tmp" && mv "$data.tmp" "$data" || exit 2
fi
cat "$data" >/dev/null	# warm the page cache

# The three pipelines, each from the text on stdin to a word count on
# stdout.  Miller 6: each line is split into fields on runs of non-letters
# (--inidx with --ifs-regex), the counts go to a map in an out-of-stream
# variable, and the end block emits one record per word, then a second mlr
# sorts them.
cat >"$out/wordcount.mlr" <<'EOF'
for (k, v in $*) {
	if (v != "") {
		@count[tolower(v)] += 1
	}
}
end {
	emit @count, "key"
}
EOF
ours="'$bin/stokenize' -R --lower | '$bin/scount'"
classic="tr -cs 'A-Za-z' '\n' | tr 'A-Z' 'a-z' | sort | uniq -c | sort -rn"
miller="mlr --inidx --ifs-regex '[^A-Za-z]+' --ojsonl put -q -f '$out/wordcount.mlr' |
    mlr --ijsonl --ojsonl sort -nr count -f key"
# The classic pipeline as most people run it sorts in their locale; in C
# it is several times faster, and the comparison is with its best.
LC_ALL=C
export LC_ALL

now() {
	date +%s.%N
}

# measure NAME PIPELINE: runs the pipeline RUNS times; sets best (seconds)
# and rss (KiB) from the fastest run.
measure() {
	name=$1
	best=
	rss=-
	i=0
	while [ "$i" -lt "$runs" ]; do
		if [ -n "$gtime" ]; then
			"$gtime" -f '%e %M' -o "$out/time" sh -c "$2" \
			    <"$data" >"$out/$name" || return 1
			read -r s m <"$out/time"
		else
			t0=$(now)
			sh -c "$2" <"$data" >"$out/$name" || return 1
			s=$(echo "$t0 $(now)" | awk '{ printf "%.2f", $2 - $1 }')
			m=-
		fi
		if [ -z "$best" ] ||
		    awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$s
			rss=$m
		fi
		i=$((i + 1))
	done
}

failed=0
ours_best=

row() {
	awk -v tool="$1" -v s="$best" -v m="$rss" -v o="$ours_best" 'BEGIN {
		t = s > 0 ? s : 0.005	# GNU time has 10 ms resolution
		printf "%-32s %8.2f %8.1fx %8s\n", tool, s, t / (o > 0 ? o : 0.005),
		    m == "-" ? "-" : sprintf("%.1f", m / 1024)
	}'
}

echo "bench: $(wc -c <"$data" | tr -d ' ') bytes," \
    "$(wc -l <"$data" | tr -d ' ') lines of text, best of $runs runs"
echo
printf '%-32s %8s %9s %8s\n' tool seconds "vs ours" "peak MB"

measure ours "$ours" || failed=1
ours_best=$best
row "stokenize | scount" ours
measure classic "$classic" || failed=1
row "tr | sort | uniq -c | sort -rn" classic
measure miller "$miller" || failed=1
row "mlr put (map) | mlr sort" miller

# The same words with the same counts, as "count word" lines sorted.
awk '{ print $1, $2 }' "$out/classic" | sort >"$out/classic.cw"
# Miller writes JSON with a space after each colon and comma.
count_word='s/^{"key": *"\([^"]*\)", *"count": *\([0-9]*\)}$/\2 \1/'
sed "$count_word" "$out/ours" | sort >"$out/ours.cw"
sed "$count_word" "$out/miller" | sort >"$out/miller.cw"
for t in classic miller; do
	if ! cmp -s "$out/ours.cw" "$out/$t.cw"; then
		echo "bench: $t and ours count differently:" >&2
		diff "$out/ours.cw" "$out/$t.cw" | head -n 5 >&2
		failed=1
	fi
done
# Our output is sorted as the others: by count, ties by word.
if ! sed "$count_word" "$out/ours" | sort -k1,1nr -k2,2 -c 2>/dev/null; then
	echo "bench: ours is not sorted by count, then word" >&2
	failed=1
fi

echo
if [ "$failed" -ne 0 ]; then
	echo "bench: FAILED (outputs in $out)" >&2
	exit 1
fi
echo "bench: outputs agree: $(wc -l <"$out/ours.cw" | tr -d ' ') words," \
    "$(awk '{ n += $1 } END { print n }' "$out/ours.cw") tokens"
