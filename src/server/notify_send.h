/*
 * notify_send: NOTIFY out (RFC 1996) from main for each new serial of a zone,
 * to its notify: addresses (optionally TSIG-signed), retransmitted with
 * back-off until answered or a bounded count is reached; then the
 * replication view of issue 5 point 4 (SOA queries to each secondary until
 * it serves the new serial). Main's event loop drives it through a socket
 * and a timeout; it never blocks the writer.
 */
#ifndef RD_SERVER_NOTIFY_SEND_H
#define RD_SERVER_NOTIFY_SEND_H

#include <stddef.h>
#include <stdint.h>

struct server;
struct notifier;

/* New notifier for s (opens its UDP sockets); NULL with the error logged. */
struct notifier *notifier_new(struct server *s);

void notifier_free(struct notifier *n);

/* Descriptor main's loop polls for reading; -1 when there is none. */
int notifier_fd(const struct notifier *n);

/* The descriptor is readable: take the responses. */
void notifier_readable(struct notifier *n);

/* Milliseconds until notifier_tick wants to run; -1: no timer pending. */
int notifier_timeout_ms(const struct notifier *n);

/* Retransmit and give up what is due. */
void notifier_tick(struct notifier *n);

/*
 * Zone number zone_index (its index in s->conf.zones) now serves serial:
 * notify its secondaries (an update was committed, or a reload changed it).
 */
void notifier_zone_changed(struct notifier *n, size_t zone_index,
    uint32_t serial);

#endif
