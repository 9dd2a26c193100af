#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Differential tests: smap against the real jq (1.6) on the case table in
# fixtures/expr/cases.txt.  Deliberate differences from jq are tested in
# expr_differences.bats instead.

load test_helper

setup() {
	command -v "$JQ" >/dev/null || skip "jq is not installed"
	export STREAM_TOOLS_TEST_VAR='value with spaces and ☃'
	export HOME=/home/stream-tools-test
}

@test "paths, slices and iteration give the same output as jq" {
	expr_diff paths
}

@test "literals and string interpolation give the same output as jq" {
	expr_diff literals
}

@test "array and object construction gives the same output as jq" {
	expr_diff construction
}

@test "arithmetic on every type gives the same output as jq" {
	expr_diff arithmetic
}

@test "comparisons and sorting follow jq's order of types" {
	expr_diff comparison
}

@test "and, or, not and // give the same output as jq" {
	expr_diff logic
}

@test "if, as, reduce, foreach and generators give the same output as jq" {
	expr_diff control
}

@test "assignment operators and del give the same output as jq" {
	expr_diff assignment
}

@test "core builtins give the same output as jq" {
	expr_diff core
}

@test "string builtins give the same output as jq" {
	expr_diff strings
}

@test "regular expressions give the same output as jq" {
	expr_diff regex
}

@test "@formats give the same output as jq" {
	expr_diff formats
}

@test "try, catch and ? give the same output as jq" {
	expr_diff try
}

@test "time builtins give the same output as jq" {
	expr_diff time
}

@test "user-defined functions give the same output as jq" {
	expr_diff definitions
}

@test "\$ENV and env give the same output as jq" {
	expr_diff env
}

@test "numbers are computed and written like jq" {
	expr_diff numbers
}

@test "the jq 1.6 constructs ?//, {\$a: pattern}, interpolated keys, def after a comma, IN, INDEX, JOIN, bsearch and del of several indices give the same output as jq" {
	expr_diff jq16
}

@test "a literal non-string object key and a literal division by zero are compile-time errors, as in jq" {
	run_sh "echo 1 | smap '{(0):1}'"
	assert_failure 2
	assert_equal "$stderr" 'smap: Cannot use number (0) as object key
    {(0):1}
      ^'
	run_sh "echo 1 | smap '[1/0]'"
	assert_failure 2
	assert_equal "$stderr" 'smap: Division by zero?
    [1/0]
      ^'
}

@test "a literal 0/0 is NaN (written null), folded when compiled as jq 1.6 does, on the lazy path too" {
	local e
	for e in '0/0' '[0/0, (0/0 | isnan), (0/0 | tostring)]' '.a = 0/0' \
	    '.a += 0/0' '.a - 0/0' '{a: (0/0)}' 'select(.a != 0/0)' \
	    '1 as $x | 0/0'; do
		jq_same "$e" '{"a":1}'
		STREAM_TOOLS_FULL_DECODE=1 jq_same "$e" '{"a":1}'
	done
	run_sh "echo '{\"a\":1}' | sfilter '.a > 0/0'"
	assert_success
	assert_output '{"a":1}'
	# a division by zero that is not a literal one still fails per record
	run_sh "echo '{\"a\":0}' | smap '.a / 0'"
	assert_failure 1
	assert_equal "${stderr%%$'\n'*}" 'smap: <stdin>:1: number (0) and number (0) cannot be divided because the divisor is zero'
}

@test "several outputs of the arguments combine as in jq: the last argument of a C function varies slowest, sub and gsub give one result per combination of their replacements" {
	expr_diff combinations
	run_sh "echo '\"xyabc\"' | smap 'gsub(\"a\"; 1)'; echo '\"abc\"' | smap 'gsub(\"b\"; \"-\"; 1)'"
	assert_equal "$(grep -v rejected <<<"$stderr")" 'smap: <stdin>:1: string ("xy") and number (1) cannot be added
smap: <stdin>:1: number (1) and string ("g") cannot be added'
}

