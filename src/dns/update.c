/*
 * update: RFC 2136 processing against one zone, producing a diff.
 *
 * The zone is never modified. Prerequisites (§3.2) are evaluated against
 * the zone as it is. The update section (§3.4.2) is applied in order to an
 * overlay: a radix of the RRsets the message touches, each loaded from the
 * zone on first touch and then changed in place. Every overlay RR knows
 * whether it was in the zone (orig) and whether it is in the result
 * (live), so the diff falls out of one walk of the overlay at the end:
 * orig and not live is removed, live and not orig is added. An RRset whose
 * TTL changed is removed and added whole, so the diff carries the TTL.
 *
 * Where RFC 2136 leaves a choice we do what BIND 9 does: a CNAME added
 * beside other data is ignored, other data added beside a CNAME is
 * ignored (RFC 2181 §10.1; RRSIG and NSEC may sit beside a CNAME, RFC
 * 4035 §2.5); an RR added to an RRset with another TTL gives its TTL to
 * the whole RRset (RFC 2181 §5.2); the automatic serial skips 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/arena.h"
#include "dns/diff.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/update.h"
#include "dns/wire.h"
#include "dns/zone.h"

/* RFC 2136 §2.2 rcodes beyond those pkt.h names. */
#define RC_YXRRSET 7
#define RC_NXRRSET 8
#define RC_NOTZONE 10

/* One RR of the prerequisite or update section. */
struct urr {
	const uint8_t *name;
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rd;
};

/* An RR of an overlay RRset. */
struct ovrr {
	struct ovrr *next;
	uint8_t orig;		/* in the zone before the update */
	uint8_t live;		/* in the zone after it */
	uint16_t len;
	uint8_t rd[];
};

/* An RRset the update touched: (owner, type, covered type for RRSIG). */
struct ovset {
	const uint8_t *owner;
	uint16_t type;
	uint8_t had;		/* the zone had this RRset */
	uint32_t ttl_orig;
	uint32_t ttl;
	uint32_t nlive;
	struct ovrr *rrs;
};

struct ust {
	const struct zone *z;
	const struct update_opts *o;
	struct arena *a;
	struct radix *ov;
	uint8_t *scratch;		/* RDATA_MAXLEN octets for unpacking */
	struct urr *pre, *upd;
	size_t npre, nupd;
	uint16_t zclass;
	uint8_t zname[NAME_MAXLEN];
	int soa_set;			/* the update replaced the SOA */
	uint32_t soa_ttl;
	uint16_t soa_len;
	uint8_t soa[DIFF_SOA_MAX];
};

/* Meta and query types (RFC 6895 §3.1): never data in a zone. */
static int
type_is_meta(uint16_t type)
{
	return type == 0 || (type >= 128 && type <= 255) ||
	    (rrtype_get(type)->flags & RRT_META);
}

static uint32_t
soa_serial(const uint8_t *rd)
{
	size_t off;

	off = name_len(rd);
	off += name_len(rd + off);
	return wire_get_u32(rd + off);
}

static void
soa_set_serial(uint8_t *rd, uint32_t serial)
{
	size_t off;

	off = name_len(rd);
	off += name_len(rd + off);
	wire_put_u32(rd + off, serial);
}

static void
ulog(struct ust *st, const struct urr *rr, const char *why)
{
	char name[NAME_MAXTEXT], type[32], msg[NAME_MAXTEXT + 200];

	if (st->o == NULL || st->o->msg == NULL)
		return;
	if (name_to_text(rr->name, name, sizeof(name)) < 0)
		strcpy(name, "?");
	if (rrtype_to_text(rr->type, type, sizeof(type)) < 0)
		strcpy(type, "?");
	snprintf(msg, sizeof(msg), "update of %s %s ignored: %s", name, type,
	    why);
	st->o->msg(st->o->msg_ctx, RD_SEV_INFO, NULL, 0, 0, msg);
}

