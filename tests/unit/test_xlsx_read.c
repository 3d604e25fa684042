/*
 * test_xlsx_read: reading workbooks back. Files come from our own writer
 * (round trip) and from a small ZIP builder here, which makes hand-written
 * parts (shared strings, gaps, prefixes, odd quoting) and damaged archives
 * (wrong sizes, flags, truncation) that no writer would produce.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "child.h"

#include "io/xlsx.h"
#include "io/xlsx_read.h"
#include "util/arena.h"
#include "util/buf.h"

#define DAMAGED "The file is not a readable XLSX workbook."
#define TOO_BIG "The workbook is too large to read."
#define UNPACKED "The workbook is larger than 16 MiB when unpacked. Save the sheet as CSV, or split it."
#define NO_SHEET "The workbook has no worksheet."
#define NO_ROWS "The spreadsheet has no rows."

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	A = NULL;
	return 0;
}

/* ---- a ZIP builder -------------------------------------------------------- */

struct zpart {
	const char *name;
	const char *data;
	size_t len;         /* 0: strlen(data) */
	int stored;         /* method 0 rather than deflate */
	uint32_t claim;     /* declared uncompressed size; 0: the real one */
	unsigned flags;     /* general purpose flags */
	unsigned method;    /* 0: stored or deflate as above */
	size_t spaces;      /* data, then spaces to this many bytes in all,
			       deflated piece by piece (never in memory whole) */
};

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

static void raw_deflate(struct buf *out, const char *data, size_t len)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	size_t bound = deflateBound(&zs, (uLong)len);
	buf_grow(out, bound);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out->data + out->len;
	zs.avail_out = (uInt)bound;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	out->len += zs.total_out;
	deflateEnd(&zs);
}

/* Deflate prefix and then spaces, total bytes in all, a piece at a time;
 * *crc gets the CRC-32 of the first crclen of them. */
static void raw_deflate_spaces(struct buf *out, const char *prefix, size_t total, size_t crclen,
			       uint32_t *crc)
{
	enum { PIECE = 1 << 20 };
	char *piece = malloc(PIECE);
	assert_non_null(piece);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
	uLong c = crc32(0, Z_NULL, 0);
	size_t done = 0, plen = strlen(prefix);
	while (done < total) {
		size_t n = total - done < PIECE ? total - done : PIECE;
		memset(piece, ' ', n);
		if (done < plen)
			memcpy(piece, prefix + done, plen - done < n ? plen - done : n);
		if (done < crclen)
			c = crc32(c, (const Bytef *)piece, (uInt)(crclen - done < n ? crclen - done : n));
		zs.next_in = (Bytef *)piece;
		zs.avail_in = (uInt)n;
		int flush = done + n == total ? Z_FINISH : Z_NO_FLUSH;
		int rc;
		do {
			buf_grow(out, 65536);
			zs.next_out = (Bytef *)out->data + out->len;
			zs.avail_out = 65536;
			rc = deflate(&zs, flush);
			out->len += 65536 - zs.avail_out;
		} while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
		done += n;
	}
	deflateEnd(&zs);
	free(piece);
	*crc = (uint32_t)c;
}

static void header(struct buf *b, const struct zpart *p, int central, unsigned method,
		   uint32_t crc, uint32_t csize, uint32_t usize, uint32_t off)
{
	put32(b, central ? 0x02014b50 : 0x04034b50);
	if (central)
		put16(b, 20);
	put16(b, 20);
	put16(b, p->flags);
	put16(b, method);
	put16(b, 0);
	put16(b, 33);
	put32(b, crc);
	put32(b, csize);
	put32(b, usize);
	put16(b, (unsigned)strlen(p->name));
	put16(b, 0);
	if (central) {
		put16(b, 0);
		put16(b, 0);
		put16(b, 0);
		put32(b, 0);
		put32(b, off);
	}
	buf_puts(b, p->name);
}

