/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdint.h>
#include <string.h>

#include "jtext.h"
#include "jq/lazy.h"
#include "splice.h"
#include "key.h"
#include "utf8.h"
#include "jq/value.h"

/*
 * Returns 1 when the record's bytes already are the compact JSON of a
 * string with no escapes, so they can serve as the key text unparsed:
 * the common case of a token stream (stokenize | scount).
 */
static int
plain_string_record(const struct record *rec)
{
	size_t i;

	if (rec->raw || rec->len < 2 || rec->text[0] != '"' ||
	    rec->text[rec->len - 1] != '"')
		return 0;
	for (i = 1; i < rec->len - 1; i++) {
		unsigned char c = (unsigned char)rec->text[i];

		if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f)
			return 0;
	}
	return utf8_valid(rec->text + 1, rec->len - 2);
}

struct first {
	json_t *value;
};

static int
keep_first(void *ctx, json_t *v)
{
	struct first *f = ctx;

	f->value = json_incref(v);
	return EXPR_STOP;
}

/* key_of on the record's text (lazy.h); -2 when that does not settle it. */
static int
key_lazily(const struct keyspec *k, struct record *rec, struct buf *out)
{
	const struct jscan_record *scan;
	const struct lazy *path = NULL;
	struct jspan v;
	int found;

	if ((k->expr != NULL && (path = expr_path(k->expr)) == NULL) ||
	    (scan = record_scan(rec)) == NULL)
		return -2;
	if (path != NULL) {
		if ((found = lazy_path(path, scan, &v)) < 0)
			return -2;
		if (found)
			splice_value(v, out);
		else
			buf_adds(out, "null");
		return KEY_OK;
	}
	if (scan->value.p[0] == '{') {
		switch (jscan_field(scan, "_key", 4, &v)) {
		case JSCAN_FOUND: splice_value(v, out); return KEY_OK;
		case JSCAN_ABSENT: break;
		default: return -2;
		}
	}
	if (k->whole_record) {
		splice_value(scan->value, out);
		return KEY_OK;
	}
	buf_adds(out, "null");
	return KEY_GLOBAL;
}

int
key_of(const struct keyspec *k, struct record *rec, struct buf *out,
    struct buf *why)
{
	struct first f = { NULL };
	json_t *v, *field;
	int r;

	if (k->expr == NULL && k->whole_record && plain_string_record(rec)) {
		buf_add(out, rec->text, rec->len);
		return KEY_OK;
	}
	if ((r = key_lazily(k, rec, out)) != -2)
		return r;
	if ((v = record_value(rec, why)) == NULL)
		return KEY_ERROR;
	if (k->expr != NULL) {
		if (expr_eval(k->expr, v, keep_first, &f, why) == EXPR_ERROR) {
			json_decref(f.value);
			return KEY_ERROR;
		}
		if (f.value == NULL) {
			buf_adds(why, "-k expression produced no key");
			return KEY_ERROR;
		}
		jtext_dump(out, f.value);
		json_decref(f.value);
		return KEY_OK;
	}
	if (json_is_object(v) && (field = json_object_get(v, "_key")) != NULL) {
		jtext_dump(out, field);
		return KEY_OK;
	}
	if (k->whole_record) {
		jtext_dump(out, v);
		return KEY_OK;
	}
	buf_adds(out, "null");
	return KEY_GLOBAL;
}

/* A key text that is a string with no escapes: its bytes sort as its value. */
static int
plain_string(const char *text, size_t len)
{
	return len >= 2 && text[0] == '"' && memchr(text, '\\', len) == NULL;
}

int
key_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	json_t *x, *y;
	size_t n;
	int c;

	if (plain_string(a, alen) && plain_string(b, blen)) {
		/* compare what is between the quotes */
		n = alen < blen ? alen - 2 : blen - 2;
		c = memcmp(a + 1, b + 1, n);
		if (c != 0)
			return c < 0 ? -1 : 1;
		return alen < blen ? -1 : alen > blen;
	}
	x = jtext_parse(a, alen, NULL);
	y = jtext_parse(b, blen, NULL);
	c = value_compare(x, y);
	json_decref(x);
	json_decref(y);
	return c;
}

int32_t
key_murmur2(const char *data, size_t len)
{
	const uint32_t m = 0x5bd1e995;
	const int r = 24;
	const unsigned char *p = (const unsigned char *)data;
	uint32_t h = 0x9747b28cU ^ (uint32_t)len, k;
	size_t i, n4 = len / 4;

	for (i = 0; i < n4; i++, p += 4) {
		k = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		k *= m;
		k ^= k >> r;
		k *= m;
		h *= m;
		h ^= k;
	}
	switch (len % 4) {
	case 3:
		h ^= (uint32_t)p[2] << 16;
		/* FALLTHROUGH */
	case 2:
		h ^= (uint32_t)p[1] << 8;
		/* FALLTHROUGH */
	case 1: h ^= p[0]; h *= m;
	}
	h ^= h >> 13;
	h *= m;
	h ^= h >> 15;
	return (int32_t)h;
}

unsigned
key_partition(const char *data, size_t len, unsigned n)
{
	return ((uint32_t)key_murmur2(data, len) & 0x7fffffffU) % n;
}
