/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef REJECT_H
#define REJECT_H

#include <stddef.h>

#include "buf.h"

/*
 * The bad-input policy shared by every tool: a rejected line is reported
 * as "PROG: FILE:LINE: reason" on standard error, appended verbatim (with
 * a newline) to the --dead-letter file when there is one, and counted.
 * With --strict the first rejection is fatal.  The dead-letter file is
 * written with write(2) at once, so a crash never loses a rejected line.
 *
 * Rejections are counted by kind: the reason without what varies from
 * line to line (reject_kind).  The first REJECT_SHOWN of a kind are
 * reported in full, then a line says the rest are only counted; -q
 * reports none.  reject_summary tells them all at exit.
 */
#define REJECT_SHOWN 10 /* messages in full per kind */
#define REJECT_KINDS 64 /* kinds told apart; later ones count as one */
#define REJECT_LISTED 3 /* kinds named in the summary */

struct reject_kind {
	char *text; /* NULL: the kinds beyond REJECT_KINDS */
	unsigned long count;
};

struct reject {
	int fd; /* dead-letter file, or -1 */
	const char *path;
	int strict;
	int quiet; /* -q: no message per line */
	unsigned long count;
	int write_error; /* errno of a failed dead-letter write */
	struct reject_kind *kinds;
	size_t nkinds;
	char *first_file; /* where the first rejection was */
	unsigned long first_line;
	struct buf kind; /* scratch */
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

/*
 * The kind of a reason, appended to out: reason without the values that
 * vary per line: "TYPE (VALUE)" as value_describe writes it loses
 * " (VALUE)", and so does any other parenthesised remark (hints); a
 * "quoted string" or 'c'haracter goes, and so does " at column N".
 * Invalid JSON is one kind, "invalid JSON", whatever the decoder met,
 * and advice after "; " is left out.
 */
void reject_kind(const char *reason, struct buf *out);

/*
 * Appends the summary, when anything was rejected, to out:
 * "N of TOTAL lines rejected (N KIND; N KIND; N other); first at
 * FILE:LINE", the kinds most frequent first.
 */
void reject_summary(const struct reject *rj, unsigned long long total,
    struct buf *out);

/* Append bytes of a line being rejected piecemeal (no newline added). */
void reject_spill(struct reject *rj, const char *p, size_t n);

void reject_close(struct reject *rj);

#endif
