/*
 * mail.c: the sender thread (see mail.h).
 */
#include "io/mail.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/clock.h"

static struct mail_opts opts;
static char *db;
static pthread_t thread;
static int running;
static atomic_int stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int woken;

const struct mail_opts *mail_options(void)
{
	return &opts;
}

long long mail_backoff(long base, long long attempts)
{
	long long cap = base > MAIL_RETRY_CAP ? base : MAIL_RETRY_CAP;
	long long d = base > 0 ? base : 1;
	for (long long i = 1; i < attempts && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

void mail_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

static int cancelled(void)
{
	return atomic_load(&stopping);
}

/* Wait until woken, stopped, or ms have passed. */
static void nap(long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&lock);
	while (!woken && !atomic_load(&stopping))
		if (pthread_cond_timedwait(&cond, &lock, &ts) == ETIMEDOUT)
			break;
	woken = 0;
	pthread_mutex_unlock(&lock);
}

/* Record a result, trying again for a while when the database is busy
 * (another writer): the message has been sent or tried, and that must
 * not be lost for a lock. If it still cannot be written, the claim stays
 * and the next start tries the message again. */
static int record(struct store *st, const struct mail_msg *m, int ok, const char *message_id, const char *error,
		  long long retry_in)
{
	int rc = STORE_ERROR;
	for (int i = 0; i < 10 && !atomic_load(&stopping); i++) {
		rc = ok ? store_mail_sent(st, m, message_id) : store_mail_attempt_failed(st, m, error, retry_in);
		if (rc != STORE_BUSY)
			break;
		nap(500);
	}
	if (rc)
		fprintf(stderr, "tillit: mail %lld: the result could not be saved (%s); it is tried again at the next start\n",
			m->id, store_errmsg(st));
	return rc;
}

static void send_one(struct store *st, const struct mail_msg *m)
{
	char message_id[160], err[512];
	smtp_message_id(message_id, sizeof message_id, m->id, opts.smtp.from);
	struct buf msg = BUF_INIT;
	smtp_build(&msg, opts.smtp.from, m->to_addr, m->to_name, m->subject, m->body, clock_unix(), message_id);
	int permanent = 0;
	int rc = smtp_send(&opts.smtp, m->to_addr, &msg, err, sizeof err, &permanent);
	buf_free(&msg);
	long long attempt = m->attempts + 1;
	if (rc == 1) {
		fprintf(stderr, "tillit: mail %lld to %s: stopped while sending; it is tried again at the next start\n",
			m->id, m->to_addr);
		return;
	}
	if (rc == 0) {
		if (record(st, m, 1, message_id, NULL, 0) == STORE_OK)
			fprintf(stderr, "tillit: mail %lld to %s: sent (attempt %lld)\n", m->id, m->to_addr, attempt);
		return;
	}
	if (attempt >= opts.max_attempts) {
		if (record(st, m, 0, NULL, err, -1) == STORE_OK)
			fprintf(stderr, "tillit: mail %lld to %s: failed after %lld attempts, given up: %s\n", m->id,
				m->to_addr, attempt, err);
		return;
	}
	long long wait = mail_backoff(opts.retry_base, attempt);
	if (record(st, m, 0, NULL, err, wait) == STORE_OK)
		fprintf(stderr, "tillit: mail %lld to %s: attempt %lld failed, next in %lld s: %s%s\n", m->id,
			m->to_addr, attempt, wait, err, permanent ? " (a permanent error by the server's word)" : "");
}

static void *run(void *arg)
{
	(void)arg;
	struct store *st;
	char err[512];
	if (store_open(db, 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: the mail sender cannot open the database: %s; mail stays queued\n", err);
		return NULL;
	}
	long long released = 0;
	if (store_mail_release_claims(st, &released) != STORE_OK)
		fprintf(stderr, "tillit: mail: %s\n", store_errmsg(st));
	else if (released)
		fprintf(stderr, "tillit: mail: %lld message%s being sent when Tillit stopped will be sent again\n",
			released, released == 1 ? "" : "s");
	struct arena *a = arena_new();
	while (!atomic_load(&stopping)) {
		arena_reset(a);
		struct mail_msg m;
		int rc = store_mail_claim(st, a, &m);
		if (rc == STORE_NOTFOUND) {
			nap(1000);
			continue;
		}
		if (rc != STORE_OK) {
			fprintf(stderr, "tillit: mail: the queue could not be read: %s\n", store_errmsg(st));
			nap(5000);
			continue;
		}
		send_one(st, &m);
	}
	arena_free(a);
	store_close(st);
	return NULL;
}

int mail_start(const char *db_path, const struct mail_opts *o)
{
	opts = *o;
	if (!opts.configured)
		return 0;
	opts.smtp.cancelled = cancelled;
	if (smtp_global_init() != 0) {
		fprintf(stderr, "tillit: libcurl could not start; mail is not sent\n");
		return -1;
	}
	db = strdup(db_path);
	atomic_store(&stopping, 0);
	if (!db || pthread_create(&thread, NULL, run, NULL) != 0) {
		fprintf(stderr, "tillit: cannot start the mail sender\n");
		return -1;
	}
	running = 1;
	fprintf(stderr, "tillit: mail goes through %s (TLS: %s) from %s\n", opts.server, opts.tls_name, opts.smtp.from);
	return 0;
}

void mail_stop(void)
{
	if (!running)
		return;
	atomic_store(&stopping, 1);
	mail_wake();
	pthread_join(thread, NULL);
	running = 0;
	free(db);
	db = NULL;
}
