/*
 * notify_send: NOTIFY out (RFC 1996) from main, and the replication view
 * of issue 5 point 4.
 *
 * One peer entry per (zone, notify: target). A new serial puts the entry in
 * state NOTIFY: the NOTIFY is sent (NS_FIRST_DELAY later), sent again
 * after waits of 1, 2, 4 and 8 seconds, and given up 16 seconds after the
 * fifth (RFC 1996 §3.6 asks for retransmission with a bounded count),
 * unless a response with our id and question comes first. Then
 * the entry polls the secondary's SOA (same back-off, capped at 30 s,
 * bounded count) until it serves our serial or a newer one, and logs when
 * it caught up. Everything goes through one non-blocking UDP socket
 * (IPv6 with IPv4-mapped addresses, or IPv4 alone) and a timer main's
 * loop honours: nothing here blocks.
 *
 * With notify-ns: yes a zone has more peers than its notify: lines: one
 * per address of its apex NS hosts (notify_ns.c computes them), added and
 * dropped as the zone's NS RRset and those hosts' addresses change.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/notify.h"
#include "dns/pkt.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "dns/zone.h"
#include "server/log.h"
#include "server/notify_send.h"
#include "server/notify_ns.h"
#include "server/server.h"
#include "server/xfrout.h"

/* NOTIFY sends at most, with waits of 1, 2, 4, 8 and 16 s after them. */
#define NS_NOTIFY_TRIES 5
/* SOA queries at most, waits from 1 s doubling up to NS_POLL_WAIT_MAX. */
#define NS_POLL_TRIES 20
#define NS_POLL_WAIT_MAX 30000
#define NS_BUF 4096
/* SOA queries that find the secondary behind before it is notified again. */
#define NS_RENOTIFY_AFTER 3
#define NS_RENOTIFY_MAX 2
/*
 * The first NOTIFY waits this long: main calls notifier_zone_changed when
 * the diff is sent to the workers, and a secondary that asks at once could
 * reach a worker that has not applied it yet.
 */
#define NS_FIRST_DELAY 100

enum ns_state {
	NS_IDLE = 0,
	NS_NOTIFY,
	NS_POLL,
};

struct ns_peer {
	size_t zone;   /* index in s->conf.zones */
	size_t target; /* index in the zone's notify list, unless from_ns */
	int from_ns;   /* an apex NS host's address (notify-ns:) */
	int keep;      /* notifier_ns_refresh: still a target */
	struct conf_notify nsaddr; /* from_ns: its address, unsigned */
	enum ns_state state;
	uint32_t serial;     /* the serial we announce */
	uint16_t id;	     /* of the message in flight */
	unsigned tries;	     /* sent so far in this state */
	unsigned renotified; /* NOTIFYs sent again for a secondary behind */
	int64_t next_ms;     /* when to send again or give up */
	int64_t start_ms;    /* when the serial was announced */
	struct tsig_ctx tsig;
	struct notifier_status st;
};

struct notifier {
	struct server *s;
	int fd;
	int v6; /* fd is AF_INET6 (IPv4 targets as mapped addresses) */
	struct ns_peer *peers;
	size_t npeers, cap;
};

static int64_t
ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint16_t
ns_id(void)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id))
		id = (uint16_t)(ns_now() ^ getpid());
	return id;
}

static const struct conf_notify *
ns_target(const struct notifier *n, const struct ns_peer *p)
{
	if (p->from_ns)
		return &p->nsaddr;
	return &n->s->conf.zones[p->zone].notify[p->target];
}

static int
ns_socket(struct notifier *n)
{
	int off = 0;

	n->fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (n->fd >= 0 && setsockopt(n->fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
			      sizeof(off)) == 0) {
		n->v6 = 1;
		return 0;
	}
	if (n->fd >= 0)
		close(n->fd);
	n->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	return n->fd < 0 ? -1 : 0;
}

