/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcre2.h>

#include "rx.h"
#include "xalloc.h"

struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	uint32_t ncap;
	const char **names; /* [1..ncap], NULL when unnamed */
};

/* Byte offset to code point index, moving either way from the last use. */
struct cursor {
	size_t byte;
	size_t cp;
};

struct centry {
	char *pat;
	size_t n;
	int flags;
	unsigned long hash;
	unsigned long used;
	struct rx *rx;
};

static struct centry cache[RX_CACHE_SIZE];
static unsigned long cache_tick;

/*
 * PCRE2's default JIT stack (32 KiB) overflows near 5000 repetitions of
 * a group.  One stack, grown on demand by the kernel, serves every rx;
 * it lives while any rx does.
 */
#define RX_JIT_STACK_MAX (16 * 1024 * 1024)
static pcre2_jit_stack *jit_stack;
static size_t jit_users;

#define RX_COMPILE_FLAGS (RX_CASELESS | RX_EXTENDED | RX_DOTALL)

int
rx_flags(const char *flags, char *err, size_t errlen)
{
	const char *p;
	int f = 0;

	if (flags == NULL)
		return 0;
	for (p = flags; *p != '\0'; p++) {
		switch (*p) {
		case 'g': f |= RX_GLOBAL; break;
		case 'i': f |= RX_CASELESS; break;
		case 'x': f |= RX_EXTENDED; break;
		case 'n': f |= RX_NOEMPTY; break;
		case 's': break; /* single line: so it is already */
		case 'p': f |= RX_DOTALL; break;
		case 'l': f |= RX_LONGEST; break;
		default:
			snprintf(err, errlen,
			    "%s is not a valid modifier string", flags);
			return -1;
		}
	}
	return f;
}

static void
load_names(struct rx *rx)
{
	PCRE2_SPTR table;
	uint32_t count, size, i, group;

	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		group = (uint32_t)table[0] << 8 | table[1];
		if (group >= 1 && group <= rx->ncap)
			rx->names[group] = (const char *)table + 2;
		table += size;
	}
}

