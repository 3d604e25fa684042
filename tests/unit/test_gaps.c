/*
 * test_gaps: the gap rules in src/core/gaps.c. Each kind must appear exactly
 * when its rule says and not otherwise; retired systems are left out of
 * every rule; the office-hours rule follows processes -> information ->
 * systems -> the systems those depend on, transitively and through cycles.
 * Also the wording of the messages (src/model/gaps.c, English msgids since
 * i18n is not initialised here) and a large input that must simply finish.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows below list the inventory fields only; the classification
 * fields (test_classify.c covers those rules) are left zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "core/gaps.h"
#include "model/gaps.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- helpers ------------------------------------------------------------ */

static size_t count_kind(const struct gap_list *l, enum gap_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->items[i].kind == k;
	return n;
}

/* The gap of kind k about record id (and, when other_id is not 0, that
 * related record), or NULL. Fails when there are two. */
static const struct gap *find(const struct gap_list *l, enum gap_kind k, long long id,
			      long long other_id)
{
	const struct gap *found = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct gap *g = &l->items[i];
		if (g->kind == k && g->id == id && (!other_id || g->other_id == other_id)) {
			if (found)
				fail_msg("two %s gaps for %lld", gap_kind_code(k), id);
			found = g;
		}
	}
	return found;
}

/* The ids of the gaps of kind k, in list order, as "1,2,3". */
static const char *ids_of(const struct gap_list *l, enum gap_kind k)
{
	static char out[512];
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].kind == k)
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%lld", n ? "," : "",
					      l->items[i].id);
	return out;
}

/* The gaps of the rules this file tests: the inventory and classification
 * kinds. The risk-analysis kinds (test_risk.c) would flag every system and
 * asset here, none of which has been analysed. */
static void inventory_gaps(const struct gap_input *in, struct gap_list *l)
{
	gaps_compute(in, l);
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].kind < GAP_SYSTEM_NOT_ANALYSED)
			l->items[n++] = l->items[i];
	l->n = n;
}

