/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "jtext.h"
#include "lazy.h"
#include "lex.h"
#include "splice.h"
#include "value.h"
#include "xalloc.h"

/* A path step: .KEY or .[INDEX]. */
struct lazy_step {
	const char *key; /* NULL for an index */
	size_t keylen;
	int64_t index;
};

enum lazy_kind { L_PATH, L_COMPARE, L_AND, L_OR, L_NOT };

struct lazy {
	enum lazy_kind kind;
	struct lazy_step *steps; /* L_PATH, L_COMPARE */
	size_t nsteps;
	int op;	      /* L_COMPARE: T_EQ ... T_GE, path op literal */
	json_t *lit;  /* L_COMPARE */
	struct lazy *a, *b;
};

/* The longest path followed; longer ones go the full way. */
#define LAZY_MAX_STEPS 16

static struct lazy *
lazy_new(enum lazy_kind kind)
{
	struct lazy *l = xcalloc(1, sizeof(*l));

	l->kind = kind;
	return l;
}

void
lazy_free(struct lazy *l)
{
	if (l == NULL)
		return;
	lazy_free(l->a);
	lazy_free(l->b);
	free(l->steps);
	json_decref(l->lit);
	free(l);
}

int
lazy_disabled(void)
{
	static int disabled = -1;
	const char *v;

	if (disabled < 0) {
		v = getenv("STREAM_TOOLS_FULL_DECODE");
		disabled = v != NULL && strcmp(v, "1") == 0;
	}
	return disabled;
}

/* ---- compiling ---- */

/* A literal key or index of a path step, or -1. */
static int
step_of(const struct node *b, struct lazy_step *st)
{
	if (b->kind != N_LITERAL)
		return -1;
	if (json_is_string(b->value)) {
		st->key = json_string_value(b->value);
		st->keylen = json_string_length(b->value);
		return 0;
	}
	if (json_is_integer(b->value)) {
		st->key = NULL;
		st->index = json_integer_value(b->value);
		return 0;
	}
	return -1;
}

/* Fills l's steps from a path . .a .a.b .[0]; -1 when n is not one. */
static int
path_of(const struct node *n, struct lazy *l)
{
	if (n->kind == N_IDENTITY)
		return 0;
	if (n->kind != N_INDEX || n->b == NULL || path_of(n->a, l) < 0 ||
	    l->nsteps == LAZY_MAX_STEPS)
		return -1;
	if (l->steps == NULL)
		l->steps = xcalloc(LAZY_MAX_STEPS, sizeof(*l->steps));
	return step_of(n->b, &l->steps[l->nsteps++]);
}

/*
 * A scalar literal, -N included; NULL when n is not one.  NaN (from 0/0)
 * is left to the full path: the text arithmetic knows only finite reals.
 */
static json_t *
literal_of(const struct node *n)
{
	json_t *v;

	if (n->kind == N_NEG && n->a->kind == N_LITERAL &&
	    json_is_number(n->a->value)) {
		v = n->a->value;
		if (json_is_integer(v) && json_integer_value(v) != INT64_MIN)
			return json_integer(-json_integer_value(v));
		return json_is_integer(v) ? NULL
					  : json_real(-json_real_value(v));
	}
	if (n->kind != N_LITERAL || json_is_array(n->value) ||
	    json_is_object(n->value) || jtext_is_nan(n->value))
		return NULL;
	return json_incref(n->value);
}

/* The operator that holds with the operands swapped: 1 < x is x > 1. */
static int
swapped(int op)
{
	switch (op) {
	case T_LT: return T_GT;
	case T_LE: return T_GE;
	case T_GT: return T_LT;
	case T_GE: return T_LE;
	default: return op;
	}
}

static struct lazy *compile(const struct node *n);

static struct lazy *
compile_compare(const struct node *n)
{
	struct lazy *l = lazy_new(L_COMPARE);
	const struct node *path = n->a, *lit = n->b;

	l->op = n->op;
	if ((l->lit = literal_of(lit)) == NULL) {
		path = n->b;
		lit = n->a;
		l->op = swapped(n->op);
		l->lit = literal_of(lit);
	}
	if (l->lit == NULL || path_of(path, l) < 0) {
		lazy_free(l);
		return NULL;
	}
	return l;
}

static struct lazy *
compile_pair(enum lazy_kind kind, const struct node *a, const struct node *b)
{
	struct lazy *l = lazy_new(kind);

	l->a = compile(a);
	l->b = b != NULL ? compile(b) : NULL;
	if (l->a == NULL || (b != NULL && l->b == NULL)) {
		lazy_free(l);
		return NULL;
	}
	return l;
}

