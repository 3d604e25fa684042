/*
 * documents.c (model): governing documents and acknowledgement (issue 14,
 * items 1-2). A document (styrdokument: policy, riktlinje, rutin, ...) is
 * adopted by a body with a decision (date, diarienummer), applies to units
 * and municipal companies, is reviewed every review_interval_months
 * (next_review computed from the decision or the last review unless set by
 * hand), implements Annex A controls and describes roles. Its versions
 * carry the file; a company it applies to adopts it in its own board
 * (document-adoptions); the organisation says which documents it requires
 * (required-documents). The gaps are in core/gaps.c, their evaluation in
 * store/sqlite_derived_documents.c, the acknowledgement in
 * store/sqlite_documents.c and web/ui_documents.c. See docs/governance.md.
 */
#include <string.h>

#include "core/document.h"
#include "model/documents.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/documents.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- options ---------------------------------------------------------- */

static const struct option document_kinds[] = {
	{ "policy", N_("Policy") },
	{ "guideline", N_("Guideline (riktlinje)") },
	{ "routine", N_("Routine (rutin)") },
	{ "instruction", N_("Instruction") },
	{ "plan", N_("Plan") },
	{ "other", N_("Other") },
	{ 0 }
};

/* The body that adopts a document: one of the usual ones, named in
 * adopted_by_name when it needs a name (which nämnd, which company). */
static const struct option document_bodies[] = {
	{ "council", N_("Municipal council (kommunfullmäktige)") },
	{ "executive_board", N_("Municipal executive board (kommunstyrelsen)") },
	{ "committee", N_("A committee (nämnd)") },
	{ "company_board", N_("A company board (bolagsstyrelse)") },
	{ "director", N_("Chief executive or head of administration") },
	{ "other", N_("Other") },
	{ 0 }
};

static const struct option document_status[] = {
	{ "draft", N_("Draft") },
	{ "adopted", N_("Adopted (in force)") },
	{ "replaced", N_("Replaced") },
	{ "repealed", N_("Repealed") },
	{ 0 }
};

/* The roles a document describes (the registry's role codes). */
static const struct option document_roles[] = {
	{ "coordinator", N_("Information security coordinator") },
	{ "security_chief", N_("Security manager") },
	{ "it_chief", N_("IT manager") },
	{ "dpo", N_("Data protection officer") },
	{ "manager", N_("Chief executive / head of administration") },
	{ "information_owner", N_("Information owner") },
	{ "system_owner", N_("System owner") },
	{ "system_administrator", N_("System administrator") },
	{ "elected", N_("Elected official") },
	{ "employee", N_("Employee") },
	{ 0 }
};

/* ---- grants ----------------------------------------------------------- */

/* The coordinator and the administrator keep every document; a document's
 * owner edits it (whatever role they hold: owners are named among all who
 * work in the organisation); those who read the security work read them
 * all. Everyone else (employees, elected officials, system and information
 * owners) reads the documents once they are published — adopted, replaced
 * or repealed, never a draft: they are the documents staff are asked to
 * read and follow. */
#define DOC_OWNER(actions)                                                                         \
	GRANT_OWNED(ROLE_SECURITY_CHIEF, actions, "owner_id"), GRANT_OWNED(ROLE_IT_CHIEF, actions, "owner_id"), \
	GRANT_OWNED(ROLE_DPO, actions, "owner_id"), GRANT_OWNED(ROLE_MANAGER, actions, "owner_id"),  \
	GRANT_OWNED(ROLE_INFO_OWNER, actions, "owner_id"), GRANT_OWNED(ROLE_SYSTEM_OWNER, actions, "owner_id"), \
	GRANT_OWNED(ROLE_SYSTEM_ADMIN, actions, "owner_id"), GRANT_OWNED(ROLE_EMPLOYEE, actions, "owner_id"), \
	GRANT_OWNED(ROLE_ELECTED, actions, "owner_id")
#define DOC_PUBLISHED                                                                              \
	GRANT_FLAGGED(ROLE_EMPLOYEE, A_READ, "published"), GRANT_FLAGGED(ROLE_ELECTED, A_READ, "published"), \
	GRANT_FLAGGED(ROLE_INFO_OWNER, A_READ, "published"), GRANT_FLAGGED(ROLE_SYSTEM_OWNER, A_READ, "published"), \
	GRANT_FLAGGED(ROLE_SYSTEM_ADMIN, A_READ, "published")
#define DOC_READERS                                                                                \
	GRANT_READ(ROLE_SECURITY_CHIEF), GRANT_READ(ROLE_IT_CHIEF), GRANT_READ(ROLE_DPO),           \
	GRANT_READ(ROLE_MANAGER), GRANT_READ(ROLE_AUDITOR)

