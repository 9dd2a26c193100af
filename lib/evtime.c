/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evtime.h"
#include "jtext.h"
#include "timefmt.h"
#include "jq/value.h"
#include "xalloc.h"

static const int64_t unit_ns[] = { 1000000000, 1000000, 1000, 1 };
static const int unit_digits[] = { 9, 6, 3, 0 };

/* Exponents beyond this make any non-zero number out of range anyway. */
#define EXP_CAP 100000

void
evtime_init(struct evtime *et)
{
	memset(et, 0, sizeof(*et));
}

int
evtime_unit_parse(const char *name, enum time_unit *unit)
{
	static const char *names[] = { "s", "ms", "us", "ns" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*unit = (enum time_unit)i;
			return 0;
		}
	return -1;
}

void
evtime_set_format(struct evtime *et, const char *format, int local)
{
	et->format = format;
	et->local = local;
}

int
evtime_configure(struct evtime *et, int has_expr, const char *format,
    const char *tz, struct buf *why)
{
	if (format != NULL && !has_expr) {
		buf_adds(why, "--time-format needs -t EXPR");
		return -1;
	}
	if (tz != NULL && !timefmt_zone_valid(tz)) {
		buf_printf(why, "--tz: unknown time zone (a name under "
				"/usr/share/zoneinfo, UTC, or a POSIX TZ rule): %s",
		    tz);
		return -1;
	}
	if (tz != NULL) {
		setenv("TZ", tz, 1);
		tzset();
	}
	if (format != NULL)
		evtime_set_format(et, format, tz != NULL);
	return 0;
}

int
evtime_add(int64_t a, int64_t b, int64_t *r)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return -1;
	*r = a + b;
	return 0;
}

int
evtime_sub(int64_t a, int64_t b, int64_t *r)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return -1;
	*r = a - b;
	return 0;
}

int
evtime_mul(int64_t a, int64_t b, int64_t *r)
{
	if (a != 0 && b != 0) {
		if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
			  : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
			return -1;
	}
	*r = a * b;
	return 0;
}

int64_t
evtime_sat_add(int64_t a, int64_t b)
{
	int64_t r;

	if (evtime_add(a, b, &r) == 0)
		return r;
	return b > 0 ? INT64_MAX : INT64_MIN;
}

int64_t
evtime_sat_sub(int64_t a, int64_t b)
{
	int64_t r;

	if (evtime_sub(a, b, &r) == 0)
		return r;
	return b < 0 ? INT64_MAX : INT64_MIN;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The exponent after 'e', capped at +-EXP_CAP; -1 if malformed. */
static int
parse_exponent(const char **pp, const char *end, long *exp)
{
	const char *p = *pp;
	int neg = 0;

	*exp = 0;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (p == end || !is_digit(*p))
		return -1;
	for (; p < end && is_digit(*p); p++)
		if (*exp < EXP_CAP)
			*exp = *exp * 10 + (*p - '0');
	*pp = p;
	if (neg)
		*exp = -*exp;
	return 0;
}

/*
 * The integer part of digits x 10^scale, as a magnitude of at most
 * limit, and whether a non-zero digit fell below the point.
 */
static int
integer_part(const char *digits[2], const size_t len[2], long scale,
    uint64_t limit, uint64_t *mag, int *frac)
{
	long total = (long)(len[0] + len[1]), k;
	uint64_t acc = 0;
	int d;

	*frac = 0;
	for (k = 0; k < total; k++) {
		d = k < (long)len[0] ? digits[0][k] - '0'
				     : digits[1][k - (long)len[0]] - '0';
		if (total - 1 - k + scale < 0) {
			*frac |= d != 0;
			continue;
		}
		if (acc > (limit - (uint64_t)d) / 10)
			return -1;
		acc = acc * 10 + (uint64_t)d;
	}
	for (k = 0; k < scale && acc != 0; k++) {
		if (acc > limit / 10)
			return -1;
		acc *= 10;
	}
	*mag = acc;
	return 0;
}

int
evtime_parse_number(const char *s, size_t n, enum time_unit unit, int64_t *ns)
{
	const char *p = s, *end = s + n, *digits[2];
	size_t len[2] = { 0, 0 };
	uint64_t mag, limit;
	long exp = 0;
	int neg = 0, frac;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	digits[0] = digits[1] = p;
	while (p < end && is_digit(*p))
		p++, len[0]++;
	if (p < end && *p == '.') {
		digits[1] = ++p;
		while (p < end && is_digit(*p))
			p++, len[1]++;
	}
	if (len[0] + len[1] == 0)
		return EVTIME_BAD;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (parse_exponent(&p, end, &exp) < 0)
			return EVTIME_BAD;
	}
	if (p != end)
		return EVTIME_BAD;
	/* Magnitudes up to 2^63 for negatives, less the floor's one. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (integer_part(digits, len, exp + unit_digits[unit] - (long)len[1],
		limit, &mag, &frac) < 0)
		return EVTIME_RANGE;
	if (!neg) {
		*ns = (int64_t)mag;
		return 0;
	}
	if (frac && mag == limit)
		return EVTIME_RANGE;
	mag += (uint64_t)frac; /* floor: toward the past */
	*ns = mag == limit ? INT64_MIN : -(int64_t)mag;
	return 0;
}

