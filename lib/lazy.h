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
 * Whether any output of the expression on the record rec (valid JSON,
 * jscan_valid) is truthy: 1 or 0, or -1 when the text does not settle
 * it.
 */
int lazy_filter(const struct lazy *l, struct jspan rec);

void lazy_free(struct lazy *l);

/*
 * 1 when the lazy path is turned off for the whole process
 * (STREAM_TOOLS_FULL_DECODE=1 in the environment), so that tests can
 * compare both paths.
 */
int lazy_disabled(void);

#endif
