/*
 * risk.c (model): the risk-analysis entities — the organisation's risk
 * method (one record per version), analyses, risks and measures — with
 * their rules: scales and bands that parse (core/risk.c), a method version
 * that no longer changes once an analysis uses it, likelihood and
 * consequence inside the analysis's own method, a reason for every
 * treatment but reduction, and an acceptance of the residual risk that
 * names who decided it.
 */
#include "model/risk.h"

#include <stdio.h>
#include <string.h>

#include "model/classify.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options ---------------------------------------------------------- */

static const struct option scope_options[] = {
	{ "system", N_("A system") },
	{ "process", N_("A process") },
	{ "unit", N_("A unit") },
	{ "shared_it", N_("The shared IT environment") },
	{ "infrastructure", N_("The IT infrastructure") },
	{ 0 }
};

static const struct option analysis_status[] = {
	{ "draft", N_("Draft") },
	{ "decided", N_("Decided") },
	{ 0 }
};

static const struct option treatment_options[] = {
	{ "reduce", N_("Reduce") },
	{ "accept", N_("Accept") },
	{ "avoid", N_("Avoid") },
	{ "share", N_("Share or transfer") },
	{ 0 }
};

static const struct option measure_status[] = {
	{ "planned", N_("Planned") },
	{ "in_progress", N_("In progress") },
	{ "done", N_("Done") },
	{ "cancelled", N_("Cancelled") },
	{ 0 }
};

/* ---- grants ---------------------------------------------------------- */

/* The method: the coordinator keeps it; everyone who works with risk reads. */
static const struct grant method_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* Analyses, and through them (scope_via) their risks and measures: the
 * coordinator and the IT chief (who answers for the infrastructure) run
 * them, the risk owner keeps their own, the system owner starts and keeps
 * those of their systems (only an analysis of a system names one), a head
 * of administration those of their units; the others who work with
 * security read. (A G_OWNED grant creates only through a reference: naming
 * oneself risk owner starts nothing.) */
static const struct grant analysis_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_OWNED(ROLE_INFO_OWNER, A_WRITE, "risk_owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "risk_owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "system_id.owner_id"),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* ---- the method --------------------------------------------------------- */

static const struct field method_fields[] = {
	{ "version", F_INT, N_("Version"), .min = 1, .max = 1000000, .list = 1, .sort = 1, .readonly = 1 },
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 200, .search = 1, .list = 1 },
	{ "likelihood_scale", F_LONGTEXT, N_("Likelihood scale"), N_("One level per line, lowest first: the name, a colon and what it means. 2 to 10 levels."), .required = 1, .max = 6000, .search = 1, .shipped = 1 },
	{ "consequence_scale", F_LONGTEXT, N_("Consequence scale"), N_("One level per line, lowest first: the name, a colon and what it means. 2 to 10 levels."), .required = 1, .max = 6000, .search = 1, .shipped = 1 },
	{ "bands", F_LONGTEXT, N_("Matrix bands"), N_("One band per line, lowest first: the risk values it covers, its name and colour, such as 5-9 Medel #f9a825. Together the bands cover every value from 1 to likelihood × consequence."), .required = 1, .max = 2000, .shipped = 1 },
	{ "document_id", F_REF, N_("Adopted in"), N_("The governing document that adopts this version of the risk method."), .ref = &entity_governing_documents, .reverse = N_("Risk method versions it adopts") },
	{ "decision_reference", F_TEXT, N_("Decision"), N_("The decision that adopted it: body, date and case number."), .max = 200 },
	{ 0 }
};

/* The field of each part of a method. */
static const char *const part_field[] = { "likelihood_scale", "consequence_scale", "bands" };

static void methods_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    struct jval *rec, const struct jval *old)
{
	if (old)
		return;
	/* A new version: one more than the latest. */
	struct list_query q = { .page = 1, .limit = 1, .desc = 1, .sort = entity_field(e, "version") };
	struct jval *rows;
	long long v = 0;
	if (store_list(st, a, e, org_id, &q, &rows, NULL) == STORE_OK && rows->first)
		v = jv_get_int(rows->first, "version", 0);
	jv_set_int(a, rec, "version", v + 1);
}

/* Problems as field errors in lang. */
static void method_errors(struct arena *a, const struct risk_problem *p, int n, struct verrors *errs, int lang)
{
	for (int i = 0; i < n; i++) {
		/* Messages name a band ("%s", then maybe "%d") or give
		 * numbers ("%d", "%d"). */
		const char *m = tr(lang, p[i].msgid);
		const char *text = p[i].name ? arena_printf(a, m, p[i].name, p[i].a) : arena_printf(a, m, p[i].a, p[i].b);
		verr_add(errs, part_field[p[i].part], text);
	}
}

