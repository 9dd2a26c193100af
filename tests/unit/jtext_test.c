/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/jtext.c.  Expected outputs were checked against
 * jq 1.6 (jq -c .), except where noted.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jtext.h"

static int passed, failed;

static void
check(int ok, const char *what, const char *detail)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
}

/* Parse n bytes, dump, compare with want. */
static void
roundtrip_n(const char *in, size_t n, const char *want)
{
	struct jtext_error err;
	struct buf out = { 0 };
	json_t *v;
	char detail[400];

	if ((v = jtext_parse(in, n, &err)) == NULL) {
		snprintf(detail, sizeof detail, "error at %zu: %s", err.offset,
		    err.text);
		check(0, in, detail);
		return;
	}
	jtext_dump(&out, v);
	snprintf(detail, sizeof detail, "got %s, want %s",
	    out.data ? out.data : "", want);
	check(out.len == strlen(want) && memcmp(out.data, want, out.len) == 0,
	    in, detail);
	json_decref(v);
	buf_free(&out);
}

static void
roundtrip(const char *in, const char *want)
{
	roundtrip_n(in, strlen(in), want);
}

static void
same(const char *in)
{
	roundtrip(in, in);
}

/* Parse must fail at offset with a message starting with msg. */
static void
bad_n(const char *in, size_t n, size_t offset, const char *msg)
{
	struct jtext_error err;
	json_t *v;
	char detail[400];

	memset(&err, 0, sizeof err);
	if ((v = jtext_parse(in, n, &err)) != NULL) {
		json_decref(v);
		check(0, in, "parsed, want an error");
		return;
	}
	snprintf(detail, sizeof detail, "got %zu \"%s\", want %zu \"%s\"",
	    err.offset, err.text, offset, msg);
	check(err.offset == offset && strncmp(err.text, msg, strlen(msg)) == 0,
	    in, detail);
}

static void
bad(const char *in, size_t offset, const char *msg)
{
	bad_n(in, strlen(in), offset, msg);
}

