/*
 * test_risk: the risk method and arithmetic in src/core/risk.c — scales
 * and bands parsed from text with messages naming the line or band,
 * scoring, band lookup, text colours that keep WCAG contrast on the band
 * colours, and the cadence of analyses with its triggers. Also the
 * risk-analysis gap rules in src/core/gaps.c, one record at a time: the
 * cadence from the last decided analysis and the triggers after it,
 * systems and assets never analysed or due again, risks in the top band
 * without a measure, residual risks not accepted, measures past due and
 * the organisation's own analyses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/gaps.h"
#include "core/risk.h"
#include "util/i18n.h"

#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET
#define N(a) (sizeof(a) / sizeof((a)[0]))

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

/* The shipped words in English for an English reader (no catalogue is
 * loaded here, so the msgid itself); the organisation's own words stay. */
static void test_localise(void **state)
{
	(void)state;
	struct risk_method m;
	struct risk_problem p[RISK_PROBLEMS_MAX];
	assert_int_equal(risk_method_parse(A, risk_default_likelihood, "Egen nivå: Egen text\nFörsumbar",
					   "1-5 Låg\n6-10 Ny", &m, p, RISK_PROBLEMS_MAX), 0);
	risk_method_localise(&m, LANG_SV);
	assert_string_equal(m.likelihood[0].name, "Mycket låg");
	risk_method_localise(&m, LANG_EN);
	assert_string_equal(m.likelihood[0].name, "Very low");
	assert_string_equal(m.likelihood[4].description, "Happens several times a year");
	assert_string_equal(m.consequence[0].name, "Egen nivå");
	assert_string_equal(m.consequence[0].description, "Egen text");
	assert_string_equal(m.consequence[1].name, "Negligible");
	assert_string_equal(m.bands[0].name, "Low");
	assert_string_equal(m.bands[1].name, "Ny");
}

/* The shipped scale and band texts, line by line, for English readers. */
static void test_default_text(void **state)
{
	(void)state;
	assert_string_equal(risk_default_text(A, LANG_EN, risk_default_bands),
			    "1-4 Low #2e7d32\n5-9 Medium #f9a825\n10-16 High #ef6c00\n17-25 Critical #c62828\n");
	const char *l = risk_default_text(A, LANG_EN, risk_default_likelihood);
	assert_non_null(strstr(l, "Very low: Probably does not happen: less often than once in ten years\n"));
	assert_non_null(strstr(l, "Very high: Happens several times a year\n"));
	assert_null(strstr(l, "Mycket"));
	const char *c = risk_default_text(A, LANG_EN, risk_default_consequence);
	assert_non_null(strstr(c, "Very serious: Extremely serious impact, for example danger to life and health\n"));
	/* Swedish readers, and any text the organisation wrote: as stored. */
	assert_ptr_equal(risk_default_text(A, LANG_SV, risk_default_bands), risk_default_bands);
	const char *own = "1-4 Låg #2e7d32\n5-9 Hög #c62828\n";
	assert_ptr_equal(risk_default_text(A, LANG_EN, own), own);
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

static size_t count_kind(const struct gap_rows *r, enum gap_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].kind == k;
	return n;
}

/* The one row of kind k, or NULL; fails when there are two. */
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

static const struct gap_settings defaults = { 0 };

/* When the next analysis is due: from the last decided analysis, 12
 * months when classified 3 or more, else 36; the first trigger after it
 * brings it forward. */
