#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
}

void
reader_free(struct reader *r)
{
	if (r->fd > 0)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
}

/* Returns 1 with a file open, 0 when there are no more, -1 on failure. */
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
	r->lineno = 0;
	r->eof = 0;
	r->start = r->end = 0;
	r->skipping = 0;
	if (strcmp(name, "-") == 0) {
		r->name = "<stdin>";
		if (stdfds_was_closed(0)) {
			snprintf(r->errtext, sizeof(r->errtext), "%s: %s",
			    r->name, strerror(EBADF));
			return -1;
		}
		r->fd = 0;
		return 1;
	}
	r->name = name;
	r->fd = open(name, O_RDONLY | (r->nonblocking_open ? O_NONBLOCK : 0));
	if (r->fd < 0) {
		snprintf(r->errtext, sizeof(r->errtext), "%s: %s", name,
		    strerror(errno));
		return -1;
	}
	/*
	 * Reads stay blocking: the reader reads only what poll(2) said is
	 * there.  A FIFO whose writer has not come yet polls as not ready
	 * (Linux reports no hang-up before a first writer), not as ended.
	 */
	if (r->nonblocking_open)
		fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) & ~O_NONBLOCK);
	return 1;
}

static void
close_current(struct reader *r)
{
	if (r->fd > 0)
		close(r->fd);
	r->fd = -1;
}

/* Hands buf[start..end) of a line being skipped to the overflow callback. */
static void
spill(struct reader *r, size_t end)
{
	if (r->overflow != NULL && end > r->start)
		r->overflow(r->ctx, r->buf + r->start, end - r->start);
	r->start = end;
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
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

	if (poll(&pfd, 1, 0) > 0)
		return 1;
	if (r->before_wait != NULL)
		r->before_wait(r->ctx);
	for (;;) {
		int n = poll(&pfd, 1, timeout_ms);

		if (n > 0)
			return 1;
		if (n == 0 || errno == EINTR)
			return 0; /* timeout, or a signal for the caller */
		return 1;	  /* let read(2) report it */
	}
}

enum read_status
reader_next(struct reader *r, struct line *line, int timeout_ms)
{
	char *nl;
	ssize_t n;
	int k;

	for (;;) {
		if (r->fd < 0) {
			if ((k = open_next(r)) == 0)
				return READ_EOF;
			if (k < 0)
				return READ_OPENFAIL;
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
		if (n == 0)
			r->eof = 1;
		r->end += (size_t)n;
	}
}

static int
is_live(const char *name)
{
	struct stat st;
	int rc;

	if (strcmp(name, "-") == 0)
		rc = fstat(0, &st);
	else
		rc = stat(name, &st);
	return rc == 0 && !S_ISREG(st.st_mode);
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
