/*
 * check_xfr: transfer requests (parse, FORMERR cases), AXFR streams (exact
 * records and order of a small zone; a zone of 100,000 records over
 * several messages, every record exactly once), IXFR streams (up to date,
 * covered by the history, not covered, over UDP), the signing hook, and
 * dnspython's parse of our streams (tests/system/xfr_stream_parse.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/diff.h"
#include "dns/err.h"
#include "dns/journal.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/pkt.h"
#include "dns/rdata.h"
#include "dns/rrtext.h"
#include "dns/rrtype.h"
#include "dns/tsig.h"
#include "dns/wire.h"
#include "dns/xfr.h"
#include "dns/zone.h"
#include "unit.h"

/* The TSIG secret of the tests (hmac-sha256). */
#define KEY_B64 "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"

/* Wire form of an absolute name in text; static buffers rotate. */
static const uint8_t *
N(const char *s)
{
	static uint8_t buf[8][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 8];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static const char small_zone[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 5 7200 3600 1209600 60\n"
    "@ MX 10 mail\n@ NS ns1\n"
    "www A 192.0.2.4\nwww A 192.0.2.3\n"
    "Z A 192.0.2.10\n*.w A 192.0.2.11\n"
    "ns1 A 192.0.2.1\nmail A 192.0.2.2\nb.a TXT \"x\"\n"
    "sub NS ns.sub\nns.sub A 192.0.2.9\n";

/* The AXFR of small_zone, record by record (RFC 5936 §2.2). */
static const char *const small_axfr[] = {
	"example.com.\t300\tIN\tSOA\tns1.example.com. hm.example.com. 5 "
	"7200 3600 1209600 60",
	"example.com.\t300\tIN\tNS\tns1.example.com.",
	"example.com.\t300\tIN\tMX\t10 mail.example.com.",
	"b.a.example.com.\t300\tIN\tTXT\t\"x\"",
	"mail.example.com.\t300\tIN\tA\t192.0.2.2",
	"ns1.example.com.\t300\tIN\tA\t192.0.2.1",
	"sub.example.com.\t300\tIN\tNS\tns.sub.example.com.",
	"ns.sub.example.com.\t300\tIN\tA\t192.0.2.9",
	"*.w.example.com.\t300\tIN\tA\t192.0.2.11",
	"www.example.com.\t300\tIN\tA\t192.0.2.3",
	"www.example.com.\t300\tIN\tA\t192.0.2.4",
	"Z.example.com.\t300\tIN\tA\t192.0.2.10",
	"example.com.\t300\tIN\tSOA\tns1.example.com. hm.example.com. 5 "
	"7200 3600 1209600 60",
};

static struct zone *
mkzone(const char *text)
{
	struct zone *z = NULL;

	ck_assert_int_eq(load_zone_mem(text, strlen(text), "test",
	    N("example.com."), NULL, NULL, NULL, &z), 0);
	ck_assert_ptr_nonnull(z);
	return z;
}

/* SOA rdata "ns1.example.com. hm.example.com. serial 7200 3600 1209600 60". */
static uint16_t
soa_rd(uint8_t *out, uint32_t serial)
{
	static const uint8_t names[] = {
		3, 'n', 's', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
		2, 'h', 'm', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
	};
	uint8_t *p = out + sizeof(names);

	memcpy(out, names, sizeof(names));
	wire_put_u32(p, serial);
	wire_put_u32(p + 4, 7200);
	wire_put_u32(p + 8, 3600);
	wire_put_u32(p + 12, 1209600);
	wire_put_u32(p + 16, 60);
	return (uint16_t)(sizeof(names) + 20);
}

/*
 * A request: id 0xbeef, RD set when rd, question example.com qtype IN; for
 * serial >= 0 an SOA of that serial in the authority section, owner a
 * pointer to the question. Returns the length.
 */
static size_t
mkreq(uint8_t *buf, size_t max, uint16_t qtype, long serial)
{
	struct wire_wr w;
	uint8_t rd[DIFF_SOA_MAX];
	uint16_t rdlen;

	wire_wr_init(&w, buf, max);
	wire_wr_u16(&w, 0xbeef);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, 1);
	wire_wr_u16(&w, 0);
	wire_wr_u16(&w, serial >= 0 ? 1 : 0);
	wire_wr_u16(&w, 0);
	wire_wr_bytes(&w, N("example.com."), 13);
	wire_wr_u16(&w, qtype);
	wire_wr_u16(&w, RRCLASS_IN);
	if (serial >= 0) {
		rdlen = soa_rd(rd, (uint32_t)serial);
		wire_wr_u16(&w, 0xc00c);
		wire_wr_u16(&w, RRTYPE_SOA);
		wire_wr_u16(&w, RRCLASS_IN);
		wire_wr_u32(&w, 300);
		wire_wr_u16(&w, rdlen);
		wire_wr_bytes(&w, rd, rdlen);
	}
	ck_assert_int_eq(w.err, 0);
	return wire_wr_offset(&w);
}

/* A parsed answer message. */
struct msg {
	uint16_t id, flags, qd, an, ns, ar;
	uint16_t qtype;
	char **rr;		/* answer records as rrtext_rr prints them */
};

static void
msg_free(struct msg *m)
{
	uint16_t i;

	for (i = 0; i < m->an; i++)
		free(m->rr[i]);
	free(m->rr);
}

/* Parse a message of ours back: header, question, answer records. */
static void
msg_parse(const uint8_t *p, size_t len, struct msg *m)
{
	static uint8_t rd[65535];
	uint8_t owner[NAME_MAXLEN];
	char *text = malloc(RRTEXT_MAX);
	struct wire_rd r;
	uint16_t i, type, rclass, rdlen;
	uint32_t ttl;
	int n;

	ck_assert_ptr_nonnull(text);
	wire_rd_init(&r, p, len);
	m->id = wire_rd_u16(&r);
	m->flags = wire_rd_u16(&r);
	m->qd = wire_rd_u16(&r);
	m->an = wire_rd_u16(&r);
	m->ns = wire_rd_u16(&r);
	m->ar = wire_rd_u16(&r);
	m->qtype = 0;
	if (m->qd == 1) {
		ck_assert_int_gt(name_parse(&r, owner), 0);
		ck_assert(name_equal(owner, N("example.com.")));
		m->qtype = wire_rd_u16(&r);
		ck_assert_uint_eq(wire_rd_u16(&r), RRCLASS_IN);
	}
	m->rr = calloc(m->an + 1, sizeof(char *));
	for (i = 0; i < m->an; i++) {
		ck_assert_int_gt(name_parse(&r, owner), 0);
		type = wire_rd_u16(&r);
		rclass = wire_rd_u16(&r);
		ttl = wire_rd_u32(&r);
		rdlen = wire_rd_u16(&r);
		n = rdata_unpack(type, &r, rdlen, rd, sizeof(rd));
		ck_assert_int_ge(n, 0);
		ck_assert_int_gt(rrtext_rr(owner, ttl, rclass, type, rd,
		    (size_t)n, text, RRTEXT_MAX), 0);
		m->rr[i] = strdup(text);
	}
	ck_assert_int_eq(r.err, 0);
	free(text);
}

/* Every record of a stream, in order, and the number of messages. */
struct stream {
	char **rr;
	size_t n, cap;
	size_t nmsg;
	size_t maxlen;		/* longest message */
	size_t signed_msgs;	/* messages ending in the fake signer's RR */
};

static void
stream_free(struct stream *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->rr[i]);
	free(s->rr);
	memset(s, 0, sizeof(*s));
}

