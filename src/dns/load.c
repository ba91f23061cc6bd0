/*
 * load: scanner records into a zone, with the checks named-checkzone and
 * kzonecheck make. Checks that one record decides (class, out of zone, SOA
 * placement, CNAME beside other data, singletons, TTLs) are made as the
 * record arrives, with its file and line. Checks that need the whole zone
 * (SOA and NS at the apex, glue, data below a delegation or a DNAME) run
 * once at the end over the tree, with the line of each node's first record.
 *
 * Severity follows the reference tools: an error makes the zone unusable
 * (the result is NULL); a warning is reported and the zone loads.
 *   - out of zone, SOA misplaced or doubled, CNAME beside data, two CNAMEs
 *     or DNAMEs, no SOA, no apex NS, records below a DNAME, in-zone NS
 *     target without address (missing glue), NS target a CNAME: errors;
 *   - TTLs differing in an RRset (unified to the first, RFC 2181 §5.2),
 *     non-address data below a delegation (occluded, never served; and
 *     named-checkzone says nothing of it), sibling glue missing, MX or SRV
 *     target a CNAME: warnings.
 *   - duplicate records are collapsed silently, as both tools do.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/dnssec.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "dns/zscan.h"

#define LD_MAXFILES 256

/* Reporting state shared by the record checks and the zone checks. */
struct ck {
	rd_msg_cb cb;
	void *ctx;
	unsigned errors;
	unsigned max_errors;
	char *files[LD_MAXFILES]; /* file names, indexed by file number */
	unsigned nfiles;
	const struct zone *z;
	int rules; /* check what the loader refuses record by record */
	const struct znode **later; /* nodes for check_later() */
	size_t nlater, latercap;
	int later_lost;	 /* no memory for later: walk again */
	int defer;	 /* hold messages about nodes for ld_where() */
	struct dmsg *dm; /* held messages */
	size_t ndm, dmcap;
	int64_t now;	 /* time of the signature checks; 0: now */
};

/*
 * A message about a node, held until the line of the node's first record
 * is known. Nodes carry no line (it would cost memory in every zone for
 * the rare zone with problems), so when the zone checks have something to
 * say the loader reads the file once more to find those lines.
 */
struct dmsg {
	const struct znode *n;
	enum rd_sev sev;
	uint8_t file;
	unsigned line;
	char *text;
};

/* Loader state. */
struct ld {
	struct ck ck;
	struct zone *z;
	const char *lastfile; /* the scanner's pointer for files[curfile] */
	uint8_t curfile;
	struct znode *last; /* node of the previous record */
	uint8_t lastowner[NAME_MAXLEN];
	size_t lastlen;
	int have_class;
	unsigned soa_line;
	uint8_t soa_file;
};

static const char *
ck_file(const struct ck *c, uint8_t idx)
{
	if (idx < c->nfiles && c->files[idx] != NULL)
		return c->files[idx];
	return c->nfiles > 0 && c->files[0] != NULL ? c->files[0] : "-";
}

static void ck_msg(struct ck *, enum rd_sev, uint8_t, unsigned, const char *,
    ...) __attribute__((format(printf, 5, 6)));
