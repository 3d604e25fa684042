#include "io/export.h"

#include <string.h>

#include "io/csv.h"
#include "io/xlsx.h"
#include "model/record.h"
#include "util/i18n.h"

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

void export_csv(struct buf *out, const struct entity *e, const struct jval *rows)
{
	struct arena *a = arena_new();
	/* A byte-order mark tells spreadsheets the file is UTF-8. */
	buf_puts(out, "\xEF\xBB\xBF");
	buf_puts(out, "id");
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		buf_putc(out, ',');
		csv_write_field(out, f->name, ',');
		if (f->type == F_REF) {
			buf_putc(out, ',');
			csv_write_field(out, export_name_column(a, f), ',');
		}
	}
	buf_puts(out, ",created_at,updated_at\r\n");
	for (const struct jval *row = rows->first; row; row = row->next) {
		buf_printf(out, "%lld", jv_get_int(row, "id", 0));
		const struct jval *labels = jv_get(row, "_labels");
		for (const struct field *f = e->fields; f->name; f++) {
			if (f->hidden)
				continue;
			buf_putc(out, ',');
			csv_write_field(out, cell(a, f, row), ',');
			if (f->type == F_REF) {
				const char *l = jv_get_str(labels, f->name);
				buf_putc(out, ',');
				csv_write_field(out, l ? l : "", ',');
			}
		}
		buf_putc(out, ',');
		csv_write_field(out, jv_get_str(row, "created_at") ? jv_get_str(row, "created_at") : "", ',');
		buf_putc(out, ',');
		csv_write_field(out, jv_get_str(row, "updated_at") ? jv_get_str(row, "updated_at") : "", ',');
		buf_puts(out, "\r\n");
	}
	arena_free(a);
}

void export_xlsx(struct buf *out, const struct entity *e, const struct jval *rows, int lang)
{
	struct arena *a = arena_new();
	struct xlsx *x = xlsx_new(tr(lang, e->plural));
	xlsx_row(x, 1);
	xlsx_cell_str(x, tr(lang, "Number"));
	int col = 1;
	xlsx_col_width(x, 0, 9);
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->hidden)
			continue;
		xlsx_col_width(x, col++, f->type == F_LONGTEXT ? 50 : f->type == F_TEXT ? 30 : 16);
		xlsx_cell_str(x, tr(lang, f->label));
		if (f->type == F_REF) {
			xlsx_col_width(x, col++, 28);
			xlsx_cell_str(x, arena_printf(a, tr(lang, "%s (name)"), tr(lang, f->label)));
		}
	}
	xlsx_col_width(x, col++, 22);
	xlsx_col_width(x, col++, 22);
	xlsx_cell_str(x, tr(lang, "Created"));
	xlsx_cell_str(x, tr(lang, "Updated"));
	for (const struct jval *row = rows->first; row; row = row->next) {
		xlsx_row(x, 0);
		xlsx_cell_int(x, jv_get_int(row, "id", 0));
		const struct jval *labels = jv_get(row, "_labels");
		for (const struct field *f = e->fields; f->name; f++) {
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
				xlsx_cell_str(x, cell(a, f, row));
			if (f->type == F_REF)
				xlsx_cell_str(x, jv_get_str(labels, f->name));
		}
		xlsx_cell_str(x, jv_get_str(row, "created_at"));
		xlsx_cell_str(x, jv_get_str(row, "updated_at"));
	}
	xlsx_finish(x, out);
	arena_free(a);
}
