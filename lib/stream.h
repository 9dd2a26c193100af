/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "checkpoint.h"
#include "output.h"
#include "progress.h"
#include "reader.h"
#include "record.h"
#include "reject.h"
#include "stats.h"

/*
 * The loop every record-at-a-time tool runs: read lines from the files,
 * make records, hand each to the tool's step, write what it emits, apply
 * the bad-input policy, and come out with the exit status.
 */

/* Options every tool has (stream-tools(7)). */
struct stream_opts {
	int raw;		 /* -R, --raw-input */
	int strict;		 /* --strict */
	const char *dead_letter; /* --dead-letter FILE */
	size_t max_line;	 /* --max-line BYTES */
	int follow;		 /* -F, --follow */
	const char *state;	 /* --state FILE (swindow, scount, sjoin) */
	int64_t checkpoint;	 /* --checkpoint DUR, ns */
	int quiet;		 /* -q, --quiet: no message per rejected line */
	int stats;		 /* --stats: the counters at exit */
	int null_input;		 /* smap -n: one null record, then stop */
};

/* getopt_long codes of the common long-only options. */
enum {
	OPT_DEAD_LETTER = 256,
	OPT_STRICT,
	OPT_MAX_LINE,
	OPT_VERSION,
	OPT_STATE,
	OPT_CHECKPOINT,
	OPT_ARG, /* jqargs.h: jq's --arg and kin, every tool */
	OPT_ARGJSON,
	OPT_SLURPFILE,
	OPT_RAWFILE,
	OPT_STATS,
	OPT_TOOL_FIRST /* a tool numbers its own long options from here */
};

struct pollfd;
struct option;
struct snap_reader;
struct snap_writer;

struct stream {
	struct stream_opts opts;
	struct reader *in; /* the inputs: one, or one per file */
	size_t nin;
	char *done;		 /* per input: it has ended */
	char *live;		 /* per input: not a regular file */
	struct pollfd *pollfds;	 /* per input, for waiting on all at once */
	char **names;		 /* per input, its file as a one-file list */
	char *onefile[2];	 /* standard input, when there are no files */
	struct output out;
	struct reject rej;
	struct buf scratch;
	int concurrent;	 /* one reader per file (stream_run_concurrent) */
	struct checkpoint ck;
	int fatal;	 /* an input could not be read */
	int interrupted; /* SIGINT or SIGTERM arrived */
	int halted;	 /* stream_halt: a fatal error in a step */
	unsigned long long records; /* non-blank lines read */
	unsigned long long bytes;   /* bytes of the lines read */
	int64_t started;	    /* monotonic ns */
	struct progress meter;
	const char **firstof; /* per input, the file of its last record */
	/* stream_next_value, while a step handles current */
	struct step *step;
	struct record *current;
	struct line *current_line;
	int pinned;	     /* current's bytes are copied into pin */
	struct buf pin;
	struct buf pull_why; /* why a record read by stream_next_value failed */
	size_t pull_turn;    /* the input stream_next_value tries first */
	const char *where_file; /* the latest line read */
	unsigned long where_line;
	int stop_asked;		/* stream_stop */
	int stop_status;
};

/*
 * What a tool does per record: record returns 0, or -1 with the reason
 * in why to reject the record (the loop reports it and goes on).
 * finish, if set, runs once at end of input to flush state.
 */
struct step {
	int (*record)(void *ctx, struct stream *s, struct record *rec,
	    struct buf *why);
	void (*finish)(void *ctx, struct stream *s);
	/*
	 * Timers, optional: next_timer returns the milliseconds until the
	 * step wants timer called (0: now), or -1 for no timer.  The loop
	 * asks after every record and waits for input no longer than that,
	 * so a timer fires on time whether input is flowing or idle.
	 */
	long (*next_timer)(void *ctx);
	void (*timer)(void *ctx, struct stream *s);
	/*
	 * Optional, with stream_run_concurrent: input (an index into the
	 * files) has ended; the others go on.
	 */
	void (*input_end)(void *ctx, struct stream *s, size_t input);
	/*
	 * Optional: when set, SIGHUP no longer ends the tool; the loop
	 * calls hangup between records instead.
	 */
	void (*hangup)(void *ctx, struct stream *s);
	/*
	 * For --state (checkpoint.h): save writes the step's state as
	 * lines (snapshot.h); load reads them back before the first
	 * record, and returns -1 with the reason in why when they are not
	 * a state it could have written.
	 */
	void (*save)(void *ctx, struct snap_writer *w);
	int (*load)(void *ctx, struct snap_reader *r, struct buf *why);
	/*
	 * Optional, for --stats and SIGUSR1: fills in what the step holds
	 * (keys, windows, watermark, late); state_bytes, left alone, is
	 * measured with save.
	 */
	void (*stats)(void *ctx, struct stats *st);
	void *ctx;
};

