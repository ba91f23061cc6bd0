/*
 * check_rdata: rdata text to wire, validation, canonical form, canonical
 * order, field splitting and unpacking. The wire vectors were produced once
 * with dnspython (dns.rdata.from_text(...).to_wire()) and checked by hand
 * for the types dnspython does not know (MD, MF, MB, MG, MR, MINFO, SIG,
 * KEY, dohpath and ohttp); canonical forms likewise with to_digestable(),
 * except LP, whose name RFC 4034 §6.2 does not list and which we keep.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "unit.h"

#define MAXTOK 64

/* Past the octet at s, or past both octets of an escape "\\X". */
static const char *
step(const char *s)
{
	return s + ((s[0] == '\\' && s[1] != '\0') ? 2 : 1);
}

/* Past a quoted part that starts at s (on the opening quote). */
static const char *
skip_quoted(const char *s)
{
	for (s++; *s != '\0' && *s != '"';)
		s = step(s);
	return *s == '"' ? s + 1 : s;
}

/*
 * Scanner stand-in: split on spaces; a token that starts with a quote
 * loses its quotes, one with a quote inside keeps them (key="value").
 */
static size_t
tokenize(const char *s, struct rd_tok *tok)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0' || n == MAXTOK)
			return n;
		tok[n].quoted = *s == '"';
		if (*s == '"') {
			const char *e = skip_quoted(s);

			tok[n].s = s + 1;
			tok[n].len = (uint32_t)(e - s - 1 -
			    (e - s >= 2 && e[-1] == '"'));
			s = e;
		} else {
			tok[n].s = s;
			while (*s != '\0' && *s != ' ')
				s = *s == '"' ? skip_quoted(s) : step(s);
			tok[n].len = (uint32_t)(s - tok[n].s);
		}
		tok[n].line = 1;
		tok[n].col = (uint32_t)n + 1;
		n++;
	}
}

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = strlen(h) / 2, i;
	unsigned v;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

static const uint8_t origin[] = "\007example\003com";

/* Parse text as rdata of type; the length or the error code. */
static int
parse(uint16_t type, const char *text, uint8_t *out, size_t outmax,
    char *err, size_t *errtok)
{
	struct rd_tok tok[MAXTOK];
	size_t n = tokenize(text, tok);

	return rdata_from_text(type, tok, n, origin, out, outmax, err, 256,
	    errtok);
}

struct vec {
	uint16_t type;
	const char *text;
	const char *hex;
	size_t minlen;		/* shortest prefix that is valid rdata */
	const char *canon;	/* canonical form when it differs */
};

