/*
 * writer: the single writer. Every UPDATE goes through writer_run in main:
 *
 *	drain every worker's socket (group commit: all that is queued now)
 *	for each UPDATE: zone, TSIG, policy, update_process -> diff,
 *	    jnl_append, then diff_apply to main's tree
 *	jnl_sync once per journal touched
 *	IPC_DIFF to every worker; the replies wait for every worker's IPC_ACK
 *
 * The journal comes before the tree: a diff that could not be appended
 * (journal full, disk full) leaves the tree untouched and is answered
 * SERVFAIL. A failed fdatasync is fatal (the journal's state is unknown):
 * main exits and the next start replays what the disk kept; nothing was
 * acknowledged.
 */
#include "config.h"

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/acl.h"
#include "dns/diff.h"
#include "dns/journal.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/tsig.h"
#include "dns/update.h"
#include "dns/zone.h"
#include "server/ipc.h"
#include "server/log.h"
#include "server/loglimit.h"
#include "server/notify_send.h"
#include "server/server.h"
#include "server/stats.h"
#include "server/writer.h"

#define WRITER_RENEW 1000 /* diffs before workers are forked again */
#define RCODE_FORMERR 1
#define RCODE_SERVFAIL 2
#define RCODE_REFUSED 5
#define RCODE_NOTAUTH 9

/* A retired worker's channel, read until the worker exits. */
struct wretired {
	int pid;
	int fd;
};

/*
 * A reply waiting until every worker acked seq. seq is known (numbered)
 * only after the round's sync; until then the reply must not go out.
 */
struct wpend {
	uint32_t seq;
	int numbered;
	struct ipc_route route;
	size_t len;
	uint8_t *msg;
};

/*
 * A NOTIFY to send once every worker has applied diff seq: a secondary that
 * asks at once must not reach a worker still one version behind.
 */
struct wnotify {
	size_t zone;
	uint32_t serial;
	uint32_t seq;
};

/* A diff committed in this round, waiting for the sync and broadcast. */
struct wdiff {
	size_t zone;
	uint32_t serial;
	uint8_t *ser;
	size_t len;
};

struct writer {
	struct server *s;
	uint8_t *buf;	/* IPC receive buffer */
	uint8_t *out;	/* reply being built */
	uint32_t seq;	/* last diff sent to the workers */
	unsigned since; /* diffs since the workers were forked */
	struct wpend *pend;
	size_t npend, cappend;
	struct wdiff *diffs;
	size_t ndiffs, capdiffs;
	struct wnotify *notes;
	size_t nnotes, capnotes;
	int *dirty; /* per zone: appended since the last sync */
	struct wretired *old;
	size_t nold;
	struct diff d;
	struct loglimit *jlim; /* per zone: journal refusals, logged once */
	char **jwhat;	       /* their names, for the count lines */
	struct loglimit *rlim; /* per zone: max-records: refusals */
	char **rwhat;
	struct loglimit slim; /* UPDATEs over update-max-size: */
};

/* Update policy callback context: who asks, and why a refusal. */
struct wpolicy {
	const struct acl *acl;
	const struct sockaddr *src;
	const uint8_t *keyname;
	char why[256];
};

