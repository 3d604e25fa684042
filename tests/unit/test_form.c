/*
 * test_form: urlencoded and multipart/form-data parsing (src/web/form.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/buf.h"
#include "web/form.h"

/* Body given as a string literal: its exact length, NULs included. */
#define URL(a, s, f) form_parse_urlencoded((a), (s), sizeof(s) - 1, (f))
#define MP(a, ct, s, f) form_parse_multipart((a), (ct), (s), sizeof(s) - 1, (f))

#define CT_XYZ "multipart/form-data; boundary=XyZ"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Field i is exactly name=value (value_len bytes, NUL after them). */
static void check_field(const struct form *f, size_t i, const char *name, const char *value,
			size_t value_len)
{
	assert_true(i < f->n);
	assert_string_equal(f->fields[i].name, name);
	assert_int_equal(f->fields[i].value_len, value_len);
	assert_memory_equal(f->fields[i].value, value, value_len);
	assert_int_equal(f->fields[i].value[value_len], 0);
}

/* ---- urlencoded ----------------------------------------------------------- */

static void test_url_basic(void **state)
{
	struct form f;
	assert_int_equal(URL(*state, "a=1&bb=hello&c=x.y-z_~", &f), 0);
	assert_int_equal(f.n, 3);
	check_field(&f, 0, "a", "1", 1);
	check_field(&f, 1, "bb", "hello", 5);
	check_field(&f, 2, "c", "x.y-z_~", 7);
	assert_null(f.fields[0].filename);
	assert_null(f.fields[0].content_type);
	assert_string_equal(form_get(&f, "bb"), "hello");
	assert_null(form_get(&f, "b"));
	assert_null(form_get(&f, "hello"));
	const struct form_field *ff = form_field(&f, "c");
	assert_non_null(ff);
	assert_ptr_equal(ff, &f.fields[2]);
	assert_null(form_field(&f, "d"));
}

static void test_url_swedish(void **state)
{
	struct form f;
	assert_int_equal(URL(*state, "titel=s%C3%A4kerhet&%c3%a5tg%C3%A4rd=%E2%82%ac+50", &f), 0);
	assert_int_equal(f.n, 2);
	check_field(&f, 0, "titel", "s\xc3\xa4kerhet", 9);
	check_field(&f, 1, "\xc3\xa5tg\xc3\xa4rd", "\xe2\x82\xac 50", 6);
	assert_string_equal(form_get(&f, "åtgärd"), "€ 50");
}

static void test_url_plus(void **state)
{
	struct form f;
	assert_int_equal(URL(*state, "q=a+b%2Bc+&first+name=++&x=%20%2b", &f), 0);
	assert_int_equal(f.n, 3);
	check_field(&f, 0, "q", "a b+c ", 6);
	check_field(&f, 1, "first name", "  ", 2);
	check_field(&f, 2, "x", " +", 2);
}

static void test_url_repeated(void **state)
{
	struct form f;
	const char *vals[4] = { NULL, NULL, NULL, NULL };
	assert_int_equal(URL(*state, "k=1&other=x&k=2&K=no&k=3", &f), 0);
	assert_int_equal(f.n, 5);
	assert_string_equal(form_get(&f, "k"), "1");
	assert_int_equal(form_get_all(&f, "k", vals, 4), 3);
	assert_string_equal(vals[0], "1");
	assert_string_equal(vals[1], "2");
	assert_string_equal(vals[2], "3");
	assert_null(vals[3]);

	/* max bounds what is written, not what is counted. */
	const char *two[3] = { NULL, NULL, "sentinel" };
	assert_int_equal(form_get_all(&f, "k", two, 2), 3);
	assert_string_equal(two[0], "1");
	assert_string_equal(two[1], "2");
	assert_string_equal(two[2], "sentinel");
	assert_int_equal(form_get_all(&f, "k", NULL, 0), 3);
	assert_int_equal(form_get_all(&f, "K", vals, 4), 1);
	assert_string_equal(vals[0], "no");
	assert_int_equal(form_get_all(&f, "missing", vals, 4), 0);
}