static const struct grant document_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	DOC_OWNER(A_READ | A_UPDATE),
	DOC_READERS, DOC_PUBLISHED,
	GRANTS_END
};

/* Versions and adoptions belong to their document (scope_via): its owner
 * adds and changes them. */
static const struct grant part_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	DOC_OWNER(A_ALL),
	DOC_READERS, DOC_PUBLISHED,
	GRANTS_END
};

static const struct grant required_grants[] = {
	GRANT_ALL(ROLE_ADMIN), GRANT_ALL(ROLE_COORDINATOR),
	DOC_READERS,
	GRANTS_END
};

/* ---- governing documents ---------------------------------------------------- */

static const struct field document_fields[] = {
	{ "title", F_TEXT, N_("Title"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1, .section = N_("The document") },
	{ "kind", F_ENUM, N_("Kind of document"), .required = 1, .options = document_kinds, .list = 1, .filter = 1, .sort = 1, .def = "policy" },
	{ "owner_id", F_REF, N_("Owner"), N_("Keeps the document up to date, has it reviewed and asks staff to read it."), .ref = &entity_people, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Governing documents they own") },
	{ "status", F_ENUM, N_("Status"), N_("An adopted document is in force. A document once adopted is not a draft again: a revision is a new version."), .required = 1, .options = document_status, .list = 1, .filter = 1, .sort = 1, .def = "draft" },
	{ "description", F_LONGTEXT, N_("Description"), N_("What the document governs, in a few sentences."), .max = 4000, .search = 1 },
	{ "adopted_by", F_ENUM, N_("Adopted by"), N_("The body that adopts the document."), .options = document_bodies, .filter = 1, .section = N_("Decision") },
	{ "adopted_by_name", F_TEXT, N_("Name of the body"), N_("When it needs a name: which committee, which company board, e.g. Socialnämnden."), .max = 200, .search = 1 },
	{ "decision_date", F_DATE, N_("Decision date"), N_("The day the body adopted it."), .list = 1, .sort = 1 },
	{ "case_number", F_TEXT, N_("Case number"), N_("The decision's diarienummer, e.g. KS 2025/123."), .max = 80, .search = 1, .list = 1 },
	{ "review_interval_months", F_INT, N_("Review interval (months)"), N_("How often the document is reviewed, at least once a month; usually 12 or 24."), .required = 1, .min = 1, .max = 120, .def = "24", .section = N_("Review") },
	{ "last_reviewed", F_DATE, N_("Last reviewed"), N_("The day it was last reviewed, when later than the decision."), .sort = 1 },
	{ "next_review_manual", F_BOOL, N_("Next review set by hand"), N_("Leave unticked to have Tillit compute the next review from the decision or the last review plus the interval."), .def = "0" },
	{ "next_review", F_DATE, N_("Next review"), N_("Computed unless set by hand."), .list = 1, .sort = 1 },
	{ "unit_ids", F_REFS, N_("Applies to"), N_("The units and municipal companies the document applies to. A company it applies to adopts it in its own board."), .ref = &entity_units, .link_table = "governing_document_units", .reverse = N_("Governing documents that apply to the unit"), .section = N_("Scope") },
	{ "control_ids", F_REFS, N_("Annex A controls it implements"), N_("The document is shown as evidence on these controls in the Statement of Applicability."), .ref = &entity_soa_entries, .link_table = "governing_document_controls", .reverse = N_("Governing documents that implement the control") },
	{ "roles", F_TEXT, N_("Roles it describes"), .max = 400, .set = 1, .options = document_roles },
	{ "published", F_BOOL, N_("Published"), .hidden = 1, .def = "0" },
	{ 0 }
};

static int published_status(const char *status)
{
	return status && strcmp(status, "draft") != 0;
}

static void documents_prepare(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			      struct jval *rec, const struct jval *old)
{
	(void)e, (void)st, (void)org_id, (void)old;
	jv_set_bool(a, rec, "published", published_status(jv_get_str(rec, "status")));
	if (jv_truthy(jv_get(rec, "next_review_manual")))
		return;
	char next[11];
	if (document_next_review(jv_get_str(rec, "decision_date"), jv_get_str(rec, "last_reviewed"),
				 (int)jv_get_int(rec, "review_interval_months", 0), next) == 0)
		jv_set_str(a, rec, "next_review", next);
	else
		jv_set(rec, "next_review", jv_null(a));
}

static void documents_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)st, (void)a, (void)org_id;
	const char *status = jv_get_str(rec, "status");
	if (old && published_status(jv_get_str(old, "status")) && !published_status(status))
		verr_add(errs, "status", tr(lang, "A document once adopted is not a draft again. Add a new version for a revision."));
	if (published_status(status) && !jv_get_str(rec, "decision_date"))
		verr_add(errs, "decision_date", tr(lang, "Give the date of the decision that adopted the document."));
	if (published_status(status) && !jv_get_str(rec, "adopted_by"))
		verr_add(errs, "adopted_by", tr(lang, "Choose the body that adopted the document."));
	if (jv_truthy(jv_get(rec, "next_review_manual")) && !jv_get_str(rec, "next_review"))
		verr_add(errs, "next_review", tr(lang, "Give the next review date, or let Tillit compute it."));
}

