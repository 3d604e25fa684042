/*
 * test_classify: the classification rules in src/core/classify.c — a
 * system's level is the highest of its information per aspect, named by
 * the asset that sets it; a decision raises but never lowers; reasons are
 * required for every aspect above 0; requirements apply from their level;
 * level 4 asks for a separate analysis; review dates clamp to month ends.
 * Also the classification gap rules in src/core/gaps.c, one record at a
 * time: assets never classified or due for review (a row with the review
 * date, open once it has passed), systems not classified (running) or in
 * procurement without a classification, overdue requirements, encryption
 * at rest from K3, Annex A controls excluded without a reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/classify.h"
#include "core/gaps.h"

#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET

static void test_aspect_codes(void **state)
{
	(void)state;
	assert_string_equal(aspect_code(ASPECT_K), "K");
	assert_string_equal(aspect_code(ASPECT_S), "S");
	assert_int_equal(aspect_from_code("T"), ASPECT_T);
	assert_int_equal(aspect_from_code("X"), ASPECT_COUNT);
	assert_int_equal(aspect_from_code(NULL), ASPECT_COUNT);
	assert_string_equal(aspect_field(ASPECT_R), "integrity");
	assert_null(aspect_code(ASPECT_COUNT));
}

static void test_derive_max_per_aspect(void **state)
{
	(void)state;
	struct asset_levels in[] = {
		{ 10, L(1, 3, 0, 2) },
		{ 11, L(3, 1, 2, 2) },
		{ 12, L(2, 3, 1, 0) },
	};
	struct derived d;
	classification_derive(in, 3, NULL, &d);
	assert_true(d.classified);
	assert_int_equal(d.derived.v[ASPECT_K], 3);
	assert_int_equal(d.derived.v[ASPECT_R], 3);
	assert_int_equal(d.derived.v[ASPECT_T], 2);
	assert_int_equal(d.derived.v[ASPECT_S], 2);
	/* The first asset reaching the maximum is named. */
	assert_int_equal(d.driver[ASPECT_K], 11);
	assert_int_equal(d.driver[ASPECT_R], 10);
	assert_int_equal(d.driver[ASPECT_T], 11);
	assert_int_equal(d.driver[ASPECT_S], 10);
	for (int a = 0; a < ASPECT_COUNT; a++) {
		assert_int_equal(d.effective.v[a], d.derived.v[a]);
		assert_false(d.raised[a]);
	}
}

static void test_derive_unclassified(void **state)
{
	(void)state;
	struct asset_levels in[] = { { 10, L(U, U, U, U) } };
	struct derived d;
	classification_derive(in, 1, NULL, &d);
	assert_false(d.classified);
	for (int a = 0; a < ASPECT_COUNT; a++) {
		assert_int_equal(d.derived.v[a], U);
		assert_int_equal(d.effective.v[a], U);
		assert_int_equal(d.driver[a], 0);
	}
	classification_derive(NULL, 0, NULL, &d);
	assert_false(d.classified);
	/* Level 0 is a classification: "negligible", not "unknown". */
	struct asset_levels zero[] = { { 5, L(0, 0, 0, 0) } };
	classification_derive(zero, 1, NULL, &d);
	assert_true(d.classified);
	assert_int_equal(d.effective.v[ASPECT_K], 0);
	assert_int_equal(d.driver[ASPECT_K], 5);
}

static void test_explicit_raise(void **state)
{
	(void)state;
	struct asset_levels in[] = { { 10, L(1, 2, 1, 1) } };
	struct levels dec = L(3, U, 2, U);
	struct derived d;
	classification_derive(in, 1, &dec, &d);
	assert_int_equal(d.effective.v[ASPECT_K], 3);
	assert_true(d.raised[ASPECT_K]);
	assert_int_equal(d.effective.v[ASPECT_R], 2);
	assert_false(d.raised[ASPECT_R]);
	assert_int_equal(d.effective.v[ASPECT_T], 2);
	assert_true(d.raised[ASPECT_T]);
	assert_int_equal(d.effective.v[ASPECT_S], 1);
	/* A decision on a system with no classified information counts. */
	classification_derive(NULL, 0, &dec, &d);
	assert_true(d.classified);
	assert_int_equal(d.effective.v[ASPECT_K], 3);
	assert_int_equal(d.effective.v[ASPECT_R], U);
}