struct rx *
rx_compile(const char *pattern, size_t n, int flags, char *err, size_t errlen)
{
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	PCRE2_UCHAR msg[256];
	pcre2_code *code;
	struct rx *rx;
	PCRE2_SIZE erroff;
	uint32_t opts;
	int errcode;

	/* Oniguruma accepts a name used twice; so must we. */
	opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_DUPNAMES;
	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RX_EXTENDED)
		opts |= PCRE2_EXTENDED;
	if (flags & RX_DOTALL)
		opts |= PCRE2_DOTALL;
	if (pattern == NULL)
		pattern = "";
	code = pcre2_compile((PCRE2_SPTR)pattern, n, opts, &errcode, &erroff,
	    NULL);
	if (code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		snprintf(err, errlen,
		    "%.*s (at offset %zu) is not a valid "
		    "regex: %s",
		    n > INT_MAX ? INT_MAX : (int)n, pattern, (size_t)erroff,
		    (char *)msg);
		return NULL;
	}
	/* Failure only means no JIT here; the interpreter still works. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);

	md = pcre2_match_data_create_from_pattern(code, NULL);
	mctx = pcre2_match_context_create(NULL);
	if (md == NULL || mctx == NULL) {
		pcre2_match_data_free(md);
		pcre2_match_context_free(mctx);
		pcre2_code_free(code);
		snprintf(err, errlen, "out of memory compiling regex");
		return NULL;
	}
	if (jit_stack == NULL)
		jit_stack =
		    pcre2_jit_stack_create(32 * 1024, RX_JIT_STACK_MAX, NULL);
	jit_users++;
	pcre2_jit_stack_assign(mctx, NULL, jit_stack);

	rx = xcalloc(1, sizeof(*rx));
	rx->code = code;
	rx->md = md;
	rx->mctx = mctx;
	pcre2_set_match_limit(rx->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(rx->mctx, RX_DEPTH_LIMIT);
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &rx->ncap);
	rx->names = xcalloc((size_t)rx->ncap + 1, sizeof(*rx->names));
	load_names(rx);
	return rx;
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	if (--jit_users == 0) {
		pcre2_jit_stack_free(jit_stack);
		jit_stack = NULL;
	}
	pcre2_match_data_free(rx->md);
	pcre2_match_context_free(rx->mctx);
	pcre2_code_free(rx->code);
	free(rx->names);
	free(rx);
}

static unsigned long
hash_key(const char *p, size_t n, int flags)
{
	unsigned long h = 2166136261UL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619UL;
	return h ^ (unsigned long)flags;
}

static void
centry_clear(struct centry *e)
{
	free(e->pat);
	rx_free(e->rx);
	memset(e, 0, sizeof(*e));
}

struct rx *
rx_cached(const char *pattern, size_t n, int flags, char *err, size_t errlen)
{
	struct centry *e, *empty = NULL, *oldest = NULL, *victim;
	unsigned long h;
	struct rx *rx;
	size_t i;

	if (pattern == NULL)
		pattern = "";
	flags &= RX_COMPILE_FLAGS;
	h = hash_key(pattern, n, flags);
	for (i = 0; i < RX_CACHE_SIZE; i++) {
		e = &cache[i];
		if (e->rx == NULL) {
			if (empty == NULL)
				empty = e;
		} else if (e->hash == h && e->n == n && e->flags == flags &&
		    memcmp(e->pat, pattern, n) == 0) {
			e->used = ++cache_tick;
			return e->rx;
		} else if (oldest == NULL || e->used < oldest->used)
			oldest = e;
	}
	if ((rx = rx_compile(pattern, n, flags, err, errlen)) == NULL)
		return NULL;
	victim = empty != NULL ? empty : oldest;
	centry_clear(victim);
	victim->pat = xmalloc(n + 1);
	memcpy(victim->pat, pattern, n);
	victim->n = n;
	victim->flags = flags;
	victim->hash = h;
	victim->used = ++cache_tick;
	victim->rx = rx;
	return rx;
}

void
rx_cache_clear(void)
{
	size_t i;

	for (i = 0; i < RX_CACHE_SIZE; i++)
		centry_clear(&cache[i]);
	cache_tick = 0;
}

/* Returns 1 on a match, 0 on none, -1 with err set. */
static int
run(struct rx *rx, const char *s, size_t n, size_t start, uint32_t opts,
    char *err, size_t errlen)
{
	PCRE2_UCHAR msg[256];
	int rc;

	if (s == NULL)
		s = "";
	rc = pcre2_match(rx->code, (PCRE2_SPTR)s, n, start, opts, rx->md,
	    rx->mctx);
	/* The interpreter keeps its backtracking on the heap: retry there. */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(rx->code, (PCRE2_SPTR)s, n, start,
		    opts | PCRE2_NO_JIT, rx->md, rx->mctx);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH: return 0;
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		snprintf(err, errlen, "regex match limit exceeded");
		return -1;
	default:
		pcre2_get_error_message(rc, msg, sizeof(msg));
		snprintf(err, errlen, "regex match failed: %s", (char *)msg);
		return -1;
	}
}

/* The byte offset one code point after p (one byte past the end at n). */
static size_t
next_cp(const char *s, size_t n, size_t p)
{
	if (p >= n)
		return p + 1;
	for (p++; p < n && ((unsigned char)s[p] & 0xC0) == 0x80; p++)
		;
	return p;
}

static json_int_t
cp_index(const char *s, struct cursor *c, size_t b)
{
	for (; c->byte < b; c->byte++)
		if (((unsigned char)s[c->byte] & 0xC0) != 0x80)
			c->cp++;
	while (c->byte > b) {
		c->byte--;
		if (((unsigned char)s[c->byte] & 0xC0) != 0x80)
			c->cp--;
	}
	return (json_int_t)c->cp;
}

/*
 * PCRE2_MATCH_INVALID_UTF never lets an invalid sequence into a match or
 * a group, so what jansson is given here is valid UTF-8.
 */
static json_t *
substring(const char *s, size_t a, size_t b)
{
	return json_stringn(s + a, b - a);
}

