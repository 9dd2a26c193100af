/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "interrupt.h"
#include "reader.h"
#include "stdfds.h"
#include "xalloc.h"

#define READ_CHUNK 65536

void
reader_init(struct reader *r, char **files, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->files = files;
	r->fd = -1;
	r->max_line = max_line;
	r->cap = 2 * READ_CHUNK;
	r->buf = xmalloc(r->cap);
	while (files[r->nfiles] != NULL)
		r->nfiles++;
	if (r->nfiles == 0)
		r->nfiles = 1;
	r->places = xcalloc(r->nfiles, sizeof(*r->places));
	follow_init(&r->watch);
}

void
reader_free(struct reader *r)
{
	size_t i;

	if (r->fd > 0)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
	for (i = 0; i < r->nfiles; i++)
		free(r->places[i].rotated);
	free(r->places);
	r->places = NULL;
	follow_free(&r->watch);
}

void
reader_resume(struct reader *r, size_t i, int64_t offset, unsigned long lineno)
{
	r->places[i].offset = offset;
	r->places[i].lineno = lineno;
}

void
reader_resume_rotated(struct reader *r, size_t i, const char *path,
    int64_t offset, unsigned long lineno)
{
	reader_resume(r, i, offset, lineno);
	free(r->places[i].rotated);
	r->places[i].rotated = xstrndup(path, strlen(path));
}

int
reader_poll_fd(const struct reader *r)
{
	return r->missing || r->waiting ? r->watch.fd : r->fd;
}

int
reader_waiting(const struct reader *r)
{
	return r->missing || r->waiting;
}

int
reader_head_hash(int fd, int64_t len, uint64_t *hash)
{
	char chunk[4096];
	uint64_t h = 14695981039346656037ULL;
	int64_t at = 0;
	ssize_t n, i;

	while (at < len) {
		n = pread(fd, chunk,
		    len - at < (int64_t)sizeof(chunk) ? (size_t)(len - at)
						      : sizeof(chunk),
		    (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)chunk[i]) * 1099511628211ULL;
		at += n;
	}
	*hash = h;
	return 0;
}

static struct reader_place *
current_place(struct reader *r)
{
	return &r->places[r->nextfile - 1];
}

static int
open_stdin(struct reader *r, struct reader_place *p)
{
	struct stat st;

	r->name = "<stdin>";
	p->stdin = 1;
	if (stdfds_was_closed(0)) {
		snprintf(r->errtext, sizeof(r->errtext), "%s: %s", r->name,
		    strerror(EBADF));
		return -1;
	}
	r->fd = 0;
	r->regular = fstat(0, &st) == 0 && S_ISREG(st.st_mode);
	r->base = 0;
	r->lineno = 0;
	return 1;
}

/*
 * Opens the current file (files[nextfile - 1]) at its place.  Returns 1
 * with it open, -1 on failure, 2 when it is followed and not there yet.
 */
static int
open_current(struct reader *r, const char *name)
{
	struct reader_place *p = current_place(r);
	struct stat st;

	r->eof = r->skipping = r->rotated = r->waiting = 0;
	r->start = r->end = 0;
	if (strcmp(name, "-") == 0)
		return open_stdin(r, p);
	if ((r->detour = p->rotated != NULL))
		name = p->rotated;
	r->name = name;
	r->lineno = p->lineno;
	r->base = p->offset;
	if (r->follow)
		follow_watch(&r->watch, name);
	r->fd = open(name, O_RDONLY | (r->nonblocking_open ? O_NONBLOCK : 0));
	if (r->fd < 0) {
		snprintf(r->errtext, sizeof(r->errtext), "%s: %s%s", name,
		    strerror(errno),
		    r->follow ? " (waiting for it: --follow)" : "");
		if (r->follow && errno == ENOENT) {
			r->missing = 1;
			return 2;
		}
		return -1;
	}
	r->missing = 0;
	/*
	 * Reads stay blocking: the reader reads only what poll(2) said is
	 * there.  A FIFO whose writer has not come yet polls as not ready
	 * (Linux reports no hang-up before a first writer), not as ended.
	 */
	if (r->nonblocking_open)
		fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) & ~O_NONBLOCK);
	if (fstat(r->fd, &st) == 0) {
		p->dev = st.st_dev;
		p->ino = st.st_ino;
		r->regular = S_ISREG(st.st_mode);
	}
	p->opened = 1;
	if (r->base > 0 && lseek(r->fd, (off_t)r->base, SEEK_SET) < 0)
		r->base = 0, r->lineno = 0;
	return 1;
}

/*
 * Returns 1 with the next file open, 0 when there are no more, -1 on
 * failure, 2 when it is followed and not there yet.
 */
