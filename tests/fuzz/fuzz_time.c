/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * fuzz_time: the time parsers, chosen by the first input byte (mod 8);
 * the rest is the text.  Where the text has two parts (a format and a
 * value) they are split at the first newline.
 *
 *  0  timefmt_parse_rfc3339; a parsed time formats back
 *     (timefmt_format_rfc3339, milliseconds) and parses again to the same
 *     instant truncated to the millisecond.
 *  1  --time-format: evtime_of with FORMAT\nVALUE, in UTC.
 *  2  the same with --tz (Europe/Berlin, mktime).
 *  3  duration_parse against a model in 128-bit integers (each part is
 *     WHOLE[.FRACTION]UNIT, floor(part in ns), the sum must fit int64_t);
 *     a parsed duration is not negative and "<ns>ns" parses back exactly.
 *  4  evtime_parse_arg (--align: RFC 3339 or epoch seconds).
 *  5  jq's strptime(FORMAT) on VALUE, then mktime and strftime(FORMAT)
 *     of the broken down time.
 *  6  fromdate on the text, then todate of the result.
 *  7  a JSON number as a -t event time, in the unit given by the second
 *     byte (s, ms, us, ns); then gmtime, and mktime of that, which must
 *     give back the whole seconds of an integer input.
 *  8  evtime_parse_number (numeric event times and their decimal text),
 *     unit in the second byte, against a model in 128-bit integers:
 *     floor(value x 10^unit digits), or out of range, or not a number.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "duration.h"
#include "evtime.h"
#include "jq/expr.h"
#include "jtext.h"
#include "timefmt.h"

static struct expr *identity;

static _Noreturn void
broken(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_time: %s: '%s'\n", what, text);
	abort();
}

static void
check_rfc3339(const char *s, size_t n)
{
	char out[TIMEFMT_RFC3339_LEN];
	int64_t ns, again, ms;

	if (timefmt_parse_rfc3339(s, n, &ns) < 0)
		return;
	/*
	 * Within 1 ms of INT64_MIN, the millisecond below (what is printed)
	 * is out of range: 1677-09-21T00:12:43.145Z cannot be read back.
	 */
	if (ns < INT64_MIN + 1000000)
		return;
	timefmt_format_rfc3339(ns, out);
	if (timefmt_parse_rfc3339(out, strlen(out), &again) < 0)
		broken("the formatted time does not parse", out);
	ms = ns / 1000000 * 1000000;
	if (ms > ns)
		ms -= 1000000;
	if (again != ms)
		broken("format and parse do not round trip", out);
}

static void
check_format(const char *fmt, const char *value, int local)
{
	struct evtime et;
	struct buf why = { 0 };
	json_t *v;
	int64_t ns;

	evtime_init(&et);
	et.expr = identity;
	evtime_set_format(&et, fmt, local);
	v = json_string_nocheck(value);
	(void)evtime_of(&et, v, &ns, &why);
	json_decref(v);
	buf_free(&why);
}

__extension__ typedef __int128 i128;

/*
 * The duration model: 0 and *ns, or -1; 1 (no verdict) for a fraction of
 * more than 18 digits, which needs more than 128 bits to floor exactly.
 * Units in the order of lib/duration.c, so "ms" is found before "m".
 */
static int
model_duration(const char *p, int64_t *ns)
{
	static const char *names[] = { "ns", "us", "ms", "s", "m", "h", "d" };
	static const int64_t mul[] = { 1, 1000, 1000000, 1000000000LL,
		60000000000LL, 3600000000000LL, 86400000000000LL };
	const i128 max = INT64_MAX;
	i128 total = 0, whole, frac, scale;
	size_t i, len, nd, nfrac;
	int unsure = 0;

	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		whole = frac = 0;
		scale = 1;
		nd = nfrac = 0;
		for (; *p >= '0' && *p <= '9'; p++, nd++)
			if ((whole = whole * 10 + (*p - '0')) > max)
				return -1;
		if (*p == '.') {
			for (p++; *p >= '0' && *p <= '9'; p++, nd++) {
				if (++nfrac <= 18) {
					frac = frac * 10 + (*p - '0');
					scale *= 10;
				} else if (*p != '0') {
					unsure = 1;
				}
			}
		}
		if (nd == 0)
			return -1;
		for (i = 0; i < 7; i++) {
			len = strlen(names[i]);
			if (strncmp(p, names[i], len) == 0 &&
			    !((p[len] | 0x20) >= 'a' && (p[len] | 0x20) <= 'z'))
				break;
		}
		if (i == 7)
			return -1;
		p += strlen(names[i]);
		total += whole * mul[i] + frac * mul[i] / scale;
		if (total > max)
			return -1;
	}
	*ns = (int64_t)total;
	return unsure;
}

static void
check_duration(const char *s)
{
	char text[32];
	int64_t ns, again, model;
	int r, m;

	r = duration_parse(s, &ns);
	m = model_duration(s, &model);
	if (m != 1 && (r != m || (r == 0 && ns != model))) {
		fprintf(stderr,
		    "fuzz_time: duration_parse %d %lld, model %d %lld\n", r,
		    r == 0 ? (long long)ns : 0LL, m,
		    m == 0 ? (long long)model : 0LL);
		broken("duration_parse and the model differ", s);
	}
	if (r < 0)
		return;
	if (ns < 0)
		broken("a duration is negative", s);
	snprintf(text, sizeof text, "%lldns", (long long)ns);
	if (duration_parse(text, &again) < 0 || again != ns)
		broken("a duration in ns does not parse back exactly", text);
}

