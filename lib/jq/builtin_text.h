/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_TEXT_H
#define BUILTIN_TEXT_H

#include "builtin.h"

/* String, regex, time and format builtins (builtin_text.c). */
const struct builtin *builtin_text_find(const char *name, int arity);
/* Appends "name/arity" of every text builtin to the array out. */
void builtin_text_names(json_t *out);

#endif
