/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/tokenize.c: Unicode lowercasing, plain path
 * detection and the default pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rx.h"
#include "tokenize.h"

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
lower(const char *in, const char *want)
{
	struct buf out = { 0 };
	char what[256];

	buf_adds(&out, "<"); /* lowering appends */
	tokenize_lower(&out, in, strlen(in));
	snprintf(what, sizeof(what), "lower(%s) = %s, want <%s", in, out.data,
	    want);
	ok(out.data[0] == '<' && strcmp(out.data + 1, want) == 0, what);
	buf_free(&out);
}

static void
test_lower(void)
{
	ok(tokenize_unicode(), "C.UTF-8 is available");
	lower("", "");
	lower("ABC xyz 123 'Q'", "abc xyz 123 'q'");
	lower("ÉTÉ", "été");
	lower("Straße", "straße");
	lower("ẞ", "ß"); /* U+1E9E */
	lower("İ", "i"); /* simple mapping, no U+0307 */
	lower("КИЇВ", "київ");
	lower("ΟΔΟΣ", "οδος");
	lower("ΣΟΦΙΑ", "σοφια");
	lower("Σ", "σ"); /* no cased letter before */
	lower("ΑΣΣΑ", "ασσα");
	lower("ΟΔΟΣ'", "οδος'"); /* apostrophe is case-ignorable */
	lower("ΟΔΟΣ'Α", "οδοσ'α");
	lower("ΆΣ\xcc\x81", "άς\xcc\x81"); /* a mark after the sigma */
	lower("Ⱥ", "ⱥ");		   /* 2 bytes to 3 */
	lower("Ɫ", "ɫ");		   /* 3 bytes to 2 */
	lower("\xe2\x84\xaa", "k");	   /* KELVIN SIGN */
	lower("𐐀", "𐐨");		   /* Deseret, 4 bytes */
	lower("東京 👍", "東京 👍");
}

static void
path(const char *src, size_t want, const char *first)
{
	char **p = NULL, what[256];
	size_t n, i;

	n = tokenize_path(src, &p);
	snprintf(what, sizeof(what), "tokenize_path(%s) = %zu, want %zu", src,
	    n, want);
	ok(n == want, what);
	if (n > 0) {
		ok(p != NULL && p[n] == NULL, "path is NULL-terminated");
		ok(first == NULL || strcmp(p[0], first) == 0, "first name");
		for (i = 0; i < n; i++)
			free(p[i]);
		free(p);
	}
	ok(tokenize_path(src, NULL) == want, "count without the array");
}

static void
test_path(void)
{
	path(".text", 1, "text");
	path(".msg.body", 2, "msg");
	path("._a1._", 2, "_a1");
	path(".", 0, NULL);
	path("", 0, NULL);
	path("..a", 0, NULL);
	path(".a.", 0, NULL);
	path(".1a", 0, NULL);
	path(".a[0]", 0, NULL);
	path(".a | .b", 0, NULL);
	path(".a?", 0, NULL);
	path("text", 0, NULL);
	path(".[\"a\"]", 0, NULL);
}

static struct rx *rx;

/* The tokens of subject with the default pattern, joined by "|". */
static void
tokens(const char *subject, const char *want)
{
	char err[256], what[512];
	struct buf got = { 0 };
	size_t n = strlen(subject), start = 0, ms, me;

	if (rx == NULL)
		rx = rx_compile(TOKENIZE_PATTERN, strlen(TOKENIZE_PATTERN), 0,
		    err, sizeof(err));
	if (rx == NULL) {
		ok(0, "the default pattern compiles");
		return;
	}
	while (
	    rx_next(rx, subject, n, &start, &ms, &me, err, sizeof(err)) == 1) {
		if (got.len > 0)
			buf_addc(&got, '|');
		buf_add(&got, subject + ms, me - ms);
	}
	snprintf(what, sizeof(what), "tokens(%s) = %s, want %s", subject,
	    got.data ? got.data : "", want);
	ok(strcmp(got.data ? got.data : "", want) == 0, what);
	buf_free(&got);
}

static void
test_pattern(void)
{
	tokens("l'été", "l'été");
	tokens("don't 'quoted' dogs' ''", "don't|quoted|dogs");
	tokens("l\xe2\x80\x99"
	       "été",
	    "l\xe2\x80\x99"
	    "été");
	tokens("42 3.14 x2", "42|3|14|x2");
	tokens("snake_case well-known", "snake|case|well|known");
	tokens("\xcc\x81"
	       "a",
	    "a"); /* a mark cannot start a token */
	tokens("❤️ 👍🏽 ok", "ok");
	tokens("", "");
}

int
main(void)
{
	test_lower();
	test_path();
	test_pattern();
	rx_free(rx);
	printf("tokenize: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
