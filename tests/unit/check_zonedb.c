/*
 * check_zonedb: the zone set: longest match, exact get, replace and remove
 * for reloads, walk order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/radkey.h"
#include "dns/zone.h"
#include "dns/zonedb.h"
#include "unit.h"

static const uint8_t *
N(const char *s)
{
	static uint8_t buf[4][NAME_MAXLEN];
	static int i;
	uint8_t *p = buf[i++ % 4];

	ck_assert_int_gt(name_from_text(s, strlen(s), NULL, p), 0);
	return p;
}

static struct zone *
Z(const char *origin)
{
	struct zone *z = zone_new(N(origin), RRCLASS_IN);

	ck_assert_ptr_nonnull(z);
	return z;
}

/* An A record (192.0.2.1) at name in z. */
static void
A(struct zone *z, const char *name)
{
	static const uint8_t a[4] = { 192, 0, 2, 1 };

	ck_assert_int_eq(zone_add_rr(z, N(name), RRTYPE_A, 300, a, 4, NULL),
	    0);
}

/* The node of name in z, which must exist. */
static const struct znode *
G(const struct zone *z, const char *name)
{
	const struct znode *n = zone_get(z, N(name));

	ck_assert_ptr_nonnull(n);
	return n;
}

START_TEST(test_longest_match)
{
	struct zonedb *db = zonedb_new();
	struct zone *com = Z("com."), *ex = Z("example.com."),
		    *sub = Z("b.a.example.com."), *arpa = Z("in-addr.arpa.");

	ck_assert_ptr_nonnull(db);
	ck_assert_ptr_null(zonedb_find(db, N("www.example.com.")));
	ck_assert_int_eq(zonedb_add(db, com), 0);
	ck_assert_int_eq(zonedb_add(db, ex), 0);
	ck_assert_int_eq(zonedb_add(db, sub), 0);
	ck_assert_int_eq(zonedb_add(db, arpa), 0);
	ck_assert_uint_eq(zonedb_count(db), 4);

	ck_assert_ptr_eq(zonedb_find(db, N("www.example.com.")), ex);
	ck_assert_ptr_eq(zonedb_find(db, N("EXAMPLE.COM.")), ex);
	ck_assert_ptr_eq(zonedb_find(db, N("a.example.com.")), ex);
	ck_assert_ptr_eq(zonedb_find(db, N("b.a.example.com.")), sub);
	ck_assert_ptr_eq(zonedb_find(db, N("x.y.B.a.example.com.")), sub);
	ck_assert_ptr_eq(zonedb_find(db, N("xb.a.example.com.")), ex);
	ck_assert_ptr_eq(zonedb_find(db, N("example.net.")), NULL);
	ck_assert_ptr_eq(zonedb_find(db, N("xexample.com.")), com);
	ck_assert_ptr_eq(zonedb_find(db, N("com.")), com);
	ck_assert_ptr_null(zonedb_find(db, N(".")));
	ck_assert_ptr_eq(zonedb_find(db, N("1.2.0.192.in-addr.arpa.")), arpa);
	ck_assert_ptr_null(zonedb_find(db, N("arpa.")));

	ck_assert_ptr_eq(zonedb_get(db, N("example.com.")), ex);
	ck_assert_ptr_null(zonedb_get(db, N("a.example.com.")));
	ck_assert_int_eq(zonedb_add(db, ex), RD_EEXIST);
	zonedb_free(db, 1);
}
END_TEST

