/*
 * test_url: the one percent-decoder (src/util/url.c) used for paths, query
 * strings and form bodies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/url.h"

/* s (a literal, NULs included) decodes in mode to want (a literal). */
#define GOOD(mode, s, want) good((mode), (s), sizeof(s) - 1, (want), sizeof(want) - 1)
#define BAD(s) bad((s), sizeof(s) - 1)

static void good(enum url_mode mode, const char *s, size_t n, const char *want, size_t wlen)
{
	char out[128];
	size_t len = 999;
	assert_true(n < sizeof out);
	memset(out, 'X', sizeof out);
	assert_int_equal(url_decode(out, s, n, mode, &len), 0);
	assert_int_equal(len, wlen);
	assert_memory_equal(out, want, wlen);
	assert_int_equal(out[len], 0);
	assert_int_equal(url_check(s, n), 0);

	/* In place gives the same. */
	char in[128];
	memcpy(in, s, n);
	assert_int_equal(url_decode(in, in, n, mode, &len), 0);
	assert_int_equal(len, wlen);
	assert_memory_equal(in, want, wlen);
	assert_int_equal(in[len], 0);
}

/* s is refused the same way by both modes and by url_check. */
static void bad(const char *s, size_t n)
{
	char out[128];
	size_t len = 999;
	assert_true(n < sizeof out);
	assert_int_equal(url_decode(out, s, n, URL_PATH, &len), -1);
	assert_int_equal(url_decode(out, s, n, URL_FORM, &len), -1);
	assert_int_equal(url_check(s, n), -1);
}

static void test_plain(void **state)
{
	(void)state;
	GOOD(URL_PATH, "", "");
	GOOD(URL_PATH, "/systems/12/edit", "/systems/12/edit");
	GOOD(URL_FORM, "a.b-c_d~e", "a.b-c_d~e");
}

static void test_escapes(void **state)
{
	(void)state;
	GOOD(URL_PATH, "%41%62%7e", "Ab~");
	GOOD(URL_PATH, "%2F%2f", "//");
	GOOD(URL_PATH, "s%C3%A4kerhet", "s\xc3\xa4kerhet");
	GOOD(URL_PATH, "s%c3%a4kerhet", "s\xc3\xa4kerhet");
	GOOD(URL_PATH, "%25", "%");
	GOOD(URL_PATH, "%2541", "%41"); /* decoded once, not twice */
	GOOD(URL_PATH, "%FF%80", "\xff\x80");
	/* Control characters other than NUL decode: fields judge them. */
	GOOD(URL_PATH, "a%09b%0D%0A%01%7F", "a\tb\r\n\x01\x7f");
	GOOD(URL_FORM, "%E2%82%AC+50", "\xe2\x82\xac 50");
}

static void test_plus(void **state)
{
	(void)state;
	/* A path's '+' is itself; a form's or query's is a space. "%2B" is
	 * a plus in both. */
	GOOD(URL_PATH, "a+b", "a+b");
	GOOD(URL_FORM, "a+b", "a b");
	GOOD(URL_PATH, "%2B+%2b", "+++");
	GOOD(URL_FORM, "%2B+%2b", "+ +");
	GOOD(URL_FORM, "++", "  ");
	GOOD(URL_PATH, "%20", " ");
}

static void test_malformed(void **state)
{
	(void)state;
	BAD("%");
	BAD("%4");
	BAD("%zz");
	BAD("%4g");
	BAD("%g4");
	BAD("a%");
	BAD("a%4");
	BAD("%%41");
	BAD("%+1");
	BAD("% 1");
	BAD("%-1");
	BAD("%0x1");
	BAD("%C3%A");
	BAD("/systems/%");
	BAD("/ok?next=%zz");
	/* The escape check stops at the length, not at a NUL. */
	char out[8];
	size_t len;
	assert_int_equal(url_decode(out, "a%41", 3, URL_PATH, &len), -1);
	assert_int_equal(url_decode(out, "a%41", 4, URL_PATH, &len), 0);
	assert_string_equal(out, "aA");
	assert_int_equal(url_check("%4", 1), -1);
	assert_int_equal(url_check("%41", 3), 0);
}

static void test_nul(void **state)
{
	(void)state;
	BAD("%00");
	BAD("a%00b");
	BAD("/systems%00.csv");
	BAD("a\0b");
	BAD("\0");
	BAD("%000");
	BAD("%00%41");
	/* The digits zero are no NUL. */
	GOOD(URL_PATH, "%30%30", "00");
	GOOD(URL_FORM, "0", "0");
}

/* Where a form may send the browser after saving: a path on this site,
 * nothing a browser would read as another site or a page would write back
 * as markup. */
static void test_local_path(void **state)
{
	(void)state;
	const char *ok[] = { "/", "/systems?q=skola&page=2", "/systems/3/plan?at=ACC-01#req-ACC-01",
			     "/units?q=s%C3%B6k" };
	const char *bad[] = { NULL, "", "systems", "//evil.example/x", "https://evil.example/",
			      "/\\evil.example", "/\t/evil.example", "/a\r\nSet-Cookie: x=1", "/a b",
			      "/risk-analyses/1\"><script>", "/a<b", "/a`b", "javascript:alert(1)" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		assert_true(url_local_path(ok[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(url_local_path(bad[i]));
	char longp[URL_LOCAL_MAX + 2];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = 0;
	assert_false(url_local_path(longp));
	longp[URL_LOCAL_MAX] = 0;
	assert_true(url_local_path(longp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_plus),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_local_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
