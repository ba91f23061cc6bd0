/*
 * check_update: RFC 2136 processing. Each test builds an UPDATE message,
 * runs update_process against a small zone, applies the diff and checks
 * the exact rcode and the exact records afterwards.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/update.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "unit.h"

#define NOERROR 0
#define FORMERR 1
#define SERVFAIL 2
#define NXDOMAIN 3
#define REFUSED 5
#define YXDOMAIN 6
#define YXRRSET 7
#define NXRRSET 8
#define NOTAUTH 9
#define NOTZONE 10
#define PKT_OPCODE_UPDATE_FLAGS (5 << 11)

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 10 7200 3600 1209600 60\n"
    "@ NS ns1\n@ NS ns2\n@ MX 10 mail\n"
    "ns1 A 192.0.2.1\nns2 A 192.0.2.2\nmail A 192.0.2.8\n"
    "www A 192.0.2.3\nwww A 192.0.2.4\n"
    "alias CNAME www\ntxt TXT hello\n"
    "a.b.ent A 192.0.2.9\n"
    "sub NS ns.sub\nns.sub A 192.0.2.5\n";

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[8][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 8];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static struct zone *
mkzone_text(const char *text)
{
	struct zone *z;

	ck_assert_int_eq(load_zone_mem(text, strlen(text), "t",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	return z;
}

static struct zone *
mkzone(void)
{
	return mkzone_text(zone_text);
}

/* rdata text (tokens split at spaces) to wire; returns the length. */
static int
rdata(uint16_t type, const char *text, uint8_t *out)
{
	struct rd_tok tok[16];
	char buf[512], *p, *save;
	size_t n = 0;
	int len;

	snprintf(buf, sizeof(buf), "%s", text);
	for (p = strtok_r(buf, " ", &save); p != NULL && n < 16;
	    p = strtok_r(NULL, " ", &save)) {
		memset(&tok[n], 0, sizeof(tok[n]));
		tok[n].s = p;
		tok[n].len = (uint32_t)strlen(p);
		n++;
	}
	len = rdata_from_text(type, tok, n, N("example.com."), out, 65535,
	    NULL, 0, NULL);
	ck_assert_int_ge(len, 0);
	return len;
}

/* An UPDATE message under construction. */
struct msg {
	uint8_t buf[4096];
	struct wire_wr w;
	uint16_t count[4];
	int sec;
};

static void
msg_begin(struct msg *m, const char *zone, uint16_t ztype, uint16_t zclass)
{
	const uint8_t *z = N(zone);

	memset(m, 0, sizeof(*m));
	wire_wr_init(&m->w, m->buf, sizeof(m->buf));
	wire_wr_u16(&m->w, 0x1234);
	wire_wr_u16(&m->w, PKT_OPCODE_UPDATE_FLAGS);
	wire_wr_bytes(&m->w, "\0\0\0\0\0\0\0\0", 8);
	wire_wr_bytes(&m->w, z, name_len(z));
	wire_wr_u16(&m->w, ztype);
	wire_wr_u16(&m->w, zclass);
	m->count[0] = 1;
	m->sec = 1;
}

/* Append an RR to section sec (1 prerequisites, 2 updates). */
static void
msg_rr(struct msg *m, int sec, const char *owner, uint16_t type,
    uint16_t rclass, uint32_t ttl, const char *rd)
{
	const uint8_t *o = N(owner);
	uint8_t rdw[1024];
	int len = 0;

	ck_assert_int_ge(sec, m->sec);
	m->sec = sec;
	if (rd != NULL)
		len = rdata(type, rd, rdw);
	wire_wr_bytes(&m->w, o, name_len(o));
	wire_wr_u16(&m->w, type);
	wire_wr_u16(&m->w, rclass);
	wire_wr_u32(&m->w, ttl);
	wire_wr_u16(&m->w, (uint16_t)len);
	wire_wr_bytes(&m->w, rdw, (size_t)len);
	m->count[sec]++;
	ck_assert_int_eq(m->w.err, 0);
}

static size_t
msg_end(struct msg *m)
{
	int i;

	for (i = 0; i < 4; i++)
		wire_put_u16(m->buf + 4 + 2 * i, m->count[i]);
	return wire_wr_offset(&m->w);
}

static struct update_opts opts;

/* Run the message against z, apply the diff; returns the rcode. */
static int
run(struct zone *z, struct msg *m, struct diff *d)
{
	int rc;

	rc = update_process(z, m->buf, msg_end(m), &opts, d);
	if (rc == 0)
		ck_assert_int_eq(diff_apply(z, d), 0);
	else
		ck_assert(diff_empty(d));
	return rc;
}

/* The number of RRs of (owner, type) in z, and whether rd is one. */
static int
count(const struct zone *z, const char *owner, uint16_t type)
{
	const struct znode *n = zone_get(z, N(owner));
	const struct rrset *rs;

	if (n == NULL || (rs = znode_rrset(n, type)) == NULL)
		return 0;
	return rs->count;
}