static const struct vec vecs[] = {
	{ RRTYPE_A, "192.0.2.1",
	    "c0000201",
	    4, NULL },
	{ RRTYPE_NS, "ns1.Example.org.",
	    "036e7331074578616d706c65036f726700",
	    17, "036e7331076578616d706c65036f726700" },
	{ RRTYPE_MD, "md.example.",
	    "026d64076578616d706c6500",
	    12, NULL },
	{ RRTYPE_MF, "mf.example.",
	    "026d66076578616d706c6500",
	    12, NULL },
	{ RRTYPE_CNAME, "www",
	    "03777777076578616d706c6503636f6d00",
	    17, NULL },
	{ RRTYPE_SOA, "ns1 hostmaster.example.com. 2024010101 1h 15m 1w 1d",
	    "036e7331076578616d706c6503636f6d000a686f73746d6173746572"
	    "076578616d706c6503636f6d0078a3f17500000e100000038400093a"
	    "8000015180",
	    61, NULL },
	{ RRTYPE_MB, "mb.example.",
	    "026d62076578616d706c6500",
	    12, NULL },
	{ RRTYPE_MG, "mg.example.",
	    "026d67076578616d706c6500",
	    12, NULL },
	{ RRTYPE_MR, "mr.example.",
	    "026d72076578616d706c6500",
	    12, NULL },
	{ RRTYPE_NULL, "\\# 3 000102",
	    "000102",
	    0, NULL },
	{ RRTYPE_WKS, "192.0.2.9 6 21 25 80",
	    "c0000209060000044000000000000080",
	    5, NULL },
	{ RRTYPE_PTR, "host.example.",
	    "04686f7374076578616d706c6500",
	    14, NULL },
	{ RRTYPE_HINFO, "\"Intel x86\" Linux",
	    "09496e74656c20783836054c696e7578",
	    16, NULL },
	{ RRTYPE_MINFO, "rmail.example. email.example.",
	    "05726d61696c076578616d706c650005656d61696c076578616d706c"
	    "6500",
	    30, NULL },
	{ RRTYPE_MX, "10 Mail.Example.net.",
	    "000a044d61696c074578616d706c65036e657400",
	    20, "000a046d61696c076578616d706c65036e657400" },
	{ RRTYPE_TXT, "\"v=spf1 -all\" \"a\\\"b\" \\065\\ bc",
	    "0b763d73706631202d616c6c036122620441206263",
	    12, NULL },
	{ RRTYPE_RP, "Admin.example. txt.example.",
	    "0541646d696e076578616d706c650003747874076578616d706c6500",
	    28, "0561646d696e076578616d706c650003747874076578616d706c6500" },
	{ RRTYPE_AFSDB, "1 Afs.example.",
	    "000103416673076578616d706c6500",
	    15, "000103616673076578616d706c6500" },
	{ RRTYPE_RT, "5 Relay.example.",
	    "00050552656c6179076578616d706c6500",
	    17, "00050572656c6179076578616d706c6500" },
	{ RRTYPE_SIG,
	    "A 8 2 3600 20240101000000 20231201000000 12345 Example.com. "
	    "AQIDBAUGBwgJ",
	    "0001080200000e1065920080656922003039074578616d706c650363"
	    "6f6d00010203040506070809",
	    32,
	    "0001080200000e1065920080656922003039076578616d706c650363"
	    "6f6d00010203040506070809" },
	{ RRTYPE_KEY, "256 3 8 AwEAAQ==",
	    "0100030803010001",
	    4, NULL },
	{ RRTYPE_PX, "10 Map822.example. Mapx400.example.",
	    "000a064d6170383232076578616d706c6500074d6170783430300765"
	    "78616d706c6500",
	    35,
	    "000a066d6170383232076578616d706c6500076d6170783430300765"
	    "78616d706c6500" },
	{ RRTYPE_AAAA, "2001:db8::1",
	    "20010db8000000000000000000000001",
	    16, NULL },
	{ RRTYPE_LOC, "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
	    "000016138b3cf018810cbce0009895b8",
	    16, NULL },
	{ RRTYPE_SRV, "0 5 5060 Sip.Example.com.",
	    "0000000513c403536970074578616d706c6503636f6d00",
	    23, "0000000513c403736970076578616d706c6503636f6d00" },
	{ RRTYPE_NAPTR,
	    "100 10 \"S\" \"SIP+D2U\" \"!^.*$!sip:info@example.com!\" "
	    "_sip._udp.Example.com.",
	    "0064000a0153075349502b4432551b215e2e2a24217369703a696e66"
	    "6f406578616d706c652e636f6d21045f736970045f75647007457861"
	    "6d706c6503636f6d00",
	    65,
	    "0064000a0153075349502b4432551b215e2e2a24217369703a696e66"
	    "6f406578616d706c652e636f6d21045f736970045f75647007657861"
	    "6d706c6503636f6d00" },
	{ RRTYPE_KX, "10 Kx.example.",
	    "000a024b78076578616d706c6500",
	    14, "000a026b78076578616d706c6500" },
	{ RRTYPE_CERT, "PKIX 12345 RSASHA256 MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A",
	    "000130390830820122300d06092a864886f70d01010105000382010f00",
	    6, NULL },
	{ RRTYPE_DNAME, "Target.example.",
	    "06546172676574076578616d706c6500",
	    16, "06746172676574076578616d706c6500" },
	{ RRTYPE_APL,
	    "1:192.168.32.0/21 !1:192.168.38.0/28 2:ff00::/8 1:0.0.0.0/0",
	    "00011503c0a82000011c83c0a82600020801ff00010000",
	    0, NULL },
	{ RRTYPE_DS, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
	    "ec4505012bb183af5f22588179a53b0a98631fad1a292118",
	    5, NULL },
	{ RRTYPE_SSHFP,
	    "4 2 "
	    "123456789abcdef67890123456789abcdef67890123456789abcdef123456789",
	    "0402123456789abcdef67890123456789abcdef67890123456789abc"
	    "def123456789",
	    3, NULL },
	{ RRTYPE_IPSECKEY,
	    "10 3 2 gw.Example. "
	    "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
	    "0a0302026777074578616d706c6500010351537986ed35533b606447"
	    "8eeeb27b5bd74dae149b6e81ba3a0521af82ab7801",
	    15, NULL },
	{ RRTYPE_RRSIG,
	    "NSEC 13 2 86400 20240201000000 20240101000000 2345 "
	    "Example.com. MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
	    "002f0d020001518065badf00659200800929074578616d706c650363"
	    "6f6d003132333435363738393031323334353637383930",
	    32,
	    "002f0d020001518065badf00659200800929076578616d706c650363"
	    "6f6d003132333435363738393031323334353637383930" },
	{ RRTYPE_NSEC, "Host.Example.com. A MX RRSIG NSEC TYPE1234",
	    "04486f7374074578616d706c6503636f6d000006400100000003041b"
	    "000000000000000000000000000000000000000000000000000020",
	    18, NULL },
	{ RRTYPE_DNSKEY,
	    "257 3 13 "
	    "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxL"
	    "bxILfDLUT0rAK9iUzy1L53eKGQ==",
	    "0101030d99db2cc14cabdc33d6d77da63a2f15f71112584f234e8d1d"
	    "c428e39e8a4a97e1aa271a555dc90701e17e2a4c4b6f120b7c32d44f"
	    "4ac02bd894cf2d4be7778a19",
	    5, NULL },
	{ RRTYPE_DHCID, "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
	    "000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17c"
	    "db95000da48c40",
	    1, NULL },
	{ RRTYPE_NSEC3,
	    "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A RRSIG",
	    "0101000c04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425"
	    "e27b0006400000000002",
	    30, NULL },
	{ RRTYPE_NSEC3PARAM, "1 0 0 -",
	    "0100000000",
	    5, NULL },
	{ RRTYPE_TLSA,
	    "3 1 1 "
	    "0D6FCE3C24D9A5F08FAC2AF8B8A4C8D4C8F9A1E47D5C1D4E6B4F51A6D1B2C3D4",
	    "0301010d6fce3c24d9a5f08fac2af8b8a4c8d4c8f9a1e47d5c1d4e6b"
	    "4f51a6d1b2c3d4",
	    4, NULL },
	{ RRTYPE_SMIMEA,
	    "3 1 1 "
	    "0D6FCE3C24D9A5F08FAC2AF8B8A4C8D4C8F9A1E47D5C1D4E6B4F51A6D1B2C3D4",
	    "0301010d6fce3c24d9a5f08fac2af8b8a4c8d4c8f9a1e47d5c1d4e6b"
	    "4f51a6d1b2c3d4",
	    4, NULL },
	{ RRTYPE_CDS, "0 0 0 00",
	    "0000000000",
	    5, NULL },
	{ RRTYPE_CDNSKEY, "0 3 0 AA==",
	    "0000030000",
	    5, NULL },
	{ RRTYPE_OPENPGPKEY,
	    "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjq",
	    "99020d0458adda3b011000eb6e5e6f8d5c587801348342036020691e"
	    "2aefd528e5ab1c79823b4f85bd9886fc833178ea",
	    1, NULL },
	{ RRTYPE_CSYNC, "66 3 A NS AAAA",
	    "000000420003000460000008",
	    6, NULL },
	{ RRTYPE_ZONEMD,
	    "2018031500 1 1 "
	    "FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A4"
	    "7BA7FED2DD5B97AE499FAFA4F22C6BD647DE",
	    "7848b78c0101febe3d4ce2ec2ffa4ba99d46cd69d6d29711e5521705"
	    "7bee7eb1a7b641a47ba7fed2dd5b97ae499fafa4f22c6bd647de",
	    7, NULL },
	{ RRTYPE_SVCB,
	    "1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 "
	    "key667=hello",
	    "000100000100060268320268330003000220fb00040008c0000201c0"
	    "000202029b000568656c6c6f",
	    3, NULL },
	{ RRTYPE_HTTPS,
	    "1 . ipv6hint=2001:db8::1 mandatory=alpn,port alpn=h2 port=443 "
	    "ech=AEP+DQA=",
	    "0001000000000400010003000100030268320003000201bb00050005"
	    "0043fe0d000006001020010db8000000000000000000000001",
	    3, NULL },
	{ RRTYPE_SPF, "\"v=spf1 a -all\"",
	    "0d763d737066312061202d616c6c",
	    14, NULL },
	{ RRTYPE_NID, "10 0014:4fff:ff20:ee64",
	    "000a00144fffff20ee64",
	    10, NULL },
	{ RRTYPE_L32, "10 10.1.2.0",
	    "000a0a010200",
	    6, NULL },
	{ RRTYPE_L64, "10 2001:0db8:1140:1000",
	    "000a20010db811401000",
	    10, NULL },
	{ RRTYPE_LP, "10 l64-subnet1.Example.com.",
	    "000a0b6c36342d7375626e657431074578616d706c6503636f6d00",
	    27, NULL },
	{ RRTYPE_EUI48, "00-00-5e-00-53-2a",
	    "00005e00532a",
	    6, NULL },
	{ RRTYPE_EUI64, "00-00-5e-ef-10-00-00-2a",
	    "00005eef1000002a",
	    8, NULL },
	{ RRTYPE_URI, "10 1 \"ftp://ftp1.example.com/public\"",
	    "000a00016674703a2f2f667470312e6578616d706c652e636f6d2f70"
	    "75626c6963",
	    4, NULL },
	{ RRTYPE_CAA, "0 issue \"ca.example.net; account=230123\"",
	    "0005697373756563612e6578616d706c652e6e65743b206163636f75"
	    "6e743d323330313233",
	    7, NULL },
	{ RRTYPE_SVCB, "0 svc.Example.net.",
	    "000003737663074578616d706c65036e657400",
	    19, NULL },
	{ RRTYPE_SVCB, "1 . alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
	    "0001000001000c08665c6f6f2c626172026832",
	    3, NULL },
	{ RRTYPE_SVCB, "1 . alpn=f\\\\\\092oo\\092,bar,h2",
	    "0001000001000c08665c6f6f2c626172026832",
	    3, NULL },
	{ RRTYPE_HTTPS,
	    "1 . mandatory=ipv4hint,alpn alpn=h2 ipv4hint=192.0.2.1 "
	    "no-default-alpn",
	    "0001000000000400010004000100030268320002000000040004c000"
	    "0201",
	    3, NULL },
	{ RRTYPE_SVCB,
	    "1 foo.example. key65333=ex1 key65444=ex2 "
	    "mandatory=key65444,key65333",
	    "000103666f6f076578616d706c650000000004ff35ffa4ff35000365"
	    "7831ffa40003657832",
	    15, NULL },
	{ RRTYPE_SVCB, "1 . dohpath=/dns-query{?dns} ohttp",
	    "000100000700102f646e732d71756572797b3f646e737d00080000",
	    3, NULL },
	{ RRTYPE_SVCB,
	    "16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn "
	    "ipv4hint=192.0.2.1",
	    "001003666f6f076578616d706c65036f726700000000040001000400"
	    "0100090268320568332d313900040004c0000201",
	    19, NULL },
	{ RRTYPE_SVCB, "1 foo.example.com. key667=\"hello\\210qoo\"",
	    "000103666f6f076578616d706c6503636f6d00029b000968656c6c6f"
	    "d2716f6f",
	    19, NULL },
	{ RRTYPE_SVCB, "1 . ipv6hint=2001:db8::1,2001:db8::53:1",
	    "0001000006002020010db800000000000000000000000120010db800"
	    "0000000000000000530001",
	    3, NULL },
	{ RRTYPE_LOC, "42 21 54 N 71 06 18 W -24m 30m",
	    "0033161389172dd070be15f000988d20",
	    16, NULL },
	{ RRTYPE_LOC, "42 21 43.952 N 71 5 6.344 W -24m 1m 200m 10m",
	    "001224138917069070bf2dd800988d20",
	    16, NULL },
	{ RRTYPE_LOC, "0 N 0 E 0",
	    "00121613800000008000000000989680",
	    16, NULL },
	{ RRTYPE_LOC, "90 S 180 W 42849672.95m 90000000m 90000000m 90000000m",
	    "009999996cb0270059604e00ffffffff",
	    16, NULL },
	{ RRTYPE_LOC, "32 7 19 S 116 2 25 E 10m",
	    "00121613791b7d2898e6486800989a68",
	    16, NULL },
	{ RRTYPE_APL, "",
	    "",
	    0, NULL },
	{ RRTYPE_APL, "2:2001:db8::/32 !2:2001:db8:0:1::1/128",
	    "0002200420010db80002809020010db8000000010000000000000001",
	    0, NULL },
	{ RRTYPE_NSEC3, "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr",
	    "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b",
	    26, NULL },
	{ RRTYPE_NSEC3,
	    "1 1 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA RRSIG DNSKEY "
	    "NSEC3PARAM TYPE65535",
	    "010100000014174eb2409fe28bcb4887a1836f957f0a8425e27b0007"
	    "22000000000290ff2000000000000000000000000000000000000000"
	    "00000000000000000000000001",
	    26, NULL },
	{ RRTYPE_NSEC, ". NSEC TYPE256 TYPE65280",
	    "000006000000000001010180ff0180",
	    1, NULL },
	{ RRTYPE_TXT, "\"\"",
	    "00",
	    1, NULL },
	{ RRTYPE_TXT, "\"\\000\\255\" \"a;b\" \"\\\\\"",
	    "0200ff03613b62015c",
	    3, NULL },
	{ RRTYPE_CAA, "128 tbs \"Unknown\"",
	    "8003746273556e6b6e6f776e",
	    5, NULL },
	{ RRTYPE_CAA, "0 iodef \"mailto:security@example.com\"",
	    "0005696f6465666d61696c746f3a7365637572697479406578616d70"
	    "6c652e636f6d",
	    7, NULL },
	{ RRTYPE_CAA, "0 issue \"\"",
	    "00056973737565",
	    7, NULL },
	{ RRTYPE_RRSIG, "SOA 8 0 4294967295 4294967295 0 65535 . AAAA",
	    "00060800ffffffffffffffff00000000ffff00000000",
	    20, NULL },
	{ RRTYPE_IPSECKEY,
	    "10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
	    "0a0002010351537986ed35533b6064478eeeb27b5bd74dae149b6e81"
	    "ba3a0521af82ab7801",
	    3, NULL },
	{ RRTYPE_IPSECKEY,
	    "10 1 2 192.0.2.38 "
	    "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
	    "0a0102c0000226010351537986ed35533b6064478eeeb27b5bd74dae"
	    "149b6e81ba3a0521af82ab7801",
	    7, NULL },
	{ RRTYPE_IPSECKEY,
	    "10 2 2 2001:0DB8:0:8002::2000:1 "
	    "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
	    "0a020220010db8000080020000000020000001010351537986ed3553"
	    "3b6064478eeeb27b5bd74dae149b6e81ba3a0521af82ab7801",
	    19, NULL },
	{ RRTYPE_IPSECKEY, "10 1 0 192.0.2.38",
	    "0a0100c0000226",
	    7, NULL },
	{ RRTYPE_SOA, ". . 0 0 0 0 0",
	    "00000000000000000000000000000000000000000000",
	    22, NULL },
	{ RRTYPE_SOA, "a. b. 4294967295 1W2D3H4M5S 1w 60S 2h",
	    "016100016200ffffffff000c08a500093a800000003c00001c20",
	    26, NULL },
	{ RRTYPE_DS, "12345 8 2 49FD46E6C4B45C55D4AC 49FD46E6C4B45C55D4AC",
	    "3039080249fd46e6c4b45c55d4ac49fd46e6c4b45c55d4ac",
	    5, NULL },
	{ RRTYPE_DNSKEY, "256 3 8 AwEA AQ==",
	    "0100030803010001",
	    5, NULL },
	{ RRTYPE_HINFO, "\"\" \"\"",
	    "0000",
	    2, NULL },
	{ RRTYPE_NAPTR, "0 0 \"\" \"\" \"\" .",
	    "0000000000000000",
	    8, NULL },
	{ RRTYPE_SSHFP, "1 1 dd465c09cfa51fb45020cc83316fff21b9ec74ac",
	    "0101dd465c09cfa51fb45020cc83316fff21b9ec74ac",
	    3, NULL },
	{ RRTYPE_WKS, "10.0.0.1 17 0 1 2 1023",
	    "0a00000111e000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000001",
	    5, NULL },
	{ RRTYPE_URI, "0 0 \"\"",
	    "00000000",
	    4, NULL },
	{ RRTYPE_ZONEMD, "1 0 255 00",
	    "0000000100ff00",
	    7, NULL },
	{ RRTYPE_CERT, "65535 0 0 AA==",
	    "ffff00000000",
	    6, NULL },
	{ RRTYPE_CERT, "URI 0 PRIVATEOID AA==",
	    "00fd0000fe00",
	    6, NULL },
	{ RRTYPE_DHCID, "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
	    "000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17c"
	    "db95000da48c40",
	    1, NULL },
	{ RRTYPE_A, "255.255.255.255",
	    "ffffffff",
	    4, NULL },
	{ RRTYPE_AAAA, "::",
	    "00000000000000000000000000000000",
	    16, NULL },
	{ RRTYPE_AAAA, "::ffff:192.0.2.1",
	    "00000000000000000000ffffc0000201",
	    16, NULL },
};

