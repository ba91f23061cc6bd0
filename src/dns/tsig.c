/*
 * tsig: RFC 8945 transaction signatures.
 *
 * Every MAC is an HMAC computed by OpenSSL's EVP_MAC interface, fed in
 * pieces so that no copy of the message is made:
 *
 *   request (§4.3.3):       message' | variables
 *   response (§4.3.1):      len, request MAC | message' | variables
 *   later in a stream (§5.3.1):
 *                           len, previous MAC | unsigned messages |
 *                           message' | timers
 *
 * where message' is the message up to the TSIG RR with ARCOUNT one lower
 * and the Original ID in place of the ID (the header is rewritten in a
 * 12-octet copy), "variables" are the key name and algorithm name in
 * canonical form, class ANY, TTL 0, Time Signed, Fudge, Error, Other Len
 * and Other Data (§4.3.3), and "timers" are Time Signed and Fudge only.
 * A signer writes the TSIG RR after signing, so its message' is the
 * message as it stands.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "dns/wire.h"

#define TSIG_HDR_ARCOUNT 10
#define TSIG_ABSENT 2 /* tsig_find: the message has no TSIG */

/* One algorithm: its wire name, its digest for OpenSSL, its MAC length. */
struct tsig_algdesc {
	const char *text; /* name without the final dot */
	const uint8_t *wire;
	uint8_t wirelen;
	const char *digest;
	uint8_t maclen;
};

static const uint8_t alg_md5[] = "\x08hmac-md5\x07sig-alg\x03reg\x03int";
static const uint8_t alg_sha1[] = "\x09hmac-sha1";
static const uint8_t alg_sha224[] = "\x0bhmac-sha224";
static const uint8_t alg_sha256[] = "\x0bhmac-sha256";
static const uint8_t alg_sha384[] = "\x0bhmac-sha384";
static const uint8_t alg_sha512[] = "\x0bhmac-sha512";

/* Indexed by enum tsig_alg; RFC 8945 §6 and RFC 4635 §2. */
static const struct tsig_algdesc tsig_algs[] = {
    {"hmac-md5.sig-alg.reg.int", alg_md5, sizeof(alg_md5), "MD5", 16},
    {"hmac-sha1", alg_sha1, sizeof(alg_sha1), "SHA1", 20},
    {"hmac-sha224", alg_sha224, sizeof(alg_sha224), "SHA224", 28},
    {"hmac-sha256", alg_sha256, sizeof(alg_sha256), "SHA256", 32},
    {"hmac-sha384", alg_sha384, sizeof(alg_sha384), "SHA384", 48},
    {"hmac-sha512", alg_sha512, sizeof(alg_sha512), "SHA512", 64},
};

#define TSIG_NALGS (sizeof(tsig_algs) / sizeof(tsig_algs[0]))

/* A TSIG RR as read from a message; pointers into the message. */
struct tsig_rr {
	size_t off;		    /* where the RR starts */
	uint8_t owner[NAME_MAXLEN]; /* lower-cased */
	uint8_t ownerlen;
	uint8_t alg[NAME_MAXLEN]; /* lower-cased */
	uint8_t alglen;
	uint64_t time;
	uint16_t fudge;
	uint16_t maclen;
	const uint8_t *mac;
	uint16_t orig_id;
	uint16_t error;
	uint16_t otherlen;
	const uint8_t *other;
};

/* The TSIG variables of §4.3.3 that are not names. */
struct tsig_vars {
	uint64_t time;
	uint16_t fudge;
	uint16_t error;
	uint16_t otherlen;
	const uint8_t *other;
};

int
tsig_alg_from_text(const char *s, enum tsig_alg *alg)
{
	size_t len, i;

	len = strlen(s);
	if (len > 0 && s[len - 1] == '.')
		len--;
	for (i = 0; i < TSIG_NALGS; i++) {
		if (strlen(tsig_algs[i].text) == len &&
		    strncasecmp(s, tsig_algs[i].text, len) == 0)
			break;
	}
	/* The short name BIND and Knot accept for hmac-md5. */
	if (i == TSIG_NALGS && len == 8 && strncasecmp(s, "hmac-md5", 8) == 0)
		i = TSIG_HMAC_MD5;
	if (i == TSIG_NALGS)
		return RD_ENOTSUP;
	*alg = (enum tsig_alg)i;
	return 0;
}

