/*
 * radix: a path-compressed byte-wise trie.
 *
 * Rationale. The tree holds every name of every zone, so a node must be
 * small and a lookup must touch few cache lines. Each node is one
 * allocation, sized exactly to what it holds:
 *
 *	val		the value, when a key ends at this node
 *	plen, n, flags	prefix length, number of children, RN_KEY/RN_DENSE
 *	prefix		plen key octets that every key below shares (inline)
 *	index		sparse nodes: the n child octets, sorted
 *	(pad to 8)
 *	children	sparse: n pointers, in index order; dense: 256 pointers
 *
 * A node's key is its parent's key, the octet that leads to it, and its
 * prefix. A leaf is therefore a 13-byte header followed by the rest of its
 * key: for the names of a large zone (keys like "com\0example\0host123\0")
 * nearly every key is a leaf of 24 to 32 bytes, and the shared part is
 * stored once. A lookup compares the prefix and reads the index in the first
 * cache line of a node, then follows one child pointer. Nodes with more than
 * RN_SPARSE_MAX children switch to a direct table of 256 pointers and back
 * below RN_DENSE_MIN, so no search is ever longer than a short scan.
 *
 * Invariants (radix_check): every node but a key-holding one has at least
 * two children; index octets strictly increase; a dense node has at least
 * RN_DENSE_MIN children; the number of RN_KEY nodes is the count.
 *
 * Changing a node's fan-out or prefix builds a new node and frees the old
 * one, so the parent's pointer is updated during the descent; that is why a
 * slot is valid only until the next insert or delete.
 *
 * Nodes come from the tree's own slabs, with a free list per size class
 * (8-byte steps up to 512, then 1K, 2K, 4K): no malloc header per node,
 * nodes of one tree packed together, and freeing the tree releases a few
 * slabs instead of visiting a million nodes. Slabs double from 512 bytes to
 * 1 MiB, so a small tree stays small; an empty tree holds no slab. Under
 * AddressSanitizer free blocks, slab tails and a red zone after every block
 * are poisoned, so overruns are still caught.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/bigmem.h"
#include "dns/err.h"
#include "dns/radix.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RADIX_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RADIX_ASAN 1
#endif
#ifdef RADIX_ASAN
#include <sanitizer/asan_interface.h>
#define RN_REDZONE 16
#define RN_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define RN_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define RN_REDZONE 0
#define RN_POISON(p, n) ((void)(p), (void)(n))
#define RN_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define RN_KEY 0x01
#define RN_DENSE 0x02
#define RN_SPARSE_MAX 48
#define RN_DENSE_MIN 40

struct rnode {
	void *val;
	uint16_t plen;
	uint16_t n;
	uint8_t flags;
	uint8_t b[];		/* prefix, then the sparse index */
};

#define RN_HDR offsetof(struct rnode, b)

/* Size classes: 8-byte steps up to 512 bytes, then 1K, 2K and 4K. */
#define RN_SMALL 512
#define RN_CLASSES (RN_SMALL / 8 + 3)
#define RN_SLAB_MIN 512
#define RN_SLAB_MAX BIGMEM_SIZE /* from then on, huge-page mappings */

struct rslab {
	struct rslab *next;
	size_t size;		/* bytes after the header */
};

#define RSLAB_HDR ((sizeof(struct rslab) + 15) & ~(size_t)15)

struct radix {
	struct rnode *root;
	size_t count;
	size_t mem;		/* bytes of all nodes (as rn_sizeof counts) */
	size_t held;		/* bytes of all slabs */
	struct rslab *slabs;
	uint8_t *pos, *end;	/* unused part of the newest slab */
	size_t nextslab;
	void *freel[RN_CLASSES];
};

/* Output of a found key: copies at most max octets, counts all. */
struct rout {
	uint8_t *buf;
	size_t max;
	size_t len;
};

static inline size_t
rn_nidx(const struct rnode *x)
{
	return (x->flags & RN_DENSE) ? 0 : x->n;
}

static inline size_t
rn_nptr(const struct rnode *x)
{
	return (x->flags & RN_DENSE) ? 256 : x->n;
}

static inline size_t
rn_ptroff(size_t plen, size_t nidx)
{
	return (RN_HDR + plen + nidx + 7) & ~(size_t)7;
}

static inline size_t
rn_size(size_t plen, size_t nidx, size_t nptr)
{
	return rn_ptroff(plen, nidx) + nptr * sizeof(struct rnode *);
}

static inline size_t
rn_sizeof(const struct rnode *x)
{
	return rn_size(x->plen, rn_nidx(x), rn_nptr(x));
}

static inline uint8_t *
rn_index(const struct rnode *x)
{
	return (uint8_t *)x->b + x->plen;
}

