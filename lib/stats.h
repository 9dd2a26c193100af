/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The counters of --stats and SIGUSR1, written as one JSON line:
 *
 *	{"tool":T,"records_in":N,"records_out":N,"rejected":N,"late":N,
 *	 "keys":N,"windows":N,"watermark":TIME,"state_bytes":N,
 *	 "bytes_in":N,"wall_s":S}
 *
 * Every field is always there; one that does not apply to the tool (a
 * stateless tool holds no keys) is null.  The stream loop fills the
 * counts it knows, a step the state it holds (struct step's stats).
 */
#define STATS_NONE (-1) /* a field that does not apply: null */

struct stats {
	unsigned long long records_in;	/* non-blank lines read */
	unsigned long long records_out; /* lines written to standard output */
	unsigned long long rejected;
	unsigned long long bytes_in;
	long long late;	       /* late events, written to --late or dropped */
	long long keys;	       /* keys held */
	long long windows;     /* open windows */
	long long state_bytes; /* what a --state snapshot of it would hold */
	struct buf watermark;  /* its JSON text; empty: null */
	int64_t wall_ns;       /* since the loop started */
};

/* Every step-filled field STATS_NONE, the counts 0. */
void stats_init(struct stats *st);

/* Appends the line (with its newline) for tool to out. */
void stats_format(const struct stats *st, const char *tool, struct buf *out);

void stats_free(struct stats *st);

/* The newlines in p[0..n), 8 bytes at a time (records written). */
unsigned long long stats_count_lines(const char *p, size_t n);

#endif