static void test_gap_cadence(void **state)
{
	(void)state;
	struct gap_cadence c;
	struct levels high = L(3, 1, 1, 1), low = L(2, 2, 2, 2), none = L(U, U, U, U);
	/* Never analysed: no date, it is a gap of its own. */
	gap_cadence_compute(&defaults, NULL, NULL, 0, &high, &c);
	assert_null(c.last);
	assert_string_equal(c.due, "");
	assert_null(c.trigger);
	assert_int_equal(c.why, GT_NONE);
	assert_int_equal(c.trigger_id, 0);
	/* By level. */
	gap_cadence_compute(&defaults, "2022-01-01", NULL, 0, &none, &c);
	assert_string_equal(c.last, "2022-01-01");
	assert_string_equal(c.due, "2025-01-01");
	gap_cadence_compute(&defaults, "2022-01-01", NULL, 0, &low, &c);
	assert_string_equal(c.due, "2025-01-01");
	gap_cadence_compute(&defaults, "2022-01-01", NULL, 0, &high, &c);
	assert_string_equal(c.due, "2023-01-01");
	assert_null(c.trigger);
	/* The organisation's settings: every 3 months at 3; from level 2. */
	struct gap_settings s = { .risk_high_months = 3 };
	gap_cadence_compute(&s, "2022-01-01", NULL, 0, &high, &c);
	assert_string_equal(c.due, "2022-04-01");
	gap_cadence_compute(&s, "2022-01-01", NULL, 0, &low, &c);
	assert_string_equal(c.due, "2025-01-01");
	s.risk_high_level = 2;
	s.risk_other_months = 24;
	gap_cadence_compute(&s, "2022-01-01", NULL, 0, &low, &c);
	assert_string_equal(c.due, "2022-04-01");
	gap_cadence_compute(&s, "2022-01-01", NULL, 0, &none, &c);
	assert_string_equal(c.due, "2024-01-01");

	/* Triggers, in the order recorded: the earliest after the last
	 * analysis makes it due on its date. */
	struct gap_trigger t[] = {
		{ 900, "2026-04-15", GT_OTHER },
		{ 901, "2026-02-01", GT_SIGNIFICANT_CHANGE },
		{ 902, "2025-12-01", GT_SERIOUS_INCIDENT }, /* before the analysis */
		{ 903, "2026-01-10", GT_SERIOUS_INCIDENT }, /* on its day */
		{ 904, NULL, GT_OTHER },
		{ 905, "2026-01-32", GT_OTHER },            /* not a date */
	};
	gap_cadence_compute(&defaults, "2026-01-10", t, N(t), &high, &c);
	assert_string_equal(c.trigger, "2026-02-01");
	assert_int_equal(c.why, GT_SIGNIFICANT_CHANGE);
	assert_int_equal(c.trigger_id, 901);
	assert_string_equal(c.due, "2026-02-01");
	/* A trigger before the analysis or on its day counts for nothing. */
	gap_cadence_compute(&defaults, "2026-01-10", t + 2, 4, &high, &c);
	assert_null(c.trigger);
	assert_int_equal(c.why, GT_NONE);
	assert_int_equal(c.trigger_id, 0);
	assert_string_equal(c.due, "2027-01-10");
	/* The day after it does. */
	t[3].date = "2026-01-11";
	gap_cadence_compute(&defaults, "2026-01-10", t + 2, 4, &high, &c);
	assert_int_equal(c.trigger_id, 903);
	assert_string_equal(c.due, "2026-01-11");
	/* Two on the same day: the first recorded. */
	t[0].date = "2026-01-11";
	gap_cadence_compute(&defaults, "2026-01-10", t, N(t), &high, &c);
	assert_int_equal(c.trigger_id, 900);
	assert_int_equal(c.why, GT_OTHER);
	/* A trigger not reached yet (a change planned) makes it due then. */
	t[0].date = "2026-12-24";
	t[1].date = "2026-12-01";
	t[3].date = "2026-01-10";
	gap_cadence_compute(&defaults, "2026-01-10", t, N(t), &high, &c);
	assert_string_equal(c.due, "2026-12-01");
	assert_int_equal(c.trigger_id, 901);
	/* One after the regular date: the regular date stands, and the
	 * trigger explains nothing (the gap does not name it). */
	gap_cadence_compute(&defaults, "2025-01-10", t, 2, &high, &c);
	assert_string_equal(c.due, "2026-01-10");
	assert_null(c.trigger);
	assert_int_equal(c.why, GT_NONE);
	assert_int_equal(c.trigger_id, 0);
	/* Never analysed: a trigger changes nothing. */
	gap_cadence_compute(&defaults, NULL, t, N(t), &high, &c);
	assert_string_equal(c.due, "");
	assert_null(c.trigger);
}

static const struct asset_levels school[] = { { 1, L(3, 1, 1, 1) } }; /* K3 */
static const struct asset_levels menus[] = { { 2, L(1, 1, 1, 1) } };  /* low */

static struct gap_system_facts sys_facts(long long id, enum gap_lifecycle lc, const struct asset_levels *assets)
{
	return (struct gap_system_facts){ .id = id, .unit_id = 4, .owner_id = 1, .administrator_id = 1, .lifecycle = lc,
					  .assets = assets, .nassets = 1, .decision = L(U, U, U, U) };
}

static void system_rows(const struct gap_system_facts *f, struct gap_cadence *cad, struct gap_rows *r)
{
	struct gap_system_state st;
	gap_rows_free(r);
	gap_rules_system(&defaults, f, &st, cad, r);
}

