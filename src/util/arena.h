/*
 * arena: everything one request (or one command) allocates, freed in one call.
 *
 * Memory comes from chunks that are only released by arena_free(). Objects
 * that own memory outside the arena (a struct buf, a sqlite statement) can be
 * tied to the arena with arena_defer() so that they die with it.
 */
#ifndef TILLIT_ARENA_H
#define TILLIT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Zeroed memory, aligned for any type. Aborts when out of memory or when n
 * is too large to be rounded up to that alignment. */
void *arena_alloc(struct arena *a, size_t n);
/* Zeroed room for n elements of size bytes; aborts (xalloc_die) when
 * n * size overflows, as when out of memory. Use it for every array. */
void *arena_alloc_array(struct arena *a, size_t n, size_t size);
/* Room for one more element in the arena array *v of *n elements of size
 * bytes with room for *cap: when it is full, a block twice as large
 * (at least 8) with the elements copied (the old one stays in the arena).
 * Returns the element to fill, zeroed; *n counts it. */
void *arena_push(struct arena *a, void **v, size_t *n, size_t *cap, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Run fn(p) when the arena is freed (last registered runs first). */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);
/* Run deferred cleanups and forget everything allocated, keeping one chunk
 * for what comes next: an arena reused per row of a long loop. */
void arena_reset(struct arena *a);
/* Run deferred cleanups, release every chunk and the arena itself. */
void arena_free(struct arena *a);

#endif
