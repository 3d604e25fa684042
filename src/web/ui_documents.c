/*
 * ui_documents.c: the pages and API of governing documents beyond the
 * registry's own (model/documents.c): a document's panel (its current
 * version, acknowledgement coverage per unit and the form that asks people
 * to read it), a version's panel (its file: upload, checked as SoA
 * evidence is, download), the confirmation of having read a version (from
 * "Mina uppgifter" and the API) and the JSON of requests and coverage.
 * See docs/governance.md.
 */
#include <sodium.h>
#include <string.h>

#include "core/date.h"
#include "core/evidence.h"
#include "model/gaps.h"
#include "model/record.h"
#include "model/visible.h"
#include "store/derived.h"
#include "store/documents.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Pending requests shown in "Mina uppgifter". */
#define ACKS_SHOWN 20

static const struct option audiences[] = {
	{ "unit", N_("A unit and its subunits") },
	{ "role", N_("Everyone who holds a role") },
	{ "everyone", N_("Everyone in the organisation") },
	{ 0 }
};

static const struct option ask_roles[] = {
	{ "employee", N_("Employee") },
	{ "elected", N_("Elected official") },
	{ "manager", N_("Chief executive / head of administration") },
	{ "information_owner", N_("Information owner") },
	{ "system_owner", N_("System owner") },
	{ "system_administrator", N_("System administrator") },
	{ "it_chief", N_("IT manager") },
	{ "security_chief", N_("Security manager") },
	{ "dpo", N_("Data protection officer") },
	{ "coordinator", N_("Information security coordinator") },
	{ 0 }
};

static int known(const struct option *o, const char *v)
{
	for (; v && o->value; o++)
		if (strcmp(o->value, v) == 0)
			return 1;
	return 0;
}

static const char *share_text(struct request *r, long long part, long long whole)
{
	return whole ? arena_printf(r->a, "%lld %%", (part * 100 + whole / 2) / whole) : "–";
}

/* ---- the panels ------------------------------------------------------------------ */

/* Who read what is for those who keep the document and those who read
 * every document (the coordinator, the auditor, ...): staff who read a
 * published document do not see their colleagues' confirmations. */
static int may_see_coverage(struct request *r, const struct jval *doc)
{
	struct rctx c = page_rctx(r);
	struct access_subject who = { r->actor.person_id, r->actor.as, r->actor.nas };
	return r->actor.trusted || access_allows_every(entity_governing_documents.grants, &who, A_READ) ||
	       record_allows(&c, &entity_governing_documents, A_UPDATE, doc);
}

static struct jval *coverage_ctx(struct request *r, long long version, long long *asked, long long *confirmed)
{
	struct arena *a = r->a;
	struct doc_ack_coverage *cov;
	size_t n;
	struct jval *arr = jv_arr(a);
	*asked = *confirmed = 0;
	if (store_doc_ack_coverage(r->st, a, r->org_id, version, &cov, &n) != STORE_OK)
		return arr;
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set_str(a, o, "unit", cov[i].unit ? cov[i].unit : T(r, "No unit"));
		jv_set_int(a, o, "asked", cov[i].asked);
		jv_set_int(a, o, "confirmed", cov[i].confirmed);
		jv_set_str(a, o, "share", share_text(r, cov[i].confirmed, cov[i].asked));
		*asked += cov[i].asked;
		*confirmed += cov[i].confirmed;
	}
	return arr;
}

struct unit_options {
	struct arena *a;
	struct jval *arr;
	size_t n;
};

/* At most this many units are offered (beyond them, a unit higher up
 * reaches the same people). */
#define UNITS_OFFERED 5000

static int unit_option(void *ctx, const struct jval *u)
{
	struct unit_options *uo = ctx;
	if (uo->n++ >= UNITS_OFFERED)
		return 1;
	struct jval *x = jv_push(uo->arr, jv_obj(uo->a));
	jv_set_int(uo->a, x, "id", jv_get_int(u, "id", 0));
	jv_set_str(uo->a, x, "name", jv_get_str(u, "name"));
	return 0;
}

