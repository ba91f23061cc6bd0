/*
 * notify: NOTIFY messages (RFC 1996) and the SOA query a primary sends to
 * see which serial a secondary serves. Build and parse only: sending,
 * retransmission and ACLs belong to the server.
 */
#ifndef RD_NOTIFY_H
#define RD_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"

/* A parsed NOTIFY request or response, or an SOA answer. */
struct notify_msg {
	uint16_t id;
	uint16_t flags; /* as received */
	uint16_t rcode; /* responses: the header's rcode */
	uint16_t qtype;
	uint16_t qclass;
	uint8_t qnamelen;
	uint8_t qname[NAME_MAXLEN]; /* the zone, as received */
	uint8_t has_question;	    /* qname and qclass are valid */
	uint8_t has_serial;	    /* the answer section had the zone's SOA */
	uint32_t serial;
	uint8_t has_tsig;  /* the last additional record is a TSIG */
	uint16_t tsig_off; /* offset of the TSIG RR's owner */
};

/*
 * Build a NOTIFY (RFC 1996 §3.7): opcode NOTIFY, AA set, the given id, one
 * question <zone> SOA <rclass>, and when soa is not NULL our SOA
 * (owner zone, ttl, rdata soa[0..soalen)) in the answer section (RFC 1996
 * §3.7 allows it as a hint). Returns the length or RD_ESPACE.
 */
int notify_build(uint8_t *out, size_t max, uint16_t id, const uint8_t *zone,
    uint16_t rclass, uint32_t ttl, const uint8_t *soa, uint16_t soalen);

/*
 * Parse a NOTIFY request: QR clear, opcode NOTIFY, exactly one question of
 * type SOA (RFC 1996 §3.7), answer records well-formed; an SOA owned by the
 * zone in the answer section gives the serial (a hint only, RFC 1996
 * §3.7). Returns 0, or RD_EMALFORMED (answer FORMERR, with the question
 * when has_question is set).
 */
int notify_parse_request(const uint8_t *msg, size_t len, struct notify_msg *m);

/*
 * Build the answer to a parsed NOTIFY request m: same id, QR and AA set,
 * opcode NOTIFY, the question echoed (RFC 1996 §4.7), and rcode
 * (NOERROR; REFUSED or NOTAUTH as the caller decided; FORMERR). Returns
 * the length or RD_ESPACE.
 */
int notify_build_response(
    const struct notify_msg *m, uint16_t rcode, uint8_t *out, size_t max);

/*
 * Parse the answer to a NOTIFY we sent with id for zone: QR set, opcode
 * NOTIFY, the same id and question (zone, SOA, any letter case). Fills m
 * (m->rcode is the peer's answer). Returns 0, RD_ENOTFOUND when the id or
 * the question do not match (not an answer to our NOTIFY: ignore it) or
 * RD_EMALFORMED.
 */
int notify_parse_response(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *zone, struct notify_msg *m);

/*
 * Build an SOA query for zone (opcode QUERY, RD clear, the given id and
 * class). Returns the length or RD_ESPACE.
 */
int notify_soa_query(uint8_t *out, size_t max, uint16_t id, const uint8_t *zone,
    uint16_t rclass);

/*
 * Parse the answer to notify_soa_query: QR set, same id and question,
 * opcode QUERY. m->rcode is the answer's rcode; when the answer section
 * holds the zone's SOA, has_serial and serial are set. Returns 0,
 * RD_ENOTFOUND (id or question differ) or RD_EMALFORMED.
 */
int notify_parse_soa_answer(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *zone, struct notify_msg *m);

#endif
