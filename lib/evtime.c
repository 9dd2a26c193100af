#define _XOPEN_SOURCE 700 /* strptime */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evtime.h"
#include "jtext.h"
#include "timefmt.h"
#include "value.h"
#include "xalloc.h"

static const int64_t unit_ns[] = { 1000000000, 1000000, 1000, 1 };

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
	et->zone_in_format = strstr(format, "%z") != NULL;
	et->local = local;
}

static int
from_number(const struct evtime *et, json_t *v, int64_t *ns)
{
	double d;

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		int64_t mul = unit_ns[et->unit];

		if (i > INT64_MAX / mul || i < INT64_MIN / mul)
			return -1;
		*ns = (int64_t)i * mul;
		return 0;
	}
	d = json_real_value(v) * (double)unit_ns[et->unit];
	if (!(d > -9.2e18 && d < 9.2e18))
		return -1;
	*ns = (int64_t)llround(d);
	return 0;
}

static int
from_format(const struct evtime *et, const char *s, int64_t *ns)
{
	struct tm tm;
	const char *end;
	time_t secs;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	end = strptime(s, et->format, &tm);
	if (end == NULL || *end != '\0')
		return -1;
	if (et->zone_in_format) {
		long offset = tm.tm_gmtoff; /* timegm resets it */

		secs = timegm(&tm) - offset;
	} else if (et->local) {
		tm.tm_isdst = -1;
		secs = mktime(&tm);
	} else {
		secs = timegm(&tm);
	}
	*ns = (int64_t)secs * 1000000000;
	return 0;
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
	int r = -1;

	if (expr_eval(et->expr, v, keep_first, &t, why) == EXPR_ERROR) {
		json_decref(t);
		return -1;
	}
	if (t == NULL) {
		buf_adds(why, "-t produced no time");
		return -1;
	}
	if (json_is_number(t))
		r = from_number(et, t, ns);
	else if (json_is_string(t) && et->format != NULL)
		r = from_format(et, json_string_value(t), ns);
	else if (json_is_string(t))
		r = timefmt_parse_rfc3339(json_string_value(t),
		    json_string_length(t), ns);
	if (r < 0) {
		buf_adds(why, "-t: ");
		value_describe(why, t);
		buf_adds(why,
		    et->format != NULL
			? " does not match --time-format"
			: " is not an RFC 3339 time or an epoch number");
	}
	json_decref(t);
	return r;
}

int
evtime_parse_arg(const char *text, int64_t *ns)
{
	char *end;
	double d;

	if (timefmt_parse_rfc3339(text, strlen(text), ns) == 0)
		return 0;
	d = strtod(text, &end);
	if (end == text || *end != '\0' || !(d > -9.2e9 && d < 9.2e9))
		return -1;
	*ns = (int64_t)llround(d * 1e9);
	return 0;
}

void
evtime_write(const struct evtime *et, struct buf *out, int64_t t)
{
	char text[TIMEFMT_RFC3339_LEN];
	int64_t mul = unit_ns[et->unit];

	if (!et->epoch) {
		timefmt_format_rfc3339(t, text);
		buf_printf(out, "\"%s\"", text);
	} else if (t % mul == 0) {
		buf_printf(out, "%lld", (long long)(t / mul));
	} else {
		jtext_dump_double(out, (double)t / (double)mul);
	}
}
