/*
 * pkt: query parsing and response writing with name compression.
 *
 * Compression (RFC 1035 §4.1.4) uses the question's name, written whole at
 * offset 12, and a table of the name suffixes written after it: for each,
 * its offset and its number of labels. To write a name of n labels, its
 * suffixes are first compared with the question's, from the most labels
 * down, for the longest suffix the two share; then each table entry of more
 * labels, up to n, is compared with the name's last labels (case-
 * insensitively, following the pointers we wrote ourselves). The longest
 * match wins, the labels in front of it are written out and a pointer ends
 * the name. Each label written out becomes an entry. Example: with
 * "www.Example.com" the question, "mail.example.com" shares two labels
 * with it, so is written as "mail" and a pointer to 16 (where "Example"
 * starts), which adds {N, 3} to the table.
 * Comparing case-insensitively gives the question's letter case to every
 * name that equals the qname, as 0x20-randomising resolvers expect.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"

/* How an RRset's rdata is written. */
enum rdk {
	RDK_RAW,	/* no compressible name: copied */
	RDK_NAME,	/* one compressible name and nothing else */
	RDK_MX,		/* u16 and a compressible name */
	RDK_SOA,	/* two compressible names, then 20 octets */
	RDK_FIELDS,	/* split by rdata_fields */
};

/* Skip one RR after its owner; a TYPE of OPT is malformed here. */
static void
pkt_skip_rr_body(struct wire_rd *r)
{
	uint16_t type, rdlen;

	type = wire_rd_u16(r);
	wire_rd_skip(r, 6);
	rdlen = wire_rd_u16(r);
	wire_rd_skip(r, rdlen);
	/* RFC 6891 §6.1.1: OPT only in the additional section. */
	if (type == RRTYPE_OPT)
		r->err = RD_EMALFORMED;
}

static int
pkt_parse_additional(struct wire_rd *r, struct pkt_query *q)
{
	uint8_t owner[NAME_MAXLEN];
	unsigned i;
	uint16_t type;
	int n;

	for (i = 0; i < q->arcount && !r->err; i++) {
		/* The usual owner, OPT's, is the root: one octet. */
		if (r->pos < r->end && *r->pos == 0) {
			owner[0] = 0;
			r->pos++;
			n = 1;
		} else
			n = name_parse(r, owner);
		type = wire_rd_u16(r);
		if (r->err)
			break;
		if (type != RRTYPE_OPT) {
			wire_rd_skip(r, 6);
			wire_rd_skip(r, wire_rd_u16(r));
			continue;
		}
		/* RFC 6891 §6.1.1: one OPT at most, owned by the root. */
		if (q->edns.present || n != 1) {
			q->edns.present = 0;
			r->err = RD_EMALFORMED;
			break;
		}
		if (edns_parse(r, &q->edns) < 0)
			q->edns.present = 0;
	}
	return r->err ? RD_EMALFORMED : 0;
}

int
pkt_parse_query(const uint8_t *p, size_t len, struct pkt_query *q)
{
	uint8_t owner[NAME_MAXLEN];
	struct wire_rd r;
	unsigned i;
	int n;

	wire_rd_init(&r, p, len);
	q->has_question = 0;
	q->edns.present = 0;
	/* RFC 1035 §4.1.1: the header, six 16-bit fields. */
	if (!wire_rd_need(&r, PKT_HDRLEN))
		return RD_EMALFORMED;
	q->id = wire_get_u16(p);
	q->flags = wire_get_u16(p + 2);
	q->qdcount = wire_get_u16(p + 4);
	q->ancount = wire_get_u16(p + 6);
	q->nscount = wire_get_u16(p + 8);
	q->arcount = wire_get_u16(p + 10);
	q->opcode = (uint8_t)PKT_OPCODE(q->flags);
	r.pos += PKT_HDRLEN;
	/*
	 * One question, as NSD and Knot require; or none, which only a
	 * request for a DNS cookie may have (RFC 7873 §5.4): the caller
	 * answers it, or FORMERR without a COOKIE option.
	 */
	if (q->qdcount > 1)
		return RD_EMALFORMED;
	if (q->qdcount == 1) {
		n = name_parse(&r, q->qname);
		if (n < 1 || !wire_rd_need(&r, 4))
			return RD_EMALFORMED;
		q->qtype = wire_get_u16(r.pos);
		q->qclass = wire_get_u16(r.pos + 2);
		r.pos += 4;
		q->qnamelen = (uint8_t)n;
		q->has_question = 1;
	}
	for (i = 0; i < (unsigned)q->ancount + q->nscount && !r.err; i++) {
		name_parse(&r, owner);
		pkt_skip_rr_body(&r);
	}
	if (r.err)
		return RD_EMALFORMED;
	return pkt_parse_additional(&r, q);
}

