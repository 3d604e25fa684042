/*
 * test_stats: quantiles and shares for the statistics pages
 * (src/core/stats.c), against values worked out by hand with the
 * "type 7" rule (h = (n - 1) p).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/stats.h"

static void test_empty_and_one(void **state)
{
	(void)state;
	assert_true(stats_quantile(NULL, 0, 0.5) == 0);
	long long one[] = { 7200 };
	assert_true(stats_quantile(one, 1, 0.5) == 7200);
	assert_true(stats_quantile(one, 1, 0.9) == 7200);
}

static void test_median_odd_even(void **state)
{
	(void)state;
	long long odd[] = { 5, 1, 3 };
	stats_sort(odd, 3);
	assert_true(odd[0] == 1 && odd[1] == 3 && odd[2] == 5);
	assert_true(stats_quantile(odd, 3, 0.5) == 3);
	long long even[] = { 40, 10, 30, 20 };
	stats_sort(even, 4);
	assert_true(stats_quantile(even, 4, 0.5) == 25); /* (20 + 30) / 2 */
}

static void test_p90(void **state)
{
	(void)state;
	/* 1..10: h = 9 * 0.9 = 8.1 -> 9 + 0.1 * (10 - 9) = 9.1 */
	long long v[10];
	for (int i = 0; i < 10; i++)
		v[i] = 10 - i;
	stats_sort(v, 10);
	assert_float_equal(stats_quantile(v, 10, 0.9), 9.1, 1e-9);
	/* Ends and out-of-range p. */
	assert_true(stats_quantile(v, 10, 0) == 1);
	assert_true(stats_quantile(v, 10, 1) == 10);
	assert_true(stats_quantile(v, 10, -1) == 1);
	assert_true(stats_quantile(v, 10, 2) == 10);
	/* Five values, p90: h = 3.6 -> 4th + 0.6 of the way to the 5th. */
	long long w[] = { 3600, 7200, 10800, 14400, 36000 };
	assert_float_equal(stats_quantile(w, 5, 0.9), 14400 + 0.6 * 21600, 1e-6);
}

static void test_share(void **state)
{
	(void)state;
	assert_true(stats_share(0, 0) == -1);
	assert_float_equal(stats_share(1, 4), 0.25, 1e-12);
	assert_float_equal(stats_share(3, 3), 1.0, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_one),
		cmocka_unit_test(test_median_odd_even),
		cmocka_unit_test(test_p90),
		cmocka_unit_test(test_share),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
