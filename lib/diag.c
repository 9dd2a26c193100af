/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <string.h>

#include "diag.h"

static const char *progname = "stream-tools";

char *
diag_setprogname(char *argv0)
{
	char *slash = strrchr(argv0, '/'), *name;

	name = slash != NULL ? slash + 1 : argv0;
	progname = name;
	return name;
}

const char *
diag_progname(void)
{
	return progname;
}
