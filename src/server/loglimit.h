/*
 * loglimit: a limit that is hit often (a flood, a scan) is logged at most
 * once per interval (issue 7 point 4). The first hit is logged in full;
 * later hits within the interval are only counted, and once the interval
 * is over one line tells how many were not logged:
 *
 *	TCP connections from 192.0.2.1 over tcp-count-per-source (16) ...
 *	TCP per-source cap: 49 more suppressed in the last 60 s
 *
 * While hits keep coming, that is one count line per interval; after a
 * quiet interval the next hit is logged in full again. One struct per
 * limit per process (each worker counts its own). Times are milliseconds
 * of a monotonic clock, passed in (an interval is a true interval, not
 * "until the clock's next whole second"): the decisions (loglimit_hit,
 * loglimit_due) are pure, so tests drive them with any clock.
 */
#ifndef RD_SERVER_LOGLIMIT_H
#define RD_SERVER_LOGLIMIT_H

#include <stdint.h>

#define LOGLIMIT_INTERVAL 60 /* seconds, the default of limit-log-interval */

struct loglimit {
	const char *what;    /* names the limit in the count line */
	unsigned interval;   /* seconds; 0 is taken as 1 */
	int open;	     /* an interval runs since start */
	uint32_t start;	     /* when the interval began (ms): the logged hit */
	unsigned suppressed; /* hits counted, not logged, since start */
};

/* Set up l for the limit named what (a static string) and interval s. */
void loglimit_init(struct loglimit *l, const char *what, unsigned interval);

/*
 * A hit at now. Returns 1 when it is to be logged (the first of an
 * interval; an interval starts), 0 when it is only counted. When it
 * returns 1, *prev (may be NULL) gets the hits of the interval before
 * that were not reported yet (0 unless loglimit_due was not called).
 */
int loglimit_hit(struct loglimit *l, uint32_t now, unsigned *prev);

/*
 * Once the interval is over: the number of hits not logged in it (to be
 * reported now; a new interval starts, so a flood gives one line per
 * interval), or 0 when there were none (the interval closes: the next
 * hit is logged in full).
 */
unsigned loglimit_due(struct loglimit *l, uint32_t now);

/* 1 while an interval runs: the caller should tick about once a second. */
int loglimit_pending(const struct loglimit *l);

/*
 * loglimit_hit, and when it says so log the message at level (with the
 * count of the interval before, if any, on its own line).
 */
void loglimit_log(struct loglimit *l, uint32_t now, int level, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* loglimit_due, and log its count as "what: N more suppressed in ...". */
void loglimit_tick(struct loglimit *l, uint32_t now);

/* Milliseconds of CLOCK_MONOTONIC_COARSE, for callers without a clock. */
uint32_t loglimit_now(void);

#endif