/*
 * 1 when the name in the message at off equals the uncompressed name,
 * ignoring case. The message was written by us: its pointers go backwards
 * and stay inside what was written.
 */
static int
pkt_name_eq(const uint8_t *base, size_t off, const uint8_t *name)
{
	uint8_t c;

	for (;;) {
		c = base[off];
		while ((c & 0xc0) == 0xc0) {
			off = ((size_t)(c & 0x3f) << 8) | base[off + 1];
			c = base[off];
		}
		if (c != *name)
			return 0;
		if (c == 0)
			return 1;
		if (!name_same(base + off + 1, name + 1, c))
			return 0;
		off += (size_t)c + 1;
		name += c + 1;
	}
}

/* With fixed names: where name, by its address, was written whole. */
static inline int
pkt_ref_find(const struct pkt_wr *pw, const uint8_t *name, size_t *ref)
{
	unsigned i;

	for (i = 0; i < pw->nref; i++)
		if (pw->ref[i].name == name) {
			*ref = pw->ref[i].off;
			return 1;
		}
	return 0;
}

/*
 * Write name compressed (when compress is set) and record its labels as
 * targets. *ref gets an offset where the whole name can be pointed to, or
 * 0 when there is none.
 */
static void
pkt_put_name(struct pkt_wr *pw, const uint8_t *name, int compress,
    size_t *ref)
{
	uint8_t lab[NAME_MAXLABELS];
	const struct pkt_comp *c;
	const uint8_t *l, *q;
	size_t nl = 0, o = 0, best = 0, bestoff = 0, i, n, off, end;

	if (name == pw->qname && compress && name[0] != 0) {
		*ref = PKT_HDRLEN;
		wire_wr_u16(&pw->w, 0xc000 | PKT_HDRLEN);
		return;
	}
	if (compress && pkt_ref_find(pw, name, ref)) {
		wire_wr_u16(&pw->w, (uint16_t)(0xc000 | *ref));
		return;
	}
	while (name[o] != 0 && nl < NAME_MAXLABELS) {
		lab[nl++] = (uint8_t)o;
		o += (size_t)name[o] + 1;
	}
	end = o;	/* the root label's position */
	if (!compress) {
		*ref = 0;
		wire_wr_bytes(&pw->w, name, end + 1);
		return;
	}
	/*
	 * The question's name: its longest suffix equal to one of ours, tried
	 * from the most labels down (suffixes of different lengths differ).
	 */
	for (best = nl < pw->qnl ? nl : pw->qnl; best > 0; best--) {
		l = name + lab[nl - best];
		q = pw->qname + pw->qlab[pw->qnl - best];
		n = end + 1 - lab[nl - best];
		if (n == (size_t)pw->qlen - pw->qlab[pw->qnl - best] &&
		    name_same(l, q, n))
			break;
	}
	if (best > 0)
		bestoff = PKT_HDRLEN + pw->qlab[pw->qnl - best];
	for (i = 0; i < pw->ncomp && best < nl; i++) {
		c = &pw->comp[i];
		if (c->labels > nl || c->labels <= best)
			continue;
		/* Suffixes of different lengths differ: skip the compare. */
		if (c->len != end + 1 - lab[nl - c->labels])
			continue;
		/*
		 * A suffix written out whole is compared in one pass over its
		 * octets (equal lengths: the label structure then agrees too);
		 * one that ends in a pointer is followed label by label.
		 */
		if (c->flat ? name_same(pw->w.base + c->off,
		    name + lab[nl - c->labels], c->len) :
		    pkt_name_eq(pw->w.base, c->off,
		    name + lab[nl - c->labels])) {
			best = c->labels;
			bestoff = c->off;
			if (best == nl)
				break;
		}
	}
	off = wire_wr_offset(&pw->w);
	*ref = best == nl ? bestoff : (off < 0x4000 ? off : 0);
	/* The labels in front of the match, each a new target. */
	o = best == 0 ? end : lab[nl - best];
	if (!wire_wr_need(&pw->w, o + (best > 0 ? 2 : 1)))
		return;
	for (i = 0; i < nl - best && off + lab[i] < 0x4000 &&
	    pw->ncomp < PKT_COMP_MAX; i++) {
		pw->comp[pw->ncomp].off = (uint16_t)(off + lab[i]);
		pw->comp[pw->ncomp].labels = (uint8_t)(nl - i);
		pw->comp[pw->ncomp].len = (uint8_t)(end + 1 - lab[i]);
		pw->comp[pw->ncomp].flat = best == 0;
		pw->ncomp++;
	}
	wire_wr_bytes(&pw->w, name, o);
	if (best > 0)
		wire_wr_u16(&pw->w, (uint16_t)(0xc000 | bestoff));
	else
		wire_wr_u8(&pw->w, 0);
	/* (The root is one octet: a pointer to it would only be longer.) */
	if (pw->fixed && *ref != 0 && nl > 0 && !pw->w.err &&
	    pw->nref < PKT_REF_MAX) {
		pw->ref[pw->nref].name = name;
		pw->ref[pw->nref++].off = (uint16_t)*ref;
	}
}