/*
 * Parsing. Every section is read before anything is evaluated: a message
 * that does not parse is FORMERR (RFC 2136 §3.8), whatever it asks.
 */
int
update_zone(const uint8_t *msg, size_t len, uint8_t zname[NAME_MAXLEN],
    uint16_t *zclass)
{
	struct wire_rd r;

	wire_rd_init(&r, msg, len);
	wire_rd_skip(&r, 4);
	/* RFC 2136 §3.1.1: exactly one zone, and its type is SOA. */
	if (wire_rd_u16(&r) != 1)
		return PKT_RCODE_FORMERR;
	wire_rd_skip(&r, 6);
	if (name_parse(&r, zname) < 0 || wire_rd_u16(&r) != RRTYPE_SOA)
		return PKT_RCODE_FORMERR;
	*zclass = wire_rd_u16(&r);
	return r.err ? PKT_RCODE_FORMERR : 0;
}

static int
parse_rr(struct ust *st, struct wire_rd *r, struct urr *rr)
{
	uint8_t name[NAME_MAXLEN];
	int len;

	if ((len = name_parse(r, name)) < 0)
		return PKT_RCODE_FORMERR;
	rr->type = wire_rd_u16(r);
	rr->rclass = wire_rd_u16(r);
	rr->ttl = wire_rd_u32(r);
	rr->rdlen = wire_rd_u16(r);
	if (r->err || wire_rd_left(r) < rr->rdlen)
		return PKT_RCODE_FORMERR;
	if ((rr->name = arena_memdup(st->a, name, (size_t)len)) == NULL)
		return RD_ENOMEM;
	rr->rd = r->pos;
	if (rr->rclass == RRCLASS_ANY || type_is_meta(rr->type) ||
	    (rr->rclass == RRCLASS_NONE && rr->rdlen == 0)) {
		/*
		 * Checked by the rules of each section: kept as it is. An
		 * empty rdata of class NONE is a prerequisite (§2.4.3), or a
		 * delete that matches nothing.
		 */
		wire_rd_skip(r, rr->rdlen);
		return 0;
	}
	if (rr->rdlen == 0)
		return rdata_validate(rr->type, rr->rd, 0) == 0 ? 0 :
		    PKT_RCODE_FORMERR;
	len = rdata_unpack(rr->type, r, rr->rdlen, st->scratch, RDATA_MAXLEN);
	if (len < 0)
		return PKT_RCODE_FORMERR;
	rr->rdlen = (uint16_t)len;
	if ((rr->rd = arena_memdup(st->a, st->scratch, (size_t)len)) == NULL)
		return RD_ENOMEM;
	return 0;
}

static int
parse_section(struct ust *st, struct wire_rd *r, uint16_t count,
    struct urr **out)
{
	size_t i;
	int ret;

	/* An RR takes at least 11 octets: no count beyond the message. */
	if (count > wire_rd_left(r) / 11)
		return PKT_RCODE_FORMERR;
	*out = arena_alloc(st->a, (size_t)count * sizeof(**out) + 1);
	if (*out == NULL)
		return RD_ENOMEM;
	for (i = 0; i < count; i++)
		if ((ret = parse_rr(st, r, &(*out)[i])) != 0)
			return ret;
	return 0;
}

static int
parse_msg(struct ust *st, const uint8_t *msg, size_t len)
{
	uint16_t prcount, upcount;
	struct wire_rd r;
	int ret;

	if (len < PKT_HDRLEN)
		return PKT_RCODE_FORMERR;
	if ((ret = update_zone(msg, len, st->zname, &st->zclass)) != 0)
		return ret;
	if (PKT_OPCODE(wire_get_u16(msg + 2)) != PKT_OPCODE_UPDATE)
		return PKT_RCODE_FORMERR;
	prcount = wire_get_u16(msg + 6);
	upcount = wire_get_u16(msg + 8);
	wire_rd_init(&r, msg, len);
	wire_rd_skip(&r, PKT_HDRLEN);
	if (name_parse(&r, st->zname) < 0)
		return PKT_RCODE_FORMERR;
	wire_rd_skip(&r, 4);
	if ((ret = parse_section(st, &r, prcount, &st->pre)) != 0)
		return ret;
	st->npre = prcount;
	if ((ret = parse_section(st, &r, upcount, &st->upd)) != 0)
		return ret;
	st->nupd = upcount;
	return 0;
}

