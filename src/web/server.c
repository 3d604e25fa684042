/*
 * server.c: libmicrohttpd glue. The access handler collects the body
 * (bounded), and on the final call builds a struct request, hands it to the
 * router and queues the response — only after the upload is read, since
 * queuing earlier forces Connection: close.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "io/mail.h"
#include "io/reminders.h"
#include "store/store.h"
#include "util/check.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xalloc.h"
#include "web/http.h"

static struct server_opts opts;
static atomic_int active_requests;

/* One store connection per worker thread, closed at shutdown. */
static __thread struct store *thread_store;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store **stores;
static size_t nstores;

const struct server_opts *server_options(void)
{
	return &opts;
}

static struct store *get_store(void)
{
	if (thread_store)
		return thread_store;
	char err[512];
	if (store_open(opts.db_path, 0, &thread_store, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", err);
		return NULL;
	}
	pthread_mutex_lock(&stores_lock);
	stores = xreallocarray(stores, nstores + 1, sizeof *stores);
	stores[nstores++] = thread_store;
	pthread_mutex_unlock(&stores_lock);
	return thread_store;
}

/* ---- the log ------------------------------------------------------------ */

/*
 * Lines a client can cause (a refused request, a connection over a limit)
 * are limited to LOG_BURST a second, so that a flood of bad requests
 * cannot flood the journal too; how many were left out is written when
 * their second is over.
 */
#define LOG_BURST 20
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static time_t log_second;
static unsigned log_lines, log_dropped;

/* With log_lock held: start a new second, saying what the last one left out. */
static void log_second_locked(time_t now)
{
	if (now == log_second)
		return;
	if (log_dropped)
		fprintf(stderr, "tillit: %u more log lines were left out (at most %d a second)\n", log_dropped,
			LOG_BURST);
	log_second = now;
	log_lines = 0;
	log_dropped = 0;
}

static void log_limited_v(const char *prefix, const char *fmt, va_list ap)
{
	pthread_mutex_lock(&log_lock);
	log_second_locked(time(NULL));
	if (log_lines >= LOG_BURST) {
		log_dropped++;
	} else {
		log_lines++;
		fputs(prefix, stderr);
		vfprintf(stderr, fmt, ap);
	}
	pthread_mutex_unlock(&log_lock);
}

/* Say what was left out once its second is over, even when nothing more
 * is logged (the watcher calls this). */
static void log_tick(void)
{
	pthread_mutex_lock(&log_lock);
	log_second_locked(time(NULL));
	pthread_mutex_unlock(&log_lock);
}

__attribute__((format(printf, 1, 2))) static void log_limited(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_limited_v("", fmt, ap);
	va_end(ap);
}

struct conn_state {
	struct buf body;
	size_t limit;
	int too_large;
	int heavy;   /* holds the large-file slot (req_heavy) */
	int busy;    /* a large body while another held it: dropped */
	int started; /* the access handler has seen the request */
	int bad_url; /* a malformed %-escape or %00 in the path or query */
};

/* ---- deadlines ---------------------------------------------------------- */

/*
 * libmicrohttpd 0.9.75 has an idle timeout only (MHD_OPTION_CONNECTION_
 * TIMEOUT), and a client that sends a byte now and then is never idle: a
 * thousand such connections used to take every slot. So each connection
 * carries a deadline: its request headers must be in within header_timeout
 * of the connection opening or of the previous response, and its body
 * within body_timeout of the headers. A watcher thread shuts down the
 * socket of a connection past its deadline; libmicrohttpd then sees the
 * connection end and closes it as usual. The watcher only shutdown()s, and
 * only under tracks_lock, which the CLOSED notification takes before
 * libmicrohttpd closes the descriptor, so it never reaches a reused one.
 */
struct conn_track {
	int fd;
	atomic_llong deadline; /* CLOCK_MONOTONIC ms; 0: none (handling, sending) */
	struct conn_track *prev, *next;
};

static pthread_mutex_t tracks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_track *tracks;
static atomic_int watcher_stop;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The track of connection c (set when it started). */
static struct conn_track *track_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_track *t = ci ? ci->socket_context : NULL;
	return ALWAYS(t != NULL) ? t : NULL;
}

