/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "count.h"
#include "jtext.h"
#include "snapshot.h"
#include "timefmt.h"
#include "jq/value.h"
#include "xalloc.h"

void
counter_init(struct counter *c)
{
	memset(c, 0, sizeof(*c));
	c->key.whole_record = 1;
	hmap_init(&c->counts);
}

void
counter_free(struct counter *c)
{
	hmap_free(&c->counts);
	buf_free(&c->keytext);
	buf_free(&c->row);
}

int
counter_sort_parse(const char *name, enum count_sort *sort)
{
	if (strcmp(name, "count") == 0)
		*sort = COUNT_SORT_COUNT;
	else if (strcmp(name, "key") == 0)
		*sort = COUNT_SORT_KEY;
	else if (strcmp(name, "none") == 0)
		*sort = COUNT_SORT_NONE;
	else
		return -1;
	return 0;
}

static void
write_row(struct counter *c, struct stream *s, const struct hmap_entry *e,
    const char *at)
{
	buf_reset(&c->row);
	buf_adds(&c->row, "{\"key\":");
	buf_add(&c->row, e->key, e->len);
	buf_printf(&c->row, ",\"count\":%llu", (unsigned long long)e->count);
	if (at != NULL)
		buf_printf(&c->row, ",\"at\":\"%s\"", at);
	buf_adds(&c->row, "}\n");
	output_write(&s->out, c->row.data, c->row.len);
}

/* A row of a table: its entry and its key decoded once for sorting. */
struct count_row {
	const struct hmap_entry *e;
	json_t *key;
};

/* A key decoded once for sorting, its objects in key order. */
static json_t *
sort_form(const struct hmap_entry *e)
{
	json_t *v = jtext_parse(e->key, e->len, NULL), *sorted;

	if (!json_is_object(v) && !json_is_array(v))
		return v;
	sorted = value_in_key_order(v);
	json_decref(v);
	return sorted;
}

static int
key_order(const struct count_row *a, const struct count_row *b)
{
	return value_compare(a->key, b->key);
}

static int
by_count(const void *p, const void *q)
{
	const struct count_row *a = p, *b = q;

	if (a->e->count != b->e->count)
		return a->e->count > b->e->count ? -1 : 1;
	return key_order(a, b);
}

static int
by_key(const void *p, const void *q)
{
	return key_order(p, q);
}

static void
write_table(struct counter *c, struct stream *s, const char *at)
{
	struct count_row *rows;
	size_t i, n = c->counts.n;

	rows = xcalloc(n ? n : 1, sizeof(*rows));
	for (i = 0; i < n; i++) {
		rows[i].e = &c->counts.entries[i];
		if (c->sort != COUNT_SORT_NONE)
			rows[i].key = sort_form(rows[i].e);
	}
	if (c->sort == COUNT_SORT_COUNT)
		qsort(rows, n, sizeof(*rows), by_count);
	else if (c->sort == COUNT_SORT_KEY)
		qsort(rows, n, sizeof(*rows), by_key);
	for (i = 0; i < n; i++) {
		if (c->top == 0 || i < c->top)
			write_row(c, s, rows[i].e, at);
		json_decref(rows[i].key);
	}
	free(rows);
}

static int
count_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct counter *c = ctx;
	struct hmap_entry *e;
	int created;

	buf_reset(&c->keytext);
	if (key_of(&c->key, rec, &c->keytext, why) == KEY_ERROR)
		return -1;
	e = hmap_put(&c->counts, c->keytext.data, c->keytext.len, &created);
	e->count++;
	if (c->running)
		write_row(c, s, e, NULL);
	return 0;
}

/* Periodic tables carry the wall-clock time they were taken at. */
static void
write_stamped_table(struct counter *c, struct stream *s)
{
	char at[TIMEFMT_RFC3339_LEN];

	timefmt_format_rfc3339(clock_realtime(), at);
	write_table(c, s, at);
}

static void
count_finish(void *ctx, struct stream *s)
{
	struct counter *c = ctx;

	if (c->every > 0)
		write_stamped_table(c, s);
	else
		write_table(c, s, NULL);
}

static long
count_next_timer(void *ctx)
{
	struct counter *c = ctx;

	if (c->every == 0)
		return -1;
	if (c->next_tick == 0)
		c->next_tick = clock_monotonic() + c->every;
	return clock_ms_until(c->next_tick);
}

/*
 * After a table the next is due DUR from now, the time the table took
 * to write included: missed ticks are skipped, and the input always gets
 * a whole period between two tables however big the table is.
 */
static void
count_timer(void *ctx, struct stream *s)
{
	struct counter *c = ctx;

	write_stamped_table(c, s);
	output_flush(&s->out);
	c->next_tick = clock_monotonic() + c->every;
}

/* The state: one line [KEY, COUNT] per key. */
static void
count_save(void *ctx, struct snap_writer *w)
{
	struct counter *c = ctx;
	struct hmap_entry *e;
	size_t i;

	for (i = 0; i < c->counts.n; i++) {
		e = &c->counts.entries[i];
		buf_reset(&c->row);
		buf_addc(&c->row, '[');
		buf_add(&c->row, e->key, e->len);
		buf_printf(&c->row, ",%llu]", (unsigned long long)e->count);
		snap_line(w, c->row.data, c->row.len);
	}
}

static int
count_load(void *ctx, struct snap_reader *r, struct buf *why)
{
	struct counter *c = ctx;
	struct hmap_entry *e;
	json_t *v;
	int created;

	while ((v = snap_next_value(r, why)) != NULL) {
		json_t *n = json_array_get(v, 1);

		if (json_array_size(v) != 2 || !json_is_integer(n) ||
		    json_integer_value(n) < 0) {
			buf_printf(why, "%s:%lu: not a count", r->path,
			    r->lineno);
			json_decref(v);
			return -1;
		}
		buf_reset(&c->keytext);
		jtext_dump(&c->keytext, json_array_get(v, 0));
		e = hmap_put(&c->counts, c->keytext.data, c->keytext.len,
		    &created);
		e->count = (uint64_t)json_integer_value(n);
		json_decref(v);
	}
	return why->len > 0 ? -1 : 0;
}

static void
count_stats(void *ctx, struct stats *st)
{
	struct counter *c = ctx;

	st->keys = (long long)c->counts.n;
}

struct step
counter_step(struct counter *c)
{
	struct step st = { .record = count_record,
		.stats = count_stats,
		.finish = count_finish,
		.next_timer = count_next_timer,
		.timer = count_timer,
		.save = count_save,
		.load = count_load,
		.ctx = c };

	return st;
}
