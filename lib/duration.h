/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef DURATION_H
#define DURATION_H

#include <stdint.h>

/*
 * Durations as users write them: a sequence of numbers with units, e.g.
 * 250ms, 5s, 1m, 1h30m, 1d, 1.5s.  Units: ns, us, ms, s, m, h, d.
 * Exact, in integer arithmetic from the digits: a fraction below the
 * nanosecond is dropped.  Returns 0 and sets *ns, or -1 when text is not
 * a duration or leaves int64_t.  Zero is allowed; callers that need a
 * positive duration check.
 */
int duration_parse(const char *text, int64_t *ns);

#endif
