/*
 * conf: the configuration of radixd, from radixd.conf (NSD-style server:,
 * key: and zone: blocks of "name: value" lines) or from the command line.
 * Every error names FILE:LINE, what is wrong and what to do.
 */
#ifndef RD_SERVER_CONF_H
#define RD_SERVER_CONF_H

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/acl.h"
#include "dns/name.h"
#include "dns/rrl.h"
#include "dns/tsig.h"
#include "dns/update.h"

#define CONF_MAX_LISTEN 16
#define CONF_MAX_WORKERS 256

struct conf_listen {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char text[80]; /* as written, for messages */
};

struct conf_key {
	char *name;
	char *algorithm;
	char *secret;
};

/* A rule line as written, kept until the key set is known. */
struct conf_rule {
	char *text;
	unsigned line;
};

/* A notify: target, ADDR[@PORT] [KEYNAME] (issue 5). */
struct conf_notify {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char text[80];		    /* ADDR@PORT, for messages */
	const struct tsig_key *key; /* in conf.keyset, or NULL: unsigned */
};

#define CONF_JOURNAL_SIZE_DEFAULT (64UL * 1024 * 1024)
#define CONF_ZONEFILE_SYNC_DEFAULT 60
#define CONF_UPDATE_MAX_SIZE_DEFAULT 65535 /* the largest DNS message */

struct conf_zone {
	char *name;		     /* as written */
	uint8_t origin[NAME_MAXLEN]; /* absolute wire name */
	char *file;
	/*
	 * Access control, built by conf_read once every key: block is known
	 * (the rule grammar is in dns/acl.h). A zone without allow-update:
	 * takes no updates and keeps no journal.
	 */
	struct acl acl_update;	    /* allow-update: (ACL_UPDATE rules) */
	struct acl acl_xfr;	    /* provide-xfr: */
	struct acl acl_notify;	    /* allow-notify: */
	struct conf_notify *notify; /* notify: targets */
	size_t nnotify;
	char *journal;			  /* journal: (default FILE.jnl) */
	size_t journal_size;		  /* journal-size: bytes */
	enum update_serial serial_policy; /* serial-policy: */
	unsigned zonefile_sync;		  /* zonefile-sync: seconds, 0: never */
	/*
	 * notify-ns: yes also notifies the addresses of the apex NS hosts
	 * other than the SOA MNAME (RFC 1996 §3.6), unsigned, at port
	 * notify-ns-port: (default 53). Issue 5 point 3.
	 */
	int notify_ns;
	uint16_t notify_ns_port;
	/*
	 * max-records: (BIND's name) the most RRs the zone may hold, its
	 * file at load and reload and after each UPDATE or hand edit; 0: no
	 * limit (as BIND). Issue 7 point 4.
	 */
	size_t max_records;
	/* The rule lines as read, for conf_build. */
	struct conf_rule *rules[3];
	size_t nrules[3];
	struct conf_rule *notify_lines;
	size_t nnotify_lines;
};

struct conf {
	struct conf_listen listen[CONF_MAX_LISTEN];
	size_t nlisten;
	unsigned workers;      /* 0: one per CPU */
	char *user;	       /* NULL: stay as started */
	char *pidfile;	       /* NULL: none */
	char *group;	       /* group:; NULL: the user's primary group */
	char *chroot;	       /* chroot:; NULL: none */
	char *logfile;	       /* logfile:; NULL: syslog, or stderr with -d */
	char *control_socket;  /* radixctl's unix socket; NULL: none */
	struct conf_listen metrics; /* metrics: HTTP; addrlen 0: none */
	uint16_t edns_payload; /* RFC 6891 §6.2.5; default 1232 */
	char *identity;	       /* CHAOS id.server; default: host name */
	char *version; /* CHAOS version.server; default: radixdns VERSION */
	int hide_identity;
	int hide_version;
	int log_level;
	int use_syslog; /* a daemon logs to syslog (default) or stderr */
	int foreground; /* -d */
	unsigned
	    tcp_timeout;    /* seconds idle before a TCP connection is closed */
	unsigned tcp_count; /* TCP connections per worker */
	unsigned tcp_read_timeout;     /* seconds for one whole message */
	unsigned tcp_count_per_source; /* per address or /64; 0: no cap */
	unsigned limit_log_interval;   /* seconds: a limit hit logs once */
	unsigned update_max_size;      /* octets: a larger UPDATE is REFUSED */
	int require_cookie;  /* BADCOOKIE over UDP, RFC 7873 §5.2.3 */
	struct rrl_opts rrl; /* rrl-*: response rate limiting; rate 0: off */
	uint8_t cookie_secret[16]; /* RFC 9018; random unless configured */
	struct conf_zone *zones;
	size_t nzones;
	struct conf_key *keys;
	size_t nkeys;
	struct tsig_keyset keyset; /* the key: blocks, built by conf_read */
	char *path;		   /* configuration file, or NULL */
};

/* Fill c with the defaults. */
void conf_init(struct conf *c);

/* Release what conf_init, conf_read and conf_* added. */
void conf_free(struct conf *c);

/*
 * Read the configuration file path into c. Every error is logged as
 * "FILE:LINE: what is wrong; what to do". Returns 0, or -1 with at least one
 * error logged.
 */
int conf_read(struct conf *c, const char *path);

/* The same from a buffer (tests, fuzzing); name stands for the file. */
int conf_read_mem(
    struct conf *c, const char *buf, size_t len, const char *name);

/* Add a listen address "ADDR", "ADDR@PORT" (IPv4 or IPv6). 0 or -1. */
int conf_add_listen(struct conf *c, const char *spec, unsigned defport,
    char *err, size_t errlen);

/* Add a zone: origin in presentation form and its file. 0 or -1. */
int conf_add_zone(struct conf *c, const char *origin, const char *file,
    char *err, size_t errlen);

/* Check the configuration: a zone, a listen address. 0 or -1. */
int conf_check(struct conf *c);

#endif
