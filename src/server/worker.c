/*
 * worker: the answering process.
 *
 * UDP is read in batches: one recvmmsg fills up to UDP_BATCH messages, each
 * is answered into its own preallocated output buffer, and one sendmmsg
 * sends every answer. A batch is followed by another recvmmsg without
 * going back to epoll until a read finds nothing (or UDP_ROUNDS batches
 * went by), so under load a batch costs two system calls. A socket that
 * keeps delivering is taken out of the epoll set until a read finds it
 * empty (udp_readable). Every
 * buffer is allocated before the loop starts; nothing is allocated and no
 * clock is read per query (the coarse clock is read once per wakeup, from
 * the vDSO).
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/answer.h"
#include "dns/cookie.h"
#include "dns/diff.h"
#include "dns/tsig.h"
#include "dns/pkt.h"
#include "dns/rrl.h"
#include "dns/update.h"
#include "dns/wire.h"
#include "dns/zonedb.h"
#include "server/ipc.h"
#include "server/log.h"
#include "server/loglimit.h"
#include "server/server.h"
#include "server/stats.h"
#include "server/tcp.h"
#include "server/worker.h"
#include "server/xfrout.h"

#define UDP_BATCH 64
#define UDP_IN_SIZE 4096 /* larger queries are malformed for us */
#define UDP_CTL_SIZE 64	 /* room for one IP(V6)_PKTINFO */
/*
 * Buffers of a batch lie a whole number of cache lines apart plus one, so
 * that the starts of the packets (all that most queries and answers use)
 * fall into different sets of the L1 cache: 4 KiB apart, every one would
 * map to the same set, and a batch of more than its 8 ways would evict
 * itself.
 */
#define UDP_STRIDE(n) ((((size_t)(n) + 63) & ~(size_t)63) + 64)
#define UDP_IN_STRIDE UDP_STRIDE(UDP_IN_SIZE)
#define UDP_ROUNDS 8	 /* batches before looking at others */
#define EV_MAX 64

#define TAG_SHIFT 56
#define TAG_LIFE (1ULL << TAG_SHIFT)
#define TAG_UDP (2ULL << TAG_SHIFT)
#define TAG_LISTEN (3ULL << TAG_SHIFT)
#define TAG_CONN (4ULL << TAG_SHIFT)
#define TAG_HAND (5ULL << TAG_SHIFT)
#define TAG_IPC (6ULL << TAG_SHIFT)

#define RR_TYPE_IXFR 251
#define RR_TYPE_AXFR 252

/* What a message is for: who handles it. */
enum worker_kind {
	WK_QUERY,  /* answer_query */
	WK_UPDATE, /* main, over IPC */
	WK_NOTIFY, /* xfrout_notify_in */
	WK_AXFR,   /* xfrout_tcp */
	WK_IXFR,   /* xfrout_tcp, or xfrout_udp */
};
#define TAG_MASK (0xffULL << TAG_SHIFT)

/*
 * Set by SIGTERM (the server stops: drain, exit) or SIGUSR1 (a reload
 * retires us: hand the TCP connections to the fresh worker, exit).
 */
static volatile sig_atomic_t worker_stop;
static volatile sig_atomic_t worker_retire;

/* Buffers of one UDP batch, allocated once. */
struct udp_batch {
	struct mmsghdr in[UDP_BATCH];
	struct mmsghdr out[UDP_BATCH];
	struct iovec iov_in[UDP_BATCH];
	struct iovec iov_out[UDP_BATCH];
	struct sockaddr_storage addr[UDP_BATCH];
	uint8_t ctl_in[UDP_BATCH][UDP_CTL_SIZE];
	uint8_t ctl_out[UDP_BATCH][UDP_CTL_SIZE];
	uint8_t *qbuf; /* UDP_BATCH queries, UDP_IN_STRIDE apart */
	uint8_t *abuf; /* UDP_BATCH answers, astride apart */
	size_t astride;
	struct zonedb_hint hint[UDP_BATCH]; /* udp_prefetch */
	int used;	  /* headers the last recvmmsg filled: to reset */
	int pktinfo;	  /* whether they are set up for IP(V6)_PKTINFO */
};

/* The one state of a worker process (STYLE.md point 9). */
struct worker {
	const struct worker_cfg *cfg;
	int epfd;
	struct udp_batch *ub;
	struct tcp_pool *tcp;
	uint32_t now; /* coarse monotonic milliseconds */
	int draining;
	int handing; /* retiring: connections go to the fresh worker */
	uint32_t drain_deadline;
	sigset_t waitmask;    /* mask in epoll_pwait: SIGTERM, SIGUSR1 let in */
	uint8_t *ipcbuf;      /* IPC_HDRLEN + IPC_MAX */
	unsigned udp_pending; /* UDP UPDATEs forwarded, not yet answered */
	struct diff diff;     /* the diff being applied */
	int rrl_on;	      /* rrl-ratelimit is set: rrl is ours */
	uint32_t rrl_now;     /* coarse seconds, read once per UDP batch */
	struct rrl rrl;	      /* response rate limiting, UDP only */
	struct cookie_ctx cookie; /* RFC 7873/9018, secret from main */
	uint32_t wall;		  /* wall-clock seconds, once per UDP batch */
	struct loglimit lim_rrl[2]; /* rate limiting start, stop lines */
	struct loglimit lim_watch;  /* a UDP socket not put back in epoll */
	uint32_t udp_busy; /* bit i: udp[i] is out of the epoll set */
};

