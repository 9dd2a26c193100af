/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef READER_H
#define READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "follow.h"

/*
 * Lines from a list of files read in order, like cat: "-" is standard
 * input, no files at all means standard input.  A line is returned
 * without its newline and without one trailing CR; a last line with no
 * newline is still a line; a UTF-8 byte order mark at the start of a
 * file is skipped.  Lines longer than max_line bytes are not
 * kept: their bytes are handed to the overflow callback as they stream
 * past (for --dead-letter) and READ_TOOLONG is returned once the line
 * ends, so a single huge line never grows memory past the cap.
 *
 * Before the reader blocks in read(2) it calls before_wait, which the
 * stream loop uses to flush output: in bulk the reader rarely blocks and
 * output goes out in large blocks; live, every record goes out at once.
 *
 * With follow (-F), a regular file is never done: at its end the reader
 * waits for it to grow (a last line without its newline waits for it),
 * starts over when it is truncated, and when the name comes to mean
 * another file (rotation by rename) finishes the old one and then reads
 * the new one from its start, as tail -F does.  A file that does not
 * exist yet is waited for.  Standard input, pipes and FIFOs end as
 * usual.
 *
 * The reader knows, for every file, the place reached: the byte offset
 * where the next line starts and the number of the last line taken,
 * which --state saves; reader_resume starts a file at such a place.
 */
#define READER_DEFAULT_MAX_LINE (64UL << 20)

enum read_status {
	READ_LINE,     /* *line is valid until the next call */
	READ_TOOLONG,  /* a line over max_line was skipped */
	READ_TIMEOUT,  /* nothing arrived in time, or a signal came */
	READ_OPENFAIL, /* a file could not be opened or read; message in errtext
			*/
	READ_NOTICE,   /* a followed file is missing, truncated or rotated:
			  errtext says so; reading goes on */
	READ_EOF       /* every file is done */
};

struct line {
	const char *data;
	size_t len;
	size_t rawlen;	  /* len plus the CR that was dropped, if any */
	const char *file; /* name for messages: "-" shows as "<stdin>" */
	unsigned long lineno;
};

/* Where the reading of one file stands (see above). */
struct reader_place {
	int64_t offset;	      /* the next line starts here */
	unsigned long lineno; /* lines taken before it */
	dev_t dev;	      /* the file read, once opened */
	ino_t ino;
	int opened; /* it has been opened (dev and ino are set) */
	int ended;  /* read to its end, and closed */
	int stdin;  /* standard input: no place can be kept */
	char *rotated; /* read this file first (reader_resume_rotated) */
};

struct reader {
	char **files; /* NULL-terminated */
	size_t nfiles;		     /* at least 1: none means standard input */
	struct reader_place *places; /* per file */
	size_t nextfile;
	const char *name; /* current file, for messages */
	int fd;		  /* -1 between files */
	unsigned long lineno;
	char *buf;
	size_t cap, start, end; /* unconsumed bytes are buf[start..end) */
	size_t max_line;
	int nonblocking_open; /* a FIFO's open does not wait for a writer */
	int follow;	      /* -F: see above */
	int64_t base;	      /* the file offset of buf[0] */
	int regular;	      /* the current file is a regular file */
	int rotated;	      /* its name now means another file */
	int detour;	      /* reading a place's rotated file */
	int missing;	      /* followed, and not there yet */
	int waiting;	      /* followed, at its end: wait on watch */
	struct follow watch;
	int eof;	      /* current file hit end of file */
	int skipping; /* inside an over-long line */
	unsigned long reads; /* read(2)s that gave bytes: a batch's number */
	char errtext[256];
	void (*before_wait)(void *ctx);
	void (*overflow)(void *ctx, const char *p, size_t n);
	void *ctx;
};

/* files may be empty ({NULL}); the array must outlive the reader. */
void reader_init(struct reader *r, char **files, size_t max_line);

/*
 * Next line.  timeout_ms < 0 waits for ever.  READ_OPENFAIL reports one
 * file that could not be read (errtext says why); the caller decides
 * whether to go on, and the next call moves to the following file.
 */
enum read_status reader_next(struct reader *r, struct line *line,
    int timeout_ms);

void reader_free(struct reader *r);

/*
 * Before the first read: file i starts at offset, its first line
 * numbered lineno + 1.  Not for standard input.
 */
void reader_resume(struct reader *r, size_t i, int64_t offset,
    unsigned long lineno);

/*
 * As reader_resume, for a file that was renamed away (rotated) since
 * its place was saved, and found at path: file i starts with the rest
 * of path, then goes on with the file now under its own name, from its
 * start, as a rotation seen while running would.
 */
void reader_resume_rotated(struct reader *r, size_t i, const char *path,
    int64_t offset, unsigned long lineno);

/*
 * The descriptor to wait on for this reader's next line: the file, or,
 * when a followed file is at its end or missing, the change
 * notification (follow.h), or -1 for none (then wait no longer than
 * FOLLOW_POLL_MS).
 */
int reader_poll_fd(const struct reader *r);

/* A followed file is waiting for data or for the file to appear. */
int reader_waiting(const struct reader *r);

/*
 * A hash of the first len bytes of fd (FNV-1a, 64 bits), which with the
 * device and inode tells whether a file is the one a place was saved
 * for.  Returns -1 when fd has fewer bytes.
 */
int reader_head_hash(int fd, int64_t len, uint64_t *hash);

/*
 * Returns 1 when any of files (NULL-terminated; none means standard
 * input) is live input: a pipe, FIFO, socket, terminal or anything but
 * a regular file.  A file that cannot be examined counts as not live
 * (opening it will report the error).  This picks the watermark rule:
 * data alone for regular files, idle advance for live input.
 */
int reader_files_live(char **files);

/* The size of input name ("-": standard input); -1 if not a regular file. */
int64_t reader_regular_size(const char *name);

#endif
