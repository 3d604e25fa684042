/*
 * json_write.c: serialising value trees. The output is always valid JSON
 * and safe to embed in an HTML <script> element, whatever bytes the tree
 * holds and whatever the process locale is.
 */
#include "util/json.h"
#include "util/text.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		xalloc_die();
}

/* Length of the well-formed UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	return text_utf8_decode((const char *)s, n, &cp);
}

/* Append s (len bytes of UTF-8) as a quoted JSON string. */
void json_write_string(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	buf_putc(out, '"');
	if (!s)
		end = p;
	while (p < end) {
		/* Copy the run of bytes that need no attention in one go. */
		const unsigned char *run = p;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		       *p != '\\' && !(*p == '/' && p > run && p[-1] == '<'))
			p++;
		buf_add(out, run, (size_t)(p - run));
		if (p >= end)
			break;

		unsigned char c = *p;
		if (c == '/') {
			/* Only reached after '<': "</script>" must not close
			 * the element the JSON sits in. */
			buf_add(out, "\\/", 2);
			p++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq_len(p, (size_t)(end - p));
			if (n == 0) {
				/* Never pass invalid UTF-8 on: one U+FFFD per bad byte. */
				buf_add(out, "\xEF\xBF\xBD", 3);
				p++;
			} else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
				   (p[2] == 0xA8 || p[2] == 0xA9)) {
				/* U+2028/2029 end a line in JavaScript. */
				buf_add(out, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
				p += 3;
			} else {
				buf_add(out, p, n);
				p += n;
			}
			continue;
		}
		char esc[6] = { '\\', 0, 0, 0, 0, 0 };
		size_t n = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		buf_add(out, esc, n);
		p++;
	}
	buf_putc(out, '"');
}

/*
 * The shortest of %.15g, %.16g and %.17g that reads back as exactly n
 * (%.17g always does); negative zero is "-0.0". Formatting and reading back happen in the C locale
 * so the decimal separator is always '.'.
 */
static void write_double(struct buf *out, double n)
{
	char tmp[40];

	if (!isfinite(n)) {
		/* JSON has no NaN or infinity. */
		buf_puts(out, "null");
		return;
	}
	if (n == 0 && signbit(n)) {
		/* "-0" would read back as the integer 0 and lose the sign. */
		buf_puts(out, "-0.0");
		return;
	}
	pthread_once(&c_locale_once, c_locale_init);
	locale_t old = uselocale(c_locale);
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, n);
		if (prec == 17 || strtod(tmp, NULL) == n)
			break;
	}
	uselocale(old);
	buf_puts(out, tmp);
}

static void indent(struct buf *out, int level)
{
	buf_putc(out, '\n');
	for (int i = 0; i < level; i++)
		buf_add(out, "  ", 2);
}

static void write_value(struct buf *out, const struct jval *v, int flags, int level)
{
	int pretty = flags & JSON_PRETTY;

	if (!v) {
		buf_puts(out, "null");
		return;
	}
	switch (v->type) {
	case J_NULL:
		buf_puts(out, "null");
		return;
	case J_BOOL:
		buf_puts(out, v->b ? "true" : "false");
		return;
	case J_INT:
		buf_put_ll(out, v->i);
		return;
	case J_NUM:
		write_double(out, v->n);
		return;
	case J_STR:
		json_write_string(out, v->s, v->s ? v->len : 0);
		return;
	case J_ARR:
	case J_OBJ: {
		int obj = v->type == J_OBJ;
		int any = 0;
		buf_putc(out, obj ? '{' : '[');
		for (const struct jval *m = v->first; m; m = m->next) {
			const char *key = m->key ? m->key : "";
			if (obj && (flags & JSON_SKIP_PRIVATE) && key[0] == '_')
				continue;
			if (any)
				buf_putc(out, ',');
			any = 1;
			if (pretty)
				indent(out, level + 1);
			if (obj) {
				json_write_string(out, key, strlen(key));
				if (pretty)
					buf_add(out, ": ", 2);
				else
					buf_putc(out, ':');
			}
			write_value(out, m, flags, level + 1);
		}
		/* Empty containers stay on one line: {} and []. */
		if (pretty && any)
			indent(out, level);
		buf_putc(out, obj ? '}' : ']');
		return;
	}
	}
	buf_puts(out, "null");
}

/* Append the serialisation of v to out: compact unless JSON_PRETTY (two
 * spaces per level, one member per line, no final newline); with
 * JSON_SKIP_PRIVATE members whose key starts with '_' are left out at every
 * depth. A NULL v is written as null. */
void json_write(struct buf *out, const struct jval *v, int flags)
{
	write_value(out, v, flags, 0);
}
