/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "jtext.h"
#include "status.h"
#include "xalloc.h"

/*
 * Parser.  Strings are decoded into one scratch buffer used as a stack:
 * an object key stays at its offset while the member's value is parsed
 * after it, and everything is popped once the member is stored.
 */

struct parser {
	const unsigned char *start;
	const unsigned char *p;
	const unsigned char *end;
	struct buf sb;
	struct jtext_error *err;
	int replaced; /* invalid UTF-8 or lone surrogates became U+FFFD */
};

/* A decoded string: either a slice of the input or of the scratch buffer. */
struct span {
	const unsigned char *p;
	size_t off;
	size_t len;
	int inbuf;
};

enum { S_PLAIN, S_CTRL, S_QUOTE, S_BSLASH, S_HIGH };

/* The S_* class of each byte inside a string. */
static const unsigned char strclass[256] = {
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	1,
	0,
	0,
	2,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	3,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
	4,
};

static const char replacement[] = "\xef\xbf\xbd";

static json_t *parse_value(struct parser *, int);

static _Noreturn void
nomem(void)
{
	fprintf(stderr, "%s: out of memory\n", diag_progname());
	exit(EXIT_FATAL);
}

static json_t *
checked(json_t *v)
{
	if (v == NULL)
		nomem();
	return v;
}

static void fail(struct parser *ps, const unsigned char *at, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *ps, const unsigned char *at, const char *fmt, ...)
{
	va_list ap;

	ps->err->offset = (size_t)(at - ps->start);
	va_start(ap, fmt);
	vsnprintf(ps->err->text, sizeof ps->err->text, fmt, ap);
	va_end(ap);
}

static void
unexpected(struct parser *ps, const unsigned char *at)
{
	if (at == ps->end)
		fail(ps, at, "unexpected end of input");
	else if (*at >= 0x20 && *at < 0x7f)
		fail(ps, at, "unexpected character '%c'", *at);
	else
		fail(ps, at, "unexpected byte 0x%02x", *at);
}

