/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef STATUS_H
#define STATUS_H

/*
 * The exit status of every stream tool (stream-tools(7), EXIT STATUS).
 */
enum {
	EXIT_OK = 0,	   /* every record processed */
	EXIT_REJECTED = 1, /* some records were rejected, the rest processed */
	EXIT_FATAL = 2 /* usage error, bad expression, I/O error, --strict */
};

#endif
