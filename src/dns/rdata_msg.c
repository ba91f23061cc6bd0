/*
 * rdata_msg: the error text of rdata_from_text, "what is wrong; what was
 * expected", naming the token and the field it was read for ("for the MX
 * preference"). Only error paths come here.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dns/err.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/rdata_int.h"

/* What a field kind expects, for the second half of error messages. */
static const char *
kind_expect(int kind)
{
	switch (kind) {
	case RDF_NAME_C:
	case RDF_NAME_L:
	case RDF_NAME:
		return "a domain name";
	case RDF_U8:
		return "an 8-bit unsigned integer (0-255)";
	case RDF_U16:
		return "a 16-bit unsigned integer (0-65535)";
	case RDF_U32:
		return "a 32-bit unsigned integer (0-4294967295)";
	case RDF_PERIOD:
		return "a period in seconds (0-4294967295) or with units "
		    "(1w2d3h4m5s)";
	case RDF_TIME:
		return "a time as YYYYMMDDHHMMSS or seconds since 1970";
	case RDF_TYPE:
		return "an RR type mnemonic or TYPEnn";
	case RDF_ALG:
		return "a DNSSEC algorithm number (0-255) or mnemonic";
	case RDF_CERTTYPE:
		return "a certificate type number (0-65535) or mnemonic";
	case RDF_A:
		return "an IPv4 address";
	case RDF_AAAA:
		return "an IPv6 address";
	case RDF_STR:
	case RDF_STRS:
		return "a character-string of at most 255 octets";
	case RDF_STR_REST:
		return "one string";
	case RDF_CAATAG:
		return "a tag of 1-255 letters and digits";
	case RDF_B64:
	case RDF_B64_OPT:
		return "base64 data";
	case RDF_HEX:
	case RDF_HEX_OPT:
		return "hexadecimal data with an even number of digits";
	case RDF_SALT:
		return "a salt of 0-255 octets in hex, or '-'";
	case RDF_B32HEX:
		return "a base32hex hash of 1-255 octets";
	case RDF_BITMAP:
		return "RR type mnemonics or TYPEnn";
	case RDF_LOC:
		return "d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] "
		    "[vp[m]]]] (RFC 1876)";
	case RDF_APL:
		return "[!]afi:address/prefix items (RFC 3123)";
	case RDF_IPSECKEY:
		return "gateway type (0-3), algorithm, gateway and public key "
		    "(RFC 4025)";
	case RDF_SVCPARAMS:
		return "SvcParams as key=value (RFC 9460)";
	case RDF_L64:
		return "four 16-bit hex groups separated by ':'";
	case RDF_EUI48:
		return "six hex octets separated by '-'";
	case RDF_EUI64:
		return "eight hex octets separated by '-'";
	case RDF_WKS:
		return "a protocol and service port numbers";
	default:
		return "the RFC 3597 form \\# length hex";
	}
}

/* Names of each type's fields, in table order, separated by commas. */
static const char *
type_fields(uint16_t type)
{
	switch (type) {
	case RRTYPE_A: case RRTYPE_AAAA: case RRTYPE_EUI48: case RRTYPE_EUI64:
		return "address";
	case RRTYPE_NS:
		return "name server";
	case RRTYPE_MD: case RRTYPE_MF: case RRTYPE_MB: case RRTYPE_MG:
	case RRTYPE_MR:
		return "mailbox";
	case RRTYPE_CNAME: case RRTYPE_PTR: case RRTYPE_DNAME:
		return "target";
	case RRTYPE_SOA:
		return "primary server,mailbox,serial,refresh,retry,expire,"
		    "minimum";
	case RRTYPE_WKS:
		return "address,services";
	case RRTYPE_HINFO:
		return "CPU,OS";
	case RRTYPE_MINFO:
		return "responsible mailbox,error mailbox";
	case RRTYPE_MX:
		return "preference,exchange";
	case RRTYPE_TXT: case RRTYPE_SPF:
		return "text";
	case RRTYPE_RP:
		return "mailbox,TXT name";
	case RRTYPE_AFSDB:
		return "subtype,hostname";
	case RRTYPE_RT: case RRTYPE_KX:
		return "preference,host";
	case RRTYPE_SIG: case RRTYPE_RRSIG:
		return "type covered,algorithm,labels,original TTL,expiration,"
		    "inception,key tag,signer,signature";
	case RRTYPE_KEY: case RRTYPE_DNSKEY: case RRTYPE_CDNSKEY:
		return "flags,protocol,algorithm,public key";
	case RRTYPE_PX:
		return "preference,MAP822,MAPX400";
	case RRTYPE_LOC:
		return "location";
	case RRTYPE_SRV:
		return "priority,weight,port,target";
	case RRTYPE_NAPTR:
		return "order,preference,flags,services,regexp,replacement";
	case RRTYPE_CERT:
		return "certificate type,key tag,algorithm,certificate";
	case RRTYPE_APL:
		return "prefix list";
	case RRTYPE_DS: case RRTYPE_CDS:
		return "key tag,algorithm,digest type,digest";
	case RRTYPE_SSHFP:
		return "algorithm,fingerprint type,fingerprint";
	case RRTYPE_IPSECKEY:
		return "precedence,gateway and key";
	case RRTYPE_NSEC:
		return "next name,type bitmap";
	case RRTYPE_DHCID:
		return "identifier";
	case RRTYPE_NSEC3:
		return "hash algorithm,flags,iterations,salt,next hashed owner,"
		    "type bitmap";
	case RRTYPE_NSEC3PARAM:
		return "hash algorithm,flags,iterations,salt";
	case RRTYPE_TLSA: case RRTYPE_SMIMEA:
		return "certificate usage,selector,matching type,"
		    "association data";
	case RRTYPE_OPENPGPKEY:
		return "public key";
	case RRTYPE_CSYNC:
		return "SOA serial,flags,type bitmap";
	case RRTYPE_ZONEMD:
		return "serial,scheme,hash algorithm,digest";
	case RRTYPE_SVCB: case RRTYPE_HTTPS:
		return "priority,target,parameters";
	case RRTYPE_NID: case RRTYPE_L64:
		return "preference,node ID";
	case RRTYPE_L32:
		return "preference,locator";
	case RRTYPE_LP:
		return "preference,FQDN";
	case RRTYPE_URI:
		return "priority,weight,target";
	case RRTYPE_CAA:
		return "flags,tag,value";
	default:
		return "rdata";
	}
}

