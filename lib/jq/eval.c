/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "assign.h"
#include "builtin.h"
#include "eval.h"
#include "expr.h"
#include "interrupt.h"
#include "jtext.h"
#include "lex.h"
#include "value.h"
#include "xalloc.h"

extern char **environ;

int
eval_raise(struct eval *ev, json_t *v)
{
	json_decref(ev->error);
	ev->error = v;
	return R_ERROR;
}

int
eval_fail(struct eval *ev, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return eval_raise(ev, json_stringn(text, strlen(text)));
}

int
eval_fail_buf(struct eval *ev, struct buf *msg)
{
	return eval_raise(ev,
	    json_stringn_nocheck(msg->data ? msg->data : "", msg->len));
}

json_t *
eval_fail_value(struct eval *ev, json_t *v, const char *what)
{
	struct buf msg = { 0 };

	value_describe(&msg, v);
	buf_adds(&msg, what);
	eval_fail_buf(ev, &msg);
	buf_free(&msg);
	return NULL;
}

int
eval_put(struct sink *out, json_t *v, json_t *path)
{
	int r = out->put(out, v, path);

	json_decref(v);
	return r;
}

json_t *
path_append(json_t *path, json_t *key)
{
	json_t *p = json_copy(path);

	json_array_append(p, key);
	return p;
}

json_t *
eval_env_object(struct eval *ev)
{
	char **e;
	const char *eq;
	json_t *v;

	if (ev->env_object != NULL)
		return ev->env_object;
	ev->env_object = json_object();
	for (e = environ; *e != NULL; e++) {
		if ((eq = strchr(*e, '=')) == NULL)
			continue;
		v = json_string(eq + 1); /* NULL when not UTF-8 */
		json_object_setn_new(ev->env_object, *e, (size_t)(eq - *e),
		    v != NULL ? v : json_null());
	}
	return ev->env_object;
}

/* jq 1.6 writes the value itself, cut to 29 bytes as its errbuf[30]. */
static void
add_cut(struct buf *msg, const json_t *v)
{
	struct buf dump = { 0 };

	jtext_dump(&dump, v);
	if (dump.len > 29) {
		buf_add(msg, dump.data, 26);
		buf_adds(msg, "...");
	} else {
		buf_add(msg, dump.data, dump.len);
	}
	buf_free(&dump);
}

int
eval_bad_result(struct eval *ev, json_t *v)
{
	struct buf msg = { 0 };
	int r;

	buf_adds(&msg, "Invalid path expression with result ");
	add_cut(&msg, v);
	r = eval_fail_buf(ev, &msg);
	buf_free(&msg);
	return r;
}

/* The marked path is [marker, value]: no real path holds the marker. */
json_t *
eval_bad_path(struct eval *ev, json_t *v)
{
	if (ev->bad_marker == NULL)
		ev->bad_marker = json_object();
	return json_pack("[O,O]", ev->bad_marker, v);
}

json_t *
eval_bad_value(const struct eval *ev, const json_t *path)
{
	if (ev->bad_marker == NULL || !json_is_array(path) ||
	    json_array_size(path) != 2 ||
	    json_array_get(path, 0) != ev->bad_marker)
		return NULL;
	return json_array_get(path, 1);
}

int
eval_bad_step(struct eval *ev, const json_t *path, const json_t *key)
{
	struct buf msg = { 0 };
	int r;

	buf_adds(&msg, "Invalid path expression near attempt to ");
	if (key == NULL) {
		buf_adds(&msg, "iterate through ");
	} else {
		buf_adds(&msg, "access element ");
		add_cut(&msg, key);
		buf_adds(&msg, " of ");
	}
	add_cut(&msg, eval_bad_value(ev, path));
	r = eval_fail_buf(ev, &msg);
	buf_free(&msg);
	return r;
}

/* Emits a value computed in value mode; in path mode, with a marked path. */
int
eval_emit(struct eval *ev, struct sink *out, json_t *v, json_t *path)
{
	json_t *bad;
	int r;

	if (v == NULL)
		return R_ERROR;
	if (path != NULL) {
		bad = eval_bad_path(ev, v);
		r = out->put(out, v, bad);
		json_decref(bad);
		json_decref(v);
		return r;
	}
	return eval_put(out, v, NULL);
}

/* An error that try and // must let through: a signal stops everything. */
static int
uncatchable(void)
{
	return interrupt_pending() != 0;
}

/* Collecting outputs into an array. */
struct collect {
	struct sink base;
	json_t *array;
};

static int
collect_put(struct sink *s, json_t *v, json_t *path)
{
	struct collect *c = (struct collect *)s;

	(void)path;
	json_array_append(c->array, v);
	return R_OK;
}

json_t *
eval_collect(struct eval *ev, const struct node *n, json_t *in,
    const struct env *env)
{
	struct collect c = { { collect_put }, json_array() };

	if (eval_node(ev, n, in, NULL, env, &c.base) != R_OK) {
		json_decref(c.array);
		return NULL;
	}
	return c.array;
}

/* .[key] once the key is known */
static int
index_with(struct eval *ev, json_t *v, json_t *path, json_t *key,
    struct sink *out)
{
	struct buf err = { 0 };
	json_t *r, *p;
	int rc;