/* udp_busy has a bit for each listen address. */
_Static_assert(CONF_MAX_LISTEN <= 32, "udp_busy needs a wider type");

static void
worker_on_term(int sig)
{
	if (sig == SIGUSR1)
		worker_retire = 1;
	else
		worker_stop = 1;
}

static uint32_t
worker_clock(void)
{
	struct timespec ts;

	/* A few milliseconds of resolution, from the vDSO: no system call. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint32_t)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Signals: SIGTERM stops, SIGUSR1 retires; SIGHUP and SIGINT are main's. */
static void
worker_signals(struct worker *w)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = worker_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	/* SIGTERM is delivered only inside epoll_pwait: no lost wakeup. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &w->waitmask);
	sigdelset(&w->waitmask, SIGTERM);
	sigdelset(&w->waitmask, SIGUSR1);
}

static struct udp_batch *
udp_batch_new(uint16_t udp_max)
{
	struct udp_batch *b;
	int i;

	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NULL;
	b->astride = UDP_STRIDE(udp_max);
	b->qbuf = malloc((size_t)UDP_BATCH * UDP_IN_STRIDE);
	b->abuf = malloc((size_t)UDP_BATCH * b->astride);
	if (b->qbuf == NULL || b->abuf == NULL) {
		free(b->qbuf);
		free(b->abuf);
		free(b);
		return NULL;
	}
	for (i = 0; i < UDP_BATCH; i++) {
		b->iov_in[i].iov_base = b->qbuf + (size_t)i * UDP_IN_STRIDE;
		b->iov_out[i].iov_base = b->abuf + (size_t)i * b->astride;
		b->in[i].msg_hdr.msg_iov = &b->iov_in[i];
		b->in[i].msg_hdr.msg_iovlen = 1;
		b->in[i].msg_hdr.msg_name = &b->addr[i];
		b->iov_in[i].iov_len = UDP_IN_SIZE; /* the kernel keeps it */
	}
	b->used = UDP_BATCH;
	b->pktinfo = -1; /* the first batch sets every header up */
	return b;
}

/*
 * With a wildcard bind, answer from the address the query was sent to:
 * copy the received destination into the source of the reply.
 */
static void
udp_pktinfo(struct udp_batch *b, int i, struct msghdr *out)
{
	struct msghdr *in = &b->in[i].msg_hdr;
	struct cmsghdr *cm, *om;
	struct in_pktinfo *pi;

	out->msg_control = b->ctl_out[i];
	out->msg_controllen = 0;
	for (cm = CMSG_FIRSTHDR(in); cm != NULL; cm = CMSG_NXTHDR(in, cm)) {
		if (!((cm->cmsg_level == IPPROTO_IP &&
			  cm->cmsg_type == IP_PKTINFO) ||
			(cm->cmsg_level == IPPROTO_IPV6 &&
			    cm->cmsg_type == IPV6_PKTINFO)))
			continue;
		out->msg_controllen = CMSG_SPACE(cm->cmsg_len - CMSG_LEN(0));
		om = CMSG_FIRSTHDR(out);
		memcpy(om, cm, cm->cmsg_len);
		if (cm->cmsg_level == IPPROTO_IP) {
			pi = (struct in_pktinfo *)CMSG_DATA(om);
			pi->ipi_spec_dst = pi->ipi_addr;
			pi->ipi_ifindex = 0;
		}
		return;
	}
	out->msg_control = NULL;
}

/* Send answers 0..n of the batch; a message the kernel refuses is dropped. */
static void
udp_send(int fd, struct udp_batch *b, int n)
{
	int sent = 0, r;

	while (sent < n) {
		r = sendmmsg(fd, b->out + sent, n - sent, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			sent++;
			continue;
		}
		sent += r;
	}
}

/*
 * The opcode of a request, and for a QUERY its type (the question read
 * through the cursor). A response or a malformed message is WK_QUERY:
 * answer_query drops or answers FORMERR as it does today.
 */
static enum worker_kind
worker_kind(const uint8_t *q, size_t len)
{
	struct wire_rd r;
	uint16_t flags, qd, type;
	uint8_t l;

	/*
	 * Anything shorter than a header goes to answer_query, which drops it:
	 * such a packet must never reach main as an UPDATE (main takes a
	 * malformed forwarded message as the worker's fault and kills it).
	 */
	if (len < PKT_HDRLEN)
		return WK_QUERY;
	wire_rd_init(&r, q, len);
	(void)wire_rd_u16(&r);
	flags = wire_rd_u16(&r);
	qd = wire_rd_u16(&r);
	if (r.err || (flags & PKT_QR))
		return WK_QUERY;
	if (PKT_OPCODE(flags) == PKT_OPCODE_UPDATE)
		return WK_UPDATE;
	if (PKT_OPCODE(flags) == PKT_OPCODE_NOTIFY)
		return WK_NOTIFY;
	if (PKT_OPCODE(flags) != PKT_OPCODE_QUERY || qd != 1)
		return WK_QUERY;
	wire_rd_seek(&r, PKT_HDRLEN);
	while ((l = wire_rd_u8(&r)) != 0 && !r.err) {
		if (l > 63)
			return WK_QUERY; /* a pointer in a question: query */
		wire_rd_skip(&r, l);
	}
	type = wire_rd_u16(&r);
	if (r.err)
		return WK_QUERY;
	return type == RR_TYPE_AXFR   ? WK_AXFR
	       : type == RR_TYPE_IXFR ? WK_IXFR
				      : WK_QUERY;
}

