/*
 * answer: RFC 1034 §4.3.2 as a state machine. Each state is a small function
 * that writes what it knows and returns the next state:
 *
 *   ZONE -> FIND -> HIT -----------------------------> END
 *             |      |-> CNAME -> ZONE (next name)
 *             |      '-> NODATA ---------------------> END
 *             |-> MISS -> HIT (wildcard) | NXDOMAIN -> END
 *             |-> DELEG (referral) ------------------> END
 *             '-> DNAME -> ZONE (synthesised name)
 *
 * then the additional section. Everything lives on the stack; the zone data
 * is read in place (struct znode, struct rrset) and every node flag that the
 * walk needs was computed at load.
 *
 * With the DO bit (RFC 3225, RFC 4035 §3.1) every RRset goes out with the
 * RRSIGs that cover it, as one unit: when the pair does not fit, neither
 * is kept and TC is set (§3.1.1). The denial proofs (NSEC, RFC 4035
 * §3.1.3; NSEC3, RFC 5155 §7.2) are chosen by the states that need them
 * and written to the authority section when the answer section is done.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/cookie.h"
#include "dns/dnssec.h"
#include "dns/edns.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/radkey.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zonedb.h"

#define ANS_CHAIN_MAX 12	/* CNAME and DNAME hops followed */
#define ANS_ADDL_MAX 16		/* RRsets whose targets get addresses */
#define ANS_PROOF_MAX 16	/* NSEC, NSEC3 and DS RRsets for authority */
#define ANS_GLUE_PREFETCH 8	/* NS targets whose glue is prefetched */

enum ans_state {
	AS_ZONE,
	AS_FIND,
	AS_HIT,
	AS_MISS,
	AS_CNAME,
	AS_DNAME,
	AS_DELEG,
	AS_NODATA,
	AS_NXDOMAIN,
	AS_END,
};

struct ans {
	const struct zonedb *db;
	const struct answer_opts *o;
	enum answer_transport tr;
	const struct pkt_query *q;
	struct pkt_wr *w;
	const struct zone *zone;	/* zone of sname */
	const uint8_t *sname;		/* the name being answered */
	const struct znode *node;	/* exact, wildcard, cut or DNAME node */
	const struct znode *wild;	/* the wildcard node when one answers */
	struct zone_find f;
	int found;			/* zonedb_lookup() result; -1: none */
	uint16_t flags;			/* AA and TC */
	uint16_t rcode;
	int chain;			/* CNAME and DNAME hops so far */
	int naddl;
	int nsynth;
	int dnssec;			/* DO was set (RFC 3225 §3) */
	int nproof;			/* RRsets in proof[] */
	int nflushed;			/* of which written */
	const struct znode *proof[ANS_PROOF_MAX];
	uint16_t prooftype[ANS_PROOF_MAX];
	const struct znode *visited[ANS_CHAIN_MAX + 1];
	const struct rrset *addl[ANS_ADDL_MAX];
	/* DNAME results, each in its own buffer (pkt_wr_fixed_names()). */
	uint8_t synth[ANS_CHAIN_MAX + 1][NAME_MAXLEN];
	const struct cookie_result *ck;	/* our COOKIE option; NULL: none */
	const struct zonedb_hint *hint;	/* prefetched lookup of the qname */
};

/* Remember an RRset whose rdata names get A/AAAA in the additional section. */
static void
ans_want_addl(struct ans *a, const struct rrset *rs)
{
	if ((rs->type == RRTYPE_NS || rs->type == RRTYPE_MX ||
	    rs->type == RRTYPE_SRV) && a->naddl < ANS_ADDL_MAX)
		a->addl[a->naddl++] = rs;
}

/*
 * Put RRset rs of node n in section sec under owner with ttl and, with DO,
 * the RRSIGs at n covering it, with the same TTL (RFC 4034 §3). RFC 4035
 * §3.1.1: the RRset and its RRSIGs go in together or not at all, so the
 * writer is rolled back when the RRSIGs do not fit. 0 or RD_ESPACE.
 */
static int
ans_put_signed(struct ans *a, enum pkt_section sec, const uint8_t *owner,
    const struct znode *n, const struct rrset *rs, uint32_t ttl)
{
	const struct rrset *sig;
	struct pkt_wr save;

	if (!a->dnssec || rs->type == RRTYPE_RRSIG ||
	    (sig = znode_rrsig(n, rs->type)) == NULL)
		return pkt_put_rrset(a->w, sec, owner, RRCLASS_IN, ttl, rs);
	save = *a->w;
	if (pkt_put_rrset(a->w, sec, owner, RRCLASS_IN, ttl, rs) < 0)
		return RD_ESPACE;
	if (pkt_put_rrset(a->w, sec, owner, RRCLASS_IN, ttl, sig) < 0) {
		*a->w = save;
		return RD_ESPACE;
	}
	return 0;
}

/*
 * Put RRset rs of node n in the answer section, signed with DO; TC when it
 * does not fit.
 */
