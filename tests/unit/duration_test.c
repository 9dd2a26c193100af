/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* Unit tests for lib/duration.c: exact, overflow-checked durations. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "duration.h"

static int npass, nfail;

static void
is(const char *text, int want_rc, int64_t want)
{
	int64_t ns = -12345;
	int rc = duration_parse(text, &ns);

	if (rc == want_rc && (rc != 0 || ns == want))
		npass++;
	else {
		nfail++;
		printf("FAIL: \"%s\": rc %d, %" PRId64 ", want rc %d, %" PRId64
		       "\n",
		    text, rc, ns, want_rc, want);
	}
}

int
main(void)
{
	is("250ms", 0, 250000000);
	is("1.1s", 0, 1100000000);
	is("0.3ms", 0, 300000);
	is("1.5m", 0, 90000000000);
	is(".5s", 0, 500000000);
	is("5.s", 0, 5000000000);
	is("1h30m", 0, 5400000000000);
	is("1.000000001s", 0, 1000000001);
	is("1.0000000019s", 0, 1000000001);
	is("0.99999999999999999999999s", 0, 999999999);
	is("1.23456789012345678901234567890d", 0, 106666665706666);
	is("106751d", 0, INT64_C(9223286400000000000));
	is("9223372036854775807ns", 0, INT64_MAX);
	is("9223372036854775808ns", -1, 0);
	is("9223372036.854775807s", 0, INT64_MAX);
	is("9223372036.854775808s", -1, 0);
	is("106752d", -1, 0);
	is("106751d22h", 0, INT64_C(9223365600000000000));
	is("106751d23h47m16.854775807s", 0, INT64_MAX);
	is("106751d23h47m16.854775808s", -1, 0);
	is("0s", 0, 0);
	is("", -1, 0);
	is(".s", -1, 0);
	is("1e3s", -1, 0);
	is("0x10s", -1, 0);
	is("5", -1, 0);
	is("-1s", -1, 0);
	is("1.5.5s", -1, 0);
	is("5 s", -1, 0);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