/* Gaps must come grouped by kind in enum order. */
static void assert_grouped(const struct gap_list *l)
{
	for (size_t i = 1; i < l->n; i++)
		assert_true(l->items[i - 1].kind <= l->items[i].kind);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- kinds -------------------------------------------------------------- */

static void test_empty(void **state)
{
	(void)state;
	struct gap_input in = { .today = "2025-06-15" };
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	assert_int_equal(l.n, 0);
	gap_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
	/* No date: the same. */
	struct gap_input in2 = { 0 };
	inventory_gaps(&in2, &l);
	assert_int_equal(l.n, 0);
	gap_list_free(&l);
	/* Freeing an empty list twice is harmless. */
	gap_list_free(&l);
}

static void test_kind_codes(void **state)
{
	(void)state;
	assert_string_equal(gap_kind_code(GAP_SYSTEM_NO_OWNER), "system_without_owner");
	assert_string_equal(gap_kind_code(GAP_SYSTEM_NO_ADMINISTRATOR), "system_without_administrator");
	assert_string_equal(gap_kind_code(GAP_ASSET_NO_OWNER), "asset_without_owner");
	assert_string_equal(gap_kind_code(GAP_SYSTEM_NO_INFORMATION), "system_without_information");
	assert_string_equal(gap_kind_code(GAP_CRITICAL_PROCESS_NO_SYSTEM), "critical_process_without_system");
	assert_string_equal(gap_kind_code(GAP_AGREEMENT_ENDED), "agreement_ended");
	assert_string_equal(gap_kind_code(GAP_OFFICE_HOURS_CRITICAL), "office_hours_for_critical");
	assert_string_equal(gap_kind_code(GAP_ASSET_NOT_CLASSIFIED), "asset_not_classified");
	assert_string_equal(gap_kind_code(GAP_CLASSIFICATION_OUTDATED), "classification_outdated");
	assert_string_equal(gap_kind_code(GAP_SYSTEM_NOT_CLASSIFIED), "system_not_classified");
	assert_string_equal(gap_kind_code(GAP_PROCUREMENT_NOT_CLASSIFIED), "procurement_not_classified");
	assert_string_equal(gap_kind_code(GAP_REQUIREMENT_OVERDUE), "requirement_overdue");
	assert_string_equal(gap_kind_code(GAP_ENCRYPTION_AT_REST), "encryption_at_rest_missing");
	assert_string_equal(gap_kind_code(GAP_CONTROL_UNJUSTIFIED), "control_excluded_unjustified");
	assert_string_equal(gap_kind_code(GAP_SYSTEM_NOT_ANALYSED), "system_not_analysed");
	assert_string_equal(gap_kind_code(GAP_ASSET_NOT_ANALYSED), "asset_not_analysed");
	assert_string_equal(gap_kind_code(GAP_ANALYSIS_OVERDUE), "analysis_overdue");
	assert_string_equal(gap_kind_code(GAP_RISK_NO_MEASURE), "risk_without_measure");
	assert_string_equal(gap_kind_code(GAP_MEASURE_OVERDUE), "measure_overdue");
	assert_string_equal(gap_kind_code(GAP_RESIDUAL_NOT_ACCEPTED), "residual_risk_not_accepted");
	assert_string_equal(gap_kind_code(GAP_SHARED_IT_NOT_ANALYSED), "shared_it_not_analysed");
	assert_string_equal(gap_kind_code(GAP_INFRASTRUCTURE_NOT_ANALYSED), "infrastructure_not_analysed");
	assert_null(gap_kind_code(GAP_KIND_COUNT));
	assert_int_equal(GAP_KIND_COUNT, 22);
}

static void test_system_owner_and_administrator(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 10, "Complete", 1, 2, GL_IN_USE, 0 },
		{ 11, "No owner", 0, 2, GL_PLANNED, 0 },
		{ 12, "No administrator", 1, 0, GL_RETIRING, 0 },
		{ 13, "Neither", 0, 0, GL_IN_USE, 0 },
		{ 14, "Retired, neither", 0, 0, GL_RETIRED, 0 },
	};
	static const struct gap_asset ast[] = { { 100, "Data", 1 } };
	static const struct id_link sa[] = {
		{ 10, 100 }, { 11, 100 }, { 12, 100 }, { 13, 100 }, { 14, 100 },
	};
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.system_assets = sa, .nsystem_assets = N(sa), .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	assert_string_equal(ids_of(&l, GAP_SYSTEM_NO_OWNER), "11,13");
	assert_string_equal(ids_of(&l, GAP_SYSTEM_NO_ADMINISTRATOR), "12,13");
	assert_int_equal(l.n, 4);
	assert_grouped(&l);

	const struct gap *g = &l.items[0];
	assert_int_equal(g->kind, GAP_SYSTEM_NO_OWNER);
	assert_string_equal(g->entity, "systems");
	assert_int_equal(g->id, 11);
	assert_string_equal(g->name, "No owner");
	/* Names point into the input. */
	assert_ptr_equal(g->name, sys[1].name);
	assert_null(g->other_entity);
	assert_int_equal(g->other_id, 0);
	assert_null(g->other_name);
	assert_null(g->date);
	g = &l.items[3];
	assert_int_equal(g->kind, GAP_SYSTEM_NO_ADMINISTRATOR);
	assert_int_equal(g->id, 13);
	assert_string_equal(g->name, "Neither");
	gap_list_free(&l);
}

static void test_asset_without_owner(void **state)
{
	(void)state;
	static const struct gap_asset ast[] = {
		{ 1, "Owned", 5 }, { 2, "Orphan", 0 }, { 3, "Also owned", 6 }, { 4, "Orphan too", 0 },
	};
	struct gap_input in = { .assets = ast, .nassets = N(ast), .today = "2025-06-15" };
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(ids_of(&l, GAP_ASSET_NO_OWNER), "2,4");
	assert_string_equal(l.items[0].entity, "information-assets");
	assert_string_equal(l.items[0].name, "Orphan");
	assert_string_equal(l.items[1].name, "Orphan too");
	gap_list_free(&l);
}

static void test_system_without_information(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 1, "Has data", 9, 9, GL_IN_USE, 0 },
		{ 2, "No data", 9, 9, GL_IN_USE, 0 },
		{ 3, "Planned, no data", 9, 9, GL_PLANNED, 0 },
		{ 4, "Retired, no data", 9, 9, GL_RETIRED, 0 },
		{ 5, "Links to an unknown asset", 9, 9, GL_IN_USE, 0 },
		{ 6, "Retiring, has data", 9, 9, GL_RETIRING, 0 },
	};
	static const struct gap_asset ast[] = { { 50, "Data", 9 }, { 51, "More", 9 } };
	static const struct id_link sa[] = {
		{ 1, 50 }, { 1, 51 }, { 5, 999 }, { 6, 51 },
		{ 777, 50 }, /* an unknown system: ignored */
	};
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.system_assets = sa, .nsystem_assets = N(sa), .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	/* A link to an asset that is not registered is no information. */
	assert_string_equal(ids_of(&l, GAP_SYSTEM_NO_INFORMATION), "2,3,5");
	assert_int_equal(l.n, 3);
	gap_list_free(&l);
}