#define NVECS (sizeof(vecs) / sizeof(vecs[0]))

START_TEST(every_type_has_a_vector)
{
	unsigned type;
	size_t i;

	for (type = 0; type < 65536; type++) {
		if (!rrtype_known((uint16_t)type) ||
		    (rrtype_get((uint16_t)type)->flags & RRT_META))
			continue;
		for (i = 0; i < NVECS; i++)
			if (vecs[i].type == type)
				break;
		ck_assert_msg(i < NVECS, "no vector for type %u", type);
	}
}
END_TEST

START_TEST(text_to_wire)
{
	uint8_t want[4096], got[4096];
	char err[256];
	size_t n, et;
	int r;

	n = unhex(vecs[_i].hex, want);
	err[0] = '\0';
	r = parse(vecs[_i].type, vecs[_i].text, got, sizeof(got), err, &et);
	ck_assert_msg(r == (int)n, "%s: %d (%s)", vecs[_i].text, r, err);
	ck_assert_mem_eq(got, want, n);
	/* Exactly enough room works; one octet less is RD_ESPACE. */
	ck_assert_int_eq(parse(vecs[_i].type, vecs[_i].text, got, n, err, &et),
	    (int)n);
	if (n > 0)
		ck_assert_int_eq(parse(vecs[_i].type, vecs[_i].text, got, n - 1,
		    err, &et), RD_ESPACE);
}
END_TEST

