/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#define _GNU_SOURCE /* F_SETPIPE_SZ, where there is one */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "stats.h"
#include "xalloc.h"

int
output_open_append(const char *path)
{
	char *end;
	long n;

	if (strncmp(path, "/dev/fd/", 8) == 0) {
		n = strtol(path + 8, &end, 10);
		if (end != path + 8 && *end == '\0' && n >= 0 && n <= INT_MAX)
			return dup((int)n);
	}
	return open(path, O_WRONLY | O_APPEND | O_CREAT, 0666);
}

/* The offset just after the last newline in the first size bytes of fd. */
static off_t
last_newline_end(int fd, off_t size)
{
	char chunk[4096];
	off_t at;
	ssize_t n, i;

	for (at = size; at > 0; at -= n) {
		n = at < (off_t)sizeof(chunk) ? (ssize_t)at
					      : (ssize_t)sizeof(chunk);
		if (pread(fd, chunk, (size_t)n, at - n) != n)
			return -1;
		for (i = n; i > 0; i--)
			if (chunk[i - 1] == '\n')
				return at - n + i;
	}
	return 0;
}

long
output_cut_fragment(int fd)
{
	char path[32];
	struct stat st;
	off_t keep;
	int rfd, err;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return 0;
	/* standard output is open for writing only: read it anew */
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	if ((rfd = open(path, O_RDONLY)) < 0)
		return -1;
	keep = last_newline_end(rfd, st.st_size);
	err = errno;
	close(rfd);
	if (keep < 0) {
		errno = err;
		return -1;
	}
	if (keep == st.st_size)
		return 0;
	if (ftruncate(fd, keep) < 0)
		return -1;
	/* a descriptor without O_APPEND must go on from the new end */
	lseek(fd, keep, SEEK_SET);
	return (long)(st.st_size - keep);
}

/*
 * A pipe between two tools holds 64 KiB by default: the reader then
 * wakes for every 64 KiB, and at a few hundred MB/s that is a good part
 * of a pipeline's time.  Linux lets a pipe grow to pipe-max-size (1 MiB
 * unless changed) without privilege; elsewhere, and if it fails, the
 * pipe stays as it is.
 */
static void
widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

void
output_init(struct output *o, int fd)
{
	widen_pipe(fd);
	o->fd = fd;
	o->data = xmalloc(OUTPUT_BLOCK);
	o->len = 0;
	o->error = 0;
	o->lines = 0;
}

int
output_write_fd(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
write_all(struct output *o, const char *p, size_t n)
{
	if (o->error == 0 && output_write_fd(o->fd, p, n) < 0)
		o->error = errno;
	else if (o->error == 0)
		o->lines += stats_count_lines(p, n);
}

int
output_flush(struct output *o)
{
	if (o->len > 0)
		write_all(o, o->data, o->len);
	o->len = 0;
	return o->error ? -1 : 0;
}

void
output_write(struct output *o, const void *p, size_t n)
{
	if (o->len + n > OUTPUT_BLOCK) {
		output_flush(o);
		if (n >= OUTPUT_BLOCK) {
			write_all(o, p, n);
			return;
		}
	}
	memcpy(o->data + o->len, p, n);
	o->len += n;
}

void
output_putc(struct output *o, char c)
{
	if (o->len == OUTPUT_BLOCK)
		output_flush(o);
	o->data[o->len++] = c;
}

int
output_failed(const struct output *o)
{
	return o->error != 0;
}

void
output_free(struct output *o)
{
	free(o->data);
	o->data = NULL;
}
