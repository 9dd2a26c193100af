/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "diag.h"
#include "jqargs.h"
#include "jscan.h"
#include "jtext.h"
#include "utf8.h"
#include "xalloc.h"

/* As jq, the first of several options binding one name is the one. */
static void
add_var(struct jqargs *a, const char *name, json_t *v)
{
	if (a->named == NULL)
		a->named = json_object();
	if (json_object_get(a->named, name) != NULL) {
		json_decref(v);
		return;
	}
	json_object_set(a->named, name, v);
	a->vars = xrealloc(a->vars, (a->n + 1) * sizeof(*a->vars));
	a->vars[a->n].name = name;
	a->vars[a->n].value = v;
	a->n++;
}

/* A string of n bytes, invalid UTF-8 read as U+FFFD, as jq reads it. */
static json_t *
text_value(const char *p, size_t n)
{
	struct buf clean = { 0 };
	json_t *v;

	utf8_sanitize(&clean, p, n);
	v = json_stringn_nocheck(clean.data ? clean.data : "", clean.len);
	buf_free(&clean);
	return v;
}

int
jqargs_add(struct jqargs *a, const char *name, const char *value,
    int is_json, struct buf *why)
{
	struct jtext_error err;
	json_t *v;

	if (!is_json) {
		add_var(a, name, text_value(value, strlen(value)));
		return 0;
	}
	if ((v = jtext_parse(value, strlen(value), &err)) == NULL) {
		buf_printf(why, "--argjson %s: invalid JSON: %s", name,
		    err.text);
		return -1;
	}
	add_var(a, name, v);
	return 0;
}

/* The whole of the file path into out; -1 with the reason in why. */
static int
slurp(const char *path, struct buf *out, struct buf *why)
{
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		buf_printf(why, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		buf_printf(why, "%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The JSON values of text, in an array; NULL with why set. */
static json_t *
json_values(const char *path, const char *text, size_t len, struct buf *why)
{
	json_t *all = json_array();
	struct jspan v;
	size_t at = 0;

	for (;;) {
		while (at < len && is_space(text[at]))
			at++;
		if (at == len)
			return all;
		if (!jscan_first(text + at, len - at, &v)) {
			buf_printf(why,
			    "%s: not a sequence of JSON values (at byte %zu)",
			    path, at + 1);
			json_decref(all);
			return NULL;
		}
		json_array_append_new(all, jtext_parse(v.p, v.n, NULL));
		at = (size_t)(v.p + v.n - text);
	}
}

/* --slurpfile NAME FILE and --rawfile NAME FILE. */
static int
add_file(struct jqargs *a, const char *opt, const char *name,
    const char *path, struct buf *why)
{
	struct buf text = { 0 }, err = { 0 };
	json_t *v;

	if (slurp(path, &text, &err) < 0) {
		buf_printf(why, "%s %s: %s", opt, name, err.data);
		buf_free(&err);
		return -1;
	}
	if (strcmp(opt, "--rawfile") == 0)
		v = text_value(text.data ? text.data : "", text.len);
	else if ((v = json_values(path, text.data ? text.data : "", text.len,
		      &err)) == NULL)
		buf_printf(why, "%s %s: %s", opt, name, err.data);
	buf_free(&text);
	buf_free(&err);
	if (v == NULL)
		return -1;
	add_var(a, name, v);
	return 0;
}

static const char *
option_name(int ch)
{
	switch (ch) {
	case OPT_ARG: return "--arg";
	case OPT_ARGJSON: return "--argjson";
	case OPT_SLURPFILE: return "--slurpfile";
	default: return "--rawfile";
	}
}

int
jqargs_option(struct jqargs *a, int ch, int argc, char **argv)
{
	struct buf why = { 0 };
	const char *name = optarg, *arg;
	int r;

	if (ch == 'c')
		return 1; /* jq's compact output: ours always is */
	if (ch != OPT_ARG && ch != OPT_ARGJSON && ch != OPT_SLURPFILE &&
	    ch != OPT_RAWFILE)
		return 0;
	if (optind >= argc) {
		fprintf(stderr, "%s: %s %s needs a value\n", diag_progname(),
		    option_name(ch), name);
		return -1;
	}
	arg = argv[optind++];
	/* a state file compares the value too, not only the name */
	checkpoint_note_value(option_name(ch), arg);
	if (ch == OPT_ARG || ch == OPT_ARGJSON)
		r = jqargs_add(a, name, arg, ch == OPT_ARGJSON, &why);
	else
		r = add_file(a, option_name(ch), name, arg, &why);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", diag_progname(), why.data);
		buf_free(&why);
		return -1;
	}
	return 1;
}

const struct expr_var *
jqargs_vars(struct jqargs *a, size_t *n)
{
	if (a->all == NULL) {
		a->args = json_pack("{s:[],s:o}", "positional", "named",
		    a->named != NULL ? json_incref(a->named) : json_object());
		a->all = xcalloc(a->n + 1, sizeof(*a->all));
		if (a->n > 0)
			memcpy(a->all, a->vars, a->n * sizeof(*a->all));
		a->all[a->n].name = "ARGS";
		a->all[a->n].value = a->args;
	}
	*n = a->n + 1;
	return a->all;
}

struct expr *
jqargs_compile(struct jqargs *a, const char *src)
{
	const struct expr_var *vars;
	struct expr_error err;
	struct expr *e;
	size_t n;

	vars = jqargs_vars(a, &n);
	if ((e = expr_compile(src, vars, n, &err)) == NULL)
		expr_print_error(src, &err);
	return e;
}

char *
jqargs_read_program(const char *path)
{
	struct buf text = { 0 }, why = { 0 };

	if (slurp(path, &text, &why) < 0) {
		fprintf(stderr, "%s: -f: %s\n", diag_progname(), why.data);
		buf_free(&why);
		buf_free(&text);
		return NULL;
	}
	buf_addc(&text, '\0');
	return text.data;
}

void
jqargs_free(struct jqargs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		json_decref(a->vars[i].value);
	free(a->vars);
	free(a->all);
	json_decref(a->named);
	json_decref(a->args);
	memset(a, 0, sizeof(*a));
}
