/*
 * test_pdf: the PDF report writer (src/report/pdf.c). A long report comes
 * out as a well-formed PDF of many pages; invalid UTF-8, a cell taller than
 * a page and odd table arguments neither crash nor hang; landscape pages
 * are wider than high; documents can be made in several threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "report/pdf.h"
#include "util/buf.h"

/* Find needle in data[0..len) from `from`; returns its offset or len. */
static size_t find(const char *data, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= len; i++)
		if (memcmp(data + i, needle, n) == 0)
			return i;
	return len;
}

/* Page objects: "/Type /Page" not followed by 's' (that is /Pages). */
static int count_pages(const struct buf *b)
{
	int n = 0;
	size_t at = 0;
	while ((at = find(b->data, b->len, at, "/Type /Page")) < b->len) {
		at += strlen("/Type /Page");
		if (at >= b->len || b->data[at] != 's')
			n++;
	}
	return n;
}

/* The /Count of the page tree (the largest, should there be several). */
static int pages_count(const struct buf *b)
{
	int best = -1;
	size_t at = 0;
	while ((at = find(b->data, b->len, at, "/Count ")) < b->len) {
		at += strlen("/Count ");
		int v = atoi(b->data + at);
		if (v > best)
			best = v;
	}
	return best;
}

static void assert_pdf(const struct buf *b)
{
	assert_non_null(b->data);
	assert_true(b->len > 100);
	assert_memory_equal(b->data, "%PDF-", 5);
	size_t end = b->len;
	while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r' ||
			   b->data[end - 1] == ' '))
		end--;
	assert_true(end >= 5);
	assert_memory_equal(b->data + end - 5, "%%EOF", 5);
	assert_true(find(b->data, b->len, 0, "/Creator (Tillit)") < b->len);
	/* The page objects and the page tree agree. */
	assert_int_equal(count_pages(b), pages_count(b));
}

/* Every /MediaBox: 1 when all are wider than high (landscape), 0 when all
 * are higher than wide, -1 when mixed or none. */
static int media_boxes(const struct buf *b)
{
	int land = 0, port = 0;
	size_t at = 0;
	while ((at = find(b->data, b->len, at, "/MediaBox [")) < b->len) {
		at += strlen("/MediaBox [");
		double x0, y0, x1, y1;
		assert_int_equal(sscanf(b->data + at, " %lf %lf %lf %lf", &x0, &y0, &x1, &y1), 4);
		if (x1 - x0 > y1 - y0)
			land++;
		else
			port++;
	}
	if (land && !port)
		return 1;
	if (port && !land)
		return 0;
	return -1;
}

static char *long_text(size_t n, int words)
{
	static const char sample[] = "Behörighet åtkomst ändring säkerhetsloggning ";
	char *s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = words ? sample[i % (sizeof sample - 1)] : (char)('a' + i % 26);
	/* Do not end inside a multi-byte character. */
	while (n > 0 && ((unsigned char)s[n - 1] & 0x80))
		n--;
	s[n] = 0;
	return s;
}

static void report(struct pdf *p, int rows)
{
	static const char *const hdr[] = { "Id", "System", "Beskrivning", "Ägare" };
	static const double w[] = { 1, 3, 6, 2 };
	char id[32], sys[64];
	pdf_title(p, "Informationssäkerhetsrapport");
	pdf_heading(p, "Sammanfattning");
	pdf_paragraph(p, "Åtgärder för år 2024: ändrade rutiner för åtkomst, "
		      "översyn av behörigheter och säkerhetskopiering.\nNy rad.");
	pdf_heading(p, "System");
	pdf_table_begin(p, 4, hdr, w);
	for (int i = 0; i < rows; i++) {
		snprintf(id, sizeof id, "%d", i + 1);
		snprintf(sys, sizeof sys, "System nummer %d med ett långt namn", i + 1);
		const char *cells[] = {
			id, sys,
			"En lång beskrivning som måste radbrytas flera gånger i sin "
			"kolumn, med ord som informationssäkerhetsklassning och "
			"kontinuitetsplanering, och ännu mer text efter det.",
			i % 7 ? "Förvaltning" : NULL,
		};
		pdf_table_row(p, cells);
	}
	pdf_table_end(p);
}

