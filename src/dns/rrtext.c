/*
 * rrtext: wire rdata to presentation text, driven by the rrtype table: one
 * printer per field kind (enum rdf_kind), the row of the type says which
 * kinds follow each other.
 *
 * The rdata may be untrusted, so it is read only through the wire.h cursor.
 * A printer that finds its field malformed sets the cursor's error; the
 * record is then printed in the RFC 3597 §5 form "\# len hex", which every
 * reader takes for every type. The same happens when a field is well-formed
 * but its text would not read back into the same octets (a type bitmap with
 * a trailing zero octet, SvcParams out of order): the text always stands
 * for exactly the wire it came from.
 *
 * Nothing is allocated: text goes straight into the caller's buffer through
 * a small sticky-error writer, so that a zone of millions of records prints
 * with no work per record beyond the text itself.
 *
 * Where BIND (named-compilezone) and ldns (ldns-read-zone) print a field
 * differently, we follow BIND, except where noted:
 * - numbers stay numbers: WKS protocol and ports (ldns prints tcp, smtp),
 *   DNSSEC algorithms (BIND prints RSASHA256 in CERT); CERT types are
 *   mnemonics, as both print them;
 * - non-printable octets in character-strings are \DDD (ldns prints a tab
 *   as is);
 * - LOC as BIND: "4 53 32.000 E -2.00m" (ldns: "04 53 32.000 E -2m");
 * - hex (DS digests, salts, RFC 3597 data) in upper case as BIND and Knot,
 *   never split by spaces (BIND splits long hex at 56 characters);
 * - the NSEC3 next hashed owner in lower case base32hex, as ldns and Knot
 *   (BIND: upper case), the form owner names of NSEC3 records have;
 * - APL IPv6 addresses compressed as BIND and Knot ("2:ff00::/8");
 * - NID, L64 locators as four groups of four lower-case hex digits, as ldns
 *   and the examples of RFC 6742 (BIND drops leading zeros, Knot upper-cases);
 * - SvcParams as kdig prints them: alpn unquoted, other values of unnamed
 *   keys quoted (BIND quotes alpn too); keys above ipv6hint as keyNNNNN,
 *   since BIND 9.18 and Knot 3.2 print key7 and Knot refuses "dohpath";
 * - an empty rdata, and an IPSECKEY without a public key, which neither
 *   BIND nor dnspython reads back, as \# text.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/wire.h"

/* Output with a sticky error: end is where the terminating NUL may go. */
struct out {
	char *p;
	char *end;
	int err;	/* 0 or RD_ESPACE */
};

typedef void rrtext_fn(struct out *, struct wire_rd *);

static const char hexdigits_uc[] = "0123456789ABCDEF";
static const char hexdigits_lc[] = "0123456789abcdef";

static inline void
out_init(struct out *o, char *buf, size_t max)
{
	o->p = buf;
	o->end = buf + max - 1;
	o->err = 0;
}

/* 1 when n more characters fit; otherwise the error is set. */
static inline int
out_need(struct out *o, size_t n)
{
	if (o->err)
		return 0;
	if ((size_t)(o->end - o->p) < n) {
		o->err = RD_ESPACE;
		return 0;
	}
	return 1;
}

/* Room for a NUL-terminated string written by another module. */
static inline size_t
out_room(const struct out *o)
{
	return o->err ? 0 : (size_t)(o->end - o->p) + 1;
}

/* Account for n characters another module wrote, or for its error. */
static inline void
out_took(struct out *o, int n)
{
	if (n < 0)
		o->err = RD_ESPACE;
	else
		o->p += n;
}

static inline void
out_c(struct out *o, char c)
{
	if (out_need(o, 1))
		*o->p++ = c;
}

static inline void
out_mem(struct out *o, const char *s, size_t n)
{
	if (out_need(o, n)) {
		memcpy(o->p, s, n);
		o->p += n;
	}
}

