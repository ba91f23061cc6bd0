/*
 * zone: one zone in memory. A radix tree (keyed by radkey) of nodes; each
 * node has its owner name, a parent link, flags computed at load and after
 * each change so that answering never searches, and its RRsets. Empty
 * non-terminals are real nodes without RRsets (RFC 4592 §2.2.2).
 */
#ifndef RD_ZONE_H
#define RD_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"

/*
 * An RRset: count entries of {u16 rdlength in network order, rdata}, so an
 * entry is exactly RDLENGTH+RDATA as on the wire; in canonical order
 * (RFC 4034 §6.3), without duplicates.
 */
struct rrset {
	struct rrset *next;	/* next RRset of the node, by ascending type (RRSIG: then type covered) */
	uint16_t type;
	uint16_t count;
	uint32_t ttl;
	uint32_t size;		/* octets in data */
	uint32_t cap;		/* octets allocated for data */
	uint8_t data[];
};

/* Node flags. */
#define ZN_APEX		0x0001	/* the zone's origin */
#define ZN_DELEG	0x0002	/* NS below the apex: a zone cut (RFC 1034 §4.2.1) */
#define ZN_OCCLUDED	0x0004	/* strictly below a zone cut or a DNAME: not authoritative data */
#define ZN_WILDCHILD	0x0008	/* has a child whose first label is "*" (RFC 4592) */
#define ZN_DNAME	0x0010	/* holds a DNAME (RFC 6672) */
#define ZN_CNAME	0x0020	/* holds a CNAME */

struct znode {
	struct znode *parent;	/* NULL at the apex */
	struct rrset *rrsets;	/* NULL for an empty non-terminal */
	uint32_t nchildren;	/* direct children in the tree */
	uint16_t flags;
	uint8_t namelen;
	uint8_t name[];		/* owner, wire form, case as first seen */
};

struct nsec3_param;
struct radix;
struct zindex;
struct zpool;

struct zone {
	uint8_t origin[NAME_MAXLEN];	/* absolute wire name */
	uint16_t rclass;
	struct znode *apex;
	struct radix *nodes;		/* radkey(owner) -> struct znode */
	uint32_t serial;		/* SOA serial, valid when the SOA exists */
	size_t nrecords;
	size_t nnodes;
	size_t nnames;			/* nodes holding RRsets, as of zone_finalize() */
	struct zpool *pool;		/* nodes and RRsets are allocated here */
	struct radix *denial;		/* NSEC owners or NSEC3 hashes (dnssec.h) */
	struct nsec3_param *nsec3;	/* the NSEC3 chain's parameters, or NULL */
	uint8_t denial_kind;		/* enum dnssec_kind, as of zone_finalize() */
	struct zindex *index;		/* exact-match index (zone_index()), or NULL */
	uint8_t stopped;		/* served as SERVFAIL: its data cannot be trusted */
};

/* New empty zone with its apex node. NULL: no memory. */
struct zone *zone_new(const uint8_t *origin, uint16_t rclass);

void zone_free(struct zone *z);

/* Node with exactly this owner (case-insensitive), or NULL. */
struct znode *zone_get(const struct zone *z, const uint8_t *owner);

/*
 * zone_get() for a caller that holds name_hash(owner): the index is probed
 * with it, the tree searched when z has no index.
 */
struct znode *zone_get_hash(const struct zone *z, const uint8_t *owner,
    uint64_t hash);

/*
 * Add one RR at owner (at or below the origin), creating the node and any
 * empty non-terminals up to the apex. Returns 0 when added, 1 when the RR
 * was already present (nothing changed), 2 when added to an RRset whose TTL
 * differs (the RRset keeps its TTL, which is stored in *oldttl when not
 * NULL: RFC 2181 §5.2), or RD_ENOMEM / RD_EINVAL (owner outside the zone) /
 * RD_ELIMIT (65535 RRs in the RRset already). Flags are not updated: call
 * zone_finalize() after a batch of changes.
 */
int zone_add_rr(struct zone *z, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen, uint32_t *oldttl);

