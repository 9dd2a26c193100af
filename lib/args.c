/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"
#include "duration.h"

int
args_count(const char *option, const char *arg, unsigned long min,
    unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || errno != 0 ||
	    n < min || n > max) {
		fprintf(stderr, "%s: %s: bad number (%lu to %lu): %s\n",
		    diag_progname(), option, min, max, arg);
		return -1;
	}
	*out = n;
	return 0;
}

int
args_duration(const char *option, const char *arg, int64_t *ns)
{
	if (duration_parse(arg, ns) < 0) {
		fprintf(stderr,
		    "%s: %s: bad duration (e.g. 250ms, 5s, 1h30m): "
		    "%s\n",
		    diag_progname(), option, arg);
		return -1;
	}
	if (*ns <= 0) {
		fprintf(stderr,
		    "%s: %s: the duration must be more than zero: "
		    "%s\n",
		    diag_progname(), option, arg);
		return -1;
	}
	return 0;
}

int
args_choice(const char *option, const char *arg, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	fprintf(stderr, "%s: %s: one of", diag_progname(), option);
	for (i = 0; words[i] != NULL; i++)
		fprintf(stderr, " %s", words[i]);
	fprintf(stderr, ": %s\n", arg);
	return -1;
}