/*
 * A query that may carry a TSIG (RFC 8945 §5.2, clients such as nsupdate
 * sign their SOA queries): verified, answered without its TSIG RR, and the
 * answer signed; a failure is answered NOTAUTH with the TSIG error.
 * Returns the answer length.
 */
static size_t
worker_query(struct worker *w, enum answer_transport tr, const uint8_t *q,
    size_t len, uint8_t *out, size_t max, struct answer_info *info,
    struct answer_ctx *ck)
{
	const struct tsig_keyset *ks = &w->cfg->s->conf.keyset;
	struct tsig_ctx tc;
	uint8_t *copy;
	uint64_t now;
	size_t olen, room;
	int rc;

	/* Without keys, or without an additional RR, there is no TSIG. */
	if (ks->nkeys == 0 || len < PKT_HDRLEN || (q[10] == 0 && q[11] == 0))
		return answer_query_ck(w->cfg->db, w->cfg->aopts, tr, ck, q,
		    len, out, max, info);
	now = (uint64_t)time(NULL);
	memset(info, 0, sizeof(*info)); /* for stats_query, when not answered */
	tsig_ctx_init(&tc);
	rc = tsig_verify(ks, q, len, now, &tc);
	if (rc == 0 && !tsig_active(&tc)) {
		tsig_ctx_clear(&tc);
		return answer_query_ck(w->cfg->db, w->cfg->aopts, tr, ck, q,
		    len, out, max, info);
	}
	olen = 0;
	if (rc > 0 && rc != TSIG_FORMERR) {
		rc = update_reply(q, len, 9, out, max); /* NOTAUTH */
		olen = rc > 0 ? (size_t)rc : 0;
		info->rcode = 9;
	} else if (rc == 0 && (copy = malloc(tc.tsig_off)) != NULL) {
		/* The query without its TSIG RR: ARCOUNT one lower. */
		memcpy(copy, q, tc.tsig_off);
		if (copy[11]-- == 0)
			copy[10]--;
		room = tsig_reserve(&tc);
		olen = answer_query_ck(w->cfg->db, w->cfg->aopts, tr, ck,
		    copy, tc.tsig_off, out, max > room ? max - room : 0, info);
		free(copy);
	}
	if (olen > 0 && tsig_sign(&tc, out, &olen, max, now) != 0)
		olen = 0;
	tsig_ctx_clear(&tc);
	return olen;
}

/*
 * DESIGN.md "The write path" step 1: the UPDATE goes to main with where
 * its reply goes. 0, or -1 (main's socket full or gone: answer SERVFAIL).
 */
