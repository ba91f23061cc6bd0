/*
 * check_journal: append, sync, reopen and replay; a torn tail cut at every
 * octet of the last record; a corrupt record in the middle refused; the
 * IXFR iterator; trim; the size limit; a failed write cut back.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/journal.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "unit.h"

static char dir[64], path[128];

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[8][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 8];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static struct zone *
mkzone_serial(uint32_t serial)
{
	char text[256];
	struct zone *z;

	snprintf(text, sizeof(text), "$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm %u 7200 3600 1209600 60\n"
	    "@ NS ns1\nns1 A 192.0.2.1\n", serial);
	ck_assert_int_eq(load_zone_mem(text, strlen(text), "t",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	return z;
}

static struct zone *
mkzone(void)
{
	return mkzone_serial(10);
}

/* Messages from the journal. */
static int nwarn, nerr;
static char lastmsg[1024];

static void
msg_cb(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)col;
	if (sev == RD_SEV_ERROR)
		nerr++;
	else if (sev == RD_SEV_WARNING)
		nwarn++;
	snprintf(lastmsg, sizeof(lastmsg), "%s", msg);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_journal.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.com.jnl", dir);
	nwarn = nerr = 0;
	lastmsg[0] = '\0';
}

static void
teardown(void)
{
	char tmp[160];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	snprintf(tmp, sizeof(tmp), "%s/copy", dir);
	unlink(tmp);
	rmdir(dir);
}

static uint16_t
soa_rd(uint32_t serial, uint8_t *rd)
{
	const uint8_t *m = N("ns1.example.com."), *r = N("hm.example.com.");
	size_t off = 0;

	memcpy(rd, m, name_len(m));
	off += name_len(m);
	memcpy(rd + off, r, name_len(r));
	off += name_len(r);
	wire_put_u32(rd + off, serial);
	wire_put_u32(rd + off + 4, 7200);
	wire_put_u32(rd + off + 8, 3600);
	wire_put_u32(rd + off + 12, 1209600);
	wire_put_u32(rd + off + 16, 60);
	return (uint16_t)(off + 20);
}

/* Diff k: serial 10+k to 11+k, adds nK.example.com A 192.0.2.K. */
static void
mkdiff(struct diff *d, int k)
{
	uint8_t a[600], b[600], rd[4] = { 192, 0, 2, (uint8_t)k };
	char owner[64];
	uint16_t la, lb;

	diff_reset(d);
	la = soa_rd(10 + (uint32_t)k, a);
	lb = soa_rd(11 + (uint32_t)k, b);
	ck_assert_int_eq(diff_set_soa(d, N("example.com."), 300, a, la, 300,
	    b, lb), 0);
	snprintf(owner, sizeof(owner), "n%d.example.com.", k);
	ck_assert_int_eq(diff_add(d, N(owner), RRTYPE_A, 300, rd, 4), 0);
}

static int
has_n(const struct zone *z, int k)
{
	char owner[64];

	snprintf(owner, sizeof(owner), "n%d.example.com.", k);
	return zone_get(z, N(owner)) != NULL;
}

/* A journal at path with diffs 0..n-1, closed; returns its size. */
static size_t
mkjournal(int n)
{
	struct diff d;
	struct jnl *j;
	size_t size;
	int k;

	diff_init(&d);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	for (k = 0; k < n; k++) {
		mkdiff(&d, k);
		ck_assert_int_eq(jnl_append(j, &d), 0);
	}
	ck_assert_int_eq(jnl_sync(j), 0);
	size = jnl_size(j);
	jnl_close(j);
	diff_free(&d);
	return size;
}

static off_t
fsize(const char *p)
{
	struct stat sb;

	ck_assert_int_eq(stat(p, &sb), 0);
	return sb.st_size;
}

