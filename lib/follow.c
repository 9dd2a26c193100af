/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow.h"
#include "xalloc.h"

#ifdef __linux__
#include <sys/inotify.h>
#endif

void
follow_init(struct follow *f)
{
	f->fd = f->wfile = f->wdir = -1;
}

#ifdef __linux__
void
follow_watch(struct follow *f, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (f->fd < 0 && (f->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0)
		return;
	if (f->wfile >= 0)
		inotify_rm_watch(f->fd, f->wfile);
	f->wfile = inotify_add_watch(f->fd, path,
	    IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF);
	if (f->wdir >= 0)
		return;
	if (slash == NULL)
		dir = xstrndup(".", 1);
	else if (slash == path)
		dir = xstrndup("/", 1);
	else
		dir = xstrndup(path, (size_t)(slash - path));
	f->wdir = inotify_add_watch(f->fd, dir, IN_CREATE | IN_MOVED_TO);
	free(dir);
}

void
follow_drain(struct follow *f)
{
	char events[4096];

	if (f->fd < 0)
		return;
	while (read(f->fd, events, sizeof(events)) > 0)
		;
}
#else
void
follow_watch(struct follow *f, const char *path)
{
	(void)f;
	(void)path;
}

void
follow_drain(struct follow *f)
{
	(void)f;
}
#endif

void
follow_free(struct follow *f)
{
	if (f->fd >= 0)
		close(f->fd);
	follow_init(f);
}