static json_t *
name_value(struct rx *rx, uint32_t i)
{
	return rx->names[i] != NULL ? json_string(rx->names[i]) : json_null();
}

/* Key order as jq 1.6 prints each kind of capture. */
static json_t *
capture(struct rx *rx, const char *s, struct cursor *c, PCRE2_SIZE *ov,
    uint32_t i)
{
	PCRE2_SIZE a = ov[2 * i], b = ov[2 * i + 1];
	json_t *cap = json_object();
	json_int_t off;

	if (a == PCRE2_UNSET) {
		json_object_set_new(cap, "offset", json_integer(-1));
		json_object_set_new(cap, "string", json_null());
		json_object_set_new(cap, "length", json_integer(0));
	} else if (a >= b) {
		json_object_set_new(cap, "offset",
		    json_integer(cp_index(s, c, a)));
		json_object_set_new(cap, "string", json_string(""));
		json_object_set_new(cap, "length", json_integer(0));
	} else {
		off = cp_index(s, c, a);
		json_object_set_new(cap, "offset", json_integer(off));
		json_object_set_new(cap, "length",
		    json_integer(cp_index(s, c, b) - off));
		json_object_set_new(cap, "string", substring(s, a, b));
	}
	json_object_set_new(cap, "name", name_value(rx, i));
	return cap;
}

static json_t *
match_object(struct rx *rx, const char *s, struct cursor *c)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rx->md);
	PCRE2_SIZE a = ov[0], b = ov[1] > ov[0] ? ov[1] : ov[0];
	json_t *m, *caps;
	json_int_t off;
	uint32_t i;

	m = json_object();
	off = cp_index(s, c, a);
	json_object_set_new(m, "offset", json_integer(off));
	json_object_set_new(m, "length", json_integer(cp_index(s, c, b) - off));
	json_object_set_new(m, "string", substring(s, a, b));
	caps = json_array();
	for (i = 1; i <= rx->ncap; i++)
		json_array_append_new(caps, capture(rx, s, c, ov, i));
	json_object_set_new(m, "captures", caps);
	return m;
}

/* Where the search resumes: after the match, or one code point on. */
static size_t
resume(const char *s, size_t n, size_t start, PCRE2_SIZE *ov)
{
	size_t next;

	next = ov[1] > ov[0] ? ov[1] : next_cp(s, n, ov[0]);
	return next > start ? next : next_cp(s, n, start);
}

json_t *
rx_match(struct rx *rx, const char *subject, size_t n, int flags, char *err,
    size_t errlen)
{
	struct cursor c = { 0, 0 };
	json_t *all;
	uint32_t opts;
	size_t start = 0;
	int rc;

	if (subject == NULL)
		subject = "";
	/* Like Oniguruma's FIND_NOT_EMPTY: keep searching, not just drop. */
	opts = (flags & RX_NOEMPTY) ? PCRE2_NOTEMPTY : 0;
	all = json_array();
	/*
	 * As jq 1.6: no search starts at the very end of a non-empty
	 * subject, so "xyz" and "" give offsets 0, 1 and 2, not 3.
	 */
	do {
		rc = run(rx, subject, n, start, opts, err, errlen);
		if (rc < 0) {
			json_decref(all);
			return NULL;
		}
		if (rc == 0)
			break;
		json_array_append_new(all, match_object(rx, subject, &c));
		start = resume(subject, n, start,
		    pcre2_get_ovector_pointer(rx->md));
	} while ((flags & RX_GLOBAL) && start < n);
	return all;
}

int
rx_next(struct rx *rx, const char *subject, size_t n, size_t *start,
    size_t *mstart, size_t *mend, char *err, size_t errlen)
{
	PCRE2_SIZE *ov;
	int rc;

	if (*start > n)
		return 0;
	if ((rc = run(rx, subject, n, *start, 0, err, errlen)) <= 0)
		return rc;
	ov = pcre2_get_ovector_pointer(rx->md);
	*mstart = ov[0];
	*mend = ov[1] > ov[0] ? ov[1] : ov[0];
	*start = resume(subject, n, *start, ov);
	return 1;
}
