/*
 * test_text: UTF-8 coding, search folding and the Swedish collation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

static int valid(const char *s, size_t len)
{
	return text_utf8_valid(s, len);
}

#define VALID(lit) valid(lit, sizeof lit - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_int_equal(VALID(""), 1);
	assert_int_equal(VALID("plain ascii"), 1);
	assert_int_equal(VALID("a\0b"), 1);
	assert_int_equal(VALID("\xC3\xA5\xC3\xA4\xC3\xB6"), 1);     /* åäö */
	assert_int_equal(VALID("\xE2\x82\xAC"), 1);                 /* € */
	assert_int_equal(VALID("\xF0\x9F\x98\x80"), 1);             /* U+1F600 */
	assert_int_equal(VALID("\xF4\x8F\xBF\xBF"), 1);             /* U+10FFFF */
	assert_int_equal(VALID("\xEF\xBF\xBF"), 1);                 /* U+FFFF */
	assert_int_equal(VALID("\xED\x9F\xBF"), 1);                 /* U+D7FF */
	assert_int_equal(VALID("\xEE\x80\x80"), 1);                 /* U+E000 */

	/* overlong forms */
	assert_int_equal(VALID("\xC0\x80"), 0);
	assert_int_equal(VALID("\xC1\xBF"), 0);
	assert_int_equal(VALID("\xE0\x80\x80"), 0);
	assert_int_equal(VALID("\xE0\x9F\xBF"), 0);
	assert_int_equal(VALID("\xF0\x8F\xBF\xBF"), 0);
	assert_int_equal(VALID("\xF0\x80\x80\xAF"), 0);
	/* surrogates */
	assert_int_equal(VALID("\xED\xA0\x80"), 0);
	assert_int_equal(VALID("\xED\xBF\xBF"), 0);
	assert_int_equal(VALID("\xED\xA0\xBD\xED\xB8\x80"), 0);     /* CESU-8 pair */
	/* above U+10FFFF */
	assert_int_equal(VALID("\xF4\x90\x80\x80"), 0);
	assert_int_equal(VALID("\xF5\x80\x80\x80"), 0);
	assert_int_equal(VALID("\xF8\x88\x80\x80\x80"), 0);
	assert_int_equal(VALID("\xFF"), 0);
	assert_int_equal(VALID("\xFE"), 0);
	/* truncated and broken sequences */
	assert_int_equal(VALID("\xC3"), 0);
	assert_int_equal(VALID("abc\xE2\x82"), 0);
	assert_int_equal(VALID("\xF0\x9F\x98"), 0);
	assert_int_equal(VALID("\x80"), 0);
	assert_int_equal(VALID("a\xBFz"), 0);
	assert_int_equal(VALID("\xC3\x28"), 0);
	assert_int_equal(VALID("\xE2\x28\xA1"), 0);
	/* the length, not a NUL, ends the string */
	assert_int_equal(valid("\xC3\xA5", 1), 0);
	assert_int_equal(valid("ok\xFF", 2), 1);
}

