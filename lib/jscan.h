/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef JSCAN_H
#define JSCAN_H

#include <stddef.h>
#include <stdint.h>

/*
 * The lazy record path: JSON text read in place, without building a
 * tree and without allocating.  jscan_valid checks a whole line once;
 * after it, the other functions walk the text knowing it is valid.
 * Whatever they cannot settle (an escaped key, a number beyond what
 * they read exactly) they say so, and the caller decodes the record
 * the full way (jtext.h), which is the reference.
 */

/* A piece of the line: one JSON value, its first byte at p. */
struct jspan {
	const char *p;
	size_t n;
};

/*
 * Returns 1 when text is one JSON value, with optional white space
 * around, that jtext_parse would take as it is: valid JSON, valid
 * UTF-8, no lone surrogate escape, nested at most JTEXT_MAX_DEPTH deep.
 * Returns 0 otherwise: the full parser then says what is wrong, or
 * repairs it.  *value is the value without the white space.
 */
int jscan_valid(const char *text, size_t len, struct jspan *value);

/*
 * jscan_valid for the first of several values: 1 when text begins,
 * after white space, with one valid value, *value; what follows it is
 * not looked at.
 */
int jscan_first(const char *text, size_t len, struct jspan *value);

/* A top-level member of a record: its key (no escape) and value. */
struct jscan_field {
	const char *key; /* without the quotes */
	size_t keylen;
	struct jspan value;
};

/* The most members indexed; the rest are looked up in the text. */
#define JSCAN_FIELDS 64

/* A record checked by jscan_record, its top-level members indexed. */
struct jscan_record {
	struct jspan value;
	size_t n;    /* members in f, in the order of the text */
	int partial; /* more members, or an escaped key: f is not all */
	struct jscan_field f[JSCAN_FIELDS];
};

/*
 * jscan_valid, and when the value is an object its members go to r in
 * the same pass.
 */
int jscan_record(const char *text, size_t len, struct jscan_record *r);

/* What jscan_member and jscan_element found. */
enum jscan_found {
	JSCAN_FOUND,	/* *out is the value */
	JSCAN_ABSENT,	/* no such key or index: jq gives null */
	JSCAN_MISMATCH, /* not an object (array): jq would raise an error */
	JSCAN_UNSURE	/* an escaped key on the way: decode instead */
};

/*
 * The value of key in the object v, the last one when the key repeats
 * (as the decoded object keeps it).
 */
enum jscan_found jscan_member(struct jspan v, const char *key, size_t keylen,
    struct jspan *out);

/* jscan_member on the record, through its index. */
enum jscan_found jscan_field(const struct jscan_record *r, const char *key,
    size_t keylen, struct jspan *out);

/* Element i of the array v; a negative i counts from the end. */
enum jscan_found jscan_element(struct jspan v, int64_t i, struct jspan *out);

/* The JSON type of v, as its first byte tells. */
enum jscan_type {
	JSCAN_NULL,
	JSCAN_FALSE,
	JSCAN_TRUE,
	JSCAN_NUMBER,
	JSCAN_STRING,
	JSCAN_ARRAY,
	JSCAN_OBJECT
};
enum jscan_type jscan_type(struct jspan v);

/*
 * A number as the decoded value would hold it: an integer that fits
 * int64_t (returns 1, *i set), or a real (returns 2, *d set).  Returns
 * 0 when it cannot say (an integer beyond 64 bits, a long text).
 */
int jscan_number(struct jspan v, int64_t *i, double *d);

/*
 * The bytes of a string without its quotes, when it has no escape
 * (returns 1); 0 when it has some.
 */
int jscan_plain_string(struct jspan v, const char **p, size_t *n);

#endif
