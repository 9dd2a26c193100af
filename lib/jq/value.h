/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef VALUE_H
#define VALUE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"

/*
 * jq's semantics for values held as jansson json_t: ordering, equality,
 * arithmetic, indexing and paths.  Values are treated as immutable once
 * shared: a function that "changes" a value takes a reference it owns and
 * copies whatever is still shared with others (copy on write).
 *
 * Functions returning json_t * return a new reference, or NULL with a
 * jq-worded message appended to err.
 */

/* jq's total order: null < false < true < numbers < strings < arrays < objects.
 */
int value_compare(const json_t *a, const json_t *b);
int value_equal(const json_t *a, const json_t *b);
int value_truthy(const json_t *v);

/* "null", "boolean", "number", "string", "array", "object" */
const char *value_type(const json_t *v);
double value_number(const json_t *v);
/*
 * A real; jansson cannot hold infinities or NaN, so infinities become
 * +-DBL_MAX (what jq prints for them) and NaN is jtext_nan().
 */
json_t *value_real(double d);
/* An integer when d is integral and fits, else a real. */
json_t *value_from_double(double d);
/* d truncated toward zero and clamped to 64 bits; NaN gives 0. */
int64_t value_clamp_int64(double d);

/*
 * Limits that keep one expression from asking for unbounded memory:
 * .[i] = v fails "Array index too large" beyond jq 1.7's index limit
 * (INT_MAX >> 2), and string * n fails "Repeat string result too long"
 * when the result would be longer than VALUE_REPEAT_MAX bytes.
 */
#define VALUE_INDEX_MAX 536870911.0
#define VALUE_REPEAT_MAX ((size_t)1 << 29)

/* A shallow copy; object keys keep their NULs (json_copy cuts them). */
json_t *value_copy(json_t *v);

json_t *value_add(json_t *a, json_t *b, struct buf *err);
json_t *value_sub(json_t *a, json_t *b, struct buf *err);
json_t *value_mul(json_t *a, json_t *b, struct buf *err);
json_t *value_div(json_t *a, json_t *b, struct buf *err);
json_t *value_mod(json_t *a, json_t *b, struct buf *err);

/*
 * A copy of v with the members of every object in key order, which
 * value_compare then need not sort: for sorting many values once.
 */
json_t *value_in_key_order(json_t *v);

/*
 * Whether x + y, x - y, x * y fit a 64-bit integer (value_add, value_sub
 * and value_mul keep an integer then).
 */
int value_add_fits(json_int_t x, json_int_t y);
int value_sub_fits(json_int_t x, json_int_t y);
int value_mul_fits(json_int_t x, json_int_t y);

/* .[k] on v; null on a null input, like jq. */
json_t *value_index(json_t *v, json_t *k, struct buf *err);
/* .[from:to] with null bounds meaning the ends. */
json_t *value_slice(json_t *v, json_t *from, json_t *to, struct buf *err);

/* Appends the message of tostring: strings as is, others as JSON. */
void value_tostring(struct buf *out, const json_t *v);
/* Short form of v for error messages, jq style: "number (1)". */
void value_describe(struct buf *out, const json_t *v);

/* A sorted copy of an array (jq order). */
json_t *value_sort(json_t *array);
/* Object keys sorted by code point, as jq's keys. */
json_t *value_keys(json_t *v, struct buf *err);

/*
 * Paths.  getpath returns null where the path leads nowhere.  setpath
 * and delpaths take ownership of root (steal the reference) and return
 * the new root, copying only what is shared.
 */
json_t *value_getpath(json_t *root, json_t *path, struct buf *err);
json_t *value_setpath(json_t *root, json_t *path, size_t i, json_t *v,
    struct buf *err);
json_t *value_delpaths(json_t *root, json_t *paths, struct buf *err);

/* Deep merge for object * object. */
json_t *value_merge_deep(json_t *a, json_t *b);

/* Returns 1 when a contains b (jq's contains). */
int value_contains(const json_t *a, const json_t *b);

#endif
