/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "jtext.h"
#include "jq/value.h"
#include "xalloc.h"

static const struct {
	const char *name;
	enum agg_kind kind;
} kinds[] = {
	{ "count", AGG_COUNT },
	{ "sum", AGG_SUM },
	{ "avg", AGG_AVG },
	{ "min", AGG_MIN },
	{ "max", AGG_MAX },
	{ "first", AGG_FIRST },
	{ "last", AGG_LAST },
	{ "collect", AGG_COLLECT },
	{ "distinct", AGG_DISTINCT },
	{ "stddev", AGG_STDDEV },
};

#define AGG_KNOWN \
	"count sum avg min max first last collect distinct stddev median " \
	"pNN pNN.N"

/*
 * pNN or pNN.N, a percentile above 0 and at most 100 with at most one
 * decimal, in tenths; 0 when fn is not one.
 */
static int
percentile_of(const char *fn, size_t n)
{
	size_t i = 1, digits = 0;
	int tenths = 0;

	if (n < 2 || fn[0] != 'p')
		return 0;
	for (; i < n && isdigit((unsigned char)fn[i]) && digits < 3;
	     i++, digits++)
		tenths = tenths * 10 + (fn[i] - '0');
	tenths *= 10;
	if (digits > 0 && i + 2 == n && fn[i] == '.' &&
	    isdigit((unsigned char)fn[i + 1])) {
		tenths += fn[i + 1] - '0';
		i += 2;
	}
	if (digits == 0 || i != n || tenths == 0 || tenths > 1000)
		return 0;
	return tenths;
}

static int
parse_function(const char *fn, size_t n, struct agg_spec *spec)
{
	size_t i;

	if ((spec->permille = percentile_of(fn, n)) > 0 ||
	    (n == 6 && strncmp(fn, "median", 6) == 0)) {
		spec->kind = AGG_PERCENTILE;
		if (spec->permille == 0)
			spec->permille = 500;
		return 0;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == n &&
		    strncmp(kinds[i].name, fn, n) == 0) {
			spec->kind = kinds[i].kind;
			return 0;
		}
	return -1;
}

int
agg_parse(const char *text, const struct expr_var *vars, size_t nvars,
    struct agg_spec *spec, struct buf *why)
{
	const char *eq = strchr(text, '='), *open, *body = text;
	struct expr_error err;
	char *expr;
	size_t n;

	memset(spec, 0, sizeof(*spec));
	/* NAME= only when what precedes '=' is a plain name */
	if (eq != NULL && eq > text &&
	    strcspn(text, "(=") == (size_t)(eq - text))
		body = eq + 1;
	open = strchr(body, '(');
	n = open != NULL ? (size_t)(open - body) : strlen(body);
	if (parse_function(body, n, spec) < 0) {
		buf_printf(why, "unknown aggregate: %.*s (known: %s)", (int)n,
		    body, AGG_KNOWN);
		return -1;
	}
	if (spec->kind == AGG_COUNT && open != NULL &&
	    strcmp(open, "()") != 0) {
		buf_printf(why, "count takes no expression: %s", body);
		return -1;
	}
	if (spec->kind != AGG_COUNT) {
		n = open != NULL ? strlen(open) : 0;
		if (n < 2 || open[n - 1] != ')') {
			buf_printf(why, "expected %.*s(EXPR): %s",
			    (int)(open != NULL ? open - body
					       : (long)strlen(body)),
			    body, body);
			return -1;
		}
		expr = xstrndup(open + 1, n - 2);
		spec->expr = expr_compile(expr, vars, nvars, &err);
		if (spec->expr == NULL) {
			buf_printf(why, "%s: %s", body, err.text);
			free(expr);
			return -1;
		}
		free(expr);
	}
	if (body != text)
		spec->name = xstrndup(text, (size_t)(eq - text));
	else
		spec->name = xstrndup(body, strcspn(body, "("));
	return 0;
}

void
agg_spec_free(struct agg_spec *spec)
{
	expr_free(spec->expr);
	free(spec->name);
}

static int
keep_first(void *ctx, json_t *v)
{
	json_t **out = ctx;

	*out = json_incref(v);
	return EXPR_STOP;
}

int
agg_value(const struct agg_spec *spec, json_t *v, json_t **out, struct buf *why)
{
	*out = NULL;
	if (spec->expr == NULL)
		return 0;
	if (expr_eval(spec->expr, v, keep_first, out, why) == EXPR_ERROR) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	if (*out != NULL && json_is_null(*out)) {
		json_decref(*out);
		*out = NULL;
	}
	return 0;
}

