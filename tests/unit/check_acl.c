/*
 * check_acl: rules by source prefix and key, first match, and the update
 * policy by name pattern and type, with the exact reasons and parse errors.
 */
#include <sys/socket.h>
#include <sys/un.h>
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

/* A source address from text (IPv4 or IPv6); rotating static buffers. */
static const struct sockaddr *
A(const char *s)
{
	static struct sockaddr_storage ss[4];
	static int i;
	struct sockaddr_storage *p = &ss[i++ % 4];
	struct sockaddr_in *sin = (struct sockaddr_in *)p;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)p;

	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, s, &sin->sin_addr) == 1)
		sin->sin_family = AF_INET;
	else {
		ck_assert_int_eq(inet_pton(AF_INET6, s, &sin6->sin6_addr), 1);
		sin6->sin6_family = AF_INET6;
	}
	return (const struct sockaddr *)p;
}

/* A wire name from text, taken as absolute; rotating static buffers. */
static const uint8_t *
N(const char *s)
{
	static const uint8_t root[1] = {0};
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), root, p), 0);
	return p;
}

/* A list of rules, each added with flags; fails the test on an error. */
static void
mk(struct acl *a, unsigned flags, const char *const *rules)
{
	char err[256];

	acl_init(a);
	for (; *rules != NULL; rules++) {
		err[0] = '\0';
		ck_assert_msg(acl_add(a, *rules, flags, NULL, NULL, err,
				  sizeof(err)) == 0,
		    "%s: %s", *rules, err);
	}
}

/* acl_check with one rule, returning 1 or 0. */
static int
check1(const char *rule, const char *src, const char *key)
{
	const char *rules[] = {rule, NULL};
	struct acl a;
	int r;

	mk(&a, 0, rules);
	r = acl_check(&a, A(src), key ? N(key) : NULL, NULL, 0);
	acl_free(&a);
	return r;
}

