/*
 * test_catalogue: the catalogue files (src/model/catalogue.c). The shipped
 * files parse and hold what the issue promises; a file that does not parse
 * is refused with a message naming the line and column; the catalogue
 * check (every control covered or explained, no duplicates, no mapping to
 * a control that does not exist, verifiable procurement wording) passes
 * on what Tillit ships and finds each kind of problem in a small one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/catalogue.h"
#include "util/arena.h"
#include "util/embed.h"

#define HEADER "code,area,scope,aspect,min_level,title_sv,title_en,current_sv,current_en,procurement_sv,procurement_en,iso27001,cis,nis2,clauses\n"

static int parse_reqs(const char *text, struct catalogue_requirement **v, size_t *n,
		      struct catalogue_error *err)
{
	static struct arena *a;
	if (!a)
		a = arena_new();
	return catalogue_parse_requirements(a, text, strlen(text), v, n, err);
}

static void test_shipped(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct catalogue_error err;
	const struct embedded_file *f = embed_find("data/requirements.csv");
	assert_non_null(f);
	struct catalogue_requirement *v;
	size_t n;
	assert_int_equal(catalogue_parse_requirements(a, f->data, f->len, &v, &n, &err), 0);
	assert_true(n >= 60);
	int cry = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, "CRY-02") == 0) {
			cry = 1;
			assert_string_equal(v[i].aspect, "K");
			assert_int_equal(v[i].min_level, 2);
		}
	assert_true(cry);
	static const struct {
		const char *path;
		size_t n;
	} fw[] = { { "data/iso27001-annex-a.csv", 93 }, { "data/cis-controls-v8.csv", 18 }, { "data/nis2-art21.csv", 10 },
		     { "data/iso27001-clauses.csv", 25 } };
	for (size_t k = 0; k < 4; k++) {
		struct catalogue_control *c;
		size_t m;
		f = embed_find(fw[k].path);
		assert_non_null(f);
		assert_int_equal(catalogue_parse_controls(a, f->data, f->len, &c, &m, &err), 0);
		assert_int_equal(m, fw[k].n);
	}
	arena_free(a);
}

static void refused(const char *text, const char *want)
{
	struct catalogue_requirement *v;
	size_t n;
	struct catalogue_error err = { { 0 } };
	assert_int_equal(parse_reqs(text, &v, &n, &err), -1);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void test_refused(void **state)
{
	(void)state;
	const char *ok = "ACC-01,access,system,K,1,Titel,Title,Nu,Now,Ska,Shall,5.15;8.5,5;6,i,\n";
	struct catalogue_requirement *v;
	size_t n;
	struct catalogue_error err;
	char buf[1024];
	snprintf(buf, sizeof buf, "%s%s", HEADER, ok);
	assert_int_equal(parse_reqs(buf, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].iso27001, "5.15;8.5");
	assert_null(strstr(v[0].title_sv, "\n"));

	/* Triggers: level 0 always applies, "any" on any aspect. */
	snprintf(buf, sizeof buf, "%sGOV-05,governance,system,any,2,T,T,N,N,S,S,5.8,,a,\nMON-07,monitoring,system,K,0,T,T,N,N,S,S,5.24,17,b,\n", HEADER);
	assert_int_equal(parse_reqs(buf, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].aspect, "any");
	assert_int_equal(v[0].min_level, 2);
	assert_int_equal(v[1].min_level, 0);
	snprintf(buf, sizeof buf, "%sACC-01,access,system,all,1,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column aspect");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,-1,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column min_level");
	refused("code,area\nACC-01,access\n", "line 1");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,X,1,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column aspect");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,4,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column min_level");
	snprintf(buf, sizeof buf, "%sACC-01,nowhere,system,K,1,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column area");
	snprintf(buf, sizeof buf, "%s%s%s", HEADER, ok, ok);
	refused(buf, "line 3, column code");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,1,,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column title_sv");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,1,T,T,N,N,S,S,5.15;;8.5,5,i,\n", HEADER);
	refused(buf, "line 2, column iso27001");
	snprintf(buf, sizeof buf, "%sacc 01,access,system,K,1,T,T,N,N,S,S,5.15,5,i,\n", HEADER);
	refused(buf, "line 2, column code");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,1,T,T,N\n", HEADER);
	refused(buf, "line 2");
	snprintf(buf, sizeof buf, "%sACC-01,access,system,K,1,\"unterminated\n", HEADER);
	refused(buf, "line");

	/* Scope: a requirement on the organisation applies once; its
	 * trigger is unused, so it is "any" and 0; clauses are references. */
	snprintf(buf, sizeof buf, "%sGOV-01,governance,organisation,any,0,T,T,N,N,,,5.1,,,5.2;7.5\n", HEADER);
	assert_int_equal(parse_reqs(buf, &v, &n, &err), 0);
	assert_string_equal(v[0].scope, "organisation");
	assert_string_equal(v[0].clauses, "5.2;7.5");
	assert_null(v[0].procurement_sv);
	snprintf(buf, sizeof buf, "%sGOV-01,governance,organisation,K,1,T,T,N,N,,,5.1,,,\n", HEADER);
	refused(buf, "line 2, column aspect: a requirement on the organisation");
	snprintf(buf, sizeof buf, "%sGOV-01,governance,everyone,any,0,T,T,N,N,,,5.1,,,\n", HEADER);
	refused(buf, "line 2, column scope");
	snprintf(buf, sizeof buf, "%sGOV-01,governance,organisation,any,0,T,T,N,N,,,5.1,,,5.2;;7.5\n", HEADER);
	refused(buf, "line 2, column clauses");
}

/* ---- the catalogue check --------------------------------------------------- */

#define CTL_HEADER "code,theme,title_sv,title_en\n"

