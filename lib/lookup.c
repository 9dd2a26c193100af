/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "diag.h"
#include "jtext.h"
#include "lookup.h"
#include "reader.h"
#include "record.h"
#include "splice.h"

void
lookup_init(struct lookup *l)
{
	memset(l, 0, sizeof(*l));
	l->max_line = READER_DEFAULT_MAX_LINE;
	hmap_init(&l->rows);
}

static void
rows_free(struct hmap *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		json_decref(rows->entries[i].value);
	hmap_free(rows);
}

static void
bad_row(struct lookup *l, const struct line *line, const char *reason)
{
	fprintf(stderr, "%s: %s:%lu: %s\n", diag_progname(), line->file,
	    line->lineno, reason);
	l->bad++;
}

/* Adds the row on line to rows; a repeated key keeps the last row. */
static void
add_row(struct lookup *l, struct hmap *rows, const struct line *line)
{
	struct record rec;
	struct buf why = { 0 };
	struct hmap_entry *e;
	json_t *v;
	int created;

	record_init(&rec, line->data, line->len, 0);
	if (record_is_blank(&rec))
		return;
	buf_reset(&l->keytext);
	if ((v = record_value(&rec, &why)) == NULL ||
	    key_of(&l->key, &rec, &l->keytext, &why) == KEY_ERROR) {
		bad_row(l, line, why.data);
	} else if (!json_is_object(v)) {
		bad_row(l, line, "a table row must be an object");
	} else {
		e = hmap_put(rows, l->keytext.data, l->keytext.len, &created);
		if (!created)
			json_decref(e->value);
		e->value = json_incref(v);
	}
	record_clear(&rec);
	buf_free(&why);
}

/* Reads the whole table into rows; returns -1 when it cannot be read. */
static int
read_table(struct lookup *l, struct hmap *rows)
{
	char *files[2] = { (char *)l->table, NULL };
	struct reader r;
	struct line line;
	enum read_status rs;
	int status = 0;

	reader_init(&r, files, l->max_line);
	while ((rs = reader_next(&r, &line, -1)) != READ_EOF) {
		if (rs == READ_LINE)
			add_row(l, rows, &line);
		else if (rs == READ_TOOLONG)
			bad_row(l, &line, "line longer than --max-line");
		else if (rs == READ_OPENFAIL) {
			fprintf(stderr, "%s: %s\n", diag_progname(), r.errtext);
			status = -1;
		}
	}
	reader_free(&r);
	return status;
}

static void
note_identity(struct lookup *l, const struct stat *st)
{
	l->dev = st->st_dev;
	l->ino = st->st_ino;
	l->size = st->st_size;
	l->mtime = st->st_mtim;
}

static int
changed(const struct lookup *l, const struct stat *st)
{
	return st->st_dev != l->dev || st->st_ino != l->ino ||
	    st->st_size != l->size || st->st_mtim.tv_sec != l->mtime.tv_sec ||
	    st->st_mtim.tv_nsec != l->mtime.tv_nsec;
}

int
lookup_load(struct lookup *l)
{
	struct hmap rows;
	struct stat st;

	if (stat(l->table, &st) < 0) {
		fprintf(stderr, "%s: %s: %s\n", diag_progname(), l->table,
		    strerror(errno));
		return -1;
	}
	hmap_init(&rows);
	if (read_table(l, &rows) < 0) {
		rows_free(&rows);
		return -1;
	}
	rows_free(&l->rows);
	l->rows = rows;
	note_identity(l, &st);
	return 0;
}

static void
reload(struct lookup *l)
{
	if (lookup_load(l) < 0)
		fprintf(stderr, "%s: %s: keeping the table read before\n",
		    diag_progname(), l->table);
}

/*
 * The record with the row's fields it lacks added last, spliced from
 * its text (lazy.h); -1 when the text does not settle it.
 */
static int
merge_lazily(struct lookup *l, struct stream *s, struct record *rec,
    json_t *row)
{
	const struct jscan_record *r = record_scan(rec);
	struct jspan v;
	const char *key;
	size_t len;
	void *it;

	buf_reset(&l->out);
	if (r == NULL ||
	    splice_object(r, NULL, 0, NULL, 0, &l->out, NULL) < 0)
		return -1;
	l->out.len--; /* the closing brace */
	for (it = json_object_iter(row); it != NULL;
	     it = json_object_iter_next(row, it)) {
		key = json_object_iter_key(it);
		len = json_object_iter_key_len(it);
		if (jscan_field(r, key, len, &v) == JSCAN_FOUND)
			continue;
		if (l->out.len > 1)
			buf_addc(&l->out, ',');
		jtext_dump_string(&l->out, key, len);
		buf_addc(&l->out, ':');
		jtext_dump(&l->out, json_object_iter_value(it));
	}
	buf_add(&l->out, "}\n", 2);
	output_write(&s->out, l->out.data, l->out.len);
	return 0;
}

static int
lookup_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct lookup *l = ctx;
	json_t *v, *row, *out;

	buf_reset(&l->keytext);
	if (key_of(&l->key, rec, &l->keytext, why) == KEY_ERROR)
		return -1;
	row = hmap_get(&l->rows, l->keytext.data, l->keytext.len);
	if (row == NULL) {
		if (!l->inner)
			stream_write_record(s, rec);
		return 0;
	}
	if (merge_lazily(l, s, rec, row) == 0)
		return 0;
	if ((v = record_value(rec, why)) == NULL)
		return -1;
	if (!json_is_object(v)) {
		buf_adds(why, "--lookup: the record is not an object");
		return -1;
	}
	out = json_copy(v);
	json_object_update_missing(out, row);
	stream_write_value(s, out);
	json_decref(out);
	return 0;
}

static long
lookup_next_timer(void *ctx)
{
	struct lookup *l = ctx;

	if (!l->reload)
		return -1;
	if (l->check_at == 0)
		l->check_at = clock_monotonic() + LOOKUP_CHECK_MS * 1000000LL;
	return clock_ms_until(l->check_at);
}

static void
lookup_timer(void *ctx, struct stream *s)
{
	struct lookup *l = ctx;
	struct stat st;

	(void)s;
	l->check_at = 0;
	if (stat(l->table, &st) == 0 && changed(l, &st))
		reload(l);
}

static void
lookup_hangup(void *ctx, struct stream *s)
{
	(void)s;
	reload(ctx);
}

/* The table's rows are its keys; it is reloaded, never snapshotted. */
static void
lookup_stats(void *ctx, struct stats *st)
{
	struct lookup *l = ctx;

	st->keys = (long long)l->rows.n;
}

struct step
lookup_step(struct lookup *l)
{
	struct step st = {
		.record = lookup_record,
		.stats = lookup_stats,
		.next_timer = lookup_next_timer,
		.timer = lookup_timer,
		.hangup = lookup_hangup,
		.ctx = l,
	};

	return st;
}

void
lookup_free(struct lookup *l)
{
	rows_free(&l->rows);
	buf_free(&l->keytext);
	buf_free(&l->out);
}
