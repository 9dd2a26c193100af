#include <signal.h>

#include "interrupt.h"

static volatile sig_atomic_t pending, hangup;

void
interrupt_raise(int sig)
{
	pending = sig;
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