static uint32_t
ttl(const struct zone *z, const char *owner, uint16_t type)
{
	const struct znode *n = zone_get(z, N(owner));
	const struct rrset *rs;

	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(rs = znode_rrset(n, type));
	return rs->ttl;
}

static int
has(const struct zone *z, const char *owner, uint16_t type, const char *rd)
{
	const struct znode *n = zone_get(z, N(owner));
	const struct rrset *rs;
	const uint8_t *p;
	uint8_t w[1024];
	int len = rdata(type, rd, w);

	if (n == NULL || (rs = znode_rrset(n, type)) == NULL)
		return 0;
	RRSET_FOREACH(rs, p)
		if (rdata_cmp(type, p + 2, wire_get_u16(p), w,
		    (size_t)len) == 0)
			return 1;
	return 0;
}

/* One prerequisite RR alone, against the zone; returns the rcode. */
static int
pre1(const char *owner, uint16_t type, uint16_t rclass, uint32_t t,
    const char *rd)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;
	int rc;

	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 1, owner, type, rclass, t, rd);
	rc = run(z, &m, &d);
	/* No update section: never a change, never a serial bump. */
	ck_assert(diff_empty(&d));
	ck_assert_uint_eq(z->serial, 10);
	diff_free(&d);
	zone_free(z);
	return rc;
}

START_TEST(test_prereq_name_in_use)
{
	/* RFC 2136 §2.4.4: class ANY, type ANY. */
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_ANY, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(pre1("nothere.example.com.", RRTYPE_ANY,
	    RRCLASS_ANY, 0, NULL), NXDOMAIN);
	/* An empty non-terminal holds no RR: not in use. */
	ck_assert_int_eq(pre1("b.ent.example.com.", RRTYPE_ANY, RRCLASS_ANY,
	    0, NULL), NXDOMAIN);
}
END_TEST

START_TEST(test_prereq_rrset_exists)
{
	/* §2.4.1: class ANY, type T. */
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_MX, RRCLASS_ANY, 0,
	    NULL), NXRRSET);
	ck_assert_int_eq(pre1("nothere.example.com.", RRTYPE_A, RRCLASS_ANY,
	    0, NULL), NXRRSET);
}
END_TEST

START_TEST(test_prereq_name_not_in_use)
{
	/* §2.4.5: class NONE, type ANY. */
	ck_assert_int_eq(pre1("nothere.example.com.", RRTYPE_ANY,
	    RRCLASS_NONE, 0, NULL), NOERROR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_ANY, RRCLASS_NONE, 0,
	    NULL), YXDOMAIN);
}
END_TEST

START_TEST(test_prereq_rrset_not_exists)
{
	/* §2.4.3: class NONE, type T. */
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_MX, RRCLASS_NONE, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_NONE, 0,
	    NULL), YXRRSET);
}
END_TEST

/* Value-dependent prerequisite with the given www A rdatas. */
static int
pre_values(const char *const *rds, size_t n)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;
	size_t i;
	int rc;

	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	for (i = 0; i < n; i++)
		msg_rr(&m, 1, "www.example.com.", RRTYPE_A, RRCLASS_IN, 0,
		    rds[i]);
	rc = run(z, &m, &d);
	diff_free(&d);
	zone_free(z);
	return rc;
}

START_TEST(test_prereq_values)
{
	static const char *exact[] = { "192.0.2.4", "192.0.2.3" };
	static const char *dup[] = { "192.0.2.3", "192.0.2.4", "192.0.2.3" };
	static const char *less[] = { "192.0.2.3" };
	static const char *more[] = { "192.0.2.3", "192.0.2.4", "192.0.2.5" };
	static const char *other[] = { "192.0.2.3", "192.0.2.6" };

	/* §2.4.2 and §3.2.3: the whole RRset, in any order. */
	ck_assert_int_eq(pre_values(exact, 2), NOERROR);
	ck_assert_int_eq(pre_values(dup, 3), NOERROR);
	ck_assert_int_eq(pre_values(less, 1), NXRRSET);
	ck_assert_int_eq(pre_values(more, 3), NXRRSET);
	ck_assert_int_eq(pre_values(other, 2), NXRRSET);
	ck_assert_int_eq(pre1("nothere.example.com.", RRTYPE_A, RRCLASS_IN,
	    0, "192.0.2.3"), NXRRSET);
}
END_TEST

START_TEST(test_prereq_format)
{
	/* §3.2.1: TTL must be 0, ANY/NONE carry no rdata. */
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_ANY, 5,
	    NULL), FORMERR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_ANY, 0,
	    "192.0.2.3"), FORMERR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_NONE, 0,
	    "192.0.2.3"), FORMERR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_A, RRCLASS_CH, 0,
	    "192.0.2.3"), FORMERR);
	ck_assert_int_eq(pre1("www.example.com.", RRTYPE_AXFR, RRCLASS_ANY,
	    0, NULL), FORMERR);
	/* §3.2.2 (in §3.2.5's order): a name outside the zone. */
	ck_assert_int_eq(pre1("www.example.net.", RRTYPE_A, RRCLASS_ANY, 0,
	    NULL), NOTZONE);
}
END_TEST