static enum rdk
pkt_rdata_kind(uint16_t type)
{
	const struct rrtype_desc *d;
	int i;

	switch (type) {
	case RRTYPE_A:
	case RRTYPE_AAAA:
	case RRTYPE_TXT:
		return RDK_RAW;
	case RRTYPE_NS:
	case RRTYPE_CNAME:
	case RRTYPE_PTR:
		return RDK_NAME;
	case RRTYPE_MX:
		return RDK_MX;
	case RRTYPE_SOA:
		return RDK_SOA;
	default:
		break;
	}
	/* RFC 3597 §4: only the well-known types' names are compressed. */
	d = rrtype_get(type);
	for (i = 0; d->fields[i] != RDF_END; i++)
		if (d->fields[i] == RDF_NAME_C)
			return RDK_FIELDS;
	return RDK_RAW;
}

/* Rdata split into fields, its RDF_NAME_C names compressed. */
static void
pkt_put_fields(struct pkt_wr *pw, uint16_t type, const uint8_t *rd,
    uint16_t rdlen)
{
	struct rdata_field f[RRTYPE_MAXFIELDS * 2 + 2];
	size_t ref;
	int i, n;

	n = rdata_fields(type, rd, rdlen, f, sizeof(f) / sizeof(f[0]));
	if (n < 0) {
		wire_wr_bytes(&pw->w, rd, rdlen);
		return;
	}
	for (i = 0; i < n; i++) {
		if (f[i].kind == RDF_NAME_C)
			pkt_put_name(pw, rd + f[i].off, 1, &ref);
		else
			wire_wr_bytes(&pw->w, rd + f[i].off, f[i].len);
	}
}

/* Length of the uncompressed name at rd[0..max), or 0 when it overruns. */
static size_t
pkt_name_len(const uint8_t *rd, size_t max)
{
	size_t o = 0;

	while (o < max && rd[o] != 0)
		o += (size_t)rd[o] + 1;
	return o < max ? o + 1 : 0;
}

/*
 * One RR. owner is written through *oref: when it is not 0, a pointer to
 * an earlier copy of the owner; otherwise the owner is compressed and *oref
 * set for the next RR of the RRset.
 */
static void
pkt_put_one(struct pkt_wr *pw, const uint8_t *owner, size_t *oref,
    uint16_t type, uint16_t rclass, uint32_t ttl, const uint8_t *rd,
    uint16_t rdlen, enum rdk kind)
{
	size_t lenoff, ref, n1, n2;

	if (*oref != 0)
		wire_wr_u16(&pw->w, (uint16_t)(0xc000 | *oref));
	else
		pkt_put_name(pw, owner, 1, oref);
	/* TYPE, CLASS, TTL and RDLENGTH with one check for room. */
	if (!wire_wr_need(&pw->w, 10))
		return;
	wire_put_u16(pw->w.pos, type);
	wire_put_u16(pw->w.pos + 2, rclass);
	wire_put_u32(pw->w.pos + 4, ttl);
	wire_put_u16(pw->w.pos + 8, rdlen);
	pw->w.pos += 10;
	lenoff = wire_wr_offset(&pw->w) - 2;
	switch (kind) {
	case RDK_RAW:
		wire_wr_bytes(&pw->w, rd, rdlen);
		return;
	case RDK_NAME:
		pkt_put_name(pw, rd, 1, &ref);
		break;
	case RDK_MX:
		wire_wr_bytes(&pw->w, rd, 2);
		pkt_put_name(pw, rd + 2, 1, &ref);
		break;
	case RDK_SOA:
		/*
		 * RFC 1035 §3.3.13: MNAME and RNAME (both compressible, §4.1.4),
		 * then five 32-bit fields. Our rdata is validated at load, so
		 * the names are well formed; the split is checked anyway.
		 */
		n1 = pkt_name_len(rd, rdlen);
		n2 = n1 > 0 ? pkt_name_len(rd + n1, rdlen - n1) : 0;
		if (n2 == 0 || rdlen - n1 - n2 != 20) {
			wire_wr_bytes(&pw->w, rd, rdlen);
			return;
		}
		pkt_put_name(pw, rd, 1, &ref);
		pkt_put_name(pw, rd + n1, 1, &ref);
		wire_wr_bytes(&pw->w, rd + n1 + n2, 20);
		break;
	case RDK_FIELDS:
		pkt_put_fields(pw, type, rd, rdlen);
		break;
	}
	wire_wr_u16_at(&pw->w, lenoff,
	    (uint16_t)(wire_wr_offset(&pw->w) - lenoff - 2));
}

