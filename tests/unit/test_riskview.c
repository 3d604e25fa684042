/*
 * test_riskview: the rules of the risk picture and the one action plan in
 * src/core/riskview.c — which analysis of a subject is current, the
 * quarter an analysis counts in, which action-plan items are in the plan,
 * and the constants the plan is ordered by.
 *
 * The picture and the plan themselves (the heat map, risks per quarter by
 * band, a unit with the units below it, the plan's rows and totals) are
 * counts and rows the store keeps per change; test_derived.c holds them
 * equal to a rebuild.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/gaps.h"
#include "core/riskview.h"

static void test_quarter_of(void **state)
{
	(void)state;
	char q[8];
	static const struct {
		const char *date, *label;
	} want[] = {
		{ "2026-01-01", "2026 Q1" }, { "2026-03-31", "2026 Q1" }, { "2026-04-01", "2026 Q2" },
		{ "2026-06-30", "2026 Q2" }, { "2026-07-01", "2026 Q3" }, { "2026-08-14", "2026 Q3" },
		{ "2026-09-30", "2026 Q3" }, { "2025-10-01", "2025 Q4" }, { "2025-11-30", "2025 Q4" },
		{ "2024-12-31", "2024 Q4" }, { "2024-02-29", "2024 Q1" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		memset(q, 'x', sizeof q);
		assert_int_equal(riskview_quarter_of(want[i].date, q), 0);
		assert_string_equal(q, want[i].label);
	}
	/* Not a date: -1, and the label is left alone. */
	memset(q, 'x', sizeof q);
	assert_int_equal(riskview_quarter_of(NULL, q), -1);
	assert_int_equal(riskview_quarter_of("", q), -1);
	assert_int_equal(riskview_quarter_of("2026-13-01", q), -1);
	assert_int_equal(riskview_quarter_of("2026-02-30", q), -1);
	assert_int_equal(riskview_quarter_of("2026-08", q), -1);
	assert_int_equal(riskview_quarter_of("2026-08-14T10:00", q), -1);
	assert_int_equal(q[0], 'x');
}

/* The current analysis of a subject: the last by riskview_analysis_order. */
struct analysis {
	long long id;
	const char *date;
};

static long long current_of(const struct analysis *v, size_t n)
{
	const struct analysis *cur = NULL;
	for (size_t i = 0; i < n; i++)
		if (!cur || riskview_analysis_order(v[i].date, v[i].id, cur->date, cur->id) > 0)
			cur = &v[i];
	return cur ? cur->id : 0;
}

static void test_analysis_order(void **state)
{
	(void)state;
	/* By date of analysis, whatever the number. */
	assert_true(riskview_analysis_order("2024-02-01", 10, "2026-08-01", 11) < 0);
	assert_true(riskview_analysis_order("2026-08-01", 10, "2024-02-01", 11) > 0);
	/* The same day: by number. */
	assert_true(riskview_analysis_order("2026-05-01", 13, "2026-05-01", 14) < 0);
	assert_true(riskview_analysis_order("2026-05-01", 14, "2026-05-01", 13) > 0);
	assert_int_equal(riskview_analysis_order("2026-05-01", 14, "2026-05-01", 14), 0);
	/* No date first. */
	assert_true(riskview_analysis_order(NULL, 99, "1999-01-01", 1) < 0);
	assert_true(riskview_analysis_order("1999-01-01", 1, NULL, 99) > 0);
	assert_true(riskview_analysis_order(NULL, 1, NULL, 2) < 0);
	/* Large numbers do not overflow into the wrong sign. */
	assert_true(riskview_analysis_order("2026-05-01", 1, "2026-05-01", 9000000000000000000LL) < 0);
	assert_true(riskview_analysis_order("2026-05-01", 9000000000000000000LL, "2026-05-01", -9000000000000000000LL) > 0);

	/* System A: the 2026 analysis (a draft) supersedes the decided one
	 * of 2024; the shared IT environment: two the same day, the later
	 * number; in any input order. */
	const struct analysis a[] = { { 11, "2026-08-01" }, { 10, "2024-02-01" } };
	assert_int_equal(current_of(a, 2), 11);
	const struct analysis it[] = { { 14, "2026-05-01" }, { 13, "2026-05-01" } };
	assert_int_equal(current_of(it, 2), 14);
	const struct analysis undated[] = { { 20, NULL }, { 15, "2025-11-30" }, { 21, NULL } };
	assert_int_equal(current_of(undated, 3), 15);
}

static void test_action_plan_item_open(void **state)
{
	(void)state;
	/* In the plan: a system not retired, an active requirement, an
	 * assessment neither fulfilled nor not applicable. */
	assert_true(action_plan_item_open(0, 1, 1));
	assert_false(action_plan_item_open(1, 1, 1)); /* retired system */
	assert_false(action_plan_item_open(0, 0, 1)); /* retired requirement */
	assert_false(action_plan_item_open(0, 1, 0)); /* done */
	assert_false(action_plan_item_open(1, 0, 0));
	/* With the assessments as the store passes them. */
	static const struct {
		const char *code;
		int open;
	} as[] = { { "not_fulfilled", 1 }, { "partly", 1 }, { "fulfilled", 0 }, { "not_applicable", 0 }, { NULL, 1 } };
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		enum gap_assessment a = gap_assessment_from_code(as[i].code);
		assert_int_equal(action_plan_item_open(0, 1, a != GA_FULFILLED && a != GA_NOT_APPLICABLE), as[i].open);
	}
}

static void test_plan_order_keys(void **state)
{
	(void)state;
	/* The plan is ordered by due date, then kind, then number: an entry
	 * without a due date is filed under AP_NO_DUE, after every date
	 * there can be, and on the same day measures come first. */
	assert_true(strcmp(AP_NO_DUE, "2999-12-31") > 0);
	assert_true(date_valid("2999-12-31"));
	assert_false(date_valid("3000-01-01"));
	assert_int_equal(strlen(AP_NO_DUE), 10);
	assert_true(AP_MEASURE < AP_REQUIREMENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_of),
		cmocka_unit_test(test_analysis_order),
		cmocka_unit_test(test_action_plan_item_open),
		cmocka_unit_test(test_plan_order_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
