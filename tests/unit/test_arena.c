/*
 * test_arena: the request arena (src/util/arena.c) — zeroed, aligned
 * memory; large blocks; deferred cleanups in reverse order; arena_reset
 * running cleanups and leaving an arena as good as new for the next row;
 * and the checked sizes of every allocator (arena, xalloc, buf): a size
 * that overflows when multiplied, rounded or grown aborts through
 * xalloc_die() instead of handing out a small block.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

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

/* Text is packed (a one-character string costs two bytes, which bounds
 * what a file of tiny fields costs to parse); whatever comes after text is
 * still aligned, and nothing overlaps. */
static void test_text_packed(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	int packed = 0;
	for (int i = 0; i < 3000; i++) {
		char *t = arena_strndup(a, "ab", 1);
		assert_string_equal(t, "a");
		char *u = arena_strdup(a, "b");
		if (u > t && u - t < 64) { /* the same chunk */
			assert_int_equal(u - t, 2);
			packed++;
		}
		if (i % 7 == 0) {
			unsigned char *p = arena_alloc(a, 24);
			assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
			assert_true((char *)p >= t + 2 || (char *)p + 24 <= t);
			memset(p, 0xCD, 24);
			assert_string_equal(t, "a");
		}
		char *f = arena_printf(a, "%d", i % 10);
		assert_int_equal(f[1], 0);
	}
	assert_true(packed > 2900);
	assert_true(arena_used(a) < 3000 * 6 + 429 * 48 + 1024);
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

/* ---- sizes that do not fit -------------------------------------------- */

/* Each takes the size to ask for; returning means the allocator gave in. */
static int arena_of(void *ctx)
{
	struct arena *a = arena_new();
	unsigned char *p = arena_alloc(a, *(size_t *)ctx);
	p[0] = 1;
	return 0;
}

static int arena_array_of(void *ctx)
{
	struct arena *a = arena_new();
	size_t n = *(size_t *)ctx;
	unsigned char *p = arena_alloc_array(a, n, 16);
	p[0] = 1;
	return 0;
}

static int arena_strndup_of(void *ctx)
{
	struct arena *a = arena_new();
	(void)arena_strndup(a, "x", *(size_t *)ctx);
	return 0;
}

static int xmallocarray_of(void *ctx)
{
	unsigned char *p = xmallocarray(*(size_t *)ctx, 8);
	p[0] = 1;
	return 0;
}

static int xreallocarray_of(void *ctx)
{
	unsigned char *p = xmallocarray(4, 8);
	p = xreallocarray(p, *(size_t *)ctx, 8);
	p[0] = 1;
	return 0;
}

static int buf_grow_of(void *ctx)
{
	struct buf b = BUF_INIT;
	buf_grow(&b, *(size_t *)ctx);
	return 0;
}

static int buf_grow_full_of(void *ctx)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "some text");
	buf_grow(&b, *(size_t *)ctx);
	return 0;
}

static void dies_of(int (*fn)(void *), size_t n)
{
	struct child_end end = child_run(fn, &n);
	child_assert_died_of_size(&end);
}

static void test_sizes_that_overflow(void **state)
{
	(void)state;
	/* Rounded up to the alignment, these wrap past zero. */
	for (size_t k = 0; k < alignof(max_align_t); k++)
		dies_of(arena_of, SIZE_MAX - k);
	dies_of(arena_of, SIZE_MAX - alignof(max_align_t)); /* rounds, but no chunk holds it */
	dies_of(arena_strndup_of, SIZE_MAX);
	/* n * size past SIZE_MAX, and just past it. */
	dies_of(arena_array_of, SIZE_MAX / 16 + 1);
	dies_of(arena_array_of, SIZE_MAX);
	dies_of(xmallocarray_of, SIZE_MAX / 8 + 1);
	dies_of(xmallocarray_of, (SIZE_MAX >> 1) + 7);
	dies_of(xreallocarray_of, SIZE_MAX / 4);
	/* len + extra + 1 past SIZE_MAX. */
	dies_of(buf_grow_of, SIZE_MAX);
	dies_of(buf_grow_full_of, SIZE_MAX - 9);
	dies_of(buf_grow_full_of, SIZE_MAX - 5);
}

static void test_sizes_that_fit(void **state)
{
	(void)state;
	/* The checked forms give what the plain ones give. */
	struct arena *a = arena_new();
	long long *v = arena_alloc_array(a, 1000, sizeof *v);
	assert_int_equal((uintptr_t)v % alignof(max_align_t), 0);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(v[i], 0);
	assert_true(arena_used(a) >= 1000 * sizeof *v);
	assert_non_null(arena_alloc_array(a, 0, 8));
	arena_free(a);
	int *p = xmallocarray(10, sizeof *p);
	p[9] = 9;
	p = xreallocarray(p, 100000, sizeof *p);
	assert_int_equal(p[9], 9);
	p[99999] = 1;
	free(p);
	assert_int_equal(xmulsize(SIZE_MAX / 2, 2), SIZE_MAX - 1);
	assert_int_equal(xmulsize(0, SIZE_MAX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_text_packed),
		cmocka_unit_test(test_defer_and_reset),
		cmocka_unit_test(test_sizes_that_overflow),
		cmocka_unit_test(test_sizes_that_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
