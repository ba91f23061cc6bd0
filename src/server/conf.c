/*
 * conf: radixd.conf reader. The format is NSD's: blocks "server:", "key:"
 * and "zone:", each followed by "name: value" lines; "#" starts a comment
 * outside quotes; a value may be quoted with double quotes. Relative zone
 * file names are taken from the directory of the configuration file.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/random.h>

#include "dns/acl.h"
#include "dns/err.h"
#include "dns/name.h"
#include "dns/tsig.h"
#include "server/conf.h"
#include "server/log.h"

#define CONF_DEFAULT_PORT 53
#define CONF_LINE_MAX 4096

enum conf_block {
	BLOCK_NONE,
	BLOCK_SERVER,
	BLOCK_KEY,
	BLOCK_ZONE,
};

/* Parser state for one file. */
struct conf_parse {
	struct conf *c;
	const char *path;
	char dir[PATH_MAX];
	unsigned line;
	enum conf_block block;
	unsigned block_line;
	unsigned port;		       /* server: port */
	char *listen[CONF_MAX_LISTEN]; /* ip-address values, resolved last */
	unsigned listen_line[CONF_MAX_LISTEN];
	size_t nlisten;
	char *zname, *zfile;		   /* the zone: block being read */
	struct conf_zone zopt;		   /* its other options */
	int zjournal_size, zsync, zpolicy; /* given in the block */
	char *kname, *kalg, *ksecret;	   /* the key: block being read */
	int errors;
};

void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->edns_payload = 1232;
	c->use_syslog = 1;
	c->log_level = LOG_LVL_NOTICE;
	c->tcp_timeout = 10;
	c->tcp_count = 256;
	c->tcp_read_timeout = 5;
	c->tcp_count_per_source = 16;
	c->limit_log_interval = 60;
	c->update_max_size = CONF_UPDATE_MAX_SIZE_DEFAULT;
	c->rrl.slip = 2;
	c->rrl.window = 15;
	/* Drawn in main before the workers fork: they share it. */
	if (getrandom(c->cookie_secret, sizeof(c->cookie_secret), 0) !=
	    (ssize_t)sizeof(c->cookie_secret))
		fatal("getrandom for the cookie secret: %s", strerror(errno));
}

static void
conf_zone_free(struct conf_zone *z)
{
	size_t i, k;

	free(z->name);
	free(z->file);
	free(z->journal);
	acl_free(&z->acl_update);
	acl_free(&z->acl_xfr);
	acl_free(&z->acl_notify);
	free(z->notify);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < z->nrules[k]; i++)
			free(z->rules[k][i].text);
		free(z->rules[k]);
	}
	for (i = 0; i < z->nnotify_lines; i++)
		free(z->notify_lines[i].text);
	free(z->notify_lines);
}

