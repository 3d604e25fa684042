/*
 * ui_records.c: the pages every entity gets from its registry entry — list
 * (search, filters, sorting, paging, export), record, new/edit form,
 * delete, history — and the organisation's own page.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/gaps.h"
#include "io/export.h"
#include "core/risk.h"
#include "model/catalogue.h"
#include "model/gaps.h"
#include "model/risk.h"
#include "model/visible.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Above this many records a reference is typed (with suggestions) rather
 * than chosen from a list. */
#define CHOICE_LIMIT 300

/* A sentence about one record of e named title, from msgid fmt with two
 * %s: the record's definite form ("enheten") and its title. */
static const char *record_sentence(struct request *r, const struct entity *e, const char *fmt,
				   const char *title)
{
	char *s = arena_printf(r->a, T(r, fmt), T(r, e->the ? e->the : e->label), title ? title : "");
	text_upper_first(s);
	return s;
}

/* The message on the page reached after a change: the one the change left
 * (page_flash: "The unit X was added."), else one by ?done=. */
static const char *done_message(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	const char *flash = page_flash(r);
	if (flash)
		return flash;
	if (strcmp(d, "created") == 0)
		return T(r, "Saved. The record was created.");
	if (strcmp(d, "updated") == 0)
		return T(r, "Saved.");
	if (strcmp(d, "deleted") == 0)
		return T(r, "The record was deleted.");
	if (strcmp(d, "imported") == 0)
		return T(r, "The import is done.");
	if (strcmp(d, "decided") == 0)
		return T(r, "Decided. Tillit recorded who decided and when.");
	if (strcmp(d, "nochange") == 0)
		return T(r, "Nothing was changed.");
	if (strcmp(d, "evidence_added") == 0)
		return T(r, "The file was saved as evidence.");
	if (strcmp(d, "evidence_removed") == 0)
		return T(r, "The evidence file was removed.");
	return NULL;
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
	if (f->type == F_DATE || f->type == F_DATETIME || f->type == F_INT || f->type == F_BOOL)
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
	record_list_restrict(&c, e, &q);
	if (store_list(r->st, a, e, r->org_id, &q, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	jv_set_str(a, ctx, "entity", e->name);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "q", q.q ? q.q : "");
	jv_set_str(a, ctx, "flash", done_message(r));
	jv_set_bool(a, ctx, "can_create", !e->no_create && record_allows(&c, e, A_CREATE, NULL));
	/* "Ny enhet", and back to this list (its search, its page) after saving. */
	jv_set_str(a, ctx, "new_label", T(r, e->new_title ? e->new_title : e->label));
	jv_set_str(a, ctx, "new_href", recview_with_return(r, arena_printf(a, "/%s/new", e->name)));
	jv_set_bool(a, ctx, "can_import", !e->no_import && record_allows(&c, e, A_CREATE, NULL));
	/* A page about the list as a whole: the incident statistics. */
	if (e == &entity_incidents)
		jv_set_str(a, ctx, "stats_href", "/incidents/statistics");

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
				   recview_query_with(r, "sort", arena_printf(a, "%s%s", next_desc ? "-" : "", f->name)));
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
	/* Nothing at all: what to do first; nothing found: say so. */
	if (bad || q.q || q.nfilters)
		jv_set_bool(a, ctx, "filtered", 1);
	else
		jv_set_str(a, ctx, "empty_text", e->empty ? T(r, e->empty) : T(r, "Nothing here yet."));
	if (rows->len)
		jv_set_str(a, ctx, "range", arena_printf(a, T(r, "Showing %s–%s of %s"),
							 page_int(r, (q.page - 1) * q.limit + 1),
							 page_int(r, (q.page - 1) * q.limit + (long long)rows->len),
							 page_int(r, total)));
	if (q.page > 1)
		jv_set_str(a, ctx, "prev_href", recview_query_with(r, "page", arena_printf(a, "%lld", q.page - 1)));
	if (q.page < pages)
		jv_set_str(a, ctx, "next_href", recview_query_with(r, "page", arena_printf(a, "%lld", q.page + 1)));
	const char *qs = recview_query_with(r, "page", NULL);
	jv_set_str(a, ctx, "csv_href", arena_printf(a, "/%s/export.csv%s", e->name, qs));
	jv_set_str(a, ctx, "xlsx_href", arena_printf(a, "/%s/export.xlsx%s", e->name, qs));
	if (e->tree_parent && !q.q && !q.nfilters && q.page == 1)
		jv_set(ctx, "tree", record_tree(r, e));
	page_render(r, 200, "list", ctx);
}

/* ---- one record ------------------------------------------------------- */

/* What the records of other that refer to a record through f are called
 * on that record's page: the field's own words for it (the registry's
 * .reverse, "Subunits"), else the entity's plural, with the field's label
 * only when more than one field of other could refer to the same record. */
