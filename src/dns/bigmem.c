/*
 * bigmem: 2 MiB-aligned anonymous mappings for zone data (see bigmem.h).
 */
#include "config.h"

#include <sys/mman.h>
#include <stdint.h>

#include "dns/bigmem.h"

void *
bigmem_alloc(size_t size)
{
	uint8_t *p, *a;
	size_t head, tail;

	if (size == 0 || size % BIGMEM_SIZE != 0)
		return NULL;
	/*
	 * Map one huge page more than asked, then unmap the misaligned head
	 * and the rest of the tail: the kernel can only use a huge page for
	 * a range aligned to its size.
	 */
	p = mmap(NULL, size + BIGMEM_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (uint8_t *)(((uintptr_t)p + BIGMEM_SIZE - 1) &
	    ~(uintptr_t)(BIGMEM_SIZE - 1));
	head = (size_t)(a - p);
	tail = BIGMEM_SIZE - head;
	if (head > 0)
		munmap(p, head);
	if (tail > 0)
		munmap(a + size, tail);
#ifdef MADV_HUGEPAGE
	/* Advice only: without transparent huge pages this is plain memory. */
	(void)madvise(a, size, MADV_HUGEPAGE);
#endif
	return a;
}

void
bigmem_free(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, size);
}
