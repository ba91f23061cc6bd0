/*
 * check_zone: the zone model on hand-built zones: adding and removing RRs,
 * empty non-terminals, canonical order inside RRsets, flags, lookups.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/rrtype.h"
#include "dns/radkey.h"
#include "dns/zone.h"
#include "unit.h"

/* Wire form of an absolute name in text; static buffers rotate. */
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
mkzone(void)
{
	struct zone *z = zone_new(N("example.com."), RRCLASS_IN);

	ck_assert_ptr_nonnull(z);
	return z;
}

static int
add_a(struct zone *z, const char *owner, uint8_t last, uint32_t ttl)
{
	uint8_t rd[4] = {192, 0, 2, last};

	return zone_add_rr(z, N(owner), RRTYPE_A, ttl, rd, 4, NULL);
}

/* Add a record whose rdata is one name (NS, CNAME, DNAME). */
static int
add_name(struct zone *z, const char *owner, uint16_t type, const char *target)
{
	const uint8_t *t = N(target);

	return zone_add_rr(
	    z, N(owner), type, 3600, t, (uint16_t)name_len(t), NULL);
}

static void
add_soa(struct zone *z, uint32_t serial)
{
	uint8_t rd[64];
	size_t off = 0, l;

	l = name_len(N("ns.example.com."));
	memcpy(rd, N("ns.example.com."), l);
	off += l;
	l = name_len(N("host.example.com."));
	memcpy(rd + off, N("host.example.com."), l);
	off += l;
	rd[off++] = (uint8_t)(serial >> 24);
	rd[off++] = (uint8_t)(serial >> 16);
	rd[off++] = (uint8_t)(serial >> 8);
	rd[off++] = (uint8_t)serial;
	memset(rd + off, 0, 16);
	off += 16;
	ck_assert_int_eq(zone_add_rr(z, N("example.com."), RRTYPE_SOA, 3600, rd,
			     (uint16_t)off, NULL),
	    0);
}

START_TEST(test_new)
{
	struct zone *z = mkzone();

	ck_assert_uint_eq(z->nnodes, 1);
	ck_assert_uint_eq(z->nrecords, 0);
	ck_assert_ptr_nonnull(z->apex);
	ck_assert_ptr_null(z->apex->parent);
	ck_assert_uint_eq(z->apex->flags, ZN_APEX);
	ck_assert_ptr_eq(zone_get(z, N("EXAMPLE.com.")), z->apex);
	ck_assert_uint_eq(radix_count(z->nodes), 1);
	zone_free(z);
}
END_TEST

START_TEST(test_add_one)
{
	static const uint8_t want[] = {0, 4, 192, 0, 2, 7};
	struct zone *z = mkzone();
	const struct znode *n;
	const struct rrset *rs;

	ck_assert_int_eq(add_a(z, "www.example.com.", 7, 300), 0);
	ck_assert_uint_eq(z->nrecords, 1);
	ck_assert_uint_eq(z->nnodes, 2);
	n = zone_get(z, N("WWW.example.COM."));
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_eq(n->parent, z->apex);
	ck_assert_uint_eq(z->apex->nchildren, 1);
	ck_assert_uint_eq(n->namelen, 17);
	ck_assert_mem_eq(n->name, N("www.example.com."), 17);
	rs = znode_rrset(n, RRTYPE_A);
	ck_assert_ptr_nonnull(rs);
	ck_assert_uint_eq(rs->count, 1);
	ck_assert_uint_eq(rs->ttl, 300);
	ck_assert_uint_eq(rs->size, 6);
	ck_assert_mem_eq(rs->data, want, 6);
	ck_assert_ptr_null(znode_rrset(n, RRTYPE_AAAA));
	zone_free(z);
}
END_TEST

START_TEST(test_case_first_seen)
{
	struct zone *z = mkzone();
	const struct znode *n;

	ck_assert_int_eq(add_a(z, "Www.example.com.", 1, 300), 0);
	ck_assert_int_eq(add_a(z, "wWW.example.com.", 2, 300), 0);
	n = zone_get(z, N("www.example.com."));
	ck_assert_mem_eq(n->name, "\003Www", 4);
	ck_assert_uint_eq(znode_rrset(n, RRTYPE_A)->count, 2);
	ck_assert_uint_eq(z->nnodes, 2);
	zone_free(z);
}
END_TEST