/* "the MX preference" for the field being parsed, into buf. */
static void
field_label(const struct rdtx *p, char *buf, size_t max)
{
	const char *s = type_fields(p->type), *e;
	char tname[16];
	unsigned i;

	for (i = 0; i < p->field && (e = strchr(s, ',')) != NULL; i++)
		s = e + 1;
	e = strchr(s, ',');
	if (e == NULL)
		e = s + strlen(s);
	if (rrtype_to_text(p->type, tname, sizeof(tname)) < 0)
		tname[0] = '\0';
	snprintf(buf, max, "the %s %.*s", tname, (int)(e - s), s);
}

/*
 * Report an error at token ti (p->ntok: a token is missing) and return
 * code. what says what is wrong with the token ("is not a number"); expect
 * what was expected there (NULL: what the current kind expects).
 */
int
rdtx_err(struct rdtx *p, size_t ti, int code, int kind, const char *what,
    const char *expect)
{
	char label[96];

	field_label(p, label, sizeof(label));
	if (expect == NULL)
		expect = kind_expect(kind);
	if (p->errtok != NULL)
		*p->errtok = ti;
	if (p->err == NULL || p->errmax == 0)
		return code;
	if (ti >= p->ntok)
		snprintf(p->err, p->errmax, "missing %s; expected %s", label,
		    expect);
	else
		snprintf(p->err, p->errmax, "'%.*s' %s; expected %s for %s",
		    p->tok[ti].len > 48 ? 48 : (int)p->tok[ti].len,
		    p->tok[ti].s, what, expect, label);
	return code;
}

/* Report that the rdata outgrew the output. */
int
rdtx_espace(struct rdtx *p, size_t ti)
{
	if (p->errtok != NULL)
		*p->errtok = ti < p->ntok ? ti : p->ntok;
	if (p->err != NULL && p->errmax > 0)
		snprintf(p->err, p->errmax, "the rdata is longer than %zu "
		    "octets; expected at most %zu octets of rdata", p->max,
		    p->max);
	return RD_ESPACE;
}

/* Tokens left after the last field. */
int
rdtx_trailing(struct rdtx *p)
{
	char tname[16];

	rrtype_to_text(p->type, tname, sizeof(tname));
	if (p->errtok != NULL)
		*p->errtok = p->i;
	if (p->err != NULL && p->errmax > 0)
		snprintf(p->err, p->errmax, "'%.*s' is unexpected; expected "
		    "the end of the %s rdata",
		    p->tok[p->i].len > 48 ? 48 : (int)p->tok[p->i].len,
		    p->tok[p->i].s, tname);
	return RD_ESYNTAX;
}

/* RFC 6895 §3.1: meta types (OPT, TSIG, AXFR, ...) never hold zone data. */
int
rdtx_meta(struct rdtx *p)
{
	char tname[16];

	rrtype_to_text(p->type, tname, sizeof(tname));
	if (p->errtok != NULL)
		*p->errtok = 0;
	if (p->err != NULL && p->errmax > 0)
		snprintf(p->err, p->errmax, "%s is a meta type and has no "
		    "rdata in zone files; expected a data type (RFC 6895 §3.1)",
		    tname);
	return RD_ESEMANTIC;
}
