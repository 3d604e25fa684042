/*
 * api.c: the JSON API under /api/v1/, derived from the registry like the
 * pages are. Errors are application/problem+json (RFC 9457) with an
 * "errors" member listing each field's problem.
 */
#include <string.h>
#include <strings.h>

#include "core/gaps.h"
#include "model/gaps.h"
#include "model/visible.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define API_PAGE_SIZE 50

int api_json_body(struct request *r, struct jval **body)
{
	const char *ct = req_header(r, "Content-Type");
	if (!ct || (strncasecmp(ct, "application/json", 16) != 0 &&
		    strncasecmp(ct, "application/merge-patch+json", 28) != 0)) {
		page_error(r, 415, T(r, "Send the body as JSON (Content-Type: application/json)."));
		return 0;
	}
	struct json_error err;
	*body = json_parse(r->a, r->body ? r->body : "", r->body_len, &err);
	if (!*body) {
		page_error(r, 400, arena_printf(r->a, T(r, "The JSON is malformed at line %d, column %d: %s."),
						err.line, err.col, T(r, err.msg)));
		return 0;
	}
	if ((*body)->type != J_OBJ) {
		page_error(r, 400, T(r, "The body must be a JSON object."));
		return 0;
	}
	return 1;
}

static int api_status(struct request *r, int rc, const struct verrors *errs)
{
	switch (rc) {
	case REC_OK:
		return 0;
	case REC_INVALID:
		page_problem(r, 422, T(r, "The data is not valid"), errs);
		return 1;
	case REC_FORBIDDEN:
		page_forbidden(r);
		return 1;
	case REC_NOTFOUND:
		page_not_found(r);
		return 1;
	case REC_CONFLICT:
		page_problem(r, 409, T(r, "The record is still in use"), errs);
		return 1;
	default:
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return 1;
	}
}

void api_list(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	struct list_query q;
	struct verrors errs = { 0 };
	if (recview_query(r, e, &q, API_PAGE_SIZE, &errs) != 0) {
		page_problem(r, 400, T(r, "The query is not valid"), &errs);
		return;
	}
	q.with_links = 1;
	record_list_restrict(&c, e, &q);
	struct jval *rows;
	long long total;
	if (store_list(r->st, r->a, e, r->org_id, &q, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	for (struct jval *row = rows->first; row; row = row->next)
		for (const struct field *f = e->fields; f->name; f++)
			if (f->hidden)
				jv_del(row, f->name);
	struct jval *o = jv_obj(r->a);
	jv_set(o, "items", rows);
	jv_set_int(r->a, o, "total", total);
	jv_set_int(r->a, o, "page", q.page);
	jv_set_int(r->a, o, "limit", q.limit);
	page_json(r, 200, o);
}

/* A record as the API gives it: without the fields only code sees
 * (.hidden), with what the entity adds (incidents: their deadlines). */
static struct jval *api_record(struct request *r, struct jval *row)
{
	const struct entity *e = r->entity;
	for (const struct field *f = e->fields; f->name; f++)
		if (f->hidden)
			jv_del(row, f->name);
	if (e->api_extra) {
		struct rctx c = page_rctx(r);
		e->api_extra(&c, e, row);
	}
	return row;
}

void api_get(struct request *r)
{
	struct jval *row;
	if (recview_load(r, &row))
		page_json(r, 200, api_record(r, row));
}

static void respond_record(struct request *r, int status, long long id)
{
	struct jval *row;
	if (store_get(r->st, r->a, r->entity, r->org_id, id, &row) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	if (status == 201)
		res_header(r, "Location", arena_printf(r->a, "/api/v1/%s/%lld", r->entity->name, id));
	page_json(r, status, api_record(r, row));
}

/* ?confirm=1 confirms the warnings (errors marked "confirmable"). */
static int api_confirmed(struct request *r)
{
	const char *confirm = req_query(r, "confirm");
	return confirm && strcmp(confirm, "1") == 0;
}

void api_create(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (e->no_create || !record_allows(&c, e, A_CREATE, NULL)) {
		page_forbidden(r);
		return;
	}
	struct jval *body, *in;
	if (!api_json_body(r, &body))
		return;
	struct verrors errs = { 0 };
	if (record_from_json(&c, e, body, &in, &errs) != 0) {
		record_require(&c, e, in, &errs);
		page_problem(r, 422, T(r, "The data is not valid"), &errs);
		return;
	}
	long long id = 0;
	c.confirmed = api_confirmed(r);
	if (api_status(r, record_create(&c, e, in, &id, &errs), &errs))
		return;
	respond_record(r, 201, id);
}

void api_update(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	struct jval *body, *in;
	if (!record_allows(&c, e, A_UPDATE, NULL)) {
		page_forbidden(r);
		return;
	}
	if (!api_json_body(r, &body))
		return;
	struct verrors errs = { 0 };
	if (record_from_json(&c, e, body, &in, &errs) != 0) {
		page_problem(r, 422, T(r, "The data is not valid"), &errs);
		return;
	}
	c.confirmed = api_confirmed(r);
	if (api_status(r, record_update(&c, e, r->id, in, &errs), &errs))
		return;
	respond_record(r, 200, r->id);
}

void api_delete(struct request *r)
{
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	if (api_status(r, record_delete(&c, r->entity, r->id, &errs), &errs))
		return;
	res_start(r, 204, NULL);
}

void api_history(struct request *r)
{
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	struct jval *rows;
	long long total;
	if (store_audit_list(r->st, r->a, r->org_id, r->entity->name, r->id, 1, 500, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	/* Who made each change: null for those who may not read people
	 * (an account's name names a person). */
	if (!visible_actors(recview_visible(r)))
		for (struct jval *entry = rows->first; entry; entry = entry->next)
			jv_set(entry, "username", jv_null(r->a));
	struct jval *o = jv_obj(r->a);
	jv_set(o, "items", rows);
	jv_set_int(r->a, o, "total", total);
	page_json(r, 200, o);
}

void api_me(struct request *r)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "id", r->user.id);
	jv_set_str(a, o, "username", r->user.username);
	jv_set_str(a, o, "lang", i18n_lang_code(r->lang));
	if (r->user.person_id)
		jv_set_int(a, o, "person_id", r->user.person_id);
	else
		jv_set(o, "person_id", jv_null(a));
	struct jval *roles = jv_set(o, "roles", jv_arr(a));
	for (size_t i = 0; i < r->actor.nas; i++) {
		const struct assignment *as = &r->actor.as[i];
		struct jval *x = jv_push(roles, jv_obj(a));
		jv_set_str(a, x, "role", access_role_code(as->role));
		jv_set_str(a, x, "scope", as->scope == S_ORG ? "org" : as->scope == S_UNIT ? "unit" : "record");
		if (as->scope == S_UNIT)
			jv_set_int(a, x, "unit_id", as->unit_id);
		if (as->scope == S_RECORD) {
			jv_set_str(a, x, "record_entity", as->entity);
			jv_set_int(a, x, "record_id", as->record_id);
		}
	}
	page_json(r, 200, o);
}

void api_organisation(struct request *r)
{
	r->id = r->org_id;
	api_get(r);
}

void api_organisation_update(struct request *r)
{
	r->id = r->org_id;
	api_update(r);
}
