/*
 * check_diff: the changeset. Builders and iteration, diff_apply all or
 * nothing with its local flag refresh checked against zone_finalize on
 * random diffs, serialize round trip and rejection of every damaged
 * input, and diff_between.
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
#include "dns/wire.h"
#include "dns/zone.h"
#include "unit.h"

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 10 7200 3600 1209600 60\n"
    "@ NS ns1\nns1 A 192.0.2.1\n"
    "www A 192.0.2.3\nwww A 192.0.2.4\n"
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

static int
put(struct diff *d, int add, const char *owner, uint16_t type, uint32_t ttl,
    const char *rd)
{
	uint8_t w[1024];
	int len = rdata(type, rd, w);

	if (add)
		return diff_add(d, N(owner), type, ttl, w, (uint16_t)len);
	return diff_remove(d, N(owner), type, ttl, w, (uint16_t)len);
}

static void
soa(struct diff *d, uint32_t from, uint32_t to)
{
	uint8_t a[600], b[600];
	char t[128];
	int la, lb;

	snprintf(t, sizeof(t), "ns1 hm %u 7200 3600 1209600 60", from);
	la = rdata(RRTYPE_SOA, t, a);
	snprintf(t, sizeof(t), "ns1 hm %u 7200 3600 1209600 60", to);
	lb = rdata(RRTYPE_SOA, t, b);
	ck_assert_int_eq(diff_set_soa(d, N("example.com."), 300, a,
	    (uint16_t)la, 300, b, (uint16_t)lb), 0);
}

/* 1 when a and b hold the same records (diff_between finds nothing). */
static int
same(const struct zone *a, const struct zone *b)
{
	struct diff d;
	int e;

	diff_init(&d);
	ck_assert_int_eq(diff_between(a, b, &d), 0);
	e = diff_empty(&d);
	diff_free(&d);
	return e;
}

/* Flags and counters from diff_apply equal those of zone_finalize. */
struct snap {
	size_t n;
	uint16_t flags[4096];
};

static int
snap_cb(const struct znode *n, void *ctx)
{
	struct snap *s = ctx;

	ck_assert_uint_lt(s->n, 4096);
	s->flags[s->n++] = n->flags;
	return 0;
}

static void
check_flags(struct zone *z)
{
	static struct snap a, b;
	size_t nnames = z->nnames;
	uint32_t serial = z->serial;

	a.n = b.n = 0;
	zone_walk(z, snap_cb, &a);
	zone_finalize(z);
	zone_walk(z, snap_cb, &b);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_int_eq(memcmp(a.flags, b.flags, a.n * sizeof(a.flags[0])),
	    0);
	ck_assert_uint_eq(nnames, z->nnames);
	ck_assert_uint_eq(serial, z->serial);
}

START_TEST(test_build_iterate)
{
	struct diff_rr rr;
	struct diff d;
	size_t pos = 0;

	diff_init(&d);
	ck_assert(diff_empty(&d));
	ck_assert_int_eq(put(&d, 0, "www.example.com.", RRTYPE_A, 300,
	    "192.0.2.3"), 0);
	ck_assert_int_eq(put(&d, 1, "new.example.com.", RRTYPE_TXT, 60,
	    "x"), 0);
	ck_assert_int_eq(put(&d, 1, "example.com.", RRTYPE_SOA, 60,
	    "ns1 hm 1 1 1 1 1"), RD_EINVAL);
	ck_assert(!diff_empty(&d));
	ck_assert_uint_eq(d.nremoved, 1);
	ck_assert_uint_eq(d.nadded, 1);
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert_uint_eq(rr.op, DIFF_DEL);
	ck_assert(name_equal(rr.owner, N("www.example.com.")));
	ck_assert_uint_eq(rr.type, RRTYPE_A);
	ck_assert_uint_eq(rr.ttl, 300);
	ck_assert_uint_eq(rr.rdlen, 4);
	ck_assert_uint_eq(rr.rdata[3], 3);
	ck_assert(diff_next(&d, &pos, &rr));
	ck_assert_uint_eq(rr.op, DIFF_ADD);
	ck_assert_uint_eq(rr.type, RRTYPE_TXT);
	ck_assert_uint_eq(rr.ttl, 60);
	ck_assert(!diff_next(&d, &pos, &rr));
	soa(&d, 10, 11);
	ck_assert_uint_eq(d.serial_from, 10);
	ck_assert_uint_eq(d.serial_to, 11);
	diff_reset(&d);
	ck_assert(diff_empty(&d));
	ck_assert_uint_eq(d.len, 0);
	diff_free(&d);
	ck_assert_ptr_null(d.buf);
	/* Serial arithmetic (RFC 1982 §3.2). */
	ck_assert(diff_serial_gt(11, 10));
	ck_assert(!diff_serial_gt(10, 10));
	ck_assert(!diff_serial_gt(10, 11));
	ck_assert(diff_serial_gt(5, 4294967290u));
	ck_assert(!diff_serial_gt(2147483658u, 10));
	ck_assert(diff_serial_gt(2147483657u, 10));
}
END_TEST

