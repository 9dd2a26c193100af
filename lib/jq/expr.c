#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "expr.h"
#include "lazy.h"
#include "jtext.h"
#include "parse.h"
#include "utf8.h"
#include "xalloc.h"

struct expr {
	struct parser *parser;
	struct node *root;
	struct env *vars; /* predefined variables, a chain */
	size_t nvars;
	struct eval ev;
	struct buf clean; /* the program, when it had invalid UTF-8 */
	struct lazy *path; /* expr_path's answer, once asked */
	int path_tried;
};

/*
 * The offset in src of offset pos of its repaired copy, for the caret
 * of a syntax error (at most the length of src).
 */
static size_t
original_offset(const char *src, size_t pos)
{
	struct buf b = { 0 };
	size_t lo = 0, hi = strlen(src), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		buf_reset(&b);
		utf8_sanitize(&b, src, mid);
		if (b.len < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	buf_free(&b);
	return lo;
}

const struct node *
expr_tree(const struct expr *e)
{
	return e->root;
}

const struct lazy *
expr_path(struct expr *e)
{
	if (!e->path_tried) {
		e->path_tried = 1;
		e->path = lazy_compile_path(e);
	}
	return e->path;
}

struct expr *
expr_compile(const char *src, const struct expr_var *vars, size_t nvars,
    struct expr_error *err)
{
	struct expr *e = xcalloc(1, sizeof(*e));
	const char **names = xcalloc(nvars ? nvars : 1, sizeof(*names));
	size_t i;

	memset(err, 0, sizeof(*err));
	for (i = 0; i < nvars; i++)
		names[i] = vars[i].name;
	e->parser = parser_new(names, nvars, err);
	free(names);
	if (e->parser == NULL) {
		free(e);
		return NULL;
	}
	e->vars = xcalloc(nvars ? nvars : 1, sizeof(*e->vars));
	e->nvars = nvars;
	for (i = 0; i < nvars; i++)
		e->vars[i] = (struct env){ i > 0 ? &e->vars[i - 1] : NULL,
			ENV_VAR, NULL, vars[i].name, json_incref(vars[i].value),
			NULL, NULL };
	e->ev.root = nvars > 0 ? &e->vars[nvars - 1] : NULL;
	/* as jq reads it: bad bytes in the program text become U+FFFD */
	if (!utf8_valid(src, strlen(src)))
		utf8_sanitize(&e->clean, src, strlen(src));
	e->root = parser_program(e->parser, e->clean.data ? e->clean.data : src,
	    err);
	if (e->root == NULL) {
		if (e->clean.data != NULL)
			err->pos = original_offset(src, err->pos);
		expr_free(e);
		return NULL;
	}
	return e;
}

void
expr_print_error(const char *src, const struct expr_error *err)
{
	size_t col = err->pos, i;

	fprintf(stderr, "%s: %s\n", diag_progname(), err->text);
	if (strchr(src, '\n') != NULL)
		return; /* a caret under a multi-line source misleads */
	fprintf(stderr, "    %s\n    ", src);
	for (i = 0; i < col; i++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
}

struct emit {
	struct sink base;
	expr_emit_fn fn;
	void *ctx;
};

static int
emit_put(struct sink *s, json_t *v, json_t *path)
{
	struct emit *e = (struct emit *)s;

	(void)path;
	return e->fn(e->ctx, v) == 0 ? R_OK : R_STOP;
}

static void
describe_error(json_t *error, struct buf *why)
{
	if (json_is_string(error)) {
		buf_add(why, json_string_value(error),
		    json_string_length(error));
		return;
	}
	jtext_dump(why, error);
	buf_adds(why, " (not a string)");
}

int
expr_eval(struct expr *e, json_t *input, expr_emit_fn emit, void *ctx,
    struct buf *why)
{
	struct emit out = { { emit_put }, emit, ctx };
	int r;

	eval_begin(&e->ev, &out);
	r = eval_node(&e->ev, e->root, input, NULL, e->ev.root, &out.base);
	switch (r) {
	case R_OK: return EXPR_OK;
	case R_STOP: return EXPR_STOP;
	case R_BREAK: return EXPR_OK;
	default:
		describe_error(e->ev.error, why);
		json_decref(e->ev.error);
		e->ev.error = NULL;
		return EXPR_ERROR;
	}
}

void
expr_free(struct expr *e)
{
	size_t i;

	if (e == NULL)
		return;
	lazy_free(e->path);
	node_free(e->root);
	parser_free(e->parser);
	for (i = 0; i < e->nvars; i++)
		json_decref(e->vars[i].value);
	free(e->vars);
	json_decref(e->ev.env_object);
	json_decref(e->ev.error);
	buf_free(&e->clean);
	free(e);
}
