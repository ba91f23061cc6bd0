/*
 * rdata: the wire side of rdata. Every function here walks the rrtype
 * table's field kinds with one helper, wire_field(), that measures and
 * checks one field of untrusted wire data; validation, canonical form,
 * comparison, field splitting and unpacking from a message all follow it,
 * so they cannot disagree about where a field ends. Text to wire lives in
 * rdata_text.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"

/* 1 for a letter or digit (RFC 8659 §4.1 CAA tags). */
static int
is_alnum(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* RFC 1876 §2: a size or precision is a mantissa and a power of ten, 0-9. */
static int
loc_prec_ok(uint8_t v)
{
	return (v >> 4) <= 9 && (v & 0x0f) <= 9;
}

/* RFC 4034 §4.1.2: windows ascending, 1-32 octets, no trailing zero octet. */
static int
bitmap_check(const uint8_t *p, size_t len)
{
	size_t i = 0;
	int last = -1;

	while (i < len) {
		uint8_t win, blen;

		if (len - i < 2)
			return RD_EMALFORMED;
		win = p[i];
		blen = p[i + 1];
		if ((int)win <= last || blen == 0 || blen > 32 ||
		    len - i - 2 < blen || p[i + 1 + blen] == 0)
			return RD_EMALFORMED;
		last = win;
		i += 2 + (size_t)blen;
	}
	return 0;
}

/* RFC 3123 §4: items of family, prefix, negation and length, address part. */
static int
apl_check(const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint16_t afi;
		uint8_t prefix, alen;

		if (len - i < 4)
			return RD_EMALFORMED;
		afi = wire_get_u16(p + i);
		prefix = p[i + 2];
		alen = p[i + 3] & 0x7f;
		if (len - i - 4 < alen)
			return RD_EMALFORMED;
		if (afi == 1 && (prefix > 32 || alen > 4))
			return RD_EMALFORMED;
		if (afi == 2 && (prefix > 128 || alen > 16))
			return RD_EMALFORMED;
		i += 4 + (size_t)alen;
	}
	return 0;
}

/* RFC 9460 §7.1: alpn is a non-empty list of non-empty character-strings. */
static int
alpn_check(const uint8_t *p, size_t len)
{
	size_t i = 0;

	if (len == 0)
		return RD_EMALFORMED;
	while (i < len) {
		if (p[i] == 0 || len - i - 1 < p[i])
			return RD_EMALFORMED;
		i += 1 + (size_t)p[i];
	}
	return 0;
}

/*
 * One SvcParam value in wire form (RFC 9460 §7, RFC 9461, RFC 9540).
 * mandatory: keys ascending without duplicates and without key 0 (§8).
 */
static int
svcparam_check(uint16_t key, const uint8_t *v, size_t len)
{
	size_t i;

	switch (key) {
	case 0:
		if (len == 0 || len % 2 != 0)
			return RD_EMALFORMED;
		for (i = 0; i < len; i += 2) {
			if (wire_get_u16(v + i) == 0)
				return RD_EMALFORMED;
			if (i > 0 && wire_get_u16(v + i) <=
			    wire_get_u16(v + i - 2))
				return RD_EMALFORMED;
		}
		return 0;
	case 1:
		return alpn_check(v, len);
	case 2:
	case 8:
		return len == 0 ? 0 : RD_EMALFORMED;
	case 3:
		return len == 2 ? 0 : RD_EMALFORMED;
	case 4:
		return (len > 0 && len % 4 == 0) ? 0 : RD_EMALFORMED;
	case 6:
		return (len > 0 && len % 16 == 0) ? 0 : RD_EMALFORMED;
	case 5:
	case 7:
		/* RFC 9460 §9, RFC 9461 §5: ech and dohpath are never empty. */
		return len > 0 ? 0 : RD_EMALFORMED;
	case 65535:
		return RD_EMALFORMED;
	default:
		return 0;
	}
}

/* RFC 9460 §2.2: keys strictly ascending; mandatory keys present (§8). */
static int
svcparams_check(const uint8_t *p, size_t len)
{
	const uint8_t *mand = NULL;
	size_t i = 0, mlen = 0, j, k;
	int32_t last = -1;

	while (i < len) {
		uint16_t key, vlen;

		if (len - i < 4)
			return RD_EMALFORMED;
		key = wire_get_u16(p + i);
		vlen = wire_get_u16(p + i + 2);
		if ((int32_t)key <= last || len - i - 4 < vlen)
			return RD_EMALFORMED;
		if (svcparam_check(key, p + i + 4, vlen) < 0)
			return RD_EMALFORMED;
		if (key == 0) {
			mand = p + i + 4;
			mlen = vlen;
		}
		last = key;
		i += 4 + (size_t)vlen;
	}
	for (j = 0; j < mlen; j += 2) {
		uint16_t want = wire_get_u16(mand + j);

		for (k = 0; k < len; k += 4 + wire_get_u16(p + k + 2))
			if (wire_get_u16(p + k) == want)
				break;
		if (k >= len)
			return RD_EMALFORMED;
	}
	return 0;
}

