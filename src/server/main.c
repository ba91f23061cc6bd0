/*
 * radixd: the authoritative DNS server. main() reads top to bottom, one step
 * per line (STYLE.md point 7): configuration, sockets, zones, daemon, pid
 * file, privileges, signals, workers, supervision, exit.
 */
#include "config.h"

#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/journal.h"
#include "dns/zonedb.h"
#include "server/conf.h"
#include "server/ctl.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/notify_send.h"
#include "server/privs.h"
#include "server/sdnotify.h"
#include "server/server.h"
#include "server/stats.h"
#include "server/writer.h"

volatile sig_atomic_t server_sig_hup;
volatile sig_atomic_t server_sig_term;
volatile sig_atomic_t server_sig_chld;
volatile sig_atomic_t server_sig_usr2;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: radixd -c radixd.conf [-d]\n"
	    "       radixd -z ORIGIN:FILE [-z ...] -l ADDR@PORT [-l ...] "
	    "[-n WORKERS] [-u USER] [-v LEVEL] [-d]\n"
	    "  -c FILE    configuration file (radixd.conf(5))\n"
	    "  -z O:FILE  serve zone O from FILE\n"
	    "  -l A@P     listen on address A, port P (UDP and TCP)\n"
	    "  -n N       worker processes (default: one per CPU)\n"
	    "  -u USER    drop privileges to USER when started as root\n"
	    "  -v LEVEL   log level: error, warning, notice, info, debug\n"
	    "  -d         stay in the foreground and log to stderr\n"
	    "  -V         print the version\n");
	exit(2);
}

