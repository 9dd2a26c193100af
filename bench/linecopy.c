/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * The floor of bench/suite.sh: the least a line tool can do.  Reads stdin
 * in 64 KiB blocks with read(2), finds every newline with memchr(3) and
 * writes the complete lines of each block with write(2), carrying a
 * partial last line over to the next block.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 65536

static char buf[2 * BLOCK];

static int
write_all(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
main(void)
{
	size_t have = 0, done, room;
	ssize_t r;
	char *p, *nl, *end;

	for (;;) {
		room = sizeof(buf) - have;
		r = read(STDIN_FILENO, buf + have, room < BLOCK ? room : BLOCK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return 2;
		if (r == 0)
			break;
		have += (size_t)r;
		p = buf;
		end = buf + have;
		done = 0;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			p = nl + 1;
			done = (size_t)(p - buf);
		}
		if (done == 0 && have == sizeof(buf))
			done = have;	/* a line longer than the buffer */
		if (write_all(buf, done) < 0)
			return 2;
		memmove(buf, buf + done, have - done);
		have -= done;
	}
	return write_all(buf, have) < 0 ? 2 : 0;
}