START_TEST(test_apply)
{
	struct zone *z = mkzone_text(zone_text);
	const struct znode *n;
	struct diff d;

	diff_init(&d);
	soa(&d, 10, 11);
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.3");
	put(&d, 1, "www.example.com.", RRTYPE_A, 300, "192.0.2.9");
	put(&d, 1, "deep.x.example.com.", RRTYPE_TXT, 60, "t");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert_uint_eq(z->serial, 11);
	n = zone_get(z, N("www.example.com."));
	ck_assert_uint_eq(znode_rrset(n, RRTYPE_A)->count, 2);
	ck_assert_ptr_nonnull(zone_get(z, N("x.example.com.")));
	ck_assert_uint_eq(z->nrecords, 8);
	check_flags(z);
	/* The same diff again no longer fits: SOA and records differ. */
	ck_assert_int_eq(diff_apply(z, &d), RD_ENOTFOUND);
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_apply_ttl)
{
	struct zone *z = mkzone_text(zone_text);
	struct diff d;

	/* Removed and added with another TTL: only the TTL changes. */
	diff_init(&d);
	soa(&d, 10, 11);
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.3");
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.4");
	put(&d, 1, "www.example.com.", RRTYPE_A, 60, "192.0.2.3");
	put(&d, 1, "www.example.com.", RRTYPE_A, 60, "192.0.2.4");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert_uint_eq(znode_rrset(zone_get(z, N("www.example.com.")),
	    RRTYPE_A)->ttl, 60);
	ck_assert_uint_eq(znode_rrset(zone_get(z, N("www.example.com.")),
	    RRTYPE_A)->count, 2);
	check_flags(z);
	diff_free(&d);
	zone_free(z);
}
END_TEST

/* diff_apply fails with want and leaves the zone exactly as it was. */
static void
apply_fails(struct diff *d, int want)
{
	struct zone *z = mkzone_text(zone_text);
	struct zone *orig = mkzone_text(zone_text);
	size_t nrecords = z->nrecords, nnodes = z->nnodes;

	ck_assert_int_eq(diff_apply(z, d), want);
	ck_assert(same(z, orig));
	ck_assert_uint_eq(z->nrecords, nrecords);
	ck_assert_uint_eq(z->nnodes, nnodes);
	ck_assert_uint_eq(z->serial, 10);
	check_flags(z);
	zone_free(z);
	zone_free(orig);
}

