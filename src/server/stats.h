/*
 * stats: the server's counters (issue 6 point 2), in memory shared between
 * main and its workers.
 *
 * Every process has a block of its own, mapped MAP_SHARED|MAP_ANONYMOUS by
 * main before it forks, and is its block's only writer: a worker counts
 * with a plain load and store of its own cache-line-aligned block (relaxed
 * atomics, so that main's reads are well defined; on x86_64 they compile to
 * ordinary moves), and main reads every block when asked. Main counts its
 * own events (updates, NOTIFYs) in a block of its own.
 *
 * One block per process, not per slot: a worker replaced on a reload keeps
 * draining, and counting, while its successor serves the slot, and two
 * writers of one block would lose increments. When a worker exits, main
 * reaps it, adds its block into the totals of the processes gone, zeroes
 * the block and gives it to the next worker forked. So nothing is counted
 * twice and nothing is lost when a worker dies or a reload replaces it.
 *
 * radixctl stats --reset never writes a worker's block: main keeps a
 * baseline snapshot and reports the totals minus the baseline.
 */
#ifndef RD_SERVER_STATS_H
#define RD_SERVER_STATS_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/answer.h"

/* The counters; each family of them is a row of the table in stats.c. */
enum stats_counter {
	/* Messages a worker received, by transport (answer_transport). */
	STATS_QUERIES,
	STATS_QUERIES_TCP = STATS_QUERIES + 1,
	/* By opcode: QUERY IQUERY STATUS NOTIFY UPDATE DSO other. */
	STATS_OPCODE,
	/* QUERY messages by question type (stats_qtype_index). */
	STATS_QTYPE = STATS_OPCODE + 7,
	/* Responses a worker built, by rcode (stats_rcode_index). */
	STATS_RCODE = STATS_QTYPE + 24,
	STATS_TRUNCATED = STATS_RCODE + 14, /* sent with TC */
	STATS_EDNS,			    /* queries with an OPT RR */
	STATS_DROP_MALFORMED, /* no reply: malformed, a response */
	STATS_DROP_RRL,	      /* no reply: rate limited */
	STATS_RRL_SLIP,	      /* rate limited: TC sent instead */
	STATS_TCP_ACCEPTED,   /* TCP connections accepted */
	STATS_TCP_FULL,	      /* closed: tcp-count reached */
	STATS_XFR_AXFR,	      /* AXFR streams started */
	STATS_XFR_IXFR,	      /* IXFR answered (stream or SOA) */
	STATS_XFR_REFUSED,    /* REFUSED or NOTAUTH */
	STATS_XFR_FAILED,     /* SERVFAIL or FORMERR */
	/* Main: UPDATE results (RFC 2136 §3), accepted or why refused. */
	STATS_UPD_ACCEPTED,
	STATS_UPD_TSIG,	    /* TSIG does not verify (RFC 8945 §5.2) */
	STATS_UPD_NOTAUTH,  /* not a zone of ours (RFC 2136 §3.1.1) */
	STATS_UPD_POLICY,   /* allow-update: or no updates for the zone */
	STATS_UPD_FROZEN,   /* radixctl freeze */
	STATS_UPD_PREREQ,   /* a prerequisite failed (RFC 2136 §3.2) */
	STATS_UPD_NOTZONE,  /* an RR outside the zone (RFC 2136 §3.4.1.3) */
	STATS_UPD_FORMERR,  /* malformed */
	STATS_UPD_SERVFAIL, /* journal error, out of memory */
	/* Main: NOTIFY out (RFC 1996). */
	STATS_NOTIFY_SENT,    /* messages sent, retransmissions included */
	STATS_NOTIFY_ACKED,   /* answered NOERROR */
	STATS_NOTIFY_REFUSED, /* answered with another rcode */
	STATS_NOTIFY_GIVENUP, /* no answer after every retry */
	STATS_N
};

#define STATS_ALIGN 64 /* a cache line: no two writers share one */

/* One process's counters. */
struct stats_block {
	uint64_t c[STATS_N];
} __attribute__((aligned(STATS_ALIGN)));

/*
 * The block this process counts into: its own in a worker, main's in
 * main, a private one (counted nowhere) before stats_pool_new or when no
 * block could be had. Never NULL. Per-process state, like a signal flag:
 * it spares every counting site a parameter (tcp.c, notify_send.c).
 */
extern struct stats_block *stats_self;

/*
 * Add n to the counter at c, in our own block: we are its only writer, so
 * a load and a store, relaxed (other processes only read it).
 */
