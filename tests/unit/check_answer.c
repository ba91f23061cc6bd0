/*
 * check_answer: answer_query over zones loaded from text. Each test sends
 * one query and compares the rcode, the flags and the exact records of each
 * section, printed in presentation form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/rdata.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "rfc5155_zone.h"
#include "unit.h"

static const char zone_com[] =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "@ NS ns1\n"
    "@ NS ns2.example.net.\n"
    "@ MX 10 mail\n"
    "@ MX 20 mail.example.org.\n"
    "ns1 A 192.0.2.1\n"
    "ns1 AAAA 2001:db8::1\n"
    "mail A 192.0.2.2\n"
    "www A 192.0.2.3\n"
    "www A 192.0.2.4\n"
    "www RRSIG A 8 3 3600 20300101000000 20200101000000 1 example.com. AAAA\n"
    "alias 300 CNAME www\n"
    "chain1 CNAME chain2\n"
    "chain2 CNAME alias\n"
    "loop1 CNAME loop2\n"
    "loop2 CNAME loop1\n"
    "ext CNAME www.example.org.\n"
    "dangling CNAME nothere\n"
    "tonet CNAME www.example.net.\n"
    "todeleg CNAME host.sub\n"
    "sub NS ns.sub\n"
    "sub NS ns.sibling\n"
    "sub NS ns.elsewhere.org.\n"
    "sub DS 12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
    "ns.sub A 192.0.2.10\n"
    "ns.sub AAAA 2001:db8::10\n"
    "ns.sibling A 192.0.2.11\n"
    "child NS ns1.child\n"
    "ns1.child A 192.0.2.12\n"
    "*.wild 600 A 192.0.2.20\n"
    "*.wild MX 10 mail\n"
    "*.wcname CNAME www\n"
    "*.w2 A 192.0.2.21\n"
    "x.y.w2 A 192.0.2.22\n"
    "dn 900 DNAME example.net.\n"
    "dn2 DNAME target.example.com.\n"
    "x.target A 192.0.2.23\n"
    "_sip._tcp SRV 0 5 5060 mail\n"
    "multi A 192.0.2.30\n"
    "multi AAAA 2001:db8::30\n"
    "multi TXT \"t\"\n";

static const char zone_net[] =
    "$ORIGIN example.net.\n"
    "$TTL 7200\n"
    "@ SOA ns2 hostmaster 5 7200 3600 1209600 7300\n"
    "@ NS ns2\n"
    "ns2 A 198.51.100.2\n"
    "www A 198.51.100.3\n";

/* The child zone child.example.com, served beside its parent. */
static const char zone_child[] =
    "$ORIGIN child.example.com.\n"
    "$TTL 60\n"
    "@ SOA ns1 hostmaster 9 7200 3600 1209600 30\n"
    "@ NS ns1\n"
    "ns1 A 192.0.2.12\n"
    "host A 192.0.2.13\n";

static struct zonedb *db;
static struct answer_opts opts;

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
msg(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *m)
{
	(void)ctx;
	fprintf(stderr, "%s:%u:%u: %s: %s\n", file, line, col,
	    sev == RD_SEV_ERROR ? "error" : "warning", m);
}

static void
add_zone(struct zonedb *d, const char *text, const char *origin)
{
	struct zone *z;

	ck_assert_int_eq(load_zone_mem(text, strlen(text), origin, N(origin),
	    NULL, msg, NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(d, z), 0);
}

static void
setup(void)
{
	db = zonedb_new();
	ck_assert_ptr_nonnull(db);
	add_zone(db, zone_com, "example.com.");
	add_zone(db, zone_net, "example.net.");
	add_zone(db, zone_child, "child.example.com.");
	opts.edns_payload = 0;
	opts.id_server = "ns.test";
	opts.version_server = NULL;
}

static void
teardown(void)
{
	zonedb_free(db, 1);
	db = NULL;
}

/* Query options. */
struct qo {
	int edns;		/* add an OPT */
	uint16_t payload;
	uint8_t version;
	int do_bit;
	uint16_t flags;		/* header flags (RD etc.) */
	uint16_t qclass;	/* 0: IN */
};

static size_t
mkquery(uint8_t *buf, const char *qname, uint16_t qtype, const struct qo *o)
{
	struct wire_wr w;
	const uint8_t *n = N(qname);

	wire_wr_init(&w, buf, 512);
	wire_wr_u16(&w, 0x1234);
	wire_wr_u16(&w, o ? o->flags : 0);
	wire_wr_u16(&w, 1);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, o && o->edns ? 1 : 0);
	wire_wr_bytes(&w, n, name_len(n));
	wire_wr_u16(&w, qtype);
	wire_wr_u16(&w, o && o->qclass ? o->qclass : RRCLASS_IN);
	if (o && o->edns) {
		wire_wr_u8(&w, 0);
		wire_wr_u16(&w, RRTYPE_OPT);
		wire_wr_u16(&w, o->payload);
		wire_wr_u32(&w, ((uint32_t)o->version << 16) |
		    (o->do_bit ? 0x8000 : 0));
		wire_wr_u16(&w, 0);
	}
	ck_assert_int_eq(w.err, 0);
	return wire_wr_offset(&w);
}

/* A response printed: flags and each section's records. */
struct resp {
	size_t len;
	uint16_t id, flags, qd;
	uint16_t count[4];
	int rcode;		/* with the extended bits from OPT */
	int opt;		/* OPT seen */
	uint16_t opt_payload;
	uint32_t opt_ttl;
	char sec[3][4096];	/* answer, authority, additional (OPT left out) */
	uint8_t qname[NAME_MAXLEN];
};

