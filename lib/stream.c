/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "diag.h"
#include "duration.h"
#include "jq/expr.h"
#include "interrupt.h"
#include "jtext.h"
#include "snapshot.h"
#include "status.h"
#include "stdfds.h"
#include "stream.h"
#include "xalloc.h"

#define STREAM_TOOLS_VERSION "0.1.0"

void
stream_opts_init(struct stream_opts *o)
{
	stdfds_init();
	memset(o, 0, sizeof(*o));
	o->max_line = READER_DEFAULT_MAX_LINE;
	o->checkpoint = CHECKPOINT_DEFAULT;
}

int
stream_getopt(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts)
{
	char shortname[3] = { '-', 0, 0 };
	const char *name = shortname;
	struct buf b = { 0 };
	int ch, i, index = -1;

	ch = getopt_long(argc, argv, shortopts, longopts, &index);
	/* jq takes '-.a' as a program; here it is options, so say how */
	if (ch == '?' && optopt != 0 && !isalpha((unsigned char)optopt))
		fprintf(stderr, "%s: an expression that starts with - goes"
				" after --, as in: %s -- '-.a'\n",
		    diag_progname(), diag_progname());
	if (ch == -1 || ch == '?' || ch == ':')
		return ch;
	if (index < 0)
		for (i = 0; longopts[i].name != NULL; i++)
			if (longopts[i].val == ch) {
				index = i;
				break;
			}
	if (index >= 0) {
		buf_printf(&b, "--%s", longopts[index].name);
		name = b.data;
	} else
		shortname[1] = (char)ch;
	checkpoint_note_option(name, optarg);
	buf_free(&b);
	return ch;
}

int
stream_inputs_live(const struct stream_opts *o, char **files)
{
	return o->follow || reader_files_live(files);
}

/* Parses "4096", "64k", "16M", "1G" (powers of 1024). */
static int
parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long n;
	int shift = 0;

	errno = 0;
	n = strtoull(arg, &end, 10);
	if (end == arg || errno != 0 || *arg == '-')
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end != '\0' || n == 0 || n > (SIZE_MAX >> 1 >> shift))
		return -1;
	*out = (size_t)n << shift;
	return 0;
}

int
stream_option(struct stream_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 'R': o->raw = 1; return 1;
	case 'q': o->quiet = 1; return 1;
	case OPT_STATS: o->stats = 1; return 1;
	case 'F': o->follow = 1; return 1;
	case OPT_STATE: o->state = arg; return 1;
	case OPT_CHECKPOINT:
		if (duration_parse(arg, &o->checkpoint) < 0 ||
		    o->checkpoint < 10000000) {
			fprintf(stderr,
			    "%s: --checkpoint: a duration of 10ms or more: %s\n",
			    diag_progname(), arg);
			return -1;
		}
		return 1;
	case OPT_DEAD_LETTER: o->dead_letter = arg; return 1;
	case OPT_STRICT: o->strict = 1; return 1;
	case OPT_MAX_LINE:
		if (parse_size(arg, &o->max_line) < 0) {
			fprintf(stderr, "%s: --max-line: bad size: %s\n",
			    diag_progname(), arg);
			return -1;
		}
		return 1;
	case OPT_VERSION: stream_version(); exit(EXIT_OK);
	}
	return 0;
}

void
stream_version(void)
{
	printf("%s (stream tools) %s\n", diag_progname(), STREAM_TOOLS_VERSION);
}

void
stream_write_record(struct stream *s, struct record *rec)
{
	struct buf why = { 0 };
	json_t *v;

	/*
	 * A line goes out whole in one write(2): a crash never leaves half
	 * a line for the run that resumes after it (checkpoint.h).
	 */
	if (record_text_ok(rec) && rec->len + 1 < OUTPUT_BLOCK) {
		if (s->out.len + rec->len + 1 > OUTPUT_BLOCK)
			output_flush(&s->out);
		output_write(&s->out, rec->text, rec->len);
		output_putc(&s->out, '\n');
		return;
	}
	if (record_text_ok(rec)) {
		buf_reset(&s->scratch);
		buf_add(&s->scratch, rec->text, rec->len);
		buf_addc(&s->scratch, '\n');
		output_write(&s->out, s->scratch.data, s->scratch.len);
		return;
	}
	/* raw, or repaired: its bytes are not the JSON that it is */
	if ((v = record_value(rec, &why)) != NULL)
		stream_write_value(s, v);
	buf_free(&why);
}

