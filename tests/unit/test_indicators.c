/*
 * test_indicators: the pure rules of goals' indicators (core/indicators.c):
 * quarters and their boundaries, the period format of manual values,
 * shares and rounding, targets at least / at most, and that only today's
 * own quarter may be kept (a past quarter's value never changes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/indicators.h"

static void test_quarters(void **state)
{
	(void)state;
	char q[INDICATOR_QUARTER_LEN];
	static const struct { const char *date, *q; } cases[] = {
		{ "2026-01-01", "2026-Q1" }, { "2026-03-31", "2026-Q1" }, { "2026-04-01", "2026-Q2" },
		{ "2026-06-30", "2026-Q2" }, { "2026-07-01", "2026-Q3" }, { "2026-09-30", "2026-Q3" },
		{ "2026-10-01", "2026-Q4" }, { "2026-12-31", "2026-Q4" }, { "2024-02-29", "2024-Q1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(indicator_quarter(cases[i].date, q), 0);
		assert_string_equal(q, cases[i].q);
	}
	assert_int_equal(indicator_quarter("2026-13-01", q), -1);
	assert_string_equal(q, "");
	assert_int_equal(indicator_quarter("2026-00-01", q), -1);
	assert_int_equal(indicator_quarter(NULL, q), -1);
	assert_int_equal(indicator_quarter("26-1-1", q), -1);
	assert_true(indicator_quarter_compare("2025-Q4", "2026-Q1") < 0);
	assert_true(indicator_quarter_compare("2026-Q2", "2026-Q1") > 0);
	assert_int_equal(indicator_quarter_compare("2026-Q2", "2026-Q2"), 0);
}

static void test_periods(void **state)
{
	(void)state;
	assert_true(indicator_period_valid("2026-Q1"));
	assert_true(indicator_period_valid("2026-Q4"));
	assert_false(indicator_period_valid("2026-Q0"));
	assert_false(indicator_period_valid("2026-Q5"));
	assert_false(indicator_period_valid("2026-q1"));
	assert_false(indicator_period_valid("2026-07"));
	assert_false(indicator_period_valid("2026-Q1 "));
	assert_false(indicator_period_valid("1999-Q1"));
	assert_false(indicator_period_valid(""));
	assert_false(indicator_period_valid(NULL));
}

static void test_shares(void **state)
{
	(void)state;
	double v = -1;
	assert_int_equal(indicator_share(2, 3, &v), 0);
	assert_true(v == 66.7);
	assert_int_equal(indicator_share(1, 3, &v), 0);
	assert_true(v == 33.3);
	assert_int_equal(indicator_share(3, 3, &v), 0);
	assert_true(v == 100);
	assert_int_equal(indicator_share(0, 5, &v), 0);
	assert_true(v == 0);
	/* Nothing to count: no value, v untouched. */
	v = 42;
	assert_int_equal(indicator_share(0, 0, &v), -1);
	assert_true(v == 42);
	/* Clamped to 0..100. */
	assert_int_equal(indicator_share(7, 5, &v), 0);
	assert_true(v == 100);
	assert_int_equal(indicator_share(-1, 5, &v), 0);
	assert_true(v == 0);
	/* One decision in a thousand rounds half up. */
	assert_int_equal(indicator_share(1, 8, &v), 0);
	assert_true(v == 12.5);
	assert_int_equal(indicator_share(1, 2000, &v), 0);
	assert_true(v == 0.1);
}

static void test_targets(void **state)
{
	(void)state;
	assert_true(indicator_meets(90, 90, 1));
	assert_true(indicator_meets(90.1, 90, 1));
	assert_false(indicator_meets(89.9, 90, 1));
	assert_true(indicator_meets(0, 0, 0));
	assert_false(indicator_meets(1, 0, 0));
	assert_true(indicator_meets(9.9, 10, 0));
	assert_false(indicator_meets(10.1, 10, 0));
}

static void test_keep(void **state)
{
	(void)state;
	/* Only today's own quarter. */
	assert_true(indicator_may_keep("2026-Q4", "2026-12-31"));
	assert_true(indicator_may_keep("2026-Q4", "2026-10-01"));
	assert_false(indicator_may_keep("2026-Q3", "2026-10-01"));
	assert_false(indicator_may_keep("2026-Q1", "2025-12-31"));
	assert_false(indicator_may_keep("bogus", "2026-10-01"));
	assert_false(indicator_may_keep("2026-Q4", "bogus"));
}

static void test_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < IK_COUNT; k++) {
		const struct indicator_kind_info *i = indicator_kind_info(k);
		assert_non_null(i);
		assert_int_equal(indicator_kind_from_code(i->code), k);
	}
	assert_null(indicator_kind_info(IK_COUNT));
	assert_int_equal(indicator_kind_from_code("nope"), -1);
	assert_int_equal(indicator_kind_from_code(NULL), -1);
	assert_true(indicator_kind_info(IK_SYSTEMS_WITH_OWNER)->share);
	assert_false(indicator_kind_info(IK_MEASURES_OVERDUE)->share);
	assert_false(indicator_kind_info(IK_MEASURES_OVERDUE)->direction_up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarters), cmocka_unit_test(test_periods), cmocka_unit_test(test_shares),
		cmocka_unit_test(test_targets), cmocka_unit_test(test_keep), cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
