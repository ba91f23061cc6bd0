/*
 * check_arena: alignment, contiguous bumping within a chunk, large requests
 * in chunks of their own, accounting, reset and copies.
 */
#include <stdint.h>
#include <string.h>

#include "dns/arena.h"
#include "unit.h"

START_TEST(test_alloc)
{
	struct arena *a;
	uint8_t *p, *q, *r;
	size_t i, held;

	a = arena_new(1024);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(arena_used(a), 0);
	held = arena_held(a);
	ck_assert_uint_ge(held, 1024);
	p = arena_alloc(a, 1);
	q = arena_alloc(a, 13);
	r = arena_alloc(a, 8);
	ck_assert_uint_eq((uintptr_t)p % 8, 0);
	/* Bumped contiguously, each rounded up to 8. */
	ck_assert_ptr_eq(q, p + 8);
	ck_assert_ptr_eq(r, q + 16);
	ck_assert_uint_eq(arena_used(a), 32);
	ck_assert_uint_eq(arena_held(a), held);
	memset(p, 1, 1);
	memset(q, 2, 13);
	memset(r, 3, 8);

	/* A large request gets its own chunk; bumping continues after r. */
	p = arena_alloc(a, 5000);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % 8, 0);
	memset(p, 4, 5000);
	ck_assert_uint_eq(arena_used(a), 32 + 5000);
	ck_assert_uint_ge(arena_held(a), held + 5000);
	q = arena_alloc(a, 8);
	ck_assert_ptr_eq(q, r + 8);

	/* Filling past the chunk starts another one. */
	for (i = 0; i < 1000; i++) {
		p = arena_alloc(a, 24);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % 8, 0);
		memset(p, (int)i, 24);
	}
	ck_assert_uint_eq(arena_used(a), 32 + 5000 + 8 + 24000);
	ck_assert_uint_ge(arena_held(a), arena_used(a));

	arena_reset(a);
	ck_assert_uint_eq(arena_used(a), 0);
	ck_assert_uint_eq(arena_held(a), held);
	/* The first chunk is reused from its start. */
	p = arena_alloc(a, 8);
	ck_assert_ptr_nonnull(p);
	q = arena_alloc(a, 8);
	ck_assert_ptr_eq(q, p + 8);
	arena_free(a);
	arena_free(NULL);
}
END_TEST

START_TEST(test_memdup)
{
	struct arena *a;
	char *s;

	a = arena_new(0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_ge(arena_held(a), 4096);
	s = arena_memdup(a, "hello", 6);
	ck_assert_str_eq(s, "hello");
	ck_assert_uint_eq(arena_used(a), 8);
	ck_assert_ptr_nonnull(arena_memdup(a, "", 0));
	ck_assert_uint_eq(arena_used(a), 8);
	ck_assert_ptr_null(arena_alloc(a, SIZE_MAX - 3));
	ck_assert_uint_eq(arena_used(a), 8);
	arena_free(a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");

	tcase_add_test(tc, test_alloc);
	tcase_add_test(tc, test_memdup);
	suite_add_tcase(s, tc);
	return s;
}
