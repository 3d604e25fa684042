/*
 * sqlite_derived.c: the derived state kept per change — what a change
 * reaches, and each record's evaluation: its facts loaded, the rules of
 * core/ applied, its rows written with the counts they feed (see
 * store/derived.h and docs/internals/derived.md).
 *
 * Counts (gap_counts, requirement_coverage, control_systems, risk_heat,
 * risk_quarters, plan_due_counts) move by the difference between what a
 * record counted for before (its state row) and what it counts for now,
 * so an evaluation costs what the record touches. The rebuild evaluates
 * every record with the same code, and the property test
 * (tests/unit/test_derived.c) holds the two to the same rows.
 */
#include "store/derived.h"
#include "store/derived_int.h"
#include "store/derived_control.h"
#include "store/derived_documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/deadline.h"
#include "core/risk.h"
#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"

/* A requirement, as the coverage counts need it. */
struct derived_req {
	long long id;
	enum aspect aspect;
	int min_level, active;
};

/* ---- sets ------------------------------------------------------------------ */

void derived_set_add(struct derived_set *s, enum derived_kind k, long long id)
{
	if (s->n[k] == s->cap[k]) {
		s->cap[k] = s->cap[k] ? 2 * s->cap[k] : 16;
		s->ids[k] = xreallocarray(s->ids[k], s->cap[k], sizeof *s->ids[k]);
	}
	s->ids[k][s->n[k]++] = id;
}

static int cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

void derived_set_unique(struct derived_set *s, enum derived_kind k)
{
	if (s->n[k] < 2)
		return;
	qsort(s->ids[k], s->n[k], sizeof *s->ids[k], cmp_ll);
	size_t w = 1;
	for (size_t i = 1; i < s->n[k]; i++)
		if (s->ids[k][i] != s->ids[k][w - 1])
			s->ids[k][w++] = s->ids[k][i];
	s->n[k] = w;
}

void derived_set_free(struct derived_set *s)
{
	for (int k = 0; k < DK_COUNT; k++)
		free(s->ids[k]);
	memset(s, 0, sizeof *s);
}

void derived_run_init(struct derived_run *run, struct store *st, long long org)
{
	memset(run, 0, sizeof *run);
	run->st = st;
	run->org = org;
	clock_now_iso(run->now);
	run->a = arena_new();
}

void derived_run_free(struct derived_run *run)
{
	derived_set_free(&run->todo);
	free(run->reqs);
	arena_free(run->a);
	run->a = NULL;
	run->reqs = NULL;
}

/* ---- small helpers ------------------------------------------------------------ */

/* Add to kind k the first column of every row of sql run with one id. */
int dr_add_rows(struct derived_run *run, enum derived_kind k, const char *sql, long long p)
{
	sqlite3_stmt *s = sq_prepare(run->st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, p);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			derived_set_add(&run->todo, k, sqlite3_column_int64(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "derived");
}

/* Run sql with integer parameters (n of them) that returns no rows. */
int dr_exec_ll(struct store *st, const char *sql, int n, const long long *v)
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	return sq_exec_stmt(st, s, "derived");
}

long long dr_rec_id(const struct jval *rec, const char *field)
{
	return rec ? jv_get_int(rec, field, 0) : 0;
}

const char *dr_rec_str(const struct jval *rec, const char *field)
{
	return rec ? jv_get_str(rec, field) : NULL;
}

/* 1 when field differs between old and rec (a create or delete changes
 * every field). */
int dr_changed(const struct jval *old, const struct jval *rec, const char *field)
{
	if (!old || !rec)
		return 1;
	return !jv_equal(jv_get(old, field), jv_get(rec, field));
}

void dr_add_ids(struct derived_run *run, enum derived_kind k, const struct jval *rec, const char *field)
{
	const struct jval *arr = rec ? jv_get(rec, field) : NULL;
	if (!arr || arr->type != J_ARR)
		return;
	for (const struct jval *m = arr->first; m; m = m->next)
		if (m->type == J_INT)
			derived_set_add(&run->todo, k, m->i);
}

void dr_add_id(struct derived_run *run, enum derived_kind k, long long id)
{
	if (id)
		derived_set_add(&run->todo, k, id);
}

/* The systems a system's running state reaches for the office-hours rule:
 * itself and every system it depends on, directly or not (whatever their
 * state: a dependency that stops running cuts the path). */
#define SQL_DOWNSTREAM(seed)                                                                       \
	"WITH RECURSIVE down(id) AS (" seed " UNION SELECT d.to_id FROM system_dependencies d"     \
	" JOIN down ON d.from_id = down.id) SELECT id FROM down"

static int add_downstream(struct derived_run *run, long long system)
{
	return dr_add_rows(run, DK_SYSTEM, SQL_DOWNSTREAM("SELECT ?1"), system);
}

/* The processes resting on a system (seed: a query giving the system's
 * id): a CTE "resting(process_id, via)" over "up(id)", the system and the
 * running systems that depend on it directly or not; via is the system of
 * up through which the process rests on it. Also read by the impact view
 * (store_system_impact). */
#define SQL_RESTING_PROCESSES(seed)                                                                \
	"WITH RECURSIVE up(id) AS (" seed " UNION SELECT d.from_id FROM system_dependencies d"     \
	" JOIN up ON d.to_id = up.id JOIN systems s ON s.id = d.from_id"                          \
	" AND s.lifecycle IN ('in_use', 'retiring')),"                                               \
	" resting(process_id, via, how) AS (SELECT ap.to_id, up.id, 'information' FROM up"           \
	" JOIN system_information si ON si.from_id = up.id JOIN asset_processes ap ON ap.from_id = si.to_id" \
	" UNION SELECT dp.process_id, up.id, 'dependency' FROM up JOIN dependencies dp ON dp.system_id = up.id" \
	" AND dp.kind = 'system' AND dp.process_id IS NOT NULL)"

/* ---- reach ------------------------------------------------------------------- */

static int reach_system(struct derived_run *run, long long id, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	dr_add_id(run, DK_SYSTEM, id);
	if (dr_changed(old, rec, "lifecycle") || dr_changed(old, rec, "information_asset_ids") ||
	    dr_changed(old, rec, "depends_on_ids")) {
		/* Essential processes resting on it, the systems it carries
		 * (office hours), its information (covered by its analyses). */
		const struct jval *sides[2] = { old, rec };
		for (int i = 0; i < 2 && !rc; i++) {
			const struct jval *arr = sides[i] ? jv_get(sides[i], "information_asset_ids") : NULL;
			for (const struct jval *m = arr && arr->type == J_ARR ? arr->first : NULL; m && !rc; m = m->next)
				rc = dr_add_rows(run, DK_PROCESS, "SELECT to_id FROM asset_processes WHERE from_id = ?", m->i);
			dr_add_ids(run, DK_ASSET, sides[i], "information_asset_ids");
			arr = sides[i] ? jv_get(sides[i], "depends_on_ids") : NULL;
			for (const struct jval *m = arr && arr->type == J_ARR ? arr->first : NULL; m && !rc; m = m->next)
				rc = add_downstream(run, m->i);
		}
		if (!rc)
			rc = add_downstream(run, id);
		/* The processes that name it in a dependency (supported). */
		if (!rc)
			rc = dr_add_rows(run, DK_PROCESS, "SELECT process_id FROM dependencies WHERE system_id = ? AND kind = 'system'", id);
	}
	if (!rc && dr_changed(old, rec, "unit_id"))
		rc = dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE system_id = ? AND scope = 'system'", id);
	if (!rc && dr_changed(old, rec, "unit_id"))
		rc = dr_add_rows(run, DK_PLAN, "SELECT id FROM continuity_plans WHERE system_id = ?", id);
	return rc;
}

static int reach_asset(struct derived_run *run, long long id, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	dr_add_id(run, DK_ASSET, id);
	if (dr_changed(old, rec, "process_ids")) {
		dr_add_ids(run, DK_PROCESS, old, "process_ids");
		dr_add_ids(run, DK_PROCESS, rec, "process_ids");
		rc = dr_add_rows(run, DK_SYSTEM,
			      SQL_DOWNSTREAM("SELECT from_id FROM system_information WHERE to_id = ?1"), id);
	}
	return rc;
}

static int reach_process(struct derived_run *run, long long id, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	dr_add_id(run, DK_PROCESS, id);
	/* The systems it rests on (office hours, RTO against its MTD). */
	if (dr_changed(old, rec, "critical") || dr_changed(old, rec, "mtd_hours"))
		rc = dr_add_rows(run, DK_SYSTEM,
			      SQL_DOWNSTREAM("SELECT si.from_id FROM asset_processes ap JOIN system_information si"
					     " ON si.to_id = ap.from_id WHERE ap.to_id = ?1"
					     " UNION SELECT system_id FROM dependencies WHERE process_id = ?1 AND kind = 'system'"),
			      id);
	if (!rc && dr_changed(old, rec, "unit_id"))
		rc = dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE process_id = ? AND scope = 'process'", id);
	if (!rc && dr_changed(old, rec, "unit_id"))
		rc = dr_add_rows(run, DK_PLAN, "SELECT id FROM continuity_plans WHERE process_id = ?", id);
	return rc;
}

/* The analyses of the subject of an analysis record (its siblings, whose
 * being current may change with it). */
static int add_siblings(struct derived_run *run, const struct jval *rec)
{
	if (!rec)
		return STORE_OK;
	const char *scope = dr_rec_str(rec, "scope");
	if (scope && (strcmp(scope, "shared_it") == 0 || strcmp(scope, "infrastructure") == 0)) {
		sqlite3_stmt *s = sq_prepare(run->st, "SELECT id FROM risk_analyses WHERE org_id = ? AND scope = ?");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, run->org);
		sq_bind_text(s, 2, scope);
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			derived_set_add(&run->todo, DK_ANALYSIS, sqlite3_column_int64(s, 0));
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "derived");
	}
	if (scope && strcmp(scope, "process") == 0)
		return dr_rec_id(rec, "process_id")
			       ? dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE process_id = ? AND scope = 'process'",
					  dr_rec_id(rec, "process_id"))
			       : STORE_OK;
	if (scope && strcmp(scope, "unit") == 0)
		return dr_rec_id(rec, "unit_id")
			       ? dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE unit_id = ? AND scope = 'unit'",
					  dr_rec_id(rec, "unit_id"))
			       : STORE_OK;
	return dr_rec_id(rec, "system_id")
		       ? dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE system_id = ? AND scope = 'system'",
				  dr_rec_id(rec, "system_id"))
		       : STORE_OK;
}

static int is_org_scope(const struct jval *rec)
{
	const char *scope = dr_rec_str(rec, "scope");
	return scope && (strcmp(scope, "shared_it") == 0 || strcmp(scope, "infrastructure") == 0);
}