static void test_report(void **state)
{
	(void)state;
	struct pdf *p = pdf_new(PDF_PORTRAIT, "Rapport åäö", "sv");
	assert_non_null(p);
	report(p, 300);

	/* Invalid UTF-8: a stray continuation byte, a truncated sequence,
	 * an overlong, a surrogate, bytes F5..FF, and a markup look-alike. */
	const char *bad[] = { "x\x80y", "\xC3", "\xC0\xAF \xED\xA0\x80 \xF5\xFF",
			      "<b>not bold</b> &amp; \x01\r\n" };
	pdf_table_row(p, bad);

	/* One cell far taller than a page. */
	char *big = long_text(20000, 1);
	const char *tall[] = { "T", big, NULL, "x" };
	pdf_table_row(p, tall);
	pdf_table_end(p);
	free(big);

	pdf_heading(p, "Efter tabellen");
	pdf_paragraph(p, "Slut.");

	struct buf out = BUF_INIT;
	assert_int_equal(pdf_finish(p, &out), 0);
	assert_pdf(&out);
	int pages = count_pages(&out);
	assert_true(pages > 1);
	/* 300 wrapped rows plus a 20,000-character cell: dozens of pages. */
	assert_true(pages > 20);
	assert_int_equal(media_boxes(&out), 0);
	assert_true(find(out.data, out.len, 0, "/Title (Rapport") < out.len ||
		    find(out.data, out.len, 0, "/Title <FEFF") < out.len ||
		    find(out.data, out.len, 0, "/Title <feff") < out.len);
	buf_free(&out);
}

static void test_landscape(void **state)
{
	(void)state;
	struct pdf *p = pdf_new(PDF_LANDSCAPE, "Landscape", "en");
	report(p, 120);
	struct buf out = BUF_INIT;
	assert_int_equal(pdf_finish(p, &out), 0);
	assert_pdf(&out);
	assert_true(count_pages(&out) > 1);
	assert_int_equal(media_boxes(&out), 1);
	assert_true(find(out.data, out.len, 0, "/Title (Landscape)") < out.len);
	buf_free(&out);

	/* Rows of one line each: the shorter landscape pages take more of
	 * them than portrait ones. */
	int pages[2];
	for (int o = 0; o < 2; o++) {
		p = pdf_new(o ? PDF_LANDSCAPE : PDF_PORTRAIT, "Short rows", "en");
		const char *cells[] = { "short", "row" };
		pdf_table_begin(p, 2, cells, NULL);
		for (int i = 0; i < 400; i++)
			pdf_table_row(p, cells);
		pdf_table_end(p);
		assert_int_equal(pdf_finish(p, &out), 0);
		assert_int_equal(media_boxes(&out), o);
		pages[o] = count_pages(&out);
		buf_free(&out);
	}
	assert_true(pages[1] > pages[0]);
	assert_true(pages[0] > 1);
}

/* pdf_finish appends: what was in out stays in front. */
static void test_append(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	buf_puts(&out, "prefix");
	struct pdf *p = pdf_new(PDF_PORTRAIT, NULL, NULL);
	assert_int_equal(pdf_finish(p, &out), 0);
	assert_memory_equal(out.data, "prefix%PDF-", 11);
	/* An empty document still has one page (with its footer). */
	struct buf rest = BUF_INIT;
	buf_add(&rest, out.data + 6, out.len - 6);
	assert_int_equal(count_pages(&rest), 1);
	buf_free(&rest);
	buf_free(&out);
}

static void test_odd_tables(void **state)
{
	(void)state;
	struct pdf *p = pdf_new(PDF_PORTRAIT, "Odd\ntitle \xFF", "xx");
	const char *cells[80];
	for (size_t i = 0; i < 80; i++)
		cells[i] = i % 2 ? "cell text" : NULL;

	pdf_table_row(p, cells);                /* outside a table: ignored */
	pdf_table_begin(p, 0, NULL, NULL);      /* no columns */
	pdf_table_row(p, cells);
	pdf_table_end(p);
	pdf_table_end(p);                       /* twice */

	double w[80];
	for (size_t i = 0; i < 80; i++)
		w[i] = i % 3 == 0 ? -1 : i % 3 == 1 ? NAN : INFINITY;
	pdf_table_begin(p, 80, cells, w);       /* beyond PDF_MAX_COLS */
	pdf_table_row(p, cells);
	pdf_table_row(p, NULL);                 /* all cells empty */

	/* A header taller than a page, every cell taller than a page. */
	char *big = long_text(20000, 0);
	const char *hdr[] = { big, "B" };
	const char *row[] = { big, big };
	pdf_table_begin(p, 2, hdr, NULL);       /* ends the open table */
	pdf_table_row(p, row);
	pdf_table_row(p, row);
	pdf_table_end(p);

	/* A table without rows, a heading at the end, an empty paragraph. */
	pdf_heading(p, "Tom tabell");
	pdf_table_begin(p, 2, hdr, NULL);
	pdf_table_end(p);
	pdf_paragraph(p, "");
	pdf_paragraph(p, NULL);
	pdf_paragraph(p, big);
	pdf_heading(p, "Sist");

	struct buf out = BUF_INIT;
	assert_int_equal(pdf_finish(p, &out), 0);
	assert_pdf(&out);
	assert_true(count_pages(&out) > 10);
	buf_free(&out);

	/* Freed without finishing, with a table and a heading open. */
	p = pdf_new(PDF_LANDSCAPE, "x", "en");
	pdf_heading(p, "h");
	pdf_table_begin(p, 2, hdr, NULL);
	pdf_table_row(p, cells);
	pdf_free(p);
	pdf_free(NULL);
	free(big);
}

