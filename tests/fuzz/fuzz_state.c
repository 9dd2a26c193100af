/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * fuzz_state: the tools' state loaders (window_load, count_load,
 * join_load behind struct step) on arbitrary state lines, as they would
 * come from a snapshot whose checksum matched: a crafted or buggy file
 * must be refused with a message, never crash or leak.  The first byte
 * picks the tool and its options; the rest are the lines.  What loads
 * is saved again, and the saved state must load back.
 *
 *  0  swindow --tumbling with every kind of aggregate
 *  1  swindow --session
 *  2  scount
 *  3  sjoin of two inputs, --window
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg.h"
#include "count.h"
#include "join.h"
#include "snapshot.h"
#include "window.h"
#include "xalloc.h"

static const char *const aggs[] = { "count", "sum(.v)", "avg(.v)",
	"min(.v)", "max(.v)", "first(.v)", "last(.v)", "collect(.v)",
	"distinct(.v)", "p90(.v)", "stddev(.v)" };
#define NAGGS (sizeof(aggs) / sizeof(aggs[0]))

static char *files[] = { "a", "b", NULL };

/* Compiled once: compiling is most of the time of a run. */
static struct agg_spec specs[NAGGS];

static void
windower_setup(struct windower *w, enum window_kind kind)
{
	struct buf why = { 0 };
	size_t i;

	windower_init(w);
	w->kind = kind;
	w->len = w->gap = 1000000000;
	for (i = 0; i < NAGGS && specs[NAGGS - 1].name == NULL; i++)
		if (agg_parse(aggs[i], NULL, 0, &specs[i], &why) < 0)
			abort();
	w->aggs = specs;
	w->naggs = NAGGS;
	if (windower_check(w, &why) < 0 || windower_open(w) < 0)
		abort();
	buf_free(&why);
}

static void
windower_teardown(struct windower *w)
{
	windower_free(w);
}

static void
joiner_setup(struct joiner *j)
{
	struct expr_error err;
	struct buf why = { 0 };

	joiner_init(j);
	j->nin = 2;
	j->files = files;
	j->window = 1000000000;
	if (joiner_set_names(j, NULL, &why) < 0)
		abort();
	j->keys = xcalloc(2, sizeof(*j->keys));
	j->time.expr = expr_compile(".t", NULL, 0, &err);
	if (joiner_check(j, &why) < 0 || joiner_open(j) < 0) {
		fprintf(stderr, "fuzz_state: %s\n", why.data);
		abort();
	}
	buf_free(&why);
}

/* Loads text (ending in a newline) as the step's state; 0 when it did. */
static int
load(struct step *st, char *text, size_t len, struct buf *why)
{
	struct snap_reader r;

	memset(&r, 0, sizeof(r));
	r.path = "fuzz";
	r.data = text;
	r.len = r.end = len;
	return st->load(st->ctx, &r, why);
}

/* Saves the step's state and returns its lines (caller frees). */
static char *
save(struct step *st, size_t *len)
{
	/* tmpfs: a snapshot ends with fsync */
	char path[] = "/dev/shm/fuzz_state.XXXXXX";
	struct snap_writer w;
	struct snap_reader r;
	struct buf why = { 0 };
	char *lines;
	int fd;

	if ((fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	if (snap_create(&w, path) < 0)
		abort();
	st->save(st->ctx, &w);
	if (snap_commit(&w) < 0 || snap_open(&r, path, &why) != 1) {
		fprintf(stderr, "fuzz_state: a saved state does not open: %s\n",
		    why.data ? why.data : "");
		abort();
	}
	unlink(path);
	*len = r.end - r.pos;
	lines = xmalloc(*len + 1);
	memcpy(lines, r.data + r.pos, *len);
	snap_close(&r);
	buf_free(&why);
	return lines;
}

struct tool {
	struct windower w;
	struct counter c;
	struct joiner j;
	struct step st;
};

static void
setup(struct tool *t, int which)
{
	memset(t, 0, sizeof(*t));
	switch (which) {
	case 0:
	case 1:
		windower_setup(&t->w, which ? WINDOW_SESSION : WINDOW_TUMBLING);
		t->st = windower_step(&t->w);
		break;
	case 2:
		counter_init(&t->c);
		t->st = counter_step(&t->c);
		break;
	default:
		joiner_setup(&t->j);
		t->st = joiner_step(&t->j);
	}
}

static void
teardown(struct tool *t, int which)
{
	if (which < 2)
		windower_teardown(&t->w);
	else if (which == 2)
		counter_free(&t->c);
	else {
		joiner_free(&t->j);
		free(t->j.keys);
		expr_free(t->j.time.expr);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = { 0 };
	struct tool t, again;
	char *text, *saved;
	size_t len, slen;
	int which;

	if (size < 1)
		return 0;
	which = data[0] % 4;
	len = size - 1;
	text = xmalloc(len + 1);
	memcpy(text, data + 1, len);
	if (len == 0 || text[len - 1] != '\n')
		text[len++] = '\n';
	setup(&t, which);
	if (load(&t.st, text, len, &why) == 0) {
		saved = save(&t.st, &slen);
		setup(&again, which);
		buf_reset(&why);
		if (load(&again.st, saved, slen, &why) != 0) {
			fprintf(stderr, "fuzz_state: a saved state does not "
					"load back: %s\n",
			    why.data);
			abort();
		}
		teardown(&again, which);
		free(saved);
	}
	teardown(&t, which);
	free(text);
	buf_free(&why);
	return 0;
}

#ifdef FUZZ_STANDALONE
#include "fuzz_main.h"
#endif
