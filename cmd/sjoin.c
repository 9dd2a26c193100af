/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* sjoin: join live streams by key, or enrich a stream from a table. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"
#include "duration.h"
#include "evtime.h"
#include "jqargs.h"
#include "join.h"
#include "lookup.h"
#include "status.h"
#include "stream.h"
#include "xalloc.h"

enum {
	OPT_AS = OPT_TOOL_FIRST,
	OPT_MODE,
	OPT_KEEP,
	OPT_WINDOW,
	OPT_WAIT,
	OPT_IDLE,
	OPT_TTL,
	OPT_MERGE,
	OPT_LATE,
	OPT_WATERMARK,
	OPT_LOOKUP,
	OPT_INNER,
	OPT_RELOAD,
	OPT_TIME_UNIT,
	OPT_TIME_FORMAT,
	OPT_TZ
};

static const struct option longopts[] = {
	{ "arg", required_argument, NULL, OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "as", required_argument, NULL, OPT_AS },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "help", no_argument, NULL, 'h' },
	{ "idle", required_argument, NULL, OPT_IDLE },
	{ "inner", no_argument, NULL, OPT_INNER },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "key", required_argument, NULL, 'k' },
	{ "late", required_argument, NULL, OPT_LATE },
	{ "lookup", required_argument, NULL, OPT_LOOKUP },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "follow", no_argument, NULL, 'F' },
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "rawfile", required_argument, NULL, OPT_RAWFILE },
	{ "reload", no_argument, NULL, OPT_RELOAD },
	{ "slurpfile", required_argument, NULL, OPT_SLURPFILE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "time", required_argument, NULL, 't' },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "time-unit", required_argument, NULL, OPT_TIME_UNIT },
	{ "ttl", required_argument, NULL, OPT_TTL },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "watermark", required_argument, NULL, OPT_WATERMARK },
	{ "window", required_argument, NULL, OPT_WINDOW }, { NULL, 0, NULL, 0 }
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: sjoin [-k EXPR]... [--as NAME,NAME...]"
	    " [--mode complete|running|outer]\n"
	    "             [--keep last|first|all] [--window DUR -t EXPR]"
	    " [--wait DUR]\n"
	    "             [--idle DUR] [--ttl DUR] [--late FILE] [--merge]\n"
	    "             [--state FILE [--checkpoint DUR]]\n"
	    "             [--watermark data|live] [--time-unit s|ms|us|ns]\n"
	    "             [--time-format FMT] [--tz ZONE] [-cFqR]"
	    " [--dead-letter FILE]\n"
	    "             [--arg NAME VALUE] [--argjson NAME JSON]"
	    " [--slurpfile NAME FILE]\n"
	    "             [--rawfile NAME FILE] [--max-line SIZE] [--stats]"
	    " [--strict]\n"
	    "             FILE FILE ...\n"
	    "       sjoin [-F] [-k EXPR] --lookup TABLE [--inner] [--reload]"
	    " [FILE ...]\n"
	    "\n"
	    "examples:\n"
	    "  sjoin -k .user_id users.ndjson emails.ndjson plans.ndjson\n"
	    "  sjoin -k .id --window 30s -t .ts requests.ndjson"
	    " responses.ndjson\n"
	    "  tail -F events.ndjson | sjoin -k .uid --lookup users.ndjson\n"
	    "\n"
	    "See sjoin(1) and stream-tools(7).\n");
	exit(status);
}

/* Exits from within main, so what main holds is not reported as leaked. */
static void
fail(const char *msg, const char *arg)
{
	fprintf(stderr, "sjoin: %s%s\n", msg, arg);
	exit(EXIT_FATAL);
}

struct cmdline {
	const char **keyexprs;
	size_t nkeys;
	const char *as, *timeexpr, *format, *tz, *table;
	int inner, reload;
	struct jqargs args;
};

static struct expr *
compile(struct cmdline *c, const char *src)
{
	struct expr *e;

	if ((e = jqargs_compile(&c->args, src)) == NULL)
		exit(EXIT_FATAL);
	return e;
}

static void
set_time(struct evtime *et, struct cmdline *c)
{
	struct buf why = { 0 };

	if (evtime_configure(et, c->timeexpr != NULL, c->format, c->tz, &why) <
	    0)
		fail(why.data, "");
	if (c->timeexpr != NULL)
		et->expr = compile(c, c->timeexpr);
}

static int
run_lookup(const struct stream_opts *opts, struct cmdline *c, char **files)
{
	struct lookup l;
	struct step step;
	int status;

	if (c->nkeys > 1)
		fail("--lookup takes one -k EXPR", "");
	lookup_init(&l);
	l.table = c->table;
	l.inner = c->inner;
	l.reload = c->reload;
	l.max_line = opts->max_line;
	if (c->nkeys == 1)
		l.key.expr = compile(c, c->keyexprs[0]);
	if (lookup_load(&l) < 0)
		exit(EXIT_FATAL);
	step = lookup_step(&l);
	status = stream_run(opts, files, &step);
	if (status == EXIT_OK && l.bad > 0)
		status = EXIT_REJECTED;
	lookup_free(&l);
	expr_free(l.key.expr);
	return status;
}

