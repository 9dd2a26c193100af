/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef COUNT_H
#define COUNT_H

#include <stdint.h>

#include "buf.h"
#include "hmap.h"
#include "key.h"
#include "stream.h"

/*
 * scount: counts per key.  Memory is one hash-map entry per distinct key
 * (the key's JSON text and a 64-bit count); nothing per record.
 */
enum count_sort { COUNT_SORT_COUNT, COUNT_SORT_KEY, COUNT_SORT_NONE };

struct counter {
	/* options */
	struct keyspec key;
	enum count_sort sort;
	unsigned long top; /* rows per table, 0 for all */
	int64_t every;	   /* ns between periodic tables, 0 for none */
	int running;	   /* a row after every record */
	/* state */
	struct hmap counts;
	struct buf keytext, row;
	int64_t next_tick; /* monotonic ns of the next periodic table */
};

/*
 * The shortest --every: a table is written from scratch each time, and
 * a faster rate would be output, not a count.
 */
#define COUNT_EVERY_MIN INT64_C(10000000) /* 10ms */

void counter_init(struct counter *c);
struct step counter_step(struct counter *c);
void counter_free(struct counter *c);

/* Parses --sort's argument; -1 when unknown. */
int counter_sort_parse(const char *name, enum count_sort *sort);

#endif
