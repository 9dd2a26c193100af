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
		return eval_fail_value(ev, in, " only strings can be parsed");
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

	/* jq 1.6 defines them with explode, and its message */
	if (!json_is_string(in)) {
		eval_fail(ev, "%s", "explode input must be a string");
		return NULL;
	}
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
	if (!json_is_string(in)) {
		eval_fail(ev, "%s", "explode input must be a string");
		return NULL;
	}
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
	if (!json_is_array(in)) {
		eval_fail(ev, "%s", "implode input must be an array");
		return NULL;
	}
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

/*
 * match(re; flags) emits each match object: a generator.  Its arguments
 * combine as jq's C functions take them, the last varying slowest; sub
 * and gsub are jq definitions with $re, which varies slowest instead.
 */
struct regex_args {
	struct sink base;
	struct eval *ev;
	const struct node *call;
	json_t *in;
	const struct env *env;
	struct sink *out;
	int i;
	int step; /* -1: from the last argument, 1: from the first */
	json_t *args[3];
	int (*done)(struct regex_args *ra);
	const struct node *orig; /* sub/gsub: the call with the replacement */
	int gsub;
};

static int regex_args_next(struct regex_args *ra);

static int
regex_args_put(struct sink *s, json_t *v, json_t *path)
{
	struct regex_args *ra = (struct regex_args *)s, next = *ra;

	(void)path;
	next.args[ra->i] = v;
	next.i = ra->i + ra->step;
	return regex_args_next(&next);
}

static int
regex_args_next(struct regex_args *ra)
{
	if (ra->i < 0 || ra->i == ra->call->nlist)
		return ra->done(ra);
	return eval_node(ra->ev, ra->call->list[ra->i], ra->in, NULL, ra->env,
	    &ra->base);
}