void
conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nzones; i++)
		conf_zone_free(&c->zones[i]);
	tsig_keyset_free(&c->keyset);
	for (i = 0; i < c->nkeys; i++) {
		free(c->keys[i].name);
		free(c->keys[i].algorithm);
		free(c->keys[i].secret);
	}
	free(c->zones);
	free(c->keys);
	free(c->user);
	free(c->pidfile);
	free(c->group);
	free(c->chroot);
	free(c->logfile);
	free(c->control_socket);
	free(c->identity);
	free(c->version);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static void conf_error(struct conf_parse *p, unsigned line, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
conf_error(struct conf_parse *p, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s:%u: %s", p->path, line, msg);
	p->errors++;
}

/*
 * Parse "ADDR" or "ADDR@PORT" (IPv4 or IPv6) into ss, *sslen and text
 * ("ADDR@PORT"). 0, or -1 with err filled.
 */
static int
conf_parse_addr(const char *spec, unsigned defport, struct sockaddr_storage *ss,
    socklen_t *sslen, char *text, size_t textlen, char *err, size_t errlen)
{
	char host[64];
	const char *at;
	unsigned long port = defport;
	char *end;
	size_t hl;

	at = strrchr(spec, '@');
	hl = at ? (size_t)(at - spec) : strlen(spec);
	if (hl == 0 || hl >= sizeof(host)) {
		snprintf(err, errlen,
		    "bad address '%s'; expected "
		    "ADDR or ADDR@PORT, like 127.0.0.1@5353 or ::1@53",
		    spec);
		return -1;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (at != NULL) {
		errno = 0;
		port = strtoul(at + 1, &end, 10);
		if (at[1] == '\0' || *end != '\0' || errno != 0 || port == 0 ||
		    port > 65535) {
			snprintf(err, errlen,
			    "bad port in '%s'; expected a "
			    "number from 1 to 65535 after '@'",
			    spec);
			return -1;
		}
	}
	memset(ss, 0, sizeof(*ss));
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			goto bad;
		*sslen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			goto bad;
		*sslen = sizeof(*s4);
	}
	snprintf(text, textlen, "%s@%lu", host, port);
	return 0;
bad:
	snprintf(err, errlen,
	    "'%s' is not an IPv4 or IPv6 address; "
	    "write a numeric address like 127.0.0.1 or ::1",
	    host);
	return -1;
}

int
conf_add_listen(struct conf *c, const char *spec, unsigned defport, char *err,
    size_t errlen)
{
	struct conf_listen *l;

	if (c->nlisten == CONF_MAX_LISTEN) {
		snprintf(err, errlen,
		    "more than %d listen addresses; "
		    "remove some",
		    CONF_MAX_LISTEN);
		return -1;
	}
	l = &c->listen[c->nlisten];
	memset(l, 0, sizeof(*l));
	if (conf_parse_addr(spec, defport, &l->addr, &l->addrlen, l->text,
		sizeof(l->text), err, errlen) != 0)
		return -1;
	c->nlisten++;
	return 0;
}

int
conf_add_zone(struct conf *c, const char *origin, const char *file, char *err,
    size_t errlen)
{
	struct conf_zone *z;
	uint8_t wire[NAME_MAXLEN];
	static const uint8_t root[1] = {0};
	size_t i;
	int n;

	n = name_from_text(origin, strlen(origin), root, wire);
	if (n < 1) {
		snprintf(err, errlen,
		    "'%s' is not a domain name; write the "
		    "zone's origin, like example.com",
		    origin);
		return -1;
	}
	for (i = 0; i < c->nzones; i++) {
		if (name_equal(c->zones[i].origin, wire)) {
			snprintf(err, errlen,
			    "zone '%s' is listed twice; "
			    "keep one of them",
			    origin);
			return -1;
		}
	}
	z = reallocarray(c->zones, c->nzones + 1, sizeof(*z));
	if (z == NULL)
		fatal("out of memory reading the configuration");
	c->zones = z;
	z = &c->zones[c->nzones];
	memset(z, 0, sizeof(*z));
	memcpy(z->origin, wire, n);
	z->name = strdup(origin);
	z->file = strdup(file);
	if (z->name == NULL || z->file == NULL ||
	    asprintf(&z->journal, "%s.jnl", file) < 0)
		fatal("out of memory reading the configuration");
	z->journal_size = CONF_JOURNAL_SIZE_DEFAULT;
	z->zonefile_sync = CONF_ZONEFILE_SYNC_DEFAULT;
	z->serial_policy = UPDATE_SERIAL_INCREMENT;
	z->notify_ns_port = 53;
	c->nzones++;
	return 0;
}

/* Split "name: value"; the value may be quoted. Returns 0 or -1. */
static int
conf_split(struct conf_parse *p, char *s, char **name, char **value)
{
	char *colon, *v, *e;

	colon = strchr(s, ':');
	if (colon == NULL) {
		conf_error(p, p->line,
		    "'%s' has no ':'; write 'name: value' "
		    "or a block name like 'zone:'",
		    s);
		return -1;
	}
	*colon = '\0';
	for (e = colon; e > s && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	*name = s;
	for (v = colon + 1; isspace((unsigned char)*v); v++)
		;
	if (*v == '"') {
		e = strchr(v + 1, '"');
		if (e == NULL) {
			conf_error(p, p->line,
			    "the quoted value of '%s' has "
			    "no closing quote; add a '\"'",
			    s);
			return -1;
		}
		*e = '\0';
		v++;
	}
	*value = v;
	return 0;
}

/* Cut a comment ("#" outside quotes) and trailing space. */
static void
conf_strip(char *s)
{
	int quoted = 0;
	char *e;

	for (e = s; *e != '\0'; e++) {
		if (*e == '"')
			quoted = !quoted;
		else if (*e == '#' && !quoted) {
			*e = '\0';
			break;
		}
	}
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
}

static int
conf_bool(struct conf_parse *p, const char *name, const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0)
		*out = 1;
	else if (strcasecmp(v, "no") == 0)
		*out = 0;
	else {
		conf_error(p, p->line,
		    "%s: '%s' is not yes or no; write yes "
		    "or no",
		    name, v);
		return -1;
	}
	return 0;
}

static int
conf_uint(struct conf_parse *p, const char *name, const char *v,
    unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || *out < min ||
	    *out > max) {
		conf_error(p, p->line,
		    "%s: '%s' is not a number from %lu "
		    "to %lu; write one",
		    name, v, min, max);
		return -1;
	}
	return 0;
}