/*
 * Prerequisites (RFC 2136 §3.2), against the zone as it is.
 */
static int
name_in_use(const struct zone *z, const uint8_t *name)
{
	const struct znode *n = zone_get(z, name);

	return n != NULL && n->rrsets != NULL;
}

static int
rrset_exists(const struct zone *z, const uint8_t *name, uint16_t type)
{
	const struct znode *n = zone_get(z, name);

	return n != NULL && znode_rrset(n, type) != NULL;
}

/* Is rd among the zone's RRs of (name, type), and how many are there. */
static int
zone_rr_count(const struct zone *z, const uint8_t *name, uint16_t type,
    const uint8_t *rd, uint16_t rdlen, int *found)
{
	const struct znode *n = zone_get(z, name);
	const struct rrset *rs;
	const uint8_t *p;
	int count = 0;

	*found = 0;
	if (n == NULL)
		return 0;
	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type != type)
			continue;
		count += rs->count;
		RRSET_FOREACH(rs, p)
			if (rd != NULL && rdata_cmp(type, p + 2,
			    wire_get_u16(p), rd, rdlen) == 0)
				*found = 1;
	}
	return count;
}

static int
urr_cmp(const void *va, const void *vb)
{
	const struct urr *a = va, *b = vb;
	int c;

	if ((c = name_cmp(a->name, b->name)) != 0)
		return c;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return rdata_cmp(a->type, a->rd, a->rdlen, b->rd, b->rdlen);
}

/*
 * RFC 2136 §3.2.3: value-dependent prerequisites, gathered by (name,
 * type), must each match the zone's RRset exactly (TTL aside).
 */
static int
prereq_values(struct ust *st, struct urr *v, size_t n)
{
	size_t i, j, distinct;
	int found, total;

	qsort(v, n, sizeof(*v), urr_cmp);
	for (i = 0; i < n; i = j) {
		distinct = 0;
		for (j = i; j < n && name_equal(v[j].name, v[i].name) &&
		    v[j].type == v[i].type; j++) {
			if (j > i && urr_cmp(&v[j - 1], &v[j]) == 0)
				continue;
			distinct++;
			zone_rr_count(st->z, v[j].name, v[j].type, v[j].rd,
			    v[j].rdlen, &found);
			if (!found)
				return RC_NXRRSET;
		}
		total = zone_rr_count(st->z, v[i].name, v[i].type, NULL, 0,
		    &found);
		if ((size_t)total != distinct)
			return RC_NXRRSET;
	}
	return 0;
}

/* RFC 2136 §3.2.5, one prerequisite RR. */
static int
prereq_one(struct ust *st, const struct urr *rr, struct urr *temp,
    size_t *ntemp)
{
	if (rr->ttl != 0)
		return PKT_RCODE_FORMERR;
	if (!name_is_sub(rr->name, st->zname))
		return RC_NOTZONE;
	if (rr->rclass == RRCLASS_ANY || rr->rclass == RRCLASS_NONE) {
		if (rr->rdlen != 0 ||
		    (type_is_meta(rr->type) && rr->type != RRTYPE_ANY))
			return PKT_RCODE_FORMERR;
	}
	if (rr->rclass == RRCLASS_ANY) {
		/* §2.4.4 name is in use, §2.4.1 RRset exists. */
		if (rr->type == RRTYPE_ANY)
			return name_in_use(st->z, rr->name) ? 0 :
			    PKT_RCODE_NXDOMAIN;
		return rrset_exists(st->z, rr->name, rr->type) ? 0 :
		    RC_NXRRSET;
	}
	if (rr->rclass == RRCLASS_NONE) {
		/* §2.4.5 name is not in use, §2.4.3 RRset does not exist. */
		if (rr->type == RRTYPE_ANY)
			return name_in_use(st->z, rr->name) ?
			    PKT_RCODE_YXDOMAIN : 0;
		return rrset_exists(st->z, rr->name, rr->type) ?
		    RC_YXRRSET : 0;
	}
	if (rr->rclass == st->zclass && !type_is_meta(rr->type)) {
		/* §2.4.2: RRset exists (value dependent). */
		temp[(*ntemp)++] = *rr;
		return 0;
	}
	return PKT_RCODE_FORMERR;
}

