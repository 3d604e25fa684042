/*
 * test_i18n: the .po reader, tr() and language negotiation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/embed.h"
#include "util/i18n.h"

/* Stands in for the generated table. The texts are writable so that a test
 * can break one and see i18n_init refuse it. */
static char sv_po[] =
	"# Swedish translation of Tillit.\n"
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Language: sv\\n\"\n"
	"\n"
	"msgid \"Save\"\n"
	"msgstr \"Spara\"\n"
	"\n"
	"msgctxt \"requirement\"\n"
	"msgid \"New\"\n"
	"msgstr \"Ny\"\n"
	"\n"
	"msgid \"Risk owner\"\n"
	"msgstr \"Riskägare\"\n"
	"\n"
	"msgid \"Untranslated\"\n"
	"msgstr \"\"\n";

static char en_po[] =
	"msgid \"\"\n"
	"msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\n"
	"msgid \"Save\"\n"
	"msgstr \"\"\n"
	"\n"
	"msgid \"ISMS\"\n"
	"msgstr \"Information security management system\"\n";

const struct embedded_file embedded_files[] = {
	{ "po/sv.po", sv_po, sizeof sv_po - 1 },
	{ "po/en.po", en_po, sizeof en_po - 1 },
	{ 0, 0, 0 },
};

/* Parse text, which must succeed. */
static struct po_catalog *parse_ok(const char *text)
{
	struct po_catalog *c = (struct po_catalog *)1;
	char err[128] = "untouched";
	int r = po_parse(text, strlen(text), &c, err, sizeof err);
	if (r != 0)
		fail_msg("po_parse: %s", err);
	assert_non_null(c);
	return c;
}

/* Parse text, which must fail with exactly want_err. */
static void parse_fails(const char *text, const char *want_err)
{
	struct po_catalog *c = (struct po_catalog *)1;
	char err[128] = "";
	assert_int_equal(po_parse(text, strlen(text), &c, err, sizeof err), -1);
	assert_null(c);
	assert_string_equal(err, want_err);
}

struct collect {
	struct buf b;
	int n;
};

static void collect_fn(void *ctx, const char *msgid, const char *msgstr)
{
	struct collect *k = ctx;
	buf_printf(&k->b, "[%s=%s]", msgid, msgstr);
	k->n++;
}

/* Must run first: no catalogue is loaded yet. */
static void test_tr_before_init(void **state)
{
	(void)state;
	const char *id = "Save";
	assert_ptr_equal(tr(LANG_SV, id), id);
	assert_ptr_equal(tr(LANG_EN, id), id);
}

static void test_po_basic(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok(sv_po);
	assert_int_equal(po_count(c), 3);
	assert_string_equal(po_lookup(c, "Save"), "Spara");
	assert_string_equal(po_lookup(c, "Risk owner"), "Riskägare");
	assert_null(po_lookup(c, "Untranslated"));
	assert_null(po_lookup(c, "Missing"));
	assert_null(po_lookup(c, "save"));
	/* the header is not an entry */
	assert_null(po_lookup(c, ""));

	struct collect k = { BUF_INIT, 0 };
	po_each(c, collect_fn, &k);
	assert_int_equal(k.n, 4);
	assert_string_equal(buf_str(&k.b),
			    "[Save=Spara][requirement\004New=Ny][Risk owner=Riskägare][Untranslated=]");
	buf_free(&k.b);
	po_free(c);

	assert_null(po_lookup(NULL, "Save"));
	assert_int_equal(po_count(NULL), 0);
	po_free(NULL);
}

static void test_po_empty(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok("");
	assert_int_equal(po_count(c), 0);
	assert_null(po_lookup(c, "x"));
	po_free(c);

	c = parse_ok("# only a comment\n\n   \n");
	assert_int_equal(po_count(c), 0);
	po_free(c);
}

static void test_po_multiline(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok(
		"msgid \"\"\n"
		"\"Hello \"\n"
		"  \"world\"\n"
		"msgstr \"\"\n"
		"\"Hej \"\n"
		"\"världen\"\n"
		"msgid \"two\" \"parts\"\n"
		"msgstr \"två\"   \"delar\"  \n");
	assert_int_equal(po_count(c), 2);
	assert_string_equal(po_lookup(c, "Hello world"), "Hej världen");
	assert_string_equal(po_lookup(c, "twoparts"), "tvådelar");
	po_free(c);
}

