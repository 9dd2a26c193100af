/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "builtin.h"
#include "lex.h"
#include "parse.h"
#include "value.h"
#include "xalloc.h"

extern char **environ;

enum scope_kind { SC_DEF, SC_PARAM, SC_VAR, SC_LABEL };

struct scope_entry {
	enum scope_kind kind;
	const char *name;
	int arity;
	struct node *def;  /* SC_DEF */
	const void *param; /* SC_PARAM */
};

struct parser {
	struct lexer lx;
	struct scope_entry *scope;
	size_t nscope, capscope;
	struct node **prelude; /* owned definitions of the prelude */
	size_t nprelude;
	struct expr_error *err;
	int failed;
	int depth; /* of nested constructs being parsed: see enter() */
	uintptr_t stack_base; /* address of a local where parsing began */
	size_t stack_budget;  /* bytes of stack the parser may use, or 0 */
};

static struct node *parse_pipe(struct parser *ps, int allow_comma,
    int toplevel);
static struct node *fail_at(struct parser *ps, size_t pos, const char *fmt,
    const char *arg);
static struct node *parse_break(struct parser *ps);
static struct node *parse_postfix(struct parser *ps);
static struct node *parse_postfix_as(struct parser *ps, int allow_as);

struct node *
node_new(enum node_kind kind, size_t pos)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->pos = pos;
	return n;
}

/*
 * Iterative, with a stack of its own: chains of pipes, commas and
 * operators make trees far deeper than the nesting limit, and freeing
 * them must not depend on the size of the C stack.
 */
void
node_free(struct node *n)
{
	struct node **todo = NULL, *kids[5];
	size_t ntodo = 0, cap = 0, need;
	int i, k;

	while (n != NULL) {
		kids[0] = n->a, kids[1] = n->b, kids[2] = n->c;
		kids[3] = n->d, kids[4] = n->pattern;
		need = ntodo + 5 + (size_t)n->nlist;
		if (need > cap) {
			cap = need > 2 * cap ? need : 2 * cap;
			todo = xrealloc(todo, cap * sizeof(*todo));
		}
		for (k = 0; k < 5; k++)
			if (kids[k] != NULL)
				todo[ntodo++] = kids[k];
		for (i = 0; i < n->nlist; i++)
			if (n->list[i] != NULL)
				todo[ntodo++] = n->list[i];
		json_decref(n->value);
		free(n->name);
		free(n->list);
		for (i = 0; i < n->nparams; i++)
			free(n->params[i]);
		free(n->params);
		free(n);
		n = ntodo > 0 ? todo[--ntodo] : NULL;
	}
	free(todo);
}

static void
node_append(struct node *n, struct node *child)
{
	n->list = xrealloc(n->list, (size_t)(n->nlist + 1) * sizeof(*n->list));
	n->list[n->nlist++] = child;
}

static struct node *
fail_at(struct parser *ps, size_t pos, const char *fmt, const char *arg)
{
	if (!ps->failed) {
		ps->failed = 1;
		ps->err->pos = pos;
		snprintf(ps->err->text, sizeof(ps->err->text), fmt, arg);
	}
	return NULL;
}

/*
 * The parser recurses once per nested construct, on whatever stack the
 * tool's main thread has, so nesting is limited to EXPR_DEPTH_MAX: a
 * clear syntax error instead of a stack overflow, whatever ulimit -s.
 * enter() counts one level, or fails at the limit; leave() ends the
 * level and passes n through.
 */
static int
enter(struct parser *ps)
{
	uintptr_t here = (uintptr_t)&here;
	size_t used = here < ps->stack_base ? ps->stack_base - here
					    : here - ps->stack_base;

	/* a frame moved off the stack (by ASan, say) is no measure */
	if (ps->depth < EXPR_DEPTH_MAX &&
	    (ps->stack_budget == 0 || used < ps->stack_budget ||
		used > 2 * ps->stack_budget + (64 << 20))) {
		ps->depth++;
		return 0;
	}
	if (ps->depth < EXPR_DEPTH_MAX)
		fail_at(ps, ps->lx.start, "%s",
		    "syntax error: expression nested too deeply for the "
		    "stack (see ulimit -s)");
	else
		fail_at(ps, ps->lx.start,
		    "syntax error: expression nested too deeply (limit %s)",
		    EXPR_DEPTH_MAX_TEXT);
	return -1;
}

/*
 * A backstop for enter(), for stacks so small that even EXPR_DEPTH_MAX
 * levels would not fit: half of what the stack's limit leaves.  What is
 * used already (mostly argv and the environment, at the top of the main
 * thread's stack, above here) is estimated from the environment strings.
 */
static size_t
stack_budget(const void *here)
{
	struct rlimit rl;
	uintptr_t at = (uintptr_t)here, top = at, end;
	size_t used = 0;
	char **e;

	if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	for (e = environ; e != NULL && *e != NULL; e++) {
		end = (uintptr_t)*e + strlen(*e);
		if (end > top && end - at < (uintptr_t)rl.rlim_cur)
			top = end;
	}
	used = (size_t)(top - at);
	if (used >= (size_t)rl.rlim_cur)
		return 1;
	return ((size_t)rl.rlim_cur - used) / 2;
}

static struct node *
leave(struct parser *ps, struct node *n)
{
	ps->depth--;
	return n;
}

static const char *
token_text(struct parser *ps)
{
	static char text[64];
	size_t n = ps->lx.end - ps->lx.start;

	if (ps->lx.tok == T_EOF)
		return "end of expression";
	if (n > sizeof(text) - 1)
		n = sizeof(text) - 1;
	memcpy(text, ps->lx.src + ps->lx.start, n);
	text[n] = '\0';
	return text;
}

