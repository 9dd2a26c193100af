/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef ARGS_H
#define ARGS_H

#include <stdint.h>

/*
 * Option arguments, checked the same way in every tool.  Each returns 0,
 * or prints "PROG: OPTION: bad ...: ARG" and returns -1.
 */
int args_count(const char *option, const char *arg, unsigned long min,
    unsigned long max, unsigned long *out);
int args_duration(const char *option, const char *arg, int64_t *ns);

/*
 * The index of arg in words (NULL-terminated); else prints
 * "PROG: OPTION: one of W1 W2 ...: ARG" and returns -1.
 */
int args_choice(const char *option, const char *arg, const char *const *words);

#endif
