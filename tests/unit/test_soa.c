/*
 * test_soa: the Statement of Applicability's coverage (core/soa.c) — where
 * requirements apply, when they count as implemented, how controls are
 * covered and which systems implement them — and the evidence file rules
 * (core/evidence.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

/* The requirements' wording (title, current, procurement) plays no part
 * in coverage and is left zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "core/evidence.h"
#include "core/soa.h"

#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET

/* Three classified assets, four systems, four requirements, three
 * controls. */
static struct gap_asset assets[] = {
	{ 1, "Elevakter", 7, L(3, 2, 1, 1), "2025-09-01" },
	{ 2, "Menyer", 7, L(1, 1, 1, 0), "2025-09-01" },
	{ 3, "Okänt", 7, L(U, U, U, U), NULL },
};
static struct gap_system systems[] = {
	{ 10, "Ärende", 1, 1, GL_IN_USE, 0, L(U, U, U, U) },  /* K3 via asset 1 */
	{ 11, "Kök", 1, 1, GL_IN_USE, 0, L(U, U, U, U) },     /* K1 via asset 2 */
	{ 12, "Nytt", 1, 1, GL_PLANNED, 0, L(U, U, U, U) },   /* K3, planned: left out */
	{ 13, "Utgår", 1, 1, GL_RETIRING, 0, L(U, U, U, U) }, /* unclassified information only */
};
static struct id_link sa[] = { { 10, 1 }, { 11, 2 }, { 12, 1 }, { 13, 3 } };
static struct gap_requirement reqs[] = {
	{ 100, "ACC-01", ASPECT_K, 1, 1 }, /* applies to 10, 11 */
	{ 101, "CRY-02", ASPECT_K, 3, 1 }, /* applies to 10 only */
	{ 102, "LOG-01", ASPECT_S, 2, 1 }, /* applies to none */
	{ 103, "OLD-01", ASPECT_K, 1, 0 }, /* retired */
};
static struct gap_control controls[] = {
	{ 500, "5.15", "iso27001", 1, 0 },
	{ 501, "8.24", "iso27001", 1, 0 },
	{ 502, "5.1", "iso27001", 1, 0 },  /* no requirement */
	{ 503, "i", "nis2", 1, 0 },
};
/* ACC-01 -> 5.15, i; CRY-02 -> 8.24, i; LOG-01 -> 8.24; OLD-01 -> 5.15 */
static struct id_link rc[] = { { 100, 500 }, { 100, 503 }, { 101, 501 }, { 101, 503 }, { 102, 501 }, { 103, 500 } };

static struct gap_input input(struct gap_plan_item *items, size_t n)
{
	return (struct gap_input){
		.systems = systems, .nsystems = 4, .assets = assets, .nassets = 3,
		.system_assets = sa, .nsystem_assets = 4, .plan_items = items, .nplan_items = n,
		.controls = controls, .ncontrols = 4, .requirements = reqs, .nrequirements = 4,
		.requirement_controls = rc, .nrequirement_controls = 6, .today = "2026-01-01",
	};
}

static void test_applies_and_implemented(void **state)
{
	(void)state;
	struct gap_plan_item items[] = {
		{ 10, 100, "ACC-01", 1, GA_FULFILLED, NULL, 0, 0 },
		{ 11, 100, "ACC-01", 1, GA_PARTLY, NULL, 0, 0 },
		{ 12, 101, "CRY-02", 1, GA_FULFILLED, NULL, 0, 0 },     /* planned: does not count */
		{ 11, 101, "CRY-02", 1, GA_FULFILLED, NULL, 0, 0 },     /* does not apply to 11 */
	};
	struct gap_input in = input(items, 4);
	struct soa_coverage c;
	soa_coverage_compute(&in, &c);
	assert_int_equal(c.reqs[0].applies, 2);
	assert_int_equal(c.reqs[0].fulfilled, 1);
	assert_false(c.reqs[0].implemented); /* 11 only partly */
	assert_int_equal(c.reqs[1].applies, 1);
	assert_int_equal(c.reqs[1].fulfilled, 0);
	assert_false(c.reqs[1].implemented);
	assert_int_equal(c.reqs[2].applies, 0);
	assert_false(c.reqs[2].implemented);
	assert_int_equal(c.reqs[3].applies, 0); /* retired */
	/* 5.15: ACC-01 only (OLD-01 is retired), and ACC-01 is only partly in place. */
	assert_int_equal(c.controls[0].nreqs, 1);
	assert_int_equal(c.controls[0].reqs[0], 0);
	assert_int_equal(c.controls[0].cover, SOA_NOT_COVERED);
	/* ... but system 10 has fulfilled it. */
	assert_int_equal(c.controls[0].nsystems, 1);
	assert_int_equal(c.controls[0].systems[0], 0);
	assert_int_equal(c.controls[2].cover, SOA_NO_REQUIREMENTS);
	assert_int_equal(c.controls[2].nreqs, 0);
	soa_coverage_free(&c);
}

