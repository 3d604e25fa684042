/*
 * test_csv: reading (separators, quoting, line ends, encodings, errors with
 * their lines, limits) and writing (quoting, formula guard, round trip).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "util/arena.h"
#include "util/buf.h"

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

static struct csv parse_ok_n(const char *text, size_t len)
{
	struct csv c;
	struct csv_error e = { 99, "unset" };
	int rc = csv_parse(A, text, len, &c, &e);
	if (rc != 0)
		fail_msg("unexpected error at line %zu: %s", e.line, e.msg);
	return c;
}

static struct csv parse_ok(const char *text)
{
	return parse_ok_n(text, strlen(text));
}

static void expect_error_n(const char *text, size_t len, size_t line,
			   const char *msg)
{
	struct csv c;
	struct csv_error e = { 99, NULL };
	assert_int_equal(csv_parse(A, text, len, &c, &e), -1);
	assert_non_null(e.msg);
	assert_string_equal(e.msg, msg);
	assert_int_equal(e.line, line);
}

static void expect_error(const char *text, size_t line, const char *msg)
{
	expect_error_n(text, strlen(text), line, msg);
}

static void assert_row(const struct csv *c, size_t r, size_t line,
		       size_t n, const char *const *want)
{
	assert_true(r < c->nrows);
	assert_int_equal(c->rows[r].line, line);
	assert_int_equal(c->rows[r].nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(c->rows[r].fields[i], want[i]);
}

static void test_simple(void **state)
{
	(void)state;
	struct csv c = parse_ok("namn,typ,ansvarig\nLön,System,Eva\n");
	assert_int_equal(c.delim, ',');
	assert_int_equal(c.converted, 0);
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 0, 1, 3, (const char *[]){ "namn", "typ", "ansvarig" });
	assert_row(&c, 1, 2, 3, (const char *[]){ "Lön", "System", "Eva" });
}

static void test_fields_as_is(void **state)
{
	(void)state;
	/* No trimming, empty fields kept, ragged rows are not an error. */
	struct csv c = parse_ok(" a , b,\n,\nx\n1,2,3,4\n");
	assert_int_equal(c.nrows, 4);
	assert_row(&c, 0, 1, 3, (const char *[]){ " a ", " b", "" });
	assert_row(&c, 1, 2, 2, (const char *[]){ "", "" });
	assert_row(&c, 2, 3, 1, (const char *[]){ "x" });
	assert_row(&c, 3, 4, 4, (const char *[]){ "1", "2", "3", "4" });
}

static void test_quoted(void **state)
{
	(void)state;
	struct csv c = parse_ok(
		"a,b,c\n"
		"\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
		"\"\",\"\"\"\",\"cr\r\nlf\"\n"
		"last,\"semi;colon\",\n");
	assert_int_equal(c.nrows, 4);
	assert_row(&c, 0, 1, 3, (const char *[]){ "a", "b", "c" });
	assert_row(&c, 1, 2, 3,
		   (const char *[]){ "x,y", "say \"hi\"", "two\nlines" });
	/* Record 3 starts on physical line 4 because of the newline above. */
	assert_row(&c, 2, 4, 3, (const char *[]){ "", "\"", "cr\r\nlf" });
	assert_row(&c, 3, 6, 3, (const char *[]){ "last", "semi;colon", "" });
}

static void test_line_ends(void **state)
{
	(void)state;
	struct csv c = parse_ok("a,b\r\nc,d\r\ne,f\r\n");
	assert_int_equal(c.nrows, 3);
	assert_row(&c, 2, 3, 2, (const char *[]){ "e", "f" });

	c = parse_ok("a,b\nc,d");
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 1, 2, 2, (const char *[]){ "c", "d" });

	c = parse_ok("a,b\r\nc,\"d\"");
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 1, 2, 2, (const char *[]){ "c", "d" });

	/* A lone CR (old Mac Excel) ends a line too. */
	c = parse_ok("a,b\rc,d\r\re,f");
	assert_int_equal(c.nrows, 3);
	assert_row(&c, 1, 2, 2, (const char *[]){ "c", "d" });
	assert_row(&c, 2, 4, 2, (const char *[]){ "e", "f" });

	/* Trailing delimiter at end of input gives a final empty field. */
	c = parse_ok("a,");
	assert_row(&c, 0, 1, 2, (const char *[]){ "a", "" });
}

