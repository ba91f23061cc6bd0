/*
 * diff: one changeset for every path (STYLE.md point 6).
 *
 * Records live in one growable buffer, each as
 *   u8 op (DIFF_DEL or DIFF_ADD), owner (wire, uncompressed),
 *   u16 type, u32 ttl, u16 rdlength, rdata,
 * with integers in network order. The serialized form (diff_serialize) is
 *   u8 version (1), u8 flags (bit 0: SOA change), u32 serial_from,
 *   u32 serial_to, [owner, u32 ttl, u16 len, rdata of the old SOA,
 *   u32 ttl, u16 len, rdata of the new SOA], u32 record count, records,
 * so that the journal can read both serials at fixed offsets 2 and 6.
 *
 * diff_apply is all or nothing without an undo log that could itself fail:
 * everything is checked first without a change, then the additions (the
 * only step that allocates) are made and, when one fails, taken back by
 * deletions, which never allocate; then the removals, which cannot fail
 * once checked; then the TTLs. Node flags are refreshed only where the
 * diff touched the tree, unless it touched the DNSSEC denial records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"

#define DIFF_VERSION 1
#define DIFF_F_SOA 0x01
#define DIFF_HDR 10
#define ZN_CUTS (ZN_OCCLUDED | ZN_DELEG | ZN_DNAME)

void
diff_init(struct diff *d)
{
	memset(d, 0, sizeof(*d));
}

void
diff_reset(struct diff *d)
{
	uint8_t *buf = d->buf;
	size_t cap = d->cap;

	diff_init(d);
	d->buf = buf;
	d->cap = cap;
}

void
diff_free(struct diff *d)
{
	free(d->buf);
	diff_init(d);
}

int
diff_empty(const struct diff *d)
{
	return !d->has_soa && d->nremoved == 0 && d->nadded == 0;
}

int
diff_serial_gt(uint32_t a, uint32_t b)
{
	/* RFC 1982 §3.2: i1 > i2 when the forward distance is below 2^31. */
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}

/* The serial of a valid SOA rdata: after MNAME and RNAME (RFC 1035 §3.3.13). */
static uint32_t
soa_rd_serial(const uint8_t *rd)
{
	size_t off;

	off = name_len(rd);
	off += name_len(rd + off);
	return wire_get_u32(rd + off);
}

int
diff_set_soa(struct diff *d, const uint8_t *owner, uint32_t ttl_from,
    const uint8_t *from, uint16_t fromlen, uint32_t ttl_to,
    const uint8_t *to, uint16_t tolen)
{
	if (fromlen > DIFF_SOA_MAX || tolen > DIFF_SOA_MAX ||
	    rdata_validate(RRTYPE_SOA, from, fromlen) != 0 ||
	    rdata_validate(RRTYPE_SOA, to, tolen) != 0)
		return RD_EMALFORMED;
	memcpy(d->soa_owner, owner, name_len(owner));
	d->soa_ttl_from = ttl_from;
	d->soa_ttl_to = ttl_to;
	memcpy(d->soa_from, from, fromlen);
	memcpy(d->soa_to, to, tolen);
	d->soa_from_len = fromlen;
	d->soa_to_len = tolen;
	d->serial_from = soa_rd_serial(from);
	d->serial_to = soa_rd_serial(to);
	d->has_soa = 1;
	return 0;
}

static int
diff_grow(struct diff *d, size_t need)
{
	uint8_t *nb;
	size_t ncap;

	if (d->cap - d->len >= need)
		return 0;
	ncap = d->cap ? d->cap : 1024;
	while (ncap - d->len < need)
		ncap *= 2;
	if ((nb = realloc(d->buf, ncap)) == NULL)
		return RD_ENOMEM;
	d->buf = nb;
	d->cap = ncap;
	return 0;
}

static int
diff_put(struct diff *d, uint8_t op, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen)
{
	size_t olen = name_len(owner);
	uint8_t *p;

	if (type == RRTYPE_SOA)
		return RD_EINVAL;
	if (diff_grow(d, 1 + olen + 8 + rdlen) != 0)
		return RD_ENOMEM;
	p = d->buf + d->len;
	*p++ = op;
	memcpy(p, owner, olen);
	p += olen;
	wire_put_u16(p, type);
	wire_put_u32(p + 2, ttl);
	wire_put_u16(p + 6, rdlen);
	if (rdlen > 0)
		memcpy(p + 8, rd, rdlen);
	d->len += 1 + olen + 8 + rdlen;
	if (op == DIFF_ADD)
		d->nadded++;
	else
		d->nremoved++;
	return 0;
}

