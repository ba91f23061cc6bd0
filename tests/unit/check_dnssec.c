/*
 * check_dnssec: NSEC3 hashes and proof selection on the example zone of
 * RFC 5155 Appendix A (salt aabbccdd, 12 iterations, opt-out), whose
 * hashes were computed with knsec3hash; the NSEC chain of a small NSEC
 * zone; the denial tree kept up to date by zone_finalize().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dnssec.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/rrtype.h"
#include "dns/zone.h"
#include "rfc5155_zone.h"
#include "unit.h"

static struct zone *za;

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static void
msg(void *ctx, enum rd_sev sev, const char *file, unsigned line, unsigned col,
    const char *m)
{
	(void)ctx;
	fprintf(stderr, "%s:%u:%u: %s\n", file, line, col, m);
}

static struct zone *
load(const char *text, const char *origin)
{
	struct zone *z;

	ck_assert_int_eq(load_zone_mem(text, strlen(text), origin, N(origin),
			     NULL, msg, NULL, &z),
	    0);
	return z;
}

static void
setup(void)
{
	za = load(rfc5155_zone, "example.");
}

static void
teardown(void)
{
	zone_free(za);
	za = NULL;
}

/* The first label of n's owner, as text, for comparisons. */
static const char *
first(const struct znode *n)
{
	static char s[64];

	ck_assert_ptr_nonnull(n);
	memcpy(s, n->name + 1, n->name[0]);
	s[n->name[0]] = '\0';
	return s;
}

