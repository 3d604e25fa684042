#include "io/import.h"

#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/export.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"

enum col_kind { COL_FIELD, COL_ID, COL_IGNORED };

struct column {
	enum col_kind kind;
	const struct field *f;
	const char *header;
};

static const char *column_of(struct rctx *c, const struct entity *e, struct column *cols, size_t n,
			     const char *field);

static void issue(struct rctx *c, struct import_report *rep, size_t row, const char *column,
		  const char *message)
{
	rep->found++;
	if (rep->nissues == IMPORT_MAX_ISSUES) {
		rep->truncated = 1;
		return;
	}
	if (!rep->issues)
		rep->issues = arena_alloc_array(c->a, IMPORT_MAX_ISSUES, sizeof *rep->issues);
	/* Copied: the row's own memory is reset after each row. */
	rep->issues[rep->nissues++] = (struct import_issue){ row, column ? arena_strdup(c->a, column) : NULL,
							     arena_strdup(c->a, message) };
}

static void warning(struct rctx *c, struct import_report *rep, size_t row, const char *column,
		    const char *message)
{
	rep->nwarnings_found++;
	if (rep->nwarnings == IMPORT_MAX_ISSUES)
		return;
	if (!rep->warnings)
		rep->warnings = arena_alloc_array(c->a, IMPORT_MAX_ISSUES, sizeof *rep->warnings);
	rep->warnings[rep->nwarnings++] = (struct import_issue){ row, column ? arena_strdup(c->a, column) : NULL,
								 arena_strdup(c->a, message) };
}

/* Every error of errs as an issue of row, under the column of its field;
 * when errs left some out, a last issue says so. */
static void issues_of(struct rctx *c, struct import_report *rep, size_t row, const struct entity *e,
		      struct column *cols, size_t ncols, const struct verrors *errs)
{
	for (size_t k = 0; k < errs->n; k++)
		issue(c, rep, row, column_of(c, e, cols, ncols, errs->items[k].field), errs->items[k].message);
	if (errs->truncated)
		issue(c, rep, row, NULL, verr_more(c->who->lang));
}

static int folded_equal(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	text_fold(&x, a, strlen(a));
	text_fold(&y, b, strlen(b));
	int eq = strcmp(buf_str(&x), buf_str(&y)) == 0;
	buf_free(&x);
	buf_free(&y);
	return eq;
}

static int map_header(struct rctx *c, const struct entity *e, const char *h, struct column *col)
{
	col->header = h;
	if (folded_equal(h, "id") || folded_equal(h, tr(LANG_SV, "Number")) || folded_equal(h, "Number")) {
		col->kind = COL_ID;
		return 1;
	}
	if (folded_equal(h, "created_at") || folded_equal(h, "updated_at")) {
		col->kind = COL_IGNORED;
		return 1;
	}
	for (int l = 0; l < LANG_COUNT; l++)
		if (folded_equal(h, tr(l, "Created")) || folded_equal(h, tr(l, "Updated"))) {
			col->kind = COL_IGNORED;
			return 1;
		}
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden || f->readonly)
			continue;
		int match = strcmp(h, f->name) == 0;
		for (int l = 0; l < LANG_COUNT && !match; l++)
			match = folded_equal(h, tr(l, f->label));
		if (match) {
			col->kind = COL_FIELD;
			col->f = f;
			return 1;
		}
		if (f->type == F_REF) {
			int name_col = strcmp(h, export_name_column(c->a, f)) == 0;
			for (int l = 0; l < LANG_COUNT && !name_col; l++)
				name_col = folded_equal(h, arena_printf(c->a, tr(l, "%s (name)"), tr(l, f->label)));
			if (name_col) {
				col->kind = COL_IGNORED;
				return 1;
			}
		}
	}
	return 0;
}

/* The column header under which a field's problems are reported. */
static const char *column_of(struct rctx *c, const struct entity *e, struct column *cols, size_t n,
			     const char *field)
{
	if (!field)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (cols[i].kind == COL_FIELD && strcmp(cols[i].f->name, field) == 0)
			return cols[i].header;
	const struct field *f = entity_field(e, field);
	return f ? tr(c->who->lang, f->label) : field;
}