START_TEST(test_ent)
{
	struct zone *z = mkzone();
	const struct znode *a, *b, *c;

	ck_assert_int_eq(add_a(z, "a.b.c.example.com.", 1, 60), 0);
	ck_assert_uint_eq(z->nnodes, 4);
	a = zone_get(z, N("a.b.c.example.com."));
	b = zone_get(z, N("b.c.example.com."));
	c = zone_get(z, N("c.example.com."));
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(a->parent, b);
	ck_assert_ptr_eq(b->parent, c);
	ck_assert_ptr_eq(c->parent, z->apex);
	ck_assert_ptr_null(b->rrsets);
	ck_assert_ptr_null(c->rrsets);
	ck_assert_uint_eq(a->nchildren, 0);
	ck_assert_uint_eq(b->nchildren, 1);
	ck_assert_uint_eq(c->nchildren, 1);
	ck_assert_mem_eq(b->name, "\001b\001c\007example\003com", 17);

	/* A sibling below the ENT reuses it. */
	ck_assert_int_eq(add_a(z, "d.b.c.example.com.", 1, 60), 0);
	ck_assert_uint_eq(z->nnodes, 5);
	ck_assert_uint_eq(b->nchildren, 2);
	ck_assert_uint_eq(c->nchildren, 1);

	/* Data at an ENT makes it a plain node. */
	ck_assert_int_eq(add_a(z, "c.example.com.", 3, 60), 0);
	ck_assert_uint_eq(z->nnodes, 5);
	ck_assert_ptr_nonnull(znode_rrset(c, RRTYPE_A));
	zone_free(z);
}
END_TEST

START_TEST(test_out_of_zone)
{
	struct zone *z = mkzone();

	ck_assert_int_eq(add_a(z, "www.example.net.", 1, 60), RD_EINVAL);
	ck_assert_int_eq(add_a(z, "com.", 1, 60), RD_EINVAL);
	ck_assert_int_eq(add_a(z, "xexample.com.", 1, 60), RD_EINVAL);
	ck_assert_uint_eq(z->nrecords, 0);
	ck_assert_uint_eq(z->nnodes, 1);
	zone_free(z);
}
END_TEST

