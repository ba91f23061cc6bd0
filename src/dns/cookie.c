/*
 * cookie: DNS cookies, RFC 7873, with the server cookie of RFC 9018.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dns/cookie.h"
#include "dns/err.h"
#include "dns/wire.h"

#define COOKIE_VERSION 1 /* RFC 9018 §4.1 */

/* SipHash, from the description in the paper (Aumasson, Bernstein 2012). */
static uint64_t
sip_rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t
sip_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void
sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = sip_rotl(v[1], 13);
	v[1] ^= v[0];
	v[0] = sip_rotl(v[0], 32);
	v[2] += v[3];
	v[3] = sip_rotl(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = sip_rotl(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = sip_rotl(v[1], 17);
	v[1] ^= v[2];
	v[2] = sip_rotl(v[2], 32);
}

/* One message word: c = 2 compression rounds. */
static void
sip_word(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sip_round(v);
	sip_round(v);
	v[0] ^= m;
}

void
cookie_siphash24(const uint8_t *key, const uint8_t *m, size_t len, uint8_t *out)
{
	uint64_t k0 = sip_le64(key), k1 = sip_le64(key + 8), v[4], last, h;
	size_t i, rest;

	v[0] = k0 ^ 0x736f6d6570736575ULL;
	v[1] = k1 ^ 0x646f72616e646f6dULL;
	v[2] = k0 ^ 0x6c7967656e657261ULL;
	v[3] = k1 ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8)
		sip_word(v, sip_le64(m + i));
	/* The last word: the remaining octets, and len mod 256 on top. */
	last = (uint64_t)(len & 0xff) << 56;
	for (rest = len - i; rest > 0; rest--)
		last |= (uint64_t)m[i + rest - 1] << (8 * (rest - 1));
	sip_word(v, last);
	/* Finalisation: d = 4 rounds. */
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		sip_round(v);
	h = v[0] ^ v[1] ^ v[2] ^ v[3];
	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(h >> (8 * i));
}

int
cookie_init(struct cookie_ctx *c, const uint8_t *secret, int use_openssl)
{
	EVP_MAC *mac;

	memset(c, 0, sizeof(*c));
	memcpy(c->secret, secret, COOKIE_SECRET_LEN);
	if (!use_openssl)
		return 0;
	/* Without OpenSSL's SIPHASH (a FIPS-only provider) ours is used. */
	mac = EVP_MAC_fetch(NULL, "SIPHASH", NULL);
	if (mac == NULL)
		return 0;
	c->mac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	return c->mac == NULL ? RD_ENOMEM : 0;
}

void
cookie_free(struct cookie_ctx *c)
{
	EVP_MAC_CTX_free(c->mac);
	c->mac = NULL;
	explicit_bzero(c->secret, sizeof(c->secret));
	explicit_bzero(c->prev, sizeof(c->prev));
}

void
cookie_rotate(struct cookie_ctx *c, const uint8_t *secret)
{
	memcpy(c->prev, c->secret, COOKIE_SECRET_LEN);
	memcpy(c->secret, secret, COOKIE_SECRET_LEN);
	c->has_prev = 1;
}

void
cookie_drop_prev(struct cookie_ctx *c)
{
	explicit_bzero(c->prev, sizeof(c->prev));
	c->has_prev = 0;
}

void
cookie_set_secrets(
    struct cookie_ctx *c, const uint8_t *secret, const uint8_t *prev)
{
	memcpy(c->secret, secret, COOKIE_SECRET_LEN);
	if (prev == NULL) {
		cookie_drop_prev(c);
		return;
	}
	memcpy(c->prev, prev, COOKIE_SECRET_LEN);
	c->has_prev = 1;
}

/* SipHash-2-4 with 8 octets out, through OpenSSL when set up. */
static void
cookie_hash(struct cookie_ctx *c, const uint8_t *key, const uint8_t *m,
    size_t len, uint8_t *out)
{
	OSSL_PARAM params[4];
	size_t size = 8, outl = 0;
	unsigned int crounds = 2, drounds = 4;

	if (c->mac != NULL) {
		params[0] =
		    OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size);
		params[1] = OSSL_PARAM_construct_uint(
		    OSSL_MAC_PARAM_C_ROUNDS, &crounds);
		params[2] = OSSL_PARAM_construct_uint(
		    OSSL_MAC_PARAM_D_ROUNDS, &drounds);
		params[3] = OSSL_PARAM_construct_end();
		if (EVP_MAC_init(c->mac, key, COOKIE_SECRET_LEN, params) &&
		    EVP_MAC_update(c->mac, m, len) &&
		    EVP_MAC_final(c->mac, out, &outl, 8) && outl == 8)
			return;
	}
	cookie_siphash24(key, m, len, out);
}

