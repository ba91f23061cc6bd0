/*
 * check_pkt: query parsing (and the FORMERR or silence answer_query gives
 * malformed queries), the compressing writer byte by byte, truncation at
 * RRset boundaries, and the question's letter case.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
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

/* An RRset of count rdatas given as {len, bytes} runs in data. */
static struct rrset *
mkrrset(uint16_t type, uint32_t ttl, uint16_t count, const uint8_t *data,
    size_t size)
{
	struct rrset *rs = calloc(1, sizeof(*rs) + size);

	ck_assert_ptr_nonnull(rs);
	rs->type = type;
	rs->ttl = ttl;
	rs->count = count;
	rs->size = (uint32_t)size;
	rs->cap = (uint32_t)size;
	memcpy(rs->data, data, size);
	return rs;
}

/* Header (id 0x1234, flags) and a question, nothing else. */
static const uint8_t q_www[] = {
	0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
	'm', 0, 0, 1, 0, 1,
};

START_TEST(parse_query_fields)
{
	struct pkt_query q;

	ck_assert_int_eq(pkt_parse_query(q_www, sizeof(q_www), &q), 0);
	ck_assert_uint_eq(q.id, 0x1234);
	ck_assert_uint_eq(q.flags, 0x0100);
	ck_assert_uint_eq(q.opcode, 0);
	ck_assert_uint_eq(q.has_question, 1);
	ck_assert_uint_eq(q.qnamelen, 17);
	ck_assert_mem_eq(q.qname, q_www + 12, 17);
	ck_assert_uint_eq(q.qtype, RRTYPE_A);
	ck_assert_uint_eq(q.qclass, RRCLASS_IN);
	ck_assert_uint_eq(q.edns.present, 0);
}
END_TEST

START_TEST(parse_query_malformed)
{
	struct pkt_query q;
	uint8_t b[128];

	/* Truncated header and truncated question. */
	ck_assert_int_eq(pkt_parse_query(q_www, 11, &q), RD_EMALFORMED);
	ck_assert_int_eq(pkt_parse_query(q_www, sizeof(q_www) - 1, &q),
	    RD_EMALFORMED);
	ck_assert_uint_eq(q.has_question, 0);
	/*
	 * QDCOUNT 0 parses without a question (RFC 7873 §5.4: answer_query
	 * answers it only with a COOKIE option); QDCOUNT 2 is malformed.
	 */
	memcpy(b, q_www, sizeof(q_www));
	b[5] = 0;
	ck_assert_int_eq(pkt_parse_query(b, sizeof(q_www), &q), 0);
	ck_assert_uint_eq(q.has_question, 0);
	b[5] = 2;
	ck_assert_int_eq(pkt_parse_query(b, sizeof(q_www), &q), RD_EMALFORMED);
	ck_assert_uint_eq(q.has_question, 0);
	/* A label of the retired 0x40 type (RFC 6891 §5). */
	memcpy(b, q_www, sizeof(q_www));
	b[12] = 0x43;
	ck_assert_int_eq(pkt_parse_query(b, sizeof(q_www), &q), RD_EMALFORMED);
	/* A pointer to itself in the question: a loop. */
	memcpy(b, q_www, 12);
	b[12] = 0xc0;
	b[13] = 12;
	b[14] = 0;
	b[15] = 1;
	b[16] = 0;
	b[17] = 1;
	ck_assert_int_eq(pkt_parse_query(b, 18, &q), RD_EMALFORMED);
	/* A pointer forwards. */
	b[13] = 14;
	ck_assert_int_eq(pkt_parse_query(b, 18, &q), RD_EMALFORMED);
}
END_TEST

/* Append an OPT RR (owner given) to the message in b of length len. */
static size_t
add_opt(uint8_t *b, size_t len, const uint8_t *owner, size_t olen,
    uint16_t payload, uint32_t ttl)
{
	memcpy(b + len, owner, olen);
	len += olen;
	wire_put_u16(b + len, RRTYPE_OPT);
	wire_put_u16(b + len + 2, payload);
	wire_put_u32(b + len + 4, ttl);
	wire_put_u16(b + len + 8, 0);
	b[11]++;
	return len + 10;
}

