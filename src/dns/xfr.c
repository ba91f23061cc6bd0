/*
 * xfr: AXFR and IXFR answers as message streams.
 *
 * A stream is a producer of records and a message writer. The producer
 * has a current record (peek) and moves past it only once the record is
 * in a message (advance), so a record that does not fit is the first of
 * the next message. Its phases: our SOA first; then for AXFR the walk of
 * the tree (node, RRset, entry, resumed with radix_next from the node's
 * key), for IXFR per diff the old SOA, the removed records, the new SOA
 * and the added records; our SOA last.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/journal.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "dns/wire.h"
#include "dns/xfr.h"
#include "dns/zone.h"

/* Producer phases. */
enum {
	XP_SOA_FIRST = 0,
	XP_WALK,    /* AXFR: the tree */
	XP_OLD_SOA, /* IXFR: the diff's old SOA */
	XP_DEL,	    /* IXFR: its removed records */
	XP_NEW_SOA, /* IXFR: its new SOA */
	XP_ADD,	    /* IXFR: its added records */
	XP_SOA_LAST,
	XP_DONE,
};

/* One record to write. */
struct xfr_rr {
	const uint8_t *owner;
	uint16_t type;
	uint32_t ttl;
	const uint8_t *rd;
	uint16_t rdlen;
};

/* Skip one RR after its owner name: type, class, TTL, rdata. */
static void
xfr_skip_rr(struct wire_rd *r)
{
	wire_rd_skip(r, 8);
	wire_rd_skip(r, wire_rd_u16(r));
}

/*
 * RFC 1995 §3: the authority section holds the client's SOA, owned by the
 * zone. Its rdata may use compression, so it is unpacked.
 */
static int
xfr_parse_ixfr_soa(struct wire_rd *r, struct xfr_request *req)
{
	uint8_t owner[NAME_MAXLEN], rd[DIFF_SOA_MAX];
	uint16_t type, rdlen;
	int n;

	if (name_parse(r, owner) < 0)
		return RD_EMALFORMED;
	type = wire_rd_u16(r);
	wire_rd_skip(r, 6);
	rdlen = wire_rd_u16(r);
	if (r->err || type != RRTYPE_SOA || !name_equal(owner, req->qname))
		return RD_EMALFORMED;
	n = rdata_unpack(RRTYPE_SOA, r, rdlen, rd, sizeof(rd));
	if (n < 20)
		return RD_EMALFORMED;
	/* The serial is the first of the five 32-bit fields at the end. */
	req->serial = wire_get_u32(rd + n - 20);
	req->has_serial = 1;
	return 0;
}

/* The additional section: one OPT at most, a TSIG only last. */
static int
xfr_parse_additional(struct wire_rd *r, uint16_t ar, struct xfr_request *req)
{
	uint8_t owner[NAME_MAXLEN];
	size_t off;
	uint16_t type, i;
	int n;

	for (i = 0; i < ar && !r->err; i++) {
		off = wire_rd_offset(r);
		n = name_parse(r, owner);
		type = wire_rd_u16(r);
		if (r->err)
			break;
		if (type == RRTYPE_OPT) {
			/* RFC 6891 §6.1.1: one OPT at most, at the root. */
			if (req->edns.present || n != 1 ||
			    edns_parse(r, &req->edns) < 0)
				return RD_EMALFORMED;
			continue;
		}
		if (type == RRTYPE_TSIG) {
			/* RFC 8945 §5.1: the TSIG must be the last record. */
			if (i + 1 != ar)
				return RD_EMALFORMED;
			req->has_tsig = 1;
			req->tsig_off = (uint16_t)off;
		}
		wire_rd_skip(r, 6);
		wire_rd_skip(r, wire_rd_u16(r));
	}
	return r->err ? RD_EMALFORMED : 0;
}