static void test_bom(void **state)
{
	(void)state;
	struct csv c = parse_ok("\xEF\xBB\xBFnamn;typ\nÅtgärd;Risk\n");
	assert_int_equal(c.delim, ';');
	assert_int_equal(c.converted, 0);
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 0, 1, 2, (const char *[]){ "namn", "typ" });
	assert_row(&c, 1, 2, 2, (const char *[]){ "Åtgärd", "Risk" });

	c = parse_ok("\xEF\xBB\xBF\"q\",x");
	assert_row(&c, 0, 1, 2, (const char *[]){ "q", "x" });
}

static void test_delimiter_detection(void **state)
{
	(void)state;
	struct csv c = parse_ok("a;b;c\n1,5;2;3\n");
	assert_int_equal(c.delim, ';');
	assert_row(&c, 1, 2, 3, (const char *[]){ "1,5", "2", "3" });

	/* Both in the header: semicolons win when there are more of them. */
	c = parse_ok("Namn, titel;Typ;Ort\nA, B;c;d\n");
	assert_int_equal(c.delim, ';');
	assert_row(&c, 0, 1, 3,
		   (const char *[]){ "Namn, titel", "Typ", "Ort" });
	assert_row(&c, 1, 2, 3, (const char *[]){ "A, B", "c", "d" });

	/* Separators inside quotes do not count. */
	c = parse_ok("\"a;b;c\",d\n");
	assert_int_equal(c.delim, ',');
	assert_row(&c, 0, 1, 2, (const char *[]){ "a;b;c", "d" });

	/* A tie goes to comma; so does a header with neither. */
	c = parse_ok("a,b;c\n");
	assert_int_equal(c.delim, ',');
	assert_row(&c, 0, 1, 2, (const char *[]){ "a", "b;c" });
	c = parse_ok("only\nx;y\n");
	assert_int_equal(c.delim, ',');
	assert_row(&c, 1, 2, 1, (const char *[]){ "x;y" });

	/* Detection looks at the first non-empty record, across lines. */
	c = parse_ok("\n\n\"multi\nline,,,\";b;c\n");
	assert_int_equal(c.delim, ';');
	assert_row(&c, 0, 3, 3, (const char *[]){ "multi\nline,,,", "b", "c" });
}

static void test_empty_lines_skipped(void **state)
{
	(void)state;
	struct csv c = parse_ok("\n\na,b\n\n\r\nc,d\n\n\r\n");
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 0, 3, 2, (const char *[]){ "a", "b" });
	assert_row(&c, 1, 6, 2, (const char *[]){ "c", "d" });

	/* A quoted empty field is a record, not an empty line. */
	c = parse_ok("a\n\"\"\nb\n");
	assert_int_equal(c.nrows, 3);
	assert_row(&c, 1, 2, 1, (const char *[]){ "" });
}

