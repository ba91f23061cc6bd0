/*
 * rrtext: wire to presentation text, in the form named-compilezone and
 * ldns-read-zone print: absolute names, decimal numbers, base64/hex without
 * spaces, character-strings quoted, unknown types as RFC 3597 \# text.
 */
#ifndef RD_RRTEXT_H
#define RD_RRTEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Rdata text (NUL-terminated) into out; returns its length or RD_ESPACE /
 * RD_EMALFORMED. rd may be untrusted: rdata that does not parse for its
 * type (or that has no type row) prints in the RFC 3597 form "\# len hex",
 * an empty rdata as "\# 0". RD_EMALFORMED only for len over 65535. On
 * error out holds an empty string (when outmax > 0). Nothing is allocated.
 */
int rrtext_rdata(uint16_t type, const uint8_t *rd, size_t len, char *out,
    size_t outmax);

/*
 * A whole record "owner<TAB>ttl<TAB>class<TAB>type<TAB>rdata" (no newline).
 * owner is a well-formed wire name (trusted); the rdata is printed as by
 * rrtext_rdata(). Returns its length or RD_ESPACE / RD_EMALFORMED.
 */
int rrtext_rr(const uint8_t *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type, const uint8_t *rd, size_t len, char *out, size_t outmax);

/*
 * Longest text rrtext_rr can produce for any record, NUL included. The
 * worst rdata is a type bitmap with all 65536 bits set: up to 11
 * characters per type ("NSEC3PARAM "); owner, TTL, class and type take less
 * than 4096. Allocate it, it is too large for a stack.
 */
#define RRTEXT_MAX (65536 * 11 + 4096)

#endif