static void ck_node(struct ck *, enum rd_sev, const struct znode *,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
ck_msg(struct ck *c, enum rd_sev sev, uint8_t file, unsigned line,
    const char *fmt, ...)
{
	char buf[2 * NAME_MAXTEXT + 512];
	va_list ap;

	if (sev == RD_SEV_ERROR)
		c->errors++;
	if (c->cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->cb(c->ctx, sev, ck_file(c, file), line, 0, buf);
}

/* A message about node n: held when deferring, else without a line. */
static void
ck_node(
    struct ck *c, enum rd_sev sev, const struct znode *n, const char *fmt, ...)
{
	char buf[2 * NAME_MAXTEXT + 512];
	struct dmsg *dm;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!c->defer) {
		ck_msg(c, sev, 0, 0, "%s", buf);
		return;
	}
	if (sev == RD_SEV_ERROR)
		c->errors++;
	if (c->ndm == c->dmcap) {
		c->dmcap = c->dmcap ? c->dmcap * 2 : 16;
		if ((dm = reallocarray(c->dm, c->dmcap, sizeof(*dm))) == NULL)
			goto nomem;
		c->dm = dm;
	}
	dm = &c->dm[c->ndm];
	if ((dm->text = strdup(buf)) == NULL)
		goto nomem;
	dm->n = n;
	dm->sev = sev;
	dm->file = 0;
	dm->line = 0;
	c->ndm++;
	return;
nomem:
	/* Say it now without a line rather than lose it. */
	if (c->cb != NULL)
		c->cb(c->ctx, sev, ck_file(c, 0), 0, 0, buf);
}

/* Presentation text of a name and of a type, for messages. */
struct txt {
	char s[NAME_MAXTEXT];
};

static const char *
ntext(struct txt *t, const uint8_t *name)
{
	if (name_to_text(name, t->s, sizeof(t->s)) < 0)
		strlcpy(t->s, "?", sizeof(t->s));
	return t->s;
}

static const char *
ttext(struct txt *t, uint16_t type)
{
	if (rrtype_to_text(type, t->s, sizeof(t->s)) < 0)
		strlcpy(t->s, "?", sizeof(t->s));
	return t->s;
}

/* First RRset of n that may not sit beside a CNAME, or NULL. */
static const struct rrset *
cname_conflict(const struct znode *n)
{
	const struct rrset *rs;

	for (rs = n->rrsets; rs != NULL; rs = rs->next)
		if (rs->type != RRTYPE_CNAME &&
		    !(rrtype_get(rs->type)->flags & RRT_CNAMEOK))
			return rs;
	return NULL;
}

#define CNAME_BESIDE                                                           \
	"%s: CNAME beside %s data; a name with a CNAME can "                   \
	"have no other data (RFC 2181 §10.1): remove the CNAME or the other " \
	"records"
#define SINGLE "%s: more than one %s record; %s: keep one"
#define SOA_NOT_APEX                                                           \
	"%s: SOA record not at the zone apex %s; a zone has "                  \
	"one SOA, at its origin (RFC 1035 §5.2): remove it, or load this "    \
	"name as a zone of its own"

#define TARGET_CNAME                                                           \
	"%s: %s target %s is a CNAME; it must name the host "                  \
	"itself, not an alias (RFC 2181 §10.3): use the canonical name"

static const char *
single_why(uint16_t type)
{
	const char *why;

	switch (type) {
	case RRTYPE_SOA:
		why = "a zone has exactly one SOA (RFC 1035 §5.2)";
		break;
	case RRTYPE_DNAME:
		why = "a name has at most one DNAME (RFC 6672 §2.4)";
		break;
	default:
		why = "a name has at most one CNAME (RFC 2181 §10.1)";
		break;
	}
	return why;
}

/*
 * Checks of one record against the node it goes to. 0: add it; 1: it is a
 * duplicate; -1: it was reported as an error and is left out.
 */
static int
ld_check_rr(struct ld *l, const struct zscan_rr *rr, struct znode *n)
{
	const struct rrset *rs, *other;
	struct txt a, b;

	if (rr->type == RRTYPE_SOA && n != l->z->apex) {
		/* RFC 1035 §5.2: the SOA is at the top of the zone. */
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line, SOA_NOT_APEX,
		    ntext(&a, rr->owner), ntext(&b, l->z->origin));
		return -1;
	}
	if (rrtype_get(rr->type)->flags & RRT_SINGLE &&
	    (rs = znode_rrset(n, rr->type)) != NULL) {
		if (rdata_cmp(rr->type, rs->data + 2, wire_get_u16(rs->data),
			rr->rdata, rr->rdlen) == 0)
			return 1;
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line, SINGLE,
		    ntext(&a, rr->owner), ttext(&b, rr->type),
		    single_why(rr->type));
		return -1;
	}
	/* RFC 2181 §10.1, RFC 4035 §2.5: only RRSIG and NSEC beside a CNAME. */
	if (rr->type == RRTYPE_CNAME) {
		if ((other = cname_conflict(n)) != NULL) {
			ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line,
			    CNAME_BESIDE, ntext(&a, rr->owner),
			    ttext(&b, other->type));
			return -1;
		}
	} else if (!(rrtype_get(rr->type)->flags & RRT_CNAMEOK) &&
		   znode_rrset(n, RRTYPE_CNAME) != NULL) {
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line, CNAME_BESIDE,
		    ntext(&a, rr->owner), ttext(&b, rr->type));
		return -1;
	}
	return 0;
}

