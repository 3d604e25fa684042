/* fuzz-sources: src/io/xlsx_read.c src/io/xlsx.c src/util/spool.c src/util/text.c src/util/arena.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_xlsx_read: xlsx_read on arbitrary bytes must either fail with a
 * message or give rows in the promised shape, which survive a trip through
 * the xlsx writer and a second read unchanged.
 *
 * Input starting with "PK" is read as the file itself (the ZIP layer). Any
 * other input is XML: up to four parts separated by form feeds (sheet,
 * shared strings, workbook, workbook relationships), stored in a ZIP here
 * with correct CRCs, so that mutations reach the XML layer instead of
 * dying at the checksum.
 *
 * On the way round, fields with characters the writer drops or changes
 * (control characters but tab and LF, CR, U+FFFE/U+FFFF) or that it cuts
 * (over 32,767 characters) are expected to differ, so the comparison is
 * made only when there are none.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io/xlsx.h"
#include "io/xlsx_read.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_xlsx_read: %s\n", what);
		abort();
	}
}

static void put16(struct buf *b, unsigned v)
{
	unsigned char p[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	buf_add(b, p, 2);
}

static void put32(struct buf *b, uint32_t v)
{
	unsigned char p[4] = {
		(unsigned char)v, (unsigned char)(v >> 8),
		(unsigned char)(v >> 16), (unsigned char)(v >> 24),
	};
	buf_add(b, p, 4);
}

static void zip_header(struct buf *b, const char *name, uint32_t crc, uint32_t len,
		       uint32_t off, int central)
{
	put32(b, central ? 0x02014b50 : 0x04034b50);
	if (central)
		put16(b, 20);
	put16(b, 10);
	put16(b, 0);    /* flags */
	put16(b, 0);    /* stored */
	put16(b, 0);
	put16(b, 33);
	put32(b, crc);
	put32(b, len);
	put32(b, len);
	put16(b, (unsigned)strlen(name));
	put16(b, 0);
	if (central) {
		put16(b, 0);
		put16(b, 0);
		put16(b, 0);
		put32(b, 0);
		put32(b, off);
	}
	buf_puts(b, name);
}

/* The parts in d[0..n), separated by '\f', as a stored ZIP. */
static void pack(struct buf *out, const uint8_t *d, size_t n)
{
	static const char *const names[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	};
	uint32_t crc[4], len[4], off[4];
	size_t np = 0;
	while (np < 4) {
		const uint8_t *ff = np < 3 ? memchr(d, '\f', n) : NULL;
		size_t k = ff ? (size_t)(ff - d) : n;
		crc[np] = (uint32_t)crc32(crc32(0, Z_NULL, 0), d, (uInt)k);
		len[np] = (uint32_t)k;
		off[np] = (uint32_t)out->len;
		zip_header(out, names[np], crc[np], len[np], 0, 0);
		buf_add(out, d, k);
		np++;
		if (!ff)
			break;
		d += k + 1;
		n -= k + 1;
	}
	size_t cd = out->len;
	for (size_t i = 0; i < np; i++)
		zip_header(out, names[i], crc[i], len[i], off[i], 1);
	put32(out, 0x06054b50);
	put16(out, 0);
	put16(out, 0);
	put16(out, (unsigned)np);
	put16(out, (unsigned)np);
	put32(out, (uint32_t)(out->len - cd - 12));
	put32(out, (uint32_t)cd);
	put16(out, 0);
}

/* A field the writer keeps exactly. */
static int clean(const char *s)
{
	size_t n = strlen(s), i = 0;
	if (n > 32767)
		return 0;
	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE ||
		    cp == 0xFFFF)
			return 0;
		i += k;
	}
	return 1;
}

static void check_shape(const struct csv *c)
{
	check(c->delim == 0 && c->converted == 0, "delim or converted set");
	check(c->nrows >= 1 && c->nrows <= CSV_MAX_ROWS, "row count");
	size_t width = c->rows[0].nfields, prev = 0;
	int right_used = 0;
	check(width >= 1 && width <= CSV_MAX_FIELDS, "width");
	check(width * c->nrows <= XLSX_READ_MAX_CELLS, "cells over limit");
	for (size_t r = 0; r < c->nrows; r++) {
		const struct csv_row *row = &c->rows[r];
		check(row->nfields == width, "ragged rows");
		check(row->line > prev && row->line <= 1048576, "line numbers");
		prev = row->line;
		int any = 0;
		for (size_t f = 0; f < width; f++) {
			const char *s = row->fields[f];
			size_t n = strlen(s);
			check(n <= CSV_MAX_FIELD_BYTES, "field over limit");
			check(text_utf8_valid(s, n), "field not UTF-8");
			any |= n > 0;
		}
		check(any, "empty row kept");
		right_used |= row->fields[width - 1][0] != 0;
	}
	check(right_used, "padding past the last value");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct buf in = BUF_INIT;
	const char *file = (const char *)data;
	size_t flen = size;
	if (!(size >= 2 && data[0] == 'P' && data[1] == 'K')) {
		pack(&in, data, size);
		file = in.data;
		flen = in.len;
	}

	struct csv c;
	struct csv_error e;
	if (xlsx_read(a, file, flen, &c, &e) != 0) {
		check(e.msg != NULL && e.msg[0] != 0, "error without message");
		check(strchr(e.msg, '%') == NULL, "format directive in message");
		check(e.line <= 1048576, "error line past the grid");
		check(c.nrows == 0 && c.rows == NULL, "rows despite error");
		buf_free(&in);
		arena_free(a);
		return 0;
	}
	check_shape(&c);

	int all_clean = 1;
	for (size_t r = 0; r < c.nrows && all_clean; r++)
		for (size_t f = 0; f < c.rows[r].nfields && all_clean; f++)
			all_clean = clean(c.rows[r].fields[f]);
	if (all_clean) {
		struct xlsx *x = xlsx_new("Blad1");
		for (size_t r = 0; r < c.nrows; r++) {
			xlsx_row(x, 0);
			for (size_t f = 0; f < c.rows[r].nfields; f++)
				xlsx_cell_str(x, c.rows[r].fields[f]);
		}
		struct buf out = BUF_INIT;
		xlsx_finish(x, &out);
		struct csv c2;
		struct csv_error e2;
		int rc = xlsx_read(a, out.data, out.len, &c2, &e2);
		if (rc != 0)
			fprintf(stderr, "re-read: row %zu: %s\n", e2.line, e2.msg);
		check(rc == 0, "re-read failed");
		check(c2.nrows == c.nrows, "row count changed");
		for (size_t r = 0; r < c.nrows; r++) {
			check(c2.rows[r].line == r + 1, "re-read line");
			check(c2.rows[r].nfields == c.rows[r].nfields, "width changed");
			for (size_t f = 0; f < c.rows[r].nfields; f++)
				check(strcmp(c2.rows[r].fields[f], c.rows[r].fields[f]) == 0,
				      "field changed");
		}
		buf_free(&out);
	}
	buf_free(&in);
	arena_free(a);
	return 0;
}