static void zip_build(struct buf *out, const struct zpart *parts, size_t n)
{
	uint32_t crc[16], csize[16], usize[16], off[16];
	unsigned method[16];
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		const struct zpart *p = &parts[i];
		size_t len = p->spaces ? p->spaces : p->len ? p->len : strlen(p->data);
		/* A bomb claiming less than it holds is consistent for the bytes
		 * it claims: only inflating past them shows the lie. */
		size_t crclen = p->claim && p->claim < len ? p->claim : len;
		struct buf z = BUF_INIT;
		if (p->spaces)
			raw_deflate_spaces(&z, p->data, len, crclen, &crc[i]);
		else if (p->stored)
			buf_add(&z, p->data, len);
		else
			raw_deflate(&z, p->data, len);
		if (!p->spaces)
			crc[i] = (uint32_t)crc32(crc32(0, Z_NULL, 0), (const Bytef *)p->data, (uInt)crclen);
		csize[i] = (uint32_t)z.len;
		usize[i] = p->claim ? p->claim : (uint32_t)len;
		method[i] = p->method ? p->method : p->stored ? 0 : 8;
		off[i] = (uint32_t)out->len;
		header(out, p, 0, method[i], crc[i], csize[i], usize[i], 0);
		buf_add(out, z.data, z.len);
		buf_free(&z);
	}
	size_t cd = out->len;
	for (size_t i = 0; i < n; i++)
		header(out, &parts[i], 1, method[i], crc[i], csize[i], usize[i], off[i]);
	put32(out, 0x06054b50);
	put16(out, 0);
	put16(out, 0);
	put16(out, (unsigned)n);
	put16(out, (unsigned)n);
	put32(out, (uint32_t)(out->len - cd - 12));
	put32(out, (uint32_t)cd);
	put16(out, 0);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RELTYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook " NS " xmlns:r=\"" RELTYPE "\"><sheets>"
	"<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char workbook_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" RELTYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"</Relationships>";

/* A workbook of one sheet with these sheetData contents (and shared
 * strings when sst is not NULL). */
static void book(struct buf *out, const char *rows, const char *sst, int stored)
{
	struct buf sheet = BUF_INIT;
	buf_puts(&sheet, "<worksheet " NS "><sheetData>");
	buf_puts(&sheet, rows);
	buf_puts(&sheet, "</sheetData></worksheet>");
	struct zpart p[4] = {
		{ .name = "xl/workbook.xml", .data = workbook, .stored = stored },
		{ .name = "xl/_rels/workbook.xml.rels", .data = workbook_rels, .stored = stored },
		{ .name = "xl/worksheets/sheet1.xml", .data = sheet.data, .stored = stored },
		{ .name = "xl/sharedStrings.xml", .data = sst, .stored = stored },
	};
	zip_build(out, p, sst ? 4 : 3);
	buf_free(&sheet);
}

/* ---- reading -------------------------------------------------------------- */

static struct csv read_ok(const char *data, size_t len)
{
	struct csv c;
	struct csv_error e = { 99, "unset" };
	if (xlsx_read(A, data, len, &c, &e) != 0)
		fail_msg("unexpected error at row %zu: %s", e.line, e.msg);
	assert_int_equal(c.delim, 0);
	assert_int_equal(c.converted, 0);
	return c;
}

static void read_err(const char *data, size_t len, size_t line, const char *msg)
{
	struct csv c;
	struct csv_error e = { 99, NULL };
	assert_int_equal(xlsx_read(A, data, len, &c, &e), -1);
	assert_non_null(e.msg);
	assert_string_equal(e.msg, msg);
	assert_int_equal(e.line, line);
	assert_int_equal(c.nrows, 0);
}

static struct csv book_ok(const char *rows, const char *sst)
{
	struct buf b = BUF_INIT;
	book(&b, rows, sst, 0);
	char *copy = arena_strndup(A, b.data, b.len);
	size_t len = b.len;
	buf_free(&b);
	return read_ok(copy, len);
}

static void book_err(const char *rows, const char *sst, size_t line, const char *msg)
{
	struct buf b = BUF_INIT;
	book(&b, rows, sst, 0);
	read_err(b.data, b.len, line, msg);
	buf_free(&b);
}

static void assert_row(const struct csv *c, size_t r, size_t line, size_t n,
		       const char *const *want)
{
	assert_true(r < c->nrows);
	assert_int_equal(c->rows[r].line, line);
	assert_int_equal(c->rows[r].nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(c->rows[r].fields[i], want[i]);
}

/* Column name of 0-based col ("A", "Z", "AA" ...). */
static void col_name(char *out, int col)
{
	char tmp[8];
	int n = 0;
	for (col++; col > 0; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	while (n > 0)
		*out++ = tmp[--n];
	*out = 0;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Ärenden");
	xlsx_row(x, 1);
	xlsx_cell_str(x, "Namn");
	xlsx_cell_str(x, "Antal");
	xlsx_cell_str(x, "Belopp");
	xlsx_cell_empty(x);
	xlsx_cell_str(x, "Ort åäö ÅÄÖ");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "Lessebo kommun");
	xlsx_cell_int(x, 42);
	xlsx_cell_num(x, 3.25);
	xlsx_cell_empty(x);
	xlsx_cell_str(x, "a < b & \"c\" > 'd'");
	xlsx_row(x, 0);          /* only empty cells: skipped */
	xlsx_cell_empty(x);
	xlsx_cell_str(x, "");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "Växjö");
	xlsx_cell_int(x, LLONG_MIN);
	xlsx_cell_num(x, 0.1);
	xlsx_cell_str(x, "  två  mellanslag ");
	xlsx_cell_str(x, "_x0041_ ska stå kvar");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "rad\nbrytning\tflik");
	xlsx_cell_num(x, 3.0);
	xlsx_cell_num(x, 1e300);
	struct buf b = BUF_INIT;
	xlsx_finish(x, &b);

	assert_true(xlsx_looks_like(b.data, b.len));
	struct csv c = read_ok(b.data, b.len);
	buf_free(&b);
	assert_int_equal(c.nrows, 4);
	assert_row(&c, 0, 1, 5, (const char *[]){ "Namn", "Antal", "Belopp", "", "Ort åäö ÅÄÖ" });
	assert_row(&c, 1, 2, 5, (const char *[]){ "Lessebo kommun", "42", "3.25", "",
						  "a < b & \"c\" > 'd'" });
	assert_row(&c, 2, 4, 5, (const char *[]){ "Växjö", "-9223372036854775808", "0.1",
						  "  två  mellanslag ", "_x0041_ ska stå kvar" });
	assert_row(&c, 3, 5, 5, (const char *[]){ "rad\nbrytning\tflik", "3", "1e+300", "", "" });
}

