/*
 * xlsx.c: a one-sheet Office Open XML workbook in a ZIP (see xlsx.h).
 *
 * Cells are written as sheet XML straight away and deflated in chunks as
 * they pile up, so a big export costs its compressed size in memory, not its
 * XML size. The sheet part's opening (views, column widths), which is only
 * known at the end, is deflated separately at finish and put in front: a
 * deflate stream ended with Z_SYNC_FLUSH is byte-aligned and not final, so
 * it can be followed directly by the body's stream, and zlib's
 * crc32_combine() joins the two checksums.
 *
 * The deflated body itself goes to an unnamed temporary file once it passes
 * ZBODY_SPILL (util/spool.h), so a register of a hundred thousand records
 * (19 MB deflated) holds a few hundred kilobytes in memory, not all of it.
 */
#include "io/xlsx.h"
#include "util/text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/spool.h"
#include "util/xalloc.h"

#define XLSX_MAX_ROWS 1048576L  /* Excel's grid */
#define XLSX_MAX_COLS 16384
#define XLSX_MAX_CELL 32767     /* characters (UTF-16 units) in a cell */
#define SHEET_NAME_MAX 31       /* characters in a sheet name */
#define FLUSH_AT 65536          /* sheet XML collected before deflating */
#define ZBODY_SPILL (256 * 1024) /* deflated body kept before it goes to the file */
/* Sizes and offsets in a plain (non-ZIP64) archive are 32 bits; cells past
 * this much sheet XML are dropped rather than producing a broken file. */
#define SHEET_MAX_BYTES 0xE0000000u
/* The sheet body is deflated at zlib's fastest level: on a register of
 * 100,000 risks the default level 6 took half of the export's 3 s for a
 * file 22 % smaller (15.0 MB, not 19.2; see bench/README.md). */
#define SHEET_LEVEL Z_BEST_SPEED
#define DEFAULT_WIDTH 10.0
#define MAX_FIT_WIDTH 60.0

struct col {
	double width;   /* from xlsx_col_width(), 0 when not set */
	unsigned fit;   /* longest content line seen, in characters */
};

struct xlsx {
	char name[SHEET_NAME_MAX * 4 + 1]; /* sanitised, UTF-8 */
	struct buf xml;      /* sheet XML not yet deflated */
	struct buf text;     /* scratch: one escaped string */
	struct buf zbody;    /* deflated sheet XML not yet in spill */
	struct spool spill;  /* deflated sheet XML before zbody */
	z_stream zs;
	uLong crc;           /* of the sheet XML deflated so far */
	uint64_t usize;      /* bytes of sheet XML deflated so far */
	long row;            /* current row, 1-based; 0 before the first */
	long lastrow;        /* last row actually written */
	int col;             /* next column in the current row */
	int row_open;        /* a <row> is open (not dropped) */
	int header;          /* the current row is a header row */
	int first_header;    /* row 1 is a header: bold, frozen, filtered */
	int maxcol;          /* number of columns that hold cells */
	struct col *cols;
	int ncols;           /* allocated entries in cols */
};

/* ---- UTF-8 and XML text ------------------------------------------------ */


/* XML 1.0's Char production, less what a UTF-8 decoder already refuses. */
static int xml_char_ok(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xFFFE && cp != 0xFFFF;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

#define XT_CELL 1   /* cell text: CR/CRLF become LF, _xHHHH_ is protected */

/*
 * Append s escaped for XML content or an attribute value, without the
 * characters XML 1.0 forbids and malformed UTF-8 bytes, stopping before
 * max UTF-16 units (Excel counts its cell limit in those). Returns the
 * longest line in characters (for column widths).
 */
static unsigned xml_text(struct buf *out, const char *str, size_t max,
			 int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), i = 0, units = 0;
	unsigned line = 0, longest = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = text_utf8_decode((const char *)(s + i), len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		if (!xml_char_ok(cp)) {
			i += n;
			continue;
		}
		size_t u = cp > 0xFFFF ? 2 : 1;
		if (units + u > max)
			break;
		units += u;
		switch (cp) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '\r':
			/* A line break in a cell is LF to Excel; an XML
			 * parser would turn a raw CR into LF anyway. */
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			buf_putc(out, '\n');
			break;
		case '_':
			/* Excel reads _x0041_ in text as an escape for "A";
			 * _x005F_ is its escape for the underscore itself. */
			if ((flags & XT_CELL) && len - i >= 7 &&
			    s[i + 1] == 'x' && is_hex(s[i + 2]) &&
			    is_hex(s[i + 3]) && is_hex(s[i + 4]) &&
			    is_hex(s[i + 5]) && s[i + 6] == '_')
				buf_puts(out, "_x005F_");
			else
				buf_putc(out, '_');
			break;
		default:
			buf_add(out, s + i, n);
		}
		i += n;
		if (cp == '\n' || cp == '\r') {
			line = 0;
		} else if (++line > longest) {
			longest = line;
		}
	}
	return longest;
}

