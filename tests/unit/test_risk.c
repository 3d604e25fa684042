/*
 * test_risk: the risk method and arithmetic in src/core/risk.c — scales
 * and bands parsed from text with messages naming the line or band,
 * scoring, band lookup, text colours that keep WCAG contrast on the band
 * colours, and the cadence of analyses with its triggers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/gaps.h"
#include "core/risk.h"

#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void test_defaults(void **state)
{
	(void)state;
	struct risk_method m;
	struct risk_problem p[RISK_PROBLEMS_MAX];
	int n = risk_method_parse(A, risk_default_likelihood, risk_default_consequence, risk_default_bands, &m, p,
				  RISK_PROBLEMS_MAX);
	assert_int_equal(n, 0);
	assert_int_equal(m.nlikelihood, 5);
	assert_int_equal(m.nconsequence, 5);
	assert_string_equal(m.likelihood[0].name, "Mycket låg");
	assert_true(strlen(m.likelihood[0].description) > 10);
	assert_int_equal(m.nbands, 4);
	assert_string_equal(m.bands[3].name, "Kritisk");
	assert_string_equal(m.bands[3].color, "#c62828");
	/* Scoring and bands over the whole matrix. */
	assert_int_equal(risk_value(&m, 1, 1), 1);
	assert_int_equal(risk_value(&m, 5, 5), 25);
	assert_int_equal(risk_value(&m, 3, 4), 12);
	assert_int_equal(risk_value(&m, 0, 3), 0);
	assert_int_equal(risk_value(&m, 6, 1), 0);
	assert_int_equal(risk_value(&m, 2, 6), 0);
	assert_int_equal(risk_band_of(&m, 4), 0);
	assert_int_equal(risk_band_of(&m, 5), 1);
	assert_int_equal(risk_band_of(&m, 12), 2);
	assert_int_equal(risk_band_of(&m, 17), 3);
	assert_int_equal(risk_band_of(&m, 25), 3);
	assert_int_equal(risk_band_of(&m, 0), -1);
	assert_int_equal(risk_band_of(&m, 26), -1);
}

