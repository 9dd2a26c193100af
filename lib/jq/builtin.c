/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "builtin_io.h"
#include "builtin_math.h"
#include "builtin_text.h"
#include "jtext.h"
#include "utf8.h"
#include "value.h"
#include "xalloc.h"

static json_t *
fail_err(struct eval *ev, struct buf *err)
{
	eval_fail_buf(ev, err);
	buf_free(err);
	return NULL;
}

/*
 * jq's message for .[] on a scalar, which jq's add, unique and sort_by
 * go through.
 */
static json_t *
cannot_iterate(struct eval *ev, json_t *in)
{
	struct buf msg = { 0 };

	buf_adds(&msg, "Cannot iterate over ");
	value_describe(&msg, in);
	return fail_err(ev, &msg);
}


/*
 * Every combination of argument values, the last argument varying
 * slowest, as jq calls its C functions: [setpath(["a"], ["b"]; 1, 2)]
 * sets a to 1, b to 1, a to 2, b to 2.
 */
struct cartesian {
	struct sink base;
	struct builtin_args *a;
	const struct env *env;
	int (*apply)(struct builtin_args *a);
	int i;
};

static int cartesian_next(struct cartesian *c);

static int
cartesian_put(struct sink *s, json_t *v, json_t *path)
{
	struct cartesian *c = (struct cartesian *)s, next = *c;

	(void)path;
	c->a->args[c->i] = v;
	next.i = c->i - 1;
	return cartesian_next(&next);
}

static int
cartesian_next(struct cartesian *c)
{
	const struct node *arg;

	if (c->i < 0)
		return c->apply(c->a);
	arg = c->a->call->list[c->i];
	if (arg->kind == N_LITERAL)
		return cartesian_put(&c->base, arg->value, NULL);
	return eval_node(c->a->ev, arg, c->a->in, NULL, c->env, &c->base);
}

int
builtin_each_args(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out,
    int (*apply)(struct builtin_args *a))
{
	struct builtin_args a = { ev, call, in, path, out, { NULL } };
	struct cartesian c = { { cartesian_put }, &a, env, apply,
		call->nlist - 1 };

	return cartesian_next(&c);
}

static int
apply_vfn(struct builtin_args *a)
{
	json_t *r = a->call->native->vfn(a->ev, a->in, a->args);

	return r == NULL ? R_ERROR : eval_emit(a->ev, a->out, r, a->path);
}

int
builtin_call_values(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out)
{
	return builtin_each_args(ev, call, in, path, env, out, apply_vfn);
}

/* ---- generators and closures ---- */

static int
f_empty(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	(void)ev, (void)call, (void)in, (void)path, (void)env, (void)out;
	return R_OK;
}

struct select {
	struct sink base;
	json_t *in, *path;
	struct sink *out;
};

static int
select_put(struct sink *s, json_t *v, json_t *path)
{
	struct select *sel = (struct select *)s;

	(void)path;
	if (!value_truthy(v))
		return R_OK;
	return sel->out->put(sel->out, sel->in, sel->path);
}

static int
f_select(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct select sel = { { select_put }, in, path, out };

	return eval_node(ev, call->list[0], in, NULL, env, &sel.base);
}

static int
f_recurse(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct node n = { .kind = N_RECURSE };

	(void)call;
	return eval_node(ev, &n, in, path, env, out);
}

struct pathsink {
	struct sink base;
	struct sink *out;
	struct eval *ev;
	json_t *outer; /* path(f) itself in a path: its results are none */
};

static int
path_put(struct sink *s, json_t *v, json_t *path)
{
	struct pathsink *p = (struct pathsink *)s;

	if (eval_bad_value(p->ev, path) != NULL)
		return eval_bad_result(p->ev, v);
	if (p->outer != NULL)
		return eval_emit(p->ev, p->out, json_incref(path), p->outer);
	return p->out->put(p->out, path, NULL);
}

static int
f_path(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct pathsink p = { { path_put }, out, ev, path };
	json_t *root = json_array();
	int r;

	r = eval_node(ev, call->list[0], in, root, env, &p.base);
	json_decref(root);
	return r;
}

struct getpath {
	struct sink base;
	struct eval *ev;
	json_t *in, *path;
	struct sink *out;
};

