/*
 * sqlite_gaps.c: load what the gap rules (core/gaps.c) look at.
 */
#include <string.h>

#include "core/gaps.h"
#include "core/risk.h"
#include "store/sqlite_int.h"

/* Run sql (one parameter: org) and grow *arr with one element per row,
 * filled by fill(). */
static int load(struct store *st, struct arena *a, long long org, const char *sql, size_t size,
		void **arr, size_t *n, void (*fill)(struct arena *, sqlite3_stmt *, void *))
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	size_t cap = 256;
	char *v = arena_alloc(a, cap * size);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			char *bigger = arena_alloc(a, 2 * cap * size);
			memcpy(bigger, v, cap * size);
			v = bigger;
			cap *= 2;
		}
		fill(a, s, v + *n * size);
		(*n)++;
	}
	sqlite3_reset(s);
	*arr = v;
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "gaps");
}

static void fill_system(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_system *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->owner_id = sqlite3_column_int64(s, 2);
	x->administrator_id = sqlite3_column_int64(s, 3);
	const char *lc = (const char *)sqlite3_column_text(s, 4);
	x->lifecycle = !lc ? GL_IN_USE
		       : strcmp(lc, "planned") == 0 ? GL_PLANNED
		       : strcmp(lc, "retiring") == 0 ? GL_RETIRING
		       : strcmp(lc, "retired") == 0 ? GL_RETIRED : GL_IN_USE;
	const char *sh = (const char *)sqlite3_column_text(s, 5);
	x->office_hours = sh && strcmp(sh, "office") == 0;
	sq_col_levels(s, 6, &x->decision);
	x->last_raise = sq_col_text(a, s, 10);
}

static void fill_asset(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_asset *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->owner_id = sqlite3_column_int64(s, 2);
	sq_col_levels(s, 3, &x->lv);
	x->decided_on = sq_col_text(a, s, 7);
	x->unit_id = sqlite3_column_int64(s, 8);
	x->raised_on = sq_col_text(a, s, 9);
}

static void fill_trigger(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_trigger *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->system_id = sqlite3_column_int64(s, 1);
	x->asset_id = sqlite3_column_int64(s, 2);
	x->date = sq_col_text(a, s, 3);
	x->kind = gap_trigger_from_code((const char *)sqlite3_column_text(s, 4));
}

static void fill_plan_item(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_plan_item *x = p;
	x->system_id = sqlite3_column_int64(s, 0);
	x->requirement_id = sqlite3_column_int64(s, 1);
	x->requirement = sq_col_text(a, s, 2);
	x->requirement_active = sqlite3_column_int(s, 3);
	x->assessment = gap_assessment_from_code((const char *)sqlite3_column_text(s, 4));
	x->due_date = sq_col_text(a, s, 5);
	x->id = sqlite3_column_int64(s, 6);
	x->responsible_id = sqlite3_column_int64(s, 7);
}

static void fill_control(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_control *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->applicable = sqlite3_column_int(s, 2);
	x->justified = sqlite3_column_int(s, 3);
	x->framework = sq_col_text(a, s, 4);
}

static void fill_requirement(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_requirement *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->code = sq_col_text(a, s, 1);
	x->aspect = aspect_from_code((const char *)sqlite3_column_text(s, 2));
	x->min_level = sqlite3_column_int(s, 3);
	x->active = sqlite3_column_int(s, 4);
	for (int l = 0; l < 2; l++) {
		x->title[l] = sq_col_text(a, s, 5 + l);
		x->current[l] = sq_col_text(a, s, 7 + l);
		x->procurement[l] = sq_col_text(a, s, 9 + l);
	}
}

static void fill_analysis(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_analysis *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	const char *sc = (const char *)sqlite3_column_text(s, 2);
	x->scope = !sc ? GS_SYSTEM
		   : strcmp(sc, "process") == 0 ? GS_PROCESS
		   : strcmp(sc, "unit") == 0 ? GS_UNIT
		   : strcmp(sc, "shared_it") == 0 ? GS_SHARED_IT
		   : strcmp(sc, "infrastructure") == 0 ? GS_INFRASTRUCTURE : GS_SYSTEM;
	x->system_id = x->scope == GS_SYSTEM ? sqlite3_column_int64(s, 3) : 0;
	x->decided = sqlite3_column_int(s, 4);
	x->date = sq_col_text(a, s, 5);
	x->analysed_on = sq_col_text(a, s, 6);
	x->unit_id = sqlite3_column_int64(s, 7);
	x->subject = x->scope == GS_SYSTEM ? x->system_id
		     : x->scope == GS_PROCESS ? sqlite3_column_int64(s, 8)
		     : x->scope == GS_UNIT ? sqlite3_column_int64(s, 9) : 0;
}