static void test_cp1252(void **state)
{
	(void)state;
	struct csv c = parse_ok("Lessebo kommun;V\xE4xj\xF6\r\n"
				"\xC5tg\xE4rd;\x80 100\r\n");
	assert_int_equal(c.converted, 1);
	assert_int_equal(c.delim, ';');
	assert_int_equal(c.nrows, 2);
	assert_row(&c, 0, 1, 2,
		   (const char *[]){ "Lessebo kommun", "V\xC3\xA4xj\xC3\xB6" });
	assert_row(&c, 1, 2, 2,
		   (const char *[]){ "\xC3\x85tg\xC3\xA4rd", "\xE2\x82\xAC 100" });

	/* The 0x80..0x9F table, the undefined bytes and the Latin-1 half. */
	c = parse_ok("\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8A\x8B\x8C\x8D"
		     "\x8E\x8F\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9A\x9B"
		     "\x9C\x9D\x9E\x9F|\xA0\xA9\xD7\xFF");
	assert_int_equal(c.converted, 1);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0].fields[0],
			    "€\xEF\xBF\xBD‚ƒ„…†‡ˆ‰Š‹Œ\xEF\xBF\xBDŽ"
			    "\xEF\xBF\xBD\xEF\xBF\xBD‘’“”•–—˜™š›œ"
			    "\xEF\xBF\xBDžŸ|\xC2\xA0©×ÿ");

	/* Valid UTF-8 is left alone even when it would also be cp1252. */
	c = parse_ok("\xC3\xA5");
	assert_int_equal(c.converted, 0);
	assert_string_equal(c.rows[0].fields[0], "å");

	/* Overlongs, surrogates and truncated sequences are not UTF-8. */
	c = parse_ok("\xC0\xAF");
	assert_int_equal(c.converted, 1);
	assert_string_equal(c.rows[0].fields[0], "À\xC2\xAF");
	c = parse_ok("\xED\xA0\x80");
	assert_int_equal(c.converted, 1);
	c = parse_ok("ab\xE2\x82");
	assert_int_equal(c.converted, 1);
	assert_string_equal(c.rows[0].fields[0], "abâ‚");
	c = parse_ok("\xF4\x90\x80\x80");
	assert_int_equal(c.converted, 1);
	c = parse_ok("\xF0\x9F\x98\x80");
	assert_int_equal(c.converted, 0);
}

static void test_errors_with_lines(void **state)
{
	(void)state;
	expect_error("a,b\nc,\"open\nmore\n", 2, "unterminated quoted field");
	/* The quote opened on line 2, inside a record starting on line 1. */
	expect_error("x,\"a\nb\",\"c\nd\n", 2, "unterminated quoted field");

	expect_error("a,b\nc,d\"e\n", 2, "unexpected quote in unquoted field");
	expect_error(" \"x\",y\n", 1, "unexpected quote in unquoted field");
	/* An error inside a multi-line record reports the record's line. */
	expect_error("h\n1,\"x\ny\",ab\"c\n", 2,
		     "unexpected quote in unquoted field");

	expect_error("a\n\"x\"y,z\n", 2, "unexpected text after closing quote");
	expect_error("h\n\n\"a\nb\nc\"d\n", 3,
		     "unexpected text after closing quote");
	expect_error("\"x\" ,y\n", 1, "unexpected text after closing quote");

	expect_error("", 0, "the file is empty");
	expect_error("\n\r\n\n\r", 0, "the file is empty");
	expect_error("\xEF\xBB\xBF", 0, "the file is empty");
	expect_error("\xEF\xBB\xBF\r\n", 0, "the file is empty");

	expect_error_n("a,b\nc\0d\n", 8, 2, "NUL byte in file");
	expect_error_n("\0", 1, 1, "NUL byte in file");
	expect_error_n("\"a\r\nb\rc\"\0", 9, 3, "NUL byte in file");
	/* UTF-16 (what "Unicode text" export gives) fails on its NULs. */
	expect_error_n("\xFF\xFEn\0a\0", 6, 1, "NUL byte in file");
}

static void test_limit_fields(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "h\n");
	for (int i = 0; i < CSV_MAX_FIELDS; i++)
		buf_puts(&b, i ? ",x" : "x");
	struct csv c = parse_ok_n(b.data, b.len);
	assert_int_equal(c.rows[1].nfields, CSV_MAX_FIELDS);

	buf_puts(&b, ",x\n");
	expect_error_n(b.data, b.len, 2, "too many columns");
	buf_free(&b);
}