static inline struct rnode **
rn_kids(const struct rnode *x)
{
	return (struct rnode **)(void *)((uint8_t *)x +
	    rn_ptroff(x->plen, rn_nidx(x)));
}

/* The child reached by octet c, or NULL. */
static inline struct rnode **
rn_child(const struct rnode *x, uint8_t c)
{
	struct rnode **k = rn_kids(x);
	const uint8_t *idx;
	unsigned i, n;

	if (x->flags & RN_DENSE)
		return k[c] != NULL ? &k[c] : NULL;
	idx = rn_index(x);
	n = x->n;
	for (i = 0; i < n; i++)
		if (idx[i] >= c)
			return idx[i] == c ? &k[i] : NULL;
	return NULL;
}

/*
 * The child under octet c, or NULL, in the same scan as the child with the
 * greatest octet below c (*lt, NULL when none; *ltbyte gets its octet).
 */
static inline const struct rnode *
rn_child_lt(const struct rnode *x, uint8_t c, const struct rnode **lt,
    uint8_t *ltbyte)
{
	struct rnode **k = rn_kids(x);
	const uint8_t *idx;
	unsigned i, n;

	*lt = NULL;
	if (x->flags & RN_DENSE) {
		for (i = c; i-- > 0;)
			if (k[i] != NULL) {
				*lt = k[i];
				*ltbyte = (uint8_t)i;
				break;
			}
		return k[c];
	}
	idx = rn_index(x);
	n = x->n;
	for (i = 0; i < n && idx[i] < c; i++)
		;
	if (i > 0) {
		*lt = k[i - 1];
		*ltbyte = idx[i - 1];
	}
	return i < n && idx[i] == c ? k[i] : NULL;
}

/* The child with the smallest octet >= c, or NULL; *byte gets its octet. */
static struct rnode *
rn_ge(const struct rnode *x, unsigned c, uint8_t *byte)
{
	struct rnode **k = rn_kids(x);
	const uint8_t *idx;
	unsigned i;

	if (x->flags & RN_DENSE) {
		for (i = c; i < 256; i++)
			if (k[i] != NULL) {
				*byte = (uint8_t)i;
				return k[i];
			}
		return NULL;
	}
	idx = rn_index(x);
	for (i = 0; i < x->n; i++)
		if (idx[i] >= c) {
			*byte = idx[i];
			return k[i];
		}
	return NULL;
}

/* The child with the greatest octet <= c, or NULL; *byte gets its octet. */
static struct rnode *
rn_le(const struct rnode *x, unsigned c, uint8_t *byte)
{
	struct rnode **k = rn_kids(x);
	const uint8_t *idx;
	unsigned i;

	if (x->flags & RN_DENSE) {
		for (i = c + 1; i-- > 0;)
			if (k[i] != NULL) {
				*byte = (uint8_t)i;
				return k[i];
			}
		return NULL;
	}
	idx = rn_index(x);
	for (i = x->n; i-- > 0;)
		if (idx[i] <= c) {
			*byte = idx[i];
			return k[i];
		}
	return NULL;
}

/* A node with room for plen prefix octets and n children; no value. */
/* Size class of a block of size bytes (a multiple of 8, at most 4096). */
static inline unsigned
rn_class(size_t size)
{
	if (size <= RN_SMALL)
		return (unsigned)(size / 8 - 1);
	if (size <= 1024)
		return RN_SMALL / 8;
	if (size <= 2048)
		return RN_SMALL / 8 + 1;
	return RN_SMALL / 8 + 2;
}

static inline size_t
rn_class_size(unsigned c)
{
	if (c < RN_SMALL / 8)
		return ((size_t)c + 1) * 8;
	return (size_t)1024 << (c - RN_SMALL / 8);
}

/* size bytes from the tree's slabs; NULL when no memory. */
static void *
rn_get(struct radix *t, size_t size)
{
	unsigned c = rn_class(size);
	size_t bsize = rn_class_size(c) + RN_REDZONE, ssize;
	struct rslab *s;
	uint8_t *p;

	if ((p = t->freel[c]) != NULL) {
		memcpy(&t->freel[c], p, sizeof(void *));
		RN_UNPOISON(p, size);
		return p;
	}
	if ((size_t)(t->end - t->pos) < bsize) {
		ssize = t->nextslab < RN_SLAB_MIN ? RN_SLAB_MIN : t->nextslab;
		if (ssize < bsize)
			ssize = bsize;
		/*
		 * A slab of RN_SLAB_MAX is one huge-page mapping (dns/bigmem.h),
		 * its header included.
		 */
		if (ssize >= RN_SLAB_MAX) {
			ssize = RN_SLAB_MAX - RSLAB_HDR;
			s = bigmem_alloc(RN_SLAB_MAX);
		} else
			s = malloc(RSLAB_HDR + ssize);
		if (s == NULL)
			return NULL;
		s->size = ssize;
		s->next = t->slabs;
		t->slabs = s;
		t->held += RSLAB_HDR + ssize;
		t->pos = (uint8_t *)s + RSLAB_HDR;
		t->end = t->pos + ssize;
		RN_POISON(t->pos, ssize);
		t->nextslab = ssize * 2 > RN_SLAB_MAX ? RN_SLAB_MAX : ssize * 2;
	}
	p = t->pos;
	t->pos += bsize;
	RN_UNPOISON(p, size);
	return p;
}

