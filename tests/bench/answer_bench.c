/*
 * answer_bench: CPU cost of answering alone, without sockets. Loads a zone
 * file, turns a dnsperf query file ("name type" per line) into wire queries
 * with EDNS, and answers them round after round with answer_query(). Prints
 * the process's CPU time per query, a checksum of the responses' lengths
 * and rcodes and a hash of all their octets (neither may change when only
 * speed does; the hash covers the timing loop, so it costs some of it). For before/after comparisons on a
 * busy machine count instructions, which repeat exactly:
 *   valgrind --tool=callgrind --toggle-collect=answer_query answer_bench ...
 *
 *   answer_bench ZONEFILE ORIGIN QUERYFILE [ROUNDS [BATCH]]
 *
 * With BATCH, queries go in batches of that many as radixd's UDP loop
 * handles them: zonedb_prefetch() and zonedb_prefetch_node() over the
 * batch, then each answer with its hint (answer_query_ck), the next
 * question's data prefetched (zonedb_prefetch_data()) before each.
 *
 * Build it against a build directory's library, for example:
 *   cc -O2 -I src -I _build/perf tests/bench/answer_bench.c \
 *       _build/perf/src/dns/libradixdns.a -lz -lbsd -lcrypto
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/answer.h"
#include "dns/err.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/zonedb.h"

#define QMAX 512

static void
msg(void *ctx, enum rd_sev sev, const char *file, unsigned line,
    unsigned col, const char *text)
{
	fprintf(stderr, "%s:%u: %s\n", file, line, text);
}

/* A query with EDNS (payload 1232) for name and type; returns its length. */
static size_t
mkquery(uint8_t *q, uint16_t id, const uint8_t *name, uint16_t type)
{
	static const uint8_t opt[11] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0};
	size_t n = name_len(name), k = 0;

	q[k++] = id >> 8;
	q[k++] = id & 0xff;
	q[k++] = 0x00;
	q[k++] = 0x00;
	memcpy(q + k, "\0\1\0\0\0\0\0\1", 8);
	k += 8;
	memcpy(q + k, name, n);
	k += n;
	q[k++] = type >> 8;
	q[k++] = type & 0xff;
	q[k++] = 0;
	q[k++] = 1;
	memcpy(q + k, opt, sizeof(opt));
	return k + sizeof(opt);
}

int
main(int argc, char **argv)
{
	uint8_t origin[NAME_MAXLEN], name[NAME_MAXLEN], out[1232], *qs;
	size_t *ql, nq = 0, cap = 0, i, j, r, rounds, len, batch;
	static struct zonedb_hint hint[64];
	struct answer_ctx ctx;
	struct answer_opts o = {0, NULL, NULL};
	struct answer_info info;
	struct timespec t0, t1;
	struct zonedb *db;
	struct zone *z;
	char line[512], *sp;
	uint16_t type;
	uint64_t sum = 0, bytes = 0xcbf29ce484222325ULL; /* FNV-1a */
	double ns;
	FILE *f;

	if (argc < 4) {
		fprintf(stderr, "usage: answer_bench ZONE ORIGIN QUERIES "
		    "[ROUNDS]\n");
		return 2;
	}
	rounds = argc > 4 ? strtoul(argv[4], NULL, 10) : 10;
	batch = argc > 5 ? strtoul(argv[5], NULL, 10) : 0;
	if (batch > 64)
		batch = 64;
	if (name_from_text(argv[2], strlen(argv[2]), NULL, origin) < 0 ||
	    load_zone_file(argv[1], origin, NULL, msg, NULL, &z) != 0)
		return 1;
	db = zonedb_new();
	if (db == NULL || zonedb_add(db, z) != 0)
		return 1;
	if ((f = fopen(argv[3], "r")) == NULL)
		return 1;
	qs = NULL;
	ql = NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		line[strcspn(line, "\n")] = 0;
		if (name_from_text(line, (size_t)(sp - line), NULL, name) < 0 ||
		    rrtype_from_text(sp + 1, strlen(sp + 1), &type) < 0)
			continue;
		if (nq == cap) {
			cap = cap ? cap * 2 : 1024;
			qs = realloc(qs, cap * QMAX);
			ql = realloc(ql, cap * sizeof(*ql));
			if (qs == NULL || ql == NULL)
				return 1;
		}
		ql[nq] = mkquery(qs + nq * QMAX, (uint16_t)nq, name, type);
		nq++;
	}
	fclose(f);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	memset(&ctx, 0, sizeof(ctx));
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nq; i++) {
			if (batch > 0 && i % batch == 0) {
				for (j = i; j < i + batch && j < nq; j++)
					zonedb_prefetch(db, qs + j * QMAX + 12,
					    &hint[j - i]);
				for (j = i; j < i + batch && j < nq; j++)
					zonedb_prefetch_node(&hint[j - i]);
			}
			if (batch > 0 && i % batch + 1 < batch && i + 1 < nq)
				zonedb_prefetch_data(&hint[i % batch + 1]);
			ctx.hint = batch > 0 ? &hint[i % batch] : NULL;
			len = answer_query_ck(db, &o, ANSWER_UDP,
			    batch > 0 ? &ctx : NULL, qs + i * QMAX, ql[i],
			    out, sizeof(out), &info);
			sum = sum * 31 + len + info.rcode + out[len - 1];
			for (j = 0; j < len; j++)
				bytes = (bytes ^ out[j]) * 0x100000001b3ULL;
		}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	printf("%zu queries x %zu rounds: %.1f ns/query, checksum %016llx, "
	    "bytes %016llx\n", nq, rounds, ns / (double)(nq * rounds),
	    (unsigned long long)sum, (unsigned long long)bytes);
	zonedb_free(db, 1);
	free(qs);
	free(ql);
	return 0;
}
