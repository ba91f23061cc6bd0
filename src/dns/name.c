/*
 * name: domain names in wire format. Text conversion (RFC 1035 §5.1),
 * message parsing with compression (RFC 1035 §4.1.4), case-insensitive
 * comparison (RFC 4343) and canonical order (RFC 4034 §6.1).
 *
 * These functions sit on the hot paths of loading and answering: none of
 * them allocates, and the loops work on the wire bytes directly.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/wire.h"

/*
 * Bound on the compression pointers followed in one name. Each pointer must
 * go strictly backwards, so loops are impossible anyway; the bound keeps the
 * work per name small against chains of pointers to pointers.
 */
#define NAME_MAXPTRS 64

/* ASCII lower case of one octet, without a table or a branch. */
static inline uint8_t
name_lc(uint8_t c)
{
	return (uint8_t)(c + (((unsigned)(c - 'A') < 26u) << 5));
}

int
name_from_text(const char *s, size_t len, const uint8_t *origin,
    uint8_t out[NAME_MAXLEN])
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	size_t o = 1, lab = 0, olen;
	unsigned v;
	uint8_t c;

	if (len == 0)
		return RD_ESYNTAX;
	if (len == 1 && s[0] == '@') {
		if (origin == NULL)
			return RD_ESYNTAX;
		olen = name_len(origin);
		memcpy(out, origin, olen);
		return (int)olen;
	}
	if (len == 1 && s[0] == '.') {
		out[0] = 0;
		return 1;
	}
	/*
	 * out[lab] is the length octet of the label being filled; o is where
	 * its next octet goes. A label octet may sit at most at 253, so that
	 * the root label still fits within 255 octets.
	 */
	while (p < end) {
		c = *p++;
		if (c == '.') {
			/* An empty label is allowed only as the name ".". */
			if (o == lab + 1)
				return RD_ESYNTAX;
			out[lab] = (uint8_t)(o - lab - 1);
			lab = o++;
			continue;
		}
		if (c == '\\') {
			/* RFC 1035 §5.1: \X is X, \DDD a decimal octet. */
			if (p == end)
				return RD_ESYNTAX;
			c = *p++;
			if (c >= '0' && c <= '9') {
				if (end - p < 2 || p[0] < '0' || p[0] > '9' ||
				    p[1] < '0' || p[1] > '9')
					return RD_ESYNTAX;
				v = (unsigned)(c - '0') * 100 +
				    (unsigned)(p[0] - '0') * 10 +
				    (unsigned)(p[1] - '0');
				if (v > 255)
					return RD_ESYNTAX;
				c = (uint8_t)v;
				p += 2;
			}
		}
		if (o - lab > NAME_MAXLABEL || o > NAME_MAXLEN - 2)
			return RD_ERANGE;
		out[o++] = c;
	}
	if (o == lab + 1) {
		/* The name ended with a dot: it is absolute. */
		out[lab] = 0;
		return (int)o;
	}
	out[lab] = (uint8_t)(o - lab - 1);
	if (origin == NULL)
		return RD_ESYNTAX;
	olen = name_len(origin);
	if (o + olen > NAME_MAXLEN)
		return RD_ERANGE;
	memcpy(out + o, origin, olen);
	return (int)(o + olen);
}

/*
 * Characters that have a meaning in zone files and are escaped with a
 * backslash inside labels, as BIND and ldns print them.
 */
static inline int
name_special(uint8_t c)
{
	switch (c) {
	case '.':
	case ';':
	case '(':
	case ')':
	case '"':
	case '\\':
	case '@':
	case '$':
		return 1;
	default:
		return 0;
	}
}

/* Write the text of name into out, which has room for NAME_MAXTEXT bytes. */
static size_t
name_to_text_buf(const uint8_t *name, char *out)
{
	const uint8_t *p = name;
	size_t o = 0;
	unsigned i, n;
	uint8_t c;

	if (*p == 0) {
		out[0] = '.';
		out[1] = '\0';
		return 1;
	}
	while ((n = *p++) != 0) {
		for (i = 0; i < n; i++) {
			c = p[i];
			if (c < 0x21 || c > 0x7e) {
				out[o++] = '\\';
				out[o++] = (char)('0' + c / 100);
				out[o++] = (char)('0' + c / 10 % 10);
				out[o++] = (char)('0' + c % 10);
			} else {
				if (name_special(c))
					out[o++] = '\\';
				out[o++] = (char)c;
			}
		}
		out[o++] = '.';
		p += n;
	}
	out[o] = '\0';
	return o;
}