static int reach_analysis(struct derived_run *run, long long id, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	dr_add_id(run, DK_ANALYSIS, id);
	if (dr_changed(old, rec, "scope") || dr_changed(old, rec, "system_id") || dr_changed(old, rec, "process_id") ||
	    dr_changed(old, rec, "unit_id") || dr_changed(old, rec, "analysed_on")) {
		rc = add_siblings(run, old);
		if (!rc)
			rc = add_siblings(run, rec);
	}
	if (!rc && (dr_changed(old, rec, "scope") || dr_changed(old, rec, "system_id") || dr_changed(old, rec, "status") ||
		    dr_changed(old, rec, "decided_on") || dr_changed(old, rec, "analysed_on"))) {
		/* What it covers: its system and the system's information, the
		 * information its risks name, the organisation's own gaps. */
		const struct jval *sides[2] = { old, rec };
		for (int i = 0; i < 2 && !rc; i++) {
			const char *scope = dr_rec_str(sides[i], "scope");
			long long sys = dr_rec_id(sides[i], "system_id");
			if (sys && scope && strcmp(scope, "system") == 0) {
				dr_add_id(run, DK_SYSTEM, sys);
				rc = dr_add_rows(run, DK_ASSET, "SELECT to_id FROM system_information WHERE from_id = ?", sys);
			}
			if (is_org_scope(sides[i]))
				dr_add_id(run, DK_ORG, run->org);
		}
		if (!rc)
			rc = dr_add_rows(run, DK_ASSET,
				      "SELECT ra.to_id FROM risks r JOIN risk_assets ra ON ra.from_id = r.id WHERE r.analysis_id = ?",
				      id);
	}
	return rc;
}

/* Every system and information asset (a setting that all of them read). */
static int reach_all_records(struct derived_run *run)
{
	int rc = store_derived_all(run, DK_SYSTEM);
	return rc ? rc : store_derived_all(run, DK_ASSET);
}

static int reach_requirement(struct derived_run *run, long long id, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	dr_add_id(run, DK_REQUIREMENT, id);
	int status = dr_changed(old, rec, "status");
	int scope = dr_changed(old, rec, "scope");
	if (status || scope || dr_changed(old, rec, "aspect") || dr_changed(old, rec, "min_level"))
		rc = dr_add_rows(run, DK_ITEM, "SELECT id FROM plan_items WHERE requirement_id = ?", id);
	if (!rc && (status || scope))
		rc = dr_add_rows(run, DK_SYSTEM, "SELECT system_id FROM plan_items WHERE requirement_id = ?", id);
	/* The organisation's assessment: its gap names the requirement. */
	if (!rc && (status || scope || dr_changed(old, rec, "code") || dr_changed(old, rec, "title_sv")))
		rc = dr_add_rows(run, DK_ORG_ASSESSMENT, "SELECT id FROM org_assessments WHERE requirement_id = ?", id);
	if (!rc && (status || dr_changed(old, rec, "control_ids"))) {
		dr_add_ids(run, DK_CONTROL, old, "control_ids");
		dr_add_ids(run, DK_CONTROL, rec, "control_ids");
	}
	/* The encryption rule names its requirement by code. */
	const char *codes[2] = { dr_rec_str(old, "code"), dr_rec_str(rec, "code") };
	for (int i = 0; i < 2 && !rc; i++)
		if (codes[i] && strcmp(codes[i], REQ_ENCRYPTION_AT_REST) == 0 && (status || dr_changed(old, rec, "code"))) {
			run->have_settings = 0;
			rc = store_derived_all(run, DK_SYSTEM);
			break;
		}
	return rc;
}

/* A dependency: the process it supports (or no longer supports) and, for
 * one on a system, the systems the process rests on through it — that
 * system and every system it depends on (office hours, RTO against MTD). */
static int reach_dependency(struct derived_run *run, const struct jval *old, const struct jval *rec)
{
	int rc = STORE_OK;
	if (!dr_changed(old, rec, "kind") && !dr_changed(old, rec, "system_id") && !dr_changed(old, rec, "process_id"))
		return rc;
	const struct jval *sides[2] = { old, rec };
	for (int i = 0; i < 2 && !rc; i++) {
		if (!sides[i])
			continue;
		dr_add_id(run, DK_PROCESS, dr_rec_id(sides[i], "process_id"));
		const char *kind = dr_rec_str(sides[i], "kind");
		if (kind && strcmp(kind, "system") == 0 && dr_rec_id(sides[i], "system_id"))
			rc = add_downstream(run, dr_rec_id(sides[i], "system_id"));
	}
	return rc;
}

int store_derived_reach(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
			const struct jval *rec)
{
	const char *n = e->name;
	int trc = dr_reach_training(run, e, id, old, rec);
	if (trc)
		return trc;
	int handled = 0, drc = dr_reach_documents(run, e, id, old, rec, &handled);
	if (handled || drc)
		return drc;
	if (strcmp(n, "systems") == 0)
		return reach_system(run, id, old, rec);
	if (strcmp(n, "information-assets") == 0)
		return reach_asset(run, id, old, rec);
	if (strcmp(n, "processes") == 0)
		return reach_process(run, id, old, rec);
	if (strcmp(n, "agreements") == 0) {
		if (dr_changed(old, rec, "end_date") || dr_changed(old, rec, "system_ids") || dr_changed(old, rec, "support_hours")) {
			dr_add_ids(run, DK_SYSTEM, old, "system_ids");
			dr_add_ids(run, DK_SYSTEM, rec, "system_ids");
		}
		return STORE_OK;
	}
	if (strcmp(n, "classifications") == 0) {
		/* The asset; its systems follow if its levels change. */
		dr_add_id(run, DK_ASSET, dr_rec_id(old, "asset_id"));
		dr_add_id(run, DK_ASSET, dr_rec_id(rec, "asset_id"));
		return STORE_OK;
	}
	if (strcmp(n, "system-classifications") == 0) {
		dr_add_id(run, DK_SYSTEM, dr_rec_id(old, "system_id"));
		dr_add_id(run, DK_SYSTEM, dr_rec_id(rec, "system_id"));
		return STORE_OK;
	}
	if (strcmp(n, "action-plan-items") == 0) {
		dr_add_id(run, DK_ITEM, id);
		dr_add_id(run, DK_SYSTEM, dr_rec_id(old, "system_id"));
		dr_add_id(run, DK_SYSTEM, dr_rec_id(rec, "system_id"));
		return STORE_OK;
	}
	if (strcmp(n, "requirements") == 0)
		return reach_requirement(run, id, old, rec);
	if (strcmp(n, "organisation-assessments") == 0) {
		/* Its gap; counted on the requirement (and so its controls). */
		dr_add_id(run, DK_ORG_ASSESSMENT, id);
		dr_add_id(run, DK_REQUIREMENT, dr_rec_id(old, "requirement_id"));
		dr_add_id(run, DK_REQUIREMENT, dr_rec_id(rec, "requirement_id"));
		return STORE_OK;
	}
	if (strcmp(n, "soa-entries") == 0) {
		dr_add_id(run, DK_CONTROL, id);
		return STORE_OK;
	}
	if (strcmp(n, "risk-analyses") == 0)
		return reach_analysis(run, id, old, rec);
	if (strcmp(n, "risks") == 0) {
		dr_add_id(run, DK_RISK, id);
		dr_add_ids(run, DK_ASSET, old, "asset_ids");
		dr_add_ids(run, DK_ASSET, rec, "asset_ids");
		return STORE_OK;
	}
	if (strcmp(n, "measures") == 0) {
		dr_add_id(run, DK_MEASURE, id);
		dr_add_id(run, DK_RISK, dr_rec_id(old, "risk_id"));
		dr_add_id(run, DK_RISK, dr_rec_id(rec, "risk_id"));
		dr_add_id(run, DK_FINDING, dr_rec_id(old, "finding_id"));
		dr_add_id(run, DK_FINDING, dr_rec_id(rec, "finding_id"));
		return STORE_OK;
	}
	if (strcmp(n, "risk-triggers") == 0) {
		dr_add_id(run, DK_SYSTEM, dr_rec_id(old, "system_id"));
		dr_add_id(run, DK_SYSTEM, dr_rec_id(rec, "system_id"));
		dr_add_id(run, DK_ASSET, dr_rec_id(old, "asset_id"));
		dr_add_id(run, DK_ASSET, dr_rec_id(rec, "asset_id"));
		return STORE_OK;
	}
	if (strcmp(n, "organisation") == 0) {
		/* Each setting reaches the records whose rules read it (several
		 * may change in one write). */
		static const char *const settings[] = { "classification_review_months", "risk_high_level",
							"risk_high_months", "risk_other_months" };
		int rc = STORE_OK, any = 0;
		for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
			any |= dr_changed(old, rec, settings[i]);
		if (any)
			rc = reach_all_records(run);
		int incidents = dr_changed(old, rec, "incident_follow_up_days") || dr_changed(old, rec, "time_zone");
		if (!rc && incidents)
			rc = store_derived_all(run, DK_INCIDENT);
		int plans = dr_changed(old, rec, "continuity_exercise_months");
		if (!rc && plans)
			rc = store_derived_all(run, DK_PLAN);
		int reviews = dr_changed(old, rec, "access_review_months");
		if (!rc && reviews)
			rc = store_derived_all(run, DK_SYSTEM);
		if (reviews)
			run->have_settings = 0;
		if (any || incidents || plans)
			run->have_settings = 0;
		return rc;
	}
	if (strcmp(n, "dependencies") == 0)
		return reach_dependency(run, old, rec);
	if (strcmp(n, "continuity-plans") == 0) {
		dr_add_id(run, DK_PLAN, id);
		return STORE_OK;
	}
	if (strcmp(n, "exercises") == 0) {
		if (dr_changed(old, rec, "status") || dr_changed(old, rec, "exercise_date") || dr_changed(old, rec, "plan_ids")) {
			dr_add_ids(run, DK_PLAN, old, "plan_ids");
			dr_add_ids(run, DK_PLAN, rec, "plan_ids");
		}
		return STORE_OK;
	}
	if (strcmp(n, "exercise-findings") == 0) {
		dr_add_id(run, DK_FINDING, id);
		/* Its measures fall back on its responsible. */
		return dr_changed(old, rec, "owner_id") ? dr_add_rows(run, DK_MEASURE, "SELECT id FROM measures WHERE finding_id = ?", id)
						     : STORE_OK;
	}
	if (strcmp(n, "control-points") == 0 || strcmp(n, "control-results") == 0)
		return dr_reach_control(run, n, id, old, rec);
	if (strcmp(n, "incidents") == 0) {
		dr_add_id(run, DK_INCIDENT, id);
		return STORE_OK;
	}
	if (strcmp(n, "incident-reports") == 0) {
		dr_add_id(run, DK_INCIDENT, dr_rec_id(old, "incident_id"));
		dr_add_id(run, DK_INCIDENT, dr_rec_id(rec, "incident_id"));
		return STORE_OK;
	}
	if (strcmp(n, "risk-methods") == 0)
		return dr_add_rows(run, DK_ANALYSIS, "SELECT id FROM risk_analyses WHERE method_id = ?", id);
	if (strcmp(n, "access-reviews") == 0) {
		/* A completion moves its system's next review (old and new system). */
		dr_add_id(run, DK_SYSTEM, dr_rec_id(old, "system_id"));
		dr_add_id(run, DK_SYSTEM, dr_rec_id(rec, "system_id"));
		return STORE_OK;
	}
	return STORE_OK;
}

/* ---- settings and the requirement list, once per walk ----------------------------------- */

