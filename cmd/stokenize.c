/* stokenize: split the text of each record into one record per token. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jq/expr.h"
#include "rx.h"
#include "status.h"
#include "stream.h"
#include "tokenize.h"
#include "utf8.h"

enum { OPT_AS = OPT_TOOL_FIRST, OPT_KEEP, OPT_LOWER };

static const struct option longopts[] = { { "as", required_argument, NULL,
					      OPT_AS },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "help", no_argument, NULL, 'h' },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "lower", no_argument, NULL, OPT_LOWER },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "follow", no_argument, NULL, 'F' },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: stokenize [-FR] [-f EXPR] [-p PATTERN] [--as NAME]\n"
	    "                 [--keep] [--lower] [--dead-letter FILE]\n"
	    "                 [--max-line SIZE] [--strict] [FILE ...]\n"
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
	struct expr_error experr;
	const char *pattern = TOKENIZE_PATTERN;
	char err[512];
	struct step step;
	int ch, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	memset(&to, 0, sizeof(to));
	to.field = ".";
	to.as = TOKENIZE_NAME;
	while (
	    (ch = stream_getopt(argc, argv, "Ff:hp:R", longopts)) != -1) {
		switch (ch) {
		case 'f': to.field = optarg; break;
		case 'h': usage(EXIT_OK); break;
		case 'p': pattern = optarg; break;
		case OPT_AS: to.as = optarg; break;
		case OPT_KEEP: to.keep = 1; break;
		case OPT_LOWER: to.lower = 1; break;
		default:
			if (stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;

	if (!utf8_valid(to.as, strlen(to.as))) {
		fprintf(stderr, "stokenize: --as: name is not valid UTF-8\n");
		return EXIT_FATAL;
	}
	to.rx = rx_compile(pattern, strlen(pattern), 0, err, sizeof(err));
	if (to.rx == NULL) {
		fprintf(stderr, "stokenize: -p: %s\n", err);
		return EXIT_FATAL;
	}
	if (strcmp(to.field, ".") != 0) {
		to.expr = expr_compile(to.field, NULL, 0, &experr);
		if (to.expr == NULL) {
			expr_print_error(to.field, &experr);
			rx_free(to.rx);
			return EXIT_FATAL;
		}
	}
	t = tokenize_new(&to);
	step = tokenize_step(t);
	status = stream_run(&opts, argv, &step);
	tokenize_free(t);
	expr_free(to.expr);
	rx_free(to.rx);
	return stream_exit(status);
}
