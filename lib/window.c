/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "jtext.h"
#include "jq/lazy.h"
#include "snapshot.h"
#include "window.h"
#include "xalloc.h"

/*
 * A key's open windows.  A group leaves the map when its last open
 * window closes, but lives on while merged-away session windows still
 * sit in the heap and point at it (refs counts both).
 */
struct group {
	char *key;
	size_t len;
	struct window **open;
	size_t nopen, capopen;
	size_t refs;
};

struct window {
	int64_t start, end;
	struct group *group;
	int dead; /* merged into another session; still in the heap */
	struct agg_state aggs[];
};

void
windower_init(struct windower *w)
{
	memset(w, 0, sizeof(*w));
	w->late_fd = -1;
	w->max_windows = WINDOW_MAX_DEFAULT;
	w->wm = INT64_MIN;
	hmap_init(&w->groups);
	evtime_init(&w->time);
}

/* Names the output rows use themselves. */
static int
reserved_name(const char *name)
{
	return strcmp(name, "key") == 0 || strcmp(name, "start") == 0 ||
	    strcmp(name, "end") == 0 || strcmp(name, "final") == 0;
}

int
windower_check(struct windower *w, struct buf *why)
{
	int64_t per_event;
	size_t i, j;

	if (w->kind == WINDOW_SLIDING && w->hop == 0) {
		buf_adds(why, "--sliding needs --every HOP");
		return -1;
	}
	if (w->kind != WINDOW_SLIDING && w->hop != 0) {
		buf_adds(why, "--every goes with --sliding");
		return -1;
	}
	if (w->kind == WINDOW_SLIDING && w->hop > w->len) {
		buf_adds(why, "--every HOP longer than the window leaves gaps");
		return -1;
	}
	if (w->kind == WINDOW_TUMBLING)
		w->hop = w->len;
	per_event = w->kind == WINDOW_SESSION
	    ? 1
	    : w->len / w->hop + (w->len % w->hop != 0);
	if ((uint64_t)per_event > w->max_windows) {
		buf_printf(why,
		    "--sliding LEN --every HOP puts each event into %lld "
		    "windows, more than %lu (--max-windows N raises the "
		    "limit)",
		    (long long)per_event, w->max_windows);
		return -1;
	}
	if (w->naggs == 0) {
		w->aggs = xmalloc(sizeof(*w->aggs));
		agg_parse("count", NULL, 0, &w->aggs[0], why);
		w->naggs = 1;
	}
	for (i = 0; i < w->naggs; i++) {
		if (reserved_name(w->aggs[i].name)) {
			buf_printf(why,
			    "an aggregate cannot be named \"%s\": "
			    "rows have that field already",
			    w->aggs[i].name);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(w->aggs[i].name, w->aggs[j].name) == 0) {
				buf_printf(why,
				    "two aggregates named \"%s\": "
				    "name them with NAME=AGG",
				    w->aggs[i].name);
				return -1;
			}
	}
	return 0;
}

