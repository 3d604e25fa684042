/*
 * graph.c: see graph.h.
 */
#include "core/graph.h"

#include <stdlib.h>

#include "util/xalloc.h"

/* ---- id -> index maps ------------------------------------------------- */

static int cmp_idx(const void *a, const void *b)
{
	long long x = ((const struct idmap_entry *)a)->id, y = ((const struct idmap_entry *)b)->id;
	return x < y ? -1 : x > y;
}

void idmap_build(struct idmap *m, size_t n, const void *base, size_t stride)
{
	m->v = xmallocarray(n ? n : 1, sizeof *m->v);
	m->n = n;
	for (size_t i = 0; i < n; i++) {
		m->v[i].id = *(const long long *)((const char *)base + i * stride);
		m->v[i].at = i;
	}
	qsort(m->v, n, sizeof *m->v, cmp_idx);
}

size_t id_search(const void *base, size_t n, size_t stride, long long id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		long long v = *(const long long *)((const char *)base + mid * stride);
		if (v < id)
			lo = mid + 1;
		else if (v > id)
			hi = mid;
		else
			return mid;
	}
	return (size_t)-1;
}

size_t idmap_find(const struct idmap *m, long long id)
{
	size_t i = id_search(m->v, m->n, sizeof *m->v, id);
	return i == (size_t)-1 ? i : m->v[i].at;
}

/* ---- adjacency -------------------------------------------------------- */

void adj_build(struct adj *g, size_t nodes, const struct id_link *links, size_t nlinks,
	       const struct idmap *from_map, const struct idmap *to_map, int reverse)
{
	g->start = xcalloc(nodes + 1, sizeof *g->start);
	g->to = xmallocarray(nlinks ? nlinks : 1, sizeof *g->to);
	size_t *fill = xcalloc(nodes + 1, sizeof *fill);
	for (size_t i = 0; i < nlinks; i++) {
		size_t f = idmap_find(from_map, reverse ? links[i].to : links[i].from);
		size_t t = idmap_find(to_map, reverse ? links[i].from : links[i].to);
		if (f != (size_t)-1 && t != (size_t)-1)
			g->start[f + 1]++;
	}
	for (size_t i = 0; i < nodes; i++)
		g->start[i + 1] += g->start[i];
	for (size_t i = 0; i < nlinks; i++) {
		size_t f = idmap_find(from_map, reverse ? links[i].to : links[i].from);
		size_t t = idmap_find(to_map, reverse ? links[i].from : links[i].to);
		if (f != (size_t)-1 && t != (size_t)-1)
			g->to[g->start[f] + fill[f]++] = t;
	}
	free(fill);
}

void adj_free(struct adj *g)
{
	free(g->start);
	free(g->to);
}

void idmap_free(struct idmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}
