/*
 * supervise: main's side of the workers. Main owns every listening socket;
 * it forks one worker per slot, replaces a worker that dies on the same
 * sockets, and on SIGHUP forks fresh workers before telling the old ones to
 * drain, so that the kernel's socket queues always have a reader.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/ctl.h"
#include "server/ipc.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/notify_send.h"
#include "server/sdnotify.h"
#include "server/server.h"
#include "server/sock.h"
#include "server/stats.h"
#include "server/worker.h"
#include "server/writer.h"

#define SUPERVISE_QUICK 2   /* a worker that dies this young... */
#define SUPERVISE_BACKOFF 1 /* ...is restarted after this delay */
/* Seconds after the TCP timeout before stopping workers by force. */
#define SUPERVISE_KILL_GRACE 2
/* Retired workers' channels main polls (more are read once a second). */
#define SUPERVISE_POLL_OLD 16
/* Seconds a reload waits for the fresh workers to read their sockets. */
#define SUPERVISE_READY_WAIT 2

int
supervise_sockets(struct server *s)
{
	size_t nl = s->conf.nlisten, i;
	unsigned k;
	char err[256];
	int fd;

	s->udp = calloc((size_t)s->nslots * nl, sizeof(int));
	s->tcp = calloc((size_t)s->nslots * nl, sizeof(int));
	s->pktinfo = calloc(nl, 1);
	s->hand = calloc((size_t)s->nslots * 2, sizeof(int));
	if (s->udp == NULL || s->tcp == NULL || s->pktinfo == NULL ||
	    s->hand == NULL)
		fatal("out of memory for the sockets");
	for (k = 0; k < s->nslots; k++) {
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0,
			&s->hand[k * 2]) != 0) {
			snprintf(err, sizeof(err), "socketpair: %s",
			    strerror(errno));
			goto fail;
		}
	}
	for (i = 0; i < nl; i++)
		s->pktinfo[i] = sock_is_wildcard(&s->conf.listen[i]);
	for (k = 0; k < s->nslots; k++) {
		for (i = 0; i < nl; i++) {
			fd = sock_udp(&s->conf.listen[i], err, sizeof(err));
			if (fd < 0)
				goto fail;
			s->udp[k * nl + i] = fd;
			fd = sock_tcp(&s->conf.listen[i], err, sizeof(err));
			if (fd < 0)
				goto fail;
			s->tcp[k * nl + i] = fd;
		}
	}
	for (i = 0; i < nl; i++)
		log_info("listening on %s (UDP and TCP, %u sockets each)",
		    s->conf.listen[i].text, s->nslots);
	return 0;
fail:
	log_err("%s", err);
	return -1;
}

/* In the child: become the worker of slot k. Never returns. */
static void
supervise_child(struct server *s, unsigned k, int ipc)
{
	struct worker_cfg cfg;
	char role[32];
	unsigned j;

	/* A worker dies with main (and checks main did not die before this). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != s->mainpid)
		_exit(0);
	close(s->life[1]);
	close(s->ready[0]);
	if (s->sd_fd >= 0)
		close(s->sd_fd); /* only main speaks to systemd */
	if (log_worker_signals() != 0)
		_exit(1);
	for (j = 0; j < s->nslots; j++)
		if (s->slots[j].ipc >= 0)
			close(s->slots[j].ipc);
	snprintf(role, sizeof(role), "worker %u", k);
	log_set_role(role);
	memset(&cfg, 0, sizeof(cfg));
	cfg.slot = k;
	cfg.udp = &s->udp[k * s->conf.nlisten];
	cfg.tcp = &s->tcp[k * s->conf.nlisten];
	cfg.pktinfo = s->pktinfo;
	cfg.nlisten = s->conf.nlisten;
	cfg.life_fd = s->life[0];
	cfg.ready_fd = s->ready[1];
	cfg.hand_rd = s->hand[k * 2];
	cfg.hand_wr = s->hand[k * 2 + 1];
	cfg.db = s->db;
	cfg.aopts = &s->aopts;
	cfg.udp_max = s->conf.edns_payload;
	cfg.tcp_timeout = s->conf.tcp_timeout;
	cfg.tcp_count = s->conf.tcp_count;
	cfg.ipc_fd = ipc;
	cfg.s = s;
	worker_run(&cfg);
}