/* Give back a block of size bytes (or of any smaller size of its class). */
static void
rn_put(struct radix *t, void *p, size_t size)
{
	unsigned c = rn_class(size);

	RN_POISON(p, rn_class_size(c));
	RN_UNPOISON(p, sizeof(void *));
	memcpy(p, &t->freel[c], sizeof(void *));
	t->freel[c] = p;
}

/* Release every slab: the tree is empty, or being freed. */
static void
rn_release(struct radix *t)
{
	struct rslab *s, *next;

	for (s = t->slabs; s != NULL; s = next) {
		next = s->next;
		RN_UNPOISON((uint8_t *)s + RSLAB_HDR, s->size);
		if (RSLAB_HDR + s->size == RN_SLAB_MAX)
			bigmem_free(s, RN_SLAB_MAX);
		else
			free(s);
	}
	t->slabs = NULL;
	t->pos = t->end = NULL;
	t->held = 0;
	t->mem = 0;
	t->nextslab = 0;
	memset(t->freel, 0, sizeof(t->freel));
}

static struct rnode *
rn_alloc(struct radix *t, size_t plen, size_t n, uint8_t flags)
{
	struct rnode *x;
	size_t size;

	if (flags & RN_DENSE)
		size = rn_size(plen, 0, 256);
	else
		size = rn_size(plen, n, n);
	x = rn_get(t, size);
	if (x == NULL)
		return NULL;
	t->mem += size;
	x->val = NULL;
	x->plen = (uint16_t)plen;
	x->n = (uint16_t)n;
	x->flags = flags;
	return x;
}

static void
rn_free(struct radix *t, struct rnode *x)
{
	size_t size = rn_sizeof(x);

	t->mem -= size;
	rn_put(t, x, size);
}

/* A leaf holding the key suffix p[0..plen), its value slot NULL. */
static struct rnode *
rn_leaf(struct radix *t, const uint8_t *p, size_t plen)
{
	struct rnode *x;

	x = rn_alloc(t, plen, 0, RN_KEY);
	if (x == NULL)
		return NULL;
	memcpy(x->b, p, plen);
	return x;
}

/*
 * A copy of x with a prefix of plen octets (left for the caller to fill)
 * and the same value, flags and children.
 */
static struct rnode *
rn_clone(struct radix *t, const struct rnode *x, size_t plen)
{
	struct rnode *y;

	y = rn_alloc(t, plen, x->n, x->flags);
	if (y == NULL)
		return NULL;
	y->val = x->val;
	memcpy(rn_index(y), rn_index(x), rn_nidx(x));
	memcpy(rn_kids(y), rn_kids(x), rn_nptr(x) * sizeof(struct rnode *));
	return y;
}

/*
 * x with one more child kid under octet c (absent before). Returns the new
 * node (x itself when dense; else x is freed) or NULL with x unchanged.
 */
static struct rnode *
rn_add(struct radix *t, struct rnode *x, uint8_t c, struct rnode *kid)
{
	struct rnode *y, **k, **yk;
	uint8_t *idx, *yidx;
	unsigned i, n = x->n;

	k = rn_kids(x);
	if (x->flags & RN_DENSE) {
		k[c] = kid;
		x->n++;
		return x;
	}
	idx = rn_index(x);
	if (n == RN_SPARSE_MAX) {
		y = rn_alloc(t, x->plen, n + 1, x->flags | RN_DENSE);
		if (y == NULL)
			return NULL;
		yk = rn_kids(y);
		memset(yk, 0, 256 * sizeof(*yk));
		for (i = 0; i < n; i++)
			yk[idx[i]] = k[i];
		yk[c] = kid;
	} else {
		y = rn_alloc(t, x->plen, n + 1, x->flags);
		if (y == NULL)
			return NULL;
		for (i = 0; i < n && idx[i] < c; i++)
			;
		yidx = rn_index(y);
		yk = rn_kids(y);
		memcpy(yidx, idx, i);
		memcpy(yk, k, i * sizeof(*k));
		yidx[i] = c;
		yk[i] = kid;
		memcpy(yidx + i + 1, idx + i, n - i);
		memcpy(yk + i + 1, k + i, (n - i) * sizeof(*k));
	}
	y->val = x->val;
	memcpy(y->b, x->b, x->plen);
	rn_free(t, x);
	return y;
}

