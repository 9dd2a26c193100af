#ifndef WINDOW_H
#define WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "buf.h"
#include "evtime.h"
#include "hmap.h"
#include "key.h"
#include "stream.h"

/*
 * swindow: aggregates per key over event-time windows.
 *
 * Windows are half-open, [start, end).  Tumbling and sliding windows are
 * aligned to align: their starts are align + k * hop.  A session window
 * is [first event, last event + gap) and grows, or merges with its
 * neighbours, when an event falls within gap of it.
 *
 * The watermark says how far event time has certainly progressed:
 *   watermark = (largest event time seen - wait)
 *             + (monotonic time elapsed since that event arrived)
 * so a replayed file is driven by its data alone, while on a live stream
 * that goes quiet the watermark keeps moving and windows still close.
 * Without -t, event time is the system clock at arrival and the
 * watermark is the system clock minus wait.
 *
 * A window is emitted, and its memory freed, once the watermark reaches
 * its end; windows close in order of end, then key.  An event whose
 * windows have all closed is late: it goes to the --late file, or is
 * counted and reported on standard error at exit.  State is the open
 * windows only: memory is bounded by keys x open windows.
 */
enum window_kind { WINDOW_TUMBLING, WINDOW_SLIDING, WINDOW_SESSION };

struct window;

struct windower {
	/* options */
	enum window_kind kind;
	int64_t len; /* tumbling and sliding */
	int64_t hop; /* sliding; equals len for tumbling */
	int64_t gap; /* session */
	int64_t align;
	int64_t wait;
	int emit_update;
	struct agg_spec *aggs;
	size_t naggs;
	struct keyspec key;
	struct evtime time;
	const char *late_path;
	/* state */
	struct hmap groups;   /* key text -> struct group */
	struct window **heap; /* open windows by (end, key) */
	size_t nheap, capheap;
	int64_t max_event;
	int64_t max_seen_at; /* monotonic ns when max_event arrived */
	int have_event;
	int late_fd;
	unsigned long late_count;
	struct buf keytext, row;
	json_t **values; /* per aggregate, for the current record */
};

void windower_init(struct windower *w);
/*
 * Checks the options once they are all set (hop against length, unique
 * aggregate names) and fills in defaults (the count aggregate, the hop
 * of a tumbling window).  Returns -1 with the reason in why.
 */
int windower_check(struct windower *w, struct buf *why);
/* Opens --late; returns -1 with errno set on failure. */
int windower_open(struct windower *w);
struct step windower_step(struct windower *w);
void windower_free(struct windower *w);

#endif
