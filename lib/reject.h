#ifndef REJECT_H
#define REJECT_H

#include <stddef.h>

/*
 * The bad-input policy shared by every tool: a rejected line is reported
 * as "PROG: FILE:LINE: reason" on standard error, appended verbatim (with
 * a newline) to the --dead-letter file when there is one, and counted.
 * With --strict the first rejection is fatal.  The dead-letter file is
 * written with write(2) at once, so a crash never loses a rejected line.
 */
struct reject {
	int fd; /* dead-letter file, or -1 */
	const char *path;
	int strict;
	unsigned long count;
	int write_error; /* errno of a failed dead-letter write */
};

/* Returns 0, or -1 with errno set when path cannot be opened. */
int reject_init(struct reject *rj, const char *dead_letter, int strict);

/*
 * Report and keep one rejected line.  text may be NULL when the bytes
 * were already kept with reject_spill (over-long lines).  Returns 1 when
 * the tool must stop (--strict, or the dead-letter file could not be
 * written: the user asked that no rejected line be lost), else 0.
 */
int reject_line(struct reject *rj, const char *file, unsigned long lineno,
    const char *text, size_t len, const char *reason);

/* Append bytes of a line being rejected piecemeal (no newline added). */
void reject_spill(struct reject *rj, const char *p, size_t n);

void reject_close(struct reject *rj);

#endif