/*
 * Sets the defaults.  Called first thing by every tool, it also puts
 * /dev/null on closed standard descriptors (stdfds.h) before any file
 * is opened.
 */
void stream_opts_init(struct stream_opts *o);

/*
 * Handles one common option from getopt_long.  Returns 1 when ch was one
 * of them, 0 when it is the tool's own, -1 on a bad argument (message
 * already printed).
 */
int stream_option(struct stream_opts *o, int ch, const char *arg);

/*
 * getopt_long(3), which also remembers every option given, for --state
 * to tell whether a state file was written by the same command line.
 */
int stream_getopt(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts);

/*
 * Whether the inputs are live (the watermark rule): a file read with
 * --follow is; else as reader_files_live says.
 */
int stream_inputs_live(const struct stream_opts *o, char **files);

/* Prints "PROG VERSION". */
void stream_version(void);

/*
 * The loop runs on a thread with a stack this large (reserved address
 * space; only what is used becomes memory), so that deeply recursive
 * expressions work as they do in jq.
 */
#define STREAM_STACK (256UL << 20)

/*
 * Runs the loop over files (NULL-terminated); returns the exit status.
 * SIGINT and SIGTERM end the input early: the step's finish still runs
 * and output is flushed, so nothing computed is thrown away.
 */
int stream_run(const struct stream_opts *o, char **files, struct step *step);

/*
 * As stream_run, but every file is an input of its own and all are read
 * at once (sjoin): a record's source is the index of its file, each
 * input keeps its own name and line numbers, a line is handled as soon
 * as it arrives on any input, and one input that is slow, silent or
 * ended early never holds up the others.  Opening a FIFO does not wait
 * for its writer.  No files means standard input alone.
 */
int stream_run_concurrent(const struct stream_opts *o, char **files,
    struct step *step);

/*
 * Writes rec unchanged: its bytes as read, or its compact JSON when it
 * is raw (-R) or its bytes had invalid UTF-8 or lone surrogates, so
 * that output is always valid UTF-8 JSON.
 */
void stream_write_record(struct stream *s, struct record *rec);

/* Writes v as one line of compact JSON. */
void stream_write_value(struct stream *s, const json_t *v);

/*
 * Writes rec, as stream_write_record would, to the side output fd (a
 * --late file named path) at once.  A failed write is reported and
 * stops the tool with status 2, as a failed --dead-letter write does:
 * the records after it could not be kept either.  Returns 0 or -1.
 */
int stream_write_side(struct stream *s, int fd, const char *path,
    struct record *rec);

/*
 * What main returns, after its cleanup: status, unless SIGINT or SIGTERM
 * stopped the run; then the tool dies by that same signal instead, as
 * Unix tools do, so that the shell sees 130 or 143 and a script knows
 * the run did not complete.
 */
int stream_exit(int status);

/*
 * For jq's input and inputs, while a step handles a record: the next
 * record of the input, decoded, as a new reference.  Blank lines are
 * skipped; a line that is not a record is rejected as the loop would
 * reject it (message, --dead-letter, --strict) and the one after it is
 * read.  Returns 1 with *v set, 0 at the end of the input (or once
 * SIGINT or SIGTERM came: input ends early, as it does for the loop),
 * or -1 when the tool stops (--strict, a failed output).  The current
 * record's bytes are copied out of the reader's buffer first, so the
 * step may still write or reject it.
 */
int stream_next_value(struct stream *s, json_t **v);

/*
 * The file ("<stdin>" for standard input, as the reader names it; NULL
 * before any line) and line number of the latest line read, for
 * input_filename and input_line_number.
 */
void stream_where(const struct stream *s, const char **file,
    unsigned long *lineno);

/*
 * jq's halt and halt_error: stops reading after the current record, and
 * the tool ends as at the end of its input; status, unless -1, is then
 * its exit status (but for a failed output, which stays 2).
 */
void stream_stop(struct stream *s, int status);

/* Stops reading after the current record; the status will be 2. */
void stream_halt(struct stream *s);

#endif
