/*
 * check_stats: the counters of src/server/stats.c: the index functions,
 * blocks shared with a forked child, the fold of an exited process, the
 * reset baseline, and the text, JSON and Prometheus forms.
 */
#include "config.h"

#include <sys/wait.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/metrics.h"
#include "server/stats.h"
#include "unit.h"

START_TEST(test_indexes)
{
	/* Each common type has its own counter; the rest share "other". */
	static const uint16_t types[] = {1, 2, 5, 6, 12, 15, 16, 28, 33, 35, 43,
	    46, 47, 48, 50, 51, 52, 64, 65, 257, 255, 252, 251};
	unsigned i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		ck_assert_uint_eq(stats_qtype_index(types[i]), i);
	ck_assert_uint_eq(stats_qtype_index(0), 23);
	ck_assert_uint_eq(stats_qtype_index(3), 23);
	ck_assert_uint_eq(stats_qtype_index(66), 23);
	ck_assert_uint_eq(stats_qtype_index(65535), 23);
	ck_assert_uint_eq(stats_rcode_index(0), 0);
	ck_assert_uint_eq(stats_rcode_index(10), 10);
	ck_assert_uint_eq(stats_rcode_index(11), 13);
	ck_assert_uint_eq(stats_rcode_index(16), 11); /* BADVERS */
	ck_assert_uint_eq(stats_rcode_index(23), 12); /* BADCOOKIE */
	ck_assert_uint_eq(stats_rcode_index(4095), 13);
	ck_assert_uint_eq(stats_opcode_index(0), 0);
	ck_assert_uint_eq(stats_opcode_index(2), 2);
	ck_assert_uint_eq(stats_opcode_index(3), 6);
	ck_assert_uint_eq(stats_opcode_index(4), 3); /* NOTIFY */
	ck_assert_uint_eq(stats_opcode_index(5), 4); /* UPDATE */
	ck_assert_uint_eq(stats_opcode_index(6), 5); /* DSO */
	ck_assert_uint_eq(stats_opcode_index(15), 6);
}
END_TEST

START_TEST(test_query)
{
	struct stats_pool *p = stats_pool_new(1);
	struct answer_info in;
	uint64_t v[STATS_N];

	ck_assert_ptr_nonnull(p);
	memset(&in, 0, sizeof(in));
	in.qtype = 28;
	in.rcode = 3;
	in.edns = 1;
	stats_query(0, &in, 100);
	in.qtype = 16;
	in.rcode = 0;
	in.edns = 0;
	in.truncated = 1;
	stats_query(1, &in, 512);
	stats_query(0, &in, 0); /* not answered: dropped, nothing else */
	in.opcode = 2;
	stats_query(0, &in, 12); /* STATUS: NOTIMP, no qtype */
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 3);
	ck_assert_uint_eq(v[STATS_QUERIES_TCP], 1);
	ck_assert_uint_eq(v[STATS_DROP_MALFORMED], 1);
	ck_assert_uint_eq(v[STATS_OPCODE + 0], 2);
	ck_assert_uint_eq(v[STATS_OPCODE + 2], 1);
	ck_assert_uint_eq(v[STATS_QTYPE + stats_qtype_index(28)], 1);
	ck_assert_uint_eq(v[STATS_QTYPE + stats_qtype_index(16)], 1);
	ck_assert_uint_eq(v[STATS_RCODE + 3], 1);
	ck_assert_uint_eq(v[STATS_RCODE + 0], 2);
	ck_assert_uint_eq(v[STATS_EDNS], 1);
	ck_assert_uint_eq(v[STATS_TRUNCATED], 2);
	stats_pool_free(p);
}
END_TEST

/* A child counts n queries into its block, then exits. */
static pid_t
child_counts(struct stats_pool *p, unsigned n, int wait_fd)
{
	struct stats_block *b = stats_pool_take(p);
	pid_t pid;
	char c;

	ck_assert_ptr_nonnull(b);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		stats_attach(b);
		while (n-- > 0)
			stats_count(STATS_QUERIES);
		/* Hold on until the parent has read us alive. */
		if (wait_fd >= 0)
			(void)read(wait_fd, &c, 1);
		_exit(0);
	}
	stats_pool_own(p, b, pid);
	return pid;
}

