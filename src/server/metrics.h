/*
 * metrics: the Prometheus text exposition (format version 0.0.4) of the
 * counters (stats.h) and a few gauges, on an optional HTTP listener
 * (metrics: ADDR@PORT in server:). Served by main's supervision loop
 * without ever blocking it: non-blocking sockets, a bounded request, a
 * short deadline per connection, one response per connection.
 */
#ifndef RD_SERVER_METRICS_H
#define RD_SERVER_METRICS_H

#include <poll.h>
#include <stddef.h>

struct server;
struct metrics;

/* Descriptors metrics_pollfds fills at most. */
#define METRICS_CONNS 8
#define METRICS_POLLFDS (1 + METRICS_CONNS)

#define METRICS_REQ_MAX 4096 /* request line and header fields, octets */

/* What a request comes to. */
enum metrics_route {
	METRICS_MORE,	   /* not whole yet: read more */
	METRICS_GET,	   /* 200 with the exposition */
	METRICS_HEAD,	   /* 200, header only */
	METRICS_BAD,	   /* 400: not an HTTP/1.x request line */
	METRICS_NOT_FOUND, /* 404: another path */
	METRICS_METHOD,	   /* 405: not GET or HEAD */
	METRICS_TOO_LONG,  /* 431: METRICS_REQ_MAX octets without the end */
};

/*
 * The route of the request read so far, in[0..len) (untrusted octets, NUL
 * included; nothing past len is read).
 */
enum metrics_route metrics_request(const char *in, size_t len);

/*
 * Open s->conf.metrics (none configured: s->metrics stays NULL). 0, or -1
 * with the error logged.
 */
int metrics_open(struct server *s);

/* Close the listener and every connection. */
void metrics_close(struct server *s);

/*
 * The listener and the open connections for main's poll set, into pfd
 * (room for METRICS_POLLFDS); returns how many. m may be NULL (none).
 */
size_t metrics_pollfds(const struct metrics *m, struct pollfd *pfd);

/*
 * Accept, read, answer and write what can be done now, and close
 * connections past their deadline. Never blocks.
 */
void metrics_run(struct server *s);

/*
 * The body of GET /metrics into a malloc'ed, NUL-terminated buffer (*len
 * its length); NULL when out of memory.
 */
char *metrics_body(struct server *s, size_t *len);

#endif