static void test_critical_process_without_system(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 1, "In use", 9, 9, GL_IN_USE, 0 },
		{ 2, "Retired", 9, 9, GL_RETIRED, 0 },
		{ 3, "Planned", 9, 9, GL_PLANNED, 0 },
	};
	static const struct gap_asset ast[] = {
		{ 10, "Used by 1", 9 }, { 11, "Used by nothing", 9 }, { 12, "Used by retired", 9 },
		{ 13, "Used by planned", 9 },
	};
	static const struct gap_process proc[] = {
		{ 100, "Critical, supported", 1 },
		{ 101, "Critical, data without system", 1 },
		{ 102, "Critical, no data at all", 1 },
		{ 103, "Not critical, nothing", 0 },
		{ 104, "Critical, only a retired system", 1 },
		{ 105, "Critical, planned system", 1 },
		{ 106, "Not critical, data without system", 0 },
		{ 107, "Critical, retired and in use", 1 },
	};
	static const struct id_link sa[] = { { 1, 10 }, { 2, 12 }, { 3, 13 }, { 2, 10 } };
	static const struct id_link ap[] = {
		{ 10, 100 }, { 11, 101 }, { 12, 104 }, { 13, 105 }, { 11, 106 }, { 12, 107 }, { 10, 107 },
	};
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.processes = proc, .nprocesses = N(proc),
		.system_assets = sa, .nsystem_assets = N(sa),
		.asset_processes = ap, .nasset_processes = N(ap), .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	/* A planned system does not support a process yet (105). */
	assert_string_equal(ids_of(&l, GAP_CRITICAL_PROCESS_NO_SYSTEM), "101,102,104,105");
	const struct gap *g = find(&l, GAP_CRITICAL_PROCESS_NO_SYSTEM, 104, 0);
	assert_non_null(g);
	assert_string_equal(g->entity, "processes");
	assert_string_equal(g->name, "Critical, only a retired system");
	assert_null(g->other_entity);
	/* Nothing else: every system has owners and data, asset 11 is
	 * processed by nothing but that is no gap of its own. */
	assert_int_equal(l.n, 4);
	gap_list_free(&l);
}

static void test_agreement_ended(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 1, "In use", 9, 9, GL_IN_USE, 0 },
		{ 2, "Planned", 9, 9, GL_PLANNED, 0 },
		{ 3, "Retiring", 9, 9, GL_RETIRING, 0 },
		{ 4, "Retired", 9, 9, GL_RETIRED, 0 },
		{ 5, "Also in use", 9, 9, GL_IN_USE, 0 },
	};
	static const struct gap_asset ast[] = { { 50, "Data", 9 } };
	static const struct id_link sa[] = { { 1, 50 }, { 2, 50 }, { 3, 50 }, { 4, 50 }, { 5, 50 } };
	static const struct gap_agreement agr[] = {
		{ 20, "Ended yesterday", "2025-06-14" },
		{ 21, "Ends today", "2025-06-15" },
		{ 22, "Ends tomorrow", "2025-06-16" },
		{ 23, "No end date", NULL },
		{ 24, "Ended long ago", "2019-12-31" },
		{ 25, "Ended, covers nothing", "2020-01-01" },
	};
	static const struct id_link as[] = {
		{ 20, 1 }, { 20, 2 }, { 20, 3 }, { 20, 4 },
		{ 21, 1 }, { 22, 1 }, { 23, 1 },
		{ 24, 5 }, { 24, 1 },
		{ 26, 1 }, /* unknown agreement: ignored */
	};
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.agreements = agr, .nagreements = N(agr),
		.system_assets = sa, .nsystem_assets = N(sa),
		.agreement_systems = as, .nagreement_systems = N(as), .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	/* Only systems in use, only end dates before today; one gap per
	 * system and agreement, agreements in input order. */
	assert_int_equal(count_kind(&l, GAP_AGREEMENT_ENDED), 3);
	assert_int_equal(l.n, 3);
	const struct gap *g = &l.items[0];
	assert_int_equal(g->kind, GAP_AGREEMENT_ENDED);
	assert_string_equal(g->entity, "systems");
	assert_int_equal(g->id, 1);
	assert_string_equal(g->name, "In use");
	assert_string_equal(g->other_entity, "agreements");
	assert_int_equal(g->other_id, 20);
	assert_string_equal(g->other_name, "Ended yesterday");
	assert_string_equal(g->date, "2025-06-14");
	g = &l.items[1];
	assert_int_equal(g->id, 5);
	assert_int_equal(g->other_id, 24);
	assert_string_equal(g->date, "2019-12-31");
	g = &l.items[2];
	assert_int_equal(g->id, 1);
	assert_int_equal(g->other_id, 24);
	assert_string_equal(g->other_name, "Ended long ago");
	assert_null(find(&l, GAP_AGREEMENT_ENDED, 1, 21));
	assert_null(find(&l, GAP_AGREEMENT_ENDED, 1, 22));
	assert_null(find(&l, GAP_AGREEMENT_ENDED, 1, 23));
	gap_list_free(&l);

	/* The day after the end date it has ended; without a date nothing. */
	in.today = "2025-06-16";
	inventory_gaps(&in, &l);
	assert_non_null(find(&l, GAP_AGREEMENT_ENDED, 1, 21));
	assert_null(find(&l, GAP_AGREEMENT_ENDED, 1, 22));
	assert_int_equal(count_kind(&l, GAP_AGREEMENT_ENDED), 4);
	gap_list_free(&l);
	in.today = NULL;
	inventory_gaps(&in, &l);
	assert_int_equal(l.n, 0);
	gap_list_free(&l);
}

