/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include <stdint.h>

#include "buf.h"

/*
 * --state FILE and --checkpoint DUR for the stateful tools (the stream
 * loop calls these; see stream-tools(7), RECOVERY).
 *
 * A snapshot (snapshot.h) holds a header line
 *	{"tool":T,"options":[[NAME,ARG],...],"inputs":[{...},...]}
 * then the step's own lines.  The options are the command line's, as
 * given, less those that do not shape the state (checkpoint_ignored);
 * each input has its name, device, inode, the byte offset and line
 * number reached, and a hash of its first bytes, so that a restart
 * resumes every file where the snapshot left it, and reads from the
 * start a file that has been replaced or truncated since.
 *
 * Consistency: a snapshot is written between two records, after the
 * output up to it has been written out, so a window it no longer holds
 * has been emitted.  After a crash the records since the snapshot are
 * read again and give the same output again: delivery is at least once,
 * every duplicate identical to the first copy.
 */
struct stream;
struct step;

#define CHECKPOINT_DEFAULT INT64_C(5000000000) /* 5s */

struct checkpoint {
	const char *path; /* --state, or NULL */
	int64_t every;	  /* --checkpoint */
	int64_t due;	  /* monotonic ns of the next snapshot */
	int64_t now;	  /* the latest clock reading */
	unsigned ticks;	  /* loop turns since it */
	int dirty;	  /* input was consumed since the last snapshot */
	int failing;	  /* the last snapshot could not be written */
};

/*
 * Adds value to the option just remembered, when it is name: the second
 * argument of --arg NAME VALUE and kin.
 */
void checkpoint_note_value(const char *name, const char *value);

/* Remembers one option of the command line (stream_getopt calls it). */
void checkpoint_note_option(const char *name, const char *arg);

/*
 * At start: restores the state at path, if there is one, into the step
 * and the inputs' places.  Returns 0, or -1 after printing why not (a
 * corrupt or foreign file, another command line): the tool exits 2 and
 * the file is left as it is.
 */
int checkpoint_restore(struct stream *s, struct step *step);

/*
 * Writes a snapshot now (last: at the end of the run).  On failure the
 * old one stays, a message says why, and the next checkpoint tries
 * again.  Nothing is written once output has failed: the windows it
 * holds were not delivered.
 */
void checkpoint_write(struct stream *s, struct step *step, int last);

/*
 * Between records: writes a snapshot when one is due.  Returns wait (ms
 * the loop may wait for input, -1 for ever) shortened so that it wakes
 * for the next one.
 */
int checkpoint_tick(struct stream *s, struct step *step, int wait);

/* The loop waited for input: the next tick reads the clock. */
void checkpoint_waited(struct checkpoint *ck);

#endif
