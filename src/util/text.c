/*
 * text.c: UTF-8 validation and coding, search folding and the Swedish
 * collation. Nothing here allocates except through the caller's buf, since
 * text_collate_sv runs inside SQLite's sorter.
 */
#include "util/text.h"

#include <string.h>

size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (len == 0)
		return 0;
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		/* Stray continuation byte, C0/C1 (always overlong) or F5..FF. */
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

int text_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII runs are the common case; skip them without decoding. */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

void text_utf8_encode(struct buf *out, uint32_t cp)
{
	char b[4];
	/* Callers promise a scalar value; U+FFFD keeps the output valid UTF-8
	 * should one slip through. */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(out, (char)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 4);
	}
}

size_t text_utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * U+00C0..U+017F. `fold` is the search form (empty: copy the character
 * unchanged). `coll` is the Swedish primary key in letters a..z, where the
 * three letters after z are written with the ASCII characters that follow
 * 'z': '{' = å, '|' = ä, '}' = ö. As in CLDR's Swedish collation, æ files
 * under ä; ø, ő and œ under ö; ü and ű under y; every other accented letter
 * under its base letter.
 */
struct latin {
	char fold[3];
	char coll[3];
};

#define LATIN_FIRST 0xC0
#define LATIN_LAST 0x17F

static const struct latin latin[LATIN_LAST - LATIN_FIRST + 1] = {
	/* U+00C0 À Á Â Ã Ä Å Æ Ç */
	{ "a", "a" }, { "a", "a" }, { "a", "a" }, { "a", "a" },
	{ "a", "|" }, { "a", "{" }, { "ae", "|" }, { "c", "c" },
	/* U+00C8 È É Ê Ë Ì Í Î Ï */
	{ "e", "e" }, { "e", "e" }, { "e", "e" }, { "e", "e" },
	{ "i", "i" }, { "i", "i" }, { "i", "i" }, { "i", "i" },
	/* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × */
	{ "d", "d" }, { "n", "n" }, { "o", "o" }, { "o", "o" },
	{ "o", "o" }, { "o", "o" }, { "o", "}" }, { "", "" },
	/* U+00D8 Ø Ù Ú Û Ü Ý Þ ß */
	{ "o", "}" }, { "u", "u" }, { "u", "u" }, { "u", "u" },
	{ "u", "y" }, { "y", "y" }, { "th", "th" }, { "ss", "ss" },
	/* U+00E0 à á â ã ä å æ ç */
	{ "a", "a" }, { "a", "a" }, { "a", "a" }, { "a", "a" },
	{ "a", "|" }, { "a", "{" }, { "ae", "|" }, { "c", "c" },
	/* U+00E8 è é ê ë ì í î ï */
	{ "e", "e" }, { "e", "e" }, { "e", "e" }, { "e", "e" },
	{ "i", "i" }, { "i", "i" }, { "i", "i" }, { "i", "i" },
	/* U+00F0 ð ñ ò ó ô õ ö ÷ */
	{ "d", "d" }, { "n", "n" }, { "o", "o" }, { "o", "o" },
	{ "o", "o" }, { "o", "o" }, { "o", "}" }, { "", "" },
	/* U+00F8 ø ù ú û ü ý þ ÿ */
	{ "o", "}" }, { "u", "u" }, { "u", "u" }, { "u", "u" },
	{ "u", "y" }, { "y", "y" }, { "th", "th" }, { "y", "y" },
	/* U+0100 Ā ā Ă ă Ą ą Ć ć */
	{ "a", "a" }, { "a", "a" }, { "a", "a" }, { "a", "a" },
	{ "a", "a" }, { "a", "a" }, { "c", "c" }, { "c", "c" },
	/* U+0108 Ĉ ĉ Ċ ċ Č č Ď ď */
	{ "c", "c" }, { "c", "c" }, { "c", "c" }, { "c", "c" },
	{ "c", "c" }, { "c", "c" }, { "d", "d" }, { "d", "d" },
	/* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė */
	{ "d", "d" }, { "d", "d" }, { "e", "e" }, { "e", "e" },
	{ "e", "e" }, { "e", "e" }, { "e", "e" }, { "e", "e" },
	/* U+0118 Ę ę Ě ě Ĝ ĝ Ğ ğ */
	{ "e", "e" }, { "e", "e" }, { "e", "e" }, { "e", "e" },
	{ "g", "g" }, { "g", "g" }, { "g", "g" }, { "g", "g" },
	/* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ */
	{ "g", "g" }, { "g", "g" }, { "g", "g" }, { "g", "g" },
	{ "h", "h" }, { "h", "h" }, { "h", "h" }, { "h", "h" },
	/* U+0128 Ĩ ĩ Ī ī Ĭ ĭ Į į */
	{ "i", "i" }, { "i", "i" }, { "i", "i" }, { "i", "i" },
	{ "i", "i" }, { "i", "i" }, { "i", "i" }, { "i", "i" },
	/* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ */
	{ "i", "i" }, { "i", "i" }, { "ij", "ij" }, { "ij", "ij" },
	{ "j", "j" }, { "j", "j" }, { "k", "k" }, { "k", "k" },
	/* U+0138 ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
	{ "k", "k" }, { "l", "l" }, { "l", "l" }, { "l", "l" },
	{ "l", "l" }, { "l", "l" }, { "l", "l" }, { "l", "l" },
	/* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň */
	{ "l", "l" }, { "l", "l" }, { "l", "l" }, { "n", "n" },
	{ "n", "n" }, { "n", "n" }, { "n", "n" }, { "n", "n" },
	/* U+0148 ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
	{ "n", "n" }, { "n", "n" }, { "n", "n" }, { "n", "n" },
	{ "o", "o" }, { "o", "o" }, { "o", "o" }, { "o", "o" },
	/* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ */
	{ "o", "}" }, { "o", "}" }, { "oe", "}" }, { "oe", "}" },
	{ "r", "r" }, { "r", "r" }, { "r", "r" }, { "r", "r" },
	/* U+0158 Ř ř Ś ś Ŝ ŝ Ş ş */
	{ "r", "r" }, { "r", "r" }, { "s", "s" }, { "s", "s" },
	{ "s", "s" }, { "s", "s" }, { "s", "s" }, { "s", "s" },
	/* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ */
	{ "s", "s" }, { "s", "s" }, { "t", "t" }, { "t", "t" },
	{ "t", "t" }, { "t", "t" }, { "t", "t" }, { "t", "t" },
	/* U+0168 Ũ ũ Ū ū Ŭ ŭ Ů ů */
	{ "u", "u" }, { "u", "u" }, { "u", "u" }, { "u", "u" },
	{ "u", "u" }, { "u", "u" }, { "u", "u" }, { "u", "u" },
	/* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ */
	{ "u", "y" }, { "u", "y" }, { "u", "u" }, { "u", "u" },
	{ "w", "w" }, { "w", "w" }, { "y", "y" }, { "y", "y" },
	/* U+0178 Ÿ Ź ź Ż ż Ž ž ſ */
	{ "y", "y" }, { "z", "z" }, { "z", "z" }, { "z", "z" },
	{ "z", "z" }, { "z", "z" }, { "z", "z" }, { "s", "s" },
};

