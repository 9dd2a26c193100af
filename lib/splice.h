/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef SPLICE_H
#define SPLICE_H

#include "buf.h"
#include "jscan.h"

/*
 * Records written from their scanned text (jscan.h) as the full path
 * writes their decoded value (jtext_dump): a value that already is in
 * that form is copied, the rest is rewritten (a real in jq's digits, a
 * string's escapes in jq's), so both paths give the same bytes.
 */

/* Appends v as jtext_dump would write its decoded value. */
void splice_value(struct jspan v, struct buf *out);

/*
 * Appends the object r as jtext_dump would write del(.DEL) | .SET = X,
 * up to X: head gets what comes before X, tail what comes after, and the
 * caller writes X in between.  SET keeps its place when r has it, else
 * comes last.  del or set may be NULL; with set NULL, head gets the
 * whole object and tail nothing.  Returns 0, or -1 (nothing appended) when the
 * text does not settle it: r is not an object, a key is escaped or
 * repeated, or r has more members than its index holds.
 */
int splice_object(const struct jscan_record *r, const char *del,
    size_t dellen, const char *set, size_t setlen, struct buf *head,
    struct buf *tail);

#endif
