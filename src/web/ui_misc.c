/*
 * ui_misc.c: the pages that are not plain entity editing — the overview,
 * the gap list, the audit trail, the user's own account, an administrator
 * setting a password, static files and the health check.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "model/account.h"
#include "model/entity.h"
#include "model/visible.h"
#include "util/i18n.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

struct jval *history_rows(struct request *r, struct jval *rows, int with_record);
extern const struct grant audit_log_grants[];

void h_healthz(struct request *r)
{
	struct jval *o = jv_obj(r->a);
	int ok = store_schema_version(r->st) > 0;
	jv_set_str(r->a, o, "status", ok ? "ok" : "unavailable");
	page_json(r, ok ? 200 : 503, o);
}

void h_static(struct request *r)
{
	size_t len;
	const char *type;
	const char *data = view_static(r->param, &len, &type);
	if (!data) {
		page_not_found(r);
		return;
	}
	res_start(r, 200, type);
	res_header(r, "Cache-Control", "public, max-age=3600");
	buf_add(&r->res.body, data, len);
}

/* ---- overview and gaps ------------------------------------------------ */

void h_dashboard(struct request *r)
{
	/* Everyone but the coordinator starts on their own tasks. */
	if (!tasks_is_coordinator(r)) {
		h_tasks(r);
		return;
	}
	h_overview(r);
}

void h_overview(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct jval *ctx = page_ctx(r, T(r, "Overview"));
	const struct entity *org = &entity_organisation;
	const char *org_name = store_title(r->st, a, org, r->org_id, r->org_id);
	jv_set_str(a, ctx, "org_name", org_name && *org_name ? org_name : NULL);
	if ((!org_name || !*org_name) && record_allows(&c, org, A_UPDATE, NULL))
		jv_set_bool(a, ctx, "setup", 1);
	if (!r->actor.nas)
		jv_set_bool(a, ctx, "no_roles", 1);

	struct jval *counts = jv_set(ctx, "counts", jv_arr(a));
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		if (!e->overview || !record_allows(&c, e, A_READ, NULL))
			continue;
		struct jval *o = jv_push(counts, jv_obj(a));
		jv_set_str(a, o, "label", T(r, e->plural));
		jv_set_str(a, o, "href", arena_printf(a, "/%s", e->name));
		jv_set_str(a, o, "count", page_int(r, store_count(r->st, e, r->org_id)));
	}

	if (r->actor.person_id)
		jv_set_str(a, ctx, "tasks_href", "/tasks");
	/* New incidents first of all, for those who triage them. */
	struct access_subject who = { r->actor.person_id, r->actor.as, r->actor.nas };
	if (access_allows_every(entity_incidents.grants, &who, A_UPDATE)) {
		struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
		q.filters[0].f = entity_field(&entity_incidents, "status");
		q.filters[0].value = "new";
		struct jval *rows;
		long long waiting = 0;
		if (store_list(r->st, a, &entity_incidents, r->org_id, &q, &rows, &waiting) == STORE_OK && waiting)
			jv_set_str(a, ctx, "incidents_waiting", arena_printf(a, T(r, "Incidents waiting for triage: %s"),
									     page_int(r, waiting)));
	}
	if (gaps_overview_ctx(r, ctx, 10) != 0) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	page_render(r, 200, "dashboard", ctx);
}

/* ---- audit trail ------------------------------------------------------ */

/* The filters of the audit trail from the query: a kind of record the
 * reader may read, a login (only for those who may read people: a login
 * names a person), and a first and last day. 0, or -1 with the message. */
static int audit_filter_parse(struct request *r, struct audit_filter *f, int actors, const char **err)
{
	memset(f, 0, sizeof *f);
	const char *entity = req_query(r, "entity");
	if (entity && *entity) {
		for (const char *const *n = page_readable(r); *n && !f->entity; n++)
			if (strcmp(*n, entity) == 0)
				f->entity = *n;
		if (!f->entity) {
			*err = T(r, "There is no such kind of record, or your roles do not let you read it.");
			return -1;
		}
	}
	const char *user = req_query(r, "user");
	if (user && *user && actors) {
		if (strlen(user) > 200) {
			*err = T(r, "The login name is too long.");
			return -1;
		}
		f->username = user;
	}
	const char *day[2] = { req_query(r, "from"), req_query(r, "to") };
	for (int i = 0; i < 2; i++) {
		if (!day[i] || !*day[i])
			continue;
		if (!date_valid(day[i])) {
			*err = T(r, "Give the date as YYYY-MM-DD, for example 2026-03-31.");
			return -1;
		}
	}
	f->from = day[0] && *day[0] ? day[0] : NULL;
	f->to = day[1] && *day[1] ? day[1] : NULL;
	if (f->from && f->to && date_compare(f->from, f->to) > 0) {
		*err = T(r, "The first day comes after the last day.");
		return -1;
	}
	return 0;
}