START_TEST(test_apply_all_or_nothing)
{
	struct diff d;

	diff_init(&d);
	/* The last removal is absent: nothing at all is applied. */
	soa(&d, 10, 11);
	put(&d, 1, "new.a.example.com.", RRTYPE_A, 300, "192.0.2.7");
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.3");
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.99");
	apply_fails(&d, RD_ENOTFOUND);
	/* An addition already present. */
	diff_reset(&d);
	soa(&d, 10, 11);
	put(&d, 1, "new.example.com.", RRTYPE_A, 300, "192.0.2.7");
	put(&d, 1, "www.example.com.", RRTYPE_A, 300, "192.0.2.4");
	apply_fails(&d, RD_EEXIST);
	/* The SOA is not the zone's. */
	diff_reset(&d);
	soa(&d, 9, 11);
	put(&d, 1, "new.example.com.", RRTYPE_A, 300, "192.0.2.7");
	apply_fails(&d, RD_ENOTFOUND);
	/* A record twice, and a record outside the zone. */
	diff_reset(&d);
	soa(&d, 10, 11);
	put(&d, 1, "new.example.com.", RRTYPE_A, 300, "192.0.2.7");
	put(&d, 1, "NEW.example.com.", RRTYPE_A, 60, "192.0.2.7");
	apply_fails(&d, RD_EINVAL);
	diff_reset(&d);
	soa(&d, 10, 11);
	put(&d, 1, "new.example.net.", RRTYPE_A, 300, "192.0.2.7");
	apply_fails(&d, RD_EINVAL);
	diff_free(&d);
}
END_TEST

START_TEST(test_apply_flags)
{
	struct zone *z = mkzone_text(zone_text);
	struct diff d;

	diff_init(&d);
	/* A DNAME occludes the names below it; removing it frees them. */
	soa(&d, 10, 11);
	put(&d, 1, "www.example.com.", RRTYPE_TXT, 300, "x");
	put(&d, 1, "a.www.example.com.", RRTYPE_A, 300, "192.0.2.1");
	put(&d, 1, "example.com.", RRTYPE_DNAME, 300, "example.net.");
	put(&d, 1, "*.example.com.", RRTYPE_A, 300, "192.0.2.1");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert(z->apex->flags & ZN_DNAME);
	ck_assert(z->apex->flags & ZN_WILDCHILD);
	ck_assert(zone_get(z, N("a.www.example.com."))->flags & ZN_OCCLUDED);
	check_flags(z);
	diff_reset(&d);
	soa(&d, 11, 12);
	put(&d, 0, "example.com.", RRTYPE_DNAME, 300, "example.net.");
	put(&d, 0, "*.example.com.", RRTYPE_A, 300, "192.0.2.1");
	put(&d, 0, "sub.example.com.", RRTYPE_NS, 300, "ns.sub");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert(!(z->apex->flags & (ZN_DNAME | ZN_WILDCHILD)));
	ck_assert(!(zone_get(z, N("a.www.example.com."))->flags &
	    ZN_OCCLUDED));
	ck_assert(!(zone_get(z, N("ns.sub.example.com."))->flags &
	    ZN_OCCLUDED));
	check_flags(z);
	diff_free(&d);
	zone_free(z);
}
END_TEST

/*
 * Random diffs over a few names and types, each applied when it fits
 * the zone and refused whole otherwise; after each, the flags and
 * counters must equal a full zone_finalize, and a refused diff must
 * leave the zone as it was.
 */
START_TEST(test_apply_random)
{
	static const char *names[] = { "a.example.com.", "b.a.example.com.",
	    "*.a.example.com.", "c.b.a.example.com.", "d.example.com.",
	    "e.d.example.com." };
	static const uint16_t types[] = { RRTYPE_A, RRTYPE_NS, RRTYPE_DNAME,
	    RRTYPE_TXT };
	static const char *rds[] = { "192.0.2.1", "ns.example.net.",
	    "example.org.", "t" };
	struct zone *z = mkzone_text(zone_text), *before;
	uint32_t serial = 10, seed = 12345;
	struct diff d;
	int i, k, n, ti, add, ret, applied = 0;

	diff_init(&d);
	for (i = 0; i < 400; i++) {
		before = mkzone_text(zone_text);
		diff_reset(&d);
		ck_assert_int_eq(diff_between(before, z, &d), 0);
		ck_assert_int_eq(diff_apply(before, &d), 0);
		diff_reset(&d);
		soa(&d, serial, serial + 1);
		n = 1 + (int)(seed % 3);
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			ti = (int)((seed >> 8) % 4);
			add = (int)((seed >> 12) % 3) != 0;
			put(&d, add, names[(seed >> 16) % 6], types[ti], 300,
			    rds[ti]);
		}
		ret = diff_apply(z, &d);
		if (ret == 0) {
			serial++;
			applied++;
		} else
			ck_assert(same(z, before));
		check_flags(z);
		zone_free(before);
	}
	ck_assert_int_gt(applied, 50);
	diff_free(&d);
	zone_free(z);
}
END_TEST

