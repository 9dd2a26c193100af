/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "jtext.h"
#include "jq/lazy.h"
#include "splice.h"
#include "tokenize.h"
#include "utf8.h"
#include "jq/value.h"
#include "xalloc.h"

struct tokenize {
	struct tokenize_opts o;
	char **path; /* source path to remove, or NULL */
	size_t npath;
	size_t aslen;
	json_t **texts; /* the outputs of -f for this record */
	size_t ntexts, captexts;
	struct buf head; /* object record: JSON up to the token ... */
	struct buf tail; /* ... and after it */
	int object;	 /* emit head TOKEN tail, not a bare string */
	struct buf low;	 /* the lowercased token */
	struct buf out;	 /* output of the current record */
	char err[256];
};

/*
 * The C.UTF-8 locale for towlower_l, opened on first use; setlocale is
 * never called, so number formatting elsewhere stays in the C locale.
 */
static locale_t ctype;
static int ctype_tried;

static locale_t
ctype_locale(void)
{
	if (!ctype_tried) {
		ctype_tried = 1;
		ctype = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return ctype;
}

int
tokenize_unicode(void)
{
	return ctype_locale() != (locale_t)0;
}

/* Characters the final sigma rule looks through: apostrophes, accents. */
static int
case_ignorable(uint32_t c)
{
	return c == '\'' || c == 0x2019 || (c >= 0x300 && c <= 0x36f);
}

static int
cased(uint32_t c, locale_t loc)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return iswupper_l((wint_t)c, loc) || iswlower_l((wint_t)c, loc);
}

/* Returns 1 when a cased letter follows s[i...] past case-ignorables. */
static int
cased_follows(const char *s, size_t n, size_t i, locale_t loc)
{
	uint32_t c;

	while (i < n) {
		c = utf8_next(s, n, &i);
		if (!case_ignorable(c))
			return cased(c, loc);
	}
	return 0;
}

void
tokenize_lower(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	locale_t loc = ctype_locale();
	int prev_cased = 0;
	size_t i = 0, j;
	uint32_t c, l;
	char *d;

	buf_reserve(out, n);
	while (i < n) {
		if (p[i] < 0x80) {
			/* A run of ASCII, lowered in place. */
			d = out->data + out->len;
			for (j = i; j < n && p[j] < 0x80; j++) {
				d[j - i] = (char)(p[j] >= 'A' && p[j] <= 'Z'
					? p[j] | 0x20
					: p[j]);
				if (p[j] != '\'')
					prev_cased = cased(p[j], loc);
			}
			out->len += j - i;
			out->data[out->len] = '\0';
			i = j;
			continue;
		}
		c = utf8_next(s, n, &i);
		if (loc == (locale_t)0) {
			utf8_put(out, c);
			continue;
		}
		l = (uint32_t)towlower_l((wint_t)c, loc);
		/* Unicode's Final_Sigma: a capital sigma ending a word. */
		if (c == 0x3a3 && prev_cased && !cased_follows(s, n, i, loc))
			l = 0x3c2;
		if (!case_ignorable(c))
			prev_cased = cased(c, loc);
		utf8_put(out, l);
	}
}

size_t
tokenize_path(const char *src, char ***path)
{
	const char *p = src, *start;
	size_t n = 0, k;
	char **v = NULL;

	if (*p == '\0')
		return 0;
	while (*p != '\0') {
		if (*p++ != '.')
			goto fail;
		start = p;
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
			(*p >= 'A' && *p <= 'Z')))
			goto fail;
		while (*p == '_' || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			p++;
		if (path != NULL) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n] = xstrndup(start, (size_t)(p - start));
			v[n + 1] = NULL;
		}
		n++;
	}
	if (path != NULL)
		*path = v;
	return n;
fail:
	for (k = 0; k < n && v != NULL; k++)
		free(v[k]);
	free(v);
	return 0;
}

struct tokenize *
tokenize_new(const struct tokenize_opts *o)
{
	struct tokenize *t = xcalloc(1, sizeof(*t));

	t->o = *o;
	if (t->o.as == NULL)
		t->o.as = TOKENIZE_NAME;
	t->aslen = strlen(t->o.as);
	if (t->o.expr != NULL && !t->o.keep && t->o.field != NULL)
		t->npath = tokenize_path(t->o.field, &t->path);
	return t;
}

static void
drop_texts(struct tokenize *t)
{
	size_t i;

	for (i = 0; i < t->ntexts; i++)
		json_decref(t->texts[i]);
	t->ntexts = 0;
}