static void test_never_silently_lower(void **state)
{
	(void)state;
	/* The information was raised after the decision: the decision's
	 * lower level does not pull the system down. */
	struct asset_levels in[] = { { 10, L(3, 3, 3, 3) } };
	struct levels dec = L(2, 4, U, 0);
	struct derived d;
	classification_derive(in, 1, &dec, &d);
	assert_int_equal(d.effective.v[ASPECT_K], 3);
	assert_false(d.raised[ASPECT_K]);
	assert_int_equal(d.effective.v[ASPECT_R], 4);
	assert_true(d.raised[ASPECT_R]);
	assert_int_equal(d.effective.v[ASPECT_S], 3);
	/* And a decision below what is derived is refused when made. */
	int bad[ASPECT_COUNT];
	assert_int_equal(classification_check_raise(&d.derived, &dec, bad), 2);
	assert_true(bad[ASPECT_K]);
	assert_false(bad[ASPECT_R]);
	assert_false(bad[ASPECT_T]);
	assert_true(bad[ASPECT_S]);
	struct levels ok = L(3, 4, U, U);
	assert_int_equal(classification_check_raise(&d.derived, &ok, bad), 0);
	/* Nothing derived: any decision stands. */
	struct levels none = L(U, U, U, U);
	assert_int_equal(classification_check_raise(&none, &dec, bad), 0);
}

static void test_reasons(void **state)
{
	(void)state;
	struct levels lv = L(2, 0, 3, 1);
	const char *reasons[ASPECT_COUNT] = { "Sekretess enligt OSL 26 kap.", NULL, "  \n", "Loggas" };
	int missing[ASPECT_COUNT];
	assert_int_equal(classification_check_reasons(&lv, reasons, missing), 1);
	assert_false(missing[ASPECT_K]);
	assert_false(missing[ASPECT_R]); /* level 0 needs none */
	assert_true(missing[ASPECT_T]);  /* white space is not a reason */
	assert_false(missing[ASPECT_S]);
}

static void test_requirement_applies(void **state)
{
	(void)state;
	struct levels lv = L(2, 0, 3, U);
	assert_true(requirement_applies(ASPECT_K, 1, &lv));
	assert_true(requirement_applies(ASPECT_K, 2, &lv));
	assert_false(requirement_applies(ASPECT_K, 3, &lv));
	assert_false(requirement_applies(ASPECT_R, 1, &lv));
	assert_true(requirement_applies(ASPECT_T, 3, &lv));
	assert_false(requirement_applies(ASPECT_S, 1, &lv)); /* unclassified */
	/* Level 0: always, whatever the levels, unclassified included (a
	 * statutory duty); 4 has no requirements of its own. */
	assert_true(requirement_applies(ASPECT_T, 0, &lv));
	struct levels none = L(U, U, U, U), zero = L(0, 0, 0, 0);
	assert_true(requirement_applies(ASPECT_S, 0, &none));
	assert_true(requirement_applies(ASPECT_K, 0, &zero));
	assert_true(requirement_applies(ASPECT_ANY, 0, &none));
	assert_false(requirement_applies(ASPECT_T, 4, &lv));
	assert_false(requirement_applies(ASPECT_T, -1, &lv));
	assert_false(requirement_applies(ASPECT_COUNT, 1, &lv));
	assert_false(requirement_applies(ASPECT_COUNT, 0, &lv)); /* an unknown aspect: never */
	/* Any aspect: whichever reaches the level. */
	assert_true(requirement_applies(ASPECT_ANY, 3, &lv));  /* T3 */
	assert_true(requirement_applies(ASPECT_ANY, 2, &lv));  /* K2, T3 */
	assert_false(requirement_applies(ASPECT_ANY, 1, &none));
	assert_false(requirement_applies(ASPECT_ANY, 1, &zero));
	struct levels s2 = L(1, 1, 1, 2);
	assert_true(requirement_applies(ASPECT_ANY, 2, &s2));
	assert_false(requirement_applies(ASPECT_ANY, 3, &s2));
	assert_int_equal(requirement_aspect_from_code("any"), ASPECT_ANY);
	assert_int_equal(requirement_aspect_from_code("R"), ASPECT_R);
	assert_int_equal(requirement_aspect_from_code("x"), ASPECT_COUNT);
	assert_int_equal(requirement_aspect_from_code(NULL), ASPECT_COUNT);
	/* Level 4: the level-3 requirements still apply, and a separate
	 * protective-security analysis is called for. */
	struct levels top = L(4, 1, 1, 1);
	assert_true(requirement_applies(ASPECT_K, 3, &top));
	assert_true(classification_needs_protective_analysis(&top));
	assert_false(classification_needs_protective_analysis(&lv));
}

