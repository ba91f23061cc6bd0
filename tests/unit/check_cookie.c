/*
 * check_cookie: SipHash-2-4 against the reference vectors, the server
 * cookies of RFC 9018 Appendix A exactly (both SipHash paths), the time
 * window of RFC 9018 §4.3, secret rotation, malformed options (RFC 7873
 * §5.2.2) and the decisions of RFC 7873 §5.2 and §5.4.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "dns/cookie.h"
#include "dns/err.h"
#include "unit.h"

static void
hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	unsigned v;

	ck_assert_uint_eq(strlen(s), 2 * n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static struct sockaddr_storage
addr(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1)
		s4->sin_family = AF_INET;
	else {
		ck_assert_int_eq(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
		s6->sin6_family = AF_INET6;
	}
	return ss;
}

#define SA(ss) ((const struct sockaddr *)&(ss))

/* The reference vectors: key 00..0f, messages 00 01 .. of length n. */
START_TEST(test_siphash_reference)
{
	uint8_t key[16], m[64], out[8], want[8];
	size_t i;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 64; i++)
		m[i] = (uint8_t)i;
	cookie_siphash24(key, m, 0, out);
	hex("310e0edd47db6f72", want, 8);
	ck_assert_mem_eq(out, want, 8);
	cookie_siphash24(key, m, 1, out);
	hex("fd67dc93c539f874", want, 8);
	ck_assert_mem_eq(out, want, 8);
	/* 63 octets: 0x958a324ceb064572, least significant first. */
	cookie_siphash24(key, m, 63, out);
	hex("724506eb4c328a95", want, 8);
	ck_assert_mem_eq(out, want, 8);
}
END_TEST

/* RFC 9018 Appendix A: secret, client cookie, IP, time -> server cookie. */
struct vec {
	const char *secret, *client, *ip;
	uint32_t now;
	const char *server;
};

static const struct vec vecs[] = {
    /* A.1 */
    {"e5e973e5a6b2a43f48e7dc849e37bfcf", "2464c4abcf10c957", "198.51.100.100",
	1559731985, "010000005cf79f111f8130c3eee29480"},
    /* A.2 */
    {"e5e973e5a6b2a43f48e7dc849e37bfcf", "2464c4abcf10c957", "198.51.100.100",
	1559734385, "010000005cf7a871d4a564a1442aca77"},
    /* A.3 */
    {"e5e973e5a6b2a43f48e7dc849e37bfcf", "fc93fc62807ddb86", "203.0.113.203",
	1559734700, "010000005cf7a9acf73a7810aca2381e"},
    /* A.4, the new secret */
    {"445536bcd2513298075a5d379663c962", "22681ab97d52c298",
	"2001:db8:220:1:59de:d0f4:8769:82b8", 1559741961,
	"010000005cf7c609a6bb79d16625507a"},
    /* A.4, the old secret made the query's cookie */
    {"dd3bdf9344b678b185a6f5cb60fca715", "22681ab97d52c298",
	"2001:db8:220:1:59de:d0f4:8769:82b8", 1559741817,
	"010000005cf7c57926556bd0934c72f8"},
};

START_TEST(test_rfc9018_vectors)
{
	const struct vec *v = &vecs[_i / 2];
	struct sockaddr_storage ss = addr(v->ip);
	struct cookie_ctx c;
	uint8_t secret[16], client[8], want[16], out[16];

	hex(v->secret, secret, 16);
	hex(v->client, client, 8);
	hex(v->server, want, 16);
	/* Even _i: OpenSSL's SIPHASH; odd: our own. */
	ck_assert_int_eq(cookie_init(&c, secret, _i % 2 == 0), 0);
	if (_i % 2 == 0)
		ck_assert_ptr_nonnull(c.mac);
	else
		ck_assert_ptr_null(c.mac);
	ck_assert_int_eq(cookie_make(&c, client, SA(ss), v->now, out), 0);
	ck_assert_mem_eq(out, want, 16);
	cookie_free(&c);
}
END_TEST

