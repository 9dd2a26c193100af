/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_IO_H
#define BUILTIN_IO_H

#include <jansson.h>

#include "builtin.h"

/*
 * The builtins that reach outside the value: input, inputs,
 * input_filename, input_line_number (expr_set_input) and stderr.
 */
const struct builtin *builtin_io_find(const char *name, int arity);
void builtin_io_names(json_t *out);

#endif
