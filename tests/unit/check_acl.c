/*
 * check_acl: rules by source prefix and key, first match, and the update
 * policy by name pattern and type, with the exact reasons and parse errors.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns/acl.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "unit.h"

START_TEST(test_placeholder)
{
	struct acl a;

	acl_init(&a);
	ck_assert_int_eq(acl_add(&a, "any", 0, NULL, NULL, NULL, 0), 0);
	ck_assert_uint_eq(acl_count(&a), 1);
	acl_free(&a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("acl");
	TCase *tc = tcase_create("acl");

	tcase_add_test(tc, test_placeholder);
	suite_add_tcase(s, tc);
	return s;
}