START_TEST(test_prereq_order)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;

	/* The first failing prerequisite gives the rcode; nothing changes. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 1, "www.example.com.", RRTYPE_ANY, RRCLASS_NONE, 0, NULL);
	msg_rr(&m, 1, "nothere.example.com.", RRTYPE_ANY, RRCLASS_ANY, 0,
	    NULL);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	ck_assert_int_eq(run(z, &m, &d), YXDOMAIN);
	ck_assert_int_eq(count(z, "new.example.com.", RRTYPE_A), 0);
	/* All prerequisites hold: the update goes through. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 1, "nothere.example.com.", RRTYPE_ANY, RRCLASS_NONE, 0,
	    NULL);
	msg_rr(&m, 1, "www.example.com.", RRTYPE_A, RRCLASS_ANY, 0, NULL);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert(has(z, "new.example.com.", RRTYPE_A, "192.0.2.77"));
	ck_assert_uint_eq(z->serial, 11);
	diff_free(&d);
	zone_free(z);
}
END_TEST

/* A message with only a zone section. */
static int
zone1(const char *zone, uint16_t ztype, uint16_t zclass)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;
	int rc;

	diff_init(&d);
	msg_begin(&m, zone, ztype, zclass);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	rc = run(z, &m, &d);
	diff_free(&d);
	zone_free(z);
	return rc;
}

START_TEST(test_zone_section)
{
	struct zone *z = mkzone();
	uint8_t zname[NAME_MAXLEN];
	uint16_t zclass;
	struct diff d;
	struct msg m;
	size_t len;

	/* RFC 2136 §3.1.1: ZTYPE SOA; §3.1.2: NOTAUTH for another zone. */
	ck_assert_int_eq(zone1("example.com.", RRTYPE_SOA, RRCLASS_IN),
	    NOERROR);
	ck_assert_int_eq(zone1("example.com.", RRTYPE_A, RRCLASS_IN),
	    FORMERR);
	ck_assert_int_eq(zone1("example.org.", RRTYPE_SOA, RRCLASS_IN),
	    NOTAUTH);
	ck_assert_int_eq(zone1("sub.example.com.", RRTYPE_SOA, RRCLASS_IN),
	    NOTAUTH);
	ck_assert_int_eq(zone1("example.com.", RRTYPE_SOA, RRCLASS_CH),
	    NOTAUTH);
	/* ZOCOUNT must be 1. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	len = msg_end(&m);
	wire_put_u16(m.buf + 4, 2);
	ck_assert_int_eq(update_zone(m.buf, len, zname, &zclass), FORMERR);
	ck_assert_int_eq(update_process(z, m.buf, len, NULL, &d), FORMERR);
	wire_put_u16(m.buf + 4, 0);
	ck_assert_int_eq(update_process(z, m.buf, len, NULL, &d), FORMERR);
	wire_put_u16(m.buf + 4, 1);
	ck_assert_int_eq(update_zone(m.buf, len, zname, &zclass), 0);
	ck_assert(name_equal(zname, N("example.com.")));
	ck_assert_uint_eq(zclass, RRCLASS_IN);
	/* Truncated, and counts beyond the message. */
	ck_assert_int_eq(update_process(z, m.buf, len - 1, NULL, &d),
	    FORMERR);
	ck_assert_int_eq(update_process(z, m.buf, 11, NULL, &d), FORMERR);
	wire_put_u16(m.buf + 8, 3);
	ck_assert_int_eq(update_process(z, m.buf, len, NULL, &d), FORMERR);
	/* Another opcode. */
	wire_put_u16(m.buf + 8, 0);
	wire_put_u16(m.buf + 2, 0);
	ck_assert_int_eq(update_process(z, m.buf, len, NULL, &d), FORMERR);
	diff_free(&d);
	zone_free(z);
}
END_TEST

/* One update RR alone; returns the rcode, the zone left in *zp. */
static int
upd1(struct zone **zp, const char *owner, uint16_t type, uint16_t rclass,
    uint32_t t, const char *rd)
{
	struct diff d;
	struct msg m;
	int rc;

	if (*zp == NULL)
		*zp = mkzone();
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, owner, type, rclass, t, rd);
	rc = run(*zp, &m, &d);
	diff_free(&d);
	return rc;
}

static int
upd1_free(const char *owner, uint16_t type, uint16_t rclass, uint32_t t,
    const char *rd)
{
	struct zone *z = NULL;
	int rc;

	rc = upd1(&z, owner, type, rclass, t, rd);
	ck_assert_uint_eq(z->serial, 10);
	zone_free(z);
	return rc;
}