/* Exactly CSV_MAX_CELLS fields parse (10,000 rows of 200); one more is
 * refused on the row that brings it. */
static void test_limit_cells(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	size_t rows = CSV_MAX_CELLS / CSV_MAX_FIELDS;
	for (size_t r = 0; r < rows; r++) {
		for (int i = 0; i < CSV_MAX_FIELDS; i++)
			buf_puts(&b, i ? ",x" : "x");
		buf_putc(&b, '\n');
	}
	struct csv c = parse_ok_n(b.data, b.len);
	assert_int_equal(c.nrows, rows);
	buf_puts(&b, "y\n");
	expect_error_n(b.data, b.len, rows + 1, "more than 2,000,000 fields in the file: split it into smaller files");
	buf_free(&b);
}

static void test_limit_field_bytes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "h\n");
	for (int i = 0; i < CSV_MAX_FIELD_BYTES; i++)
		buf_putc(&b, 'x');
	struct csv c = parse_ok_n(b.data, b.len);
	assert_int_equal(strlen(c.rows[1].fields[0]), CSV_MAX_FIELD_BYTES);
	buf_putc(&b, 'x');
	expect_error_n(b.data, b.len, 2, "field too long");

	/* Quoted: the limit is on the value, so "" counts as one byte. */
	buf_reset(&b);
	buf_puts(&b, "h\n\"");
	for (int i = 0; i < CSV_MAX_FIELD_BYTES; i++)
		buf_puts(&b, "\"\"");
	buf_puts(&b, "\"\n");
	c = parse_ok_n(b.data, b.len);
	assert_int_equal(strlen(c.rows[1].fields[0]), CSV_MAX_FIELD_BYTES);
	assert_int_equal(c.rows[1].fields[0][0], '"');

	/* One byte more: a leading y plus the 65,536 quotes. */
	buf_reset(&b);
	buf_puts(&b, "h\n\"y");
	for (int i = 0; i < CSV_MAX_FIELD_BYTES; i++)
		buf_puts(&b, "\"\"");
	buf_puts(&b, "\"\n");
	expect_error_n(b.data, b.len, 2, "field too long");
	buf_free(&b);
}

static void test_limit_rows(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < CSV_MAX_ROWS; i++)
		buf_puts(&b, "a\n");
	struct csv c = parse_ok_n(b.data, b.len);
	assert_int_equal(c.nrows, CSV_MAX_ROWS);
	assert_int_equal(c.rows[CSV_MAX_ROWS - 1].line, CSV_MAX_ROWS);

	buf_puts(&b, "\n\nb");
	expect_error_n(b.data, b.len, CSV_MAX_ROWS + 3, "too many rows");
	buf_free(&b);
}

static const char *written(const char *s, char delim)
{
	struct buf b = BUF_INIT;
	csv_write_field(&b, s, delim);
	char *r = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return r;
}

