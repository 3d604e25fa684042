/*
 * sqlite_indicators.c: the counts of goals' indicators and their kept
 * quarter values (store/indicators.h).
 */
#include <string.h>

#include "core/gaps.h"
#include "store/indicators.h"
#include "core/riskview.h"
#include "store/documents.h"
#include "store/sqlite_int.h"
#include "store/training.h"
#include "util/json.h"

/* One integer from sql bound with org, then today when given. */
static int count_of(struct store *st, const char *sql, long long org, const char *today, int kind, int kind2, long long *out)
{
	*out = 0;
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	if (today)
		sq_bind_text(s, 2, today);
	if (kind >= 0)
		sqlite3_bind_int(s, 3, kind);
	if (kind2 >= 0)
		sqlite3_bind_int(s, 4, kind2);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "indicator");
}

/* Open gaps of kind (any entity), from the kept counts. */
#define SQL_GAPS "SELECT coalesce(sum(n), 0) FROM gap_counts WHERE org_id = ?1 AND (due = '' OR due < ?2) AND kind = ?3"

int store_indicator_counts(struct store *st, long long org, enum indicator_kind k, const char *today,
			   long long *part, long long *whole)
{
	long long without = 0;
	int rc;
	*part = *whole = 0;
	switch (k) {
	case IK_SYSTEMS_WITH_OWNER:
		rc = count_of(st, "SELECT count(*) FROM system_state WHERE org_id = ?1 AND retired = 0", org, NULL, -1, -1, whole);
		if (!rc)
			rc = count_of(st, SQL_GAPS, org, today, GAP_SYSTEM_NO_OWNER, -1, &without);
		*part = *whole - without;
		return rc;
	case IK_ASSETS_CLASSIFIED:
		rc = count_of(st, "SELECT count(*) FROM asset_state WHERE org_id = ?1", org, NULL, -1, -1, whole);
		if (!rc)
			rc = count_of(st, SQL_GAPS, org, today, GAP_ASSET_NOT_CLASSIFIED, -1, &without);
		*part = *whole - without;
		return rc;
	case IK_SYSTEMS_ANALYSED:
		/* Running systems with neither gap: never analysed, or due
		 * again (a system may have both: counted once). */
		rc = count_of(st, "SELECT count(*) FROM system_state WHERE org_id = ?1 AND running = 1", org, NULL, -1, -1, whole);
		if (!rc)
			rc = count_of(st, "SELECT count(DISTINCT record_id) FROM gaps WHERE org_id = ?1 AND entity = 'systems'"
					  " AND kind IN (?3, ?4) AND (due IS NULL OR due = '' OR due < ?2)",
				      org, today, GAP_SYSTEM_NOT_ANALYSED, GAP_ANALYSIS_OVERDUE, &without);
		*part = *whole - without;
		return rc;
	case IK_MEASURES_OVERDUE:
		return count_of(st, SQL_GAPS, org, today, GAP_MEASURE_OVERDUE, -1, part);
	case IK_TRAINING_STAFF:
		return store_training_coverage(st, org, "all_staff", part, whole);
	case IK_TRAINING_ELECTED:
		return store_training_coverage(st, org, "elected_officials", part, whole);
	case IK_DOCUMENTS_REVIEWED:
		return store_document_review_share(st, org, today, part, whole);
	case IK_INCIDENT_REPORTS_ON_TIME: /* model/goals.c, from the incident statistics */
	case IK_MANUAL:
	case IK_COUNT:
	default:
		return STORE_NOTFOUND;
	}
}

int store_indicator_keep(struct store *st, long long org, long long indicator, const char *quarter,
			 const char *today, int has_value, double value, long long part, long long whole,
			 const char *now)
{
	if (!indicator_may_keep(quarter, today))
		return STORE_OK;
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO indicator_history (org_id, indicator_id, quarter, value, numerator,"
					 " denominator, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
					 " ON CONFLICT (indicator_id, quarter) DO UPDATE SET value = excluded.value,"
					 " numerator = excluded.numerator, denominator = excluded.denominator,"
					 " computed_at = excluded.computed_at");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, indicator);
	sq_bind_text(s, 3, quarter);
	if (has_value)
		sqlite3_bind_double(s, 4, value);
	sqlite3_bind_int64(s, 5, part);
	sqlite3_bind_int64(s, 6, whole);
	sq_bind_text(s, 7, now);
	return sq_exec_stmt(st, s, "indicator history");
}

