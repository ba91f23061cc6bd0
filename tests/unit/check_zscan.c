/*
 * check_zscan: the zone-file scanner. Records, owners, TTLs, classes and
 * lines; directives; errors reported with their position and scanned past;
 * $INCLUDE and gzip through files the tests write.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/zscan.h"
#include "unit.h"

#define MAXREC 64
#define MAXMSG 16

/* What one scan produced, in text, for exact comparisons. */
struct result {
	int nrec;
	char owner[MAXREC][NAME_MAXTEXT];
	uint32_t ttl[MAXREC];
	uint16_t rclass[MAXREC];
	uint16_t type[MAXREC];
	char rdata[MAXREC][256];	/* hex, the first 120 octets */
	uint16_t rdlen[MAXREC];
	char file[MAXREC][64];
	unsigned line[MAXREC];
	int nmsg;
	char msg[MAXMSG][600];		/* "file:line:col: sev: text" */
	unsigned errors, warnings;
};

static void
collect(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	struct result *r = ctx;

	if (r->nmsg < MAXMSG)
		snprintf(r->msg[r->nmsg++], sizeof(r->msg[0]), "%s:%u:%u: %s: %s",
		    file ? file : "-", line, col,
		    sev == RD_SEV_ERROR ? "error" : "warning", msg);
}

static void
drain(struct zscan *z, struct result *r)
{
	struct zscan_rr rr;
	size_t i;

	ck_assert_ptr_nonnull(z);
	while (zscan_next(z, &rr) == 1) {
		ck_assert_int_lt(r->nrec, MAXREC);
		ck_assert_int_gt(name_to_text(rr.owner, r->owner[r->nrec],
		    NAME_MAXTEXT), 0);
		r->ttl[r->nrec] = rr.ttl;
		r->rclass[r->nrec] = rr.rclass;
		r->type[r->nrec] = rr.type;
		r->rdata[r->nrec][0] = '\0';
		r->rdlen[r->nrec] = rr.rdlen;
		for (i = 0; i < rr.rdlen && i < 120; i++)
			sprintf(r->rdata[r->nrec] + 2 * i, "%02x", rr.rdata[i]);
		snprintf(r->file[r->nrec], sizeof(r->file[0]), "%s", rr.file);
		r->line[r->nrec] = rr.line;
		r->nrec++;
	}
	r->errors = zscan_errors(z);
	r->warnings = zscan_warnings(z);
	zscan_close(z);
}

static const uint8_t example[] = "\7example\3com";

static void
scan_opts(const char *text, const struct zscan_opts *o, struct result *r)
{
	memset(r, 0, sizeof(*r));
	drain(zscan_open_mem(text, strlen(text), "t.zone", o, collect, r), r);
}

static void
scan(const char *text, struct result *r)
{
	struct zscan_opts o = { .origin = example };

	scan_opts(text, &o, r);
}

START_TEST(test_ttl_units)
{
	uint32_t v;

	ck_assert_int_eq(zscan_ttl_from_text("3600", 4, &v), 0);
	ck_assert_uint_eq(v, 3600);
	ck_assert_int_eq(zscan_ttl_from_text("1h30m", 5, &v), 0);
	ck_assert_uint_eq(v, 5400);
	ck_assert_int_eq(zscan_ttl_from_text("2W", 2, &v), 0);
	ck_assert_uint_eq(v, 1209600);
	ck_assert_int_eq(zscan_ttl_from_text("1d2H3m4S", 8, &v), 0);
	ck_assert_uint_eq(v, 86400 + 7200 + 180 + 4);
	ck_assert_int_eq(zscan_ttl_from_text("4294967295", 10, &v), 0);
	ck_assert_uint_eq(v, 4294967295u);
	ck_assert_int_eq(zscan_ttl_from_text("4294967296", 10, &v), RD_ERANGE);
	ck_assert_int_eq(zscan_ttl_from_text("7102w", 5, &v), RD_ERANGE);
	ck_assert_int_eq(zscan_ttl_from_text("3600x", 5, &v), RD_ESYNTAX);
	ck_assert_int_eq(zscan_ttl_from_text("h", 1, &v), RD_ESYNTAX);
	ck_assert_int_eq(zscan_ttl_from_text("1h30", 4, &v), RD_ESYNTAX);
	ck_assert_int_eq(zscan_ttl_from_text("", 0, &v), RD_ESYNTAX);
}
END_TEST