static void
parse_resp(const uint8_t *m, size_t len, struct resp *r)
{
	static char line[RRTEXT_MAX];
	uint8_t owner[NAME_MAXLEN], rd[65536];
	struct wire_rd c;
	uint16_t type, rclass, rdlen;
	uint32_t ttl;
	int s, i, n;

	memset(r, 0, sizeof(*r));
	r->len = len;
	ck_assert_uint_ge(len, 12);
	wire_rd_init(&c, m, len);
	r->id = wire_rd_u16(&c);
	r->flags = wire_rd_u16(&c);
	r->qd = wire_rd_u16(&c);
	for (s = 0; s < 3; s++)
		r->count[s] = wire_rd_u16(&c);
	r->rcode = r->flags & 0xf;
	if (r->qd == 1) {
		ck_assert_int_gt(name_parse(&c, r->qname), 0);
		wire_rd_skip(&c, 4);
	}
	for (s = 0; s < 3; s++) {
		for (i = 0; i < r->count[s]; i++) {
			ck_assert_int_gt(name_parse(&c, owner), 0);
			type = wire_rd_u16(&c);
			rclass = wire_rd_u16(&c);
			ttl = wire_rd_u32(&c);
			rdlen = wire_rd_u16(&c);
			ck_assert_int_eq(c.err, 0);
			if (type == RRTYPE_OPT) {
				ck_assert_int_eq(s, 2);
				r->opt = 1;
				r->opt_payload = rclass;
				r->opt_ttl = ttl;
				r->rcode |= (int)((ttl >> 24) << 4);
				wire_rd_skip(&c, rdlen);
				continue;
			}
			n = rdata_unpack(type, &c, rdlen, rd, sizeof(rd));
			ck_assert_int_ge(n, 0);
			ck_assert_int_ge(rrtext_rr(owner, ttl, rclass, type, rd,
			    (size_t)n, line, sizeof(line)), 0);
			strcat(r->sec[s], line);
			strcat(r->sec[s], "\n");
		}
	}
	ck_assert_int_eq(c.err, 0);
	ck_assert_uint_eq(wire_rd_left(&c), 0);
}

static struct resp R;

/* Ask and parse; returns the response length. */
static size_t
ask(enum answer_transport tr, const char *qname, uint16_t qtype,
    const struct qo *o)
{
	static uint8_t out[65535];
	uint8_t q[512];
	struct answer_info info;
	size_t qlen, len;

	qlen = mkquery(q, qname, qtype, o);
	len = answer_query(db, &opts, tr, q, qlen, out,
	    tr == ANSWER_TCP ? 65535 : 65535, &info);
	ck_assert_uint_gt(len, 0);
	parse_resp(out, len, &R);
	ck_assert_uint_eq(R.id, 0x1234);
	ck_assert(R.flags & PKT_QR);
	ck_assert_int_eq(info.rcode, R.rcode);
	ck_assert_int_eq(info.aa, (R.flags & PKT_AA) != 0);
	ck_assert_int_eq(info.truncated, (R.flags & PKT_TC) != 0);
	return len;
}

#define AA(v) ck_assert_int_eq((R.flags & PKT_AA) != 0, (v))
#define TC(v) ck_assert_int_eq((R.flags & PKT_TC) != 0, (v))
#define RCODE(v) ck_assert_int_eq(R.rcode, (v))
#define SEC(i, s) ck_assert_str_eq(R.sec[i], (s))

#define SOA_COM "example.com.\t300\tIN\tSOA\tns1.example.com. " \
	"hostmaster.example.com. 1 7200 3600 1209600 300\n"