/*
 * The client IP of RFC 9018 §4.2 into ip; returns its length (4 or 16) or
 * 0 for another family. An IPv4-mapped IPv6 source is its IPv4 address.
 */
static size_t
cookie_ip(const struct sockaddr *src, uint8_t *ip)
{
	const struct sockaddr_in *s4;
	const struct sockaddr_in6 *s6;

	if (src == NULL)
		return 0;
	if (src->sa_family == AF_INET) {
		s4 = (const struct sockaddr_in *)(const void *)src;
		memcpy(ip, &s4->sin_addr, 4);
		return 4;
	}
	if (src->sa_family != AF_INET6)
		return 0;
	s6 = (const struct sockaddr_in6 *)(const void *)src;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		memcpy(ip, s6->sin6_addr.s6_addr + 12, 4);
		return 4;
	}
	memcpy(ip, &s6->sin6_addr, 16);
	return 16;
}

/*
 * RFC 9018 §4.2: hash of client | version | reserved | timestamp | IP,
 * where head is the first 8 octets of the server cookie.
 */
static void
cookie_mac(struct cookie_ctx *c, const uint8_t *key, const uint8_t *client,
    const uint8_t *head, const uint8_t *ip, size_t iplen, uint8_t *out)
{
	uint8_t m[COOKIE_CLIENT_LEN + 8 + 16];

	memcpy(m, client, COOKIE_CLIENT_LEN);
	memcpy(m + COOKIE_CLIENT_LEN, head, 8);
	memcpy(m + COOKIE_CLIENT_LEN + 8, ip, iplen);
	cookie_hash(c, key, m, COOKIE_CLIENT_LEN + 8 + iplen, out);
}

int
cookie_make(struct cookie_ctx *c, const uint8_t *client,
    const struct sockaddr *src, uint32_t now, uint8_t *out)
{
	uint8_t ip[16];
	size_t iplen;

	if ((iplen = cookie_ip(src, ip)) == 0)
		return RD_EINVAL;
	/* RFC 9018 §4.1: version 1, reserved zero, the timestamp. */
	out[0] = COOKIE_VERSION;
	out[1] = out[2] = out[3] = 0;
	wire_put_u32(out + 4, now);
	cookie_mac(c, c->secret, client, out, ip, iplen, out + 8);
	return 0;
}

int
cookie_parse(const uint8_t *data, size_t len, struct cookie_opt *co)
{
	struct wire_rd r;

	memset(co, 0, sizeof(*co));
	/* RFC 7873 §5.2.2: 8 octets, or 16 to 40 with a server cookie. */
	if (len != COOKIE_CLIENT_LEN &&
	    (len < COOKIE_CLIENT_LEN + COOKIE_SERVER_MIN || len > COOKIE_MAX))
		return RD_EMALFORMED;
	wire_rd_init(&r, data, len);
	wire_rd_bytes(&r, co->client, COOKIE_CLIENT_LEN);
	co->server_len = (uint8_t)(len - COOKIE_CLIENT_LEN);
	wire_rd_bytes(&r, co->server, co->server_len);
	return r.err ? RD_EMALFORMED : 0;
}

int
cookie_find(const uint8_t *rdata, size_t rdlen, struct cookie_opt *co)
{
	struct wire_rd r;
	uint16_t code, len;
	int found = 0;

	if (rdata == NULL || rdlen == 0)
		return RD_ENOTFOUND;
	wire_rd_init(&r, rdata, rdlen);
	while (wire_rd_left(&r) > 0) {
		code = wire_rd_u16(&r);
		len = wire_rd_u16(&r);
		if (!wire_rd_need(&r, len))
			return RD_EMALFORMED;
		if (code == COOKIE_OPTION) {
			/* Two COOKIE options are ambiguous: malformed. */
			if (found || cookie_parse(r.pos, len, co) < 0)
				return RD_EMALFORMED;
			found = 1;
		}
		wire_rd_skip(&r, len);
	}
	if (r.err)
		return RD_EMALFORMED;
	return found ? 0 : RD_ENOTFOUND;
}

/* The age of timestamp ts at now, in serial arithmetic (RFC 1982). */
static int32_t
cookie_age(uint32_t ts, uint32_t now)
{
	return (int32_t)(now - ts);
}

