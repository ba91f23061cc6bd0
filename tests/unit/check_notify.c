/*
 * check_notify: NOTIFY messages byte by byte (RFC 1996 §3.7 and §4.7), the
 * parse of requests and responses with mismatched ID or question rejected,
 * and the SOA query a primary sends to learn a secondary's serial,
 * answered by answer_query.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/notify.h"
#include "dns/pkt.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "unit.h"

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

/* SOA rdata: ns1.example.com. hm.example.com. 2026112701 7200 3600 ... */
static const uint8_t soa[] = {
	3, 'n', 's', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
	'm', 0, 2, 'h', 'm', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c',
	'o', 'm', 0,
	0x78, 0xc4, 0x06, 0xbd, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10,
	0, 0x12, 0x75, 0, 0, 0, 0, 60,
};

#define QEXAMPLE 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0

/* RFC 1996 §3.7: opcode 4, AA, one question <zone> SOA IN. */
static const uint8_t notify_plain[] = {
	0x42, 0x42, 0x24, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	QEXAMPLE, 0, 6, 0, 1,
};

/* The same with our SOA in the answer section, names compressed. */
static const uint8_t notify_soa[] = {
	0x42, 0x43, 0x24, 0x00, 0, 1, 0, 1, 0, 0, 0, 0,
	QEXAMPLE, 0, 6, 0, 1,
	0xc0, 0x0c, 0, 6, 0, 1, 0, 0, 0x0e, 0x10, 0, 31,
	3, 'n', 's', '1', 0xc0, 0x0c, 2, 'h', 'm', 0xc0, 0x0c,
	0x78, 0xc4, 0x06, 0xbd, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10,
	0, 0x12, 0x75, 0, 0, 0, 0, 60,
};

START_TEST(build_notify)
{
	uint8_t buf[512];

	ck_assert_int_eq(notify_build(buf, sizeof(buf), 0x4242,
	    N("Example.com."), RRCLASS_IN, 0, NULL, 0), sizeof(notify_plain));
	ck_assert_mem_eq(buf, notify_plain, sizeof(notify_plain));
	ck_assert_int_eq(notify_build(buf, sizeof(buf), 0x4243,
	    N("Example.com."), RRCLASS_IN, 3600, soa, sizeof(soa)),
	    sizeof(notify_soa));
	ck_assert_mem_eq(buf, notify_soa, sizeof(notify_soa));
	ck_assert_int_eq(notify_build(buf, 40, 0x4243, N("Example.com."),
	    RRCLASS_IN, 3600, soa, sizeof(soa)), RD_ESPACE);
}
END_TEST

START_TEST(parse_request)
{
	struct notify_msg m;

	ck_assert_int_eq(notify_parse_request(notify_plain,
	    sizeof(notify_plain), &m), 0);
	ck_assert_uint_eq(m.id, 0x4242);
	ck_assert_uint_eq(m.has_question, 1);
	ck_assert_uint_eq(m.qnamelen, 13);
	ck_assert_mem_eq(m.qname, notify_plain + 12, 13);
	ck_assert_uint_eq(m.qclass, RRCLASS_IN);
	ck_assert_uint_eq(m.has_serial, 0);
	ck_assert_uint_eq(m.has_tsig, 0);
	ck_assert_int_eq(notify_parse_request(notify_soa, sizeof(notify_soa),
	    &m), 0);
	ck_assert_uint_eq(m.id, 0x4243);
	ck_assert_uint_eq(m.has_serial, 1);
	ck_assert_uint_eq(m.serial, 2026112701U);
}
END_TEST

START_TEST(parse_request_tsig)
{
	static const uint8_t tsig[] = {
		3, 'k', 'e', 'y', 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0,
	};
	uint8_t buf[512];
	struct notify_msg m;

	memcpy(buf, notify_plain, sizeof(notify_plain));
	memcpy(buf + sizeof(notify_plain), tsig, sizeof(tsig));
	buf[11] = 1;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain) +
	    sizeof(tsig), &m), 0);
	ck_assert_uint_eq(m.has_tsig, 1);
	ck_assert_uint_eq(m.tsig_off, sizeof(notify_plain));
	/* RFC 8945 §5.1: a TSIG before another record is malformed. */
	memcpy(buf + sizeof(notify_plain) + sizeof(tsig), tsig, sizeof(tsig));
	buf[11] = 2;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain) +
	    2 * sizeof(tsig), &m), RD_EMALFORMED);
}
END_TEST

START_TEST(parse_request_malformed)
{
	uint8_t buf[512];
	struct notify_msg m;
	size_t i;

	for (i = 0; i < sizeof(notify_soa); i++)
		ck_assert_int_eq(notify_parse_request(notify_soa, i, &m),
		    RD_EMALFORMED);
	/* RFC 1996 §3.7: the question must be SOA. */
	memcpy(buf, notify_plain, sizeof(notify_plain));
	buf[12 + 13 + 1] = RRTYPE_A;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain), &m),
	    RD_EMALFORMED);
	ck_assert_uint_eq(m.has_question, 1);
	/* A response, and a plain query, are no NOTIFY requests. */
	memcpy(buf, notify_plain, sizeof(notify_plain));
	buf[2] |= 0x80;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain), &m),
	    RD_EMALFORMED);
	buf[2] = 0x04;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain), &m),
	    RD_EMALFORMED);
	/* No question. */
	memcpy(buf, notify_plain, sizeof(notify_plain));
	buf[5] = 0;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_plain), &m),
	    RD_EMALFORMED);
	ck_assert_uint_eq(m.has_question, 0);
	/* An answer record that runs past the end. */
	memcpy(buf, notify_soa, sizeof(notify_soa));
	buf[12 + 17 + 11] = 32;
	ck_assert_int_eq(notify_parse_request(buf, sizeof(notify_soa), &m),
	    RD_EMALFORMED);
}
END_TEST