static void fill_risk(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_risk *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->analysis_id = sqlite3_column_int64(s, 2);
	x->method_id = sqlite3_column_int64(s, 3);
	x->value = sqlite3_column_int(s, 4);
	const char *t = (const char *)sqlite3_column_text(s, 5);
	x->reduce = !t || strcmp(t, "reduce") == 0;
	x->avoid = t && strcmp(t, "avoid") == 0;
	x->accepted = sqlite3_column_int(s, 6);
	x->likelihood = sqlite3_column_int(s, 7);
	x->consequence = sqlite3_column_int(s, 8);
	x->band = sq_col_text(a, s, 9);
}

static void fill_method(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_method *x = p;
	x->id = sqlite3_column_int64(s, 0);
	struct risk_method m;
	struct risk_problem pr[RISK_PROBLEMS_MAX];
	int ok = risk_method_parse(a, (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2),
				   (const char *)sqlite3_column_text(s, 3), &m, pr, RISK_PROBLEMS_MAX) == 0;
	x->top_min = ok ? m.bands[m.nbands - 1].min : 0;
	x->nlikelihood = ok ? m.nlikelihood : 0;
	x->nconsequence = ok ? m.nconsequence : 0;
}

static void fill_measure(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_measure *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->risk_id = sqlite3_column_int64(s, 2);
	x->open = sqlite3_column_int(s, 3);
	x->counts = sqlite3_column_int(s, 4);
	x->due_date = sq_col_text(a, s, 5);
	x->in_progress = sqlite3_column_int(s, 6);
	x->owner_id = sqlite3_column_int64(s, 7);
}

static void fill_unit(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_unit *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->parent_id = sqlite3_column_int64(s, 2);
}

static void fill_person(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_person *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
}

static void fill_process(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_process *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->critical = sqlite3_column_int(s, 2);
}

static void fill_agreement(struct arena *a, sqlite3_stmt *s, void *p)
{
	struct gap_agreement *x = p;
	x->id = sqlite3_column_int64(s, 0);
	x->name = sq_col_text(a, s, 1);
	x->end_date = sq_col_text(a, s, 2);
}

static void fill_link(struct arena *a, sqlite3_stmt *s, void *p)
{
	(void)a;
	struct id_link *x = p;
	x->from = sqlite3_column_int64(s, 0);
	x->to = sqlite3_column_int64(s, 1);
}