struct writer *
writer_new(struct server *s)
{
	struct writer *w;
	size_t i;

	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	w->s = s;
	w->buf = malloc(IPC_HDRLEN + IPC_MAX);
	w->out = malloc(IPC_BUF);
	w->dirty = calloc(s->conf.nzones + 1, sizeof(int));
	w->jlim = calloc(s->conf.nzones + 1, sizeof(*w->jlim));
	w->jwhat = calloc(s->conf.nzones + 1, sizeof(*w->jwhat));
	w->rlim = calloc(s->conf.nzones + 1, sizeof(*w->rlim));
	w->rwhat = calloc(s->conf.nzones + 1, sizeof(*w->rwhat));
	diff_init(&w->d);
	if (w->buf == NULL || w->out == NULL || w->dirty == NULL ||
	    w->jlim == NULL || w->jwhat == NULL || w->rlim == NULL ||
	    w->rwhat == NULL) {
		writer_free(w);
		return NULL;
	}
	for (i = 0; i < s->conf.nzones; i++) {
		if (asprintf(&w->jwhat[i], "zone %s: updates refused",
			s->conf.zones[i].name) < 0)
			w->jwhat[i] = NULL;
		if (asprintf(&w->rwhat[i],
			"zone %s: updates refused by max-records",
			s->conf.zones[i].name) < 0)
			w->rwhat[i] = NULL;
		if (w->jwhat[i] == NULL || w->rwhat[i] == NULL) {
			writer_free(w);
			return NULL;
		}
		loglimit_init(
		    &w->jlim[i], w->jwhat[i], s->conf.limit_log_interval);
		loglimit_init(
		    &w->rlim[i], w->rwhat[i], s->conf.limit_log_interval);
	}
	loglimit_init(&w->slim, "updates refused by update-max-size",
	    s->conf.limit_log_interval);
	return w;
}

void
writer_free(struct writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->npend; i++)
		free(w->pend[i].msg);
	for (i = 0; i < w->ndiffs; i++)
		free(w->diffs[i].ser);
	for (i = 0; i < w->nold; i++)
		close(w->old[i].fd);
	free(w->old);
	free(w->pend);
	free(w->diffs);
	free(w->notes);
	free(w->dirty);
	for (i = 0; w->jwhat != NULL && i < w->s->conf.nzones; i++)
		free(w->jwhat[i]);
	for (i = 0; w->rwhat != NULL && i < w->s->conf.nzones; i++)
		free(w->rwhat[i]);
	free(w->jwhat);
	free(w->jlim);
	free(w->rwhat);
	free(w->rlim);
	free(w->buf);
	free(w->out);
	diff_free(&w->d);
	free(w);
}

void
writer_forked(struct writer *w, unsigned k)
{
	w->s->slots[k].acked = w->seq;
	w->since = 0;
}

int
writer_want_renew(const struct writer *w)
{
	return w->since >= WRITER_RENEW && w->npend == 0;
}

/* The client's address as text, for log lines. */
static const char *
writer_addr(const struct ipc_route *r, char *buf, size_t len)
{
	const struct sockaddr_in *s4 = (const void *)&r->src;
	const struct sockaddr_in6 *s6 = (const void *)&r->src;

	if (r->src.ss_family == AF_INET)
		inet_ntop(AF_INET, &s4->sin_addr, buf, len);
	else if (r->src.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &s6->sin6_addr, buf, len);
	else
		snprintf(buf, len, "?");
	return buf;
}

/* update_allow_cb: RFC 2136 §3.3, the zone's allow-update: rules. */
static int
writer_allow(void *ctx, const uint8_t *name, uint16_t type, uint16_t rclass)
{
	struct wpolicy *p = ctx;

	(void)rclass;
	return acl_update_allowed(
	    p->acl, p->src, p->keyname, name, type, p->why, sizeof(p->why));
}

static struct zslot *
writer_zone(struct server *s, const uint8_t *zname, size_t *idx)
{
	size_t i;

	for (i = 0; i < s->conf.nzones; i++) {
		if (s->zones[i].zone != NULL &&
		    name_equal(s->conf.zones[i].origin, zname)) {
			*idx = i;
			return &s->zones[i];
		}
	}
	return NULL;
}

/* Keep the serialized diff of zone i for the broadcast after the sync. */
static int
writer_keep_diff(struct writer *w, size_t i, const struct diff *d)
{
	struct wdiff *v;
	size_t len = diff_serialized_len(d);

	if (w->ndiffs == w->capdiffs) {
		v = reallocarray(w->diffs, w->capdiffs * 2 + 8, sizeof(*v));
		if (v == NULL)
			return RD_ENOMEM;
		w->diffs = v;
		w->capdiffs = w->capdiffs * 2 + 8;
	}
	v = &w->diffs[w->ndiffs];
	v->ser = malloc(len);
	if (v->ser == NULL)
		return RD_ENOMEM;
	if (diff_serialize(d, v->ser, len) < 0) {
		free(v->ser);
		return RD_ENOMEM;
	}
	v->len = len;
	v->zone = i;
	v->serial = d->serial_to;
	w->ndiffs++;
	return 0;
}

