/*
 * check_radix: the tree against a sorted-array model. Random inserts and
 * deletes of radkeys of random names (mixed case, labels holding \000 and
 * '.'), radix_check after each operation, and at intervals a full
 * comparison by walk, less-or-equal, next, first and prefix walk.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "unit.h"

#define SEED 20261127u

/*
 * Check records the place of every ck_assert in fork mode, which is slow in
 * loops of millions of checks: REQ asserts only when the condition fails.
 */
#define REQ(c)								\
	do {								\
		if (!(c))						\
			ck_abort_msg("failed: %s", #c);			\
	} while (0)
#define MODEL_MAX 1500
#define OPS 105000

struct mkey {
	uint8_t k[RADKEY_MAX];
	size_t len;
	void *val;
};

struct model {
	struct mkey *e;
	size_t n;
};

static int
keycmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c;

	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* Index of the first entry >= key. */
static size_t
model_lower(const struct model *m, const uint8_t *k, size_t len)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (keycmp(m->e[mid].k, m->e[mid].len, k, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
model_has(const struct model *m, const uint8_t *k, size_t len, size_t *at)
{
	*at = model_lower(m, k, len);
	return *at < m->n && keycmp(m->e[*at].k, m->e[*at].len, k, len) == 0;
}

static void
model_put(struct model *m, const uint8_t *k, size_t len, void *val)
{
	size_t i;

	if (model_has(m, k, len, &i)) {
		m->e[i].val = val;
		return;
	}
	memmove(m->e + i + 1, m->e + i, (m->n - i) * sizeof(*m->e));
	memcpy(m->e[i].k, k, len);
	m->e[i].len = len;
	m->e[i].val = val;
	m->n++;
}

static void
model_del(struct model *m, size_t i)
{
	memmove(m->e + i, m->e + i + 1, (m->n - i - 1) * sizeof(*m->e));
	m->n--;
}

/*
 * A random name: labels from a small pool (so names share suffixes and
 * keys share prefixes), with random case, or random octets that include
 * \000 and '.'; some with a wide first octet so that nodes become dense.
 */
static int
rand_name(uint8_t *n, unsigned *seed)
{
	/* 13 labels; "x\000y" and "\000" are given their lengths below. */
	static const char *pool[13] = { "com", "example", "www", "a", "b",
	    "mail", "Sub", "x\000y", "a.b", "\000", ".", "@", "zz" };
	static const uint8_t oct[] = { 0x00, '.', 'a', 'B', 'c', '@', 'A',
	    '0', '-', 0x7f, 0xff, '[' };
	int o = 0, labels, i, j, l;
	const char *p;

	labels = 1 + (int)(rand_r(seed) % 4);
	for (i = 0; i < labels; i++) {
		switch (rand_r(seed) % 4) {
		case 0:
		case 1:
			j = (int)(rand_r(seed) % 13);
			p = pool[j];
			l = j == 7 ? 3 : j == 9 ? 1 : (int)strlen(p);
			n[o++] = (uint8_t)l;
			for (j = 0; j < l; j++)
				n[o++] = (uint8_t)(rand_r(seed) % 2 &&
				    p[j] >= 'a' && p[j] <= 'z' ? p[j] - 32 :
				    p[j]);
			break;
		case 2:
			l = 1 + (int)(rand_r(seed) % 3);
			n[o++] = (uint8_t)l;
			for (j = 0; j < l; j++)
				n[o++] = oct[rand_r(seed) % sizeof(oct)];
			break;
		default:
			l = 1 + (int)(rand_r(seed) % 2);
			n[o++] = (uint8_t)l;
			for (j = 0; j < l; j++)
				n[o++] = (uint8_t)rand_r(seed);
			break;
		}
	}
	n[o++] = 0;
	return o;
}

static size_t
rand_key(uint8_t *k, unsigned *seed)
{
	uint8_t n[NAME_MAXLEN];

	rand_name(n, seed);
	return radkey_from_name(n, k);
}

struct walkst {
	const struct model *m;
	size_t i, end;
	int stop;
};

static int
walk_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct walkst *w = ctx;

	REQ(w->i < w->end);
	REQ(len == w->m->e[w->i].len);
	REQ(memcmp(key, w->m->e[w->i].k, len) == 0);
	REQ(val == w->m->e[w->i].val);
	w->i++;
	if (w->stop > 0 && --w->stop == 0)
		return 7;
	return 0;
}

/* A probe near the model's keys: a key, or one cut, extended or bumped. */
static size_t
probe(const struct model *m, uint8_t *k, unsigned *seed)
{
	const struct mkey *e;
	size_t len;

	if (m->n == 0 || rand_r(seed) % 4 == 0)
		return rand_key(k, seed);
	e = &m->e[rand_r(seed) % m->n];
	memcpy(k, e->k, e->len);
	len = e->len;
	switch (rand_r(seed) % 5) {
	case 0:
		break;
	case 1:
		len = rand_r(seed) % (len + 1);
		break;
	case 2:
		k[len++] = (uint8_t)rand_r(seed);
		break;
	default:
		if (len > 0) {
			len = 1 + rand_r(seed) % len;
			k[len - 1] += rand_r(seed) % 2 ? 1 : 255;
		}
		break;
	}
	return len;
}

/*
 * radix_find against the model: the value under the key, the longest model
 * key that is a prefix of the key (searched cut by cut), and with want_le
 * the same predecessor as the model's.
 */
static void
check_find(const struct radix *t, const struct model *m, const uint8_t *k,
    size_t len)
{
	struct radix_res r;
	size_t at, plen;
	int has, ret;

	has = model_has(m, k, len, &at);
	ret = radix_find(t, k, len, 0, &r);
	REQ(ret == has);
	REQ(r.exact == (has ? m->e[at].val : NULL));
	REQ(r.le == (has ? m->e[at].val : NULL));
	for (plen = len + 1; plen-- > 0;)
		if (model_has(m, k, plen, &at))
			break;
	if (plen == (size_t)-1) {
		REQ(r.prefix == NULL);
		REQ(r.prefixlen == 0);
	} else {
		REQ(r.prefix == m->e[at].val);
		REQ(r.prefixlen == plen);
	}
	has = model_has(m, k, len, &at);
	ret = radix_find(t, k, len, 1, &r);
	REQ(ret == has);
	if (!has && at == 0)
		REQ(r.le == NULL);
	else
		REQ(r.le == m->e[has ? at : at - 1].val);
}

static void
check_probe(const struct radix *t, const struct model *m, const uint8_t *k,
    size_t len)
{
	uint8_t f[RADKEY_MAX + 8];
	size_t at, flen;
	void *val;
	int r, has;

	has = model_has(m, k, len, &at);
	/* Less-or-equal. */
	val = (void *)1;
	flen = 9999;
	r = radix_le(t, k, len, &val, f, sizeof(f), &flen);
	if (has) {
		REQ(r == 1);
	} else if (at == 0) {
		REQ(r == -1);
	} else {
		REQ(r == 0);
		at--;
	}
	if (r >= 0) {
		REQ(flen == m->e[at].len);
		REQ(memcmp(f, m->e[at].k, flen) == 0);
		REQ(val == m->e[at].val);
	}
	/* radix_find: exact, the longest stored prefix, and le again. */
	check_find(t, m, k, len);
	/* Next: the first entry > key. */
	has = model_has(m, k, len, &at);
	if (has)
		at++;
	r = radix_next(t, k, len, &val, f, sizeof(f), &flen);
	if (at == m->n) {
		REQ(r == -1);
	} else {
		REQ(r == 0);
		REQ(flen == m->e[at].len);
		REQ(memcmp(f, m->e[at].k, flen) == 0);
		REQ(val == m->e[at].val);
	}
	/* A short output buffer: the key is cut, the length is whole. */
	if (at < m->n && m->e[at].len > 2) {
		memset(f, 0xee, 4);
		r = radix_next(t, k, len, NULL, f, 2, &flen);
		REQ(r == 0);
		REQ(flen == m->e[at].len);
		REQ(memcmp(f, m->e[at].k, 2) == 0);
		REQ(f[2] == 0xee);
	}
}

static void
check_prefix(const struct radix *t, const struct model *m, const uint8_t *p,
    size_t plen)
{
	struct walkst w;
	size_t i;

	w.m = m;
	w.i = model_lower(m, p, plen);
	for (i = w.i; i < m->n; i++)
		if (m->e[i].len < plen || memcmp(m->e[i].k, p, plen) != 0)
			break;
	w.end = i;
	w.stop = 0;
	REQ(radix_walk_prefix(t, p, plen, walk_cb, &w) == 0);
	REQ(w.i == w.end);
}

static void
check_all(const struct radix *t, const struct model *m, unsigned *seed)
{
	uint8_t k[RADKEY_MAX + 8], f[RADKEY_MAX];
	struct walkst w = { m, 0, m->n, 0 };
	size_t flen, len;
	void *val;
	int i;

	ck_assert_int_eq(radix_walk(t, walk_cb, &w), 0);
	ck_assert_uint_eq(w.i, m->n);
	if (m->n > 3) {
		/* A non-zero return of the callback stops the walk. */
		w.i = 0;
		w.stop = 3;
		ck_assert_int_eq(radix_walk(t, walk_cb, &w), 7);
		ck_assert_uint_eq(w.i, 3);
	}
	if (m->n == 0) {
		ck_assert_int_eq(radix_first(t, &val, f, sizeof(f), &flen), -1);
	} else {
		ck_assert_int_eq(radix_first(t, &val, f, sizeof(f), &flen), 0);
		ck_assert_uint_eq(flen, m->e[0].len);
		ck_assert_mem_eq(f, m->e[0].k, flen);
		ck_assert_ptr_eq(val, m->e[0].val);
	}
	for (i = 0; i < 60; i++) {
		len = probe(m, k, seed);
		check_probe(t, m, k, len);
		check_prefix(t, m, k, len);
	}
	check_prefix(t, m, k, 0);
	check_probe(t, m, k, 0);
}

START_TEST(test_random_model)
{
	struct model m;
	struct radix *t;
	uint8_t k[RADKEY_MAX];
	unsigned seed = SEED;
	uintptr_t serial = 1;
	size_t len, at, mem0;
	int op, grow = 1, has, ins = 0, del = 0, miss = 0;
	void *v;

	printf("check_radix: seed %u\n", seed);
	m.e = calloc(MODEL_MAX + 1, sizeof(*m.e));
	ck_assert_ptr_nonnull(m.e);
	m.n = 0;
	t = radix_new();
	ck_assert_ptr_nonnull(t);
	mem0 = radix_memory(t);
	for (op = 0; op < OPS; op++) {
		/* Grow to MODEL_MAX, then shrink to empty, and again. */
		if (m.n >= MODEL_MAX)
			grow = 0;
		else if (m.n == 0)
			grow = 1;
		len = rand_key(k, &seed);
		if (m.n > 0 && rand_r(&seed) % 3 == 0) {
			/* Touch a present key. */
			at = rand_r(&seed) % m.n;
			len = m.e[at].len;
			memcpy(k, m.e[at].k, len);
		}
		if (rand_r(&seed) % 10 < (grow ? 7 : 3) && m.n < MODEL_MAX) {
			v = (void *)serial++;
			REQ(radix_insert(t, k, len, v) == 0);
			model_put(&m, k, len, v);
			ins++;
		} else {
			has = model_has(&m, k, len, &at);
			v = radix_delete(t, k, len);
			if (has) {
				REQ(v == m.e[at].val);
				model_del(&m, at);
				del++;
			} else {
				REQ(v == NULL);
				miss++;
			}
		}
		REQ(radix_check(t) == 0);
		REQ(radix_count(t) == m.n);
		has = model_has(&m, k, len, &at);
		REQ(radix_get(t, k, len) == (has ? m.e[at].val : NULL));
		if (op % 400 == 0)
			check_all(t, &m, &seed);
	}
	check_all(t, &m, &seed);
	ck_assert_int_gt(ins, OPS / 3);
	ck_assert_int_gt(del, OPS / 5);
	ck_assert_int_gt(miss, 1000);
	/* Empty the tree: memory goes back to the bare tree. */
	while (m.n > 0) {
		ck_assert_ptr_eq(radix_delete(t, m.e[0].k, m.e[0].len),
		    m.e[0].val);
		model_del(&m, 0);
		ck_assert_int_eq(radix_check(t), 0);
	}
	ck_assert_uint_eq(radix_count(t), 0);
	ck_assert_uint_eq(radix_memory(t), mem0);
	radix_free(t, NULL, NULL);
	free(m.e);
}
END_TEST

/* Keys "p" + one octet for every octet: the node must turn dense and back. */
START_TEST(test_dense)
{
	struct radix *t;
	uint8_t k[3] = { 'p', 0, 'q' }, f[8];
	size_t flen;
	void *val;
	int i;

	t = radix_new();
	ck_assert_int_eq(radix_insert(t, k, 1, (void *)1000), 0);
	for (i = 255; i >= 0; i--) {
		k[1] = (uint8_t)i;
		ck_assert_int_eq(radix_insert(t, k, 2, (void *)(uintptr_t)(i +
		    1)), 0);
		ck_assert_int_eq(radix_check(t), 0);
	}
	ck_assert_uint_eq(radix_count(t), 257);
	for (i = 0; i < 256; i++) {
		k[1] = (uint8_t)i;
		ck_assert_ptr_eq(radix_get(t, k, 2),
		    (void *)(uintptr_t)(i + 1));
		/* "p" i "q": le is "p" i, next is "p" i+1. */
		ck_assert_int_eq(radix_le(t, k, 3, &val, f, sizeof(f), &flen),
		    0);
		ck_assert_uint_eq(flen, 2);
		ck_assert_uint_eq(f[1], i);
		if (i < 255) {
			ck_assert_int_eq(radix_next(t, k, 2, &val, f, sizeof(f),
			    &flen), 0);
			ck_assert_uint_eq(f[1], i + 1);
			ck_assert_ptr_eq(val, (void *)(uintptr_t)(i + 2));
		} else {
			ck_assert_int_eq(radix_next(t, k, 2, &val, f, sizeof(f),
			    &flen), -1);
		}
	}
	ck_assert_int_eq(radix_next(t, k, 1, &val, f, sizeof(f), &flen), 0);
	ck_assert_uint_eq(flen, 2);
	ck_assert_uint_eq(f[1], 0);
	ck_assert_int_eq(radix_le(t, k, 1, &val, f, sizeof(f), &flen), 1);
	ck_assert_ptr_eq(val, (void *)1000);
	for (i = 0; i < 256; i += 2) {
		k[1] = (uint8_t)i;
		ck_assert_ptr_eq(radix_delete(t, k, 2), (void *)(uintptr_t)(i +
		    1));
		ck_assert_int_eq(radix_check(t), 0);
	}
	for (i = 1; i < 256; i += 2) {
		k[1] = (uint8_t)i;
		ck_assert_int_eq(radix_le(t, k, 2, &val, NULL, 0, NULL), 1);
		ck_assert_ptr_eq(radix_delete(t, k, 2), (void *)(uintptr_t)(i +
		    1));
		ck_assert_int_eq(radix_check(t), 0);
	}
	ck_assert_uint_eq(radix_count(t), 1);
	ck_assert_ptr_eq(radix_delete(t, k, 1), (void *)1000);
	ck_assert_int_eq(radix_check(t), 0);
	ck_assert_uint_eq(radix_count(t), 0);
	radix_free(t, NULL, NULL);
}
END_TEST

static void
count_free(void *val, void *ctx)
{
	size_t *n = ctx;

	ck_assert_ptr_nonnull(val);
	(*n)++;
}

START_TEST(test_basics)
{
	struct radix *t;
	uint8_t big[RADIX_MAXKEY + 1];
	void **slot, *val;
	uint8_t f[16];
	size_t flen, freed = 0;

	t = radix_new();
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(radix_check(t), 0);
	ck_assert_ptr_null(radix_get(t, (const uint8_t *)"", 0));
	ck_assert_int_eq(radix_le(t, (const uint8_t *)"a", 1, &val, f,
	    sizeof(f), &flen), -1);
	ck_assert_int_eq(radix_next(t, (const uint8_t *)"", 0, &val, f,
	    sizeof(f), &flen), -1);
	ck_assert_ptr_null(radix_delete(t, (const uint8_t *)"a", 1));

	/* The empty key is a key like any other, and sorts first. */
	ck_assert_int_eq(radix_insert(t, (const uint8_t *)"", 0, f), 0);
	ck_assert_int_eq(radix_insert(t, (const uint8_t *)"abc", 3, f + 1),
	    0);
	ck_assert_int_eq(radix_insert(t, (const uint8_t *)"abd", 3, f + 2),
	    0);
	ck_assert_int_eq(radix_insert(t, (const uint8_t *)"ab", 2, f + 3), 0);
	ck_assert_int_eq(radix_check(t), 0);
	ck_assert_ptr_eq(radix_get(t, (const uint8_t *)"", 0), f);
	ck_assert_ptr_eq(radix_get(t, (const uint8_t *)"ab", 2), f + 3);
	ck_assert_ptr_null(radix_get(t, (const uint8_t *)"a", 1));
	ck_assert_ptr_null(radix_get(t, (const uint8_t *)"abcd", 4));
	/* Replace. */
	ck_assert_int_eq(radix_insert(t, (const uint8_t *)"abc", 3, f + 4),
	    0);
	ck_assert_uint_eq(radix_count(t), 4);
	ck_assert_ptr_eq(radix_get(t, (const uint8_t *)"abc", 3), f + 4);
	ck_assert_int_eq(radix_le(t, (const uint8_t *)"abcz", 4, &val, f + 8,
	    8, &flen), 0);
	ck_assert_ptr_eq(val, f + 4);
	ck_assert_uint_eq(flen, 3);
	ck_assert_mem_eq(f + 8, "abc", 3);
	ck_assert_int_eq(radix_le(t, (const uint8_t *)"aa", 2, &val, NULL, 0,
	    NULL), 0);
	ck_assert_ptr_eq(val, f);

	/* A slot is created empty, counts, and can be filled. */
	slot = radix_slot(t, (const uint8_t *)"b", 1);
	ck_assert_ptr_nonnull(slot);
	ck_assert_ptr_null(*slot);
	ck_assert_uint_eq(radix_count(t), 5);
	*slot = f + 5;
	ck_assert_ptr_eq(radix_slot(t, (const uint8_t *)"b", 1), slot);
	ck_assert_ptr_eq(radix_get(t, (const uint8_t *)"b", 1), f + 5);
	ck_assert_int_eq(radix_check(t), 0);

	/* Keys longer than RADIX_MAXKEY are refused. */
	memset(big, 'k', sizeof(big));
	ck_assert_int_eq(radix_insert(t, big, RADIX_MAXKEY + 1, f), RD_ERANGE);
	ck_assert_ptr_null(radix_slot(t, big, RADIX_MAXKEY + 1));
	ck_assert_int_eq(radix_insert(t, big, RADIX_MAXKEY, f + 6), 0);
	ck_assert_ptr_eq(radix_get(t, big, RADIX_MAXKEY), f + 6);
	ck_assert_int_eq(radix_check(t), 0);
	ck_assert_uint_gt(radix_memory(t), RADIX_MAXKEY);

	radix_free(t, count_free, &freed);
	ck_assert_uint_eq(freed, 6);
	radix_free(NULL, NULL, NULL);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("radix");
	TCase *tc = tcase_create("radix");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_basics);
	tcase_add_test(tc, test_dense);
	tcase_add_test(tc, test_random_model);
	suite_add_tcase(s, tc);
	return s;
}
