/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_text.h"
#include "jtext.h"
#include "rx.h"
#include "timefmt.h"
#include "utf8.h"
#include "value.h"
#include "xalloc.h"

static json_t *
string_of(struct buf *b)
{
	return json_stringn_nocheck(b->data ? b->data : "", b->len);
}

/* ---- strings ---- */

static json_t *
v_tostring(struct eval *ev, json_t *in, json_t **args)
{
	struct buf b = { 0 };
	json_t *r;

	(void)ev, (void)args;
	if (json_is_string(in))
		return json_incref(in);
	jtext_dump(&b, in);
	r = string_of(&b);
	buf_free(&b);
	return r;
}

static json_t *
v_tojson(struct eval *ev, json_t *in, json_t **args)
{
	struct buf b = { 0 };
	json_t *r;

	(void)ev, (void)args;
	jtext_dump(&b, in);
	r = string_of(&b);
	buf_free(&b);
	return r;
}

static json_t *
v_fromjson(struct eval *ev, json_t *in, json_t **args)
{
	struct jtext_error err;
	json_t *r;

	(void)args;
	if (!json_is_string(in))
		return eval_fail_value(ev, in, " cannot be parsed as JSON");
	r = jtext_parse(json_string_value(in), json_string_length(in), &err);
	if (r == NULL) {
		eval_fail(ev, "%s (while parsing '%s')", err.text,
		    json_string_value(in));
		return NULL;
	}
	return r;
}

static json_t *
v_tonumber(struct eval *ev, json_t *in, json_t **args)
{
	struct jtext_error err;
	json_t *r;

	(void)args;
	if (json_is_number(in))
		return json_incref(in);
	if (!json_is_string(in))
		return eval_fail_value(ev, in, " cannot be parsed as a number");
	r = jtext_parse(json_string_value(in), json_string_length(in), &err);
	if (r == NULL || !json_is_number(r)) {
		json_decref(r);
		return eval_fail_value(ev, in, " cannot be parsed as a number");
	}
	return r;
}