static void
conf_setstr(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	if (*dst == NULL)
		fatal("out of memory reading the configuration");
}

/* A path option: relative to the configuration file's folder. */
static void
conf_path_opt(struct conf_parse *p, char **dst, const char *v)
{
	char buf[PATH_MAX * 2];

	if (v[0] == '/' || p->dir[0] == '\0')
		snprintf(buf, sizeof(buf), "%s", v);
	else
		snprintf(buf, sizeof(buf), "%s/%s", p->dir, v);
	conf_setstr(dst, buf);
}

/* cookie-secret: 32 hex digits, the RFC 9018 §4.4 shared secret. */
static void
conf_cookie_secret(struct conf_parse *p, const char *v)
{
	unsigned i, x;

	for (i = 0; i < 16; i++) {
		if (!isxdigit((unsigned char)v[2 * i]) ||
		    !isxdigit((unsigned char)v[2 * i + 1]) ||
		    sscanf(v + 2 * i, "%2x", &x) != 1)
			break;
		p->c->cookie_secret[i] = (uint8_t)x;
	}
	if (i != 16 || v[32] != '\0')
		conf_error(p, p->line,
		    "cookie-secret: '%s' is not 32 hex digits (16 octets); "
		    "write one, or leave it out for a random one",
		    v);
}

/* The rrl- options of server:, named as NSD names them. */
static void
conf_rrl_opt(struct conf_parse *p, const char *n, const char *v)
{
	struct rrl_opts *o = &p->c->rrl;
	unsigned long u;

	if (strcmp(n, "rrl-ratelimit") == 0) {
		if (conf_uint(p, n, v, 0, 1000000, &u) == 0)
			o->rate = u;
	} else if (strcmp(n, "rrl-slip") == 0) {
		if (conf_uint(p, n, v, 0, 100, &u) == 0)
			o->slip = u;
	} else if (strcmp(n, "rrl-window") == 0) {
		if (conf_uint(p, n, v, 1, 3600, &u) == 0)
			o->window = u;
	} else if (strcmp(n, "rrl-ipv4-prefix-length") == 0) {
		if (conf_uint(p, n, v, 1, 32, &u) == 0)
			o->v4_prefix = u;
	} else if (strcmp(n, "rrl-ipv6-prefix-length") == 0) {
		if (conf_uint(p, n, v, 1, 128, &u) == 0)
			o->v6_prefix = u;
	} else if (strcmp(n, "rrl-size") == 0) {
		if (conf_uint(p, n, v, 1, 1UL << 24, &u) == 0)
			o->size = u;
	} else if (strcmp(n, "rrl-exempt") == 0) {
		if (o->nexempt == RRL_EXEMPT_MAX)
			conf_error(p, p->line,
			    "more than %d rrl-exempt prefixes; "
			    "merge some",
			    RRL_EXEMPT_MAX);
		else if (rrl_prefix_parse(v, &o->exempt[o->nexempt]) != 0)
			conf_error(p, p->line,
			    "rrl-exempt: '%s' is not an address or "
			    "prefix; write one such as 192.0.2.0/24",
			    v);
		else
			o->nexempt++;
	} else
		conf_error(p, p->line,
		    "unknown option '%s' in server:; see "
		    "radixd.conf(5) for the options",
		    n);
}

/* metrics: ADDR[@PORT] (Prometheus over HTTP, stats.h); empty: none. */
static void
conf_metrics(struct conf_parse *p, const char *v)
{
	struct conf_listen *m = &p->c->metrics;
	char err[256];

	memset(m, 0, sizeof(*m));
	if (*v == '\0')
		return;
	if (conf_parse_addr(v, 9153, &m->addr, &m->addrlen, m->text,
		sizeof(m->text), err, sizeof(err)) != 0) {
		m->addrlen = 0;
		conf_error(p, p->line, "metrics: %s", err);
	}
}

