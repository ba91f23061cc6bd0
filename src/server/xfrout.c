/*
 * xfrout: zone transfers out (AXFR, RFC 5936; IXFR, RFC 1995) and incoming
 * NOTIFY (RFC 1996), as seen from a worker.
 *
 * A transfer that streams is served by a short-lived process, forked twice
 * (the worker leaves SIGCHLD to its default, so the middle process exits at
 * once, the worker reaps it, and the transfer process is reparented: no
 * zombie is left). The transfer process shares the worker's tree
 * copy-on-write, so it sends one version of the zone even when the worker
 * applies later diffs (DESIGN.md "Transfers and NOTIFY"). It holds the
 * write end of a pipe whose read end the worker keeps: the pipe reads EOF
 * once the transfer is over, which is how the worker counts the transfers
 * still running and bounds them. It also holds a pidfd of main, opened by
 * the worker before the fork: when main exits (radixd stops), the transfer
 * is broken off at its next message or while it waits for the client, as
 * NSD and Knot end transfers when they stop; a reload (main stays) leaves
 * it running.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "dns/acl.h"
#include "dns/diff.h"
#include "dns/err.h"
#include "dns/journal.h"
#include "dns/name.h"
#include "dns/notify.h"
#include "dns/pkt.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "dns/xfr.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "server/log.h"
#include "server/server.h"
#include "server/xfrout.h"

/* Transfers one worker streams at once; more are answered SERVFAIL. */
#define XFROUT_MAX 8
/* Seconds a blocked send may wait before the transfer is dropped. */
#define XFROUT_SEND_TIMEOUT 30
/* Seconds a whole transfer may take, at most. */
#define XFROUT_TIME_MAX 1800
/* Messages sent between looks at whether main is still there. */
#define XFROUT_MAIN_CHECK 32

/*
 * The read ends of the pipes of the transfers this worker started. This is
 * per-process state of the worker (the contract passes main's struct
 * server only, as forked), so it lives here; it is never shared.
 */
static struct {
	int fd[XFROUT_MAX];
	int n;
} xfrout_running;

/* What a transfer process needs, filled by the worker before the fork. */
struct xfrout_job {
	const struct zone *z;
	const struct conf_zone *cz;
	const struct zslot *zs;
	struct xfr_request req;
	struct tsig_ctx *tsig;
	int mainfd; /* pidfd of main, or -1 (then only the timeouts end it) */
	char src[INET6_ADDRSTRLEN + 8];
	char key[NAME_MAXTEXT];
	char zone[NAME_MAXTEXT];
};

/* A diff source over a private copy of the journal, ending at a serial. */
struct xfrout_diffs {
	struct xfr_jnlsrc js;
	struct xfr_diffsrc inner;
	uint32_t to;
	int done;
};

void
xfrout_addr_text(const struct sockaddr *sa, char *out, size_t max)
{
	char a[INET6_ADDRSTRLEN];
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

	if (sa != NULL && sa->sa_family == AF_INET &&
	    inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a)) != NULL)
		snprintf(out, max, "%s@%u", a, ntohs(s4->sin_port));
	else if (sa != NULL && sa->sa_family == AF_INET6 &&
		 inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a)) != NULL)
		snprintf(out, max, "%s@%u", a, ntohs(s6->sin6_port));
	else
		snprintf(out, max, "(unknown)");
}

/* Index in s->conf.zones of the zone with this origin, or -1. */
static long
xfrout_conf_zone(const struct server *s, const uint8_t *origin)
{
	size_t i;

	for (i = 0; i < s->conf.nzones; i++)
		if (name_equal(s->conf.zones[i].origin, origin))
			return (long)i;
	return -1;
}

static void
xfrout_name(const uint8_t *name, char *out)
{
	if (name == NULL || name_to_text(name, out, NAME_MAXTEXT) < 0)
		snprintf(out, NAME_MAXTEXT, "-");
}

