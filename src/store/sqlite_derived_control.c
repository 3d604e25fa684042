/*
 * sqlite_derived_control.c: the gaps of internal control (core/gaps.h
 * control_not_performed), per control point. A control point is reached by
 * its own changes and by those of its results (the point they name, before
 * and after); nothing else changes whether it has been performed. And the
 * gap of an assessment of a requirement on the organisation
 * (org_requirement_overdue), reached by the assessment and by its
 * requirement's status, scope and title (sqlite_derived.c).
 */
#include <string.h>

#include "store/derived_control.h"
#include "store/derived_int.h"
#include "store/sqlite_int.h"

int dr_reach_control(struct derived_run *run, const char *n, long long id, const struct jval *old,
		     const struct jval *rec)
{
	if (strcmp(n, "control-points") == 0) {
		dr_add_id(run, DK_CONTROL_POINT, id);
		return STORE_OK;
	}
	dr_add_id(run, DK_CONTROL_POINT, dr_rec_id(old, "control_point_id"));
	dr_add_id(run, DK_CONTROL_POINT, dr_rec_id(rec, "control_point_id"));
	return STORE_OK;
}

int dr_eval_control_point(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT p.title, p.owner_id, p.check_date,"
					 " EXISTS (SELECT 1 FROM control_results r WHERE r.control_point_id = p.id)"
					 " FROM control_points p WHERE p.id = ? AND p.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_control_point_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.owner_id = sqlite3_column_int64(s, 1);
		f.check_date = sq_col_text(run->a, s, 2);
		f.performed = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived control point");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_control_point(&f, &rows);
	rc = dr_gaps_put(run, "control-points", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

int dr_eval_org_assessment(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT q.code || ' ' || q.title_sv, o.responsible_id, o.due_date,"
					 " o.assessment IN ('fulfilled', 'not_applicable'),"
					 " q.status = 'active' AND q.scope = 'organisation'"
					 " FROM org_assessments o JOIN requirements q ON q.id = o.requirement_id"
					 " WHERE o.id = ? AND o.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_org_assessment_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.person_id = sqlite3_column_int64(s, 1);
		f.due_date = sq_col_text(run->a, s, 2);
		f.settled = sqlite3_column_int(s, 3);
		f.active = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived organisation assessment");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_org_assessment(&f, &rows);
	rc = dr_gaps_put(run, "organisation-assessments", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}
