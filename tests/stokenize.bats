#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# stokenize: one record per token of the text of each record.

bats_require_minimum_version 1.5.0
load test_helper

# tok ARGS...: runs stokenize with stdin from $in, stderr kept apart.
tok() {
	run --separate-stderr stokenize "$@" <<<"$in"
}

# --- the default pattern -------------------------------------------------

@test "words, numbers and inner apostrophes are tokens; edge apostrophes are not" {
	in="L'été, don't say 'quoted' 42 times: rock'n'roll dogs' ’tis l’été"
	tok -R
	assert_success
	assert_output - <<'EOF'
"L'été"
"don't"
"say"
"quoted"
"42"
"times"
"rock'n'roll"
"dogs"
"tis"
"l’été"
EOF
	assert_equal "$stderr" ""
}

@test "underscores, hyphens and punctuation split words" {
	in='snake_case well-known 3.14 1,000 a/b e-mail'
	tok -R
	assert_success
	assert_output - <<'EOF'
"snake"
"case"
"well"
"known"
"3"
"14"
"1"
"000"
"a"
"b"
"e"
"mail"
EOF
}

@test "letters of every script are tokens, runs of CJK letters are one token" {
	in='Ελλάδα Київ Москва 東京タワー 서울 القاهرة नमस्ते'
	tok -R
	assert_success
	assert_output - <<'EOF'
"Ελλάδα"
"Київ"
"Москва"
"東京タワー"
"서울"
"القاهرة"
"नमस्ते"
EOF
}

@test "emoji and other symbols are never tokens" {
	in='ok 👍🏽 ❤️ 🇫🇷 👨‍👩‍👧 © ™ → € done'
	tok -R
	assert_success
	assert_output - <<'EOF'
"ok"
"done"
EOF
}

@test "combining marks stay with the letter before them" {
	in=$'e\u0301te\u0301 x'
	tok -R
	assert_success
	assert_output - <<<$'"e\u0301te\u0301"\n"x"'
}

@test "a line with no tokens writes nothing" {
	in=$'... !!!\n\n?'
	tok -R
	assert_success
	assert_output ''
}

# --- --lower -----------------------------------------------------------------

@test "--lower lowercases Latin, Greek and Cyrillic letters" {
	in='ÉTÉ Straße ÀÇÕ ΕΛΛΆΔΑ КИЇВ МОСКВА İSTANBUL ǅ Ⱥ'
	tok -R --lower
	assert_success
	assert_output - <<'EOF'
"été"
"straße"
"àçõ"
"ελλάδα"
"київ"
"москва"
"istanbul"
"ǆ"
"ⱥ"
EOF
}

@test "--lower turns a capital sigma that ends a word into a final sigma" {
	in="ΟΔΟΣ ΣΟΦΙΑ ΟΔΟΣ' Σ ΑΣΣΑ"
	tok -R --lower
	assert_success
	assert_output - <<'EOF'
"οδος"
"σοφια"
"οδος"
"σ"
"ασσα"
EOF
}

@test "--lower keeps lowercase, digits and CJK as they are" {
	in="straße l'été 42 東京"
	tok -R --lower
	assert_success
	assert_output - <<'EOF'
"straße"
"l'été"
"42"
"東京"
EOF
}

@test "--lower applies after matching, so the pattern sees the original case" {
	in='Alpha beta GAMMA'
	tok -R --lower -p '\p{Lu}\w*'
	assert_success
	assert_output - <<'EOF'
"alpha"
"gamma"
EOF
}

# --- -p ----------------------------------------------------------------------

@test "-p finds every match of a PCRE2 pattern" {
	in='New #release of #stokenize, #v1_0'
	tok -R -p '#\w+'
	assert_success
	assert_output - <<'EOF'
"#release"
"#stokenize"
"#v1_0"
EOF
}

@test "-p tokens are JSON-escaped" {
	in='a"b c\d	e'
	tok -R -p '[^ ]+'
	assert_success
	assert_output - <<'EOF'
"a\"b"
"c\\d\te"
EOF
}

@test "-p with (?i) matches without regard to case" {
	in='Cat cat CAT dog'
	tok -R -p '(?i)cat'
	assert_success
	assert_output - <<'EOF'
"Cat"
"cat"
"CAT"
EOF
}

@test "empty matches are never tokens" {
	in='abc'
	tok -R -p 'x*'
	assert_success
	assert_output ''
}

@test "a bad -p is a usage error reported before any input is read" {
	exec 5< <(exec 3>&-; sleep 30)
	sleep_pid=$!
	SECONDS=0
	run --separate-stderr timeout 5 stokenize -p '(' <&5
	elapsed=$SECONDS
	kill "$sleep_pid"
	exec 5<&-
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "stokenize: -p: ( (at offset 1) is not a valid regex: missing closing parenthesis"
	((elapsed < 3))
}

