/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * UTF-8 helpers for strings that jansson already holds (valid UTF-8),
 * and for raw input lines (which may not be).
 */

/* Returns 1 when s (n bytes) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* Appends s to out with every invalid sequence replaced by U+FFFD. */
void utf8_sanitize(struct buf *out, const char *s, size_t n);

/*
 * Decodes the code point at s[*i] of valid UTF-8 (n bytes) and advances
 * *i past it.
 */
uint32_t utf8_next(const char *s, size_t n, size_t *i);

/* Appends code point c (U+FFFD if it is not a scalar value). */
void utf8_put(struct buf *out, uint32_t c);

/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t n);

/* Byte offset of code point number cp (clamped to n). */
size_t utf8_offset(const char *s, size_t n, size_t cp);

#endif