static void
test_literals(void)
{
	same("null");
	same("true");
	same("false");
	same("0");
	same("-1");
	same("42");
	same("\"\"");
	same("\"abc\"");
	same("[]");
	same("{}");
	same("[1,2,3]");
	same("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}");
	same("[[],{},[[]],{\"\":{}}]");
	roundtrip(" \t\r\n[ 1 , 2 ] \n", "[1,2]");
	roundtrip("{ \"a\" : 1 , \"b\" : { } }", "{\"a\":1,\"b\":{}}");
	roundtrip("{\"z\":1,\"a\":2,\"m\":3}", "{\"z\":1,\"a\":2,\"m\":3}");
	/* duplicate keys: the last value wins, at the first position */
	roundtrip("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
	roundtrip("{\"a\":[1],\"a\":{\"x\":\"\\n\"}}",
	    "{\"a\":{\"x\":\"\\n\"}}");
}

static void
test_numbers(void)
{
	static const char *cases[][2] = {
		{ "1e10", "10000000000" },
		{ "1e15", "1000000000000000" },
		{ "1e16", "1e+16" },
		{ "12345e10", "123450000000000" },
		{ "1.0e-4", "0.0001" },
		{ "0.00012345", "0.00012345" },
		{ "1e-7", "1e-07" },
		{ "3.14159", "3.14159" },
		{ "2.5e-10", "2.5e-10" },
		{ "-0.0", "-0" },
		{ "-0", "-0" },
		{ "0.0", "0" },
		{ "1e1000", "1.7976931348623157e+308" },
		{ "-1e1000", "-1.7976931348623157e+308" },
		{ "1e-400", "0" },
		{ "-1e-400", "-0" },
		{ "100", "100" },
		{ "1e17", "1e+17" },
		{ "1E17", "1e+17" },
		{ "1e+17", "1e+17" },
		{ "123456789012345678.0", "123456789012345680" },
		{ "1.5e300", "1.5e+300" },
		{ "3.0", "3" },
		{ "0.1", "0.1" },
		{ "1e-5", "1e-05" },
		{ "0.30000000000000004", "0.30000000000000004" },
		{ "1.7976931348623157e308", "1.7976931348623157e+308" },
		{ "5e-324", "5e-324" },
		{ "2.2250738585072014e-308", "2.2250738585072014e-308" },
		{ "100000000000000000000", "1e+20" },
		{ "1e20", "1e+20" },
		{ "1e21", "1e+21" },
		{ "123456789012345678901234567890",
		    "123456789012345680000000000000" },
		{ "-123456789012345678901234567890",
		    "-123456789012345680000000000000" },
		{ "1234567890123456789012345678901234",
		    "1.2345678901234568e+33" },
		{ "9223372036854775807", "9223372036854775807" },
		{ "-9223372036854775808", "-9223372036854775808" },
		{ "9223372036854775808", "9223372036854776000" },
		{ "999999999999999999", "999999999999999999" },
		{ "-999999999999999999", "-999999999999999999" },
		{ "1234567890123456789", "1234567890123456789" },
		{ "0.5", "0.5" },
		{ "-2.5", "-2.5" },
		{ "1.25e2", "125" },
		{ "9007199254740993.0", "9007199254740992" },
		{ "0.001", "0.001" },
		{ "123.456", "123.456" },
		{ "1e-4", "0.0001" },
		{ "1.5e-4", "0.00015" },
		{ "0.1e1", "1" },
		{ "[1.0,2.50,-3e0]", "[1,2.5,-3]" },
	};
	struct jtext_error err;
	json_t *v;
	size_t i;
	char big[3000];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		roundtrip(cases[i][0], cases[i][1]);

	v = jtext_parse("9223372036854775807", 19, &err);
	check(json_is_integer(v) &&
		json_integer_value(v) == 9223372036854775807LL,
	    "INT64_MAX is an integer", NULL);
	json_decref(v);
	v = jtext_parse("-9223372036854775808", 20, &err);
	check(json_is_integer(v) &&
		json_integer_value(v) == -9223372036854775807LL - 1,
	    "INT64_MIN is an integer", NULL);
	json_decref(v);
	v = jtext_parse("9223372036854775808", 19, &err);
	check(json_is_real(v), "INT64_MAX+1 is a real", NULL);
	json_decref(v);
	v = jtext_parse("123456789012345678901234567890", 30, &err);
	check(json_is_real(v), "30 digits are a real", NULL);
	json_decref(v);
	v = jtext_parse("1.0", 3, &err);
	check(json_is_real(v), "1.0 is a real", NULL);
	json_decref(v);
	v = jtext_parse("7", 1, &err);
	check(json_is_integer(v) && json_integer_value(v) == 7, "7", NULL);
	json_decref(v);

	/* a number longer than the stack buffer */
	memset(big, '0', sizeof big);
	big[0] = '1';
	big[1] = '.';
	roundtrip_n(big, sizeof big, "1");
	memset(big, '9', sizeof big);
	roundtrip_n(big, 400, "1.7976931348623157e+308");

	/* the input need not be NUL-terminated */
	roundtrip_n("125x", 3, "125");
	roundtrip_n("1.5e3999", 5, "1500");
}

static void
test_dump_double(void)
{
	static const struct {
		double d;
		const char *want;
	} cases[] = {
		{ 0.0, "0" },
		{ 1.0, "1" },
		{ -1.0, "-1" },
		{ 1e100, "1e+100" },
		{ 1e-100, "1e-100" },
		{ 123456.789, "123456.789" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 1.0 / 3, "0.3333333333333333" },
		{ 2.0 / 3, "0.6666666666666666" },
		{ DBL_MAX, "1.7976931348623157e+308" },
		{ DBL_MIN, "2.2250738585072014e-308" },
		{ 4.9406564584124654e-324, "5e-324" },
		{ 9007199254740992.0, "9007199254740992" },
		{ 18014398509481984.0, "18014398509481984" },
		{ 1e16, "1e+16" },
		{ 1e15 + 0.5, "1000000000000000.5" },
		{ 0.0001, "0.0001" },
		{ 0.00001, "1e-05" },
		{ 5e-5, "5e-05" },
		{ 1.5e-4, "0.00015" },
		{ 123e-20, "1.23e-18" },
		{ 1e22, "1e+22" },
		{ 1e23, "1e+23" },
		{ 1.5, "1.5" },
		{ 1e-300 * 1e-10, "1e-310" },
		{ 1.2345e-315, "1.2345e-315" },
	};
	struct buf out = { 0 };
	size_t i;
	char detail[200];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&out);
		jtext_dump_double(&out, cases[i].d);
		snprintf(detail, sizeof detail, "%.17g: got %s, want %s",
		    cases[i].d, out.data, cases[i].want);
		check(strcmp(out.data, cases[i].want) == 0, "dump_double",
		    detail);
	}
	/* the nearest 16 digits fall below 2^-1017's narrow lower gap */
	buf_reset(&out);
	jtext_dump_double(&out, ldexp(1, -1017));
	check(strcmp(out.data, "7.120236347223045e-307") == 0, "2^-1017",
	    out.data);
	buf_reset(&out);
	jtext_dump_double(&out, ldexp(1, -1007));
	check(strcmp(out.data, "7.291122019556398e-304") == 0, "2^-1007",
	    out.data);
	buf_reset(&out);
	jtext_dump_double(&out, NAN);
	check(strcmp(out.data, "null") == 0, "NaN prints null", out.data);
	buf_reset(&out);
	jtext_dump_double(&out, INFINITY);
	check(strcmp(out.data, "1.7976931348623157e+308") == 0, "inf",
	    out.data);
	buf_reset(&out);
	jtext_dump_double(&out, -INFINITY);
	check(strcmp(out.data, "-1.7976931348623157e+308") == 0, "-inf",
	    out.data);
	buf_reset(&out);
	jtext_dump_double(&out, -0.0);
	check(strcmp(out.data, "-0") == 0, "-0.0", out.data);
	buf_free(&out);
}

