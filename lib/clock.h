/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* Nanoseconds on the monotonic clock, for intervals and timers. */
int64_t clock_monotonic(void);

/* Nanoseconds since the epoch on the system clock, for timestamps. */
int64_t clock_realtime(void);

/* Milliseconds from now until deadline (monotonic ns), rounded up, >= 0. */
long clock_ms_until(int64_t deadline);

#endif