/* Index of the record's file in the file list, added when new. */
static int
ld_file(struct ld *l, const char *file)
{
	unsigned i;

	if (file == l->lastfile)
		return 0;
	for (i = 0; i < l->ck.nfiles; i++)
		if (strcmp(l->ck.files[i], file) == 0)
			break;
	if (i == l->ck.nfiles) {
		if (i == LD_MAXFILES)
			i = LD_MAXFILES - 1;
		else if ((l->ck.files[l->ck.nfiles++] = strdup(file)) == NULL)
			return RD_ENOMEM;
	}
	l->curfile = (uint8_t)i;
	l->lastfile = file;
	return 0;
}

/* The node for the record's owner; consecutive records often share it. */
static struct znode *
ld_node(struct ld *l, const uint8_t *owner)
{
	size_t len = name_len(owner);

	if (l->last != NULL && len == l->lastlen &&
	    memcmp(owner, l->lastowner, len) == 0)
		return l->last;
	if ((l->last = zone_node(l->z, owner, 1)) == NULL)
		return NULL;
	memcpy(l->lastowner, owner, len);
	l->lastlen = len;
	return l->last;
}

/* One scanned record into the zone. 0, or RD_ENOMEM. */
static int
ld_rr(struct ld *l, const struct zscan_rr *rr)
{
	struct znode *n;
	struct txt a, b, c;
	uint32_t oldttl;
	int r;

	if (ld_file(l, rr->file) != 0)
		return RD_ENOMEM;
	if (!l->have_class) {
		l->z->rclass = rr->rclass;
		l->have_class = 1;
	} else if (rr->rclass != l->z->rclass) {
		rrclass_to_text(rr->rclass, a.s, sizeof(a.s));
		rrclass_to_text(l->z->rclass, b.s, sizeof(b.s));
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line,
		    "%s: class %s differs from the zone's class %s; all "
		    "records of a zone have one class: fix the class",
		    ntext(&c, rr->owner), a.s, b.s);
		return 0;
	}
	/* zone_node() returns NULL for an owner out of the zone. */
	if ((n = ld_node(l, rr->owner)) == NULL) {
		if (name_is_sub(rr->owner, l->z->origin))
			return RD_ENOMEM;
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line,
		    "%s: out of zone %s; every record of a zone is at or "
		    "below its origin: fix the owner, $ORIGIN or the origin, "
		    "or remove the record",
		    ntext(&a, rr->owner), ntext(&b, l->z->origin));
		return 0;
	}
	if (ld_check_rr(l, rr, n) != 0)
		return 0;
	r = znode_add_rr(
	    l->z, n, rr->type, rr->ttl, rr->rdata, rr->rdlen, &oldttl);
	if (r == 2) {
		ck_msg(&l->ck, RD_SEV_WARNING, l->curfile, rr->line,
		    "%s/%s: TTL %u differs from the TTL %u of the RRset; the "
		    "records of an RRset have one TTL (RFC 2181 §5.2): set to "
		    "%u; make the TTLs equal",
		    ntext(&a, rr->owner), ttext(&b, rr->type),
		    (unsigned)rr->ttl, (unsigned)oldttl, (unsigned)oldttl);
	} else if (r == RD_ELIMIT) {
		ck_msg(&l->ck, RD_SEV_ERROR, l->curfile, rr->line,
		    "%s/%s: more than 65535 records in one RRset; split the "
		    "data over several names",
		    ntext(&a, rr->owner), ttext(&b, rr->type));
	} else if (r < 0)
		return r;
	if (rr->type == RRTYPE_SOA && l->soa_line == 0) {
		l->soa_line = rr->line;
		l->soa_file = l->curfile;
	}
	return 0;
}

/*
 * Zone-wide checks.
 */

/* The deepest ancestor of n that is a zone cut or holds a DNAME. */
static const struct znode *
cut_above(const struct znode *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (!(n->flags & ZN_OCCLUDED) &&
		    (n->flags & (ZN_DELEG | ZN_DNAME)))
			return n;
	return NULL;
}