START_TEST(test_append_replay)
{
	struct zone *z = mkzone();
	struct jnl *j;
	size_t size;

	size = mkjournal(3);
	ck_assert_uint_eq((size_t)fsize(path), size);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_uint_eq(jnl_count(j), 3);
	ck_assert_uint_eq(jnl_size(j), size);
	ck_assert_uint_eq(jnl_first_serial(j), 10);
	ck_assert_uint_eq(jnl_last_serial(j), 13);
	ck_assert_int_eq(jnl_replay(j, z), 3);
	ck_assert_uint_eq(z->serial, 13);
	ck_assert(has_n(z, 0) && has_n(z, 1) && has_n(z, 2));
	/* Replaying again: the zone is at the end, nothing to do. */
	ck_assert_int_eq(jnl_replay(j, z), 0);
	ck_assert_int_eq(nwarn + nerr, 0);
	jnl_close(j);
	zone_free(z);
}
END_TEST

START_TEST(test_replay_skips_older)
{
	struct zone *z = mkzone();
	struct diff d;
	struct jnl *j;

	mkjournal(3);
	/* The zone file already holds diff 0 (serial 11). */
	diff_init(&d);
	mkdiff(&d, 0);
	ck_assert_int_eq(diff_apply(z, &d), 0);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(jnl_replay(j, z), 2);
	ck_assert_uint_eq(z->serial, 13);
	zone_free(z);
	/* A zone file newer than the journal: nothing to apply. */
	z = mkzone_serial(20);
	ck_assert_int_eq(jnl_replay(j, z), 0);
	ck_assert_uint_eq(z->serial, 20);
	zone_free(z);
	/* Older than the journal's first serial: a gap, reported. */
	z = mkzone_serial(5);
	ck_assert_int_eq(jnl_replay(j, z), RD_ESEMANTIC);
	ck_assert_int_eq(nerr, 1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "move the journal aside"));
	ck_assert_uint_eq(z->serial, 5);
	zone_free(z);
	jnl_close(j);
	diff_free(&d);
}
END_TEST

/* Flip one octet of path at off. */
static void
flip(off_t off)
{
	uint8_t c;
	int fd;

	ck_assert_int_ge(fd = open(path, O_RDWR), 0);
	ck_assert_int_eq(pread(fd, &c, 1, off), 1);
	c ^= 0x55;
	ck_assert_int_eq(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

START_TEST(test_new_and_wrong_zone)
{
	struct jnl *j;

	/* Created with only a header, durable at once. */
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_uint_eq(jnl_count(j), 0);
	ck_assert_uint_eq(jnl_first_serial(j), 0);
	ck_assert_uint_eq(jnl_size(j), (size_t)fsize(path));
	ck_assert_uint_eq(jnl_size(j), 8 + 4 + 1 + 13 + 4);
	jnl_close(j);
	/* Another zone's journal; then something that is no journal. */
	ck_assert_int_eq(jnl_open(path, N("example.org."), 0, msg_cb, NULL,
	    &j), RD_EINVAL);
	ck_assert_ptr_null(j);
	/* A header cut short by a crash at creation: started again. */
	ck_assert_int_eq(truncate(path, 20), 0);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(nwarn, 1);
	ck_assert_uint_eq(jnl_size(j), 30);
	ck_assert_uint_eq((size_t)fsize(path), 30);
	jnl_close(j);
	/* Octets that are no journal header. */
	flip(3);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), RD_EMALFORMED);
	ck_assert_int_eq(nerr, 2);
	ck_assert_int_eq(jnl_open("/nonexistent/dir/j", N("example.com."), 0,
	    msg_cb, NULL, &j), RD_EIO);
}
END_TEST

/* Copy path to dst, first len octets. */
static void
copy_prefix(const char *dst, size_t len)
{
	static uint8_t buf[65536];
	int in, out;
	ssize_t n;

	ck_assert_int_ge(in = open(path, O_RDONLY), 0);
	n = read(in, buf, sizeof(buf));
	ck_assert_int_ge(n, (ssize_t)len);
	close(in);
	ck_assert_int_ge(out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600),
	    0);
	ck_assert_int_eq(write(out, buf, len), (ssize_t)len);
	close(out);
}

