/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for lib/join.c: input names and the option checks, which
 * sjoin(1) documents.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "join.h"

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
name(const char *file, const char *want)
{
	struct buf b = { 0 };

	join_default_name(file, &b);
	check(b.len == strlen(want) && memcmp(b.data, want, b.len) == 0, file,
	    b.data);
	buf_free(&b);
}

/*
 * joiner_set_names (as "a,b": --as) and joiner_check on files; want is
 * NULL or the reason either gives.
 */
static void
checked(const char *as, char **files, int merge, int64_t window,
    const char *want)
{
	struct joiner j;
	struct buf why = { 0 };
	int rc;

	joiner_init(&j);
	for (j.nin = 0; files[j.nin] != NULL; j.nin++)
		;
	j.files = files;
	j.merge = merge;
	j.window = window;
	rc = joiner_set_names(&j, as, &why);
	if (rc == 0)
		rc = joiner_check(&j, &why);
	if (want == NULL)
		check(rc == 0, as ? as : files[0], why.data);
	else
		check(rc < 0 && strstr(why.data ? why.data : "", want) != NULL,
		    want, why.data);
	joiner_free(&j);
	buf_free(&why);
}

int
main(void)
{
	char *files[] = { "a.ndjson", "b.ndjson", NULL };
	char *one[] = { "a.ndjson", NULL };
	char *stdin2[] = { "-", "-", NULL };
	char *same[] = { "x/users.ndjson", "y/users.json", NULL };

	name("users.ndjson", "users");
	name("/var/log/app/emails.json.gz", "emails.json");
	name("plans", "plans");
	name("-", "stdin");
	name("/dev/fd/63", "63");
	name("dir.d/.hidden", ".hidden");

	checked(NULL, files, 0, 0, NULL);
	checked("a,b", files, 0, 0, NULL);
	checked("a,a", files, 0, 0, "two inputs are named \"a\"");
	checked(NULL, same, 0, 0, "two inputs are named \"users\"");
	checked("key,b", files, 0, 0, "cannot be named \"key\"");
	checked("key,b", files, 1, 0, NULL);
	checked(",b", files, 0, 0, "empty name");
	checked("a", files, 0, 0, "--as: fewer names than FILEs");
	checked("a,b,c", files, 0, 0, "--as: more names than FILEs");
	checked(NULL, one, 0, 0, "two or more FILEs");
	checked(NULL, stdin2, 0, 0, "standard input (-) can be only one");
	checked("a,b", files, 0, 1000, "--window needs -t EXPR");

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