int
diff_add(struct diff *d, const uint8_t *owner, uint16_t type, uint32_t ttl,
    const uint8_t *rd, uint16_t rdlen)
{
	return diff_put(d, DIFF_ADD, owner, type, ttl, rd, rdlen);
}

int
diff_remove(struct diff *d, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen)
{
	return diff_put(d, DIFF_DEL, owner, type, ttl, rd, rdlen);
}

/* Decode the record at p (trusted: built by diff_put or checked). */
static size_t
rec_decode(const uint8_t *p, struct diff_rr *rr)
{
	size_t olen;

	rr->op = p[0];
	rr->owner = p + 1;
	olen = name_len(p + 1);
	rr->type = wire_get_u16(p + 1 + olen);
	rr->ttl = wire_get_u32(p + 3 + olen);
	rr->rdlen = wire_get_u16(p + 7 + olen);
	rr->rdata = p + 9 + olen;
	return 9 + olen + rr->rdlen;
}

int
diff_next(const struct diff *d, size_t *pos, struct diff_rr *rr)
{
	if (*pos >= d->len)
		return 0;
	*pos += rec_decode(d->buf + *pos, rr);
	return 1;
}

/*
 * Applying. Each record becomes an entry; removals and additions are
 * sorted (owner, type, rdata in canonical order) so that duplicates sit
 * side by side and an RR both removed and added (a TTL change) pairs up.
 */
struct ent {
	struct diff_rr rr;
	uint8_t paired;
};

static int
ent_cmp(const void *va, const void *vb)
{
	const struct ent *a = va, *b = vb;
	int c;

	if ((c = name_cmp(a->rr.owner, b->rr.owner)) != 0)
		return c;
	if (a->rr.type != b->rr.type)
		return a->rr.type < b->rr.type ? -1 : 1;
	return rdata_cmp(a->rr.type, a->rr.rdata, a->rr.rdlen, b->rr.rdata,
	    b->rr.rdlen);
}

static int
owner_cmp(const void *va, const void *vb)
{
	const uint8_t *const *a = va, *const *b = vb;

	return name_cmp(*a, *b);
}

/* The RRset of z holding (owner, type) with the covered type of rd. */
static struct rrset *
find_rrset(const struct zone *z, const uint8_t *owner, uint16_t type,
    const uint8_t *rd, uint16_t rdlen)
{
	struct znode *n;
	struct rrset *rs;

	if ((n = zone_get(z, owner)) == NULL)
		return NULL;
	for (rs = n->rrsets; rs != NULL && rs->type <= type; rs = rs->next) {
		if (rs->type != type)
			continue;
		/* RRSIGs: one RRset per type covered (RFC 4034 §3). */
		if (type == RRTYPE_RRSIG && rdlen >= 2 &&
		    wire_get_u16(rs->data + 2) != wire_get_u16(rd))
			continue;
		return rs;
	}
	return NULL;
}

static int
rr_present(const struct zone *z, const struct diff_rr *rr)
{
	const struct rrset *rs;
	const uint8_t *p;

	rs = find_rrset(z, rr->owner, rr->type, rr->rdata, rr->rdlen);
	if (rs == NULL)
		return 0;
	RRSET_FOREACH(rs, p)
		if (rdata_cmp(rr->type, p + 2, wire_get_u16(p), rr->rdata,
		    rr->rdlen) == 0)
			return 1;
	return 0;
}

struct plan {
	struct ent *del, *add;
	size_t ndel, nadd;
	const uint8_t **owners;
	size_t nowners;
	uint8_t soa_from[1 + NAME_MAXLEN + 8 + DIFF_SOA_MAX];
	uint8_t soa_to[1 + NAME_MAXLEN + 8 + DIFF_SOA_MAX];
};

static void
soa_rec(uint8_t *buf, uint8_t op, const uint8_t *owner, uint32_t ttl,
    const uint8_t *rd, uint16_t rdlen)
{
	size_t olen = name_len(owner);

	buf[0] = op;
	memcpy(buf + 1, owner, olen);
	wire_put_u16(buf + 1 + olen, RRTYPE_SOA);
	wire_put_u32(buf + 3 + olen, ttl);
	wire_put_u16(buf + 7 + olen, rdlen);
	memcpy(buf + 9 + olen, rd, rdlen);
}

