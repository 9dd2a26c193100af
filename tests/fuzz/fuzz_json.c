/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * fuzz_json: the JSON reader (jtext_parse) against jansson's json_loadb.
 *
 * On every input both parsers give a verdict.  They must agree, except
 * for jtext's deliberate differences (lib/jtext.h, stream-tools(7)):
 *
 *  1. An integer beyond 64 bits is a real for jtext (as in jq); jansson
 *     says "too big integer".
 *  2. A number beyond DBL_MAX (1e400) is +-DBL_MAX for jtext (jq prints
 *     infinities so); jansson says "real number overflow".
 *  3. Invalid UTF-8 in a string (bad bytes, overlong forms, encoded
 *     surrogates, past U+10FFFF, truncated sequences) becomes U+FFFD for
 *     jtext, as in jq; jansson refuses the text.
 *  4. A lone surrogate escape (\ud800 without a low half, or a lone
 *     \udc00) becomes U+FFFD for jtext; jansson says "invalid Unicode".
 *  5. "\u0000" in an object key is kept by jtext; jansson refuses NUL
 *     in keys even with JSON_ALLOW_NUL.
 *  6. Nesting deeper than JTEXT_MAX_DEPTH (512) is refused by jtext;
 *     jansson allows 2048.
 *  7. The literal -0 is a real -0.0 for jtext (jq prints it as -0); it
 *     is the integer 0 for jansson.
 *  8. jansson's bug, not a choice: a NUL byte right after a number or
 *     true/false/null is lost by its lexer ("[1\0]", "11\0", "false\0"
 *     are accepted).  jtext rejects them.
 *
 * When jtext accepts what jansson refuses, the input is "repaired":
 * every difference 1-5 is replaced by something both must accept (0,
 * U+FFFD, \u0001); jansson must then accept the repaired text and both
 * parsers must give the same value for it.  When both accept, the values
 * must be equal (7 aside).  Whenever jtext accepts, jtext_dump of the
 * value must parse again and dump identically, and jansson must accept
 * the (repaired) dump.  jtext_parse_lossy's replaced flag must be set
 * exactly when differences 3 or 4 occur (the tools then re-encode the
 * line instead of copying its bytes).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jscan.h"
#include "splice.h"
#include "jtext.h"

static const uint8_t *cur_data;
static int repaired_text; /* repair() replaced a string's bytes (3, 4) */
static size_t cur_size;

static void
show(const char *what, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	fprintf(stderr, "%s (%zu bytes): '", what, n);
	for (i = 0; i < n && i < 400; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\'' && s[i] != '\\')
			fputc(s[i], stderr);
		else
			fprintf(stderr, "\\x%02x", s[i]);
	}
	fprintf(stderr, "%s'\n", n > 400 ? "..." : "");
}

static _Noreturn void
disagree(const char *why, const char *detail)
{
	fprintf(stderr, "fuzz_json: %s%s%s\n", why, detail ? ": " : "",
	    detail ? detail : "");
	show("input", cur_data, cur_size);
	abort();
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static long
hex4(const unsigned char *p, const unsigned char *end)
{
	long v = 0;
	int i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = hexval(p[i])) < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Length of the well-formed UTF-8 sequence at p, or 0. */
static size_t
utf8_ok(const unsigned char *p, const unsigned char *end)
{
	unsigned long cp;
	size_t i, n;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if ((size_t)(end - p) < n)
		return 0;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static const unsigned char *
repair_string(struct buf *out, const unsigned char *p, const unsigned char *end)
{
	long cp, lo;
	size_t n;

	buf_addc(out, '"');
	for (p++; p < end;) {
		if (*p == '"') {
			buf_addc(out, '"');
			return p + 1;
		}
		if (*p == '\\' && end - p >= 2 && p[1] == 'u' &&
		    (cp = hex4(p + 2, end)) >= 0) {
			if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 12 &&
			    p[6] == '\\' && p[7] == 'u' &&
			    (lo = hex4(p + 8, end)) >= 0xdc00 && lo <= 0xdfff) {
				buf_add(out, p, 12);
				p += 12;
				continue;
			}
			if (cp >= 0xd800 && cp <= 0xdfff) {
				buf_adds(out, "\\ufffd"); /* 4 */
				repaired_text = 1;
			} else if (cp == 0)
				buf_adds(out, "\\u0001"); /* 5 */
			else
				buf_add(out, p, 6);
			p += 6;
		} else if (*p == '\\' && end - p >= 2) {
			buf_add(out, p, 2);
			p += 2;
		} else if (*p >= 0x80) {
			if ((n = utf8_ok(p, end)) > 0) {
				buf_add(out, p, n);
				p += n;
			} else {
				buf_adds(out, "\xef\xbf\xbd"); /* 3 */
				repaired_text = 1;
				p++;
			}
		} else {
			buf_addc(out, (char)*p++);
		}
	}
	return p;
}

static const unsigned char *
repair_number(struct buf *out, const unsigned char *p, const unsigned char *end)
{
	const unsigned char *s = p;
	char tmp[512];
	int isint = 1;
	size_t n;

	while (p < end &&
	    (*p == '-' || *p == '+' || *p == '.' || (*p | 0x20) == 'e' ||
		(*p >= '0' && *p <= '9'))) {
		if (*p == '.' || (*p | 0x20) == 'e')
			isint = 0;
		p++;
	}
	n = (size_t)(p - s);
	if (n >= sizeof tmp) {
		buf_addc(out, '0'); /* too long for us: surely 1 or 2 */
		return p;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	if (isint) {
		(void)strtoll(tmp, NULL, 10);
		if (errno == ERANGE) {
			buf_addc(out, '0'); /* 1 */
			return p;
		}
	} else if (isinf(strtod(tmp, NULL))) {
		buf_addc(out, '0'); /* 2 */
		return p;
	}
	buf_add(out, s, n);
	return p;
}

/* The text with differences 1-5 replaced; assumes jtext accepted it. */
static void
repair(struct buf *out, const void *data, size_t size)
{
	const unsigned char *p = data, *end = p + size;

	buf_reset(out);
	repaired_text = 0;
	while (p < end) {
		if (*p == '"')
			p = repair_string(out, p, end);
		else if (*p == '-' || (*p >= '0' && *p <= '9'))
			p = repair_number(out, p, end);
		else
			buf_addc(out, (char)*p++);
	}
}

static size_t
depth(const json_t *v)
{
	size_t i, d, max = 0;
	const char *k;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if ((d = depth(e)) > max)
				max = d;
		}
		return max + 1;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e)
		{
			if ((d = depth(e)) > max)
				max = d;
		}
		return max + 1;
	}
	return 0;
}