static int
getpath_put(struct sink *s, json_t *p, json_t *unused)
{
	struct getpath *g = (struct getpath *)s;
	struct buf err = { 0 };
	json_t *v = value_getpath(g->in, p, &err), *full;
	size_t i;
	int r;

	(void)unused;
	if (v == NULL)
		return fail_err(g->ev, &err), R_ERROR;
	if (g->path == NULL)
		return eval_put(g->out, v, NULL);
	if (eval_bad_value(g->ev, g->path) != NULL) {
		json_decref(v);
		return eval_bad_result(g->ev, eval_bad_value(g->ev, g->path));
	}
	full = json_copy(g->path);
	for (i = 0; i < json_array_size(p); i++)
		json_array_append(full, json_array_get(p, i));
	r = g->out->put(g->out, v, full);
	json_decref(full);
	json_decref(v);
	return r;
}

static int
f_getpath(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct getpath g = { { getpath_put }, ev, in, path, out };

	return eval_node(ev, call->list[0], in, NULL, env, &g.base);
}

/* first(f) and limit(n; f) stop f early with R_BREAK. */
struct limit {
	struct sink base;
	struct eval *ev;
	struct sink *out;
	json_int_t left;
	json_t *path;
};

static int
limit_put(struct sink *s, json_t *v, json_t *path)
{
	struct limit *l = (struct limit *)s;
	int r = l->out->put(l->out, v, path);

	if (r != R_OK)
		return r;
	if (l->left < 0 || --l->left > 0)
		return R_OK;
	l->ev->break_target = l;
	return R_BREAK;
}

static int
run_limited(struct eval *ev, const struct node *f, json_t *in, json_t *path,
    const struct env *env, struct sink *out, json_int_t n)
{
	struct limit l = { { limit_put }, ev, out, n, path };
	int r;

	if (n == 0)
		return R_OK;
	r = eval_node(ev, f, in, path, env, &l.base);
	if (r == R_BREAK && ev->break_target == &l)
		r = R_OK;
	return r;
}

static int
f_first(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return run_limited(ev, call->list[0], in, path, env, out, 1);
}

struct limit_count {
	struct sink base;
	struct eval *ev;
	const struct node *call;
	json_t *in, *path;
	const struct env *env;
	struct sink *out;
};

/*
 * As jq 1.6's limit: a positive n gives the first ceil(n) outputs, 0
 * none, and a negative or NaN n every output (run_limited's -1).
 */
static int
limit_count_put(struct sink *s, json_t *n, json_t *unused)
{
	struct limit_count *lc = (struct limit_count *)s;
	double d;

	(void)unused;
	if (!json_is_number(n))
		return eval_fail(lc->ev, "Invalid limit: not a number");
	d = value_number(n);
	return run_limited(lc->ev, lc->call->list[1], lc->in, lc->path, lc->env,
	    lc->out,
	    d > 0	 ? value_clamp_int64(ceil(d))
		: d == 0 ? 0
			 : -1);
}

static int
f_limit(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct limit_count lc = { { limit_count_put }, ev, call, in, path, env,
		out };

	return eval_node(ev, call->list[0], in, NULL, env, &lc.base);
}

/* range(from; upto) and range(from; upto; by), numbers only. */
static json_t *
v_range_check(struct eval *ev, json_t **args, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!json_is_number(args[i])) {
			eval_fail(ev, "Range bounds must be numeric");
			return NULL;
		}
	return json_null();
}

static int
emit_range(struct eval *ev, struct sink *out, double from, double upto,
    double by, int integral)
{
	double x;
	int r = R_OK;

	if (by == 0)
		return R_OK;
	for (x = from; r == R_OK && (by > 0 ? x < upto : x > upto); x += by)
		if ((r = eval_tick(ev)) == R_OK)
			r = eval_put(out,
			    integral ? value_from_double(x) : value_real(x),
			    NULL);
	return r;
}

struct range {
	struct sink base;
	struct eval *ev;
	const struct node *call;
	json_t *in;
	const struct env *env;
	struct sink *out;
	int i;
	json_t *args[3];
};

