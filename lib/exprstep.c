#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "exprstep.h"
#include "jscan.h"
#include "jq/lazy.h"
#include "jtext.h"
#include "utf8.h"
#include "jq/value.h"
#include "xalloc.h"

int
exprargs_add(struct exprargs *a, const char *name, const char *value,
    int is_json, struct buf *why)
{
	struct jtext_error err;
	json_t *v;

	if (is_json) {
		v = jtext_parse(value, strlen(value), &err);
		if (v == NULL) {
			buf_printf(why, "--argjson %s: invalid JSON: %s", name,
			    err.text);
			return -1;
		}
	} else {
		struct buf clean = { 0 };

		utf8_sanitize(&clean, value, strlen(value));
		v = json_stringn_nocheck(clean.data ? clean.data : "",
		    clean.len);
		buf_free(&clean);
	}
	a->vars = xrealloc(a->vars, (a->n + 1) * sizeof(*a->vars));
	a->vars[a->n].name = name;
	a->vars[a->n].value = v;
	a->n++;
	return 0;
}

int
exprargs_option(struct exprargs *a, int ch, int argc, char **argv)
{
	struct buf why = { 0 };

	if (ch != OPT_ARG && ch != OPT_ARGJSON)
		return 0;
	if (optind >= argc) {
		fprintf(stderr, "%s: %s %s needs a value\n", diag_progname(),
		    ch == OPT_ARG ? "--arg" : "--argjson", optarg);
		return -1;
	}
	if (exprargs_add(a, optarg, argv[optind++], ch == OPT_ARGJSON, &why) <
	    0) {
		fprintf(stderr, "%s: %s\n", diag_progname(), why.data);
		buf_free(&why);
		return -1;
	}
	return 1;
}

void
exprargs_free(struct exprargs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		json_decref(a->vars[i].value);
	free(a->vars);
	a->vars = NULL;
	a->n = 0;
}

struct map_emit {
	struct stream *s;
	struct record *rec;
};

static int
map_emit(void *ctx, json_t *v)
{
	struct map_emit *m = ctx;

	/* An output that is the record itself keeps the record's bytes. */
	if (v == m->rec->value)
		stream_write_record(m->s, m->rec);
	else
		stream_write_value(m->s, v);
	return output_failed(&m->s->out) ? EXPR_STOP : 0;
}

/* The lazy path: the output written from the line's text, or -1. */
static int
map_lazily(struct exprstep *x, struct stream *s, struct record *rec)
{
	const struct jscan_record *text;
	int k = -1;

	if ((x->lazymap == NULL && x->lazyupdate == NULL) ||
	    (text = record_scan(rec)) == NULL)
		return -1;
	buf_reset(&s->scratch);
	if (x->lazymap != NULL)
		k = lazy_map(x->lazymap, text, &s->scratch);
	else
		k = lazy_update(x->lazyupdate, text, &s->scratch, &x->tail);
	if (k < 0)
		return -1;
	buf_addc(&s->scratch, '\n');
	output_write(&s->out, s->scratch.data, s->scratch.len);
	return 0;
}

static int
map_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct exprstep *x = ctx;
	struct map_emit m = { s, rec };
	json_t *v;

	if (map_lazily(x, s, rec) == 0)
		return 0;
	v = record_value(rec, why);
	if (v == NULL)
		return -1;
	return expr_eval(x->expr, v, map_emit, &m, why) == EXPR_ERROR ? -1 : 0;
}

struct step
exprstep_map(struct exprstep *x)
{
	struct step st = { .record = map_record, .ctx = x };

	x->lazymap = lazy_compile_map(x->expr);
	x->lazyupdate = lazy_compile_update(x->expr);
	return st;
}

static int
filter_emit(void *ctx, json_t *v)
{
	int *truthy = ctx;

	if (!value_truthy(v))
		return 0;
	*truthy = 1;
	return EXPR_STOP;
}

static int
filter_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct exprstep *x = ctx;
	const struct jscan_record *text;
	json_t *v;
	int truthy = 0;

	/* the lazy path: the line is checked, but decoded only if need be */
	if (x->lazy != NULL && (text = record_scan(rec)) != NULL &&
	    (truthy = lazy_filter(x->lazy, text)) >= 0) {
		if (truthy != x->invert)
			stream_write_record(s, rec);
		return 0;
	}
	truthy = 0;
	v = record_value(rec, why);
	if (v == NULL)
		return -1;
	if (expr_eval(x->expr, v, filter_emit, &truthy, why) == EXPR_ERROR)
		return -1;
	if (truthy != x->invert)
		stream_write_record(s, rec);
	return 0;
}

struct step
exprstep_filter(struct exprstep *x)
{
	struct step st = { .record = filter_record, .ctx = x };

	x->lazy = lazy_compile(x->expr);
	return st;
}

void
exprstep_free(struct exprstep *x)
{
	lazy_free(x->lazy);
	x->lazy = NULL;
	lazy_map_free(x->lazymap);
	x->lazymap = NULL;
	lazy_update_free(x->lazyupdate);
	x->lazyupdate = NULL;
	buf_free(&x->tail);
}