static const char hand_workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
	"<!-- written by hand: a hidden sheet first, odd quoting and spacing -->\n"
	"<workbook " NS " xmlns:rel=\"" RELTYPE "\"><sheets>\n"
	"<sheet rel:id='rId7' state=\"hidden\" name=\"Dold\" sheetId=\"2\"/>\n"
	"<sheet name=\"Data &amp; mer\" rel:id = \"rId3\" sheetId=\"1\" />\n"
	"</sheets></workbook>";
static const char hand_rels[] =
	"\xEF\xBB\xBF<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Target=\"worksheets/hidden.xml\" Id=\"rId7\" Type=\"" RELTYPE "worksheet\"/>"
	"<Relationship Id=\"rId3\" Type='" RELTYPE "worksheet'"
	" Target=\"/xl/worksheets/../worksheets/./data.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"" RELTYPE "sharedStrings\" Target=\"strings.xml\"/>"
	"<Relationship Id=\"rId8\" TargetMode=\"External\" Type=\"" RELTYPE "worksheet\""
	" Target=\"http://example.com/x.xml\"/>"
	"</Relationships>";
static const char hand_sst[] =
	"<sst " NS " count=\"7\" uniqueCount=\"7\">"
	"<si><t>Namn</t></si>"
	"<si><t xml:space=\"preserve\"> Ägare </t></si>"
	"<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Hej </t></r><r><t>då</t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>ハ</t></rPh><phoneticPr fontId=\"1\"/></si>"
	"<si><t>  trimmed\r\n </t></si>"
	"<si><t>A &amp; B &lt;&#229;&#xE4;&#x1F600;&gt; rad_x000A_två _x005F_x0041_ "
	"_xD83D__xDE00_<![CDATA[<&>]]></t></si>"
	"<si/>"
	"<si><r><t>hello</t></r><r><t> </t></r><r><t>world</t></r></si>"
	"</sst>";
static const char hand_sheet[] =
	"<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<x:dimension ref=\"A1:E6\"/><x:sheetData>"
	"<x:row r=\"1\" spans=\"1:5\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
	"<x:c r=\"B1\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"E1\" t=\"s\"><x:v>2</x:v></x:c></x:row>"
	"<x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v> 3 </x:v></x:c><x:c t=\"s\"><x:v>4</x:v></x:c>"
	"<x:c r=\"D2\" t=\"s\"><x:v>6</x:v></x:c><x:c><x:v>3.0</x:v></x:c></x:row>"
	"<x:row r=\"3\"><x:c r=\"A3\" t=\"s\"><x:v>5</x:v></x:c><x:c r=\"C3\"/></x:row>"
	"<x:row r=\"4\"/>"
	"<x:row r=\"5\"><x:c r='A5' t='b'><x:v>1</x:v></x:c><x:c r=\"B5\" t=\"e\"><x:v>#N/A</x:v></x:c>"
	"<x:c r=\"C5\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>Namnx</x:v></x:c>"
	"<x:c r=\"D5\"><x:v>2.50</x:v></x:c>"
	"<x:c r=\"E5\" t=\"inlineStr\"><x:is><x:t>inline</x:t></x:is></x:c></x:row>"
	"<x:row><x:c r=\"B6\"><x:v> -12.000 </x:v></x:c><x:c r=\"C6\" t=\"n\"><x:v>1.5E-3</x:v></x:c>"
	"</x:row></x:sheetData></x:worksheet>";
static const char hidden_sheet[] =
	"<worksheet><sheetData><row r=\"1\"><c><v>hidden</v></c></row></sheetData></worksheet>";