static int
worker_forward(
    struct worker *w, struct ipc_route *rt, const uint8_t *q, size_t len)
{
	rt->pid = (uint32_t)getpid();
	if (len > IPC_BUF || w->cfg->ipc_fd < 0)
		return -1;
	if (ipc_send(w->cfg->ipc_fd, IPC_UPDATE, rt, sizeof(*rt), q, len) !=
	    0) {
		log_warn("cannot pass an UPDATE to main: %s; SERVFAIL",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* One UDP message that is not a plain query: its response length. */
static size_t
udp_special(
    struct worker *w, enum worker_kind kind, size_t li, int i, uint8_t *out)
{
	struct udp_batch *b = w->ub;
	struct msghdr *h = &b->in[i].msg_hdr;
	const uint8_t *q = b->iov_in[i].iov_base;
	size_t len = b->in[i].msg_len, max = w->cfg->udp_max;
	struct ipc_route rt;
	size_t olen;
	int n;

	stats_request(ANSWER_UDP, q);
	if (kind == WK_NOTIFY) {
		olen = xfrout_notify_in(w->cfg->s, w->cfg->db,
		    (const struct sockaddr *)h->msg_name, q, len, out, max);
		stats_response(out, olen);
		return olen;
	}
	if (kind == WK_IXFR) {
		olen = xfrout_udp(w->cfg->s, w->cfg->db,
		    (const struct sockaddr *)h->msg_name, q, len, out, max);
		stats_xfr(RR_TYPE_IXFR, 0, out, olen);
		return olen;
	}
	memset(&rt, 0, sizeof(rt));
	memcpy(&rt.src, h->msg_name, h->msg_namelen);
	rt.srclen = h->msg_namelen;
	rt.index = li;
	if (h->msg_control != NULL && h->msg_controllen <= sizeof(rt.ctl)) {
		memcpy(rt.ctl, h->msg_control, h->msg_controllen);
		rt.ctllen = h->msg_controllen;
	}
	if (worker_forward(w, &rt, q, len) == 0) {
		w->udp_pending++;
		return 0;
	}
	n = update_reply(q, len, 2, out, max);
	stats_response(out, n > 0 ? (size_t)n : 0);
	return n > 0 ? (size_t)n : 0;
}

/*
 * An RRL start or stop line. rrl logs each prefix at most once per
 * rrl-log interval already; many prefixes at once (a spoofed flood) are
 * also one line per limit-log-interval here, and a count.
 */
static void
worker_rrl_log(struct worker *w, const struct rrl_event *ev)
{
	char buf[128];

	if (ev->kind == RRL_EV_NONE)
		return;
	rrl_event_format(ev, buf, sizeof(buf));
	loglimit_log(&w->lim_rrl[ev->kind == RRL_EV_START ? 0 : 1],
	    w->now, LOG_LVL_NOTICE, "%s", buf);
}

/*
 * Rate limiting of one UDP answer out[0..len) to src: the length to send,
 * 0 to drop, or the header and question with TC (slip). The class comes
 * from the answer; the name is the question's for a positive answer and
 * answer_query's zname otherwise (rrl.h says why).
 */
static size_t
udp_rrl(struct worker *w, const struct sockaddr *src, uint8_t *out,
    size_t len, const struct answer_info *info)
{
	struct rrl_event ev;
	enum rrl_class cls;
	const uint8_t *name;

	if (len < PKT_HDRLEN)
		return len;
	cls = rrl_class_of(info->rcode, info->aa,
	    (unsigned)out[6] << 8 | out[7], (unsigned)out[8] << 8 | out[9]);
	if (cls == RRL_ANSWER)
		name = out + PKT_HDRLEN; /* our question: no pointer */
	else
		name = cls == RRL_ERROR ? NULL : info->zname;
	switch (rrl_check(&w->rrl, src, cls, name, w->rrl_now, &ev)) {
	case RRL_DROP:
		stats_count(STATS_DROP_RRL);
		len = 0;
		break;
	case RRL_SLIP:
		stats_count(STATS_RRL_SLIP);
		len = pkt_truncate(out, len);
		break;
	default:
		break;
	}
	worker_rrl_log(w, &ev);
	return len;
}

/* Seconds of the coarse monotonic clock (vDSO, no system call). */
static uint32_t
worker_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint32_t)ts.tv_sec;
}

/* Wall-clock seconds for cookies (RFC 9018 §4.2), from the vDSO. */
static uint32_t
worker_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	return (uint32_t)ts.tv_sec;
}

/*
 * The question name of a plain query, in place in the packet, or NULL for
 * anything else (compressed, malformed, not one question): only a hint for
 * udp_prefetch; answer_query parses the query properly afterwards.
 */
static const uint8_t *
udp_qname(const uint8_t *q, size_t len)
{
	size_t off = 12;

	if (len < 17 || q[4] != 0 || q[5] != 1 || (q[2] & 0xf8) != 0)
		return NULL;
	while (off < len && q[off] != 0) {
		if (q[off] > 63)
			return NULL;
		off += 1 + (size_t)q[off];
	}
	return off < len && off - 12 < 255 ? q + 12 : NULL;
}

/*
 * Overlap the cache misses of a batch (zonedb_prefetch): the index slots of
 * every question first, then the nodes they point at, so that the answers
 * that follow find both in the cache. Each question's zone and hash go to
 * its answer (answer_ctx.hint), which then does not compute them again:
 * a batch of one costs nothing more than without the prefetch.
 */
static void
udp_prefetch(struct worker *w, int n)
{
	struct udp_batch *b = w->ub;
	const uint8_t *name;
	int i;

	for (i = 0; i < n; i++) {
		b->hint[i].zone = NULL;
		b->hint[i].namelen = 0; /* matches no name */
		name = udp_qname(b->iov_in[i].iov_base, b->in[i].msg_len);
		if (name != NULL)
			zonedb_prefetch(w->cfg->db, name, &b->hint[i]);
	}
	for (i = 0; i < n; i++)
		zonedb_prefetch_node(&b->hint[i]);
}

