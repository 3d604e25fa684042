/*
 * xlsx_read.c: the first worksheet of an .xlsx workbook as CSV-shaped rows
 * (see xlsx_read.h).
 *
 * Three small layers, each distrusting what it is given:
 *
 *  - a ZIP reader: the end-of-central-directory record, a bounds-checked
 *    walk of the central directory, local headers for the data offsets, and
 *    parts inflated into a buffer that grows with what comes out and stops
 *    one byte past the declared size (capped first, at 16 MiB for all parts
 *    together), so a part producing more than it declares is simply
 *    damaged and a zip bomb never costs more than the caps;
 *  - an XML tokenizer that knows just enough XML for SpreadsheetML: tags
 *    with attributes in either quote style and any order, namespace
 *    prefixes (matched by local name), text, CDATA, comments and processing
 *    instructions. A DOCTYPE is refused, so no entity can be declared, and
 *    only the five predefined entities and character references decode;
 *  - the spreadsheet: workbook and relationships to find the sheet, the
 *    shared-string table, and the sheet's rows and cells.
 *
 * A library such as libxml2 or minizip would do more than we need and widen
 * what a hostile upload can reach; this keeps the limits where they apply.
 * Parts are whole in memory (one big one at a time: the shared strings are
 * decoded into the arena and their XML freed before the sheet is inflated):
 * simpler than streaming, and the caps bound the cost.
 */
#include "io/xlsx_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/xalloc.h"

#define M_DAMAGED N_("The file is not a readable XLSX workbook.")
#define M_TOO_BIG N_("The workbook is too large to read.")
/* The parts read, unpacked, over XLSX_READ_PART_MAX or XLSX_READ_TOTAL_MAX
 * (a zip bomb): the message names the limit, so the two change together. */
#define M_UNPACKED N_("The workbook is larger than 16 MiB when unpacked. Save the sheet as CSV, or split it.")
_Static_assert(XLSX_READ_TOTAL_MAX == (size_t)16 << 20 && XLSX_READ_PART_MAX <= XLSX_READ_TOTAL_MAX,
	       "M_UNPACKED names the limit");
#define M_NO_SHEET N_("The workbook has no worksheet.")
#define M_NO_ROWS N_("The spreadsheet has no rows.")
/* The same msgids as csv.c, so the two formats speak alike. */
#define M_ROWS N_("too many rows")
#define M_COLUMNS N_("too many columns")
#define M_FIELD N_("field too long")

#define SMALL_PART_MAX ((size_t)4 << 20) /* workbook, relationships */
#define SHEET_MAX_COLS 16384             /* Excel's grid: A..XFD */
#define SHEET_MAX_ROWS 1048576L
#define MAX_SHEETS_TRIED 256             /* <sheet> entries looked at */
#define MAX_TARGET 1024                  /* bytes in a relationship target */

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_ZIP64_LOCATOR 0x07064b50u

/* ---- ZIP ----------------------------------------------------------------- */

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

struct zip {
	const unsigned char *u;
	size_t len;
	size_t cd, cdend;  /* the central directory, u[cd..cdend) */
	unsigned n;        /* entries in it */
	size_t total;      /* uncompressed bytes read so far */
};

/* One part's bytes: in the input (stored) or in mem (inflated, malloc'd). */
struct part {
	const char *data;
	size_t len;
	char *mem;
};

static void part_free(struct part *p)
{
	free(p->mem);
	memset(p, 0, sizeof *p);
}

/* Find the end-of-central-directory record and check that the central
 * directory's entries lie inside it, so later lookups can trust their
 * lengths. Returns 0, or -1 for anything else (ZIP64, split archives). */
