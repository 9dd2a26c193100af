/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "join.h"
#include "jtext.h"
#include "output.h"
#include "reader.h"
#include "snapshot.h"
#include "xalloc.h"

/* One buffered record: its line's bytes (compact JSON when repaired). */
struct join_row {
	char *text;
	size_t len;
};

struct join_side {
	struct join_row *rows;
	size_t n, cap;
};

/* A key in one window, with what each side has sent for it. */
struct join_group {
	struct join_window *win;
	const char *key; /* the window map's copy */
	size_t keylen;
	size_t filled;			  /* sides with at least one row */
	int64_t touched;		  /* --ttl clock at the last arrival */
	struct join_group *older, *newer; /* by last arrival */
	struct join_side sides[];
};

struct join_window {
	int64_t start, end;
	struct hmap groups; /* key text -> struct join_group */
};

struct join_input {
	int live;
	int ended;
	int have;	      /* it has sent an event time */
	int64_t max_event;    /* the largest event time it has sent */
	int64_t max_seen_at;  /* monotonic ns when that one arrived */
	int64_t last_arrival; /* monotonic ns of its last record */
};

/* How often, at most, time alone can move a live watermark. */
#define JOIN_TICK_MS 100

void
joiner_init(struct joiner *j)
{
	memset(j, 0, sizeof(*j));
	j->late_fd = -1;
	j->wm_now = INT64_MIN;
	evtime_init(&j->time);
}

void
join_default_name(const char *file, struct buf *out)
{
	const char *base, *dot;

	if (strcmp(file, "-") == 0) {
		buf_adds(out, "stdin");
		return;
	}
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	buf_add(out, base, (size_t)(dot - base));
}