START_TEST(test_prescan)
{
	/* RFC 2136 §3.4.1.3. */
	ck_assert_int_eq(upd1_free("www.example.net.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOTZONE);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_ANY,
	    RRCLASS_IN, 300, NULL), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_AXFR,
	    RRCLASS_ANY, 0, NULL), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_A, RRCLASS_ANY,
	    300, NULL), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_A, RRCLASS_ANY,
	    0, "192.0.2.3"), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_A,
	    RRCLASS_NONE, 300, "192.0.2.3"), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_ANY,
	    RRCLASS_NONE, 0, NULL), FORMERR);
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_A, RRCLASS_CH,
	    300, "192.0.2.3"), FORMERR);
	/* An A record whose rdata is not 4 octets is malformed. */
	ck_assert_int_eq(upd1_free("www.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, NULL), FORMERR);
}
END_TEST

/* The policy: refuses TXT anywhere, records what it was asked. */
struct polctx {
	int calls;
	uint16_t last_type, last_class;
	uint8_t last_name[NAME_MAXLEN];
};

static int
pol_no_txt(void *ctx, const uint8_t *name, uint16_t type, uint16_t rclass)
{
	struct polctx *p = ctx;

	p->calls++;
	p->last_type = type;
	p->last_class = rclass;
	memcpy(p->last_name, name, name_len(name));
	return type != RRTYPE_TXT;
}

START_TEST(test_policy)
{
	struct zone *z = mkzone();
	struct polctx pc;
	struct diff d;
	struct msg m;

	memset(&pc, 0, sizeof(pc));
	opts.allow = pol_no_txt;
	opts.allow_ctx = &pc;
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	msg_rr(&m, 2, "txt.example.com.", RRTYPE_TXT, RRCLASS_NONE, 0,
	    "hello");
	ck_assert_int_eq(run(z, &m, &d), REFUSED);
	ck_assert_int_eq(pc.calls, 2);
	ck_assert_uint_eq(pc.last_type, RRTYPE_TXT);
	ck_assert_uint_eq(pc.last_class, RRCLASS_NONE);
	ck_assert(name_equal(pc.last_name, N("txt.example.com.")));
	ck_assert_int_eq(count(z, "new.example.com.", RRTYPE_A), 0);
	ck_assert(has(z, "txt.example.com.", RRTYPE_TXT, "hello"));
	ck_assert_uint_eq(z->serial, 10);
	/* Allowed types pass. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert_int_eq(pc.calls, 3);
	ck_assert_uint_eq(z->serial, 11);
	opts.allow = NULL;
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_add)
{
	struct zone *z = NULL;

	/* RFC 2136 §2.5.1: add to an RRset. */
	ck_assert_int_eq(upd1(&z, "new.example.com.", RRTYPE_A, RRCLASS_IN,
	    600, "192.0.2.77"), NOERROR);
	ck_assert(has(z, "new.example.com.", RRTYPE_A, "192.0.2.77"));
	ck_assert_uint_eq(ttl(z, "new.example.com.", RRTYPE_A), 600);
	ck_assert_uint_eq(z->serial, 11);
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.5"), NOERROR);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 3);
	ck_assert_uint_eq(z->serial, 12);
	/* A name below an empty non-terminal, and one that makes ENTs. */
	ck_assert_int_eq(upd1(&z, "x.y.z.example.com.", RRTYPE_TXT,
	    RRCLASS_IN, 300, "deep"), NOERROR);
	ck_assert_ptr_nonnull(zone_get(z, N("y.z.example.com.")));
	ck_assert_uint_eq(z->serial, 13);
	zone_free(z);
}
END_TEST

START_TEST(test_add_duplicate)
{
	struct zone *z = NULL;

	/* §3.4.2.2: a duplicate add changes nothing: no serial bump. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.3"), NOERROR);
	ck_assert_uint_eq(z->serial, 10);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 2);
	/* The same RR with another TTL: the RRset takes it (RFC 2181 §5.2). */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_IN,
	    900, "192.0.2.3"), NOERROR);
	ck_assert_uint_eq(z->serial, 11);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 2);
	ck_assert_uint_eq(ttl(z, "www.example.com.", RRTYPE_A), 900);
	/* A new RR with another TTL: the same. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_IN,
	    60, "192.0.2.10"), NOERROR);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 3);
	ck_assert_uint_eq(ttl(z, "www.example.com.", RRTYPE_A), 60);
	ck_assert_uint_eq(z->serial, 12);
	zone_free(z);
}
END_TEST

START_TEST(test_delete_rrset)
{
	struct zone *z = NULL;

	/* §2.5.2: class ANY, type T. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_ANY,
	    0, NULL), NOERROR);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 0);
	ck_assert_ptr_null(zone_get(z, N("www.example.com.")));
	ck_assert_uint_eq(z->serial, 11);
	/* Absent RRset: nothing to do, no bump. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_ANY,
	    0, NULL), NOERROR);
	ck_assert_uint_eq(z->serial, 11);
	/* The apex SOA and NS RRsets are never deleted. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_NS, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_NS), 2);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_SOA), 1);
	ck_assert_uint_eq(z->serial, 11);
	/* Other apex RRsets go. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_MX, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_MX), 0);
	ck_assert_uint_eq(z->serial, 12);
	zone_free(z);
}
END_TEST

START_TEST(test_delete_name)
{
	struct zone *z = NULL;

	/* §2.5.3: class ANY, type ANY. */
	ck_assert_int_eq(upd1(&z, "ns.sub.example.com.", RRTYPE_ANY,
	    RRCLASS_ANY, 0, NULL), NOERROR);
	ck_assert_ptr_null(zone_get(z, N("ns.sub.example.com.")));
	ck_assert_int_eq(count(z, "sub.example.com.", RRTYPE_NS), 1);
	ck_assert_uint_eq(z->serial, 11);
	ck_assert_int_eq(upd1(&z, "nothere.example.com.", RRTYPE_ANY,
	    RRCLASS_ANY, 0, NULL), NOERROR);
	ck_assert_uint_eq(z->serial, 11);
	/* §3.4.2.3: at the apex, all but SOA and NS. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_ANY, RRCLASS_ANY, 0,
	    NULL), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_MX), 0);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_NS), 2);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_SOA), 1);
	ck_assert_uint_eq(z->serial, 12);
	zone_free(z);
}
END_TEST

START_TEST(test_delete_rr)
{
	struct zone *z = NULL;

	/* §2.5.4: class NONE. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_NONE,
	    0, "192.0.2.3"), NOERROR);
	ck_assert(!has(z, "www.example.com.", RRTYPE_A, "192.0.2.3"));
	ck_assert(has(z, "www.example.com.", RRTYPE_A, "192.0.2.4"));
	ck_assert_uint_eq(z->serial, 11);
	/* Absent RR: ignored. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_A, RRCLASS_NONE,
	    0, "192.0.2.99"), NOERROR);
	ck_assert_uint_eq(z->serial, 11);
	/* The SOA is never deleted (§3.4.2.4). */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_NONE,
	    0, "ns1 hm 10 7200 3600 1209600 60"), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_SOA), 1);
	ck_assert_uint_eq(z->serial, 11);
	zone_free(z);
}
END_TEST