static void methods_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	struct risk_method m;
	struct risk_problem p[RISK_PROBLEMS_MAX];
	int n = risk_method_parse(a, jv_get_str(rec, "likelihood_scale"), jv_get_str(rec, "consequence_scale"),
				  jv_get_str(rec, "bands"), &m, p, RISK_PROBLEMS_MAX);
	method_errors(a, p, n, errs, lang);
	if (!old)
		return;
	long long used = risk_method_uses(st, a, org_id, jv_get_int(rec, "id", 0));
	if (used > 0)
		verr_add(errs, NULL,
			 arena_printf(a, tr(lang, "This version is used by %lld risk analyses and no longer changes. Make a new version instead: new analyses use the latest."),
				      used));
}

const struct entity entity_risk_methods = {
	.name = "risk-methods", .table = "risk_methods",
	.label = N_("Risk method"), .plural = N_("Risk methods"),
	.the = N_("the risk method"), .new_title = N_("New risk method"),
	.empty = N_("No risk methods yet. Add a method with its likelihood and consequence scales before the first risk analysis."),
	.title_field = "name", .fields = method_fields, .grants = method_grants,
	.validate = methods_validate, .prepare = methods_prepare,
	.default_sort = "version", .no_delete = 1, .no_import = 1,
	.menu = MENU_RISK,
};

long long risk_method_uses(struct store *st, struct arena *a, long long org, long long method_id)
{
	const struct entity *ae = &entity_risk_analyses;
	struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
	q.filters[0].f = entity_field(ae, "method_id");
	q.filters[0].value = arena_printf(a, "%lld", method_id);
	struct jval *rows;
	long long total = 0;
	if (store_list(st, a, ae, org, &q, &rows, &total) != STORE_OK)
		return -1;
	return total;
}

long long risk_method_latest(struct store *st, struct arena *a, long long org)
{
	const struct entity *e = &entity_risk_methods;
	struct list_query q = { .page = 1, .limit = 1, .desc = 1, .sort = entity_field(e, "version") };
	struct jval *rows;
	if (store_list(st, a, e, org, &q, &rows, NULL) != STORE_OK || !rows->first)
		return 0;
	return jv_get_int(rows->first, "id", 0);
}

int risk_method_load(struct store *st, struct arena *a, long long org, long long id, struct risk_method *m)
{
	struct jval *row;
	if (!id || store_get(st, a, &entity_risk_methods, org, id, &row) != STORE_OK)
		return -1;
	struct risk_problem p[RISK_PROBLEMS_MAX];
	return risk_method_parse(a, jv_get_str(row, "likelihood_scale"), jv_get_str(row, "consequence_scale"),
				 jv_get_str(row, "bands"), m, p, RISK_PROBLEMS_MAX) == 0 ? 0 : -1;
}

/* ---- analyses ----------------------------------------------------------- */

