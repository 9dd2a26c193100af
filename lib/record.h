/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "jscan.h"

/*
 * One input record: the bytes of its line, and its JSON value decoded
 * only when something asks for it.  A tool that passes a record through
 * unchanged writes text, byte for byte, and never pays for decoding it
 * unless an expression looked inside.  With raw set (-R) the line is a
 * JSON string record and text is not JSON.
 */
struct record {
	const char *text; /* borrowed: valid until the next line is read */
	size_t len;
	int raw;
	json_t *value; /* owned; NULL until record_value */
	int replaced;  /* decoding replaced bad UTF-8: text must not go out */
	int scanned;   /* jscan_valid took it: text goes out as it is */
	size_t source; /* the input it came from (stream_run_concurrent) */
	int scan_state;		 /* record_scan: 0 not yet, 1 valid, -1 not */
	struct jscan_record scan; /* its text indexed, when scan_state is 1 */
};

void record_init(struct record *r, const char *text, size_t len, int raw);

/*
 * Returns 1 when a JSON line is empty or only JSON white space (and CR,
 * FF, VT, as jq); a NUL byte is not white space.
 */
int record_is_blank(const struct record *r);

/*
 * Returns 1 when the record may be written as its bytes: it is valid
 * JSON that decoding did not have to repair.  Decodes it if needed.
 */
int record_text_ok(struct record *r);

/*
 * The decoded value, borrowed (the record keeps its reference).  Returns
 * NULL when the line is not valid JSON, with the reason in why.
 */
json_t *record_value(struct record *r, struct buf *why);

/*
 * The record's text checked and its top-level members indexed, for the
 * lazy path (lazy.h), or NULL: a raw record, text jscan does not take as
 * it is (the full decoder then says why, or repairs it), or the lazy
 * path turned off (STREAM_TOOLS_FULL_DECODE=1).  A record that scans
 * goes out as its text.
 */
const struct jscan_record *record_scan(struct record *r);

/* Drops the decoded value. */
void record_clear(struct record *r);

#endif