/* One key for zone and node: exact, absent (encloser), no zone. */
START_TEST(test_lookup)
{
	struct zonedb *db = zonedb_new();
	struct zone *ex = Z("example.com."), *sub = Z("b.a.example.com."), *z;
	struct zone_find f;
	const struct znode *www, *deep;

	A(ex, "www.example.com.");
	A(ex, "x.y.example.com.");
	zone_finalize(ex);
	ck_assert_int_eq(zonedb_add(db, ex), 0);
	ck_assert_int_eq(zonedb_add(db, sub), 0);
	www = G(ex, "www.example.com.");
	deep = G(ex, "x.y.example.com.");

	ck_assert_int_eq(zonedb_lookup(db, N("WWW.example.com."), &z, &f), 1);
	ck_assert_ptr_eq(z, ex);
	ck_assert_ptr_eq(f.node, www);
	ck_assert_ptr_eq(f.encloser, www);
	/* z.y.example.com sorts after x.y.example.com, below y.example.com. */
	ck_assert_int_eq(zonedb_lookup(db, N("z.y.example.com."), &z, &f), 0);
	ck_assert_ptr_eq(z, ex);
	ck_assert_ptr_null(f.node);
	ck_assert_ptr_eq(f.encloser, deep->parent);
	/* a.example.com does not exist: the encloser is the apex. */
	ck_assert_int_eq(zonedb_lookup(db, N("q.a.example.com."), &z, &f), 0);
	ck_assert_ptr_eq(f.encloser, ex->apex);
	ck_assert_int_eq(zonedb_lookup(db, N("c.b.a.example.com."), &z, &f), 0);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_eq(f.encloser, sub->apex);
	ck_assert_int_eq(zonedb_lookup(db, N("example.org."), &z, &f),
	    RD_ENOTFOUND);
	ck_assert_ptr_null(z);
	/* zonedb_node: exact names only, in any case. */
	ck_assert_ptr_eq(zonedb_node(db, N("x.Y.example.COM."), &z), deep);
	ck_assert_ptr_eq(z, ex);
	ck_assert_ptr_eq(zonedb_node(db, N("y.example.com."), &z),
	    deep->parent);
	ck_assert_ptr_null(zonedb_node(db, N("z.y.example.com."), &z));
	ck_assert_ptr_eq(z, ex);
	ck_assert_ptr_eq(zonedb_node(db, N("b.a.example.com."), &z),
	    sub->apex);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_null(zonedb_node(db, N("example.org."), &z));
	ck_assert_ptr_null(z);
	/*
	 * zonedb_prefetch: the hint names the zone that holds the name (any
	 * case gives the same hash), none for a name outside every zone, and
	 * lookups after it find what they found before.
	 */
	{
		struct zonedb_hint h1, h2, h3;

		zone_index(ex);
		zonedb_prefetch(db, N("www.example.com."), &h1);
		zonedb_prefetch(db, N("WWW.Example.com."), &h2);
		zonedb_prefetch(db, N("example.org."), &h3);
		ck_assert_ptr_eq(h1.zone, ex);
		ck_assert_ptr_eq(h2.zone, ex);
		ck_assert(h1.hash == h2.hash);
		ck_assert_ptr_null(h3.zone);
		zonedb_prefetch_node(&h1);
		zonedb_prefetch_node(&h3);
		ck_assert_int_eq(
		    zonedb_lookup(db, N("www.example.com."), &z, &f), 1);
		ck_assert_ptr_eq(f.node, www);
	}
	zonedb_free(db, 1);
}
END_TEST

/*
 * zonedb_lookup_hint: a hint for the same name finds the same node as
 * zonedb_lookup; a hint that names another zone or another name, or whose
 * name changed in place since (a batch buffer reused), is not trusted.
 */
