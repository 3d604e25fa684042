/*
 * ui_training.c: the training pages beyond plain record editing — the
 * coverage page and its API (/training/coverage, /api/v1/training/coverage),
 * the attendance import on a session's page and in the API
 * (/training-sessions/{id}/attendance, /api/v1/training-sessions/{id}/
 * attendance), and the reader's own training in "Mina uppgifter". See
 * docs/training.md.
 *
 * Coverage is read from the kept training_state rows (one per person and
 * audience, with the last day the person counts as trained) and the kept
 * gap rows: no request recomputes anything from the attendances.
 */
#include <string.h>
#include <strings.h>

#include "core/training.h"
#include "model/entity.h"
#include "model/gaps.h"
#include "model/visible.h"
#include "model/record.h"
#include "model/training.h"
#include "store/derived.h"
#include "store/store.h"
#include "store/training.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/form.h"
#include "web/handlers.h"
#include "web/http.h"
#include "web/page.h"
#include "web/recview.h"

#define COVERAGE_ROWS 2000   /* unit and audience rows shown */
#define MISSING_SHOWN 50     /* people missing training listed per kind */
#define OWN_SESSIONS 20

/* Who reads the coverage of the whole organisation: those who manage or
 * follow up the security work, the revisor, and a head of administration
 * assigned for the whole organisation; a manager assigned to units reads
 * those units (and the units below them). */
static const struct grant coverage_grants[] = {
	GRANT_READ(ROLE_ADMIN), GRANT_READ(ROLE_COORDINATOR), GRANT_READ(ROLE_SECURITY_CHIEF),
	GRANT_READ(ROLE_DPO), GRANT_READ(ROLE_AUDITOR), { ROLE_MANAGER, A_READ, G_SCOPED, NULL },
	GRANTS_END
};

static const enum gap_kind training_kinds[] = { GAP_ELECTED_UNTRAINED, GAP_STAFF_UNTRAINED, GAP_OWNER_UNTRAINED };
static const char *const kind_audience[] = { "elected_officials", "all_staff", "owners" };

/* The audience's label (msgid). */
static const char *audience_label(const char *code)
{
	const struct field *f = entity_field(&entity_trainings, "audience");
	const char *l = f ? field_option_label(f, code) : NULL;
	return l ? l : code;
}

/* The units the reader may read coverage of: *all 1 for the whole
 * organisation; else the units in *units (n of them, 0: none at all). */
static void coverage_scope(struct request *r, int *all, long long **units, size_t *n)
{
	struct access_subject subj = { r->actor.person_id, r->actor.as, r->actor.nas };
	*all = r->actor.trusted || access_allows_every(coverage_grants, &subj, A_READ);
	*units = NULL;
	*n = 0;
	if (*all)
		return;
	*units = arena_alloc_array(r->a, r->actor.nas ? r->actor.nas : 1, sizeof **units);
	for (size_t i = 0; i < r->actor.nas; i++)
		if (r->actor.as[i].role == ROLE_MANAGER && r->actor.as[i].scope == S_UNIT)
			(*units)[(*n)++] = r->actor.as[i].unit_id;
}

static const char *share_text(struct request *r, long long part, long long whole)
{
	if (!whole)
		return "–";
	return arena_printf(r->a, "%s %%", page_decimal(r, 100.0 * (double)part / (double)whole, 0));
}

/* The coverage as JSON (the API's body, and the page's data). Returns 0,
 * or -1 when the store failed. */
