/*
 * dnssec: NSEC3 hashing, the denial tree of a signed zone and the lookups
 * that choose NSEC and NSEC3 proofs (RFC 4035 §3.1.3, RFC 5155 §7.2).
 *
 * NSEC: the tree holds the radkey of each owner with an NSEC, so the NSEC
 * that matches or covers a name is the greatest key at or before the
 * name's key; the apex always has one, so there is always an answer.
 *
 * NSEC3: the tree holds the decoded hash of each NSEC3 owner (the first
 * label, base32hex). Base32hex keeps the order of the octets it encodes
 * (RFC 4648 §7), so octet order of the keys is the order of the chain.
 * The NSEC3 covering a hash is the greatest key below it, or the last one
 * when the hash is below every key (the chain wraps, RFC 5155 §3.1.7).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dns/dnssec.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"

int
dnssec_nsec3_param(const uint8_t *rd, size_t len, struct nsec3_param *p)
{
	struct wire_rd r;

	wire_rd_init(&r, rd, len);
	p->alg = wire_rd_u8(&r);
	p->flags = wire_rd_u8(&r);
	p->iterations = wire_rd_u16(&r);
	p->saltlen = wire_rd_u8(&r);
	wire_rd_bytes(&r, p->salt, p->saltlen);
	return r.err ? RD_EMALFORMED : 0;
}

/*
 * A zone's NSEC3 parameters with the digest state its queries reuse, so
 * that hashing a query name allocates nothing (EVP_Digest() makes a new
 * context on each call). z->nsec3 points at p, the first member.
 */
struct n3zone {
	struct nsec3_param p;
	EVP_MD_CTX *ctx;
	EVP_MD *md;
};

/* SHA-1 of in[0..len) into out, with ctx and md when given. */
static int
n3_digest(EVP_MD_CTX *ctx, const EVP_MD *md, const uint8_t *in, size_t len,
    uint8_t *out)
{
	unsigned int mdlen;

	if (ctx == NULL)
		return EVP_Digest(in, len, out, &mdlen, EVP_sha1(), NULL)
			   ? 0
			   : RD_ENOMEM;
	if (!EVP_DigestInit_ex(ctx, md, NULL) ||
	    !EVP_DigestUpdate(ctx, in, len) ||
	    !EVP_DigestFinal_ex(ctx, out, &mdlen))
		return RD_ENOMEM;
	return 0;
}

static int
n3_hash(EVP_MD_CTX *ctx, const EVP_MD *md, const struct nsec3_param *p,
    const uint8_t *name, uint8_t out[DNSSEC_HASHLEN])
{
	uint8_t buf[NAME_MAXLEN + 255];
	size_t nlen;
	unsigned i;

	/* RFC 5155 §5: SHA-1 is the only algorithm defined. */
	if (p->alg != 1)
		return RD_ENOTSUP;
	/* IH(salt, x, 0) = H(x || salt), x the owner in canonical form. */
	nlen = name_len(name);
	memcpy(buf, name, nlen);
	name_tolower(buf);
	memcpy(buf + nlen, p->salt, p->saltlen);
	if (n3_digest(ctx, md, buf, nlen + p->saltlen, out) < 0)
		return RD_ENOMEM;
	/* IH(salt, x, k) = H(IH(salt, x, k-1) || salt). */
	for (i = 0; i < p->iterations; i++) {
		memcpy(buf, out, DNSSEC_HASHLEN);
		memcpy(buf + DNSSEC_HASHLEN, p->salt, p->saltlen);
		if (n3_digest(ctx, md, buf, DNSSEC_HASHLEN + p->saltlen, out) <
		    0)
			return RD_ENOMEM;
	}
	return DNSSEC_HASHLEN;
}

int
dnssec_nsec3_hash(const struct nsec3_param *p, const uint8_t *name,
    uint8_t out[DNSSEC_HASHLEN])
{
	return n3_hash(NULL, NULL, p, name, out);
}

/* RFC 4648 §7 digit value, either case, or -1. */
static int
b32_val(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'V')
		return c - 'A' + 10;
	return -1;
}

int
dnssec_b32_decode(const uint8_t *s, size_t len, uint8_t *out, size_t max)
{
	uint32_t acc = 0;
	size_t i, n = 0;
	int bits = 0, v;

	for (i = 0; i < len; i++) {
		if ((v = b32_val(s[i])) < 0)
			return RD_ESYNTAX;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n == max)
				return RD_ESYNTAX;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	/* Left-over bits must be padding zeros. */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return RD_ESYNTAX;
	return (int)n;
}

void
dnssec_free(struct zone *z)
{
	struct n3zone *nz = (struct n3zone *)z->nsec3;

	if (z->denial != NULL)
		radix_free(z->denial, NULL, NULL);
	if (nz != NULL) {
		EVP_MD_CTX_free(nz->ctx);
		EVP_MD_free(nz->md);
		free(nz);
	}
	z->denial = NULL;
	z->nsec3 = NULL;
	z->denial_kind = DNSSEC_NONE;
}

