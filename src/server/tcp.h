/*
 * tcp: a worker's DNS-over-TCP connections per RFC 7766: 2-octet length
 * framing (RFC 1035 §4.2.2), many queries per connection answered in order,
 * non-blocking sockets with partial writes kept, buffers from a pool
 * allocated once, an idle timeout and a cap on connections.
 */
#ifndef RD_SERVER_TCP_H
#define RD_SERVER_TCP_H

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

struct zonedb;
struct answer_opts;
struct tcp_pool;

/*
 * A message on connection idx (generation gen, descriptor fd) before
 * answer_query sees it: return TCP_HOOK_PASS to answer it as a query, a
 * length >= 0 of the response written to out (0: none), TCP_HOOK_LATER
 * when the response comes later through tcp_deliver (the connection is then
 * kept, neither handed over nor closed as idle, until it does), or
 * TCP_HOOK_TAKEN when fd now belongs to
 * another process (a transfer): the pool closes its copy and forgets it.
 */
#define TCP_HOOK_PASS (-1)
#define TCP_HOOK_TAKEN (-2)
#define TCP_HOOK_LATER (-3) /* no response now: tcp_deliver brings it */
typedef long (*tcp_hook)(void *ctx, uint32_t idx, uint32_t gen, int fd,
    const uint8_t *q, size_t qlen, uint8_t *out, size_t outmax);

/*
 * Pool of count connections, all buffers allocated here once. Connections
 * are added to the epoll set epfd with data (tag | index). hook (may be
 * NULL) sees every message first. NULL: no memory.
 */
struct tcp_pool *tcp_pool_new(unsigned count, int epfd, uint64_t tag,
    const struct zonedb *db, const struct answer_opts *ao, tcp_hook hook,
    void *hook_ctx);

/*
 * The limits of issue 7 point 4 (0: none): per_source connections from
 * one IPv4 address or IPv6 /64 (tcp-count-per-source; more are closed
 * when accepted), read_timeout seconds to receive one whole message once
 * its first octet came (tcp-read-timeout), and log_interval seconds
 * between log lines of each limit hit (loglimit.h).
 */
void tcp_pool_limits(struct tcp_pool *p, unsigned per_source,
    unsigned read_timeout, unsigned log_interval);

/*
 * About once a second (now as for tcp_sweep): log how many limit hits
 * were not logged in an interval that ended. Returns 1 while an interval
 * runs (keep ticking), else 0.
 */
int tcp_log_tick(struct tcp_pool *p, uint32_t now);

/*
 * A late response (an UPDATE's, from main) for connection idx of
 * generation gen: queued and sent; dropped when that connection is gone.
 */
void tcp_deliver(struct tcp_pool *p, uint32_t idx, uint32_t gen,
    const uint8_t *msg, size_t len);

/*
 * Times (now, timeout) are coarse monotonic milliseconds, read once per
 * wakeup by the caller.
 */

/* Accept what is pending on listener fd; closes the oldest idle when full. */
void tcp_accept(struct tcp_pool *p, int fd, uint32_t now);

/* Take connection cfd (accepted, or handed over by another worker). */
void tcp_adopt(struct tcp_pool *p, int cfd, uint32_t now);

/*
 * Draining: hand every connection that is between messages over to the
 * fresh worker of the slot, through the unix datagram socket hand
 * (SCM_RIGHTS), and close our copy. Returns the connections left.
 */
unsigned tcp_handoff(struct tcp_pool *p, int hand);

/*
 * Receive one handed-over descriptor from hand: the descriptor, -1 when
 * nothing is queued, -2 for a message without one (skip it).
 */
int tcp_receive_fd(int hand);

/* Handle epoll events on connection idx. */
void tcp_event(struct tcp_pool *p, uint32_t idx, uint32_t events, uint32_t now);

/*
 * Close connections idle since before now - timeout, and those whose
 * message begun is not whole after the read timeout; when draining, also
 * those with nothing pending that were quiet for a second. Returns the
 * number of connections left open.
 */
unsigned tcp_sweep(
    struct tcp_pool *p, uint32_t now, uint32_t timeout, int draining);

/* Number of open connections. */
unsigned tcp_count(const struct tcp_pool *p);

/*
 * The client address of connection idx, read once when the connection was
 * adopted; *len is 0 (and the family AF_UNSPEC) when it is unknown.
 */
const struct sockaddr *tcp_peer(const struct tcp_pool *p, uint32_t idx,
    socklen_t *len);

#endif