static void
skip_ws(struct parser *ps)
{
	const unsigned char *p = ps->p;

	while (p < ps->end &&
	    (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	ps->p = p;
}

/* Drop the scratch buffer back to len bytes. */
static void
sb_pop(struct parser *ps, size_t len)
{
	ps->sb.len = len;
	if (ps->sb.data != NULL)
		ps->sb.data[len] = '\0';
}

static const char *
span_ptr(const struct parser *ps, const struct span *s)
{
	if (s->inbuf)
		return ps->sb.data + s->off;
	return (const char *)s->p;
}

/*
 * Length of the valid UTF-8 sequence at p (*p >= 0x80), or minus the
 * number of bytes to replace by one U+FFFD.  Like jq: a bad lead byte
 * alone, else the lead with its continuation bytes, whole even when
 * overlong, a surrogate or past U+10FFFF.  Unlike jq a truncated
 * sequence never swallows the byte that cut it short.
 */
static int
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	static const unsigned long least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned long cp;
	int i, n;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return -1;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if (p + i == end || (p[i] & 0xc0) != 0x80)
			return -i;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < least[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return -n;
	return n;
}

static void
add_utf8(struct buf *b, unsigned long cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

static long
hex4(const unsigned char *p, const unsigned char *end)
{
	long v = 0;
	int i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			d = (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Decode the escape at *pp (a backslash) into the scratch buffer. */
static int
unescape(struct parser *ps, const unsigned char **pp)
{
	const unsigned char *p = *pp, *end = ps->end;
	long cp, lo;
	char c;

	switch (p[1]) {
	case '"':
	case '\\':
	case '/': c = (char)p[1]; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		if ((cp = hex4(p + 2, end)) < 0) {
			fail(ps, p, "invalid \\u escape");
			return -1;
		}
		p += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
			    (lo = hex4(p + 2, end)) >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 +
				    ((cp - 0xd800) << 10 | (lo - 0xdc00));
				p += 6;
			} else {
				cp = 0xfffd;
				ps->replaced = 1;
			}
		} else if (cp >= 0xdc00 && cp <= 0xdfff) {
			cp = 0xfffd;
			ps->replaced = 1;
		}
		add_utf8(&ps->sb, (unsigned long)cp);
		*pp = p;
		return 0;
	default:
		if (p[1] > 0x20 && p[1] < 0x7f)
			fail(ps, p, "invalid escape '\\%c'", p[1]);
		else
			fail(ps, p, "invalid escape");
		return -1;
	}
	buf_addc(&ps->sb, c);
	*pp = p + 2;
	return 0;
}

/*
 * Scan the string at ps->p (the opening quote).  Plain ASCII and valid
 * UTF-8 are left in place; the first escape or bad byte switches to
 * copying into the scratch buffer.
 */
static int
scan_string(struct parser *ps, struct span *s)
{
	const unsigned char *quote = ps->p, *p = quote + 1, *run = p;
	const unsigned char *end = ps->end;
	int n;

	s->inbuf = 0;
	s->off = ps->sb.len;
	for (;;) {
		while (p < end && strclass[*p] == S_PLAIN)
			p++;
		if (p == end) {
			fail(ps, quote, "unterminated string");
			return -1;
		}
		switch (strclass[*p]) {
		case S_QUOTE:
			if (s->inbuf) {
				buf_add(&ps->sb, run, (size_t)(p - run));
				s->len = ps->sb.len - s->off;
			} else {
				s->p = run;
				s->len = (size_t)(p - run);
			}
			ps->p = p + 1;
			return 0;
		case S_HIGH:
			if ((n = utf8_seq(p, end)) > 0) {
				p += n;
				break;
			}
			buf_add(&ps->sb, run, (size_t)(p - run));
			buf_add(&ps->sb, replacement, 3);
			ps->replaced = 1;
			s->inbuf = 1;
			p += -n;
			run = p;
			break;
		case S_BSLASH:
			if (end - p < 2) {
				fail(ps, quote, "unterminated string");
				return -1;
			}
			buf_add(&ps->sb, run, (size_t)(p - run));
			s->inbuf = 1;
			if (unescape(ps, &p) < 0)
				return -1;
			run = p;
			break;
		default: fail(ps, p, "control character in string"); return -1;
		}
	}
}

static json_t *
parse_string(struct parser *ps)
{
	struct span s;
	json_t *v;

	if (scan_string(ps, &s) < 0)
		return NULL;
	v = checked(json_stringn_nocheck(span_ptr(ps, &s), s.len));
	sb_pop(ps, s.off);
	return v;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static json_t *
real(double d)
{
	/* jansson has no infinities; jq prints them as +-DBL_MAX anyway. */
	if (d > DBL_MAX)
		d = DBL_MAX;
	else if (d < -DBL_MAX)
		d = -DBL_MAX;
	return checked(json_real(d));
}

/* Convert an already validated number of n bytes at s. */
static json_t *
convert_number(const unsigned char *s, size_t n, int isint)
{
	char small[128], *tmp = small;
	json_int_t i;
	json_t *v;
	double d;

	if (n >= sizeof small)
		tmp = xmalloc(n + 1);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (isint) {
		errno = 0;
		i = strtoll(tmp, NULL, 10);
		if (errno != ERANGE) {
			v = checked(json_integer(i));
			goto done;
		}
	}
	d = strtod(tmp, NULL);
	v = real(d);
done:
	if (tmp != small)
		free(tmp);
	return v;
}

static json_t *
parse_number(struct parser *ps)
{
	const unsigned char *s = ps->p, *p = s, *end = ps->end, *digits;
	json_int_t i;
	int isint = 1;

	if (*p == '-')
		p++;
	digits = p;
	if (p == end || !isdig(*p))
		goto bad;
	if (*p == '0')
		p++;
	else
		while (p < end && isdig(*p))
			p++;
	if (p < end && *p == '.') {
		isint = 0;
		if (++p == end || !isdig(*p))
			goto bad;
		while (p < end && isdig(*p))
			p++;
	}
	if (p < end && (*p | 0x20) == 'e') {
		isint = 0;
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !isdig(*p))
			goto bad;
		while (p < end && isdig(*p))
			p++;
	}
	/* "01", "1.2.3", "1e5e5", "1-2": one bad number, not two tokens */
	if (p < end &&
	    (isdig(*p) || *p == '.' || *p == '+' || *p == '-' ||
		(*p | 0x20) == 'e'))
		goto bad;
	ps->p = p;
	if (isint && p - digits <= 18) {
		for (i = 0; digits < p; digits++)
			i = i * 10 + (*digits - '0');
		if (*s != '-')
			return checked(json_integer(i));
		/* jq prints the literal -0 as -0 */
		if (i == 0)
			return real(-0.0);
		return checked(json_integer(-i));
	}
	return convert_number(s, (size_t)(p - s), isint);
bad:
	fail(ps, s, "invalid number");
	return NULL;
}

static json_t *
parse_literal(struct parser *ps, const char *lit, size_t n, json_t *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ps->p + i == ps->end || ps->p[i] != (unsigned char)lit[i]) {
			unexpected(ps, ps->p + i);
			return NULL;
		}
	}
	ps->p += n;
	return v;
}

static int
too_deep(struct parser *ps, int depth)
{
	if (depth <= JTEXT_MAX_DEPTH)
		return 0;
	fail(ps, ps->p, "nesting too deep (limit %d)", JTEXT_MAX_DEPTH);
	return 1;
}

static json_t *
parse_array(struct parser *ps, int depth)
{
	json_t *a, *v;

	if (too_deep(ps, depth))
		return NULL;
	a = checked(json_array());
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return a;
	}
	for (;;) {
		if ((v = parse_value(ps, depth)) == NULL)
			goto bad;
		if (json_array_append_new(a, v) < 0)
			nomem();
		skip_ws(ps);
		if (ps->p == ps->end) {
			unexpected(ps, ps->p);
			goto bad;
		}
		if (*ps->p == ']') {
			ps->p++;
			return a;
		}
		if (*ps->p != ',') {
			fail(ps, ps->p, "expected ',' or ']'");
			goto bad;
		}
		ps->p++;
	}
bad:
	json_decref(a);
	return NULL;
}