static json_t *
ascii_case(struct eval *ev, json_t *in, int upper)
{
	char *s;
	size_t i, n;
	json_t *r;

	if (!json_is_string(in))
		return eval_fail_value(ev, in,
		    upper ? " cannot be ascii_upcased"
			  : " cannot be ascii_downcased");
	n = json_string_length(in);
	s = xstrndup(json_string_value(in), n);
	for (i = 0; i < n; i++)
		if (upper && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
		else if (!upper && s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	r = json_stringn_nocheck(s, n);
	free(s);
	return r;
}

static json_t *
v_ascii_downcase(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return ascii_case(ev, in, 0);
}

static json_t *
v_ascii_upcase(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return ascii_case(ev, in, 1);
}

static int
has_affix(json_t *s, json_t *affix, int at_end)
{
	size_t n = json_string_length(s), m = json_string_length(affix);

	return m <= n &&
	    memcmp(json_string_value(s) + (at_end ? n - m : 0),
		json_string_value(affix), m) == 0;
}

static json_t *
v_startswith(struct eval *ev, json_t *in, json_t **args)
{
	if (!json_is_string(in) || !json_is_string(args[0])) {
		eval_fail(ev, "startswith() requires string inputs");
		return NULL;
	}
	return json_boolean(has_affix(in, args[0], 0));
}

static json_t *
v_endswith(struct eval *ev, json_t *in, json_t **args)
{
	if (!json_is_string(in) || !json_is_string(args[0])) {
		eval_fail(ev, "endswith() requires string inputs");
		return NULL;
	}
	return json_boolean(has_affix(in, args[0], 1));
}

static json_t *
trim(json_t *in, json_t *affix, int at_end)
{
	size_t n, m;

	if (!json_is_string(in) || !json_is_string(affix) ||
	    !has_affix(in, affix, at_end))
		return json_incref(in);
	n = json_string_length(in);
	m = json_string_length(affix);
	return json_stringn_nocheck(json_string_value(in) + (at_end ? 0 : m),
	    n - m);
}

static json_t *
v_ltrimstr(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev;
	return trim(in, args[0], 0);
}

static json_t *
v_rtrimstr(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev;
	return trim(in, args[0], 1);
}

static json_t *
v_split1(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *r;

	if (!json_is_string(in) || !json_is_string(args[0])) {
		eval_fail(ev, "split input and separator must be strings");
		return NULL;
	}
	r = value_div(in, args[0], &err);
	buf_free(&err);
	return r;
}

static json_t *
v_explode(struct eval *ev, json_t *in, json_t **args)
{
	const char *s;
	size_t i = 0, n;
	json_t *r;

	(void)args;
	if (!json_is_string(in))
		return eval_fail_value(ev, in, " cannot be exploded");
	s = json_string_value(in);
	n = json_string_length(in);
	r = json_array();
	while (i < n)
		json_array_append_new(r, json_integer(utf8_next(s, n, &i)));
	return r;
}

/* As jq 1.7: what is no Unicode scalar value becomes U+FFFD. */
static uint32_t
codepoint_of(double d)
{
	if (!(d >= 0 && d <= 0x10FFFF) || (d >= 0xD800 && d < 0xE000))
		return 0xFFFD;
	return (uint32_t)d;
}

static json_t *
v_implode(struct eval *ev, json_t *in, json_t **args)
{
	struct buf b = { 0 };
	json_t *x, *r;
	size_t i;

	(void)args;
	if (!json_is_array(in))
		return eval_fail_value(ev, in, " cannot be imploded");
	json_array_foreach(in, i, x)
	{
		if (!json_is_number(x)) {
			buf_free(&b);
			eval_fail(ev, "Unicode codepoint must be numeric");
			return NULL;
		}
		utf8_put(&b, codepoint_of(value_number(x)));
	}
	r = string_of(&b);
	buf_free(&b);
	return r;
}

/* jq 1.6's _strindices: byte offsets of every occurrence. */
static json_t *
v_strindices(struct eval *ev, json_t *in, json_t **args)
{
	const char *s, *t;
	size_t n, m, i;
	json_t *r;

	if (!json_is_string(in) || !json_is_string(args[0])) {
		eval_fail(ev, "_strindices requires string inputs");
		return NULL;
	}
	s = json_string_value(in);
	t = json_string_value(args[0]);
	n = json_string_length(in);
	m = json_string_length(args[0]);
	r = json_array();
	for (i = 0; m > 0 && i + m <= n; i++)
		if (memcmp(s + i, t, m) == 0)
			json_array_append_new(r, json_integer((json_int_t)i));
	return r;
}

/* ---- regular expressions ---- */

static struct rx *
regex_for(struct eval *ev, json_t *in, json_t *re, json_t *flags, int *fl)
{
	char err[512];
	struct rx *rx;

	if (!json_is_string(in)) {
		eval_fail_value(ev, in,
		    " cannot be matched, as it is not a string");
		return NULL;
	}
	if (!json_is_string(re)) {
		eval_fail_value(ev, re, " is not a string");
		return NULL;
	}
	if (json_is_null(flags))
		*fl = 0;
	else if (!json_is_string(flags)) {
		eval_fail_value(ev, flags, " is not a string");
		return NULL;
	} else if ((*fl = rx_flags(json_string_value(flags), err,
			sizeof(err))) < 0) {
		eval_fail(ev, "%s", err);
		return NULL;
	}
	rx = rx_cached(json_string_value(re), json_string_length(re), *fl, err,
	    sizeof(err));
	if (rx == NULL)
		eval_fail(ev, "%s", err);
	return rx;
}

/* jq 1.6 gives an empty match no captures, whatever its groups. */
static void
drop_empty_captures(json_t *all)
{
	json_t *m;
	size_t i;

	json_array_foreach(all, i, m)
	{
		if (json_integer_value(json_object_get(m, "length")) == 0)
			json_object_set_new(m, "captures", json_array());
	}
}

/* All matches of re in the input, as an array of jq match objects. */
static json_t *
matches(struct eval *ev, json_t *in, json_t *re, json_t *flags,
    int force_global)
{
	char err[512];
	struct rx *rx;
	json_t *r;
	int fl;

	if ((rx = regex_for(ev, in, re, flags, &fl)) == NULL)
		return NULL;
	if (force_global)
		fl |= RX_GLOBAL;
	r = rx_match(rx, json_string_value(in), json_string_length(in), fl, err,
	    sizeof(err));
	if (r == NULL)
		eval_fail(ev, "%s", err);
	else
		drop_empty_captures(r);
	return r;
}

static json_t *
v_test(struct eval *ev, json_t *in, json_t **args)
{
	json_t *m = matches(ev, in, args[0], args[1], 0);
	int found;

	if (m == NULL)
		return NULL;
	found = json_array_size(m) > 0;
	json_decref(m);
	return json_boolean(found);
}

/* match(re; flags) emits each match object: a generator. */
struct regex_args {
	struct sink base;
	struct eval *ev;
	const struct node *call;
	json_t *in;
	const struct env *env;
	struct sink *out;
	int i;
	json_t *args[3];
	int (*done)(struct regex_args *ra);
	const struct node *orig; /* sub/gsub: the call with the replacement */
};

static int regex_args_next(struct regex_args *ra);

static int
regex_args_put(struct sink *s, json_t *v, json_t *path)
{
	struct regex_args *ra = (struct regex_args *)s, next = *ra;

	(void)path;
	next.args[ra->i] = v;
	next.i = ra->i + 1;
	return regex_args_next(&next);
}

static int
regex_args_next(struct regex_args *ra)
{
	if (ra->i == ra->call->nlist)
		return ra->done(ra);
	return eval_node(ra->ev, ra->call->list[ra->i], ra->in, NULL, ra->env,
	    &ra->base);
}

static int
run_regex(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out, int (*done)(struct regex_args *))
{
	struct regex_args ra = { { regex_args_put }, ev, call, in, env, out, 0,
		{ NULL, NULL, NULL }, done, call };

	if (path != NULL)
		return eval_fail(ev, "Invalid path expression");
	return regex_args_next(&ra);
}

static json_t *
flags_arg(struct regex_args *ra, int k)
{
	return ra->call->nlist > k ? ra->args[k] : json_null();
}

static int
match_done(struct regex_args *ra)
{
	json_t *m = matches(ra->ev, ra->in, ra->args[0], flags_arg(ra, 1), 0);
	json_t *x;
	size_t i;
	int r = R_OK;

	if (m == NULL)
		return R_ERROR;
	json_array_foreach(m, i,
	    x) if ((r = ra->out->put(ra->out, x, NULL)) != R_OK) break;
	json_decref(m);
	return r;
}

static int
f_match(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return run_regex(ev, call, in, path, env, out, match_done);
}

static json_t *
capture_object(json_t *match)
{
	json_t *caps = json_object_get(match, "captures"), *c, *obj;
	size_t i;

	obj = json_object();
	json_array_foreach(caps, i, c)
	{
		json_t *name = json_object_get(c, "name");

		if (json_is_string(name))
			json_object_set(obj, json_string_value(name),
			    json_object_get(c, "string"));
	}
	return obj;
}

static int
capture_done(struct regex_args *ra)
{
	json_t *m = matches(ra->ev, ra->in, ra->args[0], flags_arg(ra, 1), 0);
	json_t *x;
	size_t i;
	int r = R_OK;

	if (m == NULL)
		return R_ERROR;
	json_array_foreach(m, i,
	    x) if ((r = eval_put(ra->out, capture_object(x), NULL)) !=
	    R_OK) break;
	json_decref(m);
	return r;
}

static int
f_capture(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return run_regex(ev, call, in, path, env, out, capture_done);
}

static int
scan_done(struct regex_args *ra)
{
	json_t *m = matches(ra->ev, ra->in, ra->args[0], flags_arg(ra, 1), 1);
	json_t *x, *caps, *c, *v;
	size_t i, j;
	int r = R_OK;

	if (m == NULL)
		return R_ERROR;
	json_array_foreach(m, i, x)
	{
		caps = json_object_get(x, "captures");
		if (json_array_size(caps) == 0) {
			v = json_incref(json_object_get(x, "string"));
		} else {
			v = json_array();
			json_array_foreach(caps, j, c)
			    json_array_append(v, json_object_get(c, "string"));
		}
		if ((r = eval_put(ra->out, v, NULL)) != R_OK)
			break;
	}
	json_decref(m);
	return r;
}

static int
f_scan(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return run_regex(ev, call, in, path, env, out, scan_done);
}

/* split(re; flags): the pieces between matches. */
static json_t *
v_split2(struct eval *ev, json_t *in, json_t **args)
{
	json_t *m = matches(ev, in, args[0], args[1], 1), *x, *r;
	const char *s;
	size_t i, n, prev = 0, off, len;

	if (m == NULL)
		return NULL;
	s = json_string_value(in);
	n = json_string_length(in);
	r = json_array();
	json_array_foreach(m, i, x)
	{
		off = utf8_offset(s, n,
		    (size_t)json_integer_value(json_object_get(x, "offset")));
		len = json_string_length(json_object_get(x, "string"));
		json_array_append_new(r,
		    json_stringn_nocheck(s + prev, off - prev));
		prev = off + len;
	}
	json_array_append_new(r, json_stringn_nocheck(s + prev, n - prev));
	json_decref(m);
	return r;
}

/*
 * sub and gsub: the replacement is an expression evaluated with the
 * capture object as input, as in jq 1.6; its first output is used.
 */
struct first_string {
	struct sink base;
	json_t *value;
};

static int
first_string_put(struct sink *s, json_t *v, json_t *path)
{
	struct first_string *f = (struct first_string *)s;

	(void)path;
	if (f->value == NULL)
		f->value = json_incref(v);
	return R_OK;
}

static int
sub_done(struct regex_args *ra, int global)
{
	json_t *m = matches(ra->ev, ra->in, ra->args[0], flags_arg(ra, 1),
		   global),
	       *x, *caps;
	struct buf out = { 0 };
	const char *s;
	size_t i, n, prev = 0, off, len;
	int r = R_OK;

	if (m == NULL)
		return R_ERROR;
	s = json_string_value(ra->in);
	n = json_string_length(ra->in);
	json_array_foreach(m, i, x)
	{
		struct first_string f = { { first_string_put }, NULL };

		off = utf8_offset(s, n,
		    (size_t)json_integer_value(json_object_get(x, "offset")));
		len = json_string_length(json_object_get(x, "string"));
		buf_add(&out, s + prev, off - prev);
		caps = capture_object(x);
		r = eval_node(ra->ev, ra->orig->list[1], caps, NULL, ra->env,
		    &f.base);
		json_decref(caps);
		if (r == R_OK && f.value != NULL && !json_is_string(f.value)) {
			eval_fail_value(ra->ev, f.value,
			    " cannot be added to a string");
			r = R_ERROR;
		}
		if (f.value != NULL && r == R_OK)
			buf_add(&out, json_string_value(f.value),
			    json_string_length(f.value));
		json_decref(f.value);
		if (r != R_OK)
			break;
		prev = off + len;
	}
	json_decref(m);
	if (r == R_OK) {
		buf_add(&out, s + prev, n - prev);
		r = eval_put(ra->out, string_of(&out), NULL);
	}
	buf_free(&out);
	return r;
}

static int
sub_once(struct regex_args *ra)
{
	return sub_done(ra, 0);
}

static int
sub_all(struct regex_args *ra)
{
	return sub_done(ra, 1);
}

/* sub/gsub evaluate only the regex and flags up front, not the replacement. */
static int
f_sub_common(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out, int global)
{
	struct node shadow = *call;
	struct node *args[3];
	int r;

	/* Evaluate argument 0 and the optional flags, skipping 1. */
	args[0] = call->list[0];
	args[1] = call->nlist > 2 ? call->list[2] : NULL;
	shadow.list = args;
	shadow.nlist = call->nlist > 2 ? 2 : 1;
	{
		struct regex_args ra = { { regex_args_put }, ev, &shadow, in,
			env, out, 0, { NULL, NULL, NULL }, NULL, call };

		if (path != NULL)
			return eval_fail(ev, "Invalid path expression");
		ra.done = global ? sub_all : sub_once;
		r = regex_args_next(&ra);
	}
	return r;
}

static int
f_sub(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return f_sub_common(ev, call, in, path, env, out, 0);
}

static int
f_gsub(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return f_sub_common(ev, call, in, path, env, out, 1);
}

/* ---- time ---- */

static json_t *
time_result(struct eval *ev, json_t *r, const char *err)
{
	if (r == NULL)
		eval_fail(ev, "%s", err);
	return r;
}

static json_t *
v_now(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev, (void)in, (void)args;
	return timefmt_now();
}

static json_t *
v_gmtime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	(void)args;
	return time_result(ev, timefmt_gmtime(in, err, sizeof(err)), err);
}

static json_t *
v_localtime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	(void)args;
	return time_result(ev, timefmt_localtime(in, err, sizeof(err)), err);
}

