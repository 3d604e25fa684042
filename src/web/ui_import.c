/*
 * ui_import.c: CSV import in the browser — upload, dry-run preview with
 * every problem by row and column, and confirmation. The uploaded file is
 * kept server-side between preview and confirmation (pending_imports), so
 * what is confirmed is exactly what was previewed.
 */
#include <string.h>

#include "io/import.h"
#include "model/account.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"

static int may_import(struct request *r)
{
	struct rctx c = page_rctx(r);
	if (r->entity->no_import || !record_allows(&c, r->entity, A_CREATE, NULL)) {
		page_forbidden(r);
		return 0;
	}
	return 1;
}

static struct jval *import_ctx(struct request *r)
{
	struct arena *a = r->a;
	const struct entity *e = r->entity;
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Import: %s"), T(r, e->plural)));
	jv_set_str(a, ctx, "entity", e->name);
	jv_set_str(a, ctx, "plural", T(r, e->plural));
	jv_set_str(a, ctx, "action", arena_printf(a, "/%s/import", e->name));
	jv_set_str(a, ctx, "list_href", arena_printf(a, "/%s", e->name));
	jv_set_str(a, ctx, "template_href", arena_printf(a, "/%s/export.csv?template=1", e->name));
	struct jval *cols = jv_set(ctx, "columns", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden || f->readonly)
			continue;
		struct jval *o = jv_push(cols, jv_obj(a));
		jv_set_str(a, o, "name", f->name);
		jv_set_str(a, o, "label", T(r, f->label));
		if (f->required)
			jv_set_bool(a, o, "required", 1);
	}
	return ctx;
}

void h_import_form(struct request *r)
{
	if (!may_import(r))
		return;
	page_render(r, 200, "import", import_ctx(r));
}

static void report_page(struct request *r, const struct import_report *rep, const char *pending,
			int status)
{
	struct arena *a = r->a;
	struct jval *ctx = import_ctx(r);
	jv_set_bool(a, ctx, "report", 1);
	jv_set_int(a, ctx, "rows", (long long)rep->rows);
	jv_set_int(a, ctx, "creates", (long long)rep->creates);
	jv_set_int(a, ctx, "updates", (long long)rep->updates);
	jv_set_int(a, ctx, "unchanged", (long long)rep->unchanged);
	if (rep->converted)
		jv_set_bool(a, ctx, "converted", 1);
	struct jval *issues = jv_set(ctx, "issues", jv_arr(a));
	for (size_t i = 0; i < rep->nissues; i++) {
		struct jval *o = jv_push(issues, jv_obj(a));
		if (rep->issues[i].row)
			jv_set_int(a, o, "row", (long long)rep->issues[i].row);
		jv_set_str(a, o, "column", rep->issues[i].column);
		jv_set_str(a, o, "message", rep->issues[i].message);
	}
	if (rep->truncated)
		jv_set_bool(a, ctx, "truncated", 1);
	struct jval *warnings = jv_set(ctx, "warnings", jv_arr(a));
	for (size_t i = 0; i < rep->nwarnings; i++) {
		struct jval *o = jv_push(warnings, jv_obj(a));
		jv_set_int(a, o, "row", (long long)rep->warnings[i].row);
		jv_set_str(a, o, "column", rep->warnings[i].column);
		jv_set_str(a, o, "message", rep->warnings[i].message);
	}
	if (rep->nwarnings_found > rep->nwarnings)
		jv_set_str(a, ctx, "warnings_more", arena_printf(a, T(r, "And %s more warnings."),
								 page_int(r, (long long)(rep->nwarnings_found - rep->nwarnings))));
	struct jval *preview = jv_set(ctx, "preview", jv_arr(a));
	for (struct jval *p = rep->preview->first; p; p = p->next) {
		struct jval *o = jv_push(preview, jv_obj(a));
		jv_set_int(a, o, "row", jv_get_int(p, "row", 0));
		const char *act = jv_get_str(p, "action");
		jv_set_str(a, o, "action", strcmp(act, "create") == 0   ? T(r, "Create")
					   : strcmp(act, "update") == 0 ? T(r, "Change")
									: T(r, "No change"));
		jv_set_str(a, o, "title", jv_get_str(p, "title"));
	}
	if (pending) {
		jv_set_str(a, ctx, "pending", pending);
		jv_set_str(a, ctx, "confirm_action", arena_printf(a, "/%s/import/confirm", r->entity->name));
	}
	page_render(r, status, "import", ctx);
}

static void import_failed(struct request *r, const char *message)
{
	struct jval *ctx = import_ctx(r);
	struct verrors errs = { 0 };
	verr_add(&errs, NULL, message);
	page_set_errors(r, ctx, &errs, NULL);
	page_render(r, 400, "import", ctx);
}

void h_import(struct request *r)
{
	if (!may_import(r))
		return;
	struct form *form = req_form(r);
	const struct form_field *file = form ? form_field(form, "file") : NULL;
	if (!file || file->value_len == 0) {
		import_failed(r, T(r, "Choose a CSV file to import."));
		return;
	}
	if (!page_heavy(r, file->value_len))
		return;
	struct rctx c = page_rctx(r);
	struct import_report rep;
	int rc = import_csv(&c, r->entity, file->value, file->value_len, 0, &rep);
	if (rc < 0) {
		page_error(r, 500, T(r, "The import could not be checked. Nothing was changed."));
		return;
	}
	if (rc > 0) {
		/* A file that is not CSV at all is a bad request; rows with
		 * problems are unprocessable content. */
		report_page(r, &rep, NULL, rep.malformed ? 400 : 422);
		return;
	}
	char id[ACCOUNT_TOKEN_MAX], now[CLOCK_ISO_LEN];
	account_random(id, NULL);
	clock_now_iso(now);
	if (store_import_put(r->st, id, r->org_id, r->user.id, r->entity->name, file->filename,
			     file->value, file->value_len, now) != STORE_OK) {
		page_error(r, 500, T(r, "The file could not be kept for confirmation. Nothing was changed."));
		return;
	}
	report_page(r, &rep, arena_strdup(r->a, id), 200);
}

void h_import_confirm(struct request *r)
{
	if (!may_import(r))
		return;
	const char *id = req_post(r, "import_id");
	const char *entity, *filename, *content;
	size_t len;
	/* Its size first: a large kept file waits for the large-file slot
	 * before it is read. */
	if (!id || strlen(id) > 64 ||
	    store_import_get(r->st, r->a, id, r->org_id, r->user.id, &entity, &filename, NULL, &len) != STORE_OK ||
	    strcmp(entity, r->entity->name) != 0) {
		import_failed(r, T(r, "The import to confirm was not found or has expired. Upload the file again."));
		return;
	}
	if (!page_heavy(r, len))
		return;
	if (store_import_get(r->st, r->a, id, r->org_id, r->user.id, &entity, &filename, &content, &len) != STORE_OK) {
		import_failed(r, T(r, "The import to confirm was not found or has expired. Upload the file again."));
		return;
	}
	struct rctx c = page_rctx(r);
	struct import_report rep;
	int rc = import_csv(&c, r->entity, content, len, 1, &rep);
	if (rc < 0) {
		page_error(r, 500, T(r, "The import failed. Nothing was changed."));
		return;
	}
	if (rc > 0) {
		/* The data changed since the preview: show what is wrong now. */
		report_page(r, &rep, NULL, 422);
		return;
	}
	store_import_delete(r->st, id);
	store_optimize(r->st);
	res_redirect(r, arena_printf(r->a, "/%s?done=imported", r->entity->name));
}
