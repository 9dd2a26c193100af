/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"

/*
 * The state file of --state: lines of text, written atomically.
 *
 *	stream-tools state 1
 *	LINE ...			(the header, then the tool's state)
 *	end COUNT HASH
 *
 * COUNT is the number of lines between the first and the last, HASH the
 * FNV-1a 64-bit hash (16 hex digits) of every byte before "end".  The
 * file is written to a temporary file in the same directory, fsync'ed,
 * renamed over the old one, and the directory fsync'ed: a crash at any
 * moment leaves the old snapshot or the new one, never a mixture.  A
 * file that does not start with the first line, or whose last line does
 * not match what precedes it, is refused whole.
 */
#define SNAPSHOT_VERSION 1

struct snap_writer {
	const char *path;
	char *tmp;
	int fd;
	struct buf out; /* pending bytes */
	uint64_t hash;
	unsigned long lines;
	size_t bytes; /* added so far (--stats counts them, fd -1) */
	int error; /* errno of the first failure, or 0 */
};

/* Starts a snapshot for path; -1 with errno set when it cannot. */
int snap_create(struct snap_writer *w, const char *path);

/* Adds one line (n bytes, no newline). */
void snap_line(struct snap_writer *w, const char *p, size_t n);

/* Adds v as one line of compact JSON. */
void snap_value(struct snap_writer *w, const json_t *v);

/*
 * Finishes: the last line, fsync, rename, fsync of the directory.
 * Returns 0, or -1 with errno set, the old snapshot untouched and the
 * temporary file removed.
 */
int snap_commit(struct snap_writer *w);

/*
 * Removes the temporary files of path left by runs that were killed
 * while writing (PATH.tmp.PID whose process is gone).
 */
void snap_clean(const char *path);

/* Gives up a snapshot being written (its temporary file is removed). */
void snap_abort(struct snap_writer *w);

struct snap_reader {
	const char *path;
	char *data;
	size_t len, pos, end; /* lines are data[pos..end) */
	unsigned long lineno;
};

/*
 * Reads and checks path whole.  Returns 1 when it is a good snapshot, 0
 * when there is no such file, -1 with the reason in why otherwise
 * (unreadable, not a state file, truncated, corrupt, another version).
 */
int snap_open(struct snap_reader *r, const char *path, struct buf *why);

/* The next line: 1 with *p and *n set, 0 at the end. */
int snap_next(struct snap_reader *r, const char **p, size_t *n);

/*
 * The next line as JSON: a new reference, or NULL at the end or when it
 * is not JSON (then why says which line, else why is left empty).
 */
json_t *snap_next_value(struct snap_reader *r, struct buf *why);

void snap_close(struct snap_reader *r);

#endif