static int
ans_put(struct ans *a, const uint8_t *owner, const struct znode *n,
    const struct rrset *rs)
{
	if (ans_put_signed(a, PKT_ANSWER, owner, n, rs, rs->ttl) < 0) {
		a->flags |= PKT_TC;
		return -1;
	}
	ans_want_addl(a, rs);
	return 0;
}

/* Remember RRset type of node n (NULL: nothing) for the authority section. */
static void
ans_proof(struct ans *a, const struct znode *n, uint16_t type)
{
	int i;

	if (n == NULL || !a->dnssec || znode_rrset(n, type) == NULL)
		return;
	for (i = 0; i < a->nproof; i++)
		if (a->proof[i] == n && a->prooftype[i] == type)
			return;
	if (a->nproof == ANS_PROOF_MAX)
		return;
	a->proof[a->nproof] = n;
	a->prooftype[a->nproof++] = type;
}

/* Write the proofs not yet written; TC when one does not fit. */
static void
ans_flush(struct ans *a)
{
	const struct rrset *rs;
	const struct znode *n;

	for (; a->nflushed < a->nproof && !(a->flags & PKT_TC);
	    a->nflushed++) {
		n = a->proof[a->nflushed];
		rs = znode_rrset(n, a->prooftype[a->nflushed]);
		if (ans_put_signed(a, PKT_AUTHORITY, n->name, n, rs,
		    rs->ttl) < 0)
			a->flags |= PKT_TC;
	}
}

/* The ancestor of name (or name itself) that has labels labels. */
static const uint8_t *
ans_ancestor(const uint8_t *name, int labels)
{
	int skip;

	for (skip = name_labels(name) - labels; skip > 0; skip--)
		name += *name + 1;
	return name;
}

/*
 * The next closer name of sname (RFC 5155 §1.3): its ancestor one label
 * below the closest encloser. The closest encloser proof starts there, so
 * a long qname costs no hash per label.
 */
static const uint8_t *
ans_below_encloser(const struct ans *a)
{
	return ans_ancestor(a->sname, name_labels(a->f.encloser->name) + 1);
}

/* "*." and name in out; 0, or -1 when that is longer than 255 octets. */
static int
ans_star(const uint8_t *name, uint8_t out[NAME_MAXLEN])
{
	size_t len = name_len(name);

	if (len + 2 > NAME_MAXLEN)
		return -1;
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, name, len);
	return 0;
}

/* The NSEC that matches or covers name (RFC 4035 §3.1.3). */
static void
ans_nsec(struct ans *a, const uint8_t *name)
{
	int match;

	ans_proof(a, dnssec_nsec_find(a->zone, name, &match), RRTYPE_NSEC);
}

/*
 * RFC 5155 §7.2.1: the closest encloser proof for name, an NSEC3 that
 * matches the closest (provable) encloser and one that covers the next
 * closer name. With wild, also the NSEC3 that covers the wildcard at the
 * closest encloser (§7.2.2), or with wild 2 the one that matches it
 * (§7.2.5).
 */
static void
ans_nsec3_ce(struct ans *a, const uint8_t *name, int wild)
{
	const struct znode *ce, *nc;
	uint8_t star[NAME_MAXLEN];
	int labels, match;

	if (dnssec_nsec3_ce(a->zone, name, &ce, &nc, &labels) < 0)
		return;
	ans_proof(a, ce, RRTYPE_NSEC3);
	ans_proof(a, nc, RRTYPE_NSEC3);
	if (wild && ans_star(ans_ancestor(name, labels), star) == 0)
		ans_proof(a, dnssec_nsec3_find(a->zone, star, &match),
		    RRTYPE_NSEC3);
}

/*
 * Proof that name has no RRset of the type asked: the NSEC or NSEC3 that
 * matches it (RFC 4035 §3.1.3.1, RFC 5155 §7.2.3). An empty non-terminal
 * has no NSEC: the NSEC covering it shows that names exist below it. With
 * NSEC3 and no match (a DS query at an opt-out delegation, RFC 5155
 * §7.2.4), the closest provable encloser proof.
 */
static void
ans_nodata_proof(struct ans *a, const uint8_t *name)
{
	const struct znode *n;
	int match;

	if (a->zone->denial_kind == DNSSEC_NSEC) {
		ans_nsec(a, name);
		return;
	}
	n = dnssec_nsec3_find(a->zone, name, &match);
	if (n != NULL && match)
		ans_proof(a, n, RRTYPE_NSEC3);
	else
		ans_nsec3_ce(a, name, 0);
}

