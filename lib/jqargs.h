/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef JQARGS_H
#define JQARGS_H

#include <jansson.h>

#include "jq/expr.h"
#include "stream.h"

/*
 * jq's command line, as every tool that takes an expression reads it:
 * --arg NAME VALUE, --argjson NAME JSON, --slurpfile NAME FILE,
 * --rawfile NAME FILE (each a variable $NAME, and all of them in
 * $ARGS.named), -c (accepted: the output is always compact) and -f FILE
 * (the program read from FILE, for smap and sfilter).
 */
struct jqargs {
	struct expr_var *vars;
	size_t n;
	json_t *named;	      /* $ARGS.named */
	struct expr_var *all; /* jqargs_vars: vars and $ARGS */
	json_t *args;	      /* $ARGS */
};

/*
 * Handles ch from getopt_long when it is one of the options above but
 * -f: NAME is optarg and VALUE or FILE the next argument, which is
 * consumed.  Returns 1 when ch was one of them, 0 when not, -1 on a bad
 * argument (message printed).
 */
int jqargs_option(struct jqargs *a, int ch, int argc, char **argv);

/*
 * Adds $name = value (--arg: value is a string; --argjson: JSON text).
 * Returns 0, or -1 with a message in why when the JSON is invalid.
 */
int jqargs_add(struct jqargs *a, const char *name, const char *value,
    int is_json, struct buf *why);

/*
 * The variables and $ARGS, for expr_compile (*n of them), once all
 * options are read; jqargs_free frees them.
 */
const struct expr_var *jqargs_vars(struct jqargs *a, size_t *n);

/*
 * Compiles src with the variables and $ARGS.  On a syntax error prints
 * it (expr_print_error) and returns NULL.
 */
struct expr *jqargs_compile(struct jqargs *a, const char *src);

/*
 * The program in the file path (-f), a string to free; NULL with the
 * reason printed when it cannot be read.
 */
char *jqargs_read_program(const char *path);

void jqargs_free(struct jqargs *a);

#endif