/* The fake signer's record: root owner, TSIG, ANY, TTL 0, empty rdata. */
static const uint8_t fake_sig[11] = { 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0 };

/*
 * Run x to its end with messages of at most max octets; check headers
 * (id, QR and AA, the question with qtype in every message) and
 * keep the records. fd >= 0: also write each message there with its
 * two-octet length (RFC 1035 §4.2.2).
 */
static void
stream_run(struct xfr *x, size_t max, uint16_t qtype, uint16_t rdflag,
    struct stream *s, FILE *f)
{
	static uint8_t buf[65535];
	struct msg m;
	uint8_t pre[2];
	int len, i;

	memset(s, 0, sizeof(*s));
	while ((len = xfr_next(x, buf, max)) > 0) {
		ck_assert_uint_le((size_t)len, max);
		if ((size_t)len > s->maxlen)
			s->maxlen = (size_t)len;
		msg_parse(buf, (size_t)len, &m);
		ck_assert_uint_eq(m.id, 0xbeef);
		ck_assert_uint_eq(m.flags, PKT_QR | PKT_AA | rdflag);
		ck_assert_uint_eq(m.qd, 1);
		ck_assert_uint_eq(m.qtype, qtype);
		ck_assert_uint_eq(m.ns, 0);
		ck_assert_uint_gt(m.an, 0);
		if (m.ar == 1 && memcmp(buf + len - 11, fake_sig, 11) == 0)
			s->signed_msgs++;
		if (s->n + m.an > s->cap) {
			s->cap = (s->n + m.an) * 2;
			s->rr = realloc(s->rr, s->cap * sizeof(char *));
		}
		for (i = 0; i < m.an; i++)
			s->rr[s->n++] = m.rr[i];
		free(m.rr);
		s->nmsg++;
		if (f != NULL) {
			wire_put_u16(pre, (uint16_t)len);
			ck_assert_uint_eq(fwrite(pre, 1, 2, f), 2);
			ck_assert_uint_eq(fwrite(buf, 1, (size_t)len, f),
			    (size_t)len);
		}
	}
	ck_assert_int_eq(len, 0);
	ck_assert_int_eq(xfr_next(x, buf, max), 0);
}

static void
stream_expect(const struct stream *s, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < s->n && i < n; i++)
		ck_assert_str_eq(s->rr[i], want[i]);
	ck_assert_uint_eq(s->n, n);
}

START_TEST(parse_axfr)
{
	struct xfr_request req;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	buf[3] = 0x00;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_uint_eq(req.id, 0xbeef);
	ck_assert_uint_eq(req.qtype, RRTYPE_AXFR);
	ck_assert_uint_eq(req.qclass, RRCLASS_IN);
	ck_assert_uint_eq(req.qnamelen, 13);
	ck_assert(name_equal(req.qname, N("example.com.")));
	ck_assert_uint_eq(req.has_serial, 0);
	ck_assert_uint_eq(req.has_tsig, 0);
	ck_assert_uint_eq(req.edns.present, 0);
}
END_TEST

START_TEST(parse_ixfr)
{
	struct xfr_request req;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_IXFR, 0xfffffffeL);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_uint_eq(req.qtype, RRTYPE_IXFR);
	ck_assert_uint_eq(req.has_serial, 1);
	ck_assert_uint_eq(req.serial, 0xfffffffeU);
}
END_TEST

/* An OPT and a TSIG (last) in the additional section. */
START_TEST(parse_additional)
{
	static const uint8_t opt[] = { 0, 0, 41, 4, 0xd0, 0, 0, 0x80, 0, 0, 0 };
	static const uint8_t tsig[] = {
		3, 'k', 'e', 'y', 0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0,
	};
	struct xfr_request req;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	memcpy(buf + len, opt, sizeof(opt));
	memcpy(buf + len + sizeof(opt), tsig, sizeof(tsig));
	buf[11] = 2;
	ck_assert_int_eq(xfr_parse_request(buf, len + sizeof(opt) +
	    sizeof(tsig), &req), 0);
	ck_assert_uint_eq(req.edns.present, 1);
	ck_assert_uint_eq(req.edns.payload, 1232);
	ck_assert_uint_eq(req.edns.flags, EDNS_DO);
	ck_assert_uint_eq(req.has_tsig, 1);
	ck_assert_uint_eq(req.tsig_off, len + sizeof(opt));
	/* RFC 8945 §5.1: a TSIG that is not last is malformed. */
	memcpy(buf + len, tsig, sizeof(tsig));
	memcpy(buf + len + sizeof(tsig), opt, sizeof(opt));
	ck_assert_int_eq(xfr_parse_request(buf, len + sizeof(opt) +
	    sizeof(tsig), &req), RD_EMALFORMED);
}
END_TEST