START_TEST(test_lookup_hint)
{
	struct zonedb *db = zonedb_new();
	struct zone *ex = Z("example.com."), *sub = Z("sub.example.com."), *z;
	struct zonedb_hint h, hsub;
	struct zone_find f;
	uint8_t q[NAME_MAXLEN], q2[NAME_MAXLEN];
	const struct znode *glue, *host;

	/* ns.sub.example.com: glue in the parent, data in the child. */
	ck_assert_int_eq(zone_add_rr(ex, N("sub.example.com."), RRTYPE_NS,
	    300, N("ns.sub.example.com."), 20, NULL), 0);
	A(ex, "ns.sub.example.com.");
	A(ex, "www.example.com.");
	A(sub, "ns.sub.example.com.");
	zone_finalize(ex);
	zone_finalize(sub);
	ck_assert_int_eq(zonedb_add(db, ex), 0);
	ck_assert_int_eq(zonedb_add(db, sub), 0);
	glue = G(ex, "ns.sub.example.com.");
	host = G(sub, "ns.sub.example.com.");

	memcpy(q, N("WWW.example.com."), 17);
	zonedb_prefetch(db, q, &h);
	ck_assert_ptr_eq(h.zone, ex);
	ck_assert_int_eq(zonedb_lookup_hint(db, q, &h, &z, &f), 1);
	ck_assert_ptr_eq(z, ex);
	ck_assert_ptr_eq(f.node, zone_get(ex, N("www.example.com.")));
	/* The same name elsewhere (another case) is compared, not trusted. */
	memcpy(q2, N("www.example.com."), 17);
	ck_assert_int_eq(zonedb_lookup_hint(db, q2, &h, &z, &f), 1);
	ck_assert_ptr_eq(f.node, zone_get(ex, N("www.example.com.")));

	/* The child's name: its own zone, not the parent's glue. */
	memcpy(q, N("ns.sub.example.com."), 20);
	zonedb_prefetch(db, q, &hsub);
	ck_assert_ptr_eq(hsub.zone, sub);
	ck_assert_int_eq(zonedb_lookup_hint(db, q, &hsub, &z, &f), 1);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_eq(f.node, host);
	/* A hint made for another name (in the parent) is not used. */
	ck_assert_int_eq(zonedb_lookup_hint(db, q, &h, &z, &f), 1);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_eq(f.node, host);
	/* The buffer the hint points at now holds another name. */
	memcpy(q, N("xx.sub.example.com."), 20);
	ck_assert_int_eq(zonedb_lookup_hint(db, q, &hsub, &z, &f), 0);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_eq(f.encloser, sub->apex);
	/* No hint, and a hint with no zone: as zonedb_lookup. */
	ck_assert_int_eq(zonedb_lookup_hint(db, N("www.example.com."), NULL,
	    &z, &f), 1);
	zonedb_prefetch(db, N("example.org."), &h);
	ck_assert_ptr_null(h.zone);
	ck_assert_int_eq(zonedb_lookup_hint(db, N("example.org."), &h, &z,
	    &f), RD_ENOTFOUND);
	/* zonedb_node_hint: exact names, the hint's zone or none. */
	zonedb_prefetch(db, N("ns.sub.example.com."), &hsub);
	ck_assert_ptr_eq(zonedb_node_hint(db, N("NS.sub.example.com."), &hsub,
	    &z), host);
	ck_assert_ptr_eq(z, sub);
	ck_assert_ptr_null(zonedb_node_hint(db, N("xx.sub.example.com."),
	    &hsub, &z));
	ck_assert_ptr_eq(z, sub);
	zonedb_prefetch(db, N("mail.example.org."), &h);
	ck_assert_ptr_null(zonedb_node_hint(db, N("mail.example.org."), &h,
	    &z));
	ck_assert_ptr_null(z);
	/* zone_get_hash: the parent's glue for the same name. */
	ck_assert_ptr_eq(zone_get_hash(ex, N("ns.sub.example.com."),
	    name_hash(N("NS.Sub.example.com."))), glue);
	zonedb_free(db, 1);
}
END_TEST

START_TEST(test_root_zone)
{
	struct zonedb *db = zonedb_new();
	struct zone *root = Z("."), *ex = Z("example.com.");

	ck_assert_int_eq(zonedb_add(db, root), 0);
	ck_assert_int_eq(zonedb_add(db, ex), 0);
	ck_assert_ptr_eq(zonedb_find(db, N("org.")), root);
	ck_assert_ptr_eq(zonedb_find(db, N(".")), root);
	ck_assert_ptr_eq(zonedb_find(db, N("www.example.com.")), ex);
	ck_assert_ptr_eq(zonedb_find(db, N("com.")), root);
	zonedb_free(db, 1);
}
END_TEST

START_TEST(test_deep_name)
{
	struct zonedb *db = zonedb_new();
	struct zone *ex = Z("e.");
	char text[300];
	int i;

	/* 127 labels: at most one lookup per label. */
	text[0] = '\0';
	for (i = 0; i < 126; i++)
		strcat(text, "a.");
	strcat(text, "e.");
	ck_assert_int_eq(zonedb_add(db, ex), 0);
	ck_assert_int_eq(name_labels(N(text)), 127);
	ck_assert_ptr_eq(zonedb_find(db, N(text)), ex);
	zonedb_free(db, 1);
}
END_TEST

START_TEST(test_replace_remove)
{
	struct zonedb *db = zonedb_new();
	struct zone *a = Z("example.com."), *b = Z("Example.COM."),
		    *c = Z("example.org.");

	ck_assert_ptr_null(zonedb_replace(db, a));
	ck_assert_uint_eq(zonedb_count(db), 1);
	ck_assert_ptr_eq(zonedb_replace(db, b), a);
	ck_assert_uint_eq(zonedb_count(db), 1);
	ck_assert_ptr_eq(zonedb_find(db, N("www.example.com.")), b);
	zone_free(a);

	ck_assert_ptr_null(zonedb_remove(db, N("example.org.")));
	ck_assert_int_eq(zonedb_add(db, c), 0);
	ck_assert_ptr_eq(zonedb_remove(db, N("EXAMPLE.org.")), c);
	ck_assert_ptr_null(zonedb_find(db, N("www.example.org.")));
	ck_assert_uint_eq(zonedb_count(db), 1);
	zone_free(c);
	zonedb_free(db, 1);
}
END_TEST

