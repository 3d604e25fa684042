/*
 * test_escalation: whether an escalation rule matches an incident
 * (src/core/escalation.c) — severity at or above a level, category,
 * significance, personal data, supplier, classification thresholds per
 * aspect and on any aspect, and several conditions together (all must
 * hold); and gathering the classification of what is affected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/escalation.h"

static struct esc_rule rule(void)
{
	struct esc_rule r;
	esc_rule_init(&r);
	return r;
}

static struct esc_incident incident(void)
{
	struct esc_incident i;
	esc_incident_init(&i);
	return i;
}

static void test_no_conditions(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	struct esc_incident i = incident();
	/* A rule that sets nothing matches every incident. */
	assert_true(escalation_matches(&r, &i));
	i.severity = 4, i.significant = 1, i.personal_data = 1, i.supplier = 1, i.category_id = 7;
	i.classified.v[ASPECT_T] = 4;
	assert_true(escalation_matches(&r, &i));
}

static void test_severity(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	r.min_severity = 3;
	struct esc_incident i = incident();
	assert_false(escalation_matches(&r, &i)); /* no severity given yet */
	i.severity = 1;
	assert_false(escalation_matches(&r, &i));
	i.severity = 2;
	assert_false(escalation_matches(&r, &i));
	i.severity = 3; /* at the level */
	assert_true(escalation_matches(&r, &i));
	i.severity = 4; /* above it */
	assert_true(escalation_matches(&r, &i));
	r.min_severity = 1;
	i.severity = 0;
	assert_false(escalation_matches(&r, &i)); /* still none given */
	i.severity = 1;
	assert_true(escalation_matches(&r, &i));
}

static void test_category(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	r.category_id = 12;
	struct esc_incident i = incident();
	assert_false(escalation_matches(&r, &i));
	i.category_id = 11;
	assert_false(escalation_matches(&r, &i));
	i.category_id = 12;
	assert_true(escalation_matches(&r, &i));
}

static void test_flags(void **state)
{
	(void)state;
	struct esc_incident i = incident();
	struct esc_rule sig = rule(), pd = rule(), sup = rule();
	sig.significant = 1, pd.personal_data = 1, sup.supplier = 1;
	assert_false(escalation_matches(&sig, &i));
	assert_false(escalation_matches(&pd, &i));
	assert_false(escalation_matches(&sup, &i));
	i.significant = 1;
	assert_true(escalation_matches(&sig, &i));
	assert_false(escalation_matches(&pd, &i));
	assert_false(escalation_matches(&sup, &i));
	i.personal_data = 1;
	assert_true(escalation_matches(&pd, &i));
	assert_false(escalation_matches(&sup, &i));
	i.supplier = 1;
	assert_true(escalation_matches(&sup, &i));
}

static void test_classification_per_aspect(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	r.class_aspect = ASPECT_T;
	r.class_level = 3;
	struct esc_incident i = incident();
	assert_false(escalation_matches(&r, &i)); /* nothing classified */
	i.classified.v[ASPECT_T] = 2;
	assert_false(escalation_matches(&r, &i));
	i.classified.v[ASPECT_K] = 4; /* another aspect does not count */
	i.classified.v[ASPECT_R] = 3;
	assert_false(escalation_matches(&r, &i));
	i.classified.v[ASPECT_T] = 3;
	assert_true(escalation_matches(&r, &i));
	i.classified.v[ASPECT_T] = 4;
	assert_true(escalation_matches(&r, &i));
	r.class_aspect = ASPECT_K;
	r.class_level = 4;
	assert_true(escalation_matches(&r, &i));
	i.classified.v[ASPECT_K] = 3;
	assert_false(escalation_matches(&r, &i));
	/* Level 0: anything classified on the aspect, even at 0. */
	r.class_aspect = ASPECT_S;
	r.class_level = 0;
	assert_false(escalation_matches(&r, &i));
	i.classified.v[ASPECT_S] = 0;
	assert_true(escalation_matches(&r, &i));
}

