/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_TEXT_H
#define BUILTIN_TEXT_H

#include "builtin.h"

/* String, regex, time and format builtins (builtin_text.c). */
extern const struct builtin builtin_text_natives[];
extern const size_t builtin_text_count;

#endif