static void
check_occluded(struct ck *c, const struct znode *n)
{
	const struct znode *cut;
	const struct rrset *rs;
	struct txt a, b, t;

	if (n->rrsets == NULL || (cut = cut_above(n)) == NULL)
		return;
	if (cut->flags & ZN_DNAME) {
		/* RFC 6672 §2.4: no data below a DNAME. */
		ck_node(c, RD_SEV_ERROR, n,
		    "%s: records below the DNAME at %s; a name with a DNAME "
		    "can have no descendants (RFC 6672 §2.4): remove them or "
		    "the DNAME",
		    ntext(&a, n->name), ntext(&b, cut->name));
		return;
	}
	/* Addresses below a cut are glue; anything else is never served. */
	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type == RRTYPE_A || rs->type == RRTYPE_AAAA)
			continue;
		ck_node(c, RD_SEV_WARNING, n,
		    "%s: %s below the delegation at %s is occluded and will "
		    "not be served (RFC 1034 §4.2.1): move it to the child "
		    "zone or remove it",
		    ntext(&a, n->name), ttext(&t, rs->type),
		    ntext(&b, cut->name));
		return;
	}
}

/*
 * At a zone cut the parent holds only the delegation: NS, DS and their
 * DNSSEC records (RFC 4035 §2.4), and addresses as glue. Anything else
 * there belongs to the child and is never served from this zone.
 */
static void
check_at_cut(struct ck *c, const struct znode *n)
{
	const struct rrset *rs;
	struct txt a, t;

	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		switch (rs->type) {
		case RRTYPE_NS:
		case RRTYPE_DS:
		case RRTYPE_NSEC:
		case RRTYPE_RRSIG:
		case RRTYPE_A:
		case RRTYPE_AAAA:
			continue;
		}
		ck_node(c, RD_SEV_WARNING, n,
		    "%s: %s at the delegation is occluded and will not be "
		    "served (RFC 1034 §4.2.1): move it to the child zone or "
		    "remove it",
		    ntext(&a, n->name), ttext(&t, rs->type));
		return;
	}
}

/* 1 when name lies at or below a zone cut of z (other than the apex). */
static int
below_cut(const struct zone *z, const uint8_t *name)
{
	struct zone_find f;
	const struct znode *e;

	if (zone_find(z, name, &f) < 0)
		return 0;
	for (e = f.encloser; e != NULL; e = e->parent)
		if (e->flags & (ZN_DELEG | ZN_OCCLUDED))
			return 1;
	return 0;
}

/*
 * Each in-zone target of an NS RRset at the apex or at a cut needs an
 * address: glue when it is below the cut (RFC 1034 §4.2.1), authoritative
 * A/AAAA when it is in our data. kzonecheck and named-checkzone both report
 * it; a target below another cut (sibling glue) only gets a warning.
 */
static void
check_ns(struct ck *c, const struct zone *z, const struct znode *n)
{
	const struct rrset *ns;
	const struct znode *t;
	const uint8_t *p;
	struct txt a, b;
	int glue, sibling;

	if ((ns = znode_rrset(n, RRTYPE_NS)) == NULL ||
	    !(n->flags & (ZN_APEX | ZN_DELEG)))
		return;
	RRSET_FOREACH(ns, p)
	{
		const uint8_t *target = p + 2;

		if (!name_is_sub(target, z->origin))
			continue;
		t = zone_get(z, target);
		/* RFC 2181 §10.3: an NS names a host, never an alias. */
		if (t != NULL && (t->flags & ZN_CNAME)) {
			ck_node(c, RD_SEV_ERROR, n, TARGET_CNAME,
			    ntext(&a, n->name), "NS", ntext(&b, target));
			continue;
		}
		if (t != NULL && (znode_rrset(t, RRTYPE_A) != NULL ||
				     znode_rrset(t, RRTYPE_AAAA) != NULL))
			continue;
		glue = (n->flags & ZN_DELEG) && name_is_sub(target, n->name);
		sibling = !glue && below_cut(z, target);
		if (glue)
			ck_node(c, RD_SEV_ERROR, n,
			    "%s: NS target %s has no glue; a name server "
			    "inside the zone it serves needs A or AAAA "
			    "records beside the delegation (RFC 1034 §4.2.1):"
			    " add them",
			    ntext(&a, n->name), ntext(&b, target));
		else if (sibling)
			ck_node(c, RD_SEV_WARNING, n,
			    "%s: NS target %s is below another delegation "
			    "and has no glue; resolvers must look it up "
			    "there: add A or AAAA records for it",
			    ntext(&a, n->name), ntext(&b, target));
		else
			ck_node(c, RD_SEV_ERROR, n,
			    "%s: NS target %s is in this zone but has no A "
			    "or AAAA record; a name server must be reachable "
			    "(RFC 1034 §4.2.1): add its address",
			    ntext(&a, n->name), ntext(&b, target));
	}
}

