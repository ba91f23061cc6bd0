/*
 * rdata_text: presentation tokens to wire rdata, one parser per field kind
 * of the rrtype table (rdata_from_text in rdata.h).
 *
 * The zone scanner calls this once per record, millions of times for a big
 * zone, so nothing here allocates, nothing searches a table by string
 * except the short per-letter lists of rrtype_from_text, and output goes
 * straight into the caller's buffer. Error text is built only on the error
 * path, in rdata_msg.c; SvcParams are read in rdata_svcb.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/rdata_int.h"

/* The next token, or NULL after reporting it missing for kind. */
static const struct rd_tok *
next_tok(struct rdtx *p, int kind)
{
	if (p->i >= p->ntok) {
		rdtx_err(p, p->ntok, RD_ESYNTAX, kind, NULL, NULL);
		return NULL;
	}
	return &p->tok[p->i++];
}

/*
 * Decimal s[0..len) into *v; 0, -1 when it is not a number, -2 when it is
 * above max. Leading zeros are allowed; the sum cannot overflow because a
 * value past max stops the loop.
 */
int
rdtx_dec(const char *s, size_t len, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;
	size_t i;
	int big = 0;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (!big) {
			n = n * 10 + (uint64_t)(s[i] - '0');
			big = n > max;
		}
	}
	if (big)
		return -2;
	*v = n;
	return 0;
}

/* A number token of the current kind, with its range message. */
static int
num_tok(struct rdtx *p, int kind, uint64_t max, uint64_t *v)
{
	const struct rd_tok *t;
	int r;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	r = rdtx_dec(t->s, t->len, max, v);
	if (r == -1)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a number", NULL);
	if (r == -2)
		return rdtx_err(p, p->i - 1, RD_ERANGE, kind, "is out of range",
		    NULL);
	return 0;
}

static void
put8(struct rdtx *p, uint8_t v)
{
	p->out[p->len++] = v;
}

static void
put16(struct rdtx *p, uint16_t v)
{
	wire_put_u16(p->out + p->len, v);
	p->len += 2;
}

static void
put32(struct rdtx *p, uint32_t v)
{
	wire_put_u32(p->out + p->len, v);
	p->len += 4;
}

/*
 * RFC 2308 §4 and common usage: a period is plain seconds or groups of
 * digits with a unit s, m, h, d or w, in either letter case.
 */
static int
period_parse(const char *s, size_t len, uint32_t *v)
{
	uint64_t total = 0, n;
	size_t i = 0, start;

	int r;

	if ((r = rdtx_dec(s, len, 0xffffffffu, &n)) != -1) {
		*v = (uint32_t)n;
		return r;
	}
	while (i < len) {
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start || i == len)
			return -1;
		if (rdtx_dec(s + start, i - start, 0xffffffffu, &n) < 0)
			return -2;
		switch (s[i++] | 0x20) {
		case 's': break;
		case 'm': n *= 60; break;
		case 'h': n *= 3600; break;
		case 'd': n *= 86400; break;
		case 'w': n *= 604800; break;
		default: return -1;
		}
		total += n;
		if (total > 0xffffffffu)
			return -2;
	}
	*v = (uint32_t)total;
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * RFC 4034 §3.2: YYYYMMDDHHMMSS in UTC, or plain seconds. The value is
 * kept modulo 2^32, as serial arithmetic reads it (RFC 4034 §3.1.5).
 */
static int
time_parse(const char *s, size_t len, uint32_t *v)
{
	static const uint8_t mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	uint64_t y, mo, d, h, mi, se, n;
	int64_t t;

	if (len != 14) {
		if (rdtx_dec(s, len, 0xffffffffu, &n) < 0)
			return -1;
		*v = (uint32_t)n;
		return 0;
	}
	if (rdtx_dec(s, 4, 9999, &y) < 0 || rdtx_dec(s + 4, 2, 12, &mo) < 0 ||
	    rdtx_dec(s + 6, 2, 31, &d) < 0 || rdtx_dec(s + 8, 2, 23, &h) < 0 ||
	    rdtx_dec(s + 10, 2, 59, &mi) < 0 ||
	    rdtx_dec(s + 12, 2, 59, &se) < 0)
		return -1;
	if (y < 1970 || mo == 0 || d == 0 || d > mdays[mo - 1])
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return -1;
	t = days_from_civil((int64_t)y, (unsigned)mo, (unsigned)d) * 86400 +
	    (int64_t)(h * 3600 + mi * 60 + se);
	*v = (uint32_t)((uint64_t)t & 0xffffffffu);
	return 0;
}

/*
 * Dotted quad into 4 octets: exactly four decimal parts 0-255, without
 * leading zeros (as inet_pton); 0 or -1.
 */
int
rdtx_ipv4(const char *s, size_t len, uint8_t out[4])
{
	size_t i = 0;
	int part = 0, digits;
	unsigned v;

	for (;;) {
		v = 0;
		digits = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (digits > 0 && v == 0)
				return -1;
			v = v * 10 + (unsigned)(s[i++] - '0');
			if (v > 255)
				return -1;
			digits++;
		}
		if (digits == 0)
			return -1;
		out[part++] = (uint8_t)v;
		if (part == 4)
			return i == len ? 0 : -1;
		if (i >= len || s[i++] != '.')
			return -1;
	}
}