static void test_gaps_system_analysis(void **state)
{
	(void)state;
	struct gap_cadence cad;
	struct gap_rows r = { 0 };
	/* Never analysed (or only in a draft, which the store does not hand
	 * over): a gap now, no due date. */
	struct gap_system_facts f = sys_facts(11, GL_IN_USE, menus);
	system_rows(&f, &cad, &r);
	const struct gap_row *g = only(&r, GAP_SYSTEM_NOT_ANALYSED);
	assert_non_null(g);
	assert_string_equal(g->due, "");
	assert_null(only(&r, GAP_ANALYSIS_OVERDUE));
	assert_string_equal(cad.due, "");
	/* Being retired: still running. Planned or retired: no gap. */
	f.lifecycle = GL_RETIRING;
	system_rows(&f, &cad, &r);
	assert_non_null(only(&r, GAP_SYSTEM_NOT_ANALYSED));
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &cad, &r);
	assert_int_equal(r.n, 0);
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &cad, &r);
	assert_int_equal(r.n, 0);

	/* Unclassified, analysed in 2022: 36 months. */
	f = sys_facts(13, GL_IN_USE, NULL);
	f.nassets = 0;
	f.last_analysis = "2022-01-01";
	system_rows(&f, &cad, &r);
	assert_null(only(&r, GAP_SYSTEM_NOT_ANALYSED));
	g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_non_null(g);
	assert_string_equal(g->entity, "systems");
	assert_string_equal(g->due, "2025-01-01");
	assert_null(g->other_entity);
	assert_true(gap_open(g->due, "2026-06-01"));
	/* K3 information: a year. */
	f = sys_facts(10, GL_IN_USE, school);
	f.last_analysis = "2026-01-10";
	system_rows(&f, &cad, &r);
	assert_string_equal(only(&r, GAP_ANALYSIS_OVERDUE)->due, "2027-01-10");
	assert_false(gap_open(only(&r, GAP_ANALYSIS_OVERDUE)->due, "2026-06-01"));
	/* A significant change after it: due on that day, the trigger named. */
	struct gap_trigger t[] = {
		{ 900, "2026-04-15", GT_OTHER },
		{ 901, "2026-02-01", GT_SIGNIFICANT_CHANGE },
	};
	f.triggers = t;
	f.ntriggers = 2;
	system_rows(&f, &cad, &r);
	g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_string_equal(g->due, "2026-02-01");
	assert_string_equal(g->other_entity, "risk-triggers");
	assert_int_equal(g->other_id, 901);
	assert_int_equal(cad.why, GT_SIGNIFICANT_CHANGE);

	/* Raised by a decision after its analysis: due on the decision's
	 * day, a raised classification (no trigger record); the decision's
	 * level sets the interval too. */
	f = sys_facts(14, GL_IN_USE, menus);
	f.last_analysis = "2025-12-01";
	system_rows(&f, &cad, &r);
	assert_string_equal(cad.due, "2028-12-01");
	f.decision = L(3, U, U, U);
	f.decided_on = "2026-03-01";
	system_rows(&f, &cad, &r);
	g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_string_equal(g->due, "2026-03-01");
	assert_null(g->other_entity);
	assert_int_equal(g->other_id, 0);
	assert_int_equal(cad.why, GT_CLASSIFICATION_RAISED);
	assert_int_equal(cad.trigger_id, 0);
	assert_string_equal(cad.trigger, "2026-03-01");
	/* A recorded trigger on the same day: the raised classification
	 * comes first. */
	struct gap_trigger same[] = { { 950, "2026-03-01", GT_SERIOUS_INCIDENT } };
	f.triggers = same;
	f.ntriggers = 1;
	system_rows(&f, &cad, &r);
	assert_int_equal(cad.why, GT_CLASSIFICATION_RAISED);
	assert_null(only(&r, GAP_ANALYSIS_OVERDUE)->other_entity);
	/* ...and an earlier one wins over it. */
	same[0].date = "2026-02-01";
	system_rows(&f, &cad, &r);
	assert_int_equal(cad.trigger_id, 950);
	assert_int_equal(only(&r, GAP_ANALYSIS_OVERDUE)->other_id, 950);
	/* Decided before the analysis: no trigger, but K3 now: a year. */
	f.ntriggers = 0;
	f.decided_on = "2025-11-01";
	system_rows(&f, &cad, &r);
	assert_null(cad.trigger);
	assert_string_equal(cad.due, "2026-12-01");
	/* A planned system is not analysed for: no row, though the cadence
	 * is known. */
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &cad, &r);
	assert_int_equal(count_kind(&r, GAP_ANALYSIS_OVERDUE), 0);
	assert_string_equal(cad.due, "2026-12-01");
	gap_rows_free(&r);
}

static void asset_rows(const struct gap_asset_facts *f, struct gap_cadence *cad, struct gap_rows *r)
{
	gap_rows_free(r);
	gap_rules_asset(&defaults, f, cad, r);
}

