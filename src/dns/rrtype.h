/*
 * rrtype: the RR type table (STYLE.md point 4). One row per type: mnemonic
 * and the kinds of its rdata fields. The table drives text to wire (rdata),
 * wire to text (rrtext), validation, canonical form and name compression.
 * Adding a type is adding a row.
 */
#ifndef RD_RRTYPE_H
#define RD_RRTYPE_H

#include <stddef.h>
#include <stdint.h>

enum {
	RRTYPE_A = 1, RRTYPE_NS = 2, RRTYPE_MD = 3, RRTYPE_MF = 4,
	RRTYPE_CNAME = 5, RRTYPE_SOA = 6, RRTYPE_MB = 7, RRTYPE_MG = 8,
	RRTYPE_MR = 9, RRTYPE_NULL = 10, RRTYPE_WKS = 11, RRTYPE_PTR = 12,
	RRTYPE_HINFO = 13, RRTYPE_MINFO = 14, RRTYPE_MX = 15, RRTYPE_TXT = 16,
	RRTYPE_RP = 17, RRTYPE_AFSDB = 18, RRTYPE_RT = 21, RRTYPE_SIG = 24,
	RRTYPE_KEY = 25, RRTYPE_PX = 26, RRTYPE_AAAA = 28, RRTYPE_LOC = 29,
	RRTYPE_SRV = 33, RRTYPE_NAPTR = 35, RRTYPE_KX = 36, RRTYPE_CERT = 37,
	RRTYPE_DNAME = 39, RRTYPE_OPT = 41, RRTYPE_APL = 42, RRTYPE_DS = 43,
	RRTYPE_SSHFP = 44, RRTYPE_IPSECKEY = 45, RRTYPE_RRSIG = 46,
	RRTYPE_NSEC = 47, RRTYPE_DNSKEY = 48, RRTYPE_DHCID = 49,
	RRTYPE_NSEC3 = 50, RRTYPE_NSEC3PARAM = 51, RRTYPE_TLSA = 52,
	RRTYPE_SMIMEA = 53, RRTYPE_CDS = 59, RRTYPE_CDNSKEY = 60,
	RRTYPE_OPENPGPKEY = 61, RRTYPE_CSYNC = 62, RRTYPE_ZONEMD = 63,
	RRTYPE_SVCB = 64, RRTYPE_HTTPS = 65, RRTYPE_SPF = 99,
	RRTYPE_NID = 104, RRTYPE_L32 = 105, RRTYPE_L64 = 106, RRTYPE_LP = 107,
	RRTYPE_EUI48 = 108, RRTYPE_EUI64 = 109, RRTYPE_TKEY = 249,
	RRTYPE_TSIG = 250, RRTYPE_IXFR = 251, RRTYPE_AXFR = 252,
	RRTYPE_ANY = 255, RRTYPE_URI = 256, RRTYPE_CAA = 257,
};

enum {
	RRCLASS_IN = 1, RRCLASS_CH = 3, RRCLASS_HS = 4, RRCLASS_NONE = 254,
	RRCLASS_ANY = 255,
};

/* Kinds of rdata fields. */
enum rdf_kind {
	RDF_END = 0,
	RDF_NAME_C,	/* name, compressible, lower-cased in canonical form (RFC 3597 §4, RFC 4034 §6.2) */
	RDF_NAME_L,	/* name, never compressed, lower-cased in canonical form */
	RDF_NAME,	/* name, never compressed, case kept (NSEC next: RFC 6840 §5.1; SVCB target) */
	RDF_U8,		/* decimal 0..255 */
	RDF_U16,	/* decimal 0..65535 */
	RDF_U32,	/* decimal 0..4294967295 */
	RDF_PERIOD,	/* u32, decimal or with units (1h30m): SOA timers */
	RDF_TIME,	/* u32 seconds since epoch, text YYYYMMDDHHMMSS or decimal (RRSIG, RFC 4034 §3.2) */
	RDF_TYPE,	/* u16 RR type as mnemonic or TYPEnn (RRSIG type covered) */
	RDF_ALG,	/* u8 DNSSEC algorithm, number or mnemonic (RFC 4034 App. A.1) */
	RDF_CERTTYPE,	/* u16 CERT type, number or mnemonic (RFC 4398 §2.1) */
	RDF_A,		/* 4 octets, dotted quad */
	RDF_AAAA,	/* 16 octets, RFC 4291 text */
	RDF_STR,	/* one <character-string> (length octet) */
	RDF_STRS,	/* one or more character-strings up to the end (TXT, SPF) */
	RDF_STR_REST,	/* octets up to the end, one quoted text without length octet (URI target, CAA value) */
	RDF_CAATAG,	/* length octet + tag of letters and digits (RFC 8659 §4.1) */
	RDF_B64,	/* base64 up to the end, may be split in tokens */
	RDF_B64_OPT,	/* base64 up to the end, may be empty */
	RDF_HEX,	/* hex up to the end, may be split in tokens */
	RDF_HEX_OPT,	/* hex up to the end, may be empty */
	RDF_SALT,	/* length octet + hex, "-" for empty (RFC 5155 §3.3) */
	RDF_B32HEX,	/* length octet + base32hex without padding (NSEC3 next hashed owner) */
	RDF_BITMAP,	/* type bitmap windows up to the end (RFC 4034 §4.1.2) */
	RDF_LOC,	/* the whole LOC rdata (RFC 1876) */
	RDF_APL,	/* APL items up to the end (RFC 3123) */
	RDF_IPSECKEY,	/* gateway type, algorithm, gateway and key (RFC 4025 §2) */
	RDF_SVCPARAMS,	/* SvcParams up to the end (RFC 9460 §2.1) */
	RDF_L64,	/* 8 octets as four 16-bit hex groups (RFC 6742) */
	RDF_EUI48,	/* 6 octets xx-xx-xx-xx-xx-xx (RFC 7043) */
	RDF_EUI64,	/* 8 octets xx-xx-xx-xx-xx-xx-xx-xx */
	RDF_WKS,	/* protocol and service bitmap (RFC 1035 §3.4.2) */
	RDF_UNKNOWN,	/* opaque: only the RFC 3597 \# form */
};

