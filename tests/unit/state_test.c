/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * Unit tests for the pieces of keyed state: durations (lib/duration.c)
 * and the hash map (lib/hmap.c), whose removal is checked against a
 * plain array over many random operations.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "hmap.h"

static int passed, failed;

static void
check(int ok, const char *what)
{
	if (ok)
		passed++;
	else {
		failed++;
		printf("FAIL: %s\n", what);
	}
}

static void
duration(const char *text, int64_t want)
{
	int64_t got = -1;
	char what[100];

	snprintf(what, sizeof(what), "duration %s", text);
	check(duration_parse(text, &got) == 0 && got == want, what);
}

static void
bad_duration(const char *text)
{
	int64_t got;
	char what[100];

	snprintf(what, sizeof(what), "duration %s is refused", text);
	check(duration_parse(text, &got) < 0, what);
}

static void
test_durations(void)
{
	duration("250ms", 250000000LL);
	duration("5s", 5000000000LL);
	duration("1m", 60000000000LL);
	duration("1h30m", 5400000000000LL);
	duration("1d", 86400000000000LL);
	duration("1.5s", 1500000000LL);
	duration("10us", 10000LL);
	duration("7ns", 7LL);
	duration("0s", 0);
	bad_duration("");
	bad_duration("5");
	bad_duration("s");
	bad_duration("5x");
	bad_duration("-1s");
	bad_duration("5 s");
	bad_duration("1mss");
	bad_duration("200000d");
}

/* The map against an array of the keys that should be present. */
static void
test_hmap_random(void)
{
	enum { KEYS = 500, OPS = 200000 };
	static int present[KEYS];
	struct hmap m;
	char key[16];
	unsigned seed = 12345;
	int i, k, created, ok = 1;
	size_t n = 0;

	hmap_init(&m);
	for (i = 0; i < OPS && ok; i++) {
		seed = seed * 1103515245 + 12345;
		k = (int)((seed >> 8) % KEYS);
		snprintf(key, sizeof(key), "k%d", k);
		if ((seed >> 4) % 3 != 0) {
			struct hmap_entry *e =
			    hmap_put(&m, key, strlen(key), &created);

			ok &= created == !present[k];
			if (created) {
				e->value = &present[k];
				n++;
			}
			present[k] = 1;
		} else {
			void *v = hmap_remove(&m, key, strlen(key));

			ok &= (v != NULL) == present[k];
			if (v != NULL)
				n--;
			present[k] = 0;
		}
		ok &= m.n == n;
	}
	check(ok, "random puts and removes agree with a plain array");
	for (k = 0; k < KEYS; k++) {
		snprintf(key, sizeof(key), "k%d", k);
		ok &= (hmap_get(&m, key, strlen(key)) != NULL) == present[k];
	}
	check(ok, "every key is found exactly when present");
	hmap_free(&m);
}

static void
test_hmap_order_and_binary_keys(void)
{
	struct hmap m;
	int created;

	hmap_init(&m);
	hmap_put(&m, "b", 1, &created);
	hmap_put(&m, "a", 1, &created);
	hmap_put(&m, "a\0x", 3, &created)->value = &m;
	check(m.n == 3 && memcmp(m.entries[0].key, "b", 1) == 0 &&
		memcmp(m.entries[1].key, "a", 1) == 0,
	    "entries stay in insertion order");
	check(created && hmap_get(&m, "a\0x", 3) == &m &&
		hmap_get(&m, "a", 1) == NULL && m.entries[2].len == 3,
	    "keys are bytes: a NUL inside is part of the key");
	hmap_put(&m, "b", 1, &created);
	check(!created && m.n == 3, "a second put finds the entry");
	hmap_free(&m);
}

int
main(void)
{
	test_durations();
	test_hmap_random();
	test_hmap_order_and_binary_keys();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