static void
conf_server_opt(struct conf_parse *p, const char *n, const char *v)
{
	struct conf *c = p->c;
	unsigned long u;
	int b;

	if (strcmp(n, "ip-address") == 0 || strcmp(n, "listen") == 0) {
		if (p->nlisten == CONF_MAX_LISTEN) {
			conf_error(p, p->line,
			    "more than %d listen addresses; "
			    "remove some",
			    CONF_MAX_LISTEN);
			return;
		}
		p->listen_line[p->nlisten] = p->line;
		p->listen[p->nlisten] = NULL;
		conf_setstr(&p->listen[p->nlisten++], v);
	} else if (strcmp(n, "port") == 0) {
		if (conf_uint(p, n, v, 1, 65535, &u) == 0)
			p->port = u;
	} else if (strcmp(n, "workers") == 0 ||
		   strcmp(n, "server-count") == 0) {
		if (conf_uint(p, n, v, 1, CONF_MAX_WORKERS, &u) == 0)
			c->workers = u;
	} else if (strcmp(n, "user") == 0 || strcmp(n, "username") == 0) {
		if (*v == '\0') {
			free(c->user);
			c->user = NULL;
		} else
			conf_setstr(&c->user, v);
	} else if (strcmp(n, "pidfile") == 0) {
		conf_setstr(&c->pidfile, v);
	} else if (strcmp(n, "group") == 0) {
		conf_setstr(&c->group, v);
	} else if (strcmp(n, "chroot") == 0) {
		conf_path_opt(p, &c->chroot, v);
	} else if (strcmp(n, "logfile") == 0) {
		conf_path_opt(p, &c->logfile, v);
	} else if (strcmp(n, "control-socket") == 0) {
		conf_setstr(&c->control_socket, v);
	} else if (strcmp(n, "metrics") == 0) {
		conf_metrics(p, v);
	} else if (strcmp(n, "edns-payload") == 0 ||
		   strcmp(n, "ipv4-edns-size") == 0) {
		/* RFC 6891 §6.2.5: values below 512 are treated as 512. */
		if (conf_uint(p, n, v, 512, 65535, &u) == 0)
			c->edns_payload = u;
	} else if (strcmp(n, "identity") == 0) {
		conf_setstr(&c->identity, v);
	} else if (strcmp(n, "version") == 0) {
		conf_setstr(&c->version, v);
	} else if (strcmp(n, "hide-identity") == 0) {
		if (conf_bool(p, n, v, &b) == 0)
			c->hide_identity = b;
	} else if (strcmp(n, "hide-version") == 0) {
		if (conf_bool(p, n, v, &b) == 0)
			c->hide_version = b;
	} else if (strcmp(n, "log-level") == 0 || strcmp(n, "verbosity") == 0) {
		if (log_level_parse(v, &c->log_level) != 0)
			conf_error(p, p->line,
			    "%s: unknown level '%s'; write "
			    "error, warning, notice, info or debug",
			    n, v);
	} else if (strcmp(n, "log") == 0) {
		if (strcmp(v, "syslog") == 0)
			c->use_syslog = 1;
		else if (strcmp(v, "stderr") == 0)
			c->use_syslog = 0;
		else
			conf_error(p, p->line,
			    "log: '%s' is not syslog or "
			    "stderr; write one of them",
			    v);
	} else if (strcmp(n, "tcp-timeout") == 0) {
		if (conf_uint(p, n, v, 1, 3600, &u) == 0)
			c->tcp_timeout = u;
	} else if (strcmp(n, "tcp-count") == 0) {
		if (conf_uint(p, n, v, 1, 65536, &u) == 0)
			c->tcp_count = u;
	} else if (strcmp(n, "tcp-read-timeout") == 0) {
		if (conf_uint(p, n, v, 1, 3600, &u) == 0)
			c->tcp_read_timeout = u;
	} else if (strcmp(n, "tcp-count-per-source") == 0) {
		if (conf_uint(p, n, v, 0, 65536, &u) == 0)
			c->tcp_count_per_source = u;
	} else if (strcmp(n, "limit-log-interval") == 0) {
		if (conf_uint(p, n, v, 1, 86400, &u) == 0)
			c->limit_log_interval = u;
	} else if (strcmp(n, "update-max-size") == 0) {
		/* 512: the UDP message size of RFC 1035 §4.2.1. */
		if (conf_uint(p, n, v, 512, 65535, &u) == 0)
			c->update_max_size = u;
	} else if (strcmp(n, "require-cookie") == 0) {
		if (conf_bool(p, n, v, &b) == 0)
			c->require_cookie = b;
	} else if (strncmp(n, "rrl-", 4) == 0) {
		conf_rrl_opt(p, n, v);
	} else if (strcmp(n, "cookie-secret") == 0) {
		conf_cookie_secret(p, v);
	} else
		conf_error(p, p->line,
		    "unknown option '%s' in server:; see "
		    "radixd.conf(5) for the options",
		    n);
}