static inline void
out_s(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

/* Decimal, two digits per division: numbers are most of a zone's text. */
static void
out_u32(struct out *o, uint32_t v)
{
	static const char pairs[] =
	    "0001020304050607080910111213141516171819"
	    "2021222324252627282930313233343536373839"
	    "4041424344454647484950515253545556575859"
	    "6061626364656667686970717273747576777879"
	    "8081828384858687888990919293949596979899";
	char buf[10];
	size_t i = sizeof(buf);

	while (v >= 100) {
		i -= 2;
		memcpy(buf + i, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		i -= 2;
		memcpy(buf + i, pairs + 2 * v, 2);
	} else
		buf[--i] = (char)('0' + v);
	out_mem(o, buf + i, sizeof(buf) - i);
}

/* v in exactly width decimal digits, with leading zeros. */
static void
out_dec_w(struct out *o, uint32_t v, int width)
{
	char buf[10];
	int i;

	for (i = width - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out_mem(o, buf, (size_t)width);
}

static void
out_hex(struct out *o, const uint8_t *p, size_t n, const char *digits)
{
	size_t i;

	if (!out_need(o, 2 * n))
		return;
	for (i = 0; i < n; i++) {
		*o->p++ = digits[p[i] >> 4];
		*o->p++ = digits[p[i] & 0x0f];
	}
}

/* RFC 4648 §4: base64 with padding, no line breaks. */
static void
out_b64(struct out *o, const uint8_t *p, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t v;
	size_t i;
	char *w;

	if (!out_need(o, (n + 2) / 3 * 4))
		return;
	w = o->p;
	for (i = 0; i + 3 <= n; i += 3) {
		v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) |
		    p[i + 2];
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 0x3f];
		*w++ = b64[(v >> 6) & 0x3f];
		*w++ = b64[v & 0x3f];
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 0x3f];
		*w++ = '=';
		*w++ = '=';
	} else if (n - i == 2) {
		v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 0x3f];
		*w++ = b64[(v >> 6) & 0x3f];
		*w++ = '=';
	}
	o->p = w;
}

/*
 * RFC 4648 §7 base32hex in lower case without padding, as RFC 5155 §3.3
 * prints the next hashed owner name: every 5 octets give 8 digits.
 */
static void
out_b32hex(struct out *o, const uint8_t *p, size_t n)
{
	static const char b32[] = "0123456789abcdefghijklmnopqrstuv";
	uint64_t acc = 0;
	unsigned bits = 0;
	size_t i;

	if (!out_need(o, (n * 8 + 4) / 5))
		return;
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*o->p++ = b32[(acc >> bits) & 0x1f];
		}
	}
	if (bits > 0)
		*o->p++ = b32[(acc << (5 - bits)) & 0x1f];
}

/* One octet of a character-string: \" and \\ escaped, others as \DDD. */
static inline char *
put_strc(char *w, uint8_t c)
{
	if (c == '"' || c == '\\') {
		*w++ = '\\';
		*w++ = (char)c;
	} else if (c < 0x20 || c > 0x7e) {
		*w++ = '\\';
		*w++ = (char)('0' + c / 100);
		*w++ = (char)('0' + c / 10 % 10);
		*w++ = (char)('0' + c % 10);
	} else
		*w++ = (char)c;
	return w;
}

/*
 * RFC 1035 §5.1: a <character-string> in double quotes. The room check is
 * for the worst case (every octet as \DDD) first, and exact only when that
 * does not fit, so that the common case checks once.
 */
static void
out_quoted(struct out *o, const uint8_t *p, size_t n)
{
	char tmp[4], *w;
	size_t i;

	if (o->err)
		return;
	if ((size_t)(o->end - o->p) >= 4 * n + 2) {
		w = o->p;
		*w++ = '"';
		for (i = 0; i < n; i++)
			w = put_strc(w, p[i]);
		*w++ = '"';
		o->p = w;
		return;
	}
	out_c(o, '"');
	for (i = 0; i < n; i++)
		out_mem(o, tmp, (size_t)(put_strc(tmp, p[i]) - tmp));
	out_c(o, '"');
}

static inline void
bad(struct wire_rd *r)
{
	r->err = RD_EMALFORMED;
}

/*
 * Point at the next n octets of r and step over them; NULL (with r's error
 * set) when fewer are left.
 */
static inline const uint8_t *
take(struct wire_rd *r, size_t n)
{
	const uint8_t *p = r->pos;

	if (!wire_rd_need(r, n))
		return NULL;
	r->pos += n;
	return p;
}

/* Point at the rest of r; *n is its length. */
static inline const uint8_t *
take_rest(struct wire_rd *r, size_t *n)
{
	*n = wire_rd_left(r);
	return take(r, *n);
}

static void
out_ipv4(struct out *o, const uint8_t *a)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			out_c(o, '.');
		out_u32(o, a[i]);
	}
}

/* RFC 5952 text of an IPv6 address, by the C library's inet_ntop. */
static void
out_ipv6(struct out *o, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, a, buf, sizeof(buf)) == NULL) {
		o->err = RD_ESPACE;
		return;
	}
	out_s(o, buf);
}