/* Command line into s->conf; the file given with -c is read after. */
static void
main_args(struct server *s, int argc, char **argv, const char **cfile)
{
	char err[256], origin[NAME_MAXTEXT], *colon;
	int ch, cmdline = 0;

	while ((ch = getopt(argc, argv, "c:z:l:n:u:v:dVh")) != -1) {
		switch (ch) {
		case 'c':
			*cfile = optarg;
			break;
		case 'z':
			colon = strchr(optarg, ':');
			if (colon == NULL || colon - optarg >= NAME_MAXTEXT)
				fatal("-z %s: expected ORIGIN:FILE, like "
				      "example.com:zones/example.com.zone",
				    optarg);
			/* Copy the origin: argv stays as given. */
			snprintf(origin, sizeof(origin), "%.*s",
			    (int)(colon - optarg), optarg);
			if (conf_add_zone(&s->conf, origin, colon + 1, err,
				sizeof(err)) != 0)
				fatal("-z: %s", err);
			cmdline = 1;
			break;
		case 'l':
			if (conf_add_listen(
				&s->conf, optarg, 53, err, sizeof(err)) != 0)
				fatal("-l: %s", err);
			cmdline = 1;
			break;
		case 'n':
			s->conf.workers = strtoul(optarg, NULL, 10);
			if (s->conf.workers < 1 ||
			    s->conf.workers > CONF_MAX_WORKERS)
				fatal("-n %s: expected a number of workers "
				      "from 1 to %d",
				    optarg, CONF_MAX_WORKERS);
			break;
		case 'u':
			free(s->conf.user);
			s->conf.user = strdup(optarg);
			break;
		case 'v':
			if (log_level_parse(optarg, &s->conf.log_level) != 0)
				fatal("-v %s: expected error, warning, notice, "
				      "info or debug",
				    optarg);
			log_set_level(s->conf.log_level);
			break;
		case 'd':
			s->conf.foreground = 1;
			break;
		case 'V':
			printf("radixd %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	if (optind != argc || (*cfile != NULL && cmdline) ||
	    (*cfile == NULL && !cmdline))
		usage();
}

/* Read the configuration and fill in what follows from it. */
static int
main_configure(struct server *s, const char *cfile)
{
	long ncpu;
	unsigned k;
	int fg = s->conf.foreground, lvl = s->conf.log_level;

	if (cfile != NULL) {
		if (conf_read(&s->conf, cfile) != 0)
			return -1;
		s->conf.foreground |= fg;
		if (lvl > s->conf.log_level)
			s->conf.log_level = lvl;
	}
	if (conf_check(&s->conf) != 0)
		return -1;
	/* Drawn or read once, at start: a reload keeps it (RFC 9018 §5). */
	memcpy(s->cookie_cur, s->conf.cookie_secret, sizeof(s->cookie_cur));
	if (s->conf.workers == 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		s->conf.workers = ncpu > 0 ? (unsigned)ncpu : 1;
	}
	s->nslots = s->conf.workers;
	s->slots = calloc(s->nslots, sizeof(*s->slots));
	if (s->slots == NULL)
		return -1;
	for (k = 0; k < s->nslots; k++)
		s->slots[k].ipc = -1;
	s->aopts.edns_payload = s->conf.edns_payload;
	s->aopts.id_server = s->conf.hide_identity ? NULL : s->conf.identity;
	s->aopts.version_server = s->conf.hide_version ? NULL : s->conf.version;
	return 0;
}

static void
main_abspath(const char *cwd, char **path, char *buf, size_t len)
{
	if ((*path)[0] == '/')
		return;
	snprintf(buf, len, "%s/%s", cwd, *path);
	free(*path);
	*path = strdup(buf);
	if (*path == NULL)
		fatal("out of memory");
}

/* Make zone file names absolute: the daemon may change directory. */
static void
main_abspaths(struct server *s)
{
	char cwd[PATH_MAX], buf[PATH_MAX * 2];
	size_t i;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return;
	for (i = 0; i < s->conf.nzones; i++) {
		main_abspath(cwd, &s->conf.zones[i].file, buf, sizeof(buf));
		main_abspath(cwd, &s->conf.zones[i].journal, buf, sizeof(buf));
	}
}

/* Standard input and output to /dev/null: a daemon has no terminal. */
static void
main_devnull(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)dup2(fd, STDIN_FILENO);
	(void)dup2(fd, STDOUT_FILENO);
	close(fd);
}

/*
 * Where the log goes from now on: logfile: when set (even with -d), else
 * syslog for a daemon (or stderr with log: stderr), stderr with -d.
 */
static int
main_daemonize(struct server *s)
{
	int tofile = s->conf.logfile != NULL;

	if (tofile && log_open_file(s->conf.logfile) != 0) {
		log_err("logfile: cannot open %s: %s; fix the path or the "
			"folder's permissions",
		    s->conf.logfile, strerror(errno));
		return -1;
	}
	if (s->conf.foreground)
		return 0;
	/* With log: stderr or logfile:, descriptor 2 stays open for the log. */
	if (daemon(1, tofile || !s->conf.use_syslog) != 0) {
		log_err("daemon: %s", strerror(errno));
		return -1;
	}
	if (tofile)
		main_devnull();
	log_init("radixd", tofile || !s->conf.use_syslog, s->conf.log_level);
	return 0;
}

static int
main_pidfile(struct server *s)
{
	char buf[32];
	int fd, n;

	if (s->conf.pidfile == NULL)
		return 0;
	fd = open(
	    s->conf.pidfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (fd < 0 || write(fd, buf, n) != n) {
		log_err("%s: cannot write the pid file: %s; fix pidfile: or "
			"the directory's permissions",
		    s->conf.pidfile, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static void
main_on_signal(int sig)
{
	if (sig == SIGHUP)
		server_sig_hup = 1;
	else if (sig == SIGCHLD)
		server_sig_chld = 1;
	else if (sig == SIGUSR2)
		server_sig_usr2 = 1;
	else
		server_sig_term = 1;
}

/* Handlers set flags; the signals stay blocked outside ppoll(). */
static int
main_signals(struct server *s)
{
	static const int sigs[] = {SIGHUP, SIGTERM, SIGINT, SIGCHLD, SIGUSR2};
	struct sigaction sa;
	sigset_t block;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&block);
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&block, sigs[i]);
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -1;
	}
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	if (sigprocmask(SIG_BLOCK, &block, NULL) != 0)
		return -1;
	if (pipe2(s->life, O_CLOEXEC) != 0 ||
	    pipe2(s->ready, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	s->mainpid = getpid();
	return 0;
}

/* Release everything main holds, so that a clean exit is clean. */
static void
main_cleanup(struct server *s)
{
	size_t i, n = (size_t)s->nslots * s->conf.nlisten;

	for (i = 0; i < n; i++) {
		close(s->udp[i]);
		close(s->tcp[i]);
	}
	/* The pid file was written as root: its folder must let user: in. */
	if (s->conf.pidfile != NULL && unlink(s->conf.pidfile) != 0 &&
	    errno != ENOENT)
		log_warn("pidfile: cannot remove %s: %s; let user: write its "
			 "folder (a RuntimeDirectory= of its own)",
		    s->conf.pidfile, strerror(errno));
	if (s->sd_fd >= 0)
		close(s->sd_fd);
	ctl_close(s);
	metrics_close(s);
	stats_pool_free(s->stats);
	notifier_free(s->notifier);
	writer_free(s->writer);
	for (i = 0; i < s->conf.nzones && s->zones != NULL; i++) {
		if (s->zones[i].jnl != NULL)
			jnl_close(s->zones[i].jnl);
		if (s->zones[i].ixfr != NULL)
			jnl_close(s->zones[i].ixfr);
		free(s->zones[i].base);
	}
	for (i = 0; i < s->nslots; i++)
		if (s->slots[i].ipc >= 0)
			close(s->slots[i].ipc);
	zonedb_free(s->db, 1);
	free(s->zones);
	free(s->slots);
	for (i = 0; i < (size_t)s->nslots * 2; i++)
		close(s->hand[i]);
	free(s->hand);
	free(s->udp);
	free(s->tcp);
	free(s->pktinfo);
	free(s->old);
	conf_free(&s->conf);
}

int
main(int argc, char **argv)
{
	struct server s;
	const char *cfile = NULL;

	memset(&s, 0, sizeof(s));
	s.ctl = -1;
	s.sd_fd = -1;
	s.started = time(NULL);
	conf_init(&s.conf);
	log_init("radixd", 1, s.conf.log_level);
	main_args(&s, argc, argv, &cfile);
	if (main_configure(&s, cfile) != 0)
		fatal("configuration: not started; fix the errors above");
	log_set_level(s.conf.log_level);
	main_abspaths(&s);
	if (privs_check(&s) != 0)
		fatal("chroot: not started; fix the paths above");
	if (supervise_sockets(&s) != 0)
		fatal("sockets: not started; fix the listen addresses");
	if (zones_load(&s) != 0)
		fatal("zones: not started; fix the zone files above");
	if (main_daemonize(&s) != 0)
		fatal("daemon: not started");
	if (main_pidfile(&s) != 0)
		fatal("pid file: not started");
	if (ctl_open(&s) != 0)
		fatal("control socket: not started; fix control-socket:");
	if ((s.sd_fd = sdnotify_open()) == -2)
		fatal("NOTIFY_SOCKET: not started");
	if (metrics_open(&s) != 0)
		fatal("metrics: not started; fix metrics:");
	if ((s.stats = stats_pool_new(s.nslots * 2 + 1)) == NULL)
		fatal("statistics: cannot map their shared memory: %s",
		    strerror(errno));
	if (privs_drop(&s) != 0)
		fatal("privileges: not started");
	if (main_signals(&s) != 0)
		fatal("signals: %s", strerror(errno));
	if ((s.writer = writer_new(&s)) == NULL)
		fatal("writer: out of memory");
	if ((s.notifier = notifier_new(&s)) == NULL)
		fatal("notifier: not started");
	supervise_start(&s);
	supervise_loop(&s);
	sdnotify_send(s.sd_fd, "STOPPING=1\nSTATUS=stopping");
	log_notice("stopping");
	supervise_stop(&s);
	zones_flush(&s, 1);
	main_cleanup(&s);
	log_notice("stopped");
	return 0;
}
