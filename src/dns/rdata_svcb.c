/*
 * rdata_svcb: the SvcParams of SVCB and HTTPS records from presentation
 * form (RFC 9460 §2.1 and Appendix A), part of rdata_from_text.
 *
 * Each token is one "key=value" (or a bare key). A parameter is written at
 * the end of the output as it is read, then rotated into its place among
 * those already written, so that the keys come out in ascending order
 * (RFC 9460 §2.2) without a scratch buffer; a key already present is a
 * duplicate and refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/rdata_int.h"

/* The value of one parameter: its text and whether "=" was there at all. */
struct svcval {
	const char *s;
	size_t len;
	int present;
	size_t i;		/* decoding position */
};

/*
 * Next octet of the value after RFC 1035 §5.1 escape decoding, with *esc
 * set when the octet was written as an escape. -1 at the end, -2 for a
 * bad escape.
 */
static int
sv_get(struct svcval *v)
{
	unsigned n;
	uint8_t c;

	if (v->i >= v->len)
		return -1;
	c = (uint8_t)v->s[v->i++];
	if (c != '\\')
		return c;
	if (v->i >= v->len)
		return -2;
	c = (uint8_t)v->s[v->i++];
	if (c < '0' || c > '9')
		return c;
	if (v->len - v->i < 2 || v->s[v->i] < '0' || v->s[v->i] > '9' ||
	    v->s[v->i + 1] < '0' || v->s[v->i + 1] > '9')
		return -2;
	n = (unsigned)(c - '0') * 100 + (unsigned)(v->s[v->i] - '0') * 10 +
	    (unsigned)(v->s[v->i + 1] - '0');
	v->i += 2;
	return n > 255 ? -2 : (int)n;
}

/*
 * Next item of a comma-separated value list (RFC 9460 Appendix A.1): after
 * escape decoding, a backslash makes the next octet literal and an
 * unescaped comma ends the item. Returns the item's length in buf, -2 for a
 * bad escape, -3 when longer than max; *more says whether an item follows.
 */
static int
sv_item(struct svcval *v, uint8_t *buf, size_t max, int *more)
{
	size_t n = 0;
	int c;

	*more = 0;
	while ((c = sv_get(v)) >= 0) {
		if (c == ',') {
			*more = 1;
			break;
		}
		if (c == '\\' && (c = sv_get(v)) < 0)
			return -2;
		if (n >= max)
			return -3;
		buf[n++] = (uint8_t)c;
	}
	return c == -2 ? -2 : (int)n;
}

/* Why a value was refused; the caller names the token. */
struct svcerr {
	const char *what;
	const char *expect;
};

#define SVC_BAD(w, e) (err->what = (w), err->expect = (e), RD_ESYNTAX)

/* mandatory=key,...: keys ascending, each once, never "mandatory" (§8). */
static int
sv_mandatory(struct rdtx *p, struct svcval *v, struct svcerr *err)
{
	uint8_t buf[32];
	uint16_t key;
	size_t start = p->len, a, b;
	int n, more = 1;

	while (more) {
		n = sv_item(v, buf, sizeof(buf), &more);
		if (n <= 0 || rrtype_svckey_from_text((char *)buf, (size_t)n,
		    &key) < 0)
			return SVC_BAD("has a bad key in its list",
			    "a comma-separated list of SvcParamKeys");
		if (key == 0)
			return SVC_BAD("lists mandatory itself",
			    "other keys only (RFC 9460 §8)");
		if (rdtx_room(p, 2) < 0)
			return RD_ESPACE;
		wire_put_u16(p->out + p->len, key);
		p->len += 2;
	}
	/* RFC 9460 §8: keys in the list sorted in ascending order. */
	for (a = start + 2; a < p->len; a += 2) {
		key = wire_get_u16(p->out + a);
		for (b = a; b > start && wire_get_u16(p->out + b - 2) > key;
		    b -= 2)
			memcpy(p->out + b, p->out + b - 2, 2);
		wire_put_u16(p->out + b, key);
		if (b > start && wire_get_u16(p->out + b - 2) == key)
			return SVC_BAD("lists a key twice",
			    "each key once (RFC 9460 §8)");
	}
	return 0;
}

