/*
 * org_requirements.c (model): the assessments of the requirements that
 * apply to the organisation as a whole (requirements.scope =
 * 'organisation': a policy adopted by the council, screening before
 * employment, contact with authorities). One assessment per requirement,
 * made by the coordinator or by the responsible person holding the role
 * the requirement names; it names a due date and its evidence: a
 * governing document, an exercise, a training session, a meeting
 * decision, a link, or files kept on it (web/ui_files.c). The Statement of
 * Applicability counts a fulfilled one toward its controls (store:
 * requirement_coverage, docs/catalogue.md).
 */
#include <string.h>

#include "model/org_requirements.h"
#include "model/classify.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/url.h"

/* The coordinator assesses every one; whoever is named responsible and
 * holds a role of their own assesses theirs (validate checks the role the
 * requirement names). */
static const struct grant assessment_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	GRANT_OWNED(ROLE_SECURITY_CHIEF, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_IT_CHIEF, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_DPO, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_MANAGER, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_INFO_OWNER, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_SYSTEM_OWNER, A_READ | A_UPDATE, "responsible_id"),
	GRANT_OWNED(ROLE_SYSTEM_ADMIN, A_READ | A_UPDATE, "responsible_id"),
	GRANT_READERS, GRANT_READ(ROLE_ELECTED),
	GRANTS_END
};

const char *const org_evidence_refs[ORG_EVIDENCE_REFS] = { "document_id", "exercise_id", "session_id", "decision_id" };

int org_assessment_names_evidence(const struct jval *rec)
{
	for (size_t i = 0; i < ORG_EVIDENCE_REFS; i++)
		if (jv_get_int(rec, org_evidence_refs[i], 0))
			return 1;
	const char *link = jv_get_str(rec, "link");
	return link && *link;
}

/* 1 when person holds role (any scope) or is the coordinator. */
static int holds_role(struct store *st, struct arena *a, long long org, long long person, const char *role)
{
	struct assignment *as;
	size_t n;
	if (store_assignments(st, a, org, person, &as, &n) != STORE_OK)
		return 1; /* an unreadable store fails the write elsewhere */
	enum role want = access_role_from_code(role);
	for (size_t i = 0; i < n; i++)
		if (as[i].role == want || as[i].role == ROLE_COORDINATOR || as[i].role == ROLE_ADMIN)
			return 1;
	return 0;
}

static void assessments_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				 const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	long long req_id = jv_get_int(rec, "requirement_id", 0);
	struct jval *req = NULL;
	/* An assessment stays with its requirement: moving it would carry its
	 * state (and the right of whoever is responsible) to another. */
	if (old && req_id && jv_get_int(old, "requirement_id", 0) != req_id) {
		verr_add(errs, "requirement_id", tr(lang, "An assessment stays with its requirement. Assess the other requirement on its own."));
		return;
	}
	/* A new one: of an active requirement on the organisation. One whose
	 * requirement has since been retired or moved to the systems stays as
	 * history, and may still be corrected. */
	if (req_id && store_get(st, a, &entity_requirements, org_id, req_id, &req) == STORE_OK && !old) {
		const char *scope = jv_get_str(req, "scope");
		if (!scope || strcmp(scope, "organisation") != 0)
			verr_add(errs, "requirement_id",
				 tr(lang, "The requirement applies to each system: assess it in the system's action plan."));
		else if (strcmp(jv_get_str(req, "status") ? jv_get_str(req, "status") : "", "active") != 0)
			verr_add(errs, "requirement_id", tr(lang, "The requirement is retired; it is no longer assessed."));
	}
	/* One assessment per requirement. */
	if (req_id && (!old || jv_get_int(old, "requirement_id", 0) != req_id)) {
		struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
		q.filters[0].f = entity_field(e, "requirement_id");
		q.filters[0].value = arena_printf(a, "%lld", req_id);
		struct jval *rows;
		long long total;
		if (store_list(st, a, e, org_id, &q, &rows, &total) == STORE_OK && total > 0)
			verr_add(errs, "requirement_id", tr(lang, "The requirement is already assessed for the organisation: change that assessment instead."));
	}
	const char *assessment = jv_get_str(rec, "assessment");
	const char *reason = jv_get_str(rec, "reason");
	if (assessment && strcmp(assessment, "not_applicable") == 0 && (!reason || !*reason))
		verr_add(errs, "reason", tr(lang, "Give the reason the requirement does not apply to the organisation."));
	const char *link = jv_get_str(rec, "link");
	if (link && *link && (url_check(link, strlen(link)) != 0 || (strncmp(link, "https://", 8) != 0 && strncmp(link, "http://", 7) != 0)))
		verr_add(errs, "link", tr(lang, "Give a whole address beginning with https:// or http://."));
	/* Fulfilled says what shows it: one piece of evidence at least. */
	if (assessment && strcmp(assessment, "fulfilled") == 0) {
		int have = org_assessment_names_evidence(rec);
		if (!have && old) {
			struct jval *files;
			have = store_files_list(st, a, org_id, EV_ORG_ASSESSMENT, jv_get_int(rec, "id", jv_get_int(old, "id", 0)), &files) == STORE_OK &&
			       files->first;
		}
		if (!have)
			verr_add(errs, "assessment",
				 tr(lang, "Name the evidence that shows the requirement fulfilled: a governing document, an exercise, a training session, a meeting decision or a link, or keep a file on the assessment first."));
	}
	/* The role the requirement names assesses it beside the coordinator. */
	long long person = jv_get_int(rec, "responsible_id", 0);
	const char *role = req ? jv_get_str(req, "assessor_role") : NULL;
	if (person && role && *role && !verr_get(errs, "responsible_id") && !holds_role(st, a, org_id, person, role)) {
		const char *name = store_title(st, a, &entity_people, org_id, person);
		const struct field *rf = entity_field(&entity_requirements, "assessor_role");
		const char *label = field_option_label(rf, role);
		verr_add(errs, "responsible_id",
			 arena_printf(a, tr(lang, "%s does not hold the role the requirement names (%s). Name someone who does, or the coordinator."),
				      name ? name : "?", label ? tr(lang, label) : role));
	}
}