void
tokenize_free(struct tokenize *t)
{
	size_t i;

	if (t == NULL)
		return;
	drop_texts(t);
	free(t->texts);
	for (i = 0; i < t->npath; i++)
		free(t->path[i]);
	free(t->path);
	buf_free(&t->head);
	buf_free(&t->tail);
	buf_free(&t->low);
	buf_free(&t->out);
	free(t);
}

static int
key_is(void *it, const char *name, size_t len)
{
	return json_object_iter_key_len(it) == len &&
	    memcmp(json_object_iter_key(it), name, len) == 0;
}

static void
dump_key(struct buf *b, void *it, int *first)
{
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	jtext_dump_string(b, json_object_iter_key(it),
	    json_object_iter_key_len(it));
	buf_addc(b, ':');
}

/* Compact JSON of v without the field at path (npath > 0), as del(). */
static void
dump_without(struct buf *b, json_t *v, char **path, size_t npath)
{
	size_t len = strlen(path[0]);
	int first = 1;
	void *it;

	if (!json_is_object(v)) {
		jtext_dump(b, v);
		return;
	}
	buf_addc(b, '{');
	for (it = json_object_iter(v); it != NULL;
	     it = json_object_iter_next(v, it)) {
		if (key_is(it, path[0], len)) {
			if (npath == 1)
				continue;
			dump_key(b, it, &first);
			dump_without(b, json_object_iter_value(it), path + 1,
			    npath - 1);
			continue;
		}
		dump_key(b, it, &first);
		jtext_dump(b, json_object_iter_value(it));
	}
	buf_addc(b, '}');
}

/*
 * Splits the output record of an object into head and tail, around the
 * token: the record as jq's del(SOURCE) | .[NAME] = TOKEN prints it.
 * An existing NAME keeps its place; a new one comes last.
 */
static void
make_template(struct tokenize *t, json_t *obj)
{
	struct buf *b = &t->head;
	size_t len = t->npath > 0 ? strlen(t->path[0]) : 0;
	int first = 1, placed = 0;
	void *it;

	buf_reset(&t->head);
	buf_reset(&t->tail);
	buf_addc(b, '{');
	for (it = json_object_iter(obj); it != NULL;
	     it = json_object_iter_next(obj, it)) {
		if (t->npath == 1 && key_is(it, t->path[0], len))
			continue;
		if (key_is(it, t->o.as, t->aslen)) {
			dump_key(b, it, &first);
			b = &t->tail;
			placed = 1;
			continue;
		}
		dump_key(b, it, &first);
		if (t->npath > 1 && key_is(it, t->path[0], len))
			dump_without(b, json_object_iter_value(it), t->path + 1,
			    t->npath - 1);
		else
			jtext_dump(b, json_object_iter_value(it));
	}
	if (!placed) {
		if (!first)
			buf_addc(b, ',');
		jtext_dump_string(b, t->o.as, t->aslen);
		buf_addc(b, ':');
		b = &t->tail;
	}
	buf_addc(b, '}');
}

static void
emit(struct tokenize *t, struct stream *s, const char *tok, size_t n)
{
	if (t->o.lower) {
		buf_reset(&t->low);
		tokenize_lower(&t->low, tok, n);
		tok = t->low.data;
		n = t->low.len;
	}
	if (t->object) {
		buf_add(&t->out, t->head.data, t->head.len);
		jtext_dump_string(&t->out, tok, n);
		buf_add(&t->out, t->tail.data, t->tail.len);
	} else
		jtext_dump_string(&t->out, tok, n);
	buf_addc(&t->out, '\n');
	/* Hold a record's tokens back, within reason, in case it fails. */
	if (t->out.len >= OUTPUT_BLOCK) {
		output_write(&s->out, t->out.data, t->out.len);
		buf_reset(&t->out);
	}
}

/* Appends the tokens of text to t->out; 0, or -1 with why set. */
static int
scan(struct tokenize *t, struct stream *s, const char *text, size_t n,
    struct buf *why)
{
	size_t start = 0, ms, me;
	int rc;

	while ((rc = rx_next(t->o.rx, text, n, &start, &ms, &me, t->err,
		    sizeof(t->err))) == 1) {
		if (me > ms)
			emit(t, s, text + ms, me - ms);
		if (output_failed(&s->out))
			return 0;
	}
	if (rc < 0) {
		buf_adds(why, t->err);
		return -1;
	}
	return 0;
}