static struct node *
syntax_error(struct parser *ps)
{
	if (ps->lx.tok == T_ERROR)
		return fail_at(ps, ps->lx.start, "syntax error: %s",
		    ps->lx.error);
	return fail_at(ps, ps->lx.start, "syntax error: unexpected %s",
	    token_text(ps));
}

static int
expect(struct parser *ps, enum token t)
{
	if (ps->lx.tok != t) {
		syntax_error(ps);
		return -1;
	}
	lex_next(&ps->lx);
	return 0;
}

static void
scope_push(struct parser *ps, enum scope_kind kind, const char *name, int arity,
    struct node *def, const void *param)
{
	struct scope_entry *e;

	if (ps->nscope == ps->capscope) {
		ps->capscope = ps->capscope ? 2 * ps->capscope : 64;
		ps->scope =
		    xrealloc(ps->scope, ps->capscope * sizeof(*ps->scope));
	}
	e = &ps->scope[ps->nscope++];
	e->kind = kind;
	e->name = name;
	e->arity = arity;
	e->def = def;
	e->param = param;
}

static const struct scope_entry *
scope_find(struct parser *ps, enum scope_kind kind, const char *name, int arity)
{
	size_t i = ps->nscope;

	while (i-- > 0) {
		struct scope_entry *e = &ps->scope[i];

		if (strcmp(e->name, name) != 0)
			continue;
		if ((kind == SC_VAR || kind == SC_LABEL) && e->kind == kind)
			return e;
		if (kind == SC_VAR || kind == SC_LABEL)
			continue;
		if (kind != SC_VAR && e->kind == SC_DEF && e->arity == arity)
			return e;
		if (kind != SC_VAR && e->kind == SC_PARAM && arity == 0)
			return e;
	}
	return NULL;
}

static struct node *
literal(json_t *v, size_t pos)
{
	struct node *n = node_new(N_LITERAL, pos);

	n->value = v;
	return n;
}

static struct node *
binary(enum node_kind kind, int op, struct node *a, struct node *b, size_t pos)
{
	struct node *n = node_new(kind, pos);

	n->op = op;
	n->a = a;
	n->b = b;
	return n;
}

/* builtins: the natives and the prelude's definitions, as jq lists them. */
static struct node *
builtins_literal(struct parser *ps, struct node *call)
{
	json_t *names = json_array();
	size_t i, pos = call->pos;

	builtin_names(names);
	for (i = 0; i < ps->nprelude; i++)
		builtin_name_add(names, ps->prelude[i]->name,
		    ps->prelude[i]->nparams);
	builtin_name_add(names, "builtins", 0);
	node_free(call);
	return literal(names, pos);
}

/* Resolves name/arity; args already parsed into n->list. */
static struct node *
resolve_call(struct parser *ps, struct node *n)
{
	const struct scope_entry *e = scope_find(ps, SC_DEF, n->name, n->nlist);
	char what[128];

	if (e != NULL && e->kind == SC_DEF)
		n->def = e->def;
	else if (e != NULL)
		n->param = e->param;
	else if (n->nlist == 0 && strcmp(n->name, "builtins") == 0)
		return builtins_literal(ps, n);
	else if ((n->native = builtin_find(n->name, n->nlist)) == NULL) {
		snprintf(what, sizeof(what), "%s/%d", n->name, n->nlist);
		node_free(n);
		return fail_at(ps, ps->lx.start, "%s is not defined", what);
	}
	return n;
}

/* jq's module directives, which an expression here cannot use. */
static int
is_module_word(const char *name)
{
	return strcmp(name, "import") == 0 || strcmp(name, "include") == 0 ||
	    strcmp(name, "module") == 0 || strcmp(name, "modulemeta") == 0;
}

static struct node *
parse_call(struct parser *ps)
{
	struct node *n, *arg;

	if (is_module_word(ps->lx.text.data))
		return fail_at(ps, ps->lx.start, "%s: modules are not supported"
		    " (an expression is one program: stream-tools(7))",
		    ps->lx.text.data);
	n = node_new(N_CALL, ps->lx.start);
	n->name = xstrdup(ps->lx.text.data);
	lex_next(&ps->lx);
	if (ps->lx.tok == T_LPAREN) {
		do {
			lex_next(&ps->lx);
			if ((arg = parse_pipe(ps, 1, 0)) == NULL) {
				node_free(n);
				return NULL;
			}
			node_append(n, arg);
		} while (ps->lx.tok == T_SEMI);
		if (expect(ps, T_RPAREN) < 0) {
			node_free(n);
			return NULL;
		}
	}
	return resolve_call(ps, n);
}

/* $__loc__: where it stands in the program, as jq gives it. */
static struct node *
parse_loc(struct parser *ps)
{
	size_t i, line = 1;

	for (i = 0; i < ps->lx.start; i++)
		if (ps->lx.src[i] == '\n')
			line++;
	lex_next(&ps->lx);
	return literal(json_pack("{s:s,s:i}", "file", "<top-level>", "line",
			   (int)line),
	    ps->lx.start);
}

static struct node *
parse_var(struct parser *ps)
{
	struct node *n;

	if (strcmp(ps->lx.text.data, "__loc__") == 0)
		return parse_loc(ps);
	n = node_new(N_VAR, ps->lx.start);

	n->name = xstrdup(ps->lx.text.data);
	if (strcmp(n->name, "ENV") != 0 &&
	    scope_find(ps, SC_VAR, n->name, 0) == NULL) {
		node_free(n);
		return fail_at(ps, ps->lx.start, "$%s is not defined",
		    ps->lx.text.data);
	}
	lex_next(&ps->lx);
	return n;
}

