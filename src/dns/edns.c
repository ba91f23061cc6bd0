/*
 * edns: the OPT pseudo-RR (RFC 6891).
 */
#include <stddef.h>
#include <stdint.h>

#include "dns/edns.h"
#include "dns/err.h"
#include "dns/rrtype.h"
#include "dns/wire.h"

int
edns_parse(struct wire_rd *r, struct edns *e)
{
	uint32_t ttl;
	uint16_t rdlen, olen;
	size_t end;

	e->cookie = 0;
	/* CLASS (the payload size), TTL and RDLENGTH: one check for room. */
	if (!wire_rd_need(r, 8))
		return RD_EMALFORMED;
	e->payload = wire_get_u16(r->pos);
	ttl = wire_get_u32(r->pos + 2);
	rdlen = wire_get_u16(r->pos + 6);
	r->pos += 8;
	if (wire_rd_left(r) < rdlen) {
		r->err = RD_EMALFORMED;
		return RD_EMALFORMED;
	}
	/* RFC 6891 §6.1.3: extended rcode, version, DO and Z in the TTL. */
	e->ext_rcode = (uint8_t)(ttl >> 24);
	e->version = (uint8_t)(ttl >> 16);
	e->flags = (uint16_t)ttl;
	e->present = 1;
	/* RFC 6891 §6.1.2: {code, length, data} options filling the rdata. */
	end = wire_rd_offset(r) + rdlen;
	e->rdoff = (uint16_t)wire_rd_offset(r);
	e->rdlen = rdlen;
	e->cookie = 0;
	while (wire_rd_offset(r) < end) {
		if (end - wire_rd_offset(r) < 4) {
			r->err = RD_EMALFORMED;
			return RD_EMALFORMED;
		}
		/* RFC 7873 §4: option 10; cookie.c parses it. */
		if (wire_rd_u16(r) == 10)
			e->cookie = 1;
		olen = wire_rd_u16(r);
		if (end - wire_rd_offset(r) < olen) {
			r->err = RD_EMALFORMED;
			return RD_EMALFORMED;
		}
		/* Unknown options are ignored (RFC 6891 §6.1.2). */
		wire_rd_skip(r, olen);
	}
	return r->err ? RD_EMALFORMED : 0;
}

uint16_t
edns_udp_limit(const struct edns *e, uint16_t ours)
{
	uint16_t sz;

	if (!e->present)
		return EDNS_PAYLOAD_MIN;	/* RFC 1035 §4.2.1 */
	if (ours == 0)
		ours = EDNS_PAYLOAD_DEFAULT;
	if (ours < EDNS_PAYLOAD_MIN)
		ours = EDNS_PAYLOAD_MIN;
	/* RFC 6891 §6.2.5: values below 512 are treated as 512. */
	sz = e->payload < EDNS_PAYLOAD_MIN ? EDNS_PAYLOAD_MIN : e->payload;
	return sz < ours ? sz : ours;
}

int
edns_write(struct wire_wr *w, uint16_t payload, uint16_t rcode, int do_bit)
{
	uint32_t ttl;

	if (payload == 0)
		payload = EDNS_PAYLOAD_DEFAULT;
	if (payload < EDNS_PAYLOAD_MIN)
		payload = EDNS_PAYLOAD_MIN;
	/* RFC 6891 §6.1.3: the upper 8 of the 12 rcode bits; version 0. */
	ttl = (uint32_t)((rcode >> 4) & 0xff) << 24;
	ttl |= (uint32_t)EDNS_VERSION << 16;
	if (do_bit)
		ttl |= EDNS_DO;
	/* Root owner, TYPE, CLASS (payload), TTL, empty RDATA: 11 octets. */
	if (!wire_wr_need(w, EDNS_OPT_SIZE))
		return RD_ESPACE;
	w->pos[0] = 0;
	wire_put_u16(w->pos + 1, RRTYPE_OPT);
	wire_put_u16(w->pos + 3, payload);
	wire_put_u32(w->pos + 5, ttl);
	wire_put_u16(w->pos + 9, 0);
	w->pos += EDNS_OPT_SIZE;
	return 0;
}