static void test_review_date(void **state)
{
	(void)state;
	char out[11];
	assert_int_equal(classification_review_date("2025-03-15", 12, out), 0);
	assert_string_equal(out, "2026-03-15");
	assert_int_equal(classification_review_date("2024-01-31", 1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(classification_review_date("2023-01-31", 1, out), 0);
	assert_string_equal(out, "2023-02-28");
	assert_int_equal(classification_review_date("2025-11-30", 3, out), 0);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(classification_review_date("2025-12-01", 0, out), 0);
	assert_string_equal(out, "2025-12-01");
	assert_int_equal(classification_review_date("2025-02-30", 12, out), -1);
	assert_int_equal(classification_review_date("nonsense", 12, out), -1);
	assert_int_equal(classification_review_date("2025-01-01", -1, out), -1);
}

/* ---- gap rules ---------------------------------------------------------- */

#define TODAY "2025-06-15"

/* The one row of kind k in r, or NULL; fails when there are two. */
static const struct gap_row *only(const struct gap_rows *r, enum gap_kind k)
{
	const struct gap_row *found = NULL;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == k) {
			if (found)
				fail_msg("two %s rows", gap_kind_code(k));
			found = &r->v[i];
		}
	return found;
}

static size_t count_kind(const struct gap_rows *r, enum gap_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].kind == k;
	return n;
}

/* The row of kind k explained by other_id, or NULL. */
static const struct gap_row *with_other(const struct gap_rows *r, enum gap_kind k, long long other_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == k && r->v[i].other_id == other_id)
			return &r->v[i];
	return NULL;
}

static void asset_rows(const struct gap_settings *s, const struct gap_asset_facts *f, struct gap_rows *r)
{
	struct gap_cadence cad;
	gap_rows_free(r);
	gap_rules_asset(s, f, &cad, r);
}