/* c must send what it sends next within seconds (0: no deadline). */
static void track_deadline(struct MHD_Connection *c, unsigned seconds)
{
	struct conn_track *t = track_of(c);
	if (t)
		atomic_store(&t->deadline, seconds ? now_ms() + seconds * 1000LL : 0);
}

static int track_expired(struct MHD_Connection *c)
{
	struct conn_track *t = track_of(c);
	long long d = t ? atomic_load(&t->deadline) : 0;
	return d && now_ms() >= d;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	struct conn_track *t = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		t = xcalloc(1, sizeof *t);
		t->fd = ci ? ci->connect_fd : -1;
		atomic_store(&t->deadline, now_ms() + opts.header_timeout * 1000LL);
		pthread_mutex_lock(&tracks_lock);
		t->next = tracks;
		if (tracks)
			tracks->prev = t;
		tracks = t;
		pthread_mutex_unlock(&tracks_lock);
		*socket_context = t;
		return;
	}
	if (!t)
		return;
	pthread_mutex_lock(&tracks_lock);
	if (t->prev)
		t->prev->next = t->next;
	else
		tracks = t->next;
	if (t->next)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&tracks_lock);
	free(t);
	*socket_context = NULL;
}

static void *watcher_run(void *arg)
{
	(void)arg;
	while (!atomic_load(&watcher_stop)) {
		struct timespec ts = { 0, 200 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		long long now = now_ms();
		unsigned closed = 0;
		pthread_mutex_lock(&tracks_lock);
		for (struct conn_track *t = tracks; t; t = t->next) {
			long long d = atomic_load(&t->deadline);
			/* The exchange fails when a worker has just moved the
			 * deadline (the headers came in): that one stands. */
			if (d && now >= d && t->fd >= 0 && atomic_compare_exchange_strong(&t->deadline, &d, 0)) {
				shutdown(t->fd, SHUT_RDWR);
				closed++;
			}
		}
		pthread_mutex_unlock(&tracks_lock);
		if (closed)
			log_limited("tillit: closed %u connection%s too slow to send a request\n", closed,
				    closed == 1 ? "" : "s");
		log_tick();
	}
	return NULL;
}

/*
 * More connections than open files make accept() fail, and then no one at
 * all is let in. Raise the soft open-file limit as far as needed and the
 * hard limit allows; when that is not enough, return how many connections
 * fit (the caller says so). reserve covers the database files, epoll and
 * signalling of each thread, and standard I/O. *nofile: the limit.
 */
static unsigned fit_connections(unsigned want, int threads, unsigned long long *nofile)
{
	rlim_t reserve = 32 + 8 * (rlim_t)threads;
	rlim_t need = want + reserve;
	struct rlimit rl;
	*nofile = 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		struct rlimit raised = { need, rl.rlim_max };
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
			raised.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl.rlim_cur = raised.rlim_cur;
	}
	*nofile = rl.rlim_cur;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return want;
	return rl.rlim_cur > reserve + 1 ? (unsigned)(rl.rlim_cur - reserve) : 1;
}

/* ---- request accessors ------------------------------------------------ */