static void
supervise_fork(struct server *s, unsigned k)
{
	struct stats_block *blk;
	pid_t pid;
	int sv[2];

	if (ipc_pair(sv) != 0) {
		log_err("socketpair for worker %u: %s; retrying in %d s", k,
		    strerror(errno), SUPERVISE_BACKOFF);
		s->slots[k].restart_at = time(NULL) + SUPERVISE_BACKOFF;
		return;
	}
	/* The worker's own counters (stats.h), before the fork. */
	blk = s->stats != NULL ? stats_pool_take(s->stats) : NULL;
	pid = fork();
	if (pid != 0 && s->stats != NULL)
		stats_pool_own(s->stats, blk, pid);
	if (pid < 0) {
		log_err("fork for worker %u: %s; retrying in %d s", k,
		    strerror(errno), SUPERVISE_BACKOFF);
		s->slots[k].restart_at = time(NULL) + SUPERVISE_BACKOFF;
		close(sv[0]);
		close(sv[1]);
		return;
	}
	if (pid == 0) {
		close(sv[0]);
		stats_attach(blk);
		supervise_child(s, k, sv[1]);
	}
	close(sv[1]);
	/*
	 * A worker replaced while it runs (reload, renewal) keeps its channel
	 * until it exits: the UPDATEs it forwarded are still answered.
	 */
	if (s->slots[k].ipc >= 0 && s->slots[k].pid > 0 && s->writer != NULL)
		writer_retire(s->writer, s->slots[k].pid, s->slots[k].ipc);
	else if (s->slots[k].ipc >= 0)
		close(s->slots[k].ipc);
	s->slots[k].ipc = sv[0];
	if (s->writer != NULL)
		writer_forked(s->writer, k);
	s->slots[k].pid = pid;
	s->slots[k].ready = 0;
	s->slots[k].started = time(NULL);
	s->slots[k].restart_at = 0;
	log_debug("worker %u started, pid %d", k, (int)pid);
}

void
supervise_start(struct server *s)
{
	unsigned k;

	for (k = 0; k < s->nslots; k++)
		supervise_fork(s, k);
	log_notice("serving %zu zone%s with %u worker%s", s->conf.nzones,
	    s->conf.nzones == 1 ? "" : "s", s->nslots,
	    s->nslots == 1 ? "" : "s");
}

static void
supervise_describe(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(
		    buf, len, "exited with status %d", WEXITSTATUS(status));
}

void
supervise_replace(struct server *s, unsigned k, const char *what)
{
	log_err("worker %u: cannot send %s (%s); replacing it with a fresh "
		"one", k, what, strerror(errno));
	kill(s->slots[k].pid, SIGKILL);
	close(s->slots[k].ipc);
	s->slots[k].ipc = -1;
}

/* Forget an old (draining) worker; 1 when pid was one. */
static int
supervise_forget_old(struct server *s, pid_t pid)
{
	size_t i;

	for (i = 0; i < s->nold; i++) {
		if (s->old[i] == pid) {
			s->old[i] = s->old[--s->nold];
			return 1;
		}
	}
	return 0;
}

/* A current worker died: log it and start its replacement. */
static void
supervise_died(struct server *s, unsigned k, int status)
{
	struct wslot *w = &s->slots[k];
	time_t now = time(NULL);
	char how[96];

	supervise_describe(status, how, sizeof(how));
	w->pid = 0;
	if (w->ipc >= 0)
		close(w->ipc);
	w->ipc = -1;
	if (s->stopping) {
		/*
		 * Stopping: an exit, or our SIGTERM before the worker set
		 * its handler, is what we asked for; say the rest.
		 */
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
		    !(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM))
			log_warn("worker %u %s while radixd was stopping", k, how);
		return;
	}
	if (now - w->started < SUPERVISE_QUICK)
		w->deaths++;
	else
		w->deaths = 0;
	if (w->deaths > 3) {
		log_err("worker %u %s; it keeps dying, next one in %d s", k,
		    how, SUPERVISE_BACKOFF);
		w->restart_at = now + SUPERVISE_BACKOFF;
		return;
	}
	log_err("worker %u %s; starting a new one on the same sockets", k, how);
	supervise_fork(s, k);
}

static void
supervise_reap(struct server *s)
{
	char how[96];
	unsigned k;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		stats_pool_exited(s->stats, pid);
		for (k = 0; k < s->nslots; k++) {
			if (s->slots[k].pid == pid) {
				supervise_died(s, k, status);
				break;
			}
		}
		if (k < s->nslots)
			continue;
		supervise_describe(status, how, sizeof(how));
		if (supervise_forget_old(s, pid))
			log_info("old worker pid %d %s", (int)pid, how);
	}
}