/* Keep a rule line of kind k (0 update, 1 xfr, 2 notify) for conf_build. */
static void
conf_keep_rule(struct conf_rule **v, size_t *n, const char *text, unsigned line)
{
	struct conf_rule *r;

	r = reallocarray(*v, *n + 1, sizeof(*r));
	if (r == NULL)
		fatal("out of memory reading the configuration");
	*v = r;
	r[*n].text = NULL;
	conf_setstr(&r[*n].text, text);
	r[*n].line = line;
	(*n)++;
}

/* Options of a zone: block other than name and zonefile; 0, or -1 unknown. */
static int
conf_zone_opt(struct conf_parse *p, const char *n, const char *v)
{
	struct conf_zone *z = &p->zopt;
	unsigned long u;
	int b;

	if (strcmp(n, "allow-update") == 0)
		conf_keep_rule(&z->rules[0], &z->nrules[0], v, p->line);
	else if (strcmp(n, "provide-xfr") == 0)
		conf_keep_rule(&z->rules[1], &z->nrules[1], v, p->line);
	else if (strcmp(n, "allow-notify") == 0)
		conf_keep_rule(&z->rules[2], &z->nrules[2], v, p->line);
	else if (strcmp(n, "notify") == 0)
		conf_keep_rule(&z->notify_lines, &z->nnotify_lines, v, p->line);
	else if (strcmp(n, "notify-ns") == 0) {
		if (conf_bool(p, n, v, &b) == 0)
			z->notify_ns = b;
	} else if (strcmp(n, "notify-ns-port") == 0) {
		if (conf_uint(p, n, v, 1, 65535, &u) == 0)
			z->notify_ns_port = (uint16_t)u;
	} else if (strcmp(n, "max-records") == 0) {
		/* A 32-bit count, as BIND's max-records. */
		if (conf_uint(p, n, v, 0, 0xffffffffUL, &u) == 0)
			z->max_records = u;
	} else if (strcmp(n, "journal") == 0)
		conf_setstr(&z->journal, v);
	else if (strcmp(n, "journal-size") == 0) {
		if (conf_uint(p, n, v, 4096, 1UL << 40, &u) == 0) {
			z->journal_size = u;
			p->zjournal_size = 1;
		}
	} else if (strcmp(n, "zonefile-sync") == 0) {
		if (conf_uint(p, n, v, 0, 86400 * 7, &u) == 0) {
			z->zonefile_sync = u;
			p->zsync = 1;
		}
	} else if (strcmp(n, "serial-policy") == 0) {
		p->zpolicy = 1;
		if (strcmp(v, "increment") == 0)
			z->serial_policy = UPDATE_SERIAL_INCREMENT;
		else if (strcmp(v, "unixtime") == 0)
			z->serial_policy = UPDATE_SERIAL_UNIXTIME;
		else if (strcmp(v, "dateserial") == 0)
			z->serial_policy = UPDATE_SERIAL_DATESERIAL;
		else
			conf_error(p, p->line,
			    "serial-policy: '%s' is not increment, unixtime "
			    "or dateserial; write one of them",
			    v);
	} else
		return -1;
	return 0;
}

/* The path v relative to the configuration's folder, in buf. */
static const char *
conf_path(struct conf_parse *p, const char *v, char *buf, size_t len)
{
	if (v[0] == '/' || p->dir[0] == '\0')
		snprintf(buf, len, "%s", v);
	else
		snprintf(buf, len, "%s/%s", p->dir, v);
	return buf;
}

