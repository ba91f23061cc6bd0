/*
 * xfrout: zone transfers out (AXFR, RFC 5936; IXFR, RFC 1995) and incoming
 * NOTIFY (RFC 1996 §3.7), as seen from a worker. The worker's dispatch calls
 * these for the opcode and query type they own; everything else stays with
 * answer_query and the update path.
 */
#ifndef RD_SERVER_XFROUT_H
#define RD_SERVER_XFROUT_H

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

struct server;
struct zonedb;

/*
 * A TCP query of type AXFR or IXFR arrived on connection fd from src.
 * Checks the zone's provide-xfr ACL and TSIG, then either forks a short-lived
 * transfer process that owns fd from now on and streams the transfer from a
 * copy-on-write snapshot of db (returns 1: the caller closes its copy of fd
 * and forgets the connection without writing), or puts a complete response
 * in out (REFUSED, NOTAUTH, FORMERR, or an IXFR answered with one SOA) with
 * its length in *outlen (returns 0: the caller writes it as any answer).
 */
int xfrout_tcp(struct server *s, const struct zonedb *db, int fd,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax, size_t *outlen);

/*
 * An IXFR over UDP (RFC 1995 §4): the response (our SOA only, or TC) in out;
 * returns its length, 0 for no reply.
 */
size_t xfrout_udp(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax);

/*
 * An incoming NOTIFY (opcode 4): answered per the zone's allow-notify ACL
 * (NOERROR or REFUSED; NOTAUTH for a zone not ours, RFC 1996 §3.7 and
 * RFC 8945 for TSIG). Returns the response length, 0 for no reply.
 */
size_t xfrout_notify_in(struct server *s, const struct zonedb *db,
    const struct sockaddr *src, const uint8_t *q, size_t qlen, uint8_t *out,
    size_t outmax);

/*
 * The address and port of sa as "ADDR@PORT" in out (for log lines, here
 * and in notify_send).
 */
void xfrout_addr_text(const struct sockaddr *sa, char *out, size_t max);

#endif
