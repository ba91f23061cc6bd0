/*
 * log: leveled logging to stderr or syslog. The settings are the one piece
 * of process-wide state here, because every function of the daemon may log
 * (STYLE.md point 9 allows it in src/server only).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"

static struct {
	int use_stderr; /* lines go to descriptor 2: stderr or the log file */
	int level;
	char role[32];
	char path[PATH_MAX]; /* logfile:, or "" */
} log_state = {1, LOG_LVL_NOTICE, "main", ""};

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

/*
 * Why the log file lives on descriptor 2 and every process reopens it:
 * a worker is a process of its own, so its descriptor table is a copy made
 * at fork. dup2() of a new file in main changes main's table only; the
 * workers would write to the rotated file until they are forked again. So
 * log_reopen() runs in every process: main calls it (for radixctl
 * log-reopen or SIGUSR2) and then signals each worker, whose SIGUSR2
 * handler calls it too. In each process the switch is one dup2(), which is
 * atomic: a line is written whole to the old file or whole to the new one,
 * never lost. open(), dup2() and close() are async-signal-safe (POSIX.1-2017
 * 2.4.3), so the handler may do the work itself and the worker's event
 * loop needs no change. O_APPEND keeps the lines of all processes whole.
 */
int
log_open_file(const char *path)
{
	if (strlen(path) >= sizeof(log_state.path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(log_state.path, path, strlen(path) + 1);
	if (log_reopen() != 0) {
		log_state.path[0] = '\0';
		return -1;
	}
	log_state.use_stderr = 1;
	return 0;
}

int
log_reopen(void)
{
	int fd, rc = 0, saved = errno, err = 0;

	if (log_state.path[0] == '\0')
		return 1;
	fd = open(log_state.path,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0 || (fd != STDERR_FILENO && dup2(fd, STDERR_FILENO) < 0)) {
		rc = -1;
		err = errno;
	}
	if (fd >= 0 && fd != STDERR_FILENO)
		close(fd);
	errno = rc == 0 ? saved : err;
	return rc;
}

const char *
log_file(void)
{
	return log_state.path[0] != '\0' ? log_state.path : NULL;
}

static void
log_on_usr2(int sig)
{
	int saved = errno;

	(void)sig;
	(void)log_reopen();
	errno = saved;
}

int
log_worker_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = log_on_usr2;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR2, &sa, NULL) != 0)
		return -1;
	/* Blocked in main outside ppoll (and so at fork): a signal sent
	 * before this point waits, and is handled now. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	return sigprocmask(SIG_UNBLOCK, &set, NULL);
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