	if (path != NULL && eval_bad_value(ev, path) != NULL)
		return eval_bad_step(ev, path, key);
	if ((r = value_index(v, key, &err)) == NULL) {
		rc = eval_fail_buf(ev, &err);
		buf_free(&err);
		return rc;
	}
	if (path == NULL)
		return eval_put(out, r, NULL);
	p = path_append(path, key);
	rc = out->put(out, r, p);
	json_decref(p);
	json_decref(r);
	return rc;
}

struct index_term {
	struct sink base;
	struct eval *ev;
	json_t *key;
	struct sink *out;
};

static int
index_term_put(struct sink *s, json_t *v, json_t *path)
{
	struct index_term *t = (struct index_term *)s;

	return index_with(t->ev, v, path, t->key, t->out);
}

struct index_key {
	struct sink base;
	struct eval *ev;
	const struct node *term;
	json_t *in, *path;
	const struct env *env;
	struct sink *out;
};

static int
index_key_put(struct sink *s, json_t *key, json_t *path)
{
	struct index_key *k = (struct index_key *)s;
	struct index_term t = { { index_term_put }, k->ev, key, k->out };

	(void)path;
	if (k->term->kind == N_IDENTITY)
		return index_with(k->ev, k->in, k->path, key, k->out);
	return eval_node(k->ev, k->term, k->in, k->path, k->env, &t.base);
}

static int
eval_index(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct index_key k = { { index_key_put }, ev, n->a, in, path, env,
		out };

	if (n->b->kind == N_LITERAL)
		return index_key_put(&k.base, n->b->value, NULL);
	return eval_node(ev, n->b, in, NULL, env, &k.base);
}

struct slice {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in, *path, *from;
	const struct env *env;
	struct sink *out;
	int stage; /* 0: collecting from, 1: to, 2: the term */
	json_t *to;
};

static int
slice_put(struct sink *s, json_t *v, json_t *path)
{
	struct slice *sl = (struct slice *)s, next = *sl;
	struct buf err = { 0 };
	json_t *r, *key;
	int rc;

	if (sl->stage == 0) {
		next.from = v;
		next.stage = 1;
		if (sl->n->c == NULL)
			return slice_put(&next.base, json_null(), NULL);
		return eval_node(sl->ev, sl->n->c, sl->in, NULL, sl->env,
		    &next.base);
	}
	if (sl->stage == 1) {
		next.to = v;
		next.stage = 2;
		return eval_node(sl->ev, sl->n->a, sl->in, sl->path, sl->env,
		    &next.base);
	}
	if ((r = value_slice(v, sl->from, sl->to, &err)) == NULL) {
		rc = eval_fail_buf(sl->ev, &err);
		buf_free(&err);
		return rc;
	}
	if (path == NULL)
		return eval_put(sl->out, r, NULL);
	key = json_pack("{s:O,s:O}", "start", sl->from, "end", sl->to);
	if (eval_bad_value(sl->ev, path) != NULL) {
		rc = eval_bad_step(sl->ev, path, key);
		json_decref(key);
		json_decref(r);
		return rc;
	}
	path = path_append(path, key);
	rc = sl->out->put(sl->out, r, path);
	json_decref(path);
	json_decref(key);
	json_decref(r);
	return rc;
}

static int
eval_slice(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct slice sl = { { slice_put }, ev, n, in, path, NULL, env, out, 0,
		NULL };

	if (n->b == NULL)
		return slice_put(&sl.base, json_null(), NULL);
	return eval_node(ev, n->b, in, NULL, env, &sl.base);
}

struct iterate {
	struct sink base;
	struct eval *ev;
	struct sink *out;
};

static int
iterate_put(struct sink *s, json_t *v, json_t *path)
{
	struct iterate *it = (struct iterate *)s;
	struct buf msg = { 0 };
	const char *k;
	json_t *x, *key, *p;
	size_t i, klen;
	int r = R_OK;

	if (path != NULL && eval_bad_value(it->ev, path) != NULL)
		return eval_bad_step(it->ev, path, NULL);
	if (json_is_array(v)) {
		for (i = 0; r == R_OK && i < json_array_size(v); i++) {
			x = json_array_get(v, i);
			if (path == NULL) {
				r = it->out->put(it->out, x, NULL);
				continue;
			}
			key = json_integer((json_int_t)i);
			p = path_append(path, key);
			r = it->out->put(it->out, x, p);
			json_decref(p);
			json_decref(key);
		}
		return r;
	}
	if (json_is_object(v)) {
		json_object_keylen_foreach(v, k, klen, x)
		{
			if (path == NULL) {
				r = it->out->put(it->out, x, NULL);
			} else {
				key = json_stringn_nocheck(k, klen);
				p = path_append(path, key);
				r = it->out->put(it->out, x, p);
				json_decref(p);
				json_decref(key);
			}
			if (r != R_OK)
				break;
		}
		return r;
	}
	buf_adds(&msg, "Cannot iterate over ");
	value_describe(&msg, v);
	r = eval_fail_buf(it->ev, &msg);
	buf_free(&msg);
	return r;
}

struct pipe {
	struct sink base;
	struct eval *ev;
	const struct node *next;
	const struct env *env;
	struct sink *out;
};

static int
pipe_put(struct sink *s, json_t *v, json_t *path)
{
	struct pipe *p = (struct pipe *)s;

	return eval_node(p->ev, p->next, v, path, p->env, p->out);
}

struct binop {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in, *right;
	const struct env *env;
	struct sink *out;
};

