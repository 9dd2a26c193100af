#include <string.h>

#include "diag.h"

static const char *progname = "stream-tools";

void
diag_setprogname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	progname = slash != NULL ? slash + 1 : argv0;
}

const char *
diag_progname(void)
{
	return progname;
}