/*
 * x without its child under octet c. Never fails: a sparse node shrinks in
 * place (and moves to a smaller block when that is another size class); a
 * dense node that becomes sparse is rebuilt when memory allows. Returns the
 * node to keep. A node left in a larger block is freed by its new size,
 * into a class whose blocks it covers, so nothing is lost for good.
 */
static struct rnode *
rn_remove(struct radix *t, struct rnode *x, uint8_t c)
{
	struct rnode *y, **k, **nk, **yk;
	uint8_t *idx, *yidx;
	unsigned i, j, n = x->n;
	size_t old;

	k = rn_kids(x);
	if (x->flags & RN_DENSE) {
		k[c] = NULL;
		x->n--;
		if (x->n >= RN_DENSE_MIN)
			return x;
		y = rn_alloc(t, x->plen, x->n, x->flags & ~RN_DENSE);
		if (y == NULL)
			return x;
		yidx = rn_index(y);
		yk = rn_kids(y);
		for (i = 0, j = 0; i < 256; i++)
			if (k[i] != NULL) {
				yidx[j] = (uint8_t)i;
				yk[j++] = k[i];
			}
		y->val = x->val;
		memcpy(y->b, x->b, x->plen);
		rn_free(t, x);
		return y;
	}
	old = rn_sizeof(x);
	idx = rn_index(x);
	for (i = 0; i < n && idx[i] != c; i++)
		;
	memmove(idx + i, idx + i + 1, n - i - 1);
	x->n--;
	nk = rn_kids(x);
	memmove(nk, k, i * sizeof(*k));
	memmove(nk + i, k + i + 1, (n - i - 1) * sizeof(*k));
	t->mem -= old - rn_sizeof(x);
	if (rn_class(rn_sizeof(x)) == rn_class(old))
		return x;
	y = rn_get(t, rn_sizeof(x));
	if (y == NULL)
		return x;
	memcpy(y, x, rn_sizeof(x));
	rn_put(t, x, old);
	return y;
}

/*
 * x has no key and one child: replace both by the child with x's prefix,
 * the octet and the child's prefix joined. On no memory x stays, which
 * every search tolerates.
 */
static void
rn_merge(struct radix *t, struct rnode **ref)
{
	struct rnode *x = *ref, *kid, *y;
	uint8_t c = 0;

	kid = rn_ge(x, 0, &c);
	y = rn_clone(t, kid, (size_t)x->plen + 1 + kid->plen);
	if (y == NULL)
		return;
	memcpy(y->b, x->b, x->plen);
	y->b[x->plen] = c;
	memcpy(y->b + x->plen + 1, kid->b, kid->plen);
	rn_free(t, kid);
	rn_free(t, x);
	*ref = y;
}

struct radix *
radix_new(void)
{
	return calloc(1, sizeof(struct radix));
}

/* Call freeval on every value of x's subtree. */
static void
rn_freeval(const struct rnode *x, void (*freeval)(void *, void *), void *ctx)
{
	struct rnode **k = rn_kids(x);
	size_t i, n = rn_nptr(x);

	if (x->flags & RN_KEY)
		freeval(x->val, ctx);
	for (i = 0; i < n; i++)
		if (k[i] != NULL)
			rn_freeval(k[i], freeval, ctx);
}

void
radix_free(struct radix *t, void (*freeval)(void *val, void *ctx), void *ctx)
{
	if (t == NULL)
		return;
	if (t->root != NULL && freeval != NULL)
		rn_freeval(t->root, freeval, ctx);
	rn_release(t);
	free(t);
}

size_t
radix_count(const struct radix *t)
{
	return t->count;
}

void *
radix_get(const struct radix *t, const uint8_t *key, size_t len)
{
	const struct rnode *x = t->root;
	struct rnode **k;
	size_t m;

	while (x != NULL) {
		m = x->plen;
		if (len < m || memcmp(x->b, key, m) != 0)
			return NULL;
		key += m;
		len -= m;
		if (len == 0)
			return x->val;
		k = rn_child(x, *key);
		if (k == NULL)
			return NULL;
		x = *k;
		key++;
		len--;
	}
	return NULL;
}

/*
 * Length of the common start of a[0..n) and b[0..n). Eight octets at a
 * time where the byte order lets the first difference be counted from the
 * low end: a prefix is often a whole zone origin.
 */
