/*
 * zone: one zone in memory, a radix tree of nodes keyed by radkey.
 *
 * Memory is the main cost of a large zone, so nodes and RRsets are not
 * allocated one by one with malloc: a per-zone pool hands out blocks from
 * large chunks, rounded to 8 octets, and keeps freed blocks on one free
 * list per size so that RRsets that grow (by doubling) and RRs that
 * dynamic updates remove reuse the space. Blocks over ZP_MAXBLOCK come
 * from malloc. A node costs its 23-octet header plus its owner name; an
 * RRset its 24-octet header plus {len, rdata} entries; both are rounded up
 * to 8 octets. Chunks double from ZP_CHUNK_MIN up to BIGMEM_SIZE, and
 * from then on are huge-page mappings (dns/bigmem.h): a small zone holds
 * little memory, a large one is read through few TLB entries.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/bigmem.h"
#include "dns/dnssec.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"

#define ZP_CHUNK_MIN (64 * 1024)
#define ZP_MAXBLOCK 1024
#define ZP_CLASSES (ZP_MAXBLOCK / 8 + 1)

struct zchunk {
	struct zchunk *next;
	size_t size;
};

/* Header of a block over ZP_MAXBLOCK: such blocks are listed for zone_free. */
struct zbig {
	struct zbig *prev;
	struct zbig *next;
};

struct zpool {
	uint8_t *cur; /* next free octet of the current chunk */
	uint8_t *end;
	struct zchunk *chunks;
	struct zbig *big;	 /* blocks from malloc */
	void *freel[ZP_CLASSES]; /* freed blocks by size / 8 */
	size_t held;		 /* octets taken from the system */
	size_t next;		 /* size of the next chunk */
};

#define ZN_HDR offsetof(struct znode, name)
#define RS_HDR offsetof(struct rrset, data)