/* alpn=id,...: each protocol id 1-255 octets (RFC 9460 §7.1.1). */
static int
sv_alpn(struct rdtx *p, struct svcval *v, struct svcerr *err)
{
	uint8_t buf[256];
	int n, more = 1;

	while (more) {
		n = sv_item(v, buf, 255, &more);
		if (n <= 0)
			return SVC_BAD("has an empty or bad protocol id",
			    "comma-separated ids of 1-255 octets");
		if (rdtx_room(p, 1 + (size_t)n) < 0)
			return RD_ESPACE;
		p->out[p->len++] = (uint8_t)n;
		memcpy(p->out + p->len, buf, (size_t)n);
		p->len += (size_t)n;
	}
	return 0;
}

/* ipv4hint and ipv6hint: comma-separated addresses (RFC 9460 §7.3). */
static int
sv_hints(struct rdtx *p, struct svcval *v, int six, struct svcerr *err)
{
	uint8_t buf[64];
	size_t w = six ? 16 : 4;
	int n, more = 1;

	while (more) {
		n = sv_item(v, buf, sizeof(buf), &more);
		if (rdtx_room(p, w) < 0)
			return RD_ESPACE;
		if (n <= 0 || (six ? rdtx_ipv6((char *)buf, (size_t)n,
		    p->out + p->len) : rdtx_ipv4((char *)buf, (size_t)n,
		    p->out + p->len)) < 0)
			return SVC_BAD("has a bad address", six ?
			    "comma-separated IPv6 addresses" :
			    "comma-separated IPv4 addresses");
		p->len += w;
	}
	return 0;
}

/* The value's octets, escapes decoded, as they are (dohpath, keyNNNNN). */
static int
sv_octets(struct rdtx *p, struct svcval *v, struct svcerr *err)
{
	int n = rdtx_str_decode(v->s, v->len, p->out + p->len,
	    p->max - p->len);

	if (n == -2)
		return rdtx_espace(p, p->i);
	if (n < 0)
		return SVC_BAD("has a bad escape", "\\X or \\DDD (000-255)");
	p->len += (size_t)n;
	return 0;
}

/* ech=base64 (RFC 9460 §7.3), decoded as the value's escapes are. */
static int
sv_ech(struct rdtx *p, struct svcval *v, struct svcerr *err)
{
	uint32_t acc = 0;
	unsigned q = 0, pad = 0, nq = 0;
	int c, d;

	while ((c = sv_get(v)) >= 0) {
		if (c == '=' && q >= 2) {
			pad++;
			d = 0;
		} else if (pad > 0 || (d = rdtx_b64val((uint8_t)c)) < 0)
			goto bad;
		acc = acc << 6 | (uint32_t)d;
		if (++q < 4)
			continue;
		if (rdtx_room(p, 3 - pad) < 0)
			return RD_ESPACE;
		p->out[p->len++] = (uint8_t)(acc >> 16);
		if (pad < 2)
			p->out[p->len++] = (uint8_t)(acc >> 8);
		if (pad < 1)
			p->out[p->len++] = (uint8_t)acc;
		acc = 0;
		q = 0;
		nq++;
	}
	if (c == -1 && q == 0 && nq > 0)
		return 0;
bad:
	return SVC_BAD("is not base64", "an ECHConfigList in base64");
}

/* The value of one parameter in wire form, by key. */
static int
sv_value(struct rdtx *p, uint16_t key, struct svcval *v, struct svcerr *err)
{
	uint8_t buf[8];
	uint64_t port;
	int n, more;

	if ((key == 2 || key == 8) && v->len == 0)
		return 0;
	if (key == 2 || key == 8)
		return SVC_BAD("has a value", "no value for this key");
	if ((!v->present || v->len == 0) && key <= 7)
		return SVC_BAD("has no value", "key=value for this key");
	switch (key) {
	case 0:
		return sv_mandatory(p, v, err);
	case 1:
		return sv_alpn(p, v, err);
	case 3:
		n = sv_item(v, buf, sizeof(buf), &more);
		if (n <= 0 || more || rdtx_dec((char *)buf, (size_t)n, 65535,
		    &port) < 0)
			return SVC_BAD("has a bad port",
			    "a port number (0-65535)");
		if (rdtx_room(p, 2) < 0)
			return RD_ESPACE;
		wire_put_u16(p->out + p->len, (uint16_t)port);
		p->len += 2;
		return 0;
	case 4:
	case 6:
		return sv_hints(p, v, key == 6, err);
	case 5:
		return sv_ech(p, v, err);
	default:
		return sv_octets(p, v, err);
	}
}

/*
 * Split a token into key and value. The value may follow "=" in the same
 * token, still in its quotes, or, when the token ends in "=", be the next
 * token if that one was quoted.
 */
