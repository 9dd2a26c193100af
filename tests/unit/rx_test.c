/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/rx.c.  Expected match arrays are what jq 1.6 prints
 * (jq -nc '"subject" | [match("re"; "flags")]') unless a comment says
 * why we differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "rx.h"

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

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Match pattern against subject (n bytes) and compare the compact JSON. */
static void
match_n(const char *pat, const char *subj, size_t n, const char *flags,
    const char *want)
{
	char err[256], what[512];
	struct rx *rx;
	json_t *m;
	char *got;
	int f;

	snprintf(what, sizeof(what), "match(\"%s\"; \"%s\") on \"%s\"", pat,
	    flags, subj);
	if ((f = rx_flags(flags, err, sizeof(err))) < 0) {
		printf("FAIL: %s: flags: %s\n", what, err);
		nfail++;
		return;
	}
	if ((rx = rx_compile(pat, strlen(pat), f, err, sizeof(err))) == NULL) {
		printf("FAIL: %s: compile: %s\n", what, err);
		nfail++;
		return;
	}
	if ((m = rx_match(rx, subj, n, f, err, sizeof(err))) == NULL) {
		printf("FAIL: %s: match: %s\n", what, err);
		nfail++;
		rx_free(rx);
		return;
	}
	got = json_dumps(m, JSON_COMPACT);
	if (got != NULL && strcmp(got, want) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: %s\n  got  %s\n  want %s\n", what,
		    got != NULL ? got : "(dump failed)", want);
	}
	free(got);
	json_decref(m);
	rx_free(rx);
}

static void
match(const char *pat, const char *subj, const char *flags, const char *want)
{
	match_n(pat, subj, strlen(subj), flags, want);
}

static void
test_flags(void)
{
	char err[128];

	ok(rx_flags(NULL, err, sizeof(err)) == 0, "flags NULL");
	ok(rx_flags("", err, sizeof(err)) == 0, "flags empty");
	ok(rx_flags("g", err, sizeof(err)) == RX_GLOBAL, "flags g");
	ok(rx_flags("gixnsl", err, sizeof(err)) ==
		(RX_GLOBAL | RX_CASELESS | RX_EXTENDED | RX_NOEMPTY |
		    RX_LONGEST),
	    "flags gixnsl (s is no change)");
	ok(rx_flags("p", err, sizeof(err)) == RX_DOTALL, "flags p = dot-all");
	ok(rx_flags("gg", err, sizeof(err)) == RX_GLOBAL, "flags repeated");
	err[0] = '\0';
	ok(rx_flags("gq", err, sizeof(err)) == -1 &&
		strcmp(err, "gq is not a valid modifier string") == 0,
	    "flags gq: jq's message");
	ok(rx_flags("G", err, sizeof(err)) == -1 &&
		strcmp(err, "G is not a valid modifier string") == 0,
	    "flags are case-sensitive");
	ok(rx_flags("gx g", err, sizeof(err)) == -1 &&
		strcmp(err, "gx g is not a valid modifier string") == 0,
	    "flags with a space");
	ok(rx_flags("q", err, 4) == -1 && strcmp(err, "q i") == 0,
	    "flags error truncated to errlen");
}

static void
test_compile_errors(void)
{
	char err[256];
	struct rx *rx;

	rx = rx_compile("(", 1, 0, err, sizeof(err));
	ok(rx == NULL &&
		strcmp(err,
		    "( (at offset 1) is not a valid regex: "
		    "missing closing parenthesis") == 0,
	    "bad pattern message");
	rx = rx_compile("a{2,1}", 6, 0, err, sizeof(err));
	ok(rx == NULL && strncmp(err, "a{2,1} (at offset ", 18) == 0 &&
		strstr(err, " is not a valid regex: ") != NULL,
	    "bad repeat message");
	rx = rx_compile("[b", 2, 0, err, sizeof(err));
	ok(rx == NULL, "unterminated class");
	rx = rx_compile("\\", 1, 0, err, sizeof(err));
	ok(rx == NULL, "trailing backslash");
	rx = rx_compile("\xff", 1, 0, err, sizeof(err));
	ok(rx == NULL &&
		strstr(err, "is not a valid regex: UTF-8 error") != NULL,
	    "invalid UTF-8 in the pattern");
	rx = rx_compile("a(b", 1, 0, err, sizeof(err));
	ok(rx != NULL, "length, not NUL, ends the pattern");
	rx_free(rx);
	rx = rx_compile(NULL, 0, 0, err, sizeof(err));
	ok(rx != NULL, "NULL empty pattern");
	rx_free(rx);
	rx_free(NULL);
}

