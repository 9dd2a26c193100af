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
	hmap_init(&w->groups);
	evtime_init(&w->time);
}

int
windower_check(struct windower *w, struct buf *why)
{
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
	if (w->naggs == 0) {
		w->aggs = xmalloc(sizeof(*w->aggs));
		agg_parse("count", &w->aggs[0], why);
		w->naggs = 1;
	}
	for (i = 0; i < w->naggs; i++)
		for (j = 0; j < i; j++)
			if (strcmp(w->aggs[i].name, w->aggs[j].name) == 0) {
				buf_printf(why,
				    "two aggregates named \"%s\": "
				    "name them with NAME=AGG",
				    w->aggs[i].name);
				return -1;
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

static int64_t
watermark(const struct windower *w)
{
	if (w->time.expr == NULL)
		return clock_realtime() - w->wait;
	if (!w->have_event)
		return INT64_MIN;
	return w->max_event - w->wait + (clock_monotonic() - w->max_seen_at);
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

/* Tumbling and sliding: every window [start, start + len) holding t. */
static int
assign_fixed(struct windower *w, struct stream *s, struct group *g, int64_t t,
    int64_t wm)
{
	int64_t last = w->align + floor_div(t - w->align, w->hop) * w->hop;
	int64_t start = last;
	struct window *win;
	int accepted = 0;

	while (start - w->hop > t - w->len)
		start -= w->hop;
	for (; start <= last; start += w->hop) {
		if (start + w->len <= wm)
			continue; /* that window has closed */
		if ((win = find_window(g, start)) == NULL)
			win = window_new(w, g, start, start + w->len);
		add_values(w, win, t);
		if (w->emit_update)
			write_row(w, s, win, 0);
		accepted = 1;
	}
	return accepted;
}

/* Session: [t, t + gap) merged with every open session it touches. */
static int
assign_session(struct windower *w, struct stream *s, struct group *g, int64_t t,
    int64_t wm)
{
	int64_t start = t, end = t + w->gap;
	struct window *win, *only = NULL;
	size_t i, touching = 0;

	for (i = 0; i < g->nopen; i++) {
		win = g->open[i];
		if (t < win->end && win->start < t + w->gap) {
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
			    !(t < old->end && old->start < t + w->gap)) {
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

static void
write_late(struct windower *w, struct record *rec)
{
	ssize_t n;
	size_t off = 0;

	if (w->late_fd < 0) {
		w->late_count++;
		return;
	}
	buf_reset(&w->row);
	buf_add(&w->row, rec->text, rec->len);
	buf_addc(&w->row, '\n');
	while (off < w->row.len) {
		n = write(w->late_fd, w->row.data + off, w->row.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s: %s\n", diag_progname(),
			    w->late_path, strerror(errno));
			close(w->late_fd);
			w->late_fd = -1;
			w->late_count++;
			return;
		}
		off += (size_t)n;
	}
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

/* Evaluates every aggregate's expression before any state changes. */
static int
eval_values(struct windower *w, json_t *v, struct buf *why)
{
	size_t i;

	for (i = 0; i < w->naggs; i++)
		if (agg_value(&w->aggs[i], v, &w->values[i], why) < 0 ||
		    agg_check(&w->aggs[i], w->values[i], why) < 0) {
			clear_values(w);
			return -1;
		}
	return 0;
}

static int
window_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct windower *w = ctx;
	struct group *g;
	json_t *v;
	int64_t t, wm;
	int accepted;

	if ((v = record_value(rec, why)) == NULL)
		return -1;
	buf_reset(&w->keytext);
	if (key_of(&w->key, rec, &w->keytext, why) == KEY_ERROR)
		return -1;
	if (w->time.expr == NULL)
		t = clock_realtime();
	else if (evtime_of(&w->time, v, &t, why) < 0)
		return -1;
	if (eval_values(w, v, why) < 0)
		return -1;
	if (w->time.expr != NULL && (!w->have_event || t > w->max_event)) {
		w->max_event = t;
		w->max_seen_at = clock_monotonic();
		w->have_event = 1;
	}
	/* Close first: windows come out in order of end, and g stays valid. */
	wm = watermark(w);
	close_due(w, s, wm);
	g = group_for(w, w->keytext.data, w->keytext.len);
	if (w->kind == WINDOW_SESSION)
		accepted = assign_session(w, s, g, t, wm);
	else
		accepted = assign_fixed(w, s, g, t, wm);
	if (!accepted) {
		write_late(w, rec);
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

static long
window_next_timer(void *ctx)
{
	struct windower *w = ctx;
	int64_t end, due;

	drop_dead(w);
	if (w->nheap == 0)
		return -1;
	end = w->heap[0]->end;
	if (w->time.expr == NULL) {
		due = end + w->wait - clock_realtime();
		return due <= 0 ? 0 : (long)((due + 999999) / 1000000);
	}
	if (!w->have_event)
		return -1;
	/* the monotonic time at which the watermark reaches end */
	due = w->max_seen_at + (end - (w->max_event - w->wait));
	return clock_ms_until(due);
}

static void
window_timer(void *ctx, struct stream *s)
{
	struct windower *w = ctx;

	close_due(w, s, watermark(w));
	output_flush(&s->out);
}

static void
window_finish(void *ctx, struct stream *s)
{
	struct windower *w = ctx;

	close_due(w, s, INT64_MAX);
	if (w->late_count > 0)
		fprintf(stderr,
		    "%s: %lu late event%s dropped (--late FILE "
		    "keeps them)\n",
		    diag_progname(), w->late_count,
		    w->late_count == 1 ? "" : "s");
}

struct step
windower_step(struct windower *w)
{
	struct step st = { .record = window_record,
		.finish = window_finish,
		.next_timer = window_next_timer,
		.timer = window_timer,
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