static int
prereqs(struct ust *st)
{
	struct urr *temp;
	size_t i, ntemp = 0;
	int ret;

	temp = arena_alloc(st->a, st->npre * sizeof(*temp) + 1);
	if (temp == NULL)
		return RD_ENOMEM;
	for (i = 0; i < st->npre; i++)
		if ((ret = prereq_one(st, &st->pre[i], temp, &ntemp)) != 0)
			return ret;
	return prereq_values(st, temp, ntemp);
}

/* RFC 2136 §3.3 (permission, by the caller's policy) and §3.4.1.3. */
static int
prescan(struct ust *st)
{
	const struct urr *rr;
	size_t i;

	for (i = 0; i < st->nupd; i++) {
		rr = &st->upd[i];
		if (!name_is_sub(rr->name, st->zname))
			return RC_NOTZONE;
		if (rr->rclass == st->zclass) {
			if (type_is_meta(rr->type))
				return PKT_RCODE_FORMERR;
		} else if (rr->rclass == RRCLASS_ANY) {
			if (rr->ttl != 0 || rr->rdlen != 0 ||
			    (type_is_meta(rr->type) &&
			    rr->type != RRTYPE_ANY))
				return PKT_RCODE_FORMERR;
		} else if (rr->rclass == RRCLASS_NONE) {
			if (rr->ttl != 0 || type_is_meta(rr->type))
				return PKT_RCODE_FORMERR;
		} else
			return PKT_RCODE_FORMERR;
	}
	return 0;
}

static int
policy(struct ust *st)
{
	const struct urr *rr;
	size_t i;

	if (st->o == NULL || st->o->allow == NULL)
		return 0;
	for (i = 0; i < st->nupd; i++) {
		rr = &st->upd[i];
		if (!st->o->allow(st->o->allow_ctx, rr->name, rr->type,
		    rr->rclass))
			return PKT_RCODE_REFUSED;
	}
	return 0;
}

/*
 * The overlay. Its key is the owner's radix key, a 0x00 octet, the type
 * and the covered type (RRSIG), so one prefix walk of key+0x00 gives
 * every RRset the update touched at one name and no others: the labels
 * of a child's key start with an octet above 0x00.
 */
static size_t
ov_key(const uint8_t *owner, uint16_t type, uint16_t covered, uint8_t *key)
{
	size_t klen = radkey_from_name(owner, key);

	key[klen++] = 0;
	wire_put_u16(key + klen, type);
	wire_put_u16(key + klen + 2, covered);
	return klen + 4;
}

static uint16_t
covered_of(uint16_t type, const uint8_t *rd, uint16_t rdlen)
{
	return type == RRTYPE_RRSIG && rdlen >= 2 ? wire_get_u16(rd) : 0;
}

static struct ovset *
ov_find(struct ust *st, const uint8_t *owner, uint16_t type, uint16_t cov)
{
	uint8_t key[RADKEY_MAX + 5];

	return radix_get(st->ov, key, ov_key(owner, type, cov, key));
}

static struct ovrr *
ovrr_new(struct ust *st, const uint8_t *rd, uint16_t len, uint8_t orig)
{
	struct ovrr *r;

	if ((r = arena_alloc(st->a, sizeof(*r) + len)) == NULL)
		return NULL;
	r->next = NULL;
	r->orig = orig;
	r->live = 1;
	r->len = len;
	if (len > 0)
		memcpy(r->rd, rd, len);
	return r;
}

