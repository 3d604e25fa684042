/*
 * classify.c (model): information classification and what follows from
 * it — the organisation's level names, classifications of information
 * assets, decisions that raise a system, the requirement catalogue, the
 * Statement of Applicability entries and each system's action plan. The
 * rules (derivation, applicability, reasons) are in core/classify.c; how
 * the pieces fit is in docs/internals/classification.md.
 */
#include <string.h>

#include "core/classify.h"
#include "model/classify.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options --------------------------------------------------------- */

static const struct option class_status[] = {
	{ "draft", N_("Draft") },
	{ "decided", N_("Decided") },
	{ 0 }
};

const struct option classify_aspect_options[] = {
	{ "K", N_("Confidentiality (K)") },
	{ "R", N_("Integrity (R)") },
	{ "T", N_("Availability (T)") },
	{ "S", N_("Traceability (S)") },
	{ 0 }
};

/* A requirement's trigger: an aspect, or any of them. */
static const struct option requirement_aspect_options[] = {
	{ "K", N_("Confidentiality (K)") },
	{ "R", N_("Integrity (R)") },
	{ "T", N_("Availability (T)") },
	{ "S", N_("Traceability (S)") },
	{ "any", N_("Any aspect") },
	{ 0 }
};

static const struct option area_options[] = {
	{ "access", N_("Access control") },
	{ "authentication", N_("Authentication") },
	{ "crypto", N_("Encryption") },
	{ "logging", N_("Logging") },
	{ "backup", N_("Backup and restore") },
	{ "continuity", N_("Continuity") },
	{ "supplier", N_("Suppliers and agreements") },
	{ "personal_data", N_("Personal data") },
	{ "physical", N_("Physical protection") },
	{ "development", N_("Secure development") },
	{ "vulnerability", N_("Vulnerability management") },
	{ "monitoring", N_("Monitoring") },
	{ "governance", N_("Governance") },
	{ "network", N_("Networks") },
	{ "endpoint", N_("Endpoints and mobile devices") },
	{ "email_web", N_("E-mail and web") },
	{ "industrial", N_("Industrial control systems (OT)") },
	{ "communications", N_("Communications in a crisis") },
	{ "archiving", N_("Archiving") },
	{ "cloud", N_("Cloud services and third countries") },
	{ "personnel", N_("Personnel security") },
	{ "information_handling", N_("Information handling") },
	{ 0 }
};

/* Where a requirement applies: to each system its trigger reaches, or
 * once to the organisation as a whole. */
static const struct option requirement_scope_options[] = {
	{ "system", N_("Each system") },
	{ "organisation", N_("The organisation") },
	{ 0 }
};

static const struct option requirement_status[] = {
	{ "active", N_("Active") },
	{ "retired", N_("Retired") },
	{ 0 }
};

static const struct option origin_options[] = {
	{ "shipped", N_("Tillit's catalogue") },
	{ "local", N_("The organisation's own") },
	{ 0 }
};

static const struct option framework_options[] = {
	{ "iso27001", N_("ISO/IEC 27001:2022 Annex A") },
	{ "cis8", N_("CIS Controls v8") },
	{ "nis2", N_("NIS2 article 21(2)") },
	{ "clauses", N_("ISO/IEC 27001:2022 clauses 4-10") },
	{ 0 }
};

static const struct option theme_options[] = {
	{ "organizational", N_("Organisational controls") },
	{ "people", N_("People controls") },
	{ "physical", N_("Physical controls") },
	{ "technological", N_("Technological controls") },
	{ "context", N_("4 Context of the organisation") },
	{ "leadership", N_("5 Leadership") },
	{ "planning", N_("6 Planning") },
	{ "support", N_("7 Support") },
	{ "operation", N_("8 Operation") },
	{ "evaluation", N_("9 Performance evaluation") },
	{ "improvement", N_("10 Improvement") },
	{ 0 }
};

static const struct option implementation_options[] = {
	{ "not_started", N_("Not started") },
	{ "partly", N_("Partly implemented") },
	{ "implemented", N_("Implemented") },
	{ 0 }
};

const struct option classify_assessment_options[] = {
	{ "not_fulfilled", N_("Not fulfilled") },
	{ "partly", N_("Partly fulfilled") },
	{ "fulfilled", N_("Fulfilled") },
	{ "not_applicable", N_("Not applicable") },
	{ 0 }
};