/* Sign an answer when the exchange signs (RFC 8945 §5.3). */
static size_t
xfrout_sign(struct tsig_ctx *ctx, uint8_t *out, size_t len, size_t max)
{
	if (tsig_active(ctx) &&
	    tsig_sign(ctx, out, &len, max, (uint64_t)time(NULL)) != 0)
		return 0;
	return len;
}

/* An error answer to a transfer request, signed when it should be. */
static size_t
xfrout_err(const struct xfr_request *req, struct tsig_ctx *ctx, uint16_t rcode,
    uint8_t *out, size_t max)
{
	size_t res = tsig_active(ctx) ? tsig_reserve(ctx) : 0;
	int n;

	if (max < res + 12)
		return 0;
	n = xfr_error(req, rcode, out, max - res);
	if (n < 0)
		return 0;
	return xfrout_sign(ctx, out, (size_t)n, max);
}

/* Drop the transfers that are over; the number still running. */
static int
xfrout_reap(void)
{
	struct pollfd p;
	char c;
	int i;

	for (i = 0; i < xfrout_running.n;) {
		p.fd = xfrout_running.fd[i];
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) > 0 && read(p.fd, &c, 1) <= 0) {
			close(p.fd);
			xfrout_running.fd[i] =
			    xfrout_running.fd[--xfrout_running.n];
			continue;
		}
		i++;
	}
	return xfrout_running.n;
}

static int
xfrout_diffs_seek(void *ctx, uint32_t serial)
{
	struct xfrout_diffs *d = ctx;

	d->done = 0;
	return d->inner.seek(d->inner.ctx, serial);
}

/*
 * The journal may already hold diffs newer than our snapshot (main journals
 * before the workers apply): the stream stops at the snapshot's serial.
 */
static int
xfrout_diffs_next(void *ctx, struct diff *df)
{
	struct xfrout_diffs *d = ctx;
	int r;

	if (d->done)
		return 0;
	r = d->inner.next(d->inner.ctx, df);
	if (r == 1 && df->serial_to == d->to)
		d->done = 1;
	return r;
}

/*
 * The journal for reading: by its path, or, when radixd dropped root and
 * the file is root's, the descriptor main opened it with before, which
 * every worker inherits (found by its /proc link). -1: none.
 */
static int
xfrout_journal_fd(const char *path, int *owned)
{
	char link[300], target[4096], real[4096];
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int fd;

	*owned = 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0 || errno != EACCES)
		return fd;
	if (realpath(path, real) == NULL ||
	    (d = opendir("/proc/self/fd")) == NULL)
		return -1;
	*owned = 0;
	while ((de = readdir(d)) != NULL) {
		snprintf(link, sizeof(link), "/proc/self/fd/%s", de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, real) == 0) {
			fd = atoi(de->d_name);
			break;
		}
	}
	closedir(d);
	return fd;
}

/*
 * A private copy of the zone's journal in memory (a memfd), made before
 * the transfer process closes what it inherited. The original is only
 * read: opening it with jnl_open could cut an append main has in progress
 * as a torn tail. -1 when there is none to read (IXFR then answers
 * AXFR-style).
 */
static int
xfrout_journal_copy(const struct xfrout_job *job)
{
	struct stat sb;
	off_t off = 0;
	ssize_t n;
	int in, mem, owned;

	/* A static zone's reloads are kept the same way (zones_static). */
	if (job->req.qtype != RRTYPE_IXFR || job->zs == NULL ||
	    (job->zs->jnl == NULL && job->zs->ixfr == NULL) ||
	    job->cz->journal == NULL)
		return -1;
	if ((in = xfrout_journal_fd(job->cz->journal, &owned)) < 0) {
		log_info("zone %s: journal %s not readable for IXFR (%s); "
			 "answering AXFR-style",
		    job->zone, job->cz->journal, strerror(errno));
		return -1;
	}
	mem = memfd_create("radixd-ixfr", MFD_CLOEXEC);
	if (mem >= 0 && fstat(in, &sb) == 0) {
		/* sendfile with an offset leaves the file position alone. */
		while (
		    off < sb.st_size && (n = sendfile(mem, in, &off,
					     (size_t)(sb.st_size - off))) > 0)
			;
		if (off != sb.st_size) {
			close(mem);
			mem = -1;
		}
	}
	if (owned)
		close(in);
	return mem;
}