static size_t
zp_round(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void *
zp_alloc(struct zpool *p, size_t n)
{
	struct zchunk *c;
	struct zbig *h;
	void *b;
	size_t csize;

	n = zp_round(n);
	if (n > ZP_MAXBLOCK) {
		if ((h = malloc(sizeof(*h) + n)) == NULL)
			return NULL;
		h->prev = NULL;
		if ((h->next = p->big) != NULL)
			h->next->prev = h;
		p->big = h;
		p->held += sizeof(*h) + n;
		return h + 1;
	}
	if ((b = p->freel[n / 8]) != NULL) {
		p->freel[n / 8] = *(void **)b;
		return b;
	}
	if ((size_t)(p->end - p->cur) < n) {
		csize = p->next < ZP_CHUNK_MIN ? ZP_CHUNK_MIN : p->next;
		c = csize >= BIGMEM_SIZE ? bigmem_alloc(csize) : malloc(csize);
		if (c == NULL)
			return NULL;
		p->next = csize >= BIGMEM_SIZE ? BIGMEM_SIZE : csize * 2;
		c->next = p->chunks;
		c->size = csize;
		p->chunks = c;
		p->held += csize;
		p->cur = (uint8_t *)c + zp_round(sizeof(*c));
		p->end = (uint8_t *)c + csize;
	}
	b = p->cur;
	p->cur += n;
	return b;
}

static void
zp_free(struct zpool *p, void *b, size_t n)
{
	struct zbig *h;

	if (b == NULL)
		return;
	n = zp_round(n);
	if (n > ZP_MAXBLOCK) {
		h = (struct zbig *)b - 1;
		if (h->prev != NULL)
			h->prev->next = h->next;
		else
			p->big = h->next;
		if (h->next != NULL)
			h->next->prev = h->prev;
		p->held -= sizeof(*h) + n;
		free(h);
		return;
	}
	*(void **)b = p->freel[n / 8];
	p->freel[n / 8] = b;
}

static size_t
rrset_bytes(const struct rrset *rs)
{
	return RS_HDR + rs->cap;
}

static size_t
znode_bytes(const struct znode *n)
{
	return ZN_HDR + n->namelen;
}

/*
 * The exact-match index: an open-addressing hash table (linear probing)
 * from the hash of a node's radix key to the node, beside the tree. Most
 * queries name a node that exists, and the index finds it with one or two
 * cache misses where the tree descends through several nodes; names that
 * are absent still go to the tree, which gives the closest encloser. It is
 * built only for zones that are served (zone_index(), called by zonedb), so
 * a zone that is only loaded and checked does not pay for its memory.
 *
 * A slot holds the node's address with the top 16 bits of the hash in the
 * address's unused top 16 bits, so a probe seldom reads a node that is not
 * the one sought; 0 is an empty slot. The load stays at most one half, and
 * a deletion moves later entries of the cluster back (Knuth, TAOCP 6.4,
 * Algorithm R), so there are no tombstones. When memory runs out, or an
 * address needs the top bits, the index is dropped and lookups use the
 * tree alone: the index only ever makes a lookup faster.
 */
struct zindex {
	size_t mask;		/* slots - 1, slots a power of two */
	size_t count;
	uint64_t slot[];
};

#define ZI_TAGSHIFT 48
#define ZI_PTRMASK (((uint64_t)1 << ZI_TAGSHIFT) - 1)
#define ZI_MIN 64

/* A node's index hash: that of its name (name_hash(), any letter case). */
static uint64_t
zi_hash_node(const struct znode *n)
{
	return name_hash(n->name);
}

static inline struct znode *
zi_node(uint64_t e)
{
	return (struct znode *)(uintptr_t)(e & ZI_PTRMASK);
}

/* Put n, whose hash is h, in an index with room for it. */
static void
zi_put(struct zindex *x, const struct znode *n, uint64_t h)
{
	size_t i;

	for (i = h & x->mask; x->slot[i] != 0; i = (i + 1) & x->mask)
		;
	x->slot[i] = (h >> ZI_TAGSHIFT << ZI_TAGSHIFT) | (uintptr_t)n;
	x->count++;
}

/* Octets of an index of slots slots; from BIGMEM_SIZE up, whole huge pages. */
static size_t
zi_bytes(size_t slots)
{
	size_t n = sizeof(struct zindex) + slots * sizeof(uint64_t);

	return n >= BIGMEM_SIZE ? (n + BIGMEM_SIZE - 1) & ~(BIGMEM_SIZE - 1) : n;
}

static struct zindex *
zi_alloc(size_t slots)
{
	struct zindex *x;
	size_t n = zi_bytes(slots);

	/* A large index is probed once per query: huge pages (bigmem.h). */
	x = n >= BIGMEM_SIZE ? bigmem_alloc(n) : calloc(1, n);
	if (x != NULL)
		x->mask = slots - 1;
	return x;
}

static void
zi_free(struct zindex *x)
{
	size_t n;

	if (x == NULL)
		return;
	n = zi_bytes(x->mask + 1);
	if (n >= BIGMEM_SIZE)
		bigmem_free(x, n);
	else
		free(x);
}

static void
zi_drop(struct zone *z)
{
	zi_free(z->index);
	z->index = NULL;
}

/* Add node n to z's index, doubling it when it would be over half full. */
static void
zi_add(struct zone *z, const struct znode *n)
{
	struct zindex *x = z->index, *nx;
	size_t i;

	if (x == NULL)
		return;
	if (((uintptr_t)n & ~(uintptr_t)ZI_PTRMASK) != 0) {
		zi_drop(z);
		return;
	}
	if ((x->count + 1) * 2 > x->mask + 1) {
		if ((nx = zi_alloc((x->mask + 1) * 2)) == NULL) {
			zi_drop(z);
			return;
		}
		for (i = 0; i <= x->mask; i++)
			if (x->slot[i] != 0)
				zi_put(nx, zi_node(x->slot[i]),
				    zi_hash_node(zi_node(x->slot[i])));
		zi_free(x);
		z->index = x = nx;
	}
	zi_put(x, n, zi_hash_node(n));
}

/* Remove node n from z's index: Algorithm R closes the gap it leaves. */
static void
zi_del(struct zone *z, const struct znode *n)
{
	struct zindex *x = z->index;
	size_t i, j, home;

	if (x == NULL)
		return;
	for (i = zi_hash_node(n) & x->mask; x->slot[i] != 0;
	    i = (i + 1) & x->mask)
		if (zi_node(x->slot[i]) == n)
			break;
	if (x->slot[i] == 0)
		return;
	x->slot[i] = 0;
	x->count--;
	for (j = (i + 1) & x->mask; x->slot[j] != 0; j = (j + 1) & x->mask) {
		home = zi_hash_node(zi_node(x->slot[j])) & x->mask;
		/* Move the entry at j back unless its home lies in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		x->slot[i] = x->slot[j];
		x->slot[j] = 0;
		i = j;
	}
}

/*
 * The node named name (any case), of name_len() namelen and name_hash() h,
 * from the index; NULL when absent. z must have an index.
 */
static struct znode *
zi_get_hash(const struct zone *z, const uint8_t *name, size_t namelen,
    uint64_t h)
{
	const struct zindex *x = z->index;
	struct znode *n;
	uint64_t tag = h >> ZI_TAGSHIFT, e;
	size_t i;

	for (i = h & x->mask; (e = x->slot[i]) != 0; i = (i + 1) & x->mask) {
		if (e >> ZI_TAGSHIFT != tag)
			continue;
		n = zi_node(e);
		if (n->namelen == namelen &&
		    name_same(n->name, name, namelen))
			return n;
	}
	return NULL;
}

struct znode *
zone_get_hash(const struct zone *z, const uint8_t *owner, uint64_t hash)
{
	if (z->index == NULL)
		return zone_get(z, owner);
	return zi_get_hash(z, owner, name_len(owner), hash);
}

static int
zi_build_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct zindex *x = ctx;

	if (((uintptr_t)val & ~(uintptr_t)ZI_PTRMASK) != 0)
		return RD_ERANGE;
	zi_put(x, val, zi_hash_node(val));
	return 0;
}

int
zone_index(struct zone *z)
{
	struct zindex *x;
	size_t slots = ZI_MIN;

	if (z->index != NULL)
		return 0;
	while (slots < z->nnodes * 2 + 2)
		slots *= 2;
	if ((x = zi_alloc(slots)) == NULL)
		return RD_ENOMEM;
	if (radix_walk(z->nodes, zi_build_cb, x) != 0) {
		zi_free(x);
		return RD_ERANGE;
	}
	z->index = x;
	return 0;
}

struct zone *
zone_new(const uint8_t *origin, uint16_t rclass)
{
	struct zone *z;
	struct znode *apex;
	uint8_t key[RADKEY_MAX];
	size_t olen, klen;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	olen = name_len(origin);
	memcpy(z->origin, origin, olen);
	z->rclass = rclass;
	if ((z->pool = calloc(1, sizeof(*z->pool))) == NULL ||
	    (z->nodes = radix_new()) == NULL)
		goto fail;
	if ((apex = zp_alloc(z->pool, ZN_HDR + olen)) == NULL)
		goto fail;
	memset(apex, 0, ZN_HDR);
	apex->namelen = (uint8_t)olen;
	memcpy(apex->name, origin, olen);
	apex->flags = ZN_APEX;
	klen = radkey_from_name(origin, key);
	if (radix_insert(z->nodes, key, klen, apex) != 0)
		goto fail;
	z->apex = apex;
	z->nnodes = 1;
	return z;
fail:
	zone_free(z);
	return NULL;
}

void
zone_free(struct zone *z)
{
	struct zchunk *c, *next;
	struct zbig *h, *hnext;

	if (z == NULL)
		return;
	dnssec_free(z);
	zi_free(z->index);
	if (z->nodes != NULL)
		radix_free(z->nodes, NULL, NULL);
	if (z->pool != NULL) {
		for (c = z->pool->chunks; c != NULL; c = next) {
			next = c->next;
			if (c->size >= BIGMEM_SIZE)
				bigmem_free(c, c->size);
			else
				free(c);
		}
		for (h = z->pool->big; h != NULL; h = hnext) {
			hnext = h->next;
			free(h);
		}
		free(z->pool);
	}
	free(z);
}

struct znode *
zone_get(const struct zone *z, const uint8_t *owner)
{
	uint8_t key[RADKEY_MAX];
	size_t len;

	/* The index, when there is one, holds every node. */
	if (z->index != NULL) {
		len = name_len(owner);
		return zi_get_hash(z, owner, len, name_hash_len(owner, len));
	}
	return radix_get(z->nodes, key, radkey_from_name(owner, key));
}

/*
 * Length of the key of the parent of a name whose key is key[0..klen): a
 * key is the labels from the root down, each ended by 0x00, so the parent's
 * key is this one without its last label.
 */
static size_t
key_parent_len(const uint8_t *key, size_t klen)
{
	size_t i;

	if (klen == 0)
		return 0;
	for (i = klen - 1; i > 0; i--)
		if (key[i - 1] == 0x00)
			return i;
	return 0;
}

static struct znode *
node_make(struct zone *z, const uint8_t *name)
{
	struct znode *n;
	size_t len;

	len = name_len(name);
	if ((n = zp_alloc(z->pool, ZN_HDR + len)) == NULL)
		return NULL;
	memset(n, 0, ZN_HDR);
	n->namelen = (uint8_t)len;
	memcpy(n->name, name, len);
	z->nnodes++;
	zi_add(z, n);
	return n;
}

/*
 * Create the node for owner, whose key is key[0..klen) and whose slot in
 * the tree is empty, and its missing ancestors: empty non-terminals (RFC
 * 4592 §2.2.2) up to the first node that exists, the apex at worst.
 */
static struct znode *
node_create(struct zone *z, const uint8_t *owner, uint8_t *key, size_t klen,
    void **slot)
{
	struct znode *n, *child, *p;
	const uint8_t *name;
	size_t plen;

	if ((n = node_make(z, owner)) == NULL) {
		radix_delete(z->nodes, key, klen);
		return NULL;
	}
	*slot = n;
	child = n;
	name = owner;
	plen = klen;
	for (;;) {
		name = name_parent(name);
		plen = key_parent_len(key, plen);
		if ((slot = radix_slot(z->nodes, key, plen)) == NULL)
			return NULL;
		if ((p = *slot) != NULL) {
			child->parent = p;
			p->nchildren++;
			return n;
		}
		if ((p = node_make(z, name)) == NULL) {
			radix_delete(z->nodes, key, plen);
			return NULL;
		}
		*slot = p;
		child->parent = p;
		p->nchildren = 1;
		child = p;
	}
}

struct znode *
zone_node(struct zone *z, const uint8_t *owner, int create)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;
	void **slot;

	if (!name_is_sub(owner, z->origin))
		return NULL;
	klen = radkey_from_name(owner, key);
	if (!create)
		return radix_get(z->nodes, key, klen);
	if ((slot = radix_slot(z->nodes, key, klen)) == NULL)
		return NULL;
	if (*slot != NULL)
		return *slot;
	return node_create(z, owner, key, klen, slot);
}

const struct rrset *
znode_rrset(const struct znode *n, uint16_t type)
{
	const struct rrset *rs;

	for (rs = n->rrsets; rs != NULL && rs->type <= type; rs = rs->next)
		if (rs->type == type)
			return rs;
	return NULL;
}

/*
 * RRSIGs are kept as one RRset per type covered: RFC 4034 §3 gives each
 * the TTL of the RRset it covers, so RRSIGs at one name may differ in TTL
 * and RFC 2181 §5.2 applies to each covered type on its own. The sort key
 * of an RRset is its type, then for RRSIG the type covered (the first two
 * octets of each of its rdatas).
 */
static uint32_t
rd_key(uint16_t type, const uint8_t *rd, uint16_t rdlen)
{
	uint32_t k = (uint32_t)type << 16;

	if (type == RRTYPE_RRSIG && rdlen >= 2)
		k |= wire_get_u16(rd);
	return k;
}

static uint32_t
rs_key(const struct rrset *rs)
{
	return rd_key(rs->type, rs->data + 2, wire_get_u16(rs->data));
}

/* The link in n's list where the RRset with this sort key is or goes. */
static struct rrset **
rrset_link(struct znode *n, uint32_t key)
{
	struct rrset **pp;

	for (pp = &n->rrsets; *pp != NULL && rs_key(*pp) < key;
	     pp = &(*pp)->next)
		;
	return pp;
}

const struct rrset *
znode_rrsig(const struct znode *n, uint16_t covered)
{
	const struct rrset *rs;

	for (rs = znode_rrset(n, RRTYPE_RRSIG);
	     rs != NULL && rs->type == RRTYPE_RRSIG; rs = rs->next)
		if (wire_get_u16(rs->data + 2) == covered)
			return rs;
	return NULL;
}

/* New RRset holding one RR, linked into n's list by ascending type. */
static int
rrset_create(struct zone *z, struct znode *n, uint16_t type, uint32_t ttl,
    const uint8_t *rd, uint16_t rdlen)
{
	struct rrset *rs, **pp;
	uint32_t cap;

	cap = 2 + (uint32_t)rdlen;
	if ((rs = zp_alloc(z->pool, RS_HDR + cap)) == NULL)
		return RD_ENOMEM;
	rs->type = type;
	rs->count = 1;
	rs->ttl = ttl;
	rs->size = cap;
	/* What rounding to 8 octets gives costs nothing: use it. */
	rs->cap = (uint32_t)(zp_round(RS_HDR + cap) - RS_HDR);
	wire_put_u16(rs->data, rdlen);
	if (rdlen > 0)
		memcpy(rs->data + 2, rd, rdlen);
	pp = rrset_link(n, rd_key(type, rd, rdlen));
	rs->next = *pp;
	*pp = rs;
	z->nrecords++;
	return 0;
}

/*
 * Where an RR goes in rs: the offset of the first entry that sorts after
 * it in canonical order (RFC 4034 §6.3), or -1 when an entry has the same
 * canonical form (a duplicate). Records usually arrive in order, so the
 * last entry is tried first.
 */
static long
rrset_pos(const struct rrset *rs, const uint8_t *rd, uint16_t rdlen)
{
	const uint8_t *p, *last = NULL;
	uint16_t len;
	int c;

	RRSET_FOREACH(rs, p)
	last = p;
	c = rdata_cmp(rs->type, last + 2, wire_get_u16(last), rd, rdlen);
	if (c < 0)
		return (long)rs->size;
	if (c == 0)
		return -1;
	RRSET_FOREACH(rs, p)
	{
		len = wire_get_u16(p);
		c = rdata_cmp(rs->type, p + 2, len, rd, rdlen);
		if (c == 0)
			return -1;
		if (c > 0)
			return (long)(p - rs->data);
	}
	return (long)rs->size;
}

/* Grow the RRset at *pp (a link in its node's list) to hold need octets. */
static int
rrset_grow(struct zone *z, struct rrset **pp, uint32_t need)
{
	struct rrset *rs = *pp, *nrs;
	uint64_t ncap;

	ncap = (uint64_t)rs->cap * 2;
	if (ncap < need)
		ncap = need;
	ncap = zp_round(RS_HDR + ncap) - RS_HDR;
	if (ncap > UINT32_MAX)
		return RD_ENOMEM;
	if ((nrs = zp_alloc(z->pool, RS_HDR + (size_t)ncap)) == NULL)
		return RD_ENOMEM;
	memcpy(nrs, rs, RS_HDR + rs->size);
	nrs->cap = (uint32_t)ncap;
	*pp = nrs;
	zp_free(z->pool, rs, rrset_bytes(rs));
	return 0;
}

int
znode_add_rr(struct zone *z, struct znode *n, uint16_t type, uint32_t ttl,
    const uint8_t *rd, uint16_t rdlen, uint32_t *oldttl)
{
	struct rrset **pp, *rs;
	uint32_t need, key;
	long pos;
	int ret;

	key = rd_key(type, rd, rdlen);
	pp = rrset_link(n, key);
	if (*pp == NULL || rs_key(*pp) != key)
		return rrset_create(z, n, type, ttl, rd, rdlen);
	if ((pos = rrset_pos(*pp, rd, rdlen)) < 0)
		return 1;
	if ((*pp)->count == UINT16_MAX)
		return RD_ELIMIT;
	need = (*pp)->size + 2 + rdlen;
	if (need > (*pp)->cap && (ret = rrset_grow(z, pp, need)) != 0)
		return ret;
	rs = *pp;
	memmove(
	    rs->data + pos + 2 + rdlen, rs->data + pos, rs->size - (size_t)pos);
	wire_put_u16(rs->data + pos, rdlen);
	if (rdlen > 0)
		memcpy(rs->data + pos + 2, rd, rdlen);
	rs->size = need;
	rs->count++;
	z->nrecords++;
	/* RFC 2181 §5.2: the RRs of an RRset have one TTL; the first wins. */
	if (rs->ttl != ttl) {
		if (oldttl != NULL)
			*oldttl = rs->ttl;
		return 2;
	}
	return 0;
}

int
zone_add_rr(struct zone *z, const uint8_t *owner, uint16_t type, uint32_t ttl,
    const uint8_t *rd, uint16_t rdlen, uint32_t *oldttl)
{
	struct znode *n;

	if (!name_is_sub(owner, z->origin))
		return RD_EINVAL;
	if ((n = zone_node(z, owner, 1)) == NULL)
		return RD_ENOMEM;
	return znode_add_rr(z, n, type, ttl, rd, rdlen, oldttl);
}

/*
 * Remove n and then each ancestor left without RRsets and children; the
 * apex stays. key[0..klen) is n's key.
 */
static void
node_prune(struct zone *z, struct znode *n, uint8_t *key, size_t klen)
{
	struct znode *p;

	while (n != z->apex && n->rrsets == NULL && n->nchildren == 0) {
		p = n->parent;
		radix_delete(z->nodes, key, klen);
		zi_del(z, n);
		zp_free(z->pool, n, znode_bytes(n));
		z->nnodes--;
		p->nchildren--;
		n = p;
		klen = key_parent_len(key, klen);
	}
}

int
zone_del_rr(struct zone *z, const uint8_t *owner, uint16_t type,
    const uint8_t *rd, uint16_t rdlen)
{
	uint8_t key[RADKEY_MAX];
	struct rrset **pp, *rs;
	struct znode *n;
	uint8_t *p;
	uint16_t len;
	size_t klen, elen;

	if (!name_is_sub(owner, z->origin))
		return RD_ENOTFOUND;
	klen = radkey_from_name(owner, key);
	if ((n = radix_get(z->nodes, key, klen)) == NULL)
		return RD_ENOTFOUND;
	pp = rrset_link(n, rd_key(type, rd, rdlen));
	if ((rs = *pp) == NULL || rs_key(rs) != rd_key(type, rd, rdlen))
		return RD_ENOTFOUND;
	RRSET_FOREACH(rs, p)
	{
		len = wire_get_u16(p);
		if (rdata_cmp(type, p + 2, len, rd, rdlen) != 0)
			continue;
		elen = 2 + (size_t)len;
		memmove(p, p + elen, rs->size - (size_t)(p - rs->data) - elen);
		rs->size -= (uint32_t)elen;
		rs->count--;
		z->nrecords--;
		if (rs->count == 0) {
			*pp = rs->next;
			zp_free(z->pool, rs, rrset_bytes(rs));
			node_prune(z, n, key, klen);
		}
		return 0;
	}
	return RD_ENOTFOUND;
}

/* The serial of an SOA rdata: after MNAME and RNAME (RFC 1035 §3.3.13). */
static int
soa_serial(const struct rrset *rs, uint32_t *serial)
{
	const uint8_t *rd = rs->data + 2;
	size_t len = wire_get_u16(rs->data), off;
	int l;

	if ((l = name_check(rd, len)) < 0)
		return RD_EMALFORMED;
	off = (size_t)l;
	if ((l = name_check(rd + off, len - off)) < 0)
		return RD_EMALFORMED;
	off += (size_t)l;
	if (len - off < 20)
		return RD_EMALFORMED;
	*serial = wire_get_u32(rd + off);
	return 0;
}

/*
 * Flags of one node from its RRsets and its parent's flags. Parents come
 * before their children in canonical order, so one walk sets them all.
 */
struct fin_ctx {
	struct zone *z;
	int (*cb)(const struct znode *n, void *ctx);
	void *ctx;
};

static int
finalize_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct fin_ctx *fc = ctx;
	struct zone *z = fc->z;
	struct znode *n = val, *p = n->parent;
	const struct rrset *rs;
	uint16_t f = 0;

	if (n == z->apex)
		f |= ZN_APEX;
	else if (p->flags & (ZN_OCCLUDED | ZN_DELEG | ZN_DNAME))
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
	n->flags = f;
	if (n->rrsets != NULL)
		z->nnames++;
	if (p != NULL && name_is_wildcard(n->name))
		p->flags |= ZN_WILDCHILD;
	dnssec_add_node(z, n);
	if (fc->cb != NULL)
		fc->cb(n, fc->ctx);
	return 0;
}

