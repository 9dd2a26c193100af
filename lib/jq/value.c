/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "utf8.h"
#include "value.h"
#include "xalloc.h"

static int
type_rank(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: return 0;
	case JSON_FALSE: return 1;
	case JSON_TRUE: return 2;
	case JSON_INTEGER:
	case JSON_REAL: return 3;
	case JSON_STRING: return 4;
	case JSON_ARRAY: return 5;
	case JSON_OBJECT: return 6;
	}
	return 0;
}

const char *
value_type(const json_t *v)
{
	static const char *names[] = { "null", "boolean", "boolean", "number",
		"string", "array", "object" };

	return names[type_rank(v)];
}

double
value_number(const json_t *v)
{
	if (json_is_integer(v))
		return (double)json_integer_value(v);
	if (jtext_is_nan(v))
		return NAN;
	return json_real_value(v);
}

json_t *
value_real(double d)
{
	if (isnan(d))
		return jtext_nan();
	if (isinf(d))
		return json_real(d > 0 ? DBL_MAX : -DBL_MAX);
	return json_real(d);
}

json_t *
value_from_double(double d)
{
	if (isnan(d) || isinf(d))
		return value_real(d);
	if (d == floor(d) && fabs(d) < 9007199254740992.0 &&
	    !(d == 0 && signbit(d)))
		return json_integer((json_int_t)d);
	return value_real(d);
}

int
value_truthy(const json_t *v)
{
	return !json_is_null(v) && !json_is_false(v);
}

/* The value at key k (a string) of object o, or NULL; keys may hold NULs. */
static json_t *
object_at(const json_t *o, const json_t *k)
{
	return json_object_getn(o, json_string_value(k), json_string_length(k));
}

/* Sets every member of b in a; jansson's json_object_update cuts keys at NUL.
 */
static void
object_update(json_t *a, json_t *b)
{
	const char *k;
	size_t klen;
	json_t *v;

	json_object_keylen_foreach(b, k, klen, v)
	    json_object_setn_nocheck(a, k, klen, v);
}

json_t *
value_copy(json_t *v)
{
	json_t *r;

	if (!json_is_object(v))
		return json_copy(v);
	r = json_object();
	object_update(r, v);
	return r;
}

static int
compare_numbers(const json_t *a, const json_t *b)
{
	double x, y;

	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t i = json_integer_value(a), j = json_integer_value(b);

		return i < j ? -1 : i > j;
	}
	x = value_number(a);
	y = value_number(b);
	/* as in jq, NaN compares as if it were null: below every number */
	if (isnan(x))
		return -1;
	if (isnan(y))
		return 1;
	return x < y ? -1 : x > y;
}

static int
compare_strings(const json_t *a, const json_t *b)
{
	size_t la = json_string_length(a), lb = json_string_length(b);
	int c = memcmp(json_string_value(a), json_string_value(b),
	    la < lb ? la : lb);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : la > lb;
}

static int
compare_arrays(const json_t *a, const json_t *b)
{
	size_t i, na = json_array_size(a), nb = json_array_size(b);
	int c;

	for (i = 0; i < na && i < nb; i++)
		if ((c = value_compare(json_array_get(a, i),
			 json_array_get(b, i))) != 0)
			return c;
	return na < nb ? -1 : na > nb;
}

static int compare_big_objects(const json_t *a, const json_t *b);

/* A member of an object, for comparing small objects without allocating. */
struct member_ref {
	const char *key;
	size_t len;
	json_t *value;
};

/* The most members of an object compared on the stack. */
#define COMPARE_MEMBERS 32