/*
 * A string: the opening quote is the current token.  With format set
 * (@base64 "..."), interpolated values are formatted with it.
 */
static struct node *
parse_string(struct parser *ps, const char *format)
{
	struct node *n = node_new(N_STRING, ps->lx.start), *e;
	struct buf text = { 0 };
	enum string_part part;

	ps->lx.pos = ps->lx.end;
	for (;;) {
		buf_reset(&text);
		part = lex_string_part(&ps->lx, &text);
		if (part == STR_BAD) {
			buf_free(&text);
			node_free(n);
			return fail_at(ps, ps->lx.start, "syntax error: %s",
			    ps->lx.error);
		}
		if (text.len > 0 || n->nlist == 0) {
			e = literal(json_stringn_nocheck(text.data ? text.data
								   : "",
					text.len),
			    n->pos);
			e->op = STRING_TEXT;
			node_append(n, e);
		}
		if (part == STR_TEXT_END)
			break;
		lex_next(&ps->lx);
		if ((e = parse_pipe(ps, 1, 0)) == NULL) {
			buf_free(&text);
			node_free(n);
			return NULL;
		}
		node_append(n, e);
		if (ps->lx.tok != T_RPAREN) {
			buf_free(&text);
			node_free(n);
			return syntax_error(ps);
		}
		ps->lx.pos = ps->lx.end;
	}
	buf_free(&text);
	lex_next(&ps->lx);
	if (format != NULL)
		n->name = xstrdup(format);
	else if (n->nlist == 1) {
		/* A plain string is a literal. */
		e = n->list[0];
		e->op = 0;
		n->nlist = 0;
		node_free(n);
		return e;
	}
	return n;
}

static struct node *
parse_format(struct parser *ps)
{
	char *name = xstrdup(ps->lx.text.data);
	struct node *n;

	if (builtin_format_find(name) == NULL) {
		n = fail_at(ps, ps->lx.start, "%s is not a valid format", name);
		free(name);
		return n;
	}
	if (lex_next(&ps->lx) == T_QUOTE) {
		n = parse_string(ps, name);
		if (n != NULL && n->kind == N_LITERAL) {
			/* No interpolation: the text is used as is. */
		}
	} else {
		n = node_new(N_FORMAT, ps->lx.start);
		n->name = xstrdup(name);
	}
	free(name);
	return n;
}

static struct node *
parse_object_key(struct parser *ps, struct node **value)
{
	struct node *key, *n;
	size_t pos = ps->lx.start;
	struct lexer at = ps->lx; /* to read an interpolated key twice */

	*value = NULL;
	switch (ps->lx.tok) {
	case T_VAR:
		key = literal(json_string(ps->lx.text.data), pos);
		*value = parse_var(ps);
		return *value != NULL ? key : (node_free(key), NULL);
	case T_QUOTE: key = parse_string(ps, NULL); break;
	case T_FORMAT: key = parse_format(ps); break;
	case T_LPAREN:
		lex_next(&ps->lx);
		key = parse_pipe(ps, 1, 0);
		if (key != NULL && expect(ps, T_RPAREN) < 0) {
			node_free(key);
			return NULL;
		}
		break;
	default:
		if (ps->lx.tok != T_IDENT &&
		    !(ps->lx.tok >= T_IF && ps->lx.tok <= T_LABEL))
			return syntax_error(ps);
		key = literal(json_string(ps->lx.text.data), pos);
		lex_next(&ps->lx);
		break;
	}
	if (key == NULL)
		return NULL;
	if (ps->lx.tok != T_COLON) {
		/* {a} and {"a"} mean {a: .a} */
		if (key->kind != N_LITERAL && key->kind != N_STRING) {
			node_free(key);
			return syntax_error(ps);
		}
		n = node_new(N_INDEX, pos);
		n->a = node_new(N_IDENTITY, pos);
		if (key->kind == N_LITERAL) {
			n->b = literal(json_incref(key->value), pos);
		} else if (at.tok != T_QUOTE) {
			node_free(n);
			node_free(key);
			return fail_at(ps, pos, "%s",
			    "syntax error: a formatted key needs a value");
		} else {
			/*
			 * {"a\(e)"} is {"a\(e)": .["a\(e)"]}: the string is
			 * parsed again for the index, and ends where it did.
			 */
			ps->lx.pos = at.pos;
			ps->lx.tok = at.tok;
			ps->lx.start = at.start;
			ps->lx.end = at.end;
			n->b = parse_string(ps, NULL);
		}
		*value = n;
	}
	return key;
}

/* A literal key that is not a string is jq's compile-time error. */
static int
key_check(struct parser *ps, const struct node *key)
{
	struct buf msg = { 0 };

	if (key->kind != N_LITERAL || json_is_string(key->value))
		return 0;
	buf_adds(&msg, "Cannot use ");
	value_describe(&msg, key->value);
	fail_at(ps, key->pos, "%s as object key", msg.data);
	buf_free(&msg);
	return -1;
}