static int zip_open(struct zip *z, const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	memset(z, 0, sizeof *z);
	z->u = u;
	z->len = len;
	if (len < 22)
		return -1;
	/* The record is the last 22 bytes plus a comment of up to 64 KiB. */
	size_t e = len - 22, stop = e > 65535 ? e - 65535 : 0;
	while (rd32(u + e) != SIG_EOCD || rd16(u + e + 20) > len - 22 - e) {
		if (e == stop)
			return -1;
		e--;
	}
	unsigned n = rd16(u + e + 10);
	uint32_t cdsize = rd32(u + e + 12), cdoff = rd32(u + e + 16);
	if (rd16(u + e + 4) != 0 || rd16(u + e + 6) != 0 || rd16(u + e + 8) != n)
		return -1;
	if (n == 0xFFFF || cdsize == 0xFFFFFFFFu || cdoff == 0xFFFFFFFFu)
		return -1;
	if (e >= 20 && rd32(u + e - 20) == SIG_ZIP64_LOCATOR)
		return -1;
	if (cdoff > e || cdsize > e - cdoff)
		return -1;
	z->cd = cdoff;
	z->cdend = (size_t)cdoff + cdsize;
	z->n = n;
	size_t pos = z->cd;
	for (unsigned i = 0; i < n; i++) {
		if (z->cdend - pos < 46 || rd32(u + pos) != SIG_CENTRAL)
			return -1;
		size_t hl = 46 + (size_t)rd16(u + pos + 28) + rd16(u + pos + 30) +
			    rd16(u + pos + 32);
		if (z->cdend - pos < hl)
			return -1;
		pos += hl;
	}
	return 0;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* The central header of the entry called name, or NULL. Part names are
 * compared without ASCII case, as OPC says; the first of duplicates wins. */
static const unsigned char *zip_find(const struct zip *z, const char *name)
{
	size_t nl = strlen(name), pos = z->cd;
	for (unsigned i = 0; i < z->n; i++) {
		const unsigned char *c = z->u + pos;
		size_t fl = rd16(c + 28);
		if (fl == nl) {
			size_t k = 0;
			while (k < nl && ascii_lower(c[46 + k]) ==
					 ascii_lower((unsigned char)name[k]))
				k++;
			if (k == nl)
				return c;
		}
		pos += 46 + fl + rd16(c + 30) + rd16(c + 32);
	}
	return NULL;
}

/*
 * Inflate the raw deflate stream d[0..csize) that claims usize bytes into
 * *out (malloc'd). The buffer grows with what actually comes out, not with
 * the claim, and inflating stops one byte past the claim: a part that
 * produces more than it declares is damaged, and costs no more memory than
 * its (capped) declared size. Returns NULL or the reason.
 */
static const char *inflate_part(const unsigned char *d, uint32_t csize, size_t usize, char **out)
{
	const size_t room = usize + 1, step = (size_t)64 << 10;
	size_t cap = room < step ? room : step;
	char *mem = xmalloc(cap);
	z_stream s;
	memset(&s, 0, sizeof s);
	if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
		xalloc_die();
	s.next_in = (Bytef *)d;
	s.avail_in = csize;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (s.total_out == cap) {
			if (cap == room)
				break; /* one byte past the claim: a lie */
			cap = cap > room / 2 ? room : 2 * cap;
			mem = xrealloc(mem, cap);
		}
		s.next_out = (Bytef *)mem + s.total_out;
		s.avail_out = (uInt)(cap - s.total_out);
		rc = inflate(&s, Z_NO_FLUSH);
	}
	size_t got = s.total_out;
	inflateEnd(&s);
	if (rc != Z_STREAM_END || got != usize) {
		free(mem);
		return M_DAMAGED;
	}
	*out = mem;
	return NULL;
}

/*
 * Read the entry whose central header is c into *p, refusing more than cap
 * uncompressed bytes (or more than XLSX_READ_TOTAL_MAX in all). The bytes
 * must match the declared size and CRC-32, and be UTF-8 without NUL (a
 * UTF-8 byte-order mark is dropped): every part we read is XML text.
 * Returns NULL or the reason.
 */
static const char *zip_read(struct zip *z, const unsigned char *c, size_t cap,
			    struct part *p)
{
	unsigned flags = rd16(c + 8), method = rd16(c + 10);
	uint32_t crc = rd32(c + 16), csize = rd32(c + 20), usize = rd32(c + 24);
	uint32_t loff = rd32(c + 42);
	memset(p, 0, sizeof *p);
	/* Bit 0: encrypted; bit 6: strong encryption. */
	if (flags & 0x41)
		return M_DAMAGED;
	if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || loff == 0xFFFFFFFFu)
		return M_DAMAGED;
	if (method != 0 && method != 8)
		return M_DAMAGED;
	if (usize > XLSX_READ_TOTAL_MAX - z->total || usize > XLSX_READ_PART_MAX)
		return M_UNPACKED;
	if (usize > cap)
		return M_TOO_BIG; /* a workbook or relationships part over its own cap */
	/* Deflate cannot expand more than 1032:1; a size beyond that is a
	 * lie, found before allocating for it. */
	if (usize / 1032 > (size_t)csize + 64)
		return M_DAMAGED;
	if (loff > z->len || z->len - loff < 30 || rd32(z->u + loff) != SIG_LOCAL)
		return M_DAMAGED;
	/* The local header's own name and extra lengths give the data offset;
	 * its sizes may be zero (data descriptor), the central ones count. */
	size_t doff = (size_t)loff + 30 + rd16(z->u + loff + 26) +
		      rd16(z->u + loff + 28);
	if (doff > z->len || z->len - doff < csize)
		return M_DAMAGED;
	const unsigned char *d = z->u + doff;
	if (method == 0) {
		if (csize != usize)
			return M_DAMAGED;
		p->data = (const char *)d;
		p->len = usize;
	} else {
		char *mem;
		const char *why = inflate_part(d, csize, usize, &mem);
		if (why)
			return why;
		p->data = p->mem = mem;
		p->len = usize;
	}
	z->total += usize;
	if (crc32(crc32(0L, Z_NULL, 0), (const Bytef *)p->data, usize) != crc)
		goto bad;
	if (p->len >= 3 && memcmp(p->data, "\xEF\xBB\xBF", 3) == 0) {
		p->data += 3;
		p->len -= 3;
	}
	if ((p->len && memchr(p->data, 0, p->len)) ||
	    !text_utf8_valid(p->data, p->len))
		goto bad;
	return NULL;
bad:
	part_free(p);
	return M_DAMAGED;
}

/* ---- XML ----------------------------------------------------------------- */

enum { X_END, X_TEXT, X_CDATA, X_OPEN, X_CLOSE, X_ERR };