int
windower_open(struct windower *w)
{
	w->values = xcalloc(w->naggs ? w->naggs : 1, sizeof(*w->values));
	if (w->late_path == NULL)
		return 0;
	w->late_fd = output_open_append(w->late_path);
	return w->late_fd < 0 ? -1 : 0;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/*
 * The clock reading the watermark is taken at: monotonic for event time
 * on live input, the system clock for processing time (never going
 * back, so a clock step does not make records late), none otherwise.
 */
static int64_t
read_clock(struct windower *w)
{
	int64_t now;

	if (w->time.expr == NULL) {
		now = clock_realtime();
		if (now > w->clock)
			w->clock = now;
		return w->clock;
	}
	return w->live ? clock_monotonic() : 0;
}

/*
 * read_clock for a record.  With processing time the records of one
 * read(2) are stamped with one reading, the batch's arrival: a clock
 * read per record costs more than the rest of a count.  The stamp is
 * the largest reading yet, timers' included, so a window a timer
 * closed never gets a record of the batch.
 */
static int64_t
record_clock(struct windower *w, struct stream *s, const struct record *rec)
{
	unsigned long batch = s->in[rec->source].reads;

	if (w->time.expr != NULL)
		return read_clock(w);
	if (!w->clock_valid || batch != w->clock_batch ||
	    rec->source != w->clock_source) {
		w->clock_valid = 1;
		w->clock_batch = batch;
		w->clock_source = rec->source;
		return read_clock(w);
	}
	return w->clock;
}

/*
 * The watermark at clock reading now (see window.h).  It never goes
 * back: on live input a new largest event resets the idle advance, and
 * the watermark then stays where the advance had taken it.
 */
static int64_t
watermark(const struct windower *w, int64_t now)
{
	int64_t wm;

	if (w->time.expr == NULL)
		wm = evtime_sat_sub(now, w->wait);
	else if (!w->have_event)
		wm = INT64_MIN;
	else {
		wm = evtime_sat_sub(w->max_event, w->wait);
		if (w->live && now > w->max_seen_at)
			wm = evtime_sat_add(wm, now - w->max_seen_at);
	}
	return wm > w->wm ? wm : w->wm;
}

/* Moves the watermark to its value at now and returns it. */
static int64_t
advance(struct windower *w, int64_t now)
{
	return w->wm = watermark(w, now);
}

/* ---- the heap of open windows, ordered by (end, key, start) ---- */

static int
window_before(const struct window *a, const struct window *b)
{
	int c;

	if (a->end != b->end)
		return a->end < b->end;
	c = key_compare(a->group->key, a->group->len, b->group->key,
	    b->group->len);
	if (c != 0)
		return c < 0;
	return a->start < b->start;
}

static void
heap_push(struct windower *w, struct window *win)
{
	size_t i, parent;

	if (w->nheap == w->capheap) {
		w->capheap = w->capheap ? 2 * w->capheap : 64;
		w->heap = xrealloc(w->heap, w->capheap * sizeof(*w->heap));
	}
	i = w->nheap++;
	while (i > 0 && window_before(win, w->heap[parent = (i - 1) / 2])) {
		w->heap[i] = w->heap[parent];
		i = parent;
	}
	w->heap[i] = win;
}

static struct window *
heap_pop(struct windower *w)
{
	struct window *top = w->heap[0], *last = w->heap[--w->nheap];
	size_t i = 0, child;

	while ((child = 2 * i + 1) < w->nheap) {
		if (child + 1 < w->nheap &&
		    window_before(w->heap[child + 1], w->heap[child]))
			child++;
		if (!window_before(w->heap[child], last))
			break;
		w->heap[i] = w->heap[child];
		i = child;
	}
	if (w->nheap > 0)
		w->heap[i] = last;
	return top;
}

/* ---- groups and windows ---- */

static struct group *
group_for(struct windower *w, const char *key, size_t len)
{
	struct hmap_entry *e;
	struct group *g;
	int created;

	e = hmap_put(&w->groups, key, len, &created);
	if (!created)
		return e->value;
	g = xcalloc(1, sizeof(*g));
	g->key = xstrndup(key, len);
	g->len = len;
	e->value = g;
	return g;
}

static void
group_release(struct windower *w, struct group *g)
{
	if (g->nopen == 0 && hmap_get(&w->groups, g->key, g->len) == g)
		hmap_remove(&w->groups, g->key, g->len);
	if (g->refs > 0 || g->nopen > 0)
		return;
	free(g->open);
	free(g->key);
	free(g);
}

static struct window *
window_new(struct windower *w, struct group *g, int64_t start, int64_t end)
{
	struct window *win =
	    xcalloc(1, sizeof(*win) + w->naggs * sizeof(win->aggs[0]));

	win->start = start;
	win->end = end;
	win->group = g;
	if (g->nopen == g->capopen) {
		g->capopen = g->capopen ? 2 * g->capopen : 4;
		g->open = xrealloc(g->open, g->capopen * sizeof(*g->open));
	}
	g->open[g->nopen++] = win;
	g->refs++;
	heap_push(w, win);
	return win;
}

/* Takes win out of its group's open list (it stays in the heap). */
static void
window_detach(struct window *win)
{
	struct group *g = win->group;
	size_t i;

	for (i = 0; i < g->nopen; i++)
		if (g->open[i] == win) {
			g->open[i] = g->open[--g->nopen];
			return;
		}
}

static void
window_free(struct windower *w, struct window *win)
{
	struct group *g = win->group;
	size_t i;

	for (i = 0; i < w->naggs; i++)
		agg_state_free(&win->aggs[i]);
	free(win);
	g->refs--;
	group_release(w, g);
}

static void
write_row(struct windower *w, struct stream *s, struct window *win, int final)
{
	size_t i;

	buf_reset(&w->row);
	buf_adds(&w->row, "{\"key\":");
	buf_add(&w->row, win->group->key, win->group->len);
	buf_adds(&w->row, ",\"start\":");
	evtime_write(&w->time, &w->row, win->start);
	buf_adds(&w->row, ",\"end\":");
	evtime_write(&w->time, &w->row, win->end);
	for (i = 0; i < w->naggs; i++) {
		buf_addc(&w->row, ',');
		jtext_dump_string(&w->row, w->aggs[i].name,
		    strlen(w->aggs[i].name));
		buf_addc(&w->row, ':');
		agg_result(&w->aggs[i], &win->aggs[i], &w->row);
	}
	if (w->emit_update)
		buf_adds(&w->row,
		    final ? ",\"final\":true" : ",\"final\":false");
	buf_adds(&w->row, "}\n");
	output_write(&s->out, w->row.data, w->row.len);
}

static void
add_values(struct windower *w, struct window *win, int64_t t)
{
	size_t i;

	for (i = 0; i < w->naggs; i++)
		agg_add(&w->aggs[i], &win->aggs[i], w->values[i], t);
}

/* Emits and frees every window whose end the watermark has reached. */
static void
close_due(struct windower *w, struct stream *s, int64_t wm)
{
	struct window *win;

	while (w->nheap > 0 && w->heap[0]->end <= wm) {
		win = heap_pop(w);
		if (!win->dead) {
			write_row(w, s, win, 1);
			window_detach(win);
		}
		window_free(w, win);
	}
}

/* ---- assigning an event to windows ---- */

static struct window *
find_window(struct group *g, int64_t start)
{
	size_t i;

	for (i = 0; i < g->nopen; i++)
		if (g->open[i]->start == start)
			return g->open[i];
	return NULL;
}

/*
 * The starts of the tumbling or sliding windows holding t, first to
 * last, hop apart: last = align + floor((t - align) / hop) * hop, and
 * first the earliest start whose window still reaches past t.  Returns
 * -1 when a start or end would leave int64_t.
 */
static int
fixed_starts(const struct windower *w, int64_t t, int64_t *first, int64_t *last)
{
	int64_t d, q, end, back;

	if (evtime_sub(t, w->align, &d) < 0 ||
	    evtime_mul(floor_div(d, w->hop), w->hop, &q) < 0 ||
	    evtime_add(w->align, q, last) < 0 ||
	    evtime_add(*last, w->len, &end) < 0)
		return -1;
	/* windows hold t while start + len > t: (len - (t - last) - 1) / hop
	 * more before last */
	back = (w->len - (t - *last) - 1) / w->hop;
	return evtime_sub(*last, back * w->hop, first);
}

/* Tumbling and sliding: every window [start, start + len) holding t. */
static int
assign_fixed(struct windower *w, struct stream *s, struct group *g, int64_t t,
    int64_t wm)
{
	int64_t first, last, start;
	struct window *win;
	int accepted = 0;

	if (fixed_starts(w, t, &first, &last) < 0)
		return -1;
	for (start = first;; start += w->hop) {
		/* a window that has closed takes nothing more */
		if (start + w->len > wm) {
			if ((win = find_window(g, start)) == NULL)
				win = window_new(w, g, start, start + w->len);
			add_values(w, win, t);
			if (w->emit_update)
				write_row(w, s, win, 0);
			accepted = 1;
		}
		if (start == last)
			break;
	}
	return accepted;
}

/* Session: [t, t + gap) merged with every open session it touches. */
static int
assign_session(struct windower *w, struct stream *s, struct group *g, int64_t t,
    int64_t wm)
{
	int64_t start = t, end, tend;
	struct window *win, *only = NULL;
	size_t i, touching = 0;

	if (evtime_add(t, w->gap, &end) < 0)
		return -1;
	tend = end;

	for (i = 0; i < g->nopen; i++) {
		win = g->open[i];
		if (t < win->end && win->start < tend) {
			touching++;
			only = win;
			if (win->start < start)
				start = win->start;
			if (win->end > end)
				end = win->end;
		}
	}
	if (end <= wm)
		return 0;
	if (touching == 1 && only->end == end) {
		only->start = start; /* the heap order does not change */
		win = only;
	} else {
		win = window_new(w, g, start, end);
		for (i = 0; i < g->nopen;) {
			struct window *old = g->open[i];

			if (old == win ||
			    !(t < old->end && old->start < tend)) {
				i++;
				continue;
			}
			for (size_t k = 0; k < w->naggs; k++)
				agg_merge(&w->aggs[k], &win->aggs[k],
				    &old->aggs[k]);
			old->dead = 1;
			window_detach(old); /* refills slot i */
		}
	}
	add_values(w, win, t);
	if (w->emit_update)
		write_row(w, s, win, 0);
	return 1;
}

/* Whether every window holding t has its bounds within int64_t. */
static int
time_fits(const struct windower *w, int64_t t)
{
	int64_t first, last;

	if (w->kind == WINDOW_SESSION)
		return evtime_add(t, w->gap, &last) == 0;
	return fixed_starts(w, t, &first, &last) == 0;
}

static void
write_late(struct windower *w, struct stream *s, struct record *rec)
{
	if (w->late_fd >= 0)
		stream_write_side(s, w->late_fd, w->late_path, rec);
	w->late_count++;
}

static void
clear_values(struct windower *w)
{
	size_t i;

	for (i = 0; i < w->naggs; i++) {
		json_decref(w->values[i]);
		w->values[i] = NULL;
	}
}

/*
 * The value of aggregate i's expression: from the record's text when it
 * is a path the text settles (lazy.h), else from the decoded record.
 */
static int
agg_input(struct windower *w, size_t i, struct record *rec,
    const struct jscan_record *text, struct buf *why)
{
	const struct agg_spec *spec = &w->aggs[i];
	json_t **out = &w->values[i];

	if (spec->expr == NULL) {
		*out = NULL; /* count */
		return 0;
	}
	if (lazy_first(spec->expr, text, out) == 0) {
		if (json_is_null(*out)) { /* as agg_value: null is none */
			json_decref(*out);
			*out = NULL;
		}
		return 0;
	}
	return agg_value(spec, record_value(rec, why), out, why);
}

/* Evaluates every aggregate's expression before any state changes. */
static int
eval_values(struct windower *w, struct record *rec,
    const struct jscan_record *text, struct buf *why)
{
	size_t i;

	for (i = 0; i < w->naggs; i++)
		if (agg_input(w, i, rec, text, why) < 0 ||
		    agg_check(&w->aggs[i], w->values[i], why) < 0) {
			clear_values(w);
			return -1;
		}
	return 0;
}

/* The record's event time, from its text when that settles it. */
static int
event_time(struct windower *w, struct record *rec,
    const struct jscan_record *text, int64_t *t, struct buf *why)
{
	json_t *tv;
	int r;

	if (lazy_first(w->time.expr, text, &tv) < 0)
		return evtime_of(&w->time, record_value(rec, why), t, why);
	r = evtime_of_value(&w->time, tv, t, why);
	json_decref(tv);
	return r;
}

static int
window_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct windower *w = ctx;
	const struct jscan_record *text = record_scan(rec);
	struct group *g;
	int64_t t, wm, now;
	int accepted;

	/* decoded only for what the text does not settle */
	if (text == NULL && record_value(rec, why) == NULL)
		return -1;
	buf_reset(&w->keytext);
	if (key_of(&w->key, rec, &w->keytext, why) == KEY_ERROR)
		return -1;
	/* One clock reading stamps the record and moves the watermark. */
	now = record_clock(w, s, rec);
	if (w->time.expr == NULL)
		t = now;
	else if (event_time(w, rec, text, &t, why) < 0)
		return -1;
	if (!time_fits(w, t)) {
		buf_adds(why, "event time out of range");
		return -1;
	}
	if (eval_values(w, rec, text, why) < 0)
		return -1;
	if (w->time.expr != NULL && (!w->have_event || t > w->max_event)) {
		w->max_event = t;
		w->max_seen_at = now;
		w->have_event = 1;
	}
	/*
	 * Close first: windows come out in order of end, and g stays valid.
	 * This record's time moves the watermark to t - wait at most, and
	 * every window holding t ends after t: its own arrival never makes
	 * it late.
	 */
	wm = advance(w, now);
	close_due(w, s, wm);
	g = group_for(w, w->keytext.data, w->keytext.len);
	if (w->kind == WINDOW_SESSION)
		accepted = assign_session(w, s, g, t, wm);
	else
		accepted = assign_fixed(w, s, g, t, wm);
	if (!accepted) {
		write_late(w, s, rec);
		group_release(w, g);
	}
	clear_values(w);
	return 0;
}

