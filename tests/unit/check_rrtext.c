/*
 * check_rrtext: wire rdata to presentation text. For every type with a row
 * a hand-built wire rdata and the exact text BIND (named-compilezone) and
 * ldns print for it, except where rrtext.c documents that it follows the
 * other one (or kdig); names with escapes; malformed rdata of each field
 * kind printed in the RFC 3597 form; unknown types and classes; output
 * buffers that are too small.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "unit.h"

/*
 * The wire of each vector was made by dnspython from the text (by hand for
 * the types it lacks and for octets above 127), and the text checked
 * against named-compilezone and ldns-read-zone on the same \# records.
 */
static const struct vec {
	uint16_t type;
	const char *hex;
	const char *text;
} vecs[] = {
	{ RRTYPE_A,
	    "C0000201",
	    "192.0.2.1" },
	{ RRTYPE_NS,
	    "036E7331076578616D706C6500",
	    "ns1.example." },
	{ RRTYPE_MD,
	    "026D64076578616D706C6500",
	    "md.example." },
	{ RRTYPE_MF,
	    "026D66076578616D706C6500",
	    "mf.example." },
	{ RRTYPE_CNAME,
	    "0178076578616D706C6500",
	    "x.example." },
	{ RRTYPE_SOA,
	    "036E7331076578616D706C65000B686F73742E6D6173746572076578"
	    "616D706C650078A3F17500001C2000000E10001275000000012C",
	    "ns1.example. host\\.master.example. 2024010101 7200 3600 120"
	    "9600 300" },
	{ RRTYPE_MB,
	    "026D62076578616D706C6500",
	    "mb.example." },
	{ RRTYPE_MG,
	    "026D67076578616D706C6500",
	    "mg.example." },
	{ RRTYPE_MR,
	    "026D72076578616D706C6500",
	    "mr.example." },
	{ RRTYPE_WKS,
	    "C0000201060000064000000000000080",
	    "192.0.2.1 6 21 22 25 80" },
	{ RRTYPE_WKS,
	    "C000020111",
	    "192.0.2.1 17" },
	{ RRTYPE_PTR,
	    "0170076578616D706C6500",
	    "p.example." },
	{ RRTYPE_HINFO,
	    "08504320496E74656C0D4C696E757820227822205C20FF",
	    "\"PC Intel\" \"Linux \\\"x\\\" \\\\ \\255\"" },
	{ RRTYPE_MINFO,
	    "02726D076578616D706C650002656D076578616D706C6500",
	    "rm.example. em.example." },
	{ RRTYPE_MX,
	    "000A046D61696C076578616D706C6500",
	    "10 mail.example." },
	{ RRTYPE_TXT,
	    "01610362206300",
	    "\"a\" \"b c\" \"\"" },
	{ RRTYPE_TXT,
	    "07001F207E7F80FF12613B6228632964406524662067276860697E",
	    "\"\\000\\031 ~\\127\\128\\255\" \"a;b(c)d@e$f g'h`i~\"" },
	{ RRTYPE_RP,
	    "046D626F78076578616D706C650003747874076578616D706C6500",
	    "mbox.example. txt.example." },
	{ RRTYPE_AFSDB,
	    "000103616673076578616D706C6500",
	    "1 afs.example." },
	{ RRTYPE_RT,
	    "0000027274076578616D706C6500",
	    "0 rt.example." },
	{ RRTYPE_SIG,
	    "0001050200000E1065920080656922003039076578616D706C650001"
	    "020304",
	    "A 5 2 3600 20240101000000 20231201000000 12345 example. "
	    "AQIDBA==" },
	{ RRTYPE_KEY,
	    "0100030501020304",
	    "256 3 5 AQIDBA==" },
	{ RRTYPE_PX,
	    "000A036D6170076578616D706C6500046D617078076578616D706C65"
	    "00",
	    "10 map.example. mapx.example." },
	{ RRTYPE_AAAA,
	    "20010DB8000000000000000000000001",
	    "2001:db8::1" },
	{ RRTYPE_AAAA,
	    "00000000000000000000FFFFC0000201",
	    "::ffff:192.0.2.1" },
	{ RRTYPE_AAAA,
	    "20010DB8000000010001000100010001",
	    "2001:db8:0:1:1:1:1:1" },
	{ RRTYPE_AAAA,
	    "00000000000000000000000000000000",
	    "::" },
	{ RRTYPE_LOC,
	    "000016138B3CF018810CBCE0009895B8",
	    "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m" },
	{ RRTYPE_LOC,
	    "0033161389172DD070BE15F000988D20",
	    "42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m" },
	{ RRTYPE_LOC,
	    "00121613800000008000000000989680",
	    "0 0 0.000 N 0 0 0.000 E 0.00m 1m 10000m 10m" },
	{ RRTYPE_LOC,
	    "00122532794E1D2E96A34BB401312D32",
	    "31 12 1.234 S 105 30 0.500 E 100000.50m 1m 2000m 3m" },
	{ RRTYPE_LOC,
	    "00511099934FD900A69FB20000000000",
	    "90 0 0.000 N 180 0 0.000 E -100000.00m 0.50m 0.01m 90000000m" },
	{ RRTYPE_LOC,
	    "001216136CB0270159604E01FFFFFFFF",
	    "89 59 59.999 S 179 59 59.999 W 42849672.95m 1m 10000m 10m" },
	{ RRTYPE_SRV,
	    "0000000513C403736970076578616D706C6500",
	    "0 5 5060 sip.example." },
	{ RRTYPE_NAPTR,
	    "0064000A0175074532552B7369701B215E2E2A24217369703A696E66"
	    "6F406578616D706C652E636F6D2100",
	    "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ." },
	{ RRTYPE_KX,
	    "000A026B78076578616D706C6500",
	    "10 kx.example." },
	{ RRTYPE_CERT,
	    "000300000001020304",
	    "PGP 0 0 AQIDBA==" },
	{ RRTYPE_CERT,
	    "0001000C0801020304",
	    "PKIX 12 8 AQIDBA==" },
	{ RRTYPE_CERT,
	    "FDE8000CC801020304",
	    "65000 12 200 AQIDBA==" },
	{ RRTYPE_DNAME,
	    "0164076578616D706C6500",
	    "d.example." },
	{ RRTYPE_APL,
	    "00011503C0A82000011C83C0A826",
	    "1:192.168.32.0/21 !1:192.168.38.0/28" },
	{ RRTYPE_APL,
	    "00010401E000020801FF0002809020010DB800000000000000000000"
	    "000100010000",
	    "1:224.0.0.0/4 2:ff00::/8 !2:2001:db8::1/128 1:0.0.0.0/0" },
	{ RRTYPE_DS,
	    "EC4505012BB183AF5F22588179A53B0A98631FAD1A292118",
	    "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118" },
	{ RRTYPE_SSHFP,
	    "0402123456789ABCDEF67890123456789ABCDEF67890123456789ABC"
	    "DEF123456789",
	    "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF1"
	    "23456789" },
	{ RRTYPE_IPSECKEY,
	    "0A0102C0000226010351537986ED35533B6064478EEEB27B5BD74DAE"
	    "149B6E81BA3A0521AF82AB7801",
	    "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgq"
	    "t4AQ==" },
	{ RRTYPE_IPSECKEY,
	    "0A0002010351537986ED35533B6064478EEEB27B5BD74DAE149B6E81"
	    "BA3A0521AF82AB7801",
	    "10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==" },
	{ RRTYPE_IPSECKEY,
	    "0A0302096D7967617465776179076578616D706C6503636F6D000103"
	    "51537986ED35533B6064478EEEB27B5BD74DAE149B6E81BA3A0521AF"
	    "82AB7801",
	    "10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJ"
	    "tugbo6BSGvgqt4AQ==" },
	{ RRTYPE_IPSECKEY,
	    "0A020220010DB8000080020000000020000001010351537986ED3553"
	    "3B6064478EEEB27B5BD74DAE149B6E81BA3A0521AF82AB7801",
	    "10 2 2 2001:db8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uF"
	    "Jtugbo6BSGvgqt4AQ==" },
	{ RRTYPE_RRSIG,
	    "0001080200000E1065920080656922003039076578616D706C650001"
	    "02030405060708090A0B0C0D0E0F10",
	    "A 8 2 3600 20240101000000 20231201000000 12345 example. AQID"
	    "BAUGBwgJCgsMDQ4PEA==" },
	{ RRTYPE_RRSIG,
	    "03E70D02FFFFFFFFFFFFFFFF00000000FFFF00010203040506070809"
	    "0A0B0C0D0E0F10",
	    "TYPE999 13 2 4294967295 21060207062815 19700101000000 65535 "
	    ". AQIDBAUGBwgJCgsMDQ4PEA==" },
	{ RRTYPE_NSEC,
	    "046E657874076578616D706C6500000762010000000380041B000000"
	    "000000000000000000000000000000000000000000000020",
	    "next.example. A NS SOA MX RRSIG NSEC DNSKEY TYPE1234" },
	{ RRTYPE_NSEC,
	    "0100046E657874076578616D706C6500000700000000000010010140"
	    "FF200000000000000000000000000000000000000000000000000000"
	    "000000000001",
	    "\\000.next.example. NSEC3PARAM CAA TYPE65535" },
	{ RRTYPE_DNSKEY,
	    "0100030803010001C32758128BBAF1BF2F09CF57291C9A9BE79EDC31"
	    "7EC847947461958D05DE8CFC9EBF3E05",
	    "256 3 8 "
	    "AwEAAcMnWBKLuvG/LwnPVykcmpvnntwxfshHlHRhlY0F3oz8nr8+BQ==" },
	{ RRTYPE_DHCID,
	    "000201636FC0B8271C82825BB1AC5C41CF5351AA69B4FEBD94E8F17C"
	    "DB95000DA48C40",
	    "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=" },
	{ RRTYPE_NSEC3,
	    "0101000C04AABBCCDD1417F3DF17B2B2ADAEF615257DE4D2020B80AC"
	    "6C7C0006400000000002",
	    "1 1 12 AABBCCDD 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG" },
	{ RRTYPE_NSEC3,
	    "01000000001417F3DF17B2B2ADAEF615257DE4D2020B80AC6C7C",
	    "1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s" },
	{ RRTYPE_NSEC3PARAM,
	    "0100000C04AABBCCDD",
	    "1 0 12 AABBCCDD" },
	{ RRTYPE_NSEC3PARAM,
	    "0100000000",
	    "1 0 0 -" },
	{ RRTYPE_TLSA,
	    "0301010C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B5"
	    "14B56664C5D3D6",
	    "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B5"
	    "6664C5D3D6" },
	{ RRTYPE_SMIMEA,
	    "0301010C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B5"
	    "14B56664C5D3D6",
	    "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B5"
	    "6664C5D3D6" },
	{ RRTYPE_CDS,
	    "EC4505012BB183AF5F22588179A53B0A98631FAD1A292118",
	    "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118" },
	{ RRTYPE_CDS,
	    "0000000000",
	    "0 0 0 00" },
	{ RRTYPE_CDNSKEY,
	    "0100030803010001C32758128BBAF1BF2F09CF57291C9A9BE79EDC31"
	    "7EC847947461958D05DE8CFC9EBF3E05",
	    "256 3 8 "
	    "AwEAAcMnWBKLuvG/LwnPVykcmpvnntwxfshHlHRhlY0F3oz8nr8+BQ==" },
	{ RRTYPE_CDNSKEY,
	    "0000030000",
	    "0 3 0 AA==" },
	{ RRTYPE_OPENPGPKEY,
	    "0102030405060708090A0B0C0D0E0F10",
	    "AQIDBAUGBwgJCgsMDQ4PEA==" },
	{ RRTYPE_CSYNC,
	    "000000420003000460000008",
	    "66 3 A NS AAAA" },
	{ RRTYPE_CSYNC,
	    "78A3F1750000",
	    "2024010101 0" },
	{ RRTYPE_ZONEMD,
	    "7848B78C0101FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E5521705"
	    "7BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE",
	    "2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057"
	    "BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE" },
	{ RRTYPE_SVCB,
	    "0001000000000400010003000100060268320268330003000220FB00"
	    "040008C0000201C0000202000500030102030006002020010DB80000"
	    "0000000000000000000100000000000000000000000000000001",
	    "1 . mandatory=alpn,port alpn=h2,h3 port=8443 ipv4hint=192.0."
	    "2.1,192.0.2.2 ech=AQID ipv6hint=2001:db8::1,::1" },
	{ RRTYPE_SVCB,
	    "000003666F6F076578616D706C6500",
	    "0 foo.example." },
	{ RRTYPE_SVCB,
	    "001003666F6F076578616D706C65000001000302683200020000029B"
	    "000568656C6C6F",
	    "16 foo.example. alpn=h2 no-default-alpn key667=\"hello\"" },
	{ RRTYPE_SVCB,
	    "0001000001000903682C320468335C7804D20000FDE8000561016222"
	    "63",
	    "1 . alpn=h\\\\,2,h3\\\\\\\\x key1234 key65000=\"a\\001b\\\"c\"" },
	{ RRTYPE_SVCB,
	    "000200000700082F717B3F646E737D00080000FFFE000420783B79",
	    "2 . key7=\"/q{?dns}\" key8 key65534=\" x;y\"" },
	{ RRTYPE_HTTPS,
	    "00010000010003026832",
	    "1 . alpn=h2" },
	{ RRTYPE_HTTPS,
	    "000100000000040005FDE800050003010203FDE8000131",
	    "1 . mandatory=ech,key65000 ech=AQID key65000=\"1\"" },
	{ RRTYPE_SPF,
	    "0B763D73706631202D616C6C",
	    "\"v=spf1 -all\"" },
	{ RRTYPE_NID,
	    "000A00144FFFFF20EE64",
	    "10 0014:4fff:ff20:ee64" },
	{ RRTYPE_L32,
	    "000A0A010200",
	    "10 10.1.2.0" },
	{ RRTYPE_L64,
	    "000A20010DB811401000",
	    "10 2001:0db8:1140:1000" },
	{ RRTYPE_LP,
	    "000A0B6C36342D7375626E657431076578616D706C6503636F6D00",
	    "10 l64-subnet1.example.com." },
	{ RRTYPE_EUI48,
	    "00005E00532A",
	    "00-00-5e-00-53-2a" },
	{ RRTYPE_EUI64,
	    "00005EEF1000002A",
	    "00-00-5e-ef-10-00-00-2a" },
	{ RRTYPE_URI,
	    "000A00016674703A2F2F667470312E6578616D706C652E636F6D2F70"
	    "75626C6963",
	    "10 1 \"ftp://ftp1.example.com/public\"" },
	{ RRTYPE_CAA,
	    "0005697373756563612E6578616D706C652E6E6574",
	    "0 issue \"ca.example.net\"" },
	{ RRTYPE_CAA,
	    "8003746273556E6B6E6F776E",
	    "128 tbs \"Unknown\"" },
	{ RRTYPE_CAA,
	    "0005696F646566613B6220227822205C20C8",
	    "0 iodef \"a;b \\\"x\\\" \\\\ \\200\"" },
	{ RRTYPE_NS,
	    "13612E625C632264286529673B684069246AFF20076578616D706C65"
	    "00",
	    "a\\.b\\\\c\\\"d\\(e\\)g\\;h\\@i\\$j\\255\\032.example." },
	{ RRTYPE_NS,
	    "00",
	    "." },
};

