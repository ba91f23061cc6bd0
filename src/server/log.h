/*
 * log: leveled logging to stderr or syslog, for main and the workers.
 */
#ifndef RD_SERVER_LOG_H
#define RD_SERVER_LOG_H

#include <stdarg.h>

/* Levels, in syslog order: shown when the level is <= the set one. */
enum log_level {
	LOG_LVL_ERR = 3,
	LOG_LVL_WARNING = 4,
	LOG_LVL_NOTICE = 5,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
};

/*
 * Start logging: to stderr when use_stderr is set, else to syslog (daemon
 * facility) under ident. Messages above level are dropped.
 */
void log_init(const char *ident, int use_stderr, int level);

/*
 * Log to the file path (logfile:) from now on: opened O_APPEND, 0640, and
 * put on descriptor 2, which the workers inherit. 0, or -1 with errno (the
 * log stays where it was).
 */
int log_open_file(const char *path);

/*
 * Open the log file's path again in this process (after logrotate renamed
 * it) and switch descriptor 2 to it in one dup2(). Async-signal-safe.
 * 0, 1 when there is no log file, or -1 with errno (the old file stays).
 */
int log_reopen(void);

/* The log file's path, or NULL when logging to stderr or syslog. */
const char *log_file(void);

/*
 * In a worker, before it runs: SIGUSR2 calls log_reopen() (main sends it
 * after reopening its own). 0, or -1 with errno.
 */
int log_worker_signals(void);

/* Change the level; returns 0, or -1 for an unknown level name. */
int log_level_parse(const char *s, int *level);
void log_set_level(int level);

/* Name the process in each line ("main", "worker 2"). */
void log_set_role(const char *role);

void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_vmsg(int level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* Log at error level and exit(1): only at start-up (STYLE.md point 11). */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
