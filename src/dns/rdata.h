/*
 * rdata: rdata in wire form. Text to wire through the rrtype table,
 * validation of untrusted wire rdata, canonical form (RFC 4034 §6.2),
 * canonical comparison (RFC 4034 §6.3), and field splitting for the packet
 * writer's name compression.
 */
#ifndef RD_RDATA_H
#define RD_RDATA_H

#include <stddef.h>
#include <stdint.h>

#define RDATA_MAXLEN 65535

/* One presentation token of a record's rdata, as the scanner cut it. */
struct rd_tok {
	const char *s;		/* token text, escapes left in place, quotes removed */
	uint32_t len;
	uint8_t quoted;		/* 1 when it was a "quoted string" */
	uint32_t line;		/* where it starts, for messages */
	uint32_t col;
};

/*
 * Text to wire. tok[0..ntok) are the rdata tokens of one record of the given
 * type; origin (absolute wire name) completes relative names. The RFC 3597
 * form "\# len hex..." is accepted for every type. Writes at most outmax
 * octets to out. Returns the rdata length, or a negative RD_E* code with a
 * reason in err ("what is wrong; what was expected") and the index of the
 * token at fault in *errtok (ntok when tokens were missing). err and errtok
 * may be NULL. Meta types (RRT_META: OPT, TSIG, AXFR...) are refused with
 * RD_ESEMANTIC and *errtok 0. Implemented in rdata_text.c, rdata_svcb.c and
 * rdata_msg.c.
 */
int rdata_from_text(uint16_t type, const struct rd_tok *tok, size_t ntok,
    const uint8_t *origin, uint8_t *out, size_t outmax, char *err,
    size_t errmax, size_t *errtok);

/*
 * Validate untrusted wire rdata of a type: every field in bounds, names
 * well-formed and uncompressed, nothing left over. 0 or RD_EMALFORMED.
 */
int rdata_validate(uint16_t type, const uint8_t *rd, size_t len);

/* Lower-case in place the names that RFC 4034 §6.2 (with RFC 6840 §5.1) lower-cases. */
void rdata_canonicalize(uint16_t type, uint8_t *rd, size_t len);

/*
 * Canonical order of two rdatas of one type (RFC 4034 §6.3): octet-wise
 * comparison of the canonical forms, a shorter prefix first.
 */
int rdata_cmp(uint16_t type, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);

/* One field of a wire rdata. */
struct rdata_field {
	uint8_t kind;		/* RDF_NAME_C, RDF_NAME_L or RDF_NAME for a name, RDF_UNKNOWN for other octets */
	uint16_t off;
	uint16_t len;
};

/* No rdata splits into more fields than this. */
#define RDATA_MAXFIELDS 4

/*
 * Split validated rdata into fields, in order, with names as their own
 * fields and runs of other octets merged (kind RDF_UNKNOWN). An IPSECKEY
 * gateway name is a field of its own too. Returns the number of fields
 * (at most max), RD_ESPACE when max is too small or RD_EMALFORMED.
 */
int rdata_fields(uint16_t type, const uint8_t *rd, size_t len,
    struct rdata_field *f, size_t max);

/*
 * Read rdata of rdlen octets from a message at r's position, expanding
 * compressed names where the type allows them (RFC 3597 §4), into out, and
 * validate the result (rdata_validate). r moves past the rdlen octets.
 * Returns the uncompressed length or RD_EMALFORMED / RD_ESPACE. Empty
 * rdata (rdlen 0, as in RFC 2136 §2.5 deletions) is malformed for every
 * type that needs content; callers that accept it check rdlen first.
 */
struct wire_rd;
int rdata_unpack(uint16_t type, struct wire_rd *r, size_t rdlen,
    uint8_t *out, size_t outmax);

#endif
