/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdio.h>
#include <string.h>

#include "builtin_io.h"
#include "expr.h"
#include "jtext.h"

static int
no_input(struct eval *ev)
{
	return eval_fail(ev, "%s", "input and inputs read records only in"
	    " smap and sfilter");
}

/* The next input into *v: 1, or 0 at the end, or -1 with the error. */
static int
next_input(struct eval *ev, json_t **v)
{
	int r;

	if (ev->input == NULL)
		return no_input(ev);
	if ((r = ev->input->next(ev->input->ctx, v)) < 0)
		eval_fail(ev, "%s", "input: the tool is stopping");
	return r;
}

static int
f_input(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	json_t *v;
	int r;

	(void)in, (void)env;
	if (path != NULL)
		return eval_fail(ev, "Invalid path expression with result %s",
		    call->name);
	if ((r = next_input(ev, &v)) < 0)
		return R_ERROR;
	if (r == 0)
		return eval_fail(ev, "%s", "No more inputs");
	return eval_put(out, v, NULL);
}

/* Every input left, as jq's def inputs: repeat input until there is none. */
static int
f_inputs(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	json_t *v;
	int r;

	(void)in, (void)env;
	if (path != NULL)
		return eval_fail(ev, "Invalid path expression with result %s",
		    call->name);
	while ((r = next_input(ev, &v)) > 0)
		if ((r = eval_put(out, v, NULL)) != R_OK ||
		    (r = eval_tick(ev)) != R_OK)
			return r;
	return r < 0 ? R_ERROR : R_OK;
}

static void
input_where(struct eval *ev, const char **file, unsigned long *lineno)
{
	*file = NULL;
	*lineno = 0;
	if (ev->input != NULL && ev->input->where != NULL)
		ev->input->where(ev->input->ctx, file, lineno);
}

/* The file of the latest input read; null for standard input, as jq. */
static json_t *
v_input_filename(struct eval *ev, json_t *in, json_t **args)
{
	const char *file;
	unsigned long lineno;

	(void)in, (void)args;
	input_where(ev, &file, &lineno);
	return file != NULL ? json_string(file) : json_null();
}

static json_t *
v_input_line_number(struct eval *ev, json_t *in, json_t **args)
{
	const char *file;
	unsigned long lineno;

	(void)in, (void)args;
	input_where(ev, &file, &lineno);
	return json_integer((json_int_t)lineno);
}

/* jq 1.6: the input as compact JSON on standard error, no newline. */
static int
f_stderr(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	struct buf b = { 0 };

	(void)ev, (void)call, (void)env;
	jtext_dump(&b, in);
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
	return out->put(out, in, path);
}

static const struct builtin io_natives[] = {
	{ "input", 0, f_input, NULL },
	{ "inputs", 0, f_inputs, NULL },
	{ "input_filename", 0, builtin_call_values, v_input_filename },
	{ "input_line_number", 0, builtin_call_values, v_input_line_number },
	{ "stderr", 0, f_stderr, NULL },
};

void
builtin_io_names(json_t *out)
{
	size_t i;

	for (i = 0; i < sizeof(io_natives) / sizeof(io_natives[0]); i++)
		builtin_name_add(out, io_natives[i].name, io_natives[i].arity);
}

const struct builtin *
builtin_io_find(const char *name, int arity)
{
	size_t i;

	for (i = 0; i < sizeof(io_natives) / sizeof(io_natives[0]); i++)
		if (io_natives[i].arity == arity &&
		    strcmp(io_natives[i].name, name) == 0)
			return &io_natives[i];
	return NULL;
}
