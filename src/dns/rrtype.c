/*
 * rrtype: the RR type table. The table is indexed by type number so that
 * rrtype_get() is one bounds check and one load; mnemonics are found by
 * their first letter and then compared against the few rows that share it,
 * so no lookup walks the whole table or hashes a string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns/err.h"
#include "dns/rrtype.h"

#define F(...)	{ __VA_ARGS__, RDF_END }
#define ROW(t, fl, ...)	[RRTYPE_##t] = { RRTYPE_##t, fl, #t, F(__VA_ARGS__) }

#define N	RRT_HASNAME
#define DSEC	RRT_DNSSEC

/*
 * Field kinds per type. RDF_NAME_C marks the names of the RFC 1035 types,
 * the only ones that may be compressed (RFC 3597 §4). RDF_NAME_L marks the
 * names RFC 4034 §6.2 lower-cases in canonical form; RFC 6840 §5.1 took the
 * NSEC next name off that list, so it is RDF_NAME, as are the names of types
 * the list never held (IPSECKEY gateway, LP, SVCB target).
 */
static const struct rrtype_desc rrtypes[RRTYPE_CAA + 1] = {
	ROW(A, 0, RDF_A),
	ROW(NS, N, RDF_NAME_C),
	ROW(MD, N, RDF_NAME_C),
	ROW(MF, N, RDF_NAME_C),
	ROW(CNAME, N | RRT_SINGLE, RDF_NAME_C),
	ROW(SOA, N | RRT_SINGLE, RDF_NAME_C, RDF_NAME_C, RDF_U32, RDF_PERIOD,
	    RDF_PERIOD, RDF_PERIOD, RDF_PERIOD),
	ROW(MB, N, RDF_NAME_C),
	ROW(MG, N, RDF_NAME_C),
	ROW(MR, N, RDF_NAME_C),
	ROW(NULL, 0, RDF_UNKNOWN),
	ROW(WKS, 0, RDF_A, RDF_WKS),
	ROW(PTR, N, RDF_NAME_C),
	ROW(HINFO, 0, RDF_STR, RDF_STR),
	ROW(MINFO, N, RDF_NAME_C, RDF_NAME_C),
	ROW(MX, N, RDF_U16, RDF_NAME_C),
	ROW(TXT, 0, RDF_STRS),
	ROW(RP, N, RDF_NAME_L, RDF_NAME_L),
	ROW(AFSDB, N, RDF_U16, RDF_NAME_L),
	ROW(RT, N, RDF_U16, RDF_NAME_L),
	ROW(SIG, N, RDF_TYPE, RDF_ALG, RDF_U8, RDF_U32, RDF_TIME, RDF_TIME,
	    RDF_U16, RDF_NAME_L, RDF_B64),
	ROW(KEY, 0, RDF_U16, RDF_U8, RDF_ALG, RDF_B64_OPT),
	ROW(PX, N, RDF_U16, RDF_NAME_L, RDF_NAME_L),
	ROW(AAAA, 0, RDF_AAAA),
	ROW(LOC, 0, RDF_LOC),
	ROW(SRV, N, RDF_U16, RDF_U16, RDF_U16, RDF_NAME_L),
	ROW(NAPTR, N, RDF_U16, RDF_U16, RDF_STR, RDF_STR, RDF_STR,
	    RDF_NAME_L),
	ROW(KX, N, RDF_U16, RDF_NAME_L),
	ROW(CERT, 0, RDF_CERTTYPE, RDF_U16, RDF_ALG, RDF_B64),
	ROW(DNAME, N | RRT_SINGLE, RDF_NAME_L),
	ROW(OPT, RRT_META, RDF_UNKNOWN),
	ROW(APL, 0, RDF_APL),
	ROW(DS, DSEC, RDF_U16, RDF_ALG, RDF_U8, RDF_HEX),
	ROW(SSHFP, 0, RDF_U8, RDF_U8, RDF_HEX),
	ROW(IPSECKEY, N, RDF_U8, RDF_IPSECKEY),
	ROW(RRSIG, N | DSEC | RRT_CNAMEOK, RDF_TYPE, RDF_ALG, RDF_U8, RDF_U32,
	    RDF_TIME, RDF_TIME, RDF_U16, RDF_NAME_L, RDF_B64),
	ROW(NSEC, N | DSEC | RRT_CNAMEOK, RDF_NAME, RDF_BITMAP),
	ROW(DNSKEY, DSEC, RDF_U16, RDF_U8, RDF_ALG, RDF_B64),
	ROW(DHCID, 0, RDF_B64),
	ROW(NSEC3, DSEC, RDF_U8, RDF_U8, RDF_U16, RDF_SALT, RDF_B32HEX,
	    RDF_BITMAP),
	ROW(NSEC3PARAM, DSEC, RDF_U8, RDF_U8, RDF_U16, RDF_SALT),
	ROW(TLSA, 0, RDF_U8, RDF_U8, RDF_U8, RDF_HEX),
	ROW(SMIMEA, 0, RDF_U8, RDF_U8, RDF_U8, RDF_HEX),
	ROW(CDS, DSEC, RDF_U16, RDF_ALG, RDF_U8, RDF_HEX),
	ROW(CDNSKEY, DSEC, RDF_U16, RDF_U8, RDF_ALG, RDF_B64),
	ROW(OPENPGPKEY, 0, RDF_B64),
	ROW(CSYNC, 0, RDF_U32, RDF_U16, RDF_BITMAP),
	ROW(ZONEMD, 0, RDF_U32, RDF_U8, RDF_U8, RDF_HEX),
	ROW(SVCB, N, RDF_U16, RDF_NAME, RDF_SVCPARAMS),
	ROW(HTTPS, N, RDF_U16, RDF_NAME, RDF_SVCPARAMS),
	ROW(SPF, 0, RDF_STRS),
	ROW(NID, 0, RDF_U16, RDF_L64),
	ROW(L32, 0, RDF_U16, RDF_A),
	ROW(L64, 0, RDF_U16, RDF_L64),
	ROW(LP, N, RDF_U16, RDF_NAME),
	ROW(EUI48, 0, RDF_EUI48),
	ROW(EUI64, 0, RDF_EUI64),
	ROW(TKEY, RRT_META, RDF_UNKNOWN),
	ROW(TSIG, RRT_META, RDF_UNKNOWN),
	ROW(IXFR, RRT_META, RDF_UNKNOWN),
	ROW(AXFR, RRT_META, RDF_UNKNOWN),
	ROW(ANY, RRT_META, RDF_UNKNOWN),
	ROW(URI, 0, RDF_U16, RDF_U16, RDF_STR_REST),
	ROW(CAA, 0, RDF_U8, RDF_CAATAG, RDF_STR_REST),
};