static int coverage_json(struct request *r, int all, const long long *units, size_t nunits, struct jval *out, int html)
{
	struct arena *a = r->a;
	char today[11];
	clock_today(today);
	struct training_cov_row *rows;
	size_t n;
	if (store_training_coverage_units(r->st, a, r->org_id, all ? NULL : units, all ? 0 : nunits, today, COVERAGE_ROWS,
					  &rows, &n) != STORE_OK)
		return -1;
	/* Per audience: the sums of the rows. */
	static const char *const audiences[] = { "all_staff", "elected_officials", "owners" };
	struct jval *aud = jv_set(out, "audiences", jv_arr(a));
	for (size_t k = 0; k < sizeof audiences / sizeof *audiences; k++) {
		long long trained = 0, total = 0, missing = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(rows[i].audience, audiences[k]) == 0) {
				trained += rows[i].trained;
				total += rows[i].total;
				missing += rows[i].missing;
			}
		struct jval *o = jv_push(aud, jv_obj(a));
		jv_set_str(a, o, "audience", audiences[k]);
		jv_set_str(a, o, "label", T(r, audience_label(audiences[k])));
		jv_set_int(a, o, "trained", trained);
		jv_set_int(a, o, "missing", missing);
		jv_set_int(a, o, "pending", total - trained - missing);
		jv_set_int(a, o, "total", total);
		if (html)
			jv_set_str(a, o, "share", share_text(r, trained, total));
		else if (total)
			jv_set(o, "share", jv_num(a, (double)trained / (double)total));
		else
			jv_set(o, "share", jv_null(a));
	}
	struct jval *ur = jv_set(out, "units", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(ur, jv_obj(a));
		if (rows[i].unit_id)
			jv_set_int(a, o, "unit_id", rows[i].unit_id);
		else
			jv_set(o, "unit_id", jv_null(a));
		jv_set_str(a, o, "unit", rows[i].unit ? rows[i].unit : T(r, "No unit"));
		jv_set_str(a, o, "audience", rows[i].audience);
		jv_set_str(a, o, "audience_label", T(r, audience_label(rows[i].audience)));
		jv_set_int(a, o, "trained", rows[i].trained);
		jv_set_int(a, o, "missing", rows[i].missing);
		jv_set_int(a, o, "pending", rows[i].total - rows[i].trained - rows[i].missing);
		jv_set_int(a, o, "total", rows[i].total);
		if (html)
			jv_set_str(a, o, "share", share_text(r, rows[i].trained, rows[i].total));
		else
			jv_set(o, "share", jv_num(a, rows[i].total ? (double)rows[i].trained / (double)rows[i].total : 0.0));
		if (html && rows[i].unit_id)
			jv_set_str(a, o, "href", recview_href(r, &entity_units, rows[i].unit_id));
	}
	/* Per role: the roles people hold (a system owner's, a manager's ...). */
	struct training_cov_row *byrole;
	size_t nrole;
	if (store_training_coverage_roles(r->st, a, r->org_id, all ? NULL : units, all ? 0 : nunits, today, COVERAGE_ROWS,
					  &byrole, &nrole) != STORE_OK)
		return -1;
	const struct field *role_field = entity_field(&entity_role_assignments, "role");
	struct jval *rr = jv_set(out, "roles", jv_arr(a));
	for (size_t i = 0; i < nrole; i++) {
		struct jval *o = jv_push(rr, jv_obj(a));
		const char *label = field_option_label(role_field, byrole[i].role);
		jv_set_str(a, o, "role", byrole[i].role);
		jv_set_str(a, o, "role_label", label ? T(r, label) : byrole[i].role);
		jv_set_str(a, o, "audience", byrole[i].audience);
		jv_set_str(a, o, "audience_label", T(r, audience_label(byrole[i].audience)));
		jv_set_int(a, o, "trained", byrole[i].trained);
		jv_set_int(a, o, "missing", byrole[i].missing);
		jv_set_int(a, o, "pending", byrole[i].total - byrole[i].trained - byrole[i].missing);
		jv_set_int(a, o, "total", byrole[i].total);
		if (html)
			jv_set_str(a, o, "share", share_text(r, byrole[i].trained, byrole[i].total));
		else
			jv_set(o, "share", jv_num(a, byrole[i].total ? (double)byrole[i].trained / (double)byrole[i].total : 0.0));
	}
	/* The people missing training, from the kept gaps, for readers of
	 * people (the gap list leaves out what the reader may not read). */
	struct jval *missing = jv_set(out, "missing", jv_arr(a));
	long long missing_total = 0;
	size_t scopes = all ? 1 : nunits;
	for (size_t k = 0; k < sizeof training_kinds / sizeof *training_kinds; k++)
		for (size_t u = 0; u < scopes; u++) {
			struct gap_query q = { .kind = (int)training_kinds[k], .entity = "people",
					       .unit_id = all ? 0 : units[u], .readable = page_readable(r),
					       .sort = GAP_SORT_NAME, .page = 1, .limit = MISSING_SHOWN, .today = today };
			struct gap_item *items;
			size_t ni;
			long long total;
			if (store_gap_list(r->st, a, r->org_id, &q, &items, &ni, &total) != STORE_OK)
				return -1;
			missing_total += total;
			for (size_t i = 0; i < ni; i++) {
				struct jval *o = jv_push(missing, jv_obj(a));
				jv_set_str(a, o, "kind", gap_kind_code(items[i].kind));
				jv_set_str(a, o, "audience", kind_audience[k]);
				jv_set_int(a, o, "person_id", items[i].id);
				jv_set_str(a, o, "name", items[i].name ? items[i].name : visible_hidden(r->lang));
				if (items[i].unit_id)
					jv_set_int(a, o, "unit_id", items[i].unit_id);
				if (items[i].unit_name)
					jv_set_str(a, o, "unit", items[i].unit_name);
				if (items[i].due)
					jv_set_str(a, o, "due", items[i].due);
				if (html) {
					jv_set_str(a, o, "what", gaps_kind_label(r->lang, items[i].kind));
					jv_set_str(a, o, "href", recview_href(r, &entity_people, items[i].id));
				}
			}
		}
	jv_set_int(a, out, "missing_total", missing_total);
	return 0;
}