/* RFC 4025 §2: gateway type, algorithm, gateway, public key. */
static int
ipseckey_gw_len(const uint8_t *p, size_t left)
{
	if (left < 2)
		return RD_EMALFORMED;
	switch (p[0]) {
	case 0:
		return 0;
	case 1:
		return left >= 6 ? 4 : RD_EMALFORMED;
	case 2:
		return left >= 18 ? 16 : RD_EMALFORMED;
	case 3:
		return name_check(p + 2, left - 2);
	default:
		return RD_EMALFORMED;
	}
}

/*
 * Length of the field of the given kind at p, which has left octets after
 * it up to the end of the rdata, checking its content; RD_EMALFORMED when
 * it is cut short or breaks its format. Kinds that run to the end of the
 * rdata return left.
 */
static int
wire_field(int kind, const uint8_t *p, size_t left)
{
	int n;

	switch (kind) {
	case RDF_NAME_C:
	case RDF_NAME_L:
	case RDF_NAME:
		return name_check(p, left);
	case RDF_U8:
	case RDF_ALG:
		return left >= 1 ? 1 : RD_EMALFORMED;
	case RDF_U16:
	case RDF_TYPE:
	case RDF_CERTTYPE:
		return left >= 2 ? 2 : RD_EMALFORMED;
	case RDF_U32:
	case RDF_PERIOD:
	case RDF_TIME:
	case RDF_A:
		return left >= 4 ? 4 : RD_EMALFORMED;
	case RDF_AAAA:
		return left >= 16 ? 16 : RD_EMALFORMED;
	case RDF_L64:
	case RDF_EUI64:
		return left >= 8 ? 8 : RD_EMALFORMED;
	case RDF_EUI48:
		return left >= 6 ? 6 : RD_EMALFORMED;
	case RDF_STR:
	case RDF_SALT:
		if (left < 1 || left - 1 < p[0])
			return RD_EMALFORMED;
		return 1 + p[0];
	case RDF_B32HEX:
		if (left < 2 || p[0] == 0 || left - 1 < p[0])
			return RD_EMALFORMED;
		return 1 + p[0];
	case RDF_CAATAG:
		if (left < 2 || p[0] == 0 || left - 1 < p[0])
			return RD_EMALFORMED;
		for (n = 1; n <= p[0]; n++)
			if (!is_alnum(p[n]))
				return RD_EMALFORMED;
		return 1 + p[0];
	case RDF_STRS:
		/* RFC 1035 §3.3.14: one or more character-strings. */
		if (left == 0)
			return RD_EMALFORMED;
		for (n = 0; (size_t)n < left; n += 1 + p[n])
			if (left - (size_t)n - 1 < p[n])
				return RD_EMALFORMED;
		break;
	case RDF_B64:
	case RDF_HEX:
		if (left == 0)
			return RD_EMALFORMED;
		break;
	case RDF_WKS:
		if (left == 0)
			return RD_EMALFORMED;
		break;
	case RDF_BITMAP:
		if (bitmap_check(p, left) < 0)
			return RD_EMALFORMED;
		break;
	case RDF_LOC:
		/* RFC 1876 §2: version 0 is the only version, 16 octets. */
		if (left != 16 || p[0] != 0 || !loc_prec_ok(p[1]) ||
		    !loc_prec_ok(p[2]) || !loc_prec_ok(p[3]))
			return RD_EMALFORMED;
		break;
	case RDF_APL:
		if (apl_check(p, left) < 0)
			return RD_EMALFORMED;
		break;
	case RDF_IPSECKEY:
		if ((n = ipseckey_gw_len(p, left)) < 0)
			return RD_EMALFORMED;
		break;
	case RDF_SVCPARAMS:
		if (svcparams_check(p, left) < 0)
			return RD_EMALFORMED;
		break;
	case RDF_STR_REST:
	case RDF_B64_OPT:
	case RDF_HEX_OPT:
	case RDF_UNKNOWN:
		break;
	default:
		return RD_EMALFORMED;
	}
	if (left > 65535)
		return RD_EMALFORMED;
	return (int)left;
}

