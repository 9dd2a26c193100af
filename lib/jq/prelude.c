/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include "builtin.h"

/*
 * Builtins defined in the expression language, as in jq 1.6's builtin.jq.
 * Definitions may use only natives and the definitions above them.
 */
/* clang-format off */
const char *const builtin_prelude[] = {
	"def values: select(. != null);",
	"def nulls: select(. == null);",
	"def booleans: select(type == \"boolean\");",
	"def numbers: select(type == \"number\");",
	"def strings: select(type == \"string\");",
	"def arrays: select(type == \"array\");",
	"def objects: select(type == \"object\");",
	"def iterables: select(type|. == \"array\" or . == \"object\");",
	"def scalars: select(type|. != \"array\" and . != \"object\");",
	"def map(f): [.[] | f];",
	"def map_values(f): .[] |= f;",
	"def recurse(f): def r: ., (f | r); r;",
	"def recurse(f; cond): def r: ., (f | select(cond) | r); r;",
	"def recurse_down: recurse;",
	"def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];",
	"def from_entries: map({(.key // .Key // .name // .Name):"
	    "  (if has(\"value\") then .value else .Value end)})"
	    "  | add | . //= {};",
	"def with_entries(f): to_entries | map(f) | from_entries;",
	"def del(f): delpaths([path(f)]);",
	"def paths: path(..) | select(length > 0);",
	"def paths(node_filter): . as $dot | paths"
	    "  | select(. as $p | $dot | getpath($p) | node_filter);",
	"def leaf_paths: paths(scalars);",
	"def isempty(g): [first(g)] | length == 0;",
	"def any(g; cond): isempty(first(g | cond | select(.))) | not;",
	"def all(g; cond): isempty(first(g | cond | select(. | not)));",
	"def any(f): any(.[]; f);",
	"def all(f): all(.[]; f);",
	"def any: any(.);",
	"def all: all(.);",
	"def in(xs): . as $x | xs | has($x);",
	"def inside(xs): . as $x | xs | contains($x);",
	"def range($x): range(0; $x);",
	"def first: .[0];",
	"def last: .[-1];",
	"def nth($n): .[$n];",
	"def last(f): reduce f as $x (null; $x);",
	"def nth($n; f): if $n < 0 then error(\"nth doesn't support negative indices\")"
	    "  else last(limit($n + 1; f)) end;",
	"def until(cond; update): def _until: if cond then . else (update | _until) end;"
	    "  _until;",
	"def while(cond; update): def _while: if cond then ., (update | _while)"
	    "  else empty end; _while;",
	"def repeat(f): def _repeat: f, _repeat; _repeat;", /* jq 1.6 */
	"def reverse: [.[length - 1 - range(0; length)]];",
	"def join($x): reduce .[] as $i (null; (if . == null then \"\" else . + $x end)"
	    "  + ($i | if . == null then \"\" elif type == \"boolean\" or type == \"number\""
	    "  then tojson else . end)) | if . == null then \"\" else . end;",
	"def _flatten($x): reduce .[] as $i ([]; if $i | type == \"array\" and $x != 0"
	    "  then . + ($i | _flatten($x - 1)) else . + [$i] end);",
	"def flatten($x): if $x < 0 then error(\"flatten depth must not be negative\")"
	    "  else _flatten($x) end;",
	"def flatten: _flatten(-1);",
	"def indices($i): if type == \"array\" and ($i|type) == \"array\""
	    "  then .[$i] elif type == \"array\" then .[[$i]]"
	    "  elif type == \"string\" and ($i|type) == \"string\""
	    "  then _strindices($i) else .[$i] end;",
	"def index($i): indices($i) | .[0];",
	"def rindex($i): indices($i) | .[-1:][0];",
	"def walk(f): . as $in | if type == \"object\" then"
	    "  reduce keys_unsorted[] as $key ({}; . + {($key): ($in[$key] | walk(f))}) | f"
	    "  elif type == \"array\" then map(walk(f)) | f else f end;",
	"def transpose: if . == [] then [] else . as $in | (map(length) | max) as $max"
	    "  | [range(0; $max) as $j | [range(0; $in | length) as $i | $in[$i][$j]]] end;",
	"def combinations: if length == 0 then [] else .[0][] as $x"
	    "  | (.[1:] | combinations) as $w | [$x] + $w end;",
	"def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;",
	"def finites: select(isfinite);",
	"def normals: select(isnormal);",
	"def env: $ENV;",
	"def tostream: path(def r: (.[]?|r), .; r) as $p | getpath($p)"
	    "  | reduce path(.[]?) as $q ([$p, .]; [$p+$q]);",
	"def test($val): ($val|type) as $vt | if $vt == \"string\" then test($val; null)"
	    "  elif $vt == \"array\" and ($val | length) > 1 then test($val[0]; $val[1])"
	    "  elif $vt == \"array\" and ($val | length) > 0 then test($val[0]; null)"
	    "  else error($vt + \" not a string or array\") end;",
	"def match($val): ($val|type) as $vt | if $vt == \"string\" then match($val; null)"
	    "  elif $vt == \"array\" and ($val | length) > 1 then match($val[0]; $val[1])"
	    "  elif $vt == \"array\" and ($val | length) > 0 then match($val[0]; null)"
	    "  else error($vt + \" not a string or array\") end;",
	"def capture($val): ($val|type) as $vt | if $vt == \"string\" then capture($val; null)"
	    "  elif $vt == \"array\" and ($val | length) > 1 then capture($val[0]; $val[1])"
	    "  elif $vt == \"array\" and ($val | length) > 0 then capture($val[0]; null)"
	    "  else error($vt + \" not a string or array\") end;",
	"def scan($re): scan($re; null);",
	"def splits($re; flags): split($re; flags) | .[];",
	"def splits($re): splits($re; null);",
	"def ascii: [.] | implode;",
	"def todate: todateiso8601;",
	"def fromdate: fromdateiso8601;",
	"def date: todate;",
	"def dateadd(u; n): . + n;",
	"def datesub(u; n): . - n;",
	"def getpath_or_null(p): getpath(p);",
	"def truncate_stream(stream): . as $n | null | stream | . as $input"
	    "  | if (.[0] | length) > $n then setpath([0]; .[0][$n:])"
	    "  else empty end;",
	"def fromstream(f): {x: null, e: false} as $init | foreach f as $i"
	    "  ($init; if .e then $init else . end"
	    "  | if $i | length == 2"
	    "  then setpath([\"e\"]; $i[0] | length == 0)"
	    "  | setpath([\"x\"] + $i[0]; $i[1])"
	    "  else setpath([\"e\"]; $i[0] | length == 1) end;"
	    "  if .e then .x else empty end);",
	"def scalars_or_empty: select(. == null or . == true or . == false"
	    "  or type == \"number\" or type == \"string\""
	    "  or ((type == \"array\" or type == \"object\") and length == 0));",
	"def INDEX(stream; idx_expr):"
	    "  reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);",
	"def INDEX(idx_expr): INDEX(.[]; idx_expr);",
	"def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];",
	"def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];",
	"def JOIN($idx; stream; idx_expr; join_expr):"
	    "  stream | [., $idx[idx_expr]] | join_expr;",
	"def bsearch($target): . as $a | {lo: 0, hi: (length - 1), at: null}"
	    "  | until(.at != null or .lo > .hi; (((.lo + .hi) / 2) | floor) as $m"
	    "  | if $a[$m] == $target then .at = $m elif $a[$m] < $target"
	    "  then .lo = $m + 1 else .hi = $m - 1 end)"
	    "  | if .at != null then .at else -1 - .lo end;",
	/* jq 1.7 and 1.8 additions that change no jq 1.6 result */
	"def abs: if type == \"number\" and . < 0 then - . else . end;",
	"def toboolean: if . == \"true\" then true elif . == \"false\" then false"
	    "  elif type == \"boolean\" then ."
	    "  else error(\"\\(type) (\\(tojson)) cannot be parsed as a boolean\") end;",
	"def _trim_check: if type == \"string\" then ."
	    "  else error(\"trim input must be a string\") end;",
	"def ltrim: _trim_check | sub(\"^\\\\s+\"; \"\");",
	"def rtrim: _trim_check | sub(\"\\\\s+$\"; \"\");",
	"def trim: ltrim | rtrim;",
	"def trimstr($x): ltrimstr($x) | rtrimstr($x);",
	"def have_decnum: false;",
	"def have_literal_numbers: true;",
	"def add(f): reduce f as $x (null; . + $x);",
	"def skip($n; f): if $n > 0 then foreach f as $x ($n; . - 1;"
	    "  if . < 0 then $x else empty end) elif $n == 0 then f"
	    "  else error(\"skip doesn't support negative count\") end;",
	"def pick(pathexps): . as $top"
	    "  | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));",
	"def IN(s): any(s == .; .);",
	"def IN(src; s): any(src == s; .);",
	NULL
};
/* clang-format on */