static const struct field analysis_fields[] = {
	{ "title", F_TEXT, N_("Title"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "scope", F_ENUM, N_("Scope"), N_("What the analysis covers. A system, process or unit is named below."), .required = 1, .options = scope_options, .list = 1, .filter = 1, .sort = 1, .def = "system" },
	{ "system_id", F_REF, N_("System"), .ref = &entity_systems, .list = 1, .filter = 1 },
	{ "process_id", F_REF, N_("Process"), .ref = &entity_processes, .filter = 1 },
	{ "unit_id", F_REF, N_("Unit"), .ref = &entity_units, .filter = 1 },
	{ "method_id", F_REF, N_("Risk method"), N_("The method version the analysis uses; new analyses get the latest. It cannot change afterwards."), .ref = &entity_risk_methods },
	{ "analysed_on", F_DATE, N_("Date of analysis"), .required = 1, .list = 1, .sort = 1, .def = "today" },
	{ "participants", F_LONGTEXT, N_("Participants"), N_("Who took part, one per line, e.g. the system owner, the system administrator, the information owner and IT operations."), .max = 4000, .search = 1 },
	{ "participant_ids", F_REFS, N_("Participants who comment"), N_("Participants with an account in Tillit: they may comment on the analysis and its risks."), .ref = &entity_people, .link_table = "analysis_participants", .reverse = N_("Risk analyses they take part in") },
	{ "risk_owner_id", F_REF, N_("Risk owner"), N_("Usually the information owner. The risk owner decides the analysis and accepts residual risk."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Risk analyses where they are risk owner") },
	{ "status", F_ENUM, N_("Status"), .required = 1, .options = analysis_status, .list = 1, .filter = 1, .sort = 1, .def = "draft" },
	{ "decided_by_id", F_REF, N_("Decided by"), N_("The risk owner, or someone whose role lets them change the analysis."), .ref = &entity_people, .reverse = N_("Risk analyses they decided") },
	{ "decided_on", F_DATE, N_("Date of decision"), .sort = 1 },
	{ "summary", F_LONGTEXT, N_("Summary"), .max = 8000, .search = 1 },
	{ 0 }
};

static void analyses_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			     struct jval *rec, const struct jval *old)
{
	(void)e;
	if (!old && !jv_get_int(rec, "method_id", 0)) {
		long long m = risk_method_latest(st, a, org_id);
		if (m)
			jv_set_int(a, rec, "method_id", m);
	}
}

/* Deciding analysis id: each of its risks to be accepted that no one has
 * accepted is an error (the first few, by name). */
static void unaccepted_risks(struct store *st, struct arena *a, long long org_id, long long id,
			     struct verrors *errs, int lang)
{
	const struct entity *re = &entity_risks;
	if (!id || !re)
		return;
	struct list_query q = { .page = 1, .limit = 5, .nfilters = 3 };
	q.filters[0].f = entity_field(re, "analysis_id");
	q.filters[0].value = arena_printf(a, "%lld", id);
	q.filters[1].f = entity_field(re, "treatment");
	q.filters[1].value = "accept";
	q.filters[2].f = entity_field(re, "accepted_by_id");
	q.filters[2].value = NULL;
	struct jval *rows;
	if (store_list(st, a, re, org_id, &q, &rows, NULL) != STORE_OK)
		return;
	for (const struct jval *k = rows->first; k; k = k->next)
		verr_add(errs, "status",
			 arena_printf(a, tr(lang, "The risk \"%s\" is to be accepted, but no one has accepted it. Record who accepted it and when, or change its treatment, before the analysis is decided."),
				      jv_get_str(k, "title")));
}

static void analyses_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	const char *scope = jv_get_str(rec, "scope");
	static const struct { const char *scope, *field, *msgid; } needs[] = {
		{ "system", "system_id", N_("Choose the system the analysis covers.") },
		{ "process", "process_id", N_("Choose the process the analysis covers.") },
		{ "unit", "unit_id", N_("Choose the unit the analysis covers.") },
	};
	for (size_t i = 0; scope && i < sizeof needs / sizeof needs[0]; i++)
		if (strcmp(scope, needs[i].scope) == 0 && !jv_get_int(rec, needs[i].field, 0))
			verr_add(errs, needs[i].field, tr(lang, needs[i].msgid));
	/* The system decides who keeps the analysis (its owner does) and
	 * which system it counts for: only an analysis of a system names one. */
	if (scope && strcmp(scope, "system") != 0 && jv_get_int(rec, "system_id", 0))
		verr_add(errs, "system_id", tr(lang, "Leave the system empty, or choose a system as the scope: only an analysis of a system names one."));
	if (!jv_get_int(rec, "method_id", 0))
		verr_add(errs, "method_id", tr(lang, "Choose the risk method. The coordinator sets it up under Risk methods."));
	else if (old && jv_get_int(old, "method_id", 0) != jv_get_int(rec, "method_id", 0))
		verr_add(errs, "method_id", tr(lang, "An analysis keeps the method version it was started with."));
	const char *status = jv_get_str(rec, "status");
	if (status && strcmp(status, "decided") == 0) {
		if (!jv_get_int(rec, "decided_by_id", 0))
			verr_add(errs, "decided_by_id", tr(lang, "Name who decided the analysis."));
		if (!jv_get_str(rec, "decided_on"))
			verr_add(errs, "decided_on", tr(lang, "Give the date of the decision."));
		/* The risk owner decides, or a role that may change the
		 * analysis; checked when it is decided or the name changes. */
		const char *was = old ? jv_get_str(old, "status") : NULL;
		if (!was || strcmp(was, "decided") != 0 ||
		    !jv_equal(jv_get(old, "decided_by_id"), jv_get(rec, "decided_by_id")))
			record_check_decider(st, a, org_id, e, rec, "decided_by_id",
					     N_("%s may not decide this analysis. Name the risk owner, or someone whose role lets them change the analysis."),
					     errs, lang);
		if (!was || strcmp(was, "decided") != 0)
			unaccepted_risks(st, a, org_id, jv_get_int(rec, "id", 0), errs, lang);
	}
}

/* A decided analysis is history the cadence and the report rest on. */
static const struct decision analysis_decision = {
	.status = "status", .by = "decided_by_id", .on = "decided_on", .verb = N_("Decide"),
	.kept = N_("A decided risk analysis stays as history. Make a new analysis instead."),
};

const struct entity entity_risk_analyses = {
	.name = "risk-analyses", .table = "risk_analyses",
	.label = N_("Risk analysis"), .plural = N_("Risk analyses"),
	.the = N_("the risk analysis"), .new_title = N_("New risk analysis"),
	.empty = N_("No risk analyses yet. Start one from a system or an information asset, or add one here."),
	.title_field = "title", .fields = analysis_fields, .unit_field = "unit_id",
	.grants = analysis_grants, .validate = analyses_validate, .prepare = analyses_prepare,
	.decision = &analysis_decision, .default_sort = "analysed_on",
	.menu = MENU_RISK, .panels = PANEL_ANALYSES,
};

/* ---- risks --------------------------------------------------------------- */

#define SCORE_FIELD(name, label, req, sc, sect) \
	{ name, F_INT, label, N_("A level of the analysis's risk method, 1 being the lowest."), .required = req, .min = 1, .max = RISK_LEVELS_MAX, .sort = 1, \
	  .scale = sc, .section = sect }

static const struct field risk_fields[] = {
	{ "analysis_id", F_REF, N_("Risk analysis"), .required = 1, .ref = &entity_risk_analyses, .list = 1, .filter = 1, .section = N_("The risk") },
	{ "title", F_TEXT, N_("Risk"), N_("The threat or scenario: what can happen."), .required = 1, .max = 500, .search = 1, .list = 1, .sort = 1 },
	{ "vulnerability", F_LONGTEXT, N_("Vulnerability"), N_("What makes it possible."), .max = 4000, .search = 1 },
	{ "harm", F_LONGTEXT, N_("Harm"), N_("The damage if it happens (skadeverkan)."), .max = 4000, .search = 1 },
	{ "asset_ids", F_REFS, N_("Information affected"), .ref = &entity_information_assets, .reverse = N_("Risks to the information"), .link_table = "risk_assets" },
	{ "aspects", F_TEXT, N_("Aspects affected"), NULL, .max = 20, .list = 1,
	  .options = classify_aspect_options, .set = 1 },
	SCORE_FIELD("likelihood", N_("Likelihood"), 1, SCALE_LIKELIHOOD, N_("Assessment before measures")),
	SCORE_FIELD("consequence", N_("Consequence"), 1, SCALE_CONSEQUENCE, NULL),
	{ "value", F_INT, N_("Risk value"), NULL, .list = 1, .sort = 1, .filter = 1, .readonly = 1, .min = 0, .max = 100 },
	{ "band", F_TEXT, N_("Risk level"), NULL, .list = 1, .filter = 1, .readonly = 1, .max = 100 },
	{ "risk_owner_id", F_REF, N_("Risk owner"), N_("Left empty: the analysis's risk owner."), .ref = &entity_people, .reverse = N_("Risks they own"), .list = 1, .filter = 1,
	  .section = N_("How the risk is treated") },
	{ "treatment", F_ENUM, N_("Treatment"), N_("To accept a risk is a decision: once the analysis is decided, an accepted risk names who accepted it and when (below)."), .required = 1, .options = treatment_options, .list = 1, .filter = 1, .def = "reduce" },
	{ "treatment_reason", F_LONGTEXT, N_("Reason for the treatment"), N_("Required unless the risk is reduced with measures."), .max = 4000, .search = 1 },
	SCORE_FIELD("residual_likelihood", N_("Residual likelihood"), 0, SCALE_LIKELIHOOD, N_("Residual risk after measures")),
	SCORE_FIELD("residual_consequence", N_("Residual consequence"), 0, SCALE_CONSEQUENCE, NULL),
	{ "residual_value", F_INT, N_("Residual risk value"), NULL, .readonly = 1, .min = 0, .max = 100, .sort = 1 },
	{ "residual_band", F_TEXT, N_("Residual risk level"), NULL, .readonly = 1, .max = 100 },
	{ "accepted_by_id", F_REF, N_("Residual risk accepted by"), N_("Who decided to accept the risk that remains: the risk owner, or someone whose role lets them change the analysis. For a risk to be accepted, given when the analysis is decided; otherwise once the measures are in place. Until then a risk of a decided analysis is listed among the gaps."), .ref = &entity_people, .reverse = N_("Residual risks they accepted"),
	  .section = N_("Acceptance of the residual risk") },
	{ "accepted_on", F_DATE, N_("Date of acceptance"), .sort = 1 },
	{ "accepted_body", F_TEXT, N_("Deciding body"), N_("E.g. the committee (nämnd) or the head of administration who decided."), .max = 200 },
	{ "case_number", F_TEXT, N_("Case number"), N_("The diarienummer of the decision."), .max = 100, .search = 1 },
	{ 0 }
};

/* The analysis of a risk (or NULL) and its method; 0 when both load. */
static int analysis_method(struct store *st, struct arena *a, long long org, const struct jval *rec,
			   struct jval **analysis, struct risk_method *m)
{
	*analysis = NULL;
	long long id = jv_get_int(rec, "analysis_id", 0);
	if (!id || store_get(st, a, &entity_risk_analyses, org, id, analysis) != STORE_OK) {
		*analysis = NULL;
		return -1;
	}
	return risk_method_load(st, a, org, jv_get_int(*analysis, "method_id", 0), m);
}

int risk_record_method(struct store *st, struct arena *a, long long org, const struct jval *rec,
		       struct risk_method *m)
{
	struct jval *an;
	if (analysis_method(st, a, org, rec, &an, m) == 0)
		return 0;
	return an ? -1 : risk_method_load(st, a, org, risk_method_latest(st, a, org), m);
}

/* value and band fields from the two levels; a value that cannot be
 * computed is 0 (the risk itself) or null (its residual risk, which is
 * optional). */
static void score(struct arena *a, const struct risk_method *m, struct jval *rec, const char *lf, const char *cf,
		  const char *vf, const char *bf, int zero_when_none)
{
	int v = m ? risk_value(m, (int)jv_get_int(rec, lf, 0), (int)jv_get_int(rec, cf, 0)) : 0;
	int b = v ? risk_band_of(m, v) : -1;
	if (v || zero_when_none)
		jv_set_int(a, rec, vf, v);
	else
		jv_set(rec, vf, jv_null(a));
	jv_set(rec, bf, b >= 0 ? jv_str(a, m->bands[b].name) : jv_null(a));
}

static void risks_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			  struct jval *rec, const struct jval *old)
{
	(void)e, (void)old;
	struct jval *an;
	struct risk_method m;
	int ok = analysis_method(st, a, org_id, rec, &an, &m) == 0;
	score(a, ok ? &m : NULL, rec, "likelihood", "consequence", "value", "band", 1);
	score(a, ok ? &m : NULL, rec, "residual_likelihood", "residual_consequence", "residual_value", "residual_band", 0);
	if (an && !jv_get_int(rec, "risk_owner_id", 0) && jv_get_int(an, "risk_owner_id", 0))
		jv_set_int(a, rec, "risk_owner_id", jv_get_int(an, "risk_owner_id", 0));
}