static json_t *
parse_object(struct parser *ps, int depth)
{
	struct span key;
	json_t *o, *v;

	if (too_deep(ps, depth))
		return NULL;
	o = checked(json_object());
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return o;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p == ps->end || *ps->p != '"') {
			if (ps->p == ps->end)
				unexpected(ps, ps->p);
			else
				fail(ps, ps->p, "expected string key");
			goto bad;
		}
		if (scan_string(ps, &key) < 0)
			goto bad;
		skip_ws(ps);
		if (ps->p == ps->end || *ps->p != ':') {
			if (ps->p == ps->end)
				unexpected(ps, ps->p);
			else
				fail(ps, ps->p, "expected ':'");
			goto bad;
		}
		ps->p++;
		if ((v = parse_value(ps, depth)) == NULL)
			goto bad;
		if (json_object_setn_new_nocheck(o, span_ptr(ps, &key), key.len,
			v) < 0)
			nomem();
		sb_pop(ps, key.off);
		skip_ws(ps);
		if (ps->p == ps->end) {
			unexpected(ps, ps->p);
			goto bad;
		}
		if (*ps->p == '}') {
			ps->p++;
			return o;
		}
		if (*ps->p != ',') {
			fail(ps, ps->p, "expected ',' or '}'");
			goto bad;
		}
		ps->p++;
	}
bad:
	json_decref(o);
	return NULL;
}

static json_t *
parse_value(struct parser *ps, int depth)
{
	skip_ws(ps);
	if (ps->p == ps->end) {
		unexpected(ps, ps->p);
		return NULL;
	}
	switch (*ps->p) {
	case '{': return parse_object(ps, depth + 1);
	case '[': return parse_array(ps, depth + 1);
	case '"': return parse_string(ps);
	case 't': return parse_literal(ps, "true", 4, json_true());
	case 'f': return parse_literal(ps, "false", 5, json_false());
	case 'n': return parse_literal(ps, "null", 4, json_null());
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9': return parse_number(ps);
	default: unexpected(ps, ps->p); return NULL;
	}
}

json_t *
jtext_parse(const char *text, size_t len, struct jtext_error *err)
{
	return jtext_parse_lossy(text, len, err, NULL);
}

json_t *
jtext_parse_lossy(const char *text, size_t len, struct jtext_error *err,
    int *replaced)
{
	struct jtext_error dummy = { 0, { 0 } };
	struct parser ps;
	json_t *v;

	if (text == NULL)
		text = "";
	memset(&ps, 0, sizeof ps);
	ps.start = ps.p = (const unsigned char *)text;
	ps.end = ps.start + len;
	ps.err = err != NULL ? err : &dummy;
	if ((v = parse_value(&ps, 0)) != NULL) {
		skip_ws(&ps);
		if (ps.p != ps.end) {
			fail(&ps, ps.p, "unexpected text after JSON value");
			json_decref(v);
			v = NULL;
		}
	}
	if (replaced != NULL)
		*replaced = ps.replaced;
	buf_free(&ps.sb);
	return v;
}

/*
 * Output.
 */

/* 0: copy; otherwise the letter after the backslash ('u': \u00XX). */
static const char escape[256] = {
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'b',
	't',
	'n',
	'u',
	'f',
	'r',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	'u',
	0,
	0,
	'"',
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	'\\',
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	0,
	'u',
};

