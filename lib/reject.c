/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "reject.h"
#include "xalloc.h"

/* A kind longer than this is cut: it names a kind, it is not the message. */
#define KIND_MAX 200

int
reject_init(struct reject *rj, const char *dead_letter, int strict)
{
	memset(rj, 0, sizeof(*rj));
	rj->fd = -1;
	rj->strict = strict;
	rj->path = dead_letter;
	if (dead_letter == NULL)
		return 0;
	rj->fd = output_open_append(dead_letter);
	return rj->fd < 0 ? -1 : 0;
}

static void
write_all(struct reject *rj, const char *p, size_t n)
{
	if (rj->fd < 0 || rj->write_error != 0)
		return;
	if (output_write_fd(rj->fd, p, n) < 0) {
		rj->write_error = errno;
		fprintf(stderr, "%s: %s: %s\n", diag_progname(), rj->path,
		    strerror(errno));
	}
}

void
reject_spill(struct reject *rj, const char *p, size_t n)
{
	write_all(rj, p, n);
}

/* The end of the string that opens at s (a quote), or NULL. */
static const char *
string_end(const char *s)
{
	char q = *s++;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == q)
			return s + 1;
	}
	return NULL;
}

/*
 * The end of the parenthesised group that opens at s, or NULL.
 * value_describe's "(" 11 bytes "...)" is taken whole first: what it
 * cut may leave a string open.
 */
static const char *
group_end(const char *s)
{
	const char *e;
	int depth = 0;

	if (strnlen(s, 16) == 16 && memcmp(s + 12, "...)", 4) == 0)
		return s + 16;
	for (; *s != '\0'; s++) {
		if (*s == '"') {
			if ((e = string_end(s)) == NULL)
				return NULL;
			s = e - 1;
		} else if (*s == '(')
			depth++;
		else if (*s == ')' && --depth == 0)
			return s + 1;
	}
	return NULL;
}

/* A 'c'haracter: up to 4 bytes (one UTF-8 character) or an escape. */
static const char *
char_end(const char *s)
{
	const char *e = memchr(s + 1, '\'', strnlen(s + 1, 7));

	if (e == s + 1 && s[2] == '\'')
		return s + 3; /* the quote character itself */
	return e != NULL && e > s + 1 ? e + 1 : NULL;
}

