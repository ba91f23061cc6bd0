/*
 * update: RFC 2136 dynamic update processing against one zone, turning a
 * request into a diff without touching the zone. The single writer applies
 * the diff (diff_apply), journals it, and only then answers.
 */
#ifndef RD_UPDATE_H
#define RD_UPDATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dns/err.h"
#include "dns/name.h"

struct diff;
struct zone;

/* How the SOA serial goes up after an update that changed something. */
enum update_serial {
	UPDATE_SERIAL_INCREMENT = 0,	/* serial + 1 */
	UPDATE_SERIAL_UNIXTIME = 1,	/* seconds since the epoch */
	UPDATE_SERIAL_DATESERIAL = 2,	/* YYYYMMDDnn (UTC) */
};

/*
 * Update policy: asked once per update-section RR, before any change
 * (RFC 2136 §3.3), with the RR's owner, type and class (the zone class for
 * an add, ANY or NONE for a delete; type ANY for "delete all RRsets").
 * Return 1 to allow, 0 to refuse: the whole update is then REFUSED.
 */
typedef int (*update_allow_cb)(void *ctx, const uint8_t *name,
    uint16_t type, uint16_t rclass);

struct update_opts {
	enum update_serial serial_policy;
	time_t now;			/* for serial policies; 0: time(NULL) */
	update_allow_cb allow;		/* NULL: everything is allowed */
	void *allow_ctx;
	rd_msg_cb msg;			/* ignored RRs (RD_SEV_INFO), or NULL */
	void *msg_ctx;
};

/*
 * Read the zone section of an UPDATE message (RFC 2136 §2.3, §3.1.1), so
 * the caller can find the zone: ZOCOUNT must be 1 and ZTYPE SOA. Returns
 * 0 with zname and *zclass set, or the rcode FORMERR (1).
 */
int update_zone(const uint8_t *msg, size_t len, uint8_t zname[NAME_MAXLEN],
    uint16_t *zclass);

/*
 * Process an UPDATE message msg[0..len) against z: zone section (§3.1),
 * prerequisites (§3.2), update prescan (§3.4.1: FORMERR, NOTZONE), then
 * the policy (§3.3, so it sees only well-formed RRs of the zone), and the
 * updates in order (§3.4.2), against the zone plus the changes made so far
 * by earlier RRs of the same message. The zone is not modified. The
 * additional section (TSIG, OPT) is not read. out is reset, then holds the
 * diff to apply: empty when nothing changes (and the serial stays), else
 * with the SOA change whose serial follows o->serial_policy unless the
 * update itself raised the serial. Special cases: an SOA add is kept only
 * with a higher serial (RFC 1982); SOA deletes are ignored; the last apex
 * NS is never deleted; a CNAME add beside other data and other data beside
 * a CNAME are ignored (as BIND does); a duplicate add only sets the TTL of
 * the RRset; deletes of absent data are ignored.
 * Returns the rcode (0 NOERROR, FORMERR, NXDOMAIN, REFUSED, YXDOMAIN,
 * YXRRSET 7, NXRRSET 8, NOTAUTH, NOTZONE 10), or RD_ENOMEM or RD_ELIMIT
 * (an RRset would pass 65535 RRs): answer SERVFAIL. When the rcode is
 * not 0, out is empty; a diff returned with 0 always applies to z.
 */
int update_process(const struct zone *z, const uint8_t *msg, size_t len,
    const struct update_opts *o, struct diff *out);

/*
 * The serial that follows cur by policy at time now, always greater than
 * cur in RFC 1982 arithmetic: when the policy's value is not greater,
 * cur + 1; 0 is skipped (as BIND does).
 */
uint32_t update_next_serial(uint32_t cur, enum update_serial policy,
    time_t now);

/*
 * Write the response to the UPDATE msg[0..len) with rcode into
 * out[0..max): the header with QR set and the zone section echoed when it
 * could be read (RFC 2136 §3.8). Returns the length, or RD_EMALFORMED
 * (shorter than a header) or RD_ESPACE.
 */
int update_reply(const uint8_t *msg, size_t len, int rcode, uint8_t *out,
    size_t max);

#endif
