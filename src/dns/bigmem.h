/*
 * bigmem: memory for the large, long-lived blocks of zone data (pool chunks,
 * radix slabs, the exact-match index), in 2 MiB-aligned mappings that the
 * kernel may back with transparent huge pages.
 *
 * Why: a query touches a few random places in a zone of many megabytes (the
 * index slot, the node, its RRsets, the tree). With 4 KiB pages nearly every
 * one of them is a TLB miss, and under virtualisation each miss walks two
 * page tables; profiling the query benchmark put about a third of radixd's
 * own time per query into the index probe alone. A 2 MiB page covers 512
 * times as much, so the zone data of a 200,000-record zone fits in a few
 * dozen TLB entries. Only blocks of at least BIGMEM_SIZE come from here, so
 * small zones are not rounded up to 2 MiB each.
 */
#ifndef RD_DNS_BIGMEM_H
#define RD_DNS_BIGMEM_H

#include <stddef.h>

#define BIGMEM_SIZE ((size_t)2 << 20) /* one huge page on x86-64 */

/*
 * size octets (a multiple of BIGMEM_SIZE), zeroed, BIGMEM_SIZE-aligned and
 * marked for huge pages where the kernel offers them (MADV_HUGEPAGE). NULL
 * when no memory.
 */
void *bigmem_alloc(size_t size);

/* Return a block of bigmem_alloc with the size it was asked with. */
void bigmem_free(void *p, size_t size);

#endif