static const struct field assessment_fields[] = {
	{ "requirement_id", F_REF, N_("Requirement"), N_("A requirement that applies to the organisation as a whole."), .required = 1, .ref = &entity_requirements, .ref_where = { "scope", "organisation" }, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Assessment for the organisation") },
	{ "assessment", F_ENUM, N_("Assessment"), N_("Fulfilled needs evidence: a document, an exercise, a training session, a decision or a link below, or a file kept on the assessment's page once it is saved."), .required = 1, .options = classify_assessment_options, .list = 1, .filter = 1, .sort = 1, .def = "not_fulfilled" },
	{ "reason", F_LONGTEXT, N_("Reason"), N_("Required when the requirement does not apply to the organisation."), .max = 4000, .search = 1 },
	{ "responsible_id", F_REF, N_("Responsible"), N_("Sees the requirement through and may assess it when they hold the role the requirement names."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Organisation requirements they are responsible for") },
	{ "due_date", F_DATE, N_("Due date"), .list = 1, .sort = 1 },
	{ "document_id", F_REF, N_("Governing document"), N_("The policy, guideline or routine that meets the requirement."), .ref = &entity_governing_documents, .filter = 1, .reverse = N_("Organisation requirements it shows fulfilled"), .section = N_("Evidence") },
	{ "exercise_id", F_REF, N_("Exercise"), .ref = &entity_exercises, .filter = 1, .reverse = N_("Organisation requirements it shows fulfilled") },
	{ "session_id", F_REF, N_("Training session"), .ref = &entity_training_sessions, .filter = 1, .reverse = N_("Organisation requirements it shows fulfilled") },
	{ "decision_id", F_REF, N_("Meeting decision"), .ref = &entity_meeting_decisions, .filter = 1, .reverse = N_("Organisation requirements it shows fulfilled") },
	{ "link", F_TEXT, N_("Link"), N_("An address where the evidence is kept, e.g. the intranet page of a routine."), .max = 2000 },
	{ "comment", F_LONGTEXT, N_("Comment"), .max = 4000, .search = 1 },
	{ 0 }
};

const struct entity entity_org_assessments = {
	.name = "organisation-assessments", .table = "org_assessments",
	.label = N_("Organisation assessment"), .plural = N_("Requirements on the organisation"),
	.the = N_("the organisation assessment"), .new_title = N_("New organisation assessment"),
	.empty = N_("No requirement on the organisation has been assessed yet. Open Requirements on the organisation and choose Assess."),
	.title_field = "requirement_id", .fields = assessment_fields, .grants = assessment_grants,
	.validate = assessments_validate, .default_sort = "requirement_id",
	.panels = PANEL_ORG_ASSESSMENT,
	.menu = MENU_NONE,
};