#define NVECS (sizeof(vecs) / sizeof(vecs[0]))

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	ck_abort_msg("bad hex digit %c", c);
	return 0;
}

/* Decode a hex string of the test tables into out; its length. */
static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; s[0] != '\0'; s += 2) {
		ck_assert(s[1] != '\0');
		ck_assert(n < max);
		out[n++] = (uint8_t)(hexval(s[0]) << 4 | hexval(s[1]));
	}
	return n;
}

/*
 * The text of a hex rdata, which must succeed; static storage. The rdata
 * sits in an allocation of its exact size, so that the sanitizer build
 * catches any read past its end; an empty one is a NULL pointer.
 */
static const char *
text_of(uint16_t type, const char *hex)
{
	static uint8_t tmp[65535];
	static char buf[RRTEXT_MAX];
	size_t len = unhex(hex, tmp, sizeof(tmp));
	uint8_t *rd = NULL;
	int n;

	if (len > 0) {
		ck_assert_ptr_nonnull(rd = malloc(len));
		memcpy(rd, tmp, len);
	}
	n = rrtext_rdata(type, rd, len, buf, sizeof(buf));
	free(rd);
	ck_assert_msg(n >= 0, "type %u %s: %d", type, hex, n);
	ck_assert_int_eq((size_t)n, strlen(buf));
	return buf;
}