/* Drops merged-away sessions from the top so the top is a live window. */
static void
drop_dead(struct windower *w)
{
	while (w->nheap > 0 && w->heap[0]->dead)
		window_free(w, heap_pop(w));
}

/*
 * Milliseconds until the watermark reaches the first window's end, 0 if
 * it has: window_timer then closes at least that window, as it reads
 * the clock later.  On data-driven input only records move the
 * watermark: no timer.
 */
static long
window_next_timer(void *ctx)
{
	struct windower *w = ctx;
	int64_t now, wm, left;

	drop_dead(w);
	if (w->nheap == 0 || (w->time.expr != NULL && !w->live))
		return -1;
	if (w->time.expr != NULL && !w->have_event)
		return -1;
	now = w->time.expr == NULL ? clock_realtime() : clock_monotonic();
	wm = watermark(w, now);
	if (w->heap[0]->end <= wm)
		return 0;
	left = evtime_sat_sub(w->heap[0]->end, wm);
	left = left / 1000000 + (left % 1000000 != 0);
	return left > INT_MAX ? INT_MAX : (long)left;
}

static void
window_timer(void *ctx, struct stream *s)
{
	struct windower *w = ctx;

	close_due(w, s, advance(w, read_clock(w)));
	output_flush(&s->out);
}

