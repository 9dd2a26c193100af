/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/timefmt.c.  Expected values of the jq builtins are
 * what jq 1.6 prints unless a comment says why we differ.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "timefmt.h"

static int npass, nfail;

static void
ok(int cond, const char *what)
{
	if (cond)
		npass++;
	else {
		nfail++;
		printf("FAIL: %s\n", what);
	}
}

static void
parse_ok(const char *s, int64_t want)
{
	int64_t ns = 0;
	int rc;

	rc = timefmt_parse_rfc3339(s, strlen(s), &ns);
	if (rc == 0 && ns == want)
		npass++;
	else {
		nfail++;
		printf("FAIL: parse \"%s\": rc %d, %" PRId64 ", want %" PRId64
		       "\n",
		    s, rc, ns, want);
	}
}

static void
parse_bad_n(const char *s, size_t n)
{
	int64_t ns = 12345;

	if (timefmt_parse_rfc3339(s, n, &ns) == -1)
		npass++;
	else {
		nfail++;
		printf("FAIL: parse \"%.*s\" accepted as %" PRId64 "\n", (int)n,
		    s, ns);
	}
}

static void
parse_bad(const char *s)
{
	parse_bad_n(s, strlen(s));
}

static void
format_is(int64_t ns, const char *want)
{
	char out[TIMEFMT_RFC3339_LEN];

	memset(out, 'X', sizeof(out));
	timefmt_format_rfc3339(ns, out);
	if (strcmp(out, want) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: format %" PRId64 ": \"%s\", want \"%s\"\n", ns,
		    out, want);
	}
}

#define S INT64_C(1000000000)

