/*
 * xalloc: allocation that never returns NULL. Running out of memory in a
 * request handler leaves no sane way on, so we log and abort (DESIGN rule 3).
 *
 * An array is allocated with xmallocarray()/xreallocarray() (or
 * arena_alloc_array()), never as xmalloc(n * size): the product is checked,
 * and one that does not fit in size_t aborts like running out of memory
 * instead of wrapping round to a small block that is then overrun.
 */
#ifndef TILLIT_XALLOC_H
#define TILLIT_XALLOC_H

#include <stddef.h>

/* Report running out of memory (or an impossible size) and abort. */
__attribute__((noreturn)) void xalloc_die(void);
/* n bytes (at least 1). */
void *xmalloc(size_t n);
/* n zeroed elements of size bytes (calloc checks the product). */
void *xcalloc(size_t n, size_t size);
/* p resized to n bytes (at least 1). */
void *xrealloc(void *p, size_t n);
/* n elements of size bytes, uninitialised; xalloc_die() when n * size
 * overflows. */
void *xmallocarray(size_t n, size_t size);
/* p resized to n elements of size bytes; xalloc_die() when n * size
 * overflows (p is then left as it was, though the process ends). */
void *xreallocarray(void *p, size_t n, size_t size);
/* n * size, or xalloc_die() when the product does not fit in size_t: for
 * sizes computed before they are allocated. */
size_t xmulsize(size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