int
rdtx_ipv6(const char *s, size_t len, uint8_t out[16])
{
	uint8_t w[16];
	size_t i = 0, o = 0, start;
	unsigned v, d;
	int gap = -1, x;

	/* RFC 4291 §2.2: groups of 1-4 hex digits, one "::", an IPv4 tail. */
	if (len < 2 || len > 45)
		return -1;
	if (s[0] == ':') {
		if (s[1] != ':')
			return -1;
		gap = 0;
		i = 2;
	}
	while (i < len) {
		start = i;
		for (v = 0; i < len &&
		    (x = rdtx_hextab[(uint8_t)s[i]]) != 0; i++)
			v = v << 4 | (unsigned)(x - 1);
		d = (unsigned)(i - start);
		if (i < len && s[i] == '.') {
			if (o > 12 || rdtx_ipv4(s + start, len - start,
			    w + o) < 0)
				return -1;
			o += 4;
			break;
		}
		if (d == 0 || d > 4 || o > 14)
			return -1;
		w[o++] = (uint8_t)(v >> 8);
		w[o++] = (uint8_t)v;
		if (i == len)
			break;
		if (s[i++] != ':' || i == len)
			return -1;
		if (s[i] == ':') {
			if (gap >= 0)
				return -1;
			gap = (int)o;
			i++;
		}
	}
	if (gap < 0) {
		if (o != 16)
			return -1;
		memcpy(out, w, 16);
		return 0;
	}
	/* "::" stands for at least one group of zeros. */
	if (o == 16)
		return -1;
	memcpy(out, w, (size_t)gap);
	memset(out + gap, 0, 16 - o);
	memcpy(out + gap + 16 - o, w + gap, o - (size_t)gap);
	return 0;
}

/*
 * Decode one character-string's escapes (RFC 1035 §5.1: \X is X, \DDD a
 * decimal octet) from s[0..len) into out, at most max octets. Returns the
 * decoded length, -1 for a bad escape, -2 when longer than max.
 */
int
rdtx_str_decode(const char *s, size_t len, uint8_t *out, size_t max)
{
	size_t i = 0, o = 0;
	unsigned v;
	uint8_t c;

	/* Most strings hold no escape: copy them in one go. */
	if (len == 0)
		return 0;
	if (memchr(s, '\\', len) == NULL) {
		if (len > max)
			return -2;
		memcpy(out, s, len);
		return (int)len;
	}
	while (i < len) {
		c = (uint8_t)s[i++];
		if (c == '\\') {
			if (i == len)
				return -1;
			c = (uint8_t)s[i++];
			if (c >= '0' && c <= '9') {
				if (len - i < 2 || s[i] < '0' || s[i] > '9' ||
				    s[i + 1] < '0' || s[i + 1] > '9')
					return -1;
				v = (unsigned)(c - '0') * 100 +
				    (unsigned)(s[i] - '0') * 10 +
				    (unsigned)(s[i + 1] - '0');
				if (v > 255)
					return -1;
				c = (uint8_t)v;
				i += 2;
			}
		}
		if (o >= max)
			return -2;
		out[o++] = c;
	}
	return (int)o;
}

/* One <character-string> with its length octet (RFC 1035 §3.3). */
static int
put_str(struct rdtx *p, const struct rd_tok *t, int kind)
{
	size_t avail = p->max - p->len;
	int n;

	if (avail < 1)
		return rdtx_espace(p, p->i - 1);
	n = rdtx_str_decode(t->s, t->len, p->out + p->len + 1,
	    avail - 1 < 255 ? avail - 1 : 255);
	if (n == -1)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "has a bad escape", "\\X or \\DDD (000-255)");
	if (n == -2) {
		if (avail - 1 < 255)
			return rdtx_espace(p, p->i - 1);
		return rdtx_err(p, p->i - 1, RD_ERANGE, kind,
		    "is longer than 255 octets", NULL);
	}
	p->out[p->len] = (uint8_t)n;
	p->len += 1 + (size_t)n;
	return 0;
}

static int
parse_name(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint8_t nb[NAME_MAXLEN];
	int n;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	n = name_from_text(t->s, t->len, p->origin, nb);
	if (n == RD_ERANGE)
		return rdtx_err(p, p->i - 1, RD_ERANGE, kind, "is too long",
		    "a domain name of at most 255 octets, labels of at most "
		    "63");
	if (n < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a valid domain name", p->origin == NULL ?
		    "an absolute domain name" : NULL);
	if (rdtx_room(p, (size_t)n) < 0)
		return RD_ESPACE;
	memcpy(p->out + p->len, nb, (size_t)n);
	p->len += (size_t)n;
	return 0;
}

static int
parse_a(struct rdtx *p, int kind)
{
	const struct rd_tok *t;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_room(p, 4) < 0)
		return RD_ESPACE;
	if (rdtx_ipv4(t->s, t->len, p->out + p->len) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an IPv4 address", NULL);
	p->len += 4;
	return 0;
}