/* Split d into sorted removals and additions, SOA included. */
static int
plan_build(const struct zone *z, const struct diff *d, struct plan *pl)
{
	size_t pos = 0, i, n = d->nremoved + d->nadded + 2;
	struct diff_rr rr;

	pl->del = calloc(d->nremoved + 1, sizeof(*pl->del));
	pl->add = calloc(d->nadded + 1, sizeof(*pl->add));
	pl->owners = calloc(n, sizeof(*pl->owners));
	if (pl->del == NULL || pl->add == NULL || pl->owners == NULL)
		return RD_ENOMEM;
	while (diff_next(d, &pos, &rr)) {
		if (!name_is_sub(rr.owner, z->origin))
			return RD_EINVAL;
		if (rr.op == DIFF_ADD)
			pl->add[pl->nadd++].rr = rr;
		else
			pl->del[pl->ndel++].rr = rr;
	}
	if (d->has_soa) {
		if (!name_equal(d->soa_owner, z->origin))
			return RD_EINVAL;
		soa_rec(pl->soa_from, DIFF_DEL, d->soa_owner, d->soa_ttl_from,
		    d->soa_from, d->soa_from_len);
		soa_rec(pl->soa_to, DIFF_ADD, d->soa_owner, d->soa_ttl_to,
		    d->soa_to, d->soa_to_len);
		rec_decode(pl->soa_from, &pl->del[pl->ndel++].rr);
		rec_decode(pl->soa_to, &pl->add[pl->nadd++].rr);
	}
	qsort(pl->del, pl->ndel, sizeof(*pl->del), ent_cmp);
	qsort(pl->add, pl->nadd, sizeof(*pl->add), ent_cmp);
	for (i = 0; i < pl->ndel; i++)
		pl->owners[pl->nowners++] = pl->del[i].rr.owner;
	for (i = 0; i < pl->nadd; i++)
		pl->owners[pl->nowners++] = pl->add[i].rr.owner;
	qsort(pl->owners, pl->nowners, sizeof(*pl->owners), owner_cmp);
	return 0;
}

static void
plan_free(struct plan *pl)
{
	free(pl->del);
	free(pl->add);
	free(pl->owners);
}

/* Pair equal removals and additions; refuse duplicates. */
static int
plan_pair(struct plan *pl)
{
	size_t i = 0, j = 0;
	int c;

	for (i = 1; i < pl->ndel; i++)
		if (ent_cmp(&pl->del[i - 1], &pl->del[i]) == 0)
			return RD_EINVAL;
	for (j = 1; j < pl->nadd; j++)
		if (ent_cmp(&pl->add[j - 1], &pl->add[j]) == 0)
			return RD_EINVAL;
	i = j = 0;
	while (i < pl->ndel && j < pl->nadd) {
		c = ent_cmp(&pl->del[i], &pl->add[j]);
		if (c == 0) {
			pl->del[i++].paired = 1;
			pl->add[j++].paired = 1;
		} else if (c < 0)
			i++;
		else
			j++;
	}
	return 0;
}

/* Everything diff_apply needs to hold, checked before any change. */
static int
plan_check(const struct zone *z, struct plan *pl)
{
	size_t i;
	int ret;

	if ((ret = plan_pair(pl)) != 0)
		return ret;
	for (i = 0; i < pl->ndel; i++)
		if (!rr_present(z, &pl->del[i].rr))
			return RD_ENOTFOUND;
	for (i = 0; i < pl->nadd; i++)
		if (!pl->add[i].paired && rr_present(z, &pl->add[i].rr))
			return RD_EEXIST;
	return 0;
}

/* Nodes among the distinct owners of the plan that hold RRsets. */
static size_t
count_names(const struct zone *z, const struct plan *pl)
{
	const struct znode *n;
	size_t i, c = 0;

	for (i = 0; i < pl->nowners; i++) {
		if (i > 0 && name_equal(pl->owners[i - 1], pl->owners[i]))
			continue;
		if ((n = zone_get(z, pl->owners[i])) != NULL &&
		    n->rrsets != NULL)
			c++;
	}
	return c;
}

/*
 * Flags of one node, as zone_finalize computes them: from its parent's
 * flags, its RRsets and whether a "*" child exists.
 */