static void test_gaps_asset_classification(void **state)
{
	(void)state;
	struct gap_settings s = { .review_months = 12 };
	struct gap_rows r = { 0 };
	/* Never classified: its own gap, and no review date. */
	struct gap_asset_facts f = { .id = 3, .unit_id = 2, .owner_id = 7, .lv = L(U, U, U, U) };
	asset_rows(&s, &f, &r);
	assert_non_null(only(&r, GAP_ASSET_NOT_CLASSIFIED));
	assert_null(only(&r, GAP_CLASSIFICATION_OUTDATED));
	assert_string_equal(only(&r, GAP_ASSET_NOT_CLASSIFIED)->due, "");
	/* Level 0 is a classification ("negligible"), not "unknown". */
	f.lv = L(0, 0, 0, 0);
	f.decided_on = "2025-05-01";
	asset_rows(&s, &f, &r);
	assert_null(only(&r, GAP_ASSET_NOT_CLASSIFIED));

	/* Classified on 2024-05-31: due for review a year later, open once
	 * that day has passed. */
	f.lv = L(1, 1, 1, 1);
	f.decided_on = "2024-05-31";
	asset_rows(&s, &f, &r);
	const struct gap_row *g = only(&r, GAP_CLASSIFICATION_OUTDATED);
	assert_non_null(g);
	assert_string_equal(g->entity, "information-assets");
	assert_int_equal(g->id, 3);
	assert_string_equal(g->due, "2025-05-31");
	assert_true(gap_open(g->due, TODAY));
	assert_false(gap_open(g->due, "2025-05-31"));
	assert_null(only(&r, GAP_ASSET_NOT_CLASSIFIED));
	/* Classified recently: the row is there, not yet open. */
	f.lv = L(3, 2, 1, 2);
	f.decided_on = "2025-09-01";
	asset_rows(&s, &f, &r);
	g = only(&r, GAP_CLASSIFICATION_OUTDATED);
	assert_string_equal(g->due, "2026-09-01");
	assert_false(gap_open(g->due, TODAY));
	/* A shorter interval brings it forward. */
	s.review_months = 6;
	asset_rows(&s, &f, &r);
	g = only(&r, GAP_CLASSIFICATION_OUTDATED);
	assert_string_equal(g->due, "2026-03-01");
	assert_true(gap_open(g->due, "2026-03-02"));
	/* The day clamps to the month's end, leap years included. */
	f.decided_on = "2025-08-31";
	asset_rows(&s, &f, &r);
	assert_string_equal(only(&r, GAP_CLASSIFICATION_OUTDATED)->due, "2026-02-28");
	f.decided_on = "2023-08-31";
	asset_rows(&s, &f, &r);
	assert_string_equal(only(&r, GAP_CLASSIFICATION_OUTDATED)->due, "2024-02-29");
	/* No interval set: 12 months. */
	s.review_months = 0;
	f.decided_on = "2024-02-29";
	asset_rows(&s, &f, &r);
	assert_string_equal(only(&r, GAP_CLASSIFICATION_OUTDATED)->due, "2025-02-28");
	/* No date to count from, or not a date: no review row. */
	f.decided_on = NULL;
	asset_rows(&s, &f, &r);
	assert_null(only(&r, GAP_CLASSIFICATION_OUTDATED));
	f.decided_on = "2025-02-30";
	asset_rows(&s, &f, &r);
	assert_null(only(&r, GAP_CLASSIFICATION_OUTDATED));
	gap_rows_free(&r);
}

/* A system's rules, its state and rows (r emptied first). */
static void system_rows(const struct gap_settings *s, const struct gap_system_facts *f, struct gap_system_state *st,
			struct gap_rows *r)
{
	struct gap_cadence cad;
	gap_rows_free(r);
	gap_rules_system(s, f, st, &cad, r);
}

static const struct asset_levels school[] = { { 1, L(3, 2, 1, 2) } };   /* K3 */
static const struct asset_levels salaries[] = { { 2, L(1, 1, 1, 1) } }; /* low */
static const struct asset_levels minutes[] = { { 3, L(U, U, U, U) } };  /* never classified */

static struct gap_system_facts sys_facts(long long id, enum gap_lifecycle lc, const struct asset_levels *assets, size_t n)
{
	return (struct gap_system_facts){ .id = id, .unit_id = 4, .owner_id = 1, .administrator_id = 1, .lifecycle = lc,
					  .assets = assets, .nassets = n, .decision = L(U, U, U, U) };
}

