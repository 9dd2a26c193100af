/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef TOKENIZE_H
#define TOKENIZE_H

#include <stddef.h>

#include "buf.h"
#include "jq/expr.h"
#include "rx.h"
#include "stream.h"

/*
 * The step of stokenize: every match of a regex in the text of each
 * record becomes a record of its own (stokenize(1)).
 */

/*
 * Unicode words with inner apostrophes: a letter or digit, then letters,
 * digits and combining marks, then any number of ' or U+2019 each
 * followed by more of them.  "l'été", "don't" and "42" are one token
 * each; underscore, hyphen and apostrophes at the edges of a word are
 * not part of tokens; symbols (emoji) never start one.
 */
#define TOKENIZE_PATTERN                                                       \
	"[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*"                                  \
	"(?:['\\x{2019}][\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*)*"

#define TOKENIZE_NAME "token" /* default field name of --as */

struct tokenize_opts {
	struct rx *rx;	   /* the pattern; borrowed */
	struct expr *expr; /* -f, borrowed; NULL for "." (the record) */
	const char *field; /* source of -f, for messages and removal */
	const char *as;	   /* field that receives the token (--as) */
	int lower;	   /* --lower */
	int keep;	   /* --keep: do not remove the source field */
};

struct tokenize;

/*
 * A tokenizer for o; the strings and compiled objects in o are borrowed
 * and must outlive it.  When field is a plain path of identifiers
 * (".text", ".msg.body"), that path is removed from object records
 * unless keep is set; any other expression keeps the source.
 */
struct tokenize *tokenize_new(const struct tokenize_opts *o);
void tokenize_free(struct tokenize *t);

/*
 * The per-record step.  A record is rejected when -f fails or gives a
 * value that is not a string, or when the regex fails (match limit);
 * a rejected record writes nothing unless its tokens already filled
 * OUTPUT_BLOCK bytes.
 */
struct step tokenize_step(struct tokenize *t);

/*
 * Returns the number of path components of src when it is a plain
 * field path (".a", ".a.b_2": dots and jq identifiers only), else 0.
 * With path non-NULL, also returns a NULL-terminated array of the
 * components (free each and the array).
 */
size_t tokenize_path(const char *src, char ***path);

/*
 * Appends s (n bytes of valid UTF-8) to out, lowercased with Unicode's
 * simple case mappings (from the C.UTF-8 locale, loaded on first use)
 * and the final sigma rule within s.  Without that locale only ASCII
 * letters are lowercased; tokenize_unicode tells which (1: Unicode).
 */
void tokenize_lower(struct buf *out, const char *s, size_t n);
int tokenize_unicode(void);

#endif