static int
is_not(const struct node *n)
{
	return n->kind == N_CALL && n->name != NULL &&
	    strcmp(n->name, "not") == 0 && n->nlist == 0 && n->native != NULL;
}

static struct lazy *
compile(const struct node *n)
{
	struct lazy *l;

	switch (n->kind) {
	case N_BINOP:
		if (n->op >= T_EQ && n->op <= T_GE)
			return compile_compare(n);
		return NULL;
	case N_AND: return compile_pair(L_AND, n->a, n->b);
	case N_OR: return compile_pair(L_OR, n->a, n->b);
	case N_PIPE:
		return is_not(n->b) ? compile_pair(L_NOT, n->a, NULL) : NULL;
	case N_IDENTITY:
	case N_INDEX:
		l = lazy_new(L_PATH);
		if (path_of(n, l) < 0) {
			lazy_free(l);
			return NULL;
		}
		return l;
	default: return NULL;
	}
}

struct lazy *
lazy_compile(const struct expr *e)
{
	return lazy_disabled() ? NULL : compile(expr_tree(e));
}

/* ---- evaluating ---- */

/* The value at l's path in v: 1 with *out, 0 for null, -1 unsure. */
static int
walk(const struct lazy *l, const struct jscan_record *r, struct jspan *out)
{
	enum jscan_found f = JSCAN_FOUND;
	struct jspan v = r->value;
	size_t i = 0;

	if (l->nsteps > 0 && l->steps[0].key != NULL) {
		f = jscan_field(r, l->steps[0].key, l->steps[0].keylen, &v);
		i = 1;
	}
	for (; i < l->nsteps && f == JSCAN_FOUND; i++) {
		if (l->steps[i].key != NULL)
			f = jscan_member(v, l->steps[i].key, l->steps[i].keylen,
			    &v);
		else
			f = jscan_element(v, l->steps[i].index, &v);
	}
	if (f == JSCAN_ABSENT)
		return 0; /* null, and null | .k or .[i] is null to the end */
	if (f != JSCAN_FOUND)
		return -1;
	*out = v;
	return 1;
}

int
lazy_path(const struct lazy *l, const struct jscan_record *rec,
    struct jspan *out)
{
	return walk(l, rec, out);
}

struct lazy *
lazy_compile_path(const struct expr *e)
{
	const struct node *n = expr_tree(e);
	struct lazy *l;

	if (lazy_disabled() || (n->kind != N_INDEX && n->kind != N_IDENTITY))
		return NULL;
	l = lazy_new(L_PATH);
	if (path_of(n, l) < 0) {
		lazy_free(l);
		return NULL;
	}
	return l;
}

json_t *
lazy_decode(struct jspan v)
{
	const char *p;
	size_t n;
	int64_t i;
	double d;

	switch (jscan_type(v)) {
	case JSCAN_NUMBER:
		switch (jscan_number(v, &i, &d)) {
		case 1: return json_integer(i);
		case 2: return json_real(d);
		default: break;
		}
		break;
	case JSCAN_STRING:
		if (jscan_plain_string(v, &p, &n))
			return json_stringn_nocheck(p, n);
		break;
	case JSCAN_NULL: return json_null();
	case JSCAN_TRUE: return json_true();
	case JSCAN_FALSE: return json_false();
	default: break;
	}
	return jtext_parse(v.p, v.n, NULL);
}

int
lazy_first(struct expr *e, const struct jscan_record *r, json_t **out)
{
	const struct lazy *l;
	struct jspan v;
	int k;

	if (r == NULL || (l = expr_path(e)) == NULL || (k = walk(l, r, &v)) < 0)
		return -1;
	*out = k > 0 ? lazy_decode(v) : json_null();
	return 0;
}

/* jq's order of types: null false true numbers strings arrays objects. */
static int
span_rank(struct jspan v)
{
	return (int)jscan_type(v);
}

static int
value_rank(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: return JSCAN_NULL;
	case JSON_FALSE: return JSCAN_FALSE;
	case JSON_TRUE: return JSCAN_TRUE;
	case JSON_INTEGER:
	case JSON_REAL: return JSCAN_NUMBER;
	case JSON_STRING: return JSCAN_STRING;
	case JSON_ARRAY: return JSCAN_ARRAY;
	default: return JSCAN_OBJECT;
	}
}

static int
sign(double x, double y)
{
	return x < y ? -1 : x > y;
}