static void check_level(struct arena *a, const struct jval *rec, const char *field, int levels,
			struct verrors *errs, int lang)
{
	const struct jval *v = jv_get(rec, field);
	if (!v || v->type != J_INT || verr_get(errs, field))
		return;
	if (v->i < 1 || v->i > levels)
		verr_add(errs, field, arena_printf(a, tr(lang, "Choose a level from 1 to %d, the scale of the analysis's risk method."), levels));
}

static void risks_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			   const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	struct jval *an;
	struct risk_method m;
	if (analysis_method(st, a, org_id, rec, &an, &m) == 0) {
		check_level(a, rec, "likelihood", m.nlikelihood, errs, lang);
		check_level(a, rec, "residual_likelihood", m.nlikelihood, errs, lang);
		check_level(a, rec, "consequence", m.nconsequence, errs, lang);
		check_level(a, rec, "residual_consequence", m.nconsequence, errs, lang);
	} else if (an) {
		verr_add(errs, "analysis_id", tr(lang, "The analysis's risk method cannot be read."));
	}
	const char *t = jv_get_str(rec, "treatment");
	const char *reason = jv_get_str(rec, "treatment_reason");
	if (t && strcmp(t, "reduce") != 0 && (!reason || !*reason))
		verr_add(errs, "treatment_reason", tr(lang, "Give the reason for accepting, avoiding or sharing the risk."));
	int rl = jv_get_int(rec, "residual_likelihood", 0) != 0, rc = jv_get_int(rec, "residual_consequence", 0) != 0;
	if (rl != rc)
		verr_add(errs, rl ? "residual_consequence" : "residual_likelihood",
			 tr(lang, "Give both the residual likelihood and the residual consequence, or neither."));
	/* An acceptance is a decision: who, when, and what it accepts. To
	 * accept a risk as its treatment is decided with the analysis, so a
	 * decided analysis's risk to be accepted carries its acceptance (else
	 * the gap residual_risk_not_accepted would stand for a decision that
	 * was made). */
	const char *an_status = an ? jv_get_str(an, "status") : NULL;
	int must = t && strcmp(t, "accept") == 0 && an_status && strcmp(an_status, "decided") == 0;
	int accepting = must || jv_get_int(rec, "accepted_by_id", 0) || jv_get_str(rec, "accepted_on") ||
			jv_get_str(rec, "accepted_body") || jv_get_str(rec, "case_number");
	if (accepting) {
		if (!jv_get_int(rec, "accepted_by_id", 0))
			verr_add(errs, "accepted_by_id",
				 must ? tr(lang, "Name who accepted the risk: in a decided analysis, a risk to be accepted needs its acceptance.")
				      : tr(lang, "Name who accepted the residual risk."));
		if (!jv_get_str(rec, "accepted_on"))
			verr_add(errs, "accepted_on", tr(lang, "Give the date the residual risk was accepted."));
		if (!rl || !rc)
			verr_add(errs, "residual_likelihood", tr(lang, "Give the residual likelihood and consequence that were accepted."));
		/* The risk owner accepts, or a role that may change the
		 * analysis (a body's decision is brought by one of them). */
		if (!old || !jv_equal(jv_get(old, "accepted_by_id"), jv_get(rec, "accepted_by_id")))
			record_check_decider(st, a, org_id, e, rec, "accepted_by_id",
					     N_("%s may not accept this risk. Name the risk owner, or someone whose role lets them change the analysis."),
					     errs, lang);
	}
}