int
name_to_text(const uint8_t *name, char *out, size_t outmax)
{
	char buf[NAME_MAXTEXT];
	size_t n;

	if (outmax >= NAME_MAXTEXT)
		return (int)name_to_text_buf(name, out);
	n = name_to_text_buf(name, buf);
	if (n + 1 > outmax)
		return RD_ESPACE;
	memcpy(out, buf, n + 1);
	return (int)n;
}

size_t
name_len(const uint8_t *name)
{
	const uint8_t *p = name;

	while (*p != 0)
		p += *p + 1;
	return (size_t)(p - name) + 1;
}

int
name_check(const uint8_t *p, size_t max)
{
	size_t o = 0;
	uint8_t n;

	for (;;) {
		if (o >= max || o >= NAME_MAXLEN)
			return RD_EMALFORMED;
		n = p[o];
		if (n == 0)
			return (int)o + 1;
		/* RFC 1035 §3.1: uncompressed labels are 0-63 octets. */
		if (n > NAME_MAXLABEL)
			return RD_EMALFORMED;
		o += (size_t)n + 1;
	}
}

static int name_parse_full(struct wire_rd *r, uint8_t out[NAME_MAXLEN]);

int
name_parse(struct wire_rd *r, uint8_t out[NAME_MAXLEN])
{
	size_t o, left;

	if (r->err)
		return RD_EMALFORMED;
	/*
	 * The usual name (a question's, say) has no pointer: its labels are
	 * checked first and the whole name copied at once. Anything else
	 * (pointers, bad label types, overruns) takes the full parse below.
	 */
	left = (size_t)(r->end - r->pos);
	for (o = 0; o < left && r->pos[o] != 0 && r->pos[o] < 0x40;
	    o += (size_t)r->pos[o] + 1)
		;
	if (o < left && r->pos[o] == 0 && o < NAME_MAXLEN) {
		memcpy(out, r->pos, o + 1);
		r->pos += o + 1;
		return (int)(o + 1);
	}
	return name_parse_full(r, out);
}

static int
name_parse_full(struct wire_rd *r, uint8_t out[NAME_MAXLEN])
{
	const uint8_t *p, *end, *after = NULL;
	size_t o = 0, part, off;
	unsigned ptrs = 0;
	uint8_t c;

	if (r->err)
		return RD_EMALFORMED;
	p = r->pos;
	end = r->end;
	part = (size_t)(p - r->base);
	for (;;) {
		if (p >= end)
			goto bad;
		c = *p;
		if (c == 0) {
			out[o++] = 0;
			p++;
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			/*
			 * RFC 1035 §4.1.4: a pointer to an earlier name. It
			 * must point strictly before the start of the part of
			 * the name that holds it, so every jump goes backwards
			 * and no loop can form.
			 */
			if (end - p < 2)
				goto bad;
			off = ((size_t)(c & 0x3f) << 8) | p[1];
			if (off >= part || ++ptrs > NAME_MAXPTRS)
				goto bad;
			if (after == NULL)
				after = p + 2;
			part = off;
			p = r->base + off;
			continue;
		}
		/* RFC 6891 §5: the 0x40 and 0x80 label types are retired. */
		if (c & 0xc0)
			goto bad;
		/* RFC 1035 §3.1: the whole name is at most 255 octets. */
		if ((size_t)(end - p) <= c || o + c + 2 > NAME_MAXLEN)
			goto bad;
		memcpy(out + o, p, (size_t)c + 1);
		o += (size_t)c + 1;
		p += c + 1;
	}
	r->pos = after != NULL ? after : p;
	return (int)o;
bad:
	r->err = RD_EMALFORMED;
	return RD_EMALFORMED;
}

int
name_labels(const uint8_t *name)
{
	int n = 0;

	while (*name != 0) {
		name += *name + 1;
		n++;
	}
	return n;
}

int
name_equal(const uint8_t *a, const uint8_t *b)
{
	unsigned i, n;

	/* Length octets are below 'A', so lower-casing them changes nothing. */
	for (;;) {
		n = *a;
		if (n != *b)
			return 0;
		if (n == 0)
			return 1;
		for (i = 1; i <= n; i++)
			if (name_lc(a[i]) != name_lc(b[i]))
				return 0;
		a += n + 1;
		b += n + 1;
	}
}

/* Offsets of the labels of name, in order; returns their number. */
static inline int
name_offsets(const uint8_t *name, uint8_t offs[NAME_MAXLABELS])
{
	const uint8_t *p = name;
	int n = 0;

	while (*p != 0) {
		offs[n++] = (uint8_t)(p - name);
		p += *p + 1;
	}
	return n;
}