/* A document that leaves force (replaced, repealed) is no longer to be
 * read: the requests still pending are closed. */
static int documents_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			   const struct jval *old)
{
	(void)e;
	const char *was = old ? jv_get_str(old, "status") : NULL, *now_status = jv_get_str(rec, "status");
	if (!was || strcmp(was, "adopted") != 0 || (now_status && strcmp(now_status, "adopted") == 0))
		return REC_OK;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	return store_doc_close(c->st, c->who->org_id, id, now) == STORE_OK ? REC_OK : REC_ERROR;
}

const struct entity entity_governing_documents = {
	.name = "governing-documents", .table = "governing_documents",
	.label = N_("Governing document"), .plural = N_("Governing documents"),
	.the = N_("the governing document"), .new_title = N_("New governing document"),
	.empty = N_("No governing documents yet. Start with the information security policy and its guideline, then the routines the required documents name."),
	.title_field = "title", .fields = document_fields, .grants = document_grants,
	.validate = documents_validate, .prepare = documents_prepare, .after_write = documents_after,
	.menu = MENU_GOVERNANCE, .overview = 1, .panels = PANEL_DOCUMENT,
};

/* ---- versions -------------------------------------------------------------- */

static const struct field version_fields[] = {
	{ "document_id", F_REF, N_("Governing document"), .required = 1, .ref = &entity_governing_documents, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Versions") },
	{ "label", F_TEXT, N_("Version"), N_("E.g. 1.0 or 2026:1."), .required = 1, .max = 40, .search = 1, .list = 1, .sort = 1 },
	{ "version_date", F_DATE, N_("Date"), .required = 1, .list = 1, .sort = 1, .def = "today" },
	{ "change_summary", F_LONGTEXT, N_("What changed"), N_("What is new in this version, for those asked to read it."), .max = 4000, .search = 1 },
	{ "filename", F_TEXT, N_("File"), .max = 200, .readonly = 1, .list = 1 },
	{ "content_type", F_TEXT, N_("Type of file"), .max = 100, .readonly = 1 },
	{ "size", F_INT, N_("Size (bytes)"), .min = 0, .max = 1LL << 40, .readonly = 1 },
	{ "sha256", F_TEXT, N_("SHA-256"), .max = 64, .readonly = 1 },
	{ 0 }
};

static void versions_validate_delete(const struct entity *e, struct store *st, struct arena *a, long long org_id,
				     const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)a;
	long long n = 0;
	if (store_doc_version_asked(st, org_id, jv_get_int(old, "id", 0), &n) == STORE_OK && n > 0)
		verr_add(errs, NULL, tr(lang, "People have been asked to read this version: it is kept as a record of what they read."));
}

/* A new version that is the document's newest asks again everyone asked
 * to read the version before it (their pending requests for that one are
 * closed). */
static int versions_after(struct rctx *c, const struct entity *e, long long id, const struct jval *rec,
			  const struct jval *old)
{
	(void)e;
	if (old)
		return REC_OK;
	char today[11];
	clock_today(today);
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	struct audit_actor who = record_audit_actor(c);
	int rc = store_doc_reask(c->st, c->a, c->who->org_id, &who, jv_get_int(rec, "document_id", 0), id, today, now);
	return rc == STORE_OK ? REC_OK : REC_ERROR;
}

const struct entity entity_document_versions = {
	.name = "document-versions", .table = "document_versions",
	.label = N_("Document version"), .plural = N_("Document versions"),
	.the = N_("the document version"), .new_title = N_("New document version"),
	.empty = N_("No versions yet. Add the version that was adopted, with its file."),
	.title_field = "label", .title_prefix = "document_id", .fields = version_fields, .grants = part_grants,
	.scope_via = "document_id", .validate_delete = versions_validate_delete, .after_write = versions_after,
	.default_sort = "version_date", .default_desc = 1,
	.menu = MENU_NONE, .panels = PANEL_DOC_VERSION,
};

/* ---- company boards' adoptions ----------------------------------------------------- */