START_TEST(test_pool_fork)
{
	struct stats_pool *p = stats_pool_new(2);
	uint64_t v[STATS_N], t[STATS_N];
	int go[2], status;
	pid_t a, b;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pipe(go), 0);
	stats_count(STATS_UPD_ACCEPTED); /* main's own block */
	a = child_counts(p, 5, go[0]);
	b = child_counts(p, 7, go[0]);
	/* Both alive: their shared blocks are read as they count. */
	do {
		stats_pool_sum(p, v);
	} while (v[STATS_QUERIES] != 12);
	ck_assert_uint_eq(v[STATS_UPD_ACCEPTED], 1);
	ck_assert_int_eq(write(go[1], "xx", 2), 2);
	ck_assert_int_eq(waitpid(a, &status, 0), a);
	ck_assert_int_eq(waitpid(b, &status, 0), b);
	/* Gone: folded once; again, or an unknown pid, changes nothing. */
	stats_pool_exited(p, a);
	stats_pool_exited(p, a);
	stats_pool_exited(p, 999999);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 12);
	stats_pool_exited(p, b);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 12);
	/* A replacement starts from a zeroed block and adds to the sum. */
	a = child_counts(p, 3, -1);
	ck_assert_int_eq(waitpid(a, &status, 0), a);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 15);
	stats_pool_exited(p, a);
	/* Reset: read, then zero; the totals since start stay. */
	stats_pool_reset(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 15);
	ck_assert_uint_eq(v[STATS_UPD_ACCEPTED], 1);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 0);
	ck_assert_uint_eq(v[STATS_UPD_ACCEPTED], 0);
	a = child_counts(p, 4, -1);
	ck_assert_int_eq(waitpid(a, &status, 0), a);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 4);
	stats_pool_exited(p, a);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 4);
	stats_pool_total(p, t);
	ck_assert_uint_eq(t[STATS_QUERIES], 19);
	stats_pool_reset(p, NULL);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_QUERIES], 0);
	close(go[0]);
	close(go[1]);
	stats_pool_free(p);
}
END_TEST

START_TEST(test_pool_grow)
{
	struct stats_pool *p = stats_pool_new(1);
	struct stats_block *b[200];
	uint64_t v[STATS_N];
	unsigned i, j;

	ck_assert_ptr_nonnull(p);
	/* More blocks than one mapping holds: the pool grows. */
	for (i = 0; i < 200; i++) {
		b[i] = stats_pool_take(p);
		ck_assert_ptr_nonnull(b[i]);
		ck_assert_uint_eq((uintptr_t)b[i] % STATS_ALIGN, 0);
		for (j = 0; j < i; j++)
			ck_assert_ptr_ne(b[i], b[j]);
		stats_pool_own(p, b[i], 1000 + i);
		b[i]->c[STATS_TCP_ACCEPTED] = i;
	}
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_TCP_ACCEPTED], 199 * 200 / 2);
	stats_pool_exited(p, 1000 + 150);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_TCP_ACCEPTED], 199 * 200 / 2);
	/* A failed fork gives the block back, zeroed as it was taken. */
	b[0] = stats_pool_take(p);
	ck_assert_uint_eq(b[0]->c[STATS_TCP_ACCEPTED], 0);
	stats_pool_own(p, b[0], -1);
	ck_assert_ptr_eq(stats_pool_take(p), b[0]);
	stats_pool_free(p);
}
END_TEST

START_TEST(test_update_reasons)
{
	struct stats_pool *p = stats_pool_new(1);
	static const int rc[] = {0, 0, 1, 3, 6, 7, 8, 5, 9, 10, 2, 4};
	uint64_t v[STATS_N];
	unsigned i;

	for (i = 0; i < sizeof(rc) / sizeof(rc[0]); i++)
		stats_update(rc[i]);
	stats_pool_sum(p, v);
	ck_assert_uint_eq(v[STATS_UPD_ACCEPTED], 2);
	ck_assert_uint_eq(v[STATS_UPD_FORMERR], 1);
	ck_assert_uint_eq(v[STATS_UPD_PREREQ], 4);
	ck_assert_uint_eq(v[STATS_UPD_POLICY], 1);
	ck_assert_uint_eq(v[STATS_UPD_NOTAUTH], 1);
	ck_assert_uint_eq(v[STATS_UPD_NOTZONE], 1);
	ck_assert_uint_eq(v[STATS_UPD_SERVFAIL], 2);
	ck_assert_uint_eq(v[STATS_UPD_TSIG], 0);
	ck_assert_uint_eq(v[STATS_UPD_FROZEN], 0);
	stats_pool_free(p);
}
END_TEST