/* ---- office hours -------------------------------------------------------- */

/*
 * Process 1 (critical) uses asset 10, which system 1 processes.
 * 1 -> 2 -> 3 -> 1 (a cycle), 3 -> 4.  8 -> 1 (8 depends on 1: not reached).
 * 5 is office hours but unrelated. 6 is reached but 24/7. 7 is reached but
 * planned. Process 2 (not critical) uses asset 11 processed by system 9.
 * Retired system 20 processes asset 10 and depends on 21: 21 not reached.
 */
static const struct gap_system oh_sys[] = {
	{ 1, "Direct", 9, 9, GL_IN_USE, 1 },
	{ 2, "Dep of direct", 9, 9, GL_IN_USE, 1 },
	{ 3, "Dep of dep", 9, 9, GL_IN_USE, 1 },
	{ 4, "Deeper", 9, 9, GL_IN_USE, 1 },
	{ 5, "Unrelated office", 9, 9, GL_IN_USE, 1 },
	{ 6, "Reached, 24/7", 9, 9, GL_IN_USE, 0 },
	{ 7, "Reached, planned", 9, 9, GL_PLANNED, 1 },
	{ 8, "Depends on direct", 9, 9, GL_IN_USE, 1 },
	{ 9, "Non-critical only", 9, 9, GL_IN_USE, 1 },
	{ 20, "Retired", 9, 9, GL_RETIRED, 1 },
	{ 21, "Behind retired", 9, 9, GL_IN_USE, 1 },
};
static const struct gap_asset oh_ast[] = { { 10, "Care records", 9 }, { 11, "Menus", 9 } };
static const struct gap_process oh_proc[] = {
	{ 1, "Home care", 1 },
	{ 2, "School meals", 0 },
};
static const struct id_link oh_sa[] = {
	{ 1, 10 }, { 2, 10 }, { 3, 10 }, { 4, 10 }, { 5, 11 }, { 6, 10 }, { 7, 10 }, { 8, 11 },
	{ 9, 11 }, { 20, 10 }, { 21, 11 },
};
static const struct id_link oh_ap[] = { { 10, 1 }, { 11, 2 } };

static struct gap_input oh_input(const struct id_link *deps, size_t ndeps)
{
	struct gap_input in = {
		.systems = oh_sys, .nsystems = N(oh_sys), .assets = oh_ast, .nassets = N(oh_ast),
		.processes = oh_proc, .nprocesses = N(oh_proc),
		.system_assets = oh_sa, .nsystem_assets = N(oh_sa),
		.asset_processes = oh_ap, .nasset_processes = N(oh_ap),
		.system_deps = deps, .nsystem_deps = ndeps, .today = "2025-06-15",
	};
	return in;
}

static void test_office_hours_direct(void **state)
{
	(void)state;
	/* No dependencies: the systems processing the critical process's
	 * information directly. In oh_sa, 2, 3, 4, 6, 7 also process asset 10. */
	struct gap_input in = oh_input(NULL, 0);
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	assert_string_equal(ids_of(&l, GAP_OFFICE_HOURS_CRITICAL), "1,2,3,4");
	const struct gap *g = find(&l, GAP_OFFICE_HOURS_CRITICAL, 1, 0);
	assert_non_null(g);
	assert_string_equal(g->entity, "systems");
	assert_string_equal(g->name, "Direct");
	assert_string_equal(g->other_entity, "processes");
	assert_int_equal(g->other_id, 1);
	assert_string_equal(g->other_name, "Home care");
	assert_null(g->date);
	/* Nothing else at all. */
	assert_int_equal(l.n, 4);
	gap_list_free(&l);
}

