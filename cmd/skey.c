/* skey: set a key field on each record, and keep one shard of the keys. */

#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jq/expr.h"
#include "keystep.h"
#include "status.h"
#include "stream.h"
#include "utf8.h"
#include "xalloc.h"

enum { OPT_AS = OPT_TOOL_FIRST, OPT_SHARD };

static const struct option longopts[] = { { "as", required_argument, NULL,
					      OPT_AS },
	{ "dead-letter", required_argument, NULL, OPT_DEAD_LETTER },
	{ "help", no_argument, NULL, 'h' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "follow", no_argument, NULL, 'F' },
	{ "raw-input", no_argument, NULL, 'R' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "version", no_argument, NULL, OPT_VERSION }, { NULL, 0, NULL, 0 } };

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: skey [-FR] [--as NAME] [--dead-letter FILE] [--max-line "
	    "SIZE]\n"
	    "            [--shard I/N] [--strict] EXPR [EXPR ...] [--] [FILE "
	    "...]\n"
	    "\n"
	    "Options come first.  The first operand is an EXPR, and so is "
	    "each\n"
	    "further operand that starts with one of  . [ { ( $ \"  ; the "
	    "first\n"
	    "other operand and all after it are FILEs.  -- ends the EXPRs, "
	    "for\n"
	    "files named like them: skey .user -- ./in.ndjson\n"
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

int
main(int argc, char *argv[])
{
	struct stream_opts opts;
	struct keystep_opts ko;
	struct expr_error err;
	struct keystep *k;
	struct step step;
	size_t i;
	int ch, nexprs, files, status;

	argv[0] = diag_setprogname(argv[0]);
	stream_opts_init(&opts);
	memset(&ko, 0, sizeof(ko));
	ko.as = KEYSTEP_NAME;
	while ((ch = stream_getopt(argc, argv, "+FhR", longopts)) != -1) {
		switch (ch) {
		case 'h': usage(EXIT_OK); break;
		case OPT_AS: ko.as = optarg; break;
		case OPT_SHARD:
			if (keystep_parse_shard(optarg, &ko.shard,
				&ko.nshards) < 0) {
				fprintf(stderr,
				    "skey: --shard: bad shard "
				    "(I/N with 0 <= I < N <= %u): %s\n",
				    KEYSTEP_MAX_SHARDS, optarg);
				return EXIT_FATAL;
			}
			break;
		default:
			if (stream_option(&opts, ch, optarg) != 1)
				usage(EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(EXIT_FATAL);

	if (!utf8_valid(ko.as, strlen(ko.as))) {
		fprintf(stderr, "skey: --as: name is not valid UTF-8\n");
		return EXIT_FATAL;
	}
	nexprs = keystep_operands(argc, argv, &files);
	ko.nexprs = (size_t)nexprs;
	ko.srcs = argv;
	ko.exprs = xcalloc(ko.nexprs, sizeof(*ko.exprs));
	for (i = 0; i < ko.nexprs; i++) {
		ko.exprs[i] = expr_compile(argv[i], NULL, 0, &err);
		if (ko.exprs[i] == NULL)
			expr_print_error(argv[i], &err);
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
			return EXIT_FATAL;
		}
	}
	k = keystep_new(&ko);
	step = keystep_step(k);
	status = stream_run(&opts, argv + files, &step);
	keystep_free(k);
	for (i = 0; i < ko.nexprs; i++)
		expr_free(ko.exprs[i]);
	free(ko.exprs);
	return stream_exit(status);
}
