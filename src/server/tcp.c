/*
 * tcp: DNS over TCP per RFC 7766.
 *
 * Each connection has an input buffer that holds at least one whole message
 * and an output buffer with room for two whole answers. Queries are answered
 * in the order they arrive (RFC 7766 §6.2.1.1 allows any order; in order is
 * simplest for clients), straight into the output buffer, which is written
 * with one send per batch. A client that does not read its answers stops
 * being read (its output buffer is full), so it holds only its own buffers
 * and never blocks the others. Sockets are registered once, edge-triggered,
 * for input and output: no epoll_ctl per query.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/answer.h"
#include "server/log.h"
#include "server/stats.h"
#include "server/loglimit.h"
#include "server/tcp.h"

#define TCP_MSG_MAX (2 + 65535) /* RFC 1035 §4.2.2 framing */
#define TCP_IN_SIZE TCP_MSG_MAX
#define TCP_OUT_SIZE (2 * TCP_MSG_MAX)
#define TCP_ACCEPT_MAX 32    /* accepts per event */
#define TCP_DRAIN_QUIET 1000 /* milliseconds */
#define TCP_SRC_KEY 9	     /* family octet, then 4 or 8 address octets */

/*
 * Connections per source, for tcp-count-per-source: an open-addressing
 * table (linear probing, deletion by backward shift) of at least twice
 * the pool's size, so it never fills. A source is an IPv4 address or an
 * IPv6 /64 (one end site, RFC 6177), an IPv4-mapped address is IPv4.
 */
struct tcp_src {
	uint8_t key[TCP_SRC_KEY];
	uint32_t n; /* connections open; 0: a free entry */
};

struct tcp_conn {
	int fd;		  /* -1 when free */
	uint32_t inlen;	  /* octets in in */
	uint32_t outoff;  /* octets of out already sent */
	uint32_t outlen;  /* octets in out */
	uint32_t last;	  /* last activity, coarse milliseconds */
	uint8_t can_read; /* input may be pending (edge-triggered) */
	uint8_t eof;	  /* the client closed its side */
	uint32_t gen;	  /* bumped at each adoption */
	uint32_t pending; /* responses tcp_deliver will bring */
	socklen_t peerlen; /* 0 when the peer's address is unknown */
	struct sockaddr_storage peer; /* read once, when adopted */
	uint32_t rstart;	      /* when the partial message began */
	uint8_t srckey[TCP_SRC_KEY];  /* counted in srcs; [0] 0: not */
	uint8_t *in;
	uint8_t *out;
};

struct tcp_pool {
	struct tcp_conn *conns;
	uint32_t *free; /* stack of free indexes */
	unsigned nfree;
	unsigned count;
	int epfd;
	uint64_t tag;
	const struct zonedb *db;
	const struct answer_opts *ao;
	tcp_hook hook;
	void *hook_ctx;
	uint8_t *mem;
	struct tcp_src *srcs; /* nsrcs entries, a power of two */
	uint32_t nsrcs;
	uint32_t seed;	       /* of the source hash: not aimable */
	unsigned per_source;   /* tcp-count-per-source; 0: no cap */
	uint32_t read_timeout; /* milliseconds for one whole message */
	struct loglimit lim_total, lim_source, lim_read;
};

struct tcp_pool *
tcp_pool_new(unsigned count, int epfd, uint64_t tag, const struct zonedb *db,
    const struct answer_opts *ao, tcp_hook hook, void *hook_ctx)
{
	struct tcp_pool *p;
	size_t per = TCP_IN_SIZE + TCP_OUT_SIZE;
	unsigned i;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	for (p->nsrcs = 16; p->nsrcs < 2 * count; p->nsrcs *= 2)
		;
	p->srcs = calloc(p->nsrcs, sizeof(*p->srcs));
	p->conns = calloc(count, sizeof(*p->conns));
	p->free = calloc(count, sizeof(*p->free));
	/*
	 * One mapping for every buffer. Pages are touched only when a
	 * connection uses them, so an idle pool costs address space only.
	 */
	p->mem = malloc(per * count);
	if (p->conns == NULL || p->free == NULL || p->mem == NULL ||
	    p->srcs == NULL) {
		free(p->srcs);
		free(p->conns);
		free(p->free);
		free(p->mem);
		free(p);
		return NULL;
	}
	for (i = 0; i < count; i++) {
		p->conns[i].fd = -1;
		p->conns[i].in = p->mem + per * i;
		p->conns[i].out = p->conns[i].in + TCP_IN_SIZE;
		p->free[i] = count - 1 - i;
	}
	p->nfree = count;
	p->count = count;
	p->epfd = epfd;
	p->tag = tag;
	p->db = db;
	p->ao = ao;
	p->hook = hook;
	p->hook_ctx = hook_ctx;
	if (getrandom(&p->seed, sizeof(p->seed), 0) != sizeof(p->seed))
		p->seed = 0x9e3779b9;
	tcp_pool_limits(p, 0, 0, LOGLIMIT_INTERVAL);
	return p;
}

