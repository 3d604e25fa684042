/*
 * wheel (store): the annual wheel's reads and the calendar feeds' and
 * reminder digests' bookkeeping (store/sqlite_wheel.c). Every read is an
 * index range over one organisation's due dates, never a scan of its
 * records.
 */
#ifndef TILLIT_STORE_WHEEL_H
#define TILLIT_STORE_WHEEL_H

#include <stddef.h>

#include "util/arena.h"

struct store;

/* One due date as a source's SQL selects it. */
struct wheel_row {
	const char *due;     /* "YYYY-MM-DD" */
	long long id;        /* the record it opens */
	const char *title;
	long long person_id; /* responsible, 0: none */
	long long unit_id;   /* 0: none */
	long long sub;       /* tells apart two due dates of one record (0) */
};

/*
 * Run a wheel source's sql (model/wheel.h) with ?1 org, ?2 from (first
 * day), ?3 until (the day AFTER the last), ?4 person (NULL when 0), ?5 arg,
 * ?6 limit, ?7 entity: at most limit rows into *rows (arena a), *n of
 * them.
 */
int store_wheel_rows(struct store *st, struct arena *a, const char *sql, long long org, const char *from,
		     const char *until, long long person, long long arg, long long limit, const char *entity,
		     struct wheel_row **rows, size_t *n);

/* An organisation's recurring activity, for computing its dates. */
struct wheel_activity {
	long long id, owner_id, unit_id;
	const char *title, *rule;
	int month, day, first_year, last_year;
};
/* The organisation's recurring activities (those owned by person when
 * person is not 0), at most max (they are few: a handful per
 * organisation). */
int store_wheel_activities(struct store *st, struct arena *a, long long org, long long person, size_t max,
			   struct wheel_activity **out, size_t *n);

/* The calendar feed whose token hashes to token_hash: its id, org, person
 * (0: the organisation's feed), the user whose rights it shows and its
 * label. STORE_NOTFOUND when there is none. */
struct wheel_feed {
	long long id, org_id, person_id, user_id;
	const char *label;
};
int store_feed_by_hash(struct store *st, struct arena *a, const char *token_hash, struct wheel_feed *f);

/* Failed feed look-ups of key (login_failures, as store_login_attempt
 * writes them) after since, read only: a valid feed costs no write. */
int store_feed_guesses(struct store *st, const char *key, long long since, long long *count);

/* Reminder digests. A person with an e-mail address and active. */
struct wheel_person {
	long long id;
	const char *name, *email;
	int lang; /* their account's language (LANG_SV when none) */
};
/* The active people of org with an e-mail address among ids (n of them);
 * out has one entry per such person. */
int store_wheel_people(struct store *st, struct arena *a, long long org, const long long *ids, size_t n,
		       struct wheel_person **out, size_t *nout);
/* Claim the digest of person on day, inside the caller's transaction: 1
 * when it was not yet sent (and is now recorded), 0 when it already was. */
int store_digest_claim(struct store *st, long long org, long long person, const char *day, long long items,
		       int *claimed);
/* Record the queued message of a claimed digest. */
int store_digest_mail(struct store *st, long long org, long long person, const char *day, long long mail_id);
/* The organisations (ids, at most max). */
int store_wheel_orgs(struct store *st, struct arena *a, size_t max, long long **ids, size_t *n);
/* The organisation's reminder_days_before. */
int store_wheel_reminder_days(struct store *st, long long org, long long *days);

#endif
