/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "jtext.h"

/* ---- validation ---- */

struct scan {
	const unsigned char *p, *end;
	int depth;
	int escaped;		  /* an escape was seen */
	struct jscan_record *rec; /* the top-level members go here */
};

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end &&
	    (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
	unsigned v = 0;
	int i, c;

	if (end - p < 4)
		return 0;
	for (i = 0; i < 4; i++) {
		c = p[i];
		if (isdig(c))
			v = v * 16 + (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (unsigned)((c | 0x20) - 'a' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* One escape after the backslash at s->p; lone surrogates fail. */
static int
escape(struct scan *s)
{
	unsigned u, lo;

	s->p++;
	s->escaped = 1;
	if (s->p == s->end)
		return 0;
	if (strchr("\"\\/bfnrt", *s->p) != NULL && *s->p != '\0') {
		s->p++;
		return 1;
	}
	if (*s->p != 'u' || !hex4(s->p + 1, s->end, &u))
		return 0;
	s->p += 5;
	if (u >= 0xDC00 && u <= 0xDFFF)
		return 0;
	if (u < 0xD800 || u > 0xDBFF)
		return 1;
	if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
	    !hex4(s->p + 2, s->end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
		return 0;
	s->p += 6;
	return 1;
}

/* One UTF-8 sequence of two bytes or more, as utf8_valid takes it. */
static int
utf8_sequence(struct scan *s)
{
	const unsigned char *p = s->p;
	unsigned c = *p, cp;
	int n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 1, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 2, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 3, cp = c & 0x07;
	else
		return 0;
	if (s->end - p <= n)
		return 0;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	s->p += n + 1;
	return 1;
}

/* Bytes a string takes as they are: printable ASCII but " and \. */
static const unsigned char plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int
plain(unsigned char c)
{
	return plain_byte[c];
}

/*
 * How many of the 8 bytes at p are plain, from the first.  A byte of
 * v - 0x01..01 & ~v & 0x80..80 has its top bit set where v has a zero
 * byte, and falsely only above a real one: the lowest set bit is the
 * first byte that ends the run (quote, backslash, control, or 0x80 and
 * above).
 */
static size_t
plain_run8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	uint64_t x, quote, backslash, stop;

	memcpy(&x, p, sizeof x);
	quote = x ^ (ones * '"');
	backslash = x ^ (ones * '\\');
	stop = (((quote - ones) & ~quote) |
		   ((backslash - ones) & ~backslash) |
		   ((x - ones * 0x20) & ~x) | x) &
	    high;
	if (stop == 0)
		return 8;
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(stop) / 8;
#else
	{
		size_t i = 0;

		while (plain(p[i]))
			i++;
		return i;
	}
#endif
}

static int
string(struct scan *s)
{
	size_t run;

	s->p++;
	while (s->p < s->end) {
		while (s->end - s->p >= 8) {
			s->p += run = plain_run8(s->p);
			if (run < 8)
				break;
		}
		while (s->p < s->end && plain(*s->p))
			s->p++;
		if (s->p == s->end)
			return 0;
		if (*s->p == '"') {
			s->p++;
			return 1;
		}
		if (*s->p < 0x20)
			return 0;
		if (*s->p == '\\') {
			if (!escape(s))
				return 0;
		} else if (*s->p >= 0x80) {
			if (!utf8_sequence(s))
				return 0;
		} else
			s->p++;
	}
	return 0;
}

static int
digits(struct scan *s)
{
	const unsigned char *start = s->p;

	while (s->p < s->end && isdig(*s->p))
		s->p++;
	return s->p > start;
}

static int
number(struct scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p == s->end || !isdig(*s->p))
		return 0;
	if (*s->p == '0')
		s->p++;
	else
		digits(s);
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!digits(s))
			return 0;
	}
	if (s->p < s->end && (*s->p | 0x20) == 'e') {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return 0;
	}
	return 1;
}

static int
word(struct scan *s, const char *w, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return 0;
	s->p += n;
	return 1;
}

static int value(struct scan *s);

/* The member of the top-level object whose value ends at s->p. */
static void
add_field(struct scan *s, const unsigned char *key,
    const unsigned char *keyend, int keyesc, const unsigned char *value)
{
	struct jscan_record *r = s->rec;
	struct jscan_field *f;

	if (keyesc || r->n == JSCAN_FIELDS) {
		r->partial = 1;
		return;
	}
	f = &r->f[r->n++];
	f->key = (const char *)key + 1;
	f->keylen = (size_t)(keyend - key - 2);
	f->value.p = (const char *)value;
	f->value.n = (size_t)(s->p - value);
}

/* The members of an object or the elements of an array, up to close. */
static int
container(struct scan *s, int close)
{
	/* the full parser's limit, with room: nearer it, it decides */
	if (++s->depth >= JTEXT_MAX_DEPTH - 1)
		return 0;
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return 1;
	}
	for (;;) {
		const unsigned char *key = s->p, *keyend = s->p, *start;
		int keyesc = 0;

		if (close == '}') {
			s->escaped = 0;
			if (s->p == s->end || *s->p != '"' || !string(s))
				return 0;
			keyend = s->p;
			keyesc = s->escaped;
			skip_ws(s);
			if (s->p == s->end || *s->p++ != ':')
				return 0;
			skip_ws(s);
		}
		start = s->p;
		if (!value(s))
			return 0;
		if (close == '}' && s->depth == 1 && s->rec != NULL)
			add_field(s, key, keyend, keyesc, start);
		skip_ws(s);
		if (s->p == s->end)
			return 0;
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return 1;
		}
		if (*s->p++ != ',')
			return 0;
		skip_ws(s);
	}
}

