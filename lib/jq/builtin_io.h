/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_IO_H
#define BUILTIN_IO_H

#include <jansson.h>

#include "builtin.h"

/*
 * The builtins that reach outside the value: input, inputs,
 * input_filename, input_line_number, halt and halt_error (through
 * expr_set_input), and stderr.
 */
extern const struct builtin builtin_io_natives[];
extern const size_t builtin_io_count;

#endif
