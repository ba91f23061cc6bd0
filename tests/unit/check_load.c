/*
 * check_load: one test per load check, each with the exact message, its
 * severity and its line, and the loader's result.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/zone.h"
#include "unit.h"

#define MAXMSG 16

struct msgs {
	int n;
	enum rd_sev sev[MAXMSG];
	unsigned line[MAXMSG];
	unsigned col[MAXMSG];
	char file[MAXMSG][64];
	char text[MAXMSG][1024];
};

static void
collect(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	struct msgs *m = ctx;

	ck_assert_int_lt(m->n, MAXMSG);
	m->sev[m->n] = sev;
	m->line[m->n] = line;
	m->col[m->n] = col;
	snprintf(m->file[m->n], sizeof(m->file[0]), "%s", file);
	snprintf(m->text[m->n], sizeof(m->text[0]), "%s", msg);
	m->n++;
}

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

#define HEAD                                                                   \
	"$TTL 3600\n"                                                          \
	"@ IN SOA ns1 host 2026112701 7200 3600 1209600 300\n"                 \
	"@ NS ns1\n"                                                           \
	"ns1 A 192.0.2.1\n"

/* Load text as example.com. from "t.zone"; returns the loader's result. */
static int
load(const char *text, struct msgs *m, struct zone **z)
{
	memset(m, 0, sizeof(*m));
	return load_zone_mem(text, strlen(text), "t.zone", N("example.com."),
	    NULL, collect, m, z);
}

static void
expect(const struct msgs *m, int i, enum rd_sev sev, unsigned line,
    const char *text)
{
	ck_assert_int_gt(m->n, i);
	ck_assert_int_eq(m->sev[i], sev);
	ck_assert_uint_eq(m->line[i], line);
	ck_assert_uint_eq(m->col[i], 0);
	ck_assert_str_eq(m->file[i], "t.zone");
	ck_assert_str_eq(m->text[i], text);
}

START_TEST(test_good)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD "www A 192.0.2.2\nwww AAAA 2001:db8::1\n"
				   "a.b.c TXT \"x\"\n",
			     &m, &z),
	    0);
	ck_assert_int_eq(m.n, 0);
	ck_assert_ptr_nonnull(z);
	ck_assert_uint_eq(z->serial, 2026112701);
	ck_assert_uint_eq(z->nrecords, 6);
	ck_assert_uint_eq(z->nnodes, 6);
	ck_assert_uint_eq(z->rclass, RRCLASS_IN);
	ck_assert_uint_eq(z->nnames, 4);
	zone_free(z);
}
END_TEST

START_TEST(test_no_soa)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load("$TTL 60\n@ NS ns1\nns1 A 192.0.2.1\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 0,
	    "example.com.: no SOA record at the "
	    "zone apex; a zone has exactly one SOA, at its origin (RFC 1035 "
	    "§5.2): add it, or check the origin");
}
END_TEST

START_TEST(test_soa_not_apex)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD "sub SOA ns1 host 1 2 3 4 5\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 5,
	    "sub.example.com.: SOA record not at "
	    "the zone apex example.com.; a zone has one SOA, at its origin "
	    "(RFC 1035 §5.2): remove it, or load this name as a zone of its "
	    "own");
}
END_TEST

START_TEST(test_two_soa)
{
	struct msgs m;
	struct zone *z;

	/* The same SOA twice is a duplicate; another one is an error. */
	ck_assert_int_eq(load(HEAD "@ SOA ns1 host 2026112701 7200 3600 "
				   "1209600 300\n@ SOA ns1 host 2026112702 "
				   "7200 3600 1209600 300\n",
			     &m, &z),
	    1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 6,
	    "example.com.: more than one SOA "
	    "record; a zone has exactly one SOA (RFC 1035 §5.2): keep one");
}
END_TEST

START_TEST(test_no_apex_ns)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load("$TTL 60\n\n@ SOA ns1 host 1 2 3 4 5\n"
			      "ns1 A 192.0.2.1\n",
			     &m, &z),
	    1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 3,
	    "example.com.: no NS records at the "
	    "zone apex; a zone names its servers at its origin (RFC 1034 "
	    "§4.2.1): add NS records");
}
END_TEST

START_TEST(test_cname_beside_data)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD "www CNAME ns1\nwww A 192.0.2.3\n"
				   "mail MX 10 ns1\nmail CNAME ns1\n",
			     &m, &z),
	    2);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 2);
	expect(&m, 0, RD_SEV_ERROR, 6,
	    "www.example.com.: CNAME beside A "
	    "data; a name with a CNAME can have no other data (RFC 2181 "
	    "§10.1): remove the CNAME or the other records");
	expect(&m, 1, RD_SEV_ERROR, 8,
	    "mail.example.com.: CNAME beside MX "
	    "data; a name with a CNAME can have no other data (RFC 2181 "
	    "§10.1): remove the CNAME or the other records");
}
END_TEST