START_TEST(parse_malformed)
{
	struct xfr_request req;
	uint8_t buf[512], ok[512];
	size_t len, ilen;

	len = mkreq(ok, sizeof(ok), RRTYPE_IXFR, 3);
	/* Every truncation of a good IXFR request. */
	for (ilen = 0; ilen < len; ilen++)
		ck_assert_int_eq(xfr_parse_request(ok, ilen, &req),
		    RD_EMALFORMED);
	/* RFC 1995 §3: IXFR without the client's SOA. */
	ilen = mkreq(buf, sizeof(buf), RRTYPE_IXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, ilen, &req), RD_EMALFORMED);
	ck_assert_uint_eq(req.has_question, 1);
	ck_assert_int_eq(xfr_error(&req, PKT_RCODE_FORMERR, buf,
	    sizeof(buf)), 12 + 17);
	ck_assert_uint_eq(wire_get_u16(buf + 2), PKT_QR | PKT_RCODE_FORMERR);
	ck_assert_uint_eq(wire_get_u16(buf + 4), 1);
	ck_assert_uint_eq(wire_get_u16(buf + 6), 0);
	ck_assert_uint_eq(wire_get_u16(buf + 12 + 13), RRTYPE_IXFR);
	/* The SOA in the answer section instead. */
	memcpy(buf, ok, len);
	buf[7] = 1;
	buf[9] = 0;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_EMALFORMED);
	/* Another type than SOA in the authority section. */
	memcpy(buf, ok, len);
	buf[12 + 17 + 3] = RRTYPE_NS;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_EMALFORMED);
	/* An SOA of another owner (the root). */
	memcpy(buf, ok, len);
	buf[12 + 17] = 0;
	memmove(buf + 12 + 18, ok + 12 + 19, len - 12 - 19);
	ck_assert_int_eq(xfr_parse_request(buf, len - 1, &req),
	    RD_EMALFORMED);
	/* Two questions; none. */
	memcpy(buf, ok, len);
	buf[5] = 2;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_EMALFORMED);
	buf[5] = 0;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_EMALFORMED);
	ck_assert_uint_eq(req.has_question, 0);
	/* An SOA whose rdata is one octet short. */
	memcpy(buf, ok, len);
	buf[12 + 17 + 11]--;
	ck_assert_int_eq(xfr_parse_request(buf, len - 1, &req),
	    RD_EMALFORMED);
	/* An AXFR with an answer record. */
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, 1);
	buf[7] = 1;
	buf[9] = 0;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_EMALFORMED);
}
END_TEST

/* Not a transfer: the caller answers it elsewhere. */
START_TEST(parse_not_xfr)
{
	struct xfr_request req;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_SOA, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_ENOTSUP);
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	buf[2] = 0x80;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_ENOTSUP);
	buf[2] = PKT_OPCODE_NOTIFY << 3;
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), RD_ENOTSUP);
}
END_TEST

START_TEST(axfr_small)
{
	struct zone *z = mkzone(small_zone);
	struct xfr_request req;
	struct stream s;
	struct xfr x;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	buf[2] = 0x01;	/* RD: copied (RFC 5936 §2.2.1) */
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	stream_run(&x, 65535, RRTYPE_AXFR, PKT_RD, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 1);
	stream_expect(&s, small_axfr, sizeof(small_axfr) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* The same records in messages of at most 100 octets. */
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	stream_run(&x, 100, RRTYPE_AXFR, PKT_RD, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 5);
	stream_expect(&s, small_axfr, sizeof(small_axfr) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* A message too small for one record ends the stream. */
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	ck_assert_int_eq(xfr_next(&x, buf, 40), RD_ESPACE);
	ck_assert_int_eq(xfr_next(&x, buf, 65535), 0);
	xfr_end(&x);
	zone_free(z);
}
END_TEST

START_TEST(axfr_refused_cases)
{
	struct zone *z = mkzone(small_zone);
	struct xfr_request req;
	struct xfr x;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	/* RFC 5936 §4.2: no AXFR over UDP. */
	req.udp = 1;
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), RD_ENOTSUP);
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), 0);
	req.udp = 0;
	/* Another class. */
	req.qclass = RRCLASS_CH;
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), RD_EINVAL);
	req.qclass = RRCLASS_IN;
	/* Another zone's name. */
	memcpy(req.qname, N("example.net."), 13);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), RD_EINVAL);
	zone_free(z);
}
END_TEST

/* EDNS in the request: an OPT in every message, DO echoed. */
START_TEST(axfr_edns)
{
	struct zone *z = mkzone(small_zone);
	struct xfr_request req;
	struct xfr x;
	uint8_t buf[512];
	struct msg m;
	size_t len;
	int n, nmsg = 0;

	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	req.edns.present = 1;
	req.edns.flags = EDNS_DO;
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	while ((n = xfr_next(&x, buf, 120)) > 0) {
		msg_parse(buf, (size_t)n, &m);
		ck_assert_uint_eq(m.ar, 1);
		/* The OPT: root, type 41, 1232, TTL with DO, no rdata. */
		ck_assert_uint_eq(buf[n - 11], 0);
		ck_assert_uint_eq(wire_get_u16(buf + n - 10), RRTYPE_OPT);
		ck_assert_uint_eq(wire_get_u16(buf + n - 8), 1232);
		ck_assert_uint_eq(wire_get_u32(buf + n - 6), EDNS_DO);
		ck_assert_uint_eq(wire_get_u16(buf + n - 2), 0);
		msg_free(&m);
		nmsg++;
	}
	ck_assert_int_eq(n, 0);
	ck_assert_int_gt(nmsg, 3);
	xfr_end(&x);
	zone_free(z);
}
END_TEST

