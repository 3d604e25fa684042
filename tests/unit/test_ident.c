/*
 * Unit tests for core/ident: Swedish organisation numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/ident.h"

static void test_orgnr_valid(void **state)
{
	(void)state;
	char out[12];
	/* Stockholms stad, Göteborgs Stad, a company, Skatteverket. */
	static const char *const ok[] = { "212000-0142", "2120001355", "556036-0793", "202100-5448" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(ident_orgnr(ok[i], out), IDENT_OK);
	assert_int_equal(ident_orgnr("2120001355", out), IDENT_OK);
	assert_string_equal(out, "212000-1355");
	assert_int_equal(ident_orgnr("212000-0142", out), IDENT_OK);
	assert_string_equal(out, "212000-0142");
}

static void test_orgnr_check_digit(void **state)
{
	(void)state;
	char out[12];
	/* One digit changed, or two swapped: the check digit catches it. */
	assert_int_equal(ident_orgnr("212000-0143", out), IDENT_CHECK);
	assert_int_equal(ident_orgnr("2120000124", out), IDENT_CHECK);
	assert_int_equal(ident_orgnr("556036-0794", out), IDENT_CHECK);
}

static void test_orgnr_format(void **state)
{
	(void)state;
	char out[12];
	static const char *const bad[] = { "", "212000", "212000-014", "212000-01422", "21200-00142",
					   "212000 0142", "212000--142", "-2120000142", "2120000142-",
					   "21200O-0142", "19212000-0142", "212000-0142 " };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ident_orgnr(bad[i], out), IDENT_FORMAT);
	assert_int_equal(ident_orgnr(NULL, out), IDENT_FORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orgnr_valid),
		cmocka_unit_test(test_orgnr_check_digit),
		cmocka_unit_test(test_orgnr_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