static void test_url_empty(void **state)
{
	struct form f;
	assert_int_equal(URL(*state, "a=&b=2&c=", &f), 0);
	assert_int_equal(f.n, 3);
	check_field(&f, 0, "a", "", 0);
	check_field(&f, 1, "b", "2", 1);
	check_field(&f, 2, "c", "", 0);

	assert_int_equal(URL(*state, "&a=1&&b=2&&", &f), 0);
	assert_int_equal(f.n, 2);
	check_field(&f, 0, "a", "1", 1);
	check_field(&f, 1, "b", "2", 1);

	assert_int_equal(URL(*state, "&&&", &f), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(URL(*state, "", &f), 0);
	assert_int_equal(f.n, 0);
	assert_null(form_get(&f, "a"));

	/* '=' after the first belongs to the value; an empty name is kept. */
	assert_int_equal(URL(*state, "a=b=c&=v", &f), 0);
	assert_int_equal(f.n, 2);
	check_field(&f, 0, "a", "b=c", 3);
	check_field(&f, 1, "", "v", 1);
}

static void test_url_no_equals(void **state)
{
	struct form f;
	assert_int_equal(URL(*state, "flag&x=1&other", &f), 0);
	assert_int_equal(f.n, 3);
	check_field(&f, 0, "flag", "", 0);
	check_field(&f, 1, "x", "1", 1);
	check_field(&f, 2, "other", "", 0);
	assert_string_equal(form_get(&f, "flag"), "");
}

static void test_url_nul(void **state)
{
	/* A NUL would cut a value short wherever it is read as a C string:
	 * refused, encoded or raw, in a name or a value (util/url). */
	static const char *const bad[] = { "v=a%00b", "w=c\0d", "a%00=1", "n\0=1", "ok=1&v=%00" };
	static const size_t len[] = { 7, 5, 6, 4, 10 };
	struct form f;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f.n = 99;
		assert_int_equal(form_parse_urlencoded(*state, bad[i], len[i], &f), -1);
		assert_int_equal(f.n, 0);
	}
	assert_int_equal(URL(*state, "v=%30", &f), 0);
	check_field(&f, 0, "v", "0", 1);
}

static void test_url_bad_escape(void **state)
{
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%zz", "a=%4g", "a=%g4", "a=1&b=%", "%=1", "a%2=1",
		"a=%%41", "a=%+1", "x=%C3%A",
	};
	struct form f;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f.n = 99;
		assert_int_equal(form_parse_urlencoded(*state, bad[i], strlen(bad[i]), &f), -1);
		assert_int_equal(f.n, 0);
		assert_null(f.fields);
	}
	/* The '%' check looks at the body length, not at a NUL. */
	assert_int_equal(form_parse_urlencoded(*state, "a=%41", 4, &f), -1);
	assert_int_equal(form_parse_urlencoded(*state, "a=%41", 5, &f), 0);
	check_field(&f, 0, "a", "A", 1);
}

static void test_url_field_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), 0);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	check_field(&f, FORM_MAX_FIELDS - 1, "f1999", "1999", 4);
	assert_string_equal(form_get(&f, "f1234"), "1234");

	/* Empty pairs do not count. */
	buf_puts(&b, "&&&");
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), 0);
	assert_int_equal(f.n, FORM_MAX_FIELDS);

	buf_puts(&b, "x");
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), -1);
	assert_int_equal(f.n, 0);
	assert_null(f.fields);
	buf_free(&b);
}

static void test_url_name_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;
	for (int i = 0; i < FORM_MAX_NAME; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "=v");
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(strlen(f.fields[0].name), FORM_MAX_NAME);

	buf_reset(&b);
	for (int i = 0; i <= FORM_MAX_NAME; i++)
		buf_putc(&b, 'n');
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), -1);
	assert_int_equal(f.n, 0);

	/* The limit is on the decoded name: 256 × "%41" is 768 bytes raw. */
	buf_reset(&b);
	for (int i = 0; i < FORM_MAX_NAME; i++)
		buf_puts(&b, "%41");
	buf_puts(&b, "=v");
	assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, &f), 0);
	assert_int_equal(strlen(f.fields[0].name), FORM_MAX_NAME);
	assert_int_equal(f.fields[0].name[0], 'A');
	buf_free(&b);
}

/* ---- multipart ------------------------------------------------------------ */

#define WEBKIT "----WebKitFormBoundaryq3VbpQ7ZkNt8rJ2x"
#define CSV "id;risk;sannolikhet\r\n" \
	    "1;N\xc3\xa4tfiske;3\r\n" \
	    "--not-the-boundary\r\n" \
	    "\r\n" \
	    "2;Ransomware;4\r\n" \
	    "--" WEBKIT "X\r\n"

