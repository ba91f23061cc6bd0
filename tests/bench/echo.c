/*
 * echo: the floor for the query benchmark.  A UDP server that receives
 * datagrams in batches with recvmmsg(), sets the QR bit in each one's DNS
 * header (RFC 1035 §4.1.1) and sends every datagram back with sendmmsg().
 * What it costs per packet is what the kernel alone costs per query.
 *
 * usage: echo ADDRESS PORT
 * It runs in the foreground until killed.  tests/bench/query.sh builds it.
 */

#define _GNU_SOURCE

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ECHO_BATCH 64
#define ECHO_BUFSIZE 4096

static int
echo_open(const char *addr, const char *port)
{
	struct sockaddr_in sin;
	int fd, omit = IP_PMTUDISC_OMIT;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "echo: bad IPv4 address %s\n", addr);
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd == -1) {
		perror("echo: socket");
		return -1;
	}
	/* Without DF, as radixd, NSD and Knot send (IP_PMTUDISC_OMIT). */
	(void)setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &omit, sizeof(omit));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("echo: bind");
		close(fd);
		return -1;
	}
	return fd;
}

static void
echo_send(int fd, struct mmsghdr *msgs, int n)
{
	int done, sent;

	/* sendmmsg() may send fewer than asked: send the rest. */
	for (done = 0; done < n; done += sent) {
		sent = sendmmsg(fd, msgs + done, (unsigned int)(n - done), 0);
		if (sent == -1) {
			if (errno == EINTR) {
				sent = 0;
				continue;
			}
			perror("echo: sendmmsg");
			return;
		}
	}
}

static void
echo_loop(int fd)
{
	static unsigned char buf[ECHO_BATCH][ECHO_BUFSIZE];
	struct sockaddr_storage from[ECHO_BATCH];
	struct mmsghdr msgs[ECHO_BATCH];
	struct iovec iov[ECHO_BATCH];
	int i, n;

	for (;;) {
		for (i = 0; i < ECHO_BATCH; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = ECHO_BUFSIZE;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_name = &from[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		/* Block for the first datagram, then take what is queued. */
		n = recvmmsg(fd, msgs, ECHO_BATCH, MSG_WAITFORONE, NULL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("echo: recvmmsg");
			return;
		}
		for (i = 0; i < n; i++) {
			/* RFC 1035 §4.1.1: QR is the top bit of the third octet. */
			if (msgs[i].msg_len >= 12)
				buf[i][2] |= 0x80;
			iov[i].iov_len = msgs[i].msg_len;
		}
		echo_send(fd, msgs, n);
	}
}

int
main(int argc, char *argv[])
{
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: echo ADDRESS PORT\n");
		return 2;
	}
	fd = echo_open(argv[1], argv[2]);
	if (fd == -1)
		return 1;
	echo_loop(fd);
	return 1;
}
