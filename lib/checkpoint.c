/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "checkpoint.h"
#include "clock.h"
#include "diag.h"
#include "output.h"
#include "snapshot.h"
#include "stream.h"

/* The command line's options, in order: [[NAME, ARG or null], ...]. */
static json_t *options;

/* Bytes of a file's start whose hash tells it from another file. */
#define HEAD_BYTES 4096

/* Loop turns between two readings of the clock. */
#define TICKS_PER_CLOCK 64

/* Options that change where state goes or what is read, not the state. */
static int
checkpoint_ignored(const char *name)
{
	static const char *const ignored[] = { "--state", "--checkpoint",
		"--dead-letter", "--strict", "--max-line", "--late",
		"--follow", "--help", "--version",
		/* what is written, not what is held */
		"--top", "--sort", "--running", "--epoch", "--emit",
		"--compact-output", "--quiet", "--stats", NULL };
	size_t i;

	for (i = 0; ignored[i] != NULL; i++)
		if (strcmp(name, ignored[i]) == 0)
			return 1;
	/* scount's --every is how often it prints; swindow's is a hop */
	return strcmp(name, "--every") == 0 &&
	    strcmp(diag_progname(), "scount") == 0;
}

void
checkpoint_note_option(const char *name, const char *arg)
{
	if (checkpoint_ignored(name))
		return;
	if (options == NULL)
		options = json_array();
	json_array_append_new(options,
	    json_pack("[s,s?]", name, arg));
}

void
checkpoint_note_value(const char *name, const char *value)
{
	json_t *last;

	if (options == NULL || json_array_size(options) == 0)
		return;
	last = json_array_get(options, json_array_size(options) - 1);
	if (strcmp(json_string_value(json_array_get(last, 0)), name) == 0)
		json_array_append_new(last, json_string(value));
}

/* ---- the inputs ---- */

static size_t
file_count(const struct stream *s)
{
	return s->concurrent ? s->nin : s->in[0].nfiles;
}

/* The reader of file k and the file's index in it. */
static struct reader *
file_reader(struct stream *s, size_t k, size_t *idx)
{
	if (s->concurrent) {
		*idx = 0;
		return &s->in[k];
	}
	*idx = k;
	return &s->in[0];
}

static const char *
file_name(struct reader *r, size_t idx)
{
	return r->files[0] == NULL ? "-" : r->files[idx];
}

/*
 * The hash of file name's first len bytes, when it is still the file
 * (dev, ino) and has them.  fd is the reader's descriptor when it has
 * that file open.
 */