#define CHECK_TEXT(type, hex, want) \
	ck_assert_str_eq(text_of((type), (hex)), (want))

START_TEST(test_vectors)
{
	size_t i;

	for (i = 0; i < NVECS; i++)
		CHECK_TEXT(vecs[i].type, vecs[i].hex, vecs[i].text);
}
END_TEST

/* Every type with a row of its own and a text form has a vector above. */
START_TEST(test_every_type_has_a_vector)
{
	const struct rrtype_desc *d;
	unsigned t;
	size_t i;
	int found;

	for (t = 0; t < 65536; t++) {
		if (!rrtype_known((uint16_t)t))
			continue;
		d = rrtype_get((uint16_t)t);
		if (d->fields[0] == RDF_UNKNOWN)
			continue;
		found = 0;
		for (i = 0; i < NVECS; i++)
			if (vecs[i].type == t)
				found = 1;
		ck_assert_msg(found, "no vector for %s", d->name);
	}
}
END_TEST

/* RFC 3597 §5: opaque types, types without a row, empty rdata. */
START_TEST(test_rfc3597)
{
	CHECK_TEXT(65000, "0A000001", "\\# 4 0A000001");
	CHECK_TEXT(65001, "", "\\# 0");
	CHECK_TEXT(RRTYPE_NULL, "010203", "\\# 3 010203");
	CHECK_TEXT(RRTYPE_OPT, "000A0002ABCD", "\\# 6 000A0002ABCD");
	CHECK_TEXT(RRTYPE_TSIG, "00", "\\# 1 00");
	CHECK_TEXT(RRTYPE_A, "", "\\# 0");
	CHECK_TEXT(RRTYPE_APL, "", "\\# 0");
	CHECK_TEXT(RRTYPE_TXT, "", "\\# 0");
	CHECK_TEXT(RRTYPE_NS, "", "\\# 0");
	/* Lower-case hex digits become upper case: octets, not text. */
	CHECK_TEXT(0, "abcdef", "\\# 3 ABCDEF");
}
END_TEST

/*
 * Rdata that does not parse for its type prints as \# with all its octets,
 * one case per way a field kind can be wrong.
 */
