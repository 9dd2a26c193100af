/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef DIAG_H
#define DIAG_H

/*
 * The program name used in every message ("smap: ..."), set once by main
 * from argv[0].  Returns the base name, for main to store back into
 * argv[0] so that getopt's own messages use it too.
 */
char *diag_setprogname(char *argv0);
const char *diag_progname(void);

#endif