void
tcp_pool_limits(struct tcp_pool *p, unsigned per_source, unsigned read_timeout,
    unsigned log_interval)
{
	p->per_source = per_source;
	p->read_timeout = read_timeout * 1000;
	loglimit_init(&p->lim_total, "TCP total cap (tcp-count)", log_interval);
	loglimit_init(&p->lim_source,
	    "TCP per-source cap (tcp-count-per-source)", log_interval);
	loglimit_init(
	    &p->lim_read, "TCP read timeout (tcp-read-timeout)", log_interval);
}

/* The source key of addr: 0, or -1 when it is neither IPv4 nor IPv6. */
static int
tcp_src_key(const struct sockaddr *sa, socklen_t len, uint8_t *key)
{
	const struct sockaddr_in6 *s6;
	const struct sockaddr_in *s4;

	memset(key, 0, TCP_SRC_KEY);
	if (sa->sa_family == AF_INET && len >= sizeof(*s4)) {
		s4 = (const struct sockaddr_in *)(const void *)sa;
		key[0] = 4;
		memcpy(key + 1, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family != AF_INET6 || len < sizeof(*s6))
		return -1;
	s6 = (const struct sockaddr_in6 *)(const void *)sa;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		key[0] = 4;
		memcpy(key + 1, s6->sin6_addr.s6_addr + 12, 4);
	} else {
		key[0] = 6;
		memcpy(key + 1, s6->sin6_addr.s6_addr, 8); /* the /64 */
	}
	return 0;
}

/* FNV-1a of the key, mixed with the pool's seed. */
static uint32_t
tcp_src_hash(const struct tcp_pool *p, const uint8_t *key)
{
	uint32_t h = 2166136261u ^ p->seed;
	int i;

	for (i = 0; i < TCP_SRC_KEY; i++)
		h = (h ^ key[i]) * 16777619u;
	return h ^ (h >> 15);
}

/* The entry of key: its own, or the free one where it would go. */
static struct tcp_src *
tcp_src_find(struct tcp_pool *p, const uint8_t *key)
{
	uint32_t i = tcp_src_hash(p, key) & (p->nsrcs - 1);

	while (
	    p->srcs[i].n != 0 && memcmp(p->srcs[i].key, key, TCP_SRC_KEY) != 0)
		i = (i + 1) & (p->nsrcs - 1);
	return &p->srcs[i];
}

/* Connections open from key's source. */
static uint32_t
tcp_src_count(struct tcp_pool *p, const uint8_t *key)
{
	return tcp_src_find(p, key)->n;
}

static void
tcp_src_add(struct tcp_pool *p, const uint8_t *key)
{
	struct tcp_src *e = tcp_src_find(p, key);

	if (e->n == 0)
		memcpy(e->key, key, TCP_SRC_KEY);
	e->n++;
}

/*
 * One connection fewer from key; a count that drops to 0 frees its entry,
 * and the entries after it in the probe run move back to fill the hole
 * (Knuth's deletion for linear probing, TAOCP 6.4 Algorithm R).
 */
static void
tcp_src_del(struct tcp_pool *p, const uint8_t *key)
{
	struct tcp_src *e = tcp_src_find(p, key);
	uint32_t mask = p->nsrcs - 1, hole, j, home;

	if (e->n == 0 || --e->n > 0)
		return;
	hole = (uint32_t)(e - p->srcs);
	for (j = (hole + 1) & mask; p->srcs[j].n != 0; j = (j + 1) & mask) {
		home = tcp_src_hash(p, p->srcs[j].key) & mask;
		/* Move j back unless its home lies cyclically in (hole, j]. */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			p->srcs[hole] = p->srcs[j];
			hole = j;
		}
	}
	p->srcs[hole].n = 0;
}

/* The address of a connection, for log lines. */
static const char *
tcp_addr_text(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a = NULL;

	if (ss->ss_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)ss)->sin_addr;
	else if (ss->ss_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr;
	if (a == NULL || inet_ntop(ss->ss_family, a, buf, len) == NULL)
		snprintf(buf, len, "an unknown address");
	return buf;
}

