/*
 * check_loglimit: a limit hit 50 times in a burst gives one full line and,
 * once the interval is over, one line with the 49 not logged; a flood gives
 * one count line per interval; after a quiet interval the next hit is
 * logged in full again. The log functions are replaced by a recorder.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "server/log.h"
#include "server/loglimit.h"
#include "unit.h"

#define S(x) ((uint32_t)(x) * 1000u) /* seconds, in the milliseconds used */

static char lines[16][256];
static int nlines;

/* The recorder standing in for server/log.c. */
void
log_vmsg(int level, const char *fmt, va_list ap)
{
	(void)level;
	if (nlines < 16)
		vsnprintf(lines[nlines++], sizeof(lines[0]), fmt, ap);
}

void
log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

START_TEST(test_burst)
{
	struct loglimit l;
	uint32_t t;
	int i;

	nlines = 0;
	loglimit_init(&l, "TCP per-source cap", 60);
	ck_assert_int_eq(loglimit_pending(&l), 0);
	/* 50 hits within 5 seconds. */
	for (i = 0; i < 50; i++)
		loglimit_log(&l, S(1000) + (uint32_t)i * 100, LOG_LVL_NOTICE,
		    "refused connection %d", i);
	ck_assert_int_eq(nlines, 1);
	ck_assert_str_eq(lines[0], "refused connection 0");
	ck_assert_int_eq(loglimit_pending(&l), 1);
	/* Ticks inside the interval say nothing. */
	for (t = S(1000); t < S(1060); t += 250)
		loglimit_tick(&l, t);
	ck_assert_int_eq(nlines, 1);
	loglimit_tick(&l, S(1060));
	ck_assert_int_eq(nlines, 2);
	ck_assert_str_eq(lines[1],
	    "TCP per-source cap: 49 more suppressed in the last 60 s");
	/* A quiet interval closes it; the next hit is logged in full. */
	loglimit_tick(&l, S(1120));
	ck_assert_int_eq(nlines, 2);
	ck_assert_int_eq(loglimit_pending(&l), 0);
	loglimit_log(&l, S(1200), LOG_LVL_NOTICE, "refused again");
	ck_assert_int_eq(nlines, 3);
	ck_assert_str_eq(lines[2], "refused again");
}
END_TEST

START_TEST(test_interval_not_whole_seconds)
{
	struct loglimit l;
	unsigned prev;

	/*
	 * An interval of 1 s is 1000 ms from the logged hit, wherever the
	 * clock's whole seconds fall: hits 2 ms apart across a second's
	 * boundary are one interval (with whole seconds they were two, and
	 * a burst of 50 gave two full lines).
	 */
	nlines = 0;
	loglimit_init(&l, "x", 1);
	ck_assert_int_eq(loglimit_hit(&l, S(10) + 999, &prev), 1);
	ck_assert_int_eq(loglimit_hit(&l, S(11) + 1, &prev), 0);
	ck_assert_int_eq(loglimit_due(&l, S(11) + 998), 0);
	ck_assert_int_eq(loglimit_hit(&l, S(11) + 998, &prev), 0);
	ck_assert_uint_eq(loglimit_due(&l, S(11) + 999), 2);
	ck_assert_int_eq(loglimit_pending(&l), 1);
}
END_TEST

START_TEST(test_flood)
{
	struct loglimit l;
	unsigned prev, total = 0, n;
	uint32_t t;
	int logged = 0;

	loglimit_init(&l, "x", 10);
	/*
	 * A hit every second for 100 s, the tick before the hits: one full
	 * line, then one count line per 10 s.
	 */
	for (t = 0; t < S(100); t += S(1)) {
		if ((n = loglimit_due(&l, t)) > 0) {
			total += n;
			logged++;
		}
		logged += loglimit_hit(&l, t, &prev);
	}
	ck_assert_int_eq(logged, 10);
	ck_assert_uint_eq(total + 1 + l.suppressed, 100);
	/*
	 * The hits before the tick: a full line each interval, carrying the
	 * count of the one before; no hit is lost from the counts either way.
	 */
	loglimit_init(&l, "x", 10);
	logged = 0;
	total = 0;
	for (t = 0; t < S(100); t += S(1)) {
		if (loglimit_hit(&l, t, &prev)) {
			logged++;
			total += prev;
		}
		total += loglimit_due(&l, t);
	}
	ck_assert_int_eq(logged, 10);
	ck_assert_uint_eq(total + logged + l.suppressed, 100);
}
END_TEST

START_TEST(test_hit_reports_missed_count)
{
	struct loglimit l;
	unsigned prev;

	/* Without ticks, the next logged hit carries the count before it. */
	loglimit_init(&l, "x", 5);
	ck_assert_int_eq(loglimit_hit(&l, S(10), &prev), 1);
	ck_assert_uint_eq(prev, 0);
	ck_assert_int_eq(loglimit_hit(&l, S(11), &prev), 0);
	ck_assert_int_eq(loglimit_hit(&l, S(15) - 1, &prev), 0);
	ck_assert_int_eq(loglimit_hit(&l, S(15), &prev), 1);
	ck_assert_uint_eq(prev, 2);
	/* The clock wraps: serial arithmetic on uint32_t. */
	loglimit_init(&l, "x", 5);
	ck_assert_int_eq(loglimit_hit(&l, UINT32_MAX - 999, &prev), 1);
	ck_assert_int_eq(loglimit_hit(&l, S(1), &prev), 0);
	ck_assert_int_eq(loglimit_hit(&l, S(4) + 1, &prev), 1);
	ck_assert_uint_eq(prev, 1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("loglimit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_burst);
	tcase_add_test(tc, test_flood);
	tcase_add_test(tc, test_hit_reports_missed_count);
	tcase_add_test(tc, test_interval_not_whole_seconds);
	suite_add_tcase(s, tc);
	return s;
}
