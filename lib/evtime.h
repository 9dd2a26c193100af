/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef EVTIME_H
#define EVTIME_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"

/*
 * Event time: where a record's time comes from (-t EXPR, --time-unit,
 * --time-format, --tz) and how times are written (RFC 3339 UTC with
 * milliseconds, or --epoch numbers in the time unit).  Without -t the
 * tools use processing time: the system clock when the record arrived.
 *
 * Times are int64_t nanoseconds since the epoch.  Numbers become
 * nanoseconds from their decimal text with integer arithmetic, never
 * through a double: a JSON integer exactly, a JSON real from its
 * shortest round-trip text (the text the double prints as), a string of
 * digits as written.  Digits past the nanosecond are dropped toward the
 * past (floor), as RFC 3339 fractions are.
 */
enum time_unit { UNIT_S, UNIT_MS, UNIT_US, UNIT_NS };

struct evtime {
	struct expr *expr;   /* -t EXPR, NULL for processing time */
	enum time_unit unit; /* numbers in records, --epoch output */
	const char *format;  /* --time-format, strptime(3) */
	int local;	     /* --tz given: zone-less formats are in TZ */
	int epoch;	     /* --epoch */
};

/* What evtime_of and evtime_parse_number return besides 0. */
#define EVTIME_BAD (-1)	   /* not a time */
#define EVTIME_RANGE (-2)  /* a time, but outside int64_t nanoseconds */
#define EVTIME_NOSUCH (-3) /* --time-format matched no real date or time */

void evtime_init(struct evtime *et);
int evtime_unit_parse(const char *name, enum time_unit *unit);

/*
 * Sets --time-format; --tz is applied by the caller with setenv("TZ")
 * and tzset() before calling evtime_set_format with local set.
 */
void evtime_set_format(struct evtime *et, const char *format, int local);

/*
 * Applies --time-format and --tz (each NULL when not given) once the
 * options are read, as every tool with -t does: checks the zone, sets
 * TZ for the process, and the format.  has_expr says whether -t was
 * given.  Returns 0, or -1 with the usage error in why.
 */
int evtime_configure(struct evtime *et, int has_expr, const char *format,
    const char *tz, struct buf *why);

/*
 * The event time of v in ns.  Returns 0, or EVTIME_BAD or EVTIME_RANGE
 * with the reason in why ("event time out of range" for the latter).
 */
int evtime_of(const struct evtime *et, json_t *v, int64_t *ns, struct buf *why);

/* evtime_of, given the time value t (the -t expression's output). */
int evtime_of_value(const struct evtime *et, json_t *t, int64_t *ns,
    struct buf *why);

/*
 * A decimal number (n bytes: [-+]digits[.digits][e[-+]digits], digits
 * on at least one side of the point) in unit, to ns.  Returns 0,
 * EVTIME_BAD or EVTIME_RANGE.
 */
int evtime_parse_number(const char *s, size_t n, enum time_unit unit,
    int64_t *ns);

/*
 * A time from the command line (--align): RFC 3339, or epoch seconds.
 * Returns 0, EVTIME_BAD or EVTIME_RANGE.
 */
int evtime_parse_arg(const char *text, int64_t *ns);

/*
 * Appends t as output: a quoted RFC 3339 string, or an --epoch number,
 * exact: an integer, or the decimal fraction with no trailing zeros.
 */
void evtime_write(const struct evtime *et, struct buf *out, int64_t t);

/*
 * Checked time arithmetic: *r = a + b (a - b, a * b) and 0, or -1 when
 * the result leaves int64_t (*r is then unchanged).
 */
int evtime_add(int64_t a, int64_t b, int64_t *r);
int evtime_sub(int64_t a, int64_t b, int64_t *r);
int evtime_mul(int64_t a, int64_t b, int64_t *r);

/* a + b and a - b clamped to [INT64_MIN, INT64_MAX]. */
int64_t evtime_sat_add(int64_t a, int64_t b);
int64_t evtime_sat_sub(int64_t a, int64_t b);

#endif