static int
head_of(const char *name, int fd, dev_t dev, ino_t ino, int64_t len,
    uint64_t *hash)
{
	struct stat st;
	int own = fd < 0, rc;

	if (own && (fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	rc = fstat(fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino &&
		S_ISREG(st.st_mode)
	    ? reader_head_hash(fd, len, hash)
	    : -1;
	if (own)
		close(fd);
	return rc;
}

static json_t *
input_json(struct stream *s, size_t k)
{
	struct reader_place *p;
	struct reader *r;
	uint64_t hash;
	size_t idx;
	int64_t len;
	char hex[17];
	json_t *in;

	r = file_reader(s, k, &idx);
	p = &r->places[idx];
	in = json_pack("{s:s}", "file", file_name(r, idx));
	if (p->stdin || !p->opened)
		return in;
	len = p->offset < HEAD_BYTES ? p->offset : HEAD_BYTES;
	if (head_of(file_name(r, idx), r->nextfile == idx + 1 ? r->fd : -1,
		p->dev, p->ino, len, &hash) < 0)
		return in; /* not the file any more: nothing to resume */
	snprintf(hex, sizeof(hex), "%016" PRIx64, hash);
	json_object_set_new(in, "dev", json_integer((json_int_t)p->dev));
	json_object_set_new(in, "ino", json_integer((json_int_t)p->ino));
	json_object_set_new(in, "offset", json_integer(p->offset));
	json_object_set_new(in, "line", json_integer((json_int_t)p->lineno));
	json_object_set_new(in, "head", json_string(hex));
	return in;
}

static json_t *
header_json(struct stream *s)
{
	json_t *h, *inputs = json_array();
	size_t k;

	for (k = 0; k < file_count(s); k++)
		json_array_append_new(inputs, input_json(s, k));
	h = json_pack("{s:s,s:o,s:o}", "tool", diag_progname(), "options",
	    options != NULL ? json_incref(options) : json_array(), "inputs",
	    inputs);
	return h;
}

/* ---- writing ---- */

void
checkpoint_write(struct stream *s, struct step *step, int last)
{
	struct checkpoint *ck = &s->ck;
	struct snap_writer w;
	json_t *h;

	ck->dirty = 0;
	ck->due = clock_monotonic() + ck->every;
	if (output_flush(&s->out) < 0)
		return;
	if (snap_create(&w, ck->path) < 0)
		goto failed;
	h = header_json(s);
	snap_value(&w, h);
	json_decref(h);
	if (step->save != NULL)
		step->save(step->ctx, &w);
	if (snap_commit(&w) < 0)
		goto failed;
	if (ck->failing)
		fprintf(stderr, "%s: --state %s: written again\n",
		    diag_progname(), ck->path);
	ck->failing = 0;
	return;
failed:
	if (last)
		fprintf(stderr,
		    "%s: --state %s: cannot write it: %s (the last snapshot "
		    "is kept)\n",
		    diag_progname(), ck->path, strerror(errno));
	else
		fprintf(stderr,
		    "%s: --state %s: cannot write it: %s (the last snapshot "
		    "is kept; trying again in %" PRId64 " ms)\n",
		    diag_progname(), ck->path, strerror(errno),
		    ck->every / 1000000);
	ck->failing = 1;
	ck->dirty = 1;
}

int
checkpoint_tick(struct stream *s, struct step *step, int wait)
{
	struct checkpoint *ck = &s->ck;
	int64_t left;

	if (s->opts.state == NULL)
		return wait;
	if (++ck->ticks >= TICKS_PER_CLOCK || wait != -1) {
		ck->ticks = 0;
		ck->now = clock_monotonic();
	}
	if (ck->now >= ck->due) {
		if (ck->dirty)
			checkpoint_write(s, step, 0);
		else
			ck->due = ck->now + ck->every;
	}
	if (!ck->dirty)
		return wait;
	left = (ck->due - ck->now + 999999) / 1000000;
	if (left < 1)
		left = 1;
	return wait < 0 || left < wait ? (int)left : wait;
}

void
checkpoint_waited(struct checkpoint *ck)
{
	ck->ticks = TICKS_PER_CLOCK;
}

/* ---- restoring ---- */

/* "--tumbling 1m -k .k": every option in a, for messages. */
static void
options_text(struct buf *b, const json_t *a, const char *name)
{
	const char *n, *arg;
	size_t i, k, count = 0;
	json_t *o;

	json_array_foreach (a, i, o) {
		n = json_string_value(json_array_get(o, 0));
		if (n == NULL || strcmp(n, name) != 0)
			continue;
		buf_printf(b, "%s%s", count++ ? " " : "", n);
		for (k = 1; (arg = json_string_value(json_array_get(o, k))) !=
		     NULL;
		     k++)
			buf_printf(b, " %s", arg);
	}
	if (count == 0)
		buf_printf(b, "no %s", name);
}

/* Says which options differ between the state's and this run's. */
static void
options_differ(const json_t *was, const json_t *now, struct buf *why)
{
	struct buf a = { 0 }, b = { 0 };
	const json_t *both[2] = { was, now };
	const char *name;
	size_t i, k, said = 0;
	json_t *o;

	for (k = 0; k < 2; k++)
		json_array_foreach (both[k], i, o) {
			name = json_string_value(json_array_get(o, 0));
			if (name == NULL)
				continue;
			buf_reset(&a);
			buf_reset(&b);
			options_text(&a, was, name);
			options_text(&b, now, name);
			if (strcmp(a.data, b.data) == 0 ||
			    (why->data && strstr(why->data, a.data)))
				continue;
			buf_printf(why, "%s%s in the state, %s now",
			    said++ ? "; " : "", a.data, b.data);
		}
	buf_free(&a);
	buf_free(&b);
}

/* Checks that the header is this command line's; -1 with why if not. */
static int
check_header(struct stream *s, const json_t *h, struct buf *why)
{
	const json_t *opts = json_object_get(h, "options");
	const json_t *inputs = json_object_get(h, "inputs");
	json_t *mine = options != NULL ? options : json_array();
	const char *tool = json_string_value(json_object_get(h, "tool"));
	struct reader *r;
	size_t k, idx;
	int rc = -1;

	if (tool == NULL || !json_is_array(opts) || !json_is_array(inputs)) {
		buf_printf(why, "%s: not a state file of stream tools",
		    s->opts.state);
		goto out;
	}
	if (strcmp(tool, diag_progname()) != 0) {
		buf_printf(why, "%s: the state of %s, not of %s", s->opts.state,
		    tool, diag_progname());
		goto out;
	}
	if (!json_equal(opts, mine)) {
		buf_printf(why, "%s: written by another command line: ",
		    s->opts.state);
		options_differ(opts, mine, why);
		goto out;
	}
	for (k = 0; k < json_array_size(inputs) || k < file_count(s); k++) {
		const char *was = json_string_value(
		    json_object_get(json_array_get(inputs, k), "file"));

		r = k < file_count(s) ? file_reader(s, k, &idx) : NULL;
		if (was == NULL || r == NULL ||
		    strcmp(was, file_name(r, idx)) != 0) {
			buf_printf(why,
			    "%s: written by another command line: input %zu "
			    "is %s in the state, %s now",
			    s->opts.state, k + 1, was ? was : "none",
			    r ? file_name(r, idx) : "none");
			goto out;
		}
	}
	rc = 0;
out:
	if (mine != options)
		json_decref(mine);
	return rc;
}

/*
 * The file (dev, ino) with the saved head, renamed away from name into
 * the same directory by a rotation while the tool was not running
 * (access.log -> access.log.1): appended to path, or 0 when none is.
 */
static int
find_rotated(const char *name, dev_t dev, ino_t ino, int64_t len,
    const char *head, struct buf *path)
{
	const char *slash = strrchr(name, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - name) + 1 : 0;
	struct dirent *d;
	struct stat st;
	uint64_t hash;
	char hex[17];
	DIR *dir;
	int found = 0;

	buf_add(path, name, dirlen);
	buf_addc(path, '\0');
	dir = opendir(dirlen > 0 ? path->data : ".");
	while (dir != NULL && !found && (d = readdir(dir)) != NULL) {
		path->len = dirlen;
		buf_adds(path, d->d_name);
		if (stat(path->data, &st) < 0 || st.st_dev != dev ||
		    st.st_ino != ino || !S_ISREG(st.st_mode) ||
		    head_of(path->data, -1, dev, ino, len, &hash) < 0)
			continue;
		snprintf(hex, sizeof(hex), "%016" PRIx64, hash);
		found = strcmp(hex, head) == 0;
	}
	if (dir != NULL)
		closedir(dir);
	return found;
}

/* Resumes file k where the state says, if it is still that file. */
static void
resume_input(struct stream *s, size_t k, const json_t *in)
{
	json_int_t dev, ino, offset, line;
	const char *head;
	uint64_t hash;
	struct reader *r = file_reader(s, k, &k);
	const char *name = file_name(r, k);
	struct buf path = { 0 };
	char hex[17];

	if (strcmp(name, "-") == 0) {
		fprintf(stderr,
		    "%s: --state: standard input cannot be resumed: the "
		    "state is restored, and input is read as it comes\n",
		    diag_progname());
		return;
	}
	if (json_unpack((json_t *)in, "{s:I,s:I,s:I,s:I,s:s}", "dev", &dev,
		"ino", &ino, "offset", &offset, "line", &line, "head",
		&head) < 0)
		return; /* it was not open yet: from its start */
	if (head_of(name, -1, (dev_t)dev, (ino_t)ino,
		offset < HEAD_BYTES ? offset : HEAD_BYTES, &hash) == 0) {
		snprintf(hex, sizeof(hex), "%016" PRIx64, hash);
		if (strcmp(hex, head) == 0 && offset >= 0 && line >= 0) {
			struct stat st;

			if (stat(name, &st) == 0 && st.st_size >= offset) {
				reader_resume(r, k, offset,
				    (unsigned long)line);
				return;
			}
			/* the same file, shorter: truncated */
			fprintf(stderr,
			    "%s: %s: truncated since the state was saved: "
			    "reading it from the start\n",
			    diag_progname(), name);
			return;
		}
	}
	if (find_rotated(name, (dev_t)dev, (ino_t)ino,
		offset < HEAD_BYTES ? offset : HEAD_BYTES, head, &path)) {
		fprintf(stderr,
		    "%s: %s: rotated since the state was saved: the rest of "
		    "%s first, then %s from its start\n",
		    diag_progname(), name, path.data, name);
		reader_resume_rotated(r, k, path.data, offset,
		    (unsigned long)line);
		buf_free(&path);
		return;
	}
	buf_free(&path);
	fprintf(stderr,
	    "%s: %s: not the file the state was saved with (replaced or "
	    "truncated since): reading it from the start\n",
	    diag_progname(), name);
}

/*
 * A run killed in the middle of a write(2) can leave standard output
 * ending in part of a line, after the last snapshot or before the
 * first: this run writes that line again, whole.  In a file, the
 * fragment goes.
 */
static void
cut_fragment(void)
{
	long n = output_cut_fragment(1);

	if (n > 0)
		fprintf(stderr,
		    "%s: standard output ended in a line cut short by a "
		    "crash: its %ld bytes are removed, and the line is "
		    "written again\n",
		    diag_progname(), n);
	else if (n < 0)
		fprintf(stderr,
		    "%s: standard output ends in a line cut short by a crash,"
		    " and it could not be removed: %s\n",
		    diag_progname(), strerror(errno));
}

/* A --state whose directory is missing is a mistake: say so at once. */
static int
can_write(const char *path, struct buf *why)
{
	struct snap_writer w;

	if (snap_create(&w, path) < 0) {
		buf_printf(why, "--state %s: cannot write it: %s", path,
		    strerror(errno));
		return -1;
	}
	snap_abort(&w);
	return 0;
}

int
checkpoint_restore(struct stream *s, struct step *step)
{
	struct checkpoint *ck = &s->ck;
	struct snap_reader r;
	struct buf why = { 0 };
	json_t *h = NULL;
	size_t k;
	int rc = 0;

	ck->path = s->opts.state;
	ck->every = s->opts.checkpoint;
	ck->now = clock_monotonic();
	ck->due = ck->now + ck->every;
	snap_clean(ck->path);
	if (can_write(ck->path, &why) < 0) {
		fprintf(stderr, "%s: %s\n", diag_progname(), why.data);
		buf_free(&why);
		return -1;
	}
	if ((rc = snap_open(&r, ck->path, &why)) == 0) {
		/* a run killed before its first snapshot writes no state */
		cut_fragment();
		for (k = 0; k < file_count(s); k++) {
			size_t idx;
			struct reader *rd = file_reader(s, k, &idx);

			if (strcmp(file_name(rd, idx), "-") == 0)
				fprintf(stderr,
				    "%s: --state: standard input cannot be "
				    "resumed after a restart: only files "
				    "can\n",
				    diag_progname());
		}
		return 0;
	}
	if (rc < 0)
		goto fail;
	if ((h = snap_next_value(&r, &why)) == NULL) {
		if (why.len == 0)
			buf_printf(&why, "%s: no header line", ck->path);
		goto fail;
	}
	if (check_header(s, h, &why) < 0)
		goto fail;
	for (k = 0; k < file_count(s); k++)
		resume_input(s, k, json_array_get(json_object_get(h, "inputs"), k));
	if (step->load != NULL && step->load(step->ctx, &r, &why) < 0)
		goto fail;
	cut_fragment();
	json_decref(h);
	snap_close(&r);
	return 0;
fail:
	fprintf(stderr, "%s: %s (the file is left as it is)\n",
	    diag_progname(), why.data);
	json_decref(h);
	if (rc > 0)
		snap_close(&r);
	buf_free(&why);
	return -1;
}
