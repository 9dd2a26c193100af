/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* glibc declares strptime only for XSI, not for plain POSIX. */
#define _XOPEN_SOURCE 700

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "timefmt.h"
#include "xalloc.h"

#define NS_PER_SEC INT64_C(1000000000)
#define SECS_PER_DAY INT64_C(86400)
#define ISO_FORMAT "%Y-%m-%dT%H:%M:%SZ"
#define STRFTIME_MAX (1024 * 1024)

static const char e_gmtime[] = "gmtime() requires numeric inputs";
static const char e_localtime[] = "localtime() requires numeric inputs";
static const char e_convert[] =
    "error converting number of seconds since epoch to datetime";
static const char e_mktime_array[] = "mktime requires array inputs";
static const char e_mktime[] = "mktime requires parsed datetime inputs";
static const char e_strftime[] = "strftime/1 requires parsed datetime inputs";
static const char e_strftime_fmt[] = "strftime/1 requires a string format";
static const char e_strftime_fail[] = "strftime/1: unknown system failure";
static const char e_strflocaltime[] =
    "strflocaltime/1 requires parsed datetime inputs";
static const char e_strflocaltime_fmt[] =
    "strflocaltime/1 requires a string format";
static const char e_strptime[] =
    "strptime/1 requires string inputs and arguments";

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	if (r != 0 && (r < 0) != (b < 0))
		r += b;
	return r;
}

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/*
 * Days since 1970-01-01 of the proleptic Gregorian y-m-d (m 1-12), and
 * back: Howard Hinnant's algorithms, eras of 400 years.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Exactly n digits. */
static int
digits(const char **p, const char *end, int n, int *v)
{
	*v = 0;
	for (; n > 0; n--, (*p)++) {
		if (*p == end || **p < '0' || **p > '9')
			return 0;
		*v = *v * 10 + (**p - '0');
	}
	return 1;
}

static int
lit(const char **p, const char *end, char c)
{
	if (*p == end || **p != c)
		return 0;
	(*p)++;
	return 1;
}

/* .fraction, truncated to nanoseconds. */
static int
fraction(const char **p, const char *end, int64_t *frac)
{
	int64_t scale = NS_PER_SEC / 10;

	*frac = 0;
	if (!lit(p, end, '.'))
		return 1;
	if (*p == end || **p < '0' || **p > '9')
		return 0;
	for (; *p != end && **p >= '0' && **p <= '9'; (*p)++) {
		*frac += (**p - '0') * scale;
		scale /= 10;
	}
	return 1;
}

/* Z, z, +hh:mm, -hh:mm, +hhmm, +hh or nothing; east of UTC positive. */
static int
zone(const char **p, const char *end, int64_t *off)
{
	int sign, h, m = 0;

	*off = 0;
	if (*p == end || lit(p, end, 'Z') || lit(p, end, 'z'))
		return 1;
	if (lit(p, end, '+'))
		sign = 1;
	else if (lit(p, end, '-'))
		sign = -1;
	else
		return 0;
	if (!digits(p, end, 2, &h) || h > 23)
		return 0;
	if (lit(p, end, ':')) {
		if (!digits(p, end, 2, &m))
			return 0;
	} else if (*p != end && !digits(p, end, 2, &m))
		return 0;
	if (m > 59)
		return 0;
	*off = sign * (h * INT64_C(3600) + m * 60);
	return 1;
}

/* hh:mm[:ss[.fraction]] into seconds of the day and nanoseconds. */
static int
clock_time(const char **p, const char *end, int64_t *secs, int64_t *frac)
{
	int h, m, s = 0;

	*frac = 0;
	if (!digits(p, end, 2, &h) || !lit(p, end, ':') ||
	    !digits(p, end, 2, &m))
		return 0;
	if (lit(p, end, ':') &&
	    (!digits(p, end, 2, &s) || !fraction(p, end, frac)))
		return 0;
	/*
	 * A leap second (ss = 60) counts as the first second of the next
	 * minute, as POSIX time and timegm have it.
	 */
	if (h > 23 || m > 59 || s > 60)
		return 0;
	*secs = h * INT64_C(3600) + m * 60 + s;
	return 1;
}

/* secs * 10^9 + frac (0 <= frac < 10^9) unless it leaves int64_t. */
static int
to_ns(int64_t secs, int64_t frac, int64_t *ns)
{
	if (secs >= 0 && secs > (INT64_MAX - frac) / NS_PER_SEC)
		return -1;
	if (secs < 0 &&
	    secs + 1 < (INT64_MIN + (NS_PER_SEC - frac)) / NS_PER_SEC)
		return -1;
	/* Near INT64_MIN, secs * 10^9 alone would overflow. */
	if (secs < 0)
		*ns = (secs + 1) * NS_PER_SEC + (frac - NS_PER_SEC);
	else
		*ns = secs * NS_PER_SEC + frac;
	return 0;
}

