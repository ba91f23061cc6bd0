/*
 * sdnotify: tell systemd (Type=notify) what main is doing. The messages
 * are those of sd_notify(3): READY=1 once every worker reads its sockets,
 * RELOADING=1 and MONOTONIC_USEC= when a reload starts, READY=1 again when
 * it is done, STOPPING=1 at shutdown, with STATUS= for systemctl status and
 * MAINPID= so that the pid systemd watches is main's. The socket is
 * connected once at start: after a chroot its path is out of reach, and a
 * connected datagram socket keeps working after privileges are dropped.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"
#include "server/sdnotify.h"

int
sdnotify_open(void)
{
	const char *e = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	socklen_t len;
	size_t n;
	int fd;

	if (e == NULL || e[0] == '\0')
		return -1;
	n = strlen(e);
	if ((e[0] != '/' && e[0] != '@') || n >= sizeof(sun.sun_path)) {
		log_err("NOTIFY_SOCKET=%s is not a unix socket path or an "
			"abstract name starting with '@'; fix the service or "
			"unset it",
		    e);
		return -2;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, e, n);
	/* An abstract name starts with a NUL and is exactly n octets long. */
	if (e[0] == '@')
		sun.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			  (e[0] == '/'));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)&sun, len) != 0) {
		log_err("NOTIFY_SOCKET %s: %s; systemd will not see radixd "
			"ready: check the service's NotifyAccess=",
		    e, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -2;
	}
	return fd;
}

void
sdnotify_send(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	if (fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) == n)
		return;
	log_info("NOTIFY_SOCKET: %s; systemd did not get \"%.*s\"",
	    strerror(errno), (int)strcspn(buf, "\n"), buf);
}

void
sdnotify_reloading(int fd)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	sdnotify_send(fd, "RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
		(unsigned long long)ts.tv_nsec / 1000);
}

void
sdnotify_ready(int fd, int mainpid, size_t nzones, unsigned nworkers)
{
	sdnotify_send(fd,
	    "READY=1\nMAINPID=%d\nSTATUS=serving %zu zone%s "
	    "with %u worker%s",
	    mainpid, nzones, nzones == 1 ? "" : "s", nworkers,
	    nworkers == 1 ? "" : "s");
}