struct notifier *
notifier_new(struct server *s)
{
	struct notifier *n;
	size_t i, j, k = 0;

	if ((n = calloc(1, sizeof(*n))) == NULL) {
		log_err("notify: out of memory");
		return NULL;
	}
	n->s = s;
	n->fd = -1;
	for (i = 0; i < s->conf.nzones; i++) {
		n->npeers += s->conf.zones[i].nnotify;
		k += s->conf.zones[i].notify_ns;
	}
	if (n->npeers == 0 && k == 0)
		return n;
	n->cap = n->npeers > 0 ? n->npeers : 1;
	if ((n->peers = calloc(n->cap, sizeof(*n->peers))) == NULL ||
	    ns_socket(n) != 0) {
		log_err(
		    "notify: cannot open a UDP socket: %s", strerror(errno));
		free(n->peers);
		free(n);
		return NULL;
	}
	for (i = 0, k = 0; i < s->conf.nzones; i++) {
		for (j = 0; j < s->conf.zones[i].nnotify; j++, k++) {
			n->peers[k].zone = i;
			n->peers[k].target = j;
			tsig_ctx_init(&n->peers[k].tsig);
		}
	}
	notifier_ns_refresh_all(n);
	return n;
}

static int ns_from(const struct notifier *n, const struct ns_peer *p,
    const struct sockaddr_storage *from);

/*
 * Make zone's apex-NS peers the addresses in want[0..nwant) (notify_ns.c
 * computed them): a peer still wanted keeps its state, a new one starts
 * idle, one no longer wanted goes. 0, or RD_ENOMEM (nothing added then).
 */
int
notifier_ns_set(struct notifier *n, size_t zone, const struct conf_notify *want,
    size_t nwant)
{
	struct ns_peer *p, *v;
	size_t i, k, j = 0;

	for (i = 0; i < n->npeers; i++)
		n->peers[i].keep =
		    !n->peers[i].from_ns || n->peers[i].zone != zone;
	for (k = 0; k < nwant; k++) {
		for (i = 0; i < n->npeers; i++) {
			p = &n->peers[i];
			if (p->from_ns && p->zone == zone &&
			    ns_from(n, p, &want[k].addr)) {
				p->keep = 1;
				p->nsaddr = want[k];
				break;
			}
		}
		if (i < n->npeers)
			continue;
		if (n->npeers == n->cap) {
			v = reallocarray(n->peers, n->cap * 2, sizeof(*v));
			if (v == NULL)
				return RD_ENOMEM;
			n->peers = v;
			n->cap *= 2;
		}
		p = &n->peers[n->npeers++];
		memset(p, 0, sizeof(*p));
		p->zone = zone;
		p->from_ns = 1;
		p->keep = 1;
		p->nsaddr = want[k];
		tsig_ctx_init(&p->tsig);
		log_info("zone %s: NOTIFY target %s added (notify-ns)",
		    n->s->conf.zones[zone].name, p->nsaddr.text);
	}
	for (i = 0; i < n->npeers; i++) {
		p = &n->peers[i];
		if (!p->keep) {
			log_info("zone %s: NOTIFY target %s dropped: no longer "
				 "an address of an apex NS host",
			    n->s->conf.zones[zone].name, p->nsaddr.text);
			tsig_ctx_clear(&p->tsig);
			continue;
		}
		if (j != i)
			n->peers[j] = *p;
		j++;
	}
	n->npeers = j;
	return 0;
}

/* Number of targets zone's NOTIFYs go to now (notify: and notify-ns:). */
size_t
notifier_zone_targets(const struct notifier *n, size_t zone)
{
	size_t i, c = 0;

	for (i = 0; i < n->npeers; i++)
		c += n->peers[i].zone == zone;
	return c;
}

struct server *
notifier_server(const struct notifier *n)
{
	return n->s;
}

void
notifier_free(struct notifier *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->npeers; i++)
		tsig_ctx_clear(&n->peers[i].tsig);
	if (n->fd >= 0)
		close(n->fd);
	free(n->peers);
	free(n);
}

int
notifier_fd(const struct notifier *n)
{
	return n->fd;
}