/* The zone of sname, and sname in it: one lookup (zonedb_lookup). */
static enum ans_state
ans_zone(struct ans *a)
{
	struct zone *z;
	const uint8_t *parent;

	/* The question's name may have been looked up for a batch prefetch. */
	a->found = zonedb_lookup_hint(a->db, a->sname,
	    a->chain == 0 ? a->hint : NULL, &z, &a->f);
	if (z == NULL) {
		/* A CNAME leading out of our zones ends the chain. */
		if (a->chain == 0)
			a->rcode = PKT_RCODE_REFUSED;
		return AS_END;
	}
	/*
	 * RFC 4035 §3.1.4.1: DS at a zone's apex belongs to the parent zone,
	 * when we serve it; sname is then looked up there.
	 */
	if (a->q->qtype == RRTYPE_DS && a->sname[0] != 0 &&
	    name_equal(a->sname, z->origin)) {
		parent = name_parent(a->sname);
		if ((a->zone = zonedb_find(a->db, parent)) != NULL) {
			a->found = -1;
			if (a->zone->stopped) {
				a->rcode = PKT_RCODE_SERVFAIL;
				return AS_END;
			}
			return AS_FIND;
		}
	}
	a->zone = z;
	/*
	 * A stopped zone (its journal is damaged) has no data we may serve:
	 * SERVFAIL, as Knot answers for a zone without contents. A CNAME
	 * chain that leads into it ends there.
	 */
	if (z->stopped) {
		if (a->chain == 0)
			a->rcode = PKT_RCODE_SERVFAIL;
		return AS_END;
	}
	return AS_FIND;
}

/*
 * The highest zone cut or DNAME between the apex and n that takes the name
 * out of the zone's authoritative data, or NULL. At the name itself (exact)
 * a cut counts unless the query is for DS (RFC 4035 §3.1.4.1), and a DNAME
 * never does: it renames only what lies below it (RFC 6672 §2.3).
 */
static const struct znode *
ans_cut(const struct ans *a, const struct znode *n, int exact)
{
	const struct znode *p, *top = NULL;

	for (p = n; p != NULL; p = p->parent) {
		if (p == n && exact) {
			if ((p->flags & ZN_DELEG) && a->q->qtype != RRTYPE_DS)
				top = p;
			continue;
		}
		if (p->flags & (ZN_DELEG | ZN_DNAME))
			top = p;
	}
	return top;
}

static enum ans_state
ans_find(struct ans *a)
{
	const struct znode *n, *cut;
	int r;

	a->wild = NULL;
	r = a->found >= 0 ? a->found : zone_find(a->zone, a->sname, &a->f);
	if (r < 0) {
		a->rcode = PKT_RCODE_SERVFAIL;
		return AS_END;
	}
	n = a->f.encloser;
	/*
	 * RFC 5155 §7.2.8: NSEC3 owner names are not part of the zone's
	 * names; a query for one is answered as for a name that does not
	 * exist, from the apex.
	 */
	if (r == 1 && a->zone->denial_kind == DNSSEC_NSEC3 &&
	    n->parent == a->zone->apex &&
	    znode_rrset(n, RRTYPE_NSEC3) != NULL) {
		a->f.node = NULL;
		a->f.encloser = a->zone->apex;
		a->node = a->zone->apex;
		return AS_MISS;
	}
	if (n->flags & (ZN_OCCLUDED | ZN_DELEG | ZN_DNAME)) {
		cut = ans_cut(a, n, r == 1);
		if (cut != NULL) {
			a->node = cut;
			return (cut->flags & ZN_DELEG) ? AS_DELEG : AS_DNAME;
		}
	}
	a->node = n;
	return r == 1 ? AS_HIT : AS_MISS;
}

/*
 * RFC 8482 §4.2: over UDP one RRset (the first by type) answers ANY; over
 * TCP all of them. RRSIGs come only when asked for by type.
 */
static enum ans_state
ans_any(struct ans *a)
{
	const struct rrset *rs;
	int n = 0;

	for (rs = a->node->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type == RRTYPE_RRSIG)
			continue;
		if (ans_put(a, a->sname, a->node, rs) < 0)
			return AS_END;
		n++;
		if (a->tr == ANSWER_UDP)
			break;
	}
	return n > 0 ? AS_END : AS_NODATA;
}

/* A query for RRSIG: every RRSIG RRset of the node, as plain data. */
static enum ans_state
ans_rrsigs(struct ans *a)
{
	const struct rrset *rs;
	int n = 0;

	for (rs = znode_rrset(a->node, RRTYPE_RRSIG);
	    rs != NULL && rs->type == RRTYPE_RRSIG; rs = rs->next) {
		if (ans_put(a, a->sname, a->node, rs) < 0)
			return AS_END;
		n++;
	}
	return n > 0 ? AS_END : AS_NODATA;
}

/*
 * A wildcard answers: prove that sname itself does not exist, with the
 * NSEC covering it (RFC 4035 §3.1.3.3) or the NSEC3 covering the next
 * closer name (RFC 5155 §7.2.6); the RRSIG's labels field tells the
 * closest encloser.
 */
static void
ans_wild_proof(struct ans *a)
{
	int match;

	if (a->zone->denial_kind == DNSSEC_NSEC)
		ans_nsec(a, a->sname);
	else if (a->zone->denial_kind == DNSSEC_NSEC3)
		ans_proof(a, dnssec_nsec3_find(a->zone, ans_ancestor(a->sname,
		    name_labels(a->wild->name)), &match), RRTYPE_NSEC3);
}

