/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef LAZY_H
#define LAZY_H

#include "expr.h"
#include "jscan.h"

/*
 * Expressions evaluated on a record's text (jscan.h) instead of its
 * decoded tree, for the shapes a filter mostly has: field paths (.a,
 * .a.b, .["k"], .[0]), their truthiness, comparisons of a path with a
 * scalar literal (== != < <= > >=), and/or/not of those.  Where the
 * text does not settle it (an escaped key or string, a number beyond
 * 64 bits, a path into the wrong type, which is a jq error), the caller
 * decodes the record and evaluates the expression the full way: results
 * are the same either way (tests/lazy.bats checks every expression of
 * the differential suite both ways).
 */
struct lazy;

/* The lazy form of e, or NULL when e is not of those shapes. */
struct lazy *lazy_compile(const struct expr *e);

/*
 * Whether any output of the expression on the record rec (scanned by
 * jscan_record) is truthy: 1 or 0, or -1 when the text does not settle
 * it.
 */
int lazy_filter(const struct lazy *l, const struct jscan_record *rec);

void lazy_free(struct lazy *l);

/* The lazy form of e when e is a field path, or NULL (see expr_path). */
struct lazy *lazy_compile_path(const struct expr *e);

/*
 * The value at the path l in the record: 1 with *out set, 0 when it is
 * null (a key or index absent on the way), -1 when the text does not
 * settle it (decode instead: it may be a jq error).
 */
int lazy_path(const struct lazy *l, const struct jscan_record *rec,
    struct jspan *out);

/* The value of v (valid JSON) as the decoder builds it: a new reference. */
json_t *lazy_decode(struct jspan v);

/*
 * The first output of e on the scanned record r, when e is a field path
 * (expr_path): 0 with *out a new reference (null for an absent field),
 * or -1 when e is no path or the text does not settle it (r may be
 * NULL: then -1).
 */
int lazy_first(struct expr *e, const struct jscan_record *r, json_t **out);

/*
 * smap's projections: an object built of literal keys and field paths,
 * {host, status, ms: .latency_ms}, written from the record's text.
 */
struct lazy_map;

/* The lazy form of e, or NULL when e is not such an object. */
struct lazy_map *lazy_compile_map(const struct expr *e);

/*
 * Appends the object, as the full path would write it (compact, numbers
 * in jq's form), to out and returns 1; or returns -1 when the text does
 * not settle it (then out is as it was).
 */
int lazy_map(const struct lazy_map *m, const struct jscan_record *rec,
    struct buf *out);

void lazy_map_free(struct lazy_map *m);

/*
 * smap's updates of one top-level field: .k = V, .k += V (-= *= /=) and
 * del(.k), where V is a literal, a path, or + - * / of those; the record
 * is spliced (splice.h), not decoded.
 */
struct lazy_update;

/* The lazy form of e, or NULL when e is not such an update. */
struct lazy_update *lazy_compile_update(const struct expr *e);

/*
 * Appends the updated record to out (tail is scratch space) and returns
 * 1; or returns -1 when the text does not settle it (out may then hold
 * part of it: the caller resets it).
 */
int lazy_update(const struct lazy_update *u, const struct jscan_record *rec,
    struct buf *out, struct buf *tail);

void lazy_update_free(struct lazy_update *u);

/*
 * 1 when the lazy path is turned off for the whole process
 * (STREAM_TOOLS_FULL_DECODE=1 in the environment), so that tests can
 * compare both paths.
 */
int lazy_disabled(void);

#endif