static struct node *
parse_object(struct parser *ps)
{
	struct node *n = node_new(N_OBJECT, ps->lx.start), *key, *value;

	lex_next(&ps->lx);
	while (ps->lx.tok != T_RBRACE) {
		if ((key = parse_object_key(ps, &value)) == NULL)
			goto bad;
		if (key_check(ps, key) < 0) {
			node_free(key);
			node_free(value);
			goto bad;
		}
		if (value == NULL) {
			lex_next(&ps->lx); /* the colon */
			value = parse_pipe(ps, 0, 0);
			if (value == NULL) {
				node_free(key);
				goto bad;
			}
		}
		node_append(n, key);
		node_append(n, value);
		if (ps->lx.tok != T_COMMA)
			break;
		lex_next(&ps->lx);
	}
	if (expect(ps, T_RBRACE) == 0)
		return n;
bad:
	node_free(n);
	return NULL;
}

static struct node *
parse_if(struct parser *ps)
{
	struct node *n = node_new(N_IF, ps->lx.start);

	lex_next(&ps->lx);
	if ((n->a = parse_pipe(ps, 1, 0)) == NULL || expect(ps, T_THEN) < 0 ||
	    (n->b = parse_pipe(ps, 1, 0)) == NULL)
		goto bad;
	if (ps->lx.tok == T_ELIF) {
		if (enter(ps) < 0 || (n->c = leave(ps, parse_if(ps))) == NULL)
			goto bad;
		return n; /* the nested if consumed "end" */
	}
	if (ps->lx.tok == T_ELSE) {
		lex_next(&ps->lx);
		if ((n->c = parse_pipe(ps, 1, 0)) == NULL)
			goto bad;
	}
	if (expect(ps, T_END) == 0)
		return n;
bad:
	node_free(n);
	return NULL;
}

static struct node *parse_pattern(struct parser *ps);

/* An entry of an object pattern: $name, or KEY: PATTERN. */
static int
parse_object_pattern_entry(struct parser *ps, struct node *n)
{
	struct node *key, *sub;
	size_t pos = ps->lx.start;

	if (ps->lx.tok == T_VAR) {
		key = literal(json_string(ps->lx.text.data), pos);
		sub = parse_pattern(ps);
		if (sub != NULL && ps->lx.tok == T_COLON) {
			/* {$name: P}: $name and P both get the value */
			node_append(n, key);
			node_append(n, sub);
			lex_next(&ps->lx);
			key = literal(json_string(sub->name), pos);
			sub = parse_pattern(ps);
		}
	} else {
		if (ps->lx.tok == T_QUOTE)
			key = parse_string(ps, NULL);
		else if (ps->lx.tok == T_LPAREN) {
			lex_next(&ps->lx);
			key = parse_pipe(ps, 1, 0);
			if (key != NULL && expect(ps, T_RPAREN) < 0)
				key = (node_free(key), NULL);
		} else if (ps->lx.tok == T_IDENT ||
		    (ps->lx.tok >= T_IF && ps->lx.tok <= T_LABEL)) {
			key = literal(json_string(ps->lx.text.data), pos);
			lex_next(&ps->lx);
		} else {
			syntax_error(ps);
			return -1;
		}
		if (key == NULL)
			return -1;
		if (expect(ps, T_COLON) < 0) {
			node_free(key);
			return -1;
		}
		sub = parse_pattern(ps);
	}
	node_append(n, key);
	if (sub == NULL)
		return -1;
	node_append(n, sub);
	return 0;
}

/*
 * $name, [P, ...] or {K: P, ...}.  Every variable goes into scope as it
 * is read; the caller pops them after the body.
 */
static struct node *parse_pattern_nested(struct parser *ps);

static struct node *
parse_pattern(struct parser *ps)
{
	if (enter(ps) < 0)
		return NULL;
	return leave(ps, parse_pattern_nested(ps));
}

static struct node *
parse_pattern_nested(struct parser *ps)
{
	struct node *n = node_new(N_PATTERN, ps->lx.start), *sub;
	enum token close;

	switch (ps->lx.tok) {
	case T_VAR:
		n->op = PAT_VAR;
		n->name = xstrdup(ps->lx.text.data);
		scope_push(ps, SC_VAR, n->name, 0, NULL, NULL);
		lex_next(&ps->lx);
		return n;
	case T_LBRACKET:
		n->op = PAT_ARRAY;
		close = T_RBRACKET;
		break;
	case T_LBRACE:
		n->op = PAT_OBJECT;
		close = T_RBRACE;
		break;
	default: node_free(n); return syntax_error(ps);
	}
	do {
		lex_next(&ps->lx);
		if (n->op == PAT_ARRAY) {
			if ((sub = parse_pattern(ps)) == NULL)
				goto bad;
			node_append(n, sub);
		} else if (parse_object_pattern_entry(ps, n) < 0) {
			goto bad;
		}
	} while (ps->lx.tok == T_COMMA);
	if (expect(ps, close) == 0)
		return n;
bad:
	node_free(n);
	return NULL;
}

/* After "as": a $name (kept in n->name) or a destructuring pattern. */
static int
parse_binding(struct parser *ps, struct node *n)
{
	if (ps->lx.tok == T_VAR) {
		n->name = xstrdup(ps->lx.text.data);
		scope_push(ps, SC_VAR, n->name, 0, NULL, NULL);
		lex_next(&ps->lx);
		return 0;
	}
	n->pattern = parse_pattern(ps);
	return n->pattern != NULL ? 0 : -1;
}