const char *
tsig_alg_name(enum tsig_alg alg)
{
	if ((size_t)alg >= TSIG_NALGS)
		return "unknown";
	return alg == TSIG_HMAC_MD5 ? "hmac-md5" : tsig_algs[alg].text;
}

size_t
tsig_alg_maclen(enum tsig_alg alg)
{
	if ((size_t)alg >= TSIG_NALGS)
		return 0;
	return tsig_algs[alg].maclen;
}

const char *
tsig_error_name(int rc)
{
	switch (rc) {
	case TSIG_OK:
		return "NOERROR";
	case TSIG_FORMERR:
		return "FORMERR";
	case TSIG_BADSIG:
		return "BADSIG";
	case TSIG_BADKEY:
		return "BADKEY";
	case TSIG_BADTIME:
		return "BADTIME";
	case TSIG_BADTRUNC:
		return "BADTRUNC";
	}
	return "error";
}

/* The algorithm whose wire name is wire (lower-cased), or -1. */
static int
tsig_alg_from_wire(const uint8_t *wire, size_t len)
{
	size_t i;

	for (i = 0; i < TSIG_NALGS; i++) {
		if (tsig_algs[i].wirelen == len &&
		    memcmp(tsig_algs[i].wire, wire, len) == 0)
			return (int)i;
	}
	return -1;
}

static void tsig_errf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
tsig_errf(char *err, size_t errmax, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errmax == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errmax, fmt, ap);
	va_end(ap);
}

/* Decode base64 text, blanks ignored, into out; length or RD_E*. */
static int
tsig_b64_decode(const char *b64, uint8_t *out, size_t outmax)
{
	EVP_ENCODE_CTX *ec;
	unsigned char *clean, *dec;
	size_t n, i, declen;
	int l1, l2, rc;

	n = strlen(b64);
	clean = malloc(n + 1);
	dec = malloc(n / 4 * 3 + 4);
	ec = EVP_ENCODE_CTX_new();
	rc = RD_ENOMEM;
	if (clean == NULL || dec == NULL || ec == NULL)
		goto out;
	declen = 0;
	for (i = 0; i < n; i++) {
		if (!isspace((unsigned char)b64[i]))
			clean[declen++] = (unsigned char)b64[i];
	}
	rc = RD_ESYNTAX;
	/* A base64 text is whole quanta of four characters (RFC 4648 §4). */
	if (declen == 0 || declen % 4 != 0)
		goto out;
	EVP_DecodeInit(ec);
	l1 = l2 = 0;
	if (EVP_DecodeUpdate(ec, dec, &l1, clean, (int)declen) < 0 ||
	    EVP_DecodeFinal(ec, dec + l1, &l2) < 0)
		goto out;
	rc = RD_ERANGE;
	if ((size_t)(l1 + l2) > outmax)
		goto out;
	memcpy(out, dec, (size_t)(l1 + l2));
	rc = l1 + l2;
out:
	if (dec != NULL)
		OPENSSL_cleanse(dec, n / 4 * 3 + 4);
	if (clean != NULL)
		OPENSSL_cleanse(clean, n + 1);
	free(dec);
	free(clean);
	EVP_ENCODE_CTX_free(ec);
	return rc;
}

int
tsig_key_from_text(struct tsig_key *k, const char *name, const char *alg,
    const char *b64, char *err, size_t errmax)
{
	static const uint8_t root[1] = {0};
	int n;

	memset(k, 0, sizeof(*k));
	n = name_from_text(name, strlen(name), root, k->name);
	if (n < 0) {
		tsig_errf(err, errmax,
		    "bad key name \"%s\"; write a domain name such as "
		    "update-key",
		    name);
		return RD_ESYNTAX;
	}
	k->namelen = (uint8_t)n;
	name_tolower(k->name);
	k->alg = TSIG_ALG_DEFAULT;
	if (alg != NULL && tsig_alg_from_text(alg, &k->alg) != 0) {
		tsig_errf(err, errmax,
		    "unknown algorithm \"%s\"; use hmac-sha256, hmac-sha384, "
		    "hmac-sha512, hmac-sha224, hmac-sha1 or hmac-md5",
		    alg);
		return RD_ENOTSUP;
	}
	n = tsig_b64_decode(b64, k->secret, sizeof(k->secret));
	if (n == RD_ERANGE) {
		tsig_errf(err, errmax,
		    "secret of key %s is over 512 octets; use a shorter one",
		    name);
		return RD_ERANGE;
	}
	if (n == RD_ENOMEM)
		return RD_ENOMEM;
	if (n <= 0) {
		tsig_errf(err, errmax,
		    "secret of key %s is not base64; paste it as tsig-keygen "
		    "or keymgr -t print it",
		    name);
		memset(k, 0, sizeof(*k));
		return RD_ESYNTAX;
	}
	k->secretlen = (uint16_t)n;
	return 0;
}

