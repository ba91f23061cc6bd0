/*
 * notify: NOTIFY (RFC 1996) and SOA query messages, built with the packet
 * writer and parsed through the bounds-checked cursor.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/notify.h"
#include "dns/pkt.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"

/* Header and question of a message; the section counts go to cnt. */
static int
notify_parse_head(struct wire_rd *r, struct notify_msg *m, uint16_t cnt[3])
{
	uint16_t qd;

	memset(m, 0, sizeof(*m));
	m->id = wire_rd_u16(r);
	m->flags = wire_rd_u16(r);
	m->rcode = PKT_RCODE(m->flags);
	qd = wire_rd_u16(r);
	cnt[0] = wire_rd_u16(r);
	cnt[1] = wire_rd_u16(r);
	cnt[2] = wire_rd_u16(r);
	if (r->err || qd != 1)
		return RD_EMALFORMED;
	if (name_parse(r, m->qname) < 0)
		return RD_EMALFORMED;
	m->qtype = wire_rd_u16(r);
	m->qclass = wire_rd_u16(r);
	if (r->err)
		return RD_EMALFORMED;
	m->qnamelen = (uint8_t)name_len(m->qname);
	m->has_question = 1;
	return 0;
}

/*
 * The answer section: every record well-formed; the first SOA owned by
 * the zone gives the serial.
 */
static int
notify_parse_answer(struct wire_rd *r, uint16_t an, struct notify_msg *m)
{
	uint8_t owner[NAME_MAXLEN], rd[DIFF_SOA_MAX];
	uint16_t i, type, rdlen;
	int n;

	for (i = 0; i < an && !r->err; i++) {
		if (name_parse(r, owner) < 0)
			break;
		type = wire_rd_u16(r);
		wire_rd_skip(r, 6);
		rdlen = wire_rd_u16(r);
		if (r->err)
			break;
		if (type != RRTYPE_SOA || m->has_serial ||
		    !name_equal(owner, m->qname)) {
			wire_rd_skip(r, rdlen);
			continue;
		}
		n = rdata_unpack(RRTYPE_SOA, r, rdlen, rd, sizeof(rd));
		if (n < 20)
			return RD_EMALFORMED;
		m->serial = wire_get_u32(rd + n - 20);
		m->has_serial = 1;
	}
	return r->err ? RD_EMALFORMED : 0;
}

/* Skip the authority section; look for a TSIG last in the additional. */
static int
notify_parse_rest(
    struct wire_rd *r, const uint16_t cnt[3], struct notify_msg *m)
{
	uint8_t owner[NAME_MAXLEN];
	uint32_t i, total = (uint32_t)cnt[1] + cnt[2];
	size_t off;
	uint16_t type;

	for (i = 0; i < total && !r->err; i++) {
		off = wire_rd_offset(r);
		name_parse(r, owner);
		type = wire_rd_u16(r);
		wire_rd_skip(r, 6);
		wire_rd_skip(r, wire_rd_u16(r));
		if (r->err)
			break;
		if (type == RRTYPE_TSIG) {
			/* RFC 8945 §5.1: the TSIG must be the last record. */
			if (i + 1 != total || i < cnt[1])
				return RD_EMALFORMED;
			m->has_tsig = 1;
			m->tsig_off = (uint16_t)off;
		}
	}
	return r->err ? RD_EMALFORMED : 0;
}

/* Parse a whole message: header, question, answer, the rest. */
static int
notify_parse(const uint8_t *msg, size_t len, struct notify_msg *m)
{
	struct wire_rd r;
	uint16_t cnt[3];

	if (len > 65535)
		return RD_EMALFORMED;
	wire_rd_init(&r, msg, len);
	if (notify_parse_head(&r, m, cnt) < 0 ||
	    notify_parse_answer(&r, cnt[0], m) < 0 ||
	    notify_parse_rest(&r, cnt, m) < 0)
		return RD_EMALFORMED;
	return 0;
}

int
notify_build(uint8_t *out, size_t max, uint16_t id, const uint8_t *zone,
    uint16_t rclass, uint32_t ttl, const uint8_t *soa, uint16_t soalen)
{
	struct pkt_wr pw;

	if (pkt_wr_begin(&pw, out, max, id, zone, RRTYPE_SOA, rclass) < 0)
		return RD_ESPACE;
	/* RFC 1996 §3.7: the SOA in the answer section is a hint. */
	if (soa != NULL && pkt_put_rr(&pw, PKT_ANSWER, zone, RRTYPE_SOA, rclass,
			       ttl, soa, soalen) < 0)
		return RD_ESPACE;
	/* RFC 1996 §3.7: opcode NOTIFY, AA set, QR clear. */
	return (int)pkt_wr_finish(
	    &pw, (uint16_t)(PKT_OPCODE_NOTIFY << 11 | PKT_AA));
}

int
notify_parse_request(const uint8_t *msg, size_t len, struct notify_msg *m)
{
	int r;

	r = notify_parse(msg, len, m);
	/* RFC 1996 §3.7: a query, opcode NOTIFY, about the zone's SOA. */
	if (m->has_question &&
	    ((m->flags & PKT_QR) || PKT_OPCODE(m->flags) != PKT_OPCODE_NOTIFY ||
		m->qtype != RRTYPE_SOA))
		return RD_EMALFORMED;
	return r;
}

int
notify_build_response(
    const struct notify_msg *m, uint16_t rcode, uint8_t *out, size_t max)
{
	struct pkt_wr pw;

	/* RFC 1996 §4.7: the response echoes the question. */
	if (pkt_wr_begin(&pw, out, max, m->id,
		m->has_question ? m->qname : NULL, RRTYPE_SOA, m->qclass) < 0)
		return RD_ESPACE;
	return (int)pkt_wr_finish(
	    &pw, (uint16_t)(PKT_QR | PKT_AA | PKT_OPCODE_NOTIFY << 11 |
			    (rcode & 0xf)));
}

/* A response to our message id about zone with opcode op. */
static int
notify_parse_reply(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *zone, int op, struct notify_msg *m)
{
	int r;

	r = notify_parse(msg, len, m);
	if (m->id != id || !m->has_question || !(m->flags & PKT_QR) ||
	    PKT_OPCODE(m->flags) != op || m->qtype != RRTYPE_SOA ||
	    !name_equal(m->qname, zone))
		return r == 0 || m->has_question ? RD_ENOTFOUND : r;
	return r;
}

int
notify_parse_response(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *zone, struct notify_msg *m)
{
	return notify_parse_reply(msg, len, id, zone, PKT_OPCODE_NOTIFY, m);
}

int
notify_soa_query(
    uint8_t *out, size_t max, uint16_t id, const uint8_t *zone, uint16_t rclass)
{
	struct pkt_wr pw;

	if (pkt_wr_begin(&pw, out, max, id, zone, RRTYPE_SOA, rclass) < 0)
		return RD_ESPACE;
	return (int)pkt_wr_finish(&pw, 0);
}

int
notify_parse_soa_answer(const uint8_t *msg, size_t len, uint16_t id,
    const uint8_t *zone, struct notify_msg *m)
{
	return notify_parse_reply(msg, len, id, zone, PKT_OPCODE_QUERY, m);
}
