/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* swindow: aggregate records per key over tumbling, sliding or session windows.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"
#include "duration.h"
#include "jqargs.h"
#include "status.h"
#include "stream.h"
#include "window.h"
#include "xalloc.h"

enum {
	OPT_TUMBLING = OPT_TOOL_FIRST,
	OPT_SLIDING,
	OPT_EVERY,
	OPT_SESSION,
	OPT_ALIGN,
	OPT_WAIT,
	OPT_LATE,
	OPT_EMIT,
	OPT_TIME_UNIT,
	OPT_TIME_FORMAT,
	OPT_TZ,
	OPT_EPOCH,
	OPT_WATERMARK,
	OPT_MAX_WINDOWS
};

static const struct option longopts[] = { { "agg", required_argument, NULL,
					      'a' },
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "arg", required_argument, NULL, OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "emit", required_argument, NULL, OPT_EMIT },
	{ "epoch", no_argument, NULL, OPT_EPOCH },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "help", no_argument, NULL, 'h' },
	{ "key", required_argument, NULL, 'k' },
	{ "late", required_argument, NULL, OPT_LATE },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "max-windows", required_argument, NULL, OPT_MAX_WINDOWS },
	{ "follow", no_argument, NULL, 'F' },
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "rawfile", required_argument, NULL, OPT_RAWFILE },
	{ "session", required_argument, NULL, OPT_SESSION },
	{ "slurpfile", required_argument, NULL, OPT_SLURPFILE },
	{ "sliding", required_argument, NULL, OPT_SLIDING },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "time", required_argument, NULL, 't' },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "time-unit", required_argument, NULL, OPT_TIME_UNIT },
	{ "tumbling", required_argument, NULL, OPT_TUMBLING },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "watermark", required_argument, NULL, OPT_WATERMARK },
	{ NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: swindow (--tumbling LEN | --sliding LEN --every HOP |"
	    " --session GAP)\n"
	    "               [-k EXPR] [-t EXPR] [--align TIME] [--wait DUR]\n"
	    "               [--late FILE] [--emit final|update] [-a AGG]...\n"
	    "               [--watermark data|live] [--max-windows N]\n"
	    "               [--state FILE [--checkpoint DUR]]\n"
	    "               [--time-unit s|ms|us|ns] [--time-format FMT]"
	    " [--tz ZONE]\n"
	    "               [--epoch] [-cFqR] [--dead-letter FILE]"
	    " [--max-line SIZE]\n"
	    "               [--arg NAME VALUE] [--argjson NAME JSON]"
	    " [--slurpfile NAME FILE]\n"
	    "               [--rawfile NAME FILE] [--stats] [--strict]"
	    " [FILE ...]\n"
	    "\n"
	    "AGG: count sum(E) avg(E) min(E) max(E) first(E) last(E)"
	    " collect(E)\n"
	    "     distinct(E) stddev(E) median(E) pNN(E) pNN.N(E),"
	    " or NAME=AGG\n"
	    "\n"
	    "examples:\n"
	    "  swindow --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)'"
	    " sensors.ndjson\n"
	    "  swindow --sliding 1m --every 10s -t .ts -a 'p99(.ms)'"
	    " access.ndjson\n"
	    "  tail -F clicks.ndjson | swindow --session 30m -k .user -t .ts\n"
	    "\n"
	    "See swindow(1) and stream-tools(7).\n");
	exit(status);
}