START_TEST(test_serialize_roundtrip)
{
	struct diff d, e;
	uint8_t buf[4096], buf2[4096];
	int len, len2;

	diff_init(&d);
	diff_init(&e);
	soa(&d, 10, 11);
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.3");
	put(&d, 1, "mx.example.com.", RRTYPE_MX, 60, "10 mail.example.org.");
	put(&d, 1, "t.example.com.", RRTYPE_TXT, 60, "a b c");
	len = diff_serialize(&d, buf, sizeof(buf));
	ck_assert_int_eq(len, (int)diff_serialized_len(&d));
	ck_assert_int_eq(diff_serialize(&d, buf, (size_t)len - 1), RD_ESPACE);
	/* Serials at fixed offsets, for the journal. */
	ck_assert_uint_eq(wire_get_u32(buf + 2), 10);
	ck_assert_uint_eq(wire_get_u32(buf + 6), 11);
	ck_assert_int_eq(diff_deserialize(&e, buf, (size_t)len), 0);
	ck_assert_uint_eq(e.nremoved, 1);
	ck_assert_uint_eq(e.nadded, 2);
	ck_assert_uint_eq(e.serial_to, 11);
	len2 = diff_serialize(&e, buf2, sizeof(buf2));
	ck_assert_int_eq(len2, len);
	ck_assert_int_eq(memcmp(buf, buf2, (size_t)len), 0);
	/* An empty diff too. */
	diff_reset(&d);
	len = diff_serialize(&d, buf, sizeof(buf));
	ck_assert_int_eq(len, 14);
	ck_assert_int_eq(diff_deserialize(&e, buf, (size_t)len), 0);
	ck_assert(diff_empty(&e));
	diff_free(&d);
	diff_free(&e);
}
END_TEST

START_TEST(test_deserialize_damaged)
{
	struct diff d, e;
	uint8_t buf[4096], bad[4096], again[4096];
	size_t i, ok = 0;
	int len, ret;

	diff_init(&d);
	diff_init(&e);
	soa(&d, 10, 11);
	put(&d, 0, "www.example.com.", RRTYPE_A, 300, "192.0.2.3");
	put(&d, 1, "mx.example.com.", RRTYPE_MX, 60, "10 mail.example.org.");
	len = diff_serialize(&d, buf, sizeof(buf));
	/* Every truncation, and one octet more, is refused. */
	for (i = 0; i < (size_t)len; i++) {
		ck_assert_int_eq(diff_deserialize(&e, buf, i), RD_EMALFORMED);
		ck_assert(diff_empty(&e));
	}
	memcpy(bad, buf, (size_t)len);
	bad[len] = 0;
	ck_assert_int_eq(diff_deserialize(&e, bad, (size_t)len + 1),
	    RD_EMALFORMED);
	/*
	 * Every single octet flipped: refused, or read faithfully (label
	 * text, TTLs, SOA timers, the address may take any value): then it
	 * serializes back to exactly the damaged input.
	 */
	for (i = 0; i < (size_t)len; i++) {
		memcpy(bad, buf, (size_t)len);
		bad[i] ^= 0xff;
		ret = diff_deserialize(&e, bad, (size_t)len);
		ck_assert(ret == 0 || ret == RD_EMALFORMED);
		if (ret != 0)
			continue;
		ok++;
		ck_assert_int_eq(diff_serialize(&e, again, sizeof(again)),
		    len);
		ck_assert_int_eq(memcmp(again, bad, (size_t)len), 0);
	}
	/* Lengths, counts, flags, op codes and the version are checked. */
	ck_assert_uint_gt(ok, 0);
	ck_assert_uint_lt(ok, (size_t)len - 20);
	/* Named damage: version, serial not matching the SOA, meta type. */
	memcpy(bad, buf, (size_t)len);
	bad[0] = 2;
	ck_assert_int_eq(diff_deserialize(&e, bad, (size_t)len),
	    RD_EMALFORMED);
	memcpy(bad, buf, (size_t)len);
	bad[9] ^= 1;
	ck_assert_int_eq(diff_deserialize(&e, bad, (size_t)len),
	    RD_EMALFORMED);
	diff_reset(&d);
	ck_assert_int_eq(diff_add(&d, N("x.example.com."), RRTYPE_TSIG, 0,
	    NULL, 0), 0);
	len = diff_serialize(&d, buf, sizeof(buf));
	ck_assert_int_eq(diff_deserialize(&e, buf, (size_t)len),
	    RD_EMALFORMED);
	/* A record count far beyond the input. */
	diff_reset(&d);
	len = diff_serialize(&d, buf, sizeof(buf));
	wire_put_u32(buf + 10, 0xffffffff);
	ck_assert_int_eq(diff_deserialize(&e, buf, (size_t)len),
	    RD_EMALFORMED);
	diff_free(&d);
	diff_free(&e);
}
END_TEST