/* Copy the zone's RRset rs into s. */
static int
ov_fill(struct ust *st, struct ovset *s, const struct rrset *rs)
{
	struct ovrr **tail = &s->rrs;
	const uint8_t *p;

	s->had = 1;
	s->ttl = s->ttl_orig = rs->ttl;
	RRSET_FOREACH(rs, p) {
		if ((*tail = ovrr_new(st, p + 2, wire_get_u16(p), 1)) == NULL)
			return RD_ENOMEM;
		tail = &(*tail)->next;
		s->nlive++;
	}
	return 0;
}

/* The overlay RRset (owner, type, covered), loaded from the zone. */
static struct ovset *
ov_load(struct ust *st, const uint8_t *owner, uint16_t type, uint16_t cov)
{
	uint8_t key[RADKEY_MAX + 5];
	const struct rrset *rs;
	const struct znode *n;
	struct ovset *s;
	size_t klen;

	klen = ov_key(owner, type, cov, key);
	if ((s = radix_get(st->ov, key, klen)) != NULL)
		return s;
	if ((s = arena_alloc(st->a, sizeof(*s))) == NULL)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->owner = owner;
	s->type = type;
	if ((n = zone_get(st->z, owner)) != NULL) {
		s->owner = n->name;
		for (rs = n->rrsets; rs != NULL; rs = rs->next)
			if (rs->type == type && (type != RRTYPE_RRSIG ||
			    wire_get_u16(rs->data + 2) == cov))
				break;
		if (rs != NULL && ov_fill(st, s, rs) != 0)
			return NULL;
	}
	if (radix_insert(st->ov, key, klen, s) != 0)
		return NULL;
	return s;
}

static struct ovrr *
ov_member(const struct ovset *s, const uint8_t *rd, uint16_t len)
{
	struct ovrr *r;

	for (r = s->rrs; r != NULL; r = r->next)
		if (rdata_cmp(s->type, r->rd, r->len, rd, len) == 0)
			return r;
	return NULL;
}

static void
ov_kill_all(struct ovset *s)
{
	struct ovrr *r;

	for (r = s->rrs; r != NULL; r = r->next)
		r->live = 0;
	s->nlive = 0;
}

/* Visit every RRset at name, in the zone or in the overlay. */
struct visit {
	struct ust *st;
	int (*cb)(struct ust *st, const uint8_t *name, uint16_t type,
	    uint16_t cov, uint32_t nlive, void *ctx);
	void *ctx;
	const uint8_t *name;
};

static int
visit_new_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct visit *v = ctx;
	struct ovset *s = val;

	(void)key;
	(void)len;
	if (s->had)
		return 0;
	return v->cb(v->st, v->name, s->type,
	    s->rrs ? covered_of(s->type, s->rrs->rd, s->rrs->len) : 0,
	    s->nlive, v->ctx);
}

static int
visit_name(struct ust *st, const uint8_t *name, struct visit *v)
{
	uint8_t key[RADKEY_MAX + 1];
	const struct rrset *rs;
	const struct znode *n;
	struct ovset *s;
	uint16_t cov;
	size_t klen;
	int ret;

	v->st = st;
	v->name = name;
	if ((n = zone_get(st->z, name)) != NULL) {
		for (rs = n->rrsets; rs != NULL; rs = rs->next) {
			cov = covered_of(rs->type, rs->data + 2,
			    wire_get_u16(rs->data));
			s = ov_find(st, name, rs->type, cov);
			ret = v->cb(st, name, rs->type, cov,
			    s != NULL ? s->nlive : rs->count, v->ctx);
			if (ret != 0)
				return ret;
		}
	}
	klen = radkey_from_name(name, key);
	key[klen++] = 0;
	return radix_walk_prefix(st->ov, key, klen, visit_new_cb, v);
}