START_TEST(parse_query_opt)
{
	struct pkt_query q;
	uint8_t b[256];
	size_t len;

	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"", 1, 4096, 0x8000);
	ck_assert_int_eq(pkt_parse_query(b, len, &q), 0);
	ck_assert_uint_eq(q.edns.present, 1);
	ck_assert_uint_eq(q.edns.payload, 4096);
	ck_assert_uint_eq(q.edns.flags, 0x8000);
	ck_assert_uint_eq(q.edns.version, 0);
	/* Two OPTs (RFC 6891 §6.1.1). */
	len = add_opt(b, len, (const uint8_t *)"", 1, 4096, 0);
	ck_assert_int_eq(pkt_parse_query(b, len, &q), RD_EMALFORMED);
	ck_assert_uint_eq(q.has_question, 1);
	ck_assert_uint_eq(q.edns.present, 0);
	/* OPT owned by another name than the root. */
	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"\1a", 3, 4096, 0);
	ck_assert_int_eq(pkt_parse_query(b, len, &q), RD_EMALFORMED);
	/* OPT in the answer section. */
	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"", 1, 4096, 0);
	b[11] = 0;
	b[7] = 1;
	ck_assert_int_eq(pkt_parse_query(b, len, &q), RD_EMALFORMED);
	/* A record that runs past the end. */
	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"", 1, 4096, 0);
	wire_put_u16(b + len - 2, 4);
	ck_assert_int_eq(pkt_parse_query(b, len, &q), RD_EMALFORMED);
	/* Trailing octets after the last record are ignored. */
	memcpy(b, q_www, sizeof(q_www));
	b[sizeof(q_www)] = 0xff;
	ck_assert_int_eq(pkt_parse_query(b, sizeof(q_www) + 1, &q), 0);
}
END_TEST

START_TEST(write_compression)
{
	/* NS ns1.example.com, ns2.EXAMPLE.com. */
	static const uint8_t ns[] = {
		0, 17, 3, 'n', 's', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
		0, 17, 3, 'n', 's', '2', 7, 'E', 'X', 'A', 'M', 'P', 'L', 'E',
		3, 'c', 'o', 'm', 0,
	};
	static const uint8_t want[] = {
		/* answer 1: owner -> qname, rdata "ns1" -> example.com (16) */
		0xc0, 12, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, 6,
		3, 'n', 's', '1', 0xc0, 16,
		/* answer 2: owner -> the first owner, "ns2" -> 16 */
		0xc0, 12, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, 6,
		3, 'n', 's', '2', 0xc0, 16,
		/* additional: ns2.example.com -> the second rdata (63) */
		0xc0, 63, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
	};
	static const uint8_t a[] = { 0, 4, 192, 0, 2, 1 };
	struct rrset *rs = mkrrset(RRTYPE_NS, 3600, 2, ns, sizeof(ns));
	struct rrset *ra = mkrrset(RRTYPE_A, 60, 1, a, sizeof(a));
	struct pkt_wr w;
	uint8_t buf[512];
	size_t len;

	ck_assert_int_eq(pkt_wr_begin(&w, buf, sizeof(buf), 0x1234,
	    N("WWW.example.com."), RRTYPE_NS, RRCLASS_IN), 0);
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ANSWER, N("www.example.com."),
	    RRCLASS_IN, 3600, rs), 0);
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ADDITIONAL, N("ns2.example.com."),
	    RRCLASS_IN, 60, ra), 0);
	/* Sections go forwards only. */
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ANSWER, N("www.example.com."),
	    RRCLASS_IN, 3600, rs), RD_EINVAL);
	len = pkt_wr_finish(&w, PKT_QR | PKT_AA);
	ck_assert_uint_eq(len, 12 + 21 + sizeof(want));
	ck_assert_mem_eq(buf, "\x12\x34\x84\x00\0\1\0\2\0\0\0\1", 12);
	/* The question keeps its case. */
	ck_assert_mem_eq(buf + 12, "\3WWW\7example\3com\0\0\2\0\1", 21);
	ck_assert_mem_eq(buf + 33, want, sizeof(want));
	free(rs);
	free(ra);
}
END_TEST

