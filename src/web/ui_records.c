/*
 * ui_records.c: the pages every entity gets from its registry entry — list
 * (search, filters, sorting, paging, export), record, new/edit form,
 * delete, history — and the organisation's own page.
 */
#include <stdlib.h>
#include <string.h>

#include "core/gaps.h"
#include "io/export.h"
#include "model/gaps.h"
#include "model/visible.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Above this many records a reference is typed (with suggestions) rather
 * than chosen from a list. */
#define CHOICE_LIMIT 300

static const char *done_message(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	if (strcmp(d, "created") == 0)
		return T(r, "Saved. The record was created.");
	if (strcmp(d, "updated") == 0)
		return T(r, "Saved.");
	if (strcmp(d, "deleted") == 0)
		return T(r, "The record was deleted.");
	if (strcmp(d, "imported") == 0)
		return T(r, "The import is done.");
	if (strcmp(d, "nochange") == 0)
		return T(r, "Nothing was changed.");
	if (strcmp(d, "evidence_added") == 0)
		return T(r, "The file was saved as evidence.");
	if (strcmp(d, "evidence_removed") == 0)
		return T(r, "The evidence file was removed.");
	return NULL;
}

/* The query string of the current list with one parameter replaced (or
 * removed when value is NULL), starting with "?". */
static const char *query_with(struct request *r, const char *name, const char *value)
{
	struct jval *args = req_query_obj(r);
	struct buf b = BUF_INIT;
	for (const struct jval *m = args->first; m; m = m->next) {
		if (strcmp(m->key, name) == 0 || strcmp(m->key, "done") == 0 || !*m->s)
			continue;
		buf_printf(&b, "%c%s=%s", b.len ? '&' : '?', recview_urlencode(r->a, m->key),
			   recview_urlencode(r->a, m->s));
	}
	if (value)
		buf_printf(&b, "%c%s=%s", b.len ? '&' : '?', name, recview_urlencode(r->a, value));
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* ---- list ------------------------------------------------------------- */

static struct jval *filter_options(struct request *r, const struct field *f, const char *current)
{
	struct arena *a = r->a;
	struct jval *opts = jv_arr(a);
	struct jval *o = jv_push(opts, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "All"));
	if (!f->required || f->type == F_REFS) {
		o = jv_push(opts, jv_obj(a));
		jv_set_str(a, o, "value", "-");
		jv_set_str(a, o, "label", T(r, "Not given"));
		if (current && strcmp(current, "-") == 0)
			jv_set_bool(a, o, "selected", 1);
	}
	if (f->type == F_ENUM) {
		for (const struct option *op = f->options; op->value; op++) {
			o = jv_push(opts, jv_obj(a));
			jv_set_str(a, o, "value", op->value);
			jv_set_str(a, o, "label", T(r, op->label));
			if (current && strcmp(current, op->value) == 0)
				jv_set_bool(a, o, "selected", 1);
		}
	} else if (f->type == F_BOOL) {
		static const char *const v[] = { "1", "0" };
		for (int i = 0; i < 2; i++) {
			o = jv_push(opts, jv_obj(a));
			jv_set_str(a, o, "value", v[i]);
			jv_set_str(a, o, "label", i == 0 ? T(r, "Yes") : T(r, "No"));
			if (current && strcmp(current, v[i]) == 0)
				jv_set_bool(a, o, "selected", 1);
		}
	} else if (f->type == F_REF || f->type == F_REFS) {
		const struct entity *t = f->ref;
		struct visible *vis = recview_visible(r);
		struct jval *choices = NULL;
		long long total = 0;
		/* Records the user may not read are not offered by name: "All"
		 * and "Not given" still filter. */
		if (visible_entity(vis, t) != VIS_NONE)
			store_choices(r->st, a, t, r->org_id, CHOICE_LIMIT, &choices, &total);
		int have_current = 0;
		if (choices && total <= CHOICE_LIMIT) {
			for (struct jval *ch = choices->first; ch; ch = ch->next) {
				if (!visible_record(vis, t, jv_get_int(ch, "id", 0)))
					continue;
				const char *id = arena_printf(a, "%lld", jv_get_int(ch, "id", 0));
				o = jv_push(opts, jv_obj(a));
				jv_set_str(a, o, "value", id);
				jv_set_str(a, o, "label", jv_get_str(ch, "label"));
				if (current && strcmp(current, id) == 0) {
					jv_set_bool(a, o, "selected", 1);
					have_current = 1;
				}
			}
		}
		/* Too many to list: keep the one chosen (e.g. from a link). */
		if (current && *current && strcmp(current, "-") != 0 && !have_current) {
			long long id = strtoll(current, NULL, 10);
			const char *title = visible_record(vis, t, id) ? store_title(r->st, a, t, r->org_id, id)
								       : visible_hidden(r->lang);
			o = jv_push(opts, jv_obj(a));
			jv_set_str(a, o, "value", current);
			jv_set_str(a, o, "label", title ? title : current);
			jv_set_bool(a, o, "selected", 1);
		}
	}
	return opts;
}

/* The records of a tree-shaped entity (model/entity.h tree_parent: the
 * units), every one under its parent. */