/*
 * Node for owner (at or below the origin). When absent and create is set,
 * it is made with any empty non-terminals up to the apex. NULL: absent (or
 * no memory when create is set). One tree lookup when the node exists.
 */
struct znode *zone_node(struct zone *z, const uint8_t *owner, int create);

/*
 * Add one RR to node n of z; returns as zone_add_rr does, and RD_ELIMIT
 * when the RRset already holds 65535 RRs.
 */
int znode_add_rr(struct zone *z, struct znode *n, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen, uint32_t *oldttl);

/*
 * Remove one RR; nodes left without RRsets or children are removed.
 * 0 removed, RD_ENOTFOUND when absent.
 */
int zone_del_rr(struct zone *z, const uint8_t *owner, uint16_t type,
    const uint8_t *rd, uint16_t rdlen);

/*
 * RRset of type at node, or NULL. RRSIGs are kept as one RRset per type
 * covered, each with the TTL of the RRset it covers (RFC 4034 §3), next to
 * each other in the list by ascending type covered: for RRTYPE_RRSIG this
 * returns the first of them.
 */
const struct rrset *znode_rrset(const struct znode *n, uint16_t type);

/* The RRSIGs at node covering type covered, or NULL. */
const struct rrset *znode_rrsig(const struct znode *n, uint16_t covered);

/* Iterate over an RRset's entries: p points at {u16 len, rdata}. */
#define RRSET_FOREACH(rs, p) \
	for ((p) = (rs)->data; (p) < (rs)->data + (rs)->size; \
	    (p) += 2 + (((p)[0] << 8) | (p)[1]))

/* Recompute every node's flags and the serial; call after bulk changes. */
void zone_finalize(struct zone *z);

/*
 * zone_finalize() that also calls cb on each node, in canonical order,
 * right after setting its flags: the flags of the node and its ancestors
 * are final then (except ZN_WILDCHILD, set when the wildcard child comes),
 * those of later nodes not yet. cb's return value is ignored: every node is
 * visited, so that all flags are set. One walk instead of two for checks.
 */
void zone_finalize_walk(struct zone *z,
    int (*cb)(const struct znode *n, void *ctx), void *ctx);

/* Result of zone_find. */
struct zone_find {
	const struct znode *node;	/* exact match, or NULL */
	const struct znode *encloser;	/* closest encloser (RFC 4592 §3.3.1): node itself when exact */
};

/*
 * Look name up (it must be at or below the origin). Returns 1 for an exact
 * match, 0 otherwise (encloser filled), RD_EINVAL when out of zone.
 */
int zone_find(const struct zone *z, const uint8_t *name, struct zone_find *f);

/*
 * For zonedb_prefetch(): start loading the index slot of a name whose
 * name_hash() is hash; then the node the slot points at.
 */
void zone_prefetch_slot(const struct zone *z, uint64_t hash);
void zone_prefetch_node(const struct zone *z, uint64_t hash);
/* Then, once the node is in the cache, its first RRset. */
void zone_prefetch_data(const struct zone *z, uint64_t hash);

/*
 * zone_find() for a name (at or below the origin) of name_len() len and
 * name_hash() hash.
 */
int zone_find_hash(const struct zone *z, const uint8_t *name, size_t len,
    uint64_t hash, struct zone_find *f);

/*
 * Build the exact-match index beside the tree: a hash table from name to
 * node that zone_find() and zone_get() try first, kept up
 * to date by every later change. For zones that are served (zonedb_add()
 * calls it); it costs about 16 octets per node. 0, or RD_ENOMEM (the zone
 * is then searched in its tree alone, as without an index).
 */
int zone_index(struct zone *z);

/* Walk nodes in canonical order; stops when cb returns non-zero. */
int zone_walk(const struct zone *z,
    int (*cb)(const struct znode *n, void *ctx), void *ctx);

/*
 * 1 when the zone is signed: a DNSKEY RRset and an RRSIG at the apex (RFC
 * 4035 §2.1). Dynamic updates to such a zone are refused until online
 * signing exists.
 */
int zone_is_signed(const struct zone *z);

/* Bytes held by the zone (nodes, RRsets, tree). */
size_t zone_memory(const struct zone *z);

#endif