static const struct vec bad[] = {
	/* Fixed-size fields too short or too long. */
	{ RRTYPE_A, "C00002", "\\# 3 C00002" },
	{ RRTYPE_A, "C000020101", "\\# 5 C000020101" },
	{ RRTYPE_AAAA, "20010DB8", "\\# 4 20010DB8" },
	{ RRTYPE_MX, "00", "\\# 1 00" },
	{ RRTYPE_EUI48, "00005E0053", "\\# 5 00005E0053" },
	{ RRTYPE_EUI64, "00005E0053", "\\# 5 00005E0053" },
	{ RRTYPE_L64, "000A20010DB8114010", "\\# 9 000A20010DB8114010" },
	{ RRTYPE_NID, "000A20010DB81140", "\\# 8 000A20010DB81140" },
	{ RRTYPE_L32, "000A0A0102", "\\# 5 000A0A0102" },
	{ RRTYPE_SOA, "0000000000000100000002",
	    "\\# 11 0000000000000100000002" },
	/* Names: a pointer, a label past the end, no root, a label of 64. */
	{ RRTYPE_NS, "C00C", "\\# 2 C00C" },
	{ RRTYPE_NS, "0561626300", "\\# 5 0561626300" },
	{ RRTYPE_NS, "0161", "\\# 2 0161" },
	{ RRTYPE_CNAME, "4061", "\\# 2 4061" },
	{ RRTYPE_MX, "000A0161", "\\# 4 000A0161" },
	{ RRTYPE_SRV, "0000000000350161", "\\# 8 0000000000350161" },
	/* A name followed by octets the type does not have. */
	{ RRTYPE_NS, "016100FF", "\\# 4 016100FF" },
	/* Character-strings longer than what is left. */
	{ RRTYPE_TXT, "0561", "\\# 2 0561" },
	{ RRTYPE_TXT, "0161016201", "\\# 5 0161016201" },
	{ RRTYPE_HINFO, "0161", "\\# 2 0161" },
	{ RRTYPE_NAPTR, "0064000A0175", "\\# 6 0064000A0175" },
	/* Required base64 and hex fields that are empty. */
	{ RRTYPE_DS, "EC450501", "\\# 4 EC450501" },
	{ RRTYPE_DNSKEY, "01000308", "\\# 4 01000308" },
	{ RRTYPE_CERT, "0003000000", "\\# 5 0003000000" },
	{ RRTYPE_TLSA, "030101", "\\# 3 030101" },
	{ RRTYPE_OPENPGPKEY, "", "\\# 0" },
	/*
	 * Type bitmaps: an empty window, windows out of order, a trailing zero
	 * octet, a window of 33 octets, a window cut short.
	 */
	{ RRTYPE_NSEC, "000000", "\\# 3 000000" },
	{ RRTYPE_NSEC, "00010140000140", "\\# 7 00010140000140" },
	{ RRTYPE_NSEC, "0000024000", "\\# 5 0000024000" },
	{ RRTYPE_NSEC,
	    "00002140000000000000000000000000000000000000000000000000"
	    "0000000000000001",
	    "\\# 36 00002140000000000000000000000000000000000000000000000"
	    "0000000000000000001" },
	{ RRTYPE_NSEC, "00000340", "\\# 4 00000340" },
	{ RRTYPE_CSYNC, "0000004200030000", "\\# 8 0000004200030000" },
	/* NSEC3: empty next hashed owner; salt past the end. */
	{ RRTYPE_NSEC3, "0101000C0000", "\\# 6 0101000C0000" },
	{ RRTYPE_NSEC3PARAM, "0100000C04AABB", "\\# 7 0100000C04AABB" },
	/*
	 * LOC: version 1, mantissa 10, 0e1, exponent 10, latitude beyond 90
	 * north and south, longitude beyond 180, 17 and 15 octets.
	 */
	{ RRTYPE_LOC, "01121613800000008000000000989680",
	    "\\# 16 01121613800000008000000000989680" },
	{ RRTYPE_LOC, "00A21613800000008000000000989680",
	    "\\# 16 00A21613800000008000000000989680" },
	{ RRTYPE_LOC, "00011613800000008000000000989680",
	    "\\# 16 00011613800000008000000000989680" },
	{ RRTYPE_LOC, "00121A13800000008000000000989680",
	    "\\# 16 00121A13800000008000000000989680" },
	{ RRTYPE_LOC, "00121613934FD9018000000000989680",
	    "\\# 16 00121613934FD9018000000000989680" },
	{ RRTYPE_LOC, "001216136CB026FF8000000000989680",
	    "\\# 16 001216136CB026FF8000000000989680" },
	{ RRTYPE_LOC, "0012161380000000A69FB20100989680",
	    "\\# 16 0012161380000000A69FB20100989680" },
	{ RRTYPE_LOC, "00121613800000008000000000989680FF",
	    "\\# 17 00121613800000008000000000989680FF" },
	{ RRTYPE_LOC, "001216138000000080000000009896",
	    "\\# 15 001216138000000080000000009896" },
	/* APL: family 3, 5 IPv4 octets, trailing zero, cut, /33, IPv6 /129. */
	{ RRTYPE_APL, "0003080101", "\\# 5 0003080101" },
	{ RRTYPE_APL, "000120050102030405", "\\# 9 000120050102030405" },
	{ RRTYPE_APL, "000118020100", "\\# 6 000118020100" },
	{ RRTYPE_APL, "0001180301", "\\# 5 0001180301" },
	{ RRTYPE_APL, "00012181C0", "\\# 5 00012181C0" },
	{ RRTYPE_APL, "0002810120", "\\# 5 0002810120" },
	/* IPSECKEY: gateway type 4, no public key, an address cut short. */
	{ RRTYPE_IPSECKEY, "0A04020102", "\\# 5 0A04020102" },
	{ RRTYPE_IPSECKEY, "0A0100C0000226", "\\# 7 0A0100C0000226" },
	{ RRTYPE_IPSECKEY, "0A0102C00002", "\\# 6 0A0102C00002" },
	/*
	 * SvcParams: keys out of order and repeated, key 65535, port of 3
	 * octets, empty alpn id, empty alpn, odd and invalid mandatory lists,
	 * no-default-alpn with a value, hints of the wrong size, empty ech,
	 * a value cut short, a compressed target.
	 */
	{ RRTYPE_SVCB, "00010000030002000100010003026832",
	    "\\# 16 00010000030002000100010003026832" },
	{ RRTYPE_SVCB, "0001000001000302683200010003026833",
	    "\\# 17 0001000001000302683200010003026833" },
	{ RRTYPE_SVCB, "000100FFFF0000", "\\# 7 000100FFFF0000" },
	{ RRTYPE_SVCB, "0001000003000301BB00", "\\# 10 0001000003000301BB00" },
	{ RRTYPE_SVCB, "0001000001000100", "\\# 8 0001000001000100" },
	{ RRTYPE_SVCB, "00010000010000", "\\# 7 00010000010000" },
	{ RRTYPE_SVCB, "000100000000030001FF", "\\# 10 000100000000030001FF" },
	{ RRTYPE_SVCB, "00010000000002000000", "\\# 10 00010000000002000000" },
	{ RRTYPE_SVCB, "0001000000000400030001",
	    "\\# 11 0001000000000400030001" },
	{ RRTYPE_SVCB, "0001000002000100", "\\# 8 0001000002000100" },
	{ RRTYPE_SVCB, "000100000400050102030405",
	    "\\# 12 000100000400050102030405" },
	{ RRTYPE_SVCB, "0001000006000401020304",
	    "\\# 11 0001000006000401020304" },
	{ RRTYPE_SVCB, "00010000050000", "\\# 7 00010000050000" },
	{ RRTYPE_SVCB, "000100000300", "\\# 6 000100000300" },
	{ RRTYPE_SVCB, "00010000010003026832FF",
	    "\\# 11 00010000010003026832FF" },
	{ RRTYPE_HTTPS, "0001C00C", "\\# 4 0001C00C" },
	/* RFC 9460 §8: a mandatory key that is not there; RFC 9461, 9540. */
	{ RRTYPE_SVCB, "000100000000020003", "\\# 9 000100000000020003" },
	{ RRTYPE_SVCB, "00010000000004000100030001000102680000040000",
	    "\\# 22 00010000000004000100030001000102680000040000" },
	{ RRTYPE_SVCB, "00010000070000", "\\# 7 00010000070000" },
	{ RRTYPE_SVCB, "0001000008000101", "\\# 8 0001000008000101" },
	/* CAA: empty tag, a tag with a hyphen. */
	{ RRTYPE_CAA, "0000", "\\# 2 0000" },
	{ RRTYPE_CAA, "0003612D6278", "\\# 6 0003612D6278" },
	/* WKS: a port bitmap ending in a zero octet. */
	{ RRTYPE_WKS, "C0000201060000", "\\# 7 C0000201060000" },
	/* RRSIG cut inside the signer's name; SIG without its signature. */
	{ RRTYPE_RRSIG, "0001080200000E1065915A80656A2200303907657861",
	    "\\# 22 0001080200000E1065915A80656A2200303907657861" },
	{ RRTYPE_SIG, "0001080200000E1065915A80656A2200303900",
	    "\\# 19 0001080200000E1065915A80656A2200303900" },
	/* URI with a priority alone. */
	{ RRTYPE_URI, "000A", "\\# 2 000A" },
};