/* A.3's query cookie has reserved octets set: valid in its window only. */
START_TEST(test_verify_window)
{
	struct sockaddr_storage ss = addr("203.0.113.203");
	struct cookie_ctx c;
	struct cookie_opt co;
	uint8_t secret[16], opt[24];
	uint32_t ts = 1559727985;

	hex("e5e973e5a6b2a43f48e7dc849e37bfcf", secret, 16);
	hex("fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5", opt, 24);
	ck_assert_int_eq(cookie_init(&c, secret, 1), 0);
	ck_assert_int_eq(cookie_parse(opt, 24, &co), 0);
	ck_assert_uint_eq(co.server_len, 16);
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts, NULL), COOKIE_VALID);
	/* RFC 9018 §4.3: an hour old is still valid, a second more is not. */
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts + 3600, NULL), COOKIE_VALID);
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts + 3601, NULL), COOKIE_INVALID);
	/* Five minutes ahead is valid, a second more is not. */
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts - 300, NULL), COOKIE_VALID);
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts - 301, NULL), COOKIE_INVALID);
	/* At the example's reply time (1h52m later) it has expired. */
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), 1559734700, NULL), COOKIE_INVALID);
	/* Another address, or one hash bit changed: invalid. */
	ss = addr("203.0.113.204");
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts, NULL), COOKIE_INVALID);
	ss = addr("203.0.113.203");
	co.server[15] ^= 1;
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts, NULL), COOKIE_INVALID);
	co.server[15] ^= 1;
	/* Version 2 is not ours. */
	co.server[0] = 2;
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), ts, NULL), COOKIE_INVALID);
	cookie_free(&c);
}
END_TEST

/* A.4: after a rotation the previous secret's cookie is still valid. */
START_TEST(test_rotation)
{
	struct sockaddr_storage ss = addr("2001:db8:220:1:59de:d0f4:8769:82b8");
	struct cookie_ctx c;
	struct cookie_opt co;
	struct cookie_result res;
	uint8_t olds[16], news[16], opt[24], want[24], rd[28];
	int prev = -1;

	hex("dd3bdf9344b678b185a6f5cb60fca715", olds, 16);
	hex("445536bcd2513298075a5d379663c962", news, 16);
	hex("22681ab97d52c298010000005cf7c57926556bd0934c72f8", opt, 24);
	hex("22681ab97d52c298010000005cf7c609a6bb79d16625507a", want, 24);
	ck_assert_int_eq(cookie_init(&c, olds, 1), 0);
	cookie_rotate(&c, news);
	ck_assert_int_eq(cookie_parse(opt, 24, &co), 0);
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), 1559741961, &prev), COOKIE_VALID);
	ck_assert_int_eq(prev, 1);
	/* The answer carries a fresh cookie of the new secret (A.4). */
	rd[0] = 0;
	rd[1] = COOKIE_OPTION;
	rd[2] = 0;
	rd[3] = 24;
	memcpy(rd + 4, opt, 24);
	ck_assert_int_eq(
	    cookie_process(&c, rd, 28, SA(ss), 0, 1, 1559741961, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_VALID);
	ck_assert_int_eq(res.action, COOKIE_PROCESS);
	ck_assert_int_eq(res.exempt, 1);
	ck_assert_uint_eq(res.outlen, 24);
	ck_assert_mem_eq(res.out, want, 24);
	/* Once the previous secret is dropped the old cookie is invalid. */
	cookie_drop_prev(&c);
	ck_assert_int_eq(
	    cookie_verify(&c, &co, SA(ss), 1559741961, &prev), COOKIE_INVALID);
	ck_assert_int_eq(prev, 0);
	cookie_free(&c);
}
END_TEST

