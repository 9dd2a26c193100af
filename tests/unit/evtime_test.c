/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/evtime.c: numbers to nanoseconds from their decimal
 * text, exact --epoch output, checked time arithmetic.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "evtime.h"

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
number_is(const char *s, enum time_unit unit, int want_rc, int64_t want)
{
	int64_t ns = 12345;
	int rc = evtime_parse_number(s, strlen(s), unit, &ns);

	if (rc == want_rc && (rc != 0 || ns == want))
		npass++;
	else {
		nfail++;
		printf("FAIL: number \"%s\" unit %d: rc %d, %" PRId64
		       ", want rc %d, %" PRId64 "\n",
		    s, (int)unit, rc, ns, want_rc, want);
	}
}

static void
test_numbers(void)
{
	number_is("1720582341.25", UNIT_S, 0, INT64_C(1720582341250000000));
	number_is("1720582341.1", UNIT_S, 0, INT64_C(1720582341100000000));
	number_is("1720582341.123456789123", UNIT_S, 0,
	    INT64_C(1720582341123456789));
	number_is("0", UNIT_S, 0, 0);
	number_is("-0", UNIT_S, 0, 0);
	number_is("+5", UNIT_MS, 0, 5000000);
	number_is(".5", UNIT_S, 0, 500000000);
	number_is("5.", UNIT_S, 0, 5000000000);
	number_is("1e+17", UNIT_NS, 0, INT64_C(100000000000000000));
	number_is("1.5e3", UNIT_MS, 0, 1500000000);
	number_is("25e-1", UNIT_US, 0, 2500);
	number_is("1e-05", UNIT_S, 0, 10000);
	number_is("1.5", UNIT_NS, 0, 1);
	/* floor: toward the past */
	number_is("-1.5", UNIT_NS, 0, -2);
	number_is("-1.5", UNIT_S, 0, -1500000000);
	number_is("-0.0000000001", UNIT_S, 0, -1);
	number_is("0.0000000009", UNIT_S, 0, 0);
	number_is("1e-999999999999", UNIT_S, 0, 0);
	number_is("-1e-999999999999", UNIT_S, 0, -1);
	number_is("0e999999999999", UNIT_S, 0, 0);
	number_is("0000000000000000000000000001", UNIT_NS, 0, 1);
	/* the range of int64_t */
	number_is("9223372036854775807", UNIT_NS, 0, INT64_MAX);
	number_is("9223372036854775808", UNIT_NS, EVTIME_RANGE, 0);
	number_is("-9223372036854775808", UNIT_NS, 0, INT64_MIN);
	number_is("-9223372036854775808.5", UNIT_NS, EVTIME_RANGE, 0);
	number_is("-9223372036854775807.5", UNIT_NS, 0, INT64_MIN);
	number_is("9223372036.854775807", UNIT_S, 0, INT64_MAX);
	number_is("9223372036.854775808", UNIT_S, EVTIME_RANGE, 0);
	number_is("1.7976931348623157e+308", UNIT_S, EVTIME_RANGE, 0);
	number_is("1e999999999999", UNIT_S, EVTIME_RANGE, 0);
	/* not numbers */
	number_is("", UNIT_S, EVTIME_BAD, 0);
	number_is("-", UNIT_S, EVTIME_BAD, 0);
	number_is(".", UNIT_S, EVTIME_BAD, 0);
	number_is("1e", UNIT_S, EVTIME_BAD, 0);
	number_is("1e+", UNIT_S, EVTIME_BAD, 0);
	number_is("1.2.3", UNIT_S, EVTIME_BAD, 0);
	number_is("12x", UNIT_S, EVTIME_BAD, 0);
	number_is(" 12", UNIT_S, EVTIME_BAD, 0);
	number_is("0x10", UNIT_S, EVTIME_BAD, 0);
	number_is("nan", UNIT_S, EVTIME_BAD, 0);
	number_is("inf", UNIT_S, EVTIME_BAD, 0);
}

static void
write_is(int64_t t, enum time_unit unit, const char *want)
{
	struct evtime et;
	struct buf out = { 0 };

	evtime_init(&et);
	et.unit = unit;
	et.epoch = 1;
	evtime_write(&et, &out, t);
	if (out.len == strlen(want) && memcmp(out.data, want, out.len) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: write %" PRId64 ": \"%.*s\", want \"%s\"\n", t,
		    (int)out.len, out.data != NULL ? out.data : "", want);
	}
	buf_free(&out);
}