/* ---- grants ---------------------------------------------------------- */

#define READERS GRANT_READERS

/* Level names and the catalogues: the coordinator keeps them. */
static const struct grant level_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), READERS, GRANT_READ(ROLE_ELECTED), GRANT_READ(ROLE_EMPLOYEE),
	GRANTS_END
};

static const struct grant catalogue_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR), READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* The information owner decides the classification of their information
 * (decided on the asset: scope_via). A head of administration may for the
 * units below them. */
static const struct grant classification_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_OWNED(ROLE_INFO_OWNER, A_WRITE, "owner_id"),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* The system owner raises their system and keeps its action plan. */
static const struct grant system_plan_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_ALL(ROLE_IT_CHIEF),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_WRITE, "owner_id"),
	GRANT_SCOPED_WRITE(ROLE_MANAGER),
	READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

/* ---- cross-field rules ----------------------------------------------- */

static void levels_of(const struct jval *rec, struct levels *lv)
{
	for (int a = 0; a < ASPECT_COUNT; a++) {
		const struct jval *v = jv_get(rec, aspect_field((enum aspect)a));
		lv->v[a] = v && v->type == J_INT ? (int)v->i : LEVEL_UNSET;
	}
}

static void classifications_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				     const struct jval *rec, const struct jval *old,
				     struct verrors *errs, int lang)
{
	(void)old; /* a decided one no longer changes: entity.h struct decision */
	const char *status = jv_get_str(rec, "status");
	if (!status || strcmp(status, "decided") != 0)
		return;
	struct levels lv;
	levels_of(rec, &lv);
	static const char *const reason_fields[ASPECT_COUNT] = {
		"confidentiality_reason", "integrity_reason", "availability_reason", "traceability_reason"
	};
	const char *reasons[ASPECT_COUNT];
	for (int k = 0; k < ASPECT_COUNT; k++)
		reasons[k] = jv_get_str(rec, reason_fields[k]);
	int missing[ASPECT_COUNT];
	if (classification_check_reasons(&lv, reasons, missing))
		for (int k = 0; k < ASPECT_COUNT; k++)
			if (missing[k])
				verr_add(errs, reason_fields[k],
					 tr(lang, "Give the reason for this level before the classification is decided."));
	if (!jv_get_str(rec, "decided_on"))
		verr_add(errs, "decided_on", tr(lang, "Give the date of the decision."));
	if (!jv_get_int(rec, "decided_by_id", 0))
		verr_add(errs, "decided_by_id", tr(lang, "Name who decided the classification."));
	/* The information owner decides, or a role that may change the
	 * asset's classifications. */
	record_check_decider(st, a, org_id, e, rec, "decided_by_id",
			     N_("%s may not decide this classification. Name the information owner, or someone whose role lets them change the asset's classifications."),
			     errs, lang);
}

/* A system decision counts from when it is made (it has no draft): it
 * stays as the system's history; the latest one counts. */
static void system_classifications_validate_delete(const struct entity *e, struct store *st, struct arena *a,
						   long long org_id, const struct jval *old, struct verrors *errs,
						   int lang)
{
	(void)st, (void)a, (void)org_id;
	/* Once it names who decided, the decision says so itself. */
	if (!record_decided(e, old))
		verr_add(errs, NULL, tr(lang, "A classification decision stays as the system's history. Make a new decision instead: the latest one counts."));
}