static int
parse_aaaa(struct rdtx *p, int kind)
{
	const struct rd_tok *t;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_room(p, 16) < 0)
		return RD_ESPACE;
	if (rdtx_ipv6(t->s, t->len, p->out + p->len) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an IPv6 address", NULL);
	p->len += 16;
	return 0;
}

/*
 * Base64 (RFC 4648 §4) over tokens [first, last), which may split it
 * anywhere, appended to the output. Padding is required to complete the
 * last quantum. Output goes through local pointers, as in hex_span().
 */
static int
b64_span(struct rdtx *p, size_t first, size_t last, int kind)
{
	uint8_t *o = p->out + p->len, *end = p->out + p->max;
	uint32_t acc = 0;
	unsigned nq = 0, pad = 0;
	size_t ti, k;
	int v;

	for (ti = first; ti < last; ti++) {
		const uint8_t *s = (const uint8_t *)p->tok[ti].s;
		size_t n = p->tok[ti].len;

		/* Nothing may follow a padded last quantum. */
		if (pad > 0 && nq + pad == 4)
			goto bad;
		for (k = 0; k < n; k++) {
			if (s[k] == '=') {
				if (nq < 2 || nq + pad >= 4)
					goto bad;
				pad++;
				continue;
			}
			if (pad > 0 || (v = rdtx_b64val(s[k])) < 0)
				goto bad;
			acc = acc << 6 | (uint32_t)v;
			if (++nq < 4)
				continue;
			if (end - o < 3)
				return rdtx_espace(p, ti);
			o[0] = (uint8_t)(acc >> 16);
			o[1] = (uint8_t)(acc >> 8);
			o[2] = (uint8_t)acc;
			o += 3;
			acc = 0;
			nq = 0;
		}
	}
	if (nq + pad != 0 && nq + pad != 4) {
		ti = last - 1;
		goto bad;
	}
	if (pad > 0) {
		acc <<= 6 * pad;
		if (end - o < 3 - (int)pad)
			return rdtx_espace(p, last - 1);
		*o++ = (uint8_t)(acc >> 16);
		if (pad == 1)
			*o++ = (uint8_t)(acc >> 8);
	}
	p->len = (size_t)(o - p->out);
	return 0;
bad:
	return rdtx_err(p, ti, RD_ESYNTAX, kind, "is not valid base64", NULL);
}

/*
 * Hex digits over tokens [first, last), split anywhere, appended. Output
 * goes through a local pointer: stores through a uint8_t pointer may alias
 * p, which would make the compiler reload p's fields for every octet.
 */
static int
hex_span(struct rdtx *p, size_t first, size_t last, int kind)
{
	size_t ti, k, n;
	uint8_t *o;
	int hi = -1, a, b;

	for (ti = first; ti < last; ti++) {
		const uint8_t *s = (const uint8_t *)p->tok[ti].s;

		n = p->tok[ti].len;
		if (rdtx_room(p, (n + (hi >= 0)) / 2) < 0)
			return rdtx_espace(p, ti);
		o = p->out + p->len;
		k = 0;
		if (hi >= 0 && n > 0) {
			if ((a = rdtx_hexval(s[0])) < 0)
				goto bad;
			*o++ = (uint8_t)(hi << 4 | a);
			hi = -1;
			k = 1;
		}
		for (; k + 1 < n; k += 2) {
			a = rdtx_hexval(s[k]);
			b = rdtx_hexval(s[k + 1]);
			if ((a | b) < 0)
				goto bad;
			*o++ = (uint8_t)(a << 4 | b);
		}
		if (k < n && (hi = rdtx_hexval(s[k])) < 0)
			goto bad;
		p->len = (size_t)(o - p->out);
	}
	if (hi >= 0)
		return rdtx_err(p, last - 1, RD_ESYNTAX, kind,
		    "leaves an odd number of hex digits", NULL);
	return 0;
bad:
	return rdtx_err(p, ti, RD_ESYNTAX, kind, "is not hexadecimal", NULL);
}

/* Base64 or hex up to the last token; opt allows no token at all. */
static int
parse_rest_enc(struct rdtx *p, int kind, int hex, int opt)
{
	size_t first = p->i;

	if (first >= p->ntok) {
		if (opt)
			return 0;
		return rdtx_err(p, p->ntok, RD_ESYNTAX, kind, NULL, NULL);
	}
	p->i = p->ntok;
	return hex ? hex_span(p, first, p->ntok, kind) :
	    b64_span(p, first, p->ntok, kind);
}

/* RFC 5155 §3.3: a salt in hex with its length octet; "-" is empty. */
static int
parse_salt(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	size_t at;
	int r;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_room(p, 1) < 0)
		return RD_ESPACE;
	at = p->len++;
	p->out[at] = 0;
	if (t->len == 1 && t->s[0] == '-')
		return 0;
	if ((r = hex_span(p, p->i - 1, p->i, kind)) < 0)
		return r;
	if (p->len - at - 1 > 255)
		return rdtx_err(p, p->i - 1, RD_ERANGE, kind,
		    "is longer than 255 octets", NULL);
	p->out[at] = (uint8_t)(p->len - at - 1);
	return 0;
}