@test "a record on which the pattern exceeds the match limit is rejected and writes nothing" {
	in=$'b aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\nb'
	tok -R -p 'b|(a+)+$'
	assert_failure 1
	assert_output '"b"'
	assert_equal "$stderr" "stokenize: <stdin>:1: regex match limit exceeded
stokenize: 1 of 2 lines rejected (1 regex match limit exceeded); first at <stdin>:1"
}

# --- records ----------------------------------------------------------------

@test "a JSON string record gives one string record per token" {
	in='"Hello, \"wide\" world\n42"'
	tok
	assert_success
	assert_output - <<'EOF'
"Hello"
"wide"
"world"
"42"
EOF
}

@test "an object record gives a copy per token without the source field" {
	in='{"id":1,"text":"Hello World","n":{"a":[1,2.5]}}'
	tok -f .text
	assert_success
	assert_output - <<'EOF'
{"id":1,"n":{"a":[1,2.5]},"token":"Hello"}
{"id":1,"n":{"a":[1,2.5]},"token":"World"}
EOF
}

@test "a field named like --as keeps its place and takes the token" {
	in='{"token":null,"id":1,"text":"a b"}'
	tok -f .text
	assert_success
	assert_output - <<'EOF'
{"token":"a","id":1}
{"token":"b","id":1}
EOF
}

@test "--as names the field of the token" {
	in='{"id":1,"text":"a b"}'
	tok -f .text --as word
	assert_success
	assert_output - <<'EOF'
{"id":1,"word":"a"}
{"id":1,"word":"b"}
EOF
}

@test "--as the source field puts the token last, as del then set does in jq" {
	in='{"text":"a b","id":1}'
	tok -f .text --as text
	assert_success
	assert_output - <<'EOF'
{"id":1,"text":"a"}
{"id":1,"text":"b"}
EOF
}

@test "--keep keeps the source field" {
	in='{"text":"a b","id":1}'
	tok -f .text --keep
	assert_success
	assert_output - <<'EOF'
{"text":"a b","id":1,"token":"a"}
{"text":"a b","id":1,"token":"b"}
EOF
}

@test "--keep with --as the source field replaces the text in place" {
	in='{"text":"a b","id":1}'
	tok -f .text --keep --as text
	assert_success
	assert_output - <<'EOF'
{"text":"a","id":1}
{"text":"b","id":1}
EOF
}

@test "--as and --keep do not change string records" {
	in='"a b"'
	tok --as word --keep
	assert_success
	assert_output - <<'EOF'
"a"
"b"
EOF
}

@test "-f on a nested field removes it and keeps its parent" {
	in='{"msg":{"body":"Ça va?","lang":"fr"},"id":2}'
	tok -f .msg.body --lower
	assert_success
	assert_output - <<'EOF'
{"msg":{"lang":"fr"},"id":2,"token":"ça"}
{"msg":{"lang":"fr"},"id":2,"token":"va"}
EOF
}

@test "-f on a nested field that is the only one leaves an empty parent" {
	in='{"a":{"b":{"c":"x"}},"a.b":1}'
	tok -f .a.b.c
	assert_success
	assert_output '{"a":{"b":{}},"a.b":1,"token":"x"}'
}

@test "-f with an expression that is not a plain path keeps the source" {
	in='{"text":"A b","id":1}'
	tok -f '.text | ascii_downcase'
	assert_success
	assert_output - <<'EOF'
{"text":"A b","id":1,"token":"a"}
{"text":"A b","id":1,"token":"b"}
EOF
}

@test "-f with several outputs tokenizes each in order" {
	in='{"title":"Big news","body":"all good","tags":["x y","z"]}'
	tok -f '.title, .body, .tags[]' --as w
	assert_success
	assert_output - <<'EOF'
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"Big"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"news"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"all"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"good"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"x"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"y"}
{"title":"Big news","body":"all good","tags":["x y","z"],"w":"z"}
EOF
}

@test "-f with no output writes nothing and rejects nothing" {
	in=$'{"id":1}\n{"id":2,"text":"hi"}'
	tok -f '.text // empty'
	assert_success
	assert_output '{"id":2,"text":"hi","token":"hi"}'
}

@test "-f on a record that is neither string nor object gives strings" {
	in='["one two",3]'
	tok -f '.[0]'
	assert_success
	assert_output - <<'EOF'
"one"
"two"
EOF
}