/* Every counter a distinct value: 1000 + its index. */
static void
distinct(uint64_t *v)
{
	unsigned i;

	for (i = 0; i < STATS_N; i++)
		v[i] = 1000 + i;
}

static unsigned
count_lines(const char *s, const char *prefix)
{
	unsigned n = 0;

	while (*s != '\0') {
		n += strncmp(s, prefix, strlen(prefix)) == 0;
		s = strchr(s, '\n');
		if (s == NULL)
			break;
		s++;
	}
	return n;
}

START_TEST(test_text)
{
	uint64_t v[STATS_N];
	char buf[16384], want[64];
	unsigned i;
	size_t n;

	distinct(v);
	n = stats_format(v, STATS_TEXT, buf, sizeof(buf));
	ck_assert_uint_eq(n, strlen(buf));
	/* One line per counter, each counter once. */
	ck_assert_uint_eq(count_lines(buf, ""), STATS_N);
	for (i = 0; i < STATS_N; i++) {
		snprintf(want, sizeof(want), " %u\n", 1000 + i);
		ck_assert_msg(
		    strstr(buf, want) != NULL, "counter %u missing", i);
	}
	ck_assert_ptr_nonnull(
	    strstr(buf, "queries{udp} 1000\nqueries{tcp} 1001\n"));
	snprintf(
	    want, sizeof(want), "rcode{NXDOMAIN} %u\n", 1000 + STATS_RCODE + 3);
	ck_assert_ptr_nonnull(strstr(buf, want));
	snprintf(
	    want, sizeof(want), "\ntruncated %u\n", 1000 + STATS_TRUNCATED);
	ck_assert_ptr_nonnull(strstr(buf, want));
	snprintf(want, sizeof(want), "updates{frozen} %u\n",
	    1000 + STATS_UPD_FROZEN);
	ck_assert_ptr_nonnull(strstr(buf, want));
	snprintf(want, sizeof(want), "notify{given_up} %u\n",
	    1000 + STATS_NOTIFY_GIVENUP);
	ck_assert_ptr_nonnull(strstr(buf, want));
	/* Cut short as snprintf: the length needed, a terminated prefix. */
	ck_assert_uint_eq(stats_format(v, STATS_TEXT, buf, 10), n);
	ck_assert_uint_eq(strlen(buf), 9);
	ck_assert_uint_eq(stats_format(v, STATS_TEXT, NULL, 0), n);
}
END_TEST

START_TEST(test_json)
{
	uint64_t v[STATS_N];
	char buf[16384], want[64];

	memset(v, 0, sizeof(v));
	v[STATS_QUERIES] = 20;
	v[STATS_QTYPE + stats_qtype_index(1)] = 18;
	v[STATS_EDNS] = 2;
	v[STATS_UPD_POLICY] = 1;
	stats_format(v, STATS_JSON, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(
	    buf, "{\"queries\": {\"udp\": 20, \"tcp\": 0}, \"opcode\": "));
	ck_assert_ptr_nonnull(strstr(buf, "\"qtype\": {\"A\": 18, \"NS\": 0,"));
	ck_assert_ptr_nonnull(strstr(buf, ", \"edns\": 2, "));
	ck_assert_ptr_nonnull(strstr(buf, "\"policy\": 1, \"frozen\": 0"));
	ck_assert_ptr_nonnull(strstr(buf,
	    "\"notify\": {\"sent\": 0, \"acked\": 0, \"refused\": 0, "
	    "\"given_up\": 0}}\n"));
	snprintf(want, sizeof(want), "}\n");
	ck_assert_str_eq(buf + strlen(buf) - 2, want);
}
END_TEST