START_TEST(test_duplicates)
{
	struct zone *z = mkzone();
	const struct rrset *rs;

	ck_assert_int_eq(add_a(z, "www.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "www.example.com.", 1, 60), 1);
	/* Duplicate with another TTL: still a duplicate. */
	ck_assert_int_eq(add_a(z, "WWW.example.com.", 1, 99), 1);
	/* Names in rdata compare in canonical (lower-case) form. */
	ck_assert_int_eq(
	    add_name(z, "example.com.", RRTYPE_NS, "ns.example.com."), 0);
	ck_assert_int_eq(
	    add_name(z, "example.com.", RRTYPE_NS, "NS.Example.COM."), 1);
	rs = znode_rrset(z->apex, RRTYPE_NS);
	ck_assert_uint_eq(rs->count, 1);
	ck_assert_mem_eq(rs->data + 2, "\002ns\007example", 11);
	ck_assert_uint_eq(z->nrecords, 2);
	zone_free(z);
}
END_TEST

START_TEST(test_ttl_differs)
{
	struct zone *z = mkzone();
	uint8_t rd[4] = {192, 0, 2, 9};
	uint32_t old = 0;

	ck_assert_int_eq(add_a(z, "www.example.com.", 1, 3600), 0);
	ck_assert_int_eq(
	    zone_add_rr(z, N("www.example.com."), RRTYPE_A, 300, rd, 4, &old),
	    2);
	ck_assert_uint_eq(old, 3600);
	ck_assert_uint_eq(
	    znode_rrset(zone_get(z, N("www.example.com.")), RRTYPE_A)->ttl,
	    3600);
	ck_assert_uint_eq(
	    znode_rrset(zone_get(z, N("www.example.com.")), RRTYPE_A)->count,
	    2);
	zone_free(z);
}
END_TEST

START_TEST(test_canonical_order)
{
	static const uint8_t want[] = {
	    0,
	    4,
	    192,
	    0,
	    2,
	    1,
	    0,
	    4,
	    192,
	    0,
	    2,
	    2,
	    0,
	    4,
	    192,
	    0,
	    2,
	    3,
	};
	static const uint8_t wtxt[] = {
	    0,
	    2,
	    1,
	    'a',
	    0,
	    4,
	    1,
	    'a',
	    1,
	    'b',
	    0,
	    2,
	    1,
	    'b',
	    0,
	    3,
	    2,
	    'a',
	    'a',
	};
	struct zone *z = mkzone();
	const struct rrset *rs;

	ck_assert_int_eq(add_a(z, "www.example.com.", 3, 60), 0);
	ck_assert_int_eq(add_a(z, "www.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "www.example.com.", 2, 60), 0);
	rs = znode_rrset(zone_get(z, N("www.example.com.")), RRTYPE_A);
	ck_assert_uint_eq(rs->count, 3);
	ck_assert_uint_eq(rs->size, sizeof(want));
	ck_assert_mem_eq(rs->data, want, sizeof(want));

	/* RFC 4034 §6.3: octet order of the rdata, a shorter prefix first. */
	ck_assert_int_eq(zone_add_rr(z, N("t.example.com."), RRTYPE_TXT, 60,
			     (const uint8_t *)"\001b", 2, NULL),
	    0);
	ck_assert_int_eq(zone_add_rr(z, N("t.example.com."), RRTYPE_TXT, 60,
			     (const uint8_t *)"\002aa", 3, NULL),
	    0);
	ck_assert_int_eq(zone_add_rr(z, N("t.example.com."), RRTYPE_TXT, 60,
			     (const uint8_t *)"\001a", 2, NULL),
	    0);
	ck_assert_int_eq(zone_add_rr(z, N("t.example.com."), RRTYPE_TXT, 60,
			     (const uint8_t *)"\001a\001b", 4, NULL),
	    0);
	rs = znode_rrset(zone_get(z, N("t.example.com.")), RRTYPE_TXT);
	ck_assert_uint_eq(rs->size, sizeof(wtxt));
	ck_assert_mem_eq(rs->data, wtxt, sizeof(wtxt));
	zone_free(z);
}
END_TEST

START_TEST(test_type_order)
{
	struct zone *z = mkzone();
	const struct znode *n;
	const struct rrset *rs;
	static const uint16_t want[] = {
	    RRTYPE_A, RRTYPE_NS, RRTYPE_MX, RRTYPE_TXT};
	int i = 0;

	ck_assert_int_eq(zone_add_rr(z, N("x.example.com."), RRTYPE_TXT, 60,
			     (const uint8_t *)"\001a", 2, NULL),
	    0);
	ck_assert_int_eq(zone_add_rr(z, N("x.example.com."), RRTYPE_MX, 60,
			     (const uint8_t *)"\000\012\000", 3, NULL),
	    0);
	ck_assert_int_eq(add_a(z, "x.example.com.", 1, 60), 0);
	ck_assert_int_eq(
	    add_name(z, "x.example.com.", RRTYPE_NS, "ns.example.net."), 0);
	n = zone_get(z, N("x.example.com."));
	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		ck_assert_int_lt(i, 4);
		ck_assert_uint_eq(rs->type, want[i]);
		i++;
	}
	ck_assert_int_eq(i, 4);
	zone_free(z);
}
END_TEST

/* RRSIG rdata: type covered, then filler that sorts by its last octet. */
static int
add_sig(struct zone *z, uint16_t covered, uint8_t v, uint32_t ttl)
{
	uint8_t rd[8] = {
	    (uint8_t)(covered >> 8), (uint8_t)covered, 8, 2, 0, 0, 0, v};

	return zone_add_rr(
	    z, N("s.example.com."), RRTYPE_RRSIG, ttl, rd, 8, NULL);
}

START_TEST(test_rrsig_per_covered_type)
{
	struct zone *z = mkzone();
	const struct znode *n;
	const struct rrset *rs;
	uint8_t rd[8] = {0, RRTYPE_A, 8, 2, 0, 0, 0, 1};

	/* RFC 4034 §3: each RRSIG has the TTL of the RRset it covers. */
	ck_assert_int_eq(add_sig(z, RRTYPE_NSEC, 1, 600), 0);
	ck_assert_int_eq(add_sig(z, RRTYPE_A, 2, 300), 0);
	ck_assert_int_eq(add_sig(z, RRTYPE_A, 1, 300), 0);
	ck_assert_int_eq(add_sig(z, RRTYPE_A, 1, 300), 1);
	ck_assert_int_eq(add_sig(z, RRTYPE_MX, 1, 60), 0);
	ck_assert_int_eq(add_sig(z, RRTYPE_MX, 2, 99), 2);
	ck_assert_int_eq(add_a(z, "s.example.com.", 1, 300), 0);
	n = zone_get(z, N("s.example.com."));
	rs = n->rrsets;
	ck_assert_uint_eq(rs->type, RRTYPE_A);
	rs = rs->next;
	ck_assert_ptr_eq(rs, znode_rrset(n, RRTYPE_RRSIG));
	ck_assert_ptr_eq(rs, znode_rrsig(n, RRTYPE_A));
	ck_assert_uint_eq(rs->count, 2);
	ck_assert_uint_eq(rs->ttl, 300);
	ck_assert_uint_eq(rs->data[9], 1);
	ck_assert_uint_eq(rs->data[19], 2);
	rs = rs->next;
	ck_assert_ptr_eq(rs, znode_rrsig(n, RRTYPE_MX));
	ck_assert_uint_eq(rs->count, 2);
	ck_assert_uint_eq(rs->ttl, 60);
	rs = rs->next;
	ck_assert_ptr_eq(rs, znode_rrsig(n, RRTYPE_NSEC));
	ck_assert_uint_eq(rs->ttl, 600);
	ck_assert_ptr_null(rs->next);
	ck_assert_ptr_null(znode_rrsig(n, RRTYPE_AAAA));
	ck_assert_uint_eq(z->nrecords, 6);

	ck_assert_int_eq(
	    zone_del_rr(z, N("s.example.com."), RRTYPE_RRSIG, rd, 8), 0);
	ck_assert_int_eq(
	    zone_del_rr(z, N("s.example.com."), RRTYPE_RRSIG, rd, 8),
	    RD_ENOTFOUND);
	ck_assert_uint_eq(znode_rrsig(n, RRTYPE_A)->count, 1);
	rd[1] = RRTYPE_AAAA;
	ck_assert_int_eq(
	    zone_del_rr(z, N("s.example.com."), RRTYPE_RRSIG, rd, 8),
	    RD_ENOTFOUND);
	zone_free(z);
}
END_TEST

START_TEST(test_grow_and_delete)
{
	struct zone *z = mkzone();
	const struct rrset *rs;
	const uint8_t *p;
	uint8_t rd[4], prev[4] = {0};
	int i, k;

	/* 1000 RRs in one RRset, in a scrambled order. */
	for (i = 0; i < 1000; i++) {
		k = (i * 389) % 1000;
		rd[0] = 10;
		rd[1] = 0;
		rd[2] = (uint8_t)(k >> 8);
		rd[3] = (uint8_t)k;
		ck_assert_int_eq(zone_add_rr(z, N("big.example.com."), RRTYPE_A,
				     60, rd, 4, NULL),
		    0);
	}
	rs = znode_rrset(zone_get(z, N("big.example.com.")), RRTYPE_A);
	ck_assert_uint_eq(rs->count, 1000);
	ck_assert_uint_eq(rs->size, 6000);
	ck_assert_uint_ge(rs->cap, 6000);
	i = 0;
	RRSET_FOREACH(rs, p)
	{
		ck_assert_uint_eq(p[5], (uint8_t)i);
		ck_assert_uint_eq(p[4], (uint8_t)(i >> 8));
		if (i > 0)
			ck_assert_int_gt(memcmp(p + 2, prev, 4), 0);
		memcpy(prev, p + 2, 4);
		i++;
	}
	ck_assert_int_eq(i, 1000);
	ck_assert_uint_eq(z->nrecords, 1000);
	for (i = 0; i < 1000; i++) {
		rd[0] = 10;
		rd[1] = 0;
		rd[2] = (uint8_t)(i >> 8);
		rd[3] = (uint8_t)i;
		ck_assert_int_eq(
		    zone_del_rr(z, N("big.example.com."), RRTYPE_A, rd, 4), 0);
	}
	ck_assert_uint_eq(z->nrecords, 0);
	ck_assert_uint_eq(z->nnodes, 1);
	ck_assert_ptr_null(zone_get(z, N("big.example.com.")));
	zone_free(z);
}
END_TEST

START_TEST(test_delete_prunes)
{
	struct zone *z = mkzone();
	uint8_t rd[4] = {192, 0, 2, 1};
	const struct znode *c;

	ck_assert_int_eq(add_a(z, "a.b.c.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "c.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "x.b.c.example.com.", 1, 60), 0);
	ck_assert_uint_eq(z->nnodes, 5);

	ck_assert_int_eq(
	    zone_del_rr(z, N("a.b.c.example.com."), RRTYPE_A, rd, 4), 0);
	ck_assert_uint_eq(z->nnodes, 4);
	ck_assert_ptr_null(zone_get(z, N("a.b.c.example.com.")));
	ck_assert_uint_eq(zone_get(z, N("b.c.example.com."))->nchildren, 1);

	/* Absent RRs, types and names. */
	rd[3] = 2;
	ck_assert_int_eq(
	    zone_del_rr(z, N("x.b.c.example.com."), RRTYPE_A, rd, 4),
	    RD_ENOTFOUND);
	ck_assert_int_eq(
	    zone_del_rr(z, N("x.b.c.example.com."), RRTYPE_AAAA, rd, 4),
	    RD_ENOTFOUND);
	ck_assert_int_eq(
	    zone_del_rr(z, N("q.example.com."), RRTYPE_A, rd, 4), RD_ENOTFOUND);
	ck_assert_int_eq(
	    zone_del_rr(z, N("q.example.net."), RRTYPE_A, rd, 4), RD_ENOTFOUND);

	/* The last leaf goes, the ENT b goes, c stays: it has data. */
	rd[3] = 1;
	ck_assert_int_eq(
	    zone_del_rr(z, N("x.b.c.example.com."), RRTYPE_A, rd, 4), 0);
	ck_assert_uint_eq(z->nnodes, 2);
	ck_assert_ptr_null(zone_get(z, N("b.c.example.com.")));
	c = zone_get(z, N("c.example.com."));
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->nchildren, 0);
	ck_assert_uint_eq(z->apex->nchildren, 1);

	/* The apex stays even when empty. */
	ck_assert_int_eq(
	    zone_del_rr(z, N("c.example.com."), RRTYPE_A, rd, 4), 0);
	ck_assert_uint_eq(z->nnodes, 1);
	ck_assert_uint_eq(z->apex->nchildren, 0);
	ck_assert_ptr_eq(zone_get(z, N("example.com.")), z->apex);
	ck_assert_uint_eq(radix_count(z->nodes), 1);
	zone_free(z);
}
END_TEST

START_TEST(test_flags)
{
	struct zone *z = mkzone();

	add_soa(z, 2026112701);
	ck_assert_int_eq(
	    add_name(z, "example.com.", RRTYPE_NS, "ns.example.com."), 0);
	ck_assert_int_eq(
	    add_name(z, "sub.example.com.", RRTYPE_NS, "ns.sub.example.com."),
	    0);
	ck_assert_int_eq(add_a(z, "ns.sub.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_name(z, "deep.ns.sub.example.com.", RRTYPE_NS,
			     "x.example.net."),
	    0);
	ck_assert_int_eq(add_a(z, "*.example.com.", 2, 60), 0);
	ck_assert_int_eq(add_a(z, "*.w.example.com.", 2, 60), 0);
	ck_assert_int_eq(
	    add_name(z, "c.example.com.", RRTYPE_CNAME, "www.example.com."), 0);
	ck_assert_int_eq(
	    add_name(z, "d.example.com.", RRTYPE_DNAME, "example.net."), 0);
	ck_assert_int_eq(add_a(z, "x.d.example.com.", 2, 60), 0);
	zone_finalize(z);

	ck_assert_uint_eq(z->serial, 2026112701);
	ck_assert_uint_eq(z->nnames, 9);
	ck_assert_uint_eq(z->nnodes, 10);
	ck_assert_uint_eq(z->apex->flags, ZN_APEX | ZN_WILDCHILD);
	ck_assert_uint_eq(zone_get(z, N("sub.example.com."))->flags, ZN_DELEG);
	ck_assert_uint_eq(
	    zone_get(z, N("ns.sub.example.com."))->flags, ZN_OCCLUDED);
	/* NS below a cut is occluded, not a cut of this zone. */
	ck_assert_uint_eq(
	    zone_get(z, N("deep.ns.sub.example.com."))->flags, ZN_OCCLUDED);
	ck_assert_uint_eq(zone_get(z, N("*.example.com."))->flags, 0);
	ck_assert_uint_eq(
	    zone_get(z, N("w.example.com."))->flags, ZN_WILDCHILD);
	ck_assert_uint_eq(zone_get(z, N("c.example.com."))->flags, ZN_CNAME);
	ck_assert_uint_eq(zone_get(z, N("d.example.com."))->flags, ZN_DNAME);
	ck_assert_uint_eq(
	    zone_get(z, N("x.d.example.com."))->flags, ZN_OCCLUDED);

	/* Flags follow changes at the next finalize. */
	ck_assert_int_eq(zone_del_rr(z, N("*.w.example.com."), RRTYPE_A,
			     (const uint8_t *)"\300\000\002\002", 4),
	    0);
	ck_assert_int_eq(zone_del_rr(z, N("sub.example.com."), RRTYPE_NS,
			     N("ns.sub.example.com."), 20),
	    0);
	zone_finalize(z);
	ck_assert_ptr_null(zone_get(z, N("w.example.com.")));
	ck_assert_uint_eq(zone_get(z, N("ns.sub.example.com."))->flags, 0);
	ck_assert_uint_eq(
	    zone_get(z, N("deep.ns.sub.example.com."))->flags, ZN_DELEG);
	zone_free(z);
}
END_TEST

/* Run 0: the tree alone; run 1: with the index (ancestors probed there). */
START_TEST(test_find)
{
	struct zone *z = mkzone();
	struct zone_find f;

	if (_i == 1)
		ck_assert_int_eq(zone_index(z), 0);
	ck_assert_int_eq(add_a(z, "a.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "x.b.example.com.", 1, 60), 0);
	ck_assert_int_eq(add_a(z, "z.example.com.", 1, 60), 0);

	ck_assert_int_eq(zone_find(z, N("A.example.com."), &f), 1);
	ck_assert_ptr_eq(f.node, zone_get(z, N("a.example.com.")));
	ck_assert_ptr_eq(f.encloser, f.node);

	ck_assert_int_eq(zone_find(z, N("example.com."), &f), 1);
	ck_assert_ptr_eq(f.node, z->apex);

	/* Below an empty non-terminal: b is the encloser. */
	ck_assert_int_eq(zone_find(z, N("c.b.example.com."), &f), 0);
	ck_assert_ptr_null(f.node);
	ck_assert_ptr_eq(f.encloser, zone_get(z, N("b.example.com.")));

	/* A sibling of x.b: the encloser is b. */
	ck_assert_int_eq(zone_find(z, N("y.b.example.com."), &f), 0);
	ck_assert_ptr_eq(f.encloser, zone_get(z, N("b.example.com.")));

	/* Between b's subtree and z: the encloser is the apex. */
	ck_assert_int_eq(zone_find(z, N("m.example.com."), &f), 0);
	ck_assert_ptr_eq(f.encloser, z->apex);

	/* Deep below a leaf. */
	ck_assert_int_eq(zone_find(z, N("q.r.s.z.example.com."), &f), 0);
	ck_assert_ptr_eq(f.encloser, zone_get(z, N("z.example.com.")));

	/* Sorts before every child: the encloser is the apex. */
	ck_assert_int_eq(zone_find(z, N("0.example.com."), &f), 0);
	ck_assert_ptr_eq(f.encloser, z->apex);

	/* A label that extends an existing one is no descendant of it. */
	ck_assert_int_eq(zone_find(z, N("ab.example.com."), &f), 0);
	ck_assert_ptr_eq(f.encloser, z->apex);

	/* Two labels below an existing node, case differing. */
	ck_assert_int_eq(zone_find(z, N("P.Q.X.B.Example.COM."), &f), 0);
	ck_assert_ptr_eq(f.encloser, zone_get(z, N("x.b.example.com.")));

	ck_assert_int_eq(zone_find(z, N("example.net."), &f), RD_EINVAL);
	zone_free(z);
}
END_TEST

struct collect {
	uint8_t (*seen)[NAME_MAXLEN];
	size_t n;
};

static int
walk_collect(const struct znode *n, void *ctx)
{
	struct collect *w = ctx;

	ck_assert_uint_lt(w->n, 16);
	memcpy(w->seen[w->n++], n->name, n->namelen);
	return 0;
}

START_TEST(test_walk_order)
{
	static const char *want[] = {
	    "example.com.",
	    "a.example.com.",
	    "yljkjljk.a.example.com.",
	    "Z.a.example.com.",
	    "zABC.a.EXAMPLE.com.",
	    "z.example.com.",
	    "\\001.z.example.com.",
	    "*.z.example.com.",
	    "\\200.z.example.com.",
	};
	static const char *in[] = {
	    "\\200.z.example.com.",
	    "zABC.a.EXAMPLE.com.",
	    "*.z.example.com.",
	    "yljkjljk.a.example.com.",
	    "\\001.z.example.com.",
	    "Z.a.example.com.",
	};
	struct zone *z = mkzone();
	uint8_t seen[16][NAME_MAXLEN];
	struct collect w = {seen, 0};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		ck_assert_int_eq(add_a(z, in[i], 1, 60), 0);
	ck_assert_uint_eq(z->nnodes, 9);
	ck_assert_int_eq(zone_walk(z, walk_collect, &w), 0);
	ck_assert_uint_eq(w.n, 9);
	for (i = 0; i < 9; i++)
		ck_assert_msg(name_equal(seen[i], N(want[i])),
		    "walk position %zu is not %s", i, want[i]);
	zone_free(z);
}
END_TEST

/*
 * Random adds and deletes against a model (a presence bit per name and
 * rdata), checking after each step that every node's parent is the node of
 * its parent name, that nchildren counts the children, that no node other
 * than the apex is left without RRsets and children, and the counters.
 */
#define RM_NAMES 39 /* a..c, one to three labels deep */
#define RM_RDATA 4

struct rmodel {
	char names[RM_NAMES][32];
	uint8_t has[RM_NAMES][RM_RDATA];
	size_t nodes, kids[64];
	const struct znode *seen[64];
	const struct zone *z;
};

static int
rm_walk(const struct znode *n, void *ctx)
{
	struct rmodel *m = ctx;
	const uint8_t *pname;
	size_t i;

	ck_assert_uint_lt(m->nodes, 64);
	m->seen[m->nodes] = n;
	m->kids[m->nodes] = 0;
	m->nodes++;
	if (n == m->z->apex) {
		ck_assert_ptr_null(n->parent);
		return 0;
	}
	ck_assert_msg(n->rrsets != NULL || n->nchildren > 0,
	    "empty leaf left in the tree");
	pname = name_parent(n->name);
	ck_assert_ptr_eq(n->parent, zone_get(m->z, pname));
	for (i = 0; i < m->nodes; i++)
		if (m->seen[i] == n->parent)
			m->kids[i]++;
	return 0;
}

static void
rm_check(struct rmodel *m, struct zone *z)
{
	const struct rrset *rs;
	const struct znode *n;
	size_t i, records = 0;
	int j, count;

	m->nodes = 0;
	m->z = z;
	ck_assert_int_eq(zone_walk(z, rm_walk, m), 0);
	ck_assert_uint_eq(m->nodes, z->nnodes);
	ck_assert_uint_eq(radix_count(z->nodes), z->nnodes);
	for (i = 0; i < m->nodes; i++)
		ck_assert_uint_eq(m->seen[i]->nchildren, m->kids[i]);
	for (i = 0; i < RM_NAMES; i++) {
		for (count = 0, j = 0; j < RM_RDATA; j++)
			count += m->has[i][j];
		records += (size_t)count;
		n = zone_get(z, N(m->names[i]));
		rs = n != NULL ? znode_rrset(n, RRTYPE_A) : NULL;
		ck_assert_int_eq(rs != NULL ? rs->count : 0, count);
	}
	ck_assert_uint_eq(z->nrecords, records);
	ck_assert_int_eq(radix_check(z->nodes), 0);
}

START_TEST(test_random_model)
{
	static const char *lab[] = {"a", "b", "c"};
	struct rmodel *m = calloc(1, sizeof(*m));
	struct zone *z = mkzone();
	uint8_t rd[4] = {192, 0, 2, 0};
	unsigned seed = 12345, r;
	int i, k, step, nm = 0, ret;

	for (i = 0; i < 3; i++) {
		snprintf(m->names[nm++], 32, "%s.example.com.", lab[i]);
		for (k = 0; k < 3; k++) {
			snprintf(m->names[nm++], 32, "%s.%s.example.com.",
			    lab[k], lab[i]);
			for (r = 0; r < 3; r++)
				snprintf(m->names[nm++], 32,
				    "%s.%s.%s.example.com.", lab[r], lab[k],
				    lab[i]);
		}
	}
	ck_assert_int_eq(nm, RM_NAMES);
	for (step = 0; step < 2000; step++) {
		seed = seed * 1103515245u + 12345u;
		r = seed >> 8;
		i = (int)(r % RM_NAMES);
		k = (int)((r / RM_NAMES) % RM_RDATA);
		rd[3] = (uint8_t)k;
		if ((r >> 20) & 1) {
			ret = zone_add_rr(
			    z, N(m->names[i]), RRTYPE_A, 60, rd, 4, NULL);
			ck_assert_int_eq(ret, m->has[i][k] ? 1 : 0);
			m->has[i][k] = 1;
		} else {
			ret = zone_del_rr(z, N(m->names[i]), RRTYPE_A, rd, 4);
			ck_assert_int_eq(ret, m->has[i][k] ? 0 : RD_ENOTFOUND);
			m->has[i][k] = 0;
		}
		rm_check(m, z);
	}
	zone_free(z);
	free(m);
}
END_TEST

/* The same node, or none, in two zones: equal owner names. */
static void
same_node(const struct znode *a, const struct znode *b)
{
	ck_assert_int_eq(a == NULL, b == NULL);
	if (a != NULL)
		ck_assert_int_eq(name_equal(a->name, b->name), 1);
}

/* Host i's name in the index test, its letters in case variant v. */
static const uint8_t *
ix_name(unsigned i, unsigned v)
{
	char text[64];
	size_t k;

	snprintf(text, sizeof(text), "host%u.g%u.example.com.", i, i % 37);
	for (k = 0; text[k] != 0; k++)
		if (((v >> (k % 16)) & 1) && text[k] >= 'a' && text[k] <= 'z')
			text[k] = (char)(text[k] - 'a' + 'A');
	return N(text);
}

/*
 * The exact-match index against the tree alone: one zone with an index
 * from the start (so it grows many times, and shrinks by deletions that
 * move entries back), one without, the same random adds and deletes; every
 * lookup, in random letter case, must give the same node in both.
 */
START_TEST(test_index_model)
{
	enum { NHOST = 3000, STEPS = 40000 };
	struct zone *zi = mkzone(), *zt = mkzone();
	struct zone_find fi, ft;
	uint8_t rd[4] = {192, 0, 2, 1};
	unsigned seed = 777, i, v, step;
	uint64_t hash;
	int ri, rt;

	ck_assert_int_eq(zone_index(zi), 0);
	ck_assert_ptr_nonnull(zi->index);
	ck_assert_ptr_null(zt->index);
	for (step = 0; step < STEPS; step++) {
		seed = seed * 1103515245u + 12345u;
		i = (seed >> 8) % NHOST;
		v = seed >> 4;
		/* Adds win two to one for the first half, then deletes. */
		if ((seed >> 28) % 3 != (step < STEPS / 2 ? 0u : 1u)) {
			ck_assert_int_ge(zone_add_rr(zi, ix_name(i, v),
			    RRTYPE_A, 60, rd, 4, NULL), 0);
			ck_assert_int_ge(zone_add_rr(zt, ix_name(i, 0),
			    RRTYPE_A, 60, rd, 4, NULL), 0);
		} else {
			ri = zone_del_rr(zi, ix_name(i, v), RRTYPE_A, rd, 4);
			rt = zone_del_rr(zt, ix_name(i, 0), RRTYPE_A, rd, 4);
			ck_assert_int_eq(ri, rt);
		}
		/* A lookup of a random host (present or not) and its group. */
		seed = seed * 1103515245u + 12345u;
		i = (seed >> 8) % (NHOST + 100);
		v = seed >> 3;
		same_node(zone_get(zi, ix_name(i, v)), zone_get(zt,
		    ix_name(i, 0)));
		ri = zone_find(zi, ix_name(i, v), &fi);
		rt = zone_find(zt, ix_name(i, 0), &ft);
		ck_assert_int_eq(ri, rt);
		same_node(fi.node, ft.node);
		same_node(fi.encloser, ft.encloser);
		/* The same through the hash a prefetch computed. */
		hash = name_hash(ix_name(i, 0));
		ri = zone_find_hash(zi, ix_name(i, v), name_len(ix_name(i, 0)),
		    hash, &fi);
		ck_assert_int_eq(ri, rt);
		same_node(fi.node, ft.node);
		same_node(fi.encloser, ft.encloser);
	}
	ck_assert_uint_eq(zi->nnodes, zt->nnodes);
	ck_assert_uint_gt(zi->nnodes, 100);
	for (i = 0; i < NHOST; i++)
		same_node(zone_get(zi, ix_name(i, i)), zone_get(zt,
		    ix_name(i, 0)));
	/* Delete everything: only the apex is left, in the index too. */
	for (i = 0; i < NHOST; i++)
		zone_del_rr(zi, ix_name(i, 0), RRTYPE_A, rd, 4);
	ck_assert_uint_eq(zi->nnodes, 1);
	ck_assert_ptr_nonnull(zi->index);
	for (i = 0; i < NHOST; i++)
		ck_assert_ptr_null(zone_get(zi, ix_name(i, 0)));
	ck_assert_ptr_eq(zone_get(zi, N("EXAMPLE.com.")), zi->apex);
	ck_assert_int_eq(zone_find(zi, N("g1.example.com."), &fi), 0);
	ck_assert_ptr_eq(fi.encloser, zi->apex);
	zone_free(zi);
	zone_free(zt);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("zone");
	TCase *tc = tcase_create("zone");

	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_new);
	tcase_add_test(tc, test_add_one);
	tcase_add_test(tc, test_case_first_seen);
	tcase_add_test(tc, test_ent);
	tcase_add_test(tc, test_out_of_zone);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_ttl_differs);
	tcase_add_test(tc, test_canonical_order);
	tcase_add_test(tc, test_type_order);
	tcase_add_test(tc, test_rrsig_per_covered_type);
	tcase_add_test(tc, test_grow_and_delete);
	tcase_add_test(tc, test_delete_prunes);
	tcase_add_test(tc, test_flags);
	tcase_add_loop_test(tc, test_find, 0, 2);
	tcase_add_test(tc, test_index_model);
	tcase_add_test(tc, test_walk_order);
	tcase_add_test(tc, test_random_model);
	suite_add_tcase(s, tc);
	return s;
}
