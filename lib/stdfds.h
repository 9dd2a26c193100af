/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef STDFDS_H
#define STDFDS_H

/*
 * The standard descriptors.  A tool started with 0, 1 or 2 closed
 * (`<&-`, `>&-`, `2>&-`) would hand that number to the next file it
 * opens, and then write records into its --dead-letter file or
 * messages into its --late file.  stdfds_init, run first, puts
 * /dev/null on every closed one and remembers which were closed, so
 * that reading a closed stdin or writing a closed stdout can still be
 * reported as the error it is.
 */
void stdfds_init(void);

/* Returns 1 when descriptor fd (0, 1 or 2) was closed at start. */
int stdfds_was_closed(int fd);

#endif