/* The journal copy in mem as a struct jnl; NULL when it does not open. */
static struct jnl *
xfrout_journal(const struct xfrout_job *job, int mem)
{
	struct jnl *j = NULL;
	char path[64];

	if (mem < 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mem);
	if (jnl_open(path, job->cz->origin, 0, NULL, NULL, &j) != 0)
		j = NULL;
	close(mem);
	return j;
}

/*
 * Wait until fd has events, for at most XFROUT_SEND_TIMEOUT seconds. 0, or
 * -1 with errno ETIMEDOUT, or ECANCELED when main has exited (mainfd, a
 * pidfd, becomes readable then).
 */
static int
xfrout_wait(int fd, short events, int mainfd)
{
	struct pollfd p[2];
	int n;

	p[0].fd = fd;
	p[0].events = events;
	p[1].fd = mainfd; /* poll skips a negative fd */
	p[1].events = POLLIN;
	for (;;) {
		p[0].revents = p[1].revents = 0;
		n = poll(p, 2, XFROUT_SEND_TIMEOUT * 1000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (p[1].revents != 0) {
			errno = ECANCELED;
			return -1;
		}
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		return 0;
	}
}

/* Whether main has exited (never, without a pidfd). */
static int
xfrout_main_gone(int mainfd)
{
	struct pollfd p;

	if (mainfd < 0)
		return 0;
	p.fd = mainfd;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) > 0;
}

/*
 * Write all of buf; 0 or -1 (errno ETIMEDOUT: the client took no data for
 * XFROUT_SEND_TIMEOUT seconds; ECANCELED: main exited; or the peer's).
 */
static int
xfrout_write(int fd, const uint8_t *buf, size_t len, int mainfd)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (xfrout_wait(fd, POLLOUT, mainfd) != 0)
				return -1;
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * After the last message: wait for the client to close, so that our last
 * octets are not lost to a reset (with the same timeouts as a send).
 */
static void
xfrout_linger(int fd, uint8_t *buf, size_t max, int mainfd)
{
	ssize_t n;

	shutdown(fd, SHUT_WR);
	for (;;) {
		n = recv(fd, buf, max, MSG_DONTWAIT);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
		    xfrout_wait(fd, POLLIN, mainfd) == 0)
			continue;
		return;
	}
}

static const char *
xfrout_kind_name(const struct xfr_request *req, enum xfr_kind k)
{
	if (req->qtype == RRTYPE_AXFR)
		return "AXFR";
	if (k == XFR_IXFR)
		return "IXFR";
	return k == XFR_SOA_ONLY ? "IXFR (up to date)" : "IXFR (AXFR-style)";
}

/*
 * Stream the transfer on fd (each send may wait XFROUT_SEND_TIMEOUT
 * seconds for the client), then wait for the client to close so that our
 * last octets are not lost to a reset. Returns the exit status of the
 * transfer process.
 */