START_TEST(generic_form)
{
	uint8_t want[4096], got[4096];
	char text[9000], err[256];
	size_t n, et, half;
	int r;

	/* RFC 3597 §5, with the hex split in two tokens. */
	n = unhex(vecs[_i].hex, want);
	half = n / 2 * 2;
	snprintf(text, sizeof(text), "\\# %zu %.*s %s", n, (int)half,
	    vecs[_i].hex, vecs[_i].hex + half);
	r = parse(vecs[_i].type, text, got, sizeof(got), err, &et);
	ck_assert_msg(r == (int)n, "%s: %d (%s)", text, r, err);
	ck_assert_mem_eq(got, want, n);
}
END_TEST

START_TEST(validate_and_truncate)
{
	uint8_t rd[4096];
	size_t n, k;

	n = unhex(vecs[_i].hex, rd);
	ck_assert_int_eq(rdata_validate(vecs[_i].type, rd, n), 0);
	for (k = 0; k < vecs[_i].minlen; k++)
		ck_assert_msg(rdata_validate(vecs[_i].type, rd, k) ==
		    RD_EMALFORMED, "%s accepted at %zu", vecs[_i].text, k);
	ck_assert_int_eq(rdata_validate(vecs[_i].type, rd, vecs[_i].minlen),
	    0);
}
END_TEST

START_TEST(canonical_form)
{
	uint8_t rd[4096], want[4096];
	size_t n;

	n = unhex(vecs[_i].hex, rd);
	unhex(vecs[_i].canon ? vecs[_i].canon : vecs[_i].hex, want);
	rdata_canonicalize(vecs[_i].type, rd, n);
	ck_assert_mem_eq(rd, want, n);
	/* A record and its canonical form sort equal. */
	unhex(vecs[_i].hex, rd);
	ck_assert_int_eq(rdata_cmp(vecs[_i].type, rd, n, want, n), 0);
}
END_TEST

START_TEST(fields_cover_rdata)
{
	struct rdata_field f[RDATA_MAXFIELDS];
	uint8_t rd[4096];
	size_t n, off = 0;
	int nf, i;

	n = unhex(vecs[_i].hex, rd);
	nf = rdata_fields(vecs[_i].type, rd, n, f, RDATA_MAXFIELDS);
	ck_assert_int_ge(nf, 0);
	for (i = 0; i < nf; i++) {
		ck_assert_uint_eq(f[i].off, off);
		ck_assert_uint_gt(f[i].len, 0);
		if (f[i].kind != RDF_UNKNOWN)
			ck_assert_int_eq(name_check(rd + off, f[i].len),
			    f[i].len);
		/* Runs of other octets are merged. */
		if (i > 0)
			ck_assert(f[i].kind != RDF_UNKNOWN ||
			    f[i - 1].kind != RDF_UNKNOWN);
		off += f[i].len;
	}
	ck_assert_uint_eq(off, n);
}
END_TEST

