/*
 * ui_access_review.c: access reviews on the web and in the API.
 *
 *   GET  /access-reviews/{id}/accounts         the review page: every account
 *        of the campaign on one page (undecided first; paged past
 *        AR_PAGE rows), a choice per row and one save; the import form
 *   POST /access-reviews/{id}/accounts         the decisions of that page
 *   POST /access-reviews/{id}/accounts/import  a CSV of the system's accounts
 *   POST /api/v1/access-reviews/{id}/accounts  the same CSV (text/csv body)
 *   POST /api/v1/access-reviews/{id}/decisions [{account, decision, comment}]
 *
 * and the panels of record pages: on a campaign's page its progress and
 * the way to the review page, on a system's page its campaigns with the
 * last completion; and the reviewer's campaigns in "Mina uppgifter".
 * Writes go through model/access_review.c (the record path, one
 * transaction, all or nothing). See docs/access-reviews.md.
 */
#include <stdlib.h>
#include <string.h>

#include "model/access_review.h"
#include "model/entity.h"
#include "store/access_review.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/form.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Accounts per page of the review page (and most rows one save takes). */
#define AR_PAGE 250
/* Campaigns shown on a system's page and in "Mina uppgifter". */
#define AR_SHOWN 10

static const struct entity *const RE = &entity_access_reviews;
static const struct entity *const AE = &entity_access_review_accounts;

static int is(const char *s, const char *v)
{
	return s && strcmp(s, v) == 0;
}

/* Both NULL, or the same text. */
static int same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* May the reader do action to the accounts of campaign review? */
static int may_accounts(struct request *r, long long review, unsigned action)
{
	struct rctx c = page_rctx(r);
	struct jval *probe = jv_obj(r->a);
	jv_set_int(r->a, probe, "review_id", review);
	return record_allows(&c, AE, action, probe) != 0;
}

static const char *decision_label(struct request *r, const char *d)
{
	const char *l = d ? field_option_label(entity_field(AE, "decision"), d) : NULL;
	return l ? T(r, l) : NULL;
}

/* ---- the review page ------------------------------------------------------ */

/* Load the campaign r->id the reader may read (else answered). */
static int load_review(struct request *r, struct jval **row)
{
	r->entity = RE;
	return recview_load(r, row);
}

static void problems_ctx(struct request *r, struct jval *ctx, const char *name, const struct ar_problems *p)
{
	struct arena *a = r->a;
	struct jval *list = jv_set(ctx, name, jv_arr(a));
	for (size_t i = 0; i < p->n; i++) {
		struct jval *o = jv_push(list, jv_obj(a));
		if (p->v[i].row)
			jv_set_int(a, o, "row", (long long)p->v[i].row);
		if (p->v[i].account)
			jv_set_str(a, o, "account", p->v[i].account);
		jv_set_str(a, o, "message", p->v[i].message);
	}
	if (p->more)
		jv_set_str(a, ctx, "problems_more", arena_printf(a, T(r, "%zu more problems are not shown."), p->more));
}

/* The review page of campaign row; given (or NULL) the values a failed
 * save sent, by account id, and what went wrong (problems, kind "import"
 * or "decide"). */