/* Which RRsets a name holds, for the CNAME rules. */
#define HAS_CNAME 1
#define HAS_OTHER 2

static int
has_cb(struct ust *st, const uint8_t *name, uint16_t type, uint16_t cov,
    uint32_t nlive, void *ctx)
{
	int *has = ctx;

	(void)st;
	(void)name;
	(void)cov;
	if (nlive == 0)
		return 0;
	if (type == RRTYPE_CNAME)
		*has |= HAS_CNAME;
	else if (!(rrtype_get(type)->flags & RRT_CNAMEOK))
		*has |= HAS_OTHER;
	return 0;
}

static int
name_has(struct ust *st, const uint8_t *name)
{
	struct visit v;
	int has = 0;

	v.cb = has_cb;
	v.ctx = &has;
	visit_name(st, name, &v);
	return has;
}

/* Delete the RRsets at name of type (RRTYPE_ANY: all), not SOA. */
struct delctx {
	uint16_t type;
	int apex;
};

static int
del_cb(struct ust *st, const uint8_t *name, uint16_t type, uint16_t cov,
    uint32_t nlive, void *ctx)
{
	struct delctx *dc = ctx;
	struct ovset *s;

	if (nlive == 0 || type == RRTYPE_SOA ||
	    (dc->type != RRTYPE_ANY && type != dc->type))
		return 0;
	/* RFC 2136 §3.4.2.3: at the apex, SOA and NS stay. */
	if (dc->apex && type == RRTYPE_NS)
		return 0;
	if ((s = ov_load(st, name, type, cov)) == NULL)
		return RD_ENOMEM;
	ov_kill_all(s);
	return 0;
}

static int
del_rrsets(struct ust *st, const struct urr *rr)
{
	struct delctx dc;
	struct visit v;

	dc.type = rr->type;
	dc.apex = name_equal(rr->name, st->zname);
	if (dc.apex && (rr->type == RRTYPE_SOA || rr->type == RRTYPE_NS)) {
		ulog(st, rr, "the apex SOA and NS RRsets are never deleted");
		return 0;
	}
	v.cb = del_cb;
	v.ctx = &dc;
	return visit_name(st, rr->name, &v);
}

static int
del_rr(struct ust *st, const struct urr *rr)
{
	struct ovset *s;
	struct ovrr *r;

	if (rr->type == RRTYPE_SOA) {
		ulog(st, rr, "the SOA is never deleted (RFC 2136 §3.4.2.4)");
		return 0;
	}
	s = ov_load(st, rr->name, rr->type,
	    covered_of(rr->type, rr->rd, rr->rdlen));
	if (s == NULL)
		return RD_ENOMEM;
	if ((r = ov_member(s, rr->rd, rr->rdlen)) == NULL || !r->live)
		return 0;
	/* RFC 2136 §3.4.2.4: the last NS of the apex stays. */
	if (rr->type == RRTYPE_NS && s->nlive == 1 &&
	    name_equal(rr->name, st->zname)) {
		ulog(st, rr, "the last NS of the apex is never deleted");
		return 0;
	}
	r->live = 0;
	s->nlive--;
	return 0;
}

static int
add_soa(struct ust *st, const struct urr *rr)
{
	/* RFC 2136 §3.4.2.2: only a higher serial (RFC 1982) replaces it. */
	if (!name_equal(rr->name, st->zname)) {
		ulog(st, rr, "an SOA belongs at the apex only");
		return 0;
	}
	if (rr->rdlen > DIFF_SOA_MAX ||
	    !diff_serial_gt(soa_serial(rr->rd), soa_serial(st->soa))) {
		ulog(st, rr, "the SOA serial is not higher");
		return 0;
	}
	memcpy(st->soa, rr->rd, rr->rdlen);
	st->soa_len = rr->rdlen;
	st->soa_ttl = rr->ttl;
	st->soa_set = 1;
	return 0;
}