/* RFC 3597: a type without a row of its own is opaque rdata. */
static const struct rrtype_desc rrtype_generic = {
	0, 0, NULL, { RDF_UNKNOWN, RDF_END }
};

/* Rows by the first letter of their mnemonic, each list ended by 0. */
static const uint16_t by_a[] = { RRTYPE_A, RRTYPE_AAAA, RRTYPE_AFSDB,
	RRTYPE_ANY, RRTYPE_APL, RRTYPE_AXFR, 0 };
static const uint16_t by_c[] = { RRTYPE_CNAME, RRTYPE_CAA, RRTYPE_CDNSKEY,
	RRTYPE_CDS, RRTYPE_CERT, RRTYPE_CSYNC, 0 };
static const uint16_t by_d[] = { RRTYPE_DS, RRTYPE_DNSKEY, RRTYPE_DHCID,
	RRTYPE_DNAME, 0 };
static const uint16_t by_e[] = { RRTYPE_EUI48, RRTYPE_EUI64, 0 };
static const uint16_t by_h[] = { RRTYPE_HINFO, RRTYPE_HTTPS, 0 };
static const uint16_t by_i[] = { RRTYPE_IPSECKEY, RRTYPE_IXFR, 0 };
static const uint16_t by_k[] = { RRTYPE_KEY, RRTYPE_KX, 0 };
static const uint16_t by_l[] = { RRTYPE_LOC, RRTYPE_L32, RRTYPE_L64,
	RRTYPE_LP, 0 };
static const uint16_t by_m[] = { RRTYPE_MX, RRTYPE_MB, RRTYPE_MD, RRTYPE_MF,
	RRTYPE_MG, RRTYPE_MINFO, RRTYPE_MR, 0 };
static const uint16_t by_n[] = { RRTYPE_NS, RRTYPE_NSEC, RRTYPE_NSEC3,
	RRTYPE_NSEC3PARAM, RRTYPE_NAPTR, RRTYPE_NID, RRTYPE_NULL, 0 };
static const uint16_t by_o[] = { RRTYPE_OPENPGPKEY, RRTYPE_OPT, 0 };
static const uint16_t by_p[] = { RRTYPE_PTR, RRTYPE_PX, 0 };
static const uint16_t by_r[] = { RRTYPE_RRSIG, RRTYPE_RP, RRTYPE_RT, 0 };
static const uint16_t by_s[] = { RRTYPE_SOA, RRTYPE_SRV, RRTYPE_SSHFP,
	RRTYPE_SPF, RRTYPE_SVCB, RRTYPE_SIG, RRTYPE_SMIMEA, 0 };