static int
range_put(struct sink *s, json_t *v, json_t *path)
{
	struct range *rg = (struct range *)s, next = *rg;
	double by;
	int integral, k;

	(void)path;
	next.args[rg->i] = v;
	next.i = rg->i + 1;
	if (next.i < rg->call->nlist)
		return eval_node(rg->ev, rg->call->list[next.i], rg->in, NULL,
		    rg->env, &next.base);
	if (v_range_check(rg->ev, next.args, next.i) == NULL)
		return R_ERROR;
	by = next.i == 3 ? value_number(next.args[2]) : 1;
	integral = 1;
	for (k = 0; k < next.i; k++)
		integral &= json_is_integer(next.args[k]);
	return emit_range(rg->ev, rg->out, value_number(next.args[0]),
	    value_number(next.args[1]), by, integral);
}

static int
f_range(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct range rg = { { range_put }, ev, call, in, env, out, 0,
		{ NULL, NULL, NULL } };

	(void)path;
	return eval_node(ev, call->list[0], in, NULL, env, &rg.base);
}

static int
f_error0(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	(void)call, (void)path, (void)env, (void)out;
	return eval_raise(ev, json_incref(in));
}

static json_t *
v_error1(struct eval *ev, json_t *in, json_t **args)
{
	(void)in;
	eval_raise(ev, json_incref(args[0]));
	return NULL;
}

static int
f_debug(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct buf b = { 0 };

	(void)ev, (void)call, (void)env;
	buf_adds(&b, "[\"DEBUG:\",");
	jtext_dump(&b, in);
	buf_adds(&b, "]\n");
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
	return out->put(out, in, path);
}

/* ---- sorting and grouping by a key expression ---- */

struct keyed {
	json_t *key; /* [f] of the element */
	json_t *item;
	size_t index; /* for a stable sort */
};

static int
compare_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = value_compare(x->key, y->key);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * jq 1.6 maps an object's values through [f] (so f's errors come first)
 * and then fails, naming the object and the keys: "object (...) and
 * array ([[1],[2]]) cannot be sorted, as they are not both arrays".
 */
static void
object_by_error(struct eval *ev, const struct node *f, json_t *in,
    const struct env *env, const char *what)
{
	struct buf msg = { 0 };
	json_t *keys = json_array(), *v, *key;
	const char *name;

	json_object_foreach(in, name, v)
	{
		if (f == NULL)
			key = json_pack("[O]", v);
		else if ((key = eval_collect(ev, f, v, env)) == NULL) {
			json_decref(keys);
			return;
		}
		json_array_append_new(keys, key);
	}
	value_describe(&msg, in);
	buf_adds(&msg, " and ");
	value_describe(&msg, keys);
	buf_printf(&msg, " cannot be %s", what);
	json_decref(keys);
	fail_err(ev, &msg);
}

/* Evaluates [f] for every element of in and sorts; NULL on error. */
static struct keyed *
sort_by_keys(struct eval *ev, const struct node *f, json_t *in,
    const struct env *env, size_t *n, const char *what)
{
	struct keyed *k;
	size_t i;

	if (json_is_object(in)) {
		object_by_error(ev, f, in, env, what);
		return NULL;
	}
	if (!json_is_array(in)) {
		cannot_iterate(ev, in);
		return NULL;
	}
	*n = json_array_size(in);
	k = xcalloc(*n ? *n : 1, sizeof(*k));
	for (i = 0; i < *n; i++) {
		k[i].item = json_array_get(in, i);
		k[i].index = i;
		k[i].key = eval_collect(ev, f, k[i].item, env);
		if (k[i].key == NULL) {
			while (i-- > 0)
				json_decref(k[i].key);
			free(k);
			return NULL;
		}
	}
	qsort(k, *n, sizeof(*k), compare_keyed);
	return k;
}

static void
free_keyed(struct keyed *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_decref(k[i].key);
	free(k);
}

enum by_kind { BY_SORT, BY_GROUP, BY_UNIQUE, BY_MIN, BY_MAX };