START_TEST(test_last_apex_ns)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;

	/* §3.4.2.4: of two NS deletes, the second would empty the RRset. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "example.com.", RRTYPE_NS, RRCLASS_NONE, 0, "ns1");
	msg_rr(&m, 2, "example.com.", RRTYPE_NS, RRCLASS_NONE, 0, "ns2");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_NS), 1);
	ck_assert(has(z, "example.com.", RRTYPE_NS, "ns2"));
	ck_assert_uint_eq(z->serial, 11);
	/* Replacing the last NS: add first, then delete, works. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "example.com.", RRTYPE_NS, RRCLASS_IN, 300, "ns3");
	msg_rr(&m, 2, "example.com.", RRTYPE_NS, RRCLASS_NONE, 0, "ns2");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_NS), 1);
	ck_assert(has(z, "example.com.", RRTYPE_NS, "ns3"));
	/* NS below the apex may all go. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "sub.example.com.", RRTYPE_NS, RRCLASS_NONE, 0,
	    "ns.sub");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert_int_eq(count(z, "sub.example.com.", RRTYPE_NS), 0);
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_soa)
{
	struct zone *z = NULL;

	/* §3.4.2.2: a lower or equal serial is ignored. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    300, "ns1 hm 9 1 1 1 1"), NOERROR);
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    300, "ns1 hm 10 1 1 1 1"), NOERROR);
	ck_assert_uint_eq(z->serial, 10);
	ck_assert(has(z, "example.com.", RRTYPE_SOA,
	    "ns1 hm 10 7200 3600 1209600 60"));
	/* A higher serial replaces the SOA, and is not bumped again. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    900, "ns2 hm 50 1 2 3 4"), NOERROR);
	ck_assert_uint_eq(z->serial, 50);
	ck_assert(has(z, "example.com.", RRTYPE_SOA, "ns2 hm 50 1 2 3 4"));
	ck_assert_uint_eq(ttl(z, "example.com.", RRTYPE_SOA), 900);
	ck_assert_int_eq(count(z, "example.com.", RRTYPE_SOA), 1);
	/* Not at the apex: ignored. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_SOA,
	    RRCLASS_IN, 300, "ns1 hm 60 1 1 1 1"), NOERROR);
	ck_assert_uint_eq(z->serial, 50);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_SOA), 0);
	zone_free(z);
}
END_TEST

START_TEST(test_soa_wrap)
{
	struct zone *z = mkzone_text("$ORIGIN example.com.\n"
	    "@ 300 SOA ns1 hm 4294967290 1 1 1 1\n@ 300 NS ns1\n"
	    "ns1 300 A 192.0.2.1\n");

	/* RFC 1982: 5 is greater than 4294967290. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    300, "ns1 hm 5 1 1 1 1"), NOERROR);
	ck_assert_uint_eq(z->serial, 5);
	/* 2147483653 is 2^31 away from 5: undefined, so not greater. */
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    300, "ns1 hm 2147483653 1 1 1 1"), NOERROR);
	ck_assert_uint_eq(z->serial, 5);
	zone_free(z);
	z = mkzone_text("$ORIGIN example.com.\n"
	    "@ 300 SOA ns1 hm 4294967295 1 1 1 1\n@ 300 NS ns1\n"
	    "ns1 300 A 192.0.2.1\n");
	/* The automatic increment wraps and skips 0. */
	ck_assert_int_eq(upd1(&z, "new.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOERROR);
	ck_assert_uint_eq(z->serial, 1);
	zone_free(z);
}
END_TEST

START_TEST(test_cname)
{
	struct zone *z = NULL;

	/* RFC 2181 §10.1, BIND's choice: a CNAME beside data is ignored. */
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_CNAME,
	    RRCLASS_IN, 300, "mail"), NOERROR);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_CNAME), 0);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 2);
	ck_assert_uint_eq(z->serial, 10);
	/* Data beside a CNAME is ignored too. */
	ck_assert_int_eq(upd1(&z, "alias.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.50"), NOERROR);
	ck_assert_int_eq(count(z, "alias.example.com.", RRTYPE_A), 0);
	ck_assert_uint_eq(z->serial, 10);
	/* A CNAME replaces a CNAME. */
	ck_assert_int_eq(upd1(&z, "alias.example.com.", RRTYPE_CNAME,
	    RRCLASS_IN, 300, "mail"), NOERROR);
	ck_assert_int_eq(count(z, "alias.example.com.", RRTYPE_CNAME), 1);
	ck_assert(has(z, "alias.example.com.", RRTYPE_CNAME, "mail"));
	ck_assert_uint_eq(z->serial, 11);
	ck_assert(zone_get(z, N("alias.example.com."))->flags & ZN_CNAME);
	/* A CNAME at a new name; NSEC beside it is allowed (RFC 4035 §2.5). */
	ck_assert_int_eq(upd1(&z, "c2.example.com.", RRTYPE_CNAME,
	    RRCLASS_IN, 300, "www"), NOERROR);
	ck_assert_int_eq(upd1(&z, "c2.example.com.", RRTYPE_NSEC,
	    RRCLASS_IN, 300, "www.example.com. CNAME NSEC"), NOERROR);
	ck_assert_int_eq(count(z, "c2.example.com.", RRTYPE_NSEC), 1);
	ck_assert_uint_eq(z->serial, 13);
	zone_free(z);
}
END_TEST

