/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "jq/lazy.h"
#include "splice.h"
#include "key.h"
#include "keystep.h"
#include "jq/value.h"
#include "xalloc.h"

struct keystep {
	struct keystep_opts o;
	size_t aslen;
	struct buf key;	      /* the key of the current record */
	struct buf out, tail; /* the lazy path's record */
};

struct keystep *
keystep_new(const struct keystep_opts *o)
{
	struct keystep *k = xcalloc(1, sizeof(*k));

	k->o = *o;
	k->aslen = strlen(o->as);
	return k;
}

void
keystep_free(struct keystep *k)
{
	if (k == NULL)
		return;
	buf_free(&k->key);
	buf_free(&k->out);
	buf_free(&k->tail);
	free(k);
}

static int
keep_first(void *ctx, json_t *v)
{
	json_t **first = ctx;

	*first = json_incref(v);
	return EXPR_STOP;
}

/* The first output of expression i on v (a new reference), or NULL. */
static json_t *
first_output(struct keystep *k, size_t i, json_t *v, struct buf *why)
{
	struct buf msg = { 0 };
	json_t *first = NULL;

	if (expr_eval(k->o.exprs[i], v, keep_first, &first, &msg) ==
	    EXPR_ERROR) {
		json_decref(first);
		buf_printf(why, "%s: %s", k->o.srcs[i],
		    msg.data ? msg.data : "error");
		buf_free(&msg);
		return NULL;
	}
	buf_free(&msg);
	if (first == NULL)
		buf_printf(why, "%s: no output, so no key", k->o.srcs[i]);
	return first;
}

int
keystep_key(struct keystep *k, json_t *v, struct buf *out, struct buf *why)
{
	json_t *first;
	size_t i;

	if (k->o.nexprs == 1) {
		if ((first = first_output(k, 0, v, why)) == NULL)
			return -1;
		if (json_is_string(first))
			buf_add(out, json_string_value(first),
			    json_string_length(first));
		else
			jtext_dump(out, first);
		json_decref(first);
		return 0;
	}
	buf_addc(out, '[');
	for (i = 0; i < k->o.nexprs; i++) {
		if ((first = first_output(k, i, v, why)) == NULL)
			return -1;
		if (i > 0)
			buf_addc(out, ',');
		jtext_dump(out, first);
		json_decref(first);
	}
	buf_addc(out, ']');
	return 0;
}

/*
 * A copy of obj with the field name set to the string key: in place when
 * obj has it, else last.  The copy is shallow (the values are shared), so
 * the record's own value is never changed.
 */
static json_t *
with_key(struct keystep *k, json_t *obj, json_t *key)
{
	json_t *copy = json_object();
	int placed = 0;
	void *it;

	for (it = json_object_iter(obj); it != NULL;
	     it = json_object_iter_next(obj, it)) {
		const char *name = json_object_iter_key(it);
		size_t len = json_object_iter_key_len(it);

		if (len == k->aslen && memcmp(name, k->o.as, len) == 0) {
			json_object_setn_nocheck(copy, name, len, key);
			placed = 1;
		} else
			json_object_setn_nocheck(copy, name, len,
			    json_object_iter_value(it));
	}
	if (!placed)
		json_object_setn_nocheck(copy, k->o.as, k->aslen, key);
	return copy;
}

/* The key of the scanned record r into k->key; -1 when the text does not settle it. */
static int
key_lazily(struct keystep *k, const struct jscan_record *r)
{
	const struct lazy *path;
	struct jspan v;
	const char *p;
	size_t i, n;
	int found;

	buf_reset(&k->key);
	if (k->o.nexprs > 1)
		buf_addc(&k->key, '[');
	for (i = 0; i < k->o.nexprs; i++) {
		if ((path = expr_path(k->o.exprs[i])) == NULL ||
		    (found = lazy_path(path, r, &v)) < 0)
			return -1;
		if (i > 0)
			buf_addc(&k->key, ',');
		if (!found)
			buf_adds(&k->key, "null");
		else if (k->o.nexprs > 1 || jscan_type(v) != JSCAN_STRING)
			splice_value(v, &k->key);
		else if (jscan_plain_string(v, &p, &n))
			buf_add(&k->key, p, n);
		else
			return -1;
	}
	if (k->o.nexprs > 1)
		buf_addc(&k->key, ']');
	return 0;
}