void
zone_finalize_walk(
    struct zone *z, int (*cb)(const struct znode *n, void *ctx), void *ctx)
{
	struct fin_ctx fc = {z, cb, ctx};
	const struct rrset *soa;

	z->nnames = 0;
	/* The denial tree is rebuilt on the same walk (dnssec.h). */
	dnssec_reset(z);
	radix_walk(z->nodes, finalize_cb, &fc);
	if ((soa = znode_rrset(z->apex, RRTYPE_SOA)) != NULL)
		soa_serial(soa, &z->serial);
}

void
zone_finalize(struct zone *z)
{
	zone_finalize_walk(z, NULL, NULL);
}

void
zone_prefetch_slot(const struct zone *z, uint64_t hash)
{
	if (z->index != NULL)
		__builtin_prefetch(&z->index->slot[hash & z->index->mask]);
}

void
zone_prefetch_node(const struct zone *z, uint64_t hash)
{
	const struct zindex *x = z->index;
	uint64_t e;

	if (x == NULL)
		return;
	/* The first probe only: most names sit in their home slot. */
	e = x->slot[hash & x->mask];
	if (e != 0 && e >> ZI_TAGSHIFT == hash >> ZI_TAGSHIFT)
		__builtin_prefetch(zi_node(e));
}

void
zone_prefetch_data(const struct zone *z, uint64_t hash)
{
	const struct zindex *x = z->index;
	const struct znode *n;
	uint64_t e;

	if (x == NULL)
		return;
	e = x->slot[hash & x->mask];
	if (e != 0 && e >> ZI_TAGSHIFT == hash >> ZI_TAGSHIFT) {
		n = zi_node(e);
		if (n->rrsets != NULL)
			__builtin_prefetch(n->rrsets);
	}
}

