/*
 * zonedb: the zones served, in a radix tree keyed by the radkey of their
 * origin (for the walk in canonical order) and in a hash table by the
 * name_hash() of their origin (for the lookups that answer queries).
 *
 * Longest match by hash: the zone of a name is the zone of its longest
 * suffix that is an origin. The table counts origins by their number of
 * labels, so only suffixes as deep as some origin are hashed and probed,
 * from the deepest: with every zone two labels deep (example.com,
 * example.org), a name of any depth takes one hash and one probe. When
 * the table cannot grow (no memory) it is dropped and the tree answers
 * alone: a longest-prefix descent, as every origin's key ends at a label
 * end.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/zone.h"
#include "dns/zonedb.h"

#define ZDB_MIN 16	/* smallest table: slots, a power of two */

struct zdb_slot {
	uint64_t hash;		/* name_hash(zone->origin) */
	struct zone *zone;	/* NULL: empty */
	size_t len;		/* name_len(zone->origin) */
};

struct zonedb {
	struct radix *zones;	/* radkey(origin) -> struct zone */
	struct zdb_slot *tab;	/* open addressing, at most half full; NULL: tree only */
	size_t mask;		/* slots - 1 */
	size_t count;
	uint32_t depth[NAME_MAXLABELS + 1]; /* origins by number of labels */
};

/* Put z (hash h, not in the table) in a table with room for it. */
static void
zdb_put(struct zdb_slot *tab, size_t mask, struct zone *z, uint64_t h)
{
	size_t i;

	for (i = h & mask; tab[i].zone != NULL; i = (i + 1) & mask)
		;
	tab[i].hash = h;
	tab[i].zone = z;
	tab[i].len = name_len(z->origin);
}

/* Slot of the zone whose origin is the name of hash h and length len. */
static struct zdb_slot *
zdb_slot(const struct zonedb *db, const uint8_t *name, size_t len,
    uint64_t h)
{
	struct zdb_slot *s;
	size_t i;

	for (i = h & db->mask; (s = &db->tab[i])->zone != NULL;
	    i = (i + 1) & db->mask)
		if (s->hash == h && s->len == len &&
		    name_same(s->zone->origin, name, len))
			return s;
	return NULL;
}

/* Forget the table: from now on the tree alone finds zones. */
static void
zdb_drop(struct zonedb *db)
{
	free(db->tab);
	db->tab = NULL;
}

/* Add z, whose origin is not in the table; doubles it when half full. */
static void
zdb_add(struct zonedb *db, struct zone *z)
{
	struct zdb_slot *nt;
	size_t i, slots;

	if (db->tab == NULL)
		return;
	if ((db->count + 1) * 2 > db->mask + 1) {
		slots = (db->mask + 1) * 2;
		if ((nt = calloc(slots, sizeof(*nt))) == NULL) {
			zdb_drop(db);
			return;
		}
		for (i = 0; i <= db->mask; i++)
			if (db->tab[i].zone != NULL)
				zdb_put(nt, slots - 1, db->tab[i].zone,
				    db->tab[i].hash);
		free(db->tab);
		db->tab = nt;
		db->mask = slots - 1;
	}
	zdb_put(db->tab, db->mask, z, name_hash(z->origin));
	db->count++;
	db->depth[name_labels(z->origin)]++;
}

/* Remove the zone of origin: Knuth's Algorithm R closes the gap. */
static void
zdb_del(struct zonedb *db, const uint8_t *origin)
{
	struct zdb_slot *s;
	size_t i, j, home;

	if (db->tab == NULL || (s = zdb_slot(db, origin, name_len(origin),
	    name_hash(origin))) == NULL)
		return;
	db->depth[name_labels(origin)]--;
	db->count--;
	s->zone = NULL;
	i = (size_t)(s - db->tab);
	for (j = (i + 1) & db->mask; db->tab[j].zone != NULL;
	    j = (j + 1) & db->mask) {
		home = db->tab[j].hash & db->mask;
		/* Move the entry at j back unless its home lies in (i, j]. */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		db->tab[i] = db->tab[j];
		db->tab[j].zone = NULL;
		i = j;
	}
}

/* The zone of name, of len octets: its longest suffix that is an origin. */
static struct zone *
zdb_match(const struct zonedb *db, const uint8_t *name, size_t len)
{
	uint8_t offs[NAME_MAXLABELS + 1];
	struct zdb_slot *s;
	const uint8_t *p;
	int d, nl = 0;

	for (p = name; *p != 0; p += *p + 1)
		offs[nl++] = (uint8_t)(p - name);
	offs[nl] = (uint8_t)(len - 1);	/* the root */
	/* The suffix of d labels starts at label nl - d. */
	for (d = nl; d >= 0; d--) {
		if (db->depth[d] == 0)
			continue;
		p = name + offs[nl - d];
		if ((s = zdb_slot(db, p, len - offs[nl - d], name_hash_len(p,
		    len - offs[nl - d]))) != NULL)
			return s->zone;
	}
	return NULL;
}

/* The tree's answer: the longest origin whose key prefixes the name's. */
static struct zone *
zdb_match_tree(const struct zonedb *db, const uint8_t *name)
{
	uint8_t key[RADKEY_MAX];
	struct radix_res r;

	radix_find(db->zones, key, radkey_from_name(name, key), 0, &r);
	return r.prefix;
}