static int
value(struct scan *s)
{
	if (s->p == s->end)
		return 0;
	switch (*s->p) {
	case '{': return container(s, '}');
	case '[': return container(s, ']');
	case '"': return string(s);
	case 't': return word(s, "true", 4);
	case 'f': return word(s, "false", 5);
	case 'n': return word(s, "null", 4);
	default: return number(s);
	}
}

static int
scan_valid(struct scan s, struct jspan *v)
{
	const unsigned char *start;

	skip_ws(&s);
	start = s.p;
	if (!value(&s))
		return 0;
	v->p = (const char *)start;
	v->n = (size_t)(s.p - start);
	skip_ws(&s);
	return s.p == s.end;
}

int
jscan_first(const char *text, size_t len, struct jspan *v)
{
	struct scan s = { (const unsigned char *)text,
		(const unsigned char *)text + len, 0, 0, NULL };
	const unsigned char *start;

	skip_ws(&s);
	start = s.p;
	if (!value(&s))
		return 0;
	v->p = (const char *)start;
	v->n = (size_t)(s.p - start);
	return 1;
}

int
jscan_valid(const char *text, size_t len, struct jspan *v)
{
	struct scan s = { (const unsigned char *)text,
		(const unsigned char *)text + len, 0, 0, NULL };

	return scan_valid(s, v);
}

int
jscan_record(const char *text, size_t len, struct jscan_record *r)
{
	struct scan s = { (const unsigned char *)text,
		(const unsigned char *)text + len, 0, 0, r };

	r->n = 0;
	r->partial = 0;
	return scan_valid(s, &r->value);
}

enum jscan_found
jscan_field(const struct jscan_record *r, const char *key, size_t keylen,
    struct jspan *out)
{
	size_t i;

	if (r->value.p[0] != '{' || r->partial)
		return jscan_member(r->value, key, keylen, out);
	for (i = r->n; i-- > 0;)
		if (r->f[i].keylen == keylen &&
		    memcmp(r->f[i].key, key, keylen) == 0) {
			*out = r->f[i].value;
			return JSCAN_FOUND;
		}
	return JSCAN_ABSENT;
}

/* ---- walking valid text ---- */

/* The end of the string that starts at p; *escaped when it has escapes. */
static const char *
string_end(const char *p, int *escaped)
{
	p++;
	for (;;) {
		while (*p != '"' && *p != '\\')
			p++;
		if (*p == '"')
			return p + 1;
		*escaped = 1;
		p += 2; /* the backslash and the byte it escapes */
	}
}