/* Problems of a small catalogue: rows under HEADER, the given notes. */
static size_t check(const char *rows, const char *notes, const char ***msgs)
{
	static struct arena *a;
	if (!a)
		a = arena_new();
	static char req[4096];
	snprintf(req, sizeof req, "%s%s", HEADER, rows);
	static const char *const ctl[CATALOGUE_NFRAMEWORKS] = {
		CTL_HEADER "5.1,organizational,Policyer,Policies\n5.2,organizational,Roller,Roles\n",
		CTL_HEADER "1,,Inventering,Inventory\n",
		CTL_HEADER "a,,Riskanalys,Risk analysis\n",
		CTL_HEADER "5.2,leadership,Policy,Policy\n",
	};
	struct catalogue_texts t = { .requirements = req, .requirements_len = strlen(req), .notes = notes,
				     .notes_len = notes ? strlen(notes) : 0 };
	for (size_t i = 0; i < CATALOGUE_NFRAMEWORKS; i++) {
		t.controls[i] = ctl[i];
		t.controls_len[i] = strlen(ctl[i]);
	}
	return catalogue_check(a, &t, msgs);
}

/* The check finds exactly one problem, and its message says want. */
static void one_problem(const char *rows, const char *notes, const char *want)
{
	const char **msgs;
	size_t n = check(rows, notes, &msgs);
	if (n != 1)
		fail_msg("%zu problems for \"%s\" (want one: %s)%s%s", n, rows, want, n ? ": " : "", n ? msgs[0] : "");
	if (!strstr(msgs[0], want))
		fail_msg("message \"%s\" lacks \"%s\"", msgs[0], want);
}

#define SYS_OK "ACC-01,access,system,K,1,Personliga konton,Personal accounts,Nu,Now,Systemet ska ha personliga konton.,The system shall have personal accounts.,5.1,1,a,\n"
#define ORG_OK "GOV-01,governance,organisation,any,0,Roller,Roles,Nu,Now,,,5.2,,,5.2\n"
#define NOTES_HEADER "framework,code,note_sv,note_en\n"

static void test_check(void **state)
{
	(void)state;
	const char **msgs;
	/* What Tillit ships passes: every control covered or explained. */
	struct arena *a = arena_new();
	size_t n = catalogue_check_shipped(a, &msgs);
	for (size_t i = 0; i < n; i++)
		print_message("catalogue check: %s\n", msgs[i]);
	assert_int_equal(n, 0);
	arena_free(a);

	assert_int_equal(check(SYS_OK ORG_OK, NULL, &msgs), 0);
	/* A control without a requirement, unless a note says why. */
	one_problem(SYS_OK, NULL, "control 5.2 (Roles) has no requirement and no note");
	assert_int_equal(check(SYS_OK, NOTES_HEADER "iso27001,5.2,Ingen passar,None fits\n", &msgs), 0);
	one_problem(SYS_OK ORG_OK, NOTES_HEADER "iso27001,5.2,Ingen passar,None fits\n", "has requirements and a note");
	one_problem(SYS_OK ORG_OK, NOTES_HEADER "iso27001,9.9,Ingen passar,None fits\n", "there is no control 9.9");
	one_problem(SYS_OK ORG_OK, NOTES_HEADER "iso27002,5.2,Ingen passar,None fits\n", "unknown framework");
	/* Mappings to controls that do not exist. */
	one_problem(SYS_OK "GOV-02,governance,organisation,any,0,Policy,Policy,Nu,Now,,,5.2;5.99,,,\n", NULL,
		    "column iso27001: there is no control 5.99");
	one_problem(SYS_OK "GOV-02,governance,organisation,any,0,Policy,Policy,Nu,Now,,,5.2,,,4.1\n", NULL,
		    "column clauses: there is no control 4.1");
	/* Duplicates: codes, Swedish and English titles (any case). */
	one_problem(SYS_OK ORG_OK "GOV-02,governance,organisation,any,0,ROLLER,Others,Nu,Now,,,5.2,,,\n", NULL,
		    "the Swedish title is also GOV-01's");
	one_problem(SYS_OK ORG_OK "GOV-02,governance,organisation,any,0,Andra,roles,Nu,Now,,,5.2,,,\n", NULL,
		    "the English title is also GOV-01's");
	one_problem(SYS_OK ORG_OK "GOV-01,governance,organisation,any,0,Andra,Others,Nu,Now,,,5.2,,,\n", NULL,
		    "GOV-01 is listed twice");
	/* Procurement wording a tender evaluator can verify. */
	one_problem(ORG_OK "ACC-01,access,system,K,1,Konton,Accounts,Nu,Now,Systemet skall ha konton.,The system shall have accounts.,5.1,1,a,\n",
		    NULL, "column procurement_sv: no \"ska\"");
	one_problem(ORG_OK "ACC-01,access,system,K,1,Konton,Accounts,Nu,Now,Systemet ska ha konton.,The system should have accounts.,5.1,1,a,\n",
		    NULL, "column procurement_en: no \"shall\"");
	one_problem(ORG_OK "ACC-01,access,system,K,1,Konton,Accounts,Nu,Now,Leverantören ska på begäran beskriva kontona.,The supplier shall describe the accounts.,5.1,1,a,\n",
		    NULL, "only \"on request\"");
	one_problem(ORG_OK "ACC-01,access,system,K,1,Konton,Accounts,Nu,Now,Systemet ska ha konton.,,5.1,1,a,\n",
		    NULL, "needs procurement wording in both languages");
	one_problem(ORG_OK "ACC-01,access,system,K,1,Konton,,Nu,Now,Systemet ska ha konton.,The system shall have accounts.,5.1,1,a,\n",
		    NULL, "the English title and the current-state wording");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
