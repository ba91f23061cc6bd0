/*
 * check_rrl: exact pass/drop/slip sequences for given rates and times,
 * prefix grouping (IPv4 /24, IPv6 /56), the name key, exempt prefixes,
 * the table when full, and start/stop reports.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include "dns/err.h"
#include "dns/rrl.h"
#include "unit.h"

static struct sockaddr_storage
addr(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1)
		s4->sin_family = AF_INET;
	else {
		ck_assert_int_eq(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
		s6->sin6_family = AF_INET6;
	}
	return ss;
}

#define SA(ss) ((const struct sockaddr *)&(ss))

static const uint8_t www[] = "\3www\7example\4test";
static const uint8_t WWW[] = "\3WWW\7Example\4TEST";
static const uint8_t mail[] = "\4mail\7example\4test";
static const uint8_t apex[] = "\7example\4test";

static void
setup(struct rrl *r, uint32_t rate, uint32_t slip, uint32_t window)
{
	struct rrl_opts o;

	memset(&o, 0, sizeof(o));
	o.rate = rate;
	o.slip = slip;
	o.window = window;
	o.size = 1024;
	memcpy(o.seed, "0123456789abcdef", 16);
	ck_assert_int_eq(rrl_init(r, &o), 0);
}

/* Run n checks and write their actions as P, D, S into out. */
static void
run(struct rrl *r, const char *ip, enum rrl_class cls, const uint8_t *name,
    uint32_t now, int n, char *out)
{
	struct sockaddr_storage ss = addr(ip);
	enum rrl_action a;
	int i;

	for (i = 0; i < n; i++) {
		a = rrl_check(r, SA(ss), cls, name, now, NULL);
		out[i] = a == RRL_PASS ? 'P' : a == RRL_DROP ? 'D' : 'S';
	}
	out[n] = '\0';
}

