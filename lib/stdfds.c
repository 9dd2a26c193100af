/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "stdfds.h"

static int closed[3];

void
stdfds_init(void)
{
	int fd, nul;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		closed[fd] = 1;
		/* the lowest free descriptor: fd itself */
		nul = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (nul >= 0 && nul != fd) {
			dup2(nul, fd);
			close(nul);
		}
	}
}

int
stdfds_was_closed(int fd)
{
	return fd >= 0 && fd < 3 && closed[fd];
}