static void
supervise_add_old(struct server *s, pid_t pid)
{
	pid_t *o;

	if (s->nold == s->oldcap) {
		o = reallocarray(s->old, s->oldcap * 2 + 8, sizeof(*o));
		if (o == NULL)
			return; /* only the log line is lost */
		s->old = o;
		s->oldcap = s->oldcap * 2 + 8;
	}
	s->old[s->nold++] = pid;
}

/* Read the pids of workers that now serve; marks their slots ready. */
static void
supervise_read_ready(struct server *s)
{
	int32_t pids[64];
	ssize_t n;
	size_t i;
	unsigned k;

	while ((n = read(s->ready[0], pids, sizeof(pids))) > 0) {
		for (i = 0; i < (size_t)n / sizeof(pids[0]); i++) {
			for (k = 0; k < s->nslots; k++)
				if (s->slots[k].pid == pids[i])
					s->slots[k].ready = 1;
		}
	}
}

static int
supervise_all_ready(struct server *s)
{
	unsigned k;

	for (k = 0; k < s->nslots; k++)
		if (s->slots[k].pid > 0 && !s->slots[k].ready)
			return 0;
	return 1;
}

/* Wait (bounded) until every current worker reads its sockets. */
static void
supervise_wait_ready(struct server *s)
{
	struct timespec tick = {0, 50 * 1000 * 1000};
	struct pollfd pfd = {.fd = s->ready[0], .events = POLLIN};
	sigset_t none;
	int i;

	sigemptyset(&none);
	for (i = 0; i < SUPERVISE_READY_WAIT * 20; i++) {
		supervise_read_ready(s);
		if (supervise_all_ready(s))
			return;
		(void)ppoll(&pfd, 1, &tick, &none);
	}
	log_warn("fresh workers not ready after %d s; stopping the old ones "
		 "anyway",
	    SUPERVISE_READY_WAIT);
}

/*
 * SIGHUP: new zones, new workers on the same sockets, and only once they
 * read them do the old ones stop reading and drain: the sockets always have
 * a reader, and what the kernel queued meanwhile stays queued.
 */
void
supervise_renew(struct server *s)
{
	pid_t *old;
	unsigned k;

	old = calloc(s->nslots, sizeof(*old));
	if (old == NULL) {
		log_err("out of memory for the reload; workers not renewed");
		return;
	}
	for (k = 0; k < s->nslots; k++) {
		old[k] = s->slots[k].pid;
		supervise_fork(s, k);
	}
	supervise_wait_ready(s);
	for (k = 0; k < s->nslots; k++) {
		if (old[k] > 0 && s->slots[k].pid != old[k]) {
			supervise_add_old(s, old[k]);
			kill(old[k], SIGUSR1);
		}
	}
	free(old);
}

static void
supervise_reload(struct server *s)
{
	log_notice("SIGHUP: reloading changed zones");
	sdnotify_reloading(s->sd_fd);
	zones_reload(s);
	supervise_renew(s);
	log_notice(
	    "reload done: %u fresh workers; the old ones drain", s->nslots);
	sdnotify_ready(s->sd_fd, (int)s->mainpid, s->conf.nzones, s->nslots);
}

/* Once, at start: every worker reads its sockets, so systemd may go on. */
static void
supervise_notify_ready(struct server *s)
{
	if (s->sd_ready || !supervise_all_ready(s))
		return;
	s->sd_ready = 1;
	sdnotify_ready(s->sd_fd, (int)s->mainpid, s->conf.nzones, s->nslots);
}

static void
supervise_restarts(struct server *s)
{
	time_t now = time(NULL);
	unsigned k;

	for (k = 0; k < s->nslots; k++) {
		if (s->slots[k].pid == 0 && s->slots[k].restart_at != 0 &&
		    now >= s->slots[k].restart_at)
			supervise_fork(s, k);
	}
}

/*
 * Poll set: the ready pipe, each worker's channel, the retired channels,
 * the control socket, the notifier.
 */