START_TEST(exact_match)
{
	ask(ANSWER_UDP, "www.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	TC(0);
	ck_assert_uint_eq(R.qd, 1);
	SEC(0, "www.example.com.\t3600\tIN\tA\t192.0.2.3\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.4\n");
	SEC(1, "");
	SEC(2, "");
	ck_assert_int_eq(R.opt, 0);
}
END_TEST

START_TEST(rd_copied_case_kept)
{
	struct qo o = { .flags = PKT_RD | PKT_CD };

	ask(ANSWER_UDP, "wWw.ExAmPlE.cOm.", RRTYPE_A, &o);
	ck_assert(R.flags & PKT_RD);
	ck_assert(!(R.flags & PKT_CD));
	ck_assert(!(R.flags & PKT_RA));
	ck_assert_str_eq((char *)R.qname, "\3wWw\7ExAmPlE\3cOm");
	SEC(0, "wWw.ExAmPlE.cOm.\t3600\tIN\tA\t192.0.2.3\n"
	    "wWw.ExAmPlE.cOm.\t3600\tIN\tA\t192.0.2.4\n");
}
END_TEST

START_TEST(nodata_soa_min_ttl)
{
	ask(ANSWER_UDP, "www.example.com.", RRTYPE_AAAA, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "");
	/* RFC 2308 §3: min(3600, 300). */
	SEC(1, SOA_COM);
	SEC(2, "");
}
END_TEST

START_TEST(nxdomain)
{
	ask(ANSWER_UDP, "nope.example.com.", RRTYPE_A, NULL);
	RCODE(PKT_RCODE_NXDOMAIN);
	AA(1);
	SEC(0, "");
	SEC(1, SOA_COM);
	SEC(2, "");
	/* The other zone's SOA: TTL 7200 below MINIMUM 7300. */
	ask(ANSWER_UDP, "nope.example.net.", RRTYPE_A, NULL);
	RCODE(PKT_RCODE_NXDOMAIN);
	SEC(1, "example.net.\t7200\tIN\tSOA\tns2.example.net. "
	    "hostmaster.example.net. 5 7200 3600 1209600 7300\n");
}
END_TEST

START_TEST(refused_no_zone)
{
	struct qo o = { .flags = PKT_RD };

	ask(ANSWER_UDP, "www.example.org.", RRTYPE_A, &o);
	RCODE(PKT_RCODE_REFUSED);
	AA(0);
	ck_assert(R.flags & PKT_RD);
	ck_assert_uint_eq(R.qd, 1);
	SEC(0, "");
	SEC(1, "");
	SEC(2, "");
}
END_TEST

START_TEST(cname_followed)
{
	ask(ANSWER_UDP, "chain1.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "chain1.example.com.\t3600\tIN\tCNAME\tchain2.example.com.\n"
	    "chain2.example.com.\t3600\tIN\tCNAME\talias.example.com.\n"
	    "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.3\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.4\n");
	SEC(1, "");
	/* qtype CNAME: the CNAME itself, not followed. */
	ask(ANSWER_UDP, "alias.example.com.", RRTYPE_CNAME, NULL);
	SEC(0, "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n");
}
END_TEST

START_TEST(cname_loop)
{
	ask(ANSWER_UDP, "loop1.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "loop1.example.com.\t3600\tIN\tCNAME\tloop2.example.com.\n"
	    "loop2.example.com.\t3600\tIN\tCNAME\tloop1.example.com.\n");
	SEC(1, "");
}
END_TEST

START_TEST(cname_chain_limit)
{
	static char text[2048];
	uint8_t origin[NAME_MAXLEN];
	struct zone *z;
	size_t off = 0;
	int i;

	/* c0 -> c1 -> ... -> c19 -> end: 12 hops are followed, no more. */
	off += (size_t)snprintf(text, sizeof(text),
	    "$ORIGIN chain.test.\n$TTL 1\n@ SOA a b 1 2 3 4 5\n@ NS a\n"
	    "a A 192.0.2.1\nend A 192.0.2.2\n");
	for (i = 0; i < 19; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
		    "c%d CNAME c%d\n", i, i + 1);
	off += (size_t)snprintf(text + off, sizeof(text) - off,
	    "c19 CNAME end\n");
	ck_assert_int_gt(name_from_text("chain.test.", 11, NULL, origin), 0);
	ck_assert_int_eq(load_zone_mem(text, off, "chain", origin, NULL, msg,
	    NULL, &z), 0);
	ck_assert_int_eq(zonedb_add(db, z), 0);
	ask(ANSWER_TCP, "c0.chain.test.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	ck_assert_uint_eq(R.count[0], 13);
	ck_assert_ptr_nonnull(strstr(R.sec[0],
	    "c12.chain.test.\t1\tIN\tCNAME\tc13.chain.test.\n"));
	ck_assert_ptr_null(strstr(R.sec[0], "c13.chain.test.\t1"));
	SEC(1, "");
	/* Twelve hops to the end: the address is there. */
	ask(ANSWER_TCP, "c8.chain.test.", RRTYPE_A, NULL);
	ck_assert_uint_eq(R.count[0], 13);
	ck_assert_ptr_nonnull(strstr(R.sec[0],
	    "end.chain.test.\t1\tIN\tA\t192.0.2.2\n"));
}
END_TEST

START_TEST(cname_out_and_dangling)
{
	/* Out of our zones: the chain ends, NOERROR. */
	ask(ANSWER_UDP, "ext.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "ext.example.com.\t3600\tIN\tCNAME\twww.example.org.\n");
	SEC(1, "");
	/* Into a name that does not exist: NXDOMAIN (RFC 6604) with SOA. */
	ask(ANSWER_UDP, "dangling.example.com.", RRTYPE_A, NULL);
	RCODE(PKT_RCODE_NXDOMAIN);
	AA(1);
	SEC(0, "dangling.example.com.\t3600\tIN\tCNAME\tnothere.example.com.\n");
	SEC(1, SOA_COM);
	/* Into our other zone: followed there. */
	ask(ANSWER_UDP, "tonet.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "tonet.example.com.\t3600\tIN\tCNAME\twww.example.net.\n"
	    "www.example.net.\t7200\tIN\tA\t198.51.100.3\n");
}
END_TEST

START_TEST(cname_to_referral)
{
	ask(ANSWER_UDP, "todeleg.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "todeleg.example.com.\t3600\tIN\tCNAME\thost.sub.example.com.\n");
	SEC(1, "sub.example.com.\t3600\tIN\tNS\tns.sub.example.com.\n"
	    "sub.example.com.\t3600\tIN\tNS\tns.sibling.example.com.\n"
	    "sub.example.com.\t3600\tIN\tNS\tns.elsewhere.org.\n");
}
END_TEST

START_TEST(referral)
{
	ask(ANSWER_UDP, "a.b.sub.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(0);
	TC(0);
	SEC(0, "");
	SEC(1, "sub.example.com.\t3600\tIN\tNS\tns.sub.example.com.\n"
	    "sub.example.com.\t3600\tIN\tNS\tns.sibling.example.com.\n"
	    "sub.example.com.\t3600\tIN\tNS\tns.elsewhere.org.\n");
	/* In-domain glue first (RFC 9471 §3.1), then the in-zone target. */
	SEC(2, "ns.sub.example.com.\t3600\tIN\tA\t192.0.2.10\n"
	    "ns.sub.example.com.\t3600\tIN\tAAAA\t2001:db8::10\n"
	    "ns.sibling.example.com.\t3600\tIN\tA\t192.0.2.11\n");
	/* The cut itself, for any type but DS. */
	ask(ANSWER_UDP, "sub.example.com.", RRTYPE_A, NULL);
	AA(0);
	ck_assert_uint_eq(R.count[1], 3);
	SEC(0, "");
	/* Glue itself is not an answer: a referral too. */
	ask(ANSWER_UDP, "ns.sub.example.com.", RRTYPE_A, NULL);
	AA(0);
	SEC(0, "");
	ck_assert_uint_eq(R.count[1], 3);
}
END_TEST

START_TEST(ds_parent_side)
{
	/* RFC 4035 §3.1.4.1: DS at the cut from the parent, with AA. */
	ask(ANSWER_UDP, "sub.example.com.", RRTYPE_DS, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "sub.example.com.\t3600\tIN\tDS\t12345 8 2 "
	    "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n");
	SEC(1, "");
	/* DS at the apex of a zone whose parent we serve: the parent's NODATA. */
	ask(ANSWER_UDP, "child.example.com.", RRTYPE_DS, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "");
	SEC(1, SOA_COM);
	/* Any other type there comes from the child zone. */
	ask(ANSWER_UDP, "child.example.com.", RRTYPE_NS, NULL);
	AA(1);
	SEC(0, "child.example.com.\t60\tIN\tNS\tns1.child.example.com.\n");
	SEC(2, "ns1.child.example.com.\t60\tIN\tA\t192.0.2.12\n");
}
END_TEST

START_TEST(wildcard)
{
	ask(ANSWER_UDP, "Foo.Wild.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "Foo.Wild.example.com.\t600\tIN\tA\t192.0.2.20\n");
	SEC(1, "");
	/* Deeper names match too (RFC 4592 §2.2.1). */
	ask(ANSWER_UDP, "a.b.wild.example.com.", RRTYPE_MX, NULL);
	SEC(0, "a.b.wild.example.com.\t3600\tIN\tMX\t10 mail.example.com.\n");
	SEC(2, "mail.example.com.\t3600\tIN\tA\t192.0.2.2\n");
	/* Wildcard NODATA. */
	ask(ANSWER_UDP, "foo.wild.example.com.", RRTYPE_AAAA, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "");
	SEC(1, SOA_COM);
	/* The wildcard's own name answers as itself. */
	ask(ANSWER_UDP, "*.wild.example.com.", RRTYPE_A, NULL);
	SEC(0, "*.wild.example.com.\t600\tIN\tA\t192.0.2.20\n");
}
END_TEST

START_TEST(wildcard_cname)
{
	ask(ANSWER_UDP, "q.wcname.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "q.wcname.example.com.\t3600\tIN\tCNAME\twww.example.com.\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.3\n"
	    "www.example.com.\t3600\tIN\tA\t192.0.2.4\n");
}
END_TEST

START_TEST(wildcard_ent_blocks)
{
	/* y.w2 is an empty non-terminal: it is the closest encloser. */
	ask(ANSWER_UDP, "z.y.w2.example.com.", RRTYPE_A, NULL);
	RCODE(PKT_RCODE_NXDOMAIN);
	SEC(0, "");
	SEC(1, SOA_COM);
	/* The empty non-terminal itself: NODATA, not the wildcard. */
	ask(ANSWER_UDP, "y.w2.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	SEC(0, "");
	SEC(1, SOA_COM);
	/* Beside it, the wildcard applies. */
	ask(ANSWER_UDP, "q.w2.example.com.", RRTYPE_A, NULL);
	SEC(0, "q.w2.example.com.\t3600\tIN\tA\t192.0.2.21\n");
}
END_TEST

START_TEST(dname)
{
	ask(ANSWER_UDP, "a.b.dn.example.com.", RRTYPE_A, NULL);
	AA(1);
	SEC(0, "dn.example.com.\t900\tIN\tDNAME\texample.net.\n"
	    "a.b.dn.example.com.\t900\tIN\tCNAME\ta.b.example.net.\n");
	SEC(1, "example.net.\t7200\tIN\tSOA\tns2.example.net. "
	    "hostmaster.example.net. 5 7200 3600 1209600 7300\n");
	/* RFC 6604 §3: the rcode of the last name, a.b.example.net. */
	RCODE(PKT_RCODE_NXDOMAIN);
}
END_TEST

START_TEST(dname_followed)
{
	ask(ANSWER_UDP, "x.dn2.example.com.", RRTYPE_A, NULL);
	RCODE(0);
	SEC(0, "dn2.example.com.\t3600\tIN\tDNAME\ttarget.example.com.\n"
	    "x.dn2.example.com.\t3600\tIN\tCNAME\tx.target.example.com.\n"
	    "x.target.example.com.\t3600\tIN\tA\t192.0.2.23\n");
	/* A CNAME query: the synthesised CNAME is the answer, not followed. */
	ask(ANSWER_UDP, "x.dn2.example.com.", RRTYPE_CNAME, NULL);
	RCODE(0);
	AA(1);
	SEC(0, "dn2.example.com.\t3600\tIN\tDNAME\ttarget.example.com.\n"
	    "x.dn2.example.com.\t3600\tIN\tCNAME\tx.target.example.com.\n");
	SEC(1, "");
	ask(ANSWER_UDP, "nothere.dn2.example.com.", RRTYPE_CNAME, NULL);
	RCODE(0);
	SEC(1, "");
	/* The DNAME owner itself is ordinary data. */
	ask(ANSWER_UDP, "dn2.example.com.", RRTYPE_DNAME, NULL);
	SEC(0, "dn2.example.com.\t3600\tIN\tDNAME\ttarget.example.com.\n");
	ask(ANSWER_UDP, "dn2.example.com.", RRTYPE_A, NULL);
	SEC(0, "");
	SEC(1, SOA_COM);
}
END_TEST

START_TEST(dname_yxdomain)
{
	char q[300], l63[64], l45[46];

	/*
	 * A 255-octet qname under dn2.example.com (17 octets) becomes 257
	 * under target.example.com (19): YXDOMAIN (RFC 6672 §2.2).
	 */
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l45, 'b', 45);
	l45[45] = '\0';
	snprintf(q, sizeof(q), "%s.%s.%s.%s.dn2.example.com.", l63, l63, l63,
	    l45);
	ask(ANSWER_UDP, q, RRTYPE_A, NULL);
	RCODE(PKT_RCODE_YXDOMAIN);
	AA(1);
	SEC(0, "dn2.example.com.\t3600\tIN\tDNAME\ttarget.example.com.\n");
	SEC(1, "");
}
END_TEST

START_TEST(additional_ns_mx_srv)
{
	ask(ANSWER_UDP, "example.com.", RRTYPE_NS, NULL);
	AA(1);
	SEC(0, "example.com.\t3600\tIN\tNS\tns1.example.com.\n"
	    "example.com.\t3600\tIN\tNS\tns2.example.net.\n");
	/* Targets in both our zones. */
	SEC(2, "ns1.example.com.\t3600\tIN\tA\t192.0.2.1\n"
	    "ns1.example.com.\t3600\tIN\tAAAA\t2001:db8::1\n"
	    "ns2.example.net.\t7200\tIN\tA\t198.51.100.2\n");
	ask(ANSWER_UDP, "example.com.", RRTYPE_MX, NULL);
	SEC(0, "example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"
	    "example.com.\t3600\tIN\tMX\t20 mail.example.org.\n");
	SEC(2, "mail.example.com.\t3600\tIN\tA\t192.0.2.2\n");
	ask(ANSWER_UDP, "_sip._tcp.example.com.", RRTYPE_SRV, NULL);
	SEC(0, "_sip._tcp.example.com.\t3600\tIN\tSRV\t0 5 5060 mail.example.com.\n");
	SEC(2, "mail.example.com.\t3600\tIN\tA\t192.0.2.2\n");
}
END_TEST

START_TEST(any_udp_tcp)
{
	/* RFC 8482 §4.2: one RRset over UDP (the first by type). */
	ask(ANSWER_UDP, "multi.example.com.", RRTYPE_ANY, NULL);
	RCODE(0);
	AA(1);
	TC(0);
	SEC(0, "multi.example.com.\t3600\tIN\tA\t192.0.2.30\n");
	ask(ANSWER_TCP, "multi.example.com.", RRTYPE_ANY, NULL);
	SEC(0, "multi.example.com.\t3600\tIN\tA\t192.0.2.30\n"
	    "multi.example.com.\t3600\tIN\tTXT\t\"t\"\n"
	    "multi.example.com.\t3600\tIN\tAAAA\t2001:db8::30\n");
	/* No RRSIG unless asked for. */
	ask(ANSWER_TCP, "www.example.com.", RRTYPE_ANY, NULL);
	ck_assert_uint_eq(R.count[0], 2);
	ask(ANSWER_UDP, "www.example.com.", RRTYPE_RRSIG, NULL);
	ck_assert_uint_eq(R.count[0], 1);
	ck_assert_ptr_nonnull(strstr(R.sec[0], "\tRRSIG\tA 8 3 3600 "));
	/* ANY at an empty non-terminal: NODATA. */
	ask(ANSWER_TCP, "y.w2.example.com.", RRTYPE_ANY, NULL);
	SEC(0, "");
	SEC(1, SOA_COM);
}
END_TEST

START_TEST(chaos)
{
	struct qo o = { .qclass = RRCLASS_CH };

	ask(ANSWER_UDP, "id.server.", RRTYPE_TXT, &o);
	RCODE(0);
	AA(1);
	SEC(0, "id.server.\t0\tCH\tTXT\t\"ns.test\"\n");
	ask(ANSWER_UDP, "HOSTNAME.bind.", RRTYPE_TXT, &o);
	SEC(0, "HOSTNAME.bind.\t0\tCH\tTXT\t\"ns.test\"\n");
	/* Hidden version. */
	ask(ANSWER_UDP, "version.server.", RRTYPE_TXT, &o);
	RCODE(PKT_RCODE_REFUSED);
	SEC(0, "");
	opts.version_server = "radixdns 0.1";
	ask(ANSWER_UDP, "version.bind.", RRTYPE_TXT, &o);
	RCODE(0);
	SEC(0, "version.bind.\t0\tCH\tTXT\t\"radixdns 0.1\"\n");
	ask(ANSWER_UDP, "version.bind.", RRTYPE_A, &o);
	RCODE(PKT_RCODE_REFUSED);
	ask(ANSWER_UDP, "other.bind.", RRTYPE_TXT, &o);
	RCODE(PKT_RCODE_REFUSED);
}
END_TEST

START_TEST(other_classes_refused)
{
	struct qo o = { .qclass = RRCLASS_ANY };

	ask(ANSWER_UDP, "www.example.com.", RRTYPE_A, &o);
	RCODE(PKT_RCODE_REFUSED);
	AA(0);
	SEC(0, "");
	o.qclass = RRCLASS_HS;
	ask(ANSWER_UDP, "www.example.com.", RRTYPE_A, &o);
	RCODE(PKT_RCODE_REFUSED);
}
END_TEST

START_TEST(opcode_notimp)
{
	struct qo o = { .flags = PKT_OPCODE_UPDATE << 11, .edns = 1,
	    .payload = 1232 };

	ask(ANSWER_UDP, "example.com.", RRTYPE_SOA, &o);
	RCODE(PKT_RCODE_NOTIMP);
	ck_assert_int_eq(PKT_OPCODE(R.flags), PKT_OPCODE_UPDATE);
	ck_assert_uint_eq(R.qd, 1);
	ck_assert_int_eq(R.opt, 1);
	SEC(0, "");
	o.flags = PKT_OPCODE_NOTIFY << 11;
	ask(ANSWER_UDP, "example.com.", RRTYPE_SOA, &o);
	RCODE(PKT_RCODE_NOTIMP);
	o.flags = 3 << 11;
	ask(ANSWER_UDP, "example.com.", RRTYPE_SOA, &o);
	RCODE(PKT_RCODE_NOTIMP);
}
END_TEST

START_TEST(transfers_notimp)
{
	ask(ANSWER_UDP, "example.com.", RRTYPE_AXFR, NULL);
	RCODE(PKT_RCODE_NOTIMP);
	SEC(0, "");
	ask(ANSWER_TCP, "example.com.", RRTYPE_AXFR, NULL);
	RCODE(PKT_RCODE_NOTIMP);
	ask(ANSWER_TCP, "example.com.", RRTYPE_IXFR, NULL);
	RCODE(PKT_RCODE_NOTIMP);
}
END_TEST

START_TEST(response_dropped)
{
	uint8_t q[512], out[512];
	size_t qlen;

	qlen = mkquery(q, "www.example.com.", RRTYPE_A, NULL);
	q[2] |= 0x80;
	ck_assert_uint_eq(answer_query(db, &opts, ANSWER_UDP, q, qlen, out,
	    sizeof(out), NULL), 0);
	q[2] &= 0x7f;
	ck_assert_uint_eq(answer_query(db, &opts, ANSWER_UDP, q, 11, out,
	    sizeof(out), NULL), 0);
	ck_assert_uint_gt(answer_query(db, &opts, ANSWER_UDP, q, qlen, out,
	    sizeof(out), NULL), 0);
}
END_TEST

/* A zone with big RRsets and a delegation with much glue. */
static const char zone_big[] =
    "$ORIGIN big.example.\n"
    "$TTL 60\n"
    "@ SOA ns hm 1 2 3 4 5\n"
    "@ NS ns\n"
    "ns A 192.0.2.1\n"
    "txt TXT \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
    "txt TXT \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"\n"
    "txt TXT \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"\n"
    "txt TXT \"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\"\n"
    "txt TXT \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"\n"
    "c CNAME txt\n"
    "d NS ns1.d\n" "d NS ns2.d\n" "d NS ns3.d\n" "d NS ns4.d\n"
    "d NS ns5.d\n" "d NS ns6.d\n" "d NS ns7.d\n" "d NS ns8.d\n"
    "ns1.d A 192.0.2.1\n" "ns1.d AAAA 2001:db8::1\n"
    "ns2.d A 192.0.2.2\n" "ns2.d AAAA 2001:db8::2\n"
    "ns3.d A 192.0.2.3\n" "ns3.d AAAA 2001:db8::3\n"
    "ns4.d A 192.0.2.4\n" "ns4.d AAAA 2001:db8::4\n"
    "ns5.d A 192.0.2.5\n" "ns5.d AAAA 2001:db8::5\n"
    "ns6.d A 192.0.2.6\n" "ns6.d AAAA 2001:db8::6\n"
    "ns7.d A 192.0.2.7\n" "ns7.d AAAA 2001:db8::7\n"
    "ns8.d A 192.0.2.8\n" "ns8.d AAAA 2001:db8::8\n"
    "e NS ns1.s\n" "e NS ns2.s\n" "e NS ns3.s\n" "e NS ns4.s\n"
    "e NS ns5.s\n" "e NS ns6.s\n" "e NS ns7.s\n" "e NS ns8.s\n"
    "e NS ns9.s\n" "e NS ns10.s\n" "e NS ns11.s\n" "e NS ns12.s\n"
    "ns1.s AAAA 2001:db8::1\n" "ns2.s AAAA 2001:db8::2\n"
    "ns3.s AAAA 2001:db8::3\n" "ns4.s AAAA 2001:db8::4\n"
    "ns5.s AAAA 2001:db8::5\n" "ns6.s AAAA 2001:db8::6\n"
    "ns7.s AAAA 2001:db8::7\n" "ns8.s AAAA 2001:db8::8\n"
    "ns9.s AAAA 2001:db8::9\n" "ns10.s AAAA 2001:db8::10\n"
    "ns11.s AAAA 2001:db8::11\n" "ns12.s AAAA 2001:db8::12\n";

START_TEST(truncation_rrset_boundary)
{
	struct qo o = { .edns = 1, .payload = 4096 };
	size_t len;

	add_zone(db, zone_big, "big.example.");
	/* Five 101-octet strings: about 600 octets, more than 512. */
	len = ask(ANSWER_UDP, "txt.big.example.", RRTYPE_TXT, NULL);
	TC(1);
	AA(1);
	ck_assert_uint_eq(R.count[0], 0);
	ck_assert_uint_le(len, 512);
	/* With EDNS it fits in 1232. */
	ask(ANSWER_UDP, "txt.big.example.", RRTYPE_TXT, &o);
	TC(0);
	ck_assert_uint_eq(R.count[0], 5);
	ck_assert_int_eq(R.opt, 1);
	/* Over TCP it fits. */
	ask(ANSWER_TCP, "txt.big.example.", RRTYPE_TXT, NULL);
	TC(0);
	ck_assert_uint_eq(R.count[0], 5);
	/* The CNAME fits, the TXT RRset after it does not: CNAME only. */
	len = ask(ANSWER_UDP, "c.big.example.", RRTYPE_TXT, NULL);
	TC(1);
	SEC(0, "c.big.example.\t60\tIN\tCNAME\ttxt.big.example.\n");
	ck_assert_uint_le(len, 512);
}
END_TEST

START_TEST(referral_glue_tc)
{
	add_zone(db, zone_big, "big.example.");
	/* RFC 9471 §3.1: in-domain glue that does not fit sets TC. */
	ask(ANSWER_UDP, "www.d.big.example.", RRTYPE_A, NULL);
	AA(0);
	TC(1);
	ck_assert_uint_eq(R.count[1], 8);
	ck_assert_uint_lt(R.count[2], 16);
	/* With room for it all, no TC and every address. */
	ask(ANSWER_TCP, "www.d.big.example.", RRTYPE_A, NULL);
	TC(0);
	ck_assert_uint_eq(R.count[2], 16);
	/* Addresses of targets elsewhere in the zone that do not fit: no TC. */
	ask(ANSWER_UDP, "www.e.big.example.", RRTYPE_A, NULL);
	AA(0);
	TC(0);
	ck_assert_uint_eq(R.count[1], 12);
	ck_assert_uint_lt(R.count[2], 12);
	ck_assert_uint_gt(R.count[2], 0);
}
END_TEST

/*
 * A small NSEC-signed zone (signatures are placeholders: answering does
 * not verify them). Canonical order: apex, a, d, ns.d (glue, no NSEC),
 * ns, s, t, w (empty non-terminal), *.w.
 */
#define SIG(t, l) " RRSIG " t " 8 " l " 60 20300101000000 20200101000000 " \
	"7 sig.example. AAAA\n"
static const char zone_sig[] =
    "$ORIGIN sig.example.\n"
    "$TTL 60\n"
    "@ SOA ns hm 1 2 3 4 30\n"
    "@" SIG("SOA", "2")
    "@ NS ns\n"
    "@" SIG("NS", "2")
    "@ DNSKEY 256 3 8 AwEAAQ==\n"
    "@" SIG("DNSKEY", "2")
    "@ NSEC a NS SOA RRSIG NSEC DNSKEY\n"
    "@" SIG("NSEC", "2")
    "a A 192.0.2.1\n"
    "a" SIG("A", "3")
    "a NSEC d A RRSIG NSEC\n"
    "a" SIG("NSEC", "3")
    "d NS ns.d\n"
    "ns.d A 192.0.2.2\n"
    "d NSEC ns NS RRSIG NSEC\n"
    "d" SIG("NSEC", "3")
    "ns A 192.0.2.3\n"
    "ns" SIG("A", "3")
    "ns NSEC s A RRSIG NSEC\n"
    "ns" SIG("NSEC", "3")
    "s NS ns.d\n"
    "s DS 1 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
    "s" SIG("DS", "3")
    "s NSEC t NS DS RRSIG NSEC\n"
    "s" SIG("NSEC", "3")
    "*.w TXT \"w\"\n"
    "*.w" SIG("TXT", "3")
    "*.w NSEC @ TXT RRSIG NSEC\n"
    "*.w" SIG("NSEC", "3")
    "t TXT \"" /* 250 octets */
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789\"\n"
    "t RRSIG TXT 8 3 60 20300101000000 20200101000000 7 sig.example. "
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
    "t NSEC *.w TXT RRSIG NSEC\n"
    "t" SIG("NSEC", "3");

#define RS(o, t, l) o "\t60\tIN\tRRSIG\t" t " 8 " l " 60 20300101000000 " \
	"20200101000000 7 sig.example. AAAA\n"
#define SOA_SIG "sig.example.\t30\tIN\tSOA\tns.sig.example. " \
	"hm.sig.example. 1 2 3 4 30\n" \
	"sig.example.\t30\tIN\tRRSIG\tSOA 8 2 60 20300101000000 " \
	"20200101000000 7 sig.example. AAAA\n"
#define NSEC_APEX "sig.example.\t60\tIN\tNSEC\ta.sig.example. NS SOA " \
	"RRSIG NSEC DNSKEY\n" RS("sig.example.", "NSEC", "2")
#define NSEC_A "a.sig.example.\t60\tIN\tNSEC\td.sig.example. A RRSIG " \
	"NSEC\n" RS("a.sig.example.", "NSEC", "3")
#define NSEC_D "d.sig.example.\t60\tIN\tNSEC\tns.sig.example. NS RRSIG " \
	"NSEC\n" RS("d.sig.example.", "NSEC", "3")
#define NSEC_W "*.w.sig.example.\t60\tIN\tNSEC\tsig.example. TXT RRSIG " \
	"NSEC\n" RS("*.w.sig.example.", "NSEC", "3")

static const struct qo qdo = { .edns = 1, .payload = 4096, .do_bit = 1 };

START_TEST(dnssec_positive)
{
	add_zone(db, zone_sig, "sig.example.");
	ask(ANSWER_TCP, "a.sig.example.", RRTYPE_A, &qdo);
	RCODE(0);
	AA(1);
	SEC(0, "a.sig.example.\t60\tIN\tA\t192.0.2.1\n"
	    RS("a.sig.example.", "A", "3"));
	SEC(1, "");
	/* The DO bit is echoed (RFC 3225 §3). */
	ck_assert_uint_eq(R.opt_ttl & 0x8000, 0x8000);
	/* Without DO: no RRSIG. */
	ask(ANSWER_TCP, "a.sig.example.", RRTYPE_A, NULL);
	SEC(0, "a.sig.example.\t60\tIN\tA\t192.0.2.1\n");
	/* NS at the apex, with the addresses signed in additional. */
	ask(ANSWER_TCP, "sig.example.", RRTYPE_NS, &qdo);
	SEC(0, "sig.example.\t60\tIN\tNS\tns.sig.example.\n"
	    RS("sig.example.", "NS", "2"));
	SEC(2, "ns.sig.example.\t60\tIN\tA\t192.0.2.3\n"
	    RS("ns.sig.example.", "A", "3"));
	/* Asked for by type without DO: every RRSIG RRset, plain. */
	ask(ANSWER_TCP, "a.sig.example.", RRTYPE_RRSIG, NULL);
	SEC(0, RS("a.sig.example.", "A", "3") RS("a.sig.example.", "NSEC", "3"));
	ask(ANSWER_TCP, "sig.example.", RRTYPE_DNSKEY, NULL);
	SEC(0, "sig.example.\t60\tIN\tDNSKEY\t256 3 8 AwEAAQ==\n");
	ask(ANSWER_TCP, "a.sig.example.", RRTYPE_NSEC, NULL);
	SEC(0, "a.sig.example.\t60\tIN\tNSEC\td.sig.example. A RRSIG NSEC\n");
}
END_TEST

START_TEST(dnssec_denial)
{
	add_zone(db, zone_sig, "sig.example.");
	/* RFC 4035 §3.1.3.1: NODATA, the NSEC at the name. */
	ask(ANSWER_TCP, "a.sig.example.", RRTYPE_MX, &qdo);
	RCODE(0);
	AA(1);
	SEC(0, "");
	SEC(1, SOA_SIG NSEC_A);
	/* §3.1.3.2: NXDOMAIN, b is covered by a's NSEC, *.sig.example by the apex's. */
	ask(ANSWER_TCP, "b.sig.example.", RRTYPE_A, &qdo);
	RCODE(PKT_RCODE_NXDOMAIN);
	SEC(0, "");
	SEC(1, SOA_SIG NSEC_A NSEC_APEX);
	/* The empty non-terminal w: the NSEC of t, whose next is below w. */
	ask(ANSWER_TCP, "w.sig.example.", RRTYPE_A, &qdo);
	RCODE(0);
	SEC(1, SOA_SIG "t.sig.example.\t60\tIN\tNSEC\t*.w.sig.example. TXT "
	    "RRSIG NSEC\n" RS("t.sig.example.", "NSEC", "3"));
	/* Without DO: the SOA alone. */
	ask(ANSWER_TCP, "b.sig.example.", RRTYPE_A, NULL);
	SEC(1, "sig.example.\t30\tIN\tSOA\tns.sig.example. "
	    "hm.sig.example. 1 2 3 4 30\n");
}
END_TEST

START_TEST(dnssec_wildcard)
{
	add_zone(db, zone_sig, "sig.example.");
	/*
	 * §3.1.3.3: the expanded RRset with the wildcard's RRSIG (labels 3)
	 * and the NSEC proving x.w does not exist: *.w's, which covers it.
	 */
	ask(ANSWER_TCP, "x.w.sig.example.", RRTYPE_TXT, &qdo);
	RCODE(0);
	AA(1);
	SEC(0, "x.w.sig.example.\t60\tIN\tTXT\t\"w\"\n"
	    RS("x.w.sig.example.", "TXT", "3"));
	SEC(1, NSEC_W);
	/* §3.1.3.4: wildcard NODATA, the same NSEC proves both. */
	ask(ANSWER_TCP, "x.w.sig.example.", RRTYPE_A, &qdo);
	RCODE(0);
	SEC(0, "");
	SEC(1, SOA_SIG NSEC_W);
}
END_TEST

START_TEST(dnssec_referral)
{
	add_zone(db, zone_sig, "sig.example.");
	/* §3.1.4: unsigned child, the NSEC at the cut shows NS without DS. */
	ask(ANSWER_TCP, "www.d.sig.example.", RRTYPE_A, &qdo);
	RCODE(0);
	AA(0);
	SEC(0, "");
	SEC(1, "d.sig.example.\t60\tIN\tNS\tns.d.sig.example.\n" NSEC_D);
	SEC(2, "ns.d.sig.example.\t60\tIN\tA\t192.0.2.2\n");
	/* Signed child: the DS and its RRSIG. */
	ask(ANSWER_TCP, "www.s.sig.example.", RRTYPE_A, &qdo);
	AA(0);
	SEC(1, "s.sig.example.\t60\tIN\tNS\tns.d.sig.example.\n"
	    "s.sig.example.\t60\tIN\tDS\t1 8 2 0123456789ABCDEF0123456789"
	    "ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	    RS("s.sig.example.", "DS", "3"));
	/* DS at the unsigned cut: NODATA from the parent with its NSEC. */
	ask(ANSWER_TCP, "d.sig.example.", RRTYPE_DS, &qdo);
	AA(1);
	SEC(0, "");
	SEC(1, SOA_SIG NSEC_D);
	/* Without DO: the NS and the glue only. */
	ask(ANSWER_TCP, "www.s.sig.example.", RRTYPE_A, NULL);
	SEC(1, "s.sig.example.\t60\tIN\tNS\tns.d.sig.example.\n");
}
END_TEST

START_TEST(dnssec_truncation)
{
	struct qo o = qdo;

	add_zone(db, zone_sig, "sig.example.");
	/* The TXT alone fits in 512 octets. */
	o.do_bit = 0;
	o.payload = 512;
	ask(ANSWER_UDP, "t.sig.example.", RRTYPE_TXT, &o);
	TC(0);
	ck_assert_uint_eq(R.count[0], 1);
	/* RFC 4035 §3.1.1: with its RRSIG it does not: TC, neither is kept. */
	o.do_bit = 1;
	ask(ANSWER_UDP, "t.sig.example.", RRTYPE_TXT, &o);
	TC(1);
	ck_assert_uint_eq(R.count[0], 0);
	ck_assert_uint_eq(R.count[1], 0);
	/* With room, both. */
	o.payload = 1232;
	ask(ANSWER_UDP, "t.sig.example.", RRTYPE_TXT, &o);
	TC(0);
	ck_assert_uint_eq(R.count[0], 2);
}
END_TEST

/* The NSEC3 records of each answer of RFC 5155 Appendix B (rfc5155_zone.h). */

/* Number of NSEC3 records in s, and whether each owner label is among them. */
static int
nsec3_count(const char *s)
{
	int n = 0;

	while ((s = strstr(s, "\tNSEC3\t")) != NULL) {
		n++;
		s++;
	}
	return n;
}

#define HAS_NSEC3(h) ck_assert_ptr_nonnull(strstr(R.sec[1], h ".example.\t"))

START_TEST(nsec3_appendix_b)
{
	add_zone(db, rfc5155_zone, "example.");
	/* B.1: NXDOMAIN, closest encloser x.w, next closer and wildcard. */
	ask(ANSWER_TCP, "a.c.x.w.example.", RRTYPE_A, &qdo);
	RCODE(PKT_RCODE_NXDOMAIN);
	AA(1);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 3);
	HAS_NSEC3("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	HAS_NSEC3("b4um86eghhds6nea196smvmlo4ors995");
	HAS_NSEC3("35mthgpgcu1qg68fab165klnsnk3dpvl");
	/* B.2: NODATA, the NSEC3 of ns1. */
	ask(ANSWER_TCP, "ns1.example.", RRTYPE_MX, &qdo);
	RCODE(0);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 1);
	HAS_NSEC3("2t7b4g4vsa5smi47k61mv5bv1a22bojr");
	/* B.2.1: the empty non-terminal y.w. */
	ask(ANSWER_TCP, "y.w.example.", RRTYPE_A, &qdo);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 1);
	HAS_NSEC3("ji6neoaepv8b5o6k4ev33abha8ht9fgc");
	/* B.3: referral to the opt-out delegation c. */
	ask(ANSWER_TCP, "mc.c.example.", RRTYPE_MX, &qdo);
	AA(0);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 2);
	HAS_NSEC3("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	HAS_NSEC3("35mthgpgcu1qg68fab165klnsnk3dpvl");
	ck_assert_ptr_nonnull(strstr(R.sec[1], "c.example.\t3600\tIN\tNS\t"));
	/* B.4: wildcard expansion, the next closer z.w covered. */
	ask(ANSWER_TCP, "a.z.w.example.", RRTYPE_MX, &qdo);
	RCODE(0);
	SEC(0, "a.z.w.example.\t3600\tIN\tMX\t1 ai.example.\n");
	ck_assert_int_eq(nsec3_count(R.sec[1]), 1);
	HAS_NSEC3("q04jkcevqvmu85r014c7dkba38o0ji5r");
	/* B.5: wildcard NODATA: w matched, z.w covered, *.w matched. */
	ask(ANSWER_TCP, "a.z.w.example.", RRTYPE_AAAA, &qdo);
	RCODE(0);
	SEC(0, "");
	ck_assert_int_eq(nsec3_count(R.sec[1]), 3);
	HAS_NSEC3("k8udemvp1j2f7eg6jebps17vp3n8i58h");
	HAS_NSEC3("q04jkcevqvmu85r014c7dkba38o0ji5r");
	HAS_NSEC3("r53bq7cc2uvmubfu5ocmm6pers9tk9en");
	/* B.6: DS at the apex, no parent here: NODATA with the apex's NSEC3. */
	ask(ANSWER_TCP, "example.", RRTYPE_DS, &qdo);
	RCODE(0);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 1);
	HAS_NSEC3("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
	/* Without DO: no NSEC3. */
	ask(ANSWER_TCP, "a.c.x.w.example.", RRTYPE_A, NULL);
	ck_assert_int_eq(nsec3_count(R.sec[1]), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("answer");
	TCase *tc = tcase_create("answer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exact_match);
	tcase_add_test(tc, rd_copied_case_kept);
	tcase_add_test(tc, nodata_soa_min_ttl);
	tcase_add_test(tc, nxdomain);
	tcase_add_test(tc, refused_no_zone);
	tcase_add_test(tc, cname_followed);
	tcase_add_test(tc, cname_loop);
	tcase_add_test(tc, cname_chain_limit);
	tcase_add_test(tc, cname_out_and_dangling);
	tcase_add_test(tc, cname_to_referral);
	tcase_add_test(tc, referral);
	tcase_add_test(tc, ds_parent_side);
	tcase_add_test(tc, wildcard);
	tcase_add_test(tc, wildcard_cname);
	tcase_add_test(tc, wildcard_ent_blocks);
	tcase_add_test(tc, dname);
	tcase_add_test(tc, dname_followed);
	tcase_add_test(tc, dname_yxdomain);
	tcase_add_test(tc, additional_ns_mx_srv);
	tcase_add_test(tc, any_udp_tcp);
	tcase_add_test(tc, chaos);
	tcase_add_test(tc, other_classes_refused);
	tcase_add_test(tc, opcode_notimp);
	tcase_add_test(tc, transfers_notimp);
	tcase_add_test(tc, response_dropped);
	tcase_add_test(tc, truncation_rrset_boundary);
	tcase_add_test(tc, referral_glue_tc);
	tcase_add_test(tc, dnssec_positive);
	tcase_add_test(tc, dnssec_denial);
	tcase_add_test(tc, dnssec_wildcard);
	tcase_add_test(tc, dnssec_referral);
	tcase_add_test(tc, dnssec_truncation);
	tcase_add_test(tc, nsec3_appendix_b);
	suite_add_tcase(s, tc);
	return s;
}
