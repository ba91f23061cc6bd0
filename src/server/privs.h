/*
 * privs: what main gives up after start-up (issue 6 point 3): the
 * supplementary groups, group and user it runs as, and an optional chroot.
 */
#ifndef RD_SERVER_PRIVS_H
#define RD_SERVER_PRIVS_H

struct server;

/*
 * Before any file is opened: with chroot:, check that every configured
 * path (zone files, journals, pidfile:, control-socket:, logfile:) lies
 * inside it, rewrite each relative to it and change directory there, so
 * that the same names work before the chroot (loading at start) and after
 * it (reloads, flushes, log-reopen). Also checks that group: comes with
 * user:. 0, or -1 with each error logged.
 */
int privs_check(struct server *s);

/*
 * After the sockets are bound, the zones loaded and the pid file written:
 * initgroups(user, group), chroot(chroot:), setgid, setuid, and a check
 * that root cannot be regained. The control socket and the log file are
 * given to the user first, so that radixctl's group and log-reopen keep
 * working. 0, or -1 with the error logged.
 */
int privs_drop(struct server *s);

#endif
