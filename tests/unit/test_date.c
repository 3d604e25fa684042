/*
 * test_date: calendar dates as "YYYY-MM-DD" (src/core/date.c) — leap years,
 * month lengths, the 1900..2999 bounds and everything that is not exactly
 * ten characters of that form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/date.h"

static void test_valid(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"2024-01-01", "2024-12-31", "2025-06-15", "1999-09-09",
		"2024-01-31", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30",
		"2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!date_valid(ok[i]))
			fail_msg("%s should be valid", ok[i]);
}

static void test_month_lengths(void **state)
{
	(void)state;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char s[32];
	for (int m = 1; m <= 12; m++) {
		snprintf(s, sizeof s, "2023-%02d-%02d", m, days[m - 1]);
		assert_int_equal(date_valid(s), 1);
		snprintf(s, sizeof s, "2023-%02d-%02d", m, days[m - 1] + 1);
		assert_int_equal(date_valid(s), 0);
		snprintf(s, sizeof s, "2023-%02d-00", m);
		assert_int_equal(date_valid(s), 0);
		snprintf(s, sizeof s, "2023-%02d-01", m);
		assert_int_equal(date_valid(s), 1);
	}
	assert_int_equal(date_valid("2023-04-31"), 0);
	assert_int_equal(date_valid("2023-06-31"), 0);
	assert_int_equal(date_valid("2023-09-31"), 0);
	assert_int_equal(date_valid("2023-11-31"), 0);
	assert_int_equal(date_valid("2023-01-32"), 0);
	assert_int_equal(date_valid("2023-01-99"), 0);
}

static void test_leap_years(void **state)
{
	(void)state;
	/* Divisible by 4: leap. */
	assert_int_equal(date_valid("2024-02-29"), 1);
	assert_int_equal(date_valid("1996-02-29"), 1);
	/* Not divisible by 4: not. */
	assert_int_equal(date_valid("2023-02-29"), 0);
	assert_int_equal(date_valid("2025-02-29"), 0);
	/* Centuries are not, unless divisible by 400. */
	assert_int_equal(date_valid("1900-02-29"), 0);
	assert_int_equal(date_valid("2100-02-29"), 0);
	assert_int_equal(date_valid("2200-02-29"), 0);
	assert_int_equal(date_valid("2000-02-29"), 1);
	assert_int_equal(date_valid("2400-02-29"), 1);
	assert_int_equal(date_valid("1900-02-28"), 1);
	/* Never a 30th of February. */
	assert_int_equal(date_valid("2024-02-30"), 0);
	assert_int_equal(date_valid("2000-02-30"), 0);
}

static void test_bounds(void **state)
{
	(void)state;
	assert_int_equal(date_valid("1900-01-01"), 1);
	assert_int_equal(date_valid("1899-12-31"), 0);
	assert_int_equal(date_valid("2999-12-31"), 1);
	assert_int_equal(date_valid("3000-01-01"), 0);
	assert_int_equal(date_valid("0000-01-01"), 0);
	assert_int_equal(date_valid("9999-12-31"), 0);
	assert_int_equal(date_valid("2024-00-10"), 0);
	assert_int_equal(date_valid("2024-13-10"), 0);
	assert_int_equal(date_valid("2024-99-10"), 0);
}

static void test_formats(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"2024",
		"2024-1-01",
		"2024-01-1",
		"24-01-01",
		"2024/01/01",
		"2024.01.01",
		"20240101",
		"2024-01-01 ",
		" 2024-01-01",
		"2024-01-01T00:00:00Z",
		"2024-01-010",
		"02024-01-01",
		"2024_01_01",
		"2024-0a-01",
		"2024-01-0x",
		"abcd-ef-gh",
		"+024-01-01",
		"-024-01-01",
		"2024--1-01",
		"2024-1--01",
		"2024-01- 1",
		"2024- 1-01",
		"2O24-01-01", /* letter O */
		"01-01-2024",
		"2024-01-01\n",
		"\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-01-01", /* full-width digits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_valid(bad[i]))
			fail_msg("\"%s\" should be invalid", bad[i]);
	assert_int_equal(date_valid(NULL), 0);
	/* A valid date followed by a NUL inside a longer buffer is still the
	 * ten characters before the NUL. */
	char buf[16];
	memcpy(buf, "2024-05-06\0junk", 16);
	assert_int_equal(date_valid(buf), 1);
}