/* The fewest significant digits of a decimal that reads back as d. */
static int
fewest_digits(double d)
{
	char tmp[64], *e;
	long long m;
	int p, x, delta;

	for (p = 1; p < 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
		if (strtod(tmp, NULL) == d)
			return p;
		/* the neighbours of the nearest, for uneven gaps */
		e = strchr(tmp, 'e');
		x = atoi(e + 1);
		*e = '\0';
		if (tmp[1] == '.')
			memmove(tmp + 1, tmp + 2, strlen(tmp + 2) + 1);
		m = atoll(tmp);
		for (delta = -1; delta <= 1; delta += 2) {
			char t[64];

			snprintf(t, sizeof t, "%llde%d", m + delta, x - (p - 1));
			if (strtod(t, NULL) == d)
				return p;
		}
	}
	return 17;
}

static int
significant_digits(const char *s)
{
	int n = 0, started = 0, zeros = 0;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s == '0' && !started)
			continue;
		started = 1;
		if (*s == '0')
			zeros++;
		else {
			n += zeros + 1;
			zeros = 0;
		}
	}
	return n;
}

static unsigned long long lcg = 88172645463325252ULL;

static unsigned long long
next_random(void)
{
	lcg ^= lcg << 13;
	lcg ^= lcg >> 7;
	lcg ^= lcg << 17;
	return lcg;
}

/*
 * jtext_dump_double's fast path against the search: reals as records
 * have them (a few decimals), random bits and powers of two, each read
 * back exactly with the fewest digits.
 */
static void
test_dump_double_random(void)
{
	struct buf out = { 0 };
	char tmp[64], detail[200];
	double d;
	int i, bad = 0;

	for (i = 0; i < 150000 && bad < 10; i++) {
		switch (i % 3) {
		case 0:
			snprintf(tmp, sizeof tmp, "%llu.%0*llu",
			    next_random() % 100000, (int)(i / 3 % 7 + 1),
			    next_random() % 10000000);
			d = strtod(tmp, NULL);
			break;
		case 1:
			do {
				unsigned long long b = next_random();

				memcpy(&d, &b, sizeof d);
				d = fabs(d);
			} while (!isfinite(d) || d < 1e-7 || d > 1e17);
			break;
		default:
			d = ldexp(1, (int)(next_random() % 80) - 30) *
			    (double)(next_random() % 1000 + 1);
			break;
		}
		buf_reset(&out);
		jtext_dump_double(&out, d);
		if (strtod(out.data, NULL) != d ||
		    significant_digits(out.data) != fewest_digits(d)) {
			bad++;
			snprintf(detail, sizeof detail, "%.17g: got %s (%d), "
			    "fewest %d", d, out.data,
			    significant_digits(out.data), fewest_digits(d));
			check(0, "dump_double random", detail);
		}
	}
	check(bad == 0, "dump_double random: all read back, fewest digits",
	    NULL);
	buf_free(&out);
}