/* Move the options of the zone: block just read into the zone added. */
static void
conf_zone_take(struct conf_parse *p, struct conf_zone *z)
{
	struct conf_zone *o = &p->zopt;
	char path[PATH_MAX * 2];
	size_t k;

	if (o->journal != NULL)
		conf_setstr(
		    &z->journal, conf_path(p, o->journal, path, sizeof(path)));
	if (p->zjournal_size)
		z->journal_size = o->journal_size;
	if (p->zsync)
		z->zonefile_sync = o->zonefile_sync;
	if (p->zpolicy)
		z->serial_policy = o->serial_policy;
	z->notify_ns = o->notify_ns;
	if (o->notify_ns_port != 0)
		z->notify_ns_port = o->notify_ns_port;
	z->max_records = o->max_records;
	for (k = 0; k < 3; k++) {
		z->rules[k] = o->rules[k];
		z->nrules[k] = o->nrules[k];
		o->rules[k] = NULL;
		o->nrules[k] = 0;
	}
	z->notify_lines = o->notify_lines;
	z->nnotify_lines = o->nnotify_lines;
	o->notify_lines = NULL;
	o->nnotify_lines = 0;
}

/* End the block being read: check a zone: or key: block is complete. */
static void
conf_end_block(struct conf_parse *p)
{
	char err[256], file[PATH_MAX * 2];
	struct conf_key *k;

	if (p->block == BLOCK_ZONE) {
		if (p->zname == NULL || p->zfile == NULL)
			conf_error(p, p->block_line,
			    "zone: block without %s; "
			    "add a '%s:' line",
			    p->zname ? "zonefile" : "name",
			    p->zname ? "zonefile" : "name");
		else {
			if (p->zfile[0] == '/' || p->dir[0] == '\0')
				snprintf(file, sizeof(file), "%s", p->zfile);
			else
				snprintf(file, sizeof(file), "%s/%s", p->dir,
				    p->zfile);
			if (conf_add_zone(
				p->c, p->zname, file, err, sizeof(err)) != 0)
				conf_error(p, p->block_line, "%s", err);
			else
				conf_zone_take(
				    p, &p->c->zones[p->c->nzones - 1]);
		}
	} else if (p->block == BLOCK_KEY) {
		if (p->kname == NULL || p->kalg == NULL || p->ksecret == NULL)
			conf_error(p, p->block_line,
			    "key: block needs name, "
			    "algorithm and secret; add the missing lines");
		else {
			k = reallocarray(
			    p->c->keys, p->c->nkeys + 1, sizeof(*k));
			if (k == NULL)
				fatal(
				    "out of memory reading the configuration");
			p->c->keys = k;
			k[p->c->nkeys].name = p->kname;
			k[p->c->nkeys].algorithm = p->kalg;
			k[p->c->nkeys].secret = p->ksecret;
			p->c->nkeys++;
			p->kname = p->kalg = p->ksecret = NULL;
		}
	}
	conf_zone_free(&p->zopt);
	memset(&p->zopt, 0, sizeof(p->zopt));
	p->zjournal_size = p->zsync = p->zpolicy = 0;
	free(p->zname);
	free(p->zfile);
	free(p->kname);
	free(p->kalg);
	free(p->ksecret);
	p->zname = p->zfile = p->kname = p->kalg = p->ksecret = NULL;
	p->block = BLOCK_NONE;
}

static void
conf_option(struct conf_parse *p, const char *n, const char *v)
{
	switch (p->block) {
	case BLOCK_NONE:
		conf_error(p, p->line,
		    "'%s' outside a block; put it under "
		    "server:, key: or zone:",
		    n);
		break;
	case BLOCK_SERVER:
		conf_server_opt(p, n, v);
		break;
	case BLOCK_ZONE:
		if (strcmp(n, "name") == 0)
			conf_setstr(&p->zname, v);
		else if (strcmp(n, "zonefile") == 0 || strcmp(n, "file") == 0)
			conf_setstr(&p->zfile, v);
		else if (conf_zone_opt(p, n, v) != 0)
			conf_error(p, p->line,
			    "unknown option '%s' in zone:; see "
			    "radixd.conf(5) for the zone options",
			    n);
		break;
	case BLOCK_KEY:
		if (strcmp(n, "name") == 0)
			conf_setstr(&p->kname, v);
		else if (strcmp(n, "algorithm") == 0)
			conf_setstr(&p->kalg, v);
		else if (strcmp(n, "secret") == 0)
			conf_setstr(&p->ksecret, v);
		else
			conf_error(p, p->line,
			    "unknown option '%s' in key:; "
			    "a key has name, algorithm and secret",
			    n);
		break;
	}
}