static void test_classification_any_aspect(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	r.class_level = 3; /* class_aspect stays ASPECT_COUNT: any */
	struct esc_incident i = incident();
	assert_false(escalation_matches(&r, &i));
	i.classified.v[ASPECT_K] = 2, i.classified.v[ASPECT_R] = 2, i.classified.v[ASPECT_T] = 2;
	assert_false(escalation_matches(&r, &i));
	i.classified.v[ASPECT_R] = 3;
	assert_true(escalation_matches(&r, &i));
	i.classified.v[ASPECT_R] = 2, i.classified.v[ASPECT_S] = 4;
	assert_true(escalation_matches(&r, &i));
}

static void test_all_conditions_hold(void **state)
{
	(void)state;
	struct esc_rule r = rule();
	r.min_severity = 2, r.category_id = 5, r.personal_data = 1, r.significant = 1, r.supplier = 1;
	r.class_aspect = ASPECT_K, r.class_level = 2;
	struct esc_incident i = incident();
	i.severity = 2, i.category_id = 5, i.personal_data = 1, i.significant = 1, i.supplier = 1;
	i.classified.v[ASPECT_K] = 2;
	assert_true(escalation_matches(&r, &i));
	/* Each condition failing alone stops the match. */
	struct esc_incident j = i;
	j.severity = 1;
	assert_false(escalation_matches(&r, &j));
	j = i, j.category_id = 6;
	assert_false(escalation_matches(&r, &j));
	j = i, j.personal_data = 0;
	assert_false(escalation_matches(&r, &j));
	j = i, j.significant = 0;
	assert_false(escalation_matches(&r, &j));
	j = i, j.supplier = 0;
	assert_false(escalation_matches(&r, &j));
	j = i, j.classified.v[ASPECT_K] = 1;
	assert_false(escalation_matches(&r, &j));
}

static void test_or_is_two_rules(void **state)
{
	(void)state;
	/* "Severity high (3) or T >= 3": two rules; either one matching is
	 * enough, and neither matches a low incident on a T 2 system. */
	struct esc_rule high = rule(), avail = rule();
	high.min_severity = 3;
	avail.class_aspect = ASPECT_T, avail.class_level = 3;
	struct esc_incident i = incident();
	i.severity = 1;
	i.classified.v[ASPECT_T] = 2;
	assert_false(escalation_matches(&high, &i) || escalation_matches(&avail, &i));
	i.classified.v[ASPECT_T] = 3;
	assert_false(escalation_matches(&high, &i));
	assert_true(escalation_matches(&avail, &i));
	i.classified.v[ASPECT_T] = 2, i.severity = 3;
	assert_true(escalation_matches(&high, &i));
	assert_false(escalation_matches(&avail, &i));
}

static void test_levels_max(void **state)
{
	(void)state;
	struct levels acc, a, b;
	levels_unset(&acc);
	levels_unset(&a);
	levels_unset(&b);
	a.v[ASPECT_K] = 2, a.v[ASPECT_T] = 1;
	b.v[ASPECT_K] = 1, b.v[ASPECT_T] = 3, b.v[ASPECT_R] = 0;
	escalation_levels_max(&acc, &a);
	escalation_levels_max(&acc, &b);
	assert_int_equal(acc.v[ASPECT_K], 2);
	assert_int_equal(acc.v[ASPECT_R], 0);
	assert_int_equal(acc.v[ASPECT_T], 3);
	assert_int_equal(acc.v[ASPECT_S], LEVEL_UNSET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_conditions),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_category),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_classification_per_aspect),
		cmocka_unit_test(test_classification_any_aspect),
		cmocka_unit_test(test_all_conditions_hold),
		cmocka_unit_test(test_or_is_two_rules),
		cmocka_unit_test(test_levels_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
