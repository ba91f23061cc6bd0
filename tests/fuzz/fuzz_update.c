/*
 * fuzz_update: every input is an UPDATE message processed against a fixed
 * zone. Whatever the rcode, nothing may crash; when the answer is NOERROR
 * the diff must apply to a fresh copy of the zone and survive a serialize
 * round trip, and the zone it was computed from must not change.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/diff.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/update.h"
#include "dns/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 10 7200 3600 1209600 60\n@ NS ns1\n@ NS ns2\n"
    "@ MX 10 mail\nns1 A 192.0.2.1\nns2 A 192.0.2.2\nmail A 192.0.2.8\n"
    "www A 192.0.2.3\nwww A 192.0.2.4\nalias CNAME www\ntxt TXT hello\n"
    "a.b.ent A 192.0.2.9\nsub NS ns.sub\nns.sub A 192.0.2.5\n"
    "*.wild A 192.0.2.6\ndn DNAME example.net.\n";

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

static int
allow(void *ctx, const uint8_t *name, uint16_t type, uint16_t rclass)
{
	(void)ctx;
	(void)name;
	(void)rclass;
	return type != 99;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct zone *z;
	static uint8_t buf[1 << 20];
	struct update_opts o;
	struct diff df, back;
	struct zone *copy;
	int rc, len;

	if (z == NULL)
		z = mkzone();
	memset(&o, 0, sizeof(o));
	o.allow = allow;
	o.now = 1700000000;
	o.serial_policy = (enum update_serial)(n % 3);
	diff_init(&df);
	diff_init(&back);
	rc = update_process(z, d, n, &o, &df);
	if (z->serial != 10)
		__builtin_trap();
	if (rc == 0 && !diff_empty(&df)) {
		copy = mkzone();
		if (diff_apply(copy, &df) != 0 || copy->serial != df.serial_to)
			__builtin_trap();
		zone_free(copy);
		len = diff_serialize(&df, buf, sizeof(buf));
		if (len < 0 || diff_deserialize(&back, buf, (size_t)len) != 0)
			__builtin_trap();
	}
	diff_free(&df);
	diff_free(&back);
	return 0;
}