static void
conf_line(struct conf_parse *p, char *s)
{
	char *n, *v;

	while (isspace((unsigned char)*s))
		s++;
	conf_strip(s);
	if (*s == '\0')
		return;
	if (conf_split(p, s, &n, &v) != 0)
		return;
	if (*v == '\0' && (strcmp(n, "server") == 0 || strcmp(n, "zone") == 0 ||
			      strcmp(n, "key") == 0)) {
		conf_end_block(p);
		p->block = n[0] == 's'	 ? BLOCK_SERVER
			   : n[0] == 'z' ? BLOCK_ZONE
					 : BLOCK_KEY;
		p->block_line = p->line;
		return;
	}
	if (*v == '\0' && strcmp(n, "user") != 0 &&
	    strcmp(n, "username") != 0) {
		conf_error(
		    p, p->line, "'%s' has no value; write '%s: VALUE'", n, n);
		return;
	}
	conf_option(p, n, v);
}

/* Turn the ip-address lines into listen addresses, now that port is known. */
static void
conf_resolve_listen(struct conf_parse *p)
{
	char err[256];
	size_t i;

	for (i = 0; i < p->nlisten; i++) {
		if (conf_add_listen(
			p->c, p->listen[i], p->port, err, sizeof(err)) != 0)
			conf_error(p, p->listen_line[i], "%s", err);
		free(p->listen[i]);
	}
	if (p->nlisten == 0) {
		conf_add_listen(p->c, "0.0.0.0", p->port, err, sizeof(err));
		conf_add_listen(p->c, "::", p->port, err, sizeof(err));
	}
}

/* Read the lines of f; name is the file in messages. 0, or -1 after errors. */
static int
conf_parse_stream(struct conf *c, FILE *f, const char *name)
{
	struct conf_parse p;
	char buf[CONF_LINE_MAX];
	const char *slash;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.path = name;
	p.port = CONF_DEFAULT_PORT;
	slash = strrchr(name, '/');
	if (slash != NULL)
		snprintf(
		    p.dir, sizeof(p.dir), "%.*s", (int)(slash - name), name);
	while (fgets(buf, sizeof(buf), f) != NULL) {
		p.line++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			conf_error(&p, p.line,
			    "line longer than %d octets; "
			    "shorten it",
			    CONF_LINE_MAX - 1);
			break;
		}
		conf_line(&p, buf);
	}
	conf_end_block(&p);
	conf_resolve_listen(&p);
	return p.errors ? -1 : 0;
}

int
conf_read(struct conf *c, const char *path)
{
	FILE *f;
	int r;

	conf_setstr(&c->path, path);
	f = fopen(path, "r");
	if (f == NULL) {
		log_err("%s: cannot open: %s; give an existing file with -c",
		    path, strerror(errno));
		return -1;
	}
	r = conf_parse_stream(c, f, path);
	fclose(f);
	return r;
}

int
conf_read_mem(struct conf *c, const char *buf, size_t len, const char *name)
{
	FILE *f;
	int r;

	if (len == 0)
		return 0; /* fmemopen refuses an empty buffer */
	f = fmemopen((void *)(uintptr_t)buf, len, "r");
	if (f == NULL)
		return -1;
	r = conf_parse_stream(c, f, name);
	fclose(f);
	return r;
}

/* The keyset from the key: blocks. Returns the number of errors. */
static int
conf_build_keys(struct conf *c, const char *where)
{
	struct tsig_key k;
	char err[256];
	size_t i;
	int errors = 0, rc;

	tsig_keyset_free(&c->keyset);
	tsig_keyset_init(&c->keyset);
	for (i = 0; i < c->nkeys; i++) {
		if (tsig_key_from_text(&k, c->keys[i].name,
			c->keys[i].algorithm, c->keys[i].secret, err,
			sizeof(err)) != 0) {
			log_err("%s: key %s: %s", where, c->keys[i].name, err);
			errors++;
			continue;
		}
		rc = tsig_keyset_add(&c->keyset, &k);
		if (rc == RD_EEXIST) {
			log_err("%s: key %s is defined twice; keep one", where,
			    c->keys[i].name);
			errors++;
		} else if (rc != 0)
			fatal("out of memory building the key set");
		explicit_bzero(&k, sizeof(k));
	}
	return errors;
}

