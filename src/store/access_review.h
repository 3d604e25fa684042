/*
 * access_review (store): what access reviews need beyond the registry's
 * records (model/access_review.c): a campaign's account counts, one
 * account by name, a page of its accounts (undecided first), the
 * campaigns a person is to decide, and a system's campaigns. Every read
 * is an index range over one campaign, one person or one system
 * (migration 0018), never a scan of the organisation.
 */
#ifndef TILLIT_STORE_ACCESS_REVIEW_H
#define TILLIT_STORE_ACCESS_REVIEW_H

#include <stddef.h>

#include "util/arena.h"

struct store;

/* How many accounts campaign review has, and how many have no decision. */
int store_access_review_counts(struct store *st, long long org, long long review, long long *total,
			       long long *undecided);

/* Whether campaign review has any account (*any) and any without a
 * decision (*open): two index probes, whatever the campaign's size (the
 * check after each decision of a bulk save). */
int store_access_review_open(struct store *st, long long org, long long review, int *any, int *open);

/* The id of the account named account in campaign review, 0 when none. */
int store_access_account_id(struct store *st, long long org, long long review, const char *account, long long *id);

/* One account of a campaign as its review page shows it. */
struct access_account {
	long long id;
	const char *account, *name, *roles, *last_login; /* NULL when empty */
	const char *decision, *comment;                   /* NULL when not decided */
	const char *decided_at;                           /* or NULL */
	long long decided_by;                             /* 0: no one */
	const char *decided_by_name;                      /* or NULL */
};

enum access_accounts_which {
	AA_ALL,        /* every account: undecided first, then by account */
	AA_UNDECIDED,  /* those with no decision, by account */
	AA_CHANGES,    /* those decided remove or change, by account */
};

/* Accounts of campaign review (which), from offset, at most limit, into
 * *out (arena a); *total (may be NULL) how many there are in all. */
int store_access_accounts(struct store *st, struct arena *a, long long org, long long review,
			  enum access_accounts_which which, long long offset, long long limit,
			  struct access_account **out, size_t *n, long long *total);

/* A campaign as "Mina uppgifter" and a system's page show it. */
struct access_campaign {
	long long id, system_id, reviewer_id;
	const char *system;    /* the system's name */
	const char *due_date, *status, *completed_on; /* completed_on NULL while open */
	long long total, undecided;
};

/* The open campaigns person is the reviewer of, by due date, at most
 * max; *more how many more there are. */
int store_access_review_tasks(struct store *st, struct arena *a, long long org, long long person, size_t max,
			      struct access_campaign **out, size_t *n, long long *more);

/* The campaigns of system, newest due date first, at most max; *last the
 * latest completion date (NULL: never completed). */
int store_access_reviews_of_system(struct store *st, struct arena *a, long long org, long long system, size_t max,
				   struct access_campaign **out, size_t *n, const char **last);

#endif