static int
add_rr(struct ust *st, const struct urr *rr)
{
	const struct rrtype_desc *t = rrtype_get(rr->type);
	struct ovset *s;
	struct ovrr *r, **tail;
	int has;

	if (rr->type == RRTYPE_SOA)
		return add_soa(st, rr);
	has = name_has(st, rr->name);
	/* RFC 2136 §3.4.2.2 and RFC 2181 §10.1, as BIND does. */
	if (rr->type == RRTYPE_CNAME && (has & HAS_OTHER)) {
		ulog(st, rr, "a CNAME cannot join other data");
		return 0;
	}
	if (rr->type != RRTYPE_CNAME && !(t->flags & RRT_CNAMEOK) &&
	    (has & HAS_CNAME)) {
		ulog(st, rr, "other data cannot join a CNAME");
		return 0;
	}
	s = ov_load(st, rr->name, rr->type,
	    covered_of(rr->type, rr->rd, rr->rdlen));
	if (s == NULL)
		return RD_ENOMEM;
	/* A single-RR type (CNAME, DNAME) is replaced. */
	if ((t->flags & RRT_SINGLE) && s->nlive > 0 &&
	    !((r = ov_member(s, rr->rd, rr->rdlen)) != NULL && r->live))
		ov_kill_all(s);
	/* RFC 2181 §5.2: the RRset takes the TTL of the RR added. */
	s->ttl = rr->ttl;
	if ((r = ov_member(s, rr->rd, rr->rdlen)) != NULL) {
		if (!r->live) {
			r->live = 1;
			s->nlive++;
		}
		return 0;
	}
	/* The zone holds at most 65535 RRs per RRset (zone.h). */
	if (s->nlive >= UINT16_MAX)
		return RD_ELIMIT;
	if ((r = ovrr_new(st, rr->rd, rr->rdlen, 0)) == NULL)
		return RD_ENOMEM;
	for (tail = &s->rrs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = r;
	s->nlive++;
	return 0;
}

/* RFC 2136 §3.4.2: the updates in order. */
static int
apply_updates(struct ust *st)
{
	const struct urr *rr;
	size_t i;
	int ret;

	for (i = 0; i < st->nupd; i++) {
		rr = &st->upd[i];
		if (rr->rclass == st->zclass)
			ret = add_rr(st, rr);
		else if (rr->rclass == RRCLASS_ANY)
			ret = del_rrsets(st, rr);
		else
			ret = del_rr(st, rr);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* One overlay RRset into the diff. */
static int
emit_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct ovset *s = val;
	struct diff *d = ctx;
	struct ovrr *r;
	int whole, ret = 0;

	(void)key;
	(void)len;
	whole = s->had && s->nlive > 0 && s->ttl != s->ttl_orig;
	for (r = s->rrs; r != NULL && ret == 0; r = r->next)
		if (r->orig && (whole || !r->live))
			ret = diff_remove(d, s->owner, s->type, s->ttl_orig,
			    r->rd, r->len);
	for (r = s->rrs; r != NULL && ret == 0; r = r->next)
		if (r->live && (whole || !r->orig))
			ret = diff_add(d, s->owner, s->type, s->ttl, r->rd,
			    r->len);
	return ret;
}

uint32_t
update_next_serial(uint32_t cur, enum update_serial policy, time_t now)
{
	struct tm tm;
	uint32_t v;

	if (now == 0)
		now = time(NULL);
	switch (policy) {
	case UPDATE_SERIAL_UNIXTIME:
		v = (uint32_t)now;
		break;
	case UPDATE_SERIAL_DATESERIAL:
		if (gmtime_r(&now, &tm) == NULL)
			v = cur;
		else
			v = ((uint32_t)(tm.tm_year + 1900) * 10000 +
			    (uint32_t)(tm.tm_mon + 1) * 100 +
			    (uint32_t)tm.tm_mday) * 100;
		break;
	default:
		v = cur + 1;
		break;
	}
	/* RFC 1982 §3.1: adding 1 always gives a greater serial. */
	if (!diff_serial_gt(v, cur))
		v = cur + 1;
	if (v == 0)
		v = 1;
	return v;
}

static int
make_diff(struct ust *st, const struct rrset *soa, struct diff *out)
{
	uint8_t to[DIFF_SOA_MAX];
	int ret;

	if ((ret = radix_walk(st->ov, emit_cb, out)) != 0)
		return ret < 0 ? ret : RD_ENOMEM;
	if (out->nremoved == 0 && out->nadded == 0 && !st->soa_set)
		return 0;
	memcpy(to, st->soa, st->soa_len);
	if (!st->soa_set)
		soa_set_serial(to, update_next_serial(soa_serial(st->soa),
		    st->o ? st->o->serial_policy : UPDATE_SERIAL_INCREMENT,
		    st->o ? st->o->now : 0));
	return diff_set_soa(out, st->z->origin, soa->ttl, soa->data + 2,
	    wire_get_u16(soa->data), st->soa_ttl, to, st->soa_len);
}

static int
process(struct ust *st, const uint8_t *msg, size_t len, struct diff *out)
{
	const struct rrset *soa;
	int ret;

	if ((ret = parse_msg(st, msg, len)) != 0)
		return ret;
	/* RFC 2136 §3.1.2: a zone we are not authoritative for. */
	if (!name_equal(st->zname, st->z->origin) ||
	    st->zclass != st->z->rclass)
		return PKT_RCODE_NOTAUTH;
	if ((soa = znode_rrset(st->z->apex, RRTYPE_SOA)) == NULL ||
	    wire_get_u16(soa->data) > DIFF_SOA_MAX)
		return PKT_RCODE_SERVFAIL;
	st->soa_len = wire_get_u16(soa->data);
	memcpy(st->soa, soa->data + 2, st->soa_len);
	st->soa_ttl = soa->ttl;
	if ((ret = prereqs(st)) != 0 || (ret = prescan(st)) != 0 ||
	    (ret = policy(st)) != 0 || (ret = apply_updates(st)) != 0)
		return ret;
	return make_diff(st, soa, out);
}

int
update_process(const struct zone *z, const uint8_t *msg, size_t len,
    const struct update_opts *o, struct diff *out)
{
	struct ust st;
	int ret;

	diff_reset(out);
	memset(&st, 0, sizeof(st));
	st.z = z;
	st.o = o;
	st.a = arena_new(0);
	st.ov = radix_new();
	st.scratch = malloc(RDATA_MAXLEN);
	if (st.a == NULL || st.ov == NULL || st.scratch == NULL)
		ret = RD_ENOMEM;
	else
		ret = process(&st, msg, len, out);
	if (ret != 0)
		diff_reset(out);
	free(st.scratch);
	if (st.ov != NULL)
		radix_free(st.ov, NULL, NULL);
	arena_free(st.a);
	return ret;
}

int
update_reply(const uint8_t *msg, size_t len, int rcode, uint8_t *out,
    size_t max)
{
	uint8_t zname[NAME_MAXLEN];
	uint16_t zclass, flags;
	struct wire_wr w;
	int zone;

	if (len < PKT_HDRLEN)
		return RD_EMALFORMED;
	zone = update_zone(msg, len, zname, &zclass) == 0;
	flags = (uint16_t)(PKT_QR | (PKT_OPCODE_UPDATE << 11) |
	    (rcode & 0xf));
	wire_wr_init(&w, out, max);
	wire_wr_bytes(&w, msg, 2);
	wire_wr_u16(&w, flags);
	/* RFC 2136 §3.8: the zone section is echoed. */
	wire_wr_u16(&w, zone ? 1 : 0);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, 0);
	if (zone) {
		wire_wr_bytes(&w, zname, name_len(zname));
		wire_wr_u16(&w, RRTYPE_SOA);
		wire_wr_u16(&w, zclass);
	}
	if (w.err)
		return RD_ESPACE;
	return (int)wire_wr_offset(&w);
}