static void review_render(struct request *r, const struct jval *row, const struct jval *given,
			  const struct ar_problems *problems, const char *kind, int status)
{
	struct arena *a = r->a;
	long long id = jv_get_int(row, "id", 0);
	const char *system = recview_text(r, entity_field(RE, "system_id"), row);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Access review: %s"), system));
	jv_set_str(a, ctx, "review_href", recview_href(r, RE, id));
	jv_set_str(a, ctx, "review_title", recview_title(r, RE, row));
	jv_set_str(a, ctx, "action", arena_printf(a, "/access-reviews/%lld/accounts", id));
	jv_set_str(a, ctx, "import_action", arena_printf(a, "/access-reviews/%lld/accounts/import", id));
	jv_set_str(a, ctx, "reviewer", recview_text(r, entity_field(RE, "reviewer_id"), row));
	jv_set_str(a, ctx, "due_date", jv_get_str(row, "due_date"));
	int done = is(jv_get_str(row, "status"), "completed");
	if (done) {
		jv_set_str(a, ctx, "completed_on", jv_get_str(row, "completed_on"));
		jv_set_str(a, ctx, "measures_href", arena_printf(a, "/measures?access_review_id=%lld", id));
	}
	int can_decide = !done && may_accounts(r, id, A_UPDATE);
	int can_import = !done && may_accounts(r, id, A_CREATE);
	jv_set_bool(a, ctx, "can_decide", can_decide);
	jv_set_bool(a, ctx, "can_import", can_import);
	long long total, undecided;
	if (store_access_review_counts(r->st, r->org_id, id, &total, &undecided) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	jv_set_int(a, ctx, "total", total);
	jv_set_int(a, ctx, "percent", total ? (total - undecided) * 100 / total : 0);
	jv_set_str(a, ctx, "progress_text", arena_printf(a, T(r, "%s of %s accounts decided"), page_int(r, total - undecided),
							    page_int(r, total)));
	int only_undecided = is(req_query(r, "show"), "undecided");
	jv_set_bool(a, ctx, "only_undecided", only_undecided);
	jv_set_str(a, ctx, "all_href", arena_printf(a, "/access-reviews/%lld/accounts", id));
	jv_set_str(a, ctx, "list_href", arena_printf(a, "/access-review-accounts?review_id=%lld", id));
	jv_set_str(a, ctx, "undecided_href", arena_printf(a, "/access-reviews/%lld/accounts?show=undecided", id));
	long long page = recview_query_id(r, "page");
	if (page < 1)
		page = 1;
	struct access_account *v;
	size_t n;
	long long matching;
	if (store_access_accounts(r->st, a, r->org_id, id, only_undecided ? AA_UNDECIDED : AA_ALL, (page - 1) * AR_PAGE,
				  AR_PAGE, &v, &n, &matching) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	jv_set_int(a, ctx, "page", page);
	if (matching > AR_PAGE)
		jv_set_str(a, ctx, "range", arena_printf(a, T(r, "Accounts %lld–%lld of %lld"), (page - 1) * AR_PAGE + 1,
							 (page - 1) * AR_PAGE + (long long)n, matching));
	if (page > 1)
		jv_set_str(a, ctx, "prev_href", recview_query_with(r, "page", arena_printf(a, "%lld", page - 1)));
	if (page * AR_PAGE < matching)
		jv_set_str(a, ctx, "next_href", recview_query_with(r, "page", arena_printf(a, "%lld", page + 1)));
	struct jval *rows = jv_set(ctx, "rows", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(rows, jv_obj(a));
		const char *key = arena_printf(a, "%lld", v[i].id);
		const struct jval *g = given ? jv_get(given, key) : NULL;
		const char *dec = g ? jv_get_str(g, "decision") : v[i].decision;
		const char *com = g ? jv_get_str(g, "comment") : v[i].comment;
		jv_set_int(a, o, "id", v[i].id);
		jv_set_str(a, o, "account", v[i].account);
		jv_set_str(a, o, "href", recview_href(r, AE, v[i].id));
		jv_set_str(a, o, "name", v[i].name);
		jv_set_str(a, o, "roles", v[i].roles);
		jv_set_str(a, o, "last_login", v[i].last_login);
		jv_set_str(a, o, "decision", decision_label(r, dec));
		jv_set_str(a, o, "comment", com);
		jv_set_str(a, o, "decided_by", v[i].decided_by_name);
		if (v[i].decided_at)
			jv_set_str(a, o, "decided_at", recview_time(r, v[i].decided_at));
		struct jval *opts = jv_set(o, "options", jv_arr(a));
		for (const struct option *op = entity_field(AE, "decision")->options; op->value; op++) {
			struct jval *x = jv_push(opts, jv_obj(a));
			jv_set_str(a, x, "value", op->value);
			jv_set_str(a, x, "label", T(r, op->label));
			jv_set_int(a, x, "row", v[i].id);
			jv_set_str(a, x, "account", v[i].account);
			if (is(dec, op->value))
				jv_set_bool(a, x, "checked", 1);
		}
		for (size_t k = 0; problems && k < problems->n; k++)
			if (is(kind, "decide") && problems->v[k].account && is(problems->v[k].account, v[i].account))
				jv_set_str(a, o, "error", problems->v[k].message);
	}
	if (problems && problems->n) {
		problems_ctx(r, ctx, "problems", problems);
		jv_set_bool(a, ctx, is(kind, "import") ? "import_failed" : "decide_failed", 1);
	}
	page_render(r, status, "access_review", ctx);
}

void h_access_review(struct request *r)
{
	struct jval *row;
	if (!load_review(r, &row))
		return;
	review_render(r, row, NULL, NULL, NULL, 200);
}

void h_access_review_save(struct request *r)
{
	struct arena *a = r->a;
	struct jval *row;
	if (!load_review(r, &row))
		return;
	long long id = r->id;
	struct form *form = req_form(r);
	if (!form) {
		page_error(r, 400, T(r, "The form could not be read."));
		return;
	}
	if (!may_accounts(r, id, A_UPDATE)) {
		page_forbidden(r);
		return;
	}
	size_t nrows = form_get_all(form, "row", NULL, 0);
	if (nrows > AR_PAGE) {
		page_error(r, 400, T(r, "The form has more rows than one page. Nothing was saved."));
		return;
	}
	const char **vals = arena_alloc_array(a, nrows ? nrows : 1, sizeof *vals);
	form_get_all(form, "row", vals, nrows);
	struct ar_decision *d = arena_alloc_array(a, nrows ? nrows : 1, sizeof *d);
	struct jval *given = jv_obj(a);
	size_t nd = 0;
	for (size_t k = 0; k < nrows; k++) {
		long long aid = strtoll(vals[k], NULL, 10);
		struct jval *acc;
		if (aid <= 0 || store_get(r->st, a, AE, r->org_id, aid, &acc) != STORE_OK ||
		    jv_get_int(acc, "review_id", 0) != id) {
			page_error(r, 409, T(r, "The access review has changed since the page was loaded. Nothing was saved; open it again."));
			return;
		}
		const char *dec = form_get(form, arena_printf(a, "d%lld", aid));
		const char *com = form_get(form, arena_printf(a, "c%lld", aid));
		struct jval *g = jv_set(given, arena_printf(a, "%lld", aid), jv_obj(a));
		jv_set_str(a, g, "decision", dec && *dec ? dec : NULL);
		jv_set_str(a, g, "comment", com);
		/* A row left as it was is not written; no choice made keeps the
		 * decision there is. */
		const char *was_d = jv_get_str(acc, "decision"), *was_c = jv_get_str(acc, "comment");
		if (!dec || !*dec)
			dec = was_d;
		const char *c_now = com && *com ? com : NULL;
		if (same(dec, was_d) && same(c_now, was_c))
			continue;
		d[nd].account = jv_get_str(acc, "account");
		d[nd].decision = dec;
		d[nd].comment = c_now;
		nd++;
	}
	struct rctx c = page_rctx(r);
	struct ar_problems p = { 0 };
	long long changed = 0;
	int rc = nd ? access_review_decide(&c, id, d, nd, &p, &changed) : REC_OK;
	if (rc == REC_INVALID) {
		review_render(r, row, given, &p, "decide", 422);
		return;
	}
	if (rc == REC_FORBIDDEN) {
		page_forbidden(r);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, rc == REC_NOTFOUND ? 404 : 500, T(r, "The decisions could not be saved. Nothing was changed."));
		return;
	}
	struct jval *now;
	const char *msg = arena_printf(a, T(r, "Decisions saved: %lld."), changed);
	if (store_get(r->st, a, RE, r->org_id, id, &now) == STORE_OK && is(jv_get_str(now, "status"), "completed") &&
	    !is(jv_get_str(row, "status"), "completed"))
		msg = arena_printf(a, "%s %s", msg, T(r, "Every account has a decision: the access review is completed, and each removal and change has become a measure for the system administrator."));
	page_flash_set(r, "saved", msg);
	const char *page = form_get(form, "page"), *show = form_get(form, "show");
	res_redirect(r, arena_printf(a, "/access-reviews/%lld/accounts?%s%sdone=saved", id,
				     is(show, "undecided") ? "show=undecided&" : "",
				     page && strtoll(page, NULL, 10) > 1 ? arena_printf(a, "page=%lld&", strtoll(page, NULL, 10)) : ""));
}

void h_access_review_import(struct request *r)
{
	struct arena *a = r->a;
	struct jval *row;
	if (!load_review(r, &row))
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	struct ar_problems p = { 0 };
	if (!file || !file->filename || !file->value_len) {
		ar_problem_add(a, &p, 0, NULL, T(r, "Choose a CSV file with the system's accounts."));
		review_render(r, row, NULL, &p, "import", 400);
		return;
	}
	if (!page_heavy(r, file->value_len))
		return;
	struct rctx c = page_rctx(r);
	long long created = 0;
	int rc = access_review_import(&c, r->id, file->value, file->value_len, &p, &created);
	if (rc == REC_INVALID) {
		review_render(r, row, NULL, &p, "import", 422);
		return;
	}
	if (rc == REC_FORBIDDEN) {
		page_forbidden(r);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, rc == REC_NOTFOUND ? 404 : 500, T(r, "The accounts could not be imported. Nothing was changed."));
		return;
	}
	page_flash_set(r, "imported", arena_printf(a, T(r, "Accounts imported: %lld."), created));
	res_redirect(r, arena_printf(a, "/access-reviews/%lld/accounts?done=imported", r->id));
}

