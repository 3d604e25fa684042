/*
 * cache.c: see cache.h.
 */
#include "web/cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/derived.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define BUCKETS 1024
#define MAX_ENTRIES 4096
#define MAX_KEPT_HEADERS 4

/* The tables every page reads for who the reader is and may do. */
static const char *const rights[] = { "role-assignments", "users", "people", "organisation" };

struct entry {
	struct entry *next; /* in its bucket */
	uint64_t hash;
	char *key;
	long long gen;
	int status;
	char *content_type;
	char etag[24];
	size_t nheaders;
	char *header_name[MAX_KEPT_HEADERS], *header_value[MAX_KEPT_HEADERS];
	char *body;
	size_t len;
	unsigned long long used;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[BUCKETS];
static size_t nentries, nbytes;
static unsigned long long clock_tick;

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void entry_free(struct entry *e)
{
	for (size_t i = 0; i < e->nheaders; i++) {
		free(e->header_name[i]);
		free(e->header_value[i]);
	}
	free(e->key);
	free(e->content_type);
	free(e->body);
	free(e);
}

/* Unlink and free the entry e in bucket b (lock held). */
static void drop(struct entry **link)
{
	struct entry *e = *link;
	*link = e->next;
	nbytes -= e->len + strlen(e->key);
	nentries--;
	entry_free(e);
}

/* Make room for need more bytes (lock held): the least recently used go. */
static void make_room(size_t need)
{
	while (nentries && (nbytes + need > CACHE_BYTES || nentries >= MAX_ENTRIES)) {
		struct entry **oldest = NULL;
		for (size_t b = 0; b < BUCKETS; b++)
			for (struct entry **l = &table[b]; *l; l = &(*l)->next)
				if (!oldest || (*l)->used < (*oldest)->used)
					oldest = l;
		if (!oldest)
			break;
		drop(oldest);
	}
}

static struct entry **find(uint64_t hash, const char *key)
{
	struct entry **l = &table[hash % BUCKETS];
	while (*l && ((*l)->hash != hash || strcmp((*l)->key, key) != 0))
		l = &(*l)->next;
	return l;
}

void cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t b = 0; b < BUCKETS; b++)
		while (table[b])
			drop(&table[b]);
	pthread_mutex_unlock(&lock);
}

/* The reader: the session or the token, whichever the request came with. */
static const char *reader(struct request *r)
{
	if (r->session_hash)
		return r->session_hash;
	const char *authz = req_header(r, "Authorization");
	return authz ? authz : "";
}

/* The request's query, in the order given (a different order is another
 * key, which costs a render, never a wrong answer). */
static int add_arg(void *ctx, const struct jval *v, const char *name)
{
	struct buf *b = ctx;
	buf_printf(b, "&%s=%s", name, v && v->type == J_STR ? v->s : "");
	return 0;
}

static void set_etag(struct request *r, const char *etag)
{
	res_header(r, "ETag", etag);
	/* Pages of an ISMS stay out of shared caches; the browser keeps them
	 * but asks each time whether they are still current. */
	for (size_t i = 0; i < r->res.nheaders; i++)
		if (strcmp(r->res.headers[i].name, "Cache-Control") == 0)
			r->res.headers[i].value = "private, no-cache";
}