static json_t *
apply_binop(int op, json_t *a, json_t *b, struct buf *err)
{
	int c;

	switch (op) {
	case T_PLUS: return value_add(a, b, err);
	case T_MINUS: return value_sub(a, b, err);
	case T_STAR: return value_mul(a, b, err);
	case T_SLASH: return value_div(a, b, err);
	case T_PERCENT: return value_mod(a, b, err);
	}
	c = value_compare(a, b);
	switch (op) {
	case T_EQ: return json_boolean(c == 0);
	case T_NE: return json_boolean(c != 0);
	case T_LT: return json_boolean(c < 0);
	case T_LE: return json_boolean(c <= 0);
	case T_GT: return json_boolean(c > 0);
	default: return json_boolean(c >= 0);
	}
}

static int
binop_left_put(struct sink *s, json_t *left, json_t *path)
{
	struct binop *b = (struct binop *)s;
	struct buf err = { 0 };
	json_t *r;
	int rc;

	(void)path;
	if ((r = apply_binop(b->n->op, left, b->right, &err)) == NULL) {
		rc = eval_fail_buf(b->ev, &err);
		buf_free(&err);
		return rc;
	}
	return eval_put(b->out, r, NULL);
}

/* jq runs the right operand in the outer loop: (1,2)+(10,20) is 11,12,21,22. */
static int
binop_right_put(struct sink *s, json_t *right, json_t *path)
{
	struct binop *b = (struct binop *)s, left = *b;

	(void)path;
	left.base.put = binop_left_put;
	left.right = right;
	if (b->n->a->kind == N_LITERAL)
		return binop_left_put(&left.base, b->n->a->value, NULL);
	if (b->n->a->kind == N_IDENTITY)
		return binop_left_put(&left.base, b->in, NULL);
	return eval_node(b->ev, b->n->a, b->in, NULL, b->env, &left.base);
}

/*
 * A node that makes values, not paths (a + b, -a, and, or, an
 * assignment), used in a path: evaluated for its values, each going on
 * with a marked path (eval_emit), as in jq 1.6, so path(.a + 1) fails
 * naming the sum.
 */
struct valpath {
	struct sink base;
	struct eval *ev;
	json_t *path;
	struct sink *out;
};

static int
valpath_put(struct sink *s, json_t *v, json_t *unused)
{
	struct valpath *vp = (struct valpath *)s;

	(void)unused;
	return eval_emit(vp->ev, vp->out, json_incref(v), vp->path);
}

static int
eval_values_in_path(struct eval *ev, const struct node *n, json_t *in,
    json_t *path, const struct env *env, struct sink *out)
{
	struct valpath vp = { { valpath_put }, ev, path, out };

	return eval_node(ev, n, in, NULL, env, &vp.base);
}

static int
eval_binop(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct binop b = { { binop_right_put }, ev, n, in, NULL, env, out };

	if (path != NULL)
		return eval_values_in_path(ev, n, in, path, env, out);
	if (n->b->kind == N_LITERAL)
		return binop_right_put(&b.base, n->b->value, NULL);
	return eval_node(ev, n->b, in, NULL, env, &b.base);
}

struct logic {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in;
	const struct env *env;
	struct sink *out;
};

static int
logic_right_put(struct sink *s, json_t *v, json_t *path)
{
	struct logic *l = (struct logic *)s;

	(void)path;
	return l->out->put(l->out, json_boolean(value_truthy(v)), NULL);
}

static int
logic_left_put(struct sink *s, json_t *v, json_t *path)
{
	struct logic *l = (struct logic *)s, right = *l;
	int is_and = l->n->kind == N_AND;

	(void)path;
	if (is_and && !value_truthy(v))
		return l->out->put(l->out, json_false(), NULL);
	if (!is_and && value_truthy(v))
		return l->out->put(l->out, json_true(), NULL);
	right.base.put = logic_right_put;
	return eval_node(l->ev, l->n->b, l->in, NULL, l->env, &right.base);
}

/*
 * Forwards outputs and notes whether an error came from downstream, so
 * that try and // catch only the errors of their own body.
 */
struct forward {
	struct sink base;
	struct sink *out;
	int downstream;
	int emitted;
	int truthy_only; /* for //: drop false and null */
};

static int
forward_put(struct sink *s, json_t *v, json_t *path)
{
	struct forward *f = (struct forward *)s;
	int r;

	if (f->truthy_only && !value_truthy(v))
		return R_OK;
	f->emitted = 1;
	r = f->out->put(f->out, v, path);
	if (r != R_OK)
		f->downstream = 1;
	return r;
}

static int
eval_alt(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct forward f = { { forward_put }, out, 0, 0, 1 };
	int r = eval_node(ev, n->a, in, path, env, &f.base);

	if (f.downstream || (r == R_ERROR && uncatchable()))
		return r;
	if (r == R_ERROR) {
		json_decref(ev->error);
		ev->error = NULL;
	} else if (r != R_OK) {
		return r;
	}
	if (f.emitted)
		return R_OK;
	return eval_node(ev, n->b, in, path, env, out);
}

static int
eval_try(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct forward f = { { forward_put }, out, 0, 0, 0 };
	int r = eval_node(ev, n->a, in, path, env, &f.base);
	json_t *err;

	if (r != R_ERROR || f.downstream || uncatchable())
		return r;
	err = ev->error;
	ev->error = NULL;
	/* jq: error(null) caught is just the end of the body's outputs */
	if (n->b == NULL || json_is_null(err)) {
		json_decref(err);
		return R_OK;
	}
	r = eval_node(ev, n->b, err, NULL, env, out);
	json_decref(err);
	return r;
}