/* The span against the literal, as value_compare orders them; 2: unsure. */
static int
compare(struct jspan v, const json_t *lit)
{
	int rv = span_rank(v), rl = value_rank(lit), k;
	const char *p;
	size_t n, ln;
	int64_t i;
	double d;

	if (rv != rl)
		return rv < rl ? -1 : 1;
	if (rv == JSCAN_NUMBER) {
		if ((k = jscan_number(v, &i, &d)) == 0)
			return 2;
		if (k == 1 && json_is_integer(lit)) {
			int64_t j = json_integer_value(lit);

			return i < j ? -1 : i > j;
		}
		return sign(k == 1 ? (double)i : d, json_number_value(lit));
	}
	if (rv == JSCAN_STRING) {
		if (!jscan_plain_string(v, &p, &n))
			return 2;
		ln = json_string_length(lit);
		k = memcmp(p, json_string_value(lit), n < ln ? n : ln);
		if (k != 0)
			return k < 0 ? -1 : 1;
		return n < ln ? -1 : n > ln;
	}
	return 0; /* null, false, true: equal to themselves */
}

static int
holds(int op, int c)
{
	switch (op) {
	case T_EQ: return c == 0;
	case T_NE: return c != 0;
	case T_LT: return c < 0;
	case T_LE: return c <= 0;
	case T_GT: return c > 0;
	default: return c >= 0;
	}
}

static int
truthy(struct jspan v)
{
	return v.p[0] != 'n' && v.p[0] != 'f';
}

int
lazy_filter(const struct lazy *l, const struct jscan_record *rec)
{
	struct jspan v;
	int k, c;

	switch (l->kind) {
	case L_PATH:
		if ((k = walk(l, rec, &v)) <= 0)
			return k; /* null is falsy */
		return truthy(v);
	case L_COMPARE:
		if ((k = walk(l, rec, &v)) < 0)
			return -1;
		if (k == 0)
			v.p = "null", v.n = 4;
		if ((c = compare(v, l->lit)) == 2)
			return -1;
		return holds(l->op, c);
	case L_AND:
		if ((k = lazy_filter(l->a, rec)) <= 0)
			return k;
		return lazy_filter(l->b, rec);
	case L_OR:
		if ((k = lazy_filter(l->a, rec)) != 0)
			return k;
		return lazy_filter(l->b, rec);
	case L_NOT:
		if ((k = lazy_filter(l->a, rec)) < 0)
			return -1;
		return !k;
	}
	return -1;
}

/* ---- projections ---- */

struct lazy_field {
	struct buf key; /* "KEY": as written */
	struct lazy *path;
};

struct lazy_map {
	struct lazy_field *fields;
	size_t n;
};

void
lazy_map_free(struct lazy_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		buf_free(&m->fields[i].key);
		lazy_free(m->fields[i].path);
	}
	free(m->fields);
	free(m);
}

static int
key_repeated(const struct node *n, int upto)
{
	int i;

	for (i = 0; i < upto; i += 2)
		if (json_equal(n->list[i]->value, n->list[upto]->value))
			return 1;
	return 0;
}

struct lazy_map *
lazy_compile_map(const struct expr *e)
{
	const struct node *n = expr_tree(e);
	struct lazy_map *m;
	struct lazy_field *f;
	int i;

	if (lazy_disabled() || n->kind != N_OBJECT || n->nlist == 0)
		return NULL;
	for (i = 0; i < n->nlist; i += 2)
		if (n->list[i]->kind != N_LITERAL ||
		    !json_is_string(n->list[i]->value) || key_repeated(n, i))
			return NULL;
	m = xcalloc(1, sizeof(*m));
	m->fields = xcalloc((size_t)n->nlist / 2, sizeof(*m->fields));
	for (i = 0; i < n->nlist; i += 2) {
		f = &m->fields[m->n++];
		jtext_dump(&f->key, n->list[i]->value);
		buf_addc(&f->key, ':');
		f->path = lazy_new(L_PATH);
		if (path_of(n->list[i + 1], f->path) < 0) {
			lazy_map_free(m);
			return NULL;
		}
	}
	return m;
}

int
lazy_map(const struct lazy_map *m, const struct jscan_record *rec,
    struct buf *out)
{
	size_t i, start = out->len;
	struct jspan v;
	int k;

	/* the object is built from a record that is an object, or null */
	if (rec->value.p[0] != '{' && rec->value.p[0] != 'n')
		return -1;
	buf_addc(out, '{');
	for (i = 0; i < m->n; i++) {
		if (i > 0)
			buf_addc(out, ',');
		buf_add(out, m->fields[i].key.data, m->fields[i].key.len);
		if ((k = walk(m->fields[i].path, rec, &v)) < 0)
			goto unsure;
		if (k == 0)
			buf_adds(out, "null");
		else
			splice_value(v, out);
	}
	buf_addc(out, '}');
	return 1;
unsure:
	out->len = start;
	return -1;
}

