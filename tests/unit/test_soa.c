/*
 * test_soa: the Statement of Applicability's verdicts (core/soa.c) — when
 * a requirement counts as implemented, how a control is covered by its
 * requirements — and the evidence file rules (core/evidence.c).
 *
 * Where a requirement applies and which systems count (running ones,
 * whose classification reaches the requirement's aspect and level) is
 * counted by the store per change (requirement_coverage, control_systems;
 * test_derived.c holds those rows equal to a rebuild); here the verdicts
 * over the counts, and the pure rules those counts rest on
 * (gap_lifecycle_running, classification_derive, requirement_applies).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/classify.h"
#include "core/evidence.h"
#include "core/gaps.h"
#include "core/soa.h"

#define L(k, r, t, s) ((struct levels){ { k, r, t, s } })
#define U LEVEL_UNSET

static void test_requirement_implemented(void **state)
{
	(void)state;
	/* Applies to two systems: one fulfilled, one partly — not yet. */
	assert_false(soa_requirement_implemented(2, 1, 0));
	/* ...the other not applicable: that counts as done. */
	assert_true(soa_requirement_implemented(2, 1, 1));
	assert_true(soa_requirement_implemented(2, 2, 0));
	assert_true(soa_requirement_implemented(1, 1, 0));
	/* Not applicable everywhere: nothing is implemented. */
	assert_false(soa_requirement_implemented(2, 0, 2));
	assert_false(soa_requirement_implemented(1, 0, 1));
	/* Applies nowhere (or only to planned systems, which the store does
	 * not count): not implemented, whatever was assessed. */
	assert_false(soa_requirement_implemented(0, 0, 0));
	assert_false(soa_requirement_implemented(0, 1, 0));
	/* Nothing assessed. */
	assert_false(soa_requirement_implemented(3, 0, 0));
	/* One short. */
	assert_false(soa_requirement_implemented(5, 3, 1));
	assert_true(soa_requirement_implemented(5, 3, 2));
	/* A requirement on the organisation applies once: implemented when
	 * its one assessment is fulfilled, not when not applicable or not
	 * assessed. */
	assert_true(soa_requirement_implemented(1, 1, 0));
	assert_false(soa_requirement_implemented(1, 0, 1));
	assert_false(soa_requirement_implemented(1, 0, 0));
}

static void test_control_cover(void **state)
{
	(void)state;
	/* 5.1 with no requirement of the catalogue. */
	assert_int_equal(soa_control_cover(0, 0), SOA_NO_REQUIREMENTS);
	/* 5.15: its one active requirement not implemented. */
	assert_int_equal(soa_control_cover(1, 0), SOA_NOT_COVERED);
	assert_int_equal(soa_control_cover(1, 1), SOA_COVERED);
	/* 8.24: CRY-02 implemented, LOG-01 applies nowhere. */
	assert_int_equal(soa_control_cover(2, 1), SOA_PARTLY);
	assert_int_equal(soa_control_cover(2, 2), SOA_COVERED);
	assert_int_equal(soa_control_cover(2, 0), SOA_NOT_COVERED);
	assert_int_equal(soa_control_cover(5, 4), SOA_PARTLY);
	/* 5.4 with one requirement on the organisation, fulfilled: an
	 * organisational control shown implemented. */
	assert_int_equal(soa_control_cover(1, soa_requirement_implemented(1, 1, 0)), SOA_COVERED);
}

/* How many of the systems a requirement on (aspect, level) applies to:
 * the running ones whose classification, as it applies, reaches it — the
 * count the store keeps per change. */
struct sys {
	enum gap_lifecycle lc;
	struct asset_levels info;
	struct levels decision;
};

static long long applies(const struct sys *v, size_t n, enum aspect aspect, int level)
{
	long long k = 0;
	for (size_t i = 0; i < n; i++) {
		struct derived d;
		classification_derive(&v[i].info, 1, &v[i].decision, &d);
		k += gap_lifecycle_running(v[i].lc) && requirement_applies(aspect, level, &d.effective);
	}
	return k;
}

static void test_applies_and_raise(void **state)
{
	(void)state;
	struct sys v[] = {
		{ GL_IN_USE, { 1, L(3, 2, 1, 1) }, L(U, U, U, U) },   /* K3 */
		{ GL_IN_USE, { 2, L(1, 1, 1, 0) }, L(U, U, U, U) },   /* K1 */
		{ GL_PLANNED, { 1, L(3, 2, 1, 1) }, L(U, U, U, U) },  /* K3, planned: left out */
		{ GL_RETIRING, { 3, L(U, U, U, U) }, L(U, U, U, U) }, /* unclassified information only */
	};
	/* ACC-01 (K1) applies to the first two, CRY-02 (K3) to the first,
	 * LOG-01 (S2) to none. */
	assert_int_equal(applies(v, 4, ASPECT_K, 1), 2);
	assert_int_equal(applies(v, 4, ASPECT_K, 3), 1);
	assert_int_equal(applies(v, 4, ASPECT_S, 2), 0);
	/* CRY-02 fulfilled by the K3 system: implemented. */
	assert_true(soa_requirement_implemented(applies(v, 4, ASPECT_K, 3), 1, 0));
	/* Raising the K1 system to K3 by decision makes CRY-02 apply to it
	 * too, and it is no longer implemented. */
	v[1].decision = L(3, U, U, U);
	assert_int_equal(applies(v, 4, ASPECT_K, 3), 2);
	assert_false(soa_requirement_implemented(applies(v, 4, ASPECT_K, 3), 1, 0));
	/* The planned system once in use counts as well. */
	v[2].lc = GL_IN_USE;
	assert_int_equal(applies(v, 4, ASPECT_K, 3), 3);
	/* Retired: out again. */
	v[2].lc = GL_RETIRED;
	assert_int_equal(applies(v, 4, ASPECT_K, 3), 2);
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
		cmocka_unit_test(test_requirement_implemented),
		cmocka_unit_test(test_control_cover),
		cmocka_unit_test(test_applies_and_raise),
		cmocka_unit_test(test_evidence_types),
		cmocka_unit_test(test_evidence_filename),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