# calls_diff CALL...: runs each call on every input of call-inputs.ndjson
# in one program, through smap and jq, with errors caught; the lines that
# differ are the failure, each [N, outputs] for the Nth call.
calls_diff() {
	local prog="" f i=0
	for f in "$@"; do
		i=$((i + 1))
		prog+="${prog:+, }[$i, [try ($f) catch (\"ERR: \" + tostring)]]"
	done
	smap -c "$prog" "$FIXTURES/expr/call-inputs.ndjson" >ours 2>&1
	"$JQ" -c "$prog" "$FIXTURES/expr/call-inputs.ndjson" >theirs 2>&1
	if ! diff theirs ours >delta; then
		head -n 40 delta |
		    batslib_decorate 'smap (>) differs from jq (<)' | fail
	fi
}

@test "every builtin of arity 0 that jq 1.6 lists gives jq's outputs and error messages on every kind of input" {
	cd "$BATS_TEST_TMPDIR"
	# left out: input, time and environment; the math functions
	# (tests/math.bats); pow10, missing from this jq's build; jq's
	# crashes on implode; and the documented differences: todate of
	# a fraction before 1970, tonumber and fromjson's parser messages,
	# from_entries' message after // (see DIFFERENCES FROM JQ)
	run "$JQ" -nr 'builtins[] | select(endswith("/0")) | rtrimstr("/0")'
	local -a names=()
	local f
	for f in $output; do
		case "$f" in
		input | inputs | halt | halt_error | now | env | \
		    input_filename | input_line_number | get_search_list | \
		    get_jq_origin | get_prog_origin | modulemeta | debug | \
		    stderr | builtins | localtime | mktime | gmtime | repeat | \
		    recurse | infinite | nan | pow10 | implode | todate | \
		    todateiso8601 | tonumber | fromjson | from_entries | \
		    with_entries) ;;
		*) names+=("$f") ;;
		esac
	done
	[ "${#names[@]}" -gt 80 ]
	calls_diff "${names[@]}"
}

@test "builtins with arguments and the operators give jq's outputs and error messages on every kind of input" {
	cd "$BATS_TEST_TMPDIR"
	local -a calls=()
	local line
	while IFS= read -r line; do
		case "$line" in '#'* | '') continue ;; esac
		calls+=("$line")
	done <"$FIXTURES/expr/calls.txt"
	calls_diff "${calls[@]}"
}

@test "repeat(f) gives f of the same input again and again, as jq 1.6 defines it" {
	expr_diff repeat
}

@test "the regex flags mean what they mean to jq 1.6: s changes nothing, p makes . match a newline" {
	expr_diff "regex flags"
}

@test "object patterns bind once per output of a key, and keys see the variables around the pattern, as in jq" {
	expr_diff patterns
}

@test "reduce keeps the path of its state, and variables, foreach and last name their values in a path error, as jq" {
	expr_diff "paths of folds and variables"
}

@test "a format applies to every interpolation of its string, literal strings too, as jq does" {
	expr_diff "formatted strings"
}

@test "runtime errors have the same messages as jq's" {
	error_diff "$FIXTURES/expr/errors.txt"
}

@test "each record of a stream is evaluated on its own, as jq does" {
	jq_same '{n: (.a + 1), t: (.a | type)}' $'{"a":1}\n{"a":2.5}\n{"a":-3}'
	jq_same '[.[] | select(. > 1)] | length' $'[1,2,3]\n[]\n[5,0]'
	jq_same 'reduce .[] as $x (0; . + $x)' $'[1,2]\n[3]'
}

@test "the case table has at least 170 cases" {
	run grep -c $'\t' "$FIXTURES/expr/cases.txt"
	assert_success
	[ "$output" -ge 170 ]
}

@test "a numeric literal beyond the largest double is the largest double, as in jq" {
	jq_same '1e400 > 0, 1e400, -1e400, [1e400 < 0], (1e999 | tostring)' 'null'
	run_sh "printf '%s\n' '{\"t\":1}' '{\"t\":1e400}' | sfilter '.t < 1e400'"
	assert_success
	assert_output '{"t":1}'
}