int training_coverage_may(struct request *r)
{
	int all;
	long long *units;
	size_t n;
	coverage_scope(r, &all, &units, &n);
	return all || n;
}

void api_training_coverage(struct request *r)
{
	int all;
	long long *units;
	size_t n;
	coverage_scope(r, &all, &units, &n);
	if (!all && !n) {
		page_forbidden(r);
		return;
	}
	struct jval *o = jv_obj(r->a);
	if (coverage_json(r, all, units, n, o, 0) != 0) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	page_json(r, 200, o);
}

void h_training_coverage(struct request *r)
{
	int all;
	long long *units;
	size_t n;
	coverage_scope(r, &all, &units, &n);
	if (!all && !n) {
		page_forbidden(r);
		return;
	}
	struct jval *ctx = page_ctx(r, T(r, "Training coverage"));
	if (coverage_json(r, all, units, n, ctx, 1) != 0) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	jv_set_bool(r->a, ctx, "restricted", !all);
	struct rctx c = page_rctx(r);
	if (record_allows(&c, &entity_training_sessions, A_CREATE, NULL))
		jv_set_str(r->a, ctx, "new_session_href", "/training-sessions/new");
	long long shown = (long long)jv_get(ctx, "missing")->len;
	if (jv_get_int(ctx, "missing_total", 0) > shown)
		jv_set_str(r->a, ctx, "missing_more", arena_printf(r->a, T(r, "%lld more are missing training: see the gap list."),
								    jv_get_int(ctx, "missing_total", 0) - shown));
	page_render(r, 200, "training_coverage", ctx);
}

/* ---- the attendance list ------------------------------------------------------ */

static long long import_status(int rc, struct verrors *errs)
{
	switch (rc) {
	case REC_OK: return 200;
	case REC_NOTFOUND: return 404;
	case REC_FORBIDDEN: return 403;
	case REC_INVALID:
		/* Too large is said by the message; the status says it too. */
		return errs->n == 1 && !errs->items[0].field && strstr(errs->items[0].message, "KB") ? 413 : 422;
	default: return 500;
	}
}

void api_training_attendance(struct request *r)
{
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	long long added, present;
	if (r->body_too_large) {
		verr_add(&errs, NULL, arena_printf(r->a, T(r, "The attendance list is too large: at most %d KB."),
						   TRAINING_ATTENDANCE_MAX_BYTES / 1024));
		page_problem(r, 413, T(r, "The attendance list was not imported"), &errs);
		return;
	}
	/* A CSV file (or plain text, one person a row). */
	const char *type = req_header(r, "Content-Type");
	if (!type || (strncasecmp(type, "text/csv", 8) != 0 && strncasecmp(type, "text/plain", 10) != 0 &&
		      strncasecmp(type, "application/csv", 15) != 0)) {
		verr_add(&errs, NULL, T(r, "Send the attendance list as text/csv."));
		page_problem(r, 415, T(r, "The attendance list was not imported"), &errs);
		return;
	}
	int rc = training_attendance_import(&c, r->id, r->body, r->body_len, &errs, &added, &present);
	long long status = import_status(rc, &errs);
	if (status == 404) {
		page_not_found(r);
		return;
	}
	if (status == 403) {
		page_forbidden(r);
		return;
	}
	if (status != 200) {
		if (!errs.n)
			page_error(r, 500, T(r, "The import failed. Nothing was changed."));
		else
			page_problem(r, (int)status, T(r, "The attendance list was not imported"), &errs);
		return;
	}
	struct jval *o = jv_obj(r->a);
	jv_set_int(r->a, o, "added", added);
	jv_set_int(r->a, o, "already_present", present);
	struct jval *row;
	if (store_get(r->st, r->a, &entity_training_sessions, r->org_id, r->id, &row) == STORE_OK)
		jv_set(o, "attendee_ids", jv_clone(r->a, jv_get(row, "attendee_ids")));
	page_json(r, 200, o);
}