static void
out_type(struct out *o, uint16_t type)
{
	out_took(o, rrtype_to_text(type, o->p, out_room(o)));
}

static void
pr_name(struct out *o, struct wire_rd *r)
{
	int n;

	if (r->err)
		return;
	n = name_check(r->pos, wire_rd_left(r));
	if (n < 0) {
		bad(r);
		return;
	}
	if (out_room(o) > 0)
		out_took(o, name_to_text(r->pos, o->p, out_room(o)));
	wire_rd_skip(r, (size_t)n);
}

static void
pr_u8(struct out *o, struct wire_rd *r)
{
	out_u32(o, wire_rd_u8(r));
}

static void
pr_u16(struct out *o, struct wire_rd *r)
{
	out_u32(o, wire_rd_u16(r));
}

static void
pr_u32(struct out *o, struct wire_rd *r)
{
	out_u32(o, wire_rd_u32(r));
}

/*
 * RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC. The value is read as seconds since
 * 1970 without the serial arithmetic of §3.1.5, which BIND and ldns apply
 * relative to the current time: text that depends on the day it is printed
 * would make zone dumps differ from run to run (they agree until 2038).
 * The civil date comes from the day count by the usual era arithmetic
 * (400-year eras of 146097 days, years starting on March 1st), so that no
 * time zone or locale of the C library takes part.
 */
static void
pr_time(struct out *o, struct wire_rd *r)
{
	uint32_t t = wire_rd_u32(r), z, era, doe, yoe, doy, mp, d, m, y;

	z = t / 86400 + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	out_dec_w(o, y, 4);
	out_dec_w(o, m, 2);
	out_dec_w(o, d, 2);
	t %= 86400;
	out_dec_w(o, t / 3600, 2);
	out_dec_w(o, t / 60 % 60, 2);
	out_dec_w(o, t % 60, 2);
}

static void
pr_type(struct out *o, struct wire_rd *r)
{
	uint16_t type = wire_rd_u16(r);

	if (!r->err)
		out_type(o, type);
}

/* RFC 4398 §2.1: CERT type as its mnemonic, else as a number. */
static void
pr_certtype(struct out *o, struct wire_rd *r)
{
	uint16_t t = wire_rd_u16(r);
	const char *s = rrtype_cert_name(t);

	if (s != NULL)
		out_s(o, s);
	else
		out_u32(o, t);
}

static void
pr_a(struct out *o, struct wire_rd *r)
{
	const uint8_t *p = take(r, 4);

	if (p != NULL)
		out_ipv4(o, p);
}

static void
pr_aaaa(struct out *o, struct wire_rd *r)
{
	const uint8_t *p = take(r, 16);

	if (p != NULL)
		out_ipv6(o, p);
}

static void
pr_str(struct out *o, struct wire_rd *r)
{
	size_t n = wire_rd_u8(r);
	const uint8_t *p = take(r, n);

	if (p != NULL)
		out_quoted(o, p, n);
}

/* TXT, SPF: one or more character-strings up to the end (RFC 1035 §3.3.14). */
static void
pr_strs(struct out *o, struct wire_rd *r)
{
	if (wire_rd_left(r) == 0)
		bad(r);
	pr_str(o, r);
	while (wire_rd_left(r) > 0) {
		out_c(o, ' ');
		pr_str(o, r);
	}
}

/* URI target (RFC 7553 §4.5), CAA value (RFC 8659 §4.1.1). */
static void
pr_str_rest(struct out *o, struct wire_rd *r)
{
	size_t n;
	const uint8_t *p = take_rest(r, &n);

	if (p != NULL)
		out_quoted(o, p, n);
}

/* RFC 8659 §4.1: the tag is one or more ASCII letters and digits. */
static void
pr_caatag(struct out *o, struct wire_rd *r)
{
	size_t n = wire_rd_u8(r), i;
	const uint8_t *p = take(r, n);
	uint8_t c;

	if (p == NULL)
		return;
	if (n == 0) {
		bad(r);
		return;
	}
	for (i = 0; i < n; i++) {
		c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))) {
			bad(r);
			return;
		}
	}
	out_mem(o, (const char *)p, n);
}

static void
pr_b64(struct out *o, struct wire_rd *r)
{
	size_t n;
	const uint8_t *p = take_rest(r, &n);

	/* A required field must have a token to read back. */
	if (n == 0)
		bad(r);
	else if (p != NULL)
		out_b64(o, p, n);
}