static void
sv_split(struct rdtx *p, const struct rd_tok *t, size_t *klen,
    struct svcval *v)
{
	const char *eq = memchr(t->s, '=', t->len);

	memset(v, 0, sizeof(*v));
	if (eq == NULL) {
		*klen = t->len;
		return;
	}
	*klen = (size_t)(eq - t->s);
	v->present = 1;
	v->s = eq + 1;
	v->len = t->len - *klen - 1;
	if (v->len == 0 && p->i < p->ntok && p->tok[p->i].quoted) {
		v->s = p->tok[p->i].s;
		v->len = p->tok[p->i].len;
		p->i++;
	} else if (v->len >= 2 && v->s[0] == '"' && v->s[v->len - 1] == '"') {
		v->s++;
		v->len -= 2;
	}
}

/* Reverse the octets s[a..b). */
static void
reverse(uint8_t *s, size_t a, size_t b)
{
	uint8_t t;

	while (b > a + 1) {
		b--;
		t = s[a];
		s[a] = s[b];
		s[b] = t;
		a++;
	}
}

/*
 * Move the parameter at [at, p->len) to its place by key among those in
 * [start, at); RD_EEXIST when its key is already there.
 */
static int
sv_place(struct rdtx *p, size_t start, size_t at, uint16_t key)
{
	size_t pos = start;

	while (pos < at && wire_get_u16(p->out + pos) < key)
		pos += 4 + wire_get_u16(p->out + pos + 2);
	if (pos < at && wire_get_u16(p->out + pos) == key)
		return RD_EEXIST;
	if (pos == at)
		return 0;
	/* Swap [pos, at) and [at, len) by three reversals. */
	reverse(p->out, pos, at);
	reverse(p->out, at, p->len);
	reverse(p->out, pos, p->len);
	return 0;
}

/* RFC 9460 §8: every key in the mandatory list has a parameter. */
static int
sv_mandatory_present(struct rdtx *p, size_t start, size_t first)
{
	size_t pos, mlen, k, q;
	uint16_t want;

	if (p->len == start || wire_get_u16(p->out + start) != 0)
		return 0;
	mlen = wire_get_u16(p->out + start + 2);
	for (k = 0; k < mlen; k += 2) {
		want = wire_get_u16(p->out + start + 4 + k);
		for (pos = start; pos < p->len;
		    pos += 4 + wire_get_u16(p->out + pos + 2))
			if (wire_get_u16(p->out + pos) == want)
				break;
		if (pos < p->len)
			continue;
		/* Name the token that holds the mandatory list. */
		for (q = first; q < p->ntok; q++)
			if (p->tok[q].len >= 10 &&
			    memcmp(p->tok[q].s, "mandatory=", 10) == 0)
				break;
		return rdtx_err(p, q < p->ntok ? q : first, RD_ESYNTAX,
		    RDF_SVCPARAMS, "lists a key that is not present",
		    "every mandatory key among the parameters (RFC 9460 §8)");
	}
	return 0;
}

int
rdtx_svcparams(struct rdtx *p, int kind)
{
	struct svcerr err = { "is not valid", "a value of this key" };
	struct svcval v;
	size_t start = p->len, first = p->i, ti, klen, at;
	uint16_t key;
	int r;

	while (p->i < p->ntok) {
		ti = p->i;
		p->i++;
		sv_split(p, &p->tok[ti], &klen, &v);
		if (rrtype_svckey_from_text(p->tok[ti].s, klen, &key) < 0)
			return rdtx_err(p, ti, RD_ESYNTAX, kind,
			    "has no known SvcParamKey", "mandatory, alpn, "
			    "no-default-alpn, port, ipv4hint, ech, ipv6hint, "
			    "dohpath, ohttp or keyNNNNN (RFC 9460 §2.1)");
		if (rdtx_room(p, 4) < 0)
			return RD_ESPACE;
		at = p->len;
		wire_put_u16(p->out + at, key);
		p->len += 4;
		if ((r = sv_value(p, key, &v, &err)) == RD_ESPACE)
			return r;
		if (r < 0)
			return rdtx_err(p, ti, r, kind, err.what, err.expect);
		if (p->len - at - 4 > 65535)
			return rdtx_espace(p, ti);
		wire_put_u16(p->out + at + 2, (uint16_t)(p->len - at - 4));
		if (sv_place(p, start, at, key) < 0)
			return rdtx_err(p, ti, RD_ESYNTAX, kind,
			    "repeats a key", "each SvcParamKey at most once "
			    "(RFC 9460 §2.2)");
	}
	return sv_mandatory_present(p, start, first);
}
