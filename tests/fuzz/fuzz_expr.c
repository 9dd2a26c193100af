/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
/*
 * fuzz_expr: the expression compiler and evaluator (lib/expr.h).
 *
 * Input: the first line is the JSON input (null when it does not parse),
 * the rest is the program, as in `echo LINE | smap PROGRAM`.  The program
 * is compiled on the caller's stack, as the tools compile theirs on the
 * main thread, and evaluated on a 256 MiB stack of its own with
 * expr_set_stack, as stream_run evaluates.
 *
 * Work is bounded as a user's SIGTERM would bound it: after
 * FUZZ_EXPR_MS milliseconds (default 250) the harness raises the
 * interrupt flag (interrupt_raise), and the evaluation must then end
 * within FUZZ_EXPR_GRACE_MS (default 2000; the contract is 100 ms, the
 * margin is for the sanitizers and a loaded machine), else abort():
 * "interrupt not honoured".  At most 1000 outputs or 1 MiB of output are
 * collected, then the callback stops the evaluation.
 *
 * FUZZ_EXPR_VALID_PROGRAM=1 replaces invalid UTF-8 in the program with
 * U+FFFD before compiling: a way to go on fuzzing past the known finding
 * that string literals keep such bytes (regress/fuzz_expr/
 * program-string-invalid-utf8).
 *
 * Checked: no crash, leak or sanitizer report (ASan, UBSan, LSan), no
 * unbounded allocation (-malloc_limit_mb), every output dumps as valid
 * UTF-8 that jtext_parse accepts back and dumps identically.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "jq/expr.h"
#include "interrupt.h"
#include "jtext.h"

#define EVAL_STACK (256UL << 20) /* STREAM_STACK */
#define MAX_OUTPUTS 1000
#define MAX_OUTPUT_BYTES (1UL << 20)

struct job {
	struct expr *e;
	json_t *input;
	struct buf out; /* the dumps, one a line */
	size_t n;
	int rc;
	struct buf why;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct job *job;
static int job_done;
static long budget_ms = 250, grace_ms = 2000;
static int valid_program;
static const char *cur_prog;

static int
collect(void *ctx, json_t *v)
{
	struct job *j = ctx;

	jtext_dump(&j->out, v);
	buf_addc(&j->out, '\n');
	if (++j->n >= MAX_OUTPUTS || j->out.len >= MAX_OUTPUT_BYTES)
		return EXPR_STOP;
	return 0;
}

static void *
worker(void *arg)
{
	struct job *j;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (job == NULL || job_done)
			pthread_cond_wait(&cv, &mu);
		j = job;
		pthread_mutex_unlock(&mu);

		j->rc = expr_eval(j->e, j->input, collect, j, &j->why);

		pthread_mutex_lock(&mu);
		job_done = 1;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void
start_worker(void)
{
	static int started;
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	const char *s;

	if (started)
		return;
	started = 1;
	if ((s = getenv("FUZZ_EXPR_MS")) != NULL)
		budget_ms = atol(s);
	if ((s = getenv("FUZZ_EXPR_GRACE_MS")) != NULL)
		grace_ms = atol(s);
	if ((s = getenv("FUZZ_EXPR_VALID_PROGRAM")) != NULL)
		valid_program = atoi(s);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old); /* libFuzzer's are for main */
	pthread_attr_init(&attr);
	if (pthread_attr_setstacksize(&attr, EVAL_STACK) != 0 ||
	    pthread_create(&t, &attr, worker, NULL) != 0) {
		fprintf(stderr, "fuzz_expr: cannot start the worker\n");
		abort();
	}
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void
deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Waits until the job is done or ms pass; returns 1 when done. */
static int
wait_done(long ms)
{
	struct timespec ts;
	int done;

	deadline(&ts, ms);
	pthread_mutex_lock(&mu);
	while (!job_done)
		if (pthread_cond_timedwait(&cv, &mu, &ts) == ETIMEDOUT)
			break;
	done = job_done;
	pthread_mutex_unlock(&mu);
	return done;
}

static void
run(struct job *j)
{
	pthread_mutex_lock(&mu);
	job = j;
	job_done = 0;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	if (!wait_done(budget_ms)) {
		interrupt_raise(SIGTERM);
		if (!wait_done(grace_ms)) {
			fprintf(stderr,
			    "fuzz_expr: interrupt not honoured within %ld ms; "
			    "program: %s\n",
			    grace_ms, cur_prog);
			abort();
		}
	}
	pthread_mutex_lock(&mu);
	job = NULL;
	pthread_mutex_unlock(&mu);
	interrupt_clear();
}

static int
utf8_ok(const unsigned char *s, size_t len)
{
	const unsigned char *p = s, *end = s + len;
	unsigned long cp;
	size_t i, n;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p < 0xc2 || *p > 0xf4)
			return 0;
		n = *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		if ((size_t)(end - p) < n)
			return 0;
		cp = *p & (0x7f >> n);
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		p += n;
	}
	return 1;
}