static void
test_parse(void)
{
	parse_ok("1970-01-01T00:00:00Z", 0);
	parse_ok("1970-01-01", 0);
	parse_ok("2024-05-01", 1714521600 * S);
	parse_ok("2024-05-01T12:00:00Z", 1714564800 * S);
	parse_ok("2024-05-01t12:00:00z", 1714564800 * S);
	parse_ok("2024-05-01 12:00:00Z", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00", 1714564800 * S);
	parse_ok("2024-05-01T12:00Z", 1714564800 * S);
	parse_ok("2024-05-01T12:00", 1714564800 * S);
	parse_ok("2015-03-05T23:51:47Z", 1425599507 * S);

	/* Offsets: east of UTC is earlier in UTC. */
	parse_ok("2024-05-01T13:00:00+01:00", 1714564800 * S);
	parse_ok("2024-05-01T13:00:00+0100", 1714564800 * S);
	parse_ok("2024-05-01T13:00:00+01", 1714564800 * S);
	parse_ok("2024-05-01T10:30:00-01:30", 1714564800 * S);
	parse_ok("2024-05-01T10:30:00-0130", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00-00:00", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00+00", 1714564800 * S);
	parse_ok("2024-05-02T11:59:00+23:59", 1714564800 * S);
	parse_ok("2024-05-01T00:30:00+01:00", 1714519800 * S);
	parse_ok("1970-01-01T00:00:00+01:00", -3600 * S);
	parse_ok("2024-05-01T13:00+01:00", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00.5+01:00", 1714561200 * S + S / 2);

	/* Fractions of 1 to 12 digits, truncated past nanoseconds. */
	parse_ok("2024-05-01T12:00:00.2Z", 1714564800 * S + 200000000);
	parse_ok("2024-05-01T12:00:00.25Z", 1714564800 * S + 250000000);
	parse_ok("2024-05-01T12:00:00.250Z", 1714564800 * S + 250000000);
	parse_ok("2024-05-01T12:00:00.1234Z", 1714564800 * S + 123400000);
	parse_ok("2024-05-01T12:00:00.12345Z", 1714564800 * S + 123450000);
	parse_ok("2024-05-01T12:00:00.123456Z", 1714564800 * S + 123456000);
	parse_ok("2024-05-01T12:00:00.1234567Z", 1714564800 * S + 123456700);
	parse_ok("2024-05-01T12:00:00.12345678Z", 1714564800 * S + 123456780);
	parse_ok("2024-05-01T12:00:00.123456789Z", 1714564800 * S + 123456789);
	parse_ok("2024-05-01T12:00:00.1234567891Z", 1714564800 * S + 123456789);
	parse_ok("2024-05-01T12:00:00.12345678999Z",
	    1714564800 * S + 123456789);
	parse_ok("2024-05-01T12:00:00.999999999999Z",
	    1714564800 * S + 999999999);
	parse_ok("2024-05-01T12:00:00.000000000001Z", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00.0", 1714564800 * S);
	parse_ok("2024-05-01T12:00:00.000000001", 1714564800 * S + 1);

	/* Leap years. */
	parse_ok("2024-02-29", 1709164800 * S);
	parse_ok("2000-02-29T00:00:00Z", 951782400 * S);
	parse_ok("2016-02-29T12:00:00Z", 1456747200 * S);
	parse_ok("2023-03-01", 1677628800 * S);
	parse_ok("2023-12-31T23:59:59Z", 1704067199 * S);
	parse_ok("2024-12-31T00:00:00Z", 1735603200 * S);
	parse_bad("2023-02-29");
	parse_bad("1900-02-29");
	parse_bad("2100-02-29");
	parse_bad("2024-02-30");
	parse_bad("2024-04-31");
	parse_bad("2024-06-31");
	parse_bad("2024-09-31");
	parse_bad("2024-11-31");
	parse_ok("2024-01-31", 1706659200 * S);

	/* Before 1970. */
	parse_ok("1969-12-31T23:59:59Z", -1 * S);
	parse_ok("1969-12-31T23:59:59.999Z", -1000000);
	parse_ok("1969-12-31T23:59:59.999999999Z", -1);
	parse_ok("1900-01-01T00:00:00Z", -2208988800 * S);
	parse_ok("1969-12-31T23:00:00-01:00", 0);

	/* The ends of int64_t nanoseconds. */
	parse_ok("2262-04-11T23:47:16.854775807Z", INT64_MAX);
	parse_bad("2262-04-11T23:47:16.854775808Z");
	parse_bad("2262-04-11T23:47:17Z");
	parse_bad("2262-04-12");
	parse_bad("9999-12-31T23:59:59Z");
	parse_ok("1677-09-21T00:12:43.145224192Z", INT64_MIN);
	parse_bad("1677-09-21T00:12:43.145224191Z");
	parse_bad("1677-09-21T00:12:42Z");
	parse_bad("0000-01-01");
	parse_ok("2262-04-12T00:47:16.854775807+01:00", INT64_MAX);
	parse_ok("1677-09-20T23:12:43.145224192-01:00", INT64_MIN);

	/* A leap second is the first second of the next minute. */
	parse_ok("2016-12-31T23:59:60Z", 1483228800 * S);
	parse_ok("2016-12-31T23:59:60.5Z", 1483228800 * S + S / 2);

	/* Not timestamps. */
	parse_bad("");
	parse_bad("hello");
	parse_bad("2024");
	parse_bad("2024-05");
	parse_bad("24-05-01");
	parse_bad("20240-05-01");
	parse_bad("2024-5-01");
	parse_bad("2024-05-1");
	parse_bad("2024/05/01");
	parse_bad("20240501");
	parse_bad("2024-13-01");
	parse_bad("2024-00-01");
	parse_bad("2024-05-00");
	parse_bad("2024-05-32");
	parse_bad("2024-05-01T");
	parse_bad("2024-05-01T12");
	parse_bad("2024-05-01T12:");
	parse_bad("2024-05-01T12:0");
	parse_bad("2024-05-01T1:00:00Z");
	parse_bad("2024-05-01T12:00:");
	parse_bad("2024-05-01T12:00:0Z");
	parse_bad("2024-05-01T12:00:00.");
	parse_bad("2024-05-01T12:00:00.Z");
	parse_bad("2024-05-01T12:00:00,5Z");
	parse_bad("2024-05-01T12:00.5Z");
	parse_bad("2024-05-01T24:00:00Z");
	parse_bad("2024-05-01T12:60:00Z");
	parse_bad("2024-05-01T12:00:61Z");
	parse_bad("2024-05-01T12:00:00ZZ");
	parse_bad("2024-05-01T12:00:00Z ");
	parse_bad(" 2024-05-01T12:00:00Z");
	parse_bad("2024-05-01X12:00:00Z");
	parse_bad("2024-05-01  12:00:00Z");
	parse_bad("2024-05-01Z");
	parse_bad("2024-05-01T12:00:00+1");
	parse_bad("2024-05-01T12:00:00+01:0");
	parse_bad("2024-05-01T12:00:00+010");
	parse_bad("2024-05-01T12:00:00+01:60");
	parse_bad("2024-05-01T12:00:00+24:00");
	parse_bad("2024-05-01T12:00:00+");
	parse_bad("2024-05-01T12:00:00 +01:00");
	parse_bad("2024-05-01T12:00:00UTC");
	parse_bad("2024-05-01T12:00:00+01:00:00");
	parse_bad("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-05-01");
	parse_bad("-001-05-01");
	parse_bad_n("2024-05-01\0", 11);
	parse_bad_n("2024-05-01T12:00:00Z", 18);
	parse_bad_n("2024-05-01T12:00:00+01:00", 24);
	parse_bad_n("2024-05-01", 0);
	{
		const char *s = "2024-05-01T12:00:00Zjunk";
		int64_t ns = 0;

		ok(timefmt_parse_rfc3339(s, 20, &ns) == 0 &&
			ns == 1714564800 * S,
		    "parse reads only n bytes");
		ok(timefmt_parse_rfc3339(s, 10, &ns) == 0 &&
			ns == 1714521600 * S,
		    "parse the date part alone");
	}
}

static void
test_format(void)
{
	format_is(0, "1970-01-01T00:00:00.000Z");
	format_is(1714564800 * S + 250000000, "2024-05-01T12:00:00.250Z");
	format_is(1714564800 * S + 999999999, "2024-05-01T12:00:00.999Z");
	format_is(1, "1970-01-01T00:00:00.000Z");
	format_is(-1, "1969-12-31T23:59:59.999Z");
	format_is(-1000000, "1969-12-31T23:59:59.999Z");
	format_is(-1000001, "1969-12-31T23:59:59.998Z");
	format_is(-S, "1969-12-31T23:59:59.000Z");
	format_is(-86400 * S, "1969-12-31T00:00:00.000Z");
	format_is(-86400 * S - 1, "1969-12-30T23:59:59.999Z");
	format_is(-2208988800 * S, "1900-01-01T00:00:00.000Z");
	format_is(951782400 * S, "2000-02-29T00:00:00.000Z");
	format_is(1709164800 * S, "2024-02-29T00:00:00.000Z");
	format_is(1483228800 * S - 1, "2016-12-31T23:59:59.999Z");
	format_is(INT64_MAX, "2262-04-11T23:47:16.854Z");
	format_is(INT64_MIN, "1677-09-21T00:12:43.145Z");
}

/* Our civil arithmetic against glibc's over a wide range of days. */
static void
test_against_libc(void)
{
	char out[TIMEFMT_RFC3339_LEN], want[64];
	int64_t ns, back, secs;
	struct tm tm;
	time_t t;
	int good = 1, i;

	srand(1);
	for (i = 0; i < 200000 && good; i++) {
		secs = (int64_t)(((double)rand() / RAND_MAX - 0.5) * 1.8e10);
		if (i < 1000)
			secs = (i - 500) * INT64_C(86399);
		ns = secs * S + (rand() % 1000) * INT64_C(1000000);
		t = (time_t)secs;
		gmtime_r(&t, &tm);
		snprintf(want, sizeof(want),
		    "%04d-%02d-%02dT%02d:%02d:%02d."
		    "%03dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (int)((ns - secs * S) / 1000000));
		timefmt_format_rfc3339(ns, out);
		if (strcmp(out, want) != 0) {
			printf("  %" PRId64 ": %s, libc %s\n", ns, out, want);
			good = 0;
		}
		if (timefmt_parse_rfc3339(out, strlen(out), &back) != 0 ||
		    back != ns) {
			printf("  round trip %s: %" PRId64 "\n", out, back);
			good = 0;
		}
		if (timegm(&tm) != t)
			good = 0;
	}
	ok(good, "format and parse agree with gmtime_r over 1400..2540");
}

/* ---- jq builtins ---- */

static void
json_is(json_t *v, const char *err, const char *want, const char *what)
{
	char *got;

	if (v == NULL) {
		nfail++;
		printf("FAIL: %s: error \"%s\", want %s\n", what, err, want);
		return;
	}
	got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (got != NULL && strcmp(got, want) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: %s\n  got  %s\n  want %s\n", what,
		    got != NULL ? got : "(dump failed)", want);
	}
	free(got);
	json_decref(v);
}

static void
error_is(json_t *v, const char *err, const char *want, const char *what)
{
	if (v == NULL && strcmp(err, want) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: %s: want error \"%s\", got \"%s\"\n", what, want,
		    v == NULL ? err : "a value");
	}
	json_decref(v);
}

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *v;

	v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (v == NULL) {
		printf("bad test JSON %s: %s\n", text, e.text);
		exit(2);
	}
	return v;
}

static void
gmtime_is(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	json_is(timefmt_gmtime(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
gmtime_err(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	error_is(timefmt_gmtime(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
mktime_is(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	json_is(timefmt_mktime(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
mktime_err(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	error_is(timefmt_mktime(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
strftime_is(const char *in, const char *fmt, const char *want)
{
	char err[256] = "", what[256];
	json_t *v = parse(in), *f = parse(fmt);

	snprintf(what, sizeof(what), "%s | strftime(%s)", in, fmt);
	json_is(timefmt_strftime(v, f, err, sizeof(err)), err, want, what);
	json_decref(v);
	json_decref(f);
}

static void
strftime_err(const char *in, const char *fmt, const char *want)
{
	char err[256] = "", what[256];
	json_t *v = parse(in), *f = parse(fmt);

	snprintf(what, sizeof(what), "%s | strftime(%s)", in, fmt);
	error_is(timefmt_strftime(v, f, err, sizeof(err)), err, want, what);
	json_decref(v);
	json_decref(f);
}

static void
strptime_is(const char *in, const char *fmt, const char *want)
{
	char err[256] = "", what[256];
	json_t *v = parse(in), *f = parse(fmt);

	snprintf(what, sizeof(what), "%s | strptime(%s)", in, fmt);
	json_is(timefmt_strptime(v, f, err, sizeof(err)), err, want, what);
	json_decref(v);
	json_decref(f);
}

static void
strptime_err(const char *in, const char *fmt, const char *want)
{
	char err[256] = "", what[256];
	json_t *v = parse(in), *f = parse(fmt);

	snprintf(what, sizeof(what), "%s | strptime(%s)", in, fmt);
	error_is(timefmt_strptime(v, f, err, sizeof(err)), err, want, what);
	json_decref(v);
	json_decref(f);
}

static void
fromdate_is(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	json_is(timefmt_fromdate(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
fromdate_err(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	error_is(timefmt_fromdate(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
todate_is(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	json_is(timefmt_todate(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

static void
todate_err(const char *in, const char *want)
{
	char err[256] = "";
	json_t *v = parse(in);

	error_is(timefmt_todate(v, err, sizeof(err)), err, want, in);
	json_decref(v);
}

/* The seconds element must be the very double jq computes. */
static void
gmtime_seconds(double x, const char *jq_prints)
{
	char err[256] = "", what[64];
	json_t *in = json_real(x), *v;
	double want = strtod(jq_prints, NULL), got;

	snprintf(what, sizeof(what), "%.17g | gmtime seconds", x);
	v = timefmt_gmtime(in, err, sizeof(err));
	got = v != NULL ? json_number_value(json_array_get(v, 5)) : NAN;
	if (got == want && json_is_real(json_array_get(v, 5)))
		npass++;
	else {
		nfail++;
		printf("FAIL: %s: %.17g, want %.17g\n", what, got, want);
	}
	json_decref(v);
	json_decref(in);
}

static void
test_gmtime(void)
{
	gmtime_is("0", "[1970,0,1,0,0,0,4,0]");
	gmtime_is("-1", "[1969,11,31,23,59,59,3,364]");
	gmtime_is("951782400", "[2000,1,29,0,0,0,2,59]");
	gmtime_is("1709208000", "[2024,1,29,12,0,0,4,59]");
	gmtime_is("4102444800", "[2100,0,1,0,0,0,5,0]");
	gmtime_is("-2208988800", "[1900,0,1,0,0,0,1,0]");
	gmtime_is("253402300799", "[9999,11,31,23,59,59,5,364]");
	gmtime_is("1425599507.0", "[2015,2,5,23,51,47,4,63]");
	gmtime_is("0.5", "[1970,0,1,0,0,0.5,4,0]");
	gmtime_is("1714564800.25", "[2024,4,1,12,0,0.25,3,121]");
	gmtime_is("1e10", "[2286,10,20,17,46,40,6,323]");
	gmtime_is("-1e10", "[1653,1,10,6,13,20,1,40]");
	/* The limits of struct tm's int year. */
	gmtime_is("67768036191676799", "[2147485547,11,31,23,59,59,3,364]");
	gmtime_is("-67768040609740800", "[-2147481748,0,1,0,0,0,4,0]");
	gmtime_err("67768036191676800",
	    "error converting number of seconds "
	    "since epoch to datetime");
	gmtime_err("9223372036854775807",
	    "error converting number of "
	    "seconds since epoch to datetime");
	/* jq 1.6 truncates toward zero here: [...,23,59,59.5,...]. */
	gmtime_is("-1.5", "[1969,11,31,23,59,58.5,3,364]");
	gmtime_is("-86400.25", "[1969,11,30,23,59,59.75,2,363]");
	gmtime_seconds(1425599507.9, "47.90000009536743");
	gmtime_seconds(1e-9, "1e-09");
	gmtime_seconds(1714564800.123, "0.12299990653991699");
	gmtime_err("\"x\"", "gmtime() requires numeric inputs");
	gmtime_err("null", "gmtime() requires numeric inputs");
	gmtime_err("[0]", "gmtime() requires numeric inputs");
	/* jq 1.6 spells it "errror"; jq 1.7 and we do not. */
	gmtime_err("1e300",
	    "error converting number of seconds since "
	    "epoch to datetime");
	gmtime_err("-1e300",
	    "error converting number of seconds since "
	    "epoch to datetime");
	gmtime_err("1e19",
	    "error converting number of seconds since "
	    "epoch to datetime");
	gmtime_err("9e18",
	    "error converting number of seconds since "
	    "epoch to datetime");
	{
		char err[256];
		json_t *nan = json_real(NAN), *inf = json_real(INFINITY);

		ok(nan == NULL || timefmt_gmtime(nan, err, sizeof(err)) == NULL,
		    "gmtime nan");
		ok(inf == NULL || timefmt_gmtime(inf, err, sizeof(err)) == NULL,
		    "gmtime infinite");
		json_decref(nan);
		json_decref(inf);
	}
}

static void
test_mktime(void)
{
	mktime_is("[2015,2,5,23,51,47,4,63]", "1425599507");
	mktime_is("[2015,2,5,23,51,47.9,4,63]", "1425599507");
	mktime_is("[2024,1,29,12,0,0,4,59]", "1709208000");
	mktime_is("[1970,0,1,0,0,0,4,0]", "0");
	/* jq 1.6 errors on these two ("invalid gmtime representation"). */
	mktime_is("[1969,11,31,23,59,59,0,0]", "-1");
	mktime_is("[1969,11,31,23,59,58,0,0]", "-2");
	mktime_is("[1900,0,1,0,0,0,0,0]", "-2208988800");
	/* Out-of-range fields carry over, as timegm does. */
	mktime_is("[2015,14,40,23,51,47,0,0]", "1460245907");
	mktime_is("[2015,-1,1,0,0,0,0,0]", "1417392000");
	mktime_is("[2015,0,0,0,0,0,0,0]", "1419984000");
	mktime_is("[2015,0,1,-1,0,0,0,0]", "1420066800");
	mktime_is("[2015,0,1,25,61,61,0,0]", "1420164121");
	mktime_is("[2000,11,31,23,59,60,0,0]", "978307200");
	mktime_is("[2016,1,29,0,0,0,0,0]", "1456704000");
	/* Fractions are floored; jq 1.6 truncates -0.5 to 0. */
	mktime_is("[2015,0,1,0,0,-0.5,0,0]", "1420070399");
	/* wday and yday are ignored and may be missing (jq 1.6: error). */
	mktime_is("[2015,2,5,23,51,47]", "1425599507");
	mktime_err("[2015,2,5,23,51,47,\"x\",63]",
	    "mktime requires parsed datetime inputs");
	mktime_is("[1e9,0,1,0,0,0,0,0]", "31556889832780800");
	mktime_err("\"x\"", "mktime requires array inputs");
	mktime_err("1425599507", "mktime requires array inputs");
	mktime_err("[2015,2,5,23,51]",
	    "mktime requires parsed datetime inputs");
	mktime_err("[]", "mktime requires parsed datetime inputs");
	mktime_err("[2015,2,5,23,51,\"x\",4,63]",
	    "mktime requires parsed datetime inputs");
	mktime_err("[2015,2,5,23,null,47,4,63]",
	    "mktime requires parsed datetime inputs");
	mktime_err("[1e12,0,1,0,0,0,0,0]",
	    "mktime requires parsed datetime inputs");
	mktime_err("[2015,0,1,0,0,1e10,0,0]",
	    "mktime requires parsed datetime inputs");
}

static void
test_strftime(void)
{
	strftime_is("1425599507", "\"%A, %B %d, %Y\"",
	    "\"Thursday, March 05, 2015\"");
	strftime_is("1425599507", "\"%Y-%m-%dT%H:%M:%SZ\"",
	    "\"2015-03-05T23:51:47Z\"");
	strftime_is("1425599507",
	    "\"%j %U %a %b %e %H %I %p %y %C %G %V %u "
	    "%w %% %D %T %R %F %h %n%t|\"",
	    "\"064 09 Thu Mar  5 23 11 PM 15 "
	    "20 2015 10 4 4 % 03/05/15 23:51:47 23:51 2015-03-05 Mar "
	    "\\n\\t|\"");
	strftime_is("1425599507", "\"%c\"", "\"Thu Mar  5 23:51:47 2015\"");
	strftime_is("1425599507", "\"%x %X\"", "\"03/05/15 23:51:47\"");
	/* UTC whatever TZ says (jq 1.6 prints the local zone name). */
	strftime_is("1425599507", "\"%Z %z\"", "\"UTC +0000\"");
	strftime_is("0", "\"%s\"", "\"0\"");
	strftime_is("1425599507", "\"%%s %s %%%s\"",
	    "\"%s 1425599507 %1425599507\"");
	strftime_is("-1", "\"%s\"", "\"-1\"");
	strftime_is("1425599507", "\"\xc3\xa9 %Y \xc3\xbc\"",
	    "\"\xc3\xa9 2015 \xc3\xbc\"");
	strftime_is("1425599507.9", "\"%S\"", "\"47\"");
	strftime_is("[2015,2,5,23,51,47,4,63]", "\"%A, %B %d, %Y %j %Z %z %s\"",
	    "\"Thursday, March 05, 2015 064 UTC +0000 1425599507\"");
	strftime_is("[2015,2,5,23,51,47.9,4,63]", "\"%S\"", "\"47\"");
	strftime_is("[2015.7,2.9,5,23,51,47.9,4,63]", "\"%Y %m\"",
	    "\"2015 03\"");
	/* wday and yday as given, as jq does. */
	strftime_is("[2015,2,5,23,51,47,0,0]", "\"%A %j\"", "\"Sunday 001\"");
	/* ... and computed when missing (jq 1.6: error). */
	strftime_is("[2015,2,5,23,51,47]", "\"%A %j\"", "\"Thursday 064\"");
	/* jq 1.6: "strftime/1: unknown system failure". */
	strftime_is("1", "\"\"", "\"\"");
	strftime_is("1", "\"%p\"", "\"AM\"");
	strftime_is("-1", "\"%Y-%m-%dT%H:%M:%SZ\"", "\"1969-12-31T23:59:59Z\"");
	/* Floored: jq 1.6 gives 1969-12-31T00:00:00Z. */
	strftime_is("-86400.5", "\"%Y-%m-%dT%H:%M:%SZ\"",
	    "\"1969-12-30T23:59:59Z\"");
	strftime_err("\"x\"", "\"%Y\"",
	    "strftime/1 requires parsed datetime "
	    "inputs");
	strftime_err("null", "\"%Y\"",
	    "strftime/1 requires parsed datetime "
	    "inputs");
	strftime_err("[1]", "\"%Y\"",
	    "strftime/1 requires parsed datetime "
	    "inputs");
	strftime_err("[2015,2,5,23,51,\"x\",4,63]", "\"%Y\"",
	    "strftime/1 requires parsed datetime inputs");
	strftime_err("\"x\"", "1",
	    "strftime/1 requires parsed datetime "
	    "inputs");
	strftime_err("[2015,2,5,23,51,47,4,63]", "1",
	    "strftime/1 requires a string format");
	strftime_err("1", "1", "strftime/1 requires a string format");
	strftime_err("1e300", "\"%Y\"",
	    "error converting number of seconds "
	    "since epoch to datetime");
	{
		/* Longer than any first guess at the output size. */
		char fmt[3001], err[256];
		json_t *f, *v, *in = json_integer(0);
		int i;

		for (i = 0; i < 1000; i++)
			memcpy(fmt + 3 * i, "%c|", 3);
		fmt[3000] = '\0';
		f = json_string(fmt);
		v = timefmt_strftime(in, f, err, sizeof(err));
		ok(v != NULL && json_string_length(v) == 1000 * 25 &&
			strncmp(json_string_value(v),
			    "Thu Jan  1 00:00:00 1970|Thu", 28) == 0,
		    "strftime with a long output");
		json_decref(v);
		json_decref(f);
		json_decref(in);
	}
}

static void
test_strptime(void)
{
	const char *iso = "\"%Y-%m-%dT%H:%M:%SZ\"";

	strptime_is("\"2015-03-05T23:51:47Z\"", iso,
	    "[2015,2,5,23,51,47,4,63]");
	strptime_is("\"2016-02-29T00:00:00Z\"", iso, "[2016,1,29,0,0,0,1,59]");
	strptime_is("\"05/03/2015 11:51 PM\"", "\"%d/%m/%Y %I:%M %p\"",
	    "[2015,2,5,23,51,0,4,63]");
	strptime_is("\"Thursday, March 05, 2015\"", "\"%A, %B %d, %Y\"",
	    "[2015,2,5,0,0,0,4,63]");
	strptime_is("\"1969-12-31 23:59:59\"", "\"%Y-%m-%d %H:%M:%S\"",
	    "[1969,11,31,23,59,59,3,364]");
	strptime_is("\"  2015-03-05\"", "\"%Y-%m-%d\"",
	    "[2015,2,5,0,0,0,4,63]");
	strptime_is("\"2015 64\"", "\"%Y %j\"", "[2015,2,5,0,0,0,4,63]");
	strptime_is("\"Thu, 05 Mar 2015 23:51:47 GMT\"",
	    "\"%a, %d %b %Y %T %Z\"", "[2015,2,5,23,51,47,4,63]");
	/* Trailing white space is allowed (jq 1.6 appends it). */
	strptime_is("\"2015-03-05T23:51:47Z  \"", iso,
	    "[2015,2,5,23,51,47,4,63]");
	/* %z is applied; jq 1.6 drops it and gives 23:51:47. */
	strptime_is("\"2015-03-05T23:51:47+0100\"", "\"%Y-%m-%dT%H:%M:%S%z\"",
	    "[2015,2,5,22,51,47,4,63]");
	strptime_is("\"2015-03-05T23:51:47-01:30\"", "\"%Y-%m-%dT%H:%M:%S%z\"",
	    "[2015,2,6,1,21,47,5,64]");
	strptime_is("\"2015-03-05T23:51:47Z\"", "\"%Y-%m-%dT%H:%M:%S%z\"",
	    "[2015,2,5,23,51,47,4,63]");
	strptime_is("\"1425599507\"", "\"%s\"", "[2015,2,5,23,51,47,4,63]");
	/*
	 * Normalised: jq 1.6 keeps day 0 and the sentinels wday 8, yday
	 * 367 ([1900,0,0,10,15,0,8,367]); mktime agrees either way.
	 */
	strptime_is("\"10:15\"", "\"%H:%M\"", "[1899,11,31,10,15,0,0,364]");
	strptime_is("\"2015-02-29\"", "\"%Y-%m-%d\"", "[2015,2,1,0,0,0,0,59]");
	strptime_is("\"23:59:60\"", "\"%H:%M:%S\"", "[1900,0,1,0,0,0,1,0]");
	strptime_err("\"2015-03-05T23:51:47Zx\"", iso,
	    "date \"2015-03-05T"
	    "23:51:47Zx\" does not match format \"%Y-%m-%dT%H:%M:%SZ\"");
	strptime_err("\"2015-03-05T23:51:47Z x\"", iso,
	    "date \"2015-03-05T"
	    "23:51:47Z x\" does not match format \"%Y-%m-%dT%H:%M:%SZ\"");
	strptime_err("\"2015-03-05\"", iso,
	    "date \"2015-03-05\" does not "
	    "match format \"%Y-%m-%dT%H:%M:%SZ\"");
	strptime_err("\"2015-03-05\"", "\"\"",
	    "date \"2015-03-05\" does not match format \"\"");
	strptime_err("\"2015-03-05\\u0000x\"", "\"%Y-%m-%d\"",
	    "date \"2015-03-05\" does not match format \"%Y-%m-%d\"");
	strptime_err("1", "\"%Y\"",
	    "strptime/1 requires string inputs and "
	    "arguments");
	strptime_err("\"1\"", "1",
	    "strptime/1 requires string inputs and "
	    "arguments");
	strptime_err("null", "null",
	    "strptime/1 requires string inputs and "
	    "arguments");
}

static void
test_fromdate_todate(void)
{
	const char *nomatch = "\" does not match format "
			      "\"%Y-%m-%dT%H:%M:%SZ\"";
	char want[256];

	fromdate_is("\"2015-03-05T23:51:47Z\"", "1425599507");
	fromdate_is("\"1970-01-01T00:00:00Z\"", "0");
	fromdate_is("\"2016-02-29T12:00:00Z\"", "1456747200");
	fromdate_is("\"1900-01-01T00:00:00Z\"", "-2208988800");
	/* Better than jq 1.6, which wants exactly %Y-%m-%dT%H:%M:%SZ. */
	fromdate_is("\"2015-03-05T23:51:47.5Z\"", "1425599507.5");
	fromdate_is("\"2015-03-05T23:51:47.000Z\"", "1425599507");
	fromdate_is("\"2015-03-05\"", "1425513600");
	fromdate_is("\"2015-03-06T00:51:47+01:00\"", "1425599507");
	fromdate_is("\"1969-12-31T23:59:59.5Z\"", "-0.5");
	fromdate_is("\"1969-12-31T23:59:58.75Z\"", "-1.25");
	fromdate_err("1", "strptime/1 requires string inputs and arguments");
	fromdate_err("null",
	    "strptime/1 requires string inputs and "
	    "arguments");
	snprintf(want, sizeof(want), "date \"2015-03-05T23:51:47Zx%s", nomatch);
	fromdate_err("\"2015-03-05T23:51:47Zx\"", want);
	snprintf(want, sizeof(want), "date \"2023-02-29T00:00:00Z%s", nomatch);
	fromdate_err("\"2023-02-29T00:00:00Z\"", want);
	snprintf(want, sizeof(want), "date \"%s", nomatch);
	fromdate_err("\"\"", want);

	todate_is("1425599507", "\"2015-03-05T23:51:47Z\"");
	todate_is("1425599507.9", "\"2015-03-05T23:51:47Z\"");
	todate_is("1714564800", "\"2024-05-01T12:00:00Z\"");
	todate_is("0", "\"1970-01-01T00:00:00Z\"");
	todate_is("-1", "\"1969-12-31T23:59:59Z\"");
	todate_is("-2208988800", "\"1900-01-01T00:00:00Z\"");
	todate_is("253402300799", "\"9999-12-31T23:59:59Z\"");
	todate_is("1e10", "\"2286-11-20T17:46:40Z\"");
	todate_is("-1e10", "\"1653-02-10T06:13:20Z\"");
	todate_is("[2015,2,5,23,51,47,4,63]", "\"2015-03-05T23:51:47Z\"");
	todate_is("[2015,2,5,23,51,47]", "\"2015-03-05T23:51:47Z\"");
	todate_err("\"x\"", "strftime/1 requires parsed datetime inputs");
	todate_err("{}", "strftime/1 requires parsed datetime inputs");
}

static void
test_now(void)
{
	json_t *a, *b;
	struct timespec ts;
	double x, y;

	clock_gettime(CLOCK_REALTIME, &ts);
	a = timefmt_now();
	b = timefmt_now();
	x = json_number_value(a);
	y = json_number_value(b);
	ok(json_is_real(a), "now is a real");
	ok(fabs(x - (double)ts.tv_sec) < 5, "now is about the clock");
	ok(y >= x, "now does not go back");
	ok(x != floor(x) || y != floor(y), "now has a fraction");
	json_decref(a);
	json_decref(b);
}

/* ---- --time-format and --tz ---- */

static void
format_ok(const char *s, const char *fmt, int local, int64_t want)
{
	int64_t ns = 0;
	int rc = timefmt_parse_format(s, fmt, local, &ns);

	if (rc == 0 && ns == want)
		npass++;
	else {
		nfail++;
		printf("FAIL: \"%s\" as \"%s\": rc %d, %" PRId64
		       ", want %" PRId64 "\n",
		    s, fmt, rc, ns, want);
	}
}

static void
format_rc(const char *s, const char *fmt, int local, int want)
{
	int64_t ns = 0;
	int rc = timefmt_parse_format(s, fmt, local, &ns);

	if (rc == want)
		npass++;
	else {
		nfail++;
		printf("FAIL: \"%s\" as \"%s\": rc %d, want %d\n", s, fmt, rc,
		    want);
	}
}

static void
test_parse_format(void)
{
	format_ok("2024-02-29", "%Y-%m-%d", 0, 1709164800 * S);
	format_ok("01/May/2024:02:00:30 +0200", "%d/%b/%Y:%H:%M:%S %z", 0,
	    1714521630 * S);
	format_ok("2024-05-01 23:59:60", "%Y-%m-%d %H:%M:%S", 0,
	    1714608000 * S);
	format_rc("2024-02-31", "%Y-%m-%d", 0, -3);
	format_rc("2023-02-29", "%Y-%m-%d", 0, -3);
	format_rc("2024-04-31", "%Y-%m-%d", 0, -3);
	format_rc("2024-05-01x", "%Y-%m-%d", 0, -1);
	format_rc("hello", "%Y-%m-%d", 0, -1);
	format_rc("2300-01-01", "%Y-%m-%d", 0, -2);
	format_rc("1600-01-01", "%Y-%m-%d", 0, -2);
	setenv("TZ", "America/New_York", 1);
	tzset();
	format_ok("2024-01-15 08:00", "%Y-%m-%d %H:%M", 1, 1705323600 * S);
	format_ok("2024-05-01 08:00", "%Y-%m-%d %H:%M", 1, 1714564800 * S);
	format_rc("2024-03-10 02:30", "%Y-%m-%d %H:%M", 1, -3);
	format_ok("2024-03-10 03:30", "%Y-%m-%d %H:%M", 1, 1710055800 * S);
	format_rc("2024-02-30 12:00", "%Y-%m-%d %H:%M", 1, -3);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_zone_valid(void)
{
	static const char *good[] = { "UTC", "GMT", "Europe/Paris",
		":America/New_York", "EST5EDT", "<+0330>-3:30", "UTC0",
		"CET-1CEST,M3.5.0,M10.5.0/3", "EST5EDT,J60/2,300",
		"/usr/share/zoneinfo/Asia/Tokyo" };
	static const char *bad[] = { "", ":", "Nowhere/Zone", "Bad",
		"../../etc/passwd", "Europe/../../../etc/passwd",
		"EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "<+03>", "AB5",
		"/etc/passwd", "EST5EDT4x" };
	size_t i;
	char what[128];

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(what, sizeof(what), "zone \"%s\" is valid", good[i]);
		ok(timefmt_zone_valid(good[i]), what);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "zone \"%s\" is not", bad[i]);
		ok(!timefmt_zone_valid(bad[i]), what);
	}
}

int
main(void)
{
	test_parse();
	test_parse_format();
	test_zone_valid();
	test_format();
	test_against_libc();
	test_gmtime();
	test_mktime();
	test_strftime();
	test_strptime();
	test_fromdate_todate();
	test_now();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