int import_csv(struct rctx *c, const struct entity *e, const char *data, size_t len, int commit,
	       struct import_report *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->preview = jv_arr(c->a);
	int lang = c->who->lang;
	if (e->no_import) {
		issue(c, rep, 0, NULL, tr(lang, "Records of this kind cannot be imported."));
		return 1;
	}
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		rep->malformed = 1;
		issue(c, rep, 0, NULL, tr(lang, "This looks like an Excel workbook. Save it as CSV (UTF-8) and import that file."));
		return 1;
	}
	struct csv csv;
	struct csv_error cerr;
	if (csv_parse(c->a, data, len, &csv, &cerr) != 0) {
		rep->malformed = 1;
		issue(c, rep, cerr.line, NULL, tr(lang, cerr.msg));
		return 1;
	}
	rep->converted = csv.converted;
	const struct csv_row *head = &csv.rows[0];
	struct column *cols = arena_alloc_array(c->a, head->nfields ? head->nfields : 1, sizeof *cols);
	for (size_t i = 0; i < head->nfields; i++) {
		const char *h;
		size_t hl = text_trim(head->fields[i], strlen(head->fields[i]), &h);
		const char *name = arena_strndup(c->a, h, hl);
		if (!map_header(c, e, name, &cols[i])) {
			issue(c, rep, head->line, name,
			      tr(lang, "Unknown column. Use the field names of the export or the field labels."));
			cols[i].kind = COL_IGNORED; /* still check the rows, to list every problem */
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (cols[j].kind != COL_IGNORED && cols[j].kind == cols[i].kind && cols[j].f == cols[i].f)
				issue(c, rep, head->line, name, tr(lang, "The column appears twice."));
	}
	if (csv.nrows < 2) {
		issue(c, rep, 0, NULL, tr(lang, "The file has a header but no rows to import."));
		return 1;
	}

	struct actor who = *c->who;
	who.via = "import";
	struct rctx rc = *c;
	rc.who = &who;
	rc.in_tx = 1;
	rc.allow_names = 1;
	rc.names = jv_obj(c->a);
	rc.names_a = c->a;
	/* Warnings do not stop a row: they are listed with the preview, and
	 * confirming the import confirms them. */
	rc.confirmed = 1;
	rc.same_name = 1;
	/* Each row is made in memory of its own, reset after it: an import
	 * of any length holds one row's records, changes and audit entries. */
	struct arena *row_a = arena_new();
	rc.a = row_a;
	if (store_begin(c->st) != STORE_OK) {
		arena_free(row_a);
		return -1;
	}
	int failed = 0;
	for (size_t r = 1; r < csv.nrows && !failed; r++) {
		const struct csv_row *row = &csv.rows[r];
		arena_reset(row_a);
		rep->rows++;
		if (row->nfields != head->nfields) {
			issue(c, rep, row->line, NULL,
			      arena_printf(row_a, tr(lang, "The row has %zu fields but the header has %zu."),
					   row->nfields, head->nfields));
			continue;
		}
		/* Issues found, not kept: a full report keeps no more, and a
		 * bad row must not pass for a good one then. */
		size_t row_start = rep->found;
		struct jval *in = jv_obj(row_a);
		long long id = 0;
		for (size_t i = 0; i < row->nfields; i++) {
			const char *text = csv_unguard(row->fields[i]);
			if (cols[i].kind == COL_ID) {
				const char *t;
				size_t tl = text_trim(text, strlen(text), &t);
				if (!tl)
					continue;
				char *end;
				id = strtoll(arena_strndup(row_a, t, tl), &end, 10);
				if (*end || id <= 0) {
					issue(c, rep, row->line, cols[i].header,
					      tr(lang, "Give the number of an existing record, or leave it empty to create one."));
					id = 0;
				}
				continue;
			}
			if (cols[i].kind != COL_FIELD)
				continue;
			struct verrors ferr = { 0 };
			struct jval *v = record_value_from_text(&rc, e, cols[i].f, text, &ferr);
			for (size_t k = 0; k < ferr.n; k++)
				issue(c, rep, row->line, cols[i].header, ferr.items[k].message);
			if (ferr.truncated)
				issue(c, rep, row->line, cols[i].header, verr_more(lang));
			if (v)
				jv_set(in, cols[i].f->name, v);
		}
		if (rep->found > row_start) {
			if (!id) {
				struct verrors req = { 0 };
				record_require(&rc, e, in, &req);
				issues_of(c, rep, row->line, e, cols, head->nfields, &req);
			}
			continue;
		}
		struct verrors errs = { 0 }, warns = { 0 };
		rc.warnings = &warns;
		long long before = store_generation(c->st);
		int update = id != 0;
		int res = update ? record_update(&rc, e, id, in, &errs) : record_create(&rc, e, in, &id, &errs);
		issues_of(c, rep, row->line, e, cols, head->nfields, &errs);
		if (res == REC_FORBIDDEN)
			issue(c, rep, row->line, NULL, tr(lang, "Your roles do not allow this change."));
		else if (res == REC_NOTFOUND)
			issue(c, rep, row->line, NULL,
			      arena_printf(row_a, tr(lang, "There is no record number %lld."), id));
		else if (res == REC_ERROR)
			failed = 1;
		rc.warnings = NULL;
		if (res != REC_OK)
			continue;
		for (size_t k = 0; k < warns.n; k++)
			warning(c, rep, row->line, column_of(c, e, cols, head->nfields, warns.items[k].field),
				warns.items[k].message);
		const char *action = !update ? "create"
				     : store_generation(c->st) != before ? "update" : "unchanged";
		if (!update)
			rep->creates++;
		else if (strcmp(action, "update") == 0)
			rep->updates++;
		else
			rep->unchanged++;
		if (rep->preview->len < IMPORT_PREVIEW_ROWS) {
			struct jval *p = jv_push(rep->preview, jv_obj(c->a));
			jv_set_int(c->a, p, "row", (long long)row->line);
			jv_set_str(c->a, p, "action", action);
			jv_set_int(c->a, p, "id", id);
			const char *title = store_title(c->st, c->a, e, c->who->org_id, id);
			jv_set_str(c->a, p, "title", title ? title : "");
		}
	}
	arena_free(row_a);
	if (failed) {
		store_rollback(c->st);
		return -1;
	}
	if (rep->found || !commit) {
		store_rollback(c->st);
		return rep->found ? 1 : 0;
	}
	if (store_commit(c->st) != STORE_OK) {
		store_rollback(c->st);
		return -1;
	}
	return 0;
}