static int
open_next(struct reader *r)
{
	const char *name;

	if (r->files[0] == NULL) {
		/* No operands: standard input, once. */
		if (r->nextfile > 0)
			return 0;
		name = "-";
	} else if ((name = r->files[r->nextfile]) == NULL) {
		return 0;
	}
	r->nextfile++;
	return open_current(r, name);
}

static void
close_current(struct reader *r)
{
	struct reader_place *p = current_place(r);

	if (r->fd > 0)
		close(r->fd);
	r->fd = -1;
	if (r->rotated || r->detour) {
		/* the name goes on, as another file, from its start */
		r->nextfile--;
		free(p->rotated);
		memset(p, 0, sizeof(*p));
		r->detour = 0;
		return;
	}
	p->ended = 1;
}

/* Hands buf[start..end) of a line being skipped to the overflow callback. */
static void
spill(struct reader *r, size_t end)
{
	if (r->overflow != NULL && end > r->start)
		r->overflow(r->ctx, r->buf + r->start, end - r->start);
	r->start = end;
}

/* The line just taken ends before buf[next]: the place is after it. */
static void
mark_place(struct reader *r, size_t next)
{
	struct reader_place *p = current_place(r);

	p->offset = r->base + (int64_t)next;
	p->lineno = r->lineno;
}

static enum read_status
take_line(struct reader *r, size_t end, size_t next, struct line *line)
{
	r->lineno++;
	/* the cap is on the line itself: a CR before the newline is free */
	if (end - r->start > r->max_line + (end > r->start &&
	    r->buf[end - 1] == '\r'))
		r->skipping = 1;
	if (r->skipping) {
		spill(r, end);
		r->start = next;
		r->skipping = 0;
		line->file = r->name;
		line->lineno = r->lineno;
		mark_place(r, next);
		return READ_TOOLONG;
	}
	/* a UTF-8 byte order mark opening a file is not part of its text */
	if (r->lineno == 1 && end - r->start >= 3 &&
	    memcmp(r->buf + r->start, "\xef\xbb\xbf", 3) == 0)
		r->start += 3;
	line->data = r->buf + r->start;
	line->rawlen = end - r->start;
	line->len = line->rawlen;
	if (line->len > 0 && line->data[line->len - 1] == '\r')
		line->len--;
	line->file = r->name;
	line->lineno = r->lineno;
	r->start = next;
	mark_place(r, next);
	return READ_LINE;
}

/* Makes room for another read, growing the buffer up to the line cap. */
static void
make_room(struct reader *r)
{
	size_t pending = r->end - r->start;

	if (pending > r->max_line + 1) {	/* + 1: a CR may follow */
		r->skipping = 1;
		spill(r, r->end);
		pending = 0;
	}
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, pending);
		r->base += (int64_t)r->start;
		r->start = 0;
		r->end = pending;
	}
	if (r->cap - r->end < READ_CHUNK) {
		/* never more than the longest line kept needs */
		size_t most = r->max_line + 2 + READ_CHUNK;

		r->cap = 2 * r->cap < most ? 2 * r->cap : most;
		if (r->cap < r->end + READ_CHUNK)
			r->cap = r->end + READ_CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
}

/* Returns 1 when data (or end of file) is ready, 0 on timeout. */
static int
wait_readable(struct reader *r, int timeout_ms)
{
	struct pollfd pfd[2] = { { .fd = r->fd, .events = POLLIN },
		{ .fd = interrupt_fd(), .events = POLLIN } };
	int n;

	if (poll(pfd, 1, 0) > 0)
		return 1;
	if (r->before_wait != NULL)
		r->before_wait(r->ctx);
	n = poll(pfd, 2, timeout_ms);
	if (n > 0 && pfd[0].revents != 0)
		return 1;
	if (n >= 0 || errno == EINTR)
		return 0; /* timeout, or a signal for the caller */
	return 1;	  /* let read(2) report it */
}

/*
 * A followed file waits for a change, no longer than FOLLOW_POLL_MS and
 * no later than deadline (monotonic ns, -1 for none).  Returns 1 to look
 * again, 0 when the deadline has come or a signal arrived.
 */
static int
follow_wait(struct reader *r, int64_t deadline)
{
	struct pollfd pfd[2] = { { .fd = r->watch.fd, .events = POLLIN },
		{ .fd = interrupt_fd(), .events = POLLIN } };
	long ms = FOLLOW_POLL_MS, left;
	int last = 0, n;

	if (deadline >= 0 && (left = clock_ms_until(deadline)) <= ms) {
		ms = left;
		last = 1;
	}
	if (ms == 0)
		return 0;
	if (r->before_wait != NULL)
		r->before_wait(r->ctx);
	n = poll(pfd, 2, (int)ms);
	follow_drain(&r->watch);
	if (n < 0 || pfd[1].revents != 0)
		return 0; /* a signal, for the caller */
	return !(n == 0 && last);
}