static void
test_dump_values(void)
{
	struct buf out = { 0 };
	json_t *v;

	v = json_pack("{s:i,s:f,s:[s,n,b]}", "i", 5, "f", 2.5, "a", "x", 1);
	jtext_dump(&out, v);
	check(strcmp(out.data, "{\"i\":5,\"f\":2.5,\"a\":[\"x\",null,true]}") ==
		0,
	    "dump packed", out.data);
	json_decref(v);

	buf_reset(&out);
	v = json_integer(-9223372036854775807LL - 1);
	jtext_dump_number(&out, v);
	check(strcmp(out.data, "-9223372036854775808") == 0, "dump INT64_MIN",
	    out.data);
	json_decref(v);

	buf_reset(&out);
	v = json_real(1e17);
	jtext_dump_number(&out, v);
	check(strcmp(out.data, "1e+17") == 0, "dump_number real", out.data);
	json_decref(v);

	buf_reset(&out);
	jtext_dump_string(&out, "a\0b\"\\\x7f\x01\x1f/\xc3\xa9", 11);
	check(out.len == 35 &&
		memcmp(out.data,
		    "\"a\\u0000b\\\"\\\\\\u007f\\u0001\\u001f/\xc3\xa9\"",
		    35) == 0,
	    "dump_string", out.data);

	/* a key with NUL in it */
	buf_reset(&out);
	v = json_object();
	json_object_setn_new(v, "k\0y", 3, json_null());
	jtext_dump(&out, v);
	check(strcmp(out.data, "{\"k\\u0000y\":null}") == 0, "NUL key",
	    out.data);
	json_decref(v);

	buf_reset(&out);
	jtext_dump(&out, NULL);
	check(strcmp(out.data, "null") == 0, "dump NULL", out.data);
	buf_free(&out);
}