START_TEST(test_torn_tail)
{
	char copy[160];
	size_t size2, size3, cut;
	struct zone *z;
	struct jnl *j;

	size2 = mkjournal(2);
	unlink(path);
	size3 = mkjournal(3);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	/* Every cut inside the last record: two records, a warning. */
	for (cut = size2 + 1; cut < size3; cut++) {
		copy_prefix(copy, cut);
		nwarn = 0;
		ck_assert_int_eq(jnl_open(copy, N("example.com."), 0, msg_cb,
		    NULL, &j), 0);
		ck_assert_uint_eq(jnl_count(j), 2);
		ck_assert_uint_eq(jnl_size(j), size2);
		ck_assert_uint_eq((size_t)fsize(copy), size2);
		ck_assert_int_eq(nwarn, 1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "torn"));
		z = mkzone();
		ck_assert_int_eq(jnl_replay(j, z), 2);
		ck_assert(has_n(z, 1) && !has_n(z, 2));
		zone_free(z);
		jnl_close(j);
	}
	/* The cut at a record boundary is no torn tail. */
	copy_prefix(copy, size2);
	nwarn = 0;
	ck_assert_int_eq(jnl_open(copy, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(nwarn, 0);
	ck_assert_uint_eq(jnl_count(j), 2);
	jnl_close(j);
}
END_TEST

START_TEST(test_corrupt)
{
	size_t size1, size2, size3;
	struct jnl *j;

	size1 = mkjournal(1);
	unlink(path);
	size2 = mkjournal(2);
	unlink(path);
	size3 = mkjournal(3);
	/* A damaged payload in the middle, valid records after it. */
	flip((off_t)(size1 + 20));
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), RD_EMALFORMED);
	ck_assert_int_eq(nerr, 1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "move the journal aside"));
	ck_assert_uint_eq((size_t)fsize(path), size3);
	/* The same damage in the last record is a torn tail. */
	flip((off_t)(size1 + 20));
	flip((off_t)(size2 + 20));
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_uint_eq(jnl_count(j), 2);
	ck_assert_int_eq(nwarn, 1);
	jnl_close(j);
}
END_TEST

/* Put the 32-bit value v at off in the journal. */
static void
poke32(off_t off, uint32_t v)
{
	uint8_t b[4];
	int fd;

	wire_put_u32(b, v);
	ck_assert_int_ge(fd = open(path, O_WRONLY), 0);
	ck_assert_int_eq(pwrite(fd, b, 4, off), 4);
	close(fd);
}

/*
 * An impossible length in the middle (past the end, or below the least)
 * hides where the next record starts: the records after it are still
 * found, so it is damage, reported with its offset, and nothing is cut.
 */
START_TEST(test_corrupt_length)
{
	static const uint32_t bad[] = { 0xffffff00u, 3, 0 };
	size_t size1, size4, i;
	struct jnl *j;

	size1 = mkjournal(1);
	unlink(path);
	size4 = mkjournal(4);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nerr = 0;
		poke32((off_t)size1, bad[i]);
		ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb,
		    NULL, &j), RD_EMALFORMED);
		ck_assert_int_eq(nerr, 1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "impossible length"));
		ck_assert_ptr_nonnull(strstr(lastmsg, "1 valid record before "
		    "it (up to serial 11), 2 after it"));
		ck_assert_ptr_nonnull(strstr(lastmsg, "up to serial 14"));
		ck_assert_uint_eq((size_t)fsize(path), size4);
	}
}
END_TEST

/* jnl_verify: damage made while the journal is open, and a moved file. */
START_TEST(test_verify)
{
	struct jnl_damage dmg;
	size_t size1, size3;
	char moved[160];
	struct jnl *j;

	size1 = mkjournal(1);
	unlink(path);
	size3 = mkjournal(3);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(jnl_verify(j, &dmg), 0);
	flip((off_t)(size1 + 20));
	ck_assert_int_eq(jnl_verify(j, &dmg), RD_EMALFORMED);
	ck_assert_int_eq(dmg.damaged, 1);
	ck_assert_uint_eq(dmg.off, size1);
	ck_assert_uint_eq(dmg.kept, 1);
	ck_assert_uint_eq(dmg.after, 1);
	ck_assert_uint_eq(dmg.max_serial, 13);
	ck_assert_ptr_nonnull(strstr(dmg.why, "checksum mismatch"));
	flip((off_t)(size1 + 20));
	ck_assert_int_eq(jnl_verify(j, &dmg), 0);
	/* Cut inside the last record. */
	ck_assert_int_eq(truncate(path, (off_t)size3 - 3), 0);
	ck_assert_int_eq(jnl_verify(j, &dmg), RD_EMALFORMED);
	ck_assert_uint_eq(dmg.kept, 2);
	snprintf(moved, sizeof(moved), "%s/copy", dir);
	ck_assert_int_eq(rename(path, moved), 0);
	ck_assert_int_eq(jnl_verify(j, &dmg), RD_ENOTFOUND);
	jnl_close(j);
	unlink(moved);
}
END_TEST

