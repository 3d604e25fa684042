/*
 * test_xlsx: the workbook is unpacked here by hand (End Of Central
 * Directory, central directory, every local header, inflate, CRC-32 and
 * sizes) and the parts are checked as text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io/xlsx.h"
#include "util/buf.h"

#define MAX_PARTS 16

struct part {
	char name[256];
	char *data;     /* inflated, NUL-terminated, malloc'd */
	size_t len;
};

struct zip {
	size_t n;
	struct part p[MAX_PARTS];
};

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Unpack the ZIP in z[0..len), asserting on every structural detail. */
static void unzip(const char *z, size_t len, struct zip *out)
{
	const unsigned char *u = (const unsigned char *)z;
	memset(out, 0, sizeof *out);
	assert_true(len >= 22);

	size_t eocd = len - 22, stop = len > 22 + 65535 ? len - 22 - 65535 : 0;
	while (rd32(u + eocd) != 0x06054b50) {
		assert_true(eocd > stop);
		eocd--;
	}
	assert_int_equal(rd16(u + eocd + 4), 0);        /* this disk */
	assert_int_equal(rd16(u + eocd + 6), 0);        /* directory's disk */
	size_t n = rd16(u + eocd + 8);
	assert_int_equal(rd16(u + eocd + 10), n);
	size_t cdsize = rd32(u + eocd + 12), cdoff = rd32(u + eocd + 16);
	assert_int_equal(rd16(u + eocd + 20), 0);       /* comment length */
	assert_int_equal(eocd + 22, len);
	assert_int_equal(cdoff + cdsize, eocd);
	assert_true(n <= MAX_PARTS);

	size_t pos = cdoff, data_end = 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *c = u + pos;
		assert_true(pos + 46 <= eocd);
		assert_int_equal(rd32(c), 0x02014b50);
		unsigned flags = rd16(c + 8), method = rd16(c + 10);
		uint32_t crc = rd32(c + 16), csize = rd32(c + 20),
			 usize = rd32(c + 24);
		size_t nlen = rd16(c + 28), elen = rd16(c + 30),
		       clen = rd16(c + 32);
		size_t loff = rd32(c + 42);
		assert_int_equal(flags & 0x8, 0);       /* no data descriptor */
		assert_int_equal(method, 8);
		assert_true(nlen > 0 && nlen < sizeof out->p[i].name);
		assert_true(pos + 46 + nlen + elen + clen <= eocd);
		memcpy(out->p[i].name, c + 46, nlen);
		out->p[i].name[nlen] = 0;
		pos += 46 + nlen + elen + clen;

		/* Local header: the same facts as the directory. */
		const unsigned char *l = u + loff;
		assert_true(loff + 30 <= cdoff);
		assert_int_equal(rd32(l), 0x04034b50);
		assert_int_equal(rd16(l + 6), flags);
		assert_int_equal(rd16(l + 8), 8);
		assert_int_equal(rd32(l + 14), crc);
		assert_int_equal(rd32(l + 18), csize);
		assert_int_equal(rd32(l + 22), usize);
		assert_int_equal(rd16(l + 26), nlen);
		assert_memory_equal(l + 30, out->p[i].name, nlen);
		size_t doff = loff + 30 + nlen + rd16(l + 28);
		assert_true(doff + csize <= cdoff);
		assert_true(doff >= data_end); /* entries do not overlap */
		data_end = doff + csize;

		char *d = malloc((size_t)usize + 1);
		assert_non_null(d);
		z_stream zs;
		memset(&zs, 0, sizeof zs);
		assert_int_equal(inflateInit2(&zs, -15), Z_OK);
		zs.next_in = (Bytef *)(u + doff);
		zs.avail_in = csize;
		zs.next_out = (Bytef *)d;
		zs.avail_out = usize + 1;
		assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
		assert_int_equal(zs.total_out, usize);
		assert_int_equal(zs.avail_in, 0);
		inflateEnd(&zs);
		d[usize] = 0;
		assert_int_equal(crc32(crc32(0, Z_NULL, 0), (Bytef *)d, usize),
				 crc);
		out->p[i].data = d;
		out->p[i].len = usize;
		out->n++;
	}
	assert_int_equal(pos, eocd);
}

