/*
 * i18n.c: the .po reader, the per-language catalogues and language
 * negotiation. After i18n_init the catalogues are never written again, so
 * tr() needs no lock.
 */
#include "util/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/embed.h"
#include "util/text.h"
#include "util/xalloc.h"

struct po_entry {
	const char *id;
	const char *str;
	uint64_t hash;
};

struct po_catalog {
	struct arena *arena; /* every msgid and msgstr */
	struct po_entry *e;  /* in file order, for po_each */
	size_t n, cap;
	size_t *slot;        /* open addressing: index + 1 into e, 0 = free */
	size_t nslot;        /* a power of two, at least twice n */
	size_t translated;
};

static uint64_t hash_str(const char *s)
{
	/* FNV-1a: short keys, no adversary (catalogues are our own files). */
	uint64_t h = 0xcbf29ce484222325u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3u;
	}
	return h;
}

static size_t *find_slot(const struct po_catalog *c, const char *id, uint64_t h)
{
	size_t mask = c->nslot - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		size_t k = c->slot[i];
		if (k == 0)
			return &c->slot[i];
		const struct po_entry *e = &c->e[k - 1];
		if (e->hash == h && strcmp(e->id, id) == 0)
			return &c->slot[i];
	}
}

static void rehash(struct po_catalog *c, size_t nslot)
{
	free(c->slot);
	c->slot = xcalloc(nslot, sizeof *c->slot);
	c->nslot = nslot;
	for (size_t k = 0; k < c->n; k++)
		*find_slot(c, c->e[k].id, c->e[k].hash) = k + 1;
}

static struct po_catalog *catalog_new(void)
{
	struct po_catalog *c = xcalloc(1, sizeof *c);
	c->arena = arena_new();
	rehash(c, 16);
	return c;
}

/* Add an entry; -1 when the msgid is already there. */
static int catalog_add(struct po_catalog *c, const struct buf *id, const struct buf *str)
{
	uint64_t h = hash_str(buf_str(id));
	if (*find_slot(c, buf_str(id), h))
		return -1;
	if ((c->n + 1) * 2 > c->nslot)
		rehash(c, c->nslot * 2);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->e = xreallocarray(c->e, c->cap, sizeof *c->e);
	}
	struct po_entry *e = &c->e[c->n];
	e->id = arena_strndup(c->arena, buf_str(id), id->len);
	e->str = arena_strndup(c->arena, buf_str(str), str->len);
	e->hash = h;
	*find_slot(c, e->id, h) = ++c->n;
	if (str->len)
		c->translated++;
	return 0;
}

void po_free(struct po_catalog *c)
{
	if (!c)
		return;
	arena_free(c->arena);
	free(c->e);
	free(c->slot);
	free(c);
}

const char *po_lookup(const struct po_catalog *c, const char *msgid)
{
	if (!c || !msgid)
		return NULL;
	size_t k = *find_slot(c, msgid, hash_str(msgid));
	if (!k || !c->e[k - 1].str[0])
		return NULL;
	return c->e[k - 1].str;
}

size_t po_count(const struct po_catalog *c)
{
	return c ? c->translated : 0;
}

void po_each(const struct po_catalog *c,
	     void (*fn)(void *ctx, const char *msgid, const char *msgstr), void *ctx)
{
	if (!c)
		return;
	for (size_t k = 0; k < c->n; k++)
		fn(ctx, c->e[k].id, c->e[k].str);
}

/* ---- parsing -------------------------------------------------------------- */

struct parser {
	char *err;
	size_t errlen;
	size_t line;
	struct po_catalog *c;
	/* The entry being read. */
	struct buf ctxt, id, str, scratch;
	int has_ctxt, has_id, has_plural, has_str, fuzzy;
	size_t id_line;
	/* Where "..." continuation lines go; NULL when none may follow. */
	struct buf *cur;
};

