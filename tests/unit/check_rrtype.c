/*
 * check_rrtype: the RR type table. Every row's mnemonic maps to its number
 * and back, in any letter case; TYPEnn and CLASSnn (RFC 3597 §5); flags of
 * the meta rows; the field kinds that decide compression and canonical form.
 */
#include <check.h>
#include <string.h>

#include "dns/err.h"
#include "dns/rrtype.h"
#include "unit.h"

static const struct {
	const char *name;
	uint16_t type;
} rows[] = {
	{ "A", 1 }, { "NS", 2 }, { "MD", 3 }, { "MF", 4 }, { "CNAME", 5 },
	{ "SOA", 6 }, { "MB", 7 }, { "MG", 8 }, { "MR", 9 }, { "NULL", 10 },
	{ "WKS", 11 }, { "PTR", 12 }, { "HINFO", 13 }, { "MINFO", 14 },
	{ "MX", 15 }, { "TXT", 16 }, { "RP", 17 }, { "AFSDB", 18 },
	{ "RT", 21 }, { "SIG", 24 }, { "KEY", 25 }, { "PX", 26 },
	{ "AAAA", 28 }, { "LOC", 29 }, { "SRV", 33 }, { "NAPTR", 35 },
	{ "KX", 36 }, { "CERT", 37 }, { "DNAME", 39 }, { "OPT", 41 },
	{ "APL", 42 }, { "DS", 43 }, { "SSHFP", 44 }, { "IPSECKEY", 45 },
	{ "RRSIG", 46 }, { "NSEC", 47 }, { "DNSKEY", 48 }, { "DHCID", 49 },
	{ "NSEC3", 50 }, { "NSEC3PARAM", 51 }, { "TLSA", 52 },
	{ "SMIMEA", 53 }, { "CDS", 59 }, { "CDNSKEY", 60 },
	{ "OPENPGPKEY", 61 }, { "CSYNC", 62 }, { "ZONEMD", 63 },
	{ "SVCB", 64 }, { "HTTPS", 65 }, { "SPF", 99 }, { "NID", 104 },
	{ "L32", 105 }, { "L64", 106 }, { "LP", 107 }, { "EUI48", 108 },
	{ "EUI64", 109 }, { "TKEY", 249 }, { "TSIG", 250 }, { "IXFR", 251 },
	{ "AXFR", 252 }, { "ANY", 255 }, { "URI", 256 }, { "CAA", 257 },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void
lower(char *dst, const char *src)
{
	for (; *src; src++, dst++)
		*dst = (*src >= 'A' && *src <= 'Z') ? *src + 32 : *src;
	*dst = '\0';
}

START_TEST(every_row_both_ways)
{
	char buf[32], low[32];
	uint16_t t;
	size_t i;

	for (i = 0; i < NROWS; i++) {
		const struct rrtype_desc *d = rrtype_get(rows[i].type);

		ck_assert_uint_eq(rrtype_known(rows[i].type), 1);
		ck_assert_uint_eq(d->type, rows[i].type);
		ck_assert_str_eq(d->name, rows[i].name);
		ck_assert_int_ne(d->fields[0], RDF_END);
		t = 0;
		ck_assert_int_eq(rrtype_from_text(rows[i].name,
		    strlen(rows[i].name), &t), 0);
		ck_assert_uint_eq(t, rows[i].type);
		lower(low, rows[i].name);
		t = 0;
		ck_assert_int_eq(rrtype_from_text(low, strlen(low), &t), 0);
		ck_assert_uint_eq(t, rows[i].type);
		ck_assert_int_eq(rrtype_to_text(rows[i].type, buf, sizeof(buf)),
		    (int)strlen(rows[i].name));
		ck_assert_str_eq(buf, rows[i].name);
	}
}
END_TEST

START_TEST(rows_are_exactly_these)
{
	size_t n = 0, i;
	unsigned type;

	/* No row exists beyond the list above. */
	for (type = 0; type <= 65535; type++) {
		if (!rrtype_known((uint16_t)type))
			continue;
		for (i = 0; i < NROWS; i++)
			if (rows[i].type == type)
				break;
		ck_assert_msg(i < NROWS, "unexpected row %u", type);
		n++;
	}
	ck_assert_uint_eq(n, NROWS);
}
END_TEST

START_TEST(mixed_case_and_prefixes)
{
	uint16_t t = 0;

	ck_assert_int_eq(rrtype_from_text("nSeC3pArAm", 10, &t), 0);
	ck_assert_uint_eq(t, 51);
	ck_assert_int_eq(rrtype_from_text("Eui48", 5, &t), 0);
	ck_assert_uint_eq(t, 108);
	/* A prefix or an extension of a mnemonic is no mnemonic. */
	ck_assert_int_eq(rrtype_from_text("NSEC3PARAMS", 11, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("NSE", 3, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("AA", 2, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("", 0, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("1", 1, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("A ", 2, &t), RD_ESYNTAX);
	/* Only the first len characters count. */
	ck_assert_int_eq(rrtype_from_text("MXX", 2, &t), 0);
	ck_assert_uint_eq(t, 15);
}
END_TEST

START_TEST(type_nn)
{
	char buf[16];
	uint16_t t = 0;

	ck_assert_int_eq(rrtype_from_text("TYPE1", 5, &t), 0);
	ck_assert_uint_eq(t, 1);
	ck_assert_int_eq(rrtype_from_text("type65535", 9, &t), 0);
	ck_assert_uint_eq(t, 65535);
	ck_assert_int_eq(rrtype_from_text("TYPE0", 5, &t), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(rrtype_from_text("TYPE00260", 9, &t), 0);
	ck_assert_uint_eq(t, 260);
	ck_assert_int_eq(rrtype_from_text("TYPE65536", 9, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("TYPE", 4, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("TYPE1x", 6, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("TYPE-1", 6, &t), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_from_text("TYPE99999999999", 15, &t),
	    RD_ESYNTAX);

	ck_assert_int_eq(rrtype_to_text(258, buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "TYPE258");
	ck_assert_int_eq(rrtype_to_text(65535, buf, sizeof(buf)), 9);
	ck_assert_str_eq(buf, "TYPE65535");
	ck_assert_int_eq(rrtype_to_text(0, buf, sizeof(buf)), 5);
	ck_assert_str_eq(buf, "TYPE0");
	ck_assert_int_eq(rrtype_to_text(65535, buf, 9), RD_ESPACE);
	ck_assert_int_eq(rrtype_to_text(RRTYPE_NSEC3PARAM, buf, 10),
	    RD_ESPACE);
	ck_assert_int_eq(rrtype_to_text(RRTYPE_NSEC3PARAM, buf, 11), 10);
}
END_TEST

START_TEST(generic_row)
{
	const struct rrtype_desc *d;

	/* RFC 3597: types without a row, below and above the table's end. */
	ck_assert_int_eq(rrtype_known(0), 0);
	ck_assert_int_eq(rrtype_known(19), 0);
	ck_assert_int_eq(rrtype_known(258), 0);
	ck_assert_int_eq(rrtype_known(65535), 0);
	d = rrtype_get(19);
	ck_assert_ptr_null(d->name);
	ck_assert_int_eq(d->fields[0], RDF_UNKNOWN);
	ck_assert_int_eq(d->fields[1], RDF_END);
	ck_assert_ptr_eq(rrtype_get(4000), d);
}
END_TEST

START_TEST(flags)
{
	static const uint16_t meta[] = { 41, 249, 250, 251, 252, 255 };
	static const uint16_t dnssec[] = { 43, 46, 47, 48, 50, 51, 59, 60 };
	size_t i, j, nmeta, ndnssec;

	for (i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		ck_assert(rrtype_get(meta[i])->flags & RRT_META);
		ck_assert_int_eq(rrtype_get(meta[i])->fields[0], RDF_UNKNOWN);
	}
	for (i = 0; i < sizeof(dnssec) / sizeof(dnssec[0]); i++)
		ck_assert(rrtype_get(dnssec[i])->flags & RRT_DNSSEC);
	nmeta = ndnssec = 0;
	for (i = 0; i < NROWS; i++) {
		const struct rrtype_desc *d = rrtype_get(rows[i].type);
		int hasname = 0;

		nmeta += (d->flags & RRT_META) != 0;
		ndnssec += (d->flags & RRT_DNSSEC) != 0;
		for (j = 0; d->fields[j] != RDF_END; j++)
			if (d->fields[j] == RDF_NAME_C ||
			    d->fields[j] == RDF_NAME_L ||
			    d->fields[j] == RDF_NAME ||
			    d->fields[j] == RDF_IPSECKEY)
				hasname = 1;
		ck_assert_msg(hasname == ((d->flags & RRT_HASNAME) != 0),
		    "HASNAME of %s", d->name);
	}
	ck_assert_uint_eq(nmeta, 6);
	ck_assert_uint_eq(ndnssec, 8);
	ck_assert(rrtype_get(RRTYPE_CNAME)->flags & RRT_SINGLE);
	ck_assert(rrtype_get(RRTYPE_DNAME)->flags & RRT_SINGLE);
	ck_assert(rrtype_get(RRTYPE_SOA)->flags & RRT_SINGLE);
	ck_assert(!(rrtype_get(RRTYPE_NS)->flags & RRT_SINGLE));
	ck_assert(rrtype_get(RRTYPE_RRSIG)->flags & RRT_CNAMEOK);
	ck_assert(rrtype_get(RRTYPE_NSEC)->flags & RRT_CNAMEOK);
	ck_assert(!(rrtype_get(RRTYPE_A)->flags & RRT_CNAMEOK));
	ck_assert(!(rrtype_get(RRTYPE_A)->flags & RRT_META));
}
END_TEST

START_TEST(name_kinds)
{
	static const uint16_t compress[] = { 2, 3, 4, 5, 6, 7, 8, 9, 12, 14,
		15 };
	size_t i, j;

	/* RFC 3597 §4: only the RFC 1035 types have compressible names. */
	for (i = 0; i < NROWS; i++) {
		const struct rrtype_desc *d = rrtype_get(rows[i].type);
		int c = 0;

		for (j = 0; d->fields[j] != RDF_END; j++)
			c |= d->fields[j] == RDF_NAME_C;
		for (j = 0; j < sizeof(compress) / sizeof(compress[0]); j++)
			if (compress[j] == rows[i].type)
				break;
		ck_assert_msg(c == (j < sizeof(compress) / sizeof(compress[0])),
		    "compression of %s", d->name);
	}
	/* RFC 6840 §5.1: the NSEC next name keeps its case. */
	ck_assert_int_eq(rrtype_get(RRTYPE_NSEC)->fields[0], RDF_NAME);
	ck_assert_int_eq(rrtype_get(RRTYPE_RRSIG)->fields[7], RDF_NAME_L);
	ck_assert_int_eq(rrtype_get(RRTYPE_SRV)->fields[3], RDF_NAME_L);
	ck_assert_int_eq(rrtype_get(RRTYPE_SVCB)->fields[1], RDF_NAME);
	ck_assert_int_eq(rrtype_get(RRTYPE_MX)->fields[0], RDF_U16);
	ck_assert_int_eq(rrtype_get(RRTYPE_MX)->fields[1], RDF_NAME_C);
	ck_assert_int_eq(rrtype_get(RRTYPE_MX)->fields[2], RDF_END);
}
END_TEST

START_TEST(classes)
{
	static const struct {
		const char *name;
		uint16_t rclass;
	} cl[] = { { "IN", 1 }, { "CH", 3 }, { "HS", 4 }, { "NONE", 254 },
		{ "ANY", 255 } };
	char buf[16];
	uint16_t c;
	size_t i;

	for (i = 0; i < sizeof(cl) / sizeof(cl[0]); i++) {
		c = 0;
		ck_assert_int_eq(rrclass_from_text(cl[i].name,
		    strlen(cl[i].name), &c), 0);
		ck_assert_uint_eq(c, cl[i].rclass);
		ck_assert_int_eq(rrclass_to_text(cl[i].rclass, buf,
		    sizeof(buf)), (int)strlen(cl[i].name));
		ck_assert_str_eq(buf, cl[i].name);
	}
	ck_assert_int_eq(rrclass_from_text("in", 2, &c), 0);
	ck_assert_uint_eq(c, 1);
	ck_assert_int_eq(rrclass_from_text("class42", 7, &c), 0);
	ck_assert_uint_eq(c, 42);
	ck_assert_int_eq(rrclass_from_text("CLASS65536", 10, &c), RD_ESYNTAX);
	ck_assert_int_eq(rrclass_from_text("CLASS", 5, &c), RD_ESYNTAX);
	ck_assert_int_eq(rrclass_from_text("INN", 3, &c), RD_ESYNTAX);
	ck_assert_int_eq(rrclass_from_text("", 0, &c), RD_ESYNTAX);
	ck_assert_int_eq(rrclass_to_text(2, buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "CLASS2");
	ck_assert_int_eq(rrclass_to_text(1, buf, 2), RD_ESPACE);
}
END_TEST

START_TEST(algorithms_and_cert_types)
{
	uint8_t a = 0;
	uint16_t c = 0;

	ck_assert_int_eq(rrtype_alg_from_text("RSASHA256", 9, &a), 0);
	ck_assert_uint_eq(a, 8);
	ck_assert_int_eq(rrtype_alg_from_text("ecdsap256sha256", 15, &a), 0);
	ck_assert_uint_eq(a, 13);
	ck_assert_int_eq(rrtype_alg_from_text("RSASHA1-NSEC3-SHA1", 18, &a),
	    0);
	ck_assert_uint_eq(a, 7);
	ck_assert_int_eq(rrtype_alg_from_text("255", 3, &a), 0);
	ck_assert_uint_eq(a, 255);
	ck_assert_int_eq(rrtype_alg_from_text("256", 3, &a), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_alg_from_text("RSA", 3, &a), RD_ESYNTAX);
	ck_assert_str_eq(rrtype_alg_name(15), "ED25519");
	ck_assert_ptr_null(rrtype_alg_name(9));

	ck_assert_int_eq(rrtype_cert_from_text("PGP", 3, &c), 0);
	ck_assert_uint_eq(c, 3);
	ck_assert_int_eq(rrtype_cert_from_text("iacpkix", 7, &c), 0);
	ck_assert_uint_eq(c, 8);
	ck_assert_int_eq(rrtype_cert_from_text("65535", 5, &c), 0);
	ck_assert_uint_eq(c, 65535);
	ck_assert_int_eq(rrtype_cert_from_text("65536", 5, &c), RD_ESYNTAX);
	ck_assert_str_eq(rrtype_cert_name(254), "OID");
	ck_assert_ptr_null(rrtype_cert_name(9));
}
END_TEST

START_TEST(svc_keys)
{
	char buf[16];
	uint16_t k = 99;

	ck_assert_int_eq(rrtype_svckey_from_text("mandatory", 9, &k), 0);
	ck_assert_uint_eq(k, 0);
	ck_assert_int_eq(rrtype_svckey_from_text("no-default-alpn", 15, &k),
	    0);
	ck_assert_uint_eq(k, 2);
	ck_assert_int_eq(rrtype_svckey_from_text("ohttp", 5, &k), 0);
	ck_assert_uint_eq(k, 8);
	ck_assert_int_eq(rrtype_svckey_from_text("key3", 4, &k), 0);
	ck_assert_uint_eq(k, 3);
	ck_assert_int_eq(rrtype_svckey_from_text("key65534", 8, &k), 0);
	ck_assert_uint_eq(k, 65534);
	/* RFC 9460 §14.3.2: key65535 is reserved. */
	ck_assert_int_eq(rrtype_svckey_from_text("key65535", 8, &k),
	    RD_ESYNTAX);
	ck_assert_int_eq(rrtype_svckey_from_text("ALPN", 4, &k), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_svckey_from_text("key", 3, &k), RD_ESYNTAX);
	ck_assert_int_eq(rrtype_svckey_to_text(6, buf, sizeof(buf)), 8);
	ck_assert_str_eq(buf, "ipv6hint");
	ck_assert_int_eq(rrtype_svckey_to_text(667, buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "key667");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rrtype");
	TCase *tc = tcase_create("rrtype");

	tcase_add_test(tc, every_row_both_ways);
	tcase_add_test(tc, rows_are_exactly_these);
	tcase_add_test(tc, mixed_case_and_prefixes);
	tcase_add_test(tc, type_nn);
	tcase_add_test(tc, generic_row);
	tcase_add_test(tc, flags);
	tcase_add_test(tc, name_kinds);
	tcase_add_test(tc, classes);
	tcase_add_test(tc, algorithms_and_cert_types);
	tcase_add_test(tc, svc_keys);
	suite_add_tcase(s, tc);
	return s;
}