/* ---- updates of a top-level field ---- */

/* A value computed from the record: a literal, a path, or arithmetic. */
enum lazy_vkind { V_LITERAL, V_PATH, V_ARITH };

struct lazy_value {
	enum lazy_vkind kind;
	json_t *lit;	    /* V_LITERAL */
	struct buf text;    /* V_LITERAL: as jtext_dump writes it */
	struct lazy *path;  /* V_PATH */
	int op;		    /* V_ARITH: T_PLUS T_MINUS T_STAR T_SLASH */
	struct lazy_value *a, *b;
};

struct lazy_update {
	const char *key; /* the field: .key = value, or del(.key) */
	size_t keylen;
	struct lazy_value *value; /* NULL for del */
	struct lazy *keypath;
};

static void
value_free(struct lazy_value *v)
{
	if (v == NULL)
		return;
	json_decref(v->lit);
	buf_free(&v->text);
	lazy_free(v->path);
	value_free(v->a);
	value_free(v->b);
	free(v);
}

void
lazy_update_free(struct lazy_update *u)
{
	if (u == NULL)
		return;
	value_free(u->value);
	lazy_free(u->keypath);
	free(u);
}

static struct lazy_value *compile_value(const struct node *n);

static struct lazy_value *
arith(int op, struct lazy_value *a, struct lazy_value *b)
{
	struct lazy_value *v;

	if (a == NULL || b == NULL) {
		value_free(a);
		value_free(b);
		return NULL;
	}
	v = xcalloc(1, sizeof(*v));
	v->kind = V_ARITH;
	v->op = op;
	v->a = a;
	v->b = b;
	return v;
}

static struct lazy_value *
compile_value(const struct node *n)
{
	struct lazy_value *v;
	json_t *lit;

	if (n->kind == N_BINOP && (n->op == T_PLUS || n->op == T_MINUS ||
	    n->op == T_STAR || n->op == T_SLASH))
		return arith(n->op, compile_value(n->a), compile_value(n->b));
	v = xcalloc(1, sizeof(*v));
	if ((lit = literal_of(n)) != NULL) {
		v->kind = V_LITERAL;
		v->lit = lit;
		jtext_dump(&v->text, lit);
		return v;
	}
	v->kind = V_PATH;
	v->path = lazy_new(L_PATH);
	if (path_of(n, v->path) < 0) {
		value_free(v);
		return NULL;
	}
	return v;
}

/* The arithmetic operator of an update-assignment, or 0. */
static int
update_op(int op)
{
	switch (op) {
	case T_SETPLUS: return T_PLUS;
	case T_SETMINUS: return T_MINUS;
	case T_SETSTAR: return T_STAR;
	case T_SETSLASH: return T_SLASH;
	default: return 0;
	}
}

/* The key of a path of one field, .key; NULL when n is not one. */
static struct lazy *
field_of(const struct node *n)
{
	struct lazy *l = lazy_new(L_PATH);

	if (path_of(n, l) < 0 || l->nsteps != 1 || l->steps[0].key == NULL) {
		lazy_free(l);
		return NULL;
	}
	return l;
}

struct lazy_update *
lazy_compile_update(const struct expr *e)
{
	const struct node *n = expr_tree(e);
	struct lazy_update *u;
	struct lazy *field;

	if (lazy_disabled())
		return NULL;
	if (n->kind == N_CALL && n->name != NULL &&
	    strcmp(n->name, "del") == 0 && n->nlist == 1 && n->def != NULL)
		field = field_of(n->list[0]);
	else if (n->kind == N_ASSIGN &&
	    (n->op == T_ASSIGN || update_op(n->op) != 0))
		field = field_of(n->a);
	else
		return NULL;
	if (field == NULL)
		return NULL;
	u = xcalloc(1, sizeof(*u));
	u->keypath = field;
	u->key = field->steps[0].key;
	u->keylen = field->steps[0].keylen;
	if (n->kind == N_ASSIGN) {
		u->value = compile_value(n->b);
		if (u->value != NULL && n->op != T_ASSIGN) {
			struct lazy_value *cur = xcalloc(1, sizeof(*cur));

			cur->kind = V_PATH;
			cur->path = field_of(n->a);
			u->value = arith(update_op(n->op), cur, u->value);
		}
		if (u->value == NULL) {
			lazy_update_free(u);
			return NULL;
		}
	}
	return u;
}

