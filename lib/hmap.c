/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "xalloc.h"

void
hmap_init(struct hmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
hmap_free(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->entries[i].key);
	free(m->entries);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* FNV-1a, finished with a 64-bit mixer so that low bits are usable. */
uint64_t
hmap_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t
find_slot(const struct hmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->nslots - 1, i = h & mask;
	const struct hmap_entry *e;

	while (m->slots[i] != 0) {
		e = &m->entries[m->slots[i] - 1];
		if (e->hash == h && e->len == len &&
		    memcmp(e->key, key, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

static void
grow(struct hmap *m)
{
	size_t i;

	free(m->slots);
	m->nslots = m->nslots ? 2 * m->nslots : 16;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	for (i = 0; i < m->n; i++) {
		struct hmap_entry *e = &m->entries[i];

		m->slots[find_slot(m, e->key, e->len, e->hash)] =
		    (uint32_t)(i + 1);
	}
}

void *
hmap_get(const struct hmap *m, const char *key, size_t len)
{
	size_t i;

	if (m->n == 0)
		return NULL;
	i = find_slot(m, key, len, hmap_hash(key, len));
	return m->slots[i] ? m->entries[m->slots[i] - 1].value : NULL;
}

struct hmap_entry *
hmap_put(struct hmap *m, const char *key, size_t len, int *created)
{
	uint64_t h = hmap_hash(key, len);
	struct hmap_entry *e;
	size_t i;

	if (2 * (m->n + 1) > m->nslots)
		grow(m);
	i = find_slot(m, key, len, h);
	*created = m->slots[i] == 0;
	if (!*created)
		return &m->entries[m->slots[i] - 1];
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->entries = xrealloc(m->entries, m->cap * sizeof(*m->entries));
	}
	e = &m->entries[m->n];
	e->key = xstrndup(key, len);
	e->len = len;
	e->hash = h;
	e->value = NULL;
	e->count = 0;
	m->slots[i] = (uint32_t)(++m->n);
	return e;
}

/* Re-homes the slots after slot i, emptied (linear probing deletion). */
static void
close_gap(struct hmap *m, size_t i)
{
	size_t mask = m->nslots - 1, j = i, home;

	for (;;) {
		j = (j + 1) & mask;
		if (m->slots[j] == 0)
			return;
		home = m->entries[m->slots[j] - 1].hash & mask;
		/* Move j back to i unless its home lies in (i, j]. */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && home <= i && home > j)) {
			m->slots[i] = m->slots[j];
			m->slots[j] = 0;
			i = j;
		}
	}
}

void *
hmap_remove(struct hmap *m, const char *key, size_t len)
{
	size_t i, idx, last;
	void *value;

	if (m->n == 0)
		return NULL;
	i = find_slot(m, key, len, hmap_hash(key, len));
	if (m->slots[i] == 0)
		return NULL;
	idx = m->slots[i] - 1;
	value = m->entries[idx].value;
	free(m->entries[idx].key);
	m->slots[i] = 0;
	close_gap(m, i);
	last = m->n - 1;
	if (idx != last) {
		struct hmap_entry *e = &m->entries[last];

		m->entries[idx] = *e;
		m->slots[find_slot(m, e->key, e->len, e->hash)] =
		    (uint32_t)(idx + 1);
	}
	m->n--;
	return value;
}