static int
key_order(const void *p, const void *q)
{
	const struct member_ref *a = p, *b = q;
	int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

static size_t
sorted_members(const json_t *o, struct member_ref *m)
{
	size_t n = 0, i;
	void *it;

	for (it = json_object_iter((json_t *)o); it != NULL;
	     it = json_object_iter_next((json_t *)o, it), n++) {
		m[n].key = json_object_iter_key(it);
		m[n].len = json_object_iter_key_len(it);
		m[n].value = json_object_iter_value(it);
	}
	for (i = 1; i < n; i++)
		if (key_order(&m[i - 1], &m[i]) > 0) {
			qsort(m, n, sizeof(*m), key_order);
			break;
		}
	return n;
}

/* compare_objects for objects small enough: no key array is built. */
static int
compare_small_objects(const json_t *a, const json_t *b)
{
	struct member_ref ma[COMPARE_MEMBERS], mb[COMPARE_MEMBERS];
	size_t na = sorted_members(a, ma), nb = sorted_members(b, mb), i;
	int c;

	for (i = 0; i < na && i < nb; i++)
		if ((c = key_order(&ma[i], &mb[i])) != 0)
			return c;
	if (na != nb)
		return na < nb ? -1 : 1;
	for (i = 0; i < na; i++)
		if ((c = value_compare(ma[i].value, mb[i].value)) != 0)
			return c;
	return 0;
}

/* As jq: the sorted keys as arrays, then the values in key order. */
static int
compare_objects(const json_t *a, const json_t *b)
{
	if (json_object_size(a) <= COMPARE_MEMBERS &&
	    json_object_size(b) <= COMPARE_MEMBERS)
		return compare_small_objects(a, b);
	return compare_big_objects(a, b);
}

static int
compare_big_objects(const json_t *a, const json_t *b)
{
	json_t *ka = value_keys((json_t *)a, NULL);
	json_t *kb = value_keys((json_t *)b, NULL);
	size_t i;
	int c = compare_arrays(ka, kb);

	for (i = 0; c == 0 && i < json_array_size(ka); i++) {
		json_t *k = json_array_get(ka, i);

		c = value_compare(object_at(a, k), object_at(b, k));
	}
	json_decref(ka);
	json_decref(kb);
	return c;
}

int
value_compare(const json_t *a, const json_t *b)
{
	int ra = type_rank(a), rb = type_rank(b);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	switch (json_typeof(a)) {
	case JSON_INTEGER:
	case JSON_REAL: return compare_numbers(a, b);
	case JSON_STRING: return compare_strings(a, b);
	case JSON_ARRAY: return compare_arrays(a, b);
	case JSON_OBJECT: return compare_objects(a, b);
	default: return 0;
	}
}

json_t *
value_in_key_order(json_t *v)
{
	struct member_ref *m;
	json_t *r;
	size_t i, n;

	if (json_is_array(v)) {
		r = json_array();
		for (i = 0; i < json_array_size(v); i++)
			json_array_append_new(r,
			    value_in_key_order(json_array_get(v, i)));
		return r;
	}
	if (!json_is_object(v))
		return json_incref(v);
	m = xcalloc(json_object_size(v) + 1, sizeof(*m));
	n = sorted_members(v, m);
	r = json_object();
	for (i = 0; i < n; i++)
		json_object_setn_new_nocheck(r, m[i].key, m[i].len,
		    value_in_key_order(m[i].value));
	free(m);
	return r;
}

int
value_equal(const json_t *a, const json_t *b)
{
	return a == b || value_compare(a, b) == 0;
}

void
value_tostring(struct buf *out, const json_t *v)
{
	if (json_is_string(v))
		buf_add(out, json_string_value(v), json_string_length(v));
	else
		jtext_dump(out, v);
}

void
value_describe(struct buf *out, const json_t *v)
{
	struct buf dump = { 0 };

	jtext_dump(&dump, v);
	buf_printf(out, "%s (", value_type(v));
	/* jq 1.6 keeps 14 bytes, or 11 and "..." when there are more */
	if (dump.len > 14) {
		buf_add(out, dump.data, 11);
		buf_adds(out, "...");
	} else {
		buf_add(out, dump.data, dump.len);
	}
	buf_addc(out, ')');
	buf_free(&dump);
}

static json_t *
binop_error(struct buf *err, json_t *a, json_t *b, const char *what)
{
	value_describe(err, a);
	buf_adds(err, " and ");
	value_describe(err, b);
	buf_printf(err, " cannot be %s", what);
	return NULL;
}

static json_t *
concat_strings(json_t *a, json_t *b)
{
	size_t la = json_string_length(a), lb = json_string_length(b);
	char *s = xmalloc(la + lb + 1);
	json_t *r;

	memcpy(s, json_string_value(a), la);
	memcpy(s + la, json_string_value(b), lb);
	r = json_stringn_nocheck(s, la + lb);
	free(s);
	return r;
}

json_t *
value_add(json_t *a, json_t *b, struct buf *err)
{
	json_t *r;

	if (json_is_null(a))
		return json_incref(b);
	if (json_is_null(b))
		return json_incref(a);
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

		if (value_add_fits(x, y))
			return json_integer(x + y);
	}
	if (json_is_number(a) && json_is_number(b))
		return value_real(value_number(a) + value_number(b));
	if (json_is_string(a) && json_is_string(b))
		return concat_strings(a, b);
	if (json_is_array(a) && json_is_array(b)) {
		r = json_copy(a);
		json_array_extend(r, b);
		return r;
	}
	if (json_is_object(a) && json_is_object(b)) {
		r = value_copy(a);
		object_update(r, b);
		return r;
	}
	return binop_error(err, a, b, "added");
}