static void
pr_hex(struct out *o, struct wire_rd *r)
{
	size_t n;
	const uint8_t *p = take_rest(r, &n);

	if (n == 0)
		bad(r);
	else if (p != NULL)
		out_hex(o, p, n, hexdigits_uc);
}

/* RFC 5155 §3.3: the salt in hex, or "-" when it is empty. */
static void
pr_salt(struct out *o, struct wire_rd *r)
{
	size_t n = wire_rd_u8(r);
	const uint8_t *p = take(r, n);

	if (p == NULL)
		return;
	if (n == 0)
		out_c(o, '-');
	else
		out_hex(o, p, n, hexdigits_uc);
}

/* RFC 5155 §3.2: the next hashed owner is at least one octet. */
static void
pr_b32hex(struct out *o, struct wire_rd *r)
{
	size_t n = wire_rd_u8(r);
	const uint8_t *p = take(r, n);

	if (p == NULL)
		return;
	if (n == 0)
		bad(r);
	else
		out_b32hex(o, p, n);
}

/*
 * RFC 4034 §4.1.2: windows in increasing order, each 1 to 32 octets long.
 * A window ending in a zero octet is refused: its text would read back
 * shorter (RFC 4034 §4.1.2 forbids it too).
 */
static void
pr_bitmap(struct out *o, struct wire_rd *r)
{
	int prev = -1, first = 1;
	unsigned win, len, i, b;
	const uint8_t *p;

	while (wire_rd_left(r) > 0) {
		win = wire_rd_u8(r);
		len = wire_rd_u8(r);
		p = take(r, len);
		if (p == NULL)
			return;
		if ((int)win <= prev || len == 0 || len > 32 ||
		    p[len - 1] == 0) {
			bad(r);
			return;
		}
		prev = (int)win;
		for (i = 0; i < len; i++) {
			for (b = 0; b < 8; b++) {
				if (!(p[i] & (0x80 >> b)))
					continue;
				if (!first)
					out_c(o, ' ');
				first = 0;
				out_type(o, (uint16_t)(win << 8 | i << 3 | b));
			}
		}
	}
}

/*
 * RFC 1876 §2: a precision octet is a mantissa and a power of ten, both at
 * most 9, in centimetres; a zero mantissa goes with a zero exponent only
 * (BIND refuses the others). Printed as BIND does: whole metres from 1m
 * up, else metres with two decimals.
 */
static void
pr_loc_size(struct out *o, struct wire_rd *r, uint8_t v)
{
	unsigned mant = v >> 4, exp = v & 0x0f, i;
	uint64_t cm = mant;

	if (mant > 9 || exp > 9 || (mant == 0 && exp != 0)) {
		bad(r);
		return;
	}
	for (i = 0; i < exp; i++)
		cm *= 10;
	out_c(o, ' ');
	if (cm >= 100) {
		out_u32(o, (uint32_t)(cm / 100));
	} else {
		out_s(o, "0.");
		out_dec_w(o, (uint32_t)cm, 2);
	}
	out_c(o, 'm');
}

/*
 * RFC 1876 §2: thousandths of an arc second, offset by 2^31 so that the
 * equator and the prime meridian are 2^31 (printed N and E, as BIND does).
 */
static void
pr_loc_angle(struct out *o, struct wire_rd *r, uint32_t v, uint32_t maxdeg,
    const char *hemi)
{
	uint32_t a;
	char h;

	if (v >= 0x80000000U) {
		a = v - 0x80000000U;
		h = hemi[0];
	} else {
		a = 0x80000000U - v;
		h = hemi[1];
	}
	if (a > maxdeg * 3600000U) {
		bad(r);
		return;
	}
	out_u32(o, a / 3600000);
	out_c(o, ' ');
	out_u32(o, a / 60000 % 60);
	out_c(o, ' ');
	out_u32(o, a / 1000 % 60);
	out_c(o, '.');
	out_dec_w(o, a % 1000, 3);
	out_c(o, ' ');
	out_c(o, h);
}

/*
 * RFC 1876 §3: "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m":
 * latitude, longitude, altitude in centimetres above 100,000m below the
 * WGS 84 spheroid, then size, horizontal and vertical precision.
 */
