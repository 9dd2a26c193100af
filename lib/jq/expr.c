/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "expr.h"
#include "jtext.h"
#include "lazy.h"
#include "parse.h"
#include "utf8.h"
#include "xalloc.h"

struct expr {
	struct parser *parser;
	struct node *root;
	struct env *vars; /* predefined variables, a chain */
	size_t nvars;
	struct eval ev;
	struct buf clean;  /* the program, when it had invalid UTF-8 */
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
	e->root =
	    parser_program(e->parser, e->clean.data ? e->clean.data : src, err);
	if (e->root == NULL) {
		if (e->clean.data != NULL)
			err->pos = original_offset(src, err->pos);
		expr_free(e);
		return NULL;
	}
	return e;
}

/* Words that may follow a complete expression, so no | is missing. */
static const char *const follow_words[] = { "and", "or", "then", "else", "elif",
	"end", "as", "catch", NULL };

/* Is the word at p one that may follow a complete expression? */
static int
follows(const char *p)
{
	size_t n = 0, i;

	while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') ||
	    (p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9'))
		n++;
	for (i = 0; follow_words[i] != NULL; i++)
		if (strlen(follow_words[i]) == n &&
		    strncmp(p, follow_words[i], n) == 0)
			return 1;
	return 0;
}

/*
 * A hint for the usual slips of people who write other languages, from
 * the text at the error; NULL when none is plausible.
 */
static const char *
syntax_hint(const char *src, size_t pos, const char *text)
{
	const char *at = src + pos;
	const char *word = "syntax error: unexpected ";

	if (strncmp(text, word, strlen(word)) != 0 || pos > strlen(src))
		return NULL;
	if (at[0] == '&')
		return "jq says `and`, not `&&`: .a and .b";
	if (at[0] == '|' && pos > 0 && at[-1] == '|')
		return "jq says `or`, not `||`: .a or .b";
	if (at[0] == '!' && at[1] != '=')
		return "jq says `not`, after the value: .a | not";
	if (at[0] == '=' && at[1] != '=')
		return "`=` assigns; to compare, jq says `==`";
	if (((at[0] >= 'a' && at[0] <= 'z') || (at[0] >= 'A' && at[0] <= 'Z') ||
		at[0] == '$') &&
	    !follows(at))
		return "is a `|` missing before it?";
	return NULL;
}

/*
 * The message, then the line of the error with a caret under it; a
 * program of several lines also gets the line and column (1-based).
 */
void
expr_print_error(const char *src, const struct expr_error *err)
{
	size_t pos = err->pos, start = 0, line = 1, i, end;
	const char *hint = syntax_hint(src, pos, err->text);

	if (pos > strlen(src))
		pos = strlen(src);
	for (i = 0; i < pos; i++)
		if (src[i] == '\n')
			line++, start = i + 1;
	end = start + strcspn(src + start, "\n");
	if (strchr(src, '\n') != NULL)
		fprintf(stderr, "%s: %s at line %zu, column %zu\n",
		    diag_progname(), err->text, line, pos - start + 1);
	else
		fprintf(stderr, "%s: %s\n", diag_progname(), err->text);
	fprintf(stderr, "    %.*s\n    ", (int)(end - start), src + start);
	for (i = start; i < pos; i++)
		fputc(src[i] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
	if (hint != NULL)
		fprintf(stderr, "    hint: %s\n", hint);
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
expr_set_input(struct expr *e, const struct expr_input *in)
{
	e->ev.input = in;
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
	json_decref(e->ev.bad_marker);
	json_decref(e->ev.error);
	buf_free(&e->clean);
	free(e);
}