static void test_hand_built(void **state)
{
	(void)state;
	for (int stored = 0; stored <= 1; stored++) {
		struct zpart p[] = {
			{ .name = "[Content_Types].xml", .data = "<Types/>", .stored = stored },
			{ .name = "xl/workbook.xml", .data = hand_workbook, .stored = stored },
			{ .name = "xl/_rels/workbook.xml.rels", .data = hand_rels, .stored = stored },
			{ .name = "xl/worksheets/hidden.xml", .data = hidden_sheet, .stored = stored },
			{ .name = "xl/strings.xml", .data = hand_sst, .stored = stored },
			/* Part names compare without case. */
			{ .name = "xl/Worksheets/Data.xml", .data = hand_sheet, .stored = stored },
		};
		struct buf b = BUF_INIT;
		zip_build(&b, p, sizeof p / sizeof p[0]);
		struct csv c = read_ok(b.data, b.len);
		buf_free(&b);
		assert_int_equal(c.nrows, 4);
		assert_row(&c, 0, 1, 5, (const char *[]){ "Namn", " Ägare ", "", "", "Hej då" });
		assert_row(&c, 1, 2, 5, (const char *[]){
			"trimmed", "A & B <åä😀> rad\ntvå _x0041_ 😀<&>", "", "hello world", "3" });
		assert_row(&c, 2, 5, 5, (const char *[]){ "1", "#N/A", "Namnx", "2.50", "inline" });
		assert_row(&c, 3, 6, 5, (const char *[]){ "", "-12", "1.5E-3", "", "" });
	}
}

static void test_sheet_choice(void **state)
{
	(void)state;
	static const char only_hidden[] =
		"<workbook xmlns:r=\"x\"><sheets><sheet r:id=\"rId7\" state=\"veryHidden\"/>"
		"</sheets></workbook>";
	static const char one_row[] =
		"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>sheet1</t></is></c>"
		"</row></sheetData></worksheet>";
	/* Only a hidden sheet: it is the one. */
	struct zpart p[] = {
		{ .name = "xl/workbook.xml", .data = only_hidden },
		{ .name = "xl/_rels/workbook.xml.rels", .data = hand_rels },
		{ .name = "xl/worksheets/hidden.xml", .data = hidden_sheet },
		{ .name = "xl/worksheets/sheet1.xml", .data = one_row },
	};
	struct buf b = BUF_INIT;
	zip_build(&b, p, 4);
	struct csv c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "hidden" });

	/* No workbook at all, or one whose sheet is missing: sheet1.xml. */
	buf_reset(&b);
	zip_build(&b, p + 3, 1);
	c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "sheet1" });
	buf_reset(&b);
	struct zpart q[] = { p[0], p[1], p[3] };
	zip_build(&b, q, 3);
	c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "sheet1" });

	/* An external relationship is never a part of this file. */
	struct zpart e[] = {
		{ .name = "xl/workbook.xml", .data = workbook },
		{ .name = "xl/_rels/workbook.xml.rels", .data =
		  "<Relationships><Relationship Id=\"rId1\" TargetMode=\"External\""
		  " Type=\"" RELTYPE "worksheet\" Target=\"worksheets/sheet2.xml\"/></Relationships>" },
		{ .name = "xl/worksheets/sheet2.xml", .data = hidden_sheet },
		p[3],
	};
	buf_reset(&b);
	zip_build(&b, e, 4);
	c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "sheet1" });
	buf_free(&b);
}

static void test_not_zip(void **state)
{
	(void)state;
	static const char csv[] = "namn,typ\nLön,System\n";
	assert_false(xlsx_looks_like(csv, sizeof csv - 1));
	assert_false(xlsx_looks_like("PK", 2));
	read_err(csv, sizeof csv - 1, 0, DAMAGED);
	read_err("", 0, 0, DAMAGED);
	read_err("PK\3\4", 4, 0, DAMAGED);

	/* A ZIP, but not a workbook (a word-processing file, say). */
	struct zpart p[] = { { .name = "word/document.xml", .data = "<document/>" } };
	struct buf b = BUF_INIT;
	zip_build(&b, p, 1);
	assert_true(xlsx_looks_like(b.data, b.len));
	read_err(b.data, b.len, 0, DAMAGED);
	buf_free(&b);
}

static void test_truncated(void **state)
{
	(void)state;
	struct xlsx *x = xlsx_new("Blad");
	xlsx_row(x, 1);
	xlsx_cell_str(x, "Namn");
	xlsx_row(x, 0);
	xlsx_cell_str(x, "Lön");
	struct buf b = BUF_INIT;
	xlsx_finish(x, &b);
	read_ok(b.data, b.len);

	/* Every shorter prefix is refused; the copy lets ASan see overreads. */
	for (size_t n = 0; n < b.len; n++) {
		char *cut = malloc(n ? n : 1);
		assert_non_null(cut);
		memcpy(cut, b.data, n);
		read_err(cut, n, 0, DAMAGED);
		free(cut);
	}
	/* So is any flipped byte in the worksheet's data (CRC or inflate). */
	const char *name = "xl/worksheets/sheet1.xml";
	const char *local = memmem(b.data, b.len, name, strlen(name));
	assert_non_null(local);
	size_t at = (size_t)(local - b.data) + strlen(name) + 5;
	b.data[at] ^= 0x20;
	read_err(b.data, b.len, 0, DAMAGED);

	/* A stored part with one byte changed: only the CRC-32 tells. */
	buf_reset(&b);
	book(&b, "<row><c><v>12</v></c></row>", NULL, 1);
	read_ok(b.data, b.len);
	char *v = memmem(b.data, b.len, "<v>12<", 6);
	assert_non_null(v);
	v[3] = '3';
	read_err(b.data, b.len, 0, DAMAGED);
	buf_free(&b);
}

