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
#include <sys/socket.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/answer.h"
#include "server/log.h"
#include "server/stats.h"
#include "server/tcp.h"

#define TCP_MSG_MAX (2 + 65535) /* RFC 1035 §4.2.2 framing */
#define TCP_IN_SIZE TCP_MSG_MAX
#define TCP_OUT_SIZE (2 * TCP_MSG_MAX)
#define TCP_ACCEPT_MAX 32    /* accepts per event */
#define TCP_DRAIN_QUIET 1000 /* milliseconds */

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
	p->conns = calloc(count, sizeof(*p->conns));
	p->free = calloc(count, sizeof(*p->free));
	/*
	 * One mapping for every buffer. Pages are touched only when a
	 * connection uses them, so an idle pool costs address space only.
	 */
	p->mem = malloc(per * count);
	if (p->conns == NULL || p->free == NULL || p->mem == NULL) {
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
	return p;
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

void
tcp_adopt(struct tcp_pool *p, int cfd, uint32_t now)
{
	struct epoll_event ev;
	struct tcp_conn *c;

	/* RFC 7766 §6.2.3: when full, close the oldest idle first. */
	if (p->nfree == 0) {
		stats_count(STATS_TCP_FULL);
		tcp_close(p, tcp_oldest(p));
	}
	c = &p->conns[p->free[--p->nfree]];
	c->fd = cfd;
	c->inlen = c->outoff = c->outlen = 0;
	c->last = now;
	c->can_read = 1;
	c->eof = 0;
	c->gen++;
	c->pending = 0;
	/*
	 * The client's address, once per connection (accepted here or handed
	 * over by a retiring worker), so no query costs a system call for it.
	 */
	c->peerlen = sizeof(c->peer);
	if (getpeername(cfd, (struct sockaddr *)&c->peer, &c->peerlen) != 0) {
		c->peerlen = 0;
		c->peer.ss_family = AF_UNSPEC;
	}
	/* Input already queued is reported at once, edge-triggered or not. */
	ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
	ev.data.u64 = p->tag | (uint64_t)(c - p->conns);
	if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, cfd, &ev) != 0) {
		log_warn("epoll_ctl: %s", strerror(errno));
		tcp_close(p, c);
	}
}

void
tcp_accept(struct tcp_pool *p, int fd, uint32_t now)
{
	int i, cfd;

	for (i = 0; i < TCP_ACCEPT_MAX; i++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				log_warn("accept: %s; raise the open file "
					 "limit or lower tcp-count",
				    strerror(errno));
			return;
		}
		stats_count(STATS_TCP_ACCEPTED);
		tcp_adopt(p, cfd, now);
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
	}
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
	struct tcp_conn *c;
	unsigned i;

	for (i = 0; i < p->count; i++) {
		c = &p->conns[i];
		if (c->fd < 0)
			continue;
		/* RFC 7766 §6.2.3: close idle connections after a timeout. */
		if (now - c->last >= timeout)
			tcp_close(p, c);
		else if (draining && c->inlen == 0 && c->outlen == 0 &&
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