unsigned
tcp_count(const struct tcp_pool *p)
{
	return p->count - p->nfree;
}

static void
tcp_close(struct tcp_pool *p, struct tcp_conn *c)
{
	/* Closing the only descriptor also removes it from the epoll set. */
	close(c->fd);
	c->fd = -1;
	if (c->srckey[0] != 0)
		tcp_src_del(p, c->srckey);
	c->srckey[0] = 0;
	p->free[p->nfree++] = c - p->conns;
}

/* The connection quiet for longest, preferring those with nothing pending. */
static struct tcp_conn *
tcp_oldest(struct tcp_pool *p)
{
	struct tcp_conn *best = NULL, *c;
	unsigned i;

	for (i = 0; i < p->count; i++) {
		c = &p->conns[i];
		if (c->fd < 0)
			continue;
		if (best == NULL || (c->outlen == 0 && best->outlen != 0) ||
		    ((c->outlen == 0) == (best->outlen == 0) &&
			(int32_t)(c->last - best->last) < 0))
			best = c;
	}
	return best;
}

/*
 * Take cfd from peer (peerlen 0: unknown). The client's address is read
 * once per connection (by accept, or getpeername for one handed over by a
 * retiring worker), so no query costs a system call for it.
 */
static void
tcp_adopt_peer(struct tcp_pool *p, int cfd, uint32_t now,
    const struct sockaddr_storage *peer, socklen_t peerlen)
{
	struct epoll_event ev;
	struct tcp_conn *c, *old;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	/* RFC 7766 §6.2.3: when full, close the oldest idle first. */
	if (p->nfree == 0) {
		stats_count(STATS_TCP_FULL);
		old = tcp_oldest(p);
		loglimit_log(&p->lim_total, now, LOG_LVL_NOTICE,
		    "TCP connections at tcp-count (%u in this worker): closed "
		    "the one quiet longest (from %s) for a new one from %s; "
		    "raise tcp-count if this is normal load",
		    p->count, tcp_addr_text(&old->peer, a, sizeof(a)),
		    tcp_addr_text(peer, b, sizeof(b)));
		tcp_close(p, old);
	}
	c = &p->conns[p->free[--p->nfree]];
	c->fd = cfd;
	c->inlen = c->outoff = c->outlen = 0;
	c->last = now;
	c->rstart = now;
	c->can_read = 1;
	c->eof = 0;
	c->gen++;
	c->pending = 0;
	c->peerlen = peerlen;
	if (peerlen > 0 && peerlen <= sizeof(c->peer))
		memcpy(&c->peer, peer, peerlen);
	else {
		c->peerlen = 0;
		c->peer.ss_family = AF_UNSPEC;
	}
	if (c->peerlen > 0 && tcp_src_key((const struct sockaddr *)&c->peer,
				  c->peerlen, c->srckey) == 0)
		tcp_src_add(p, c->srckey);
	else
		c->srckey[0] = 0;
	/* Input already queued is reported at once, edge-triggered or not. */
	ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
	ev.data.u64 = p->tag | (uint64_t)(c - p->conns);
	if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, cfd, &ev) != 0) {
		log_warn("epoll_ctl: %s", strerror(errno));
		tcp_close(p, c);
	}
}

void
tcp_adopt(struct tcp_pool *p, int cfd, uint32_t now)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);

	if (getpeername(cfd, (struct sockaddr *)&peer, &len) != 0)
		len = 0;
	tcp_adopt_peer(p, cfd, now, &peer, len);
}

/*
 * tcp-count-per-source: 1 when a new connection from peer is one too
 * many (it is then closed at once, as unbound's tcp-connection-limit and
 * dnsdist's per-client cap do; NSD and Knot have no such cap).
 */
static int
tcp_over_source(struct tcp_pool *p, const struct sockaddr_storage *peer,
    socklen_t len, uint32_t now)
{
	uint8_t key[TCP_SRC_KEY];
	char a[INET6_ADDRSTRLEN];

	if (p->per_source == 0 ||
	    tcp_src_key((const struct sockaddr *)peer, len, key) != 0 ||
	    tcp_src_count(p, key) < p->per_source)
		return 0;
	loglimit_log(&p->lim_source, now, LOG_LVL_NOTICE,
	    "TCP connection from %s refused: %u open from its %s in this "
	    "worker, the tcp-count-per-source; raise it if that client is "
	    "legitimate (a resolver farm behind one address)",
	    tcp_addr_text(peer, a, sizeof(a)), p->per_source,
	    key[0] == 4 ? "address" : "/64");
	return 1;
}

