/*
 * test_gaps: the gap rules in src/core/gaps.c, one record at a time. Each
 * kind must appear exactly when its rule says and not otherwise; retired
 * systems are left out of every rule; a gap that depends on the date
 * carries a due date and is open only once today is past it (gap_open);
 * every row names the unit and the person expected to act as gaps.h
 * says. The classification rules are tested in test_classify.c and the
 * risk-analysis rules and cadence in test_risk.c; this file holds the
 * inventory rules, the small codes, who acts, the wording of the messages
 * (src/model/gaps.c, English msgids since i18n is not initialised here)
 * and many records' rules into one list.
 *
 * Which records a rule is handed (a link to an unknown asset, the
 * dependency graph behind the office-hours rule, the lowest-numbered
 * essential process) is the store's part now: test_store.c checks it
 * through the kept rows, test_derived.c holds them equal to a rebuild.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/document.h"
#include "core/gaps.h"
#include "model/gaps.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/json.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET

#define TODAY "2025-06-15"
/* rows_text(): every row, open or not. */
#define ALL NULL

/* ---- helpers ------------------------------------------------------------ */

/* The rows as "kind[ other-entity:id][ due]", joined by ", ": every row
 * (today ALL) or only those open on today. Asserting the whole text says
 * which rows there are, in which order, and nothing else. */
static const char *rows_text(const struct gap_rows *r, const char *today)
{
	static char out[4096];
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct gap_row *g = &r->v[i];
		if (today && !gap_open(g->due, today))
			continue;
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? ", " : "", gap_kind_code(g->kind));
		if (g->other_entity && n < sizeof out)
			n += (size_t)snprintf(out + n, sizeof out - n, " %s:%lld", g->other_entity, g->other_id);
		if (g->due[0] && n < sizeof out)
			n += (size_t)snprintf(out + n, sizeof out - n, " %s", g->due);
		assert_true(n < sizeof out);
	}
	return out;
}

static size_t count_kind(const struct gap_rows *r, enum gap_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].kind == k;
	return n;
}

/* The one row of kind k, or NULL. Fails when there are two. */
static const struct gap_row *find(const struct gap_rows *r, enum gap_kind k)
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

static const struct gap_settings settings = { .review_months = 12, .encryption_requirement_id = 100 };

/* Information at level 1 on every aspect: classified, low. */
static const struct asset_levels low_info[] = { { 50, { { 1, 1, 1, 1 } } } };

/* A system in use with nothing missing: owner, administrator, classified
 * information, analysed in January (36 months at level 1: next due
 * 2028-01-10, a row that is not open yet). */
static struct gap_system_facts complete_system(void)
{
	return (struct gap_system_facts){
		.id = 10, .unit_id = 3, .owner_id = 7, .administrator_id = 8, .lifecycle = GL_IN_USE,
		.assets = low_info, .nassets = 1, .decision = L(U, U, U, U), .last_analysis = "2025-01-10",
	};
}

/* The rules of one system into r, emptied first. */
static void system_rows(const struct gap_system_facts *f, struct gap_rows *r)
{
	struct gap_system_state st;
	struct gap_cadence cad;
	gap_rows_free(r);
	gap_rules_system(&settings, f, &st, &cad, r);
}

/* ---- codes -------------------------------------------------------------- */

static void test_kind_codes(void **state)
{
	(void)state;
	static const struct {
		enum gap_kind k;
		const char *code, *entity;
	} want[] = {
		{ GAP_SYSTEM_NO_OWNER, "system_without_owner", "systems" },
		{ GAP_SYSTEM_NO_ADMINISTRATOR, "system_without_administrator", "systems" },
		{ GAP_ASSET_NO_OWNER, "asset_without_owner", "information-assets" },
		{ GAP_SYSTEM_NO_INFORMATION, "system_without_information", "systems" },
		{ GAP_CRITICAL_PROCESS_NO_SYSTEM, "critical_process_without_system", "processes" },
		{ GAP_AGREEMENT_ENDED, "agreement_ended", "systems" },
		{ GAP_OFFICE_HOURS_CRITICAL, "office_hours_for_critical", "systems" },
		{ GAP_ASSET_NOT_CLASSIFIED, "asset_not_classified", "information-assets" },
		{ GAP_CLASSIFICATION_OUTDATED, "classification_outdated", "information-assets" },
		{ GAP_SYSTEM_NOT_CLASSIFIED, "system_not_classified", "systems" },
		{ GAP_PROCUREMENT_NOT_CLASSIFIED, "procurement_not_classified", "systems" },
		{ GAP_REQUIREMENT_OVERDUE, "requirement_overdue", "systems" },
		{ GAP_ENCRYPTION_AT_REST, "encryption_at_rest_missing", "systems" },
		{ GAP_CONTROL_UNJUSTIFIED, "control_excluded_unjustified", "soa-entries" },
		{ GAP_SYSTEM_NOT_ANALYSED, "system_not_analysed", "systems" },
		{ GAP_ASSET_NOT_ANALYSED, "asset_not_analysed", "information-assets" },
		/* About systems and assets alike: "systems" (gaps.h). */
		{ GAP_ANALYSIS_OVERDUE, "analysis_overdue", "systems" },
		{ GAP_RISK_NO_MEASURE, "risk_without_measure", "risks" },
		{ GAP_MEASURE_OVERDUE, "measure_overdue", "measures" },
		{ GAP_RESIDUAL_NOT_ACCEPTED, "residual_risk_not_accepted", "risks" },
		{ GAP_SHARED_IT_NOT_ANALYSED, "shared_it_not_analysed", "risk-analyses" },
		{ GAP_INFRASTRUCTURE_NOT_ANALYSED, "infrastructure_not_analysed", "risk-analyses" },
		{ GAP_INCIDENT_REPORT_OVERDUE, "incident_report_overdue", "incidents" },
		{ GAP_INCIDENT_NO_FOLLOW_UP, "incident_without_follow_up", "incidents" },
		{ GAP_PROCESS_NO_MTD, "process_without_mtd", "processes" },
		{ GAP_RTO_EXCEEDS_MTD, "rto_exceeds_mtd", "systems" },
		{ GAP_PLAN_NOT_EXERCISED, "plan_not_exercised", "continuity-plans" },
		{ GAP_PLAN_REVIEW_OVERDUE, "plan_review_overdue", "continuity-plans" },
		{ GAP_FINDING_NO_MEASURE, "exercise_finding_without_measure", "exercise-findings" },
		{ GAP_ELECTED_UNTRAINED, "elected_official_untrained", "people" },
		{ GAP_STAFF_UNTRAINED, "staff_untrained", "people" },
		{ GAP_OWNER_UNTRAINED, "owner_untrained", "people" },
		{ GAP_CONTROL_NOT_PERFORMED, "control_not_performed", "control-points" },
		{ GAP_DOCUMENT_REVIEW_OVERDUE, "document_review_overdue", "governing-documents" },
		{ GAP_REQUIRED_DOCUMENT_MISSING, "required_document_missing", "required-documents" },
		{ GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY, "document_not_adopted_for_company", "governing-documents" },
		{ GAP_ACCESS_REVIEW_OVERDUE, "access_review_overdue", "systems" },
		{ GAP_ORG_REQUIREMENT_OVERDUE, "org_requirement_overdue", "organisation-assessments" },
	};
	/* Kinds are stored as numbers: a new one goes at the end, so the
	 * table above must list every kind, in enum order. */
	assert_int_equal(GAP_KIND_COUNT, 38);
	assert_int_equal(N(want), GAP_KIND_COUNT);
	for (size_t i = 0; i < N(want); i++) {
		assert_int_equal(want[i].k, (enum gap_kind)i);
		assert_string_equal(gap_kind_code(want[i].k), want[i].code);
		assert_int_equal(gap_kind_from_code(want[i].code), want[i].k);
		assert_string_equal(gap_kind_entity(want[i].k), want[i].entity);
	}
	assert_null(gap_kind_code(GAP_KIND_COUNT));
	assert_null(gap_kind_entity(GAP_KIND_COUNT));
	assert_int_equal(gap_kind_from_code("no_such_gap"), -1);
	assert_int_equal(gap_kind_from_code(""), -1);
	assert_int_equal(gap_kind_from_code(NULL), -1);
	/* Exact, not a prefix or another case. */
	assert_int_equal(gap_kind_from_code("system_without_owne"), -1);
	assert_int_equal(gap_kind_from_code("SYSTEM_WITHOUT_OWNER"), -1);
}

