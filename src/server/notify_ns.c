/*
 * notify_ns: the apex NS hosts of a zone as NOTIFY targets (notify-ns:).
 *
 * RFC 1996 §3.6: a primary notifies "the servers named in the NS RRset
 * except the one in the SOA MNAME field" (and any it is configured with).
 * BIND does this with `notify yes` (its default), only the also-notify
 * list with `notify explicit`; Knot and NSD notify only the addresses
 * they are configured with. radixd follows Knot and NSD by default
 * (notify-ns: no) and BIND's `notify yes` when asked.
 *
 * A host's addresses are the A and AAAA records our own zones hold for
 * its name (in the zone itself, as glue, or in another zone we serve):
 * main never resolves names, so it never blocks. Such NOTIFYs are sent
 * unsigned, as BIND sends them unless a server clause names a key for
 * that address: a key meant for the notify: secondaries would make
 * every other NS host answer NOTAUTH. A secondary that wants signed
 * NOTIFYs is listed in notify: with its key; that entry then replaces
 * the NS-derived one for the same address and port.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "server/conf.h"
#include "server/log.h"
#include "server/notify_ns.h"
#include "server/notify_send.h"
#include "server/server.h"
#include "server/xfrout.h"

/* Same address family, address and port. */
static int
nsn_same(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;
	const struct sockaddr_in *b4 = (const struct sockaddr_in *)b;
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in6 *b6 = (const struct sockaddr_in6 *)b;

	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	       memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) == 0;
}

/* 1 when addr is a notify: target of the zone, a listen address or in out. */
static int
nsn_known(const struct server *s, const struct conf_zone *cz,
    const struct sockaddr_storage *addr, const struct conf_notify *out,
    size_t n)
{
	size_t i;

	for (i = 0; i < cz->nnotify; i++)
		if (nsn_same(&cz->notify[i].addr, addr))
			return 1;
	/* Not ourselves: our own answer would be a REFUSED to log. */
	for (i = 0; i < s->conf.nlisten; i++)
		if (nsn_same(&s->conf.listen[i].addr, addr))
			return 1;
	for (i = 0; i < n; i++)
		if (nsn_same(&out[i].addr, addr))
			return 1;
	return 0;
}

/* One A (4 octets) or AAAA (16) rdata as a target at port, in t. */
static void
nsn_addr(struct conf_notify *t, const uint8_t *rd, uint16_t rdlen,
    uint16_t port, const uint8_t *host)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&t->addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&t->addr;
	char addr[64], hname[NAME_MAXTEXT], full[64 + NAME_MAXTEXT + 8];
	size_t len;

	memset(t, 0, sizeof(*t));
	if (rdlen == 4) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		memcpy(&a4->sin_addr, rd, 4);
		t->addrlen = sizeof(*a4);
	} else {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		memcpy(&a6->sin6_addr, rd, 16);
		t->addrlen = sizeof(*a6);
	}
	xfrout_addr_text((const struct sockaddr *)&t->addr, addr, sizeof(addr));
	if (name_to_text(host, hname, sizeof(hname)) < 0)
		snprintf(hname, sizeof(hname), "?");
	/* Cut to the room in text; the address comes first and stays whole. */
	snprintf(full, sizeof(full), "%s (NS %s)", addr, hname);
	len = strlen(full);
	if (len >= sizeof(t->text))
		len = sizeof(t->text) - 1;
	memcpy(t->text, full, len);
	t->text[len] = '\0';
	t->key = NULL;
}

/* Add host's addresses to out[*n..max); *more when one did not fit. */
static void
nsn_host(const struct server *s, const struct conf_zone *cz,
    const uint8_t *host, struct conf_notify *out, size_t *n, size_t max,
    int *more)
{
	static const uint16_t types[2] = {RRTYPE_A, RRTYPE_AAAA};
	struct conf_notify t;
	const struct rrset *rs;
	const struct znode *node;
	const uint8_t *p;
	struct zone *hz;
	char hname[NAME_MAXTEXT];
	uint16_t len;
	int k;

	node = zonedb_node(s->db, host, &hz);
	if (node == NULL) {
		if (name_to_text(host, hname, sizeof(hname)) < 0)
			snprintf(hname, sizeof(hname), "?");
		log_debug("zone %s: NS host %s has no address in our zones; "
			  "not notified (notify-ns: only uses addresses we "
			  "serve)",
		    cz->name, hname);
		return;
	}
	for (k = 0; k < 2; k++) {
		if ((rs = znode_rrset(node, types[k])) == NULL)
			continue;
		RRSET_FOREACH(rs, p)
		{
			len = (uint16_t)((p[0] << 8) | p[1]);
			if (len != (types[k] == RRTYPE_A ? 4 : 16))
				continue;
			nsn_addr(&t, p + 2, len, cz->notify_ns_port, host);
			if (nsn_known(s, cz, &t.addr, out, *n))
				continue;
			if (*n == max) {
				*more = 1;
				return;
			}
			out[(*n)++] = t;
		}
	}
}

size_t
notify_ns_targets(const struct server *s, size_t zone, struct conf_notify *out,
    size_t max, int *more)
{
	const struct conf_zone *cz = &s->conf.zones[zone];
	const struct zone *z;
	const struct rrset *ns, *soa;
	const uint8_t *p;
	size_t n = 0;

	*more = 0;
	if (s->zones == NULL || s->db == NULL ||
	    (z = s->zones[zone].zone) == NULL || z->apex == NULL)
		return 0;
	ns = znode_rrset(z->apex, RRTYPE_NS);
	soa = znode_rrset(z->apex, RRTYPE_SOA);
	if (ns == NULL)
		return 0;
	RRSET_FOREACH(ns, p)
	{
		/* RFC 1996 §3.6: not the primary the SOA MNAME names. */
		if (soa != NULL && soa->count > 0 &&
		    name_equal(p + 2, soa->data + 2))
			continue;
		nsn_host(s, cz, p + 2, out, &n, max, more);
	}
	return n;
}

void
notifier_ns_refresh_all(struct notifier *n)
{
	struct conf_notify want[NOTIFY_NS_MAX];
	const struct server *s = notifier_server(n);
	size_t i, k;
	int more;

	for (i = 0; i < s->conf.nzones; i++) {
		if (!s->conf.zones[i].notify_ns)
			continue;
		k = notify_ns_targets(s, i, want, NOTIFY_NS_MAX, &more);
		if (more)
			log_warn("zone %s: its NS hosts have more than %d "
				 "addresses; only the first %d are notified",
			    s->conf.zones[i].name, NOTIFY_NS_MAX,
			    NOTIFY_NS_MAX);
		if (notifier_ns_set(n, i, want, k) != 0)
			log_err("zone %s: out of memory for the NOTIFY targets "
				"of its NS hosts; some are not notified",
			    s->conf.zones[i].name);
	}
}