/* What a lazy_value came to: null, a number, or text to copy. */
struct lazy_result {
	enum { R_NULL, R_INT, R_REAL, R_SPAN, R_TEXT } kind;
	int64_t i;
	double d;
	struct jspan span; /* R_SPAN, R_TEXT */
};

static int
number_result(struct lazy_result *r, struct jspan v)
{
	switch (jscan_number(v, &r->i, &r->d)) {
	case 1: r->kind = R_INT; return 0;
	case 2: r->kind = R_REAL; return 0;
	default: return -1;
	}
}

/* An integer result where value.c keeps one (no overflow): 1 and *r. */
static int
int_result(int op, int64_t x, int64_t y, int64_t *r)
{
	switch (op) {
	case T_PLUS:
		if (!value_add_fits(x, y))
			return 0;
		*r = x + y;
		return 1;
	case T_MINUS:
		if (!value_sub_fits(x, y))
			return 0;
		*r = x - y;
		return 1;
	case T_STAR:
		if (!value_mul_fits(x, y))
			return 0;
		*r = x * y;
		return 1;
	default: return 0; /* a quotient is a real */
	}
}

/* As value_add, value_sub, value_mul and value_div do with numbers. */
static int
compute(int op, const struct lazy_result *a, const struct lazy_result *b,
    struct lazy_result *r)
{
	double x, y;

	if (op == T_PLUS && (a->kind == R_NULL || b->kind == R_NULL)) {
		*r = a->kind == R_NULL ? *b : *a;
		return 0;
	}
	if ((a->kind != R_INT && a->kind != R_REAL) ||
	    (b->kind != R_INT && b->kind != R_REAL))
		return -1; /* strings, arrays, errors: the full way */
	if (a->kind == R_INT && b->kind == R_INT &&
	    int_result(op, a->i, b->i, &r->i)) {
		r->kind = R_INT;
		return 0;
	}
	x = a->kind == R_INT ? (double)a->i : a->d;
	y = b->kind == R_INT ? (double)b->i : b->d;
	r->kind = R_REAL;
	switch (op) {
	case T_PLUS: r->d = x + y; break;
	case T_MINUS: r->d = x - y; break;
	case T_STAR: r->d = x * y; break;
	default:
		if (y == 0)
			return -1; /* the full way says why */
		r->d = x / y;
	}
	return 0;
}

static int
evaluate(const struct lazy_value *v, const struct jscan_record *rec,
    struct lazy_result *r)
{
	struct lazy_result a, b;
	int k;

	switch (v->kind) {
	case V_LITERAL:
		if (json_is_null(v->lit))
			r->kind = R_NULL;
		else if (json_is_integer(v->lit))
			r->kind = R_INT, r->i = json_integer_value(v->lit);
		else if (json_is_real(v->lit))
			r->kind = R_REAL, r->d = json_real_value(v->lit);
		else {
			r->kind = R_TEXT;
			r->span.p = v->text.data;
			r->span.n = v->text.len;
		}
		return 0;
	case V_PATH:
		if ((k = walk(v->path, rec, &r->span)) < 0)
			return -1;
		if (k == 0)
			r->kind = R_NULL;
		else if (jscan_type(r->span) == JSCAN_NUMBER)
			return number_result(r, r->span);
		else
			r->kind = R_SPAN;
		return 0;
	default:
		if (evaluate(v->a, rec, &a) < 0 || evaluate(v->b, rec, &b) < 0)
			return -1;
		return compute(v->op, &a, &b, r);
	}
}

static void
write_result(const struct lazy_result *r, struct buf *out)
{
	switch (r->kind) {
	case R_NULL: buf_adds(out, "null"); break;
	case R_INT: buf_printf(out, "%lld", (long long)r->i); break;
	case R_REAL: jtext_dump_double(out, r->d); break;
	case R_SPAN: splice_value(r->span, out); break;
	default: buf_add(out, r->span.p, r->span.n); break;
	}
}

int
lazy_update(const struct lazy_update *u, const struct jscan_record *rec,
    struct buf *out, struct buf *tail)
{
	struct lazy_result r;

	if (u->value == NULL)
		return splice_object(rec, u->key, u->keylen, NULL, 0, out,
		    NULL) < 0 ? -1 : 1;
	if (evaluate(u->value, rec, &r) < 0)
		return -1;
	buf_reset(tail);
	if (splice_object(rec, NULL, 0, u->key, u->keylen, out, tail) < 0)
		return -1;
	write_result(&r, out);
	buf_add(out, tail->data, tail->len);
	return 1;
}