static void test_utf8_decode(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		uint32_t cp;
	} ok[] = {
		{ "A", 1, 0x41 },
		{ "\x7F", 1, 0x7F },
		{ "\xC2\x80", 2, 0x80 },
		{ "\xC3\xA5", 2, 0xE5 },
		{ "\xDF\xBF", 2, 0x7FF },
		{ "\xE0\xA0\x80", 3, 0x800 },
		{ "\xE2\x82\xAC", 3, 0x20AC },
		{ "\xEF\xBF\xBF", 3, 0xFFFF },
		{ "\xF0\x90\x80\x80", 4, 0x10000 },
		{ "\xF4\x8F\xBF\xBF", 4, 0x10FFFF },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		uint32_t cp = 0xDEAD;
		assert_int_equal(text_utf8_decode(ok[i].s, strlen(ok[i].s), &cp), ok[i].n);
		assert_int_equal(cp, ok[i].cp);
		/* one byte short is malformed */
		assert_int_equal(text_utf8_decode(ok[i].s, ok[i].n - 1, &cp), 0);
	}
	uint32_t cp = 7;
	assert_int_equal(text_utf8_decode("", 0, &cp), 0);
	assert_int_equal(text_utf8_decode("\xC0\x80", 2, &cp), 0);
	assert_int_equal(text_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
	assert_int_equal(text_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(text_utf8_decode("\x80", 1, &cp), 0);
	/* only the first code point is read */
	assert_int_equal(text_utf8_decode("\xC3\xA4x", 3, &cp), 2);
	assert_int_equal(cp, 0xE4);
	assert_int_equal(text_utf8_decode("\0x", 2, &cp), 1);
	assert_int_equal(cp, 0);
}

static void test_utf8_roundtrip(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	/* Every scalar value: encoding is valid, decodes back, minimal. */
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp == 0xD800)
			cp = 0xE000;
		buf_reset(&b);
		text_utf8_encode(&b, cp);
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (b.len != want)
			fail_msg("U+%04X encoded in %zu bytes", (unsigned)cp, b.len);
		uint32_t back = 0xFFFFFFFF;
		if (text_utf8_decode(b.data, b.len, &back) != want || back != cp)
			fail_msg("U+%04X does not round-trip", (unsigned)cp);
		if (!text_utf8_valid(b.data, b.len))
			fail_msg("U+%04X encodes invalid", (unsigned)cp);
	}
	/* A caller's mistake still yields valid UTF-8 (U+FFFD). */
	buf_reset(&b);
	text_utf8_encode(&b, 0xD800);
	text_utf8_encode(&b, 0x110000);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD", 6);
	/* appends */
	buf_reset(&b);
	buf_puts(&b, "x");
	text_utf8_encode(&b, 0xE5);
	text_utf8_encode(&b, 0x1F600);
	assert_string_equal(buf_str(&b), "x\xC3\xA5\xF0\x9F\x98\x80");
	buf_free(&b);
}

static void test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_length("", 0), 0);
	assert_int_equal(text_utf8_length("abc", 3), 3);
	assert_int_equal(text_utf8_length("\xC3\xA5\xC3\xA4\xC3\xB6", 6), 3);
	assert_int_equal(text_utf8_length("a\xE2\x82\xAC\xF0\x9F\x98\x80", 8), 3);
	assert_int_equal(text_utf8_length("S\xC3\xA4kerhet", 9), 8);
	assert_int_equal(text_utf8_length("a\0b", 3), 3);
}

/* The fold of s as a malloc'd string. */
static char *fold(const char *s)
{
	struct buf b = BUF_INIT;
	text_fold(&b, s, strlen(s));
	return buf_detach(&b);
}

static void assert_fold(const char *in, const char *want)
{
	char *got = fold(in);
	assert_string_equal(got, want);
	/* folding is idempotent */
	char *again = fold(got);
	assert_string_equal(again, got);
	free(again);
	free(got);
}

static void test_fold(void **state)
{
	(void)state;
	assert_fold("SÄKERHET", "sakerhet");
	assert_fold("säkerhet", "sakerhet");
	assert_fold("sakerhet", "sakerhet");
	assert_fold("Ærø", "aero");
	assert_fold("Straße", "strasse");
	assert_fold("ÅÄÖ åäö", "aao aao");
	assert_fold("Crème Brûlée", "creme brulee");
	assert_fold("Œuvre", "oeuvre");
	assert_fold("Łódź", "lodz");
	assert_fold("Þór Ðóra", "thor dora");
	assert_fold("Đorđe", "dorde");
	assert_fold("Ĳssel", "ijssel");
	assert_fold("İstanbul ıi", "istanbul ii");
	assert_fold("Ÿ ÿ ſ", "y y s");
	assert_fold("Čeština Ŝ ŵ", "cestina s w");
	assert_fold("Müller", "muller");
	assert_fold("MIXED Case 42!", "mixed case 42!");
	/* × and ÷ are symbols, not letters */
	assert_fold("2×3÷4", "2×3÷4");
	/* other scripts are copied unchanged */
	assert_fold("Ωμέγα 日本", "Ωμέγα 日本");
	assert_fold("€ ©", "€ ©");

	char *got = fold("Informationssäkerhetssamordnare");
	assert_string_equal(got, "informationssakerhetssamordnare");
	assert_non_null(strstr(got, "sakerhet"));
	free(got);
}