/* A decision may raise a system above its information, never lower it. */
static void system_classifications_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
					    const struct jval *rec, const struct jval *old,
					    struct verrors *errs, int lang)
{
	/* The system owner decides, or a role that may decide on the
	 * system's classification; checked when the name is given. */
	if (!old || !jv_equal(jv_get(old, "decided_by_id"), jv_get(rec, "decided_by_id")))
		record_check_decider(st, a, org_id, e, rec, "decided_by_id",
				     N_("%s may not make this decision. Name the system owner, or someone whose role lets them decide on the system's classification."),
				     errs, lang);
	struct levels dec;
	levels_of(rec, &dec);
	int any = 0;
	for (int k = 0; k < ASPECT_COUNT; k++)
		any |= dec.v[k] != LEVEL_UNSET;
	if (!any) {
		verr_add(errs, NULL, tr(lang, "Give a level for at least one aspect."));
		return;
	}
	long long system = jv_get_int(rec, "system_id", 0);
	if (!system)
		return;
	struct system_class sc;
	if (classify_system(st, a, org_id, system, &sc) == STORE_OK) {
		int bad[ASPECT_COUNT];
		if (classification_check_raise(&sc.d.derived, &dec, bad))
			for (int k = 0; k < ASPECT_COUNT; k++) {
				if (!bad[k])
					continue;
				const char *asset = classify_asset_name(&sc, sc.d.driver[k]);
				verr_add(errs, aspect_field((enum aspect)k),
					 arena_printf(a, tr(lang, "The information calls for level %d (%s); a system cannot be classified below its information."),
						      sc.d.derived.v[k], asset ? asset : "?"));
			}
	}
}

/* Not applicable needs a reason; one item per system and requirement. */
/* Systems: going from procurement (planned) into use without a decided
 * classification is a warning the user must confirm, not a block (the
 * gap procurement_not_classified/system_not_classified stays). */
void classify_systems_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e;
	const char *was = old ? jv_get_str(old, "lifecycle") : NULL;
	const char *now = jv_get_str(rec, "lifecycle");
	if (!was || !now || strcmp(was, "planned") != 0 || strcmp(now, "in_use") != 0)
		return;
	struct system_class sc;
	if (classify_system(st, a, org_id, jv_get_int(rec, "id", 0), &sc) == STORE_OK && !sc.d.classified)
		verr_confirm(errs, "lifecycle",
			     tr(lang, "The system has no decided classification. Classify the information it processes before it goes into use, or confirm that it goes into use without one."));
}

static void plan_items_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				const struct jval *rec, const struct jval *old,
				struct verrors *errs, int lang)
{
	const char *assessment = jv_get_str(rec, "assessment");
	const char *reason = jv_get_str(rec, "reason");
	if (assessment && strcmp(assessment, "not_applicable") == 0 && (!reason || !*reason))
		verr_add(errs, "reason", tr(lang, "Give the reason the requirement does not apply to the system."));
	long long system = jv_get_int(rec, "system_id", 0);
	long long req = jv_get_int(rec, "requirement_id", 0);
	if (!system || !req)
		return;
	struct jval *qrow;
	if ((!old || jv_get_int(old, "requirement_id", 0) != req) &&
	    store_get(st, a, &entity_requirements, org_id, req, &qrow) == STORE_OK && jv_get_str(qrow, "scope") &&
	    strcmp(jv_get_str(qrow, "scope"), "organisation") == 0) {
		verr_add(errs, "requirement_id", tr(lang, "The requirement applies to the organisation as a whole: assess it once, under Requirements on the organisation."));
		return;
	}
	struct list_query q = { .page = 1, .limit = 2, .nfilters = 2 };
	q.filters[0].f = entity_field(e, "system_id");
	q.filters[0].value = arena_printf(a, "%lld", system);
	q.filters[1].f = entity_field(e, "requirement_id");
	q.filters[1].value = arena_printf(a, "%lld", req);
	struct jval *rows;
	long long total;
	long long id = jv_get_int(rec, "id", 0);
	if (store_list(st, a, e, org_id, &q, &rows, &total) == STORE_OK)
		for (struct jval *r = rows->first; r; r = r->next)
			if (jv_get_int(r, "id", 0) != id) {
				verr_add(errs, "requirement_id", tr(lang, "The system's action plan already has this requirement."));
				break;
			}
}

static void levels_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			    const struct jval *rec, const struct jval *old,
			    struct verrors *errs, int lang)
{
	(void)a;
	(void)e, (void)st, (void)org_id;
	if (old && jv_get_int(old, "level", -1) != jv_get_int(rec, "level", -1))
		verr_add(errs, "level", tr(lang, "The level number cannot be changed, only its name and description."));
}

/* A requirement on the organisation applies once: its trigger, unused, is
 * any aspect from 0 unless given. */
static void requirements_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				 struct jval *rec, const struct jval *old)
{
	(void)e, (void)st, (void)org_id, (void)old;
	const char *scope = jv_get_str(rec, "scope");
	if (!scope || strcmp(scope, "organisation") != 0)
		return;
	if (!jv_get_str(rec, "aspect"))
		jv_set_str(a, rec, "aspect", "any");
	const struct jval *lv = jv_get(rec, "min_level");
	if (!lv || lv->type != J_INT)
		jv_set_int(a, rec, "min_level", 0);
}