/* One batch from UDP socket fd. Returns the number of queries read. */
static int
udp_batch_run(struct worker *w, int fd, int pktinfo, size_t li)
{
	enum worker_kind kind;
	struct udp_batch *b = w->ub;
	struct answer_info info;
	struct answer_ctx ck;
	struct msghdr *h;
	uint8_t *out;
	size_t len;
	int i, n, k = 0;

	/*
	 * The kernel rewrites the address and control lengths of the headers
	 * it fills: reset those of the last batch only, unless the socket
	 * wants the other kind of control data.
	 */
	if (pktinfo != b->pktinfo) {
		b->used = UDP_BATCH;
		b->pktinfo = pktinfo;
	}
	for (i = 0; i < b->used; i++) {
		h = &b->in[i].msg_hdr;
		h->msg_namelen = sizeof(b->addr[i]);
		h->msg_control = pktinfo ? b->ctl_in[i] : NULL;
		h->msg_controllen = pktinfo ? UDP_CTL_SIZE : 0;
	}
	n = recvmmsg(fd, b->in, UDP_BATCH, MSG_DONTWAIT, NULL);
	b->used = n > 0 ? n : 0;
	if (n <= 0)
		return 0;
	udp_prefetch(w, n);
	if (w->rrl_on)
		w->rrl_now = worker_seconds();
	ck.cookies = &w->cookie;
	ck.now = worker_wall();
	for (i = 0; i < n; i++) {
		h = &b->in[i].msg_hdr;
		if (h->msg_flags & MSG_TRUNC)
			continue;
		/* The next question's node has arrived by now: its data next. */
		if (i + 1 < n)
			zonedb_prefetch_data(&b->hint[i + 1]);
		kind = worker_kind(b->iov_in[i].iov_base, b->in[i].msg_len);
		out = b->abuf + (size_t)k * b->astride;
		if (kind != WK_QUERY && kind != WK_AXFR)
			len = udp_special(w, kind, li, i, out);
		else {
			ck.src = (const struct sockaddr *)h->msg_name;
			ck.hint = &b->hint[i];
			len = worker_query(w, ANSWER_UDP, b->iov_in[i].iov_base,
			    b->in[i].msg_len, out, w->cfg->udp_max, &info, &ck);
			stats_query(ANSWER_UDP, &info, len);
			/* A valid server cookie is exempt (RFC 7873 §5.2.5). */
			if (w->rrl_on && len > 0 && !info.cookie_ok)
				len = udp_rrl(w, (const struct sockaddr *)
				    h->msg_name, out, len, &info);
		}
		if (len == 0)
			continue;
		b->iov_out[k].iov_base = b->abuf + (size_t)k * b->astride;
		b->iov_out[k].iov_len = len;
		memset(&b->out[k].msg_hdr, 0, sizeof(b->out[k].msg_hdr));
		b->out[k].msg_hdr.msg_name = h->msg_name;
		b->out[k].msg_hdr.msg_namelen = h->msg_namelen;
		b->out[k].msg_hdr.msg_iov = &b->iov_out[k];
		b->out[k].msg_hdr.msg_iovlen = 1;
		if (pktinfo)
			udp_pktinfo(b, i, &b->out[k].msg_hdr);
		k++;
	}
	udp_send(fd, b, k);
	return n;
}

/*
 * A socket in the epoll set pays for it on every datagram: each answer
 * sent, once the loopback or the NIC driver frees it, and each query
 * queued run the socket's wakeup callbacks, and with an epoll entry on
 * the socket's wait queue that is a locked visit to the epoll set per
 * packet, even while we are busy reading and nobody waits. A socket that
 * delivered two batches in a row is therefore taken out of the set; the
 * loop then reads it after each epoll_pwait(), which does not sleep while
 * a socket is out (worker_run), and it goes back in when a read finds it
 * empty. Adding it back reports queries that came in meanwhile at once:
 * none is left unread. Under the benchmark load this takes about 2% off
 * the worker's CPU per query (doc/benchmarks.md, sixth session). Only the
 * second batch in a row takes a socket out: a wakeup that finds one batch
 * costs no epoll_ctl() calls.
 */
static void
udp_unwatch(struct worker *w, size_t li)
{
	if (epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->cfg->udp[li], NULL) != 0)
		return; /* stays in the set: read as before */
	w->udp_busy |= 1u << li;
}

static void
udp_watch_again(struct worker *w, size_t li)
{
	struct epoll_event ev;

	ev.events = EPOLLIN;
	ev.data.u64 = TAG_UDP | li;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->cfg->udp[li], &ev) != 0) {
		/* Out of kernel memory: keep reading it from the loop. */
		loglimit_log(&w->lim_watch, w->now, LOG_LVL_ERR,
		    "cannot put UDP socket %zu back into the epoll set (%s): "
		    "this worker reads it without sleeping, a CPU busy, until "
		    "it can; the machine is short of kernel memory",
		    li, strerror(errno));
		return;
	}
	w->udp_busy &= ~(1u << li);
}

static void
udp_readable(struct worker *w, size_t li)
{
	int fd = w->cfg->udp[li], pktinfo = w->cfg->pktinfo[li];
	int round;

	/*
	 * Keep reading while queries come, but let others have a turn. Under
	 * load the next queries have mostly arrived while this batch was
	 * answered: reading again at once saves the epoll_wait() that would
	 * only report them; an empty read ends the turn.
	 */
	for (round = 0; round < UDP_ROUNDS; round++) {
		if (udp_batch_run(w, fd, pktinfo, li) == 0) {
			if ((w->udp_busy & 1u << li) && !w->draining)
				udp_watch_again(w, li);
			return;
		}
		if (round == 1 && !(w->udp_busy & 1u << li) && !w->draining)
			udp_unwatch(w, li);
	}
}

/* The sockets out of the epoll set, after each epoll_pwait(). */
static void
udp_read_busy(struct worker *w)
{
	size_t li;

	for (li = 0; li < w->cfg->nlisten; li++)
		if (w->udp_busy & 1u << li)
			udp_readable(w, li);
}