START_TEST(test_cname_in_one_message)
{
	struct zone *z = mkzone();
	struct diff d;
	struct msg m;

	/* Delete the A RRset, then the CNAME fits: updates see earlier ones. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_A, RRCLASS_ANY, 0, NULL);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_CNAME, RRCLASS_IN, 300,
	    "mail");
	msg_rr(&m, 2, "www.example.com.", RRTYPE_TXT, RRCLASS_IN, 300, "no");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 0);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_CNAME), 1);
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_TXT), 0);
	ck_assert_uint_eq(z->serial, 11);
	/* Add then delete the same RR: nothing changes, no bump. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "tmp.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.1");
	msg_rr(&m, 2, "tmp.example.com.", RRTYPE_A, RRCLASS_NONE, 0,
	    "192.0.2.1");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert(diff_empty(&d));
	ck_assert_uint_eq(z->serial, 11);
	/* Delete the RRset then put one RR back: only the others go. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "example.com.", RRTYPE_MX, RRCLASS_ANY, 0, NULL);
	msg_rr(&m, 2, "example.com.", RRTYPE_MX, RRCLASS_IN, 300, "10 mail");
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	ck_assert(diff_empty(&d));
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_delegation_flags)
{
	struct zone *z = NULL;

	/* A new delegation occludes what is below it, at once. */
	ck_assert_int_eq(upd1(&z, "a.b.ent.example.com.", RRTYPE_NS,
	    RRCLASS_IN, 300, "ns.other.net."), NOERROR);
	ck_assert(zone_get(z, N("a.b.ent.example.com."))->flags & ZN_DELEG);
	ck_assert_int_eq(upd1(&z, "x.a.b.ent.example.com.", RRTYPE_A,
	    RRCLASS_IN, 300, "192.0.2.1"), NOERROR);
	ck_assert(zone_get(z, N("x.a.b.ent.example.com."))->flags &
	    ZN_OCCLUDED);
	ck_assert_int_eq(upd1(&z, "a.b.ent.example.com.", RRTYPE_NS,
	    RRCLASS_ANY, 0, NULL), NOERROR);
	ck_assert(!(zone_get(z, N("a.b.ent.example.com."))->flags &
	    ZN_DELEG));
	ck_assert(!(zone_get(z, N("x.a.b.ent.example.com."))->flags &
	    ZN_OCCLUDED));
	/* A wildcard child sets the parent's flag. */
	ck_assert_int_eq(upd1(&z, "*.w.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOERROR);
	ck_assert(zone_get(z, N("w.example.com."))->flags & ZN_WILDCHILD);
	zone_free(z);
}
END_TEST

START_TEST(test_serial_policy)
{
	struct zone *z = NULL;

	ck_assert_uint_eq(update_next_serial(10, UPDATE_SERIAL_INCREMENT, 1),
	    11);
	ck_assert_uint_eq(update_next_serial(4294967295u,
	    UPDATE_SERIAL_INCREMENT, 1), 1);
	ck_assert_uint_eq(update_next_serial(10, UPDATE_SERIAL_UNIXTIME,
	    1700000000), 1700000000);
	/* Not greater in RFC 1982 terms: + 1. */
	ck_assert_uint_eq(update_next_serial(2000000000,
	    UPDATE_SERIAL_UNIXTIME, 1700000000), 2000000001);
	/* 2026-11-27 12:00 UTC is 1795780800. */
	ck_assert_uint_eq(update_next_serial(10, UPDATE_SERIAL_DATESERIAL,
	    1795780800), 2026112700);
	ck_assert_uint_eq(update_next_serial(2026112700,
	    UPDATE_SERIAL_DATESERIAL, 1795780800), 2026112701);
	ck_assert_uint_eq(update_next_serial(2026112799,
	    UPDATE_SERIAL_DATESERIAL, 1795780800), 2026112800);
	/* Through update_process. */
	opts.serial_policy = UPDATE_SERIAL_UNIXTIME;
	opts.now = 1700000000;
	ck_assert_int_eq(upd1(&z, "new.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOERROR);
	ck_assert_uint_eq(z->serial, 1700000000);
	ck_assert_int_eq(upd1(&z, "new2.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOERROR);
	ck_assert_uint_eq(z->serial, 1700000001);
	opts.serial_policy = UPDATE_SERIAL_DATESERIAL;
	opts.now = 1795780800;
	ck_assert_int_eq(upd1(&z, "new3.example.com.", RRTYPE_A, RRCLASS_IN,
	    300, "192.0.2.1"), NOERROR);
	ck_assert_uint_eq(z->serial, 2026112700);
	opts.serial_policy = UPDATE_SERIAL_INCREMENT;
	opts.now = 0;
	zone_free(z);
}
END_TEST

START_TEST(test_diff_contents)
{
	struct zone *z = mkzone();
	struct diff_rr rr;
	struct diff d;
	struct msg m;
	size_t pos = 0;

	/* The diff of a TTL change carries the whole RRset twice. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_A, RRCLASS_IN, 60,
	    "192.0.2.3");
	ck_assert_int_eq(update_process(z, m.buf, msg_end(&m), NULL, &d), 0);
	ck_assert_uint_eq(d.nremoved, 2);
	ck_assert_uint_eq(d.nadded, 2);
	ck_assert_uint_eq(d.serial_from, 10);
	ck_assert_uint_eq(d.serial_to, 11);
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert_uint_eq(rr.op, DIFF_DEL);
	ck_assert_uint_eq(rr.ttl, 300);
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert_uint_eq(rr.op, DIFF_ADD);
	ck_assert_uint_eq(rr.ttl, 60);
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert(!diff_next(&d, &pos, &rr));
	/* The zone was not touched. */
	ck_assert_uint_eq(ttl(z, "www.example.com.", RRTYPE_A), 300);
	ck_assert_uint_eq(z->serial, 10);
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_reply)
{
	uint8_t out[512];
	struct msg m;
	size_t len;
	int n;

	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "new.example.com.", RRTYPE_A, RRCLASS_IN, 300,
	    "192.0.2.77");
	len = msg_end(&m);
	n = update_reply(m.buf, len, NOTZONE, out, sizeof(out));
	/* Header and the zone section: 12 + 13 + 4 octets. */
	ck_assert_int_eq(n, 29);
	ck_assert_uint_eq(wire_get_u16(out), 0x1234);
	ck_assert_uint_eq(wire_get_u16(out + 2), 0x8000 | (5 << 11) | 10);
	ck_assert_uint_eq(wire_get_u16(out + 4), 1);
	ck_assert_uint_eq(wire_get_u16(out + 8), 0);
	ck_assert_int_eq(memcmp(out + 12, N("example.com."), 13), 0);
	ck_assert_int_eq(update_reply(m.buf, 11, 1, out, sizeof(out)),
	    RD_EMALFORMED);
	ck_assert_int_eq(update_reply(m.buf, len, 1, out, 20), RD_ESPACE);
	/* Unreadable zone section: header only. */
	ck_assert_int_eq(update_reply(m.buf, 12, 1, out, sizeof(out)), 12);
	ck_assert_uint_eq(wire_get_u16(out + 4), 0);
}
END_TEST

static int nmsg;
static char lastmsg[512];

static void
msg_cb(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)col;
	ck_assert_int_eq(sev, RD_SEV_INFO);
	snprintf(lastmsg, sizeof(lastmsg), "%s", msg);
	nmsg++;
}

START_TEST(test_ignored_told)
{
	struct zone *z = NULL;

	opts.msg = msg_cb;
	nmsg = 0;
	ck_assert_int_eq(upd1(&z, "www.example.com.", RRTYPE_CNAME,
	    RRCLASS_IN, 300, "mail"), NOERROR);
	ck_assert_int_eq(nmsg, 1);
	ck_assert_str_eq(lastmsg, "update of www.example.com. CNAME ignored: "
	    "a CNAME cannot join other data");
	ck_assert_int_eq(upd1(&z, "example.com.", RRTYPE_SOA, RRCLASS_IN,
	    300, "ns1 hm 3 1 1 1 1"), NOERROR);
	ck_assert_int_eq(nmsg, 2);
	ck_assert_str_eq(lastmsg, "update of example.com. SOA ignored: "
	    "the SOA serial is not higher");
	opts.msg = NULL;
	zone_free(z);
}
END_TEST

#define SIG_A "A 8 3 300 20300101000000 20200101000000 12345 " \
	"example.com. AAECAwQFBgc="
#define SIG_TXT "TXT 8 3 300 20300101000000 20200101000000 12345 " \
	"example.com. AAECAwQFBgc="

START_TEST(test_rrsig)
{
	struct zone *z = mkzone();
	const struct znode *n;
	struct diff d;
	struct msg m;

	/* One RRSIG RRset per type covered, each with its own TTL. */
	diff_init(&d);
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_RRSIG, RRCLASS_IN, 300,
	    SIG_A);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_RRSIG, RRCLASS_IN, 60,
	    SIG_TXT);
	msg_rr(&m, 2, "alias.example.com.", RRTYPE_RRSIG, RRCLASS_IN, 300,
	    SIG_A);
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	n = zone_get(z, N("www.example.com."));
	ck_assert_uint_eq(znode_rrsig(n, RRTYPE_A)->ttl, 300);
	ck_assert_uint_eq(znode_rrsig(n, RRTYPE_TXT)->ttl, 60);
	/* RRSIG may sit beside a CNAME (RFC 4035 §2.5). */
	ck_assert_ptr_nonnull(znode_rrsig(zone_get(z,
	    N("alias.example.com.")), RRTYPE_A));
	ck_assert_uint_eq(z->serial, 11);
	/* Deleting the RRSIG RRset takes every type covered. */
	msg_begin(&m, "example.com.", RRTYPE_SOA, RRCLASS_IN);
	msg_rr(&m, 2, "www.example.com.", RRTYPE_RRSIG, RRCLASS_ANY, 0, NULL);
	ck_assert_int_eq(run(z, &m, &d), NOERROR);
	n = zone_get(z, N("www.example.com."));
	ck_assert_ptr_null(znode_rrset(n, RRTYPE_RRSIG));
	ck_assert_int_eq(count(z, "www.example.com.", RRTYPE_A), 2);
	ck_assert_uint_eq(z->serial, 12);
	diff_free(&d);
	zone_free(z);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("update");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_prereq_name_in_use);
	tcase_add_test(tc, test_prereq_rrset_exists);
	tcase_add_test(tc, test_prereq_name_not_in_use);
	tcase_add_test(tc, test_prereq_rrset_not_exists);
	tcase_add_test(tc, test_prereq_values);
	tcase_add_test(tc, test_prereq_format);
	tcase_add_test(tc, test_prereq_order);
	tcase_add_test(tc, test_zone_section);
	tcase_add_test(tc, test_prescan);
	tcase_add_test(tc, test_policy);
	tcase_add_test(tc, test_add);
	tcase_add_test(tc, test_add_duplicate);
	tcase_add_test(tc, test_delete_rrset);
	tcase_add_test(tc, test_delete_name);
	tcase_add_test(tc, test_delete_rr);
	tcase_add_test(tc, test_last_apex_ns);
	tcase_add_test(tc, test_soa);
	tcase_add_test(tc, test_soa_wrap);
	tcase_add_test(tc, test_cname);
	tcase_add_test(tc, test_cname_in_one_message);
	tcase_add_test(tc, test_delegation_flags);
	tcase_add_test(tc, test_serial_policy);
	tcase_add_test(tc, test_diff_contents);
	tcase_add_test(tc, test_reply);
	tcase_add_test(tc, test_ignored_told);
	tcase_add_test(tc, test_rrsig);
	suite_add_tcase(s, tc);
	return s;
}
