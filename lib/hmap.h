/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef HMAP_H
#define HMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * A hash map from byte strings to pointers, for keyed state (counts per
 * key, windows per key, join state).  Entries are kept densely in
 * insertion order, so iteration is in first-seen order until a removal
 * (which moves the last entry into the hole).  Keys are copied; values
 * are the caller's.
 */
struct hmap_entry {
	char *key;
	size_t len;
	uint64_t hash;
	void *value;	/* the caller's */
	uint64_t count; /* the caller's, for maps of counters */
};

struct hmap {
	struct hmap_entry *entries;
	size_t n, cap;
	uint32_t *slots; /* entry index + 1, 0 when empty */
	size_t nslots;	 /* a power of two */
};

void hmap_init(struct hmap *m);
void hmap_free(struct hmap *m); /* frees keys, not values */

/* The value for key, or NULL. */
void *hmap_get(const struct hmap *m, const char *key, size_t len);

/*
 * The entry for key, created (value NULL) when absent; *created says
 * which.  The pointer is valid until the next put or remove.
 */
struct hmap_entry *hmap_put(struct hmap *m, const char *key, size_t len,
    int *created);

/* Removes key; returns its value (for the caller to free) or NULL. */
void *hmap_remove(struct hmap *m, const char *key, size_t len);

uint64_t hmap_hash(const char *key, size_t len);

#endif