/* ---- the API ------------------------------------------------------------------ */

static void api_problems(struct request *r, int status, const char *title, const struct ar_problems *p)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "type", "about:blank");
	jv_set_str(a, o, "title", title);
	jv_set_int(a, o, "status", status);
	if (p->n)
		jv_set_str(a, o, "detail", p->v[0].message);
	problems_ctx(r, o, "errors", p);
	jv_del(o, "problems_more");
	if (p->more)
		jv_set_bool(a, o, "more_errors", 1);
	res_start(r, status, "application/problem+json");
	res_header(r, "Cache-Control", "no-store");
	json_write(&r->res.body, o, 0);
	buf_putc(&r->res.body, '\n');
}

/* The campaign's state after a write, as the API answers it. */
static void api_state(struct request *r, int status, const char *count_name, long long count)
{
	struct arena *a = r->a;
	struct jval *row;
	long long total = 0, undecided = 0;
	if (store_get(r->st, a, RE, r->org_id, r->id, &row) != STORE_OK ||
	    store_access_review_counts(r->st, r->org_id, r->id, &total, &undecided) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, count_name, count);
	jv_set_int(a, o, "id", r->id);
	jv_set_str(a, o, "status", jv_get_str(row, "status"));
	jv_set_str(a, o, "completed_on", jv_get_str(row, "completed_on"));
	jv_set_int(a, o, "accounts", total);
	jv_set_int(a, o, "undecided", undecided);
	page_json(r, status, o);
}