void
stream_write_value(struct stream *s, const json_t *v)
{
	buf_reset(&s->scratch);
	jtext_dump(&s->scratch, v);
	buf_addc(&s->scratch, '\n');
	output_write(&s->out, s->scratch.data, s->scratch.len);
}

int
stream_write_side(struct stream *s, int fd, const char *path,
    struct record *rec)
{
	struct buf why = { 0 };
	json_t *v;

	buf_reset(&s->scratch);
	if (record_text_ok(rec))
		buf_add(&s->scratch, rec->text, rec->len);
	else if ((v = record_value(rec, &why)) != NULL)
		jtext_dump(&s->scratch, v);
	buf_free(&why);
	buf_addc(&s->scratch, '\n');
	if (output_write_fd(fd, s->scratch.data, s->scratch.len) == 0)
		return 0;
	fprintf(stderr, "%s: %s: %s\n", diag_progname(), path, strerror(errno));
	stream_halt(s);
	return -1;
}

int
stream_exit(int status)
{
	int sig = interrupt_pending();
	sigset_t set;

	if (sig == 0)
		return status;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	return status; /* not reached */
}

void
stream_halt(struct stream *s)
{
	s->halted = 1;
}

void
stream_stop(struct stream *s, int status)
{
	s->stop_asked = 1;
	s->stop_status = status;
}

static void
flush_before_wait(void *ctx)
{
	struct stream *s = ctx;

	output_flush(&s->out);
}