int
tsig_key_from_spec(
    struct tsig_key *k, const char *spec, char *err, size_t errmax)
{
	const char *c1, *c2;
	char *copy;
	int rc;

	c1 = strchr(spec, ':');
	if (c1 == NULL) {
		tsig_errf(err, errmax,
		    "no ':' in the key \"%s\"; write "
		    "[ALGORITHM:]NAME:SECRET",
		    spec);
		return RD_ESYNTAX;
	}
	c2 = strchr(c1 + 1, ':');
	copy = strdup(spec);
	if (copy == NULL)
		return RD_ENOMEM;
	copy[c1 - spec] = '\0';
	if (c2 == NULL)
		rc = tsig_key_from_text(k, copy, NULL, c1 + 1, err, errmax);
	else {
		copy[c2 - spec] = '\0';
		rc = tsig_key_from_text(
		    k, copy + (c1 - spec) + 1, copy, c2 + 1, err, errmax);
	}
	OPENSSL_cleanse(copy, strlen(spec));
	free(copy);
	return rc;
}

void
tsig_keyset_init(struct tsig_keyset *ks)
{
	memset(ks, 0, sizeof(*ks));
}

void
tsig_keyset_free(struct tsig_keyset *ks)
{
	if (ks->keys != NULL)
		OPENSSL_cleanse(ks->keys, ks->cap * sizeof(ks->keys[0]));
	free(ks->keys);
	memset(ks, 0, sizeof(*ks));
}

int
tsig_keyset_add(struct tsig_keyset *ks, const struct tsig_key *k)
{
	struct tsig_key *nk;
	size_t ncap;

	if (tsig_keyset_find(ks, k->name) != NULL)
		return RD_EEXIST;
	if (ks->nkeys == ks->cap) {
		ncap = ks->cap ? ks->cap * 2 : 4;
		nk = calloc(ncap, sizeof(*nk));
		if (nk == NULL)
			return RD_ENOMEM;
		if (ks->nkeys > 0)
			memcpy(nk, ks->keys, ks->nkeys * sizeof(*nk));
		if (ks->keys != NULL)
			OPENSSL_cleanse(ks->keys, ks->cap * sizeof(*nk));
		free(ks->keys);
		ks->keys = nk;
		ks->cap = ncap;
	}
	ks->keys[ks->nkeys] = *k;
	name_tolower(ks->keys[ks->nkeys].name);
	ks->nkeys++;
	return 0;
}

const struct tsig_key *
tsig_keyset_find(const struct tsig_keyset *ks, const uint8_t *name)
{
	size_t i;

	if (ks == NULL)
		return NULL;
	for (i = 0; i < ks->nkeys; i++) {
		if (name_equal(ks->keys[i].name, name))
			return &ks->keys[i];
	}
	return NULL;
}

void
tsig_ctx_init(struct tsig_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->fudge = TSIG_FUDGE;
}

void
tsig_ctx_clear(struct tsig_ctx *ctx)
{
	EVP_MAC_CTX_free(ctx->hmac);
	OPENSSL_cleanse(ctx, sizeof(*ctx));
	tsig_ctx_init(ctx);
}

int
tsig_active(const struct tsig_ctx *ctx)
{
	return ctx->state != TSIG_S_NONE;
}

size_t
tsig_reserve(const struct tsig_ctx *ctx)
{
	size_t maclen;

	if (ctx->state == TSIG_S_NONE)
		return 0;
	maclen = TSIG_MAC_MAX;
	if (ctx->state == TSIG_S_ERROR &&
	    (ctx->error == TSIG_BADKEY || ctx->error == TSIG_BADSIG))
		maclen = 0;
	/* Owner, type, class, TTL, RDLENGTH, then the RDATA of §4.2. */
	return (size_t)ctx->keynamelen + 10 + ctx->algnamelen + 6 + 2 + 2 +
	       maclen + 2 + 2 + 2 + 6;
}