static void test_scales(void **state)
{
	(void)state;
	struct risk_level lv[RISK_LEVELS_MAX];
	struct risk_problem p[RISK_PROBLEMS_MAX];
	int n;
	/* Blank lines are skipped; no colon means no description. */
	assert_int_equal(risk_parse_scale(A, RISK_PART_LIKELIHOOD, "Låg\n\n  Hög : ofta  \n", lv, &n, p, 20), 0);
	assert_int_equal(n, 2);
	assert_string_equal(lv[0].name, "Låg");
	assert_string_equal(lv[0].description, "");
	assert_string_equal(lv[1].name, "Hög");
	assert_string_equal(lv[1].description, "ofta");
	/* Too few, a line without a name, too many. */
	assert_int_equal(risk_parse_scale(A, RISK_PART_CONSEQUENCE, "Bara en", lv, &n, p, 20), 1);
	assert_int_equal(p[0].part, RISK_PART_CONSEQUENCE);
	assert_int_equal(p[0].line, 0);
	assert_int_equal(risk_parse_scale(A, RISK_PART_LIKELIHOOD, "Låg\n: saknar namn\nHög", lv, &n, p, 20), 1);
	assert_int_equal(p[0].line, 2);
	assert_string_equal(p[0].msgid, "Line %d has no name before the colon.");
	assert_int_equal(risk_parse_scale(A, RISK_PART_LIKELIHOOD, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11", lv, &n, p, 20), 1);
	assert_int_equal(p[0].line, 11);
	assert_int_equal(risk_parse_scale(A, RISK_PART_LIKELIHOOD, NULL, lv, &n, p, 20), 1);
}

static int bands(const char *text, int max_value, struct risk_band *b, int *n, struct risk_problem *p)
{
	return risk_parse_bands(A, text, max_value, b, n, p, RISK_PROBLEMS_MAX);
}

static void test_bands(void **state)
{
	(void)state;
	struct risk_band b[RISK_BANDS_MAX];
	struct risk_problem p[RISK_PROBLEMS_MAX];
	int n;
	/* En dash, single values, colours in any case, defaults when missing. */
	assert_int_equal(bands("1–3 Låg\n4 Medel #ABCDEF\n5-9 Hög", 9, b, &n, p), 0);
	assert_int_equal(n, 3);
	assert_int_equal(b[0].min, 1);
	assert_int_equal(b[0].max, 3);
	assert_string_equal(b[0].name, "Låg");
	assert_string_equal(b[0].color, "#2e7d32");
	assert_int_equal(b[1].min, 4);
	assert_int_equal(b[1].max, 4);
	assert_string_equal(b[1].color, "#abcdef");
	assert_string_equal(b[2].name, "Hög");

	/* A gap names the values left out. */
	assert_int_equal(bands("1-4 Låg\n6-25 Hög", 25, b, &n, p), 1);
	assert_string_equal(p[0].msgid, "No band covers the risk value %d.");
	assert_int_equal(p[0].a, 5);
	assert_int_equal(p[0].line, 2);
	/* An overlap names the band. */
	assert_int_equal(bands("1-5 Låg\n5-25 Hög", 25, b, &n, p), 1);
	assert_string_equal(p[0].name, "Hög");
	assert_string_equal(p[0].msgid, "Band %s overlaps the band before it or is not in order, lowest first.");
	/* Not reaching the top, not starting at 1. */
	assert_int_equal(bands("1-20 Låg", 25, b, &n, p), 1);
	assert_string_equal(p[0].msgid, "No band covers the risk values %d-%d.");
	assert_int_equal(p[0].a, 21);
	assert_int_equal(p[0].b, 25);
	assert_int_equal(bands("3-25 Allt", 25, b, &n, p), 1);
	assert_int_equal(p[0].a, 1);
	assert_int_equal(p[0].b, 2);
	/* Beyond the scales, backwards, below 1. */
	assert_int_equal(bands("1-30 Allt", 25, b, &n, p), 1);
	assert_string_equal(p[0].name, "Allt");
	assert_int_equal(p[0].a, 25);
	assert_int_equal(bands("9-1 Bakvänt", 25, b, &n, p), 1);
	assert_string_equal(p[0].msgid, "Band %s ends before it starts.");
	assert_int_equal(bands("0-25 Allt", 25, b, &n, p), 1);
	/* Malformed lines. */
	assert_int_equal(bands("Låg 1-4", 25, b, &n, p), 1);
	assert_int_equal(p[0].line, 1);
	assert_int_equal(bands("1-25 Allt #12345", 25, b, &n, p), 1);
	assert_string_equal(p[0].msgid, "The colour on line %d must be written as #rrggbb, such as #c62828.");
	assert_int_equal(bands("1-25", 25, b, &n, p), 1);
	assert_string_equal(p[0].msgid, "The band on line %d has no name.");
	assert_int_equal(bands("", 25, b, &n, p), 1);
	assert_int_equal(bands("1-2 a\n3 b\n4 c\n5 d\n6 e\n7 f\n8 g\n9 h\n10 i\n11 j\n12-25 k", 25, b, &n, p), 1);
	assert_int_equal(p[0].line, 11);
}

static void test_method_problems_add_up(void **state)
{
	(void)state;
	struct risk_method m;
	struct risk_problem p[RISK_PROBLEMS_MAX];
	/* Both scales wrong: both named; bands are not judged then. */
	int n = risk_method_parse(A, "En", ": x\nTvå", "nonsense", &m, p, RISK_PROBLEMS_MAX);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].part, RISK_PART_LIKELIHOOD);
	assert_int_equal(p[1].part, RISK_PART_CONSEQUENCE);
	/* A 3×4 method: values up to 12. */
	n = risk_method_parse(A, "a\nb\nc", "a\nb\nc\nd", "1-6 Låg\n7-12 Hög", &m, p, RISK_PROBLEMS_MAX);
	assert_int_equal(n, 0);
	assert_int_equal(risk_value(&m, 3, 4), 12);
	assert_int_equal(risk_value(&m, 4, 3), 0);
	n = risk_method_parse(A, "a\nb\nc", "a\nb\nc\nd", "1-6 Låg\n7-25 Hög", &m, p, RISK_PROBLEMS_MAX);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].a, 12);
}