START_TEST(test_basic_records)
{
	struct result r;

	scan("$TTL 1h\n"
	    "@\tIN SOA ns hostmaster 1 2 3 4 5\n"
	    "www 300 IN A 192.0.2.1\n"
	    "\tIN 600 A 192.0.2.2 ; the same owner\n"
	    "  A 192.0.2.3\n"
	    "\n"
	    "; a comment line\n"
	    "mail.example.com. ch 60 TXT \"x\"\n", &r);
	ck_assert_int_eq(r.nrec, 4);
	ck_assert_str_eq(r.owner[0], "example.com.");
	ck_assert_uint_eq(r.type[0], RRTYPE_SOA);
	ck_assert_uint_eq(r.ttl[0], 3600);
	ck_assert_uint_eq(r.line[0], 2);
	ck_assert_str_eq(r.owner[1], "www.example.com.");
	ck_assert_uint_eq(r.ttl[1], 300);
	ck_assert_uint_eq(r.rclass[1], RRCLASS_IN);
	ck_assert_str_eq(r.rdata[1], "c0000201");
	ck_assert_uint_eq(r.line[1], 3);
	ck_assert_str_eq(r.owner[2], "www.example.com.");
	ck_assert_uint_eq(r.ttl[2], 600);
	ck_assert_str_eq(r.rdata[2], "c0000202");
	ck_assert_str_eq(r.owner[3], "www.example.com.");
	ck_assert_uint_eq(r.ttl[3], 3600);
	ck_assert_uint_eq(r.line[3], 5);
	ck_assert_str_eq(r.file[3], "t.zone");
	/* RFC 1035 §5.1: one class per zone; CH after IN is an error. */
	ck_assert_uint_eq(r.errors, 1);
	ck_assert_int_eq(r.nmsg, 1);
	ck_assert_str_eq(r.msg[0], "t.zone:8:19: error: class CH differs "
	    "from the zone's class IN; expected IN or no class");
}
END_TEST

START_TEST(test_parens_lines)
{
	struct result r;

	scan("$TTL 60\n"
	    "@ SOA ns hostmaster ( 2024010101 ; serial\n"
	    "      7200 ; refresh\n"
	    "      3600 1209600\n"
	    "      300 )\n"
	    "t TXT \"a;b(c\" ( \"two\\\n"
	    "lines\" )\n"
	    "u A 192.0.2.9\n"
	    "v TXT ( \"no\n"
	    "\" )\n", &r);
	/* As BIND: a quoted string ends on its line unless \ escapes it. */
	ck_assert_uint_eq(r.errors, 2);
	ck_assert_str_eq(r.msg[0], "t.zone:9:9: error: quoted string not "
	    "closed at the end of the line; expected '\"'");
	ck_assert_str_eq(r.msg[1], "t.zone:10:1: error: quoted string not "
	    "closed at the end of the line; expected '\"'");
	ck_assert_int_eq(r.nrec, 3);
	ck_assert_uint_eq(r.line[0], 2);
	ck_assert_str_eq(r.rdata[0] + strlen(r.rdata[0]) - 40,
	    "78a3f17500001c2000000e10001275000000012c");
	ck_assert_uint_eq(r.line[1], 6);
	/* Quoted text keeps ; and (, and an escaped newline. */
	ck_assert_str_eq(r.rdata[1], "05613b622863"
	    "0974776f0a6c696e6573");
	ck_assert_str_eq(r.owner[2], "u.example.com.");
	ck_assert_uint_eq(r.line[2], 8);
}
END_TEST

START_TEST(test_owner_escapes)
{
	struct result r;

	scan("$TTL 60\n"
	    "a\\.b\\032c A 192.0.2.1\n"
	    "$ORIGIN sub\n"
	    "@ A 192.0.2.2\n"
	    "x.y A 192.0.2.3\n"
	    "$ORIGIN other.test.\n"
	    "@ A 192.0.2.4\n", &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 4);
	ck_assert_str_eq(r.owner[0], "a\\.b\\032c.example.com.");
	/* A relative $ORIGIN is completed by the current one. */
	ck_assert_str_eq(r.owner[1], "sub.example.com.");
	ck_assert_str_eq(r.owner[2], "x.y.sub.example.com.");
	ck_assert_str_eq(r.owner[3], "other.test.");
}
END_TEST