static void document_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "document_panel", jv_obj(a));
	struct jval *probe = jv_obj(a);
	jv_set_int(a, probe, "document_id", id);
	if (record_allows(&c, &entity_document_versions, A_CREATE, probe)) {
		jv_set_str(a, p, "new_version_href",
			   recview_with_return(r, arena_printf(a, "/document-versions/new?document_id=%lld", id)));
		jv_set_str(a, p, "new_adoption_href",
			   recview_with_return(r, arena_printf(a, "/document-adoptions/new?document_id=%lld", id)));
	}
	struct jval *v;
	if (store_doc_current_version(r->st, a, r->org_id, id, &v) != STORE_OK)
		return;
	long long vid = jv_get_int(v, "id", 0);
	jv_set(p, "current", v);
	jv_set_str(a, v, "href", recview_href(r, &entity_document_versions, vid));
	if (jv_get_str(v, "filename"))
		jv_set_str(a, v, "file_href", arena_printf(a, "/document-versions/%lld/file", vid));
	if (!may_see_coverage(r, row))
		return;
	jv_set_bool(a, p, "show_coverage", 1);
	long long asked, confirmed;
	jv_set(p, "coverage", coverage_ctx(r, vid, &asked, &confirmed));
	jv_set_int(a, p, "asked", asked);
	jv_set_int(a, p, "confirmed", confirmed);
	jv_set_str(a, p, "share", share_text(r, confirmed, asked));
	const char *status = jv_get_str(row, "status");
	if (!record_allows(&c, &entity_governing_documents, A_UPDATE, row) || !status || strcmp(status, "adopted") != 0)
		return;
	/* The form that asks people to read the current version. */
	struct jval *f = jv_set(p, "ask", jv_obj(a));
	jv_set_str(a, f, "action", arena_printf(a, "/governing-documents/%lld/ask", id));
	struct jval *aud = jv_set(f, "audiences", jv_arr(a));
	for (const struct option *o = audiences; o->value; o++) {
		struct jval *x = jv_push(aud, jv_obj(a));
		jv_set_str(a, x, "value", o->value);
		jv_set_str(a, x, "label", T(r, o->label));
		jv_set_bool(a, x, "checked", o == audiences);
	}
	struct jval *roles = jv_set(f, "roles", jv_arr(a));
	for (const struct option *o = ask_roles; o->value; o++) {
		struct jval *x = jv_push(roles, jv_obj(a));
		jv_set_str(a, x, "value", o->value);
		jv_set_str(a, x, "label", T(r, o->label));
	}
	/* Every unit the reader may read, by name (a large municipality has
	 * several hundred: more than a list page). */
	struct list_query q = { .page = 1, .limit = 0 };
	record_list_restrict(&c, &entity_units, &q);
	struct unit_options uo = { a, jv_set(f, "units", jv_arr(a)), 0 };
	store_list_each(r->st, &entity_units, r->org_id, &q, unit_option, &uo);
	char due[11], today[11];
	clock_today(today);
	if (date_add_days(today, 30, due) == 0)
		jv_set_str(a, f, "due", due);
}

static void version_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "version_panel", jv_obj(a));
	if (jv_get_str(row, "filename")) {
		jv_set_str(a, p, "filename", jv_get_str(row, "filename"));
		jv_set_str(a, p, "sha256", jv_get_str(row, "sha256"));
		jv_set_str(a, p, "size", page_int(r, jv_get_int(row, "size", 0)));
		jv_set_str(a, p, "file_href", arena_printf(a, "/document-versions/%lld/file", id));
	}
	if (record_allows(&c, &entity_document_versions, A_UPDATE, row)) {
		jv_set_str(a, p, "upload_action", arena_printf(a, "/document-versions/%lld/file", id));
		jv_set_str(a, p, "upload_hint",
			   arena_printf(a, T(r, "At most %d MiB; allowed types: %s."), EVIDENCE_MAX_BYTES / (1024 * 1024),
					evidence_extensions()));
	}
	/* The reader's own pending request for this version. */
	struct doc_ack_pending *pend;
	size_t n;
	long long total;
	if (r->actor.person_id &&
	    store_doc_acks_pending(r->st, a, r->org_id, r->actor.person_id, ACKS_SHOWN, &pend, &n, &total) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (pend[i].version_id == id)
				jv_set_str(a, p, "ack_action", arena_printf(a, "/document-versions/%lld/acknowledge", id));
}

void documents_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (e->panels & PANEL_DOCUMENT)
		document_panel(r, row, ctx);
	if (e->panels & PANEL_DOC_VERSION)
		version_panel(r, row, ctx);
}

