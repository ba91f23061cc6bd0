/*
 * ipc: typed, length-checked messages between main and a worker over a
 * SOCK_SEQPACKET socketpair (STYLE.md point 8). One message is one datagram:
 * a fixed header {version, type, length} and a payload whose exact length
 * the type fixes or bounds. A malformed message is fatal for that peer.
 */
#ifndef RD_SERVER_IPC_H
#define RD_SERVER_IPC_H

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

#define IPC_VERSION 1
#define IPC_HDRLEN 8
#define IPC_MAX (1024 * 1024) /* largest payload: a diff */
#define IPC_BUF 65536	      /* octets a DNS message can take */

enum ipc_type {
	IPC_UPDATE = 1, /* worker -> main: struct ipc_route + UPDATE message */
	IPC_REPLY = 2,	/* main -> worker: struct ipc_route + response */
	IPC_DIFF = 3,	/* main -> worker: u32 seq + serialized diff */
	IPC_ACK = 4,	/* worker -> main: u32 seq applied */
	IPC_COOKIE = 5, /* main -> worker: new and previous cookie secret */
};

/*
 * Where a reply goes, filled by the worker and echoed by main. Main reads
 * only src and tcp; the rest is the worker's own.
 */
struct ipc_route {
	struct sockaddr_storage src; /* the client */
	uint32_t srclen;
	uint32_t pid;	 /* the worker that asked */
	uint32_t tcp;	 /* 1: TCP, 0: UDP */
	uint32_t index;	 /* TCP connection or UDP listen index */
	uint32_t gen;	 /* TCP connection generation */
	uint32_t ctllen; /* UDP: IP(V6)_PKTINFO control data */
	uint8_t ctl[64];
};

/* A message received: type and payload (pointing into the caller's buf). */
struct ipc_msg {
	enum ipc_type type;
	const uint8_t *data;
	size_t len;
};

/*
 * A socketpair for main (sv[0]) and a worker (sv[1]), close-on-exec, with
 * buffers for IPC_MAX. 0, or -1 with errno.
 */
int ipc_pair(int sv[2]);

/*
 * Send one message of type with payload a[0..alen) then b[0..blen) (b may
 * be NULL). Blocking unless fd is non-blocking. Returns 0, or -1 with errno
 * (EAGAIN when a non-blocking socket is full, EMSGSIZE over IPC_MAX).
 */
int ipc_send(int fd, enum ipc_type type, const void *a, size_t alen,
    const void *b, size_t blen);

/*
 * Receive one message into buf[0..bufmax) (IPC_HDRLEN + IPC_MAX for
 * diffs) and check it: version, known type, header length equal to the
 * datagram's, the type's exact length rules. Returns 1 with m filled, 0
 * when nothing is queued (non-blocking), -1 on EOF or error, -2 for a
 * malformed message (the caller drops the peer).
 */
int ipc_recv(int fd, uint8_t *buf, size_t bufmax, struct ipc_msg *m);

#endif