static const char *reverse_label(struct request *r, const struct entity *other, const struct field *f)
{
	if (f->reverse)
		return T(r, f->reverse);
	for (const struct field *g = other->fields; g->name; g++)
		if (g != f && (g->type == F_REF || g->type == F_REFS) && g->ref == f->ref)
			return arena_printf(r->a, "%s (%s)", T(r, other->plural), T(r, f->label));
	return T(r, other->plural);
}

/* Records elsewhere that refer to this one, a few of each, named in words. */
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
			record_list_restrict(&c, other, &q);
			struct jval *rows;
			long long total;
			if (store_list(r->st, a, other, r->org_id, &q, &rows, &total) != STORE_OK || !total)
				continue;
			struct jval *g = jv_push(groups, jv_obj(a));
			jv_set_str(a, g, "label", reverse_label(r, other, f));
			jv_set_int(a, g, "total", total);
			if (total > 10)
				jv_set_str(a, g, "more_href", arena_printf(a, "/%s?%s=%lld", other->name, f->name, id));
			struct jval *items = jv_set(g, "items", jv_arr(a));
			/* Titles that name this record first ("Anna Andersson:
			 * System owner" on Anna's page) go without it. */
			int bare = other->title_prefix && strcmp(other->title_prefix, f->name) == 0;
			for (struct jval *row = rows->first; row; row = row->next) {
				if (!visible_record(recview_visible(r), other, jv_get_int(row, "id", 0)))
					continue;
				struct jval *it = jv_push(items, jv_obj(a));
				const char *t = bare ? recview_text(r, entity_field(other, other->title_field), row) : "";
				jv_set_str(a, it, "label", *t ? t : recview_title(r, other, row));
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
	/* A decided record is followed by a new one, never changed. */
	if (!record_decided(e, row) && record_allows(&c, e, A_UPDATE, row))
		jv_set_str(a, ctx, "edit_href", arena_printf(a, "%s/edit", base));
	if (e->decision) {
		jv_set_str(a, ctx, "decide_href", decide_href(r, e, row));
		jv_set_str(a, ctx, "decide_verb", e->decision->verb ? T(r, e->decision->verb) : NULL);
	}
	struct verrors kept = { 0 };
	if (!e->no_delete && record_allows(&c, e, A_DELETE, row) && record_deletable(&c, e, row, &kept))
		jv_set_str(a, ctx, "delete_href", arena_printf(a, "%s/delete", base));
	if ((e->panels & PANEL_PASSWORD) && record_allows(&c, e, A_UPDATE, row))
		jv_set_str(a, ctx, "password_href", arena_printf(a, "%s/password", base));

	struct jval *fields = jv_set(ctx, "fields", jv_arr(a));
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		/* Set by code, not by the reader: nothing to ask for when empty
		 * (a control's note on why the catalogue has no requirement). */
		const struct jval *val = jv_get(row, f->name);
		if (f->readonly && f->type == F_LONGTEXT && (!val || val->type == J_NULL))
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
	/* What is not given goes in one line after what is, so that the page
	 * leads with the record's content. */
	struct buf none = BUF_INIT;
	struct jval *given = jv_arr(a);
	for (struct jval *o = fields->first, *next; o; o = next) {
		next = o->next;
		if (jv_truthy(jv_get(o, "empty")))
			buf_printf(&none, "%s%s", none.len ? ", " : "", jv_get_str(o, "label"));
		else
			jv_push(given, o);
	}
	jv_set(ctx, "fields", given);
	if (none.len)
		jv_set_str(a, ctx, "not_given", buf_str(&none));
	buf_free(&none);
	char local[32];
	jv_set_str(a, ctx, "created_at", clock_local(jv_get_str(row, "created_at"), local, sizeof local));
	jv_set_str(a, ctx, "updated_at", arena_strdup(a, clock_local(jv_get_str(row, "updated_at"), local, sizeof local)));
	jv_set(ctx, "gaps", gaps_of_record(r, e, id));
	jv_set(ctx, "used_by", used_by(r, e, id));
	classify_panels(r, e, row, ctx);
	incident_panels(r, e, row, ctx);
	access_review_panels(r, e, row, ctx);
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

/* Up to this many options an enumeration is a group of radio buttons;
 * more are a drop-down list. */
#define RADIO_LIMIT 5
/* Names a typed reference may match before the form asks for more. */
#define REF_CANDIDATES 6

/* Append option {value, label, id} to opts (ids numbered within the
 * field); returns it. */
static struct jval *push_option(struct request *r, struct jval *opts, const struct field *f, const char *value,
				const char *label)
{
	struct jval *o = jv_push(opts, jv_obj(r->a));
	jv_set_str(r->a, o, "value", value);
	jv_set_str(r->a, o, "label", label);
	jv_set_str(r->a, o, "id", arena_printf(r->a, "f-%s-%zu", f->name, opts->len - 1));
	return o;
}

/* The named levels of scale field f ("3 – Allvarlig", the description as
 * hint): the organisation's classification levels, or the scale of the
 * risk method that rec is scored with. NULL when there are none to name
 * (the form then asks for the number). */
static struct jval *scale_options(struct request *r, const struct field *f, const struct jval *rec)
{
	struct arena *a = r->a;
	struct jval *opts = jv_arr(a);
	if (!f->required)
		push_option(r, opts, f, "", T(r, "(not given)"));
	size_t given = opts->len;
	if (f->scale == SCALE_CLASSIFICATION) {
		struct list_query q = { .page = 1, .limit = 0 };
		struct jval *rows;
		if (store_list(r->st, a, &entity_classification_levels, r->org_id, &q, &rows, NULL) != STORE_OK)
			return NULL;
		for (const struct jval *n = rows->first; n; n = n->next) {
			long long lv = jv_get_int(n, "level", -1);
			const char *name = jv_get_str(n, "name"), *d = jv_get_str(n, "description");
			if (lv < f->min || lv > f->max)
				continue;
			/* A requirement from level 0 applies whatever the
			 * classification: said so, not named after level 0. */
			if (lv == 0 && f == entity_field(&entity_requirements, "min_level")) {
				push_option(r, opts, f, "0", T(r, "0 – Always, whatever the classification"));
				continue;
			}
			/* The shipped names in the reader's language. */
			struct jval *o = push_option(r, opts, f, arena_printf(a, "%lld", lv),
						     arena_printf(a, "%lld – %s", lv, name ? catalogue_level_text(r->lang, name) : ""));
			if (d && *d)
				jv_set_str(a, o, "hint", catalogue_level_text(r->lang, d));
		}
	} else {
		struct risk_method m;
		if (risk_record_method(r->st, a, r->org_id, rec, &m))
			return NULL;
		risk_method_localise(&m, r->lang);
		int likelihood = f->scale == SCALE_LIKELIHOOD;
		const struct risk_level *lv = likelihood ? m.likelihood : m.consequence;
		int n = likelihood ? m.nlikelihood : m.nconsequence;
		for (int i = 0; i < n; i++) {
			struct jval *o = push_option(r, opts, f, arena_printf(a, "%d", i + 1),
						     arena_printf(a, "%d – %s", i + 1, lv[i].name));
			if (lv[i].description && *lv[i].description)
				jv_set_str(a, o, "hint", lv[i].description);
		}
	}
	return opts->len > given ? opts : NULL;
}

/* Natural order of codes: runs of digits by their number, so that 5.2
 * comes before 5.10 and CIS 2 before CIS 10. */
static int natural_cmp(const char *x, const char *y)
{
	while (*x && *y) {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			while (*x == '0' && isdigit((unsigned char)x[1]))
				x++;
			while (*y == '0' && isdigit((unsigned char)y[1]))
				y++;
			size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
			if (nx != ny)
				return nx < ny ? -1 : 1;
			int c = strncmp(x, y, nx);
			if (c)
				return c;
			x += nx, y += ny;
		} else {
			int c = tolower((unsigned char)*x) - tolower((unsigned char)*y);
			if (c)
				return c;
			x++, y++;
		}
	}
	return (unsigned char)*x - (unsigned char)*y;
}