static void test_fold_space(void **state)
{
	(void)state;
	assert_fold("", "");
	assert_fold("   ", "");
	assert_fold(" \t\r\n\v\f", "");
	assert_fold("  a  ", "a");
	assert_fold("a \t\n b", "a b");
	assert_fold("\n\nrisk   \t analys\r\n", "risk analys");
	/* no-break and other Unicode spaces count as space */
	assert_fold("\xC2\xA0x\xC2\xA0\xC2\xA0y\xE2\x80\xAF", "x y");
	assert_fold("a\xE3\x80\x80" "b", "a b");
}

static void test_fold_malformed(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	text_fold(&b, "a\xFF" "B\xC3", 4);
	assert_string_equal(buf_str(&b), "ab");
	buf_reset(&b);
	text_fold(&b, "\xED\xA0\x80x\xC0\x80Y", 7);
	assert_string_equal(buf_str(&b), "xy");
	buf_reset(&b);
	/* length-bounded, NUL is an ordinary character */
	text_fold(&b, "AB\0CD", 4);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "ab\0c", 4);
	/* appends to what is there */
	buf_reset(&b);
	buf_puts(&b, "q:");
	text_fold(&b, " Å ", 4);
	assert_string_equal(buf_str(&b), "q:a");
	buf_free(&b);
}

/* Every letter of the table folds to one or two lower-case ASCII letters,
 * and upper and lower case fold alike. */
static void test_fold_table(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, out = BUF_INIT, other = BUF_INIT;
	for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
		if (cp == 0xD7 || cp == 0xF7)
			continue;
		buf_reset(&in);
		buf_reset(&out);
		text_utf8_encode(&in, cp);
		text_fold(&out, in.data, in.len);
		if (out.len < 1 || out.len > 2)
			fail_msg("U+%04X folds to %zu bytes", (unsigned)cp, out.len);
		for (size_t i = 0; i < out.len; i++)
			if (out.data[i] < 'a' || out.data[i] > 'z')
				fail_msg("U+%04X folds to \"%s\"", (unsigned)cp, out.data);
	}
	/* Latin-1: U+00C0+i is the capital of U+00E0+i */
	for (uint32_t cp = 0xC0; cp <= 0xDE; cp++) {
		if (cp == 0xD7)
			continue;
		buf_reset(&in);
		buf_reset(&out);
		buf_reset(&other);
		text_utf8_encode(&in, cp);
		text_fold(&out, in.data, in.len);
		buf_reset(&in);
		text_utf8_encode(&in, cp + 0x20);
		text_fold(&other, in.data, in.len);
		if (strcmp(buf_str(&out), buf_str(&other)) != 0)
			fail_msg("U+%04X and U+%04X fold apart", (unsigned)cp,
				 (unsigned)cp + 0x20);
	}
	buf_free(&in);
	buf_free(&out);
	buf_free(&other);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static int cmp(const char *a, const char *b)
{
	return sign(text_collate_sv(a, strlen(a), b, strlen(b)));
}

static int qcmp(const void *x, const void *y)
{
	return cmp(*(const char *const *)x, *(const char *const *)y);
}

