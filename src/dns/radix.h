/*
 * radix: a compressed trie (PATRICIA-style, byte-wise) mapping byte keys to
 * pointers. Keys are compared as unsigned byte strings, a proper prefix
 * sorting before its extensions, so an in-order walk is key order. The tree
 * copies the keys it needs; values are the caller's.
 */
#ifndef RD_RADIX_H
#define RD_RADIX_H

#include <stddef.h>
#include <stdint.h>

struct radix;

/* Longest key the tree takes; longer keys are refused (RD_ERANGE, NULL). */
#define RADIX_MAXKEY 1024

typedef int (*radix_cb)(const uint8_t *key, size_t len, void *val, void *ctx);

/* New empty tree; NULL: no memory. */
struct radix *radix_new(void);

/* Free the tree; freeval (may be NULL) is called on every value. */
void radix_free(struct radix *t, void (*freeval)(void *val, void *ctx),
    void *ctx);

/* Number of keys. */
size_t radix_count(const struct radix *t);

/* Value stored under key, or NULL when the key is absent. */
void *radix_get(const struct radix *t, const uint8_t *key, size_t len);

/*
 * The slot for key, created (holding NULL) when absent, so the caller can
 * fill it. NULL: no memory (or a key longer than RADIX_MAXKEY). A key whose
 * slot is left NULL still counts and is walked. The slot stays valid until
 * the next insert or delete in this tree.
 */
void **radix_slot(struct radix *t, const uint8_t *key, size_t len);

/*
 * Insert or replace; RD_ENOMEM on failure, RD_ERANGE for a key longer than
 * RADIX_MAXKEY. val must not be NULL.
 */
int radix_insert(struct radix *t, const uint8_t *key, size_t len, void *val);

/* Remove key; returns its value, or NULL when it was absent. */
void *radix_delete(struct radix *t, const uint8_t *key, size_t len);

/*
 * Less-or-equal: finds the greatest key <= key. Returns 1 for an exact match,
 * 0 for a strict predecessor, -1 when every key is greater (or the tree is
 * empty). *val gets the found value (val may be NULL); when fkey is not NULL
 * the found key is copied there (fkeymax bytes at most); *fkeylen (when not
 * NULL) gets the found key's full length.
 */
int radix_le(const struct radix *t, const uint8_t *key, size_t len,
    void **val, uint8_t *fkey, size_t fkeymax, size_t *fkeylen);

/* What radix_find() learns in one descent. */
struct radix_res {
	void *exact;		/* value under key; NULL when absent */
	void *prefix;		/* of the longest key that is a prefix of key */
	size_t prefixlen;	/* that key's length */
	void *le;		/* of the greatest key <= key, when asked for */
};

/*
 * One descent that finds the key, the longest stored key that is a prefix
 * of it (key itself included) and, when want_le is set, the greatest key
 * <= key, as radix_le would, but without copying any key; each is NULL when
 * there is none. Returns 1 when key is present, else 0. For the radix key
 * of a name (radkey) the longest prefix is the closest existing ancestor,
 * since every key ends at a label end.
 */
int radix_find(const struct radix *t, const uint8_t *key, size_t len,
    int want_le, struct radix_res *r);

/*
 * Smallest key strictly greater than key (key may be absent). Returns 0 and
 * fills val/fkey as radix_le does, or -1 when there is none.
 */
int radix_next(const struct radix *t, const uint8_t *key, size_t len,
    void **val, uint8_t *fkey, size_t fkeymax, size_t *fkeylen);

/* Smallest key; 0 found, -1 empty. */
int radix_first(const struct radix *t, void **val, uint8_t *fkey,
    size_t fkeymax, size_t *fkeylen);

/*
 * Walk every key in order; stops early when cb returns non-zero and returns
 * that value, else 0. The tree must not change during the walk.
 */
int radix_walk(const struct radix *t, radix_cb cb, void *ctx);

/* Walk, in order, the keys that start with prefix (prefix itself included). */
int radix_walk_prefix(const struct radix *t, const uint8_t *prefix,
    size_t plen, radix_cb cb, void *ctx);

/* Check every structural invariant; 0 when sound, else RD_EINVAL. For tests. */
int radix_check(const struct radix *t);

/*
 * Bytes of memory the tree itself holds: its header and its slabs (nodes,
 * key bytes, and free blocks kept for reuse). An empty tree holds no slab.
 */
size_t radix_memory(const struct radix *t);

#endif
