/*
 * sqlite_training.c: the training reads of store/training.h.
 */
#include "store/training.h"

#include <string.h>

#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/clock.h"

int store_training_match(struct store *st, long long org, const char *text, int by_email, long long *id, int *n)
{
	*id = 0;
	*n = 0;
	/* E-mail addresses: exactly as stored first (the index), then in any
	 * case. */
	static const char *const sql[3] = {
		"SELECT id FROM people WHERE org_id = ? AND email = ? LIMIT 2",
		"SELECT id FROM people WHERE org_id = ? AND lower(email) = lower(?) LIMIT 2",
		"SELECT id FROM people WHERE org_id = ? AND name = ? LIMIT 2",
	};
	int from = by_email ? 0 : 2, to = by_email ? 1 : 2;
	for (int k = from; k <= to && *n == 0; k++) {
		sqlite3_stmt *s = sq_prepare(st, sql[k]);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sq_bind_text(s, 2, text);
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (!*n)
				*id = sqlite3_column_int64(s, 0);
			(*n)++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return sq_fail(st, "training match");
	}
	return STORE_OK;
}

int store_training_coverage(struct store *st, long long org, const char *audience, long long *trained,
			    long long *total)
{
	*trained = *total = 0;
	char today[11];
	clock_today(today);
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*), coalesce(sum(trained_until >= ?), 0) FROM training_state"
					 " WHERE org_id = ? AND audience = ?");
	if (!s)
		return STORE_ERROR;
	sq_bind_text(s, 1, today);
	sqlite3_bind_int64(s, 2, org);
	sq_bind_text(s, 3, audience);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(s, 0);
		*trained = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "training coverage");
}

/* The coverage rows of sql, grouped by unit (by_role 0) or role. */
static int coverage_rows(struct store *st, struct arena *a, long long org, const long long *units, size_t nunits,
			 const char *today, size_t max, int by_role, struct training_cov_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* The units read: all, or the subtrees of those given (a JSON array
	 * bound as one parameter, so the statement stays one). */
	struct buf b = BUF_INIT;
	buf_puts(&b, "[");
	for (size_t i = 0; i < nunits; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", units[i]);
	buf_puts(&b, "]");
#define COVERAGE_TREE                                                                              \
	"WITH RECURSIVE tree(id) AS (SELECT value FROM json_each(?3)"                                   \
	" UNION SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id)"
#define COVERAGE_COUNTS "count(*), sum(x.trained_until >= ?1), sum(x.due < ?1)"
#define COVERAGE_WHERE "x.org_id = ?2 AND (?4 OR x.unit_id IN (SELECT id FROM tree))"
	sqlite3_stmt *s = sq_prepare(st, by_role
		? COVERAGE_TREE " SELECT 0, NULL, x.audience, " COVERAGE_COUNTS ", r.role FROM training_state x"
		  " JOIN (SELECT DISTINCT person_id, role FROM role_assignments WHERE org_id = ?2) r ON r.person_id = x.person_id"
		  " WHERE " COVERAGE_WHERE " GROUP BY r.role, x.audience ORDER BY r.role, x.audience"
		: COVERAGE_TREE " SELECT x.unit_id, u.name, x.audience, " COVERAGE_COUNTS ", NULL"
		  " FROM training_state x LEFT JOIN units u ON u.id = x.unit_id WHERE " COVERAGE_WHERE
		  " GROUP BY x.audience, x.unit_id ORDER BY u.name IS NULL, u.name COLLATE sv, x.unit_id, x.audience");
	if (!s) {
		buf_free(&b);
		return STORE_ERROR;
	}
	sq_bind_text(s, 1, today);
	sqlite3_bind_int64(s, 2, org);
	sq_bind_text(s, 3, buf_str(&b));
	sqlite3_bind_int(s, 4, units == NULL);
	size_t cap = 0;
	void *v = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n >= max)
			continue;
		struct training_cov_row *x = arena_push(a, &v, n, &cap, sizeof *x);
		x->unit_id = sqlite3_column_int64(s, 0);
		x->unit = sq_col_text(a, s, 1);
		x->audience = sq_col_text(a, s, 2);
		x->total = sqlite3_column_int64(s, 3);
		x->trained = sqlite3_column_int64(s, 4);
		x->missing = sqlite3_column_int64(s, 5);
		x->role = sq_col_text(a, s, 6);
	}
	sqlite3_reset(s);
	buf_free(&b);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "training coverage");
}

int store_training_coverage_units(struct store *st, struct arena *a, long long org, const long long *units,
				  size_t nunits, const char *today, size_t max, struct training_cov_row **out,
				  size_t *n)
{
	return coverage_rows(st, a, org, units, nunits, today, max, 0, out, n);
}

int store_training_coverage_roles(struct store *st, struct arena *a, long long org, const long long *units,
				  size_t nunits, const char *today, size_t max, struct training_cov_row **out,
				  size_t *n)
{
	return coverage_rows(st, a, org, units, nunits, today, max, 1, out, n);
}

int store_training_own(struct store *st, struct arena *a, long long org, long long person, size_t max,
		       struct training_own_req **reqs, size_t *nreqs, struct training_own_session **sessions,
		       size_t *nsessions)
{
	*reqs = NULL;
	*sessions = NULL;
	*nreqs = *nsessions = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT audience, due, trained_until FROM training_state WHERE person_id = ? AND org_id = ?"
					 " ORDER BY audience");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int64(s, 2, org);
	size_t cap = 0;
	void *v = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct training_own_req *x = arena_push(a, &v, nreqs, &cap, sizeof *x);
		x->audience = sq_col_text(a, s, 0);
		x->due = sq_col_text(a, s, 1);
		x->until = sq_col_text(a, s, 2);
	}
	sqlite3_reset(s);
	*reqs = v;
	if (rc != SQLITE_DONE)
		return sq_fail(st, "own training");
	s = sq_prepare(st, "SELECT x.id, x.session_date, t.name FROM training_attendees l JOIN training_sessions x ON x.id = l.from_id"
			   " JOIN trainings t ON t.id = x.training_id WHERE l.to_id = ? AND x.org_id = ?"
			   " ORDER BY x.session_date DESC, x.id DESC LIMIT ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, person);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, (long long)max);
	cap = 0;
	v = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct training_own_session *x = arena_push(a, &v, nsessions, &cap, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->date = sq_col_text(a, s, 1);
		x->training = sq_col_text(a, s, 2);
	}
	sqlite3_reset(s);
	*sessions = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "own sessions");
}