START_TEST(test_parse_lengths)
{
	struct cookie_opt co;
	uint8_t d[48];
	size_t len;

	memset(d, 0xab, sizeof(d));
	/* RFC 7873 §5.2.2: 8, or 16 to 40 octets. */
	for (len = 0; len <= 41; len++) {
		int ok = len == 8 || (len >= 16 && len <= 40);

		ck_assert_int_eq(
		    cookie_parse(d, len, &co), ok ? 0 : RD_EMALFORMED);
		if (ok)
			ck_assert_uint_eq(co.server_len, len - 8);
	}
}
END_TEST

START_TEST(test_find)
{
	struct cookie_opt co;
	/* A padding option (12), then a COOKIE with a client cookie. */
	static const uint8_t one[] = {
	    0, 12, 0, 2, 0, 0, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t none[] = {0, 12, 0, 1, 0};
	static const uint8_t two[] = {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0,
	    10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t past[] = {0, 10, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t shortc[] = {0, 10, 0, 7, 1, 2, 3, 4, 5, 6, 7};
	static const uint8_t half[] = {0, 10, 0};

	ck_assert_int_eq(cookie_find(one, sizeof(one), &co), 0);
	ck_assert_uint_eq(co.client[7], 8);
	ck_assert_uint_eq(co.server_len, 0);
	ck_assert_int_eq(cookie_find(none, sizeof(none), &co), RD_ENOTFOUND);
	ck_assert_int_eq(cookie_find(NULL, 0, &co), RD_ENOTFOUND);
	ck_assert_int_eq(cookie_find(two, sizeof(two), &co), RD_EMALFORMED);
	ck_assert_int_eq(cookie_find(past, sizeof(past), &co), RD_EMALFORMED);
	ck_assert_int_eq(
	    cookie_find(shortc, sizeof(shortc), &co), RD_EMALFORMED);
	ck_assert_int_eq(cookie_find(half, sizeof(half), &co), RD_EMALFORMED);
}
END_TEST

/* Build an OPT RDATA with one COOKIE option of the hex text. */
static size_t
rdata(const char *h, uint8_t *rd)
{
	size_t n = strlen(h) / 2;

	rd[0] = 0;
	rd[1] = COOKIE_OPTION;
	rd[2] = 0;
	rd[3] = (uint8_t)n;
	hex(h, rd + 4, n);
	return n + 4;
}

START_TEST(test_process_decisions)
{
	struct sockaddr_storage ss = addr("198.51.100.100");
	struct cookie_ctx c;
	struct cookie_result res;
	uint8_t secret[16], rd[64], want[24];
	size_t n;

	hex("e5e973e5a6b2a43f48e7dc849e37bfcf", secret, 16);
	ck_assert_int_eq(cookie_init(&c, secret, 0), 0);
	/* §5.2.1: no EDNS, or no COOKIE: nothing to do. */
	ck_assert_int_eq(cookie_process(&c, NULL, 0, SA(ss), 0, 1, 1, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_NONE);
	ck_assert_int_eq(res.action, COOKIE_PROCESS);
	ck_assert_uint_eq(res.outlen, 0);
	/* §5.2.2: malformed. */
	n = rdata("2464c4abcf10c95701", rd);
	ck_assert_int_eq(cookie_process(&c, rd, n, SA(ss), 0, 1, 1, &res), 0);
	ck_assert_int_eq(res.action, COOKIE_FORMERR);
	ck_assert_uint_eq(res.outlen, 0);
	/* §5.2.3: a client cookie: process, with A.1's cookie. */
	n = rdata("2464c4abcf10c957", rd);
	hex("2464c4abcf10c957010000005cf79f111f8130c3eee29480", want, 24);
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 1, 1559731985, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_CLIENT_ONLY);
	ck_assert_int_eq(res.action, COOKIE_PROCESS);
	ck_assert_int_eq(res.exempt, 0);
	ck_assert_uint_eq(res.outlen, 24);
	ck_assert_mem_eq(res.out, want, 24);
	/* With cookies required: BADCOOKIE over UDP, processed over TCP. */
	c.require = 1;
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 1, 1559731985, &res), 0);
	ck_assert_int_eq(res.action, COOKIE_REPLY);
	ck_assert_uint_eq(res.rcode, COOKIE_RCODE_BADCOOKIE);
	ck_assert_mem_eq(res.out, want, 24);
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 1, 1, 1559731985, &res), 0);
	ck_assert_int_eq(res.action, COOKIE_PROCESS);
	c.require = 0;
	/* §5.2.5: A.1's cookie 10 minutes later: valid, echoed unchanged. */
	n = rdata("2464c4abcf10c957010000005cf79f111f8130c3eee29480", rd);
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 1, 1559731985 + 600, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_VALID);
	ck_assert_int_eq(res.exempt, 1);
	ck_assert_mem_eq(res.out, want, 24);
	/* A.2: 40 minutes later it is renewed. */
	hex("2464c4abcf10c957010000005cf7a871d4a564a1442aca77", want, 24);
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 1, 1559734385, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_VALID);
	ck_assert_uint_eq(res.outlen, 24);
	ck_assert_mem_eq(res.out, want, 24);
	/* §5.2.4: from another address it is invalid: a fresh one. */
	ss = addr("198.51.100.101");
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 1, 1559734385, &res), 0);
	ck_assert_int_eq(res.state, COOKIE_INVALID);
	ck_assert_int_eq(res.action, COOKIE_PROCESS);
	ck_assert_int_eq(res.exempt, 0);
	ck_assert_uint_eq(res.outlen, 24);
	ck_assert_mem_ne(res.out + 8, want + 8, 16);
	/* §5.4: QDCOUNT 0 with an invalid cookie: BADCOOKIE. */
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 0, 1559734385, &res), 0);
	ck_assert_int_eq(res.action, COOKIE_REPLY);
	ck_assert_uint_eq(res.rcode, COOKIE_RCODE_BADCOOKIE);
	/* §5.4: QDCOUNT 0 with a client cookie alone: NOERROR. */
	n = rdata("2464c4abcf10c957", rd);
	ck_assert_int_eq(
	    cookie_process(&c, rd, n, SA(ss), 0, 0, 1559734385, &res), 0);
	ck_assert_int_eq(res.action, COOKIE_REPLY);
	ck_assert_uint_eq(res.rcode, 0);
	ck_assert_uint_eq(res.outlen, 24);
	cookie_free(&c);
}
END_TEST