static int
by_impl(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out, enum by_kind kind)
{
	struct keyed *k;
	json_t *r, *group = NULL;
	size_t n, i;

	if (path != NULL)
		return eval_fail(ev, "Invalid path expression");
	k = sort_by_keys(ev, call->list[0], in, env, &n,
	    kind == BY_MIN || kind == BY_MAX
		? "iterated over"
		: "sorted, as they are not both arrays");
	if (k == NULL)
		return R_ERROR;
	if (kind == BY_MIN || kind == BY_MAX) {
		/* jq: the last of equal maxima, the first of equal minima */
		r = n == 0 ? json_null()
			   : json_incref(k[kind == BY_MIN ? 0 : n - 1].item);
		free_keyed(k, n);
		return eval_put(out, r, NULL);
	}
	r = json_array();
	for (i = 0; i < n; i++) {
		int same = i > 0 && value_equal(k[i].key, k[i - 1].key);

		if (kind == BY_SORT) {
			json_array_append(r, k[i].item);
		} else if (kind == BY_UNIQUE) {
			if (!same)
				json_array_append(r, k[i].item);
		} else {
			if (!same) {
				group = json_array();
				json_array_append_new(r, group);
			}
			json_array_append(group, k[i].item);
		}
	}
	free_keyed(k, n);
	return eval_put(out, r, NULL);
}

static int
f_sort_by(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return by_impl(ev, call, in, path, env, out, BY_SORT);
}

static int
f_group_by(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return by_impl(ev, call, in, path, env, out, BY_GROUP);
}

static int
f_unique_by(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return by_impl(ev, call, in, path, env, out, BY_UNIQUE);
}

static int
f_min_by(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return by_impl(ev, call, in, path, env, out, BY_MIN);
}

static int
f_max_by(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return by_impl(ev, call, in, path, env, out, BY_MAX);
}

/* ---- value functions ---- */

static json_t *
v_not(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev, (void)args;
	return json_boolean(!value_truthy(in));
}

static json_t *
v_length(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	switch (json_typeof(in)) {
	case JSON_NULL: return json_integer(0);
	case JSON_TRUE:
	case JSON_FALSE: return eval_fail_value(ev, in, " has no length");
	case JSON_INTEGER:
		/* -INT64_MIN does not fit: it becomes a real, as in jq */
		if (json_integer_value(in) == INT64_MIN)
			return value_real(-(double)INT64_MIN);
		return json_integer(json_integer_value(in) < 0
			? -json_integer_value(in)
			: json_integer_value(in));
	case JSON_REAL: return value_real(fabs(json_real_value(in)));
	case JSON_STRING:
		return json_integer(
		    (json_int_t)utf8_length(json_string_value(in),
			json_string_length(in)));
	case JSON_ARRAY: return json_integer((json_int_t)json_array_size(in));
	case JSON_OBJECT: return json_integer((json_int_t)json_object_size(in));
	}
	return NULL;
}

static json_t *
v_utf8bytelength(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	if (!json_is_string(in))
		return eval_fail_value(ev, in,
		    " only strings have UTF-8 byte length");
	return json_integer((json_int_t)json_string_length(in));
}

static json_t *
v_type(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev, (void)args;
	return json_string(value_type(in));
}

static json_t *
v_keys(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *r = value_keys(in, &err);

	(void)args;
	return r != NULL ? r : fail_err(ev, &err);
}

static json_t *
v_keys_unsorted(struct eval *ev, json_t *in, json_t **args)
{
	const char *k;
	size_t klen;
	json_t *r, *x;

	if (!json_is_object(in))
		return v_keys(ev, in, args);
	r = json_array();
	json_object_keylen_foreach(in, k, klen, x)
	    json_array_append_new(r, json_stringn_nocheck(k, klen));
	return r;
}

static json_t *
v_has(struct eval *ev, json_t *in, json_t **args)
{
	json_t *k = args[0];
	double d;

	if (json_is_null(in)) /* jq 1.6: null has no key */
		return json_false();
	if (json_is_object(in) && json_is_string(k))
		return json_boolean(json_object_getn(in, json_string_value(k),
					json_string_length(k)) != NULL);
	if (json_is_array(in) && json_is_number(k)) {
		d = value_number(k);
		return json_boolean(d >= 0 && d < (double)json_array_size(in));
	}
	{
		struct buf msg = { 0 };

		buf_adds(&msg, "Cannot check whether ");
		buf_adds(&msg, value_type(in));
		buf_adds(&msg, " has a ");
		buf_adds(&msg, value_type(k));
		buf_adds(&msg, " key");
		return fail_err(ev, &msg);
	}
}

