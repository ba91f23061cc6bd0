/*
 * ipc: framed messages over SOCK_SEQPACKET. The kernel keeps datagram
 * bounds, so a frame is read whole or not at all; the header still carries
 * the length so that a short or long datagram is caught as malformed.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dns/cookie.h"
#include "server/ipc.h"

int
ipc_pair(int sv[2])
{
	int size = IPC_MAX + IPC_HDRLEN + 4096, i;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		/* Best effort: the kernel caps these at wmem_max/rmem_max. */
		(void)setsockopt(
		    sv[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
		(void)setsockopt(
		    sv[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	return 0;
}

int
ipc_send(int fd, enum ipc_type type, const void *a, size_t alen, const void *b,
    size_t blen)
{
	uint8_t hdr[IPC_HDRLEN];
	struct iovec iov[3];
	struct msghdr mh;
	size_t len = alen + blen;
	ssize_t n;

	if (len > IPC_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	hdr[0] = IPC_VERSION;
	hdr[1] = (uint8_t)type;
	hdr[2] = hdr[3] = 0;
	hdr[4] = len >> 24;
	hdr[5] = len >> 16;
	hdr[6] = len >> 8;
	hdr[7] = len;
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)(uintptr_t)a;
	iov[1].iov_len = alen;
	iov[2].iov_base = (void *)(uintptr_t)b;
	iov[2].iov_len = blen;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = b != NULL ? 3 : 2;
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	return 0;
}

/* The payload length rules of each type. 0 when they hold. */
static int
ipc_check(enum ipc_type type, size_t len)
{
	switch (type) {
	case IPC_UPDATE:
	case IPC_REPLY:
		return len >= sizeof(struct ipc_route) + 12 &&
			       len <= sizeof(struct ipc_route) + IPC_BUF
			   ? 0
			   : -1;
	case IPC_DIFF:
		return len >= 4 ? 0 : -1;
	case IPC_ACK:
		return len == 4 ? 0 : -1;
	case IPC_COOKIE:
		/* The current and the previous secret, 16 octets each. */
		return len == 2 * COOKIE_SECRET_LEN ? 0 : -1;
	}
	return -1;
}

int
ipc_recv(int fd, uint8_t *buf, size_t bufmax, struct ipc_msg *m)
{
	ssize_t n;
	size_t len;

	do
		n = recv(fd, buf, bufmax, MSG_DONTWAIT | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	if (n == 0)
		return -1;
	if ((size_t)n > bufmax || n < IPC_HDRLEN || buf[0] != IPC_VERSION ||
	    buf[2] != 0 || buf[3] != 0)
		return -2;
	len = (size_t)buf[4] << 24 | (size_t)buf[5] << 16 |
	      (size_t)buf[6] << 8 | buf[7];
	if (len != (size_t)n - IPC_HDRLEN)
		return -2;
	m->type = (enum ipc_type)buf[1];
	if (ipc_check(m->type, len) != 0)
		return -2;
	m->data = buf + IPC_HDRLEN;
	m->len = len;
	return 1;
}
