/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef INTERRUPT_H
#define INTERRUPT_H

/*
 * SIGINT and SIGTERM, as one flag that any part of a tool can look at.
 * The stream loop's handler sets it; the loop stops reading, and a long
 * expression evaluation checks it now and then and gives up, so that a
 * signal is acted on within milliseconds whatever the record is doing.
 */

/* Async-signal-safe: records that sig arrived. */
void interrupt_raise(int sig);

/*
 * A descriptor that becomes readable once SIGINT or SIGTERM has arrived
 * (a pipe the handler writes to), for every poll(2) that waits for input
 * to include: a signal that comes between the last look at the flag and
 * the poll still ends the wait.  -1 before interrupt_open.
 */
void interrupt_open(void);
int interrupt_fd(void);

/* The signal that arrived (SIGINT or SIGTERM), or 0. */
int interrupt_pending(void);

/* Forgets it: for harnesses and tests that evaluate many times. */
void interrupt_clear(void);

/*
 * SIGHUP, for a step that asks for it (sjoin --lookup re-reads its
 * table): the handler calls hangup_raise, and the loop takes it.
 */
void hangup_raise(int sig);

/* Returns 1 once for each time SIGHUP arrived (in a row: once). */
int hangup_take(void);

/*
 * SIGUSR1 (--stats at any moment): the handler calls report_raise,
 * which also makes interrupt_fd readable so that a wait for input ends,
 * and the loop writes the line.  report_take returns 1 once for each
 * time it arrived (in a row: once), and empties the pipe again.
 */
void report_raise(int sig);
int report_take(void);

#endif
