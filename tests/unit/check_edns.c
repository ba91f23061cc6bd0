/*
 * check_edns: OPT parsing and writing (RFC 6891), the UDP size rule, and
 * what answer_query does with EDNS: OPT in every answer to an EDNS query,
 * BADVERS, the DO bit echoed, unknown options ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/edns.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "unit.h"

START_TEST(udp_limit)
{
	struct edns e = { 0 };

	ck_assert_uint_eq(edns_udp_limit(&e, 0), 512);
	e.present = 1;
	e.payload = 100;
	ck_assert_uint_eq(edns_udp_limit(&e, 0), 512);
	e.payload = 4096;
	ck_assert_uint_eq(edns_udp_limit(&e, 0), 1232);
	ck_assert_uint_eq(edns_udp_limit(&e, 4096), 4096);
	ck_assert_uint_eq(edns_udp_limit(&e, 300), 512);
	e.payload = 1000;
	ck_assert_uint_eq(edns_udp_limit(&e, 0), 1000);
	ck_assert_uint_eq(edns_udp_limit(&e, 1400), 1000);
}
END_TEST

START_TEST(write_opt)
{
	uint8_t buf[16];
	struct wire_wr w;

	wire_wr_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(edns_write(&w, 0, EDNS_RCODE_BADVERS, 1), 0);
	ck_assert_uint_eq(wire_wr_offset(&w), EDNS_OPT_SIZE);
	ck_assert_mem_eq(buf, "\0\0\x29\x04\xd0\x01\0\x80\0\0\0", 11);
	wire_wr_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(edns_write(&w, 4096, 0, 0), 0);
	ck_assert_mem_eq(buf, "\0\0\x29\x10\0\0\0\0\0\0\0", 11);
	wire_wr_init(&w, buf, 10);
	ck_assert_int_eq(edns_write(&w, 4096, 0, 0), RD_ESPACE);
}
END_TEST

START_TEST(parse_opt)
{
	/* CLASS 1400, TTL: ext 0, version 0, DO; two options (NSID, 65001). */
	static const uint8_t ok[] = {
		0x05, 0x78, 0, 0, 0x80, 0, 0, 10, 0, 3, 0, 0, 0xfd, 0xe9, 0, 2,
		0xab, 0xcd,
	};
	/* The second option's length runs past the rdata. */
	static const uint8_t bad[] = {
		0x05, 0x78, 0, 0, 0x80, 0, 0, 10, 0, 3, 0, 0, 0xfd, 0xe9, 0, 3,
		0xab, 0xcd, 0xef,
	};
	/* A dangling half option header. */
	static const uint8_t half[] = {
		0x05, 0x78, 0, 1, 0, 0, 0, 2, 0, 3,
	};
	struct wire_rd r;
	struct edns e = { 0 };

	wire_rd_init(&r, ok, sizeof(ok));
	ck_assert_int_eq(edns_parse(&r, &e), 0);
	ck_assert_uint_eq(e.present, 1);
	ck_assert_uint_eq(e.payload, 1400);
	ck_assert_uint_eq(e.version, 0);
	ck_assert_uint_eq(e.flags, EDNS_DO);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	wire_rd_init(&r, bad, sizeof(bad));
	ck_assert_int_eq(edns_parse(&r, &e), RD_EMALFORMED);
	wire_rd_init(&r, half, sizeof(half));
	ck_assert_int_eq(edns_parse(&r, &e), RD_EMALFORMED);
	ck_assert_uint_eq(e.version, 1);
	wire_rd_init(&r, ok, 7);
	ck_assert_int_eq(edns_parse(&r, &e), RD_EMALFORMED);
}
END_TEST

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.3\n";

static struct zonedb *db;
static struct answer_opts opts;

