#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# make install and make uninstall: the files they put and take away, the
# stripped tools, and the bash and zsh completions they install.

load test_helper

ROOT="${BATS_TEST_DIRNAME%/}/.."
TOOLS="scount sfilter sjoin skey smap stokenize swindow"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	STAGE="$BATS_TEST_TMPDIR/stage"
}

# make_install ARG...: make -s install (or another target given in ARG)
# into $STAGE.  install builds first, and the build points bin/ at the
# tools it built: build the kind bin/ points at now, so that a sanitized
# run of the suites goes on with sanitized tools.
make_install() {
	local sanitize=
	case $(readlink "$ROOT/bin/smap") in
	../build-asan/*) sanitize=1 ;;
	../build-clang/*) sanitize=clang ;;
	esac
	run make -s -C "$ROOT" SANITIZE="$sanitize" DESTDIR="$STAGE" "$@"
	assert_success
}

# staged: every file and link under $STAGE, sorted.
staged() {
	(cd "$STAGE" && find . \( -type f -o -type l \) -print | LC_ALL=C sort)
}

# symbols FILE: the ELF sections a stripped binary does not have.
symbols() {
	readelf -S --wide "$1" | grep -o '\.symtab\|\.debug_[a-z]*' | sort -u
}

# complete_words WORD...: runs the installed bash completion of the
# command WORD on the line WORD..., the cursor at the end of the last
# WORD (give '' to complete a new word); $output is COMPREPLY, sorted,
# one a line.  With WORDBREAKS set, it is bash's COMP_WORDBREAKS.
complete_words() {
	run bash -c 'file=$1; shift
		source "$file" || exit 1
		[ -z "${WORDBREAKS+set}" ] || COMP_WORDBREAKS=$WORDBREAKS
		read -r _ _ fn _ < <(complete -p "$1") || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$fn"
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" |
		    LC_ALL=C sort' \
	    _ "$STAGE/usr/share/bash-completion/completions/$1" "$@"
	assert_success
}

@test "make install puts the tools, the manual pages and the completions under DESTDIR and PREFIX" {
	make_install PREFIX=/usr install
	run staged
	assert_output "./usr/bin/scount
./usr/bin/sfilter
./usr/bin/sjoin
./usr/bin/skey
./usr/bin/smap
./usr/bin/stokenize
./usr/bin/swindow
./usr/share/bash-completion/completions/scount
./usr/share/bash-completion/completions/sfilter
./usr/share/bash-completion/completions/sjoin
./usr/share/bash-completion/completions/skey
./usr/share/bash-completion/completions/smap
./usr/share/bash-completion/completions/stokenize
./usr/share/bash-completion/completions/swindow
./usr/share/man/man1/scount.1
./usr/share/man/man1/sfilter.1
./usr/share/man/man1/sjoin.1
./usr/share/man/man1/skey.1
./usr/share/man/man1/smap.1
./usr/share/man/man1/stokenize.1
./usr/share/man/man1/swindow.1
./usr/share/man/man7/stream-tools.7
./usr/share/zsh/site-functions/_stream-tools"
}

@test "make install honours MANPREFIX, BINDIR and the completion directories" {
	make_install PREFIX=/opt/st MANPREFIX=/opt/man BINDIR=/opt/bin \
	    BASHCOMPDIR=/opt/bash ZSHCOMPDIR=/opt/zsh install
	run staged
	assert_output "./opt/bash/scount
./opt/bash/sfilter
./opt/bash/sjoin
./opt/bash/skey
./opt/bash/smap
./opt/bash/stokenize
./opt/bash/swindow
./opt/bin/scount
./opt/bin/sfilter
./opt/bin/sjoin
./opt/bin/skey
./opt/bin/smap
./opt/bin/stokenize
./opt/bin/swindow
./opt/man/man1/scount.1
./opt/man/man1/sfilter.1
./opt/man/man1/sjoin.1
./opt/man/man1/skey.1
./opt/man/man1/smap.1
./opt/man/man1/stokenize.1
./opt/man/man1/swindow.1
./opt/man/man7/stream-tools.7
./opt/zsh/_stream-tools"
}

@test "the installed files are what the tree has: tools executable, the rest read-only copies" {
	make_install PREFIX=/usr install
	local t
	for t in $TOOLS; do
		run stat -c %a "$STAGE/usr/bin/$t"
		assert_output 755
		run stat -c %a "$STAGE/usr/share/bash-completion/completions/$t"
		assert_output 644
		cmp "$ROOT/completions/stream-tools.bash" \
		    "$STAGE/usr/share/bash-completion/completions/$t"
		cmp "$ROOT/man/$t.1" "$STAGE/usr/share/man/man1/$t.1"
	done
	cmp "$ROOT/completions/_stream-tools" \
	    "$STAGE/usr/share/zsh/site-functions/_stream-tools"
	cmp "$ROOT/man/stream-tools.7" "$STAGE/usr/share/man/man7/stream-tools.7"
}

@test "the installed tools are stripped of their symbols and debugging sections, and run" {
	make_install PREFIX=/usr install
	local t
	for t in $TOOLS; do
		run symbols "$STAGE/usr/bin/$t"
		assert_output ''
		run "$STAGE/usr/bin/$t" --version
		assert_success
		assert_output "$t (stream tools) 0.1.0"
	done
}

@test "make install STRIP= keeps the symbols and debugging sections" {
	make_install PREFIX=/usr STRIP= install
	local t
	for t in $TOOLS; do
		run symbols "$STAGE/usr/bin/$t"
		assert_line .symtab
		assert_line .debug_info
	done
}

@test "make uninstall removes every file make install put, leaving only directories" {
	make_install PREFIX=/usr install
	make_install PREFIX=/usr uninstall
	run staged
	assert_output ''
}

@test "make uninstall removes the files put with other directories given the same way" {
	make_install PREFIX=/opt/st MANPREFIX=/opt/man install
	make_install PREFIX=/opt/st MANPREFIX=/opt/man uninstall
	run staged
	assert_output ''
}

@test "the installed bash completion registers a completion function for every tool" {
	make_install PREFIX=/usr install
	local t
	for t in $TOOLS; do
		run bash -c 'source "$1" && complete -p "$2"' _ \
		    "$STAGE/usr/share/bash-completion/completions/$t" "$t"
		assert_success
		assert_output "complete -F _stream_tools $t"
	done
}

@test "bash completes long options, and the new jq options on every tool" {
	make_install PREFIX=/usr install
	complete_words smap --dead
	assert_output --dead-letter
	complete_words smap --r
	assert_output $'--raw-input\n--raw-output\n--rawfile'
	complete_words sjoin --lo
	assert_output --lookup
	local t
	for t in $TOOLS; do
		complete_words "$t" -
		assert_line -q
		assert_line --quiet
		assert_line --stats
		assert_line -c
		assert_line --arg
		assert_line --argjson
		assert_line --slurpfile
		assert_line --rawfile
		assert_line --compact-output
	done
	for t in smap sfilter; do
		complete_words "$t" -
		assert_line -f
		assert_line --from-file
	done
	complete_words scount --fr
	assert_output ''
	complete_words smap -
	assert_line -r
	assert_line -j
	assert_line --join-output
}

# Options being added by other work of the same issue; remove each from
# here when the tools take it.
PENDING=""

@test "every option bash completes is one the tool takes" {
	make_install PREFIX=/usr install
	local t o
	for t in $TOOLS; do
		complete_words "$t" -
		for o in $output; do
			case " $PENDING -- " in *" $o "*) continue ;; esac
			# --help ends the options, or is the argument of o.
			run --separate-stderr timeout 10 "$ROOT/bin/$t" "$o" --help \
			    </dev/null
			refute_output --partial "unrecognized option"
			refute_output --partial "invalid option"
			[[ $stderr != *"unrecognized option"* ]] ||
			    fail "$t does not take $o"
			[[ $stderr != *"invalid option"* ]] ||
			    fail "$t does not take $o"
		done
	done
}

@test "every option of a tool's manual page is among its bash completions" {
	make_install PREFIX=/usr install
	local t o
	for t in $TOOLS; do
		complete_words "$t" -
		for o in $(grep '^\.It Fl' "$ROOT/man/$t.1" |
		    grep -o 'Fl \\\?-\?[A-Za-z][A-Za-z-]*' | sed 's/^Fl \\\?/-/'); do
			assert_line -- "$o"
		done
	done
}

@test "bash completes the values of --sort, --watermark, --time-unit, --emit, --mode and --keep" {
	make_install PREFIX=/usr install
	complete_words scount --sort ''
	assert_output $'count\nkey\nnone'
	complete_words swindow --watermark ''
	assert_output $'data\nlive'
	complete_words sjoin --time-unit m
	assert_output ms
	complete_words swindow --emit ''
	assert_output $'final\nupdate'
	complete_words sjoin --mode ''
	assert_output $'complete\nouter\nrunning'
	complete_words sjoin --keep f
	assert_output first
}

@test "bash completes the value after = in --sort=VALUE, as bash splits it or not" {
	make_install PREFIX=/usr install
	complete_words scount --sort = k
	assert_output key
	complete_words scount --sort = ''
	assert_output $'count\nkey\nnone'
	WORDBREAKS=' ' complete_words scount --sort=k
	assert_output --sort=key
}

@test "bash completes swindow's aggregate names after -a, --agg and NAME=" {
	make_install PREFIX=/usr install
	complete_words swindow -a ''
	assert_output "avg
collect
count
distinct
first
last
max
median
min
p50
p75
p90
p95
p99
p99.9
stddev
sum"
	complete_words swindow -k .host --agg s
	assert_output $'stddev\nsum'
	complete_words swindow -a total = a
	assert_output avg
	complete_words swindow -Fa m
	assert_output $'max\nmedian\nmin'
}

@test "bash completes file names for file options and operands, and nothing for other arguments" {
	make_install PREFIX=/usr install
	touch access.ndjson accounts.txt
	mkdir archive
	complete_words smap --dead-letter acc
	assert_output $'access.ndjson\naccounts.txt'
	local o
	for o in --state --late; do
		complete_words swindow "$o" ar
		assert_output archive
	done
	complete_words sjoin --lookup access
	assert_output access.ndjson
	complete_words smap -f accounts
	assert_output accounts.txt
	complete_words smap --slurpfile users accounts
	assert_output accounts.txt
	complete_words smap --arg user ''
	assert_output ''
	complete_words stokenize -f ''
	assert_output ''
	complete_words swindow -k ''
	assert_output ''
	complete_words scount -k .user access
	assert_output access.ndjson
	complete_words skey .user -- -
	assert_output ''
}

@test "the installed zsh completion is valid zsh and compinit binds it to every tool" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	make_install PREFIX=/usr install
	local f="$STAGE/usr/share/zsh/site-functions/_stream-tools"
	zsh -n "$f"
	run zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit
		compinit -u -d "$2"; shift 2
		for t; do print -r -- "$t $_comps[$t]"; done' _ "${f%/*}" \
	    "$BATS_TEST_TMPDIR/zcompdump" $TOOLS
	assert_success
	assert_output "scount _stream-tools
sfilter _stream-tools
sjoin _stream-tools
skey _stream-tools
smap _stream-tools
stokenize _stream-tools
swindow _stream-tools"
}

@test "LICENSE is the ISC license, and every source file of ours says so in its first lines" {
	local root="$BATS_TEST_DIRNAME/.." f missing=()
	run grep -c 'Permission to use, copy, modify, and distribute this software for any' "$root/LICENSE"
	assert_output 1
	while IFS= read -r f; do
		case "$f" in
		tests/jq/*.test | tests/jq/COPYING | tests/jq/README) continue ;;
		*.c | *.h | *.sh | *.bats | *.py | *.bash | *.awk | Makefile | .ci/run | completions/_stream-tools) ;;
		*) continue ;;
		esac
		head -3 "$root/$f" | grep -q 'Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.' ||
		    missing+=("$f")
	done < <(git -C "$root" ls-files)
	assert_equal "${missing[*]}" ''
}
