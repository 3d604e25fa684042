/*
 * json_parse.c: the strict RFC 8259 parser behind json_parse().
 *
 * A recursive descent over the bytes; recursion is bounded by
 * JSON_MAX_DEPTH. Every rejection records the first offending byte, and the
 * line/column is worked out from that offset only once, on failure.
 */
#include "util/json.h"
#include "util/text.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Marks msgids for `make po` (same definition as util/i18n.h, repeated so
 * this file does not depend on the i18n module). */
#ifndef N_
#define N_(s) (s)
#endif

/* Objects larger than this get a hash table for duplicate-key detection;
 * below it a linear scan is cheaper. */
#define DUP_LINEAR_MAX 32

/* Numbers up to this many bytes are converted from a stack buffer. */
#define NUMBUF 128

struct parser {
	struct arena *a;
	const unsigned char *start, *p, *end;
	const unsigned char *err_at; /* NULL while no error */
	const char *err_msg;
	struct buf sb;               /* scratch for decoding one string */
};

/* A set of member keys for one large object: open addressing over the
 * members themselves, so the keys are not copied again. */
struct keyset {
	struct jval **slot;
	size_t cap, n;
};

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		xalloc_die();
}

/* Record an error unless one is already recorded (the innermost, i.e. the
 * first, error is the one the caller sees). Always returns NULL. */
static void *fail(struct parser *ps, const unsigned char *at, const char *msg)
{
	if (!ps->err_at) {
		ps->err_at = at;
		ps->err_msg = msg;
	}
	return NULL;
}

/* fail() for functions that return an int: always -1. */
static int fail_int(struct parser *ps, const unsigned char *at, const char *msg)
{
	fail(ps, at, msg);
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the well-formed UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	return text_utf8_decode((const char *)s, n, &cp);
}


/* Read the four hex digits after "\u" at ps->p (which points at the 'u').
 * Returns the code unit or -1; on -1 the error is recorded, pointing at the
 * bad digit, or at the string's opening quote when the input ends. */
static long read_u4(struct parser *ps, const unsigned char *quote)
{
	long v = 0;
	for (int i = 1; i <= 4; i++) {
		if (ps->end - ps->p <= i)
			return fail_int(ps, quote, N_("unterminated string"));
		int h = text_hex_digit(ps->p[i]);
		if (h < 0)
			return fail_int(ps, ps->p + i, N_("invalid escape sequence"));
		v = v * 16 + h;
	}
	ps->p += 5;
	return v;
}

/*
 * Decode the string whose opening quote is at ps->p into ps->sb. On success
 * ps->p is just past the closing quote. An unterminated string is reported
 * at its opening quote, since that is where the reader has to look.
 */
