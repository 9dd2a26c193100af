/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef AGG_H
#define AGG_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"
#include "hmap.h"

/*
 * Window aggregates: count, sum(E), avg(E), min(E), max(E), first(E),
 * last(E), collect(E), distinct(E), p50(E) p90(E) p95(E) p99(E) (any
 * pNN), stddev(E).  E is evaluated on each record (its first output);
 * null or no output is skipped, as SQL skips NULL.  Sum, avg, pNN and
 * stddev need numbers; min and max compare any values in jq's order.
 */
enum agg_kind {
	AGG_COUNT,
	AGG_SUM,
	AGG_AVG,
	AGG_MIN,
	AGG_MAX,
	AGG_FIRST,
	AGG_LAST,
	AGG_COLLECT,
	AGG_DISTINCT,
	AGG_PERCENTILE,
	AGG_STDDEV
};

struct agg_spec {
	enum agg_kind kind;
	int permille;	   /* AGG_PERCENTILE: 1..1000, tenths of a percent */
	char *name;	   /* output field */
	struct expr *expr; /* NULL for count */
};

/* A value with the event time it came with. */
struct timed {
	int64_t t;
	json_t *v;
};

struct agg_state {
	uint64_t n; /* values seen (count: records) */
	/*
	 * The sum while every value is an integer, exact: 128 bits, two's
	 * complement (ihi:ilo), which 2^64 values of 64 bits cannot leave.
	 */
	uint64_t ilo;
	int64_t ihi;
	int isreal;	       /* a real was seen: dsum is the sum */
	double dsum, mean, m2; /* sums; Welford's mean and M2 */
	int64_t t;	       /* first/last: event time of v */
	json_t *v;	       /* min, max, first, last */
	struct timed *items;   /* collect, percentiles */
	size_t nitems, capitems;
	struct hmap *distinct;
};

/*
 * Parses "[NAME=]AGG" into spec.  Returns 0, or -1 with a message in why
 * (expression errors include the caret line text).
 */
int agg_parse(const char *text, const struct expr_var *vars, size_t nvars,
    struct agg_spec *spec, struct buf *why);
void agg_spec_free(struct agg_spec *spec);

/* The value of spec's expression on v: a new reference, NULL for none. */
int agg_value(const struct agg_spec *spec, json_t *v, json_t **out,
    struct buf *why);

/* Checks a value before any state changes; -1 with why if unusable. */
int agg_check(const struct agg_spec *spec, json_t *value, struct buf *why);

void agg_add(const struct agg_spec *spec, struct agg_state *st, json_t *value,
    int64_t t);
/* Folds src into dst (session windows merging); src is left empty. */
void agg_merge(const struct agg_spec *spec, struct agg_state *dst,
    struct agg_state *src);
/* Appends the result as JSON. */
void agg_result(const struct agg_spec *spec, struct agg_state *st,
    struct buf *out);
void agg_state_free(struct agg_state *st);

/*
 * The state as one JSON array, exact (reals as their bits), for --state:
 * agg_state_save appends it, agg_state_load rebuilds st (empty) from it
 * and returns -1 when v is not such a state.
 */
void agg_state_save(const struct agg_state *st, struct buf *out);
int agg_state_load(struct agg_state *st, const json_t *v);

#endif