static void
setup(void)
{
	uint8_t origin[NAME_MAXLEN];
	struct zone *z;

	ck_assert_int_gt(name_from_text("example.com.", 12, NULL, origin), 0);
	db = zonedb_new();
	ck_assert_int_eq(load_zone_mem(zone_text, strlen(zone_text), "t",
	    origin, NULL, NULL, NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(db, z), 0);
	memset(&opts, 0, sizeof(opts));
}

static void
teardown(void)
{
	zonedb_free(db, 1);
}

/* www.example.com A with an OPT: payload, TTL word, options. */
static size_t
query(uint8_t *b, const char *qname, uint16_t payload, uint32_t ttl,
    const uint8_t *opt, uint16_t optlen)
{
	uint8_t n[NAME_MAXLEN];
	struct wire_wr w;
	int nl;

	nl = name_from_text(qname, strlen(qname), NULL, n);
	ck_assert_int_gt(nl, 0);
	wire_wr_init(&w, b, 512);
	wire_wr_bytes(&w, "\xab\xcd\0\0\0\1\0\0\0\0\0\1", 12);
	wire_wr_bytes(&w, n, (size_t)nl);
	wire_wr_u16(&w, RRTYPE_A);
	wire_wr_u16(&w, RRCLASS_IN);
	wire_wr_u8(&w, 0);
	wire_wr_u16(&w, RRTYPE_OPT);
	wire_wr_u16(&w, payload);
	wire_wr_u32(&w, ttl);
	wire_wr_u16(&w, optlen);
	wire_wr_bytes(&w, opt, optlen);
	ck_assert_int_eq(w.err, 0);
	return wire_wr_offset(&w);
}

/* The OPT RR that ends the response out[0..len). */
static const uint8_t *
opt_of(const uint8_t *out, size_t len)
{
	ck_assert_uint_ge(len, 12 + EDNS_OPT_SIZE);
	ck_assert_uint_ge(wire_get_u16(out + 10), 1);
	return out + len - EDNS_OPT_SIZE;
}

START_TEST(answer_has_opt)
{
	uint8_t q[512], out[1500];
	struct answer_info info;
	const uint8_t *o;
	size_t ql, len;

	ql = query(q, "www.example.com.", 4096, 0, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	/* Question 33, one A of 16, OPT of 11. */
	ck_assert_uint_eq(len, 33 + 16 + 11);
	ck_assert_uint_eq(info.edns, 1);
	ck_assert_uint_eq(info.rcode, 0);
	ck_assert_mem_eq(out + 2, "\x84\0\0\1\0\1\0\0\0\1", 10);
	o = opt_of(out, len);
	/* Our payload size (default 1232), version 0, no DO. */
	ck_assert_mem_eq(o, "\0\0\x29\x04\xd0\0\0\0\0\0\0", 11);
	opts.edns_payload = 4000;
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_mem_eq(opt_of(out, len), "\0\0\x29\x0f\xa0\0\0\0\0\0\0", 11);
	/* Errors carry it too: REFUSED for a name in no zone. */
	ql = query(q, "www.example.org.", 4096, 0, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(out[3] & 0xf, PKT_RCODE_REFUSED);
	ck_assert_uint_eq(len, 33 + 11);
	ck_assert_uint_eq(opt_of(out, len)[1], 0);
}
END_TEST

START_TEST(do_echoed)
{
	uint8_t q[512], out[1500];
	size_t ql, len;

	ql = query(q, "www.example.com.", 1232, EDNS_DO, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    NULL);
	ck_assert_mem_eq(opt_of(out, len) + 5, "\0\0\x80\0", 4);
	/* NXDOMAIN with DO: still echoed. */
	ql = query(q, "nope.example.com.", 1232, EDNS_DO, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    NULL);
	ck_assert_uint_eq(out[3] & 0xf, PKT_RCODE_NXDOMAIN);
	ck_assert_mem_eq(opt_of(out, len) + 5, "\0\0\x80\0", 4);
}
END_TEST

START_TEST(badvers)
{
	uint8_t q[512], out[1500];
	struct answer_info info;
	size_t ql, len;

	/* Version 1 (RFC 6891 §6.1.3): BADVERS, question, OPT, no answer. */
	ql = query(q, "www.example.com.", 1232, 0x00018000, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(len, 33 + 11);
	ck_assert_uint_eq(info.rcode, EDNS_RCODE_BADVERS);
	/* Header rcode 0, extended rcode 1 (16 >> 4), version 0, DO echoed. */
	ck_assert_mem_eq(out + 2, "\x80\0\0\1\0\0\0\0\0\1", 10);
	ck_assert_mem_eq(opt_of(out, len), "\0\0\x29\x04\xd0\x01\0\x80\0\0\0",
	    11);
}
END_TEST

START_TEST(options_ignored_or_formerr)
{
	/* An unknown option and a cookie-sized one. */
	static const uint8_t opt[] = {
		0xfd, 0xe9, 0, 1, 0x42, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	static const uint8_t badopt[] = { 0, 10, 0, 9, 1, 2, 3 };
	uint8_t q[512], out[1500];
	size_t ql, len;

	ql = query(q, "www.example.com.", 1232, 0, opt, sizeof(opt));
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    NULL);
	ck_assert_uint_eq(len, 33 + 16 + 11);
	ck_assert_uint_eq(out[3] & 0xf, 0);
	/* An option longer than the rdata: FORMERR, no OPT. */
	ql = query(q, "www.example.com.", 1232, 0, badopt, sizeof(badopt));
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    NULL);
	ck_assert_uint_eq(len, 33);
	ck_assert_uint_eq(out[3] & 0xf, PKT_RCODE_FORMERR);
}
END_TEST

START_TEST(udp_size_applied)
{
	static char big[4096];
	uint8_t q[512], out[4096], origin[NAME_MAXLEN];
	struct answer_info info;
	struct zone *z;
	size_t ql, len, off = 0;
	int i;

	/* 40 A records under one name: 12 + 40 * 16 octets of answer. */
	off += (size_t)snprintf(big + off, sizeof(big) - off,
	    "$ORIGIN big.test.\n$TTL 1\n@ SOA a b 1 2 3 4 5\n@ NS a\n"
	    "a A 192.0.2.1\n");
	for (i = 0; i < 40; i++)
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "m A 10.0.0.%d\n", i);
	ck_assert_int_gt(name_from_text("big.test.", 9, NULL, origin), 0);
	ck_assert_int_eq(load_zone_mem(big, off, "big", origin, NULL, NULL,
	    NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(db, z), 0);
	/* Client says 600: the 681-octet answer does not fit, TC. */
	ql = query(q, "m.big.test.", 600, 0, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(info.truncated, 1);
	ck_assert_uint_le(len, 600);
	ck_assert_mem_eq(out + 2, "\x86\0\0\1\0\0\0\0\0\1", 10);
	/* Client says 1000: it fits. */
	ql = query(q, "m.big.test.", 1000, 0, NULL, 0);
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(info.truncated, 0);
	ck_assert_uint_eq(len, 28 + 40 * 16 + 11);
	/* We say 600: the client's 1000 is clamped to ours. */
	opts.edns_payload = 600;
	len = answer_query(db, &opts, ANSWER_UDP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(info.truncated, 1);
	/* Over TCP no UDP limit applies. */
	len = answer_query(db, &opts, ANSWER_TCP, q, ql, out, sizeof(out),
	    &info);
	ck_assert_uint_eq(info.truncated, 0);
	ck_assert_uint_eq(len, 28 + 40 * 16 + 11);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("edns");
	TCase *tc = tcase_create("edns");
	TCase *ta = tcase_create("answer");

	tcase_add_test(tc, udp_limit);
	tcase_add_test(tc, write_opt);
	tcase_add_test(tc, parse_opt);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(ta, setup, teardown);
	tcase_add_test(ta, answer_has_opt);
	tcase_add_test(ta, do_echoed);
	tcase_add_test(ta, badvers);
	tcase_add_test(ta, options_ignored_or_formerr);
	tcase_add_test(ta, udp_size_applied);
	suite_add_tcase(s, ta);
	return s;
}
