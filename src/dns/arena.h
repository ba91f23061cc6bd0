/*
 * arena: bump allocation in chunks. One arena per zone version, a scratch
 * arena per query; everything in it is freed at once.
 */
#ifndef RD_ARENA_H
#define RD_ARENA_H

#include <stddef.h>

struct arena;

/* New arena whose chunks are at least chunk bytes (0: a default). NULL: no memory. */
struct arena *arena_new(size_t chunk);

/* n bytes aligned to 8, valid until arena_reset/arena_free. NULL: no memory. */
void *arena_alloc(struct arena *a, size_t n);

/* Copy of n bytes of p in the arena. NULL: no memory. */
void *arena_memdup(struct arena *a, const void *p, size_t n);

/* Forget every allocation but keep the first chunk for reuse. */
void arena_reset(struct arena *a);

/* Bytes handed out, and bytes held from the system. */
size_t arena_used(const struct arena *a);
size_t arena_held(const struct arena *a);

void arena_free(struct arena *a);

#endif