static void test_po_escapes(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok(
		"msgid \"a\\nb\"\n"
		"msgstr \"1\\n2\\t3\\\"4\\\\5\"\n"
		"msgid \"octal\"\n"
		"msgstr \"\\101\\60\\303\\244\\7\"\n"
		"msgid \"hex\"\n"
		"msgstr \"\\x41\\x4a\\xc3\\xa5\\x7\"\n"
		"msgid \"misc\"\n"
		"msgstr \"\\r\\a\\b\\f\\v\\'\\?\"\n"
		"msgid \"\\x41\\102\"\n"
		"msgstr \"ok\"\n");
	assert_string_equal(po_lookup(c, "a\nb"), "1\n2\t3\"4\\5");
	assert_string_equal(po_lookup(c, "octal"), "A0ä\a");
	assert_string_equal(po_lookup(c, "hex"), "AJå\a");
	assert_string_equal(po_lookup(c, "misc"), "\r\a\b\f\v'?");
	assert_string_equal(po_lookup(c, "AB"), "ok");
	po_free(c);
}

static void test_po_fuzzy_and_comments(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok(
		"# translator comment\n"
		"#. extracted comment\n"
		"#: src/web/risk.c:12 src/web/risk.c:40\n"
		"#, c-format\n"
		"msgid \"%d risks\"\n"
		"msgstr \"%d risker\"\n"
		"\n"
		"#, fuzzy\n"
		"msgid \"Guess\"\n"
		"msgstr \"Gissning\"\n"
		"\n"
		"#, c-format, fuzzy\n"
		"#| msgid \"Old\"\n"
		"msgid \"Also guessed\"\n"
		"msgstr \"Också gissad\"\n"
		"#, fuzzy-looking, not-fuzzy\n"
		"msgid \"Sure\"\n"
		"msgstr \"Säker\"\n"
		"#~ msgid \"Obsolete\"\n"
		"#~ msgstr \"Föråldrad\"\n"
		"msgid \"Last\"\n"
		"msgstr \"Sist\"\n");
	assert_int_equal(po_count(c), 3);
	assert_string_equal(po_lookup(c, "%d risks"), "%d risker");
	assert_null(po_lookup(c, "Guess"));
	assert_null(po_lookup(c, "Also guessed"));
	assert_string_equal(po_lookup(c, "Sure"), "Säker");
	assert_null(po_lookup(c, "Obsolete"));
	assert_string_equal(po_lookup(c, "Last"), "Sist");
	struct collect k = { BUF_INIT, 0 };
	po_each(c, collect_fn, &k);
	assert_string_equal(buf_str(&k.b), "[%d risks=%d risker][Sure=Säker][Last=Sist]");
	buf_free(&k.b);
	po_free(c);

	/* a fuzzy header (as msginit writes it) is fine */
	c = parse_ok("#, fuzzy\nmsgid \"\"\nmsgstr \"Content-Type: text/plain; charset=CHARSET\\n\"\n"
		     "msgid \"a\"\nmsgstr \"b\"\n");
	assert_int_equal(po_count(c), 1);
	assert_string_equal(po_lookup(c, "a"), "b");
	po_free(c);
}

static void test_po_plural_and_context(void **state)
{
	(void)state;
	struct po_catalog *c = parse_ok(
		"msgid \"One file\"\n"
		"msgid_plural \"%d files\"\n"
		"msgstr[0] \"En fil\"\n"
		"msgstr[1] \"%d filer\"\n"
		"\"!\"\n"
		"\n"
		"msgctxt \"menu\"\n"
		"msgid \"Open\"\n"
		"msgstr \"Öppna\"\n"
		"msgid \"Open\"\n"
		"msgstr \"Öppen\"\n");
	assert_int_equal(po_count(c), 3);
	assert_string_equal(po_lookup(c, "One file"), "En fil");
	assert_null(po_lookup(c, "%d files"));
	assert_string_equal(po_lookup(c, "Open"), "Öppen");
	assert_string_equal(po_lookup(c, "menu\004Open"), "Öppna");
	po_free(c);
}

static void test_po_line_endings(void **state)
{
	(void)state;
	/* BOM, CRLF, no final newline */
	struct po_catalog *c = parse_ok(
		"\xEF\xBB\xBFmsgid \"a\"\r\nmsgstr \"b\"\r\n\r\nmsgid \"c\"\r\nmsgstr \"d\"");
	assert_int_equal(po_count(c), 2);
	assert_string_equal(po_lookup(c, "a"), "b");
	assert_string_equal(po_lookup(c, "c"), "d");
	po_free(c);
}