static json_t *
v_strflocaltime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	return time_result(ev,
	    timefmt_strflocaltime(in, args[0], err, sizeof(err)), err);
}

static json_t *
v_mktime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	(void)args;
	return time_result(ev, timefmt_mktime(in, err, sizeof(err)), err);
}

static json_t *
v_strftime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	return time_result(ev, timefmt_strftime(in, args[0], err, sizeof(err)),
	    err);
}

static json_t *
v_strptime(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	return time_result(ev, timefmt_strptime(in, args[0], err, sizeof(err)),
	    err);
}

static json_t *
v_fromdate(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	(void)args;
	return time_result(ev, timefmt_fromdate(in, err, sizeof(err)), err);
}

static json_t *
v_todate(struct eval *ev, json_t *in, json_t **args)
{
	char err[256];

	(void)args;
	return time_result(ev, timefmt_todate(in, err, sizeof(err)), err);
}

/* ---- @formats ---- */

static int
fmt_text(struct buf *out, json_t *v, struct buf *err)
{
	(void)err;
	value_tostring(out, v);
	return 0;
}

static int
fmt_json(struct buf *out, json_t *v, struct buf *err)
{
	(void)err;
	jtext_dump(out, v);
	return 0;
}

static int
fmt_html(struct buf *out, json_t *v, struct buf *err)
{
	struct buf s = { 0 };
	size_t i;

	(void)err;
	value_tostring(&s, v);
	for (i = 0; i < s.len; i++) {
		switch (s.data[i]) {
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '&': buf_adds(out, "&amp;"); break;
		case '\'': buf_adds(out, "&apos;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		default: buf_addc(out, s.data[i]);
		}
	}
	buf_free(&s);
	return 0;
}

static int
fmt_uri(struct buf *out, json_t *v, struct buf *err)
{
	static const char keep[] = "-_.!~*'()";
	struct buf s = { 0 };
	size_t i;
	unsigned char c;

	(void)err;
	value_tostring(&s, v);
	for (i = 0; i < s.len; i++) {
		c = (unsigned char)s.data[i];
		if (isalnum(c) || (c != '\0' && strchr(keep, c) != NULL))
			buf_addc(out, (char)c);
		else
			buf_printf(out, "%%%02X", c);
	}
	buf_free(&s);
	return 0;
}

static int
row_item(struct buf *out, json_t *x, struct buf *err, int csv)
{
	const char *s;
	size_t i, n;

	switch (json_typeof(x)) {
	case JSON_NULL: return 0;
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_INTEGER:
	case JSON_REAL: jtext_dump(out, x); return 0;
	case JSON_STRING:
		s = json_string_value(x);
		n = json_string_length(x);
		if (csv)
			buf_addc(out, '"');
		for (i = 0; i < n; i++) {
			if (csv && s[i] == '"')
				buf_adds(out, "\"\"");
			else if (!csv && s[i] == '\t')
				buf_adds(out, "\\t");
			else if (!csv && s[i] == '\n')
				buf_adds(out, "\\n");
			else if (!csv && s[i] == '\r')
				buf_adds(out, "\\r");
			else if (!csv && s[i] == '\\')
				buf_adds(out, "\\\\");
			else
				buf_addc(out, s[i]);
		}
		if (csv)
			buf_addc(out, '"');
		return 0;
	default:
		value_describe(err, x);
		buf_adds(err,
		    csv ? " is not valid in a csv row"
			: " is not valid in a tsv row"); /* jq's wording */
		return -1;
	}
}

static int
fmt_row(struct buf *out, json_t *v, struct buf *err, int csv)
{
	json_t *x;
	size_t i;

	if (!json_is_array(v)) {
		value_describe(err, v);
		buf_adds(err,
		    csv ? " cannot be csv-formatted, only an array can be"
			: " cannot be tsv-formatted, only an array can be");
		return -1;
	}
	json_array_foreach(v, i, x)
	{
		if (i > 0)
			buf_addc(out, csv ? ',' : '\t');
		if (row_item(out, x, err, csv) < 0)
			return -1;
	}
	return 0;
}

static int
fmt_csv(struct buf *out, json_t *v, struct buf *err)
{
	return fmt_row(out, v, err, 1);
}

static int
fmt_tsv(struct buf *out, json_t *v, struct buf *err)
{
	return fmt_row(out, v, err, 0);
}

static int
sh_item(struct buf *out, json_t *x, struct buf *err)
{
	const char *s;
	size_t i, n;

	if (json_is_array(x) || json_is_object(x)) {
		value_describe(err, x);
		buf_adds(err, " can not be escaped for shell");
		return -1;
	}
	if (!json_is_string(x)) {
		jtext_dump(out, x);
		return 0;
	}
	s = json_string_value(x);
	n = json_string_length(x);
	buf_addc(out, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addc(out, s[i]);
	}
	buf_addc(out, '\'');
	return 0;
}

static int
fmt_sh(struct buf *out, json_t *v, struct buf *err)
{
	json_t *x;
	size_t i;

	if (!json_is_array(v))
		return sh_item(out, v, err);
	json_array_foreach(v, i, x)
	{
		if (i > 0)
			buf_addc(out, ' ');
		if (sh_item(out, x, err) < 0)
			return -1;
	}
	return 0;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
fmt_base64(struct buf *out, json_t *v, struct buf *err)
{
	struct buf s = { 0 };
	const unsigned char *p;
	size_t i;
	unsigned long w;

	(void)err;
	value_tostring(&s, v);
	p = (const unsigned char *)s.data;
	for (i = 0; i + 2 < s.len; i += 3) {
		w = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		buf_addc(out, b64[w >> 18 & 63]);
		buf_addc(out, b64[w >> 12 & 63]);
		buf_addc(out, b64[w >> 6 & 63]);
		buf_addc(out, b64[w & 63]);
	}
	if (s.len - i == 1) {
		w = (unsigned long)p[i] << 16;
		buf_addc(out, b64[w >> 18 & 63]);
		buf_addc(out, b64[w >> 12 & 63]);
		buf_adds(out, "==");
	} else if (s.len - i == 2) {
		w = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		buf_addc(out, b64[w >> 18 & 63]);
		buf_addc(out, b64[w >> 12 & 63]);
		buf_addc(out, b64[w >> 6 & 63]);
		buf_addc(out, '=');
	}
	buf_free(&s);
	return 0;
}

static int
fmt_base64d(struct buf *out, json_t *v, struct buf *err)
{
	struct buf s = { 0 }, raw = { 0 };
	const char *pos;
	unsigned long w = 0;
	size_t i;
	int bits = 0;

	value_tostring(&s, v);
	for (i = 0; i < s.len && s.data[i] != '='; i++) {
		if ((pos = strchr(b64, s.data[i])) == NULL ||
		    s.data[i] == '\0') {
			value_describe(err, v);
			buf_adds(err, " is not valid base64 data");
			buf_free(&s);
			buf_free(&raw);
			return -1;
		}
		w = w << 6 | (unsigned long)(pos - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&raw, (char)(w >> bits & 0xff));
		}
	}
	utf8_sanitize(out, raw.data ? raw.data : "", raw.len);
	buf_free(&s);
	buf_free(&raw);
	return 0;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* RFC 4648 base32: 5 bytes a group of 8 letters, = to fill the last. */
static int
fmt_base32(struct buf *out, json_t *v, struct buf *err)
{
	struct buf s = { 0 };
	unsigned long long w;
	size_t i, k, n, letters;

	(void)err;
	value_tostring(&s, v);
	for (i = 0; i < s.len; i += 5) {
		n = s.len - i < 5 ? s.len - i : 5;
		for (w = 0, k = 0; k < 5; k++)
			w = w << 8 | (k < n ? (unsigned char)s.data[i + k] : 0);
		letters = (n * 8 + 4) / 5;
		for (k = 0; k < 8; k++)
			buf_addc(out,
			    k < letters ? b32[w >> (35 - 5 * k) & 31] : '=');
	}
	buf_free(&s);
	return 0;
}

/* jq 1.7's @base32d: letters up to the first =, bits left over dropped. */
static int
fmt_base32d(struct buf *out, json_t *v, struct buf *err)
{
	struct buf s = { 0 }, raw = { 0 };
	const char *pos;
	unsigned long w = 0;
	size_t i;
	int bits = 0;

	value_tostring(&s, v);
	for (i = 0; i < s.len && s.data[i] != '='; i++) {
		if ((pos = strchr(b32, s.data[i])) == NULL ||
		    s.data[i] == '\0') {
			value_describe(err, v);
			buf_adds(err, " is not valid base32 data");
			buf_free(&s);
			buf_free(&raw);
			return -1;
		}
		w = (w << 5 | (unsigned long)(pos - b32)) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&raw, (char)(w >> bits & 0xff));
		}
	}
	utf8_sanitize(out, raw.data ? raw.data : "", raw.len);
	buf_free(&s);
	buf_free(&raw);
	return 0;
}