static void test_gaps_asset_analysis(void **state)
{
	(void)state;
	struct gap_cadence cad;
	struct gap_rows r = { 0 };
	/* No decided analysis covers it (one of a system that processes it,
	 * or one whose risk names it: the store's to find). */
	struct gap_asset_facts f = { .id = 2, .owner_id = 7, .lv = L(1, 1, 1, 1), .decided_on = "2025-09-01" };
	asset_rows(&f, &cad, &r);
	assert_non_null(only(&r, GAP_ASSET_NOT_ANALYSED));
	assert_null(only(&r, GAP_ANALYSIS_OVERDUE));
	/* A serious incident changes nothing: it is due anyway. */
	struct gap_trigger inc[] = { { 906, "2026-05-01", GT_SERIOUS_INCIDENT } };
	f.triggers = inc;
	f.ntriggers = 1;
	asset_rows(&f, &cad, &r);
	assert_non_null(only(&r, GAP_ASSET_NOT_ANALYSED));
	assert_string_equal(cad.due, "");

	/* K3, raised (first classified) before the analysis: a year from it. */
	f = (struct gap_asset_facts){ .id = 1, .owner_id = 7, .lv = L(3, 1, 1, 1), .decided_on = "2025-09-01",
				      .raised_on = "2025-09-01", .last_analysis = "2026-01-10" };
	asset_rows(&f, &cad, &r);
	assert_null(only(&r, GAP_ASSET_NOT_ANALYSED));
	const struct gap_row *g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_string_equal(g->entity, "information-assets");
	assert_int_equal(g->id, 1);
	assert_string_equal(g->due, "2027-01-10");
	assert_null(cad.trigger);
	/* Raised after it: due at once. */
	f.raised_on = "2026-03-01";
	asset_rows(&f, &cad, &r);
	g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_string_equal(g->due, "2026-03-01");
	assert_null(g->other_entity);
	assert_int_equal(cad.why, GT_CLASSIFICATION_RAISED);

	/* Low, analysed through a risk naming it: 36 months; a serious
	 * incident after that brings it forward and is named. */
	f = (struct gap_asset_facts){ .id = 3, .owner_id = 7, .lv = L(1, 1, 1, 1), .decided_on = "2025-09-01",
				      .last_analysis = "2026-01-10" };
	asset_rows(&f, &cad, &r);
	assert_string_equal(only(&r, GAP_ANALYSIS_OVERDUE)->due, "2029-01-10");
	struct gap_trigger t[] = { { 902, "2026-05-20", GT_SERIOUS_INCIDENT } };
	f.triggers = t;
	f.ntriggers = 1;
	asset_rows(&f, &cad, &r);
	g = only(&r, GAP_ANALYSIS_OVERDUE);
	assert_string_equal(g->due, "2026-05-20");
	assert_string_equal(g->other_entity, "risk-triggers");
	assert_int_equal(g->other_id, 902);
	assert_int_equal(cad.why, GT_SERIOUS_INCIDENT);
	assert_true(gap_open(g->due, "2026-06-01"));
	assert_false(gap_open(g->due, "2026-05-20"));
	gap_rows_free(&r);
}