static void test_po_errors(void **state)
{
	(void)state;
	parse_fails("msgid \"a\"\nmsgstr \"b\"\nmsgid \"c\nmsgstr \"d\"\n",
		    "3: unterminated string");
	parse_fails("msgid \"a\\\"\nmsgstr \"\"\n", "1: unterminated string");
	parse_fails("msgstr \"x\"\n", "1: msgstr without msgid");
	parse_fails("\n# c\nmsgid \"a\"\nmsgstr \"b\"\n\nmsgstr \"c\"\n",
		    "6: duplicate msgstr");
	parse_fails("msgid \"a\"\nmsgstr \"b\"\nmsgid \"c\"\n", "3: msgid without msgstr");
	parse_fails("msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", "1: msgid without msgstr");
	parse_fails("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "3: duplicate msgstr");
	parse_fails("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n",
		    "4: duplicate msgid");
	parse_fails("msgid \"a\\q\"\nmsgstr \"\"\n", "1: invalid escape");
	parse_fails("msgid \"\\xZZ\"\nmsgstr \"\"\n", "1: invalid \\x escape");
	parse_fails("msgid \"\\400\"\nmsgstr \"\"\n", "1: octal escape above \\377");
	parse_fails("msgid \"a\\0\"\nmsgstr \"\"\n", "1: NUL byte in string");
	parse_fails("msgid \"a\"\nmsgstr \"\\xff\"\n", "1: invalid UTF-8");
	parse_fails("msgid \"a\"\nmsgstr \"\\303\" \"(\"\n", "1: invalid UTF-8");
	parse_fails("msgid \"a\"\nmsgstr \"b\" x\n", "2: unexpected text after string");
	parse_fails("msgid a\nmsgstr \"\"\n", "1: expected a string in double quotes");
	parse_fails("msgid\n", "1: expected a string in double quotes");
	parse_fails("msgfoo \"a\"\n", "1: unknown keyword");
	parse_fails("msgidx \"a\"\n", "1: unknown keyword");
	parse_fails("msgid \"a\"\nmsgstr \"b\"\n?\n", "3: unexpected text");
	parse_fails("\"orphan\"\n", "1: string without keyword");
	parse_fails("msgid \"a\"\nmsgstr \"b\"\n# c\n\"more\"\n", "4: string without keyword");
	parse_fails("msgid \"a\"\nmsgstr[0] \"b\"\n", "2: msgstr[n] without msgid_plural");
	parse_fails("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n",
		    "3: plural entry needs msgstr[0]");
	parse_fails("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n",
		    "3: msgstr[n] before msgstr[0]");
	parse_fails("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[x] \"b\"\n",
		    "3: invalid msgstr index");
	parse_fails("msgid_plural \"as\"\n", "1: msgid_plural without msgid");
	parse_fails("msgctxt \"m\"\n", "2: msgctxt without msgid");
	parse_fails("msgid \"a\"\nmsgctxt \"m\"\n", "2: msgctxt after msgid");
	parse_fails("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
		    "1: header charset is not UTF-8");
}

static void test_po_error_buffer(void **state)
{
	(void)state;
	struct po_catalog *c = NULL;
	char err[6];
	memset(err, 'x', sizeof err);
	const char *bad = "\n\n\n\n\n\n\n\n\nmsgstr \"x\"\n";
	assert_int_equal(po_parse(bad, strlen(bad), &c, err, sizeof err), -1);
	assert_string_equal(err, "10: m");
	assert_null(c);
	/* no buffer at all is allowed */
	assert_int_equal(po_parse(bad, strlen(bad), &c, NULL, 0), -1);
	/* a NUL byte in the text is not the end of it */
	assert_int_equal(po_parse("msgid \"a\0\"\nmsgstr \"\"\n", 20, &c, err, sizeof err), -1);
	assert_null(c);
}

static void test_po_many(void **state)
{
	(void)state;
	/* Enough entries to grow the hash table several times; every tenth
	 * one untranslated. */
	struct buf fixed = BUF_INIT;
	for (int i = 0; i < 2000; i++) {
		if (i % 10)
			buf_printf(&fixed, "msgid \"id %d\"\nmsgstr \"str %d\"\n\n", i, i);
		else
			buf_printf(&fixed, "msgid \"id %d\"\nmsgstr \"\"\n\n", i);
	}
	struct po_catalog *c = parse_ok(buf_str(&fixed));
	assert_int_equal(po_count(c), 1800);
	char id[32], want[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(id, sizeof id, "id %d", i);
		const char *got = po_lookup(c, id);
		if (i % 10 == 0) {
			assert_null(got);
		} else {
			snprintf(want, sizeof want, "str %d", i);
			assert_non_null(got);
			assert_string_equal(got, want);
		}
	}
	assert_null(po_lookup(c, "id 2000"));
	struct collect k = { BUF_INIT, 0 };
	po_each(c, collect_fn, &k);
	assert_int_equal(k.n, 2000);
	assert_int_equal(strncmp(buf_str(&k.b), "[id 0=][id 1=str 1][id 2=str 2]", 31), 0);
	buf_free(&k.b);
	po_free(c);
	buf_free(&fixed);
}

static void test_numbers(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(i18n_int(LANG_SV, 1796, b, sizeof b), "1\xC2\xA0" "796");
	assert_string_equal(i18n_int(LANG_EN, 1796, b, sizeof b), "1,796");
	assert_string_equal(i18n_int(LANG_SV, 999, b, sizeof b), "999");
	assert_string_equal(i18n_int(LANG_SV, -1234567, b, sizeof b), "-1\xC2\xA0" "234\xC2\xA0" "567");
	assert_string_equal(i18n_int(LANG_EN, 0, b, sizeof b), "0");
	assert_string_equal(i18n_decimal(LANG_SV, 46.04, 1, b, sizeof b), "46,0");
	assert_string_equal(i18n_decimal(LANG_EN, 46.04, 1, b, sizeof b), "46.0");
	assert_string_equal(i18n_decimal(LANG_SV, 12345.678, 2, b, sizeof b), "12\xC2\xA0" "345,68");
	assert_string_equal(i18n_decimal(LANG_EN, 12345.678, 0, b, sizeof b), "12,346");
	/* A short buffer is cut, never overrun. */
	char small[4];
	assert_string_equal(i18n_int(LANG_EN, 123456, small, sizeof small), "123");
}

static void test_i18n_init(void **state)
{
	(void)state;
	char err[128] = "untouched";
	assert_int_equal(i18n_init(err, sizeof err), 0);
	assert_string_equal(tr(LANG_SV, "Save"), "Spara");
	assert_string_equal(tr(LANG_SV, "Risk owner"), "Riskägare");
	assert_string_equal(tr(LANG_EN, "ISMS"), "Information security management system");
	/* no or empty translation: the msgid itself, the very pointer */
	const char *id = "Save";
	assert_ptr_equal(tr(LANG_EN, id), id);
	id = "Untranslated";
	assert_ptr_equal(tr(LANG_SV, id), id);
	id = "Nowhere";
	assert_ptr_equal(tr(LANG_SV, id), id);
	assert_ptr_equal(tr(-1, id), id);
	assert_ptr_equal(tr(LANG_COUNT, id), id);
	assert_ptr_equal(tr(99, id), id);
	assert_string_equal(tr(LANG_EN, "Risk owner"), "Risk owner");
	/* Message contexts: the same msgid, another translation. */
	assert_string_equal(trc(LANG_SV, "requirement", "New"), "Ny");
	assert_string_equal(tr(LANG_SV, NC_("requirement", "New")), "Ny");
	assert_string_equal(trc(LANG_SV, "no such context", "New"), "New");
	assert_string_equal(tr(LANG_SV, NC_("no such context", "New")), "New");

	/* Loading again replaces the catalogues. */
	assert_int_equal(i18n_init(err, sizeof err), 0);
	assert_string_equal(tr(LANG_SV, "Save"), "Spara");
}

static void test_i18n_init_bad_file(void **state)
{
	(void)state;
	char err[128] = "";
	assert_int_equal(i18n_init(err, sizeof err), 0);
	/* Break "msgid \"Save\"" (line 7 of sv.po) by dropping its quote. */
	char *p = strstr(sv_po, "msgid \"Save\"");
	assert_non_null(p);
	p[6] = ' ';
	int r = i18n_init(err, sizeof err);
	p[6] = '"';
	assert_int_equal(r, -1);
	assert_string_equal(err, "po/sv.po:7: expected a string in double quotes");
	/* a failed load keeps what was there */
	assert_string_equal(tr(LANG_SV, "Save"), "Spara");

	p = strstr(en_po, "msgstr \"Information");
	assert_non_null(p);
	p[0] = 'X';
	r = i18n_init(err, sizeof err);
	p[0] = 'm';
	assert_int_equal(r, -1);
	assert_string_equal(err, "po/en.po:8: unexpected text");
	assert_string_equal(tr(LANG_EN, "ISMS"), "Information security management system");

	assert_int_equal(i18n_init(NULL, 0), 0);
}

static void test_lang_codes(void **state)
{
	(void)state;
	assert_int_equal(i18n_lang_from_code("sv"), LANG_SV);
	assert_int_equal(i18n_lang_from_code("en"), LANG_EN);
	assert_int_equal(i18n_lang_from_code("en-GB"), LANG_EN);
	assert_int_equal(i18n_lang_from_code("sv-SE"), LANG_SV);
	assert_int_equal(i18n_lang_from_code("sv_FI"), LANG_SV);
	assert_int_equal(i18n_lang_from_code("EN"), LANG_EN);
	assert_int_equal(i18n_lang_from_code("Sv-se"), LANG_SV);
	assert_int_equal(i18n_lang_from_code("de"), -1);
	assert_int_equal(i18n_lang_from_code("s"), -1);
	assert_int_equal(i18n_lang_from_code("svx"), -1);
	assert_int_equal(i18n_lang_from_code("english"), -1);
	assert_int_equal(i18n_lang_from_code(" sv"), -1);
	assert_int_equal(i18n_lang_from_code(""), -1);
	assert_int_equal(i18n_lang_from_code(NULL), -1);

	assert_string_equal(i18n_lang_code(LANG_SV), "sv");
	assert_string_equal(i18n_lang_code(LANG_EN), "en");
	assert_string_equal(i18n_lang_code(LANG_COUNT), "sv");
	assert_string_equal(i18n_lang_code(-3), "sv");
	for (int l = 0; l < LANG_COUNT; l++)
		assert_int_equal(i18n_lang_from_code(i18n_lang_code(l)), l);
}

static void test_accept_language(void **state)
{
	(void)state;
	assert_int_equal(i18n_lang_from_accept("en;q=0.9, sv;q=0.8"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("sv-SE,sv;q=0.9,en"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("de, en;q=0.5"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("en"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("sv"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_EN);
	/* q beats position; position breaks ties */
	assert_int_equal(i18n_lang_from_accept("sv;q=0.5, en"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("en;q=0.8, sv;q=0.8"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("sv;q=0.8, en;q=0.8"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("sv;q=0.001, en;q=0.002"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("sv-SE;q=0.1, sv;q=0.9, en;q=0.5"), LANG_SV);
	/* q=0 means "not this one" */
	assert_int_equal(i18n_lang_from_accept("sv;q=0, en;q=0.1"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("en;q=0"), LANG_SV);
	/* wildcard covers the languages not named */
	assert_int_equal(i18n_lang_from_accept("*"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("sv;q=0, *;q=0.5"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("en;q=0.4, *;q=0.5"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("*;q=0.5, en;q=0.6"), LANG_EN);
	/* spelling variations */
	assert_int_equal(i18n_lang_from_accept("EN;Q=0.9,SV;q=0.8"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept(" en ; q=0.9 ,\tsv ; q=0.8 "), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("fr;level=1;q=0.9, en;x=y;q=0.3"), LANG_EN);
	assert_int_equal(i18n_lang_from_accept("en;q=1.000, sv"), LANG_EN);
	/* malformed elements are skipped */
	assert_int_equal(i18n_lang_from_accept("en;q=1.5, sv;q=0.2"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("en;q=abc"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("en;q=0.12345, sv;q=0.1"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("en x;q=0.9, sv;q=0.1"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("sv;q=0.2 junk, en;q=0.1"), LANG_EN);
	/* nothing usable: Swedish */
	assert_int_equal(i18n_lang_from_accept("da, nb;q=0.9"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept(""), LANG_SV);
	assert_int_equal(i18n_lang_from_accept(NULL), LANG_SV);
	assert_int_equal(i18n_lang_from_accept(";;;,,,==q=;"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("\xff\xfe garbage \x01"), LANG_SV);
	assert_int_equal(i18n_lang_from_accept("english"), LANG_SV);

	struct buf b = BUF_INIT;
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, "xx,");
	buf_puts(&b, "en;q=0.3");
	assert_int_equal(i18n_lang_from_accept(buf_str(&b)), LANG_EN);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tr_before_init),
		cmocka_unit_test(test_po_basic),
		cmocka_unit_test(test_po_empty),
		cmocka_unit_test(test_po_multiline),
		cmocka_unit_test(test_po_escapes),
		cmocka_unit_test(test_po_fuzzy_and_comments),
		cmocka_unit_test(test_po_plural_and_context),
		cmocka_unit_test(test_po_line_endings),
		cmocka_unit_test(test_po_errors),
		cmocka_unit_test(test_po_error_buffer),
		cmocka_unit_test(test_po_many),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_i18n_init),
		cmocka_unit_test(test_i18n_init_bad_file),
		cmocka_unit_test(test_lang_codes),
		cmocka_unit_test(test_accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
