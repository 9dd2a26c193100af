/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* stokenize: split the text of each record into one record per token. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jq/expr.h"
#include "jqargs.h"
#include "rx.h"
#include "status.h"
#include "stream.h"
#include "tokenize.h"
#include "utf8.h"

enum { OPT_AS = OPT_TOOL_FIRST, OPT_KEEP, OPT_LOWER };

static const struct option longopts[] = { { "arg", required_argument, NULL,
					      OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "as", required_argument, NULL, OPT_AS },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "help", no_argument, NULL, 'h' },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "lower", no_argument, NULL, OPT_LOWER },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "follow", no_argument, NULL, 'F' },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "rawfile", required_argument, NULL, OPT_RAWFILE },
	{ "slurpfile", required_argument, NULL, OPT_SLURPFILE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: stokenize [-cFqR] [-f EXPR] [-p PATTERN] [--as NAME]\n"
	    "                 [--keep] [--lower] [--arg NAME VALUE]"
	    " [--argjson NAME JSON]\n"
	    "                 [--slurpfile NAME FILE] [--rawfile NAME FILE]\n"
	    "                 [--dead-letter FILE] [--max-line SIZE]"
	    " [--stats] [--strict]\n"
	    "                 [FILE ...]\n"
	    "\n"
	    "examples:\n"
	    "  stokenize -R --lower < hamlet.txt | scount --top 10\n"
	    "  stokenize -f .text --as word reviews.ndjson\n"
	    "  stokenize -R -p '#\\w+' tweets.txt\n"
	    "\n"
	    "See stokenize(1) and stream-tools(7).\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct tokenize_opts to;
	struct tokenize *t;
	struct jqargs args = { 0 };
	const char *pattern = TOKENIZE_PATTERN;
	char err[512];
	struct step step;
	int ch, r, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	memset(&to, 0, sizeof(to));
	to.field = ".";
	to.as = TOKENIZE_NAME;
	while (
	    (ch = stream_getopt(argc, argv, "cFf:hp:qR", longopts)) != -1) {
		switch (ch) {
		case 'f': to.field = optarg; break;
		case 'h': usage(EXIT_OK); break;
		case 'p': pattern = optarg; break;
		case OPT_AS: to.as = optarg; break;
		case OPT_KEEP: to.keep = 1; break;
		case OPT_LOWER: to.lower = 1; break;
		default:
			if ((r = jqargs_option(&args, ch, argc, argv)) < 0)
				exit(EXIT_FATAL);
			if (r == 0 && stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;

	if (!utf8_valid(to.as, strlen(to.as))) {
		fprintf(stderr, "stokenize: --as: name is not valid UTF-8\n");
		exit(EXIT_FATAL);
	}
	to.rx = rx_compile(pattern, strlen(pattern), 0, err, sizeof(err));
	if (to.rx == NULL) {
		fprintf(stderr, "stokenize: -p: %s\n", err);
		exit(EXIT_FATAL);
	}
	if (strcmp(to.field, ".") != 0) {
		to.expr = jqargs_compile(&args, to.field);
		if (to.expr == NULL) {
			rx_free(to.rx);
			exit(EXIT_FATAL);
		}
	}
	t = tokenize_new(&to);
	step = tokenize_step(t);
	status = stream_run(&opts, argv, &step);
	tokenize_free(t);
	expr_free(to.expr);
	jqargs_free(&args);
	rx_free(to.rx);
	return stream_exit(status);
}
