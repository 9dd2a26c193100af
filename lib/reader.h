#ifndef READER_H
#define READER_H

#include <stddef.h>

/*
 * Lines from a list of files read in order, like cat: "-" is standard
 * input, no files at all means standard input.  A line is returned
 * without its newline and without one trailing CR; a last line with no
 * newline is still a line; a UTF-8 byte order mark at the start of a
 * file is skipped.  Lines longer than max_line bytes are not
 * kept: their bytes are handed to the overflow callback as they stream
 * past (for --dead-letter) and READ_TOOLONG is returned once the line
 * ends, so a single huge line never grows memory past the cap.
 *
 * Before the reader blocks in read(2) it calls before_wait, which the
 * stream loop uses to flush output: in bulk the reader rarely blocks and
 * output goes out in large blocks; live, every record goes out at once.
 */
#define READER_DEFAULT_MAX_LINE (64UL << 20)

enum read_status {
	READ_LINE,     /* *line is valid until the next call */
	READ_TOOLONG,  /* a line over max_line was skipped */
	READ_TIMEOUT,  /* nothing arrived in time, or a signal came */
	READ_OPENFAIL, /* a file could not be opened or read; message in errtext
			*/
	READ_EOF       /* every file is done */
};

struct line {
	const char *data;
	size_t len;
	size_t rawlen;	  /* len plus the CR that was dropped, if any */
	const char *file; /* name for messages: "-" shows as "<stdin>" */
	unsigned long lineno;
};

struct reader {
	char **files; /* NULL-terminated */
	size_t nextfile;
	const char *name; /* current file, for messages */
	int fd;		  /* -1 between files */
	unsigned long lineno;
	char *buf;
	size_t cap, start, end; /* unconsumed bytes are buf[start..end) */
	size_t max_line;
	int nonblocking_open; /* a FIFO's open does not wait for a writer */
	int eof;	      /* current file hit end of file */
	int skipping; /* inside an over-long line */
	char errtext[256];
	void (*before_wait)(void *ctx);
	void (*overflow)(void *ctx, const char *p, size_t n);
	void *ctx;
};

/* files may be empty ({NULL}); the array must outlive the reader. */
void reader_init(struct reader *r, char **files, size_t max_line);

/*
 * Next line.  timeout_ms < 0 waits for ever.  READ_OPENFAIL reports one
 * file that could not be read (errtext says why); the caller decides
 * whether to go on, and the next call moves to the following file.
 */
enum read_status reader_next(struct reader *r, struct line *line,
    int timeout_ms);

void reader_free(struct reader *r);

/*
 * Returns 1 when any of files (NULL-terminated; none means standard
 * input) is live input: a pipe, FIFO, socket, terminal or anything but
 * a regular file.  A file that cannot be examined counts as not live
 * (opening it will report the error).  This picks the watermark rule:
 * data alone for regular files, idle advance for live input.
 */
int reader_files_live(char **files);

#endif