enum cookie_state
cookie_verify(struct cookie_ctx *c, const struct cookie_opt *co,
    const struct sockaddr *src, uint32_t now, int *prev)
{
	uint8_t ip[16], h[8];
	size_t iplen;
	int32_t age;

	if (prev != NULL)
		*prev = 0;
	if (co->server_len == 0)
		return COOKIE_CLIENT_ONLY;
	/* RFC 9018 §4.3: ours are version 1 and 16 octets long. */
	if (co->server_len != COOKIE_SERVER_LEN ||
	    co->server[0] != COOKIE_VERSION)
		return COOKIE_INVALID;
	if ((iplen = cookie_ip(src, ip)) == 0)
		return COOKIE_INVALID;
	/* RFC 9018 §4.3: 1 hour in the past, 5 minutes in the future. */
	age = cookie_age(wire_get_u32(co->server + 4), now);
	if (age > COOKIE_PAST || age < -COOKIE_FUTURE)
		return COOKIE_INVALID;
	/* The reserved octets are hashed as received (RFC 9018 §4.3). */
	cookie_mac(c, c->secret, co->client, co->server, ip, iplen, h);
	if (memcmp(h, co->server + 8, 8) == 0)
		return COOKIE_VALID;
	if (!c->has_prev)
		return COOKIE_INVALID;
	cookie_mac(c, c->prev, co->client, co->server, ip, iplen, h);
	if (memcmp(h, co->server + 8, 8) != 0)
		return COOKIE_INVALID;
	if (prev != NULL)
		*prev = 1;
	return COOKIE_VALID;
}

/* Our answer's option: the client cookie and a fresh server cookie. */
static int
cookie_fresh(struct cookie_ctx *c, const struct cookie_opt *co,
    const struct sockaddr *src, uint32_t now, struct cookie_result *res)
{
	memcpy(res->out, co->client, COOKIE_CLIENT_LEN);
	res->outlen = COOKIE_CLIENT_LEN + COOKIE_SERVER_LEN;
	return cookie_make(
	    c, co->client, src, now, res->out + COOKIE_CLIENT_LEN);
}

int
cookie_process(struct cookie_ctx *c, const uint8_t *rdata, size_t rdlen,
    const struct sockaddr *src, int tcp, unsigned qdcount, uint32_t now,
    struct cookie_result *res)
{
	struct cookie_opt co;
	int rc, prev;

	memset(res, 0, sizeof(*res));
	rc = rdata == NULL ? RD_ENOTFOUND : cookie_find(rdata, rdlen, &co);
	if (rc == RD_ENOTFOUND)
		return 0; /* RFC 7873 §5.2.1: as without cookies */
	if (rc < 0) {
		res->action = COOKIE_FORMERR; /* RFC 7873 §5.2.2 */
		return 0;
	}
	res->state = cookie_verify(c, &co, src, now, &prev);
	if (res->state == COOKIE_VALID) {
		res->exempt = 1;
		/* RFC 7873 §5.2.5: answer with the cookie, renewed if old. */
		if (!prev &&
		    cookie_age(wire_get_u32(co.server + 4), now) <=
			COOKIE_RENEW &&
		    co.server[1] == 0 && co.server[2] == 0 &&
		    co.server[3] == 0) {
			memcpy(res->out, co.client, COOKIE_CLIENT_LEN);
			memcpy(res->out + COOKIE_CLIENT_LEN, co.server,
			    COOKIE_SERVER_LEN);
			res->outlen = COOKIE_CLIENT_LEN + COOKIE_SERVER_LEN;
		} else if ((rc = cookie_fresh(c, &co, src, now, res)) < 0)
			return rc;
	} else if ((rc = cookie_fresh(c, &co, src, now, res)) < 0)
		return rc;
	if (qdcount == 0) {
		/* RFC 7873 §5.4: NOERROR, but BADCOOKIE for a bad one. */
		res->action = COOKIE_REPLY;
		res->rcode =
		    res->state == COOKIE_INVALID ? COOKIE_RCODE_BADCOOKIE : 0;
		return 0;
	}
	/*
	 * RFC 7873 §5.2.3 and §5.2.4: without a valid server cookie we
	 * process the query and teach the client our cookie, unless cookies
	 * are required; over TCP the handshake authenticates the source.
	 */
	if (res->state != COOKIE_VALID && c->require && !tcp) {
		res->action = COOKIE_REPLY;
		res->rcode = COOKIE_RCODE_BADCOOKIE;
	}
	return 0;
}
