/*
 * rdata_int: what the text parsers of rdata share between rdata_text.c,
 * rdata_svcb.c and rdata_msg.c. Private to those files; nothing else
 * includes it.
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

/* Report the token at p->i as one too many; RD_ESYNTAX. */
int rdtx_trailing(struct rdtx *p);

/* Report that p->type is a meta type, with no rdata in text; RD_ESEMANTIC. */
int rdtx_meta(struct rdtx *p);

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

/* Hex digit values plus one; 0 for anything else. */
static const uint8_t rdtx_hextab[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16, ['a'] = 11,
	['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* Base64 digit values (RFC 4648 §4) plus one; 0 for anything else. */
static const uint8_t rdtx_b64tab[256] = {
	['+'] = 63, ['/'] = 64, ['0'] = 53, ['1'] = 54, ['2'] = 55,
	['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
	['8'] = 61, ['9'] = 62, ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4,
	['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10,
	['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20,
	['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25,
	['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
	['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
	['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
	['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45,
	['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52,
};

/* Base64 digit value, -1 for anything else. */
static inline int
rdtx_b64val(uint8_t c)
{
	return (int)rdtx_b64tab[c] - 1;
}

/* Hex digit value, -1 for anything else. */
static inline int
rdtx_hexval(uint8_t c)
{
	return (int)rdtx_hextab[c] - 1;
}

#endif
