/*
 * test_classify: the classification rules in src/core/classify.c — a
 * system's level is the highest of its information per aspect, named by
 * the asset that sets it; a decision raises but never lowers; reasons are
 * required for every aspect above 0; requirements apply from their level;
 * level 4 asks for a separate analysis; review dates clamp to month ends.
 * Also the classification gap rules in src/core/gaps.c.
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
	/* Levels outside 1-3 never apply: 0 would apply to everything, 4 has
	 * no requirements of its own. */
	assert_false(requirement_applies(ASPECT_T, 0, &lv));
	assert_false(requirement_applies(ASPECT_T, 4, &lv));
	assert_false(requirement_applies(ASPECT_COUNT, 1, &lv));
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

static size_t count_kind(const struct gap_list *l, enum gap_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->items[i].kind == k;
	return n;
}

static const struct gap *find(const struct gap_list *l, enum gap_kind k, long long id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].kind == k && l->items[i].id == id)
			return &l->items[i];
	return NULL;
}

static void test_gaps_classification(void **state)
{
	(void)state;
	struct gap_asset assets[] = {
		{ 1, "Elevakter", 7, L(3, 2, 1, 2), "2025-09-01", 0, NULL },      /* current */
		{ 2, "Löner", 7, L(1, 1, 1, 1), "2024-05-31", 0, NULL },          /* outdated */
		{ 3, "Protokoll", 7, L(U, U, U, U), NULL, 0, NULL },              /* never */
	};
	struct gap_system systems[] = {
		{ 10, "Skolsystem", 1, 1, GL_IN_USE, 0, L(U, U, U, U), NULL },  /* K3 via asset 1 */
		{ 11, "Ärendesystem", 1, 1, GL_IN_USE, 0, L(U, U, U, U), NULL }, /* asset 3 only */
		{ 12, "Nytt system", 1, 1, GL_PLANNED, 0, L(U, U, U, U), NULL },  /* no information */
		{ 13, "Gammalt", 1, 1, GL_RETIRED, 0, L(U, U, U, U), NULL },
		{ 14, "Höjt", 1, 1, GL_IN_USE, 0, L(3, U, U, U), NULL },          /* raised to K3 */
	};
	struct id_link sa[] = { { 10, 1 }, { 11, 3 }, { 13, 3 }, { 14, 2 } };
	struct gap_plan_item items[] = {
		{ 10, 100, "CRY-02", 1, GA_PARTLY, "2025-12-31", 0, 0 },
		{ 10, 101, "ACC-01", 1, GA_NOT_FULFILLED, "2025-06-01", 0, 0 },  /* overdue */
		{ 10, 102, "ACC-02", 1, GA_FULFILLED, "2025-06-01", 0, 0 },      /* done */
		{ 10, 103, "ACC-03", 1, GA_NOT_APPLICABLE, "2025-06-01", 0, 0 }, /* n/a */
		{ 10, 104, "ACC-04", 0, GA_NOT_FULFILLED, "2025-06-01", 0, 0 },  /* retired req */
		{ 13, 101, "ACC-01", 1, GA_NOT_FULFILLED, "2025-06-01", 0, 0 },  /* retired system */
		{ 14, 100, "CRY-02", 1, GA_FULFILLED, NULL, 0, 0 },
		{ 11, 101, "ACC-01", 1, GA_PARTLY, "2025-06-15", 0, 0 },         /* due today */
	};
	struct gap_control controls[] = {
		{ 500, "5.1 Policyer", "iso27001", 1, 0 },
		{ 501, "7.4 Övervakning", "iso27001", 0, 0 }, /* excluded, no reason */
		{ 502, "7.5 Skydd", "iso27001", 0, 1 },       /* excluded with reason */
		{ 503, "4 Säker konfiguration", "cis8", 0, 0 }, /* only Annex A needs a reason */
	};
	struct gap_input in = {
		.systems = systems, .nsystems = 5, .assets = assets, .nassets = 3,
		.system_assets = sa, .nsystem_assets = 4,
		.plan_items = items, .nplan_items = 8, .controls = controls, .ncontrols = 4,
		.encryption_requirement_id = 100, .review_months = 12, .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	gaps_compute(&in, &l);
	assert_int_equal(count_kind(&l, GAP_ASSET_NOT_CLASSIFIED), 1);
	assert_non_null(find(&l, GAP_ASSET_NOT_CLASSIFIED, 3));
	assert_int_equal(count_kind(&l, GAP_CLASSIFICATION_OUTDATED), 1);
	const struct gap *g = find(&l, GAP_CLASSIFICATION_OUTDATED, 2);
	assert_non_null(g);
	assert_string_equal(g->due, "2025-05-31");
	/* 11 has only unclassified information; 12 is planned (its own
	 * kind); 13 is retired; 14 is raised by decision. */
	assert_int_equal(count_kind(&l, GAP_SYSTEM_NOT_CLASSIFIED), 1);
	assert_non_null(find(&l, GAP_SYSTEM_NOT_CLASSIFIED, 11));
	assert_int_equal(count_kind(&l, GAP_PROCUREMENT_NOT_CLASSIFIED), 1);
	assert_non_null(find(&l, GAP_PROCUREMENT_NOT_CLASSIFIED, 12));
	assert_int_equal(count_kind(&l, GAP_REQUIREMENT_OVERDUE), 1);
	g = find(&l, GAP_REQUIREMENT_OVERDUE, 10);
	assert_non_null(g);
	assert_int_equal(g->other_id, 101);
	assert_string_equal(g->date, "2025-06-01");
	/* 10 is K3 with encryption only partly in place; 14 is K3 by
	 * decision and fulfils it. */
	assert_int_equal(count_kind(&l, GAP_ENCRYPTION_AT_REST), 1);
	g = find(&l, GAP_ENCRYPTION_AT_REST, 10);
	assert_non_null(g);
	assert_int_equal(g->other_id, 100);
	assert_int_equal(count_kind(&l, GAP_CONTROL_UNJUSTIFIED), 1);
	assert_non_null(find(&l, GAP_CONTROL_UNJUSTIFIED, 501));
	gap_list_free(&l);

	/* Without the encryption requirement (retired): no such gap. A
	 * shorter review interval makes the current one outdated too. */
	in.encryption_requirement_id = 0;
	in.review_months = 6;
	gaps_compute(&in, &l);
	assert_int_equal(count_kind(&l, GAP_ENCRYPTION_AT_REST), 0);
	assert_int_equal(count_kind(&l, GAP_CLASSIFICATION_OUTDATED), 1);
	in.today = "2026-03-02";
	gap_list_free(&l);
	gaps_compute(&in, &l);
	assert_int_equal(count_kind(&l, GAP_CLASSIFICATION_OUTDATED), 2);
	assert_string_equal(find(&l, GAP_CLASSIFICATION_OUTDATED, 1)->due, "2026-03-01");
	gap_list_free(&l);
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
		cmocka_unit_test(test_gaps_classification),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