int cache_serve(struct request *r, const char *const *names, size_t n, struct cache_ticket *t)
{
	memset(t, 0, sizeof *t);
	if (strcmp(r->method, "GET") != 0 || !r->authed || n > 24)
		return 0;
	const char *all[32];
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		all[k++] = names[i];
	for (size_t i = 0; i < sizeof rights / sizeof *rights; i++)
		all[k++] = rights[i];
	long long gens[32], gen = 0;
	if (store_generations(r->st, r->org_id, all, k, gens) != STORE_OK)
		return 0;
	for (size_t i = 0; i < k; i++)
		gen += gens[i];
	/* Today is part of the key: what is overdue moves with the date. */
	char today[11];
	clock_today(today);
	struct buf key = BUF_INIT;
	buf_printf(&key, "%lld\x1f%d\x1f%s\x1f%s\x1f%s\x1f", r->org_id, r->lang, today, reader(r), r->path);
	struct jval *q = req_query_obj(r);
	for (const struct jval *m = q ? q->first : NULL; m; m = m->next)
		add_arg(&key, m, m->key);
	t->key = arena_strdup(r->a, buf_str(&key));
	buf_free(&key);
	t->gen = gen;
	uint64_t hash = fnv(t->key, 14695981039346656037ULL);
	char g[24];
	snprintf(g, sizeof g, "%lld", gen);
	snprintf(t->etag, sizeof t->etag, "\"%016llx\"", (unsigned long long)fnv(g, hash));

	pthread_mutex_lock(&lock);
	struct entry **l = find(hash, t->key);
	struct entry *e = *l;
	if (e && e->gen != gen) {
		drop(l);
		e = NULL;
	}
	if (!e) {
		pthread_mutex_unlock(&lock);
		return 0;
	}
	e->used = ++clock_tick;
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, e->etag)) {
		res_start(r, 304, arena_strdup(r->a, e->content_type));
	} else {
		res_start(r, e->status, arena_strdup(r->a, e->content_type));
		buf_add(&r->res.body, e->body, e->len);
	}
	for (size_t i = 0; i < e->nheaders; i++)
		res_header(r, arena_strdup(r->a, e->header_name[i]), arena_strdup(r->a, e->header_value[i]));
	pthread_mutex_unlock(&lock);
	set_etag(r, arena_strdup(r->a, t->etag));
	res_header(r, "X-Tillit-Cache", "hit");
	return 1;
}

/* The headers the handler set that are kept with the body (not those
 * every response gets from the router). */
static int kept_header(const char *name)
{
	return strcmp(name, "Content-Disposition") == 0 || strcmp(name, "Cache-Control") == 0;
}

void cache_keep(struct request *r, const struct cache_ticket *t)
{
	if (!t->key || r->no_keep || r->res.status != 200 || r->res.headers_lost || r->res.spool.fd1 ||
	    r->res.spool.failed)
		return;
	/* Says whether a page was made (for operators and tests). */
	res_header(r, "X-Tillit-Cache", "miss");
	for (size_t i = 0; i < r->res.nheaders; i++)
		if (strcmp(r->res.headers[i].name, "Set-Cookie") == 0)
			return;
	set_etag(r, arena_strdup(r->a, t->etag));
	size_t len = r->res.body.len;
	if (len + strlen(t->key) > CACHE_BYTES / 8)
		return;
	struct entry *e = xcalloc(1, sizeof *e);
	e->key = xstrdup(t->key);
	e->hash = fnv(e->key, 14695981039346656037ULL);
	e->gen = t->gen;
	e->status = r->res.status;
	e->content_type = xstrdup(r->res.content_type ? r->res.content_type : "text/plain");
	memcpy(e->etag, t->etag, sizeof e->etag);
	for (size_t i = 0; i < r->res.nheaders && e->nheaders < MAX_KEPT_HEADERS; i++)
		if (kept_header(r->res.headers[i].name)) {
			e->header_name[e->nheaders] = xstrdup(r->res.headers[i].name);
			e->header_value[e->nheaders] = xstrdup(r->res.headers[i].value);
			e->nheaders++;
		}
	e->body = xmalloc(len ? len : 1);
	memcpy(e->body, r->res.body.data, len);
	e->len = len;
	pthread_mutex_lock(&lock);
	struct entry **l = find(e->hash, e->key);
	if (*l)
		drop(l);
	make_room(len + strlen(e->key));
	e->used = ++clock_tick;
	l = &table[e->hash % BUCKETS];
	e->next = *l;
	*l = e;
	nentries++;
	nbytes += len + strlen(e->key);
	pthread_mutex_unlock(&lock);
}