/*
 * Journal (without sync) and apply d to zone slot i; keep it for the
 * broadcast when keep. 0 or a negative RD_E* code: the tree is unchanged.
 */
static int
writer_append(struct writer *w, size_t i, const struct diff *d, int keep)
{
	struct zslot *zs = &w->s->zones[i];
	int rc;

	if (zs->jnl == NULL)
		return RD_EINVAL;
	/* Journal first: a diff that is not there is not applied. */
	rc = jnl_append(zs->jnl, d);
	if (rc != 0) {
		/* Once per limit-log-interval: a client may retry in a loop. */
		loglimit_log(&w->jlim[i], loglimit_now(), LOG_LVL_ERR,
		    "zone %s: journal %s: %s; update refused (SERVFAIL), "
		    "zone unchanged%s",
		    zs->cz->name, zs->cz->journal, rd_strerror(rc),
		    rc == RD_ELIMIT ? "; raise journal-size: or lower "
				      "zonefile-sync:"
				    : "; free disk space");
		return rc;
	}
	rc = diff_apply(zs->zone, d);
	if (rc != 0)
		fatal("zone %s: a journalled diff does not apply to the tree "
		      "(%s); restart to replay the journal",
		    zs->cz->name, rd_strerror(rc));
	w->dirty[i] = 1;
	w->since++;
	if (keep && writer_keep_diff(w, i, d) != 0)
		fatal("out of memory keeping a diff for the workers");
	return 0;
}

/*
 * The checks before update_process: the zone takes updates, is not
 * signed, and the requester passes allow-update. Returns 0 or the rcode.
 */
static int
writer_admit(struct zslot *zs, const struct ipc_route *r,
    const uint8_t *keyname, const char *kname)
{
	char addr[64], why[256];

	/* A stopped zone takes no update (Knot: SERVFAIL, as for a query). */
	if (zs->stopped) {
		log_notice("zone %s: update from %s key %s refused (SERVFAIL): "
			   "the zone is stopped, its journal %s is damaged; "
			   "the error at start or reload says how to recover",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname,
		    zs->cz->journal);
		return RCODE_SERVFAIL;
	}
	if (zs->jnl == NULL) {
		log_notice("zone %s: update from %s key %s refused: the zone "
			   "has no allow-update:",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname);
		stats_count(STATS_UPD_POLICY);
		return RCODE_REFUSED;
	}
	if (zs->frozen) {
		log_notice("zone %s: update from %s key %s refused: the zone "
			   "is frozen; radixctl thaw %s lets updates in again",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname,
		    zs->cz->name);
		stats_count(STATS_UPD_FROZEN);
		return RCODE_REFUSED;
	}
	if (zone_is_signed(zs->zone)) {
		log_notice("zone %s: update from %s refused: the zone is "
			   "signed and online signing does not exist yet",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)));
		stats_count(STATS_UPD_POLICY);
		return RCODE_REFUSED;
	}
	if (!acl_check(&zs->cz->acl_update, (const struct sockaddr *)&r->src,
		keyname, why, sizeof(why))) {
		log_notice("zone %s: update from %s key %s refused: %s",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname,
		    why);
		stats_count(STATS_UPD_POLICY);
		return RCODE_REFUSED;
	}
	return 0;
}

/*
 * Issue 7 point 4, max-records: (BIND's option): the diff d of an UPDATE
 * must not grow zone slot i above the limit. Checked before the journal,
 * so a refused update leaves nothing behind. The count after d is exact:
 * diff_apply removes only RRs that are present and adds only absent ones.
 * Returns 0, or SERVFAIL, the rcode BIND answers with (its nsupdate
 * system test expects "update failed: SERVFAIL" for max-records).
 */