START_TEST(test_cname_dnssec_ok)
{
	struct msgs m;
	struct zone *z;

	/* RFC 4035 §2.5: RRSIG and NSEC may sit beside a CNAME. */
	ck_assert_int_eq(
	    load(HEAD
		"www CNAME ns1\n"
		"www NSEC z.example.com. CNAME RRSIG NSEC\n"
		"www RRSIG CNAME 8 3 3600 20260101000000 20251201000000 12345 "
		"example.com. AAAA\n",
		&m, &z),
	    0);
	ck_assert_int_eq(m.n, 0);
	ck_assert_ptr_nonnull(z);
	ck_assert_uint_eq(zone_get(z, N("www.example.com."))->flags, ZN_CNAME);
	zone_free(z);
}
END_TEST

START_TEST(test_two_cnames)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load(HEAD "c CNAME a\nc CNAME a\nc CNAME b\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 7,
	    "c.example.com.: more than one CNAME "
	    "record; a name has at most one CNAME (RFC 2181 §10.1): keep one");
}
END_TEST

START_TEST(test_out_of_zone)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load(HEAD "foo.example.net. A 192.0.2.9\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 5,
	    "foo.example.net.: out of zone "
	    "example.com.; every record of a zone is at or below its origin: "
	    "fix the owner, $ORIGIN or the origin, or remove the record");
}
END_TEST

START_TEST(test_below_delegation)
{
	struct msgs m;
	struct zone *z;

	/* Glue is fine; other data below the cut is a warning. */
	ck_assert_int_eq(
	    load(HEAD "sub NS ns.sub\nns.sub A 192.0.2.7\n"
		      "ns.sub AAAA 2001:db8::7\nold.sub TXT \"x\"\n",
		&m, &z),
	    0);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_WARNING, 8,
	    "old.sub.example.com.: TXT below the "
	    "delegation at sub.example.com. is occluded and will not be "
	    "served (RFC 1034 §4.2.1): move it to the child zone or remove it");
	ck_assert_uint_eq(zone_get(z, N("sub.example.com."))->flags, ZN_DELEG);
	ck_assert_uint_eq(
	    zone_get(z, N("old.sub.example.com."))->flags, ZN_OCCLUDED);
	zone_free(z);
}
END_TEST

START_TEST(test_data_at_cut)
{
	struct msgs m;
	struct zone *z;

	/* NS, DS and glue at a cut are the parent's; TXT is the child's. */
	ck_assert_int_eq(load(HEAD "sub NS ns.example.net.\n"
				   "sub DS 12345 8 2 "
				   "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE1E7"
				   "CFCE5D64F4B9FC8B0CDF2\n"
				   "sub A 192.0.2.8\nsub TXT \"child\"\n",
			     &m, &z),
	    0);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_WARNING, 5,
	    "sub.example.com.: TXT at the "
	    "delegation is occluded and will not be served (RFC 1034 §4.2.1): "
	    "move it to the child zone or remove it");
	zone_free(z);
}
END_TEST

START_TEST(test_missing_glue)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load(HEAD "sub NS ns.sub\nsub NS ns.example.net.\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 5,
	    "sub.example.com.: NS target "
	    "ns.sub.example.com. has no glue; a name server inside the zone "
	    "it serves needs A or AAAA records beside the delegation (RFC 1034 "
	    "§4.2.1): add them");
}
END_TEST

START_TEST(test_apex_ns_no_address)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD "@ NS ns2\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 2,
	    "example.com.: NS target "
	    "ns2.example.com. is in this zone but has no A or AAAA record; a "
	    "name server must be reachable (RFC 1034 §4.2.1): add its address");
}
END_TEST

START_TEST(test_ttl_differs)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load(HEAD "www A 192.0.2.1\nwww 300 A 192.0.2.2\n", &m, &z), 0);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_WARNING, 6,
	    "www.example.com./A: TTL 300 differs "
	    "from the TTL 3600 of the RRset; the records of an RRset have one "
	    "TTL (RFC 2181 §5.2): set to 3600; make the TTLs equal");
	ck_assert_uint_eq(
	    znode_rrset(zone_get(z, N("www.example.com.")), RRTYPE_A)->ttl,
	    3600);
	ck_assert_uint_eq(
	    znode_rrset(zone_get(z, N("www.example.com.")), RRTYPE_A)->count,
	    2);
	zone_free(z);
}
END_TEST