static void test_collate_pairs(void **state)
{
	(void)state;
	assert_int_equal(cmp("", ""), 0);
	assert_int_equal(cmp("abc", "abc"), 0);
	assert_int_equal(cmp("Åsa", "Åsa"), 0);
	assert_int_equal(cmp("a", "b"), -1);
	assert_int_equal(cmp("b", "a"), 1);
	assert_int_equal(cmp("", "a"), -1);
	/* case-insensitive first, lower before upper on a tie */
	assert_int_equal(cmp("B", "a"), 1);
	assert_int_equal(cmp("a", "B"), -1);
	assert_int_equal(cmp("abc", "ABC"), -1);
	assert_int_equal(cmp("ABC", "abc"), 1);
	assert_int_equal(cmp("abC", "aBc"), -1);
	assert_int_equal(cmp("Abc", "abd"), -1);
	/* å < ä < ö after z */
	assert_int_equal(cmp("Zeta", "Åsa"), -1);
	assert_int_equal(cmp("Åsa", "Ärlig"), -1);
	assert_int_equal(cmp("Ärlig", "Örebro"), -1);
	assert_int_equal(cmp("Åre", "Ängel"), -1);
	assert_int_equal(cmp("zzz", "å"), -1);
	assert_int_equal(cmp("å", "ä"), -1);
	assert_int_equal(cmp("ä", "ö"), -1);
	assert_int_equal(cmp("Ö", "å"), 1);
	/* æ as ä, ø and œ as ö, ü as y */
	assert_int_equal(cmp("æa", "äb"), -1);
	assert_int_equal(cmp("äa", "æb"), -1);
	assert_int_equal(cmp("øa", "öb"), -1);
	assert_int_equal(cmp("öa", "øb"), -1);
	assert_int_equal(cmp("œa", "öb"), -1);
	assert_int_equal(cmp("Müller", "Myller"), 1);
	assert_int_equal(cmp("Müller", "Mylles"), -1);
	assert_int_equal(cmp("Müller", "Mv"), 1);
	assert_int_equal(cmp("Müller", "Mz"), -1);
	/* other accents as the base letter */
	assert_int_equal(cmp("éclair", "eclair"), 1);
	assert_int_equal(cmp("éclair", "eclairs"), -1);
	assert_int_equal(cmp("éclair", "Eclair"), -1);
	assert_int_equal(cmp("Ñandú", "nandu"), 1);
	assert_int_equal(cmp("Ñandú", "nandv"), -1);
	/* ß as ss */
	assert_int_equal(cmp("Straße", "Strasse"), 1);
	assert_int_equal(cmp("Straße", "Strassf"), -1);
	assert_int_equal(cmp("Straße", "Strassd"), 1);
	/* digits before letters, punctuation before digits */
	assert_int_equal(cmp("9", "a"), -1);
	assert_int_equal(cmp("Z", "0"), 1);
	assert_int_equal(cmp("-", "0"), -1);
	assert_int_equal(cmp(" ", "!"), -1);
	/* other scripts after every Latin letter */
	assert_int_equal(cmp("Ω", "Ö"), 1);
	assert_int_equal(cmp("Ω", "日"), -1);
	/* lengths, not NULs */
	assert_int_equal(text_collate_sv("abc", 2, "abd", 2), 0);
	assert_int_equal(sign(text_collate_sv("a\0b", 3, "a", 1)), 1);
	assert_int_equal(sign(text_collate_sv("a\0b", 3, "a\0c", 3)), -1);
}

static void test_collate_sort(void **state)
{
	(void)state;
	static const char *const want[] = {
		"", " ", "!", "-", "0", "1000", "2",
		"a", "A", "Aa", "ab", "Anders",
		"Dag", "Đuro",
		"eclair", "éclair", "Eclair", "Éclair", "Edam",
		"Mutter", "Myller", "Müller", "Mynd",
		"Strasse", "Straße", "Strassen", "Ståhl",
		"Zeta", "Åre", "Åsa", "Æble", "Ängel", "Ärlig",
		"Ölme", "Øre", "Örebro", "Ωmega", "日本",
	};
	enum { N = sizeof want / sizeof want[0] };
	const char *got[N];
	/* Start from reversed and from a stride permutation. */
	for (size_t i = 0; i < N; i++)
		got[i] = want[N - 1 - i];
	qsort(got, N, sizeof got[0], qcmp);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(got[i], want[i]);
	for (size_t i = 0; i < N; i++)
		got[i] = want[(i * 7) % N];
	qsort(got, N, sizeof got[0], qcmp);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(got[i], want[i]);
}

/* The code point as a malloc'd string, with suffix appended. */
static char *cp_str(uint32_t cp, const char *suffix)
{
	struct buf b = BUF_INIT;
	text_utf8_encode(&b, cp);
	buf_puts(&b, suffix);
	return buf_detach(&b);
}

/* For each capital/small pair of the table: the same primary key (a
 * following letter decides) and small before capital on a tie. */
static void check_case_pair(uint32_t upper, uint32_t lower)
{
	char *u = cp_str(upper, ""), *l = cp_str(lower, "");
	char *ua = cp_str(upper, "a"), *lb = cp_str(lower, "b");
	if (cmp(l, u) != -1 || cmp(u, l) != 1)
		fail_msg("U+%04X should sort before U+%04X", (unsigned)lower,
			 (unsigned)upper);
	if (cmp(ua, lb) != -1 || cmp(lb, ua) != 1)
		fail_msg("U+%04X and U+%04X differ in primary key",
			 (unsigned)upper, (unsigned)lower);
	free(u);
	free(l);
	free(ua);
	free(lb);
}