/* The end of the value that starts at p (valid JSON). */
static const char *
value_end(const char *p)
{
	int depth = 0, escaped;

	if (*p == '"')
		return string_end(p, &escaped);
	if (*p != '{' && *p != '[') {
		/* a number or a word ends where the container goes on */
		while (*p != ',' && *p != ']' && *p != '}' && *p != ' ' &&
		    *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		return p;
	}
	for (;;) {
		if (*p == '"') {
			p = string_end(p, &escaped);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
}

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

enum jscan_found
jscan_member(struct jspan v, const char *key, size_t keylen, struct jspan *out)
{
	enum jscan_found found = JSCAN_ABSENT;
	const char *p, *kend, *vend;
	int escaped = 0, esc, match;

	if (v.p[0] == 'n')
		return JSCAN_ABSENT; /* null | .k is null */
	if (v.p[0] != '{')
		return JSCAN_MISMATCH;
	for (p = ws(v.p + 1); *p == '"';) {
		esc = 0;
		kend = string_end(p, &esc);
		escaped |= esc;
		match = !esc && (size_t)(kend - p - 2) == keylen &&
		    memcmp(p + 1, key, keylen) == 0;
		p = ws(ws(kend) + 1);
		vend = value_end(p);
		if (match) {
			out->p = p;
			out->n = (size_t)(vend - p);
			found = JSCAN_FOUND;
		}
		p = ws(vend);
		if (*p != ',')
			break;
		p = ws(p + 1);
	}
	/* an escaped key may be this one under another spelling */
	return escaped ? JSCAN_UNSURE : found;
}

enum jscan_found
jscan_element(struct jspan v, int64_t i, struct jspan *out)
{
	const char *p, *end;
	int64_t n = 0, want = i;

	if (v.p[0] == 'n')
		return JSCAN_ABSENT;
	if (v.p[0] != '[')
		return JSCAN_MISMATCH;
	if (i < 0) {
		for (p = ws(v.p + 1); *p != ']'; n++) {
			p = ws(value_end(p));
			p = *p == ',' ? ws(p + 1) : p;
		}
		if ((want = n + i) < 0)
			return JSCAN_ABSENT;
	}
	for (n = 0, p = ws(v.p + 1); *p != ']'; n++) {
		end = value_end(p);
		if (n == want) {
			out->p = p;
			out->n = (size_t)(end - p);
			return JSCAN_FOUND;
		}
		p = ws(end);
		p = *p == ',' ? ws(p + 1) : p;
	}
	return JSCAN_ABSENT;
}

enum jscan_type
jscan_type(struct jspan v)
{
	switch (v.p[0]) {
	case 'n': return JSCAN_NULL;
	case 'f': return JSCAN_FALSE;
	case 't': return JSCAN_TRUE;
	case '"': return JSCAN_STRING;
	case '[': return JSCAN_ARRAY;
	case '{': return JSCAN_OBJECT;
	default: return JSCAN_NUMBER;
	}
}

/*
 * The common numbers without strtoll or strtod: integers of 18 digits
 * or fewer, and decimals of 15 digits or fewer with an exponent within
 * 22 (a mantissa below 2^53 times or over an exact power of ten is one
 * correctly rounded operation: Clinger's fast path).  0: the slow way.
 */
static int
number_fast(struct jspan v, int64_t *i, double *d)
{
	const char *p = v.p, *end = v.p + v.n;
	int neg = 0, nd = 0, frac = 0, e = 0, eneg = 0;
	uint64_t m = 0;

	if (*p == '-')
		neg = 1, p++;
	for (; p < end && isdig(*p); p++, nd++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (p == end) {
		if (nd > 18 || (neg && m == 0))
			return 0;
		*i = neg ? -(int64_t)m : (int64_t)m;
		return 1;
	}
	if (*p == '.')
		for (p++; p < end && isdig(*p); p++, nd++, frac++)
			m = m * 10 + (uint64_t)(*p - '0');
	if (nd > 15)
		return 0;
	if (p < end) {
		p++; /* the e */
		if (*p == '+' || *p == '-')
			eneg = *p++ == '-';
		for (; p < end && e < 100; p++)
			e = e * 10 + (*p - '0');
		if (p < end)
			return 0;
	}
	e = (eneg ? -e : e) - frac;
	if (e < -22 || e > 22)
		return 0;
	*d = e < 0 ? (double)m / jtext_ten_to[-e] : (double)m * jtext_ten_to[e];
	if (neg)
		*d = -*d;
	return 2;
}

int
jscan_number(struct jspan v, int64_t *i, double *d)
{
	char tmp[64];
	size_t k;
	int isint = 1;

	if ((k = (size_t)number_fast(v, i, d)) != 0)
		return (int)k;
	if (v.n >= sizeof(tmp))
		return 0;
	for (k = 0; k < v.n; k++)
		if (v.p[k] == '.' || v.p[k] == 'e' || v.p[k] == 'E')
			isint = 0;
	memcpy(tmp, v.p, v.n);
	tmp[v.n] = '\0';
	if (isint) {
		errno = 0;
		*i = strtoll(tmp, NULL, 10);
		/* -0 decodes as the real -0 */
		if (errno != ERANGE && !(*i == 0 && tmp[0] == '-'))
			return 1;
	}
	*d = strtod(tmp, NULL);
	if (*d > DBL_MAX)
		*d = DBL_MAX;
	else if (*d < -DBL_MAX)
		*d = -DBL_MAX;
	return 2;
}

int
jscan_plain_string(struct jspan v, const char **p, size_t *n)
{
	if (memchr(v.p + 1, '\\', v.n - 2) != NULL)
		return 0;
	*p = v.p + 1;
	*n = v.n - 2;
	return 1;
}