void h_audit(struct request *r)
{
	struct arena *a = r->a;
	struct access_subject subj = { r->actor.person_id, r->actor.as, r->actor.nas };
	if (!access_allows(audit_log_grants, &subj, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	int actors = visible_actors(recview_visible(r));
	struct audit_filter f;
	const char *err = NULL;
	if (audit_filter_parse(r, &f, actors, &err) != 0) {
		page_error(r, 400, err);
		return;
	}
	long long page = recview_page(r);
	struct jval *rows;
	long long total;
	/* Entries about what the reader may read (every record of). */
	if (store_audit_list_of(r->st, a, r->org_id, page_readable(r), &f, page, 50, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *ctx = page_ctx(r, T(r, "Audit trail"));
	jv_set(ctx, "entries", history_rows(r, rows, 1));
	jv_set_str(a, ctx, "total", page_int(r, total));
	struct jval *kinds = jv_set(ctx, "kinds", jv_arr(a));
	struct jval *o = jv_push(kinds, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "All kinds"));
	for (const char *const *n = page_readable(r); *n; n++) {
		const struct entity *e = entity_find(*n);
		o = jv_push(kinds, jv_obj(a));
		jv_set_str(a, o, "value", *n);
		jv_set_str(a, o, "label", page_entity_label(r, e, 1));
		if (f.entity == *n)
			jv_set_bool(a, o, "selected", 1);
	}
	if (actors) {
		jv_set_bool(a, ctx, "actors", 1);
		jv_set_str(a, ctx, "user", f.username ? f.username : "");
	}
	jv_set_str(a, ctx, "from", f.from ? f.from : "");
	jv_set_str(a, ctx, "to", f.to ? f.to : "");
	if (f.entity || f.username || f.from || f.to)
		jv_set_bool(a, ctx, "filtered", 1);
	if (page > 1)
		jv_set_str(a, ctx, "prev_href", recview_query_with(r, "page", arena_printf(a, "%lld", page - 1)));
	if (page * 50 < total)
		jv_set_str(a, ctx, "next_href", recview_query_with(r, "page", arena_printf(a, "%lld", page + 1)));
	if (req_query(r, "verify")) {
		long long checked;
		struct audit_problem prob;
		int rc = store_audit_verify(r->st, &checked, &prob);
		if (rc == STORE_OK)
			jv_set_str(a, ctx, "verified",
				   arena_printf(a, T(r, "The audit trail is intact: %s entries checked."), page_int(r, checked)));
		else if (rc == STORE_CONFLICT)
			jv_set_str(a, ctx, "broken",
				   arena_printf(a, T(r, "The audit trail has been tampered with at entry %lld (%s)."),
						prob.id, prob.detail));
		else
			jv_set_str(a, ctx, "broken", T(r, "The audit trail could not be read."));
	}
	page_render(r, 200, "audit", ctx);
}

/* ---- the user's own account ------------------------------------------- */

static void account_page(struct request *r, int status, const struct verrors *errs, const char *new_token)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, T(r, "My account"));
	jv_set_str(a, ctx, "username", r->user.username);
	struct jval *langs = jv_set(ctx, "langs", jv_arr(a));
	static const char *const codes[] = { "sv", "en" };
	static const char *const names[] = { "Svenska", "English" };
	for (int i = 0; i < 2; i++) {
		struct jval *o = jv_push(langs, jv_obj(a));
		jv_set_str(a, o, "value", codes[i]);
		jv_set_str(a, o, "label", names[i]);
		if (i == r->lang)
			jv_set_bool(a, o, "selected", 1);
	}
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "lang") == 0)
		jv_set_str(a, ctx, "flash", T(r, "The language was changed."));
	if (done && strcmp(done, "password") == 0)
		jv_set_str(a, ctx, "flash", T(r, "The password was changed."));
	if (done && strcmp(done, "revoked") == 0)
		jv_set_str(a, ctx, "flash", T(r, "The token was revoked."));
	page_set_errors(r, ctx, errs, NULL);
	if (new_token)
		jv_set_str(a, ctx, "new_token", new_token);
	struct jval *tokens;
	if (store_token_list(r->st, a, r->user.id, &tokens) == STORE_OK) {
		struct jval *live = jv_set(ctx, "tokens", jv_arr(a));
		for (struct jval *t = tokens->first; t; t = t->next) {
			if (jv_get_str(t, "revoked_at"))
				continue;
			struct jval *o = jv_push(live, jv_obj(a));
			jv_set_str(a, o, "name", jv_get_str(t, "name"));
			jv_set_str(a, o, "created_at", jv_get_str(t, "created_at"));
			jv_set_str(a, o, "revoke_action", arena_printf(a, "/account/tokens/%lld/revoke", jv_get_int(t, "id", 0)));
		}
	}
	page_render(r, status, "account", ctx);
}

void h_account(struct request *r)
{
	account_page(r, 200, NULL, NULL);
}