int
xfr_parse_request(const uint8_t *msg, size_t len, struct xfr_request *req)
{
	uint8_t owner[NAME_MAXLEN];
	struct wire_rd r;
	uint16_t qd, an, ns, ar, i;

	memset(req, 0, sizeof(*req));
	if (len > XFR_MSG_MAX)
		return RD_EMALFORMED;
	wire_rd_init(&r, msg, len);
	req->id = wire_rd_u16(&r);
	req->flags = wire_rd_u16(&r);
	qd = wire_rd_u16(&r);
	an = wire_rd_u16(&r);
	ns = wire_rd_u16(&r);
	ar = wire_rd_u16(&r);
	if (r.err)
		return RD_EMALFORMED;
	if ((req->flags & PKT_QR) || PKT_OPCODE(req->flags) != PKT_OPCODE_QUERY)
		return RD_ENOTSUP;
	if (qd != 1)
		return RD_EMALFORMED;
	if (name_parse(&r, req->qname) < 0)
		return RD_EMALFORMED;
	req->qtype = wire_rd_u16(&r);
	req->qclass = wire_rd_u16(&r);
	if (r.err)
		return RD_EMALFORMED;
	req->qnamelen = (uint8_t)name_len(req->qname);
	req->has_question = 1;
	if (req->qtype != RRTYPE_AXFR && req->qtype != RRTYPE_IXFR)
		return RD_ENOTSUP;
	/* RFC 5936 §2.1.1 and RFC 1995 §3: no answer records. */
	if (an != 0)
		return RD_EMALFORMED;
	if (req->qtype == RRTYPE_IXFR) {
		if (ns != 1 || xfr_parse_ixfr_soa(&r, req) < 0)
			return RD_EMALFORMED;
	} else {
		/* RFC 5936 §2.1.1 wants none; well-formed ones are ignored. */
		for (i = 0; i < ns && !r.err; i++) {
			name_parse(&r, owner);
			xfr_skip_rr(&r);
		}
		if (r.err)
			return RD_EMALFORMED;
	}
	return xfr_parse_additional(&r, ar, req);
}

static int
xfr_arr_seek(void *ctx, uint32_t serial)
{
	struct xfr_diffarr *a = ctx;
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (a->diffs[i].has_soa && a->diffs[i].serial_from == serial) {
			a->pos = i;
			return 0;
		}
	}
	return RD_ENOTFOUND;
}

/* Copy diff a->diffs[pos] into d through the diff API (d owns its buffer). */
static int
xfr_arr_next(void *ctx, struct diff *d)
{
	struct xfr_diffarr *a = ctx;
	const struct diff *s;
	struct diff_rr rr;
	size_t pos = 0;
	int r;

	if (a->pos >= a->n)
		return 0;
	s = &a->diffs[a->pos++];
	diff_reset(d);
	if (s->has_soa &&
	    diff_set_soa(d, s->soa_owner, s->soa_ttl_from, s->soa_from,
		s->soa_from_len, s->soa_ttl_to, s->soa_to, s->soa_to_len) < 0)
		return RD_EMALFORMED;
	while (diff_next(s, &pos, &rr)) {
		if (rr.op == DIFF_DEL)
			r = diff_remove(
			    d, rr.owner, rr.type, rr.ttl, rr.rdata, rr.rdlen);
		else
			r = diff_add(
			    d, rr.owner, rr.type, rr.ttl, rr.rdata, rr.rdlen);
		if (r < 0)
			return r;
	}
	return 1;
}

void
xfr_diffsrc_array(struct xfr_diffsrc *src, struct xfr_diffarr *a,
    const struct diff *diffs, size_t n)
{
	a->diffs = diffs;
	a->n = n;
	a->pos = 0;
	src->seek = xfr_arr_seek;
	src->next = xfr_arr_next;
	src->ctx = a;
}

static int
xfr_jnl_seek(void *ctx, uint32_t serial)
{
	struct xfr_jnlsrc *js = ctx;

	return jnl_iter_init(js->j, serial, &js->it);
}

static int
xfr_jnl_next(void *ctx, struct diff *d)
{
	struct xfr_jnlsrc *js = ctx;

	return jnl_iter_next(&js->it, d);
}

void
xfr_diffsrc_journal(
    struct xfr_diffsrc *src, struct xfr_jnlsrc *js, struct jnl *j)
{
	js->j = j;
	src->seek = xfr_jnl_seek;
	src->next = xfr_jnl_next;
	src->ctx = js;
}

static int
xfr_tsig_sign(void *ctx, uint8_t *msg, size_t *len, size_t max)
{
	struct xfr_tsig *t = ctx;

	return tsig_sign(t->ctx, msg, len, max, t->now);
}