/* A notify: line "ADDR[@PORT] [KEYNAME]" into z->notify. 0 or -1. */
static int
conf_build_notify(struct conf *c, struct conf_zone *z,
    const struct conf_rule *r, const char *where)
{
	struct conf_notify *t;
	char addr[128], key[NAME_MAXLEN * 4 + 1], err[256];
	uint8_t wire[NAME_MAXLEN];
	static const uint8_t root[1] = {0};
	int n;

	key[0] = '\0';
	n = sscanf(r->text, "%127s %1020s", addr, key);
	t = reallocarray(z->notify, z->nnotify + 1, sizeof(*t));
	if (t == NULL)
		fatal("out of memory reading the configuration");
	z->notify = t;
	t = &t[z->nnotify];
	memset(t, 0, sizeof(*t));
	if (n < 1 || conf_parse_addr(addr, 53, &t->addr, &t->addrlen, t->text,
			 sizeof(t->text), err, sizeof(err)) != 0) {
		log_err("%s:%u: notify: %s", where, r->line,
		    n < 1 ? "no address; write ADDR[@PORT] [KEYNAME]" : err);
		return -1;
	}
	/* NSD writes an unsigned target as "ADDR NOKEY": take it the same. */
	if (strcmp(key, "NOKEY") == 0)
		key[0] = '\0';
	if (key[0] != '\0') {
		if (name_from_text(key, strlen(key), root, wire) < 1 ||
		    (t->key = tsig_keyset_find(&c->keyset, wire)) == NULL) {
			log_err("%s:%u: notify: no key: block named '%s'; "
				"define the key or fix its name",
			    where, r->line, key);
			return -1;
		}
	}
	z->nnotify++;
	return 0;
}

/* The ACLs and notify targets of z from its rule lines; the error count. */
static int
conf_build_zone(struct conf *c, struct conf_zone *z, const char *where)
{
	static const char *kw[3] = {
	    "allow-update", "provide-xfr", "allow-notify"};
	struct acl *acl[3] = {&z->acl_update, &z->acl_xfr, &z->acl_notify};
	char err[256], loc[PATH_MAX + 16];
	size_t k, i;
	int errors = 0;

	for (k = 0; k < 3; k++) {
		acl_free(acl[k]);
		acl_init(acl[k]);
		for (i = 0; i < z->nrules[k]; i++) {
			snprintf(loc, sizeof(loc), "%s:%u", where,
			    z->rules[k][i].line);
			if (acl_add(acl[k], z->rules[k][i].text,
				k == 0 ? ACL_UPDATE : 0, &c->keyset, loc, err,
				sizeof(err)) != 0) {
				log_err("%s: %s: %s", loc, kw[k], err);
				errors++;
			}
		}
	}
	free(z->notify);
	z->notify = NULL;
	z->nnotify = 0;
	for (i = 0; i < z->nnotify_lines; i++)
		if (conf_build_notify(c, z, &z->notify_lines[i], where) != 0)
			errors++;
	return errors;
}

int
conf_check(struct conf *c)
{
	const char *where = c->path ? c->path : "command line";
	char host[256];
	size_t i;
	int errors;

	if (c->nzones == 0) {
		log_err("%s: no zone to serve; add a zone: block with name "
			"and zonefile, or give -z ORIGIN:FILE",
		    c->path ? c->path : "command line");
		return -1;
	}
	if (c->nlisten == 0) {
		log_err("command line: no listen address; give -l ADDR@PORT");
		return -1;
	}
	errors = conf_build_keys(c, where);
	for (i = 0; i < c->nzones; i++)
		errors += conf_build_zone(c, &c->zones[i], where);
	if (errors)
		return -1;
	if (c->identity == NULL) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "radixd");
		host[sizeof(host) - 1] = '\0';
		conf_setstr(&c->identity, host);
	}
	if (c->version == NULL)
		conf_setstr(&c->version, "radixdns " PACKAGE_VERSION);
	return 0;
}