/* The acceptance of a residual risk is the risk owner's decision: the risk
 * then stays as it was accepted. */
static const struct decision acceptance = {
	.by = "accepted_by_id", .on = "accepted_on", .verb = N_("Accept the residual risk"),
	.kept = N_("An accepted risk stays as it was accepted. Analyse it again in a new analysis."),
};

const struct entity entity_risks = {
	.name = "risks", .table = "risks",
	.label = N_("Risk"), .plural = N_("Risks"),
	.the = N_("the risk"), .new_title = N_("New risk"),
	.empty = N_("No risks yet. Open a risk analysis and add its risks there."),
	.title_field = "title", .fields = risk_fields, .grants = analysis_grants,
	.validate = risks_validate, .prepare = risks_prepare,
	.scope_via = "analysis_id", .default_sort = "value",
	.menu = MENU_RISK,
	.decision = &acceptance,
};

/* ---- measures ------------------------------------------------------------- */

static const struct field measure_fields[] = {
	{ "risk_id", F_REF, N_("Risk"), N_("The risk the measure treats. Left empty for a measure after an incident or from an exercise finding."), .ref = &entity_risks, .list = 1, .filter = 1 },
	{ "incident_id", F_REF, N_("Incident"), N_("The incident the measure follows up."), .ref = &entity_incidents, .filter = 1, .reverse = N_("Measures after the incident") },
	{ "title", F_TEXT, N_("Measure"), .required = 1, .max = 500, .search = 1, .list = 1, .sort = 1 },
	{ "description", F_LONGTEXT, N_("Description"), .max = 4000, .search = 1 },
	{ "owner_id", F_REF, N_("Responsible"), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Measures they are responsible for") },
	{ "due_date", F_DATE, N_("Due date"), .list = 1, .sort = 1 },
	{ "status", F_ENUM, N_("Status"), .required = 1, .options = measure_status, .list = 1, .filter = 1, .sort = 1, .def = "planned" },
	{ "requirement_ids", F_REFS, N_("Requirements it implements"), N_("Security requirements from the classification that the measure puts in place."), .ref = &entity_requirements, .link_table = "measure_requirements", .reverse = N_("Measures that implement the requirement") },
	{ "control_ids", F_REFS, N_("Controls it implements"), N_("ISO/IEC 27001 Annex A controls, CIS Controls and NIS2 points."), .ref = &entity_soa_entries, .link_table = "measure_controls", .reverse = N_("Measures that implement the control") },
	{ "finding_id", F_REF, N_("Exercise finding"), N_("The finding of a continuity exercise the measure answers, when it does not treat a risk."), .ref = &entity_exercise_findings, .filter = 1, .reverse = N_("Measures for the finding") },
	{ "control_result_id", F_REF, N_("Internal control result"), N_("The deviation found in internal control that the measure corrects."), .ref = &entity_control_results, .filter = 1, .reverse = N_("Measures for the deviation") },
	{ "access_review_id", F_REF, N_("Access review"), N_("The access review whose decision the measure carries out (removing or changing an account)."), .ref = &entity_access_reviews, .filter = 1, .reverse = N_("Measures from the access review") },
	{ 0 }
};

/* What a measure belongs to: a risk, an exercise finding (or, as other
 * areas add theirs, another source). A new source is one line here and
 * one field above. At least one is named. */
static const struct {
	const char *field;
} measure_sources[] = {
	{ "risk_id" },
	{ "incident_id" },
	{ "finding_id" },
	{ "control_result_id" },
	{ "access_review_id" },
};

static void measures_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	for (size_t i = 0; i < sizeof measure_sources / sizeof *measure_sources; i++)
		if (jv_get_int(rec, measure_sources[i].field, 0))
			return;
	verr_add(errs, "risk_id", tr(lang, "Choose the risk the measure treats, the incident it follows up, the exercise finding it answers or the internal control deviation it corrects."));
}