int
xfr_signer_tsig(struct xfr_signer *s, struct xfr_tsig *t, struct tsig_ctx *ctx,
    uint64_t now)
{
	t->ctx = ctx;
	t->now = now;
	s->sign = xfr_tsig_sign;
	s->ctx = t;
	s->reserve = tsig_reserve(ctx);
	return tsig_active(ctx);
}

/*
 * Read the history once: 1 when it chains without a gap from serial to
 * to (every diff changes the SOA, each starts where the last ended), 0
 * when it does not (answer AXFR-style), RD_ENOMEM.
 */
static int
xfr_history_ok(
    const struct xfr_diffsrc *src, struct diff *d, uint32_t serial, uint32_t to)
{
	uint32_t cur = serial;
	size_t n = 0;
	int r;

	if (src->seek(src->ctx, serial) != 0)
		return 0;
	while ((r = src->next(src->ctx, d)) == 1) {
		if (!d->has_soa || d->serial_from != cur)
			return 0;
		cur = d->serial_to;
		n++;
	}
	if (r == RD_ENOMEM)
		return RD_ENOMEM;
	/* A journal that cannot be read is answered from the tree. */
	return r == 0 && n > 0 && cur == to;
}

/* Choose what an IXFR gets (RFC 1995 §2 and §4). */
static int
xfr_begin_ixfr(
    struct xfr *x, const struct xfr_request *req, const struct xfr_diffsrc *src)
{
	uint32_t ours = x->z->serial;
	int r;

	/* RFC 1995 §2: the same or a newer serial gets our SOA alone. */
	if (req->serial == ours || diff_serial_gt(req->serial, ours)) {
		x->kind = XFR_SOA_ONLY;
		return 0;
	}
	x->kind = XFR_AXFR;
	if (src == NULL)
		return 0;
	r = xfr_history_ok(src, &x->diff, req->serial, ours);
	if (r <= 0)
		return r;
	/* Read again from the start: the first diff is the current one. */
	if (src->seek(src->ctx, req->serial) != 0 ||
	    src->next(src->ctx, &x->diff) != 1)
		return 0;
	x->src = *src;
	x->kind = XFR_IXFR;
	return 0;
}

int
xfr_begin(struct xfr *x, const struct zone *z, const struct xfr_request *req,
    const struct xfr_diffsrc *src, const struct xfr_signer *signer)
{
	const struct rrset *soa;
	int r;

	memset(x, 0, sizeof(*x));
	diff_init(&x->diff);
	x->phase = XP_DONE;
	if (!req->has_question || !name_equal(req->qname, z->origin) ||
	    req->qclass != z->rclass ||
	    (req->qtype != RRTYPE_AXFR && req->qtype != RRTYPE_IXFR))
		return RD_EINVAL;
	if (z->apex == NULL || (soa = znode_rrset(z->apex, RRTYPE_SOA)) == NULL)
		return RD_EINVAL;
	/* RFC 5936 §4.2: AXFR over UDP is not defined. */
	if (req->qtype == RRTYPE_AXFR && req->udp)
		return RD_ENOTSUP;
	x->z = z;
	x->soa = soa;
	x->signer = signer;
	x->id = req->id;
	/* RFC 5936 §2.2.1: RD is copied from the query. */
	x->flags = PKT_QR | PKT_AA | (req->flags & PKT_RD);
	x->qtype = req->qtype;
	x->qclass = req->qclass;
	memcpy(x->qname, req->qname, req->qnamelen);
	x->edns = req->edns.present;
	x->do_bit = (req->edns.flags & EDNS_DO) != 0;
	x->udp = req->udp;
	x->kind = XFR_AXFR;
	if (req->qtype == RRTYPE_IXFR &&
	    (r = xfr_begin_ixfr(x, req, src)) < 0) {
		diff_free(&x->diff);
		return r;
	}
	x->phase = XP_SOA_FIRST;
	return 0;
}

enum xfr_kind
xfr_kind(const struct xfr *x)
{
	return x->kind;
}

void
xfr_end(struct xfr *x)
{
	diff_free(&x->diff);
	x->phase = XP_DONE;
}

