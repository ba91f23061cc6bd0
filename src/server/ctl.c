/*
 * ctl: the commands of radixctl(8), run by main between two turns of its
 * event loop. Each command answers with text, or JSON when the request has
 * CTL_FLAG_JSON; every failure says what to do next.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "dns/cookie.h"
#include "dns/journal.h"
#include "dns/zone.h"
#include "server/ctl.h"
#include "server/ctlproto.h"
#include "server/ipc.h"
#include "server/log.h"
#include "server/notify_send.h"
#include "server/sdnotify.h"
#include "server/server.h"
#include "server/stats.h"

#define CTL_IO_TIMEOUT 2 /* seconds a client may take to send its request */

/* The reply being built; oom sticks. */
struct ctl_out {
	char *p;
	size_t len, cap;
	int oom;
	int json;
	int reset;  /* CTL_FLAG_RESET */
	int status; /* enum ctl_status */
};

static void ctl_printf(struct ctl_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void ctl_fail(struct ctl_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void ctl_ok(struct ctl_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
ctl_printf(struct ctl_out *o, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *np;
	int n;

	if (o->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	need = o->len + (size_t)n + 1;
	if (n < 0 || need > CTL_MAX_REPLY) {
		o->oom = 1;
		return;
	}
	if (need > o->cap) {
		np = realloc(o->p, need * 2);
		if (np == NULL) {
			o->oom = 1;
			return;
		}
		o->p = np;
		o->cap = need * 2;
	}
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void
ctl_json_str(struct ctl_out *o, const char *v)
{
	ctl_printf(o, "\"");
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			ctl_printf(o, "\\%c", *v);
		else if ((unsigned char)*v < 0x20)
			ctl_printf(o, "\\u%04x", (unsigned char)*v);
		else
			ctl_printf(o, "%c", *v);
	}
	ctl_printf(o, "\"");
}

/* A failure: the message in text, or {"error": message} in JSON. */
static void
ctl_fail(struct ctl_out *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->status = CTL_FAILED;
	o->len = 0;
	if (o->json) {
		ctl_printf(o, "{\"error\": ");
		ctl_json_str(o, msg);
		ctl_printf(o, "}\n");
	} else
		ctl_printf(o, "%s\n", msg);
}

/* A success message: the text, or {"result": message}. */
static void
ctl_ok(struct ctl_out *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (o->json) {
		ctl_printf(o, "{\"result\": ");
		ctl_json_str(o, msg);
		ctl_printf(o, "}\n");
	} else
		ctl_printf(o, "%s\n", msg);
}

/* Zone names compare without case and without the final dot. */
static int
ctl_zone_index(const struct server *s, const char *name, size_t *out)
{
	size_t i, a, b;
	const char *zn;

	a = strlen(name);
	if (a > 1 && name[a - 1] == '.')
		a--;
	for (i = 0; i < s->conf.nzones; i++) {
		zn = s->conf.zones[i].name;
		b = strlen(zn);
		if (b > 1 && zn[b - 1] == '.')
			b--;
		if (a == b && strncasecmp(name, zn, a) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

/* The zone named by arg; on failure the reply says what to do. */
static int
ctl_zone_arg(struct server *s, struct ctl_out *o, const char *cmd,
    const char *arg, size_t *i)
{
	if (arg[0] == '\0') {
		ctl_fail(o, "%s needs a zone: radixctl %s ZONE", cmd, cmd);
		return -1;
	}
	if (ctl_zone_index(s, arg, i) != 0) {
		ctl_fail(o,
		    "no zone %s is served; radixctl zone-status lists the "
		    "zones",
		    arg);
		return -1;
	}
	return 0;
}

static void
ctl_status(struct server *s, struct ctl_out *o)
{
	unsigned k, running = 0;
	long up = (long)(time(NULL) - s->started);

	for (k = 0; k < s->nslots; k++)
		running += s->slots[k].pid > 0;
	if (o->json)
		ctl_printf(o,
		    "{\"pid\": %d, \"uptime\": %ld, \"workers\": %u, "
		    "\"workers_running\": %u, \"zones\": %zu}\n",
		    (int)s->mainpid, up, s->nslots, running, s->conf.nzones);
	else
		ctl_printf(o,
		    "pid: %d\nuptime: %ld\nworkers: %u\nworkers-running: "
		    "%u\nzones: %zu\n",
		    (int)s->mainpid, up, s->nslots, running, s->conf.nzones);
}

static void
ctl_reload(struct server *s, struct ctl_out *o, const char *arg)
{
	struct zslot *zs;
	size_t i;
	int rc;

	if (arg[0] == '\0') {
		log_notice("radixctl reload: reloading changed zones");
		sdnotify_reloading(s->sd_fd);
		zones_reload(s);
		supervise_renew(s);
		sdnotify_ready(
		    s->sd_fd, (int)s->mainpid, s->conf.nzones, s->nslots);
		ctl_ok(
		    o, "reloaded changed zones; %u fresh workers", s->nslots);
		return;
	}
	if (ctl_zone_arg(s, o, "reload", arg, &i) != 0)
		return;
	zs = &s->zones[i];
	rc = zones_reload_zone(s, i);
	if (rc != 0 && zs->stopped) {
		ctl_fail(o,
		    "zone %s: still stopped, its journal %s is damaged; the "
		    "log says where, and how to recover",
		    zs->cz->name, zs->cz->journal);
		return;
	}
	if (rc != 0) {
		ctl_fail(o,
		    "zone %s: reload failed, still serving serial %u; fix %s "
		    "(the log says what is wrong) and run radixctl reload %s "
		    "again",
		    zs->cz->name, zs->zone->serial, zs->cz->file, zs->cz->name);
		return;
	}
	supervise_renew(s);
	ctl_ok(o, "zone %s: serving serial %u", zs->cz->name, zs->zone->serial);
}

static void
ctl_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		snprintf(buf, len, "never");
	else
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The lag of a secondary: when caught up, as measured; else so far. */
static uint32_t
ctl_lag_ms(const struct notifier_status *st)
{
	time_t now = time(NULL);

	if (st->caught_up || st->notified_at == 0)
		return st->caught_up ? st->lag_ms : 0;
	return (uint32_t)(now - st->notified_at) * 1000;
}

static const char *
ctl_notify_result(enum notifier_result r)
{
	switch (r) {
	case NOTIFIER_NONE:
		return "none";
	case NOTIFIER_PENDING:
		return "pending";
	case NOTIFIER_ACKED:
		return "acked";
	case NOTIFIER_REFUSED:
		return "refused";
	case NOTIFIER_GIVEN_UP:
		return "given-up";
	}
	return "unknown";
}

static void
ctl_secondary(struct ctl_out *o, const struct notifier_status *st, int first)
{
	char seen[16];

	if (st->has_seen)
		snprintf(seen, sizeof(seen), "%u", st->seen_serial);
	else
		snprintf(seen, sizeof(seen), o->json ? "null" : "unknown");
	if (o->json) {
		ctl_printf(o, "%s{\"target\": ", first ? "" : ", ");
		ctl_json_str(o, st->target);
		ctl_printf(o,
		    ", \"serial\": %s, \"announced\": %u, \"lag_ms\": %u, "
		    "\"caught_up\": %s, \"notify\": \"%s\"}",
		    seen, st->serial, ctl_lag_ms(st),
		    st->caught_up ? "true" : "false",
		    ctl_notify_result(st->notify_result));
	} else
		ctl_printf(o,
		    "secondary: %s serial %s announced %u lag-ms %u %s "
		    "notify %s\n",
		    st->target, seen, st->serial, ctl_lag_ms(st),
		    st->caught_up ? "caught-up" : "behind",
		    ctl_notify_result(st->notify_result));
}

/*
 * The last UPDATE applied to a dynamic zone since start: when, from which
 * client and transport, with which TSIG key, and the serial it made.
 */
static void
ctl_last_update(struct ctl_out *o, const struct zslot *zs)
{
	char at[32];

	if (zs->jnl == NULL && !o->json)
		return;
	if (zs->jnl == NULL || zs->upd_at == 0) {
		ctl_printf(o, o->json ? ", \"last_update\": null"
				      : "last-update: never\n");
		return;
	}
	ctl_time(zs->upd_at, at, sizeof(at));
	if (o->json) {
		ctl_printf(
		    o, ", \"last_update\": {\"at\": \"%s\", \"from\": ", at);
		ctl_json_str(o, zs->upd_from);
		ctl_printf(o, ", \"transport\": \"%s\", \"key\": ",
		    zs->upd_tcp ? "tcp" : "udp");
		if (zs->upd_key[0] != '\0')
			ctl_json_str(o, zs->upd_key);
		else
			ctl_printf(o, "null");
		ctl_printf(o, ", \"serial\": %u}", zs->upd_serial);
		return;
	}
	ctl_printf(o, "last-update: %s from %s %s %s%s serial %u\n", at,
	    zs->upd_from, zs->upd_tcp ? "tcp" : "udp",
	    zs->upd_key[0] != '\0' ? "key " : "unsigned", zs->upd_key,
	    zs->upd_serial);
}

static void
ctl_zone_status1(struct server *s, struct ctl_out *o, size_t i)
{
	struct zslot *zs = &s->zones[i];
	struct notifier_status st;
	char at[32];
	size_t k, n = s->notifier != NULL ? notifier_count(s->notifier) : 0;
	size_t jsize = zs->jnl != NULL ? jnl_size(zs->jnl) : 0;
	size_t jcount = zs->jnl != NULL ? jnl_count(zs->jnl) : 0;
	int first = 1;

	ctl_time(zs->loaded_at, at, sizeof(at));
	if (o->json) {
		ctl_printf(o, "{\"zone\": ");
		ctl_json_str(o, zs->cz->name);
		ctl_printf(o,
		    ", \"serial\": %u, \"loaded_at\": \"%s\", \"dynamic\": "
		    "%s, \"frozen\": %s, \"journal_size\": %zu, "
		    "\"journal_depth\": %zu, \"stopped\": %s",
		    zs->zone->serial, at, zs->jnl != NULL ? "true" : "false",
		    zs->frozen ? "true" : "false", jsize, jcount,
		    zs->stopped ? "true" : "false");
		ctl_last_update(o, zs);
		ctl_printf(o, ", \"secondaries\": [");
	} else {
		ctl_printf(o,
		    "zone: %s\nserial: %u\nloaded-at: %s\ndynamic: %s\n"
		    "frozen: %s\njournal-size: %zu\njournal-depth: %zu\n"
		    "stopped: %s\n",
		    zs->cz->name, zs->zone->serial, at,
		    zs->jnl != NULL ? "yes" : "no", zs->frozen ? "yes" : "no",
		    jsize, jcount, zs->stopped ? "yes" : "no");
		ctl_last_update(o, zs);
	}
	for (k = 0; k < n; k++) {
		if (notifier_status(s->notifier, k, &st) != 0 || st.zone != i)
			continue;
		ctl_secondary(o, &st, first);
		first = 0;
	}
	if (o->json)
		ctl_printf(o, "]}");
}

static void
ctl_zone_status(struct server *s, struct ctl_out *o, const char *arg)
{
	size_t i, from = 0, to = s->conf.nzones;

	if (arg[0] != '\0') {
		if (ctl_zone_arg(s, o, "zone-status", arg, &from) != 0)
			return;
		to = from + 1;
	}
	if (o->json)
		ctl_printf(o, "{\"zones\": [");
	for (i = from; i < to; i++) {
		if (i > from)
			ctl_printf(o, o->json ? ", " : "\n");
		ctl_zone_status1(s, o, i);
	}
	if (o->json)
		ctl_printf(o, "]}\n");
}

/* Write zone i now; the reply says why not. 0 or -1. */
static int
ctl_flush1(struct server *s, struct ctl_out *o, size_t i)
{
	struct zslot *zs = &s->zones[i];

	if (zones_flush_zone(s, i, 1) != 0) {
		ctl_fail(o,
		    "zone %s: not written to %s (the log says why); if the "
		    "file was edited by hand, run radixctl reload %s first",
		    zs->cz->name, zs->cz->file, zs->cz->name);
		return -1;
	}
	return 0;
}

static void
ctl_flush(struct server *s, struct ctl_out *o, const char *arg)
{
	struct zslot *zs;
	size_t i;

	if (arg[0] == '\0') {
		zones_flush(s, 1);
		ctl_ok(o, "dynamic zones written to their files");
		return;
	}
	if (ctl_zone_arg(s, o, "flush", arg, &i) != 0)
		return;
	zs = &s->zones[i];
	if (zs->jnl == NULL) {
		ctl_fail(o,
		    "zone %s is not dynamic (no allow-update:): its file is "
		    "already what is served",
		    zs->cz->name);
		return;
	}
	if (ctl_flush1(s, o, i) == 0)
		ctl_ok(o, "zone %s: serial %u written to %s", zs->cz->name,
		    zs->zone->serial, zs->cz->file);
}

static void
ctl_freeze(struct server *s, struct ctl_out *o, const char *arg)
{
	struct zslot *zs;
	size_t i;

	if (ctl_zone_arg(s, o, "freeze", arg, &i) != 0)
		return;
	zs = &s->zones[i];
	if (zs->frozen) {
		ctl_fail(o,
		    "zone %s is already frozen; radixctl thaw %s ends it",
		    zs->cz->name, zs->cz->name);
		return;
	}
	if (zs->jnl != NULL && ctl_flush1(s, o, i) != 0)
		return;
	zs->frozen = 1;
	log_notice("zone %s: frozen at serial %u; updates are refused until "
		   "radixctl thaw %s",
	    zs->cz->name, zs->zone->serial, zs->cz->name);
	ctl_ok(o,
	    "zone %s: frozen at serial %u; edit %s, then run radixctl thaw %s",
	    zs->cz->name, zs->zone->serial, zs->cz->file, zs->cz->name);
}

static void
ctl_thaw(struct server *s, struct ctl_out *o, const char *arg)
{
	struct zslot *zs;
	size_t i;

	if (ctl_zone_arg(s, o, "thaw", arg, &i) != 0)
		return;
	zs = &s->zones[i];
	if (!zs->frozen) {
		ctl_fail(o, "zone %s is not frozen; radixctl freeze %s first",
		    zs->cz->name, zs->cz->name);
		return;
	}
	if (zones_reload_zone(s, i) != 0) {
		ctl_fail(o,
		    "zone %s: %s does not load (the log says why); it stays "
		    "frozen at serial %u; fix the file and run radixctl thaw "
		    "%s again",
		    zs->cz->name, zs->cz->file, zs->zone->serial, zs->cz->name);
		return;
	}
	zs->frozen = 0;
	supervise_renew(s);
	log_notice(
	    "zone %s: thawed at serial %u", zs->cz->name, zs->zone->serial);
	ctl_ok(o, "zone %s: thawed, serving serial %u", zs->cz->name,
	    zs->zone->serial);
}

static void
ctl_notify(struct server *s, struct ctl_out *o, const char *arg)
{
	struct zslot *zs;
	size_t i, k;

	if (ctl_zone_arg(s, o, "notify", arg, &i) != 0)
		return;
	zs = &s->zones[i];
	if ((zs->cz->nnotify == 0 && !zs->cz->notify_ns) ||
	    s->notifier == NULL) {
		ctl_fail(o,
		    "zone %s has no notify: targets; add notify: lines or "
		    "notify-ns: yes to its zone: block",
		    zs->cz->name);
		return;
	}
	notifier_zone_changed(s->notifier, i, zs->zone->serial);
	k = notifier_zone_targets(s->notifier, i);
	ctl_ok(o, "zone %s: NOTIFY of serial %u sent to %zu secondar%s",
	    zs->cz->name, zs->zone->serial, k, k == 1 ? "y" : "ies");
}

/* logrotate's postrotate: main and every worker open logfile: again. */
static void
ctl_log_reopen(struct server *s, struct ctl_out *o)
{
	int rc = supervise_log_reopen(s);

	if (rc > 0)
		ctl_fail(o,
		    "radixd logs to %s, not to a file; set logfile: "
		    "in radixd.conf to log to one",
		    s->conf.foreground || !s->conf.use_syslog ? "stderr"
							      : "syslog");
	else if (rc < 0)
		ctl_fail(o,
		    "cannot reopen %s: %s; still logging to the old file; let "
		    "the user radixd runs as create files in its folder (or "
		    "create the file for it) and try again",
		    log_file(), strerror(errno));
	else
		ctl_ok(o, "log file %s reopened by main and %u workers",
		    log_file(), s->nslots);
}

/*
 * stats [--reset]: every counter summed over main and the workers, those
 * gone included (stats.h); --reset zeroes them after the read.
 */
static void
ctl_stats(struct server *s, struct ctl_out *o, const char *arg)
{
	uint64_t v[STATS_N];
	size_t n;
	char *buf;

	if (*arg != '\0') {
		o->status = CTL_BAD_REQUEST;
		ctl_printf(o, "stats takes no zone; run radixctl stats\n");
		return;
	}
	if (s->stats == NULL) {
		ctl_fail(o, "no statistics: their shared memory could not be "
			    "mapped at start; see the log");
		return;
	}
	if (o->reset) {
		stats_pool_reset(s->stats, v);
		log_info("radixctl stats --reset: counters read and zeroed");
	} else
		stats_pool_sum(s->stats, v);
	n = stats_format(v, o->json ? STATS_JSON : STATS_TEXT, NULL, 0);
	if ((buf = malloc(n + 1)) == NULL) {
		o->oom = 1;
		return;
	}
	stats_format(v, o->json ? STATS_JSON : STATS_TEXT, buf, n + 1);
	ctl_printf(o, "%s", buf);
	free(buf);
}

/* SECRET: 32 hex digits into out (COOKIE_SECRET_LEN octets). 0 or -1. */
static int
ctl_hex_secret(const char *v, uint8_t *out)
{
	unsigned i, x;

	for (i = 0; i < COOKIE_SECRET_LEN; i++) {
		if (!isxdigit((unsigned char)v[2 * i]) ||
		    !isxdigit((unsigned char)v[2 * i + 1]) ||
		    sscanf(v + 2 * i, "%2x", &x) != 1)
			return -1;
		out[i] = (uint8_t)x;
	}
	return v[2 * COOKIE_SECRET_LEN] == '\0' ? 0 : -1;
}

/*
 * radixctl cookie-rotate [SECRET]: RFC 9018 §5 rollover. SECRET (or one
 * drawn here) makes every new server cookie from now on; the secret it
 * replaces stays accepted until the next rotation, as NSD's
 * activate_cookie_secret keeps the old one as its staging secret. A cookie
 * is valid for an hour at most (RFC 9018 §4.3), so an hour after a
 * rotation the previous secret validates nothing any more. Every current
 * worker gets both secrets (IPC_COOKIE); a worker forked later starts
 * with them, from main's state. A worker whose channel is full is
 * replaced: its replacement forks with the new secrets.
 */
static void
ctl_cookie_rotate(struct server *s, struct ctl_out *o, const char *arg)
{
	uint8_t secret[COOKIE_SECRET_LEN], msg[2 * COOKIE_SECRET_LEN];
	unsigned k, sent = 0;
	int fl, rc;

	memset(secret, 0, sizeof(secret));
	if (*arg == '\0') {
		if (getrandom(secret, sizeof(secret), 0) !=
		    (ssize_t)sizeof(secret)) {
			ctl_fail(o,
			    "getrandom: %s; the secret is unchanged; try again "
			    "or give a SECRET of 32 hex digits",
			    strerror(errno));
			return;
		}
	} else if (ctl_hex_secret(arg, secret) != 0) {
		ctl_fail(o,
		    "the SECRET given is not 32 hex digits (16 octets); the "
		    "secret is unchanged; give one such as the output of "
		    "'openssl rand -hex 16', or none for a random one");
		return;
	}
	if (memcmp(secret, s->cookie_cur, sizeof(secret)) == 0) {
		ctl_fail(o,
		    "that is the secret in use already; give another one, or "
		    "none for a random one");
		return;
	}
	memcpy(s->cookie_prev, s->cookie_cur, sizeof(s->cookie_prev));
	memcpy(s->cookie_cur, secret, sizeof(s->cookie_cur));
	s->cookie_has_prev = 1;
	memcpy(msg, s->cookie_cur, COOKIE_SECRET_LEN);
	memcpy(msg + COOKIE_SECRET_LEN, s->cookie_prev, COOKIE_SECRET_LEN);
	for (k = 0; k < s->nslots; k++) {
		if (s->slots[k].ipc < 0 || s->slots[k].pid <= 0)
			continue;
		/* Never wait for a worker here: a full channel is EAGAIN. */
		fl = fcntl(s->slots[k].ipc, F_GETFL);
		(void)fcntl(s->slots[k].ipc, F_SETFL, fl | O_NONBLOCK);
		rc = ipc_send(
		    s->slots[k].ipc, IPC_COOKIE, msg, sizeof(msg), NULL, 0);
		(void)fcntl(s->slots[k].ipc, F_SETFL, fl);
		if (rc == 0) {
			sent++;
			continue;
		}
		supervise_replace(s, k, "the new cookie secret");
	}
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(msg, sizeof(msg));
	log_notice("radixctl cookie-rotate: a new DNS cookie secret makes "
		   "the server cookies; those of the previous one stay valid "
		   "until the next rotation");
	ctl_ok(o,
	    "new cookie secret in use (%u workers told, the others fork with "
	    "it); cookies of the previous secret stay valid until the next "
	    "rotation: wait an hour before rotating again",
	    sent);
}

static void
ctl_dispatch(struct server *s, struct ctl_out *o, uint16_t cmd, const char *arg)
{
	switch (cmd) {
	case CTL_STATUS:
		ctl_status(s, o);
		break;
	case CTL_RELOAD:
		ctl_reload(s, o, arg);
		break;
	case CTL_ZONE_STATUS:
		ctl_zone_status(s, o, arg);
		break;
	case CTL_FLUSH:
		ctl_flush(s, o, arg);
		break;
	case CTL_FREEZE:
		ctl_freeze(s, o, arg);
		break;
	case CTL_THAW:
		ctl_thaw(s, o, arg);
		break;
	case CTL_NOTIFY:
		ctl_notify(s, o, arg);
		break;
	case CTL_COOKIE_ROTATE:
		ctl_cookie_rotate(s, o, arg);
		break;
	case CTL_STOP:
		log_notice("radixctl stop: stopping");
		server_sig_term = 1;
		ctl_ok(o, "radixd %d is stopping", (int)s->mainpid);
		break;
	case CTL_LOG_REOPEN:
		ctl_log_reopen(s, o);
		break;
	case CTL_STATS:
		ctl_stats(s, o, arg);
		break;
	default:
		o->status = CTL_BAD_REQUEST;
		ctl_printf(o,
		    "unknown command %u; radixctl and radixd are of "
		    "different versions\n",
		    cmd);
	}
}

/* One connection: read the request, run it, reply. */
static void
ctl_serve(struct server *s, int fd)
{
	struct timeval tv = {CTL_IO_TIMEOUT, 0};
	struct ctl_request req;
	struct ctl_out o;
	uint8_t frame[6 + CTL_MAX_REQUEST];
	uint32_t n;
	int fl;

	memset(&o, 0, sizeof(o));
	fl = fcntl(fd, F_GETFL);
	(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/*
	 * The request: the header, then as many octets as it says (never
	 * more than a request may have), parsed by ctl_parse_request.
	 */
	if (ctl_read_all(fd, frame, 6) != 0 ||
	    (n = ctl_get32(frame)) < 2 || n - 2 > CTL_MAX_REQUEST ||
	    ctl_read_all(fd, frame + 6, n - 2) != 0 ||
	    ctl_parse_request(frame, 4 + (size_t)n, &req) != 0) {
		log_warn("control socket: malformed request dropped");
		return;
	}
	o.json = (req.flags & CTL_FLAG_JSON) != 0;
	o.reset = (req.flags & CTL_FLAG_RESET) != 0;
	ctl_dispatch(s, &o, req.cmd, req.arg);
	if (o.oom) {
		o.status = CTL_FAILED;
		o.len = 0;
		free(o.p);
		o.p = strdup("out of memory in radixd; try again\n");
		o.len = o.p != NULL ? strlen(o.p) : 0;
	}
	if (ctl_send(fd, (uint16_t)o.status, o.p, o.len) != 0)
		log_info("control socket: reply not sent: %s", strerror(errno));
	free(o.p);
}

void
ctl_run(struct server *s)
{
	int fd;

	if (s->ctl < 0)
		return;
	while ((fd = accept4(s->ctl, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		ctl_serve(s, fd);
		close(fd);
	}
}

/* A socket at path that no server answers is stale. */
static int
ctl_stale(const struct sockaddr_un *sun)
{
	int fd, rc;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	return rc != 0 && errno == ECONNREFUSED;
}

int
ctl_open(struct server *s)
{
	const char *path = s->conf.control_socket;
	struct sockaddr_un sun;

	s->ctl = -1;
	if (path == NULL)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_err("control-socket: %s is longer than %zu bytes; choose "
			"a shorter path",
		    path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if (access(path, F_OK) == 0 && ctl_stale(&sun))
		(void)unlink(path);
	s->ctl = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->ctl < 0 ||
	    bind(s->ctl, (const struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    chmod(path, 0660) != 0 || listen(s->ctl, 16) != 0) {
		log_err("control-socket: %s: %s; is another radixd running, "
			"or is the directory not writable?",
		    path, strerror(errno));
		if (s->ctl >= 0)
			close(s->ctl);
		s->ctl = -1;
		return -1;
	}
	return 0;
}

void
ctl_close(struct server *s)
{
	if (s->ctl < 0)
		return;
	close(s->ctl);
	s->ctl = -1;
	(void)unlink(s->conf.control_socket);
}
