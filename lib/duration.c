/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <ctype.h>
#include <string.h>

#include "duration.h"

static const struct {
	const char *name;
	int64_t ns;
} units[] = {
	/* "ms" before "m" so that the longest unit wins */
	{ "ns", 1 },
	{ "us", 1000 },
	{ "ms", 1000000 },
	{ "s", 1000000000LL },
	{ "m", 60000000000LL },
	{ "h", 3600000000000LL },
	{ "d", 86400000000000LL },
};

/*
 * floor(unit * 0.DIGITS) exactly, whatever the number of digits: the
 * carry of a schoolbook multiplication of the digits by unit, from the
 * last digit up (every partial product stays below 10 * unit).
 */
static int64_t
fraction_ns(const char *digits, size_t n, int64_t unit)
{
	int64_t carry = 0;

	while (n > 0)
		carry = ((digits[--n] - '0') * unit + carry) / 10;
	return carry;
}

/* One number and its unit at *pp, in ns; -1 if malformed or too large. */
static int
part_ns(const char **pp, int64_t *ns)
{
	const char *p = *pp, *frac;
	int64_t whole = 0, unit;
	size_t i, len, nint = 0, nfrac = 0;

	for (; isdigit((unsigned char)*p); p++, nint++) {
		if (whole > (INT64_MAX - (*p - '0')) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	frac = p;
	if (*p == '.')
		for (frac = ++p; isdigit((unsigned char)*p); p++)
			nfrac++;
	if (nint + nfrac == 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		len = strlen(units[i].name);
		if (strncmp(p, units[i].name, len) == 0 &&
		    !isalpha((unsigned char)p[len]))
			break;
	}
	if (i == sizeof(units) / sizeof(units[0]))
		return -1;
	unit = units[i].ns;
	if (whole > INT64_MAX / unit)
		return -1;
	whole *= unit;
	*ns = fraction_ns(frac, nfrac, unit);
	if (*ns > INT64_MAX - whole)
		return -1;
	*ns += whole;
	*pp = p + len;
	return 0;
}

int
duration_parse(const char *text, int64_t *ns)
{
	const char *p = text;
	int64_t total = 0, part;

	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		if (part_ns(&p, &part) < 0 || part > INT64_MAX - total)
			return -1;
		total += part;
	}
	*ns = total;
	return 0;
}