static void test_small_codes(void **state)
{
	(void)state;
	/* Lifecycle as stored; NULL or unknown: in use. */
	assert_int_equal(gap_lifecycle_from_code("planned"), GL_PLANNED);
	assert_int_equal(gap_lifecycle_from_code("in_use"), GL_IN_USE);
	assert_int_equal(gap_lifecycle_from_code("retiring"), GL_RETIRING);
	assert_int_equal(gap_lifecycle_from_code("retired"), GL_RETIRED);
	assert_int_equal(gap_lifecycle_from_code(NULL), GL_IN_USE);
	assert_int_equal(gap_lifecycle_from_code("scrapped"), GL_IN_USE);
	/* Running: in use, or in use while being retired. */
	assert_false(gap_lifecycle_running(GL_PLANNED));
	assert_true(gap_lifecycle_running(GL_IN_USE));
	assert_true(gap_lifecycle_running(GL_RETIRING));
	assert_false(gap_lifecycle_running(GL_RETIRED));

	assert_int_equal(gap_assessment_from_code("fulfilled"), GA_FULFILLED);
	assert_int_equal(gap_assessment_from_code("partly"), GA_PARTLY);
	assert_int_equal(gap_assessment_from_code("not_applicable"), GA_NOT_APPLICABLE);
	assert_int_equal(gap_assessment_from_code("not_fulfilled"), GA_NOT_FULFILLED);
	assert_int_equal(gap_assessment_from_code(NULL), GA_NOT_FULFILLED);
	assert_int_equal(gap_assessment_from_code("Fulfilled"), GA_NOT_FULFILLED);

	for (int k = GT_CLASSIFICATION_RAISED; k <= GT_OTHER; k++)
		assert_int_equal(gap_trigger_from_code(gap_trigger_code((enum gap_trigger_kind)k)), k);
	assert_string_equal(gap_trigger_code(GT_SIGNIFICANT_CHANGE), "significant_change");
	assert_string_equal(gap_trigger_code(GT_SERIOUS_INCIDENT), "serious_incident");
	assert_string_equal(gap_trigger_code(GT_CLASSIFICATION_RAISED), "classification_raised");
	assert_string_equal(gap_trigger_code(GT_OTHER), "other");
	assert_null(gap_trigger_code(GT_NONE));
	/* Whatever else was stored is still a reason to analyse again. */
	assert_int_equal(gap_trigger_from_code("new_supplier"), GT_OTHER);
	assert_int_equal(gap_trigger_from_code(NULL), GT_OTHER);
}

static void test_gap_open(void **state)
{
	(void)state;
	/* No due date: open now, whatever the day. */
	assert_true(gap_open(NULL, TODAY));
	assert_true(gap_open("", TODAY));
	assert_true(gap_open("", NULL));
	/* A due date: open once today is past it, not on the day. */
	assert_true(gap_open("2025-06-14", TODAY));
	assert_false(gap_open("2025-06-15", TODAY));
	assert_false(gap_open("2025-06-16", TODAY));
	assert_true(gap_open("2025-06-15", "2025-06-16"));
	assert_true(gap_open("2019-12-31", TODAY));
	/* Not knowing the day, a dated gap is not open. */
	assert_false(gap_open("2019-12-31", NULL));

	/* An action-plan item: open, dated, before today. */
	assert_true(gap_item_overdue(GA_NOT_FULFILLED, "2025-06-14", TODAY));
	assert_true(gap_item_overdue(GA_PARTLY, "2025-06-14", TODAY));
	assert_false(gap_item_overdue(GA_FULFILLED, "2025-06-14", TODAY));
	assert_false(gap_item_overdue(GA_NOT_APPLICABLE, "2025-06-14", TODAY));
	assert_false(gap_item_overdue(GA_NOT_FULFILLED, "2025-06-15", TODAY));
	assert_false(gap_item_overdue(GA_NOT_FULFILLED, NULL, TODAY));
	assert_false(gap_item_overdue(GA_NOT_FULFILLED, "2025-06-14", NULL));
}