static void test_gaps_system_classification(void **state)
{
	(void)state;
	struct gap_settings s = { .review_months = 12, .encryption_requirement_id = 100 };
	struct gap_system_state st;
	struct gap_rows r = { 0 };

	/* Only unclassified information: running, not classified. */
	struct gap_system_facts f = sys_facts(11, GL_IN_USE, minutes, 1);
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_SYSTEM_NOT_CLASSIFIED));
	assert_null(only(&r, GAP_PROCUREMENT_NOT_CLASSIFIED));
	assert_false(st.classified);
	assert_int_equal(st.effective.v[ASPECT_K], U);
	f.lifecycle = GL_RETIRING;
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_SYSTEM_NOT_CLASSIFIED));
	/* Planned: classify before procuring, its own kind. */
	f = sys_facts(12, GL_PLANNED, NULL, 0);
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_PROCUREMENT_NOT_CLASSIFIED));
	assert_null(only(&r, GAP_SYSTEM_NOT_CLASSIFIED));
	assert_false(st.running);
	/* Retired: nothing, though its state is still derived. */
	f = sys_facts(13, GL_RETIRED, minutes, 1);
	system_rows(&s, &f, &st, &r);
	assert_int_equal(r.n, 0);
	assert_true(st.retired);
	assert_false(st.running);
	assert_false(st.classified);
	/* Classified information: classified, at its levels. */
	f = sys_facts(10, GL_IN_USE, school, 1);
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_SYSTEM_NOT_CLASSIFIED));
	assert_true(st.classified);
	assert_true(st.running);
	assert_int_equal(st.effective.v[ASPECT_K], 3);
	assert_int_equal(st.effective.v[ASPECT_R], 2);

	/* Raised by a decision: low information, K3 as it applies; a
	 * decision on a system with no classified information classifies it. */
	f = sys_facts(14, GL_IN_USE, salaries, 1);
	f.decision = L(3, U, U, U);
	f.decided_on = "2025-03-01";
	system_rows(&s, &f, &st, &r);
	assert_true(st.classified);
	assert_int_equal(st.effective.v[ASPECT_K], 3);
	assert_int_equal(st.effective.v[ASPECT_R], 1);
	f = sys_facts(15, GL_PLANNED, minutes, 1);
	f.decision = L(U, 2, U, U);
	f.decided_on = "2025-03-01";
	system_rows(&s, &f, &st, &r);
	assert_true(st.classified);
	assert_null(only(&r, GAP_PROCUREMENT_NOT_CLASSIFIED));
	assert_int_equal(st.effective.v[ASPECT_R], 2);
	gap_rows_free(&r);
}