@test "invalid UTF-8 in the program text becomes U+FFFD, as jq reads it" {
	jq_same $'"a\xc3", {"\xff": 1}, ("\xe2\x82" | length)' 'null'
	run_sh "echo null | smap \$'\"\\xff\"'"
	assert_output $'"\xef\xbf\xbd"'
}

@test "the length and negation of the smallest 64-bit integer are doubles, as in jq" {
	jq_same 'length, -., fabs, . - 1, . * -1, . + -1' '-9223372036854775808'
}

@test "object keys holding NUL are kept whole, as jq keeps them" {
	local in='{"a\u0000b":1,"a":2}'
	jq_same 'keys, keys_unsorted, to_entries, (to_entries | from_entries)' "$in"
	jq_same 'has("a\u0000b"), has("a"), .["a\u0000b"], del(.a), del(.["a\u0000b"])' "$in"
	jq_same '., with_entries(.), ({"x\u0000":1} * .), (. + {"a\u0000b":5})' "$in"
	jq_same '[paths], [tostream], ([., {"a\u0000":0}] | sort), (. == {"a":2,"a\u0000b":1})' "$in"
	jq_same '(.["a\u0000b"] |= . + 1), map_values(. * 10), [.[]], walk(.)' "$in"
	jq_same '(. as {"a\u0000b": $x} | $x), contains({"a\u0000b":1}), contains({"a\u0000":1})' "$in"
	jq_same 'tojson, (tojson | fromjson), ([.] | unique), {"k\u0000": 1}' "$in"
}

@test "limit with a fractional, negative or NaN count behaves as in jq" {
	jq_same '[limit(1.5; 1,2,3)], [limit(-1; 1,2)], [limit(nan; 1,2)]' 'null'
}

# Nesting: the parser recurses once per nested construct, on the main
# thread's stack, so nesting has a limit with a clear syntax error.
# The programs are long, so they go through a file, not the test log.

# nested PRE POST N: PRE N times, 1, POST N times, into the file prog.
nested() {
	# python: a bash loop appending to a string takes quadratic time
	python3 -c 'import sys; n = int(sys.argv[3])
sys.stdout.write(sys.argv[1] * n + "1" + sys.argv[2] * n)' "$1" "$2" "$3" >prog
}

# smap_prog [ULIMIT_S]: runs smap on the program in prog, input null,
# under ulimit -s ULIMIT_S (KiB) when given.
smap_prog() {
	run_sh "${1:+ulimit -s $1; }echo null | smap -- \"\$(cat prog)\""
}

@test "40,000 nested parentheses are a syntax error, not a stack overflow, even under ulimit -s 1024" {
	cd "$BATS_TEST_TMPDIR"
	nested '(' ')' 40000
	smap_prog 1024
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" 'smap: syntax error: expression nested too deeply (limit 256)'
}

@test "every kind of nesting stops at the limit with a syntax error, whatever the stack size" {
	local pair pre post st
	cd "$BATS_TEST_TMPDIR"
	for pair in '(@)' '[@]' '{a:@}' '"\(@)"' 'try @' 'select(@)' '-@' \
	    'reduce @ as $x (0; 1)' 'foreach @ as $x (0; 1)' 'if @ then 1 end' \
	    '.[@]' '. as $x | @' 'def f: @; f' 'label $f | @' 'first(@)' \
	    '.a."\(@)"' '{(@): 1}' '1 or 2 and 3 == 4 + 5 * (@)' '[{a: "\(-(@))"}]'; do
		pre="${pair%%@*}"
		post="${pair#*@}"
		nested "$pre" "$post" 600
		for st in 8192 1024 256 64; do
			# argv may take only a quarter of the stack
			[ "$(wc -c <prog)" -lt $((st * 200)) ] || continue
			smap_prog $st
			[ "$status" -eq 2 ] ||
			    fail "status $status for '$pre…$post' under ulimit -s $st"
			case "$stderr" in
			'smap: syntax error: expression nested too deeply'*) ;;
			*) fail "'$pre…$post' under ulimit -s $st: ${stderr:0:200}" ;;
			esac
		done
	done
}