json_t *
value_sub(json_t *a, json_t *b, struct buf *err)
{
	json_t *r, *x;
	size_t i, j;

	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t p = json_integer_value(a), q = json_integer_value(b);

		if (value_sub_fits(p, q))
			return json_integer(p - q);
	}
	if (json_is_number(a) && json_is_number(b))
		return value_real(value_number(a) - value_number(b));
	if (json_is_array(a) && json_is_array(b)) {
		r = json_array();
		json_array_foreach(a, i, x)
		{
			for (j = 0; j < json_array_size(b); j++)
				if (value_equal(x, json_array_get(b, j)))
					break;
			if (j == json_array_size(b))
				json_array_append(r, x);
		}
		return r;
	}
	return binop_error(err, a, b, "subtracted");
}

/*
 * jq 1.6 repeats a string floor(times) times, at least once for any
 * positive count; zero, negative and NaN counts give null.
 */
static json_t *
repeat_string(json_t *s, double times, struct buf *err)
{
	size_t len = json_string_length(s), n, i;
	char *out;
	json_t *r;

	if (!(times > 0))
		return json_null();
	if (times < 1)
		times = 1;
	if (len > 0 && floor(times) > (double)(VALUE_REPEAT_MAX / len)) {
		buf_adds(err, "Repeat string result too long");
		return NULL;
	}
	n = len > 0 ? (size_t)floor(times) : 0;
	out = xmalloc(len * n + 1);
	for (i = 0; i < n; i++)
		memcpy(out + i * len, json_string_value(s), len);
	r = json_stringn_nocheck(out, len * n);
	free(out);
	return r;
}

json_t *
value_merge_deep(json_t *a, json_t *b)
{
	json_t *r = value_copy(a), *v, *old;
	const char *k;
	size_t klen;

	json_object_keylen_foreach(b, k, klen, v)
	{
		old = json_object_getn(r, k, klen);
		if (json_is_object(old) && json_is_object(v))
			json_object_setn_new_nocheck(r, k, klen,
			    value_merge_deep(old, v));
		else
			json_object_setn_nocheck(r, k, klen, v);
	}
	return r;
}

/* Whether x * y fits in 64 bits. */
int
value_add_fits(json_int_t x, json_int_t y)
{
	return (y > 0 && x <= INT64_MAX - y) || (y <= 0 && x >= INT64_MIN - y);
}

int
value_sub_fits(json_int_t x, json_int_t y)
{
	return (y < 0 && x <= INT64_MAX + y) || (y >= 0 && x >= INT64_MIN + y);
}

int
value_mul_fits(json_int_t x, json_int_t y)
{
	if (x == 0 || y == 0)
		return 1;
	if (y == -1)
		return x != INT64_MIN;
	if (x == -1)
		return y != INT64_MIN;
	if (y > 0)
		return x <= INT64_MAX / y && x >= INT64_MIN / y;
	return x >= INT64_MAX / y && x <= INT64_MIN / y;
}

json_t *
value_mul(json_t *a, json_t *b, struct buf *err)
{
	if (json_is_integer(a) && json_is_integer(b) &&
	    value_mul_fits(json_integer_value(a), json_integer_value(b)))
		return json_integer(
		    json_integer_value(a) * json_integer_value(b));
	if (json_is_number(a) && json_is_number(b))
		return value_real(value_number(a) * value_number(b));
	if (json_is_string(a) && json_is_number(b))
		return repeat_string(a, value_number(b), err);
	if (json_is_number(a) && json_is_string(b))
		return repeat_string(b, value_number(a), err);
	if (json_is_object(a) && json_is_object(b))
		return value_merge_deep(a, b);
	return binop_error(err, a, b, "multiplied");
}

