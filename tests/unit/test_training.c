/*
 * test_training: the training rules of src/core/training.c — which term of
 * office contains a date (boundaries, gaps between terms, overlaps), and
 * until when a person counts as trained: within the months allowed after
 * registration, the interval running out (month ends, leap years), every
 * topic a requirement names, courses for the audience when it names none,
 * and elected officials per term.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/gaps.h"
#include "core/training.h"

static const struct training_term terms[] = {
	{ "2022-10-15", "2026-10-14" },
	{ "2026-10-15", "2030-10-14" },
};

static void test_terms(void **state)
{
	(void)state;
	assert_int_equal(training_term_of(terms, 2, "2022-10-14"), -1);
	assert_int_equal(training_term_of(terms, 2, "2022-10-15"), 0);
	assert_int_equal(training_term_of(terms, 2, "2026-10-14"), 0);
	assert_int_equal(training_term_of(terms, 2, "2026-10-15"), 1);
	assert_int_equal(training_term_of(terms, 2, "2030-10-14"), 1);
	assert_int_equal(training_term_of(terms, 2, "2030-10-15"), -1);
	assert_int_equal(training_term_of(terms, 2, "2024-02-29"), 0);
	assert_int_equal(training_term_of(terms, 2, "not a date"), -1);
	assert_int_equal(training_term_of(terms, 0, "2024-01-01"), -1);
	/* Overlapping: the one that started last. */
	const struct training_term ov[] = { { "2020-01-01", "2030-12-31" }, { "2024-01-01", "2024-12-31" } };
	assert_int_equal(training_term_of(ov, 2, "2024-06-01"), 1);
	assert_int_equal(training_term_of(ov, 2, "2025-06-01"), 0);
	/* A broken term is skipped. */
	const struct training_term bad[] = { { "2024-02-30", "2025-01-01" }, { NULL, "2025-01-01" } };
	assert_int_equal(training_term_of(bad, 2, "2024-06-01"), -1);
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(training_topic_code(TT_CLASSIFICATION), "classification");
	assert_int_equal(training_topic_from_code("risk"), TT_RISK);
	assert_int_equal(training_topic_from_code("cooking"), -1);
	assert_int_equal(training_audience_from_code("elected_officials"), TA_ELECTED);
	assert_string_equal(training_audience_code(TA_ALL_STAFF), "all_staff");
	assert_int_equal(training_topics_bits("classification, risk"), (1L << TT_CLASSIFICATION) | (1L << TT_RISK));
	assert_int_equal(training_topics_bits("basics;phishing"), (1L << TT_BASICS) | (1L << TT_PHISHING));
	assert_int_equal(training_topics_bits(""), 0);
	assert_int_equal(training_topics_bits(NULL), 0);
	assert_int_equal(training_topics_bits("basics, cooking"), -1);
}

static void test_staff(void **state)
{
	(void)state;
	struct training_requirement r = { TA_ALL_STAFF, 1u << TT_BASICS, 24, 3 };
	char due[11];
	/* Untrained: due three months after registration (month end clamped). */
	training_due(&r, NULL, 0, "2025-11-30", NULL, due, NULL);
	assert_string_equal(due, "2026-02-28");
	training_due(&r, NULL, 0, "2023-11-30", NULL, due, NULL);
	assert_string_equal(due, "2024-02-29");
	/* No months allowed: untrained now. */
	r.grace_months = 0;
	training_due(&r, NULL, 0, "2025-01-10", NULL, due, NULL);
	assert_string_equal(due, "");
	/* Trained: the interval from the latest session; a leap day. */
	struct training_attended v[] = {
		{ "2022-02-01", TT_BASICS, TA_ALL_STAFF },
		{ "2024-02-29", TT_BASICS, TA_ALL_STAFF },
		{ "2025-06-01", TT_PHISHING, TA_ALL_STAFF },
	};
	training_due(&r, v, 3, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, "2026-02-28");
	/* Another topic does not count. */
	training_due(&r, v + 2, 1, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, "");
	/* Once is enough. */
	r.interval_months = 0;
	training_due(&r, v, 1, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, TRAINING_FOREVER);
	/* The months after registration are never cut short by an old session. */
	r.interval_months = 12;
	r.grace_months = 6;
	training_due(&r, v, 1, "2025-03-31", NULL, due, NULL);
	assert_string_equal(due, "2025-09-30");
	/* A session with a bad date does not count. */
	struct training_attended bad = { "2025-02-30", TT_BASICS, TA_ALL_STAFF };
	r.grace_months = 0;
	training_due(&r, &bad, 1, "2025-01-01", NULL, due, NULL);
	assert_string_equal(due, "");
}

static void test_owners(void **state)
{
	(void)state;
	struct training_requirement r = { TA_OWNERS, (1u << TT_CLASSIFICATION) | (1u << TT_RISK), 36, 0 };
	struct training_attended v[] = {
		{ "2024-01-31", TT_CLASSIFICATION, TA_OWNERS },
		{ "2025-05-15", TT_RISK, TA_ALL_STAFF },
	};
	char due[11];
	training_due(&r, v, 1, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, "");
	/* Both: the older of the two sets when it runs out. */
	training_due(&r, v, 2, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, "2027-01-31");
	/* No topics named: any course for the audience. */
	struct training_requirement any = { TA_OWNERS, 0, 0, 0 };
	training_due(&any, v + 1, 1, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, "");
	training_due(&any, v, 1, "2020-01-01", NULL, due, NULL);
	assert_string_equal(due, TRAINING_FOREVER);
}