static const char *
column_end(const char *s)
{
	static const char at[] = " at column ";

	if (strncmp(s, at, sizeof(at) - 1) != 0)
		return NULL;
	s += sizeof(at) - 1;
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* Drops a space before punctuation and at the end, and double spaces. */
static void
tidy(struct buf *out, size_t from)
{
	size_t i, j = from;
	char c;

	if (out->data == NULL)
		return; /* nothing kept */
	for (i = from; i < out->len; i++) {
		c = out->data[i];
		if (c == ' ' &&
		    (i + 1 == out->len ||
			strchr(" :;,)", out->data[i + 1]) != NULL))
			continue;
		out->data[j++] = c;
	}
	out->len = j;
	out->data[j] = '\0';
}

void
reject_kind(const char *reason, struct buf *out)
{
	static const char json[] = "invalid JSON at column ";
	const char *s = reason, *e;
	size_t from = out->len;

	/* what the decoder met varies with the line; the kind does not */
	if (strncmp(reason, json, sizeof(json) - 1) == 0) {
		buf_adds(out, "invalid JSON");
		return;
	}
	while (*s != '\0') {
		/* advice after "; " is the same for all of a kind */
		if (*s == ';' && s[1] == ' ')
			break;
		e = NULL;
		if (*s == ' ' && s[1] == '(')
			e = group_end(s + 1);
		else if (*s == '"')
			e = string_end(s);
		else if (*s == '\'' && (s == reason || s[-1] == ' '))
			e = char_end(s);
		else if (*s == ' ')
			e = column_end(s);
		if (e != NULL) {
			s = e;
			continue;
		}
		buf_addc(out, *s++);
	}
	tidy(out, from);
	if (out->len == from)
		buf_adds(out, reason);
	if (out->len - from > KIND_MAX) {
		out->len = from + KIND_MAX;
		buf_adds(out, "...");
	}
}

/* The kind of reason, found or added; the last one when they are full. */
static struct reject_kind *
kind_of(struct reject *rj, const char *reason)
{
	struct reject_kind *k;
	size_t i;

	buf_reset(&rj->kind);
	reject_kind(reason, &rj->kind);
	for (i = 0; i < rj->nkinds; i++) {
		k = &rj->kinds[i];
		if (k->text == NULL || strcmp(k->text, rj->kind.data) == 0)
			return k;
	}
	if (rj->kinds == NULL)
		rj->kinds = xcalloc(REJECT_KINDS + 1, sizeof(*rj->kinds));
	k = &rj->kinds[rj->nkinds++];
	/* the last slot takes every kind after the others are taken */
	if (rj->nkinds <= REJECT_KINDS)
		k->text = xstrndup(rj->kind.data, rj->kind.len);
	return k;
}

int
reject_line(struct reject *rj, const char *file, unsigned long lineno,
    const char *text, size_t len, const char *reason)
{
	struct reject_kind *k = kind_of(rj, reason);

	if (rj->count++ == 0) {
		rj->first_file = xstrndup(file, strlen(file));
		rj->first_line = lineno;
	}
	k->count++;
	/* the line that stops the tool is always told */
	if ((!rj->quiet && k->count <= REJECT_SHOWN) || rj->strict)
		fprintf(stderr, "%s: %s:%lu: %s\n", diag_progname(), file,
		    lineno, reason);
	else if (!rj->quiet && k->count == REJECT_SHOWN + 1)
		fprintf(stderr,
		    "%s: more lines rejected for %s%s%s are counted, not "
		    "shown\n",
		    diag_progname(), k->text != NULL ? "\"" : "",
		    k->text != NULL ? k->text : "other reasons",
		    k->text != NULL ? "\"" : "");
	if (text != NULL)
		write_all(rj, text, len);
	write_all(rj, "\n", 1);
	/* a rejected line that cannot be kept must not be followed by more */
	return rj->strict || rj->write_error != 0;
}

static int
by_count(const void *a, const void *b)
{
	const struct reject_kind *x = *(struct reject_kind *const *)a;
	const struct reject_kind *y = *(struct reject_kind *const *)b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x < y ? -1 : x > y; /* then the first seen */
}

void
reject_summary(const struct reject *rj, unsigned long long total,
    struct buf *out)
{
	struct reject_kind **order;
	unsigned long rest = 0;
	size_t i, n = 0;

	if (rj->count == 0)
		return;
	order = xcalloc(rj->nkinds, sizeof(*order));
	for (i = 0; i < rj->nkinds; i++)
		if (rj->kinds[i].text != NULL)
			order[n++] = &rj->kinds[i];
		else
			rest += rj->kinds[i].count;
	qsort(order, n, sizeof(*order), by_count);
	buf_printf(out, "%lu of %llu line%s rejected (", rj->count, total,
	    total == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (i >= REJECT_LISTED) {
			rest += order[i]->count;
			continue;
		}
		buf_printf(out, "%s%lu %s", i > 0 ? "; " : "", order[i]->count,
		    order[i]->text);
	}
	if (rest > 0)
		buf_printf(out, "%s%lu other", n > 0 ? "; " : "", rest);
	buf_printf(out, "); first at %s:%lu", rj->first_file, rj->first_line);
	free(order);
}

void
reject_close(struct reject *rj)
{
	size_t i;

	if (rj->fd >= 0)
		close(rj->fd);
	rj->fd = -1;
	for (i = 0; i < rj->nkinds; i++)
		free(rj->kinds[i].text);
	free(rj->kinds);
	rj->kinds = NULL;
	rj->nkinds = 0;
	free(rj->first_file);
	rj->first_file = NULL;
	buf_free(&rj->kind);
}
