/*
 * notify_ns: the NOTIFY targets of notify-ns: yes (issue 5 point 3): the
 * addresses of a zone's apex NS hosts other than the SOA MNAME (RFC 1996
 * §3.6), as our own zones know them, at the zone's notify-ns-port:.
 * notify_send keeps one peer per address; this computes the list.
 */
#ifndef RD_SERVER_NOTIFY_NS_H
#define RD_SERVER_NOTIFY_NS_H

#include <stddef.h>

struct conf_notify;
struct notifier;
struct server;
struct zonedb;
struct zone;

/* At most this many NS-derived targets per zone; the rest is logged. */
#define NOTIFY_NS_MAX 64

/*
 * The targets of zone z (configured as cz) into out[0..max): for each NS
 * host of the apex but the SOA MNAME, each A and AAAA record of that name
 * in any zone of db, at port cz->notify_ns_port, without a key; addresses
 * that are already a notify: target of the zone, or one of our listen
 * addresses, are left out, and each address comes once. Returns the
 * number, and sets *more when some were left out for want of room.
 */
size_t notify_ns_targets(const struct server *s, size_t zone,
    struct conf_notify *out, size_t max, int *more);

/* Recompute the NS-derived peers of every zone with notify-ns: yes. */
void notifier_ns_refresh_all(struct notifier *n);

/* notify_send.c: set zone's NS-derived peers; 0 or RD_ENOMEM. */
int notifier_ns_set(struct notifier *n, size_t zone,
    const struct conf_notify *want, size_t nwant);

/* notify_send.c: the server the notifier belongs to. */
struct server *notifier_server(const struct notifier *n);

#endif