@test "under the usual stacks nesting up to 256 works, and one level more is the error" {
	cd "$BATS_TEST_TMPDIR"
	nested '[' ']' 255
	# 1 MiB: ASan's frames are too large for 256 levels in less
	smap_prog 1024
	assert_success
	assert_output "$(cat prog)"
	nested '(' ')' 256
	smap_prog
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" 'smap: syntax error: expression nested too deeply (limit 256)'
}

@test "nested destructuring patterns and elif chains count toward the same limit" {
	local pat="" elifs="" i
	cd "$BATS_TEST_TMPDIR"
	for ((i = 0; i < 300; i++)); do pat="[$pat"; done
	pat+='$a'
	for ((i = 0; i < 300; i++)); do pat+="]"; done
	printf '. as %s | $a' "$pat" >prog
	smap_prog 256
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" 'smap: syntax error: expression nested too deeply (limit 256)'
	for ((i = 0; i < 300; i++)); do elifs+=" elif . == $i then $i"; done
	printf 'if false then 0%s else 1 end' "$elifs" >prog
	smap_prog 256
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" 'smap: syntax error: expression nested too deeply (limit 256)'
}

@test "long chains of pipes, commas, operators and definitions are not nesting" {
	cd "$BATS_TEST_TMPDIR"
	python3 -c 'import sys; n = 4000
sys.stdout.write("".join("def f%d: %d; " % (i, i) for i in range(n)) +
    ".|" * n + "[f3999 + 1, 0" + "+1" * n + ", null" + "//null" * n +
    "//2" + ",1" * n + "] | .[0:3] + [length]")' >prog
	smap_prog 256
	assert_success
	assert_output '[4000,4000,2,4003]'
}

# Syntax errors that teach (issue 11, item 3).

@test "a syntax error in a multi-line program names the line and column and shows that line with the caret" {
	run_sh "printf '%s\n' '.a' '| .b' '| ]' >\"\$BATS_TEST_TMPDIR/p\"; echo 1 | smap \"\$(cat \"\$BATS_TEST_TMPDIR/p\")\""
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected ] at line 3, column 3
    | ]
      ^'
}

@test "the caret under a tab-indented line keeps the tab" {
	run_sh "echo 1 | smap \"\$(printf 'def f:\n\t.a +;\nf')\""
	assert_failure 2
	assert_equal "$stderr" "smap: syntax error: unexpected ; at line 2, column 6
    $(printf '\t').a +;
    $(printf '\t')    ^"
}

@test "&& gets the hint that jq says and" {
	run_sh "echo 1 | smap '.a && .b'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected character
    .a && .b
       ^
    hint: jq says `and`, not `&&`: .a and .b'
}

@test "|| gets the hint that jq says or" {
	run_sh "echo 1 | smap '.a || .b'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected |
    .a || .b
        ^
    hint: jq says `or`, not `||`: .a or .b'
}

@test "a prefix ! gets the hint that jq says not" {
	run_sh "echo 1 | smap 'select(!.a)'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected character
    select(!.a)
           ^
    hint: jq says `not`, after the value: .a | not'
}

@test "a second = where a comparison was meant gets the hint that jq compares with ==" {
	run_sh "echo 1 | smap 'select(.a = \"x\" or .b = \"y\")'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected =
    select(.a = "x" or .b = "y")
                          ^
    hint: `=` assigns; to compare, jq says `==`'
}

@test "a function name right after a complete expression gets the hint of a missing pipe" {
	run_sh "echo 1 | smap 'map(.x) length'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected length
    map(.x) length
            ^
    hint: is a `|` missing before it?'
}

@test "a keyword that may follow an expression gets no pipe hint" {
	run_sh "echo 1 | smap 'if . then 1 end end'"
	assert_failure 2
	assert_equal "$stderr" 'smap: syntax error: unexpected end
    if . then 1 end end
                    ^'
}

