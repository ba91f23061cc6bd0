/*
 * dnssec_check: the checks of a signed zone at load (dnssec.h). The chain
 * is walked in the denial tree's order, the names in the zone's order:
 * each NSEC's next name must be the next owner with an NSEC, each NSEC3's
 * next hash the next hash (RFC 4034 §4.1.1, RFC 5155 §3.1.7), and every
 * authoritative name must have its record. Signatures are the signer's
 * business: a missing or expired one is a warning, and the zone serves.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dns/dnssec.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"

#define DCK_NAMED 10 /* warnings of one kind named before a count */

struct dck {
	const struct zone *z;
	uint32_t now;
	dnssec_report_fn rep;
	void *ctx;
	int errors;
	const struct znode *prev; /* previous link of the chain */
	uint8_t prevkey[DNSSEC_HASHMAX];
	size_t prevlen;
	uint8_t firstkey[DNSSEC_HASHMAX];
	size_t firstlen;
	unsigned nosig, expired; /* warnings of each kind */
};

static void dck_say(struct dck *, enum rd_sev, const struct znode *,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
dck_say(
    struct dck *d, enum rd_sev sev, const struct znode *n, const char *fmt, ...)
{
	char buf[2 * NAME_MAXTEXT + 256];
	va_list ap;

	if (sev == RD_SEV_ERROR)
		d->errors++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	d->rep(d->ctx, sev, n, buf);
}

/* Presentation text of a name and a type, for messages. */
static const char *
dck_name(const uint8_t *name, char *buf)
{
	if (name_to_text(name, buf, NAME_MAXTEXT) < 0)
		strlcpy(buf, "?", NAME_MAXTEXT);
	return buf;
}

static const char *
dck_type(uint16_t type, char *buf)
{
	if (rrtype_to_text(type, buf, 16) < 0)
		strlcpy(buf, "?", 16);
	return buf;
}

/* Each NSEC's next name is the owner of the next NSEC (RFC 4034 §4.1.1). */
static void
dck_nsec_link(struct dck *d, const struct znode *n, const uint8_t *want)
{
	const struct rrset *rs = znode_rrset(n, RRTYPE_NSEC);
	char a[NAME_MAXTEXT], b[NAME_MAXTEXT], c[NAME_MAXTEXT];
	const uint8_t *next = rs->data + 2;

	if (name_check(next, wire_get_u16(rs->data)) < 0 ||
	    !name_equal(next, want))
		dck_say(d, RD_SEV_ERROR, n,
		    "%s: NSEC next name %s, but the next name with an NSEC "
		    "is %s; the chain must link every name in canonical order "
		    "(RFC 4034 §4.1.1): sign the zone again",
		    dck_name(n->name, a), dck_name(next, b), dck_name(want, c));
}

static int
dck_nsec_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct dck *d = ctx;

	if (d->prev != NULL)
		dck_nsec_link(d, d->prev, ((const struct znode *)val)->name);
	d->prev = val;
	return 0;
}

/* The next hashed owner of an NSEC3 rdata, or NULL. */
static const uint8_t *
nsec3_next(const struct rrset *rs, size_t *len)
{
	const uint8_t *rd = rs->data + 2;
	size_t rdlen = wire_get_u16(rs->data), off;

	if (rdlen < 5 || (off = 5 + (size_t)rd[4]) >= rdlen ||
	    off + 1 + rd[off] > rdlen)
		return NULL;
	*len = rd[off];
	return rd + off + 1;
}

static void
dck_nsec3_link(struct dck *d, const uint8_t *want, size_t wantlen)
{
	const uint8_t *next;
	char a[NAME_MAXTEXT];
	size_t len;

	next = nsec3_next(znode_rrset(d->prev, RRTYPE_NSEC3), &len);
	if (next == NULL || len != wantlen || memcmp(next, want, len) != 0)
		dck_say(d, RD_SEV_ERROR, d->prev,
		    "%s: NSEC3 next hashed owner is not the next hash of the "
		    "chain; the chain must link every hash in order "
		    "(RFC 5155 §3.1.7): sign the zone again",
		    dck_name(d->prev->name, a));
}