/* Expected errors: message and token index. */
static const struct {
	uint16_t type;
	const char *text;
	int code;
	size_t errtok;
	const char *msg;
} errs[] = {
	{ RRTYPE_MX, "10x mail", RD_ESYNTAX, 0, "'10x' is not a number; "
	    "expected a 16-bit unsigned integer (0-65535) for the MX "
	    "preference" },
	{ RRTYPE_MX, "70000 mail", RD_ERANGE, 0, "'70000' is out of range; "
	    "expected a 16-bit unsigned integer (0-65535) for the MX "
	    "preference" },
	{ RRTYPE_MX, "10", RD_ESYNTAX, 1, "missing the MX exchange; expected "
	    "a domain name" },
	{ RRTYPE_MX, "10 mail extra", RD_ESYNTAX, 2, "'extra' is unexpected; "
	    "expected the end of the MX rdata" },
	{ RRTYPE_A, "01.2.3.4", RD_ESYNTAX, 0, "'01.2.3.4' is not an IPv4 "
	    "address; expected an IPv4 address for the A address" },
	{ RRTYPE_A, "1.2.3", RD_ESYNTAX, 0, "'1.2.3' is not an IPv4 "
	    "address; expected an IPv4 address for the A address" },
	{ RRTYPE_AAAA, "1::2::3", RD_ESYNTAX, 0, "'1::2::3' is not an IPv6 "
	    "address; expected an IPv6 address for the AAAA address" },
	{ RRTYPE_TXT, "ok \"a\\256\"", RD_ESYNTAX, 1, "'a\\256' has a bad "
	    "escape; expected \\X or \\DDD (000-255) for the TXT text" },
	{ RRTYPE_TXT, "", RD_ESYNTAX, 0, "missing the TXT text; expected a "
	    "character-string of at most 255 octets" },
	{ RRTYPE_SOA, "a. b. 1 1x 1 1 1", RD_ESYNTAX, 3, "'1x' is not valid; "
	    "expected a period in seconds (0-4294967295) or with units "
	    "(1w2d3h4m5s) for the SOA refresh" },
	{ RRTYPE_SOA, "a. b. 1 1 1 1 5000000000", RD_ERANGE, 6,
	    "'5000000000' is out of range; expected a period in seconds "
	    "(0-4294967295) or with units (1w2d3h4m5s) for the SOA minimum" },
	{ RRTYPE_SOA, "a. b. 1 1 1 1 4294967296s", RD_ERANGE, 6,
	    "'4294967296s' is out of range; expected a period in seconds "
	    "(0-4294967295) or with units (1w2d3h4m5s) for the SOA minimum" },
	{ RRTYPE_RRSIG, "A 8 2 3600 20240230000000 1 1 a. AA==", RD_ESYNTAX,
	    4, "'20240230000000' is not valid; expected a time as "
	    "YYYYMMDDHHMMSS or seconds since 1970 for the RRSIG expiration" },
	{ RRTYPE_RRSIG, "BOGUS 8 2 3600 1 2 3 a. AA==", RD_ESYNTAX, 0,
	    "'BOGUS' is not valid; expected an RR type mnemonic or TYPEnn for "
	    "the RRSIG type covered" },
	{ RRTYPE_DS, "1 8 2 abc", RD_ESYNTAX, 3, "'abc' leaves an odd number "
	    "of hex digits; expected hexadecimal data with an even number of "
	    "digits for the DS digest" },
	{ RRTYPE_DS, "1 8 2 ab x1", RD_ESYNTAX, 4, "'x1' is not hexadecimal; "
	    "expected hexadecimal data with an even number of digits for the "
	    "DS digest" },
	{ RRTYPE_DS, "1 FOO 2 ab", RD_ESYNTAX, 1, "'FOO' is not valid; "
	    "expected a DNSSEC algorithm number (0-255) or mnemonic for the DS "
	    "algorithm" },
	{ RRTYPE_DNSKEY, "256 3 8 AwE", RD_ESYNTAX, 3, "'AwE' is not valid "
	    "base64; expected base64 data for the DNSKEY public key" },
	{ RRTYPE_DNSKEY, "256 3 8", RD_ESYNTAX, 3, "missing the DNSKEY public "
	    "key; expected base64 data" },
	{ RRTYPE_NSEC, "a. A BOGUS", RD_ESYNTAX, 2, "'BOGUS' is not an RR "
	    "type; expected RR type mnemonics or TYPEnn for the NSEC type "
	    "bitmap" },
	{ RRTYPE_NSEC3, "1 0 0 zz 2t7b4g4vsa5smi47k61mv5bv1a22bojr",
	    RD_ESYNTAX, 3, "'zz' is not hexadecimal; expected a salt of 0-255 "
	    "octets in hex, or '-' for the NSEC3 salt" },
	{ RRTYPE_NSEC3, "1 0 0 - 2t7b4g4", RD_ESYNTAX, 4, "'2t7b4g4' is not "
	    "a whole number of octets in base32hex; expected a base32hex hash "
	    "of 1-255 octets for the NSEC3 next hashed owner" },
	{ RRTYPE_SVCB, "1 . alpn=h2 alpn=h3", RD_ESYNTAX, 3, "'alpn=h3' "
	    "repeats a key; expected each SvcParamKey at most once (RFC 9460 "
	    "§2.2) for the SVCB parameters" },
	{ RRTYPE_HTTPS, "1 . mandatory=port alpn=h2", RD_ESYNTAX, 2,
	    "'mandatory=port' lists a key that is not present; expected every "
	    "mandatory key among the parameters (RFC 9460 §8) for the HTTPS "
	    "parameters" },
	{ RRTYPE_SVCB, "1 . mandatory=mandatory", RD_ESYNTAX, 2,
	    "'mandatory=mandatory' lists mandatory itself; expected other keys "
	    "only (RFC 9460 §8) for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . alpn=h2 mandatory=alpn,alpn", RD_ESYNTAX, 3,
	    "'mandatory=alpn,alpn' lists a key twice; expected each key once "
	    "(RFC 9460 §8) for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . port=x", RD_ESYNTAX, 2, "'port=x' has a bad port; "
	    "expected a port number (0-65535) for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . port", RD_ESYNTAX, 2, "'port' has no value; "
	    "expected key=value for this key for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . dohpath=", RD_ESYNTAX, 2, "'dohpath=' has no "
	    "value; expected key=value for this key for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . no-default-alpn=x", RD_ESYNTAX, 2,
	    "'no-default-alpn=x' has a value; expected no value for this key "
	    "for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . key65535=x", RD_ESYNTAX, 2, "'key65535=x' has no "
	    "known SvcParamKey; expected mandatory, alpn, no-default-alpn, "
	    "port, ipv4hint, ech, ipv6hint, dohpath, ohttp or keyNNNNN "
	    "(RFC 9460 §2.1) for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . alpn=h2,,h3", RD_ESYNTAX, 2, "'alpn=h2,,h3' has an "
	    "empty or bad protocol id; expected comma-separated ids of 1-255 "
	    "octets for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . ech=abc", RD_ESYNTAX, 2, "'ech=abc' is not base64; "
	    "expected an ECHConfigList in base64 for the SVCB parameters" },
	{ RRTYPE_SVCB, "1 . ipv6hint=1.2.3.4", RD_ESYNTAX, 2,
	    "'ipv6hint=1.2.3.4' has a bad address; expected comma-separated "
	    "IPv6 addresses for the SVCB parameters" },
	{ RRTYPE_LOC, "91 N 0 E 0", RD_ESYNTAX, 0, "'91' is not valid here; "
	    "expected degrees of latitude (0-90) for the LOC location" },
	{ RRTYPE_LOC, "90 1 N 0 E 0", RD_ERANGE, 2, "'N' ends a coordinate "
	    "past the pole or the antimeridian; expected degrees of latitude "
	    "(0-90) for the LOC location" },
	{ RRTYPE_LOC, "52 60 N 0 E 0", RD_ESYNTAX, 1, "'60' is not valid here; "
	    "expected minutes (0-59) or N|S for the LOC location" },
	{ RRTYPE_LOC, "52 N 181 E 0", RD_ESYNTAX, 2, "'181' is not valid here; "
	    "expected degrees of longitude (0-180) for the LOC location" },
	{ RRTYPE_LOC, "52 N 0 E 0 90000001m", RD_ESYNTAX, 5, "'90000001m' is "
	    "not a size; expected metres from 0 to 90000000.00 for the LOC "
	    "location" },
	{ RRTYPE_LOC, "52 N 0 E -100000.01m", RD_ESYNTAX, 4, "'-100000.01m' "
	    "is not an altitude; expected metres from -100000.00 to "
	    "42849672.95 for the LOC location" },
	{ RRTYPE_APL, "1:1.2.3.4/33", RD_ESYNTAX, 0, "'1:1.2.3.4/33' is not "
	    "an APL item; expected [!]1:IPv4/0-32 or [!]2:IPv6/0-128 for the "
	    "APL prefix list" },
	{ RRTYPE_APL, "1:1.0.0.0/8 3:1.2.3.4/8", RD_ESYNTAX, 1, "'3:1.2.3.4/8' "
	    "is not an APL item; expected [!]1:IPv4/0-32 or [!]2:IPv6/0-128 "
	    "for the APL prefix list" },
	{ RRTYPE_CAA, "0 is-sue \"x\"", RD_ESYNTAX, 1, "'is-sue' is not a "
	    "tag; expected a tag of 1-255 letters and digits for the CAA tag" },
	{ RRTYPE_CAA, "0 issue", RD_ESYNTAX, 2, "missing the CAA value; "
	    "expected one string" },
	{ RRTYPE_EUI48, "00-00-5e-00-53", RD_ESYNTAX, 0, "'00-00-5e-00-53' is "
	    "malformed; expected six hex octets separated by '-' for the EUI48 "
	    "address" },
	{ RRTYPE_EUI64, "00:00:5e:ef:10:00:00:2a", RD_ESYNTAX, 0,
	    "'00:00:5e:ef:10:00:00:2a' is malformed; expected eight hex octets "
	    "separated by '-' for the EUI64 address" },
	{ RRTYPE_NID, "10 12345:0:0:0", RD_ESYNTAX, 1, "'12345:0:0:0' is "
	    "malformed; expected four 16-bit hex groups separated by ':' for "
	    "the NID node ID" },
	{ RRTYPE_IPSECKEY, "10 0 2 gw.example. AA==", RD_ESYNTAX, 3,
	    "'gw.example.' is not '.'; expected '.' for gateway type 0 for the "
	    "IPSECKEY gateway and key" },
	{ RRTYPE_IPSECKEY, "10 4 2 . AA==", RD_ESYNTAX, 1, "'4' is not a "
	    "gateway type; expected 0 (none), 1 (IPv4), 2 (IPv6) or 3 (domain "
	    "name) for the IPSECKEY gateway and key" },
	{ RRTYPE_NS, "bad..name", RD_ESYNTAX, 0, "'bad..name' is not a valid "
	    "domain name; expected a domain name for the NS name server" },
	{ RRTYPE_CNAME, "a123456789012345678901234567890123456789012345678901"
	    "234567890123.", RD_ERANGE, 0, "'a12345678901234567890123456789012"
	    "345678901234567' is too long; expected a domain name of at most "
	    "255 octets, labels of at most 63 for the CNAME target" },
	{ RRTYPE_A, "\\# 3 c00002", RD_ESYNTAX, 1, "the \\# data is not valid "
	    "A rdata; expected the wire form of RFC 3597 §5 for that type" },
	{ RRTYPE_A, "\\# 4 c00002", RD_ESYNTAX, 1, "\\# length 4 does not "
	    "match the 3 octets of hex data; expected the same length" },
	{ RRTYPE_A, "\\# x c00002", RD_ESYNTAX, 1, "'x' is not a length; "
	    "expected the rdata length (0-65535) after \\# for the A address" },
	{ RRTYPE_A, "\\#", RD_ESYNTAX, 1, "missing the A address; expected the "
	    "rdata length after \\#" },
	{ 999, "abc", RD_ESYNTAX, 0, "'abc' cannot be read for this type; "
	    "expected the RFC 3597 form \\# length hex for the TYPE999 rdata" },
	{ RRTYPE_WKS, "10.0.0.1 icmp 1", RD_ESYNTAX, 1, "'icmp' is not a "
	    "protocol; expected tcp, udp or a number (0-255) for the WKS "
	    "services" },
	{ RRTYPE_OPT, "\\# 0", RD_ESEMANTIC, 0, "OPT is a meta type and has no "
	    "rdata in zone files; expected a data type (RFC 6895 §3.1)" },
	{ RRTYPE_AXFR, "", RD_ESEMANTIC, 0, "AXFR is a meta type and has no "
	    "rdata in zone files; expected a data type (RFC 6895 §3.1)" },
	{ RRTYPE_HINFO, "x", RD_ESYNTAX, 1, "missing the HINFO OS; expected a "
	    "character-string of at most 255 octets" },
};