static void test_write_field(void **state)
{
	(void)state;
	assert_string_equal(written("abc", ','), "abc");
	assert_string_equal(written("", ','), "");
	assert_string_equal(written(NULL, ','), "");
	assert_string_equal(written("Växjö", ';'), "Växjö");
	assert_string_equal(written("a,b", ','), "\"a,b\"");
	assert_string_equal(written("a;b", ';'), "\"a;b\"");
	/* The other separator is quoted too, so detection cannot split it. */
	assert_string_equal(written("a,b", ';'), "\"a,b\"");
	assert_string_equal(written("a;b", ','), "\"a;b\"");
	assert_string_equal(written("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
	assert_string_equal(written("\"", ','), "\"\"\"\"");
	assert_string_equal(written("two\nlines", ','), "\"two\nlines\"");
	assert_string_equal(written("cr\rhere", ','), "\"cr\rhere\"");
	assert_string_equal(written(" lead", ','), "\" lead\"");
	assert_string_equal(written("trail ", ','), "\"trail \"");
	assert_string_equal(written("mid space", ','), "mid space");
	assert_string_equal(written("it's", ','), "it's");
}

static void test_formula_guard(void **state)
{
	(void)state;
	assert_string_equal(written("=SUM(A1)", ','), "'=SUM(A1)");
	assert_string_equal(written("+46 70 123", ','), "'+46 70 123");
	assert_string_equal(written("@cmd", ','), "'@cmd");
	/* A negative number looks like a formula to the guard and is guarded
	 * like one: "-5" is written "'-5"; csv_unguard() gives back "-5". */
	assert_string_equal(written("-5", ','), "'-5");
	assert_string_equal(csv_unguard("'-5"), "-5");
	/* Guard and quoting together: the apostrophe goes inside the quotes. */
	assert_string_equal(written("=A1,B1", ','), "\"'=A1,B1\"");
	assert_string_equal(written("\tx", ','), "\"'\tx\"");
	assert_string_equal(written("\rx", ','), "\"'\rx\"");
	/* A value that already looks guarded gets one more apostrophe so
	 * that unguarding gives it back exactly. */
	assert_string_equal(written("'=x", ','), "''=x");
	assert_string_equal(written("'abc", ','), "'abc");
	assert_string_equal(written("''-1", ','), "'''-1");
	assert_string_equal(written("''", ','), "''");
	assert_string_equal(written("a=b", ','), "a=b");

	assert_string_equal(csv_unguard("'=SUM(A1)"), "=SUM(A1)");
	assert_string_equal(csv_unguard("'+1"), "+1");
	assert_string_equal(csv_unguard("'@x"), "@x");
	assert_string_equal(csv_unguard("'\tx"), "\tx");
	assert_string_equal(csv_unguard("'\rx"), "\rx");
	assert_string_equal(csv_unguard("''=x"), "'=x");
	assert_string_equal(csv_unguard("'''-1"), "''-1");
	assert_string_equal(csv_unguard("'abc"), "'abc");
	assert_string_equal(csv_unguard("''"), "''");
	assert_string_equal(csv_unguard("'"), "'");
	assert_string_equal(csv_unguard(""), "");
	assert_string_equal(csv_unguard("=x"), "=x");
}

static void roundtrip(char delim)
{
	static const char *const vals[][4] = {
		{ "namn", "beskrivning", "värde", "" },
		{ "a,b", "a;b", "say \"hi\"", "\"" },
		{ "two\nlines", "crlf\r\nend", "lone\rcr", "\n" },
		{ " lead", "trail ", "\t", " " },
		{ "=SUM(A1)", "-5", "+46", "@x" },
		{ "'=x", "''=y", "'", "''" },
		{ "'''@", "'a", "'\t", "'\r\n" },
		{ "Växjö €", "", "", "" },
		{ "\xEF\xBB\xBF", "=", "\"\"\"", ",;\"\r\n" },
	};
	size_t nr = sizeof vals / sizeof vals[0];
	struct buf b = BUF_INIT;
	for (size_t r = 0; r < nr; r++) {
		for (size_t f = 0; f < 4; f++) {
			if (f)
				buf_putc(&b, delim);
			csv_write_field(&b, vals[r][f], delim);
		}
		buf_puts(&b, r % 2 ? "\r\n" : "\n");
	}
	struct csv c = parse_ok_n(b.data, b.len);
	assert_int_equal(c.delim, delim);
	assert_int_equal(c.converted, 0);
	assert_int_equal(c.nrows, nr);
	for (size_t r = 0; r < nr; r++) {
		assert_int_equal(c.rows[r].nfields, 4);
		for (size_t f = 0; f < 4; f++)
			assert_string_equal(csv_unguard(c.rows[r].fields[f]),
					    vals[r][f]);
	}
	buf_free(&b);
}

static void test_roundtrip(void **state)
{
	(void)state;
	roundtrip(',');
	roundtrip(';');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fields_as_is, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delimiter_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_lines_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp1252, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_with_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_field_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formula_guard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
