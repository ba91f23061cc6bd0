/*
 * worker: one answering process. An epoll loop over its slot's UDP sockets
 * (read in recvmmsg batches, answered with sendmmsg), its TCP listeners and
 * connections (RFC 7766), and the pipe that tells it main is gone.
 */
#ifndef RD_SERVER_WORKER_H
#define RD_SERVER_WORKER_H

#include <stddef.h>
#include <stdint.h>

struct zonedb;
struct answer_opts;
struct server;

struct worker_cfg {
	unsigned slot;		      /* for log lines */
	const int *udp;		      /* nlisten UDP sockets of this slot */
	const int *tcp;		      /* nlisten TCP listeners of this slot */
	const unsigned char *pktinfo; /* per listen address: wildcard bind */
	size_t nlisten;
	int life_fd;  /* read end: EOF when main is gone */
	int ready_fd; /* write end: our pid goes there once we serve */
	int hand_rd;  /* the slot's unix socket: connections handed to us */
	int hand_wr;  /* its other end: where we hand ours when draining */
	const struct zonedb *db;
	const struct answer_opts *aopts;
	uint16_t udp_max;     /* largest UDP answer (our EDNS payload) */
	unsigned tcp_timeout; /* seconds */
	unsigned tcp_count;   /* connections at most */
	int ipc_fd;	      /* our end of the socketpair with main */
	struct server *s;     /* main's state as forked, for xfrout */
};

/*
 * Serve until told to stop (SIGTERM: stop reading the listening sockets,
 * drain the TCP connections, exit) or until main is gone (exit at once).
 * Never returns.
 */
void worker_run(const struct worker_cfg *cfg) __attribute__((noreturn));

#endif