int store_indicator_history(struct store *st, struct arena *a, long long org, long long indicator, int manual,
			    size_t max, struct indicator_point **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, manual ? "SELECT period, value FROM indicator_values WHERE indicator_id = ?1"
						  " AND org_id = ?2 ORDER BY period DESC LIMIT ?3"
						: "SELECT quarter, value FROM indicator_history WHERE indicator_id = ?1"
						  " AND org_id = ?2 ORDER BY quarter DESC LIMIT ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, indicator);
	sqlite3_bind_int64(s, 2, org);
	sqlite3_bind_int64(s, 3, (long long)max);
	struct indicator_point *p = arena_alloc(a, (max ? max : 1) * sizeof *p);
	int rc;
	size_t k = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && k < max) {
		const char *q = (const char *)sqlite3_column_text(s, 0);
		memset(&p[k], 0, sizeof p[k]);
		if (q)
			strncpy(p[k].quarter, q, INDICATOR_QUARTER_LEN - 1);
		p[k].has_value = sqlite3_column_type(s, 1) != SQLITE_NULL;
		p[k].value = sqlite3_column_double(s, 1);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(st, "indicator history");
	/* Oldest first. */
	for (size_t i = 0; i < k / 2; i++) {
		struct indicator_point t = p[i];
		p[i] = p[k - 1 - i];
		p[k - 1 - i] = t;
	}
	*out = p;
	*n = k;
	return STORE_OK;
}

/* ---- the management review's inputs ---------------------------------------------- */

int store_open_measures(struct store *st, long long org, long long *n)
{
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT coalesce(sum(n), 0) FROM plan_due_counts WHERE org_id = ? AND kind = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int(s, 2, AP_MEASURE);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "open measures");
}

int store_review_decisions(struct store *st, struct arena *a, long long org, long long meeting, const char *date,
			   size_t max, struct jval **rows, long long *open, long long *done)
{
	*rows = jv_arr(a);
	*open = *done = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT d.id, d.decision, d.status, d.due_date, m.id, m.meeting_date"
					 " FROM meetings m JOIN meeting_decisions d ON d.meeting_id = m.id"
					 " WHERE m.org_id = ?1 AND m.kind = 'management_review' AND m.id <> ?2"
					 " AND (?3 IS NULL OR m.meeting_date IS NULL OR m.meeting_date <= ?3)"
					 " ORDER BY d.status <> 'open', m.meeting_date DESC, d.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, meeting);
	sq_bind_text(s, 3, date);
	int rc;
	size_t k = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(s, 2);
		if (status && strcmp(status, "open") == 0)
			++*open;
		else
			++*done;
		if (k++ >= max)
			continue;
		struct jval *o = jv_push(*rows, jv_obj(a));
		jv_set_int(a, o, "id", sqlite3_column_int64(s, 0));
		jv_set_str(a, o, "decision", sq_col_text(a, s, 1));
		jv_set_str(a, o, "status", sq_col_text(a, s, 2));
		jv_set_str(a, o, "due_date", sq_col_text(a, s, 3));
		jv_set_int(a, o, "meeting_id", sqlite3_column_int64(s, 4));
		jv_set_str(a, o, "meeting_date", sq_col_text(a, s, 5));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "review decisions");
}

int store_control_summary(struct store *st, long long org, long long year, long long *points,
			  long long *performed, long long *deviations)
{
	*points = *performed = *deviations = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*),"
					 " coalesce(sum(EXISTS (SELECT 1 FROM control_results r WHERE r.control_point_id = p.id)), 0),"
					 " coalesce(sum((SELECT count(*) FROM control_results r WHERE r.control_point_id = p.id"
					 " AND r.result = 'deviation')), 0)"
					 " FROM control_points p WHERE p.org_id = ? AND p.year = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, year);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*points = sqlite3_column_int64(s, 0);
		*performed = sqlite3_column_int64(s, 1);
		*deviations = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "control summary");
}
