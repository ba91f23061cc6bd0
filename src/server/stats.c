/*
 * stats: the blocks of counters main shares with its workers, their sum,
 * the reset baseline, and the text, JSON and Prometheus forms (stats.h says
 * who writes what).
 */
#include "config.h"

#include <sys/mman.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/stats.h"

/* Blocks per mapping: 64 blocks of about 800 octets. */
#define STATS_CHUNK 64

static struct stats_block stats_private;
struct stats_block *stats_self = &stats_private;

/* One shared mapping of blocks and, in main's memory, their owners. */
struct stats_chunk {
	struct stats_block *b;	  /* STATS_CHUNK blocks, MAP_SHARED */
	pid_t owner[STATS_CHUNK]; /* 0: free; -1: taken, not yet forked */
};

struct stats_pool {
	struct stats_chunk *chunks;
	size_t nchunks;
	uint64_t gone[STATS_N]; /* the counts of processes reaped */
	uint64_t base[STATS_N]; /* totals at the last reset */
};

/*
 * A family of counters: one name, and a label value per counter (none for
 * a single counter). The table drives every output format: adding a
 * counter is adding a row or a value.
 */
struct stats_family {
	const char *name;  /* radixctl stats */
	const char *prom;  /* Prometheus metric name */
	const char *label; /* Prometheus label name; NULL: one counter */
	unsigned first;	   /* enum stats_counter */
	const char *const *values;
	unsigned count;
	const char *help;
};

static const char *const stats_transports[] = {"udp", "tcp"};
static const char *const stats_opcodes[] = {
    "QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE", "DSO", "other"};
/* In the order of stats_qtype_index(). */
static const char *const stats_qtypes[] = {"A", "NS", "CNAME", "SOA", "PTR",
    "MX", "TXT", "AAAA", "SRV", "NAPTR", "DS", "RRSIG", "NSEC", "DNSKEY",
    "NSEC3", "NSEC3PARAM", "TLSA", "SVCB", "HTTPS", "CAA", "ANY", "AXFR",
    "IXFR", "other"};
/* In the order of stats_rcode_index(). */
static const char *const stats_rcodes[] = {"NOERROR", "FORMERR", "SERVFAIL",
    "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
    "NOTAUTH", "NOTZONE", "BADVERS", "BADCOOKIE", "other"};
static const char *const stats_drops[] = {"malformed", "rrl"};
static const char *const stats_tcp[] = {"accepted", "full"};
static const char *const stats_xfrs[] = {"axfr", "ixfr", "refused", "failed"};
static const char *const stats_updates[] = {"accepted", "tsig", "notauth",
    "policy", "frozen", "prereq", "notzone", "formerr", "servfail"};
static const char *const stats_notifies[] = {
    "sent", "acked", "refused", "given_up"};

#define STATS_FAM(name, prom, label, first, values, help)                      \
	{                                                                      \
		name, prom, label, first, values,                              \
		    sizeof(values) / sizeof(values[0]), help                   \
	}
#define STATS_ONE(name, prom, first, help)                                     \
	{                                                                      \
		name, prom, NULL, first, NULL, 1, help                         \
	}

static const struct stats_family stats_families[] = {
    STATS_FAM("queries", "radixdns_queries_total", "transport", STATS_QUERIES,
	stats_transports,
	"DNS messages received by the workers, by transport."),
    STATS_FAM("opcode", "radixdns_opcode_total", "opcode", STATS_OPCODE,
	stats_opcodes, "DNS messages received, by opcode."),
    STATS_FAM("qtype", "radixdns_qtype_total", "qtype", STATS_QTYPE,
	stats_qtypes, "Queries (opcode QUERY), by question type."),
    STATS_FAM("rcode", "radixdns_responses_total", "rcode", STATS_RCODE,
	stats_rcodes,
	"Responses the workers built, by rcode (the messages of a streamed "
	"transfer are not counted)."),
    STATS_ONE("truncated", "radixdns_truncated_total", STATS_TRUNCATED,
	"Responses sent with TC set."),
    STATS_ONE("edns", "radixdns_edns_queries_total", STATS_EDNS,
	"Queries with an EDNS OPT record."),
    STATS_FAM("dropped", "radixdns_dropped_total", "reason",
	STATS_DROP_MALFORMED, stats_drops,
	"Messages not answered: malformed or a response, or rate limited."),
    STATS_ONE("rrl-slipped", "radixdns_rrl_slipped_total", STATS_RRL_SLIP,
	"Rate limited answers sent truncated (slip)."),
    STATS_FAM("tcp", "radixdns_tcp_connections_total", "result",
	STATS_TCP_ACCEPTED, stats_tcp,
	"TCP connections accepted, and closed because tcp-count was reached."),
    STATS_FAM("transfers", "radixdns_transfers_total", "result", STATS_XFR_AXFR,
	stats_xfrs,
	"Zone transfer requests: AXFR streamed, IXFR answered, refused, "
	"failed."),
    STATS_FAM("updates", "radixdns_updates_total", "result", STATS_UPD_ACCEPTED,
	stats_updates,
	"UPDATE requests: accepted, or the reason they were refused."),
    STATS_FAM("notify", "radixdns_notify_total", "result", STATS_NOTIFY_SENT,
	stats_notifies,
	"NOTIFY messages sent to secondaries, and how they ended."),
};

