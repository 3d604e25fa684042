/*
 * cache: responses kept for repeated reads of the common pages (the
 * overview, the first pages of lists, the gap list, the risk overview, the
 * joint action plan, the SoA), with a validator.
 *
 * A response is kept under a key made of the organisation, the reader (the
 * session or the API token: a response may show the reader's own name,
 * rights and form tokens), the language, today's date (what is overdue),
 * the path and the query, and it is
 * valid for one generation: the sum of the generations of the tables (and
 * derived areas, store/derived.h) the page reads, each of which moves only
 * when that table changes. A change to one table thus leaves every kept
 * page that does not read it valid, and a login, a session or another
 * bookkeeping write leaves them all valid. Every kept response carries an
 * ETag; a request whose If-None-Match names it is answered 304.
 *
 * At most CACHE_BYTES of bodies are kept in all, the least recently used
 * making way. A kept page says "X-Tillit-Cache: hit" when it was served
 * from what was kept, "miss" when it was made.
 */
#ifndef TILLIT_CACHE_H
#define TILLIT_CACHE_H

#include <stddef.h>

#include "web/http.h"

#define CACHE_BYTES (24u << 20)

/* What a lookup found, for cache_keep after the handler ran. */
struct cache_ticket {
	const char *key; /* arena memory; NULL: not cacheable */
	long long gen;
	char etag[24];
};

/* For a GET that reads the tables names[0..n) (with the reader's rights
 * tables added): serve a kept response (200, or 304 on a matching
 * If-None-Match) and return 1; else fill t and return 0, and the caller
 * runs the handler and then calls cache_keep. */
int cache_serve(struct request *r, const char *const *names, size_t n, struct cache_ticket *t);
/* Keep the response the handler made under t (a 200 without cookies),
 * and give it its ETag. */
void cache_keep(struct request *r, const struct cache_ticket *t);
/* Forget every kept response (tests). */
void cache_clear(void);

#endif
