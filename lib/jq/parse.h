/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef PARSE_H
#define PARSE_H

#include "ast.h"
#include "expr.h"

/*
 * The parser: jq grammar to a syntax tree, with every function call and
 * variable resolved to its definition (lexical scope) so that evaluation
 * does no name lookups.
 */
struct parser;

/*
 * How deeply constructs may nest: parentheses, brackets, objects,
 * interpolations, calls, if/elif, try, reduce, unary minus, patterns,
 * "as" bindings, // chains.  Each level takes well under 1 KiB of stack
 * (about 0.5 KiB at -O2), so 256 levels fit in even a 256 KiB stack.
 */
#define EXPR_DEPTH_MAX 256
#define EXPR_DEPTH_MAX_TEXT "256"

/*
 * A parser whose outermost scope holds the builtins written in the
 * expression language (the prelude) and the variables in vars.
 * Returns NULL with err set if the prelude fails to parse (a bug).
 */
struct parser *parser_new(const char **vars, size_t nvars,
    struct expr_error *err);

/* Parses a whole program.  Returns NULL with err set. */
struct node *parser_program(struct parser *ps, const char *src,
    struct expr_error *err);

/* Frees the parser and the prelude trees it owns. */
void parser_free(struct parser *ps);

#endif