static int
xfrout_stream(struct xfrout_job *job, int fd, int mem)
{
	uint8_t *buf;
	struct xfrout_diffs ds;
	struct xfr_diffsrc src;
	struct xfr_signer signer;
	struct tsig_hook hook;
	struct timespec t0, t1;
	struct xfr x;
	struct jnl *j = NULL;
	uint32_t nmsg = 0;
	int n, rc = 0;

	if ((buf = malloc(2 + XFR_MSG_MAX)) == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&ds, 0, sizeof(ds));
	if ((j = xfrout_journal(job, mem)) != NULL) {
		xfr_diffsrc_journal(&ds.inner, &ds.js, j);
		ds.to = job->z->serial;
	}
	hook.ctx = job->tsig;
	hook.now = 0;
	signer.sign = tsig_sign_hook;
	signer.ctx = &hook;
	signer.reserve = tsig_reserve(job->tsig);
	src.seek = xfrout_diffs_seek;
	src.next = xfrout_diffs_next;
	src.ctx = &ds;
	n = xfr_begin(&x, job->z, &job->req, j != NULL ? &src : NULL,
	    tsig_active(job->tsig) ? &signer : NULL);
	if (n != 0) {
		log_warn("transfer of zone %s to %s not started: %s", job->zone,
		    job->src, rd_strerror(n));
		jnl_close(j);
		free(buf);
		return 1;
	}
	while ((n = xfr_next(&x, buf + 2, XFR_MSG_MAX)) > 0) {
		buf[0] = (uint8_t)(n >> 8);
		buf[1] = (uint8_t)n;
		if (xfrout_write(fd, buf, (size_t)n + 2, job->mainfd) != 0) {
			n = RD_EIO;
			break;
		}
		/* A client that keeps up never waits: look now and then. */
		if (++nmsg % XFROUT_MAIN_CHECK == 0 &&
		    xfrout_main_gone(job->mainfd)) {
			errno = ECANCELED;
			n = RD_EIO;
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n == RD_EIO && errno == ECANCELED) {
		log_notice("transfer of zone %s serial %u to %s (key %s) broken "
			   "off after %u messages: radixd is stopping; the "
			   "secondary will retry",
		    job->zone, job->z->serial, job->src, job->key, nmsg);
		rc = 1;
	} else if (n < 0) {
		log_warn("transfer of zone %s serial %u to %s (key %s) broken "
			 "after %u messages: %s",
		    job->zone, job->z->serial, job->src, job->key, nmsg,
		    n == RD_EIO ? strerror(errno) : rd_strerror(n));
		rc = 1;
	} else {
		log_notice("transfer of zone %s serial %u to %s (key %s): %s, "
			   "%u messages, %zu records, %.3f s",
		    job->zone, job->z->serial, job->src, job->key,
		    xfrout_kind_name(&job->req, xfr_kind(&x)), nmsg, x.nrecords,
		    (double)(t1.tv_sec - t0.tv_sec) +
			(t1.tv_nsec - t0.tv_nsec) / 1e9);
		xfrout_linger(fd, buf, 2 + XFR_MSG_MAX, job->mainfd);
	}
	xfr_end(&x);
	jnl_close(j);
	free(buf);
	return rc;
}

/* Close every descriptor above 2 but the n in keep (sorted here). */
static void
xfrout_close_others(int *keep, int n)
{
	unsigned from = 3;
	int i, k, t;

	for (i = 1; i < n; i++)
		for (k = i; k > 0 && keep[k - 1] > keep[k]; k--) {
			t = keep[k];
			keep[k] = keep[k - 1];
			keep[k - 1] = t;
		}
	closelog();
	for (i = 0; i < n; i++) {
		if (keep[i] < 3)
			continue;
		if ((unsigned)keep[i] > from)
			close_range(from, (unsigned)keep[i] - 1, 0);
		from = (unsigned)keep[i] + 1;
	}
	close_range(from, ~0U, 0);
}

/* The transfer process: never returns. */
static void
xfrout_child(struct xfrout_job *job, int fd, int pipe_wr)
{
	struct sigaction sa;
	sigset_t none;
	int mem, keep[4];

	mem = xfrout_journal_copy(job);
	keep[0] = fd;
	keep[1] = pipe_wr;
	keep[2] = mem;
	keep[3] = job->mainfd;
	xfrout_close_others(keep, 4);
	log_set_role("xfr");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	alarm(XFROUT_TIME_MAX);
	_exit(xfrout_stream(job, fd, mem));
}

/*
 * A pidfd of main (pidfd_open, Linux 5.3), or -1 where there is none: the
 * transfer then ends only by its timeouts. Opened by the worker, whose
 * parent main is, so the pid cannot belong to another process yet.
 */
static int
xfrout_pidfd(pid_t mainpid)
{
	long fd = -1;

#ifdef SYS_pidfd_open
	if (mainpid > 0 && getppid() == mainpid)
		fd = syscall(SYS_pidfd_open, mainpid, 0);
	if (fd >= 0 && getppid() != mainpid) {
		close((int)fd); /* main exited meanwhile */
		fd = -1;
	}
#else
	(void)mainpid;
#endif
	return fd >= 0 ? (int)fd : -1;
}

/*
 * Fork the transfer process (twice, see the top of the file). Returns 1
 * when it runs, 0 when it could not be started.
 */
static int
xfrout_fork(struct xfrout_job *job, int fd, pid_t mainpid)
{
	int p[2], status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		return 0;
	job->mainfd = xfrout_pidfd(mainpid);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		if (job->mainfd >= 0)
			close(job->mainfd);
		return 0;
	}
	if (pid == 0) {
		close(p[0]);
		pid = fork();
		if (pid == 0)
			xfrout_child(job, fd, p[1]);
		_exit(pid < 0 ? 1 : 0);
	}
	close(p[1]);
	if (job->mainfd >= 0)
		close(job->mainfd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		close(p[0]);
		return 0;
	}
	xfrout_running.fd[xfrout_running.n++] = p[0];
	return 1;
}