static int
dck_nsec3_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct dck *d = ctx;

	if (d->prev == NULL) {
		memcpy(d->firstkey, key, len);
		d->firstlen = len;
	} else
		dck_nsec3_link(d, key, len);
	d->prev = val;
	memcpy(d->prevkey, key, len);
	d->prevlen = len;
	return 0;
}

/* The chain in its own order. */
static void
dck_chain(struct dck *d)
{
	d->prev = NULL;
	if (d->z->denial_kind == DNSSEC_NSEC) {
		radix_walk(d->z->denial, dck_nsec_cb, d);
		if (d->prev != NULL)
			dck_nsec_link(d, d->prev, d->z->origin);
	} else {
		radix_walk(d->z->denial, dck_nsec3_cb, d);
		if (d->prev != NULL)
			dck_nsec3_link(d, d->firstkey, d->firstlen);
	}
}

/* 1 when n is an NSEC3 owner: one label at the apex holding an NSEC3. */
static int
is_nsec3_owner(const struct zone *z, const struct znode *n)
{
	return n->parent == z->apex && znode_rrset(n, RRTYPE_NSEC3) != NULL;
}

/*
 * An authoritative name needs its NSEC (RFC 4035 §2.3) or NSEC3 (RFC 5155
 * §7.1), except under opt-out: an unsigned delegation, or an empty
 * non-terminal above such delegations, may be left out of an NSEC3 chain
 * when the NSEC3 covering it has the opt-out flag (§6).
 */
static void
dck_covered(struct dck *d, const struct znode *n)
{
	const struct znode *c;
	char a[NAME_MAXTEXT];
	int match;

	if (d->z->denial_kind == DNSSEC_NSEC) {
		if (n->rrsets != NULL && znode_rrset(n, RRTYPE_NSEC) == NULL)
			dck_say(d, RD_SEV_ERROR, n,
			    "%s: no NSEC record; every name with "
			    "authoritative data or a delegation needs one "
			    "(RFC 4035 §2.3): sign the zone again",
			    dck_name(n->name, a));
		return;
	}
	c = dnssec_nsec3_find(d->z, n->name, &match);
	if (c == NULL || match)
		return;
	if (dnssec_nsec3_optout(c) &&
	    (n->rrsets == NULL ||
		((n->flags & ZN_DELEG) && znode_rrset(n, RRTYPE_DS) == NULL)))
		return;
	dck_say(d, RD_SEV_ERROR, n,
	    "%s: no NSEC3 record matches its hash; every authoritative name "
	    "needs one unless opt-out covers it (RFC 5155 §7.1): sign the "
	    "zone again",
	    dck_name(n->name, a));
}

/* RFC 5155 §4: every NSEC3 of the chain has the NSEC3PARAM's parameters. */
static void
dck_nsec3_params(struct dck *d, const struct znode *n)
{
	const struct rrset *rs = znode_rrset(n, RRTYPE_NSEC3);
	struct nsec3_param p;
	const struct nsec3_param *zp = d->z->nsec3;
	char a[NAME_MAXTEXT];

	if (dnssec_nsec3_param(rs->data + 2, wire_get_u16(rs->data), &p) == 0 &&
	    p.alg == zp->alg && p.iterations == zp->iterations &&
	    p.saltlen == zp->saltlen &&
	    memcmp(p.salt, zp->salt, p.saltlen) == 0)
		return;
	dck_say(d, RD_SEV_ERROR, n,
	    "%s: NSEC3 parameters differ from the zone's NSEC3PARAM; one "
	    "chain has one hash, salt and iteration count (RFC 5155 §4): "
	    "sign the zone again",
	    dck_name(n->name, a));
}

/* 1 when RRset rs of node n must be signed (RFC 4035 §2.2). */
static int
needs_sig(const struct znode *n, const struct rrset *rs)
{
	if (rs->type == RRTYPE_RRSIG)
		return 0;
	/* At a cut only DS and NSEC are the parent's authoritative data. */
	if (n->flags & ZN_DELEG)
		return rs->type == RRTYPE_DS || rs->type == RRTYPE_NSEC;
	return 1;
}

/* A signature time as YYYYMMDDHHmmSS (RFC 4034 §3.2), near now. */
static const char *
dck_time(const struct dck *d, uint32_t v, char *buf, size_t max)
{
	time_t t = (time_t)((int64_t)d->now + (int32_t)(v - d->now));
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, max, "%Y%m%d%H%M%S", &tm) == 0)
		strlcpy(buf, "?", max);
	return buf;
}

