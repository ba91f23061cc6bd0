/*
 * loglimit: at most one log line per interval for a limit that is hit.
 */
#include "config.h"

#include <stdarg.h>
#include <time.h>

#include "server/log.h"
#include "server/loglimit.h"

/* The interval in milliseconds, the unit of the times passed in. */
static uint32_t
loglimit_ms(const struct loglimit *l)
{
	return (uint32_t)l->interval * 1000u;
}

void
loglimit_init(struct loglimit *l, const char *what, unsigned interval)
{
	l->what = what;
	l->interval = interval > 0 ? interval : 1;
	l->open = 0;
	l->start = 0;
	l->suppressed = 0;
}

int
loglimit_hit(struct loglimit *l, uint32_t now, unsigned *prev)
{
	if (prev != NULL)
		*prev = 0;
	/* Within the interval of the last logged hit: count only. */
	if (l->open && now - l->start < loglimit_ms(l)) {
		l->suppressed++;
		return 0;
	}
	if (prev != NULL)
		*prev = l->open ? l->suppressed : 0;
	l->open = 1;
	l->start = now;
	l->suppressed = 0;
	return 1;
}

unsigned
loglimit_due(struct loglimit *l, uint32_t now)
{
	unsigned n;

	if (!l->open || now - l->start < loglimit_ms(l))
		return 0;
	n = l->suppressed;
	l->suppressed = 0;
	if (n == 0) {
		l->open = 0; /* a quiet interval: the next hit is news */
		return 0;
	}
	/* Still hit: count the next interval too, one line for each. */
	l->start = now;
	return n;
}

int
loglimit_pending(const struct loglimit *l)
{
	return l->open;
}

static void
loglimit_report(const struct loglimit *l, unsigned n)
{
	log_notice(
	    "%s: %u more suppressed in the last %u s", l->what, n, l->interval);
}

void
loglimit_log(struct loglimit *l, uint32_t now, int level, const char *fmt, ...)
{
	va_list ap;
	unsigned prev;

	if (!loglimit_hit(l, now, &prev))
		return;
	if (prev > 0)
		loglimit_report(l, prev);
	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
loglimit_tick(struct loglimit *l, uint32_t now)
{
	unsigned n = loglimit_due(l, now);

	if (n > 0)
		loglimit_report(l, n);
}

uint32_t
loglimit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * 1000u +
	    (uint64_t)ts.tv_nsec / 1000000u);
}