struct xml {
	const char *p, *end;   /* what is left */
	/* The last token: X_TEXT and X_CDATA the characters (raw), X_OPEN
	 * and X_CLOSE the local name (after any prefix). */
	const char *s;
	size_t n;
	const char *attrs, *aend; /* X_OPEN: the attribute text */
	int empty;                /* X_OPEN: written <name/> */
};

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The attribute list from p: returns the '>' or '/' that ends the tag, or
 * NULL when it is malformed. Each attribute is name = "value" or 'value',
 * separated from the one before by white space. */
static const char *skip_attrs(const char *p, const char *end)
{
	for (;;) {
		const char *q = p;
		while (q < end && is_ws(*q))
			q++;
		if (q >= end)
			return NULL;
		if (*q == '>' || *q == '/')
			return q;
		if (q == p)
			return NULL;
		const char *name = q;
		while (q < end && !is_ws(*q) && !strchr("=>/<\"'", *q))
			q++;
		if (q == name)
			return NULL;
		while (q < end && is_ws(*q))
			q++;
		if (q >= end || *q != '=')
			return NULL;
		q++;
		while (q < end && is_ws(*q))
			q++;
		if (q >= end || (*q != '"' && *q != '\''))
			return NULL;
		const char *qend = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (!qend)
			return NULL;
		p = qend + 1;
	}
}

static int lit_at(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Set x->s/x->n to the local name in p[0..n). */
static void local_name(struct xml *x, const char *p, size_t n)
{
	const char *colon = memrchr(p, ':', n);
	x->s = colon ? colon + 1 : p;
	x->n = n - (size_t)(x->s - p);
}

/* The next token. Comments and processing instructions are skipped. */
static int xml_next(struct xml *x)
{
	for (;;) {
		const char *p = x->p, *end = x->end, *q;
		if (p >= end)
			return X_END;
		if (*p != '<') {
			q = memchr(p, '<', (size_t)(end - p));
			if (!q)
				q = end;
			x->s = p;
			x->n = (size_t)(q - p);
			x->p = q;
			return X_TEXT;
		}
		size_t left = (size_t)(end - p);
		if (lit_at(p, end, "<!--")) {
			q = memmem(p + 4, left - 4, "-->", 3);
			if (!q)
				return X_ERR;
			x->p = q + 3;
			continue;
		}
		if (lit_at(p, end, "<?")) {
			q = memmem(p + 2, left - 2, "?>", 2);
			if (!q)
				return X_ERR;
			x->p = q + 2;
			continue;
		}
		if (lit_at(p, end, "<![CDATA[")) {
			q = memmem(p + 9, left - 9, "]]>", 3);
			if (!q)
				return X_ERR;
			x->s = p + 9;
			x->n = (size_t)(q - x->s);
			x->p = q + 3;
			return X_CDATA;
		}
		if (lit_at(p, end, "<!"))
			return X_ERR; /* DOCTYPE: no entity declarations */
		int endtag = lit_at(p, end, "</");
		const char *name = p + 1 + endtag;
		q = name;
		while (q < end && !is_ws(*q) && *q != '>' && *q != '/' && *q != '<')
			q++;
		if (q == name)
			return X_ERR;
		local_name(x, name, (size_t)(q - name));
		if (endtag) {
			while (q < end && is_ws(*q))
				q++;
			if (q >= end || *q != '>')
				return X_ERR;
			x->p = q + 1;
			return X_CLOSE;
		}
		x->attrs = q;
		q = skip_attrs(q, end);
		if (!q)
			return X_ERR;
		x->aend = q;
		x->empty = *q == '/';
		if (x->empty && (q + 1 >= end || q[1] != '>'))
			return X_ERR;
		x->p = q + 1 + x->empty;
		return X_OPEN;
	}
}

static int name_is(const struct xml *x, const char *name)
{
	return strlen(name) == x->n && memcmp(x->s, name, x->n) == 0;
}

/* The raw value of the last tag's attribute whose local name is `name` (any
 * prefix but xmlns), or NULL. */
static const char *xml_attr(const struct xml *x, const char *name, size_t *len)
{
	size_t want = strlen(name);
	const char *p = x->attrs, *end = x->aend;
	for (;;) {
		while (p < end && is_ws(*p))
			p++;
		if (p >= end)
			return NULL;
		const char *an = p;
		while (p < end && !is_ws(*p) && *p != '=')
			p++;
		size_t anl = (size_t)(p - an);
		while (p < end && *p != '"' && *p != '\'')
			p++;
		if (p >= end)
			return NULL;
		const char *v = p + 1, *vend = memchr(v, *p, (size_t)(end - v));
		if (!vend)
			return NULL;
		p = vend + 1;
		const char *colon = memchr(an, ':', anl);
		const char *ln = colon ? colon + 1 : an;
		size_t lnl = anl - (size_t)(ln - an);
		int xmlns = (anl == 5 || (colon && colon - an == 5)) &&
			    memcmp(an, "xmlns", 5) == 0;
		if (!xmlns && lnl == want && memcmp(ln, name, want) == 0) {
			*len = (size_t)(vend - v);
			return v;
		}
	}
}

static int attr_is(const struct xml *x, const char *name, const char *value)
{
	size_t n;
	const char *v = xml_attr(x, name, &n);
	return v && n == strlen(value) && memcmp(v, value, n) == 0;
}

/* XML 1.0's Char production. */
static int xml_char_ok(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return (cp < 0xD800 || cp > 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF &&
	       cp <= 0x10FFFF;
}

/* Append s[0..n) with CRLF and lone CR turned into LF, as an XML parser
 * does with line ends. */
static void add_lines(struct buf *out, const char *s, size_t n)
{
	while (n) {
		const char *cr = memchr(s, '\r', n);
		size_t k = cr ? (size_t)(cr - s) : n;
		buf_add(out, s, k);
		if (!cr)
			return;
		buf_putc(out, '\n');
		k++;
		if (k < n && s[k] == '\n')
			k++;
		s += k;
		n -= k;
	}
}

/* A character reference's digits e[0..n) ("#65" or "#x41" without the
 * '&' and ';'): the code point, or 0 when malformed or not an XML Char. */
static uint32_t char_ref(const char *e, size_t n)
{
	int hex = n >= 2 && e[1] == 'x';
	size_t i = hex ? 2 : 1;
	if (i >= n)
		return 0;
	uint32_t cp = 0;
	for (; i < n; i++) {
		int d = text_hex_digit((unsigned char)e[i]);
		if (d < 0 || (!hex && d > 9))
			return 0;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		if (cp > 0x10FFFF)
			return 0;
	}
	return xml_char_ok(cp) ? cp : 0;
}

/* Append the character data s[0..n) decoded: the five predefined entities,
 * character references, line ends. Returns 0, or -1 for any other '&'. */
static int xml_decode(struct buf *out, const char *s, size_t n)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' },
	};
	while (n) {
		const char *amp = memchr(s, '&', n);
		size_t k = amp ? (size_t)(amp - s) : n;
		add_lines(out, s, k);
		if (!amp)
			return 0;
		s += k + 1;
		n -= k + 1;
		/* "#x0010FFFF" with some leading zeros is the longest sane one. */
		const char *semi = memchr(s, ';', n < 16 ? n : 16);
		if (!semi)
			return -1;
		size_t el = (size_t)(semi - s);
		size_t i;
		for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
			if (strlen(ents[i].name) == el &&
			    memcmp(s, ents[i].name, el) == 0)
				break;
		if (i < sizeof ents / sizeof ents[0]) {
			buf_putc(out, ents[i].c);
		} else if (el >= 2 && s[0] == '#') {
			uint32_t cp = char_ref(s, el);
			if (!cp)
				return -1;
			text_utf8_encode(out, cp);
		} else {
			return -1;
		}
		s += el + 1;
		n -= el + 1;
	}
	return 0;
}