static int api_answer(struct request *r, int rc, const struct ar_problems *p)
{
	if (rc == REC_OK)
		return 1;
	if (rc == REC_INVALID)
		api_problems(r, 422, T(r, "Nothing was changed: correct these problems."), p);
	else if (rc == REC_FORBIDDEN)
		page_forbidden(r);
	else if (rc == REC_NOTFOUND)
		page_not_found(r);
	else
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
	return 0;
}

void api_access_review_accounts(struct request *r)
{
	struct jval *row;
	if (!load_review(r, &row))
		return;
	if (r->body_too_large) {
		page_error(r, 413, T(r, "The file is too large."));
		return;
	}
	if (!page_heavy(r, r->body_len))
		return;
	struct rctx c = page_rctx(r);
	struct ar_problems p = { 0 };
	long long created = 0;
	int rc = access_review_import(&c, r->id, r->body ? r->body : "", r->body_len, &p, &created);
	if (api_answer(r, rc, &p))
		api_state(r, 201, "created", created);
}

void api_access_review_decisions(struct request *r)
{
	struct arena *a = r->a;
	struct jval *row;
	if (!load_review(r, &row))
		return;
	struct json_error jerr;
	struct jval *body = r->body ? json_parse(a, r->body, r->body_len, &jerr) : NULL;
	if (body && body->type == J_OBJ)
		body = jv_get(body, "decisions");
	if (!body || body->type != J_ARR) {
		page_error(r, 400, T(r, "The body must be a JSON array of decisions: [{\"account\": …, \"decision\": \"keep\", \"comment\": …}]."));
		return;
	}
	struct ar_decision *d = arena_alloc_array(a, body->len ? body->len : 1, sizeof *d);
	struct ar_problems p = { 0 };
	size_t n = 0;
	for (const struct jval *x = body->first; x; x = x->next, n++) {
		memset(&d[n], 0, sizeof d[n]);
		const struct jval *acc = x->type == J_OBJ ? jv_get(x, "account") : NULL;
		const struct jval *dec = x->type == J_OBJ ? jv_get(x, "decision") : NULL;
		const struct jval *com = x->type == J_OBJ ? jv_get(x, "comment") : NULL;
		if (!acc || acc->type != J_STR || (dec && dec->type != J_STR && dec->type != J_NULL) ||
		    (com && com->type != J_STR && com->type != J_NULL)) {
			ar_problem_add(a, &p, n + 1, NULL, T(r, "Each decision is an object with account (text), decision (keep, remove or change) and comment (text)."));
			continue;
		}
		d[n].account = acc->s;
		d[n].decision = dec && dec->type == J_STR ? dec->s : NULL;
		d[n].comment = com && com->type == J_STR ? com->s : NULL;
	}
	if (p.n) {
		api_problems(r, 422, T(r, "Nothing was changed: correct these problems."), &p);
		return;
	}
	struct rctx c = page_rctx(r);
	long long changed = 0;
	int rc = access_review_decide(&c, r->id, d, n, &p, &changed);
	if (api_answer(r, rc, &p))
		api_state(r, 200, "changed", changed);
}