int dr_load_settings(struct derived_run *run)
{
	if (run->have_settings)
		return STORE_OK;
	struct gap_settings *g = &run->settings;
	memset(g, 0, sizeof *g);
	sqlite3_stmt *q = sq_prepare(run->st, "SELECT r.id, o.classification_review_months, o.risk_high_level,"
					      " o.risk_high_months, o.risk_other_months, o.continuity_exercise_months FROM organisations o"
					      " LEFT JOIN requirements r ON r.org_id = o.id AND r.code = ? AND r.status = 'active'"
					      " WHERE o.id = ?");
	if (!q)
		return STORE_ERROR;
	sq_bind_text(q, 1, REQ_ENCRYPTION_AT_REST);
	sqlite3_bind_int64(q, 2, run->org);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		g->encryption_requirement_id = sqlite3_column_int64(q, 0);
		g->review_months = sqlite3_column_int(q, 1);
		g->risk_high_level = sqlite3_column_int(q, 2);
		g->risk_high_months = sqlite3_column_int(q, 3);
		g->risk_other_months = sqlite3_column_int(q, 4);
		g->exercise_months = sqlite3_column_int(q, 5);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(run->st, "derived settings");
	long long review_months = 0;
	if (dr_int_of(run->st, "SELECT access_review_months FROM organisations WHERE id = ?", 1, &run->org, &review_months))
		return STORE_ERROR;
	g->access_review_months = (int)review_months;
	run->have_settings = 1;
	return STORE_OK;
}

static int load_reqs(struct derived_run *run)
{
	if (run->have_reqs)
		return STORE_OK;
	sqlite3_stmt *s = sq_prepare(run->st, "SELECT id, " REQ_SYSTEM_ASPECT ", min_level, status = 'active' FROM requirements"
					      " WHERE org_id = ? ORDER BY id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, run->org);
	size_t cap = 0;
	run->nreqs = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (run->nreqs == cap) {
			cap = cap ? 2 * cap : 128;
			run->reqs = xreallocarray(run->reqs, cap, sizeof *run->reqs);
		}
		struct derived_req *q = &run->reqs[run->nreqs++];
		q->id = sqlite3_column_int64(s, 0);
		q->aspect = requirement_aspect_from_code((const char *)sqlite3_column_text(s, 1));
		q->min_level = sqlite3_column_int(s, 2);
		q->active = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(run->st, "derived requirements");
	run->have_reqs = 1;
	return STORE_OK;
}

/* ---- counts ---------------------------------------------------------------------- */

/* A key column of a count row: a number or a text. */
struct count_key {
	const char *col;
	const char *text; /* NULL: num */
	long long num;
};

/* Move the count n of the row of table with the given keys (org_id
 * first) by d; a row that reaches 0 goes, so that the kept rows equal
 * the rebuilt ones. */
static int count_move(struct derived_run *run, const char *table, const struct count_key *keys, size_t nkeys,
		      long long d)
{
	struct buf cols = BUF_INIT, marks = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	for (size_t i = 0; i < nkeys; i++) {
		buf_printf(&cols, "%s%s", i ? ", " : "", keys[i].col);
		buf_printf(&marks, "%s?%zu", i ? ", " : "", i + 1);
		buf_printf(&where, "%s%s = ?%zu", i ? " AND " : "", keys[i].col, i + 1);
	}
	int rc = STORE_ERROR;
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_printf(&sql, "INSERT INTO %s (%s, n) VALUES (%s, ?%zu) ON CONFLICT (%s) DO UPDATE SET n = n + excluded.n",
				   table, buf_str(&cols), buf_str(&marks), nkeys + 1, buf_str(&cols));
		else if (d < 0)
			buf_printf(&sql, "DELETE FROM %s WHERE %s AND n <= 0", table, buf_str(&where));
		else
			break;
		sqlite3_stmt *s = sq_prepare(run->st, buf_str(&sql));
		if (!s)
			goto out;
		for (size_t i = 0; i < nkeys; i++) {
			if (keys[i].text)
				sq_bind_text(s, (int)i + 1, keys[i].text);
			else
				sqlite3_bind_int64(s, (int)i + 1, keys[i].num);
		}
		if (pass == 0)
			sqlite3_bind_int64(s, (int)nkeys + 1, d);
		if ((rc = sq_exec_stmt(run->st, s, table)) != STORE_OK)
			goto out;
	}
	rc = STORE_OK;
out:
	buf_free(&cols);
	buf_free(&marks);
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

/* ---- gap rows ------------------------------------------------------------------- */

static int gap_count_add(struct derived_run *run, int kind, const char *entity, const char *due, long long d)
{
	const struct count_key k[] = { { "org_id", NULL, run->org }, { "kind", NULL, kind }, { "entity", entity, 0 },
				       { "due", due ? due : "", 0 } };
	return count_move(run, "gap_counts", k, 4, d);
}

struct old_gap {
	long long rowid, other_id, unit_id, person_id;
	int kind, kept;
	const char *other_entity, *due, *name;
};

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The rows of the record (entity, id) become rows (all about that record):
 * rows that stay keep their "since". */
int dr_gaps_put(struct derived_run *run, const char *entity, long long id, const char *name,
		    const struct gap_rows *rows)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT id, kind, other_id, other_entity, due, unit_id, person_id, name FROM gaps"
					 " WHERE org_id = ? AND entity = ? AND record_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, run->org);
	sq_bind_text(s, 2, entity);
	sqlite3_bind_int64(s, 3, id);
	struct old_gap *old = NULL;
	size_t nold = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nold == cap) {
			cap = cap ? 2 * cap : 8;
			old = xreallocarray(old, cap, sizeof *old);
		}
		struct old_gap *o = &old[nold++];
		o->rowid = sqlite3_column_int64(s, 0);
		o->kind = sqlite3_column_int(s, 1);
		o->other_id = sqlite3_column_int64(s, 2);
		o->other_entity = sq_col_text(run->a, s, 3);
		o->due = sq_col_text(run->a, s, 4);
		o->unit_id = sqlite3_column_int64(s, 5);
		o->person_id = sqlite3_column_int64(s, 6);
		o->name = sq_col_text(run->a, s, 7);
		o->kept = 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(old);
		return sq_fail(st, "gaps");
	}
	rc = STORE_OK;
	for (size_t i = 0; i < rows->n && !rc; i++) {
		const struct gap_row *g = &rows->v[i];
		const char *due = g->due[0] ? g->due : NULL;
		struct old_gap *o = NULL;
		for (size_t k = 0; k < nold && !o; k++)
			if (!old[k].kept && old[k].kind == (int)g->kind && old[k].other_id == g->other_id)
				o = &old[k];
		if (o) {
			o->kept = 1;
			if (same_text(o->due, due) && o->unit_id == g->unit_id && o->person_id == g->person_id &&
			    same_text(o->name, name) && same_text(o->other_entity, g->other_entity))
				continue;
			s = sq_prepare(st, "UPDATE gaps SET due = ?, unit_id = ?, person_id = ?, name = ?, other_entity = ?"
					   " WHERE id = ?");
			if (!s) {
				rc = STORE_ERROR;
				break;
			}
			sq_bind_text(s, 1, due);
			if (g->unit_id)
				sqlite3_bind_int64(s, 2, g->unit_id);
			if (g->person_id)
				sqlite3_bind_int64(s, 3, g->person_id);
			sq_bind_text(s, 4, name);
			sq_bind_text(s, 5, g->other_entity);
			sqlite3_bind_int64(s, 6, o->rowid);
			rc = sq_exec_stmt(st, s, "gaps");
			if (!rc && !same_text(o->due, due)) {
				rc = gap_count_add(run, o->kind, entity, o->due, -1);
				if (!rc)
					rc = gap_count_add(run, o->kind, entity, due, 1);
			}
			run->touched |= DT_GAPS;
			continue;
		}
		s = sq_prepare(st, "INSERT INTO gaps (org_id, kind, entity, record_id, other_entity, other_id, name, unit_id,"
				   " person_id, due, since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!s) {
			rc = STORE_ERROR;
			break;
		}
		sqlite3_bind_int64(s, 1, run->org);
		sqlite3_bind_int(s, 2, (int)g->kind);
		sq_bind_text(s, 3, entity);
		sqlite3_bind_int64(s, 4, id);
		sq_bind_text(s, 5, g->other_entity);
		sqlite3_bind_int64(s, 6, g->other_id);
		sq_bind_text(s, 7, name);
		if (g->unit_id)
			sqlite3_bind_int64(s, 8, g->unit_id);
		if (g->person_id)
			sqlite3_bind_int64(s, 9, g->person_id);
		sq_bind_text(s, 10, due);
		sq_bind_text(s, 11, run->now);
		rc = sq_exec_stmt(st, s, "gaps");
		if (!rc)
			rc = gap_count_add(run, (int)g->kind, entity, due, 1);
		run->touched |= DT_GAPS;
	}
	for (size_t k = 0; k < nold && !rc; k++) {
		if (old[k].kept)
			continue;
		rc = dr_exec_ll(st, "DELETE FROM gaps WHERE id = ?", 1, &old[k].rowid);
		if (!rc)
			rc = gap_count_add(run, old[k].kind, entity, old[k].due, -1);
		run->touched |= DT_GAPS;
	}
	free(old);
	return rc;
}

/* ---- loading lists ------------------------------------------------------------------ */

/* Triggers recorded about a system or an asset (the SQL selects id, date,
 * kind), in the order recorded, into arena memory. */
static int load_triggers(struct derived_run *run, const char *sql, long long id, struct gap_trigger **out, size_t *n)
{
	sqlite3_stmt *s = sq_prepare(run->st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	void *v = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct gap_trigger *t = arena_push(run->a, &v, n, &cap, sizeof *t);
		t->id = sqlite3_column_int64(s, 0);
		t->date = sq_col_text(run->a, s, 1);
		t->kind = gap_trigger_from_code((const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "derived triggers");
}

/* A single text value (arena copy, NULL when NULL or no row). */
int dr_text_of(struct derived_run *run, const char *sql, long long id, const char **out)
{
	*out = NULL;
	sqlite3_stmt *s = sq_prepare(run->st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sq_col_text(run->a, s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "derived");
}

/* A single integer value (0 when NULL or no row). */
int dr_int_of(struct store *st, const char *sql, int n, const long long *v, long long *out)
{
	*out = 0;
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "derived");
}

static void bind_level(sqlite3_stmt *s, int i, int v)
{
	if (v == LEVEL_UNSET)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, v);
}

static int same_levels(const struct levels *a, const struct levels *b)
{
	return memcmp(a->v, b->v, sizeof a->v) == 0;
}

/* ---- coverage counts ------------------------------------------------------------------ */

static int coverage_add(struct derived_run *run, long long req, long long applies, long long fulfilled, long long na)
{
	sqlite3_stmt *s = sq_prepare(run->st, "INSERT INTO requirement_coverage (requirement_id, org_id, applies, fulfilled,"
					      " not_applicable) VALUES (?, ?, ?, ?, ?) ON CONFLICT (requirement_id) DO UPDATE"
					      " SET applies = applies + excluded.applies, fulfilled = fulfilled + excluded.fulfilled,"
					      " not_applicable = not_applicable + excluded.not_applicable");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, req);
	sqlite3_bind_int64(s, 2, run->org);
	sqlite3_bind_int64(s, 3, applies);
	sqlite3_bind_int64(s, 4, fulfilled);
	sqlite3_bind_int64(s, 5, na);
	run->touched |= DT_COVERAGE;
	return sq_exec_stmt(run->st, s, "coverage");
}