START_TEST(write_no_compression_for_srv_target)
{
	/* SRV 0 0 53 www.example.com: RFC 2782 target, never compressed. */
	static const uint8_t srv[] = {
		0, 23, 0, 0, 0, 0, 0, 53, 3, 'w', 'w', 'w', 7, 'e', 'x', 'a',
		'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	};
	struct rrset *rs = mkrrset(RRTYPE_SRV, 1, 1, srv, sizeof(srv));
	struct pkt_wr w;
	uint8_t buf[512];
	size_t len;

	ck_assert_int_eq(pkt_wr_begin(&w, buf, sizeof(buf), 1,
	    N("www.example.com."), RRTYPE_SRV, RRCLASS_IN), 0);
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ANSWER, N("www.example.com."),
	    RRCLASS_IN, 1, rs), 0);
	len = pkt_wr_finish(&w, PKT_QR);
	/* Owner pointer (2) + fixed (10) + the whole rdata (23). */
	ck_assert_uint_eq(len, 33 + 2 + 10 + 23);
	ck_assert_mem_eq(buf + 33 + 12, srv + 2, 23);
	free(rs);
}
END_TEST

START_TEST(write_truncation_boundary)
{
	uint8_t data[8 * 6], buf[512];
	struct rrset *rs, *one;
	struct pkt_wr w;
	size_t before, i;

	for (i = 0; i < 8; i++) {
		data[i * 6] = 0;
		data[i * 6 + 1] = 4;
		data[i * 6 + 2] = 192;
		data[i * 6 + 3] = 0;
		data[i * 6 + 4] = 2;
		data[i * 6 + 5] = (uint8_t)i;
	}
	rs = mkrrset(RRTYPE_A, 1, 8, data, sizeof(data));
	one = mkrrset(RRTYPE_A, 1, 1, data, 6);
	/* Room for the question (33) and three RRs of 16 octets, not eight. */
	ck_assert_int_eq(pkt_wr_begin(&w, buf, 33 + 3 * 16 + 20, 1,
	    N("www.example.com."), RRTYPE_A, RRCLASS_IN), 0);
	before = wire_wr_offset(&w.w);
	/* A new owner name whose labels would become compression targets. */
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ANSWER, N("a.b.c.example.com."),
	    RRCLASS_IN, 1, rs), RD_ESPACE);
	ck_assert_uint_eq(wire_wr_offset(&w.w), before);
	ck_assert_uint_eq(pkt_wr_count(&w, PKT_ANSWER), 0);
	/* The table holds no target of the rolled-back name. */
	ck_assert_uint_eq(w.ncomp, 0);
	ck_assert_uint_eq(w.qnl, 3);
	ck_assert_int_eq(w.w.err, 0);
	/* A smaller RRset still fits after the roll-back. */
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_ANSWER, N("c.example.com."),
	    RRCLASS_IN, 1, one), 0);
	ck_assert_uint_eq(pkt_wr_count(&w, PKT_ANSWER), 1);
	/* "c" then a pointer to example.com at 16: no stale target used. */
	ck_assert_mem_eq(buf + before, "\1c\xc0\x10", 4);
	free(rs);
	free(one);
}
END_TEST

/*
 * pkt_wr_fixed_names: a name written whole before is found by its address.
 * The same records written with and without the promise give the same
 * octets; an RRset rolled back takes its addresses with it; the root is
 * never made a pointer.
 */