static int fail(struct parser *p, size_t line, const char *msg)
{
	if (p->err && p->errlen)
		snprintf(p->err, p->errlen, "%zu: %s", line, msg);
	return -1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Read one or more adjacent "..." literals from s[0..e) and append their
 * unescaped contents to out. */
static int parse_strings(struct parser *p, const char *s, const char *e, struct buf *out)
{
	while (s < e && is_blank(*s))
		s++;
	if (s == e || *s != '"')
		return fail(p, p->line, "expected a string in double quotes");
	while (s < e && *s == '"') {
		s++;
		for (;;) {
			if (s == e)
				return fail(p, p->line, "unterminated string");
			char c = *s++;
			if (c == '"')
				break;
			if (c == 0)
				return fail(p, p->line, "NUL byte in string");
			if (c != '\\') {
				buf_putc(out, c);
				continue;
			}
			if (s == e)
				return fail(p, p->line, "unterminated string");
			c = *s++;
			unsigned v;
			switch (c) {
			case 'n': v = '\n'; break;
			case 't': v = '\t'; break;
			case 'r': v = '\r'; break;
			case 'a': v = '\a'; break;
			case 'b': v = '\b'; break;
			case 'f': v = '\f'; break;
			case 'v': v = '\v'; break;
			case '"': case '\\': case '\'': case '?':
				v = (unsigned char)c;
				break;
			case 'x': {
				/* Two digits at most: the value is one byte, and
				 * C's unbounded hex escapes surprise everyone. */
				int d = s < e ? text_hex_digit((unsigned char)*s) : -1;
				if (d < 0)
					return fail(p, p->line, "invalid \\x escape");
				v = (unsigned)d;
				s++;
				if (s < e && (d = text_hex_digit((unsigned char)*s)) >= 0) {
					v = v * 16 + (unsigned)d;
					s++;
				}
				break;
			}
			default:
				if (c < '0' || c > '7')
					return fail(p, p->line, "invalid escape");
				v = (unsigned)(c - '0');
				for (int i = 0; i < 2 && s < e && *s >= '0' && *s <= '7'; i++)
					v = v * 8 + (unsigned)(*s++ - '0');
				if (v > 0xFF)
					return fail(p, p->line, "octal escape above \\377");
				break;
			}
			if (v == 0)
				return fail(p, p->line, "NUL byte in string");
			buf_putc(out, (char)v);
		}
		while (s < e && is_blank(*s))
			s++;
	}
	if (s != e)
		return fail(p, p->line, "unexpected text after string");
	return 0;
}

static void entry_reset(struct parser *p)
{
	buf_reset(&p->ctxt);
	buf_reset(&p->id);
	buf_reset(&p->str);
	p->has_ctxt = p->has_id = p->has_plural = p->has_str = p->fuzzy = 0;
	p->cur = NULL;
}

/* The header's Content-Type may name a charset; anything but UTF-8 would
 * make every translation mojibake, so refuse it. */
static int check_header(struct parser *p)
{
	const char *h = buf_str(&p->str);
	const char *cs = strstr(h, "charset=");
	if (!cs)
		return 0;
	cs += strlen("charset=");
	size_t n = strcspn(cs, " \t\r\n;");
	if ((n == 5 && strncasecmp(cs, "UTF-8", 5) == 0) ||
	    (n == 4 && strncasecmp(cs, "UTF8", 4) == 0) ||
	    (n == 7 && strncasecmp(cs, "CHARSET", 7) == 0))
		return 0;
	return fail(p, p->id_line, "header charset is not UTF-8");
}

static int entry_finish(struct parser *p)
{
	if (!p->has_id) {
		if (p->has_ctxt)
			return fail(p, p->line, "msgctxt without msgid");
		entry_reset(p);
		return 0;
	}
	if (!p->has_str)
		return fail(p, p->id_line, "msgid without msgstr");
	if (!text_utf8_valid(p->ctxt.data, p->ctxt.len) ||
	    !text_utf8_valid(p->id.data, p->id.len) ||
	    !text_utf8_valid(p->str.data, p->str.len))
		return fail(p, p->id_line, "invalid UTF-8");
	/* Fuzzy entries are guesses by msgmerge; gettext does not use them. */
	if (p->fuzzy) {
		entry_reset(p);
		return 0;
	}
	if (!p->has_ctxt && p->id.len == 0) {
		if (check_header(p))
			return -1;
		entry_reset(p);
		return 0;
	}
	if (p->has_ctxt) {
		/* gettext's key for a message with context: ctxt EOT msgid,
		 * as trc() and NC_() ask for it. */
		buf_putc(&p->ctxt, '\004');
		buf_add(&p->ctxt, buf_str(&p->id), p->id.len);
		buf_reset(&p->id);
		buf_add(&p->id, buf_str(&p->ctxt), p->ctxt.len);
	}
	if (catalog_add(p->c, &p->id, &p->str))
		return fail(p, p->id_line, "duplicate msgid");
	entry_reset(p);
	return 0;
}

static int has_fuzzy_flag(const char *s, const char *e)
{
	/* "#, fuzzy, c-format": flags separated by commas and spaces. */
	while (s < e) {
		while (s < e && (*s == ',' || is_blank(*s)))
			s++;
		const char *w = s;
		while (s < e && *s != ',' && !is_blank(*s))
			s++;
		if (s - w == 5 && memcmp(w, "fuzzy", 5) == 0)
			return 1;
	}
	return 0;
}

static int keyword_is(const char *k, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(k, word, n) == 0;
}

static int parse_keyword(struct parser *p, const char *s, const char *e)
{
	const char *k = s;
	while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_'))
		s++;
	size_t n = (size_t)(s - k);
	if (keyword_is(k, n, "msgctxt")) {
		if (p->has_str && entry_finish(p))
			return -1;
		if (p->has_id)
			return fail(p, p->line, "msgctxt after msgid");
		if (p->has_ctxt)
			return fail(p, p->line, "duplicate msgctxt");
		p->has_ctxt = 1;
		p->cur = &p->ctxt;
	} else if (keyword_is(k, n, "msgid")) {
		if (p->has_str && entry_finish(p))
			return -1;
		if (p->has_id)
			return fail(p, p->id_line, "msgid without msgstr");
		p->has_id = 1;
		p->id_line = p->line;
		p->cur = &p->id;
	} else if (keyword_is(k, n, "msgid_plural")) {
		if (!p->has_id)
			return fail(p, p->line, "msgid_plural without msgid");
		if (p->has_plural || p->has_str)
			return fail(p, p->line, "misplaced msgid_plural");
		p->has_plural = 1;
		/* The plural form is not kept: tr() has no count. */
		buf_reset(&p->scratch);
		p->cur = &p->scratch;
	} else if (keyword_is(k, n, "msgstr")) {
		if (!p->has_id)
			return fail(p, p->line, "msgstr without msgid");
		if (s < e && *s == '[') {
			if (!p->has_plural)
				return fail(p, p->line, "msgstr[n] without msgid_plural");
			s++;
			const char *d = s;
			unsigned long idx = 0;
			while (s < e && *s >= '0' && *s <= '9' && s - d < 4)
				idx = idx * 10 + (unsigned long)(*s++ - '0');
			if (s == d || s == e || *s != ']')
				return fail(p, p->line, "invalid msgstr index");
			s++;
			if (idx == 0) {
				if (p->has_str)
					return fail(p, p->line, "duplicate msgstr[0]");
				p->has_str = 1;
				p->cur = &p->str;
			} else {
				if (!p->has_str)
					return fail(p, p->line, "msgstr[n] before msgstr[0]");
				buf_reset(&p->scratch);
				p->cur = &p->scratch;
			}
		} else {
			if (p->has_plural)
				return fail(p, p->line, "plural entry needs msgstr[0]");
			if (p->has_str)
				return fail(p, p->line, "duplicate msgstr");
			p->has_str = 1;
			p->cur = &p->str;
		}
	} else {
		return fail(p, p->line, n ? "unknown keyword" : "unexpected text");
	}
	if (s < e && !is_blank(*s) && *s != '"')
		return fail(p, p->line, "unknown keyword");
	return parse_strings(p, s, e, p->cur);
}

static int parse_line(struct parser *p, const char *s, const char *e)
{
	while (s < e && is_blank(*s))
		s++;
	if (s == e)
		return 0;
	if (*s == '#') {
		/* A comment after a msgstr begins the next entry; one inside
		 * an entry is tolerated but ends any string. */
		if (p->has_str && entry_finish(p))
			return -1;
		p->cur = NULL;
		if (e - s >= 2 && s[1] == ',' && !p->has_id && has_fuzzy_flag(s + 2, e))
			p->fuzzy = 1;
		return 0;
	}
	if (*s == '"') {
		if (!p->cur)
			return fail(p, p->line, "string without keyword");
		return parse_strings(p, s, e, p->cur);
	}
	return parse_keyword(p, s, e);
}

int po_parse(const char *text, size_t len, struct po_catalog **out, char *err, size_t errlen)
{
	struct parser p = { .err = err, .errlen = errlen, .line = 0 };
	p.c = catalog_new();
	*out = NULL;
	if (err && errlen)
		err[0] = 0;
	const char *s = text, *end = text + len;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	int r = 0;
	while (s < end) {
		p.line++;
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		if (e > s && e[-1] == '\r')
			e--;
		if ((r = parse_line(&p, s, e)) != 0)
			break;
		s = next;
	}
	if (r == 0) {
		/* Point errors about an unfinished last entry past the end. */
		p.line++;
		r = entry_finish(&p);
	}
	buf_free(&p.ctxt);
	buf_free(&p.id);
	buf_free(&p.str);
	buf_free(&p.scratch);
	if (r) {
		po_free(p.c);
		return -1;
	}
	*out = p.c;
	return 0;
}

/* ---- languages ------------------------------------------------------------ */

static struct po_catalog *catalogs[LANG_COUNT];

static const char *const lang_codes[LANG_COUNT] = { "sv", "en" };

int i18n_init(char *err, size_t errlen)
{
	struct po_catalog *loaded[LANG_COUNT] = { 0 };
	int l;
	for (l = 0; l < LANG_COUNT; l++) {
		char path[32], perr[200];
		snprintf(path, sizeof path, "po/%s.po", lang_codes[l]);
		const struct embedded_file *f = embed_find(path);
		if (!f) {
			if (err && errlen)
				snprintf(err, errlen, "%s: not embedded", path);
			break;
		}
		if (po_parse(f->data, f->len, &loaded[l], perr, sizeof perr)) {
			if (err && errlen)
				snprintf(err, errlen, "%s:%s", path, perr);
			break;
		}
	}
	if (l < LANG_COUNT) {
		for (l = 0; l < LANG_COUNT; l++)
			po_free(loaded[l]);
		return -1;
	}
	for (l = 0; l < LANG_COUNT; l++) {
		po_free(catalogs[l]);
		catalogs[l] = loaded[l];
	}
	return 0;
}

const char *tr(int lang, const char *msgid)
{
	if (lang < 0 || lang >= LANG_COUNT)
		return msgid;
	const char *s = po_lookup(catalogs[lang], msgid);
	if (s)
		return s;
	/* A key with a context (NC_) untranslated: the text after it. */
	const char *eot = msgid ? strchr(msgid, '\004') : NULL;
	return eot ? eot + 1 : msgid;
}

const char *trc(int lang, const char *ctxt, const char *msgid)
{
	char key[512];
	int n = snprintf(key, sizeof key, "%s\004%s", ctxt, msgid);
	if (n < 0 || (size_t)n >= sizeof key || lang < 0 || lang >= LANG_COUNT)
		return msgid;
	const char *s = po_lookup(catalogs[lang], key);
	return s ? s : msgid;
}

/* digits (optionally after a "-"), grouped by threes with sep, then
 * the rest of the text (a decimal part) with its point replaced by dec. */
static const char *group_digits(const char *plain, const char *sep, char dec, char *buf, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p = plain;
	if (*p == '-')
		buf_putc(&b, *p++);
	size_t n = strspn(p, "0123456789");
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_puts(&b, sep);
		buf_putc(&b, p[i]);
	}
	for (p += n; *p; p++)
		buf_putc(&b, *p == '.' ? dec : *p);
	snprintf(buf, len, "%s", buf_str(&b));
	buf_free(&b);
	return buf;
}