/* jnl_salvage keeps the records before the damage, in a new journal. */
START_TEST(test_salvage)
{
	struct jnl_damage dmg;
	size_t size2, size5;
	char damaged[160];
	struct zone *z;
	struct jnl *j;

	size2 = mkjournal(2);
	unlink(path);
	size5 = mkjournal(5);
	flip((off_t)(size2 + 20));
	snprintf(damaged, sizeof(damaged), "%s/copy", dir);
	ck_assert_int_eq(rename(path, damaged), 0);
	ck_assert_int_eq(jnl_salvage(damaged, path, N("example.com."), 0,
	    msg_cb, NULL, &dmg), 2);
	ck_assert_int_eq(dmg.damaged, 1);
	ck_assert_uint_eq(dmg.off, size2);
	ck_assert_uint_eq(dmg.last_serial, 12);
	ck_assert_uint_eq(dmg.after, 2);
	ck_assert_uint_eq(dmg.max_serial, 15);
	ck_assert_ptr_nonnull(strstr(lastmsg, "the records before it are "
	    "kept"));
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_uint_eq(jnl_count(j), 2);
	z = mkzone();
	ck_assert_int_eq(jnl_replay(j, z), 2);
	ck_assert(has_n(z, 1) && !has_n(z, 2));
	zone_free(z);
	jnl_close(j);
	/* The damaged copy is left as it was; a wrong zone is refused. */
	ck_assert_uint_eq((size_t)fsize(damaged), size5);
	unlink(path);
	ck_assert_int_eq(jnl_salvage(damaged, path, N("example.org."), 0,
	    msg_cb, NULL, &dmg), RD_EINVAL);
	ck_assert_int_eq(access(path, F_OK), -1);
	unlink(damaged);
}
END_TEST

START_TEST(test_append_rules)
{
	struct diff d;
	struct jnl *j;

	diff_init(&d);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	mkdiff(&d, 0);
	ck_assert_int_eq(jnl_append(j, &d), 0);
	/* Diff 2 starts at 12, the journal ends at 11. */
	mkdiff(&d, 2);
	ck_assert_int_eq(jnl_append(j, &d), RD_EINVAL);
	/* A diff without an SOA change. */
	diff_reset(&d);
	ck_assert_int_eq(jnl_append(j, &d), RD_EINVAL);
	ck_assert_uint_eq(jnl_count(j), 1);
	jnl_close(j);
	diff_free(&d);
}
END_TEST

START_TEST(test_size_limit)
{
	size_t size1, size2;
	struct diff d;
	struct jnl *j;

	size1 = mkjournal(1);
	unlink(path);
	size2 = mkjournal(2);
	unlink(path);
	diff_init(&d);
	/* Room for exactly one record. */
	ck_assert_int_eq(jnl_open(path, N("example.com."), size2 - 1, msg_cb,
	    NULL, &j), 0);
	mkdiff(&d, 0);
	ck_assert_int_eq(jnl_append(j, &d), 0);
	mkdiff(&d, 1);
	ck_assert_int_eq(jnl_append(j, &d), RD_ELIMIT);
	ck_assert_uint_eq(jnl_count(j), 1);
	ck_assert_uint_eq((size_t)fsize(path), size1);
	/* After a flush of serial 11 the trim makes room. */
	ck_assert_int_eq(jnl_trim(j, 11, 0), 1);
	ck_assert_int_eq(jnl_append(j, &d), 0);
	ck_assert_uint_eq(jnl_count(j), 1);
	ck_assert_uint_eq(jnl_first_serial(j), 11);
	jnl_close(j);
	diff_free(&d);
}
END_TEST