/* RFC 1034 §4.3.2 step 3a: the name exists (or a wildcard gave it). */
static enum ans_state
ans_hit(struct ans *a)
{
	const struct znode *n = a->node;
	const struct rrset *rs;
	uint16_t qt = a->q->qtype;

	if (a->chain == 0)
		a->flags |= PKT_AA;
	if (a->wild != NULL && a->dnssec)
		ans_wild_proof(a);
	if (qt == RRTYPE_ANY)
		return ans_any(a);
	if (qt == RRTYPE_RRSIG)
		return ans_rrsigs(a);
	if ((rs = znode_rrset(n, qt)) != NULL) {
		/*
		 * The owner is sname: the qname in its case, or the name a
		 * wildcard expands to (RFC 4592 §3.3.1).
		 */
		ans_put(a, a->sname, n, rs);
		return AS_END;
	}
	if ((n->flags & ZN_CNAME) && qt != RRTYPE_CNAME)
		return AS_CNAME;
	return AS_NODATA;
}

/* 1 when node was already passed in this chain: a loop. */
static int
ans_seen(struct ans *a, const struct znode *n)
{
	int i;

	for (i = 0; i < a->chain; i++)
		if (a->visited[i] == n)
			return 1;
	return 0;
}

/* RFC 1034 §4.3.2 step 3a: copy the CNAME and go on with its target. */
static enum ans_state
ans_cname(struct ans *a)
{
	const struct rrset *rs;

	rs = znode_rrset(a->node, RRTYPE_CNAME);
	if (rs == NULL || rs->count == 0 || ans_seen(a, a->node))
		return AS_END;
	if (ans_put(a, a->sname, a->node, rs) < 0)
		return AS_END;
	if (a->chain >= ANS_CHAIN_MAX)
		return AS_END;
	a->visited[a->chain++] = a->node;
	a->sname = rs->data + 2;
	return AS_ZONE;
}

/*
 * RFC 6672 §3.3: the DNAME, then a CNAME from sname to sname with the
 * DNAME's owner replaced by its target, with the DNAME's TTL (§5.3.1); the
 * chain goes on from the new name. YXDOMAIN when it would exceed 255 octets
 * (§2.2).
 */
static enum ans_state
ans_dname(struct ans *a)
{
	const struct znode *d = a->node;
	const struct rrset *rs;
	const uint8_t *p = a->sname;
	uint8_t *out;
	int skip, len;

	if (a->chain == 0)
		a->flags |= PKT_AA;
	rs = znode_rrset(d, RRTYPE_DNAME);
	if (rs == NULL || rs->count == 0 || ans_seen(a, d))
		return AS_END;
	if (ans_put(a, d->name, d, rs) < 0)
		return AS_END;
	for (skip = name_labels(a->sname) - name_labels(d->name); skip > 0;
	    skip--)
		p += *p + 1;
	if (a->nsynth > ANS_CHAIN_MAX)
		return AS_END;
	out = a->synth[a->nsynth++];
	len = name_concat(a->sname, (size_t)(p - a->sname), rs->data + 2, out);
	if (len < 0) {
		a->rcode = PKT_RCODE_YXDOMAIN;
		return AS_END;
	}
	if (pkt_put_rr(a->w, PKT_ANSWER, a->sname, RRTYPE_CNAME, RRCLASS_IN,
	    rs->ttl, out, (uint16_t)len) < 0) {
		a->flags |= PKT_TC;
		return AS_END;
	}
	/* The synthesised CNAME answers a CNAME query: nothing is followed. */
	if (a->q->qtype == RRTYPE_CNAME || a->chain >= ANS_CHAIN_MAX)
		return AS_END;
	a->visited[a->chain++] = d;
	a->sname = out;
	return AS_ZONE;
}

/*
 * RFC 4592 §3.3.1: no such name; the source of synthesis is "*" under the
 * closest encloser. An empty non-terminal on the way is itself the closest
 * encloser, so it blocks a wildcard higher up (§2.2.2).
 */
static enum ans_state
ans_miss(struct ans *a)
{
	const struct znode *e = a->f.encloser, *w;
	uint8_t star[NAME_MAXLEN];

	if ((e->flags & ZN_WILDCHILD) && e->namelen + 2 <= NAME_MAXLEN) {
		star[0] = 1;
		star[1] = '*';
		memcpy(star + 2, e->name, e->namelen);
		if ((w = zone_get(a->zone, star)) != NULL) {
			a->node = w;
			a->wild = w;
			return AS_HIT;
		}
	}
	return AS_NXDOMAIN;
}

/*
 * RFC 2308 §3: the zone's SOA in the authority section, its TTL the lesser
 * of the SOA's TTL and its MINIMUM field.
 */
