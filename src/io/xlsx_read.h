/*
 * xlsx_read: the first worksheet of an Office Open XML workbook (.xlsx) as
 * rows and fields, so that imports accept what Excel saves as well as CSV.
 *
 * The file is an upload and is treated as hostile. The ZIP container is
 * read here (no ZIP64, no encryption; stored or deflated parts), every
 * offset and length is checked against the input, and each part is capped
 * in size before it is inflated (XLSX_READ_PART_MAX, in all
 * XLSX_READ_TOTAL_MAX): a part is inflated into a buffer that grows with
 * the bytes that come out and stops one byte past the size it declares, so
 * a zip bomb costs at most that much memory, whatever its header says, and
 * is refused as too large when unpacked (or damaged, if it lies).
 *
 * The worksheet is the first visible one the workbook lists (xl/workbook.xml
 * and xl/_rels/workbook.xml.rels), else xl/worksheets/sheet1.xml. Cell text
 * comes from the shared-string table (plain and rich text; phonetic runs are
 * left out), inline strings, or the stored value: numbers as written, except
 * that an integral "3.0" becomes "3"; booleans as "1"/"0"; error values such
 * as "#N/A" as written; date serial numbers are not converted. Formulas are
 * not evaluated: a formula cell gives its cached value. Excel's escapes
 * _xHHHH_ in text are decoded, and text without xml:space="preserve" loses
 * leading and trailing white space, as in Excel (unless it is nothing but
 * white space, like the " " run between two words of rich text).
 */
#ifndef TILLIT_XLSX_READ_H
#define TILLIT_XLSX_READ_H

#include <stddef.h>

#include "io/csv.h"
#include "util/arena.h"

/* Largest uncompressed part (sheet, shared strings) and all parts read
 * together; workbook and relationship parts are capped lower. */
#define XLSX_READ_PART_MAX ((size_t)16 << 20)
#define XLSX_READ_TOTAL_MAX ((size_t)16 << 20)
/* Rows times columns after padding (as many as a CSV file may hold), and
 * the most entries read from the shared-string table. Together with the
 * sizes above they keep what one upload costs to read (the parts, at
 * times twice while a buffer grows, and the cells) to some 50 MiB, within
 * the server's memory ceiling (docs/internals/limits.md). */
#define XLSX_READ_MAX_CELLS ((size_t)CSV_MAX_CELLS)

/*
 * Read the first worksheet of the .xlsx file data[0..len) into out (memory
 * from arena a), in the shape csv_parse() gives: rows of NUL-terminated
 * UTF-8 fields; csv_row.line is the sheet's 1-based row number; delim = 0;
 * converted = 0.
 *
 * Cells are placed by their column reference: columns between cells become
 * empty fields, and every row is padded with empty fields to the width of
 * the widest row (the rightmost non-empty cell in the sheet), as Excel's own
 * "Save as CSV" does. Rows without any non-empty cell are skipped, as
 * csv_parse() skips empty lines. Fields may share memory (one shared string
 * used in many cells is one copy): treat them as read-only.
 *
 * Returns 0, or -1 with *err set (err->msg an English msgid without format
 * directives, err->line the sheet row or 0) when: the file is not a ZIP or is
 * damaged, truncated, encrypted or ZIP64, or its XML is malformed; a part is
 * over the caps or the sheet over XLSX_READ_MAX_CELLS; the workbook has no
 * worksheet; the sheet has no non-empty cell; or a row or cell is beyond
 * CSV_MAX_ROWS rows, CSV_MAX_FIELDS columns (for cells with a value) or
 * CSV_MAX_FIELD_BYTES bytes.
 */
int xlsx_read(struct arena *a, const char *data, size_t len, struct csv *out,
	      struct csv_error *err);

/* 1 when data starts like a ZIP file (PK\3\4), else 0. */
int xlsx_looks_like(const char *data, size_t len);

#endif