static json_t *
split_string(json_t *a, json_t *sep)
{
	const char *s = json_string_value(a), *p = json_string_value(sep);
	size_t n = json_string_length(a), m = json_string_length(sep), i, start;
	json_t *r = json_array();

	if (n == 0)
		return r;
	if (m == 0) {
		for (i = 0; i < n;) {
			start = i;
			utf8_next(s, n, &i);
			json_array_append_new(r,
			    json_stringn_nocheck(s + start, i - start));
		}
		return r;
	}
	for (start = i = 0; i + m <= n;) {
		if (memcmp(s + i, p, m) == 0) {
			json_array_append_new(r,
			    json_stringn_nocheck(s + start, i - start));
			i += m;
			start = i;
		} else {
			i++;
		}
	}
	json_array_append_new(r, json_stringn_nocheck(s + start, n - start));
	return r;
}

json_t *
value_div(json_t *a, json_t *b, struct buf *err)
{
	if (json_is_number(a) && json_is_number(b)) {
		if (value_number(b) == 0)
			return binop_error(err, a, b,
			    "divided because the divisor is zero");
		return value_real(value_number(a) / value_number(b));
	}
	if (json_is_string(a) && json_is_string(b))
		return split_string(a, b);
	return binop_error(err, a, b, "divided");
}

int64_t
value_clamp_int64(double d)
{
	if (isnan(d))
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

/*
 * As jq 1.7: both operands truncated to integers (clamped to 64 bits),
 * a NaN operand gives NaN.
 */
json_t *
value_mod(json_t *a, json_t *b, struct buf *err)
{
	int64_t x, y;

	if (!json_is_number(a) || !json_is_number(b))
		return binop_error(err, a, b, "divided (remainder)");
	if (isnan(value_number(a)) || isnan(value_number(b)))
		return value_real(NAN);
	x = json_is_integer(a) ? json_integer_value(a)
			       : value_clamp_int64(value_number(a));
	y = json_is_integer(b) ? json_integer_value(b)
			       : value_clamp_int64(value_number(b));
	if (y == 0)
		return binop_error(err, a, b,
		    "divided (remainder) because the divisor is zero");
	if (y == -1)
		return json_integer(0);
	return json_integer(x % y);
}

/* Resolves a possibly negative array index; -1 when out of range or NaN. */
static long long
array_position(json_t *array, double d)
{
	double n = (double)json_array_size(array);

	d = floor(d);
	if (d < 0)
		d += n;
	if (!(d >= 0 && d < n))
		return -1;
	return (long long)d;
}

static json_t *
indices_of(json_t *a, json_t *sub)
{
	json_t *r = json_array();
	size_t i, j, n = json_array_size(a), m = json_array_size(sub);

	if (m == 0)
		return json_null();
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (!value_equal(json_array_get(a, i + j),
				json_array_get(sub, j)))
				break;
		if (j == m)
			json_array_append_new(r, json_integer((json_int_t)i));
	}
	return r;
}

static json_t *
index_error(struct buf *err, json_t *v, json_t *k)
{
	if (json_is_string(k)) {
		buf_printf(err, "Cannot index %s with string \"",
		    value_type(v));
		buf_add(err, json_string_value(k), json_string_length(k));
		buf_addc(err, '"');
	} else {
		buf_printf(err, "Cannot index %s with %s", value_type(v),
		    value_type(k));
	}
	return NULL;
}

/* jq's words, "an string" too. */
static json_t *
slice_error(const json_t *v, struct buf *err)
{
	buf_printf(err, "Start and end indices of an %s slice must be numbers",
	    json_is_string(v) ? "string" : "array");
	return NULL;
}

/*
 * A path's slice key {"start": S, "end": E}, as path(.[s:e]) makes it:
 * both members there, as jq wants them.  NULL, with the error, if not.
 */
