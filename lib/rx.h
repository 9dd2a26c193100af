/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef RX_H
#define RX_H

#include <stddef.h>

#include <jansson.h>

/*
 * Regular expressions for the expression language (test, match, capture,
 * scan, splits, sub, gsub) and for stokenize.  PCRE2, 8-bit, UTF and
 * Unicode properties on, JIT when available.  A match limit makes a
 * pathological pattern fail with an error instead of hanging.
 */
#define RX_MATCH_LIMIT 10000000 /* pcre2_set_match_limit */
#define RX_DEPTH_LIMIT 100000	/* pcre2_set_depth_limit */

struct rx;

/*
 * jq flag letters understood in FLAGS strings.  As jq 1.6 runs Oniguruma
 * (Perl syntax, single-line already), "s" changes nothing and "p" makes
 * . match a newline.
 */
enum {
	RX_GLOBAL = 1 << 0,	/* g: all matches, not just the first */
	RX_CASELESS = 1 << 1,	/* i */
	RX_EXTENDED = 1 << 2,	/* x: white space and # comments ignored */
	RX_NOEMPTY = 1 << 3,	/* n: empty matches are skipped */
	RX_DOTALL = 1 << 4,	/* p: . matches newline (PCRE2_DOTALL) */
	RX_LONGEST = 1 << 5	/* l: accepted, no effect (see man page) */
};

/*
 * Parse a jq flags string ("gixn", "g", ...).  Returns the RX_* bits, or
 * -1 with err (size errlen) set when a letter is unknown, with jq's
 * wording: "<flags> is not a valid modifier string".
 */
int rx_flags(const char *flags, char *err, size_t errlen);

/*
 * Compile pattern (n bytes) with the RX_CASELESS/RX_EXTENDED/RX_DOTALL
 * bits of flags.  Returns NULL and fills err on a bad pattern, with the
 * PCRE2 message and offset: "<pattern> (at offset N) is not a valid
 * regex: <message>".  rx_free releases it.
 */
struct rx *rx_compile(const char *pattern, size_t n, int flags, char *err,
    size_t errlen);
void rx_free(struct rx *rx);

/*
 * A cache for expressions whose pattern is computed per record: returns a
 * compiled regex for (pattern, flags), compiling it on first use.  The
 * cache owns the result (do not rx_free it); it keeps at most
 * RX_CACHE_SIZE entries, evicting the least recently used, so a result
 * stays valid until RX_CACHE_SIZE - 1 other (pattern, flags) pairs have
 * been looked up, or rx_cache_clear releases everything.  Only the
 * RX_CASELESS, RX_EXTENDED and RX_DOTALL bits of flags matter.
 */
#define RX_CACHE_SIZE 64
struct rx *rx_cached(const char *pattern, size_t n, int flags, char *err,
    size_t errlen);
void rx_cache_clear(void);

/*
 * Match rx against subject (n bytes of UTF-8).  Returns a new JSON array
 * of jq match objects, one per match (all of them with RX_GLOBAL in
 * flags, else at most one), each
 *   {"offset":O, "length":L, "string":S, "captures":[C...]}
 * with C = {"offset":O, "length":L, "string":S, "name":N-or-null},
 * offsets and lengths in code points as jq gives them, a group that did
 * not take part as {"offset":-1,"length":0,"string":null,"name":...}.
 * RX_NOEMPTY makes the search skip empty matches (as Oniguruma's
 * FIND_NOT_EMPTY does).  As in jq 1.6, a global search resumes one code
 * point past an empty match and never starts at the very end of a
 * non-empty subject.  Returns NULL with err set when PCRE2 fails (match
 * limit exceeded: "regex match limit exceeded").
 */
json_t *rx_match(struct rx *rx, const char *subject, size_t n, int flags,
    char *err, size_t errlen);

/*
 * Low-level iteration for stokenize and friends: find the next match at
 * or after byte offset *start.  On a match returns 1 and sets *mstart and
 * *mend (byte offsets), advancing *start past the match (past one code
 * point for an empty match, so *start is n + 1 after an empty match at
 * the very end).  Returns 0 when there is no further match (always when
 * *start > n), -1 on error with err set.
 */
int rx_next(struct rx *rx, const char *subject, size_t n, size_t *start,
    size_t *mstart, size_t *mend, char *err, size_t errlen);

#endif
