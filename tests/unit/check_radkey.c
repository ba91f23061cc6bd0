/*
 * check_radkey: known keys, key order equal to name_cmp order on random
 * names (RFC 4034 §6.1), the round trip back to the lower-case name, and
 * byte strings that are no key.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radkey.h"
#include "unit.h"

static size_t
key_of(const char *text, uint8_t key[RADKEY_MAX])
{
	uint8_t n[NAME_MAXLEN];

	ck_assert_int_gt(name_from_text(text, strlen(text), NULL, n), 0);
	return radkey_from_name(n, key);
}

static int
keycmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c;

	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

START_TEST(test_known)
{
	uint8_t key[RADKEY_MAX], name[NAME_MAXLEN];

	ck_assert_uint_eq(key_of(".", key), 0);
	ck_assert_int_eq(radkey_to_name(key, 0, name), 1);
	ck_assert_int_eq(name[0], 0);
	ck_assert_uint_eq(key_of("Z.a.EXAMPLE.", key), 12);
	ck_assert_mem_eq(key, "example\000a\000z\000", 12);
	ck_assert_int_eq(radkey_to_name(key, 12, name), 13);
	ck_assert_mem_eq(name, "\001z\001a\007example\000", 13);
	/* 0x00-0x40 shift up by one; '@' becomes 0x41; others stay. */
	ck_assert_uint_eq(key_of("\\000\\@\\.-[`\\255.", key), 8);
	ck_assert_mem_eq(key, "\001\101\057\056[`\377\000", 8);
	ck_assert_int_eq(radkey_to_name(key, 8, name), 9);
	ck_assert_mem_eq(name, "\007\000@.-[`\377\000", 9);
}
END_TEST

START_TEST(test_rfc4034_order)
{
	static const char *order[] = {
		".", "example.", "a.example.", "yljkjljk.a.example.",
		"Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
		"\\001.z.example.", "*.z.example.", "\\200.z.example.",
	};
	uint8_t a[RADKEY_MAX], b[RADKEY_MAX];
	size_t i, alen, blen;

	for (i = 1; i < sizeof(order) / sizeof(order[0]); i++) {
		alen = key_of(order[i - 1], a);
		blen = key_of(order[i], b);
		ck_assert_msg(keycmp(a, alen, b, blen) < 0, "%s < %s",
		    order[i - 1], order[i]);
	}
}
END_TEST

/* Octets that stress the mapping: the shifted range, '@', letters, edges. */
static uint8_t
rand_octet(unsigned *seed)
{
	static const uint8_t pick[] = { 0x00, 0x01, '.', '-', '0', '@', 'A',
	    'Z', 'a', 'z', '[', '_', '`', '{', 0x7f, 0x80, 0xff };

	if (rand_r(seed) % 4 == 0)
		return (uint8_t)rand_r(seed);
	return pick[rand_r(seed) % sizeof(pick)];
}

static int
rand_name(uint8_t *n, unsigned *seed)
{
	int o = 0, labels, i, l;

	labels = (int)(rand_r(seed) % 5);
	for (i = 0; i < labels; i++) {
		l = 1 + (int)(rand_r(seed) % (rand_r(seed) % 8 ? 3 : 63));
		if (o + 1 + l + 1 > NAME_MAXLEN)
			break;
		n[o++] = (uint8_t)l;
		while (l-- > 0)
			n[o++] = rand_octet(seed);
	}
	n[o++] = 0;
	return o;
}

START_TEST(test_random)
{
	uint8_t a[NAME_MAXLEN], b[NAME_MAXLEN], la[NAME_MAXLEN];
	uint8_t ka[RADKEY_MAX], kb[RADKEY_MAX], back[NAME_MAXLEN];
	unsigned seed = 4034;
	size_t alen, blen;
	int i, len, c, k, lt = 0, gt = 0, eq = 0;

	printf("check_radkey: seed %u\n", seed);
	for (i = 0; i < 200000; i++) {
		len = rand_name(a, &seed);
		rand_name(b, &seed);
		if (i % 7 == 0) {
			/* A case variant or an extension of a. */
			memcpy(b, a, (size_t)len);
			if (i % 2 && len > 1)
				b[1] ^= (uint8_t)(rand_r(&seed) % 2 ? 0x20 : 0);
			else if (len + 2 <= NAME_MAXLEN)
				name_concat((const uint8_t *)"\001a", 2, a, b);
		}
		alen = radkey_from_name(a, ka);
		blen = radkey_from_name(b, kb);
		c = name_cmp(a, b);
		k = keycmp(ka, alen, kb, blen);
		/* Check records every assertion: only assert on failure. */
		if (alen != (size_t)len - 1 || (c < 0) != (k < 0) ||
		    (c > 0) != (k > 0))
			ck_abort_msg("order differs at %d: %d, keys %d", i,
			    c, k);
		lt += k < 0;
		gt += k > 0;
		eq += k == 0;
		memcpy(la, a, (size_t)len);
		name_tolower(la);
		if (radkey_to_name(ka, alen, back) != len ||
		    memcmp(back, la, (size_t)len) != 0)
			ck_abort_msg("round trip differs at %d", i);
	}
	/* Every outcome was exercised. */
	ck_assert_int_gt(lt, 1000);
	ck_assert_int_gt(gt, 1000);
	ck_assert_int_gt(eq, 1000);
}
END_TEST

START_TEST(test_not_keys)
{
	uint8_t name[NAME_MAXLEN], key[300];

	/* Not ended by 0x00, an empty label, upper case, a long label. */
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"ab", 2, name),
	    RD_EMALFORMED);
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"\000", 1, name),
	    RD_EMALFORMED);
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"a\000\000", 3,
	    name), RD_EMALFORMED);
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"aB\000", 3, name),
	    RD_EMALFORMED);
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"a\102\000", 3,
	    name), RD_EMALFORMED);
	ck_assert_int_eq(radkey_to_name((const uint8_t *)"a\101\000", 3,
	    name), 4);
	ck_assert_mem_eq(name, "\002a@\000", 4);
	memset(key, 'x', 64);
	key[64] = 0;
	ck_assert_int_eq(radkey_to_name(key, 65, name), RD_EMALFORMED);
	key[63] = 0;
	ck_assert_int_eq(radkey_to_name(key, 64, name), 65);
	/* 254 key octets are a 255-octet name; 255 are too many. */
	memset(key, 'y', sizeof(key));
	key[0] = 0;
	ck_assert_int_eq(radkey_to_name(key, 1, name), RD_EMALFORMED);
	key[0] = 'y';
	key[63] = key[127] = key[191] = key[253] = 0;
	ck_assert_int_eq(radkey_to_name(key, 254, name), 255);
	ck_assert_int_eq(name_labels(name), 4);
	ck_assert_int_eq(name[0], 61);
	ck_assert_int_eq(name_check(name, 255), 255);
	key[254] = 0;
	ck_assert_int_eq(radkey_to_name(key, 255, name), RD_EMALFORMED);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("radkey");
	TCase *tc = tcase_create("radkey");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_known);
	tcase_add_test(tc, test_rfc4034_order);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_not_keys);
	suite_add_tcase(s, tc);
	return s;
}