/* Send buf to the peer's address (mapped to IPv6 when the socket is). */
static void
ns_send(
    struct notifier *n, const struct ns_peer *p, const uint8_t *buf, size_t len)
{
	const struct conf_notify *t = ns_target(n, p);
	struct sockaddr_in6 m;
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)&t->addr;
	const struct sockaddr *sa = (const struct sockaddr *)&t->addr;
	socklen_t sl = t->addrlen;

	if (n->v6 && t->addr.ss_family == AF_INET) {
		memset(&m, 0, sizeof(m));
		m.sin6_family = AF_INET6;
		m.sin6_port = a4->sin_port;
		m.sin6_addr.s6_addr[10] = 0xff;
		m.sin6_addr.s6_addr[11] = 0xff;
		memcpy(&m.sin6_addr.s6_addr[12], &a4->sin_addr, 4);
		sa = (const struct sockaddr *)&m;
		sl = sizeof(m);
	}
	if (sendto(n->fd, buf, len, 0, sa, sl) < 0)
		log_debug("notify: send to %s: %s", t->text, strerror(errno));
}

static void
ns_zone_text(const struct notifier *n, const struct ns_peer *p, char *out)
{
	snprintf(out, NAME_MAXTEXT, "%s", n->s->conf.zones[p->zone].name);
}

/* Send the NOTIFY (RFC 1996 §3.7), signed when the target names a key. */
static void
ns_send_notify(struct notifier *n, struct ns_peer *p)
{
	const struct conf_notify *t = ns_target(n, p);
	const struct conf_zone *cz = &n->s->conf.zones[p->zone];
	const struct zone *z =
	    n->s->zones != NULL ? n->s->zones[p->zone].zone : NULL;
	const struct rrset *soa = NULL;
	uint8_t buf[NS_BUF];
	size_t len;
	int r;

	if (z != NULL && z->apex != NULL)
		soa = znode_rrset(z->apex, RRTYPE_SOA);
	/* RFC 1996 §3.7: our SOA in the answer section, as a hint. */
	if (soa != NULL && soa->count == 1 && z->serial == p->serial)
		r = notify_build(buf, sizeof(buf), p->id, cz->origin, 1,
		    soa->ttl, soa->data + 2,
		    (uint16_t)((soa->data[0] << 8) | soa->data[1]));
	else
		r = notify_build(
		    buf, sizeof(buf), p->id, cz->origin, 1, 0, NULL, 0);
	if (r < 0)
		return;
	len = (size_t)r;
	if (t->key != NULL && tsig_sign_request(&p->tsig, t->key, buf, &len,
				  sizeof(buf), (uint64_t)time(NULL)) != 0)
		return;
	ns_send(n, p, buf, len);
}

static void
ns_send_poll(struct notifier *n, struct ns_peer *p)
{
	const struct conf_zone *cz = &n->s->conf.zones[p->zone];
	uint8_t buf[NS_BUF];
	int r;

	r = notify_soa_query(buf, sizeof(buf), p->id, cz->origin, 1);
	if (r > 0)
		ns_send(n, p, buf, (size_t)r);
}

/* Wait before the next try: 1 s doubled per try, capped. */
static int64_t
ns_backoff(unsigned tries, int64_t cap)
{
	int64_t w = 1000;

	while (tries-- > 1 && w < cap)
		w *= 2;
	return w < cap ? w : cap;
}

static void
ns_start_poll(struct notifier *n, struct ns_peer *p, int64_t now)
{
	(void)n;
	p->state = NS_POLL;
	p->tries = 0;
	p->next_ms = now;
}