static struct jval *record_tree(struct request *r, const struct entity *e)
{
	struct arena *a = r->a;
	const struct field *kind = entity_field(e, "kind");
	struct list_query q = { .limit = 0 };
	struct jval *rows;
	if (store_list(r->st, a, e, r->org_id, &q, &rows, NULL) != STORE_OK || rows->len > 2000)
		return NULL;
	size_t n = rows->len, i = 0;
	struct jval **nodes = arena_alloc_array(a, n ? n : 1, sizeof *nodes);
	long long *ids = arena_alloc_array(a, n ? n : 1, sizeof *ids);
	long long *parents = arena_alloc_array(a, n ? n : 1, sizeof *parents);
	for (struct jval *row = rows->first; row; row = row->next, i++) {
		struct jval *node = jv_obj(a);
		ids[i] = jv_get_int(row, "id", 0);
		parents[i] = jv_get_int(row, e->tree_parent, 0);
		jv_set_str(a, node, "name", jv_get_str(row, e->title_field));
		jv_set_str(a, node, "href", recview_href(r, e, ids[i]));
		if (kind)
			jv_set_str(a, node, "kind", recview_text(r, kind, row));
		jv_set(node, "children", jv_arr(a));
		nodes[i] = node;
	}
	struct jval *roots = jv_arr(a);
	for (i = 0; i < n; i++) {
		struct jval *parent = NULL;
		for (size_t j = 0; j < n && parents[i]; j++)
			if (ids[j] == parents[i] && j != i)
				parent = nodes[j];
		jv_push(parent ? jv_get(parent, "children") : roots, nodes[i]);
	}
	return roots;
}

/* The class of a list cell: short values (dates, numbers, yes/no) keep
 * to one line; an e-mail address, not a word, may break anywhere rather
 * than widen the table; names and text wrap between words. */
static const char *list_cell_class(const struct field *f)
{
	if (f->type == F_DATE || f->type == F_INT || f->type == F_BOOL)
		return "nowrap";
	return f->type == F_EMAIL ? "address" : NULL;
}

