/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_MATH_H
#define BUILTIN_MATH_H

#include <jansson.h>

#include "builtin.h"

/* The math builtins of jq: libm's functions of one, two or three numbers. */
const struct builtin *builtin_math_find(const char *name, int arity);
void builtin_math_names(json_t *out);

#endif
