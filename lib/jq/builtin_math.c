/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * exp10 is a GNU extension, and what jq 1.6 calls for exp10 and pow10;
 * pow(10, x), used elsewhere, can differ from it in the last digit.
 */
#define _GNU_SOURCE
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "builtin.h"
#include "builtin_math.h"
#include "value.h"

/*
 * A math builtin: call->native points to b, the first member, so the
 * call finds its function without a lookup.  Exactly one of f1, f2, f3
 * (a function of 1, 2 or 3 numbers) and fa (a number to an array) is set.
 */
struct math {
	struct builtin b;
	double (*f1)(double);
	double (*f2)(double, double);
	double (*f3)(double, double, double);
	json_t *(*fa)(double);
};

static double
math_exp10(double x)
{
#ifdef __GLIBC__
	return exp10(x);
#else
	return pow(10, x);
#endif
}

/*
 * jq 1.6 passes a double where libm wants an int (ldexp, jn, yn) or a
 * long (scalbln): undefined out of range, and INT_MIN or LONG_MIN on the
 * x86-64 jq we compare with.  These give the same, with no undefined
 * behaviour.
 */
static int
math_int(double d)
{
	return d > INT_MIN - 1.0 && d < INT_MAX + 1.0 ? (int)d : INT_MIN;
}

static long
math_long(double d)
{
	return d >= (double)LONG_MIN && d < -(double)LONG_MIN ? (long)d
							      : LONG_MIN;
}

static double
math_ldexp(double x, double n)
{
	return ldexp(x, math_int(n));
}

static double
math_scalbln(double x, double n)
{
	return scalbln(x, math_long(n));
}

/* The largest order of jn and yn: 0.15 s of glibc's work. */
#define MATH_ORDER_MAX 10000000

static double
math_jn(double n, double x)
{
	return jn(math_int(n), x);
}

static double
math_yn(double n, double x)
{
	return yn(math_int(n), x);
}

/*
 * fmax and fmin as jq 1.6 gets them, inlined by the compiler: of two
 * equal numbers the first, so fmax(0; -0) is 0 where libm may say -0.
 */
static double
math_fmax(double x, double y)
{
	if (isnan(x) || isnan(y))
		return isnan(x) ? y : x;
	return x >= y ? x : y;
}

static double
math_fmin(double x, double y)
{
	if (isnan(x) || isnan(y))
		return isnan(x) ? y : x;
	return x <= y ? x : y;
}

/* nexttoward's long double direction changes nothing for a double. */
static double
math_nexttoward(double x, double y)
{
	return nextafter(x, y);
}

/*
 * scalb, obsolete and not in C11: x * 2^n for an integral n, else NaN,
 * with glibc's results for infinite n.
 */
static double
math_scalb(double x, double n)
{
	if (isnan(x) || isnan(n))
		return x * n;
	if (isinf(n))
		return n > 0 ? x * n : x == 0 ? x : x / -n;
	if (rint(n) != n)
		return NAN;
	/* Beyond 65000 every finite x has overflowed or underflowed. */
	return scalbn(x, n > 65000 ? 65000 : n < -65000 ? -65000 : (int)n);
}

/* significand, not in C11: the mantissa in [1, 2). */
static double
math_significand(double x)
{
	if (x == 0 || !isfinite(x))
		return x;
	return scalbn(x, -ilogb(x));
}

/* The sign of Gamma(x), as lgamma_r (not in C11) gives it. */
static int
math_gamma_sign(double x)
{
	if (x == 0)
		return signbit(x) ? -1 : 1;
	if (x > 0 || isnan(x) || x == floor(x))
		return 1;
	return fmod(floor(x), 2) != 0 ? -1 : 1;
}

static json_t *
math_pair(double a, double b)
{
	return json_pack("[oo]", value_from_double(a), value_from_double(b));
}

static json_t *
math_frexp(double x)
{
	int e = 0;
	double m = frexp(x, &e);

	/* C leaves e unspecified for infinities and NaN; jq gives 0. */
	return math_pair(m, isfinite(x) ? e : 0);
}

static json_t *
math_modf(double x)
{
	double i, f = modf(x, &i);

	return math_pair(f, i);
}

static json_t *
math_lgamma_r(double x)
{
	return math_pair(lgamma(x), math_gamma_sign(x));
}

static int f_math(struct eval *ev, const struct node *call, json_t *in,
    json_t *path, const struct env *env, struct sink *out);

/* clang-format off */
#define M1(name, f) { .b = { name, 0, f_math, NULL }, .f1 = f }
#define M2(name, f) { .b = { name, 2, f_math, NULL }, .f2 = f }
#define M3(name, f) { .b = { name, 3, f_math, NULL }, .f3 = f }
#define MA(name, f) { .b = { name, 0, f_math, NULL }, .fa = f }
/* clang-format on */

