/*
 * notify_send: NOTIFY out (RFC 1996) from main for each new serial of a zone,
 * to its notify: addresses (optionally TSIG-signed), retransmitted with
 * back-off until answered or a bounded count is reached; then the
 * replication view of issue 5 point 4 (SOA queries to each secondary until
 * it serves the new serial). With notify-ns: yes, the addresses of the
 * zone's apex NS hosts are targets too (notify_ns.h). Main's event loop drives
 * it through a socket and a timeout; it never blocks the writer.
 */
#ifndef RD_SERVER_NOTIFY_SEND_H
#define RD_SERVER_NOTIFY_SEND_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

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
void notifier_zone_changed(
    struct notifier *n, size_t zone_index, uint32_t serial);

/*
 * Number of targets zone zone_index's NOTIFYs go to: its notify: lines and,
 * with notify-ns: yes, the addresses of its apex NS hosts.
 */
size_t notifier_zone_targets(const struct notifier *n, size_t zone_index);

/* What became of the last NOTIFY to a secondary. */
enum notifier_result {
	NOTIFIER_NONE = 0, /* nothing sent since start */
	NOTIFIER_PENDING,  /* sent, no answer yet */
	NOTIFIER_ACKED,	   /* answered NOERROR */
	NOTIFIER_REFUSED,  /* answered with another rcode */
	NOTIFIER_GIVEN_UP, /* no answer after the last retransmission */
};

/* The replication view of one (zone, notify: target), issue 5 point 4. */
struct notifier_status {
	size_t zone;	    /* index in s->conf.zones */
	const char *target; /* ADDR@PORT as configured */
	uint32_t serial;    /* the serial last announced */
	time_t notified_at; /* when it was announced (0: never) */
	enum notifier_result notify_result;
	int has_seen;	      /* an SOA answer came */
	uint32_t seen_serial; /* the serial the secondary last said it serves */
	time_t seen_at;
	int caught_up; /* seen_serial is serial or newer */
	time_t caught_up_at;
	uint32_t lag_ms; /* from the announcement to caught up */
	int watching;	 /* NOTIFY or SOA queries still going on */
};

/* Number of (zone, target) entries: 0 .. count-1 for notifier_status. */
size_t notifier_count(const struct notifier *n);

/* Copy entry i's state into out (for radixctl). 0 or RD_ENOTFOUND. */
int notifier_status(
    const struct notifier *n, size_t i, struct notifier_status *out);

#endif