/* RFC 4648 §7 base32hex digit value, either case, -1 for anything else. */
static inline int
b32_val(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'v')
		return c - 'a' + 10;
	return -1;
}

/* RFC 5155 §3.3: the next hashed owner, base32hex without padding. */
static int
parse_b32(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t at, k;
	int v;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_room(p, 1 + (t->len * 5) / 8) < 0)
		return RD_ESPACE;
	at = p->len++;
	for (k = 0; k < t->len; k++) {
		if ((v = b32_val((uint8_t)t->s[k])) < 0)
			return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
			    "is not base32hex", NULL);
		acc = acc << 5 | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			p->out[p->len++] = (uint8_t)(acc >> bits);
		}
	}
	/* Left-over bits must be zero and fewer than one octet's worth. */
	if ((acc & ((1u << bits) - 1)) != 0 || bits >= 5 || p->len == at + 1)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a whole number of octets in base32hex", NULL);
	if (p->len - at - 1 > 255)
		return rdtx_err(p, p->i - 1, RD_ERANGE, kind,
		    "is longer than 255 octets", NULL);
	p->out[at] = (uint8_t)(p->len - at - 1);
	return 0;
}

/*
 * RFC 4034 §4.1.2: the types present, as windows of up to 32 octets. The
 * types are parsed once to find the windows in use, then once per window,
 * so no 8 KB bitmap is cleared for each record.
 */
static int
parse_bitmap(struct rdtx *p, int kind)
{
	uint8_t used[32] = { 0 }, bm[32];
	uint16_t t;
	size_t ti, first = p->i;
	unsigned w, blen, k;

	for (ti = first; ti < p->ntok; ti++) {
		if (rrtype_from_text(p->tok[ti].s, p->tok[ti].len, &t) < 0)
			return rdtx_err(p, ti, RD_ESYNTAX, kind,
			    "is not an RR type", NULL);
		used[t >> 11] |= (uint8_t)(0x80 >> ((t >> 8) & 7));
	}
	p->i = p->ntok;
	for (w = 0; w < 256; w++) {
		if (!(used[w >> 3] & (0x80 >> (w & 7))))
			continue;
		memset(bm, 0, sizeof(bm));
		for (ti = first; ti < p->ntok; ti++) {
			rrtype_from_text(p->tok[ti].s, p->tok[ti].len, &t);
			if ((t >> 8) == w)
				bm[(t & 0xff) >> 3] |=
				    (uint8_t)(0x80 >> (t & 7));
		}
		for (blen = 32; blen > 0 && bm[blen - 1] == 0; blen--)
			;
		if (rdtx_room(p, 2 + blen) < 0)
			return RD_ESPACE;
		put8(p, (uint8_t)w);
		put8(p, (uint8_t)blen);
		for (k = 0; k < blen; k++)
			put8(p, bm[k]);
	}
	return 0;
}

/* Well-known services for WKS (RFC 1035 §3.4.2), beside plain numbers. */
static const struct {
	const char *name;
	uint16_t port;
} wks_services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 },
	{ "domain", 53 }, { "http", 80 }, { "pop3", 110 }, { "ntp", 123 },
	{ "imap", 143 }, { "https", 443 },
};

static int
wks_port(const struct rd_tok *t, uint16_t *port)
{
	uint64_t v;
	size_t i, k;

	if (rdtx_dec(t->s, t->len, 65535, &v) == 0) {
		*port = (uint16_t)v;
		return 0;
	}
	for (i = 0; i < sizeof(wks_services) / sizeof(wks_services[0]); i++) {
		const char *n = wks_services[i].name;

		if (strlen(n) != t->len)
			continue;
		for (k = 0; k < t->len && (t->s[k] | 0x20) == n[k]; k++)
			;
		if (k == t->len) {
			*port = wks_services[i].port;
			return 0;
		}
	}
	return -1;
}