/* reduce/foreach SOURCE as $x (a; b [; c]) */
static struct node *
parse_fold(struct parser *ps, enum node_kind kind)
{
	struct node *n = node_new(kind, ps->lx.start);
	size_t mark = ps->nscope, inner;

	lex_next(&ps->lx);
	if ((n->a = parse_postfix_as(ps, 0)) == NULL)
		goto bad;
	if (ps->lx.tok != T_AS)
		goto syntax;
	lex_next(&ps->lx);
	mark = ps->nscope;
	if (parse_binding(ps, n) < 0)
		goto bad_scoped;
	/* the initial value does not see the variables */
	inner = ps->nscope;
	ps->nscope = mark;
	if (expect(ps, T_LPAREN) < 0 || (n->b = parse_pipe(ps, 1, 0)) == NULL ||
	    expect(ps, T_SEMI) < 0)
		goto bad;
	ps->nscope = inner;
	n->c = parse_pipe(ps, 1, 0);
	if (n->c != NULL && kind == N_FOREACH && ps->lx.tok == T_SEMI) {
		lex_next(&ps->lx);
		n->d = parse_pipe(ps, 1, 0);
		if (n->d == NULL)
			n->c = (node_free(n->c), NULL);
	}
	ps->nscope = mark;
	if (n->c == NULL || expect(ps, T_RPAREN) < 0)
		goto bad;
	return n;
syntax:
	syntax_error(ps);
	goto bad;
bad_scoped:
	ps->nscope = mark;
bad:
	node_free(n);
	return NULL;
}

static struct node *
parse_try(struct parser *ps)
{
	struct node *n = node_new(N_TRY, ps->lx.start);

	lex_next(&ps->lx);
	if ((n->a = parse_postfix(ps)) == NULL)
		goto bad;
	if (ps->lx.tok == T_CATCH) {
		lex_next(&ps->lx);
		if ((n->b = parse_postfix(ps)) == NULL)
			goto bad;
	}
	return n;
bad:
	node_free(n);
	return NULL;
}

/*
 * An integer literal that fits in 64 bits stays exact; any other number
 * is a double, and one beyond the largest double is clamped to it, as
 * jq and the JSON reader do.
 */
static json_t *
number_literal(struct parser *ps)
{
	long long i;

	if (ps->lx.integral) {
		errno = 0;
		i = strtoll(ps->lx.text.data, NULL, 10);
		if (errno == 0)
			return json_integer(i);
	}
	return value_real(ps->lx.number);
}

static struct node *parse_term_nested(struct parser *ps);

static struct node *
parse_term(struct parser *ps)
{
	if (enter(ps) < 0)
		return NULL;
	return leave(ps, parse_term_nested(ps));
}

static struct node *
parse_term_nested(struct parser *ps)
{
	struct node *n;
	size_t pos = ps->lx.start;

	switch (ps->lx.tok) {
	case T_DOT:
		lex_next(&ps->lx);
		if (ps->lx.tok == T_QUOTE) {
			n = node_new(N_INDEX, pos);
			n->a = node_new(N_IDENTITY, pos);
			if ((n->b = parse_string(ps, NULL)) == NULL)
				n = (node_free(n), NULL);
			return n;
		}
		return node_new(N_IDENTITY, pos);
	case T_DOTDOT: lex_next(&ps->lx); return node_new(N_RECURSE, pos);
	case T_FIELD:
		n = node_new(N_INDEX, pos);
		n->a = node_new(N_IDENTITY, pos);
		n->b = literal(json_string(ps->lx.text.data), pos);
		lex_next(&ps->lx);
		return n;
	case T_NUMBER:
		n = literal(number_literal(ps), pos);
		lex_next(&ps->lx);
		return n;
	case T_QUOTE: return parse_string(ps, NULL);
	case T_FORMAT: return parse_format(ps);
	case T_VAR: return parse_var(ps);
	case T_IDENT:
		if (strcmp(ps->lx.text.data, "break") == 0)
			return parse_break(ps);
		if (strcmp(ps->lx.text.data, "null") == 0)
			n = literal(json_null(), pos);
		else if (strcmp(ps->lx.text.data, "true") == 0)
			n = literal(json_true(), pos);
		else if (strcmp(ps->lx.text.data, "false") == 0)
			n = literal(json_false(), pos);
		else
			return parse_call(ps);
		lex_next(&ps->lx);
		return n;
	case T_LPAREN:
		lex_next(&ps->lx);
		n = parse_pipe(ps, 1, 0);
		if (n != NULL && expect(ps, T_RPAREN) < 0)
			n = (node_free(n), NULL);
		return n;
	case T_LBRACKET:
		n = node_new(N_ARRAY, pos);
		if (lex_next(&ps->lx) != T_RBRACKET &&
		    (n->a = parse_pipe(ps, 1, 0)) == NULL)
			return node_free(n), NULL;
		if (expect(ps, T_RBRACKET) < 0)
			return node_free(n), NULL;
		return n;
	case T_LBRACE: return parse_object(ps);
	case T_IF: return parse_if(ps);
	case T_TRY: return parse_try(ps);
	case T_REDUCE: return parse_fold(ps, N_REDUCE);
	case T_FOREACH: return parse_fold(ps, N_FOREACH);
	case T_MINUS:
		lex_next(&ps->lx);
		n = node_new(N_NEG, pos);
		if ((n->a = parse_postfix(ps)) == NULL)
			n = (node_free(n), NULL);
		return n;
	default: return syntax_error(ps);
	}
}