void h_list(struct request *r)
{
	struct arena *a = r->a;
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	struct list_query q;
	struct verrors errs = { 0 };
	struct jval *ctx = page_ctx(r, T(r, e->plural));
	int bad = recview_query(r, e, &q, UI_PAGE_SIZE, &errs) != 0;
	if (bad) {
		/* Show the list without the parameters at fault, with the reason. */
		page_set_errors(r, ctx, &errs, NULL);
		struct list_query clean = { .page = 1, .limit = UI_PAGE_SIZE, .q = q.q };
		q = clean;
	}
	struct jval *rows;
	long long total = 0;
	if (store_list(r->st, a, e, r->org_id, &q, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	jv_set_str(a, ctx, "entity", e->name);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "q", q.q ? q.q : "");
	jv_set_str(a, ctx, "flash", done_message(r));
	jv_set_bool(a, ctx, "can_create", !e->no_create && record_allows(&c, e, A_CREATE, NULL));
	jv_set_bool(a, ctx, "can_import", !e->no_import && record_allows(&c, e, A_CREATE, NULL));

	struct jval *filters = jv_set(ctx, "filters", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++) {
		if (!f->filter || f->hidden)
			continue;
		struct jval *fo = jv_push(filters, jv_obj(a));
		jv_set_str(a, fo, "name", f->name);
		jv_set_str(a, fo, "label", T(r, f->label));
		jv_set(fo, "options", filter_options(r, f, req_query(r, f->name)));
	}

	struct jval *cols = jv_set(ctx, "columns", jv_arr(a));
	const struct field *sorted = q.sort ? q.sort
				   : entity_field(e, e->default_sort ? e->default_sort : e->title_field);
	for (const struct field *f = e->fields; f->name; f++) {
		if (!f->list)
			continue;
		struct jval *col = jv_push(cols, jv_obj(a));
		jv_set_str(a, col, "label", T(r, f->label));
		if (recview_sortable(r, f)) {
			int is_sorted = f == sorted;
			int next_desc = is_sorted && !q.desc;
			jv_set_str(a, col, "sort_href",
				   query_with(r, "sort", arena_printf(a, "%s%s", next_desc ? "-" : "", f->name)));
			if (is_sorted)
				jv_set_str(a, col, "aria_sort", q.desc ? "descending" : "ascending");
		}
	}
	struct jval *out = jv_set(ctx, "rows", jv_arr(a));
	for (struct jval *row = rows->first; row; row = row->next) {
		struct jval *o = jv_push(out, jv_obj(a));
		long long id = jv_get_int(row, "id", 0);
		struct jval *cells = jv_set(o, "cells", jv_arr(a));
		int first = 1;
		for (const struct field *f = e->fields; f->name; f++) {
			if (!f->list)
				continue;
			struct jval *cell = jv_push(cells, jv_obj(a));
			jv_set_str(a, cell, "text", recview_text(r, f, row));
			/* The column's name, for the row shown as a card on a phone. */
			jv_set_str(a, cell, "label", T(r, f->label));
			const char *cls = list_cell_class(f);
			if (cls)
				jv_set_str(a, cell, "cell_class", cls);
			if (first) {
				jv_set_str(a, cell, "href", recview_href(r, e, id));
				jv_set_bool(a, cell, "head", 1);
				if (!*jv_get_str(cell, "text"))
					jv_set_str(a, cell, "text", recview_title(r, e, row));
			} else if (f->type == F_REF) {
				jv_set_str(a, cell, "href", recview_ref_href(r, f, jv_get_int(row, f->name, 0)));
			}
			first = 0;
		}
	}
	long long pages = q.limit ? (total + q.limit - 1) / q.limit : 1;
	if (pages < 1)
		pages = 1;
	jv_set_int(a, ctx, "total", total);
	jv_set_int(a, ctx, "page", q.page);
	jv_set_int(a, ctx, "pages", pages);
	jv_set_bool(a, ctx, "empty", rows->len == 0);
	if (rows->len)
		jv_set_str(a, ctx, "range", arena_printf(a, T(r, "Showing %lld–%lld of %lld"),
							 (q.page - 1) * q.limit + 1,
							 (q.page - 1) * q.limit + (long long)rows->len, total));
	if (q.page > 1)
		jv_set_str(a, ctx, "prev_href", query_with(r, "page", arena_printf(a, "%lld", q.page - 1)));
	if (q.page < pages)
		jv_set_str(a, ctx, "next_href", query_with(r, "page", arena_printf(a, "%lld", q.page + 1)));
	const char *qs = query_with(r, "page", NULL);
	jv_set_str(a, ctx, "csv_href", arena_printf(a, "/%s/export.csv%s", e->name, qs));
	jv_set_str(a, ctx, "xlsx_href", arena_printf(a, "/%s/export.xlsx%s", e->name, qs));
	if (e->tree_parent && !q.q && !q.nfilters && q.page == 1)
		jv_set(ctx, "tree", record_tree(r, e));
	page_render(r, 200, "list", ctx);
}

/* ---- one record ------------------------------------------------------- */

/* Records elsewhere that refer to this one, a few of each. */
static struct jval *used_by(struct request *r, const struct entity *e, long long id)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct jval *groups = jv_arr(a);
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *other = entity_all[i];
		if (!record_allows(&c, other, A_READ, NULL))
			continue;
		for (const struct field *f = other->fields; f->name; f++) {
			if ((f->type != F_REF && f->type != F_REFS) || f->ref != e)
				continue;
			struct list_query q = { .page = 1, .limit = 10, .nfilters = 1 };
			q.filters[0].f = f;
			q.filters[0].value = arena_printf(a, "%lld", id);
			struct jval *rows;
			long long total;
			if (store_list(r->st, a, other, r->org_id, &q, &rows, &total) != STORE_OK || !total)
				continue;
			struct jval *g = jv_push(groups, jv_obj(a));
			jv_set_str(a, g, "label", arena_printf(a, "%s (%s)", T(r, other->plural), T(r, f->label)));
			jv_set_int(a, g, "total", total);
			if (total > 10)
				jv_set_str(a, g, "more_href", arena_printf(a, "/%s?%s=%lld", other->name, f->name, id));
			struct jval *items = jv_set(g, "items", jv_arr(a));
			for (struct jval *row = rows->first; row; row = row->next) {
				if (!visible_record(recview_visible(r), other, jv_get_int(row, "id", 0)))
					continue;
				struct jval *it = jv_push(items, jv_obj(a));
				jv_set_str(a, it, "label", recview_title(r, other, row));
				jv_set_str(a, it, "href", recview_href(r, other, jv_get_int(row, "id", 0)));
			}
		}
	}
	return groups;
}