/* The worked example of rrl.c: rate 3, slip 2, window 2. */
START_TEST(test_sequence)
{
	struct rrl r;
	char s[64];

	setup(&r, 3, 2, 2);
	run(&r, "192.0.2.1", RRL_ANSWER, www, 100, 10, s);
	ck_assert_str_eq(s, "PPPDSDSDSD");
	/* Debt at -6; one second later +3 is -3: still limited. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 101, 1, s);
	ck_assert_str_eq(s, "S");
	/* -4 at 101; +6 at 103 is 2: two pass, then limited again. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 103, 4, s);
	ck_assert_str_eq(s, "PPDS");
	/* A quiet minute refills to rate, never more. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 160, 5, s);
	ck_assert_str_eq(s, "PPPDS");
	ck_assert_uint_eq(r.st.passed, 8);
	ck_assert_uint_eq(r.st.slipped, 6);
	ck_assert_uint_eq(r.st.dropped, 6);
	rrl_free(&r);
}
END_TEST

/*
 * A steady overload (7 a second against a rate of 5) is not shaped to 5: the
 * debt grows to the floor and the source is limited entirely, as in BIND;
 * a quiet window later it is served again.
 */
START_TEST(test_steady_overload)
{
	static const char *const want[] = {
	    "PPPPPDD",
	    "PPPDDDD",
	    "PDDDDDD",
	    "DDDDDDD",
	    "DDDDDDD",
	};
	struct rrl r;
	char s[64];
	uint32_t t;

	setup(&r, 5, 0, 1);
	for (t = 0; t < 5; t++) {
		run(&r, "198.51.100.7", RRL_NXDOMAIN, apex, 1000 + t, 7, s);
		ck_assert_str_eq(s, want[t]);
	}
	/* Debt -5 (window 1 * rate 5): 0 at 1005, full at 1006. */
	run(&r, "198.51.100.7", RRL_NXDOMAIN, apex, 1006, 6, s);
	ck_assert_str_eq(s, "PPPPPD");
	rrl_free(&r);
}
END_TEST

START_TEST(test_slip_values)
{
	struct rrl r;
	char s[64];

	/* slip 1: every limited response is TC. */
	setup(&r, 2, 1, 5);
	run(&r, "192.0.2.1", RRL_ANSWER, www, 7, 6, s);
	ck_assert_str_eq(s, "PPSSSS");
	rrl_free(&r);
	/* slip 0: none. */
	setup(&r, 2, 0, 5);
	run(&r, "192.0.2.1", RRL_ANSWER, www, 7, 6, s);
	ck_assert_str_eq(s, "PPDDDD");
	rrl_free(&r);
	/* slip 3: every third. */
	setup(&r, 1, 3, 5);
	run(&r, "192.0.2.1", RRL_ANSWER, www, 7, 8, s);
	ck_assert_str_eq(s, "PDDSDDSD");
	rrl_free(&r);
}
END_TEST

START_TEST(test_prefix_grouping)
{
	struct rrl r;
	char s[64];

	setup(&r, 2, 0, 5);
	/* 192.0.2.1 and 192.0.2.254 share a /24; 192.0.3.1 does not. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 50, 2, s);
	ck_assert_str_eq(s, "PP");
	run(&r, "192.0.2.254", RRL_ANSWER, www, 50, 1, s);
	ck_assert_str_eq(s, "D");
	run(&r, "192.0.3.1", RRL_ANSWER, www, 50, 3, s);
	ck_assert_str_eq(s, "PPD");
	/* An IPv4-mapped IPv6 source is its IPv4 /24. */
	run(&r, "::ffff:192.0.2.9", RRL_ANSWER, www, 50, 1, s);
	ck_assert_str_eq(s, "D");
	/* IPv6: the same /56 shares, the next /56 does not. */
	run(&r, "2001:db8:0:ff::1", RRL_ANSWER, www, 50, 2, s);
	ck_assert_str_eq(s, "PP");
	run(&r, "2001:db8:0:1::2", RRL_ANSWER, www, 50, 1, s);
	ck_assert_str_eq(s, "D");
	run(&r, "2001:db8:0:100::1", RRL_ANSWER, www, 50, 2, s);
	ck_assert_str_eq(s, "PP");
	rrl_free(&r);
}
END_TEST

/* The key: class and name (case-insensitive); errors share one bucket. */
START_TEST(test_key)
{
	struct rrl r;
	char s[64];

	setup(&r, 1, 0, 5);
	run(&r, "192.0.2.1", RRL_ANSWER, www, 9, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.2.1", RRL_ANSWER, WWW, 9, 1, s);
	ck_assert_str_eq(s, "D");
	run(&r, "192.0.2.1", RRL_ANSWER, mail, 9, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.2.1", RRL_NODATA, www, 9, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.2.1", RRL_ERROR, www, 9, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.2.1", RRL_ERROR, mail, 9, 1, s);
	ck_assert_str_eq(s, "D");
	run(&r, "192.0.2.1", RRL_ERROR, NULL, 9, 1, s);
	ck_assert_str_eq(s, "D");
	rrl_free(&r);
}
END_TEST

START_TEST(test_exempt_and_off)
{
	struct rrl_opts o;
	struct rrl r;
	char s[64];

	memset(&o, 0, sizeof(o));
	o.rate = 1;
	o.nexempt = 2;
	ck_assert_int_eq(rrl_prefix_parse("192.0.2.0/24", &o.exempt[0]), 0);
	ck_assert_int_eq(rrl_prefix_parse("2001:db8::/32", &o.exempt[1]), 0);
	ck_assert_int_eq(rrl_init(&r, &o), 0);
	run(&r, "192.0.2.77", RRL_ANSWER, www, 1, 5, s);
	ck_assert_str_eq(s, "PPPPP");
	run(&r, "2001:db8:ffff::1", RRL_ANSWER, www, 1, 5, s);
	ck_assert_str_eq(s, "PPPPP");
	run(&r, "192.0.3.77", RRL_ANSWER, www, 1, 3, s);
	ck_assert_str_eq(s, "PDD");
	run(&r, "2001:db9::1", RRL_ANSWER, www, 1, 2, s);
	ck_assert_str_eq(s, "PD");
	ck_assert_uint_eq(r.st.exempt, 10);
	rrl_free(&r);
	/* Rate 0: off, everything passes. */
	o.rate = 0;
	o.nexempt = 0;
	ck_assert_int_eq(rrl_init(&r, &o), 0);
	run(&r, "192.0.3.77", RRL_ANSWER, www, 1, 4, s);
	ck_assert_str_eq(s, "PPPP");
	rrl_free(&r);
}
END_TEST

START_TEST(test_prefix_parse)
{
	struct rrl_prefix p;

	ck_assert_int_eq(rrl_prefix_parse("10.0.0.0/8", &p), 0);
	ck_assert_int_eq(p.family, AF_INET);
	ck_assert_uint_eq(p.len, 8);
	ck_assert_int_eq(rrl_prefix_parse("10.1.0.0/8", &p), RD_ESYNTAX);
	ck_assert_int_eq(rrl_prefix_parse("10.0.0.0/33", &p), RD_ESYNTAX);
	ck_assert_int_eq(rrl_prefix_parse("10.0.0.1", &p), 0);
	ck_assert_uint_eq(p.len, 32);
	ck_assert_int_eq(rrl_prefix_parse("2001:db8::/129", &p), RD_ESYNTAX);
	ck_assert_int_eq(rrl_prefix_parse("2001:db8::/x", &p), RD_ESYNTAX);
	ck_assert_int_eq(rrl_prefix_parse("example", &p), RD_ESYNTAX);
	ck_assert_int_eq(rrl_prefix_parse("::/0", &p), 0);
	ck_assert_int_eq(p.family, AF_INET6);
	ck_assert_uint_eq(p.len, 0);
}
END_TEST

/* Size 4 holds 4 keys; a fifth evicts the least recently used one. */
START_TEST(test_table_full)
{
	struct rrl_opts o;
	struct rrl r;
	char s[64];

	memset(&o, 0, sizeof(o));
	o.rate = 1;
	o.size = 3; /* rounded up to 4 */
	ck_assert_int_eq(rrl_init(&r, &o), 0);
	ck_assert_uint_eq(r.o.size, 4);
	run(&r, "192.0.1.1", RRL_ANSWER, www, 10, 2, s);
	ck_assert_str_eq(s, "PD");
	run(&r, "192.0.2.1", RRL_ANSWER, www, 11, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.3.1", RRL_ANSWER, www, 12, 1, s);
	ck_assert_str_eq(s, "P");
	run(&r, "192.0.4.1", RRL_ANSWER, www, 13, 1, s);
	ck_assert_str_eq(s, "P");
	ck_assert_uint_eq(r.st.evicted, 0);
	/* Full: the fifth evicts 192.0.2.0/24 (oldest not limited), not the
	 * limited 192.0.1.0/24. */
	run(&r, "192.0.5.1", RRL_ANSWER, www, 14, 2, s);
	ck_assert_str_eq(s, "PD");
	ck_assert_uint_eq(r.st.evicted, 1);
	/* 192.0.1.0/24 was kept: at 14 it has 1 token again (debt -1 +4,
	 * capped at 1), and it is still the same bucket. */
	run(&r, "192.0.1.1", RRL_ANSWER, www, 14, 2, s);
	ck_assert_str_eq(s, "PD");
	ck_assert_uint_eq(r.st.evicted, 1);
	/* 192.0.2.0/24 comes back as a new bucket, evicting 192.0.3.0/24. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 14, 1, s);
	ck_assert_str_eq(s, "P");
	ck_assert_uint_eq(r.st.evicted, 2);
	/* All four limited: the least recently used limited one goes. */
	run(&r, "192.0.2.1", RRL_ANSWER, www, 14, 1, s);
	run(&r, "192.0.4.1", RRL_ANSWER, www, 14, 2, s);
	run(&r, "192.0.6.1", RRL_ANSWER, www, 15, 1, s);
	ck_assert_str_eq(s, "P");
	ck_assert_uint_eq(r.st.evicted, 3);
	rrl_free(&r);
}
END_TEST

START_TEST(test_events)
{
	struct sockaddr_storage ss = addr("192.0.2.33");
	struct rrl_opts o;
	struct rrl_event ev, evs[4];
	struct rrl r;
	char line[128];
	int i;

	memset(&o, 0, sizeof(o));
	o.rate = 2;
	o.window = 2;
	o.log_interval = 30;
	ck_assert_int_eq(rrl_init(&r, &o), 0);
	for (i = 0; i < 2; i++) {
		rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 100, &ev);
		ck_assert_int_eq(ev.kind, RRL_EV_NONE);
	}
	ck_assert_int_eq(
	    rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 100, &ev), RRL_DROP);
	ck_assert_int_eq(ev.kind, RRL_EV_START);
	ck_assert_int_eq(ev.cls, RRL_NXDOMAIN);
	rrl_event_format(&ev, line, sizeof(line));
	ck_assert_str_eq(
	    line, "rate limiting started for 192.0.2.0/24 (NXDOMAIN)");
	/* Once per episode. */
	rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 100, &ev);
	ck_assert_int_eq(ev.kind, RRL_EV_NONE);
	/* Debt -2 at 100: at 102 it is 2, the response passes: stopped. */
	ck_assert_int_eq(
	    rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 102, &ev), RRL_PASS);
	ck_assert_int_eq(ev.kind, RRL_EV_STOP);
	rrl_event_format(&ev, line, sizeof(line));
	ck_assert_str_eq(
	    line, "rate limiting stopped for 192.0.2.0/24 (NXDOMAIN)");
	/* Limited again within 30 s: no report, and so no stop either. */
	rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 102, &ev);
	ck_assert_int_eq(ev.kind, RRL_EV_NONE);
	rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 102, &ev);
	ck_assert_int_eq(ev.kind, RRL_EV_NONE);
	ck_assert_int_eq(
	    rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 110, &ev), RRL_PASS);
	ck_assert_int_eq(ev.kind, RRL_EV_NONE);
	/* 30 s after the first report a new episode is reported again. */
	for (i = 0; i < 3; i++)
		rrl_check(&r, SA(ss), RRL_NXDOMAIN, apex, 130, &ev);
	ck_assert_int_eq(ev.kind, RRL_EV_START);
	/* The source goes quiet: rrl_sweep reports the stop. */
	ck_assert_uint_eq(rrl_sweep(&r, 130, 1 << 20, evs, 4), 0);
	ck_assert_uint_eq(rrl_sweep(&r, 132, 1 << 20, evs, 4), 1);
	ck_assert_int_eq(evs[0].kind, RRL_EV_STOP);
	ck_assert_int_eq(evs[0].family, AF_INET);
	ck_assert_uint_eq(evs[0].prefixlen, 24);
	ck_assert_uint_eq(rrl_sweep(&r, 133, 1 << 20, evs, 4), 0);
	/* IPv6 reports name the /56. */
	ss = addr("2001:db8:1:2ff::53");
	for (i = 0; i < 3; i++)
		rrl_check(&r, SA(ss), RRL_ERROR, NULL, 140, &ev);
	ck_assert_int_eq(ev.kind, RRL_EV_START);
	rrl_event_format(&ev, line, sizeof(line));
	ck_assert_str_eq(
	    line, "rate limiting started for 2001:db8:1:200::/56 (error)");
	rrl_free(&r);
}
END_TEST

