/*
 * cookie: DNS cookies (RFC 7873) with the interoperable server cookie of
 * RFC 9018. Parse the COOKIE option of a query's OPT, make and verify our
 * server cookie, and decide per RFC 7873 §5.2 and §5.4 what to answer.
 *
 * Server cookie (RFC 9018 §4): version 1, three reserved octets, a 32-bit
 * timestamp (seconds since the epoch), and an 8-octet hash: SipHash-2-4
 * keyed with a 16-octet secret over client cookie | version | reserved |
 * timestamp | client IP (4 octets for IPv4, 16 for IPv6; an IPv4-mapped
 * IPv6 source counts as IPv4). SipHash is OpenSSL 3's EVP_MAC "SIPHASH"
 * (size 8, 2 and 4 rounds) when it is there, else our own.
 *
 * A valid server cookie exempts its client from rate limiting; the caller
 * combines this module with rrl. Time is passed in; no global state.
 */
#ifndef RD_COOKIE_H
#define RD_COOKIE_H

#include <stddef.h>
#include <stdint.h>

struct sockaddr;

#define COOKIE_OPTION 10 /* EDNS option code, RFC 7873 §4 */
#define COOKIE_CLIENT_LEN 8
#define COOKIE_SERVER_MIN 8
#define COOKIE_SERVER_MAX 32
#define COOKIE_SERVER_LEN 16 /* ours: RFC 9018 §4 */
#define COOKIE_SECRET_LEN 16
#define COOKIE_MAX (COOKIE_CLIENT_LEN + COOKIE_SERVER_MAX)
#define COOKIE_RCODE_BADCOOKIE 23 /* RFC 7873 §8 */
#define COOKIE_PAST 3600	  /* RFC 9018 §4.3: 1 hour old at most */
#define COOKIE_FUTURE 300	  /* and 5 minutes ahead at most */
#define COOKIE_RENEW 1800	  /* RFC 9018 §4.3: renew after 30 min */

/* A COOKIE option as received. */
struct cookie_opt {
	uint8_t client[COOKIE_CLIENT_LEN];
	uint8_t server[COOKIE_SERVER_MAX];
	uint8_t server_len; /* 0: a client cookie only */
};

/* Secrets: the current one and, during a rotation, the previous one. */
struct cookie_ctx {
	uint8_t secret[COOKIE_SECRET_LEN];
	uint8_t prev[COOKIE_SECRET_LEN];
	int has_prev;
	int require; /* BADCOOKIE over UDP unless the cookie is valid */
	void *mac;   /* OpenSSL's EVP_MAC_CTX, or NULL: our SipHash */
};

/*
 * Set up c with secret (COOKIE_SECRET_LEN octets) and no previous secret.
 * use_openssl 0 forces our own SipHash (tests compare both). Returns 0 or
 * RD_ENOMEM.
 */
int cookie_init(struct cookie_ctx *c, const uint8_t *secret, int use_openssl);

/* Release what cookie_init allocated. */
void cookie_free(struct cookie_ctx *c);

/*
 * Rotate: the current secret becomes the previous one (still accepted) and
 * secret the current one (the only one used for new cookies).
 */
void cookie_rotate(struct cookie_ctx *c, const uint8_t *secret);

/* Forget the previous secret (at the end of a rotation, an hour later). */
void cookie_drop_prev(struct cookie_ctx *c);

/*
 * Set both secrets at once: secret the current one, prev (NULL: none) the
 * previous one, still accepted (RFC 9018 §5). What a worker does with the
 * secrets main sends after radixctl cookie-rotate.
 */
void cookie_set_secrets(
    struct cookie_ctx *c, const uint8_t *secret, const uint8_t *prev);

/*
 * Parse the data of a COOKIE option (len octets). RFC 7873 §5.2.2: a client
 * cookie alone is 8 octets; with a server cookie 16 to 40. Other lengths
 * are RD_EMALFORMED (answer FORMERR). Returns 0 or RD_EMALFORMED.
 */
int cookie_parse(const uint8_t *data, size_t len, struct cookie_opt *co);

/*
 * Find and parse the COOKIE option in the RDATA of an OPT RR (rdlen
 * octets of {code, length, data} options, RFC 6891 §6.1.2). Returns 0
 * (found), RD_ENOTFOUND (no COOKIE option), or RD_EMALFORMED (an option
 * runs past the RDATA, a COOKIE of a wrong length, or two COOKIE options).
 */