static void requirements_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				  const struct jval *rec, const struct jval *old,
				  struct verrors *errs, int lang)
{
	(void)a;
	(void)e, (void)st, (void)org_id, (void)old;
	const char *scope = jv_get_str(rec, "scope");
	/* A system's requirement needs its trigger (the organisation's is
	 * filled in: requirements_prepare). */
	if (!jv_get_str(rec, "aspect"))
		verr_add(errs, "aspect", tr(lang, "Choose the aspect whose level makes the requirement apply."));
	const struct jval *lv = jv_get(rec, "min_level");
	if (!lv || lv->type != J_INT)
		verr_add(errs, "min_level", tr(lang, "Give the level from which the requirement applies (0: always)."));
	const char *role = jv_get_str(rec, "assessor_role");
	if (role && *role && (!scope || strcmp(scope, "organisation") != 0))
		verr_add(errs, "assessor_role", tr(lang, "Only a requirement on the organisation names a role that assesses it; a system's owner assesses the others."));
	const char *code = jv_get_str(rec, "code");
	if (code) {
		for (const char *p = code; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) {
				verr_add(errs, "code", tr(lang, "Use letters A-Z, digits, '-', '_' and '.' only."));
				break;
			}
	}
}

/* ---- the entities ----------------------------------------------------- */

static const struct field level_fields[] = {
	{ "level", F_INT, N_("Level"), .required = 1, .min = LEVEL_MIN, .max = LEVEL_MAX, .list = 1, .sort = 1, .unique = 1 },
	{ "name", F_TEXT, N_("Name"), .required = 1, .max = 100, .search = 1, .list = 1, .shipped = 1 },
	{ "description", F_LONGTEXT, N_("Description"), N_("What harm at this level means for the organisation, with examples."), .max = 4000, .search = 1, .list = 1, .shipped = 1 },
	{ 0 }
};

#define LEVEL_FIELD(name, label, help, sect) \
	{ name, F_INT, label, help, .required = 1, .min = LEVEL_MIN, .max = LEVEL_MAX, .list = 1, .filter = 1, .sort = 1, \
	  .scale = SCALE_CLASSIFICATION, .section = sect }
#define REASON_FIELD(name, label) \
	{ name, F_LONGTEXT, label, N_("Why this level: what harm a loss would cause, and to whom."), .max = 4000, .search = 1 }

static const struct field classification_fields[] = {
	{ "asset_id", F_REF, N_("Information asset"), .required = 1, .ref = &entity_information_assets, .list = 1, .filter = 1, .sort = 1 },
	{ "classified_on", F_DATE, N_("Date of classification"), .required = 1, .list = 1, .sort = 1, .def = "today" },
	LEVEL_FIELD("confidentiality", N_("Confidentiality (K)"), N_("Harm if the information reaches someone who should not have it."), N_("Levels and reasons")),
	REASON_FIELD("confidentiality_reason", N_("Reason for confidentiality")),
	LEVEL_FIELD("integrity", N_("Integrity (R)"), N_("Harm if the information is wrong, incomplete or changed without authority."), NULL),
	REASON_FIELD("integrity_reason", N_("Reason for integrity")),
	LEVEL_FIELD("availability", N_("Availability (T)"), N_("Harm if the information cannot be reached when it is needed."), NULL),
	REASON_FIELD("availability_reason", N_("Reason for availability")),
	LEVEL_FIELD("traceability", N_("Traceability (S)"), N_("Harm if it cannot be shown afterwards who did what with the information."), NULL),
	REASON_FIELD("traceability_reason", N_("Reason for traceability")),
	{ "participants", F_LONGTEXT, N_("Who took part"), N_("The people who took part in the classification, one per line."), .max = 4000, .search = 1, .section = N_("Decision") },
	{ "status", F_ENUM, N_("Status"), N_("A draft becomes the information's classification when the information owner decides it."), .required = 1, .options = class_status, .list = 1, .filter = 1, .sort = 1, .def = "draft" },
	{ "decided_by_id", F_REF, N_("Decided by"), N_("The information owner, or someone whose role lets them change the asset's classifications."), .ref = &entity_people, .list = 1, .filter = 1, .reverse = N_("Classifications they decided") },
	{ "decided_on", F_DATE, N_("Date of decision"), .list = 1, .sort = 1 },
	{ 0 }
};