/*
 * MX and SRV targets in the zone that are aliases: RFC 2181 §10.3 forbids
 * them; named-checkzone warns by default (its -M and -S modes), and so do
 * we.
 */
static void
check_targets(struct ck *c, const struct zone *z, const struct znode *n)
{
	static const struct {
		uint16_t type;
		uint16_t off; /* where the target name starts */
		const char *name;
	} tt[] = {
	    {RRTYPE_MX, 2, "MX"},   /* RFC 1035 §3.3.9 */
	    {RRTYPE_SRV, 6, "SRV"}, /* RFC 2782 */
	};
	const struct rrset *rs;
	const struct znode *t;
	const uint8_t *p, *target;
	struct txt a, b;
	size_t i;

	for (i = 0; i < sizeof(tt) / sizeof(tt[0]); i++) {
		if ((rs = znode_rrset(n, tt[i].type)) == NULL)
			continue;
		RRSET_FOREACH(rs, p)
		{
			if (wire_get_u16(p) <= tt[i].off)
				continue;
			target = p + 2 + tt[i].off;
			if (!name_is_sub(target, z->origin) ||
			    (t = zone_get(z, target)) == NULL ||
			    !(t->flags & ZN_CNAME))
				continue;
			ck_node(c, RD_SEV_WARNING, n, TARGET_CNAME,
			    ntext(&a, n->name), tt[i].name, ntext(&b, target));
		}
	}
}

/* Rules one node breaks by itself (these also hold after a diff). */
static void
check_node_rules(struct ck *c, const struct zone *z, const struct znode *n)
{
	const struct rrset *rs, *other;
	struct txt a, b;

	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->count > 1 && rrtype_get(rs->type)->flags & RRT_SINGLE)
			ck_node(c, RD_SEV_ERROR, n, SINGLE, ntext(&a, n->name),
			    ttext(&b, rs->type), single_why(rs->type));
		if (rs->type == RRTYPE_SOA && n != z->apex)
			ck_node(c, RD_SEV_ERROR, n, SOA_NOT_APEX,
			    ntext(&a, n->name), ntext(&b, z->origin));
	}
	if ((n->flags & ZN_CNAME) && (other = cname_conflict(n)) != NULL)
		ck_node(c, RD_SEV_ERROR, n, CNAME_BESIDE, ntext(&a, n->name),
		    ttext(&b, other->type));
}

/* 1 when n holds RRsets whose targets check_later() looks at. */
static int
has_targets(const struct znode *n)
{
	const struct rrset *rs;

	for (rs = n->rrsets; rs != NULL; rs = rs->next)
		if (rs->type == RRTYPE_NS || rs->type == RRTYPE_MX ||
		    rs->type == RRTYPE_SRV)
			return 1;
	return 0;
}

/*
 * Checks of one node, called as zone_finalize_walk() sets its flags: what
 * needs only the node and its ancestors is checked at once; nodes whose
 * NS, MX or SRV targets need the flags of other nodes are kept for later.
 */
static int
check_node_cb(const struct znode *n, void *ctx)
{
	struct ck *c = ctx;
	const struct znode **v;

	if (c->errors >= c->max_errors)
		return 0;
	if (c->rules)
		check_node_rules(c, c->z, n);
	if (n->flags & ZN_OCCLUDED) {
		check_occluded(c, n);
		return 0;
	}
	if (n->flags & ZN_DELEG)
		check_at_cut(c, n);
	if (c->later_lost || !has_targets(n))
		return 0;
	if (c->nlater == c->latercap) {
		c->latercap = c->latercap ? c->latercap * 2 : 256;
		if ((v = reallocarray(c->later, c->latercap, sizeof(*v))) ==
		    NULL) {
			c->later_lost = 1;
			return 0;
		}
		c->later = v;
	}
	c->later[c->nlater++] = n;
	return 0;
}