/* Decode an attribute's raw value into an arena string, or NULL. */
static char *attr_text(struct arena *a, const struct xml *x, const char *name)
{
	size_t n;
	const char *v = xml_attr(x, name, &n);
	if (!v)
		return NULL;
	struct buf b = BUF_INIT;
	char *s = xml_decode(&b, v, n) ? NULL : arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* ---- cell text ------------------------------------------------------------ */

/* "_xHHHH_" at s[0..n): 1 and *cp, else 0. */
static int xesc(const char *s, size_t n, uint32_t *cp)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return 0;
	uint32_t v = 0;
	for (int i = 2; i < 6; i++) {
		int d = text_hex_digit((unsigned char)s[i]);
		if (d < 0)
			return 0;
		v = v * 16 + (uint32_t)d;
	}
	*cp = v;
	return 1;
}

/* Append s[0..n) with Excel's escapes _xHHHH_ decoded (UTF-16 units; a
 * surrogate pair is two escapes). _x0000_ and lone surrogates stay as
 * written: a string cannot hold NUL, and UTF-8 cannot hold a surrogate. */
static void xstr_decode(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *us = memchr(s + i, '_', n - i);
		size_t k = us ? (size_t)(us - s) : n;
		buf_add(out, s + i, k - i);
		if (!us)
			return;
		i = k;
		uint32_t cp, lo;
		if (xesc(s + i, n - i, &cp) && cp != 0) {
			if (cp < 0xD800 || cp > 0xDFFF) {
				text_utf8_encode(out, cp);
				i += 7;
				continue;
			}
			if (cp <= 0xDBFF && xesc(s + i + 7, n - i - 7, &lo) &&
			    lo >= 0xDC00 && lo <= 0xDFFF) {
				text_utf8_encode(out, 0x10000 + ((cp - 0xD800) << 10) +
						      (lo - 0xDC00));
				i += 14;
				continue;
			}
		}
		buf_putc(out, '_');
		i++;
	}
}

/* s[0..*n) without XML white space at either end. */
static const char *trim_ws(const char *s, size_t *n)
{
	while (*n && is_ws(*s)) {
		s++;
		(*n)--;
	}
	while (*n && is_ws(s[*n - 1]))
		(*n)--;
	return s;
}

/*
 * The text of an <si> (shared string) or <is> (inline string): the <t>
 * elements in it, directly or in rich-text runs <r>, joined; phonetic runs
 * <rPh> (Japanese readings) are not part of the text. A <t> without
 * xml:space="preserve" loses leading and trailing white space.
 */