START_TEST(write_fixed_names)
{
	static const uint8_t ns[] = {
		0, 17, 3, 'n', 's', '1', 3, 's', 'u', 'b', 7, 'e', 'x', 'a',
		'm', 'p', 'l', 'e', 0,
	};
	static const uint8_t a[] = { 0, 4, 192, 0, 2, 1 };
	static const uint8_t root[] = { 0 };
	/* ns1.sub.example, sub.example itself, then ns3.sub.example. */
	static const uint8_t ns3[] = {
		0, 17, 3, 'n', 's', '1', 3, 's', 'u', 'b', 7, 'e', 'x', 'a',
		'm', 'p', 'l', 'e', 0,
		0, 13, 3, 's', 'u', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		0, 17, 3, 'n', 's', '3', 3, 's', 'u', 'b', 7, 'e', 'x', 'a',
		'm', 'p', 'l', 'e', 0,
	};
	struct rrset *rs = mkrrset(RRTYPE_NS, 3600, 1, ns, sizeof(ns));
	struct rrset *ra = mkrrset(RRTYPE_A, 60, 1, a, sizeof(a));
	struct rrset *three = mkrrset(RRTYPE_NS, 3600, 3, ns3, sizeof(ns3));
	const uint8_t *target = rs->data + 2, *owner;
	uint8_t buf[2][512], small[128];
	struct pkt_wr w;
	size_t len[2], glue;
	int fixed;

	for (fixed = 0; fixed < 2; fixed++) {
		ck_assert_int_eq(pkt_wr_begin(&w, buf[fixed], 512, 7,
		    N("x.sub.example."), RRTYPE_A, RRCLASS_IN), 0);
		if (fixed)
			pkt_wr_fixed_names(&w);
		ck_assert_int_eq(pkt_put_rrset(&w, PKT_AUTHORITY,
		    N("sub.example."), RRCLASS_IN, 3600, rs), 0);
		glue = wire_wr_offset(&w.w);
		/* The glue's owner is the NS target, by address. */
		ck_assert_int_eq(pkt_put_rrset(&w, PKT_ADDITIONAL, target,
		    RRCLASS_IN, 60, ra), 0);
		ck_assert_int_eq(pkt_put_rrset(&w, PKT_ADDITIONAL, root,
		    RRCLASS_IN, 60, ra), 0);
		ck_assert_int_eq(pkt_put_rrset(&w, PKT_ADDITIONAL, root,
		    RRCLASS_IN, 60, ra), 0);
		/* sub.example (in the question) and ns1.sub.example. */
		ck_assert_uint_eq(w.nref, (fixed ? 2 : 0));
		len[fixed] = pkt_wr_finish(&w, PKT_QR);
	}
	ck_assert_uint_eq(len[0], len[1]);
	ck_assert_mem_eq(buf[0], buf[1], len[0]);
	/* ns1 at 12 + 19 (question) + 12 (owner pointer, fixed fields). */
	ck_assert_mem_eq(buf[1] + glue, "\xc0\x2b", 2);
	ck_assert_mem_eq(buf[1] + 43, "\3ns1\xc0\x0e", 6);
	/* The root twice, one octet each time. */
	ck_assert_uint_eq(buf[1][glue + 16], 0);
	ck_assert_uint_eq(buf[1][glue + 16 + 15], 0);
	ck_assert_uint_eq(len[1], glue + 16 + 15 + 15);

	/*
	 * An NS RRset that does not fit: the addresses it noted are dropped,
	 * its target's and its owner's (a pointer into the question).
	 */
	ck_assert_int_eq(pkt_wr_begin(&w, small, 12 + 19 + 12 + 5, 7,
	    N("x.sub.example."), RRTYPE_A, RRCLASS_IN), 0);
	pkt_wr_fixed_names(&w);
	owner = N("sub.example.");
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_AUTHORITY, owner,
	    RRCLASS_IN, 3600, rs), RD_ESPACE);
	ck_assert_uint_eq(w.nref, 0);

	/*
	 * The same when a later name of the RRset points back into the
	 * question: every address the RRset noted goes, not only those past
	 * the end. Room for the first two NS records (18 and 14 octets), not
	 * the third.
	 */
	ck_assert_int_eq(pkt_wr_begin(&w, small, 12 + 19 + 18 + 14 + 10, 7,
	    N("x.sub.example."), RRTYPE_A, RRCLASS_IN), 0);
	pkt_wr_fixed_names(&w);
	ck_assert_int_eq(pkt_put_rrset(&w, PKT_AUTHORITY, owner, RRCLASS_IN,
	    3600, three), RD_ESPACE);
	ck_assert_uint_eq(w.nref, 0);
	ck_assert_uint_eq(wire_wr_offset(&w.w), 12 + 19);
	free(rs);
	free(ra);
	free(three);
}
END_TEST

/* answer_query on malformed input. */
static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.3\n";

static struct zonedb *db;
static const struct answer_opts opts = { 0, NULL, NULL };

