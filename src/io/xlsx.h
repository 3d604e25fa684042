/*
 * xlsx: write an Office Open XML workbook (one worksheet) that Excel and
 * LibreOffice open: a ZIP (deflate via zlib) holding the minimal parts
 * ([Content_Types].xml, _rels/.rels, xl/workbook.xml, xl/_rels/workbook.xml.rels,
 * xl/styles.xml, xl/worksheets/sheet1.xml, docProps/core.xml).
 *
 * Strings are written as inline strings (no shared-string table); characters
 * XML 1.0 forbids are dropped; cells longer than Excel's 32,767-character
 * limit are cut. The first row, when marked as header, is bold, frozen and
 * carries an auto-filter.
 */
#ifndef TILLIT_XLSX_H
#define TILLIT_XLSX_H

#include <stddef.h>

#include "util/buf.h"

struct xlsx;

/* A new workbook whose one sheet is called sheet_name (cut to 31 characters,
 * the characters []:*?/\ replaced by '-'). */
struct xlsx *xlsx_new(const char *sheet_name);
/* Start a row; header rows are bold (use for the first row only). */
void xlsx_row(struct xlsx *x, int header);
void xlsx_cell_str(struct xlsx *x, const char *s);  /* NULL = empty cell */
void xlsx_cell_int(struct xlsx *x, long long v);
void xlsx_cell_num(struct xlsx *x, double v);
void xlsx_cell_empty(struct xlsx *x);
/* Column width in characters for column col (0-based), before finishing. */
void xlsx_col_width(struct xlsx *x, int col, double width);
/* Append the finished .xlsx file to out and free x. Returns 0, or -1 when
 * the sheet's temporary file (see xlsx.c) could not be written or read
 * back: out then holds no usable workbook. */
int xlsx_finish(struct xlsx *x, struct buf *out);
/* The same, handing the file's bytes to sink in order (the sheet in pieces
 * of up to 64 KiB: a sink that writes to a file keeps no copy). */
typedef void (*xlsx_sink_fn)(void *ctx, const void *data, size_t len);
int xlsx_finish_to(struct xlsx *x, xlsx_sink_fn sink, void *ctx);
/* Free without producing output. */
void xlsx_free(struct xlsx *x);

#endif