/* Row flags. */
#define RRT_META	0x01	/* never in a zone (OPT, TSIG, TKEY, IXFR, AXFR, ANY) */
#define RRT_SINGLE	0x02	/* at most one RR per RRset (CNAME, DNAME, SOA) */
#define RRT_DNSSEC	0x04	/* RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, DS, CDS, CDNSKEY */
#define RRT_HASNAME	0x08	/* rdata holds a domain name */
#define RRT_CNAMEOK	0x10	/* may sit beside a CNAME (RRSIG, NSEC: RFC 2181 §10.1, RFC 4035 §2.5) */

#define RRTYPE_MAXFIELDS 10

struct rrtype_desc {
	uint16_t type;
	uint8_t flags;
	const char *name;			/* mnemonic */
	uint8_t fields[RRTYPE_MAXFIELDS];	/* enum rdf_kind, RDF_END terminated */
};

/*
 * Row for type; never NULL: a type without a row gets a generic row whose
 * only field is RDF_UNKNOWN and whose name is NULL.
 */
const struct rrtype_desc *rrtype_get(uint16_t type);

/* 1 when the type has a row of its own. */
int rrtype_known(uint16_t type);

/* Type from a mnemonic (case-insensitive) or TYPEnn; 0 or RD_ESYNTAX. */
int rrtype_from_text(const char *s, size_t len, uint16_t *type);

/* Mnemonic or TYPEnn (RFC 3597 §5) into buf; returns length or RD_ESPACE. */
int rrtype_to_text(uint16_t type, char *buf, size_t bufmax);

/* Class from IN, CH, HS, NONE, ANY or CLASSnn; 0 or RD_ESYNTAX. */
int rrclass_from_text(const char *s, size_t len, uint16_t *rclass);

/* Class mnemonic or CLASSnn into buf; returns length or RD_ESPACE. */
int rrclass_to_text(uint16_t rclass, char *buf, size_t bufmax);

/*
 * DNSSEC algorithm (RFC 4034 App. A.1, RFC 8624) from a number or mnemonic
 * such as RSASHA256 or ECDSAP256SHA256, case-insensitive; 0 or RD_ESYNTAX.
 */
int rrtype_alg_from_text(const char *s, size_t len, uint8_t *alg);

/* Mnemonic of a DNSSEC algorithm, or NULL when it has none. */
const char *rrtype_alg_name(uint8_t alg);

/* CERT type (RFC 4398 §2.1) from a number or mnemonic; 0 or RD_ESYNTAX. */
int rrtype_cert_from_text(const char *s, size_t len, uint16_t *ctype);

/* Mnemonic of a CERT type, or NULL when it has none. */
const char *rrtype_cert_name(uint16_t ctype);

/* SvcParamKey (RFC 9460 §14.3.2) from its name or keyNNNNN; 0 or RD_ESYNTAX. */
int rrtype_svckey_from_text(const char *s, size_t len, uint16_t *key);

/* SvcParamKey name or keyNNNNN into buf (NUL-terminated); length or RD_ESPACE. */
int rrtype_svckey_to_text(uint16_t key, char *buf, size_t bufmax);

#endif
