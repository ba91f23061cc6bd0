/*
 * check_name: text <-> wire conversion with escapes and every error, message
 * parsing with compression pointers (loops, forward pointers, overlong
 * names), canonical order (RFC 4034 §6.1) and the small helpers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/wire.h"
#include "unit.h"

/* Parse an absolute presentation name that must be valid. */
static int
txt(const char *s, uint8_t out[NAME_MAXLEN])
{
	int n;

	n = name_from_text(s, strlen(s), NULL, out);
	ck_assert_msg(n > 0, "name_from_text(%s) = %d", s, n);
	return n;
}

/* The root name. */
static const uint8_t *
N0(void)
{
	static const uint8_t root[1] = { 0 };

	return root;
}

static int
ft(const char *s, const uint8_t *origin, uint8_t out[NAME_MAXLEN])
{
	return name_from_text(s, strlen(s), origin, out);
}

START_TEST(test_from_text_basic)
{
	uint8_t n[NAME_MAXLEN], origin[NAME_MAXLEN];

	ck_assert_int_eq(ft("www.Example.COM.", NULL, n), 17);
	ck_assert_mem_eq(n, "\003www\007Example\003COM\000", 17);
	ck_assert_int_eq(ft(".", NULL, n), 1);
	ck_assert_int_eq(n[0], 0);
	ck_assert_int_eq(ft("com.", NULL, origin), 5);
	ck_assert_int_eq(ft("@", origin, n), 5);
	ck_assert_mem_eq(n, "\003com\000", 5);
	ck_assert_int_eq(ft("www.example", origin, n), 17);
	ck_assert_mem_eq(n, "\003www\007example\003com\000", 17);
	ck_assert_int_eq(ft("a", origin, n), 7);
	ck_assert_mem_eq(n, "\001a\003com\000", 7);
	/* Relative to the root origin. */
	ck_assert_int_eq(ft("a", (const uint8_t *)"", n), 3);
	ck_assert_mem_eq(n, "\001a\000", 3);
	/* "@" only means the origin as the whole name. */
	ck_assert_int_eq(ft("@.", NULL, n), 3);
	ck_assert_mem_eq(n, "\001@\000", 3);
}
END_TEST

START_TEST(test_from_text_escapes)
{
	uint8_t n[NAME_MAXLEN];

	ck_assert_int_eq(ft("a\\.b.c.", NULL, n), 7);
	ck_assert_mem_eq(n, "\003a.b\001c\000", 7);
	ck_assert_int_eq(ft("\\065bc.", NULL, n), 5);
	ck_assert_mem_eq(n, "\003Abc\000", 5);
	ck_assert_int_eq(ft("\\000\\255\\\\\\\".", NULL, n), 6);
	ck_assert_mem_eq(n, "\004\000\377\\\"\000", 6);
	ck_assert_int_eq(ft("\\(x\\).", NULL, n), 5);
	ck_assert_mem_eq(n, "\003(x)\000", 5);
	/* A trailing escaped dot keeps the name relative. */
	ck_assert_int_eq(ft("a\\.", (const uint8_t *)"", n), 4);
	ck_assert_mem_eq(n, "\002a.\000", 4);
	ck_assert_int_eq(ft("\\0123.", NULL, n), 4);
	ck_assert_mem_eq(n, "\002\0143\000", 4);
}
END_TEST