static void
ans_soa(struct ans *a)
{
	const struct rrset *soa;
	uint32_t ttl, min;
	uint16_t len;

	soa = znode_rrset(a->zone->apex, RRTYPE_SOA);
	if (soa == NULL || soa->count == 0)
		return;
	len = wire_get_u16(soa->data);
	if (len < 22)
		return;
	ttl = soa->ttl;
	min = wire_get_u32(soa->data + 2 + len - 4);
	if (min < ttl)
		ttl = min;
	if (ans_put_signed(a, PKT_AUTHORITY, a->zone->origin, a->zone->apex,
	    soa, ttl) < 0)
		a->flags |= PKT_TC;
}

/*
 * NODATA: the SOA, and with DO the proof that the type is absent. At a
 * wildcard (RFC 4035 §3.1.3.4, RFC 5155 §7.2.5): the proof that sname does
 * not exist (from ans_hit) and the NSEC or NSEC3 matching the wildcard.
 */
static enum ans_state
ans_nodata(struct ans *a)
{
	if (a->chain == 0)
		a->flags |= PKT_AA;
	ans_soa(a);
	if (!a->dnssec || a->zone->denial_kind == DNSSEC_NONE)
		return AS_END;
	if (a->wild == NULL)
		ans_nodata_proof(a, a->sname);
	else {
		if (a->zone->denial_kind == DNSSEC_NSEC3)
			ans_nsec3_ce(a, ans_below_encloser(a), 0);
		ans_nodata_proof(a, a->wild->name);
	}
	return AS_END;
}

/*
 * NXDOMAIN: the SOA, and with DO the proof that sname and the wildcard
 * that could have made it do not exist: the NSEC covering sname and the
 * one covering the wildcard at the closest encloser (RFC 4035 §3.1.3.2),
 * or the NSEC3 closest encloser proof and wildcard cover (RFC 5155
 * §7.2.2).
 */
static enum ans_state
ans_nxdomain(struct ans *a)
{
	uint8_t star[NAME_MAXLEN];

	/* RFC 6604 §3: the rcode speaks of the last name of the chain. */
	if (a->chain == 0)
		a->flags |= PKT_AA;
	a->rcode = PKT_RCODE_NXDOMAIN;
	ans_soa(a);
	if (!a->dnssec)
		return AS_END;
	if (a->zone->denial_kind == DNSSEC_NSEC) {
		ans_nsec(a, a->sname);
		if (ans_star(a->f.encloser->name, star) == 0)
			ans_nsec(a, star);
	} else if (a->zone->denial_kind == DNSSEC_NSEC3)
		ans_nsec3_ce(a, ans_below_encloser(a), 1);
	return AS_END;
}

/* Target name in an NS, MX or SRV rdata entry ({len, rdata}). */
static const uint8_t *
ans_target(uint16_t type, const uint8_t *p)
{
	switch (type) {
	case RRTYPE_NS:
		return p + 2;
	case RRTYPE_MX:
		return p + 4;
	default:
		return p + 8;	/* SRV: priority, weight, port */
	}
}

/*
 * A and AAAA of node n in the additional section. Returns -1 when one did
 * not fit (nothing more is tried then).
 */
static int
ans_addrs(struct ans *a, const struct znode *n, const uint8_t *owner)
{
	const struct rrset *rs;

	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type != RRTYPE_A && rs->type != RRTYPE_AAAA)
			continue;
		if (ans_put_signed(a, PKT_ADDITIONAL, owner, n, rs,
		    rs->ttl) < 0)
			return -1;
	}
	return 0;
}

/*
 * RFC 4035 §3.1.4: a referral from a signed zone carries the DS RRset and
 * its RRSIGs, or the proof that there is none: the NSEC at the cut
 * (§3.1.4), the NSEC3 matching it, or for an opt-out delegation without
 * one the closest provable encloser proof (RFC 5155 §7.2.7).
 */
static void
ans_deleg_proof(struct ans *a, const struct znode *cut)
{
	if (!a->dnssec || a->zone->denial_kind == DNSSEC_NONE)
		return;
	if (znode_rrset(cut, RRTYPE_DS) != NULL)
		ans_proof(a, cut, RRTYPE_DS);
	else
		ans_nodata_proof(a, cut->name);
}

/*
 * RFC 1034 §4.3.2 step 3b, with RFC 9471: the cut's NS in authority, no AA
 * (unless a CNAME before it was ours), and the glue: addresses of the NS
 * targets at or below the cut (in-domain glue, occluded data by nature)
 * must all fit or TC is set (§3.1); those of targets elsewhere in the zone
 * (sibling glue) are added when they fit (§3.2).
 */