const char *req_query(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_all {
	const char *name;
	const char **vals;
	size_t max, n;
	struct arena *a;
	struct jval *obj;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	struct query_all *q = cls;
	if (q->obj) {
		if (key && !jv_get(q->obj, key))
			jv_set(q->obj, arena_strdup(q->a, key), jv_str(q->a, value ? value : ""));
		return MHD_YES;
	}
	if (key && strcmp(key, q->name) == 0) {
		if (q->n < q->max)
			q->vals[q->n] = value ? value : "";
		q->n++;
	}
	return MHD_YES;
}

size_t req_query_all(struct request *r, const char *name, const char **vals, size_t max)
{
	struct query_all q = { name, vals, max, 0, r->a, NULL };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
	return q.n;
}

struct jval *req_query_obj(struct request *r)
{
	struct query_all q = { NULL, NULL, 0, 0, r->a, jv_obj(r->a) };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
	return q.obj;
}

const char *req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct form *req_form(struct request *r)
{
	if (r->form)
		return r->form;
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	struct form *f = arena_alloc(r->a, sizeof *f);
	int rc = -1;
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		rc = form_parse_urlencoded(r->a, r->body ? r->body : "", r->body_len, f);
	else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		rc = form_parse_multipart(r->a, ct, r->body ? r->body : "", r->body_len, f);
	if (rc != 0)
		return NULL;
	r->form = f;
	return f;
}

const char *req_post(struct request *r, const char *name)
{
	struct form *f = req_form(r);
	return f ? form_get(f, name) : NULL;
}

void res_header(struct request *r, const char *name, const char *value)
{
	if (r->res.headers_lost || !ALWAYS(r->res.nheaders < HTTP_MAX_HEADERS)) {
		r->res.headers_lost++; /* reported once; router_respond() answers 500 */
		return;
	}
	r->res.headers[r->res.nheaders].name = name;
	r->res.headers[r->res.nheaders].value = value;
	r->res.nheaders++;
}

void res_start(struct request *r, int status, const char *content_type)
{
	r->res.status = status;
	r->res.content_type = content_type;
	buf_reset(&r->res.body);
	spool_close(&r->res.spool);
}

void res_spill(struct request *r, int force)
{
	if (r->res.body.len && (force || r->res.body.len >= RES_SPILL_AT)) {
		spool_write(&r->res.spool, r->res.body.data, r->res.body.len);
		buf_reset(&r->res.body);
	}
}

void res_write(struct request *r, const void *data, size_t len)
{
	if (len < RES_SPILL_AT) {
		buf_add(&r->res.body, data, len);
		res_spill(r, 0);
		return;
	}
	res_spill(r, 1);
	spool_write(&r->res.spool, data, len);
}

void res_redirect(struct request *r, const char *location)
{
	res_start(r, 303, "text/plain; charset=utf-8");
	res_header(r, "Location", location);
}

/* ---- the handler ------------------------------------------------------ */

/*
 * The request target as received, before libmicrohttpd splits or decodes
 * it: the unescape callback below cannot refuse anything, so a malformed
 * %-escape or a %00 anywhere in the path or query is noted here, in the
 * request's state, and the router answers 400. The state is made here
 * rather than on the first call of the access handler because this is the
 * first callback of each request.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls, (void)c;
	struct conn_state *cs = xcalloc(1, sizeof *cs);
	cs->bad_url = uri && url_check(uri, strlen(uri)) != 0;
	return cs;
}

/*
 * Decode a path or one query name or value in place (util/url, '+' kept:
 * libmicrohttpd has already made the query's '+' spaces). A piece that
 * does not decode is left as it came: on_uri has seen it in the whole
 * target and marked the request, which the router refuses unread.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	size_t n = strlen(s), len;
	return url_decode(s, s, n, URL_PATH, &len) == 0 ? len : n;
}

static int is_upload(struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	return ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
}

/* Queue text (which outlives the response: a literal or a translation)
 * as a plain-text answer; close: end the connection after it. */
static enum MHD_Result send_plain(struct MHD_Connection *c, unsigned status, const char *text, int close)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO; /* out of memory: libmicrohttpd closes the connection */
	enum MHD_Result ret = MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8") != MHD_YES ||
	    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff") != MHD_YES ||
	    (close && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES))
		goto out;
	ret = MHD_queue_response(c, status, resp);
out:
	MHD_destroy_response(resp);
	return ret;
}