START_TEST(test_between)
{
	struct zone *a = mkzone_text(zone_text);
	struct zone *b = mkzone_text("$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm 12 7200 3600 1209600 60\n"
	    "@ NS ns1\nns1 A 192.0.2.1\n"
	    "www 60 A 192.0.2.3\nwww 60 A 192.0.2.4\n"
	    "sub NS ns.sub\nns.sub A 192.0.2.6\nnew TXT hello\n");
	struct diff d;

	diff_init(&d);
	ck_assert(same(a, a));
	ck_assert_int_eq(diff_between(a, b, &d), 0);
	ck_assert(d.has_soa);
	ck_assert_uint_eq(d.serial_from, 10);
	ck_assert_uint_eq(d.serial_to, 12);
	/* www TTL: 2 out, 2 in; ns.sub: 1 out, 1 in; new: 1 in. */
	ck_assert_uint_eq(d.nremoved, 3);
	ck_assert_uint_eq(d.nadded, 4);
	ck_assert_int_eq(diff_apply(a, &d), 0);
	ck_assert(same(a, b));
	ck_assert_uint_eq(a->serial, 12);
	check_flags(a);
	ck_assert_int_eq(diff_between(a, b, &d), 0);
	ck_assert(diff_empty(&d));
	diff_free(&d);
	zone_free(a);
	zone_free(b);
}
END_TEST

START_TEST(test_apply_nsec)
{
	struct zone *z = mkzone_text("$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm 10 7200 3600 1209600 60\n@ NS ns1\n"
	    "@ NSEC ns1 NS SOA NSEC\nns1 A 192.0.2.1\n"
	    "ns1 NSEC example.com. A NSEC\n");
	struct diff d;

	/* The NSEC chain changes: the denial tree follows (full refresh). */
	ck_assert_uint_eq(z->denial_kind, 1);
	diff_init(&d);
	soa(&d, 10, 11);
	put(&d, 0, "example.com.", RRTYPE_NSEC, 300, "ns1 NS SOA NSEC");
	put(&d, 1, "example.com.", RRTYPE_NSEC, 300, "b NS SOA NSEC");
	put(&d, 1, "b.example.com.", RRTYPE_NSEC, 300, "ns1 A NSEC");
	put(&d, 1, "b.example.com.", RRTYPE_A, 300, "192.0.2.2");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert_uint_eq(z->serial, 11);
	check_flags(z);
	/* Removing a node that held an NSEC leaves no stale pointer. */
	diff_reset(&d);
	soa(&d, 11, 12);
	put(&d, 0, "b.example.com.", RRTYPE_NSEC, 300, "ns1 A NSEC");
	put(&d, 0, "b.example.com.", RRTYPE_A, 300, "192.0.2.2");
	put(&d, 0, "example.com.", RRTYPE_NSEC, 300, "b NS SOA NSEC");
	put(&d, 1, "example.com.", RRTYPE_NSEC, 300, "ns1 NS SOA NSEC");
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert_ptr_null(zone_get(z, N("b.example.com.")));
	check_flags(z);
	diff_free(&d);
	zone_free(z);
}
END_TEST