static int
slice_key_ok(const json_t *key)
{
	json_t *s = json_object_get(key, "start"), *e = json_object_get(key, "end");

	return s != NULL && e != NULL && (json_is_null(s) || json_is_number(s)) &&
	    (json_is_null(e) || json_is_number(e));
}

static json_t *
slice_key(const json_t *v, json_t *key, json_t **end, struct buf *err)
{
	*end = json_object_get(key, "end");
	if (!slice_key_ok(key))
		return slice_error(v, err);
	return json_object_get(key, "start");
}

json_t *
value_index(json_t *v, json_t *k, struct buf *err)
{
	long long i;
	json_t *r;

	if (json_is_object(v) && json_is_string(k)) {
		r = object_at(v, k);
		return r != NULL ? json_incref(r) : json_null();
	}
	if (json_is_array(v) && json_is_number(k)) {
		if (value_number(k) != floor(value_number(k)))
			return json_null(); /* as jq: no element at 1.5 */
		i = array_position(v, value_number(k));
		return i < 0 ? json_null()
			     : json_incref(json_array_get(v, (size_t)i));
	}
	if (json_is_null(v) &&
	    (json_is_string(k) || json_is_number(k) || json_is_object(k)))
		return json_null();
	if (json_is_array(v) && json_is_array(k))
		return indices_of(v, k);
	if (json_is_object(k) && (json_is_array(v) || json_is_string(v))) {
		json_t *from, *to;

		if ((from = slice_key(v, k, &to, err)) == NULL)
			return NULL;
		return value_slice(v, from, to, err);
	}
	return index_error(err, v, k);
}

/*
 * Clamps a slice bound to [0, n], jq style (floor for start, ceil for
 * end).  NaN counts as 0, which is what jq 1.6 gives for .[1:nan].
 */
static size_t
slice_bound(json_t *b, size_t n, size_t dflt, int is_end)
{
	double d;

	if (b == NULL || json_is_null(b))
		return dflt;
	d = value_number(b);
	if (isnan(d))
		d = 0;
	d = is_end ? ceil(d) : floor(d);
	if (d < 0)
		d += (double)n;
	if (d < 0)
		return 0;
	if (d > (double)n)
		return n;
	return (size_t)d;
}

json_t *
value_slice(json_t *v, json_t *from, json_t *to, struct buf *err)
{
	size_t n, s, e, i;
	json_t *r;
	const char *str;

	if (json_is_null(v))
		return json_null();
	if (!json_is_array(v) && !json_is_string(v)) {
		buf_printf(err, "Cannot index %s with object", value_type(v));
		return NULL;
	}
	if ((from != NULL && !json_is_null(from) && !json_is_number(from)) ||
	    (to != NULL && !json_is_null(to) && !json_is_number(to)))
		return slice_error(v, err);
	if (json_is_array(v)) {
		n = json_array_size(v);
		s = slice_bound(from, n, 0, 0);
		e = slice_bound(to, n, n, 1);
		r = json_array();
		for (i = s; i < e; i++)
			json_array_append(r, json_array_get(v, i));
		return r;
	}
	str = json_string_value(v);
	n = utf8_length(str, json_string_length(v));
	s = slice_bound(from, n, 0, 0);
	e = slice_bound(to, n, n, 1);
	if (e < s)
		e = s;
	s = utf8_offset(str, json_string_length(v), s);
	e = utf8_offset(str, json_string_length(v), e);
	return json_stringn_nocheck(str + s, e - s);
}

static int
compare_ptrs(const void *a, const void *b)
{
	const json_t *const *x = a, *const *y = b;

	return value_compare(*x, *y);
}

json_t *
value_sort(json_t *array)
{
	size_t n = json_array_size(array), i;
	json_t **items = xmalloc((n ? n : 1) * sizeof(*items));
	json_t *r = json_array();

	for (i = 0; i < n; i++)
		items[i] = json_array_get(array, i);
	qsort(items, n, sizeof(*items), compare_ptrs);
	for (i = 0; i < n; i++)
		json_array_append(r, items[i]);
	free(items);
	return r;
}

