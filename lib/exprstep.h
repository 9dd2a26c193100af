/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef EXPRSTEP_H
#define EXPRSTEP_H

#include "jq/expr.h"
#include "stream.h"

/* The steps of smap and sfilter. */

struct lazy;
struct lazy_map;
struct lazy_update;

struct exprstep {
	struct expr *expr;
	int invert;	 /* sfilter -v */
	int raw_output;	 /* smap -r: strings written as their text */
	int join_output; /* smap -j: -r, and no newline after outputs */
	struct lazy *lazy; /* set by exprstep_filter; exprstep_free frees it */
	struct lazy_map *lazymap; /* set by exprstep_map */
	struct lazy_update *lazyupdate; /* set by exprstep_map */
	struct buf tail;		/* lazy_update's scratch */
	struct expr_input input; /* input and inputs: the records of s */
	struct stream *s;	 /* the stream of the record at hand */
};

void exprstep_free(struct exprstep *x);

/* smap: every output of the expression is a record. */
struct step exprstep_map(struct exprstep *x);

/*
 * sfilter: the record, byte for byte, when any output of the expression
 * is truthy (with invert: when none is).
 */
struct step exprstep_filter(struct exprstep *x);

#endif
