/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_MATH_H
#define BUILTIN_MATH_H

#include <jansson.h>

#include "builtin.h"

/*
 * The math builtins of jq 1.6: libm's functions of one, two or three
 * numbers, frexp, modf and lgamma_r (a number to an array), isfinite.
 */
const struct builtin *builtin_math_find(const char *name, int arity);
void builtin_math_names(json_t *out);

#endif
