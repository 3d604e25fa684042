/*
 * gaps.c: the gap rules, one record at a time (see gaps.h).
 */
#include "core/gaps.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/risk.h"
#include "util/xalloc.h"

static const char *const kind_codes[GAP_KIND_COUNT] = {
	[GAP_SYSTEM_NO_OWNER] = "system_without_owner",
	[GAP_SYSTEM_NO_ADMINISTRATOR] = "system_without_administrator",
	[GAP_ASSET_NO_OWNER] = "asset_without_owner",
	[GAP_SYSTEM_NO_INFORMATION] = "system_without_information",
	[GAP_CRITICAL_PROCESS_NO_SYSTEM] = "critical_process_without_system",
	[GAP_AGREEMENT_ENDED] = "agreement_ended",
	[GAP_OFFICE_HOURS_CRITICAL] = "office_hours_for_critical",
	[GAP_ASSET_NOT_CLASSIFIED] = "asset_not_classified",
	[GAP_CLASSIFICATION_OUTDATED] = "classification_outdated",
	[GAP_SYSTEM_NOT_CLASSIFIED] = "system_not_classified",
	[GAP_PROCUREMENT_NOT_CLASSIFIED] = "procurement_not_classified",
	[GAP_REQUIREMENT_OVERDUE] = "requirement_overdue",
	[GAP_ENCRYPTION_AT_REST] = "encryption_at_rest_missing",
	[GAP_CONTROL_UNJUSTIFIED] = "control_excluded_unjustified",
	[GAP_SYSTEM_NOT_ANALYSED] = "system_not_analysed",
	[GAP_ASSET_NOT_ANALYSED] = "asset_not_analysed",
	[GAP_ANALYSIS_OVERDUE] = "analysis_overdue",
	[GAP_RISK_NO_MEASURE] = "risk_without_measure",
	[GAP_MEASURE_OVERDUE] = "measure_overdue",
	[GAP_RESIDUAL_NOT_ACCEPTED] = "residual_risk_not_accepted",
	[GAP_SHARED_IT_NOT_ANALYSED] = "shared_it_not_analysed",
	[GAP_INFRASTRUCTURE_NOT_ANALYSED] = "infrastructure_not_analysed",
	[GAP_INCIDENT_REPORT_OVERDUE] = "incident_report_overdue",
	[GAP_INCIDENT_NO_FOLLOW_UP] = "incident_without_follow_up",
	[GAP_PROCESS_NO_MTD] = "process_without_mtd",
	[GAP_RTO_EXCEEDS_MTD] = "rto_exceeds_mtd",
	[GAP_PLAN_NOT_EXERCISED] = "plan_not_exercised",
	[GAP_PLAN_REVIEW_OVERDUE] = "plan_review_overdue",
	[GAP_FINDING_NO_MEASURE] = "exercise_finding_without_measure",
	[GAP_ELECTED_UNTRAINED] = "elected_official_untrained",
	[GAP_STAFF_UNTRAINED] = "staff_untrained",
	[GAP_OWNER_UNTRAINED] = "owner_untrained",
	[GAP_CONTROL_NOT_PERFORMED] = "control_not_performed",
	[GAP_DOCUMENT_REVIEW_OVERDUE] = "document_review_overdue",
	[GAP_REQUIRED_DOCUMENT_MISSING] = "required_document_missing",
	[GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY] = "document_not_adopted_for_company",
	[GAP_ACCESS_REVIEW_OVERDUE] = "access_review_overdue",
	[GAP_ORG_REQUIREMENT_OVERDUE] = "org_requirement_overdue",
};

#define E_SYSTEMS "systems"
#define E_ASSETS "information-assets"
#define E_PROCESSES "processes"
#define E_CONTROLS "soa-entries"
#define E_RISKS "risks"
#define E_MEASURES "measures"
#define E_ANALYSES "risk-analyses"
#define E_INCIDENTS "incidents"
#define E_PLANS "continuity-plans"
#define E_FINDINGS "exercise-findings"