json_t *
value_keys(json_t *v, struct buf *err)
{
	json_t *r, *x;
	const char *k;
	size_t i, n;

	if (json_is_array(v)) {
		r = json_array();
		n = json_array_size(v);
		for (i = 0; i < n; i++)
			json_array_append_new(r, json_integer((json_int_t)i));
		return r;
	}
	if (!json_is_object(v)) {
		value_describe(err, v);
		buf_adds(err, " has no keys");
		return NULL;
	}
	r = json_array();
	json_object_keylen_foreach(v, k, n, x)
	    json_array_append_new(r, json_stringn_nocheck(k, n));
	x = value_sort(r);
	json_decref(r);
	return x;
}

json_t *
value_getpath(json_t *root, json_t *path, struct buf *err)
{
	json_t *cur = json_incref(root), *next;
	size_t i;

	if (!json_is_array(path)) {
		buf_adds(err, "Path must be specified as an array");
		json_decref(cur);
		return NULL;
	}
	for (i = 0; i < json_array_size(path); i++) {
		if (json_is_null(cur))
			break;
		next = value_index(cur, json_array_get(path, i), err);
		json_decref(cur);
		if (next == NULL)
			return NULL;
		cur = next;
	}
	return cur;
}

/* Takes ownership of v; returns a value that is ours alone to modify. */
static json_t *
unshare(json_t *v)
{
	json_t *c;

	if (v->refcount == 1)
		return v;
	c = value_copy(v);
	json_decref(v);
	return c;
}

static json_t *
set_in_object(json_t *root, json_t *key, json_t *path, size_t i, json_t *v,
    struct buf *err)
{
	const char *k = json_string_value(key);
	size_t klen = json_string_length(key);
	json_t *child;

	root = json_is_null(root) ? (json_decref(root), json_object())
				  : unshare(root);
	child = json_object_getn(root, k, klen);
	child = child != NULL ? json_incref(child) : json_null();
	json_object_setn_new_nocheck(root, k, klen, json_null());
	child = value_setpath(child, path, i + 1, v, err);
	if (child == NULL) {
		json_decref(root);
		return NULL;
	}
	json_object_setn_new_nocheck(root, k, klen, child);
	return root;
}

/*
 * The index that .[d] = v sets, with jq's errors: negatives count from
 * the end, and jq 1.7's limit keeps a huge index from padding the array
 * with nulls until memory runs out.  Returns -1 with err set.
 */
static long long
set_position(json_t *array, double d, struct buf *err)
{
	if (isnan(d)) {
		buf_adds(err, "Cannot set array element at NaN index");
		return -1;
	}
	d = floor(d);
	if (d < 0)
		d += (double)json_array_size(array);
	if (d < 0) {
		buf_adds(err, "Out of bounds negative array index");
		return -1;
	}
	if (d > VALUE_INDEX_MAX) {
		buf_adds(err, "Array index too large");
		return -1;
	}
	return (long long)d;
}

static json_t *
set_in_array(json_t *root, double d, json_t *path, size_t i, json_t *v,
    struct buf *err)
{
	long long idx;
	json_t *child;

	root = json_is_null(root) ? (json_decref(root), json_array())
				  : unshare(root);
	if ((idx = set_position(root, d, err)) < 0) {
		json_decref(root);
		return NULL;
	}
	while (json_array_size(root) <= (size_t)idx)
		json_array_append_new(root, json_null());
	child = json_incref(json_array_get(root, (size_t)idx));
	json_array_set_new(root, (size_t)idx, json_null());
	child = value_setpath(child, path, i + 1, v, err);
	if (child == NULL) {
		json_decref(root);
		return NULL;
	}
	json_array_set_new(root, (size_t)idx, child);
	return root;
}

/* The bounds of a slice key {"start":S,"end":E} on an array of n. */
static void
slice_range(json_t *key, size_t n, size_t *s, size_t *e)
{
	*s = slice_bound(json_object_get(key, "start"), n, 0, 0);
	*e = slice_bound(json_object_get(key, "end"), n, n, 1);
	if (*e < *s)
		*e = *s;
}

/* .[s:e] = v on an array: the slice is replaced by the array v. */
static json_t *
set_slice(json_t *root, json_t *key, json_t *path, size_t i, json_t *v,
    struct buf *err)
{
	json_t *from, *to, *old, *new, *r;
	size_t s, e, k;