/* RFC 1035 §3.4.2: protocol, then a bitmap of the listed ports. */
static int
parse_wks(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint64_t v;
	uint16_t port, maxport = 0;
	size_t ti, first;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (t->len == 3 && (t->s[0] | 0x20) == 't' && (t->s[1] | 0x20) == 'c' &&
	    (t->s[2] | 0x20) == 'p')
		v = 6;
	else if (t->len == 3 && (t->s[0] | 0x20) == 'u' &&
	    (t->s[1] | 0x20) == 'd' && (t->s[2] | 0x20) == 'p')
		v = 17;
	else if (rdtx_dec(t->s, t->len, 255, &v) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a protocol", "tcp, udp or a number (0-255)");
	if (rdtx_room(p, 1) < 0)
		return RD_ESPACE;
	put8(p, (uint8_t)v);
	first = p->i;
	for (ti = first; ti < p->ntok; ti++) {
		if (wks_port(&p->tok[ti], &port) < 0)
			return rdtx_err(p, ti, RD_ESYNTAX, kind,
			    "is not a service",
			    "a port number (0-65535) or a service name");
		if (port > maxport)
			maxport = port;
	}
	p->i = p->ntok;
	if (ti == first)
		return 0;
	if (rdtx_room(p, (size_t)maxport / 8 + 1) < 0)
		return RD_ESPACE;
	memset(p->out + p->len, 0, (size_t)maxport / 8 + 1);
	for (ti = first; ti < p->ntok; ti++) {
		wks_port(&p->tok[ti], &port);
		p->out[p->len + port / 8] |= (uint8_t)(0x80 >> (port & 7));
	}
	p->len += (size_t)maxport / 8 + 1;
	return 0;
}

/*
 * Hex octets separated by sep: n groups of gd digits each (EUI48/EUI64,
 * RFC 7043 §3.2), or of 1-4 digits when gd is 0 (L64/NID, RFC 6742 §2.3).
 */
static int
groups_parse(const char *s, size_t len, char sep, unsigned n, unsigned gd,
    uint8_t *out)
{
	size_t i = 0;
	unsigned g, d, v;
	int x;

	for (g = 0; g < n; g++) {
		if (g > 0 && (i >= len || s[i++] != sep))
			return -1;
		for (d = 0, v = 0; i < len && d < (gd ? gd : 4) &&
		    (x = rdtx_hexval((uint8_t)s[i])) >= 0; d++, i++)
			v = v << 4 | (unsigned)x;
		if (d == 0 || (gd && d != gd))
			return -1;
		if (gd == 2)
			*out++ = (uint8_t)v;
		else {
			*out++ = (uint8_t)(v >> 8);
			*out++ = (uint8_t)v;
		}
	}
	return i == len ? 0 : -1;
}

static int
parse_groups(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	size_t n = kind == RDF_EUI48 ? 6 : 8;
	int r;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_room(p, n) < 0)
		return RD_ESPACE;
	if (kind == RDF_L64)
		r = groups_parse(t->s, t->len, ':', 4, 0, p->out + p->len);
	else
		r = groups_parse(t->s, t->len, '-', (unsigned)n, 2,
		    p->out + p->len);
	if (r < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind, "is malformed",
		    NULL);
	p->len += n;
	return 0;
}

/* RFC 8659 §4.1: the tag is 1-255 ASCII letters and digits. */
static int
parse_caatag(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	size_t k;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (t->len == 0 || t->len > 255)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "has a bad length", NULL);
	for (k = 0; k < t->len; k++) {
		char c = t->s[k];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')))
			return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
			    "is not a tag", NULL);
	}
	if (rdtx_room(p, 1 + t->len) < 0)
		return RD_ESPACE;
	put8(p, (uint8_t)t->len);
	memcpy(p->out + p->len, t->s, t->len);
	p->len += t->len;
	return 0;
}

/* One string to the end of the rdata, without a length octet. */
static int
parse_str_rest(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	int n;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	n = rdtx_str_decode(t->s, t->len, p->out + p->len, p->max - p->len);
	if (n == -1)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "has a bad escape", "\\X or \\DDD (000-255)");
	if (n == -2)
		return rdtx_espace(p, p->i - 1);
	p->len += (size_t)n;
	return 0;
}


/*
 * A decimal with up to fd fraction digits and an optional trailing "m"
 * (when unit is set), scaled by 10^fd: "12.5m" with fd 2 is 1250. A minus
 * sign only when neg is set. 0, -1 malformed, -2 above max.
 */
static int
decfrac(const char *s, size_t len, unsigned fd, int unit, int neg,
    int64_t max, int64_t *v)
{
	int64_t n = 0;
	size_t i = 0;
	unsigned f = 0;
	int minus = 0, digits = 0, frac = 0;

	if (unit && len > 0 && (s[len - 1] == 'm' || s[len - 1] == 'M'))
		len--;
	if (neg && len > 0 && s[0] == '-') {
		minus = 1;
		i++;
	}
	for (; i < len; i++) {
		if (s[i] == '.' && !frac && fd > 0) {
			frac = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || (frac && f == fd))
			return -1;
		if (n > max)
			return -2;
		n = n * 10 + (s[i] - '0');
		digits++;
		f += frac;
	}
	if (digits == 0 || (frac && f == 0))
		return -1;
	for (; f < fd; f++)
		n *= 10;
	if (n > max)
		return -2;
	*v = minus ? -n : n;
	return 0;
}

/* RFC 1876 §2: a size in centimetres as mantissa and power of ten. */
static uint8_t
loc_prec(int64_t cm)
{
	int64_t pow = 1;
	unsigned e = 0, m;

	while (e < 9 && cm >= pow * 10) {
		pow *= 10;
		e++;
	}
	m = (unsigned)(cm / pow);
	return (uint8_t)((m > 9 ? 9 : m) << 4 | e);
}

/*
 * One LOC coordinate, "d [m [s]] H" (RFC 1876 §3), as thousandths of an
 * arc second offset by 2^31, positive toward pos.
 */
