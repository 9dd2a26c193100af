/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef JTEXT_H
#define JTEXT_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * JSON text to and from jansson values, with jq's conventions.
 *
 * The parser accepts exactly one JSON value (RFC 8259) surrounded by
 * optional white space.  Unlike jansson's own parser it never rejects
 * valid JSON: an integer that does not fit in 64 bits becomes a real
 * (as in jq), invalid UTF-8 and lone surrogates in strings become
 * U+FFFD (as in jq), "\u0000" is kept.  Integers that fit in json_int_t
 * stay integers.  Nesting deeper than JTEXT_MAX_DEPTH is refused.
 */
#define JTEXT_MAX_DEPTH 512

struct jtext_error {
	size_t offset;	/* byte offset of the problem in the text */
	char text[160]; /* e.g. "unexpected character 'x'" */
};

/*
 * Parse len bytes at text.  Returns a new reference, or NULL with err
 * filled in.  The text need not be NUL-terminated.
 */
json_t *jtext_parse(const char *text, size_t len, struct jtext_error *err);

/*
 * As jtext_parse, and sets *replaced to 1 when the text had invalid
 * UTF-8 or a lone surrogate escape that became U+FFFD, so that its
 * bytes must not be written out as they are; 0 otherwise.
 */
json_t *jtext_parse_lossy(const char *text, size_t len,
    struct jtext_error *err, int *replaced);

/*
 * Append the compact JSON of v to out, exactly as jq -c prints it:
 * object keys in insertion order, no spaces, numbers in jq's shortest
 * round-trip form (1e+17, 0.0001, 1e-05, 3 for 3.0, -0), NaN as null,
 * infinities as +-1.7976931348623157e+308, strings escaped like jq
 * (\" \\ \n \t \r \b \f, other control characters and DEL as \u00XX,
 * everything else as UTF-8).
 */
void jtext_dump(struct buf *out, const json_t *v);

/*
 * jansson cannot hold NaN, so the expression language's nan is one
 * shared real known by its address: it prints as null, as jq prints NaN,
 * and value_number reads it as NaN.  jtext_nan returns a new reference.
 */
json_t *jtext_nan(void);
int jtext_is_nan(const json_t *v);

/* Append one number (integer or real) as jtext_dump would. */
void jtext_dump_number(struct buf *out, const json_t *v);

/* Append a double as jq prints it. */
void jtext_dump_double(struct buf *out, double d);

/* The powers of ten a double holds exactly, 1e0 to 1e22. */
extern const double jtext_ten_to[23];

/* Append s (n bytes of UTF-8) as a quoted JSON string. */
void jtext_dump_string(struct buf *out, const char *s, size_t n);

#endif
