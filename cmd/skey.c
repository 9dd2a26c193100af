/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/* skey: set a key field on each record, and keep one shard of the keys. */

#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jqargs.h"
#include "jq/expr.h"
#include "keystep.h"
#include "status.h"
#include "stream.h"
#include "utf8.h"
#include "xalloc.h"

enum { OPT_AS = OPT_TOOL_FIRST, OPT_SHARD };

static const struct option longopts[] = { { "arg", required_argument, NULL,
					      OPT_ARG },
	{ "argjson", required_argument, NULL, OPT_ARGJSON },
	{ "as", required_argument, NULL, OPT_AS },
	{ "compact-output", no_argument, NULL, 'c' },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "follow", no_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "rawfile", required_argument, NULL, OPT_RAWFILE },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "slurpfile", required_argument, NULL, OPT_SLURPFILE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: skey [-cFqR] [--as NAME] [--dead-letter FILE] [--max-line "
	    "SIZE]\n"
	    "            [--arg NAME VALUE] [--argjson NAME JSON]"
	    " [--slurpfile NAME FILE]\n"
	    "            [--rawfile NAME FILE] [--shard I/N] [--stats]"
	    " [--strict]\n"
	    "            EXPR [EXPR ...] [--] [FILE ...]\n"
	    "\n"
	    "The first operand is an EXPR, and so is each further operand "
	    "that\n"
	    "starts with one of  . [ { ( $ \"  ; the first other operand and "
	    "all\n"
	    "after it are FILEs.  Options go before the EXPRs or among the "
	    "FILEs.\n"
	    "-- ends the EXPRs and the options, for files named like them:\n"
	    "skey .user -- ./in.ndjson\n"
	    "\n"
	    "examples:\n"
	    "  skey .user access.ndjson\n"
	    "  skey --as k .user .region < in.ndjson\n"
	    "  skey '(.host | ascii_downcase)' -- .hidden.ndjson\n"
	    "  for i in 0 1 2 3; do skey --shard $i/4 .user < in > shard$i & "
	    "done\n"
	    "\n"
	    "See skey(1) and stream-tools(7).\n");
	exit(status);
}

/* Returns 1 when an expression operand also names a file (not a directory). */
static int
names_file(const char *operand)
{
	struct stat st;

	return stat(operand, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* One option; exits on a bad one. */
static void
option(int ch, int argc, char **argv, struct stream_opts *opts,
    struct keystep_opts *ko, struct jqargs *args)
{
	int r;

	switch (ch) {
	case 'h': usage(EXIT_OK); break;
	case OPT_AS: ko->as = optarg; break;
	case OPT_SHARD:
		if (keystep_parse_shard(optarg, &ko->shard, &ko->nshards) <
		    0) {
			fprintf(stderr,
			    "skey: --shard: bad shard "
			    "(I/N with 0 <= I < N <= %u): %s\n",
			    KEYSTEP_MAX_SHARDS, optarg);
			exit(EXIT_FATAL);
		}
		break;
	default:
		if ((r = jqargs_option(args, ch, argc, argv)) < 0)
			exit(EXIT_FATAL);
		if (r == 0 && stream_option(opts, ch, optarg) != 1)
			usage(EXIT_FATAL);
	}
}

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct keystep_opts ko;
	struct jqargs args = { 0 };
	struct keystep *k;
	struct step step;
	char **files;
	size_t i;
	int ch, nexprs, first, nfiles, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	memset(&ko, 0, sizeof(ko));
	ko.as = KEYSTEP_NAME;
	/* Options up to the first EXPR ("+"): its -- is the EXPRs' own. */
	while ((ch = stream_getopt(argc, argv, "+cFhqR", longopts)) != -1)
		option(ch, argc, argv, &opts, &ko, &args);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(EXIT_FATAL);
	nexprs = keystep_operands(argc, argv, &first);
	files = argv + first - 1; /* files[0] stands for the program name */
	nfiles = argc - first + 1;
	/* Then options anywhere among the FILEs, unless -- came. */
	if (first == nexprs) {
		char *last = files[0];

		files[0] = argv[-optind]; /* getopt's messages name it */
		optind = 0;
		while ((ch = stream_getopt(nfiles, files, "cFhqR", longopts)) !=
		    -1)
			option(ch, nfiles, files, &opts, &ko, &args);
		files[0] = last;
		files += optind - 1;
	}

	if (!utf8_valid(ko.as, strlen(ko.as))) {
		fprintf(stderr, "skey: --as: name is not valid UTF-8\n");
		exit(EXIT_FATAL);
	}
	ko.nexprs = (size_t)nexprs;
	ko.srcs = argv;
	ko.exprs = xcalloc(ko.nexprs, sizeof(*ko.exprs));
	for (i = 0; i < ko.nexprs; i++) {
		ko.exprs[i] = jqargs_compile(&args, argv[i]);
		if (names_file(argv[i]))
			fprintf(stderr,
			    "skey: %s%s is read as an expression, "
			    "not as the file of that name; %s\n",
			    ko.exprs[i] != NULL ? "warning: " : "", argv[i],
			    i == 0 ? "the first operand is always an "
				     "expression"
				   : "put -- before the files");
		if (ko.exprs[i] == NULL) {
			while (i-- > 0)
				expr_free(ko.exprs[i]);
			free(ko.exprs);
			exit(EXIT_FATAL);
		}
	}
	k = keystep_new(&ko);
	step = keystep_step(k);
	status = stream_run(&opts, files + 1, &step);
	keystep_free(k);
	for (i = 0; i < ko.nexprs; i++)
		expr_free(ko.exprs[i]);
	free(ko.exprs);
	jqargs_free(&args);
	return stream_exit(status);
}