static uint16_t
node_flags(const struct zone *z, const struct znode *n)
{
	uint8_t wild[NAME_MAXLEN];
	const struct rrset *rs;
	uint16_t f = 0;

	if (n == z->apex)
		f |= ZN_APEX;
	else if (n->parent->flags & ZN_CUTS)
		f |= ZN_OCCLUDED;
	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type == RRTYPE_CNAME)
			f |= ZN_CNAME;
		else if (rs->type == RRTYPE_DNAME)
			f |= ZN_DNAME;
		/* RFC 1034 §4.2.1: NS below the apex marks a zone cut. */
		else if (rs->type == RRTYPE_NS && n != z->apex &&
		    !(f & ZN_OCCLUDED))
			f |= ZN_DELEG;
	}
	if (n->namelen + 2 <= NAME_MAXLEN) {
		wild[0] = 1;
		wild[1] = '*';
		memcpy(wild + 2, n->name, n->namelen);
		if (zone_get(z, wild) != NULL)
			f |= ZN_WILDCHILD;
	}
	return f;
}

static int
subtree_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct znode *n = val;

	(void)key;
	(void)len;
	n->flags = node_flags(ctx, n);
	return 0;
}

/*
 * Refresh the flags on the path from the apex to the deepest existing
 * node of owner. A node whose cut flags change takes its whole subtree
 * with it: only then can the flags of nodes the diff did not touch change.
 */
static void
refresh_owner(struct zone *z, const uint8_t *owner)
{
	struct znode *n, *chain[NAME_MAXLABELS + 1];
	uint8_t key[RADKEY_MAX];
	const uint8_t *name = owner;
	uint16_t f;
	size_t klen;
	int depth = 0, i;

	while ((n = zone_get(z, name)) == NULL && name[0] != 0)
		name = name_parent(name);
	for (; n != NULL && depth <= NAME_MAXLABELS; n = n->parent)
		chain[depth++] = n;
	for (i = depth - 1; i >= 0; i--) {
		n = chain[i];
		f = node_flags(z, n);
		if ((f ^ n->flags) & ZN_CUTS) {
			klen = radkey_from_name(n->name, key);
			radix_walk_prefix(z->nodes, key, klen, subtree_cb, z);
			return;
		}
		n->flags = f;
	}
}

/* Give an added RR's TTL to its whole RRset (RFC 2181 §5.2). */
static void
set_ttl(struct zone *z, const struct diff_rr *rr)
{
	struct rrset *rs;

	rs = find_rrset(z, rr->owner, rr->type, rr->rdata, rr->rdlen);
	if (rs != NULL)
		rs->ttl = rr->ttl;
}

static int
plan_run(struct zone *z, struct plan *pl)
{
	const struct diff_rr *rr;
	size_t i, k;
	int ret;

	for (i = 0; i < pl->nadd; i++) {
		if (pl->add[i].paired)
			continue;
		rr = &pl->add[i].rr;
		ret = zone_add_rr(z, rr->owner, rr->type, rr->ttl, rr->rdata,
		    rr->rdlen, NULL);
		if (ret < 0) {
			/* Take back what was added: deletions never allocate. */
			for (k = 0; k < i; k++)
				if (!pl->add[k].paired)
					zone_del_rr(z, pl->add[k].rr.owner,
					    pl->add[k].rr.type,
					    pl->add[k].rr.rdata,
					    pl->add[k].rr.rdlen);
			return ret;
		}
	}
	for (i = 0; i < pl->ndel; i++) {
		if (pl->del[i].paired)
			continue;
		rr = &pl->del[i].rr;
		zone_del_rr(z, rr->owner, rr->type, rr->rdata, rr->rdlen);
	}
	for (i = 0; i < pl->nadd; i++)
		set_ttl(z, &pl->add[i].rr);
	return 0;
}

/*
 * A signed zone's denial tree (dnssec.h) points at the nodes holding NSEC
 * or NSEC3 records, and NSEC3PARAM says how owners hash: a diff touching
 * any of these rebuilds it with a full zone_finalize.
 */
static int
plan_denial(const struct plan *pl)
{
	const struct ent *v[2] = { pl->del, pl->add };
	size_t n[2] = { pl->ndel, pl->nadd }, i;
	uint16_t t;
	int k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < n[k]; i++) {
			t = v[k][i].rr.type;
			if (t == RRTYPE_NSEC || t == RRTYPE_NSEC3 ||
			    t == RRTYPE_NSEC3PARAM)
				return 1;
		}
	return 0;
}

