/*
 * radkey: a name's radix key. Labels from the root down, each lower-cased,
 * with octets 0x00-0x40 shifted up by one and each label ended by 0x00, so
 * that byte order of keys is the canonical order of RFC 4034 §6.1 and
 * the mapping is invertible (STYLE.md point 5). The root's key is empty.
 */
#ifndef RD_RADKEY_H
#define RD_RADKEY_H

#include <stddef.h>
#include <stdint.h>

#define RADKEY_MAX 256

/* Key of a well-formed wire name; returns its length (0 for the root). */
size_t radkey_from_name(const uint8_t *name, uint8_t key[RADKEY_MAX]);

/*
 * Name (lower case) of a key; returns the wire length or RD_EMALFORMED for a
 * byte string that is no key.
 */
int radkey_to_name(const uint8_t *key, size_t len, uint8_t name[255]);

#endif