static int
numeric(enum agg_kind k)
{
	return k == AGG_SUM || k == AGG_AVG || k == AGG_PERCENTILE ||
	    k == AGG_STDDEV;
}

int
agg_check(const struct agg_spec *spec, json_t *value, struct buf *why)
{
	if (value == NULL || !numeric(spec->kind) || json_is_number(value))
		return 0;
	buf_printf(why, "%s: ", spec->name);
	value_describe(why, value);
	buf_adds(why, " is not a number");
	return -1;
}

static void
push_item(struct agg_state *st, json_t *v, int64_t t)
{
	if (st->nitems == st->capitems) {
		st->capitems = st->capitems ? 2 * st->capitems : 8;
		st->items =
		    xrealloc(st->items, st->capitems * sizeof(*st->items));
	}
	st->items[st->nitems].t = t;
	st->items[st->nitems].v = json_incref(v);
	st->nitems++;
}

/* (hi:lo) += (bhi:blo), 128-bit two's complement. */
static void
add128(int64_t *hi, uint64_t *lo, int64_t bhi, uint64_t blo)
{
	uint64_t sum = *lo + blo;

	*hi = (int64_t)((uint64_t)*hi + (uint64_t)bhi + (sum < blo));
	*lo = sum;
}

/* The integer sum as a double (for avg): exact to the double's rounding. */
static double
sum128_double(int64_t hi, uint64_t lo)
{
	if ((hi == 0 && lo <= INT64_MAX) || (hi == -1 && lo > INT64_MAX))
		return (double)(int64_t)lo;
	return (double)hi * 18446744073709551616.0 + (double)lo;
}

/* Appends the 128-bit integer (hi:lo) in decimal. */
static void
dump128(struct buf *out, int64_t hi, uint64_t lo)
{
	uint32_t limb[4];
	char digits[48];
	size_t n = 0;
	uint64_t rem;
	int neg = hi < 0, i, zero;

	if (neg) { /* negate: ~x + 1 */
		lo = ~lo + 1;
		hi = (int64_t)(~(uint64_t)hi + (lo == 0));
	}
	limb[0] = (uint32_t)((uint64_t)hi >> 32);
	limb[1] = (uint32_t)(uint64_t)hi;
	limb[2] = (uint32_t)(lo >> 32);
	limb[3] = (uint32_t)lo;
	do {
		rem = 0;
		zero = 1;
		for (i = 0; i < 4; i++) {
			rem = rem << 32 | limb[i];
			limb[i] = (uint32_t)(rem / 10);
			rem %= 10;
			zero &= limb[i] == 0;
		}
		digits[n++] = (char)('0' + rem);
	} while (!zero);
	if (neg)
		buf_addc(out, '-');
	while (n > 0)
		buf_addc(out, digits[--n]);
}

static void
add_number(struct agg_state *st, json_t *value)
{
	double d = value_number(value), delta;
	int64_t i;

	st->dsum += d;
	if (json_is_integer(value)) {
		i = json_integer_value(value);
		add128(&st->ihi, &st->ilo, i < 0 ? -1 : 0, (uint64_t)i);
	} else {
		st->isreal = 1;
	}
	delta = d - st->mean;
	st->mean += delta / (double)st->n;
	st->m2 += delta * (d - st->mean);
}

void
agg_add(const struct agg_spec *spec, struct agg_state *st, json_t *value,
    int64_t t)
{
	int created;

	if (spec->kind == AGG_COUNT) {
		st->n++;
		return;
	}
	if (value == NULL)
		return;
	st->n++;
	switch (spec->kind) {
	case AGG_SUM:
	case AGG_AVG:
	case AGG_STDDEV: add_number(st, value); break;
	case AGG_MIN:
	case AGG_MAX:
		if (st->v == NULL ||
		    (spec->kind == AGG_MIN ? value_compare(value, st->v) < 0
					   : value_compare(value, st->v) > 0)) {
			json_decref(st->v);
			st->v = json_incref(value);
		}
		break;
	case AGG_FIRST:
	case AGG_LAST:
		/* by event time; among equal times, the first or last to arrive
		 */
		if (st->v == NULL ||
		    (spec->kind == AGG_FIRST ? t < st->t : t >= st->t)) {
			json_decref(st->v);
			st->v = json_incref(value);
			st->t = t;
		}
		break;
	case AGG_COLLECT:
	case AGG_PERCENTILE: push_item(st, value, t); break;
	case AGG_DISTINCT: {
		struct buf text = { 0 };

		if (st->distinct == NULL) {
			st->distinct = xmalloc(sizeof(*st->distinct));
			hmap_init(st->distinct);
		}
		jtext_dump(&text, value);
		hmap_put(st->distinct, text.data, text.len, &created);
		buf_free(&text);
		break;
	}
	case AGG_COUNT: break;
	}
}

