/* spool.c: an unnamed temporary file to append to (see spool.h). */
#include "util/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static int spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	return open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

void spool_write(struct spool *s, const void *data, size_t len)
{
	if (s->failed || !len)
		return;
	if (!s->fd1) {
		int fd = spool_open();
		if (fd < 0) {
			s->failed = 1;
			return;
		}
		s->fd1 = fd + 1;
	}
	const char *p = data;
	while (len) {
		ssize_t w = write(s->fd1 - 1, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->failed = 1;
			return;
		}
		p += w;
		len -= (size_t)w;
		s->len += (uint64_t)w;
	}
}

int spool_ok(const struct spool *s)
{
	return !s->failed;
}

int spool_each(struct spool *s, void (*fn)(void *ctx, const void *data, size_t len), void *ctx)
{
	if (s->failed)
		return -1;
	if (!s->fd1)
		return 0;
	char piece[65536];
	uint64_t left = s->len;
	off_t at = 0;
	while (left) {
		ssize_t n = pread(s->fd1 - 1, piece, left < sizeof piece ? (size_t)left : sizeof piece, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		fn(ctx, piece, (size_t)n);
		at += n;
		left -= (uint64_t)n;
	}
	return 0;
}

int spool_take_fd(struct spool *s)
{
	int fd = s->fd1 - 1;
	if (s->failed || !s->fd1 || lseek(fd, 0, SEEK_SET) != 0) {
		spool_close(s);
		return -1;
	}
	s->fd1 = 0;
	s->len = 0;
	return fd;
}

void spool_close(struct spool *s)
{
	if (s->fd1)
		close(s->fd1 - 1);
	s->fd1 = 0;
	s->failed = 0;
	s->len = 0;
}