/* ---- sheet XML ---------------------------------------------------------- */

static void col_name(struct buf *out, int col)
{
	char tmp[8];
	int n = 0;
	for (col++; col > 0; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	while (n > 0)
		buf_putc(out, tmp[--n]);
}

static void cell_ref(struct buf *out, int col, long row)
{
	col_name(out, col);
	buf_printf(out, "%ld", row);
}

static void zfail(void)
{
	/* deflate only fails on memory or misuse; treat both as fatal. */
	xalloc_die();
}

/* Deflate data[0..len) into out, growing it as needed; flush as for
 * deflate(). Returns the CRC-32 of the data continued from crc. */
static uLong zrun(z_stream *zs, struct buf *out, const char *data,
		  size_t len, int flush, uLong crc)
{
	if (len)
		crc = crc32(crc, (const Bytef *)data, (uInt)len);
	zs->next_in = (Bytef *)data;
	zs->avail_in = (uInt)len;
	int rc;
	do {
		buf_grow(out, len / 2 + 4096);
		size_t room = out->cap - out->len - 1;
		zs->next_out = (Bytef *)out->data + out->len;
		zs->avail_out = (uInt)room;
		rc = deflate(zs, flush);
		if (rc == Z_STREAM_ERROR)
			zfail();
		out->len += room - zs->avail_out;
		out->data[out->len] = 0;
	} while (zs->avail_out == 0);
	if (zs->avail_in != 0 || (flush == Z_FINISH && rc != Z_STREAM_END))
		zfail();
	return crc;
}

/* Feed the pending sheet XML to the body's deflate stream. */
static void deflate_pending(struct xlsx *x, int flush)
{
	x->crc = zrun(&x->zs, &x->zbody, x->xml.data, x->xml.len, flush,
		      x->crc);
	x->usize += x->xml.len;
	buf_reset(&x->xml);
	if (x->zbody.len >= ZBODY_SPILL) {
		/* A failed write is remembered and reported by the finish; what
		 * follows is not kept either. */
		spool_write(&x->spill, x->zbody.data, x->zbody.len);
		buf_reset(&x->zbody);
	}
}

static void maybe_flush(struct xlsx *x)
{
	if (x->xml.len >= FLUSH_AT)
		deflate_pending(x, Z_NO_FLUSH);
}

static int too_big(const struct xlsx *x)
{
	return x->usize + x->xml.len > SHEET_MAX_BYTES;
}

static struct col *col_at(struct xlsx *x, int col)
{
	if (col >= x->ncols) {
		int n = x->ncols ? x->ncols : 16;
		while (n <= col)
			n *= 2;
		x->cols = xreallocarray(x->cols, (size_t)n, sizeof *x->cols);
		memset(x->cols + x->ncols, 0,
		       (size_t)(n - x->ncols) * sizeof *x->cols);
		x->ncols = n;
	}
	return &x->cols[col];
}

/* Open a cell element for the next column, or return 0 when the cell is
 * dropped (beyond Excel's grid or the size limit). */
static int begin_cell(struct xlsx *x, const char *type)
{
	if (x->row == 0)
		xlsx_row(x, 0);
	int col = x->col++;
	if (!x->row_open || col >= XLSX_MAX_COLS || too_big(x))
		return 0;
	if (col + 1 > x->maxcol)
		x->maxcol = col + 1;
	buf_puts(&x->xml, "<c r=\"");
	cell_ref(&x->xml, col, x->row);
	buf_putc(&x->xml, '"');
	if (x->header)
		buf_puts(&x->xml, " s=\"1\"");
	if (type)
		buf_printf(&x->xml, " t=\"%s\"", type);
	return 1;
}

static void fit(struct xlsx *x, int col, unsigned chars)
{
	struct col *c = col_at(x, col);
	if (chars > c->fit)
		c->fit = chars;
}

/* ---- building ----------------------------------------------------------- */

/* Beyond what xlsx.h promises, control characters are dropped and a leading
 * or trailing apostrophe becomes '-': Excel refuses such names. */
static void sanitize_name(char *out, const char *in)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t len = strlen((const char *)s), i = 0, o = 0, units = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = text_utf8_decode((const char *)(s + i), len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		if (cp < 0x20 || !xml_char_ok(cp)) {
			i += n;
			continue;
		}
		size_t u = cp > 0xFFFF ? 2 : 1;
		if (units + u > SHEET_NAME_MAX)
			break;
		units += u;
		if (cp < 0x80 && strchr("[]:*?/\\", (int)cp)) {
			out[o++] = '-';
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = 0;
	if (o == 0) {
		strcpy(out, "Sheet1");
		return;
	}
	if (out[0] == '\'')
		out[0] = '-';
	if (out[o - 1] == '\'')
		out[o - 1] = '-';
}

struct xlsx *xlsx_new(const char *sheet_name)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	sanitize_name(x->name, sheet_name);
	if (deflateInit2(&x->zs, SHEET_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		zfail();
	x->crc = crc32(0, Z_NULL, 0);
	return x;
}

void xlsx_row(struct xlsx *x, int header)
{
	if (x->row_open)
		buf_puts(&x->xml, "</row>");
	x->row++;
	x->col = 0;
	x->header = header ? 1 : 0;
	if (x->row == 1)
		x->first_header = x->header;
	x->row_open = x->row <= XLSX_MAX_ROWS && !too_big(x);
	if (x->row_open) {
		buf_printf(&x->xml, "<row r=\"%ld\">", x->row);
		x->lastrow = x->row;
	}
	maybe_flush(x);
}

void xlsx_cell_empty(struct xlsx *x)
{
	if (x->row == 0)
		xlsx_row(x, 0);
	/* A header's empty cell keeps the bold style, so text typed into it
	 * later looks like the rest of the header; elsewhere it is left out. */
	if (!x->header) {
		x->col++;
		return;
	}
	if (begin_cell(x, NULL))
		buf_puts(&x->xml, "/>");
	maybe_flush(x);
}

void xlsx_cell_str(struct xlsx *x, const char *s)
{
	if (!s) {
		xlsx_cell_empty(x);
		return;
	}
	buf_reset(&x->text);
	unsigned longest = xml_text(&x->text, s, XLSX_MAX_CELL, XT_CELL);
	if (x->text.len == 0) {
		xlsx_cell_empty(x);
		return;
	}
	int col = x->col;
	if (!begin_cell(x, "inlineStr"))
		return;
	fit(x, col, longest);
	const char *t = x->text.data;
	size_t n = x->text.len;
	/* Without the hint, leading/trailing white space and line breaks
	 * may be dropped or folded by the reader. */
	int keep = t[0] == ' ' || t[n - 1] == ' ' || strpbrk(t, "\n\t") ||
		   strstr(t, "  ");
	buf_puts(&x->xml, keep ? "><is><t xml:space=\"preserve\">"
			       : "><is><t>");
	buf_add(&x->xml, t, n);
	buf_puts(&x->xml, "</t></is></c>");
	maybe_flush(x);
}

static void number_cell(struct xlsx *x, const char *num)
{
	int col = x->col;
	if (!begin_cell(x, NULL))
		return;
	fit(x, col, (unsigned)strlen(num));
	buf_puts(&x->xml, "><v>");
	buf_puts(&x->xml, num);
	buf_puts(&x->xml, "</v></c>");
	maybe_flush(x);
}

void xlsx_cell_int(struct xlsx *x, long long v)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", v);
	number_cell(x, num);
}

void xlsx_cell_num(struct xlsx *x, double v)
{
	if (!isfinite(v)) {
		xlsx_cell_empty(x);
		return;
	}
	/* The shortest of %.15g..%.17g that reads back as the same double:
	 * 0.1 stays "0.1" rather than 0.10000000000000001. */
	char num[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(num, sizeof num, "%.*g", prec, v);
		if (strtod(num, NULL) == v)
			break;
	}
	/* A locale with a decimal comma must not leak into the file. */
	for (char *p = num; *p; p++)
		if (*p == ',')
			*p = '.';
	number_cell(x, num);
}

void xlsx_col_width(struct xlsx *x, int col, double width)
{
	if (col < 0 || col >= XLSX_MAX_COLS || !isfinite(width) || width <= 0)
		return;
	col_at(x, col)->width = width > 255 ? 255 : width;
}

void xlsx_free(struct xlsx *x)
{
	if (!x)
		return;
	deflateEnd(&x->zs);
	buf_free(&x->xml);
	buf_free(&x->text);
	buf_free(&x->zbody);
	spool_close(&x->spill);
	free(x->cols);
	free(x);
}

/* ---- finishing: parts and the ZIP --------------------------------------- */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKGREL "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_PREFIX "application/vnd.openxmlformats-officedocument.spreadsheetml."

static const char content_types[] = XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_PREFIX "sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" CT_PREFIX "worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_PREFIX "styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"</Types>";

static const char root_rels[] = XML_DECL
	"<Relationships xmlns=\"" NS_PKGREL "\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_PKGREL "/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char workbook_rels[] = XML_DECL
	"<Relationships xmlns=\"" NS_PKGREL "\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* cellXfs 0 is normal, 1 bold (font 1). Fills 0 and 1 are the two Excel
 * requires to exist. */
static const char styles[] = XML_DECL
	"<styleSheet xmlns=\"" NS_MAIN "\">"
	"<fonts count=\"2\">"
	"<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
	"</fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	"<cellXfs count=\"2\">"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
	"</cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
	"</styleSheet>";

static const char core[] = XML_DECL
	"<cp:coreProperties"
	" xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	" xmlns:dcterms=\"http://purl.org/dc/terms/\""
	" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
	"<dc:creator>Tillit</dc:creator>"
	"</cp:coreProperties>";

/* The used range, e.g. "A1:O100001", with '$' before each part when abs. */
static void used_range(struct buf *out, const struct xlsx *x, int abs)
{
	const char *d = abs ? "$" : "";
	buf_printf(out, "%sA%s1:%s", d, d, d);
	col_name(out, x->maxcol - 1);
	buf_printf(out, "%s%ld", d, x->lastrow);
}

static int has_filter(const struct xlsx *x)
{
	return x->first_header && x->maxcol > 0;
}

static void workbook_xml(struct buf *out, const struct xlsx *x)
{
	buf_puts(out, XML_DECL "<workbook xmlns=\"" NS_MAIN "\""
		 " xmlns:r=\"" NS_REL "\"><bookViews><workbookView/></bookViews>"
		 "<sheets><sheet name=\"");
	xml_text(out, x->name, SIZE_MAX, 0);
	buf_puts(out, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
	if (has_filter(x)) {
		/* Excel keeps an auto-filter's range in this hidden name and
		 * repairs the file when it is missing. */
		buf_puts(out, "<definedNames><definedName"
			 " name=\"_xlnm._FilterDatabase\""
			 " localSheetId=\"0\" hidden=\"1\">'");
		struct buf quoted = BUF_INIT;
		for (const char *p = x->name; *p; p++) {
			buf_putc(&quoted, *p);
			if (*p == '\'')
				buf_putc(&quoted, '\'');
		}
		xml_text(out, buf_str(&quoted), SIZE_MAX, 0);
		buf_free(&quoted);
		buf_puts(out, "'!");
		used_range(out, x, 1);
		buf_puts(out, "</definedName></definedNames>");
	}
	buf_puts(out, "</workbook>");
}

/* Everything of sheet1.xml before the first row. */
static void sheet_head(struct buf *out, struct xlsx *x)
{
	buf_puts(out, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\""
		 " xmlns:r=\"" NS_REL "\">");
	buf_puts(out, "<dimension ref=\"");
	if (x->maxcol > 0)
		used_range(out, x, 0);
	else
		buf_puts(out, "A1");
	buf_puts(out, "\"/><sheetViews><sheetView workbookViewId=\"0\"");
	if (x->first_header)
		buf_puts(out, "><pane ySplit=\"1\" topLeftCell=\"A2\""
			 " activePane=\"bottomLeft\" state=\"frozen\"/>"
			 "<selection pane=\"bottomLeft\" activeCell=\"A2\""
			 " sqref=\"A2\"/></sheetView>");
	else
		buf_puts(out, "/>");
	buf_puts(out, "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
	int ncols = x->maxcol > x->ncols ? x->maxcol : x->ncols;
	int any = 0;
	for (int c = 0; c < ncols; c++) {
		double w = c < x->ncols ? x->cols[c].width : 0;
		if (w <= 0) {
			if (c >= x->maxcol)
				continue;
			/* Fit to the content, within reason; a header's
			 * bold letters are a little wider. */
			unsigned f = c < x->ncols ? x->cols[c].fit : 0;
			w = f + 2.0 + (x->first_header ? 1.0 : 0.0);
			if (w < DEFAULT_WIDTH)
				w = DEFAULT_WIDTH;
			if (w > MAX_FIT_WIDTH)
				w = MAX_FIT_WIDTH;
		}
		if (!any)
			buf_puts(out, "<cols>");
		any = 1;
		/* A decimal-comma locale must not leak into the file. */
		char num[32];
		snprintf(num, sizeof num, "%.2f", w);
		char *comma = strchr(num, ',');
		if (comma)
			*comma = '.';
		buf_printf(out, "<col min=\"%d\" max=\"%d\" width=\"%s\""
			   " customWidth=\"1\"/>", c + 1, c + 1, num);
	}
	if (any)
		buf_puts(out, "</cols>");
	buf_puts(out, "<sheetData>");
}

struct zentry {
	const char *name;
	uLong crc;
	uint32_t csize, usize, offset;
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

/* A fixed time stamp (1980-01-01 00:00, the DOS epoch) keeps output
 * reproducible. */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

static void zip_header(struct buf *b, const struct zentry *e, int central)
{
	put32(b, central ? 0x02014b50 : 0x04034b50);
	if (central)
		put16(b, 20);       /* made by: MS-DOS, spec 2.0 */
	put16(b, 20);               /* needed to extract: deflate */
	put16(b, 0);                /* flags */
	put16(b, 8);                /* method: deflate */
	put16(b, DOS_TIME);
	put16(b, DOS_DATE);
	put32(b, (uint32_t)e->crc);
	put32(b, e->csize);
	put32(b, e->usize);
	put16(b, (unsigned)strlen(e->name));
	put16(b, 0);                /* extra field length */
	if (central) {
		put16(b, 0);        /* comment length */
		put16(b, 0);        /* disk number */
		put16(b, 0);        /* internal attributes */
		put32(b, 0);        /* external attributes */
		put32(b, e->offset);
	}
	buf_puts(b, e->name);
}

/* Deflate a whole part into out with its own stream; returns its CRC-32. */
static uLong deflate_all(struct buf *out, const char *data, size_t len,
			 int flush)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		zfail();
	uLong crc = zrun(&zs, out, data, len, flush, crc32(0, Z_NULL, 0));
	deflateEnd(&zs);
	return crc;
}

/* Where the archive goes: a sink, with the bytes handed to it so far
 * (the offsets of the parts). */
struct zout {
	xlsx_sink_fn sink;
	void *ctx;
	uint64_t written;
	struct buf tmp; /* a header or a small part, before it is handed on */
};

static void emit(struct zout *o, const void *data, size_t len)
{
	if (len)
		o->sink(o->ctx, data, len);
	o->written += len;
}

/* Hand on what collected in o->tmp. */
static void emit_tmp(struct zout *o)
{
	emit(o, o->tmp.data, o->tmp.len);
	buf_reset(&o->tmp);
}

static void zip_add(struct zout *o, struct zentry *e, const char *data, size_t len)
{
	struct buf z = BUF_INIT;
	e->crc = deflate_all(&z, data, len, Z_FINISH);
	e->usize = (uint32_t)len;
	e->csize = (uint32_t)z.len;
	e->offset = (uint32_t)o->written;
	zip_header(&o->tmp, e, 0);
	emit_tmp(o);
	emit(o, z.data, z.len);
	buf_free(&z);
}

static void buf_sink(void *ctx, const void *data, size_t len)
{
	buf_add(ctx, data, len);
}

int xlsx_finish(struct xlsx *x, struct buf *out)
{
	return xlsx_finish_to(x, buf_sink, out);
}

/* Hands a piece of the spilled body on. */
static void emit_piece(void *ctx, const void *data, size_t len)
{
	emit(ctx, data, len);
}

int xlsx_finish_to(struct xlsx *x, xlsx_sink_fn sink, void *ctx)
{
	if (x->row_open)
		buf_puts(&x->xml, "</row>");
	x->row_open = 0;
	buf_puts(&x->xml, "</sheetData>");
	if (has_filter(x)) {
		buf_puts(&x->xml, "<autoFilter ref=\"");
		used_range(&x->xml, x, 0);
		buf_puts(&x->xml, "\"/>");
	}
	buf_puts(&x->xml, "<pageMargins left=\"0.7\" right=\"0.7\""
		 " top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
		 "</worksheet>");
	deflate_pending(x, Z_FINISH);
	if (!spool_ok(&x->spill)) {
		xlsx_free(x);
		return -1;
	}

	struct buf part = BUF_INIT;
	struct zout o = { .sink = sink, .ctx = ctx, .tmp = BUF_INIT };
	struct zentry e[7] = {
		{ .name = "[Content_Types].xml" },
		{ .name = "_rels/.rels" },
		{ .name = "docProps/core.xml" },
		{ .name = "xl/workbook.xml" },
		{ .name = "xl/_rels/workbook.xml.rels" },
		{ .name = "xl/styles.xml" },
		{ .name = "xl/worksheets/sheet1.xml" },
	};
	zip_add(&o, &e[0], content_types, sizeof content_types - 1);
	zip_add(&o, &e[1], root_rels, sizeof root_rels - 1);
	zip_add(&o, &e[2], core, sizeof core - 1);
	workbook_xml(&part, x);
	zip_add(&o, &e[3], part.data, part.len);
	zip_add(&o, &e[4], workbook_rels, sizeof workbook_rels - 1);
	zip_add(&o, &e[5], styles, sizeof styles - 1);

	buf_reset(&part);
	sheet_head(&part, x);
	struct buf zhead = BUF_INIT;
	uLong hcrc = deflate_all(&zhead, part.data, part.len, Z_SYNC_FLUSH);
	struct zentry *s = &e[6];
	s->crc = crc32_combine(hcrc, x->crc, (z_off_t)x->usize);
	s->usize = (uint32_t)(part.len + x->usize);
	s->csize = (uint32_t)(zhead.len + x->spill.len + x->zbody.len);
	s->offset = (uint32_t)o.written;
	zip_header(&o.tmp, s, 0);
	emit_tmp(&o);
	emit(&o, zhead.data, zhead.len);
	/* The sheet body, as deflated while the rows came: from its file in
	 * pieces, then what is left in memory, handed on as it is. */
	int rc = spool_each(&x->spill, emit_piece, &o);
	emit(&o, x->zbody.data, x->zbody.len);
	buf_free(&zhead);
	buf_free(&part);

	uint64_t cd = o.written;
	for (int i = 0; i < 7; i++)
		zip_header(&o.tmp, &e[i], 1);
	uint32_t cdsize = (uint32_t)o.tmp.len;
	put32(&o.tmp, 0x06054b50);
	put16(&o.tmp, 0);          /* this disk */
	put16(&o.tmp, 0);          /* disk where the directory starts */
	put16(&o.tmp, 7);          /* entries on this disk */
	put16(&o.tmp, 7);          /* entries in all */
	put32(&o.tmp, cdsize);
	put32(&o.tmp, (uint32_t)cd);
	put16(&o.tmp, 0);          /* comment length */
	emit_tmp(&o);
	buf_free(&o.tmp);
	xlsx_free(x);
	return rc;
}