struct cond {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in, *path;
	const struct env *env;
	struct sink *out;
};

static int
cond_put(struct sink *s, json_t *v, json_t *path)
{
	struct cond *c = (struct cond *)s;
	const struct node *branch = value_truthy(v) ? c->n->b : c->n->c;

	(void)path;
	if (branch == NULL)
		return c->out->put(c->out, c->in, c->path);
	return eval_node(c->ev, branch, c->in, c->path, c->env, c->out);
}

/*
 * Binding the variables of "as": a plain $name is one frame; a pattern
 * is taken apart into a list of (pattern, value) still to bind, each
 * variable getting a frame on the C stack, and run is called with the
 * environment that has them all.
 */
struct binder {
	struct eval *ev;
	json_t *in; /* what pattern keys are evaluated against */
	const struct env *keys; /* and where: not the pattern's own $vars */
	int (*run)(void *ctx, const struct env *env);
	void *ctx;
};

struct pending {
	const struct node *pat;
	json_t *v; /* owned */
	int entry; /* an object pattern: the entry to bind next */
};

/* v[key] as jq indexes it; NULL after eval_fail. */
static json_t *
pattern_index(struct eval *ev, json_t *v, json_t *key)
{
	struct buf err = { 0 };
	json_t *r = value_index(v, key, &err);

	if (r == NULL) {
		eval_fail_buf(ev, &err);
		buf_free(&err);
	}
	return r;
}

static int bind_pending(struct binder *b, struct pending *todo, size_t n,
    const struct env *env);

/*
 * The rest of todo with in front of it what is still to bind: first
 * (pattern pat, value part), then more (or nothing when more.pat is
 * NULL).
 */
static int
bind_then(struct binder *b, const struct pending *todo, size_t n,
    const struct env *env, struct pending first, struct pending more)
{
	struct pending *next = xcalloc(n + 2, sizeof(*next));
	size_t k = 0;
	int r;

	next[k++] = first;
	if (more.pat != NULL)
		next[k++] = more;
	memcpy(next + k, todo + 1, (n - 1) * sizeof(*next));
	r = bind_pending(b, next, k + n - 1, env);
	free(next);
	return r;
}

/*
 * One entry of an object pattern, for every output of its key: as in
 * jq, {("a","b"): $x} binds $x twice.  A key sees the variables around
 * the pattern, not those the pattern binds.
 */
struct pattern_key {
	struct sink base;
	struct binder *b;
	const struct pending *todo;
	size_t n;
	const struct env *env;
};

static int
pattern_key_put(struct sink *s, json_t *key, json_t *path)
{
	struct pattern_key *k = (struct pattern_key *)s;
	const struct pending *top = k->todo;
	struct pending first, more = *top;
	int r;

	(void)path;
	if (!json_is_string(key))
		return eval_fail(k->b->ev, "%s",
		    "Cannot index object with a key that is not a string");
	first.pat = top->pat->list[2 * top->entry + 1];
	first.entry = 0;
	if ((first.v = pattern_index(k->b->ev, top->v, key)) == NULL)
		return R_ERROR;
	more.entry++;
	r = bind_then(k->b, k->todo, k->n, k->env, first, more);
	json_decref(first.v);
	return r;
}

static int
bind_object(struct binder *b, struct pending *todo, size_t n,
    const struct env *env)
{
	struct pattern_key k = { { pattern_key_put }, b, todo, n, env };
	const struct node *p = todo[0].pat;

	if (todo[0].entry == p->nlist / 2)
		return bind_pending(b, todo + 1, n - 1, env);
	return eval_node(b->ev, p->list[2 * todo[0].entry], b->in, NULL,
	    b->keys, &k.base);
}

static int
bind_array(struct binder *b, struct pending *todo, size_t n,
    const struct env *env)
{
	const struct node *p = todo[0].pat;
	struct pending *next;
	json_t *key;
	size_t i, m = (size_t)p->nlist;
	int r = R_OK;

	next = xcalloc(m + n, sizeof(*next));
	for (i = 0; i < m && r == R_OK; i++) {
		next[i].pat = p->list[i];
		key = json_integer((json_int_t)i);
		if ((next[i].v = pattern_index(b->ev, todo[0].v, key)) == NULL)
			r = R_ERROR;
		json_decref(key);
	}
	memcpy(next + m, todo + 1, (n - 1) * sizeof(*next));
	if (r == R_OK)
		r = bind_pending(b, next, m + n - 1, env);
	for (i = 0; i < m; i++)
		json_decref(next[i].v);
	free(next);
	return r;
}

static int
bind_pending(struct binder *b, struct pending *todo, size_t n,
    const struct env *env)
{
	const struct node *p;

	if (n == 0)
		return b->run(b->ctx, env);
	p = todo[0].pat;
	if (p->op == PAT_VAR) {
		struct env frame = { env, ENV_VAR, NULL, p->name, todo[0].v,
			NULL, NULL };

		return bind_pending(b, todo + 1, n - 1, &frame);
	}
	if (p->op == PAT_ARRAY)
		return bind_array(b, todo, n, env);
	return bind_object(b, todo, n, env);
}

