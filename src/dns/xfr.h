/*
 * xfr: the protocol half of zone transfers, without sockets. Parse an AXFR
 * (RFC 5936) or IXFR (RFC 1995) request; then produce the answer as a
 * stream of messages, each at most 65535 octets, that the caller writes to
 * a TCP connection (with its two-octet length prefix) one after another.
 *
 * AXFR: our SOA, every RR of the zone in canonical order (one walk of the
 * tree, resumed across messages), our SOA again (RFC 5936 §2.2). RRs are
 * never split; an RRset may span messages. The question is echoed in
 * every message, as Knot does (seen with knotd 3.2: QDCOUNT 1 in each
 * message); RFC 5936 §2.2.1 allows it in the first only or in all.
 *
 * IXFR: a client serial equal to or newer than ours gets our SOA alone
 * (RFC 1995 §2). A serial from which the diff history reaches our serial
 * gets the differences (RFC 1995 §4): our SOA, then per diff the old SOA,
 * the removed RRs, the new SOA, the added RRs, and our SOA last. Diffs are
 * sent one by one as they were recorded, not condensed. Any other serial
 * gets an AXFR-style answer with the IXFR question (RFC 1995 §4).
 * Over UDP, an IXFR answer that does not fit in one message is replaced by
 * our SOA alone (RFC 1995 §2), telling the client to retry over TCP.
 *
 * The zone (and the diff history) must not change while a stream is
 * produced: the server serves transfers from a snapshot (DESIGN.md).
 */
#ifndef RD_XFR_H
#define RD_XFR_H

#include <stddef.h>
#include <stdint.h>

#include "dns/diff.h"
#include "dns/edns.h"
#include "dns/journal.h"
#include "dns/name.h"

struct rrset;
struct tsig_ctx;
struct zone;
struct znode;

/* Longest transfer message (RFC 1035 §4.2.2: a TCP length is 16 bits). */
#define XFR_MSG_MAX 65535

/* A parsed transfer request. */
struct xfr_request {
	uint16_t id;
	uint16_t flags; /* as received: RD is copied to the answer */
	uint16_t qtype; /* RRTYPE_AXFR or RRTYPE_IXFR */
	uint16_t qclass;
	uint8_t has_question; /* qname, qtype and qclass are valid */
	uint8_t qnamelen;
	uint8_t qname[NAME_MAXLEN]; /* as received, case kept */
	uint8_t has_serial;	    /* IXFR: the client's SOA was read */
	uint32_t serial;	    /* IXFR: the client's SOA serial */
	uint8_t udp;		    /* set by the caller: it came over UDP */
	struct edns edns;	    /* the request's OPT, when edns.present */
	uint8_t has_tsig;	    /* the last additional record is a TSIG */
	uint16_t tsig_off; /* where the TSIG RR starts in the message */
};

/*
 * Parse a message as a transfer request. It must be a query (QR clear,
 * opcode QUERY) with exactly one question of type AXFR or IXFR and no
 * answer records. An IXFR must carry in its authority section exactly one
 * SOA record owned by the question's name: the client's version (RFC 1995
 * §3). The additional section may hold one OPT (RFC 6891) and a TSIG,
 * which must be last (RFC 8945 §5.1). Returns 0; RD_ENOTSUP when the
 * message is no transfer request (a response, another opcode, or a
 * question of another type: answer it elsewhere); or RD_EMALFORMED
 * (answer FORMERR with xfr_error, the question echoed when has_question).
 */
int xfr_parse_request(const uint8_t *msg, size_t len, struct xfr_request *req);

/*
 * Where IXFR takes its diffs from: the journal (jnl_iter_init and
 * jnl_iter_next fit these callbacks) or diffs held in memory.
 * seek positions at the diff whose serial_from is serial: 0, or
 * RD_ENOTFOUND when the history does not reach back to it. next fills d
 * with the following diff: 1, 0 at the end, or a negative RD_E* code.
 */
struct xfr_diffsrc {
	int (*seek)(void *ctx, uint32_t serial);
	int (*next)(void *ctx, struct diff *d);
	void *ctx;
};

/* A diff source over an array of n diffs in memory, in serial order. */
struct xfr_diffarr {
	const struct diff *diffs;
	size_t n;
	size_t pos;
};

/* Fill src so that it reads the array a (which must outlive the stream). */
void xfr_diffsrc_array(struct xfr_diffsrc *src, struct xfr_diffarr *a,
    const struct diff *diffs, size_t n);

/* A diff source over a zone's journal (journal.h). */
struct xfr_jnlsrc {
	struct jnl *j;
	struct jnl_iter it;
};

/* Fill src so that it reads the journal j through js (both outlive it). */
void xfr_diffsrc_journal(
    struct xfr_diffsrc *src, struct xfr_jnlsrc *js, struct jnl *j);