START_TEST(test_prometheus)
{
	uint64_t v[STATS_N];
	char buf[32768];
	const char *line;

	distinct(v);
	stats_format(v, STATS_PROM, buf, sizeof(buf));
	/* One HELP and one TYPE per metric; a sample per counter. */
	ck_assert_uint_eq(count_lines(buf, "# HELP radixdns_"), 12);
	ck_assert_uint_eq(count_lines(buf, "# TYPE radixdns_"), 12);
	ck_assert_uint_eq(count_lines(buf, "radixdns_"), STATS_N);
	ck_assert_ptr_nonnull(strstr(buf,
	    "# HELP radixdns_queries_total DNS messages received by the "
	    "workers, by transport.\n# TYPE radixdns_queries_total counter\n"
	    "radixdns_queries_total{transport=\"udp\"} 1000\n"
	    "radixdns_queries_total{transport=\"tcp\"} 1001\n"));
	line = strstr(buf, "radixdns_responses_total{rcode=\"REFUSED\"} ");
	ck_assert_ptr_nonnull(line);
	ck_assert_uint_eq(
	    strtoull(strchr(line, ' ') + 1, NULL, 10), 1000 + STATS_RCODE + 5);
	ck_assert_ptr_nonnull(strstr(buf, "\nradixdns_edns_queries_total "));
	ck_assert_ptr_nonnull(
	    strstr(buf, "\nradixdns_updates_total{result=\"tsig\"} "));
	ck_assert_int_eq(buf[strlen(buf) - 1], '\n');
}
END_TEST

static enum metrics_route
route(const char *req)
{
	return metrics_request(req, strlen(req));
}

START_TEST(test_http_request)
{
	static const char get[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
	char big[METRICS_REQ_MAX];
	size_t n;

	ck_assert_int_eq(route(get), METRICS_GET);
	/* Every cut short of the empty line asks for more. */
	for (n = 0; n < sizeof(get) - 2; n++)
		ck_assert_int_eq(metrics_request(get, n), METRICS_MORE);
	ck_assert_int_eq(route("GET /metrics HTTP/1.0\n\n"), METRICS_GET);
	ck_assert_int_eq(
	    route("\r\nGET /metrics HTTP/1.1\r\n\r\n"), METRICS_GET);
	ck_assert_int_eq(
	    route("GET /metrics?name[]=x HTTP/1.1\r\n\r\n"), METRICS_GET);
	ck_assert_int_eq(route("HEAD /metrics HTTP/1.1\r\n\r\n"), METRICS_HEAD);
	ck_assert_int_eq(route("POST /metrics HTTP/1.1\r\nContent-Length: "
			       "3\r\n\r\nx=1"),
	    METRICS_METHOD);
	ck_assert_int_eq(
	    route("get /metrics HTTP/1.1\r\n\r\n"), METRICS_METHOD);
	ck_assert_int_eq(route("GET / HTTP/1.1\r\n\r\n"), METRICS_NOT_FOUND);
	ck_assert_int_eq(
	    route("GET /metricsx HTTP/1.1\r\n\r\n"), METRICS_NOT_FOUND);
	ck_assert_int_eq(
	    route("GET /metrics/ HTTP/1.1\r\n\r\n"), METRICS_NOT_FOUND);
	ck_assert_int_eq(route("GET /metrics\r\n\r\n"), METRICS_BAD);
	ck_assert_int_eq(route("GET /metrics HTTP/2.0\r\n\r\n"), METRICS_BAD);
	ck_assert_int_eq(route("GET /metrics HTTP/1.1 \r\n\r\n"), METRICS_BAD);
	ck_assert_int_eq(route("GET\r\n\r\n"), METRICS_BAD);
	/* A NUL is an octet like another: no string function stops at it. */
	ck_assert_int_eq(metrics_request("\0\r\n\r\n", 5), METRICS_BAD);
	ck_assert_int_eq(metrics_request("GET /metrics\0 HTTP/1.1\r\n\r\n", 26),
	    METRICS_NOT_FOUND);
	/* No end within METRICS_REQ_MAX octets: 431. */
	memset(big, 'a', sizeof(big));
	ck_assert_int_eq(metrics_request(big, sizeof(big) - 1), METRICS_MORE);
	ck_assert_int_eq(metrics_request(big, sizeof(big)), METRICS_TOO_LONG);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");

	tcase_add_test(tc, test_indexes);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_pool_fork);
	tcase_add_test(tc, test_pool_grow);
	tcase_add_test(tc, test_update_reasons);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_prometheus);
	tcase_add_test(tc, test_http_request);
	suite_add_tcase(s, tc);
	return s;
}