#define NERRS (sizeof(errs) / sizeof(errs[0]))

START_TEST(errors)
{
	uint8_t out[1024];
	char err[256];
	size_t et = 999;

	err[0] = '\0';
	ck_assert_int_eq(parse(errs[_i].type, errs[_i].text, out, sizeof(out),
	    err, &et), errs[_i].code);
	ck_assert_str_eq(err, errs[_i].msg);
	ck_assert_uint_eq(et, errs[_i].errtok);
}
END_TEST

/* Parse and return the exact wire as hex (or the error code as text). */
static const char *
wire_of(uint16_t type, const char *text)
{
	static char hex[8192];
	uint8_t out[4096];
	char err[256];
	size_t et;
	int n, i;

	n = parse(type, text, out, sizeof(out), err, &et);
	if (n < 0) {
		snprintf(hex, sizeof(hex), "error %d", n);
		return hex;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	hex[2 * n] = '\0';
	return hex;
}

START_TEST(numbers_and_strings)
{
	char t[600];

	ck_assert_str_eq(wire_of(RRTYPE_SSHFP, "255 0 00"), "ff0000");
	ck_assert_str_eq(wire_of(RRTYPE_SSHFP, "256 0 00"), "error -5");
	ck_assert_str_eq(wire_of(RRTYPE_SSHFP, "-1 0 00"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_MX, "00010 ."), "000a00");
	ck_assert_str_eq(wire_of(RRTYPE_SOA,
	    ". . 4294967295 1w2d3h4m5s 1H30M 0 2W"),
	    "0000ffffffff000c08a50000151800000000"
	    "00127500");
	ck_assert_str_eq(wire_of(RRTYPE_SOA, ". . 4294967296 1 1 1 1"),
	    "error -5");
	ck_assert_str_eq(wire_of(RRTYPE_SOA, ". . 1 1h30 1 1 1"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_SOA, ". . 1 h 1 1 1"), "error -4");
	/* A string of 255 octets fits, 256 do not (RFC 1035 §3.3). */
	memset(t, 'a', 255);
	t[255] = '\0';
	ck_assert_int_eq(strlen(wire_of(RRTYPE_TXT, t)), 512);
	strcat(t, "a");
	ck_assert_str_eq(wire_of(RRTYPE_TXT, t), "error -5");
	/* \DDD and \X count as one octet each. */
	ck_assert_str_eq(wire_of(RRTYPE_TXT, "\"\\\"\\\\\\000\" a\\ b"),
	    "03225c0003612062");
	ck_assert_str_eq(wire_of(RRTYPE_TXT, "a\\25"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_TXT, "a\\"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_TXT, "a b c d"),
	    "0161016201630164");
}
END_TEST

START_TEST(times)
{
	/* RFC 4034 §3.2: both forms; the date is kept modulo 2^32. */
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 20380119031408 19700101000000 0 . AA=="),
	    "000108000000000080000000000000000000"
	    "0000");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 21060207062816 4294967295 0 . AA=="),
	    "00010800000000000000000"
	    "0ffffffff00000000");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 20240229120000 1 0 . AA=="),
	    "0001080000000000"
	    "65e071c00000000100000000");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 20230229120000 1 0 . AA=="), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 20231301000000 1 0 . AA=="), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 20231231240000 1 0 . AA=="), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_RRSIG,
	    "A 8 0 0 4294967296 1 0 . AA=="), "error -4");
}
END_TEST

START_TEST(base64_and_hex)
{
	/* Split anywhere, even inside a quantum. */
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "A AEC Aw= ="), "00010203");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "AAECAw=="), "00010203");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "AAECAwQ="), "0001020304");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "AAECAw== AAAA"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "AAECAw"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "A==="), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, "AA*A"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_DHCID, ""), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_TLSA, "0 0 1 a B c D"), "000001abcd");
	ck_assert_str_eq(wire_of(RRTYPE_TLSA, "0 0 1 a"), "error -4");
	ck_assert_str_eq(wire_of(RRTYPE_TLSA, "0 0 1"), "error -4");
	/* KEY and IPSECKEY may carry no key at all. */
	ck_assert_str_eq(wire_of(RRTYPE_KEY, "49152 3 0"), "c0000300");
	ck_assert_str_eq(wire_of(RRTYPE_IPSECKEY, "1 0 0 ."), "010000");
	ck_assert_str_eq(wire_of(RRTYPE_NSEC3PARAM, "1 0 10 AABB"),
	    "0100000a02aabb");
}
END_TEST