struct jval *documents_of_control(struct request *r, long long control)
{
	struct arena *a = r->a;
	struct jval *arr = jv_arr(a);
	long long *ids;
	size_t n;
	if (store_doc_control_documents(r->st, a, r->org_id, control, 50, &ids, &n) != STORE_OK)
		return arr;
	struct rctx c = page_rctx(r);
	const struct field *status = entity_field(&entity_governing_documents, "status");
	for (size_t i = 0; i < n; i++) {
		struct jval *doc;
		if (store_get(r->st, a, &entity_governing_documents, r->org_id, ids[i], &doc) != STORE_OK ||
		    !record_allows(&c, &entity_governing_documents, A_READ, doc))
			continue;
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set_str(a, o, "href", recview_href(r, &entity_governing_documents, ids[i]));
		jv_set_str(a, o, "title", jv_get_str(doc, "title"));
		const char *label = field_option_label(status, jv_get_str(doc, "status"));
		jv_set_str(a, o, "status", label ? T(r, label) : "");
	}
	return arr;
}

/* ---- asking --------------------------------------------------------------------- */

/* The document r->id for asking: readable, its owner's or the
 * coordinator's, adopted, with a version. NULL with *status and *why set
 * (the response not sent). */
static struct jval *ask_target(struct request *r, struct jval *doc, long long *version, int *status, const char **why)
{
	struct rctx c = page_rctx(r);
	struct jval *v;
	if (!record_allows(&c, &entity_governing_documents, A_UPDATE, doc)) {
		*status = 403;
		*why = T(r, "Only the document's owner or the information security coordinator asks people to read it.");
		return NULL;
	}
	const char *st = jv_get_str(doc, "status");
	if (!st || strcmp(st, "adopted") != 0) {
		*status = 409;
		*why = T(r, "Only an adopted document is sent out to be read.");
		return NULL;
	}
	if (store_doc_current_version(r->st, r->a, r->org_id, jv_get_int(doc, "id", 0), &v) != STORE_OK) {
		*status = 409;
		*why = T(r, "Add the adopted version of the document first: people are asked to read a version.");
		return NULL;
	}
	*version = jv_get_int(v, "id", 0);
	return v;
}

/* Check the request's audience, unit, role and due date; add an error for
 * each problem. */
static void ask_check(struct request *r, const char *audience, long long unit, const char *role, const char *due,
		      struct verrors *errs)
{
	if (!known(audiences, audience))
		verr_add(errs, "audience", T(r, "Choose whom to ask: a unit, the holders of a role or everyone."));
	else if (strcmp(audience, "unit") == 0) {
		struct jval *u;
		if (!unit || store_get(r->st, r->a, &entity_units, r->org_id, unit, &u) != STORE_OK)
			verr_add(errs, "unit_id", T(r, "Choose the unit whose people are to read the document."));
	} else if (strcmp(audience, "role") == 0 && !known(ask_roles, role))
		verr_add(errs, "role", T(r, "Choose the role whose holders are to read the document."));
	char today[11];
	clock_today(today);
	if (due && *due && (!date_valid(due) || date_compare(due, today) < 0))
		verr_add(errs, "due_date", T(r, "Give the last day to read it as a date from today on (YYYY-MM-DD)."));
}

static int do_ask(struct request *r, long long doc, long long version, const char *audience, long long unit,
		  const char *role, const char *due, long long *asked)
{
	struct rctx c = page_rctx(r);
	struct audit_actor who = record_audit_actor(&c);
	char now[CLOCK_ISO_LEN], today[11];
	clock_now_iso(now);
	clock_today(today);
	return store_doc_ask(r->st, r->a, r->org_id, &who, doc, version, audience, unit, role,
			     due && *due ? due : NULL, today, now, asked);
}