void
tcp_accept(struct tcp_pool *p, int fd, uint32_t now)
{
	struct sockaddr_storage peer;
	socklen_t len;
	int i, cfd;

	for (i = 0; i < TCP_ACCEPT_MAX; i++) {
		len = sizeof(peer);
		cfd = accept4(fd, (struct sockaddr *)&peer, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				log_warn("accept: %s; raise the open file "
					 "limit or lower tcp-count",
				    strerror(errno));
			return;
		}
		if (tcp_over_source(p, &peer, len, now)) {
			close(cfd);
			continue;
		}
		stats_count(STATS_TCP_ACCEPTED);
		tcp_adopt_peer(p, cfd, now, &peer, len);
	}
}

/* Pass one descriptor over the unix socket hand (SCM_RIGHTS). 0 or -1. */
static int
tcp_send_fd(int hand, int fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	char tag = 'c';

	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	iov.iov_base = &tag;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(hand, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) == 1 ? 0 : -1;
}

unsigned
tcp_handoff(struct tcp_pool *p, int hand)
{
	struct tcp_conn *c;
	unsigned i;

	for (i = 0; i < p->count; i++) {
		c = &p->conns[i];
		/*
		 * Only between messages: nothing read but unanswered, nothing
		 * answered but unsent. What the client sent since is still in
		 * the kernel's queue of the socket and moves with it.
		 */
		if (c->fd < 0 || c->inlen != 0 || c->outlen != 0 || c->eof ||
		    c->pending != 0)
			continue;
		if (tcp_send_fd(hand, c->fd) != 0)
			break;
		/* The socket lives on elsewhere: leave our epoll set first. */
		epoll_ctl(p->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		tcp_close(p, c);
	}
	return tcp_count(p);
}

int
tcp_receive_fd(int hand)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	char tag;
	int fd;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &tag;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	if (recvmsg(hand, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -2; /* a message without a descriptor: skip it */
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Answer the whole queries in the input buffer while output has room. */
static void
tcp_answer(struct tcp_pool *p, struct tcp_conn *c)
{
	struct answer_info info;
	uint32_t off = 0, mlen;
	size_t len;
	long h;

	if (c->outoff > 0) {
		memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
		c->outlen -= c->outoff;
		c->outoff = 0;
	}
	while (c->inlen - off >= 2 && TCP_OUT_SIZE - c->outlen >= TCP_MSG_MAX) {
		mlen = (uint32_t)c->in[off] << 8 | c->in[off + 1];
		if (c->inlen - off < 2 + mlen)
			break;
		h = TCP_HOOK_PASS;
		if (p->hook != NULL)
			h = p->hook(p->hook_ctx, c - p->conns, c->gen, c->fd,
			    c->in + off + 2, mlen, c->out + c->outlen + 2,
			    TCP_MSG_MAX - 2);
		if (h == TCP_HOOK_TAKEN) {
			c->inlen = c->outlen = c->outoff = 0;
			c->eof = 1;
			return;
		}
		if (h == TCP_HOOK_LATER) {
			c->pending++;
			len = 0;
		} else if (h >= 0)
			len = (size_t)h;
		else
			len = answer_query(p->db, p->ao, ANSWER_TCP,
			    c->in + off + 2, mlen, c->out + c->outlen + 2,
			    TCP_MSG_MAX - 2, &info);
		if (len > 0) {
			c->out[c->outlen] = len >> 8;
			c->out[c->outlen + 1] = len & 0xff;
			c->outlen += 2 + len;
		}
		off += 2 + mlen;
	}
	if (off > 0) {
		memmove(c->in, c->in + off, c->inlen - off);
		c->inlen -= off;
		/* What is left came in the latest read. */
		c->rstart = c->last;
	}
}

/* 1 when the input buffer ends in a message not yet whole. */
static int
tcp_partial(const struct tcp_conn *c)
{
	uint32_t mlen;

	if (c->inlen == 0)
		return 0;
	if (c->inlen < 2)
		return 1;
	mlen = (uint32_t)c->in[0] << 8 | c->in[1];
	return c->inlen < 2 + mlen;
}

/* Send what is pending. 0 when all is sent, 1 when blocked, -1 on error. */
static int
tcp_flush(struct tcp_conn *c)
{
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ? 1 : -1;
		}
		c->outoff += n;
		if (c->outoff < c->outlen)
			return 1; /* a short write: wait for EPOLLOUT */
	}
	c->outoff = c->outlen = 0;
	return 0;
}

/* Read, answer and write until the socket has nothing more for us. */
static void
tcp_run(struct tcp_pool *p, struct tcp_conn *c, uint32_t now)
{
	size_t room;
	ssize_t n;
	int r;

	for (;;) {
		tcp_answer(p, c);
		r = tcp_flush(c);
		if (r < 0)
			goto close;
		if (r > 0)
			return;
		if (c->eof) {
			if (c->pending > 0)
				return; /* an UPDATE's response is to come */
			goto close;
		}
		if (!c->can_read)
			return;
		room = TCP_IN_SIZE - c->inlen;
		n = recv(c->fd, c->in + c->inlen, room, 0);
		if (n == 0) {
			/* Answer what is complete, then close (§6.2.3). */
			c->eof = 1;
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				goto close;
			c->can_read = 0;
			return;
		}
		/* The first octet of a message starts the read timeout. */
		if (c->inlen == 0)
			c->rstart = now;
		c->inlen += n;
		c->last = now;
		/* A short read emptied the socket: new data is a new edge. */
		if ((size_t)n < room)
			c->can_read = 0;
	}
close:
	tcp_close(p, c);
}

void
tcp_deliver(struct tcp_pool *p, uint32_t idx, uint32_t gen, const uint8_t *msg,
    size_t len)
{
	struct tcp_conn *c;

	if (idx >= p->count)
		return;
	c = &p->conns[idx];
	if (c->fd < 0 || c->gen != gen)
		return;
	if (c->pending > 0)
		c->pending--;
	if (len > TCP_MSG_MAX - 2 || TCP_OUT_SIZE - c->outlen < len + 2)
		return;
	c->out[c->outlen] = len >> 8;
	c->out[c->outlen + 1] = len & 0xff;
	memcpy(c->out + c->outlen + 2, msg, len);
	c->outlen += 2 + len;
	if (tcp_flush(c) < 0 || (c->eof && c->pending == 0 && c->outlen == 0))
		tcp_close(p, c);
}

void
tcp_event(struct tcp_pool *p, uint32_t idx, uint32_t events, uint32_t now)
{
	struct tcp_conn *c;

	if (idx >= p->count)
		return;
	c = &p->conns[idx];
	if (c->fd < 0)
		return;
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		c->can_read = 1;
	tcp_run(p, c, now);
}

unsigned
tcp_sweep(struct tcp_pool *p, uint32_t now, uint32_t timeout, int draining)
{
	char a[INET6_ADDRSTRLEN];
	struct tcp_conn *c;
	unsigned i;

	for (i = 0; i < p->count; i++) {
		c = &p->conns[i];
		if (c->fd < 0)
			continue;
		/* RFC 7766 §6.2.3: close idle connections after a timeout. */
		if (now - c->last >= timeout)
			tcp_close(p, c);
		else if (p->read_timeout > 0 && tcp_partial(c) &&
			 now - c->rstart >= p->read_timeout) {
			/*
			 * A message begun must be whole within
			 * tcp-read-timeout, however slowly its octets come
			 * (a slow-drip client resets the idle timeout with
			 * every octet). Knot's tcp-io-timeout is the same.
			 */
			loglimit_log(&p->lim_read, now, LOG_LVL_NOTICE,
			    "TCP client %s closed: a message begun %u s ago "
			    "is still not whole (tcp-read-timeout %u s)",
			    tcp_addr_text(&c->peer, a, sizeof(a)),
			    (now - c->rstart) / 1000, p->read_timeout / 1000);
			tcp_close(p, c);
		} else if (draining && c->inlen == 0 && c->outlen == 0 &&
			   c->pending == 0 && now - c->last >= TCP_DRAIN_QUIET)
			tcp_close(p, c);
	}
	return tcp_count(p);
}

const struct sockaddr *
tcp_peer(const struct tcp_pool *p, uint32_t idx, socklen_t *len)
{
	const struct tcp_conn *c = &p->conns[idx];

	*len = c->peerlen;
	return (const struct sockaddr *)&c->peer;
}

int
tcp_log_tick(struct tcp_pool *p, uint32_t now)
{
	loglimit_tick(&p->lim_total, now);
	loglimit_tick(&p->lim_source, now);
	loglimit_tick(&p->lim_read, now);
	return loglimit_pending(&p->lim_total) ||
	       loglimit_pending(&p->lim_source) ||
	       loglimit_pending(&p->lim_read);
}