int store_gap_input(struct store *st, struct arena *a, long long org, struct gap_input *in)
{
	memset(in, 0, sizeof *in);
	void *p;
	int rc;
#define LOAD(sql, type, fill, field, count)                                                   \
	do {                                                                                  \
		rc = load(st, a, org, sql, sizeof(type), &p, &in->count, fill);               \
		if (rc)                                                                       \
			return rc;                                                            \
		in->field = p;                                                                \
	} while (0)
	/* With the latest decision on each system and the current (latest
	 * decided) classification of each asset. */
	LOAD("SELECT s.id, s.name, s.owner_id, s.administrator_id, s.lifecycle, s.support_hours,"
	     " d.confidentiality, d.integrity, d.availability, d.traceability, d.decided_on FROM systems s"
	     " LEFT JOIN system_classifications d ON d.id = " SQL_LATEST_SYSTEM_DECISION("s.id")
	     " WHERE s.org_id = ? ORDER BY s.name COLLATE sv, s.id",
	     struct gap_system, fill_system, systems, nsystems);
	/* raised_on: the current classification's date when it is the first
	 * or raises an aspect over the decided one before it. */
	LOAD("SELECT i.id, i.name, i.owner_id, c.confidentiality, c.integrity, c.availability,"
	     " c.traceability, c.decided_on, i.unit_id,"
	     " CASE WHEN p.id IS NULL OR c.confidentiality > coalesce(p.confidentiality, -1)"
	     "  OR c.integrity > coalesce(p.integrity, -1) OR c.availability > coalesce(p.availability, -1)"
	     "  OR c.traceability > coalesce(p.traceability, -1) THEN c.decided_on END"
	     " FROM information_assets i"
	     " LEFT JOIN classifications c ON c.id = " SQL_CURRENT_CLASSIFICATION("i.id")
	     " LEFT JOIN classifications p ON p.id = (SELECT id FROM classifications WHERE asset_id = i.id"
	     "  AND status = 'decided' AND (decided_on < c.decided_on OR (decided_on = c.decided_on AND id < c.id))"
	     "  ORDER BY decided_on DESC, id DESC LIMIT 1)"
	     " WHERE i.org_id = ? ORDER BY i.name COLLATE sv, i.id",
	     struct gap_asset, fill_asset, assets, nassets);
	LOAD("SELECT p.system_id, p.requirement_id, r.code, r.status = 'active', p.assessment, p.due_date, p.id,"
	     " p.responsible_id"
	     /* Every item of the organisation: a plain scan of the table is
	      * several times faster than walking an index by org_id and
	      * fetching each row (1 s for 240,000 items). */
	     " FROM plan_items p NOT INDEXED JOIN requirements r ON r.id = p.requirement_id WHERE p.org_id = ?",
	     struct gap_plan_item, fill_plan_item, plan_items, nplan_items);
	LOAD("SELECT id, code || ' ' || title_sv, applicable, coalesce(trim(justification), '') <> '',"
	     " framework FROM soa_entries WHERE org_id = ? ORDER BY framework, position, id",
	     struct gap_control, fill_control, controls, ncontrols);
	LOAD("SELECT id, code, aspect, min_level, status = 'active', title_sv, title_en, current_sv, current_en,"
	     " procurement_sv, procurement_en FROM requirements WHERE org_id = ?"
	     " ORDER BY code COLLATE sv, id",
	     struct gap_requirement, fill_requirement, requirements, nrequirements);
	LOAD("SELECT l.from_id, l.to_id FROM requirement_controls l JOIN requirements r ON r.id = l.from_id"
	     " WHERE r.org_id = ?",
	     struct id_link, fill_link, requirement_controls, nrequirement_controls);
	LOAD("SELECT id, name, critical FROM processes WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_process, fill_process, processes, nprocesses);
	LOAD("SELECT id, name, end_date FROM agreements WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_agreement, fill_agreement, agreements, nagreements);
	LOAD("SELECT l.from_id, l.to_id FROM system_information l JOIN systems s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct id_link, fill_link, system_assets, nsystem_assets);
	LOAD("SELECT l.from_id, l.to_id FROM asset_processes l JOIN information_assets s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct id_link, fill_link, asset_processes, nasset_processes);
	LOAD("SELECT l.from_id, l.to_id FROM system_dependencies l JOIN systems s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct id_link, fill_link, system_deps, nsystem_deps);
	LOAD("SELECT l.from_id, l.to_id FROM agreement_systems l JOIN agreements s ON s.id = l.from_id"
	     " WHERE s.org_id = ?",
	     struct id_link, fill_link, agreement_systems, nagreement_systems);
	LOAD("SELECT a.id, a.title, a.scope, a.system_id, a.status = 'decided', coalesce(a.decided_on, a.analysed_on),"
	     " a.analysed_on, coalesce(a.unit_id, s.unit_id, p.unit_id), a.process_id, a.unit_id FROM risk_analyses a"
	     " LEFT JOIN systems s ON s.id = a.system_id AND a.scope = 'system'"
	     " LEFT JOIN processes p ON p.id = a.process_id AND a.scope = 'process'"
	     " WHERE a.org_id = ? ORDER BY a.id",
	     struct gap_analysis, fill_analysis, analyses, nanalyses);
	LOAD("SELECT r.id, r.title, r.analysis_id, a.method_id, r.value, r.treatment, r.accepted_by_id IS NOT NULL,"
	     " r.likelihood, r.consequence, r.band"
	     " FROM risks r JOIN risk_analyses a ON a.id = r.analysis_id WHERE r.org_id = ?"
	     " ORDER BY r.value DESC, r.id",
	     struct gap_risk, fill_risk, risks, nrisks);
	LOAD("SELECT id, likelihood_scale, consequence_scale, bands FROM risk_methods WHERE org_id = ?",
	     struct gap_method, fill_method, methods, nmethods);
	LOAD("SELECT id, title, risk_id, status IN ('planned', 'in_progress'), status <> 'cancelled', due_date,"
	     " status = 'in_progress', owner_id"
	     " FROM measures WHERE org_id = ? ORDER BY due_date, id",
	     struct gap_measure, fill_measure, measures, nmeasures);
	LOAD("SELECT l.from_id, l.to_id FROM risk_assets l JOIN risks r ON r.id = l.from_id WHERE r.org_id = ?",
	     struct id_link, fill_link, risk_assets, nrisk_assets);
	LOAD("SELECT id, name, parent_id FROM units WHERE org_id = ? ORDER BY name COLLATE sv, id",
	     struct gap_unit, fill_unit, units, nunits);
	LOAD("SELECT id, name FROM people WHERE org_id = ? ORDER BY id", struct gap_person, fill_person, people, npeople);
	LOAD("SELECT id, system_id, asset_id, occurred_on, kind FROM risk_triggers WHERE org_id = ? ORDER BY id",
	     struct gap_trigger, fill_trigger, triggers, ntriggers);
#undef LOAD
	sqlite3_stmt *q = sq_prepare(st, "SELECT r.id, o.classification_review_months, o.risk_high_level,"
				     " o.risk_high_months, o.risk_other_months FROM organisations o"
				     " LEFT JOIN requirements r ON r.org_id = o.id AND r.code = ? AND r.status = 'active'"
				     " WHERE o.id = ?");
	if (!q)
		return STORE_ERROR;
	sq_bind_text(q, 1, REQ_ENCRYPTION_AT_REST);
	sqlite3_bind_int64(q, 2, org);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		in->encryption_requirement_id = sqlite3_column_int64(q, 0);
		in->review_months = sqlite3_column_int(q, 1);
		in->risk_high_level = sqlite3_column_int(q, 2);
		in->risk_high_months = sqlite3_column_int(q, 3);
		in->risk_other_months = sqlite3_column_int(q, 4);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "gaps");
}