static inline size_t
rn_common(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t wa, wb;

	for (; i + 8 <= n; i += 8) {
		memcpy(&wa, a + i, 8);
		memcpy(&wb, b + i, 8);
		if (wa != wb)
			return i + (size_t)__builtin_ctzll(wa ^ wb) / 8;
	}
#endif
	for (; i < n && a[i] == b[i]; i++)
		;
	return i;
}

/*
 * Split x at ref after i prefix octets: a new node holding x's first i
 * octets gets x (the rest of its prefix after the branching octet) as a
 * child, and a new leaf for key[0..len) beyond the split unless the key ends
 * there. Returns the node that holds the key's slot, or NULL.
 */
static struct rnode *
rn_split(struct radix *t, struct rnode **ref, size_t i, const uint8_t *key,
    size_t len)
{
	struct rnode *x = *ref, *top, *rest, *leaf = NULL;
	uint8_t cx = x->b[i], ck;
	uint8_t *idx;
	struct rnode **k;
	int two = len > i;

	top = rn_alloc(t, i, (size_t)1 + two, two ? 0 : RN_KEY);
	rest = rn_clone(t, x, (size_t)x->plen - i - 1);
	if (two)
		leaf = rn_leaf(t, key + i + 1, len - i - 1);
	if (top == NULL || rest == NULL || (two && leaf == NULL)) {
		if (top != NULL)
			rn_free(t, top);
		if (rest != NULL)
			rn_free(t, rest);
		if (leaf != NULL)
			rn_free(t, leaf);
		return NULL;
	}
	memcpy(rest->b, x->b + i + 1, rest->plen);
	memcpy(top->b, key, i);
	idx = rn_index(top);
	k = rn_kids(top);
	if (!two) {
		/* The key ends at the split: the new node holds it. */
		idx[0] = cx;
		k[0] = rest;
	} else {
		ck = key[i];
		idx[ck < cx] = cx;
		k[ck < cx] = rest;
		idx[ck > cx] = ck;
		k[ck > cx] = leaf;
	}
	rn_free(t, x);
	*ref = top;
	return two ? leaf : top;
}

void **
radix_slot(struct radix *t, const uint8_t *key, size_t len)
{
	struct rnode **ref = &t->root, *x, *leaf, *y, **k;
	size_t m, i;

	if (len > RADIX_MAXKEY)
		return NULL;
	for (;;) {
		x = *ref;
		if (x == NULL) {
			/* Only the empty tree has no root. */
			x = rn_leaf(t, key, len);
			if (x == NULL)
				return NULL;
			*ref = x;
			t->count++;
			return &x->val;
		}
		m = x->plen;
		i = rn_common(x->b, key, m < len ? m : len);
		if (i < m) {
			x = rn_split(t, ref, i, key, len);
			if (x == NULL)
				return NULL;
			t->count++;
			return &x->val;
		}
		key += m;
		len -= m;
		if (len == 0) {
			if (!(x->flags & RN_KEY)) {
				x->flags |= RN_KEY;
				x->val = NULL;
				t->count++;
			}
			return &x->val;
		}
		k = rn_child(x, *key);
		if (k != NULL) {
			ref = k;
			key++;
			len--;
			continue;
		}
		leaf = rn_leaf(t, key + 1, len - 1);
		if (leaf == NULL)
			return NULL;
		y = rn_add(t, x, *key, leaf);
		if (y == NULL) {
			rn_free(t, leaf);
			return NULL;
		}
		*ref = y;
		t->count++;
		return &leaf->val;
	}
}

int
radix_insert(struct radix *t, const uint8_t *key, size_t len, void *val)
{
	void **slot;

	if (len > RADIX_MAXKEY)
		return RD_ERANGE;
	slot = radix_slot(t, key, len);
	if (slot == NULL)
		return RD_ENOMEM;
	*slot = val;
	return 0;
}

void *
radix_delete(struct radix *t, const uint8_t *key, size_t len)
{
	struct rnode **ref = &t->root, **pref = NULL, *x, **k;
	uint8_t c = 0;
	size_t m;
	void *val;

	for (;;) {
		x = *ref;
		if (x == NULL)
			return NULL;
		m = x->plen;
		if (len < m || memcmp(x->b, key, m) != 0)
			return NULL;
		key += m;
		len -= m;
		if (len == 0)
			break;
		k = rn_child(x, *key);
		if (k == NULL)
			return NULL;
		pref = ref;
		ref = k;
		c = *key++;
		len--;
	}
	if (!(x->flags & RN_KEY))
		return NULL;
	val = x->val;
	x->val = NULL;
	x->flags &= ~RN_KEY;
	t->count--;
	if (x->n >= 2)
		return val;
	if (x->n == 1) {
		rn_merge(t, ref);
		return val;
	}
	/* A leaf: remove it from its parent, which may then merge. */
	if (pref == NULL) {
		/* The tree is empty: give its memory back. */
		t->root = NULL;
		rn_release(t);
		return val;
	}
	rn_free(t, x);
	*pref = rn_remove(t, *pref, c);
	if ((*pref)->n == 1 && !((*pref)->flags & RN_KEY))
		rn_merge(t, pref);
	return val;
}

