/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* Unit tests for lib/reject.c's kinds and lib/stats.c's line count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reject.h"
#include "stats.h"

static int npass, nfail;

static void
kind(const char *reason, const char *want)
{
	struct buf b = { 0 };

	reject_kind(reason, &b);
	if (strcmp(b.data, want) == 0)
		npass++;
	else {
		nfail++;
		printf("FAIL: kind of \"%s\": \"%s\", want \"%s\"\n", reason,
		    b.data, want);
	}
	buf_free(&b);
}

static void
lines(size_t n, int every)
{
	char *p = malloc(n + 1);
	unsigned long long want = 0, got;
	size_t i;

	for (i = 0; i < n; i++) {
		p[i] = (char)(every > 0 && i % (size_t)every == 0 ? '\n'
								  : 0x80 | i);
		want += p[i] == '\n';
	}
	if ((got = stats_count_lines(p, n)) == want)
		npass++;
	else {
		nfail++;
		printf("FAIL: %zu bytes, a newline every %d: %llu, want %llu\n",
		    n, every, got, want);
	}
	free(p);
}

int
main(void)
{
	kind("-t: string (\"10:01\") is not an RFC 3339 time or an epoch "
	     "number",
	    "-t: string is not an RFC 3339 time or an epoch number");
	kind("string (\"x\") and number (1) cannot be added",
	    "string and number cannot be added");
	kind("-t: string (\"01/May/202...) is not an RFC 3339 time (it looks "
	     "like the common log format: --time-format '%d/%b/%Y')",
	    "-t: string is not an RFC 3339 time");
	kind("string (\"a)b\") and number (1) cannot be added",
	    "string and number cannot be added");
	kind("Cannot index string with string \"b\\\"c\"",
	    "Cannot index string with string");
	kind("invalid JSON at column 6: unexpected end of input",
	    "invalid JSON");
	kind("invalid JSON at column 1: unexpected character '''",
	    "invalid JSON");
	kind("line longer than 1024 bytes (--max-line)",
	    "line longer than 1024 bytes");
	kind("event time out of range (it looks like epoch milliseconds: "
	     "--time-unit ms)",
	    "event time out of range");
	kind("string record: only objects can have a key field; use smap",
	    "string record: only objects can have a key field");
	kind("at column 3 of it", "at column 3 of it");
	kind("can't parse 'x'", "can't parse");
	kind("\"all quoted\"", "\"all quoted\"");
	kind("unclosed (paren", "unclosed (paren");
	lines(0, 0);
	lines(7, 1);
	lines(16, 1);
	lines(100000, 1);
	lines(100000, 3);
	lines(4097, 40);
	lines(65536, 0);
	printf("reject_test: %d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