static void
test_strings(void)
{
	/* escapes */
	roundtrip("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
	    "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
	roundtrip("\"\\u0041\\u00e9\\u20AC\"", "\"A\xc3\xa9\xe2\x82\xac\"");
	roundtrip("\"\\u0000\"", "\"\\u0000\"");
	roundtrip("\"a\\u0000b\"", "\"a\\u0000b\"");
	roundtrip("\"\\u001f\\u007f\\u000b\"", "\"\\u001f\\u007f\\u000b\"");
	roundtrip("\"\x7f\"", "\"\\u007f\"");
	/* surrogates */
	roundtrip("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
	roundtrip("\"\\uD83D\\uDE00x\"", "\"\xf0\x9f\x98\x80x\"");
	roundtrip("\"\\udbff\\udfff\"", "\"\xf4\x8f\xbf\xbf\"");
	/* lone and mismatched surrogates (jq 1.6 refuses a lone high one) */
	roundtrip("\"\\ud800\"", "\"\xef\xbf\xbd\"");
	roundtrip("\"\\udc00x\"", "\"\xef\xbf\xbdx\"");
	roundtrip("\"\\ud800\\u0041\"",
	    "\"\xef\xbf\xbd"
	    "A\"");
	roundtrip("\"\\ud800\\ud800\\udc00\"",
	    "\"\xef\xbf\xbd\xf0\x90\x80\x80\"");
	roundtrip("\"\\ud800\\n\"", "\"\xef\xbf\xbd\\n\"");
	roundtrip("\"\\ud800x\"", "\"\xef\xbf\xbdx\"");
	/* raw UTF-8 */
	same("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	same("\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
	/* invalid UTF-8, replaced as jq 1.6 does */
	roundtrip("\"a\xff"
		  "b\"",
	    "\"a\xef\xbf\xbd"
	    "b\"");
	roundtrip("\"\x80\"", "\"\xef\xbf\xbd\"");
	roundtrip("\"\xc0\xaf\"", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	roundtrip("\"\xe0\x80\x80\"", "\"\xef\xbf\xbd\"");
	roundtrip("\"\xed\xa0\x80x\"", "\"\xef\xbf\xbdx\"");
	roundtrip("\"\xf4\x90\x80\x80\"", "\"\xef\xbf\xbd\"");
	roundtrip("\"\xf5\x80\"", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	roundtrip("\"\xe2\x82\"", "\"\xef\xbf\xbd\"");
	roundtrip("\"\xe2\x82"
		  "a\"",
	    "\"\xef\xbf\xbd"
	    "a\"");
	/* jq 1.6 drops the "a" here; we keep it */
	roundtrip("\"\xf0"
		  "a\"",
	    "\"\xef\xbf\xbd"
	    "a\"");
	roundtrip("\"\xc3(\\n\"", "\"\xef\xbf\xbd(\\n\"");
	/* keys take the same path */
	roundtrip("{\"\\u0041\xff\":\"\\n\",\"B\":{\"\\t\":\"\\u00e9\"}}",
	    "{\"A\xef\xbf\xbd\":\"\\n\",\"B\":{\"\\t\":\"\xc3\xa9\"}}");
	roundtrip("{\"\\u0000\":1}", "{\"\\u0000\":1}");
	/* escaped keys nest: each stays put while its value is parsed */
	roundtrip("{\"a\\n\":{\"b\\t\":{\"\\u00e9\":\"v\\n\",\"w\":\"x\\/\"},"
		  "\"c\\\"\":[\"\\u0041\"]},\"d\\\\\":\"e\\r\"}",
	    "{\"a\\n\":{\"b\\t\":{\"\xc3\xa9\":\"v\\n\",\"w\":\"x/\"},"
	    "\"c\\\"\":[\"A\"]},\"d\\\\\":\"e\\r\"}");
	roundtrip_n("[\"a\\u0000\"]", 11, "[\"a\\u0000\"]");
}

static void
test_depth(void)
{
	char *s;
	size_t i, n;
	int depth;

	for (depth = JTEXT_MAX_DEPTH; depth <= JTEXT_MAX_DEPTH + 1; depth++) {
		n = (size_t)depth * 2;
		s = malloc(n + 1);
		for (i = 0; i < (size_t)depth; i++) {
			s[i] = '[';
			s[n - 1 - i] = ']';
		}
		s[n] = '\0';
		if (depth == JTEXT_MAX_DEPTH)
			same(s);
		else
			bad(s, JTEXT_MAX_DEPTH, "nesting too deep (limit 512)");
		free(s);
	}

	/* objects count too, and the limit also holds mid-way */
	n = (size_t)(JTEXT_MAX_DEPTH + 1) * 5;
	s = malloc(n + 1);
	for (i = 0; i < (size_t)JTEXT_MAX_DEPTH + 1; i++)
		memcpy(s + i * 5, "{\"a\":", 5);
	s[n] = '\0';
	bad(s, (size_t)JTEXT_MAX_DEPTH * 5, "nesting too deep");
	free(s);

	/* far deeper than the limit must not recurse further */
	n = 1000000;
	s = malloc(n);
	memset(s, '[', n);
	bad_n(s, n, JTEXT_MAX_DEPTH, "nesting too deep");
	free(s);
}

static void
test_errors(void)
{
	bad("", 0, "unexpected end of input");
	bad(" \t\r\n ", 5, "unexpected end of input");
	bad_n(NULL, 0, 0, "unexpected end of input");
	check(jtext_parse("x", 1, NULL) == NULL, "NULL err", NULL);
	bad("\f1", 0, "unexpected byte 0x0c");
	bad("\xef\xbb\xbf"
	    "1",
	    0, "unexpected byte 0xef");
	bad("x", 0, "unexpected character 'x'");
	bad("nul", 3, "unexpected end of input");
	bad("nulL", 3, "unexpected character 'L'");
	bad("tru", 3, "unexpected end of input");
	bad("True", 0, "unexpected character 'T'");
	bad("fals e", 4, "unexpected character ' '");
	bad("NaN", 0, "unexpected character 'N'");
	bad("Infinity", 0, "unexpected character 'I'");
	bad("'a'", 0, "unexpected character '''");

	/* trailing text */
	bad("1 2", 2, "unexpected text after JSON value");
	bad("[] []", 3, "unexpected text after JSON value");
	bad("{}x", 2, "unexpected text after JSON value");
	bad("\"a\"\"b\"", 3, "unexpected text after JSON value");
	bad("truex", 4, "unexpected text after JSON value");
	bad("null,", 4, "unexpected text after JSON value");
	bad_n("1\0", 2, 1, "unexpected text after JSON value");
	bad("0x10", 1, "unexpected text after JSON value");

	/* numbers */
	bad("-", 0, "invalid number");
	bad("--1", 0, "invalid number");
	bad("+1", 0, "unexpected character '+'");
	bad(".5", 0, "unexpected character '.'");
	bad("01", 0, "invalid number");
	bad("-01", 0, "invalid number");
	bad("00", 0, "invalid number");
	bad("1.", 0, "invalid number");
	bad("1.e5", 0, "invalid number");
	bad("1e", 0, "invalid number");
	bad("1e+", 0, "invalid number");
	bad("1E-", 0, "invalid number");
	bad("1.2.3", 0, "invalid number");
	bad("1e5e5", 0, "invalid number");
	bad("1-2", 0, "invalid number");
	bad("[1,-]", 3, "invalid number");
	bad("-Infinity", 0, "invalid number");
	bad("- 1", 0, "invalid number");
	bad_n("1.5", 2, 0, "invalid number");
	bad_n("1e5", 2, 0, "invalid number");
	bad_n("-12", 1, 0, "invalid number");

	/* strings */
	bad("\"abc", 0, "unterminated string");
	bad("\"", 0, "unterminated string");
	bad("[\"abc\\", 1, "unterminated string");
	bad("\"abc\\\"", 0, "unterminated string");
	bad("\"a\nb\"", 2, "control character in string");
	bad("\"a\tb\"", 2, "control character in string");
	bad_n("\"a\0b\"", 5, 2, "control character in string");
	bad("\"\\x\"", 1, "invalid escape '\\x'");
	bad("\"\\U0041\"", 1, "invalid escape '\\U'");
	bad("\"\\u12\"", 1, "invalid \\u escape");
	bad("\"\\u12g4\"", 1, "invalid \\u escape");
	bad("\"\\u", 1, "invalid \\u escape");
	bad("\"\\ud800\\u12\"", 7, "invalid \\u escape");
	bad("\"\xff", 0, "unterminated string");

	/* arrays */
	bad("[", 1, "unexpected end of input");
	bad("[1", 2, "unexpected end of input");
	bad("[1,", 3, "unexpected end of input");
	bad("[1,]", 3, "unexpected character ']'");
	bad("[,1]", 1, "unexpected character ','");
	bad("[1 2]", 3, "expected ',' or ']'");
	bad("[1:2]", 2, "expected ',' or ']'");
	bad("[1}", 2, "expected ',' or ']'");
	bad("]", 0, "unexpected character ']'");

	/* objects */
	bad("{", 1, "unexpected end of input");
	bad("{\"a\"", 4, "unexpected end of input");
	bad("{\"a\":", 5, "unexpected end of input");
	bad("{\"a\":1", 6, "unexpected end of input");
	bad("{\"a\":1,", 7, "unexpected end of input");
	bad("{\"a\" 1}", 5, "expected ':'");
	bad("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
	bad("{\"a\":1]", 6, "expected ',' or '}'");
	bad("{a:1}", 1, "expected string key");
	bad("{1:1}", 1, "expected string key");
	bad("{\"a\":1,}", 7, "expected string key");
	bad("{,}", 1, "expected string key");
	bad("{\"a\":}", 5, "unexpected character '}'");
	bad("{\"a\\q\":1}", 3, "invalid escape");
	bad("{\"a\":[1,{\"b\":x}]}", 13, "unexpected character 'x'");

	/* errors deep inside must free what was built */
	bad("[{\"a\":[1,2,{\"b\":\"\\u00e9\"}],\"c\\n\":\"d\\t\"},[\"x\\n\",",
	    47, "unexpected end of input");
}

int
main(void)
{
	test_literals();
	test_numbers();
	test_dump_double();
	test_dump_double_random();
	test_dump_values();
	test_strings();
	test_depth();
	test_errors();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
