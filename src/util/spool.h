/*
 * spool.h: bytes appended to an unnamed temporary file, for what is too big
 * to hold in memory while it is made (an export, a workbook's sheet).
 *
 * The file is made on the first write in $TMPDIR (or /tmp) with O_TMPFILE:
 * it has no name and is gone when closed, also when the process dies. A
 * zero-initialised struct spool is empty. A failed write is remembered;
 * later writes do nothing and spool_ok() says so.
 */
#ifndef TILLIT_SPOOL_H
#define TILLIT_SPOOL_H

#include <stddef.h>
#include <stdint.h>

struct spool {
	int fd1;        /* descriptor + 1; 0 before the first write */
	int failed;
	uint64_t len;   /* bytes written */
};

void spool_write(struct spool *s, const void *data, size_t len);
int spool_ok(const struct spool *s);
/* Hand the bytes written so far to fn in order, in pieces; 0 on success. */
int spool_each(struct spool *s, void (*fn)(void *ctx, const void *data, size_t len), void *ctx);
/* Give up the descriptor, positioned at the start, to the caller (who
 * closes it); -1 when nothing was written or a write failed. The spool is
 * empty afterwards. */
int spool_take_fd(struct spool *s);
void spool_close(struct spool *s);

#endif
