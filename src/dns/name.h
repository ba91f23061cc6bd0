/*
 * name: domain names in wire format (length-prefixed labels ending in the
 * root label, at most 255 octets), original case preserved; comparisons are
 * case-insensitive (RFC 4343).
 */
#ifndef RD_NAME_H
#define RD_NAME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wire_rd;

#define NAME_MAXLEN 255		/* RFC 1035 §3.1 */
#define NAME_MAXLABEL 63	/* RFC 1035 §2.3.4 */
#define NAME_MAXLABELS 128
#define NAME_MAXTEXT 1024	/* longest presentation form with \DDD escapes, plus NUL */

/*
 * Parse the presentation form s[0..len) into out. "@" is the origin; a name
 * without a trailing dot is relative and gets origin appended (origin NULL:
 * relative names are RD_ESYNTAX). \X and \DDD escapes (RFC 1035 §5.1).
 * Returns the wire length (>= 1) or RD_ESYNTAX / RD_ERANGE (label over 63,
 * name over 255).
 */
int name_from_text(const char *s, size_t len, const uint8_t *origin,
    uint8_t out[NAME_MAXLEN]);

/*
 * Presentation form of a wire name, absolute with a trailing dot, special
 * characters escaped with a backslash and non-printable octets as \DDD.
 * Writes a NUL-terminated string; returns its length or RD_ESPACE.
 */
int name_to_text(const uint8_t *name, char *out, size_t outmax);

/* Length of a well-formed wire name (uncompressed). */
size_t name_len(const uint8_t *name);

/*
 * Check that p[0..max) starts with a well-formed uncompressed name.
 * Returns its length or RD_EMALFORMED.
 */
int name_check(const uint8_t *p, size_t max);

/*
 * Read a possibly compressed name from a message at r's position into out,
 * following compression pointers (RFC 1035 §4.1.4) only backwards, with a
 * bound on their number. r advances past the name as it stands in the
 * message. Returns the wire length or RD_EMALFORMED (and sets r->err).
 */
int name_parse(struct wire_rd *r, uint8_t out[NAME_MAXLEN]);

/* Number of labels, not counting the root label. */
int name_labels(const uint8_t *name);

/* Case-insensitive equality (RFC 4343). */
int name_equal(const uint8_t *a, const uint8_t *b);

/* Canonical order of RFC 4034 §6.1: <0, 0, >0. */
int name_cmp(const uint8_t *a, const uint8_t *b);

/* 1 when name is parent or below it, else 0. */
int name_is_sub(const uint8_t *name, const uint8_t *parent);

/* Lower-case the ASCII letters of a name in place. */
void name_tolower(uint8_t *name);

/* The name with its first label removed; NULL for the root. Points into name. */
const uint8_t *name_parent(const uint8_t *name);

/* 1 when the first label is "*" (RFC 4592). */
int name_is_wildcard(const uint8_t *name);

/*
 * Hash of a name of len octets (name_len()) for exact-match tables, the
 * same for any letter case (RFC 4343); name_hash() finds len itself. Not
 * stable across builds or byte orders: for in-memory tables only.
 */
uint64_t name_hash_len(const uint8_t *name, size_t len);
uint64_t name_hash(const uint8_t *name);

/* ASCII lower case of eight octets at once (0x80 and up unchanged). */
static inline uint64_t
name_lc8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t low = w & (ones * 0x7f);
	/* Bit 7 of each octet: at least 'A', and above 'Z' (no carries). */
	uint64_t ge_a = low + ones * (0x80 - 'A');
	uint64_t gt_z = low + ones * (0x7f - 'Z');

	return w | (((ge_a & ~gt_z & ~w) & (ones * 0x80)) >> 2);
}

/* n octets at a and b equal, ASCII letter case aside, one at a time. */
static inline int
name_same_slow(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		/* Only a letter and the same letter in the other case. */
		if ((a[i] ^ b[i]) != 0x20 || (a[i] | 0x20) < 'a' ||
		    (a[i] | 0x20) > 'z')
			return 0;
	}
	return 1;
}

/* Eight octets at a and b equal, letter case aside. */
static inline int
name_same8(const uint8_t *a, const uint8_t *b)
{
	uint64_t wa, wb;

	memcpy(&wa, a, 8);
	memcpy(&wb, b, 8);
	/* Octets that differ in more than bit 5 differ in any case. */
	return wa == wb || (((wa ^ wb) & ~0x2020202020202020ULL) == 0 &&
	    name_lc8(wa) == name_lc8(wb));
}

/*
 * n octets at a and b equal, ASCII letter case aside (RFC 4343): eight at
 * a time, the last eight ending where the n end. For two names of the same
 * length n this is name_equal(): a wire name ends at its root label, so
 * the label structure agrees when the octets do.
 */
static inline int
name_same(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	if (n < 8)
		return name_same_slow(a, b, n);
	for (i = 0; i + 8 < n; i += 8)
		if (!name_same8(a + i, b + i))
			return 0;
	return name_same8(a + n - 8, b + n - 8);
}

/*
 * Write prefix (a relative or absolute name's labels up to, not including,
 * its root label) followed by suffix into out. Returns the length or
 * RD_ERANGE when longer than 255 octets.
 */
int name_concat(const uint8_t *prefix, size_t prefixlen,
    const uint8_t *suffix, uint8_t out[NAME_MAXLEN]);

#endif