@test "-f on a string record with -R gives strings" {
	in='Hello World'
	tok -R -f 'ascii_downcase'
	assert_success
	assert_output - <<'EOF'
"hello"
"world"
EOF
}

# --- bad input ----------------------------------------------------------------

@test "a text that is not a string is rejected with file and line, the rest processed" {
	in=$'{"text":"a"}\n{"text":42}\n{"other":1}\n{"text":"b"}'
	tok -f .text
	assert_failure 1
	assert_output - <<'EOF'
{"token":"a"}
{"token":"b"}
EOF
	assert_equal "$stderr" 'stokenize: <stdin>:2: -f .text: number (42) is not a string
stokenize: <stdin>:3: -f .text: null (null) is not a string
stokenize: 2 of 4 lines rejected (1 -f .text: number is not a string; 1 -f .text: null is not a string); first at <stdin>:2'
}

@test "an object record without -f is rejected with a hint" {
	in=$'{"text":"a b"}\n"c"'
	tok
	assert_failure 1
	assert_output '"c"'
	assert_equal "$stderr" 'stokenize: <stdin>:1: -f .: object ({"text":"a b"}) is not a string (use -f to name the text field)
stokenize: 1 of 2 lines rejected (1 -f .: object is not a string); first at <stdin>:1'
}

@test "a record -f fails on is rejected with the jq error" {
	in=$'{"msg":5}\n{"msg":{"body":"ok"}}'
	tok -f .msg.body
	assert_failure 1
	assert_output '{"msg":{},"token":"ok"}'
	assert_equal "$stderr" 'stokenize: <stdin>:1: -f .msg.body: Cannot index number with string "body"
stokenize: 1 of 2 lines rejected (1 -f .msg.body: Cannot index number with string); first at <stdin>:1'
}

@test "a record with one non-string output of -f writes none of its tokens" {
	in=$'{"t":["a b",2]}\n{"t":["c"]}'
	tok -f '.t[]'
	assert_failure 1
	assert_output '{"t":["c"],"token":"c"}'
	assert_equal "$stderr" 'stokenize: <stdin>:1: -f .t[]: number (2) is not a string
stokenize: 1 of 2 lines rejected (1 -f .t[]: number is not a string); first at <stdin>:1'
}

@test "invalid JSON is rejected" {
	in=$'{"text":\n"ok"'
	tok
	assert_failure 1
	assert_output '"ok"'
	assert_regex "$stderr" '^stokenize: <stdin>:1: invalid JSON'
}

@test "--dead-letter gets every rejected line verbatim" {
	in=$'{"text":"a"}\n{"text": 42 }\n{"text":"b"}\nnot json'
	tok -f .text --dead-letter "$BATS_TEST_TMPDIR/dead"
	assert_failure 1
	assert_output - <<'EOF'
{"token":"a"}
{"token":"b"}
EOF
	assert_file_equal "$BATS_TEST_TMPDIR/dead" $'{"text": 42 }\nnot json\n'
}

@test "--strict stops at the first rejected line with status 2" {
	in=$'{"text":"a"}\n{"text":1}\n{"text":"b"}'
	tok -f .text --strict
	assert_failure 2
	assert_output '{"token":"a"}'
	assert_regex "$stderr" '<stdin>:2: -f .text: number \(1\) is not a string'
}

@test "--max-line rejects longer lines" {
	in=$'short\nthis line is long\nok'
	tok -R --max-line 10
	assert_failure 1
	assert_output - <<'EOF'
"short"
"ok"
EOF
	assert_equal "$stderr" 'stokenize: <stdin>:2: line longer than 10 bytes (--max-line)
stokenize: 1 of 3 lines rejected (1 line longer than 10 bytes); first at <stdin>:2'
}

# --- -R and files ---------------------------------------------------------------

@test "-R drops a trailing CR from each line" {
	in=$'ab cd\r\nef\r'
	tok -R -p '.+'
	assert_success
	assert_output - <<'EOF'
"ab cd"
"ef"
EOF
}

@test "-R replaces invalid UTF-8 and splits words there" {
	in=$'ab\xffcd \xc3'
	tok -R -p '\S+'
	assert_success
	assert_output - <<<$'"ab\uFFFDcd"\n"\uFFFD"'
	tok -R
	assert_output - <<'EOF'
"ab"
"cd"
EOF
}

@test "-R keeps an empty line as a record with no tokens" {
	in=$'a\n\nb'
	tok -R
	assert_success
	assert_output - <<'EOF'
"a"
"b"
EOF
}

