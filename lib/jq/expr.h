/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef EXPR_H
#define EXPR_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/*
 * The expression language: jq syntax and semantics as documented in
 * stream-tools(7).  An expression is compiled once and evaluated per
 * record; evaluation streams every output to a callback.
 *
 * lib/jq/ is the jq engine (lexer, parser, evaluator, builtins,
 * values).  The rest of lib and the tools use it through three headers
 * only: this one, value.h (JSON values as jq orders, compares and
 * computes them) and lazy.h (expressions evaluated on a record's text);
 * make lint checks that.
 */
struct expr;

struct expr_error {
	size_t pos; /* byte offset in the source of a syntax error */
	char text[256];
};

/* A predefined variable ($name), e.g. from --arg. */
struct expr_var {
	const char *name; /* without the $ */
	json_t *value;	  /* borrowed; compile takes its own reference */
};

/*
 * Compiles src.  Returns NULL with err set on a syntax error or a
 * reference to an undefined function or variable.  vars (nvars entries)
 * are visible to the whole expression.
 */
struct expr *expr_compile(const char *src, const struct expr_var *vars,
    size_t nvars, struct expr_error *err);

/*
 * Prints a compile error as "PROG: error: TEXT" followed by the source
 * and a caret under err->pos, on standard error.
 */
void expr_print_error(const char *src, const struct expr_error *err);

/*
 * Called with each output, borrowed (incref to keep it).  Return 0 to go
 * on, EXPR_STOP to end the evaluation early.
 */
typedef int (*expr_emit_fn)(void *ctx, json_t *v);

enum {
	EXPR_OK = 0,
	EXPR_STOP = 1,	/* the callback asked to stop */
	EXPR_ERROR = -1 /* an error was raised: message in why */
};

/* Evaluates e with input (borrowed).  Returns one of EXPR_*. */
int expr_eval(struct expr *e, json_t *input, expr_emit_fn emit, void *ctx,
    struct buf *why);

void expr_free(struct expr *e);

/*
 * Where jq's input, inputs, input_filename and input_line_number read:
 * next sets *v to the next input (a new reference) and returns 1, or
 * returns 0 at the end of input, or -1 when the tool must stop at once
 * (input then raises an error); where tells the file (NULL before any
 * input) and line of the latest input read; halt stops the tool after
 * this evaluation, with status as its exit status (-1: the usual one),
 * for halt and halt_error.  An expression without one (the tools that
 * read no records in an expression) fails on these with a message that
 * says so.
 */
struct expr_input {
	int (*next)(void *ctx, json_t **v);
	void (*where)(void *ctx, const char **file, unsigned long *lineno);
	void (*halt)(void *ctx, int status);
	void *ctx;
};

/* in is borrowed: it must outlive every evaluation of e. */
void expr_set_input(struct expr *e, const struct expr_input *in);

/*
 * The lazy form of e (lazy.h) when e is a field path (.a, .a.b, .[0]),
 * compiled on the first call; NULL when it is not one, or when the lazy
 * path is off.
 */
struct lazy;
const struct lazy *expr_path(struct expr *e);

/*
 * Tells the evaluator the size of the stack it runs on, when that is not
 * the main thread's (stream_run runs tools on a large stack of their
 * own).  Deep recursion in an expression fails cleanly at 3/4 of it.
 */
void expr_set_stack(size_t bytes);

#endif