static const char *const kind_entities[GAP_KIND_COUNT] = {
	[GAP_SYSTEM_NO_OWNER] = E_SYSTEMS,
	[GAP_SYSTEM_NO_ADMINISTRATOR] = E_SYSTEMS,
	[GAP_ASSET_NO_OWNER] = E_ASSETS,
	[GAP_SYSTEM_NO_INFORMATION] = E_SYSTEMS,
	[GAP_CRITICAL_PROCESS_NO_SYSTEM] = E_PROCESSES,
	[GAP_AGREEMENT_ENDED] = E_SYSTEMS,
	[GAP_OFFICE_HOURS_CRITICAL] = E_SYSTEMS,
	[GAP_ASSET_NOT_CLASSIFIED] = E_ASSETS,
	[GAP_CLASSIFICATION_OUTDATED] = E_ASSETS,
	[GAP_SYSTEM_NOT_CLASSIFIED] = E_SYSTEMS,
	[GAP_PROCUREMENT_NOT_CLASSIFIED] = E_SYSTEMS,
	[GAP_REQUIREMENT_OVERDUE] = E_SYSTEMS,
	[GAP_ENCRYPTION_AT_REST] = E_SYSTEMS,
	[GAP_CONTROL_UNJUSTIFIED] = E_CONTROLS,
	[GAP_SYSTEM_NOT_ANALYSED] = E_SYSTEMS,
	[GAP_ASSET_NOT_ANALYSED] = E_ASSETS,
	[GAP_ANALYSIS_OVERDUE] = E_SYSTEMS,
	[GAP_RISK_NO_MEASURE] = E_RISKS,
	[GAP_MEASURE_OVERDUE] = E_MEASURES,
	[GAP_RESIDUAL_NOT_ACCEPTED] = E_RISKS,
	[GAP_SHARED_IT_NOT_ANALYSED] = E_ANALYSES,
	[GAP_INFRASTRUCTURE_NOT_ANALYSED] = E_ANALYSES,
	[GAP_INCIDENT_REPORT_OVERDUE] = E_INCIDENTS,
	[GAP_INCIDENT_NO_FOLLOW_UP] = E_INCIDENTS,
	[GAP_PROCESS_NO_MTD] = E_PROCESSES,
	[GAP_RTO_EXCEEDS_MTD] = E_SYSTEMS,
	[GAP_PLAN_NOT_EXERCISED] = E_PLANS,
	[GAP_PLAN_REVIEW_OVERDUE] = E_PLANS,
	[GAP_FINDING_NO_MEASURE] = E_FINDINGS,
	[GAP_ELECTED_UNTRAINED] = "people",
	[GAP_STAFF_UNTRAINED] = "people",
	[GAP_OWNER_UNTRAINED] = "people",
	[GAP_CONTROL_NOT_PERFORMED] = "control-points",
	[GAP_DOCUMENT_REVIEW_OVERDUE] = "governing-documents",
	[GAP_REQUIRED_DOCUMENT_MISSING] = "required-documents",
	[GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY] = "governing-documents",
	[GAP_ACCESS_REVIEW_OVERDUE] = E_SYSTEMS,
	[GAP_ORG_REQUIREMENT_OVERDUE] = "organisation-assessments",
};

static const char *const trigger_codes[] = {
	[GT_CLASSIFICATION_RAISED] = "classification_raised",
	[GT_SIGNIFICANT_CHANGE] = "significant_change",
	[GT_SERIOUS_INCIDENT] = "serious_incident",
	[GT_OTHER] = "other",
};

const char *gap_kind_code(enum gap_kind k)
{
	return k < GAP_KIND_COUNT ? kind_codes[k] : NULL;
}

int gap_kind_from_code(const char *code)
{
	for (int k = 0; code && k < GAP_KIND_COUNT; k++)
		if (strcmp(kind_codes[k], code) == 0)
			return k;
	return -1;
}

const char *gap_kind_entity(enum gap_kind k)
{
	return k < GAP_KIND_COUNT ? kind_entities[k] : NULL;
}

int gap_open(const char *due, const char *today)
{
	return !due || !*due || (today && date_compare(due, today) < 0);
}

const char *gap_trigger_code(enum gap_trigger_kind k)
{
	return k > GT_NONE && k <= GT_OTHER ? trigger_codes[k] : NULL;
}

enum gap_trigger_kind gap_trigger_from_code(const char *code)
{
	for (int k = GT_NONE + 1; code && k <= GT_OTHER; k++)
		if (strcmp(trigger_codes[k], code) == 0)
			return (enum gap_trigger_kind)k;
	return GT_OTHER;
}