static void test_office_hours_transitive(void **state)
{
	(void)state;
	/* Only system 1 processes the critical information now. */
	static const struct gap_system sys[] = {
		{ 1, "Direct", 9, 9, GL_IN_USE, 1 },
		{ 2, "Dep of direct", 9, 9, GL_IN_USE, 1 },
		{ 3, "Dep of dep", 9, 9, GL_IN_USE, 1 },
		{ 4, "Deeper", 9, 9, GL_IN_USE, 1 },
		{ 5, "Unrelated office", 9, 9, GL_IN_USE, 1 },
		{ 6, "Reached, 24/7", 9, 9, GL_IN_USE, 0 },
		{ 7, "Reached, planned", 9, 9, GL_PLANNED, 1 },
		{ 8, "Depends on direct", 9, 9, GL_IN_USE, 1 },
		{ 9, "Reached only through 6", 9, 9, GL_IN_USE, 1 },
		{ 20, "Retired", 9, 9, GL_RETIRED, 1 },
		{ 21, "Behind retired", 9, 9, GL_IN_USE, 1 },
	};
	static const struct gap_asset ast[] = { { 100, "Care records", 9 }, { 101, "Other", 9 } };
	static const struct gap_process proc[] = { { 1, "Home care", 1 } };
	static const struct id_link sa[] = {
		{ 1, 100 }, { 20, 100 },
		{ 2, 101 }, { 3, 101 }, { 4, 101 }, { 5, 101 }, { 6, 101 }, { 7, 101 }, { 8, 101 },
		{ 9, 101 }, { 21, 101 },
	};
	static const struct id_link ap[] = { { 100, 1 } };
	static const struct id_link deps[] = {
		{ 1, 2 }, { 2, 3 }, { 3, 1 }, /* a cycle */
		{ 3, 4 }, { 4, 4 },           /* and a self-loop */
		{ 2, 6 }, { 6, 9 },           /* through a 24/7 system */
		{ 1, 7 },                     /* a planned system */
		{ 8, 1 },                     /* 8 depends on 1: not the other way */
		{ 20, 21 },                   /* only a retired system depends on 21 */
		{ 1, 20 },                    /* ...and a running one on the retired one:
						 a dependency through a system that no
						 longer runs leads nowhere */
		{ 7, 21 },                    /* nor through one that does not run yet */
		{ 1, 999 },                   /* an unknown system: ignored */
	};
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.processes = proc, .nprocesses = N(proc),
		.system_assets = sa, .nsystem_assets = N(sa),
		.asset_processes = ap, .nasset_processes = N(ap),
		.system_deps = deps, .nsystem_deps = N(deps), .today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	/* Reached: 1 (direct), 2, 3, 4, 6 (not office hours), 9, 7 (not in
	 * use). Not reached: 5, 8, 21. */
	assert_string_equal(ids_of(&l, GAP_OFFICE_HOURS_CRITICAL), "1,2,3,4,9");
	for (long long id = 1; id <= 10; id++) {
		const struct gap *g = find(&l, GAP_OFFICE_HOURS_CRITICAL, id, 0);
		if (g) {
			assert_int_equal(g->other_id, 1);
			assert_string_equal(g->other_name, "Home care");
		}
	}
	assert_int_equal(l.n, 5);
	gap_list_free(&l);
}

static void test_office_hours_non_critical_and_cycles(void **state)
{
	(void)state;
	/* A dependency graph that is one big cycle, reached from a
	 * non-critical process only: nothing. */
	static const struct id_link deps[] = {
		{ 9, 5 }, { 5, 8 }, { 8, 9 }, { 9, 9 },
	};
	struct gap_input in = oh_input(deps, N(deps));
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	assert_null(find(&l, GAP_OFFICE_HOURS_CRITICAL, 5, 0));
	assert_null(find(&l, GAP_OFFICE_HOURS_CRITICAL, 8, 0));
	assert_null(find(&l, GAP_OFFICE_HOURS_CRITICAL, 9, 0));
	assert_null(find(&l, GAP_OFFICE_HOURS_CRITICAL, 21, 0));
	assert_string_equal(ids_of(&l, GAP_OFFICE_HOURS_CRITICAL), "1,2,3,4");
	gap_list_free(&l);

	/* Every system depends on every other: must terminate. */
	struct id_link all[N(oh_sys) * N(oh_sys)];
	size_t n = 0;
	for (size_t i = 0; i < N(oh_sys); i++)
		for (size_t j = 0; j < N(oh_sys); j++)
			all[n++] = (struct id_link){ oh_sys[i].id, oh_sys[j].id };
	in = oh_input(all, n);
	inventory_gaps(&in, &l);
	/* Now everything in use with office hours is reached (the retired
	 * system 20 is reached too, but is not in use). */
	assert_string_equal(ids_of(&l, GAP_OFFICE_HOURS_CRITICAL), "1,2,3,4,5,8,9,21");
	gap_list_free(&l);
}