static int
run_join(const struct stream_opts *opts, struct joiner *j, struct cmdline *c,
    char **files, size_t nfiles)
{
	struct buf why = { 0 };
	struct step step;
	size_t i;
	int status;

	if (c->inner || c->reload)
		fail("--inner and --reload go with --lookup", "");
	if (c->nkeys > 1 && c->nkeys != nfiles)
		fail("give one -k EXPR, or one per FILE", "");
	j->nin = nfiles;
	j->files = files;
	if (joiner_set_names(j, c->as, &why) < 0)
		fail(why.data, "");
	j->keys = xcalloc(nfiles, sizeof(*j->keys));
	for (i = 0; i < nfiles && c->nkeys > 0; i++)
		j->keys[i].expr =
		    i < c->nkeys ? compile(c, c->keyexprs[i]) : j->keys[0].expr;
	set_time(&j->time, c);
	if (joiner_check(j, &why) < 0)
		fail(why.data, "");
	j->follow = opts->follow;
	if (joiner_open(j) < 0)
		fail("--late: cannot open ", j->late_path);

	step = joiner_step(j);
	status = stream_run_concurrent(opts, files, &step);

	joiner_free(j);
	for (i = 0; i < c->nkeys; i++)
		expr_free(j->keys[i].expr);
	free(j->keys);
	expr_free(j->time.expr);
	buf_free(&why);
	return status;
}

int
main(int argc, char *argv[])
{
	static const char *const modes[] = { "complete", "running", "outer",
		NULL };
	static const char *const keeps[] = { "last", "first", "all", NULL };
	static const char *const marks[] = { "auto", "data", "live", NULL };
	struct stream_opts opts;
	struct joiner j;
	struct cmdline c;
	int ch, choice, r, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	joiner_init(&j);
	memset(&c, 0, sizeof(c));
	c.keyexprs = xcalloc((size_t)argc, sizeof(*c.keyexprs));
	while ((ch = stream_getopt(argc, argv, "cFhk:qRt:", longopts)) != -1) {
		switch (ch) {
		case 'h': usage(EXIT_OK); break;
		case 'k': c.keyexprs[c.nkeys++] = optarg; break;
		case 't': c.timeexpr = optarg; break;
		case OPT_AS: c.as = optarg; break;
		case OPT_IDLE:
			if (args_duration("--idle", optarg, &j.idle) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_INNER: c.inner = 1; break;
		case OPT_KEEP:
			if ((choice = args_choice("--keep", optarg, keeps)) < 0)
				exit(EXIT_FATAL);
			j.keep = (enum join_keep)choice;
			break;
		case OPT_LATE: j.late_path = optarg; break;
		case OPT_LOOKUP: c.table = optarg; break;
		case OPT_MERGE: j.merge = 1; break;
		case OPT_MODE:
			if ((choice = args_choice("--mode", optarg, modes)) < 0)
				exit(EXIT_FATAL);
			j.mode = (enum join_mode)choice;
			break;
		case OPT_RELOAD: c.reload = 1; break;
		case OPT_TIME_FORMAT: c.format = optarg; break;
		case OPT_TIME_UNIT:
			if (evtime_unit_parse(optarg, &j.time.unit) < 0)
				fail("--time-unit: s, ms, us or ns: ", optarg);
			break;
		case OPT_TTL:
			if (args_duration("--ttl", optarg, &j.ttl) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_TZ: c.tz = optarg; break;
		case OPT_WAIT:
			if (duration_parse(optarg, &j.wait) < 0)
				fail("--wait: bad duration: ", optarg);
			break;
		case OPT_WATERMARK:
			choice = args_choice("--watermark", optarg, marks + 1);
			if (choice < 0)
				exit(EXIT_FATAL);
			j.wm = (enum join_watermark)(choice + 1);
			break;
		case OPT_WINDOW:
			if (args_duration("--window", optarg, &j.window) < 0)
				exit(EXIT_FATAL);
			break;
		default:
			if ((r = jqargs_option(&c.args, ch, argc, argv)) < 0)
				exit(EXIT_FATAL);
			if (r == 0 && stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;

	if (c.table != NULL) {
		if (c.as || j.window || j.ttl || j.merge || j.late_path ||
		    j.mode || j.keep || j.wait || j.idle || j.wm ||
		    c.timeexpr || c.format || c.tz || opts.state)
			fail("--lookup takes -k, --inner and --reload, and"
			     " none of the join options (nor --state)",
			    "");
		status = run_lookup(&opts, &c, argv);
	} else
		status = run_join(&opts, &j, &c, argv, (size_t)argc);
	free(c.keyexprs);
	jqargs_free(&c.args);
	return stream_exit(status);
}
