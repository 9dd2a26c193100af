/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef EVAL_H
#define EVAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ast.h"
#include "buf.h"

/*
 * The evaluator's internals, shared with the builtins.
 *
 * Evaluation is in continuation-passing style: eval_node calls
 * out->put once per output, borrowing the value, and put runs the rest
 * of the pipeline before returning.  That gives jq's generators and
 * backtracking without a virtual machine, in plain recursive C.
 *
 * With path non-NULL an expression runs in path mode (for path(f),
 * assignment and del): every output also carries the path, as a JSON
 * array, from the original input to the value.  Expressions that build
 * new values fail there, as in jq.
 */
enum {
	R_OK = 0,
	R_STOP = 1,   /* the consumer wants no more (EXPR_STOP) */
	R_ERROR = -1, /* ev->error holds the error value */
	R_BREAK = 2   /* unwinding to ev->break_target (first, limit) */
};

/*
 * Recursion in expressions recurses in C, so it is bounded by stack use
 * rather than by a count of calls: evaluation stops with an error once
 * it has used EVAL_STACK_SHARE of its stack (see expr_set_stack), long
 * before the process could overflow it.
 */
#define EVAL_STACK_SHARE 0.75

struct sink {
	int (*put)(struct sink *self, json_t *v, json_t *path);
};

enum env_kind { ENV_VAR, ENV_CLOSURE, ENV_DEF, ENV_LABEL };

/* A frame of the environment; frames live on the C stack. */
struct env {
	const struct env *up;
	enum env_kind kind;
	const void *key;	 /* ENV_CLOSURE: param key; ENV_DEF,
				    ENV_LABEL: node */
	const char *name;	 /* ENV_VAR */
	json_t *value;		 /* ENV_VAR, borrowed */
	const struct node *body; /* ENV_CLOSURE: the argument */
	const struct env *scope; /* where body (or the def) runs */
};

/*
 * SIGINT and SIGTERM (interrupt.h) are looked at every EVAL_TICKS steps
 * of evaluation, and make it fail with the error "interrupted", which
 * try, ? and // do not catch.  A step is an eval_node or one output of a
 * native generator such as range, so every loop is covered.
 */
#define EVAL_TICKS 1024

struct eval {
	json_t *error;	/* the raised error (owned) after R_ERROR */
	unsigned ticks; /* steps, for EVAL_TICKS */
	const void *break_target;
	uintptr_t stack_base;	/* address of a local where evaluation began */
	size_t stack_budget;	/* bytes of stack evaluation may use */
	const struct env *root; /* the predefined variables */
	json_t *env_object;	/* $ENV, built on first use */
	json_t *bad_marker; /* marks a path that is not one (eval_bad_path) */
	const struct expr_input *input; /* input and inputs read from it */
};

/* Sets the stack budget; call once per evaluation, from its outermost frame. */
void eval_begin(struct eval *ev, const void *frame);

/*
 * Counts a step; every EVAL_TICKS steps, returns R_ERROR with the error
 * "interrupted" once a signal has arrived, else R_OK.
 */
int eval_tick(struct eval *ev);

int eval_node(struct eval *ev, const struct node *n, json_t *in, json_t *path,
    const struct env *env, struct sink *out);

/*
 * A value made in path mode (a literal, [...], a call's result) is not
 * an error at once: as in jq 1.6 it goes on with a marked path, and the
 * error comes at the next step that would extend the path ("near
 * attempt to access element K of V", "near attempt to iterate through
 * V") or where the paths are collected ("with result V").
 * eval_bad_path returns that marked path for v (a new reference);
 * eval_bad_value the value of a marked path, or NULL for a real one.
 */
json_t *eval_bad_path(struct eval *ev, json_t *v);
json_t *eval_bad_value(const struct eval *ev, const json_t *path);
/* The errors of a marked path: at a step with key (NULL: iteration)... */
int eval_bad_step(struct eval *ev, const json_t *path, const json_t *key);
/* ... and where paths are collected. */
int eval_bad_result(struct eval *ev, json_t *v);

/* Raises an error with a printf-style message; returns R_ERROR. */
int eval_fail(struct eval *ev, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Raises an error whose message is in msg; returns R_ERROR. */
int eval_fail_buf(struct eval *ev, struct buf *msg);
/*
 * Raises "<type> (<v, abbreviated>)<what>", jq's usual wording for a
 * value a builtin cannot take; returns NULL for the builtin to return.
 */
json_t *eval_fail_value(struct eval *ev, json_t *v, const char *what);
/* Raises v (stolen) as the error value; returns R_ERROR. */
int eval_raise(struct eval *ev, json_t *v);

/* A new path array: path + [key] (key borrowed). */
json_t *path_append(json_t *path, json_t *key);

/* Calls out->put with v (stolen): the common one-output case. */
int eval_put(struct sink *out, json_t *v, json_t *path);

/*
 * Puts v (stolen; NULL: R_ERROR), a value made by an expression, not
 * found at a path.  In path mode it goes on with a marked path
 * (eval_bad_path), as in jq 1.6, so the error names the value where the
 * path is used.
 */
int eval_emit(struct eval *ev, struct sink *out, json_t *v, json_t *path);

/* Collects every output of n into a new array; NULL on error. */
json_t *eval_collect(struct eval *ev, const struct node *n, json_t *in,
    const struct env *env);

/* $ENV */
json_t *eval_env_object(struct eval *ev);

#endif