static void test_compare(void **state)
{
	(void)state;
	assert_int_equal(date_compare("2024-05-06", "2024-05-06"), 0);
	assert_true(date_compare("2024-05-05", "2024-05-06") < 0);
	assert_true(date_compare("2024-05-06", "2024-05-05") > 0);
	assert_true(date_compare("2024-04-30", "2024-05-01") < 0);
	assert_true(date_compare("2023-12-31", "2024-01-01") < 0);
	assert_true(date_compare("2024-01-01", "2023-12-31") > 0);
	assert_true(date_compare("1900-01-01", "2999-12-31") < 0);
	assert_true(date_compare("2024-10-01", "2024-09-30") > 0);
	/* Antisymmetric. */
	static const char *const d[] = { "1999-12-31", "2000-01-01", "2000-02-29", "2024-12-01" };
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 4; j++) {
			int a = date_compare(d[i], d[j]), b = date_compare(d[j], d[i]);
			assert_int_equal(a < 0, b > 0);
			assert_int_equal(a == 0, i == j);
			assert_int_equal(a < 0, i < j);
		}
}

static void test_add_months(void **state)
{
	(void)state;
	static const struct {
		const char *from;
		int months;
		const char *to;
	} cases[] = {
		{ "2024-01-31", 1, "2024-02-29" },  /* leap year: clamped to the 29th */
		{ "2023-01-31", 1, "2023-02-28" },
		{ "2024-02-29", 12, "2025-02-28" }, /* a leap day a year on */
		{ "2024-02-29", 48, "2028-02-29" },
		{ "2024-03-31", 1, "2024-04-30" },
		{ "2024-08-31", 6, "2025-02-28" },
		{ "2024-11-15", 2, "2025-01-15" },  /* over the year end */
		{ "2025-01-15", -2, "2024-11-15" },
		{ "2024-03-31", -1, "2024-02-29" },
		{ "2024-05-05", 0, "2024-05-05" },
		{ "2022-10-15", 48, "2026-10-15" }, /* a term of office */
		{ "1900-01-31", 1, "1900-02-28" },  /* 1900 is no leap year */
		{ "2000-01-31", 1, "2000-02-29" },  /* 2000 is */
	};
	char out[11];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(date_add_months(cases[i].from, cases[i].months, out), 0);
		assert_string_equal(out, cases[i].to);
	}
	assert_int_equal(date_add_months("2999-12-01", 1, out), -1);
	assert_int_equal(date_add_months("1900-01-01", -1, out), -1);
	assert_int_equal(date_add_months("2024-02-30", 1, out), -1);
	assert_int_equal(date_add_months(NULL, 1, out), -1);
}

static void test_add_days(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(date_add_days("2024-02-28", 1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(date_add_days("2023-02-28", 1, out), 0);
	assert_string_equal(out, "2023-03-01");
	assert_int_equal(date_add_days("2024-12-31", 1, out), 0);
	assert_string_equal(out, "2025-01-01");
	assert_int_equal(date_add_days("2025-01-01", -1, out), 0);
	assert_string_equal(out, "2024-12-31");
	assert_int_equal(date_add_days("2024-03-01", -14, out), 0);
	assert_string_equal(out, "2024-02-16");
	assert_int_equal(date_add_days("2024-01-01", 366, out), 0);
	assert_string_equal(out, "2025-01-01");
	assert_int_equal(date_add_days("2999-12-31", 1, out), -1);
	assert_int_equal(date_add_days("bad", 1, out), -1);
	/* Every day of four years, one at a time, agrees with date_valid and
	 * with the distance back. */
	char d[11] = "2023-01-01", next[11];
	for (int i = 0; i < 4 * 366; i++) {
		assert_int_equal(date_add_days(d, 1, next), 0);
		assert_true(date_valid(next));
		assert_true(date_compare(d, next) < 0);
		assert_int_equal(date_days_between(d, next), 1);
		assert_int_equal(date_days_between("2023-01-01", next), i + 1);
		assert_int_equal(date_weekday(next), date_weekday(d) % 7 + 1);
		memcpy(d, next, 11);
	}
	assert_int_equal(date_days_between("2024-03-01", "2024-02-28"), -2);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday("2026-12-03"), 4); /* a Thursday */
	assert_int_equal(date_weekday("2024-02-29"), 4);
	assert_int_equal(date_weekday("2000-01-01"), 6);
	assert_int_equal(date_weekday("1970-01-01"), 4);
	assert_int_equal(date_weekday("2026-12-06"), 7);
	assert_int_equal(date_weekday("2026-12-07"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_month_lengths),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_weekday),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