static void test_office_hours_first_process_named(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 1, "Shared", 9, 9, GL_IN_USE, 1 },
		{ 2, "Behind shared", 9, 9, GL_IN_USE, 1 },
	};
	static const struct gap_asset ast[] = { { 10, "A", 9 }, { 11, "B", 9 } };
	static const struct gap_process proc[] = {
		{ 30, "Water supply", 1 },
		{ 31, "Home care", 1 },
	};
	static const struct id_link sa[] = { { 1, 10 }, { 1, 11 } };
	static const struct id_link ap[] = { { 11, 31 }, { 10, 30 } };
	static const struct id_link deps[] = { { 1, 2 } };
	struct gap_input in = {
		.systems = sys, .nsystems = 2, .assets = ast, .nassets = 2,
		.processes = proc, .nprocesses = 2, .system_assets = sa, .nsystem_assets = 2,
		.asset_processes = ap, .nasset_processes = 2, .system_deps = deps, .nsystem_deps = 1,
		.today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	/* One gap per system even when two processes reach it; the first
	 * process in input order is named. */
	assert_int_equal(count_kind(&l, GAP_OFFICE_HOURS_CRITICAL), 2);
	assert_int_equal(find(&l, GAP_OFFICE_HOURS_CRITICAL, 1, 0)->other_id, 30);
	assert_int_equal(find(&l, GAP_OFFICE_HOURS_CRITICAL, 2, 0)->other_id, 30);
	assert_string_equal(find(&l, GAP_OFFICE_HOURS_CRITICAL, 2, 0)->other_name, "Water supply");
	gap_list_free(&l);
}