struct MHD_Response *server_response(struct request *r)
{
	struct MHD_Response *resp;
	if (r->res.spool.fd1 || r->res.spool.failed) {
		/* Sent from the file; libmicrohttpd closes it when done. */
		res_spill(r, 1);
		uint64_t len = r->res.spool.len;
		int fd = spool_take_fd(&r->res.spool);
		if (fd < 0) {
			fprintf(stderr, "tillit: %s: the response could not be written to a temporary file\n",
				r->path ? r->path : "");
			return NULL;
		}
		resp = MHD_create_response_from_fd64(len, fd);
		if (!resp) {
			close(fd);
			return NULL;
		}
	} else {
		size_t len = r->res.body.len;
		char *body = buf_detach(&r->res.body);
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!resp) {
			free(body);
			return NULL;
		}
	}
	int ok = !r->res.content_type ||
		 MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->res.content_type) == MHD_YES;
	for (size_t i = 0; ok && i < r->res.nheaders; i++)
		ok = MHD_add_response_header(resp, r->res.headers[i].name, r->res.headers[i].value) == MHD_YES;
	/* libmicrohttpd refuses a header with a line break or an empty value,
	 * and Content-Length; the response would go out without it. */
	if (!ALWAYS(ok)) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

/* The peer's address as text ("" when unknown). */
static void client_address(struct MHD_Connection *c, char out[INET6_ADDRSTRLEN])
{
	out[0] = 0;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

/* ---- request framing -------------------------------------------------- */

/*
 * libmicrohttpd 0.9.75, even with MHD_OPTION_STRICT_FOR_CLIENT at 1, lets
 * through requests whose length a proxy in front may read differently
 * (request smuggling): Content-Length together with Transfer-Encoding (it
 * takes the chunks), a Transfer-Encoding other than "chunked" (it reads
 * until the connection ends), two Content-Length headers (it takes the
 * first), and whitespace before a header's colon (it refuses that only at
 * -1, the lax level, and otherwise keeps "Content-Length " as a header no
 * one asks for, so the body is read as the next request). The access
 * handler sees the headers before any of the body is read and refuses
 * these with 400, which closes the connection.
 */
struct framing {
	int content_length, transfer_encoding;
	const char *te;
	int bad_name;
};

/* A character of an RFC 9110 token (a header name). */
static int is_tchar(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	(void)kind;
	struct framing *f = cls;
	if (!key || !*key) {
		f->bad_name = 1;
		return MHD_NO;
	}
	for (const char *p = key; *p; p++)
		if (!is_tchar((unsigned char)*p)) {
			f->bad_name = 1;
			return MHD_NO;
		}
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->content_length++;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->transfer_encoding++;
		f->te = value;
	}
	return MHD_YES;
}

/* Why the request on c is framed ambiguously (for the log), or NULL. */
static const char *framing_problem(struct MHD_Connection *c, const char *version)
{
	struct framing f = { 0 };
	MHD_get_connection_values(c, MHD_HEADER_KIND, framing_header, &f);
	if (f.bad_name)
		return "a header name with whitespace or other characters not allowed in it";
	if (f.content_length > 1)
		return "more than one Content-Length";
	if (!f.transfer_encoding)
		return NULL;
	if (f.transfer_encoding > 1 || !f.te || strcasecmp(f.te, "chunked") != 0)
		return "a Transfer-Encoding other than chunked";
	if (f.content_length)
		return "both Content-Length and Transfer-Encoding";
	if (strcmp(version, MHD_HTTP_VERSION_1_1) != 0)
		return "Transfer-Encoding in a request older than HTTP/1.1";
	return NULL;
}

/* Answer 400 and close: nothing after this request on c can be trusted to
 * start where we think it does. */