static void test_zip_bomb(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *rows = "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";

	/* Claiming more than the cap: refused before inflating. */
	struct zpart p[] = {
		{ .name = "xl/worksheets/sheet1.xml", .data = rows,
		  .claim = (uint32_t)XLSX_READ_PART_MAX + 1 },
	};
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, UNPACKED);
	buf_reset(&b);
	p[0].claim = 0xFFFFFFF0u;
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, UNPACKED);

	/* Claiming little, inflating to much more: 1 MiB declared as 100
	 * bytes (whose CRC matches). Inflating stops at the declared size. */
	size_t big = (size_t)1 << 20;
	char *spaces = malloc(big);
	assert_non_null(spaces);
	memset(spaces, ' ', big);
	memcpy(spaces, rows, strlen(rows));
	p[0].data = spaces;
	p[0].len = big;
	p[0].claim = 100;
	buf_reset(&b);
	zip_build(&b, p, 1);
	assert_true(b.len < 4096);
	read_err(b.data, b.len, 0, DAMAGED);
	free(spaces);

	/* In all: a real 10 MiB shared-string part, then a sheet claiming
	 * 15 MiB (under the part cap) passes the total. The same sheet without
	 * the big part is only damaged (its size is a lie). The 10 MiB of
	 * spaces deflate about 1029:1, close to deflate's limit of 1032:1,
	 * which the reader uses to spot impossible sizes early. */
	size_t sstlen = (size_t)10 << 20;
	char *sst = malloc(sstlen);
	assert_non_null(sst);
	memset(sst, ' ', sstlen);
	memcpy(sst, "<sst>", 5);
	memcpy(sst + sstlen - 6, "</sst>", 6);
	struct zpart q[] = {
		{ .name = "xl/sharedStrings.xml", .data = sst, .len = sstlen },
		{ .name = "xl/worksheets/sheet1.xml", .data = rows, .claim = 15u << 20 },
	};
	assert_true((15u << 20) <= XLSX_READ_PART_MAX);
	assert_true(sstlen + (15u << 20) > XLSX_READ_TOTAL_MAX);
	buf_reset(&b);
	zip_build(&b, q, 2);
	read_err(b.data, b.len, 0, UNPACKED);
	buf_reset(&b);
	zip_build(&b, q + 1, 1);
	read_err(b.data, b.len, 0, DAMAGED);
	/* And with an honest sheet the big part is fine. */
	q[1].claim = 0;
	buf_reset(&b);
	zip_build(&b, q, 2);
	struct csv c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "1" });
	free(sst);
	buf_free(&b);
}

/* ---- what a bomb costs ---------------------------------------------------- */

/* A line of /proc/self/status in KiB ("VmHWM:"), or -1. */
static long status_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key), NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* In a child: reset the peak resident size (clear_refs 5), read the
 * workbook and write "<peak growth in KiB> <message, or ok>" to stderr. */
static int read_for_peak(void *ctx)
{
	const struct buf *b = ctx;
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0 || write(fd, "5", 1) != 1)
		return 3;
	close(fd);
	long base = status_kib("VmHWM:");
	struct arena *a = arena_new();
	struct csv c;
	struct csv_error e = { 0, NULL };
	int rc = xlsx_read(a, b->data, b->len, &c, &e);
	long peak = status_kib("VmHWM:");
	fprintf(stderr, "%ld %s\n", peak - base, rc ? e.msg : "ok");
	return 0;
}

/* Read b in a child; assert the outcome is msg (NULL: read), return the
 * peak memory growth in MiB. */
static double peak_mib(const struct buf *b, const char *msg)
{
	struct child_end end = child_run(read_for_peak, (void *)b);
	if (end.signal || end.status)
		fail_msg("reader child: signal %d, status %d: %s", end.signal, end.status, end.err);
	long kib = -1;
	char got[256] = "";
	if (sscanf(end.err, "%ld %255[^\n]", &kib, got) != 2 || kib < 0)
		fail_msg("reader child said: %s", end.err);
	assert_string_equal(got, msg ? msg : "ok");
	return (double)kib / 1024;
}