#define NBAD (sizeof(bad) / sizeof(bad[0]))

START_TEST(test_malformed)
{
	size_t i;

	for (i = 0; i < NBAD; i++)
		CHECK_TEXT(bad[i].type, bad[i].hex, bad[i].text);
}
END_TEST

/* A name of 256 octets in rdata is malformed (RFC 1035 §3.1). */
START_TEST(test_name_too_long)
{
	uint8_t rd[300];
	char buf[2048];
	size_t i, len = 0;
	int n;

	/* Four labels of 63 and one of 2: 4 * 64 + 3 + 1 = 260 octets. */
	for (i = 0; i < 4; i++) {
		rd[len++] = 63;
		memset(rd + len, 'a', 63);
		len += 63;
	}
	rd[len++] = 2;
	rd[len++] = 'b';
	rd[len++] = 'b';
	rd[len++] = 0;
	n = rrtext_rdata(RRTYPE_NS, rd, len, buf, sizeof(buf));
	ck_assert_int_eq(n, 4 + 3 + 2 * 260);
	ck_assert(strncmp(buf, "\\# 260 3F616161", 15) == 0);
	/* One label less (196 octets) is a name. */
	n = rrtext_rdata(RRTYPE_NS, rd + 64, len - 64, buf, sizeof(buf));
	ck_assert_int_eq(n, 3 * 64 + 3);
	ck_assert(strncmp(buf, "aaaa", 4) == 0);
	ck_assert_int_eq(buf[63], '.');
	ck_assert_str_eq(buf + n - 4, ".bb.");
}
END_TEST

/* RFC 4034 §3.2: times as YYYYMMDDHHmmSS in UTC over the whole u32 range. */
START_TEST(test_time)
{
	static const struct {
		uint32_t t;
		const char *text;
	} times[] = {
		{ 0, "19700101000000" },
		{ 86399, "19700101235959" },
		/* A leap day in a year divisible by 400; 2100 has none. */
		{ 951782400, "20000229000000" },
		{ 951868800, "20000301000000" },
		{ 1735689599, "20241231235959" },
		{ 2147483647, "20380119031407" },
		{ 4102444800U, "21000101000000" },
		{ 4107542400U, "21000301000000" },
		{ 4294967295U, "21060207062815" },
	};
	uint8_t rd[64];
	char buf[256], want[256];
	size_t i;

	/* SIG A 5 2 3600 <exp> <inc> 1 . AA== */
	memcpy(rd, "\x00\x01\x05\x02\x00\x00\x0e\x10", 8);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		wire_put_u32(rd + 8, times[i].t);
		wire_put_u32(rd + 12, 0);
		memcpy(rd + 16, "\x00\x01\x00\x00", 4);
		ck_assert_int_gt(rrtext_rdata(RRTYPE_RRSIG, rd, 20, buf,
		    sizeof(buf)), 0);
		snprintf(want, sizeof(want),
		    "A 5 2 3600 %s 19700101000000 1 . AA==", times[i].text);
		ck_assert_str_eq(buf, want);
	}
}
END_TEST

