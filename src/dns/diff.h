/*
 * diff: one changeset between two serials of a zone (STYLE.md point 6):
 * the SOA before and after, and the RRs removed and added. The same type
 * serves UPDATE, journal replay, the IPC to workers, IXFR out and the
 * difference of a zone file on reload. Records are kept in one growable
 * buffer, not one allocation per RR.
 */
#ifndef RD_DIFF_H
#define RD_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"
#include "dns/name.h"

struct zone;

/* Longest SOA rdata: two names and five 32-bit fields (RFC 1035 §3.3.13). */
#define DIFF_SOA_MAX (2 * NAME_MAXLEN + 20)

/* Operation of a record in a diff. */
#define DIFF_DEL 0
#define DIFF_ADD 1

struct diff {
	uint32_t serial_from;		/* serial of soa_from */
	uint32_t serial_to;		/* serial of soa_to */
	uint8_t has_soa;		/* 1: SOA goes from soa_from to soa_to */
	uint8_t soa_owner[NAME_MAXLEN];	/* the apex */
	uint32_t soa_ttl_from, soa_ttl_to;
	uint16_t soa_from_len, soa_to_len;
	uint8_t soa_from[DIFF_SOA_MAX];
	uint8_t soa_to[DIFF_SOA_MAX];
	size_t nremoved;		/* DIFF_DEL records (not the SOA) */
	size_t nadded;			/* DIFF_ADD records (not the SOA) */
	uint8_t *buf;			/* records, in the order given */
	size_t len, cap;
};

/* One record of a diff, as diff_next() returns it; points into the diff. */
struct diff_rr {
	uint8_t op;			/* DIFF_DEL or DIFF_ADD */
	const uint8_t *owner;
	uint16_t type;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata;
};

/* An empty diff (no SOA change, no records). Nothing is allocated yet. */
void diff_init(struct diff *d);

/* Forget every record and the SOA change; keep the buffer for reuse. */
void diff_reset(struct diff *d);

/* Free the buffer; d is empty again afterwards. */
void diff_free(struct diff *d);

/* 1 when the diff changes nothing (no SOA change and no records). */
int diff_empty(const struct diff *d);

/*
 * Record the SOA change of the apex owner: from (ttl_from, rdata from) to
 * (ttl_to, rdata to). The serials are taken from the rdatas. Returns 0, or
 * RD_EMALFORMED when an rdata is not a valid SOA.
 */
int diff_set_soa(struct diff *d, const uint8_t *owner, uint32_t ttl_from,
    const uint8_t *from, uint16_t fromlen, uint32_t ttl_to,
    const uint8_t *to, uint16_t tolen);

/*
 * Append one record to remove (diff_remove) or to add (diff_add). The
 * owner and rdata are copied. The SOA goes through diff_set_soa: type SOA
 * here is RD_EINVAL. Returns 0, RD_EINVAL or RD_ENOMEM.
 */
int diff_add(struct diff *d, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen);
int diff_remove(struct diff *d, const uint8_t *owner, uint16_t type,
    uint32_t ttl, const uint8_t *rd, uint16_t rdlen);

/*
 * Iterate over the records (not the SOA): start with *pos = 0; returns 1
 * and fills rr while there are records, 0 at the end. For IXFR, take the
 * DIFF_DEL records in one pass and the DIFF_ADD records in another.
 */
int diff_next(const struct diff *d, size_t *pos, struct diff_rr *rr);

/*
 * Apply the diff to z, all or nothing: every removed RR must be present,
 * every added RR absent (unless it is also removed: then only its TTL
 * changes), and the zone's SOA must be soa_from. Added RRs give their TTL
 * to their whole RRset (RFC 2181 §5.2). The flags of the nodes touched
 * (and of their subtrees when a zone cut or DNAME appears or goes), and
 * z->serial, nnames, nrecords are brought up to date without a walk of
 * the whole zone. Returns 0; RD_ENOTFOUND (an RR to remove is absent, or
 * the SOA differs), RD_EEXIST (an RR to add is present), RD_EINVAL (owner
 * outside the zone, or a record twice), RD_ENOMEM or RD_ELIMIT: then z is
 * exactly as before.
 */
int diff_apply(struct zone *z, const struct diff *d);

/*
 * Compact binary form for the journal and the IPC. diff_serialized_len
 * gives the exact size; diff_serialize writes it to out[0..max) and
 * returns the length, or RD_ESPACE.
 */
size_t diff_serialized_len(const struct diff *d);
int diff_serialize(const struct diff *d, uint8_t *out, size_t max);

/*
 * Read a serialized diff from untrusted bytes into d (which is reset
 * first): every name, type and rdata is checked (rdata_validate), meta
 * types and SOAs among the records are refused, the serials must match
 * the SOA rdatas, and nothing may be left over. Returns 0, RD_EMALFORMED
 * or RD_ENOMEM; on error d is empty.
 */
int diff_deserialize(struct diff *d, const uint8_t *p, size_t len);

/*
 * The difference that turns zone a into zone b (same origin): both trees
 * walked in canonical order; an RRset whose TTL changed is removed and
 * added whole. The SOA change is recorded when the SOA differs. d is reset
 * first. Returns 0, RD_EINVAL (different origins) or RD_ENOMEM.
 */
int diff_between(const struct zone *a, const struct zone *b, struct diff *d);

/*
 * Hand edits beside updates (issue 4 point 6): the change from base (the
 * zone file as last loaded or written) to file (as it is now), carried
 * over to the live zone. Every RRset the file changed becomes in out the
 * file's version of it; when the live RRset is neither the base's (an
 * update changed it too) nor the file's, that is a conflict, told to cb (a
 * warning naming owner and type) and the file's version wins. The SOA
 * becomes the file's, with a serial above both the live and the file's
 * (live + 1 when the file's is not greater). out is empty when the file
 * did not change. Returns the number of conflicts (>= 0), or RD_EINVAL
 * (other origin, no SOA) or RD_ENOMEM. cb may be NULL.
 */
int diff_rebase(const struct zone *live, const struct zone *base,
    const struct zone *file, struct diff *out, rd_msg_cb cb, void *ctx);

/* RFC 1982 §3.2: 1 when serial a is greater than serial b. */
int diff_serial_gt(uint32_t a, uint32_t b);

#endif