static inline void
stats_add(uint64_t *c, uint64_t n)
{
	__atomic_store_n(
	    c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

/* Add one to counter i of our block. */
static inline void
stats_count(unsigned i)
{
	stats_add(&stats_self->c[i], 1);
}

/* The QTYPE counter of type t: the common types, then "other". */
static inline unsigned
stats_qtype_index(uint16_t t)
{
	/* One more than the index, for the types below 66; 0: other. */
	static const uint8_t low[66] = {[1] = 1,
	    [2] = 2,
	    [5] = 3,
	    [6] = 4,
	    [12] = 5,
	    [15] = 6,
	    [16] = 7,
	    [28] = 8,
	    [33] = 9,
	    [35] = 10,
	    [43] = 11,
	    [46] = 12,
	    [47] = 13,
	    [48] = 14,
	    [50] = 15,
	    [51] = 16,
	    [52] = 17,
	    [64] = 18,
	    [65] = 19};

	if (t < 66)
		return low[t] != 0 ? low[t] - 1u : 23;
	return t == 257	  ? 19
	       : t == 255 ? 20
	       : t == 252 ? 21
	       : t == 251 ? 22
			  : 23;
}

/* The RCODE counter of rcode r (extended rcodes included). */
static inline unsigned
stats_rcode_index(unsigned r)
{
	return r <= 10 ? r : r == 16 ? 11 : r == 23 ? 12 : 13;
}

/* The OPCODE counter of opcode o. */
static inline unsigned
stats_opcode_index(unsigned o)
{
	return o <= 2 ? o : o <= 6 && o != 3 ? o - 1 : 6;
}

/*
 * A query answer_query (or the worker's TSIG check) handled: len is the
 * answer's length, 0 when nothing is sent. The answer is counted before
 * rate limiting, which counts its drops and slips on its own.
 */
static inline __attribute__((always_inline)) void
stats_query(unsigned tr, const struct answer_info *in, size_t len)
{
	uint64_t *c = stats_self->c;

	stats_add(c + STATS_QUERIES + tr, 1);
	if (len == 0) {
		stats_add(c + STATS_DROP_MALFORMED, 1);
		return;
	}
	stats_add(c + STATS_OPCODE + stats_opcode_index(in->opcode), 1);
	if (in->opcode == 0)
		stats_add(c + STATS_QTYPE + stats_qtype_index(in->qtype), 1);
	stats_add(c + STATS_RCODE + stats_rcode_index(in->rcode), 1);
	stats_add(c + STATS_EDNS, in->edns);
	stats_add(c + STATS_TRUNCATED, in->truncated);
}

/*
 * A request answer_query does not see (UPDATE, NOTIFY, a transfer): by
 * transport and opcode; q has a whole header (worker_kind checked).
 */
static inline void
stats_request(unsigned tr, const uint8_t *q)
{
	stats_count(STATS_QUERIES + tr);
	stats_count(STATS_OPCODE + stats_opcode_index((q[2] >> 3) & 0xf));
}

/* A response of len octets built outside answer_query: its rcode. */
static inline void
stats_response(const uint8_t *r, size_t len)
{
	if (len >= 12)
		stats_count(STATS_RCODE + stats_rcode_index(r[3] & 0xf));
}

/*
 * A transfer request over TCP: taken (a process streams it), or answered
 * with the response out[0..len) (an IXFR that is up to date, or an error).
 */
void stats_xfr(uint16_t qtype, int taken, const uint8_t *out, size_t len);

/*
 * Main: an UPDATE answered with rcode (RFC 2136 §2.2 and §3), counted as
 * accepted or by the reason the rcode stands for. Refusals decided before
 * update_process (TSIG, policy, frozen) are counted where they are made.
 */
void stats_update(int rcode);

/*
 * main's blocks: one per process (main's first), mapped shared, in chunks
 * added as more processes run at once.
 */
struct stats_pool;

/*
 * A pool with room for n blocks to start with; main's own block is taken
 * and becomes stats_self. NULL: out of memory (errno set).
 */
struct stats_pool *stats_pool_new(unsigned n);

void stats_pool_free(struct stats_pool *p);

/*
 * A free, zeroed block for a process about to be forked; NULL when no
 * memory is left for one (the process then counts nowhere).
 */
struct stats_block *stats_pool_take(struct stats_pool *p);

/* After the fork: pid owns b; pid < 0 (the fork failed) gives it back. */
void stats_pool_own(struct stats_pool *p, struct stats_block *b, pid_t pid);

/* In the child: count into b (NULL: into a private block). */
void stats_attach(struct stats_block *b);

/*
 * The process pid exited: its counts join the totals of those gone and its
 * block is zeroed and free. Other pids are ignored.
 */
void stats_pool_exited(struct stats_pool *p, pid_t pid);

/* Every counter summed over the processes, minus the baseline, into v. */
void stats_pool_sum(const struct stats_pool *p, uint64_t v[STATS_N]);

/* The same without the baseline: totals since start (for /metrics). */
void stats_pool_total(const struct stats_pool *p, uint64_t v[STATS_N]);

/*
 * radixctl stats --reset: the counts since the last reset into v (as
 * stats_pool_sum; v may be NULL), and the totals they were read from
 * become the baseline, so no event falls between the read and the reset.
 */
void stats_pool_reset(struct stats_pool *p, uint64_t v[STATS_N]);

enum stats_format {
	STATS_TEXT, /* "name value" and "name{label} value" lines */
	STATS_JSON, /* one object; families with labels as objects */
	STATS_PROM  /* Prometheus text exposition 0.0.4, counters only */
};

/*
 * Write v in format f into buf (NUL-terminated when cap > 0). Returns the
 * length the whole text needs, as snprintf: larger than cap - 1 means it
 * was cut.
 */
size_t stats_format(
    const uint64_t v[STATS_N], enum stats_format f, char *buf, size_t cap);

#endif