const char *i18n_int(int lang, long long n, char *buf, size_t len)
{
	char plain[32];
	snprintf(plain, sizeof plain, "%lld", n);
	return group_digits(plain, lang == LANG_EN ? "," : "\xC2\xA0", '.', buf, len);
}

const char *i18n_decimal(int lang, double x, int d, char *buf, size_t len)
{
	char plain[64];
	if (d < 0)
		d = 0;
	if (d > 6)
		d = 6;
	snprintf(plain, sizeof plain, "%.*f", d, x);
	if (lang == LANG_EN)
		return group_digits(plain, ",", '.', buf, len);
	return group_digits(plain, "\xC2\xA0", ',', buf, len);
}

/* The language of tag s[0..n): its primary subtag decides, so "sv-SE",
 * "sv_FI" and "SV" are all Swedish. */
static int lang_from_tag(const char *s, size_t n)
{
	if (n < 2 || (n > 2 && s[2] != '-' && s[2] != '_'))
		return -1;
	for (int l = 0; l < LANG_COUNT; l++)
		if (strncasecmp(s, lang_codes[l], 2) == 0)
			return l;
	return -1;
}

int i18n_lang_from_code(const char *code)
{
	if (!code)
		return -1;
	return lang_from_tag(code, strlen(code));
}