static void
window_finish(void *ctx, struct stream *s)
{
	struct windower *w = ctx;

	close_due(w, s, INT64_MAX);
	if (w->late_count > 0 && w->late_fd < 0)
		fprintf(stderr,
		    "%s: %lu late event%s dropped (--late FILE "
		    "keeps them)\n",
		    diag_progname(), w->late_count,
		    w->late_count == 1 ? "" : "s");
}

/*
 * The state: a line with the watermark and what moves it, then one line
 * [KEY, START, END, [AGGREGATE STATE...]] per open window.
 */
static void
window_save(void *ctx, struct snap_writer *sw)
{
	struct windower *w = ctx;
	struct window *win;
	size_t i, k;

	buf_reset(&w->row);
	buf_printf(&w->row,
	    "{\"watermark\":%lld,\"max_event\":%lld,\"have_event\":%d,"
	    "\"clock\":%lld}",
	    (long long)w->wm, (long long)w->max_event, w->have_event,
	    (long long)w->clock);
	snap_line(sw, w->row.data, w->row.len);
	for (i = 0; i < w->nheap; i++) {
		win = w->heap[i];
		if (win->dead)
			continue;
		buf_reset(&w->row);
		buf_addc(&w->row, '[');
		buf_add(&w->row, win->group->key, win->group->len);
		buf_printf(&w->row, ",%lld,%lld,[", (long long)win->start,
		    (long long)win->end);
		for (k = 0; k < w->naggs; k++) {
			if (k > 0)
				buf_addc(&w->row, ',');
			agg_state_save(&win->aggs[k], &w->row);
		}
		buf_adds(&w->row, "]]");
		snap_line(sw, w->row.data, w->row.len);
	}
}