	if (json_is_null(root)) {
		json_decref(root);
		root = json_array();
	}
	if ((from = slice_key(root, key, &to, err)) == NULL) {
		json_decref(root);
		return NULL;
	}
	slice_range(key, json_array_size(root), &s, &e);
	old = value_slice(root, from, to, err);
	new = old != NULL ? value_setpath(old, path, i + 1, v, err) : NULL;
	if (new == NULL || !json_is_array(new)) {
		if (new != NULL)
			buf_adds(err,
			    "A slice of an array can only be assigned "
			    "another array");
		json_decref(new);
		json_decref(root);
		return NULL;
	}
	r = json_array();
	for (k = 0; k < s; k++)
		json_array_append(r, json_array_get(root, k));
	json_array_extend(r, new);
	for (k = e; k < json_array_size(root); k++)
		json_array_append(r, json_array_get(root, k));
	json_decref(new);
	json_decref(root);
	return r;
}

json_t *
value_setpath(json_t *root, json_t *path, size_t i, json_t *v, struct buf *err)
{
	json_t *key;

	if (!json_is_array(path)) {
		buf_adds(err, "Path must be specified as an array");
		json_decref(root);
		return NULL;
	}
	if (i == json_array_size(path)) {
		json_decref(root);
		return json_incref(v);
	}
	key = json_array_get(path, i);
	if (json_is_string(key) && (json_is_object(root) || json_is_null(root)))
		return set_in_object(root, key, path, i, v, err);
	if (json_is_number(key) && (json_is_array(root) || json_is_null(root)))
		return set_in_array(root, value_number(key), path, i, v, err);
	if (json_is_object(key) && (json_is_array(root) || json_is_null(root)))
		return set_slice(root, key, path, i, v, err);
	/* jq 1.6: a string's slice is checked, then cannot be set */
	if (json_is_object(key) && json_is_string(root)) {
		if (slice_key_ok(key))
			buf_adds(err, "Cannot update field at object index of"
				      " string");
		else
			slice_error(root, err);
		json_decref(root);
		return NULL;
	}
	index_error(err, root, key);
	json_decref(root);
	return NULL;
}

static json_t *
delete_last(json_t *root, json_t *key, struct buf *err)
{
	long long idx;

	if (json_is_null(root))
		return root;
	if (json_is_object(root) && json_is_string(key)) {
		root = unshare(root);
		json_object_deln(root, json_string_value(key),
		    json_string_length(key));
		return root;
	}
	if (json_is_array(root) && json_is_object(key)) {
		size_t s, e;

		if (!slice_key_ok(key)) {
			slice_error(root, err);
			json_decref(root);
			return NULL;
		}
		slice_range(key, json_array_size(root), &s, &e);
		root = unshare(root);
		while (e-- > s)
			json_array_remove(root, s);
		return root;
	}
	if (json_is_array(root) && json_is_number(key)) {
		idx = array_position(root, value_number(key));
		if (idx < 0)
			return root;
		root = unshare(root);
		json_array_remove(root, (size_t)idx);
		return root;
	}
	/* jq 1.6's messages */
	if (json_is_array(root))
		buf_printf(err, "Cannot delete %s element of array",
		    value_type(key));
	else if (json_is_object(root))
		buf_printf(err, "Cannot delete %s field of object",
		    value_type(key));
	else
		buf_printf(err, "Cannot delete fields from %s",
		    value_type(root));
	json_decref(root);
	return NULL;
}

static json_t *
delpath(json_t *root, json_t *path, size_t i, struct buf *err)
{
	json_t *key, *child, *step;
	size_t n = json_array_size(path);

	if (n == 0) {
		json_decref(root);
		return json_null();
	}
	key = json_array_get(path, i);
	if (i == n - 1)
		return delete_last(root, key, err);
	child = value_index(root, key, err);
	if (child == NULL) {
		json_decref(root);
		return NULL;
	}
	if (json_is_null(child))
		return root; /* nothing there to delete */
	/* Detach the child so that it is unshared and changed in place. */
	step = json_array();
	json_array_append(step, key);
	root = value_setpath(root, step, 0, json_null(), err);
	child = delpath(child, path, i + 1, err);
	if (root != NULL && child != NULL)
		root = value_setpath(root, step, 0, child, err);
	else if (root != NULL) {
		json_decref(root);
		root = NULL;
	}
	json_decref(child);
	json_decref(step);
	return root;
}