void h_doc_ask(struct request *r)
{
	r->entity = &entity_governing_documents;
	struct jval *doc;
	if (!recview_load(r, &doc))
		return;
	long long version;
	int status;
	const char *why;
	if (!ask_target(r, doc, &version, &status, &why)) {
		page_error(r, status, why);
		return;
	}
	const char *audience = req_post(r, "audience"), *role = req_post(r, "role"), *due = req_post(r, "due_date");
	const char *unit_s = req_post(r, "unit_id");
	long long unit = unit_s ? strtoll(unit_s, NULL, 10) : 0;
	struct verrors errs = { 0 };
	ask_check(r, audience, unit, role, due, &errs);
	if (verr_total(&errs)) {
		records_show(r, r->entity, doc, &errs, 422);
		return;
	}
	long long asked;
	if (do_ask(r, r->id, version, audience, unit, role, due, &asked) != STORE_OK) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	page_flash_set(r, "asked", arena_printf(r->a, T(r, "%lld people were asked to read the document."), asked));
	res_redirect(r, arena_printf(r->a, "%s?done=asked#document-h", recview_href(r, r->entity, r->id)));
}

void api_doc_ask(struct request *r)
{
	r->entity = &entity_governing_documents;
	struct jval *doc, *body;
	if (!recview_load(r, &doc) || !api_json_body(r, &body))
		return;
	long long version;
	int status;
	const char *why;
	if (!ask_target(r, doc, &version, &status, &why)) {
		page_error(r, status, why);
		return;
	}
	const char *audience = jv_get_str(body, "audience"), *role = jv_get_str(body, "role");
	const char *due = jv_get_str(body, "due_date");
	long long unit = jv_get_int(body, "unit_id", 0);
	struct verrors errs = { 0 };
	ask_check(r, audience, unit, role, due, &errs);
	if (verr_total(&errs)) {
		page_problem(r, 422, T(r, "The data is not valid"), &errs);
		return;
	}
	long long asked;
	if (do_ask(r, r->id, version, audience, unit, role, due, &asked) != STORE_OK) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	struct jval *o = jv_obj(r->a);
	jv_set_int(r->a, o, "document_id", r->id);
	jv_set_int(r->a, o, "version_id", version);
	jv_set_int(r->a, o, "asked", asked);
	page_json(r, 201, o);
}

/* GET /api/v1/governing-documents/{id}/acknowledgements: the current
 * version's coverage per unit. */
void api_doc_coverage(struct request *r)
{
	r->entity = &entity_governing_documents;
	struct jval *doc, *v;
	if (!recview_load(r, &doc))
		return;
	if (!may_see_coverage(r, doc)) {
		page_forbidden(r);
		return;
	}
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "document_id", r->id);
	long long asked = 0, confirmed = 0;
	struct jval *items = jv_arr(a);
	if (store_doc_current_version(r->st, a, r->org_id, r->id, &v) == STORE_OK) {
		long long vid = jv_get_int(v, "id", 0);
		jv_set_int(a, o, "version_id", vid);
		struct doc_ack_coverage *cov;
		size_t n;
		if (store_doc_ack_coverage(r->st, a, r->org_id, vid, &cov, &n) != STORE_OK) {
			page_error(r, 500, T(r, "The database could not be read."));
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct jval *x = jv_push(items, jv_obj(a));
			if (cov[i].unit_id)
				jv_set_int(a, x, "unit_id", cov[i].unit_id);
			else
				jv_set(x, "unit_id", jv_null(a));
			jv_set_int(a, x, "asked", cov[i].asked);
			jv_set_int(a, x, "confirmed", cov[i].confirmed);
			jv_set(x, "share", jv_num(a, cov[i].asked ? (double)cov[i].confirmed / (double)cov[i].asked : 0));
			asked += cov[i].asked;
			confirmed += cov[i].confirmed;
		}
	} else
		jv_set(o, "version_id", jv_null(a));
	jv_set(o, "units", items);
	jv_set_int(a, o, "asked", asked);
	jv_set_int(a, o, "confirmed", confirmed);
	jv_set(o, "share", jv_num(a, asked ? (double)confirmed / (double)asked : 0));
	page_json(r, 200, o);
}

/* ---- confirming ------------------------------------------------------------------ */

/* The reader confirms having read version r->id; the status to answer
 * with (200 done, 403 not asked, 409 replaced or done before) and its
 * message. */
