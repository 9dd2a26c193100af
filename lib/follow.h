/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef FOLLOW_H
#define FOLLOW_H

/*
 * Change notification for -F, --follow: a descriptor that becomes
 * readable when a followed file grows or changes, or when a file is
 * created or renamed into its directory (rotation, a file that does not
 * exist yet).  inotify(7) on Linux; elsewhere there is no descriptor
 * and the reader polls every FOLLOW_POLL_MS.  Even with inotify, a
 * waiting reader looks again at least that often, for what inotify
 * cannot see (network file systems, a directory renamed).
 */
#define FOLLOW_POLL_MS 250

struct follow {
	int fd;	  /* readable on a change, or -1 */
	int wfile; /* watch on the file, or -1 */
	int wdir;  /* watch on its directory, or -1 */
};

void follow_init(struct follow *f);

/*
 * Watches path (which may not exist yet) and its directory; again after
 * a rotation, for the new file.  Failure only costs latency: the reader
 * polls.
 */
void follow_watch(struct follow *f, const char *path);

/* Reads away the pending notifications. */
void follow_drain(struct follow *f);

void follow_free(struct follow *f);

#endif