static int
writer_max_records(struct writer *w, size_t i, const struct diff *d,
    const struct ipc_route *r, const char *kname)
{
	struct zslot *zs = &w->s->zones[i];
	size_t max = zs->cz->max_records, n;
	char addr[64];

	/* An update that does not grow the zone is never refused. */
	n = zs->zone->nrecords + d->nadded - d->nremoved;
	if (max == 0 || n <= max || d->nadded <= d->nremoved)
		return 0;
	loglimit_log(&w->rlim[i], loglimit_now(), LOG_LVL_ERR,
	    "zone %s: update from %s key %s refused (SERVFAIL): it would "
	    "take the zone from %zu to %zu records, over max-records: %zu; "
	    "nothing applied. Delete records first, or raise max-records: "
	    "in the zone's block and restart",
	    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname,
	    zs->zone->nrecords, n, max);
	return RCODE_SERVFAIL;
}

/* RFC 2136 §3 in main's tree: the rcode of the update msg. */
static int
writer_process(struct writer *w, const struct ipc_route *r, const uint8_t *msg,
    size_t len, const struct tsig_ctx *tc)
{
	uint8_t zname[NAME_MAXLEN];
	const uint8_t *keyname = NULL;
	struct update_opts o;
	struct wpolicy pol;
	struct zslot *zs;
	uint16_t zclass;
	uint32_t from;
	char addr[64], kname[NAME_MAXTEXT] = "none";
	size_t i;
	int rc;

	if (update_zone(msg, len, zname, &zclass) != 0) {
		stats_count(STATS_UPD_FORMERR);
		return RCODE_FORMERR;
	}
	if (tc->state == TSIG_S_REQUEST) {
		keyname = tc->key.name;
		name_to_text(keyname, kname, sizeof(kname));
	}
	/* RFC 2136 §3.1.1: a zone we are not authoritative for. */
	zs = writer_zone(w->s, zname, &i);
	if (zs == NULL || zclass != 1) {
		stats_count(STATS_UPD_NOTAUTH);
		return RCODE_NOTAUTH;
	}
	rc = writer_admit(zs, r, keyname, kname);
	if (rc != 0)
		return rc;
	memset(&pol, 0, sizeof(pol));
	pol.acl = &zs->cz->acl_update;
	pol.src = (const struct sockaddr *)&r->src;
	pol.keyname = keyname;
	memset(&o, 0, sizeof(o));
	o.serial_policy = zs->cz->serial_policy;
	o.allow = writer_allow;
	o.allow_ctx = &pol;
	from = zs->zone->serial;
	rc = update_process(zs->zone, msg, len, &o, &w->d);
	if (rc == RCODE_REFUSED && pol.why[0] != '\0')
		log_notice("zone %s: update from %s key %s refused: %s",
		    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname,
		    pol.why);
	if (rc < 0)
		rc = RCODE_SERVFAIL;
	else if (rc == 0 && !diff_empty(&w->d)) {
		rc = writer_max_records(w, i, &w->d, r, kname);
		if (rc == 0 && writer_append(w, i, &w->d, 1) != 0)
			rc = RCODE_SERVFAIL;
	}
	stats_update(rc);
	if (rc != 0 || diff_empty(&w->d))
		return rc;
	/* For radixctl zone-status: who changed the zone last. */
	zs->upd_at = time(NULL);
	zs->upd_serial = w->d.serial_to;
	zs->upd_tcp = r->tcp != 0;
	writer_addr(r, zs->upd_from, sizeof(zs->upd_from));
	snprintf(zs->upd_key, sizeof(zs->upd_key), "%s",
	    keyname != NULL ? kname : "");
	log_info("zone %s: update from %s key %s: serial %u -> %u, %zu "
		 "removed, %zu added",
	    zs->cz->name, writer_addr(r, addr, sizeof(addr)), kname, from,
	    w->d.serial_to, w->d.nremoved, w->d.nadded);
	return 0;
}

void
writer_retire(struct writer *w, int pid, int fd)
{
	struct wretired *o;

	o = reallocarray(w->old, w->nold + 1, sizeof(*o));
	if (o == NULL) {
		close(fd);
		return;
	}
	w->old = o;
	o[w->nold].pid = pid;
	o[w->nold].fd = fd;
	w->nold++;
}

