/*
 * radkey: the radix key of a name (STYLE.md point 5).
 *
 * Rationale, with a worked example. RFC 4034 §6.1 orders names by their
 * labels from the root down, each compared as a lower-case octet string, a
 * label before its extensions and an absent label first. A key that lists
 * the labels from the root down gives the first rule; lower-casing gives the
 * second. For the third, each label is ended by 0x00, which must then sort
 * below every octet inside a label, so octets 0x00-0x40 are shifted up by
 * one: the shift keeps their order, 0x41 ('A') can no longer occur since
 * upper case became lower case, and so the map is invertible and keeps
 * order. The name "Z.a.example" (wire \001Z\001a\007example\000) becomes
 * "example" 00 "a" 00 "z" 00, and "\001.a.example" becomes
 * "example" 00 "a" 00 02 00, which sorts first because 02 < 'z'.
 */
#include <stddef.h>
#include <stdint.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radkey.h"

/*
 * Octet inside a label to key octet: lower case, 0x00-0x40 shifted up. The
 * table is built from this rule by the preprocessor; a lookup per octet is
 * the whole cost of a key (radixd computes one or more keys per query).
 */
#define RK_ENC(c) \
	((uint8_t)((c) <= 0x40 ? (c) + 1 : (c) <= 'Z' ? (c) + 0x20 : (c)))
#define RK_E4(c) RK_ENC(c), RK_ENC((c) + 1), RK_ENC((c) + 2), RK_ENC((c) + 3)
#define RK_E16(c) RK_E4(c), RK_E4((c) + 4), RK_E4((c) + 8), RK_E4((c) + 12)
#define RK_E64(c) RK_E16(c), RK_E16((c) + 16), RK_E16((c) + 32), \
	RK_E16((c) + 48)

static const uint8_t radkey_enc[256] = {
	RK_E64(0x00), RK_E64(0x40), RK_E64(0x80), RK_E64(0xc0),
};

/*
 * One pass over the labels, each written straight to its place: a label
 * of n octets at offset o of the name ends o octets before the key's end
 * (the key is one octet shorter than the name, the root label having no
 * key octets).
 */
size_t
radkey_from_name(const uint8_t *name, uint8_t key[RADKEY_MAX])
{
	const uint8_t *p = name, *l;
	uint8_t *out;
	size_t klen, o;
	unsigned i, n;

	while (*p != 0)
		p += *p + 1;
	klen = (size_t)(p - name);
	for (o = 0; (n = name[o]) != 0; o += n + 1) {
		l = name + o + 1;
		out = key + klen - o - n - 1;
		for (i = 0; i < n; i++)
			out[i] = radkey_enc[l[i]];
		out[n] = 0;
	}
	return klen;
}

int
radkey_to_name(const uint8_t *key, size_t len, uint8_t name[255])
{
	size_t i, start = 0, pos = len;
	uint8_t c, *out;

	/* A key of len octets is a name of len + 1 octets. */
	if (len > NAME_MAXLEN - 1 || (len > 0 && key[len - 1] != 0))
		return RD_EMALFORMED;
	/* The first key label is the last name label: fill from the end. */
	name[len] = 0;
	for (i = 0; i < len; i++) {
		if (key[i] != 0)
			continue;
		if (i == start || i - start > NAME_MAXLABEL)
			return RD_EMALFORMED;
		pos -= i - start + 1;
		name[pos] = (uint8_t)(i - start);
		out = name + pos + 1;
		for (; start < i; start++) {
			c = key[start];
			/* Upper case never occurs in a key; 0x41 is '@'. */
			if (c <= 0x41)
				c--;
			else if (c <= 'Z')
				return RD_EMALFORMED;
			*out++ = c;
		}
		start = i + 1;
	}
	return (int)len + 1;
}