#define STATS_NFAM (sizeof(stats_families) / sizeof(stats_families[0]))

void
stats_xfr(uint16_t qtype, int taken, const uint8_t *out, size_t len)
{
	unsigned rcode;

	stats_count(STATS_QTYPE + stats_qtype_index(qtype));
	if (taken) {
		stats_count(qtype == 251 ? STATS_XFR_IXFR : STATS_XFR_AXFR);
		return;
	}
	if (len < 12)
		return;
	stats_response(out, len);
	rcode = out[3] & 0xf;
	if (rcode == 0)
		stats_count(STATS_XFR_IXFR); /* RFC 1995 §2: up to date */
	else if (rcode == 5 || rcode == 9)
		stats_count(STATS_XFR_REFUSED);
	else
		stats_count(STATS_XFR_FAILED);
}

void
stats_update(int rcode)
{
	switch (rcode) {
	case 0:
		stats_count(STATS_UPD_ACCEPTED);
		break;
	case 1:
		stats_count(STATS_UPD_FORMERR);
		break;
	case 3: /* NXDOMAIN, YXDOMAIN, YXRRSET, NXRRSET: RFC 2136 §3.2.5 */
	case 6:
	case 7:
	case 8:
		stats_count(STATS_UPD_PREREQ);
		break;
	case 5: /* the policy of allow-update: rules (§3.3) */
		stats_count(STATS_UPD_POLICY);
		break;
	case 9:
		stats_count(STATS_UPD_NOTAUTH);
		break;
	case 10:
		stats_count(STATS_UPD_NOTZONE);
		break;
	default:
		stats_count(STATS_UPD_SERVFAIL);
	}
}

/* Map a chunk of zeroed shared blocks. 0, or -1 with errno set. */
static int
stats_pool_grow(struct stats_pool *p)
{
	struct stats_chunk *c;
	void *m;

	c = reallocarray(p->chunks, p->nchunks + 1, sizeof(*c));
	if (c == NULL)
		return -1;
	p->chunks = c;
	m = mmap(NULL, STATS_CHUNK * sizeof(struct stats_block),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	c = &p->chunks[p->nchunks++];
	c->b = m;
	memset(c->owner, 0, sizeof(c->owner));
	return 0;
}

struct stats_pool *
stats_pool_new(unsigned n)
{
	struct stats_pool *p;
	unsigned i;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	for (i = 0; i <= n; i += STATS_CHUNK) {
		if (stats_pool_grow(p) != 0) {
			stats_pool_free(p);
			return NULL;
		}
	}
	p->chunks[0].owner[0] = getpid();
	stats_self = &p->chunks[0].b[0];
	return p;
}

void
stats_pool_free(struct stats_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nchunks; i++) {
		if (stats_self >= p->chunks[i].b &&
		    stats_self < p->chunks[i].b + STATS_CHUNK)
			stats_self = &stats_private;
		munmap(
		    p->chunks[i].b, STATS_CHUNK * sizeof(struct stats_block));
	}
	free(p->chunks);
	free(p);
}

struct stats_block *
stats_pool_take(struct stats_pool *p)
{
	size_t i, k;

	for (i = 0;; i++) {
		if (i == p->nchunks && stats_pool_grow(p) != 0)
			return NULL;
		for (k = 0; k < STATS_CHUNK; k++) {
			if (p->chunks[i].owner[k] == 0) {
				p->chunks[i].owner[k] = -1;
				return &p->chunks[i].b[k];
			}
		}
	}
}

/* The owner slot of block b, or NULL. */
static pid_t *
stats_owner(struct stats_pool *p, const struct stats_block *b)
{
	size_t i;

	for (i = 0; i < p->nchunks; i++)
		if (b >= p->chunks[i].b && b < p->chunks[i].b + STATS_CHUNK)
			return &p->chunks[i].owner[b - p->chunks[i].b];
	return NULL;
}

void
stats_pool_own(struct stats_pool *p, struct stats_block *b, pid_t pid)
{
	pid_t *o;

	if (b == NULL || (o = stats_owner(p, b)) == NULL)
		return;
	*o = pid > 0 ? pid : 0;
}

void
stats_attach(struct stats_block *b)
{
	stats_self = b != NULL ? b : &stats_private;
}

