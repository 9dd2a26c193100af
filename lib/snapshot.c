/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jtext.h"
#include "output.h"
#include "snapshot.h"
#include "xalloc.h"

#define MAGIC "stream-tools state "
#define FLUSH_AT (1 << 20)
#define FNV_BASIS 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
	return h;
}

static void
flush_out(struct snap_writer *w)
{
	if (w->error == 0 && output_write_fd(w->fd, w->out.data, w->out.len) < 0)
		w->error = errno;
	buf_reset(&w->out);
}

static void
add(struct snap_writer *w, const char *p, size_t n)
{
	w->hash = fnv(w->hash, p, n);
	w->bytes += n;
	buf_add(&w->out, p, n);
	if (w->out.len >= FLUSH_AT)
		flush_out(w);
}

int
snap_create(struct snap_writer *w, const char *path)
{
	char first[64];
	size_t n = strlen(path) + 32;
	int err;

	memset(w, 0, sizeof(*w));
	w->path = path;
	w->hash = FNV_BASIS;
	w->tmp = xmalloc(n);
	snprintf(w->tmp, n, "%s.tmp.%ld", path, (long)getpid());
	w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (w->fd < 0) {
		err = errno;
		free(w->tmp);
		w->tmp = NULL;
		errno = err;
		return -1;
	}
	snprintf(first, sizeof(first), MAGIC "%d\n", SNAPSHOT_VERSION);
	add(w, first, strlen(first));
	return 0;
}

void
snap_line(struct snap_writer *w, const char *p, size_t n)
{
	add(w, p, n);
	add(w, "\n", 1);
	w->lines++;
}

void
snap_value(struct snap_writer *w, const json_t *v)
{
	struct buf b = { 0 };

	jtext_dump(&b, v);
	snap_line(w, b.data, b.len);
	buf_free(&b);
}

void
snap_clean(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t dirlen = (size_t)(base - path), baselen = strlen(base);
	struct buf b = { 0 };
	struct dirent *d;
	char *end;
	long pid;
	DIR *dir;

	buf_add(&b, path, dirlen);
	buf_addc(&b, '\0');
	if ((dir = opendir(dirlen > 0 ? b.data : ".")) == NULL) {
		buf_free(&b);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, base, baselen) != 0 ||
		    strncmp(d->d_name + baselen, ".tmp.", 5) != 0)
			continue;
		pid = strtol(d->d_name + baselen + 5, &end, 10);
		/* a process that is still there may be writing it */
		if (*end != '\0' || pid <= 0 || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		b.len = dirlen;
		buf_adds(&b, d->d_name);
		unlink(b.data);
	}
	closedir(dir);
	buf_free(&b);
}

void
snap_abort(struct snap_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->tmp != NULL)
		unlink(w->tmp);
	free(w->tmp);
	w->tmp = NULL;
	buf_free(&w->out);
}

/* Makes the rename itself durable. */
static int
sync_directory(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc;

	if (slash == NULL)
		dir = xstrndup(".", 1);
	else
		dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	/* some file systems cannot sync a directory; the rename stands */
	return rc < 0 && errno != EINVAL && errno != EROFS ? -1 : 0;
}

int
snap_commit(struct snap_writer *w)
{
	char end[64];
	int n, err;

	n = snprintf(end, sizeof(end), "end %lu %016llx\n", w->lines,
	    (unsigned long long)w->hash);
	buf_add(&w->out, end, (size_t)n);
	flush_out(w);
	if (w->error == 0 && fsync(w->fd) < 0)
		w->error = errno;
	if (close(w->fd) < 0 && w->error == 0)
		w->error = errno;
	w->fd = -1;
	if (w->error == 0 && rename(w->tmp, w->path) < 0)
		w->error = errno;
	if (w->error == 0 && sync_directory(w->path) < 0)
		w->error = errno;
	err = w->error;
	if (err != 0)
		unlink(w->tmp);
	free(w->tmp);
	w->tmp = NULL;
	buf_free(&w->out);
	errno = err;
	return err ? -1 : 0;
}

