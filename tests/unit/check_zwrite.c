/*
 * check_zwrite: a zone written to a file reads back as the same zone,
 * the SOA first, with no temporary file left; a folder that does not
 * exist is RD_EIO and leaves nothing behind.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/zone.h"
#include "dns/zwrite.h"
#include "unit.h"

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 42 7200 3600 1209600 60\n"
    "@ NS ns1\n@ MX 10 mail\n@ 60 TXT \"v=spf1 -all\" \"two words\"\n"
    "ns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\nmail A 192.0.2.8\n"
    "www A 192.0.2.3\nwww A 192.0.2.4\nalias CNAME www\n"
    "*.wild 120 A 192.0.2.7\n_sip._tcp SRV 0 5 5060 sip\n"
    "sip A 192.0.2.9\na.b.ent A 192.0.2.9\n"
    "sub NS ns.sub\nns.sub A 192.0.2.5\n"
    "sub DS 1 8 2 00112233445566778899aabbccddeeff"
    "00112233445566778899aabbccddeeff\n"
    "caa CAA 0 issue \"ca.example.net\"\n"
    "odd TYPE65000 \\# 3 010203\nesc TXT \"a\\\"b\\\\c\\010\"\n";

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

START_TEST(test_roundtrip)
{
	char dir[64], path[128], line[256];
	struct zone *z, *back;
	struct diff d;
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/check_zwrite.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	ck_assert_int_eq(load_zone_mem(zone_text, strlen(zone_text), "t",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	ck_assert_int_eq(zone_write_file(z, path), 0);
	/* Written twice: the second replaces the first. */
	ck_assert_int_eq(zone_write_file(z, path), 0);
	ck_assert_int_eq(entries(dir), 1);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	ck_assert_str_eq(line, "example.com.\t300\tIN\tSOA\tns1.example.com. "
	    "hm.example.com. 42 7200 3600 1209600 60\n");
	ck_assert_int_eq(load_zone_file(path, N("example.com."), NULL, NULL,
	    NULL, &back), 0);
	ck_assert_uint_eq(back->nrecords, z->nrecords);
	ck_assert_uint_eq(back->serial, 42);
	diff_init(&d);
	ck_assert_int_eq(diff_between(z, back, &d), 0);
	ck_assert(diff_empty(&d));
	diff_free(&d);
	zone_free(back);
	/* No such folder: an error, and nothing created. */
	snprintf(path, sizeof(path), "%s/nothere/x.zone", dir);
	ck_assert_int_eq(zone_write_file(z, path), RD_EIO);
	ck_assert_int_eq(entries(dir), 1);
	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	unlink(path);
	rmdir(dir);
	zone_free(z);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("zwrite");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}
