/*
 * test_json: the JSON parser (json_parse.c), writer (json_write.c) and the
 * tree builders (json.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"

/* One arena per test, made by setup() and freed by teardown(). */
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

static struct jval *parse_ok_at(const char *text, size_t len, int line)
{
	struct json_error e = { 0, 0, NULL };
	struct jval *v = json_parse(A, text, len, &e);
	if (!v)
		fail_msg("test line %d: parse failed: %s at %d:%d", line,
			 e.msg ? e.msg : "(no message)", e.line, e.col);
	return v;
}

#define PARSE(text) parse_ok_at((text), strlen(text), __LINE__)

static void parse_err_at(const char *text, size_t len, const char *msg,
			 int line, int col, int srcline)
{
	struct json_error e = { 0, 0, NULL };
	struct jval *v = json_parse(A, text, len, &e);
	if (v)
		fail_msg("test line %d: parse unexpectedly succeeded", srcline);
	if (!e.msg || strcmp(e.msg, msg) != 0 || e.line != line || e.col != col)
		fail_msg("test line %d: got \"%s\" at %d:%d, want \"%s\" at %d:%d",
			 srcline, e.msg ? e.msg : "(null)", e.line, e.col, msg, line, col);
}

#define ERR(text, msg, line, col) \
	parse_err_at((text), strlen(text), (msg), (line), (col), __LINE__)
#define ERRN(text, len, msg, line, col) \
	parse_err_at((text), (len), (msg), (line), (col), __LINE__)

/* Serialise v into a string in the test arena. */
static const char *write_at(const struct jval *v, int flags)
{
	struct buf b = BUF_INIT;
	json_write(&b, v, flags);
	const char *s = arena_strndup(A, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static const char *wstr(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_write_string(&b, s, len);
	const char *r = arena_strndup(A, buf_str(&b), b.len);
	buf_free(&b);
	return r;
}

/* ---- parsing valid documents ------------------------------------------ */

static void test_scalars(void **state)
{
	(void)state;
	struct jval *v;

	v = PARSE("null");
	assert_int_equal(v->type, J_NULL);
	v = PARSE("true");
	assert_int_equal(v->type, J_BOOL);
	assert_int_equal(v->b, 1);
	v = PARSE("false");
	assert_int_equal(v->type, J_BOOL);
	assert_int_equal(v->b, 0);
	v = PARSE(" \t\r\n 42 \n\t\r ");
	assert_int_equal(v->type, J_INT);
	assert_int_equal(v->i, 42);
	assert_true(v->n == 42.0);
	v = PARSE("-17");
	assert_int_equal(v->type, J_INT);
	assert_int_equal(v->i, -17);
	assert_true(v->n == -17.0);
	v = PARSE("0");
	assert_int_equal(v->type, J_INT);
	assert_int_equal(v->i, 0);
	v = PARSE("3.5");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 3.5);
	assert_int_equal(v->i, 3);
	v = PARSE("-2.5e3");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == -2500.0);
	v = PARSE("1E+2");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 100.0);
	v = PARSE("0.1");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 0.1);
	v = PARSE("25e-1");
	assert_true(v->n == 2.5);
	v = PARSE("\"hello\"");
	assert_int_equal(v->type, J_STR);
	assert_string_equal(v->s, "hello");
	assert_int_equal(v->len, 5);
	v = PARSE("\"\"");
	assert_int_equal(v->type, J_STR);
	assert_string_equal(v->s, "");
	assert_int_equal(v->len, 0);
}

static void test_big_numbers(void **state)
{
	(void)state;
	struct jval *v;

	v = PARSE("9223372036854775807");
	assert_int_equal(v->type, J_INT);
	assert_true(v->i == LLONG_MAX);
	v = PARSE("-9223372036854775808");
	assert_int_equal(v->type, J_INT);
	assert_true(v->i == LLONG_MIN);
	v = PARSE("9223372036854775808");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 9223372036854775808.0);
	v = PARSE("-9223372036854775809");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == -9223372036854775808.0);
	v = PARSE("123456789012345678901234567890");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 123456789012345678901234567890.0);
	v = PARSE("1e308");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 1e308);
	v = PARSE("-1.7976931348623157e308");
	assert_true(v->n == -1.7976931348623157e308);
	/* Underflow is harmless: it reads as zero or a subnormal. */
	v = PARSE("1e-400");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 0.0);
	v = PARSE("4.9406564584124654e-324");
	assert_true(v->n == 4.9406564584124654e-324);
	/* Integer syntax alone does not make a J_INT. */
	v = PARSE("1.0");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 1.0);
	v = PARSE("1e2");
	assert_int_equal(v->type, J_NUM);

	/* A long mantissa that does not fit the stack buffer. */
	char big[400];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = 0;
	big[1] = '.';
	v = PARSE(big);
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n > 1.11 && v->n < 1.12);
}

