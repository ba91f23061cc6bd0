/*
 * fuzz_diff: every input is a serialized diff, as the journal and the IPC
 * carry it. What diff_deserialize accepts must serialize back to the same
 * octets, and diff_apply on a fresh zone either applies it or leaves the
 * zone exactly as it was.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 10 7200 3600 1209600 60\n@ NS ns1\n"
    "ns1 A 192.0.2.1\nwww A 192.0.2.3\nsub NS ns.sub\nns.sub A 192.0.2.5\n";

static struct zone *
mkzone(void)
{
	uint8_t origin[NAME_MAXLEN];
	struct zone *z;

	name_from_text("example.com.", 12, NULL, origin);
	if (load_zone_mem(zone_text, strlen(zone_text), "fuzz", origin, NULL,
	    NULL, NULL, &z) != 0)
		__builtin_trap();
	return z;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static uint8_t buf[1 << 20];
	static struct zone *orig;
	struct diff df, check;
	struct zone *z;
	int len;

	if (orig == NULL)
		orig = mkzone();
	diff_init(&df);
	diff_init(&check);
	if (diff_deserialize(&df, d, n) == 0) {
		len = diff_serialize(&df, buf, sizeof(buf));
		if (n <= sizeof(buf) && (len != (int)n || memcmp(buf, d, n)))
			__builtin_trap();
		z = mkzone();
		if (diff_apply(z, &df) != 0) {
			/* Refused: the zone is untouched. */
			if (diff_between(orig, z, &check) != 0 ||
			    !diff_empty(&check) ||
			    z->nrecords != orig->nrecords)
				__builtin_trap();
		}
		zone_free(z);
	}
	diff_free(&df);
	diff_free(&check);
	return 0;
}