static int confirm(struct request *r, const char **msg)
{
	*msg = NULL;
	if (!r->actor.person_id) {
		*msg = T(r, "Your account is not tied to a person, so there is nothing for you to confirm.");
		return 403;
	}
	struct rctx c = page_rctx(r);
	struct audit_actor who = record_audit_actor(&c);
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int outcome;
	if (store_doc_ack_confirm(r->st, r->a, r->org_id, &who, r->actor.person_id, r->id, now, &outcome) != STORE_OK) {
		*msg = T(r, "The change could not be saved. Nothing was changed.");
		return 500;
	}
	switch (outcome) {
	case DOC_ACK_OK:
		*msg = T(r, "Thank you: you have confirmed that you have read the document.");
		return 200;
	case DOC_ACK_DONE:
		*msg = T(r, "You have already confirmed that you have read this version.");
		return 409;
	case DOC_ACK_REPLACED:
		*msg = T(r, "This version has been replaced (or the document is no longer in force): read the current version instead.");
		return 409;
	default:
		*msg = T(r, "You have not been asked to read this version.");
		return 403;
	}
}

void h_doc_ack(struct request *r)
{
	const char *msg;
	int status = confirm(r, &msg);
	if (status != 200) {
		page_error(r, status, msg);
		return;
	}
	page_flash_set(r, "acknowledged", msg);
	res_redirect(r, "/tasks?done=acknowledged#acks-h");
}

void api_doc_ack(struct request *r)
{
	const char *msg;
	int status = confirm(r, &msg);
	if (status != 200) {
		page_error(r, status, msg);
		return;
	}
	struct jval *o = jv_obj(r->a);
	jv_set_int(r->a, o, "version_id", r->id);
	jv_set_int(r->a, o, "person_id", r->actor.person_id);
	jv_set_bool(r->a, o, "confirmed", 1);
	page_json(r, 200, o);
}

/* GET /api/v1/acknowledgements: the caller's pending requests. */
void api_my_acks(struct request *r)
{
	struct arena *a = r->a;
	struct doc_ack_pending *p = NULL;
	size_t n = 0;
	long long total = 0;
	if (r->actor.person_id &&
	    store_doc_acks_pending(r->st, a, r->org_id, r->actor.person_id, 500, &p, &n, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *o = jv_obj(a), *items = jv_set(o, "items", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *x = jv_push(items, jv_obj(a));
		jv_set_int(a, x, "document_id", p[i].document_id);
		jv_set_int(a, x, "version_id", p[i].version_id);
		jv_set_str(a, x, "title", p[i].title);
		jv_set_str(a, x, "version", p[i].label);
		jv_set_str(a, x, "due_date", p[i].due);
		jv_set_str(a, x, "asked_at", p[i].asked_at);
	}
	jv_set_int(a, o, "total", total);
	page_json(r, 200, o);
}

/* The gaps of the documents the person owns, and their reviews falling due
 * within three months, for an owner who does not read every document (the
 * general gap list shows only what the reader reads every record of; an
 * owner reads their own documents). */
static int own_document_gaps(struct request *r, struct jval *ctx)
{
	struct arena *a = r->a;
	struct visible *v = recview_visible(r);
	if (visible_entity(v, &entity_governing_documents) == VIS_ALL)
		return 0;
	const char *readable[3] = { entity_governing_documents.name, NULL, NULL };
	if (visible_entity(v, &entity_units) == VIS_ALL)
		readable[1] = entity_units.name;
	char today[11], until[11];
	clock_today(today);
	if (date_add_months(today, 3, until) != 0)
		return -1;
	struct jval *arr = jv_set(ctx, "doc_gaps", jv_arr(a));
	for (int upcoming = 0; upcoming < 2; upcoming++) {
		struct gap_query q = { .kind = -1, .entity = entity_governing_documents.name, .person_id = r->actor.person_id,
				       .readable = readable, .page = 1, .limit = ACKS_SHOWN, .today = today,
				       .sort = GAP_SORT_DUE, .due_before = upcoming ? until : NULL };
		struct gap_item *items;
		size_t n;
		long long total;
		if (store_gap_list(r->st, a, r->org_id, &q, &items, &n, &total) != STORE_OK)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct jval *o = jv_push(arr, jv_obj(a));
			jv_set_str(a, o, "href", recview_href(r, &entity_governing_documents, items[i].id));
			jv_set_str(a, o, "message", upcoming ? arena_printf(a, T(r, "Review of the governing document \"%s\""),
									 items[i].name ? items[i].name : "")
							      : gaps_message(a, r->lang, &items[i]));
			if (upcoming && items[i].due)
				jv_set_str(a, o, "due", items[i].due);
		}
		if (!upcoming)
			jv_set_int(a, ctx, "doc_gaps_total", total);
	}
	return 0;
}

int documents_tasks(struct request *r, struct jval *ctx, long long *count)
{
	struct arena *a = r->a;
	struct doc_ack_pending *p;
	size_t n;
	*count = 0;
	if (store_doc_acks_pending(r->st, a, r->org_id, r->actor.person_id, ACKS_SHOWN, &p, &n, count) != STORE_OK)
		return -1;
	struct jval *arr = jv_set(ctx, "acks", jv_arr(a));
	char today[11];
	clock_today(today);
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set_str(a, o, "name", p[i].title);
		jv_set_str(a, o, "version", p[i].label);
		jv_set_str(a, o, "href", recview_href(r, &entity_document_versions, p[i].version_id));
		if (p[i].filename)
			jv_set_str(a, o, "file_href", arena_printf(a, "/document-versions/%lld/file", p[i].version_id));
		if (p[i].due) {
			jv_set_str(a, o, "due", p[i].due);
			jv_set_bool(a, o, "overdue", date_compare(p[i].due, today) < 0);
		}
		jv_set_str(a, o, "action", arena_printf(a, "/document-versions/%lld/acknowledge", p[i].version_id));
	}
	jv_set_int(a, ctx, "acks_total", *count);
	return own_document_gaps(r, ctx);
}

