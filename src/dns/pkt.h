/*
 * pkt: DNS messages (RFC 1035 §4.1). Parse a query through the bounds-checked
 * cursor; build a response with name compression (RFC 1035 §4.1.4) from a
 * small table that lives in the writer (no allocation), writing whole RRsets
 * only: an RRset that does not fit is rolled back and reported, so the caller
 * can set TC (RFC 2181 §9).
 */
#ifndef RD_PKT_H
#define RD_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "dns/edns.h"
#include "dns/name.h"
#include "dns/wire.h"

struct rrset;

#define PKT_HDRLEN 12

/* Header flags (the second 16-bit word, RFC 1035 §4.1.1, RFC 4035 §3.1.6). */
#define PKT_QR 0x8000
#define PKT_AA 0x0400
#define PKT_TC 0x0200
#define PKT_RD 0x0100
#define PKT_RA 0x0080
#define PKT_AD 0x0020
#define PKT_CD 0x0010
#define PKT_OPCODE(flags) (((flags) >> 11) & 0xf)
#define PKT_RCODE(flags) ((flags) & 0xf)

enum {
	PKT_OPCODE_QUERY = 0, PKT_OPCODE_IQUERY = 1, PKT_OPCODE_STATUS = 2,
	PKT_OPCODE_NOTIFY = 4, PKT_OPCODE_UPDATE = 5,
};

enum {
	PKT_RCODE_NOERROR = 0, PKT_RCODE_FORMERR = 1, PKT_RCODE_SERVFAIL = 2,
	PKT_RCODE_NXDOMAIN = 3, PKT_RCODE_NOTIMP = 4, PKT_RCODE_REFUSED = 5,
	PKT_RCODE_YXDOMAIN = 6, PKT_RCODE_NOTAUTH = 9,
	PKT_RCODE_BADVERS = 16,
};

/* A parsed query. */
struct pkt_query {
	uint16_t id;
	uint16_t flags;
	uint16_t qdcount, ancount, nscount, arcount;
	uint8_t opcode;
	uint8_t has_question;	/* qname, qtype and qclass are valid */
	uint8_t qnamelen;
	uint16_t qtype;
	uint16_t qclass;
	struct edns edns;	/* edns.present: exactly one OPT was read */
	uint8_t qname[NAME_MAXLEN];	/* as received: letter case kept */
};

/*
 * Parse a message of len octets (at least PKT_HDRLEN) as a query: header,
 * one question (QDCOUNT above 1 is malformed; QDCOUNT 0 parses with
 * has_question 0, for RFC 7873 §5.4, and the caller decides), the answer
 * and authority records (skipped, but they must be well-formed and no OPT
 * may be among them), and the additional records with at most one OPT,
 * owned by the root (RFC 6891 §6.1.1). Trailing octets after the last
 * record are ignored.
 * Returns 0, or RD_EMALFORMED with has_question telling whether the
 * question could be read (it is then echoed in the FORMERR).
 */
int pkt_parse_query(const uint8_t *p, size_t len, struct pkt_query *q);

/* Sections of a response, written in this order. */
enum pkt_section {
	PKT_ANSWER = 0,
	PKT_AUTHORITY = 1,
	PKT_ADDITIONAL = 2,
};

#define PKT_COMP_MAX 48

/* One compression target: a name suffix already in the message. */
struct pkt_comp {
	uint16_t off;		/* where the suffix starts */
	uint8_t labels;		/* its labels, not counting the root */
	uint8_t len;		/* its length uncompressed, root octet included */
	uint8_t flat;		/* 1: written whole there, with no pointer */
};

#define PKT_REF_MAX 8

/* A name written whole, by its address (pkt_wr_fixed_names()). */
struct pkt_ref {
	const uint8_t *name;
	uint16_t off;		/* where a pointer to it may point */
};

