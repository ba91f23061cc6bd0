/*
 * metrics: GET /metrics over HTTP/1.1 (RFC 9112) from main's loop.
 *
 * Main must never wait on a scraper: the listener and every connection are
 * non-blocking, a request may be METRICS_REQ_MAX octets at most, and each
 * connection has METRICS_TIMEOUT seconds from its accept to be read,
 * answered and written, after which it is closed whatever its state. There
 * are METRICS_CONNS connections at most; one more closes the oldest. The
 * response always ends the connection ("Connection: close"), so there is
 * no keep-alive state to keep. The counters come from stats_pool_total():
 * Prometheus counters only grow, so radixctl stats --reset does not touch
 * them (a reset would look like a restart of the server).
 */
#include "config.h"

#include <sys/socket.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/name.h"
#include "dns/zone.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/server.h"
#include "server/stats.h"

#define METRICS_TIMEOUT 3000 /* milliseconds from accept to close */
#define METRICS_ACCEPTS 16   /* accepts per turn of main's loop */

enum metrics_state {
	MS_FREE,
	MS_READ,   /* reading the request */
	MS_WRITE,  /* sending the response */
	MS_LINGER, /* sent and shut down: reading what is left until EOF */
};

struct metrics_conn {
	enum metrics_state st;
	int fd;
	int64_t deadline; /* monotonic milliseconds */
	size_t inlen;
	char in[METRICS_REQ_MAX];
	char *out;
	size_t outlen, outoff;
};

struct metrics {
	int fd;
	struct metrics_conn c[METRICS_CONNS];
};