/* ---- the file ------------------------------------------------------------------ */

/* Check and store a version's file; the status (0 done) and message. */
static int put_file(struct request *r, const char *given, const void *data, size_t len, const char **msg)
{
	struct evidence_file ef;
	int status = evidence_accept(r, given, data, len, &ef, msg);
	if (status)
		return status;
	struct rctx c = page_rctx(r);
	struct audit_actor who = record_audit_actor(&c);
	if (store_doc_file_set(r->st, r->a, r->org_id, &who, r->id, ef.name, ef.type, ef.sha256, data, len) != STORE_OK) {
		*msg = T(r, "The file could not be saved. Nothing was changed.");
		return 500;
	}
	return 0;
}

/* The version r->id for changing its file. NULL with the response sent. */
static struct jval *version_for_change(struct request *r)
{
	r->entity = &entity_document_versions;
	struct jval *row;
	if (!recview_load(r, &row))
		return NULL;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, r->entity, A_UPDATE, row)) {
		page_forbidden(r);
		return NULL;
	}
	return row;
}

void h_doc_file_upload(struct request *r)
{
	struct jval *row = version_for_change(r);
	if (!row)
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	const char *msg;
	int status = put_file(r, file ? file->filename : NULL, file ? file->value : NULL, file ? file->value_len : 0, &msg);
	if (status == 500) {
		page_error(r, 500, msg);
		return;
	}
	if (status) {
		struct verrors errs = { 0 };
		verr_add(&errs, NULL, msg);
		records_show(r, r->entity, row, &errs, status);
		return;
	}
	res_redirect(r, arena_printf(r->a, "%s?done=file_added#version-h", recview_href(r, r->entity, r->id)));
}

/* PUT /api/v1/document-versions/{id}/file: the file, as a form or as the
 * body (?filename=... names it). */
void api_doc_file_upload(struct request *r)
{
	if (!version_for_change(r))
		return;
	/* multipart/form-data (field "file", up to the upload limit) or the
	 * file itself as the body (up to the body limit). */
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	const char *msg;
	int status = file ? put_file(r, file->filename, file->value, file->value_len, &msg)
			  : put_file(r, req_query(r, "filename"), r->body, r->body ? r->body_len : 0, &msg);
	if (status) {
		page_error(r, status, msg);
		return;
	}
	struct jval *row;
	if (store_get(r->st, r->a, r->entity, r->org_id, r->id, &row) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	page_json(r, 200, row);
}

void h_doc_file_get(struct request *r)
{
	r->entity = &entity_document_versions;
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	const char *name, *type;
	const void *content;
	size_t len;
	int rc = store_doc_file_get(r->st, r->a, r->org_id, r->id, &name, &type, &content, &len);
	if (rc == STORE_NOTFOUND) {
		page_not_found(r);
		return;
	}
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	res_start(r, 200, type);
	/* Always a download: the browser never renders it in our origin. */
	res_header(r, "Content-Disposition", evidence_attachment(r, name));
	res_header(r, "Cache-Control", "private, no-store");
	res_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
	buf_add(&r->res.body, content, len);
}