static void
check_strptime(const char *fmt, const char *value)
{
	char err[256];
	json_t *in, *f, *tm, *t, *s;

	in = json_string_nocheck(value);
	f = json_string_nocheck(fmt);
	if ((tm = timefmt_strptime(in, f, err, sizeof err)) != NULL) {
		t = timefmt_mktime(tm, err, sizeof err);
		s = timefmt_strftime(tm, f, err, sizeof err);
		json_decref(t);
		json_decref(s);
		json_decref(tm);
	}
	json_decref(in);
	json_decref(f);
}

static void
check_fromdate(const char *value)
{
	char err[256];
	json_t *in, *t, *s;

	in = json_string_nocheck(value);
	if ((t = timefmt_fromdate(in, err, sizeof err)) != NULL) {
		s = timefmt_todate(t, err, sizeof err);
		json_decref(s);
		json_decref(t);
	}
	json_decref(in);
}

static void
check_number(int unit, const char *s, size_t n)
{
	struct jtext_error jerr;
	struct evtime et;
	struct buf why = { 0 };
	char err[256];
	json_t *v, *tm, *t;
	int64_t ns;

	if ((v = jtext_parse(s, n, &jerr)) == NULL)
		return;
	evtime_init(&et);
	et.expr = identity;
	et.unit = (enum time_unit)(unit & 3);
	(void)evtime_of(&et, v, &ns, &why);
	if ((tm = timefmt_gmtime(v, err, sizeof err)) != NULL) {
		if ((t = timefmt_mktime(tm, err, sizeof err)) != NULL &&
		    json_is_integer(v) && json_is_integer(t) &&
		    json_integer_value(t) != json_integer_value(v))
			broken("mktime(gmtime(x)) is not x", s);
		json_decref(t);
		json_decref(tm);
	}
	json_decref(v);
	buf_free(&why);
}

/* The model of evtime_parse_number: 0, EVTIME_*, or 1 for no verdict. */
static int
model_decimal(const char *p, size_t n, int unit, int64_t *ns)
{
	static const int unit_digits[] = { 9, 6, 3, 0 };
	const char *end = p + n;
	i128 d = 0, pow = 1;
	long k = 0, e = 0, shift;
	int neg = 0, eneg = 0, nsig = 0, frac = 0;
	size_t nd = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && ((*p >= '0' && *p <= '9') || *p == '.'); p++) {
		if (*p == '.') {
			if (k > 0 || frac)
				return EVTIME_BAD;
			frac = 1;
			continue;
		}
		nd++;
		k += frac;
		if (nsig == 0 && *p == '0')
			continue;
		if (++nsig > 36)
			return 1;
		d = d * 10 + (*p - '0');
	}
	if (nd == 0)
		return EVTIME_BAD;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || !(*p >= '0' && *p <= '9'))
			return EVTIME_BAD;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (e < 1000000)
				e = e * 10 + (*p - '0');
	}
	if (p != end)
		return EVTIME_BAD;
	if (d == 0) {
		*ns = 0;
		return 0;
	}
	shift = (eneg ? -e : e) + unit_digits[unit & 3] - k;
	if (shift >= 0) {
		if (shift + nsig > 20)
			return EVTIME_RANGE;
		while (shift-- > 0)
			d *= 10;
		frac = 0;
	} else if (-shift > 37) {
		frac = 1;
		d = 0;
	} else {
		while (shift++ < 0)
			pow *= 10;
		frac = d % pow != 0;
		d /= pow;
	}
	if (neg)
		d = -d - frac; /* floor: toward the past */
	if (d > INT64_MAX || d < INT64_MIN)
		return EVTIME_RANGE;
	*ns = (int64_t)d;
	return 0;
}

static void
check_decimal(int unit, const char *s, size_t n)
{
	int64_t ns = 0, model = 0;
	int r, m;

	r = evtime_parse_number(s, n, (enum time_unit)(unit & 3), &ns);
	m = model_decimal(s, n, unit, &model);
	if (m != 1 && (r != m || (r == 0 && ns != model))) {
		fprintf(stderr,
		    "fuzz_time: evtime_parse_number %d %lld, model %d %lld "
		    "(unit %d)\n",
		    r, (long long)ns, m, (long long)model, unit & 3);
		broken("evtime_parse_number and the model differ", s);
	}
}

static void
init(void)
{
	struct expr_error err;

	if (identity != NULL)
		return;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	if ((identity = expr_compile(".", NULL, 0, &err)) == NULL)
		broken("cannot compile", ".");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *value;
	size_t n;
	int mode;

	if (size < 1)
		return 0;
	init();
	mode = data[0] % 9;
	n = size - 1;
	text = malloc(n + 1);
	memcpy(text, data + 1, n);
	text[n] = '\0';
	if ((mode == 1 || mode == 2 || mode == 5) &&
	    (value = memchr(text, '\n', n)) != NULL)
		*value++ = '\0';
	else
		value = text + n;
	switch (mode) {
	case 0: check_rfc3339(text, n); break;
	case 1: check_format(text, value, 0); break;
	case 2: check_format(text, value, 1); break;
	case 3: check_duration(text); break;
	case 4: {
		int64_t ns;
		(void)evtime_parse_arg(text, &ns);
		break;
	}
	case 5: check_strptime(text, value); break;
	case 6: check_fromdate(text); break;
	case 7:
		if (n > 0)
			check_number(text[0], text + 1, n - 1);
		break;
	default:
		if (n > 0)
			check_decimal(text[0], text + 1, n - 1);
		break;
	}
	free(text);
	return 0;
}

#ifdef FUZZ_STANDALONE
#include "fuzz_main.h"
#endif