START_TEST(bitmaps)
{
	/* RFC 4034 §4.1.2: one window per high octet, trailing zeros cut. */
	ck_assert_str_eq(wire_of(RRTYPE_NSEC, ". TYPE1 TYPE256 TYPE65535 A"),
	    "00000140010180ff200000000000000000000000000000000000000000000000"
	    "000000000000000001");
	ck_assert_str_eq(wire_of(RRTYPE_NSEC, "."), "00");
	ck_assert_str_eq(wire_of(RRTYPE_CSYNC, "1 3 ns Soa"),
	    "000000010003000122");
}
END_TEST

START_TEST(bitmap_validation)
{
	uint8_t rd[64];

	/* Windows out of order, empty, over 32 octets, trailing zero. */
	memcpy(rd, "\000\000\001\100", 4);
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 4), 0);
	memcpy(rd, "\000\001\001\100\000\001\100", 7);
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 7), RD_EMALFORMED);
	memcpy(rd, "\000\000\000", 3);
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 3), RD_EMALFORMED);
	memcpy(rd, "\000\000\002\100\000", 5);
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 5), RD_EMALFORMED);
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 2), RD_EMALFORMED);
	memset(rd, 1, sizeof(rd));
	rd[0] = 0;
	rd[1] = 0;
	rd[2] = 33;
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 36), RD_EMALFORMED);
	rd[2] = 32;
	ck_assert_int_eq(rdata_validate(RRTYPE_NSEC, rd, 35), 0);
}
END_TEST

START_TEST(wire_rules)
{
	uint8_t rd[64];

	/* A compression pointer is never valid in stored rdata. */
	memcpy(rd, "\000\012\300\014", 4);
	ck_assert_int_eq(rdata_validate(RRTYPE_MX, rd, 4), RD_EMALFORMED);
	/* LOC: version 0 and precisions with digits 0-9 only. */
	memcpy(rd, "\000\022\026\023\200\000\000\000\200\000\000\000"
	    "\000\230\226\200", 16);
	ck_assert_int_eq(rdata_validate(RRTYPE_LOC, rd, 16), 0);
	rd[0] = 1;
	ck_assert_int_eq(rdata_validate(RRTYPE_LOC, rd, 16), RD_EMALFORMED);
	rd[0] = 0;
	rd[1] = 0xa2;
	ck_assert_int_eq(rdata_validate(RRTYPE_LOC, rd, 16), RD_EMALFORMED);
	/* SvcParams: keys ascending, fixed value sizes, mandatory present. */
	memcpy(rd, "\000\001\000\000\003\000\002\001\273", 9);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 9), 0);
	rd[6] = 3;
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 9), RD_EMALFORMED);
	memcpy(rd, "\000\001\000\000\003\000\002\001\273\000\003\000\000", 13);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 13), RD_EMALFORMED);
	memcpy(rd, "\000\001\000\000\007\000\000", 7);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 7), RD_EMALFORMED);
	memcpy(rd, "\000\001\000\000\010\000\000", 7);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 7), 0);
	memcpy(rd, "\000\001\000\000\000\000\002\000\003", 9);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 9), RD_EMALFORMED);
	memcpy(rd, "\000\001\000\000\000\000\002\000\003\000\003\000\002\001"
	    "\273", 15);
	ck_assert_int_eq(rdata_validate(RRTYPE_SVCB, rd, 15), 0);
	/* CAA tags are letters and digits, at least one. */
	memcpy(rd, "\000\002a-x", 5);
	ck_assert_int_eq(rdata_validate(RRTYPE_CAA, rd, 5), RD_EMALFORMED);
	memcpy(rd, "\000\000x", 3);
	ck_assert_int_eq(rdata_validate(RRTYPE_CAA, rd, 3), RD_EMALFORMED);
	/* IPSECKEY gateway types 0-3 only; APL address parts bounded. */
	memcpy(rd, "\001\004\002", 3);
	ck_assert_int_eq(rdata_validate(RRTYPE_IPSECKEY, rd, 3),
	    RD_EMALFORMED);
	memcpy(rd, "\000\001\040\005\001\002\003\004\005", 9);
	ck_assert_int_eq(rdata_validate(RRTYPE_APL, rd, 9), RD_EMALFORMED);
	/* Unknown types take anything; rdata over 65535 octets never. */
	ck_assert_int_eq(rdata_validate(999, rd, 0), 0);
	ck_assert_int_eq(rdata_validate(999, rd, 65536), RD_EMALFORMED);
}
END_TEST

/* rdata_cmp on two texts of one type. */
static int
cmp_text(uint16_t type, const char *a, const char *b)
{
	uint8_t ra[512], rb[512];
	char err[256];
	size_t et;
	int na, nb;

	na = parse(type, a, ra, sizeof(ra), err, &et);
	nb = parse(type, b, rb, sizeof(rb), err, &et);
	ck_assert_int_ge(na, 0);
	ck_assert_int_ge(nb, 0);
	return rdata_cmp(type, ra, (size_t)na, rb, (size_t)nb);
}

START_TEST(canonical_order)
{
	/* RFC 4034 §6.3: canonical octets, a shorter prefix first. */
	ck_assert_int_eq(cmp_text(RRTYPE_A, "1.2.3.4", "1.2.3.5"), -1);
	ck_assert_int_eq(cmp_text(RRTYPE_A, "1.2.3.5", "1.2.3.4"), 1);
	ck_assert_int_eq(cmp_text(RRTYPE_A, "1.2.3.4", "1.2.3.4"), 0);
	ck_assert_int_eq(cmp_text(RRTYPE_TXT, "a", "a b"), -1);
	ck_assert_int_eq(cmp_text(RRTYPE_TXT, "b", "a b"), 1);
	ck_assert_int_eq(cmp_text(RRTYPE_MX, "10 A.example.", "10 a.example."),
	    0);
	ck_assert_int_eq(cmp_text(RRTYPE_MX, "10 B.example.", "10 a.example."),
	    1);
	ck_assert_int_eq(cmp_text(RRTYPE_MX, "9 z.example.", "10 a.example."),
	    -1);
	/* Wire order, not name order: the length octet comes first. */
	ck_assert_int_eq(cmp_text(RRTYPE_NS, "zz.", "aaa."), -1);
	ck_assert_int_eq(cmp_text(RRTYPE_SOA, "A. b. 1 1 1 1 1",
	    "a. B. 1 1 1 1 1"), 0);
	ck_assert_int_eq(cmp_text(RRTYPE_SOA, "A. b. 1 1 1 1 2",
	    "a. B. 1 1 1 1 1"), 1);
	ck_assert_int_eq(cmp_text(RRTYPE_RRSIG, "A 8 2 0 1 1 1 Ex. AA==",
	    "A 8 2 0 1 1 1 ex. AA=="), 0);
	/* RFC 6840 §5.1: the NSEC next name keeps its case ('E' < 'e'). */
	ck_assert_int_eq(cmp_text(RRTYPE_NSEC, "Ex. A", "ex. A"), -1);
	ck_assert_int_eq(cmp_text(RRTYPE_SVCB, "1 Ex.", "1 ex."), -1);
	/* Case outside names counts. */
	ck_assert_int_eq(cmp_text(RRTYPE_TXT, "A", "a"), -1);
	ck_assert_int_eq(cmp_text(RRTYPE_HINFO, "A b", "a b"), -1);
}
END_TEST