START_TEST(test_write_error)
{
	struct rlimit rl, old;
	size_t size1;
	struct diff d;
	struct jnl *j;

	size1 = mkjournal(1);
	diff_init(&d);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	/* The file may not grow: the write fails (EFBIG, like ENOSPC). */
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	rl = old;
	rl.rlim_cur = size1 + 10;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	mkdiff(&d, 1);
	ck_assert_int_eq(jnl_append(j, &d), RD_EIO);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_uint_eq(jnl_count(j), 1);
	/* The partial record was cut back: the file ends on a record. */
	ck_assert_uint_eq((size_t)fsize(path), size1);
	jnl_close(j);
	nwarn = 0;
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(nwarn, 0);
	ck_assert_uint_eq(jnl_count(j), 1);
	jnl_close(j);
	diff_free(&d);
}
END_TEST

START_TEST(test_iter)
{
	struct jnl_iter it;
	struct diff d;
	struct jnl *j;

	mkjournal(3);
	diff_init(&d);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_int_eq(jnl_iter_init(j, 11, &it), 0);
	ck_assert_int_eq(jnl_iter_next(&it, &d), 1);
	ck_assert_uint_eq(d.serial_from, 11);
	ck_assert_uint_eq(d.serial_to, 12);
	ck_assert_uint_eq(d.nadded, 1);
	ck_assert_int_eq(jnl_iter_next(&it, &d), 1);
	ck_assert_uint_eq(d.serial_to, 13);
	ck_assert_int_eq(jnl_iter_next(&it, &d), 0);
	/* Before the history, and at its end: no diff starts there. */
	ck_assert_int_eq(jnl_iter_init(j, 9, &it), RD_ENOTFOUND);
	ck_assert_int_eq(jnl_iter_init(j, 13, &it), RD_ENOTFOUND);
	jnl_close(j);
	diff_free(&d);
}
END_TEST

START_TEST(test_trim)
{
	struct zone *z;
	struct jnl *j;
	size_t size5;

	size5 = mkjournal(5);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	/* Nothing flushed yet: nothing may go, whatever the size. */
	ck_assert_int_eq(jnl_trim(j, 10, 0), 0);
	ck_assert_uint_eq(jnl_count(j), 5);
	/* Flushed at 13: records to 13 may go, while over the limit. */
	ck_assert_int_eq(jnl_trim(j, 13, size5), 0);
	ck_assert_int_eq(jnl_trim(j, 13, jnl_size(j) - 100), 1);
	ck_assert_uint_eq(jnl_count(j), 4);
	ck_assert_int_eq(jnl_trim(j, 13, 0), 2);
	ck_assert_uint_eq(jnl_count(j), 2);
	ck_assert_uint_eq(jnl_first_serial(j), 13);
	ck_assert_uint_eq(jnl_size(j), (size_t)fsize(path));
	jnl_close(j);
	/* The rewritten file reopens and replays from the flushed serial. */
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, msg_cb, NULL,
	    &j), 0);
	ck_assert_uint_eq(jnl_count(j), 2);
	z = mkzone_serial(13);
	ck_assert_int_eq(jnl_replay(j, z), 2);
	ck_assert_uint_eq(z->serial, 15);
	ck_assert(has_n(z, 3) && has_n(z, 4));
	zone_free(z);
	jnl_close(j);
	ck_assert_int_eq(nwarn + nerr, 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_append_replay);
	tcase_add_test(tc, test_replay_skips_older);
	tcase_add_test(tc, test_new_and_wrong_zone);
	tcase_add_test(tc, test_torn_tail);
	tcase_add_test(tc, test_corrupt);
	tcase_add_test(tc, test_corrupt_length);
	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_salvage);
	tcase_add_test(tc, test_append_rules);
	tcase_add_test(tc, test_size_limit);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_iter);
	tcase_add_test(tc, test_trim);
	suite_add_tcase(s, tc);
	return s;
}