int
diff_apply(struct zone *z, const struct diff *d)
{
	const struct rrset *soa;
	struct plan pl;
	size_t before, i;
	int ret;

	memset(&pl, 0, sizeof(pl));
	if ((ret = plan_build(z, d, &pl)) != 0 ||
	    (ret = plan_check(z, &pl)) != 0)
		goto out;
	before = count_names(z, &pl);
	if ((ret = plan_run(z, &pl)) != 0)
		goto out;
	if (plan_denial(&pl)) {
		zone_finalize(z);
		goto out;
	}
	z->nnames = z->nnames - before + count_names(z, &pl);
	for (i = 0; i < pl.nowners; i++)
		if (i == 0 || !name_equal(pl.owners[i - 1], pl.owners[i]))
			refresh_owner(z, pl.owners[i]);
	if ((soa = znode_rrset(z->apex, RRTYPE_SOA)) != NULL)
		z->serial = soa_rd_serial(soa->data + 2);
out:
	plan_free(&pl);
	return ret;
}

size_t
diff_serialized_len(const struct diff *d)
{
	size_t n = DIFF_HDR + 4 + d->len;

	if (d->has_soa)
		n += name_len(d->soa_owner) + 12 + d->soa_from_len +
		    d->soa_to_len;
	return n;
}

int
diff_serialize(const struct diff *d, uint8_t *out, size_t max)
{
	struct wire_wr w;

	wire_wr_init(&w, out, max);
	wire_wr_u8(&w, DIFF_VERSION);
	wire_wr_u8(&w, d->has_soa ? DIFF_F_SOA : 0);
	wire_wr_u32(&w, d->serial_from);
	wire_wr_u32(&w, d->serial_to);
	if (d->has_soa) {
		wire_wr_bytes(&w, d->soa_owner, name_len(d->soa_owner));
		wire_wr_u32(&w, d->soa_ttl_from);
		wire_wr_u16(&w, d->soa_from_len);
		wire_wr_bytes(&w, d->soa_from, d->soa_from_len);
		wire_wr_u32(&w, d->soa_ttl_to);
		wire_wr_u16(&w, d->soa_to_len);
		wire_wr_bytes(&w, d->soa_to, d->soa_to_len);
	}
	wire_wr_u32(&w, (uint32_t)(d->nremoved + d->nadded));
	wire_wr_bytes(&w, d->buf, d->len);
	if (w.err)
		return RD_ESPACE;
	return (int)wire_wr_offset(&w);
}

/* An uncompressed name from untrusted bytes into out. */
static void
rd_name(struct wire_rd *r, uint8_t out[NAME_MAXLEN])
{
	int l;

	if (r->err)
		return;
	if ((l = name_check(r->pos, (size_t)(r->end - r->pos))) < 0) {
		r->err = RD_EMALFORMED;
		return;
	}
	wire_rd_bytes(r, out, (size_t)l);
}

/* Types that never sit in a zone: meta and query types (RFC 6895 §3.1). */
static int
type_is_meta(uint16_t type)
{
	return type == 0 || (type >= 128 && type <= 255) ||
	    (rrtype_get(type)->flags & RRT_META);
}

static int
rd_soa(struct wire_rd *r, uint32_t *ttl, uint8_t *rd, uint16_t *len)
{
	*ttl = wire_rd_u32(r);
	*len = wire_rd_u16(r);
	if (*len > DIFF_SOA_MAX)
		return RD_EMALFORMED;
	wire_rd_bytes(r, rd, *len);
	if (r->err || rdata_validate(RRTYPE_SOA, rd, *len) != 0)
		return RD_EMALFORMED;
	return 0;
}

static int
rd_header(struct diff *d, struct wire_rd *r)
{
	uint8_t flags;

	if (wire_rd_u8(r) != DIFF_VERSION)
		return RD_EMALFORMED;
	flags = wire_rd_u8(r);
	d->serial_from = wire_rd_u32(r);
	d->serial_to = wire_rd_u32(r);
	if (r->err || (flags & ~DIFF_F_SOA) != 0)
		return RD_EMALFORMED;
	if (!(flags & DIFF_F_SOA))
		return 0;
	d->has_soa = 1;
	rd_name(r, d->soa_owner);
	if (rd_soa(r, &d->soa_ttl_from, d->soa_from, &d->soa_from_len) != 0 ||
	    rd_soa(r, &d->soa_ttl_to, d->soa_to, &d->soa_to_len) != 0 ||
	    soa_rd_serial(d->soa_from) != d->serial_from ||
	    soa_rd_serial(d->soa_to) != d->serial_to)
		return RD_EMALFORMED;
	return 0;
}