/* Binds v as n says ($name or n->pattern) and calls run. */
static int
with_binding(struct eval *ev, const struct node *n, json_t *v, json_t *in,
    const struct env *env, int (*run)(void *, const struct env *), void *ctx)
{
	struct binder b = { ev, in, env, run, ctx };
	struct pending top;

	if (n->pattern == NULL) {
		struct env frame = { env, ENV_VAR, NULL, n->name, v, NULL,
			NULL };

		return run(ctx, &frame);
	}
	top.pat = n->pattern;
	top.v = v;
	top.entry = 0;
	return bind_pending(&b, &top, 1, env);
}

struct bind {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in, *path;
	const struct env *env;
	struct sink *out;
};

static int
bind_body(void *ctx, const struct env *env)
{
	struct bind *b = ctx;

	return eval_node(b->ev, b->n->b, b->in, b->path, env, b->out);
}

/* Appends every $name of pattern p to vars, as pending nulls. */
static void
pattern_vars(const struct node *p, struct pending **vars, size_t *n)
{
	int i;

	if (p->op == PAT_VAR) {
		*vars = xrealloc(*vars, (*n + 1) * sizeof(**vars));
		(*vars)[*n].pat = p;
		(*vars)[*n].entry = 0;
		(*vars)[(*n)++].v = json_null();
		return;
	}
	for (i = p->op == PAT_OBJECT; i < p->nlist;
	     i += 1 + (p->op == PAT_OBJECT))
		pattern_vars(p->list[i], vars, n);
}

/*
 * E as P1 ?// P2 ... | body: every variable of every pattern is bound,
 * null unless the pattern being tried binds it.  An error in the
 * destructuring or in the body (not downstream) moves on to the next
 * pattern; the last one's errors are the expression's.
 */
static int
bind_alternatives(struct bind *b, json_t *v)
{
	struct forward f = { { forward_put }, b->out, 0, 0, 0 };
	struct bind alt = *b; /* the body's outputs go through f */
	struct binder bd = { b->ev, b->in, b->env, bind_body, &alt };
	struct pending *todo = NULL;
	size_t nvars = 0, i;
	int k, r = R_OK;

	alt.out = &f.base;
	pattern_vars(b->n->pattern, &todo, &nvars);
	for (k = 0; k < b->n->nlist; k++)
		pattern_vars(b->n->list[k], &todo, &nvars);
	todo = xrealloc(todo, (nvars + 1) * sizeof(*todo));
	for (k = -1; k < b->n->nlist; k++) {
		todo[nvars].pat = k < 0 ? b->n->pattern : b->n->list[k];
		todo[nvars].v = v;
		todo[nvars].entry = 0;
		r = bind_pending(&bd, todo, nvars + 1, b->env);
		if (r != R_ERROR || f.downstream || uncatchable() ||
		    k == b->n->nlist - 1)
			break;
		json_decref(b->ev->error);
		b->ev->error = NULL;
	}
	for (i = 0; i < nvars; i++)
		json_decref(todo[i].v);
	free(todo);
	return r;
}

static int
bind_put(struct sink *s, json_t *v, json_t *path)
{
	struct bind *b = (struct bind *)s;

	(void)path;
	if (b->n->nlist > 0)
		return bind_alternatives(b, v);
	return with_binding(b->ev, b->n, v, b->in, b->env, bind_body, b);
}

/* Keeps the last output of an update expression (reduce), and its path. */
struct last {
	struct sink base;
	json_t *value, *path;
};

static int
last_put(struct sink *s, json_t *v, json_t *path)
{
	struct last *l = (struct last *)s;

	json_decref(l->value);
	json_decref(l->path);
	l->value = json_incref(v);
	l->path = json_incref(path);
	return R_OK;
}

/*
 * reduce and foreach.  In a path, as in jq, the state is a path too:
 * the init's, then each update's, so path(reduce ...) is the path of the
 * last state, and a state that is not one is named in the error.
 */
struct fold {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	const struct env *env;
	json_t *state;	  /* owned */
	json_t *path;	  /* owned: the state's path, in path mode */
	struct sink *out; /* foreach only */
	json_t *in;	  /* the input of reduce/foreach */
};

/* The new state and its path (both stolen; NULL v: null). */
static void
fold_set(struct fold *f, json_t *v, json_t *path)
{
	json_decref(f->state);
	json_decref(f->path);
	f->state = v != NULL ? v : json_null();
	f->path = path;
}

static int
reduce_update(void *ctx, const struct env *env)
{
	struct fold *f = ctx;
	struct last l = { { last_put }, NULL, NULL };
	int r;

	r = eval_node(f->ev, f->n->c, f->state, f->path, env, &l.base);
	if (f->path != NULL && l.value == NULL)
		l.path = eval_bad_path(f->ev, json_null());
	fold_set(f, l.value, l.path);
	return r;
}

static int
reduce_item_put(struct sink *s, json_t *item, json_t *path)
{
	struct fold *f = (struct fold *)s;

	(void)path;
	return with_binding(f->ev, f->n, item, f->in, f->env, reduce_update, f);
}

struct foreach_update {
	struct sink base;
	struct fold *fold;
	const struct env *frame;
};

static int
foreach_update_put(struct sink *s, json_t *v, json_t *path)
{
	struct foreach_update *u = (struct foreach_update *)s;
	struct fold *f = u->fold;

	fold_set(f, json_incref(v), json_incref(path));
	if (f->n->d == NULL)
		return f->out->put(f->out, v, path);
	return eval_node(f->ev, f->n->d, v, path, u->frame, f->out);
}