/* ---- panels and tasks ------------------------------------------------------------ */

static struct jval *campaign_ctx(struct request *r, const struct access_campaign *x)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "system", x->system);
	jv_set_str(a, o, "href", arena_printf(a, "/access-reviews/%lld/accounts", x->id));
	jv_set_str(a, o, "record_href", recview_href(r, RE, x->id));
	jv_set_str(a, o, "due", x->due_date);
	jv_set_str(a, o, "completed_on", x->completed_on);
	jv_set_str(a, o, "status", T(r, field_option_label(entity_field(RE, "status"), x->status) ? field_option_label(entity_field(RE, "status"), x->status) : N_("Open")));
	jv_set_str(a, o, "left", arena_printf(a, T(r, "%lld of %lld accounts left"), x->undecided, x->total));
	char today[11];
	clock_today(today);
	if (!x->completed_on && x->due_date && strcmp(x->due_date, today) < 0)
		jv_set_bool(a, o, "overdue", 1);
	return o;
}

void access_review_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	long long id = jv_get_int(row, "id", 0);
	if (e == RE) {
		struct jval *p = jv_set(ctx, "access_review", jv_obj(a));
		long long total, undecided;
		if (store_access_review_counts(r->st, r->org_id, id, &total, &undecided) != STORE_OK)
			return;
		jv_set_str(a, p, "href", arena_printf(a, "/access-reviews/%lld/accounts", id));
		jv_set_int(a, p, "total", total);
		jv_set_int(a, p, "percent", total ? (total - undecided) * 100 / total : 0);
		jv_set_str(a, p, "progress_text", arena_printf(a, T(r, "%s of %s accounts decided"), page_int(r, total - undecided),
							      page_int(r, total)));
		int done = is(jv_get_str(row, "status"), "completed");
		jv_set_bool(a, p, "can_decide", !done && may_accounts(r, id, A_UPDATE));
		if (done)
			jv_set_str(a, p, "measures_href", arena_printf(a, "/measures?access_review_id=%lld", id));
		return;
	}
	if (e != &entity_systems)
		return;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, RE, A_READ, NULL))
		return;
	struct access_campaign *v;
	size_t n;
	const char *last;
	if (store_access_reviews_of_system(r->st, a, r->org_id, id, AR_SHOWN, &v, &n, &last) != STORE_OK)
		return;
	struct jval *p = jv_set(ctx, "system_reviews", jv_obj(a));
	jv_set_str(a, p, "last", last);
	struct jval *list = jv_set(p, "items", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *rv;
		/* Only the campaigns the reader may read. */
		if (store_get(r->st, a, RE, r->org_id, v[i].id, &rv) != STORE_OK || !record_allows(&c, RE, A_READ, rv))
			continue;
		jv_push(list, campaign_ctx(r, &v[i]));
	}
	jv_set_str(a, p, "all_href", arena_printf(a, "/access-reviews?system_id=%lld", id));
	if (record_allows(&c, RE, A_CREATE, NULL))
		jv_set_str(a, p, "new_href", arena_printf(a, "/access-reviews/new?system_id=%lld", id));
}

int access_review_tasks(struct request *r, struct jval *ctx, long long *count)
{
	struct arena *a = r->a;
	*count = 0;
	if (!r->actor.person_id)
		return 0;
	struct access_campaign *v;
	size_t n;
	long long more;
	if (store_access_review_tasks(r->st, a, r->org_id, r->actor.person_id, AR_SHOWN, &v, &n, &more) != STORE_OK)
		return -1;
	struct jval *list = jv_set(ctx, "access_reviews", jv_arr(a));
	for (size_t i = 0; i < n; i++)
		jv_push(list, campaign_ctx(r, &v[i]));
	*count = (long long)n + more;
	if (more)
		jv_set_str(a, ctx, "access_reviews_more_href",
			   arena_printf(a, "/access-reviews?reviewer_id=%lld&status=open", r->actor.person_id));
	return 0;
}