/* x from jtext, y from jansson. */
static int
same(const json_t *x, const json_t *y)
{
	const char *k;
	size_t i, klen;
	json_t *e, *f;
	double d;

	if (json_is_integer(x) && json_is_integer(y))
		return json_integer_value(x) == json_integer_value(y);
	if (json_is_real(x) && json_is_real(y)) {
		d = json_real_value(x);
		return d == json_real_value(y) &&
		    signbit(d) == signbit(json_real_value(y));
	}
	if (json_is_real(x) && json_is_integer(y)) { /* 7 */
		d = json_real_value(x);
		return d == 0 && signbit(d) && json_integer_value(y) == 0;
	}
	if (json_typeof(x) != json_typeof(y))
		return 0;
	switch (json_typeof(x)) {
	case JSON_STRING:
		return json_string_length(x) == json_string_length(y) &&
		    memcmp(json_string_value(x), json_string_value(y),
			json_string_length(x)) == 0;
	case JSON_ARRAY:
		if (json_array_size(x) != json_array_size(y))
			return 0;
		json_array_foreach(x, i, e)
		{
			if (!same(e, json_array_get(y, i)))
				return 0;
		}
		return 1;
	case JSON_OBJECT:
		if (json_object_size(x) != json_object_size(y))
			return 0;
		json_object_keylen_foreach((json_t *)y, k, klen, f)
		{
			e = json_object_getn(x, k, klen);
			if (e == NULL || !same(e, f))
				return 0;
		}
		return 1;
	default: return 1;
	}
}