struct rich {
	struct buf val;   /* the text so far */
	struct buf t;     /* the open <t>'s characters, decoded */
	int in_t, preserve, rph;
};

static void rich_reset(struct rich *r)
{
	buf_reset(&r->val);
	r->in_t = r->preserve = r->rph = 0;
}

static void rich_free(struct rich *r)
{
	buf_free(&r->val);
	buf_free(&r->t);
}

/* A <t> that is only white space is kept even without the hint: writers
 * leave it out on a run such as the " " between "hello" and "world" in
 * rich text, and Excel shows that space. */
static void rich_end_t(struct rich *r)
{
	const char *t = buf_str(&r->t), *s = t;
	size_t n = r->t.len;
	if (!r->preserve)
		s = trim_ws(t, &n);
	if (n == 0) {
		s = t;
		n = r->t.len;
	}
	xstr_decode(&r->val, s, n);
	r->in_t = 0;
}

/* One token inside the <si> or <is>. Returns 0, or -1 when malformed. */
static int rich_token(struct rich *r, const struct xml *x, int tok)
{
	if ((tok == X_OPEN || tok == X_CLOSE) && name_is(x, "rPh")) {
		r->rph = tok == X_OPEN && !x->empty;
		r->in_t = 0;
	} else if (r->rph) {
		return 0;
	} else if (tok == X_OPEN && name_is(x, "t")) {
		buf_reset(&r->t);
		r->in_t = !x->empty;
		r->preserve = attr_is(x, "space", "preserve");
	} else if (tok == X_CLOSE && name_is(x, "t")) {
		if (r->in_t)
			rich_end_t(r);
	} else if (r->in_t && tok == X_TEXT) {
		return xml_decode(&r->t, x->s, x->n);
	} else if (r->in_t && tok == X_CDATA) {
		add_lines(&r->t, x->s, x->n);
	}
	return 0;
}

/* ---- the reader ------------------------------------------------------------ */

struct rel {
	char *id, *type, *target;
};

struct reader {
	struct arena *a;
	struct zip z;
	const char *msg;      /* why reading failed */
	size_t line;          /* the sheet row it failed on, or 0 */
	struct rel *rels;     /* xl/_rels/workbook.xml.rels, malloc'd array */
	size_t nrels;
	char **sst;           /* shared strings (arena), malloc'd array */
	size_t nsst, capsst;
	char *empty;          /* the one "" every empty field points to */
	char *too_long;       /* marks a shared string over the field limit */

	/* The sheet. */
	struct csv_row *rows; /* malloc'd while growing */
	size_t nrows, caprows, width;
	char *cur[CSV_MAX_FIELDS]; /* the open row's fields; NULL = none */
	size_t curw;          /* the open row's rightmost field + 1 */
	long line_no, last_line; /* the open row's number, the last one's */
	long col, last_col;   /* the open cell's column, the last in the row */
	char type;            /* the open cell's t: its letter, 'i' inlineStr, 'S' str */
	int in_row, in_cell, in_v, in_is;
	struct buf v;         /* the open cell's <v>, decoded */
	struct rich is;       /* the open cell's <is> */
	struct buf tmp;
};

static int fail_at(struct reader *r, size_t line, const char *msg)
{
	r->line = line;
	r->msg = msg;
	return -1;
}

static int rel_type_is(const struct rel *rl, const char *suffix)
{
	size_t n = rl->type ? strlen(rl->type) : 0, k = strlen(suffix);
	return n >= k && strcmp(rl->type + n - k, suffix) == 0;
}

/* xl/_rels/workbook.xml.rels: every internal relationship. */
static int parse_rels(struct reader *r, const struct part *p)
{
	struct xml x = { .p = p->data, .end = p->data + p->len };
	size_t cap = 0;
	for (;;) {
		int tok = xml_next(&x);
		if (tok == X_END)
			return 0;
		if (tok == X_ERR)
			return fail_at(r, 0, M_DAMAGED);
		if (tok != X_OPEN || !name_is(&x, "Relationship") ||
		    attr_is(&x, "TargetMode", "External"))
			continue;
		struct rel rl = {
			.id = attr_text(r->a, &x, "Id"),
			.type = attr_text(r->a, &x, "Type"),
			.target = attr_text(r->a, &x, "Target"),
		};
		if (!rl.id || !rl.target)
			continue;
		if (r->nrels == cap) {
			cap = cap ? cap * 2 : 8;
			r->rels = xreallocarray(r->rels, cap, sizeof *r->rels);
		}
		r->rels[r->nrels++] = rl;
	}
}

/* The part name a workbook relationship's target means: relative to "xl/",
 * or from the package root when it starts with '/'; "." and ".." resolved.
 * NULL when it leaves the package or is absurdly long. */