#define RAISE_FIELD(name, label) \
	{ name, F_INT, label, N_("Leave empty to keep the level derived from the information."), .min = LEVEL_MIN, .max = LEVEL_MAX, .list = 1, \
	  .scale = SCALE_CLASSIFICATION }

static const struct field system_classification_fields[] = {
	{ "system_id", F_REF, N_("System"), .required = 1, .ref = &entity_systems, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Classification decisions") },
	RAISE_FIELD("confidentiality", N_("Confidentiality (K)")),
	RAISE_FIELD("integrity", N_("Integrity (R)")),
	RAISE_FIELD("availability", N_("Availability (T)")),
	RAISE_FIELD("traceability", N_("Traceability (S)")),
	{ "reason", F_LONGTEXT, N_("Reason"), N_("Why the system needs more protection than its information calls for, e.g. many systems depend on it."), .required = 1, .max = 4000, .search = 1, .list = 1 },
	{ "decided_by_id", F_REF, N_("Decided by"), N_("The system owner, or someone whose role lets them decide on the system's classification."), .ref = &entity_people, .list = 1, .filter = 1, .reverse = N_("System classifications they decided") },
	{ "decided_on", F_DATE, N_("Date of decision"), .required = 1, .list = 1, .sort = 1, .def = "today" },
	{ 0 }
};

static const struct field requirement_fields[] = {
	{ "code", F_TEXT, N_("Code"), N_("A short, unique code such as ACC-01."), .required = 1, .max = 20, .search = 1, .list = 1, .sort = 1, .unique = 1 },
	{ "area", F_ENUM, N_("Area"), .required = 1, .options = area_options, .list = 1, .filter = 1, .sort = 1 },
	{ "scope", F_ENUM, N_("Applies to"), N_("Each system: in the action plan of every system whose classification reaches the trigger. The organisation: assessed once for the whole organisation, with evidence; the trigger is not used. A changed scope keeps earlier assessments as history."), .required = 1, .options = requirement_scope_options, .list = 1, .filter = 1, .sort = 1, .def = "system" },
	{ "assessor_role", F_ENUM, N_("Assessed by"), N_("For a requirement on the organisation: the role that assesses it beside the coordinator. The responsible person named on the assessment must hold it."), .options = entity_role_options },
	{ "aspect", F_ENUM, N_("Aspect"), N_("The aspect whose level makes the requirement apply; Any aspect: whichever reaches the level. Not used for a requirement on the organisation."), .options = requirement_aspect_options, .list = 1, .filter = 1, .sort = 1 },
	{ "min_level", F_INT, N_("From level"), N_("The requirement applies when the system's level on the aspect is at least this. 0: it always applies, whatever the classification (a statutory duty). Not used for a requirement on the organisation."), .min = 0, .max = REQUIREMENT_LEVEL_MAX, .list = 1, .filter = 1, .sort = 1, .scale = SCALE_CLASSIFICATION },
	{ "title_sv", F_TEXT, N_("Title (Swedish)"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "title_en", F_TEXT, N_("Title (English)"), .max = 300, .search = 1 },
	{ "current_sv", F_LONGTEXT, N_("Current state wording (Swedish)"), N_("What is in place when the requirement is met (KLASSA's ÄR type)."), .max = 4000, .search = 1 },
	{ "current_en", F_LONGTEXT, N_("Current state wording (English)"), .max = 4000, .search = 1 },
	{ "procurement_sv", F_LONGTEXT, N_("Procurement wording (Swedish)"), N_("The requirement as it is put to a supplier in a tender (KLASSA's SKA type)."), .max = 4000, .search = 1 },
	{ "procurement_en", F_LONGTEXT, N_("Procurement wording (English)"), .max = 4000, .search = 1 },
	{ "control_ids", F_REFS, N_("Controls it implements"), N_("ISO/IEC 27001 Annex A controls and clauses, CIS Controls and NIS2 points."), .ref = &entity_soa_entries, .link_table = "requirement_controls", .reverse = N_("Requirements that implement the control") },
	{ "status", F_ENUM, N_("Status"), N_("A retired requirement no longer applies to any system; its history stays."), .required = 1, .options = requirement_status, .list = 1, .filter = 1, .sort = 1, .def = "active" },
	{ "origin", F_ENUM, N_("Origin"), .options = origin_options, .list = 1, .filter = 1, .readonly = 1, .def = "local" },
	{ "shipped", F_LONGTEXT, "shipped", .hidden = 1 },
	{ 0 }
};

static const struct field soa_fields[] = {
	{ "framework", F_ENUM, N_("Framework"), .required = 1, .options = framework_options, .list = 1, .filter = 1, .readonly = 1 },
	{ "code", F_TEXT, N_("Control"), .required = 1, .max = 20, .search = 1, .list = 1, .readonly = 1 },
	{ "position", F_INT, N_("Order"), .min = 0, .max = 100000, .sort = 1, .hidden = 1 },
	{ "theme", F_ENUM, N_("Theme"), .options = theme_options, .filter = 1, .readonly = 1 },
	{ "title_sv", F_TEXT, N_("Title (Swedish)"), .required = 1, .max = 300, .search = 1, .list = 1, .readonly = 1 },
	{ "title_en", F_TEXT, N_("Title (English)"), .max = 300, .search = 1, .readonly = 1 },
	{ "applicable", F_BOOL, N_("Applicable"), .list = 1, .filter = 1, .def = "1" },
	{ "justification", F_LONGTEXT, N_("Justification"), N_("Why the control is included or excluded. Required when it is not applicable."), .max = 4000, .search = 1 },
	{ "implementation", F_ENUM, N_("Implementation"), .required = 1, .options = implementation_options, .list = 1, .filter = 1, .sort = 1, .def = "not_started" },
	{ "evidence_links", F_LONGTEXT, N_("Evidence links"), N_("Addresses of documents that show the control in place, one per line."), .max = 4000 },
	{ "catalogue_note_sv", F_LONGTEXT, N_("Why the catalogue has no requirement"), .max = 4000, .readonly = 1 },
	{ "catalogue_note_en", F_LONGTEXT, N_("Why the catalogue has no requirement (English)"), .max = 4000, .readonly = 1, .hidden = 1 },
	{ 0 }
};

static const struct field plan_item_fields[] = {
	{ "system_id", F_REF, N_("System"), .required = 1, .ref = &entity_systems, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Action plan") },
	{ "requirement_id", F_REF, N_("Requirement"), .required = 1, .ref = &entity_requirements, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Action plan items for the requirement") },
	{ "assessment", F_ENUM, N_("Assessment"), .required = 1, .options = classify_assessment_options, .list = 1, .filter = 1, .sort = 1, .def = "not_fulfilled" },
	{ "reason", F_LONGTEXT, N_("Reason"), N_("Required when the requirement is not applicable to the system."), .max = 4000, .search = 1 },
	{ "responsible_id", F_REF, N_("Responsible"), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Action plan items they are responsible for") },
	{ "due_date", F_DATE, N_("Due date"), .list = 1, .sort = 1 },
	{ "comment", F_LONGTEXT, N_("Comment"), .max = 4000, .search = 1 },
	{ 0 }
};

const struct entity entity_classification_levels = {
	.name = "classification-levels", .table = "classification_levels",
	.label = N_("Classification level"), .plural = N_("Classification levels"),
	.the = N_("the classification level"), .new_title = N_("New classification level"),
	.empty = N_("No classification levels yet. Add the levels the organisation uses, from the lowest to the highest, with a name and a description for each."),
	.title_field = "name", .fields = level_fields, .grants = level_grants,
	.validate = levels_validate, .default_sort = "level",
	.no_create = 1, .no_delete = 1, .no_import = 1,
	.menu = MENU_CLASSIFICATION,
};

/* A draft is decided by the information owner; a decided classification
 * is the asset's history, followed by a new one. */
static const struct decision classification_decision = {
	.status = "status", .by = "decided_by_id", .on = "decided_on", .verb = N_("Decide"),
	.kept = N_("A decided classification stays as it was decided. Make a new classification instead."),
};

/* A system decision counts from when it is made, and no longer changes
 * once it names who decided (the decide action names the user). */
static const struct decision system_decision = {
	.by = "decided_by_id", .on = "decided_on", .verb = N_("Decide"),
	.kept = N_("A classification decision stays as the system's history. Make a new decision instead: the latest one counts."),
};

const struct entity entity_classifications = {
	.name = "classifications", .table = "classifications",
	.label = N_("Classification"), .plural = N_("Classifications"),
	.the = N_("the classification"), .new_title = N_("New classification"),
	.empty = N_("No classifications yet. Open an information asset and choose \"Classify\" to classify it."),
	.title_field = "classified_on", .fields = classification_fields,
	.grants = classification_grants, .validate = classifications_validate,
	.scope_via = "asset_id",
	.menu = MENU_CLASSIFICATION,
	/* Named by the information and the date, not the date alone. */
	.title_prefix = "asset_id",
	.decision = &classification_decision,
};

const struct entity entity_system_classifications = {
	.name = "system-classifications", .table = "system_classifications",
	.label = N_("System classification decision"), .plural = N_("System classification decisions"),
	.the = N_("the system classification decision"), .new_title = N_("New system classification decision"),
	.empty = N_("No system classification decisions yet. Classify the information a system processes first; then open the system to decide its classification."),
	.title_field = "decided_on", .fields = system_classification_fields,
	.grants = system_plan_grants, .validate = system_classifications_validate,
	.validate_delete = system_classifications_validate_delete,
	.scope_via = "system_id",
	.menu = MENU_CLASSIFICATION,
	.title_prefix = "system_id",
	.decision = &system_decision,
};

const struct entity entity_requirements = {
	.name = "requirements", .table = "requirements",
	.label = N_("Requirement"), .plural = N_("Requirements"),
	.the = N_("the requirement"), .new_title = N_("New requirement"),
	.empty = N_("No requirements yet. The requirement catalogue is loaded when the database is made; ask the administrator if it is missing."),
	.title_field = "code", .fields = requirement_fields, .grants = catalogue_grants,
	.validate = requirements_validate, .prepare = requirements_prepare, .no_delete = 1,
	.menu = MENU_CLASSIFICATION,
	.choice_detail = "title_sv", .choice_detail_en = "title_en",
};

const struct entity entity_soa_entries = {
	.name = "soa-entries", .table = "soa_entries",
	.label = N_("Control"), .plural = N_("Statement of Applicability"),
	.the = N_("the control"), .new_title = N_("New control"),
	.empty = N_("No controls yet. The catalogues of controls are loaded when the database is made; ask the administrator if they are missing."),
	.title_field = "code", .fields = soa_fields, .grants = catalogue_grants,
	.default_sort = "position", .no_create = 1, .no_delete = 1, .no_import = 1,
	.panels = PANEL_SOA,
	.choice_group = "framework", .choice_detail = "title_sv", .choice_detail_en = "title_en",
};

const struct entity entity_plan_items = {
	.name = "action-plan-items", .table = "plan_items",
	.label = N_("Action plan item"), .plural = N_("Action plan items"),
	.the = N_("the action plan item"), .new_title = N_("New action plan item"),
	.empty = N_("No action plan items yet. Open a system with a decided classification and assess its requirements in the action plan."),
	.title_field = "requirement_id", .fields = plan_item_fields,
	.grants = system_plan_grants, .validate = plan_items_validate,
	.scope_via = "system_id", .default_sort = "system_id",
	.title_prefix = "system_id",
};

/* ---- a system's classification ---------------------------------------- */

int classify_system(struct store *st, struct arena *a, long long org, long long system,
		    struct system_class *out)
{
	memset(out, 0, sizeof *out);
	int rc = store_system_asset_levels(st, a, org, system, &out->assets, &out->names, &out->nassets);
	if (rc == STORE_OK)
		rc = store_system_decision(st, org, system, &out->decision, &out->decision_id);
	if (rc != STORE_OK)
		return rc;
	classification_derive(out->assets, out->nassets, out->decision_id ? &out->decision : NULL, &out->d);
	return STORE_OK;
}

const char *classify_asset_name(const struct system_class *sc, long long id)
{
	for (size_t i = 0; i < sc->nassets; i++)
		if (sc->assets[i].asset_id == id)
			return sc->names[i];
	return NULL;
}