static void test_contrast(void **state)
{
	(void)state;
	assert_string_equal(risk_text_color("#c62828"), "#ffffff");
	assert_string_equal(risk_text_color("#f9a825"), "#000000");
	assert_string_equal(risk_text_color("#ffffff"), "#000000");
	assert_true(risk_contrast("#000000", "#ffffff") > 20.9);
	assert_true(risk_contrast("#777777", "#777777") < 1.01);
	assert_true(risk_contrast("#xyz", "#ffffff") == 0);
	/* Whatever the band colour, the chosen text meets 4.5:1 or is the
	 * better of the two. */
	const char *colors[] = { "#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#888888" };
	for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++) {
		const char *t = risk_text_color(colors[i]);
		const char *o = strcmp(t, "#000000") == 0 ? "#ffffff" : "#000000";
		assert_true(risk_contrast(colors[i], t) >= risk_contrast(colors[i], o));
	}
}

static void test_cadence(void **state)
{
	(void)state;
	char due[11];
	struct levels high = L(3, 1, 1, 1), low = L(2, 2, 2, 2), none = L(U, U, U, U);
	struct risk_cadence c = { .last = NULL, .lv = &high, .today = "2026-11-22" };
	/* Never analysed: due now. */
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2026-11-22");
	/* Any aspect at 3 or more: every 12 months; otherwise 36. */
	c.last = "2025-02-28";
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2026-02-28");
	c.lv = &low;
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2028-02-28");
	c.lv = &none;
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2028-02-28");
	c.lv = NULL;
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2028-02-28");
	/* Configured: from level 2, every 6 months. */
	c.lv = &low;
	c.high_level = 2;
	c.high_months = 6;
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2025-08-28");
	/* A trigger after the last analysis makes it due on the trigger's
	 * date; one before it does not count. */
	c.trigger = "2025-05-10";
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2025-05-10");
	c.trigger = "2025-01-10";
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2025-08-28");
	c.trigger = "2025-12-01"; /* after the regular date: the regular date stands */
	assert_int_equal(risk_next_analysis(&c, due), 0);
	assert_string_equal(due, "2025-08-28");
	/* Malformed dates. */
	c.last = "2025-13-01";
	assert_int_equal(risk_next_analysis(&c, due), -1);
	c.last = "2025-01-01";
	c.today = "idag";
	assert_int_equal(risk_next_analysis(&c, due), -1);
}

/* ---- the risk gap rules (core/gaps.c) --------------------------------- */

static size_t count_kind(const struct gap_list *l, enum gap_kind k, long long *ids, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].kind == k) {
			if (n < max)
				ids[n] = l->items[i].id;
			n++;
		}
	return n;
}