START_TEST(test_errors_continue)
{
	struct result r;

	scan("$TTL 60\n"
	    "a 3600x A 192.0.2.1\n"
	    "b A 192.0.2.2\n"
	    "c 60 IN FOO bar\n"
	    "d 60 IN A\n"
	    "$BOGUS x\n"
	    "e A 192.0.2.5\n"
	    "f 60 60 A 192.0.2.6\n"
	    "g..h A 192.0.2.7\n"
	    "\tA 192.0.2.8\n"
	    "i A 192.0.2.9 )\n"
	    "j TXT \"open\n"
	    "k ANY \\# 0\n", &r);
	ck_assert_int_eq(r.nrec, 2);
	ck_assert_str_eq(r.owner[0], "b.example.com.");
	ck_assert_str_eq(r.owner[1], "e.example.com.");
	ck_assert_uint_eq(r.errors, 9);
	ck_assert_int_eq(r.nmsg, 9);
	ck_assert_str_eq(r.msg[0], "t.zone:2:3: error: '3600x' is not a "
	    "valid TTL; expected seconds or units like 1h30m");
	ck_assert_str_eq(r.msg[1], "t.zone:4:9: error: 'FOO' is not a known "
	    "class or record type; expected a type such as A, NS or TYPE65280 "
	    "(RFC 3597)");
	ck_assert_str_eq(r.msg[3], "t.zone:6:1: error: '$BOGUS' is not a "
	    "known directive; expected $ORIGIN, $TTL, $INCLUDE or $GENERATE");
	ck_assert_str_eq(r.msg[4], "t.zone:8:6: error: '60' is a second TTL; "
	    "expected a class or a record type");
	ck_assert_str_eq(r.msg[5], "t.zone:9:1: error: owner 'g..h' is not a "
	    "valid domain name; expected labels separated by dots, with \\X "
	    "or \\DDD escapes");
	/* Line 10 repeats the bad owner: dropped with it, no new error. */
	ck_assert_str_eq(r.msg[6], "t.zone:11:15: error: ')' without a "
	    "matching '('; expected '(' earlier in the record");
	ck_assert_str_eq(r.msg[7], "t.zone:12:7: error: quoted string not "
	    "closed at the end of the line; expected '\"'");
	ck_assert_str_eq(r.msg[8], "t.zone:13:3: error: 'ANY' is a meta type "
	    "that cannot be in a zone; expected a data type");
}
END_TEST

START_TEST(test_max_errors)
{
	struct zscan_opts o = { .origin = example, .max_errors = 3 };
	struct result r;

	scan_opts("$TTL 60\na 1x A 192.0.2.1\nb 1x A 192.0.2.1\n"
	    "c 1x A 192.0.2.1\nd 1x A 192.0.2.1\ne A 192.0.2.1\n", &o, &r);
	ck_assert_uint_eq(r.errors, 3);
	ck_assert_int_eq(r.nmsg, 3);
	ck_assert_int_eq(r.nrec, 0);
}
END_TEST