static int
check_later_cb(const struct znode *n, void *ctx)
{
	struct ck *c = ctx;

	if (c->errors >= c->max_errors)
		return 1;
	if (!(n->flags & ZN_OCCLUDED)) {
		check_ns(c, c->z, n);
		check_targets(c, c->z, n);
	}
	return 0;
}

/* dnssec_check() reports through the held node messages. */
static void
ck_dnssec(void *ctx, enum rd_sev sev, const struct znode *n, const char *m)
{
	ck_node(ctx, sev, n, "%s", m);
}

static void
check_zone(struct ck *c, struct zone *z, uint8_t soa_file, unsigned soa_line)
{
	struct txt a;
	size_t i;

	c->z = z;
	if (znode_rrset(z->apex, RRTYPE_SOA) == NULL)
		ck_msg(c, RD_SEV_ERROR, 0, 0,
		    "%s: no SOA record at the zone apex; a zone has exactly "
		    "one SOA, at its origin (RFC 1035 §5.2): add it, or check "
		    "the origin",
		    ntext(&a, z->origin));
	else if (znode_rrset(z->apex, RRTYPE_NS) == NULL)
		ck_msg(c, RD_SEV_ERROR, soa_file, soa_line,
		    "%s: no NS records at the zone apex; a zone names its "
		    "servers at its origin (RFC 1034 §4.2.1): add NS records",
		    ntext(&a, z->origin));
	zone_finalize_walk(z, check_node_cb, c);
	if (c->later_lost)
		zone_walk(z, check_later_cb, c);
	else
		for (i = 0; i < c->nlater; i++)
			if (check_later_cb(c->later[i], c) != 0)
				break;
	free(c->later);
	c->later = NULL;
	c->nlater = c->latercap = 0;
	/* Issue 8 point 3: the chain and the signatures of a signed zone. */
	dnssec_check(z, c->now != 0 ? c->now : (int64_t)time(NULL), ck_dnssec,
	    c);
}

int
load_check(struct zone *z, const char *file, rd_msg_cb cb, void *ctx)
{
	struct ck c;

	memset(&c, 0, sizeof(c));
	c.cb = cb;
	c.ctx = ctx;
	c.max_errors = 100;
	c.rules = 1;
	c.files[0] = (char *)(uintptr_t)file;
	c.nfiles = file != NULL ? 1 : 0;
	check_zone(&c, z, 0, 0);
	return (int)c.errors;
}

/* Where the records come from, so that ld_where() can read them again. */
struct ld_src {
	const char *path; /* a file, or NULL for buf */
	const char *buf;
	size_t len;
	const char *name; /* the file's name in messages */
	struct zscan_opts so;
};

static struct zscan *
ld_open(const struct ld_src *src, rd_msg_cb cb, void *ctx)
{
	if (src->path != NULL)
		return zscan_open_file(src->path, &src->so, cb, ctx);
	return zscan_open_mem(src->buf, src->len, src->name, &src->so, cb, ctx);
}

static int
dm_cmp_node(const void *a, const void *b)
{
	const struct dmsg *x = a, *y = b;

	if (x->n != y->n)
		return (uintptr_t)x->n < (uintptr_t)y->n ? -1 : 1;
	return 0;
}

/*
 * Find the file and line of the first record of each node that held
 * messages name, by reading the zone again (quietly), then report them.
 * The messages keep the order in which the checks made them.
 */