static void test_rows(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	gap_rows_free(&r);
	assert_null(r.v);
	/* The organisation's own gaps, appended twice: appending keeps what
	 * is there. */
	gap_rules_org(0, 0, &r);
	gap_rules_org(0, 1, &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(rows_text(&r, ALL), "shared_it_not_analysed, infrastructure_not_analysed, shared_it_not_analysed");
	gap_rows_free(&r);
	assert_null(r.v);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.cap, 0);
	/* Freeing twice is harmless. */
	gap_rows_free(&r);
	/* Nothing missing: nothing appended, nothing allocated. */
	struct gap_system_facts f = complete_system();
	struct gap_system_state st;
	struct gap_cadence cad;
	f.last_analysis = NULL;
	f.lifecycle = GL_PLANNED;
	gap_rules_system(&settings, &f, &st, &cad, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

/* ---- inventory ----------------------------------------------------------- */

static void test_complete_system(void **state)
{
	(void)state;
	struct gap_system_facts f = complete_system();
	struct gap_system_state st;
	struct gap_cadence cad;
	struct gap_rows r = { 0 };
	gap_rules_system(&settings, &f, &st, &cad, &r);
	/* Only the next analysis, due in 2028. */
	assert_string_equal(rows_text(&r, TODAY), "");
	assert_string_equal(rows_text(&r, ALL), "analysis_overdue 2028-01-10");
	assert_true(st.running);
	assert_false(st.retired);
	assert_true(st.classified);
	assert_int_equal(st.effective.v[ASPECT_K], 1);
	assert_string_equal(cad.last, "2025-01-10");
	assert_string_equal(cad.due, "2028-01-10");
	gap_rows_free(&r);
}

static void test_system_owner_and_administrator(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();

	/* Planned, no owner: the rule holds before it runs. */
	f.lifecycle = GL_PLANNED;
	f.owner_id = 0;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, ALL), "system_without_owner");
	const struct gap_row *g = &r.v[0];
	assert_string_equal(g->entity, "systems");
	assert_int_equal(g->id, 10);
	assert_null(g->other_entity);
	assert_int_equal(g->other_id, 0);
	assert_string_equal(g->due, "");

	/* Being retired, no administrator. */
	f = complete_system();
	f.lifecycle = GL_RETIRING;
	f.administrator_id = 0;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "system_without_administrator");

	/* In use, neither. */
	f.lifecycle = GL_IN_USE;
	f.owner_id = 0;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "system_without_owner, system_without_administrator");

	/* Retired, neither: left out of every rule. */
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_system_without_information(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	f.assets = NULL;
	f.nassets = 0;
	/* No information: nothing classified either. */
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "system_without_information, system_not_classified");
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "system_without_information, procurement_not_classified");
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_int_equal(r.n, 0);
	/* Being retired, with information. */
	f = complete_system();
	f.lifecycle = GL_RETIRING;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "");
	/* Information never classified is information all the same. */
	static const struct asset_levels unclassified[] = { { 51, { { U, U, U, U } } } };
	f = complete_system();
	f.assets = unclassified;
	f.nassets = 1;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "system_not_classified");
	gap_rows_free(&r);
}

static void test_critical_process_without_system(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_process_facts p = { .id = 100, .unit_id = 4, .critical = 1, .supported = 0, .mtd_set = 1 };
	gap_rules_process(&p, &r);
	assert_string_equal(rows_text(&r, ALL), "critical_process_without_system");
	const struct gap_row *g = &r.v[0];
	assert_string_equal(g->entity, "processes");
	assert_int_equal(g->id, 100);
	assert_null(g->other_entity);
	assert_string_equal(g->due, "");
	gap_rows_free(&r);
	/* Supported by a running system (the store's "supported": a planned
	 * or retired system does not count, see test_store.c). */
	p.supported = 1;
	gap_rules_process(&p, &r);
	assert_int_equal(r.n, 0);
	/* Not essential: no gap, supported or not. */
	p.critical = 0;
	gap_rules_process(&p, &r);
	p.supported = 0;
	gap_rules_process(&p, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_agreement_ended(void **state)
{
	(void)state;
	static const struct gap_agreement_end agr[] = {
		{ 20, "2025-06-14" }, /* ended yesterday */
		{ 21, "2025-06-15" }, /* ends today */
		{ 22, "2025-06-16" }, /* ends tomorrow */
		{ 23, NULL },         /* no end date */
		{ 24, "2019-12-31" }, /* ended long ago */
		{ 25, "2025-02-30" }, /* not a date */
	};
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	f.agreements = agr;
	f.nagreements = N(agr);
	system_rows(&f, &r);
	/* One row per agreement with an end date, in input order, due on
	 * that date: an end date in the future is a row that is not open
	 * yet, so it opens without another write. */
	assert_string_equal(rows_text(&r, ALL),
			    "agreement_ended agreements:20 2025-06-14, agreement_ended agreements:21 2025-06-15, "
			    "agreement_ended agreements:22 2025-06-16, agreement_ended agreements:24 2019-12-31, "
			    "analysis_overdue 2028-01-10");
	assert_string_equal(rows_text(&r, TODAY),
			    "agreement_ended agreements:20 2025-06-14, agreement_ended agreements:24 2019-12-31");
	/* The day after its end date it has ended; the day after that, the
	 * next one. */
	assert_string_equal(rows_text(&r, "2025-06-16"),
			    "agreement_ended agreements:20 2025-06-14, agreement_ended agreements:21 2025-06-15, "
			    "agreement_ended agreements:24 2019-12-31");
	assert_int_equal(count_kind(&r, GAP_AGREEMENT_ENDED), 4);
	assert_string_equal(r.v[0].entity, "systems");
	assert_int_equal(r.v[0].id, 10);

	/* Only a system in use: not one planned, being retired or retired. */
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &r);
	assert_int_equal(count_kind(&r, GAP_AGREEMENT_ENDED), 0);
	f.lifecycle = GL_RETIRING;
	system_rows(&f, &r);
	assert_int_equal(count_kind(&r, GAP_AGREEMENT_ENDED), 0);
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

/* ---- continuity ------------------------------------------------------------ */

static void test_office_hours_after_hours(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	f.office_hours = 1;
	f.critical_process_id = 30;
	f.rto_hours = -1;
	system_rows(&f, &r);
	assert_non_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	/* Support outside office hours by agreement: Lessebo's finding met. */
	f.after_hours = 1;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	/* The essential process found among those resting on it. */
	f.after_hours = 0;
	f.critical_process_id = 0;
	const struct gap_reached reached[] = { { 40, 0, -1 }, { 35, 1, -1 }, { 31, 1, -1 } };
	f.reached = reached;
	f.nreached = 3;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "office_hours_for_critical processes:31");
	gap_rows_free(&r);
}

static void test_rto_against_mtd(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	/* The binding MTD: the shortest, ties to the lowest number; none
	 * without any MTD. */
	const struct gap_reached reached[] = { { 40, 0, 24 }, { 35, 1, 8 }, { 33, 0, 8 }, { 20, 1, -1 } };
	long long mtd = -5;
	assert_int_equal(gap_binding_mtd(reached, 4, &mtd), 33);
	assert_int_equal(mtd, 8);
	assert_int_equal(gap_binding_mtd(reached + 3, 1, &mtd), 0);
	assert_int_equal(gap_binding_mtd(NULL, 0, &mtd), 0);
	assert_true(gap_rto_exceeds(9, 8));
	assert_false(gap_rto_exceeds(8, 8));
	assert_false(gap_rto_exceeds(0, 0));
	assert_true(gap_rto_exceeds(-1, 1000));

	f.reached = reached;
	f.nreached = 4;
	f.rto_hours = 4;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	f.rto_hours = 8;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	f.rto_hours = 9;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "rto_exceeds_mtd processes:33");
	const struct gap_row *g = find(&r, GAP_RTO_EXCEEDS_MTD);
	assert_int_equal(g->person_id, 7);
	assert_int_equal(g->unit_id, 3);
	/* No RTO while a process with an MTD rests on it: a gap. */
	f.rto_hours = -1;
	system_rows(&f, &r);
	assert_non_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	/* ... but not when none of them has an MTD. */
	f.reached = reached + 3;
	f.nreached = 1;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	/* Only a running system. */
	f.reached = reached;
	f.nreached = 4;
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	f.lifecycle = GL_RETIRING;
	system_rows(&f, &r);
	assert_non_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_RTO_EXCEEDS_MTD));
	gap_rows_free(&r);
}