size_t
writer_fds(const struct writer *w, int *fds, size_t max)
{
	size_t i;

	for (i = 0; i < w->nold && i < max; i++)
		fds[i] = w->old[i].fd;
	return i;
}

/* Queue a reply for the originating worker once seq is acked. */
static void
writer_queue(
    struct writer *w, const struct ipc_route *r, const uint8_t *msg, size_t len)
{
	struct wpend *p;

	if (w->npend == w->cappend) {
		p = reallocarray(w->pend, w->cappend * 2 + 16, sizeof(*p));
		if (p == NULL)
			return; /* the client retries */
		w->pend = p;
		w->cappend = w->cappend * 2 + 16;
	}
	p = &w->pend[w->npend];
	p->msg = malloc(len);
	if (p->msg == NULL)
		return;
	memcpy(p->msg, msg, len);
	p->len = len;
	p->route = *r;
	p->seq = 0; /* numbered after the round's sync */
	p->numbered = 0;
	w->npend++;
}

/*
 * Issue 7 point 4: an UPDATE of len octets over update-max-size: is
 * REFUSED before its zone, policy, prerequisites or updates are looked at
 * (neither BIND nor Knot has such a limit; REFUSED is what both answer
 * when their policy refuses an update). Logged at most once per
 * limit-log-interval:. Returns 0 or RCODE_REFUSED.
 */
static int
writer_oversize(
    struct writer *w, const struct ipc_route *r, const uint8_t *msg, size_t len)
{
	uint8_t zname[NAME_MAXLEN];
	uint16_t zclass;
	char addr[64], zone[NAME_MAXTEXT] = "?";

	if (len <= w->s->conf.update_max_size)
		return 0;
	if (update_zone(msg, len, zname, &zclass) == 0)
		name_to_text(zname, zone, sizeof(zone));
	loglimit_log(&w->slim, loglimit_now(), LOG_LVL_NOTICE,
	    "update from %s for zone %s refused: %zu octets, over "
	    "update-max-size: %u; the client should send smaller updates, "
	    "or raise update-max-size: in server:",
	    writer_addr(r, addr, sizeof(addr)), zone, len,
	    w->s->conf.update_max_size);
	return RCODE_REFUSED;
}

/* One UPDATE: process, build the (signed) reply, queue it. */
static void
writer_update(struct writer *w, const uint8_t *p, size_t len)
{
	struct ipc_route r;
	struct tsig_ctx tc;
	const uint8_t *msg = p + sizeof(r);
	size_t mlen = len - sizeof(r), olen;
	uint64_t now = (uint64_t)time(NULL);
	int rc, n;

	memcpy(&r, p, sizeof(r));
	if (r.srclen > sizeof(r.src))
		r.srclen = 0;
	tsig_ctx_init(&tc);
	/* RFC 8945 §5.2: verify the TSIG before anything else is looked at. */
	rc = tsig_verify(&w->s->conf.keyset, msg, mlen, now, &tc);
	if (rc == TSIG_FORMERR || rc < 0) {
		rc = rc < 0 ? RCODE_SERVFAIL : RCODE_FORMERR;
		stats_update(rc);
	} else if (rc > 0) {
		char addr[64];

		log_notice("update from %s refused: TSIG %s",
		    writer_addr(&r, addr, sizeof(addr)), tsig_error_name(rc));
		rc = RCODE_NOTAUTH; /* §5.2: the TSIG error goes in the TSIG */
		stats_count(STATS_UPD_TSIG);
	} else if ((rc = writer_oversize(w, &r, msg, mlen)) != 0) {
		/* After the TSIG check only so that the refusal is signed. */
		stats_update(rc);
	} else
		rc = writer_process(w, &r, msg, mlen, &tc);
	n = update_reply(msg, mlen, rc, w->out, IPC_BUF);
	if (n > 0) {
		olen = n;
		/* RFC 8945 §5.3: sign the response as the request was. */
		if (tsig_sign(&tc, w->out, &olen, IPC_BUF, now) != 0)
			olen = n;
		writer_queue(w, &r, w->out, olen);
	}
	tsig_ctx_clear(&tc);
}

