/*
 * test_recur: recurring activities' dates (src/core/recur.c) — month ends,
 * leap years, 29 February yearly, quarterly and monthly, and the year
 * after a Swedish general election.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/recur.h"

static void test_yearly_29_february(void **state)
{
	(void)state;
	struct recur r = { RECUR_YEARLY, 2, 29, 2023, 0 };
	char out[8][11];
	size_t n = recur_between(&r, "2023-01-01", "2025-12-31", out, 8);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "2023-02-28");
	assert_string_equal(out[1], "2024-02-29");
	assert_string_equal(out[2], "2025-02-28");
}

static void test_monthly_month_ends(void **state)
{
	(void)state;
	struct recur r = { RECUR_MONTHLY, 0, 31, 2024, 0 };
	char out[12][11];
	size_t n = recur_between(&r, "2024-01-15", "2024-05-31", out, 12);
	assert_int_equal(n, 5);
	assert_string_equal(out[0], "2024-01-31");
	assert_string_equal(out[1], "2024-02-29");
	assert_string_equal(out[2], "2024-03-31");
	assert_string_equal(out[3], "2024-04-30");
	assert_string_equal(out[4], "2024-05-31");
}

static void test_quarterly(void **state)
{
	(void)state;
	struct recur r = { RECUR_QUARTERLY, 11, 30, 2025, 2025 };
	char out[8][11];
	size_t n = recur_between(&r, "2024-01-01", "2026-12-31", out, 8);
	assert_int_equal(n, 4); /* only 2025: the last year */
	assert_string_equal(out[0], "2025-02-28");
	assert_string_equal(out[1], "2025-05-30");
	assert_string_equal(out[2], "2025-08-30");
	assert_string_equal(out[3], "2025-11-30");
}

static void test_after_election(void **state)
{
	(void)state;
	assert_int_equal(recur_election_year(2022), 1);
	assert_int_equal(recur_election_year(2026), 1);
	assert_int_equal(recur_election_year(2030), 1);
	assert_int_equal(recur_election_year(2027), 0);
	char d[11];
	assert_int_equal(recur_election_day(2022, d), 0);
	assert_string_equal(d, "2022-09-11");
	assert_int_equal(recur_election_day(2026, d), 0);
	assert_string_equal(d, "2026-09-13");
	assert_int_equal(recur_election_day(2027, d), -1);
	struct recur r = { RECUR_AFTER_ELECTION, 10, 31, 2020, 0 };
	char out[8][11];
	size_t n = recur_between(&r, "2022-01-01", "2031-12-31", out, 8);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "2023-10-31");
	assert_string_equal(out[1], "2027-10-31");
	assert_string_equal(out[2], "2031-10-31");
	assert_int_equal(recur_next(&r, "2023-11-01", d), 0);
	assert_string_equal(d, "2027-10-31");
}

static void test_bounds_and_bad(void **state)
{
	(void)state;
	struct recur r = { RECUR_YEARLY, 3, 15, 2026, 2027 };
	char out[1][11], d[11];
	/* More than max: counted, not written past max. */
	struct recur m = { RECUR_MONTHLY, 0, 1, 2026, 0 };
	assert_int_equal(recur_between(&m, "2026-01-01", "2026-12-31", out, 1), 12);
	assert_string_equal(out[0], "2026-01-01");
	assert_int_equal(recur_next(&r, "2027-03-16", d), -1);
	assert_int_equal(recur_next(&r, "2025-01-01", d), 0);
	assert_string_equal(d, "2026-03-15");
	struct recur bad[] = {
		{ RECUR_YEARLY, 13, 1, 2026, 0 }, { RECUR_YEARLY, 1, 0, 2026, 0 },
		{ RECUR_YEARLY, 1, 32, 2026, 0 }, { RECUR_YEARLY, 1, 1, 2026, 2025 },
		{ RECUR_YEARLY, 1, 1, 1800, 0 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(recur_check(&bad[i]), -1);
		assert_int_equal(recur_between(&bad[i], "2026-01-01", "2030-01-01", out, 1), 0);
	}
	enum recur_rule k;
	assert_int_equal(recur_parse("after_election", &k), 0);
	assert_int_equal(k, RECUR_AFTER_ELECTION);
	assert_int_equal(recur_parse("weekly", &k), -1);
	assert_string_equal(recur_name(RECUR_QUARTERLY), "quarterly");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yearly_29_february), cmocka_unit_test(test_monthly_month_ends),
		cmocka_unit_test(test_quarterly), cmocka_unit_test(test_after_election),
		cmocka_unit_test(test_bounds_and_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
