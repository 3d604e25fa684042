/*
 * xalloc: allocation that never returns NULL. Running out of memory in a
 * request handler leaves no sane way on, so we log and abort (DESIGN rule 3).
 */
#ifndef TILLIT_XALLOC_H
#define TILLIT_XALLOC_H

#include <stddef.h>

__attribute__((noreturn)) void xalloc_die(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
