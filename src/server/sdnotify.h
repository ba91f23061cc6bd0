/*
 * sdnotify: systemd's readiness protocol without libsystemd (sd_notify(3),
 * issue 6 point 3): newline-separated VAR=VALUE lines in one datagram to
 * the unix socket named by $NOTIFY_SOCKET (a path, or an abstract name
 * written with a leading '@').
 */
#ifndef RD_SERVER_SDNOTIFY_H
#define RD_SERVER_SDNOTIFY_H

#include <stddef.h>

/*
 * Connect to $NOTIFY_SOCKET, before the chroot hides its path. Returns the
 * descriptor, -1 when the variable is not set (not started by systemd),
 * or -2 with the error logged.
 */
int sdnotify_open(void);

/*
 * Send one state message (printf format) on fd; nothing when fd < 0.
 * A failure is logged at info level: systemd may be gone.
 */
void sdnotify_send(int fd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * READY=1, MAINPID= and a STATUS= line: at start once every worker serves,
 * and again when a reload is done.
 */
void sdnotify_ready(int fd, int mainpid, size_t nzones, unsigned nworkers);

/* RELOADING=1 with MONOTONIC_USEC=, as systemd wants a reload announced. */
void sdnotify_reloading(int fd);

#endif
