/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * A main for builds without libFuzzer (AFL++, or a plain compiler to
 * replay inputs): each FILE argument, or standard input when there is
 * none, is one input.  Included by every harness under FUZZ_STANDALONE.
 */
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_run_file(FILE *f)
{
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((data = realloc(data, cap)) == NULL)
				return -1;
		}
		n = fread(data + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		free(data);
		return -1;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *f;
	int i;

	if (argc < 2)
		return fuzz_run_file(stdin) < 0 ? 2 : 0;
	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 2;
		}
		if (fuzz_run_file(f) < 0) {
			perror(argv[i]);
			fclose(f);
			return 2;
		}
		fclose(f);
	}
	return 0;
}
