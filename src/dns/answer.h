/*
 * answer: one query in, one response out, per RFC 1034 §4.3.2 (with RFC
 * 2181, 2308, 4592, 6672, 6891, 8482, 9471) as a state machine of small
 * steps. No allocation per query: the caller owns every buffer.
 */
#ifndef RD_ANSWER_H
#define RD_ANSWER_H

#include <stddef.h>
#include <stdint.h>

struct zonedb;
struct zonedb_hint;
struct cookie_ctx;
struct sockaddr;

/* Transport the query came over. */
enum answer_transport {
	ANSWER_UDP = 0,
	ANSWER_TCP = 1,
};

/* Server-wide answering settings (from the configuration). */
struct answer_opts {
	uint16_t edns_payload;		/* our UDP payload size (RFC 6891 §6.2.5); 0: 1232 */
	const char *id_server;		/* CHAOS TXT id.server / hostname.bind; NULL: hidden (REFUSED) */
	const char *version_server;	/* CHAOS TXT version.server / version.bind; NULL: hidden */
};

/* What answer_query did, for statistics and logging. */
struct answer_info {
	uint16_t qtype;
	uint16_t rcode;		/* including extended rcode bits */
	uint8_t opcode;
	uint8_t edns;		/* 1 when the query had OPT */
	uint8_t truncated;	/* 1 when TC was set */
	uint8_t aa;
	/*
	 * The name rate limiting keys on (rrl.h) when the answer is not a
	 * positive one: the delegation point of a referral, else the zone
	 * apex; NULL outside our zones. Points into the zone: valid until
	 * the next diff is applied.
	 */
	const uint8_t *zname;
	uint8_t cookie_ok;	/* 1: a valid server cookie (RFC 7873 §5.2.5) */
};

/*
 * What the transport knows about one query, for answer_query_ck: its
 * client and the time, for DNS cookies (RFC 7873, RFC 9018), and the
 * lookup of its question name that a batch prefetch began.
 */
struct answer_ctx {
	struct cookie_ctx *cookies;	/* the secrets; owned by the caller */
	const struct sockaddr *src;	/* the client's address */
	uint32_t now;			/* wall-clock seconds (RFC 9018 §4.2) */
	const struct zonedb_hint *hint;	/* zonedb_prefetch() of the qname, or NULL */
};

/*
 * Answer the query q[0..qlen) from db. Writes the response into out (outmax
 * octets: 65535 for TCP, the UDP limit is applied inside from the query's
 * EDNS size) and returns its length, or 0 when nothing must be sent (a
 * response, or a packet too short to hold a header).
 */
size_t answer_query(const struct zonedb *db, const struct answer_opts *o,
    enum answer_transport tr, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax, struct answer_info *info);

/*
 * answer_query with DNS cookies: a query whose OPT has a COOKIE option is
 * decided by cookie_process() and answered with our cookie in the OPT;
 * a malformed option is FORMERR. ck NULL: as answer_query.
 */
size_t answer_query_ck(const struct zonedb *db, const struct answer_opts *o,
    enum answer_transport tr, struct answer_ctx *ck, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t outmax, struct answer_info *info);

#endif