static void
xfr_rr_soa(const struct xfr *x, struct xfr_rr *rr)
{
	rr->owner = x->z->apex->name;
	rr->type = RRTYPE_SOA;
	rr->ttl = x->soa->ttl;
	rr->rd = x->soa->data + 2;
	rr->rdlen = wire_get_u16(x->soa->data);
}

/*
 * AXFR: the entry at x->rd, moving on to the next RRset and the next node
 * (in canonical order, RFC 5936 §2.2) when the current one is used up. The
 * SOA is sent first and last only. 1 with rr filled, 0 at the walk's end.
 */
static int
xfr_peek_walk(struct xfr *x, struct xfr_rr *rr)
{
	void *val;

	for (;;) {
		if (x->rs != NULL && x->rd < x->rs->data + x->rs->size &&
		    x->rs->type != RRTYPE_SOA) {
			rr->owner = x->node->name;
			rr->type = x->rs->type;
			rr->ttl = x->rs->ttl;
			rr->rd = x->rd + 2;
			rr->rdlen = wire_get_u16(x->rd);
			return 1;
		}
		if (x->rs != NULL) {
			x->rs = x->rs->next;
			x->rd = x->rs != NULL ? x->rs->data : NULL;
			continue;
		}
		val = NULL;
		if (!x->walking) {
			if (radix_first(x->z->nodes, &val, x->key,
				sizeof(x->key), &x->keylen) < 0)
				return 0;
			x->walking = 1;
		} else if (radix_next(x->z->nodes, x->key, x->keylen, &val,
			       x->key, sizeof(x->key), &x->keylen) < 0)
			return 0;
		x->node = val;
		if (x->node == NULL)
			continue;
		x->rs = x->node->rrsets;
		x->rd = x->rs != NULL ? x->rs->data : NULL;
	}
}

/*
 * IXFR: the next record of the diff with operation op from x->dpos; the
 * position after it goes to *next. 1 with rr filled, 0 when none is left.
 */
static int
xfr_peek_diff(struct xfr *x, uint8_t op, struct xfr_rr *rr, size_t *next)
{
	struct diff_rr d;
	size_t pos = x->dpos;

	for (;;) {
		x->dpos = pos;
		if (!diff_next(&x->diff, &pos, &d))
			return 0;
		if (d.op != op)
			continue;
		rr->owner = d.owner;
		rr->type = d.type;
		rr->ttl = d.ttl;
		rr->rd = d.rdata;
		rr->rdlen = d.rdlen;
		*next = pos;
		return 1;
	}
}

/* IXFR: the next diff, or our SOA last when there is none. */
static int
xfr_next_diff(struct xfr *x)
{
	int r;

	x->dpos = 0;
	r = x->src.next(x->src.ctx, &x->diff);
	if (r < 0)
		return r;
	x->phase = r == 1 ? XP_OLD_SOA : XP_SOA_LAST;
	return 0;
}

/* The current record: 1 with rr filled, 0 at the stream's end, or error. */
static int
xfr_peek(struct xfr *x, struct xfr_rr *rr, size_t *next)
{
	const struct diff *d = &x->diff;
	int r;

	for (;;) {
		switch (x->phase) {
		case XP_SOA_FIRST:
		case XP_SOA_LAST:
			xfr_rr_soa(x, rr);
			return 1;
		case XP_WALK:
			if (xfr_peek_walk(x, rr))
				return 1;
			x->phase = XP_SOA_LAST;
			break;
		case XP_OLD_SOA:
		case XP_NEW_SOA:
			rr->owner = d->soa_owner;
			rr->type = RRTYPE_SOA;
			rr->ttl = x->phase == XP_OLD_SOA ? d->soa_ttl_from
							 : d->soa_ttl_to;
			rr->rd =
			    x->phase == XP_OLD_SOA ? d->soa_from : d->soa_to;
			rr->rdlen = x->phase == XP_OLD_SOA ? d->soa_from_len
							   : d->soa_to_len;
			return 1;
		case XP_DEL:
		case XP_ADD:
			if (xfr_peek_diff(x,
				x->phase == XP_DEL ? DIFF_DEL : DIFF_ADD, rr,
				next))
				return 1;
			if (x->phase == XP_DEL) {
				x->phase = XP_NEW_SOA;
				x->dpos = 0;
			} else if ((r = xfr_next_diff(x)) < 0)
				return r;
			break;
		default:
			return 0;
		}
	}
}