/* After '[': .[], .[e], .[e:f], .[:f], .[e:] */
static struct node *
parse_bracket(struct parser *ps, struct node *term)
{
	struct node *n;
	size_t pos = ps->lx.start;

	if (lex_next(&ps->lx) == T_RBRACKET) {
		lex_next(&ps->lx);
		n = node_new(N_ITERATE, pos);
		n->a = term;
		return n;
	}
	n = node_new(N_INDEX, pos);
	n->a = term;
	if (ps->lx.tok != T_COLON && (n->b = parse_pipe(ps, 1, 0)) == NULL)
		goto bad;
	if (ps->lx.tok == T_COLON) {
		n->kind = N_SLICE;
		if (lex_next(&ps->lx) != T_RBRACKET &&
		    (n->c = parse_pipe(ps, 1, 0)) == NULL)
			goto bad;
	}
	if (expect(ps, T_RBRACKET) == 0)
		return n;
bad:
	node_free(n);
	return NULL;
}

/*
 * E as P1 ?// P2 ?// ... | body: the patterns after the first go into
 * n->list, and a plain $name first becomes a pattern too.  The lexer has
 * no ?// token, so that .a?//1 still means .a? // 1.
 */
static int
parse_alternatives(struct parser *ps, struct node *n)
{
	struct node *p;

	if (ps->lx.tok != T_QUESTION)
		return 0;
	if (n->pattern == NULL) {
		n->pattern = node_new(N_PATTERN, n->pos);
		n->pattern->op = PAT_VAR;
		n->pattern->name = n->name;
		n->name = NULL;
	}
	while (ps->lx.tok == T_QUESTION) {
		lex_next(&ps->lx);
		if (expect(ps, T_ALT) < 0 || (p = parse_pattern(ps)) == NULL)
			return -1;
		node_append(n, p);
	}
	return 0;
}

/* Term as $x | body */
static struct node *
parse_bind(struct parser *ps, struct node *source)
{
	struct node *n = node_new(N_BIND, ps->lx.start);

	size_t mark = ps->nscope;

	n->a = source;
	lex_next(&ps->lx);
	if (parse_binding(ps, n) < 0 || parse_alternatives(ps, n) < 0 ||
	    expect(ps, T_PIPE) < 0)
		goto bad;
	n->b = parse_pipe(ps, 1, 0);
	ps->nscope = mark;
	if (n->b != NULL)
		return n;
bad:
	ps->nscope = mark;
	node_free(n);
	return NULL;
}

static struct node *
parse_postfix(struct parser *ps)
{
	return parse_postfix_as(ps, 1);
}

/* A term and its suffixes; "as" binds only when allow_as (not in reduce). */
static struct node *
parse_postfix_as(struct parser *ps, int allow_as)
{
	struct node *n = parse_term(ps), *m;

	while (n != NULL) {
		switch (ps->lx.tok) {
		case T_FIELD:
			m = node_new(N_INDEX, ps->lx.start);
			m->a = n;
			m->b = literal(json_string(ps->lx.text.data),
			    ps->lx.start);
			lex_next(&ps->lx);
			n = m;
			break;
		case T_DOT:
			/* ."key" after a term */
			m = node_new(N_INDEX, ps->lx.start);
			m->a = n;
			n = m;
			if (lex_next(&ps->lx) != T_QUOTE) {
				node_free(n);
				return syntax_error(ps);
			}
			if (enter(ps) < 0 ||
			    (n->b = leave(ps, parse_string(ps, NULL))) == NULL)
				return node_free(n), NULL;
			break;
		case T_LBRACKET:
			if (enter(ps) < 0) {
				node_free(n);
				return NULL;
			}
			n = leave(ps, parse_bracket(ps, n));
			break;
		case T_QUESTION:
			m = node_new(N_TRY, ps->lx.start);
			m->a = n;
			lex_next(&ps->lx);
			n = m;
			break;
		case T_AS:
			if (!allow_as)
				return n;
			if (enter(ps) < 0) {
				node_free(n);
				return NULL;
			}
			return leave(ps, parse_bind(ps, n));
		default: return n;
		}
	}
	return NULL;
}

/* Binary operators from loosest to tightest, after ',' . */
static int
precedence(enum token t)
{
	switch (t) {
	case T_ALT: return 1;
	case T_ASSIGN:
	case T_SETPIPE:
	case T_SETPLUS:
	case T_SETMINUS:
	case T_SETSTAR:
	case T_SETSLASH:
	case T_SETPERCENT:
	case T_SETALT: return 2;
	case T_OR: return 3;
	case T_AND: return 4;
	case T_EQ:
	case T_NE:
	case T_LT:
	case T_LE:
	case T_GT:
	case T_GE: return 5;
	case T_PLUS:
	case T_MINUS: return 6;
	case T_STAR:
	case T_SLASH:
	case T_PERCENT: return 7;
	default: return 0;
	}
}

static enum node_kind
binary_kind(enum token t)
{
	switch (t) {
	case T_ALT: return N_ALT;
	case T_OR: return N_OR;
	case T_AND: return N_AND;
	default: return precedence(t) == 2 ? N_ASSIGN : N_BINOP;
	}
}

/*
 * Operators by precedence climbing with stacks of our own, so that a
 * long chain of operators takes no C stack.  "//" is right-associative;
 * assignment and comparison do not chain (a == b == c is an error).
 */
struct opstack {
	struct node **args; /* operands: one more than ops */
	int *ops;
	size_t *pos;
	size_t nargs, nops, cap;
};

/*
 * jq 1.6 folds operators on two number literals when it compiles: a
 * literal division of a nonzero number by zero is its compile-time
 * error "Division by zero?", and 0/0 becomes NaN (printed as null), where
 * a division at run time would fail; % is left to run time.  Replaces
 * *np by the folded literal.  Returns 0, or -1 with the error.
 */