const char *i18n_lang_code(int lang)
{
	/* An out-of-range value gets the default rather than NULL, since the
	 * result usually goes straight into a page. */
	if (lang < 0 || lang >= LANG_COUNT)
		return lang_codes[LANG_SV];
	return lang_codes[lang];
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* An RFC 9110 qvalue ("0", "0.8", "1.000") in thousandths, or -1. */
static int parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

int i18n_lang_from_accept(const char *header)
{
	/* Best q (thousandths) per language from ranges naming it, and the
	 * position of that range for breaking ties; -1: not named. */
	int q_of[LANG_COUNT];
	size_t pos_of[LANG_COUNT];
	int star_q = -1;
	size_t star_pos = 0, pos = 0;
	for (int l = 0; l < LANG_COUNT; l++) {
		q_of[l] = -1;
		pos_of[l] = 0;
	}
	if (!header)
		return LANG_SV;
	const char *s = header;
	while (*s) {
		while (*s == ',' || is_ows(*s))
			s++;
		if (!*s)
			break;
		const char *r = s;
		while (*s && *s != ',' && *s != ';' && !is_ows(*s))
			s++;
		size_t rlen = (size_t)(s - r);
		int q = 1000, ok = rlen > 0;
		while (is_ows(*s))
			s++;
		while (*s == ';') {
			s++;
			while (is_ows(*s))
				s++;
			const char *name = s;
			while (*s && *s != '=' && *s != ',' && *s != ';' && !is_ows(*s))
				s++;
			size_t nlen = (size_t)(s - name);
			while (is_ows(*s))
				s++;
			const char *v = s;
			if (*s == '=') {
				s++;
				while (is_ows(*s))
					s++;
				v = s;
				while (*s && *s != ',' && *s != ';' && !is_ows(*s))
					s++;
			}
			if (nlen == 1 && (name[0] == 'q' || name[0] == 'Q')) {
				q = parse_qvalue(v, (size_t)(s - v));
				if (q < 0)
					ok = 0;
			}
			while (is_ows(*s))
				s++;
		}
		/* Anything else before the comma makes the element garbage. */
		if (*s && *s != ',') {
			ok = 0;
			while (*s && *s != ',')
				s++;
		}
		if (ok && rlen == 1 && r[0] == '*') {
			if (q > star_q) {
				star_q = q;
				star_pos = pos;
			}
		} else if (ok) {
			int l = lang_from_tag(r, rlen);
			if (l >= 0 && q > q_of[l]) {
				q_of[l] = q;
				pos_of[l] = pos;
			}
		}
		pos++;
	}
	int best = -1;
	for (int l = 0; l < LANG_COUNT; l++) {
		if (q_of[l] < 0 && star_q >= 0) {
			q_of[l] = star_q;
			pos_of[l] = star_pos;
		}
		if (q_of[l] <= 0)
			continue;
		if (best < 0 || q_of[l] > q_of[best] ||
		    (q_of[l] == q_of[best] && pos_of[l] < pos_of[best]))
			best = l;
	}
	return best < 0 ? LANG_SV : best;
}