enum gap_lifecycle gap_lifecycle_from_code(const char *lc)
{
	return !lc ? GL_IN_USE
	       : strcmp(lc, "planned") == 0 ? GL_PLANNED
	       : strcmp(lc, "retiring") == 0 ? GL_RETIRING
	       : strcmp(lc, "retired") == 0 ? GL_RETIRED : GL_IN_USE;
}

int gap_lifecycle_running(enum gap_lifecycle l)
{
	return l == GL_IN_USE || l == GL_RETIRING;
}

enum gap_assessment gap_assessment_from_code(const char *code)
{
	if (!code)
		return GA_NOT_FULFILLED;
	if (strcmp(code, "fulfilled") == 0)
		return GA_FULFILLED;
	if (strcmp(code, "partly") == 0)
		return GA_PARTLY;
	if (strcmp(code, "not_applicable") == 0)
		return GA_NOT_APPLICABLE;
	return GA_NOT_FULFILLED;
}

int gap_item_overdue(enum gap_assessment a, const char *due, const char *today)
{
	return a != GA_FULFILLED && a != GA_NOT_APPLICABLE && due && today &&
	       date_compare(due, today) < 0;
}

void gap_rows_free(struct gap_rows *r)
{
	free(r->v);
	*r = (struct gap_rows){ 0 };
}

static struct gap_row *add(struct gap_rows *l, enum gap_kind kind, long long id, long long unit,
			   long long person)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	struct gap_row *g = &l->v[l->n++];
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->entity = kind_entities[kind];
	g->id = id;
	g->unit_id = unit;
	g->person_id = person;
	return g;
}

/* A date as a due date ("" when NULL or not a date). */
static void set_due(struct gap_row *g, const char *date)
{
	if (date && date_valid(date))
		memcpy(g->due, date, 11);
}

static int classified(const struct levels *lv)
{
	for (int a = 0; a < ASPECT_COUNT; a++)
		if (lv->v[a] != LEVEL_UNSET)
			return 1;
	return 0;
}

/* ---- cadence ------------------------------------------------------------- */

void gap_cadence_compute(const struct gap_settings *s, const char *last, const struct gap_trigger *t, size_t nt,
			 const struct levels *lv, struct gap_cadence *c)
{
	memset(c, 0, sizeof *c);
	c->last = last;
	if (!last)
		return;
	/* A trigger counts from the day after the last analysis; the first
	 * such one makes the next analysis due (ties: the first recorded). */
	for (size_t i = 0; i < nt; i++) {
		const char *d = t[i].date;
		if (!d || !date_valid(d) || date_compare(d, last) <= 0 ||
		    (c->trigger && date_compare(d, c->trigger) >= 0))
			continue;
		c->trigger = d;
		c->why = t[i].kind;
		c->trigger_id = t[i].id;
	}
	struct risk_cadence rc = {
		.last = last, .trigger = c->trigger, .lv = lv, .high_level = s->risk_high_level,
		.high_months = s->risk_high_months, .other_months = s->risk_other_months,
		/* Only a never-analysed record is due "today", and that one
		 * never gets here: the date does not matter. */
		.today = "2000-01-01",
	};
	if (risk_next_analysis(&rc, c->due) != 0)
		c->due[0] = 0;
	/* A trigger that came after the regular date brought nothing
	 * forward: it does not explain why the analysis is due. */
	if (c->trigger && strcmp(c->due, c->trigger) != 0) {
		c->trigger = NULL;
		c->why = GT_NONE;
		c->trigger_id = 0;
	}
}

static void analysis_overdue(struct gap_rows *out, const struct gap_cadence *c, const char *entity, long long id,
			     long long unit, long long person)
{
	if (!c->due[0])
		return;
	struct gap_row *g = add(out, GAP_ANALYSIS_OVERDUE, id, unit, person);
	g->entity = entity;
	memcpy(g->due, c->due, sizeof g->due);
	if (c->trigger_id) {
		g->other_entity = "risk-triggers";
		g->other_id = c->trigger_id;
	}
}

/* ---- systems --------------------------------------------------------------- */