void
agg_merge(const struct agg_spec *spec, struct agg_state *dst,
    struct agg_state *src)
{
	size_t i;
	double delta, n;

	switch (spec->kind) {
	case AGG_SUM:
	case AGG_AVG:
	case AGG_STDDEV:
		n = (double)(dst->n + src->n);
		if (n > 0) {
			delta = src->mean - dst->mean;
			dst->m2 += src->m2 +
			    delta * delta * (double)dst->n * (double)src->n / n;
			dst->mean += delta * (double)src->n / n;
		}
		dst->dsum += src->dsum;
		dst->isreal |= src->isreal;
		add128(&dst->ihi, &dst->ilo, src->ihi, src->ilo);
		break;
	case AGG_MIN:
	case AGG_MAX:
		if (src->v != NULL)
			agg_add(spec, dst, src->v, src->t), dst->n--;
		break;
	case AGG_FIRST:
	case AGG_LAST:
		if (src->v != NULL &&
		    (dst->v == NULL ||
			(spec->kind == AGG_FIRST ? src->t < dst->t
						 : src->t >= dst->t))) {
			json_decref(dst->v);
			dst->v = json_incref(src->v);
			dst->t = src->t;
		}
		break;
	case AGG_COLLECT:
	case AGG_PERCENTILE:
		for (i = 0; i < src->nitems; i++)
			push_item(dst, src->items[i].v, src->items[i].t);
		break;
	case AGG_DISTINCT:
		if (src->distinct != NULL)
			for (i = 0; i < src->distinct->n; i++) {
				struct hmap_entry *e =
				    &src->distinct->entries[i];
				json_t *v = jtext_parse(e->key, e->len, NULL);

				agg_add(spec, dst, v, 0);
				dst->n--;
				json_decref(v);
			}
		break;
	case AGG_COUNT: break;
	}
	dst->n += src->n;
	agg_state_free(src);
}