enum follow_end { FOLLOW_AGAIN, FOLLOW_TIMEOUT, FOLLOW_TRUNCATED };

/*
 * A followed regular file read to its end: it was truncated (start
 * over), renamed away with a new file in its place (finish it, then
 * the new one), or it waits to grow.
 */
static enum follow_end
follow_end(struct reader *r, int64_t deadline)
{
	struct stat st, now;

	follow_drain(&r->watch);
	if (fstat(r->fd, &st) < 0)
		return FOLLOW_TIMEOUT;
	if ((int64_t)st.st_size < r->base + (int64_t)r->end) {
		lseek(r->fd, 0, SEEK_SET);
		r->base = 0;
		r->start = r->end = 0;
		r->lineno = 0;
		r->skipping = 0;
		memset(current_place(r), 0, sizeof(struct reader_place));
		current_place(r)->opened = 1;
		current_place(r)->dev = st.st_dev;
		current_place(r)->ino = st.st_ino;
		snprintf(r->errtext, sizeof(r->errtext),
		    "%s: file truncated: reading it from the start", r->name);
		return FOLLOW_TRUNCATED;
	}
	if ((int64_t)st.st_size > r->base + (int64_t)r->end)
		return FOLLOW_AGAIN; /* it grew since read(2) said end */
	if (r->detour) {
		r->eof = 1; /* rotated away already: on to the new file */
		return FOLLOW_AGAIN;
	}
	if (stat(r->name, &now) == 0 &&
	    (now.st_ino != st.st_ino || now.st_dev != st.st_dev)) {
		r->rotated = 1;
		r->eof = 1;
		return FOLLOW_AGAIN;
	}
	r->waiting = 1;
	return follow_wait(r, deadline) ? FOLLOW_AGAIN : FOLLOW_TIMEOUT;
}

/* A followed file not there yet: 1 once it is open, 0 on timeout, -1. */
static int
follow_missing(struct reader *r, int64_t deadline)
{
	int k;

	for (;;) {
		follow_drain(&r->watch);
		if ((k = open_current(r, r->files[r->nextfile - 1])) != 2)
			return k;
		if (!follow_wait(r, deadline))
			return 0;
	}
}

enum read_status
reader_next(struct reader *r, struct line *line, int timeout_ms)
{
	int64_t deadline = -1;
	char *nl;
	ssize_t n;
	int k;

	if (timeout_ms >= 0)
		deadline = clock_monotonic() + (int64_t)timeout_ms * 1000000;
	for (;;) {
		if (r->fd < 0 && r->missing) {
			if ((k = follow_missing(r, deadline)) == 0)
				return READ_TIMEOUT;
			if (k < 0)
				return READ_OPENFAIL;
		} else if (r->fd < 0) {
			if ((k = open_next(r)) == 0)
				return READ_EOF;
			if (k < 0)
				return READ_OPENFAIL;
			if (k == 2)
				return READ_NOTICE;
		}
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL)
			return take_line(r, (size_t)(nl - r->buf),
			    (size_t)(nl - r->buf) + 1, line);
		if (r->eof) {
			if (r->end > r->start || r->skipping)
				return take_line(r, r->end, r->end, line);
			close_current(r);
			continue;
		}
		make_room(r);
		if (!wait_readable(r, timeout_ms))
			return READ_TIMEOUT;
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(r->errtext, sizeof(r->errtext), "%s: %s",
			    r->name, strerror(errno));
			close_current(r);
			return READ_OPENFAIL;
		}
		r->waiting = 0;
		r->reads += n > 0;
		if (n == 0 && r->follow && r->regular) {
			switch (follow_end(r, deadline)) {
			case FOLLOW_AGAIN: continue;
			case FOLLOW_TIMEOUT: return READ_TIMEOUT;
			case FOLLOW_TRUNCATED: return READ_NOTICE;
			}
		}
		if (n == 0)
			r->eof = 1;
		r->end += (size_t)n;
	}
}

/* stat(2) of an input name, "-" being standard input. */
static int
stat_input(const char *name, struct stat *st)
{
	return strcmp(name, "-") == 0 ? fstat(0, st) : stat(name, st);
}

int64_t
reader_regular_size(const char *name)
{
	struct stat st;

	return stat_input(name, &st) == 0 && S_ISREG(st.st_mode)
	    ? (int64_t)st.st_size
	    : -1;
}

/* A missing file is not live: opening it reports it. */
static int
is_live(const char *name)
{
	struct stat st;

	return stat_input(name, &st) == 0 && !S_ISREG(st.st_mode);
}

int
reader_files_live(char **files)
{
	size_t i;

	if (files[0] == NULL)
		return is_live("-");
	for (i = 0; files[i] != NULL; i++)
		if (is_live(files[i]))
			return 1;
	return 0;
}
