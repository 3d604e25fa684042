#include "io/export.h"

#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/xlsx.h"
#include "model/record.h"
#include "model/visible.h"
#include "util/i18n.h"
#include "util/xalloc.h"

const char *export_name_column(struct arena *a, const struct field *f)
{
	size_t n = strlen(f->name);
	if (n > 3 && strcmp(f->name + n - 3, "_id") == 0)
		n -= 3;
	return arena_printf(a, "%.*s_name", (int)n, f->name);
}

/* Cell text of field f in row for export: stored values, not labels, so
 * that a re-import means the same. */
static const char *cell(struct arena *a, const struct field *f, const struct jval *row)
{
	return record_value_text(a, f, jv_get(row, f->name));
}

struct export {
	struct buf *out;
	const struct entity *e;
	struct xlsx *x; /* NULL for CSV */
	int lang;
	struct visible *vis; /* NULL: every name */
	struct arena *a; /* reset after each row */
	/* Streaming (export_stream): called after each row, and the XLSX
	 * archive's bytes at the end; NULL: everything stays in out. */
	void (*flush)(void *ctx);
	xlsx_sink_fn sink;
	void *ctx;
};

/* The name column of reference field f in row: the title, the placeholder
 * when the reader may not read the record, "" when there is none. */
static const char *name_cell(struct export *w, const struct field *f, const struct jval *row)
{
	const struct jval *id = jv_get(row, f->name);
	if (!id || id->type != J_INT)
		return "";
	if (w->vis && !visible_record(w->vis, f->ref, id->i))
		return visible_hidden(w->lang);
	const char *l = jv_get_str(jv_get(row, "_labels"), f->name);
	return l ? l : "";
}

static void csv_header(struct export *w)
{
	struct buf *out = w->out;
	/* A byte-order mark tells spreadsheets the file is UTF-8. */
	buf_puts(out, "\xEF\xBB\xBF");
	buf_puts(out, "id");
	for (const struct field *f = w->e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		buf_putc(out, ',');
		csv_write_field(out, f->name, ',');
		if (f->type == F_REF) {
			buf_putc(out, ',');
			csv_write_field(out, export_name_column(w->a, f), ',');
		}
	}
	buf_puts(out, ",created_at,updated_at\r\n");
}

static void csv_row(struct export *w, const struct jval *row)
{
	struct buf *out = w->out;
	buf_printf(out, "%lld", jv_get_int(row, "id", 0));
	for (const struct field *f = w->e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		buf_putc(out, ',');
		csv_write_field(out, cell(w->a, f, row), ',');
		if (f->type == F_REF) {
			buf_putc(out, ',');
			csv_write_field(out, name_cell(w, f, row), ',');
		}
	}
	const char *created = jv_get_str(row, "created_at"), *updated = jv_get_str(row, "updated_at");
	buf_putc(out, ',');
	csv_write_field(out, created ? created : "", ',');
	buf_putc(out, ',');
	csv_write_field(out, updated ? updated : "", ',');
	buf_puts(out, "\r\n");
}

static void xlsx_header(struct export *w)
{
	struct xlsx *x = w->x;
	int lang = w->lang;
	xlsx_row(x, 1);
	xlsx_cell_str(x, tr(lang, "Number"));
	int col = 1;
	xlsx_col_width(x, 0, 9);
	for (const struct field *f = w->e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		xlsx_col_width(x, col++, f->type == F_LONGTEXT ? 50 : f->type == F_TEXT ? 30 : 16);
		xlsx_cell_str(x, tr(lang, f->label));
		if (f->type == F_REF) {
			xlsx_col_width(x, col++, 28);
			xlsx_cell_str(x, arena_printf(w->a, tr(lang, "%s (name)"), tr(lang, f->label)));
		}
	}
	xlsx_col_width(x, col++, 22);
	xlsx_col_width(x, col++, 22);
	xlsx_cell_str(x, tr(lang, "Created"));
	xlsx_cell_str(x, tr(lang, "Updated"));
}

static void xlsx_data_row(struct export *w, const struct jval *row)
{
	struct xlsx *x = w->x;
	int lang = w->lang;
	xlsx_row(x, 0);
	xlsx_cell_int(x, jv_get_int(row, "id", 0));
	for (const struct field *f = w->e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		const struct jval *v = jv_get(row, f->name);
		if ((f->type == F_INT || f->type == F_REF) && v && v->type == J_INT)
			xlsx_cell_int(x, v->i);
		else if (f->type == F_ENUM && v && v->type == J_STR && field_option_label(f, v->s))
			xlsx_cell_str(x, tr(lang, field_option_label(f, v->s)));
		else if (f->type == F_BOOL && v && v->type == J_BOOL)
			xlsx_cell_str(x, v->b ? tr(lang, "Yes") : tr(lang, "No"));
		else
			xlsx_cell_str(x, cell(w->a, f, row));
		if (f->type == F_REF)
			xlsx_cell_str(x, name_cell(w, f, row));
	}
	xlsx_cell_str(x, jv_get_str(row, "created_at"));
	xlsx_cell_str(x, jv_get_str(row, "updated_at"));
}

struct export *export_begin(struct buf *out, const struct entity *e, int xlsx, int lang,
			    struct visible *vis)
{
	struct export *w = xcalloc(1, sizeof *w);
	w->out = out;
	w->e = e;
	w->lang = lang;
	w->vis = vis;
	w->a = arena_new();
	if (xlsx) {
		w->x = xlsx_new(tr(lang, e->plural));
		xlsx_header(w);
	} else {
		csv_header(w);
	}
	arena_reset(w->a);
	return w;
}

void export_stream(struct export *w, void (*flush)(void *ctx), xlsx_sink_fn sink, void *ctx)
{
	w->flush = flush;
	w->sink = sink;
	w->ctx = ctx;
}

void export_row(struct export *w, const struct jval *row)
{
	if (w->x)
		xlsx_data_row(w, row);
	else
		csv_row(w, row);
	arena_reset(w->a);
	if (w->flush)
		w->flush(w->ctx);
}

int export_row_fn(void *ctx, const struct jval *row)
{
	export_row(ctx, row);
	return 0;
}

int export_end(struct export *w)
{
	int rc = 0;
	if (w->x && w->sink)
		rc = xlsx_finish_to(w->x, w->sink, w->ctx);
	else if (w->x)
		rc = xlsx_finish(w->x, w->out);
	arena_free(w->a);
	free(w);
	return rc;
}
