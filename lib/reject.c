#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "reject.h"

int
reject_init(struct reject *rj, const char *dead_letter, int strict)
{
	memset(rj, 0, sizeof(*rj));
	rj->fd = -1;
	rj->strict = strict;
	rj->path = dead_letter;
	if (dead_letter == NULL)
		return 0;
	rj->fd = output_open_append(dead_letter);
	return rj->fd < 0 ? -1 : 0;
}

static void
write_all(struct reject *rj, const char *p, size_t n)
{
	if (rj->fd < 0 || rj->write_error != 0)
		return;
	if (output_write_fd(rj->fd, p, n) < 0) {
		rj->write_error = errno;
		fprintf(stderr, "%s: %s: %s\n", diag_progname(), rj->path,
		    strerror(errno));
	}
}

void
reject_spill(struct reject *rj, const char *p, size_t n)
{
	write_all(rj, p, n);
}

int
reject_line(struct reject *rj, const char *file, unsigned long lineno,
    const char *text, size_t len, const char *reason)
{
	rj->count++;
	fprintf(stderr, "%s: %s:%lu: %s\n", diag_progname(), file, lineno,
	    reason);
	if (text != NULL)
		write_all(rj, text, len);
	write_all(rj, "\n", 1);
	/* a rejected line that cannot be kept must not be followed by more */
	return rj->strict || rj->write_error != 0;
}

void
reject_close(struct reject *rj)
{
	if (rj->fd >= 0)
		close(rj->fd);
	rj->fd = -1;
}
