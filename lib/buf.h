#ifndef BUF_H
#define BUF_H

#include <stddef.h>

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

void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_reserve(struct buf *b, size_t extra);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