void records_show(struct request *r, const struct entity *e, struct jval *row, const struct verrors *errs,
		  int status)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	const char *title = recview_title(r, e, row);
	struct jval *ctx = page_ctx(r, arena_printf(a, "%s: %s", T(r, e->label), title));
	jv_set_str(a, ctx, "heading", title);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "entity", e->name);
	jv_set_str(a, ctx, "plural", T(r, e->plural));
	jv_set_str(a, ctx, "list_href", e->singleton ? NULL : arena_printf(a, "/%s", e->name));
	jv_set_int(a, ctx, "id", id);
	jv_set_str(a, ctx, "flash", done_message(r));
	const char *base = recview_href(r, e, id);
	jv_set_str(a, ctx, "href", base);
	jv_set_str(a, ctx, "history_href", arena_printf(a, "%s/history", base));
	if (record_allows(&c, e, A_UPDATE, row))
		jv_set_str(a, ctx, "edit_href", arena_printf(a, "%s/edit", base));
	struct verrors kept = { 0 };
	if (!e->no_delete && record_allows(&c, e, A_DELETE, row) && record_deletable(&c, e, row, &kept))
		jv_set_str(a, ctx, "delete_href", arena_printf(a, "%s/delete", base));
	if ((e->panels & PANEL_PASSWORD) && record_allows(&c, e, A_UPDATE, row))
		jv_set_str(a, ctx, "password_href", arena_printf(a, "%s/password", base));

	struct jval *fields = jv_set(ctx, "fields", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		struct jval *o = jv_push(fields, jv_obj(a));
		jv_set_str(a, o, "label", T(r, f->label));
		/* Every key the template tests is set, so that none is found in
		 * the page's context instead (the record's own href, say). */
		jv_set(o, "href", jv_null(a));
		jv_set_bool(a, o, "empty", 0);
		jv_set_bool(a, o, "long", 0);
		jv_set(o, "items", jv_arr(a));
		if (f->type == F_REFS) {
			const struct jval *labels = jv_get(jv_get(row, "_labels"), f->name);
			struct jval *items = jv_set(o, "items", jv_arr(a));
			int hidden = 0;
			for (const struct jval *m = labels ? labels->first : NULL; m; m = m->next) {
				const char *href = recview_ref_href(r, f, jv_get_int(m, "id", 0));
				if (!href) {
					hidden = 1;
					continue;
				}
				struct jval *it = jv_push(items, jv_obj(a));
				jv_set_str(a, it, "label", jv_get_str(m, "label"));
				jv_set_str(a, it, "href", href);
			}
			/* What the user may not read: one placeholder, unlinked. */
			if (hidden) {
				struct jval *it = jv_push(items, jv_obj(a));
				jv_set_str(a, it, "label", visible_hidden(r->lang));
				jv_set(it, "href", jv_null(a));
			}
			if (!items->len)
				jv_set_bool(a, o, "empty", 1);
			continue;
		}
		const char *text = recview_text(r, f, row);
		jv_set_str(a, o, "text", text);
		if (!*text)
			jv_set_bool(a, o, "empty", 1);
		if (f->type == F_REF)
			jv_set_str(a, o, "href", recview_ref_href(r, f, jv_get_int(row, f->name, 0)));
		if (f->type == F_LONGTEXT)
			jv_set_bool(a, o, "long", 1);
	}
	char local[32];
	jv_set_str(a, ctx, "created_at", clock_local(jv_get_str(row, "created_at"), local, sizeof local));
	jv_set_str(a, ctx, "updated_at", arena_strdup(a, clock_local(jv_get_str(row, "updated_at"), local, sizeof local)));
	jv_set(ctx, "gaps", gaps_of_record(r, e, id));
	jv_set(ctx, "used_by", used_by(r, e, id));
	classify_panels(r, e, row, ctx);
	page_set_errors(r, ctx, errs, NULL);
	page_render(r, status, "record", ctx);
}

void h_show(struct request *r)
{
	struct jval *row;
	if (recview_load(r, &row))
		records_show(r, r->entity, row, NULL, 200);
}

void h_org_show(struct request *r)
{
	r->id = r->org_id;
	struct jval *row;
	if (recview_load(r, &row))
		records_show(r, r->entity, row, NULL, 200);
}

/* ---- forms ------------------------------------------------------------ */

/* The form's view of field f: its value as the control shows it (raw text
 * after a failed submit, else from rec), options, errors. */
