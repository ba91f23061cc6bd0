/*
 * privs: the user, groups and chroot main and the workers run with (issue
 * 6 point 3). Main binds its sockets, loads the zones and writes the pid
 * file as it was started (root); then, in this order, as NSD does:
 *
 *	initgroups(user, group)		reads /etc/group: before the chroot
 *	chroot(chroot:), chdir("/")
 *	setgid(group), setuid(user)	the user can no longer undo any of it
 *
 * Paths and the chroot. Every file radixd opens after start-up (zone files
 * on reload, journals and zone files on flush, the pid file and the control
 * socket at exit, the log file on log-reopen) must be inside the chroot.
 * privs_check rewrites each configured path relative to the chroot and
 * changes directory there before anything is opened, so one name serves
 * both sides: "/var/lib/radixd/zones/example.com.zone" becomes
 * "zones/example.com.zone", opened relative to /var/lib/radixd at start
 * and relative to the new "/" (the same folder) after chroot().
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/conf.h"
#include "server/log.h"
#include "server/privs.h"
#include "server/server.h"

/* The chroot as configured and as resolved, without a trailing '/'. */
struct privs_root {
	char conf[PATH_MAX];
	char real[PATH_MAX];
};

/* The rest of path after root and a '/', or NULL when outside. */
static const char *
privs_under(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (n == 0 || strncmp(path, root, n) != 0)
		return NULL;
	if (strcmp(root, "/") == 0)
		return path[1] != '\0' ? path + 1 : NULL;
	if (path[n] != '/' || path[n + 1] == '\0')
		return NULL;
	return path + n + 1;
}

/* path with its folder resolved (symbolic links, "/run" for "/var/run"). */
static int
privs_resolve_dir(const char *path, char *out, size_t len)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || (size_t)(slash - path) >= sizeof(dir))
		return -1;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (realpath(dir[0] != '\0' ? dir : "/", real) == NULL)
		return -1;
	if ((size_t)snprintf(
		out, len, "%s%s", strcmp(real, "/") ? real : "", slash) >= len)
		return -1;
	return 0;
}

/*
 * Rewrite *path (what names it in messages) relative to the chroot.
 * 0, or -1 with the error logged.
 */
static int
privs_inside(
    const struct privs_root *r, const char *cwd, char **path, const char *what)
{
	char abs[PATH_MAX * 2], res[PATH_MAX * 2];
	const char *rest;
	char *np;
	size_t n;

	if (*path == NULL)
		return 0;
	if ((*path)[0] == '/')
		snprintf(abs, sizeof(abs), "%s", *path);
	else
		snprintf(abs, sizeof(abs), "%s/%s", cwd, *path);
	n = strlen(abs);
	/* A ".." could climb out of the chroot where the prefix says in. */
	if (strstr(abs, "/../") != NULL ||
	    (n >= 3 && strcmp(abs + n - 3, "/..") == 0)) {
		log_err("%s %s: a path with \"..\" cannot be checked against "
			"chroot: %s; write it without \"..\"",
		    what, *path, r->conf);
		return -1;
	}
	rest = privs_under(r->real, abs);
	if (rest == NULL)
		rest = privs_under(r->conf, abs);
	if (rest == NULL && privs_resolve_dir(abs, res, sizeof(res)) == 0)
		rest = privs_under(r->real, res);
	if (rest == NULL) {
		log_err("%s %s is outside chroot: %s; every file radixd opens "
			"after start-up must be inside it: move it there and "
			"name it by its full path, as %s/...",
		    what, *path, r->conf, r->conf);
		return -1;
	}
	if ((np = strdup(rest)) == NULL)
		fatal("out of memory");
	free(*path);
	*path = np;
	return 0;
}

