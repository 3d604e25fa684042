/*
 * goals.c (model): goals and their indicators (computed from Tillit's own
 * records or entered by hand per quarter), and the security function's
 * roles and resources (issue 14, items 5 and 6). Meetings and internal
 * control are in model/meetings.c; the counts in store/sqlite_indicators.c;
 * the pages in web/ui_goals.c. See docs/goals.md.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "model/entity.h"
#include "model/goals.h"
#include "model/incident_stats.h"
#include "model/record.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- grants --------------------------------------------------------------- */

/* The governance records: the administrator and the coordinator keep them,
 * a manager (kommundirektör, förvaltningschef) manages them; the security
 * chief, the IT manager, the data protection officer, the auditor and the
 * elected officials read them. */
#define GOV_READERS                                                                              \
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_DPO),         \
	GRANT_READ(ROLE_AUDITOR), GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_MANAGER)
static const struct grant goal_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GOV_READERS,
	GRANTS_END
};

/* ---- goals ------------------------------------------------------------------- */

static const struct field goal_fields[] = {
	{ "title", F_TEXT, N_("Goal"), N_("What the organisation wants to achieve, e.g. Every system has a system owner."), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 8000, .search = 1 },
	{ "document_id", F_REF, N_("Governing document"), N_("The policy or other governing document the goal comes from."), .ref = &entity_governing_documents, .filter = 1, .reverse = N_("Goals from the document") },
	{ "policy", F_TEXT, N_("From the policy"), N_("Where in it, or the decision, e.g. Informationssäkerhetspolicy (KF 2025-03-10 § 41)."), .max = 300, .search = 1, .list = 1 },
	{ "owner_id", F_REF, N_("Responsible"), N_("Follows the goal up and reports on it."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Goals they are responsible for") },
	{ "period_start", F_DATE, N_("Period from"), .sort = 1 },
	{ "period_end", F_DATE, N_("Period until"), .list = 1, .sort = 1 },
	{ 0 }
};

static void goals_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	const char *from = jv_get_str(rec, "period_start"), *to = jv_get_str(rec, "period_end");
	if (from && to && date_compare(from, to) > 0)
		verr_add(errs, "period_end", tr(lang, "The period ends before it starts."));
}

const struct entity entity_goals = {
	.name = "goals", .table = "goals",
	.label = N_("Goal"), .plural = N_("Goals"),
	.the = N_("the goal"), .new_title = N_("New goal"),
	.empty = N_("No goals yet. Start with the goals in the information security policy, and give each an indicator."),
	.title_field = "title", .fields = goal_fields, .grants = goal_grants,
	.validate = goals_validate,
	.menu = MENU_GOVERNANCE, .overview = 1,
};

/* ---- indicators ---------------------------------------------------------------- */

/* The kinds, as core/indicators.c names them (the same codes). */
static const struct option indicator_kinds[] = {
	{ "systems_with_owner", N_("Share of systems with a system owner") },
	{ "assets_classified", N_("Share of information assets classified") },
	{ "systems_analysed", N_("Share of running systems risk-analysed within their interval") },
	{ "incident_reports_on_time", N_("Share of incident reports sent on time") },
	{ "measures_overdue", N_("Open measures past their due date") },
	{ "training_staff", N_("Share of staff trained") },
	{ "training_elected", N_("Share of elected officials trained") },
	{ "documents_reviewed", N_("Share of governing documents reviewed on time") },
	{ "manual", N_("Entered by hand") },
	{ 0 }
};

static const struct option directions[] = {
	{ "at_least", N_("At least") },
	{ "at_most", N_("At most") },
	{ 0 }
};

static const struct field indicator_fields[] = {
	{ "goal_id", F_REF, N_("Goal"), .required = 1, .ref = &entity_goals, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Indicators") },
	{ "title", F_TEXT, N_("Indicator"), N_("What is measured, in plain words."), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "kind", F_ENUM, N_("Computed from"), N_("Tillit computes the value from its own records, or it is entered by hand for each quarter."), .required = 1, .options = indicator_kinds, .list = 1, .filter = 1, .def = "manual" },
	{ "direction", F_ENUM, N_("The target is met when the value is"), .required = 1, .options = directions, .def = "at_least" },
	{ "target", F_INT, N_("Target"), N_("A share in per cent (0-100) for the shares, else a number."), .min = -1000000000LL, .max = 1000000000LL, .list = 1 },
	{ "unit", F_TEXT, N_("Unit"), N_("E.g. per cent, measures, days. The shares are in per cent."), .max = 40 },
	{ 0 }
};

static void indicators_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       struct jval *rec, const struct jval *old)
{
	(void)e, (void)st, (void)org_id, (void)old;
	int k = indicator_kind_from_code(jv_get_str(rec, "kind"));
	const struct indicator_kind_info *info = k >= 0 ? indicator_kind_info(k) : NULL;
	if (info && info->share)
		jv_set_str(a, rec, "unit", "%");
}

static void indicators_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id;
	int k = indicator_kind_from_code(jv_get_str(rec, "kind"));
	const struct indicator_kind_info *info = k >= 0 ? indicator_kind_info(k) : NULL;
	struct jval *t = jv_get(rec, "target");
	if (info && info->share && t && t->type == J_INT && (t->i < 0 || t->i > 100))
		verr_add(errs, "target", tr(lang, "A share is a per cent between 0 and 100."));
	/* The kind is fixed once made: the quarters kept (computed, or
	 * entered by hand) would otherwise mix two measures. */
	const char *was = old ? jv_get_str(old, "kind") : NULL, *kind = jv_get_str(rec, "kind");
	if (was && kind && strcmp(was, kind) != 0)
		verr_add(errs, "kind", tr(lang, "What an indicator is computed from cannot be changed, since its history would mix two measures. Make a new indicator instead."));
}