/* Character-strings: every octet value, escaped as BIND prints them. */
START_TEST(test_strings)
{
	uint8_t rd[2 * 256];
	char buf[4096];
	const char *p;
	size_t i;
	int n;

	/* TXT of two strings: octets 0..127 and 128..255. */
	rd[0] = 128;
	rd[129] = 128;
	for (i = 0; i < 128; i++) {
		rd[1 + i] = (uint8_t)i;
		rd[130 + i] = (uint8_t)(128 + i);
	}
	n = rrtext_rdata(RRTYPE_TXT, rd, 258, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert(strncmp(buf, "\"\\000\\001", 9) == 0);
	p = strstr(buf, "\\031 !\\\"#$%&'()*+,-./0123456789:;<=>?@AB");
	ck_assert_ptr_nonnull(p);
	p = strstr(buf, "Z[\\\\]^_`ab");
	ck_assert_ptr_nonnull(p);
	p = strstr(buf, "yz{|}~\\127\" \"\\128\\129");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(buf + n - 9, "\\254\\255\"");
	/* 32 + 2 + 3 + 95 + 1 + 4 (\127) escaped lengths, then 128 * 4. */
	ck_assert_int_eq(n, 2 + 32 * 4 + 95 + 2 + 4 + 1 + 2 + 128 * 4);
}
END_TEST

/* Type bitmaps: all 65536 types fit in RRTEXT_MAX, in order. */
START_TEST(test_bitmap_all_types)
{
	static uint8_t rd[1 + 256 * 34];
	static char buf[RRTEXT_MAX];
	size_t i, len = 0;
	int n;

	rd[len++] = 0;
	for (i = 0; i < 256; i++) {
		rd[len++] = (uint8_t)i;
		rd[len++] = 32;
		memset(rd + len, 0xff, 32);
		len += 32;
	}
	n = rrtext_rr((const uint8_t *)"", 0, RRCLASS_IN, RRTYPE_NSEC, rd,
	    len, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	ck_assert_int_lt(n, RRTEXT_MAX);
	ck_assert(strncmp(buf, ".\t0\tIN\tNSEC\t. TYPE0 A NS MD MF CNAME SOA",
	    40) == 0);
	ck_assert(strstr(buf, " ZONEMD SVCB HTTPS TYPE66 ") != NULL);
	ck_assert_str_eq(buf + n - 19, "TYPE65534 TYPE65535");
}
END_TEST

/* The whole record: owner, TTL, class, type and rdata, tab-separated. */
START_TEST(test_rr)
{
	uint8_t owner[NAME_MAXLEN];
	char buf[1024];
	int n;

	ck_assert_int_gt(name_from_text("Www.Ex\\032ample.", 16, NULL,
	    owner), 0);
	n = rrtext_rr(owner, 3600, RRCLASS_IN, RRTYPE_A,
	    (const uint8_t *)"\xc0\x00\x02\x01", 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Www.Ex\\032ample.\t3600\tIN\tA\t192.0.2.1");
	ck_assert_int_eq(n, (int)strlen(buf));
	/* CH and CLASSnn (RFC 3597 §5), TXT in class CH. */
	rrtext_rr((const uint8_t *)"\007version\004bind", 0, RRCLASS_CH,
	    RRTYPE_TXT, (const uint8_t *)"\004x.y\"", 5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "version.bind.\t0\tCH\tTXT\t\"x.y\\\"\"");
	rrtext_rr((const uint8_t *)"", 4294967295U, 65280, RRTYPE_A,
	    (const uint8_t *)"\x7f\x00\x00\x01", 4, buf, sizeof(buf));
	ck_assert_str_eq(buf, ".\t4294967295\tCLASS65280\tA\t127.0.0.1");
	rrtext_rr((const uint8_t *)"", 1, RRCLASS_HS, 65000,
	    (const uint8_t *)"\x01", 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, ".\t1\tHS\tTYPE65000\t\\# 1 01");
	rrtext_rr((const uint8_t *)"", 1, RRCLASS_NONE, RRTYPE_ANY, NULL, 0,
	    buf, sizeof(buf));
	ck_assert_str_eq(buf, ".\t1\tNONE\tANY\t\\# 0");
	/* A malformed rdata of a known type keeps its mnemonic. */
	rrtext_rr((const uint8_t *)"\001a", 5, RRCLASS_ANY, RRTYPE_MX,
	    (const uint8_t *)"\x00", 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "a.\t5\tANY\tMX\t\\# 1 00");
}
END_TEST

/* Each length from 0 to the exact fit: RD_ESPACE, then the text. */
static void
check_space(uint16_t type, const char *hex, const char *want)
{
	uint8_t tmp[512], *rd;
	char buf[1024];
	size_t len = unhex(hex, tmp, sizeof(tmp)), need = strlen(want), max;
	int n;

	ck_assert_ptr_nonnull(rd = malloc(len + (len == 0)));
	memcpy(rd, tmp, len);

	for (max = 0; max <= need; max++) {
		memset(buf, 'X', sizeof(buf));
		n = rrtext_rdata(type, rd, len, buf, max);
		ck_assert_msg(n == RD_ESPACE, "%s: outmax %zu gave %d", want,
		    max, n);
		/* Nothing is written past outmax. */
		ck_assert_int_eq(buf[max], 'X');
		if (max > 0)
			ck_assert_int_eq(buf[0], '\0');
	}
	memset(buf, 'X', sizeof(buf));
	n = rrtext_rdata(type, rd, len, buf, need + 1);
	free(rd);
	ck_assert_int_eq(n, (int)need);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_space)
{
	size_t i;

	/* Every vector, so that each printer meets a short buffer. */
	for (i = 0; i < NVECS; i++)
		check_space(vecs[i].type, vecs[i].hex, vecs[i].text);
	for (i = 0; i < NBAD; i++)
		check_space(bad[i].type, bad[i].hex, bad[i].text);
	/*
	 * A malformed rdata whose presentation would fill the buffer before
	 * the error shows still prints as \# when that fits.
	 */
	check_space(RRTYPE_TXT, "03616161036262", "\\# 7 03616161036262");
}
END_TEST

START_TEST(test_space_rr)
{
	const char *want = "a.\t1\tIN\tA\t10.0.0.1";
	char buf[64];
	size_t max;
	int n;

	for (max = 0; max <= strlen(want); max++) {
		n = rrtext_rr((const uint8_t *)"\001a", 1, RRCLASS_IN,
		    RRTYPE_A, (const uint8_t *)"\x0a\x00\x00\x01", 4, buf,
		    max);
		ck_assert_int_eq(n, RD_ESPACE);
	}
	n = rrtext_rr((const uint8_t *)"\001a", 1, RRCLASS_IN, RRTYPE_A,
	    (const uint8_t *)"\x0a\x00\x00\x01", 4, buf, max);
	ck_assert_int_eq(n, (int)strlen(want));
	ck_assert_str_eq(buf, want);
}
END_TEST

/* Longer than any rdata can be. */
START_TEST(test_too_long)
{
	static uint8_t rd[65536];
	static char buf[RRTEXT_MAX];

	ck_assert_int_eq(rrtext_rdata(RRTYPE_A, rd, sizeof(rd), buf,
	    sizeof(buf)), RD_EMALFORMED);
	ck_assert_int_eq(rrtext_rdata(65000, rd, 65535, buf, sizeof(buf)),
	    3 + 5 + 1 + 2 * 65535);
}
END_TEST

/*
 * Cut presentation text into tokens as the zone scanner does: blanks
 * separate, a double quote starts a quoted token (quotes removed, escapes
 * left in place) and ends a word, a backslash escapes the next character.
 */
static size_t
tokenize(const char *s, struct rd_tok *tok, size_t max)
{
	size_t n = 0;
	const char *q;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (n >= max)
			ck_abort_msg("more than %zu tokens", max);
		memset(&tok[n], 0, sizeof(tok[n]));
		if (*s == '"') {
			q = ++s;
			while (*q != '"') {
				if (*q == '\0')
					ck_abort_msg("quote not closed: %s", s);
				q += *q == '\\' && q[1] != '\0' ? 2 : 1;
			}
			tok[n].quoted = 1;
		} else {
			q = s;
			while (*q != '\0' && *q != ' ' && *q != '"')
				q += *q == '\\' && q[1] != '\0' ? 2 : 1;
		}
		tok[n].s = s;
		tok[n].len = (uint32_t)(q - s);
		s = tok[n].quoted ? q + 1 : q;
		n++;
	}
	return n;
}

/*
 * Text to wire and back (rdata_from_text, then rrtext_rdata): every text
 * above reads back into the octets it was printed from. The \\# text of a
 * malformed rdata of a known type may be refused (rdata_from_text checks
 * \\# data against the type, as BIND does) but never reads as other octets.
 */
static void
check_round_trip(const struct vec *v, int may_refuse)
{
	static uint8_t want[65535], got[65535];
	static struct rd_tok tok[512];
	char err[256];
	size_t wlen = unhex(v->hex, want, sizeof(want)), ntok, errtok = 0;
	int n;

	ntok = tokenize(v->text, tok, 512);
	err[0] = '\0';
	n = rdata_from_text(v->type, tok, ntok, (const uint8_t *)"", got,
	    sizeof(got), err, sizeof(err), &errtok);
	if (may_refuse && n == RD_ESYNTAX)
		return;
	ck_assert_msg(n >= 0, "type %u \"%s\": %d (%s) at token %zu",
	    v->type, v->text, n, err, errtok);
	ck_assert_msg((size_t)n == wlen && memcmp(got, want, wlen) == 0,
	    "type %u \"%s\": other octets", v->type, v->text);
}

START_TEST(test_round_trip)
{
	static const struct vec opaque[] = {
		{ 65000, "0A000001", "\\# 4 0A000001" },
		{ 65001, "", "\\# 0" },
		{ RRTYPE_NULL, "010203", "\\# 3 010203" },
	};
	size_t i;

	for (i = 0; i < NVECS; i++)
		check_round_trip(&vecs[i], 0);
	for (i = 0; i < sizeof(opaque) / sizeof(opaque[0]); i++)
		check_round_trip(&opaque[i], 0);
	for (i = 0; i < NBAD; i++)
		check_round_trip(&bad[i], 1);
}
END_TEST

/* A small xorshift generator: the same sequence on every run. */
static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* Octets that make SvcParam and string escapes interesting. */
static uint8_t
rnd_char(uint32_t *st)
{
	static const char set[] = "ab,\\\"; (x=\001\377";

	return (uint8_t)set[rnd(st) % (sizeof(set) - 1)];
}

/* SvcParams with increasing keys and values mostly of the right shape. */
static size_t
gen_svcb(uint32_t *st, uint8_t *b)
{
	size_t o = 0, vl, i;
	int key = -1, p, np = (int)(rnd(st) % 4), nk, k;
	uint8_t v[64];

	b[o++] = 0;
	b[o++] = (uint8_t)(rnd(st) % 3);
	b[o++] = 0;
	for (p = 0; p < np; p++) {
		key += 1 + (int)(rnd(st) % 3);
		if (rnd(st) % 8 == 0)
			key += (int)(rnd(st) % 65536);
		if (key > 65535)
			break;
		vl = 0;
		switch (key) {
		case 0:
			nk = 1 + (int)(rnd(st) % 3);
			for (k = 0, i = 0; i < (size_t)nk; i++) {
				k += 1 + (int)(rnd(st) % 4);
				v[vl++] = (uint8_t)(k >> 8);
				v[vl++] = (uint8_t)k;
			}
			break;
		case 1:
			nk = 1 + (int)(rnd(st) % 3);
			for (i = 0; i < (size_t)nk; i++) {
				k = 1 + (int)(rnd(st) % 4);
				v[vl++] = (uint8_t)k;
				while (k-- > 0)
					v[vl++] = rnd_char(st);
			}
			break;
		case 2:
		case 8:
			break;
		case 3:
			vl = 2;
			break;
		case 4:
			vl = 4 * (1 + rnd(st) % 2);
			break;
		case 6:
			vl = 16;
			break;
		default:
			vl = rnd(st) % 6;
			for (i = 0; i < vl; i++)
				v[i] = rnd_char(st);
			break;
		}
		if (key >= 3 && key <= 6)
			for (i = 0; i < vl; i++)
				v[i] = (uint8_t)(rnd(st) % 3);
		b[o++] = (uint8_t)(key >> 8);
		b[o++] = (uint8_t)key;
		b[o++] = 0;
		b[o++] = (uint8_t)vl;
		memcpy(b + o, v, vl);
		o += vl;
	}
	return o;
}

/* NSEC "a." with windows in order, bits sparse, last octets non-zero. */
static size_t
gen_nsec(uint32_t *st, uint8_t *b)
{
	size_t o = 0;
	int w = -1, j, nw = (int)(rnd(st) % 4), l, z;

	memcpy(b, "\001a\000", 3);
	o = 3;
	for (j = 0; j < nw; j++) {
		w += 1 + (int)(rnd(st) % 100);
		if (w > 255)
			break;
		l = 1 + (int)(rnd(st) % 32);
		b[o++] = (uint8_t)w;
		b[o++] = (uint8_t)l;
		for (z = 0; z < l; z++)
			b[o++] = rnd(st) % 4 ? 0 : (uint8_t)rnd(st);
		if (b[o - 1] == 0)
			b[o - 1] = 1;
	}
	return o;
}

/* APL items of both families, negated or not. */
static size_t
gen_apl(uint32_t *st, uint8_t *b)
{
	size_t o = 0;
	int j, ni = (int)(rnd(st) % 4), f, l, z;

	for (j = 0; j < ni; j++) {
		f = 1 + (int)(rnd(st) % 2);
		l = (int)(rnd(st) % (f == 1 ? 5 : 17));
		b[o++] = 0;
		b[o++] = (uint8_t)f;
		b[o++] = (uint8_t)(rnd(st) % (f == 1 ? 33 : 129));
		b[o++] = (uint8_t)(l | (rnd(st) % 2 ? 0x80 : 0));
		for (z = 0; z < l; z++)
			b[o++] = (uint8_t)rnd(st);
		if (l > 0 && b[o - 1] == 0)
			b[o - 1] = 1;
	}
	return o;
}

/* LOC with valid precisions and coordinates in range. */
static size_t
gen_loc(uint32_t *st, uint8_t *b)
{
	uint32_t lat, lon;
	int z;

	b[0] = 0;
	for (z = 1; z < 4; z++)
		b[z] = (uint8_t)((1 + rnd(st) % 9) << 4 | rnd(st) % 10);
	lat = 0x80000000U - 324000000U + rnd(st) % 648000001U;
	lon = 0x80000000U - 648000000U + rnd(st) % 1296000001U;
	wire_put_u32(b + 4, lat);
	wire_put_u32(b + 8, lon);
	wire_put_u32(b + 12, rnd(st));
	return 16;
}

/* IPSECKEY with each gateway type and a key of 0 to 4 octets. */
static size_t
gen_ipseckey(uint32_t *st, uint8_t *b)
{
	size_t o = 0;
	int g = (int)(rnd(st) % 5), z, kl = (int)(rnd(st) % 5);

	b[o++] = (uint8_t)rnd(st);
	b[o++] = (uint8_t)g;
	b[o++] = (uint8_t)rnd(st);
	if (g == 1 || g == 2)
		for (z = 0; z < (g == 1 ? 4 : 16); z++)
			b[o++] = (uint8_t)rnd(st);
	if (g == 3) {
		memcpy(b + o, "\001x\000", 3);
		o += 3;
	}
	for (z = 0; z < kl; z++)
		b[o++] = (uint8_t)rnd(st);
	return o;
}

/*
 * Random rdata for every type with a row, half of it shaped for the kinds
 * with most rules: whatever rrtext prints must either be the \\# form or
 * read back through rdata_from_text into exactly the same octets. The
 * rdata sits in an allocation of its exact size, so that the sanitizer
 * build catches any read past it.
 */
START_TEST(test_random_round_trip)
{
	static uint8_t tmp[1024], got[65535];
	static struct rd_tok tok[1024];
	static char buf[RRTEXT_MAX];
	uint16_t types[128];
	size_t ntypes = 0, len, ntok, errtok, i, pres = 0;
	uint32_t st = 2463534242U, t;
	char err[256];
	uint8_t *rd;
	int n, it;

	for (t = 1; t < 65536 && ntypes < 128; t++)
		if (rrtype_known((uint16_t)t) &&
		    rrtype_get((uint16_t)t)->fields[0] != RDF_UNKNOWN)
			types[ntypes++] = (uint16_t)t;
	for (it = 0; it < 100000; it++) {
		t = types[rnd(&st) % ntypes];
		switch (rnd(&st) % 10) {
		case 0:
			t = rnd(&st) % 2 ? RRTYPE_SVCB : RRTYPE_HTTPS;
			len = gen_svcb(&st, tmp);
			break;
		case 1:
			t = RRTYPE_NSEC;
			len = gen_nsec(&st, tmp);
			break;
		case 2:
			t = RRTYPE_APL;
			len = gen_apl(&st, tmp);
			break;
		case 3:
			t = RRTYPE_LOC;
			len = gen_loc(&st, tmp);
			break;
		case 4:
			t = RRTYPE_IPSECKEY;
			len = gen_ipseckey(&st, tmp);
			break;
		default:
			/* Small octets often, so that lengths and names fit. */
			len = rnd(&st) % 48;
			for (i = 0; i < len; i++)
				tmp[i] = rnd(&st) % 4 ? (uint8_t)rnd(&st) :
				    (uint8_t)(rnd(&st) % 8);
			break;
		}
		/*
		 * Check's assertions record their place in a file each time,
		 * so this loop only calls them when something is wrong.
		 */
		if ((rd = malloc(len + 1)) == NULL)
			ck_abort_msg("out of memory");
		memcpy(rd, tmp, len);
		n = rrtext_rdata((uint16_t)t, rd, len, buf, sizeof(buf));
		free(rd);
		if (n < 0)
			ck_abort_msg("type %u: %d", t, n);
		if (strncmp(buf, "\\# ", 3) == 0)
			continue;
		pres++;
		ntok = tokenize(buf, tok, 1024);
		n = rdata_from_text((uint16_t)t, tok, ntok,
		    (const uint8_t *)"", got, sizeof(got), err, sizeof(err),
		    &errtok);
		if (n < 0)
			ck_abort_msg("type %u \"%s\" refused: %s", t, buf, err);
		if ((size_t)n != len || memcmp(got, tmp, len) != 0)
			ck_abort_msg("type %u \"%s\" reads back otherwise",
			    t, buf);
	}
	/* Enough of them had a text form for the test to mean something. */
	ck_assert_uint_gt(pres, 30000);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rrtext");
	TCase *tc = tcase_create("rrtext");

	/* The random round trip takes a few seconds under the sanitizers. */
	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_vectors);
	tcase_add_test(tc, test_every_type_has_a_vector);
	tcase_add_test(tc, test_rfc3597);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_name_too_long);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_bitmap_all_types);
	tcase_add_test(tc, test_rr);
	tcase_add_test(tc, test_space);
	tcase_add_test(tc, test_space_rr);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_random_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