static enum MHD_Result refuse_framing(struct MHD_Connection *c, const char *why)
{
	char addr[INET6_ADDRSTRLEN];
	client_address(c, addr);
	log_limited("tillit: refused a request from %s: %s\n", addr, why);
	int lang = i18n_lang_from_accept(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"));
	return send_plain(c, 400, tr(lang, N_("Bad request: its length or one of its header lines is malformed.\n")), 1);
}

/* ---- the large-file slot (http.h req_heavy) ------------------------------- */

static atomic_int heavy_taken;

static int heavy_take(int *mine)
{
	int free_slot = 0;
	if (!*mine && atomic_compare_exchange_strong(&heavy_taken, &free_slot, 1))
		*mine = 1;
	return *mine;
}

static void heavy_give(int *mine)
{
	if (*mine) {
		atomic_store(&heavy_taken, 0);
		*mine = 0;
	}
}

int req_heavy(struct request *r)
{
	return !r->heavy || heavy_take(r->heavy);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)cls;
	struct conn_state *cs = *con_cls;
	if (NEVER(!cs)) /* on_uri makes it for every request */
		return MHD_NO;
	if (!cs->started) {
		cs->started = 1;
		cs->limit = is_upload(c) ? opts.max_upload : opts.max_body;
		atomic_fetch_add(&active_requests, 1);
		track_deadline(c, opts.body_timeout);
		const char *why = framing_problem(c, version);
		return why ? refuse_framing(c, why) : MHD_YES;
	}
	if (*upload_size) {
		/* The watcher closes a body that stalls; one that trickles is
		 * stopped here as soon as it is late. */
		if (track_expired(c))
			return MHD_NO;
		if (!cs->too_large && !cs->busy) {
			if (cs->body.len + *upload_size > cs->limit) {
				cs->too_large = 1;
				buf_free(&cs->body);
			} else if (cs->body.len + *upload_size > opts.max_body && !heavy_take(&cs->heavy)) {
				cs->busy = 1;
				buf_free(&cs->body);
			} else {
				buf_add(&cs->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}

	track_deadline(c, 0); /* a slow handler or a slow reader is no slow sender */
	struct store *st = get_store();
	if (!st)
		return send_plain(c, 503, "Tillit cannot open its database.\n", 0);

	struct request r;
	memset(&r, 0, sizeof r);
	r.a = arena_new();
	r.st = st;
	r.conn = c;
	r.method = method;
	r.path = url;
	r.body = cs->body.data;
	r.body_len = cs->body.len;
	r.body_too_large = cs->too_large;
	r.body_busy = cs->busy;
	r.heavy = &cs->heavy;
	r.bad_url = cs->bad_url;
	char addr[INET6_ADDRSTRLEN];
	client_address(c, addr);
	r.remote_addr = addr;
	r.secure = opts.secure_cookies;
	if (opts.trust_proxy) {
		const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
		if (xff && *xff) {
			/* The last address is the one our proxy added; earlier ones
			 * come from the client and could be anything. */
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			r.remote_addr = arena_strdup(r.a, last);
		}
		const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
		if (proto && strcasecmp(proto, "https") == 0)
			r.secure = 1;
	}

	router_handle(&r);

	enum MHD_Result ret;
	struct MHD_Response *resp = server_response(&r);
	if (resp) {
		ret = MHD_queue_response(c, (unsigned)(r.res.status ? r.res.status : 500), resp);
		MHD_destroy_response(resp);
	} else {
		fprintf(stderr, "tillit: %s: a response header was refused; answered 500\n", method);
		ret = send_plain(c, 500, tr(r.lang, N_("Tillit could not put this response together. The error has been logged.")), 0);
	}
	/* What the response left: the buffer of a body sent from its file. */
	buf_free(&r.res.body);
	spool_close(&r.res.spool);
	arena_free(r.a);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)toe;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	track_deadline(c, opts.header_timeout); /* for the next request */
	buf_free(&cs->body);
	heavy_give(&cs->heavy);
	/* A request that ended before the access handler saw it was never
	 * counted as active. */
	if (cs->started)
		atomic_fetch_sub(&active_requests, 1);
	free(cs);
	*con_cls = NULL;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	log_limited_v("tillit: ", fmt, ap);
}

int server_run(const struct server_opts *o)
{
	opts = *o;
	/* glibc gives each thread that allocates its own arena and keeps
	 * what was freed there: with a pool of threads each building pages,
	 * that alone held hundreds of MiB. Two arenas are enough for two
	 * cores, and what is freed in large blocks goes back at once. */
	mallopt(M_ARENA_MAX, 2);
	mallopt(M_TRIM_THRESHOLD, 4 << 20);
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	socklen_t sslen;
	if (strchr(o->host, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)o->port);
		if (inet_pton(AF_INET6, o->host, &a6->sin6_addr) != 1) {
			fprintf(stderr, "tillit: not an IPv6 address: %s\n", o->host);
			return 2;
		}
		flags |= MHD_USE_IPv6;
		sslen = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)o->port);
		if (inet_pton(AF_INET, o->host, &a4->sin_addr) != 1) {
			fprintf(stderr, "tillit: not an IPv4 address: %s\n", o->host);
			return 2;
		}
		sslen = sizeof *a4;
	}
	(void)sslen;

	/* Signals are taken by sigwait() below, not delivered to any thread. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned long long nofile;
	unsigned max_conns = fit_connections(o->max_connections, o->threads, &nofile);
	/* A quarter: a NAT'd office or an integration with many requests at
	 * once gets plenty, and one client still leaves most for others. */
	unsigned per_ip = o->per_ip_limit;
	if (per_ip == SERVER_PER_IP_AUTO)
		per_ip = max_conns / 4 ? max_conns / 4 : 1;
	else if (per_ip >= max_conns && per_ip > 1)
		per_ip = max_conns / 2;
	if (max_conns < o->max_connections)
		fprintf(stderr, "tillit: the open-file limit is %llu: serving %u connections at once, %u from one address, "
				"not %u (raise LimitNOFILE= or ulimit -n)\n", nofile, max_conns, per_ip, o->max_connections);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		/* Limits so that one client cannot take every connection (the
		 * total is shared out among the worker threads). */
		MHD_OPTION_CONNECTION_LIMIT, max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, o->idle_timeout,
		/* 1: HTTP/1.1 needs Host, no spaces in the request target. The
		 * rest of strict framing is framing_problem()'s. */
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "tillit: cannot listen on %s:%d: %s\n", o->host, o->port,
			errno ? strerror(errno) : "libmicrohttpd refused");
		return 1;
	}
	pthread_t watcher;
	atomic_store(&watcher_stop, 0);
	if (pthread_create(&watcher, NULL, watcher_run, NULL) != 0) {
		fprintf(stderr, "tillit: cannot start the thread that enforces deadlines\n");
		MHD_stop_daemon(d);
		return 1;
	}
	/* The mail sender: its own thread and database connection, so that
	 * no request waits for a mail server (io/mail.h). */
	static const struct mail_opts no_mail = { 0 };
	if (mail_start(o->db_path, o->mail ? o->mail : &no_mail) != 0) {
		atomic_store(&watcher_stop, 1);
		pthread_join(watcher, NULL);
		MHD_stop_daemon(d);
		return 1;
	}
	/* The annual wheel's reminder digests: a thread of their own, outside
	 * requests (io/reminders.h). Without it mail still goes. */
	reminders_start(o->db_path);
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? di->port : o->port;
	printf("listening on http://%s%s%s:%d/\n", strchr(o->host, ':') ? "[" : "", o->host,
	       strchr(o->host, ':') ? "]" : "", port);
	fflush(stdout);

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "tillit: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_quiesce_daemon(d);
	/* Requests already being received or handled get up to 30 s. */
	for (int i = 0; i < 3000 && atomic_load(&active_requests) > 0; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	/* A message being sent now is left claimed and sent again at the
	 * next start: never lost, at worst sent twice. */
	reminders_stop();
	mail_stop();
	atomic_store(&watcher_stop, 1);
	pthread_join(watcher, NULL);
	pthread_mutex_lock(&stores_lock);
	for (size_t i = 0; i < nstores; i++)
		store_close(stores[i]);
	free(stores);
	stores = NULL;
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
	fprintf(stderr, "tillit: stopped\n");
	return 0;
}
