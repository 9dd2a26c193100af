#ifndef DIAG_H
#define DIAG_H

/*
 * The program name used in every message ("smap: ..."), set once by main.
 */
void diag_setprogname(const char *argv0);
const char *diag_progname(void);

#endif