/* The zone of name, of len octets, by table or tree. */
static struct zone *
zdb_find(const struct zonedb *db, const uint8_t *name, size_t len)
{
	return db->tab != NULL ? zdb_match(db, name, len) :
	    zdb_match_tree(db, name);
}

struct zonedb *
zonedb_new(void)
{
	struct zonedb *db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->zones = radix_new()) == NULL ||
	    (db->tab = calloc(ZDB_MIN, sizeof(*db->tab))) == NULL) {
		radix_free(db->zones, NULL, NULL);
		free(db);
		return NULL;
	}
	db->mask = ZDB_MIN - 1;
	return db;
}

static void
free_zone_cb(void *val, void *ctx)
{
	zone_free(val);
}

void
zonedb_free(struct zonedb *db, int free_zones)
{
	if (db == NULL)
		return;
	radix_free(db->zones, free_zones ? free_zone_cb : NULL, NULL);
	free(db->tab);
	free(db);
}

int
zonedb_add(struct zonedb *db, struct zone *z)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;
	void **slot;

	klen = radkey_from_name(z->origin, key);
	if ((slot = radix_slot(db->zones, key, klen)) == NULL)
		return RD_ENOMEM;
	if (*slot != NULL)
		return RD_EEXIST;
	*slot = z;
	zdb_add(db, z);
	/* Without the index (no memory) lookups are slower, never wrong. */
	(void)zone_index(z);
	return 0;
}

struct zone *
zonedb_replace(struct zonedb *db, struct zone *z)
{
	uint8_t key[RADKEY_MAX];
	struct zone *old;
	size_t klen;
	void **slot;

	klen = radkey_from_name(z->origin, key);
	if ((slot = radix_slot(db->zones, key, klen)) == NULL)
		return NULL;
	old = *slot;
	*slot = z;
	if (old != NULL)
		zdb_del(db, old->origin);
	zdb_add(db, z);
	(void)zone_index(z);
	return old;
}

struct zone *
zonedb_remove(struct zonedb *db, const uint8_t *origin)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;

	klen = radkey_from_name(origin, key);
	zdb_del(db, origin);
	return radix_delete(db->zones, key, klen);
}

struct zone *
zonedb_get(const struct zonedb *db, const uint8_t *origin)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;

	klen = radkey_from_name(origin, key);
	return radix_get(db->zones, key, klen);
}

struct zone *
zonedb_find(const struct zonedb *db, const uint8_t *name)
{
	return zdb_find(db, name, name_len(name));
}

int
zonedb_lookup(const struct zonedb *db, const uint8_t *name, struct zone **z,
    struct zone_find *f)
{
	size_t len = name_len(name);

	if ((*z = zdb_find(db, name, len)) == NULL)
		return RD_ENOTFOUND;
	return zone_find_hash(*z, name, len, name_hash_len(name, len), f);
}

void
zonedb_prefetch(
    const struct zonedb *db, const uint8_t *name, struct zonedb_hint *h)
{
	size_t len = name_len(name);

	h->zone = zdb_find(db, name, len);
	h->namelen = (uint8_t)len;
	memcpy(h->name, name, len);
	if (h->zone != NULL) {
		h->hash = name_hash_len(name, len);
		zone_prefetch_slot(h->zone, h->hash);
	}
}

int
zonedb_lookup_hint(const struct zonedb *db, const uint8_t *name,
    const struct zonedb_hint *h, struct zone **z, struct zone_find *f)
{
	if (h == NULL || name_len(name) != h->namelen ||
	    memcmp(name, h->name, h->namelen) != 0)
		return zonedb_lookup(db, name, z, f);
	if ((*z = h->zone) == NULL)
		return RD_ENOTFOUND;
	return zone_find_hash(h->zone, name, h->namelen, h->hash, f);
}

void
zonedb_prefetch_node(const struct zonedb_hint *h)
{
	if (h->zone != NULL)
		zone_prefetch_node(h->zone, h->hash);
}

void
zonedb_prefetch_data(const struct zonedb_hint *h)
{
	if (h->zone != NULL)
		zone_prefetch_data(h->zone, h->hash);
}

struct znode *
zonedb_node(const struct zonedb *db, const uint8_t *name, struct zone **z)
{
	size_t len = name_len(name);

	if ((*z = zdb_find(db, name, len)) == NULL)
		return NULL;
	return zone_get_hash(*z, name, name_hash_len(name, len));
}

struct znode *
zonedb_node_hint(const struct zonedb *db, const uint8_t *name,
    const struct zonedb_hint *h, struct zone **z)
{
	/* A hint for this name that found no zone: none holds it. */
	if (name_len(name) == h->namelen &&
	    memcmp(name, h->name, h->namelen) == 0) {
		*z = h->zone;
		return h->zone != NULL ?
		    zone_get_hash(h->zone, name, h->hash) : NULL;
	}
	return zonedb_node(db, name, z);
}

size_t
zonedb_count(const struct zonedb *db)
{
	return radix_count(db->zones);
}

struct zonedb_walk {
	int (*cb)(struct zone *z, void *ctx);
	void *ctx;
};

static int
walk_cb(const uint8_t *key, size_t len, void *val, void *ctx)
{
	struct zonedb_walk *w = ctx;

	return w->cb(val, w->ctx);
}

int
zonedb_walk(
    const struct zonedb *db, int (*cb)(struct zone *z, void *ctx), void *ctx)
{
	struct zonedb_walk w = {cb, ctx};

	return radix_walk(db->zones, walk_cb, &w);
}