static int
foreach_update(void *ctx, const struct env *env)
{
	struct fold *f = ctx;
	struct foreach_update u = { { foreach_update_put }, f, env };
	json_t *state = json_incref(f->state), *path = json_incref(f->path);
	int r;

	r = eval_node(f->ev, f->n->c, state, path, env, &u.base);
	json_decref(state);
	json_decref(path);
	return r;
}

static int
foreach_item_put(struct sink *s, json_t *item, json_t *path)
{
	struct fold *f = (struct fold *)s;

	(void)path;
	return with_binding(f->ev, f->n, item, f->in, f->env, foreach_update,
	    f);
}

struct fold_init {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in;
	const struct env *env;
	struct sink *out;
};

static int
fold_init_put(struct sink *s, json_t *init, json_t *path)
{
	struct fold_init *fi = (struct fold_init *)s;
	struct fold f = { { reduce_item_put }, fi->ev, fi->n, fi->env,
		json_incref(init), json_incref(path), fi->out, fi->in };
	int r;

	if (fi->n->kind == N_FOREACH)
		f.base.put = foreach_item_put;
	r = eval_node(fi->ev, fi->n->a, fi->in, NULL, fi->env, &f.base);
	if (r == R_OK && fi->n->kind == N_REDUCE)
		r = fi->out->put(fi->out, f.state, f.path);
	json_decref(f.state);
	json_decref(f.path);
	return r;
}

struct object_build {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in;
	const struct env *env;
	struct sink *out;
	int i;	   /* entry being evaluated */
	int stage; /* 0: key, 1: value */
	json_t **keys, **values;
};

static int object_next(struct object_build *ob);

static int
object_put(struct sink *s, json_t *v, json_t *path)
{
	struct object_build *ob = (struct object_build *)s, next = *ob;

	(void)path;
	if (ob->stage == 0) {
		if (!json_is_string(v)) {
			struct buf msg = { 0 };
			int r;

			buf_adds(&msg, "Cannot use ");
			value_describe(&msg, v);
			buf_adds(&msg, " as object key");
			r = eval_fail_buf(ob->ev, &msg);
			buf_free(&msg);
			return r;
		}
		ob->keys[ob->i] = v;
		next.stage = 1;
		return eval_node(ob->ev, ob->n->list[2 * ob->i + 1], ob->in,
		    NULL, ob->env, &next.base);
	}
	ob->values[ob->i] = v;
	next.i = ob->i + 1;
	next.stage = 0;
	return object_next(&next);
}

static int
object_next(struct object_build *ob)
{
	json_t *obj;
	int k;

	if (2 * ob->i < ob->n->nlist)
		return eval_node(ob->ev, ob->n->list[2 * ob->i], ob->in, NULL,
		    ob->env, &ob->base);
	obj = json_object();
	for (k = 0; k < ob->i; k++)
		json_object_setn_nocheck(obj, json_string_value(ob->keys[k]),
		    json_string_length(ob->keys[k]), ob->values[k]);
	return eval_put(ob->out, obj, NULL);
}

static int
eval_object(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	json_t *slots[64], **keys, **values;
	struct object_build ob;
	int r, half = n->nlist / 2;

	if (path != NULL)
		return eval_fail(ev,
		    "Invalid path expression with result {...}");
	keys = half <= 32 ? slots : xmalloc(2 * (size_t)half * sizeof(*keys));
	values = keys + half;
	ob = (struct object_build){ { object_put }, ev, n, in, env, out, 0, 0,
		keys, values };
	r = object_next(&ob);
	if (keys != slots)
		free(keys);
	return r;
}

struct interp {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in;
	const struct env *env;
	struct sink *out;
	int i; /* part being evaluated, from the last down */
	json_t **parts;
	format_fn format;
};

static int interp_next(struct interp *ip);

static int
interp_put(struct sink *s, json_t *v, json_t *path)
{
	struct interp *ip = (struct interp *)s, next = *ip;

	(void)path;
	ip->parts[ip->i] = v;
	next.i = ip->i - 1;
	return interp_next(&next);
}

static int
interp_build(struct interp *ip)
{
	struct buf s = { 0 }, err = { 0 };
	json_t *part;
	int k, r;

	for (k = 0; k < ip->n->nlist; k++) {
		part = ip->parts[k];
		if (ip->n->list[k]->op == STRING_TEXT)
			value_tostring(&s, part);
		else if (ip->format != NULL) {
			if (ip->format(&s, part, &err) < 0) {
				r = eval_fail_buf(ip->ev, &err);
				buf_free(&s);
				buf_free(&err);
				return r;
			}
		} else
			value_tostring(&s, part);
	}
	r = eval_put(ip->out, json_stringn_nocheck(s.data ? s.data : "", s.len),
	    NULL);
	buf_free(&s);
	return r;
}

/* jq builds "a\(x)b\(y)" from + so the first interpolation varies fastest. */
static int
interp_next(struct interp *ip)
{
	const struct node *part;

	if (ip->i < 0)
		return interp_build(ip);
	part = ip->n->list[ip->i];
	if (part->kind == N_LITERAL)
		return interp_put(&ip->base, part->value, NULL);
	return eval_node(ip->ev, part, ip->in, NULL, ip->env, &ip->base);
}

