/*
 * log: leveled logging to stderr or syslog. The settings are the one piece
 * of process-wide state here, because every function of the daemon may log
 * (STYLE.md point 9 allows it in src/server only).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"

static struct {
	int use_stderr;
	int level;
	char role[32];
} log_state = {1, LOG_LVL_NOTICE, "main"};

static const char *const log_names[] = {
    [LOG_LVL_ERR] = "error",
    [LOG_LVL_WARNING] = "warning",
    [LOG_LVL_NOTICE] = "notice",
    [LOG_LVL_INFO] = "info",
    [LOG_LVL_DEBUG] = "debug",
};

void
log_init(const char *ident, int use_stderr, int level)
{
	log_state.use_stderr = use_stderr;
	log_state.level = level;
	if (!use_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_level_parse(const char *s, int *level)
{
	int i;

	for (i = LOG_LVL_ERR; i <= LOG_LVL_DEBUG; i++) {
		if (strcasecmp(s, log_names[i]) == 0) {
			*level = i;
			return 0;
		}
	}
	/* NSD's verbosity 0-5 maps onto the same scale. */
	if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0') {
		*level = LOG_LVL_ERR + (s[0] - '0');
		if (*level > LOG_LVL_DEBUG)
			*level = LOG_LVL_DEBUG;
		return 0;
	}
	return -1;
}

void
log_set_level(int level)
{
	log_state.level = level;
}

void
log_set_role(const char *role)
{
	snprintf(log_state.role, sizeof(log_state.role), "%s", role);
}

void
log_vmsg(int level, const char *fmt, va_list ap)
{
	char buf[1024], line[1200];
	struct timespec ts;
	struct tm tm;
	char when[32];
	int n;

	if (level > log_state.level)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (!log_state.use_stderr) {
		syslog(level, "%s: %s", log_state.role, buf);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* One write per line so that lines of several processes do not mix. */
	n = snprintf(line, sizeof(line), "%s radixd[%d] %s %s: %s\n", when,
	    (int)getpid(), log_state.role, log_names[level], buf);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}

void
log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}