static void test_zip_bomb_bounded(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *rows = "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";

	/* 16 MiB unpacked in all: two honest parts of 10 and 8 MiB, each
	 * under the part cap, are too much together; either alone is fine. */
	struct zpart q[] = {
		{ .name = "xl/sharedStrings.xml", .data = "<sst></sst>", .spaces = (size_t)10 << 20 },
		{ .name = "xl/worksheets/sheet1.xml", .data = rows, .spaces = (size_t)8 << 20 },
	};
	zip_build(&b, q, 2);
	assert_true(b.len < (1 << 20));
	read_err(b.data, b.len, 0, UNPACKED);
	buf_reset(&b);
	zip_build(&b, q + 1, 1);
	struct csv c = read_ok(b.data, b.len);
	assert_row(&c, 0, 1, 1, (const char *[]){ "1" });

	/* A sheet that unpacks to 128 MiB and says so: refused from its
	 * header, before anything is inflated. */
	struct zpart bomb[] = {
		{ .name = "xl/worksheets/sheet1.xml", .data = rows, .spaces = (size_t)128 << 20 },
	};
	buf_reset(&b);
	zip_build(&b, bomb, 1);
	assert_true(b.len < (1 << 20));
	double honest = peak_mib(&b, UNPACKED);
	/* The same claiming 15 MiB, under the caps: inflating stops one
	 * byte past the claim, having cost about the claim. */
	bomb[0].claim = 15u << 20;
	buf_reset(&b);
	zip_build(&b, bomb, 1);
	double liar = peak_mib(&b, DAMAGED);
	/* And an honest 15 MiB sheet, read to the end. */
	bomb[0].claim = 0;
	bomb[0].spaces = (size_t)15 << 20;
	buf_reset(&b);
	zip_build(&b, bomb, 1);
	double read = peak_mib(&b, NULL);
	fprintf(stderr, "peak memory growth: refused %.1f MiB, lying bomb %.1f MiB, 15 MiB sheet %.1f MiB\n",
		honest, liar, read);
	assert_true(honest < 8);
	/* Twice the limit: growing the buffer may hold the old copy beside
	 * the new one for a moment. The sanitizer build keeps every freed
	 * block in quarantine (256 MiB by default), so there each buffer the
	 * reader outgrew still counts: there the bound is four times. */
	double bound = 2.0 * (double)XLSX_READ_TOTAL_MAX / (1 << 20);
#if defined(__SANITIZE_ADDRESS__)
	bound *= 2;
#endif
	assert_true(liar < bound);
	assert_true(read < bound);
	buf_free(&b);
}

static void test_zip_features_refused(void **state)
{
	(void)state;
	const char *rows = "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
	struct zpart p[] = { { .name = "xl/worksheets/sheet1.xml", .data = rows } };
	struct buf b = BUF_INIT;
	zip_build(&b, p, 1);
	read_ok(b.data, b.len);

	/* Encrypted (the flag is all it takes). */
	p[0].flags = 1;
	buf_reset(&b);
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, DAMAGED);
	/* A method other than stored or deflate (12 = bzip2). */
	p[0].flags = 0;
	p[0].method = 12;
	buf_reset(&b);
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, DAMAGED);
	/* ZIP64: the end record's counts are 0xFFFF. */
	p[0].method = 0;
	buf_reset(&b);
	zip_build(&b, p, 1);
	memset(b.data + b.len - 22 + 8, 0xFF, 4);
	read_err(b.data, b.len, 0, DAMAGED);
	/* A central directory pointing past its end record. */
	buf_reset(&b);
	zip_build(&b, p, 1);
	b.data[b.len - 22 + 16] += 1;
	read_err(b.data, b.len, 0, DAMAGED);
	/* A local header offset beyond the file. */
	buf_reset(&b);
	zip_build(&b, p, 1);
	size_t cd = (size_t)(unsigned char)b.data[b.len - 6] |
		    (size_t)(unsigned char)b.data[b.len - 5] << 8;
	memset(b.data + cd + 42, 0x7F, 4);
	read_err(b.data, b.len, 0, DAMAGED);
	buf_free(&b);
}