static int
read_whole(struct snap_reader *r, int fd)
{
	struct stat st;
	size_t cap;
	ssize_t n;

	cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1
						    : 4096;
	r->data = xmalloc(cap);
	for (;;) {
		if (r->len == cap)
			r->data = xrealloc(r->data, cap *= 2);
		n = read(fd, r->data + r->len, cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		r->len += (size_t)n;
	}
}

/* Checks the first and last lines; sets pos and end around the body. */
static int
check(struct snap_reader *r, struct buf *why)
{
	const char *nl, *last;
	unsigned long counted = 0;
	char want[64];
	size_t i;
	int version, n;

	nl = memchr(r->data, '\n', r->len);
	if (r->len < sizeof(MAGIC) || memcmp(r->data, MAGIC, sizeof(MAGIC) - 1)
	    || nl == NULL) {
		buf_printf(why, "%s: not a stream tools state file", r->path);
		return -1;
	}
	if (sscanf(r->data + sizeof(MAGIC) - 1, "%d", &version) != 1 ||
	    version != SNAPSHOT_VERSION) {
		buf_printf(why,
		    "%s: a state file of format %.*s; this version reads "
		    "format %d",
		    r->path, (int)(nl - r->data - (sizeof(MAGIC) - 1)),
		    r->data + sizeof(MAGIC) - 1, SNAPSHOT_VERSION);
		return -1;
	}
	r->pos = (size_t)(nl - r->data) + 1;
	if (r->len < r->pos + 2 || r->data[r->len - 1] != '\n' ||
	    memcmp(r->data, MAGIC, sizeof(MAGIC) - 1) != 0 ||
	    (size_t)snprintf(want, sizeof(want), MAGIC "%d\n",
		SNAPSHOT_VERSION) != r->pos ||
	    memcmp(r->data, want, r->pos) != 0)
		goto truncated;
	for (last = r->data + r->len - 1; last > r->data && last[-1] != '\n';
	     last--)
		;
	r->end = (size_t)(last - r->data);
	if (r->end < r->pos)
		goto truncated;
	for (i = r->pos; i < r->end; i++)
		counted += r->data[i] == '\n';
	/* the last line, exactly as snap_commit writes it */
	n = snprintf(want, sizeof(want), "end %lu %016llx\n", counted,
	    (unsigned long long)fnv(FNV_BASIS, r->data, r->end));
	if (r->len - r->end != (size_t)n || memcmp(last, "end ", 4) != 0)
		goto truncated;
	if (memcmp(last, want, (size_t)n) != 0) {
		buf_printf(why,
		    "%s: corrupt state file (its checksum does not match)",
		    r->path);
		return -1;
	}
	return 0;
truncated:
	buf_printf(why, "%s: truncated or corrupt state file (no end line)",
	    r->path);
	return -1;
}

int
snap_open(struct snap_reader *r, const char *path, struct buf *why)
{
	int fd, rc;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 0;
		buf_printf(why, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = read_whole(r, fd);
	if (rc < 0)
		buf_printf(why, "%s: %s", path, strerror(errno));
	close(fd);
	if (rc < 0 || check(r, why) < 0) {
		snap_close(r);
		return -1;
	}
	r->lineno = 1;
	return 1;
}

int
snap_next(struct snap_reader *r, const char **p, size_t *n)
{
	const char *nl;

	if (r->pos >= r->end)
		return 0;
	nl = memchr(r->data + r->pos, '\n', r->end - r->pos);
	*p = r->data + r->pos;
	*n = (size_t)(nl - *p);
	r->pos += *n + 1;
	r->lineno++;
	return 1;
}

json_t *
snap_next_value(struct snap_reader *r, struct buf *why)
{
	struct jtext_error err;
	const char *p;
	size_t n;
	json_t *v;

	if (!snap_next(r, &p, &n))
		return NULL;
	if ((v = jtext_parse(p, n, &err)) == NULL)
		buf_printf(why, "%s:%lu: corrupt state file: %s", r->path,
		    r->lineno, err.text);
	return v;
}

void
snap_close(struct snap_reader *r)
{
	free(r->data);
	r->data = NULL;
}
