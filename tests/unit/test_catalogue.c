/*
 * test_catalogue: the catalogue files (src/model/catalogue.c). The shipped
 * files parse and hold what the issue promises; a file that does not parse
 * is refused with a message naming the line and column.
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

#define HEADER "code,area,aspect,min_level,title_sv,title_en,current_sv,current_en,procurement_sv,procurement_en,iso27001,cis,nis2\n"

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
	} fw[] = { { "data/iso27001-annex-a.csv", 93 }, { "data/cis-controls-v8.csv", 18 }, { "data/nis2-art21.csv", 10 } };
	for (size_t k = 0; k < 3; k++) {
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
	const char *ok = "ACC-01,access,K,1,Titel,Title,Nu,Now,Ska,Shall,5.15;8.5,5;6,i\n";
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
	snprintf(buf, sizeof buf, "%sGOV-05,governance,any,2,T,T,N,N,S,S,5.8,,a\nMON-07,monitoring,K,0,T,T,N,N,S,S,5.24,17,b\n", HEADER);
	assert_int_equal(parse_reqs(buf, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].aspect, "any");
	assert_int_equal(v[0].min_level, 2);
	assert_int_equal(v[1].min_level, 0);
	snprintf(buf, sizeof buf, "%sACC-01,access,all,1,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column aspect");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,-1,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column min_level");
	refused("code,area\nACC-01,access\n", "line 1");
	snprintf(buf, sizeof buf, "%sACC-01,access,X,1,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column aspect");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,4,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column min_level");
	snprintf(buf, sizeof buf, "%sACC-01,nowhere,K,1,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column area");
	snprintf(buf, sizeof buf, "%s%s%s", HEADER, ok, ok);
	refused(buf, "line 3, column code");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,1,,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column title_sv");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,1,T,T,N,N,S,S,5.15;;8.5,5,i\n", HEADER);
	refused(buf, "line 2, column iso27001");
	snprintf(buf, sizeof buf, "%sacc 01,access,K,1,T,T,N,N,S,S,5.15,5,i\n", HEADER);
	refused(buf, "line 2, column code");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,1,T,T,N\n", HEADER);
	refused(buf, "line 2");
	snprintf(buf, sizeof buf, "%sACC-01,access,K,1,\"unterminated\n", HEADER);
	refused(buf, "line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