/* A growing buffer; oom sticks. */
struct metrics_buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void metrics_printf(struct metrics_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
metrics_printf(struct metrics_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *np;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p != NULL ? b->p + b->len : NULL,
	    b->p != NULL ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (b->len + (size_t)n + 1 <= b->cap) {
		b->len += (size_t)n;
		return;
	}
	np = realloc(b->p, (b->len + (size_t)n + 1) * 2);
	if (np == NULL) {
		b->oom = 1;
		return;
	}
	b->p = np;
	b->cap = (b->len + (size_t)n + 1) * 2;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static int64_t
metrics_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A label value: backslash, double quote and newline escaped (0.0.4). */
static void
metrics_label(struct metrics_buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			metrics_printf(b, "\\%c", *v);
		else if (*v == '\n')
			metrics_printf(b, "\\n");
		else
			metrics_printf(b, "%c", *v);
	}
}

static void
metrics_gauge(struct metrics_buf *b, const char *name, const char *help)
{
	metrics_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* The gauges: start time, workers, zones and each zone's serial. */
static void
metrics_gauges(struct server *s, struct metrics_buf *b)
{
	char zone[NAME_MAXTEXT];
	unsigned k, running = 0;
	size_t i, nz = 0;

	for (k = 0; k < s->nslots; k++)
		running += s->slots[k].pid > 0;
	for (i = 0; i < s->conf.nzones && s->zones != NULL; i++)
		nz += s->zones[i].zone != NULL;
	metrics_gauge(b, "radixdns_start_time_seconds",
	    "Start time of radixd, in seconds since the Unix epoch.");
	metrics_printf(
	    b, "radixdns_start_time_seconds %lld\n", (long long)s->started);
	metrics_gauge(b, "radixdns_workers",
	    "Worker processes serving (retired ones still draining are not "
	    "counted).");
	metrics_printf(b, "radixdns_workers %u\n", running);
	metrics_gauge(b, "radixdns_zones", "Zones served.");
	metrics_printf(b, "radixdns_zones %zu\n", nz);
	metrics_gauge(b, "radixdns_zone_serial", "SOA serial of each zone.");
	for (i = 0; i < s->conf.nzones && s->zones != NULL; i++) {
		if (s->zones[i].zone == NULL ||
		    name_to_text(s->conf.zones[i].origin, zone, sizeof(zone)) <
			0)
			continue;
		metrics_printf(b, "radixdns_zone_serial{zone=\"");
		metrics_label(b, zone);
		metrics_printf(
		    b, "\"} %" PRIu32 "\n", s->zones[i].zone->serial);
	}
}

char *
metrics_body(struct server *s, size_t *len)
{
	struct metrics_buf b = {NULL, 0, 0, 0};
	uint64_t v[STATS_N];
	size_t n;

	memset(v, 0, sizeof(v));
	if (s->stats != NULL)
		stats_pool_total(s->stats, v);
	n = stats_format(v, STATS_PROM, NULL, 0);
	b.p = malloc(n + 4096);
	if (b.p == NULL)
		return NULL;
	b.cap = n + 4096;
	stats_format(v, STATS_PROM, b.p, b.cap);
	b.len = n;
	metrics_gauges(s, &b);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

int
metrics_open(struct server *s)
{
	const struct conf_listen *l = &s->conf.metrics;
	struct metrics *m;
	int one = 1, k;

	s->metrics = NULL;
	if (l->addrlen == 0)
		return 0;
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		log_err("metrics: out of memory");
		return -1;
	}
	for (k = 0; k < METRICS_CONNS; k++)
		m->c[k].fd = -1;
	m->fd = socket(
	    l->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (m->fd < 0 ||
	    setsockopt(m->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) !=
		0 ||
	    bind(m->fd, (const struct sockaddr *)&l->addr, l->addrlen) != 0 ||
	    listen(m->fd, METRICS_CONNS) != 0) {
		log_err("metrics: cannot listen on %s: %s; choose another "
			"address or port in metrics:",
		    l->text, strerror(errno));
		if (m->fd >= 0)
			close(m->fd);
		free(m);
		return -1;
	}
	s->metrics = m;
	log_info("metrics: Prometheus exposition on %s, GET /metrics", l->text);
	return 0;
}

static void
metrics_drop(struct metrics_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->st = MS_FREE;
}

void
metrics_close(struct server *s)
{
	struct metrics *m = s->metrics;
	int k;

	if (m == NULL)
		return;
	for (k = 0; k < METRICS_CONNS; k++)
		metrics_drop(&m->c[k]);
	close(m->fd);
	free(m);
	s->metrics = NULL;
}

size_t
metrics_pollfds(const struct metrics *m, struct pollfd *pfd)
{
	size_t n = 0;
	int k;

	if (m == NULL)
		return 0;
	pfd[n].fd = m->fd;
	pfd[n++].events = POLLIN;
	for (k = 0; k < METRICS_CONNS; k++) {
		if (m->c[k].st == MS_FREE)
			continue;
		pfd[n].fd = m->c[k].fd;
		pfd[n++].events = m->c[k].st == MS_WRITE ? POLLOUT : POLLIN;
	}
	return n;
}

/* A free connection, or the oldest one closed to make room. */
static struct metrics_conn *
metrics_slot(struct metrics *m)
{
	struct metrics_conn *old = NULL;
	int k;

	for (k = 0; k < METRICS_CONNS; k++) {
		if (m->c[k].st == MS_FREE)
			return &m->c[k];
		if (old == NULL || m->c[k].deadline < old->deadline)
			old = &m->c[k];
	}
	log_info(
	    "metrics: %d connections open; closing the oldest", METRICS_CONNS);
	metrics_drop(old);
	return old;
}

static void
metrics_accept(struct metrics *m, int64_t now)
{
	struct metrics_conn *c;
	int i, fd;

	for (i = 0; i < METRICS_ACCEPTS; i++) {
		fd = accept4(m->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		c = metrics_slot(m);
		c->fd = fd;
		c->st = MS_READ;
		c->inlen = 0;
		c->outlen = c->outoff = 0;
		c->deadline = now + METRICS_TIMEOUT;
	}
}

/* Queue a whole response: status line, header fields, body (may be NULL). */
static void
metrics_respond(struct metrics_conn *c, const char *status, const char *extra,
    const char *body, size_t blen, int head)
{
	struct metrics_buf b = {NULL, 0, 0, 0};

	char *out;

	metrics_printf(&b,
	    "HTTP/1.1 %s\r\nContent-Length: %zu\r\n%sConnection: "
	    "close\r\n\r\n",
	    status, blen, extra);
	if (head)
		blen = 0;
	out = b.oom ? NULL : realloc(b.p, b.len + blen);
	if (out == NULL) {
		free(b.p);
		metrics_drop(c);
		return;
	}
	if (blen > 0)
		memcpy(out + b.len, body, blen);
	c->st = MS_WRITE;
	c->out = out;
	c->outlen = b.len + blen;
	c->outoff = 0;
}

static void
metrics_error(struct metrics_conn *c, const char *status, const char *extra)
{
	char body[128];
	int n;

	n = snprintf(body, sizeof(body), "%s\n", status);
	metrics_respond(c, status, extra, body, (size_t)n, 0);
}

/*
 * The request line (RFC 9112 §3), [s, e) without its line end:
 * METHOD SP TARGET SP HTTP-VERSION. GET and HEAD (RFC 9110 §9.1) of
 * /metrics, with or without a query, get the exposition.
 */
static enum metrics_route
metrics_route(const char *s, const char *e)
{
	const char *sp1, *sp2, *t;
	size_t ml, tl;

	sp1 = memchr(s, ' ', (size_t)(e - s));
	sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', (size_t)(e - sp1 - 1)) : NULL;
	if (sp1 == NULL || sp2 == NULL || e - sp2 - 1 != 8 ||
	    memcmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return METRICS_BAD;
	ml = (size_t)(sp1 - s);
	if (!(ml == 3 && memcmp(s, "GET", 3) == 0) &&
	    !(ml == 4 && memcmp(s, "HEAD", 4) == 0))
		return METRICS_METHOD;
	t = sp1 + 1;
	for (tl = 0; t + tl < sp2 && t[tl] != '?'; tl++)
		;
	if (tl != 8 || memcmp(t, "/metrics", 8) != 0)
		return METRICS_NOT_FOUND;
	return ml == 3 ? METRICS_GET : METRICS_HEAD;
}

enum metrics_route
metrics_request(const char *in, size_t len)
{
	const char *p = in, *end = in + len, *nl, *line = NULL, *lend = NULL;
	size_t n;

	/*
	 * Lines end in LF, CR LF accepted (RFC 9112 §2.2); empty lines before
	 * the request line are skipped (ibid.). The header fields are not
	 * used: the empty line after them ends the request.
	 */
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (line == NULL && n > 0) {
			line = p;
			lend = p + n;
		} else if (line != NULL && n == 0)
			return metrics_route(line, lend);
		p = nl + 1;
	}
	return len >= METRICS_REQ_MAX ? METRICS_TOO_LONG : METRICS_MORE;
}

/* Answer a whole request (or one that is too long). */
static void
metrics_answer(struct server *s, struct metrics_conn *c, enum metrics_route r)
{
	size_t blen;
	char *body;

	switch (r) {
	case METRICS_GET:
	case METRICS_HEAD:
		break;
	case METRICS_NOT_FOUND:
		metrics_error(c, "404 Not Found", "");
		return;
	case METRICS_METHOD:
		metrics_error(
		    c, "405 Method Not Allowed", "Allow: GET, HEAD\r\n");
		return;
	case METRICS_TOO_LONG:
		metrics_error(c, "431 Request Header Fields Too Large", "");
		return;
	default:
		metrics_error(c, "400 Bad Request", "");
		return;
	}
	body = metrics_body(s, &blen);
	if (body == NULL) {
		metrics_error(c, "503 Service Unavailable", "");
		return;
	}
	metrics_respond(c, "200 OK",
	    "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n", body,
	    blen, r == METRICS_HEAD);
	free(body);
}

static void
metrics_read(struct server *s, struct metrics_conn *c)
{
	enum metrics_route r;
	ssize_t n;

	while (c->inlen < METRICS_REQ_MAX) {
		n = recv(
		    c->fd, c->in + c->inlen, METRICS_REQ_MAX - c->inlen, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			metrics_drop(c); /* closed before a whole request */
			return;
		}
		c->inlen += (size_t)n;
		r = metrics_request(c->in, c->inlen);
		if (r != METRICS_MORE) {
			metrics_answer(s, c, r);
			return;
		}
	}
}

static void
metrics_write(struct metrics_conn *c)
{
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			metrics_drop(c);
			return;
		}
		c->outoff += (size_t)n;
	}
	/*
	 * Sent: shut our side down and read until the client closes, so
	 * that unread request octets do not make the kernel reset the
	 * connection under the response (RFC 9112 §9.6).
	 */
	(void)shutdown(c->fd, SHUT_WR);
	c->st = MS_LINGER;
}

static void
metrics_linger(struct metrics_conn *c)
{
	char buf[512];
	ssize_t n;
	int i;

	/* Bounded per turn: a client that keeps sending waits its deadline. */
	for (i = 0; i < 16; i++) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		metrics_drop(c);
		return;
	}
}

void
metrics_run(struct server *s)
{
	struct metrics *m = s->metrics;
	struct metrics_conn *c;
	int64_t now;
	int k;

	if (m == NULL)
		return;
	now = metrics_now();
	metrics_accept(m, now);
	for (k = 0; k < METRICS_CONNS; k++) {
		c = &m->c[k];
		if (c->st != MS_FREE && now >= c->deadline) {
			metrics_drop(c);
			continue;
		}
		if (c->st == MS_READ)
			metrics_read(s, c);
		if (c->st == MS_WRITE)
			metrics_write(c);
		if (c->st == MS_LINGER)
			metrics_linger(c);
	}
}