static void test_columns(void **state)
{
	(void)state;
	char last[8], beyond[8], rows[512];
	col_name(last, CSV_MAX_FIELDS - 1);
	col_name(beyond, CSV_MAX_FIELDS);

	/* The last column allowed: the sheet is that wide. Empty cells past it
	 * (formatting) do not count. */
	snprintf(rows, sizeof rows,
		 "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"%s2\"><v>x</v></c>"
		 "<c r=\"%s2\" s=\"1\"/><c r=\"XFD2\" s=\"1\"/></row>", last, beyond);
	struct csv c = book_ok(rows, NULL);
	assert_int_equal(c.nrows, 1);
	assert_int_equal(c.rows[0].nfields, CSV_MAX_FIELDS);
	assert_string_equal(c.rows[0].fields[0], "1");
	assert_string_equal(c.rows[0].fields[1], "");
	assert_string_equal(c.rows[0].fields[CSV_MAX_FIELDS - 1], "x");

	/* One further, with a value: refused, naming the row. */
	snprintf(rows, sizeof rows,
		 "<row r=\"1\"><c><v>h</v></c></row>"
		 "<row r=\"7\"><c r=\"A7\"><v>1</v></c><c r=\"%s7\"><v>x</v></c></row>", beyond);
	book_err(rows, NULL, 7, "too many columns");
	/* Beyond Excel's grid, or a reference that is not one: damaged. */
	book_err("<row><c r=\"XFE1\"/></row>", NULL, 0, DAMAGED);
	book_err("<row><c r=\"A0\"><v>1</v></c></row>", NULL, 0, DAMAGED);
	book_err("<row><c r=\"1A\"><v>1</v></c></row>", NULL, 0, DAMAGED);
	/* Columns must go left to right. */
	book_err("<row><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", NULL, 0, DAMAGED);
	book_err("<row><c r=\"B1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>", NULL, 0, DAMAGED);
}

static void test_no_worksheet(void **state)
{
	(void)state;
	struct zpart p[] = {
		{ .name = "xl/workbook.xml", .data = "<workbook><sheets/></workbook>" },
		{ .name = "xl/_rels/workbook.xml.rels", .data = workbook_rels },
	};
	struct buf b = BUF_INIT;
	zip_build(&b, p, 2);
	read_err(b.data, b.len, 0, NO_SHEET);
	/* A sheet whose part is missing. */
	p[0].data = workbook;
	buf_reset(&b);
	zip_build(&b, p, 2);
	read_err(b.data, b.len, 0, NO_SHEET);
	/* A sheet whose relationship is not a worksheet (a chart sheet). */
	struct zpart q[] = {
		p[0],
		{ .name = "xl/_rels/workbook.xml.rels", .data =
		  "<Relationships><Relationship Id=\"rId1\" Type=\"" RELTYPE "chartsheet\""
		  " Target=\"chartsheets/sheet1.xml\"/></Relationships>" },
		{ .name = "xl/chartsheets/sheet1.xml", .data =
		  "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>" },
	};
	buf_reset(&b);
	zip_build(&b, q, 3);
	read_err(b.data, b.len, 0, NO_SHEET);
	buf_free(&b);
}

static void test_no_rows(void **state)
{
	(void)state;
	book_err("", NULL, 0, NO_ROWS);
	book_err("<row r=\"1\"/><row r=\"2\"><c r=\"A2\" s=\"1\"/><c t=\"inlineStr\"><is><t></t>"
		 "</is></c><c t=\"s\"><v>0</v></c><c><v></v></c><c t=\"inlineStr\"><is/></c></row>",
		 "<sst><si><t></t></si></sst>", 0, NO_ROWS);

	struct zpart p[] = { { .name = "xl/worksheets/sheet1.xml", .data = "<worksheet/>" } };
	struct buf b = BUF_INIT;
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, NO_ROWS);
	buf_free(&b);
}

static void test_bad_xml(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"<row><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>",
		"<row><c t=\"inlineStr\"><is><t>&#0;</t></is></c></row>",
		"<row><c t=\"inlineStr\"><is><t>&#xD800;</t></is></c></row>",
		"<row><c t=\"inlineStr\"><is><t>&#x110000;</t></is></c></row>",
		"<row><c t=\"inlineStr\"><is><t>&#x;</t></is></c></row>",
		"<row><c t=\"inlineStr\"><is><t>&amp</t></is></c></row>",
		"<row><c><v>1</v></c>",                       /* row not closed */
		"<row><c><v>1</v></row>",                     /* cell not closed */
		"<row><c r=A1><v>1</v></c></row>",            /* unquoted value */
		"<row><c r=\"A1\"t=\"n\"><v>1</v></c></row>", /* no space between */
		"<row><c r=\"A1><v>1</v></c></row>",          /* unterminated value */
		"<row><!-- never ends",
		"<row><c t=\"s\"><v>3</v></c></row>",         /* no such string */
		"<row><c t=\"s\"><v>x</v></c></row>",
		"<row r=\"2\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></c></row>",
		"<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></c></row>",
		"<row r=\"0\"><c><v>1</v></c></row>",
		"<row r=\"1048577\"><c><v>1</v></c></row>",
		"<c><v>1</v></c>",                            /* cell outside a row */
		"</row>",
		"<row><c><v>\xC3</v></c></row>",              /* not UTF-8 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b = BUF_INIT;
		book(&b, bad[i], "<sst><si><t>a</t></si></sst>", 0);
		struct csv c;
		struct csv_error e = { 99, NULL };
		if (xlsx_read(A, b.data, b.len, &c, &e) != -1 || strcmp(e.msg, DAMAGED) != 0 ||
		    e.line != 0)
			fail_msg("accepted or wrong message for %s", bad[i]);
		buf_free(&b);
	}
	/* A DOCTYPE (which could declare entities), even a harmless one. */
	struct zpart p[] = { { .name = "xl/worksheets/sheet1.xml", .data =
		"<!DOCTYPE worksheet><worksheet><sheetData><row><c><v>1</v></c>"
		"</row></sheetData></worksheet>" } };
	struct buf b = BUF_INIT;
	zip_build(&b, p, 1);
	read_err(b.data, b.len, 0, DAMAGED);
	buf_free(&b);
	/* The good twin of the list above reads. */
	struct csv c = book_ok("<row><c t=\"inlineStr\"><is><t xml:space='preserve'>"
			       "&#x10FFFF;&#9;&#10;&#13;</t></is></c>"
			       "<c t=\"s\"><v>0</v></c></row>", "<sst><si><t>a</t></si></sst>");
	assert_row(&c, 0, 1, 2, (const char *[]){ "\xF4\x8F\xBF\xBF\t\n\r", "a" });
}