static char *resolve(struct arena *a, const char *target)
{
	if (strlen(target) > MAX_TARGET)
		return NULL;
	struct buf b = BUF_INIT;
	if (target[0] != '/')
		buf_puts(&b, "xl/");
	const char *p = target;
	char *res = NULL;
	for (;;) {
		while (*p == '/')
			p++;
		const char *seg = p;
		while (*p && *p != '/')
			p++;
		size_t sl = (size_t)(p - seg);
		if (sl == 0)
			break;
		if (sl == 1 && seg[0] == '.')
			continue;
		if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			/* b is "seg/seg/": drop the last one. */
			if (b.len == 0)
				goto done;
			size_t k = b.len - 1;
			while (k > 0 && b.data[k - 1] != '/')
				k--;
			b.len = k;
			b.data[k] = 0;
			continue;
		}
		buf_add(&b, seg, sl);
		buf_putc(&b, '/');
	}
	if (b.len > 1) {
		b.data[--b.len] = 0;
		res = arena_strdup(a, b.data);
	}
done:
	buf_free(&b);
	return res;
}

/*
 * The worksheet to read: the first <sheet> of xl/workbook.xml whose
 * relationship is a worksheet present in the archive, preferring one that
 * is not hidden; else xl/worksheets/sheet1.xml. Also names the shared-string
 * part. Returns the central header, or NULL with r->msg set.
 */
static const unsigned char *find_sheet(struct reader *r, const char **sst_name)
{
	struct part p;
	const unsigned char *wb = zip_find(&r->z, "xl/workbook.xml");
	const unsigned char *rels = zip_find(&r->z, "xl/_rels/workbook.xml.rels");
	const unsigned char *found = NULL, *hidden = NULL;
	*sst_name = "xl/sharedStrings.xml";
	if (rels) {
		if ((r->msg = zip_read(&r->z, rels, SMALL_PART_MAX, &p)) != NULL)
			return NULL;
		int rc = parse_rels(r, &p);
		part_free(&p);
		if (rc)
			return NULL;
	}
	for (size_t i = 0; i < r->nrels; i++) {
		if (rel_type_is(&r->rels[i], "/sharedStrings")) {
			char *name = resolve(r->a, r->rels[i].target);
			if (name)
				*sst_name = name;
			break;
		}
	}
	if (wb) {
		if ((r->msg = zip_read(&r->z, wb, SMALL_PART_MAX, &p)) != NULL)
			return NULL;
		struct xml x = { .p = p.data, .end = p.data + p.len };
		int tried = 0, tok;
		while (!found && tried < MAX_SHEETS_TRIED &&
		       (tok = xml_next(&x)) != X_END) {
			if (tok == X_ERR) {
				part_free(&p);
				fail_at(r, 0, M_DAMAGED);
				return NULL;
			}
			if (tok != X_OPEN || !name_is(&x, "sheet"))
				continue;
			tried++;
			char *id = attr_text(r->a, &x, "id");
			int vis = !attr_is(&x, "state", "hidden") &&
				  !attr_is(&x, "state", "veryHidden");
			for (size_t i = 0; id && i < r->nrels; i++) {
				const struct rel *rl = &r->rels[i];
				if (strcmp(rl->id, id) != 0)
					continue;
				char *name = rel_type_is(rl, "/worksheet") ?
					     resolve(r->a, rl->target) : NULL;
				const unsigned char *c =
					name ? zip_find(&r->z, name) : NULL;
				if (c && vis)
					found = c;
				else if (c && !hidden)
					hidden = c;
				break;
			}
		}
		part_free(&p);
	}
	if (!found)
		found = hidden;
	if (!found)
		found = zip_find(&r->z, "xl/worksheets/sheet1.xml");
	if (!found)
		fail_at(r, 0, wb ? M_NO_SHEET : M_DAMAGED);
	return found;
}

static void sst_add(struct reader *r, const struct buf *b)
{
	if (r->nsst == r->capsst) {
		r->capsst = r->capsst ? r->capsst * 2 : 64;
		r->sst = xreallocarray(r->sst, r->capsst, sizeof *r->sst);
	}
	char *s = r->empty;
	if (b->len > CSV_MAX_FIELD_BYTES)
		s = r->too_long;
	else if (b->len)
		s = arena_strndup(r->a, b->data, b->len);
	r->sst[r->nsst++] = s;
}

/* xl/sharedStrings.xml: one string per <si>. */
static int parse_sst(struct reader *r, const struct part *p)
{
	struct xml x = { .p = p->data, .end = p->data + p->len };
	struct rich rt = { BUF_INIT, BUF_INIT, 0, 0, 0 };
	int in_si = 0, rc = 0;
	for (;;) {
		int tok = xml_next(&x);
		if (tok == X_END)
			break;
		if (tok == X_ERR) {
			rc = fail_at(r, 0, M_DAMAGED);
			break;
		}
		int si = (tok == X_OPEN || tok == X_CLOSE) && name_is(&x, "si");
		if (si && r->nsst == XLSX_READ_MAX_CELLS &&
		    (tok == X_CLOSE || x.empty)) {
			rc = fail_at(r, 0, M_TOO_BIG);
			break;
		}
		if (si && tok == X_OPEN) {
			rich_reset(&rt);
			in_si = !x.empty;
			if (x.empty)
				sst_add(r, &rt.val);
		} else if (si && in_si) {
			sst_add(r, &rt.val);
			in_si = 0;
		} else if (in_si && rich_token(&rt, &x, tok)) {
			rc = fail_at(r, 0, M_DAMAGED);
			break;
		}
	}
	rich_free(&rt);
	return rc;
}