static void
check_repaired(const json_t *a)
{
	struct buf r = { 0 };
	struct jtext_error err;
	json_error_t jerr;
	json_t *a2, *b2;

	(void)a;
	repair(&r, cur_data, cur_size);
	if (r.len == cur_size && memcmp(r.data, cur_data, r.len) == 0) {
		json_decref(json_loadb((const char *)cur_data, cur_size,
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr));
		disagree("jtext accepts what jansson rejects", jerr.text);
	}
	b2 = json_loadb(r.data, r.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (b2 == NULL) {
		show("repaired", r.data, r.len);
		disagree("jansson rejects the repaired input", jerr.text);
	}
	if ((a2 = jtext_parse(r.data, r.len, &err)) == NULL) {
		show("repaired", r.data, r.len);
		disagree("jtext rejects the repaired input", err.text);
	}
	if (!same(a2, b2)) {
		show("repaired", r.data, r.len);
		disagree("jtext and jansson values differ on the repaired "
			 "input",
		    NULL);
	}
	json_decref(a2);
	json_decref(b2);
	buf_free(&r);
}

/* 8: accepted once every NUL byte right after a digit or letter is gone. */
static int
nul_after_number(const json_t *b)
{
	struct buf r = { 0 };
	struct jtext_error err;
	json_t *a;
	size_t i;
	int ok;

	for (i = 0; i < cur_size; i++)
		if (!(cur_data[i] == 0 && i > 0 && isalnum(cur_data[i - 1])))
			buf_addc(&r, (char)cur_data[i]);
	a = jtext_parse(r.data, r.len, &err);
	ok = a != NULL && r.len < cur_size && same(a, b);
	json_decref(a);
	buf_free(&r);
	return ok;
}

static void
check_round_trip(const json_t *a)
{
	struct buf d1 = { 0 }, d2 = { 0 }, r = { 0 };
	struct jtext_error err;
	json_error_t jerr;
	json_t *a2, *b;

	jtext_dump(&d1, a);
	if ((a2 = jtext_parse(d1.data, d1.len, &err)) == NULL) {
		show("dump", d1.data, d1.len);
		disagree("jtext rejects its own dump", err.text);
	}
	jtext_dump(&d2, a2);
	if (d1.len != d2.len || memcmp(d1.data, d2.data, d1.len) != 0) {
		show("dump", d1.data, d1.len);
		show("dump of the dump", d2.data, d2.len);
		disagree("the dump changes when parsed and dumped again", NULL);
	}
	repair(&r, d1.data, d1.len);
	b = json_loadb(r.data, r.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (b == NULL) {
		show("dump", d1.data, d1.len);
		disagree("jansson rejects jtext's dump", jerr.text);
	}
	json_decref(b);
	json_decref(a2);
	buf_free(&d1);
	buf_free(&d2);
	buf_free(&r);
}

/*
 * The lazy path's scanner (jscan.h) takes a line only when the decoder
 * takes it as it is, and then finds the same top-level members.
 */
static int
same_dump(struct jspan span, const json_t *v)
{
	struct buf a = { 0 }, b = { 0 };
	int same;

	splice_value(span, &a);
	jtext_dump(&b, v);
	same = a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
	buf_free(&a);
	buf_free(&b);
	return same;
}

/*
 * The lazy path writes what the full path writes: a value, each member
 * found through the index, and the record with its first member deleted
 * and "a" set (smap 'del(.first) | .a = 7').
 */
static void
check_splice(const char *text, size_t len, struct jspan whole, json_t *v)
{
	struct jscan_record r;
	struct buf head = { 0 }, tail = { 0 }, want = { 0 };
	struct jspan found;
	json_t *copy;
	void *it;

	if (!same_dump(whole, v))
		disagree("splice_value differs from jtext_dump", NULL);
	if (!jscan_record(text, len, &r))
		disagree("jscan_record rejects what jscan_valid takes", NULL);
	if (!json_is_object(v))
		return;
	for (it = json_object_iter(v); it != NULL;
	     it = json_object_iter_next(v, it))
		if (jscan_field(&r, json_object_iter_key(it),
			json_object_iter_key_len(it), &found) == JSCAN_FOUND &&
		    !same_dump(found, json_object_iter_value(it)))
			disagree("jscan_field finds another value",
			    json_object_iter_key(it));
	it = json_object_iter(v);
	if (it == NULL || splice_object(&r, json_object_iter_key(it),
			      json_object_iter_key_len(it), "a", 1, &head,
			      &tail) < 0)
		return;
	copy = json_copy(v);
	json_object_deln(copy, json_object_iter_key(it),
	    json_object_iter_key_len(it));
	json_object_set_new(copy, "a", json_integer(7));
	jtext_dump(&want, copy);
	buf_addc(&head, '7');
	buf_add(&head, tail.data, tail.len);
	if (head.len != want.len || memcmp(head.data, want.data, want.len) != 0)
		disagree("splice_object differs from the decoded update", NULL);
	json_decref(copy);
	buf_free(&head);
	buf_free(&tail);
	buf_free(&want);
}

static void
check_scan(const char *text, size_t len, json_t *v, int replaced)
{
	struct jspan whole, member;
	const char *key;
	json_t *value;
	int ok = jscan_valid(text, len, &whole);

	if (ok && (v == NULL || replaced))
		disagree("jscan_valid takes what the decoder rejects or repairs",
		    NULL);
	if (!ok)
		return;
	check_splice(text, len, whole, v);
	if (!json_is_object(v))
		return;
	json_object_foreach (v, key, value) {
		enum jscan_found f = jscan_member(whole, key, strlen(key),
		    &member);

		if (f == JSCAN_ABSENT || f == JSCAN_MISMATCH)
			disagree("jscan_member misses a member", key);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jtext_error err;
	struct buf r = { 0 };
	json_error_t jerr;
	json_t *a, *b;
	int replaced = 0;

	cur_data = data;
	cur_size = size;
	a = jtext_parse_lossy((const char *)data, size, &err, &replaced);
	b = json_loadb((const char *)data, size,
	    JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (a != NULL && b == NULL)
		check_repaired(a);
	else if (a == NULL && b != NULL) {
		if ((strstr(err.text, "too deep") == NULL ||
			depth(b) <= JTEXT_MAX_DEPTH) && /* 6 */
		    !nul_after_number(b))
			disagree("jansson accepts what jtext rejects",
			    err.text);
	} else if (a != NULL && b != NULL && !same(a, b))
		disagree("jtext and jansson values differ", NULL);
	check_scan((const char *)data, size, a, replaced);
	if (a != NULL) {
		/* the tools copy a line as it is unless replaced is set */
		repair(&r, data, size);
		if (replaced != repaired_text)
			disagree(replaced ? "replaced is set, but the text "
					    "needed no U+FFFD"
					  : "replaced is not set, but the text "
					    "had invalid UTF-8 or a lone "
					    "surrogate",
			    NULL);
		buf_free(&r);
		check_round_trip(a);
	}
	json_decref(a);
	json_decref(b);
	return 0;
}

#ifdef FUZZ_STANDALONE
#include "fuzz_main.h"
#endif