/* Unicode White_Space outside ASCII, so that text pasted from Word (no-break
 * and thin spaces) searches like ordinary text. */
static int is_uspace(uint32_t cp)
{
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_aspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

void text_fold(struct buf *out, const char *s, size_t len)
{
	/* A space is only written when something follows it, which both
	 * collapses runs and drops leading and trailing space. */
	int pending = 0, any = 0;
	size_t i = 0;
	buf_grow(out, len);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			if (is_aspace(c)) {
				pending = 1;
				continue;
			}
			if (pending && any)
				buf_putc(out, ' ');
			pending = 0;
			any = 1;
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		if (is_uspace(cp)) {
			i += n;
			pending = 1;
			continue;
		}
		if (pending && any)
			buf_putc(out, ' ');
		pending = 0;
		any = 1;
		if (cp >= LATIN_FIRST && cp <= LATIN_LAST &&
		    latin[cp - LATIN_FIRST].fold[0])
			buf_puts(out, latin[cp - LATIN_FIRST].fold);
		else
			buf_add(out, s + i, n);
		i += n;
	}
	/* buf_grow reserves without terminating; an all-space input appends
	 * nothing, and the buf must still be a C string. */
	out->data[out->len] = 0;
}

/*
 * Collation. Each string maps to a sequence of (primary weight, upper-case
 * flag) pairs; strings compare by the primary weights, then by the flags,
 * then by their bytes. Because every level is a function of one string
 * alone, compared lexicographically, the result is a total order, which
 * SQLite requires of a collation.
 *
 * Primary weights: ASCII punctuation and Latin-1 symbols < digits < a..z <
 * å < ä < ö < any other code point (by code point) < malformed bytes.
 */
#define W_DIGIT 0x100u
#define W_LETTER 0x200u
#define W_OTHER 0x300u
#define W_BAD (W_OTHER + 0x110000u)

static uint32_t ascii_weight(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return W_LETTER + (uint32_t)(c - 'a');
	if (c >= 'A' && c <= 'Z')
		return W_LETTER + (uint32_t)(c - 'A');
	if (c >= '0' && c <= '9')
		return W_DIGIT + (uint32_t)(c - '0');
	return 1u + c;
}