static int
fake_sign(void *ctx, uint8_t *msg, size_t *len, size_t max)
{
	int *calls = ctx;

	if (max - *len < sizeof(fake_sig))
		return RD_ESPACE;
	memcpy(msg + *len, fake_sig, sizeof(fake_sig));
	*len += sizeof(fake_sig);
	wire_put_u16(msg + 10, (uint16_t)(wire_get_u16(msg + 10) + 1));
	(*calls)++;
	return 0;
}

static int
failing_sign(void *ctx, uint8_t *msg, size_t *len, size_t max)
{
	(void)ctx;
	(void)msg;
	(void)len;
	(void)max;
	return RD_ENOMEM;
}

/* RFC 8945 §5.3.1: every message goes through the signer, room kept. */
START_TEST(axfr_signed)
{
	struct zone *z = mkzone(small_zone);
	struct xfr_signer sg = { fake_sign, NULL, sizeof(fake_sig) };
	struct xfr_request req;
	struct stream s;
	struct xfr x;
	uint8_t buf[512];
	size_t len;
	int calls = 0;

	sg.ctx = &calls;
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, &sg), 0);
	stream_run(&x, 100, RRTYPE_AXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 6);
	ck_assert_uint_eq(s.signed_msgs, s.nmsg);
	ck_assert_int_eq(calls, (int)s.nmsg);
	stream_expect(&s, small_axfr, sizeof(small_axfr) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* A signer's error ends the stream with it. */
	sg.sign = failing_sign;
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, &sg), 0);
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), RD_ENOMEM);
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), 0);
	xfr_end(&x);
	zone_free(z);
}
END_TEST

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
collect_node(const struct znode *n, void *ctx)
{
	struct stream *s = ctx;
	const struct rrset *rs;
	const uint8_t *p;
	char *text = malloc(RRTEXT_MAX);

	for (rs = n->rrsets; rs != NULL; rs = rs->next) {
		RRSET_FOREACH(rs, p) {
			ck_assert_int_gt(rrtext_rr(n->name, rs->ttl,
			    RRCLASS_IN, rs->type, p + 2, wire_get_u16(p),
			    text, RRTEXT_MAX), 0);
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 1024;
				s->rr = realloc(s->rr, s->cap * sizeof(char *));
			}
			s->rr[s->n++] = strdup(text);
		}
	}
	free(text);
	return 0;
}

/* A zone of about 100,000 records: name i holds A and TXT records. */
static char *
big_zone_text(size_t nnames)
{
	size_t cap = nnames * 64 + 256, off, i;
	char *t = malloc(cap);

	off = (size_t)snprintf(t, cap, "$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm 7 7200 3600 1209600 60\n@ NS ns1\n"
	    "ns1 A 192.0.2.1\n");
	for (i = 0; i < nnames; i++)
		off += (size_t)snprintf(t + off, cap - off,
		    "h%zu A 10.%zu.%zu.%zu\nh%zu TXT \"t%zu\"\n", i,
		    i >> 16, (i >> 8) & 0xff, i & 0xff, i, i);
	return t;
}

/*
 * 100,002 records: every message at most 65535 octets, several messages,
 * SOA first and last, and, sorted, exactly the records of the zone.
 */
START_TEST(axfr_big)
{
	char *text = big_zone_text(50000);
	struct zone *z = mkzone(text);
	struct stream s, want;
	struct xfr_request req;
	struct xfr x;
	uint8_t buf[512];
	size_t len, i;

	free(text);
	ck_assert_uint_eq(z->nrecords, 100003);
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	stream_run(&x, 65535, RRTYPE_AXFR, 0, &s, NULL);
	xfr_end(&x);
	ck_assert_uint_gt(s.nmsg, 20);
	ck_assert_uint_le(s.maxlen, 65535);
	ck_assert_uint_gt(s.maxlen, 65000);
	ck_assert_uint_eq(s.n, 100004);
	ck_assert_str_eq(s.rr[0], s.rr[s.n - 1]);
	ck_assert_ptr_nonnull(strstr(s.rr[0], "\tSOA\t"));
	memset(&want, 0, sizeof(want));
	zone_walk(z, collect_node, &want);
	ck_assert_uint_eq(want.n, 100003);
	/* The walk gives the SOA first; the stream has it twice. */
	free(s.rr[--s.n]);
	qsort(s.rr, s.n, sizeof(char *), strp_cmp);
	qsort(want.rr, want.n, sizeof(char *), strp_cmp);
	for (i = 0; i < s.n; i++)
		ck_assert_str_eq(s.rr[i], want.rr[i]);
	stream_free(&s);
	stream_free(&want);
	zone_free(z);
}
END_TEST

/*
 * One RRset larger than a message (3,000 TXT records of about 60 octets):
 * it spans messages, each record once, none split.
 */