/* The column (0-based) in a reference like "AB12", or -1 when malformed. */
static long ref_col(const char *s, size_t n)
{
	size_t i = 0;
	long col = 0;
	for (; i < n && i < 3; i++) {
		int c = ascii_lower((unsigned char)s[i]);
		if (c < 'a' || c > 'z')
			break;
		col = col * 26 + (c - 'a' + 1);
	}
	if (i == 0 || col > SHEET_MAX_COLS)
		return -1;
	size_t d = i;
	while (i < n && i - d < 8 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d || i != n || s[d] == '0')
		return -1;
	return col - 1;
}

/* A row number 1..SHEET_MAX_ROWS from s[0..n), or -1. */
static long row_num(const char *s, size_t n)
{
	long v = 0;
	if (n == 0 || n > 7)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= SHEET_MAX_ROWS ? v : -1;
}

/* Cut "3.0", "-12.000" to "3", "-12": an integral number stored with a
 * fraction. Other numbers stay as written. */
static size_t integral_len(const char *s, size_t n)
{
	size_t i = s[0] == '-', d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d || i >= n || s[i] != '.' || i + 1 == n)
		return n;
	for (size_t k = i + 1; k < n; k++)
		if (s[k] != '0')
			return n;
	return i;
}

static int start_cell(struct reader *r, const struct xml *x)
{
	size_t n;
	const char *ref = xml_attr(x, "r", &n);
	long col = ref ? ref_col(ref, n) : r->last_col + 1;
	if (col < 0 || col <= r->last_col || col >= SHEET_MAX_COLS)
		return fail_at(r, 0, M_DAMAGED);
	const char *t = xml_attr(x, "t", &n);
	r->type = 'n';
	if (t && n == 1 && strchr("sbedn", t[0]))
		r->type = t[0];
	else if (t && n == 9 && memcmp(t, "inlineStr", 9) == 0)
		r->type = 'i';
	else if (t && n == 3 && memcmp(t, "str", 3) == 0)
		r->type = 'S';
	else if (t)
		r->type = '?';
	r->col = r->last_col = col;
	r->in_cell = 1;
	r->in_v = r->in_is = 0;
	buf_reset(&r->v);
	rich_reset(&r->is);
	return 0;
}

/* The open cell is complete: put its value, if any, in the row. */
static int end_cell(struct reader *r)
{
	size_t line = (size_t)r->line_no;
	const char *s = buf_str(&r->v);
	size_t n = r->v.len;
	char *field = NULL;
	r->in_cell = 0;
	switch (r->type) {
	case 's': {
		s = trim_ws(s, &n);
		size_t idx = 0, i;
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			idx = idx * 10 + (size_t)(s[i] - '0');
			if (idx >= r->nsst)
				break;
		}
		if (n == 0 || i != n || idx >= r->nsst)
			return fail_at(r, 0, M_DAMAGED);
		field = r->sst[idx];
		if (field == r->too_long)
			return fail_at(r, line, M_FIELD);
		if (!field[0])
			return 0;
		break;
	}
	case 'i':
		if (r->is.val.len) {
			s = buf_str(&r->is.val);
			n = r->is.val.len;
		}
		break;
	case 'S':
		buf_reset(&r->tmp);
		xstr_decode(&r->tmp, s, n);
		s = buf_str(&r->tmp);
		n = r->tmp.len;
		break;
	case 'n':
		s = trim_ws(s, &n);
		n = integral_len(s, n);
		break;
	default:
		break;
	}
	if (!field && n == 0)
		return 0;
	if (r->col >= CSV_MAX_FIELDS)
		return fail_at(r, line, M_COLUMNS);
	if (!field && n > CSV_MAX_FIELD_BYTES)
		return fail_at(r, line, M_FIELD);
	r->cur[r->col] = field ? field : arena_strndup(r->a, s, n);
	r->curw = (size_t)r->col + 1;
	return 0;
}

static int start_row(struct reader *r, const struct xml *x)
{
	size_t n;
	const char *num = xml_attr(x, "r", &n);
	long line = num ? row_num(num, n) : r->last_line + 1;
	if (line < 0 || line <= r->last_line || line > SHEET_MAX_ROWS)
		return fail_at(r, 0, M_DAMAGED);
	r->line_no = r->last_line = line;
	r->last_col = -1;
	r->curw = 0;
	r->in_row = !x->empty;
	return 0;
}

/* The open row is complete: keep it when it has a value. */
static int end_row(struct reader *r)
{
	size_t w = r->curw, line = (size_t)r->line_no;
	r->in_row = 0;
	if (w == 0)
		return 0;
	if (r->nrows == CSV_MAX_ROWS)
		return fail_at(r, line, M_ROWS);
	size_t width = w > r->width ? w : r->width;
	if (width * (r->nrows + 1) > XLSX_READ_MAX_CELLS)
		return fail_at(r, line, M_TOO_BIG);
	r->width = width;
	if (r->nrows == r->caprows) {
		r->caprows = r->caprows ? r->caprows * 2 : 64;
		r->rows = xreallocarray(r->rows, r->caprows, sizeof *r->rows);
	}
	struct csv_row *row = &r->rows[r->nrows++];
	row->line = line;
	row->nfields = w;
	row->fields = arena_alloc_array(r->a, w, sizeof *row->fields);
	for (size_t i = 0; i < w; i++) {
		row->fields[i] = r->cur[i] ? r->cur[i] : r->empty;
		r->cur[i] = NULL;
	}
	return 0;
}

