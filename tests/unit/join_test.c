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

/* joiner_check on inputs named names[]; want is NULL or the reason. */
static void
checked(char **names, char **files, int merge, int64_t window,
    const char *want)
{
	struct joiner j;
	struct buf why = { 0 };
	int rc;

	joiner_init(&j);
	for (j.nin = 0; names[j.nin] != NULL; j.nin++)
		;
	j.names = names;
	j.files = files;
	j.merge = merge;
	j.window = window;
	rc = joiner_check(&j, &why);
	if (want == NULL)
		check(rc == 0, names[0], why.data);
	else
		check(rc < 0 && strstr(why.data ? why.data : "", want) != NULL,
		    want, why.data);
	joiner_free(&j);
	buf_free(&why);
}

int
main(void)
{
	char *ab[] = { "a", "b", NULL }, *aa[] = { "a", "a", NULL };
	char *key[] = { "key", "b", NULL }, *one[] = { "a", NULL };
	char *empty[] = { "", "b", NULL };
	char *files[] = { "a.ndjson", "b.ndjson", NULL };
	char *stdin2[] = { "-", "-", NULL };

	name("users.ndjson", "users");
	name("/var/log/app/emails.json.gz", "emails.json");
	name("plans", "plans");
	name("-", "stdin");
	name("/dev/fd/63", "63");
	name("dir.d/.hidden", ".hidden");

	checked(ab, files, 0, 0, NULL);
	checked(aa, files, 0, 0, "two inputs are named \"a\"");
	checked(key, files, 0, 0, "cannot be named \"key\"");
	checked(key, files, 1, 0, NULL);
	checked(empty, files, 0, 0, "empty name");
	checked(one, files, 0, 0, "two or more FILEs");
	checked(ab, stdin2, 0, 0, "standard input (-) can be only one");
	checked(ab, files, 0, 1000, "--window needs -t EXPR");

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
