/*
 * zonedb: the set of zones served, found by longest match on a name.
 */
#ifndef RD_ZONEDB_H
#define RD_ZONEDB_H

#include <stddef.h>
#include <stdint.h>

#include "dns/name.h"

struct zone;
struct zone_find;
struct zonedb;
struct znode;

/* New empty set. NULL: no memory. */
struct zonedb *zonedb_new(void);

/* Free the set, and the zones too when free_zones is set. */
void zonedb_free(struct zonedb *db, int free_zones);

/*
 * Add a zone; RD_EEXIST when one with that origin is present. The zone gets
 * its exact-match index (zone_index()) for the lookups that serve queries.
 */
int zonedb_add(struct zonedb *db, struct zone *z);

/*
 * Put z in place of the zone with its origin (or add it); returns the old
 * one or NULL. The old zone is the caller's. NULL is also returned when out
 * of memory while adding: zonedb_get() then does not find z.
 */
struct zone *zonedb_replace(struct zonedb *db, struct zone *z);

/* Remove and return the zone with this origin, or NULL. */
struct zone *zonedb_remove(struct zonedb *db, const uint8_t *origin);

/* Zone whose origin is exactly this name, or NULL. */
struct zone *zonedb_get(const struct zonedb *db, const uint8_t *origin);

/*
 * Zone with the longest origin at or above name, or NULL (REFUSED): one
 * hash and probe per origin depth in use (zonedb.c).
 */
struct zone *zonedb_find(const struct zonedb *db, const uint8_t *name);

/*
 * zonedb_find() and zone_find() in one. *z gets the zone (NULL when none)
 * and f is filled as zone_find() fills it. Returns 1 for an exact match, 0 when the name
 * is absent from its zone, RD_ENOTFOUND when no zone holds it (REFUSED).
 */
int zonedb_lookup(const struct zonedb *db, const uint8_t *name,
    struct zone **z, struct zone_find *f);

/*
 * Prefetching for a batch of queries: the cache misses of one lookup (the
 * exact-match index slot, then the node it points at) overlap those of the
 * others instead of following one another. zonedb_prefetch() finds the
 * zone of name, starts loading its index slot and fills h; once it has run
 * for the whole batch, zonedb_prefetch_node() starts loading each node.
 * Hints only: nothing is changed, and a name with no zone or index is
 * skipped.
 */
struct zonedb_hint {
	struct zone *zone;	/* NULL: no zone holds the name */
	uint64_t hash;		/* name_hash() of the name, for the zone's index */
	uint8_t namelen;
	uint8_t name[NAME_MAXLEN]; /* a copy of the name, as given */
};

void zonedb_prefetch(
    const struct zonedb *db, const uint8_t *name, struct zonedb_hint *h);
void zonedb_prefetch_node(const struct zonedb_hint *h);
/*
 * Last, one query ahead of the answers (when its node had time to arrive):
 * the first RRset of the node.
 */
void zonedb_prefetch_data(const struct zonedb_hint *h);

/*
 * zonedb_lookup() for a name that zonedb_prefetch() filled h for: when h
 * is for this same name (compared octet for octet with the copy in h), its
 * zone is h's and the index is probed with h's hash, so a name that exists
 * is found without computing its key; otherwise, and for h NULL, as
 * zonedb_lookup(). h must come from the same
 * zonedb, with no zone added, removed or changed since: hints live for
 * one batch of queries.
 */
int zonedb_lookup_hint(const struct zonedb *db, const uint8_t *name,
    const struct zonedb_hint *h, struct zone **z, struct zone_find *f);

/*
 * zonedb_find() and zone_get() in one: the node named
 * exactly name in the zone that holds it (*z, NULL when none), or NULL.
 * For additional-section targets.
 */
struct znode *zonedb_node(const struct zonedb *db, const uint8_t *name,
    struct zone **z);

/* zonedb_node() with a hint from zonedb_prefetch(), as zonedb_lookup_hint(). */
struct znode *zonedb_node_hint(const struct zonedb *db, const uint8_t *name,
    const struct zonedb_hint *h, struct zone **z);

/* Number of zones; walk them in canonical order of their origins. */
size_t zonedb_count(const struct zonedb *db);
int zonedb_walk(const struct zonedb *db,
    int (*cb)(struct zone *z, void *ctx), void *ctx);

#endif
