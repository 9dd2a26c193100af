/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
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

struct map_emit {
	struct exprstep *x;
	struct stream *s;
	struct record *rec;
};

/* -r and -j: a string as its text, the rest as JSON; -j, no newline. */
static void
write_text(struct exprstep *x, struct stream *s, json_t *v)
{
	buf_reset(&s->scratch);
	if (json_is_string(v))
		buf_add(&s->scratch, json_string_value(v),
		    json_string_length(v));
	else
		jtext_dump(&s->scratch, v);
	if (!x->join_output)
		buf_addc(&s->scratch, '\n');
	output_write(&s->out, s->scratch.data, s->scratch.len);
}

static int
map_emit(void *ctx, json_t *v)
{
	struct map_emit *m = ctx;

	if (m->s->stop_asked) /* halt was caught by something like first */
		return EXPR_STOP;
	if (m->x->raw_output || m->x->join_output)
		write_text(m->x, m->s, v);
	/* An output that is the record itself keeps the record's bytes. */
	else if (v == m->rec->value)
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
	if (!x->join_output)
		buf_addc(&s->scratch, '\n');
	output_write(&s->out, s->scratch.data, s->scratch.len);
	return 0;
}

static int
input_next(void *ctx, json_t **v)
{
	struct exprstep *x = ctx;

	return stream_next_value(x->s, v);
}

static void
input_where(void *ctx, const char **file, unsigned long *lineno)
{
	struct exprstep *x = ctx;

	stream_where(x->s, file, lineno);
}

static void
input_halt(void *ctx, int status)
{
	struct exprstep *x = ctx;

	stream_stop(x->s, status);
}

/* jq's input and inputs read the records that follow the one at hand. */
static void
read_inputs(struct exprstep *x)
{
	x->input.next = input_next;
	x->input.where = input_where;
	x->input.halt = input_halt;
	x->input.ctx = x;
	expr_set_input(x->expr, &x->input);
}

static int
map_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct exprstep *x = ctx;
	struct map_emit m = { x, s, rec };
	json_t *v;

	x->s = s;

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
	read_inputs(x);
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

	x->s = s;
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
	read_inputs(x);
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
