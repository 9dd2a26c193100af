#include <signal.h>

#include "interrupt.h"

static volatile sig_atomic_t pending;

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