static void test_gaps(void **state)
{
	(void)state;
	struct gap_asset assets[] = {
		{ 1, "Elevakter", 7, L(3, 1, 1, 1), "2025-09-01", 0, "2025-09-01" },
		{ 2, "Menyer", 7, L(1, 1, 1, 1), "2025-09-01", 0, NULL },
		{ 3, "Loggar", 7, L(1, 1, 1, 1), "2025-09-01", 0, NULL },
		{ 4, "Ritningar", 7, L(1, 1, 1, 1), "2025-09-01", 0, NULL },
	};
	struct gap_system systems[] = {
		{ 10, "Skola", 1, 1, GL_IN_USE, 0, L(U, U, U, U), NULL },
		{ 11, "Kök", 1, 1, GL_IN_USE, 0, L(U, U, U, U), NULL },
		{ 12, "Nytt", 1, 1, GL_PLANNED, 0, L(U, U, U, U), NULL },
		{ 13, "Gammalt", 1, 1, GL_IN_USE, 0, L(U, U, U, U), NULL },
		{ 14, "Höjt", 1, 1, GL_IN_USE, 0, L(U, U, U, U), "2026-03-01" },
	};
	struct id_link sa[] = { { 10, 1 }, { 11, 2 }, { 14, 1 } };
	struct gap_analysis analyses[] = {
		{ 100, "RA skola", GS_SYSTEM, 10, 1, "2026-01-10", "2026-01-10", 10, 0 },
		{ 101, "RA gammalt", GS_SYSTEM, 13, 1, "2022-01-01", "2022-01-01", 13, 0 },
		{ 102, "RA höjt", GS_SYSTEM, 14, 1, "2025-12-01", "2025-12-01", 14, 0 },
		{ 103, "RA kök (utkast)", GS_SYSTEM, 11, 0, "2026-05-01", "2026-05-01", 11, 0 },
		{ 104, "RA gemensam IT", GS_SHARED_IT, 0, 1, "2026-02-01", "2026-02-01", 0, 0 },
	};
	struct gap_method methods[] = { { 1, 17, 5, 5 } };
	struct gap_risk risks[] = {
		{ 200, "R1", 100, 1, 20, 1, 0, 0, 0, 0, NULL },  /* top, no measure */
		{ 201, "R2", 100, 1, 20, 1, 0, 0, 0, 0, NULL },  /* top, only a cancelled measure */
		{ 202, "R3", 100, 1, 20, 1, 0, 0, 0, 0, NULL },  /* top, with a measure */
		{ 203, "R4", 100, 1, 5, 0, 0, 1, 0, 0, NULL },   /* accepted */
		{ 204, "R5", 103, 1, 25, 1, 0, 0, 0, 0, NULL },  /* draft analysis */
		{ 205, "R6", 100, 1, 20, 0, 1, 0, 0, 0, NULL },  /* avoided */
	};
	struct gap_measure measures[] = {
		{ 300, "Mx", 201, 0, 0, "2026-01-01", 0, 0 }, /* cancelled */
		{ 301, "My", 202, 1, 1, "2026-05-01", 0, 0 }, /* overdue */
		{ 302, "Mz", 203, 0, 1, "2026-01-01", 0, 0 }, /* done */
		{ 303, "Mw", 202, 1, 1, "2026-07-01", 0, 0 }, /* not yet due */
	};
	struct id_link ra[] = { { 203, 3 }, { 204, 4 } };
	struct gap_input in = {
		.systems = systems, .nsystems = 5, .assets = assets, .nassets = 4, .system_assets = sa, .nsystem_assets = 3,
		.analyses = analyses, .nanalyses = 5, .risks = risks, .nrisks = 6, .methods = methods, .nmethods = 1,
		.measures = measures, .nmeasures = 4, .risk_assets = ra, .nrisk_assets = 2, .today = "2026-06-01",
	};
	struct gap_list l = { 0 };
	gaps_compute(&in, &l);
	long long ids[10];
	assert_int_equal(count_kind(&l, GAP_SYSTEM_NOT_ANALYSED, ids, 10), 1);
	assert_int_equal(ids[0], 11); /* 12 is planned; the draft does not count */
	assert_int_equal(count_kind(&l, GAP_ASSET_NOT_ANALYSED, ids, 10), 2);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 4); /* named only by a risk of a draft */
	assert_int_equal(count_kind(&l, GAP_ANALYSIS_OVERDUE, ids, 10), 2);
	assert_int_equal(ids[0], 13); /* unclassified: 36 months from 2022-01-01 */
	assert_int_equal(ids[1], 14); /* raised after its analysis */
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].kind == GAP_ANALYSIS_OVERDUE)
			assert_string_equal(l.items[i].due, l.items[i].id == 13 ? "2025-01-01" : "2026-03-01");
	assert_int_equal(count_kind(&l, GAP_RISK_NO_MEASURE, ids, 10), 3);
	assert_int_equal(ids[0], 200);
	assert_int_equal(ids[1], 201);
	assert_int_equal(ids[2], 204);
	assert_int_equal(count_kind(&l, GAP_MEASURE_OVERDUE, ids, 10), 1);
	assert_int_equal(ids[0], 301);
	assert_int_equal(count_kind(&l, GAP_RESIDUAL_NOT_ACCEPTED, ids, 10), 3);
	assert_int_equal(ids[0], 200);
	assert_int_equal(ids[2], 202);
	assert_int_equal(count_kind(&l, GAP_SHARED_IT_NOT_ANALYSED, ids, 10), 0);
	assert_int_equal(count_kind(&l, GAP_INFRASTRUCTURE_NOT_ANALYSED, ids, 10), 1);
	assert_int_equal(ids[0], 0);

	/* Each system's and asset's cadence: asset 1 (K3) analysed with
	 * system 10 on 2026-01-10 (later than 14's), due a year after;
	 * asset 3 (low) through a risk naming it, due in 36 months. */
	assert_string_equal(l.sys_cadence[0].last, "2026-01-10");
	assert_string_equal(l.sys_cadence[0].due, "2027-01-10");
	assert_int_equal(l.sys_cadence[0].why, GT_NONE);
	assert_string_equal(l.sys_cadence[4].trigger, "2026-03-01");
	assert_int_equal(l.sys_cadence[4].why, GT_CLASSIFICATION_RAISED);
	assert_string_equal(l.sys_cadence[4].due, "2026-03-01");
	assert_null(l.sys_cadence[1].last); /* only a draft */
	assert_string_equal(l.sys_cadence[1].due, "");
	assert_string_equal(l.asset_cadence[0].last, "2026-01-10");
	assert_string_equal(l.asset_cadence[0].due, "2027-01-10");
	assert_null(l.asset_cadence[0].trigger); /* raised before the analysis */
	assert_string_equal(l.asset_cadence[2].due, "2029-01-10");
	gap_list_free(&l);

	/* A stricter cadence: every 3 months at level 3 makes 10 and its K3
	 * information overdue too. */
	in.risk_high_months = 3;
	gaps_compute(&in, &l);
	assert_int_equal(count_kind(&l, GAP_ANALYSIS_OVERDUE, ids, 10), 4);
	assert_int_equal(ids[2], 14);
	assert_int_equal(ids[3], 1); /* systems first, then information */
	gap_list_free(&l);
	in.risk_high_months = 0;

	/* Triggers: the first after the last analysis makes it due on its
	 * date — a significant change to system 10, a serious incident on
	 * asset 3; one before the last analysis, or on an unknown record,
	 * does nothing. */
	struct gap_trigger triggers[] = {
		{ 900, 10, 0, "2026-04-15", GT_OTHER },
		{ 901, 10, 0, "2026-02-01", GT_SIGNIFICANT_CHANGE },
		{ 902, 0, 3, "2026-05-20", GT_SERIOUS_INCIDENT },
		{ 903, 13, 0, "2021-06-01", GT_SIGNIFICANT_CHANGE }, /* before 2022-01-01 */
		{ 904, 999, 998, "2026-05-01", GT_OTHER },
		{ 905, 11, 0, "2026-02-01", GT_SIGNIFICANT_CHANGE }, /* only a draft */
		{ 906, 0, 2, "2026-05-01", GT_SERIOUS_INCIDENT },   /* never analysed */
	};
	in.triggers = triggers;
	in.ntriggers = 7;
	gaps_compute(&in, &l);
	assert_int_equal(count_kind(&l, GAP_ANALYSIS_OVERDUE, ids, 10), 4);
	assert_int_equal(ids[0], 10);
	assert_int_equal(ids[1], 13);
	assert_int_equal(ids[2], 14);
	assert_int_equal(ids[3], 3);
	assert_string_equal(l.sys_cadence[0].trigger, "2026-02-01");
	assert_int_equal(l.sys_cadence[0].why, GT_SIGNIFICANT_CHANGE);
	assert_int_equal(l.sys_cadence[0].trigger_id, 901);
	assert_string_equal(l.sys_cadence[0].due, "2026-02-01");
	assert_string_equal(l.asset_cadence[2].due, "2026-05-20");
	assert_int_equal(l.asset_cadence[2].why, GT_SERIOUS_INCIDENT);
	assert_null(l.sys_cadence[3].trigger);
	assert_null(l.sys_cadence[1].trigger);
	/* Never analysed: the trigger changes nothing, it is due anyway. */
	assert_string_equal(l.asset_cadence[1].due, "");
	assert_int_equal(count_kind(&l, GAP_ASSET_NOT_ANALYSED, ids, 10), 2);
	for (size_t i = 0; i < l.n; i++)
		if (l.items[i].kind == GAP_ANALYSIS_OVERDUE && l.items[i].id == 3) {
			assert_string_equal(l.items[i].other_entity, "risk-triggers");
			assert_int_equal(l.items[i].other_id, 902);
		}
	gap_list_free(&l);
	/* A trigger not yet reached (a change planned) makes it due then. */
	triggers[1].date = "2026-12-01";
	triggers[0].date = "2026-12-24";
	gaps_compute(&in, &l);
	assert_string_equal(l.sys_cadence[0].due, "2026-12-01");
	assert_int_equal(count_kind(&l, GAP_ANALYSIS_OVERDUE, ids, 10), 3);
	gap_list_free(&l);
}