/* Every kind at once: grouped in enum order, records in input order. */
static void test_all_kinds_grouped(void **state)
{
	(void)state;
	static const struct gap_system sys[] = {
		{ 3, "C", 0, 0, GL_IN_USE, 1 },
		{ 1, "A", 0, 9, GL_IN_USE, 0 },
		{ 2, "B", 9, 0, GL_RETIRED, 1 },
	};
	static const struct gap_asset ast[] = { { 7, "X", 0 }, { 6, "Y", 9 } };
	static const struct gap_process proc[] = { { 5, "P", 1 }, { 4, "Q", 1 } };
	static const struct gap_agreement agr[] = { { 8, "Old", "2001-01-01" } };
	static const struct id_link sa[] = { { 3, 6 } };
	static const struct id_link ap[] = { { 6, 4 } };
	static const struct id_link as[] = { { 8, 3 }, { 8, 1 }, { 8, 2 } };
	struct gap_input in = {
		.systems = sys, .nsystems = N(sys), .assets = ast, .nassets = N(ast),
		.processes = proc, .nprocesses = N(proc), .agreements = agr, .nagreements = N(agr),
		.system_assets = sa, .nsystem_assets = N(sa), .asset_processes = ap,
		.nasset_processes = N(ap), .agreement_systems = as, .nagreement_systems = N(as),
		.today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	static const struct {
		enum gap_kind k;
		long long id;
	} want[] = {
		{ GAP_SYSTEM_NO_OWNER, 3 }, { GAP_SYSTEM_NO_OWNER, 1 },
		{ GAP_SYSTEM_NO_ADMINISTRATOR, 3 },
		{ GAP_ASSET_NO_OWNER, 7 },
		{ GAP_SYSTEM_NO_INFORMATION, 1 },
		{ GAP_CRITICAL_PROCESS_NO_SYSTEM, 5 },
		{ GAP_AGREEMENT_ENDED, 3 }, { GAP_AGREEMENT_ENDED, 1 },
		{ GAP_OFFICE_HOURS_CRITICAL, 3 },
	};
	assert_int_equal(l.n, N(want));
	for (size_t i = 0; i < N(want); i++) {
		assert_int_equal(l.items[i].kind, want[i].k);
		assert_int_equal(l.items[i].id, want[i].id);
	}
	/* Appending to a list that already holds gaps keeps them. */
	inventory_gaps(&in, &l);
	assert_int_equal(l.n, 2 * N(want));
	assert_int_equal(l.items[N(want)].kind, GAP_SYSTEM_NO_OWNER);
	gap_list_free(&l);
}

/* ---- messages (model/gaps.c) ----------------------------------------------- */

static void test_messages(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct gap g = { .kind = GAP_SYSTEM_NO_OWNER, .entity = "systems", .id = 4, .name = "Procapita" };
	assert_string_equal(gaps_message(a, LANG_EN, &g), "The system \"Procapita\" has no system owner.");
	g.kind = GAP_SYSTEM_NO_ADMINISTRATOR;
	assert_string_equal(gaps_message(a, LANG_EN, &g), "The system \"Procapita\" has no system administrator.");
	g.kind = GAP_SYSTEM_NO_INFORMATION;
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The system \"Procapita\" processes no registered information asset.");
	g.kind = GAP_ASSET_NO_OWNER;
	g.name = "Journal";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The information asset \"Journal\" has no information owner.");
	g.kind = GAP_CRITICAL_PROCESS_NO_SYSTEM;
	g.name = "Water";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The essential process \"Water\" is supported by no registered system.");
	g = (struct gap){ .kind = GAP_AGREEMENT_ENDED, .entity = "systems", .id = 4, .name = "Procapita",
			  .other_entity = "agreements", .other_id = 2, .other_name = "Support", .date = "2024-12-31" };
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The agreement \"Support\" ended on 2024-12-31, but the system \"Procapita\" is still in use.");
	struct jval *j = gaps_json(a, LANG_EN, &g);
	assert_string_equal(jv_get_str(j, "kind"), "agreement_ended");
	assert_string_equal(jv_get_str(j, "entity"), "systems");
	assert_int_equal(jv_get_int(j, "id", 0), 4);
	assert_string_equal(jv_get_str(jv_get(j, "related"), "entity"), "agreements");
	assert_int_equal(jv_get_int(jv_get(j, "related"), "id", 0), 2);
	g = (struct gap){ .kind = GAP_OFFICE_HOURS_CRITICAL, .entity = "systems", .id = 4, .name = "AD",
			  .other_entity = "processes", .other_id = 3, .other_name = "Home care" };
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The system \"AD\" has support during office hours only, but the essential process \"Home care\" depends on it.");
	g = (struct gap){ .kind = GAP_ASSET_NO_OWNER, .entity = "information-assets", .id = 9, .name = "X" };
	j = gaps_json(a, LANG_EN, &g);
	assert_null(jv_get(j, "related"));
	assert_string_equal(gaps_kind_label(LANG_EN, GAP_SYSTEM_NO_OWNER), "Systems without a system owner");
	assert_string_equal(gaps_kind_label(LANG_EN, GAP_KIND_COUNT), "");
	arena_free(a);
}

/* ---- a large municipality ------------------------------------------------- */

