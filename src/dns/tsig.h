/*
 * tsig: transaction signatures (RFC 8945) with HMAC from OpenSSL libcrypto.
 * Keys {name, algorithm, secret}; a key set looked up by name; verification
 * of a request and signing of its response (one message or a stream, as a
 * transfer needs, RFC 8945 §5.3.1); signing of a request and verification
 * of its response stream for clients and tests. No global state: every
 * exchange keeps what it needs in a struct tsig_ctx on the caller's side.
 *
 * Server side, one request:
 *	tsig_ctx_init(&ctx);
 *	rc = tsig_verify(ks, req, reqlen, now, &ctx);
 *	rc == TSIG_FORMERR: answer FORMERR without a TSIG;
 *	rc > 0 (BADSIG, BADKEY, BADTIME, BADTRUNC): answer NOTAUTH (RFC 8945
 *	    §5.2), then tsig_sign() adds the TSIG that §5.3.2 asks for;
 *	rc == 0: process; when tsig_active(&ctx), keep tsig_reserve(&ctx)
 *	    octets free while writing the answer and call tsig_sign() on it
 *	    (once per message of a transfer stream);
 *	tsig_ctx_clear(&ctx);
 * Client side: tsig_sign_request(), then tsig_verify_reply() for every
 * message of the answer and tsig_verify_done() at its end.
 */
#ifndef RD_TSIG_H
#define RD_TSIG_H

#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"

/* RFC 8945 §6: the HMAC algorithms, by name in the TSIG RR. */
enum tsig_alg {
	TSIG_HMAC_MD5 = 0,    /* hmac-md5.sig-alg.reg.int. */
	TSIG_HMAC_SHA1 = 1,   /* hmac-sha1. (RFC 4635) */
	TSIG_HMAC_SHA224 = 2, /* hmac-sha224. */
	TSIG_HMAC_SHA256 = 3, /* hmac-sha256. (the default) */
	TSIG_HMAC_SHA384 = 4, /* hmac-sha384. */
	TSIG_HMAC_SHA512 = 5, /* hmac-sha512. */
};

#define TSIG_ALG_DEFAULT TSIG_HMAC_SHA256

/*
 * Results of verification: 0, the rcode FORMERR, or a TSIG error (RFC 8945
 * §3, IANA "TSIG Error values"). The TSIG errors are answered with the
 * rcode NOTAUTH (9) and the error in the TSIG RR.
 */
enum {
	TSIG_OK = 0,
	TSIG_FORMERR = 1, /* the rcode: malformed TSIG or not last */
	TSIG_BADSIG = 16,
	TSIG_BADKEY = 17,
	TSIG_BADTIME = 18,
	TSIG_BADTRUNC = 22,
};

#define TSIG_FUDGE 300	     /* seconds, RFC 8945 §10 recommends 300 */
#define TSIG_MAC_MAX 64	     /* SHA-512 output */
#define TSIG_SECRET_MAX 512  /* octets of a decoded secret */
#define TSIG_UNSIGNED_MAX 99 /* RFC 8945 §5.3.1: unsigned messages in a row */

/* A key. Filled by tsig_key_from_text (or by hand for tests). */
struct tsig_key {
	uint8_t name[NAME_MAXLEN]; /* wire form, lower-cased */
	uint8_t namelen;
	enum tsig_alg alg;
	uint8_t min_mac; /* accepted MAC length floor; 0: RFC minimum */
	uint16_t secretlen;
	uint8_t secret[TSIG_SECRET_MAX];
};

/* The keys known to a server. Zero-filled is an empty set. */
struct tsig_keyset {
	struct tsig_key *keys;
	size_t nkeys;
	size_t cap;
};

/* Where an exchange stands (struct tsig_ctx state). */
enum tsig_state {
	TSIG_S_NONE = 0, /* nothing verified or signed: no TSIG */
	TSIG_S_ERROR,	 /* a request failed verification (ctx.error) */
	TSIG_S_REQUEST,	 /* a request verified: the next sign is the first */
	TSIG_S_STREAM,	 /* at least one message signed: §5.3.1 from now on */
	TSIG_S_CLIENT,	 /* a request signed: the next reply is the first */
	TSIG_S_CLIENT_STREAM, /* a reply verified: §5.3.1 from now on */
};

/*
 * One exchange. Lives on the caller's side (stack, connection); holds a
 * copy of the key, so the key set may change while a stream goes on.
 * tsig_ctx_clear releases the HMAC state a client stream may hold.
 */
