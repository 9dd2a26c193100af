/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "output.h"
#include "progress.h"
#include "reader.h"

void
progress_init(struct progress *p, char **files, int follow, int want)
{
	char *none[] = { "-", NULL };
	int64_t n;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!want || follow || !isatty(2))
		return;
	if (files[0] == NULL)
		files = none;
	for (i = 0; files[i] != NULL; i++) {
		if ((n = reader_regular_size(files[i])) < 0)
			return;
		p->total += n;
	}
	p->on = p->total >= PROGRESS_LARGE;
	p->start = clock_monotonic();
	p->next = p->start + PROGRESS_DELAY;
}

static void
mib(char *out, size_t n, int64_t bytes)
{
	snprintf(out, n, "%.1f", (double)bytes / (1 << 20));
}

void
progress_update(struct progress *p, int64_t now, int64_t done,
    unsigned long long records)
{
	char line[160], a[32], b[32];
	double secs = (double)(now - p->start) / 1e9;
	int n;

	if (!p->on || now < p->next)
		return;
	p->next = now + PROGRESS_EVERY;
	if (done > p->total)
		done = p->total;
	mib(a, sizeof(a), done);
	mib(b, sizeof(b), p->total);
	n = snprintf(line, sizeof(line),
	    "\r%s: %s of %s MiB (%d%%), %.0f records/s\033[K", diag_progname(),
	    a, b, p->total > 0 ? (int)(done * 100 / p->total) : 100,
	    secs > 0 ? (double)records / secs : 0.0);
	if (n > 0 && (size_t)n < sizeof(line) &&
	    output_write_fd(2, line, (size_t)n) == 0)
		p->shown = 1;
}

void
progress_erase(struct progress *p)
{
	if (!p->shown)
		return;
	p->shown = 0;
	(void)output_write_fd(2, "\r\033[K", 4);
}
