/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef BUILTIN_H
#define BUILTIN_H

#include <jansson.h>

#include "ast.h"
#include "buf.h"
#include "eval.h"

/*
 * Builtin functions.  Natives are written in C; the rest are defined in
 * the expression language itself in the prelude, as jq does.
 *
 * A native gets the call node (its arguments are call->list), the input,
 * the path (non-NULL in path mode), the caller's environment to evaluate
 * arguments in, and the sink for its outputs.
 */
typedef int (*native_fn)(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out);

/*
 * Most builtins only need the values of their arguments: vfn is called
 * once per combination of argument outputs (the first argument varies
 * slowest) and returns a new reference, or NULL after eval_fail.
 */
typedef json_t *(*value_fn)(struct eval *ev, json_t *in, json_t **args);

struct builtin {
	const char *name;
	int arity;
	native_fn fn; /* full control: generators, closures, paths */
	value_fn vfn; /* or: one output from argument values */
};

const struct builtin *builtin_find(const char *name, int arity);

/*
 * builtins: appends "name/arity" of every native builtin to the array
 * out, once each, but for names that start with _.
 */
void builtin_names(json_t *out);
void builtin_name_add(json_t *out, const char *name, int arity);

/*
 * The values of one combination of a call's arguments: args[i] is an
 * output of argument i (borrowed).
 */
struct builtin_args {
	struct eval *ev;
	const struct node *call;
	json_t *in, *path;
	struct sink *out;
	json_t *args[4];
};

/*
 * Calls apply once for every combination of the outputs of call's
 * arguments, the last argument varying slowest, as jq calls its C
 * functions: [pow(1,2; 3,4)] is [1,8,1,16].
 */
int builtin_each_args(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out,
    int (*apply)(struct builtin_args *a));

/* The native_fn of every builtin that has a vfn. */
int builtin_call_values(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out);

/*
 * The prelude: jq definitions parsed before every program, one or a few
 * per string (C limits the length of one literal), NULL-terminated.
 */
extern const char *const builtin_prelude[];

/*
 * @format: appends v formatted as @name (base64, csv, ...) to out.
 * Returns 0, or -1 with a message in err.
 */
typedef int (*format_fn)(struct buf *out, json_t *v, struct buf *err);
format_fn builtin_format_find(const char *name);

#endif
