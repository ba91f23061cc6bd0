/*
 * fuzz_metrics: the HTTP request of the metrics listener
 * (metrics_request in src/server/metrics.c) over arbitrary bytes, as read
 * so far: every input gives a route, reads nothing past its length, and
 * never crashes. Each prefix is tried too, as recv() may cut anywhere.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum metrics_route r;
	char *copy;
	size_t n;

	if (size > METRICS_REQ_MAX)
		size = METRICS_REQ_MAX;
	/* An exact copy: ASan sees any read past the end. */
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (n = 0; n <= size; n++) {
		r = metrics_request(copy, n);
		if (r < METRICS_MORE || r > METRICS_TOO_LONG)
			abort();
	}
	free(copy);
	return 0;
}