static void
ns_peer_tick(struct notifier *n, struct ns_peer *p, int64_t now)
{
	const struct conf_notify *t = ns_target(n, p);
	char zone[NAME_MAXTEXT];

	if (p->state == NS_IDLE || p->next_ms > now)
		return;
	ns_zone_text(n, p, zone);
	if (p->state == NS_NOTIFY && p->tries >= NS_NOTIFY_TRIES) {
		log_warn("zone %s: NOTIFY for serial %u to %s given up after "
			 "%u tries",
		    zone, p->serial, t->text, p->tries);
		p->st.notify_result = NOTIFIER_GIVEN_UP;
		p->state = NS_IDLE;
		return;
	}
	if (p->state == NS_POLL && p->tries >= NS_POLL_TRIES) {
		log_warn("zone %s: secondary %s still serves serial %u, not "
			 "%u, after %u SOA queries; given up watching",
		    zone, t->text, p->st.seen_serial, p->serial, p->tries);
		p->state = NS_IDLE;
		return;
	}
	p->id = ns_id();
	p->tries++;
	if (p->state == NS_NOTIFY) {
		ns_send_notify(n, p);
		p->next_ms = now + ns_backoff(p->tries, 16000);
	} else {
		ns_send_poll(n, p);
		p->next_ms = now + ns_backoff(p->tries, NS_POLL_WAIT_MAX);
	}
}

void
notifier_tick(struct notifier *n)
{
	int64_t now = ns_now();
	size_t i;

	for (i = 0; i < n->npeers; i++)
		ns_peer_tick(n, &n->peers[i], now);
}

int
notifier_timeout_ms(const struct notifier *n)
{
	int64_t now = ns_now(), best = -1, d;
	size_t i;

	for (i = 0; i < n->npeers; i++) {
		if (n->peers[i].state == NS_IDLE)
			continue;
		d = n->peers[i].next_ms - now;
		if (d < 0)
			d = 0;
		if (best < 0 || d < best)
			best = d;
	}
	return (int)best;
}

void
notifier_zone_changed(struct notifier *n, size_t zone_index, uint32_t serial)
{
	int64_t now = ns_now();
	size_t i;

	/* The NS RRset or a host's address may have changed (RFC 1996 §3.6). */
	notifier_ns_refresh_all(n);
	for (i = 0; i < n->npeers; i++) {
		struct ns_peer *p = &n->peers[i];

		if (p->zone != zone_index)
			continue;
		p->state = NS_NOTIFY;
		p->serial = serial;
		p->tries = 0;
		p->renotified = 0;
		p->next_ms = now + NS_FIRST_DELAY;
		p->start_ms = now;
		p->st.serial = serial;
		p->st.notified_at = time(NULL);
		p->st.notify_result = NOTIFIER_PENDING;
		p->st.caught_up = 0;
	}
	notifier_tick(n);
}

/* Same address and port as the peer's target (IPv4-mapped counts). */
static int
ns_from(const struct notifier *n, const struct ns_peer *p,
    const struct sockaddr_storage *from)
{
	const struct conf_notify *t = ns_target(n, p);
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)&t->addr;
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)&t->addr;
	const struct sockaddr_in *f4 = (const struct sockaddr_in *)from;
	const struct sockaddr_in6 *f6 = (const struct sockaddr_in6 *)from;

	if (t->addr.ss_family == AF_INET && from->ss_family == AF_INET)
		return a4->sin_port == f4->sin_port &&
		       a4->sin_addr.s_addr == f4->sin_addr.s_addr;
	if (t->addr.ss_family == AF_INET && from->ss_family == AF_INET6)
		return a4->sin_port == f6->sin6_port &&
		       IN6_IS_ADDR_V4MAPPED(&f6->sin6_addr) &&
		       memcmp(&f6->sin6_addr.s6_addr[12], &a4->sin_addr, 4) ==
			   0;
	if (t->addr.ss_family == AF_INET6 && from->ss_family == AF_INET6)
		return a6->sin6_port == f6->sin6_port &&
		       memcmp(&a6->sin6_addr, &f6->sin6_addr, 16) == 0;
	return 0;
}