static int
fold_division(struct parser *ps, struct node **np)
{
	struct node *n = *np, *nan;
	double a;

	if (n->kind != N_BINOP || n->op != T_SLASH || n->a->kind != N_LITERAL ||
	    n->b->kind != N_LITERAL || !json_is_number(n->a->value) ||
	    !json_is_number(n->b->value) || json_number_value(n->b->value) != 0)
		return 0;
	a = json_number_value(n->a->value);
	if (a != 0) {
		fail_at(ps, n->pos, "%s", "Division by zero?");
		return -1;
	}
	nan = node_new(N_LITERAL, n->pos);
	nan->value = value_real(NAN);
	node_free(n);
	*np = nan;
	return 0;
}

static int
opstack_reduce(struct parser *ps, struct opstack *st)
{
	struct node *b = st->args[--st->nargs], *a = st->args[--st->nargs];
	int op = st->ops[--st->nops];

	st->args[st->nargs++] =
	    binary(binary_kind(op), op, a, b, st->pos[st->nops]);
	return fold_division(ps, &st->args[st->nargs - 1]);
}

static void
opstack_push(struct opstack *st, struct node *arg, int op, size_t pos)
{
	if (st->nargs == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 8;
		st->args = xrealloc(st->args, st->cap * sizeof(*st->args));
		st->ops = xrealloc(st->ops, st->cap * sizeof(*st->ops));
		st->pos = xrealloc(st->pos, st->cap * sizeof(*st->pos));
	}
	if (arg != NULL)
		st->args[st->nargs++] = arg;
	else {
		st->ops[st->nops] = op;
		st->pos[st->nops++] = pos;
	}
}

static struct node *
parse_binary(struct parser *ps)
{
	struct opstack st = { 0 };
	struct node *n = parse_postfix(ps);
	int prec, top;

	if (n != NULL)
		opstack_push(&st, n, 0, 0);
	while (n != NULL && (prec = precedence(ps->lx.tok)) > 0) {
		while (st.nops > 0 &&
		    ((top = precedence(st.ops[st.nops - 1])) > prec ||
			(top == prec && ps->lx.tok != T_ALT))) {
			if (top == prec && (prec == 2 || prec == 5)) {
				n = syntax_error(ps);
				goto done;
			}
			if (opstack_reduce(ps, &st) < 0) {
				n = NULL;
				goto done;
			}
		}
		opstack_push(&st, NULL, ps->lx.tok, ps->lx.start);
		lex_next(&ps->lx);
		if ((n = parse_postfix(ps)) != NULL)
			opstack_push(&st, n, 0, 0);
	}
	while (n != NULL && st.nops > 0)
		if (opstack_reduce(ps, &st) < 0)
			n = NULL;
	if (n != NULL) {
		n = st.args[0];
		st.nargs = 0;
	}
done:
	while (st.nargs > 0)
		node_free(st.args[--st.nargs]);
	free(st.args);
	free(st.ops);
	free(st.pos);
	return n;
}

static struct node *
parse_comma(struct parser *ps, int allow_comma)
{
	struct node *left = parse_binary(ps), *right;
	size_t pos;

	while (allow_comma && left != NULL && ps->lx.tok == T_COMMA) {
		pos = ps->lx.start;
		lex_next(&ps->lx);
		if (ps->lx.tok == T_DEF) {
			/* a, def f: ...; body: the definition takes the rest */
			if ((right = parse_pipe(ps, 1, 0)) == NULL) {
				node_free(left);
				return NULL;
			}
			return binary(N_COMMA, 0, left, right, pos);
		}
		if ((right = parse_binary(ps)) == NULL) {
			node_free(left);
			return NULL;
		}
		left = binary(N_COMMA, 0, left, right, pos);
	}
	return left;
}

/* label $name | body */
static struct node *
parse_label(struct parser *ps, int allow_comma)
{
	struct node *n = node_new(N_LABEL, ps->lx.start);
	size_t mark = ps->nscope;

	if (lex_next(&ps->lx) != T_VAR) {
		syntax_error(ps);
		goto bad;
	}
	n->name = xstrdup(ps->lx.text.data);
	scope_push(ps, SC_LABEL, n->name, 0, n, NULL);
	lex_next(&ps->lx);
	if (expect(ps, T_PIPE) < 0 || enter(ps) < 0)
		goto bad;
	n->a = leave(ps, parse_pipe(ps, allow_comma, 0));
	ps->nscope = mark;
	if (n->a != NULL)
		return n;
bad:
	ps->nscope = mark;
	node_free(n);
	return NULL;
}

/* break $name, to the innermost label $name around it */
static struct node *
parse_break(struct parser *ps)
{
	const struct scope_entry *e;
	struct node *n;

	if (lex_next(&ps->lx) != T_VAR)
		return syntax_error(ps);
	if ((e = scope_find(ps, SC_LABEL, ps->lx.text.data, 0)) == NULL)
		return fail_at(ps, ps->lx.start, "$*label-%s is not defined",
		    ps->lx.text.data);
	n = node_new(N_BREAK, ps->lx.start);
	n->def = e->def;
	lex_next(&ps->lx);
	return n;
}