static void
pr_loc(struct out *o, struct wire_rd *r)
{
	uint8_t ver = wire_rd_u8(r), size = wire_rd_u8(r);
	uint8_t hp = wire_rd_u8(r), vp = wire_rd_u8(r);
	uint32_t lat = wire_rd_u32(r), lon = wire_rd_u32(r);
	uint32_t alt = wire_rd_u32(r), cm;

	/* RFC 1876 §2: only version 0 is defined. */
	if (r->err || ver != 0) {
		bad(r);
		return;
	}
	pr_loc_angle(o, r, lat, 90, "NS");
	out_c(o, ' ');
	pr_loc_angle(o, r, lon, 180, "EW");
	out_c(o, ' ');
	if (alt < 10000000U) {
		out_c(o, '-');
		cm = 10000000U - alt;
	} else
		cm = alt - 10000000U;
	out_u32(o, cm / 100);
	out_c(o, '.');
	out_dec_w(o, cm % 100, 2);
	out_c(o, 'm');
	pr_loc_size(o, r, size);
	pr_loc_size(o, r, hp);
	pr_loc_size(o, r, vp);
}

/*
 * RFC 3123 §4: items of address family, prefix length, negation flag and
 * address with its trailing zero octets left off, printed "[!]afi:addr/len".
 * Only families 1 (IPv4) and 2 (IPv6) have a text form; an address that
 * still ends in a zero octet or is longer than its family is refused.
 */
static void
pr_apl(struct out *o, struct wire_rd *r)
{
	uint8_t addr[16];
	unsigned fam, pfx, nl, n;
	const uint8_t *p;
	int first = 1;

	while (wire_rd_left(r) > 0) {
		fam = wire_rd_u16(r);
		pfx = wire_rd_u8(r);
		nl = wire_rd_u8(r);
		n = nl & 0x7f;
		p = take(r, n);
		if (p == NULL)
			return;
		if ((fam != 1 && fam != 2) || n > (fam == 1 ? 4U : 16U) ||
		    pfx > (fam == 1 ? 32U : 128U) || (n > 0 && p[n - 1] == 0)) {
			bad(r);
			return;
		}
		memset(addr, 0, sizeof(addr));
		memcpy(addr, p, n);
		if (!first)
			out_c(o, ' ');
		first = 0;
		if (nl & 0x80)
			out_c(o, '!');
		out_u32(o, fam);
		out_c(o, ':');
		if (fam == 1)
			out_ipv4(o, addr);
		else
			out_ipv6(o, addr);
		out_c(o, '/');
		out_u32(o, pfx);
	}
}

/*
 * RFC 4025 §3: after the precedence, "gateway-type algorithm gateway key",
 * the gateway "." (type 0), an IPv4 (1) or IPv6 (2) address or a name (3).
 */
static void
pr_ipseckey(struct out *o, struct wire_rd *r)
{
	uint8_t gwtype = wire_rd_u8(r), alg = wire_rd_u8(r);
	if (r->err)
		return;
	out_u32(o, gwtype);
	out_c(o, ' ');
	out_u32(o, alg);
	out_c(o, ' ');
	switch (gwtype) {
	case 0:
		out_c(o, '.');
		break;
	case 1:
		pr_a(o, r);
		break;
	case 2:
		pr_aaaa(o, r);
		break;
	case 3:
		pr_name(o, r);
		break;
	default:
		bad(r);
		return;
	}
	/* BIND and dnspython need a key token, so no key prints as \#. */
	out_c(o, ' ');
	pr_b64(o, r);
}

/* Key name (RFC 9460 §14.3.2) or keyNNNNN; see the top of the file. */
static void
out_svckey(struct out *o, uint16_t key)
{
	if (key <= 6)
		out_took(o, rrtype_svckey_to_text(key, o->p, out_room(o)));
	else {
		out_s(o, "key");
		out_u32(o, key);
	}
}

/*
 * RFC 9460 §7.1.1: one alpn-id in an unquoted value list. A comma or a
 * backslash inside an id is escaped for the list (\, and \\) and that
 * backslash again for the character-string, as kdig and ldns print it;
 * octets that would end or break the token are \DDD.
 */
static void
out_alpn_id(struct out *o, const uint8_t *p, size_t n)
{
	char tmp[4];
	size_t i;
	uint8_t c;

	for (i = 0; i < n; i++) {
		c = p[i];
		if (c == ',')
			out_s(o, "\\\\,");
		else if (c == '\\')
			out_s(o, "\\\\\\\\");
		else if (c <= 0x20 || c > 0x7e || c == '"' || c == ';' ||
		    c == '(' || c == ')') {
			tmp[0] = '\\';
			tmp[1] = (char)('0' + c / 100);
			tmp[2] = (char)('0' + c / 10 % 10);
			tmp[3] = (char)('0' + c % 10);
			out_mem(o, tmp, 4);
		} else
			out_c(o, (char)c);
	}
}

