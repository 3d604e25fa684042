/*
 * test_riskview: the risk picture and the one action plan in
 * src/core/riskview.c — which analyses are current, a unit with the units
 * below it, the heat map counts, risks per quarter by band, and the action
 * plan's content and order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/riskview.h"

/* Units: 1 Soc > 2 Hemtjänst > 3 Natt; 4 Teknik. */
static const struct gap_unit units[] = {
	{ 2, "Hemtjänst", 1 }, { 3, "Natt", 2 }, { 1, "Soc", 0 }, { 4, "Teknik", 0 },
};

/* Analyses: fields id, name, scope, system_id, decided, date, analysed_on, subject, unit_id. */
static const struct gap_analysis analyses[] = {
	{ 10, "RA A 2024", GS_SYSTEM, 100, 1, "2024-02-01", "2024-02-01", 100, 3 },
	{ 11, "RA A 2026", GS_SYSTEM, 100, 0, "2026-08-01", "2026-08-01", 100, 3 },
	{ 12, "RA B", GS_SYSTEM, 101, 1, "2026-05-05", "2026-05-05", 101, 4 },
	{ 13, "RA IT 1", GS_SHARED_IT, 0, 1, "2026-05-01", "2026-05-01", 0, 0 },
	{ 14, "RA IT 2", GS_SHARED_IT, 0, 1, "2026-05-01", "2026-05-01", 0, 0 }, /* same day, later number */
	{ 15, "RA proc", GS_PROCESS, 0, 1, "2025-11-30", "2025-11-30", 7, 1 },
};

static const struct gap_method methods[] = { { 1, 17, 5, 5 }, { 2, 5, 3, 3 } };

/* Risks: id, name, analysis, method, value, reduce, avoid, accepted, l, c, band. */
static const struct gap_risk risks[] = {
	{ 200, "R old", 10, 1, 25, 1, 0, 0, 5, 5, "Kritisk" },
	{ 201, "R A1", 11, 1, 20, 1, 0, 0, 4, 5, "Kritisk" },
	{ 202, "R B", 12, 1, 15, 1, 0, 0, 3, 5, "Hög" },
	{ 203, "R IT old", 13, 1, 12, 1, 0, 0, 3, 4, "Hög" },
	{ 204, "R IT", 14, 2, 6, 1, 0, 0, 2, 3, "Medel" }, /* a 3 x 3 method */
	{ 205, "R A2", 11, 1, 4, 1, 0, 0, 2, 2, "Låg" },
	{ 206, "R proc", 15, 1, 3, 1, 0, 0, 1, 3, "Låg" },
};

static struct gap_input input(void)
{
	struct gap_input in = {
		.analyses = analyses, .nanalyses = 6, .risks = risks, .nrisks = 7, .methods = methods, .nmethods = 2,
		.units = units, .nunits = 4, .today = "2026-06-01",
	};
	return in;
}

static void test_current(void **state)
{
	(void)state;
	struct gap_input in = input();
	char cur[6];
	riskview_current(&in, cur);
	const char want[6] = { 0, 1, 1, 0, 1, 1 };
	assert_memory_equal(cur, want, 6);
}

static void test_units(void **state)
{
	(void)state;
	struct gap_input in = input();
	struct idmap m;
	IDMAP(m, in.units, in.nunits);
	assert_true(riskview_unit_within(&in, &m, 3, 1));
	assert_true(riskview_unit_within(&in, &m, 3, 3));
	assert_false(riskview_unit_within(&in, &m, 1, 3));
	assert_false(riskview_unit_within(&in, &m, 4, 1));
	assert_false(riskview_unit_within(&in, &m, 0, 1));
	assert_true(riskview_unit_within(&in, &m, 0, 0));
	idmap_free(&m);
}

static void test_heat(void **state)
{
	(void)state;
	struct gap_input in = input();
	char sel[7];
	assert_int_equal(riskview_select(&in, 0, sel), 5);
	const char want[7] = { 0, 1, 1, 0, 1, 1, 1 };
	assert_memory_equal(sel, want, 7);
	struct riskview_heat h;
	riskview_heat(&in, sel, 5, 5, &h);
	assert_int_equal(h.total, 5);
	assert_int_equal(h.other, 1); /* the 3 x 3 risk */
	assert_int_equal(h.n[3][4], 1);
	assert_int_equal(h.n[2][4], 1);
	assert_int_equal(h.n[1][1], 1);
	assert_int_equal(h.n[0][2], 1);
	assert_int_equal(h.n[4][4], 0); /* superseded */

	/* Soc: its process, and system A through Hemtjänst > Natt. */
	assert_int_equal(riskview_select(&in, 1, sel), 3);
	const char soc[7] = { 0, 1, 0, 0, 0, 1, 1 };
	assert_memory_equal(sel, soc, 7);
}