/* def name[(params)]: body;  The name is in scope afterwards (caller pops). */
static struct node *
parse_funcdef(struct parser *ps, int toplevel)
{
	struct node *n = node_new(N_FUNCDEF, ps->lx.start), *call, *bind;
	size_t mark, i;
	int dollar;

	n->toplevel = toplevel;
	if (lex_next(&ps->lx) != T_IDENT) {
		syntax_error(ps);
		goto bad;
	}
	n->name = xstrdup(ps->lx.text.data);
	if (lex_next(&ps->lx) == T_LPAREN) {
		do {
			lex_next(&ps->lx);
			if (ps->lx.tok != T_IDENT && ps->lx.tok != T_VAR) {
				syntax_error(ps);
				goto bad;
			}
			n->params = xrealloc(n->params,
			    (size_t)(n->nparams + 1) * sizeof(*n->params));
			/* "$x" params are remembered with their dollar */
			dollar = ps->lx.tok == T_VAR;
			n->params[n->nparams] = xmalloc(ps->lx.text.len + 2);
			snprintf(n->params[n->nparams++], ps->lx.text.len + 2,
			    "%s%s", dollar ? "$" : "", ps->lx.text.data);
		} while (lex_next(&ps->lx) == T_SEMI);
		if (expect(ps, T_RPAREN) < 0)
			goto bad;
	}
	if (expect(ps, T_COLON) < 0)
		goto bad;
	mark = ps->nscope;
	scope_push(ps, SC_DEF, n->name, n->nparams, n, NULL);
	for (i = 0; i < (size_t)n->nparams; i++) {
		const char *p = n->params[i];

		scope_push(ps, SC_PARAM, p[0] == '$' ? p + 1 : p, 0, NULL,
		    &n->params[i]);
		if (p[0] == '$')
			scope_push(ps, SC_VAR, p + 1, 0, NULL, NULL);
	}
	if (enter(ps) == 0)
		n->a = leave(ps, parse_pipe(ps, 1, 0));
	ps->nscope = mark + 1; /* keep the name itself in scope */
	if (n->a == NULL || expect(ps, T_SEMI) < 0)
		goto bad_scoped;
	/* def f($x): body  is  def f(x): x as $x | body */
	for (i = (size_t)n->nparams; i-- > 0;) {
		if (n->params[i][0] != '$')
			continue;
		call = node_new(N_CALL, n->pos);
		call->name = xstrdup(n->params[i] + 1);
		call->param = &n->params[i];
		bind = node_new(N_BIND, n->pos);
		bind->name = xstrdup(n->params[i] + 1);
		bind->a = call;
		bind->b = n->a;
		n->a = bind;
	}
	return n;
bad_scoped:
	ps->nscope = mark;
bad:
	node_free(n);
	return NULL;
}

/*
 * a | b | c, and a run of definitions before a body, are read in a loop
 * rather than by recursion, so that long programs do not count against
 * the nesting limit.  The parts are kept in order in parts[]: each is a
 * pipe node still missing its right side (b), a definition missing its
 * body (b), or the last expression.  Returns the first, all linked.
 */
static struct node *
parse_pipe(struct parser *ps, int allow_comma, int toplevel)
{
	struct node **parts = NULL, *n;
	size_t nparts = 0, i, mark = ps->nscope, pos;

	for (;;) {
		if (ps->lx.tok == T_DEF) {
			if ((n = parse_funcdef(ps, toplevel)) == NULL)
				break;
		} else if (ps->lx.tok == T_LABEL) {
			n = parse_label(ps, allow_comma);
			break;
		} else {
			n = parse_comma(ps, allow_comma);
			if (n == NULL || ps->lx.tok != T_PIPE)
				break;
			pos = ps->lx.start;
			lex_next(&ps->lx);
			n = binary(N_PIPE, 0, n, NULL, pos);
			toplevel = 0;
		}
		parts = xrealloc(parts, (nparts + 1) * sizeof(*parts));
		parts[nparts++] = n;
	}
	ps->nscope = mark;
	for (i = nparts; i-- > 0;) {
		if (n == NULL) {
			node_free(parts[i]);
		} else {
			parts[i]->b = n;
			n = parts[i];
		}
	}
	free(parts);
	return n;
}

struct parser *
parser_new(const char **vars, size_t nvars, struct expr_error *err)
{
	struct parser *ps = xcalloc(1, sizeof(*ps));
	struct node *def;
	size_t i;

	ps->err = err;
	for (i = 0; i < nvars; i++)
		scope_push(ps, SC_VAR, vars[i], 0, NULL, NULL);
	for (i = 0; builtin_prelude[i] != NULL; i++) {
		lex_init(&ps->lx, builtin_prelude[i]);
		lex_next(&ps->lx);
		while (ps->lx.tok == T_DEF) {
			if ((def = parse_funcdef(ps, 1)) == NULL) {
				lex_free(&ps->lx);
				parser_free(ps);
				return NULL;
			}
			ps->prelude = xrealloc(ps->prelude,
			    (ps->nprelude + 1) * sizeof(*ps->prelude));
			ps->prelude[ps->nprelude++] = def;
		}
		lex_free(&ps->lx);
	}
	return ps;
}

struct node *
parser_program(struct parser *ps, const char *src, struct expr_error *err)
{
	struct node *n;

	ps->err = err;
	ps->failed = 0;
	ps->depth = 0;
	/* a number, not a pointer kept: where stack use is measured from */
	/* cppcheck-suppress autoVariables */
	ps->stack_base = (uintptr_t)&n;
	ps->stack_budget = stack_budget(&n);
	lex_init(&ps->lx, src);
	lex_next(&ps->lx);
	n = parse_pipe(ps, 1, 1);
	if (n != NULL && ps->lx.tok != T_EOF) {
		node_free(n);
		n = syntax_error(ps);
	}
	lex_free(&ps->lx);
	return n;
}

void
parser_free(struct parser *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->nprelude; i++)
		node_free(ps->prelude[i]);
	free(ps->prelude);
	free(ps->scope);
	free(ps);
}