static const struct {
	const char *name;
	format_fn fn;
} formats[] = {
	{ "text", fmt_text },
	{ "json", fmt_json },
	{ "html", fmt_html },
	{ "uri", fmt_uri },
	{ "csv", fmt_csv },
	{ "tsv", fmt_tsv },
	{ "sh", fmt_sh },
	{ "base64", fmt_base64 },
	{ "base64d", fmt_base64d },
	{ "base32", fmt_base32 },
	{ "base32d", fmt_base32d },
};

format_fn
builtin_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].fn;
	return NULL;
}

/* format("csv") is @csv, with the name chosen at run time. */
static json_t *
v_format(struct eval *ev, json_t *in, json_t **args)
{
	struct buf out = { 0 }, err = { 0 };
	format_fn f;
	json_t *r = NULL;

	if (!json_is_string(args[0]))
		return eval_fail_value(ev, args[0], " is not a valid format");
	if ((f = builtin_format_find(json_string_value(args[0]))) == NULL) {
		eval_fail(ev, "%s is not a valid format",
		    json_string_value(args[0]));
		return NULL;
	}
	if (f(&out, in, &err) < 0)
		eval_fail_buf(ev, &err);
	else
		r = json_stringn_nocheck(out.data ? out.data : "", out.len);
	buf_free(&err);
	buf_free(&out);
	return r;
}