static const struct field adoption_fields[] = {
	{ "document_id", F_REF, N_("Governing document"), .required = 1, .ref = &entity_governing_documents, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Adopted by company boards") },
	{ "company_id", F_REF, N_("Company"), N_("The municipal company whose board adopted the document."), .required = 1, .ref = &entity_units, .list = 1, .filter = 1, .sort = 1, .reverse = N_("Governing documents adopted by the company's board") },
	{ "decision_date", F_DATE, N_("Decision date"), .required = 1, .list = 1, .sort = 1 },
	{ "case_number", F_TEXT, N_("Case number"), .max = 80, .search = 1, .list = 1 },
	{ 0 }
};

static void adoptions_validate(const struct entity *e, struct store *st, struct arena *a, long long org_id,
			       const struct jval *rec, const struct jval *old, struct verrors *errs, int lang)
{
	(void)e, (void)old;
	long long company = jv_get_int(rec, "company_id", 0);
	struct jval *unit;
	if (company && store_get(st, a, &entity_units, org_id, company, &unit) == STORE_OK) {
		const char *kind = jv_get_str(unit, "kind");
		if (!kind || strcmp(kind, "company") != 0)
			verr_add(errs, "company_id", tr(lang, "Choose a unit of the kind company: only a company's board adopts a document for itself."));
	}
}

const struct entity entity_document_adoptions = {
	.name = "document-adoptions", .table = "document_adoptions",
	.label = N_("Adoption by a company board"), .plural = N_("Adoptions by company boards"),
	.the = N_("the adoption"), .new_title = N_("New adoption by a company board"),
	.empty = N_("No adoptions by company boards yet. A document that applies to a municipal company is adopted by its board too."),
	.title_field = "case_number", .title_prefix = "company_id", .fields = adoption_fields, .grants = part_grants,
	.scope_via = "document_id", .validate = adoptions_validate,
	.default_sort = "decision_date", .default_desc = 1,
	.menu = MENU_NONE,
};

/* ---- required documents ---------------------------------------------------------- */

static const struct field required_fields[] = {
	{ "title", F_TEXT, N_("Title"), .required = 1, .max = 300, .search = 1, .list = 1, .sort = 1 },
	{ "kind", F_ENUM, N_("Kind of document"), .required = 1, .options = document_kinds, .list = 1, .filter = 1, .sort = 1, .def = "policy" },
	{ "expected_body", F_ENUM, N_("To be adopted by"), .options = document_bodies, .list = 1, .filter = 1 },
	{ "document_id", F_REF, N_("Fulfilled by"), N_("The governing document that fulfils the requirement. It counts once it is adopted."), .ref = &entity_governing_documents, .list = 1, .filter = 1, .reverse = N_("Required documents it fulfils") },
	{ "code", F_TEXT, N_("Code"), N_("Set for the documents Tillit requires by default."), .max = 40, .readonly = 1 },
	{ 0 }
};

const struct entity entity_required_documents = {
	.name = "required-documents", .table = "required_documents",
	.label = N_("Required document"), .plural = N_("Required documents"),
	.the = N_("the required document"), .new_title = N_("New required document"),
	.empty = N_("No required documents. Add the documents the organisation must have."),
	.title_field = "title", .fields = required_fields, .grants = required_grants,
	.menu = MENU_GOVERNANCE,
};

/* ---- defaults ----------------------------------------------------------------------- */

static const struct {
	const char *code, *title, *kind, *body;
} default_required[] = {
	{ "policy", "Informationssäkerhetspolicy", "policy", "council" },
	{ "guideline", "Riktlinje för informationssäkerhet", "guideline", "executive_board" },
	{ "classification", "Klassningsmodell", "guideline", "executive_board" },
	{ "risk_method", "Riskmetod", "guideline", "executive_board" },
	{ "incidents", "Incidentrutin", "routine", "director" },
	{ "continuity", "Kontinuitetsplanering", "routine", "director" },
	{ "access", "Behörighetsrutin", "routine", "director" },
	{ "training", "Utbildningsplan", "plan", "director" },
};

int documents_defaults_sync(struct rctx *c)
{
	for (size_t i = 0; i < sizeof default_required / sizeof *default_required; i++) {
		long long have = 0;
		if (store_required_document_code(c->st, c->who->org_id, default_required[i].code, &have) != STORE_OK)
			return REC_ERROR;
		if (have)
			continue;
		struct jval *in = jv_obj(c->a);
		jv_set_str(c->a, in, "title", default_required[i].title);
		jv_set_str(c->a, in, "kind", default_required[i].kind);
		jv_set_str(c->a, in, "expected_body", default_required[i].body);
		jv_set_str(c->a, in, "code", default_required[i].code);
		struct verrors errs = { 0 };
		long long id;
		int rc = record_create(c, &entity_required_documents, in, &id, &errs);
		if (rc != REC_OK)
			return rc;
	}
	return REC_OK;
}