/* Start an HMAC with key; NULL when OpenSSL fails (out of memory). */
static EVP_MAC_CTX *
tsig_hmac_new(const struct tsig_key *key)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *mc;

	if ((size_t)key->alg >= TSIG_NALGS)
		return NULL;
	mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
	if (mac == NULL)
		return NULL;
	mc = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (mc == NULL)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_MAC_PARAM_DIGEST, (char *)tsig_algs[key->alg].digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(mc, key->secret, key->secretlen, params)) {
		EVP_MAC_CTX_free(mc);
		return NULL;
	}
	return mc;
}

/* Feed a 16-bit length and that many octets (a MAC, §4.3.1). */
static void
tsig_hmac_mac(EVP_MAC_CTX *mc, const uint8_t *mac, size_t maclen)
{
	uint8_t b[2];

	wire_put_u16(b, (uint16_t)maclen);
	EVP_MAC_update(mc, b, 2);
	if (maclen > 0)
		EVP_MAC_update(mc, mac, maclen);
}

/* Feed message' (see the top of this file): msg[0..end) as if signed. */
static void
tsig_hmac_msg(EVP_MAC_CTX *mc, const uint8_t *msg, size_t end, uint16_t orig_id,
    uint16_t arcount)
{
	uint8_t hdr[12];

	memcpy(hdr, msg, sizeof(hdr));
	wire_put_u16(hdr, orig_id);
	wire_put_u16(hdr + TSIG_HDR_ARCOUNT, arcount);
	EVP_MAC_update(mc, hdr, sizeof(hdr));
	EVP_MAC_update(mc, msg + sizeof(hdr), end - sizeof(hdr));
}

/* Feed the 48-bit Time Signed and the Fudge (the timers of §5.3.1). */
static void
tsig_hmac_timers(EVP_MAC_CTX *mc, const struct tsig_vars *v)
{
	uint8_t b[8];

	wire_put_u16(b, (uint16_t)(v->time >> 32));
	wire_put_u32(b + 2, (uint32_t)v->time);
	wire_put_u16(b + 6, v->fudge);
	EVP_MAC_update(mc, b, sizeof(b));
}

/* Feed the TSIG variables of §4.3.3, names as lower-cased wire names. */
static void
tsig_hmac_vars(EVP_MAC_CTX *mc, const uint8_t *keyname, size_t keynamelen,
    const uint8_t *alg, size_t alglen, const struct tsig_vars *v)
{
	uint8_t b[6];

	EVP_MAC_update(mc, keyname, keynamelen);
	wire_put_u16(b, RRCLASS_ANY);
	wire_put_u32(b + 2, 0);
	EVP_MAC_update(mc, b, 6);
	EVP_MAC_update(mc, alg, alglen);
	tsig_hmac_timers(mc, v);
	wire_put_u16(b, v->error);
	wire_put_u16(b + 2, v->otherlen);
	EVP_MAC_update(mc, b, 4);
	if (v->otherlen > 0)
		EVP_MAC_update(mc, v->other, v->otherlen);
}

/* Finish the HMAC into out; length, or 0 when OpenSSL fails. */
static size_t
tsig_hmac_end(EVP_MAC_CTX *mc, uint8_t out[TSIG_MAC_MAX])
{
	size_t outlen;

	outlen = 0;
	if (!EVP_MAC_final(mc, out, &outlen, TSIG_MAC_MAX))
		outlen = 0;
	EVP_MAC_CTX_free(mc);
	return outlen;
}

/* Read the RDATA of a TSIG RR (§4.2) of rdlen octets at r. */
static int
tsig_read_rdata(struct wire_rd *r, uint16_t rdlen, struct tsig_rr *t)
{
	size_t start;
	int n;

	start = wire_rd_offset(r);
	n = name_parse(r, t->alg);
	if (n < 0)
		return TSIG_FORMERR;
	t->alglen = (uint8_t)n;
	name_tolower(t->alg);
	t->time = (uint64_t)wire_rd_u16(r) << 32;
	t->time |= wire_rd_u32(r);
	t->fudge = wire_rd_u16(r);
	t->maclen = wire_rd_u16(r);
	t->mac = r->pos;
	wire_rd_skip(r, t->maclen);
	t->orig_id = wire_rd_u16(r);
	t->error = wire_rd_u16(r);
	t->otherlen = wire_rd_u16(r);
	t->other = r->pos;
	wire_rd_skip(r, t->otherlen);
	if (r->err || wire_rd_offset(r) - start != rdlen)
		return TSIG_FORMERR;
	return 0;
}

