/*
 * server: the HTTP server (libmicrohttpd, epoll, a thread pool), one store
 * connection per worker thread, bounded request bodies, and a clean stop on
 * SIGTERM/SIGINT that lets requests in flight finish.
 */
#ifndef TILLIT_SERVER_H
#define TILLIT_SERVER_H

#include <limits.h>
#include <stddef.h>

#define SERVER_PER_IP_AUTO UINT_MAX

struct mail_opts;

struct server_opts {
	const char *db_path;
	const char *host; /* numeric IPv4 or IPv6 address */
	int port;         /* 0: any free port */
	int threads;
	size_t max_body;   /* forms and JSON */
	size_t max_upload; /* multipart uploads (imports) */
	int secure_cookies; /* always mark cookies Secure (TLS in front) */
	int trust_proxy;    /* believe X-Forwarded-For / X-Forwarded-Proto */
	unsigned max_connections; /* at once, all clients together */
	unsigned per_ip_limit;    /* at once from one address; 0: no limit;
				   * SERVER_PER_IP_AUTO: a quarter of max_connections */
	unsigned idle_timeout;    /* seconds without a byte either way */
	unsigned header_timeout;  /* seconds for a request's headers, from the
				   * connection or the end of the previous response */
	unsigned body_timeout;    /* seconds for a request's body, from its headers */
	const struct mail_opts *mail; /* the mail sender's (io/mail.h); NULL: none */
};

/* Serve until SIGTERM or SIGINT. Prints "listening on http://HOST:PORT/"
 * to stdout once ready. Returns a process exit code. */
int server_run(const struct server_opts *o);

/* The options the server runs with (for handlers). */
const struct server_opts *server_options(void);

/* r's response as libmicrohttpd sends it (the body moves into it), or
 * NULL when libmicrohttpd refuses one of its headers: a bug in the
 * handler (the check fails, abort under SAN=1), answered with a 500. */
struct request;
struct MHD_Response;
struct MHD_Response *server_response(struct request *r);

#endif