START_TEST(test_duplicates)
{
	struct msgs m;
	struct zone *z;

	/* Collapsed silently, as kzonecheck and named-checkzone do. */
	ck_assert_int_eq(
	    load(HEAD "www A 192.0.2.1\nWWW A 192.0.2.1\n"
		      "www 60 A 192.0.2.1\n@ NS NS1.example.com.\n",
		&m, &z),
	    0);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(m.n, 0);
	ck_assert_uint_eq(z->nrecords, 4);
	zone_free(z);
}
END_TEST

START_TEST(test_dname_descendants)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(
	    load(HEAD "dn DNAME example.net.\nx.dn A 192.0.2.5\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 6,
	    "x.dn.example.com.: records below the "
	    "DNAME at dn.example.com.; a name with a DNAME can have no "
	    "descendants (RFC 6672 §2.4): remove them or the DNAME");
}
END_TEST

START_TEST(test_two_dnames)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD "dn DNAME example.net.\n"
				   "dn DNAME example.org.\n",
			     &m, &z),
	    1);
	ck_assert_int_eq(m.n, 1);
	expect(&m, 0, RD_SEV_ERROR, 6,
	    "dn.example.com.: more than one DNAME "
	    "record; a name has at most one DNAME (RFC 6672 §2.4): keep one");
}
END_TEST