/*
 * Walk the message and read its TSIG RR into t. RFC 8945 §5.1: a TSIG must
 * be the last record of the additional section, and there is at most one;
 * nothing may follow it. Returns 0 (found), TSIG_ABSENT or TSIG_FORMERR.
 */
static int
tsig_find(const uint8_t *msg, size_t len, struct tsig_rr *t)
{
	struct wire_rd r;
	uint8_t owner[NAME_MAXLEN];
	uint32_t i, nrr, ttl;
	uint16_t qd, ar, type, rclass, rdlen;
	size_t off;
	int n;

	if (len < 12)
		return TSIG_FORMERR;
	wire_rd_init(&r, msg, len);
	wire_rd_skip(&r, 4);
	qd = wire_rd_u16(&r);
	nrr = wire_rd_u16(&r);
	nrr += wire_rd_u16(&r);
	ar = wire_rd_u16(&r);
	nrr += ar;
	if (nrr == 0)
		return TSIG_ABSENT;
	for (i = 0; i < qd; i++) {
		if (name_parse(&r, owner) < 0)
			return TSIG_FORMERR;
		wire_rd_skip(&r, 4);
	}
	for (i = 0; i < nrr; i++) {
		off = wire_rd_offset(&r);
		n = name_parse(&r, owner);
		type = wire_rd_u16(&r);
		rclass = wire_rd_u16(&r);
		ttl = wire_rd_u32(&r);
		rdlen = wire_rd_u16(&r);
		if (n < 0 || r.err)
			return TSIG_FORMERR;
		if (type != RRTYPE_TSIG) {
			wire_rd_skip(&r, rdlen);
			continue;
		}
		/*
		 * §5.1: only as the last record of the additional section;
		 * §4.2: class ANY, TTL 0.
		 */
		if (i != nrr - 1 || ar == 0 || rclass != RRCLASS_ANY ||
		    ttl != 0)
			return TSIG_FORMERR;
		t->off = off;
		memcpy(t->owner, owner, (size_t)n);
		t->ownerlen = (uint8_t)n;
		name_tolower(t->owner);
		if (tsig_read_rdata(&r, rdlen, t) != 0 || wire_rd_left(&r) != 0)
			return TSIG_FORMERR;
		return 0;
	}
	return r.err ? TSIG_FORMERR : TSIG_ABSENT;
}

/*
 * §5.2.2.1: a MAC longer than the hash, or shorter than both 10 octets and
 * half the hash, is malformed. Returns 0 or TSIG_FORMERR.
 */
static int
tsig_check_maclen(const struct tsig_rr *t, enum tsig_alg alg)
{
	size_t full, floor;

	full = tsig_algs[alg].maclen;
	floor = full / 2 > 10 ? full / 2 : 10;
	if (t->maclen > full || t->maclen < floor)
		return TSIG_FORMERR;
	return 0;
}

/* 1 when now is outside Time Signed plus or minus fudge (§5.2.3). */
static int
tsig_time_bad(uint64_t signed_at, uint16_t fudge, uint64_t now)
{
	uint64_t skew;

	skew = now > signed_at ? now - signed_at : signed_at - now;
	return skew > fudge;
}

/* Compare the first t->maclen octets of the computed MAC in constant time. */
static int
tsig_mac_equal(const uint8_t *computed, size_t clen, const struct tsig_rr *t)
{
	if (clen < t->maclen)
		return 0;
	return CRYPTO_memcmp(computed, t->mac, t->maclen) == 0;
}

/* Keep what the error answer or the signed answer needs from the request. */
static void
tsig_keep_request(struct tsig_ctx *ctx, const struct tsig_rr *t)
{
	memcpy(ctx->keyname, t->owner, t->ownerlen);
	ctx->keynamelen = t->ownerlen;
	memcpy(ctx->algname, t->alg, t->alglen);
	ctx->algnamelen = t->alglen;
	ctx->orig_id = t->orig_id;
	ctx->req_time = t->time;
	ctx->maclen = (uint8_t)t->maclen;
	memcpy(ctx->mac, t->mac, t->maclen);
}

static int
tsig_fail(struct tsig_ctx *ctx, int error)
{
	ctx->state = TSIG_S_ERROR;
	ctx->error = (uint16_t)error;
	return error;
}