int
timefmt_parse_rfc3339(const char *s, size_t n, int64_t *ns)
{
	const char *p = s, *end = s + n;
	int64_t tod = 0, frac = 0, off = 0, secs;
	int y, mo, d;

	if (!digits(&p, end, 4, &y) || !lit(&p, end, '-') ||
	    !digits(&p, end, 2, &mo) || !lit(&p, end, '-') ||
	    !digits(&p, end, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return -1;
	if (p != end) {
		if (!lit(&p, end, 'T') && !lit(&p, end, 't') &&
		    !lit(&p, end, ' '))
			return -1;
		if (!clock_time(&p, end, &tod, &frac) || !zone(&p, end, &off))
			return -1;
	}
	if (p != end)
		return -1;
	secs = days_from_civil(y, mo, d) * SECS_PER_DAY + tod - off;
	return to_ns(secs, frac, ns);
}

static char *
put_digits(char *p, int64_t v, int width, char after)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	p[width] = after;
	return p + width + 1;
}

void
timefmt_format_rfc3339(int64_t ns, char *out)
{
	int64_t secs, rem, days, sod, y;
	int m, d;

	secs = floor_div(ns, NS_PER_SEC);
	rem = floor_mod(ns, NS_PER_SEC);
	days = floor_div(secs, SECS_PER_DAY);
	sod = floor_mod(secs, SECS_PER_DAY);
	civil_from_days(days, &y, &m, &d);
	/* int64_t nanoseconds stay within the years 1677..2262. */
	out = put_digits(out, y, 4, '-');
	out = put_digits(out, m, 2, '-');
	out = put_digits(out, d, 2, 'T');
	out = put_digits(out, sod / 3600, 2, ':');
	out = put_digits(out, sod / 60 % 60, 2, ':');
	out = put_digits(out, sod % 60, 2, '.');
	out = put_digits(out, rem / 1000000, 3, 'Z');
	*out = '\0';
}

/* Seconds since the epoch of a broken-down UTC time, fields unbounded. */
static int64_t
tm_to_secs(const struct tm *tm)
{
	int64_t y, days;

	y = (int64_t)tm->tm_year + 1900 + floor_div(tm->tm_mon, 12);
	days = days_from_civil(y, (int)floor_mod(tm->tm_mon, 12) + 1, 1) +
	    tm->tm_mday - 1;
	return days * SECS_PER_DAY + tm->tm_hour * INT64_C(3600) +
	    tm->tm_min * INT64_C(60) + tm->tm_sec;
}

/* Returns -1 when the year does not fit struct tm. */
static int
secs_to_tm(int64_t secs, struct tm *tm)
{
	int64_t days, sod, y;
	int m, d;

	days = floor_div(secs, SECS_PER_DAY);
	sod = floor_mod(secs, SECS_PER_DAY);
	civil_from_days(days, &y, &m, &d);
	if (y - 1900 < INT_MIN || y - 1900 > INT_MAX)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(sod / 3600);
	tm->tm_min = (int)(sod / 60 % 60);
	tm->tm_sec = (int)(sod % 60);
	tm->tm_wday = (int)floor_mod(days + 4, 7);
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return 0;
}

static json_t *
tm_array(const struct tm *tm, double frac)
{
	json_t *a = json_array();

	json_array_append_new(a, json_integer((json_int_t)tm->tm_year + 1900));
	json_array_append_new(a, json_integer(tm->tm_mon));
	json_array_append_new(a, json_integer(tm->tm_mday));
	json_array_append_new(a, json_integer(tm->tm_hour));
	json_array_append_new(a, json_integer(tm->tm_min));
	/* jq's own expression, so that the doubles agree bit for bit. */
	json_array_append_new(a,
	    frac == 0 ? json_integer(tm->tm_sec)
		      : json_real(tm->tm_sec + frac));
	json_array_append_new(a, json_integer(tm->tm_wday));
	json_array_append_new(a, json_integer(tm->tm_yday));
	return a;
}

/*
 * A number of seconds to struct tm and its fraction x - floor(x).  jq
 * truncates toward zero instead, which puts -1.5 at 23:59:59.5.
 */
static int
number_tm(json_t *in, struct tm *tm, double *frac)
{
	double x, fl;

	*frac = 0;
	if (json_is_integer(in))
		return secs_to_tm(json_integer_value(in), tm);
	x = json_real_value(in);
	if (!isfinite(x) || x < -9.2e18 || x > 9.2e18)
		return -1;
	fl = floor(x);
	*frac = x - fl;
	return secs_to_tm((int64_t)fl, tm);
}

/* As number_tm, in the local time zone (TZ), as localtime(3) gives it. */
static int
number_local_tm(json_t *in, struct tm *tm, double *frac)
{
	time_t t;

	if (number_tm(in, tm, frac) == -1)
		return -1;
	t = (time_t)tm_to_secs(tm);
	if ((int64_t)t != tm_to_secs(tm) || localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

/* Element i of a broken-down time array as an int field (floored). */
static int
tm_field(json_t *a, size_t i, int bias, int *field)
{
	json_t *v = json_array_get(a, i);
	double d;

	if (!json_is_number(v))
		return 0;
	d = floor(json_number_value(v)) - bias;
	if (!(d >= INT_MIN && d <= INT_MAX))
		return 0;
	*field = (int)d;
	return 1;
}

/*
 * jq's broken-down time array: six numbers, then wday and yday, which
 * are computed when missing (jq 1.6 wants all eight).
 */
static int
array_tm(json_t *a, struct tm *tm)
{
	struct tm norm;
	size_t n;

	memset(tm, 0, sizeof(*tm));
	if (!json_is_array(a) || (n = json_array_size(a)) < 6)
		return 0;
	if (!tm_field(a, 0, 1900, &tm->tm_year) ||
	    !tm_field(a, 1, 0, &tm->tm_mon) ||
	    !tm_field(a, 2, 0, &tm->tm_mday) ||
	    !tm_field(a, 3, 0, &tm->tm_hour) ||
	    !tm_field(a, 4, 0, &tm->tm_min) || !tm_field(a, 5, 0, &tm->tm_sec))
		return 0;
	if (secs_to_tm(tm_to_secs(tm), &norm) == 0) {
		tm->tm_wday = norm.tm_wday;
		tm->tm_yday = norm.tm_yday;
	}
	if ((n > 6 && !tm_field(a, 6, 0, &tm->tm_wday)) ||
	    (n > 7 && !tm_field(a, 7, 0, &tm->tm_yday)))
		return 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return 1;
}

json_t *
timefmt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return json_real((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

json_t *
timefmt_gmtime(json_t *in, char *err, size_t errlen)
{
	struct tm tm;
	double frac;

	if (!json_is_number(in)) {
		snprintf(err, errlen, "%s", e_gmtime);
		return NULL;
	}
	if (number_tm(in, &tm, &frac) == -1) {
		snprintf(err, errlen, "%s", e_convert);
		return NULL;
	}
	return tm_array(&tm, frac);
}

json_t *
timefmt_localtime(json_t *in, char *err, size_t errlen)
{
	struct tm tm;
	double frac;

	if (!json_is_number(in)) {
		snprintf(err, errlen, "%s", e_localtime);
		return NULL;
	}
	if (number_local_tm(in, &tm, &frac) == -1) {
		snprintf(err, errlen, "%s", e_convert);
		return NULL;
	}
	return tm_array(&tm, frac);
}

json_t *
timefmt_mktime(json_t *in, char *err, size_t errlen)
{
	struct tm tm;

	if (!json_is_array(in)) {
		snprintf(err, errlen, "%s", e_mktime_array);
		return NULL;
	}
	if (!array_tm(in, &tm)) {
		snprintf(err, errlen, "%s", e_mktime);
		return NULL;
	}
	return json_integer(tm_to_secs(&tm));
}

/*
 * glibc's %s goes through mktime, i.e. the local time zone: put the
 * number in the format ourselves.
 */
static void
expand_format(struct buf *out, const char *fmt, const struct tm *tm)
{
	const char *p;

	for (p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_printf(out, "%lld",
			    (long long)(tm_to_secs(tm) - tm->tm_gmtoff));
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf_add(out, p, 2);
			p++;
		} else
			buf_addc(out, *p);
	}
}

static json_t *
format_tm(const struct tm *tm, const char *fmt, char *err, size_t errlen)
{
	struct buf f = { 0 };
	json_t *v = NULL;
	size_t size, n;
	char *out;

	expand_format(&f, fmt, tm);
	/* strftime returns 0 for an empty result too: never let it be. */
	buf_addc(&f, 'x');
	for (size = f.len * 2 + 64; size <= STRFTIME_MAX; size *= 4) {
		out = xmalloc(size);
		n = strftime(out, size, f.data, tm);
		if (n > 0)
			v = json_stringn(out, n - 1);
		free(out);
		if (n > 0)
			break;
	}
	buf_free(&f);
	if (v == NULL)
		snprintf(err, errlen, "%s", e_strftime_fail);
	return v;
}

/*
 * strftime, and with local set strflocaltime: a number is taken to UTC
 * (local time) first; a broken-down time is UTC (local, which mktime(3)
 * completes with its zone).  The messages name the builtin, as jq's do.
 */
static json_t *
format_time(json_t *in, json_t *fmt, int local, char *err, size_t errlen)
{
	const char *e_input = local ? e_strflocaltime : e_strftime;
	struct tm tm;
	double frac;
	int r;

	if (json_is_number(in)) {
		r = local ? number_local_tm(in, &tm, &frac)
			  : number_tm(in, &tm, &frac);
		if (r == -1) {
			snprintf(err, errlen, "%s", e_convert);
			return NULL;
		}
	} else if (!json_is_array(in)) {
		snprintf(err, errlen, "%s", e_input);
		return NULL;
	}
	if (!json_is_string(fmt)) {
		snprintf(err, errlen, "%s",
		    local ? e_strflocaltime_fmt : e_strftime_fmt);
		return NULL;
	}
	if (json_is_array(in)) {
		if (!array_tm(in, &tm)) {
			snprintf(err, errlen, "%s", e_input);
			return NULL;
		}
		if (local) {
			tm.tm_isdst = -1;
			(void)mktime(&tm);
		}
	}
	return format_tm(&tm, json_string_value(fmt), err, errlen);
}

json_t *
timefmt_strftime(json_t *in, json_t *fmt, char *err, size_t errlen)
{
	return format_time(in, fmt, 0, err, errlen);
}

json_t *
timefmt_strflocaltime(json_t *in, json_t *fmt, char *err, size_t errlen)
{
	return format_time(in, fmt, 1, err, errlen);
}

static json_t *
no_match(const char *s, const char *fmt, char *err, size_t errlen)
{
	snprintf(err, errlen, "date \"%s\" does not match format \"%s\"", s,
	    fmt);
	return NULL;
}

/*
 * libc strptime, then through our own arithmetic so that wday and yday
 * are right and a %z offset (tm_gmtoff) is applied: the result is UTC,
 * where jq 1.6 ignores the offset.  Trailing white space is allowed, as
 * in jq; anything else left over is an error (jq 1.6 would append it to
 * the array).
 */
json_t *
timefmt_strptime(json_t *in, json_t *fmt, char *err, size_t errlen)
{
	const char *s, *f, *end;
	struct tm tm;

	if (!json_is_string(in) || !json_is_string(fmt)) {
		snprintf(err, errlen, "%s", e_strptime);
		return NULL;
	}
	s = json_string_value(in);
	f = json_string_value(fmt);
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, f, &tm)) == NULL)
		return no_match(s, f, err, errlen);
	while (isspace((unsigned char)*end))
		end++;
	if (end != s + json_string_length(in))
		return no_match(s, f, err, errlen);
	if (secs_to_tm(tm_to_secs(&tm) - tm.tm_gmtoff, &tm) == -1)
		return no_match(s, f, err, errlen);
	return tm_array(&tm, 0);
}

json_t *
timefmt_fromdate(json_t *in, char *err, size_t errlen)
{
	int64_t ns, secs, rem;

	if (!json_is_string(in)) {
		snprintf(err, errlen, "%s", e_strptime);
		return NULL;
	}
	if (timefmt_parse_rfc3339(json_string_value(in), json_string_length(in),
		&ns) == -1)
		return no_match(json_string_value(in), ISO_FORMAT, err, errlen);
	secs = floor_div(ns, NS_PER_SEC);
	rem = floor_mod(ns, NS_PER_SEC);
	if (rem == 0)
		return json_integer(secs);
	return json_real((double)secs + (double)rem / 1e9);
}

json_t *
timefmt_todate(json_t *in, char *err, size_t errlen)
{
	json_t *fmt, *v;

	fmt = json_string(ISO_FORMAT);
	v = timefmt_strftime(in, fmt, err, errlen);
	json_decref(fmt);
	return v;
}

static int
same_fields(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon &&
	    a->tm_mday == b->tm_mday && a->tm_hour == b->tm_hour &&
	    a->tm_min == b->tm_min && a->tm_sec == b->tm_sec;
}

/* Seconds of a local broken-down time, or -1 if it does not exist. */
static int
local_secs(const struct tm *want, int64_t *secs)
{
	struct tm x = *want;
	time_t t;

	x.tm_isdst = -1;
	t = mktime(&x); /* normalizes x: a skipped time moves */
	if (!same_fields(&x, want))
		return -1;
	*secs = (int64_t)t;
	return 0;
}

int
timefmt_parse_format(const char *s, const char *fmt, int local, int64_t *ns)
{
	struct tm tm, back;
	const char *end;
	int64_t secs;
	int leap;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	end = strptime(s, fmt, &tm);
	if (end == NULL || *end != '\0' || tm.tm_sec > 60)
		return -1;
	leap = tm.tm_sec == 60;
	tm.tm_sec -= leap;
	if (local && strstr(fmt, "%z") == NULL) {
		if (local_secs(&tm, &secs) < 0)
			return -3;
	} else {
		secs = tm_to_secs(&tm);
		if (secs_to_tm(secs, &back) < 0 || !same_fields(&back, &tm))
			return -3;
		secs -= tm.tm_gmtoff;
	}
	return to_ns(secs + leap, 0, ns) < 0 ? -2 : 0;
}

/* ---- --tz ---- */

static int
zone_name(const char **p)
{
	const char *q = *p;

	if (*q == '<') {
		for (q++; isalnum((unsigned char)*q) || *q == '+' || *q == '-';)
			q++;
		if (*q != '>' || q - *p < 4)
			return 0;
		*p = q + 1;
		return 1;
	}
	while (isalpha((unsigned char)*q))
		q++;
	if (q - *p < 3)
		return 0;
	*p = q;
	return 1;
}

/* [+-]h[h][:mm[:ss]], hours up to maxh. */
static int
zone_offset(const char **p, int maxh, int sign)
{
	const char *q = *p;
	int h = 0, n = 0, v;

	if (sign && (*q == '+' || *q == '-'))
		q++;
	while (isdigit((unsigned char)*q) && n < 3)
		h = h * 10 + (*q++ - '0'), n++;
	if (n == 0 || h > maxh)
		return 0;
	for (n = 0; n < 2 && *q == ':'; n++) {
		q++;
		if (!digits(&q, q + 2, 2, &v) || v > 59)
			return 0;
	}
	*p = q;
	return 1;
}

/* Jn, n or Mm.w.d, then an optional /time. */
static int
zone_rule_date(const char **p)
{
	const char *q = *p;
	long m, w, d;
	char *e;

	if (*q == 'M') {
		m = strtol(q + 1, &e, 10);
		if (e == q + 1 || *e != '.' || m < 1 || m > 12)
			return 0;
		w = strtol(q = e + 1, &e, 10);
		if (e == q || *e != '.' || w < 1 || w > 5)
			return 0;
		d = strtol(q = e + 1, &e, 10);
		if (e == q || d < 0 || d > 6)
			return 0;
	} else {
		if (*q == 'J')
			q++;
		if (!isdigit((unsigned char)*q))
			return 0;
		d = strtol(q, &e, 10);
		if (d > 365)
			return 0;
	}
	q = e;
	if (*q == '/' && (q++, !zone_offset(&q, 167, 1)))
		return 0;
	*p = q;
	return 1;
}

static int
zone_posix(const char *p)
{
	if (!zone_name(&p) || !zone_offset(&p, 24, 1))
		return 0;
	if (*p == '\0')
		return 1;
	if (!zone_name(&p))
		return 0;
	if (*p != ',' && *p != '\0' && !zone_offset(&p, 24, 1))
		return 0;
	if (*p == '\0')
		return 1;
	return *p++ == ',' && zone_rule_date(&p) && *p++ == ',' &&
	    zone_rule_date(&p) && *p == '\0';
}

static int
zone_file(const char *name)
{
	struct buf path = { 0 };
	const char *dir = getenv("TZDIR");
	char magic[4];
	FILE *f;
	int ok = 0;

	if (name[0] != '/') {
		if (strstr(name, "..") != NULL)
			return 0;
		buf_printf(&path, "%s/%s",
		    dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo",
		    name);
	} else {
		buf_adds(&path, name);
	}
	if ((f = fopen(path.data, "rb")) != NULL) {
		ok =
		    fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
		fclose(f);
	}
	buf_free(&path);
	return ok;
}

int
timefmt_zone_valid(const char *name)
{
	if (*name == ':')
		name++;
	if (*name == '\0')
		return 0;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0)
		return 1;
	return zone_posix(name) || zone_file(name);
}
