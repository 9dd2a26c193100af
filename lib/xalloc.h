/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

/*
 * Allocation that cannot fail: on exhaustion the process prints
 * "PROG: out of memory" and exits with EXIT_FATAL.  Every stream tool
 * treats running out of memory as fatal, so callers never check.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
