/* fuzz-sources: src/io/csv.c src/util/text.c src/util/arena.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_csv: csv_parse on arbitrary bytes must either fail with a message or
 * give rows that survive csv_write_field and a second csv_parse unchanged
 * (after csv_unguard).
 *
 * Two things are expected to change on the way round: a record that is a
 * single empty field ("" on a line of its own) is written as an empty line,
 * which the reader skips; and a field at the size limit that the writer has
 * to guard grows by its apostrophe past the limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "util/arena.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv: %s\n", what);
		abort();
	}
}

static int single_empty(const struct csv_row *r)
{
	return r->nfields == 1 && r->fields[0][0] == 0;
}

static size_t count_lines(const uint8_t *d, size_t n)
{
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		if (d[i] == '\n' || (d[i] == '\r' && !(i + 1 < n && d[i + 1] == '\n')))
			lines++;
	return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct csv c;
	struct csv_error e;

	if (csv_parse(a, (const char *)data, size, &c, &e) != 0) {
		check(e.msg != NULL && e.msg[0] != 0, "error without message");
		check(strchr(e.msg, '%') == NULL, "format directive in message");
		check(e.line <= count_lines(data, size), "error line past end");
		check(e.line > 0 || strcmp(e.msg, "the file is empty") == 0,
		      "error without line");
		arena_free(a);
		return 0;
	}

	check(c.delim == ',' || c.delim == ';', "odd delimiter");
	check(c.nrows >= 1 && c.nrows <= CSV_MAX_ROWS, "row count");
	size_t expect_rows = 0, prev_line = 0;
	int at_limit = 0;
	for (size_t r = 0; r < c.nrows; r++) {
		const struct csv_row *row = &c.rows[r];
		check(row->nfields >= 1 && row->nfields <= CSV_MAX_FIELDS,
		      "field count");
		check(row->line > prev_line, "line numbers not increasing");
		prev_line = row->line;
		for (size_t f = 0; f < row->nfields; f++) {
			size_t len = strlen(row->fields[f]);
			check(len <= CSV_MAX_FIELD_BYTES, "field over limit");
			if (len == CSV_MAX_FIELD_BYTES)
				at_limit = 1;
		}
		if (!single_empty(row))
			expect_rows++;
	}
	check(prev_line <= count_lines(data, size), "row line past end");

	/* Write back the way an export would: BOM first (which also keeps
	 * a leading U+FEFF in the first field intact), mixed line ends. */
	struct buf out = BUF_INIT;
	buf_puts(&out, "\xEF\xBB\xBF");
	for (size_t r = 0; r < c.nrows; r++) {
		for (size_t f = 0; f < c.rows[r].nfields; f++) {
			if (f)
				buf_putc(&out, c.delim);
			csv_write_field(&out, c.rows[r].fields[f], c.delim);
		}
		buf_puts(&out, r % 2 ? "\r\n" : "\n");
	}

	struct csv c2;
	struct csv_error e2;
	int rc = csv_parse(a, out.data, out.len, &c2, &e2);
	if (expect_rows == 0) {
		check(rc == -1 && strcmp(e2.msg, "the file is empty") == 0,
		      "rows of one empty field should vanish");
	} else if (rc != 0 && at_limit) {
		check(strcmp(e2.msg, "field too long") == 0,
		      "unexpected error at the field size limit");
	} else {
		if (rc != 0)
			fprintf(stderr, "re-parse: line %zu: %s\n", e2.line,
				e2.msg);
		check(rc == 0, "re-parse failed");
		/* Converted input is UTF-8 by now; the second read must not
		 * convert again. */
		check(c2.converted == 0, "re-parse converted");
		check(c2.delim == c.delim, "delimiter changed");
		check(c2.nrows == expect_rows, "row count changed");
		size_t r2 = 0;
		for (size_t r = 0; r < c.nrows; r++) {
			const struct csv_row *row = &c.rows[r];
			if (single_empty(row))
				continue;
			const struct csv_row *got = &c2.rows[r2++];
			check(got->nfields == row->nfields,
			      "field count changed");
			for (size_t f = 0; f < row->nfields; f++)
				check(strcmp(csv_unguard(got->fields[f]),
					     row->fields[f]) == 0,
				      "field changed");
		}
	}
	buf_free(&out);
	arena_free(a);
	return 0;
}
