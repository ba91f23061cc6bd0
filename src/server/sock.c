/*
 * sock: open the listening sockets of radixd.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server/conf.h"
#include "server/sock.h"

#define SOCK_RCVBUF (4 * 1024 * 1024)
#define SOCK_BACKLOG 1024

int
sock_is_wildcard(const struct conf_listen *l)
{
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)&l->addr;
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&l->addr;

	if (l->addr.ss_family == AF_INET)
		return s4->sin_addr.s_addr == htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr);
}

static int
sock_setopt(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

/* Socket with the options both transports share, bound to l. */
static int
sock_open(const struct conf_listen *l, int type, char *err, size_t errlen)
{
	const char *what;
	int fd;

	fd = socket(l->addr.ss_family, type | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		what = "socket";
		goto fail;
	}
	what = "setsockopt SO_REUSEPORT";
	if (sock_setopt(fd, SOL_SOCKET, SO_REUSEADDR, 1) != 0 ||
	    sock_setopt(fd, SOL_SOCKET, SO_REUSEPORT, 1) != 0)
		goto fail;
	/* An IPv6 socket serves IPv6 only: IPv4 has its own listen line. */
	what = "setsockopt IPV6_V6ONLY";
	if (l->addr.ss_family == AF_INET6 &&
	    sock_setopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) != 0)
		goto fail;
	what = "bind";
	if (bind(fd, (const struct sockaddr *)&l->addr, l->addrlen) != 0)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen,
	    "%s: %s failed: %s; check that the address is "
	    "configured here and that no other server holds the port",
	    l->text, what, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

int
sock_udp(const struct conf_listen *l, char *err, size_t errlen)
{
	int fd;

	fd = sock_open(l, SOCK_DGRAM, err, errlen);
	if (fd < 0)
		return -1;
	/* A larger queue absorbs bursts while a worker is being replaced. */
	(void)sock_setopt(fd, SOL_SOCKET, SO_RCVBUF, SOCK_RCVBUF);
	/*
	 * Path MTU discovery off, as NSD and Knot set it: answers go without
	 * DF and are fragmented, if ever, at the interface's MTU, never at a
	 * path MTU learnt from ICMP. A forged "fragmentation needed" could
	 * otherwise make us fragment answers to a resolver down to 552
	 * octets, the opening for spoofed-fragment poisoning that RFC 8900
	 * and RFC 9715 describe. Answers are kept small anyway (edns-payload
	 * 1232 by default, which fits an IPv6 minimum-MTU packet).
	 */
	if (l->addr.ss_family == AF_INET)
		(void)sock_setopt(
		    fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_OMIT);
	else
		(void)sock_setopt(
		    fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_OMIT);
	if (sock_is_wildcard(l)) {
		if (l->addr.ss_family == AF_INET)
			(void)sock_setopt(fd, IPPROTO_IP, IP_PKTINFO, 1);
		else
			(void)sock_setopt(
			    fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
	}
	return fd;
}

int
sock_tcp(const struct conf_listen *l, char *err, size_t errlen)
{
	int fd;

	fd = sock_open(l, SOCK_STREAM | SOCK_NONBLOCK, err, errlen);
	if (fd < 0)
		return -1;
	/*
	 * Accepted sockets inherit TCP_NODELAY: each answer is written whole,
	 * so Nagle would only delay pipelined answers (RFC 7766 §6.2.4).
	 */
	(void)sock_setopt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
	if (listen(fd, SOCK_BACKLOG) != 0) {
		snprintf(err, errlen, "%s: listen failed: %s", l->text,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
