/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>

/*
 * Buffered output to a file descriptor, written with write(2) in blocks
 * of OUTPUT_BLOCK bytes.  The stream loop flushes it whenever it is about
 * to wait for input, so a live pipeline never holds a record back.
 *
 * Write errors are sticky: after the first one every write is dropped
 * and output_failed() is true.  A closed pipe (EPIPE) is recorded as
 * such so that the tool can end quietly.
 */
#define OUTPUT_BLOCK 65536

struct output {
	int fd;
	char *data;
	size_t len;
	int error; /* errno of the first failed write, or 0 */
	unsigned long long lines; /* newlines written: records, for --stats */
};

/*
 * Opens a side output (--dead-letter, --late) for appending, creating it
 * if needed.  /dev/fd/N duplicates descriptor N instead of reopening it,
 * so that the tool shares the file offset with whoever else writes there
 * (3>&1 into a file must not overwrite).  Returns the fd, or -1 with errno.
 */
int output_open_append(const char *path);

/*
 * Writes all n bytes at p to fd at once, unbuffered, retrying after
 * signals.  Returns 0, or -1 with errno set.
 */
int output_write_fd(int fd, const void *p, size_t n);

void output_init(struct output *o, int fd);

/*
 * When fd is a regular file whose last line has no newline (a run killed
 * in the middle of a write(2) left it), cuts that fragment off, so that
 * the line the resumed run writes again is not glued to it.  Returns the
 * bytes removed, 0 for none, -1 with errno set on failure.
 */
long output_cut_fragment(int fd);
void output_write(struct output *o, const void *p, size_t n);
void output_putc(struct output *o, char c);
int output_flush(struct output *o); /* 0, or -1 with o->error set */
int output_failed(const struct output *o);
void output_free(struct output *o);

#endif
