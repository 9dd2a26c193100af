/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdint.h>
#include <string.h>

#include "jtext.h"
#include "stats.h"

void
stats_init(struct stats *st)
{
	memset(st, 0, sizeof(*st));
	st->late = st->keys = st->windows = st->state_bytes = STATS_NONE;
}

void
stats_free(struct stats *st)
{
	buf_free(&st->watermark);
}

static void
field(struct buf *out, const char *name, long long v)
{
	if (v == STATS_NONE)
		buf_printf(out, ",\"%s\":null", name);
	else
		buf_printf(out, ",\"%s\":%lld", name, v);
}

void
stats_format(const struct stats *st, const char *tool, struct buf *out)
{
	buf_adds(out, "{\"tool\":");
	jtext_dump_string(out, tool, strlen(tool));
	buf_printf(out,
	    ",\"records_in\":%llu,\"records_out\":%llu"
	    ",\"rejected\":%llu",
	    st->records_in, st->records_out, st->rejected);
	field(out, "late", st->late);
	field(out, "keys", st->keys);
	field(out, "windows", st->windows);
	buf_adds(out, ",\"watermark\":");
	if (st->watermark.len > 0)
		buf_add(out, st->watermark.data, st->watermark.len);
	else
		buf_adds(out, "null");
	field(out, "state_bytes", st->state_bytes);
	buf_printf(out, ",\"bytes_in\":%llu,\"wall_s\":%lld.%03lld}\n",
	    st->bytes_in, (long long)(st->wall_ns / 1000000000),
	    (long long)(st->wall_ns % 1000000000 / 1000000));
}

unsigned long long
stats_count_lines(const char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	const uint64_t nl = ones * '\n';
	unsigned long long k = 0;
	uint64_t x, y, acc;
	size_t i = 0, j;

	/*
	 * A byte of x ^ nl is zero where p has a newline; each byte of acc
	 * adds up the newlines of its lane, for at most 127 rounds of two
	 * words before the lanes are summed.
	 */
	while (i + 16 <= n) {
		acc = 0;
		for (j = 0; j < 127 && i + 16 <= n; j++, i += 16) {
			memcpy(&x, p + i, 8);
			memcpy(&y, p + i + 8, 8);
			x ^= nl;
			y ^= nl;
			x = (((x & ~high) + ~high) | x) & high;
			y = (((y & ~high) + ~high) | y) & high;
			acc += ((x ^ high) >> 7) + ((y ^ high) >> 7);
		}
		acc = (acc & 0x00ff00ff00ff00ffULL) +
		    ((acc >> 8) & 0x00ff00ff00ff00ffULL);
		k += (acc * 0x0001000100010001ULL) >> 48;
	}
	for (; i < n; i++)
		k += p[i] == '\n';
	return k;
}