/* Exits from within main, so what main holds is not reported as leaked. */
static void
fail(const char *msg, const char *arg)
{
	fprintf(stderr, "swindow: %s%s\n", msg, arg);
	exit(EXIT_FATAL);
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct windower w;
	struct jqargs args = { 0 };
	const struct expr_var *vars;
	struct buf why = { 0 };
	struct step step;
	const char *keyexpr = NULL, *timeexpr = NULL, *format = NULL,
		   *tz = NULL;
	const char **aggs = NULL;
	int ch, status, kinds = 0, r, watermark = -1;
	size_t i, naggs = 0, nvars;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	windower_init(&w);
	while (
	    (ch = stream_getopt(argc, argv, "a:cFhk:qRt:", longopts)) != -1) {
		switch (ch) {
		case 'a':
			aggs = xrealloc(aggs, (naggs + 1) * sizeof(*aggs));
			aggs[naggs++] = optarg;
			break;
		case 'h': usage(EXIT_OK); break;
		case 'k': keyexpr = optarg; break;
		case 't': timeexpr = optarg; break;
		case OPT_ALIGN:
			if ((r = evtime_parse_arg(optarg, &w.align)) ==
			    EVTIME_RANGE)
				fail("--align: out of range: ", optarg);
			if (r < 0)
				fail("--align: not an RFC 3339 time or "
				     "epoch seconds: ",
				    optarg);
			break;
		case OPT_EMIT:
			if (strcmp(optarg, "update") == 0)
				w.emit_update = 1;
			else if (strcmp(optarg, "final") != 0)
				fail("--emit: final or update: ", optarg);
			break;
		case OPT_EPOCH: w.time.epoch = 1; break;
		case OPT_EVERY:
			if (args_duration("--every", optarg, &w.hop) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_LATE: w.late_path = optarg; break;
		case OPT_MAX_WINDOWS:
			if (args_count("--max-windows", optarg, 1, 100000000,
				&w.max_windows) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_SESSION:
			kinds++;
			w.kind = WINDOW_SESSION;
			if (args_duration("--session", optarg, &w.gap) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_SLIDING:
			kinds++;
			w.kind = WINDOW_SLIDING;
			if (args_duration("--sliding", optarg, &w.len) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_TIME_FORMAT: format = optarg; break;
		case OPT_TIME_UNIT:
			if (evtime_unit_parse(optarg, &w.time.unit) < 0)
				fail("--time-unit: s, ms, us or ns: ", optarg);
			break;
		case OPT_TUMBLING:
			kinds++;
			w.kind = WINDOW_TUMBLING;
			if (args_duration("--tumbling", optarg, &w.len) < 0)
				exit(EXIT_FATAL);
			break;
		case OPT_TZ: tz = optarg; break;
		case OPT_WATERMARK:
			if (strcmp(optarg, "data") == 0)
				watermark = 0;
			else if (strcmp(optarg, "live") == 0)
				watermark = 1;
			else
				fail("--watermark: data or live: ", optarg);
			break;
		case OPT_WAIT:
			if (duration_parse(optarg, &w.wait) < 0)
				fail("--wait: bad duration: ", optarg);
			break;
		default:
			if ((r = jqargs_option(&args, ch, argc, argv)) < 0)
				exit(EXIT_FATAL);
			if (r == 0 && stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;

	/* expressions once every --arg is known */
	vars = jqargs_vars(&args, &nvars);
	if (naggs > 0)
		w.aggs = xcalloc(naggs, sizeof(*w.aggs));
	for (; w.naggs < naggs; w.naggs++)
		if (agg_parse(aggs[w.naggs], vars, nvars, &w.aggs[w.naggs],
			&why) < 0)
			fail("-a: ", why.data);
	free(aggs);

	if (kinds != 1)
		fail("give one of --tumbling, --sliding or --session", "");
	if (windower_check(&w, &why) < 0)
		fail(why.data, "");
	if (evtime_configure(&w.time, timeexpr != NULL, format, tz, &why) < 0)
		fail(why.data, "");
	if (keyexpr != NULL &&
	    (w.key.expr = jqargs_compile(&args, keyexpr)) == NULL)
		exit(EXIT_FATAL);
	if (timeexpr != NULL &&
	    (w.time.expr = jqargs_compile(&args, timeexpr)) == NULL)
		exit(EXIT_FATAL);
	if (windower_open(&w) < 0) {
		fprintf(stderr, "swindow: %s: %s\n", w.late_path,
		    strerror(errno));
		exit(EXIT_FATAL);
	}

	/* The watermark rule: data alone for regular files (window.h). */
	w.live = watermark >= 0 ? watermark : stream_inputs_live(&opts, argv);
	step = windower_step(&w);
	status = stream_run(&opts, argv, &step);

	windower_free(&w);
	for (i = 0; i < w.naggs; i++)
		agg_spec_free(&w.aggs[i]);
	free(w.aggs);
	expr_free(w.key.expr);
	expr_free(w.time.expr);
	jqargs_free(&args);
	buf_free(&why);
	return stream_exit(status);
}