static void
test_match_jq(void)
{
	match("\\d+", "a1b22", "g",
	    "[{\"offset\":1,\"length\":1,\"string\":\"1\",\"captures\":[]},"
	    "{\"offset\":3,\"length\":2,\"string\":\"22\",\"captures\":[]}]");
	match("(?<x>foo)|(bar)", "foo bar foo", "g",
	    "[{\"offset\":0,\"length\":3,\"string\":\"foo\",\"captures\":["
	    "{\"offset\":0,\"length\":3,\"string\":\"foo\",\"name\":\"x\"},"
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]},"
	    "{\"offset\":4,\"length\":3,\"string\":\"bar\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"x\"},"
	    "{\"offset\":4,\"length\":3,\"string\":\"bar\",\"name\":null}]},"
	    "{\"offset\":8,\"length\":3,\"string\":\"foo\",\"captures\":["
	    "{\"offset\":8,\"length\":3,\"string\":\"foo\",\"name\":\"x\"},"
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]}]");
	match("(?<a>x)?t", "test", "",
	    "[{\"offset\":0,\"length\":1,\"string\":\"t\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"a\"}]}]");
	match("(?<a>x)?t", "test", "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"t\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"a\"}]},"
	    "{\"offset\":3,\"length\":1,\"string\":\"t\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"a\"}]}]");
	match("(?<d>\\d)(\\d)?", "a1b22", "g",
	    "[{\"offset\":1,\"length\":1,\"string\":\"1\",\"captures\":["
	    "{\"offset\":1,\"length\":1,\"string\":\"1\",\"name\":\"d\"},"
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]},"
	    "{\"offset\":3,\"length\":2,\"string\":\"22\",\"captures\":["
	    "{\"offset\":3,\"length\":1,\"string\":\"2\",\"name\":\"d\"},"
	    "{\"offset\":4,\"length\":1,\"string\":\"2\",\"name\":null}]}]");
	match("(?<x>a)(?<y>b)(c)", "abc", "",
	    "[{\"offset\":0,\"length\":3,\"string\":\"abc\",\"captures\":["
	    "{\"offset\":0,\"length\":1,\"string\":\"a\",\"name\":\"x\"},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"name\":\"y\"},"
	    "{\"offset\":2,\"length\":1,\"string\":\"c\",\"name\":null}]}]");
	match("(a)(?<n>b)(c)", "abc", "",
	    "[{\"offset\":0,\"length\":3,\"string\":\"abc\",\"captures\":["
	    "{\"offset\":0,\"length\":1,\"string\":\"a\",\"name\":null},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"name\":\"n\"},"
	    "{\"offset\":2,\"length\":1,\"string\":\"c\",\"name\":null}]}]");
	/* Oniguruma allows a name twice; PCRE2 does with DUPNAMES. */
	match("(?<x>a)|(?<x>b)", "abc", "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":["
	    "{\"offset\":0,\"length\":1,\"string\":\"a\",\"name\":\"x\"},"
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"x\"}]},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":\"x\"},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"name\":\"x\"}]}]");
	/* A group that took part but matched nothing. */
	match("(a*)b", "b", "",
	    "[{\"offset\":0,\"length\":1,\"string\":\"b\",\"captures\":["
	    "{\"offset\":0,\"string\":\"\",\"length\":0,\"name\":null}]}]");
	match("(?<z>a*)b", "b", "",
	    "[{\"offset\":0,\"length\":1,\"string\":\"b\",\"captures\":["
	    "{\"offset\":0,\"string\":\"\",\"length\":0,\"name\":\"z\"}]}]");
	match("(a)|b", "ab", "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":["
	    "{\"offset\":0,\"length\":1,\"string\":\"a\",\"name\":null}]},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]}]");
	match("x", "abc", "g", "[]");
	match("x", "", "", "[]");
	match("a", "aaa", "",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":[]}]");
	match("b", "ABC", "ig",
	    "[{\"offset\":1,\"length\":1,\"string\":\"B\",\"captures\":[]}]");
}

static void
test_empty_matches(void)
{
	/* jq 1.6: no search starts at the end, so no match at offset 3. */
	match("", "xyz", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":2,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("", "", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("", "", "",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("a*", "abc", "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":2,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("a*", "baaab", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":3,\"string\":\"aaa\",\"captures\":[]},"
	    "{\"offset\":4,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("b*", "ab", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	/* n: the search goes on to a non-empty match, as in Oniguruma. */
	match("a*", "baaab", "gn",
	    "[{\"offset\":1,\"length\":3,\"string\":\"aaa\",\"captures\":[]}]");
	match("a*?", "aa", "gn",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":1,\"string\":\"a\",\"captures\":[]}]");
	match("", "abc", "gn", "[]");
	/*
	 * jq 1.6 restarts one byte after where the search began, not after
	 * the match, and so repeats these; we give each match once.
	 */
	match("$", "abc", "g",
	    "[{\"offset\":3,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("(?=b)", "ab", "g",
	    "[{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	match("(?<=X)", "aXbX", "g",
	    "[{\"offset\":2,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":4,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	/* jq 1.6 crashes here: it steps one byte into "é". */
	match("",
	    "a\xc3\xa9"
	    "b",
	    "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":[]},"
	    "{\"offset\":2,\"length\":0,\"string\":\"\",\"captures\":[]}]");
	/* jq 1.6 gives "captures":[] for an empty match; we keep them. */
	match("(?<n>)", "ab", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":["
	    "{\"offset\":0,\"string\":\"\",\"length\":0,\"name\":\"n\"}]},"
	    "{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":["
	    "{\"offset\":1,\"string\":\"\",\"length\":0,\"name\":\"n\"}]}]");
	match("(x)?", "ab", "g",
	    "[{\"offset\":0,\"length\":0,\"string\":\"\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]},"
	    "{\"offset\":1,\"length\":0,\"string\":\"\",\"captures\":["
	    "{\"offset\":-1,\"string\":null,\"length\":0,\"name\":null}]}]");
}

static void
test_unicode(void)
{
	match("b",
	    "a\xc3\xa9"
	    "b",
	    "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match("y", "x\xf0\x9f\x98\x80y", "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"y\",\"captures\":[]}]");
	match(".", "x\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80y", "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"x\",\"captures\":[]},"
	    "{\"offset\":1,\"length\":1,\"string\":\"\xc3\xa9\","
	    "\"captures\":[]},"
	    "{\"offset\":2,\"length\":1,\"string\":\"\xe2\x82\xac\","
	    "\"captures\":[]},"
	    "{\"offset\":3,\"length\":1,\"string\":\"\xf0\x9f\x98\x80\","
	    "\"captures\":[]},"
	    "{\"offset\":4,\"length\":1,\"string\":\"y\",\"captures\":[]}]");
	match("\\w+", "h\xc3\xa9llo w\xc3\xb6rld", "g",
	    "[{\"offset\":0,\"length\":5,\"string\":\"h\xc3\xa9llo\","
	    "\"captures\":[]},"
	    "{\"offset\":6,\"length\":5,\"string\":\"w\xc3\xb6rld\","
	    "\"captures\":[]}]");
	match("\xc3\xa9"
	      "cole",
	    "na\xc3\xafve \xc3\x89"
	    "COLE",
	    "i",
	    "[{\"offset\":6,\"length\":5,\"string\":\"\xc3\x89"
	    "COLE\","
	    "\"captures\":[]}]");
	match("^[[:alpha:]]+$",
	    "\xc3\x89"
	    "COLE",
	    "",
	    "[{\"offset\":0,\"length\":5,\"string\":\"\xc3\x89"
	    "COLE\","
	    "\"captures\":[]}]");
	match("\\d+",
	    "\xd9\xa3"
	    "4",
	    "",
	    "[{\"offset\":0,\"length\":2,\"string\":\"\xd9\xa3"
	    "4\","
	    "\"captures\":[]}]");
	/* Capture offsets before the match end, counted back. */
	match("(\xc3\xa9+)(?<t>\xe2\x82\xac)", "a\xc3\xa9\xc3\xa9\xe2\x82\xac",
	    "",
	    "[{\"offset\":1,\"length\":3,\"string\":\"\xc3\xa9\xc3\xa9"
	    "\xe2\x82\xac\",\"captures\":["
	    "{\"offset\":1,\"length\":2,\"string\":\"\xc3\xa9\xc3\xa9\","
	    "\"name\":null},"
	    "{\"offset\":3,\"length\":1,\"string\":\"\xe2\x82\xac\","
	    "\"name\":\"t\"}]}]");
	/* NUL is an ordinary character. */
	match_n("b", "a\0b", 3, "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match_n("a.b", "a\0b", 3, "",
	    "[{\"offset\":0,\"length\":3,\"string\":\"a\\u0000b\","
	    "\"captures\":[]}]");
	/* Invalid UTF-8 never matches but does not fail the search. */
	match_n("b",
	    "a\xff"
	    "b",
	    3, "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match_n(".",
	    "a\xff"
	    "b",
	    3, "g",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":[]},"
	    "{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match_n("a\\C", "a\xff", 2, "", "[]");
	match_n("a.*",
	    "ab\xff"
	    "c",
	    4, "",
	    "[{\"offset\":0,\"length\":2,\"string\":\"ab\",\"captures\":[]}]");
}

static void
test_modes(void)
{
	const char *nl = "a\nb\n";

	/* ^ and $ as in jq 1.6 (Oniguruma's Perl syntax, singleline). */
	match("a$", nl, "", "[]");
	match("b$", nl, "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match("^b", nl, "", "[]");
	match("a.b", nl, "", "[]");
	/* s: single line, which the pattern already is: no change */
	match("a.b", nl, "s", "[]");
	match("a.b", nl, "p",
	    "[{\"offset\":0,\"length\":3,\"string\":\"a\\nb\","
	    "\"captures\":[]}]");
	match("(?s)a.b", nl, "",
	    "[{\"offset\":0,\"length\":3,\"string\":\"a\\nb\","
	    "\"captures\":[]}]");
	match("(?m)^b", nl, "",
	    "[{\"offset\":2,\"length\":1,\"string\":\"b\",\"captures\":[]}]");
	match("a b", "a b ab", "x",
	    "[{\"offset\":4,\"length\":2,\"string\":\"ab\",\"captures\":[]}]");
	match("a # comment\n b", "ab", "x",
	    "[{\"offset\":0,\"length\":2,\"string\":\"ab\",\"captures\":[]}]");
	match("a\\ b", "a b", "x",
	    "[{\"offset\":0,\"length\":3,\"string\":\"a b\",\"captures\":[]}]");
	/* p is not x: the spaces are part of the pattern */
	match("a . b", nl, "p", "[]");
	match("a . b", "a \n b", "p",
	    "[{\"offset\":0,\"length\":5,\"string\":\"a \\n b\","
	    "\"captures\":[]}]");
	/* l is accepted and, as in jq 1.6, changes nothing here. */
	match("a|ab", "abc", "l",
	    "[{\"offset\":0,\"length\":1,\"string\":\"a\",\"captures\":[]}]");
}

static void
test_limit(void)
{
	const char *s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	char err[128];
	struct rx *rx;
	json_t *m;
	size_t start, ms, me;
	double t;
	char *big;
	size_t i, n;

	rx = rx_compile("(a+)+$", 6, 0, err, sizeof(err));
	ok(rx != NULL, "compile (a+)+$");
	if (rx == NULL)
		return;
	err[0] = '\0';
	t = seconds();
	m = rx_match(rx, s, strlen(s), 0, err, sizeof(err));
	t = seconds() - t;
	ok(m == NULL && strcmp(err, "regex match limit exceeded") == 0,
	    "catastrophic pattern: match limit error");
	ok(t < 1.0, "catastrophic pattern: fails fast");
	printf("  (a+)+$ gave up after %.3f s\n", t);
	json_decref(m);
	m = rx_match(rx, s, strlen(s), RX_GLOBAL, err, sizeof(err));
	ok(m == NULL, "catastrophic pattern, global");
	start = 0;
	ok(rx_next(rx, s, strlen(s), &start, &ms, &me, err, sizeof(err)) ==
		    -1 &&
		strcmp(err, "regex match limit exceeded") == 0,
	    "catastrophic pattern, rx_next");
	/* The regex is still usable after hitting the limit. */
	m = rx_match(rx, "aa", 2, 0, err, sizeof(err));
	ok(m != NULL && json_array_size(m) == 1, "usable after the limit");
	json_decref(m);
	rx_free(rx);

	/* Far beyond PCRE2's default 32 KiB JIT stack. */
	n = 100000;
	big = malloc(n);
	for (i = 0; i < n; i++)
		big[i] = i % 2 ? 'a' : 'b';
	rx = rx_compile("^(a|b)*$", 8, 0, err, sizeof(err));
	m = rx_match(rx, big, n, 0, err, sizeof(err));
	ok(m != NULL && json_array_size(m) == 1 &&
		json_integer_value(json_object_get(json_array_get(m, 0),
		    "length")) == (json_int_t)n,
	    "100000 repetitions of a group");
	if (m == NULL)
		printf("  (%s)\n", err);
	json_decref(m);
	rx_free(rx);
	free(big);
}

struct tok {
	size_t ms, me, start;
};

static void
next_all(const char *pat, const char *s, size_t n, const struct tok *want,
    size_t nwant, const char *what)
{
	char err[128];
	struct rx *rx;
	size_t start = 0, ms, me, i = 0;
	int rc, good = 1;

	if ((rx = rx_compile(pat, strlen(pat), 0, err, sizeof(err))) == NULL) {
		ok(0, what);
		return;
	}
	while (
	    (rc = rx_next(rx, s, n, &start, &ms, &me, err, sizeof(err))) == 1) {
		if (i >= nwant || want[i].ms != ms || want[i].me != me ||
		    want[i].start != start) {
			printf("  %s: #%zu got %zu..%zu next %zu\n", what, i,
			    ms, me, start);
			good = 0;
		}
		i++;
	}
	ok(good && rc == 0 && i == nwant, what);
	/* Exhausted stays exhausted. */
	ok(rx_next(rx, s, n, &start, &ms, &me, err, sizeof(err)) == 0, what);
	rx_free(rx);
}

static void
test_next(void)
{
	static const struct tok digits[] = { { 1, 2, 2 }, { 3, 5, 5 } };
	static const struct tok empty[] = { { 0, 0, 1 }, { 1, 1, 3 },
		{ 3, 3, 4 }, { 4, 4, 5 } };
	static const struct tok none[] = { { 0, 0, 1 } };
	static const struct tok ws[] = { { 0, 0, 1 }, { 1, 3, 3 }, { 3, 3, 4 },
		{ 4, 4, 5 } };
	static const struct tok lazy[] = { { 0, 0, 1 }, { 1, 1, 2 } };
	char err[128];
	struct rx *rx;
	size_t start, ms, me;

	next_all("\\d+", "a1b22", 5, digits, 2, "rx_next digits");
	/* Empty matches step a whole code point, and one is at the end. */
	next_all("",
	    "a\xc3\xa9"
	    "b",
	    4, empty, 4, "rx_next empty");
	next_all("", "", 0, none, 1, "rx_next empty subject");
	next_all("\\s*", "a  b", 4, ws, 4, "rx_next white space");
	next_all("x*?", "x", 1, lazy, 2, "rx_next lazy");

	rx = rx_compile("b", 1, 0, err, sizeof(err));
	start = 2;
	ok(rx_next(rx, "abab", 4, &start, &ms, &me, err, sizeof(err)) == 1 &&
		ms == 3 && me == 4 && start == 4,
	    "rx_next from an offset");
	start = 5;
	ok(rx_next(rx, "abab", 4, &start, &ms, &me, err, sizeof(err)) == 0,
	    "rx_next past the end");
	rx_free(rx);
	/* Lookbehind sees what comes before *start. */
	rx = rx_compile("(?<=a)b", 7, 0, err, sizeof(err));
	start = 1;
	ok(rx_next(rx, "ab", 2, &start, &ms, &me, err, sizeof(err)) == 1 &&
		ms == 1,
	    "rx_next lookbehind before start");
	rx_free(rx);
	rx = rx_compile("^b", 2, 0, err, sizeof(err));
	start = 1;
	ok(rx_next(rx, "ab", 2, &start, &ms, &me, err, sizeof(err)) == 0,
	    "rx_next ^ is the subject start, not *start");
	rx_free(rx);
}

static void
test_cache(void)
{
	char err[256], pat[32];
	struct rx *a, *b, *c, *keep, *r;
	json_t *m;
	int i, good = 1;

	a = rx_cached("a+", 2, 0, err, sizeof(err));
	b = rx_cached("a+", 2, 0, err, sizeof(err));
	ok(a != NULL && a == b, "cache hit");
	b = rx_cached("a+", 2, RX_GLOBAL | RX_NOEMPTY, err, sizeof(err));
	ok(a == b, "cache ignores match-time flags");
	c = rx_cached("a+", 2, RX_CASELESS, err, sizeof(err));
	ok(c != NULL && c != a, "cache keys on compile flags");
	b = rx_cached("a+b", 2, 0, err, sizeof(err));
	ok(b == a, "cache keys on the n bytes only");
	b = rx_cached("a*", 2, 0, err, sizeof(err));
	ok(b != NULL && b != a, "cache keys on pattern bytes");
	m = rx_match(c, "xAa", 3, 0, err, sizeof(err));
	ok(m != NULL &&
		json_integer_value(
		    json_object_get(json_array_get(m, 0), "length")) == 2,
	    "cached regex works");
	json_decref(m);

	ok(rx_cached("(", 1, 0, err, sizeof(err)) == NULL &&
		strstr(err, "is not a valid regex") != NULL,
	    "cache: bad pattern");
	ok(rx_cached("(", 1, 0, err, sizeof(err)) == NULL,
	    "cache: bad pattern again");

	/* Fill past capacity, touching one entry: it must survive. */
	keep = rx_cached("keep", 4, 0, err, sizeof(err));
	for (i = 0; i < 3 * RX_CACHE_SIZE; i++) {
		snprintf(pat, sizeof(pat), "p%d", i);
		r = rx_cached(pat, strlen(pat), 0, err, sizeof(err));
		if (r == NULL)
			good = 0;
		if (rx_cached("keep", 4, 0, err, sizeof(err)) != keep)
			good = 0;
	}
	ok(good, "cache: recently used entry survives eviction");
	/* Each of the last RX_CACHE_SIZE - 1 patterns is still cached. */
	good = 1;
	for (i = 3 * RX_CACHE_SIZE - 1; i >= 2 * RX_CACHE_SIZE + 1; i--) {
		snprintf(pat, sizeof(pat), "p%d", i);
		r = rx_cached(pat, strlen(pat), 0, err, sizeof(err));
		m = rx_match(r, pat, strlen(pat), 0, err, sizeof(err));
		if (m == NULL || json_array_size(m) != 1)
			good = 0;
		json_decref(m);
	}
	ok(good, "cache: evicted and re-compiled entries work");
	rx_cache_clear();
	rx_cache_clear();
	a = rx_cached("a+", 2, 0, err, sizeof(err));
	ok(a != NULL, "cache usable after clear");
	rx_cache_clear();
}

int
main(void)
{
	test_flags();
	test_compile_errors();
	test_match_jq();
	test_empty_matches();
	test_unicode();
	test_modes();
	test_limit();
	test_next();
	test_cache();
	rx_cache_clear();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