static struct jval *field_view(struct request *r, const struct entity *e, const struct field *f,
			       const struct jval *rec, const struct form *posted, const struct verrors *errs)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	(void)e;
	jv_set_str(a, o, "name", f->name);
	jv_set_str(a, o, "id", arena_printf(a, "f-%s", f->name));
	jv_set_str(a, o, "label", T(r, f->label));
	if (f->help)
		jv_set_str(a, o, "help", T(r, f->help));
	if (f->required)
		jv_set_bool(a, o, "required", 1);
	const char *err = verr_get(errs, f->name);
	if (err)
		jv_set_str(a, o, "error", err);
	if (f->max && (f->type == F_TEXT || f->type == F_LONGTEXT || f->type == F_EMAIL))
		jv_set_int(a, o, "maxlength", f->max);
	const struct jval *v = jv_get(rec, f->name);
	const char *raw = posted ? form_get(posted, f->name) : NULL;

	switch (f->type) {
	case F_LONGTEXT:
		jv_set_bool(a, o, "is_textarea", 1);
		jv_set_str(a, o, "value", raw ? raw : record_value_text(a, f, v));
		break;
	case F_BOOL:
		jv_set_bool(a, o, "is_checkbox", 1);
		if (posted ? raw != NULL : jv_truthy(v))
			jv_set_bool(a, o, "checked", 1);
		break;
	case F_ENUM: {
		jv_set_bool(a, o, "is_select", 1);
		const char *cur = raw ? raw : v && v->type == J_STR ? v->s : "";
		struct jval *opts = jv_set(o, "options", jv_arr(a));
		if (!f->required) {
			struct jval *op = jv_push(opts, jv_obj(a));
			jv_set_str(a, op, "value", "");
			jv_set_str(a, op, "label", T(r, "(not given)"));
		}
		for (const struct option *op = f->options; op->value; op++) {
			struct jval *x = jv_push(opts, jv_obj(a));
			jv_set_str(a, x, "value", op->value);
			jv_set_str(a, x, "label", T(r, op->label));
			if (strcmp(cur, op->value) == 0)
				jv_set_bool(a, x, "selected", 1);
		}
		break;
	}
	case F_REF:
	case F_REFS: {
		const struct entity *t = f->ref;
		struct visible *vis = recview_visible(r);
		enum visibility tv = visible_entity(vis, t);
		struct jval *choices = NULL;
		long long total = 0;
		if (tv == VIS_ALL)
			store_choices(r->st, a, t, r->org_id, CHOICE_LIMIT, &choices, &total);
		/* Typed when there are too many to list, or when the user may
		 * not read them all: a list would name them, and a value not
		 * among its options would be lost on saving. */
		if (tv != VIS_ALL || total > CHOICE_LIMIT) {
			/* Typed: "#12 Title" per line, suggestions from the API. */
			jv_set_bool(a, o, f->type == F_REF ? "is_reftext" : "is_refstext", 1);
			if (tv != VIS_NONE)
				jv_set_str(a, o, "suggest", t->name);
			const char *value = raw;
			if (!value) {
				struct buf b = BUF_INIT;
				const struct jval *labels = jv_get(jv_get(rec, "_labels"), f->name);
				if (f->type == F_REF && v && v->type == J_INT) {
					const char *l = labels && labels->type == J_STR && visible_record(vis, t, v->i)
								? labels->s : "";
					buf_printf(&b, "#%lld %s", v->i, l);
				}
				if (f->type == F_REFS && labels && labels->type == J_ARR)
					for (const struct jval *m = labels->first; m; m = m->next) {
						long long id = jv_get_int(m, "id", 0);
						const char *l = jv_get_str(m, "label");
						buf_printf(&b, "#%lld %s\n", id, l && visible_record(vis, t, id) ? l : "");
					}
				value = arena_strdup(a, buf_str(&b));
				buf_free(&b);
			}
			jv_set_str(a, o, "value", value);
			if (!f->help)
				jv_set_str(a, o, "help", f->type == F_REF
								 ? T(r, "Type a name, or # and the number.")
								 : T(r, "One per line: a name, or # and the number."));
			break;
		}
		jv_set_bool(a, o, f->type == F_REF ? "is_select" : "is_checkboxes", 1);
		/* The values to mark: all of them, as many as were posted (the
		 * count form_get_all returns can be past any fixed array). */
		const char **vals = NULL;
		size_t nvals = 0;
		if (posted) {
			nvals = form_get_all(posted, f->name, NULL, 0);
			vals = arena_alloc_array(a, nvals ? nvals : 1, sizeof *vals);
			form_get_all(posted, f->name, vals, nvals);
		} else if (v && (v->type == J_INT || v->type == J_ARR)) {
			vals = arena_alloc_array(a, v->type == J_ARR && v->len ? v->len : 1, sizeof *vals);
			if (v->type == J_INT)
				vals[nvals++] = arena_printf(a, "%lld", v->i);
			else
				for (const struct jval *m = v->first; m; m = m->next)
					vals[nvals++] = arena_printf(a, "%lld", m->i);
		}
		struct jval *opts = jv_set(o, "options", jv_arr(a));
		if (f->type == F_REF) {
			struct jval *op = jv_push(opts, jv_obj(a));
			jv_set_str(a, op, "value", "");
			jv_set_str(a, op, "label", T(r, "(not given)"));
		}
		int i = 0;
		for (struct jval *ch = choices->first; ch; ch = ch->next, i++) {
			const char *id = arena_printf(a, "%lld", jv_get_int(ch, "id", 0));
			struct jval *op = jv_push(opts, jv_obj(a));
			jv_set_str(a, op, "value", id);
			jv_set_str(a, op, "label", jv_get_str(ch, "label"));
			jv_set_str(a, op, "id", arena_printf(a, "f-%s-%d", f->name, i));
			for (size_t k = 0; k < nvals; k++)
				if (strcmp(vals[k], id) == 0)
					jv_set_bool(a, op, f->type == F_REF ? "selected" : "checked", 1);
		}
		if (f->type == F_REFS && !choices->len)
			jv_set_str(a, o, "none", T(r, "There are no records to choose from yet."));
		break;
	}
	default:
		jv_set_bool(a, o, "is_input", 1);
		jv_set_str(a, o, "type", f->type == F_DATE    ? "date"
					 : f->type == F_INT   ? "number"
					 : f->type == F_EMAIL ? "email"
							      : "text");
		if (f->type == F_INT) {
			jv_set_int(a, o, "min", f->min);
			jv_set_int(a, o, "max", f->max);
		}
		jv_set_str(a, o, "value", raw ? raw : record_value_text(a, f, v));
		break;
	}
	return o;
}

static void form_page(struct request *r, const struct entity *e, const char *title, const char *action,
		      const char *cancel, const struct jval *rec, const struct form *posted,
		      const struct verrors *errs)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, title);
	jv_set_str(a, ctx, "action", action);
	jv_set_str(a, ctx, "cancel_href", cancel);
	struct jval *fields = jv_set(ctx, "fields", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++)
		if (!f->hidden && !f->readonly)
			jv_push(fields, field_view(r, e, f, rec, posted, errs));
	page_set_errors(r, ctx, errs, e);
	/* Only warnings: offer to save anyway. */
	if (verr_confirmable(errs))
		jv_set_bool(a, ctx, "confirmable", 1);
	page_render(r, errs && errs->n ? 422 : 200, "form", ctx);
}