/* tcp_hook: UPDATE, NOTIFY and transfers over TCP. */
static long
worker_tcp_hook(void *ctx, uint32_t idx, uint32_t gen, int fd, const uint8_t *q,
    size_t qlen, uint8_t *out, size_t outmax)
{
	struct worker *w = ctx;
	enum worker_kind kind = worker_kind(q, qlen);
	struct answer_info info;
	struct answer_ctx ck;
	const struct sockaddr *peer;
	socklen_t pl;
	struct ipc_route rt;
	size_t olen = 0;
	int n;

	peer = tcp_peer(w->tcp, idx, &pl);
	if (kind == WK_QUERY) {
		ck.cookies = &w->cookie;
		ck.src = peer;
		ck.now = worker_wall();
		ck.hint = NULL;
		olen = worker_query(
		    w, ANSWER_TCP, q, qlen, out, outmax, &info, &ck);
		stats_query(ANSWER_TCP, &info, olen);
		return (long)olen;
	}
	stats_request(ANSWER_TCP, q);
	memset(&rt, 0, sizeof(rt));
	if (pl > 0 && pl <= sizeof(rt.src))
		memcpy(&rt.src, peer, pl);
	else
		pl = 0;
	rt.srclen = pl;
	switch (kind) {
	case WK_NOTIFY:
		olen = xfrout_notify_in(w->cfg->s, w->cfg->db,
		    (const struct sockaddr *)&rt.src, q, qlen, out, outmax);
		stats_response(out, olen);
		return (long)olen;
	case WK_AXFR:
	case WK_IXFR:
		n = xfrout_tcp(w->cfg->s, w->cfg->db, fd,
		    (const struct sockaddr *)&rt.src, q, qlen, out, outmax,
		    &olen);
		stats_xfr(kind == WK_IXFR ? RR_TYPE_IXFR : RR_TYPE_AXFR, n == 1,
		    out, olen);
		if (n == 1)
			return TCP_HOOK_TAKEN;
		return (long)olen;
	default:
		break;
	}
	rt.tcp = 1;
	rt.index = idx;
	rt.gen = gen;
	if (worker_forward(w, &rt, q, qlen) == 0)
		return TCP_HOOK_LATER;
	n = update_reply(q, qlen, 2, out, outmax);
	stats_response(out, n > 0 ? (size_t)n : 0);
	return n > 0 ? n : 0;
}

/* main's reply to an UPDATE we forwarded: to its client. */
static void
worker_reply(struct worker *w, const uint8_t *p, size_t len)
{
	struct ipc_route rt;
	struct msghdr mh;
	struct iovec iov;

	memcpy(&rt, p, sizeof(rt));
	p += sizeof(rt);
	len -= sizeof(rt);
	if (rt.pid != (uint32_t)getpid())
		return;
	stats_response(p, len); /* an UPDATE's, decided by main */
	if (rt.tcp) {
		tcp_deliver(w->tcp, rt.index, rt.gen, p, len);
		return;
	}
	if (w->udp_pending > 0)
		w->udp_pending--;
	if (rt.index >= w->cfg->nlisten || rt.srclen > sizeof(rt.src) ||
	    rt.ctllen > sizeof(rt.ctl))
		return;
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = (void *)(uintptr_t)p;
	iov.iov_len = len;
	mh.msg_name = &rt.src;
	mh.msg_namelen = rt.srclen;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (rt.ctllen > 0) {
		struct cmsghdr *cm;
		struct in_pktinfo *pi;

		mh.msg_control = rt.ctl;
		mh.msg_controllen = rt.ctllen;
		cm = CMSG_FIRSTHDR(&mh);
		if (cm != NULL && cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO) {
			pi = (struct in_pktinfo *)CMSG_DATA(cm);
			pi->ipi_spec_dst = pi->ipi_addr;
			pi->ipi_ifindex = 0;
		}
	}
	(void)sendmsg(w->cfg->udp[rt.index], &mh, MSG_DONTWAIT);
}

/*
 * DESIGN.md "The write path" step 4: apply main's diff to our copy between
 * two packets and acknowledge. A diff that does not apply means our copy
 * is not main's: exit, and main forks a fresh worker from its tree.
 */
static void
worker_diff(struct worker *w, const uint8_t *p, size_t len)
{
	struct pollfd pfd;
	struct zone *z;
	int rc, tries;

	rc = diff_deserialize(&w->diff, p + 4, len - 4);
	z = rc == 0 ? zonedb_get(w->cfg->db, w->diff.soa_owner) : NULL;
	if (z == NULL || (rc = diff_apply(z, &w->diff)) != 0) {
		log_err("a diff from main does not apply (%s); exiting to be "
			"forked again",
		    rd_strerror(rc));
		_exit(1);
	}
	/* The ack may wait a little for room: main drains its channels. */
	for (tries = 0; ipc_send(w->cfg->ipc_fd, IPC_ACK, p, 4, NULL, 0) != 0;
	     tries++) {
		if (errno != EAGAIN || tries == 50)
			_exit(1);
		pfd.fd = w->cfg->ipc_fd;
		pfd.events = POLLOUT;
		(void)poll(&pfd, 1, 100);
	}
}