/* The systems implementing each control of requirement req move by d for
 * system (when the requirement is active). */
static int controls_add(struct derived_run *run, long long req, long long system, int d)
{
	const struct derived_req *q = NULL;
	for (size_t i = 0; i < run->nreqs && !q; i++)
		if (run->reqs[i].id == req)
			q = &run->reqs[i];
	if (!q || !q->active)
		return STORE_OK;
	long long v[4] = { system, run->org, d, req };
	int rc = dr_exec_ll(run->st, "INSERT INTO control_systems (control_id, system_id, org_id, n)"
				  " SELECT to_id, ?1, ?2, ?3 FROM requirement_controls WHERE from_id = ?4 AND true"
				  " ON CONFLICT (control_id, system_id) DO UPDATE SET n = n + excluded.n",
			 4, v);
	if (!rc && d < 0)
		rc = dr_exec_ll(run->st, "DELETE FROM control_systems WHERE system_id = ? AND n <= 0", 1, v);
	run->touched |= DT_COVERAGE;
	return rc;
}

/* ---- plan entries ------------------------------------------------------------------------- */

static int plan_count_add(struct derived_run *run, int kind, const char *due, long long d)
{
	const struct count_key k[] = { { "org_id", NULL, run->org }, { "kind", NULL, kind }, { "due", due, 0 } };
	return count_move(run, "plan_due_counts", k, 3, d);
}

/* Entry (kind, id) of the joint action plan: in it when open, with its due
 * date (or none) and the person it is for. */