/* Every stream of the PDF inflated (those that inflate), one after another:
 * the page content, where cairo writes its colour operators. */
static void inflate_streams(const struct buf *b, struct buf *out)
{
	size_t at = 0;
	while ((at = find(b->data, b->len, at, "stream")) < b->len) {
		at += strlen("stream");
		if (at < b->len && b->data[at] == '\r')
			at++;
		if (at >= b->len || b->data[at] != '\n')
			continue;
		at++;
		size_t end = find(b->data, b->len, at, "endstream");
		z_stream zs = { 0 };
		if (inflateInit(&zs) != Z_OK)
			fail();
		zs.next_in = (unsigned char *)b->data + at;
		zs.avail_in = (uInt)(end - at);
		unsigned char chunk[16384];
		int rc;
		do {
			zs.next_out = chunk;
			zs.avail_out = sizeof chunk;
			rc = inflate(&zs, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END)
				break;
			buf_add(out, chunk, sizeof chunk - zs.avail_out);
		} while (rc != Z_STREAM_END);
		inflateEnd(&zs);
		at = end;
	}
}

/* Coloured cells: each fill is drawn (cairo writes "r g b rg" and a
 * rectangle), each ink set for its text; a NULL entry, a NULL array and
 * what is not a colour draw no fill and write black. */
static void test_colored_cells(void **state)
{
	(void)state;
	struct pdf *p = pdf_new(PDF_PORTRAIT, "Matris", "sv");
	pdf_table_begin(p, 3, (const char *const[]){ "S", "1", "2" }, NULL);
	pdf_table_row_colored(p, (const char *const[]){ "2", "0", "3" },
			      (const char *const[]){ NULL, "#c62828", "#F9A825" },
			      (const char *const[]){ NULL, "#ffffff", "#000000" });
	pdf_table_row_colored(p, (const char *const[]){ "1", "4", "5" },
			      (const char *const[]){ "red", "#12345", "#zz0000" }, NULL);
	pdf_table_row_colored(p, (const char *const[]){ "x", "y", "z" }, NULL, NULL);
	pdf_table_end(p);
	struct buf out = BUF_INIT, content = BUF_INIT;
	assert_int_equal(pdf_finish(p, &out), 0);
	assert_pdf(&out);
	inflate_streams(&out, &content);
	buf_putc(&content, 0);
	/* c6 28 28 and f9 a8 25 as fractions of 255 (cairo writes six digits
	 * at most and drops trailing zeros). */
	assert_non_null(strstr(content.data, "0.776471 0.156863 0.156863 rg"));
	assert_non_null(strstr(content.data, "0.976471 0.658824 0.145098 rg"));
	/* White ink for the text on the dark fill. */
	assert_non_null(strstr(content.data, "1 1 1 rg"));
	/* The invalid colours fall back to no fill: only the two fills, the
	 * header grey and black/white inks are set. */
	assert_null(strstr(content.data, "0.0705882 0.203922 0.270588 rg"));
	buf_free(&content);
	buf_free(&out);

	/* The same table without colours has neither fill. */
	p = pdf_new(PDF_PORTRAIT, "Matris", "sv");
	pdf_table_begin(p, 3, (const char *const[]){ "S", "1", "2" }, NULL);
	pdf_table_row(p, (const char *const[]){ "2", "0", "3" });
	pdf_table_end(p);
	out = (struct buf)BUF_INIT;
	content = (struct buf)BUF_INIT;
	assert_int_equal(pdf_finish(p, &out), 0);
	inflate_streams(&out, &content);
	buf_putc(&content, 0);
	assert_null(strstr(content.data, "0.776471 0.156863 0.156863 rg"));
	assert_null(strstr(content.data, "1 1 1 rg"));
	buf_free(&content);
	buf_free(&out);
}

static void *thread_main(void *arg)
{
	int *ok = arg;
	struct pdf *p = pdf_new(PDF_PORTRAIT, "Tråd", "sv");
	report(p, 60);
	struct buf out = BUF_INIT;
	*ok = pdf_finish(p, &out) == 0 && out.len > 5 &&
	      memcmp(out.data, "%PDF-", 5) == 0 && count_pages(&out) > 1;
	buf_free(&out);
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	enum { N = 4 };
	pthread_t th[N];
	int ok[N] = { 0 };
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_main, &ok[i]), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_true(ok[i]);
	}
}

int main(void)
{
	/* GObjects come from GLib's slice allocator, whose free lists keep a
	 * leaked layout or font map reachable: LeakSanitizer would not see it.
	 * Plain malloc makes such leaks show (must be set before GLib starts). */
	setenv("G_SLICE", "always-malloc", 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_landscape),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_odd_tables),
		cmocka_unit_test(test_colored_cells),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