/*
 * The lazy path (lazy.h): key paths read and the key field spliced in
 * from the record's text; -2 when the text does not settle it.
 */
static int
record_lazily(struct keystep *k, struct stream *s, struct record *rec)
{
	const struct jscan_record *r = record_scan(rec);
	struct jspan old;
	const char *p;
	size_t n;

	if (r == NULL || r->value.p[0] != '{' || key_lazily(k, r) < 0)
		return -2;
	if (k->o.nshards > 0 &&
	    key_partition(k->key.data, k->key.len, k->o.nshards) != k->o.shard)
		return 0;
	switch (jscan_field(r, k->o.as, k->aslen, &old)) {
	case JSCAN_FOUND:
		if (jscan_type(old) != JSCAN_STRING)
			break;
		if (!jscan_plain_string(old, &p, &n))
			return -2;
		if (n == k->key.len && memcmp(p, k->key.data, n) == 0) {
			stream_write_record(s, rec);
			return 0;
		}
		break;
	case JSCAN_ABSENT: break;
	default: return -2;
	}
	buf_reset(&k->out);
	buf_reset(&k->tail);
	if (splice_object(r, NULL, 0, k->o.as, k->aslen, &k->out, &k->tail) < 0)
		return -2;
	jtext_dump_string(&k->out, k->key.data, k->key.len);
	buf_add(&k->out, k->tail.data, k->tail.len);
	buf_addc(&k->out, '\n');
	output_write(&s->out, k->out.data, k->out.len);
	return 0;
}

static int
key_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct keystep *k = ctx;
	json_t *v, *old, *key, *out;
	int r;

	if ((r = record_lazily(k, s, rec)) != -2)
		return r;
	if ((v = record_value(rec, why)) == NULL)
		return -1;
	if (!json_is_object(v)) {
		buf_printf(why,
		    "%s record: only objects can have a key "
		    "field; use smap to wrap it, e.g. smap '{value: .}'",
		    value_type(v));
		return -1;
	}
	buf_reset(&k->key);
	if (keystep_key(k, v, &k->key, why) < 0)
		return -1;
	if (k->o.nshards > 0 &&
	    key_partition(k->key.data ? k->key.data : "", k->key.len,
		k->o.nshards) != k->o.shard)
		return 0;

	/* A record that already holds this very key is unchanged. */
	old = json_object_getn(v, k->o.as, k->aslen);
	if (old != NULL && json_is_string(old) &&
	    json_string_length(old) == k->key.len &&
	    memcmp(json_string_value(old), k->key.data, k->key.len) == 0) {
		stream_write_record(s, rec);
		return 0;
	}
	key = json_stringn_nocheck(k->key.data ? k->key.data : "", k->key.len);
	out = with_key(k, v, key);
	stream_write_value(s, out);
	json_decref(out);
	json_decref(key);
	return 0;
}

struct step
keystep_step(struct keystep *k)
{
	struct step st = { .record = key_record, .ctx = k };

	return st;
}

/* Parses a decimal number, digits only; 0, or -1 when bad or too big. */
static int
parse_count(const char *s, size_t n, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > KEYSTEP_MAX_SHARDS)
			return -1;
	}
	*out = v;
	return 0;
}

int
keystep_parse_shard(const char *spec, unsigned *shard, unsigned *nshards)
{
	const char *slash = strchr(spec, '/');
	unsigned long i, n;

	if (slash == NULL ||
	    parse_count(spec, (size_t)(slash - spec), &i) < 0 ||
	    parse_count(slash + 1, strlen(slash + 1), &n) < 0 || n < 1 ||
	    i >= n)
		return -1;
	*shard = (unsigned)i;
	*nshards = (unsigned)n;
	return 0;
}

int
keystep_operands(int argc, char **argv, int *files)
{
	int i;

	if (argc < 1) {
		*files = 0;
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			*files = i + 1;
			return i;
		}
		if (strchr(".[{($\"", argv[i][0]) == NULL || argv[i][0] == '\0')
			break;
	}
	*files = i;
	return i;
}
