/*
 * server: the state of the main process, in one explicit struct (STYLE.md
 * point 9), shared by main.c, zones.c and supervise.c.
 */
#ifndef RD_SERVER_SERVER_H
#define RD_SERVER_SERVER_H

#include <sys/types.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "dns/answer.h"
#include "server/conf.h"

struct zonedb;
struct zone;
struct jnl;
struct notifier;
struct writer;

/* A served zone and the identity of the file it was read from. */
struct zslot {
	const struct conf_zone *cz;
	struct zone *zone;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct jnl *jnl;  /* dynamic zones (allow-update:), else NULL */
	struct jnl *ixfr; /* static zones: reload diffs kept for IXFR */
	char *base;	  /* the zone file as last read or written */
	uint32_t flushed; /* serial of the zone file on disk */
	time_t flush_at;  /* next zonefile-sync */
	time_t loaded_at; /* last load or reload of the file */
	int frozen;	  /* radixctl freeze: updates are REFUSED */
	/* The last UPDATE applied since start, for radixctl zone-status. */
	time_t upd_at;	     /* 0: none */
	uint32_t upd_serial; /* the serial it made */
	int upd_tcp;	     /* it came over TCP */
	char upd_from[64];   /* the client's address */
	char upd_key[256];   /* its TSIG key name, "" when unsigned */
	int stopped;	  /* journal damaged at load: SERVFAIL until recovered */
};

/* A worker slot: its sockets and the process serving them. */
struct wslot {
	pid_t pid; /* 0 when none is running */
	time_t started;
	time_t restart_at; /* 0, or when to start a replacement */
	int ready;	   /* the worker reads its sockets */
	unsigned deaths;   /* quick deaths in a row */
	int ipc;	   /* main's end of the worker's socketpair, or -1 */
	uint32_t acked;	   /* last diff the worker applied */
};

struct server {
	struct conf conf;
	struct zonedb *db;
	struct zslot *zones; /* conf.nzones */
	struct answer_opts aopts;
	unsigned nslots;
	struct wslot *slots;
	int *udp; /* [slot * nlisten + listen] */
	int *tcp;
	int *hand; /* [slot * 2 + 0/1]: unix socket pair for TCP handover */
	unsigned char *pktinfo; /* per listen address */
	pid_t *old;		/* draining workers, for the log */
	size_t nold, oldcap;
	int life[2];  /* workers hold [0]; EOF when main is gone */
	int ready[2]; /* a worker writes its pid to [1] once it serves */
	pid_t mainpid;
	int stopping;
	struct notifier *notifier;
	struct writer *writer;
	int ctl;	 /* radixctl's listening socket, or -1 */
	struct stats_pool *stats; /* counters: one shared block per process */
	struct metrics *metrics;  /* metrics: HTTP listener, or NULL */
	time_t started;	 /* for radixctl status */
	int sd_fd;	 /* connected $NOTIFY_SOCKET, or -1 (sdnotify.h) */
	int sd_ready;	 /* READY=1 was sent */
	/*
	 * DNS cookie secrets (RFC 9018 §5): the current one makes cookies,
	 * the previous one (after radixctl cookie-rotate) is still accepted.
	 * conf.cookie_secret is only the first; workers fork with these.
	 */
	uint8_t cookie_cur[16];
	uint8_t cookie_prev[16];
	int cookie_has_prev;
};

/* Signal flags, set by main's handlers. */
extern volatile sig_atomic_t server_sig_hup;
extern volatile sig_atomic_t server_sig_term;
extern volatile sig_atomic_t server_sig_chld;
extern volatile sig_atomic_t server_sig_usr2; /* log-reopen */

/* zones.c: load every zone at start; 0, or -1 naming the zones that failed. */
int zones_load(struct server *s);

/*
 * zones_static.c: a static zone's IXFR history (zones without
 * allow-update:). zones_static_open opens its journal at start (a failure
 * only costs the history: logged, *zs->ixfr stays NULL);
 * zones_static_reload keeps the change old -> z of a reload in it.
 */
void zones_static_open(struct zslot *zs);
void zones_static_reload(
    struct zslot *zs, const struct zone *old, const struct zone *z);

/* zones.c: SIGHUP: re-read changed zone files; failures keep the old data. */
void zones_reload(struct server *s);

/*
 * zones.c: a dynamic zone's changed file (hand edit) carried over to the
 * live zone as one more diff, journalled (issue 4 point 6).
 */
void zones_rebase(struct server *s, size_t i, struct zone *file);

/*
 * zones.c: re-read zone slot i's file if it changed. 0 (reloaded or
 * unchanged), or -1 with the error logged (the old data stays).
 */
int zones_reload_zone(struct server *s, size_t i);

/* zones.c: write dynamic zones whose flush is due (all: when force). */
void zones_flush(struct server *s, int force);

/*
 * zones.c: write zone slot i now if it is dynamic and changed. 0, or -1
 * with the reason logged (a hand edit not yet read, a write error).
 */
int zones_flush_zone(struct server *s, size_t i, int force);

/* supervise.c: fork fresh workers from main's trees; the old ones drain. */
void supervise_renew(struct server *s);

/* supervise.c: open every slot's sockets; 0, or -1 with the error logged. */
int supervise_sockets(struct server *s);

/* supervise.c: start a worker in every slot. */
void supervise_start(struct server *s);

/* supervise.c: the supervision loop, until SIGTERM or SIGINT. */
void supervise_loop(struct server *s);

/*
 * supervise.c: log-reopen (radixctl, SIGUSR2): main opens logfile: again,
 * then signals every worker to do the same. 0, 1 when there is no log
 * file, or -1 with errno (main and the workers keep the old file).
 */
int supervise_log_reopen(struct server *s);

/*
 * supervise.c: worker k could not be sent what every worker must have
 * (what: "a diff", "the new cookie secret"); logs that with errno's text
 * and kills it, so that the supervision loop forks a fresh one from main's
 * current state. Its channel is closed: nothing more is sent to it.
 */
void supervise_replace(struct server *s, unsigned k, const char *what);

/* supervise.c: stop every worker and wait for them. */
void supervise_stop(struct server *s);

#endif