START_TEST(test_class_of)
{
	/* rcode, AA, ANCOUNT, NSCOUNT. */
	ck_assert_int_eq(rrl_class_of(0, 1, 1, 0), RRL_ANSWER);
	ck_assert_int_eq(rrl_class_of(0, 0, 2, 0), RRL_ANSWER);
	ck_assert_int_eq(rrl_class_of(3, 1, 0, 1), RRL_NXDOMAIN);
	ck_assert_int_eq(rrl_class_of(3, 1, 1, 1), RRL_NXDOMAIN);
	ck_assert_int_eq(rrl_class_of(0, 0, 0, 2), RRL_REFERRAL);
	ck_assert_int_eq(rrl_class_of(0, 1, 0, 1), RRL_NODATA);
	ck_assert_int_eq(rrl_class_of(1, 0, 0, 0), RRL_ERROR);
	ck_assert_int_eq(rrl_class_of(5, 0, 0, 0), RRL_ERROR);
	ck_assert_int_eq(rrl_class_of(23, 0, 0, 0), RRL_ERROR);
	ck_assert_str_eq(rrl_class_name(RRL_REFERRAL), "referral");
}
END_TEST

START_TEST(test_init_errors)
{
	struct rrl_opts o;
	struct rrl r;

	memset(&o, 0, sizeof(o));
	o.rate = 1;
	o.v4_prefix = 33;
	ck_assert_int_eq(rrl_init(&r, &o), RD_EINVAL);
	o.v4_prefix = 0;
	o.v6_prefix = 129;
	ck_assert_int_eq(rrl_init(&r, &o), RD_EINVAL);
	o.v6_prefix = 0;
	o.nexempt = RRL_EXEMPT_MAX + 1;
	ck_assert_int_eq(rrl_init(&r, &o), RD_EINVAL);
	o.nexempt = 0;
	ck_assert_int_eq(rrl_init(&r, &o), 0);
	ck_assert_uint_eq(r.o.size, 65536);
	ck_assert_uint_eq(r.o.window, 15);
	ck_assert_uint_eq(r.o.v4_prefix, 24);
	ck_assert_uint_eq(r.o.v6_prefix, 56);
	rrl_free(&r);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rrl");
	TCase *tc = tcase_create("rrl");

	tcase_add_test(tc, test_sequence);
	tcase_add_test(tc, test_steady_overload);
	tcase_add_test(tc, test_slip_values);
	tcase_add_test(tc, test_prefix_grouping);
	tcase_add_test(tc, test_key);
	tcase_add_test(tc, test_exempt_and_off);
	tcase_add_test(tc, test_prefix_parse);
	tcase_add_test(tc, test_table_full);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_class_of);
	tcase_add_test(tc, test_init_errors);
	suite_add_tcase(s, tc);
	return s;
}