/*
 * Read what the worker pid has queued on *fd; a malformed message drops
 * the worker (STYLE.md point 8). *fd becomes -1 when the channel ends.
 */
static void
writer_drain(struct writer *w, int *fd, int pid, uint32_t *acked)
{
	struct ipc_msg m;
	int r;

	while (*fd >= 0) {
		r = ipc_recv(*fd, w->buf, IPC_HDRLEN + IPC_MAX, &m);
		if (r == 0)
			return;
		if (r == 1 && m.type == IPC_UPDATE) {
			writer_update(w, m.data, m.len);
			continue;
		}
		if (r == 1 && m.type == IPC_ACK) {
			*acked = (uint32_t)m.data[0] << 24 |
				 (uint32_t)m.data[1] << 16 |
				 (uint32_t)m.data[2] << 8 | m.data[3];
			continue;
		}
		if (r != -1 && pid > 0) {
			log_err("worker pid %d sent a malformed message; "
				"stopping it",
			    pid);
			kill(pid, SIGKILL);
		}
		close(*fd);
		*fd = -1;
	}
}

/* Drain every current and retired worker's channel. */
static void
writer_drain_all(struct writer *w)
{
	struct server *s = w->s;
	uint32_t dummy;
	size_t i, j = 0;
	unsigned k;

	for (k = 0; k < s->nslots; k++)
		writer_drain(
		    w, &s->slots[k].ipc, s->slots[k].pid, &s->slots[k].acked);
	for (i = 0; i < w->nold; i++) {
		writer_drain(w, &w->old[i].fd, w->old[i].pid, &dummy);
		if (w->old[i].fd >= 0)
			w->old[j++] = w->old[i];
	}
	w->nold = j;
}

/* The channel of worker pid, current or retired; -1 when gone. */
static int
writer_channel(const struct writer *w, uint32_t pid)
{
	size_t i;
	unsigned k;

	for (k = 0; k < w->s->nslots; k++)
		if ((uint32_t)w->s->slots[k].pid == pid)
			return w->s->slots[k].ipc;
	for (i = 0; i < w->nold; i++)
		if ((uint32_t)w->old[i].pid == pid)
			return w->old[i].fd;
	return -1;
}

/* One fdatasync per journal appended to in this round. */
static void
writer_sync(struct writer *w)
{
	size_t i;

	for (i = 0; i < w->s->conf.nzones; i++) {
		if (!w->dirty[i])
			continue;
		if (jnl_sync(w->s->zones[i].jnl) != 0)
			fatal("zone %s: fdatasync of journal %s failed: %s; "
			      "nothing was acknowledged, restart to replay",
			    w->s->conf.zones[i].name,
			    w->s->conf.zones[i].journal, strerror(errno));
		w->dirty[i] = 0;
	}
}

/* Remember to notify zone's secondaries of serial once w->seq is acked. */
static void
writer_note(struct writer *w, size_t zone, uint32_t serial)
{
	struct wnotify *n;
	size_t cap;

	if (w->s->notifier == NULL)
		return;
	if (w->nnotes == w->capnotes) {
		cap = w->capnotes ? w->capnotes * 2 : 16;
		n = reallocarray(w->notes, cap, sizeof(*n));
		if (n == NULL) {
			/* Better early than never: secondaries re-ask. */
			notifier_zone_changed(w->s->notifier, zone, serial);
			return;
		}
		w->notes = n;
		w->capnotes = cap;
	}
	w->notes[w->nnotes].zone = zone;
	w->notes[w->nnotes].serial = serial;
	w->notes[w->nnotes].seq = w->seq;
	w->nnotes++;
}

