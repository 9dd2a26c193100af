/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef JOIN_H
#define JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "evtime.h"
#include "hmap.h"
#include "key.h"
#include "stream.h"

/*
 * sjoin: records of several inputs that share a key, joined as they
 * arrive (the inputs are read with stream_run_concurrent; a record's
 * source says which input it came from).
 *
 * Per key, each side (input) buffers records as their lines' bytes,
 * never as decoded trees: the last one, the first one, or all of them
 * (--keep).  In complete mode a key is emitted once every side has a
 * record, then forgotten; outer mode does the same and also emits the
 * keys that never completed, with null for the missing sides, when they
 * are forgotten otherwise (end of input, window close, --ttl); running
 * mode emits on every arrival and keeps the key.  With keep all, the
 * rows emitted are those of a SQL inner join of the buffered records:
 * every combination (in running mode, every new one).
 *
 * With --window, records pair up only within one tumbling event-time
 * window; a window's keys are forgotten when the watermark passes its
 * end.  The watermark is the smallest of the inputs' watermarks, each
 * the largest event time that input has sent, less --wait; on live
 * input it also advances with the time elapsed since, and an input
 * silent for --idle no longer holds it back.  An input that has ended
 * never holds it back.  A record whose window has closed is late.
 *
 * Memory is the buffered records of keys not yet joined (and, in
 * running mode, of every key in an open window), never the stream.
 */
enum join_mode { JOIN_COMPLETE, JOIN_RUNNING, JOIN_OUTER };
enum join_keep { KEEP_LAST, KEEP_FIRST, KEEP_ALL };
enum join_watermark { JOIN_WM_AUTO, JOIN_WM_DATA, JOIN_WM_LIVE };

struct join_window;
struct join_group;
struct join_input;

struct joiner {
	/* options */
	size_t nin;
	struct keyspec *keys; /* one per input */
	char **names;	      /* one per input, owned (joiner_set_names) */
	enum join_mode mode;
	enum join_keep keep;
	int merge;
	int64_t window; /* --window length in ns, 0 for none */
	int64_t wait;
	int64_t idle; /* 0: the window length */
	int64_t ttl;  /* 0: none */
	struct evtime time;
	enum join_watermark wm;
	const char *late_path;
	char **files; /* the inputs, to tell live ones */
	int follow;   /* -F: every input is live */
	/* state */
	struct join_input *in;
	long *picks; /* per input, the row being written (write_product) */
	struct join_window **wins; /* open windows, by start */
	size_t nwins, capwins;
	struct join_group *oldest, *newest; /* by last arrival, for --ttl */
	int late_fd;
	unsigned long late_count, expired;
	struct buf keytext, row, *prefix; /* prefix: ',"NAME":' per input */
	int64_t started;		  /* monotonic ns at start */
	int64_t tick_at; /* monotonic ns of the next live tick, or 0 */
	int64_t wm_now;	 /* the watermark so far */
};

void joiner_init(struct joiner *j);

/*
 * Names the inputs (j->files, j->nin set): as is --as "a,b,c", one name
 * per file, or NULL for the files' default names (join_default_name).
 * Returns -1 with the reason in why when the count is wrong.
 */
int joiner_set_names(struct joiner *j, const char *as, struct buf *why);

/*
 * Checks the options once they are all set (names, keys, window and
 * time) and fills in defaults.  Returns -1 with the reason in why.
 */
int joiner_check(struct joiner *j, struct buf *why);

/* Opens --late; returns -1 with errno set on failure. */
int joiner_open(struct joiner *j);

struct step joiner_step(struct joiner *j);
void joiner_free(struct joiner *j);

/*
 * The default name of an input: the base name of its file without its
 * extension ("users.ndjson" gives "users"; "-" gives "stdin").
 * Appends it to out.
 */
void join_default_name(const char *file, struct buf *out);

#endif