/*
 * Signing hook (TSIG, RFC 8945 §5.3.1: every message of the stream is
 * signed). reserve octets are kept free at the end of each message; after
 * a message is built, sign is called with it: it appends its record to
 * msg[0..*len) within max octets, updates ARCOUNT and *len, and returns 0
 * or a negative RD_E* code, which ends the stream with that error.
 */
struct xfr_signer {
	int (*sign)(void *ctx, uint8_t *msg, size_t *len, size_t max);
	void *ctx;
	size_t reserve;
};

/* TSIG for a stream: the exchange of the verified request (tsig.h). */
struct xfr_tsig {
	struct tsig_ctx *ctx;
	uint64_t now; /* signing time; the caller may update it */
};

/*
 * Fill s to sign every message with tsig_sign through t (both outlive
 * the stream). Returns 1 when the exchange signs its answers (a TSIG was
 * verified or an error is to be signed), 0 when there is nothing to sign:
 * then pass no signer to xfr_begin.
 */
int xfr_signer_tsig(struct xfr_signer *s, struct xfr_tsig *t,
    struct tsig_ctx *ctx, uint64_t now);

/* What a stream sends. */
enum xfr_kind {
	XFR_AXFR = 0,	  /* the whole zone (also IXFR AXFR-style) */
	XFR_IXFR = 1,	  /* differences */
	XFR_SOA_ONLY = 2, /* our SOA alone (IXFR up to date, or UDP) */
};

/* A transfer stream in progress. Opaque to callers; lives where they wish. */
struct xfr {
	const struct zone *z;
	const struct rrset *soa;
	const struct xfr_signer *signer;
	struct xfr_diffsrc src;
	enum xfr_kind kind;
	uint16_t id, flags, qtype, qclass;
	uint8_t qname[NAME_MAXLEN];
	uint8_t edns; /* answer with an OPT in every message */
	uint8_t do_bit;
	uint8_t udp;
	uint8_t phase;		  /* where the record producer stands */
	uint8_t walking;	  /* AXFR: the walk has begun */
	uint32_t nmsg;		  /* messages produced so far */
	const struct znode *node; /* AXFR: node being sent */
	const struct rrset *rs;	  /* AXFR: RRset being sent */
	const uint8_t *rd;	  /* AXFR: next entry of rs */
	size_t dpos;		  /* IXFR: position in the diff */
	struct diff diff;	  /* IXFR: diff being sent */
	uint8_t key[256];	  /* AXFR: radix key of node */
	size_t keylen;
	size_t nrecords; /* records sent so far */
};

/*
 * Start the answer to req (parsed by xfr_parse_request, for the zone z,
 * which must hold an SOA) in x. src supplies diffs for IXFR (NULL: no
 * history, so an IXFR that is not up to date gets an AXFR-style answer);
 * the history is read through once here to check that it chains from the
 * client's serial to z's serial, and an AXFR-style answer is chosen when
 * it does not. signer may be NULL (no TSIG). The zone, src and signer must
 * stay unchanged until the stream ends. Returns 0; RD_ENOTSUP for AXFR over
 * UDP (RFC 5936 §4.2: not defined; answer with xfr_error and NOTIMP, as
 * Knot does); RD_EINVAL when req is no transfer of z (another name or
 * class); RD_ENOMEM.
 */
int xfr_begin(struct xfr *x, const struct zone *z,
    const struct xfr_request *req, const struct xfr_diffsrc *src,
    const struct xfr_signer *signer);

/*
 * Write the next message of the stream into out[0..max) (max is capped at
 * XFR_MSG_MAX; over TCP the caller sends it after its two-octet length,
 * over UDP max is the client's payload size). Returns its length; 0 when
 * the stream is over; or
 * RD_ESPACE (one RR does not fit in max), RD_EIO / RD_EMALFORMED /
 * RD_ENOMEM from the diff source, or the signer's error: the stream is
 * then over and the caller closes the connection.
 */
int xfr_next(struct xfr *x, uint8_t *out, size_t max);

/* What the stream is sending (known after xfr_begin). */
enum xfr_kind xfr_kind(const struct xfr *x);

/*
 * Release what the stream holds (the IXFR diff buffer); call it after a
 * successful xfr_begin, at the end of the stream or when it is abandoned.
 */
void xfr_end(struct xfr *x);

/*
 * An error answer to a transfer request: header with req's ID, QR set, RD
 * copied, the rcode given (FORMERR, NOTAUTH, REFUSED, NOTIMP...), and the
 * question when req->has_question. Returns the length or RD_ESPACE.
 */
int xfr_error(
    const struct xfr_request *req, uint16_t rcode, uint8_t *out, size_t max);

#endif
