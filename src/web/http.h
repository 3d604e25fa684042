/*
 * http: the request and response as handlers see them. server.c fills a
 * request from libmicrohttpd and sends the response; nothing else touches
 * libmicrohttpd. Everything a request allocates hangs off req->a and is
 * freed in one call when the response has been queued.
 */
#ifndef TILLIT_HTTP_H
#define TILLIT_HTTP_H

#include <stddef.h>

#include "model/record.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/spool.h"
#include "web/form.h"

struct visible;

#define HTTP_MAX_HEADERS 16
#define HTTP_MAX_PARAMS 4

struct response {
	int status;
	const char *content_type;
	struct buf body;
	/* A large body (an export) goes to a file as it is made (res_spill). */
	struct spool spool;
	size_t nheaders;
	size_t headers_lost; /* res_header() calls past HTTP_MAX_HEADERS: a bug */
	struct {
		const char *name, *value;
	} headers[HTTP_MAX_HEADERS];
};

struct request {
	struct arena *a;
	struct store *st;
	void *conn; /* the libmicrohttpd connection (server.c only) */

	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	int body_too_large; /* the body went over the limit and was dropped */
	int body_busy;      /* a large body while another large file was held:
			       dropped (req_heavy) */
	int *heavy;         /* whether this request holds the large-file slot
			       (the server's; NULL outside the server) */
	int bad_url;        /* a malformed %-escape or %00 in the path or query */
	const char *remote_addr;
	int secure; /* reached over TLS (behind a proxy that says so) */

	/* Set by the router. */
	const struct entity *entity;
	long long id;
	const char *param; /* a {name} segment other than entity and id */
	unsigned action;   /* what the route does to its entity (A_READ ...), or 0 */
	int api;           /* an /api/ route: errors as problem+json */

	/* Set by authentication. */
	int authed;
	int via_token; /* bearer token, not a session cookie */
	struct user user;
	struct actor actor;
	const char *session_hash;
	const char *csrf;
	int lang;
	long long org_id;

	/* What the reader may read (page_readable), worked out once. */
	const char **readable;
	unsigned long long read_mask;

	struct form *form; /* parsed body, see req_form() */
	struct visible *visible; /* what the user may see, see recview_visible() */
	const struct tzone *zone; /* the organisation's time zone, see recview_zone() */
	int no_keep;              /* the page shows what changes with the clock: not kept (cache.h) */
	struct response res;
};

/* A query-string argument (first value), or NULL. */
/*
 * One request at a time may hold a large file in memory — a body over the
 * form limit (an upload), or a kept import read back — so that what files
 * cost stays within the memory ceiling however many arrive at once. A body
 * past 1 MiB takes the slot as it arrives (or is dropped, body_busy, and
 * answered 503); a handler about to read a large file calls req_heavy().
 * Returns 1 when this request holds the slot (also when there is no
 * server), 0 when another request does. Given back when the response is
 * done.
 */
int req_heavy(struct request *r);
#define HEAVY_BYTES (1u << 20) /* what counts as large: past a form's limit */
const char *req_query(struct request *r, const char *name);
/* Every value of a repeated query argument; returns the count. */
size_t req_query_all(struct request *r, const char *name, const char **vals, size_t max);
/* All query arguments as an object of strings (first value wins). */
struct jval *req_query_obj(struct request *r);
const char *req_header(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
/* The form body (urlencoded or multipart), parsed once; NULL when the body
 * is not a form or is malformed. */
struct form *req_form(struct request *r);
/* The form body field, or NULL. */
const char *req_post(struct request *r, const char *name);

/* Add a response header. There is room for HTTP_MAX_HEADERS, the security
 * headers the router puts first included; one more is a bug: the check
 * fails (abort under SAN=1) and router_respond() answers 500 instead. */
void res_header(struct request *r, const char *name, const char *value);
/* Set status and content type; the body is appended to r->res.body (what
 * was spilled before is dropped). */
void res_start(struct request *r, int status, const char *content_type);
/* Move the body made so far out of memory into the response's file, when
 * it has grown past RES_SPILL_AT (or at once, when force is set): an
 * export of any size holds at most that much. */
#define RES_SPILL_AT (1u << 20)
void res_spill(struct request *r, int force);
/* Append data to the body, straight to the file when it is large. */
void res_write(struct request *r, const void *data, size_t len);
/* 303 See Other to location (a path on this site). */
void res_redirect(struct request *r, const char *location);

/* Translate msgid into the request's language. */
const char *T(struct request *r, const char *msgid);
/* msgid in message context ctxt (util/i18n.h trc) in the user's language. */
const char *TC(struct request *r, const char *ctxt, const char *msgid);

/* Route handlers fill r->res. */
typedef void (*handler_fn)(struct request *r);

/* Dispatch a request (called by server.c with the body read). */
void router_handle(struct request *r);
/* Check the route table (the tables kept pages read name entities or
 * derived areas, ...): 0, or -1 with the first problem in err. */
int router_check(char *err, size_t errlen);
/* Call fn for each page a person reaches in a browser: the GET routes that
 * are neither public nor API, each with its pattern as the table has it
 * ("/{entity}/{id}/edit"). The role crawler (tests/browser/crawl.test.mjs)
 * expects every one a role may use to be reachable by links. */
void router_pages(void (*fn)(const char *pattern, void *arg), void *arg);
/* Let fn fill r's response, with the headers every response carries (CSP,
 * nosniff, ...) put on first so that no handler can push them out. When
 * fn added more headers than fit, the response becomes a 500 page that
 * carries only those, and a line is logged. */
void router_respond(struct request *r, handler_fn fn);

#endif