/*
 * TSIG (RFC 8945 §5.2), zone and ACL for a transfer request. Returns 0 to
 * go on (with *zi the zone's index), or the rcode to answer with.
 */
static int
xfrout_check(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen,
    const struct xfr_request *req, struct tsig_ctx *ctx, long *zi,
    struct xfrout_job *job)
{
	char why[256];
	int rc;

	xfrout_addr_text(src, job->src, sizeof(job->src));
	xfrout_name(req->qname, job->zone);
	snprintf(job->key, sizeof(job->key), "none");
	rc = tsig_verify(&s->conf.keyset, q, qlen, (uint64_t)time(NULL), ctx);
	if (ctx->keynamelen > 0)
		xfrout_name(ctx->keyname, job->key);
	if (rc == RD_ENOMEM)
		return PKT_RCODE_SERVFAIL;
	if (rc == TSIG_FORMERR)
		return PKT_RCODE_FORMERR;
	if (rc != 0) {
		/* RFC 8945 §5.2: a TSIG that does not verify gets NOTAUTH. */
		log_notice("transfer of zone %s to %s refused: key %s: TSIG %s",
		    job->zone, job->src, job->key, tsig_error_name(rc));
		return PKT_RCODE_NOTAUTH;
	}
	*zi = xfrout_conf_zone(s, req->qname);
	job->z = zonedb_get(db, req->qname);
	if (*zi < 0 || job->z == NULL) {
		/* RFC 5936 §2.2.1: not authoritative for the zone. */
		log_notice("transfer of zone %s to %s (key %s) refused: not a "
			   "zone of ours",
		    job->zone, job->src, job->key);
		return PKT_RCODE_NOTAUTH;
	}
	job->cz = &s->conf.zones[*zi];
	job->zs = s->zones != NULL ? &s->zones[*zi] : NULL;
	if (!acl_check(&job->cz->acl_xfr, src,
		tsig_active(ctx) ? ctx->keyname : NULL, why, sizeof(why))) {
		log_notice("transfer of zone %s to %s (key %s) refused: %s",
		    job->zone, job->src, job->key, why);
		return PKT_RCODE_REFUSED;
	}
	/* A stopped zone has nothing to transfer (Knot: SERVFAIL too). */
	if (job->z->stopped) {
		log_notice("transfer of zone %s to %s refused: the zone is "
			   "stopped (its journal is damaged; see doc/"
			   "reliability.md)",
		    job->zone, job->src);
		return PKT_RCODE_SERVFAIL;
	}
	return 0;
}