/* RFC 1996 §4.7: QR and AA set, question echoed as received, rcode. */
START_TEST(build_response)
{
	static const uint8_t want[] = {
		0x42, 0x42, 0xa4, 0x05, 0, 1, 0, 0, 0, 0, 0, 0,
		QEXAMPLE, 0, 6, 0, 1,
	};
	uint8_t buf[512];
	struct notify_msg m;

	ck_assert_int_eq(notify_parse_request(notify_plain,
	    sizeof(notify_plain), &m), 0);
	ck_assert_int_eq(notify_build_response(&m, PKT_RCODE_REFUSED, buf,
	    sizeof(buf)), sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
	ck_assert_int_eq(notify_build_response(&m, PKT_RCODE_NOERROR, buf,
	    sizeof(buf)), sizeof(want));
	ck_assert_uint_eq(wire_get_u16(buf + 2), 0xa400);
	ck_assert_int_eq(notify_build_response(&m, PKT_RCODE_NOTAUTH, buf,
	    sizeof(buf)), sizeof(want));
	ck_assert_uint_eq(wire_get_u16(buf + 2), 0xa409);
	ck_assert_int_eq(notify_build_response(&m, 0, buf, 20), RD_ESPACE);
}
END_TEST

START_TEST(parse_response)
{
	uint8_t buf[512];
	struct notify_msg m;
	int len;

	ck_assert_int_eq(notify_parse_request(notify_plain,
	    sizeof(notify_plain), &m), 0);
	len = notify_build_response(&m, PKT_RCODE_NOTAUTH, buf, sizeof(buf));
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4242,
	    N("example.COM."), &m), 0);
	ck_assert_uint_eq(m.rcode, PKT_RCODE_NOTAUTH);
	/* Another ID, another zone: not the answer to our NOTIFY. */
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4243,
	    N("example.com."), &m), RD_ENOTFOUND);
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4242,
	    N("example.net."), &m), RD_ENOTFOUND);
	/* Another qtype, a request, another opcode. */
	buf[12 + 13 + 1] = RRTYPE_NS;
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4242,
	    N("example.com."), &m), RD_ENOTFOUND);
	buf[12 + 13 + 1] = RRTYPE_SOA;
	ck_assert_int_eq(notify_parse_response(notify_plain,
	    sizeof(notify_plain), 0x4242, N("example.com."), &m),
	    RD_ENOTFOUND);
	buf[2] = 0x84;
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4242,
	    N("example.com."), &m), RD_ENOTFOUND);
	/* Cut short. */
	buf[2] = 0xa4;
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len - 1, 0x4242,
	    N("example.com."), &m), RD_EMALFORMED);
	ck_assert_int_eq(notify_parse_response(buf, (size_t)len, 0x4242,
	    N("example.com."), &m), 0);
}
END_TEST

START_TEST(soa_query)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
		QEXAMPLE, 0, 6, 0, 1,
	};
	static const char text[] =
	    "$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm 2026112701 7200 3600 1209600 60\n@ NS ns1\n"
	    "ns1 A 192.0.2.1\n";
	static const struct answer_opts o = { 0, NULL, NULL };
	uint8_t q[512], a[512];
	struct answer_info info;
	struct notify_msg m;
	struct zonedb *db = zonedb_new();
	struct zone *z = NULL;
	int qlen;
	size_t alen;

	qlen = notify_soa_query(q, sizeof(q), 0x1234, N("Example.com."),
	    RRCLASS_IN);
	ck_assert_int_eq(qlen, sizeof(want));
	ck_assert_mem_eq(q, want, sizeof(want));
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(load_zone_mem(text, strlen(text), "t",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(db, z), 0);
	alen = answer_query(db, &o, ANSWER_UDP, q, (size_t)qlen, a,
	    sizeof(a), &info);
	ck_assert_uint_gt(alen, 0);
	ck_assert_int_eq(notify_parse_soa_answer(a, alen, 0x1234,
	    N("example.com."), &m), 0);
	ck_assert_uint_eq(m.rcode, 0);
	ck_assert_uint_eq(m.has_serial, 1);
	ck_assert_uint_eq(m.serial, 2026112701U);
	ck_assert_int_eq(notify_parse_soa_answer(a, alen, 0x1235,
	    N("example.com."), &m), RD_ENOTFOUND);
	/* A NOTIFY answer is no SOA answer. */
	wire_put_u16(a + 2, (uint16_t)(wire_get_u16(a + 2) | 0x2000));
	ck_assert_int_eq(notify_parse_soa_answer(a, alen, 0x1234,
	    N("example.com."), &m), RD_ENOTFOUND);
	/* REFUSED: no serial. */
	qlen = notify_soa_query(q, sizeof(q), 0x1236, N("example.org."),
	    RRCLASS_IN);
	alen = answer_query(db, &o, ANSWER_UDP, q, (size_t)qlen, a,
	    sizeof(a), &info);
	ck_assert_int_eq(notify_parse_soa_answer(a, alen, 0x1236,
	    N("example.org."), &m), 0);
	ck_assert_uint_eq(m.rcode, PKT_RCODE_REFUSED);
	ck_assert_uint_eq(m.has_serial, 0);
	zonedb_free(db, 1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("notify");

	tcase_add_test(tc, build_notify);
	tcase_add_test(tc, parse_request);
	tcase_add_test(tc, parse_request_tsig);
	tcase_add_test(tc, parse_request_malformed);
	tcase_add_test(tc, build_response);
	tcase_add_test(tc, parse_response);
	tcase_add_test(tc, soa_query);
	suite_add_tcase(s, tc);
	return s;
}
