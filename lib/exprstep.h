#ifndef EXPRSTEP_H
#define EXPRSTEP_H

#include "jq/expr.h"
#include "stream.h"

/*
 * The steps of smap and sfilter, and the --arg/--argjson variables both
 * accept.
 */

struct exprargs {
	struct expr_var *vars;
	size_t n;
};

/* getopt_long codes of --arg and --argjson. */
enum { OPT_ARG = OPT_TOOL_FIRST, OPT_ARGJSON, OPT_EXPRSTEP_NEXT };

/*
 * Handles --arg NAME VALUE and --argjson NAME JSON from getopt_long:
 * NAME is optarg and VALUE the next argument, which is consumed.
 * Returns 1 when ch was one of them, 0 when not, -1 on a bad argument
 * (message printed).
 */
int exprargs_option(struct exprargs *a, int ch, int argc, char **argv);

/*
 * Adds $name = value (--arg: value is a string; --argjson: JSON text).
 * Returns 0, or -1 with a message in why when the JSON is invalid.
 */
int exprargs_add(struct exprargs *a, const char *name, const char *value,
    int is_json, struct buf *why);
void exprargs_free(struct exprargs *a);

struct lazy;
struct lazy_map;
struct lazy_update;

struct exprstep {
	struct expr *expr;
	int invert; /* sfilter -v */
	struct lazy *lazy; /* set by exprstep_filter; exprstep_free frees it */
	struct lazy_map *lazymap; /* set by exprstep_map */
	struct lazy_update *lazyupdate; /* set by exprstep_map */
	struct buf tail;		/* lazy_update's scratch */
};

void exprstep_free(struct exprstep *x);

/* smap: every output of the expression is a record. */
struct step exprstep_map(struct exprstep *x);

/*
 * sfilter: the record, byte for byte, when any output of the expression
 * is truthy (with invert: when none is).
 */
struct step exprstep_filter(struct exprstep *x);

#endif