static void
ns_notify_answer(struct notifier *n, struct ns_peer *p, const uint8_t *buf,
    size_t len, const struct notify_msg *m, int64_t now)
{
	const struct conf_notify *t = ns_target(n, p);
	char zone[NAME_MAXTEXT];
	int rc = 0;

	ns_zone_text(n, p, zone);
	if (t->key != NULL && (rc = tsig_verify_reply(&p->tsig, buf, len,
				   (uint64_t)time(NULL))) != 0) {
		log_warn("zone %s: answer to NOTIFY from %s fails TSIG (%s); "
			 "ignored",
		    zone, t->text, tsig_error_name(rc));
		return;
	}
	if (m->rcode != PKT_RCODE_NOERROR) {
		log_warn("zone %s: NOTIFY for serial %u to %s answered with "
			 "rcode %u; not retried",
		    zone, p->serial, t->text, m->rcode);
		p->st.notify_result = NOTIFIER_REFUSED;
		p->state = NS_IDLE;
		return;
	}
	log_notice("zone %s: NOTIFY for serial %u to %s acknowledged", zone,
	    p->serial, t->text);
	p->st.notify_result = NOTIFIER_ACKED;
	ns_start_poll(n, p, now);
}

static void
ns_poll_answer(struct notifier *n, struct ns_peer *p,
    const struct notify_msg *m, int64_t now)
{
	const struct conf_notify *t = ns_target(n, p);
	char zone[NAME_MAXTEXT];

	if (m->rcode != PKT_RCODE_NOERROR || !m->has_serial)
		return;
	p->st.seen_serial = m->serial;
	p->st.seen_at = time(NULL);
	p->st.has_seen = 1;
	ns_zone_text(n, p, zone);
	/* RFC 1982 serial arithmetic: ours or newer is caught up. */
	if (m->serial != p->serial && (int32_t)(m->serial - p->serial) < 0) {
		/*
		 * Behind after a few queries: it may have pulled an older
		 * version while ours was coming; tell it again.
		 */
		if (p->tries >= NS_RENOTIFY_AFTER &&
		    p->renotified < NS_RENOTIFY_MAX) {
			log_info("zone %s: secondary %s still serves serial "
				 "%u; NOTIFY for %u sent again",
			    zone, t->text, m->serial, p->serial);
			p->renotified++;
			p->state = NS_NOTIFY;
			p->tries = 0;
			p->next_ms = now;
		}
		return;
	}
	p->st.caught_up = 1;
	p->st.caught_up_at = p->st.seen_at;
	p->st.lag_ms = (uint32_t)(now - p->start_ms);
	log_notice("zone %s: secondary %s serves serial %u (caught up after "
		   "%.1f s)",
	    zone, t->text, m->serial, (now - p->start_ms) / 1000.0);
	p->state = NS_IDLE;
}

void
notifier_readable(struct notifier *n)
{
	struct sockaddr_storage from;
	struct notify_msg m;
	uint8_t buf[NS_BUF];
	int64_t now = ns_now();
	socklen_t sl;
	ssize_t len;
	size_t i;

	for (;;) {
		sl = sizeof(from);
		len = recvfrom(
		    n->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &sl);
		if (len < 0)
			return;
		for (i = 0; i < n->npeers; i++) {
			struct ns_peer *p = &n->peers[i];
			const uint8_t *zone = n->s->conf.zones[p->zone].origin;

			if (p->state == NS_IDLE || !ns_from(n, p, &from))
				continue;
			if (p->state == NS_NOTIFY &&
			    notify_parse_response(
				buf, (size_t)len, p->id, zone, &m) == 0) {
				ns_notify_answer(
				    n, p, buf, (size_t)len, &m, now);
				break;
			}
			if (p->state == NS_POLL &&
			    notify_parse_soa_answer(
				buf, (size_t)len, p->id, zone, &m) == 0) {
				ns_poll_answer(n, p, &m, now);
				break;
			}
		}
	}
}

size_t
notifier_count(const struct notifier *n)
{
	return n->npeers;
}

int
notifier_status(const struct notifier *n, size_t i, struct notifier_status *out)
{
	const struct ns_peer *p;

	if (i >= n->npeers)
		return RD_ENOTFOUND;
	p = &n->peers[i];
	*out = p->st;
	out->zone = p->zone;
	out->target = ns_target(n, p)->text;
	out->watching = p->state != NS_IDLE;
	return 0;
}