static void
test_write(void)
{
	write_is(INT64_C(1720582341250000000), UNIT_S, "1720582341.25");
	write_is(INT64_C(1720582341000000000), UNIT_S, "1720582341");
	write_is(1, UNIT_S, "0.000000001");
	write_is(-1, UNIT_S, "-0.000000001");
	write_is(-1500000000, UNIT_S, "-1.5");
	write_is(1500, UNIT_US, "1.5");
	write_is(1500000, UNIT_MS, "1.5");
	write_is(0, UNIT_S, "0");
	write_is(INT64_MAX, UNIT_NS, "9223372036854775807");
	write_is(INT64_MIN, UNIT_NS, "-9223372036854775808");
	write_is(INT64_MIN, UNIT_S, "-9223372036.854775808");
	write_is(INT64_MAX, UNIT_MS, "9223372036854.775807");
}

static void
test_arithmetic(void)
{
	int64_t r = 7;

	ok(evtime_add(INT64_MAX, 1, &r) < 0 && r == 7, "MAX + 1 overflows");
	ok(evtime_add(INT64_MIN, -1, &r) < 0, "MIN - 1 overflows");
	ok(evtime_add(INT64_MAX, -1, &r) == 0 && r == INT64_MAX - 1,
	    "MAX + -1");
	ok(evtime_sub(INT64_MIN, 1, &r) < 0, "MIN - 1 overflows");
	ok(evtime_sub(0, INT64_MIN, &r) < 0, "0 - MIN overflows");
	ok(evtime_sub(-1, INT64_MIN, &r) == 0 && r == INT64_MAX, "-1 - MIN");
	ok(evtime_mul(INT64_MIN, -1, &r) < 0, "MIN * -1 overflows");
	ok(evtime_mul(-1, INT64_MIN, &r) < 0, "-1 * MIN overflows");
	ok(evtime_mul(INT64_C(9223372037), 1000000000, &r) < 0,
	    "9223372037 s in ns overflows");
	ok(evtime_mul(INT64_C(-9223372036), 1000000000, &r) == 0 &&
		r == INT64_C(-9223372036000000000),
	    "-9223372036 s in ns");
	ok(evtime_mul(INT64_C(-9223372037), 1000000000, &r) < 0,
	    "-9223372037 s in ns overflows");
	ok(evtime_mul(0, INT64_MIN, &r) == 0 && r == 0, "0 * MIN");
	ok(evtime_sat_add(INT64_MAX, 5) == INT64_MAX, "saturating add");
	ok(evtime_sat_sub(INT64_MIN, 5) == INT64_MIN, "saturating sub");
	ok(evtime_sat_sub(5, INT64_MIN) == INT64_MAX, "saturating sub up");
}

static void
of_is(const char *json, enum time_unit unit, int want_rc, int64_t want)
{
	struct evtime et;
	struct expr_error err;
	struct buf why = { 0 };
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	int64_t ns = 0;
	int rc;

	evtime_init(&et);
	et.unit = unit;
	et.expr = expr_compile(".", NULL, 0, &err);
	rc = evtime_of(&et, v, &ns, &why);
	if (rc == want_rc && (rc != 0 || ns == want))
		npass++;
	else {
		nfail++;
		printf("FAIL: time of %s: rc %d, %" PRId64 " (%s)\n", json, rc,
		    ns, why.data != NULL ? why.data : "");
	}
	expr_free(et.expr);
	json_decref(v);
	buf_free(&why);
}

static void
test_of(void)
{
	of_is("1720582341.25", UNIT_S, 0, INT64_C(1720582341250000000));
	of_is("1720582341.1", UNIT_S, 0, INT64_C(1720582341100000000));
	of_is("0.1", UNIT_S, 0, 100000000);
	of_is("1720582341250", UNIT_MS, 0, INT64_C(1720582341250000000));
	of_is("\"1720582341.123456789\"", UNIT_S, 0,
	    INT64_C(1720582341123456789));
	of_is("\"2024-05-01T00:00:00.5Z\"", UNIT_S, 0,
	    INT64_C(1714521600500000000));
	of_is("9223372036854775807", UNIT_S, EVTIME_RANGE, 0);
	of_is("9223372036854775807", UNIT_NS, 0, INT64_MAX);
	of_is("1e300", UNIT_S, EVTIME_RANGE, 0);
	of_is("\"soon\"", UNIT_S, EVTIME_BAD, 0);
	of_is("null", UNIT_S, EVTIME_BAD, 0);
}

int
main(void)
{
	test_numbers();
	test_write();
	test_arithmetic();
	test_of();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