static void indicators_api_extra(struct rctx *c, const struct entity *e, struct jval *row);

const struct entity entity_indicators = {
	.name = "indicators", .table = "indicators",
	.label = N_("Indicator"), .plural = N_("Indicators"),
	.the = N_("the indicator"), .new_title = N_("New indicator"),
	.empty = N_("No indicators yet. Open a goal and say how it is measured."),
	.title_field = "title", .fields = indicator_fields, .grants = goal_grants,
	.validate = indicators_validate, .prepare = indicators_prepare,
	.scope_via = "goal_id", .default_sort = "goal_id",
	.menu = MENU_GOVERNANCE,
	.api_extra = indicators_api_extra,
	.api_extra_schema = "{\"now\": {\"type\": \"object\", \"readOnly\": true,"
			    " \"description\": \"The value today (kept for the current quarter), whether it meets the target, and the history per quarter\","
			    " \"properties\": {\"available\": {\"type\": \"boolean\"}, \"value\": {\"type\": [\"number\", \"null\"]},"
			    " \"part\": {\"type\": \"integer\"}, \"whole\": {\"type\": \"integer\"}, \"share\": {\"type\": \"boolean\"},"
			    " \"target_met\": {\"type\": [\"boolean\", \"null\"]}, \"quarter\": {\"type\": \"string\"},"
			    " \"history\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
			    "\"quarter\": {\"type\": \"string\"}, \"value\": {\"type\": [\"number\", \"null\"]}}}}}}}",
};

/* ---- manual values ------------------------------------------------------------------ */

static const struct field value_fields[] = {
	{ "indicator_id", F_REF, N_("Indicator"), .required = 1, .ref = &entity_indicators, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Values entered") },
	{ "period", F_TEXT, N_("Quarter"), N_("Written year-Q and the quarter's number, e.g. 2026-Q3."), .required = 1, .max = 7, .list = 1, .filter = 1, .sort = 1 },
	{ "value", F_INT, N_("Value"), .required = 1, .min = -1000000000LL, .max = 1000000000LL, .list = 1 },
	{ "comment", F_TEXT, N_("Comment"), N_("Where the value comes from."), .max = 500, .search = 1 },
	{ 0 }
};

/* 1 when a value's quarter or indicator changes (an update that keeps
 * both finds itself among the values of that quarter). */
static int value_moved(const struct jval *old, const struct jval *rec)
{
	const char *a = jv_get_str(old, "period"), *b = jv_get_str(rec, "period");
	return jv_get_int(old, "indicator_id", 0) != jv_get_int(rec, "indicator_id", 0) || !a || !b || strcmp(a, b) != 0;
}

static void values_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	const char *period = jv_get_str(rec, "period");
	char today[11], q[INDICATOR_QUARTER_LEN];
	clock_today(today);
	indicator_quarter(today, q);
	if (period && !indicator_period_valid(period))
		verr_add(errs, "period", tr(lang, "Write the quarter as the year, -Q and the quarter's number, e.g. 2026-Q3."));
	else if (period && indicator_quarter_compare(period, q) > 0)
		verr_add(errs, "period", tr(lang, "The quarter has not begun yet."));
	long long ind = jv_get_int(rec, "indicator_id", 0);
	struct jval *row;
	if (ind && store_get(st, a, &entity_indicators, org_id, ind, &row) == STORE_OK) {
		const char *kind = jv_get_str(row, "kind");
		if (!kind || strcmp(kind, "manual") != 0)
			verr_add(errs, "indicator_id", tr(lang, "Tillit computes this indicator's value: values are entered only for indicators entered by hand."));
	}
	if (ind && period && indicator_period_valid(period)) {
		struct list_query lq = { .page = 1, .limit = 2, .nfilters = 2 };
		lq.filters[0].f = entity_field(&entity_indicator_values, "indicator_id");
		lq.filters[0].value = arena_printf(a, "%lld", ind);
		lq.filters[1].f = entity_field(&entity_indicator_values, "period");
		lq.filters[1].value = period;
		struct jval *rows;
		if (store_list(st, a, &entity_indicator_values, org_id, &lq, &rows, NULL) == STORE_OK)
			for (struct jval *r = rows->first; r; r = r->next)
				if (!old || value_moved(old, rec))
					verr_add(errs, "period", tr(lang, "The indicator already has a value for that quarter: change that value instead."));
	}
}