void
stats_pool_exited(struct stats_pool *p, pid_t pid)
{
	struct stats_block *b;
	size_t i, k, j;

	if (p == NULL || pid <= 0)
		return;
	for (i = 0; i < p->nchunks; i++) {
		for (k = 0; k < STATS_CHUNK; k++) {
			if (p->chunks[i].owner[k] != pid)
				continue;
			/* It is gone: nobody writes b while we read it. */
			b = &p->chunks[i].b[k];
			for (j = 0; j < STATS_N; j++)
				p->gone[j] += b->c[j];
			memset(b, 0, sizeof(*b));
			p->chunks[i].owner[k] = 0;
			return;
		}
	}
}

void
stats_pool_total(const struct stats_pool *p, uint64_t v[STATS_N])
{
	const struct stats_block *b;
	size_t i, k, j;

	memcpy(v, p->gone, sizeof(p->gone));
	/* Free blocks are zero: summing every block is summing the owned. */
	for (i = 0; i < p->nchunks; i++) {
		for (k = 0; k < STATS_CHUNK; k++) {
			b = &p->chunks[i].b[k];
			for (j = 0; j < STATS_N; j++)
				v[j] +=
				    __atomic_load_n(&b->c[j], __ATOMIC_RELAXED);
		}
	}
}

void
stats_pool_sum(const struct stats_pool *p, uint64_t v[STATS_N])
{
	size_t j;

	stats_pool_total(p, v);
	/* Counters only grow, and a reaped block's counts move to gone. */
	for (j = 0; j < STATS_N; j++)
		v[j] = v[j] >= p->base[j] ? v[j] - p->base[j] : 0;
}

void
stats_pool_reset(struct stats_pool *p, uint64_t v[STATS_N])
{
	uint64_t t[STATS_N];
	size_t j;

	stats_pool_total(p, t);
	for (j = 0; j < STATS_N && v != NULL; j++)
		v[j] = t[j] >= p->base[j] ? t[j] - p->base[j] : 0;
	memcpy(p->base, t, sizeof(t));
}

/* An output buffer with snprintf's rules: need grows past cap. */
struct stats_out {
	char *buf;
	size_t cap, need;
};

static void stats_printf(struct stats_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
stats_printf(struct stats_out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	room = o->need < o->cap ? o->cap - o->need : 0;
	va_start(ap, fmt);
	n = vsnprintf(room > 0 ? o->buf + o->need : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->need += (size_t)n;
}

static void
stats_text(struct stats_out *o, const uint64_t *v)
{
	const struct stats_family *f;
	size_t i, k;

	for (i = 0; i < STATS_NFAM; i++) {
		f = &stats_families[i];
		if (f->label == NULL) {
			stats_printf(
			    o, "%s %" PRIu64 "\n", f->name, v[f->first]);
			continue;
		}
		for (k = 0; k < f->count; k++)
			stats_printf(o, "%s{%s} %" PRIu64 "\n", f->name,
			    f->values[k], v[f->first + k]);
	}
}

/* Names and label values are ours and plain: JSON needs no escaping. */
static void
stats_json(struct stats_out *o, const uint64_t *v)
{
	const struct stats_family *f;
	size_t i, k;

	stats_printf(o, "{");
	for (i = 0; i < STATS_NFAM; i++) {
		f = &stats_families[i];
		stats_printf(o, "%s\"%s\": ", i > 0 ? ", " : "", f->name);
		if (f->label == NULL) {
			stats_printf(o, "%" PRIu64, v[f->first]);
			continue;
		}
		stats_printf(o, "{");
		for (k = 0; k < f->count; k++)
			stats_printf(o, "%s\"%s\": %" PRIu64, k > 0 ? ", " : "",
			    f->values[k], v[f->first + k]);
		stats_printf(o, "}");
	}
	stats_printf(o, "}\n");
}

/*
 * The Prometheus text format, version 0.0.4: a HELP and a TYPE line per
 * metric, then one sample per label value. Label values are ours (no
 * quote, backslash or newline to escape).
 */
static void
stats_prom(struct stats_out *o, const uint64_t *v)
{
	const struct stats_family *f;
	size_t i, k;

	for (i = 0; i < STATS_NFAM; i++) {
		f = &stats_families[i];
		stats_printf(o, "# HELP %s %s\n# TYPE %s counter\n", f->prom,
		    f->help, f->prom);
		if (f->label == NULL) {
			stats_printf(
			    o, "%s %" PRIu64 "\n", f->prom, v[f->first]);
			continue;
		}
		for (k = 0; k < f->count; k++)
			stats_printf(o, "%s{%s=\"%s\"} %" PRIu64 "\n", f->prom,
			    f->label, f->values[k], v[f->first + k]);
	}
}

size_t
stats_format(
    const uint64_t v[STATS_N], enum stats_format f, char *buf, size_t cap)
{
	struct stats_out o = {buf, cap, 0};

	if (cap > 0)
		buf[0] = '\0';
	if (f == STATS_TEXT)
		stats_text(&o, v);
	else if (f == STATS_JSON)
		stats_json(&o, v);
	else
		stats_prom(&o, v);
	return o.need;
}