void h_account_save(struct request *r)
{
	const char *lang = req_post(r, "lang");
	int l = lang ? i18n_lang_from_code(lang) : -1;
	struct verrors errs = { 0 };
	if (l < 0) {
		verr_add(&errs, "lang", T(r, "Choose one of the listed values."));
		account_page(r, 400, &errs, NULL);
		return;
	}
	/* Changing one's own language is not an administrator's edit of the
	 * account, so it goes past the users entity's grants, but still
	 * through the record path and the audit trail. */
	struct actor self = r->actor;
	self.trusted = 1;
	struct rctx c = page_rctx(r);
	c.who = &self;
	struct jval *in = jv_obj(r->a);
	jv_set_str(r->a, in, "lang", i18n_lang_code(l));
	int rc = record_update(&c, &entity_users, r->user.id, in, &errs);
	if (rc != REC_OK) {
		account_page(r, 500, &errs, NULL);
		return;
	}
	res_redirect(r, "/account?done=lang");
}

void h_account_password(struct request *r)
{
	const char *current = req_post(r, "current");
	const char *pw = req_post(r, "password");
	const char *again = req_post(r, "password_again");
	struct verrors errs = { 0 };
	if (!current || !account_check_password(r->user.password_hash, current))
		verr_add(&errs, "current", T(r, "The current password is wrong."));
	else if (!pw || !again || strcmp(pw, again) != 0)
		verr_add(&errs, "password", T(r, "The new passwords are not the same."));
	if (errs.n) {
		account_page(r, 422, &errs, NULL);
		return;
	}
	struct rctx c = page_rctx(r);
	int rc = account_set_password(&c, r->user.id, pw, &errs);
	if (rc == REC_INVALID) {
		account_page(r, 422, &errs, NULL);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, 500, T(r, "The password could not be changed."));
		return;
	}
	/* Setting the password ended every session, this one too: log in
	 * again with the new password. */
	res_redirect(r, "/login");
}

void h_token_create(struct request *r)
{
	const char *name = req_post(r, "name");
	struct verrors errs = { 0 };
	if (!name || !*name || strlen(name) > 100) {
		verr_add(&errs, "name", T(r, "Give the token a name of at most 100 characters, e.g. what will use it."));
		account_page(r, 422, &errs, NULL);
		return;
	}
	struct rctx c = page_rctx(r);
	char token[ACCOUNT_TOKEN_MAX];
	long long id;
	if (account_token_create(&c, r->user.id, name, token, &id) != REC_OK) {
		page_error(r, 500, T(r, "The token could not be created."));
		return;
	}
	account_page(r, 200, NULL, arena_strdup(r->a, token));
}

void h_token_revoke(struct request *r)
{
	struct jval *tokens;
	int mine = 0;
	if (store_token_list(r->st, r->a, r->user.id, &tokens) == STORE_OK)
		for (struct jval *t = tokens->first; t; t = t->next)
			mine |= jv_get_int(t, "id", 0) == r->id;
	if (!mine) {
		page_not_found(r);
		return;
	}
	struct rctx c = page_rctx(r);
	if (account_token_revoke(&c, r->id) != REC_OK) {
		page_error(r, 500, T(r, "The token could not be revoked."));
		return;
	}
	res_redirect(r, "/account?done=revoked");
}

/* ---- an administrator sets a user's password ------------------------- */

static int may_set_password(struct request *r, struct jval **row)
{
	r->entity = &entity_users;
	if (!recview_load(r, row))
		return 0;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, r->entity, A_UPDATE, *row)) {
		page_forbidden(r);
		return 0;
	}
	return 1;
}

static void password_page(struct request *r, struct jval *row, int status, const struct verrors *errs)
{
	struct arena *a = r->a;
	const char *name = jv_get_str(row, "username");
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Set password: %s"), name));
	jv_set_str(a, ctx, "heading", name);
	jv_set_str(a, ctx, "action", arena_printf(a, "/users/%lld/password", r->id));
	jv_set_str(a, ctx, "cancel_href", arena_printf(a, "/users/%lld", r->id));
	page_set_errors(r, ctx, errs, NULL);
	page_render(r, status, "password", ctx);
}

void h_user_password_form(struct request *r)
{
	struct jval *row;
	if (may_set_password(r, &row))
		password_page(r, row, 200, NULL);
}

void h_user_password(struct request *r)
{
	struct jval *row;
	if (!may_set_password(r, &row))
		return;
	const char *pw = req_post(r, "password");
	const char *again = req_post(r, "password_again");
	struct verrors errs = { 0 };
	if (!pw || !again || strcmp(pw, again) != 0) {
		verr_add(&errs, "password", T(r, "The new passwords are not the same."));
		password_page(r, row, 422, &errs);
		return;
	}
	struct rctx c = page_rctx(r);
	int rc = account_set_password(&c, r->id, pw, &errs);
	if (rc == REC_INVALID) {
		password_page(r, row, 422, &errs);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, 500, T(r, "The password could not be changed."));
		return;
	}
	res_redirect(r, arena_printf(r->a, "/users/%lld?done=updated", r->id));
}