START_TEST(axfr_rrset_spans_messages)
{
	size_t cap = 3000 * 80 + 256, off, i;
	char *text = malloc(cap);
	struct stream s;
	struct zone *z;
	struct xfr_request req;
	struct xfr x;
	uint8_t buf[512];
	size_t len, ntxt = 0;
	const char *pre = "big.example.com.\t300\tIN\tTXT\t\"";

	off = (size_t)snprintf(text, cap, "$ORIGIN example.com.\n$TTL 300\n"
	    "@ SOA ns1 hm 7 7200 3600 1209600 60\n@ NS ns1\n"
	    "ns1 A 192.0.2.1\n");
	for (i = 0; i < 3000; i++)
		off += (size_t)snprintf(text + off, cap - off,
		    "big TXT \"%04zu-01234567890123456789"
		    "01234567890123456789012345\"\n", i);
	z = mkzone(text);
	free(text);
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	stream_run(&x, 65535, RRTYPE_AXFR, 0, &s, NULL);
	xfr_end(&x);
	ck_assert_uint_ge(s.nmsg, 3);
	ck_assert_uint_eq(s.n, 3000 + 4);
	/* In canonical order (RFC 4034 §6.3): 0000 to 2999. */
	for (i = 0; i < s.n; i++) {
		if (strncmp(s.rr[i], pre, strlen(pre)) != 0)
			continue;
		ck_assert_int_eq(atoi(s.rr[i] + strlen(pre)), (int)ntxt);
		ntxt++;
	}
	ck_assert_uint_eq(ntxt, 3000);
	stream_free(&s);
	zone_free(z);
}
END_TEST

/* Owners of the records of a stream are in canonical order (RFC 4034 §6.1). */
START_TEST(axfr_big_order)
{
	char *text = big_zone_text(3000);
	struct zone *z = mkzone(text);
	static uint8_t buf[65535];
	uint8_t prev[NAME_MAXLEN], owner[NAME_MAXLEN];
	struct xfr_request req;
	struct wire_rd r;
	struct xfr x;
	size_t len, nrr = 0;
	int n, i, an, first = 1;

	free(text);
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	while ((n = xfr_next(&x, buf, 4096)) > 0) {
		wire_rd_init(&r, buf, (size_t)n);
		wire_rd_skip(&r, 6);
		an = wire_rd_u16(&r);
		wire_rd_skip(&r, 4);
		wire_rd_skip(&r, 13 + 4);
		for (i = 0; i < an; i++, nrr++) {
			ck_assert_int_gt(name_parse(&r, owner), 0);
			wire_rd_skip(&r, 8);
			wire_rd_skip(&r, wire_rd_u16(&r));
			/* The last SOA goes back to the apex. */
			if (!first && nrr != z->nrecords)
				ck_assert_int_le(name_cmp(prev, owner), 0);
			memcpy(prev, owner, sizeof(owner));
			first = 0;
		}
		ck_assert_int_eq(r.err, 0);
		ck_assert_uint_eq(wire_rd_left(&r), 0);
	}
	ck_assert_int_eq(n, 0);
	ck_assert_uint_eq(nrr, z->nrecords + 1);
	xfr_end(&x);
	zone_free(z);
}
END_TEST

/* Versions 1 and 3 of a zone, and the diffs 1->2 and 2->3 between them. */
static const char ixfr_v1[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 1 7200 3600 1209600 60\n@ NS ns1\nns1 A 192.0.2.1\n"
    "mail A 192.0.2.99\nwww A 192.0.2.3\nold A 192.0.2.50\n";
static const char ixfr_v3[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 3 7200 3600 1209600 60\n@ NS ns1\nns1 A 192.0.2.1\n"
    "mail A 192.0.2.2\nwww A 192.0.2.3\nwww A 192.0.2.4\nnew TXT \"n\"\n";

#define SOA_TEXT(n) "example.com.\t300\tIN\tSOA\tns1.example.com. " \
	"hm.example.com. " #n " 7200 3600 1209600 60"

/* RFC 1995 §4: the differences, one diff after the other. */
static const char *const ixfr_1_3[] = {
	SOA_TEXT(3),
	SOA_TEXT(1),
	"old.example.com.\t300\tIN\tA\t192.0.2.50",
	SOA_TEXT(2),
	"www.example.com.\t300\tIN\tA\t192.0.2.4",
	SOA_TEXT(2),
	"mail.example.com.\t300\tIN\tA\t192.0.2.99",
	SOA_TEXT(3),
	"mail.example.com.\t300\tIN\tA\t192.0.2.2",
	"new.example.com.\t300\tIN\tTXT\t\"n\"",
	SOA_TEXT(3),
};

static const uint8_t a50[] = { 192, 0, 2, 50 }, a4[] = { 192, 0, 2, 4 };
static const uint8_t a99[] = { 192, 0, 2, 99 }, a2[] = { 192, 0, 2, 2 };
static const uint8_t txt_n[] = { 1, 'n' };

static void
mkdiff(struct diff *d, uint32_t from, uint32_t to)
{
	uint8_t f[DIFF_SOA_MAX], t[DIFF_SOA_MAX];
	uint16_t fl, tl;

	diff_init(d);
	fl = soa_rd(f, from);
	tl = soa_rd(t, to);
	ck_assert_int_eq(diff_set_soa(d, N("example.com."), 300, f, fl, 300,
	    t, tl), 0);
}

/* d[0]: 1->2, d[1]: 2->3, d[2]: 4->5 (a gap after d[1]). */
static void
mkdiffs(struct diff d[3])
{
	mkdiff(&d[0], 1, 2);
	ck_assert_int_eq(diff_remove(&d[0], N("old.example.com."),
	    RRTYPE_A, 300, a50, 4), 0);
	ck_assert_int_eq(diff_add(&d[0], N("www.example.com."), RRTYPE_A,
	    300, a4, 4), 0);
	mkdiff(&d[1], 2, 3);
	/* Additions and removals mixed: IXFR sends removals first. */
	ck_assert_int_eq(diff_add(&d[1], N("mail.example.com."), RRTYPE_A,
	    300, a2, 4), 0);
	ck_assert_int_eq(diff_remove(&d[1], N("mail.example.com."),
	    RRTYPE_A, 300, a99, 4), 0);
	ck_assert_int_eq(diff_add(&d[1], N("new.example.com."), RRTYPE_TXT,
	    300, txt_n, 2), 0);
	mkdiff(&d[2], 4, 5);
}

static void
ixfr_begin(struct xfr *x, const struct zone *z, long serial, int udp,
    const struct diff *d, size_t nd, struct xfr_diffarr *arr)
{
	struct xfr_diffsrc src;
	struct xfr_request req;
	uint8_t buf[512];
	size_t len;

	len = mkreq(buf, sizeof(buf), RRTYPE_IXFR, serial);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	req.udp = (uint8_t)udp;
	xfr_diffsrc_array(&src, arr, d, nd);
	ck_assert_int_eq(xfr_begin(x, z, &req, d != NULL ? &src : NULL,
	    NULL), 0);
}

/* RFC 1995 §2: a client with our serial gets our SOA, byte for byte. */
START_TEST(ixfr_up_to_date)
{
	static const uint8_t want[] = {
		0xbe, 0xef, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0, 251, 0, 1,
		0xc0, 0x0c, 0, 6, 0, 1, 0, 0, 1, 0x2c, 0, 31,
		3, 'n', 's', '1', 0xc0, 0x0c, 2, 'h', 'm', 0xc0, 0x0c,
		0, 0, 0, 3, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10,
		0, 0x12, 0x75, 0, 0, 0, 0, 60,
	};
	struct zone *z = mkzone(ixfr_v3);
	struct diff d[3];
	struct xfr_diffarr arr;
	struct xfr x;
	uint8_t buf[512];

	mkdiffs(d);
	ixfr_begin(&x, z, 3, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_SOA_ONLY);
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), 0);
	xfr_end(&x);
	/* A newer serial (RFC 1982 arithmetic) gets the same. */
	ixfr_begin(&x, z, 0x80000001L, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_SOA_ONLY);
	ck_assert_int_eq(xfr_next(&x, buf, sizeof(buf)), sizeof(want));
	xfr_end(&x);
	diff_free(&d[0]);
	diff_free(&d[1]);
	diff_free(&d[2]);
	zone_free(z);
}
END_TEST