static int
by_time(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

static int
by_value(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;

	return value_compare(x->v, y->v);
}

/* Sorts by event time keeping arrival order among equal times. */
static void
stable_time_sort(struct timed *items, size_t n)
{
	size_t i, j;
	struct timed tmp;

	/* insertion sort: input is nearly in order, as streams are */
	for (i = 1; i < n; i++) {
		tmp = items[i];
		for (j = i; j > 0 && by_time(&items[j - 1], &tmp) > 0; j--)
			items[j] = items[j - 1];
		items[j] = tmp;
	}
}

void
agg_result(const struct agg_spec *spec, struct agg_state *st, struct buf *out)
{
	size_t i, rank;

	switch (spec->kind) {
	case AGG_COUNT:
		buf_printf(out, "%llu", (unsigned long long)st->n);
		return;
	case AGG_SUM:
		if (st->n == 0)
			buf_adds(out, "null");
		else if (!st->isreal)
			dump128(out, st->ihi, st->ilo);
		else
			jtext_dump_double(out, st->dsum);
		return;
	case AGG_AVG:
		if (st->n == 0)
			buf_adds(out, "null");
		else
			jtext_dump_double(out,
			    st->isreal ? st->dsum / (double)st->n
				       : sum128_double(st->ihi, st->ilo) /
				    (double)st->n);
		return;
	case AGG_STDDEV:
		if (st->n == 0)
			buf_adds(out, "null");
		else
			jtext_dump_double(out, sqrt(st->m2 / (double)st->n));
		return;
	case AGG_MIN:
	case AGG_MAX:
	case AGG_FIRST:
	case AGG_LAST:
		if (st->v == NULL)
			buf_adds(out, "null");
		else
			jtext_dump(out, st->v);
		return;
	case AGG_COLLECT:
		stable_time_sort(st->items, st->nitems);
		buf_addc(out, '[');
		for (i = 0; i < st->nitems; i++) {
			if (i > 0)
				buf_addc(out, ',');
			jtext_dump(out, st->items[i].v);
		}
		buf_addc(out, ']');
		return;
	case AGG_DISTINCT:
		buf_printf(out, "%zu", st->distinct ? st->distinct->n : 0);
		return;
	case AGG_PERCENTILE:
		if (st->nitems == 0) {
			buf_adds(out, "null");
			return;
		}
		/* nearest rank: the smallest value with at least p% at or below
		 */
		qsort(st->items, st->nitems, sizeof(*st->items), by_value);
		rank = ((size_t)spec->permille * st->nitems + 999) / 1000;
		jtext_dump(out, st->items[rank > 0 ? rank - 1 : 0].v);
		return;
	}
}

void
agg_state_free(struct agg_state *st)
{
	size_t i;

	json_decref(st->v);
	for (i = 0; i < st->nitems; i++)
		json_decref(st->items[i].v);
	free(st->items);
	if (st->distinct != NULL) {
		hmap_free(st->distinct);
		free(st->distinct);
	}
	memset(st, 0, sizeof(*st));
}

static int64_t
real_bits(double d)
{
	int64_t bits;

	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

static double
bits_real(int64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* [n, ilo, ihi, isreal, dsum, mean, m2, t, [v] or [], [[t, v]...], [d...]] */
void
agg_state_save(const struct agg_state *st, struct buf *out)
{
	size_t i;

	buf_printf(out, "[%llu,%lld,%lld,%d,%lld,%lld,%lld,%lld,[",
	    (unsigned long long)st->n, (long long)(int64_t)st->ilo,
	    (long long)st->ihi, st->isreal, (long long)real_bits(st->dsum),
	    (long long)real_bits(st->mean), (long long)real_bits(st->m2),
	    (long long)st->t);
	if (st->v != NULL)
		jtext_dump(out, st->v);
	buf_adds(out, "],[");
	for (i = 0; i < st->nitems; i++) {
		buf_printf(out, "%s[%lld,", i ? "," : "",
		    (long long)st->items[i].t);
		jtext_dump(out, st->items[i].v);
		buf_addc(out, ']');
	}
	buf_adds(out, "],[");
	for (i = 0; st->distinct != NULL && i < st->distinct->n; i++) {
		if (i > 0)
			buf_addc(out, ',');
		buf_add(out, st->distinct->entries[i].key,
		    st->distinct->entries[i].len);
	}
	buf_adds(out, "]]");
}

static int
load_int(const json_t *a, size_t i, int64_t *out)
{
	const json_t *v = json_array_get(a, i);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int
load_items(struct agg_state *st, const json_t *items)
{
	const json_t *item;
	size_t i;

	json_array_foreach (items, i, item) {
		if (json_array_size(item) != 2 ||
		    !json_is_integer(json_array_get(item, 0)))
			return -1;
		push_item(st, json_array_get(item, 1),
		    json_integer_value(json_array_get(item, 0)));
	}
	return 0;
}

static void
load_distinct(struct agg_state *st, const json_t *values)
{
	struct buf text = { 0 };
	const json_t *v;
	size_t i;
	int created;

	json_array_foreach (values, i, v) {
		if (st->distinct == NULL) {
			st->distinct = xmalloc(sizeof(*st->distinct));
			hmap_init(st->distinct);
		}
		buf_reset(&text);
		jtext_dump(&text, v);
		hmap_put(st->distinct, text.data, text.len, &created);
	}
	buf_free(&text);
}

int
agg_state_load(struct agg_state *st, const json_t *v)
{
	int64_t f[8];
	const json_t *one = json_array_get(v, 8);
	const json_t *items = json_array_get(v, 9);
	const json_t *distinct = json_array_get(v, 10);
	size_t i;

	if (json_array_size(v) != 11 || !json_is_array(one) ||
	    json_array_size(one) > 1 || !json_is_array(items) ||
	    !json_is_array(distinct))
		return -1;
	for (i = 0; i < 8; i++)
		if (load_int(v, i, &f[i]) < 0)
			return -1;
	st->n = (uint64_t)f[0];
	st->ilo = (uint64_t)f[1];
	st->ihi = f[2];
	st->isreal = f[3] != 0;
	st->dsum = bits_real(f[4]);
	st->mean = bits_real(f[5]);
	st->m2 = bits_real(f[6]);
	st->t = f[7];
	if (json_array_size(one) == 1)
		st->v = json_incref(json_array_get(one, 0));
	if (load_items(st, items) < 0)
		return -1;
	load_distinct(st, distinct);
	return 0;
}