static const char hexdig[] = "0123456789abcdef";

void
jtext_dump_string(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p, *end, *run;
	char e[6];

	if (s == NULL)
		s = "";
	p = (const unsigned char *)s;
	end = p + n;
	buf_reserve(out, n + 2);
	buf_addc(out, '"');
	for (;;) {
		run = p;
		while (p < end && escape[*p] == 0)
			p++;
		if (p > run)
			buf_add(out, run, (size_t)(p - run));
		if (p == end)
			break;
		e[0] = '\\';
		e[1] = escape[*p];
		if (e[1] == 'u') {
			e[2] = e[3] = '0';
			e[4] = hexdig[*p >> 4];
			e[5] = hexdig[*p & 0xf];
			buf_add(out, e, 6);
		} else
			buf_add(out, e, 2);
		p++;
	}
	buf_addc(out, '"');
}

static void
dump_int(struct buf *out, json_int_t i)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u;

	u = i < 0 ? -(unsigned long long)i : (unsigned long long)i;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (i < 0)
		*--p = '-';
	buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

/* Significant digits of a positive double, as printf rounds them. */
struct digits {
	char d[24];
	int nd;	 /* number of digits, no trailing zeros */
	int exp; /* decimal exponent of the first digit */
};

static void
strip_zeros(struct digits *g)
{
	while (g->nd > 1 && g->d[g->nd - 1] == '0')
		g->nd--;
}

static double
digits_value(const struct digits *g)
{
	char tmp[48];

	snprintf(tmp, sizeof tmp, "0.%.*se%d", g->nd, g->d, g->exp + 1);
	return strtod(tmp, NULL);
}

/* Add one unit in the last of prec digits. */
static void
digits_up(struct digits *g, int prec)
{
	int i;

	while (g->nd < prec)
		g->d[g->nd++] = '0';
	for (i = prec - 1; i >= 0 && g->d[i] == '9'; i--)
		g->d[i] = '0';
	if (i >= 0)
		g->d[i]++;
	else {
		g->d[0] = '1';
		g->exp++;
	}
	strip_zeros(g);
}

/*
 * Does some prec-digit decimal read back as d?  The nearest one is the
 * best bet, but just above a power of two the gap below d is half the
 * gap above, so the next decimal up may read back when the nearest,
 * below d, does not.
 */
static int
try_digits(double d, int prec, struct digits *g)
{
	char tmp[48], *p;
	int e;

	snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
	g->nd = 0;
	for (p = tmp; *p != 'e'; p++)
		if (*p != '.')
			g->d[g->nd++] = *p;
	g->exp = (int)strtol(p + 1, NULL, 10);
	strip_zeros(g);
	if (prec >= 17 || strtod(tmp, NULL) == d)
		return 1;
	if (frexp(d, &e) != 0.5)
		return 0;
	digits_up(g, prec);
	return digits_value(g) == d;
}

const double jtext_ten_to[23] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
	1e20, 1e21, 1e22 };

/*
 * The fast way to shortest's answer, for most reals of records
 * (364.99, 0.25): the first k for which d * 10^k rounds to an integer
 * m below 10^15 that reads back as d (m / 10^k, both exact, is
 * correctly rounded, as strtod is).  Such an m has at most 15 digits,
 * and at most one decimal of 15 digits reads back as a normal double
 * (see shortest), so m is the answer.  0 when there is none: shortest
 * then searches with printf.
 */
static int
shortest_fast(double d, struct digits *g)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u;
	double s, m;
	int k;

	if (d < 1e-5 || d >= 1e15)
		return 0;
	for (k = 1; k <= 22; k++) {
		s = d * jtext_ten_to[k];
		if (s >= 1e15)
			return 0;
		m = nearbyint(s);
		if (m / jtext_ten_to[k] == d)
			break;
	}
	if (k > 22)
		return 0;
	for (u = (unsigned long long)m; u != 0; u /= 10)
		*--p = (char)('0' + u % 10);
	g->nd = (int)(tmp + sizeof tmp - p);
	memcpy(g->d, p, (size_t)g->nd);
	g->exp = g->nd - k - 1;
	strip_zeros(g);
	return 1;
}

/*
 * The shortest digits that read back as d, nearest d if several do:
 * what jq's dtoa gives.  A normal double's rounding interval is
 * narrower than the gap between 15-digit decimals, so if one of those
 * reads back it is the only candidate of 15 digits or fewer and its
 * trailing zeros aside it is the answer.  Subnormals have wider
 * intervals and need a real search.
 */