START_TEST(test_from_text_errors)
{
	uint8_t n[NAME_MAXLEN], origin[NAME_MAXLEN];
	char buf[600];
	int i, len;

	ck_assert_int_eq(ft("", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("a..b.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft(".a.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("..", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("a.b..", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("@", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("relative", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("a\\", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("\\256.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("\\999.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("\\12.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("\\1a2.", NULL, n), RD_ESYNTAX);
	ck_assert_int_eq(ft("\\12", NULL, n), RD_ESYNTAX);

	/* RFC 1035 §2.3.4: 63 octets per label, 255 per name. */
	memset(buf, 'a', 63);
	strcpy(buf + 63, ".");
	ck_assert_int_eq(ft(buf, NULL, n), 65);
	memset(buf, 'a', 64);
	strcpy(buf + 64, ".");
	ck_assert_int_eq(ft(buf, NULL, n), RD_ERANGE);
	/* Escapes count as one octet. */
	for (i = 0; i < 63; i++)
		memcpy(buf + 4 * i, "\\046", 4);
	strcpy(buf + 4 * 63, ".");
	ck_assert_int_eq(ft(buf, NULL, n), 65);
	ck_assert_int_eq(n[0], 63);
	ck_assert_int_eq(n[1], '.');
	for (i = 0; i < 64; i++)
		memcpy(buf + 4 * i, "\\046", 4);
	strcpy(buf + 4 * 64, ".");
	ck_assert_int_eq(ft(buf, NULL, n), RD_ERANGE);

	/* 127 one-octet labels: 254 octets plus the root is exactly 255. */
	for (i = 0, len = 0; i < 127; i++)
		len += sprintf(buf + len, "%c.", 'a' + i % 26);
	ck_assert_int_eq(ft(buf, NULL, n), 255);
	ck_assert_int_eq(n[254], 0);
	ck_assert_int_eq(name_labels(n), 127);
	ck_assert_int_eq(name_check(n, 255), 255);
	/* One more label is too long, absolute or by the origin. */
	strcpy(buf + len, "b.");
	ck_assert_int_eq(ft(buf, NULL, n), RD_ERANGE);
	buf[len - 1] = '\0';
	ck_assert_int_eq(ft(buf, (const uint8_t *)"", n), 255);
	ck_assert_int_eq(ft("b", n, origin), RD_ERANGE);
	ck_assert_int_eq(ft("b.", NULL, origin), 3);
	ck_assert_int_eq(ft(buf, origin, n), RD_ERANGE);
	/* Four labels of 63: 4 * 64 + 1 = 257 octets. */
	for (i = 0, len = 0; i < 4; i++) {
		memset(buf + len, 'x', 63);
		buf[len + 63] = '.';
		len += 64;
	}
	buf[len] = '\0';
	ck_assert_int_eq(ft(buf, NULL, n), RD_ERANGE);
	/* Three of 63 and one of 61: exactly 255. */
	buf[64 * 3 + 61] = '.';
	buf[64 * 3 + 62] = '\0';
	ck_assert_int_eq(ft(buf, NULL, n), 255);
}
END_TEST

START_TEST(test_to_text)
{
	uint8_t n[NAME_MAXLEN];
	char out[NAME_MAXTEXT];

	ck_assert_int_eq(name_to_text((const uint8_t *)"", out, sizeof(out)),
	    1);
	ck_assert_str_eq(out, ".");
	txt("www.Example.COM.", n);
	ck_assert_int_eq(name_to_text(n, out, sizeof(out)), 16);
	ck_assert_str_eq(out, "www.Example.COM.");
	memcpy(n, "\014.;()\"\\@$ \000\177\377\001*\000", 16);
	ck_assert_int_eq(name_to_text(n, out, sizeof(out)), 35);
	ck_assert_str_eq(out,
	    "\\.\\;\\(\\)\\\"\\\\\\@\\$\\032\\000\\127\\255.*.");
	memcpy(n, "\003a~!\000", 5);
	ck_assert_int_eq(name_to_text(n, out, sizeof(out)), 4);
	ck_assert_str_eq(out, "a~!.");

	/* Space: exact fit, one short, tiny. */
	txt("ab.cd.", n);
	ck_assert_int_eq(name_to_text(n, out, 7), 6);
	ck_assert_str_eq(out, "ab.cd.");
	memset(out, 'Z', sizeof(out));
	ck_assert_int_eq(name_to_text(n, out, 6), RD_ESPACE);
	ck_assert_int_eq(out[0], 'Z');
	ck_assert_int_eq(name_to_text((const uint8_t *)"", out, 1),
	    RD_ESPACE);
	ck_assert_int_eq(name_to_text((const uint8_t *)"", out, 2), 1);
}
END_TEST

/* A random wire name with any octets, to round-trip through text. */
static int
randname(uint8_t *n, unsigned *seed)
{
	int o = 0, labels, i, l;

	labels = (int)(rand_r(seed) % 6);
	for (i = 0; i < labels; i++) {
		l = 1 + (int)(rand_r(seed) % 20);
		n[o++] = (uint8_t)l;
		while (l-- > 0)
			n[o++] = (uint8_t)rand_r(seed);
	}
	n[o++] = 0;
	return o;
}

START_TEST(test_round_trip)
{
	uint8_t n[NAME_MAXLEN], back[NAME_MAXLEN];
	char text[NAME_MAXTEXT];
	unsigned seed = 12345;
	int i, len, tl;

	for (i = 0; i < 20000; i++) {
		len = randname(n, &seed);
		tl = name_to_text(n, text, sizeof(text));
		ck_assert_int_gt(tl, 0);
		ck_assert_int_eq((int)strlen(text), tl);
		ck_assert_int_eq(name_from_text(text, (size_t)tl, NULL, back),
		    len);
		ck_assert_mem_eq(back, n, (size_t)len);
		ck_assert_int_eq((int)name_len(n), len);
		ck_assert_int_eq(name_check(n, (size_t)len), len);
	}
}
END_TEST

START_TEST(test_check)
{
	ck_assert_int_eq(name_check((const uint8_t *)"\001a\000", 3), 3);
	ck_assert_int_eq(name_check((const uint8_t *)"\001a\000", 2),
	    RD_EMALFORMED);
	ck_assert_int_eq(name_check((const uint8_t *)"\001a", 2),
	    RD_EMALFORMED);
	ck_assert_int_eq(name_check((const uint8_t *)"", 0), RD_EMALFORMED);
	ck_assert_int_eq(name_check((const uint8_t *)"", 1), 1);
	ck_assert_int_eq(name_check((const uint8_t *)"\300\000", 2),
	    RD_EMALFORMED);
	ck_assert_int_eq(name_check((const uint8_t *)"\100a\000", 3),
	    RD_EMALFORMED);
}
END_TEST

START_TEST(test_parse)
{
	/*
	 * Offsets: 0 "\3foo\7example\3com\0" (17), 17 "\3www" + ptr->4,
	 * 23 ptr->17, 25 "\1x\0".
	 */
	static const uint8_t msg[] = "\003foo\007example\003com\000"
	    "\003www\300\004" "\300\021" "\001x\000";
	uint8_t out[NAME_MAXLEN];
	struct wire_rd r;

	wire_rd_init(&r, msg, 28);
	ck_assert_int_eq(name_parse(&r, out), 17);
	ck_assert_mem_eq(out, msg, 17);
	ck_assert_int_eq(wire_rd_offset(&r), 17);
	ck_assert_int_eq(name_parse(&r, out), 17);
	ck_assert_mem_eq(out, "\003www\007example\003com\000", 17);
	ck_assert_int_eq(wire_rd_offset(&r), 23);
	/* A pointer to a name that itself ends in a pointer. */
	ck_assert_int_eq(name_parse(&r, out), 17);
	ck_assert_mem_eq(out, "\003www\007example\003com\000", 17);
	ck_assert_int_eq(wire_rd_offset(&r), 25);
	ck_assert_int_eq(name_parse(&r, out), 3);
	ck_assert_mem_eq(out, "\001x\000", 3);
	ck_assert_int_eq(wire_rd_offset(&r), 28);
	ck_assert_int_eq(r.err, 0);
	/* Nothing left: the sticky error. */
	ck_assert_int_eq(name_parse(&r, out), RD_EMALFORMED);
	ck_assert_int_eq(r.err, RD_EMALFORMED);
	ck_assert_int_eq(name_parse(&r, out), RD_EMALFORMED);

	/* Case is kept. */
	wire_rd_init(&r, (const uint8_t *)"\002Ab\000", 4);
	ck_assert_int_eq(name_parse(&r, out), 4);
	ck_assert_mem_eq(out, "\002Ab\000", 4);
}
END_TEST

static int
parse_at(const uint8_t *msg, size_t len, size_t off, uint8_t *out)
{
	struct wire_rd r;
	int n;

	wire_rd_init(&r, msg, len);
	wire_rd_skip(&r, off);
	n = name_parse(&r, out);
	if (n < 0)
		ck_assert_int_eq(r.err, RD_EMALFORMED);
	else
		ck_assert_int_eq(r.err, 0);
	return n;
}

START_TEST(test_parse_bad)
{
	uint8_t out[NAME_MAXLEN], msg[1024];
	size_t o, prev;
	int i;

	/* A pointer to itself. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\300\000", 2, 0, out),
	    RD_EMALFORMED);
	ck_assert_int_eq(parse_at((const uint8_t *)"xx\300\002", 4, 2, out),
	    RD_EMALFORMED);
	/* A forward pointer. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\300\002\000", 3, 0, out),
	    RD_EMALFORMED);
	/* Two pointers at each other: 2 -> 0 is backwards, 0 -> 2 is not. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\300\002\300\000", 4, 2,
	    out), RD_EMALFORMED);
	/* A pointer into its own part: label then pointer to that label. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\001a\300\000", 4, 0, out),
	    RD_EMALFORMED);
	/* Loop through a label: 0 "\1a" ptr->0 reached from offset 4. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\001a\300\000\300\000", 6,
	    4, out), RD_EMALFORMED);
	/* Truncated pointer, label, and missing root. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\000\300", 2, 1, out),
	    RD_EMALFORMED);
	ck_assert_int_eq(parse_at((const uint8_t *)"\003ab", 3, 0, out),
	    RD_EMALFORMED);
	ck_assert_int_eq(parse_at((const uint8_t *)"\002ab", 3, 0, out),
	    RD_EMALFORMED);
	/* RFC 6891 §5: label types 0x40 and 0x80. */
	ck_assert_int_eq(parse_at((const uint8_t *)"\101a\000", 3, 0, out),
	    RD_EMALFORMED);
	ck_assert_int_eq(parse_at((const uint8_t *)"\201a\000", 3, 0, out),
	    RD_EMALFORMED);

	/*
	 * Too long through pointers: a chain of 63-octet labels each pointing
	 * back to the previous one. Five labels of 64 octets exceed 255.
	 */
	o = 0;
	for (i = 0; i < 5; i++) {
		msg[o] = 63;
		memset(msg + o + 1, 'a' + i, 63);
		if (i == 0) {
			msg[o + 64] = 0;
			o += 65;
		} else {
			/* Label i (at 65 + 66 * (i - 1)) points to i - 1. */
			prev = i == 1 ? 0 : 65 + 66 * (size_t)(i - 2);
			msg[o + 64] = (uint8_t)(0xc0 | (prev >> 8));
			msg[o + 65] = (uint8_t)prev;
			o += 66;
		}
	}
	/* Three labels: 3 * 64 + 1 = 193 fits. */
	ck_assert_int_eq(parse_at(msg, o, 65 + 66, out), 193);
	ck_assert_int_eq(out[0], 63);
	ck_assert_int_eq(out[1], 'c');
	ck_assert_int_eq(out[65], 'b');
	ck_assert_int_eq(out[129], 'a');
	/* Four: 257 is too long. */
	ck_assert_int_eq(parse_at(msg, o, 65 + 66 * 2, out), RD_EMALFORMED);
	ck_assert_int_eq(parse_at(msg, o, 65 + 66 * 3, out), RD_EMALFORMED);

	/* A long chain of pointers to pointers is cut off by the bound. */
	msg[0] = 0;
	for (i = 1; i < 200; i++) {
		msg[2 * i - 1] = 0xc0;
		msg[2 * i] = (uint8_t)(i == 1 ? 0 : 2 * i - 3);
	}
	ck_assert_int_eq(parse_at(msg, 399, 2 * 10 - 1, out), 1);
	ck_assert_int_eq(parse_at(msg, 399, 2 * 199 - 1, out), RD_EMALFORMED);
}
END_TEST

START_TEST(test_cmp_rfc4034)
{
	/* RFC 4034 §6.1: the example names in canonical order. */
	static const char *order[] = {
		"example.", "a.example.", "yljkjljk.a.example.",
		"Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
		"\\001.z.example.", "*.z.example.", "\\200.z.example.",
	};
	uint8_t a[NAME_MAXLEN], b[NAME_MAXLEN];
	size_t i, j, n = sizeof(order) / sizeof(order[0]);
	int c;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			txt(order[i], a);
			txt(order[j], b);
			c = name_cmp(a, b);
			if (i < j)
				ck_assert_msg(c < 0, "%s < %s", order[i],
				    order[j]);
			else if (i > j)
				ck_assert_msg(c > 0, "%s > %s", order[i],
				    order[j]);
			else
				ck_assert_int_eq(c, 0);
		}
	txt("EXAMPLE.", a);
	txt("example.", b);
	ck_assert_int_eq(name_cmp(a, b), 0);
	ck_assert_int_lt(name_cmp((const uint8_t *)"", b), 0);
	ck_assert_int_gt(name_cmp(b, (const uint8_t *)""), 0);
	ck_assert_int_eq(name_cmp((const uint8_t *)"", (const uint8_t *)""),
	    0);
	/* Octets compare unsigned, after lower-casing: '_' (0x5f) < 'a'. */
	txt("_.x.", a);
	txt("A.x.", b);
	ck_assert_int_lt(name_cmp(a, b), 0);
	txt("[.x.", a);
	ck_assert_int_lt(name_cmp(a, b), 0);
}
END_TEST

START_TEST(test_helpers)
{
	uint8_t a[NAME_MAXLEN], b[NAME_MAXLEN], out[NAME_MAXLEN];
	const uint8_t *p;

	txt("WwW.ExAmple.com.", a);
	txt("www.example.COM.", b);
	ck_assert_int_eq(name_equal(a, b), 1);
	txt("www.example.org.", b);
	ck_assert_int_eq(name_equal(a, b), 0);
	txt("ww.example.com.", b);
	ck_assert_int_eq(name_equal(a, b), 0);
	/* '@' (0x40) and '`' (0x60) are not letters. */
	ck_assert_int_eq(name_equal((const uint8_t *)"\001@\000",
	    (const uint8_t *)"\001`\000"), 0);
	ck_assert_int_eq(name_equal((const uint8_t *)"\001[\000",
	    (const uint8_t *)"\001{\000"), 0);

	ck_assert_int_eq(name_labels(a), 3);
	ck_assert_int_eq(name_labels((const uint8_t *)""), 0);
	p = name_parent(a);
	ck_assert_mem_eq(p, "\007ExAmple\003com\000", 13);
	ck_assert_ptr_eq(name_parent((const uint8_t *)""), NULL);

	txt("example.COM.", b);
	ck_assert_int_eq(name_is_sub(a, b), 1);
	ck_assert_int_eq(name_is_sub(b, b), 1);
	ck_assert_int_eq(name_is_sub(b, a), 0);
	ck_assert_int_eq(name_is_sub(a, (const uint8_t *)""), 1);
	txt("xample.com.", b);
	ck_assert_int_eq(name_is_sub(a, b), 0);

	txt("*.example.", b);
	ck_assert_int_eq(name_is_wildcard(b), 1);
	txt("**.example.", b);
	ck_assert_int_eq(name_is_wildcard(b), 0);
	txt("a.*.example.", b);
	ck_assert_int_eq(name_is_wildcard(b), 0);
	ck_assert_int_eq(name_is_wildcard((const uint8_t *)""), 0);

	name_tolower(a);
	ck_assert_mem_eq(a, "\003www\007example\003com\000", 17);
	memcpy(b, "\003A@Z\000", 5);
	name_tolower(b);
	ck_assert_mem_eq(b, "\003a@z\000", 5);

	ck_assert_int_eq(name_concat((const uint8_t *)"\001x\002yy", 5, a,
	    out), 22);
	ck_assert_mem_eq(out, "\001x\002yy\003www\007example\003com\000", 22);
	ck_assert_int_eq(name_concat((const uint8_t *)"\001x", 2,
	    (const uint8_t *)"", out), 3);
	ck_assert_mem_eq(out, "\001x\000", 3);
	memset(b, 63, 1);
	memset(b + 1, 'q', 63);
	memcpy(out, b, 64);
	memcpy(out + 64, b, 64);
	memcpy(out + 128, b, 64);
	out[192] = 0;
	ck_assert_int_eq(name_concat(b, 62, out, a), 255);
	ck_assert_int_eq(name_concat(b, 63, out, a), RD_ERANGE);
}
END_TEST

/* A name of n labels "aN" (N from seed), in random letter case. */
static int
hash_name(unsigned seed, int labels, int upper_mask, uint8_t out[NAME_MAXLEN])
{
	char text[NAME_MAXTEXT];
	size_t k = 0;
	int i;

	for (i = 0; i < labels; i++)
		k += (size_t)snprintf(text + k, sizeof(text) - k, "%s%u.",
		    (upper_mask >> (i % 8)) & 1 ? "Ab" : "aB", seed + (unsigned)i);
	if (k == 0)
		text[k++] = '.';
	text[k] = '\0';
	return txt(text, out);
}

/*
 * name_hash: the same for any letter case, and equal to name_hash_len of
 * the same name wherever it is stored; distinct names (every length from
 * the root to 255 octets, which ASan checks for reads past the end)
 * collide neither in 64 bits nor often in the low bits a table uses.
 */
START_TEST(test_hash)
{
	enum { NAMES = 20000, SLOTS = 1 << 16 };
	static uint64_t seen[NAMES];
	static uint8_t used[SLOTS];
	uint8_t a[NAME_MAXLEN], b[NAME_MAXLEN], *copy;
	int i, j, n, len, clash = 0, bad = 0, same = 0;

	/* (Plain compares in the loops: a Check assertion costs a write.) */
	for (i = 0; i < NAMES; i++) {
		n = hash_name((unsigned)i * 7u, 1 + i % 6, 0, a);
		hash_name((unsigned)i * 7u, 1 + i % 6, i * 37, b);
		bad += name_hash(a) != name_hash(b);
		bad += name_hash_len(a, (size_t)n) != name_hash(a);
		seen[i] = name_hash(a);
		for (j = 0; j < i && i < 2000; j++)
			same += seen[j] == seen[i];
		clash += used[seen[i] & (SLOTS - 1)]++ != 0;
	}
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(same, 0);
	/* 20,000 keys in 65,536 slots: about 2,700 expected, not 10,000. */
	ck_assert_int_lt(clash, 4000);
	/* Every length, each in an allocation of exactly its size. */
	for (len = 1; len <= NAME_MAXLEN; len++) {
		if (len == 2)
			continue;	/* no name is two octets long */
		a[0] = 0;
		n = 1;
		while (n < len) {
			j = len - n - 1 > 63 ? 63 : len - n - 1;
			if (len - n - j - 1 == 1)
				j--;	/* leave room for a label of one */
			memmove(a + j + 1, a, (size_t)n);
			a[0] = (uint8_t)j;
			memset(a + 1, j % 2 ? 'X' : 'x', (size_t)j);
			n += j + 1;
		}
		ck_assert_int_eq(n, len);
		ck_assert_uint_eq(name_len(a), (size_t)len);
		ck_assert_ptr_nonnull(copy = malloc((size_t)len));
		memcpy(copy, a, (size_t)len);
		name_tolower(a);
		ck_assert_uint_eq(name_hash(copy), name_hash(a));
		free(copy);
	}
	/* The root and a one-letter name. */
	ck_assert_uint_ne(name_hash(N0()), name_hash((const uint8_t *)"\1a"));
}
END_TEST

/* name_same: letter case aside, nothing else; every length and position. */
START_TEST(test_same)
{
	uint8_t a[40], b[40];
	size_t n, i;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	for (n = 0; n <= sizeof(a); n++) {
		for (i = 0; i < n; i++)
			a[i] = b[i] = (uint8_t)('a' + i % 26);
		ck_assert(name_same(a, b, n));
		for (i = 0; i < n; i++) {
			b[i] = (uint8_t)(a[i] - 32);	/* upper case */
			ck_assert(name_same(a, b, n));
			b[i] = (uint8_t)(a[i] + 1);
			ck_assert(!name_same(a, b, n));
			b[i] = a[i];
		}
		/* '@' and '`', '[' and '{': 0x20 apart, not letters. */
		if (n > 0) {
			a[n - 1] = '@';
			b[n - 1] = '`';
			ck_assert(!name_same(a, b, n));
			a[n - 1] = '[';
			b[n - 1] = '{';
			ck_assert(!name_same(a, b, n));
		}
	}
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc = tcase_create("name");

	tcase_add_test(tc, test_from_text_basic);
	tcase_add_test(tc, test_from_text_escapes);
	tcase_add_test(tc, test_from_text_errors);
	tcase_add_test(tc, test_to_text);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_cmp_rfc4034);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_hash);
	tcase_add_test(tc, test_same);
	suite_add_tcase(s, tc);
	return s;
}