static int
rd_record(struct diff *d, struct wire_rd *r)
{
	uint8_t owner[NAME_MAXLEN], op;
	uint16_t type, rdlen;
	uint32_t ttl;

	op = wire_rd_u8(r);
	rd_name(r, owner);
	type = wire_rd_u16(r);
	ttl = wire_rd_u32(r);
	rdlen = wire_rd_u16(r);
	if (r->err || op > DIFF_ADD || type == RRTYPE_SOA ||
	    type_is_meta(type) || !wire_rd_need(r, rdlen) ||
	    rdata_validate(type, r->pos, rdlen) != 0)
		return RD_EMALFORMED;
	if (diff_put(d, op, owner, type, ttl, r->pos, rdlen) != 0)
		return RD_ENOMEM;
	wire_rd_skip(r, rdlen);
	return 0;
}

int
diff_deserialize(struct diff *d, const uint8_t *p, size_t len)
{
	struct wire_rd r;
	uint32_t n, i;
	int ret;

	diff_reset(d);
	wire_rd_init(&r, p, len);
	if ((ret = rd_header(d, &r)) != 0)
		goto fail;
	n = wire_rd_u32(&r);
	/* A record takes at least 10 octets: refuse counts beyond the input. */
	ret = RD_EMALFORMED;
	if (r.err || n > wire_rd_left(&r) / 10)
		goto fail;
	for (i = 0; i < n; i++)
		if ((ret = rd_record(d, &r)) != 0)
			goto fail;
	if (wire_rd_left(&r) != 0 || r.err) {
		ret = RD_EMALFORMED;
		goto fail;
	}
	return 0;
fail:
	diff_reset(d);
	return ret;
}

/*
 * diff_between: both zones' nodes in canonical order, merged by name; at
 * a common name the RRsets are merged by sort key, and the rdatas of a
 * common RRset (both in canonical order) are merged too.
 */
struct nodes {
	const struct znode **v;
	size_t n, cap;
};

static int
nodes_cb(const struct znode *n, void *ctx)
{
	struct nodes *ns = ctx;
	const struct znode **nv;
	size_t ncap;

	if (n->rrsets == NULL)
		return 0;
	if (ns->n == ns->cap) {
		ncap = ns->cap ? ns->cap * 2 : 256;
		if ((nv = realloc(ns->v, ncap * sizeof(*nv))) == NULL)
			return RD_ENOMEM;
		ns->v = nv;
		ns->cap = ncap;
	}
	ns->v[ns->n++] = n;
	return 0;
}

static uint32_t
rrset_key(const struct rrset *rs)
{
	uint32_t k = (uint32_t)rs->type << 16;

	if (rs->type == RRTYPE_RRSIG && wire_get_u16(rs->data) >= 2)
		k |= wire_get_u16(rs->data + 2);
	return k;
}

static int
put_rd(struct diff *d, uint8_t op, const uint8_t *owner,
    const struct rrset *rs, const uint8_t *p)
{
	if (rs->type == RRTYPE_SOA)
		return 0;
	return diff_put(d, op, owner, rs->type, rs->ttl, p + 2,
	    wire_get_u16(p));
}

static int
put_rrset(struct diff *d, uint8_t op, const uint8_t *owner,
    const struct rrset *rs)
{
	const uint8_t *p;
	int ret;

	RRSET_FOREACH(rs, p)
		if ((ret = put_rd(d, op, owner, rs, p)) != 0)
			return ret;
	return 0;
}

static int
put_node(struct diff *d, uint8_t op, const struct znode *n)
{
	const struct rrset *rs;
	int ret;

	for (rs = n->rrsets; rs != NULL; rs = rs->next)
		if ((ret = put_rrset(d, op, n->name, rs)) != 0)
			return ret;
	return 0;
}