const struct entity entity_indicator_values = {
	.name = "indicator-values", .table = "indicator_values",
	.label = N_("Indicator value"), .plural = N_("Indicator values"),
	.the = N_("the indicator value"), .new_title = N_("New indicator value"),
	.empty = N_("No values yet. Enter the value of an indicator entered by hand for a quarter."),
	.title_field = "period", .fields = value_fields, .grants = goal_grants,
	.validate = values_validate, .scope_via = "indicator_id", .default_sort = "period", .default_desc = 1,
	.title_prefix = "indicator_id",
	.menu = MENU_GOVERNANCE,
};

/* ---- the indicator's value today --------------------------------------------------- */

/* Reports sent by their deadline over the reports due, over the last
 * twelve months (model/incident_stats.h), counted over every incident:
 * the share is the organisation's, whoever reads it. */
static int reports_on_time(struct rctx *c, long long *part, long long *whole)
{
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, NULL);
	struct incident_stats s;
	struct verrors errs = { 0 };
	memset(&s, 0, sizeof s);
	if (incident_stats_period(&sub, NULL, NULL, &s, &errs, c->who->lang) != 0 ||
	    incident_stats_compute(&sub, c->who->lang, &s) != 0)
		return -1;
	*part = *whole = 0;
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		*part += s.deadlines[k].met;
		*whole += s.deadlines[k].met + s.deadlines[k].late + s.deadlines[k].overdue;
	}
	return 0;
}

int indicator_evaluate(struct rctx *c, const struct jval *row, const char *today, size_t max,
		       struct indicator_now *out)
{
	memset(out, 0, sizeof *out);
	int k = indicator_kind_from_code(jv_get_str(row, "kind"));
	if (k < 0)
		k = IK_MANUAL;
	const struct indicator_kind_info *info = indicator_kind_info(k);
	long long org = c->who->org_id, id = jv_get_int(row, "id", 0);
	out->kind = k;
	out->share = info->share;
	struct jval *t = jv_get(row, "target");
	out->has_target = t && t->type == J_INT;
	out->target = out->has_target ? (double)t->i : 0;
	const char *dir = jv_get_str(row, "direction");
	out->at_least = !dir || strcmp(dir, "at_most") != 0;
	indicator_quarter(today, out->quarter);
	if (k == IK_MANUAL) {
		if (store_indicator_history(c->st, c->a, org, id, 1, max, &out->history, &out->nhistory) != STORE_OK)
			return -1;
		if (out->nhistory) {
			const struct indicator_point *last = &out->history[out->nhistory - 1];
			out->available = out->has_value = 1;
			out->value = last->value;
			memcpy(out->quarter, last->quarter, INDICATOR_QUARTER_LEN);
		}
	} else {
		int rc;
		if (k == IK_INCIDENT_REPORTS_ON_TIME)
			rc = reports_on_time(c, &out->part, &out->whole) ? STORE_ERROR : STORE_OK;
		else
			rc = store_indicator_counts(c->st, org, k, today, &out->part, &out->whole);
		if (rc != STORE_OK && rc != STORE_NOTFOUND)
			return -1;
		out->available = rc == STORE_OK;
		if (out->available) {
			if (info->share)
				out->has_value = indicator_share(out->part, out->whole, &out->value) == 0;
			else {
				out->has_value = 1;
				out->value = (double)out->part;
			}
			char now[CLOCK_ISO_LEN];
			clock_now_iso(now);
			if (store_indicator_keep(c->st, org, id, out->quarter, today, out->has_value, out->value, out->part,
						 out->whole, now) != STORE_OK)
				return -1;
		}
		if (store_indicator_history(c->st, c->a, org, id, 0, max, &out->history, &out->nhistory) != STORE_OK)
			return -1;
	}
	out->meets = out->has_value && out->has_target && indicator_meets(out->value, out->target, out->at_least);
	return 0;
}