static inline void
rout_put(struct rout *o, const uint8_t *p, size_t n)
{
	size_t m;

	if (n > 0 && o->len < o->max) {
		m = o->max - o->len < n ? o->max - o->len : n;
		memcpy(o->buf + o->len, p, m);
	}
	o->len += n;
}

/* Greatest key in x's subtree: follow the last child down to a leaf. */
static void *
rn_max(const struct rnode *x, struct rout *o)
{
	const struct rnode *y;
	uint8_t c;

	for (;;) {
		rout_put(o, x->b, x->plen);
		y = rn_le(x, 255, &c);
		if (y == NULL)
			return x->val;
		rout_put(o, &c, 1);
		x = y;
	}
}

/* Smallest key in x's subtree: the first node holding a key. */
static void *
rn_min(const struct rnode *x, struct rout *o)
{
	uint8_t c = 0;

	for (;;) {
		rout_put(o, x->b, x->plen);
		if (x->flags & RN_KEY)
			return x->val;
		x = rn_ge(x, 0, &c);
		rout_put(o, &c, 1);
	}
}

/* Where a search continues when the descent finds nothing closer. */
struct rfall {
	const struct rnode *x;	/* NULL: none */
	size_t pos;		/* key[0..pos) is the path above x */
	int byte;		/* octet between the path and x, or -1 */
	int self;		/* the key of the path itself (x holds it) */
};

static void
rout_init(struct rout *o, uint8_t *buf, size_t max)
{
	o->buf = buf;
	o->max = buf != NULL ? max : 0;
	o->len = 0;
}

/* Report the key at f, its smallest (dir 0) or greatest (dir 1) end. */
static void *
rfall_take(const struct rfall *f, const uint8_t *key, struct rout *o, int dir)
{
	uint8_t c;

	rout_put(o, key, f->pos);
	if (f->self)
		return f->x->val;
	if (f->byte >= 0) {
		c = (uint8_t)f->byte;
		rout_put(o, &c, 1);
	}
	return dir ? rn_max(f->x, o) : rn_min(f->x, o);
}

static void
rfall_set(struct rfall *f, const struct rnode *x, size_t pos, int byte,
    int self)
{
	f->x = x;
	f->pos = pos;
	f->byte = byte;
	f->self = self;
}

static int
radix_found(const struct rfall *f, const uint8_t *key, void **val,
    uint8_t *fkey, size_t fkeymax, size_t *fkeylen, int dir)
{
	struct rout o;
	void *v;

	if (f->x == NULL)
		return -1;
	rout_init(&o, fkey, fkeymax);
	v = rfall_take(f, key, &o, dir);
	if (val != NULL)
		*val = v;
	if (fkeylen != NULL)
		*fkeylen = o.len;
	return 0;
}

int
radix_le(const struct radix *t, const uint8_t *key, size_t len, void **val,
    uint8_t *fkey, size_t fkeymax, size_t *fkeylen)
{
	const struct rnode *x = t->root, *y, *next;
	struct rfall f = { NULL, 0, -1, 0 };
	size_t pos = 0, m, n, i;
	uint8_t c, yc;

	while (x != NULL) {
		m = x->plen;
		n = len - pos < m ? len - pos : m;
		i = rn_common(x->b, key + pos, n);
		if (i < n) {
			/* The subtree is all greater, or all smaller. */
			if (key[pos + i] > x->b[i])
				rfall_set(&f, x, pos, -1, 0);
			break;
		}
		if (n < m)
			break;	/* key ends inside the prefix: all greater */
		pos += m;
		if (pos == len) {
			if (x->flags & RN_KEY) {
				rfall_set(&f, x, pos, -1, 1);
				if (radix_found(&f, key, val, fkey, fkeymax,
				    fkeylen, 1) == 0)
					return 1;
			}
			break;	/* only extensions below: all greater */
		}
		c = key[pos];
		/* Closest smaller: a lesser sibling's subtree, else x. */
		next = rn_child_lt(x, c, &y, &yc);
		if (y != NULL)
			rfall_set(&f, y, pos, yc, 0);
		else if (x->flags & RN_KEY)
			rfall_set(&f, x, pos, -1, 1);
		x = next;
		pos++;
	}
	return radix_found(&f, key, val, fkey, fkeymax, fkeylen, 1);
}