static void test_elected(void **state)
{
	(void)state;
	struct training_requirement r = { TA_ELECTED, 0, 0, 0 };
	const struct training_term *now = &terms[1];
	struct training_attended v[] = {
		{ "2026-10-14", TT_BASICS, TA_ELECTED }, /* the last day of the previous term */
		{ "2026-11-01", TT_BASICS, TA_ALL_STAFF }, /* a staff course */
	};
	char due[11];
	training_due(&r, v, 2, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "");
	/* The first day of the term counts; trained until its last day. */
	struct training_attended first = { "2026-10-15", TT_OTHER, TA_ELECTED };
	training_due(&r, &first, 1, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "2030-10-14");
	/* The last day of the term counts too; a session after it does not. */
	struct training_attended last = { "2030-10-14", TT_OTHER, TA_ELECTED };
	training_due(&r, &last, 1, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "2030-10-14");
	struct training_attended after = { "2030-10-15", TT_OTHER, TA_ELECTED };
	training_due(&r, &after, 1, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "");
	/* No term contains today: nothing required. */
	training_due(&r, NULL, 0, "2022-11-01", NULL, due, NULL);
	assert_string_equal(due, TRAINING_FOREVER);
	/* Months allowed: from the later of the term's start and registration. */
	r.grace_months = 6;
	training_due(&r, NULL, 0, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "2027-04-15");
	training_due(&r, NULL, 0, "2027-08-31", now, due, NULL);
	assert_string_equal(due, "2028-02-29");
	/* Trained: the next term's months run from its first day. */
	training_due(&r, &first, 1, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "2031-04-14");
	/* Topics named: each within the term. */
	struct training_requirement t = { TA_ELECTED, (1u << TT_BASICS) | (1u << TT_RISK), 0, 0 };
	struct training_attended two[] = { { "2027-01-01", TT_BASICS, TA_ALL_STAFF }, { "2026-01-01", TT_RISK, TA_ELECTED } };
	training_due(&t, two, 2, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "");
	two[1].date = "2027-02-01";
	training_due(&t, two, 2, "2022-11-01", now, due, NULL);
	assert_string_equal(due, "2030-10-14");
}

static void test_until(void **state)
{
	(void)state;
	char due[11], until[11];
	/* Within the months allowed, untrained: meets it, not trained. */
	struct training_requirement r = { TA_ALL_STAFF, 1u << TT_BASICS, 24, 3 };
	training_due(&r, NULL, 0, "2025-11-30", NULL, due, until);
	assert_string_equal(due, "2026-02-28");
	assert_string_equal(until, "");
	struct training_attended s = { "2024-02-29", TT_BASICS, TA_ALL_STAFF };
	training_due(&r, &s, 1, "2025-11-30", NULL, due, until);
	assert_string_equal(until, "2026-02-28");
	assert_string_equal(due, "2026-02-28");
	training_due(&r, &s, 1, "2026-01-31", NULL, due, until);
	assert_string_equal(until, "2026-02-28");
	assert_string_equal(due, "2026-04-30");
	struct training_requirement e = { TA_ELECTED, 0, 0, 6 };
	struct training_attended t = { "2027-01-01", TT_OTHER, TA_ELECTED };
	training_due(&e, &t, 1, "2020-01-01", &terms[1], due, until);
	assert_string_equal(until, "2030-10-14");
	assert_string_equal(due, "2031-04-14");
	training_due(&e, NULL, 0, "2020-01-01", NULL, due, until);
	assert_string_equal(until, "");
	assert_string_equal(due, TRAINING_FOREVER);
}

static void test_gap_rows(void **state)
{
	(void)state;
	struct gap_person_facts f = { .id = 7, .unit_id = 3, .elected_due = "", .staff_due = TRAINING_FOREVER,
				      .owner_due = "2026-01-31" };
	struct gap_rows rows = { 0 };
	gap_rules_person(&f, &rows);
	assert_int_equal(rows.n, 2);
	assert_int_equal(rows.v[0].kind, GAP_ELECTED_UNTRAINED);
	assert_string_equal(rows.v[0].due, "");
	assert_int_equal(rows.v[0].person_id, 7);
	assert_int_equal(rows.v[0].unit_id, 3);
	assert_string_equal(rows.v[0].entity, "people");
	assert_int_equal(rows.v[1].kind, GAP_OWNER_UNTRAINED);
	assert_string_equal(rows.v[1].due, "2026-01-31");
	assert_int_equal(gap_open(rows.v[1].due, "2026-01-31"), 0);
	assert_int_equal(gap_open(rows.v[1].due, "2026-02-01"), 1);
	gap_rows_free(&rows);
	struct gap_person_facts none = { .id = 8 };
	gap_rules_person(&none, &rows);
	assert_int_equal(rows.n, 0);
	gap_rows_free(&rows);
	assert_string_equal(gap_kind_code(GAP_STAFF_UNTRAINED), "staff_untrained");
	assert_int_equal(gap_kind_from_code("elected_official_untrained"), GAP_ELECTED_UNTRAINED);
	assert_string_equal(gap_kind_entity(GAP_OWNER_UNTRAINED), "people");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_staff),
		cmocka_unit_test(test_owners),
		cmocka_unit_test(test_elected),
		cmocka_unit_test(test_until),
		cmocka_unit_test(test_gap_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
