/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for the state file (lib/snapshot.c): what is written reads
 * back line for line; every single-byte change, every truncation and a
 * file of another kind are refused, and a failed write leaves the old
 * snapshot and no temporary file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"

static int passed, failed;

static void
check(int ok, const char *what)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

static const char *const lines[] = { "{\"tool\":\"t\"}", "[\"a\",1]", "",
	"[\"b\\n\",2]" };
#define NLINES (sizeof(lines) / sizeof(lines[0]))

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = malloc(1 << 16);

	*len = fread(data, 1, 1 << 16, f);
	fclose(f);
	return data;
}

static void
spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	fwrite(data, 1, len, f);
	fclose(f);
}

static int
opens(const char *path)
{
	struct snap_reader r;
	struct buf why = { 0 };
	int rc = snap_open(&r, path, &why);

	if (rc > 0)
		snap_close(&r);
	buf_free(&why);
	return rc;
}

static void
round_trip(const char *path)
{
	struct snap_writer w;
	struct snap_reader r;
	struct buf why = { 0 };
	const char *p;
	size_t i, n;

	check(snap_create(&w, path) == 0, "create");
	for (i = 0; i < NLINES; i++)
		snap_line(&w, lines[i], strlen(lines[i]));
	check(snap_commit(&w) == 0, "commit");
	check(snap_open(&r, path, &why) == 1, "open what was written");
	for (i = 0; i < NLINES; i++)
		check(snap_next(&r, &p, &n) == 1 && n == strlen(lines[i]) &&
			memcmp(p, lines[i], n) == 0,
		    "each line reads back");
	check(snap_next(&r, &p, &n) == 0, "then the end");
	snap_close(&r);
	buf_free(&why);
}

static void
damage(const char *path, const char *copy)
{
	size_t len, i, refused = 0, cut = 0;
	char *data = slurp(path, &len);

	for (i = 0; i < len; i++) {
		data[i] ^= 0x20;
		spit(copy, data, len);
		refused += opens(copy) < 0;
		data[i] ^= 0x20;
	}
	check(refused == len, "every changed byte is refused");
	for (i = 0; i < len; i++) {
		spit(copy, data, i);
		cut += opens(copy) < 0;
	}
	check(cut == len, "every truncation is refused");
	spit(copy, "hello\n", 6);
	check(opens(copy) < 0, "a file of another kind is refused");
	unlink(copy);
	check(opens(copy) == 0, "no file is no state");
	free(data);
}

static void
failed_write(const char *path)
{
	struct snap_writer w;
	char tmp[400];
	size_t len0, len1;
	char *before = slurp(path, &len0), *after;

	check(snap_create(&w, "/nonexistent-dir/state") < 0 && errno == ENOENT,
	    "a missing directory fails at create");
	check(snap_create(&w, path) == 0, "create again");
	snap_line(&w, "x", 1);
	snap_abort(&w);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	check(access(tmp, F_OK) < 0, "an aborted snapshot leaves no file");
	after = slurp(path, &len1);
	check(len0 == len1 && memcmp(before, after, len0) == 0,
	    "and the old snapshot as it was");
	free(before);
	free(after);
}

int
main(void)
{
	char dir[] = "/tmp/snapshot_test.XXXXXX", path[300], copy[300];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/state", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	round_trip(path);
	damage(path, copy);
	failed_write(path);
	unlink(path);
	rmdir(dir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