@test "files are read in order, - is standard input, errors name the file" {
	printf '"one two"\n' >"$BATS_TEST_TMPDIR/a.ndjson"
	printf '"three"\n7\n' >"$BATS_TEST_TMPDIR/b.ndjson"
	cd "$BATS_TEST_TMPDIR"
	in='"stdin"'
	tok a.ndjson - b.ndjson
	assert_failure 1
	assert_output - <<'EOF'
"one"
"two"
"stdin"
"three"
EOF
	assert_equal "$stderr" 'stokenize: b.ndjson:2: -f .: number (7) is not a string
stokenize: 1 of 4 lines rejected (1 -f .: number is not a string); first at b.ndjson:2'
}

@test "a missing file is an error with status 2, the others are read" {
	cd "$BATS_TEST_TMPDIR"
	printf 'x\n' >ok.txt
	run --separate-stderr stokenize -R missing.txt ok.txt
	assert_failure 2
	assert_output '"x"'
	assert_regex "$stderr" 'missing.txt'
}

@test "large input comes out whole and in order" {
	run_sh 'seq 1 200000 | sed "s/.*/w& x&/" | stokenize -R | tail -n 2; seq 1 200000 | stokenize -R | wc -l'
	assert_success
	assert_output - <<'EOF'
"w200000"
"x200000"
200000
EOF
}

# --- usage ----------------------------------------------------------------------------

@test "-h prints usage with examples on stdout" {
	run --separate-stderr stokenize -h
	assert_success
	assert_line --index 0 --partial 'usage: stokenize'
	assert_output --partial 'stokenize -R --lower'
}

@test "--version prints the version" {
	run stokenize --version
	assert_success
	assert_output --regexp '^stokenize \(stream tools\) [0-9]'
}

@test "an unknown option is a usage error" {
	run --separate-stderr stokenize --nope
	assert_failure 2
	assert_output ''
	assert_regex "$stderr" 'usage: stokenize'
}

@test "a bad -f expression is a usage error" {
	run --separate-stderr stokenize -f '.[' </dev/null
	assert_failure 2
	assert_regex "$stderr" '^stokenize: '
}

@test "a closed stdout ends the tool quietly" {
	run_sh 'yes "a b c d" | head -n 100000 | stokenize -R | head -n 1'
	assert_success
	assert_output '"a"'
	assert_equal "$stderr" ''
}

# --- the examples of stokenize(1) ----------------------------------------------------

@test "man page: word count with scount" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' 'To be, or not to be: that is the question:' \
	    "Whether 'tis nobler in the mind to suffer" >hamlet.txt
	run_sh 'stokenize -R --lower < hamlet.txt | scount'
	assert_success
	assert_output - <<'EOF'
{"key":"to","count":3}
{"key":"be","count":2}
{"key":"the","count":2}
{"key":"in","count":1}
{"key":"is","count":1}
{"key":"mind","count":1}
{"key":"nobler","count":1}
{"key":"not","count":1}
{"key":"or","count":1}
{"key":"question","count":1}
{"key":"suffer","count":1}
{"key":"that","count":1}
{"key":"tis","count":1}
{"key":"whether","count":1}
EOF
}

@test "man page: one record per word of a message" {
	run_sh "echo '{\"id\":7,\"text\":\"Ready, steady, go!\"}' | stokenize -f .text"
	assert_success
	assert_output - <<'EOF'
{"id":7,"token":"Ready"}
{"id":7,"token":"steady"}
{"id":7,"token":"go"}
EOF
}

@test "man page: keeping the text, words lowercased in a field" {
	run_sh "echo '{\"id\":7,\"text\":\"Ready, steady, go!\"}' |
	    stokenize -f .text --keep --as word --lower"
	assert_success
	assert_output - <<'EOF'
{"id":7,"text":"Ready, steady, go!","word":"ready"}
{"id":7,"text":"Ready, steady, go!","word":"steady"}
{"id":7,"text":"Ready, steady, go!","word":"go"}
EOF
}

@test "man page: apostrophes inside and around words" {
	run_sh "echo \"L'ÉTÉ, c'est 'super'\" | stokenize -R --lower"
	assert_success
	assert_output - <<'EOF'
"l'été"
"c'est"
"super"
EOF
}

@test "man page: hashtags" {
	run_sh "printf '%s\n' 'New #release of #stokenize' | stokenize -R -p '#\w+'"
	assert_success
	assert_output - <<'EOF'
"#release"
"#stokenize"
EOF
}

@test "man page: tokens of a nested field" {
	run_sh "echo '{\"msg\":{\"body\":\"Ça va?\",\"lang\":\"fr\"}}' |
	    stokenize -f .msg.body --lower"
	assert_success
	assert_output - <<'EOF'
{"msg":{"lang":"fr"},"token":"ça"}
{"msg":{"lang":"fr"},"token":"va"}
EOF
}