static void test_gaps_requirement_overdue(void **state)
{
	(void)state;
	struct gap_settings s = { .review_months = 12, .encryption_requirement_id = 100 };
	struct gap_system_state st;
	struct gap_rows r = { 0 };
	/* id, requirement, active, assessment, due, responsible */
	static const struct gap_plan_item items[] = {
		{ 1, 100, 1, GA_PARTLY, "2025-12-31", 0 },        /* due later */
		{ 2, 101, 1, GA_NOT_FULFILLED, "2025-06-01", 0 }, /* overdue */
		{ 3, 102, 1, GA_FULFILLED, "2025-06-01", 0 },     /* done */
		{ 4, 103, 1, GA_NOT_APPLICABLE, "2025-06-01", 0 }, /* n/a */
		{ 5, 104, 0, GA_NOT_FULFILLED, "2025-06-01", 0 }, /* requirement retired */
		{ 6, 105, 1, GA_NOT_FULFILLED, NULL, 0 },         /* no due date */
		{ 7, 106, 1, GA_PARTLY, "2025-06-15", 0 },        /* due today */
		{ 8, 107, 1, GA_NOT_FULFILLED, "2025-06-31", 0 }, /* not a date */
	};
	struct gap_system_facts f = sys_facts(10, GL_IN_USE, salaries, 1);
	f.items = items;
	f.nitems = 8;
	system_rows(&s, &f, &st, &r);
	/* A row for each open item of an active requirement with a due date;
	 * open once today is past it. */
	assert_int_equal(count_kind(&r, GAP_REQUIREMENT_OVERDUE), 3);
	const struct gap_row *g = with_other(&r, GAP_REQUIREMENT_OVERDUE, 101);
	assert_non_null(g);
	assert_string_equal(g->other_entity, "requirements");
	assert_string_equal(g->due, "2025-06-01");
	assert_true(gap_open(g->due, TODAY));
	g = with_other(&r, GAP_REQUIREMENT_OVERDUE, 100);
	assert_string_equal(g->due, "2025-12-31");
	assert_false(gap_open(g->due, TODAY));
	g = with_other(&r, GAP_REQUIREMENT_OVERDUE, 106);
	assert_false(gap_open(g->due, TODAY));
	assert_true(gap_open(g->due, "2025-06-16"));
	for (long long q = 102; q <= 107; q++)
		if (q != 106)
			assert_null(with_other(&r, GAP_REQUIREMENT_OVERDUE, q));
	/* Planned systems too; retired ones not. */
	f.lifecycle = GL_PLANNED;
	system_rows(&s, &f, &st, &r);
	assert_int_equal(count_kind(&r, GAP_REQUIREMENT_OVERDUE), 3);
	f.lifecycle = GL_RETIRED;
	system_rows(&s, &f, &st, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_gaps_encryption(void **state)
{
	(void)state;
	struct gap_settings s = { .review_months = 12, .encryption_requirement_id = 100 };
	struct gap_system_state st;
	struct gap_rows r = { 0 };
	struct gap_plan_item item = { 1, 100, 1, GA_PARTLY, NULL, 0 };
	/* K3, encryption only partly in place. */
	struct gap_system_facts f = sys_facts(10, GL_IN_USE, school, 1);
	f.items = &item;
	f.nitems = 1;
	system_rows(&s, &f, &st, &r);
	const struct gap_row *g = only(&r, GAP_ENCRYPTION_AT_REST);
	assert_non_null(g);
	assert_string_equal(g->other_entity, "requirements");
	assert_int_equal(g->other_id, 100);
	assert_string_equal(g->due, "");
	/* Not applicable is not fulfilled. */
	item.assessment = GA_NOT_APPLICABLE;
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* Fulfilled: none. */
	item.assessment = GA_FULFILLED;
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* Fulfilling another requirement does not count. */
	item.requirement_id = 101;
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* No item at all. */
	f.nitems = 0;
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* From K3 up: K4 too, K2 not, unclassified not. */
	static const struct asset_levels k4[] = { { 1, L(4, 0, 0, 0) } }, k2[] = { { 1, L(2, 4, 4, 4) } };
	f.assets = k4;
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	f.assets = k2;
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_ENCRYPTION_AT_REST));
	f.assets = minutes;
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* K3 by decision only. */
	f.assets = salaries;
	f.decision = L(3, U, U, U);
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* ...and fulfilling it. */
	item.requirement_id = 100;
	f.nitems = 1;
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_ENCRYPTION_AT_REST));
	/* Planned counts (not retired); retired does not. */
	f = sys_facts(12, GL_PLANNED, school, 1);
	system_rows(&s, &f, &st, &r);
	assert_non_null(only(&r, GAP_ENCRYPTION_AT_REST));
	f.lifecycle = GL_RETIRED;
	system_rows(&s, &f, &st, &r);
	assert_int_equal(r.n, 0);
	/* Without the requirement (not in the catalogue, or retired): no
	 * such gap at all. */
	s.encryption_requirement_id = 0;
	f.lifecycle = GL_IN_USE;
	system_rows(&s, &f, &st, &r);
	assert_null(only(&r, GAP_ENCRYPTION_AT_REST));
	gap_rows_free(&r);
}

static void test_gaps_control(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	/* Annex A, excluded without a reason. */
	struct gap_control_facts c = { .id = 501, .iso27001 = 1, .applicable = 0, .justified = 0 };
	gap_rules_control(&c, &r);
	const struct gap_row *g = only(&r, GAP_CONTROL_UNJUSTIFIED);
	assert_non_null(g);
	assert_string_equal(g->entity, "soa-entries");
	assert_int_equal(g->id, 501);
	assert_int_equal(r.n, 1);
	gap_rows_free(&r);
	/* Excluded with a reason; applicable; another framework: none. */
	c.justified = 1;
	gap_rules_control(&c, &r);
	c.justified = 0;
	c.applicable = 1;
	gap_rules_control(&c, &r);
	c.applicable = 0;
	c.iso27001 = 0; /* CIS, NIS2: only Annex A asks for a reason */
	gap_rules_control(&c, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aspect_codes),
		cmocka_unit_test(test_derive_max_per_aspect),
		cmocka_unit_test(test_derive_unclassified),
		cmocka_unit_test(test_explicit_raise),
		cmocka_unit_test(test_never_silently_lower),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_requirement_applies),
		cmocka_unit_test(test_review_date),
		cmocka_unit_test(test_gaps_asset_classification),
		cmocka_unit_test(test_gaps_system_classification),
		cmocka_unit_test(test_gaps_requirement_overdue),
		cmocka_unit_test(test_gaps_encryption),
		cmocka_unit_test(test_gaps_control),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
