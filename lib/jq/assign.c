/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include "assign.h"
#include "builtin.h"
#include "eval.h"
#include "lex.h"
#include "value.h"

/*
 * Assignment: a = b, a |= f, a op= b, a //= b, all computed from the
 * paths of a on the input, as jq 1.6 defines them:
 *   a = b     for each $v of b: set every path of a to $v
 *   a |= f    set every path p to the first output of getpath(p) | f,
 *             or delete p when f is empty
 *   a op= b   for each $v of b: a |= . op $v
 */

struct paths {
	struct sink base;
	json_t *list;
	struct eval *ev;
};

static int
paths_put(struct sink *s, json_t *v, json_t *path)
{
	struct paths *p = (struct paths *)s;

	if (eval_bad_value(p->ev, path) != NULL)
		return eval_bad_result(p->ev, v);
	json_array_append(p->list, path);
	return R_OK;
}

static json_t *
collect_paths(struct eval *ev, const struct node *lhs, json_t *in,
    const struct env *env)
{
	struct paths p = { { paths_put }, json_array(), ev };
	json_t *root = json_array();
	int r = eval_node(ev, lhs, in, root, env, &p.base);

	json_decref(root);
	if (r != R_OK) {
		json_decref(p.list);
		return NULL;
	}
	return p.list;
}

struct first {
	struct sink base;
	struct eval *ev;
	json_t *value;
};

static int
first_put(struct sink *s, json_t *v, json_t *path)
{
	struct first *f = (struct first *)s;

	(void)path;
	f->value = json_incref(v);
	f->ev->break_target = f;
	return R_BREAK;
}

static json_t *
arith(int op, json_t *cur, json_t *v, struct buf *err)
{
	switch (op) {
	case T_SETPLUS: return value_add(cur, v, err);
	case T_SETMINUS: return value_sub(cur, v, err);
	case T_SETSTAR: return value_mul(cur, v, err);
	case T_SETSLASH: return value_div(cur, v, err);
	case T_SETPERCENT: return value_mod(cur, v, err);
	case T_SETALT: return json_incref(value_truthy(cur) ? cur : v);
	default: return json_incref(v); /* T_ASSIGN */
	}
}

/* Applies v (from the right-hand side) at every path; steals acc. */
static json_t *
update_all(struct eval *ev, int op, json_t *acc, json_t *paths, json_t *v)
{
	struct buf err = { 0 };
	json_t *p, *cur, *next;
	size_t i;

	json_array_foreach(paths, i, p)
	{
		cur = value_getpath(acc, p, &err);
		next = cur != NULL ? arith(op, cur, v, &err) : NULL;
		json_decref(cur);
		if (next == NULL) {
			json_decref(acc);
			eval_fail_buf(ev, &err);
			buf_free(&err);
			return NULL;
		}
		acc = value_setpath(acc, p, 0, next, &err);
		json_decref(next);
		if (acc == NULL) {
			eval_fail_buf(ev, &err);
			buf_free(&err);
			return NULL;
		}
	}
	return acc;
}

static json_t *
modify_all(struct eval *ev, const struct node *f, json_t *acc, json_t *paths,
    const struct env *env)
{
	struct buf err = { 0 };
	json_t *p, *cur, *one;
	size_t i;
	int r;

	json_array_foreach(paths, i, p)
	{
		struct first fs = { { first_put }, ev, NULL };

		if ((cur = value_getpath(acc, p, &err)) == NULL)
			goto fail;
		r = eval_node(ev, f, cur, NULL, env, &fs.base);
		json_decref(cur);
		if (r == R_BREAK && ev->break_target == &fs)
			r = R_OK;
		if (r != R_OK) {
			json_decref(fs.value);
			json_decref(acc);
			return NULL;
		}
		if (fs.value != NULL) {
			acc = value_setpath(acc, p, 0, fs.value, &err);
			json_decref(fs.value);
		} else {
			one = json_array();
			json_array_append(one, p);
			acc = value_delpaths(acc, one, &err);
			json_decref(one);
		}
		if (acc == NULL)
			goto fail;
	}
	return acc;
fail:
	json_decref(acc);
	eval_fail_buf(ev, &err);
	buf_free(&err);
	return NULL;
}

struct rhs {
	struct sink base;
	struct eval *ev;
	const struct node *n;
	json_t *in, *paths;
	struct sink *out;
};

static int
rhs_put(struct sink *s, json_t *v, json_t *path)
{
	struct rhs *r = (struct rhs *)s;
	json_t *acc;

	(void)path;
	acc = update_all(r->ev, r->n->op, json_incref(r->in), r->paths, v);
	if (acc == NULL)
		return R_ERROR;
	return eval_put(r->out, acc, NULL);
}

int
eval_assign(struct eval *ev, const struct node *n, json_t *in,
    const struct env *env, struct sink *out)
{
	json_t *paths = collect_paths(ev, n->a, in, env), *acc;
	struct rhs r = { { rhs_put }, ev, n, in, paths, out };
	int rc;

	if (paths == NULL)
		return R_ERROR;
	if (n->op == T_SETPIPE) {
		acc = modify_all(ev, n->b, json_incref(in), paths, env);
		rc = acc != NULL ? eval_put(out, acc, NULL) : R_ERROR;
	} else {
		rc = eval_node(ev, n->b, in, NULL, env, &r.base);
	}
	json_decref(paths);
	return rc;
}
