/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef KEYSTEP_H
#define KEYSTEP_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"
#include "stream.h"

/*
 * The step of skey: set a key field on each object record, and keep only
 * the records of one shard of the key space (skey(1)).
 */

#define KEYSTEP_NAME "_key" /* default field name of --as */

/* Kafka counts partitions with a Java int. */
#define KEYSTEP_MAX_SHARDS 2147483647U

struct keystep_opts {
	struct expr **exprs; /* the key expressions, borrowed */
	char **srcs;	     /* their source text, for messages */
	size_t nexprs;	     /* at least 1 */
	const char *as;	     /* field that receives the key (--as) */
	unsigned shard;	     /* --shard I/N: I */
	unsigned nshards;    /* N, or 0 without --shard (keep every record) */
};

struct keystep;

/*
 * A key step for o; the strings and compiled expressions in o are
 * borrowed and must outlive it.
 */
struct keystep *keystep_new(const struct keystep_opts *o);
void keystep_free(struct keystep *k);

/*
 * The per-record step.  A record is rejected when it is not an object,
 * or when an expression fails or has no output on it.  A record whose
 * key falls in another shard is dropped, not rejected.
 */
struct step keystep_step(struct keystep *k);

/*
 * Appends the key of v to out: with one expression, its first output,
 * a string as is and any other value as compact JSON; with several, the
 * compact JSON array of their first outputs.  Returns 0, or -1 with the
 * reason in why ("EXPR: message").
 */
int keystep_key(struct keystep *k, json_t *v, struct buf *out, struct buf *why);

/*
 * Parses a --shard spec "I/N" (decimal, 0 <= I < N <= KEYSTEP_MAX_SHARDS).
 * Returns 0, or -1 when spec is malformed or out of range.
 */
int keystep_parse_shard(const char *spec, unsigned *shard, unsigned *nshards);

/*
 * Splits skey's operands (argv, argc of them, after the options) into
 * expressions and files.  The first operand is an expression; each
 * further operand starting with one of . [ { ( $ " is one too; the first
 * that does not is the first file, and all operands after it are files.
 * An operand "--" among the expressions ends them and is skipped.
 * Returns the number of expressions (argv[0] ... argv[n-1]) and sets
 * *files to the index of the first file (argc when there are none).
 */
int keystep_operands(int argc, char **argv, int *files);

#endif