static void
ld_where(struct ld *l, const struct ld_src *src)
{
	struct ck *c = &l->ck;
	struct dmsg *byn = NULL, key, *hit;
	const struct znode *n, *last = NULL;
	struct zscan_rr rr;
	struct zscan *s;
	size_t i, left;

	if (c->ndm == 0)
		return;
	/* A copy sorted by node, to look nodes up while scanning. */
	if ((byn = reallocarray(NULL, c->ndm, sizeof(*byn))) != NULL &&
	    (s = ld_open(src, NULL, NULL)) != NULL) {
		memcpy(byn, c->dm, c->ndm * sizeof(*byn));
		qsort(byn, c->ndm, sizeof(*byn), dm_cmp_node);
		left = c->ndm;
		l->lastfile = NULL;
		while (left > 0 && zscan_next(s, &rr) == 1) {
			if ((n = zone_get(l->z, rr.owner)) == NULL || n == last)
				continue;
			last = n;
			key.n = n;
			if ((hit = bsearch(&key, byn, c->ndm, sizeof(*byn),
				 dm_cmp_node)) == NULL ||
			    hit->line != 0)
				continue;
			if (ld_file(l, rr.file) != 0)
				break;
			/* Mark every held message about n. */
			while (hit > byn && hit[-1].n == n)
				hit--;
			for (; hit < byn + c->ndm && hit->n == n; hit++) {
				hit->line = rr.line;
				hit->file = l->curfile;
				left--;
			}
		}
		zscan_close(s);
		for (i = 0; i < c->ndm; i++) {
			key.n = c->dm[i].n;
			hit = bsearch(
			    &key, byn, c->ndm, sizeof(*byn), dm_cmp_node);
			c->dm[i].line = hit->line;
			c->dm[i].file = hit->file;
		}
	}
	free(byn);
	for (i = 0; i < c->ndm; i++) {
		if (c->cb != NULL)
			c->cb(c->ctx, c->dm[i].sev, ck_file(c, c->dm[i].file),
			    c->dm[i].line, 0, c->dm[i].text);
		free(c->dm[i].text);
	}
	free(c->dm);
	c->dm = NULL;
	c->ndm = 0;
}

/* Records of src into a new zone. */
static int
load_src(const struct ld_src *src, const uint8_t *origin,
    const struct load_opts *o, rd_msg_cb cb, void *ctx, struct zone **out)
{
	struct zscan_rr rr;
	struct zscan *s;
	struct ld l;
	unsigned i, serrors;
	int r = 0;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.ck.cb = cb;
	l.ck.ctx = ctx;
	l.ck.max_errors = o != NULL && o->max_errors ? o->max_errors : 100;
	l.ck.defer = 1;
	l.ck.now = o != NULL ? o->sig_time : 0;
	l.ck.files[0] = strdup(src->name);
	l.ck.nfiles = 1;
	if (l.ck.files[0] == NULL ||
	    (l.z = zone_new(origin, RRCLASS_IN)) == NULL) {
		free(l.ck.files[0]);
		return RD_ENOMEM;
	}
	if ((s = ld_open(src, cb, ctx)) == NULL) {
		r = RD_ENOMEM;
		goto out;
	}
	while (l.ck.errors < l.ck.max_errors && zscan_next(s, &rr) == 1)
		if ((r = ld_rr(&l, &rr)) != 0)
			break;
	serrors = zscan_errors(s);
	l.ck.errors += serrors;
	zscan_close(s);
	/*
	 * Zone-wide checks on a zone with records missing would report
	 * what fixing the syntax errors may cure: they wait for a clean scan,
	 * as named-checkzone's do.
	 */
	if (r == 0 && serrors == 0 && l.ck.errors < l.ck.max_errors) {
		check_zone(&l.ck, l.z, l.soa_file, l.soa_line);
		ld_where(&l, src);
	}
out:
	for (i = 0; i < l.ck.nfiles; i++)
		free(l.ck.files[i]);
	if (r != 0 || l.ck.errors > 0) {
		zone_free(l.z);
		return r != 0 ? r : (int)l.ck.errors;
	}
	*out = l.z;
	return 0;
}

static void
scan_opts(
    struct zscan_opts *so, const uint8_t *origin, const struct load_opts *o)
{
	memset(so, 0, sizeof(*so));
	so->origin = origin;
	so->allow_include = 1;
	if (o != NULL) {
		so->max_errors = o->max_errors;
		so->include_depth = o->include_depth;
		so->generate_max = o->generate_max;
		so->allow_include = o->allow_include;
	}
}

int
load_zone_file(const char *path, const uint8_t *origin,
    const struct load_opts *o, rd_msg_cb cb, void *ctx, struct zone **out)
{
	struct ld_src src;

	memset(&src, 0, sizeof(src));
	src.path = path;
	src.name = path;
	scan_opts(&src.so, origin, o);
	return load_src(&src, origin, o, cb, ctx, out);
}

int
load_zone_mem(const char *buf, size_t len, const char *name,
    const uint8_t *origin, const struct load_opts *o, rd_msg_cb cb, void *ctx,
    struct zone **out)
{
	struct ld_src src;

	memset(&src, 0, sizeof(src));
	src.buf = buf;
	src.len = len;
	src.name = name;
	scan_opts(&src.so, origin, o);
	return load_src(&src, origin, o, cb, ctx, out);
}