/* The submitted form as input for record_create/update. */
static struct jval *form_input(struct request *r, const struct entity *e, struct verrors *errs)
{
	struct arena *a = r->a;
	struct form *form = req_form(r);
	struct jval *in = jv_obj(a);
	if (!form) {
		verr_add(errs, NULL, T(r, "The form could not be read."));
		return in;
	}
	struct rctx c = page_rctx(r);
	c.allow_names = 1;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden || f->readonly)
			continue;
		const char *text;
		if (f->type == F_REFS) {
			/* Every value sent, however many: the record's own limit
			 * (too many references) speaks for the rest, where a fixed
			 * array here once dropped them without a word. */
			size_t n = form_get_all(form, f->name, NULL, 0);
			const char **vals = arena_alloc_array(a, n ? n : 1, sizeof *vals);
			form_get_all(form, f->name, vals, n);
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < n; i++)
				buf_printf(&b, "%s\n", vals[i]);
			text = arena_strdup(a, buf_str(&b));
			buf_free(&b);
		} else if (f->type == F_BOOL) {
			text = form_get(form, f->name) ? "1" : "0";
		} else {
			text = form_get(form, f->name);
		}
		struct jval *v = record_value_from_text(&c, e, f, text, errs);
		if (v)
			jv_set(in, f->name, v);
	}
	return in;
}

void h_new(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (e->no_create || !record_allows(&c, e, A_CREATE, NULL)) {
		page_forbidden(r);
		return;
	}
	struct jval *rec = record_defaults(&c, e);
	/* Prefill from the query, e.g. /units/new?parent_id=3 from a unit. */
	c.allow_names = 0;
	for (const struct field *f = e->fields; f->name; f++) {
		const char *v = req_query(r, f->name);
		struct verrors ignore = { 0 };
		struct jval *val = v ? record_value_from_text(&c, e, f, v, &ignore) : NULL;
		if (val) {
			jv_set(rec, f->name, val);
			if (f->type == F_REF && val->type == J_INT) {
				const struct entity *te = f->ref;
				const char *t = visible_record(recview_visible(r), te, val->i)
							? store_title(r->st, r->a, te, r->org_id, val->i) : NULL;
				struct jval *labels = jv_get(rec, "_labels");
				if (!labels)
					labels = jv_set(rec, "_labels", jv_obj(r->a));
				if (t)
					jv_set_str(r->a, labels, f->name, t);
			}
		}
	}
	form_page(r, e, arena_printf(r->a, T(r, "New: %s"), T(r, e->label)),
		  arena_printf(r->a, "/%s", e->name), arena_printf(r->a, "/%s", e->name), rec, NULL, NULL);
}

static int write_status(struct request *r, int rc)
{
	switch (rc) {
	case REC_FORBIDDEN:
		page_forbidden(r);
		return 1;
	case REC_NOTFOUND:
		page_not_found(r);
		return 1;
	case REC_ERROR:
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return 1;
	default:
		return 0;
	}
}

void h_create(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (e->no_create || !record_allows(&c, e, A_CREATE, NULL)) {
		page_forbidden(r);
		return;
	}
	struct verrors errs = { 0 };
	struct jval *in = form_input(r, e, &errs);
	long long id = 0;
	if (errs.n)
		record_require(&c, e, in, &errs);
	c.confirmed = req_post(r, "_confirm") != NULL;
	int rc = errs.n ? REC_INVALID : record_create(&c, e, in, &id, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_INVALID) {
		form_page(r, e, arena_printf(r->a, T(r, "New: %s"), T(r, e->label)),
			  arena_printf(r->a, "/%s", e->name), arena_printf(r->a, "/%s", e->name), in,
			  req_form(r), &errs);
		return;
	}
	res_redirect(r, arena_printf(r->a, "%s?done=created", recview_href(r, e, id)));
}

static void edit_page(struct request *r, const struct form *posted, const struct verrors *errs)
{
	const struct entity *e = r->entity;
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_UPDATE, row)) {
		page_forbidden(r);
		return;
	}
	const char *href = recview_href(r, e, r->id);
	form_page(r, e, arena_printf(r->a, T(r, "Edit: %s"), recview_title(r, e, row)),
		  e->singleton ? recview_href(r, e, 0) : href, href, row, posted, errs);
}

void h_edit(struct request *r)
{
	edit_page(r, NULL, NULL);
}

void h_org_edit(struct request *r)
{
	r->id = r->org_id;
	edit_page(r, NULL, NULL);
}

void h_update(struct request *r)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	struct jval *in = form_input(r, e, &errs);
	long long before = store_generation(r->st);
	c.confirmed = req_post(r, "_confirm") != NULL;
	int rc = errs.n ? REC_INVALID : record_update(&c, e, r->id, in, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_INVALID) {
		edit_page(r, req_form(r), &errs);
		return;
	}
	int changed = store_generation(r->st) != before;
	res_redirect(r, arena_printf(r->a, "%s?done=%s", recview_href(r, e, r->id),
				     changed ? "updated" : "nochange"));
}

void h_org_update(struct request *r)
{
	r->id = r->org_id;
	h_update(r);
}