/* What Chromium sends for a form with a text field, a CSV upload and an
 * empty file input. */
static void test_mp_browser(void **state)
{
	static const char body[] =
		"--" WEBKIT "\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n"
		"\r\n"
		"tok123\r\n"
		"--" WEBKIT "\r\n"
		"Content-Disposition: form-data; name=\"titel\"\r\n"
		"\r\n"
		"Informationss\xc3\xa4kerhet\r\n"
		"--" WEBKIT "\r\n"
		"Content-Disposition: form-data; name=\"fil\"; filename=\"risker.csv\"\r\n"
		"Content-Type: text/csv\r\n"
		"\r\n"
		CSV
		"\r\n"
		"--" WEBKIT "\r\n"
		"Content-Disposition: form-data; name=\"bilaga\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n"
		"\r\n"
		"\r\n"
		"--" WEBKIT "--\r\n";
	struct form f;
	assert_int_equal(MP(*state, "multipart/form-data; boundary=" WEBKIT, body, &f), 0);
	assert_int_equal(f.n, 4);

	check_field(&f, 0, "csrf", "tok123", 6);
	assert_null(f.fields[0].filename);
	assert_null(f.fields[0].content_type);

	check_field(&f, 1, "titel", "Informationss\xc3\xa4kerhet", 21);

	check_field(&f, 2, "fil", CSV, sizeof(CSV) - 1);
	assert_string_equal(f.fields[2].filename, "risker.csv");
	assert_string_equal(f.fields[2].content_type, "text/csv");

	check_field(&f, 3, "bilaga", "", 0);
	assert_string_equal(f.fields[3].filename, "");
	assert_string_equal(f.fields[3].content_type, "application/octet-stream");

	const struct form_field *ff = form_field(&f, "fil");
	assert_ptr_equal(ff, &f.fields[2]);
	assert_string_equal(form_get(&f, "csrf"), "tok123");
}

static void test_mp_boundary_param(void **state)
{
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n"
		"\r\n"
		"1\r\n"
		"--XyZ--\r\n";
	static const char *const ok[] = {
		CT_XYZ,
		"multipart/form-data;boundary=XyZ",
		"multipart/form-data; boundary=\"XyZ\"",
		"Multipart/Form-Data; charset=utf-8; BOUNDARY=XyZ",
		"multipart/form-data; Boundary = \"XyZ\" ; charset=\"a;b\"",
		"multipart/form-data; boundary=XyZ;",
		"multipart/form-data; boundary=\"X\\yZ\"",
	};
	struct form f;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		f.n = 0;
		assert_int_equal(MP(*state, ok[i], body, &f), 0);
		assert_int_equal(f.n, 1);
		check_field(&f, 0, "a", "1", 1);
	}

	/* Quoted boundaries may hold characters a token may not, and
	 * escapes. */
	static const char body2[] =
		"--a \"b\":c\r\n"
		"Content-Disposition: form-data; name=\"q\"\r\n"
		"\r\n"
		"v\r\n"
		"--a \"b\":c--";
	assert_int_equal(MP(*state, "multipart/form-data; boundary=\"a \\\"b\\\":c\"", body2, &f), 0);
	assert_int_equal(f.n, 1);
	check_field(&f, 0, "q", "v", 1);
}

static void test_mp_boundary_length(void **state)
{
	struct buf ct = BUF_INIT, body = BUF_INIT;
	struct form f;
	char bnd[FORM_MAX_NAME];
	memset(bnd, 'b', 71);
	bnd[70] = 0;
	buf_printf(&ct, "multipart/form-data; boundary=%s", bnd);
	buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--%s--", bnd, bnd);
	assert_int_equal(form_parse_multipart(*state, ct.data, body.data, body.len, &f), 0);
	assert_int_equal(f.n, 1);
	check_field(&f, 0, "x", "v", 1);

	bnd[70] = 'b';
	bnd[71] = 0;
	buf_reset(&ct);
	buf_reset(&body);
	buf_printf(&ct, "multipart/form-data; boundary=%s", bnd);
	buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n--%s--", bnd, bnd);
	assert_int_equal(form_parse_multipart(*state, ct.data, body.data, body.len, &f), -1);
	buf_reset(&ct);
	buf_printf(&ct, "multipart/form-data; boundary=\"%s\"", bnd);
	assert_int_equal(form_parse_multipart(*state, ct.data, body.data, body.len, &f), -1);
	buf_free(&ct);
	buf_free(&body);
}