static void test_process_mtd(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_process_facts f = { .id = 5, .unit_id = 2, .critical = 1, .supported = 1, .owner_id = 9 };
	gap_rules_process(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "process_without_mtd");
	assert_int_equal(r.v[0].person_id, 9);
	gap_rows_free(&r);
	f.mtd_set = 1;
	gap_rules_process(&f, &r);
	assert_int_equal(r.n, 0);
	f.mtd_set = 0;
	f.critical = 0;
	gap_rules_process(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_plans(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_settings s = settings;
	struct gap_plan_facts f = { .id = 8, .unit_id = 2, .owner_id = 9, .adopted = 1, .adopted_on = "2024-03-31" };
	/* Never exercised: due a year after adoption (end of month clamped). */
	gap_rules_plan(&s, &f, &r);
	assert_string_equal(rows_text(&r, ALL), "plan_not_exercised 2025-03-31");
	assert_int_equal(r.v[0].person_id, 9);
	/* Exercised since: a year after the exercise, not yet open. */
	gap_rows_free(&r);
	f.last_exercise = "2025-02-10";
	gap_rules_plan(&s, &f, &r);
	assert_string_equal(rows_text(&r, ALL), "plan_not_exercised 2026-02-10");
	assert_false(gap_open(r.v[0].due, TODAY));
	/* An exercise before a later adoption counts from the adoption. */
	gap_rows_free(&r);
	f.last_exercise = "2023-01-01";
	gap_rules_plan(&s, &f, &r);
	assert_string_equal(rows_text(&r, ALL), "plan_not_exercised 2025-03-31");
	/* The organisation's interval. */
	gap_rows_free(&r);
	s.exercise_months = 6;
	f.last_exercise = "2025-02-10";
	gap_rules_plan(&s, &f, &r);
	assert_string_equal(rows_text(&r, ALL), "plan_not_exercised 2025-08-10");
	/* Review date: a gap from the day after it. */
	gap_rows_free(&r);
	f.review_date = "2025-06-15";
	gap_rules_plan(&s, &f, &r);
	const struct gap_row *g = find(&r, GAP_PLAN_REVIEW_OVERDUE);
	assert_string_equal(g->due, "2025-06-15");
	assert_false(gap_open(g->due, TODAY));
	assert_true(gap_open(g->due, "2025-06-16"));
	/* A draft: no gaps. */
	gap_rows_free(&r);
	f.adopted = 0;
	gap_rules_plan(&s, &f, &r);
	assert_int_equal(r.n, 0);
	/* Adopted without a date (not made by the forms): open now. */
	f.adopted = 1;
	f.adopted_on = NULL;
	f.last_exercise = NULL;
	f.review_date = NULL;
	gap_rules_plan(&s, &f, &r);
	assert_string_equal(rows_text(&r, ALL), "plan_not_exercised");
	gap_rows_free(&r);
}

static void test_findings(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_finding_facts f = { .id = 3, .owner_id = 4 };
	gap_rules_finding(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "exercise_finding_without_measure");
	assert_int_equal(r.v[0].person_id, 4);
	gap_rows_free(&r);
	f.measured = 1;
	gap_rules_finding(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

/* Internal control: a control point whose date has passed with no
 * result; due its date (open from the day after), the person by whom. */
static void test_control_point(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_control_point_facts f = { .id = 7, .owner_id = 9, .check_date = "2025-06-14" };
	gap_rules_control_point(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "control_not_performed 2025-06-14");
	assert_string_equal(r.v[0].entity, "control-points");
	assert_int_equal(r.v[0].person_id, 9);
	gap_rows_free(&r);
	/* Due today: written, not yet open. */
	f.check_date = TODAY;
	gap_rules_control_point(&f, &r);
	assert_string_equal(rows_text(&r, ALL), "control_not_performed 2025-06-15");
	assert_string_equal(rows_text(&r, TODAY), "");
	gap_rows_free(&r);
	/* Performed, or with no date: none. */
	f.check_date = "2025-01-01";
	f.performed = 1;
	gap_rules_control_point(&f, &r);
	assert_int_equal(r.n, 0);
	f.performed = 0;
	f.check_date = NULL;
	gap_rules_control_point(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
	assert_string_equal(gap_kind_code(GAP_CONTROL_NOT_PERFORMED), "control_not_performed");
	assert_int_equal(gap_kind_from_code("control_not_performed"), GAP_CONTROL_NOT_PERFORMED);
}

/* A requirement on the organisation past its due date: open from the day
 * after, on the responsible; none once fulfilled or not applicable, none
 * while the requirement is retired or no longer on the organisation. */
static void test_org_assessment(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_org_assessment_facts f = { .id = 4, .person_id = 11, .due_date = "2025-05-31", .active = 1 };
	gap_rules_org_assessment(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "org_requirement_overdue 2025-05-31");
	assert_string_equal(r.v[0].entity, "organisation-assessments");
	assert_int_equal(r.v[0].person_id, 11);
	gap_rows_free(&r);
	f.due_date = TODAY;
	gap_rules_org_assessment(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "");
	gap_rows_free(&r);
	f.due_date = "2025-01-01";
	f.settled = 1;
	gap_rules_org_assessment(&f, &r);
	assert_int_equal(r.n, 0);
	f.settled = 0;
	f.active = 0;
	gap_rules_org_assessment(&f, &r);
	assert_int_equal(r.n, 0);
	f.active = 1;
	f.due_date = NULL;
	gap_rules_org_assessment(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_office_hours(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	/* An essential process rests on it (directly or through running
	 * systems that depend on it: the store finds which, and names the
	 * lowest-numbered). */
	f.office_hours = 1;
	f.critical_process_id = 30;
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "office_hours_for_critical processes:30");
	const struct gap_row *g = find(&r, GAP_OFFICE_HOURS_CRITICAL);
	assert_string_equal(g->entity, "systems");
	assert_int_equal(g->id, 10);
	assert_string_equal(g->due, "");
	/* Around the clock: no gap. */
	f.office_hours = 0;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	/* Office hours, but no essential process rests on it. */
	f.office_hours = 1;
	f.critical_process_id = 0;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	/* Only a system in use. */
	f.critical_process_id = 30;
	f.lifecycle = GL_PLANNED;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	f.lifecycle = GL_RETIRING;
	system_rows(&f, &r);
	assert_null(find(&r, GAP_OFFICE_HOURS_CRITICAL));
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

/* ---- who acts, and where -------------------------------------------------- */

/* Every row of r: about (entity, id), in unit, for person. */
static void assert_all(const struct gap_rows *r, const char *entity, long long id, long long unit, long long person)
{
	assert_true(r->n > 0);
	for (size_t i = 0; i < r->n; i++) {
		assert_string_equal(r->v[i].entity, entity);
		assert_int_equal(r->v[i].id, id);
		assert_int_equal(r->v[i].unit_id, unit);
		assert_int_equal(r->v[i].person_id, person);
	}
}

static void test_who_acts(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	static const struct gap_agreement_end agr[] = { { 20, "2020-01-01" } };
	static const struct gap_plan_item items[] = {
		/* id, requirement, active, assessment, due, responsible */
		{ 1, 101, 1, GA_NOT_FULFILLED, "2025-01-01", 9 },
		{ 2, 102, 1, GA_PARTLY, "2025-01-01", 0 },
	};
	static const struct asset_levels k3[] = { { 50, { { 3, 1, 1, 1 } } } };
	/* A system with a gap of every system kind but the owner's. */
	struct gap_system_facts f = complete_system();
	f.administrator_id = 0;
	f.agreements = agr;
	f.nagreements = 1;
	f.office_hours = 1;
	f.critical_process_id = 30;
	f.items = items;
	f.nitems = 2;
	f.assets = k3;
	f.last_analysis = "2020-01-01";
	system_rows(&f, &r);
	assert_string_equal(rows_text(&r, TODAY),
			    "system_without_administrator, agreement_ended agreements:20 2020-01-01, "
			    "office_hours_for_critical processes:30, requirement_overdue requirements:101 2025-01-01, "
			    "requirement_overdue requirements:102 2025-01-01, encryption_at_rest_missing requirements:100, "
			    "analysis_overdue 2021-01-01, access_review_overdue");
	/* The system owner, except an item's own responsible person. */
	for (size_t i = 0; i < r.n; i++) {
		assert_string_equal(r.v[i].entity, "systems");
		assert_int_equal(r.v[i].unit_id, 3);
		assert_int_equal(r.v[i].person_id, r.v[i].other_id == 101 ? 9 : 7);
	}
	/* No owner: no one named (the coordinator acts), but an item's
	 * responsible person still is. */
	f.owner_id = 0;
	system_rows(&f, &r);
	assert_int_equal(r.v[0].kind, GAP_SYSTEM_NO_OWNER);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.v[i].unit_id, 3);
		assert_int_equal(r.v[i].person_id, r.v[i].other_id == 101 ? 9 : 0);
	}
	/* No unit: 0. */
	f.unit_id = 0;
	system_rows(&f, &r);
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.v[i].unit_id, 0);

	/* An asset: its information owner; without one, no one. */
	struct gap_asset_facts a = { .id = 60, .unit_id = 5, .owner_id = 6, .lv = L(U, U, U, U) };
	gap_rows_free(&r);
	struct gap_cadence cad;
	gap_rules_asset(&settings, &a, &cad, &r);
	assert_string_equal(rows_text(&r, ALL), "asset_not_classified, asset_not_analysed");
	assert_all(&r, "information-assets", 60, 5, 6);
	a.owner_id = 0;
	gap_rows_free(&r);
	gap_rules_asset(&settings, &a, &cad, &r);
	assert_string_equal(rows_text(&r, ALL), "asset_without_owner, asset_not_classified, asset_not_analysed");
	assert_all(&r, "information-assets", 60, 5, 0);
	/* Its analysis overdue is about the asset, not a system. */
	a.owner_id = 6;
	a.lv = L(1, 1, 1, 1);
	a.last_analysis = "2020-01-01";
	gap_rows_free(&r);
	gap_rules_asset(&settings, &a, &cad, &r);
	assert_string_equal(rows_text(&r, ALL), "analysis_overdue 2023-01-01");
	assert_all(&r, "information-assets", 60, 5, 6);

	/* A process: its unit, no one named. */
	struct gap_process_facts p = { .id = 70, .unit_id = 4, .critical = 1 };
	gap_rows_free(&r);
	gap_rules_process(&p, &r);
	assert_all(&r, "processes", 70, 4, 0);

	/* A control: the organisation's, no unit, no one. */
	struct gap_control_facts c = { .id = 80, .iso27001 = 1 };
	gap_rows_free(&r);
	gap_rules_control(&c, &r);
	assert_string_equal(rows_text(&r, ALL), "control_excluded_unjustified");
	assert_all(&r, "soa-entries", 80, 0, 0);

	/* A risk and a measure: the person the store resolved (the risk
	 * owner, else the analysis's; the measure's owner, else its risk's). */
	struct gap_risk_facts k = { .id = 90, .unit_id = 2, .person_id = 11, .decided = 1, .value = 20, .top_min = 17,
				    .reduce = 1 };
	gap_rows_free(&r);
	gap_rules_risk(&k, &r);
	assert_string_equal(rows_text(&r, ALL), "risk_without_measure, residual_risk_not_accepted");
	assert_all(&r, "risks", 90, 2, 11);
	struct gap_measure_facts m = { .id = 95, .unit_id = 2, .person_id = 12, .open = 1, .due_date = "2025-01-01" };
	gap_rows_free(&r);
	gap_rules_measure(&m, &r);
	assert_all(&r, "measures", 95, 2, 12);

	/* The organisation's own: the analyses entity, id 0. */
	gap_rows_free(&r);
	gap_rules_org(0, 0, &r);
	assert_all(&r, "risk-analyses", 0, 0, 0);
	gap_rows_free(&r);
}

/* ---- many records into one list ------------------------------------------- */

/* 20 000 systems and 40 000 assets through their rules into one list
 * (which grows far past its first allocation): each kind counted as the
 * rules say. The old whole-organisation walk (dependency chains, id maps)
 * is the store's now. */
static void test_many(void **state)
{
	(void)state;
	enum { NS = 20000, NA = 40000 };
	static const struct gap_agreement_end ended[] = { { 1, "2020-01-01" } }, later[] = { { 2, "2030-01-01" } };
	size_t want[GAP_KIND_COUNT] = { 0 };
	struct gap_rows r = { 0 };
	for (long long i = 0; i < NS; i++) {
		struct gap_system_facts f = complete_system();
		f.id = 1000000 - i;
		f.owner_id = i % 2 ? 7 : 0;
		f.administrator_id = i % 3 ? 8 : 0;
		f.lifecycle = i % 10 == 9 ? GL_RETIRED : i % 10 == 8 ? GL_PLANNED : GL_IN_USE;
		f.nassets = i % 5 == 4 ? 0 : 1;
		f.agreements = i % 4 ? ended : later;
		f.nagreements = 1;
		f.office_hours = 1;
		f.critical_process_id = i % 7 == 0 ? 1 : 0;
		struct gap_system_state st;
		struct gap_cadence cad;
		size_t before = r.n;
		gap_rules_system(&settings, &f, &st, &cad, &r);
		for (size_t k = before; k < r.n; k++)
			assert_int_equal(r.v[k].id, f.id);
		if (f.lifecycle == GL_RETIRED) {
			assert_int_equal(r.n, before);
			continue;
		}
		want[GAP_SYSTEM_NO_OWNER] += !f.owner_id;
		want[GAP_SYSTEM_NO_ADMINISTRATOR] += !f.administrator_id;
		want[GAP_SYSTEM_NO_INFORMATION] += !f.nassets;
		if (f.lifecycle == GL_IN_USE) {
			want[GAP_AGREEMENT_ENDED]++;
			want[GAP_OFFICE_HOURS_CRITICAL] += f.critical_process_id != 0;
			want[GAP_SYSTEM_NOT_CLASSIFIED] += !f.nassets;
			want[GAP_ANALYSIS_OVERDUE]++;
		} else {
			want[GAP_PROCUREMENT_NOT_CLASSIFIED] += !f.nassets;
		}
	}
	for (long long k = 0; k < NA; k++) {
		struct gap_asset_facts a = { .id = k + 1, .owner_id = k % 4 ? 6 : 0, .lv = L(U, U, U, U) };
		struct gap_cadence cad;
		gap_rules_asset(&settings, &a, &cad, &r);
		want[GAP_ASSET_NO_OWNER] += !a.owner_id;
		want[GAP_ASSET_NOT_CLASSIFIED]++;
		want[GAP_ASSET_NOT_ANALYSED]++;
	}
	size_t total = 0;
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		assert_int_equal(count_kind(&r, (enum gap_kind)k), want[k]);
		total += want[k];
	}
	assert_int_equal(r.n, total);
	assert_int_equal(want[GAP_SYSTEM_NO_OWNER], 10000);
	assert_int_equal(want[GAP_AGREEMENT_ENDED], 16000);
	/* Of those, the ones whose agreement ends in 2030 are not open. */
	size_t open = 0;
	for (size_t i = 0; i < r.n; i++)
		open += r.v[i].kind == GAP_AGREEMENT_ENDED && gap_open(r.v[i].due, TODAY);
	assert_int_equal(open, 12000);
	gap_rows_free(&r);
}

/* ---- messages (model/gaps.c) ----------------------------------------------- */

/* The training gaps (core/training.h gives the due dates): about the
 * person, who is the one to act; worded with and without a due date. */
static void test_training_person(void **state)
{
	(void)state;
	struct gap_person_facts f = { .id = 5, .unit_id = 2, .elected_due = "", .staff_due = "2026-03-31" };
	struct gap_rows r = { 0 };
	gap_rules_person(&f, &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].kind, GAP_ELECTED_UNTRAINED);
	assert_int_equal(r.v[1].kind, GAP_STAFF_UNTRAINED);
	assert_string_equal(r.v[1].due, "2026-03-31");
	assert_int_equal(r.v[1].person_id, 5);
	gap_rows_free(&r);
	f = (struct gap_person_facts){ .id = 5, .owner_due = "9999-12-31", .staff_due = "9999-12-31" };
	gap_rules_person(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
	struct arena *a = arena_new();
	struct gap_item g = { .kind = GAP_STAFF_UNTRAINED, .entity = "people", .id = 5, .name = "Eva", .due = "2026-03-31" };
	assert_string_equal(gaps_message(a, LANG_EN, &g), "Eva was to have attended basic training in information security by 2026-03-31.");
	g.due = NULL;
	assert_string_equal(gaps_message(a, LANG_EN, &g), "Eva has not attended basic training in information security.");
	g.kind = GAP_ELECTED_UNTRAINED;
	assert_string_equal(gaps_message(a, LANG_EN, &g), "The elected official Eva has attended no training for elected officials in the current term of office.");
	g.kind = GAP_OWNER_UNTRAINED;
	assert_string_equal(gaps_message(a, LANG_EN, &g), "Eva owns systems or information but has not attended classification and risk training.");
	arena_free(a);
}

/* ---- governing documents ------------------------------------------------------------ */

static void test_document_next_review(void **state)
{
	(void)state;
	char out[11];
	/* From the decision; the month's end clamped, leap years kept. */
	assert_int_equal(document_next_review("2024-02-29", NULL, 12, out), 0);
	assert_string_equal(out, "2025-02-28");
	assert_int_equal(document_next_review("2024-02-29", NULL, 48, out), 0);
	assert_string_equal(out, "2028-02-29");
	assert_int_equal(document_next_review("2025-01-31", NULL, 1, out), 0);
	assert_string_equal(out, "2025-02-28");
	assert_int_equal(document_next_review("2023-12-31", NULL, 2, out), 0);
	assert_string_equal(out, "2024-02-29");
	/* From the later of the decision and the last review. */
	assert_int_equal(document_next_review("2024-05-10", "2025-03-31", 6, out), 0);
	assert_string_equal(out, "2025-09-30");
	assert_int_equal(document_next_review("2025-05-10", "2024-03-31", 6, out), 0);
	assert_string_equal(out, "2025-11-10");
	assert_int_equal(document_next_review(NULL, "2024-08-31", 24, out), 0);
	assert_string_equal(out, "2026-08-31");
	/* Nothing to count from, or no interval: none. */
	assert_int_equal(document_next_review(NULL, NULL, 12, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(document_next_review("", "2025-13-01", 12, out), -1);
	assert_int_equal(document_next_review("2025-01-01", NULL, 0, out), -1);
	assert_int_equal(document_next_review("2025-01-01", NULL, -6, out), -1);
}

static void test_documents(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	long long companies[] = { 31, 32 };
	int adopted[] = { 1, 0 };
	struct gap_document_facts f = { .id = 4, .owner_id = 9, .adopted = 1, .next_review = "2025-06-14",
					 .companies = companies, .company_adopted = adopted, .ncompanies = 2 };
	gap_rules_document(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "document_review_overdue 2025-06-14, document_not_adopted_for_company units:32");
	assert_int_equal(r.v[0].person_id, 9);
	assert_int_equal(r.v[1].unit_id, 32);
	gap_rows_free(&r);
	/* Due today: not yet open. */
	f.next_review = TODAY;
	adopted[1] = 1;
	gap_rules_document(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "");
	assert_string_equal(rows_text(&r, ALL), "document_review_overdue 2025-06-15");
	gap_rows_free(&r);
	/* A draft, a replaced or repealed document: no gaps. */
	f.adopted = 0;
	adopted[1] = 0;
	f.next_review = "2020-01-01";
	gap_rules_document(&f, &r);
	assert_int_equal(r.n, 0);
	/* No next review: never overdue. */
	f.adopted = 1;
	f.next_review = NULL;
	f.ncompanies = 0;
	gap_rules_document(&f, &r);
	assert_int_equal(r.n, 0);
	gap_rows_free(&r);
}

static void test_required_documents(void **state)
{
	(void)state;
	struct gap_rows r = { 0 };
	struct gap_required_document_facts f = { .id = 3 };
	gap_rules_required_document(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "required_document_missing");
	assert_int_equal(r.v[0].person_id, 0);
	gap_rows_free(&r);
	f.document_id = 7;
	f.owner_id = 9;
	gap_rules_required_document(&f, &r);
	assert_string_equal(rows_text(&r, TODAY), "required_document_missing");
	assert_int_equal(r.v[0].person_id, 9);
	gap_rows_free(&r);
	f.document_adopted = 1;
	gap_rules_required_document(&f, &r);
	assert_int_equal(r.n, 0);
}

/* The row of kind k in r, or NULL. */
static const struct gap_row *row_of(const struct gap_rows *r, enum gap_kind k)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == k)
			return &r->v[i];
	return NULL;
}

static void test_access_reviews(void **state)
{
	(void)state;
	char due[11];
	/* K or R at 2 or more; T and S do not count; unclassified does not. */
	struct levels lv = L(1, 1, 3, 3);
	assert_false(gap_access_review_due(&lv, 0, NULL, 12, due));
	lv = L(U, U, U, U);
	assert_false(gap_access_review_due(&lv, 0, NULL, 12, due));
	lv = L(2, U, U, U);
	assert_true(gap_access_review_due(&lv, 0, NULL, 12, due));
	assert_string_equal(due, ""); /* never reviewed: open now */
	lv = L(1, 2, 1, 1);
	assert_true(gap_access_review_due(&lv, 0, "2025-03-15", 12, due));
	assert_string_equal(due, "2026-03-15");
	/* Retired: never. */
	assert_false(gap_access_review_due(&lv, 1, NULL, 12, due));
	/* Month ends clamp; leap days; 0 months is 12. */
	assert_true(gap_access_review_due(&lv, 0, "2025-01-31", 1, due));
	assert_string_equal(due, "2025-02-28");
	assert_true(gap_access_review_due(&lv, 0, "2024-01-31", 1, due));
	assert_string_equal(due, "2024-02-29");
	assert_true(gap_access_review_due(&lv, 0, "2024-02-29", 12, due));
	assert_string_equal(due, "2025-02-28");
	assert_true(gap_access_review_due(&lv, 0, "2025-08-31", 6, due));
	assert_string_equal(due, "2026-02-28");
	assert_true(gap_access_review_due(&lv, 0, "2025-03-15", 0, due));
	assert_string_equal(due, "2026-03-15");

	/* Through the system rules: the owner acts; the interval from the
	 * settings; the system's classification as it applies. */
	struct gap_rows r = { 0 };
	struct gap_system_facts f = complete_system();
	system_rows(&f, &r);
	assert_null(row_of(&r, GAP_ACCESS_REVIEW_OVERDUE)); /* level 1 information */
	f.decision = L(U, 2, U, U);
	f.decided_on = "2025-01-10";
	system_rows(&f, &r);
	const struct gap_row *g = row_of(&r, GAP_ACCESS_REVIEW_OVERDUE);
	assert_non_null(g);
	assert_string_equal(g->due, "");
	assert_string_equal(g->entity, "systems");
	assert_int_equal(g->person_id, 7);
	assert_int_equal(g->unit_id, 3);
	f.last_access_review = "2024-06-30";
	system_rows(&f, &r);
	g = row_of(&r, GAP_ACCESS_REVIEW_OVERDUE);
	assert_non_null(g);
	assert_string_equal(g->due, "2025-06-30");
	assert_false(gap_open(g->due, TODAY)); /* not yet */
	f.last_access_review = "2024-05-31";
	system_rows(&f, &r);
	assert_true(gap_open(row_of(&r, GAP_ACCESS_REVIEW_OVERDUE)->due, TODAY));
	struct gap_settings every2 = settings;
	every2.access_review_months = 24;
	struct gap_system_state st;
	struct gap_cadence cad;
	gap_rows_free(&r);
	gap_rules_system(&every2, &f, &st, &cad, &r);
	assert_string_equal(row_of(&r, GAP_ACCESS_REVIEW_OVERDUE)->due, "2026-05-31");
	f.lifecycle = GL_RETIRED;
	system_rows(&f, &r);
	assert_null(row_of(&r, GAP_ACCESS_REVIEW_OVERDUE));
	gap_rows_free(&r);
}

static void test_messages(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct gap_item g = { .kind = GAP_SYSTEM_NO_OWNER, .entity = "systems", .id = 4, .name = "Procapita",
			      .since = "2025-06-01 10:00:00" };
	assert_string_equal(gaps_message(a, LANG_EN, &g), "The system \"Procapita\" has no system owner.");
	g.kind = GAP_SYSTEM_NO_ADMINISTRATOR;
	assert_string_equal(gaps_message(a, LANG_EN, &g), "The system \"Procapita\" has no system administrator.");
	g.kind = GAP_SYSTEM_NO_INFORMATION;
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The system \"Procapita\" processes no registered information asset.");
	/* A name the reader may not read is left out of the wording. */
	g.name = NULL;
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The system \"(not shown)\" processes no registered information asset.");
	g.kind = GAP_ASSET_NO_OWNER;
	g.name = "Journal";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The information asset \"Journal\" has no information owner.");
	g.kind = GAP_CRITICAL_PROCESS_NO_SYSTEM;
	g.name = "Water";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The essential process \"Water\" is supported by no registered system.");
	g = (struct gap_item){ .kind = GAP_AGREEMENT_ENDED, .entity = "systems", .id = 4, .name = "Procapita",
			       .other_entity = "agreements", .other_id = 2, .other_name = "Support", .due = "2024-12-31",
			       .since = "2024-12-31", .unit_id = 3, .person_id = 7 };
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The agreement \"Support\" ended on 2024-12-31, but the system \"Procapita\" is still in use.");
	struct jval *j = gaps_json(a, LANG_EN, &g);
	assert_string_equal(jv_get_str(j, "kind"), "agreement_ended");
	assert_string_equal(jv_get_str(j, "entity"), "systems");
	assert_int_equal(jv_get_int(j, "id", 0), 4);
	assert_string_equal(jv_get_str(j, "due"), "2024-12-31");
	assert_string_equal(jv_get_str(j, "since"), "2024-12-31");
	assert_int_equal(jv_get_int(j, "unit_id", 0), 3);
	assert_int_equal(jv_get_int(j, "person_id", 0), 7);
	assert_string_equal(jv_get_str(jv_get(j, "related"), "entity"), "agreements");
	assert_int_equal(jv_get_int(jv_get(j, "related"), "id", 0), 2);
	g = (struct gap_item){ .kind = GAP_OFFICE_HOURS_CRITICAL, .entity = "systems", .id = 4, .name = "AD",
			       .other_entity = "processes", .other_id = 3, .other_name = "Home care" };
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The system \"AD\" has support during office hours only, but the essential process \"Home care\" depends on it.");
	/* No due date, unit or person: null, not missing. */
	g = (struct gap_item){ .kind = GAP_ASSET_NO_OWNER, .entity = "information-assets", .id = 9, .name = "X",
			       .since = "2025-06-01 10:00:00" };
	j = gaps_json(a, LANG_EN, &g);
	assert_null(jv_get(j, "related"));
	assert_non_null(jv_get(j, "due"));
	assert_int_equal(jv_get(j, "due")->type, J_NULL);
	assert_int_equal(jv_get(j, "unit_id")->type, J_NULL);
	assert_int_equal(jv_get(j, "person_id")->type, J_NULL);
	assert_string_equal(jv_get_str(j, "message"), "The information asset \"X\" has no information owner.");
	assert_string_equal(gaps_kind_label(LANG_EN, GAP_SYSTEM_NO_OWNER), "Systems without a system owner");
	assert_string_equal(gaps_kind_label(LANG_EN, GAP_KIND_COUNT), "");
	/* Every kind has a heading and a message. */
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		g = (struct gap_item){ .kind = (enum gap_kind)k, .entity = gap_kind_entity((enum gap_kind)k), .id = 1,
				       .name = "N", .other_name = "O", .due = "2025-01-01" };
		assert_true(strlen(gaps_kind_label(LANG_EN, (enum gap_kind)k)) > 0);
		assert_true(strlen(gaps_message(a, LANG_EN, &g)) > 0);
	}
	g.kind = GAP_DOCUMENT_REVIEW_OVERDUE;
	g.entity = "governing-documents";
	g.name = "Informationssäkerhetspolicy";
	g.due = "2025-05-31";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The governing document \"Informationssäkerhetspolicy\" was due for review on 2025-05-31.");
	g.kind = GAP_DOCUMENT_NOT_ADOPTED_FOR_COMPANY;
	g.other_entity = "units";
	g.other_name = "Bostads AB";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The governing document \"Informationssäkerhetspolicy\" applies to the company \"Bostads AB\", whose board has not adopted it.");
	g.kind = GAP_REQUIRED_DOCUMENT_MISSING;
	g.entity = "required-documents";
	g.name = "Incidentrutin";
	assert_string_equal(gaps_message(a, LANG_EN, &g),
			    "The required document \"Incidentrutin\" is not fulfilled by an adopted governing document: choose the one that fulfils it on the required document's page (Fulfilled by).");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_codes),
		cmocka_unit_test(test_document_next_review),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_required_documents),
		cmocka_unit_test(test_small_codes),
		cmocka_unit_test(test_gap_open),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_complete_system),
		cmocka_unit_test(test_system_owner_and_administrator),
		cmocka_unit_test(test_system_without_information),
		cmocka_unit_test(test_critical_process_without_system),
		cmocka_unit_test(test_agreement_ended),
		cmocka_unit_test(test_office_hours),
		cmocka_unit_test(test_office_hours_after_hours),
		cmocka_unit_test(test_rto_against_mtd),
		cmocka_unit_test(test_process_mtd),
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_control_point),
		cmocka_unit_test(test_org_assessment),
		cmocka_unit_test(test_who_acts),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_training_person),
		cmocka_unit_test(test_access_reviews),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