/* Two RRsets with the same key: removed rdatas, then added ones. */
static int
between_rrset(struct diff *d, const struct znode *na, const struct rrset *a,
    const struct znode *nb, const struct rrset *b)
{
	const uint8_t *pa = a->data, *pb = b->data;
	const uint8_t *ea = a->data + a->size, *eb = b->data + b->size;
	int c, ret = 0;

	if (a->ttl != b->ttl) {
		if ((ret = put_rrset(d, DIFF_DEL, na->name, a)) != 0)
			return ret;
		return put_rrset(d, DIFF_ADD, nb->name, b);
	}
	while (ret == 0 && (pa < ea || pb < eb)) {
		if (pa >= ea)
			c = 1;
		else if (pb >= eb)
			c = -1;
		else
			c = rdata_cmp(a->type, pa + 2, wire_get_u16(pa),
			    pb + 2, wire_get_u16(pb));
		if (c < 0)
			ret = put_rd(d, DIFF_DEL, na->name, a, pa);
		else if (c > 0)
			ret = put_rd(d, DIFF_ADD, nb->name, b, pb);
		if (c <= 0)
			pa += 2 + wire_get_u16(pa);
		if (c >= 0)
			pb += 2 + wire_get_u16(pb);
	}
	return ret;
}

static int
between_node(struct diff *d, const struct znode *na, const struct znode *nb)
{
	const struct rrset *a = na->rrsets, *b = nb->rrsets;
	int ret = 0;

	while (ret == 0 && (a != NULL || b != NULL)) {
		if (b == NULL || (a != NULL && rrset_key(a) < rrset_key(b))) {
			ret = put_rrset(d, DIFF_DEL, na->name, a);
			a = a->next;
		} else if (a == NULL || rrset_key(b) < rrset_key(a)) {
			ret = put_rrset(d, DIFF_ADD, nb->name, b);
			b = b->next;
		} else {
			ret = between_rrset(d, na, a, nb, b);
			a = a->next;
			b = b->next;
		}
	}
	return ret;
}

static int
between_soa(const struct zone *a, const struct zone *b, struct diff *d)
{
	const struct rrset *sa, *sb;

	sa = znode_rrset(a->apex, RRTYPE_SOA);
	sb = znode_rrset(b->apex, RRTYPE_SOA);
	if (sa == NULL || sb == NULL)
		return 0;
	if (sa->ttl == sb->ttl && sa->size == sb->size &&
	    memcmp(sa->data, sb->data, sa->size) == 0)
		return 0;
	return diff_set_soa(d, a->origin, sa->ttl, sa->data + 2,
	    wire_get_u16(sa->data), sb->ttl, sb->data + 2,
	    wire_get_u16(sb->data));
}

int
diff_between(const struct zone *a, const struct zone *b, struct diff *d)
{
	struct nodes na = { NULL, 0, 0 }, nb = { NULL, 0, 0 };
	size_t i = 0, j = 0;
	int c, ret;

	diff_reset(d);
	if (!name_equal(a->origin, b->origin))
		return RD_EINVAL;
	if ((ret = zone_walk(a, nodes_cb, &na)) != 0 ||
	    (ret = zone_walk(b, nodes_cb, &nb)) != 0 ||
	    (ret = between_soa(a, b, d)) != 0)
		goto out;
	while (ret == 0 && (i < na.n || j < nb.n)) {
		if (i >= na.n)
			c = 1;
		else if (j >= nb.n)
			c = -1;
		else
			c = name_cmp(na.v[i]->name, nb.v[j]->name);
		if (c < 0)
			ret = put_node(d, DIFF_DEL, na.v[i++]);
		else if (c > 0)
			ret = put_node(d, DIFF_ADD, nb.v[j++]);
		else
			ret = between_node(d, na.v[i++], nb.v[j++]);
	}
out:
	free(na.v);
	free(nb.v);
	if (ret != 0)
		diff_reset(d);
	return ret < 0 ? ret : (ret ? RD_ENOMEM : 0);
}

/*
 * diff_rebase: the change of a zone file (base -> file) carried over to
 * the live zone, RRset by RRset. For each RRset the file changed, the
 * live RRset becomes the file's; when the live RRset is no longer the
 * base's (an update changed it too), that is a conflict, reported, and
 * the file's version still wins (unless the update made it what the
 * file says). Example: base has www A 1, an update
 * made it www A 3, the file now says www A 2: the result is www A 2,
 * with one conflict reported for www A.
 */
static const struct rrset *
rrset_by_key(const struct zone *z, const uint8_t *owner, uint32_t key)
{
	const struct znode *n;
	const struct rrset *rs;

	if ((n = zone_get(z, owner)) == NULL)
		return NULL;
	for (rs = n->rrsets; rs != NULL; rs = rs->next)
		if (rrset_key(rs) == key)
			return rs;
	return NULL;
}

static int
rrset_same(const struct rrset *a, const struct rrset *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return a->ttl == b->ttl && a->size == b->size &&
	    memcmp(a->data, b->data, a->size) == 0;
}