static void test_covered_partly(void **state)
{
	(void)state;
	struct gap_plan_item items[] = {
		{ 10, 100, "ACC-01", 1, GA_FULFILLED, NULL, 0, 0 },
		{ 11, 100, "ACC-01", 1, GA_NOT_APPLICABLE, NULL, 0, 0 }, /* n/a counts as done */
		{ 10, 101, "CRY-02", 1, GA_FULFILLED, NULL, 0, 0 },
	};
	struct gap_input in = input(items, 3);
	struct soa_coverage c;
	soa_coverage_compute(&in, &c);
	assert_true(c.reqs[0].implemented);
	assert_int_equal(c.reqs[0].not_applicable, 1);
	assert_true(c.reqs[1].implemented);
	assert_int_equal(c.controls[0].cover, SOA_COVERED);
	/* 8.24: CRY-02 implemented, LOG-01 applies nowhere. */
	assert_int_equal(c.controls[1].nreqs, 2);
	assert_int_equal(c.controls[1].implemented, 1);
	assert_int_equal(c.controls[1].cover, SOA_PARTLY);
	/* NIS2 i: both, each system once. */
	assert_int_equal(c.controls[3].cover, SOA_COVERED);
	assert_int_equal(c.controls[3].nsystems, 1);
	assert_int_equal(c.controls[3].systems[0], 0);
	soa_coverage_free(&c);

	/* Only not-applicable assessments: nothing is implemented. */
	struct gap_plan_item na[] = {
		{ 10, 100, "ACC-01", 1, GA_NOT_APPLICABLE, NULL, 0, 0 },
		{ 11, 100, "ACC-01", 1, GA_NOT_APPLICABLE, NULL, 0, 0 },
	};
	in = input(na, 2);
	soa_coverage_compute(&in, &c);
	assert_false(c.reqs[0].implemented);
	assert_int_equal(c.controls[0].nsystems, 0);
	soa_coverage_free(&c);
}

static void test_raise_by_decision(void **state)
{
	(void)state;
	/* Raising system 11 to K3 makes CRY-02 apply to it too. */
	struct gap_plan_item items[] = {
		{ 10, 101, "CRY-02", 1, GA_FULFILLED, NULL, 0, 0 },
	};
	struct gap_input in = input(items, 1);
	struct soa_coverage c;
	soa_coverage_compute(&in, &c);
	assert_true(c.reqs[1].implemented);
	soa_coverage_free(&c);
	systems[1].decision = L(3, U, U, U);
	soa_coverage_compute(&in, &c);
	systems[1].decision = L(U, U, U, U);
	assert_int_equal(c.reqs[1].applies, 2);
	assert_false(c.reqs[1].implemented);
	soa_coverage_free(&c);
}

static void test_empty(void **state)
{
	(void)state;
	struct gap_input in = { .today = "2026-01-01" };
	struct soa_coverage c;
	soa_coverage_compute(&in, &c);
	soa_coverage_free(&c);
	assert_null(c.reqs);
}

/* ---- evidence ------------------------------------------------------------- */

static void test_evidence_types(void **state)
{
	(void)state;
	const char *type = NULL;
	assert_int_equal(evidence_check("policy.pdf", "%PDF-1.7\n...", 12, &type), EVIDENCE_OK);
	assert_string_equal(type, "application/pdf");
	assert_int_equal(evidence_check("Policy.PDF", "%PDF-1.4", 8, &type), EVIDENCE_OK);
	assert_int_equal(evidence_check("bild.png", "\x89PNG\r\n\x1a\nxxxx", 12, &type), EVIDENCE_OK);
	assert_int_equal(evidence_check("rapport.docx", "PK\x03\x04rest", 8, &type), EVIDENCE_OK);
	assert_int_equal(evidence_check("anteckning.txt", "Åtgärd klar", 12, &type), EVIDENCE_OK);
	assert_string_equal(type, "text/plain; charset=utf-8");
	/* Renamed or wrong content. */
	assert_int_equal(evidence_check("virus.pdf", "MZ\x90\x00", 4, &type), EVIDENCE_MISMATCH);
	assert_int_equal(evidence_check("fel.txt", "a\0b", 3, &type), EVIDENCE_MISMATCH);
	assert_int_equal(evidence_check("fel.txt", "\xff\xfe", 2, &type), EVIDENCE_MISMATCH);
	/* Types not allowed. */
	assert_int_equal(evidence_check("program.exe", "MZ", 2, &type), EVIDENCE_TYPE);
	assert_int_equal(evidence_check("sida.html", "<html>", 6, &type), EVIDENCE_TYPE);
	assert_int_equal(evidence_check("utan-filändelse", "x", 1, &type), EVIDENCE_TYPE);
	assert_int_equal(evidence_check(NULL, "x", 1, &type), EVIDENCE_TYPE);
	/* Size. */
	assert_int_equal(evidence_check("tom.pdf", "", 0, &type), EVIDENCE_EMPTY);
	assert_int_equal(evidence_check("stor.pdf", "%PDF-", (size_t)EVIDENCE_MAX_BYTES + 1, &type), EVIDENCE_TOO_LARGE);
}

static void test_evidence_filename(void **state)
{
	(void)state;
	char out[EVIDENCE_NAME_MAX + 1];
	evidence_filename("C:\\Users\\anna\\Policy för IT.pdf", out);
	assert_string_equal(out, "Policy för IT.pdf");
	evidence_filename("../../etc/passwd", out);
	assert_string_equal(out, "passwd");
	evidence_filename("a\"b;c\r\nd.pdf", out);
	assert_string_equal(out, "a_b_c__d.pdf");
	evidence_filename("", out);
	assert_string_equal(out, "file");
	evidence_filename(NULL, out);
	assert_string_equal(out, "file");
	evidence_filename("..", out);
	assert_string_equal(out, "file");
	evidence_filename("\xff\xfe.pdf", out);
	assert_string_equal(out, "file");
	/* Cut at a character boundary. */
	char longname[400];
	memset(longname, 'a', 199);
	strcpy(longname + 199, "ööö.pdf");
	evidence_filename(longname, out);
	assert_true(strlen(out) <= EVIDENCE_NAME_MAX);
	assert_int_equal(strlen(out), 199);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applies_and_implemented),
		cmocka_unit_test(test_covered_partly),
		cmocka_unit_test(test_raise_by_decision),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_evidence_types),
		cmocka_unit_test(test_evidence_filename),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
