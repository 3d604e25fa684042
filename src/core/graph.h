/*
 * graph: id -> index maps and compressed adjacency lists over plain arrays
 * of records, for the rules in core/ that walk links between records
 * (gaps.c, soa.c).
 */
#ifndef TILLIT_GRAPH_H
#define TILLIT_GRAPH_H

#include <stddef.h>

/* A link between two records, by id (a row of a link table). */
struct id_link {
	long long from, to;
};

struct idmap_entry {
	long long id;
	size_t at;
};

/* Sorted ids, each with the index of its record. */
struct idmap {
	struct idmap_entry *v;
	size_t n;
};

/* Map the n records at base (stride bytes apart, each starting with a long
 * long id) to their indexes. */
void idmap_build(struct idmap *m, size_t n, const void *base, size_t stride);
/* Index of id, or (size_t)-1. */
size_t idmap_find(const struct idmap *m, long long id);
/* The index of id among the n records at base (stride bytes apart, each
 * starting with a long long id, ascending), or (size_t)-1. */
size_t id_search(const void *base, size_t n, size_t stride, long long id);
void idmap_free(struct idmap *m);
/* idmap_build over an array of structs whose first member is the id. */
#define IDMAP(m, arr, n) idmap_build(&(m), (n), (n) ? (const void *)&(arr)[0].id : NULL, sizeof (arr)[0])

/* Compressed adjacency: for node i (an index), targets to[start[i] .. start[i+1]). */
struct adj {
	size_t *start;
	size_t *to;
};

/* Adjacency over nodes records from links, with ids turned into indexes by
 * from_map and to_map; reverse swaps each link's ends. Links whose ends are
 * not in the maps are left out. */
void adj_build(struct adj *g, size_t nodes, const struct id_link *links, size_t nlinks,
	       const struct idmap *from_map, const struct idmap *to_map, int reverse);
void adj_free(struct adj *g);

#endif
