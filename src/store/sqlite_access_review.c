/*
 * sqlite_access_review.c: access reviews' reads (store/access_review.h).
 * A campaign's accounts are read through access_review_accounts(review_id,
 * account) and (review_id, decision); a person's campaigns through
 * access_reviews(reviewer_id, status, due_date); a system's through
 * access_reviews(system_id, status, completed_on) (migration 0018).
 */
#include "store/access_review.h"

#include <string.h>

#include "store/sqlite_int.h"

int store_access_review_counts(struct store *st, long long org, long long review, long long *total,
			       long long *undecided)
{
	*total = *undecided = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*), count(*) - count(decision) FROM access_review_accounts"
					 " WHERE review_id = ? AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, review);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(s, 0);
		*undecided = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "access review counts");
}

int store_access_review_open(struct store *st, long long org, long long review, int *any, int *open)
{
	*any = *open = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT EXISTS (SELECT 1 FROM access_review_accounts WHERE review_id = ?1 AND org_id = ?2),"
					 " EXISTS (SELECT 1 FROM access_review_accounts WHERE review_id = ?1 AND decision IS NULL"
					 " AND org_id = ?2)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, review);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*any = sqlite3_column_int(s, 0);
		*open = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "access review open");
}

int store_access_account_id(struct store *st, long long org, long long review, const char *account, long long *id)
{
	*id = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM access_review_accounts WHERE review_id = ? AND account = ?"
					 " AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, review);
	sq_bind_text(s, 2, account);
	sqlite3_bind_int64(s, 3, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "access review account");
}

#define ACCOUNT_COLS                                                                                   \
	"SELECT x.id, x.account, x.name, x.roles, x.last_login, x.decision, x.comment, x.decided_at," \
	" x.decided_by, p.name FROM access_review_accounts x LEFT JOIN people p ON p.id = x.decided_by"

int store_access_accounts(struct store *st, struct arena *a, long long org, long long review,
			  enum access_accounts_which which, long long offset, long long limit,
			  struct access_account **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	static const char *const sql[] = {
		[AA_ALL] = ACCOUNT_COLS " WHERE x.review_id = ?1 AND x.org_id = ?2"
				       " ORDER BY x.decision IS NOT NULL, x.account LIMIT ?3 OFFSET ?4",
		[AA_UNDECIDED] = ACCOUNT_COLS " WHERE x.review_id = ?1 AND x.org_id = ?2 AND x.decision IS NULL"
					     " ORDER BY x.account LIMIT ?3 OFFSET ?4",
		[AA_CHANGES] = ACCOUNT_COLS " WHERE x.review_id = ?1 AND x.org_id = ?2"
					   " AND x.decision IN ('remove', 'change') ORDER BY x.account LIMIT ?3 OFFSET ?4",
	};
	sqlite3_stmt *s = sq_prepare(st, sql[which]);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, review);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, limit);
	sqlite3_bind_int64(s, 4, offset);
	size_t cap = 0;
	void *v = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct access_account *x = arena_push(a, &v, n, &cap, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->account = sq_col_text(a, s, 1);
		x->name = sq_col_text(a, s, 2);
		x->roles = sq_col_text(a, s, 3);
		x->last_login = sq_col_text(a, s, 4);
		x->decision = sq_col_text(a, s, 5);
		x->comment = sq_col_text(a, s, 6);
		x->decided_at = sq_col_text(a, s, 7);
		x->decided_by = sqlite3_column_int64(s, 8);
		x->decided_by_name = sq_col_text(a, s, 9);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "access review accounts");
	*out = v;
	if (!total)
		return STORE_OK;
	long long all, undecided;
	int r = store_access_review_counts(st, org, review, &all, &undecided);
	*total = which == AA_UNDECIDED ? undecided : all;
	if (!r && which == AA_CHANGES) {
		s = sq_prepare(st, "SELECT count(*) FROM access_review_accounts WHERE review_id = ? AND org_id = ?"
				   " AND decision IN ('remove', 'change')");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, review);
		sqlite3_bind_int64(s, 2, org);
		rc = sqlite3_step(s);
		*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW)
			return sq_fail(st, "access review accounts");
	}
	return r;
}

/* The counts of each campaign in v[0..n). */
static int campaign_counts(struct store *st, long long org, struct access_campaign *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = store_access_review_counts(st, org, v[i].id, &v[i].total, &v[i].undecided);
		if (rc)
			return rc;
	}
	return STORE_OK;
}

#define CAMPAIGN_COLS                                                                                 \
	"SELECT r.id, r.system_id, r.reviewer_id, s.name, r.due_date, r.status, r.completed_on"      \
	" FROM access_reviews r JOIN systems s ON s.id = r.system_id"

static int campaigns(struct store *st, struct arena *a, sqlite3_stmt *s, struct access_campaign **out, size_t *n)
{
	size_t cap = 0;
	void *v = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct access_campaign *x = arena_push(a, &v, n, &cap, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->system_id = sqlite3_column_int64(s, 1);
		x->reviewer_id = sqlite3_column_int64(s, 2);
		x->system = sq_col_text(a, s, 3);
		x->due_date = sq_col_text(a, s, 4);
		x->status = sq_col_text(a, s, 5);
		x->completed_on = sq_col_text(a, s, 6);
	}
	sqlite3_reset(s);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "access reviews");
}

int store_access_review_tasks(struct store *st, struct arena *a, long long org, long long person, size_t max,
			      struct access_campaign **out, size_t *n, long long *more)
{
	*out = NULL;
	*n = 0;
	*more = 0;
	sqlite3_stmt *s = sq_prepare(st, CAMPAIGN_COLS " WHERE r.reviewer_id = ?1 AND r.status = 'open' AND r.org_id = ?2"
						       " ORDER BY r.due_date, r.id LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, (long long)max + 1);
	int rc = campaigns(st, a, s, out, n);
	if (rc)
		return rc;
	if (*n > max) {
		*n = max;
		long long all = 0;
		long long v[2] = { person, org };
		s = sq_prepare(st, "SELECT count(*) FROM access_reviews WHERE reviewer_id = ? AND status = 'open' AND org_id = ?");
		if (!s)
			return STORE_ERROR;
		for (int i = 0; i < 2; i++)
			sqlite3_bind_int64(s, i + 1, v[i]);
		if (sqlite3_step(s) == SQLITE_ROW)
			all = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		*more = all - (long long)max;
	}
	return campaign_counts(st, org, *out, *n);
}

int store_access_reviews_of_system(struct store *st, struct arena *a, long long org, long long system, size_t max,
				   struct access_campaign **out, size_t *n, const char **last)
{
	*out = NULL;
	*n = 0;
	*last = NULL;
	sqlite3_stmt *s = sq_prepare(st, "SELECT max(completed_on) FROM access_reviews WHERE system_id = ?"
					 " AND status = 'completed' AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*last = sq_col_text(a, s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return sq_fail(st, "access reviews");
	s = sq_prepare(st, CAMPAIGN_COLS " WHERE r.system_id = ?1 AND r.org_id = ?2 ORDER BY r.due_date DESC, r.id DESC LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, (long long)max);
	if ((rc = campaigns(st, a, s, out, n)))
		return rc;
	return campaign_counts(st, org, *out, *n);
}
