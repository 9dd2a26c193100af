/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <string.h>

/*
 * A growable byte buffer.  data is always NUL-terminated after len bytes
 * once anything has been added, so it can be used as a C string when the
 * contents have no NUL.  Zero-initialise ({0}) to start empty.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Inline: the writers call these for every byte or field they write. */
static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n >= b->cap)
		buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