static enum ans_state
ans_deleg(struct ans *a)
{
	const struct znode *cut = a->node, *g;
	uint64_t hash[ANS_GLUE_PREFETCH];
	const struct rrset *ns;
	const uint8_t *p, *t;
	int pass, i, nh = 0;

	ns = znode_rrset(cut, RRTYPE_NS);
	if (ns == NULL)
		return AS_END;
	if (pkt_put_rrset(a->w, PKT_AUTHORITY, cut->name, RRCLASS_IN, ns->ttl,
	    ns) < 0) {
		a->flags |= PKT_TC;
		return AS_END;
	}
	ans_deleg_proof(a, cut);
	ans_flush(a);
	if (a->flags & PKT_TC)
		return AS_END;
	/*
	 * The index slots of the targets in the zone (the others have no
	 * glue here), then their nodes, are fetched at once: the cache misses
	 * of the glue lookups overlap instead of following one another (as
	 * the UDP loop does for a batch). hash[i] is for the i-th target, 0
	 * for one outside the zone (never looked up).
	 */
	RRSET_FOREACH(ns, p) {
		if (nh == ANS_GLUE_PREFETCH)
			break;
		hash[nh] = 0;
		if (name_is_sub(p + 2, a->zone->origin)) {
			hash[nh] = name_hash(p + 2);
			zone_prefetch_slot(a->zone, hash[nh]);
		}
		nh++;
	}
	for (i = 0; i < nh; i++)
		if (hash[i] != 0)
			zone_prefetch_node(a->zone, hash[i]);
	for (pass = 0; pass < 2; pass++) {
		i = 0;
		RRSET_FOREACH(ns, p) {
			t = p + 2;
			i++;
			if (name_is_sub(t, cut->name) != (pass == 0))
				continue;
			if (pass == 1 && !name_is_sub(t, a->zone->origin))
				continue;
			g = i <= nh ? zone_get_hash(a->zone, t, hash[i - 1]) :
			    zone_get(a->zone, t);
			if (g == NULL)
				continue;
			if (ans_addrs(a, g, t) < 0) {
				if (pass == 0)
					a->flags |= PKT_TC;
				return AS_END;
			}
		}
	}
	return AS_END;
}

/*
 * 1 when node n of a zone may give addresses for a target of RRset rs:
 * authoritative data, or for an NS target glue below a cut of that zone
 * (the addresses of the root servers, say, are glue in the root zone, and
 * Knot adds them too). Glue carries no RRSIG (RFC 4035 §2.2).
 */
static int
ans_addl_ok(const struct rrset *rs, const struct znode *n)
{
	if (n->flags & ZN_DELEG)
		return 0;
	return !(n->flags & ZN_OCCLUDED) || rs->type == RRTYPE_NS;
}

/*
 * Additional section processing (RFC 1034 §3.6.2, RFC 2181 §5.4.1):
 * addresses of the NS, MX and SRV targets in the answer that we hold, in
 * any of our zones (ans_addl_ok). What does not fit is left out without
 * TC (RFC 2181 §9).
 */
static void
ans_additional(struct ans *a)
{
	const struct znode *seen[ANS_ADDL_MAX * 2], *n;
	struct zonedb_hint h[ANS_GLUE_PREFETCH];
	struct zone *z;
	const uint8_t *p, *t;
	int i, j, k, nh, nseen = 0;

	for (i = 0; i < a->naddl; i++) {
		/* The targets' slots, then nodes, at once (as in ans_deleg). */
		nh = 0;
		RRSET_FOREACH(a->addl[i], p) {
			if (nh == ANS_GLUE_PREFETCH)
				break;
			zonedb_prefetch(a->db, ans_target(a->addl[i]->type, p),
			    &h[nh++]);
		}
		for (k = 0; k < nh; k++)
			zonedb_prefetch_node(&h[k]);
		k = 0;
		RRSET_FOREACH(a->addl[i], p) {
			t = ans_target(a->addl[i]->type, p);
			n = k < nh ? zonedb_node_hint(a->db, t, &h[k], &z) :
			    zonedb_node(a->db, t, &z);
			k++;
			if (n == NULL || !ans_addl_ok(a->addl[i], n))
				continue;
			for (j = 0; j < nseen && seen[j] != n; j++)
				;
			if (j < nseen)
				continue;
			if (nseen < ANS_ADDL_MAX * 2)
				seen[nseen++] = n;
			if (ans_addrs(a, n, t) < 0)
				return;
		}
	}
}

/* Run the state machine from the qname in its zone. */
static void
ans_run(struct ans *a)
{
	enum ans_state s = AS_ZONE;

	while (s != AS_END) {
		switch (s) {
		case AS_ZONE:
			s = ans_zone(a);
			break;
		case AS_FIND:
			s = ans_find(a);
			break;
		case AS_HIT:
			s = ans_hit(a);
			break;
		case AS_MISS:
			s = ans_miss(a);
			break;
		case AS_CNAME:
			s = ans_cname(a);
			break;
		case AS_DNAME:
			s = ans_dname(a);
			break;
		case AS_DELEG:
			s = ans_deleg(a);
			break;
		case AS_NODATA:
			s = ans_nodata(a);
			break;
		case AS_NXDOMAIN:
			s = ans_nxdomain(a);
			break;
		case AS_END:
			break;
		}
	}
	ans_flush(a);
	if (!(a->flags & PKT_TC) && a->naddl > 0)
		ans_additional(a);
}