long long gap_binding_mtd(const struct gap_reached *reached, size_t n, long long *mtd)
{
	long long best = 0, hours = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gap_reached *p = &reached[i];
		if (p->mtd_hours < 0)
			continue;
		if (!best || p->mtd_hours < hours || (p->mtd_hours == hours && p->id < best)) {
			best = p->id;
			hours = p->mtd_hours;
		}
	}
	*mtd = hours;
	return best;
}

int gap_rto_exceeds(long long rto, long long mtd)
{
	return rto < 0 || rto > mtd;
}

void gap_rules_system(const struct gap_settings *s, const struct gap_system_facts *f, struct gap_system_state *st,
		      struct gap_cadence *cad, struct gap_rows *out)
{
	struct derived d;
	classification_derive(f->assets, f->nassets, classified(&f->decision) ? &f->decision : NULL, &d);
	st->running = gap_lifecycle_running(f->lifecycle);
	st->retired = f->lifecycle == GL_RETIRED;
	st->classified = d.classified;
	st->effective = d.effective;

	/* The cadence: the decision is a raised classification. */
	struct gap_trigger *t = xmallocarray(f->ntriggers + 1, sizeof *t);
	size_t nt = 0;
	if (f->decided_on)
		t[nt++] = (struct gap_trigger){ 0, f->decided_on, GT_CLASSIFICATION_RAISED };
	for (size_t i = 0; i < f->ntriggers; i++)
		t[nt++] = f->triggers[i];
	gap_cadence_compute(s, f->last_analysis, t, nt, &d.effective, cad);
	free(t);

	if (st->retired)
		return;
	long long id = f->id, unit = f->unit_id, owner = f->owner_id;
	if (!f->owner_id)
		add(out, GAP_SYSTEM_NO_OWNER, id, unit, 0);
	if (!f->administrator_id)
		add(out, GAP_SYSTEM_NO_ADMINISTRATOR, id, unit, owner);
	if (!f->nassets)
		add(out, GAP_SYSTEM_NO_INFORMATION, id, unit, owner);
	if (f->lifecycle == GL_IN_USE)
		for (size_t i = 0; i < f->nagreements; i++) {
			if (!f->agreements[i].end_date || !date_valid(f->agreements[i].end_date))
				continue;
			struct gap_row *g = add(out, GAP_AGREEMENT_ENDED, id, unit, owner);
			g->other_entity = "agreements";
			g->other_id = f->agreements[i].id;
			set_due(g, f->agreements[i].end_date);
		}
	long long critical = f->critical_process_id;
	for (size_t i = 0; !f->critical_process_id && i < f->nreached; i++)
		if (f->reached[i].critical && (!critical || f->reached[i].id < critical))
			critical = f->reached[i].id;
	if (f->lifecycle == GL_IN_USE && f->office_hours && !f->after_hours && critical) {
		struct gap_row *g = add(out, GAP_OFFICE_HOURS_CRITICAL, id, unit, owner);
		g->other_entity = "processes";
		g->other_id = critical;
	}
	long long mtd;
	long long binding = st->running ? gap_binding_mtd(f->reached, f->nreached, &mtd) : 0;
	if (binding && gap_rto_exceeds(f->rto_hours, mtd)) {
		struct gap_row *g = add(out, GAP_RTO_EXCEEDS_MTD, id, unit, owner);
		g->other_entity = "processes";
		g->other_id = binding;
	}
	if (!d.classified && st->running)
		add(out, GAP_SYSTEM_NOT_CLASSIFIED, id, unit, owner);
	if (!d.classified && f->lifecycle == GL_PLANNED)
		add(out, GAP_PROCUREMENT_NOT_CLASSIFIED, id, unit, owner);
	int encrypted = 0;
	for (size_t i = 0; i < f->nitems; i++) {
		const struct gap_plan_item *p = &f->items[i];
		if (s->encryption_requirement_id && p->requirement_id == s->encryption_requirement_id &&
		    p->assessment == GA_FULFILLED)
			encrypted = 1;
		if (!p->requirement_active || p->assessment == GA_FULFILLED || p->assessment == GA_NOT_APPLICABLE ||
		    !p->due_date || !date_valid(p->due_date))
			continue;
		struct gap_row *g = add(out, GAP_REQUIREMENT_OVERDUE, id, unit,
					p->responsible_id ? p->responsible_id : owner);
		g->other_entity = "requirements";
		g->other_id = p->requirement_id;
		set_due(g, p->due_date);
	}
	if (s->encryption_requirement_id && !encrypted && d.effective.v[ASPECT_K] >= 3) {
		struct gap_row *g = add(out, GAP_ENCRYPTION_AT_REST, id, unit, owner);
		g->other_entity = "requirements";
		g->other_id = s->encryption_requirement_id;
	}
	if (st->running) {
		if (!cad->last)
			add(out, GAP_SYSTEM_NOT_ANALYSED, id, unit, owner);
		analysis_overdue(out, cad, E_SYSTEMS, id, unit, owner);
	}
	char review_due[11];
	if (gap_access_review_due(&d.effective, st->retired, f->last_access_review, s->access_review_months, review_due))
		set_due(add(out, GAP_ACCESS_REVIEW_OVERDUE, id, unit, owner), review_due);
}