int indicators_keep_all(struct store *st, long long org, const char *today)
{
	struct arena *a = arena_new();
	struct actor tillit = { .via = "daily", .org_id = org, .trusted = 1, .username = "tillit" };
	struct rctx c = { .st = st, .a = a, .who = &tillit };
	int rc = 0;
	/* A page at a time: an organisation's indicators are few, but not
	 * held all at once. */
	for (long long page = 1; !rc; page++) {
		arena_reset(a);
		struct list_query q = { .page = page, .limit = 200 };
		struct jval *rows;
		if (store_list(st, a, &entity_indicators, org, &q, &rows, NULL) != STORE_OK) {
			rc = -1;
			break;
		}
		size_t n = 0;
		for (struct jval *row = rows->first; row && !rc; row = row->next, n++) {
			struct indicator_now now;
			rc = indicator_evaluate(&c, row, today, 1, &now);
		}
		if (n < 200)
			break;
	}
	arena_free(a);
	return rc;
}

struct jval *indicator_now_json(struct arena *a, const struct indicator_now *n)
{
	struct jval *o = jv_obj(a);
	jv_set_bool(a, o, "available", n->available);
	jv_set(o, "value", n->has_value ? jv_num(a, n->value) : jv_null(a));
	jv_set_int(a, o, "part", n->part);
	jv_set_int(a, o, "whole", n->whole);
	jv_set_bool(a, o, "share", n->share);
	jv_set(o, "target_met", n->has_value && n->has_target ? jv_bool(a, n->meets) : jv_null(a));
	jv_set_str(a, o, "quarter", n->quarter);
	struct jval *h = jv_set(o, "history", jv_arr(a));
	for (size_t i = 0; i < n->nhistory; i++) {
		struct jval *p = jv_push(h, jv_obj(a));
		jv_set_str(a, p, "quarter", n->history[i].quarter);
		jv_set(p, "value", n->history[i].has_value ? jv_num(a, n->history[i].value) : jv_null(a));
	}
	return o;
}

static void indicators_api_extra(struct rctx *c, const struct entity *e, struct jval *row)
{
	(void)e;
	char today[11];
	clock_today(today);
	struct indicator_now n;
	if (indicator_evaluate(c, row, today, 12, &n) == 0)
		jv_set(row, "now", indicator_now_json(c->a, &n));
}

/* ---- the security function ----------------------------------------------------------- */

static const struct option function_roles[] = {
	{ "coordinator", N_("Information security coordinator") },
	{ "security_chief", N_("Security manager") },
	{ "dpo", N_("Data protection officer") },
	{ "it_security", N_("IT security specialist") },
	{ "ciso", N_("Chief information security officer") },
	{ "other", N_("Other") },
	{ 0 }
};

static const struct field function_fields[] = {
	{ "role", F_ENUM, N_("Role"), .required = 1, .options = function_roles, .list = 1, .filter = 1, .sort = 1, .def = "coordinator" },
	{ "person_id", F_REF, N_("Person"), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Roles in the security function") },
	{ "fte_percent", F_INT, N_("Share of a full-time position (%)"), N_("How much of a full-time position goes to the role, 0-100."), .min = 0, .max = 100, .list = 1, .sort = 1 },
	{ "budget_year", F_INT, N_("Budget year"), .min = 2000, .max = 2100, .list = 1, .filter = 1, .sort = 1 },
	{ "budget_sek", F_INT, N_("Budget (SEK)"), N_("The role's budget for the year, in kronor."), .min = 0, .max = 1000000000000LL, .list = 1, .sort = 1 },
	{ "mandate_document_id", F_REF, N_("Mandate given in"), N_("The governing document that gives the role its mandate."), .ref = &entity_governing_documents, .filter = 1, .reverse = N_("Roles in the security function it gives a mandate") },
	{ "mandate", F_TEXT, N_("Mandate"), N_("Where in the document, or the decision, e.g. Riktlinje för informationssäkerhet, § 4."), .max = 300, .search = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 4000, .search = 1 },
	{ 0 }
};

static void function_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	struct jval *b = jv_get(rec, "budget_sek"), *y = jv_get(rec, "budget_year");
	if (b && b->type == J_INT && !(y && y->type == J_INT))
		verr_add(errs, "budget_year", tr(lang, "Give the year the budget is for."));
}

const struct entity entity_security_function = {
	.name = "security-function", .table = "security_function",
	.label = N_("Security function role"), .plural = N_("Security function"),
	.the = N_("the security function role"), .new_title = N_("New role in the security function"),
	.empty = N_("No roles yet. Record who coordinates information security, how much of a position it is, its budget and its mandate."),
	.title_field = "role", .fields = function_fields, .grants = goal_grants,
	.validate = function_validate, .title_prefix = "person_id",
	.menu = MENU_GOVERNANCE,
};