int
name_cmp(const uint8_t *a, const uint8_t *b)
{
	uint8_t oa[NAME_MAXLABELS], ob[NAME_MAXLABELS];
	const uint8_t *la, *lb;
	unsigned i, m;
	int na, nb, ca, cb;

	na = name_offsets(a, oa);
	nb = name_offsets(b, ob);
	/*
	 * RFC 4034 §6.1: compare label by label from the root, each as a
	 * lower-case octet string, a shorter label before its extensions, and
	 * a name whose labels run out first before the longer one.
	 */
	while (na > 0 && nb > 0) {
		la = a + oa[--na];
		lb = b + ob[--nb];
		m = la[0] < lb[0] ? la[0] : lb[0];
		for (i = 1; i <= m; i++) {
			ca = name_lc(la[i]);
			cb = name_lc(lb[i]);
			if (ca != cb)
				return ca - cb;
		}
		if (la[0] != lb[0])
			return (int)la[0] - (int)lb[0];
	}
	return na - nb;
}

int
name_is_sub(const uint8_t *name, const uint8_t *parent)
{
	size_t n = name_len(name), p = name_len(parent);

	/*
	 * The only suffix of name that can equal parent is the one of the
	 * same length, and it must start on a label. Names are mostly in the
	 * same letter case (as written in the zone), so one memcmp usually
	 * decides; the case-blind compare runs only when it fails.
	 */
	if (p > n)
		return 0;
	while (n > p) {
		n -= (size_t)*name + 1;
		name += *name + 1;
	}
	if (n != p)
		return 0;
	return memcmp(name, parent, p) == 0 || name_equal(name, parent);
}

void
name_tolower(uint8_t *name)
{
	unsigned i, n;

	while ((n = *name++) != 0) {
		for (i = 0; i < n; i++)
			name[i] = name_lc(name[i]);
		name += n;
	}
}

const uint8_t *
name_parent(const uint8_t *name)
{
	if (*name == 0)
		return NULL;
	return name + *name + 1;
}

int
name_is_wildcard(const uint8_t *name)
{
	/* RFC 4592 §2.1.1: the asterisk label is the first and exactly "*". */
	return name[0] == 1 && name[1] == '*';
}

int
name_concat(const uint8_t *prefix, size_t prefixlen, const uint8_t *suffix,
    uint8_t out[NAME_MAXLEN])
{
	size_t slen;

	slen = name_len(suffix);
	if (prefixlen + slen > NAME_MAXLEN)
		return RD_ERANGE;
	memmove(out + prefixlen, suffix, slen);
	memmove(out, prefix, prefixlen);
	return (int)(prefixlen + slen);
}

/*
 * Name hashes, for the exact-match indexes of zonedb and zone: the name's
 * octets eight at a time, each with bit 5 set first. That maps every ASCII
 * upper-case letter to its lower case (RFC 4343), so "www.Example." and
 * "WWW.example." hash alike, at the price of a few more octets mapped
 * together ('@' with '`', say): names that hash alike are compared in full
 * anyway. A name's hash does not depend on where it is stored: an ancestor
 * is hashed as the name it is.
 */
#define NH_FOLD 0x2020202020202020ULL
#define NH_SEED 0x9e3779b97f4a7c15ULL
#define NH_MUL1 0xff51afd7ed558ccdULL
#define NH_MUL2 0xc4ceb9fe1a85ec53ULL

uint64_t
name_hash_len(const uint8_t *name, size_t len)
{
	uint64_t h = NH_SEED ^ len, w;
	uint32_t w4;
	uint16_t w2;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, name + i, 8);
		h = (h ^ (w | NH_FOLD)) * NH_MUL1;
		h ^= h >> 32;
	}
	if (i < len) {
		if (len >= 8) {
			/* The last eight octets, overlapping the ones before. */
			memcpy(&w, name + len - 8, 8);
		} else {
			/* A short name: no read past its end. */
			w = 0;
			if (len & 4) {
				memcpy(&w4, name + i, 4);
				w = w4;
				i += 4;
			}
			if (len & 2) {
				memcpy(&w2, name + i, 2);
				w = (w << 16) | w2;
				i += 2;
			}
			if (len & 1)
				w = (w << 8) | name[i];
		}
		h = (h ^ (w | NH_FOLD)) * NH_MUL1;
		h ^= h >> 32;
	}
	h *= NH_MUL2;
	return h ^ (h >> 29);
}

uint64_t
name_hash(const uint8_t *name)
{
	return name_hash_len(name, name_len(name));
}