/* jq 1.6's math builtins, but for isfinite. */
static const struct math maths[] = {
	M1("floor", floor),
	M1("ceil", ceil),
	M1("round", round),
	M1("trunc", trunc),
	M1("nearbyint", nearbyint),
	M1("rint", rint),
	M1("fabs", fabs),
	M1("sqrt", sqrt),
	M1("cbrt", cbrt),
	M1("exp", exp),
	M1("exp2", exp2),
	M1("exp10", math_exp10),
	M1("pow10", math_exp10),
	M1("expm1", expm1),
	M1("log", log),
	M1("log2", log2),
	M1("log10", log10),
	M1("log1p", log1p),
	M1("logb", logb),
	M1("significand", math_significand),
	M1("sin", sin),
	M1("cos", cos),
	M1("tan", tan),
	M1("asin", asin),
	M1("acos", acos),
	M1("atan", atan),
	M1("sinh", sinh),
	M1("cosh", cosh),
	M1("tanh", tanh),
	M1("asinh", asinh),
	M1("acosh", acosh),
	M1("atanh", atanh),
	M1("erf", erf),
	M1("erfc", erfc),
	M1("gamma", lgamma), /* the old name of lgamma */
	M1("lgamma", lgamma),
	M1("tgamma", tgamma),
	M1("j0", j0),
	M1("j1", j1),
	M1("y0", y0),
	M1("y1", y1),
	MA("frexp", math_frexp),
	MA("modf", math_modf),
	MA("lgamma_r", math_lgamma_r),
	M2("pow", pow),
	M2("atan2", atan2),
	M2("copysign", copysign),
	M2("drem", remainder), /* the old name of remainder */
	M2("remainder", remainder),
	M2("fdim", fdim),
	M2("fmax", math_fmax),
	M2("fmin", math_fmin),
	M2("fmod", fmod),
	M2("hypot", hypot),
	M2("ldexp", math_ldexp),
	M2("scalb", math_scalb),
	M2("scalbln", math_scalbln),
	M2("nextafter", nextafter),
	M2("nexttoward", math_nexttoward),
	M2("jn", math_jn),
	M2("yn", math_yn),
	M3("fma", fma),
};

/* Infinities are held as +-DBL_MAX (jansson has no infinity). */
static double
math_number(const json_t *v)
{
	double d = value_number(v);

	return fabs(d) == DBL_MAX ? copysign(INFINITY, d) : d;
}

/* The function of one combination; numbers are checked first to last. */
static int
math_apply(struct builtin_args *a)
{
	const struct math *m = (const struct math *)a->call->native;
	json_t **v = m->b.arity == 0 ? &a->in : a->args;
	double x[3] = { 0, 0, 0 };
	json_t *r;
	int i, n = m->b.arity == 0 ? 1 : m->b.arity;

	for (i = 0; i < n; i++) {
		if (!json_is_number(v[i])) {
			eval_fail_value(a->ev, v[i], " number required");
			return R_ERROR;
		}
		x[i] = math_number(v[i]);
	}
	/* glibc's jn and yn take a step per unit of the order: bounded */
	if ((m->f2 == math_jn || m->f2 == math_yn) &&
	    !(fabs(x[0]) <= MATH_ORDER_MAX)) {
		eval_fail(a->ev, "%s/2: order beyond the limit of %d (%.17g)",
		    m->b.name, MATH_ORDER_MAX, x[0]);
		return R_ERROR;
	}
	if (m->f1 != NULL)
		r = value_from_double(m->f1(x[0]));
	else if (m->f2 != NULL)
		r = value_from_double(m->f2(x[0], x[1]));
	else if (m->f3 != NULL)
		r = value_from_double(m->f3(x[0], x[1], x[2]));
	else
		r = m->fa(x[0]);
	return eval_emit(a->ev, a->out, r, a->path);
}

static int
f_math(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	return builtin_each_args(ev, call, in, path, env, out, math_apply);
}

/* jq defines it as type == "number" and (isinfinite | not): NaN is finite. */
static int
f_isfinite(struct eval *ev, const struct node *call, json_t *in, json_t *path,
    const struct env *env, struct sink *out)
{
	int finite = json_is_number(in) && !isinf(math_number(in));

	(void)call, (void)env;
	return eval_emit(ev, out, json_boolean(finite), path);
}

static const struct builtin isfinite_builtin = { "isfinite", 0, f_isfinite,
	NULL };

void
builtin_math_names(json_t *out)
{
	size_t i;

	for (i = 0; i < sizeof(maths) / sizeof(maths[0]); i++)
		builtin_name_add(out, maths[i].b.name, maths[i].b.arity);
	builtin_name_add(out, isfinite_builtin.name, isfinite_builtin.arity);
}

const struct builtin *
builtin_math_find(const char *name, int arity)
{
	size_t i;

	for (i = 0; i < sizeof(maths) / sizeof(maths[0]); i++)
		if (maths[i].b.arity == arity &&
		    strcmp(maths[i].b.name, name) == 0)
			return &maths[i].b;
	if (arity == 0 && strcmp(name, isfinite_builtin.name) == 0)
		return &isfinite_builtin;
	return NULL;
}