/* The system a measure's risk is analysed for: the analysis's system when
 * its scope is a system, else 0. */
static long long measure_system(struct store *st, struct arena *a, long long org, const struct jval *measure)
{
	struct jval *risk, *an;
	if (store_get(st, a, &entity_risks, org, jv_get_int(measure, "risk_id", 0), &risk) != STORE_OK ||
	    store_get(st, a, &entity_risk_analyses, org, jv_get_int(risk, "analysis_id", 0), &an) != STORE_OK)
		return 0;
	const char *scope = jv_get_str(an, "scope");
	return scope && strcmp(scope, "system") == 0 ? jv_get_int(an, "system_id", 0) : 0;
}

/* Requirement req is fulfilled on system: its action-plan item says so
 * (created when the plan has none). */
static int fulfil_requirement(struct rctx *c, long long system, long long req)
{
	const struct entity *pe = &entity_plan_items;
	struct list_query q = { .page = 1, .limit = 1, .nfilters = 2 };
	q.filters[0].f = entity_field(pe, "system_id");
	q.filters[0].value = arena_printf(c->a, "%lld", system);
	q.filters[1].f = entity_field(pe, "requirement_id");
	q.filters[1].value = arena_printf(c->a, "%lld", req);
	struct jval *rows;
	if (store_list(c->st, c->a, pe, c->who->org_id, &q, &rows, NULL) != STORE_OK)
		return REC_ERROR;
	struct jval *set = jv_obj(c->a);
	jv_set_str(c->a, set, "assessment", "fulfilled");
	struct verrors errs = { 0 };
	if (!rows->first) {
		jv_set_int(c->a, set, "system_id", system);
		jv_set_int(c->a, set, "requirement_id", req);
		long long id;
		return record_create(c, pe, set, &id, &errs);
	}
	const char *was = jv_get_str(rows->first, "assessment");
	if (was && (strcmp(was, "fulfilled") == 0 || strcmp(was, "not_applicable") == 0))
		return REC_OK;
	return record_update(c, pe, jv_get_int(rows->first, "id", 0), set, &errs);
}

