#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "xalloc.h"

int
output_open_append(const char *path)
{
	char *end;
	long n;

	if (strncmp(path, "/dev/fd/", 8) == 0) {
		n = strtol(path + 8, &end, 10);
		if (end != path + 8 && *end == '\0' && n >= 0 && n <= INT_MAX)
			return dup((int)n);
	}
	return open(path, O_WRONLY | O_APPEND | O_CREAT, 0666);
}

void
output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->data = xmalloc(OUTPUT_BLOCK);
	o->len = 0;
	o->error = 0;
}

int
output_write_fd(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
write_all(struct output *o, const char *p, size_t n)
{
	if (o->error == 0 && output_write_fd(o->fd, p, n) < 0)
		o->error = errno;
}

int
output_flush(struct output *o)
{
	if (o->len > 0)
		write_all(o, o->data, o->len);
	o->len = 0;
	return o->error ? -1 : 0;
}

void
output_write(struct output *o, const void *p, size_t n)
{
	if (o->len + n > OUTPUT_BLOCK) {
		output_flush(o);
		if (n >= OUTPUT_BLOCK) {
			write_all(o, p, n);
			return;
		}
	}
	memcpy(o->data + o->len, p, n);
	o->len += n;
}

void
output_putc(struct output *o, char c)
{
	if (o->len == OUTPUT_BLOCK)
		output_flush(o);
	o->data[o->len++] = c;
}

int
output_failed(const struct output *o)
{
	return o->error != 0;
}

void
output_free(struct output *o)
{
	free(o->data);
	o->data = NULL;
}