static int
not_string(struct tokenize *t, json_t *v, struct buf *why)
{
	buf_printf(why, "-f %s: ", t->o.field != NULL ? t->o.field : ".");
	value_describe(why, v);
	buf_adds(why, " is not a string");
	if (t->o.expr == NULL && json_is_object(v))
		buf_adds(why, " (use -f to name the text field)");
	return -1;
}

static int
collect(void *ctx, json_t *v)
{
	struct tokenize *t = ctx;

	if (t->ntexts == t->captexts) {
		t->captexts = t->captexts ? t->captexts * 2 : 4;
		t->texts = xrealloc(t->texts, t->captexts * sizeof(*t->texts));
	}
	t->texts[t->ntexts++] = json_incref(v);
	return 0;
}

/* Evaluates -f into t->texts; 0, or -1 with why set. */
static int
eval_field(struct tokenize *t, json_t *v, struct buf *why)
{
	struct buf msg = { 0 };
	size_t i;

	if (expr_eval(t->o.expr, v, collect, t, why) == EXPR_ERROR) {
		buf_add(&msg, why->data, why->len);
		buf_reset(why);
		buf_printf(why, "-f %s: %s", t->o.field,
		    msg.data != NULL ? msg.data : "error");
		buf_free(&msg);
		return -1;
	}
	for (i = 0; i < t->ntexts; i++)
		if (!json_is_string(t->texts[i]))
			return not_string(t, t->texts[i], why);
	return 0;
}

/*
 * The lazy path (lazy.h): -f a field path to a string without escapes,
 * in an object record; the template is spliced from the record's text.
 * -2 when the text does not settle it.
 */
static int
tokenize_lazily(struct tokenize *t, struct stream *s, struct record *rec,
    struct buf *why)
{
	const struct jscan_record *r;
	const struct lazy *path;
	const char *text, *del = t->npath == 1 ? t->path[0] : NULL;
	struct jspan v;
	size_t n;

	if (t->o.expr == NULL || t->npath > 1 ||
	    (path = expr_path(t->o.expr)) == NULL ||
	    (r = record_scan(rec)) == NULL || lazy_path(path, r, &v) <= 0 || jscan_type(v) != JSCAN_STRING ||
	    !jscan_plain_string(v, &text, &n))
		return -2;
	buf_reset(&t->head);
	buf_reset(&t->tail);
	if (splice_object(r, del, del != NULL ? strlen(del) : 0, t->o.as,
		t->aslen, &t->head, &t->tail) < 0)
		return -2;
	t->object = 1;
	return scan(t, s, text, n, why);
}

/* A JSON record decoded, its text (or -f's outputs) tokenized. */
static int
tokenize_decoded(struct tokenize *t, struct stream *s, struct record *rec,
    struct buf *why)
{
	json_t *v;
	size_t i;
	int rc;

	if ((v = record_value(rec, why)) == NULL)
		return -1;
	if (t->o.expr == NULL) {
		if (!json_is_string(v))
			return not_string(t, v, why);
		return scan(t, s, json_string_value(v), json_string_length(v),
		    why);
	}
	rc = eval_field(t, v, why);
	if (rc == 0 && json_is_object(v) && t->ntexts > 0) {
		make_template(t, v);
		t->object = 1;
	}
	for (i = 0; rc == 0 && i < t->ntexts; i++)
		rc = scan(t, s, json_string_value(t->texts[i]),
		    json_string_length(t->texts[i]), why);
	drop_texts(t);
	return rc;
}

static int
tokenize_record(void *ctx, struct stream *s, struct record *rec,
    struct buf *why)
{
	struct tokenize *t = ctx;
	int rc;

	buf_reset(&t->out);
	t->object = 0;
	if (t->o.expr == NULL && rec->raw && utf8_valid(rec->text, rec->len))
		/* The hot path: -R lines need no JSON string at all. */
		rc = scan(t, s, rec->text, rec->len, why);
	else if ((rc = tokenize_lazily(t, s, rec, why)) == -2)
		rc = tokenize_decoded(t, s, rec, why);
	if (rc == 0 && t->out.len > 0)
		output_write(&s->out, t->out.data, t->out.len);
	buf_reset(&t->out);
	return rc;
}

struct step
tokenize_step(struct tokenize *t)
{
	struct step st = { .record = tokenize_record, .ctx = t };

	return st;
}