static void
setup(void)
{
	struct zone *z;

	db = zonedb_new();
	ck_assert_int_eq(load_zone_mem(zone_text, strlen(zone_text), "t",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(db, z), 0);
}

static void
teardown(void)
{
	zonedb_free(db, 1);
}

static size_t
run(const uint8_t *q, size_t qlen, uint8_t *out)
{
	return answer_query(db, &opts, ANSWER_UDP, q, qlen, out, 512, NULL);
}

START_TEST(answer_formerr)
{
	uint8_t b[256], out[512];
	size_t len;

	/* Shorter than a header: nothing. */
	ck_assert_uint_eq(run(q_www, 11, out), 0);
	ck_assert_uint_eq(run(q_www, 0, out), 0);
	/* QDCOUNT 0: FORMERR, header only, RD copied. */
	memcpy(b, q_www, sizeof(q_www));
	b[5] = 0;
	ck_assert_uint_eq(run(b, sizeof(q_www), out), 12);
	ck_assert_mem_eq(out, "\x12\x34\x81\x01\0\0\0\0\0\0\0\0", 12);
	/* QDCOUNT 2. */
	b[5] = 2;
	ck_assert_uint_eq(run(b, sizeof(q_www), out), 12);
	ck_assert_mem_eq(out, "\x12\x34\x81\x01\0\0\0\0\0\0\0\0", 12);
	/* A bad label. */
	memcpy(b, q_www, sizeof(q_www));
	b[16] = 0x80;
	ck_assert_uint_eq(run(b, sizeof(q_www), out), 12);
	ck_assert_uint_eq(out[3] & 0xf, PKT_RCODE_FORMERR);
	/* Two OPTs: FORMERR with the question, no OPT. */
	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"", 1, 1232, 0);
	len = add_opt(b, len, (const uint8_t *)"", 1, 1232, 0);
	ck_assert_uint_eq(run(b, len, out), sizeof(q_www));
	ck_assert_mem_eq(out, "\x12\x34\x81\x01\0\1\0\0\0\0\0\0", 12);
	ck_assert_mem_eq(out + 12, q_www + 12, sizeof(q_www) - 12);
	/* OPT not at the root. */
	memcpy(b, q_www, sizeof(q_www));
	len = add_opt(b, sizeof(q_www), (const uint8_t *)"\1x", 3, 1232, 0);
	ck_assert_uint_eq(run(b, len, out), sizeof(q_www));
	ck_assert_uint_eq(out[3] & 0xf, PKT_RCODE_FORMERR);
	/* A record in the answer section of a query: FORMERR, with OPT. */
	memcpy(b, q_www, sizeof(q_www));
	len = sizeof(q_www);
	memcpy(b + len, "\xc0\x0c\0\1\0\1\0\0\0\0\0\4\1\2\3\4", 16);
	len += 16;
	b[7] = 1;
	len = add_opt(b, len, (const uint8_t *)"", 1, 1232, 0);
	ck_assert_uint_eq(run(b, len, out), sizeof(q_www) + 11);
	ck_assert_mem_eq(out, "\x12\x34\x81\x01\0\1\0\0\0\0\0\1", 12);
	/* A response: nothing. */
	memcpy(b, q_www, sizeof(q_www));
	b[2] |= 0x80;
	ck_assert_uint_eq(run(b, sizeof(q_www), out), 0);
}
END_TEST

START_TEST(answer_case_0x20)
{
	uint8_t b[64], out[512];
	size_t len;

	memcpy(b, q_www, sizeof(q_www));
	memcpy(b + 12, "\3wWw\7eXaMpLe\3CoM", 16);
	len = run(b, sizeof(q_www), out);
	/* Question echoed as sent, the answer's owner a pointer to it. */
	ck_assert_uint_eq(len, sizeof(q_www) + 16);
	ck_assert_mem_eq(out + 12, "\3wWw\7eXaMpLe\3CoM\0\0\1\0\1", 21);
	ck_assert_mem_eq(out + 33, "\xc0\x0c\0\1\0\1\0\0\x0e\x10\0\4\xc0\0\2\3",
	    16);
}
END_TEST

/* A buffer too small for the question: the header alone, or nothing. */
START_TEST(answer_tiny_output)
{
	uint8_t out[64];

	/* A buffer too small for the question: a FORMERR header at least. */
	ck_assert_uint_eq(answer_query(db, &opts, ANSWER_TCP, q_www,
	    sizeof(q_www), out, 20, NULL), 12);
	ck_assert_uint_eq(answer_query(db, &opts, ANSWER_TCP, q_www,
	    sizeof(q_www), out, 11, NULL), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("pkt");
	TCase *tc = tcase_create("pkt");
	TCase *ta = tcase_create("answer");

	tcase_add_test(tc, parse_query_fields);
	tcase_add_test(tc, parse_query_malformed);
	tcase_add_test(tc, parse_query_opt);
	tcase_add_test(tc, write_compression);
	tcase_add_test(tc, write_no_compression_for_srv_target);
	tcase_add_test(tc, write_truncation_boundary);
	tcase_add_test(tc, write_fixed_names);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(ta, setup, teardown);
	tcase_add_test(ta, answer_formerr);
	tcase_add_test(ta, answer_case_0x20);
	tcase_add_test(ta, answer_tiny_output);
	suite_add_tcase(s, ta);
	return s;
}