static void
spill_overlong(void *ctx, const char *p, size_t n)
{
	struct stream *s = ctx;

	reject_spill(&s->rej, p, n);
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * The first record of a file was rejected: when it looks like JSON
 * written for people (pretty-printed, or one array of records), says
 * how to make it NDJSON.
 */
static void
hint_layout(const struct line *line, struct buf *why)
{
	const char *end = line->data + line->len;
	const char *p = skip_space(line->data, end);

	if (p == end || (*p != '{' && *p != '['))
		return;
	if (strncmp(why->data, "invalid JSON", 12) == 0)
		buf_adds(why, *p == '{'
			? " (pretty-printed JSON? one JSON value per line:"
			  " pipe it through jq -c .)"
			: " (a JSON array, or pretty-printed JSON? one JSON"
			  " value per line: pipe it through jq -c '.[]')");
	else if (*p == '[' && (p = skip_space(p + 1, end)) < end && *p == '{')
		buf_adds(why, " (the record is an array of objects: one JSON"
			      " value per line: pipe it through jq -c '.[]')");
}

/* --strict, or output failed: that was told, and nothing more is. */
static int
stopped_early(struct stream *s)
{
	return s->halted || output_failed(&s->out);
}

/*
 * Hands rec, read as line, to the step, where stream_next_value may
 * copy its bytes out of the reader's buffer.  Returns -1 when the step
 * failed with the reason in why, and the failure is to be told (not
 * when the step read on and was stopped: that was told).
 */
static int
run_step(struct stream *s, struct step *step, struct record *rec,
    struct line *line, struct buf *why)
{
	int r;

	s->current = rec;
	s->current_line = line;
	s->pinned = 0;
	buf_reset(why);
	r = step->record(step->ctx, s, rec, why);
	s->current = NULL;
	s->current_line = NULL;
	return r < 0 && !stopped_early(s) ? -1 : 0;
}

/* Returns 1 when the loop must stop. */
static int
handle_line(struct stream *s, struct step *step, struct line *line,
    size_t source, struct buf *why)
{
	struct record rec;
	int stop = 0, first;

	record_init(&rec, line->data, line->len, s->opts.raw);
	rec.source = source;
	if (record_is_blank(&rec))
		return 0;
	s->records++;
	first = s->firstof[source] != line->file;
	s->firstof[source] = line->file;
	s->where_file = line->file;
	s->where_line = line->lineno;
	if (run_step(s, step, &rec, line, why) < 0) {
		if (first && !s->opts.raw)
			hint_layout(line, why);
		progress_erase(&s->meter);
		stop = reject_line(&s->rej, line->file, line->lineno,
		    line->data, line->rawlen, why->data);
	}
	record_clear(&rec);
	return stop;
}


static void
on_signal(int sig)
{
	interrupt_raise(sig);
}

/* Without SA_RESTART, so that a wait for input returns at once. */
static void
catch_signals(const struct step *step)
{
	struct sigaction sa;

	interrupt_open();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = report_raise;
	sigaction(SIGUSR1, &sa, NULL);
	if (step->hangup != NULL) {
		sa.sa_handler = hangup_raise;
		sigaction(SIGHUP, &sa, NULL);
	}
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Bytes read so far of every input: where their readers stand. */
static int64_t
bytes_done(const struct stream *s)
{
	int64_t n = 0;
	size_t i, j;

	for (i = 0; i < s->nin; i++)
		for (j = 0; j < s->in[i].nfiles; j++)
			n += s->in[i].places[j].offset;
	return n;
}

/* Writes the --stats line, at once and whole, to standard error. */
static void
write_stats(struct stream *s, struct step *step)
{
	struct stats st;
	struct snap_writer w;
	struct buf line = { 0 };

	stats_init(&st);
	st.records_in = s->records;
	st.records_out = s->out.lines + stats_count_lines(s->out.data,
	    s->out.len);
	st.rejected = s->rej.count;
	st.bytes_in = s->bytes;
	st.wall_ns = clock_monotonic() - s->started;
	if (step->stats != NULL)
		step->stats(step->ctx, &st);
	if (step->save != NULL && st.state_bytes == STATS_NONE) {
		/* measured as a --state snapshot would write it, kept nowhere */
		memset(&w, 0, sizeof(w));
		w.fd = -1;
		step->save(step->ctx, &w);
		st.state_bytes = (long long)w.bytes;
		buf_free(&w.out);
	}
	stats_format(&st, diag_progname(), &line);
	progress_erase(&s->meter);
	(void)output_write_fd(2, line.data, line.len);
	buf_free(&line);
	stats_free(&st);
}

/* Fires the step's timer if it is due; returns how long to wait for input. */
static int
run_timers(struct stream *s, struct step *step)
{
	long ms;

	if (report_take())
		write_stats(s, step);
	if (step->hangup != NULL && hangup_take())
		step->hangup(step->ctx, s);
	if (step->next_timer == NULL)
		return checkpoint_tick(s, step, -1);
	while (
	    (ms = step->next_timer(step->ctx)) == 0 && !output_failed(&s->out)) {
		step->timer(step->ctx, s);
		s->ck.dirty = 1;
	}
	return checkpoint_tick(s, step, ms > INT_MAX ? INT_MAX : (int)ms);
}

/* Returns 1 when the loop must not go on reading. */
static int
stopping(struct stream *s)
{
	if (interrupt_pending())
		s->interrupted = 1;
	return s->interrupted || s->halted || s->stop_asked ||
	    output_failed(&s->out);
}

/*
 * Acts on what input source's reader returned (READ_LINE, READ_TOOLONG,
 * READ_OPENFAIL); returns 1 when stopped by --strict.
 */
static int
take(struct stream *s, struct step *step, size_t source, enum read_status rs,
    struct line *line, struct buf *why)
{
	char reason[96];

	s->ck.dirty |= rs == READ_LINE || rs == READ_TOOLONG;
	if (s->meter.on && s->in[source].reads != s->meter.batch) {
		s->meter.batch = s->in[source].reads;
		progress_update(&s->meter, clock_monotonic(), bytes_done(s),
		    s->records);
	}
	if (rs != READ_LINE)
		progress_erase(&s->meter);
	switch (rs) {
	case READ_LINE:
		s->bytes += line->rawlen + 1;
		return handle_line(s, step, line, source, why);
	case READ_NOTICE:
		fprintf(stderr, "%s: %s\n", diag_progname(),
		    s->in[source].errtext);
		return 0;
	case READ_TOOLONG:
		s->records++;
		snprintf(reason, sizeof(reason),
		    "line longer than %zu bytes (--max-line)",
		    s->opts.max_line);
		return reject_line(&s->rej, line->file, line->lineno, NULL, 0,
		    reason);
	case READ_OPENFAIL:
		fprintf(stderr, "%s: %s\n", diag_progname(),
		    s->in[source].errtext);
		s->fatal = 1;
		return 0;
	default: return 0;
	}
}

/* Reads the files one after the other; returns 1 when stopped by --strict. */
static int
read_serial(struct stream *s, struct step *step, struct buf *why)
{
	struct line line;
	enum read_status rs;
	int wait;

	for (;;) {
		wait = run_timers(s, step);
		if (stopping(s))
			return 0;
		if ((rs = reader_next(&s->in[0], &line, wait)) == READ_EOF)
			return 0;
		if (rs == READ_TIMEOUT)
			checkpoint_waited(&s->ck);
		if (take(s, step, 0, rs, &line, why))
			return 1;
	}
}

/* Lines an input may give in a row before the next input's turn. */
#define CONCURRENT_BATCH 64

/*
 * Reads what input i has ready, up to a batch; returns 1 when stopped
 * by --strict.  *progress is set when anything happened.
 */
static int
read_some(struct stream *s, struct step *step, size_t i, int *progress,
    struct buf *why)
{
	struct line line;
	enum read_status rs;
	int k;

	for (k = 0; k < CONCURRENT_BATCH && !stopping(s); k++) {
		rs = reader_next(&s->in[i], &line, 0);
		if (rs == READ_TIMEOUT)
			return 0;
		*progress = 1;
		if (rs == READ_EOF) {
			s->done[i] = 1;
			if (step->input_end != NULL)
				step->input_end(step->ctx, s, i);
			return 0;
		}
		if (take(s, step, i, rs, &line, why))
			return 1;
	}
	return 0;
}

/* Waits until an input that is not done is readable, or for wait ms. */
static void
wait_inputs(struct stream *s, int wait)
{
	struct pollfd *pfd = s->pollfds;
	size_t i, n = 0;
	int fd;

	output_flush(&s->out);
	for (i = 0; i < s->nin; i++) {
		if (s->done[i])
			continue;
		/* a followed file at its end: look again now and then */
		if (reader_waiting(&s->in[i]) &&
		    (wait < 0 || wait > FOLLOW_POLL_MS))
			wait = FOLLOW_POLL_MS;
		if ((fd = reader_poll_fd(&s->in[i])) < 0)
			continue;
		pfd[n].fd = fd;
		pfd[n].events = POLLIN;
		n++;
	}
	pfd[n].fd = interrupt_fd();
	pfd[n].events = POLLIN;
	poll(pfd, n + 1, wait);
}

/*
 * Reads every input at once: each has its turn for a batch of lines,
 * so none starves another, and the loop sleeps in poll(2) only when
 * no input has anything.  Returns 1 when stopped by --strict.
 */
static int
read_concurrent(struct stream *s, struct step *step, struct buf *why)
{
	size_t i, left;
	int progress, any, live, wait;

	for (;;) {
		wait = run_timers(s, step);
		if (stopping(s))
			return 0;
		any = live = 0;
		left = 0;
		for (i = 0; i < s->nin; i++) {
			if (s->done[i])
				continue;
			progress = 0;
			if (read_some(s, step, i, &progress, why))
				return 1;
			any |= progress;
			live |= progress && s->live[i];
			left += !s->done[i];
		}
		if (left == 0)
			return 0;
		/*
		 * What a live input brought goes out at once, even while
		 * another input is still read in bulk.
		 */
		if (live)
			output_flush(&s->out);
		if (!any) {
			wait_inputs(s, wait);
			checkpoint_waited(&s->ck);
		}
	}
}

/*
 * smap -n: the step runs once, on null; it reads the records itself
 * (input, inputs).  An error ends the program, as in jq: it is told
 * with the latest line read, and the status is 2.
 */
static void
read_null_input(struct stream *s, struct step *step, struct buf *why)
{
	static const char null_text[] = "null";
	struct line line = { null_text, 4, 4, "<null input>", 0 };
	struct record rec;

	record_init(&rec, line.data, line.len, 0);
	if (run_step(s, step, &rec, &line, why) < 0) {
		progress_erase(&s->meter);
		if (s->where_file != NULL)
			fprintf(stderr, "%s: %s:%lu: %s\n", diag_progname(),
			    s->where_file, s->where_line, why->data);
		else
			fprintf(stderr, "%s: %s\n", diag_progname(), why->data);
		s->fatal = 1;
	}
	record_clear(&rec);
}

/*
 * The bytes of the record a step is handling, copied out of the
 * reader's buffer before the reader moves it.  Its scan indexed the old
 * bytes: it is redone if asked for.
 */
static void
pin_current(struct stream *s)
{
	struct record *rec = s->current;
	struct line *line = s->current_line;
	size_t off;

	if (rec == NULL || s->pinned)
		return;
	off = (size_t)(rec->text - line->data);
	buf_reset(&s->pin);
	buf_add(&s->pin, line->data, line->rawlen);
	buf_addc(&s->pin, '\0');
	line->data = s->pin.data;
	rec->text = s->pin.data + off;
	rec->scan_state = 0;
	s->pinned = 1;
}

/*
 * The next line of any input for stream_next_value: READ_EOF once every
 * input has ended, READ_TIMEOUT to look whether the tool is stopping.
 */
static enum read_status
next_line(struct stream *s, struct line *line, size_t *source)
{
	enum read_status rs;
	size_t i, k, left = 0;

	if (!s->concurrent) {
		*source = 0;
		return reader_next(&s->in[0], line, -1);
	}
	for (k = 0; k < s->nin; k++) {
		i = (s->pull_turn + k) % s->nin;
		if (s->done[i])
			continue;
		left++;
		rs = reader_next(&s->in[i], line, 0);
		if (rs == READ_TIMEOUT)
			continue;
		if (rs == READ_EOF) {
			s->done[i] = 1;
			continue;
		}
		s->pull_turn = i;
		*source = i;
		return rs;
	}
	if (left == 0)
		return READ_EOF;
	wait_inputs(s, -1);
	return READ_TIMEOUT;
}

/* A line read by stream_next_value as a record, or NULL (rejected). */
static json_t *
pull_record(struct stream *s, struct line *line, size_t source)
{
	struct record rec;
	json_t *v;

	record_init(&rec, line->data, line->len, s->opts.raw);
	rec.source = source;
	if (record_is_blank(&rec))
		return NULL;
	s->records++;
	s->where_file = line->file;
	s->where_line = line->lineno;
	buf_reset(&s->pull_why);
	if ((v = record_value(&rec, &s->pull_why)) != NULL)
		json_incref(v);
	else if (reject_line(&s->rej, line->file, line->lineno, line->data,
		     line->rawlen, s->pull_why.data))
		stream_halt(s);
	record_clear(&rec);
	return v;
}

int
stream_next_value(struct stream *s, json_t **v)
{
	struct line line;
	enum read_status rs;
	size_t source;

	pin_current(s);
	while (!stopping(s)) {
		/* SIGUSR1 is answered while input waits, as in the loop */
		if (report_take())
			write_stats(s, s->step);
		rs = next_line(s, &line, &source);
		if (rs == READ_EOF)
			return 0;
		if (rs == READ_LINE) {
			s->ck.dirty = 1;
			s->bytes += line.rawlen + 1;
			if ((*v = pull_record(s, &line, source)) != NULL)
				return 1;
		} else if (rs != READ_TIMEOUT &&
		    take(s, NULL, source, rs, &line, &s->pull_why))
			stream_halt(s);
	}
	return stopped_early(s) ? -1 : 0;
}

void
stream_where(const struct stream *s, const char **file,
    unsigned long *lineno)
{
	*file = s->where_file;
	*lineno = s->where_line;
}

/* Flushes output; returns the status it implies. */
static int
finish_output(struct stream *s)
{
	output_flush(&s->out);
	if (s->out.error == 0 || s->out.error == EPIPE)
		return EXIT_OK;
	fprintf(stderr, "%s: write error: %s\n", diag_progname(),
	    strerror(s->out.error));
	return EXIT_FATAL;
}

/*
 * Sets up the inputs: one reader over all the files in turn, or with
 * concurrent one reader per file (none: standard input).
 */
static void
open_inputs(struct stream *s, char **files, int concurrent)
{
	size_t i, n = 1;

	if (concurrent)
		for (n = 0; files[n] != NULL; n++)
			;
	if (n == 0) {
		files = s->onefile;
		s->onefile[0] = "-";
		n = 1;
	}
	s->nin = n;
	s->in = xcalloc(n, sizeof(*s->in));
	s->done = xcalloc(n, 1);
	s->live = xcalloc(n, 1);
	s->pollfds = xcalloc(n + 1, sizeof(*s->pollfds)); /* + interrupt_fd */
	s->names = xcalloc(2 * n, sizeof(*s->names));
	s->firstof = xcalloc(n, sizeof(*s->firstof));
	for (i = 0; i < n; i++) {
		if (concurrent) {
			s->names[2 * i] = files[i];
			reader_init(&s->in[i], s->names + 2 * i,
			    s->opts.max_line);
			s->live[i] = (char)stream_inputs_live(&s->opts,
			    s->names + 2 * i);
			s->in[i].nonblocking_open = 1;
		} else
			reader_init(&s->in[i], files, s->opts.max_line);
		s->in[i].follow = s->opts.follow;
		s->in[i].overflow = spill_overlong;
		s->in[i].ctx = s;
	}
	if (!concurrent)
		s->in[0].before_wait = flush_before_wait;
}

static void
close_inputs(struct stream *s)
{
	size_t i;

	for (i = 0; i < s->nin; i++)
		reader_free(&s->in[i]);
	free(s->in);
	free(s->done);
	free(s->live);
	free(s->pollfds);
	free(s->names);
	free(s->firstof);
}

/* At exit, whenever a line was rejected: how many, why, and where first. */
static void
write_summary(struct stream *s)
{
	struct buf line = { 0 };

	buf_printf(&line, "%s: ", diag_progname());
	reject_summary(&s->rej, s->records, &line);
	buf_addc(&line, '\n');
	(void)output_write_fd(2, line.data, line.len);
	buf_free(&line);
}

static int
run_loop(const struct stream_opts *o, char **files, struct step *step,
    int concurrent)
{
	struct stream s;
	struct buf why = { 0 };
	int status, stopped;

	memset(&s, 0, sizeof(s));
	s.opts = *o;
	if (stdfds_was_closed(1)) {
		fprintf(stderr, "%s: write error: %s\n", diag_progname(),
		    strerror(EBADF));
		return EXIT_FATAL;
	}
	if (reject_init(&s.rej, o->dead_letter, o->strict) < 0) {
		fprintf(stderr, "%s: %s: %s\n", diag_progname(), o->dead_letter,
		    strerror(errno));
		return EXIT_FATAL;
	}
	catch_signals(step);
	s.step = step;
	output_init(&s.out, 1);
	s.concurrent = concurrent;
	s.started = clock_monotonic();
	s.rej.quiet = o->quiet;
	open_inputs(&s, files, concurrent);
	progress_init(&s.meter, files, o->follow,
	    step->save != NULL || step->stats != NULL);
	if (o->state != NULL && checkpoint_restore(&s, step) < 0) {
		s.halted = 1;
		stopped = 1;
	} else if (o->null_input) {
		read_null_input(&s, step, &why);
		stopped = 0;
	} else if (concurrent)
		stopped = read_concurrent(&s, step, &why);
	else
		stopped = read_serial(&s, step, &why);
	stopped |= s.halted;
	/* with --state, an interrupted run keeps its windows for the next */
	progress_erase(&s.meter);
	if (!stopped && !output_failed(&s.out) && step->finish != NULL &&
	    !(s.interrupted && o->state != NULL))
		step->finish(step->ctx, &s);
	if (!stopped && o->state != NULL)
		checkpoint_write(&s, step, 1);

	status = finish_output(&s);
	/* --strict told the one line that stopped it already */
	if (s.rej.count > 0 && !(o->strict && stopped))
		write_summary(&s);
	if (o->stats)
		write_stats(&s, step);
	/* the last snapshot failed: the next run would redo work, or lose it */
	if (stopped || s.fatal || s.rej.write_error || s.ck.failing)
		status = EXIT_FATAL;
	else if (status == EXIT_OK && s.rej.count > 0)
		status = EXIT_REJECTED;
	if (s.stop_asked && s.stop_status >= 0 && status != EXIT_FATAL)
		status = s.stop_status;
	close_inputs(&s);
	output_free(&s.out);
	reject_close(&s.rej);
	buf_free(&s.scratch);
	buf_free(&s.pin);
	buf_free(&s.pull_why);
	buf_free(&why);
	return status;
}

struct run {
	const struct stream_opts *opts;
	char **files;
	struct step *step;
	int concurrent;
	int status;
};

static void *
run_thread(void *arg)
{
	struct run *r = arg;
	sigset_t none;

	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	r->status = run_loop(r->opts, r->files, r->step, r->concurrent);
	return NULL;
}

static int
run(const struct stream_opts *o, char **files, struct step *step,
    int concurrent)
{
	struct run r = { o, files, step, concurrent, EXIT_FATAL };
	pthread_attr_t attr;
	pthread_t thread;
	sigset_t all, old;
	int started;

	/* Signals go to the loop's thread, where they interrupt poll(2). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	expr_set_stack(STREAM_STACK);
	started = pthread_attr_setstacksize(&attr, STREAM_STACK) == 0 &&
	    pthread_create(&thread, &attr, run_thread, &r) == 0;
	pthread_attr_destroy(&attr);
	if (started)
		pthread_join(thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started) {
		expr_set_stack(0);
		r.status = run_loop(o, files, step, concurrent);
	}
	return r.status;
}

int
stream_run(const struct stream_opts *o, char **files, struct step *step)
{
	/* followed files never end: read them all at once, as tail -F */
	return run(o, files, step, o->follow && files[0] && files[1]);
}

int
stream_run_concurrent(const struct stream_opts *o, char **files,
    struct step *step)
{
	return run(o, files, step, 1);
}
