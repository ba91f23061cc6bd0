/*
 * rrl: response rate limiting, as NSD, Knot and BIND do it, in our own
 * code. A fixed table of token buckets (allocated once by rrl_init, none
 * after) keyed by (source prefix, response class, name):
 *
 *   - the source is cut to a prefix: /24 for IPv4 and /56 for IPv6 by
 *     default (an IPv4-mapped IPv6 address counts as IPv4);
 *   - the class is what the response is (rrl_class_of);
 *   - the name follows BIND: for RRL_ANSWER the qname, for RRL_NXDOMAIN
 *     and RRL_NODATA the zone's apex (so a flood of random names under one
 *     zone fills one bucket), for RRL_REFERRAL the delegation point, and
 *     no name for RRL_ERROR (all errors to one prefix share a bucket).
 *
 * Accounting per bucket: it starts with rate tokens, gains rate tokens per
 * second up to rate, and each response takes one. A response that finds
 * the balance below zero is limited; the debt is kept down to
 * -(window * rate), so a source that flooded stays limited for up to
 * window seconds after it slows down. Every slip-th limited response goes
 * out as a truncated reply (TC set, no records) so that a real client
 * retries over TCP; the others are dropped (slip 0: never; 1: always).
 *
 * Time is passed in (seconds, any epoch, wrapping); there is no clock call
 * and no global state. Each worker owns one table.
 */
#ifndef RD_RRL_H
#define RD_RRL_H

#include <stddef.h>
#include <stdint.h>

struct sockaddr;

/* Response classes. */
enum rrl_class {
	RRL_ANSWER = 0,	  /* NOERROR with records in the answer section */
	RRL_NXDOMAIN = 1, /* rcode NXDOMAIN */
	RRL_REFERRAL = 2, /* NOERROR, not authoritative, NS in authority */
	RRL_NODATA = 3,	  /* NOERROR, authoritative, empty answer */
	RRL_ERROR = 4,	  /* any other rcode (FORMERR, REFUSED, ...) */
	RRL_NCLASS = 5,
};

enum rrl_action {
	RRL_PASS = 0, /* send the response */
	RRL_DROP = 1, /* send nothing */
	RRL_SLIP = 2, /* send a truncated reply (TC, no records) */
};

/* What rrl_check and rrl_sweep report, for one log line each. */
enum rrl_event_kind {
	RRL_EV_NONE = 0,
	RRL_EV_START = 1, /* a bucket became limited */
	RRL_EV_STOP = 2,  /* a bucket whose start was reported recovered */
};

struct rrl_event {
	enum rrl_event_kind kind;
	enum rrl_class cls;
	int family; /* AF_INET or AF_INET6 */
	uint8_t prefixlen;
	uint8_t addr[16]; /* the prefix, host bits zero */
};

/* An address prefix (exempt list). */
struct rrl_prefix {
	int family;	  /* AF_INET or AF_INET6 */
	uint8_t len;	  /* prefix length in bits */
	uint8_t addr[16]; /* host bits zero */
};

#define RRL_EXEMPT_MAX 32
#define RRL_PROBE 4 /* slots tried per key before one is evicted */

struct rrl_opts {
	uint32_t rate;	   /* responses per second per bucket; 0: off */
	uint32_t slip;	   /* every slip-th limited response is TC; 0: none */
	uint32_t window;   /* seconds of debt kept (>= 1); 0: 15 */
	size_t size;	   /* buckets, rounded up to a power of two; 0: 65536 */
	uint8_t v4_prefix; /* 0: 24 */
	uint8_t v6_prefix; /* 0: 56 */
	uint32_t log_interval; /* seconds between two start reports of a bucket;
				  0: 60 */
	uint8_t seed[16];      /* key of the bucket hash (random at start-up) */
	size_t nexempt;
	struct rrl_prefix exempt[RRL_EXEMPT_MAX];
};

/* Counters since rrl_init. */
struct rrl_stats {
	uint64_t passed, dropped, slipped, exempt, evicted;
};

struct rrl_bucket;

struct rrl {
	struct rrl_opts o; /* with the defaults filled in */
	struct rrl_bucket *b;
	size_t mask;   /* size - 1 */
	size_t cursor; /* where rrl_sweep goes on */
	struct rrl_stats st;
};

/*
 * Set up r from o (copied; zero fields take the defaults above) and
 * allocate the table. Returns 0, RD_EINVAL (a prefix length over 32 or
 * 128, more than RRL_EXEMPT_MAX exempt prefixes) or RD_ENOMEM.
 */
int rrl_init(struct rrl *r, const struct rrl_opts *o);

/* Release the table. */
void rrl_free(struct rrl *r);

/*
 * Account one response of class cls to src (AF_INET or AF_INET6; any other
 * family passes) for name (wire form; may be NULL, ignored for RRL_ERROR;
 * compared case-insensitively) at time now, and say what to do with it.
 * ev (may be NULL) gets RRL_EV_START when this response made the bucket
 * limited and no start was reported for it in the last log_interval
 * seconds, RRL_EV_STOP when a reported bucket passes again, else
 * RRL_EV_NONE. With rate 0 everything passes.
 */
enum rrl_action rrl_check(struct rrl *r, const struct sockaddr *src,
    enum rrl_class cls, const uint8_t *name, uint32_t now,
    struct rrl_event *ev);

/*
 * Look at up to budget buckets from where the last call stopped and report,
 * in ev[0..evmax), buckets whose start was reported and that would pass
 * again at now (their source went quiet). Returns the number of events.
 * Call it about once a second with a budget that covers the table within
 * a few seconds.
 */
size_t rrl_sweep(struct rrl *r, uint32_t now, size_t budget,
    struct rrl_event *ev, size_t evmax);

/*
 * The class of a response from its header: rcode (with extended bits),
 * the AA flag, ANCOUNT and NSCOUNT. RFC 1035 §4.1.1.
 */
enum rrl_class rrl_class_of(
    unsigned rcode, int aa, unsigned ancount, unsigned nscount);

/* "answer", "NXDOMAIN", "referral", "nodata" or "error". */
const char *rrl_class_name(enum rrl_class cls);

/*
 * Parse "192.0.2.0/24", "2001:db8::/32" or a bare address (a full-length
 * prefix). Returns 0 or RD_ESYNTAX (also for host bits set after the
 * prefix).
 */
int rrl_prefix_parse(const char *text, struct rrl_prefix *p);

/*
 * The log line of an event, e.g. "rate limiting started for 192.0.2.0/24
 * (NXDOMAIN)". Returns the length written (NUL-terminated, cut to max).
 */
int rrl_event_format(const struct rrl_event *ev, char *buf, size_t max);

#endif