static int
run_regex(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out, int (*done)(struct regex_args *))
{
	struct regex_args ra = { { regex_args_put }, ev, call, in, env, out,
		call->nlist - 1, -1, { NULL, NULL, NULL }, done, call, 0 };

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
 * sub and gsub, as jq 1.6 defines them: the replacement is evaluated
 * with each match's capture object as input, and every output counts.
 * Each combination of the outputs for the matches is one result, the
 * first match's varying fastest; a match for which it has no output
 * leaves no result at all.  The flags are read twice, as jq does
 * (whether they hold "g", then the others), so that several outputs of
 * them combine as in jq.
 */
struct sub_edit {
	size_t off, len; /* bytes of the match in the input */
	json_t *reps;	 /* the replacement's outputs */
};

struct collect {
	struct sink base;
	json_t *all;
};

static int
collect_put(struct sink *s, json_t *v, json_t *path)
{
	struct collect *c = (struct collect *)s;

	(void)path;
	json_array_append(c->all, v);
	return R_OK;
}

/*
 * The replacement's outputs for match x.  Each is added to the text
 * before the match, as in jq: a string, or null (nothing); anything
 * else is jq's error, e.g. string ("ab") and number (1) cannot be added.
 */
static int
sub_replacements(struct regex_args *ra, json_t *x, const char *gap,
    size_t gaplen, json_t **reps)
{
	struct collect c = { { collect_put }, json_array() };
	struct buf err = { 0 };
	json_t *caps = capture_object(x), *v, *left, *sum;
	size_t i;
	int r;

	r = eval_node(ra->ev, ra->orig->list[1], caps, NULL, ra->env, &c.base);
	json_decref(caps);
	json_array_foreach(c.all, i, v)
	{
		if (r != R_OK || json_is_string(v) || json_is_null(v))
			continue;
		left = json_stringn_nocheck(gap, gaplen);
		if ((sum = value_add(left, v, &err)) == NULL)
			r = eval_fail_buf(ra->ev, &err);
		json_decref(sum);
		json_decref(left);
	}
	buf_free(&err);
	*reps = c.all;
	return r;
}

/*
 * Writes one result per combination of the edits' replacements, the
 * first edit's varying fastest.
 */
static int
sub_emit(struct regex_args *ra, const struct sub_edit *e, size_t n)
{
	const char *s = json_string_value(ra->in);
	size_t len = json_string_length(ra->in), i, prev;
	size_t *pick = xcalloc(n + 1, sizeof(*pick));
	struct buf out = { 0 };
	json_t *rep;
	int r = R_OK;

	for (;;) {
		buf_reset(&out);
		for (i = 0, prev = 0; i < n; i++) {
			rep = json_array_get(e[i].reps, pick[i]);
			buf_add(&out, s + prev, e[i].off - prev);
			if (json_is_string(rep))
				buf_add(&out, json_string_value(rep),
				    json_string_length(rep));
			prev = e[i].off + e[i].len;
		}
		buf_add(&out, s + prev, len - prev);
		if ((r = eval_put(ra->out, string_of(&out), NULL)) != R_OK)
			break;
		for (i = 0; i < n && ++pick[i] == json_array_size(e[i].reps);
		     i++)
			pick[i] = 0;
		if (i == n)
			break;
	}
	buf_free(&out);
	free(pick);
	return r;
}

/* Whether flags hold a "g" (jq 1.6: flags | index("g")). */
static int
has_g(json_t *flags)
{
	return json_is_string(flags) &&
	    memchr(json_string_value(flags), 'g', json_string_length(flags)) !=
	    NULL;
}

/* The flags without their "g"s, for match. */
static json_t *
without_g(json_t *flags)
{
	struct buf b = { 0 };
	const char *p;
	size_t i, n;

	if (!json_is_string(flags))
		return json_incref(flags);
	p = json_string_value(flags);
	n = json_string_length(flags);
	for (i = 0; i < n; i++)
		if (p[i] != 'g')
			buf_addc(&b, p[i]);
	return string_of(&b);
}

/*
 * The edits of the matches of re, global when gflags hold a "g", with
 * flags (less their "g"s); *nedits is the number of edits filled in.
 */
static int
sub_edits(struct regex_args *ra, json_t *gflags, json_t *flags,
    struct sub_edit **edits, size_t *nedits)
{
	const char *s = json_string_value(ra->in);
	size_t n, k, prev = 0;
	struct sub_edit *e;
	json_t *m, *x, *fla = without_g(flags);
	int r = R_OK;

	m = matches(ra->ev, ra->in, ra->args[0], fla, has_g(gflags));
	json_decref(fla);
	*edits = NULL;
	*nedits = 0;
	if (m == NULL)
		return R_ERROR;
	n = json_array_size(m);
	e = xcalloc(n + 1, sizeof(*e));
	for (k = 0; k < n && r == R_OK; k++) {
		x = json_array_get(m, k);
		e[k].off = utf8_offset(s, json_string_length(ra->in),
		    (size_t)json_integer_value(json_object_get(x, "offset")));
		e[k].len = json_string_length(json_object_get(x, "string"));
		r = sub_replacements(ra, x, s + prev, e[k].off - prev,
		    &e[k].reps);
		prev = e[k].off + e[k].len;
	}
	json_decref(m);
	*edits = e;
	*nedits = k;
	return r;
}

static int
sub_run(struct regex_args *ra, json_t *gflags, json_t *flags)
{
	struct sub_edit *e;
	size_t n, i;
	int r, none = 0;

	r = sub_edits(ra, gflags, flags, &e, &n);
	for (i = 0; i < n; i++)
		none |= json_array_size(e[i].reps) == 0;
	if (r == R_OK && !none)
		r = sub_emit(ra, e, n);
	for (i = 0; i < n; i++)
		json_decref(e[i].reps);
	free(e);
	return r;
}

/* gsub/3's flags: $flags + "g", as jq adds them. */
static json_t *
gsub_flags(struct eval *ev, json_t *flags)
{
	struct buf err = { 0 };
	json_t *g = json_string("g"), *sum;

	if ((sum = value_add(flags, g, &err)) == NULL)
		eval_fail_buf(ev, &err);
	json_decref(g);
	buf_free(&err);
	return sum;
}

static int
sub_done(struct regex_args *ra)
{
	json_t *gflags, *flags;
	int r = R_ERROR;

	if (ra->orig->nlist == 3 && !ra->gsub)
		return sub_run(ra, ra->args[1], ra->args[2]);
	if (ra->orig->nlist < 3) {
		gflags = json_string(ra->gsub ? "g" : "");
		flags = json_incref(gflags);
	} else {
		gflags = gsub_flags(ra->ev, ra->args[1]);
		flags = gflags == NULL ? NULL : gsub_flags(ra->ev, ra->args[2]);
	}
	if (gflags != NULL && flags != NULL)
		r = sub_run(ra, gflags, flags);
	json_decref(gflags);
	json_decref(flags);
	return r;
}

/*
 * sub(re; s), sub(re; s; flags), gsub(re; s), gsub(re; s; flags): re
 * and the flags are evaluated up front, re varying slowest, and the
 * flags twice, as jq's definition reads them (gsub's with a "g" added);
 * the replacement is evaluated for each match.
 */
static int
f_sub_common(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out, int gsub)
{
	struct node shadow = *call;
	struct node *args[3];
	struct regex_args ra = { { regex_args_put }, ev, &shadow, in, env,
		out, 0, 1, { NULL, NULL, NULL }, sub_done, call, gsub };

	if (path != NULL)
		return eval_fail(ev, "Invalid path expression");
	args[0] = call->list[0];
	args[1] = args[2] = call->nlist > 2 ? call->list[2] : NULL;
	shadow.list = args;
	shadow.nlist = call->nlist < 3 ? 1 : 3;
	return regex_args_next(&ra);
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
		/* jq 1.6 says csv for @tsv too */
		buf_adds(err, " is not valid in a csv row");
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
		    csv ? " cannot be csv-formatted, only array"
			: " cannot be tsv-formatted, only array");
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

/* jq names the text decoded, the input as tostring gives it. */
static void
base64d_error(struct buf *err, const struct buf *text, const char *what)
{
	json_t *t = json_stringn_nocheck(text->data ? text->data : "",
	    text->len);

	value_describe(err, t);
	buf_adds(err, what);
	json_decref(t);
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
			base64d_error(err, &s, " is not valid base64 data");
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
	/* one letter alone at the end holds no whole byte */
	if (i % 4 == 1) {
		base64d_error(err, &s, " trailing base64 byte found");
		buf_free(&s);
		buf_free(&raw);
		return -1;
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

const struct builtin builtin_text_natives[] = {
	{ "format", 1, builtin_call_values, v_format },
	{ "tostring", 0, builtin_call_values, v_tostring },
	{ "tojson", 0, builtin_call_values, v_tojson },
	{ "fromjson", 0, builtin_call_values, v_fromjson },
	{ "tonumber", 0, builtin_call_values, v_tonumber },
	{ "ascii_downcase", 0, builtin_call_values, v_ascii_downcase },
	{ "ascii_upcase", 0, builtin_call_values, v_ascii_upcase },
	{ "startswith", 1, builtin_call_values, v_startswith },
	{ "endswith", 1, builtin_call_values, v_endswith },
	{ "ltrimstr", 1, builtin_call_values, v_ltrimstr },
	{ "rtrimstr", 1, builtin_call_values, v_rtrimstr },
	{ "split", 1, builtin_call_values, v_split1 },
	{ "split", 2, builtin_call_values, v_split2 },
	{ "explode", 0, builtin_call_values, v_explode },
	{ "implode", 0, builtin_call_values, v_implode },
	{ "_strindices", 1, builtin_call_values, v_strindices },
	{ "test", 2, builtin_call_values, v_test },
	{ "match", 2, f_match, NULL },
	{ "capture", 2, f_capture, NULL },
	{ "scan", 2, f_scan, NULL },
	{ "sub", 2, f_sub, NULL },
	{ "sub", 3, f_sub, NULL },
	{ "gsub", 2, f_gsub, NULL },
	{ "gsub", 3, f_gsub, NULL },
	{ "now", 0, builtin_call_values, v_now },
	{ "gmtime", 0, builtin_call_values, v_gmtime },
	{ "localtime", 0, builtin_call_values, v_localtime },
	{ "strflocaltime", 1, builtin_call_values, v_strflocaltime },
	{ "mktime", 0, builtin_call_values, v_mktime },
	{ "strftime", 1, builtin_call_values, v_strftime },
	{ "strptime", 1, builtin_call_values, v_strptime },
	{ "fromdateiso8601", 0, builtin_call_values, v_fromdate },
	{ "todateiso8601", 0, builtin_call_values, v_todate },
};

const size_t builtin_text_count =
    sizeof(builtin_text_natives) / sizeof(builtin_text_natives[0]);