static int decode_string(struct parser *ps)
{
	const unsigned char *quote = ps->p;
	struct buf *b = &ps->sb;

	buf_reset(b);
	ps->p++;
	for (;;) {
		const unsigned char *run = ps->p;
		/* Copy plain ASCII in one go; it is by far the common case. */
		while (ps->p < ps->end && *ps->p >= 0x20 && *ps->p < 0x80 &&
		       *ps->p != '"' && *ps->p != '\\')
			ps->p++;
		buf_add(b, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			return fail_int(ps, quote, N_("unterminated string"));

		unsigned char c = *ps->p;
		if (c == '"') {
			ps->p++;
			return 0;
		}
		if (c < 0x20)
			return fail_int(ps, ps->p, N_("control character in string"));
		if (c >= 0x80) {
			size_t n = utf8_seq_len(ps->p, (size_t)(ps->end - ps->p));
			if (n == 0)
				return fail_int(ps, ps->p, N_("invalid UTF-8 in string"));
			buf_add(b, ps->p, n);
			ps->p += n;
			continue;
		}

		/* A backslash escape. */
		const unsigned char *esc = ps->p;
		if (ps->p + 1 >= ps->end)
			return fail_int(ps, quote, N_("unterminated string"));
		char out;
		switch (ps->p[1]) {
		case '"': out = '"'; break;
		case '\\': out = '\\'; break;
		case '/': out = '/'; break;
		case 'b': out = '\b'; break;
		case 'f': out = '\f'; break;
		case 'n': out = '\n'; break;
		case 'r': out = '\r'; break;
		case 't': out = '\t'; break;
		case 'u': {
			ps->p++;
			long cp = read_u4(ps, quote);
			if (cp < 0)
				return -1;
			if (cp == 0)
				return fail_int(ps, esc, N_("null character in string"));
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail_int(ps, esc, N_("unpaired surrogate in string"));
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				/* Needs a low surrogate right behind it. */
				if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
					return fail_int(ps, esc, N_("unpaired surrogate in string"));
				ps->p++;
				long lo = read_u4(ps, quote);
				if (lo < 0)
					return -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail_int(ps, esc, N_("unpaired surrogate in string"));
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			text_utf8_encode(b, (uint32_t)cp);
			continue;
		}
		default:
			return fail_int(ps, ps->p + 1, N_("invalid escape sequence"));
		}
		buf_putc(b, out);
		ps->p += 2;
	}
}

static struct jval *parse_string(struct parser *ps)
{
	if (decode_string(ps) < 0)
		return NULL;
	return jv_strn(ps->a, buf_str(&ps->sb), ps->sb.len);
}

/*
 * number = [ "-" ] ( "0" / 1-9 *DIGIT ) [ "." 1*DIGIT ] [ e [ + / - ] 1*DIGIT ]
 * The grammar is checked here; only a validated copy reaches strtod_l, in
 * the C locale, so a process locale with a decimal comma changes nothing.
 */
static struct jval *parse_number(struct parser *ps)
{
	const unsigned char *s = ps->p, *q = ps->p, *e = ps->end;
	int integral = 1;

	if (q < e && *q == '-')
		q++;
	if (q >= e || !is_digit(*q))
		return fail(ps, q, N_("invalid number"));
	if (*q == '0') {
		q++;
		/* A leading zero may not be followed by more digits. */
		if (q < e && is_digit(*q))
			return fail(ps, q, N_("invalid number"));
	} else {
		while (q < e && is_digit(*q))
			q++;
	}
	if (q < e && *q == '.') {
		integral = 0;
		q++;
		if (q >= e || !is_digit(*q))
			return fail(ps, q, N_("invalid number"));
		while (q < e && is_digit(*q))
			q++;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		integral = 0;
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (q >= e || !is_digit(*q))
			return fail(ps, q, N_("invalid number"));
		while (q < e && is_digit(*q))
			q++;
	}
	ps->p = q;

	if (integral) {
		/* Accumulate towards the sign so LLONG_MIN fits too. */
		int neg = *s == '-';
		long long v = 0;
		const unsigned char *d = s + neg;
		for (; d < q; d++) {
			int dig = *d - '0';
			if (neg) {
				if (v < (LLONG_MIN + dig) / 10)
					break;
				v = v * 10 - dig;
			} else {
				if (v > (LLONG_MAX - dig) / 10)
					break;
				v = v * 10 + dig;
			}
		}
		if (d == q)
			return jv_int(ps->a, v);
		/* Too big for long long: fall through to a double. */
	}

	size_t n = (size_t)(q - s);
	char stackbuf[NUMBUF];
	char *tmp = n < sizeof stackbuf ? stackbuf : xmalloc(n + 1);
	memcpy(tmp, s, n);
	tmp[n] = 0;
	pthread_once(&c_locale_once, c_locale_init);
	char *endp;
	errno = 0;
	double d = strtod_l(tmp, &endp, c_locale);
	int bad = endp != tmp + n;
	int range = errno == ERANGE && isinf(d);
	if (tmp != stackbuf)
		free(tmp);
	if (bad)
		return fail(ps, s, N_("invalid number"));
	/* Underflow to zero or a subnormal is harmless; overflow would leave
	 * an infinity that no JSON text can carry back out. */
	if (range)
		return fail(ps, s, N_("number out of range"));
	return jv_num(ps->a, d);
}

/* Match the literal word (true, false, null) at ps->p. */
static int parse_word(struct parser *ps, const char *word)
{
	for (size_t i = 0; word[i]; i++) {
		if (ps->p >= ps->end || *ps->p != (unsigned char)word[i])
			return fail_int(ps, ps->p, N_("invalid literal"));
		ps->p++;
	}
	return 0;
}

static uint64_t key_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Insert m into the set; returns 0 when its key was already there. */
static int keyset_add(struct keyset *ks, struct jval *m)
{
	if ((ks->n + 1) * 2 > ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 128;
		struct jval **slot = xcalloc(cap, sizeof *slot);
		for (size_t i = 0; i < ks->cap; i++) {
			struct jval *o = ks->slot[i];
			if (!o)
				continue;
			size_t j = (size_t)key_hash(o->key) & (cap - 1);
			while (slot[j])
				j = (j + 1) & (cap - 1);
			slot[j] = o;
		}
		free(ks->slot);
		ks->slot = slot;
		ks->cap = cap;
	}
	size_t j = (size_t)key_hash(m->key) & (ks->cap - 1);
	while (ks->slot[j]) {
		if (strcmp(ks->slot[j]->key, m->key) == 0)
			return 0;
		j = (j + 1) & (ks->cap - 1);
	}
	ks->slot[j] = m;
	ks->n++;
	return 1;
}

static struct jval *parse_value(struct parser *ps, int depth);

static struct jval *parse_array(struct parser *ps, int depth)
{
	struct jval *arr = jv_arr(ps->a);

	ps->p++; /* '[' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		struct jval *v = parse_value(ps, depth);
		if (!v)
			return NULL;
		jv_push(arr, v);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		if (ps->p >= ps->end || *ps->p != ',')
			return fail(ps, ps->p, N_("expected ',' or ']'"));
		const unsigned char *comma = ps->p++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ']')
			return fail(ps, comma, N_("trailing comma"));
	}
}

static struct jval *parse_object(struct parser *ps, int depth)
{
	struct jval *obj = jv_obj(ps->a), *ret = NULL;
	struct keyset ks = { NULL, 0, 0 };

	ps->p++; /* '{' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (ps->p >= ps->end) {
			fail(ps, ps->p, N_("unexpected end of input"));
			goto out;
		}
		if (*ps->p != '"') {
			fail(ps, ps->p, N_("expected object key"));
			goto out;
		}
		const unsigned char *kpos = ps->p;
		if (decode_string(ps) < 0)
			goto out;
		char *key = arena_strndup(ps->a, buf_str(&ps->sb), ps->sb.len);

		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			fail(ps, ps->p, N_("expected ':'"));
			goto out;
		}
		ps->p++;
		struct jval *v = parse_value(ps, depth);
		if (!v)
			goto out;
		v->key = key;

		/* Small objects: compare against every earlier key. Once an
		 * object grows past DUP_LINEAR_MAX, switch to a hash set. */
		int dup = 0;
		if (obj->len < DUP_LINEAR_MAX) {
			for (struct jval *m = obj->first; m && !dup; m = m->next)
				dup = strcmp(m->key, key) == 0;
		} else {
			if (!ks.slot)
				for (struct jval *m = obj->first; m; m = m->next)
					keyset_add(&ks, m);
			dup = !keyset_add(&ks, v);
		}
		if (dup) {
			fail(ps, kpos, N_("duplicate key"));
			goto out;
		}
		/* jv_push clears the key; put it back afterwards. */
		jv_push(obj, v);
		v->key = key;

		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			ret = obj;
			goto out;
		}
		if (ps->p >= ps->end || *ps->p != ',') {
			fail(ps, ps->p, N_("expected ',' or '}'"));
			goto out;
		}
		const unsigned char *comma = ps->p++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == '}') {
			fail(ps, comma, N_("trailing comma"));
			goto out;
		}
	}
