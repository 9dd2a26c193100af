/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef KEY_H
#define KEY_H

#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"
#include "record.h"

/*
 * Grouping keys for the stateful tools (scount, swindow, sjoin): -k EXPR
 * when given, else the record's "_key" field when present, else (with
 * whole_record, as scount does) the record itself, else one global group.
 * A key is held as its compact JSON text, which is both the hash-map key
 * and what the output's "key" field shows.
 */
struct keyspec {
	struct expr *expr; /* -k EXPR, or NULL */
	int whole_record;  /* no -k and no _key: the record is the key */
};

enum { KEY_OK = 0, KEY_GLOBAL = 1, KEY_ERROR = -1 };

/*
 * Appends the key text of rec to out.  Returns KEY_OK, KEY_GLOBAL (no key:
 * out gets "null"), or KEY_ERROR with the reason in why (bad JSON, the
 * expression failed or produced nothing).
 */
int key_of(const struct keyspec *k, struct record *rec, struct buf *out,
    struct buf *why);

/* Orders two key texts as jq orders their values. */
int key_compare(const char *a, size_t alen, const char *b, size_t blen);

/*
 * The Kafka default partitioner's murmur2 (seed 0x9747b28c) of len bytes,
 * as the signed 32-bit value Kafka's Utils.murmur2 returns.
 */
int32_t key_murmur2(const char *data, size_t len);

/* Kafka's partition of a key: (murmur2 & 0x7fffffff) % n. */
unsigned key_partition(const char *data, size_t len, unsigned n);

#endif