/* CHAOS TXT names (wire form). */
static const uint8_t ch_id_server[] = "\2id\6server";
static const uint8_t ch_hostname_bind[] = "\10hostname\4bind";
static const uint8_t ch_version_server[] = "\7version\6server";
static const uint8_t ch_version_bind[] = "\7version\4bind";

/*
 * Class CH: TXT id.server and hostname.bind give the server's identity,
 * version.server and version.bind its version; REFUSED when hidden (NULL
 * or empty), for other names and for other types, as Knot answers.
 */
static void
ans_chaos(struct ans *a)
{
	const uint8_t *qn = a->q->qname;
	const char *text = NULL;
	uint8_t rd[256];
	size_t len;

	if (name_equal(qn, ch_id_server) || name_equal(qn, ch_hostname_bind))
		text = a->o->id_server;
	else if (name_equal(qn, ch_version_server) ||
	    name_equal(qn, ch_version_bind))
		text = a->o->version_server;
	if (text == NULL || *text == '\0' || a->q->qtype != RRTYPE_TXT) {
		a->rcode = PKT_RCODE_REFUSED;
		return;
	}
	len = strlen(text);
	if (len > 255)
		len = 255;
	rd[0] = (uint8_t)len;
	memcpy(rd + 1, text, len);
	a->flags |= PKT_AA;
	if (pkt_put_rr(a->w, PKT_ANSWER, qn, RRTYPE_TXT, RRCLASS_CH, 0, rd,
	    (uint16_t)(len + 1)) < 0)
		a->flags |= PKT_TC;
}

/* The rcode for a parsed query before any lookup, or -1 to go on. */
static int
ans_precheck(const struct pkt_query *q)
{
	/* RFC 1035 §4.1.1: QUERY only for now; NOTIFY and UPDATE come later. */
	if (q->opcode != PKT_OPCODE_QUERY)
		return PKT_RCODE_NOTIMP;
	/* RFC 6891 §6.1.3: only version 0 is known. */
	if (q->edns.present && q->edns.version > EDNS_VERSION)
		return PKT_RCODE_BADVERS;
	/* A query carries no answer records, and authority only for IXFR. */
	if (q->ancount != 0 || (q->nscount != 0 && q->qtype != RRTYPE_IXFR))
		return PKT_RCODE_FORMERR;
	/* Zone transfers are served by a later module: not yet implemented. */
	if (q->qtype == RRTYPE_AXFR || q->qtype == RRTYPE_IXFR)
		return PKT_RCODE_NOTIMP;
	if (q->qclass == RRCLASS_CH)
		return -1;
	/* We serve class IN only (and CH above). */
	if (q->qclass != RRCLASS_IN)
		return PKT_RCODE_REFUSED;
	return -1;
}

/*
 * The name rate limiting keys a negative answer on, as BIND does: the
 * delegation point of a referral (a->node is the cut then), else the apex.
 */
static const uint8_t *
ans_rrl_name(const struct ans *a)
{
	if (a->zone == NULL)
		return NULL;
	if (!(a->flags & PKT_AA) && a->node != NULL &&
	    pkt_wr_count(a->w, PKT_AUTHORITY) > 0)
		return a->node->name;
	return a->zone->origin;
}

/* Room for our OPT: with a COOKIE option when ck says so. */
static size_t
ans_opt_size(const struct cookie_result *ck)
{
	return EDNS_OPT_SIZE + (ck != NULL ? 4 + (size_t)ck->outlen : 0);
}

static size_t
ans_finish(struct ans *a, struct answer_info *info)
{
	uint16_t flags;

	flags = PKT_QR | (uint16_t)(a->q->opcode << 11) |
	    (a->q->flags & PKT_RD) | a->flags | (a->rcode & 0xf);
	if (a->q->edns.present) {
		pkt_wr_unreserve(a->w, ans_opt_size(a->ck));
		if (a->ck != NULL)
			(void)pkt_put_opt_with(a->w, a->o->edns_payload,
			    a->rcode, a->q->edns.flags & EDNS_DO, COOKIE_OPTION,
			    a->ck->out, a->ck->outlen);
		else
			(void)pkt_put_opt(a->w, a->o->edns_payload, a->rcode,
			    a->q->edns.flags & EDNS_DO);
	}
	if (info != NULL) {
		info->rcode = a->rcode;
		info->truncated = (a->flags & PKT_TC) != 0;
		info->aa = (a->flags & PKT_AA) != 0;
		info->zname = ans_rrl_name(a);
	}
	return pkt_wr_finish(a->w, flags);
}

/* FORMERR for a query that did not parse: header, and question if read. */
static size_t
ans_formerr(const struct pkt_query *q, uint8_t *out, size_t outmax,
    struct answer_info *info)
{
	struct pkt_wr w;
	int qd = q->has_question;