static void
shortest(double d, struct digits *g)
{
	struct digits t;
	int lo = 1, hi = 17, mid;

	if (shortest_fast(d, g))
		return;
	if (d >= DBL_MIN) {
		if (!try_digits(d, 15, g) && !try_digits(d, 16, g))
			try_digits(d, 17, g);
		return;
	}
	try_digits(d, 17, g);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (try_digits(d, mid, &t)) {
			*g = t;
			hi = mid;
		} else
			lo = mid + 1;
	}
}

static void
add_zeros(struct buf *out, int n)
{
	while (n-- > 0)
		buf_addc(out, '0');
}

void
jtext_dump_double(struct buf *out, double d)
{
	struct digits g;
	int decpt, e;

	if (isnan(d)) {
		buf_add(out, "null", 4);
		return;
	}
	if (d > DBL_MAX)
		d = DBL_MAX;
	else if (d < -DBL_MAX)
		d = -DBL_MAX;
	if (d == 0) {
		buf_adds(out, signbit(d) ? "-0" : "0");
		return;
	}
	/* Below 2^53 an integral double prints as its integer. */
	if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d) {
		dump_int(out, (long long)d);
		return;
	}
	if (d < 0) {
		buf_addc(out, '-');
		d = -d;
	}
	shortest(d, &g);
	decpt = g.exp + 1;
	if (decpt <= -4 || decpt > g.nd + 15) {
		buf_addc(out, g.d[0]);
		if (g.nd > 1) {
			buf_addc(out, '.');
			buf_add(out, g.d + 1, (size_t)g.nd - 1);
		}
		e = decpt - 1;
		buf_addc(out, 'e');
		buf_addc(out, e < 0 ? '-' : '+');
		if (e < 0)
			e = -e;
		if (e < 10)
			buf_addc(out, '0');
		dump_int(out, e);
	} else if (decpt <= 0) {
		buf_add(out, "0.", 2);
		add_zeros(out, -decpt);
		buf_add(out, g.d, (size_t)g.nd);
	} else if (decpt < g.nd) {
		buf_add(out, g.d, (size_t)decpt);
		buf_addc(out, '.');
		buf_add(out, g.d + decpt, (size_t)(g.nd - decpt));
	} else {
		buf_add(out, g.d, (size_t)g.nd);
		add_zeros(out, decpt - g.nd);
	}
}

static json_t *nan_value;

json_t *
jtext_nan(void)
{
	if (nan_value == NULL)
		nan_value = json_real(0);
	return json_incref(nan_value);
}

int
jtext_is_nan(const json_t *v)
{
	return v != NULL && v == nan_value;
}

void
jtext_dump_number(struct buf *out, const json_t *v)
{
	if (jtext_is_nan(v))
		buf_add(out, "null", 4);
	else if (json_is_integer(v))
		dump_int(out, json_integer_value(v));
	else if (json_is_real(v))
		jtext_dump_double(out, json_real_value(v));
	else
		jtext_dump(out, v);
}

static void
dump_object(struct buf *out, json_t *o)
{
	void *it;
	int first = 1;

	buf_addc(out, '{');
	for (it = json_object_iter(o); it != NULL;
	     it = json_object_iter_next(o, it)) {
		if (!first)
			buf_addc(out, ',');
		first = 0;
		jtext_dump_string(out, json_object_iter_key(it),
		    json_object_iter_key_len(it));
		buf_addc(out, ':');
		jtext_dump(out, json_object_iter_value(it));
	}
	buf_addc(out, '}');
}

static void
dump_array(struct buf *out, const json_t *a)
{
	size_t i, n = json_array_size(a);

	buf_addc(out, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ',');
		jtext_dump(out, json_array_get(a, i));
	}
	buf_addc(out, ']');
}

void
jtext_dump(struct buf *out, const json_t *v)
{
	if (v == NULL) {
		buf_add(out, "null", 4);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: dump_object(out, (json_t *)v); break;
	case JSON_ARRAY: dump_array(out, v); break;
	case JSON_STRING:
		jtext_dump_string(out, json_string_value(v),
		    json_string_length(v));
		break;
	case JSON_INTEGER: dump_int(out, json_integer_value(v)); break;
	case JSON_REAL: jtext_dump_number(out, v); break;
	case JSON_TRUE: buf_add(out, "true", 4); break;
	case JSON_FALSE: buf_add(out, "false", 5); break;
	case JSON_NULL: buf_add(out, "null", 4); break;
	}
}