/* RFC 4034 §3.1.5: expiration and inception in serial arithmetic. */
static void
dck_times(struct dck *d, const struct znode *n, const struct rrset *sig)
{
	char a[NAME_MAXTEXT], t[16], w[32];
	const uint8_t *p;
	uint32_t exp, inc;
	int expired;

	RRSET_FOREACH(sig, p)
	{
		if (wire_get_u16(p) < 18)
			continue;
		exp = wire_get_u32(p + 2 + 8);
		inc = wire_get_u32(p + 2 + 12);
		if ((int32_t)(exp - d->now) >= 0 &&
		    (int32_t)(inc - d->now) <= 0)
			continue;
		expired = (int32_t)(exp - d->now) < 0;
		if (++d->expired <= DCK_NAMED)
			dck_say(d, RD_SEV_WARNING, n,
			    "%s/RRSIG %s: signature %s %s; the zone serves "
			    "it as it is, but validators will reject it: "
			    "sign the zone again",
			    dck_name(n->name, a),
			    dck_type(wire_get_u16(p + 2), t),
			    expired ? "expired at" : "valid only from",
			    dck_time(d, expired ? exp : inc, w, sizeof(w)));
	}
}

static void
dck_sigs(struct dck *d, const struct znode *n)
{
	const struct rrset *rs, *sig;
	char a[NAME_MAXTEXT], t[16];

	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		if (rs->type == RRTYPE_RRSIG) {
			dck_times(d, n, rs);
			continue;
		}
		if (!needs_sig(n, rs) ||
		    (sig = znode_rrsig(n, rs->type)) != NULL)
			continue;
		if (++d->nosig <= DCK_NAMED)
			dck_say(d, RD_SEV_WARNING, n,
			    "%s/%s: no RRSIG in a signed zone; validators "
			    "will reject it (RFC 4035 §2.2): sign the zone "
			    "again",
			    dck_name(n->name, a), dck_type(rs->type, t));
	}
}

static int
dck_node_cb(const struct znode *n, void *ctx)
{
	struct dck *d = ctx;

	/* Glue and occluded data are not signed nor chained. */
	if (n->flags & ZN_OCCLUDED)
		return 0;
	if (d->z->denial_kind == DNSSEC_NSEC3 && is_nsec3_owner(d->z, n))
		dck_nsec3_params(d, n);
	else if (d->z->denial_kind != DNSSEC_NONE)
		dck_covered(d, n);
	dck_sigs(d, n);
	return 0;
}

int
dnssec_check(const struct zone *z, int64_t now, dnssec_report_fn rep, void *ctx)
{
	struct dck d;
	char a[NAME_MAXTEXT];

	if (!zone_is_signed(z))
		return 0;
	memset(&d, 0, sizeof(d));
	d.z = z;
	d.now = (uint32_t)now;
	d.rep = rep;
	d.ctx = ctx;
	if (z->denial_kind == DNSSEC_NONE || z->denial == NULL ||
	    radix_count(z->denial) == 0)
		dck_say(&d, RD_SEV_ERROR, z->apex,
		    "%s: signed zone (DNSKEY and RRSIG at the apex) without "
		    "an NSEC chain or an NSEC3 chain with its NSEC3PARAM; "
		    "denial of existence cannot be proven (RFC 4035 §2.3, "
		    "RFC 5155 §7.1): sign the zone again",
		    dck_name(z->origin, a));
	else
		dck_chain(&d);
	zone_walk(z, dck_node_cb, &d);
	if (d.nosig > DCK_NAMED)
		dck_say(&d, RD_SEV_WARNING, z->apex,
		    "%s: %u RRsets in all without RRSIG; the first %d were "
		    "named: sign the zone again",
		    dck_name(z->origin, a), d.nosig, DCK_NAMED);
	if (d.expired > DCK_NAMED)
		dck_say(&d, RD_SEV_WARNING, z->apex,
		    "%s: %u signatures in all expired or not yet valid; the "
		    "first %d were named: sign the zone again",
		    dck_name(z->origin, a), d.expired, DCK_NAMED);
	return d.errors;
}