/* Move to section sec; RD_EINVAL when it lies behind. */
static int
pkt_section(struct pkt_wr *pw, enum pkt_section sec)
{
	if ((unsigned)sec < pw->sec || (unsigned)sec > PKT_ADDITIONAL)
		return RD_EINVAL;
	pw->sec = (uint8_t)sec;
	return 0;
}

/*
 * Undo everything written since pos, when the table held ncomp targets and
 * nref names by address (RFC 2181 §9: whole RRsets).
 */
static int
pkt_rollback(struct pkt_wr *pw, uint8_t *pos, uint8_t ncomp, uint8_t nref)
{
	pw->w.pos = pos;
	pw->w.err = 0;
	pw->ncomp = ncomp;
	pw->nref = nref;
	return RD_ESPACE;
}

int
pkt_put_rrset(struct pkt_wr *pw, enum pkt_section sec, const uint8_t *owner,
    uint16_t rclass, uint32_t ttl, const struct rrset *rs)
{
	uint8_t *pos = pw->w.pos, ncomp = pw->ncomp, nref = pw->nref;
	const uint8_t *p;
	size_t oref = 0;
	enum rdk kind;

	if (pkt_section(pw, sec) < 0)
		return RD_EINVAL;
	kind = pkt_rdata_kind(rs->type);
	RRSET_FOREACH(rs, p) {
		pkt_put_one(pw, owner, &oref, rs->type, rclass, ttl, p + 2,
		    wire_get_u16(p), kind);
		if (pw->w.err)
			return pkt_rollback(pw, pos, ncomp, nref);
	}
	pw->count[sec] += rs->count;
	return 0;
}

int
pkt_put_rr(struct pkt_wr *pw, enum pkt_section sec, const uint8_t *owner,
    uint16_t type, uint16_t rclass, uint32_t ttl, const uint8_t *rd,
    uint16_t rdlen)
{
	uint8_t *pos = pw->w.pos, ncomp = pw->ncomp, nref = pw->nref;
	size_t oref = 0;

	if (pkt_section(pw, sec) < 0)
		return RD_EINVAL;
	pkt_put_one(pw, owner, &oref, type, rclass, ttl, rd, rdlen,
	    pkt_rdata_kind(type));
	if (pw->w.err)
		return pkt_rollback(pw, pos, ncomp, nref);
	pw->count[sec]++;
	return 0;
}

int
pkt_put_opt(struct pkt_wr *pw, uint16_t payload, uint16_t rcode, int do_bit)
{
	uint8_t *pos = pw->w.pos;

	if (pkt_section(pw, PKT_ADDITIONAL) < 0)
		return RD_EINVAL;
	if (edns_write(&pw->w, payload, rcode, do_bit) < 0)
		return pkt_rollback(pw, pos, pw->ncomp, pw->nref);
	pw->count[PKT_ADDITIONAL]++;
	return 0;
}