static void test_gaps_risks(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	/* In the top band (from 17), to be reduced, no measure (a cancelled
	 * one does not count: the store says "measured"), decided, not
	 * accepted: both gaps. */
	struct gap_risk_facts k = { .id = 200, .unit_id = 1, .person_id = 5, .decided = 1, .value = 20, .top_min = 17,
				    .reduce = 1 };
	gap_rules_risk(&k, &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].kind, GAP_RISK_NO_MEASURE);
	assert_int_equal(r.v[1].kind, GAP_RESIDUAL_NOT_ACCEPTED);
	assert_string_equal(r.v[0].entity, "risks");
	assert_int_equal(r.v[0].id, 200);
	assert_string_equal(r.v[0].due, "");
	gap_rows_free(&r);
	/* The band's edge: from top_min on. */
	k.value = 17;
	gap_rules_risk(&k, &r);
	assert_non_null(only(&r, GAP_RISK_NO_MEASURE));
	gap_rows_free(&r);
	k.value = 16;
	gap_rules_risk(&k, &r);
	assert_null(only(&r, GAP_RISK_NO_MEASURE));
	gap_rows_free(&r);
	/* A method whose top band is unknown: none. */
	k.value = 25;
	k.top_min = 0;
	gap_rules_risk(&k, &r);
	assert_null(only(&r, GAP_RISK_NO_MEASURE));
	gap_rows_free(&r);
	k.top_min = 17;
	/* With a measure. */
	k.measured = 1;
	gap_rules_risk(&k, &r);
	assert_null(only(&r, GAP_RISK_NO_MEASURE));
	assert_non_null(only(&r, GAP_RESIDUAL_NOT_ACCEPTED));
	gap_rows_free(&r);
	/* Only for "reduce": one accepted as it is needs no measure. */
	k.measured = 0;
	k.reduce = 0;
	gap_rules_risk(&k, &r);
	assert_null(only(&r, GAP_RISK_NO_MEASURE));
	gap_rows_free(&r);
	/* In a draft analysis: no measure is a gap already, the residual
	 * risk is not (yet) for anyone to accept. */
	k.reduce = 1;
	k.decided = 0;
	gap_rules_risk(&k, &r);
	assert_non_null(only(&r, GAP_RISK_NO_MEASURE));
	assert_null(only(&r, GAP_RESIDUAL_NOT_ACCEPTED));
	gap_rows_free(&r);
	/* Accepted, or avoided: nothing to accept. */
	k = (struct gap_risk_facts){ .id = 203, .decided = 1, .value = 5, .top_min = 17, .accepted = 1 };
	gap_rules_risk(&k, &r);
	assert_int_equal(r.n, 0);
	k = (struct gap_risk_facts){ .id = 205, .decided = 1, .value = 20, .top_min = 17, .avoid = 1 };
	gap_rules_risk(&k, &r);
	assert_int_equal(r.n, 0);
	/* Not accepted, decided, low: only the residual risk. */
	k = (struct gap_risk_facts){ .id = 206, .decided = 1, .value = 4, .top_min = 17, .reduce = 1 };
	gap_rules_risk(&k, &r);
	assert_int_equal(r.n, 1);
	assert_non_null(only(&r, GAP_RESIDUAL_NOT_ACCEPTED));
	gap_rows_free(&r);
}

static void test_gaps_measures_and_org(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	/* Planned or ongoing with a due date: a row due then. */
	struct gap_measure_facts m = { .id = 301, .unit_id = 1, .person_id = 5, .open = 1, .due_date = "2026-05-01" };
	gap_rules_measure(&m, &r);
	const struct gap_row *g = only(&r, GAP_MEASURE_OVERDUE);
	assert_non_null(g);
	assert_string_equal(g->entity, "measures");
	assert_int_equal(g->id, 301);
	assert_string_equal(g->due, "2026-05-01");
	assert_true(gap_open(g->due, "2026-06-01"));
	gap_rows_free(&r);
	/* Not yet due: the row is there, not open. */
	m.due_date = "2026-07-01";
	gap_rules_measure(&m, &r);
	assert_false(gap_open(only(&r, GAP_MEASURE_OVERDUE)->due, "2026-06-01"));
	gap_rows_free(&r);
	/* Done or cancelled; no due date; not a date: none. */
	m.open = 0;
	gap_rules_measure(&m, &r);
	m.open = 1;
	m.due_date = NULL;
	gap_rules_measure(&m, &r);
	m.due_date = "someday";
	gap_rules_measure(&m, &r);
	assert_int_equal(r.n, 0);

	/* The organisation's own: no decided analysis of the shared IT
	 * environment, of the infrastructure. */
	gap_rules_org(1, 0, &r);
	assert_int_equal(r.n, 1);
	g = only(&r, GAP_INFRASTRUCTURE_NOT_ANALYSED);
	assert_non_null(g);
	assert_string_equal(g->entity, "risk-analyses");
	assert_int_equal(g->id, 0);
	gap_rows_free(&r);
	gap_rules_org(0, 1, &r);
	assert_int_equal(r.n, 1);
	assert_non_null(only(&r, GAP_SHARED_IT_NOT_ANALYSED));
	gap_rows_free(&r);
	gap_rules_org(1, 1, &r);
	assert_int_equal(r.n, 0);
	gap_rules_org(0, 0, &r);
	assert_int_equal(r.n, 2);
	gap_rows_free(&r);
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
		cmocka_unit_test(test_localise),
		cmocka_unit_test(test_default_text),
		cmocka_unit_test(test_scales),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_method_problems_add_up),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_cadence),
		cmocka_unit_test(test_suggest_consequence),
		cmocka_unit_test(test_guess_level),
		cmocka_unit_test(test_gap_cadence),
		cmocka_unit_test(test_gaps_system_analysis),
		cmocka_unit_test(test_gaps_asset_analysis),
		cmocka_unit_test(test_gaps_risks),
		cmocka_unit_test(test_gaps_measures_and_org),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