int
xfrout_tcp(struct server *s, const struct zonedb *db, int fd,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax, size_t *outlen)
{
	struct tsig_ctx ctx;
	struct xfrout_job job;
	struct xfr x;
	long zi = -1;
	int rc, n;

	*outlen = 0;
	memset(&job, 0, sizeof(job));
	tsig_ctx_init(&ctx);
	rc = xfr_parse_request(q, qlen, &job.req);
	if (rc != 0) {
		*outlen =
		    xfrout_err(&job.req, &ctx, PKT_RCODE_FORMERR, out, outmax);
		return 0;
	}
	rc = xfrout_check(s, db, src, q, qlen, &job.req, &ctx, &zi, &job);
	if (rc != 0) {
		*outlen = xfrout_err(&job.req, &ctx, (uint16_t)rc, out, outmax);
		tsig_ctx_clear(&ctx);
		return 0;
	}
	/* RFC 1995 §2: an IXFR that is up to date gets our SOA, here. */
	if (job.req.qtype == RRTYPE_IXFR &&
	    xfr_begin(&x, job.z, &job.req, NULL, NULL) == 0) {
		if (xfr_kind(&x) == XFR_SOA_ONLY) {
			n = xfr_next(&x, out,
			    outmax -
				(tsig_active(&ctx) ? tsig_reserve(&ctx) : 0));
			xfr_end(&x);
			*outlen =
			    n > 0 ? xfrout_sign(&ctx, out, (size_t)n, outmax)
				  : 0;
			log_info(
			    "IXFR of zone %s to %s (key %s): up to date at "
			    "serial %u",
			    job.zone, job.src, job.key, job.z->serial);
			tsig_ctx_clear(&ctx);
			return 0;
		}
		xfr_end(&x);
	}
	if (xfrout_reap() >= XFROUT_MAX) {
		log_warn(
		    "transfer of zone %s to %s: %d transfers running, the "
		    "most a worker serves at once; SERVFAIL, the client will "
		    "retry",
		    job.zone, job.src, XFROUT_MAX);
		*outlen =
		    xfrout_err(&job.req, &ctx, PKT_RCODE_SERVFAIL, out, outmax);
		tsig_ctx_clear(&ctx);
		return 0;
	}
	job.tsig = &ctx;
	rc = xfrout_fork(&job, fd, s->mainpid);
	/* The child has its own copy of ctx; the HMAC state here is ours. */
	tsig_ctx_clear(&ctx);
	if (rc == 1)
		return 1;
	log_err("transfer of zone %s to %s: cannot fork: %s; SERVFAIL",
	    job.zone, job.src, strerror(errno));
	tsig_ctx_init(&ctx);
	*outlen = xfrout_err(&job.req, &ctx, PKT_RCODE_SERVFAIL, out, outmax);
	return 0;
}