static void test_quarters(void **state)
{
	(void)state;
	struct gap_input in = input();
	const char *const names[] = { "Låg", "Medel", "Hög", "Kritisk" };
	struct riskview_quarter q[10];
	size_t n = riskview_quarters(&in, 0, names, 4, q, 10);
	assert_int_equal(n, 4);
	assert_string_equal(q[0].label, "2026 Q3");
	assert_string_equal(q[1].label, "2026 Q2");
	assert_string_equal(q[2].label, "2025 Q4");
	assert_string_equal(q[3].label, "2024 Q1");
	assert_int_equal(q[0].n[0], 1); /* R A2 */
	assert_int_equal(q[0].n[3], 1); /* R A1 */
	assert_int_equal(q[0].total, 2);
	assert_int_equal(q[1].n[1], 1); /* R IT */
	assert_int_equal(q[1].n[2], 2); /* R B, R IT old */
	assert_int_equal(q[1].total, 3);
	/* A band name the current method does not have. */
	const char *const other[] = { "Låg" };
	n = riskview_quarters(&in, 0, other, 1, q, 2);
	assert_int_equal(n, 2);
	assert_int_equal(q[1].other, 3);
	/* Per unit: Teknik has B's quarter only. */
	n = riskview_quarters(&in, 4, names, 4, q, 10);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].total, 1);
}

static void test_action_plan(void **state)
{
	(void)state;
	struct gap_input in = input();
	static const struct gap_system systems[] = {
		{ 100, "A", 0, 0, GL_IN_USE, 0, { { 0 } }, NULL },
		{ 101, "B", 0, 0, GL_RETIRED, 0, { { 0 } }, NULL },
	};
	static const struct gap_requirement reqs[] = { { 50, "ACC-01", 0, 1, 1, { 0 }, { 0 }, { 0 } } };
	/* system, requirement, code, active, assessment, due, responsible, id */
	static const struct gap_plan_item items[] = {
		{ 100, 50, "ACC-01", 1, GA_NOT_FULFILLED, "2026-03-01", 8, 1 },
		{ 100, 50, "ACC-01", 1, GA_FULFILLED, "2026-01-01", 8, 2 },      /* done */
		{ 101, 50, "ACC-01", 1, GA_NOT_FULFILLED, "2026-01-01", 8, 3 },  /* retired system */
		{ 100, 51, "OLD-01", 0, GA_NOT_FULFILLED, "2026-01-01", 8, 4 },  /* retired requirement */
		{ 100, 50, "ACC-01", 1, GA_PARTLY, NULL, 0, 5 },
		{ 100, 50, "ACC-01", 1, GA_NOT_FULFILLED, "2026-09-01", 9, 6 },
	};
	/* id, name, risk, open, counts, due, in progress, owner */
	static const struct gap_measure measures[] = {
		{ 300, "M late", 201, 1, 1, "2026-03-01", 1, 9 },
		{ 301, "M done", 201, 0, 1, "2025-01-01", 0, 9 },
		{ 302, "M none", 202, 1, 1, NULL, 0, 0 },
		{ 303, "M early", 202, 1, 1, "2025-12-24", 0, 8 },
	};
	static const struct gap_person people[] = { { 8, "Åsa" }, { 9, "Bo" }, { 10, "Ingen" } };
	in.systems = systems, in.nsystems = 2, in.requirements = reqs, in.nrequirements = 1;
	in.plan_items = items, in.nplan_items = 6, in.measures = measures, in.nmeasures = 4;
	in.people = people, in.npeople = 3;
	struct action_plan p;
	action_plan_compute(&in, &p);
	assert_int_equal(p.n, 6);
	/* By due date; on the same day measures first; without a date last. */
	const struct { uint8_t kind; long long id; } want[] = {
		{ AP_MEASURE, 303 }, { AP_MEASURE, 300 }, { AP_REQUIREMENT, 1 }, { AP_REQUIREMENT, 6 },
		{ AP_MEASURE, 302 }, { AP_REQUIREMENT, 5 },
	};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(p.v[i].kind, want[i].kind);
		long long id = p.v[i].kind == AP_MEASURE ? in.measures[p.v[i].at].id : in.plan_items[p.v[i].at].id;
		assert_int_equal(id, want[i].id);
	}
	assert_int_equal(p.count[AP_MEASURE], 3);
	assert_int_equal(p.count[AP_REQUIREMENT], 3);
	assert_int_equal(p.overdue[AP_MEASURE], 2);
	assert_int_equal(p.overdue[AP_REQUIREMENT], 1);
	assert_int_equal(in.risks[p.v[1].of].id, 201);
	assert_string_equal(in.systems[p.v[2].of].name, "A");
	assert_string_equal(in.requirements[p.v[2].req].code, "ACC-01");
	assert_int_equal(riskview_person(&in, 10), 2);
	assert_int_equal(riskview_person(&in, 11), AP_NONE);
	action_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_heat),
		cmocka_unit_test(test_quarters),
		cmocka_unit_test(test_action_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