static const uint16_t by_t[] = { RRTYPE_TXT, RRTYPE_TLSA, RRTYPE_TKEY,
	RRTYPE_TSIG, 0 };
static const uint16_t by_u[] = { RRTYPE_URI, 0 };
static const uint16_t by_w[] = { RRTYPE_WKS, 0 };
static const uint16_t by_z[] = { RRTYPE_ZONEMD, 0 };

static const uint16_t *const by_letter[26] = {
	by_a, NULL, by_c, by_d, by_e, NULL, NULL, by_h, by_i, NULL, by_k,
	by_l, by_m, by_n, by_o, by_p, NULL, by_r, by_s, by_t, by_u, NULL,
	by_w, NULL, NULL, by_z,
};

static inline int
up(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* 1 when s[0..len) equals the upper-case word w, ignoring the case of s. */
static int
word_eq(const char *s, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] == '\0' || up((unsigned char)s[i]) != w[i])
			return 0;
	return w[len] == '\0';
}

/*
 * Decimal digits s[0..len) as a number no larger than max; 0 or RD_ESYNTAX.
 * At most 10 digits are read so that the sum cannot overflow.
 */
static int
dec_parse(const char *s, size_t len, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;
	size_t i;

	if (len == 0 || len > 10)
		return RD_ESYNTAX;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return RD_ESYNTAX;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (n > max)
		return RD_ESYNTAX;
	*v = (uint32_t)n;
	return 0;
}

/* Number after a prefix such as TYPE or CLASS (RFC 3597 §5). */
static int
prefixed_num(const char *s, size_t len, const char *prefix, uint32_t max,
    uint32_t *v)
{
	size_t plen = strlen(prefix), i;

	if (len <= plen)
		return RD_ESYNTAX;
	for (i = 0; i < plen; i++)
		if (up((unsigned char)s[i]) != prefix[i])
			return RD_ESYNTAX;
	return dec_parse(s + plen, len - plen, max, v);
}

/* Copy a word into buf with its NUL; its length or RD_ESPACE. */
static int
put_word(const char *w, char *buf, size_t bufmax)
{
	size_t n = strlen(w);

	if (n + 1 > bufmax)
		return RD_ESPACE;
	memcpy(buf, w, n + 1);
	return (int)n;
}

/* Prefix and decimal number into buf; its length or RD_ESPACE. */
static int
put_num(const char *prefix, unsigned v, char *buf, size_t bufmax)
{
	int n;

	n = snprintf(buf, bufmax, "%s%u", prefix, v);
	if (n < 0 || (size_t)n >= bufmax)
		return RD_ESPACE;
	return n;
}

const struct rrtype_desc *
rrtype_get(uint16_t type)
{
	if (type < sizeof(rrtypes) / sizeof(rrtypes[0]) &&
	    rrtypes[type].name != NULL)
		return &rrtypes[type];
	return &rrtype_generic;
}

int
rrtype_known(uint16_t type)
{
	return rrtype_get(type)->name != NULL;
}

int
rrtype_from_text(const char *s, size_t len, uint16_t *type)
{
	const uint16_t *list;
	uint32_t v;
	int c;

	if (len == 0)
		return RD_ESYNTAX;
	c = up((unsigned char)s[0]);
	if (c >= 'A' && c <= 'Z' && (list = by_letter[c - 'A']) != NULL) {
		for (; *list != 0; list++) {
			if (word_eq(s, len, rrtypes[*list].name)) {
				*type = *list;
				return 0;
			}
		}
	}
	/* RFC 3597 §5: TYPEnn names any type by its number. */
	if (c == 'T' && prefixed_num(s, len, "TYPE", 65535, &v) == 0) {
		*type = (uint16_t)v;
		return 0;
	}
	return RD_ESYNTAX;
}

int
rrtype_to_text(uint16_t type, char *buf, size_t bufmax)
{
	const struct rrtype_desc *d = rrtype_get(type);

	if (d->name != NULL)
		return put_word(d->name, buf, bufmax);
	return put_num("TYPE", type, buf, bufmax);
}

static const struct {
	uint16_t rclass;
	const char *name;
} rrclasses[] = {
	{ RRCLASS_IN, "IN" },
	{ RRCLASS_CH, "CH" },
	{ RRCLASS_HS, "HS" },
	{ RRCLASS_NONE, "NONE" },
	{ RRCLASS_ANY, "ANY" },
};

#define NCLASSES (sizeof(rrclasses) / sizeof(rrclasses[0]))

