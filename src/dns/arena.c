/*
 * arena: bump allocation in chunks.
 *
 * The arena header and its first chunk are one malloc, so a scratch arena
 * that stays within its first chunk costs no system allocation after
 * arena_new, and arena_reset is a pointer move. Requests larger than a
 * quarter of the chunk size get a chunk of their own, linked behind the
 * current one so that the current chunk keeps serving small requests.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/arena.h"

#define ARENA_DEFAULT_CHUNK (64 * 1024)
#define ARENA_ALIGN 8

struct chunk {
	struct chunk *next;
	size_t size;		/* bytes of data after the header */
};

struct arena {
	struct chunk *head;	/* current chunk, then older ones */
	struct chunk *first;	/* the chunk allocated with the arena */
	uint8_t *pos, *end;	/* free space in head */
	size_t chunk;		/* data bytes of a normal chunk */
	size_t used;
	size_t held;
};

/* Header sizes rounded up so that chunk data is 16-byte aligned. */
#define ARENA_HDR ((sizeof(struct arena) + 15) & ~(size_t)15)
#define CHUNK_HDR ((sizeof(struct chunk) + 15) & ~(size_t)15)

static inline uint8_t *
chunk_data(struct chunk *c)
{
	return (uint8_t *)c + CHUNK_HDR;
}

struct arena *
arena_new(size_t chunk)
{
	struct arena *a;
	struct chunk *c;

	if (chunk == 0)
		chunk = ARENA_DEFAULT_CHUNK;
	chunk = (chunk + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (chunk > SIZE_MAX / 2)
		return NULL;
	a = malloc(ARENA_HDR + CHUNK_HDR + chunk);
	if (a == NULL)
		return NULL;
	c = (struct chunk *)((uint8_t *)a + ARENA_HDR);
	c->next = NULL;
	c->size = chunk;
	a->head = c;
	a->first = c;
	a->pos = chunk_data(c);
	a->end = a->pos + chunk;
	a->chunk = chunk;
	a->used = 0;
	a->held = ARENA_HDR + CHUNK_HDR + chunk;
	return a;
}

/* The current chunk cannot hold n (already rounded) bytes. */
static void *
arena_alloc_slow(struct arena *a, size_t n)
{
	struct chunk *c;
	size_t size;

	if (n > SIZE_MAX - CHUNK_HDR)
		return NULL;
	size = n > a->chunk / 4 ? n : a->chunk;
	c = malloc(CHUNK_HDR + size);
	if (c == NULL)
		return NULL;
	c->size = size;
	a->held += CHUNK_HDR + size;
	a->used += n;
	if (size != a->chunk) {
		/* A large request: keep bumping in the current chunk. */
		c->next = a->head->next;
		a->head->next = c;
		return chunk_data(c);
	}
	c->next = a->head;
	a->head = c;
	a->pos = chunk_data(c) + n;
	a->end = chunk_data(c) + size;
	return chunk_data(c);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	uint8_t *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n > (size_t)(a->end - a->pos))
		return arena_alloc_slow(a, n);
	p = a->pos;
	a->pos += n;
	a->used += n;
	return p;
}

void *
arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *d;

	d = arena_alloc(a, n);
	if (d != NULL && n > 0)
		memcpy(d, p, n);
	return d;
}

/* Free every chunk except the first. */
static void
arena_free_chunks(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (c != a->first)
			free(c);
	}
}

void
arena_reset(struct arena *a)
{
	arena_free_chunks(a);
	a->first->next = NULL;
	a->head = a->first;
	a->pos = chunk_data(a->first);
	a->end = a->pos + a->first->size;
	a->used = 0;
	a->held = ARENA_HDR + CHUNK_HDR + a->first->size;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}

size_t
arena_held(const struct arena *a)
{
	return a->held;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_free_chunks(a);
	free(a);
}