int
tsig_verify(const struct tsig_keyset *ks, const uint8_t *msg, size_t len,
    uint64_t now, struct tsig_ctx *ctx)
{
	struct tsig_rr t;
	struct tsig_vars v;
	const struct tsig_key *key;
	EVP_MAC_CTX *mc;
	uint8_t mac[TSIG_MAC_MAX];
	size_t maclen;
	int rc, alg;

	tsig_ctx_clear(ctx);
	ctx->tsig_off = len;
	rc = tsig_find(msg, len, &t);
	if (rc != 0)
		return rc == TSIG_ABSENT ? 0 : TSIG_FORMERR;
	ctx->tsig_off = t.off;
	/* §5.2.1: an unknown key, or a known one with another algorithm. */
	key = tsig_keyset_find(ks, t.owner);
	alg = tsig_alg_from_wire(t.alg, t.alglen);
	if (key == NULL || alg < 0 || (enum tsig_alg)alg != key->alg) {
		tsig_keep_request(ctx, &t);
		ctx->maclen = 0;
		return tsig_fail(ctx, TSIG_BADKEY);
	}
	if (tsig_check_maclen(&t, key->alg) != 0)
		return TSIG_FORMERR;
	tsig_keep_request(ctx, &t);
	ctx->key = *key;
	/* §4.3.3: the request is signed over message' and the variables. */
	mc = tsig_hmac_new(key);
	if (mc == NULL)
		return RD_ENOMEM;
	tsig_hmac_msg(mc, msg, t.off, t.orig_id,
	    (uint16_t)(wire_get_u16(msg + TSIG_HDR_ARCOUNT) - 1));
	v.time = t.time;
	v.fudge = t.fudge;
	v.error = t.error;
	v.otherlen = t.otherlen;
	v.other = t.other;
	tsig_hmac_vars(mc, t.owner, t.ownerlen, t.alg, t.alglen, &v);
	maclen = tsig_hmac_end(mc, mac);
	if (maclen == 0)
		return RD_ENOMEM;
	/* §5.2.2: compared in constant time (CRYPTO_memcmp). */
	if (!tsig_mac_equal(mac, maclen, &t)) {
		ctx->maclen = 0;
		return tsig_fail(ctx, TSIG_BADSIG);
	}
	/* §5.2.3: the time is checked only once the MAC is known good. */
	if (tsig_time_bad(t.time, t.fudge, now))
		return tsig_fail(ctx, TSIG_BADTIME);
	/* §5.2.4: a MAC truncated below the key's floor. */
	if (key->min_mac > 0 && t.maclen < key->min_mac &&
	    t.maclen < tsig_algs[key->alg].maclen)
		return tsig_fail(ctx, TSIG_BADTRUNC);
	ctx->state = TSIG_S_REQUEST;
	return 0;
}

/*
 * Append the TSIG RR to msg[0..*len) and raise ARCOUNT: the names kept in
 * ctx, the variables v and the MAC mac[0..maclen).
 */
static int
tsig_put_rr(const struct tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t max,
    const struct tsig_vars *v, const uint8_t *mac, size_t maclen)
{
	struct wire_wr w;
	size_t rdlen;

	rdlen = ctx->algnamelen + 6 + 2 + 2 + maclen + 2 + 2 + 2 + v->otherlen;
	wire_wr_init(&w, msg + *len, max - *len);
	wire_wr_bytes(&w, ctx->keyname, ctx->keynamelen);
	wire_wr_u16(&w, RRTYPE_TSIG);
	wire_wr_u16(&w, RRCLASS_ANY);
	wire_wr_u32(&w, 0);
	wire_wr_u16(&w, (uint16_t)rdlen);
	wire_wr_bytes(&w, ctx->algname, ctx->algnamelen);
	wire_wr_u16(&w, (uint16_t)(v->time >> 32));
	wire_wr_u32(&w, (uint32_t)v->time);
	wire_wr_u16(&w, v->fudge);
	wire_wr_u16(&w, (uint16_t)maclen);
	wire_wr_bytes(&w, mac, maclen);
	wire_wr_u16(&w, wire_get_u16(msg));
	wire_wr_u16(&w, v->error);
	wire_wr_u16(&w, v->otherlen);
	wire_wr_bytes(&w, v->other, v->otherlen);
	if (w.err)
		return RD_ESPACE;
	*len += wire_wr_offset(&w);
	wire_put_u16(msg + TSIG_HDR_ARCOUNT,
	    (uint16_t)(wire_get_u16(msg + TSIG_HDR_ARCOUNT) + 1));
	return 0;
}