/* Every diff of the round to every worker, numbered; NOTIFY once applied. */
static void
writer_broadcast(struct writer *w)
{
	struct server *s = w->s;
	uint8_t seq[4];
	size_t i;
	unsigned k;

	for (i = 0; i < w->ndiffs; i++) {
		w->seq++;
		seq[0] = w->seq >> 24;
		seq[1] = w->seq >> 16;
		seq[2] = w->seq >> 8;
		seq[3] = w->seq;
		for (k = 0; k < s->nslots; k++) {
			if (s->slots[k].ipc < 0 || s->slots[k].pid <= 0)
				continue;
			/* It cannot catch up: a fresh fork can. */
			if (ipc_send(s->slots[k].ipc, IPC_DIFF, seq, 4,
				w->diffs[i].ser, w->diffs[i].len) != 0)
				supervise_replace(s, k, "a diff");
		}
		writer_note(w, w->diffs[i].zone, w->diffs[i].serial);
		free(w->diffs[i].ser);
	}
	w->ndiffs = 0;
}

int
writer_commit(struct writer *w, size_t i, const struct diff *d)
{
	int rc;

	rc = writer_append(w, i, d, 0);
	if (rc != 0)
		return rc;
	writer_sync(w);
	if (w->s->notifier != NULL)
		notifier_zone_changed(w->s->notifier, i, d->serial_to);
	return 0;
}

/* 1 when every running worker has applied diff seq. */
static int
writer_acked(const struct writer *w, uint32_t seq)
{
	const struct server *s = w->s;
	unsigned k;

	for (k = 0; k < s->nslots; k++) {
		if (s->slots[k].pid <= 0 || s->slots[k].ipc < 0)
			continue;
		if ((int32_t)(s->slots[k].acked - seq) < 0)
			return 0;
	}
	return 1;
}

/* Send the replies and NOTIFYs whose diffs every worker has applied. */
static void
writer_reply(struct writer *w)
{
	struct wpend *p;
	size_t i, j = 0;
	int fd;

	for (i = 0; i < w->nnotes; i++) {
		if (!writer_acked(w, w->notes[i].seq)) {
			w->notes[j++] = w->notes[i];
			continue;
		}
		notifier_zone_changed(
		    w->s->notifier, w->notes[i].zone, w->notes[i].serial);
	}
	w->nnotes = j;
	j = 0;

	for (i = 0; i < w->npend; i++) {
		p = &w->pend[i];
		if (!p->numbered || !writer_acked(w, p->seq)) {
			w->pend[j++] = *p;
			continue;
		}
		fd = writer_channel(w, p->route.pid);
		if (fd >= 0)
			(void)ipc_send(fd, IPC_REPLY, &p->route,
			    sizeof(p->route), p->msg, p->len);
		free(p->msg);
	}
	w->npend = j;
}

/*
 * One round. The replies of earlier rounds that the acks just drained
 * release go out before this round's sync: their diffs were synced in
 * their own round, and they need not wait for another fdatasync.
 *
 * This round's diffs go to the workers before the journal's fdatasync, so
 * that the workers apply them while the disk syncs instead of after it
 * (the sync and the workers' round trip overlap; on the update benchmark
 * that was most of a round). This round's replies are numbered only after
 * the sync, and a reply leaves only once its number is acknowledged by
 * every worker, which is read at the next round: so no reply leaves before
 * its diff is durable and applied everywhere (DESIGN.md's promise for an
 * acknowledged update). What the order changes: for the length of one
 * fdatasync a worker may answer with a change that is not yet durable; if
 * main dies in that moment the workers exit with it and the change, never
 * acknowledged, is gone (see doc/design-notes.md).
 */
void
writer_run(struct writer *w)
{
	size_t i;
	uint32_t now = loglimit_now();

	writer_drain_all(w);
	writer_reply(w);
	writer_broadcast(w);
	writer_sync(w);
	for (i = 0; i < w->npend; i++) {
		if (!w->pend[i].numbered) {
			w->pend[i].seq = w->seq;
			w->pend[i].numbered = 1;
		}
	}
	writer_reply(w);
	for (i = 0; i < w->s->conf.nzones; i++) {
		loglimit_tick(&w->jlim[i], now);
		loglimit_tick(&w->rlim[i], now);
	}
	loglimit_tick(&w->slim, now);
}