/*
 * The closest encloser of a name that is absent (RFC 4592 §3.3.1) is the
 * deepest ancestor of the name that exists. Every node, empty non-terminals
 * included (RFC 4592 §2.2.2), is in the index, so the ancestors can be
 * tried there from the name's parent up: for a name one label below an
 * existing node (the usual NXDOMAIN, a host below a delegation, a name a
 * wildcard covers) that is one hash and one probe, where the tree descends
 * through a dozen nodes. The apex is always present, so the walk ends
 * there at the latest. z must have an index; name is nlen octets long.
 */
static struct znode *
zi_encloser(const struct zone *z, const uint8_t *name, size_t nlen)
{
	size_t olen = z->apex->namelen;
	struct znode *n;

	while (nlen > olen) {
		nlen -= name[0] + 1u;
		name += name[0] + 1;
		if ((n = zi_get_hash(z, name, nlen,
		    name_hash_len(name, nlen))) != NULL)
			return n;
	}
	return NULL;
}

/*
 * Without an index, the tree: a name's key starts with the keys of its
 * ancestors and every key ends at a label end, so the encloser is the node
 * of the longest key in the tree that is a prefix of the name's key, which
 * radix_find() notes on its way down. Example: for c.b.example, absent,
 * with b.example and a.b.example present, the longest prefix is the key of
 * b.example.
 */