/* ---- delete ----------------------------------------------------------- */

/* The delete page: what refers to the record, or (errs) why it stays. */
static void delete_page(struct request *r, struct jval *row, const struct verrors *errs, int status)
{
	struct arena *a = r->a;
	const struct entity *e = r->entity;
	const char *title = recview_title(r, e, row);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Delete: %s"), title));
	jv_set_str(a, ctx, "heading", title);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "action", arena_printf(a, "%s/delete", recview_href(r, e, r->id)));
	jv_set_str(a, ctx, "cancel_href", recview_href(r, e, r->id));
	struct store_refs *refs;
	size_t n = 0;
	struct jval *blockers = jv_set(ctx, "blockers", jv_arr(a));
	if (store_references(r->st, a, e, r->org_id, r->id, &refs, &n) == STORE_OK) {
		for (size_t i = 0; i < n; i++)
			jv_push(blockers, jv_str(a, arena_printf(a, T(r, "%lld %s (%s)"), refs[i].count,
								 T(r, refs[i].count == 1 ? refs[i].e->label : refs[i].e->plural),
								 T(r, refs[i].f->label))));
	}
	page_set_errors(r, ctx, errs, NULL);
	jv_set_bool(a, ctx, "refused", errs && errs->n);
	page_render(r, status, "delete", ctx);
}

void h_delete_form(struct request *r)
{
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	struct rctx c = page_rctx(r);
	if (r->entity->no_delete || !record_allows(&c, r->entity, A_DELETE, row)) {
		page_forbidden(r);
		return;
	}
	struct verrors errs = { 0 };
	record_deletable(&c, r->entity, row, &errs);
	delete_page(r, row, &errs, 200);
}

void h_delete(struct request *r)
{
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	int rc = record_delete(&c, r->entity, r->id, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_CONFLICT) {
		struct jval *row;
		if (recview_load(r, &row))
			delete_page(r, row, &errs, 409);
		return;
	}
	res_redirect(r, arena_printf(r->a, "/%s?done=deleted", r->entity->name));
}

/* ---- history ---------------------------------------------------------- */

/* The text of one side of a change, with references named. */
/* Names of audited changes that are not fields of the entity. */
static const char *change_label(struct request *r, const char *key)
{
	if (strcmp(key, "confirmed") == 0)
		return T(r, "Warnings confirmed");
	if (strcmp(key, "evidence_files") == 0)
		return T(r, "Evidence files");
	if (strcmp(key, "failed_logins") == 0)
		return T(r, "Failed logins");
	return key;
}

/* Record id that reference field f names, as a change shows it: "Title
 * (#12)" ("Title" alone in a list: with_number 0); "#12" when it is gone;
 * "#12 (hidden)" when the user may not read it (the number says that the
 * value changed, not to what). */
static const char *ref_text(struct request *r, const struct field *f, long long id, int with_number)
{
	const struct entity *t = f->ref;
	if (!visible_record(recview_visible(r), t, id))
		return arena_printf(r->a, "#%lld %s", id, visible_hidden(r->lang));
	const char *title = store_title(r->st, r->a, t, r->org_id, id);
	if (!title)
		return arena_printf(r->a, "#%lld", id);
	return with_number ? arena_printf(r->a, "%s (#%lld)", title, id) : title;
}

static const char *change_text(struct request *r, const struct field *f, const struct jval *v)
{
	struct arena *a = r->a;
	if (!v || v->type == J_NULL || (v->type == J_ARR && !v->len))
		return "";
	if (!f && v->type == J_ARR) {
		/* e.g. the warnings a user confirmed */
		struct buf b = BUF_INIT;
		for (const struct jval *m = v->first; m; m = m->next)
			buf_printf(&b, "%s%s", b.len ? "\n" : "", m->type == J_STR ? m->s : record_value_text(a, NULL, m));
		const char *s = arena_strdup(a, buf_str(&b));
		buf_free(&b);
		return s;
	}
	if (!f)
		return v->type == J_STR ? v->s : record_value_text(a, NULL, v);
	if (f->type == F_REF && v->type == J_INT)
		return ref_text(r, f, v->i, 1);
	if (f->type == F_REFS && v->type == J_ARR) {
		struct buf b = BUF_INIT;
		for (const struct jval *m = v->first; m; m = m->next)
			buf_printf(&b, "%s%s", b.len ? ", " : "", ref_text(r, f, m->i, 0));
		const char *s = arena_strdup(a, buf_str(&b));
		buf_free(&b);
		return s;
	}
	struct jval *row = jv_obj(a);
	jv_set(row, f->name, (struct jval *)jv_clone(a, v));
	return recview_text(r, f, row);
}

static const char *action_label(struct request *r, const char *action)
{
	if (strcmp(action, "create") == 0) return T(r, "Created");
	if (strcmp(action, "update") == 0) return T(r, "Changed");
	if (strcmp(action, "delete") == 0) return T(r, "Deleted");
	if (strcmp(action, "login") == 0) return T(r, "Logged in");
	if (strcmp(action, "password") == 0) return T(r, "Password set");
	if (strcmp(action, "token_create") == 0) return T(r, "API token created");
	if (strcmp(action, "token_revoke") == 0) return T(r, "API token revoked");
	if (strcmp(action, "unlock") == 0) return T(r, "Failed logins cleared");
	return action;
}