static void test_collate_table(void **state)
{
	(void)state;
	uint32_t cp;
	for (cp = 0xC0; cp <= 0xDE; cp++)
		if (cp != 0xD7)
			check_case_pair(cp, cp + 0x20);
	for (cp = 0x100; cp <= 0x136; cp += 2)
		check_case_pair(cp, cp + 1);
	for (cp = 0x139; cp <= 0x147; cp += 2)
		check_case_pair(cp, cp + 1);
	for (cp = 0x14A; cp <= 0x176; cp += 2)
		check_case_pair(cp, cp + 1);
	for (cp = 0x179; cp <= 0x17D; cp += 2)
		check_case_pair(cp, cp + 1);
	check_case_pair(0x178, 0xFF);   /* Ÿ ÿ */
	/* the Swedish letters and their look-alikes, in capitals */
	assert_int_equal(cmp("MÜLLER", "MYLLES"), -1);
	assert_int_equal(cmp("MÜLLER", "MULLES"), 1);
	assert_int_equal(cmp("ÆA", "ÄB"), -1);
	assert_int_equal(cmp("ØA", "ÖB"), -1);
	assert_int_equal(cmp("ŒA", "ÖB"), -1);
	assert_int_equal(cmp("ZZ", "Å"), -1);
	assert_int_equal(cmp("Å", "Ä"), -1);
	assert_int_equal(cmp("Ä", "Ö"), -1);
	assert_int_equal(cmp("Ő", "ÖA"), -1);
	assert_int_equal(cmp("Ű", "YA"), -1);
	assert_int_equal(cmp("Ű", "Y"), 1);
}

/* A total order: reflexive equality only for equal bytes, antisymmetric,
 * transitive. SQLite's sorter misbehaves on anything less. */
static void test_collate_total_order(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len;
	} t[] = {
#define S(lit) { lit, sizeof lit - 1 }
		S(""), S(" "), S("\xC2\xA0"), S("\t"), S("\0"), S("a\0"),
		S("a"), S("A"), S("b"), S("z"), S("Z"), S("0"), S("00"), S("1"),
		S("ss"), S("SS"), S("sS"), S("Ss"), S("ß"), S("ſs"), S("s"),
		S("ä"), S("Ä"), S("æ"), S("Æ"), S("ae"), S("å"), S("Å"),
		S("ö"), S("Ö"), S("ø"), S("œ"), S("oe"), S("ő"),
		S("y"), S("Y"), S("ü"), S("Ü"), S("ű"), S("u"),
		S("e"), S("é"), S("É"), S("E"),
		S("th"), S("þ"), S("Þ"), S("TH"),
		S("ij"), S("Ĳ"), S("ĳ"), S("i"), S("İ"), S("ı"), S("I"),
		S("×"), S("÷"), S("Ω"), S("日"),
		S("\xFF"), S("\xC3"), S("a\xFF"), S("\xC3\xA4\xFF"), S("\x80"),
		S("\xED\xA0\x80"), S("\xF4\x90\x80\x80"),
#undef S
	};
	enum { N = sizeof t / sizeof t[0] };
	int c[N][N];
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++)
			c[i][j] = sign(text_collate_sv(t[i].s, t[i].len, t[j].s, t[j].len));
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < N; j++) {
			if (c[i][j] != -c[j][i])
				fail_msg("not antisymmetric: #%zu vs #%zu", i, j);
			int same = t[i].len == t[j].len &&
				   memcmp(t[i].s, t[j].s, t[i].len) == 0;
			if ((c[i][j] == 0) != same)
				fail_msg("#%zu and #%zu equal but different", i, j);
		}
	}
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++)
			for (size_t k = 0; k < N; k++)
				if (c[i][j] <= 0 && c[j][k] <= 0 && c[i][k] > 0)
					fail_msg("not transitive: #%zu #%zu #%zu", i, j, k);
}

