/*
 * zonedb: the zones served, in a radix tree keyed by the radkey of their
 * origin. A name's key starts with the keys of all its ancestors, each
 * ending at a 0x00 label end, so the longest match is found by trying the
 * name's key cut at each label end, from the longest.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/err.h"
#include "dns/name.h"
#include "dns/radix.h"
#include "dns/radkey.h"
#include "dns/zone.h"
#include "dns/zonedb.h"

struct zonedb {
	struct radix *zones; /* radkey(origin) -> struct zone */
};

struct zonedb *
zonedb_new(void)
{
	struct zonedb *db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->zones = radix_new()) == NULL) {
		free(db);
		return NULL;
	}
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
	(void)zone_index(z);
	return old;
}

struct zone *
zonedb_remove(struct zonedb *db, const uint8_t *origin)
{
	uint8_t key[RADKEY_MAX];
	size_t klen;

	klen = radkey_from_name(origin, key);
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

/*
 * Every origin's key ends at a label end, so an origin whose key is a
 * prefix of the name's key is an ancestor of the name (or the name): the
 * longest such prefix, found in one descent, is the longest match.
 */
struct zone *
zonedb_find(const struct zonedb *db, const uint8_t *name)
{
	uint8_t key[RADKEY_MAX];
	struct radix_res r;
	size_t klen;

	klen = radkey_from_name(name, key);
	radix_find(db->zones, key, klen, 0, &r);
	return r.prefix;
}

int
zonedb_lookup(const struct zonedb *db, const uint8_t *name, struct zone **z,
    struct zone_find *f)
{
	uint8_t key[RADKEY_MAX];
	struct radix_res r;
	size_t klen;

	klen = radkey_from_name(name, key);
	radix_find(db->zones, key, klen, 0, &r);
	if ((*z = r.prefix) == NULL)
		return RD_ENOTFOUND;
	return zone_find_key(*z, name, key, klen, f);
}

void
zonedb_prefetch(
    const struct zonedb *db, const uint8_t *name, struct zonedb_hint *h)
{
	uint8_t key[RADKEY_MAX];
	struct radix_res r;
	size_t klen;

	klen = radkey_from_name(name, key);
	radix_find(db->zones, key, klen, 0, &r);
	h->zone = r.prefix;
	h->namelen = (uint8_t)(klen + 1); /* one octet more than its key */
	memcpy(h->name, name, h->namelen);
	if (h->zone != NULL)
		h->hash = zone_prefetch_slot(h->zone, key, klen);
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
	return zone_find_hash(h->zone, name, h->hash, f);
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
	uint8_t key[RADKEY_MAX];
	struct radix_res r;
	size_t klen;

	klen = radkey_from_name(name, key);
	radix_find(db->zones, key, klen, 0, &r);
	if ((*z = r.prefix) == NULL)
		return NULL;
	return zone_get_key(*z, name, key, klen);
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
