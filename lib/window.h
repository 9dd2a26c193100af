/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef WINDOW_H
#define WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "buf.h"
#include "evtime.h"
#include "hmap.h"
#include "key.h"
#include "stream.h"

/*
 * swindow: aggregates per key over event-time windows.
 *
 * Windows are half-open, [start, end).  Tumbling and sliding windows are
 * aligned to align: their starts are align + k * hop.  A session window
 * is [first event, last event + gap) and grows, or merges with its
 * neighbours, when an event falls within gap of it.
 *
 * The watermark says how far event time has certainly progressed:
 *   watermark = largest event time seen - wait
 * and, on live input only (live is set: a pipe, FIFO, socket or
 * terminal, or --watermark live), plus the monotonic time elapsed since
 * that event arrived, so that on a live stream that goes quiet windows
 * still close.  On regular files the data alone drives it: the same
 * file gives the same output however slowly it is read.  Without -t,
 * event time is the system clock at arrival, read once per record for
 * both the stamp and the watermark (clock - wait), and never let go
 * backwards, so no record is ever late.
 *
 * A record is put into its windows against the watermark as it stood
 * before the record arrived; only then does its time move the
 * watermark.  All window arithmetic is checked: a time whose windows
 * would leave int64_t nanoseconds rejects the record.
 *
 * A window is emitted, and its memory freed, once the watermark reaches
 * its end; windows close in order of end, then key.  An event whose
 * windows have all closed is late: it goes to the --late file, or is
 * counted and reported on standard error at exit.  State is the open
 * windows only: memory is bounded by keys x open windows.
 */
enum window_kind { WINDOW_TUMBLING, WINDOW_SLIDING, WINDOW_SESSION };

struct window;

struct windower {
	/* options */
	enum window_kind kind;
	int64_t len; /* tumbling and sliding */
	int64_t hop; /* sliding; equals len for tumbling */
	int64_t gap; /* session */
	int64_t align;
	int64_t wait;
	int emit_update;
	struct agg_spec *aggs;
	size_t naggs;
	struct keyspec key;
	struct evtime time;
	const char *late_path;
	int live;		   /* idle advance of the watermark */
	unsigned long max_windows; /* sliding windows per event */
	/* state */
	struct hmap groups;   /* key text -> struct group */
	struct window **heap; /* open windows by (end, key) */
	size_t nheap, capheap;
	int64_t max_event;
	int64_t max_seen_at; /* monotonic ns when max_event arrived */
	int have_event;
	int64_t clock; /* processing time: latest clock reading */
	int clock_valid;	   /* clock stamps the batch below */
	unsigned long clock_batch; /* the reader's read(2) count then */
	size_t clock_source;	   /* and its input */
	int64_t wm;    /* the watermark, never decreasing */
	int late_fd;
	unsigned long late_count;
	struct buf keytext, row;
	json_t **values; /* per aggregate, for the current record */
};

void windower_init(struct windower *w);
/* Sliding windows an event may fall into, unless --max-windows says. */
#define WINDOW_MAX_DEFAULT 10000UL

/*
 * Checks the options once they are all set (hop against length, windows
 * per event against max_windows, aggregate names unique and not key,
 * start, end or final) and fills in defaults (the count aggregate, the
 * hop of a tumbling window).  Returns -1 with the reason in why.
 */
int windower_check(struct windower *w, struct buf *why);
/* Opens --late; returns -1 with errno set on failure. */
int windower_open(struct windower *w);
struct step windower_step(struct windower *w);
void windower_free(struct windower *w);

#endif