# The builtins jq 1.7 and 1.8 added, which change no jq 1.6 result; jq
# 1.6 lacks them, so the expected outputs are jq's manual and tests.

@test "abs gives the absolute value of a number and leaves a string as it is, as in jq 1.8" {
	run_sh "echo '[-10, -1.1, 0, 5, \"abc\"]' | smap -c 'map(abs)'"
	assert_success
	assert_output '[10,1.1,0,5,"abc"]'
}

@test "toboolean reads true and false strings and passes booleans, as in jq 1.8" {
	run_sh "echo '[\"true\",\"false\",true,false]' | smap -c 'map(toboolean), (try (\"x\" | toboolean) catch .)'"
	assert_success
	assert_output $'[true,false,true,false]\n"string (\\"x\\") cannot be parsed as a boolean"'
}

@test "trim, ltrim and rtrim remove white space at the ends of a string, as in jq 1.7.1" {
	run_sh "echo '\"  a b \\n\"' | smap -c '[trim, ltrim, rtrim], (try (1 | trim) catch .)'"
	assert_success
	assert_output $'["a b","a b \\n","  a b"]\n"trim input must be a string"'
}

@test "trimstr removes a prefix and a suffix, as in jq 1.8" {
	run_sh "echo '[\"abcab\", \"xab\", \"ab\"]' | smap -c 'map(trimstr(\"ab\"))'"
	assert_success
	assert_output '["c","x",""]'
}

@test "have_decnum is false: numbers are 64-bit integers or doubles, not decimals" {
	run_sh "echo null | smap 'have_decnum, have_literal_numbers'"
	assert_success
	assert_output $'false\ntrue'
}

@test "add/1 adds the outputs of its argument and skip/2 drops the first n, as in jq 1.8" {
	run_sh "echo '[{\"a\":1},{\"a\":2}]' | smap -c 'add(.[].a), add(empty), [skip(1; .[].a)], [skip(0; 1, 2)], (try skip(-1; 1) catch .)'"
	assert_success
	assert_output $'3\nnull\n[2]\n[1,2]\n"skip doesn\'t support negative count"'
}

@test "pick keeps the given paths and nothing else, as in jq 1.7" {
	run_sh "echo '{\"a\":1,\"b\":{\"c\":2,\"d\":3}}' | smap -c 'pick(.b.c), pick(.a, .x), ([1,2,3] | pick(.[1]))'"
	assert_success
	assert_output $'{"b":{"c":2}}\n{"a":1,"x":null}\n[null,2]'
}

@test "@base32 encodes as RFC 4648 and @base32d decodes, as in jq 1.7" {
	run_sh "printf '%s\n' '\"\"' '\"a\"' '\"hello\"' | smap -c '[@base32, (@base32 | @base32d)]'"
	assert_success
	assert_output $'["",""]\n["ME======","a"]\n["NBSWY3DP","hello"]'
}

@test "localtime and strflocaltime use the zone of TZ, as jq does; the other time functions stay in UTC" {
	local tz e
	for tz in UTC America/New_York Asia/Kolkata Europe/Paris; do
		for e in 'localtime' 'localtime | mktime' 'gmtime | todate' \
		    'strflocaltime("%Y-%m-%dT%H:%M:%S %Z")' \
		    'localtime | strflocaltime("%H:%M %Z %s")' \
		    'localtime | strftime("%H")' '. + 0.5 | localtime'; do
			TZ=$tz jq_same "$e" 1700000000
		done
	done
	# strftime's %Z is UTC (jq 1.6 writes the local zone's name)
	run_sh "echo 1700000000 | TZ=America/New_York smap 'strftime(\"%H %Z\")'"
	assert_output '"22 UTC"'
	# a broken down time in summer: jq 1.6 says EST, the zone of winter
	run_sh "echo '[2024,6,1,12,0,0,0,0]' | TZ=America/New_York smap 'strflocaltime(\"%H %Z\")'"
	assert_success
	assert_output '"12 EDT"'
	run_sh "echo '\"a\"' | smap -q 'localtime'; echo '\"x\"' | smap 'strflocaltime(\"%H\")'"
	assert_equal "${stderr%%$'\n'*}" 'smap: 1 of 1 line rejected (1 localtime() requires numeric inputs); first at <stdin>:1'
	assert_equal "$(sed -n 2p <<<"$stderr")" 'smap: <stdin>:1: strflocaltime/1 requires parsed datetime inputs'
}