int
rrclass_from_text(const char *s, size_t len, uint16_t *rclass)
{
	uint32_t v;
	size_t i;

	for (i = 0; i < NCLASSES; i++) {
		if (word_eq(s, len, rrclasses[i].name)) {
			*rclass = rrclasses[i].rclass;
			return 0;
		}
	}
	/* RFC 3597 §5: CLASSnn names any class by its number. */
	if (prefixed_num(s, len, "CLASS", 65535, &v) == 0) {
		*rclass = (uint16_t)v;
		return 0;
	}
	return RD_ESYNTAX;
}

int
rrclass_to_text(uint16_t rclass, char *buf, size_t bufmax)
{
	size_t i;

	for (i = 0; i < NCLASSES; i++)
		if (rrclasses[i].rclass == rclass)
			return put_word(rrclasses[i].name, buf, bufmax);
	return put_num("CLASS", rclass, buf, bufmax);
}

/* DNSSEC algorithm numbers (RFC 4034 App. A.1, RFC 8624 §3.1). */
static const struct {
	uint8_t alg;
	const char *name;
} algs[] = {
	{ 1, "RSAMD5" },
	{ 2, "DH" },
	{ 3, "DSA" },
	{ 5, "RSASHA1" },
	{ 6, "DSA-NSEC3-SHA1" },
	{ 7, "RSASHA1-NSEC3-SHA1" },
	{ 8, "RSASHA256" },
	{ 10, "RSASHA512" },
	{ 12, "ECC-GOST" },
	{ 13, "ECDSAP256SHA256" },
	{ 14, "ECDSAP384SHA384" },
	{ 15, "ED25519" },
	{ 16, "ED448" },
	{ 252, "INDIRECT" },
	{ 253, "PRIVATEDNS" },
	{ 254, "PRIVATEOID" },
};

int
rrtype_alg_from_text(const char *s, size_t len, uint8_t *alg)
{
	uint32_t v;
	size_t i;

	if (dec_parse(s, len, 255, &v) == 0) {
		*alg = (uint8_t)v;
		return 0;
	}
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (word_eq(s, len, algs[i].name)) {
			*alg = algs[i].alg;
			return 0;
		}
	}
	return RD_ESYNTAX;
}

const char *
rrtype_alg_name(uint8_t alg)
{
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return algs[i].name;
	return NULL;
}

/* CERT types (RFC 4398 §2.1). */
static const struct {
	uint16_t ctype;
	const char *name;
} certs[] = {
	{ 1, "PKIX" },
	{ 2, "SPKI" },
	{ 3, "PGP" },
	{ 4, "IPKIX" },
	{ 5, "ISPKI" },
	{ 6, "IPGP" },
	{ 7, "ACPKIX" },
	{ 8, "IACPKIX" },
	{ 253, "URI" },
	{ 254, "OID" },
};

int
rrtype_cert_from_text(const char *s, size_t len, uint16_t *ctype)
{
	uint32_t v;
	size_t i;

	if (dec_parse(s, len, 65535, &v) == 0) {
		*ctype = (uint16_t)v;
		return 0;
	}
	for (i = 0; i < sizeof(certs) / sizeof(certs[0]); i++) {
		if (word_eq(s, len, certs[i].name)) {
			*ctype = certs[i].ctype;
			return 0;
		}
	}
	return RD_ESYNTAX;
}

const char *
rrtype_cert_name(uint16_t ctype)
{
	size_t i;

	for (i = 0; i < sizeof(certs) / sizeof(certs[0]); i++)
		if (certs[i].ctype == ctype)
			return certs[i].name;
	return NULL;
}

/* SvcParamKeys (RFC 9460 §14.3.2, RFC 9461, RFC 9540). */
static const char *const svckeys[] = {
	"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech",
	"ipv6hint", "dohpath", "ohttp",
};

#define NSVCKEYS (sizeof(svckeys) / sizeof(svckeys[0]))

int
rrtype_svckey_from_text(const char *s, size_t len, uint16_t *key)
{
	uint32_t v;
	size_t i;

	for (i = 0; i < NSVCKEYS; i++) {
		if (strlen(svckeys[i]) == len &&
		    memcmp(s, svckeys[i], len) == 0) {
			*key = (uint16_t)i;
			return 0;
		}
	}
	/*
	 * RFC 9460 §2.1: keyNNNNN in lower case; key65535 is the reserved
	 * "Invalid key" and is refused.
	 */
	if (len > 3 && memcmp(s, "key", 3) == 0 &&
	    dec_parse(s + 3, len - 3, 65534, &v) == 0) {
		*key = (uint16_t)v;
		return 0;
	}
	return RD_ESYNTAX;
}

int
rrtype_svckey_to_text(uint16_t key, char *buf, size_t bufmax)
{
	if (key < NSVCKEYS)
		return put_word(svckeys[key], buf, bufmax);
	return put_num("key", key, buf, bufmax);
}