int cookie_find(const uint8_t *rdata, size_t rdlen, struct cookie_opt *co);

/*
 * Write our server cookie for client (8 octets) and src at time now into
 * out (COOKIE_SERVER_LEN octets), RFC 9018 §4.2. Returns 0, or RD_EINVAL
 * for a source that is neither IPv4 nor IPv6.
 */
int cookie_make(struct cookie_ctx *c, const uint8_t *client,
    const struct sockaddr *src, uint32_t now, uint8_t *out);

/* What the server cookie of a query is. */
enum cookie_state {
	COOKIE_NONE = 0,	/* no COOKIE option */
	COOKIE_CLIENT_ONLY = 1, /* a client cookie, no server cookie */
	COOKIE_INVALID = 2,	/* a server cookie that does not verify */
	COOKIE_VALID = 3, /* a server cookie we made, in its time window */
};

/*
 * Verify co's server cookie for src at now, RFC 9018 §4.3: 16 octets,
 * version 1, timestamp at most COOKIE_PAST seconds old and COOKIE_FUTURE
 * ahead (serial arithmetic, RFC 1982), and the hash of the current or the
 * previous secret. prev (may be NULL) is set to 1 when the previous secret
 * matched. Returns COOKIE_CLIENT_ONLY, COOKIE_INVALID or COOKIE_VALID.
 */
enum cookie_state cookie_verify(struct cookie_ctx *c,
    const struct cookie_opt *co, const struct sockaddr *src, uint32_t now,
    int *prev);

/* What to do with a query, after its cookie. */
enum cookie_action {
	COOKIE_PROCESS = 0, /* answer as usual (with out[] if outlen > 0) */
	COOKIE_REPLY = 1,   /* answer rcode with out[], no question processed */
	COOKIE_FORMERR = 2, /* malformed COOKIE option: FORMERR, no cookie */
};

struct cookie_result {
	enum cookie_state state;
	enum cookie_action action;
	uint16_t rcode;		 /* for COOKIE_REPLY: NOERROR or BADCOOKIE */
	int exempt;		 /* 1: valid cookie, skip rate limiting */
	uint8_t out[COOKIE_MAX]; /* the COOKIE option data to send back */
	uint8_t outlen;		 /* 0: send none */
};

/*
 * Decide for one query: rdata/rdlen are its OPT's RDATA (NULL/0 without
 * EDNS), src its source, tcp 1 over TCP, qdcount its QDCOUNT, now the time.
 *   - no COOKIE option (RFC 7873 §5.2.1): COOKIE_PROCESS, no cookie out;
 *   - malformed (§5.2.2): COOKIE_FORMERR;
 *   - a client cookie only (§5.2.3) or an invalid server cookie (§5.2.4,
 *     handled as if it were absent): COOKIE_PROCESS with a fresh cookie,
 *     except with c->require over UDP: COOKIE_REPLY BADCOOKIE with a fresh
 *     cookie (over TCP §5.2.3 says to process: the handshake authenticates);
 *   - a valid server cookie (§5.2.5): COOKIE_PROCESS, exempt, the same
 *     server cookie back, or a fresh one when it is over COOKIE_RENEW old
 *     or was made with the previous secret (RFC 9018 §4.3);
 *   - QDCOUNT 0 (§5.4, asking for a cookie): COOKIE_REPLY, NOERROR for a
 *     client cookie alone or a valid one, BADCOOKIE for an invalid one,
 *     always with a fresh cookie.
 * Returns 0, or RD_EINVAL for a source that is neither IPv4 nor IPv6.
 */
int cookie_process(struct cookie_ctx *c, const uint8_t *rdata, size_t rdlen,
    const struct sockaddr *src, int tcp, unsigned qdcount, uint32_t now,
    struct cookie_result *res);

/*
 * SipHash-2-4 (Aumasson and Bernstein) of m[0..len) with a 16-octet key,
 * our own code, output as 8 octets (the 64-bit result, least significant
 * first, as the reference and OpenSSL give it).
 */
void cookie_siphash24(
    const uint8_t *key, const uint8_t *m, size_t len, uint8_t *out);

#endif
