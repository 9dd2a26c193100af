# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# bash completion for the stream tools: smap(1), sfilter(1), stokenize(1),
# skey(1), swindow(1), scount(1) and sjoin(1).
#
# make install puts a copy under each tool's name in bash-completion's
# completions directory, where it is loaded on the first <Tab> after that
# tool; without bash-completion, source this file from ~/.bashrc.
# Standalone: it needs bash 4 and nothing from bash-completion.

# Every tool takes these options; those in _args take one argument.
_stream_tools_flags='-F --follow -R --raw-input -h --help --version --strict
	-q --quiet --stats'
_stream_tools_args='--dead-letter --max-line'

# Every tool takes a jq expression, and so jq's -c and --arg NAME VALUE
# and the like, which take two arguments.  smap and sfilter also take
# their program from a file (-f); stokenize's -f is an expression.
_stream_tools_jq_flags='-c --compact-output'
_stream_tools_jq_args2='--arg --argjson --slurpfile --rawfile'

_stream_tools_agg_names='count sum avg min max first last collect distinct stddev
	median p50 p75 p90 p95 p99 p99.9'

# _stream_tools_opts TOOL: sets flags and args to TOOL's options without
# and with an argument.
_stream_tools_opts() {
	flags="$_stream_tools_flags $_stream_tools_jq_flags"
	args=$_stream_tools_args
	case $1 in
	smap)
		flags="$flags -n --null-input -r --raw-output -j --join-output"
		args="$args -f --from-file"
		;;
	sfilter)
		flags="$flags -v --invert-match"
		args="$args -f --from-file"
		;;
	stokenize)
		flags="$flags --keep --lower"
		args="$args -f -p --as"
		;;
	skey)
		args="$args --as --shard"
		;;
	swindow)
		flags="$flags --epoch"
		args="$args -a --agg --align --checkpoint --emit --every -k --key
		    --late --max-windows --session --sliding --state -t --time
		    --time-format --time-unit --tumbling --tz --wait --watermark"
		;;
	scount)
		flags="$flags --running"
		args="$args --checkpoint --every -k --key --sort --state --top"
		;;
	sjoin)
		flags="$flags --inner --merge --reload"
		args="$args --as --checkpoint --idle -k --key --keep --late
		    --lookup --mode --state -t --time --time-format --time-unit
		    --ttl --tz --wait --watermark --window"
		;;
	esac
}

# _stream_tools_nargs OPT: how many arguments OPT takes (0, 1 or 2), from
# flags and args.
_stream_tools_nargs() {
	local a
	for a in $_stream_tools_jq_args2; do
		[[ $1 == "$a" ]] && return 2
	done
	for a in $args; do
		[[ $1 == "$a" ]] && return 1
	done
	return 0
}

# _stream_tools_files CUR: file names starting with CUR.
_stream_tools_files() {
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

# _stream_tools_zones CUR: time zone names (those of /usr/share/zoneinfo).
_stream_tools_zones() {
	local d=/usr/share/zoneinfo z found
	mapfile -t found < <(compgen -f -- "$d/$1")
	COMPREPLY=()
	for z in "${found[@]}"; do
		if [[ -d $z ]]; then
			COMPREPLY+=("${z#"$d/"}/")
			compopt -o nospace 2>/dev/null
		else
			COMPREPLY+=("${z#"$d/"}")
		fi
	done
}

# _stream_tools_aggs CUR: aggregate names for -a, after NAME= if CUR has it.
_stream_tools_aggs() {
	local name=
	[[ $1 == *=* ]] && name="${1%%=*}="
	mapfile -t COMPREPLY < <(compgen -P "$name" \
	    -W "$_stream_tools_agg_names" -- "${1#"$name"}")
	# All but count take (EXPR), typed next.
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *count ]] ||
	    compopt -o nospace 2>/dev/null
}

# _stream_tools_value TOOL OPT N CUR: the Nth argument of OPT.
_stream_tools_value() {
	local words=
	case $2 in
	--sort) words='count key none' ;;
	--watermark) words='data live' ;;
	--time-unit) words='s ms us ns' ;;
	--emit) words='final update' ;;
	--mode) words='complete running outer' ;;
	--keep) [[ $1 == sjoin ]] && words='last first all' ;;
	-a | --agg)
		_stream_tools_aggs "$4"
		return
		;;
	--tz)
		_stream_tools_zones "$4"
		return
		;;
	-f)
		[[ $1 == stokenize ]] || _stream_tools_files "$4"
		return
		;;
	--dead-letter | --state | --late | --lookup | --from-file)
		_stream_tools_files "$4"
		return
		;;
	--slurpfile | --rawfile)
		[[ $3 -eq 2 ]] && _stream_tools_files "$4"
		return
		;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "$words" -- "$4")
}

# The words up to the cursor, with those bash split at = or : (as in
# --sort=count or -a total=sum(.x)) joined again.
_stream_tools_words() {
	local i
	w=()
	for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
		if ((i > 1)) && [[ ${COMP_WORDS[i]} == [=:] ||
		    ${COMP_WORDS[i - 1]} == [=:] ]]; then
			w[${#w[@]} - 1]+=${COMP_WORDS[i]}
		else
			w+=("${COMP_WORDS[i]}")
		fi
	done
	((COMP_CWORD < ${#COMP_WORDS[@]})) || w+=('')
}

_stream_tools() {
	local tool=${COMP_WORDS[0]##*/} flags args w cur quoted= pre
	local i j n c opt= argn=0 operands=
	_stream_tools_opts "$tool"
	_stream_tools_words
	cur=${w[${#w[@]} - 1]}
	# Inside a quote, readline completes what follows it.
	if [[ $cur == [\'\"]* ]]; then
		quoted=1
		cur=${cur:1}
	fi
	COMPREPLY=()

	# Which option, if any, the word at the cursor is an argument of.
	for ((i = 1; i < ${#w[@]} - 1; i++)); do
		n=0
		case ${w[i]} in
		--)
			operands=1
			break
			;;
		--*=*) ;;
		--*)
			_stream_tools_nargs "${w[i]}"
			n=$?
			;;
		-?*)
			# A cluster such as -FR or -Fk: a letter taking an
			# argument takes the rest of the word, or the next.
			for ((j = 1; j < ${#w[i]}; j++)); do
				c=-${w[i]:j:1}
				_stream_tools_nargs "$c"
				n=$?
				((n == 0)) && continue
				((j < ${#w[i]} - 1)) && n=0
				break
			done
			;;
		esac
		if ((i + n >= ${#w[@]} - 1 && n > 0)); then
			opt=${w[i]}
			[[ $opt == --* ]] || opt=$c
			argn=$((${#w[@]} - 1 - i))
			break
		fi
		((i += n))
	done

	if [[ -n $opt ]]; then
		_stream_tools_value "$tool" "$opt" "$argn" "$cur"
	elif [[ -z $operands && $cur == --*=* ]]; then
		_stream_tools_value "$tool" "${cur%%=*}" 1 "${cur#*=}"
		COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
	elif [[ -z $operands && $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen \
		    -W "$flags $args $_stream_tools_jq_args2 --" -- "$cur")
	else
		_stream_tools_files "$cur"
	fi

	# Bash replaces only what follows the last = or : it breaks words at.
	pre=${COMP_WORDBREAKS//[^=:]/}
	if [[ -z $quoted && -n $pre && $cur == *[$pre]* ]]; then
		pre=${cur%"${cur##*[$pre]}"}
		COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	fi
	return 0
}

complete -F _stream_tools smap sfilter stokenize skey swindow scount sjoin
