/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* smap: write every output of a jq expression for each record. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "exprstep.h"
#include "jqargs.h"
#include "status.h"
#include "stream.h"

static const struct option longopts[] = { { "arg", required_argument, NULL,
					      OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "follow", no_argument, NULL, 'F' },
	{ "from-file", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "join-output", no_argument, NULL, 'j' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "null-input", no_argument, NULL, 'n' },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "raw-output", no_argument, NULL, 'r' },
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
	    "usage: smap [-cFjnqRr] [--arg NAME VALUE] [--argjson NAME JSON]\n"
	    "            [--slurpfile NAME FILE] [--rawfile NAME FILE]\n"
	    "            [--dead-letter FILE] [--max-line SIZE] [--stats]"
	    " [--strict]\n"
	    "            (EXPR | -f FILE) [FILE ...]\n"
	    "\n"
	    "examples:\n"
	    "  smap '{user: .user.name, ms: .duration * 1000}' app.ndjson\n"
	    "  smap '.items[]' orders.ndjson\n"
	    "  tail -F access.log | smap -R 'capture(\"^(?<ip>\\\\S+)\")'\n"
	    "  smap -r '.msg' app.ndjson\n"
	    "  smap -n '[inputs | .bytes] | add' access.ndjson\n"
	    "\n"
	    "See smap(1) and stream-tools(7).\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct jqargs args = { 0 };
	struct exprstep x = { 0 };
	struct step step;
	const char *progfile = NULL;
	char *prog = NULL;
	int ch, r, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	while ((ch = stream_getopt(argc, argv, "cf:FhjnqRr", longopts)) != -1) {
		switch (ch) {
		case 'f': progfile = optarg; break;
		case 'h': usage(EXIT_OK); break;
		case 'j': x.join_output = 1; break;
		case 'n': opts.null_input = 1; break;
		case 'r': x.raw_output = 1; break;
		default:
			if ((r = jqargs_option(&args, ch, argc, argv)) < 0)
				exit(EXIT_FATAL);
			if (r == 0 && stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if (progfile != NULL && (prog = jqargs_read_program(progfile)) == NULL)
		exit(EXIT_FATAL);
	if (prog == NULL && argc < 1)
		usage(EXIT_FATAL);

	x.expr = jqargs_compile(&args, prog != NULL ? prog : argv[0]);
	if (x.expr == NULL)
		exit(EXIT_FATAL);
	step = exprstep_map(&x);
	status = stream_run(&opts, prog != NULL ? argv : argv + 1, &step);
	exprstep_free(&x);
	expr_free(x.expr);
	jqargs_free(&args);
	free(prog);
	return stream_exit(status);
}
