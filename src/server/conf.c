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

#include "dns/name.h"
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
	char *zname, *zfile;	      /* the zone: block being read */
	char *kname, *kalg, *ksecret; /* the key: block being read */
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
}

void
conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nzones; i++) {
		free(c->zones[i].name);
		free(c->zones[i].file);
	}
	for (i = 0; i < c->nkeys; i++) {
		free(c->keys[i].name);
		free(c->keys[i].algorithm);
		free(c->keys[i].secret);
	}
	free(c->zones);
	free(c->keys);
	free(c->user);
	free(c->pidfile);
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

int
conf_add_listen(struct conf *c, const char *spec, unsigned defport, char *err,
    size_t errlen)
{
	struct conf_listen *l;
	char host[64];
	const char *at;
	unsigned long port = defport;
	char *end;
	size_t hl;

	if (c->nlisten == CONF_MAX_LISTEN) {
		snprintf(err, errlen,
		    "more than %d listen addresses; "
		    "remove some",
		    CONF_MAX_LISTEN);
		return -1;
	}
	at = strrchr(spec, '@');
	hl = at ? (size_t)(at - spec) : strlen(spec);
	if (hl == 0 || hl >= sizeof(host)) {
		snprintf(err, errlen,
		    "bad listen address '%s'; expected "
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
	l = &c->listen[c->nlisten];
	memset(l, 0, sizeof(*l));
	if (strchr(host, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&l->addr;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			goto bad;
		l->addrlen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&l->addr;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			goto bad;
		l->addrlen = sizeof(*s4);
	}
	snprintf(l->text, sizeof(l->text), "%s@%lu", host, port);
	c->nlisten++;
	return 0;
bad:
	snprintf(err, errlen,
	    "'%s' is not an IPv4 or IPv6 address; "
	    "write a numeric address like 127.0.0.1 or ::1",
	    host);
	return -1;
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
	if (z->name == NULL || z->file == NULL)
		fatal("out of memory reading the configuration");
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
	} else
		conf_error(p, p->line,
		    "unknown option '%s' in server:; see "
		    "radixd.conf(5) for the options",
		    n);
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
		else
			conf_error(p, p->line,
			    "unknown option '%s' in zone:; "
			    "a zone has name and zonefile",
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

int
conf_check(struct conf *c)
{
	char host[256];

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
