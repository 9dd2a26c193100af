/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef ASSIGN_H
#define ASSIGN_H

#include "eval.h"

/*
 * a = b, a |= f and a op= b (n->op), with n->a the paths and n->b the
 * value or update: the evaluator's N_ASSIGN.
 */
int eval_assign(struct eval *ev, const struct node *n, json_t *in,
    const struct env *env, struct sink *out);

#endif
