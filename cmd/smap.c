/* smap: write every output of a jq expression for each record. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "exprstep.h"
#include "status.h"
#include "stream.h"

static const struct option longopts[] = { { "arg", required_argument, NULL,
					      OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "help", no_argument, NULL, 'h' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "follow", no_argument, NULL, 'F' },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: smap [-FR] [--arg NAME VALUE] [--argjson NAME JSON]\n"
	    "            [--dead-letter FILE] [--max-line SIZE] [--strict]\n"
	    "            EXPR [FILE ...]\n"
	    "\n"
	    "examples:\n"
	    "  smap '{user: .user.name, ms: .duration * 1000}' app.ndjson\n"
	    "  smap '.items[]' orders.ndjson\n"
	    "  tail -F access.log | smap -R 'capture(\"^(?<ip>\\\\S+)\")'\n"
	    "\n"
	    "See smap(1) and stream-tools(7).\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct exprargs args = { NULL, 0 };
	struct exprstep x = { 0 };
	struct expr_error err;
	struct step step;
	int ch, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	while ((ch = stream_getopt(argc, argv, "FhR", longopts)) != -1) {
		switch (ch) {
		case OPT_ARG:
		case OPT_ARGJSON:
			if (exprargs_option(&args, ch, argc, argv) < 0)
				return EXIT_FATAL;
			break;
		case 'h': usage(EXIT_OK); break;
		default:
			if (stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(EXIT_FATAL);

	x.expr = expr_compile(argv[0], args.vars, args.n, &err);
	if (x.expr == NULL) {
		expr_print_error(argv[0], &err);
		return EXIT_FATAL;
	}
	step = exprstep_map(&x);
	status = stream_run(&opts, argv + 1, &step);
	exprstep_free(&x);
	expr_free(x.expr);
	exprargs_free(&args);
	return stream_exit(status);
}