/*
 * Compute the MAC of msg[0..len) as it stands (the TSIG not yet added),
 * after the previous MAC when prev is set, then the variables (first) or
 * the timers only (later in a stream).
 */
static int
tsig_compute(const struct tsig_ctx *ctx, const uint8_t *msg, size_t len,
    int prev, int first, const struct tsig_vars *v, uint8_t out[TSIG_MAC_MAX],
    size_t *outlen)
{
	EVP_MAC_CTX *mc;

	mc = tsig_hmac_new(&ctx->key);
	if (mc == NULL)
		return RD_ENOMEM;
	if (prev)
		tsig_hmac_mac(mc, ctx->mac, ctx->maclen);
	tsig_hmac_msg(mc, msg, len, wire_get_u16(msg),
	    wire_get_u16(msg + TSIG_HDR_ARCOUNT));
	if (first)
		tsig_hmac_vars(mc, ctx->keyname, ctx->keynamelen, ctx->algname,
		    ctx->algnamelen, v);
	else
		tsig_hmac_timers(mc, v);
	*outlen = tsig_hmac_end(mc, out);
	return *outlen == 0 ? RD_ENOMEM : 0;
}

/* Sign msg and append the TSIG; keep the new MAC for the next message. */
static int
tsig_sign_with(struct tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t max,
    int prev, int first, const struct tsig_vars *v)
{
	uint8_t mac[TSIG_MAC_MAX];
	size_t maclen;
	int rc;

	rc = tsig_compute(ctx, msg, *len, prev, first, v, mac, &maclen);
	if (rc != 0)
		return rc;
	rc = tsig_put_rr(ctx, msg, len, max, v, mac, maclen);
	if (rc != 0)
		return rc;
	memcpy(ctx->mac, mac, maclen);
	ctx->maclen = (uint8_t)maclen;
	return 0;
}

int
tsig_sign(
    struct tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t max, uint64_t now)
{
	struct tsig_vars v;
	uint8_t other[6];
	int rc;

	if (*len < 12 || *len > max)
		return RD_EMALFORMED;
	memset(&v, 0, sizeof(v));
	v.time = now;
	v.fudge = ctx->fudge;
	switch (ctx->state) {
	case TSIG_S_NONE:
	case TSIG_S_CLIENT:
	case TSIG_S_CLIENT_STREAM:
		return 0;
	case TSIG_S_REQUEST:
		/* §4.3.1: the request MAC, the response, the variables. */
		rc = tsig_sign_with(ctx, msg, len, max, 1, 1, &v);
		if (rc == 0)
			ctx->state = TSIG_S_STREAM;
		return rc;
	case TSIG_S_STREAM:
		/* §5.3.1: the previous MAC, this message, the timers. */
		return tsig_sign_with(ctx, msg, len, max, 1, 0, &v);
	case TSIG_S_ERROR:
		break;
	}
	v.error = ctx->error;
	if (ctx->error == TSIG_BADKEY || ctx->error == TSIG_BADSIG) {
		/* §5.3.2: an unsigned error answer, MAC size 0. */
		return tsig_put_rr(ctx, msg, len, max, &v, NULL, 0);
	}
	if (ctx->error == TSIG_BADTIME) {
		/* §5.2.3: the request's time, and ours in Other Data. */
		v.time = ctx->req_time;
		wire_put_u16(other, (uint16_t)(now >> 32));
		wire_put_u32(other + 2, (uint32_t)now);
		v.otherlen = 6;
		v.other = other;
	}
	return tsig_sign_with(ctx, msg, len, max, 1, 1, &v);
}

int
tsig_sign_hook(void *hook, uint8_t *msg, size_t *len, size_t max)
{
	struct tsig_hook *h = hook;
	uint64_t now;

	now = h->now != 0 ? h->now : (uint64_t)time(NULL);
	return tsig_sign(h->ctx, msg, len, max, now);
}

int
tsig_sign_request(struct tsig_ctx *ctx, const struct tsig_key *key,
    uint8_t *msg, size_t *len, size_t max, uint64_t now)
{
	struct tsig_vars v;
	int rc;

	if (*len < 12 || *len > max)
		return RD_EMALFORMED;
	tsig_ctx_clear(ctx);
	ctx->key = *key;
	memcpy(ctx->keyname, key->name, key->namelen);
	ctx->keynamelen = key->namelen;
	name_tolower(ctx->keyname);
	memcpy(ctx->algname, tsig_algs[key->alg].wire,
	    tsig_algs[key->alg].wirelen);
	ctx->algnamelen = tsig_algs[key->alg].wirelen;
	ctx->orig_id = wire_get_u16(msg);
	memset(&v, 0, sizeof(v));
	v.time = now;
	v.fudge = ctx->fudge;
	ctx->req_time = now;
	/* §4.3.3: a request has no MAC before it. */
	rc = tsig_sign_with(ctx, msg, len, max, 0, 1, &v);
	if (rc == 0)
		ctx->state = TSIG_S_CLIENT;
	return rc;
}

