/*
 * rdata_int: what the text parsers of rdata share between rdata_text.c and
 * rdata_svcb.c. Private to those files; nothing else includes it.
 */
#ifndef RD_RDATA_INT_H
#define RD_RDATA_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dns/rdata.h"

/* The state of one rdata_from_text call. */
struct rdtx {
	const struct rd_tok *tok;
	size_t ntok;
	size_t i;		/* next token */
	const uint8_t *origin;
	uint8_t *out;
	size_t len;		/* octets written */
	size_t max;		/* at most outmax and RDATA_MAXLEN */
	uint16_t type;
	unsigned field;		/* index of the field being parsed */
	char *err;
	size_t errmax;
	size_t *errtok;
};

/*
 * Report an error at token ti (p->ntok: a token is missing) and return
 * code. what says what is wrong with the token ("is not a number"); expect
 * what was expected there (NULL: what the kind expects). The message ends
 * with the field's name, e.g. "for the MX preference".
 */
int rdtx_err(struct rdtx *p, size_t ti, int code, int kind, const char *what,
    const char *expect);

/* Report that the rdata outgrew the output at token ti; RD_ESPACE. */
int rdtx_espace(struct rdtx *p, size_t ti);

/*
 * Decimal s[0..len) into *v; 0, -1 when it is not a number, -2 when it is
 * above max.
 */
int rdtx_dec(const char *s, size_t len, uint64_t max, uint64_t *v);

/* Dotted quad or RFC 4291 text into octets; 0 or -1. */
int rdtx_ipv4(const char *s, size_t len, uint8_t out[4]);
int rdtx_ipv6(const char *s, size_t len, uint8_t out[16]);

/*
 * Decode \X and \DDD escapes (RFC 1035 §5.1) of s[0..len) into out, at
 * most max octets: the length, -1 for a bad escape, -2 when too long.
 */
int rdtx_str_decode(const char *s, size_t len, uint8_t *out, size_t max);

/* SvcParams of SVCB and HTTPS (RFC 9460) up to the last token. */
int rdtx_svcparams(struct rdtx *p, int kind);

/* Room for n more octets, or the space error. */
static inline int
rdtx_room(struct rdtx *p, size_t n)
{
	if (p->max - p->len < n)
		return rdtx_espace(p, p->i > 0 ? p->i - 1 : 0);
	return 0;
}

/* Base64 digit value, -1 for anything else. */
static inline int
rdtx_b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static inline int
rdtx_hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

#endif
