#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_CHUNK 8192

struct chunk {
	struct chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char mem[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct chunk *head;
	struct deferred *defer;
	size_t used;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

/* n bytes at a multiple of align (a power of two) in the head chunk, or in
 * a new one. */
static void *take(struct arena *a, size_t n, size_t align)
{
	/* Rounding up must not wrap: SIZE_MAX - 3 would round to 0 and hand
	 * out one aligned unit for a request the caller believes is huge. */
	if (n > SIZE_MAX - (align - 1))
		xalloc_die();
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	struct chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < n) {
		size_t size = n > ARENA_CHUNK / 2 ? n : ARENA_CHUNK;
		if (size > SIZE_MAX - sizeof(struct chunk))
			xalloc_die();
		c = xmalloc(sizeof(struct chunk) + size);
		c->size = size;
		c->used = 0;
		at = 0;
		/* A large one-off block goes behind the head so the head's
		 * remaining space stays usable for small allocations. */
		if (size > ARENA_CHUNK && a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->mem + at;
	a->used += at + n - c->used;
	c->used = at + n;
	memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return take(a, n, alignof(max_align_t));
}

void *arena_alloc_array(struct arena *a, size_t n, size_t size)
{
	return arena_alloc(a, xmulsize(n, size));
}

void *arena_push(struct arena *a, void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap || !*v) {
		size_t more = *cap < 4 ? 8 : xmulsize(*cap, 2);
		char *w = arena_alloc_array(a, more, size);
		if (*v && *n)
			memcpy(w, *v, xmulsize(*n, size));
		*v = w;
		*cap = more;
	}
	void *e = (char *)*v + xmulsize(*n, size);
	memset(e, 0, size);
	(*n)++;
	return e;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		xalloc_die();
	/* Text needs no alignment: a one-character field of an import costs
	 * two bytes, not sixteen. */
	char *p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof small, fmt, cp);
	va_end(cp);
	if (n < 0)
		xalloc_die();
	char *p = take(a, (size_t)n + 1, 1);
	if ((size_t)n < sizeof small)
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = xmalloc(sizeof *d);
	d->fn = fn;
	d->p = p;
	d->next = a->defer;
	a->defer = d;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}

static void run_deferred(struct arena *a)
{
	while (a->defer) {
		struct deferred *d = a->defer;
		a->defer = d->next;
		d->fn(d->p);
		free(d);
	}
}

void arena_reset(struct arena *a)
{
	run_deferred(a);
	struct chunk *keep = NULL;
	while (a->head) {
		struct chunk *c = a->head;
		a->head = c->next;
		if (!keep && c->size == ARENA_CHUNK)
			keep = c;
		else
			free(c);
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->used = 0;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	run_deferred(a);
	while (a->head) {
		struct chunk *c = a->head;
		a->head = c->next;
		free(c);
	}
	free(a);
}