static void test_suggest_consequence(void **state)
{
	(void)state;
	/* On 1-5: K0 1, K1 2, K2 3, K3 4, K4 5. */
	const int five[] = { 1, 2, 3, 4, 5 };
	for (int l = LEVEL_MIN; l <= LEVEL_MAX; l++)
		assert_int_equal(risk_suggest_consequence(l, 5), five[l]);
	/* On 1-3: 1, 1, 2, 3, 3. */
	const int three[] = { 1, 1, 2, 3, 3 };
	for (int l = LEVEL_MIN; l <= LEVEL_MAX; l++)
		assert_int_equal(risk_suggest_consequence(l, 3), three[l]);
	assert_int_equal(risk_suggest_consequence(LEVEL_UNSET, 5), 0);
	assert_int_equal(risk_suggest_consequence(5, 5), 0);
	assert_int_equal(risk_suggest_consequence(2, 0), 0);
}

static void test_guess_level(void **state)
{
	(void)state;
	const struct risk_level five[] = { { "Mycket låg", "" }, { "Låg", "" }, { "Medel", "" }, { "Hög", "" }, { "Mycket hög", "" } };
	assert_int_equal(risk_guess_level(five, 5, "3", 5), 3);
	assert_int_equal(risk_guess_level(five, 5, " 4 ", 4), 4);   /* a shorter scale: as it is */
	assert_int_equal(risk_guess_level(five, 5, "6", 5), 0);
	assert_int_equal(risk_guess_level(five, 5, "0", 5), 0);
	assert_int_equal(risk_guess_level(five, 5, "10", 10), 5);   /* 1-10 onto 1-5 */
	assert_int_equal(risk_guess_level(five, 5, "3", 10), 2);
	assert_int_equal(risk_guess_level(five, 5, "HÖG", 5), 4);
	assert_int_equal(risk_guess_level(five, 5, "mycket hog", 5), 5);
	assert_int_equal(risk_guess_level(five, 5, "Stor", 5), 0);
	assert_int_equal(risk_guess_level(five, 5, "", 5), 0);
	assert_int_equal(risk_guess_level(five, 5, "3,5", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_scales),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_method_problems_add_up),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_cadence),
		cmocka_unit_test(test_suggest_consequence),
		cmocka_unit_test(test_guess_level),
		cmocka_unit_test(test_gaps),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