static int
load_window(struct windower *w, const json_t *v)
{
	const json_t *aggs = json_array_get(v, 3);
	json_int_t start, end;
	struct window *win;
	struct group *g;
	size_t k;

	if (json_array_size(v) != 4 ||
	    !json_is_integer(json_array_get(v, 1)) ||
	    !json_is_integer(json_array_get(v, 2)))
		return -1;
	start = json_integer_value(json_array_get(v, 1));
	end = json_integer_value(json_array_get(v, 2));
	if (start >= end || json_array_size(aggs) != w->naggs)
		return -1;
	buf_reset(&w->keytext);
	jtext_dump(&w->keytext, json_array_get(v, 0));
	g = group_for(w, w->keytext.data, w->keytext.len);
	win = window_new(w, g, start, end);
	for (k = 0; k < w->naggs; k++)
		if (agg_state_load(&win->aggs[k], json_array_get(aggs, k)) < 0)
			return -1;
	return 0;
}

static int
window_load(void *ctx, struct snap_reader *r, struct buf *why)
{
	struct windower *w = ctx;
	json_int_t wm, max_event, clock;
	int have;
	json_t *v;

	if ((v = snap_next_value(r, why)) == NULL)
		goto bad;
	if (json_unpack(v, "{s:I,s:I,s:i,s:I}", "watermark", &wm, "max_event",
		&max_event, "have_event", &have, "clock", &clock) < 0)
		goto bad;
	json_decref(v);
	w->wm = wm;
	w->max_event = max_event;
	w->have_event = have;
	w->clock = clock;
	/* idle advance counts from now: the time down is not known */
	w->max_seen_at = clock_monotonic();
	while ((v = snap_next_value(r, why)) != NULL) {
		if (load_window(w, v) < 0)
			goto bad;
		json_decref(v);
	}
	return why->len > 0 ? -1 : 0;
bad:
	json_decref(v);
	if (why->len == 0)
		buf_printf(why, "%s:%lu: not a window of this command line",
		    r->path, r->lineno);
	return -1;
}

static void
window_stats(void *ctx, struct stats *st)
{
	struct windower *w = ctx;

	st->late = (long long)w->late_count;
	st->keys = (long long)w->groups.n;
	st->windows = (long long)w->nheap;
	if (w->wm != INT64_MIN)
		evtime_write(&w->time, &st->watermark, w->wm);
}

struct step
windower_step(struct windower *w)
{
	struct step st = { .record = window_record,
		.stats = window_stats,
		.finish = window_finish,
		.next_timer = window_next_timer,
		.timer = window_timer,
		.save = window_save,
		.load = window_load,
		.ctx = w };

	return st;
}

void
windower_free(struct windower *w)
{
	size_t i;

	while (w->nheap > 0)
		window_free(w, heap_pop(w));
	for (i = 0; i < w->groups.n; i++) {
		struct group *g = w->groups.entries[i].value;

		free(g->open);
		free(g->key);
		free(g);
	}
	hmap_free(&w->groups);
	free(w->heap);
	free(w->values);
	buf_free(&w->keytext);
	buf_free(&w->row);
	if (w->late_fd >= 0)
		close(w->late_fd);
}
