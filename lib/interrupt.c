/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "interrupt.h"

static volatile sig_atomic_t pending, hangup, report;
static int wake[2] = { -1, -1 };

void
interrupt_open(void)
{
	int i;

	if (wake[0] >= 0 || pipe(wake) < 0)
		return;
	for (i = 0; i < 2; i++) {
		fcntl(wake[i], F_SETFL, fcntl(wake[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake[i], F_SETFD, FD_CLOEXEC);
	}
}

int
interrupt_fd(void)
{
	return wake[0];
}

void
interrupt_raise(int sig)
{
	int saved = errno;
	ssize_t n;

	pending = sig;
	/* a full pipe is readable already: nothing to add */
	n = wake[1] >= 0 ? write(wake[1], "", 1) : 0;
	(void)n;
	errno = saved;
}

int
interrupt_pending(void)
{
	return pending;
}

void
interrupt_clear(void)
{
	pending = 0;
}

void
hangup_raise(int sig)
{
	(void)sig;
	hangup = 1;
}

int
hangup_take(void)
{
	if (!hangup)
		return 0;
	hangup = 0;
	return 1;
}

void
report_raise(int sig)
{
	int saved = errno;
	ssize_t n;

	(void)sig;
	report = 1;
	n = wake[1] >= 0 ? write(wake[1], "", 1) : 0;
	(void)n;
	errno = saved;
}

int
report_take(void)
{
	char junk[64];
	ssize_t n;

	if (!report)
		return 0;
	report = 0;
	/*
	 * Empty the pipe, so that the next poll(2) waits again; an
	 * interrupt that came meanwhile must still end that wait.
	 */
	if (wake[0] >= 0)
		do
			n = read(wake[0], junk, sizeof(junk));
		while (n > 0);
	if (pending) {
		n = write(wake[1], "", 1);
		(void)n;
	}
	return 1;
}