@test "format, fromstream, truncate_stream and scalars_or_empty give jq 1.6's results" {
	local e
	for e in '[1,[2]] | format("json"), format("text"), (format("csv")?)' \
	    '[1,"a"] | format("csv"), format("tsv"), format("sh")' \
	    '"<&>" | format("html"), format("uri"), format("base64")' \
	    '[1 | truncate_stream([[0],1],[[1,0],2],[[1,0]],[[1]])]' \
	    'fromstream(1 | truncate_stream([[0],1],[[1,0],2],[[1,0]],[[1]]))' \
	    '[{"a":[1,{"b":2}]} | tostream] | fromstream(.[])' \
	    '[fromstream(([[0],1],[[1],2],[[1]]), ([[0],3],[[0]]))]' \
	    '[.[] | tostream] | [fromstream(.[])]' \
	    'map(scalars_or_empty)'; do
		jq_same "$e" '[[],{},1,"a",null,[1],{"k":[true]}]'
	done
	run_sh "echo 1 | smap 'format(\"foo\")'; echo 1 | smap 'format(1)'"
	assert_equal "$(grep -v rejected <<<"$stderr")" 'smap: <stdin>:1: foo is not a valid format
smap: <stdin>:1: number (1) is not a valid format'
}

@test "halt ends the tool after the outputs so far, with the usual status; halt_error writes its input to stderr and exits with its status, as jq" {
	run_sh "printf '1\n2\n3\n' | smap 'if . == 2 then halt else . end'"
	assert_success
	assert_output '1'
	# halt cannot be caught, and nothing is written after it
	run_sh "smap -n 'first(halt, 1), 2'"
	assert_success
	assert_output ''
	run_sh "printf '1\n2\n' | sfilter '. == 1 or halt'"
	assert_success
	assert_output '1'
	# a string as it is, null not at all, the rest as JSON and a newline
	run_sh "smap -n '\"bye\\n\" | halt_error'"
	assert_failure 5
	assert_equal "$stderr" 'bye'
	run_sh "smap -n 'try halt_error catch 0'"
	assert_failure 5
	assert_equal "$stderr" ''
	run_sh "smap -n '{a: 1} | halt_error(1.5)'"
	assert_failure 1
	assert_equal "$stderr" '{"a":1}'
	run_sh "smap -n '1 | halt_error(-1)'"
	assert_failure 255
	# the status given wins over rejected lines before it
	run_sh "printf '1\nx\n3\n' | smap -q 'if . == 3 then (\"\" | halt_error(0)) else . end'"
	assert_success
	assert_output '1'
	run_sh "smap -n 'halt_error(\"a\")'"
	assert_failure 2
	assert_equal "$stderr" 'smap: string ("a") halt_error/1: number required'
	# the tools that read no records in an expression do not halt
	run_sh "echo '{}' | skey -q 'halt'"
	assert_failure 1
	assert_equal "$stderr" 'skey: 1 of 1 line rejected (1 halt: halt and halt_error stop only smap and sfilter); first at <stdin>:1'
}

@test "builtins lists every builtin as name/arity, user definitions and _ helpers not among them, as jq does" {
	run_sh "echo null | smap -c 'def mine: 1; builtins | [length > 150, (map(test(\"^[a-zA-Z][a-zA-Z0-9_]*/[0-9]+\$\")) | all), (index(\"map/1\") != null), (index(\"builtins/0\") != null), (index(\"mine/0\") == null), (map(startswith(\"_\")) | any), (length == (unique | length))]'"
	assert_success
	assert_output '[true,true,true,true,true,false,true]'
}