START_TEST(test_missing_ttl)
{
	struct result r;

	scan("a A 192.0.2.1\n", &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_str_eq(r.msg[0], "t.zone:1:1: error: no TTL for this "
	    "record; expected a $TTL directive before it or a TTL in the "
	    "record");
	/* As BIND: the SOA MINIMUM, with a warning, as the default TTL. */
	scan("@ SOA ns hm 1 2 3 4 900\nb A 192.0.2.2\nc 30 A 192.0.2.3\n"
	    "d A 192.0.2.4\n", &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_uint_eq(r.warnings, 1);
	ck_assert_str_eq(r.msg[0], "t.zone:1:1: warning: no TTL for the SOA "
	    "and no $TTL; using its MINIMUM 900 as the default TTL, add $TTL "
	    "to make this explicit");
	ck_assert_int_eq(r.nrec, 4);
	ck_assert_uint_eq(r.ttl[0], 900);
	ck_assert_uint_eq(r.ttl[1], 900);
	ck_assert_uint_eq(r.ttl[2], 30);
	ck_assert_uint_eq(r.ttl[3], 900);
	/* RFC 2181 §8: a TTL with the top bit set is taken as 0. */
	scan("a 2147483648 A 192.0.2.1\nb 2147483647 A 192.0.2.2\n", &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_uint_eq(r.warnings, 1);
	ck_assert_str_eq(r.msg[0], "t.zone:1:3: warning: TTL '2147483648' is "
	    "above 2147483647 and taken as 0 (RFC 2181 §8); use at most "
	    "2147483647");
	ck_assert_uint_eq(r.ttl[0], 0);
	ck_assert_uint_eq(r.ttl[1], 2147483647);
}
END_TEST

START_TEST(test_default_ttl_and_class)
{
	struct zscan_opts o = { .origin = example, .has_default_ttl = 1,
	    .default_ttl = 77 };
	struct result r;

	scan_opts("a CLASS1 A 192.0.2.1\nb IN 5 A 192.0.2.2\nc A 192.0.2.3\n",
	    &o, &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 3);
	ck_assert_uint_eq(r.ttl[0], 77);
	ck_assert_uint_eq(r.rclass[0], RRCLASS_IN);
	ck_assert_uint_eq(r.ttl[1], 5);
	ck_assert_uint_eq(r.ttl[2], 77);
	scan("$TTL 1\na CH TXT x\nb HS TXT y\n", &r);
	ck_assert_int_eq(r.nrec, 1);
	ck_assert_uint_eq(r.rclass[0], RRCLASS_CH);
	ck_assert_str_eq(r.msg[0], "t.zone:3:3: error: class HS differs "
	    "from the zone's class CH; expected CH or no class");
}
END_TEST

START_TEST(test_no_owner_and_eof)
{
	struct result r;

	scan("$TTL 1\n  A 192.0.2.1\n", &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_str_eq(r.msg[0], "t.zone:2:3: error: no owner name for "
	    "this record; expected a name in the first column of an earlier "
	    "line");
	scan("$TTL 1\na TXT ( x\n\ny", &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_str_eq(r.msg[0], "t.zone:2:7: error: '(' not closed at the "
	    "end of the file; expected ')'");
	scan("$TTL 1\na TXT \"x", &r);
	ck_assert_str_eq(r.msg[0], "t.zone:2:7: error: quoted string not "
	    "closed at the end of the file; expected '\"'");
	/* No newline at the end, and CRLF line ends. */
	scan("$TTL 1\r\na A 192.0.2.1\r\nb A 192.0.2.2", &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 2);
	ck_assert_uint_eq(r.line[1], 3);
	scan("", &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_uint_eq(r.errors, 0);
}
END_TEST

START_TEST(test_directive_errors)
{
	struct result r;

	scan("$TTL\n$TTL 1 2\n$ORIGIN\n$ORIGIN a..b\n$TTL 5\n"
	    "$GENERATE 5-1 a$ A 10.0.0.$\n"
	    "$GENERATE 1-2 a${x} A 10.0.0.$\n"
	    "$GENERATE 1-2 a$ A\n"
	    "$INCLUDE\n", &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_uint_eq(r.errors, 8);
	ck_assert_str_eq(r.msg[0], "t.zone:1:5: error: $TTL without a value; "
	    "expected $TTL followed by seconds or units like 1h30m");
	ck_assert_str_eq(r.msg[1], "t.zone:2:8: error: '2' after the "
	    "arguments of $TTL; expected the end of the line");
	ck_assert_str_eq(r.msg[2], "t.zone:3:8: error: $ORIGIN without a "
	    "name; expected $ORIGIN followed by a domain name");
	ck_assert_str_eq(r.msg[3], "t.zone:4:9: error: $ORIGIN 'a..b' is not "
	    "a valid domain name; expected labels separated by dots, with \\X "
	    "or \\DDD escapes");
	ck_assert_str_eq(r.msg[4], "t.zone:6:11: error: '5-1' is not a valid "
	    "range; expected start-stop or start-stop/step with start <= "
	    "stop");
	ck_assert_str_eq(r.msg[5], "t.zone:7:15: error: 'a${x}' has a bad $ "
	    "modifier; expected $, $$ or ${offset[,width[,base]]} with base d, "
	    "o, x, X, n or N");
	ck_assert_str_eq(r.msg[6], "t.zone:8:19: error: $GENERATE incomplete; "
	    "expected $GENERATE start-stop[/step] owner [ttl] [class] type "
	    "rdata");
	ck_assert_str_eq(r.msg[7], "t.zone:9:1: error: $INCLUDE is not "
	    "allowed here; expected a zone without $INCLUDE");
}
END_TEST

START_TEST(test_generate)
{
	struct zscan_opts o = { .origin = example, .generate_max = 4 };
	struct result r;

	scan("$TTL 60\n"
	    "$GENERATE 1-3 host$ A 10.0.0.$\n"
	    "$GENERATE 0-4/2 ${10,3,d}-${0,2,x}-${255,0,X}-$$ 30 IN TXT "
	    "\"v$ ${0,0,o}\"\n"
	    "$GENERATE 17-17 ${0,3,n} PTR h${0,0,N}\n"
	    "after A 192.0.2.1\n"
	    "\tA 192.0.2.2\n", &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 9);
	ck_assert_str_eq(r.owner[0], "host1.example.com.");
	ck_assert_str_eq(r.rdata[0], "0a000001");
	ck_assert_str_eq(r.owner[2], "host3.example.com.");
	ck_assert_str_eq(r.rdata[2], "0a000003");
	ck_assert_uint_eq(r.line[2], 2);
	ck_assert_str_eq(r.owner[3], "010-00-FF-\\$.example.com.");
	ck_assert_uint_eq(r.ttl[3], 30);
	/* A quoted rdata template is cut again after expansion, as BIND. */
	ck_assert_str_eq(r.rdata[3], "0276300130");
	ck_assert_str_eq(r.owner[5], "014-04-103-\\$.example.com.");
	ck_assert_str_eq(r.rdata[5], "0276340134");
	ck_assert_str_eq(r.owner[6], "1.1.example.com.");
	ck_assert_str_eq(r.rdata[6], "0268310131076578616d706c6503636f6d00");
	/* The owner after a $GENERATE is the one before it. */
	ck_assert_str_eq(r.owner[7], "after.example.com.");
	ck_assert_str_eq(r.owner[8], "after.example.com.");
	scan_opts("$TTL 1\n$GENERATE 1-5 a$ A 10.0.0.$\n", &o, &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_str_eq(r.msg[0], "t.zone:2:11: error: '1-5' would make 5 "
	    "records; expected at most 4 in one $GENERATE");
	/* A record that fails ends the $GENERATE, with one message. */
	scan("$TTL 1\n$GENERATE 254-258 a$ A 10.0.0.$\n", &r);
	ck_assert_int_eq(r.nrec, 2);
	ck_assert_uint_eq(r.errors, 1);
	ck_assert_int_eq(r.nmsg, 1);
}
END_TEST

/* Files for $INCLUDE and gzip, in a fresh directory. */
static char tmpdir[64];

static void
write_file(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
scan_file(const char *rel, int allow, struct result *r)
{
	struct zscan_opts o = { .origin = example, .allow_include = allow };
	char path[256];

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	drain(zscan_open_file(path, &o, collect, r), r);
}

static void
mk_tmpdir(void)
{
	char sub[128];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_zscan.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
}

static void
rm_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_include)
{
	struct result r;
	char want[600];

	mk_tmpdir();
	write_file("main.zone", "$TTL 60\n"
	    "top A 192.0.2.1\n"
	    "$INCLUDE sub/a.zone inc\n"
	    "\tA 192.0.2.2\n"
	    "rel A 192.0.2.3\n");
	write_file("sub/a.zone", "; included\n"
	    "@ A 192.0.2.10\n"
	    "x ( A\n"
	    "  192.0.2.11 )\n"
	    "$INCLUDE b.zone\n");
	write_file("sub/b.zone", "$ORIGIN deeper.test.\n@ A 192.0.2.12\n");
	scan_file("main.zone", 1, &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 6);
	ck_assert_str_eq(r.owner[1], "inc.example.com.");
	ck_assert_uint_eq(r.line[1], 2);
	ck_assert_str_eq(r.owner[2], "x.inc.example.com.");
	ck_assert_uint_eq(r.line[2], 3);
	ck_assert_str_eq(r.owner[3], "deeper.test.");
	snprintf(want, sizeof(want), "%s/sub/b.zone", tmpdir);
	ck_assert_str_eq(r.file[3], want);
	/* RFC 1035 §5.1: the origin and owner come back after $INCLUDE. */
	ck_assert_str_eq(r.owner[4], "top.example.com.");
	ck_assert_uint_eq(r.line[4], 4);
	ck_assert_str_eq(r.owner[5], "rel.example.com.");
	snprintf(want, sizeof(want), "%s/main.zone", tmpdir);
	ck_assert_str_eq(r.file[5], want);

	/* A loop is refused with the chain of files. */
	write_file("loop1.zone", "$TTL 1\n$INCLUDE loop2.zone\na A 192.0.2.1\n");
	write_file("loop2.zone", "$INCLUDE loop1.zone\n");
	scan_file("loop1.zone", 1, &r);
	ck_assert_int_eq(r.nrec, 1);
	ck_assert_uint_eq(r.errors, 1);
	snprintf(want, sizeof(want), "%s/loop2.zone:1:10: error: $INCLUDE "
	    "loop %s/loop1.zone -> %s/loop2.zone -> %s/loop1.zone; expected a "
	    "file that is not already being read", tmpdir, tmpdir, tmpdir,
	    tmpdir);
	ck_assert_str_eq(r.msg[0], want);

	/* A missing file; and $INCLUDE refused when not allowed. */
	write_file("miss.zone", "$INCLUDE nothere.zone\n");
	scan_file("miss.zone", 1, &r);
	snprintf(want, sizeof(want), "%s/miss.zone:1:10: error: cannot open "
	    "'%s/nothere.zone': No such file or directory; expected a "
	    "readable zone file", tmpdir, tmpdir);
	ck_assert_str_eq(r.msg[0], want);
	scan_file("main.zone", 0, &r);
	ck_assert_int_eq(r.nrec, 3);
	ck_assert_uint_eq(r.errors, 1);

	/* A file that includes itself through deeper and deeper paths. */
	write_file("sub/self.zone", "$INCLUDE ../sub/self.zone\n");
	scan_file("sub/self.zone", 1, &r);
	ck_assert_uint_eq(r.errors, 1);
	rm_tmpdir();
}
END_TEST

START_TEST(test_include_depth)
{
	struct zscan_opts o = { .origin = example, .allow_include = 1,
	    .include_depth = 2 };
	struct result r;
	char path[256], want[600];

	mk_tmpdir();
	write_file("d0.zone", "$INCLUDE d1.zone\n");
	write_file("d1.zone", "$INCLUDE d2.zone\n");
	write_file("d2.zone", "$INCLUDE d3.zone\n");
	write_file("d3.zone", "$TTL 1\na A 192.0.2.1\n");
	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/d0.zone", tmpdir);
	drain(zscan_open_file(path, &o, collect, &r), &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_uint_eq(r.errors, 1);
	snprintf(want, sizeof(want), "%s/d2.zone:1:1: error: $INCLUDE nested "
	    "more than 2 deep; expected at most 2 levels", tmpdir);
	ck_assert_str_eq(r.msg[0], want);
	rm_tmpdir();
}
END_TEST

START_TEST(test_gzip_and_big)
{
	struct result r;
	struct zscan_opts o = { .origin = example };
	struct zscan_rr rr;
	struct zscan *z;
	char path[256], *big;
	size_t n = 0, len = 0, i;
	gzFile gz;
	FILE *f;

	mk_tmpdir();
	snprintf(path, sizeof(path), "%s/z.zone.gz", tmpdir);
	ck_assert_ptr_nonnull(gz = gzopen(path, "wb"));
	gzputs(gz, "$TTL 2h\nwww A 192.0.2.1\n\tAAAA 2001:db8::1\n");
	gzclose(gz);
	scan_file("z.zone.gz", 0, &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 2);
	ck_assert_uint_eq(r.ttl[1], 7200);
	ck_assert_uint_eq(r.type[1], RRTYPE_AAAA);
	ck_assert_str_eq(r.rdata[1], "20010db8000000000000000000000001");
	ck_assert_uint_eq(r.line[1], 3);

	/*
	 * Two MiB of records with a TXT in the middle whose entry, with the
	 * comments inside its parentheses, is longer than the 1 MiB read
	 * block: the buffer grows and lines are still counted.
	 */
	big = malloc(8 << 20);
	ck_assert_ptr_nonnull(big);
	len += (size_t)sprintf(big, "$TTL 1\n");
	for (i = 0; i < 100000; i++) {
		len += (size_t)sprintf(big + len, "h%zu A 10.%zu.%zu.%zu\n", i,
		    i >> 16, (i >> 8) & 255, i & 255);
		if (i == 50000) {
			len += (size_t)sprintf(big + len, "long TXT (\n");
			for (n = 0; n < 200; n++) {
				len += (size_t)sprintf(big + len,
				    " \"%0250zu\" ;", n);
				memset(big + len, 'c', 8000);
				len += 8000;
				big[len++] = '\n';
			}
			len += (size_t)sprintf(big + len, ")\n");
		}
	}
	snprintf(path, sizeof(path), "%s/big.zone", tmpdir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(big, 1, len, f), len);
	fclose(f);
	free(big);
	ck_assert_ptr_nonnull(z = zscan_open_file(path, &o, NULL, NULL));
	n = 0;
	while (zscan_next(z, &rr) == 1) {
		n++;
		if (rr.type == RRTYPE_TXT) {
			ck_assert_uint_eq(rr.line, 50003);
			ck_assert_uint_eq(rr.rdlen, 200 * 251);
		}
	}
	ck_assert_uint_eq(rr.line, 100000 + 202 + 1);
	ck_assert_uint_eq(zscan_errors(z), 0);
	zscan_close(z);
	ck_assert_uint_eq(n, 100001);
	rm_tmpdir();
}
END_TEST

/* Inputs that end inside an escape or a quote, NUL octets, extreme values. */
START_TEST(test_edge_inputs)
{
	static const char nul[] = "$TTL 1\na\0b A 192.0.2.1\n";
	struct zscan_opts o = { 0 };
	struct result r;
	char want[241];
	int i;

	/* 255 octets: "-", then 0 padded to the width, then 2147483647. */
	strcpy(want, "ff2d");
	for (i = 0; i < 118; i++)
		strcat(want, "30");

	scan_opts("a\\", &o, &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_str_eq(r.msg[0], "t.zone:1:1: error: owner 'a\\' is not a "
	    "valid domain name; expected labels separated by dots, with \\X "
	    "or \\DDD escapes");
	scan_opts("a TXT \"x\\", &o, &r);
	ck_assert_str_eq(r.msg[0], "t.zone:1:7: error: quoted string not "
	    "closed at the end of the file; expected '\"'");
	ck_assert_uint_eq(r.errors, 1);
	/* A NUL octet is kept in the token, for the name parser to take. */
	memset(&r, 0, sizeof(r));
	drain(zscan_open_mem(nul, sizeof(nul) - 1, "t.zone", &o, collect, &r),
	    &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_int_eq(r.nrec, 1);
	ck_assert_str_eq(r.owner[0], "a\\000b.");
	scan_opts("$TTL 1\n$GENERATE 1-1 x${0,255,n} A 192.0.2.1\n", &o, &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_uint_eq(r.errors, 1);
	ck_assert_str_eq(r.msg[0], "t.zone:2:15: error: owner "
	    "'x1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0...' is too long; expected "
	    "labels of at most 63 octets and a name of at most 255");
	scan_opts("$TTL 1\n$GENERATE 0-0 $ TXT \"${-2147483647,255,d}\"\n", &o,
	    &r);
	ck_assert_int_eq(r.nrec, 1);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_uint_eq(r.rdlen[0], 256);
	ck_assert_str_eq(r.rdata[0], want);
	scan_opts("$TTL 1\n$GENERATE 0-2147483647/2147483647 a$ A 192.0.2.1\n",
	    &o, &r);
	ck_assert_int_eq(r.nrec, 2);
	ck_assert_str_eq(r.owner[1], "a2147483647.");
	/* An escaped newline inside a word: positions stay right. */
	scan_opts("x\\\ny 1x A 192.0.2.1\n", &o, &r);
	ck_assert_str_eq(r.msg[0], "t.zone:2:3: error: '1x' is not a valid "
	    "TTL; expected seconds or units like 1h30m");
	scan_opts(")))\n(((\n", &o, &r);
	ck_assert_uint_eq(r.errors, 2);
	ck_assert_str_eq(r.msg[0], "t.zone:1:1: error: ')' without a matching "
	    "'('; expected '(' earlier in the record");
	ck_assert_str_eq(r.msg[1], "t.zone:2:1: error: '(' not closed at the "
	    "end of the file; expected ')'");
}
END_TEST

/* A gzip file cut short: the records before the cut, then an error. */
START_TEST(test_gzip_truncated)
{
	struct result r;
	struct zscan_rr rr;
	struct zscan *z;
	char path[256], want[600], *buf;
	gzFile gz;
	int n;
	FILE *f;
	long len;
	int i;

	mk_tmpdir();
	snprintf(path, sizeof(path), "%s/cut.zone.gz", tmpdir);
	ck_assert_ptr_nonnull(gz = gzopen(path, "wb"));
	gzputs(gz, "$TTL 1\n");
	for (i = 0; i < 20000; i++)
		gzprintf(gz, "h%d A 10.0.%d.%d\n", i, i / 256 % 256, i % 256);
	gzclose(gz);
	ck_assert_ptr_nonnull(f = fopen(path, "r+"));
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	ck_assert_ptr_nonnull(buf = malloc((size_t)len));
	rewind(f);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fwrite(buf, 1, (size_t)len / 2, f);
	fclose(f);
	free(buf);
	memset(&r, 0, sizeof(r));
	ck_assert_ptr_nonnull(z = zscan_open_file(path, NULL, collect, &r));
	for (n = 0; zscan_next(z, &rr) == 1; n++)
		ck_assert_uint_eq(rr.line, (unsigned)n + 2);
	ck_assert_int_gt(n, 1000);
	ck_assert_int_lt(n, 20000);
	ck_assert_uint_eq(zscan_errors(z), 1);
	zscan_close(z);
	/* The cut line is dropped, not scanned as a record. */
	snprintf(want, sizeof(want), "%s:%d:1: error: cannot read: unexpected "
	    "end of file; expected an intact gzip file", path, n + 2);
	ck_assert_str_eq(r.msg[0], want);
	rm_tmpdir();
}
END_TEST

START_TEST(test_open_missing)
{
	struct result r;

	memset(&r, 0, sizeof(r));
	drain(zscan_open_file("/nonexistent/x.zone", NULL, collect, &r), &r);
	ck_assert_int_eq(r.nrec, 0);
	ck_assert_uint_eq(r.errors, 1);
	ck_assert_str_eq(r.msg[0], "/nonexistent/x.zone:0:0: error: cannot "
	    "open '/nonexistent/x.zone': No such file or directory; expected a "
	    "readable zone file");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("zscan");
	TCase *tc = tcase_create("zscan");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ttl_units);
	tcase_add_test(tc, test_basic_records);
	tcase_add_test(tc, test_parens_lines);
	tcase_add_test(tc, test_owner_escapes);
	tcase_add_test(tc, test_errors_continue);
	tcase_add_test(tc, test_max_errors);
	tcase_add_test(tc, test_missing_ttl);
	tcase_add_test(tc, test_default_ttl_and_class);
	tcase_add_test(tc, test_no_owner_and_eof);
	tcase_add_test(tc, test_directive_errors);
	tcase_add_test(tc, test_generate);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_depth);
	tcase_add_test(tc, test_gzip_and_big);
	tcase_add_test(tc, test_edge_inputs);
	tcase_add_test(tc, test_gzip_truncated);
	tcase_add_test(tc, test_open_missing);
	suite_add_tcase(s, tc);
	return s;
}
