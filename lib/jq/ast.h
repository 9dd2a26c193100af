/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef AST_H
#define AST_H

#include <stddef.h>

#include <jansson.h>

/*
 * The syntax tree of an expression, shared by the parser, the evaluator
 * and the builtins.  Internal to the expression module.
 */
enum node_kind {
	N_IDENTITY, /* . */
	N_RECURSE,  /* .. */
	N_LITERAL,  /* value */
	N_STRING,   /* "..\(e).." : list = parts, the text ones literals with
		       op STRING_TEXT, name = format or NULL */
	N_FORMAT,   /* @name applied to . */
	N_INDEX,    /* a[b] */
	N_SLICE,    /* a[b:c], b or c may be NULL */
	N_ITERATE,  /* a[] */
	N_ARRAY,    /* [a], a may be NULL */
	N_OBJECT,   /* {k: v, ...}: list = k0, v0, k1, v1 ... */
	N_NEG,	    /* -a */
	N_PIPE,	    /* a | b */
	N_COMMA,    /* a, b */
	N_BINOP,    /* a op b, op is a token */
	N_AND,
	N_OR,
	N_ALT,	   /* a // b */
	N_ASSIGN,  /* a op= b, op is a token */
	N_IF,	   /* if a then b else c end (c NULL: else .) */
	N_TRY,	   /* try a catch b (b NULL: a?) */
	N_BIND,	   /* a as $name | b */
	N_REDUCE,  /* reduce a as $name (b; c) */
	N_FOREACH, /* foreach a as $name (b; c; d) */
	N_FUNCDEF, /* def name(params): a; b */
	N_CALL,	   /* name(list...) */
	N_VAR,	   /* $name */
	N_PATTERN, /* destructuring, op is a PAT_* */
	N_LABEL,   /* label $name | a */
	N_BREAK	   /* break $name: def points at its N_LABEL */
};

/*
 * Destructuring patterns (E as [$a, {b: $c}] | ...): PAT_VAR binds name;
 * PAT_ARRAY matches its list of patterns to .[0], .[1], ...; PAT_OBJECT
 * has list = key0, pattern0, key1, pattern1, ... (keys are expressions).
 */
enum { PAT_VAR, PAT_ARRAY, PAT_OBJECT };

/* The op of a text part of an N_STRING: an interpolated "x" is no text. */
enum { STRING_TEXT = 1 };

struct builtin;

struct node {
	enum node_kind kind;
	int op;
	size_t pos;
	struct node *a, *b, *c, *d;
	json_t *value;
	char *name;
	struct node **list;
	int nlist;
	struct node *pattern; /* N_BIND, N_REDUCE, N_FOREACH: destructuring */
	/* N_FUNCDEF */
	char **params;
	int nparams;
	int toplevel; /* defined at the top: needs no closure */
	/* N_CALL, resolved by the parser to exactly one of: */
	const struct builtin *native;
	struct node *def;  /* a user or prelude definition */
	const void *param; /* a filter parameter: key of its env frame */
};

struct node *node_new(enum node_kind kind, size_t pos);

struct expr;
/* The tree of a compiled expression (lazy.c reads it). */
const struct node *expr_tree(const struct expr *e);
void node_free(struct node *n);

#endif