static void zip_free(struct zip *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->p[i].data);
	z->n = 0;
}

static const char *part(const struct zip *z, const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->p[i].name, name) == 0)
			return z->p[i].data;
	fail_msg("no part %s", name);
	return NULL;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing: %s", needle);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected: %s", needle);
}

static void finish_and_unzip(struct xlsx *x, struct zip *z)
{
	struct buf b = BUF_INIT;
	assert_int_equal(xlsx_finish(x, &b), 0);
	unzip(b.data, b.len, z);
	buf_free(&b);
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

static void test_workbook(void **state)
{
	(void)state;
	/* 32,766 a's and then ö's: 40,000 characters, the cut falls right
	 * after the first two-byte ö. */
	struct buf longs = BUF_INIT;
	for (int i = 0; i < 40000; i++)
		buf_puts(&longs, i < 32766 ? "a" : "ö");

	struct xlsx *x = xlsx_new("Ärenden");
	xlsx_row(x, 1);
	xlsx_cell_str(x, "Ärende åäö");
	xlsx_cell_str(x, "Antal");
	xlsx_cell_str(x, "Belopp");
	xlsx_cell_empty(x);
	xlsx_cell_str(x, "Text");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "Lessebo kommun");
	xlsx_cell_int(x, 42);
	xlsx_cell_num(x, 3.25);
	xlsx_cell_empty(x);
	xlsx_cell_str(x, "a < b & \"c\"\x01x>");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "Växjö");
	xlsx_cell_int(x, -7);
	xlsx_cell_num(x, 0.1);
	xlsx_cell_str(x, NULL);
	xlsx_cell_str(x, longs.data);
	xlsx_row(x, 0);
	xlsx_cell_num(x, NAN);
	xlsx_cell_num(x, INFINITY);
	xlsx_cell_int(x, LLONG_MIN);
	xlsx_cell_num(x, 1e300);
	xlsx_cell_num(x, 1.0 / 3);
	xlsx_row(x, 0);
	xlsx_cell_str(x, " leading");
	xlsx_cell_str(x, "two\nlines");
	xlsx_cell_str(x, "crlf\r\nx\ry");
	xlsx_cell_str(x, "");
	xlsx_cell_str(x, "_x0041_ _x41_ a\xFF" "b\xC3 \xEF\xBF\xBE\xED\xA0\x80\xF0\x9F\x98\x80");
	xlsx_col_width(x, 0, 30);
	buf_free(&longs);

	/* Output is appended: offsets must count from the ZIP's own start. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "prefix");
	xlsx_finish(x, &b);
	assert_memory_equal(b.data, "prefixPK\x03\x04", 10);
	struct zip z;
	unzip(b.data + 6, b.len - 6, &z);
	buf_free(&b);

	static const char *const names[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml",
		"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
		"xl/styles.xml", "xl/worksheets/sheet1.xml",
	};
	assert_int_equal(z.n, 7);
	for (size_t i = 0; i < 7; i++) {
		size_t found = 0;
		for (size_t k = 0; k < z.n; k++)
			found += strcmp(z.p[k].name, names[i]) == 0;
		if (found != 1)
			fail_msg("part %s found %zu times", names[i], found);
	}

	const char *ct = part(&z, "[Content_Types].xml");
	assert_has(ct, "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\""
		   "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
	assert_has(ct, "PartName=\"/xl/workbook.xml\"");
	assert_has(ct, "PartName=\"/xl/styles.xml\"");
	assert_has(part(&z, "_rels/.rels"), "Target=\"xl/workbook.xml\"");
	assert_has(part(&z, "xl/_rels/workbook.xml.rels"),
		   "Target=\"worksheets/sheet1.xml\"");
	const char *st = part(&z, "xl/styles.xml");
	assert_has(st, "<cellXfs count=\"2\">");
	assert_has(st, "<font><b/>");
	const char *wb = part(&z, "xl/workbook.xml");
	assert_has(wb, "<sheet name=\"Ärenden\" sheetId=\"1\" r:id=\"rId1\"/>");
	assert_has(wb, ">'Ärenden'!$A$1:$E$5</definedName>");

	const char *s = part(&z, "xl/worksheets/sheet1.xml");
	assert_has(s, "<dimension ref=\"A1:E5\"/>");
	assert_has(s, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\""
		   " state=\"frozen\"/>");
	assert_has(s, "<autoFilter ref=\"A1:E5\"/>");
	assert_has(s, "<col min=\"1\" max=\"1\" width=\"30.00\" customWidth=\"1\"/>");
	assert_has(s, "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>Ärende åäö"
		   "</t></is></c><c r=\"B1\" s=\"1\" t=\"inlineStr\"><is><t>Antal</t></is></c>");
	assert_has(s, "<c r=\"D1\" s=\"1\"/><c r=\"E1\" s=\"1\" t=\"inlineStr\">");
	assert_has(s, "<c r=\"B2\"><v>42</v></c><c r=\"C2\"><v>3.25</v></c>"
		   "<c r=\"E2\" t=\"inlineStr\"><is><t>a &lt; b &amp; &quot;c&quot;x&gt;"
		   "</t></is></c></row>");
	assert_lacks(s, "r=\"D2\"");
	assert_null(memchr(s, '\x01', strlen(s)));
	assert_has(s, "<c r=\"A3\" t=\"inlineStr\"><is><t>Växjö</t></is></c>"
		   "<c r=\"B3\"><v>-7</v></c><c r=\"C3\"><v>0.1</v></c><c r=\"E3\"");
	assert_lacks(s, "r=\"D3\"");
	assert_has(s, "<row r=\"4\"><c r=\"C4\"><v>-9223372036854775808</v></c>"
		   "<c r=\"D4\"><v>1e+300</v></c>"
		   "<c r=\"E4\"><v>0.3333333333333333</v></c></row>");
	assert_has(s, "<c r=\"A5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
		   " leading</t></is></c>");
	assert_has(s, "<c r=\"B5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
		   "two\nlines</t></is></c>");
	assert_has(s, "<t xml:space=\"preserve\">crlf\nx\ny</t>");
	assert_lacks(s, "\r");
	assert_lacks(s, "r=\"D5\"");
	assert_has(s, "<c r=\"E5\" t=\"inlineStr\"><is><t>_x005F_x0041_ _x41_ ab "
		   "\xF0\x9F\x98\x80</t></is></c>");

	/* The long string: cut to 32,767 characters on a UTF-8 boundary. */
	const char *e3 = strstr(s, "<c r=\"E3\" t=\"inlineStr\"><is><t>");
	assert_non_null(e3);
	e3 += strlen("<c r=\"E3\" t=\"inlineStr\"><is><t>");
	const char *end = strstr(e3, "</t>");
	assert_non_null(end);
	assert_int_equal(end - e3, 32766 + 2);
	assert_int_equal(utf8_chars(e3, (size_t)(end - e3)), 32767);
	assert_memory_equal(end - 3, "aö", 3);

	zip_free(&z);
}