int
joiner_set_names(struct joiner *j, const char *as, struct buf *why)
{
	const char *p = as, *comma;
	struct buf b = { 0 };
	size_t i;

	j->names = xcalloc(j->nin + 1, sizeof(*j->names));
	for (i = 0; i < j->nin; i++) {
		buf_reset(&b);
		if (as == NULL) {
			join_default_name(j->files[i], &b);
		} else if (p == NULL) {
			buf_printf(why, "--as: fewer names than FILEs: %s", as);
			buf_free(&b);
			return -1;
		} else {
			comma = strchr(p, ',');
			buf_add(&b, p, comma ? (size_t)(comma - p) : strlen(p));
			p = comma ? comma + 1 : NULL;
		}
		j->names[i] = xstrndup(b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	if (as != NULL && p != NULL) {
		buf_printf(why, "--as: more names than FILEs: %s", as);
		return -1;
	}
	return 0;
}

static int
check_names(struct joiner *j, struct buf *why)
{
	size_t i, k;

	for (i = 0; i < j->nin; i++) {
		if (j->names[i][0] == '\0') {
			buf_printf(why, "input %zu has an empty name (--as)",
			    i + 1);
			return -1;
		}
		if (!j->merge && strcmp(j->names[i], "key") == 0) {
			buf_adds(why,
			    "an input cannot be named \"key\": the"
			    " output uses it (--as NAME,...)");
			return -1;
		}
		for (k = 0; k < i; k++)
			if (strcmp(j->names[i], j->names[k]) == 0) {
				buf_printf(why,
				    "two inputs are named \"%s\""
				    " (--as NAME,... names them)",
				    j->names[i]);
				return -1;
			}
	}
	return 0;
}

static int
one_stdin(const struct joiner *j)
{
	size_t i, n = 0;

	for (i = 0; i < j->nin; i++)
		n += strcmp(j->files[i], "-") == 0;
	return n > 1 ? -1 : 0;
}

int
joiner_check(struct joiner *j, struct buf *why)
{
	size_t i;

	if (j->nin < 2) {
		buf_adds(why, "sjoin needs two or more FILEs (or --lookup)");
		return -1;
	}
	if (one_stdin(j) < 0) {
		buf_adds(why,
		    "standard input (-) can be only one of the"
		    " inputs");
		return -1;
	}
	if (check_names(j, why) < 0)
		return -1;
	if (j->window > 0 && j->time.expr == NULL) {
		buf_adds(why, "--window needs -t EXPR (the event time)");
		return -1;
	}
	if (j->window == 0 && j->idle > 0) {
		buf_adds(why, "--idle goes with --window");
		return -1;
	}
	if (j->window == 0 && j->late_path != NULL) {
		buf_adds(why, "--late goes with --window");
		return -1;
	}
	if (j->time.expr == NULL && (j->wait > 0 || j->wm != JOIN_WM_AUTO)) {
		buf_adds(why, "--wait and --watermark need -t EXPR");
		return -1;
	}
	if (j->idle == 0)
		j->idle = j->window > 0 ? j->window : j->ttl;
	j->prefix = xcalloc(j->nin, sizeof(*j->prefix));
	j->in = xcalloc(j->nin, sizeof(*j->in));
	j->picks = xcalloc(j->nin, sizeof(*j->picks));
	for (i = 0; i < j->nin; i++) {
		buf_addc(&j->prefix[i], ',');
		jtext_dump_string(&j->prefix[i], j->names[i],
		    strlen(j->names[i]));
		buf_addc(&j->prefix[i], ':');
	}
	return 0;
}

int
joiner_open(struct joiner *j)
{
	size_t i;

	j->started = clock_monotonic();
	for (i = 0; i < j->nin; i++) {
		char *one[2] = { j->files[i], NULL };

		if (j->wm == JOIN_WM_AUTO)
			j->in[i].live = j->follow || reader_files_live(one);
		else
			j->in[i].live = j->wm == JOIN_WM_LIVE;
	}
	if (j->late_path == NULL)
		return 0;
	j->late_fd = output_open_append(j->late_path);
	return j->late_fd < 0 ? -1 : 0;
}

static int64_t
input_watermark(const struct joiner *j, const struct join_input *in,
    int64_t now)
{
	int64_t w;

	if (!in->have)
		return INT64_MIN;
	w = evtime_sat_sub(in->max_event, j->wait);
	if (in->live)
		w = evtime_sat_add(w, now - in->max_seen_at);
	return w;
}

/* An input that no longer holds the watermark back. */
static int
released(const struct joiner *j, const struct join_input *in, int64_t now)
{
	int64_t last = in->last_arrival ? in->last_arrival : j->started;

	return in->ended || (in->live && now - last >= j->idle);
}

/*
 * The smallest watermark of the inputs that hold it back; when none
 * does (all ended or idle), the largest of all.
 */
static int64_t
inputs_watermark(const struct joiner *j, int64_t now)
{
	int64_t w, least = INT64_MAX, most = INT64_MIN;
	int held = 0;
	size_t i;

	for (i = 0; i < j->nin; i++) {
		w = input_watermark(j, &j->in[i], now);
		if (w > most)
			most = w;
		if (released(j, &j->in[i], now))
			continue;
		held = 1;
		if (w < least)
			least = w;
	}
	return held ? least : most;
}

/*
 * The watermark never goes back, as in Flink: an idle input that wakes
 * up behind it does not reopen what has closed.
 */
static int64_t
watermark(struct joiner *j, int64_t now)
{
	int64_t w = inputs_watermark(j, now);

	if (w > j->wm_now)
		j->wm_now = w;
	return j->wm_now;
}

/*
 * The --ttl clock: with -t the watermark, so that a slow input holds
 * expiry back as it holds windows open, and a key expires once the
 * watermark is DUR past its last record's event time; else the arrival
 * clock.
 */
static int64_t
ttl_now(struct joiner *j, int64_t now)
{
	return j->time.expr != NULL ? watermark(j, now) : now;
}

/*
 * Output.
 */

static void
add_row_text(struct buf *b, const struct join_group *g, size_t side, long pick)
{
	const struct join_row *r;

	if (pick < 0) {
		buf_adds(b, "null");
		return;
	}
	r = &g->sides[side].rows[pick];
	buf_add(b, r->text, r->len);
}

/* One output row: for each side the row picks[side], or null (-1). */
static void
write_pick(struct joiner *j, struct stream *s, const struct join_group *g,
    const long *picks)
{
	const struct join_row *r;
	json_t *obj, *v;
	size_t i;

	if (j->merge) {
		obj = json_object();
		for (i = 0; i < j->nin; i++) {
			if (picks[i] < 0)
				continue;
			r = &g->sides[i].rows[picks[i]];
			v = jtext_parse(r->text, r->len, NULL);
			if (json_is_object(v))
				json_object_update(obj, v);
			json_decref(v);
		}
		stream_write_value(s, obj);
		json_decref(obj);
		return;
	}
	buf_reset(&j->row);
	buf_adds(&j->row, "{\"key\":");
	buf_add(&j->row, g->key, g->keylen);
	for (i = 0; i < j->nin; i++) {
		buf_add(&j->row, j->prefix[i].data, j->prefix[i].len);
		add_row_text(&j->row, g, i, picks[i]);
	}
	buf_adds(&j->row, "}\n");
	output_write(&s->out, j->row.data, j->row.len);
}

/*
 * Writes every combination of the sides' rows, null for an empty side;
 * a side equal to fixed takes only its row fixed_row (fixed = nin: no
 * side is fixed).
 */
static void
write_product(struct joiner *j, struct stream *s, const struct join_group *g,
    size_t fixed, long fixed_row)
{
	long *picks = j->picks;
	size_t i;

	for (i = 0; i < j->nin; i++)
		picks[i] = i == fixed ? fixed_row : g->sides[i].n ? 0 : -1;
	for (;;) {
		write_pick(j, s, g, picks);
		if (output_failed(&s->out))
			break;
		/* the next combination, the last side counting fastest */
		for (i = j->nin; i-- > 0;) {
			if (i == fixed || picks[i] < 0)
				continue;
			if ((size_t)++picks[i] < g->sides[i].n)
				break;
			picks[i] = 0;
		}
		if (i == (size_t)-1)
			break;
	}
}

/*
 * State.
 */

static struct join_window *
window_new(int64_t start, int64_t end)
{
	struct join_window *w = xcalloc(1, sizeof(*w));

	w->start = start;
	w->end = end;
	hmap_init(&w->groups);
	return w;
}

/* The open window starting at start, created when there is none. */
static struct join_window *
window_at(struct joiner *j, int64_t start, int64_t end)
{
	size_t lo = 0, hi = j->nwins, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (j->wins[mid]->start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < j->nwins && j->wins[lo]->start == start)
		return j->wins[lo];
	if (j->nwins == j->capwins) {
		j->capwins = j->capwins ? 2 * j->capwins : 8;
		j->wins = xrealloc(j->wins, j->capwins * sizeof(*j->wins));
	}
	memmove(j->wins + lo + 1, j->wins + lo,
	    (j->nwins - lo) * sizeof(*j->wins));
	j->nwins++;
	return j->wins[lo] = window_new(start, end);
}

static void
unlink_group(struct joiner *j, struct join_group *g)
{
	if (g->older != NULL)
		g->older->newer = g->newer;
	else
		j->oldest = g->newer;
	if (g->newer != NULL)
		g->newer->older = g->older;
	else
		j->newest = g->older;
	g->older = g->newer = NULL;
}

/*
 * Moves g to its place in the --ttl order, kept sorted by touched: from
 * the newest end, where a key that just arrived almost always belongs.
 */
static void
touch_group(struct joiner *j, struct join_group *g, int64_t when)
{
	struct join_group *at;

	if (j->oldest == g || g->older != NULL)
		unlink_group(j, g);
	g->touched = when;
	at = j->newest;
	while (at != NULL && at->touched > when)
		at = at->older;
	g->older = at;
	g->newer = at != NULL ? at->newer : j->oldest;
	if (g->newer != NULL)
		g->newer->older = g;
	else
		j->newest = g;
	if (at != NULL)
		at->newer = g;
	else
		j->oldest = g;
}

static struct join_group *
group_at(struct joiner *j, struct join_window *w, const char *key, size_t len)
{
	struct hmap_entry *e;
	struct join_group *g;
	int created;

	e = hmap_put(&w->groups, key, len, &created);
	if (!created)
		return e->value;
	g = xcalloc(1, sizeof(*g) + j->nin * sizeof(g->sides[0]));
	g->win = w;
	g->key = e->key; /* the map's copy: it stays put until removed */
	g->keylen = len;
	e->value = g;
	return g;
}

static void
group_free(struct joiner *j, struct join_group *g)
{
	size_t i, k;

	for (i = 0; i < j->nin; i++) {
		for (k = 0; k < g->sides[i].n; k++)
			free(g->sides[i].rows[k].text);
		free(g->sides[i].rows);
	}
	free(g);
}

/* Forgets g: out of the --ttl order, out of its window (freeing its key). */
static void
group_drop(struct joiner *j, struct join_group *g)
{
	unlink_group(j, g);
	hmap_remove(&g->win->groups, g->key, g->keylen);
	group_free(j, g);
}

/* outer mode: a key forgotten before it completed is emitted anyway. */
static void
group_expire(struct joiner *j, struct stream *s, struct join_group *g)
{
	if (j->mode == JOIN_OUTER && g->filled < j->nin)
		write_product(j, s, g, j->nin, 0);
	group_drop(j, g);
}

/*
 * Keeps rec on side i of g as --keep says.  Returns the index of its
 * row, or -1 when keep first left it out.
 */
static long
keep_record(struct joiner *j, struct join_group *g, size_t i,
    struct record *rec)
{
	struct join_side *sd = &g->sides[i];
	struct join_row *r;
	struct buf why = { 0 };

	if (sd->n > 0 && j->keep == KEEP_FIRST)
		return -1;
	if (sd->n == 0)
		g->filled++;
	if (sd->n > 0 && j->keep == KEEP_LAST) {
		free(sd->rows[0].text);
		sd->n = 0;
	}
	if (sd->n == sd->cap) {
		sd->cap = sd->cap ? 2 * sd->cap : 1;
		sd->rows = xrealloc(sd->rows, sd->cap * sizeof(*sd->rows));
	}
	r = &sd->rows[sd->n];
	if (record_text_ok(rec)) {
		r->text = xmalloc(rec->len);
		memcpy(r->text, rec->text, rec->len);
		r->len = rec->len;
	} else {
		struct buf b = { 0 };

		jtext_dump(&b, record_value(rec, &why));
		r->text = b.data;
		r->len = b.len;
	}
	buf_free(&why);
	return (long)sd->n++;
}

/* Forgets every key of w, in order of their last arrival. */
static void
expire_window(struct joiner *j, struct stream *s, struct join_window *w)
{
	struct join_group *g, *next;

	for (g = j->oldest; g != NULL && w->groups.n > 0; g = next) {
		next = g->newer;
		if (g->win == w)
			group_expire(j, s, g);
	}
}

/* Closes every window the watermark has passed, oldest first. */
static void
close_due(struct joiner *j, struct stream *s, int64_t now)
{
	struct join_window *w;
	int64_t wm;

	if (j->window == 0 || j->nwins == 0)
		return;
	wm = watermark(j, now);
	while (
	    j->nwins > 0 && j->wins[0]->end <= wm && !output_failed(&s->out)) {
		w = j->wins[0];
		expire_window(j, s, w);
		hmap_free(&w->groups);
		free(w);
		memmove(j->wins, j->wins + 1, --j->nwins * sizeof(*j->wins));
	}
}

/* Forgets the keys that have waited longer than --ttl. */
static void
expire_due(struct joiner *j, struct stream *s, int64_t now)
{
	int64_t clock;

	if (j->ttl == 0)
		return;
	clock = ttl_now(j, now);
	while (j->oldest != NULL &&
	    evtime_sat_add(j->oldest->touched, j->ttl) <= clock &&
	    !output_failed(&s->out)) {
		j->expired++;
		group_expire(j, s, j->oldest);
	}
}

static void
write_late(struct joiner *j, struct stream *s, struct record *rec)
{
	if (j->late_fd >= 0)
		stream_write_side(s, j->late_fd, j->late_path, rec);
	j->late_count++;
}

/* The window of event time t: [start, end), or -1 out of range. */
static int
window_of(const struct joiner *j, int64_t t, int64_t *start, int64_t *end)
{
	int64_t off = t % j->window;

	if (off < 0)
		off += j->window;
	*start = t - off;
	if (*start > INT64_MAX - j->window)
		return -1;
	*end = *start + j->window;
	return 0;
}

static void
note_arrival(struct joiner *j, size_t src, int have_time, int64_t t,
    int64_t now)
{
	struct join_input *in = &j->in[src];

	in->last_arrival = now;
	if (have_time && (!in->have || t > in->max_event)) {
		in->max_event = t;
		in->max_seen_at = now;
		in->have = 1;
	}
}

static void
emit_arrival(struct joiner *j, struct stream *s, struct join_group *g,
    size_t src, long row)
{
	if (j->mode == JOIN_RUNNING) {
		if (j->keep == KEEP_ALL && row >= 0)
			write_product(j, s, g, src, row);
		else
			write_product(j, s, g, j->nin, 0);
		return;
	}
	if (g->filled == j->nin) {
		write_product(j, s, g, j->nin, 0);
		group_drop(j, g);
	}
}

static int
join_record(void *ctx, struct stream *s, struct record *rec, struct buf *why)
{
	struct joiner *j = ctx;
	size_t src = rec->source;
	int64_t t = 0, start = INT64_MIN, end = INT64_MAX, now;
	struct join_window *w;
	struct join_group *g;
	json_t *v;
	long row;

	buf_reset(&j->keytext);
	if (key_of(&j->keys[src], rec, &j->keytext, why) == KEY_ERROR)
		return -1;
	if ((v = record_value(rec, why)) == NULL)
		return -1;
	if (j->merge && !json_is_object(v)) {
		buf_printf(why, "--merge: %s record is not an object",
		    json_is_array(v) ? "an array" : "a scalar");
		return -1;
	}
	if (j->time.expr != NULL && evtime_of(&j->time, v, &t, why) < 0)
		return -1;
	if (j->window > 0 && window_of(j, t, &start, &end) < 0) {
		buf_adds(why, "event time out of range");
		return -1;
	}
	now = clock_monotonic();
	/* late for its own window, judged before its arrival counts */
	if (j->window > 0 && end <= watermark(j, now)) {
		write_late(j, s, rec);
		return 0;
	}
	note_arrival(j, src, j->time.expr != NULL, t, now);
	w = window_at(j, start, end);
	g = group_at(j, w, j->keytext.data, j->keytext.len);
	row = keep_record(j, g, src, rec);
	touch_group(j, g, j->time.expr != NULL ? t : now);
	emit_arrival(j, s, g, src, row);
	close_due(j, s, now);
	expire_due(j, s, now);
	return 0;
}

static int
any_live(const struct joiner *j)
{
	size_t i;

	for (i = 0; i < j->nin; i++)
		if (j->in[i].live && !j->in[i].ended)
			return 1;
	return 0;
}

static long
join_next_timer(void *ctx)
{
	struct joiner *j = ctx;
	int64_t due;
	long ms = -1;

	/* live, time alone moves the watermark: look again every tick */
	if (any_live(j) &&
	    ((j->window > 0 && j->nwins > 0) ||
		(j->ttl > 0 && j->time.expr != NULL && j->oldest != NULL))) {
		if (j->tick_at == 0)
			j->tick_at =
			    clock_monotonic() + JOIN_TICK_MS * 1000000LL;
		ms = clock_ms_until(j->tick_at);
	}
	if (j->ttl > 0 && j->time.expr == NULL && j->oldest != NULL) {
		due = evtime_sat_add(j->oldest->touched, j->ttl);
		if (ms < 0 || clock_ms_until(due) < ms)
			ms = clock_ms_until(due);
	}
	return ms;
}

static void
join_timer(void *ctx, struct stream *s)
{
	struct joiner *j = ctx;
	int64_t now = clock_monotonic();

	close_due(j, s, now);
	expire_due(j, s, now);
	j->tick_at = 0;
}

static void
join_input_end(void *ctx, struct stream *s, size_t input)
{
	struct joiner *j = ctx;
	int64_t now = clock_monotonic();

	j->in[input].ended = 1;
	close_due(j, s, now);
	expire_due(j, s, now);
}

static void
join_finish(void *ctx, struct stream *s)
{
	struct joiner *j = ctx;
	size_t i;

	for (i = 0; i < j->nwins; i++)
		expire_window(j, s, j->wins[i]);
	if (j->late_count > 0 && j->late_fd < 0)
		fprintf(stderr,
		    "%s: %lu late record%s dropped"
		    " (--late FILE keeps them)\n",
		    diag_progname(), j->late_count,
		    j->late_count == 1 ? "" : "s");
	if (j->expired > 0)
		fprintf(stderr, "%s: %lu key%s expired unmatched (--ttl)\n",
		    diag_progname(), j->expired, j->expired == 1 ? "" : "s");
}

/*
 * The state: a line with the watermarks, then one line per key in the
 * --ttl order (oldest first)
 *	[KEY, WINDOW START, WINDOW END, TOUCHED, [[ROW...] per input]]
 * where a ROW is its record's text as a JSON string, so that it comes
 * out byte for byte as it went in.
 */
static void
join_save(void *ctx, struct snap_writer *w)
{
	struct joiner *j = ctx;
	struct join_group *g;
	struct join_side *sd;
	size_t i, k;

	buf_reset(&j->row);
	buf_printf(&j->row, "{\"watermark\":%lld,\"inputs\":[",
	    (long long)j->wm_now);
	for (i = 0; i < j->nin; i++)
		buf_printf(&j->row, "%s[%d,%lld]", i ? "," : "",
		    j->in[i].have, (long long)j->in[i].max_event);
	buf_adds(&j->row, "]}");
	snap_line(w, j->row.data, j->row.len);
	for (g = j->oldest; g != NULL; g = g->newer) {
		buf_reset(&j->row);
		buf_addc(&j->row, '[');
		buf_add(&j->row, g->key, g->keylen);
		buf_printf(&j->row, ",%lld,%lld,%lld,[", (long long)g->win->start,
		    (long long)g->win->end, (long long)g->touched);
		for (i = 0; i < j->nin; i++) {
			sd = &g->sides[i];
			buf_adds(&j->row, i ? ",[" : "[");
			for (k = 0; k < sd->n; k++) {
				if (k > 0)
					buf_addc(&j->row, ',');
				jtext_dump_string(&j->row, sd->rows[k].text,
				    sd->rows[k].len);
			}
			buf_addc(&j->row, ']');
		}
		buf_adds(&j->row, "]]");
		snap_line(w, j->row.data, j->row.len);
	}
}

static int
load_inputs(struct joiner *j, const json_t *h)
{
	const json_t *inputs = json_object_get(h, "inputs"), *in;
	const json_t *wm = json_object_get(h, "watermark");
	int64_t now = clock_monotonic();
	size_t i;

	if (!json_is_integer(wm) || json_array_size(inputs) != j->nin)
		return -1;
	j->wm_now = json_integer_value(wm);
	json_array_foreach (inputs, i, in) {
		if (!json_is_integer(json_array_get(in, 0)) ||
		    !json_is_integer(json_array_get(in, 1)))
			return -1;
		j->in[i].have = json_integer_value(json_array_get(in, 0)) != 0;
		j->in[i].max_event = json_integer_value(json_array_get(in, 1));
		/* idle time counts from now: the time down is not known */
		j->in[i].max_seen_at = now;
	}
	return 0;
}

static int
load_side(struct join_group *g, size_t i, const json_t *rows)
{
	struct join_side *sd = &g->sides[i];
	const json_t *row;
	size_t k;

	if (!json_is_array(rows))
		return -1;
	json_array_foreach (rows, k, row) {
		if (!json_is_string(row))
			return -1;
		if (sd->n == sd->cap) {
			sd->cap = sd->cap ? 2 * sd->cap : 1;
			sd->rows =
			    xrealloc(sd->rows, sd->cap * sizeof(*sd->rows));
		}
		sd->rows[sd->n].len = json_string_length(row);
		sd->rows[sd->n].text = xmalloc(sd->rows[sd->n].len + 1);
		memcpy(sd->rows[sd->n].text, json_string_value(row),
		    sd->rows[sd->n].len);
		sd->n++;
	}
	g->filled += sd->n > 0;
	return 0;
}

static int
load_group(struct joiner *j, const json_t *v)
{
	const json_t *sides = json_array_get(v, 4);
	int64_t f[3];
	struct join_group *g;
	size_t i;

	if (json_array_size(v) != 5 || json_array_size(sides) != j->nin)
		return -1;
	for (i = 0; i < 3; i++) {
		if (!json_is_integer(json_array_get(v, i + 1)))
			return -1;
		f[i] = json_integer_value(json_array_get(v, i + 1));
	}
	if (f[0] >= f[1])
		return -1;
	buf_reset(&j->keytext);
	jtext_dump(&j->keytext, json_array_get(v, 0));
	g = group_at(j, window_at(j, f[0], f[1]), j->keytext.data,
	    j->keytext.len);
	if (g->filled > 0)
		return -1; /* the same key twice */
	for (i = 0; i < j->nin; i++)
		if (load_side(g, i, json_array_get(sides, i)) < 0)
			return -1;
	/* without -t the --ttl clock is the monotonic one: from now */
	touch_group(j, g, j->time.expr != NULL ? f[2] : clock_monotonic());
	return 0;
}

static int
join_load(void *ctx, struct snap_reader *r, struct buf *why)
{
	struct joiner *j = ctx;
	json_t *v;

	if ((v = snap_next_value(r, why)) == NULL || load_inputs(j, v) < 0)
		goto bad;
	json_decref(v);
	while ((v = snap_next_value(r, why)) != NULL) {
		if (load_group(j, v) < 0)
			goto bad;
		json_decref(v);
	}
	return why->len > 0 ? -1 : 0;
bad:
	json_decref(v);
	if (why->len == 0)
		buf_printf(why, "%s:%lu: not a join state of this command line",
		    r->path, r->lineno);
	return -1;
}

static void
join_stats(void *ctx, struct stats *st)
{
	struct joiner *j = ctx;
	size_t i;

	st->keys = 0;
	for (i = 0; i < j->nwins; i++)
		st->keys += (long long)j->wins[i]->groups.n;
	if (j->window == 0)
		return;
	st->late = (long long)j->late_count;
	st->windows = (long long)j->nwins;
	if (j->wm_now != INT64_MIN)
		evtime_write(&j->time, &st->watermark, j->wm_now);
}

struct step
joiner_step(struct joiner *j)
{
	struct step st = {
		.record = join_record,
		.stats = join_stats,
		.finish = join_finish,
		.next_timer = join_next_timer,
		.timer = join_timer,
		.input_end = join_input_end,
		.save = join_save,
		.load = join_load,
		.ctx = j,
	};

	return st;
}

void
joiner_free(struct joiner *j)
{
	struct join_window *w;
	size_t i;

	for (i = 0; i < j->nwins; i++) {
		w = j->wins[i];
		while (w->groups.n > 0)
			group_drop(j, w->groups.entries[0].value);
		hmap_free(&w->groups);
		free(w);
	}
	free(j->wins);
	if (j->prefix != NULL)
		for (i = 0; i < j->nin; i++)
			buf_free(&j->prefix[i]);
	free(j->prefix);
	if (j->names != NULL)
		for (i = 0; i < j->nin; i++)
			free(j->names[i]);
	free(j->names);
	free(j->in);
	free(j->picks);
	buf_free(&j->keytext);
	buf_free(&j->row);
	if (j->late_fd >= 0)
		close(j->late_fd);
}