static json_t *
v_contains(struct eval *ev, json_t *in, json_t **args)
{
	struct buf msg = { 0 };

	if (json_typeof(in) == json_typeof(args[0]) ||
	    (json_is_boolean(in) && json_is_boolean(args[0])) ||
	    (json_is_number(in) && json_is_number(args[0])))
		return json_boolean(value_contains(in, args[0]));
	value_describe(&msg, in);
	buf_adds(&msg, " and ");
	value_describe(&msg, args[0]);
	buf_adds(&msg, " cannot have their containment checked");
	return fail_err(ev, &msg);
}

static json_t *
v_add(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *acc = json_null(), *x, *next;
	size_t i;

	(void)args;
	if (json_is_object(in)) {
		const char *k;

		json_object_foreach(in, k, x)
		{
			if ((next = value_add(acc, x, &err)) == NULL)
				break;
			json_decref(acc);
			acc = next;
		}
		if (err.len > 0) {
			json_decref(acc);
			return fail_err(ev, &err);
		}
		return acc;
	}
	if (!json_is_array(in))
		return cannot_iterate(ev, in);
	json_array_foreach(in, i, x)
	{
		if ((next = value_add(acc, x, &err)) == NULL) {
			json_decref(acc);
			return fail_err(ev, &err);
		}
		json_decref(acc);
		acc = next;
	}
	return acc;
}

static json_t *
v_sort(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	if (!json_is_array(in))
		return eval_fail_value(ev, in,
		    " cannot be sorted, as it is not an array");
	return value_sort(in);
}

static json_t *
v_unique(struct eval *ev, json_t *in, json_t **args)
{
	json_t *sorted, *r, *x;
	size_t i;

	if (json_is_object(in)) {
		object_by_error(ev, NULL, in, NULL,
		    "sorted, as they are not both arrays");
		return NULL;
	}
	if (!json_is_array(in))
		return cannot_iterate(ev, in);
	if ((sorted = v_sort(ev, in, args)) == NULL)
		return NULL;
	r = json_array();
	json_array_foreach(sorted, i,
	    x) if (i == 0 || !value_equal(x, json_array_get(sorted, i - 1)))
	    json_array_append(r, x);
	json_decref(sorted);
	return r;
}

static json_t *
minmax(struct eval *ev, json_t *in, int want_max)
{
	json_t *best = NULL, *x;
	size_t i;

	/* jq 1.6's own wording, the value named twice */
	if (!json_is_array(in)) {
		struct buf msg = { 0 };

		value_describe(&msg, in);
		buf_adds(&msg, " and ");
		value_describe(&msg, in);
		buf_adds(&msg, " cannot be iterated over");
		return fail_err(ev, &msg);
	}
	json_array_foreach(in, i, x)
	{
		int c = best == NULL ? 0 : value_compare(x, best);

		if (best == NULL || (want_max ? c >= 0 : c < 0))
			best = x;
	}
	return best != NULL ? json_incref(best) : json_null();
}

static json_t *
v_min(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return minmax(ev, in, 0);
}

static json_t *
v_max(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return minmax(ev, in, 1);
}

static json_t *
v_getpath_value(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *r = value_getpath(in, args[0], &err);

	return r != NULL ? r : fail_err(ev, &err);
}

static json_t *
v_setpath(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *r = value_setpath(json_incref(in), args[0], 0, args[1], &err);

	return r != NULL ? r : fail_err(ev, &err);
}

static json_t *
v_delpaths(struct eval *ev, json_t *in, json_t **args)
{
	struct buf err = { 0 };
	json_t *r = value_delpaths(json_incref(in), args[0], &err);

	return r != NULL ? r : fail_err(ev, &err);
}

static json_t *
v_infinite(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev, (void)in, (void)args;
	return value_real(INFINITY);
}

static json_t *
v_nan(struct eval *ev, json_t *in, json_t **args)
{
	(void)ev, (void)in, (void)args;
	return value_real(NAN);
}

static json_t *
number_test(struct eval *ev, json_t *in, int (*test)(double))
{
	(void)ev;
	/* jq 1.6: false for what is not a number */
	return json_boolean(json_is_number(in) && test(value_number(in)));
}