static void test_large(void **state)
{
	(void)state;
	enum { NS = 20000, NA = 40000, NP = 4000, NG = 2000 };
	struct gap_system *sys = calloc(NS, sizeof *sys);
	struct gap_asset *ast = calloc(NA, sizeof *ast);
	struct gap_process *proc = calloc(NP, sizeof *proc);
	struct gap_agreement *agr = calloc(NG, sizeof *agr);
	struct id_link *sa = calloc(NA, sizeof *sa);
	struct id_link *ap = calloc(NA, sizeof *ap);
	struct id_link *deps = calloc(NS, sizeof *deps);
	struct id_link *as = calloc(NG * 5, sizeof *as);
	assert_non_null(sys);
	assert_non_null(as);
	char (*names)[24] = calloc(NS, sizeof *names);
	size_t want[GAP_KIND_COUNT] = { 0 };

	/* Ids in reverse order of position, to exercise the id maps. */
	for (long long i = 0; i < NS; i++) {
		struct gap_system *s = &sys[i];
		s->id = 1000000 - i;
		snprintf(names[i], sizeof names[i], "S%lld", i);
		s->name = names[i];
		s->owner_id = i % 2 ? 1 : 0;
		s->administrator_id = i % 3 ? 1 : 0;
		s->lifecycle = i % 10 == 9 ? GL_RETIRED : GL_IN_USE;
		s->office_hours = 1;
		if (s->lifecycle != GL_RETIRED) {
			want[GAP_SYSTEM_NO_OWNER] += !s->owner_id;
			want[GAP_SYSTEM_NO_ADMINISTRATOR] += !s->administrator_id;
		}
		/* One long chain: system i depends on the next running
		 * system (i + 1, or i + 2 past a retired one: a dependency
		 * through a retired system leads nowhere); the last closes the
		 * cycle back to the first. */
		long long next = (i + 1) % 10 == 9 ? i + 2 : i + 1;
		deps[i] = (struct id_link){ s->id, 1000000 - next % NS };
	}
	/* Asset k (k < NS) is processed by system k; the rest by nothing. */
	size_t nsa = 0;
	for (long long k = 0; k < NA; k++) {
		ast[k].id = k + 1;
		ast[k].name = "Asset";
		ast[k].owner_id = k % 4 ? 1 : 0;
		want[GAP_ASSET_NO_OWNER] += !ast[k].owner_id;
		if (k < NS && k % 5 != 4)
			sa[nsa++] = (struct id_link){ sys[k].id, ast[k].id };
	}
	for (long long i = 0; i < NS; i++)
		if (sys[i].lifecycle != GL_RETIRED && i % 5 == 4)
			want[GAP_SYSTEM_NO_INFORMATION]++;
	/* Process p uses asset NS + p (processed by nothing), so every
	 * critical process lacks a system, except process 0, which uses
	 * asset 0 (system 0, the head of the chain). */
	size_t nap = 0;
	for (long long p = 0; p < NP; p++) {
		proc[p].id = p + 1;
		proc[p].name = "Process";
		proc[p].critical = p % 2 == 0;
		ap[nap++] = (struct id_link){ p == 0 ? ast[0].id : ast[NS + p].id, proc[p].id };
		if (proc[p].critical && p != 0)
			want[GAP_CRITICAL_PROCESS_NO_SYSTEM]++;
	}
	/* Agreements: half ended, each covering five systems. */
	size_t nas = 0;
	for (long long g = 0; g < NG; g++) {
		agr[g].id = g + 1;
		agr[g].name = "Agreement";
		agr[g].end_date = g % 2 ? "2020-01-01" : "2030-01-01";
		for (int k = 0; k < 5; k++) {
			long long i = g * 5 + k;
			as[nas++] = (struct id_link){ agr[g].id, sys[i].id };
			if (g % 2 && sys[i].lifecycle == GL_IN_USE)
				want[GAP_AGREEMENT_ENDED]++;
		}
	}
	/* The chain reaches every running system. */
	for (long long i = 0; i < NS; i++)
		want[GAP_OFFICE_HOURS_CRITICAL] += sys[i].lifecycle == GL_IN_USE;

	struct gap_input in = {
		.systems = sys, .nsystems = NS, .assets = ast, .nassets = NA,
		.processes = proc, .nprocesses = NP, .agreements = agr, .nagreements = NG,
		.system_assets = sa, .nsystem_assets = nsa, .asset_processes = ap, .nasset_processes = nap,
		.system_deps = deps, .nsystem_deps = NS, .agreement_systems = as, .nagreement_systems = nas,
		.today = "2025-06-15",
	};
	struct gap_list l = { 0 };
	inventory_gaps(&in, &l);
	size_t total = 0;
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		assert_int_equal(count_kind(&l, (enum gap_kind)k), want[k]);
		total += want[k];
	}
	assert_int_equal(l.n, total);
	assert_int_equal(want[GAP_SYSTEM_NO_OWNER], 10000);
	assert_int_equal(want[GAP_OFFICE_HOURS_CRITICAL], 18000);
	assert_int_equal(want[GAP_CRITICAL_PROCESS_NO_SYSTEM], 1999);
	assert_grouped(&l);
	/* The chain's far end is named after process 1. */
	const struct gap *g = find(&l, GAP_OFFICE_HOURS_CRITICAL, sys[NS - 2].id, 0);
	assert_non_null(g);
	assert_int_equal(g->other_id, 1);
	gap_list_free(&l);

	free(sys);
	free(ast);
	free(proc);
	free(agr);
	free(sa);
	free(ap);
	free(deps);
	free(as);
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_kind_codes),
		cmocka_unit_test(test_system_owner_and_administrator),
		cmocka_unit_test(test_asset_without_owner),
		cmocka_unit_test(test_system_without_information),
		cmocka_unit_test(test_critical_process_without_system),
		cmocka_unit_test(test_agreement_ended),
		cmocka_unit_test(test_office_hours_direct),
		cmocka_unit_test(test_office_hours_transitive),
		cmocka_unit_test(test_office_hours_non_critical_and_cycles),
		cmocka_unit_test(test_office_hours_first_process_named),
		cmocka_unit_test(test_all_kinds_grouped),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