/* Messages from main; a malformed one is fatal (STYLE.md point 8). */
static void
worker_ipc(struct worker *w)
{
	struct ipc_msg m;
	int r;

	for (;;) {
		r = ipc_recv(
		    w->cfg->ipc_fd, w->ipcbuf, IPC_HDRLEN + IPC_MAX, &m);
		if (r == 0)
			return;
		if (r < 0) {
			if (r == -2)
				fatal("malformed message from main");
			/* Main closed our channel (we are retired). */
			epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->cfg->ipc_fd, NULL);
			return;
		}
		switch (m.type) {
		case IPC_DIFF:
			worker_diff(w, m.data, m.len);
			break;
		case IPC_REPLY:
			worker_reply(w, m.data, m.len);
			break;
		case IPC_COOKIE:
			/* radixctl cookie-rotate: new secret, and the old. */
			cookie_set_secrets(
			    &w->cookie, m.data, m.data + COOKIE_SECRET_LEN);
			break;
		default:
			fatal("message type %d from main", (int)m.type);
		}
	}
}

static int
worker_watch(struct worker *w, int fd, uint64_t data)
{
	struct epoll_event ev;

	ev.events = EPOLLIN;
	ev.data.u64 = data;
	return epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * Our rate limiting table, when rrl-ratelimit is set: allocated once here,
 * never per query. 0, or -1 with the error logged.
 */
static int
worker_rrl_setup(struct worker *w)
{
	struct rrl_opts o = w->cfg->s->conf.rrl;

	if (o.rate == 0)
		return 0;
	/* The bucket hash key: an outsider must not aim collisions. */
	if (getrandom(o.seed, sizeof(o.seed), 0) != (ssize_t)sizeof(o.seed)) {
		log_err("getrandom for the rate limiting seed: %s",
		    strerror(errno));
		return -1;
	}
	if (rrl_init(&w->rrl, &o) != 0) {
		log_err("out of memory for the rate limiting table");
		return -1;
	}
	w->rrl_on = 1;
	w->rrl_now = worker_seconds();
	return 0;
}

/* Once a second: report the stop of buckets whose source went quiet. */
static void
worker_rrl_sweep(struct worker *w)
{
	struct rrl_event ev[16];
	size_t n, i;

	n = rrl_sweep(&w->rrl, worker_seconds(), 4096, ev, 16);
	for (i = 0; i < n; i++)
		worker_rrl_log(w, &ev[i]);
}

/* Create the epoll set and the buffers. 0, or -1 with the error logged. */
static int
worker_setup(struct worker *w)
{
	const struct worker_cfg *cfg = w->cfg;
	size_t i;

	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->epfd < 0) {
		log_err("epoll_create1: %s", strerror(errno));
		return -1;
	}
	w->ub = udp_batch_new(cfg->udp_max);
	w->tcp = tcp_pool_new(cfg->tcp_count, w->epfd, TAG_CONN, cfg->db,
	    cfg->aopts, worker_tcp_hook, w);
	if (w->tcp != NULL)
		tcp_pool_limits(w->tcp, cfg->s->conf.tcp_count_per_source,
		    cfg->s->conf.tcp_read_timeout,
		    cfg->s->conf.limit_log_interval);
	loglimit_init(&w->lim_rrl[0], "rate limiting started",
	    cfg->s->conf.limit_log_interval);
	loglimit_init(&w->lim_rrl[1], "rate limiting stopped",
	    cfg->s->conf.limit_log_interval);
	loglimit_init(&w->lim_watch, "UDP socket not back in epoll",
	    cfg->s->conf.limit_log_interval);
	w->ipcbuf = malloc(IPC_HDRLEN + IPC_MAX);
	/* A worker never blocks on main: a full channel is SERVFAIL. */
	if (cfg->ipc_fd >= 0)
		(void)fcntl(cfg->ipc_fd, F_SETFL,
		    fcntl(cfg->ipc_fd, F_GETFL) | O_NONBLOCK);
	diff_init(&w->diff);
	if (worker_rrl_setup(w) != 0)
		return -1;
	/* Main's secrets as forked: the current and the previous one. */
	if (cookie_init(&w->cookie, cfg->s->cookie_cur, 1) != 0) {
		log_err("cannot set up DNS cookies");
		return -1;
	}
	if (cfg->s->cookie_has_prev)
		cookie_set_secrets(
		    &w->cookie, cfg->s->cookie_cur, cfg->s->cookie_prev);
	w->cookie.require = cfg->s->conf.require_cookie;
	if (w->ub == NULL || w->tcp == NULL || w->ipcbuf == NULL) {
		log_err("out of memory for the worker's buffers");
		return -1;
	}
	if (worker_watch(w, cfg->life_fd, TAG_LIFE) != 0 ||
	    worker_watch(w, cfg->hand_rd, TAG_HAND) != 0 ||
	    (cfg->ipc_fd >= 0 && worker_watch(w, cfg->ipc_fd, TAG_IPC) != 0))
		goto fail;
	for (i = 0; i < cfg->nlisten; i++) {
		if (worker_watch(w, cfg->udp[i], TAG_UDP | i) != 0 ||
		    worker_watch(w, cfg->tcp[i], TAG_LISTEN | i) != 0)
			goto fail;
	}
	return 0;
fail:
	log_err("epoll_ctl: %s", strerror(errno));
	return -1;
}

/*
 * Stop reading the listening sockets (the fresh worker of the slot reads
 * them); when retiring, also hand our TCP connections over to it.
 */