static nfds_t
supervise_pollset(struct server *s, struct pollfd *pfd, int *timeout)
{
	nfds_t n = 0;
	unsigned k;
	int t;

	pfd[n].fd = s->ready[0];
	pfd[n++].events = POLLIN;
	for (k = 0; k < s->nslots; k++) {
		pfd[n].fd = s->slots[k].ipc;
		pfd[n++].events = POLLIN;
	}
	if (s->writer != NULL) {
		int fds[SUPERVISE_POLL_OLD];
		size_t i, m;

		m = writer_fds(s->writer, fds, SUPERVISE_POLL_OLD);
		for (i = 0; i < m; i++) {
			pfd[n].fd = fds[i];
			pfd[n++].events = POLLIN;
		}
	}
	pfd[n].fd = s->ctl;
	pfd[n++].events = POLLIN;
	n += metrics_pollfds(s->metrics, pfd + n);
	/* The notifier's descriptor comes last (supervise_loop reads it). */
	pfd[n].fd = s->notifier != NULL ? notifier_fd(s->notifier) : -1;
	pfd[n++].events = POLLIN;
	*timeout = 1000;
	if (s->notifier != NULL) {
		t = notifier_timeout_ms(s->notifier);
		if (t >= 0 && t < *timeout)
			*timeout = t;
	}
	return n;
}

void
supervise_loop(struct server *s)
{
	struct timespec tick;
	struct pollfd *pfd;
	sigset_t none;
	nfds_t n;
	int timeout;

	pfd = calloc(s->nslots + 3 + SUPERVISE_POLL_OLD + METRICS_POLLFDS,
	    sizeof(*pfd));
	if (pfd == NULL)
		fatal("out of memory for main's poll set");
	sigemptyset(&none);
	while (!server_sig_term) {
		n = supervise_pollset(s, pfd, &timeout);
		tick.tv_sec = timeout / 1000;
		tick.tv_nsec = (long)(timeout % 1000) * 1000000;
		/* Signals are blocked except inside ppoll: none is missed. */
		(void)ppoll(pfd, n, &tick, &none);
		supervise_read_ready(s);
		supervise_notify_ready(s);
		if (s->writer != NULL)
			writer_run(s->writer);
		if (s->notifier != NULL) {
			if (pfd[n - 1].fd >= 0 && (pfd[n - 1].revents & POLLIN))
				notifier_readable(s->notifier);
			notifier_tick(s->notifier);
		}
		ctl_run(s);
		metrics_run(s);
		/*
		 * With SIGTERM pending, workers that exit now (a SIGTERM sent
		 * to every radixd process at once) are reaped by
		 * supervise_stop, which does not replace them.
		 */
		if (server_sig_chld && !server_sig_term) {
			server_sig_chld = 0;
			supervise_reap(s);
		}
		if (server_sig_usr2) {
			server_sig_usr2 = 0;
			if (supervise_log_reopen(s) < 0)
				log_err("SIGUSR2: cannot reopen %s: %s; still "
					"logging to the old file",
				    log_file(), strerror(errno));
		}
		if (server_sig_hup && !server_sig_term) {
			server_sig_hup = 0;
			supervise_reload(s);
		} else if (s->writer != NULL && writer_want_renew(s->writer)) {
			log_info("workers forked again to share memory");
			supervise_renew(s);
		}
		zones_flush(s, 0);
		supervise_restarts(s);
	}
	free(pfd);
}

/* Number of workers, current and old, still running. */
static size_t
supervise_running(struct server *s)
{
	size_t n = s->nold;
	unsigned k;

	for (k = 0; k < s->nslots; k++)
		n += s->slots[k].pid > 0;
	return n;
}

static void
supervise_signal_all(struct server *s, int sig)
{
	unsigned k;
	size_t i;

	for (k = 0; k < s->nslots; k++)
		if (s->slots[k].pid > 0)
			kill(s->slots[k].pid, sig);
	for (i = 0; i < s->nold; i++)
		kill(s->old[i], sig);
}

int
supervise_log_reopen(struct server *s)
{
	int rc = log_reopen();

	if (rc != 0)
		return rc;
	/* Each worker's SIGUSR2 handler reopens the file in its process. */
	supervise_signal_all(s, SIGUSR2);
	log_notice("log file %s reopened", log_file());
	return 0;
}

void
supervise_stop(struct server *s)
{
	struct timespec tick = {0, 100 * 1000 * 1000};
	time_t deadline;
	sigset_t none;

	s->stopping = 1;
	sigemptyset(&none);
	supervise_signal_all(s, SIGTERM);
	deadline = time(NULL) + s->conf.tcp_timeout + SUPERVISE_KILL_GRACE;
	while (supervise_running(s) > 0 && time(NULL) < deadline) {
		(void)ppoll(NULL, 0, &tick, &none);
		supervise_reap(s);
	}
	if (supervise_running(s) > 0) {
		log_warn("workers still running after %u s; killing them",
		    s->conf.tcp_timeout + SUPERVISE_KILL_GRACE);
		supervise_signal_all(s, SIGKILL);
		while (waitpid(-1, NULL, 0) > 0)
			;
	}
}
