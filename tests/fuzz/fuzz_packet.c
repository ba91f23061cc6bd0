/*
 * fuzz_packet: every input is a query answered over UDP and over TCP from a
 * fixed small zone set, built once on the first call.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/zonedb.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char zone_text[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hm 1 7200 3600 1209600 60\n@ NS ns1\n@ NS ns.other.net.\n"
    "@ MX 10 mail\nns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\n"
    "mail A 192.0.2.2\nwww A 192.0.2.3\nalias CNAME www\n"
    "loop CNAME loop2\nloop2 CNAME loop\nsub NS ns.sub\n"
    "sub DS 1 8 2 00112233445566778899aabbccddeeff"
    "00112233445566778899aabbccddeeff\nns.sub A 192.0.2.4\n"
    "*.wild A 192.0.2.5\n*.wc CNAME x.wc\ndn DNAME example.net.\n"
    "self DNAME x.self2.example.com.\n_s._tcp SRV 0 0 53 mail\n"
    "x.y.ent TXT \"t\"\n";

static struct zonedb *
fuzz_db(void)
{
	static struct zonedb *db;
	uint8_t origin[NAME_MAXLEN];
	struct zone *z;

	if (db != NULL)
		return db;
	db = zonedb_new();
	name_from_text("example.com.", 12, NULL, origin);
	if (db == NULL || load_zone_mem(zone_text, strlen(zone_text), "fuzz",
	    origin, NULL, NULL, NULL, &z) != 0 || zonedb_add(db, z) != 0)
		__builtin_trap();
	return db;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const struct answer_opts o = { 0, "fuzz", "radixdns" };
	static uint8_t out[65535];
	struct answer_info info;

	answer_query(fuzz_db(), &o, ANSWER_UDP, d, n, out, sizeof(out), &info);
	answer_query(fuzz_db(), &o, ANSWER_TCP, d, n, out, sizeof(out), &info);
	return 0;
}