/* Stands in for a NULL pointer to empty rdata, so no NULL gets an offset. */
static const uint8_t no_rdata[1];

int
rdata_validate(uint16_t type, const uint8_t *rd, size_t len)
{
	const struct rrtype_desc *d = rrtype_get(type);
	size_t off = 0;
	int i, n;

	if (rd == NULL)
		rd = no_rdata;
	if (len > RDATA_MAXLEN)
		return RD_EMALFORMED;
	for (i = 0; d->fields[i] != RDF_END; i++) {
		n = wire_field(d->fields[i], rd + off, len - off);
		if (n < 0)
			return RD_EMALFORMED;
		off += (size_t)n;
	}
	return off == len ? 0 : RD_EMALFORMED;
}

/* 1 for the kinds whose names canonical form lower-cases. */
static int
kind_lowers(int kind)
{
	return kind == RDF_NAME_C || kind == RDF_NAME_L;
}

/*
 * The ranges [off, off+len) of rd holding names that RFC 4034 §6.2 lower-
 * cases; their number, or RD_EMALFORMED. A row holds at most two of them.
 */
struct range {
	size_t off, len;
};

static int
lower_ranges(const struct rrtype_desc *d, const uint8_t *rd, size_t len,
    struct range r[RRTYPE_MAXFIELDS])
{
	size_t off = 0;
	int i, n, nr = 0;

	for (i = 0; d->fields[i] != RDF_END; i++) {
		n = wire_field(d->fields[i], rd + off, len - off);
		if (n < 0)
			return RD_EMALFORMED;
		if (kind_lowers(d->fields[i])) {
			r[nr].off = off;
			r[nr].len = (size_t)n;
			nr++;
		}
		off += (size_t)n;
	}
	return nr;
}

/* 1 when a row has a name that canonical form lower-cases. */
static int
row_lowers(const struct rrtype_desc *d)
{
	int i;

	if (!(d->flags & RRT_HASNAME))
		return 0;
	for (i = 0; d->fields[i] != RDF_END; i++)
		if (kind_lowers(d->fields[i]))
			return 1;
	return 0;
}

void
rdata_canonicalize(uint16_t type, uint8_t *rd, size_t len)
{
	const struct rrtype_desc *d = rrtype_get(type);
	struct range r[RRTYPE_MAXFIELDS];
	int nr, i;

	/* RFC 4034 §6.2 item 3, as amended by RFC 6840 §5.1. */
	if (!row_lowers(d) || (nr = lower_ranges(d, rd, len, r)) <= 0)
		return;
	for (i = 0; i < nr; i++)
		name_tolower(rd + r[i].off);
}