/* Control id moves with its measures: partly implemented once one is under
 * way, implemented when every measure on it that counts is done. It never
 * moves back: other work may implement it too. */
static int advance_control(struct rctx *c, long long control)
{
	const struct entity *ce = &entity_soa_entries;
	struct jval *row;
	if (store_get(c->st, c->a, ce, c->who->org_id, control, &row) != STORE_OK)
		return REC_OK;
	long long open = 0, done = 0;
	if (store_control_measures(c->st, c->who->org_id, control, &open, &done) != STORE_OK)
		return REC_ERROR;
	const char *was = jv_get_str(row, "implementation");
	const char *now = done && !open ? "implemented" : "partly";
	if (!was || strcmp(was, "implemented") == 0 || strcmp(was, now) == 0)
		return REC_OK;
	struct jval *set = jv_obj(c->a);
	jv_set_str(c->a, set, "implementation", now);
	struct verrors errs = { 0 };
	return record_update(c, ce, control, set, &errs);
}

/* A measure under way or done moves what it implements: the SoA controls
 * it names, and — when done, in an analysis of one system — that system's
 * action plan for the requirements it names. The changes are Tillit's,
 * made for whoever changed the measure and audited with it as the cause,
 * also where that user cannot edit the plan or the SoA themselves. */
static int measures_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			  const struct jval *old)
{
	(void)e, (void)old;
	const char *status = jv_get_str(rec, "status");
	int done = status && strcmp(status, "done") == 0;
	if (!done && !(status && strcmp(status, "in_progress") == 0))
		return REC_OK;
	struct actor tillit;
	struct rctx sub = record_on_behalf(c, &tillit, arena_printf(c->a, "measures/%lld", id));
	int rc = REC_OK;
	long long system = done ? measure_system(c->st, c->a, c->who->org_id, rec) : 0;
	const struct jval *reqs = jv_get(rec, "requirement_ids");
	for (const struct jval *r = reqs && system ? reqs->first : NULL; r && rc == REC_OK; r = r->next)
		rc = fulfil_requirement(&sub, system, r->i);
	const struct jval *controls = jv_get(rec, "control_ids");
	for (const struct jval *k = controls ? controls->first : NULL; k && rc == REC_OK; k = k->next)
		rc = advance_control(&sub, k->i);
	return rc;
}

/* A measure belongs to its risk; the risk's owner keeps it (the grants
 * name risk_owner_id, which the risk carries too). A measure without a
 * risk (after an incident, from an exercise finding) is decided on no risk: only the roles
 * that keep every analysis (administrator, coordinator, IT manager) write
 * it, and the readers of analyses read it. */
const struct entity entity_measures = {
	.name = "measures", .table = "measures",
	.label = N_("Measure"), .plural = N_("Measures"),
	.the = N_("the measure"), .new_title = N_("New measure"),
	.empty = N_("No measures yet. Open a risk and add the measures that treat it."),
	.title_field = "title", .fields = measure_fields, .grants = analysis_grants,
	.validate = measures_validate, .after_write = measures_after, .scope_via = "risk_id", .default_sort = "due_date",
	.menu = MENU_RISK,
};

/* ---- what makes an analysis due now ------------------------------------- */

static const struct option trigger_kinds[] = {
	{ "significant_change", N_("Significant change") },
	{ "serious_incident", N_("Serious incident") },
	{ "other", N_("Other reason") },
	{ 0 }
};

