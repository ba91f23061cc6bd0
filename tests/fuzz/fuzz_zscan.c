/*
 * fuzz_zscan: the zone-file scanner over arbitrary text, $INCLUDE refused,
 * scanned to the end with every record's fields read.
 */
#include <stddef.h>
#include <stdint.h>

#include "dns/zscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every field is read, so that the sanitizers see stale pointers. */
static volatile unsigned sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t origin[] = "\7example\3com";
	struct zscan_opts o = { .origin = origin, .max_errors = 1000,
	    .generate_max = 1000 };
	struct zscan_rr rr;
	struct zscan *z;
	unsigned sum = 0;

	z = zscan_open_mem((const char *)data, size, "fuzz", &o, NULL, NULL);
	if (z == NULL)
		return 0;
	while (zscan_next(z, &rr) == 1)
		sum += rr.owner[0] + rr.ttl + rr.type + rr.rdlen +
		    (rr.rdlen ? rr.rdata[rr.rdlen - 1] : 0);
	zscan_close(z);
	sink = sum;
	return 0;
}