static inline uint8_t
lc(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* Octet k of rd in canonical form, given its lower-cased ranges. */
static inline uint8_t
canon_at(const uint8_t *rd, size_t k, const struct range *r, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		if (k >= r[i].off && k < r[i].off + r[i].len)
			return lc(rd[k]);
	return rd[k];
}

int
rdata_cmp(uint16_t type, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	const struct rrtype_desc *d = rrtype_get(type);
	struct range ra[RRTYPE_MAXFIELDS], rb[RRTYPE_MAXFIELDS];
	size_t n = alen < blen ? alen : blen, k;
	int na, nb, c;

	/* RFC 4034 §6.3: octet order of the canonical forms, prefix first. */
	if (!row_lowers(d) || (na = lower_ranges(d, a, alen, ra)) < 0 ||
	    (nb = lower_ranges(d, b, blen, rb)) < 0) {
		if (n > 0 && (c = memcmp(a, b, n)) != 0)
			return c < 0 ? -1 : 1;
	} else {
		for (k = 0; k < n; k++) {
			uint8_t ca = canon_at(a, k, ra, na);
			uint8_t cb = canon_at(b, k, rb, nb);

			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
	}
	if (alen == blen)
		return 0;
	return alen < blen ? -1 : 1;
}

/* Append a field to f, merging runs of non-name octets. */
static int
add_field(struct rdata_field *f, size_t max, int nf, int kind, size_t off,
    size_t len)
{
	int name = kind == RDF_NAME_C || kind == RDF_NAME_L || kind == RDF_NAME;

	if (len == 0)
		return nf;
	if (!name && nf > 0 && f[nf - 1].kind == RDF_UNKNOWN) {
		f[nf - 1].len = (uint16_t)(f[nf - 1].len + len);
		return nf;
	}
	if ((size_t)nf >= max)
		return RD_ESPACE;
	f[nf].kind = (uint8_t)(name ? kind : RDF_UNKNOWN);
	f[nf].off = (uint16_t)off;
	f[nf].len = (uint16_t)len;
	return nf + 1;
}

int
rdata_fields(uint16_t type, const uint8_t *rd, size_t len,
    struct rdata_field *f, size_t max)
{
	const struct rrtype_desc *d = rrtype_get(type);
	size_t off = 0;
	int i, n, nf = 0, gw;

	if (len > RDATA_MAXLEN)
		return RD_EMALFORMED;
	for (i = 0; d->fields[i] != RDF_END; i++) {
		int kind = d->fields[i];

		n = wire_field(kind, rd + off, len - off);
		if (n < 0)
			return RD_EMALFORMED;
		if (kind == RDF_IPSECKEY && rd[off] == 3) {
			/* RFC 4025 §2.5: a gateway name is a field. */
			gw = name_check(rd + off + 2, len - off - 2);
			nf = add_field(f, max, nf, RDF_UNKNOWN, off, 2);
			if (nf >= 0)
				nf = add_field(f, max, nf, RDF_NAME, off + 2,
				    (size_t)gw);
			if (nf >= 0)
				nf = add_field(f, max, nf, RDF_UNKNOWN,
				    off + 2 + (size_t)gw,
				    (size_t)n - 2 - (size_t)gw);
		} else
			nf = add_field(f, max, nf, kind, off, (size_t)n);
		if (nf < 0)
			return nf;
		off += (size_t)n;
	}
	return off == len ? nf : RD_EMALFORMED;
}

/*
 * 1 when a name field of this kind in this type is decompressed on input.
 * RFC 3597 §4: receivers MUST decompress the names of the RFC 1035 types
 * and SHOULD decompress those of RP, AFSDB, RT, SIG, PX, NXT, NAPTR and SRV,
 * which older senders (and dnspython today, for SRV) compress.
 */
static int
field_decompresses(uint16_t type, uint8_t kind)
{
	if (kind == RDF_NAME_C)
		return 1;
	if (kind != RDF_NAME_L)
		return 0;
	switch (type) {
	case RRTYPE_RP:
	case RRTYPE_AFSDB:
	case RRTYPE_RT:
	case RRTYPE_SIG:
	case RRTYPE_PX:
	case 30: /* NXT, RFC 2535 */
	case RRTYPE_NAPTR:
	case RRTYPE_SRV:
		return 1;
	default:
		return 0;
	}
}

/* 1 when the row holds a name that is decompressed on input. */
static int
row_compresses(const struct rrtype_desc *d)
{
	int i;

	for (i = 0; d->fields[i] != RDF_END; i++)
		if (field_decompresses(d->type, d->fields[i]))
			return 1;
	return 0;
}

int
rdata_unpack(uint16_t type, struct wire_rd *r, size_t rdlen, uint8_t *out,
    size_t outmax)
{
	const struct rrtype_desc *d = rrtype_get(type);
	struct wire_rd sub;
	uint8_t nb[NAME_MAXLEN];
	size_t len = 0;
	int i, n;

	if (!wire_rd_need(r, rdlen))
		return RD_EMALFORMED;
	sub = *r;
	sub.end = r->pos + rdlen;
	wire_rd_skip(r, rdlen);
	if (!row_compresses(d)) {
		/* RFC 3597 §4: other types' names are never compressed. */
		if (rdlen > outmax)
			return RD_ESPACE;
		memcpy(out, sub.pos, rdlen);
		len = rdlen;
	} else {
		for (i = 0; d->fields[i] != RDF_END; i++) {
			if (field_decompresses(type, d->fields[i])) {
				/* RFC 1035 §4.1.4: expand pointers. */
				n = name_parse(&sub, nb);
				if (n < 0 || sub.err)
					return RD_EMALFORMED;
				if ((size_t)n > outmax - len)
					return RD_ESPACE;
				memcpy(out + len, nb, (size_t)n);
			} else {
				n = wire_field(d->fields[i], sub.pos,
				    wire_rd_left(&sub));
				if (n < 0)
					return RD_EMALFORMED;
				if ((size_t)n > outmax - len)
					return RD_ESPACE;
				wire_rd_bytes(&sub, out + len, (size_t)n);
			}
			len += (size_t)n;
		}
		if (wire_rd_left(&sub) != 0 || len > RDATA_MAXLEN)
			return RD_EMALFORMED;
	}
	if (rdata_validate(type, out, len) < 0)
		return RD_EMALFORMED;
	return (int)len;
}
