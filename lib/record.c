/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <string.h>

#include "jtext.h"
#include "jq/lazy.h"
#include "record.h"
#include "utf8.h"

void
record_init(struct record *r, const char *text, size_t len, int raw)
{
	r->text = text;
	r->len = len;
	r->raw = raw;
	r->value = NULL;
	r->replaced = 0;
	r->scanned = 0;
	r->source = 0;
	r->scan_state = 0;
}

int
record_is_blank(const struct record *r)
{
	size_t i;

	if (r->raw)
		return 0;
	for (i = 0; i < r->len; i++)
		if (r->text[i] == '\0' || strchr(" \t\r\f\v", r->text[i]) == NULL)
			return 0;
	return 1;
}

static json_t *
raw_string(const char *text, size_t len)
{
	struct buf clean = { 0 };
	json_t *v;

	if (utf8_valid(text, len))
		return json_stringn_nocheck(text, len);
	utf8_sanitize(&clean, text, len);
	v = json_stringn_nocheck(clean.data, clean.len);
	buf_free(&clean);
	return v;
}

json_t *
record_value(struct record *r, struct buf *why)
{
	struct jtext_error err;

	if (r->value != NULL)
		return r->value;
	if (r->raw) {
		r->value = raw_string(r->text, r->len);
		return r->value;
	}
	r->value = jtext_parse_lossy(r->text, r->len, &err, &r->replaced);
	if (r->value == NULL)
		buf_printf(why, "invalid JSON at column %zu: %s",
		    err.offset + 1, err.text);
	return r->value;
}

int
record_text_ok(struct record *r)
{
	struct buf why = { 0 };
	json_t *v;

	if (r->raw)
		return 0;
	if (r->scanned)
		return 1;
	v = record_value(r, &why);
	buf_free(&why);
	return v != NULL && !r->replaced;
}

const struct jscan_record *
record_scan(struct record *r)
{
	if (r->scan_state == 0) {
		r->scan_state = -1;
		if (!r->raw && !lazy_disabled() &&
		    jscan_record(r->text, r->len, &r->scan))
			r->scan_state = r->scanned = 1;
	}
	return r->scan_state > 0 ? &r->scan : NULL;
}

void
record_clear(struct record *r)
{
	json_decref(r->value);
	r->value = NULL;
}
