/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for Kafka's partitioner in lib/key.c and for lib/keystep.c.
 * The murmur2 vectors are those of Kafka's own UtilsTest
 * (testMurmur2), the Java implementation's signed 32-bit results.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"
#include "jtext.h"
#include "key.h"
#include "keystep.h"

static int passed, failed;

static void
check(int ok, const char *what, const char *detail)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
}

static void
murmur2(const char *key, int32_t want)
{
	int32_t got = key_murmur2(key, strlen(key));
	char detail[100];

	snprintf(detail, sizeof(detail), "got %ld, want %ld", (long)got,
	    (long)want);
	check(got == want, key, detail);
}

static void
partition(const char *key, size_t len, unsigned n, unsigned want)
{
	unsigned got = key_partition(key, len, n);
	char detail[100];

	snprintf(detail, sizeof(detail), "partition of %u: got %u, want %u", n,
	    got, want);
	check(got == want, key, detail);
}

static void
shard(const char *spec, int ok, unsigned want_i, unsigned want_n)
{
	unsigned i = 99, n = 99;
	int r = keystep_parse_shard(spec, &i, &n);
	char detail[100];

	snprintf(detail, sizeof(detail), "returned %d (%u/%u)", r, i, n);
	if (ok)
		check(r == 0 && i == want_i && n == want_n, spec, detail);
	else
		check(r == -1, spec, detail);
}

/* operands: a space-separated list; want: the expressions, then "|", files. */
static void
operands(const char *list, int want_exprs, int want_files)
{
	char copy[200], *argv[20], *p;
	int argc = 0, n, files;
	char detail[100];

	snprintf(copy, sizeof(copy), "%s", list);
	for (p = strtok(copy, " "); p != NULL; p = strtok(NULL, " "))
		argv[argc++] = p;
	n = keystep_operands(argc, argv, &files);
	snprintf(detail, sizeof(detail),
	    "got %d expressions, files at %d; "
	    "want %d, %d",
	    n, files, want_exprs, want_files);
	check(n == want_exprs && files == want_files, list, detail);
}

/* The key of the JSON record in, by the expressions (a NULL-ended list). */
static void
key(const char *in, const char *want, const char **srcs)
{
	struct expr *exprs[8];
	struct expr_error err;
	struct keystep_opts o = { exprs, (char **)srcs, 0, KEYSTEP_NAME, 0, 0 };
	struct keystep *k;
	struct buf out = { 0 }, why = { 0 };
	json_t *v = jtext_parse(in, strlen(in), NULL);
	char detail[300];
	size_t i;
	int r;

	for (o.nexprs = 0; srcs[o.nexprs] != NULL; o.nexprs++)
		exprs[o.nexprs] = expr_compile(srcs[o.nexprs], NULL, 0, &err);
	k = keystep_new(&o);
	r = keystep_key(k, v, &out, &why);
	if (want == NULL) {
		snprintf(detail, sizeof(detail), "got key %s, want an error",
		    out.data ? out.data : "");
		check(r == -1 && why.len > 0, in, detail);
	} else {
		snprintf(detail, sizeof(detail), "got %s (%s), want %s",
		    out.data ? out.data : "", why.data ? why.data : "", want);
		check(r == 0 && out.len == strlen(want) &&
			memcmp(out.data, want, out.len) == 0,
		    in, detail);
	}
	keystep_free(k);
	for (i = 0; i < o.nexprs; i++)
		expr_free(exprs[i]);
	json_decref(v);
	buf_free(&out);
	buf_free(&why);
}

int
main(void)
{
	static const char *user[] = { ".user", NULL };
	static const char *both[] = { ".user", ".region", NULL };
	static const char *none[] = { "empty", NULL };
	static const char *bad[] = { ".user", ".n.x", NULL };

	/* Kafka's vectors (UtilsTest.testMurmur2). */
	murmur2("21", -973932308);
	murmur2("foobar", -790332482);
	murmur2("a-little-bit-long-string", -985981536);
	murmur2("a-little-bit-longer-string", -1486304829);
	murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971);
	murmur2("abc", 479470107);
	murmur2("", 275646681);

	/* (murmur2 & 0x7fffffff) % n, as Kafka's Utils.toPositive. */
	partition("21", 2, 1, 0);
	partition("21", 2, 4, (unsigned)(-973932308 & 0x7fffffff) % 4);
	partition("foobar", 6, 3, (unsigned)(-790332482 & 0x7fffffff) % 3);
	partition("abc", 3, 7, 479470107U % 7);

	shard("0/1", 1, 0, 1);
	shard("3/4", 1, 3, 4);
	shard("0/2147483647", 1, 0, 2147483647U);
	shard("4/4", 0, 0, 0);
	shard("0/0", 0, 0, 0);
	shard("1", 0, 0, 0);
	shard("/4", 0, 0, 0);
	shard("1/", 0, 0, 0);
	shard("-1/4", 0, 0, 0);
	shard("+1/4", 0, 0, 0);
	shard(" 1/4", 0, 0, 0);
	shard("1/4x", 0, 0, 0);
	shard("1/2/4", 0, 0, 0);
	shard("0/2147483648", 0, 0, 0);
	shard("0/99999999999999999999", 0, 0, 0);

	operands(".user", 1, 1);
	operands(".user in.ndjson", 1, 1);
	operands(".user .region", 2, 2);
	operands(".user .region a b", 2, 2);
	operands(".a [.b] {c} (.d) $__loc__ \"e\" f .g", 6, 6);
	operands(".user -- .hidden", 1, 2);
	operands(".user .region -- ./x -- y", 2, 3);
	operands("tostring .user", 2, 2);
	operands("tostring user.ndjson", 1, 1);
	operands(".user - .x", 1, 1);

	key("{\"user\":\"ann\"}", "ann", user);
	key("{\"user\":42}", "42", user);
	key("{\"user\":12345678901234567}", "12345678901234567", user);
	key("{\"user\":1.5}", "1.5", user);
	key("{\"user\":null}", "null", user);
	key("{}", "null", user);
	key("{\"user\":{\"a\":[1,\"x\"]}}", "{\"a\":[1,\"x\"]}", user);
	key("{\"user\":\"a\\\"b\"}", "a\"b", user);
	key("{\"user\":\"ann\",\"region\":\"eu\"}", "[\"ann\",\"eu\"]", both);
	key("{\"user\":1,\"region\":null}", "[1,null]", both);
	key("{}", NULL, none);
	key("{\"n\":1}", NULL, bad);

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