static int plan_put(struct derived_run *run, enum ap_kind kind, long long id, int open, const char *due, long long owner)
{
	struct store *st = run->st;
	const char *key = due && date_valid(due) ? due : AP_NO_DUE;
	sqlite3_stmt *s = sq_prepare(st, "SELECT due, owner_id FROM plan_entries WHERE kind = ? AND record_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, (int)kind);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s);
	const char *was = rc == SQLITE_ROW ? sq_col_text(run->a, s, 0) : NULL;
	long long was_owner = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "plan");
	if (!open) {
		if (!was)
			return STORE_OK;
		long long v[2] = { kind, id };
		rc = dr_exec_ll(st, "DELETE FROM plan_entries WHERE kind = ? AND record_id = ?", 2, v);
		run->touched |= DT_PLAN;
		return rc ? rc : plan_count_add(run, kind, was, -1);
	}
	if (was && strcmp(was, key) == 0 && was_owner == owner)
		return STORE_OK;
	s = sq_prepare(st, "INSERT INTO plan_entries (kind, record_id, org_id, due, owner_id) VALUES (?, ?, ?, ?, ?)"
			   " ON CONFLICT (kind, record_id) DO UPDATE SET due = excluded.due, owner_id = excluded.owner_id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, (int)kind);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, run->org);
	sq_bind_text(s, 4, key);
	if (owner)
		sqlite3_bind_int64(s, 5, owner);
	rc = sq_exec_stmt(st, s, "plan");
	run->touched |= DT_PLAN;
	if (!rc && was && strcmp(was, key) != 0)
		rc = plan_count_add(run, kind, was, -1);
	if (!rc && (!was || strcmp(was, key) != 0))
		rc = plan_count_add(run, kind, key, 1);
	return rc;
}

/* ---- systems ---------------------------------------------------------------------------- */

struct sys_state {
	int exists, running, retired, classified;
	struct levels eff;
};

static int system_state_get(struct derived_run *run, long long id, struct sys_state *o)
{
	memset(o, 0, sizeof *o);
	levels_unset(&o->eff);
	sqlite3_stmt *s = sq_prepare(run->st, "SELECT running, retired, classified, confidentiality, integrity,"
					      " availability, traceability FROM system_state WHERE system_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		o->exists = 1;
		o->running = sqlite3_column_int(s, 0);
		o->retired = sqlite3_column_int(s, 1);
		o->classified = sqlite3_column_int(s, 2);
		sq_col_levels(s, 3, &o->eff);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(run->st, "system state");
}

/* Where the requirements apply moves from was to now. */
static int applies_move(struct derived_run *run, const struct sys_state *was, const struct sys_state *now)
{
	int rc = load_reqs(run);
	for (size_t i = 0; i < run->nreqs && !rc; i++) {
		const struct derived_req *q = &run->reqs[i];
		int a = was->running && requirement_applies(q->aspect, q->min_level, &was->eff);
		int b = now->running && requirement_applies(q->aspect, q->min_level, &now->eff);
		if (a != b)
			rc = coverage_add(run, q->id, b - a, 0, 0);
	}
	return rc;
}

static int system_state_put(struct derived_run *run, long long id, const struct sys_state *was,
			    const struct sys_state *now)
{
	if (was->exists == now->exists && was->running == now->running && was->retired == now->retired &&
	    was->classified == now->classified && same_levels(&was->eff, &now->eff))
		return STORE_OK;
	int rc = applies_move(run, was, now);
	if (rc)
		return rc;
	/* Its items count differently now. */
	rc = dr_add_rows(run, DK_ITEM, "SELECT id FROM plan_items WHERE system_id = ?", id);
	if (rc)
		return rc;
	run->touched |= DT_COVERAGE;
	if (!now->exists)
		return dr_exec_ll(run->st, "DELETE FROM system_state WHERE system_id = ?", 1, &id);
	sqlite3_stmt *s = sq_prepare(run->st, "INSERT OR REPLACE INTO system_state (system_id, org_id, running, retired,"
					      " classified, confidentiality, integrity, availability, traceability)"
					      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	sqlite3_bind_int(s, 3, now->running);
	sqlite3_bind_int(s, 4, now->retired);
	sqlite3_bind_int(s, 5, now->classified);
	for (int a = 0; a < ASPECT_COUNT; a++)
		bind_level(s, 6 + a, now->eff.v[a]);
	return sq_exec_stmt(run->st, s, "system state");
}

/* The facts the system rules read (*exists 0 when it is gone). */
static int system_facts(struct derived_run *run, long long id, struct gap_system_facts *fp, const char **name,
			int *exists)
{
	struct store *st = run->st;
	struct arena *a = run->a;
	int rc;
	*exists = 0;
	*name = NULL;
	sqlite3_stmt *s = sq_prepare(st, "SELECT s.name, s.unit_id, s.owner_id, s.administrator_id, s.lifecycle, s.support_hours,"
					 " d.confidentiality, d.integrity, d.availability, d.traceability, d.decided_on,"
					 " coalesce(s.rto_hours, -1), s.after_hours_agreement = 1 OR EXISTS (SELECT 1"
					 " FROM agreement_systems l JOIN agreements g ON g.id = l.from_id"
					 " WHERE l.to_id = s.id AND g.support_hours IN ('extended', 'always'))"
					 " FROM systems s LEFT JOIN system_classifications d ON d.id = "
					 SQL_LATEST_SYSTEM_DECISION("s.id") " WHERE s.id = ? AND s.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "derived system");
	}
	*exists = 1;
	struct gap_system_facts f = { .id = id };
	*name = sq_col_text(a, s, 0);
	f.unit_id = sqlite3_column_int64(s, 1);
	f.owner_id = sqlite3_column_int64(s, 2);
	f.administrator_id = sqlite3_column_int64(s, 3);
	f.lifecycle = gap_lifecycle_from_code((const char *)sqlite3_column_text(s, 4));
	const char *sh = (const char *)sqlite3_column_text(s, 5);
	f.office_hours = sh && strcmp(sh, "office") == 0;
	sq_col_levels(s, 6, &f.decision);
	f.decided_on = sq_col_text(a, s, 10);
	f.rto_hours = sqlite3_column_int64(s, 11);
	f.after_hours = sqlite3_column_int(s, 12);
	sqlite3_reset(s);

	/* Its information, with each asset's current levels. */
	s = sq_prepare(st, "SELECT si.to_id, a.confidentiality, a.integrity, a.availability, a.traceability"
			   " FROM system_information si LEFT JOIN asset_state a ON a.asset_id = si.to_id WHERE si.from_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	void *al = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct asset_levels *x = arena_push(a, &al, &f.nassets, &cap, sizeof *x);
		x->asset_id = sqlite3_column_int64(s, 0);
		sq_col_levels(s, 1, &x->lv);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "derived system");
	f.assets = al;

	/* The agreements that cover it. */
	s = sq_prepare(st, "SELECT g.id, g.end_date FROM agreement_systems l JOIN agreements g ON g.id = l.from_id"
			   " WHERE l.to_id = ? ORDER BY g.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	cap = 0;
	void *ag = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct gap_agreement_end *x = arena_push(a, &ag, &f.nagreements, &cap, sizeof *x);
		x->id = sqlite3_column_int64(s, 0);
		x->end_date = sq_col_text(a, s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "derived system");
	f.agreements = ag;

	/* The processes that rest on it: those whose information a system
	 * processes, or that name a system in a dependency, that system
	 * being this one or one that depends on it through running systems.
	 * Only asked where a rule looks: office hours and RTO. */
	if (gap_lifecycle_running(f.lifecycle)) {
		s = sq_prepare(st, SQL_RESTING_PROCESSES("SELECT ?1") " SELECT p.id, p.critical, coalesce(p.mtd_hours, -1)"
				   " FROM processes p WHERE p.id IN (SELECT process_id FROM resting) ORDER BY p.id");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		cap = 0;
		void *rp = NULL;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct gap_reached *x = arena_push(a, &rp, &f.nreached, &cap, sizeof *x);
			x->id = sqlite3_column_int64(s, 0);
			x->critical = sqlite3_column_int(s, 1);
			x->mtd_hours = sqlite3_column_int64(s, 2);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return sq_fail(st, "derived system");
		f.reached = rp;
	}

	/* Its action-plan items. */
	s = sq_prepare(st, "SELECT p.id, p.requirement_id, q.status = 'active', p.assessment, p.due_date, p.responsible_id"
			   " FROM plan_items p JOIN requirements q ON q.id = p.requirement_id WHERE p.system_id = ?"
			   " ORDER BY p.id");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	cap = 0;
	void *items = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct gap_plan_item *p = arena_push(a, &items, &f.nitems, &cap, sizeof *p);
		p->id = sqlite3_column_int64(s, 0);
		p->requirement_id = sqlite3_column_int64(s, 1);
		p->requirement_active = sqlite3_column_int(s, 2);
		p->assessment = gap_assessment_from_code((const char *)sqlite3_column_text(s, 3));
		p->due_date = sq_col_text(a, s, 4);
		p->responsible_id = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_fail(st, "derived system");
	f.items = items;

	if ((rc = dr_text_of(run, "SELECT max(coalesce(decided_on, analysed_on)) FROM risk_analyses"
			       " WHERE system_id = ? AND scope = 'system' AND status = 'decided'",
			  id, &f.last_analysis)))
		return rc;
	struct gap_trigger *t;
	if ((rc = load_triggers(run, "SELECT id, occurred_on, kind FROM risk_triggers WHERE system_id = ? ORDER BY id", id,
				&t, &f.ntriggers)))
		return rc;
	f.triggers = t;
	if ((rc = dr_text_of(run, "SELECT max(completed_on) FROM access_reviews WHERE system_id = ? AND status = 'completed'",
			  id, &f.last_access_review)))
		return rc;
	*fp = f;
	return STORE_OK;
}

static int eval_system(struct derived_run *run, long long id)
{
	int rc = dr_load_settings(run);
	if (rc)
		return rc;
	struct sys_state was, now = { 0 };
	levels_unset(&now.eff);
	if ((rc = system_state_get(run, id, &was)))
		return rc;
	struct gap_system_facts f;
	const char *name;
	int exists;
	if ((rc = system_facts(run, id, &f, &name, &exists)))
		return rc;
	if (!exists) {
		/* Gone: no gaps, no state. */
		struct gap_rows none = { 0 };
		rc = dr_gaps_put(run, "systems", id, NULL, &none);
		return rc ? rc : system_state_put(run, id, &was, &now);
	}
	struct gap_system_state gs;
	struct gap_cadence cad;
	struct gap_rows rows = { 0 };
	gap_rules_system(&run->settings, &f, &gs, &cad, &rows);
	rc = dr_gaps_put(run, "systems", id, name, &rows);
	gap_rows_free(&rows);
	if (rc)
		return rc;
	now.exists = 1;
	now.running = gs.running;
	now.retired = gs.retired;
	now.classified = gs.classified;
	now.eff = gs.effective;
	return system_state_put(run, id, &was, &now);
}

/* ---- information assets --------------------------------------------------------------------- */

/* The facts the asset rules read (*exists 0 when it is gone). */
static int asset_facts(struct derived_run *run, long long id, struct gap_asset_facts *fp, const char **namep,
		       int *existsp)
{
	struct store *st = run->st;
	struct arena *a = run->a;
	int rc;
	/* raised_on: the current classification's date when it is the first
	 * or raises an aspect over the decided one before it. */
	sqlite3_stmt *s = sq_prepare(
		st, "SELECT i.name, i.unit_id, i.owner_id, c.confidentiality, c.integrity, c.availability,"
		    " c.traceability, c.decided_on,"
		    " CASE WHEN p.id IS NULL OR c.confidentiality > coalesce(p.confidentiality, -1)"
		    "  OR c.integrity > coalesce(p.integrity, -1) OR c.availability > coalesce(p.availability, -1)"
		    "  OR c.traceability > coalesce(p.traceability, -1) THEN c.decided_on END"
		    " FROM information_assets i"
		    " LEFT JOIN classifications c ON c.id = " SQL_CURRENT_CLASSIFICATION("i.id")
		    " LEFT JOIN classifications p ON p.id = (SELECT id FROM classifications WHERE asset_id = i.id"
		    "  AND status = 'decided' AND (decided_on < c.decided_on OR (decided_on = c.decided_on AND id < c.id))"
		    "  ORDER BY decided_on DESC, id DESC LIMIT 1)"
		    " WHERE i.id = ? AND i.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	struct gap_asset_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	levels_unset(&f.lv);
	if (exists) {
		name = sq_col_text(a, s, 0);
		f.unit_id = sqlite3_column_int64(s, 1);
		f.owner_id = sqlite3_column_int64(s, 2);
		sq_col_levels(s, 3, &f.lv);
		f.decided_on = sq_col_text(a, s, 7);
		f.raised_on = sq_col_text(a, s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived asset");
	if (exists) {
		if ((rc = dr_text_of(run,
				  "SELECT max(d) FROM (SELECT coalesce(a.decided_on, a.analysed_on) AS d"
				  " FROM system_information si JOIN risk_analyses a ON a.system_id = si.from_id"
				  " AND a.scope = 'system' AND a.status = 'decided' WHERE si.to_id = ?1"
				  " UNION ALL SELECT coalesce(a.decided_on, a.analysed_on) FROM risk_assets ra"
				  " JOIN risks r ON r.id = ra.from_id JOIN risk_analyses a ON a.id = r.analysis_id"
				  " AND a.status = 'decided' WHERE ra.to_id = ?1)",
				  id, &f.last_analysis)))
			return rc;
		struct gap_trigger *t;
		if ((rc = load_triggers(run, "SELECT id, occurred_on, kind FROM risk_triggers WHERE asset_id = ? ORDER BY id",
					id, &t, &f.ntriggers)))
			return rc;
		f.triggers = t;
	}
	*fp = f;
	*namep = name;
	*existsp = exists;
	return STORE_OK;
}

static int eval_asset(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	int rc = dr_load_settings(run);
	if (rc)
		return rc;
	struct gap_asset_facts f;
	const char *name;
	int exists;
	if ((rc = asset_facts(run, id, &f, &name, &exists)))
		return rc;
	sqlite3_stmt *s;

	/* Its levels as before. */
	struct levels was;
	levels_unset(&was);
	int had = 0;
	s = sq_prepare(st, "SELECT confidentiality, integrity, availability, traceability FROM asset_state WHERE asset_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		had = 1;
		sq_col_levels(s, 0, &was);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived asset");

	struct gap_rows rows = { 0 };
	if (exists) {
		struct gap_cadence cad;
		gap_rules_asset(&run->settings, &f, &cad, &rows);
	}
	rc = dr_gaps_put(run, "information-assets", id, name, &rows);
	gap_rows_free(&rows);
	if (rc || (had == exists && same_levels(&was, &f.lv)))
		return rc;
	/* The systems that process it derive their classification from it. */
	if ((rc = dr_add_rows(run, DK_SYSTEM, "SELECT from_id FROM system_information WHERE to_id = ?", id)))
		return rc;
	run->touched |= DT_COVERAGE;
	if (!exists)
		return dr_exec_ll(st, "DELETE FROM asset_state WHERE asset_id = ?", 1, &id);
	s = sq_prepare(st, "INSERT OR REPLACE INTO asset_state (asset_id, org_id, confidentiality, integrity, availability,"
			   " traceability) VALUES (?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	for (int k = 0; k < ASPECT_COUNT; k++)
		bind_level(s, 3 + k, f.lv.v[k]);
	return sq_exec_stmt(st, s, "asset state");
}

/* ---- action-plan items ------------------------------------------------------------------------- */

static int eval_item(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	int rc = load_reqs(run);
	if (rc)
		return rc;
	/* What it counted for. */
	long long was_sys = 0, was_req = 0;
	int was_f = 0, was_na = 0, was_applies = 0, had = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT system_id, requirement_id, fulfilled, not_applicable, applies FROM item_state"
					 " WHERE item_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		had = 1;
		was_sys = sqlite3_column_int64(s, 0);
		was_req = sqlite3_column_int64(s, 1);
		was_f = sqlite3_column_int(s, 2);
		was_na = sqlite3_column_int(s, 3);
		was_applies = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived item");

	s = sq_prepare(st, "SELECT p.system_id, p.requirement_id, p.assessment, p.due_date, p.responsible_id,"
			   " q.status = 'active', " REQ_SYSTEM_ASPECT_Q ", q.min_level, coalesce(s.running, 0), coalesce(s.retired, 0),"
			   " s.confidentiality, s.integrity, s.availability, s.traceability"
			   " FROM plan_items p JOIN requirements q ON q.id = p.requirement_id"
			   " LEFT JOIN system_state s ON s.system_id = p.system_id WHERE p.id = ? AND p.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	int exists = rc == SQLITE_ROW;
	long long sys = 0, req = 0, responsible = 0;
	int applies = 0, f = 0, na = 0, open = 0;
	const char *due = NULL;
	if (exists) {
		sys = sqlite3_column_int64(s, 0);
		req = sqlite3_column_int64(s, 1);
		enum gap_assessment as = gap_assessment_from_code((const char *)sqlite3_column_text(s, 2));
		due = sq_col_text(run->a, s, 3);
		responsible = sqlite3_column_int64(s, 4);
		int active = sqlite3_column_int(s, 5);
		enum aspect asp = requirement_aspect_from_code((const char *)sqlite3_column_text(s, 6));
		int min = sqlite3_column_int(s, 7);
		int running = sqlite3_column_int(s, 8), retired = sqlite3_column_int(s, 9);
		struct levels eff;
		sq_col_levels(s, 10, &eff);
		applies = running && requirement_applies(asp, min, &eff);
		f = applies && as == GA_FULFILLED;
		na = applies && as == GA_NOT_APPLICABLE;
		open = action_plan_item_open(retired, active, as != GA_FULFILLED && as != GA_NOT_APPLICABLE);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived item");

	rc = plan_put(run, AP_REQUIREMENT, id, open, due, responsible);
	if (rc)
		return rc;
	if (had && (was_sys != sys || was_req != req || was_f != f || was_na != na)) {
		if ((was_f || was_na) && (rc = coverage_add(run, was_req, 0, -was_f, -was_na)))
			return rc;
		if (was_f && (rc = controls_add(run, was_req, was_sys, -1)))
			return rc;
	}
	if (exists && (!had || was_sys != sys || was_req != req || was_f != f || was_na != na)) {
		if ((f || na) && (rc = coverage_add(run, req, 0, f, na)))
			return rc;
		if (f && (rc = controls_add(run, req, sys, 1)))
			return rc;
	}
	if (!exists)
		return had ? dr_exec_ll(st, "DELETE FROM item_state WHERE item_id = ?", 1, &id) : STORE_OK;
	if (had && was_sys == sys && was_req == req && was_f == f && was_na == na && was_applies == applies)
		return STORE_OK;
	s = sq_prepare(st, "INSERT OR REPLACE INTO item_state (item_id, org_id, system_id, requirement_id, applies, fulfilled,"
			   " not_applicable) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	sqlite3_bind_int64(s, 3, sys);
	sqlite3_bind_int64(s, 4, req);
	sqlite3_bind_int(s, 5, applies);
	sqlite3_bind_int(s, 6, f);
	sqlite3_bind_int(s, 7, na);
	run->touched |= DT_COVERAGE;
	return sq_exec_stmt(st, s, "item state");
}

/* ---- requirements and controls: counted afresh ------------------------------------------------- */

static int eval_requirement(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT " REQ_SYSTEM_ASPECT ", min_level, scope = 'organisation' FROM requirements"
				     " WHERE id = ? AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	enum aspect asp = ASPECT_COUNT;
	int min = 0, organisation = 0;
	if (rc == SQLITE_ROW) {
		asp = requirement_aspect_from_code((const char *)sqlite3_column_text(s, 0));
		min = sqlite3_column_int(s, 1);
		organisation = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived requirement");
	run->touched |= DT_COVERAGE;
	run->have_reqs = 0; /* its aspect, level or status may have changed */
	if (rc == SQLITE_DONE)
		return dr_exec_ll(st, "DELETE FROM requirement_coverage WHERE requirement_id = ?", 1, &id);
	if (organisation) {
		/* Once, to the organisation: as its assessment says. */
		long long v[2] = { id, run->org };
		return dr_exec_ll(st, "INSERT OR REPLACE INTO requirement_coverage (requirement_id, org_id, applies, fulfilled,"
				   " not_applicable) SELECT ?1, ?2, 1, coalesce(max(assessment = 'fulfilled'), 0),"
				   " coalesce(max(assessment = 'not_applicable'), 0) FROM org_assessments WHERE requirement_id = ?1",
			       2, v);
	}
	long long applies = 0;
	if ((asp < ASPECT_COUNT || asp == ASPECT_ANY) && min == 0) {
		/* Always: every running system. */
		long long v[1] = { run->org };
		if ((rc = dr_int_of(st, "SELECT count(*) FROM system_state WHERE org_id = ? AND running = 1", 1, v, &applies)))
			return rc;
	} else if (asp == ASPECT_ANY && min >= 1 && min <= REQUIREMENT_LEVEL_MAX) {
		long long v[2] = { run->org, min };
		if ((rc = dr_int_of(st, "SELECT count(*) FROM system_state WHERE org_id = ?1 AND running = 1 AND (confidentiality >= ?2"
					" OR integrity >= ?2 OR availability >= ?2 OR traceability >= ?2)", 2, v, &applies)))
			return rc;
	} else if (asp < ASPECT_COUNT && min >= 1 && min <= REQUIREMENT_LEVEL_MAX) {
		/* The column is one of four fixed names. */
		const char *sql = asp == ASPECT_K   ? "SELECT count(*) FROM system_state WHERE org_id = ? AND running = 1 AND confidentiality >= ?"
				  : asp == ASPECT_R ? "SELECT count(*) FROM system_state WHERE org_id = ? AND running = 1 AND integrity >= ?"
				  : asp == ASPECT_T ? "SELECT count(*) FROM system_state WHERE org_id = ? AND running = 1 AND availability >= ?"
						    : "SELECT count(*) FROM system_state WHERE org_id = ? AND running = 1 AND traceability >= ?";
		long long v[2] = { run->org, min };
		if ((rc = dr_int_of(st, sql, 2, v, &applies)))
			return rc;
	}
	long long v[3] = { id, run->org, applies };
	return dr_exec_ll(st, "INSERT OR REPLACE INTO requirement_coverage (requirement_id, org_id, applies, fulfilled,"
			   " not_applicable) SELECT ?1, ?2, ?3, coalesce(sum(fulfilled), 0), coalesce(sum(not_applicable), 0)"
			   " FROM item_state WHERE requirement_id = ?1",
		       3, v);
}

static int eval_control(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT code || ' ' || title_sv, framework = 'iso27001', applicable,"
					 " coalesce(trim(justification), '') <> '' FROM soa_entries WHERE id = ? AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_control_facts f = { .id = id };
	const char *name = NULL;
	if (rc == SQLITE_ROW) {
		name = sq_col_text(run->a, s, 0);
		f.iso27001 = sqlite3_column_int(s, 1);
		f.applicable = sqlite3_column_int(s, 2);
		f.justified = sqlite3_column_int(s, 3);
	}
	int exists = rc == SQLITE_ROW;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived control");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_control(&f, &rows);
	rc = dr_gaps_put(run, "soa-entries", id, name, &rows);
	gap_rows_free(&rows);
	if (rc)
		return rc;
	/* The systems that implement it, counted afresh. */
	run->touched |= DT_COVERAGE;
	if ((rc = dr_exec_ll(st, "DELETE FROM control_systems WHERE control_id = ?", 1, &id)) || !exists)
		return rc;
	long long v[2] = { id, run->org };
	return dr_exec_ll(st, "INSERT INTO control_systems (control_id, system_id, org_id, n)"
			   " SELECT ?1, i.system_id, ?2, count(*) FROM requirement_controls rc"
			   " JOIN requirements q ON q.id = rc.from_id AND q.status = 'active'"
			   " JOIN item_state i ON i.requirement_id = rc.from_id AND i.fulfilled = 1"
			   " WHERE rc.to_id = ?1 GROUP BY i.system_id",
		       2, v);
}

/* ---- processes and the organisation ---------------------------------------------------------------- */

static int eval_process(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT p.name, p.unit_id, p.critical, EXISTS (SELECT 1 FROM asset_processes ap"
					 " JOIN system_information si ON si.to_id = ap.from_id JOIN systems y ON y.id = si.from_id"
					 " AND y.lifecycle IN ('in_use', 'retiring') WHERE ap.to_id = p.id)"
					 " OR EXISTS (SELECT 1 FROM dependencies dp JOIN systems y ON y.id = dp.system_id"
					 " AND y.lifecycle IN ('in_use', 'retiring') WHERE dp.process_id = p.id AND dp.kind = 'system'),"
					 " p.mtd_hours IS NOT NULL, p.owner_id"
					 " FROM processes p WHERE p.id = ? AND p.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_process_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.unit_id = sqlite3_column_int64(s, 1);
		f.critical = sqlite3_column_int(s, 2);
		f.supported = sqlite3_column_int(s, 3);
		f.mtd_set = sqlite3_column_int(s, 4);
		f.owner_id = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived process");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_process(&f, &rows);
	rc = dr_gaps_put(run, "processes", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

static int eval_org(struct derived_run *run, long long id)
{
	long long v[1] = { id }, shared, infra;
	int rc = dr_int_of(run->st, "SELECT EXISTS (SELECT 1 FROM risk_analyses WHERE org_id = ? AND scope = 'shared_it'"
				 " AND status = 'decided')", 1, v, &shared);
	if (!rc)
		rc = dr_int_of(run->st, "SELECT EXISTS (SELECT 1 FROM risk_analyses WHERE org_id = ? AND scope = 'infrastructure'"
				     " AND status = 'decided')", 1, v, &infra);
	if (rc)
		return rc;
	struct gap_rows rows = { 0 };
	gap_rules_org((int)shared, (int)infra, &rows);
	rc = dr_gaps_put(run, "risk-analyses", 0, NULL, &rows);
	gap_rows_free(&rows);
	return rc;
}

/* ---- analyses ------------------------------------------------------------------------------------ */

struct ana_state {
	int exists, current, decided, nl, nc, top_min;
	long long unit_id, owner_id;
	const char *quarter;
};

static int eval_analysis(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	struct arena *a = run->a;
	struct ana_state was = { 0 }, now = { 0 };
	sqlite3_stmt *s = sq_prepare(st, "SELECT current, decided, unit_id, quarter, nlikelihood, nconsequence, top_min,"
					 " owner_id FROM analysis_state WHERE analysis_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		was.exists = 1;
		was.current = sqlite3_column_int(s, 0);
		was.decided = sqlite3_column_int(s, 1);
		was.unit_id = sqlite3_column_int64(s, 2);
		was.quarter = sq_col_text(a, s, 3);
		was.nl = sqlite3_column_int(s, 4);
		was.nc = sqlite3_column_int(s, 5);
		was.top_min = sqlite3_column_int(s, 6);
		was.owner_id = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived analysis");

	s = sq_prepare(st, "SELECT a.scope, a.system_id, a.process_id, a.unit_id, a.status = 'decided', a.analysed_on,"
			   " a.risk_owner_id, coalesce(a.unit_id, s.unit_id, p.unit_id), m.likelihood_scale,"
			   " m.consequence_scale, m.bands FROM risk_analyses a"
			   " LEFT JOIN systems s ON s.id = a.system_id AND a.scope = 'system'"
			   " LEFT JOIN processes p ON p.id = a.process_id AND a.scope = 'process'"
			   " LEFT JOIN risk_methods m ON m.id = a.method_id WHERE a.id = ? AND a.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	const char *scope = NULL, *ls = NULL, *cs = NULL, *bs = NULL;
	long long subject = 0;
	if (rc == SQLITE_ROW) {
		now.exists = 1;
		scope = sq_col_text(a, s, 0);
		subject = !scope || strcmp(scope, "system") == 0 ? sqlite3_column_int64(s, 1)
			  : strcmp(scope, "process") == 0   ? sqlite3_column_int64(s, 2)
			  : strcmp(scope, "unit") == 0      ? sqlite3_column_int64(s, 3) : 0;
		now.decided = sqlite3_column_int(s, 4);
		const char *on = (const char *)sqlite3_column_text(s, 5);
		char q[8];
		now.quarter = riskview_quarter_of(on, q) == 0 ? arena_strdup(a, q) : NULL;
		now.owner_id = sqlite3_column_int64(s, 6);
		now.unit_id = sqlite3_column_int64(s, 7);
		ls = sq_col_text(a, s, 8);
		cs = sq_col_text(a, s, 9);
		bs = sq_col_text(a, s, 10);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived analysis");
	if (now.exists) {
		struct risk_method m;
		struct risk_problem pr[RISK_PROBLEMS_MAX];
		if (ls && cs && bs && risk_method_parse(a, ls, cs, bs, &m, pr, RISK_PROBLEMS_MAX) == 0 && m.nbands) {
			now.top_min = m.bands[m.nbands - 1].min;
			now.nl = m.nlikelihood;
			now.nc = m.nconsequence;
		}
		/* Current: the latest analysis of its subject by date of
		 * analysis, then by number (core/riskview.h). */
		const char *sql;
		int by_scope = 0;
		if (scope && (strcmp(scope, "shared_it") == 0 || strcmp(scope, "infrastructure") == 0)) {
			sql = "SELECT id FROM risk_analyses WHERE org_id = ?1 AND scope = ?2"
			      " ORDER BY coalesce(analysed_on, '') DESC, id DESC LIMIT 1";
			by_scope = 1;
		} else if (scope && strcmp(scope, "process") == 0) {
			sql = "SELECT id FROM risk_analyses WHERE org_id = ?1 AND scope = 'process' AND process_id IS ?2"
			      " ORDER BY coalesce(analysed_on, '') DESC, id DESC LIMIT 1";
		} else if (scope && strcmp(scope, "unit") == 0) {
			sql = "SELECT id FROM risk_analyses WHERE org_id = ?1 AND scope = 'unit' AND unit_id IS ?2"
			      " ORDER BY coalesce(analysed_on, '') DESC, id DESC LIMIT 1";
		} else {
			sql = "SELECT id FROM risk_analyses WHERE org_id = ?1 AND scope = 'system' AND system_id IS ?2"
			      " ORDER BY coalesce(analysed_on, '') DESC, id DESC LIMIT 1";
		}
		s = sq_prepare(st, sql);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, run->org);
		if (by_scope)
			sq_bind_text(s, 2, scope);
		else if (subject)
			sqlite3_bind_int64(s, 2, subject);
		rc = sqlite3_step(s);
		now.current = rc == SQLITE_ROW && sqlite3_column_int64(s, 0) == id;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_fail(st, "derived analysis");
	}
	if (was.exists == now.exists && was.current == now.current && was.decided == now.decided &&
	    was.unit_id == now.unit_id && same_text(was.quarter, now.quarter) && was.nl == now.nl &&
	    was.nc == now.nc && was.top_min == now.top_min && was.owner_id == now.owner_id)
		return STORE_OK;
	/* Its risks count differently now. */
	if ((rc = dr_add_rows(run, DK_RISK, "SELECT id FROM risks WHERE analysis_id = ?", id)))
		return rc;
	run->touched |= DT_PICTURE;
	if (!now.exists)
		return dr_exec_ll(st, "DELETE FROM analysis_state WHERE analysis_id = ?", 1, &id);
	s = sq_prepare(st, "INSERT OR REPLACE INTO analysis_state (analysis_id, org_id, current, decided, unit_id, quarter,"
			   " nlikelihood, nconsequence, top_min, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	sqlite3_bind_int(s, 3, now.current);
	sqlite3_bind_int(s, 4, now.decided);
	if (now.unit_id)
		sqlite3_bind_int64(s, 5, now.unit_id);
	sq_bind_text(s, 6, now.quarter);
	sqlite3_bind_int(s, 7, now.nl);
	sqlite3_bind_int(s, 8, now.nc);
	sqlite3_bind_int(s, 9, now.top_min);
	if (now.owner_id)
		sqlite3_bind_int64(s, 10, now.owner_id);
	return sq_exec_stmt(st, s, "analysis state");
}

/* ---- risks --------------------------------------------------------------------------------------- */

struct rsk_state {
	int exists, current, nl, nc, l, c, value;
	long long analysis_id, unit_id, person_id;
	const char *quarter, *band;
};

/* The unit the organisation's own totals are kept under, so that its
 * picture reads a few rows rather than summing every unit's. */
#define ORG_TOTAL (-1)

static int heat_add(struct derived_run *run, const struct rsk_state *r, int d)
{
	struct count_key k[] = { { "org_id", NULL, run->org }, { "unit_id", NULL, r->unit_id },
				 { "nlikelihood", NULL, r->nl }, { "nconsequence", NULL, r->nc },
				 { "likelihood", NULL, r->l }, { "consequence", NULL, r->c } };
	int rc = count_move(run, "risk_heat", k, 6, d);
	k[1].num = ORG_TOTAL;
	return rc ? rc : count_move(run, "risk_heat", k, 6, d);
}

static int quarter_add(struct derived_run *run, const struct rsk_state *r, int d)
{
	struct count_key k[] = { { "org_id", NULL, run->org }, { "unit_id", NULL, r->unit_id },
				 { "quarter", r->quarter, 0 }, { "band", r->band ? r->band : "", 0 } };
	int rc = count_move(run, "risk_quarters", k, 4, d);
	k[1].num = ORG_TOTAL;
	return rc ? rc : count_move(run, "risk_quarters", k, 4, d);
}

static int same_risk_state(const struct rsk_state *a, const struct rsk_state *b)
{
	return a->exists == b->exists && a->current == b->current && a->nl == b->nl && a->nc == b->nc && a->l == b->l &&
	       a->c == b->c && a->value == b->value && a->analysis_id == b->analysis_id && a->unit_id == b->unit_id &&
	       a->person_id == b->person_id && same_text(a->quarter, b->quarter) && same_text(a->band, b->band);
}

static int eval_risk(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	struct arena *a = run->a;
	struct rsk_state was = { 0 }, now = { 0 };
	sqlite3_stmt *s = sq_prepare(st, "SELECT analysis_id, current, unit_id, nlikelihood, nconsequence, likelihood,"
					 " consequence, quarter, band, value, person_id FROM risk_state WHERE risk_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		was.exists = 1;
		was.analysis_id = sqlite3_column_int64(s, 0);
		was.current = sqlite3_column_int(s, 1);
		was.unit_id = sqlite3_column_int64(s, 2);
		was.nl = sqlite3_column_int(s, 3);
		was.nc = sqlite3_column_int(s, 4);
		was.l = sqlite3_column_int(s, 5);
		was.c = sqlite3_column_int(s, 6);
		was.quarter = sq_col_text(a, s, 7);
		was.band = sq_col_text(a, s, 8);
		was.value = sqlite3_column_int(s, 9);
		was.person_id = sqlite3_column_int64(s, 10);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived risk");

	s = sq_prepare(st, "SELECT r.title, r.analysis_id, r.value, r.treatment, r.accepted_by_id IS NOT NULL, r.likelihood,"
			   " r.consequence, r.band, coalesce(r.risk_owner_id, x.owner_id), coalesce(x.current, 0),"
			   " coalesce(x.decided, 0), x.unit_id, x.quarter, coalesce(x.nlikelihood, 0),"
			   " coalesce(x.nconsequence, 0), coalesce(x.top_min, 0),"
			   " EXISTS (SELECT 1 FROM measures m WHERE m.risk_id = r.id AND m.status <> 'cancelled')"
			   " FROM risks r LEFT JOIN analysis_state x ON x.analysis_id = r.analysis_id"
			   " WHERE r.id = ? AND r.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	struct gap_risk_facts f = { .id = id };
	const char *name = NULL;
	if (rc == SQLITE_ROW) {
		now.exists = 1;
		name = sq_col_text(a, s, 0);
		now.analysis_id = sqlite3_column_int64(s, 1);
		now.value = f.value = sqlite3_column_int(s, 2);
		const char *t = (const char *)sqlite3_column_text(s, 3);
		f.reduce = !t || strcmp(t, "reduce") == 0;
		f.avoid = t && strcmp(t, "avoid") == 0;
		f.accepted = sqlite3_column_int(s, 4);
		now.l = sqlite3_column_int(s, 5);
		now.c = sqlite3_column_int(s, 6);
		now.band = sq_col_text(a, s, 7);
		now.person_id = f.person_id = sqlite3_column_int64(s, 8);
		now.current = sqlite3_column_int(s, 9);
		f.decided = sqlite3_column_int(s, 10);
		now.unit_id = f.unit_id = sqlite3_column_int64(s, 11);
		now.quarter = sq_col_text(a, s, 12);
		now.nl = sqlite3_column_int(s, 13);
		now.nc = sqlite3_column_int(s, 14);
		f.top_min = sqlite3_column_int(s, 15);
		f.measured = sqlite3_column_int(s, 16);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived risk");
	struct gap_rows rows = { 0 };
	if (now.exists)
		gap_rules_risk(&f, &rows);
	rc = dr_gaps_put(run, "risks", id, name, &rows);
	gap_rows_free(&rows);
	if (rc || same_risk_state(&was, &now))
		return rc;
	/* The picture moves from what it counted for to what it counts for. */
	if (was.exists && was.current && (rc = heat_add(run, &was, -1)))
		return rc;
	if (now.exists && now.current && (rc = heat_add(run, &now, 1)))
		return rc;
	if (was.exists && was.quarter && (rc = quarter_add(run, &was, -1)))
		return rc;
	if (now.exists && now.quarter && (rc = quarter_add(run, &now, 1)))
		return rc;
	run->touched |= DT_PICTURE;
	/* Its measures belong to its unit and fall back on its owner. */
	if ((was.unit_id != now.unit_id || was.person_id != now.person_id || !now.exists) &&
	    (rc = dr_add_rows(run, DK_MEASURE, "SELECT id FROM measures WHERE risk_id = ?", id)))
		return rc;
	if (!now.exists)
		return dr_exec_ll(st, "DELETE FROM risk_state WHERE risk_id = ?", 1, &id);
	s = sq_prepare(st, "INSERT OR REPLACE INTO risk_state (risk_id, org_id, analysis_id, current, unit_id, nlikelihood,"
			   " nconsequence, likelihood, consequence, quarter, band, value, person_id)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	sqlite3_bind_int64(s, 3, now.analysis_id);
	sqlite3_bind_int(s, 4, now.current);
	sqlite3_bind_int64(s, 5, now.unit_id);
	sqlite3_bind_int(s, 6, now.nl);
	sqlite3_bind_int(s, 7, now.nc);
	sqlite3_bind_int(s, 8, now.l);
	sqlite3_bind_int(s, 9, now.c);
	sq_bind_text(s, 10, now.quarter);
	sq_bind_text(s, 11, now.band);
	sqlite3_bind_int(s, 12, now.value);
	if (now.person_id)
		sqlite3_bind_int64(s, 13, now.person_id);
	return sq_exec_stmt(st, s, "risk state");
}

/* ---- measures -------------------------------------------------------------------------------------- */

static int eval_measure(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT m.title, m.status IN ('planned', 'in_progress'), m.due_date, m.owner_id,"
					 " x.unit_id, coalesce(x.person_id, fi.owner_id) FROM measures m"
					 " LEFT JOIN risk_state x ON x.risk_id = m.risk_id"
					 " LEFT JOIN exercise_findings fi ON fi.id = m.finding_id"
					 " WHERE m.id = ? AND m.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_measure_facts f = { .id = id };
	const char *name = NULL;
	long long owner = 0;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.open = sqlite3_column_int(s, 1);
		f.due_date = sq_col_text(run->a, s, 2);
		owner = sqlite3_column_int64(s, 3);
		f.unit_id = sqlite3_column_int64(s, 4);
		f.person_id = owner ? owner : sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived measure");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_measure(&f, &rows);
	rc = dr_gaps_put(run, "measures", id, name, &rows);
	gap_rows_free(&rows);
	return rc ? rc : plan_put(run, AP_MEASURE, id, exists && f.open, f.due_date, owner);
}

/* ---- continuity plans and exercise findings ----------------------------------------------------------- */

static int eval_plan(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	int rc = dr_load_settings(run);
	if (rc)
		return rc;
	sqlite3_stmt *s = sq_prepare(st, "SELECT c.title, c.unit_id, c.owner_id, c.status = 'adopted', c.adopted_on, c.review_date,"
					 " (SELECT max(x.exercise_date) FROM exercise_plans l JOIN exercises x ON x.id = l.from_id"
					 " AND x.status = 'held' WHERE l.to_id = c.id)"
					 " FROM continuity_plans c WHERE c.id = ? AND c.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	rc = sqlite3_step(s);
	struct gap_plan_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.unit_id = sqlite3_column_int64(s, 1);
		f.owner_id = sqlite3_column_int64(s, 2);
		f.adopted = sqlite3_column_int(s, 3);
		f.adopted_on = sq_col_text(run->a, s, 4);
		f.review_date = sq_col_text(run->a, s, 5);
		f.last_exercise = sq_col_text(run->a, s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived plan");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_plan(&run->settings, &f, &rows);
	rc = dr_gaps_put(run, "continuity-plans", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

static int eval_finding(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT f.title, f.owner_id, EXISTS (SELECT 1 FROM measures m WHERE m.finding_id = f.id"
					 " AND m.status <> 'cancelled') FROM exercise_findings f WHERE f.id = ? AND f.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_finding_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.owner_id = sqlite3_column_int64(s, 1);
		f.measured = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived finding");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_finding(&f, &rows);
	rc = dr_gaps_put(run, "exercise-findings", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

/* ---- what a system's failure takes down ------------------------------------------------------------ */

int store_system_impact(struct store *st, struct arena *a, long long org, long long system, size_t max,
			struct impact_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, SQL_RESTING_PROCESSES("SELECT id FROM systems WHERE id = ?1 AND org_id = ?2")
				     " SELECT p.id, p.name, p.critical, coalesce(p.mtd_hours, -1), r.via, y.name, r.how = 'dependency'"
				     " FROM resting r JOIN processes p ON p.id = r.process_id JOIN systems y ON y.id = r.via"
				     " ORDER BY p.mtd_hours IS NULL, p.mtd_hours, p.id, r.via <> ?1, r.how = 'information'");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, system);
	sqlite3_bind_int64(s, 2, org);
	size_t cap = 0;
	void *v = NULL;
	long long last = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long pid = sqlite3_column_int64(s, 0);
		if (pid == last)
			continue; /* the same process by a less direct way */
		last = pid;
		if (*n >= max)
			continue;
		struct impact_row *x = arena_push(a, &v, n, &cap, sizeof *x);
		x->process_id = pid;
		x->name = sq_col_text(a, s, 1);
		x->critical = sqlite3_column_int(s, 2);
		x->mtd_hours = sqlite3_column_int64(s, 3);
		x->via_id = sqlite3_column_int64(s, 4);
		x->via_name = sq_col_text(a, s, 5);
		x->by_dependency = sqlite3_column_int(s, 6);
	}
	sqlite3_reset(s);
	*out = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "impact");
}

/* ---- incidents ------------------------------------------------------------------------------------- */

/* The local date of instant t in zone z. */
static void local_date(const struct tzone *z, long long t, char out[11])
{
	char local[17];
	ts_to_local(z, t, local);
	memcpy(out, local, 10);
	out[10] = 0;
}

static int eval_incident(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT i.title, i.status NOT IN ('closed', 'not_incident'), i.aware_at, i.significance = 'significant',"
					 " i.pd_breach = 'yes_report', i.handled_at, i.handler_id, o.time_zone,"
					 " o.incident_follow_up_days FROM incidents i JOIN organisations o ON o.id = i.org_id"
					 " WHERE i.id = ? AND i.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	int exists = rc == SQLITE_ROW;
	const char *name = NULL, *aware = NULL, *handled = NULL;
	const struct tzone *z = NULL;
	struct gap_incident_facts f = { .id = id };
	struct deadline_facts df = { 0 };
	int days = 90;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.open = sqlite3_column_int(s, 1);
		aware = sq_col_text(run->a, s, 2);
		df.significant = sqlite3_column_int(s, 3);
		df.personal_data_breach = sqlite3_column_int(s, 4);
		handled = sq_col_text(run->a, s, 5);
		f.person_id = sqlite3_column_int64(s, 6);
		z = tzone_find(sq_col_text(run->a, s, 7));
		days = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived incident");
	struct gap_rows rows = { 0 };
	if (exists && aware && ts_parse(aware, &df.aware_at) == 0) {
		df.tz = z;
		df.now = clock_unix();
		long long t;
		if (handled && ts_parse(handled, &t) == 0)
			df.handled_at = t;
		/* The first report of each kind sent. */
		long long sent[DL_KIND_COUNT] = { 0 };
		sqlite3_stmt *r = sq_prepare(st, "SELECT kind, min(sent_at) FROM incident_reports WHERE incident_id = ?"
						 " GROUP BY kind");
		if (!r)
			return STORE_ERROR;
		sqlite3_bind_int64(r, 1, id);
		while ((rc = sqlite3_step(r)) == SQLITE_ROW) {
			int k = deadline_kind_from_code((const char *)sqlite3_column_text(r, 0));
			const char *at = (const char *)sqlite3_column_text(r, 1);
			if (k >= 0 && at && ts_parse(at, &t) == 0)
				sent[k] = t;
		}
		sqlite3_reset(r);
		if (rc != SQLITE_DONE)
			return sq_fail(st, "derived incident reports");
		df.notification_sent = sent[DL_NIS2_NOTIFICATION];
		struct deadline d[DL_KIND_COUNT];
		size_t n = deadline_compute(&df, d);
		long long first = 0;
		for (size_t i = 0; i < n; i++) {
			/* A progress report and the final report due at the same
			 * moment are one duty: either meets it. */
			int met = sent[d[i].kind] ||
				  (d[i].kind == DL_NIS2_PROGRESS && sent[DL_NIS2_FINAL]);
			if (!met && d[i].due_at && (!first || d[i].due_at < first))
				first = d[i].due_at;
		}
		char due[11], follow[11];
		if (first) {
			local_date(z ? z : tzone_default(), first, due);
			f.report_due = due;
		}
		if (f.open) {
			local_date(z ? z : tzone_default(), df.aware_at + (long long)(days > 0 ? days : 90) * 86400, follow);
			f.follow_up_due = follow;
		}
		gap_rules_incident(&f, &rows);
	}
	rc = dr_gaps_put(run, "incidents", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

/* ---- a record's cadence, for its page -------------------------------------------------------------- */

int store_derived_cadence(struct store *st, struct arena *a, long long org, int system, long long id,
			  struct gap_cadence *out)
{
	struct derived_run run;
	derived_run_init(&run, st, org);
	memset(out, 0, sizeof *out);
	const char *name;
	int exists = 0;
	int rc = dr_load_settings(&run);
	struct gap_rows rows = { 0 };
	if (!rc && system) {
		struct gap_system_facts f;
		struct gap_system_state gs;
		if (!(rc = system_facts(&run, id, &f, &name, &exists)) && exists)
			gap_rules_system(&run.settings, &f, &gs, out, &rows);
	} else if (!rc) {
		struct gap_asset_facts f;
		if (!(rc = asset_facts(&run, id, &f, &name, &exists)) && exists)
			gap_rules_asset(&run.settings, &f, out, &rows);
	}
	gap_rows_free(&rows);
	/* The dates live in the walk's arena: copy them out. */
	if (out->last)
		out->last = arena_strdup(a, out->last);
	if (out->trigger)
		out->trigger = arena_strdup(a, out->trigger);
	derived_run_free(&run);
	if (!rc && !exists)
		rc = STORE_NOTFOUND;
	return rc;
}

/* ---- the walk's entry points --------------------------------------------------------------------------- */

int store_derived_eval(struct derived_run *run, enum derived_kind k, long long id)
{
	arena_reset(run->a);
	run->evaluated++;
	switch (k) {
	case DK_ANALYSIS: return eval_analysis(run, id);
	case DK_ASSET: return eval_asset(run, id);
	case DK_SYSTEM: return eval_system(run, id);
	case DK_ITEM: return eval_item(run, id);
	case DK_REQUIREMENT: return eval_requirement(run, id);
	case DK_CONTROL: return eval_control(run, id);
	case DK_PROCESS: return eval_process(run, id);
	case DK_RISK: return eval_risk(run, id);
	case DK_MEASURE: return eval_measure(run, id);
	case DK_INCIDENT: return eval_incident(run, id);
	case DK_ORG: return eval_org(run, id);
	case DK_PLAN: return eval_plan(run, id);
	case DK_FINDING: return eval_finding(run, id);
	case DK_PERSON: return dr_eval_person(run, id);
	case DK_CONTROL_POINT: return dr_eval_control_point(run, id);
	case DK_ORG_ASSESSMENT: return dr_eval_org_assessment(run, id);
	case DK_DOCUMENT: return dr_eval_document(run, id);
	case DK_REQUIRED_DOCUMENT: return dr_eval_required_document(run, id);
	case DK_COUNT: break;
	}
	return STORE_ERROR;
}

int store_derived_all(struct derived_run *run, enum derived_kind k)
{
	static const char *const sql[DK_COUNT] = {
		[DK_ANALYSIS] = "SELECT id FROM risk_analyses WHERE org_id = ?",
		[DK_ASSET] = "SELECT id FROM information_assets WHERE org_id = ?",
		[DK_SYSTEM] = "SELECT id FROM systems WHERE org_id = ?",
		[DK_ITEM] = "SELECT id FROM plan_items WHERE org_id = ?",
		[DK_REQUIREMENT] = "SELECT id FROM requirements WHERE org_id = ?",
		[DK_CONTROL] = "SELECT id FROM soa_entries WHERE org_id = ?",
		[DK_PROCESS] = "SELECT id FROM processes WHERE org_id = ?",
		[DK_RISK] = "SELECT id FROM risks WHERE org_id = ?",
		[DK_MEASURE] = "SELECT id FROM measures WHERE org_id = ?",
		[DK_INCIDENT] = "SELECT id FROM incidents WHERE org_id = ?",
		[DK_PLAN] = "SELECT id FROM continuity_plans WHERE org_id = ?",
		[DK_FINDING] = "SELECT id FROM exercise_findings WHERE org_id = ?",
		[DK_PERSON] = "SELECT id FROM people WHERE org_id = ?",
		[DK_CONTROL_POINT] = "SELECT id FROM control_points WHERE org_id = ?",
		[DK_ORG_ASSESSMENT] = "SELECT id FROM org_assessments WHERE org_id = ?",
		[DK_DOCUMENT] = "SELECT id FROM governing_documents WHERE org_id = ?",
		[DK_REQUIRED_DOCUMENT] = "SELECT id FROM required_documents WHERE org_id = ?",
	};
	if (k == DK_ORG) {
		derived_set_add(&run->todo, DK_ORG, run->org);
		return STORE_OK;
	}
	return k < DK_COUNT && sql[k] ? dr_add_rows(run, k, sql[k], run->org) : STORE_ERROR;
}

int store_derived_clear(struct store *st, long long org)
{
	static const char *const tables[] = { "gaps", "gap_counts", "system_state", "asset_state", "item_state",
					      "requirement_coverage", "control_systems", "analysis_state", "risk_state",
					      "risk_heat", "risk_quarters", "plan_entries", "plan_due_counts",
					      "training_state" };
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE org_id = ?", tables[i]);
		int rc = dr_exec_ll(st, sql, 1, &org);
		if (rc)
			return rc;
	}
	return STORE_OK;
}

int store_derived_version(struct store *st, long long org, int *version)
{
	long long v;
	int rc = dr_int_of(st, "SELECT version FROM derived_built WHERE org_id = ?", 1, &org, &v);
	*version = (int)v;
	return rc;
}

int store_derived_set_version(struct store *st, long long org, int version, const char *now)
{
	sqlite3_stmt *s = sq_prepare(st, "INSERT OR REPLACE INTO derived_built (org_id, version, built_at) VALUES (?, ?, ?)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int(s, 2, version);
	sq_bind_text(s, 3, now);
	return sq_exec_stmt(st, s, "derived version");
}

int store_org_ids(struct store *st, long long *ids, size_t max, size_t *n)
{
	sqlite3_stmt *s = sq_prepare(st, "SELECT id FROM organisations ORDER BY id");
	if (!s)
		return STORE_ERROR;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (*n < max)
			ids[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "organisations");
}

/* ---- generations ------------------------------------------------------------------------------------------ */

int store_generation_bump(struct store *st, long long org, const char *name)
{
	sqlite3_stmt *s = sq_prepare(st, "INSERT INTO generations (org_id, name, gen) VALUES (?, ?, 1)"
					 " ON CONFLICT (org_id, name) DO UPDATE SET gen = gen + 1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sq_bind_text(s, 2, name);
	return sq_exec_stmt(st, s, "generations");
}

int store_generations(struct store *st, long long org, const char *const *names, size_t n, long long *gens)
{
	for (size_t i = 0; i < n; i++)
		gens[i] = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT name, gen FROM generations WHERE org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		for (size_t i = 0; i < n; i++)
			if (name && strcmp(name, names[i]) == 0)
				gens[i] = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "generations");
}