struct tsig_ctx {
	enum tsig_state state;
	uint16_t error;	       /* TSIG error of the last verification */
	uint16_t orig_id;      /* Original ID of the request's TSIG */
	uint64_t req_time;     /* Time Signed of the request */
	uint16_t fudge;	       /* fudge of the TSIG RRs we write (300) */
	uint8_t peer_error;    /* 1: a reply's TSIG carried the peer's error */
	uint16_t unsigned_run; /* unsigned messages since the last signed one */
	size_t tsig_off;       /* where the TSIG RR starts in the last message
				  verified (its length when there is none) */
	uint8_t maclen;	       /* previous MAC: request's or last message's */
	uint8_t mac[TSIG_MAC_MAX];
	uint8_t keyname[NAME_MAXLEN]; /* as received, lower-cased */
	uint8_t keynamelen;
	uint8_t algname[NAME_MAXLEN]; /* as received, lower-cased */
	uint8_t algnamelen;
	struct tsig_key key; /* valid from TSIG_S_REQUEST on, and for
				BADTIME and BADTRUNC */
	void *hmac;	     /* running HMAC over unsigned stream messages */
};

/*
 * Algorithm from its name: the RFC 8945 §6 names with or without the final
 * dot, case-insensitive ("hmac-sha256", "HMAC-SHA256.", "hmac-md5" and
 * "hmac-md5.sig-alg.reg.int"). Returns 0 or RD_ENOTSUP.
 */
int tsig_alg_from_text(const char *s, enum tsig_alg *alg);

/* The algorithm's name as written in configuration ("hmac-sha256"). */
const char *tsig_alg_name(enum tsig_alg alg);

/* Output length of the algorithm's hash in octets (16 to 64). */
size_t tsig_alg_maclen(enum tsig_alg alg);

/*
 * Name of a tsig_verify result for log lines: "NOERROR", "FORMERR",
 * "BADSIG", "BADKEY", "BADTIME", "BADTRUNC", else "error".
 */
const char *tsig_error_name(int rc);

/*
 * Fill k from configuration text: the key name (presentation form, taken
 * as absolute), the algorithm (NULL: hmac-sha256) and the base64 secret as
 * tsig-keygen and keymgr print it (white space inside is ignored). On
 * error, err (when not NULL) holds "what is wrong; what to do".
 * Returns 0, RD_ESYNTAX (bad name or base64, empty secret), RD_ENOTSUP
 * (unknown algorithm) or RD_ERANGE (secret over TSIG_SECRET_MAX octets).
 */
int tsig_key_from_text(struct tsig_key *k, const char *name, const char *alg,
    const char *b64, char *err, size_t errmax);

/*
 * The same from one "[ALGORITHM:]NAME:SECRET" text, as dig -y, kdig -y
 * and keymgr -t's comment line write it. Returns as tsig_key_from_text,
 * or RD_ESYNTAX when there is no ':'.
 */
int tsig_key_from_spec(
    struct tsig_key *k, const char *spec, char *err, size_t errmax);

/* Empty set. */
void tsig_keyset_init(struct tsig_keyset *ks);

/* Release the set's memory (the secrets are wiped first). */
void tsig_keyset_free(struct tsig_keyset *ks);

/*
 * Add a copy of k. Returns 0, RD_EEXIST (a key of that name is there) or
 * RD_ENOMEM.
 */
int tsig_keyset_add(struct tsig_keyset *ks, const struct tsig_key *k);

/* The key of that wire name (any letter case), or NULL. */
const struct tsig_key *tsig_keyset_find(
    const struct tsig_keyset *ks, const uint8_t *name);

/* A fresh exchange (TSIG_S_NONE). */
void tsig_ctx_init(struct tsig_ctx *ctx);

/* Release the exchange's HMAC state and wipe its key copy. */
void tsig_ctx_clear(struct tsig_ctx *ctx);

/* 1 when responses of this exchange get a TSIG RR (tsig_sign adds one). */
int tsig_active(const struct tsig_ctx *ctx);

/*
 * Octets a TSIG RR added by tsig_sign (or tsig_sign_request) can take:
 * keep them free while writing the message (pkt_wr_reserve).
 */
size_t tsig_reserve(const struct tsig_ctx *ctx);