/* An IPv4-mapped IPv6 source gets the cookie of its IPv4 address. */
START_TEST(test_mapped_v4)
{
	struct sockaddr_storage s4 = addr("198.51.100.100");
	struct sockaddr_storage s6 = addr("::ffff:198.51.100.100");
	struct sockaddr_storage su;
	struct cookie_ctx c;
	uint8_t secret[16], client[8], a[16], b[16];

	hex("e5e973e5a6b2a43f48e7dc849e37bfcf", secret, 16);
	hex("2464c4abcf10c957", client, 8);
	ck_assert_int_eq(cookie_init(&c, secret, 1), 0);
	ck_assert_int_eq(cookie_make(&c, client, SA(s4), 1559731985, a), 0);
	ck_assert_int_eq(cookie_make(&c, client, SA(s6), 1559731985, b), 0);
	ck_assert_mem_eq(a, b, 16);
	memset(&su, 0, sizeof(su));
	su.ss_family = AF_UNIX;
	ck_assert_int_eq(
	    cookie_make(&c, client, SA(su), 1559731985, a), RD_EINVAL);
	cookie_free(&c);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("cookie");
	TCase *tc = tcase_create("cookie");

	tcase_add_test(tc, test_siphash_reference);
	tcase_add_loop_test(tc, test_rfc9018_vectors, 0,
	    2 * (int)(sizeof(vecs) / sizeof(vecs[0])));
	tcase_add_test(tc, test_verify_window);
	tcase_add_test(tc, test_rotation);
	tcase_add_test(tc, test_parse_lengths);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_process_decisions);
	tcase_add_test(tc, test_mapped_v4);
	suite_add_tcase(s, tc);
	return s;
}