static void test_mp_preamble_epilogue(void **state)
{
	static const char body[] =
		"This is a preamble.\r\n--XyZ is not here\r\n"
		"--XyZ \t\r\n"
		"Content-Disposition: form-data; name=\"a\"\r\n"
		"\r\n"
		"first\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"b\"\r\n"
		"\r\n"
		"second\r\n"
		"--XyZ--\r\n"
		"Epilogue: --XyZ\r\n"
		"Content-Disposition: form-data; name=\"c\"\r\n\r\nx\r\n--XyZ--\r\n";
	struct form f;
	assert_int_equal(MP(*state, CT_XYZ, body, &f), 0);
	assert_int_equal(f.n, 2);
	check_field(&f, 0, "a", "first", 5);
	check_field(&f, 1, "b", "second", 6);
	assert_null(form_get(&f, "c"));

	/* A preamble that is just CRLF, and a closing delimiter at the very end. */
	assert_int_equal(MP(*state, CT_XYZ, "\r\n--XyZ\r\nContent-Disposition: form-data; name=z\r\n\r\n"
				"zz\r\n--XyZ--", &f), 0);
	assert_int_equal(f.n, 1);
	check_field(&f, 0, "z", "zz", 2);

	/* No parts at all: an empty form. */
	assert_int_equal(MP(*state, CT_XYZ, "--XyZ--\r\n", &f), 0);
	assert_int_equal(f.n, 0);
}

static void test_mp_lookalikes(void **state)
{
	/* Everything between the blank line and CRLF--XyZ(CRLF|--) is content. */
#define TRICKY "--XyZ\r\n" \
	       "x--XyZ--\r\n" \
	       "\r\n--XyZa\r\n" \
	       "\r\n--XyZ x\r\n" \
	       "\r\n--XyZ\r" \
	       "\r\n--XyZ.\n" \
	       "\r\n-XyZ\r\n" \
	       "\r\r\n\n--Xy"
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"t\"\r\n"
		"\r\n"
		TRICKY
		"\r\n--XyZ\r\n"
		"Content-Disposition: form-data; name=\"u\"\r\n"
		"\r\n"
		"\r\n"
		"\r\n--XyZ--";
	struct form f;
	assert_int_equal(MP(*state, CT_XYZ, body, &f), 0);
	assert_int_equal(f.n, 2);
	check_field(&f, 0, "t", TRICKY, sizeof(TRICKY) - 1);
	check_field(&f, 1, "u", "\r\n", 2);
#undef TRICKY
}

