/*
 * rrtext: wire to presentation text, in the form named-compilezone and
 * ldns-read-zone print: absolute names, decimal numbers, base64/hex without
 * spaces, character-strings quoted, unknown types as RFC 3597 \# text.
 */
#ifndef RD_RRTEXT_H
#define RD_RRTEXT_H

#include <stddef.h>
#include <stdint.h>

/* Rdata text (NUL-terminated) into out; returns its length or RD_ESPACE / RD_EMALFORMED. */
int rrtext_rdata(uint16_t type, const uint8_t *rd, size_t len, char *out,
    size_t outmax);

/*
 * A whole record "owner<TAB>ttl<TAB>class<TAB>type<TAB>rdata" (no newline).
 * Returns its length or RD_ESPACE / RD_EMALFORMED.
 */
int rrtext_rr(const uint8_t *owner, uint32_t ttl, uint16_t rclass,
    uint16_t type, const uint8_t *rd, size_t len, char *out, size_t outmax);

/* Longest text rrtext_rr can produce for any record. */
#define RRTEXT_MAX (65536 * 4 + 4096)

#endif
