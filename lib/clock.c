/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <time.h>

#include "clock.h"

static int64_t
read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
clock_monotonic(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

int64_t
clock_realtime(void)
{
	return read_clock(CLOCK_REALTIME);
}

long
clock_ms_until(int64_t deadline)
{
	int64_t left = deadline - clock_monotonic();

	if (left <= 0)
		return 0;
	return (long)((left + 999999) / 1000000);
}
