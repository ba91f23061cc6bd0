/*
 * dnssec: what serving a pre-signed zone needs (RFC 4035 §3.1, RFC 5155
 * §7.2). A signed zone gets a second radix tree, its denial tree, built by
 * zone_finalize(): for an NSEC zone it maps the radkey of each owner that
 * holds an NSEC to its node, for an NSEC3 zone the raw hash of each NSEC3
 * owner (the base32hex first label decoded) to its node. A covering record
 * is then one radix_le on that tree.
 */
#ifndef RD_DNSSEC_H
#define RD_DNSSEC_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"

struct zone;
struct znode;

#define DNSSEC_HASHLEN 20 /* SHA-1, the only NSEC3 hash (RFC 5155 §11) */
#define DNSSEC_HASHMAX 64 /* longest hash label we decode */

/* Denial kind of a zone (struct zone's denial_kind). */
enum dnssec_kind {
	DNSSEC_NONE = 0,
	DNSSEC_NSEC = 1,
	DNSSEC_NSEC3 = 2,
};

/* NSEC3 parameters (RFC 5155 §4.1), as in NSEC3PARAM and each NSEC3. */
struct nsec3_param {
	uint8_t alg;
	uint8_t flags;
	uint16_t iterations;
	uint8_t saltlen;
	uint8_t salt[255];
};

#define NSEC3_FLAG_OPTOUT 0x01 /* RFC 5155 §3.1.2.1 */

/*
 * Read the parameters at the start of an NSEC3 or NSEC3PARAM rdata
 * rd[0..len). Returns 0 or RD_EMALFORMED.
 */
int dnssec_nsec3_param(const uint8_t *rd, size_t len, struct nsec3_param *p);

/*
 * RFC 5155 §5: the hash of name (lower-cased) with p's salt and
 * iterations, into out. Returns DNSSEC_HASHLEN, RD_ENOTSUP for an unknown
 * algorithm, or RD_ENOMEM when libcrypto fails.
 */
int dnssec_nsec3_hash(const struct nsec3_param *p, const uint8_t *name,
    uint8_t out[DNSSEC_HASHLEN]);

/*
 * Decode base32hex (RFC 4648 §7, either case, no padding) s[0..len) into
 * out (max octets). Returns the decoded length or RD_ESYNTAX.
 */
int dnssec_b32_decode(const uint8_t *s, size_t len, uint8_t *out, size_t max);

/*
 * The denial tree. dnssec_reset() frees z's tree and starts a new one from
 * the apex (NSEC3 when the apex has an NSEC3PARAM with SHA-1, NSEC when it
 * has an NSEC); dnssec_add_node() adds n when it holds the matching record;
 * dnssec_free() releases it. zone_finalize() calls them; on failure the
 * zone is left with DNSSEC_NONE.
 */
void dnssec_reset(struct zone *z);
void dnssec_add_node(struct zone *z, const struct znode *n);
void dnssec_free(struct zone *z);

/*
 * NSEC zone: the node whose NSEC matches name (*match 1) or covers it
 * (*match 0), that is the last NSEC owner at or before name in canonical
 * order. NULL when the zone has no NSEC chain.
 */
const struct znode *dnssec_nsec_find(
    const struct zone *z, const uint8_t *name, int *match);

/*
 * NSEC3 zone: the NSEC3 node whose owner hash matches hash(name) (*match
 * 1) or covers it (*match 0; the chain wraps from the last hash to the
 * first, RFC 5155 §3.1.7). NULL when the zone has no NSEC3 chain.
 */
const struct znode *dnssec_nsec3_find(
    const struct zone *z, const uint8_t *name, int *match);

/*
 * RFC 5155 §7.2.1: the closest provable encloser proof for name, which
 * must not be matched itself: walking up from name, the first ancestor
 * whose hash matches an NSEC3 (*ce, its NSEC3 node) and the NSEC3 covering
 * the next closer name, one label longer (*nc). *celabels gets the closest
 * encloser's label count. Returns 0 or RD_ENOTFOUND.
 */
int dnssec_nsec3_ce(const struct zone *z, const uint8_t *name,
    const struct znode **ce, const struct znode **nc, int *celabels);

/* 1 when the NSEC3 rdata in the RRset of node n has the opt-out flag. */
int dnssec_nsec3_optout(const struct znode *n);

/* How dnssec_check() reports: about node n, a sentence. */
typedef void (*dnssec_report_fn)(
    void *ctx, enum rd_sev sev, const struct znode *n, const char *msg);

/*
 * The checks of a signed zone at load (issue 8 point 3), on a finalized
 * zone; nothing is said of an unsigned one. Errors: a signed zone without
 * an NSEC or NSEC3 chain, a chain out of order or with a gap (an NSEC
 * whose next name is not the next owner with an NSEC, an NSEC3 whose next
 * hash is not the next hash), an authoritative name without its NSEC, or
 * without its NSEC3 outside an opt-out span, an NSEC3 whose parameters
 * differ from the NSEC3PARAM. Warnings: an authoritative RRset without
 * RRSIG, an RRSIG expired or not yet valid at time now (seconds since
 * 1970, RFC 4034 §3.1.5 serial arithmetic); the first few of each are
 * named, then their number. Returns the number of errors.
 */
int dnssec_check(
    const struct zone *z, int64_t now, dnssec_report_fn rep, void *ctx);

#endif
