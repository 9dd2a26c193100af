#ifndef EVTIME_H
#define EVTIME_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "expr.h"

/*
 * Event time: where a record's time comes from (-t EXPR, --time-unit,
 * --time-format, --tz) and how times are written (RFC 3339 UTC with
 * milliseconds, or --epoch numbers in the time unit).  Without -t the
 * tools use processing time: the system clock when the record arrived.
 */
enum time_unit { UNIT_S, UNIT_MS, UNIT_US, UNIT_NS };

struct evtime {
	struct expr *expr;   /* -t EXPR, NULL for processing time */
	enum time_unit unit; /* numbers in records, --epoch output */
	const char *format;  /* --time-format, strptime(3) */
	int zone_in_format;  /* the format has %z */
	int local;	     /* --tz given: zone-less formats are in TZ */
	int epoch;	     /* --epoch */
};

void evtime_init(struct evtime *et);
int evtime_unit_parse(const char *name, enum time_unit *unit);

/*
 * Sets --time-format; --tz is applied by the caller with setenv("TZ")
 * and tzset() before calling evtime_set_format with local set.
 */
void evtime_set_format(struct evtime *et, const char *format, int local);

/* The event time of v in ns, or -1 with the reason in why. */
int evtime_of(const struct evtime *et, json_t *v, int64_t *ns, struct buf *why);

/* A time from the command line (--align): RFC 3339, or epoch seconds. */
int evtime_parse_arg(const char *text, int64_t *ns);

/* Appends t as output: a quoted RFC 3339 string, or an --epoch number. */
void evtime_write(const struct evtime *et, struct buf *out, int64_t t);

#endif
