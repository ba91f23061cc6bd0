/*
 * ctlproto: the frames radixctl and radixd exchange on the control socket
 * (STYLE.md point 8). A request is a u32 length (of what follows), a u16
 * command, a u8 flags byte and the argument text; a reply is a u32 length,
 * a u16 status and the text (or JSON) to print. Every field is in network
 * byte order and every read is checked against the length. One request per
 * connection. Shared by src/server/ctl.c and src/tools/radixctl.c; it knows
 * nothing of the server.
 */
#ifndef RD_SERVER_CTLPROTO_H
#define RD_SERVER_CTLPROTO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define CTL_VERSION 1
#define CTL_MAX_REQUEST 1024	 /* command, flags and a zone name */
#define CTL_MAX_REPLY (1U << 20) /* a zone-status of many zones */
#define CTL_FLAG_JSON 0x01
#define CTL_FLAG_RESET 0x02 /* stats --reset: read the counters, then zero them */

enum ctl_cmd {
	CTL_STATUS = 1,
	CTL_RELOAD,
	CTL_ZONE_STATUS,
	CTL_FLUSH,
	CTL_FREEZE,
	CTL_THAW,
	CTL_NOTIFY,
	CTL_STOP,
	CTL_STATS = 9,	      /* stats [--reset] */
	CTL_LOG_REOPEN = 10,   /* log-reopen */
	CTL_COOKIE_ROTATE = 11 /* cookie-rotate [SECRET] */
};

enum ctl_status {
	CTL_OK = 0,	    /* done */
	CTL_FAILED = 1,	    /* the command failed; the text says why */
	CTL_BAD_REQUEST = 2 /* malformed or unknown command */
};

static inline void
ctl_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline uint32_t
ctl_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Write all of buf to fd. 0, or -1 with errno set. */
static inline int
ctl_write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read exactly len bytes. 0, or -1 (error, timeout or early EOF). */
static inline int
ctl_read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EPIPE;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send one frame: u32 length, u16 code, then len bytes of body. 0 or -1. */
static inline int
ctl_send(int fd, uint16_t code, const void *body, size_t len)
{
	uint8_t h[6];

	if (len > CTL_MAX_REPLY)
		return -1;
	ctl_put32(h, (uint32_t)(len + 2));
	h[4] = code >> 8;
	h[5] = code;
	if (ctl_write_all(fd, h, sizeof(h)) != 0)
		return -1;
	return len > 0 ? ctl_write_all(fd, body, len) : 0;
}

/*
 * Receive one frame of at most max body bytes into buf (NUL-terminated:
 * buf holds max + 1). 0 with *code and *len set, or -1 (errno EMSGSIZE
 * for a length out of range).
 */
static inline int
ctl_recv(int fd, uint16_t *code, char *buf, size_t max, size_t *len)
{
	uint8_t h[6];
	uint32_t n;

	if (ctl_read_all(fd, h, sizeof(h)) != 0)
		return -1;
	n = ctl_get32(h);
	if (n < 2 || n - 2 > max) {
		errno = EMSGSIZE;
		return -1;
	}
	*code = (uint16_t)(h[4] << 8 | h[5]);
	*len = n - 2;
	if (ctl_read_all(fd, buf, *len) != 0)
		return -1;
	buf[*len] = '\0';
	return 0;
}

/* A request, as ctl_parse_request finds it in a frame. */
struct ctl_request {
	uint16_t cmd;
	uint8_t flags;			/* CTL_FLAG_* */
	char arg[CTL_MAX_REQUEST];	/* the argument, NUL-terminated */
	size_t arglen;
};

/*
 * Parse one whole request frame from frame[0..len), without a socket: the
 * u32 length must be what follows it (at least the command and the flags
 * byte, at most CTL_MAX_REQUEST after the command), and the argument must
 * hold no NUL. 0 with *req filled, or -1 for a malformed frame (dropped).
 */
static inline int
ctl_parse_request(const uint8_t *frame, size_t len, struct ctl_request *req)
{
	uint32_t n;

	if (len < 6)
		return -1;
	n = ctl_get32(frame);
	if (n < 3 || n - 2 > CTL_MAX_REQUEST || (size_t)n != len - 4)
		return -1;
	req->cmd = (uint16_t)(frame[4] << 8 | frame[5]);
	req->flags = frame[6];
	req->arglen = n - 3;
	if (memchr(frame + 7, 0, req->arglen) != NULL)
		return -1;
	memcpy(req->arg, frame + 7, req->arglen);
	req->arg[req->arglen] = '\0';
	return 0;
}

#endif