const char *via_label(struct request *r, const char *via);
const char *via_label(struct request *r, const char *via)
{
	if (strcmp(via, "ui") == 0) return T(r, "web");
	if (strcmp(via, "api") == 0) return T(r, "API");
	if (strcmp(via, "import") == 0) return T(r, "import");
	if (strcmp(via, "cli") == 0) return T(r, "command line");
	return via;
}

/* Audit rows as the history templates show them. */
struct jval *history_rows(struct request *r, struct jval *rows, int with_record);
struct jval *history_rows(struct request *r, struct jval *rows, int with_record)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	/* An account's name names a person: hidden from those who may not
	 * read people, as the people a record names are. */
	int actors = visible_actors(recview_visible(r));
	for (struct jval *row = rows->first; row; row = row->next) {
		struct jval *o = jv_push(out, jv_obj(a));
		char local[32];
		jv_set_str(a, o, "at", clock_local(jv_get_str(row, "at"), local, sizeof local));
		jv_set_str(a, o, "username", actors ? jv_get_str(row, "username") : visible_hidden(r->lang));
		jv_set_str(a, o, "via", via_label(r, jv_get_str(row, "via")));
		jv_set_str(a, o, "action", action_label(r, jv_get_str(row, "action")));
		jv_set_int(a, o, "id", jv_get_int(row, "id", 0));
		const struct entity *e = entity_find(jv_get_str(row, "entity"));
		if (with_record && e) {
			long long rid = jv_get_int(row, "record_id", 0);
			jv_set_str(a, o, "record", arena_printf(a, "%s #%lld", T(r, e->label), rid));
			if (rid && visible_record(recview_visible(r), e, rid))
				jv_set_str(a, o, "record_href", recview_href(r, e, rid));
		}
		struct jval *changes = jv_set(o, "changes", jv_arr(a));
		const struct jval *ch = jv_get(row, "changes");
		for (const struct jval *m = ch ? ch->first : NULL; m; m = m->next) {
			const struct field *f = e ? entity_field(e, m->key) : NULL;
			struct jval *c = jv_push(changes, jv_obj(a));
			jv_set_str(a, c, "field", f ? T(r, f->label) : change_label(r, m->key));
			if (m->type == J_ARR && m->len == 2) {
				jv_set_str(a, c, "before", change_text(r, f, m->first));
				jv_set_str(a, c, "after", change_text(r, f, m->first->next));
			} else {
				jv_set_str(a, c, "after", change_text(r, NULL, m));
			}
		}
	}
	return out;
}

void h_history(struct request *r)
{
	struct arena *a = r->a;
	if (!r->id)
		r->id = r->org_id; /* /organisation/history */
	struct jval *row;
	if (!recview_load(r, &row))
		return;
	const struct entity *e = r->entity;
	long long page = recview_page(r);
	struct jval *rows;
	long long total;
	if (store_audit_list(r->st, a, r->org_id, e->name, r->id, page, 50, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	const char *title = recview_title(r, e, row);
	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "History: %s"), title));
	jv_set_str(a, ctx, "heading", title);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "href", recview_href(r, e, r->id));
	jv_set(ctx, "entries", history_rows(r, rows, 0));
	jv_set_bool(a, ctx, "empty", rows->len == 0);
	if (page > 1)
		jv_set_str(a, ctx, "prev_href", arena_printf(a, "?page=%lld", page - 1));
	if (page * 50 < total)
		jv_set_str(a, ctx, "next_href", arena_printf(a, "?page=%lld", page + 1));
	page_render(r, 200, "history", ctx);
}

/* ---- export ----------------------------------------------------------- */

static void export(struct request *r, int xlsx)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return;
	}
	struct list_query q;
	struct verrors errs = { 0 };
	if (recview_query(r, e, &q, 0, &errs) != 0) {
		page_problem(r, 400, NULL, &errs);
		return;
	}
	q.limit = 0;
	q.page = 1;
	q.with_links = 1;
	res_start(r, 200, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8");
	/* Row by row from the database into the file: the register of a large
	 * municipality never sits in memory as records. */
	struct export *w = export_begin(&r->res.body, e, xlsx, r->lang, recview_visible(r));
	/* Spilled to a file as it is made: memory holds a megabyte of it. */
	export_stream(w, page_spill, page_write, r);
	/* A template is only the header: a file to fill in for an import. */
	int rc = req_query(r, "template") ? STORE_OK
					  : store_list_each(r->st, e, r->org_id, &q, export_row_fn, w);
	int frc = export_end(w);
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	if (frc != 0 || !spool_ok(&r->res.spool)) {
		page_file_failed(r);
		return;
	}
	char today[11];
	clock_today(today);
	res_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"%s-%s.%s\"", e->name, today, xlsx ? "xlsx" : "csv"));
}

void h_export_csv(struct request *r)
{
	export(r, 0);
}

void h_export_xlsx(struct request *r)
{
	export(r, 1);
}