static void
check_outputs(const struct buf *out)
{
	struct jtext_error err;
	struct buf again = { 0 };
	const char *p, *nl, *end;
	json_t *v;

	if (out->len == 0)
		return;
	for (p = out->data, end = p + out->len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!utf8_ok((const unsigned char *)p, (size_t)(nl - p))) {
			fprintf(stderr,
			    "fuzz_expr: output is not UTF-8: %.*s\n"
			    "program: %s\n",
			    (int)(nl - p), p, cur_prog);
			abort();
		}
		if ((v = jtext_parse(p, (size_t)(nl - p), &err)) == NULL) {
			fprintf(stderr,
			    "fuzz_expr: output does not parse (%s): %.*s\n"
			    "program: %s\n",
			    err.text, (int)(nl - p), p, cur_prog);
			abort();
		}
		buf_reset(&again);
		jtext_dump(&again, v);
		json_decref(v);
		if (again.len != (size_t)(nl - p) ||
		    memcmp(again.data, p, again.len) != 0) {
			fprintf(stderr,
			    "fuzz_expr: output changes when parsed and "
			    "dumped: %.*s -> %s\nprogram: %s\n",
			    (int)(nl - p), p, again.data, cur_prog);
			abort();
		}
	}
	buf_free(&again);
}

/* prog (n bytes) with every byte of a bad sequence as U+FFFD. */
static char *
sanitize(char *prog, size_t n)
{
	struct buf b = { 0 };
	size_t i, k;

	for (i = 0; i < n; i += k) {
		for (k = 1; k <= 4 && i + k <= n; k++)
			if (utf8_ok((const unsigned char *)prog + i, k))
				break;
		if (k <= 4 && i + k <= n)
			buf_add(&b, prog + i, k);
		else {
			buf_adds(&b, "\xef\xbf\xbd");
			k = 1;
		}
	}
	buf_addc(&b, '\0');
	free(prog);
	return b.data;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_error err;
	struct jtext_error jerr;
	struct job j;
	const uint8_t *nl;
	char *prog;
	size_t n;

	start_worker();
	memset(&j, 0, sizeof j);
	nl = memchr(data, '\n', size);
	n = nl != NULL ? (size_t)(nl - data) : size;
	if ((j.input = jtext_parse((const char *)data, n, &jerr)) == NULL)
		j.input = json_null();
	n = nl != NULL ? size - (size_t)(nl + 1 - data) : 0;
	prog = malloc(n + 1);
	memcpy(prog, nl != NULL ? nl + 1 : data, n);
	prog[n] = '\0'; /* a NUL in the input ends the program, as in argv */
	if (valid_program)
		prog = sanitize(prog, strlen(prog));
	cur_prog = prog;

	expr_set_stack(0);
	j.e = expr_compile(prog, NULL, 0, &err);
	if (j.e != NULL) {
		expr_set_stack(EVAL_STACK);
		run(&j);
		check_outputs(&j.out);
		expr_free(j.e);
	} else if (err.pos > strlen(prog)) {
		fprintf(stderr,
		    "fuzz_expr: error position %zu past the "
		    "program (%zu bytes): %s\n",
		    err.pos, strlen(prog), err.text);
		abort();
	}
	json_decref(j.input);
	buf_free(&j.out);
	buf_free(&j.why);
	free(prog);
	return 0;
}

#ifdef FUZZ_STANDALONE
#include "fuzz_main.h"
#endif