static void test_has_control(void **state)
{
	(void)state;
	assert_int_equal(text_has_control("", 0, 0), 0);
	assert_int_equal(text_has_control("plain", 5, 0), 0);
	assert_int_equal(text_has_control("å ä ö €", strlen("å ä ö €"), 0), 0);
	assert_int_equal(text_has_control("a\tb", 3, 0), 0);
	assert_int_equal(text_has_control("a\nb", 3, 0), 1);
	assert_int_equal(text_has_control("a\nb", 3, 1), 0);
	assert_int_equal(text_has_control("a\r\nb", 4, 0), 1);
	assert_int_equal(text_has_control("a\r\nb", 4, 1), 0);
	assert_int_equal(text_has_control("a\0b", 3, 1), 1);
	assert_int_equal(text_has_control("\x01", 1, 1), 1);
	assert_int_equal(text_has_control("\x1B[31m", 5, 1), 1);
	assert_int_equal(text_has_control("\x1F", 1, 1), 1);
	assert_int_equal(text_has_control("x\x7F", 2, 1), 1);
	assert_int_equal(text_has_control("\v", 1, 1), 1);
	assert_int_equal(text_has_control("\f", 1, 1), 1);
	/* the length bounds the scan */
	assert_int_equal(text_has_control("ab\x01", 2, 0), 0);
}

static void test_parse_color(void **state)
{
	(void)state;
	unsigned char rgb[3] = { 1, 2, 3 };
	assert_int_equal(text_parse_color("#c62828", 7, rgb), 0);
	assert_int_equal(rgb[0], 0xc6);
	assert_int_equal(rgb[1], 0x28);
	assert_int_equal(rgb[2], 0x28);
	assert_int_equal(text_parse_color("#FFfF00", 7, rgb), 0);
	assert_int_equal(rgb[0], 255);
	assert_int_equal(rgb[2], 0);
	/* The length counts: the first seven bytes of a longer text. */
	assert_int_equal(text_parse_color("#000000ff", 7, rgb), 0);
	assert_int_equal(rgb[0], 0);
	static const char *const bad[] = { "", "#", "#12345", "#1234567", "c62828a", "#g62828",
					   "#c6282 ", "red", "#-12345" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rgb[0] = 9;
		if (text_parse_color(bad[i], strlen(bad[i]), rgb) != -1)
			fail_msg("%s taken as a colour", bad[i]);
		assert_int_equal(rgb[0], 9);
	}
	assert_int_equal(text_parse_color(NULL, 7, rgb), -1);
}

static void test_upper_first(void **state)
{
	(void)state;
	char a[] = "enheten X", b[] = "\xC3\xA5tg\xC3\xA4rden", c[] = "\xC3\xB7 x", d[] = "", e[] = "Ok";
	text_upper_first(a);
	text_upper_first(b);
	text_upper_first(c);
	text_upper_first(d);
	text_upper_first(e);
	text_upper_first(NULL);
	assert_string_equal(a, "Enheten X");
	assert_string_equal(b, "\xC3\x85tg\xC3\xA4rden"); /* Åtgärden */
	assert_string_equal(c, "\xC3\xB7 x");               /* ÷ has no capital */
	assert_string_equal(d, "");
	assert_string_equal(e, "Ok");
}

static void test_trim(void **state)
{
	(void)state;
	const char *start = NULL;
	const char *s = "  risk \t\r\n";
	assert_int_equal(text_trim(s, strlen(s), &start), 4);
	assert_ptr_equal(start, s + 2);
	assert_memory_equal(start, "risk", 4);

	s = "a b";
	assert_int_equal(text_trim(s, 3, &start), 3);
	assert_ptr_equal(start, s);

	s = "";
	assert_int_equal(text_trim(s, 0, &start), 0);
	assert_ptr_equal(start, s);

	s = " \t\n ";
	assert_int_equal(text_trim(s, 4, &start), 0);

	s = "\v\fx\f\v";
	assert_int_equal(text_trim(s, 5, &start), 1);
	assert_ptr_equal(start, s + 2);

	/* only ASCII white space */
	s = "\xC2\xA0x";
	assert_int_equal(text_trim(s, 3, &start), 3);
	assert_ptr_equal(start, s);

	/* the length bounds the scan */
	s = " ab  cd";
	assert_int_equal(text_trim(s, 5, &start), 2);
	assert_ptr_equal(start, s + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_space),
		cmocka_unit_test(test_fold_malformed),
		cmocka_unit_test(test_fold_table),
		cmocka_unit_test(test_collate_pairs),
		cmocka_unit_test(test_collate_sort),
		cmocka_unit_test(test_collate_table),
		cmocka_unit_test(test_collate_total_order),
		cmocka_unit_test(test_has_control),
		cmocka_unit_test(test_parse_color),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_upper_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