/* Check a reply's TSIG RR against the request's key (client side). */
static int
tsig_reply_check(struct tsig_ctx *ctx, const struct tsig_rr *t, uint64_t now)
{
	/* A TSIG error from the peer: it did not accept our request. */
	if (t->error != 0) {
		ctx->peer_error = 1;
		return t->error;
	}
	if (t->ownerlen != ctx->keynamelen ||
	    memcmp(t->owner, ctx->keyname, t->ownerlen) != 0 ||
	    t->alglen != ctx->algnamelen ||
	    memcmp(t->alg, ctx->algname, t->alglen) != 0)
		return TSIG_BADKEY;
	if (tsig_check_maclen(t, ctx->key.alg) != 0)
		return TSIG_FORMERR;
	return 0;
}

/* Absorb an unsigned message of a stream (§5.3.1). */
static int
tsig_reply_unsigned(struct tsig_ctx *ctx, const uint8_t *msg, size_t len)
{
	if (ctx->state != TSIG_S_CLIENT_STREAM ||
	    ctx->unsigned_run >= TSIG_UNSIGNED_MAX)
		return TSIG_FORMERR;
	EVP_MAC_update(ctx->hmac, msg, len);
	ctx->unsigned_run++;
	return 0;
}

int
tsig_verify_reply(
    struct tsig_ctx *ctx, const uint8_t *msg, size_t len, uint64_t now)
{
	struct tsig_rr t;
	struct tsig_vars v;
	uint8_t mac[TSIG_MAC_MAX];
	size_t maclen;
	int rc, first;

	if (ctx->state != TSIG_S_CLIENT && ctx->state != TSIG_S_CLIENT_STREAM)
		return RD_EINVAL;
	ctx->tsig_off = len;
	rc = tsig_find(msg, len, &t);
	if (rc == TSIG_FORMERR)
		return TSIG_FORMERR;
	first = ctx->state == TSIG_S_CLIENT;
	if (ctx->hmac == NULL) {
		/* Every digest of a reply starts with the previous MAC. */
		ctx->hmac = tsig_hmac_new(&ctx->key);
		if (ctx->hmac == NULL)
			return RD_ENOMEM;
		tsig_hmac_mac(ctx->hmac, ctx->mac, ctx->maclen);
	}
	if (rc == TSIG_ABSENT)
		return tsig_reply_unsigned(ctx, msg, len);
	ctx->tsig_off = t.off;
	rc = tsig_reply_check(ctx, &t, now);
	if (rc != 0)
		return rc;
	tsig_hmac_msg(ctx->hmac, msg, t.off, t.orig_id,
	    (uint16_t)(wire_get_u16(msg + TSIG_HDR_ARCOUNT) - 1));
	v.time = t.time;
	v.fudge = t.fudge;
	v.error = t.error;
	v.otherlen = t.otherlen;
	v.other = t.other;
	if (first)
		tsig_hmac_vars(
		    ctx->hmac, t.owner, t.ownerlen, t.alg, t.alglen, &v);
	else
		tsig_hmac_timers(ctx->hmac, &v);
	maclen = tsig_hmac_end(ctx->hmac, mac);
	ctx->hmac = NULL;
	if (maclen == 0)
		return RD_ENOMEM;
	if (!tsig_mac_equal(mac, maclen, &t))
		return TSIG_BADSIG;
	if (tsig_time_bad(t.time, t.fudge, now))
		return TSIG_BADTIME;
	memcpy(ctx->mac, t.mac, t.maclen);
	ctx->maclen = (uint8_t)t.maclen;
	ctx->unsigned_run = 0;
	ctx->state = TSIG_S_CLIENT_STREAM;
	return 0;
}

int
tsig_verify_done(const struct tsig_ctx *ctx)
{
	if (ctx->state != TSIG_S_CLIENT_STREAM || ctx->unsigned_run != 0)
		return TSIG_BADSIG;
	return 0;
}