out:
	free(ks.slot);
	return ret;
}

/* A value, with the whitespace before it. `depth` is the nesting level of
 * the container holding it (0 at the top). */
static struct jval *parse_value(struct parser *ps, int depth)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, ps->p, N_("unexpected end of input"));
	switch (*ps->p) {
	case '{':
	case '[':
		if (depth >= JSON_MAX_DEPTH)
			return fail(ps, ps->p, N_("nesting too deep"));
		return *ps->p == '{' ? parse_object(ps, depth + 1)
				     : parse_array(ps, depth + 1);
	case '"':
		return parse_string(ps);
	case 't':
		return parse_word(ps, "true") < 0 ? NULL : jv_bool(ps->a, 1);
	case 'f':
		return parse_word(ps, "false") < 0 ? NULL : jv_bool(ps->a, 0);
	case 'n':
		return parse_word(ps, "null") < 0 ? NULL : jv_null(ps->a);
	default:
		if (*ps->p == '-' || is_digit(*ps->p))
			return parse_number(ps);
		return fail(ps, ps->p, N_("unexpected character"));
	}
}

/*
 * Parse exactly one JSON text (RFC 8259) from text[0..len). Strict: no
 * comments, no trailing commas, no duplicate object keys, no "\u0000",
 * no unpaired surrogates, valid UTF-8 only, nesting at most JSON_MAX_DEPTH.
 * Integers that fit in long long become J_INT, all other numbers J_NUM.
 * Returns the root, or NULL with *err filled in.
 */
struct jval *json_parse(struct arena *a, const char *text, size_t len,
			struct json_error *err)
{
	static const char empty[1];
	struct parser ps;
	struct jval *root = NULL;

	if (!text) {
		text = empty;
		len = 0;
	}
	memset(&ps, 0, sizeof ps);
	ps.a = a;
	ps.start = ps.p = (const unsigned char *)text;
	ps.end = ps.start + len;

	skip_ws(&ps);
	if (ps.p >= ps.end) {
		fail(&ps, ps.p, N_("empty document"));
	} else {
		root = parse_value(&ps, 0);
		if (root) {
			skip_ws(&ps);
			if (ps.p < ps.end) {
				fail(&ps, ps.p, N_("trailing characters after the JSON value"));
				root = NULL;
			}
		}
	}
	buf_free(&ps.sb);

	if (root)
		return root;
	if (err) {
		/* Count lines up to the offending byte; col is in bytes. */
		size_t line = 1;
		const unsigned char *bol = ps.start;
		for (const unsigned char *q = ps.start; q < ps.err_at; q++) {
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		}
		size_t col = (size_t)(ps.err_at - bol) + 1;
		err->line = line > INT_MAX ? INT_MAX : (int)line;
		err->col = col > INT_MAX ? INT_MAX : (int)col;
		err->msg = ps.err_msg;
	}
	return NULL;
}
