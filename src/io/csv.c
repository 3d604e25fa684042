/*
 * csv.c: RFC 4180 reading and writing (see csv.h).
 *
 * Reading works on the whole text at once: strip a byte-order mark, convert
 * from Windows-1252 when the bytes are not UTF-8, detect the separator from
 * the first record, then cut records and fields in one pass. Line ends are
 * CRLF, LF or a lone CR (old Mac Excel); each counts as one physical line.
 */
#include "io/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

/* Windows-1252 0x80..0x9F. The five bytes the code page leaves undefined
 * become U+FFFD rather than the C1 controls ISO 8859-1 would give, since a
 * control character in imported text is never what the author meant. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};


/* Every byte becomes one code point of at most three UTF-8 bytes. */
static char *cp1252_to_utf8(struct arena *a, const unsigned char *s,
			    size_t len, size_t *outlen)
{
	if (len > (SIZE_MAX - 1) / 3)
		xalloc_die();
	char *out = arena_alloc(a, len * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned cp = s[i];
		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_high[cp - 0x80];
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xC0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (char)(0xE0 | (cp >> 12));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

/* Length of the line end at p[i] (CRLF, LF or lone CR), 0 if none. */
static size_t eol_len(const char *p, size_t n, size_t i)
{
	if (p[i] == '\n')
		return 1;
	if (p[i] == '\r')
		return (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
	return 0;
}

/* Whichever separator occurs more often outside quotes in the first
 * non-empty record; comma on a tie. */
static char detect_delim(const char *p, size_t n)
{
	size_t i = 0, commas = 0, semis = 0;
	int inq = 0;
	while (i < n && (p[i] == '\n' || p[i] == '\r'))
		i++;
	for (; i < n; i++) {
		char c = p[i];
		if (c == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (c == ',')
			commas++;
		else if (c == ';')
			semis++;
		else if (c == '\n' || c == '\r')
			break;
	}
	return semis > commas ? ';' : ',';
}

struct parser {
	struct arena *a;
	const char *p;
	size_t n, i;      /* text and read position */
	size_t line;      /* physical line at i */
	size_t recline;   /* line where the current record starts */
	char delim;
	char **fields;    /* current record, malloc'd scratch */
	size_t nfields, capfields;
	size_t ncells;    /* fields in the file so far */
	struct csv_row *rows; /* malloc'd while growing, copied to the arena */
	size_t nrows, caprows;
};

/* The message for too many fields names CSV_MAX_CELLS: they change together. */
_Static_assert(CSV_MAX_CELLS == 2000000, "the message in record() names the limit");

static int fail(struct csv_error *err, size_t line, const char *msg)
{
	err->line = line;
	err->msg = msg;
	return -1;
}

static int is_eol(const struct parser *ps)
{
	return ps->p[ps->i] == '\n' || ps->p[ps->i] == '\r';
}

/* The quoted field at ps->i, with "" turned into ". `line` keeps counting
 * inside it, so that later messages name the line an editor shows. */
static int quoted_field(struct parser *ps, char **f, struct csv_error *err)
{
	const char *p = ps->p;
	size_t n = ps->n, qline = ps->line, start = ++ps->i, flen = 0;
	for (;;) {
		size_t i = ps->i;
		if (i >= n)
			return fail(err, qline, "unterminated quoted field");
		if (p[i] == '"') {
			if (i + 1 >= n || p[i + 1] != '"')
				break;
			ps->i += 2;
		} else if (is_eol(ps)) {
			size_t el = eol_len(p, n, i);
			ps->i += el;
			flen += el - 1;
			ps->line++;
		} else {
			ps->i++;
		}
		flen++;
	}
	size_t end = ps->i++;
	if (ps->i < n && p[ps->i] != ps->delim && !is_eol(ps))
		return fail(err, ps->recline,
			    "unexpected text after closing quote");
	if (flen > CSV_MAX_FIELD_BYTES)
		return fail(err, ps->recline, "field too long");
	char *s = arena_alloc(ps->a, flen + 1);
	size_t o = 0;
	for (size_t i = start; i < end; i++) {
		s[o++] = p[i];
		if (p[i] == '"')
			i++;
	}
	s[o] = 0;
	*f = s;
	return 0;
}

static int plain_field(struct parser *ps, char **f, struct csv_error *err)
{
	size_t start = ps->i;
	for (; ps->i < ps->n && ps->p[ps->i] != ps->delim && !is_eol(ps);
	     ps->i++)
		if (ps->p[ps->i] == '"')
			return fail(err, ps->recline,
				    "unexpected quote in unquoted field");
	if (ps->i - start > CSV_MAX_FIELD_BYTES)
		return fail(err, ps->recline, "field too long");
	*f = arena_strndup(ps->a, ps->p + start, ps->i - start);
	return 0;
}

static void add_field(struct parser *ps, char *f)
{
	if (ps->nfields == ps->capfields) {
		ps->capfields = ps->capfields ? ps->capfields * 2 : 16;
		ps->fields = xreallocarray(ps->fields, ps->capfields, sizeof *ps->fields);
	}
	ps->fields[ps->nfields++] = f;
}

static void add_row(struct parser *ps)
{
	if (ps->nrows == ps->caprows) {
		ps->caprows = ps->caprows ? ps->caprows * 2 : 64;
		ps->rows = xreallocarray(ps->rows, ps->caprows, sizeof *ps->rows);
	}
	struct csv_row *r = &ps->rows[ps->nrows++];
	r->nfields = ps->nfields;
	r->line = ps->recline;
	r->fields = arena_alloc_array(ps->a, ps->nfields, sizeof *r->fields);
	memcpy(r->fields, ps->fields, ps->nfields * sizeof *r->fields);
}

/* One record from ps->i (not at a line end) through its line end. */
static int record(struct parser *ps, struct csv_error *err)
{
	ps->recline = ps->line;
	ps->nfields = 0;
	if (ps->nrows == CSV_MAX_ROWS)
		return fail(err, ps->recline, "too many rows");
	for (;;) {
		char *f;
		int rc = ps->i < ps->n && ps->p[ps->i] == '"' ?
			 quoted_field(ps, &f, err) : plain_field(ps, &f, err);
		if (rc)
			return rc;
		if (ps->nfields == CSV_MAX_FIELDS)
			return fail(err, ps->recline, "too many columns");
		if (++ps->ncells > CSV_MAX_CELLS)
			return fail(err, ps->recline, "more than 2,000,000 fields in the file: split it into smaller files");
		add_field(ps, f);
		if (ps->i >= ps->n)
			break;
		if (ps->p[ps->i] != ps->delim) {
			ps->i += eol_len(ps->p, ps->n, ps->i);
			ps->line++;
			break;
		}
		ps->i++;
	}
	add_row(ps);
	return 0;
}

static int parse_records(struct parser *ps, struct csv_error *err)
{
	while (ps->i < ps->n) {
		if (is_eol(ps)) {
			/* An empty line. */
			ps->i += eol_len(ps->p, ps->n, ps->i);
			ps->line++;
		} else if (record(ps, err)) {
			return -1;
		}
	}
	return 0;
}

int csv_parse(struct arena *a, const char *text, size_t len, struct csv *out,
	      struct csv_error *err)
{
	const unsigned char *u = (const unsigned char *)text;
	memset(out, 0, sizeof *out);
	err->line = 0;
	err->msg = NULL;

	/* Before anything else: a NUL byte means a binary file (or UTF-16),
	 * and later steps treat fields as C strings. Byte 0 is NUL in both
	 * encodings we read, so the line is right either way. */
	const unsigned char *nul = len ? memchr(u, 0, len) : NULL;
	if (nul) {
		size_t line = 1;
		for (const unsigned char *q = u; q < nul; q++)
			if (*q == '\n' || (*q == '\r' && q[1] != '\n'))
				line++;
		return fail(err, line, "NUL byte in file");
	}

	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		u += 3;
		len -= 3;
	}
	const char *p = (const char *)u;
	if (!text_utf8_valid((const char *)u, len)) {
		p = cp1252_to_utf8(a, u, len, &len);
		out->converted = 1;
	}

	struct parser ps = { .a = a, .p = p, .n = len, .line = 1 };
	ps.delim = detect_delim(p, len);
	int rc = parse_records(&ps, err);
	if (rc == 0 && ps.nrows == 0)
		rc = fail(err, 0, "the file is empty");
	if (rc == 0) {
		out->delim = ps.delim;
		out->nrows = ps.nrows;
		out->rows = arena_alloc_array(a, ps.nrows, sizeof *out->rows);
		memcpy(out->rows, ps.rows, ps.nrows * sizeof *out->rows);
	} else {
		out->converted = 0;
	}
	free(ps.fields);
	free(ps.rows);
	return rc;
}

/* Characters that make a spreadsheet treat a cell as a formula (OWASP's CSV
 * injection list). */
static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	       c == '\r';
}

/* s is zero or more apostrophes and then a formula character. Guarding
 * adds one apostrophe to such a field and unguarding removes one, so that
 * csv_unguard() is an exact inverse: "'=x" is written "''=x" and reads back
 * as "'=x". */
static int needs_guard(const char *s)
{
	while (*s == '\'')
		s++;
	return *s && formula_start(*s);
}

/*
 * Besides what csv.h lists, a field containing the *other* separator is
 * quoted too, so a reader that detects the separator (ours does) can never
 * mistake it for one.
 */
void csv_write_field(struct buf *out, const char *s, char delim)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	int guard = needs_guard(s);
	int quote = n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
			  s[n - 1] == '\t');
	if (!quote)
		quote = s[strcspn(s, "\",;\r\n")] != 0 ||
			(delim && strchr(s, delim));
	if (quote)
		buf_putc(out, '"');
	if (guard)
		buf_putc(out, '\'');
	if (!quote) {
		buf_add(out, s, n);
		return;
	}
	for (const char *q = s; *q;) {
		const char *dq = strchr(q, '"');
		if (!dq) {
			buf_puts(out, q);
			break;
		}
		buf_add(out, q, (size_t)(dq - q) + 1);
		buf_putc(out, '"');
		q = dq + 1;
	}
	buf_putc(out, '"');
}

/* Also strips one apostrophe from "''=x" and the like (see needs_guard). */
const char *csv_unguard(const char *s)
{
	if (s[0] == '\'' && needs_guard(s))
		return s + 1;
	return s;
}