/* A response being written. Lives on the caller's stack. */
struct pkt_wr {
	struct wire_wr w;
	uint8_t *limit;		/* end of the room for records without reserve */
	const uint8_t *qname;	/* the question's name: written as a pointer */
	uint16_t count[3];	/* records per section */
	uint8_t sec;		/* section being written */
	uint8_t qd;		/* 1 when a question was written */
	uint8_t ncomp;
	uint8_t fixed;		/* names are found by address (pkt_wr_fixed_names) */
	uint8_t nref;
	uint8_t qnl;		/* labels of qname, at PKT_HDRLEN */
	uint8_t qlen;		/* its length */
	uint8_t qlab[NAME_MAXLABELS]; /* offsets of qname's labels in it */
	struct pkt_ref ref[PKT_REF_MAX];
	struct pkt_comp comp[PKT_COMP_MAX]; /* targets after the question */
};

/*
 * Start a response in buf[0..max): the header (id, flags given here and
 * rewritten by pkt_wr_finish) and, when qname is not NULL, the question,
 * letter case kept (its suffixes are the first compression targets, read
 * from qname itself, and a later name passed as this same pointer is
 * written as a pointer to it without a search: qname must stay valid and
 * unchanged while pw is used).
 * Returns 0 or RD_ESPACE.
 */
int pkt_wr_begin(struct pkt_wr *pw, uint8_t *buf, size_t max, uint16_t id,
    const uint8_t *qname, uint16_t qtype, uint16_t qclass);

/*
 * The caller's promise that every name it passes to pw from now on stays
 * valid and unchanged until the response is finished (names in zone data,
 * or buffers written once): a name written whole before is then written
 * as a pointer found by its address, without a search (the owner of glue
 * is the NS target just written, say).
 */
void pkt_wr_fixed_names(struct pkt_wr *pw);

/* Keep n octets at the end free (for OPT), or give them back. */
void pkt_wr_reserve(struct pkt_wr *pw, size_t n);
void pkt_wr_unreserve(struct pkt_wr *pw, size_t n);

/*
 * Append the whole RRset rs to section sec (not before the section being
 * written), owner compressed, with the given class and TTL. Compressible
 * names in rdata (RDF_NAME_C) are compressed, others written as they are
 * (RFC 3597 §4). Returns 0, or RD_ESPACE with nothing of the RRset left in
 * the message, or RD_EINVAL for a section out of order.
 */
int pkt_put_rrset(struct pkt_wr *pw, enum pkt_section sec,
    const uint8_t *owner, uint16_t rclass, uint32_t ttl,
    const struct rrset *rs);

/* The same for one RR whose rdata is rd[0..rdlen). */
int pkt_put_rr(struct pkt_wr *pw, enum pkt_section sec, const uint8_t *owner,
    uint16_t type, uint16_t rclass, uint32_t ttl, const uint8_t *rd,
    uint16_t rdlen);

/* Append our OPT RR to the additional section (see edns_write). */
int pkt_put_opt(struct pkt_wr *pw, uint16_t payload, uint16_t rcode,
    int do_bit);

/* Records written so far in section sec. */
static inline uint16_t
pkt_wr_count(const struct pkt_wr *pw, enum pkt_section sec)
{
	return pw->count[sec];
}

/* Write the flags and the counts into the header; returns the length. */
size_t pkt_wr_finish(struct pkt_wr *pw, uint16_t flags);

/*
 * pkt_put_opt with one option {code, len, data[len]} in its RDATA.
 * 0, or RD_ESPACE (nothing written).
 */
int pkt_put_opt_with(struct pkt_wr *pw, uint16_t payload, uint16_t rcode,
    int do_bit, uint16_t code, const uint8_t *data, uint16_t len);

/*
 * Cut the response p[0..len) we wrote down to its header and question, with
 * TC set and the other counts zero (the slip reply of rate limiting).
 * Returns the new length, or 0 when p holds no response of ours.
 */
size_t pkt_truncate(uint8_t *p, size_t len);

#endif
