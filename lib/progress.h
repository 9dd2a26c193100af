/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

/*
 * The progress meter of the stateful tools: one line on standard error,
 *
 *	PROG: 12.0 of 40.0 MiB (30%), 512000 records/s
 *
 * drawn only when standard error is a terminal and every input is a
 * regular file (not followed) of PROGRESS_LARGE bytes or more in all;
 * first once the run has read for PROGRESS_DELAY (a quick run shows
 * nothing), then at most every PROGRESS_EVERY, and erased at the end or
 * before any other message.
 */
#define PROGRESS_LARGE (4LL << 20)
#define PROGRESS_DELAY INT64_C(1000000000) /* ns */
#define PROGRESS_EVERY INT64_C(250000000)

struct progress {
	int on;	       /* a meter may be drawn */
	int shown;     /* one is on the screen now */
	int64_t total; /* bytes of the inputs */
	int64_t start; /* monotonic ns, and of the next redraw */
	int64_t next;
	unsigned long batch; /* the reader's read(2) count last looked at */
};

/*
 * Decides from the inputs (files NULL-terminated, none: standard input)
 * and standard error whether the meter is on; want is 0 for tools that
 * hold no state (they are as fast as reading).
 */
void progress_init(struct progress *p, char **files, int follow, int want);

/* Draws it if it is due at now: done bytes of total, records so far. */
void progress_update(struct progress *p, int64_t now, int64_t done,
    unsigned long long records);

/* Takes it off the screen, if it is on it. */
void progress_erase(struct progress *p);

#endif