/*
 * RFC 9460 §8: the mandatory keys, in strictly increasing order, neither
 * mandatory itself nor the invalid key. 0 or RD_EMALFORMED.
 */
static int
svc_mandatory(struct out *o, struct wire_rd *v)
{
	int prev = -1;
	uint16_t k;

	if (wire_rd_left(v) == 0 || wire_rd_left(v) % 2 != 0)
		return RD_EMALFORMED;
	out_c(o, '=');
	while (wire_rd_left(v) > 0) {
		k = wire_rd_u16(v);
		if ((int)k <= prev || k == 0 || k == 65535)
			return RD_EMALFORMED;
		if (prev >= 0)
			out_c(o, ',');
		prev = k;
		out_svckey(o, k);
	}
	return 0;
}

/* RFC 9460 §7.1.1: one or more alpn-ids of at least one octet. */
static int
svc_alpn(struct out *o, struct wire_rd *v)
{
	const uint8_t *p;
	size_t len;
	int first = 1;

	if (wire_rd_left(v) == 0)
		return RD_EMALFORMED;
	out_c(o, '=');
	while (wire_rd_left(v) > 0) {
		len = wire_rd_u8(v);
		p = take(v, len);
		if (p == NULL || len == 0)
			return RD_EMALFORMED;
		if (!first)
			out_c(o, ',');
		first = 0;
		out_alpn_id(o, p, len);
	}
	return 0;
}

/* RFC 9460 §7.3: ipv4hint and ipv6hint, one or more addresses. */
static int
svc_hints(struct out *o, struct wire_rd *v, size_t size)
{
	const uint8_t *p;
	int first = 1;

	if (wire_rd_left(v) == 0 || wire_rd_left(v) % size != 0)
		return RD_EMALFORMED;
	out_c(o, '=');
	while (wire_rd_left(v) > 0) {
		p = take(v, size);
		if (!first)
			out_c(o, ',');
		first = 0;
		if (size == 4)
			out_ipv4(o, p);
		else
			out_ipv6(o, p);
	}
	return 0;
}

/* "=" and a quoted value, for keys whose value is not empty. */
static int
svc_quoted(struct out *o, struct wire_rd *v, int may_be_empty)
{
	size_t n = wire_rd_left(v);

	if (n == 0)
		return may_be_empty ? 0 : RD_EMALFORMED;
	out_c(o, '=');
	out_quoted(o, v->pos, n);
	return 0;
}

/*
 * The value of one SvcParam (RFC 9460 §7), checked as its key requires;
 * v holds exactly the value. Unknown keys print their value as a quoted
 * character-string, or nothing when it is empty (§2.1). 0 or RD_EMALFORMED.
 */
static int
svc_value(struct out *o, uint16_t key, struct wire_rd *v)
{
	size_t n = wire_rd_left(v);

	switch (key) {
	case 0:
		return svc_mandatory(o, v);
	case 1:
		return svc_alpn(o, v);
	case 2:
	case 8:
		/* §7.1.1 no-default-alpn and RFC 9540 §4 ohttp: no value. */
		return n == 0 ? 0 : RD_EMALFORMED;
	case 3:
		if (n != 2)
			return RD_EMALFORMED;
		out_c(o, '=');
		out_u32(o, wire_rd_u16(v));
		return 0;
	case 4:
		return svc_hints(o, v, 4);
	case 6:
		return svc_hints(o, v, 16);
	case 5:
		/* §9: an ECHConfigList in base64. */
		if (n == 0)
			return RD_EMALFORMED;
		out_c(o, '=');
		out_b64(o, v->pos, n);
		return 0;
	case 7:
		/* RFC 9461 §5: dohpath is a URI template, never empty. */
		return svc_quoted(o, v, 0);
	default:
		return svc_quoted(o, v, 1);
	}
}

/*
 * RFC 9460 §8: every key the mandatory list (m, its value) names must be
 * among the parameters params[0..len). Both lists are in increasing order,
 * so one merge pass decides. 1 when all are present.
 */