START_TEST(test_class_mismatch)
{
	struct msgs m;
	struct zone *z;

	/* The scanner reports it (with a column); the load fails. */
	ck_assert_int_eq(load(HEAD "www CH A 192.0.2.1\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	ck_assert_int_eq(m.sev[0], RD_SEV_ERROR);
	ck_assert_uint_eq(m.line[0], 5);
	ck_assert_ptr_nonnull(strstr(m.text[0], "class CH differs from the "
						"zone's class IN"));
}
END_TEST

START_TEST(test_node_lines)
{
	struct msgs m;
	struct zone *z;

	/*
	 * Zone-wide checks name the first record of the node, also when
	 * the node's records are spread over the file.
	 */
	ck_assert_int_eq(
	    load(HEAD "b.sub TXT \"x\"\nsub NS ns.example.net.\n"
		      "a.sub MX 1 x\nb.sub SPF \"y\"\na.dn A 192.0.2.1\n"
		      "dn DNAME example.net.\n",
		&m, &z),
	    1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 3);
	/* In canonical order of the names: dn before sub. */
	expect(&m, 0, RD_SEV_ERROR, 9,
	    "a.dn.example.com.: records below the "
	    "DNAME at dn.example.com.; a name with a DNAME can have no "
	    "descendants (RFC 6672 §2.4): remove them or the DNAME");
	expect(&m, 1, RD_SEV_WARNING, 7,
	    "a.sub.example.com.: MX below the "
	    "delegation at sub.example.com. is occluded and will not be "
	    "served (RFC 1034 §4.2.1): move it to the child zone or remove it");
	expect(&m, 2, RD_SEV_WARNING, 5,
	    "b.sub.example.com.: TXT below the "
	    "delegation at sub.example.com. is occluded and will not be "
	    "served (RFC 1034 §4.2.1): move it to the child zone or remove it");
}
END_TEST

START_TEST(test_syntax_error_first)
{
	struct msgs m;
	struct zone *z;

	/* A syntax error stops the zone-wide checks (the glue may be it). */
	ck_assert_int_eq(
	    load(HEAD "sub NS ns.sub\nns.sub A 192.0.2.300\n", &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 1);
	ck_assert_uint_eq(m.line[0], 6);
	ck_assert_int_eq(m.sev[0], RD_SEV_ERROR);
	ck_assert_ptr_null(strstr(m.text[0], "glue"));
}
END_TEST

START_TEST(test_target_cname)
{
	struct msgs m;
	struct zone *z;

	/* RFC 2181 §10.3: an error for NS, a warning for MX and SRV. */
	ck_assert_int_eq(
	    load(HEAD "alias CNAME ns1\nmx MX 10 alias\n"
		      "_sip._udp SRV 0 0 5060 alias\nsub NS alias\n",
		&m, &z),
	    1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 3);
	expect(&m, 0, RD_SEV_WARNING, 7,
	    "_sip._udp.example.com.: SRV target "
	    "alias.example.com. is a CNAME; it must name the host itself, not "
	    "an alias (RFC 2181 §10.3): use the canonical name");
	expect(&m, 1, RD_SEV_WARNING, 6,
	    "mx.example.com.: MX target "
	    "alias.example.com. is a CNAME; it must name the host itself, not "
	    "an alias (RFC 2181 §10.3): use the canonical name");
	expect(&m, 2, RD_SEV_ERROR, 8,
	    "sub.example.com.: NS target "
	    "alias.example.com. is a CNAME; it must name the host itself, not "
	    "an alias (RFC 2181 §10.3): use the canonical name");
}
END_TEST

START_TEST(test_include_lines)
{
	char dir[] = "/tmp/check_load.XXXXXX", path[64], inc[64];
	struct msgs m;
	struct zone *z;
	FILE *f;

	/* A held message names the included file and its line. */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.zone", dir);
	snprintf(inc, sizeof(inc), "%s/sub.inc", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(HEAD "$INCLUDE sub.inc\nsub NS ns.sub\n", f);
	fclose(f);
	ck_assert_ptr_nonnull(f = fopen(inc, "w"));
	fputs("; the child's records\n\nold.sub TXT \"x\"\n", f);
	fclose(f);
	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(
	    load_zone_file(path, N("example.com."), NULL, collect, &m, &z), 1);
	ck_assert_ptr_null(z);
	ck_assert_int_eq(m.n, 2);
	ck_assert_str_eq(m.file[1], path);
	ck_assert_uint_eq(m.line[1], 6);
	ck_assert_ptr_nonnull(strstr(m.text[1], "ns.sub.example.com. has no "
						"glue"));
	ck_assert_str_eq(m.file[0], inc);
	ck_assert_uint_eq(m.line[0], 3);
	ck_assert_ptr_nonnull(strstr(m.text[0], "old.sub.example.com.: TXT "
						"below the delegation"));
	unlink(inc);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_every_error)
{
	struct msgs m;
	struct zone *z;

	/* The loader goes on after an error and reports each one. */
	ck_assert_int_eq(
	    load(HEAD
		"a.example.org. A 192.0.2.1\n"
		"www CNAME ns1\nwww TXT \"t\"\nb.example.org. A 192.0.2.1\n",
		&m, &z),
	    3);
	ck_assert_int_eq(m.n, 3);
	ck_assert_uint_eq(m.line[0], 5);
	ck_assert_uint_eq(m.line[1], 7);
	ck_assert_uint_eq(m.line[2], 8);
}
END_TEST

START_TEST(test_load_check)
{
	struct msgs m;
	struct zone *z;

	ck_assert_int_eq(load(HEAD, &m, &z), 0);
	ck_assert_ptr_nonnull(z);
	/* A diff could add what the loader refuses: check finds it. */
	ck_assert_int_eq(zone_add_rr(z, N("ns1.example.com."), RRTYPE_CNAME, 60,
			     N("x.example.net."), 13, NULL),
	    0);
	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(load_check(z, "t.zone", collect, &m), 2);
	ck_assert_int_eq(m.n, 2);
	/* Without the file at hand there is no line. */
	expect(&m, 0, RD_SEV_ERROR, 0,
	    "ns1.example.com.: CNAME beside A "
	    "data; a name with a CNAME can have no other data (RFC 2181 "
	    "§10.1): remove the CNAME or the other records");
	expect(&m, 1, RD_SEV_ERROR, 0,
	    "example.com.: NS target "
	    "ns1.example.com. is a CNAME; it must name the host itself, not "
	    "an alias (RFC 2181 §10.3): use the canonical name");
	zone_free(z);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_no_soa);
	tcase_add_test(tc, test_soa_not_apex);
	tcase_add_test(tc, test_two_soa);
	tcase_add_test(tc, test_no_apex_ns);
	tcase_add_test(tc, test_cname_beside_data);
	tcase_add_test(tc, test_cname_dnssec_ok);
	tcase_add_test(tc, test_two_cnames);
	tcase_add_test(tc, test_out_of_zone);
	tcase_add_test(tc, test_below_delegation);
	tcase_add_test(tc, test_data_at_cut);
	tcase_add_test(tc, test_missing_glue);
	tcase_add_test(tc, test_apex_ns_no_address);
	tcase_add_test(tc, test_ttl_differs);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_dname_descendants);
	tcase_add_test(tc, test_two_dnames);
	tcase_add_test(tc, test_class_mismatch);
	tcase_add_test(tc, test_node_lines);
	tcase_add_test(tc, test_syntax_error_first);
	tcase_add_test(tc, test_target_cname);
	tcase_add_test(tc, test_include_lines);
	tcase_add_test(tc, test_every_error);
	tcase_add_test(tc, test_load_check);
	suite_add_tcase(s, tc);
	return s;
}
