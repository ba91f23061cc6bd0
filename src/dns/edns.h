/*
 * edns: the OPT pseudo-RR of EDNS(0) (RFC 6891). Parse the client's OPT,
 * decide the UDP response size, and write ours.
 */
#ifndef RD_EDNS_H
#define RD_EDNS_H

#include <stddef.h>
#include <stdint.h>

struct wire_rd;
struct wire_wr;

#define EDNS_PAYLOAD_DEFAULT 1232	/* DNS flag day 2020 */
#define EDNS_PAYLOAD_MIN 512		/* RFC 6891 §6.2.5 */
#define EDNS_VERSION 0
#define EDNS_DO 0x8000			/* DNSSEC OK in the TTL (RFC 3225) */
#define EDNS_OPT_SIZE 11		/* an OPT RR with an empty rdata */
#define EDNS_RCODE_BADVERS 16		/* RFC 6891 §9 */

/* What the client's OPT said. */
struct edns {
	uint8_t present;	/* 1 when the query had an OPT */
	uint8_t version;
	uint8_t ext_rcode;	/* upper 8 bits of the rcode, as sent */
	uint16_t payload;	/* the client's UDP payload size, as sent */
	uint16_t flags;		/* DO and the Z bits */
	uint8_t cookie;		/* 1 when a COOKIE option (RFC 7873) is there */
	uint16_t rdoff;		/* offset of the OPT RDATA in the message */
	uint16_t rdlen;		/* its length */
};

/*
 * Parse the OPT RR's fields that follow its owner name and TYPE: CLASS
 * (payload size), TTL (extended rcode, version, flags) and RDATA, whose
 * options must be well-formed (RFC 6891 §6.1.2); unknown options are
 * ignored. The caller has checked that the owner is the root. Fills e and
 * returns 0, or RD_EMALFORMED (r's error is set).
 */
int edns_parse(struct wire_rd *r, struct edns *e);

/*
 * Largest UDP response for a query (RFC 6891 §6.2.5): 512 without EDNS,
 * else the client's size clamped to [512, ours]; ours 0 means the default.
 */
uint16_t edns_udp_limit(const struct edns *e, uint16_t ours);

/*
 * Write our OPT RR (RFC 6891 §6.1.2): root owner, our payload size (0 means
 * the default), the upper 8 bits of rcode as extended rcode, version 0, and
 * the DO bit echoed when do_bit is set (RFC 3225 §3). No options.
 * Returns 0 or RD_ESPACE (w's error is set).
 */
int edns_write(struct wire_wr *w, uint16_t payload, uint16_t rcode,
    int do_bit);

#endif