static const struct builtin text_natives[] = {
	{ "format", 1, NULL, v_format },
	{ "tostring", 0, NULL, v_tostring },
	{ "tojson", 0, NULL, v_tojson },
	{ "fromjson", 0, NULL, v_fromjson },
	{ "tonumber", 0, NULL, v_tonumber },
	{ "ascii_downcase", 0, NULL, v_ascii_downcase },
	{ "ascii_upcase", 0, NULL, v_ascii_upcase },
	{ "startswith", 1, NULL, v_startswith },
	{ "endswith", 1, NULL, v_endswith },
	{ "ltrimstr", 1, NULL, v_ltrimstr },
	{ "rtrimstr", 1, NULL, v_rtrimstr },
	{ "split", 1, NULL, v_split1 },
	{ "split", 2, NULL, v_split2 },
	{ "explode", 0, NULL, v_explode },
	{ "implode", 0, NULL, v_implode },
	{ "_strindices", 1, NULL, v_strindices },
	{ "test", 2, NULL, v_test },
	{ "match", 2, f_match, NULL },
	{ "capture", 2, f_capture, NULL },
	{ "scan", 2, f_scan, NULL },
	{ "sub", 2, f_sub, NULL },
	{ "sub", 3, f_sub, NULL },
	{ "gsub", 2, f_gsub, NULL },
	{ "gsub", 3, f_gsub, NULL },
	{ "now", 0, NULL, v_now },
	{ "gmtime", 0, NULL, v_gmtime },
	{ "localtime", 0, NULL, v_localtime },
	{ "strflocaltime", 1, NULL, v_strflocaltime },
	{ "mktime", 0, NULL, v_mktime },
	{ "strftime", 1, NULL, v_strftime },
	{ "strptime", 1, NULL, v_strptime },
	{ "fromdateiso8601", 0, NULL, v_fromdate },
	{ "todateiso8601", 0, NULL, v_todate },
};

void
builtin_text_names(json_t *out)
{
	size_t i;

	for (i = 0; i < sizeof(text_natives) / sizeof(text_natives[0]); i++)
		builtin_name_add(out, text_natives[i].name,
		    text_natives[i].arity);
}

const struct builtin *
builtin_text_find(const char *name, int arity)
{
	static struct builtin
	    found[sizeof(text_natives) / sizeof(text_natives[0])];
	size_t i;

	for (i = 0; i < sizeof(text_natives) / sizeof(text_natives[0]); i++) {
		if (text_natives[i].arity != arity ||
		    strcmp(text_natives[i].name, name) != 0)
			continue;
		found[i] = text_natives[i];
		if (found[i].fn == NULL)
			found[i].fn = builtin_call_values;
		return &found[i];
	}
	return NULL;
}