/* A negative index or slice bound k of an array of n, counted from 0. */
static json_t *
from_start(json_t *k, size_t n)
{
	double d = json_is_number(k) ? value_number(k) : 0;

	if (!(d < 0) || d + (double)n < 0) /* NaN is left as it is */
		return json_incref(k);
	return json_real(d + (double)n);
}

/*
 * Appends path to out with its negative array indices counted from the
 * start, against the arrays of root before any deletion, and a slice at
 * its end as one path per element: jq 1.6 deletes .[1], .[-6] and
 * .[-3:9] of one array in one step, each meaning the elements it meant
 * before, and deleting single indices from the highest keeps that true.
 */
static void
add_from_start(json_t *out, const json_t *root, json_t *path)
{
	json_t *p = json_array(), *k, *q;
	size_t i, n, s, e, last = json_array_size(path) - 1;
	double d;

	json_array_foreach(path, i, k)
	{
		n = json_is_array(root) ? json_array_size(root) : 0;
		if (json_is_array(root) && json_is_number(k)) {
			json_array_append_new(p, from_start(k, n));
			d = value_number(json_array_get(p, i));
			/* NaN, infinite or out of the array: no element */
			root = d >= 0 && d < (double)n
			    ? json_array_get(root, (size_t)d)
			    : NULL;
		} else if (json_is_array(root) && json_is_object(k) &&
		    i == last && slice_key_ok(k)) {
			slice_range(k, n, &s, &e);
			for (; s < e; s++) {
				q = json_copy(p);
				json_array_append_new(q,
				    json_integer((json_int_t)s));
				json_array_append_new(out, q);
			}
			json_decref(p);
			return;
		} else {
			json_array_append(p, k);
			root = json_is_object(root) && json_is_string(k)
			    ? json_object_get(root, json_string_value(k))
			    : NULL;
		}
	}
	json_array_append_new(out, p);
}

json_t *
value_delpaths(json_t *root, json_t *paths, struct buf *err)
{
	json_t *sorted, *fixed, *p;
	size_t i;

	if (!json_is_array(paths)) {
		buf_adds(err, "Paths must be specified as an array");
		json_decref(root);
		return NULL;
	}
	fixed = json_array();
	json_array_foreach(paths, i, p)
	{
		if (json_is_array(p) && json_array_size(p) > 0)
			add_from_start(fixed, root, p);
		else
			json_array_append(fixed, p);
	}
	sorted = value_sort(fixed);
	json_decref(fixed);
	for (i = json_array_size(sorted); i-- > 0 && root != NULL;) {
		json_t *p = json_array_get(sorted, i);

		if (!json_is_array(p)) {
			buf_printf(err, "Path must be specified as array, not %s",
			    value_type(p));
			json_decref(root);
			root = NULL;
			break;
		}
		/* a path given twice is deleted once */
		if (i + 1 < json_array_size(sorted) &&
		    value_equal(p, json_array_get(sorted, i + 1)))
			continue;
		root = delpath(root, p, 0, err);
	}
	json_decref(sorted);
	return root;
}

int
value_contains(const json_t *a, const json_t *b)
{
	const char *k;
	json_t *v, *x, *y;
	size_t i, j, klen;

	if (json_is_object(a) && json_is_object(b)) {
		json_object_keylen_foreach((json_t *)b, k, klen, v)
		{
			x = json_object_getn(a, k, klen);
			if (x == NULL || !value_contains(x, v))
				return 0;
		}
		return 1;
	}
	if (json_is_array(a) && json_is_array(b)) {
		json_array_foreach(b, i, y)
		{
			for (j = 0; j < json_array_size(a); j++)
				if (value_contains(json_array_get(a, j), y))
					break;
			if (j == json_array_size(a))
				return 0;
		}
		return 1;
	}
	if (json_is_string(a) && json_is_string(b)) {
		size_t n = json_string_length(a), m = json_string_length(b);
		const char *s = json_string_value(a), *t = json_string_value(b);

		for (i = 0; i + m <= n; i++)
			if (memcmp(s + i, t, m) == 0)
				return 1;
		return 0;
	}
	return value_equal(a, b);
}