/* Upper-case letters of Latin-1 and Latin Extended-A. */
static int latin_upper(uint32_t cp)
{
	if (cp < 0x100)
		return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7;
	/* Capitals sit at even code points, small letters at odd ones, except
	 * in the two runs shifted by ĸ (which has no capital) and by Ÿ. */
	if (cp == 0x138)
		return 0;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp & 1;
	return !(cp & 1);
}

struct coll_it {
	const unsigned char *s;
	size_t len, i;
	/* Second weight of a character that expands to two (ß -> ss). */
	uint32_t next_w;
	int next_upper;
};

/* The next (weight, flag) pair; 0 at the end of the string. */
static int coll_next(struct coll_it *it, uint32_t *w, int *upper)
{
	if (it->next_w) {
		*w = it->next_w;
		*upper = it->next_upper;
		it->next_w = 0;
		return 1;
	}
	if (it->i >= it->len)
		return 0;
	unsigned char c = it->s[it->i];
	if (c < 0x80) {
		it->i++;
		*w = ascii_weight(c);
		*upper = c >= 'A' && c <= 'Z';
		return 1;
	}
	uint32_t cp;
	size_t n = text_utf8_decode((const char *)it->s + it->i,
				    it->len - it->i, &cp);
	if (n == 0) {
		it->i++;
		*w = W_BAD + c;
		*upper = 0;
		return 1;
	}
	it->i += n;
	*upper = 0;
	if (cp >= LATIN_FIRST && cp <= LATIN_LAST &&
	    latin[cp - LATIN_FIRST].coll[0]) {
		const char *k = latin[cp - LATIN_FIRST].coll;
		*w = W_LETTER + (uint32_t)(k[0] - 'a');
		*upper = latin_upper(cp);
		if (k[1]) {
			it->next_w = W_LETTER + (uint32_t)(k[1] - 'a');
			it->next_upper = *upper;
		}
	} else if (cp == 0xA0) {
		*w = ascii_weight(' ');
	} else if (cp < LATIN_FIRST || cp == 0xD7 || cp == 0xF7) {
		*w = 1u + cp;
	} else {
		*w = W_OTHER + cp;
	}
	return 1;
}

int text_collate_sv(const char *a, size_t alen, const char *b, size_t blen)
{
	struct coll_it ia = { (const unsigned char *)a, alen, 0, 0, 0 };
	struct coll_it ib = { (const unsigned char *)b, blen, 0, 0, 0 };
	/* The first case difference decides only if all primaries are equal;
	 * then both sequences have the same length and line up. */
	int case_diff = 0;
	for (;;) {
		uint32_t wa, wb;
		int ua, ub;
		int ha = coll_next(&ia, &wa, &ua);
		int hb = coll_next(&ib, &wb, &ub);
		if (!ha || !hb) {
			if (ha != hb)
				return ha ? 1 : -1;
			break;
		}
		if (wa != wb)
			return wa < wb ? -1 : 1;
		if (!case_diff && ua != ub)
			case_diff = ua ? 1 : -1;
	}
	if (case_diff)
		return case_diff;
	size_t n = alen < blen ? alen : blen;
	int r = n ? memcmp(a, b, n) : 0;
	if (r)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

int text_has_control(const char *s, size_t len, int multiline)
{
	/* Control characters are single bytes that never occur inside a
	 * multi-byte sequence, so a byte scan is exact. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		if (c == '\t')
			continue;
		if (multiline && (c == '\n' || c == '\r'))
			continue;
		return 1;
	}
	return 0;
}

size_t text_trim(const char *s, size_t len, const char **start)
{
	while (len && is_aspace((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len && is_aspace((unsigned char)s[len - 1]))
		len--;
	*start = s;
	return len;
}

int text_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int text_parse_color(const char *s, size_t n, unsigned char rgb[3])
{
	if (!s || n != 7 || s[0] != '#')
		return -1;
	unsigned char c[3];
	for (int i = 0; i < 3; i++) {
		int hi = text_hex_digit((unsigned char)s[1 + 2 * i]), lo = text_hex_digit((unsigned char)s[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return -1;
		c[i] = (unsigned char)(hi * 16 + lo);
	}
	memcpy(rgb, c, sizeof c);
	return 0;
}

void text_upper_first(char *s)
{
	unsigned char *u = (unsigned char *)s;
	if (!u || !u[0])
		return;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 'a' + 'A');
	else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7) /* à-þ, not ÷ */
		u[1] = (unsigned char)(u[1] - 0x20);
}