static int
eval_string(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	json_t *slots[16], **parts;
	struct interp ip;
	int r;

	if (path != NULL)
		return eval_fail(ev,
		    "Invalid path expression with result \"...\"");
	parts =
	    n->nlist <= 16 ? slots : xmalloc((size_t)n->nlist * sizeof(*parts));
	ip = (struct interp){ { interp_put }, ev, n, in, env, out, n->nlist - 1,
		parts, NULL };
	if (n->name != NULL)
		ip.format = builtin_format_find(n->name);
	r = interp_next(&ip);
	if (parts != slots)
		free(parts);
	return r;
}

static int
eval_format(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    struct sink *out)
{
	struct buf s = { 0 }, err = { 0 };
	format_fn f = builtin_format_find(n->name);
	int r;

	if (f(&s, in, &err) < 0)
		r = eval_fail_buf(ev, &err);
	else
		r = eval_emit(ev, out,
		    json_stringn_nocheck(s.data ? s.data : "", s.len), path);
	buf_free(&err);
	buf_free(&s);
	return r;
}

static int
eval_neg(struct eval *ev, json_t *v, struct sink *out)
{
	struct buf msg = { 0 };
	int r;

	/* -0 is a real, as in jq: integers have no negative zero */
	if (json_is_integer(v) && json_integer_value(v) != INT64_MIN &&
	    json_integer_value(v) != 0)
		return eval_put(out, json_integer(-json_integer_value(v)),
		    NULL);
	if (json_is_number(v))
		return eval_put(out, value_real(-value_number(v)), NULL);
	value_describe(&msg, v);
	buf_adds(&msg, " cannot be negated");
	r = eval_fail_buf(ev, &msg);
	buf_free(&msg);
	return r;
}

struct neg {
	struct sink base;
	struct eval *ev;
	struct sink *out;
};

static int
neg_put(struct sink *s, json_t *v, json_t *path)
{
	struct neg *ng = (struct neg *)s;

	(void)path;
	return eval_neg(ng->ev, v, ng->out);
}

static const struct env *
find_frame(const struct env *env, enum env_kind kind, const void *key)
{
	for (; env != NULL; env = env->up)
		if (env->kind == kind && env->key == key)
			return env;
	return NULL;
}

static int
eval_var(struct eval *ev, const struct node *n, const struct env *env,
    json_t *path, struct sink *out)
{
	/* in a path, a variable's value goes on with a marked path, as in jq */
	for (; env != NULL; env = env->up)
		if (env->kind == ENV_VAR && strcmp(env->name, n->name) == 0)
			return path == NULL
			    ? out->put(out, env->value, NULL)
			    : eval_emit(ev, out, json_incref(env->value), path);
	if (strcmp(n->name, "ENV") == 0)
		return path == NULL
		    ? out->put(out, eval_env_object(ev), NULL)
		    : eval_emit(ev, out, json_incref(eval_env_object(ev)), path);
	return eval_fail(ev, "$%s is not defined", n->name);
}

static int
eval_call(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	const struct node *def = n->def;
	const struct env *scope, *frame;
	struct env params[8], *heap = NULL, *p;
	int i, r;

	if (n->native != NULL)
		return n->native->fn(ev, n, in, path, env, out);
	if (n->param != NULL) {
		frame = find_frame(env, ENV_CLOSURE, n->param);
		return eval_node(ev, frame->body, in, path, frame->scope, out);
	}
	scope = def->toplevel ? ev->root : find_frame(env, ENV_DEF, def);
	p = n->nlist <= 8 ? params
			  : (heap = xmalloc((size_t)n->nlist * sizeof(*heap)));
	for (i = 0; i < n->nlist; i++) {
		p[i] = (struct env){ i > 0 ? &p[i - 1] : scope, ENV_CLOSURE,
			&def->params[i], NULL, NULL, n->list[i], env };
	}
	r = eval_node(ev, def->a, in, path,
	    n->nlist > 0 ? &p[n->nlist - 1] : scope, out);
	free(heap);
	return r;
}

static int
eval_recurse(struct eval *ev, json_t *v, json_t *path, struct sink *out)
{
	const char *k;
	json_t *x, *key, *p = NULL;
	size_t i, klen;
	int r = out->put(out, v, path);

	if (r == R_OK && path != NULL && eval_bad_value(ev, path) != NULL &&
	    (json_is_array(v) || json_is_object(v)))
		return eval_bad_step(ev, path, NULL);
	if (json_is_array(v)) {
		for (i = 0; r == R_OK && i < json_array_size(v); i++) {
			key = json_integer((json_int_t)i);
			p = path != NULL ? path_append(path, key) : NULL;
			r = eval_recurse(ev, json_array_get(v, i), p, out);
			json_decref(p);
			json_decref(key);
		}
	} else if (json_is_object(v)) {
		json_object_keylen_foreach(v, k, klen, x)
		{
			if (r != R_OK)
				break;
			key = json_stringn_nocheck(k, klen);
			p = path != NULL ? path_append(path, key) : NULL;
			r = eval_recurse(ev, x, p, out);
			json_decref(p);
			json_decref(key);
		}
	}
	return r;
}

static size_t stack_size; /* 0: the main thread's, from its rlimit */

void
expr_set_stack(size_t bytes)
{
	stack_size = bytes;
}