/* Origin k of the model test: one to four labels from a small set. */
static const char *
model_origin(unsigned k)
{
	static char text[4][64];
	static int i;
	char *t = text[i++ % 4];

	switch (k % 4) {
	case 0:
		snprintf(t, 64, "z%u.", k % 7);
		break;
	case 1:
		snprintf(t, 64, "y%u.z%u.", k % 11, k % 7);
		break;
	case 2:
		snprintf(t, 64, "X%u.y%u.z%u.", k % 5, k % 11, k % 7);
		break;
	default:
		snprintf(t, 64, "w.x%u.Y%u.z%u.", k % 5, k % 11, k % 7);
		break;
	}
	return t;
}

/*
 * The hash table of origins against a model (the longest origin that is
 * an ancestor, by name_is_sub): many zones at four depths, so the table
 * grows and its deletions move entries back; every lookup of a random
 * name in random case must find the model's zone.
 */
START_TEST(test_find_model)
{
	enum { KEYS = 400, STEPS = 6000 };
	static struct zone *in[KEYS];
	struct zonedb *db = zonedb_new();
	const struct zone *want, *got;
	unsigned seed = 99, k, i, step;
	char name[128];
	const uint8_t *q, *o;

	for (step = 0; step < STEPS; step++) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 8) % KEYS;
		/* Several k share an origin: only one zone per origin. */
		o = N(model_origin(k));
		for (i = 0; i < KEYS; i++)
			if (i != k && in[i] != NULL &&
			    name_equal(in[i]->origin, o))
				break;
		if (in[k] == NULL && i == KEYS) {
			in[k] = Z(model_origin(k));
			ck_assert_int_eq(zonedb_add(db, in[k]), 0);
		} else if (in[k] != NULL && (seed & 0x10000)) {
			ck_assert_ptr_eq(zonedb_remove(db, in[k]->origin),
			    in[k]);
			zone_free(in[k]);
			in[k] = NULL;
		}
		/* A name below a random origin, in another letter case. */
		seed = seed * 1103515245u + 12345u;
		snprintf(name, sizeof(name), "h%u.%s", seed % 3,
		    model_origin((seed >> 8) % KEYS));
		for (i = 0; name[i] != '\0'; i++)
			if ((seed >> (i % 16)) & 1 && name[i] >= 'a' &&
			    name[i] <= 'z')
				name[i] = (char)(name[i] - 32);
		q = N(name);
		want = NULL;
		for (i = 0; i < KEYS; i++)
			if (in[i] != NULL && name_is_sub(q, in[i]->origin) &&
			    (want == NULL || name_labels(in[i]->origin) >
			    name_labels(want->origin)))
				want = in[i];
		got = zonedb_find(db, q);
		ck_assert_ptr_eq(got, want);
	}
	ck_assert_uint_gt(zonedb_count(db), 16);
	zonedb_free(db, 1);
}
END_TEST

struct seen {
	const struct zone *z[8];
	int n;
};

static int
walk_cb(struct zone *z, void *ctx)
{
	struct seen *s = ctx;

	ck_assert_int_lt(s->n, 8);
	s->z[s->n++] = z;
	return s->n == 3 ? 7 : 0;
}

START_TEST(test_walk)
{
	struct zonedb *db = zonedb_new();
	struct zone *z1 = Z("b.example."), *z2 = Z("example."),
		    *z3 = Z("a.b.example."), *z4 = Z("z.");
	struct seen s = {{NULL}, 0};

	ck_assert_int_eq(zonedb_add(db, z1), 0);
	ck_assert_int_eq(zonedb_add(db, z2), 0);
	ck_assert_int_eq(zonedb_add(db, z3), 0);
	ck_assert_int_eq(zonedb_add(db, z4), 0);
	/* Canonical order; the walk stops with the callback's value. */
	ck_assert_int_eq(zonedb_walk(db, walk_cb, &s), 7);
	ck_assert_int_eq(s.n, 3);
	ck_assert_ptr_eq(s.z[0], z2);
	ck_assert_ptr_eq(s.z[1], z1);
	ck_assert_ptr_eq(s.z[2], z3);
	zonedb_free(db, 1);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("zonedb");
	TCase *tc = tcase_create("zonedb");

	tcase_add_test(tc, test_longest_match);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_lookup_hint);
	tcase_add_test(tc, test_root_zone);
	tcase_add_test(tc, test_deep_name);
	tcase_add_test(tc, test_replace_remove);
	tcase_add_test(tc, test_find_model);
	tcase_add_test(tc, test_walk);
	suite_add_tcase(s, tc);
	return s;
}