static int
svc_mandatory_present(const uint8_t *m, size_t mlen, const uint8_t *params,
    size_t len)
{
	struct wire_rd mr, pr;
	uint16_t want, key = 0;
	int have = 0;

	wire_rd_init(&mr, m, mlen);
	wire_rd_init(&pr, params, len);
	while (wire_rd_left(&mr) > 0) {
		want = wire_rd_u16(&mr);
		while ((!have || key < want) && wire_rd_left(&pr) > 0) {
			key = wire_rd_u16(&pr);
			wire_rd_skip(&pr, wire_rd_u16(&pr));
			have = 1;
		}
		if (!have || key != want)
			return 0;
	}
	return 1;
}

/*
 * RFC 9460 §2.2: SvcParams are key, length, value, with keys strictly
 * increasing; each prints as key=value separated by spaces.
 */
static void
pr_svcparams(struct out *o, struct wire_rd *r)
{
	struct wire_rd v;
	const uint8_t *start = r->pos, *p, *m = NULL;
	size_t mlen = 0;
	int prev = -1;
	uint16_t key, len;

	while (wire_rd_left(r) > 0) {
		key = wire_rd_u16(r);
		len = wire_rd_u16(r);
		p = take(r, len);
		if (p == NULL)
			return;
		/* RFC 9460 §14.3.2: key 65535 is the reserved invalid key. */
		if ((int)key <= prev || key == 65535) {
			bad(r);
			return;
		}
		if (key == 0) {
			m = p;
			mlen = len;
		}
		if (prev >= 0)
			out_c(o, ' ');
		prev = key;
		out_svckey(o, key);
		wire_rd_init(&v, p, len);
		if (svc_value(o, key, &v) < 0) {
			bad(r);
			return;
		}
	}
	if (m != NULL &&
	    !svc_mandatory_present(m, mlen, start, (size_t)(r->pos - start)))
		bad(r);
}

/* RFC 6742 §2.1.2: four groups of four hex digits, separated by colons. */
static void
pr_l64(struct out *o, struct wire_rd *r)
{
	const uint8_t *p = take(r, 8);
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < 8; i += 2) {
		if (i > 0)
			out_c(o, ':');
		out_hex(o, p + i, 2, hexdigits_lc);
	}
}

/* RFC 7043 §3.2, §4.2: hex octets separated by hyphens. */
static void
pr_eui(struct out *o, struct wire_rd *r, size_t n)
{
	const uint8_t *p = take(r, n);
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_c(o, '-');
		out_hex(o, p + i, 1, hexdigits_lc);
	}
}

static void
pr_eui48(struct out *o, struct wire_rd *r)
{
	pr_eui(o, r, 6);
}

static void
pr_eui64(struct out *o, struct wire_rd *r)
{
	pr_eui(o, r, 8);
}

/*
 * RFC 1035 §3.4.2: the protocol number and the ports whose bits are set,
 * in decimal as BIND prints them. A bitmap ending in a zero octet would
 * read back shorter and is refused; 8192 octets cover every port.
 */
static void
pr_wks(struct out *o, struct wire_rd *r)
{
	size_t n, i;
	const uint8_t *p;
	unsigned b;

	out_u32(o, wire_rd_u8(r));
	p = take_rest(r, &n);
	if (p == NULL)
		return;
	if (n > 8192 || (n > 0 && p[n - 1] == 0)) {
		bad(r);
		return;
	}
	for (i = 0; i < n; i++) {
		for (b = 0; b < 8; b++) {
			if (p[i] & (0x80 >> b)) {
				out_c(o, ' ');
				out_u32(o, (uint32_t)(i * 8 + b));
			}
		}
	}
}

/* Opaque rdata has no text form but RFC 3597's. */
static void
pr_unknown(struct out *o, struct wire_rd *r)
{
	bad(r);
}

static rrtext_fn *const printers[] = {
	[RDF_NAME_C] = pr_name,
	[RDF_NAME_L] = pr_name,
	[RDF_NAME] = pr_name,
	[RDF_U8] = pr_u8,
	[RDF_U16] = pr_u16,
	[RDF_U32] = pr_u32,
	[RDF_PERIOD] = pr_u32,
	[RDF_TIME] = pr_time,
	[RDF_TYPE] = pr_type,
	[RDF_ALG] = pr_u8,
	[RDF_CERTTYPE] = pr_certtype,
	[RDF_A] = pr_a,
	[RDF_AAAA] = pr_aaaa,
	[RDF_STR] = pr_str,
	[RDF_STRS] = pr_strs,
	[RDF_STR_REST] = pr_str_rest,
	[RDF_CAATAG] = pr_caatag,
	[RDF_B64] = pr_b64,
	[RDF_B64_OPT] = pr_b64,
	[RDF_HEX] = pr_hex,
	[RDF_HEX_OPT] = pr_hex,
	[RDF_SALT] = pr_salt,
	[RDF_B32HEX] = pr_b32hex,
	[RDF_BITMAP] = pr_bitmap,
	[RDF_LOC] = pr_loc,
	[RDF_APL] = pr_apl,
	[RDF_IPSECKEY] = pr_ipseckey,
	[RDF_SVCPARAMS] = pr_svcparams,
	[RDF_L64] = pr_l64,
	[RDF_EUI48] = pr_eui48,
	[RDF_EUI64] = pr_eui64,
	[RDF_WKS] = pr_wks,
	[RDF_UNKNOWN] = pr_unknown,
};