static void
worker_drain(struct worker *w, int handing)
{
	size_t i;

	w->draining = 1;
	w->handing = handing;
	w->drain_deadline = w->now + w->cfg->tcp_timeout * 1000;
	for (i = 0; i < w->cfg->nlisten; i++) {
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->cfg->udp[i], NULL);
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->cfg->tcp[i], NULL);
	}
	w->udp_busy = 0; /* out of the set, and no longer read */
	/* Connections handed over from now on are for the fresh worker. */
	epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->cfg->hand_rd, NULL);
	if (handing)
		tcp_handoff(w->tcp, w->cfg->hand_wr);
	log_debug("stopping: draining %u TCP connections", tcp_count(w->tcp));
}

/* Adopt the connections an old worker of this slot handed over. */
static void
worker_adopt(struct worker *w)
{
	int fd;

	while ((fd = tcp_receive_fd(w->cfg->hand_rd)) != -1) {
		if (fd >= 0)
			tcp_adopt(w->tcp, fd, w->now);
	}
}

static void
worker_dispatch(struct worker *w, const struct epoll_event *ev)
{
	uint64_t tag = ev->data.u64 & TAG_MASK;
	uint64_t idx = ev->data.u64 & ~TAG_MASK;

	switch (tag) {
	case TAG_UDP:
		udp_readable(w, idx);
		break;
	case TAG_CONN:
		tcp_event(w->tcp, idx, ev->events, w->now);
		break;
	case TAG_LISTEN:
		if (!w->draining)
			tcp_accept(w->tcp, w->cfg->tcp[idx], w->now);
		break;
	case TAG_HAND:
		if (!w->draining)
			worker_adopt(w);
		break;
	case TAG_IPC:
		worker_ipc(w);
		break;
	case TAG_LIFE:
		/* Main is gone: a worker never serves on its own. */
		_exit(0);
	}
}

/* Tell main we read our sockets now: the worker we replace may stop. */
static void
worker_ready(struct worker *w)
{
	int32_t pid = getpid();

	/* A pipe write of 4 octets is atomic (below PIPE_BUF). */
	if (write(w->cfg->ready_fd, &pid, sizeof(pid)) != sizeof(pid))
		log_debug("ready pipe: %s", strerror(errno));
	close(w->cfg->ready_fd);
}

/*
 * The counts of limit hits not logged, once their interval is over.
 * Returns 1 while an interval runs: the loop then wakes once a second.
 */
static int
worker_log_tick(struct worker *w)
{
	int i, pending = tcp_log_tick(w->tcp, w->now);

	for (i = 0; i < 2; i++) {
		loglimit_tick(&w->lim_rrl[i], w->now);
		pending |= loglimit_pending(&w->lim_rrl[i]);
	}
	loglimit_tick(&w->lim_watch, w->now);
	return pending | loglimit_pending(&w->lim_watch);
}

void
worker_run(const struct worker_cfg *cfg)
{
	struct epoll_event ev[EV_MAX];
	struct worker w;
	uint32_t last_sweep = 0, last_rrl = 0, last_log = 0;
	int n, i, timeout, logs = 0;

	memset(&w, 0, sizeof(w));
	w.cfg = cfg;
	worker_signals(&w);
	if (worker_setup(&w) != 0)
		_exit(1);
	worker_ready(&w);
	w.now = worker_clock();
	for (;;) {
		if ((worker_stop || worker_retire) && !w.draining)
			worker_drain(&w, !worker_stop);
		/* A draining worker still answers the UPDATEs it forwarded. */
		if (w.draining &&
		    ((tcp_count(w.tcp) == 0 && w.udp_pending == 0) ||
			(int32_t)(w.now - w.drain_deadline) >= 0))
			break;
		timeout = tcp_count(w.tcp) > 0 || w.draining || w.rrl_on || logs
			      ? 1000
			      : -1;
		if (w.udp_busy != 0)
			timeout = 0; /* a busy UDP socket waits: just look */
		n = epoll_pwait(w.epfd, ev, EV_MAX, timeout, &w.waitmask);
		if (n < 0 && errno != EINTR) {
			log_err("epoll_pwait: %s", strerror(errno));
			_exit(1);
		}
		w.now = worker_clock();
		/*
		 * Draining: connections between messages move to the fresh
		 * worker before we would read them (new queries are its to
		 * answer, from the new zones), and again once answered.
		 */
		if (w.handing && tcp_count(w.tcp) > 0)
			tcp_handoff(w.tcp, cfg->hand_wr);
		for (i = 0; i < n; i++)
			worker_dispatch(&w, &ev[i]);
		if (w.udp_busy != 0)
			udp_read_busy(&w);
		if (w.handing && tcp_count(w.tcp) > 0)
			tcp_handoff(w.tcp, cfg->hand_wr);
		if (w.now - last_sweep >= 1000 && tcp_count(w.tcp) > 0) {
			tcp_sweep(
			    w.tcp, w.now, cfg->tcp_timeout * 1000, w.draining);
			last_sweep = w.now;
		}
		if (w.rrl_on && w.now - last_rrl >= 1000) {
			worker_rrl_sweep(&w);
			last_rrl = w.now;
		}
		/* Until a limit is hit this only finds nothing to do. */
		if (!logs || w.now - last_log >= 1000) {
			logs = worker_log_tick(&w);
			last_log = w.now;
		}
	}
	log_debug("drained; exiting");
	_exit(0);
}
