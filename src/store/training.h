/*
 * training (store): the reads the training pages need beyond the
 * registry's — matching an attendance list's names and e-mail addresses to
 * people, coverage counted from the kept training_state rows
 * (store/sqlite_derived_training.c), and one person's own training.
 */
#ifndef TILLIT_STORE_TRAINING_H
#define TILLIT_STORE_TRAINING_H

#include <stddef.h>

#include "util/arena.h"

struct store;

/* The people of org whose e-mail address (by_email; any case) or name
 * (exactly, after the caller's trimming) is text: the first in *id, how
 * many in *n (0: none; 2 or more: ambiguous, *n is then 2). */
int store_training_match(struct store *st, long long org, const char *text, int by_email, long long *id, int *n);

/* Of the active people an audience's requirement applies to ("all_staff",
 * "elected_officials", "owners"), how many there are (*total) and how many
 * have attended training that satisfies it today (*trained; those still
 * within the months allowed after registration are not counted as
 * trained). Read from the kept rows: no recomputation. */
int store_training_coverage(struct store *st, long long org, const char *audience, long long *trained,
			    long long *total);

/* Coverage per unit and audience. */
struct training_cov_row {
	long long unit_id;   /* 0: no unit */
	const char *unit;    /* its name, or NULL */
	const char *audience;
	const char *role;    /* store_training_coverage_roles: the role's code */
	long long trained, total;
	long long missing; /* the gap is open: neither trained nor within the
			      months allowed */
};
/* The rows for the whole organisation (units NULL) or for the units in
 * units[0..nunits) and everything below them; at most max rows, ordered by
 * unit name and audience. today: YYYY-MM-DD. */
int store_training_coverage_units(struct store *st, struct arena *a, long long org, const long long *units,
				  size_t nunits, const char *today, size_t max, struct training_cov_row **out,
				  size_t *n);

/* Coverage per role (the roles people hold, whatever their scope) and
 * audience, for the whole organisation (units NULL) or the people of the
 * units given and below; rows as above with role set (the role's code)
 * and unit_id 0, ordered by role and audience. */
int store_training_coverage_roles(struct store *st, struct arena *a, long long org, const long long *units,
				  size_t nunits, const char *today, size_t max, struct training_cov_row **out,
				  size_t *n);

/* One person's training: each requirement that applies (audience, the
 * last day it is met — "" not now, "9999-12-31" for good — and the last
 * day the sessions attended satisfy it, "" never), and the sessions they
 * attended, newest first (at most max). */
struct training_own_req {
	const char *audience, *due, *until;
};
struct training_own_session {
	long long id;
	const char *date, *training;
};
int store_training_own(struct store *st, struct arena *a, long long org, long long person, size_t max,
		       struct training_own_req **reqs, size_t *nreqs, struct training_own_session **sessions,
		       size_t *nsessions);

#endif