#define NPRINTERS (sizeof(printers) / sizeof(printers[0]))

/* Kinds that may be empty at the end of the rdata: no token, no space. */
static inline int
kind_may_be_empty(uint8_t kind)
{
	return kind == RDF_B64_OPT || kind == RDF_HEX_OPT ||
	    kind == RDF_BITMAP || kind == RDF_SVCPARAMS;
}

/*
 * The fields of the type's row in turn, separated by spaces. Returns 0, or
 * RD_EMALFORMED when the rdata does not parse for its type (a field out of
 * bounds or invalid, or octets left over).
 */
static int
print_fields(struct out *o, uint16_t type, const uint8_t *rd, size_t len)
{
	const struct rrtype_desc *d = rrtype_get(type);
	struct wire_rd r;
	uint8_t kind;
	size_t i;

	wire_rd_init(&r, rd, len);
	for (i = 0; i < RRTYPE_MAXFIELDS && d->fields[i] != RDF_END; i++) {
		kind = d->fields[i];
		if (kind >= NPRINTERS || printers[kind] == NULL)
			return RD_EMALFORMED;
		if (kind_may_be_empty(kind) && wire_rd_left(&r) == 0)
			continue;
		if (i > 0)
			out_c(o, ' ');
		printers[kind](o, &r);
		if (r.err)
			return RD_EMALFORMED;
	}
	if (r.err || wire_rd_left(&r) != 0)
		return RD_EMALFORMED;
	return 0;
}

/* RFC 3597 §5: "\# len hex", and "\# 0" for an empty rdata. */
static void
print_generic(struct out *o, const uint8_t *rd, size_t len)
{
	out_mem(o, "\\# ", 3);
	out_u32(o, (uint32_t)len);
	if (len > 0) {
		out_c(o, ' ');
		out_hex(o, rd, len, hexdigits_uc);
	}
}

/* Rdata text at o; 0 or RD_ESPACE / RD_EMALFORMED. */
static int
print_rdata(struct out *o, uint16_t type, const uint8_t *rd, size_t len)
{
	char *start = o->p;

	if (len > RDATA_MAXLEN)
		return RD_EMALFORMED;
	if (len > 0 && print_fields(o, type, rd, len) == 0)
		return o->err;
	/* Malformed for its type: start again in the generic form. */
	o->p = start;
	o->err = 0;
	print_generic(o, rd, len);
	return o->err;
}

int
rrtext_rdata(uint16_t type, const uint8_t *rd, size_t len, char *out,
    size_t outmax)
{
	struct out o;
	int err;

	if (outmax == 0)
		return RD_ESPACE;
	out_init(&o, out, outmax);
	err = print_rdata(&o, type, rd, len);
	if (err < 0) {
		out[0] = '\0';
		return err;
	}
	*o.p = '\0';
	return (int)(o.p - out);
}

int
rrtext_rr(const uint8_t *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type, const uint8_t *rd, size_t len, char *out, size_t outmax)
{
	struct out o;
	int err;

	if (outmax == 0)
		return RD_ESPACE;
	out_init(&o, out, outmax);
	out_took(&o, name_to_text(owner, o.p, out_room(&o)));
	out_c(&o, '\t');
	out_u32(&o, ttl);
	out_c(&o, '\t');
	out_took(&o, rrclass_to_text(rclass, o.p, out_room(&o)));
	out_c(&o, '\t');
	out_type(&o, type);
	out_c(&o, '\t');
	err = o.err;
	if (err == 0)
		err = print_rdata(&o, type, rd, len);
	if (err < 0) {
		out[0] = '\0';
		return err;
	}
	*o.p = '\0';
	return (int)(o.p - out);
}
