/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef LOOKUP_H
#define LOOKUP_H

#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "hmap.h"
#include "key.h"
#include "stream.h"

/*
 * sjoin --lookup: enrichment of a stream from a table.  The table (a
 * file of NDJSON objects) is held in memory by key, each row as its
 * line's bytes; a key repeated in the table keeps its last row.  Every
 * stream record (an object) is written with the fields of its row added
 * after its own; a field the record already has keeps the record's
 * value.  A record with no row is written unchanged, or dropped with
 * inner.
 *
 * The table is read again on SIGHUP, and with reload whenever the file
 * changes (checked every LOOKUP_CHECK_MS): the new rows replace the old
 * ones at once, between two records; a table that cannot be read keeps
 * the old rows.
 */
#define LOOKUP_CHECK_MS 1000

struct lookup {
	/* options */
	struct keyspec key;
	const char *table;
	int inner;
	int reload;
	size_t max_line;
	/* state */
	struct hmap rows; /* key text -> json_t * (the row, an object) */
	dev_t dev;	  /* what was loaded, to notice a change */
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int64_t check_at;  /* monotonic ns of the next --reload check */
	unsigned long bad; /* table lines rejected, over all loads */
	struct buf keytext;
	struct buf out; /* the lazy path's record */
};

void lookup_init(struct lookup *l);

/*
 * Loads the table.  Bad lines are reported on standard error as
 * "PROG: TABLE:LINE: reason" and counted in bad.  Returns -1 when the
 * table cannot be read at all (message printed), else 0.
 */
int lookup_load(struct lookup *l);

struct step lookup_step(struct lookup *l);
void lookup_free(struct lookup *l);

#endif
