/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* scount: count records per key; a table at the end, periodically, or live. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "count.h"
#include "diag.h"
#include "jqargs.h"
#include "status.h"
#include "stream.h"

enum { OPT_SORT = OPT_TOOL_FIRST, OPT_TOP, OPT_EVERY, OPT_RUNNING };

static const struct option longopts[] = { { "arg", required_argument, NULL,
					      OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "help", no_argument, NULL, 'h' },
	{ "key", required_argument, NULL, 'k' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "follow", no_argument, NULL, 'F' },
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "rawfile", required_argument, NULL, OPT_RAWFILE },
	{ "running", no_argument, NULL, OPT_RUNNING },
	{ "slurpfile", required_argument, NULL, OPT_SLURPFILE },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: scount [-cFqR] [-k EXPR] [--sort count|key|none] [--top N]\n"
	    "              [--every DUR] [--running]"
	    " [--state FILE [--checkpoint DUR]]\n"
	    "              [--arg NAME VALUE] [--argjson NAME JSON]\n"
	    "              [--slurpfile NAME FILE] [--rawfile NAME FILE]\n"
	    "              [--dead-letter FILE] [--max-line SIZE] [--stats]"
	    " [--strict]\n"
	    "              [FILE ...]\n"
	    "\n"
	    "examples:\n"
	    "  stokenize -R --lower < book.txt | scount --top 10\n"
	    "  scount -k .status access.ndjson\n"
	    "  tail -F access.ndjson | scount -k .path --top 5 --every 10s\n"
	    "\n"
	    "See scount(1) and stream-tools(7).\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct counter c;
	struct jqargs args = { 0 };
	struct step step;
	const char *keyexpr = NULL;
	int ch, r, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	counter_init(&c);
	while ((ch = stream_getopt(argc, argv, "cFhk:qR", longopts)) != -1) {
		switch (ch) {
		case 'h': usage(EXIT_OK); break;
		case 'k': keyexpr = optarg; break;
		case OPT_EVERY:
			if (args_duration("--every", optarg, &c.every) < 0)
				exit(EXIT_FATAL);
			if (c.every < COUNT_EVERY_MIN) {
				fprintf(stderr,
				    "scount: --every: less than the "
				    "10ms minimum: %s\n",
				    optarg);
				exit(EXIT_FATAL);
			}
			break;
		case OPT_RUNNING: c.running = 1; break;
		case OPT_SORT:
			if (counter_sort_parse(optarg, &c.sort) < 0) {
				fprintf(stderr,
				    "scount: --sort: count, key or "
				    "none: %s\n",
				    optarg);
				exit(EXIT_FATAL);
			}
			break;
		case OPT_TOP:
			if (args_count("--top", optarg, 1, 1000000000, &c.top) <
			    0)
				exit(EXIT_FATAL);
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

	if (keyexpr != NULL &&
	    (c.key.expr = jqargs_compile(&args, keyexpr)) == NULL)
		exit(EXIT_FATAL);
	step = counter_step(&c);
	status = stream_run(&opts, argv, &step);
	expr_free(c.key.expr);
	jqargs_free(&args);
	counter_free(&c);
	return stream_exit(status);
}