static int
from_number(const struct evtime *et, json_t *v, int64_t *ns)
{
	struct buf text = { 0 };
	int r;

	if (json_is_integer(v))
		return evtime_mul(json_integer_value(v), unit_ns[et->unit],
			   ns) == 0
		    ? 0
		    : EVTIME_RANGE;
	if (jtext_is_nan(v))
		return EVTIME_BAD;
	/* The double's shortest round-trip text: what the user wrote. */
	jtext_dump_double(&text, json_real_value(v));
	r = evtime_parse_number(text.data, text.len, et->unit, ns);
	buf_free(&text);
	return r;
}

static int
from_string(const struct evtime *et, json_t *v, int64_t *ns)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);

	if (et->format != NULL) {
		if (strlen(s) != n)
			return EVTIME_BAD; /* a NUL inside */
		return timefmt_parse_format(s, et->format, et->local, ns);
	}
	if (timefmt_parse_rfc3339(s, n, ns) == 0)
		return 0;
	return evtime_parse_number(s, n, et->unit, ns);
}

static int
keep_first(void *ctx, json_t *v)
{
	json_t **out = ctx;

	*out = json_incref(v);
	return EXPR_STOP;
}

int
evtime_of(const struct evtime *et, json_t *v, int64_t *ns, struct buf *why)
{
	json_t *t = NULL;
	int r;

	if (expr_eval(et->expr, v, keep_first, &t, why) == EXPR_ERROR) {
		json_decref(t);
		return EVTIME_BAD;
	}
	if (t == NULL) {
		buf_adds(why, "-t produced no time");
		return EVTIME_BAD;
	}
	r = evtime_of_value(et, t, ns, why);
	json_decref(t);
	return r;
}

static const char *const unit_names[] = { "s", "ms", "us", "ns" };

/*
 * The epoch number of t (a number, or a string of one), as a double;
 * 0 when t is neither.
 */
static int
epoch_number(json_t *t, double *d)
{
	char *end;

	if (json_is_number(t)) {
		*d = json_number_value(t);
		return 1;
	}
	if (!json_is_string(t) || json_string_length(t) == 0)
		return 0;
	*d = strtod(json_string_value(t), &end);
	return *end == '\0';
}

/*
 * A likely mistake behind a time that did not take: an epoch in a finer
 * unit than --time-unit says (out of range, or after the year 5000),
 * or a date in a common log format without --time-format.
 */
static void
hint(const struct evtime *et, json_t *t, struct buf *why)
{
	const char *s;
	double d, secs;
	int u;

	if ((et->format == NULL || json_is_number(t)) && epoch_number(t, &d)) {
		secs = fabs(d) / (double)(unit_ns[0] / unit_ns[et->unit]);
		for (u = (int)et->unit; u < 3 && secs >= 1e11; u++)
			secs /= 1000;
		if (u != (int)et->unit && secs < 1e11)
			buf_printf(why,
			    " (it looks like epoch %s: --time-unit %s)",
			    u == 1	? "milliseconds"
				: u == 2 ? "microseconds"
					 : "nanoseconds",
			    unit_names[u]);
		return;
	}
	if (et->format != NULL || !json_is_string(t))
		return;
	s = json_string_value(t);
	/* 01/May/2024:00:00:00 +0000, as Apache and nginx write it */
	if (strlen(s) >= 20 && s[2] == '/' && s[6] == '/' && s[11] == ':')
		buf_adds(why, " (it looks like the common log format:"
			      " --time-format '%d/%b/%Y:%H:%M:%S %z')");
	else if (strlen(s) >= 19 && s[4] == '/' && s[7] == '/' &&
	    s[13] == ':')
		buf_adds(why, " (try --time-format '%Y/%m/%d %H:%M:%S')");
}

int
evtime_of_value(const struct evtime *et, json_t *t, int64_t *ns,
    struct buf *why)
{
	int r = EVTIME_BAD;

	if (json_is_number(t))
		r = from_number(et, t, ns);
	else if (json_is_string(t))
		r = from_string(et, t, ns);
	if (r == EVTIME_RANGE) {
		buf_adds(why, "event time out of range");
		hint(et, t, why);
	} else if (r == EVTIME_NOSUCH) {
		buf_adds(why, "-t: ");
		value_describe(why, t);
		buf_adds(why, " is no real date or time (--time-format)");
	} else if (r < 0) {
		buf_adds(why, "-t: ");
		value_describe(why, t);
		buf_adds(why,
		    et->format != NULL
			? " does not match --time-format"
			: " is not an RFC 3339 time or an epoch number");
		hint(et, t, why);
	}
	return r;
}

int
evtime_parse_arg(const char *text, int64_t *ns)
{
	if (timefmt_parse_rfc3339(text, strlen(text), ns) == 0)
		return 0;
	return evtime_parse_number(text, strlen(text), UNIT_S, ns);
}

void
evtime_write(const struct evtime *et, struct buf *out, int64_t t)
{
	char text[TIMEFMT_RFC3339_LEN], frac[16];
	uint64_t mag, mul = (uint64_t)unit_ns[et->unit];
	int width = unit_digits[et->unit];

	if (!et->epoch) {
		timefmt_format_rfc3339(t, text);
		buf_printf(out, "\"%s\"", text);
		return;
	}
	mag = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	buf_printf(out, "%s%llu", t < 0 ? "-" : "",
	    (unsigned long long)(mag / mul));
	if (mag % mul == 0)
		return;
	snprintf(frac, sizeof(frac), "%0*llu", width,
	    (unsigned long long)(mag % mul));
	while (width > 0 && frac[width - 1] == '0')
		frac[--width] = '\0';
	buf_printf(out, ".%s", frac);
}