static int
zone_find_tree(const struct zone *z, const uint8_t *name, struct zone_find *f)
{
	uint8_t key[RADKEY_MAX];
	struct radix_res r;
	int exact;

	exact = radix_find(z->nodes, key, radkey_from_name(name, key), 0, &r);
	if (r.prefix == NULL)
		return RD_EINVAL;
	f->node = r.exact;
	f->encloser = r.prefix;
	return exact;
}

int
zone_find_hash(const struct zone *z, const uint8_t *name, size_t len,
    uint64_t hash, struct zone_find *f)
{
	struct znode *n;

	if (z->index == NULL)
		return zone_find_tree(z, name, f);
	/* Most names asked for exist: one probe finds them. */
	if ((n = zi_get_hash(z, name, len, hash)) != NULL) {
		f->node = f->encloser = n;
		return 1;
	}
	if ((n = zi_encloser(z, name, len)) != NULL) {
		f->node = NULL;
		f->encloser = n;
		return 0;
	}
	return zone_find_tree(z, name, f);
}

int
zone_find(const struct zone *z, const uint8_t *name, struct zone_find *f)
{
	size_t len;

	if (!name_is_sub(name, z->origin))
		return RD_EINVAL;
	len = name_len(name);
	if (z->index == NULL)
		return zone_find_tree(z, name, f);
	return zone_find_hash(z, name, len, name_hash_len(name, len), f);
}

struct walk_ctx {
	int (*cb)(const struct znode *n, void *ctx);
	void *ctx;
};

static int
walk_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct walk_ctx *w = ctx;

	return w->cb(val, w->ctx);
}

int
zone_walk(const struct zone *z, int (*cb)(const struct znode *n, void *ctx),
    void *ctx)
{
	struct walk_ctx w = {cb, ctx};

	return radix_walk(z->nodes, walk_cb, &w);
}

int
zone_is_signed(const struct zone *z)
{
	return znode_rrset(z->apex, RRTYPE_DNSKEY) != NULL &&
	       znode_rrset(z->apex, RRTYPE_RRSIG) != NULL;
}

size_t
zone_memory(const struct zone *z)
{
	return sizeof(*z) + sizeof(*z->pool) + z->pool->held +
	       (z->index != NULL ? zi_bytes(z->index->mask + 1) : 0) +
	       radix_memory(z->nodes) +
	       (z->denial != NULL ? radix_memory(z->denial) : 0);
}