static int
loc_coord(struct rdtx *p, int64_t maxdeg, char pos, char neg, uint32_t *v)
{
	static const char *const expect[2][4] = {
		{ "degrees of latitude (0-90)", "minutes (0-59) or N|S",
		    "seconds (0-59.999) or N|S", "N or S" },
		{ "degrees of longitude (0-180)", "minutes (0-59) or E|W",
		    "seconds (0-59.999) or E|W", "E or W" },
	};
	static const int64_t scale[3] = { 3600000, 60000, 1 };
	const int64_t limit[3] = { maxdeg, 59, 59999 };
	const struct rd_tok *t;
	int64_t part, ms = 0;
	unsigned k, lon = pos == 'E';
	char h;

	for (k = 0; k < 4; k++) {
		if ((t = next_tok(p, RDF_LOC)) == NULL)
			return RD_ESYNTAX;
		h = t->len == 1 ? (char)(t->s[0] & ~0x20) : 0;
		if (k > 0 && (h == pos || h == neg)) {
			if (maxdeg * 3600000 < ms)
				return rdtx_err(p, p->i - 1, RD_ERANGE,
				    RDF_LOC, "ends a coordinate past the pole "
				    "or the antimeridian", expect[lon][0]);
			ms = h == pos ? ms : -ms;
			*v = (uint32_t)((int64_t)0x80000000 + ms);
			return 0;
		}
		if (k == 3 || decfrac(t->s, t->len, k == 2 ? 3 : 0, 0, 0,
		    limit[k], &part) < 0 || part > limit[k])
			return rdtx_err(p, p->i - 1, RD_ESYNTAX, RDF_LOC,
			    "is not valid here", expect[lon][k]);
		ms += part * scale[k];
	}
	return RD_ESYNTAX;
}

/* A LOC size or precision token "n[.nn][m]", 0-90000000.00 m. */
static int
loc_size(struct rdtx *p, uint8_t *enc)
{
	int64_t cm;

	if (p->i >= p->ntok)
		return 0;
	if (decfrac(p->tok[p->i].s, p->tok[p->i].len, 2, 1, 0, 9000000000LL,
	    &cm) < 0)
		return rdtx_err(p, p->i, RD_ESYNTAX, RDF_LOC,
		    "is not a size", "metres from 0 to 90000000.00");
	p->i++;
	*enc = loc_prec(cm);
	return 0;
}

/* RFC 1876 §3: the whole LOC rdata, with the defaults of §3 for sizes. */
static int
parse_loc(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint32_t lat, lon;
	uint8_t size = 0x12, hp = 0x16, vp = 0x13;
	int64_t alt;
	int r;

	if ((r = loc_coord(p, 90, 'N', 'S', &lat)) < 0 ||
	    (r = loc_coord(p, 180, 'E', 'W', &lon)) < 0)
		return r;
	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (decfrac(t->s, t->len, 2, 1, 1, 4284967295LL, &alt) < 0 ||
	    alt < -10000000 || alt > 4284967295LL)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an altitude", "metres from -100000.00 to "
		    "42849672.95");
	if ((r = loc_size(p, &size)) < 0 || (r = loc_size(p, &hp)) < 0 ||
	    (r = loc_size(p, &vp)) < 0)
		return r;
	if (rdtx_room(p, 16) < 0)
		return RD_ESPACE;
	put8(p, 0);
	put8(p, size);
	put8(p, hp);
	put8(p, vp);
	put32(p, lat);
	put32(p, lon);
	put32(p, (uint32_t)(alt + 10000000));
	return 0;
}

/* One APL item "[!]afi:address/prefix" (RFC 3123 §5). */
static int
apl_item(struct rdtx *p, const struct rd_tok *t)
{
	const char *s = t->s, *colon, *slash, *end = t->s + t->len;
	uint8_t addr[16];
	uint64_t afi, prefix;
	size_t alen;
	int neg = 0, r;

	if (s < end && *s == '!') {
		neg = 1;
		s++;
	}
	colon = memchr(s, ':', (size_t)(end - s));
	slash = colon ? memchr(colon, '/', (size_t)(end - colon)) : NULL;
	if (colon == NULL || slash == NULL ||
	    rdtx_dec(s, (size_t)(colon - s), 2, &afi) < 0 || afi == 0 ||
	    rdtx_dec(slash + 1, (size_t)(end - slash - 1), afi == 1 ? 32 : 128,
	    &prefix) < 0)
		return -1;
	alen = afi == 1 ? 4 : 16;
	if (afi == 1)
		r = rdtx_ipv4(colon + 1, (size_t)(slash - colon - 1), addr);
	else
		r = rdtx_ipv6(colon + 1, (size_t)(slash - colon - 1), addr);
	if (r < 0)
		return -1;
	/* RFC 3123 §4: trailing zero octets of the address are not sent. */
	while (alen > 0 && addr[alen - 1] == 0)
		alen--;
	if (rdtx_room(p, 4 + alen) < 0)
		return RD_ESPACE;
	put16(p, (uint16_t)afi);
	put8(p, (uint8_t)prefix);
	put8(p, (uint8_t)(alen | (neg ? 0x80 : 0)));
	memcpy(p->out + p->len, addr, alen);
	p->len += alen;
	return 0;
}

static int
parse_apl(struct rdtx *p, int kind)
{
	int r;

	for (; p->i < p->ntok; p->i++) {
		if ((r = apl_item(p, &p->tok[p->i])) == RD_ESPACE)
			return r;
		if (r < 0)
			return rdtx_err(p, p->i, RD_ESYNTAX, kind,
			    "is not an APL item", "[!]1:IPv4/0-32 or "
			    "[!]2:IPv6/0-128");
	}
	return 0;
}