void
eval_begin(struct eval *ev, const void *frame)
{
	struct rlimit rl;
	double limit = (double)stack_size;

	if (ev->stack_budget == 0) {
		if (limit == 0) {
			limit = 8 << 20;
			if (getrlimit(RLIMIT_STACK, &rl) == 0 &&
			    rl.rlim_cur != RLIM_INFINITY)
				limit = (double)rl.rlim_cur;
		}
		ev->stack_budget = (size_t)(limit * EVAL_STACK_SHARE);
	}
	ev->stack_base = (uintptr_t)frame;
}

/* Bytes of stack used since eval_begin (the stack grows either way). */
static size_t
stack_used(const struct eval *ev, const void *frame)
{
	uintptr_t here = (uintptr_t)frame;

	return here < ev->stack_base ? ev->stack_base - here
				     : here - ev->stack_base;
}

int
eval_tick(struct eval *ev)
{
	if (++ev->ticks % EVAL_TICKS != 0 || !interrupt_pending())
		return R_OK;
	return eval_fail(ev, "interrupted");
}

int
eval_node(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	if (eval_tick(ev) != R_OK)
		return R_ERROR;
	if (stack_used(ev, &n) > ev->stack_budget)
		return eval_fail(ev,
		    "expression recursion too deep "
		    "(limit: %zu KiB of stack)",
		    ev->stack_budget >> 10);
	switch (n->kind) {
	case N_IDENTITY: return out->put(out, in, path);
	case N_RECURSE: return eval_recurse(ev, in, path, out);
	case N_LITERAL:
		if (path != NULL && json_is_null(n->value))
			return out->put(out, n->value, path);
		return eval_emit(ev, out, json_incref(n->value), path);
	case N_STRING: return eval_string(ev, n, in, path, env, out);
	case N_FORMAT: return eval_format(ev, n, in, path, out);
	case N_INDEX: return eval_index(ev, n, in, path, env, out);
	case N_SLICE: return eval_slice(ev, n, in, path, env, out);
	case N_ITERATE: {
		struct iterate it = { { iterate_put }, ev, out };

		if (n->a->kind == N_IDENTITY)
			return iterate_put(&it.base, in, path);
		return eval_node(ev, n->a, in, path, env, &it.base);
	}
	case N_ARRAY:
		if (n->a == NULL)
			return eval_emit(ev, out, json_array(), path);
		return eval_emit(ev, out, eval_collect(ev, n->a, in, env),
		    path);
	case N_OBJECT: return eval_object(ev, n, in, path, env, out);
	case N_NEG: {
		struct neg ng = { { neg_put }, ev, out };

		if (path != NULL)
			return eval_values_in_path(ev, n, in, path, env, out);
		return eval_node(ev, n->a, in, NULL, env, &ng.base);
	}
	case N_PIPE: {
		struct pipe p = { { pipe_put }, ev, n->b, env, out };

		return eval_node(ev, n->a, in, path, env, &p.base);
	}
	case N_COMMA: {
		int r = eval_node(ev, n->a, in, path, env, out);

		return r != R_OK ? r : eval_node(ev, n->b, in, path, env, out);
	}
	case N_BINOP: return eval_binop(ev, n, in, path, env, out);
	case N_AND:
	case N_OR: {
		struct logic l = { { logic_left_put }, ev, n, in, env, out };

		if (path != NULL)
			return eval_values_in_path(ev, n, in, path, env, out);
		return eval_node(ev, n->a, in, NULL, env, &l.base);
	}
	case N_ALT: return eval_alt(ev, n, in, path, env, out);
	case N_ASSIGN:
		if (path != NULL)
			return eval_values_in_path(ev, n, in, path, env, out);
		return eval_assign(ev, n, in, env, out);
	case N_IF: {
		struct cond c = { { cond_put }, ev, n, in, path, env, out };

		return eval_node(ev, n->a, in, NULL, env, &c.base);
	}
	case N_TRY: return eval_try(ev, n, in, path, env, out);
	case N_BIND: {
		struct bind b = { { bind_put }, ev, n, in, path, env, out };

		return eval_node(ev, n->a, in, NULL, env, &b.base);
	}
	case N_REDUCE:
	case N_FOREACH: {
		struct fold_init fi = { { fold_init_put }, ev, n, in, env,
			out };

		/* jq tracks the path of reduce's state, not of foreach's */
		if (path != NULL && n->kind == N_FOREACH)
			return eval_values_in_path(ev, n, in, path, env, out);
		return eval_node(ev, n->b, in, path, env, &fi.base);
	}
	case N_FUNCDEF: {
		struct env frame = { env, ENV_DEF, n, NULL, NULL, NULL, env };

		if (n->toplevel)
			return eval_node(ev, n->b, in, path, env, out);
		return eval_node(ev, n->b, in, path, &frame, out);
	}
	case N_CALL: return eval_call(ev, n, in, path, env, out);
	case N_VAR: return eval_var(ev, n, env, path, out);
	case N_PATTERN: break; /* only ever evaluated through with_binding */
	case N_LABEL: {
		/* each activation is its own frame, so recursion breaks right
		 */
		struct env frame = { env, ENV_LABEL, n, NULL, NULL, NULL,
			NULL };
		int r = eval_node(ev, n->a, in, path, &frame, out);

		if (r == R_BREAK && ev->break_target == &frame)
			r = R_OK;
		return r;
	}
	case N_BREAK:
		ev->break_target = find_frame(env, ENV_LABEL, n->def);
		return R_BREAK;
	}
	return eval_fail(ev, "internal error: unknown node");
}