static void test_mp_binary(void **state)
{
	static const unsigned char bin[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, '\r', 0, '\n',
		0xff, 0xfe, 0, '-', '-', 'X', 'y', 'Z', 0, '\r', '\n', '-', '-', 'X', 'y', 0,
	};
	static const char head[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\n"
		"Content-Type: image/png\r\n"
		"\r\n";
	static const char tail[] = "\r\n--XyZ--\r\n";
	char body[sizeof head + sizeof bin + sizeof tail];
	size_t n = 0;
	memcpy(body + n, head, sizeof head - 1);
	n += sizeof head - 1;
	memcpy(body + n, bin, sizeof bin);
	n += sizeof bin;
	memcpy(body + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;

	struct form f;
	assert_int_equal(form_parse_multipart(*state, CT_XYZ, body, n, &f), 0);
	assert_int_equal(f.n, 1);
	check_field(&f, 0, "logo", (const char *)bin, sizeof bin);
	assert_string_equal(f.fields[0].filename, "logo.png");
	assert_string_equal(f.fields[0].content_type, "image/png");
	/* The value is a copy, not a pointer into the body. */
	assert_true(f.fields[0].value < body || f.fields[0].value >= body + n);
}

static void test_mp_headers(void **state)
{
	static const char body[] =
		"--XyZ\r\n"
		"content-disposition: FORM-DATA; NAME=title; FileName=plan.txt\r\n"
		"CONTENT-TYPE:text/plain; charset=utf-8  \r\n"
		"X-Other: ignored\r\n"
		"\r\n"
		"a\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data;name=\"esc\";filename=\"my \\\"risk\\\" list \\\\ v2.csv\"\r\n"
		"\r\n"
		"b\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\\\\b\"; filename*=UTF-8''r%C3%A4k.csv; "
		"filename=\"rak.csv\"\r\n"
		"\r\n"
		"c\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"star\"; filename*=UTF-8''x.csv\r\n"
		"\r\n"
		"d\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"semi;colon\"; filename=\"\xc3\xa5\xc3\xa4\xc3\xb6.txt\";\r\n"
		"\r\n"
		"e\r\n"
		"--XyZ--";
	struct form f;
	assert_int_equal(MP(*state, CT_XYZ, body, &f), 0);
	assert_int_equal(f.n, 5);
	check_field(&f, 0, "title", "a", 1);
	assert_string_equal(f.fields[0].filename, "plan.txt");
	assert_string_equal(f.fields[0].content_type, "text/plain; charset=utf-8");
	check_field(&f, 1, "esc", "b", 1);
	assert_string_equal(f.fields[1].filename, "my \"risk\" list \\ v2.csv");
	assert_null(f.fields[1].content_type);
	check_field(&f, 2, "a\\b", "c", 1);
	assert_string_equal(f.fields[2].filename, "rak.csv");
	check_field(&f, 3, "star", "d", 1);
	assert_null(f.fields[3].filename);
	check_field(&f, 4, "semi;colon", "e", 1);
	assert_string_equal(f.fields[4].filename, "\xc3\xa5\xc3\xa4\xc3\xb6.txt");
}

static void test_mp_repeated(void **state)
{
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nISO 27001\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nNIS2\r\n"
		"--XyZ--\r\n";
	struct form f;
	const char *vals[3] = { NULL, NULL, NULL };
	assert_int_equal(MP(*state, CT_XYZ, body, &f), 0);
	assert_int_equal(form_get_all(&f, "tag", vals, 3), 3);
	assert_string_equal(vals[0], "ISO 27001");
	assert_string_equal(vals[1], "");
	assert_string_equal(vals[2], "NIS2");
}

/* The body must be rejected, leaving *out empty. A macro, so that a
 * failure names the line of the case. */
#define expect_reject(a, ct, body, len)                                                   \
	do {                                                                              \
		struct form rf_ = { 99, NULL };                                           \
		assert_int_equal(form_parse_multipart((a), (ct), (body), (len), &rf_), -1); \
		assert_int_equal(rf_.n, 0);                                               \
		assert_null(rf_.fields);                                                  \
	} while (0)

#define REJECT(a, ct, s) expect_reject((a), (ct), (s), sizeof(s) - 1)

#define GOOD_BODY "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n"

static void test_mp_reject_boundary(void **state)
{
	struct form f;
	/* The body is fine: only the header is wrong. */
	assert_int_equal(MP(*state, CT_XYZ, GOOD_BODY, &f), 0);
	REJECT(*state, "multipart/form-data", GOOD_BODY);
	REJECT(*state, "multipart/form-data; charset=utf-8", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundary=", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundary=;", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundary=\"\"", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundary=\"XyZ", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundaryy=XyZ", GOOD_BODY);
	REJECT(*state, "multipart/form-data; boundary=XyZ; boundary=XyZ", GOOD_BODY);
	/* Boundaries RFC 2046 does not allow, each with a body that would
	 * match it. */
	REJECT(*state, "multipart/form-data; boundary=\"XyZ \"",
	       "--XyZ \r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ --");
	REJECT(*state, "multipart/form-data; boundary=\"Xy\rZ\"",
	       "--Xy\rZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--Xy\rZ--");
	REJECT(*state, "multipart/form-data; boundary=\"Xy\tZ\"",
	       "--Xy\tZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--Xy\tZ--");
	REJECT(*state, "multipart/form-data; boundary=\xc3\xa4",
	       "--\xc3\xa4\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--\xc3\xa4--");
	REJECT(*state, "multipart/form-data; boundary=XyZ junk", GOOD_BODY);
	REJECT(*state, "multipart/form-data; =XyZ", GOOD_BODY);
	expect_reject(*state, NULL, GOOD_BODY, sizeof(GOOD_BODY) - 1);
}

static void test_mp_reject_delimiters(void **state)
{
	/* No opening delimiter. */
	REJECT(*state, CT_XYZ, "");
	REJECT(*state, CT_XYZ, "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n");
	REJECT(*state, CT_XYZ, "preamble\r\n--XyZ--\r\n");
	REJECT(*state, CT_XYZ, "junk--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1");
	REJECT(*state, CT_XYZ, "--XyZZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n");
	REJECT(*state, CT_XYZ, "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--");
	/* No closing delimiter. */
	REJECT(*state, CT_XYZ, "--XyZ\r\n");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ-");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\n");
}

static void test_mp_reject_parts(void **state)
{
	/* No Content-Disposition. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\n\r\n1\r\n--XyZ--");
	/* Not form-data. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-datax; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: ; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	/* No name (filename and filename* do not count). */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name*=UTF-8''a\r\n\r\n1\r\n--XyZ--");
	/* A good part followed by a bad one fails as a whole. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
			       "--XyZ\r\nContent-Disposition: form-data\r\n\r\n2\r\n--XyZ--");
	/* Malformed or ambiguous disposition. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"x\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
			       "Content-Disposition: form-data; name=b\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n"
			       "\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
			       "Content-Disposition: form-data\r\n\r\n1\r\n--XyZ--");
}

static void test_mp_reject_headers(void **state)
{
	/* No blank line before the next delimiter or before the end. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n--XyZ--\r\n");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--XyZ--\r\n");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r");
	/* A boundary with ':' must not pass for a header line either. */
	REJECT(*state, "multipart/form-data; boundary=\"a:b\"",
	       "--a:b\r\nContent-Disposition: form-data; name=x\r\n--a:b\r\n"
	       "Content-Type: text/plain\r\n\r\n1\r\n--a:b--");
	/* Bare LF, control characters, bad header names, folding. */
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Type: text/plain\n"
			       "Content-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nX Bad: 1\r\n"
			       "Content-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
			       " x: folded\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data; name=\"a\rb\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition : form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nno colon here\r\n"
			       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\n: empty name\r\n"
			       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
	REJECT(*state, CT_XYZ, "--XyZ\r\nContent-Type: a\r\nContent-Type: b\r\n"
			       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--");
}

static void test_mp_field_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
	size_t open = b.len;
	buf_puts(&b, "--XyZ--\r\n");
	assert_int_equal(form_parse_multipart(*state, CT_XYZ, b.data, b.len, &f), 0);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	check_field(&f, FORM_MAX_FIELDS - 1, "f1999", "1999", 4);

	b.len = open;
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"one-more\"\r\n\r\nx\r\n--XyZ--\r\n");
	expect_reject(*state, CT_XYZ, b.data, b.len);
	buf_free(&b);
}

static void test_mp_name_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;
	char name[FORM_MAX_NAME + 2];
	memset(name, 'n', sizeof name);
	name[FORM_MAX_NAME] = 0;
	buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nv\r\n--XyZ--", name);
	assert_int_equal(form_parse_multipart(*state, CT_XYZ, b.data, b.len, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(strlen(f.fields[0].name), FORM_MAX_NAME);
	check_field(&f, 0, name, "v", 1);

	name[FORM_MAX_NAME] = 'n';
	name[FORM_MAX_NAME + 1] = 0;
	buf_reset(&b);
	buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nv\r\n--XyZ--", name);
	expect_reject(*state, CT_XYZ, b.data, b.len);
	buf_reset(&b);
	buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=%s\r\n\r\nv\r\n--XyZ--", name);
	expect_reject(*state, CT_XYZ, b.data, b.len);
	buf_free(&b);
}

/* A large body made of near-delimiters must parse (and quickly: a
 * quadratic search would take minutes on this). */
static void test_mp_large(void **state)
{
	struct buf b = BUF_INIT;
	struct form f;
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"big\"\r\n\r\n");
	size_t start = b.len;
	for (int i = 0; i < 200000; i++)
		buf_puts(&b, "\r\n--XyZ\r\r");
	size_t vlen = b.len - start;
	buf_puts(&b, "\r\n--XyZ--\r\n");
	assert_int_equal(form_parse_multipart(*state, CT_XYZ, b.data, b.len, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.fields[0].value_len, vlen);
	assert_memory_equal(f.fields[0].value, b.data + start, vlen);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_url_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_swedish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_plus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_no_equals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_bad_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_name_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_browser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_boundary_param, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_boundary_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_preamble_epilogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_lookalikes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_reject_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_reject_delimiters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_reject_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_reject_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_name_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_large, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