static void test_field_too_long(void **state)
{
	(void)state;
	struct buf rows = BUF_INIT, sst = BUF_INIT;
	buf_puts(&rows, "<row r=\"3\"><c t=\"inlineStr\"><is><t>");
	for (size_t i = 0; i < CSV_MAX_FIELD_BYTES; i++)
		buf_putc(&rows, i % 2 ? 'a' : 'b');
	size_t at_limit = rows.len;
	buf_puts(&rows, "</t></is></c></row>");
	struct csv c = book_ok(rows.data, NULL);
	assert_int_equal(strlen(c.rows[0].fields[0]), CSV_MAX_FIELD_BYTES);

	rows.len = at_limit;
	buf_puts(&rows, "x</t></is></c></row>");
	book_err(rows.data, NULL, 3, "field too long");

	/* A shared string over the limit matters only when a cell uses it. */
	buf_puts(&sst, "<sst><si><t>kort</t></si><si><t>");
	for (size_t i = 0; i < CSV_MAX_FIELD_BYTES + 1; i++)
		buf_putc(&sst, 'z');
	buf_puts(&sst, "</t></si></sst>");
	c = book_ok("<row><c t=\"s\"><v>0</v></c></row>", sst.data);
	assert_row(&c, 0, 1, 1, (const char *[]){ "kort" });
	book_err("<row><c t=\"s\"><v>0</v></c></row><row r=\"9\"><c t=\"s\"><v>1</v></c></row>",
		 sst.data, 9, "field too long");
	buf_free(&rows);
	buf_free(&sst);
}

static void test_too_many_rows(void **state)
{
	(void)state;
	struct buf rows = BUF_INIT;
	for (size_t i = 0; i < CSV_MAX_ROWS; i++)
		buf_puts(&rows, "<row><c><v>1</v></c></row>");
	struct csv c = book_ok(rows.data, NULL);
	assert_int_equal(c.nrows, CSV_MAX_ROWS);
	assert_int_equal(c.rows[CSV_MAX_ROWS - 1].line, CSV_MAX_ROWS);
	/* Empty rows do not count. */
	buf_puts(&rows, "<row/><row><c/></row>");
	c = book_ok(rows.data, NULL);
	assert_int_equal(c.nrows, CSV_MAX_ROWS);
	buf_puts(&rows, "<row><c><v>1</v></c></row>");
	book_err(rows.data, NULL, CSV_MAX_ROWS + 3, "too many rows");
	buf_free(&rows);
}

static void test_too_many_cells(void **state)
{
	(void)state;
	/* One wide row makes every row that wide: rows x columns is capped. */
	char last[8];
	col_name(last, CSV_MAX_FIELDS - 1);
	size_t fit = XLSX_READ_MAX_CELLS / CSV_MAX_FIELDS;
	struct buf rows = BUF_INIT;
	buf_printf(&rows, "<row><c r=\"%s1\"><v>1</v></c></row>", last);
	for (size_t i = 1; i < fit; i++)
		buf_puts(&rows, "<row><c><v>1</v></c></row>");
	struct csv c = book_ok(rows.data, NULL);
	assert_int_equal(c.nrows, fit);
	assert_int_equal(c.rows[fit - 1].nfields, CSV_MAX_FIELDS);
	assert_string_equal(c.rows[fit - 1].fields[CSV_MAX_FIELDS - 1], "");
	buf_puts(&rows, "<row><c><v>1</v></c></row>");
	book_err(rows.data, NULL, fit + 1, TOO_BIG);
	buf_free(&rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_built, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_choice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_zip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zip_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zip_bomb_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zip_features_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_worksheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_cells, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