/* Move past the current record (peeked just before). */
static void
xfr_advance(struct xfr *x, size_t next)
{
	switch (x->phase) {
	case XP_SOA_FIRST:
		if (x->kind == XFR_SOA_ONLY)
			x->phase = XP_DONE;
		else if (x->kind == XFR_IXFR)
			x->phase = XP_OLD_SOA;
		else
			x->phase = XP_WALK;
		break;
	case XP_WALK:
		x->rd += 2 + wire_get_u16(x->rd);
		break;
	case XP_OLD_SOA:
		x->phase = XP_DEL;
		x->dpos = 0;
		break;
	case XP_NEW_SOA:
		x->phase = XP_ADD;
		x->dpos = 0;
		break;
	case XP_DEL:
	case XP_ADD:
		x->dpos = next;
		break;
	case XP_SOA_LAST:
		x->phase = XP_DONE;
		break;
	default:
		break;
	}
	x->nrecords++;
}

/* Records into the answer section while they fit: count, or error. */
static int
xfr_fill(struct xfr *x, struct pkt_wr *pw)
{
	struct xfr_rr rr;
	size_t next = 0;
	int n = 0, r;

	while ((r = xfr_peek(x, &rr, &next)) == 1) {
		r = pkt_put_rr(pw, PKT_ANSWER, rr.owner, rr.type, x->z->rclass,
		    rr.ttl, rr.rd, rr.rdlen);
		if (r == RD_ESPACE && n > 0)
			return n;
		if (r < 0)
			return r;
		xfr_advance(x, next);
		n++;
	}
	return r < 0 ? r : n;
}

/* Fail the stream: no message after this one. */
static int
xfr_fail(struct xfr *x, int err)
{
	x->phase = XP_DONE;
	return err;
}

/* One message: header, question, records, OPT; then signed. */
static int
xfr_build(struct xfr *x, uint8_t *out, size_t max)
{
	struct pkt_wr pw;
	size_t reserve, len;
	int r;

	reserve = (x->signer != NULL ? x->signer->reserve : 0) +
		  (x->edns ? EDNS_OPT_SIZE : 0);
	/* RFC 5936 §2.2.1: the question in every message, as Knot does. */
	if (pkt_wr_begin(&pw, out, max, x->id, x->qname, x->qtype,
		x->qclass) < 0)
		return RD_ESPACE;
	pkt_wr_reserve(&pw, reserve);
	if ((r = xfr_fill(x, &pw)) < 0)
		return r;
	pkt_wr_unreserve(&pw, reserve);
	if (x->edns && pkt_put_opt(&pw, 0, 0, x->do_bit) < 0)
		return RD_ESPACE;
	len = pkt_wr_finish(&pw, x->flags);
	if (x->signer != NULL &&
	    (r = x->signer->sign(x->signer->ctx, out, &len, max)) < 0)
		return r;
	return (int)len;
}

int
xfr_next(struct xfr *x, uint8_t *out, size_t max)
{
	int len;

	if (x->phase == XP_DONE)
		return 0;
	if (max > XFR_MSG_MAX)
		max = XFR_MSG_MAX;
	len = xfr_build(x, out, max);
	/*
	 * RFC 1995 §2: over UDP, an answer that does not fit in one message
	 * is replaced by our SOA alone, and the client retries over TCP.
	 */
	if (x->udp && (len == RD_ESPACE || x->phase != XP_DONE)) {
		x->kind = XFR_SOA_ONLY;
		x->phase = XP_SOA_FIRST;
		len = xfr_build(x, out, max);
	}
	if (len < 0)
		return xfr_fail(x, len);
	x->nmsg++;
	return len;
}

int
xfr_error(
    const struct xfr_request *req, uint16_t rcode, uint8_t *out, size_t max)
{
	struct pkt_wr pw;

	if (pkt_wr_begin(&pw, out, max, req->id,
		req->has_question ? req->qname : NULL, req->qtype,
		req->qclass) < 0)
		return RD_ESPACE;
	return (int)pkt_wr_finish(
	    &pw, (uint16_t)(PKT_QR | (req->flags & PKT_RD) | (rcode & 0xf)));
}
