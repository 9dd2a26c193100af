/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <string.h>

#include <jansson.h>

#include "jtext.h"
#include "splice.h"

/* The most members of a nested object copied as they are. */
#define SPLICE_MAX_NESTED 16

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static const char *canonical_end(const char *p);

/* The end of the string at p when jtext_dump writes it so: no escape, no DEL. */
static const char *
string_end(const char *p)
{
	for (p++; *p != '"'; p++)
		if (*p == '\\' || *p == 0x7f)
			return NULL;
	return p + 1;
}

/* An integer of 18 digits or fewer (not -0): a real goes the long way. */
static const char *
number_end(const char *p)
{
	int neg = *p == '-';
	const char *start = p + neg;

	for (p = start; isdig(*p); p++)
		;
	if (*p == '.' || *p == 'e' || *p == 'E' || p - start > 18 ||
	    (neg && *start == '0'))
		return NULL;
	return p;
}

static int
repeated(const char **keys, const size_t *lens, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (lens[i] == lens[j] &&
			    memcmp(keys[i], keys[j], lens[i]) == 0)
				return 1;
	return 0;
}

/* The end of the container at p when it is in jtext_dump's form. */
static const char *
container_end(const char *p)
{
	const char *keys[SPLICE_MAX_NESTED];
	size_t lens[SPLICE_MAX_NESTED], n = 0;
	char close = *p == '{' ? '}' : ']';

	if (*++p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (*p != '"' || n == SPLICE_MAX_NESTED)
				return NULL;
			keys[n] = p;
			if ((p = string_end(p)) == NULL || *p != ':')
				return NULL;
			lens[n] = (size_t)(p - keys[n]);
			n++;
			p++;
		}
		if ((p = canonical_end(p)) == NULL)
			return NULL;
		if (*p == close)
			break;
		if (*p++ != ',')
			return NULL; /* white space */
	}
	return close == '}' && repeated(keys, lens, n) ? NULL : p + 1;
}

/* The end of the value at p (valid JSON) when it is in jtext_dump's form. */
static const char *
canonical_end(const char *p)
{
	switch (*p) {
	case '"': return string_end(p);
	case '{':
	case '[': return container_end(p);
	case 't':
	case 'n': return p + 4;
	case 'f': return p + 5;
	case '-': return number_end(p);
	default: return isdig(*p) ? number_end(p) : NULL;
	}
}

static void
decoded(struct jspan v, struct buf *out)
{
	json_t *x = jtext_parse(v.p, v.n, NULL);

	jtext_dump(out, x);
	json_decref(x);
}

void
splice_value(struct jspan v, struct buf *out)
{
	int64_t i;
	double d;

	switch (jscan_type(v)) {
	case JSCAN_NUMBER:
		switch (jscan_number(v, &i, &d)) {
		case 1: buf_add(out, v.p, v.n); return; /* as dump_int writes */
		case 2: jtext_dump_double(out, d); return;
		default: decoded(v, out); return;
		}
	case JSCAN_STRING:
		if (memchr(v.p + 1, '\\', v.n - 2) != NULL)
			decoded(v, out);
		else if (memchr(v.p + 1, 0x7f, v.n - 2) != NULL)
			jtext_dump_string(out, v.p + 1, v.n - 2);
		else
			buf_add(out, v.p, v.n);
		return;
	case JSCAN_ARRAY:
	case JSCAN_OBJECT:
		if (container_end(v.p) == v.p + v.n)
			buf_add(out, v.p, v.n);
		else
			decoded(v, out);
		return;
	default: buf_add(out, v.p, v.n); return;
	}
}

static int
field_is(const struct jscan_field *f, const char *key, size_t len)
{
	return key != NULL && f->keylen == len && memcmp(f->key, key, len) == 0;
}

static int
keys_repeat(const struct jscan_record *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		for (j = 0; j < i; j++)
			if (field_is(&r->f[j], r->f[i].key, r->f[i].keylen))
				return 1;
	return 0;
}

static void
add_key(struct buf *b, const char *key, size_t len, int *first)
{
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	jtext_dump_string(b, key, len);
	buf_addc(b, ':');
}

/* add_key for an indexed key: its text, quotes and all, unless a DEL. */
static void
add_field_key(struct buf *b, const struct jscan_field *f, int *first)
{
	if (memchr(f->key, 0x7f, f->keylen) != NULL) {
		add_key(b, f->key, f->keylen, first);
		return;
	}
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	buf_add(b, f->key - 1, f->keylen + 2);
	buf_addc(b, ':');
}

int
splice_object(const struct jscan_record *r, const char *del, size_t dellen,
    const char *set, size_t setlen, struct buf *head, struct buf *tail)
{
	struct buf *b = head;
	int first = 1;
	size_t i;

	if (r->value.p[0] != '{' || r->partial || keys_repeat(r))
		return -1;
	buf_addc(b, '{');
	for (i = 0; i < r->n; i++) {
		if (field_is(&r->f[i], del, dellen))
			continue;
		add_field_key(b, &r->f[i], &first);
		if (b == head && field_is(&r->f[i], set, setlen))
			b = tail;
		else
			splice_value(r->f[i].value, b);
	}
	if (set != NULL && b == head) {
		add_key(b, set, setlen, &first);
		b = tail;
	}
	buf_addc(b, '}');
	return 0;
}