int
pkt_wr_begin(struct pkt_wr *pw, uint8_t *buf, size_t max, uint16_t id,
    const uint8_t *qname, uint16_t qtype, uint16_t qclass)
{
	size_t o;

	wire_wr_init(&pw->w, buf, max);
	pw->limit = pw->w.end;
	pw->count[0] = pw->count[1] = pw->count[2] = 0;
	pw->sec = PKT_ANSWER;
	pw->ncomp = 0;
	pw->fixed = 0;
	pw->nref = 0;
	pw->qd = qname != NULL;
	pw->qname = NULL;
	if (!wire_wr_need(&pw->w, PKT_HDRLEN))
		return RD_ESPACE;
	/* The counts are filled in by pkt_wr_finish(). */
	wire_put_u16(buf, id);
	wire_put_u16(buf + 2, PKT_QR);
	memset(buf + 4, 0, PKT_HDRLEN - 4);
	pw->w.pos += PKT_HDRLEN;
	pw->qnl = 0;
	if (qname != NULL) {
		/*
		 * The question's name, whole: its labels' offsets stand for
		 * its suffixes as compression targets (pkt_put_name()).
		 */
		for (o = 0; qname[o] != 0; o += (size_t)qname[o] + 1)
			pw->qlab[pw->qnl++] = (uint8_t)o;
		if (!wire_wr_need(&pw->w, o + 1 + 4))
			return RD_ESPACE;
		pw->qlen = (uint8_t)(o + 1);
		memcpy(pw->w.pos, qname, o + 1);
		wire_put_u16(pw->w.pos + o + 1, qtype);
		wire_put_u16(pw->w.pos + o + 3, qclass);
		pw->w.pos += o + 5;
		pw->qname = qname;
	}
	return pw->w.err ? RD_ESPACE : 0;
}

void
pkt_wr_fixed_names(struct pkt_wr *pw)
{
	pw->fixed = 1;
}

void
pkt_wr_reserve(struct pkt_wr *pw, size_t n)
{
	if ((size_t)(pw->w.end - pw->w.pos) >= n)
		pw->w.end -= n;
	else
		pw->w.end = pw->w.pos;
}

void
pkt_wr_unreserve(struct pkt_wr *pw, size_t n)
{
	if ((size_t)(pw->limit - pw->w.end) >= n)
		pw->w.end += n;
	else
		pw->w.end = pw->limit;
}

size_t
pkt_wr_finish(struct pkt_wr *pw, uint16_t flags)
{
	uint8_t *h = pw->w.base;

	wire_put_u16(h + 2, flags);
	wire_put_u16(h + 4, pw->qd);
	wire_put_u16(h + 6, pw->count[PKT_ANSWER]);
	wire_put_u16(h + 8, pw->count[PKT_AUTHORITY]);
	wire_put_u16(h + 10, pw->count[PKT_ADDITIONAL]);
	return wire_wr_offset(&pw->w);
}

size_t
pkt_truncate(uint8_t *p, size_t len)
{
	struct wire_rd r;
	unsigned qd;
	uint8_t l;

	if (len < PKT_HDRLEN)
		return 0;
	qd = (unsigned)p[4] << 8 | p[5];
	wire_rd_init(&r, p, len);
	wire_rd_seek(&r, PKT_HDRLEN);
	if (qd == 1) {
		/* Our question is written first: its name has no pointer. */
		while ((l = wire_rd_u8(&r)) != 0 && !r.err) {
			if (l > 63)
				return 0;
			wire_rd_skip(&r, l);
		}
		wire_rd_skip(&r, 4);
	} else if (qd != 0)
		return 0;
	if (r.err)
		return 0;
	p[2] |= PKT_TC >> 8;
	memset(p + 6, 0, 6);
	return wire_rd_offset(&r);
}

int
pkt_put_opt_with(struct pkt_wr *pw, uint16_t payload, uint16_t rcode,
    int do_bit, uint16_t code, const uint8_t *data, uint16_t len)
{
	uint8_t *pos = pw->w.pos;
	size_t rdlen_at;

	if (pkt_section(pw, PKT_ADDITIONAL) < 0)
		return RD_EINVAL;
	if (edns_write(&pw->w, payload, rcode, do_bit) < 0)
		return pkt_rollback(pw, pos, pw->ncomp, pw->nref);
	/* RFC 6891 §6.1.2: the option fills the RDATA written empty above. */
	rdlen_at = wire_wr_offset(&pw->w) - 2;
	wire_wr_u16(&pw->w, code);
	wire_wr_u16(&pw->w, len);
	wire_wr_bytes(&pw->w, data, len);
	if (pw->w.err)
		return pkt_rollback(pw, pos, pw->ncomp, pw->nref);
	wire_wr_u16_at(&pw->w, rdlen_at, (uint16_t)(4 + len));
	pw->count[PKT_ADDITIONAL]++;
	return 0;
}