	if (pkt_wr_begin(&w, out, outmax, q->id, qd ? q->qname : NULL,
	    q->qtype, q->qclass) < 0 &&
	    pkt_wr_begin(&w, out, outmax, q->id, NULL, 0, 0) < 0)
		return 0;
	if (info != NULL)
		info->rcode = PKT_RCODE_FORMERR;
	return pkt_wr_finish(&w, PKT_QR | (uint16_t)(q->opcode << 11) |
	    (q->flags & PKT_RD) | PKT_RCODE_FORMERR);
}

size_t
answer_query(const struct zonedb *db, const struct answer_opts *o,
    enum answer_transport tr, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax, struct answer_info *info)
{
	return answer_query_ck(db, o, tr, NULL, q, qlen, out, outmax, info);
}

/*
 * RFC 7873 §5.2: decide on the query's COOKIE option. Returns the result
 * to answer with (our cookie in res), or NULL for no cookie; *rcode gets
 * FORMERR (§5.2.2) or the rcode of a COOKIE_REPLY, else stays -1.
 */
static const struct cookie_result *
ans_cookie(struct answer_ctx *ck, enum answer_transport tr,
    const uint8_t *q, const struct pkt_query *pq, struct cookie_result *res,
    int *rcode)
{
	if (ck == NULL || !pq->edns.present || !pq->edns.cookie)
		return NULL;
	if (cookie_process(ck->cookies, q + pq->edns.rdoff, pq->edns.rdlen,
	    ck->src, tr == ANSWER_TCP, pq->has_question ? 1 : 0, ck->now,
	    res) != 0)
		return NULL;
	if (res->action == COOKIE_FORMERR) {
		*rcode = PKT_RCODE_FORMERR;
		return NULL;
	}
	if (res->action == COOKIE_REPLY)
		*rcode = res->rcode;
	return res->outlen > 0 ? res : NULL;
}

size_t
answer_query_ck(const struct zonedb *db, const struct answer_opts *o,
    enum answer_transport tr, struct answer_ctx *ck, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t outmax, struct answer_info *info)
{
	struct cookie_result cres;
	struct pkt_query pq;
	int crc = -1;
	struct pkt_wr w;
	struct ans a;
	size_t max;
	int rc;

	if (info != NULL)
		memset(info, 0, sizeof(*info));
	/* RFC 1035 §4.1.1: no header, or a response: nothing is sent. */
	if (qlen < PKT_HDRLEN || (q[2] & 0x80) || outmax < PKT_HDRLEN)
		return 0;
	rc = pkt_parse_query(q, qlen, &pq);
	if (info != NULL) {
		info->opcode = pq.opcode;
		info->qtype = pq.has_question ? pq.qtype : 0;
		info->edns = pq.edns.present;
	}
	if (rc < 0)
		return ans_formerr(&pq, out, outmax, info);
	max = outmax;
	if (tr == ANSWER_UDP && edns_udp_limit(&pq.edns, o->edns_payload) < max)
		max = edns_udp_limit(&pq.edns, o->edns_payload);
	if (pkt_wr_begin(&w, out, max, pq.id, pq.has_question ? pq.qname : NULL,
		pq.qtype, pq.qclass) < 0)
		return ans_formerr(&pq, out, outmax, info);
	a.ck = ans_cookie(ck, tr, q, &pq, &cres, &crc);
	/*
	 * RFC 7873 §5.4: no question is answered only with a COOKIE option
	 * (cookie_process made it a COOKIE_REPLY); otherwise it is FORMERR.
	 */
	if (crc == PKT_RCODE_FORMERR || (!pq.has_question && crc < 0))
		return ans_formerr(&pq, out, outmax, info);
	if (info != NULL)
		info->cookie_ok = a.ck != NULL && cres.exempt;
	if (pq.edns.present)
		pkt_wr_reserve(&w, ans_opt_size(a.ck));
	/* Zone data, the question and the synth buffers never change. */
	pkt_wr_fixed_names(&w);
	a.hint = ck != NULL ? ck->hint : NULL;
	a.db = db;
	a.o = o;
	a.tr = tr;
	a.q = &pq;
	a.w = &w;
	a.zone = NULL;
	a.node = NULL;
	a.sname = pq.qname;
	a.flags = 0;
	a.rcode = PKT_RCODE_NOERROR;
	a.chain = 0;
	a.naddl = 0;
	a.nsynth = 0;
	a.wild = NULL;
	a.nproof = 0;
	a.nflushed = 0;
	/* RFC 3225 §3: DNSSEC records only for a query with DO. */
	a.dnssec = pq.edns.present && (pq.edns.flags & EDNS_DO) != 0;
	rc = crc >= 0 ? crc : ans_precheck(&pq);
	if (rc >= 0)
		a.rcode = (uint16_t)rc;
	else if (pq.qclass == RRCLASS_CH)
		ans_chaos(&a);
	else
		ans_run(&a);
	return ans_finish(&a, info);
}
