/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <math.h>
#include <string.h>

#include "builtin.h"
#include "builtin_math.h"
#include "value.h"

/* Math functions of one number, by name. */
static const struct {
	const char *name;
	double (*fn)(double);
} math1[] = {
	{ "floor", floor },
	{ "ceil", ceil },
	{ "round", round },
	{ "sqrt", sqrt },
	{ "fabs", fabs },
	{ "trunc", trunc },
	{ "exp", exp },
	{ "exp2", exp2 },
	{ "exp10", NULL },
	{ "log", log },
	{ "log2", log2 },
	{ "log10", log10 },
	{ "sin", sin },
	{ "cos", cos },
	{ "tan", tan },
	{ "asin", asin },
	{ "acos", acos },
	{ "atan", atan },
	{ "sinh", sinh },
	{ "cosh", cosh },
	{ "tanh", tanh },
	{ "cbrt", cbrt },
};

static double
math_exp10(double d)
{
	return pow(10, d);
}

static int
f_math1(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	double (*fn)(double) = NULL;
	size_t i;

	(void)env;
	if (path != NULL)
		return eval_fail(ev, "Invalid path expression");
	for (i = 0; i < sizeof(math1) / sizeof(math1[0]); i++)
		if (strcmp(math1[i].name, call->name) == 0)
			fn = math1[i].fn;
	if (fn == NULL)
		fn = math_exp10;
	if (!json_is_number(in)) {
		eval_fail_value(ev, in, " number required");
		return R_ERROR;
	}
	return eval_put(out, value_from_double(fn(value_number(in))), NULL);
}

static json_t *
v_pow(struct eval *ev, json_t *in, json_t **args)
{
	(void)in;
	if (!json_is_number(args[0]) || !json_is_number(args[1]))
		return eval_fail_value(ev, args[0], " number required");
	return value_from_double(
	    pow(value_number(args[0]), value_number(args[1])));
}

static json_t *
v_atan2(struct eval *ev, json_t *in, json_t **args)
{
	(void)in;
	if (!json_is_number(args[0]) || !json_is_number(args[1]))
		return eval_fail_value(ev, args[0], " number required");
	return value_real(atan2(value_number(args[0]), value_number(args[1])));
}

static const struct builtin math_natives[] = {
	{ "pow", 2, builtin_call_values, v_pow },
	{ "atan2", 2, builtin_call_values, v_atan2 },
};

void
builtin_math_names(json_t *out)
{
	size_t i;

	for (i = 0; i < sizeof(math_natives) / sizeof(math_natives[0]); i++)
		builtin_name_add(out, math_natives[i].name,
		    math_natives[i].arity);
	for (i = 0; i < sizeof(math1) / sizeof(math1[0]); i++)
		builtin_name_add(out, math1[i].name, 0);
}

const struct builtin *
builtin_math_find(const char *name, int arity)
{
	static const struct builtin math1_entry = { "math", 0, f_math1, NULL };
	size_t i;

	for (i = 0; i < sizeof(math_natives) / sizeof(math_natives[0]); i++)
		if (math_natives[i].arity == arity &&
		    strcmp(math_natives[i].name, name) == 0)
			return &math_natives[i];
	if (arity == 0)
		for (i = 0; i < sizeof(math1) / sizeof(math1[0]); i++)
			if (strcmp(math1[i].name, name) == 0)
				return &math1_entry;
	return NULL;
}