struct choice {
	long long id;
	const char *title, *label, *group;
};

static int choice_cmp(const void *p, const void *q)
{
	const struct choice *x = p, *y = q;
	int c = natural_cmp(x->title, y->title);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The records of f->ref to choose among, as groups of options ({legend,
 * options}; legend only when the entity groups its choices, e.g. controls
 * by framework), after a group of "(not given)" for a single reference. An entity with a choice_detail is listed by title in
 * natural order with the detail after it ("5.1 Policies for ..."); others
 * as the store lists them (choices). Options whose value is among vals
 * are marked (mark: "checked" or "selected"). */
static struct jval *choice_groups(struct request *r, const struct field *f, struct jval *choices, const char **vals,
				  size_t nvals, const char *mark)
{
	struct arena *a = r->a;
	const struct entity *t = f->ref;
	struct jval *groups = jv_arr(a);
	if (f->type == F_REF)
		push_option(r, jv_set(jv_push(groups, jv_obj(a)), "options", jv_arr(a)), f, "", T(r, "(not given)"));
	size_t n = 0;
	struct jval *rows = choices;
	if (t->choice_group || t->choice_detail || f->ref_where[0]) {
		struct list_query q = { .page = 1, .limit = 0 };
		if (f->ref_where[0]) {
			q.nfilters = 1;
			q.filters[0].f = entity_field(t, f->ref_where[0]);
			q.filters[0].value = f->ref_where[1];
		}
		if (store_list(r->st, a, t, r->org_id, &q, &rows, NULL) != STORE_OK)
			rows = choices;
	}
	struct choice *cs = arena_alloc_array(a, rows->len ? rows->len : 1, sizeof *cs);
	for (const struct jval *row = rows->first; row; row = row->next, n++) {
		struct choice *c = &cs[n];
		c->id = jv_get_int(row, "id", 0);
		c->title = rows == choices ? jv_get_str(row, "label") : record_value_text(a, entity_field(t, t->title_field),
											   jv_get(row, t->title_field));
		if (!c->title)
			c->title = "";
		c->label = c->title;
		c->group = t->choice_group && rows != choices ? jv_get_str(row, t->choice_group) : NULL;
		if (rows != choices && t->choice_detail) {
			const char *d = r->lang == LANG_EN && t->choice_detail_en ? jv_get_str(row, t->choice_detail_en) : NULL;
			if (!d || !*d)
				d = jv_get_str(row, t->choice_detail);
			if (d && *d)
				c->label = arena_printf(a, "%s %s", c->title, d);
		}
	}
	if (rows != choices)
		qsort(cs, n, sizeof *cs, choice_cmp);
	const struct field *gf = rows != choices && t->choice_group ? entity_field(t, t->choice_group) : NULL;
	const struct option none = { "", NULL };
	/* One pass per group in the group field's option order; one pass in
	 * all when ungrouped. */
	size_t running = f->type == F_REF;
	for (const struct option *g = gf ? gf->options : &none; g == &none || g->value; g++) {
		struct jval *grp = NULL, *opts = NULL;
		for (size_t i = 0; i < n; i++) {
			if (gf && (!cs[i].group || strcmp(cs[i].group, g->value) != 0))
				continue;
			if (!grp) {
				grp = jv_push(groups, jv_obj(a));
				if (gf)
					jv_set_str(a, grp, "legend", T(r, g->label));
				opts = jv_set(grp, "options", jv_arr(a));
			}
			const char *id = arena_printf(a, "%lld", cs[i].id);
			struct jval *op = jv_push(opts, jv_obj(a));
			jv_set_str(a, op, "value", id);
			jv_set_str(a, op, "label", cs[i].label);
			jv_set_str(a, op, "id", arena_printf(a, "f-%s-%zu", f->name, running++));
			for (size_t k = 0; k < nvals; k++)
				if (strcmp(vals[k], id) == 0)
					jv_set_bool(a, op, mark, 1);
		}
		if (g == &none)
			break;
	}
	return groups;
}

/* The values a form posted for field name, however many. */
static const char **posted_all(struct request *r, const struct form *posted, const char *name, size_t *n)
{
	*n = form_get_all(posted, name, NULL, 0);
	const char **vals = arena_alloc_array(r->a, *n ? *n : 1, sizeof *vals);
	form_get_all(posted, name, vals, *n);
	return vals;
}

/* A reference typed rather than chosen from a list (too many records, or
 * some the user may not read): the chosen records' titles, one per line,
 * with their ids in a hidden field so that a title names the record it
 * was shown for even when another shares it (form_input). */
static void typed_ref_view(struct request *r, const struct field *f, struct jval *o, const struct jval *rec,
			   const struct form *posted, enum visibility tv)
{
	struct arena *a = r->a;
	const struct entity *t = f->ref;
	struct visible *vis = recview_visible(r);
	jv_set_bool(a, o, f->type == F_REF ? "is_reftext" : "is_refstext", 1);
	jv_set_str(a, o, "ref_name", arena_printf(a, "_ref_%s", f->name));
	if (tv != VIS_NONE) {
		jv_set_str(a, o, "suggest", t->name);
		jv_set_str(a, o, "suggest_title", t->title_field);
	}
	if (posted) {
		const char *raw = form_get(posted, f->name), *ids = form_get(posted, arena_printf(a, "_ref_%s", f->name));
		jv_set_str(a, o, "value", raw ? raw : "");
		jv_set_str(a, o, "ref_ids", ids ? ids : "");
	} else {
		struct buf text = BUF_INIT, ids = BUF_INIT;
		const struct jval *v = jv_get(rec, f->name);
		const struct jval *labels = jv_get(jv_get(rec, "_labels"), f->name);
		if (f->type == F_REF && v && v->type == J_INT) {
			int seen = labels && labels->type == J_STR && visible_record(vis, t, v->i);
			if (seen) {
				buf_printf(&text, "%s", labels->s);
				buf_printf(&ids, "%lld", v->i);
			} else {
				buf_printf(&text, "#%lld", v->i);
			}
		}
		if (f->type == F_REFS && labels && labels->type == J_ARR)
			for (const struct jval *m = labels->first; m; m = m->next) {
				long long id = jv_get_int(m, "id", 0);
				const char *l = jv_get_str(m, "label");
				if (l && visible_record(vis, t, id)) {
					buf_printf(&text, "%s\n", l);
					buf_printf(&ids, "%s%lld", ids.len ? ";" : "", id);
				} else {
					buf_printf(&text, "#%lld\n", id);
				}
			}
		jv_set_str(a, o, "value", arena_strdup(a, buf_str(&text)));
		jv_set_str(a, o, "ref_ids", arena_strdup(a, buf_str(&ids)));
		buf_free(&text);
		buf_free(&ids);
	}
	/* How to type it, after what the field is for. */
	const char *how = f->type == F_REF
				  ? T(r, "Type the name, or enough of it to pick out one record, and choose among the suggestions; or # and the number.")
				  : T(r, "One per line: the name, or enough of it to pick out one record; or # and the number.");
	jv_set_str(a, o, "help", f->help ? arena_printf(a, "%s %s", T(r, f->help), how) : how);
}

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
	const char *cur = raw ? raw : record_value_text(a, f, v);

	/* A level with a name: radio buttons (else a number, below). */
	struct jval *levels = f->type == F_INT && f->scale ? scale_options(r, f, rec) : NULL;
	if (levels) {
		jv_set_bool(a, o, "is_radios", 1);
		for (struct jval *x = levels->first; x; x = x->next)
			if (strcmp(cur, jv_get_str(x, "value")) == 0)
				jv_set_bool(a, x, "checked", 1);
		jv_set(o, "options", levels);
		return o;
	}

	switch (f->type) {
	case F_LONGTEXT:
		jv_set_bool(a, o, "is_textarea", 1);
		jv_set_int(a, o, "rows", f->max > 4000 ? 8 : 5);
		jv_set_str(a, o, "value", cur);
		break;
	case F_BOOL:
		jv_set_bool(a, o, "is_checkbox", 1);
		if (posted ? raw != NULL : jv_truthy(v))
			jv_set_bool(a, o, "checked", 1);
		break;
	case F_ENUM: {
		size_t count = 0;
		while (f->options[count].value)
			count++;
		int radios = count <= RADIO_LIMIT;
		jv_set_bool(a, o, radios ? "is_radios" : "is_select", 1);
		struct jval *opts = jv_arr(a);
		if (!f->required)
			push_option(r, opts, f, "", T(r, "(not given)"));
		for (const struct option *op = f->options; op->value; op++)
			push_option(r, opts, f, op->value, T(r, op->label));
		for (struct jval *x = opts->first; x; x = x->next)
			if (strcmp(cur, jv_get_str(x, "value")) == 0)
				jv_set_bool(a, x, radios ? "checked" : "selected", 1);
		if (radios) {
			jv_set(o, "options", opts);
		} else {
			struct jval *g = jv_push(jv_set(o, "groups", jv_arr(a)), jv_obj(a));
			jv_set(g, "options", opts);
		}
		break;
	}
	case F_REF:
	case F_REFS: {
		const struct entity *t = f->ref;
		enum visibility tv = visible_entity(recview_visible(r), t);
		struct jval *choices = NULL;
		long long total = 0;
		if (tv == VIS_ALL)
			store_choices(r->st, a, t, r->org_id, CHOICE_LIMIT, &choices, &total);
		/* Typed when there are too many to list, or when the user may
		 * not read them all: a list would name them, and a value not
		 * among its options would be lost on saving. */
		if (tv != VIS_ALL || total > CHOICE_LIMIT) {
			typed_ref_view(r, f, o, rec, posted, tv);
			break;
		}
		jv_set_bool(a, o, f->type == F_REF ? "is_select" : "is_checkboxes", 1);
		/* The values to mark: all of them, as many as were posted (the
		 * count form_get_all returns can be past any fixed array). */
		const char **vals = NULL;
		size_t nvals = 0;
		if (posted) {
			vals = posted_all(r, posted, f->name, &nvals);
		} else if (v && (v->type == J_INT || v->type == J_ARR)) {
			vals = arena_alloc_array(a, v->type == J_ARR && v->len ? v->len : 1, sizeof *vals);
			if (v->type == J_INT)
				vals[nvals++] = arena_printf(a, "%lld", v->i);
			else
				for (const struct jval *m = v->first; m; m = m->next)
					vals[nvals++] = arena_printf(a, "%lld", m->i);
		}
		const char *mark = f->type == F_REF ? "selected" : "checked";
		jv_set(o, "groups", choice_groups(r, f, choices, vals, nvals, mark));
		if (f->type == F_REFS && !choices->len)
			jv_set_str(a, o, "none", T(r, "There are no records to choose from yet."));
		break;
	}
	default:
		if (f->type == F_TEXT && f->set && f->options) {
			/* A set of options: a check box each. */
			jv_set_bool(a, o, "is_checkboxes", 1);
			size_t n = 0;
			const char **vals = posted ? posted_all(r, posted, f->name, &n) : &cur;
			struct buf joined = BUF_INIT;
			for (size_t k = 0; k < (posted ? n : 1); k++)
				buf_printf(&joined, "%s\n", vals[k]);
			unsigned long bits = 0;
			record_set_bits(f, buf_str(&joined), &bits);
			buf_free(&joined);
			struct jval *g = jv_push(jv_set(o, "groups", jv_arr(a)), jv_obj(a));
			struct jval *opts = jv_set(g, "options", jv_arr(a));
			for (int i = 0; f->options[i].value; i++) {
				struct jval *x = push_option(r, opts, f, f->options[i].value, T(r, f->options[i].label));
				if (bits & (1UL << i))
					jv_set_bool(a, x, "checked", 1);
			}
			break;
		}
		jv_set_bool(a, o, "is_input", 1);
		if (f->type == F_DATETIME && !raw && v && v->type == J_STR) {
			/* The stored instant as the local time the control shows. */
			long long t;
			if (ts_parse(v->s, &t) == 0) {
				char local[17];
				ts_to_local_input(recview_zone(r), t, local);
				cur = arena_strdup(a, local);
			}
		}
		jv_set_str(a, o, "type", f->type == F_DATE    ? "date"
					 : f->type == F_DATETIME ? "datetime-local"
					 : f->type == F_INT   ? "number"
					 : f->type == F_EMAIL ? "email"
							      : "text");
		if (f->type == F_INT) {
			jv_set_int(a, o, "min", f->min);
			jv_set_int(a, o, "max", f->max);
		}
		jv_set_str(a, o, "value", cur);
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
	const char *back = recview_return(r);
	jv_set_str(a, ctx, "return", back);
	jv_set_str(a, ctx, "cancel_href", back ? back : cancel);
	/* Fields under the headings the registry gives (.section): a section
	 * starts at a field that names one and is drawn only when it holds a
	 * field the form shows. */
	struct jval *sections = jv_set(ctx, "form_sections", jv_arr(a));
	struct jval *fields = NULL;
	const char *heading = NULL;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->section) {
			heading = f->section;
			fields = NULL;
		}
		if (f->hidden || f->readonly)
			continue;
		if (!fields) {
			struct jval *s = jv_push(sections, jv_obj(a));
			if (heading) {
				jv_set_str(a, s, "heading", T(r, heading));
				jv_set_str(a, s, "anchor", arena_printf(a, "sec-%s", f->name));
			}
			fields = jv_set(s, "fields", jv_arr(a));
		}
		jv_push(fields, field_view(r, e, f, rec, posted, errs));
	}
	/* A long form (four sections or more: an incident's triage, its
	 * assessments and follow-up) starts with links to its parts, so that
	 * the data protection officer goes straight to the GDPR part. */
	if (sections->len >= 4)
		jv_set_bool(a, ctx, "form_toc", 1);
	page_set_errors(r, ctx, errs, e);
	/* Only warnings: offer to save anyway. */
	if (verr_confirmable(errs))
		jv_set_bool(a, ctx, "confirmable", 1);
	page_render(r, errs && errs->n ? 422 : 200, "form", ctx);
}