void h_training_attendance(struct request *r)
{
	struct arena *a = r->a;
	r->entity = &entity_training_sessions;
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	const char *text = file && file->filename && file->value_len ? file->value : form ? form_get(form, "list") : NULL;
	size_t len = text ? (file && file->filename && file->value_len ? file->value_len : strlen(text)) : 0;
	struct verrors errs = { 0 };
	long long added = 0, present = 0;
	int rc;
	if (r->body_too_large) {
		verr_add(&errs, NULL, arena_printf(a, T(r, "The attendance list is too large: at most %d KB."),
						   TRAINING_ATTENDANCE_MAX_BYTES / 1024));
		rc = REC_INVALID;
	} else if (!text || !len) {
		verr_add(&errs, "list", T(r, "Choose a CSV file, or paste the names or e-mail addresses, one per row."));
		rc = REC_INVALID;
	} else {
		struct rctx c = page_rctx(r);
		rc = training_attendance_import(&c, r->id, text, len, &errs, &added, &present);
	}
	long long status = import_status(rc, &errs);
	if (status == 404) {
		page_not_found(r);
		return;
	}
	if (status == 403) {
		page_forbidden(r);
		return;
	}
	if (status != 200) {
		if (!errs.n)
			verr_add(&errs, NULL, T(r, "The import failed. Nothing was changed."));
		verr_add(&errs, NULL, T(r, "Nothing was imported. Correct the list and import it again."));
		records_show(r, r->entity, row, &errs, (int)status);
		return;
	}
	page_flash_set(r, "imported",
		       present ? arena_printf(a, T(r, "%lld attendees were added; %lld were already registered."), added, present)
			       : arena_printf(a, T(r, "%lld attendees were added."), added));
	res_redirect(r, arena_printf(a, "%s?done=imported", recview_href(r, r->entity, r->id)));
}

void training_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (!(e->panels & PANEL_ATTENDANCE))
		return;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_UPDATE, row))
		return;
	struct jval *p = jv_set(ctx, "attendance", jv_obj(r->a));
	jv_set_str(r->a, p, "action", arena_printf(r->a, "/training-sessions/%lld/attendance", jv_get_int(row, "id", 0)));
	jv_set_str(r->a, p, "hint", arena_printf(r->a, T(r, "A CSV file or a list with one person a row: the name as registered, or the e-mail address. A header row is allowed. At most %d KB."),
						 TRAINING_ATTENDANCE_MAX_BYTES / 1024));
}

/* ---- the reader's own training ------------------------------------------------- */

int training_tasks(struct request *r, struct jval *ctx)
{
	struct arena *a = r->a;
	long long me = r->actor.person_id;
	if (!me)
		return 0;
	struct training_own_req *reqs;
	struct training_own_session *ses;
	size_t nr, ns;
	if (store_training_own(r->st, a, r->org_id, me, OWN_SESSIONS, &reqs, &nr, &ses, &ns) != STORE_OK)
		return -1;
	if (!nr && !ns)
		return 0;
	char today[11];
	clock_today(today);
	struct jval *t = jv_set(ctx, "training", jv_obj(a));
	struct jval *need = jv_set(t, "needs", jv_arr(a));
	for (size_t i = 0; i < nr; i++) {
		struct jval *o = jv_push(need, jv_obj(a));
		jv_set_str(a, o, "audience", T(r, audience_label(reqs[i].audience)));
		int met = *reqs[i].due && strcmp(reqs[i].due, today) >= 0;
		int trained = reqs[i].until && *reqs[i].until && strcmp(reqs[i].until, today) >= 0;
		if (!met)
			jv_set_str(a, o, "status", T(r, "Missing: attend a training"));
		else if (!trained)
			jv_set_str(a, o, "status", strcmp(reqs[i].due, TRAINING_FOREVER) == 0 ? T(r, "Not required now")
				   : arena_printf(a, T(r, "To attend by %s"), reqs[i].due));
		else if (strcmp(reqs[i].until, TRAINING_FOREVER) == 0)
			jv_set_str(a, o, "status", T(r, "Done"));
		else
			jv_set_str(a, o, "status", arena_printf(a, T(r, "Done, valid until %s"), reqs[i].until));
		jv_set_bool(a, o, "missing", !met);
	}
	struct jval *s = jv_set(t, "sessions", jv_arr(a));
	for (size_t i = 0; i < ns; i++) {
		struct jval *o = jv_push(s, jv_obj(a));
		jv_set_str(a, o, "name", ses[i].training ? ses[i].training : "");
		jv_set_str(a, o, "date", ses[i].date ? ses[i].date : "");
		jv_set_str(a, o, "href", recview_href(r, &entity_training_sessions, ses[i].id));
	}
	return 0;
}