static void test_negative_zero(void **state)
{
	(void)state;
	struct jval *v;

	/* -0 is an integer that fits, so J_INT 0. */
	v = PARSE("-0");
	assert_int_equal(v->type, J_INT);
	assert_int_equal(v->i, 0);
	v = PARSE("-0.0");
	assert_int_equal(v->type, J_NUM);
	assert_true(v->n == 0.0);
	assert_true(signbit(v->n));
	/* Written so that the sign survives a round trip. */
	assert_string_equal(write_at(v, 0), "-0.0");
	v = PARSE("-0e5");
	assert_int_equal(v->type, J_NUM);
	assert_true(signbit(v->n));
}

static void test_string_escapes(void **state)
{
	(void)state;
	struct jval *v;

	v = PARSE("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
	assert_string_equal(v->s, "\"\\/\b\f\n\r\t");
	assert_int_equal(v->len, 8);
	v = PARSE("\"caf\\u00e9 \\u00C9\"");
	assert_string_equal(v->s, "caf\xc3\xa9 \xc3\x89");
	assert_int_equal(v->len, 8);
	v = PARSE("\"\\u20ac\"");
	assert_string_equal(v->s, "\xe2\x82\xac");
	v = PARSE("\"\\u0041\\u007f\\u0080\\u07ff\\u0800\\uffff\"");
	assert_string_equal(v->s, "A\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
	/* A surrogate pair becomes one 4-byte sequence. */
	v = PARSE("\"\\ud83d\\ude00\"");
	assert_int_equal(v->len, 4);
	assert_memory_equal(v->s, "\xf0\x9f\x98\x80", 5);
	v = PARSE("\"\\uD800\\uDC00\\uDBFF\\uDFFF\"");
	assert_string_equal(v->s, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
	/* Raw UTF-8 and DEL pass through untouched. */
	v = PARSE("\"\xc3\xa5\xc3\xa4\xc3\xb6 \xe2\x82\xac \xf0\x9f\x98\x80 \x7f\"");
	assert_string_equal(v->s, "\xc3\xa5\xc3\xa4\xc3\xb6 \xe2\x82\xac \xf0\x9f\x98\x80 \x7f");
	assert_int_equal(v->len, 17);
}

static void test_containers(void **state)
{
	(void)state;
	struct jval *v = PARSE("{\"a\": [1, 2, {\"b\": null}], \"c\": {\"d\": \"e\"},"
			       " \"f\": [], \"g\": {}}");
	assert_int_equal(v->type, J_OBJ);
	assert_int_equal(v->len, 4);
	assert_string_equal(v->first->key, "a");
	assert_string_equal(v->last->key, "g");

	struct jval *a = jv_get(v, "a");
	assert_non_null(a);
	assert_int_equal(a->type, J_ARR);
	assert_int_equal(a->len, 3);
	assert_null(a->first->key);
	assert_int_equal(a->first->i, 1);
	assert_int_equal(a->first->next->i, 2);
	assert_ptr_equal(a->last, a->first->next->next);
	assert_int_equal(a->last->type, J_OBJ);
	assert_int_equal(jv_get(a->last, "b")->type, J_NULL);
	assert_null(a->last->next);

	assert_string_equal(jv_get_str(jv_get(v, "c"), "d"), "e");
	struct jval *f = jv_get(v, "f");
	assert_int_equal(f->type, J_ARR);
	assert_int_equal(f->len, 0);
	assert_null(f->first);
	struct jval *g = jv_get(v, "g");
	assert_int_equal(g->type, J_OBJ);
	assert_int_equal(g->len, 0);
	assert_null(g->first);

	v = PARSE("[]");
	assert_int_equal(v->type, J_ARR);
	assert_int_equal(v->len, 0);
	v = PARSE(" { } ");
	assert_int_equal(v->type, J_OBJ);
	assert_int_equal(v->len, 0);
	v = PARSE("[[[]],[{}]]");
	assert_int_equal(v->len, 2);
	assert_int_equal(v->first->first->type, J_ARR);

	/* The same key in different objects is fine. */
	v = PARSE("{\"a\":{\"a\":1},\"b\":{\"a\":2}}");
	assert_int_equal(jv_get_int(jv_get(v, "b"), "a", 0), 2);
}

static void test_member_order(void **state)
{
	(void)state;
	struct jval *v = PARSE("{\"z\":1,\"a\":2,\"m\":3,\"b\":4}");
	const char *want[] = { "z", "a", "m", "b" };
	int i = 0;
	for (struct jval *m = v->first; m; m = m->next, i++) {
		assert_string_equal(m->key, want[i]);
		assert_int_equal(m->i, i + 1);
	}
	assert_int_equal(i, 4);
	assert_int_equal(v->len, 4);
}

static void test_keys_are_copies(void **state)
{
	(void)state;
	char text[] = "{\"name\":\"x\",\"k\\u00e9y\":true}";
	struct json_error e;
	struct jval *v = json_parse(A, text, strlen(text), &e);
	assert_non_null(v);
	const char *k = v->first->key;
	assert_true(k < text || k >= text + sizeof text);
	memset(text, 'X', sizeof text - 1);
	assert_string_equal(v->first->key, "name");
	assert_string_equal(v->first->s, "x");
	assert_string_equal(v->last->key, "k\xc3\xa9y");
	assert_non_null(jv_get(v, "k\xc3\xa9y"));
}

/* Exactly 64 levels parse, 65 do not. */
static void test_depth_limit(void **state)
{
	(void)state;
	char doc[2 * (JSON_MAX_DEPTH + 1) + 1];
	struct jval *v;

	assert_int_equal(JSON_MAX_DEPTH, 64);
	memset(doc, '[', JSON_MAX_DEPTH);
	memset(doc + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
	doc[2 * JSON_MAX_DEPTH] = 0;
	v = PARSE(doc);
	int levels = 0;
	for (; v; v = v->first)
		levels++;
	assert_int_equal(levels, 64);

	memset(doc, '[', JSON_MAX_DEPTH + 1);
	memset(doc + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
	doc[2 * (JSON_MAX_DEPTH + 1)] = 0;
	ERR(doc, "nesting too deep", 1, 65);

	/* Objects count as levels too: 63 arrays inside one object is 64. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"k\":");
	for (int i = 0; i < 63; i++)
		buf_putc(&b, '[');
	for (int i = 0; i < 63; i++)
		buf_putc(&b, ']');
	buf_putc(&b, '}');
	assert_non_null(PARSE(buf_str(&b)));
	buf_reset(&b);
	for (int i = 0; i < 64; i++)
		buf_puts(&b, "{\"k\":");
	buf_puts(&b, "{}");
	for (int i = 0; i < 64; i++)
		buf_putc(&b, '}');
	ERR(buf_str(&b), "nesting too deep", 1, 64 * 5 + 1);
	buf_free(&b);
}

/* ---- parse errors -------------------------------------------------------- */

static void test_errors_structure(void **state)
{
	(void)state;
	ERR("", "empty document", 1, 1);
	ERR("   \n  ", "empty document", 2, 3);
	ERRN(NULL, 0, "empty document", 1, 1);
	ERR("1 2", "trailing characters after the JSON value", 1, 3);
	ERR("{} x", "trailing characters after the JSON value", 1, 4);
	ERR("[1]\n\n  ]", "trailing characters after the JSON value", 3, 3);
	ERR("0x10", "trailing characters after the JSON value", 1, 2);
	ERR("[1,]", "trailing comma", 1, 3);
	ERR("[1 , ]", "trailing comma", 1, 4);
	ERR("{\"a\":1,}", "trailing comma", 1, 7);
	ERR("[,1]", "unexpected character", 1, 2);
	ERR("[1,,2]", "unexpected character", 1, 4);
	ERR("// c\n1", "unexpected character", 1, 1);
	ERR("/* c */ 1", "unexpected character", 1, 1);
	ERR("[1 /* c */]", "expected ',' or ']'", 1, 4);
	ERR("[1 2]", "expected ',' or ']'", 1, 4);
	ERR("[1}", "expected ',' or ']'", 1, 3);
	ERR("{\"a\" 1}", "expected ':'", 1, 6);
	ERR("{\"a\"", "expected ':'", 1, 5);
	ERR("{\"a\":1 \"b\":2}", "expected ',' or '}'", 1, 8);
	ERR("{\"a\":1]", "expected ',' or '}'", 1, 7);
	ERR("{1:2}", "expected object key", 1, 2);
	ERR("{'a':1}", "expected object key", 1, 2);
	ERR("{a:1}", "expected object key", 1, 2);
	ERR("{\"a\":1,2}", "expected object key", 1, 8);
	ERR("[", "unexpected end of input", 1, 2);
	ERR("{", "unexpected end of input", 1, 2);
	ERR("{\"a\":", "unexpected end of input", 1, 6);
	ERR("[1,", "unexpected end of input", 1, 4);
	ERR("[1", "expected ',' or ']'", 1, 3);
	ERR("'a'", "unexpected character", 1, 1);
	ERR("NaN", "unexpected character", 1, 1);
	ERR("Infinity", "unexpected character", 1, 1);
	ERR("undefined", "unexpected character", 1, 1);
	ERR("tru", "invalid literal", 1, 4);
	ERR("trUe", "invalid literal", 1, 3);
	ERR("nul", "invalid literal", 1, 4);
	ERR("falsy", "invalid literal", 1, 5);
	ERR("True", "unexpected character", 1, 1);
	ERR("truex", "trailing characters after the JSON value", 1, 5);
	/* A byte order mark is not JSON. */
	ERR("\xef\xbb\xbf{}", "unexpected character", 1, 1);
	/* A NUL byte outside a string. */
	ERRN("[1,\0]", 5, "unexpected character", 1, 4);
	ERRN("1\0", 2, "trailing characters after the JSON value", 1, 2);
	/* Positions on later lines count bytes from the line start. */
	ERR("{\n  \"a\": 1,\n  \"b\": tru\n}", "invalid literal", 3, 11);
	ERR("[\r\n1,\r\n\t2 3]", "expected ',' or ']'", 3, 4);

	/* A NULL err is allowed. */
	assert_null(json_parse(A, "[", 1, NULL));
	/* Only len bytes are read, even if more follow. */
	ERRN("[1]", 2, "expected ',' or ']'", 1, 3);
	assert_int_equal(json_parse(A, "12345", 2, NULL)->i, 12);
}

static void test_errors_numbers(void **state)
{
	(void)state;
	ERR("01", "invalid number", 1, 2);
	ERR("-01", "invalid number", 1, 3);
	ERR("00", "invalid number", 1, 2);
	ERR("-", "invalid number", 1, 2);
	ERR("-a", "invalid number", 1, 2);
	ERR("-Infinity", "invalid number", 1, 2);
	ERR("[- 1]", "invalid number", 1, 3);
	ERR("1.", "invalid number", 1, 3);
	ERR("1.e5", "invalid number", 1, 3);
	ERR("[1.]", "invalid number", 1, 4);
	ERR("1e", "invalid number", 1, 3);
	ERR("1e+", "invalid number", 1, 4);
	ERR("1E-x", "invalid number", 1, 4);
	ERR(".5", "unexpected character", 1, 1);
	ERR("+1", "unexpected character", 1, 1);
	ERR("1e309", "number out of range", 1, 1);
	ERR("[0, -1e400]", "number out of range", 1, 5);
}

static void test_errors_strings(void **state)
{
	(void)state;
	ERR("\"abc", "unterminated string", 1, 1);
	ERR("[\"abc", "unterminated string", 1, 2);
	ERR("\"a\\", "unterminated string", 1, 1);
	ERR("\"\\u12", "unterminated string", 1, 1);
	ERR("{\"a\":1,\n \"b", "unterminated string", 2, 2);
	ERR("\"a\tb\"", "control character in string", 1, 3);
	ERR("\"a\nb\"", "control character in string", 1, 3);
	ERR("\"\x1f\"", "control character in string", 1, 2);
	ERRN("\"a\0\"", 4, "control character in string", 1, 3);
	ERR("\"\\x\"", "invalid escape sequence", 1, 3);
	ERR("\"\\'\"", "invalid escape sequence", 1, 3);
	ERR("\"\\U0041\"", "invalid escape sequence", 1, 3);
	ERR("\"\\u12g4\"", "invalid escape sequence", 1, 6);
	ERR("\"\\u-123\"", "invalid escape sequence", 1, 4);
	ERR("\"a\\u0000b\"", "null character in string", 1, 3);
	ERR("{\"\\u0000\":1}", "null character in string", 1, 3);
	ERR("\"\\ud83d\"", "unpaired surrogate in string", 1, 2);
	ERR("\"\\ude00\"", "unpaired surrogate in string", 1, 2);
	ERR("\"ab\\ud83dx\"", "unpaired surrogate in string", 1, 4);
	ERR("\"\\ud83d\\u0041\"", "unpaired surrogate in string", 1, 2);
	ERR("\"\\ud83d\\ud83d\"", "unpaired surrogate in string", 1, 2);
	ERR("\"\\ud83d\\n\"", "unpaired surrogate in string", 1, 2);
	ERR("\"\\ude00\\ud83d\"", "unpaired surrogate in string", 1, 2);
	ERR("\"\\ud83d\\ude0z\"", "invalid escape sequence", 1, 13);
	/* Invalid UTF-8, reported at the first byte of the bad sequence. */
	ERR("\"\xff\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\x80\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"a\xc3\"", "invalid UTF-8 in string", 1, 3);
	ERR("\"a\xc3", "invalid UTF-8 in string", 1, 3);
	ERR("\"\xc0\xaf\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xc1\xbf\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xe0\x80\xaf\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xed\xa0\x80\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xf0\x80\x80\xaf\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xf4\x90\x80\x80\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"\xf5\x80\x80\x80\"", "invalid UTF-8 in string", 1, 2);
	ERR("\"ok \xe2\x82\xac \xe2\x82\"", "invalid UTF-8 in string", 1, 9);
	ERR("{\"k\xff\":1}", "invalid UTF-8 in string", 1, 4);
	/* The largest valid code points of each length are fine. */
	assert_int_equal(PARSE("\"\xdf\xbf\xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\"")->len, 12);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	ERR("{\"a\":1,\"a\":2}", "duplicate key", 1, 8);
	ERR("{\"a\":1,\"b\":2,\n\"a\":3}", "duplicate key", 2, 1);
	/* Equal after unescaping is equal. */
	ERR("{\"a\":1,\"\\u0061\":2}", "duplicate key", 1, 8);
	ERR("{\"x\":{\"a\":1,\"a\":2}}", "duplicate key", 1, 13);

	/* Large objects (past the linear-scan size) use a hash set. */
	struct buf b = BUF_INIT;
	buf_putc(&b, '{');
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_putc(&b, '}');
	struct jval *v = PARSE(buf_str(&b));
	assert_int_equal(v->len, 1000);
	int i = 0;
	for (struct jval *m = v->first; m; m = m->next, i++) {
		char k[16];
		snprintf(k, sizeof k, "k%d", i);
		assert_string_equal(m->key, k);
		assert_int_equal(m->i, i);
	}
	assert_int_equal(i, 1000);
	assert_int_equal(jv_get_int(v, "k999", -1), 999);

	/* A duplicate of an early key, found late; and one at each size
	 * around the switch to the hash set. */
	b.len--;
	size_t at = b.len + 2;
	buf_puts(&b, ",\"k7\":0}");
	ERR(buf_str(&b), "duplicate key", 1, (int)at);
	for (int n = 30; n <= 36; n++) {
		buf_reset(&b);
		buf_putc(&b, '{');
		for (int j = 0; j < n; j++)
			buf_printf(&b, "\"k%d\":0,", j);
		at = b.len + 1;
		buf_printf(&b, "\"k%d\":1}", n - 1);
		ERR(buf_str(&b), "duplicate key", 1, (int)at);
		buf_reset(&b);
		buf_putc(&b, '{');
		for (int j = 0; j < n; j++)
			buf_printf(&b, "\"k%d\":0,", j);
		buf_puts(&b, "\"k0\":1}");
		assert_null(json_parse(A, b.data, b.len, NULL));
		b.data[b.len - 6] = '_'; /* "k0" -> "_0": no longer a duplicate */
		assert_int_equal(PARSE(buf_str(&b))->len, n + 1);
	}
	buf_free(&b);
}

/* ---- writing ------------------------------------------------------------- */

static void test_write_compact(void **state)
{
	(void)state;
	struct jval *o = jv_obj(A);
	jv_set_int(A, o, "a", 1);
	struct jval *arr = jv_set(o, "b", jv_arr(A));
	jv_push(arr, jv_bool(A, 1));
	jv_push(arr, jv_bool(A, 0));
	jv_push(arr, jv_null(A));
	jv_set_str(A, o, "c", "x");
	jv_set(o, "d", jv_num(A, 1.5));
	jv_set(o, "e", jv_obj(A));
	jv_set(o, "f", jv_arr(A));
	assert_string_equal(write_at(o, 0),
			    "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\",\"d\":1.5,\"e\":{},\"f\":[]}");

	/* Appends to what the buffer holds already. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "x=");
	json_write(&b, jv_int(A, 7), 0);
	assert_string_equal(buf_str(&b), "x=7");
	buf_free(&b);

	assert_string_equal(write_at(NULL, 0), "null");
	assert_string_equal(write_at(jv_str(A, NULL), 0), "null");
}

static void test_write_pretty(void **state)
{
	(void)state;
	struct jval *v = PARSE("{\"a\":1,\"b\":[1,\"x\"],\"c\":{},\"d\":[],\"e\":{\"f\":null}}");
	assert_string_equal(write_at(v, JSON_PRETTY),
			    "{\n"
			    "  \"a\": 1,\n"
			    "  \"b\": [\n"
			    "    1,\n"
			    "    \"x\"\n"
			    "  ],\n"
			    "  \"c\": {},\n"
			    "  \"d\": [],\n"
			    "  \"e\": {\n"
			    "    \"f\": null\n"
			    "  }\n"
			    "}");
	assert_string_equal(write_at(PARSE("[]"), JSON_PRETTY), "[]");
	assert_string_equal(write_at(PARSE("3"), JSON_PRETTY), "3");
	assert_string_equal(write_at(PARSE("[[true]]"), JSON_PRETTY),
			    "[\n  [\n    true\n  ]\n]");
}

static void test_write_skip_private(void **state)
{
	(void)state;
	const char *doc = "{\"_x\":0,\"a\":1,\"_b\":2,\"c\":{\"_d\":3,\"e\":[{\"_f\":1,\"g\":2}]},"
			  "\"_h\":{},\"i\":\"_j\"}";
	struct jval *v = PARSE(doc);
	assert_string_equal(write_at(v, JSON_SKIP_PRIVATE),
			    "{\"a\":1,\"c\":{\"e\":[{\"g\":2}]},\"i\":\"_j\"}");
	/* Without the flag nothing is left out. */
	assert_string_equal(write_at(v, 0), doc);
	assert_string_equal(write_at(PARSE("{\"_a\":1,\"_b\":2}"), JSON_SKIP_PRIVATE), "{}");
	assert_string_equal(write_at(PARSE("{\"_a\":1,\"_b\":2}"),
				     JSON_SKIP_PRIVATE | JSON_PRETTY), "{}");
	assert_string_equal(write_at(PARSE("{\"_a\":1,\"b\":[{\"_c\":1}]}"),
				     JSON_SKIP_PRIVATE | JSON_PRETTY),
			    "{\n  \"b\": [\n    {}\n  ]\n}");
	/* Array elements have no key and are never skipped. */
	assert_string_equal(write_at(PARSE("[\"_a\",{\"a_\":1}]"), JSON_SKIP_PRIVATE),
			    "[\"_a\",{\"a_\":1}]");
}

static void test_write_string_escapes(void **state)
{
	(void)state;
	const char in[] = "a\"b\\c/\b\f\n\r\t\x01\x1f\x7f";
	assert_string_equal(wstr(in, sizeof in - 1),
			    "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
	assert_string_equal(wstr("</script>", 9), "\"<\\/script>\"");
	assert_string_equal(wstr("<</", 3), "\"<<\\/\"");
	assert_string_equal(wstr("a</b></c", 8), "\"a<\\/b><\\/c\"");
	assert_string_equal(wstr("1/2 < 3", 7), "\"1/2 < 3\"");
	assert_string_equal(wstr("x\xe2\x80\xa8y\xe2\x80\xa9z", 9), "\"x\\u2028y\\u2029z\"");
	/* Other non-ASCII text is written as it is. */
	assert_string_equal(wstr("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9),
			    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	assert_string_equal(wstr("a\0b", 3), "\"a\\u0000b\"");
	assert_string_equal(wstr("", 0), "\"\"");
	assert_string_equal(wstr(NULL, 0), "\"\"");
	/* Only len bytes are written. */
	assert_string_equal(wstr("abcdef", 3), "\"abc\"");

	/* Strings inside a tree and keys go through the same escaping. */
	struct jval *o = jv_obj(A);
	jv_set_str(A, o, "k\"</", "\n</script>");
	assert_string_equal(write_at(o, 0), "{\"k\\\"<\\/\":\"\\n<\\/script>\"}");
}

static void test_write_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "a\xff" "b", 3, "\"a\xef\xbf\xbd" "b\"" },
		{ "\x80", 1, "\"\xef\xbf\xbd\"" },
		{ "\xe2\x82", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xe2\x82" "A", 3, "\"\xef\xbf\xbd\xef\xbf\xbd" "A\"" },
		{ "\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf4\x90\x80\x80", 4,
		  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xc3\xa9\xc3", 3, "\"\xc3\xa9\xef\xbf\xbd\"" },
		{ "\xc3\"", 2, "\"\xef\xbf\xbd\\\"\"" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *w = wstr(cases[i].in, cases[i].len);
		assert_string_equal(w, cases[i].out);
		/* And the result is JSON our own strict parser accepts. */
		assert_non_null(json_parse(A, w, strlen(w), NULL));
	}

	/* A tree string with bad bytes (built by hand) still writes valid JSON. */
	struct jval *v = jv_strn(A, "ok\xfe", 3);
	const char *w = write_at(v, 0);
	assert_string_equal(w, "\"ok\xef\xbf\xbd\"");
	assert_non_null(json_parse(A, w, strlen(w), NULL));
}

static void test_write_numbers(void **state)
{
	(void)state;
	static const struct {
		double n;
		const char *out;
	} cases[] = {
		{ 1.5, "1.5" },
		{ 0.1, "0.1" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 1.0 / 3.0, "0.3333333333333333" },
		{ 100.0, "100" },
		{ 1e308, "1e+308" },
		{ 1e-7, "1e-07" },
		{ -2.5e-300, "-2.5e-300" },
		{ 123456789.125, "123456789.125" },
		{ 9007199254740993.0, "9007199254740992" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(write_at(jv_num(A, cases[i].n), 0), cases[i].out);

	assert_string_equal(write_at(jv_num(A, -0.0), 0), "-0.0");
	assert_string_equal(write_at(jv_num(A, 0.0), 0), "0");
	assert_string_equal(write_at(jv_num(A, NAN), 0), "null");
	assert_string_equal(write_at(jv_num(A, INFINITY), 0), "null");
	assert_string_equal(write_at(jv_num(A, -INFINITY), 0), "null");
	assert_string_equal(write_at(jv_int(A, LLONG_MIN), 0), "-9223372036854775808");
	assert_string_equal(write_at(jv_int(A, LLONG_MAX), 0), "9223372036854775807");
	assert_string_equal(write_at(jv_int(A, 0), 0), "0");

	/* Every written double reads back exactly. */
	double samples[] = { 5e-324, 2.2250738585072014e-308, 0.1, 1e21, 1e22,
			     123.456, -98765.4321e-10, 4.35, 3.141592653589793 };
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		const char *w = write_at(jv_num(A, samples[i]), 0);
		struct jval *r = PARSE(w);
		assert_true(r->n == samples[i]);
	}
}

/* A decimal-comma locale must change neither reading nor writing. */
static void test_locale_independent(void **state)
{
	(void)state;
	static const char *names[] = { "sv_SE.UTF-8", "sv_SE.utf8", "de_DE.UTF-8",
				       "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8" };
	const char *got = NULL;
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !got; i++)
		got = setlocale(LC_NUMERIC, names[i]);
	if (!got) {
		skip();
		return;
	}
	char probe[16];
	snprintf(probe, sizeof probe, "%.1f", 1.5);
	int comma = strcmp(probe, "1,5") == 0;

	const char *w = write_at(jv_num(A, 1.25), 0);
	struct jval *v = json_parse(A, "[1.25, 2e-1]", 12, NULL);
	setlocale(LC_NUMERIC, "C");
	assert_true(comma);
	assert_string_equal(w, "1.25");
	assert_non_null(v);
	assert_true(v->first->n == 1.25);
	assert_true(v->last->n == 0.2);
}

/* ---- round trips ---------------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	static const char *docs[] = {
		"null", "true", "0", "-0", "-0.0", "1.5e300", "9223372036854775807",
		"9223372036854775808", "-9223372036854775809", "0.30000000000000004",
		"\"\"", "\"\\u2028 \\u2029 </script> \\\\ \\\" \\u001f\"",
		"\"\\ud83d\\ude00 caf\xc3\xa9\"",
		"[]", "{}", "[[[[]]]]",
		("{\"a\":[1,2.5,\"x\\ny\",true,false,null],\"b\":{\"c\":-3,\"_d\":{}},"
		 "\"\\u00e9\":[{},[]]}"),
		" [ 1 , { \"k\" : [ \"v\" ] } ] ",
	};
	static const int flags[] = { 0, JSON_PRETTY };
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct jval *v = PARSE(docs[i]);
		for (size_t f = 0; f < 2; f++) {
			const char *w = write_at(v, flags[f]);
			struct jval *r = PARSE(w);
			if (!jv_equal(v, r))
				fail_msg("round trip of %s gave %s", docs[i], w);
			/* Writing again gives the same bytes. */
			assert_string_equal(write_at(r, flags[f]), w);
		}
	}

	/* A canonical compact document is written back byte for byte. */
	const char *canon = "{\"a\":[1,2.5,\"x\\ny\",true,false,null],\"b\":{\"c\":-3},"
			    "\"\xc3\xa9\":\"\\u2028<\\/\"}";
	assert_string_equal(write_at(PARSE(canon), 0), canon);
}

/* ---- builders --------------------------------------------------------------- */

static void test_set_replace_keeps_order(void **state)
{
	(void)state;
	struct jval *o = jv_obj(A);
	jv_set_int(A, o, "a", 1);
	jv_set_int(A, o, "b", 2);
	jv_set_int(A, o, "c", 3);
	jv_set_str(A, o, "b", "x");
	assert_int_equal(o->len, 3);
	assert_string_equal(write_at(o, 0), "{\"a\":1,\"b\":\"x\",\"c\":3}");
	/* Replacing the first and last member keeps first/last right. */
	jv_set_bool(A, o, "a", 1);
	jv_set_bool(A, o, "c", 0);
	assert_string_equal(o->first->key, "a");
	assert_string_equal(o->last->key, "c");
	jv_set_int(A, o, "d", 4);
	assert_int_equal(o->len, 4);
	assert_string_equal(write_at(o, 0), "{\"a\":true,\"b\":\"x\",\"c\":false,\"d\":4}");
	assert_string_equal(jv_get_str(o, "b"), "x");
	assert_int_equal(jv_get_int(o, "d", 0), 4);
	assert_int_equal(jv_get_int(o, "b", -5), -5);
	assert_null(jv_get(o, "zz"));
}

static void test_del(void **state)
{
	(void)state;
	struct jval *o = PARSE("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}");
	jv_del(o, "b");
	assert_int_equal(o->len, 3);
	assert_string_equal(write_at(o, 0), "{\"a\":1,\"c\":3,\"d\":4}");
	jv_del(o, "a");
	assert_string_equal(write_at(o, 0), "{\"c\":3,\"d\":4}");
	jv_del(o, "d");
	assert_int_equal(o->len, 1);
	assert_string_equal(o->last->key, "c");
	jv_del(o, "missing");
	assert_int_equal(o->len, 1);
	jv_set_int(A, o, "e", 5);
	assert_string_equal(write_at(o, 0), "{\"c\":3,\"e\":5}");
	jv_del(o, "c");
	jv_del(o, "e");
	assert_int_equal(o->len, 0);
	assert_null(o->first);
	assert_null(o->last);
	assert_string_equal(write_at(o, 0), "{}");
	jv_set_int(A, o, "f", 6);
	assert_string_equal(write_at(o, 0), "{\"f\":6}");
	/* Harmless on non-objects. */
	jv_del(NULL, "a");
	struct jval *arr = PARSE("[1]");
	jv_del(arr, "a");
	assert_int_equal(arr->len, 1);
}

static void test_clone_equal(void **state)
{
	(void)state;
	struct jval *v = PARSE("{\"a\":[1,{\"b\":\"c\"}],\"d\":2.5,\"e\":null,\"f\":true}");
	struct arena *other = arena_new();
	struct jval *c = jv_clone(other, v);
	assert_true(jv_equal(v, c));
	assert_true(jv_equal(c, v));
	assert_ptr_not_equal(c->first->key, v->first->key);
	assert_string_equal(write_at(c, 0), write_at(v, 0));

	/* Deep: changing the original leaves the clone alone. */
	jv_set_str(A, jv_get(v, "a")->last, "b", "changed");
	assert_false(jv_equal(v, c));
	assert_string_equal(jv_get_str(jv_get(c, "a")->last, "b"), "c");
	arena_free(other);

	/* Member order does not matter; numeric type does not either. */
	assert_true(jv_equal(PARSE("{\"a\":1,\"b\":[2]}"), PARSE("{\"b\":[2],\"a\":1.0}")));
	assert_false(jv_equal(PARSE("[1,2]"), PARSE("[2,1]")));
	assert_false(jv_equal(PARSE("{\"a\":1}"), PARSE("{\"a\":1,\"b\":1}")));
	assert_false(jv_equal(PARSE("{\"a\":1}"), PARSE("{\"b\":1}")));
	assert_false(jv_equal(PARSE("null"), PARSE("false")));
	assert_false(jv_equal(PARSE("\"a\""), PARSE("\"ab\"")));
	assert_false(jv_equal(PARSE("1"), PARSE("\"1\"")));
	assert_false(jv_equal(PARSE("0.1"), PARSE("0.10000000000000002")));
	assert_true(jv_equal(PARSE("\"\\u00e9\""), PARSE("\"\xc3\xa9\"")));
	assert_true(jv_equal(NULL, NULL));
	assert_false(jv_equal(NULL, PARSE("null")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_containers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_are_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_structure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_compact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_pretty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_skip_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_string_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locale_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_replace_keeps_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clone_equal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