static const struct field trigger_fields[] = {
	{ "kind", F_ENUM, N_("Reason"), N_("A significant change to the system (new functions, integrations, supplier, hosting or users), a serious incident, or another reason to analyse again."), .required = 1, .options = trigger_kinds, .list = 1, .filter = 1, .sort = 1, .def = "significant_change" },
	{ "occurred_on", F_DATE, N_("Date"), N_("When the change was made or the incident happened. An analysis decided before this date is no longer current."), .required = 1, .list = 1, .sort = 1 },
	{ "title", F_TEXT, N_("What happened"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "system_id", F_REF, N_("System"), .ref = &entity_systems, .list = 1, .filter = 1, .reverse = N_("Reasons to analyse the system again") },
	{ "asset_id", F_REF, N_("Information asset"), N_("Information asset, when the reason concerns information rather than a system."), .ref = &entity_information_assets, .list = 1, .filter = 1, .reverse = N_("Reasons to analyse the information again") },
	{ "description", F_LONGTEXT, N_("Description"), .max = 4000, .search = 1 },
	{ "reference", F_TEXT, N_("Case or incident number"), .max = 100, .search = 1 },
	{ 0 }
};

static void triggers_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id, (void)old;
	if (!jv_get_int(rec, "system_id", 0) && !jv_get_int(rec, "asset_id", 0))
		verr_add(errs, "system_id", tr(lang, "Name the system or the information asset it concerns."));
}

/* Recorded by whoever keeps the system (decided on it: scope_via), the
 * coordinator and the IT chief; for an information asset without a system
 * only those with every record. Read by those who read analyses. */
static const struct grant trigger_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_ADMIN, A_WRITE, "administrator_id"),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

const struct entity entity_risk_triggers = {
	.name = "risk-triggers", .table = "risk_triggers",
	.label = N_("Reason to analyse again"), .plural = N_("Reasons to analyse again"),
	.the = N_("the reason to analyse again"), .new_title = N_("New reason to analyse again"),
	.empty = N_("No reasons to analyse again yet. Record one when something changes that calls for a new risk analysis."),
	.title_field = "title", .fields = trigger_fields, .grants = trigger_grants,
	.validate = triggers_validate, .scope_via = "system_id", .default_sort = "occurred_on",
	.menu = MENU_RISK,
};

/* ---- comments ------------------------------------------------------------ */

static const struct field comment_fields[] = {
	{ "analysis_id", F_REF, N_("Risk analysis"), .required = 1, .ref = &entity_risk_analyses, .list = 1, .filter = 1, .sort = 1 },
	{ "risk_id", F_REF, N_("Risk"), N_("Left empty: a comment on the whole analysis."), .ref = &entity_risks, .list = 1, .filter = 1 },
	{ "body", F_LONGTEXT, N_("Comment"), .required = 1, .max = 4000, .search = 1, .list = 1 },
	{ "author_id", F_REF, N_("Written by"), .ref = &entity_people, .readonly = 1, .author = 1, .list = 1, .filter = 1, .reverse = N_("Comments they wrote") },
	{ 0 }
};

static void comments_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)old;
	long long risk = jv_get_int(rec, "risk_id", 0);
	struct jval *row;
	if (risk && store_get(st, a, &entity_risks, org_id, risk, &row) == STORE_OK &&
	    jv_get_int(row, "analysis_id", 0) != jv_get_int(rec, "analysis_id", 0))
		verr_add(errs, "risk_id", tr(lang, "The risk belongs to another analysis."));
}

/* Decided on the analysis (scope_via): those who edit it comment (and may
 * remove a comment), so do the participants it names, whatever their role
 * but employee; the others who read it read the comments. No one edits a
 * comment: it is what was said. */
#define GRANT_PARTICIPANT(r) GRANT_OWNED(r, A_CREATE, "participant_ids")
static const struct grant comment_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_OWNED(ROLE_INFO_OWNER, A_CREATE, "risk_owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_CREATE, "risk_owner_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_CREATE, "system_id.owner_id"),
	{ ROLE_MANAGER, A_CREATE, G_SCOPED, NULL },
	GRANT_PARTICIPANT(ROLE_INFO_OWNER), GRANT_PARTICIPANT(ROLE_SYSTEM_OWNER),
	GRANT_PARTICIPANT(ROLE_SYSTEM_ADMIN), GRANT_PARTICIPANT(ROLE_SECURITY_CHIEF),
	GRANT_PARTICIPANT(ROLE_DPO), GRANT_PARTICIPANT(ROLE_MANAGER), GRANT_PARTICIPANT(ROLE_ELECTED),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

const struct entity entity_risk_comments = {
	.name = "risk-comments", .table = "risk_comments",
	.label = N_("Comment"), .plural = N_("Comments on risk analyses"),
	.the = N_("the comment"), .new_title = N_("New comment"),
	.empty = N_("No comments yet. Comments are made on a risk analysis."),
	.title_field = "body", .fields = comment_fields, .grants = comment_grants,
	.validate = comments_validate, .scope_via = "analysis_id", .default_sort = "analysis_id",
	.no_import = 1,
};