/* The record of f->ref that one typed item names, as text the record
 * layer reads ("#12"): a number as it is; the title shown for one of the
 * ids the form held (known, "1;2;3"; each used once); a record whose title
 * is the text; else the one record a search for it finds. NULL with an
 * error for f when none or several match (those the user may read listed,
 * so that the next try can name one). */
static const char *typed_ref(struct request *r, const struct field *f, const char *item, char *known,
			     struct verrors *errs)
{
	struct arena *a = r->a;
	const struct entity *t = f->ref;
	struct visible *vis = recview_visible(r);
	const char *s;
	size_t len = text_trim(item, strlen(item), &s);
	const char *text = arena_strndup(a, s, len);
	if (!len || *text == '#' || strspn(text, "0123456789") == len || visible_entity(vis, t) == VIS_NONE)
		return text;
	struct buf want = BUF_INIT, have = BUF_INIT;
	text_fold(&want, text, len);
	const char *found = NULL;
	/* "1;2;3": a title matched blanks its id, so a second equal title
	 * takes the next. */
	for (char *p = known; p && *p && !found;) {
		size_t n = strcspn(p, ";");
		long long id = atoll(p);
		const char *title = id > 0 && visible_record(vis, t, id) ? store_title(r->st, a, t, r->org_id, id) : NULL;
		if (title) {
			buf_reset(&have);
			text_fold(&have, title, strlen(title));
			if (strcmp(buf_str(&have), buf_str(&want)) == 0) {
				found = arena_printf(a, "#%lld", id);
				memset(p, ' ', n);
			}
		}
		p += n + (p[n] == ';');
	}
	buf_free(&have);
	buf_free(&want);
	if (found)
		return found;
	long long ids[REF_CANDIDATES];
	size_t n = 0, nids = 0;
	if (store_resolve(r->st, t, r->org_id, text, ids, REF_CANDIDATES, &n) == STORE_OK && n) {
		nids = n < REF_CANDIDATES ? n : REF_CANDIDATES;
	} else if (store_search_words(text) <= LIST_MAX_SEARCH_WORDS) {
		struct list_query q = { .q = text, .page = 1, .limit = REF_CANDIDATES };
		struct jval *rows;
		long long total = 0;
		if (store_list(r->st, a, t, r->org_id, &q, &rows, &total) == STORE_OK)
			for (const struct jval *row = rows->first; row && nids < REF_CANDIDATES; row = row->next)
				ids[nids++] = jv_get_int(row, "id", 0);
		n = (size_t)total;
	}
	/* Only what the user may read counts, and is named. */
	size_t seen = 0;
	for (size_t i = 0; i < nids; i++)
		if (visible_record(vis, t, ids[i]))
			ids[seen++] = ids[i];
	if (seen == 1 && n == nids)
		return arena_printf(a, "#%lld", ids[0]);
	if (!seen) {
		verr_add(errs, f->name, arena_printf(a, T(r, "No record in %s matches \"%s\"."), T(r, t->plural), text));
		return NULL;
	}
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < seen; i++) {
		const char *title = store_title(r->st, a, t, r->org_id, ids[i]);
		buf_printf(&list, "%s#%lld %s", i ? ", " : "", ids[i], title ? title : "");
	}
	if (n > seen)
		buf_printf(&list, "%s", T(r, " and more"));
	verr_add(errs, f->name,
		 arena_printf(a, T(r, "Several records match \"%s\": %s. Type more of the name, or the number, such as #%lld."),
			      text, buf_str(&list), ids[0]));
	buf_free(&list);
	return NULL;
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
		if (f->type == F_REFS || f->type == F_REF || (f->set && f->options)) {
			/* Every value sent, however many (check boxes, or lines
			 * typed): the record's own limit (too many references)
			 * speaks for the rest, where a fixed array here once
			 * dropped them without a word. A typed name becomes the
			 * number of the record it names, or an error. */
			size_t n;
			const char **vals = posted_all(r, form, f->name, &n);
			const char *k = form_get(form, arena_printf(a, "_ref_%s", f->name));
			char *known = k ? arena_strdup(a, k) : NULL;
			struct buf b = BUF_INIT;
			int bad = 0;
			for (size_t i = 0; i < n; i++) {
				if (!f->ref) {
					/* A set: "K, T", one line of text. */
					buf_printf(&b, "%s%s", i ? ", " : "", vals[i]);
					continue;
				}
				char *lines = arena_strdup(a, vals[i]);
				for (char *save = NULL, *line = strtok_r(lines, "\n", &save); line;
				     line = strtok_r(NULL, "\n", &save)) {
					const char *one = typed_ref(r, f, line, known, errs);
					if (one)
						buf_printf(&b, "%s\n", one);
					else
						bad = 1;
				}
			}
			text = arena_strdup(a, buf_str(&b));
			buf_free(&b);
			if (bad)
				continue;
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

/* "Ny enhet" / "New unit". */
static const char *new_title(struct request *r, const struct entity *e)
{
	return e->new_title ? T(r, e->new_title) : arena_printf(r->a, T(r, "New: %s"), T(r, e->label));
}

/* The record's name as its page names it ("Ärenden: 2026-01-15" for a
 * classification, whose own title is only a date), for the message after
 * saving it. */
static const char *saved_title(struct request *r, const struct entity *e, long long id)
{
	struct jval *row;
	const struct field *tf = entity_field(e, e->title_field);
	/* Named by another record (an assessment by its requirement): its
	 * label, as the record's page heads it, not the bare number. */
	if ((e->title_prefix || (tf && tf->type == F_REF)) && store_get(r->st, r->a, e, r->org_id, id, &row) == STORE_OK && row)
		return recview_title(r, e, row);
	return store_title(r->st, r->a, e, r->org_id, id);
}

/* After a change: the message that names the record, and back to where
 * the form was opened from (recview_return), else to fallback. */
static void done_redirect(struct request *r, const struct entity *e, const char *fmt, const char *title,
			  const char *fallback, const char *done)
{
	page_flash_set(r, done, fmt ? record_sentence(r, e, fmt, title) : NULL);
	const char *back = recview_return(r);
	res_redirect(r, recview_done(r, back ? back : fallback, done));
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
	form_page(r, e, new_title(r, e), arena_printf(r->a, "/%s", e->name), arena_printf(r->a, "/%s", e->name),
		  rec, NULL, NULL);
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
	c.same_name = 1; /* a person reads the warning here */
	int rc = errs.n ? REC_INVALID : record_create(&c, e, in, &id, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_INVALID) {
		form_page(r, e, new_title(r, e), arena_printf(r->a, "/%s", e->name), arena_printf(r->a, "/%s", e->name),
			  in, req_form(r), &errs);
		return;
	}
	done_redirect(r, e, N_("%s %s was added."), saved_title(r, e, id), recview_href(r, e, id), "created");
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
	if (record_decided(e, row)) {
		/* The record's page, with why it no longer changes. */
		struct verrors kept = { 0 };
		verr_add(&kept, NULL, T(r, e->decision->kept));
		records_show(r, e, row, &kept, 409);
		return;
	}
	const char *href = recview_href(r, e, r->id);
	/* "Ändra enheten Socialförvaltningen"; the organisation's own page
	 * holds its details. */
	const char *title = e->singleton ? T(r, "Edit the organisation's details")
					 : record_sentence(r, e, N_("Edit %s %s"), recview_title(r, e, row));
	form_page(r, e, title, e->singleton ? recview_href(r, e, 0) : href, href, row, posted, errs);
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
	c.same_name = 1; /* a person reads the warning here */
	int rc = errs.n ? REC_INVALID : record_update(&c, e, r->id, in, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_INVALID) {
		edit_page(r, req_form(r), &errs);
		return;
	}
	int changed = store_generation(r->st) != before;
	done_redirect(r, e, changed ? N_("%s %s was changed.") : NULL,
		      saved_title(r, e, r->id), recview_href(r, e, r->id), changed ? "updated" : "nochange");
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
	struct jval *ctx = page_ctx(r, record_sentence(r, e, N_("Delete %s %s"), title));
	jv_set_str(a, ctx, "heading", title);
	jv_set_str(a, ctx, "label", T(r, e->label));
	jv_set_str(a, ctx, "action", arena_printf(a, "%s/delete", recview_href(r, e, r->id)));
	const char *back = recview_return(r);
	jv_set_str(a, ctx, "return", back);
	jv_set_str(a, ctx, "cancel_href", back ? back : recview_href(r, e, r->id));
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

/* Where to go after record id of e is deleted: where the delete was
 * asked from, unless that is the record's own page (or one below it),
 * which is gone; else the list. */
static const char *after_delete(struct request *r, const struct entity *e, long long id)
{
	const char *back = recview_return(r);
	const char *own = recview_href(r, e, id);
	size_t n = strlen(own);
	if (back && strncmp(back, own, n) == 0 && (!back[n] || strchr("/?#", back[n])))
		back = NULL;
	return back ? back : arena_printf(r->a, "/%s", e->name);
}

void h_delete(struct request *r)
{
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	/* Named before it goes, for the message after. */
	const char *title = store_title(r->st, r->a, r->entity, r->org_id, r->id);
	int rc = record_delete(&c, r->entity, r->id, &errs);
	if (write_status(r, rc))
		return;
	if (rc == REC_CONFLICT) {
		struct jval *row;
		if (recview_load(r, &row))
			delete_page(r, row, &errs, 409);
		return;
	}
	page_flash_set(r, "deleted", record_sentence(r, r->entity, N_("%s %s was deleted."), title));
	res_redirect(r, recview_done(r, after_delete(r, r->entity, r->id), "deleted"));
}

/* ---- history ---------------------------------------------------------- */

/* The text of one side of a change, with references named. */
/* Names of audited changes that are not fields of the entity. */
static const char *change_label(struct request *r, const char *key)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
		{ "confirmed", N_("Warnings confirmed") },
		{ "evidence_files", N_("Evidence files") },
		{ "failed_logins", N_("Failed logins") },
		{ "address", N_("IP address") }, /* a login's */
		{ "token_id", N_("Token number") },
		{ "token", N_("API token") },
		{ "password", N_("Password") },
		{ "file", N_("File") },                                 /* a document version's */
		{ "acknowledged_by", N_("Confirmed as read by") },       /* a document version's */
		{ "acknowledgement_requested", N_("Asked to read") },   /* a governing document's */
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(key, labels[i].key) == 0)
			return T(r, labels[i].label);
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
	if (strcmp(action, "acknowledge") == 0) return T(r, "Confirmed as read");
	if (strcmp(action, "acknowledgement_request") == 0) return T(r, "Asked to read");
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
			/* The record by its name where the reader may read it and
			 * it still exists; by its number otherwise. */
			const char *title = NULL;
			if (rid && visible_record(recview_visible(r), e, rid) &&
			    (title = store_title(r->st, a, e, r->org_id, rid)))
				jv_set_str(a, o, "record_href", recview_href(r, e, rid));
			jv_set_str(a, o, "record", title ? arena_printf(a, "%s: %s (#%lld)", T(r, e->label), title, rid)
						     : arena_printf(a, "%s #%lld", T(r, e->label), rid));
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
	record_list_restrict(&c, e, &q);
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