static void
rebase_conflict(rd_msg_cb cb, void *ctx, const uint8_t *owner,
    uint16_t type)
{
	char name[NAME_MAXTEXT], t[32], msg[NAME_MAXTEXT + 160];

	if (cb == NULL)
		return;
	if (name_to_text(owner, name, sizeof(name)) < 0)
		strcpy(name, "?");
	if (rrtype_to_text(type, t, sizeof(t)) < 0)
		strcpy(t, "?");
	snprintf(msg, sizeof(msg), "%s %s was changed both by a dynamic "
	    "update and in the zone file; the zone file's version is kept",
	    name, t);
	cb(ctx, RD_SEV_WARNING, NULL, 0, 0, msg);
}

/* Turn the live RRset (owner, key) into the file's. */
static int
rebase_rrset(const struct zone *live, const struct zone *base,
    const struct zone *file, const struct diff_rr *rr, struct diff *out,
    int *conflicts, rd_msg_cb cb, void *ctx)
{
	const struct rrset *l, *b, *f;
	const struct znode *nl, *nf;
	uint32_t key;

	key = (uint32_t)rr->type << 16;
	if (rr->type == RRTYPE_RRSIG && rr->rdlen >= 2)
		key |= wire_get_u16(rr->rdata);
	l = rrset_by_key(live, rr->owner, key);
	b = rrset_by_key(base, rr->owner, key);
	f = rrset_by_key(file, rr->owner, key);
	/* Live as the file wants it already: no conflict, nothing to do. */
	if (!rrset_same(l, b) && !rrset_same(l, f)) {
		(*conflicts)++;
		rebase_conflict(cb, ctx, rr->owner, rr->type);
	}
	nl = zone_get(live, rr->owner);
	nf = zone_get(file, rr->owner);
	if (l != NULL && f != NULL)
		return between_rrset(out, nl, l, nf, f);
	if (l != NULL)
		return put_rrset(out, DIFF_DEL, nl->name, l);
	if (f != NULL)
		return put_rrset(out, DIFF_ADD, nf->name, f);
	return 0;
}

/* The new SOA: the file's, with a serial above both the live and file's. */
static int
rebase_soa(const struct zone *live, const struct zone *file,
    struct diff *out)
{
	const struct rrset *l, *f;
	uint8_t to[DIFF_SOA_MAX];
	uint16_t tolen;
	uint32_t s;
	size_t off;

	l = znode_rrset(live->apex, RRTYPE_SOA);
	f = znode_rrset(file->apex, RRTYPE_SOA);
	if (l == NULL || f == NULL || wire_get_u16(f->data) > DIFF_SOA_MAX)
		return RD_EINVAL;
	tolen = wire_get_u16(f->data);
	memcpy(to, f->data + 2, tolen);
	s = soa_rd_serial(to);
	if (!diff_serial_gt(s, live->serial))
		s = live->serial + 1;
	off = name_len(to);
	off += name_len(to + off);
	wire_put_u32(to + off, s);
	return diff_set_soa(out, live->origin, l->ttl, l->data + 2,
	    wire_get_u16(l->data), f->ttl, to, tolen);
}

int
diff_rebase(const struct zone *live, const struct zone *base,
    const struct zone *file, struct diff *out, rd_msg_cb cb, void *ctx)
{
	struct diff d0;
	struct diff_rr rr, prev;
	size_t pos = 0;
	int ret, conflicts = 0, have = 0;

	diff_reset(out);
	if (!name_equal(live->origin, file->origin))
		return RD_EINVAL;
	diff_init(&d0);
	if ((ret = diff_between(base, file, &d0)) != 0)
		goto out;
	while (ret == 0 && diff_next(&d0, &pos, &rr)) {
		/* diff_between gives each RRset's records together. */
		if (have && prev.type == rr.type &&
		    name_equal(prev.owner, rr.owner) &&
		    (rr.type != RRTYPE_RRSIG ||
		    wire_get_u16(prev.rdata) == wire_get_u16(rr.rdata)))
			continue;
		prev = rr;
		have = 1;
		ret = rebase_rrset(live, base, file, &rr, out, &conflicts, cb,
		    ctx);
	}
	if (ret == 0 && (d0.has_soa || !diff_empty(out)))
		ret = rebase_soa(live, file, out);
out:
	diff_free(&d0);
	if (ret != 0) {
		diff_reset(out);
		return ret;
	}
	return conflicts;
}