static int nwarn;

static void
warn_cb(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)col;
	ck_assert_int_eq(sev, RD_SEV_WARNING);
	ck_assert_str_eq(msg, "www.example.com. A was changed both by a "
	    "dynamic update and in the zone file; the zone file's version "
	    "is kept");
	nwarn++;
}

START_TEST(test_rebase)
{
	static const char head[] = "$ORIGIN example.com.\n$TTL 300\n"
	    "@ NS ns1\nns1 A 192.0.2.1\n";
	char text[512];
	struct zone *base, *live, *file, *want;
	struct diff d;

	snprintf(text, sizeof(text), "%s@ SOA ns1 hm 10 1 1 1 1\n"
	    "www A 192.0.2.1\n", head);
	base = mkzone_text(text);
	/* Updates: www A 1 -> 3, new TXT; serial 12. */
	snprintf(text, sizeof(text), "%s@ SOA ns1 hm 12 1 1 1 1\n"
	    "www A 192.0.2.3\nnew TXT t\n", head);
	live = mkzone_text(text);
	/* The operator forgot the serial: www A 1 -> 2, mail added. */
	snprintf(text, sizeof(text), "%s@ SOA ns1 hm 10 1 1 1 1\n"
	    "www A 192.0.2.2\nmail A 192.0.2.8\n", head);
	file = mkzone_text(text);
	diff_init(&d);
	nwarn = 0;
	ck_assert_int_eq(diff_rebase(live, base, file, &d, warn_cb, NULL), 1);
	ck_assert_int_eq(nwarn, 1);
	ck_assert_uint_eq(d.serial_from, 12);
	ck_assert_uint_eq(d.serial_to, 13);
	ck_assert_int_eq(diff_apply(live, &d), 0);
	snprintf(text, sizeof(text), "%s@ SOA ns1 hm 13 1 1 1 1\n"
	    "www A 192.0.2.2\nmail A 192.0.2.8\nnew TXT t\n", head);
	want = mkzone_text(text);
	ck_assert(same(live, want));
	check_flags(live);
	/* The file unchanged: nothing to do. */
	ck_assert_int_eq(diff_rebase(live, file, file, &d, warn_cb, NULL), 0);
	ck_assert(diff_empty(&d));
	/* A file serial above the live one is kept as it is. */
	zone_free(file);
	snprintf(text, sizeof(text), "%s@ SOA ns1 hm 100 1 1 1 1\n"
	    "www A 192.0.2.2\nmail A 192.0.2.8\nx A 192.0.2.9\n", head);
	file = mkzone_text(text);
	ck_assert_int_eq(diff_rebase(live, base, file, &d, NULL, NULL), 0);
	ck_assert_uint_eq(d.serial_to, 100);
	ck_assert_uint_eq(d.nadded, 1);
	ck_assert_uint_eq(d.nremoved, 0);
	diff_free(&d);
	zone_free(base);
	zone_free(live);
	zone_free(file);
	zone_free(want);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_build_iterate);
	tcase_add_test(tc, test_apply);
	tcase_add_test(tc, test_apply_ttl);
	tcase_add_test(tc, test_apply_all_or_nothing);
	tcase_add_test(tc, test_apply_flags);
	tcase_add_test(tc, test_apply_random);
	tcase_add_test(tc, test_serialize_roundtrip);
	tcase_add_test(tc, test_deserialize_damaged);
	tcase_add_test(tc, test_between);
	tcase_add_test(tc, test_rebase);
	tcase_add_test(tc, test_apply_nsec);
	suite_add_tcase(s, tc);
	return s;
}