/* Infinities are held as +-DBL_MAX (jansson has no infinity). */
static int
is_inf(double d)
{
	return isinf(d) || fabs(d) == DBL_MAX;
}
static int
is_nan(double d)
{
	return isnan(d) != 0;
}
static int
is_normal(double d)
{
	return isnormal(d) != 0;
}

static json_t *
v_isinfinite(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return number_test(ev, in, is_inf);
}

static json_t *
v_isnan(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return number_test(ev, in, is_nan);
}

static json_t *
v_isnormal(struct eval *ev, json_t *in, json_t **args)
{
	(void)args;
	return number_test(ev, in, is_normal);
}

static const struct builtin natives[] = {
	{ "empty", 0, f_empty, NULL },
	{ "select", 1, f_select, NULL },
	{ "recurse", 0, f_recurse, NULL },
	{ "path", 1, f_path, NULL },
	{ "getpath", 1, f_getpath, NULL },
	{ "first", 1, f_first, NULL },
	{ "limit", 2, f_limit, NULL },
	{ "range", 2, f_range, NULL },
	{ "range", 3, f_range, NULL },
	{ "error", 0, f_error0, NULL },
	{ "error", 1, builtin_call_values, v_error1 },
	{ "debug", 0, f_debug, NULL },
	{ "sort_by", 1, f_sort_by, NULL },
	{ "group_by", 1, f_group_by, NULL },
	{ "unique_by", 1, f_unique_by, NULL },
	{ "min_by", 1, f_min_by, NULL },
	{ "max_by", 1, f_max_by, NULL },
	{ "not", 0, builtin_call_values, v_not },
	{ "length", 0, builtin_call_values, v_length },
	{ "utf8bytelength", 0, builtin_call_values, v_utf8bytelength },
	{ "type", 0, builtin_call_values, v_type },
	{ "keys", 0, builtin_call_values, v_keys },
	{ "keys_unsorted", 0, builtin_call_values, v_keys_unsorted },
	{ "has", 1, builtin_call_values, v_has },
	{ "contains", 1, builtin_call_values, v_contains },
	{ "add", 0, builtin_call_values, v_add },
	{ "sort", 0, builtin_call_values, v_sort },
	{ "unique", 0, builtin_call_values, v_unique },
	{ "min", 0, builtin_call_values, v_min },
	{ "max", 0, builtin_call_values, v_max },
	{ "_getpath", 1, builtin_call_values, v_getpath_value },
	{ "setpath", 2, builtin_call_values, v_setpath },
	{ "delpaths", 1, builtin_call_values, v_delpaths },
	{ "infinite", 0, builtin_call_values, v_infinite },
	{ "nan", 0, builtin_call_values, v_nan },
	{ "isinfinite", 0, builtin_call_values, v_isinfinite },
	{ "isnan", 0, builtin_call_values, v_isnan },
	{ "isnormal", 0, builtin_call_values, v_isnormal },
};

static const size_t natives_count = sizeof(natives) / sizeof(natives[0]);

void
builtin_name_add(json_t *out, const char *name, int arity)
{
	char s[128];
	size_t i;

	if (name[0] == '_')
		return; /* jq hides its internal helpers too */
	snprintf(s, sizeof(s), "%s/%d", name, arity);
	for (i = 0; i < json_array_size(out); i++)
		if (strcmp(json_string_value(json_array_get(out, i)), s) == 0)
			return;
	json_array_append_new(out, json_string(s));
}

/* The natives of the files of builtins, each a table. */
static const struct {
	const struct builtin *table;
	const size_t *count;
} tables[] = {
	{ natives, &natives_count },
	{ builtin_io_natives, &builtin_io_count },
	{ builtin_text_natives, &builtin_text_count },
};

void
builtin_names(json_t *out)
{
	size_t t, i;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (i = 0; i < *tables[t].count; i++)
			builtin_name_add(out, tables[t].table[i].name,
			    tables[t].table[i].arity);
	builtin_math_names(out);
}

const struct builtin *
builtin_find(const char *name, int arity)
{
	const struct builtin *b;
	size_t t, i;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (i = 0; i < *tables[t].count; i++) {
			b = &tables[t].table[i];
			if (b->arity == arity && strcmp(b->name, name) == 0)
				return b;
		}
	return builtin_math_find(name, arity);
}
