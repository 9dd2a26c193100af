#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# The word count pipeline, stokenize | scount, against an independent
# count in Python on the bundled text.

bats_require_minimum_version 1.5.0
load test_helper

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
HAMLET="$REPO/examples/data/hamlet.txt"
UNICODE="$FIXTURES/wordcount/unicode.txt"

# A token is a run of anything but white space, digits and ! , . ? " : ;
PATTERN='[^\s!,.?":;0-9]+'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# python_count FILE: the table of PATTERN's tokens in FILE, lowercased,
# sorted by key, as scount --sort key writes it.
python_count() {
	python3 - "$1" "$PATTERN" <<'EOF'
import collections, json, re, sys

counts = collections.Counter()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        counts.update(re.findall(sys.argv[2], line.lower()))
for k in sorted(counts):
    print(json.dumps({"key": k, "count": counts[k]}, ensure_ascii=False,
                     separators=(",", ":")))
EOF
}

@test "the bundled text is the soliloquy, with its apostrophes" {
	run head -n 1 "$HAMLET"
	assert_output 'To be, or not to be, that is the question:'
	run grep -c "'" "$HAMLET"
	[ "$output" -ge 10 ]
	run wc -l <"$HAMLET"
	assert_output 35
}

@test "a word count with a given pattern equals Python's, row for row" {
	python_count "$HAMLET" >expected
	[ "$(wc -l <expected)" -ge 150 ]
	run_sh "stokenize -R --lower -p '$PATTERN' <'$HAMLET' | scount --sort key"
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(cat expected)"
}

@test "a word count of accented, Greek and Cyrillic text equals Python's" {
	python_count "$UNICODE" >expected
	run_sh "stokenize -R --lower -p '$PATTERN' <'$UNICODE' | scount --sort key"
	assert_success
	assert_output "$(cat expected)"
	# Unicode lowercasing merged the capitals; the sort is by code point,
	# so the dash (U+2014) comes after the Cyrillic.
	assert_line '{"key":"école","count":2}'
	assert_line '{"key":"москва","count":3}'
	assert_equal "${lines[-2]}" '{"key":"москва","count":3}'
	assert_equal "${lines[-1]}" '{"key":"—","count":1}'
}

@test "the default pattern gives the five most frequent words" {
	run_sh "stokenize -R --lower <'$HAMLET' | scount --top 5"
	assert_success
	# "of" and "to" tie at 15: the tie goes by key.
	assert_output '{"key":"the","count":20}
{"key":"of","count":15}
{"key":"to","count":15}
{"key":"and","count":12}
{"key":"that","count":7}'
}

@test "the default pattern keeps inner apostrophes and drops outer ones" {
	run_sh "stokenize -R --lower <'$HAMLET' | scount --sort key | grep \"'\""
	assert_success
	assert_output "{\"key\":\"dispriz'd\",\"count\":1}
{\"key\":\"law's\",\"count\":1}
{\"key\":\"man's\",\"count\":1}
{\"key\":\"o'er\",\"count\":1}
{\"key\":\"remember'd\",\"count\":1}
{\"key\":\"th'oppressor's\",\"count\":1}
{\"key\":\"th'unworthy\",\"count\":1}
{\"key\":\"there's\",\"count\":2}
{\"key\":\"undiscover'd\",\"count\":1}
{\"key\":\"wish'd\",\"count\":1}"
	# "'tis" counts as "tis"; "heart-ache" and "die—to" are two words.
	run_sh "stokenize -R --lower <'$HAMLET' | scount -k 'select(. == \"tis\" or . == \"heart\" or . == \"ache\" or . == \"die\") // \"other\"' --sort key"
	assert_output --partial '{"key":"ache","count":1}
{"key":"die","count":2}
{"key":"heart","count":1}'
	assert_output --partial '{"key":"tis","count":2}'
}

@test "the counts of the default pattern add up to the number of words" {
	run_sh "stokenize -R --lower <'$HAMLET' | wc -l"
	assert_output 275
	run_sh "stokenize -R --lower <'$HAMLET' | scount --sort none | wc -l"
	assert_output 167
	run_sh "stokenize -R --lower <'$HAMLET' | scount | sed 's/.*\"count\":\([0-9]*\)}/\1/' | paste -sd+ | bc"
	assert_output 275
}

@test "examples/wordcount.sh prints the ten most frequent words" {
	run --separate-stderr sh "$REPO/examples/wordcount.sh"
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"the","count":20}
{"key":"of","count":15}
{"key":"to","count":15}
{"key":"and","count":12}
{"key":"that","count":7}
{"key":"a","count":5}
{"key":"sleep","count":5}
{"key":"be","count":4}
{"key":"we","count":4}
{"key":"bear","count":3}'
}

@test "a word count takes its text from a live pipe" {
	mkfifo text
	stokenize -R --lower <text 3>&- | scount --running --every 50ms >out 3>&- &
	pid=$!
	exec {w}<>text
	printf 'To be, or not to be\n' >&"$w"
	# Running rows show the words as they arrive, before end of input.
	for ((i = 0; i < 60; i++)); do
		grep -qxF '{"key":"to","count":2}' out && break
		sleep 0.05
	done
	run grep -xF '{"key":"to","count":2}' out
	assert_success
	exec {w}>&-
	wait "$pid"
	run tail -n 4 out
	assert_line --index 0 --regexp '^\{"key":"be","count":2,"at":"[^"]+"\}$'
	assert_line --index 1 --regexp '^\{"key":"to","count":2,"at":"[^"]+"\}$'
	assert_line --index 2 --regexp '^\{"key":"not","count":1,"at":"[^"]+"\}$'
	assert_line --index 3 --regexp '^\{"key":"or","count":1,"at":"[^"]+"\}$'
}