int
radix_find(const struct radix *t, const uint8_t *key, size_t len,
    int want_le, struct radix_res *r)
{
	const struct rnode *x = t->root, *y, *next;
	struct rfall f = { NULL, 0, -1, 0 };
	size_t pos = 0, m, i;
	struct rnode **k;
	struct rout o;
	uint8_t yc;

	r->exact = r->prefix = r->le = NULL;
	r->prefixlen = 0;
	while (x != NULL) {
		m = x->plen;
		i = rn_common(x->b, key + pos, len - pos < m ? len - pos : m);
		if (i < m) {
			/* The subtree is all greater, or all smaller. */
			if (pos + i < len && key[pos + i] > x->b[i])
				rfall_set(&f, x, pos, -1, 0);
			break;
		}
		pos += m;
		if (x->flags & RN_KEY) {
			r->prefix = x->val;
			r->prefixlen = pos;
		}
		if (pos == len) {
			if (x->flags & RN_KEY) {
				r->exact = x->val;
				r->le = x->val;
				return 1;
			}
			break;	/* only extensions below: all greater */
		}
		if (!want_le) {
			k = rn_child(x, key[pos]);
			next = k != NULL ? *k : NULL;
		} else {
			/* Closest smaller: a lesser sibling's subtree, or x. */
			next = rn_child_lt(x, key[pos], &y, &yc);
			if (y != NULL)
				rfall_set(&f, y, pos, yc, 0);
			else if (x->flags & RN_KEY)
				rfall_set(&f, x, pos, -1, 1);
		}
		x = next;
		pos++;
	}
	if (want_le && f.x != NULL) {
		rout_init(&o, NULL, 0);
		r->le = rfall_take(&f, key, &o, 1);
	}
	return 0;
}

int
radix_next(const struct radix *t, const uint8_t *key, size_t len, void **val,
    uint8_t *fkey, size_t fkeymax, size_t *fkeylen)
{
	const struct rnode *x = t->root, *y;
	struct rfall f = { NULL, 0, -1, 0 };
	struct rnode **k;
	size_t pos = 0, m, n, i;
	uint8_t c, yc;

	while (x != NULL) {
		m = x->plen;
		n = len - pos < m ? len - pos : m;
		i = rn_common(x->b, key + pos, n);
		if (i < n) {
			if (key[pos + i] < x->b[i])
				rfall_set(&f, x, pos, -1, 0);
			break;
		}
		if (n < m) {
			/* The key is a proper prefix of everything below. */
			rfall_set(&f, x, pos, -1, 0);
			break;
		}
		pos += m;
		if (pos == len) {
			/* Only the extensions below are greater. */
			if ((y = rn_ge(x, 0, &yc)) != NULL)
				rfall_set(&f, y, pos, yc, 0);
			break;
		}
		c = key[pos];
		if (c < 255 && (y = rn_ge(x, (unsigned)c + 1, &yc)) != NULL)
			rfall_set(&f, y, pos, yc, 0);
		k = rn_child(x, c);
		x = k != NULL ? *k : NULL;
		pos++;
	}
	return radix_found(&f, key, val, fkey, fkeymax, fkeylen, 0);
}

int
radix_first(const struct radix *t, void **val, uint8_t *fkey, size_t fkeymax,
    size_t *fkeylen)
{
	struct rfall f = { t->root, 0, -1, 0 };

	return radix_found(&f, NULL, val, fkey, fkeymax, fkeylen, 0);
}

/* In-order walk of x's subtree; buf[0..blen) is the path above x. */
static int
rn_walk(const struct rnode *x, uint8_t *buf, size_t blen, radix_cb cb,
    void *ctx)
{
	struct rnode **k;
	const uint8_t *idx;
	size_t i;
	int r;

	memcpy(buf + blen, x->b, x->plen);
	blen += x->plen;
	if ((x->flags & RN_KEY) && (r = cb(buf, blen, x->val, ctx)) != 0)
		return r;
	k = rn_kids(x);
	/*
	 * The walk is bound by cache misses: ask for every child at once, and
	 * then for the values of the children, before visiting the first.
	 */
	if (!(x->flags & RN_DENSE)) {
		for (i = 0; i < x->n; i++)
			__builtin_prefetch(k[i]);
		for (i = 0; i < x->n; i++)
			__builtin_prefetch(k[i]->val);
	}
	if (x->flags & RN_DENSE) {
		for (i = 0; i < 256; i++) {
			if (k[i] == NULL)
				continue;
			buf[blen] = (uint8_t)i;
			if ((r = rn_walk(k[i], buf, blen + 1, cb, ctx)) != 0)
				return r;
		}
		return 0;
	}
	idx = rn_index(x);
	for (i = 0; i < x->n; i++) {
		buf[blen] = idx[i];
		if ((r = rn_walk(k[i], buf, blen + 1, cb, ctx)) != 0)
			return r;
	}
	return 0;
}

