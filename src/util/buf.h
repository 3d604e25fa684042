/*
 * buf: the one growable text/byte buffer.
 *
 * A buf always keeps data NUL-terminated (data[len] == 0) once anything has
 * been added, so it can be handed to C string functions. Allocation failure
 * aborts (see xalloc.h); callers never check for NULL.
 */
#ifndef TILLIT_BUF_H
#define TILLIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Reset to empty, keeping the allocation. */
void buf_reset(struct buf *b);
/* Make room for at least `extra` more bytes plus the terminating NUL;
 * aborts (xalloc_die) when that size does not fit in size_t. */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Append v in decimal (without printf's cost: lists write many ids). */
void buf_put_ll(struct buf *b, long long v);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Text or "" when empty; never NULL. */
const char *buf_str(const struct buf *b);
/* Release the memory; the buf is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Hand the data (malloc'd, NUL-terminated, never NULL) to the caller. */
char *buf_detach(struct buf *b);

#endif