START_TEST(ixfr_diffs)
{
	struct zone *z = mkzone(ixfr_v3);
	struct diff d[3];
	struct xfr_diffarr arr;
	struct stream s;
	struct xfr x;
	size_t i;

	mkdiffs(d);
	ixfr_begin(&x, z, 1, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_IXFR);
	stream_run(&x, 65535, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 1);
	stream_expect(&s, ixfr_1_3, sizeof(ixfr_1_3) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* One record per message: the same sequence. */
	ixfr_begin(&x, z, 1, 0, d, 2, &arr);
	stream_run(&x, 90, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 10);
	stream_expect(&s, ixfr_1_3, sizeof(ixfr_1_3) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* From serial 2: the second diff only. */
	ixfr_begin(&x, z, 2, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_IXFR);
	stream_run(&x, 65535, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.n, 7);
	ck_assert_str_eq(s.rr[0], SOA_TEXT(3));
	for (i = 1; i < 7; i++)
		ck_assert_str_eq(s.rr[i], ixfr_1_3[i + 4]);
	stream_free(&s);
	xfr_end(&x);
	diff_free(&d[0]);
	diff_free(&d[1]);
	diff_free(&d[2]);
	zone_free(z);
}
END_TEST

/* RFC 1995 §4: a serial the history does not cover gets the whole zone. */
START_TEST(ixfr_axfr_style)
{
	static const char *const want[] = {
		SOA_TEXT(3),
		"example.com.\t300\tIN\tNS\tns1.example.com.",
		"mail.example.com.\t300\tIN\tA\t192.0.2.2",
		"new.example.com.\t300\tIN\tTXT\t\"n\"",
		"ns1.example.com.\t300\tIN\tA\t192.0.2.1",
		"www.example.com.\t300\tIN\tA\t192.0.2.3",
		"www.example.com.\t300\tIN\tA\t192.0.2.4",
		SOA_TEXT(3),
	};
	struct zone *z = mkzone(ixfr_v3);
	struct diff d[3];
	struct xfr_diffarr arr;
	struct stream s;
	struct xfr x;

	mkdiffs(d);
	/* Older than the history. */
	ixfr_begin(&x, z, 0, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	stream_run(&x, 65535, RRTYPE_IXFR, 0, &s, NULL);
	stream_expect(&s, want, sizeof(want) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* No history at all. */
	ixfr_begin(&x, z, 1, 0, NULL, 0, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	xfr_end(&x);
	/* A history that does not reach our serial (d[0] only). */
	ixfr_begin(&x, z, 1, 0, d, 1, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	xfr_end(&x);
	/* A gap in the history: 1->2, 4->5. */
	diff_free(&d[1]);
	d[1] = d[2];
	ixfr_begin(&x, z, 1, 0, d, 2, &arr);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	stream_run(&x, 65535, RRTYPE_IXFR, 0, &s, NULL);
	stream_expect(&s, want, sizeof(want) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	diff_free(&d[0]);
	diff_free(&d[2]);
	zone_free(z);
}
END_TEST

/* RFC 1995 §2: over UDP, the differences when they fit, else our SOA. */
START_TEST(ixfr_udp)
{
	struct zone *z = mkzone(ixfr_v3);
	struct diff d[3];
	struct xfr_diffarr arr;
	struct stream s;
	struct xfr x;

	mkdiffs(d);
	ixfr_begin(&x, z, 1, 1, d, 2, &arr);
	stream_run(&x, 512, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 1);
	stream_expect(&s, ixfr_1_3, sizeof(ixfr_1_3) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	ixfr_begin(&x, z, 1, 1, d, 2, &arr);
	stream_run(&x, 200, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.nmsg, 1);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.rr[0], SOA_TEXT(3));
	ck_assert_int_eq(xfr_kind(&x), XFR_SOA_ONLY);
	stream_free(&s);
	xfr_end(&x);
	/* AXFR-style over UDP that does not fit: our SOA too. */
	ixfr_begin(&x, z, 0, 1, d, 2, &arr);
	stream_run(&x, 200, RRTYPE_IXFR, 0, &s, NULL);
	ck_assert_uint_eq(s.n, 1);
	stream_free(&s);
	xfr_end(&x);
	diff_free(&d[0]);
	diff_free(&d[1]);
	diff_free(&d[2]);
	zone_free(z);
}
END_TEST

/* IXFR from a journal on disk (journal.h) through xfr_diffsrc_journal. */
START_TEST(ixfr_journal)
{
	char dir[] = "/tmp/check_xfr_jnl.XXXXXX", path[512];
	struct zone *z = mkzone(ixfr_v3);
	struct xfr_diffsrc src;
	struct xfr_jnlsrc js;
	struct xfr_request req;
	struct diff d[3];
	struct jnl *j = NULL;
	struct stream s;
	struct xfr x;
	uint8_t buf[512];
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.com.jnl", dir);
	ck_assert_int_eq(jnl_open(path, N("example.com."), 0, NULL, NULL,
	    &j), 0);
	mkdiffs(d);
	ck_assert_int_eq(jnl_append(j, &d[0]), 0);
	ck_assert_int_eq(jnl_append(j, &d[1]), 0);
	ck_assert_int_eq(jnl_sync(j), 0);
	xfr_diffsrc_journal(&src, &js, j);
	len = mkreq(buf, sizeof(buf), RRTYPE_IXFR, 1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, &src, NULL), 0);
	ck_assert_int_eq(xfr_kind(&x), XFR_IXFR);
	stream_run(&x, 100, RRTYPE_IXFR, 0, &s, NULL);
	stream_expect(&s, ixfr_1_3, sizeof(ixfr_1_3) / sizeof(char *));
	stream_free(&s);
	xfr_end(&x);
	/* Serial 0 is older than the journal: AXFR-style. */
	len = mkreq(buf, sizeof(buf), RRTYPE_IXFR, 0);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, &src, NULL), 0);
	ck_assert_int_eq(xfr_kind(&x), XFR_AXFR);
	xfr_end(&x);
	jnl_close(j);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	diff_free(&d[0]);
	diff_free(&d[1]);
	diff_free(&d[2]);
	zone_free(z);
}
END_TEST

/*
 * RFC 8945 §5.3.1 end to end: a request signed by the client API of
 * tsig.h, verified by the server API, every message of the AXFR signed
 * through xfr_signer_tsig and verified by the client in order; a message
 * changed in transit fails.
 */
START_TEST(axfr_tsig)
{
	struct zone *z = mkzone(small_zone);
	struct tsig_keyset ks;
	struct tsig_key k;
	struct tsig_ctx cli, srv;
	struct xfr_signer sg;
	struct xfr_tsig t;
	struct xfr_request req;
	struct xfr x;
	struct msg m;
	static uint8_t buf[65535];
	size_t len, nrr = 0;
	uint64_t now = 1800000000;
	int n, nmsg = 0, pass;

	ck_assert_int_eq(tsig_key_from_text(&k, "xfr-key.", "hmac-sha256",
	    KEY_B64, NULL, 0), 0);
	tsig_keyset_init(&ks);
	ck_assert_int_eq(tsig_keyset_add(&ks, &k), 0);
	for (pass = 0; pass < 2; pass++) {
		tsig_ctx_init(&cli);
		tsig_ctx_init(&srv);
		len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
		ck_assert_int_eq(tsig_sign_request(&cli, &k, buf, &len,
		    sizeof(buf), now), 0);
		ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
		ck_assert_uint_eq(req.has_tsig, 1);
		ck_assert_int_eq(tsig_verify(&ks, buf, len, now, &srv), 0);
		ck_assert_int_eq(xfr_signer_tsig(&sg, &t, &srv, now), 1);
		ck_assert_uint_gt(sg.reserve, 0);
		ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, &sg), 0);
		nmsg = 0;
		nrr = 0;
		while ((n = xfr_next(&x, buf, 220)) > 0) {
			ck_assert_int_le(n, 220);
			msg_parse(buf, (size_t)n, &m);
			ck_assert_uint_eq(m.ar, 1);
			nrr += m.an;
			msg_free(&m);
			if (pass == 1 && nmsg == 2) {
				/* The AA bit, which the MAC covers. */
				buf[2] ^= 0x04;
				ck_assert_int_eq(tsig_verify_reply(&cli, buf,
				    (size_t)n, now), TSIG_BADSIG);
				break;
			}
			ck_assert_int_eq(tsig_verify_reply(&cli, buf,
			    (size_t)n, now), 0);
			nmsg++;
		}
		if (pass == 0) {
			ck_assert_int_eq(n, 0);
			ck_assert_int_gt(nmsg, 3);
			ck_assert_uint_eq(nrr, sizeof(small_axfr) /
			    sizeof(char *));
			ck_assert_int_eq(tsig_verify_done(&cli), 0);
		}
		xfr_end(&x);
		tsig_ctx_clear(&cli);
		tsig_ctx_clear(&srv);
	}
	tsig_keyset_free(&ks);
	zone_free(z);
}
END_TEST

/* Write the text s to path. */
static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(s, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * dnspython (dns.xfr.Inbound, as dns.query.inbound_xfr drives it) takes
 * our AXFR and IXFR streams and builds exactly the zone we hold; and it
 * verifies the TSIG of a signed request and of every message of the
 * signed AXFR, as a chain (RFC 8945 §5.3.1).
 */
START_TEST(dnspython_accepts_streams)
{
	const char *top = getenv("top_srcdir");
	char dir[] = "/tmp/check_xfr.XXXXXX", path[512], cmd[2048];
	struct zone *z = mkzone(small_zone), *z3 = mkzone(ixfr_v3);
	struct xfr_request req;
	struct xfr_diffarr arr;
	struct diff d[3];
	struct stream s;
	struct xfr x;
	struct tsig_keyset ks;
	struct tsig_key k;
	struct tsig_ctx cli, srv;
	struct xfr_signer sg;
	struct xfr_tsig t;
	uint8_t buf[512];
	uint64_t now;
	size_t len;
	FILE *f;

	if (top == NULL || access("/usr/bin/python3", X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import dns.xfr' 2>/dev/null") != 0) {
		fprintf(stderr, "check_xfr: no python3 with dnspython or no "
		    "top_srcdir: dnspython_accepts_streams skipped\n");
		zone_free(z);
		zone_free(z3);
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/axfr.bin", dir);
	f = fopen(path, "wb");
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, NULL), 0);
	stream_run(&x, 120, RRTYPE_AXFR, 0, &s, f);
	ck_assert_uint_gt(s.nmsg, 3);
	stream_free(&s);
	xfr_end(&x);
	fclose(f);
	snprintf(path, sizeof(path), "%s/ixfr.bin", dir);
	f = fopen(path, "wb");
	mkdiffs(d);
	ixfr_begin(&x, z3, 1, 0, d, 2, &arr);
	stream_run(&x, 120, RRTYPE_IXFR, 0, &s, f);
	ck_assert_uint_gt(s.nmsg, 3);
	stream_free(&s);
	xfr_end(&x);
	fclose(f);
	/* The same AXFR signed with TSIG at the current time. */
	tsig_keyset_init(&ks);
	ck_assert_int_eq(tsig_key_from_text(&k, "xfr-key.", "hmac-sha256",
	    KEY_B64, NULL, 0), 0);
	ck_assert_int_eq(tsig_keyset_add(&ks, &k), 0);
	tsig_ctx_init(&cli);
	tsig_ctx_init(&srv);
	now = (uint64_t)time(NULL);
	len = mkreq(buf, sizeof(buf), RRTYPE_AXFR, -1);
	ck_assert_int_eq(tsig_sign_request(&cli, &k, buf, &len, sizeof(buf),
	    now), 0);
	snprintf(path, sizeof(path), "%s/req.bin", dir);
	f = fopen(path, "wb");
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
	ck_assert_int_eq(xfr_parse_request(buf, len, &req), 0);
	ck_assert_int_eq(tsig_verify(&ks, buf, len, now, &srv), 0);
	ck_assert_int_eq(xfr_signer_tsig(&sg, &t, &srv, now), 1);
	snprintf(path, sizeof(path), "%s/axfr-tsig.bin", dir);
	f = fopen(path, "wb");
	ck_assert_int_eq(xfr_begin(&x, z, &req, NULL, &sg), 0);
	stream_run(&x, 220, RRTYPE_AXFR, 0, &s, f);
	ck_assert_uint_gt(s.nmsg, 3);
	stream_free(&s);
	xfr_end(&x);
	fclose(f);
	tsig_ctx_clear(&cli);
	tsig_ctx_clear(&srv);
	tsig_keyset_free(&ks);
	snprintf(path, sizeof(path), "%s/small.zone", dir);
	write_file(path, small_zone);
	snprintf(path, sizeof(path), "%s/v1.zone", dir);
	write_file(path, ixfr_v1);
	snprintf(path, sizeof(path), "%s/v3.zone", dir);
	write_file(path, ixfr_v3);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 "
	    "%s/tests/system/xfr_stream_parse.py axfr %s/axfr.bin - "
	    "%s/small.zone && /usr/bin/python3 "
	    "%s/tests/system/xfr_stream_parse.py ixfr %s/ixfr.bin "
	    "%s/v1.zone %s/v3.zone && /usr/bin/python3 "
	    "%s/tests/system/xfr_stream_parse.py axfr %s/axfr-tsig.bin - "
	    "%s/small.zone %s/req.bin xfr-key.:" KEY_B64, top, dir, dir, top,
	    dir, dir, dir, top, dir, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	/* With another secret, dnspython refuses the signed stream. */
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 "
	    "%s/tests/system/xfr_stream_parse.py axfr %s/axfr-tsig.bin - "
	    "%s/small.zone %s/req.bin xfr-key.:b3RoZXJzZWNyZXQ= "
	    ">/dev/null 2>&1", top, dir, dir, dir);
	ck_assert_int_ne(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	diff_free(&d[0]);
	diff_free(&d[1]);
	diff_free(&d[2]);
	zone_free(z);
	zone_free(z3);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("xfr");
	TCase *tp = tcase_create("parse");
	TCase *ta = tcase_create("axfr");
	TCase *ti = tcase_create("ixfr");

	tcase_add_test(tp, parse_axfr);
	tcase_add_test(tp, parse_ixfr);
	tcase_add_test(tp, parse_additional);
	tcase_add_test(tp, parse_malformed);
	tcase_add_test(tp, parse_not_xfr);
	suite_add_tcase(s, tp);
	tcase_set_timeout(ta, 120);
	tcase_add_test(ta, axfr_small);
	tcase_add_test(ta, axfr_refused_cases);
	tcase_add_test(ta, axfr_edns);
	tcase_add_test(ta, axfr_signed);
	tcase_add_test(ta, axfr_tsig);
	tcase_add_test(ta, axfr_big);
	tcase_add_test(ta, axfr_big_order);
	tcase_add_test(ta, axfr_rrset_spans_messages);
	suite_add_tcase(s, ta);
	tcase_set_timeout(ti, 60);
	tcase_add_test(ti, ixfr_up_to_date);
	tcase_add_test(ti, ixfr_diffs);
	tcase_add_test(ti, ixfr_axfr_style);
	tcase_add_test(ti, ixfr_udp);
	tcase_add_test(ti, ixfr_journal);
	tcase_add_test(ti, dnspython_accepts_streams);
	suite_add_tcase(s, ti);
	return s;
}
