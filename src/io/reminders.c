/*
 * reminders.c: the annual wheel's e-mail digests (see reminders.h).
 */
#include "io/reminders.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "io/mail.h"
#include "model/goals.h"
#include "model/record.h"
#include "model/wheel.h"
#include "store/store.h"
#include "store/wheel.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"

/* Items of one source a pass reads at most, and organisations. */
#define PASS_MAX 20000
#define ORGS_MAX 1000
/* Items one digest lists; past it the digest points to the wheel. */
#define DIGEST_ITEMS 50

static int by_person(const void *pa, const void *pb)
{
	const struct wheel_item *a = pa, *b = pb;
	if (a->person_id != b->person_id)
		return a->person_id < b->person_id ? -1 : 1;
	int d = strcmp(a->due, b->due);
	return d ? d : strcmp(a->title, b->title);
}

static void list_items(struct buf *b, struct arena *a, int lang, const struct wheel_item *items, size_t n, int overdue)
{
	for (size_t i = 0; i < n; i++) {
		if (items[i].overdue != overdue)
			continue;
		buf_printf(b, "- %s  %s: %s\n  %s\n", items[i].due, tr(lang, items[i].src->label), items[i].title,
			   wheel_link(a, wheel_item_path(a, &items[i])));
	}
}

/* Queue the digest of person p (items[0..n), theirs, by date). */
static int digest(struct store *st, struct arena *a, long long org, const struct wheel_person *p, const char *today,
		  long long days, const struct wheel_item *items, size_t n, long long *queued)
{
	int lang = p->lang;
	size_t overdue = 0;
	for (size_t i = 0; i < n; i++)
		overdue += items[i].overdue;
	struct buf body = BUF_INIT;
	buf_printf(&body, tr(lang, "Hello %s,"), p->name ? p->name : "");
	buf_puts(&body, "\n\n");
	buf_printf(&body, tr(lang, "This is what you are responsible for in the annual wheel that is overdue or falls due "
				   "within %lld days."), days);
	buf_puts(&body, "\n\n");
	if (overdue) {
		buf_puts(&body, tr(lang, "Overdue:"));
		buf_puts(&body, "\n");
		list_items(&body, a, lang, items, n, 1);
		buf_puts(&body, "\n");
	}
	if (overdue < n) {
		buf_puts(&body, tr(lang, "Coming up:"));
		buf_puts(&body, "\n");
		list_items(&body, a, lang, items, n, 0);
		buf_puts(&body, "\n");
	}
	buf_puts(&body, tr(lang, "Everything of yours in the annual wheel:"));
	buf_printf(&body, "\n%s\n\n", wheel_link(a, "/wheel?view=list&mine=1"));
	buf_puts(&body, tr(lang, "You get at most one such message a day, on the days something of yours is due soon or overdue."));
	buf_puts(&body, "\n");
	const char *subject = overdue ? tr(lang, "Tillit: overdue and coming due dates in the annual wheel")
				      : tr(lang, "Tillit: coming due dates in the annual wheel");
	int rc = store_begin(st);
	int claimed = 0;
	long long id = 0;
	if (rc == STORE_OK)
		rc = store_digest_claim(st, org, p->id, today, (long long)n, &claimed);
	if (rc == STORE_OK && claimed)
		rc = store_mail_enqueue(st, org, p->email, p->name, subject, buf_str(&body), "people", p->id,
					"annual wheel reminder", &id);
	if (rc == STORE_OK && claimed)
		rc = store_digest_mail(st, org, p->id, today, id);
	if (rc == STORE_OK)
		rc = store_commit(st);
	if (rc != STORE_OK)
		store_rollback(st);
	else if (claimed)
		(*queued)++;
	buf_free(&body);
	return rc;
}