int gap_access_review_due(const struct levels *lv, int retired, const char *last, int months, char due[11])
{
	due[0] = 0;
	if (retired || (lv->v[ASPECT_K] < 2 && lv->v[ASPECT_R] < 2))
		return 0;
	if (last && date_valid(last) && date_add_months(last, months > 0 ? months : 12, due) != 0)
		due[0] = 0;
	return 1;
}

/* ---- information assets ---------------------------------------------------- */

void gap_rules_asset(const struct gap_settings *s, const struct gap_asset_facts *f, struct gap_cadence *cad,
		     struct gap_rows *out)
{
	long long id = f->id, unit = f->unit_id, owner = f->owner_id;
	struct gap_trigger *t = xmallocarray(f->ntriggers + 1, sizeof *t);
	size_t nt = 0;
	if (f->raised_on)
		t[nt++] = (struct gap_trigger){ 0, f->raised_on, GT_CLASSIFICATION_RAISED };
	for (size_t i = 0; i < f->ntriggers; i++)
		t[nt++] = f->triggers[i];
	gap_cadence_compute(s, f->last_analysis, t, nt, &f->lv, cad);
	free(t);

	if (!f->owner_id)
		add(out, GAP_ASSET_NO_OWNER, id, unit, 0);
	if (!classified(&f->lv)) {
		add(out, GAP_ASSET_NOT_CLASSIFIED, id, unit, owner);
	} else if (f->decided_on) {
		char due[11];
		if (classification_review_date(f->decided_on, s->review_months > 0 ? s->review_months : 12, due) == 0)
			set_due(add(out, GAP_CLASSIFICATION_OUTDATED, id, unit, owner), due);
	}
	if (!cad->last)
		add(out, GAP_ASSET_NOT_ANALYSED, id, unit, owner);
	analysis_overdue(out, cad, E_ASSETS, id, unit, owner);
}

/* ---- the rest ------------------------------------------------------------------ */

void gap_rules_process(const struct gap_process_facts *f, struct gap_rows *out)
{
	if (f->critical && !f->supported)
		add(out, GAP_CRITICAL_PROCESS_NO_SYSTEM, f->id, f->unit_id, 0);
	if (f->critical && !f->mtd_set)
		add(out, GAP_PROCESS_NO_MTD, f->id, f->unit_id, f->owner_id);
}

void gap_rules_plan(const struct gap_settings *s, const struct gap_plan_facts *f, struct gap_rows *out)
{
	if (!f->adopted)
		return;
	/* Exercised from the later of its last held exercise and its
	 * adoption: a plan adopted anew (or revised and adopted) gets a
	 * whole interval before its first exercise. */
	const char *from = f->adopted_on && date_valid(f->adopted_on) ? f->adopted_on : NULL;
	if (f->last_exercise && date_valid(f->last_exercise) && (!from || date_compare(f->last_exercise, from) > 0))
		from = f->last_exercise;
	struct gap_row *g = add(out, GAP_PLAN_NOT_EXERCISED, f->id, f->unit_id, f->owner_id);
	char due[11];
	if (from && classification_review_date(from, s->exercise_months > 0 ? s->exercise_months : 12, due) == 0)
		set_due(g, due);
	if (f->review_date && date_valid(f->review_date))
		set_due(add(out, GAP_PLAN_REVIEW_OVERDUE, f->id, f->unit_id, f->owner_id), f->review_date);
}

