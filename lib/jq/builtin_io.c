/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdio.h>
#include <string.h>

#include "builtin_io.h"
#include "expr.h"
#include "jtext.h"
#include "value.h"

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

	(void)call, (void)in, (void)env;
	if ((r = next_input(ev, &v)) < 0)
		return R_ERROR;
	if (r == 0)
		return eval_fail(ev, "%s", "No more inputs");
	return eval_emit(ev, out, v, path);
}

/* Every input left, as jq's def inputs: repeat input until there is none. */
static int
f_inputs(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	json_t *v;
	int r;

	(void)call, (void)in, (void)env;
	while ((r = next_input(ev, &v)) > 0)
		if ((r = eval_emit(ev, out, v, path)) != R_OK ||
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

/*
 * The file of the latest input read: "<stdin>" for standard input, as
 * jq 1.6 gives it, and null before any.
 */
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

static int
halt(struct eval *ev, int status)
{
	if (ev->input == NULL || ev->input->halt == NULL)
		return eval_fail(ev, "%s",
		    "halt and halt_error stop only smap and sfilter");
	ev->input->halt(ev->input->ctx, status);
	return R_STOP; /* no further output, and no catch */
}

static int
f_halt(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	(void)call, (void)in, (void)path, (void)env, (void)out;
	return halt(ev, -1);
}

/*
 * As jq 1.6: a string goes to standard error as it is, null not at all,
 * anything else as JSON and a newline; the status is taken modulo 256.
 */
static int
halt_error(struct eval *ev, json_t *in, json_t *status)
{
	struct buf b = { 0 };

	if (!json_is_number(status)) {
		eval_fail_value(ev, status, " halt_error/1: number required");
		return R_ERROR;
	}
	if (json_is_string(in))
		buf_add(&b, json_string_value(in), json_string_length(in));
	else if (!json_is_null(in)) {
		jtext_dump(&b, in);
		buf_addc(&b, '\n');
	}
	if (b.len > 0) /* null writes nothing, and fwrite wants no NULL */
		fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
	return halt(ev, (int)(value_clamp_int64(value_number(status)) & 0xff));
}

static int
f_halt_error0(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out)
{
	json_t *five = json_integer(5);
	int r;

	(void)call, (void)path, (void)env, (void)out;
	r = halt_error(ev, in, five);
	json_decref(five);
	return r;
}

/* The status of halt_error/1 for every output of its argument. */
struct halt_sink {
	struct sink base;
	struct eval *ev;
	json_t *in;
};

static int
halt_sink_put(struct sink *s, json_t *v, json_t *path)
{
	struct halt_sink *h = (struct halt_sink *)s;

	(void)path;
	return halt_error(h->ev, h->in, v);
}

static int
f_halt_error1(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out)
{
	struct halt_sink h = { { halt_sink_put }, ev, in };

	(void)path, (void)out;
	return eval_node(ev, call->list[0], in, NULL, env, &h.base);
}

const struct builtin builtin_io_natives[] = {
	{ "halt", 0, f_halt, NULL },
	{ "halt_error", 0, f_halt_error0, NULL },
	{ "halt_error", 1, f_halt_error1, NULL },
	{ "input", 0, f_input, NULL },
	{ "inputs", 0, f_inputs, NULL },
	{ "input_filename", 0, builtin_call_values, v_input_filename },
	{ "input_line_number", 0, builtin_call_values, v_input_line_number },
	{ "stderr", 0, f_stderr, NULL },
};

const size_t builtin_io_count =
    sizeof(builtin_io_natives) / sizeof(builtin_io_natives[0]);