static int run_org(struct store *st, long long org, const char *today, long long *queued)
{
	struct arena *a = arena_new();
	int rc = STORE_OK;
	long long days = 14;
	struct actor tillit = { .via = "reminders", .org_id = org, .trusted = 1, .username = "tillit" };
	struct rctx c = { .st = st, .a = a, .who = &tillit };
	char to[11];
	if (store_wheel_reminder_days(st, org, &days) != STORE_OK || date_add_days(today, days, to) != 0) {
		rc = STORE_ERROR;
		goto out;
	}
	/* Overdue due dates are those still open (a gap stays only while its
	 * record is not done), so the range starts at the beginning. */
	struct wheel_query q = { .from = "1900-01-01", .to = to, .limit = PASS_MAX };
	struct wheel_item *items;
	size_t n;
	int more;
	rc = wheel_collect(&c, &q, &items, &n, &more);
	if (rc != STORE_OK)
		goto out;
	/* The sources only a person's own wheel lists (their documents to
	 * read, their training): each person they have items for is asked. */
	char until[11];
	if (date_add_days(to, 1, until) != 0) {
		rc = STORE_ERROR;
		goto out;
	}
	for (const struct wheel_source *src = wheel_sources; src->code && rc == STORE_OK; src++) {
		if (!src->people_sql)
			continue;
		struct wheel_row *who;
		size_t nwho;
		rc = store_wheel_rows(st, a, src->people_sql, org, q.from, until, 0, src->arg, PASS_MAX, src->entity->name,
				      &who, &nwho);
		for (size_t i = 0; i < nwho && rc == STORE_OK; i++) {
			struct wheel_query pq = { .from = q.from, .to = to, .person = who[i].person_id, .source = src->code,
						  .limit = DIGEST_ITEMS };
			struct wheel_item *own;
			size_t nown;
			rc = wheel_collect(&c, &pq, &own, &nown, &more);
			if (rc != STORE_OK || !nown)
				continue;
			struct wheel_item *all = arena_alloc_array(a, n + nown, sizeof *all);
			if (n)
				memcpy(all, items, n * sizeof *all);
			memcpy(all + n, own, nown * sizeof *all);
			items = all;
			n += nown;
		}
	}
	if (rc != STORE_OK)
		goto out;
	/* Theirs, still to do: a recurring activity's past dates are history. */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].person_id && (items[i].overdue || strcmp(items[i].due, today) >= 0))
			items[k++] = items[i];
	n = k;
	qsort(items, n, sizeof *items, by_person);
	for (size_t i = 0; i < n && rc == STORE_OK;) {
		size_t j = i;
		while (j < n && items[j].person_id == items[i].person_id)
			j++;
		long long pid = items[i].person_id;
		struct wheel_person *p;
		size_t np;
		rc = store_wheel_people(st, a, org, &pid, 1, &p, &np);
		/* The records name the person as the one to act: their titles
		 * are the person's to know, whatever the person's roles let
		 * them read in Tillit (a pages' and feeds' rule). */
		if (rc == STORE_OK && np == 1)
			rc = digest(st, a, org, p, today, days, items + i, j - i < DIGEST_ITEMS ? j - i : DIGEST_ITEMS,
				    queued);
		i = j;
	}
out:
	arena_free(a);
	return rc;
}

int reminders_run(struct store *st, const char *today, long long *queued)
{
	*queued = 0;
	struct arena *a = arena_new();
	long long *orgs;
	size_t n;
	int rc = store_wheel_orgs(st, a, ORGS_MAX, &orgs, &n);
	for (size_t i = 0; i < n && rc == STORE_OK; i++)
		rc = run_org(st, orgs[i], today, queued);
	arena_free(a);
	if (rc != STORE_OK) {
		fprintf(stderr, "tillit: reminders: %s\n", store_errmsg(st));
		return -1;
	}
	return 0;
}

/* ---- the thread ------------------------------------------------------------ */

static char *db;
static int mail_on; /* mail is configured: digests go out */
static pthread_t thread;
static int running;
static atomic_int stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

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
	while (!atomic_load(&stopping))
		if (pthread_cond_timedwait(&cond, &lock, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&lock);
}

static int keep_indicators(struct store *st, const char *today)
{
	struct arena *a = arena_new();
	long long *orgs;
	size_t n;
	int rc = store_wheel_orgs(st, a, ORGS_MAX, &orgs, &n) == STORE_OK ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = indicators_keep_all(st, orgs[i], today);
	arena_free(a);
	if (rc)
		fprintf(stderr, "tillit: the indicators' daily values could not be kept: %s\n", store_errmsg(st));
	return rc;
}

static void *run(void *arg)
{
	(void)arg;
	struct store *st;
	char err[512];
	if (store_open(db, 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: the reminder digests cannot open the database: %s\n", err);
		return NULL;
	}
	char done[11] = "";
	/* A test hook: the day the passes take as today (YYYY-MM-DD), so that
	 * a test sees the next day's digest without waiting for it. */
	const char *fixed = getenv("TILLIT_REMINDER_DAY");
	if (fixed && !date_valid(fixed)) {
		fprintf(stderr, "tillit: TILLIT_REMINDER_DAY is YYYY-MM-DD; ignored\n");
		fixed = NULL;
	}
	while (!atomic_load(&stopping)) {
		char today[11];
		if (fixed)
			memcpy(today, fixed, sizeof today);
		else
			clock_today(today);
		if (strcmp(today, done) != 0) {
			long long queued = 0;
			/* Each organisation's indicators keep today's value, so
			 * every quarter has one (model/goals.h); then the
			 * digests, when mail goes. A busy database: try again in
			 * a minute. */
			int rc = keep_indicators(st, today);
			if (rc == 0 && mail_on)
				rc = reminders_run(st, today, &queued);
			if (rc == 0) {
				memcpy(done, today, sizeof done);
				if (queued) {
					fprintf(stderr, "tillit: reminders: %lld digest%s queued for %s\n", queued,
						queued == 1 ? "" : "s", today);
					mail_wake();
				}
			}
		}
		nap(60 * 1000);
	}
	store_close(st);
	return NULL;
}

int reminders_start(const char *db_path)
{
	mail_on = mail_options()->configured;
	db = strdup(db_path);
	atomic_store(&stopping, 0);
	if (!db || pthread_create(&thread, NULL, run, NULL) != 0) {
		fprintf(stderr, "tillit: cannot start the reminder digests\n");
		free(db);
		db = NULL;
		return -1;
	}
	running = 1;
	return 0;
}

void reminders_stop(void)
{
	if (!running)
		return;
	atomic_store(&stopping, 1);
	pthread_mutex_lock(&lock);
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = 0;
	free(db);
	db = NULL;
}