START_TEST(field_split)
{
	struct rdata_field f[RDATA_MAXFIELDS];
	uint8_t rd[512];
	char err[256];
	size_t et;
	int n;

	n = parse(RRTYPE_SOA, "a. bc. 1 2 3 4 5", rd, sizeof(rd), err, &et);
	ck_assert_int_eq(rdata_fields(RRTYPE_SOA, rd, (size_t)n, f, 4), 3);
	ck_assert_int_eq(f[0].kind, RDF_NAME_C);
	ck_assert_uint_eq(f[0].off, 0);
	ck_assert_uint_eq(f[0].len, 3);
	ck_assert_int_eq(f[1].kind, RDF_NAME_C);
	ck_assert_uint_eq(f[1].off, 3);
	ck_assert_uint_eq(f[1].len, 4);
	ck_assert_int_eq(f[2].kind, RDF_UNKNOWN);
	ck_assert_uint_eq(f[2].off, 7);
	ck_assert_uint_eq(f[2].len, 20);
	ck_assert_int_eq(rdata_fields(RRTYPE_SOA, rd, (size_t)n, f, 2),
	    RD_ESPACE);
	ck_assert_int_eq(rdata_fields(RRTYPE_SOA, rd, (size_t)n - 1, f, 4),
	    RD_EMALFORMED);

	n = parse(RRTYPE_IPSECKEY, "1 3 2 gw. AA==", rd, sizeof(rd), err, &et);
	ck_assert_int_eq(rdata_fields(RRTYPE_IPSECKEY, rd, (size_t)n, f, 4), 3);
	ck_assert_int_eq(f[0].kind, RDF_UNKNOWN);
	ck_assert_uint_eq(f[0].len, 3);
	ck_assert_int_eq(f[1].kind, RDF_NAME);
	ck_assert_uint_eq(f[1].off, 3);
	ck_assert_uint_eq(f[1].len, 4);
	ck_assert_int_eq(f[2].kind, RDF_UNKNOWN);
	ck_assert_uint_eq(f[2].len, 1);

	n = parse(RRTYPE_RRSIG, "A 8 2 0 1 1 1 ex. AA==", rd, sizeof(rd), err,
	    &et);
	ck_assert_int_eq(rdata_fields(RRTYPE_RRSIG, rd, (size_t)n, f, 4), 3);
	ck_assert_int_eq(f[0].kind, RDF_UNKNOWN);
	ck_assert_uint_eq(f[0].len, 18);
	ck_assert_int_eq(f[1].kind, RDF_NAME_L);
	ck_assert_int_eq(f[2].kind, RDF_UNKNOWN);

	n = parse(RRTYPE_A, "1.2.3.4", rd, sizeof(rd), err, &et);
	ck_assert_int_eq(rdata_fields(RRTYPE_A, rd, (size_t)n, f, 4), 1);
	ck_assert_int_eq(f[0].kind, RDF_UNKNOWN);
	ck_assert_uint_eq(f[0].len, 4);
	ck_assert_int_eq(rdata_fields(RRTYPE_TXT, rd, 0, f, 4), RD_EMALFORMED);
}
END_TEST

/* A message: 12-octet header, then example.com at offset 12. */
static size_t
message(uint8_t *m, const uint8_t *rd, size_t rdlen)
{
	memset(m, 0, 12);
	memcpy(m + 12, "\007example\003com", 13);
	memcpy(m + 25, rd, rdlen);
	return 25 + rdlen;
}

START_TEST(unpack)
{
	uint8_t m[128], out[512];
	struct wire_rd r;
	size_t len;

	/* RFC 1035 §4.1.4: MX may point back at an earlier name. */
	len = message(m, (const uint8_t *)"\000\012\004mail\300\014\377", 10);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_MX, &r, 9, out, sizeof(out)), 20);
	ck_assert_mem_eq(out, "\000\012\004mail\007example\003com", 20);
	ck_assert_uint_eq(wire_rd_offset(&r), 34);
	ck_assert_int_eq(r.err, 0);
	ck_assert_int_eq(rdata_unpack(RRTYPE_MX, &r, 1, out, sizeof(out)),
	    RD_EMALFORMED);

	/* SOA with both names compressed. */
	len = message(m, (const uint8_t *)"\300\014\300\014\000\000\000\001"
	    "\000\000\000\002\000\000\000\003\000\000\000\004\000\000\000\005",
	    24);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_SOA, &r, 24, out, sizeof(out)),
	    46);
	ck_assert_mem_eq(out + 13, "\007example\003com\000\000\000\000\001",
	    18);
	/* Too small an output. */
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_SOA, &r, 24, out, 20), RD_ESPACE);

	/*
	 * RFC 3597 §4: a receiver SHOULD decompress an SRV target (dnspython
	 * compresses it in UPDATE messages)...
	 */
	len = message(m, (const uint8_t *)"\000\001\000\002\000\003\300\014",
	    8);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_SRV, &r, 8, out, sizeof(out)),
	    19);
	ck_assert_mem_eq(out, "\000\001\000\002\000\003\007example\003com\000",
	    19);
	/* ...but a DNAME target, not in that list, is never compressed. */
	len = message(m, (const uint8_t *)"\300\014", 2);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_DNAME, &r, 2, out, sizeof(out)),
	    RD_EMALFORMED);

	/* A name may not run past rdlen, nor rdlen past the message. */
	len = message(m, (const uint8_t *)"\000\012\004mail\000", 8);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_MX, &r, 7, out, sizeof(out)),
	    RD_EMALFORMED);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_MX, &r, 9, out, sizeof(out)),
	    RD_EMALFORMED);
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_MX, &r, 8, out, sizeof(out)), 8);

	/* Unknown types are copied as they are. */
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(999, &r, 8, out, sizeof(out)), 8);
	ck_assert_mem_eq(out, "\000\012\004mail\000", 8);
	/* A with the wrong length. */
	wire_rd_init(&r, m, len);
	wire_rd_skip(&r, 25);
	ck_assert_int_eq(rdata_unpack(RRTYPE_A, &r, 3, out, sizeof(out)),
	    RD_EMALFORMED);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rdata");
	TCase *tc = tcase_create("rdata");

	tcase_add_test(tc, every_type_has_a_vector);
	tcase_add_loop_test(tc, text_to_wire, 0, NVECS);
	tcase_add_loop_test(tc, generic_form, 0, NVECS);
	tcase_add_loop_test(tc, validate_and_truncate, 0, NVECS);
	tcase_add_loop_test(tc, canonical_form, 0, NVECS);
	tcase_add_loop_test(tc, fields_cover_rdata, 0, NVECS);
	tcase_add_loop_test(tc, errors, 0, NERRS);
	tcase_add_test(tc, numbers_and_strings);
	tcase_add_test(tc, times);
	tcase_add_test(tc, base64_and_hex);
	tcase_add_test(tc, bitmaps);
	tcase_add_test(tc, bitmap_validation);
	tcase_add_test(tc, wire_rules);
	tcase_add_test(tc, canonical_order);
	tcase_add_test(tc, field_split);
	tcase_add_test(tc, unpack);
	suite_add_tcase(s, tc);
	return s;
}
