/*
 * export: lists as CSV and XLSX, with the columns the registry declares.
 *
 * Columns: id, every field (references as the number of the record
 * referred to, several references as numbers separated by ";"), after each
 * reference a column with the referred record's name (<field>_name, e.g.
 * owner_name for owner_id), and created_at/updated_at. CSV headers are the
 * field names, as the API spells them, so an export can be edited and
 * imported again; XLSX headers are the field labels in the user's language.
 */
#ifndef TILLIT_EXPORT_H
#define TILLIT_EXPORT_H

#include "io/xlsx.h"
#include "model/entity.h"
#include "util/buf.h"
#include "util/json.h"

/* A file written row by row: begin (the header), a row at a time (rows as
 * from store_list(with_links)), end (appends the finished file to out and
 * frees the writer). Rows may be freed once written. The name columns
 * show the placeholder visible_hidden() for records vis says the reader
 * may not read (vis NULL: every name, for the command line); the number
 * columns keep the numbers, so that an export imports again unchanged. */
struct export;
struct visible;
struct export *export_begin(struct buf *out, const struct entity *e, int xlsx, int lang,
			    struct visible *vis);
void export_row(struct export *x, const struct jval *row);
/* 0, or -1 when an XLSX file's temporary file failed (xlsx_finish). */
int export_end(struct export *x);
/* Stream the file instead of keeping it in out: after each row flush(ctx)
 * may move what collected in out elsewhere, and an XLSX archive is handed
 * to sink(ctx, ...) at the end (io/xlsx.h xlsx_finish_to). */
void export_stream(struct export *x, void (*flush)(void *ctx), xlsx_sink_fn sink, void *ctx);
/* As a store_row_fn: export_row(ctx, row), returning 0. */
int export_row_fn(void *ctx, const struct jval *row);
/* The name column that follows reference field f ("owner_name"). */
const char *export_name_column(struct arena *a, const struct field *f);

#endif
