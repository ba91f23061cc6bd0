/*
 * sock: the listening sockets. They belong to main and outlive the workers:
 * with SO_REUSEPORT every worker slot has its own UDP and TCP socket on each
 * listen address, and a replacement worker takes over the same descriptors.
 */
#ifndef RD_SERVER_SOCK_H
#define RD_SERVER_SOCK_H

#include <stddef.h>

struct conf_listen;

/* Open a UDP socket bound to l. Returns the descriptor, or -1 with err set. */
int sock_udp(const struct conf_listen *l, char *err, size_t errlen);

/* Open a listening TCP socket bound to l. Descriptor or -1 with err set. */
int sock_tcp(const struct conf_listen *l, char *err, size_t errlen);

/* 1 when l is a wildcard address (0.0.0.0 or ::): replies need IP_PKTINFO. */
int sock_is_wildcard(const struct conf_listen *l);

#endif