size_t
xfrout_udp(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax)
{
	struct tsig_ctx ctx;
	struct xfrout_job job;
	struct xfr x;
	size_t len = 0, res;
	long zi = -1;
	int rc, n;

	memset(&job, 0, sizeof(job));
	tsig_ctx_init(&ctx);
	if (xfr_parse_request(q, qlen, &job.req) != 0)
		return xfrout_err(
		    &job.req, &ctx, PKT_RCODE_FORMERR, out, outmax);
	job.req.udp = 1;
	rc = xfrout_check(s, db, src, q, qlen, &job.req, &ctx, &zi, &job);
	if (rc != 0) {
		len = xfrout_err(&job.req, &ctx, (uint16_t)rc, out, outmax);
		tsig_ctx_clear(&ctx);
		return len;
	}
	/*
	 * RFC 1995 §4: over UDP we answer with our SOA alone, which tells a
	 * client that is behind to come over TCP (where a worker does not
	 * walk its tree for long): asked as if the client were current.
	 */
	res = tsig_active(&ctx) ? tsig_reserve(&ctx) : 0;
	job.req.serial = job.z->serial;
	if (xfr_begin(&x, job.z, &job.req, NULL, NULL) == 0) {
		n = xfr_next(&x, out, outmax > res ? outmax - res : 0);
		xfr_end(&x);
		if (n > 0)
			len = xfrout_sign(&ctx, out, (size_t)n, outmax);
	}
	log_info("IXFR over UDP of zone %s to %s (key %s): our SOA, serial %u",
	    job.zone, job.src, job.key, job.z->serial);
	tsig_ctx_clear(&ctx);
	return len;
}

size_t
xfrout_notify_in(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax)
{
	struct tsig_ctx ctx;
	struct notify_msg m;
	char who[INET6_ADDRSTRLEN + 8], zone[NAME_MAXTEXT], key[NAME_MAXTEXT];
	char why[256];
	uint16_t rcode = PKT_RCODE_NOERROR;
	size_t res;
	long zi;
	int rc, n;

	(void)db;
	tsig_ctx_init(&ctx);
	memset(&m, 0, sizeof(m));
	if (notify_parse_request(q, qlen, &m) != 0) {
		if (!m.has_question)
			return 0;
		n = notify_build_response(&m, PKT_RCODE_FORMERR, out, outmax);
		return n > 0 ? (size_t)n : 0;
	}
	xfrout_addr_text(src, who, sizeof(who));
	xfrout_name(m.qname, zone);
	snprintf(key, sizeof(key), "none");
	rc = tsig_verify(&s->conf.keyset, q, qlen, (uint64_t)time(NULL), &ctx);
	if (ctx.keynamelen > 0)
		xfrout_name(ctx.keyname, key);
	zi = xfrout_conf_zone(s, m.qname);
	if (rc == TSIG_FORMERR)
		rcode = PKT_RCODE_FORMERR;
	else if (rc == RD_ENOMEM)
		rcode = PKT_RCODE_SERVFAIL;
	else if (rc != 0) {
		rcode = PKT_RCODE_NOTAUTH;
		snprintf(why, sizeof(why), "TSIG %s", tsig_error_name(rc));
	} else if (zi < 0) {
		/* RFC 1996 §3.7 with RFC 2136 practice: not our zone. */
		rcode = PKT_RCODE_NOTAUTH;
		snprintf(why, sizeof(why), "not a zone of ours");
	} else if (!acl_check(&s->conf.zones[zi].acl_notify, src,
		       tsig_active(&ctx) ? ctx.keyname : NULL, why,
		       sizeof(why)))
		rcode = PKT_RCODE_REFUSED;
	if (rcode == PKT_RCODE_NOERROR)
		log_info("NOTIFY for zone %s from %s (key %s) accepted; we are "
			 "its primary, nothing to fetch",
		    zone, who, key);
	else
		log_notice(
		    "NOTIFY for zone %s from %s (key %s) answered %s: %s", zone,
		    who, key,
		    rcode == PKT_RCODE_REFUSED	 ? "REFUSED"
		    : rcode == PKT_RCODE_NOTAUTH ? "NOTAUTH"
						 : "an error",
		    rcode == PKT_RCODE_REFUSED || rcode == PKT_RCODE_NOTAUTH
			? why
			: "malformed TSIG");
	res = tsig_active(&ctx) ? tsig_reserve(&ctx) : 0;
	n = outmax > res ? notify_build_response(&m, rcode, out, outmax - res)
			 : -1;
	res = n > 0 ? xfrout_sign(&ctx, out, (size_t)n, outmax) : 0;
	tsig_ctx_clear(&ctx);
	return res;
}