void gap_rules_finding(const struct gap_finding_facts *f, struct gap_rows *out)
{
	if (!f->measured)
		add(out, GAP_FINDING_NO_MEASURE, f->id, 0, f->owner_id);
}

/* One training gap, unless the training never runs out. */
static void person_gap(struct gap_rows *out, enum gap_kind k, const struct gap_person_facts *f, const char *due)
{
	if (!due || strcmp(due, "9999-12-31") == 0)
		return;
	set_due(add(out, k, f->id, f->unit_id, f->id), due);
}

void gap_rules_person(const struct gap_person_facts *f, struct gap_rows *out)
{
	person_gap(out, GAP_ELECTED_UNTRAINED, f, f->elected_due);
	person_gap(out, GAP_STAFF_UNTRAINED, f, f->staff_due);
	person_gap(out, GAP_OWNER_UNTRAINED, f, f->owner_due);
}

void gap_rules_control_point(const struct gap_control_point_facts *f, struct gap_rows *out)
{
	if (!f->performed && f->check_date && date_valid(f->check_date))
		set_due(add(out, GAP_CONTROL_NOT_PERFORMED, f->id, 0, f->owner_id), f->check_date);
}

void gap_rules_org_assessment(const struct gap_org_assessment_facts *f, struct gap_rows *out)
{
	if (f->active && !f->settled && f->due_date && date_valid(f->due_date))
		set_due(add(out, GAP_ORG_REQUIREMENT_OVERDUE, f->id, 0, f->person_id), f->due_date);
}

void gap_rules_control(const struct gap_control_facts *f, struct gap_rows *out)
{
	if (f->iso27001 && !f->applicable && !f->justified)
		add(out, GAP_CONTROL_UNJUSTIFIED, f->id, 0, 0);
}

void gap_rules_risk(const struct gap_risk_facts *f, struct gap_rows *out)
{
	if (f->reduce && f->top_min && f->value >= f->top_min && !f->measured)
		add(out, GAP_RISK_NO_MEASURE, f->id, f->unit_id, f->person_id);
	if (f->decided && !f->avoid && !f->accepted)
		add(out, GAP_RESIDUAL_NOT_ACCEPTED, f->id, f->unit_id, f->person_id);
}

void gap_rules_measure(const struct gap_measure_facts *f, struct gap_rows *out)
{
	if (f->open && f->due_date && date_valid(f->due_date))
		set_due(add(out, GAP_MEASURE_OVERDUE, f->id, f->unit_id, f->person_id), f->due_date);
}

void gap_rules_org(int shared_it_analysed, int infrastructure_analysed, struct gap_rows *out)
{
	if (!shared_it_analysed)
		add(out, GAP_SHARED_IT_NOT_ANALYSED, 0, 0, 0);
	if (!infrastructure_analysed)
		add(out, GAP_INFRASTRUCTURE_NOT_ANALYSED, 0, 0, 0);
}

void gap_rules_incident(const struct gap_incident_facts *f, struct gap_rows *out)
{
	if (f->report_due && date_valid(f->report_due))
		set_due(add(out, GAP_INCIDENT_REPORT_OVERDUE, f->id, 0, f->person_id), f->report_due);
	if (f->open && f->follow_up_due && date_valid(f->follow_up_due))
		set_due(add(out, GAP_INCIDENT_NO_FOLLOW_UP, f->id, 0, f->person_id), f->follow_up_due);
}

/* ---- governing documents ---------------------------------------------------- */

void gap_rules_document(const struct gap_document_facts *f, struct gap_rows *out)
{
	if (!f->adopted)
		return;
	if (f->next_review && date_valid(f->next_review))
		set_due(add(out, GAP_DOCUMENT_REVIEW_OVERDUE, f->id, 0, f->owner_id), f->next_review);
	for (size_t i = 0; i < f->ncompanies; i++)
		if (!f->company_adopted[i]) {
			struct gap_row *g = add(out, GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY, f->id, f->companies[i], f->owner_id);
			g->other_entity = "units";
			g->other_id = f->companies[i];
		}
}

void gap_rules_required_document(const struct gap_required_document_facts *f, struct gap_rows *out)
{
	if (!f->document_id || !f->document_adopted)
		add(out, GAP_REQUIRED_DOCUMENT_MISSING, f->id, 0, f->document_id ? f->owner_id : 0);
}