void
dnssec_reset(struct zone *z)
{
	const struct rrset *rs;
	struct n3zone *nz;

	dnssec_free(z);
	if ((rs = znode_rrset(z->apex, RRTYPE_NSEC3PARAM)) != NULL &&
	    rs->count > 0) {
		if ((nz = calloc(1, sizeof(*nz))) == NULL)
			return;
		z->nsec3 = &nz->p;
		if (dnssec_nsec3_param(
			rs->data + 2, wire_get_u16(rs->data), z->nsec3) < 0 ||
		    z->nsec3->alg != 1 ||
		    (nz->ctx = EVP_MD_CTX_new()) == NULL ||
		    (nz->md = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL) {
			dnssec_free(z);
			return;
		}
		z->denial_kind = DNSSEC_NSEC3;
	} else if (znode_rrset(z->apex, RRTYPE_NSEC) != NULL)
		z->denial_kind = DNSSEC_NSEC;
	else
		return;
	if ((z->denial = radix_new()) == NULL)
		dnssec_free(z);
}

/* 1 when an NSEC3 rdata was made with the zone's parameters. */
static int
nsec3_same(const struct nsec3_param *zp, const uint8_t *rd, size_t len)
{
	struct nsec3_param p;

	if (dnssec_nsec3_param(rd, len, &p) < 0)
		return 0;
	return p.alg == zp->alg && p.iterations == zp->iterations &&
	       p.saltlen == zp->saltlen &&
	       memcmp(p.salt, zp->salt, p.saltlen) == 0;
}

void
dnssec_add_node(struct zone *z, const struct znode *n)
{
	uint8_t key[RADKEY_MAX];
	const struct rrset *rs;
	size_t klen;
	int r;

	if (z->denial == NULL)
		return;
	if (z->denial_kind == DNSSEC_NSEC) {
		if (znode_rrset(n, RRTYPE_NSEC) == NULL)
			return;
		klen = radkey_from_name(n->name, key);
	} else {
		/* RFC 5155 §3: an NSEC3 owner is one hash label at the apex. */
		if ((rs = znode_rrset(n, RRTYPE_NSEC3)) == NULL ||
		    n->parent != z->apex ||
		    !nsec3_same(z->nsec3, rs->data + 2, wire_get_u16(rs->data)))
			return;
		if ((r = dnssec_b32_decode(
			 n->name + 1, n->name[0], key, DNSSEC_HASHMAX)) <= 0)
			return;
		klen = (size_t)r;
	}
	if (radix_insert(z->denial, key, klen, (void *)(uintptr_t)n) < 0)
		dnssec_free(z);
}

const struct znode *
dnssec_nsec_find(const struct zone *z, const uint8_t *name, int *match)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;
	void *val;
	int r;

	if (z->denial_kind != DNSSEC_NSEC || z->denial == NULL)
		return NULL;
	klen = radkey_from_name(name, key);
	r = radix_le(z->denial, key, klen, &val, NULL, 0, NULL);
	if (r < 0)
		return NULL;
	*match = r == 1;
	return val;
}

/* NSEC3 node matching or covering a hash. */
static const struct znode *
nsec3_find_hash(const struct zone *z, const uint8_t *h, size_t hlen, int *match)
{
	uint8_t top[DNSSEC_HASHMAX];
	void *val;
	int r;

	r = radix_le(z->denial, h, hlen, &val, NULL, 0, NULL);
	if (r < 0) {
		/* Below the first hash: the last NSEC3 covers it. */
		memset(top, 0xff, sizeof(top));
		if (radix_le(z->denial, top, sizeof(top), &val, NULL, 0, NULL) <
		    0)
			return NULL;
		r = 0;
	}
	*match = r == 1;
	return val;
}

const struct znode *
dnssec_nsec3_find(const struct zone *z, const uint8_t *name, int *match)
{
	const struct n3zone *nz = (const struct n3zone *)z->nsec3;
	uint8_t h[DNSSEC_HASHLEN];

	if (z->denial_kind != DNSSEC_NSEC3 || z->denial == NULL)
		return NULL;
	if (n3_hash(nz->ctx, nz->md, &nz->p, name, h) < 0)
		return NULL;
	return nsec3_find_hash(z, h, sizeof(h), match);
}

int
dnssec_nsec3_ce(const struct zone *z, const uint8_t *name,
    const struct znode **ce, const struct znode **nc, int *celabels)
{
	const uint8_t *p, *next = name;
	const struct znode *n;
	int match;

	if (z->denial_kind != DNSSEC_NSEC3 || z->denial == NULL)
		return RD_ENOTFOUND;
	for (p = name_parent(name); p != NULL && name_is_sub(p, z->origin);
	     p = name_parent(p)) {
		n = dnssec_nsec3_find(z, p, &match);
		if (n != NULL && match) {
			*ce = n;
			*celabels = name_labels(p);
			*nc = dnssec_nsec3_find(z, next, &match);
			return *nc != NULL && !match ? 0 : RD_ENOTFOUND;
		}
		next = p;
	}
	return RD_ENOTFOUND;
}

int
dnssec_nsec3_optout(const struct znode *n)
{
	const struct rrset *rs;

	if ((rs = znode_rrset(n, RRTYPE_NSEC3)) == NULL ||
	    wire_get_u16(rs->data) < 2)
		return 0;
	return (rs->data[3] & NSEC3_FLAG_OPTOUT) != 0;
}