/* The worksheet part: rows and cells of <sheetData>. */
static int parse_sheet(struct reader *r, const struct part *p)
{
	struct xml x = { .p = p->data, .end = p->data + p->len };
	int in_data = 0;
	r->last_line = 0;
	for (;;) {
		int tok = xml_next(&x);
		if (tok == X_END)
			/* A sheet cut off inside its data is damaged. */
			return in_data ? fail_at(r, 0, M_DAMAGED) : 0;
		if (tok == X_ERR)
			return fail_at(r, 0, M_DAMAGED);
		int open = tok == X_OPEN, shut = tok == X_CLOSE;
		if (!in_data) {
			if (open && !x.empty && name_is(&x, "sheetData"))
				in_data = 1;
			continue;
		}
		if (r->in_cell) {
			if (shut && name_is(&x, "c")) {
				if (end_cell(r))
					return -1;
			} else if ((open || shut) && name_is(&x, "is")) {
				r->in_is = open && !x.empty;
			} else if (r->in_is) {
				if (rich_token(&r->is, &x, tok))
					return fail_at(r, 0, M_DAMAGED);
			} else if ((open || shut) && name_is(&x, "v")) {
				r->in_v = open && !x.empty;
			} else if (r->in_v && tok == X_TEXT) {
				if (xml_decode(&r->v, x.s, x.n))
					return fail_at(r, 0, M_DAMAGED);
			} else if (r->in_v && tok == X_CDATA) {
				add_lines(&r->v, x.s, x.n);
			} else if ((open || shut) &&
				   (name_is(&x, "c") || name_is(&x, "row") ||
				    name_is(&x, "sheetData"))) {
				return fail_at(r, 0, M_DAMAGED);
			}
		} else if (open && name_is(&x, "c")) {
			if (!r->in_row || start_cell(r, &x))
				return fail_at(r, 0, M_DAMAGED);
			if (x.empty && end_cell(r))
				return -1;
		} else if (open && name_is(&x, "row")) {
			if (r->in_row || start_row(r, &x))
				return fail_at(r, 0, M_DAMAGED);
		} else if (shut && name_is(&x, "row")) {
			if (!r->in_row)
				return fail_at(r, 0, M_DAMAGED);
			if (end_row(r))
				return -1;
		} else if (shut && name_is(&x, "sheetData")) {
			return r->in_row ? fail_at(r, 0, M_DAMAGED) : 0;
		}
	}
}

static void reader_free(struct reader *r)
{
	free(r->rels);
	free(r->sst);
	free(r->rows);
	buf_free(&r->v);
	buf_free(&r->tmp);
	rich_free(&r->is);
}

static int read_parts(struct reader *r, const char *data, size_t len)
{
	if (zip_open(&r->z, data, len))
		return fail_at(r, 0, M_DAMAGED);
	const char *sst_name;
	const unsigned char *sheet = find_sheet(r, &sst_name);
	if (!sheet)
		return -1;
	struct part p;
	const unsigned char *sst = zip_find(&r->z, sst_name);
	if (sst) {
		if ((r->msg = zip_read(&r->z, sst, XLSX_READ_PART_MAX, &p)) != NULL)
			return -1;
		int rc = parse_sst(r, &p);
		part_free(&p);
		if (rc)
			return -1;
	}
	if ((r->msg = zip_read(&r->z, sheet, XLSX_READ_PART_MAX, &p)) != NULL)
		return -1;
	int rc = parse_sheet(r, &p);
	part_free(&p);
	if (rc)
		return -1;
	if (r->nrows == 0)
		return fail_at(r, 0, M_NO_ROWS);
	return 0;
}

/* Beyond xlsx_read.h: rows narrower than the widest get their padding
 * here, once the width is known. */
int xlsx_read(struct arena *a, const char *data, size_t len, struct csv *out,
	      struct csv_error *err)
{
	memset(out, 0, sizeof *out);
	err->line = 0;
	err->msg = NULL;
	struct reader *r = xcalloc(1, sizeof *r);
	r->a = a;
	r->empty = arena_strdup(a, "");
	r->too_long = arena_strdup(a, "");
	int rc = read_parts(r, data, len);
	if (rc == 0) {
		out->nrows = r->nrows;
		out->rows = arena_alloc_array(a, r->nrows, sizeof *out->rows);
		memcpy(out->rows, r->rows, r->nrows * sizeof *out->rows);
		for (size_t i = 0; i < r->nrows; i++) {
			struct csv_row *row = &out->rows[i];
			if (row->nfields == r->width)
				continue;
			char **f = arena_alloc_array(a, r->width, sizeof *f);
			memcpy(f, row->fields, row->nfields * sizeof *f);
			for (size_t k = row->nfields; k < r->width; k++)
				f[k] = r->empty;
			row->fields = f;
			row->nfields = r->width;
		}
	} else {
		err->line = r->line;
		err->msg = r->msg ? r->msg : M_DAMAGED;
	}
	reader_free(r);
	free(r);
	return rc;
}

int xlsx_looks_like(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}
