/*
 * test_arena: the request arena (src/util/arena.c) — zeroed, aligned
 * memory; large blocks; deferred cleanups in reverse order; arena_reset
 * running cleanups and leaving an arena as good as new for the next row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "util/arena.h"

static char order[16];

static void note(void *p)
{
	size_t n = strlen(order);
	order[n] = *(const char *)p;
	order[n + 1] = 0;
}

static void test_alloc(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t n = 1; n < 20000; n = n * 3 + 1) {
		unsigned char *p = arena_alloc(a, n);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, n);
	}
	assert_true(arena_used(a) >= 1 + 4 + 13 + 40 + 121 + 364 + 1093 + 3280 + 9841);
	assert_string_equal(arena_printf(a, "%s-%d", "x", 42), "x-42");
	char longer[600];
	memset(longer, 'y', sizeof longer - 1);
	longer[sizeof longer - 1] = 0;
	assert_string_equal(arena_printf(a, "%s", longer), longer);
	arena_free(a);
}

static void test_defer_and_reset(void **state)
{
	(void)state;
	static const char a1 = 'a', b1 = 'b', c1 = 'c';
	order[0] = 0;
	struct arena *a = arena_new();
	arena_defer(a, note, (void *)&a1);
	arena_defer(a, note, (void *)&b1);
	unsigned char *big = arena_alloc(a, 100000);
	memset(big, 1, 100000);
	arena_reset(a);
	/* Cleanups ran, last registered first; nothing is counted as used. */
	assert_string_equal(order, "ba");
	assert_int_equal(arena_used(a), 0);
	/* Memory after a reset is zeroed again, though the chunk is reused. */
	for (int round = 0; round < 1000; round++) {
		unsigned char *p = arena_alloc(a, 1000);
		for (int i = 0; i < 1000; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xFF, 1000);
		arena_alloc(a, 20000);
		arena_reset(a);
	}
	arena_defer(a, note, (void *)&c1);
	arena_free(a);
	assert_string_equal(order, "bac");
	/* A reset of an arena that never allocated is harmless. */
	a = arena_new();
	arena_reset(a);
	assert_non_null(arena_alloc(a, 8));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_defer_and_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