/* Base32hex of a hash, lower case. */
static void
b32(const uint8_t *h, size_t len, char *out)
{
	static const char dig[] = "0123456789abcdefghijklmnopqrstuv";
	uint32_t acc = 0;
	size_t i;
	int bits = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | h[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*out++ = dig[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		*out++ = dig[(acc << (5 - bits)) & 31];
	*out = '\0';
}

START_TEST(hash_vectors)
{
	static const struct {
		const char *name, *hash;
	} v[] = {
	    {"example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},
	    {"a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
	    {"ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi"},
	    {"ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
	    {"ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r"},
	    {"w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
	    {"*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"},
	    {"x.w.example.", "b4um86eghhds6nea196smvmlo4ors995"},
	    {"y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"},
	    {"x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s"},
	    {"xx.example.", "t644ebqk9bibcna874givr6joj62mlhv"},
	    /* Case does not matter (RFC 5155 §5: canonical form). */
	    {"X.Y.W.EXAMPLE.", "2vptu5timamqttgl4luu9kg21e0aor3s"},
	};
	struct nsec3_param p = {.alg = 1,
	    .iterations = 12,
	    .saltlen = 4,
	    .salt = {0xaa, 0xbb, 0xcc, 0xdd}};
	struct nsec3_param p0 = {.alg = 1};
	uint8_t h[DNSSEC_HASHLEN];
	char text[64];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ck_assert_int_eq(
		    dnssec_nsec3_hash(&p, N(v[i].name), h), DNSSEC_HASHLEN);
		b32(h, sizeof(h), text);
		ck_assert_str_eq(text, v[i].hash);
	}
	/* No salt, no extra iteration (knsec3hash - 1 0 example.com.). */
	ck_assert_int_eq(dnssec_nsec3_hash(&p0, N("example.com."), h), 20);
	b32(h, sizeof(h), text);
	ck_assert_str_eq(text, "onib9mgub9h0rml3cdf5bgrj59dkjhvk");
	p0.alg = 2;
	ck_assert_int_eq(
	    dnssec_nsec3_hash(&p0, N("example.com."), h), RD_ENOTSUP);
}
END_TEST

START_TEST(b32_decode)
{
	uint8_t out[32];

	ck_assert_int_eq(
	    dnssec_b32_decode((const uint8_t *)"CPNMUOG", 7, out, sizeof(out)),
	    4);
	ck_assert_int_eq(memcmp(out, "foob", 4), 0);
	ck_assert_int_eq(
	    dnssec_b32_decode((const uint8_t *)"cpnmuog", 7, out, sizeof(out)),
	    4);
	/* Bad digit, bits left over that are not zero, too long. */
	ck_assert_int_eq(
	    dnssec_b32_decode((const uint8_t *)"cpnmuow", 7, out, sizeof(out)),
	    RD_ESYNTAX);
	ck_assert_int_eq(
	    dnssec_b32_decode((const uint8_t *)"cpnmuoh", 7, out, sizeof(out)),
	    RD_ESYNTAX);
	ck_assert_int_eq(
	    dnssec_b32_decode((const uint8_t *)"cpnmuog", 7, out, 3),
	    RD_ESYNTAX);
}
END_TEST

START_TEST(tree_built)
{
	ck_assert_int_eq(za->denial_kind, DNSSEC_NSEC3);
	ck_assert_ptr_nonnull(za->nsec3);
	ck_assert_uint_eq(za->nsec3->iterations, 12);
	ck_assert_uint_eq(za->nsec3->saltlen, 4);
	ck_assert_uint_eq(radix_count(za->denial), 11);
	ck_assert_int_eq(zone_is_signed(za), 1);
}
END_TEST

START_TEST(nsec3_match_cover)
{
	int match = -1;

	/* RFC 5155 Appendix B.2: NODATA at ns1.example. */
	ck_assert_str_eq(
	    first(dnssec_nsec3_find(za, N("ns1.example."), &match)),
	    "2t7b4g4vsa5smi47k61mv5bv1a22bojr");
	ck_assert_int_eq(match, 1);
	/* B.2.1: the empty non-terminal y.w.example has its own NSEC3. */
	ck_assert_str_eq(
	    first(dnssec_nsec3_find(za, N("y.w.example."), &match)),
	    "ji6neoaepv8b5o6k4ev33abha8ht9fgc");
	ck_assert_int_eq(match, 1);
	/* z.w.example (qlu7...) lies between q04j and r53b. */
	ck_assert_str_eq(
	    first(dnssec_nsec3_find(za, N("z.w.example."), &match)),
	    "q04jkcevqvmu85r014c7dkba38o0ji5r");
	ck_assert_int_eq(match, 0);
	/* uu.example (vu4l...) is above the last hash: the last covers it. */
	ck_assert_str_eq(first(dnssec_nsec3_find(za, N("uu.example."), &match)),
	    "t644ebqk9bibcna874givr6joj62mlhv");
	ck_assert_int_eq(match, 0);
	/* n13.example (0909...) is below the first: the chain wraps. */
	ck_assert_str_eq(
	    first(dnssec_nsec3_find(za, N("n13.example."), &match)),
	    "t644ebqk9bibcna874givr6joj62mlhv");
	ck_assert_int_eq(match, 0);
}
END_TEST

START_TEST(nsec3_closest_encloser)
{
	const struct znode *ce, *nc;
	int labels;

	/* B.1: a.c.x.w.example: encloser x.w, next closer c.x.w (0va5...). */
	ck_assert_int_eq(
	    dnssec_nsec3_ce(za, N("a.c.x.w.example."), &ce, &nc, &labels), 0);
	ck_assert_str_eq(first(ce), "b4um86eghhds6nea196smvmlo4ors995");
	ck_assert_str_eq(first(nc), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	ck_assert_int_eq(labels, 3);
	/* B.3: mc.c.example under the opt-out delegation c: the apex. */
	ck_assert_int_eq(
	    dnssec_nsec3_ce(za, N("mc.c.example."), &ce, &nc, &labels), 0);
	ck_assert_str_eq(first(ce), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	ck_assert_str_eq(first(nc), "35mthgpgcu1qg68fab165klnsnk3dpvl");
	ck_assert_int_eq(labels, 1);
	ck_assert_int_eq(dnssec_nsec3_optout(nc), 1);
	/* B.5: a.z.w.example: encloser w (an empty non-terminal). */
	ck_assert_int_eq(
	    dnssec_nsec3_ce(za, N("a.z.w.example."), &ce, &nc, &labels), 0);
	ck_assert_str_eq(first(ce), "k8udemvp1j2f7eg6jebps17vp3n8i58h");
	ck_assert_str_eq(first(nc), "q04jkcevqvmu85r014c7dkba38o0ji5r");
	/* Out of the zone: nothing. */
	ck_assert_int_eq(
	    dnssec_nsec3_ce(za, N("a.example.org."), &ce, &nc, &labels),
	    RD_ENOTFOUND);
}
END_TEST

static const char zone_n[] = "$ORIGIN n.test.\n"
			     "$TTL 60\n"
			     "@ SOA ns hm 1 2 3 4 5\n"
			     "@ NS ns\n"
			     "@ NSEC a.b NS SOA NSEC\n"
			     "a.b A 192.0.2.1\n"
			     "a.b NSEC ns A NSEC\n"
			     "ns A 192.0.2.2\n"
			     "ns NSEC n.test. A NSEC\n";

START_TEST(nsec_find)
{
	static const uint8_t rd[] = {
	    2, 'n', 's', 1, 'n', 4, 't', 'e', 's', 't', 0, 0, 6, 0x40, 0, 0, 0,
	    0, 0x01, /* A NSEC */
	};
	struct zone *z = load(zone_n, "n.test.");
	int match = -1;

	ck_assert_int_eq(z->denial_kind, DNSSEC_NSEC);
	ck_assert_uint_eq(radix_count(z->denial), 3);
	/* No DNSKEY: an NSEC chain alone does not make the zone signed. */
	ck_assert_int_eq(zone_is_signed(z), 0);
	ck_assert_str_eq(
	    first(dnssec_nsec_find(z, N("ns.n.test."), &match)), "ns");
	ck_assert_int_eq(match, 1);
	/* b is an empty non-terminal: covered by the apex NSEC. */
	ck_assert_ptr_eq(dnssec_nsec_find(z, N("b.n.test."), &match), z->apex);
	ck_assert_int_eq(match, 0);
	ck_assert_str_eq(
	    first(dnssec_nsec_find(z, N("c.n.test."), &match)), "a");
	ck_assert_str_eq(
	    first(dnssec_nsec_find(z, N("zz.n.test."), &match)), "ns");
	ck_assert_int_eq(match, 0);
	/* A diff removes a name: zone_finalize() rebuilds the tree. */
	ck_assert_int_eq(
	    zone_del_rr(z, N("a.b.n.test."), RRTYPE_NSEC, rd, sizeof(rd)), 0);
	zone_finalize(z);
	ck_assert_uint_eq(radix_count(z->denial), 2);
	ck_assert_ptr_eq(dnssec_nsec_find(z, N("c.n.test."), &match), z->apex);
	zone_free(z);
}
END_TEST

/* Messages of a load, kept for the checks below. */
static char msgs[8192];
static int nwarn;

static void
keep(void *ctx, enum rd_sev sev, const char *file, unsigned line, unsigned col,
    const char *m)
{
	char l[1024];

	(void)ctx;
	if (sev == RD_SEV_WARNING)
		nwarn++;
	snprintf(l, sizeof(l), "%u: %s: %s\n", line,
	    sev == RD_SEV_ERROR ? "error" : "warning", m);
	if (strlen(msgs) + strlen(l) < sizeof(msgs))
		strcat(msgs, l);
}

/* Load text with signature time t; returns the number of errors. */
static int
load_msgs(const char *text, const char *origin, int64_t t)
{
	struct load_opts o = {.sig_time = t};
	struct zone *z = NULL;
	int r;

	msgs[0] = '\0';
	nwarn = 0;
	r = load_zone_mem(
	    text, strlen(text), "z", N(origin), &o, keep, NULL, &z);
	zone_free(z);
	return r;
}

/* A signed NSEC zone; %s stands for the NSEC of b, %s for its RRSIG time. */
#define SIGNED_N                                                               \
	"$ORIGIN s.test.\n"                                                    \
	"$TTL 60\n"                                                            \
	"@ SOA ns hm 1 2 3 4 5\n"                                              \
	"@ RRSIG SOA 8 2 60 20170903050000 20170821040000 1 s.test. AAAA\n"    \
	"@ NS ns\n"                                                            \
	"@ RRSIG NS 8 2 60 20170903050000 20170821040000 1 s.test. AAAA\n"     \
	"@ DNSKEY 256 3 8 AwEAAQ==\n"                                          \
	"@ RRSIG DNSKEY 8 2 60 20170903050000 20170821040000 1 s.test. AAAA\n" \
	"@ NSEC b NS SOA RRSIG NSEC DNSKEY\n"                                  \
	"@ RRSIG NSEC 8 2 60 20170903050000 20170821040000 1 s.test. AAAA\n"   \
	"b A 192.0.2.1\n"                                                      \
	"b RRSIG A 8 3 60 20170903050000 20170821040000 1 s.test. AAAA\n"      \
	"b NSEC ns A RRSIG NSEC\n"                                             \
	"b RRSIG NSEC 8 3 60 20170903050000 20170821040000 1 s.test. AAAA\n"   \
	"ns A 192.0.2.2\n"                                                     \
	"ns RRSIG A 8 3 60 20170903050000 20170821040000 1 s.test. AAAA\n"

/* 2017-08-25 and 2017-09-10, in seconds since 1970. */
#define T_IN 1503619200
#define T_AFTER 1505001600

START_TEST(load_nsec_checks)
{
	/* Complete chain, valid signatures at T_IN: nothing to say. */
	ck_assert_int_eq(
	    load_msgs(SIGNED_N
		"ns NSEC s.test. A RRSIG NSEC\n"
		"ns RRSIG NSEC 8 3 60 20170903050000 20170821040000 1 s.test. "
		"AAAA\n",
		"s.test.", T_IN),
	    0);
	ck_assert_str_eq(msgs, "");
	/* The same later: each signature expired, the zone still loads. */
	ck_assert_int_eq(
	    load_msgs(SIGNED_N
		"ns NSEC s.test. A RRSIG NSEC\n"
		"ns RRSIG NSEC 8 3 60 20170903050000 20170821040000 1 s.test. "
		"AAAA\n",
		"s.test.", T_AFTER),
	    0);
	ck_assert_int_eq(nwarn, 8);
	ck_assert_ptr_nonnull(
	    strstr(msgs, "11: warning: b.s.test./RRSIG A: "
			 "signature expired at 20170903050000;"));
	/* Ten or fewer: each named, no count. */
	ck_assert_ptr_null(strstr(msgs, "in all"));
	/* Before the inception. */
	ck_assert_int_eq(
	    load_msgs(SIGNED_N
		"ns NSEC s.test. A RRSIG NSEC\n"
		"ns RRSIG NSEC 8 3 60 20170903050000 20170821040000 1 s.test. "
		"AAAA\n",
		"s.test.", T_IN - 30 * 86400),
	    0);
	ck_assert_ptr_nonnull(strstr(msgs, "b.s.test./RRSIG A: signature "
					   "valid only from 20170821040000;"));
	/* ns has no NSEC: the chain has a gap at b and at ns. */
	ck_assert_int_eq(load_msgs(SIGNED_N, "s.test.", T_IN), 2);
	ck_assert_ptr_nonnull(strstr(msgs,
	    "11: error: b.s.test.: NSEC next "
	    "name ns.s.test., but the next name with an NSEC is s.test.;"));
	ck_assert_ptr_nonnull(strstr(msgs, "15: error: ns.s.test.: no NSEC "
					   "record;"));
	/* An RRset without RRSIG: a warning with the record. */
	ck_assert_int_eq(load_msgs(SIGNED_N "ns NSEC s.test. A RRSIG NSEC\n",
			     "s.test.", T_IN),
	    0);
	ck_assert_str_eq(msgs,
	    "15: warning: ns.s.test./NSEC: no RRSIG in a "
	    "signed zone; validators will reject it (RFC 4035 §2.2): sign the "
	    "zone again\n");
}
END_TEST

START_TEST(load_nsec3_checks)
{
	static char text[8192];
	char *p;

	/* Appendix A: the chain is whole; RRSIGs are missing (warnings). */
	ck_assert_int_eq(load_msgs(rfc5155_zone, "example.", T_IN), 0);
	ck_assert_ptr_nonnull(strstr(msgs, "RRsets in all without RRSIG"));
	ck_assert_ptr_null(strstr(msgs, "error"));
	/* A link of the chain removed: a gap, and ai has no NSEC3. */
	strlcpy(text, rfc5155_zone, sizeof(text));
	p = strstr(text, "gjeqe526plbf1g8mklp59enfd789njgi NSEC3");
	ck_assert_ptr_nonnull(p);
	p[0] = ';';
	ck_assert_int_eq(load_msgs(text, "example.", T_IN), 2);
	ck_assert_ptr_nonnull(strstr(msgs,
	    "b4um86eghhds6nea196smvmlo4ors995."
	    "example.: NSEC3 next hashed owner is not the next hash"));
	ck_assert_ptr_nonnull(strstr(msgs, "ai.example.: no NSEC3 record "
					   "matches its hash"));
	/* Other parameters than the NSEC3PARAM's. */
	strlcpy(text, rfc5155_zone, sizeof(text));
	p = strstr(text, "NSEC3PARAM 1 0 12 aabbccdd");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "NSEC3PARAM 1 0 12 aabbccde", 26);
	ck_assert_int_gt(load_msgs(text, "example.", T_IN), 0);
	ck_assert_ptr_nonnull(
	    strstr(msgs, "signed zone (DNSKEY and RRSIG at "
			 "the apex) without an NSEC chain or an NSEC3 chain"));
	ck_assert_ptr_nonnull(strstr(msgs,
	    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom."
	    "example.: NSEC3 parameters differ from the zone's NSEC3PARAM"));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("dnssec");
	TCase *tc = tcase_create("dnssec");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, hash_vectors);
	tcase_add_test(tc, b32_decode);
	tcase_add_test(tc, tree_built);
	tcase_add_test(tc, nsec3_match_cover);
	tcase_add_test(tc, nsec3_closest_encloser);
	tcase_add_test(tc, nsec_find);
	tcase_add_test(tc, load_nsec_checks);
	tcase_add_test(tc, load_nsec3_checks);
	suite_add_tcase(s, tc);
	return s;
}