/*
 * Server side, RFC 8945 §5.2: verify the request msg[0..len) at time now
 * (seconds since the epoch). The TSIG RR must be the last record of the
 * additional section and the only one (§5.1); then come the key and its
 * algorithm (§5.2.1), the MAC length (§5.2.2.1), the MAC over the message
 * without the TSIG, with ARCOUNT one lower and the Original ID, followed by
 * the TSIG variables (§4.3.3; compared with CRYPTO_memcmp), then the time
 * (§5.2.3, Time Signed within the request's fudge of now), then the
 * truncation floor of the key (§5.2.4). ctx (initialised once by
 * tsig_ctx_init) is cleared first. Returns:
 *   0: no TSIG (ctx stays TSIG_S_NONE) or a valid one (TSIG_S_REQUEST);
 *   TSIG_FORMERR: malformed TSIG, not last, more than one, MAC length out
 *     of bounds, a message that cannot be walked (ctx TSIG_S_NONE);
 *   TSIG_BADKEY, TSIG_BADSIG, TSIG_BADTIME, TSIG_BADTRUNC (TSIG_S_ERROR);
 *   RD_ENOMEM: the HMAC could not be computed (answer SERVFAIL).
 * ctx->tsig_off is where the TSIG RR starts (len when there is none).
 */
int tsig_verify(const struct tsig_keyset *ks, const uint8_t *msg, size_t len,
    uint64_t now, struct tsig_ctx *ctx);

/*
 * Append the TSIG RR to the response msg[0..*len) (room up to max) and
 * raise ARCOUNT; *len grows. What is appended depends on ctx:
 *   TSIG_S_REQUEST: signed over the request MAC, the message and all the
 *     TSIG variables (§4.3.1, §4.3.3); then TSIG_S_STREAM.
 *   TSIG_S_STREAM: a later message of a stream (§5.3.1), signed over the
 *     previous MAC, the message and the timers only.
 *   TSIG_S_ERROR with BADKEY or BADSIG: unsigned, MAC size 0 (§5.3.2).
 *   TSIG_S_ERROR with BADTIME: signed as a response, Time Signed the
 *     request's, Other Data our time now (§5.2.3); BADTRUNC likewise
 *     signed, without Other Data.
 *   TSIG_S_NONE: nothing is appended.
 * The message must carry the request's ID (it is the Original ID) and no
 * compression pointer may point into the appended RR (none can: it is new).
 * Returns 0, RD_ESPACE (nothing appended), RD_EMALFORMED (shorter than a
 * header) or RD_ENOMEM.
 */
int tsig_sign(
    struct tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t max, uint64_t now);

/*
 * tsig_sign for callers whose hook has no time argument, such as
 * struct xfr_signer: { tsig_sign_hook, &hook, tsig_reserve(hook.ctx) }.
 * now 0 reads the clock at each message, so that a long transfer keeps
 * within the fudge at the client.
 */
struct tsig_hook {
	struct tsig_ctx *ctx;
	uint64_t now; /* seconds since the epoch; 0: time(NULL) */
};

int tsig_sign_hook(void *hook, uint8_t *msg, size_t *len, size_t max);

/*
 * Client side: sign the request msg[0..*len) with key at time now (fudge
 * 300, §4.3.3 variables, no request MAC) and keep the MAC in ctx (cleared
 * first, so initialised once by tsig_ctx_init) for the reply:
 * TSIG_S_CLIENT. Returns as tsig_sign.
 */
int tsig_sign_request(struct tsig_ctx *ctx, const struct tsig_key *key,
    uint8_t *msg, size_t *len, size_t max, uint64_t now);

/*
 * Client side: verify one message of the reply to a request signed with
 * tsig_sign_request. The first must be signed (over the request MAC and
 * all variables); later ones per §5.3.1: a signed one over the previous
 * MAC, the unsigned messages since, itself and the timers; up to 99
 * unsigned ones in a row are absorbed and accepted for now. Returns 0,
 * TSIG_FORMERR (malformed, TSIG not last, first message unsigned, a 100th
 * unsigned one in a row), TSIG_BADKEY (other key or algorithm than the
 * request's), TSIG_BADSIG, TSIG_BADTIME (outside fudge of now), or the
 * peer's error when the reply's TSIG carries one (ctx->peer_error is then
 * 1), or RD_ENOMEM. After a non-zero result the stream is broken: drop
 * it (tsig_ctx_clear).
 */
int tsig_verify_reply(
    struct tsig_ctx *ctx, const uint8_t *msg, size_t len, uint64_t now);

/*
 * Client side, at the end of a stream: 0 when the last message verified
 * was signed (§5.3.1: the last one must be), else TSIG_BADSIG.
 */
int tsig_verify_done(const struct tsig_ctx *ctx);

#endif