int
radix_walk(const struct radix *t, radix_cb cb, void *ctx)
{
	uint8_t buf[RADIX_MAXKEY + 1];

	if (t->root == NULL)
		return 0;
	return rn_walk(t->root, buf, 0, cb, ctx);
}

int
radix_walk_prefix(const struct radix *t, const uint8_t *prefix, size_t plen,
    radix_cb cb, void *ctx)
{
	uint8_t buf[RADIX_MAXKEY + 1];
	const struct rnode *x = t->root;
	struct rnode **k;
	size_t pos = 0, m, n;

	if (plen > RADIX_MAXKEY)
		return 0;
	while (x != NULL) {
		m = x->plen;
		n = plen - pos < m ? plen - pos : m;
		if (memcmp(x->b, prefix + pos, n) != 0)
			return 0;
		if (n == plen - pos) {
			/* The prefix ends within or right after x's prefix. */
			memcpy(buf, prefix, pos);
			return rn_walk(x, buf, pos, cb, ctx);
		}
		pos += m;
		k = rn_child(x, prefix[pos]);
		x = k != NULL ? *k : NULL;
		pos++;
	}
	return 0;
}

/* Check x's subtree; depth is the path length above x. */
static int
rn_check(const struct rnode *x, size_t depth, size_t *keys, size_t *mem)
{
	struct rnode **k = rn_kids(x);
	const uint8_t *idx;
	size_t i, n = 0;

	depth += x->plen;
	if (depth > RADIX_MAXKEY || (x->flags & ~(RN_KEY | RN_DENSE)))
		return RD_EINVAL;
	*mem += rn_sizeof(x);
	if (x->flags & RN_KEY)
		(*keys)++;
	else if (x->val != NULL)
		return RD_EINVAL;
	/* A node without a key branches (the empty tree has no root). */
	if (!(x->flags & RN_KEY) && x->n < 2)
		return RD_EINVAL;
	if (x->flags & RN_DENSE) {
		for (i = 0; i < 256; i++)
			if (k[i] != NULL)
				n++;
		if (n != x->n || n < RN_DENSE_MIN)
			return RD_EINVAL;
		for (i = 0; i < 256; i++)
			if (k[i] != NULL &&
			    rn_check(k[i], depth + 1, keys, mem) != 0)
				return RD_EINVAL;
		return 0;
	}
	if (x->n > RN_SPARSE_MAX)
		return RD_EINVAL;
	idx = rn_index(x);
	for (i = 0; i < x->n; i++) {
		if (k[i] == NULL || (i > 0 && idx[i] <= idx[i - 1]))
			return RD_EINVAL;
		if (rn_check(k[i], depth + 1, keys, mem) != 0)
			return RD_EINVAL;
	}
	return 0;
}

/* 1 when p[0..n) lies inside one of the tree's slabs. */
static int
rn_in_slab(const struct radix *t, const uint8_t *p, size_t n)
{
	const struct rslab *s;
	const uint8_t *d;

	for (s = t->slabs; s != NULL; s = s->next) {
		d = (const uint8_t *)s + RSLAB_HDR;
		if (p >= d && p < d + s->size)
			return n <= (size_t)(d + s->size - p);
	}
	return 0;
}

/*
 * Every free block lies in a slab, and live plus free bytes fit in what the
 * slabs hold: a block freed twice makes a cycle, which overflows the sum.
 */
static int
rn_check_free(const struct radix *t)
{
	const uint8_t *p;
	size_t total = t->mem, bsize;
	unsigned c;

	for (c = 0; c < RN_CLASSES; c++) {
		bsize = rn_class_size(c);
		for (p = t->freel[c]; p != NULL;) {
			total += bsize;
			if (total > t->held || !rn_in_slab(t, p, bsize))
				return RD_EINVAL;
			memcpy(&p, p, sizeof(const uint8_t *)); /* next link */
		}
	}
	return 0;
}

int
radix_check(const struct radix *t)
{
	size_t keys = 0, mem = 0;

	if (t->root == NULL)
		return t->count == 0 && t->mem == 0 && t->held == 0 ? 0 :
		    RD_EINVAL;
	if (rn_check(t->root, 0, &keys, &mem) != 0)
		return RD_EINVAL;
	if (keys != t->count || mem != t->mem || mem > t->held)
		return RD_EINVAL;
	return rn_check_free(t);
}

size_t
radix_memory(const struct radix *t)
{
	return sizeof(*t) + t->held;
}