/* RFC 4025 §2: gateway type, algorithm, gateway, public key (optional). */
static int
parse_ipseckey(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint64_t gwtype, alg;
	uint8_t nb[NAME_MAXLEN];
	int n;

	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_dec(t->s, t->len, 3, &gwtype) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a gateway type", "0 (none), 1 (IPv4), 2 (IPv6) or "
		    "3 (domain name)");
	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (rdtx_dec(t->s, t->len, 255, &alg) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an algorithm", "an 8-bit unsigned integer (0-255)");
	if ((t = next_tok(p, kind)) == NULL)
		return RD_ESYNTAX;
	if (gwtype == 0 && (t->len != 1 || t->s[0] != '.'))
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not '.'", "'.' for gateway type 0");
	if (gwtype == 1 && rdtx_ipv4(t->s, t->len, nb) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an IPv4 address", "an IPv4 gateway for type 1");
	if (gwtype == 2 && rdtx_ipv6(t->s, t->len, nb) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not an IPv6 address", "an IPv6 gateway for type 2");
	n = gwtype == 0 ? 0 : gwtype == 1 ? 4 : 16;
	if (gwtype == 3 &&
	    (n = name_from_text(t->s, t->len, p->origin, nb)) < 0)
		return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
		    "is not a domain name", "a gateway name for type 3");
	if (rdtx_room(p, 2 + (size_t)n) < 0)
		return RD_ESPACE;
	put8(p, (uint8_t)gwtype);
	put8(p, (uint8_t)alg);
	memcpy(p->out + p->len, nb, (size_t)n);
	p->len += (size_t)n;
	return parse_rest_enc(p, RDF_B64_OPT, 0, 1);
}

/* Fixed-size numeric kinds: their width and the parser of their token. */
static int
parse_num(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	uint64_t v = 0;
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;
	size_t w;
	int r = 0;

	switch (kind) {
	case RDF_U8:
		r = num_tok(p, kind, 255, &v);
		w = 1;
		break;
	case RDF_U16:
		r = num_tok(p, kind, 65535, &v);
		w = 2;
		break;
	case RDF_U32:
		r = num_tok(p, kind, 0xffffffffu, &v);
		w = 4;
		break;
	default:
		if ((t = next_tok(p, kind)) == NULL)
			return RD_ESYNTAX;
		w = kind == RDF_ALG ? 1 : (kind == RDF_TYPE ||
		    kind == RDF_CERTTYPE) ? 2 : 4;
		if (kind == RDF_PERIOD)
			r = period_parse(t->s, t->len, &v32), v = v32;
		else if (kind == RDF_TIME)
			r = time_parse(t->s, t->len, &v32), v = v32;
		else if (kind == RDF_TYPE)
			r = rrtype_from_text(t->s, t->len, &v16), v = v16;
		else if (kind == RDF_CERTTYPE)
			r = rrtype_cert_from_text(t->s, t->len, &v16), v = v16;
		else
			r = rrtype_alg_from_text(t->s, t->len, &v8), v = v8;
		if (r == -2)
			return rdtx_err(p, p->i - 1, RD_ERANGE, kind,
			    "is out of range", NULL);
		if (r < 0)
			return rdtx_err(p, p->i - 1, RD_ESYNTAX, kind,
			    "is not valid", NULL);
	}
	if (r < 0)
		return r;
	if (rdtx_room(p, w) < 0)
		return RD_ESPACE;
	if (w == 1)
		put8(p, (uint8_t)v);
	else if (w == 2)
		put16(p, (uint16_t)v);
	else
		put32(p, (uint32_t)v);
	return 0;
}

/* One field of the given kind from the tokens at p->i. */
static int
parse_field(struct rdtx *p, int kind)
{
	const struct rd_tok *t;
	int r;

	switch (kind) {
	case RDF_NAME_C:
	case RDF_NAME_L:
	case RDF_NAME:
		return parse_name(p, kind);
	case RDF_A:
		return parse_a(p, kind);
	case RDF_AAAA:
		return parse_aaaa(p, kind);
	case RDF_STR:
		if ((t = next_tok(p, kind)) == NULL)
			return RD_ESYNTAX;
		return put_str(p, t, kind);
	case RDF_STRS:
		/* RFC 1035 §3.3.14: one or more strings. */
		if ((t = next_tok(p, kind)) == NULL)
			return RD_ESYNTAX;
		do {
			if ((r = put_str(p, t, kind)) < 0)
				return r;
		} while (p->i < p->ntok && (t = &p->tok[p->i++]) != NULL);
		return 0;
	case RDF_STR_REST:
		return parse_str_rest(p, kind);
	case RDF_CAATAG:
		return parse_caatag(p, kind);
	case RDF_B64:
	case RDF_B64_OPT:
		return parse_rest_enc(p, kind, 0, kind == RDF_B64_OPT);
	case RDF_HEX:
	case RDF_HEX_OPT:
		return parse_rest_enc(p, kind, 1, kind == RDF_HEX_OPT);
	case RDF_SALT:
		return parse_salt(p, kind);
	case RDF_B32HEX:
		return parse_b32(p, kind);
	case RDF_BITMAP:
		return parse_bitmap(p, kind);
	case RDF_LOC:
		return parse_loc(p, kind);
	case RDF_APL:
		return parse_apl(p, kind);
	case RDF_IPSECKEY:
		return parse_ipseckey(p, kind);
	case RDF_SVCPARAMS:
		return rdtx_svcparams(p, kind);
	case RDF_L64:
	case RDF_EUI48:
	case RDF_EUI64:
		return parse_groups(p, kind);
	case RDF_WKS:
		return parse_wks(p, kind);
	case RDF_UNKNOWN:
		return rdtx_err(p, p->i, RD_ESYNTAX, kind,
		    "cannot be read for this type", NULL);
	default:
		return parse_num(p, kind);
	}
}

/* 1 when the token is the RFC 3597 marker \#, unquoted. */
static int
is_generic(const struct rd_tok *t)
{
	return !t->quoted && t->len == 2 && t->s[0] == '\\' && t->s[1] == '#';
}

/*
 * RFC 3597 §5: "\# length hex..." for any type; for a type we know, the
 * octets must also make valid rdata of that type.
 */
static int
parse_generic(struct rdtx *p)
{
	uint64_t n;
	int r;

	p->i = 1;
	if (p->ntok < 2)
		return rdtx_err(p, p->ntok, RD_ESYNTAX, RDF_UNKNOWN, NULL,
		    "the rdata length after \\#");
	if ((r = rdtx_dec(p->tok[1].s, p->tok[1].len, 65535, &n)) < 0)
		return rdtx_err(p, 1, r == -2 ? RD_ERANGE : RD_ESYNTAX,
		    RDF_UNKNOWN, "is not a length",
		    "the rdata length (0-65535) after \\#");
	if (n > 0 && p->ntok < 3)
		return rdtx_err(p, p->ntok, RD_ESYNTAX, RDF_UNKNOWN, NULL,
		    "hex data of the given length");
	if (n > p->max)
		return rdtx_espace(p, 1);
	if ((r = hex_span(p, 2, p->ntok, RDF_HEX)) < 0)
		return r;
	if (p->len != n) {
		if (p->errtok != NULL)
			*p->errtok = 1;
		if (p->err != NULL && p->errmax > 0)
			snprintf(p->err, p->errmax, "\\# length %u does not "
			    "match the %zu octets of hex data; expected the "
			    "same length", (unsigned)n, p->len);
		return RD_ESYNTAX;
	}
	if (rrtype_known(p->type) &&
	    rdata_validate(p->type, p->out, p->len) < 0) {
		char tname[16];

		rrtype_to_text(p->type, tname, sizeof(tname));
		if (p->errtok != NULL)
			*p->errtok = 1;
		if (p->err != NULL && p->errmax > 0)
			snprintf(p->err, p->errmax, "the \\# data is not valid "
			    "%s rdata; expected the wire form of RFC 3597 §5 "
			    "for that type", tname);
		return RD_ESYNTAX;
	}
	return (int)p->len;
}

int
rdata_from_text(uint16_t type, const struct rd_tok *tok, size_t ntok,
    const uint8_t *origin, uint8_t *out, size_t outmax, char *err,
    size_t errmax, size_t *errtok)
{
	const struct rrtype_desc *d;
	struct rdtx p;
	int r;

	p.tok = tok;
	p.ntok = ntok;
	p.i = 0;
	p.origin = origin;
	p.out = out;
	p.len = 0;
	p.max = outmax < RDATA_MAXLEN ? outmax : RDATA_MAXLEN;
	p.type = type;
	p.field = 0;
	p.err = err;
	p.errmax = errmax;
	p.errtok = errtok;
	if (err != NULL && errmax > 0)
		err[0] = '\0';
	if (rrtype_get(type)->flags & RRT_META)
		return rdtx_meta(&p);
	if (ntok > 0 && is_generic(&tok[0]))
		return parse_generic(&p);
	/* The common types skip the table walk. */
	switch (type) {
	case RRTYPE_A:
		r = parse_a(&p, RDF_A);
		break;
	case RRTYPE_AAAA:
		r = parse_aaaa(&p, RDF_AAAA);
		break;
	case RRTYPE_NS:
	case RRTYPE_CNAME:
		r = parse_name(&p, RDF_NAME_C);
		break;
	case RRTYPE_MX:
		if ((r = parse_num(&p, RDF_U16)) == 0) {
			p.field = 1;
			r = parse_name(&p, RDF_NAME_C);
		}
		break;
	case RRTYPE_TXT:
		r = parse_field(&p, RDF_STRS);
		break;
	default:
		d = rrtype_get(type);
		for (r = 0; r == 0 && d->fields[p.field] != RDF_END;
		    p.field++)
			r = parse_field(&p, d->fields[p.field]);
		break;
	}
	if (r < 0)
		return r;
	if (p.i < ntok)
		return rdtx_trailing(&p);
	return (int)p.len;
}