START_TEST(test_prefix_v4)
{
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.2.0", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.2.255", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.3.0", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.1.255", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.0/24", "2001:db8::1", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.7", "192.0.2.7", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.7", "192.0.2.6", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.7/32", "192.0.2.8", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.128/25", "192.0.2.128", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.128/25", "192.0.2.127", NULL), 0);
	ck_assert_int_eq(check1("192.0.2.6/31", "192.0.2.7", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.6/31", "192.0.2.8", NULL), 0);
	ck_assert_int_eq(check1("10.128.0.0/9", "10.128.0.0", NULL), 1);
	ck_assert_int_eq(check1("10.128.0.0/9", "10.255.255.255", NULL), 1);
	ck_assert_int_eq(check1("10.128.0.0/9", "10.127.255.255", NULL), 0);
	ck_assert_int_eq(check1("0.0.0.0/0", "255.255.255.255", NULL), 1);
	ck_assert_int_eq(check1("0.0.0.0/0", "::1", NULL), 0);
	/* An IPv4-mapped IPv6 source counts as IPv4. */
	ck_assert_int_eq(check1("192.0.2.0/24", "::ffff:192.0.2.9", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.0/24", "::ffff:192.0.3.9", NULL), 0);
	ck_assert_int_eq(check1("::/0", "::ffff:192.0.2.9", NULL), 0);
}
END_TEST

START_TEST(test_prefix_v6)
{
	ck_assert_int_eq(check1("::1", "::1", NULL), 1);
	ck_assert_int_eq(check1("::1", "::2", NULL), 0);
	ck_assert_int_eq(check1("::1", "127.0.0.1", NULL), 0);
	ck_assert_int_eq(check1("2001:db8::/32", "2001:db8:ffff::1", NULL), 1);
	ck_assert_int_eq(check1("2001:db8::/32", "2001:db9::", NULL), 0);
	ck_assert_int_eq(check1("2001:db8::/33", "2001:db8:7fff::", NULL), 1);
	ck_assert_int_eq(check1("2001:db8::/33", "2001:db8:8000::", NULL), 0);
	ck_assert_int_eq(check1("2001:db8::/127", "2001:db8::1", NULL), 1);
	ck_assert_int_eq(check1("2001:db8::/127", "2001:db8::2", NULL), 0);
	ck_assert_int_eq(check1("2001:DB8::5/128", "2001:db8::5", NULL), 1);
	ck_assert_int_eq(check1("::/0", "ffff::", NULL), 1);
	ck_assert_int_eq(check1("::/0", "192.0.2.1", NULL), 0);
}
END_TEST

START_TEST(test_any_none)
{
	static const char *const rules[] = {"any", NULL};
	static const char *const nrules[] = {"none", NULL};
	struct sockaddr_un sun;
	struct acl a;
	char why[128];

	ck_assert_int_eq(check1("any", "192.0.2.1", NULL), 1);
	ck_assert_int_eq(check1("ANY", "2001:db8::1", "k"), 1);
	ck_assert_int_eq(check1("none", "192.0.2.1", NULL), 0);
	ck_assert_int_eq(check1("none", "::1", "k"), 0);
	/* A source of another family, or none at all, matches only any. */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	mk(&a, 0, rules);
	ck_assert_int_eq(
	    acl_check(&a, (struct sockaddr *)&sun, NULL, why, sizeof(why)), 1);
	ck_assert_int_eq(acl_check(&a, NULL, NULL, why, sizeof(why)), 1);
	ck_assert_str_eq(why, "allowed by rule 1");
	acl_free(&a);
	mk(&a, 0, nrules);
	ck_assert_int_eq(acl_check(&a, NULL, NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "no rule allows unsigned requests from an "
			      "unknown address");
	acl_free(&a);
	ck_assert_int_eq(check1("0.0.0.0/0", "192.0.2.1", NULL), 1);
	/* An empty list refuses. */
	acl_init(&a);
	ck_assert_int_eq(
	    acl_check(&a, A("127.0.0.1"), NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "no rule allows unsigned requests from "
			      "127.0.0.1");
	ck_assert_uint_eq(acl_count(&a), 0);
	acl_free(&a);
}
END_TEST

START_TEST(test_keys)
{
	static const char *const rules[] = {"127.0.0.1 xfr-key", NULL};
	struct acl a;
	char why[128];

	ck_assert_int_eq(check1("192.0.2.0/24 NOKEY", "192.0.2.1", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.0/24 nokey", "192.0.2.1", "k"), 0);
	ck_assert_int_eq(check1("any ANYKEY", "192.0.2.1", "k"), 1);
	ck_assert_int_eq(check1("any ANYKEY", "192.0.2.1", NULL), 0);
	ck_assert_int_eq(check1("any xfr-key", "192.0.2.1", "xfr-key"), 1);
	ck_assert_int_eq(check1("any xfr-key", "192.0.2.1", "XFR-Key."), 1);
	ck_assert_int_eq(check1("any xfr-key", "192.0.2.1", "other-key"), 0);
	ck_assert_int_eq(check1("any xfr-key", "192.0.2.1", NULL), 0);
	ck_assert_int_eq(
	    check1("any xfr-key.example.", "192.0.2.1", "xfr-key.example"), 1);
	/* No key word: signed or not. */
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.2.1", NULL), 1);
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.2.1", "k"), 1);
	ck_assert_int_eq(check1("192.0.2.0/24", "192.0.3.1", "k"), 0);
	/* Address and key together. */
	mk(&a, 0, rules);
	ck_assert_int_eq(
	    acl_check(&a, A("127.0.0.1"), N("xfr-key"), why, sizeof(why)), 1);
	ck_assert_str_eq(why, "allowed by rule 1");
	ck_assert_int_eq(
	    acl_check(&a, A("127.0.0.2"), N("xfr-key"), why, sizeof(why)), 0);
	ck_assert_str_eq(why, "no rule allows key xfr-key from 127.0.0.2");
	ck_assert_int_eq(
	    acl_check(&a, A("127.0.0.1"), NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "no rule allows unsigned requests from "
			      "127.0.0.1");
	acl_free(&a);
}
END_TEST

START_TEST(test_first_match)
{
	static const char *const r1[] = {
	    "192.0.2.66 BLOCKED", "192.0.2.0/24 NOKEY", NULL};
	static const char *const r2[] = {
	    "192.0.2.0/24 NOKEY", "192.0.2.66 BLOCKED", NULL};
	struct acl a;
	char why[128], err[128];

	mk(&a, 0, r1);
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.66"), NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "192.0.2.66 is blocked by rule 1");
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.66"), N("k"), why, sizeof(why)), 0);
	ck_assert_str_eq(why, "192.0.2.66 is blocked by rule 1");
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.1"), NULL, why, sizeof(why)), 1);
	ck_assert_str_eq(why, "allowed by rule 2");
	acl_free(&a);
	mk(&a, 0, r2);
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.66"), NULL, why, sizeof(why)), 1);
	ck_assert_str_eq(why, "allowed by rule 1");
	/* Signed, so the NOKEY rule is passed over and BLOCKED decides. */
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.66"), N("k"), why, sizeof(why)), 0);
	ck_assert_str_eq(why, "192.0.2.66 is blocked by rule 2");
	acl_free(&a);
	/* Reasons name the rule by where it was written. */
	acl_init(&a);
	ck_assert_int_eq(acl_add(&a, "2001:db8::/32 BLOCKED", 0, NULL,
			     "radixd.conf:14", err, sizeof(err)),
	    0);
	ck_assert_int_eq(
	    acl_add(&a, "any", 0, NULL, "radixd.conf:15", err, sizeof(err)), 0);
	ck_assert_int_eq(
	    acl_check(&a, A("2001:db8::53"), NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "2001:db8::53 is blocked by radixd.conf:14");
	ck_assert_int_eq(
	    acl_check(&a, A("198.51.100.7"), N("k"), why, sizeof(why)), 1);
	ck_assert_str_eq(why, "allowed by radixd.conf:15");
	/* A short reason buffer is cut, NUL-terminated. */
	ck_assert_int_eq(acl_check(&a, A("198.51.100.7"), N("k"), why, 8), 1);
	ck_assert_str_eq(why, "allowed");
	acl_free(&a);
}
END_TEST

/* acl_update_allowed against a, expecting r and the reason text. */
static void
upd(const struct acl *a, const char *src, const char *key, const char *name,
    uint16_t type, int r, const char *reason)
{
	char why[256];

	ck_assert_int_eq(acl_update_allowed(a, A(src), key ? N(key) : NULL,
			     N(name), type, why, sizeof(why)),
	    r);
	ck_assert_str_eq(why, reason);
}

START_TEST(test_update_pattern)
{
	static const char *const rules[] = {
	    "any acme-key "
	    "name=_acme-challenge.*.example.com types=TXT",
	    NULL};
	struct acl a;

	mk(&a, ACL_UPDATE, rules);
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.com.",
	    RRTYPE_TXT, 1, "allowed by rule 1");
	upd(&a, "2001:db8::1", "ACME-KEY", "_ACME-Challenge.WWW.Example.COM.",
	    RRTYPE_TXT, 1, "allowed by rule 1");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.com.",
	    RRTYPE_A, 0,
	    "key acme-key may not change A at "
	    "_acme-challenge.www.example.com.");
	upd(&a, "192.0.2.1", "acme-key", "www.example.com.", RRTYPE_TXT, 0,
	    "key acme-key may not change TXT at www.example.com.");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.example.com.",
	    RRTYPE_TXT, 0,
	    "key acme-key may not change TXT at "
	    "_acme-challenge.example.com.");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.a.b.example.com.",
	    RRTYPE_TXT, 0,
	    "key acme-key may not change TXT at "
	    "_acme-challenge.a.b.example.com.");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.org.",
	    RRTYPE_TXT, 0,
	    "key acme-key may not change TXT at "
	    "_acme-challenge.www.example.org.");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.com.",
	    RRTYPE_ANY, 0,
	    "key acme-key may not delete all RRsets at "
	    "_acme-challenge.www.example.com.");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.com.",
	    65280, 0,
	    "key acme-key may not change TYPE65280 at "
	    "_acme-challenge.www.example.com.");
	upd(&a, "192.0.2.1", "other-key", "_acme-challenge.www.example.com.",
	    RRTYPE_TXT, 0, "no rule allows key other-key from 192.0.2.1");
	upd(&a, "192.0.2.1", NULL, "_acme-challenge.www.example.com.",
	    RRTYPE_TXT, 0, "no rule allows unsigned updates from 192.0.2.1");
	acl_free(&a);
}
END_TEST

START_TEST(test_update_exact_sub)
{
	static const char *const exact[] = {
	    "any k name=www.example.com,Mail.Example.com.", NULL};
	static const char *const sub[] = {
	    "any k subdomain=lab.example.com", NULL};
	static const char *const starsub[] = {
	    "any k subdomain=*.example.com", NULL};
	static const char *const star[] = {"any k name=*.example.com", NULL};
	struct acl a;

	mk(&a, ACL_UPDATE, exact);
	upd(&a, "::1", "k", "www.example.com.", RRTYPE_A, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "mail.example.com.", RRTYPE_MX, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "a.www.example.com.", RRTYPE_A, 0,
	    "key k may not change A at a.www.example.com.");
	upd(&a, "::1", "k", "example.com.", RRTYPE_A, 0,
	    "key k may not change A at example.com.");
	/* Without types= every type, ANY (delete all RRsets) included. */
	upd(&a, "::1", "k", "www.example.com.", RRTYPE_ANY, 1,
	    "allowed by rule 1");
	acl_free(&a);

	mk(&a, ACL_UPDATE, sub);
	upd(&a, "::1", "k", "lab.example.com.", RRTYPE_A, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "x.lab.example.com.", RRTYPE_A, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "y.x.LAB.example.com.", RRTYPE_AAAA, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "xlab.example.com.", RRTYPE_A, 0,
	    "key k may not change A at xlab.example.com.");
	upd(&a, "::1", "k", "example.com.", RRTYPE_A, 0,
	    "key k may not change A at example.com.");
	acl_free(&a);

	mk(&a, ACL_UPDATE, starsub);
	upd(&a, "::1", "k", "a.example.com.", RRTYPE_A, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "x.a.example.com.", RRTYPE_A, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "example.com.", RRTYPE_A, 0,
	    "key k may not change A at example.com.");
	acl_free(&a);

	/* "*" matches one label, a literal "*" (a wildcard owner) too. */
	mk(&a, ACL_UPDATE, star);
	upd(&a, "::1", "k", "*.example.com.", RRTYPE_A, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "host.example.com.", RRTYPE_A, 1,
	    "allowed by rule 1");
	upd(&a, "::1", "k", "a.host.example.com.", RRTYPE_A, 0,
	    "key k may not change A at a.host.example.com.");
	acl_free(&a);
}
END_TEST

START_TEST(test_update_types)
{
	static const char *const list[] = {"any k types=A,aaaa", NULL};
	static const char *const any[] = {"any k types=ANY", NULL};
	static const char *const mixed[] = {"any k types=TXT,ANY", NULL};
	static const char *const num[] = {"any k TYPES=TYPE65280", NULL};
	struct acl a;

	mk(&a, ACL_UPDATE, list);
	upd(&a, "::1", "k", "x.example.", RRTYPE_A, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "x.example.", RRTYPE_AAAA, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "x.example.", RRTYPE_TXT, 0,
	    "key k may not change TXT at x.example.");
	upd(&a, "::1", "k", "x.example.", RRTYPE_ANY, 0,
	    "key k may not delete all RRsets at x.example.");
	acl_free(&a);
	mk(&a, ACL_UPDATE, any);
	upd(&a, "::1", "k", "x.example.", RRTYPE_ANY, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "x.example.", RRTYPE_CAA, 1, "allowed by rule 1");
	acl_free(&a);
	mk(&a, ACL_UPDATE, mixed);
	upd(&a, "::1", "k", "x.example.", RRTYPE_MX, 1, "allowed by rule 1");
	acl_free(&a);
	mk(&a, ACL_UPDATE, num);
	upd(&a, "::1", "k", "x.example.", 65280, 1, "allowed by rule 1");
	upd(&a, "::1", "k", "x.example.", RRTYPE_A, 0,
	    "key k may not change A at x.example.");
	acl_free(&a);
}
END_TEST

/* Several rules: blocked first, union of rights, unsigned by address. */
START_TEST(test_update_rules)
{
	static const char *const rules[] = {"192.0.2.66 BLOCKED",
	    "any acme-key name=_acme-challenge.*.example.com types=TXT",
	    "any acme-key name=www.example.com types=A",
	    "192.0.2.0/24 NOKEY name=www.example.com", NULL};
	struct acl a;
	char err[128];

	mk(&a, ACL_UPDATE, rules);
	upd(&a, "192.0.2.66", "acme-key", "_acme-challenge.www.example.com.",
	    RRTYPE_TXT, 0, "192.0.2.66 is blocked by rule 1");
	upd(&a, "192.0.2.1", "acme-key", "_acme-challenge.www.example.com.",
	    RRTYPE_TXT, 1, "allowed by rule 2");
	upd(&a, "192.0.2.1", "acme-key", "www.example.com.", RRTYPE_A, 1,
	    "allowed by rule 3");
	upd(&a, "192.0.2.1", "acme-key", "www.example.com.", RRTYPE_TXT, 0,
	    "key acme-key may not change TXT at www.example.com.");
	upd(&a, "192.0.2.1", NULL, "www.example.com.", RRTYPE_TXT, 1,
	    "allowed by rule 4");
	upd(&a, "192.0.2.1", NULL, "mail.example.com.", RRTYPE_A, 0,
	    "unsigned updates from 192.0.2.1 may not change A at "
	    "mail.example.com.");
	upd(&a, "198.51.100.1", NULL, "www.example.com.", RRTYPE_A, 0,
	    "no rule allows unsigned updates from 198.51.100.1");
	upd(&a, "2001:db8::1", "ops-key", "www.example.com.", RRTYPE_A, 0,
	    "no rule allows key ops-key from 2001:db8::1");
	/* acl_check before the update: may this requester update at all? */
	ck_assert_int_eq(acl_check(&a, A("192.0.2.1"), NULL, NULL, 0), 1);
	ck_assert_int_eq(acl_check(&a, A("198.51.100.1"), NULL, NULL, 0), 0);
	ck_assert_int_eq(
	    acl_check(&a, A("198.51.100.1"), N("acme-key"), NULL, 0), 1);
	ck_assert_int_eq(
	    acl_check(&a, A("192.0.2.66"), N("acme-key"), NULL, 0), 0);
	acl_free(&a);
	/* An empty policy refuses every update. */
	acl_init(&a);
	upd(&a, "192.0.2.1", "acme-key", "www.example.com.", RRTYPE_A, 0,
	    "no rule allows key acme-key from 192.0.2.1");
	ck_assert_int_eq(acl_add(&a, "any acme-key", ACL_UPDATE, NULL, NULL,
			     err, sizeof(err)),
	    0);
	upd(&a, "192.0.2.1", "acme-key", "anything.example.", RRTYPE_ANY, 1,
	    "allowed by rule 1");
	acl_free(&a);
}
END_TEST

/* acl_add must refuse text with exactly this code and message. */
static void
bad(const char *text, unsigned flags, const struct tsig_keyset *ks, int code,
    const char *msg)
{
	struct acl a;
	char err[256];

	acl_init(&a);
	ck_assert_int_eq(acl_add(&a, "any", flags, NULL, NULL, NULL, 0), 0);
	err[0] = '\0';
	ck_assert_int_eq(
	    acl_add(&a, text, flags, ks, NULL, err, sizeof(err)), code);
	ck_assert_str_eq(err, msg);
	ck_assert_uint_eq(acl_count(&a), 1);
	acl_free(&a);
}

START_TEST(test_parse_errors)
{
	struct tsig_keyset ks;
	struct tsig_key k;
	struct acl a;
	char many[400];
	int i;

	bad("", 0, NULL, RD_ESYNTAX,
	    "empty rule; write a source such as "
	    "192.0.2.0/24 or any, then a key");
	bad(" \t ", 0, NULL, RD_ESYNTAX,
	    "empty rule; write a source such as "
	    "192.0.2.0/24 or any, then a key");
	bad("192.0.2.0/33", 0, NULL, RD_ESYNTAX,
	    "prefix length 33 is over 32 "
	    "in \"192.0.2.0/33\"; an IPv4 prefix is 0 to 32 bits");
	bad("2001:db8::/129", 0, NULL, RD_ESYNTAX,
	    "prefix length 129 is over "
	    "128 in \"2001:db8::/129\"; an IPv6 prefix is 0 to 128 bits");
	bad("192.0.2.1/24", 0, NULL, RD_ESYNTAX,
	    "\"192.0.2.1/24\" has bits "
	    "set after the prefix; write the network address");
	bad("2001:db8::1/64 NOKEY", 0, NULL, RD_ESYNTAX,
	    "\"2001:db8::1/64\" "
	    "has bits set after the prefix; write the network address");
	bad("192.0.2/24", 0, NULL, RD_ESYNTAX,
	    "bad source \"192.0.2/24\"; "
	    "write any, none, an IPv4 or IPv6 address, or ADDRESS/LENGTH");
	bad("/24", 0, NULL, RD_ESYNTAX,
	    "bad source \"/24\"; write any, none, "
	    "an IPv4 or IPv6 address, or ADDRESS/LENGTH");
	bad("example.com", 0, NULL, RD_ESYNTAX,
	    "bad source \"example.com\"; "
	    "write any, none, an IPv4 or IPv6 address, or ADDRESS/LENGTH");
	bad("192.0.2.0/", 0, NULL, RD_ESYNTAX,
	    "bad prefix length in "
	    "\"192.0.2.0/\"; write ADDRESS/LENGTH with a decimal length");
	bad("192.0.2.0/2x", 0, NULL, RD_ESYNTAX,
	    "bad prefix length in "
	    "\"192.0.2.0/2x\"; write ADDRESS/LENGTH with a decimal length");
	bad("192.0.2.0/-1", 0, NULL, RD_ESYNTAX,
	    "bad prefix length in "
	    "\"192.0.2.0/-1\"; write ADDRESS/LENGTH with a decimal length");
	bad("0.0.0.0/0024", 0, NULL, RD_ESYNTAX,
	    "bad prefix length in "
	    "\"0.0.0.0/0024\"; write ADDRESS/LENGTH with a decimal length");
	bad("any a..b", 0, NULL, RD_ESYNTAX,
	    "bad key name \"a..b\"; write "
	    "NOKEY, ANYKEY, BLOCKED or the name of a key");
	bad("any k1 k2", 0, NULL, RD_ESYNTAX,
	    "unexpected \"k2\"; after the "
	    "source and the key come name=, subdomain= or types=");
	bad("any k foo=bar", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "unexpected "
	    "\"foo=bar\"; after the source and the key come name=, "
	    "subdomain= or types=");
	bad("any k name=x.example", 0, NULL, RD_ESYNTAX,
	    "\"name=x.example\": "
	    "names and types are for allow-update rules only; remove it");
	bad("any BLOCKED types=A", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "\"types=A\" "
	    "after BLOCKED; a blocked source may change nothing, remove it");
	bad("any k types=", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "bad type \"\" in "
	    "\"\"; write types such as TXT,A separated by commas, or ANY");
	bad("any k types=A,,TXT", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "bad type "
	    "\"\" in \"A,,TXT\"; write types such as TXT,A separated by "
	    "commas, or ANY");
	bad("any k types=A,FOO", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "bad type "
	    "\"FOO\" in \"A,FOO\"; write types such as TXT,A separated by "
	    "commas, or ANY");
	bad("any k types=OPT", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "type \"OPT\" "
	    "cannot be in a zone; name types of records");
	bad("any k name=", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "bad name \"\" in "
	    "\"\"; write domain names separated by commas, * for any one "
	    "label");
	bad("any k subdomain=a.example,a..b", ACL_UPDATE, NULL, RD_ESYNTAX,
	    "bad name \"a..b\" in \"a.example,a..b\"; write domain names "
	    "separated by commas, * for any one label");
	/* Key names are checked against the key set when one is given. */
	tsig_keyset_init(&ks);
	ck_assert_int_eq(
	    tsig_key_from_text(&k, "xfr-key", NULL, "YQ==", NULL, 0), 0);
	ck_assert_int_eq(tsig_keyset_add(&ks, &k), 0);
	bad("127.0.0.1 nosuch-key", 0, &ks, RD_ENOTFOUND,
	    "key "
	    "\"nosuch-key\" is not defined; define it in a key: block first");
	acl_init(&a);
	ck_assert_int_eq(
	    acl_add(&a, "127.0.0.1 XFR-KEY.", 0, &ks, NULL, NULL, 0), 0);
	ck_assert_int_eq(
	    acl_add(&a, "127.0.0.1 NOKEY", 0, &ks, NULL, NULL, 0), 0);
	acl_free(&a);
	tsig_keyset_free(&ks);
	/* Too many words. */
	many[0] = '\0';
	strcat(many, "any k");
	for (i = 0; i < 31; i++)
		strcat(many, " types=A");
	bad(many, ACL_UPDATE, NULL, RD_ESYNTAX,
	    "more than 32 words in one "
	    "rule; split it in several lines");
	/* 32 words are fine; blanks of any kind separate them. */
	many[strlen(many) - 8] = '\0';
	acl_init(&a);
	ck_assert_int_eq(acl_add(&a, many, ACL_UPDATE, NULL, NULL, NULL, 0), 0);
	ck_assert_int_eq(acl_add(&a, "\tany\t k \tname=a.example ", ACL_UPDATE,
			     NULL, NULL, NULL, 0),
	    0);
	ck_assert_uint_eq(acl_count(&a), 2);
	acl_free(&a);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("acl");
	TCase *tc = tcase_create("acl");

	tcase_add_test(tc, test_prefix_v4);
	tcase_add_test(tc, test_prefix_v6);
	tcase_add_test(tc, test_any_none);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_first_match);
	tcase_add_test(tc, test_update_pattern);
	tcase_add_test(tc, test_update_exact_sub);
	tcase_add_test(tc, test_update_types);
	tcase_add_test(tc, test_update_rules);
	tcase_add_test(tc, test_parse_errors);
	suite_add_tcase(s, tc);
	return s;
}