static int
privs_chroot_paths(struct server *s)
{
	struct conf *c = &s->conf;
	struct privs_root r;
	char cwd[PATH_MAX], what[NAME_MAXTEXT + 32];
	size_t i, n;
	int bad = 0;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		fatal("getcwd: %s", strerror(errno));
	snprintf(r.conf, sizeof(r.conf), "%s", c->chroot);
	n = strlen(r.conf);
	while (n > 1 && r.conf[n - 1] == '/')
		r.conf[--n] = '\0';
	if (realpath(c->chroot, r.real) == NULL) {
		log_err("chroot: %s: %s; create the folder or fix chroot:",
		    c->chroot, strerror(errno));
		return -1;
	}
	for (i = 0; i < c->nzones; i++) {
		snprintf(
		    what, sizeof(what), "zone %s: zonefile", c->zones[i].name);
		bad |= privs_inside(&r, cwd, &c->zones[i].file, what);
		snprintf(
		    what, sizeof(what), "zone %s: journal", c->zones[i].name);
		bad |= privs_inside(&r, cwd, &c->zones[i].journal, what);
	}
	bad |= privs_inside(&r, cwd, &c->pidfile, "pidfile:");
	bad |= privs_inside(&r, cwd, &c->control_socket, "control-socket:");
	bad |= privs_inside(&r, cwd, &c->logfile, "logfile:");
	if (bad)
		return -1;
	if (chdir(r.real) != 0) {
		log_err("chroot: cannot enter %s: %s", r.real, strerror(errno));
		return -1;
	}
	free(c->chroot);
	if ((c->chroot = strdup(r.real)) == NULL)
		fatal("out of memory");
	return 0;
}

int
privs_check(struct server *s)
{
	if (s->conf.group != NULL && s->conf.user == NULL) {
		log_err("group: %s is set but user: is not; add user: (the "
			"group applies when radixd drops root)",
		    s->conf.group);
		return -1;
	}
	if (s->conf.chroot == NULL)
		return 0;
	return privs_chroot_paths(s);
}

/* Hand the control socket and the log file to the user radixd becomes. */
static void
privs_give(struct server *s, uid_t uid, gid_t gid)
{
	if (s->conf.control_socket != NULL && s->ctl >= 0 &&
	    chown(s->conf.control_socket, uid, gid) != 0)
		log_warn("control-socket: chown %s: %s; radixctl needs root",
		    s->conf.control_socket, strerror(errno));
	/* The log file is descriptor 2 (log.c). */
	if (log_file() != NULL && fchown(STDERR_FILENO, uid, gid) != 0)
		log_warn("logfile: chown %s: %s; log-reopen may fail",
		    log_file(), strerror(errno));
}

static int
privs_chroot(struct server *s)
{
	if (s->conf.chroot == NULL)
		return 0;
	if (chroot(s->conf.chroot) != 0 || chdir("/") != 0) {
		log_err("chroot: %s: %s; start radixd as root (or with "
			"CAP_SYS_CHROOT), or remove chroot:",
		    s->conf.chroot, strerror(errno));
		return -1;
	}
	return 0;
}

/* user: and group: as ids; 0 or -1 with the error logged. */
static int
privs_ids(struct server *s, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	struct group *gr;

	pw = getpwnam(s->conf.user);
	if (pw == NULL) {
		log_err("user %s does not exist; create it or change user:",
		    s->conf.user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (s->conf.group == NULL)
		return 0;
	gr = getgrnam(s->conf.group);
	if (gr == NULL) {
		log_err("group %s does not exist; create it or change group:",
		    s->conf.group);
		return -1;
	}
	*gid = gr->gr_gid;
	return 0;
}

int
privs_drop(struct server *s)
{
	uid_t uid;
	gid_t gid;
	int ngroups;

	if (s->conf.user != NULL && geteuid() != 0) {
		log_info(
		    "not started as root: user %s is not needed", s->conf.user);
		return privs_chroot(s);
	}
	if (s->conf.user == NULL)
		return privs_chroot(s);
	if (privs_ids(s, &uid, &gid) != 0)
		return -1;
	/* The user's groups from /etc/group, read before the chroot. */
	if (initgroups(s->conf.user, gid) != 0) {
		log_err("initgroups for user %s: %s", s->conf.user,
		    strerror(errno));
		return -1;
	}
	privs_give(s, uid, gid);
	if (privs_chroot(s) != 0)
		return -1;
	if (setgid(gid) != 0 || setuid(uid) != 0) {
		log_err(
		    "cannot become user %s: %s", s->conf.user, strerror(errno));
		return -1;
	}
	/* As OpenBSD's daemons check: root must be gone for good. */
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		log_err("user %s could become root again; not started",
		    s->conf.user);
		return -1;
	}
	ngroups = getgroups(0, NULL);
	log_info("running as user %s, group %u, %d group%s in all%s%s",
	    s->conf.user, (unsigned)gid, ngroups, ngroups == 1 ? "" : "s",
	    s->conf.chroot != NULL ? ", chroot " : "",
	    s->conf.chroot != NULL ? s->conf.chroot : "");
	return 0;
}