static void test_no_header(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Data");
	xlsx_cell_str(x, "implicit row");  /* no xlsx_row() first */
	xlsx_row(x, 0);
	xlsx_cell_int(x, 1);
	struct zip z;
	finish_and_unzip(x, &z);
	const char *s = part(&z, "xl/worksheets/sheet1.xml");
	assert_has(s, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>implicit row</t>");
	assert_has(s, "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData>");
	assert_has(s, "<dimension ref=\"A1:A2\"/>");
	assert_lacks(s, "<pane");
	assert_lacks(s, "autoFilter");
	assert_lacks(s, "s=\"1\"");
	assert_lacks(part(&z, "xl/workbook.xml"), "definedName");
	zip_free(&z);

	/* Nothing at all is still a valid workbook. */
	x = xlsx_new("Tom");
	finish_and_unzip(x, &z);
	assert_int_equal(z.n, 7);
	s = part(&z, "xl/worksheets/sheet1.xml");
	assert_has(s, "<dimension ref=\"A1\"/>");
	assert_has(s, "<sheetData></sheetData>");
	assert_lacks(s, "<cols>");
	zip_free(&z);
}

static void test_column_names(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Kolumner");
	xlsx_row(x, 0);
	/* One more than Excel's 16,384 columns: the last is dropped. */
	for (int i = 0; i < 16385; i++)
		xlsx_cell_int(x, i);
	xlsx_col_width(x, 2, 5.5);
	xlsx_col_width(x, -1, 5);
	xlsx_col_width(x, 20000, 5);
	struct zip z;
	finish_and_unzip(x, &z);
	const char *s = part(&z, "xl/worksheets/sheet1.xml");
	assert_has(s, "<c r=\"A1\"><v>0</v></c>");
	assert_has(s, "<c r=\"Z1\"><v>25</v></c><c r=\"AA1\"><v>26</v></c>");
	assert_has(s, "<c r=\"AZ1\"><v>51</v></c><c r=\"BA1\"><v>52</v></c>");
	assert_has(s, "<c r=\"ZZ1\"><v>701</v></c><c r=\"AAA1\"><v>702</v></c>");
	assert_has(s, "<c r=\"XFD1\"><v>16383</v></c></row>");
	assert_lacks(s, "XFE1");
	assert_has(s, "<dimension ref=\"A1:XFD1\"/>");
	assert_has(s, "<col min=\"3\" max=\"3\" width=\"5.50\" customWidth=\"1\"/>");
	/* Widths fit the content when not set: at least the default. */
	assert_has(s, "<col min=\"1\" max=\"1\" width=\"10.00\" customWidth=\"1\"/>");
	zip_free(&z);
}

static const char *sheet_name(const char *given, char *out, size_t size)
{
	struct zip z;
	finish_and_unzip(xlsx_new(given), &z);
	const char *wb = part(&z, "xl/workbook.xml");
	const char *p = strstr(wb, "<sheet name=\"");
	assert_non_null(p);
	p += strlen("<sheet name=\"");
	const char *q = strchr(p, '"');
	assert_non_null(q);
	assert_true((size_t)(q - p) < size);
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = 0;
	zip_free(&z);
	return out;
}

static void test_sheet_name(void **state)
{
	(void)state;
	char n[512];
	assert_string_equal(sheet_name("Risker [2024]: a/b\\c*?", n, sizeof n),
			    "Risker -2024-- a-b-c--");
	assert_string_equal(sheet_name("Åtgärder", n, sizeof n), "Åtgärder");
	/* 31 characters, not bytes. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "å");
	char want[128] = "";
	for (int i = 0; i < 31; i++)
		strcat(want, "å");
	assert_string_equal(sheet_name(b.data, n, sizeof n), want);
	buf_reset(&b);
	for (int i = 0; i < 40; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_string_equal(sheet_name(b.data, n, sizeof n),
			    "abcdefghijklmnopqrstuvwxyzabcde");
	buf_free(&b);
	assert_string_equal(sheet_name(NULL, n, sizeof n), "Sheet1");
	assert_string_equal(sheet_name("", n, sizeof n), "Sheet1");
	assert_string_equal(sheet_name("\x01\t\xFF", n, sizeof n), "Sheet1");
	assert_string_equal(sheet_name("'Citat'", n, sizeof n), "-Citat-");
	assert_string_equal(sheet_name("A & B <C> \"D\"", n, sizeof n),
			    "A &amp; B &lt;C&gt; &quot;D&quot;");
}

static void test_apostrophe_in_filter_name(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Kim's & co");
	xlsx_row(x, 1);
	xlsx_cell_str(x, "h");
	struct zip z;
	finish_and_unzip(x, &z);
	assert_has(part(&z, "xl/workbook.xml"),
		   ">'Kim''s &amp; co'!$A$1:$A$1</definedName>");
	assert_has(part(&z, "xl/worksheets/sheet1.xml"),
		   "<autoFilter ref=\"A1:A1\"/>");
	zip_free(&z);
}

static void test_free_without_finish(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("x");
	xlsx_row(x, 1);
	xlsx_cell_str(x, "a");
	xlsx_free(x);
	xlsx_free(NULL);
}

static void test_large(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Stor");
	xlsx_row(x, 1);
	for (int c = 0; c < 15; c++) {
		char h[32];
		snprintf(h, sizeof h, "Kolumn %d", c + 1);
		xlsx_cell_str(x, h);
	}
	for (int r = 0; r < 100000; r++) {
		xlsx_row(x, 0);
		for (int c = 0; c < 15; c++) {
			char t[48];
			switch (c % 3) {
			case 0:
				snprintf(t, sizeof t, "Rad %d, kolumn %d", r, c);
				xlsx_cell_str(x, t);
				break;
			case 1:
				xlsx_cell_int(x, (long long)r * 15 + c);
				break;
			default:
				xlsx_cell_num(x, r + c / 16.0);
			}
		}
	}
	struct zip z;
	finish_and_unzip(x, &z);
	assert_int_equal(z.n, 7);
	const char *s = part(&z, "xl/worksheets/sheet1.xml");
	assert_has(s, "<autoFilter ref=\"A1:O100001\"/>");
	assert_has(s, "<row r=\"100001\"><c r=\"A100001\" t=\"inlineStr\"><is><t>"
		   "Rad 99999, kolumn 0</t></is></c><c r=\"B100001\"><v>1499986</v></c>"
		   "<c r=\"C100001\"><v>99999.125</v></c>");
	assert_has(s, "<c r=\"O100001\"><v>99999.875</v></c></row></sheetData>");
	zip_free(&z);
}

/* A sheet whose deflated body passes what xlsx.c keeps in memory goes to a
 * temporary file: with no usable temporary directory the finish says so
 * (and a small sheet, kept in memory, is not affected). Random text does
 * not deflate, so 2 MB of it is well past the threshold. */
static void test_spill_needs_tmpdir(void **state)
{
	(void)state;
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", "/nonexistent-tillit-tmp", 1);

	struct xlsx *small = xlsx_new("Liten");
	xlsx_row(small, 0);
	xlsx_cell_str(small, "ett");
	struct buf b = BUF_INIT;
	assert_int_equal(xlsx_finish(small, &b), 0);
	assert_true(b.len > 0);
	buf_free(&b);

	struct xlsx *big = xlsx_new("Stor");
	unsigned seed = 1;
	for (int r = 0; r < 20000; r++) {
		char t[101];
		for (int i = 0; i < 100; i++) {
			seed = seed * 1103515245u + 12345u;
			t[i] = (char)('!' + (seed >> 16) % 90);
			if (t[i] == '<' || t[i] == '&' || t[i] == '>')
				t[i] = 'x';
		}
		t[100] = 0;
		xlsx_row(big, 0);
		xlsx_cell_str(big, t);
	}
	assert_int_equal(xlsx_finish(big, &b), -1);
	buf_free(&b);

	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workbook),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_column_names),
		cmocka_unit_test(test_sheet_name),
		cmocka_unit_test(test_apostrophe_in_filter_name),
		cmocka_unit_test(test_free_without_finish),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_spill_needs_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
