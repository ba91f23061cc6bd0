/*
 * fuzz_dnssec: every input is a query answered over UDP and over TCP from
 * two small signed zones, built once on the first call: the NSEC3 zone of
 * RFC 5155 Appendix A (opt-out) and an NSEC zone. The seed corpus holds
 * queries with DO, so the proof selection and the RRSIG handling of
 * answer.c and dnssec.c are reached.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/load.h"
#include "dns/name.h"
#include "dns/zonedb.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

#define SIG(t) " RRSIG " t " 8 2 60 20300101000000 20200101000000 1 " \
	"example. AAAA\n"
static const char zone_nsec3[] =
    "$ORIGIN example.\n$TTL 60\n"
    "@ SOA ns1 hm 1 2 3 4 5\n@" SIG("SOA") "@ NS ns1\n@ NS ns2\n"
    "@ DNSKEY 256 3 8 AwEAAQ==\n@" SIG("DNSKEY")
    "@ NSEC3PARAM 1 0 12 aabbccdd\n"
    "a NS ns1.a\na DS 58470 5 1 3079F1593EBAD6DC121E202A8B766A6A4837206C\n"
    "a" SIG("DS") "ns1.a A 192.0.2.5\nai A 192.0.2.9\nai" SIG("A")
    "c NS ns1.c\nns1.c A 192.0.2.7\nns1 A 192.0.2.1\nns2 A 192.0.2.2\n"
    "*.w MX 1 ai\n*.w" SIG("MX") "x.w MX 1 xx\nx.y.w MX 1 xx\n"
    "xx A 192.0.2.10\n"
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd "
    "2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA RRSIG DNSKEY NSEC3PARAM\n"
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom" SIG("NSEC3")
    "2t7b4g4vsa5smi47k61mv5bv1a22bojr NSEC3 1 1 12 aabbccdd "
    "2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG\n"
    "2vptu5timamqttgl4luu9kg21e0aor3s NSEC3 1 1 12 aabbccdd "
    "35mthgpgcu1qg68fab165klnsnk3dpvl MX RRSIG\n"
    "35mthgpgcu1qg68fab165klnsnk3dpvl NSEC3 1 1 12 aabbccdd "
    "b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG\n"
    "b4um86eghhds6nea196smvmlo4ors995 NSEC3 1 1 12 aabbccdd "
    "gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG\n"
    "gjeqe526plbf1g8mklp59enfd789njgi NSEC3 1 1 12 aabbccdd "
    "ji6neoaepv8b5o6k4ev33abha8ht9fgc A RRSIG\n"
    "ji6neoaepv8b5o6k4ev33abha8ht9fgc NSEC3 1 1 12 aabbccdd "
    "k8udemvp1j2f7eg6jebps17vp3n8i58h\n"
    "k8udemvp1j2f7eg6jebps17vp3n8i58h NSEC3 1 1 12 aabbccdd "
    "q04jkcevqvmu85r014c7dkba38o0ji5r\n"
    "q04jkcevqvmu85r014c7dkba38o0ji5r NSEC3 1 1 12 aabbccdd "
    "r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG\n"
    "r53bq7cc2uvmubfu5ocmm6pers9tk9en NSEC3 1 1 12 aabbccdd "
    "t644ebqk9bibcna874givr6joj62mlhv MX RRSIG\n"
    "t644ebqk9bibcna874givr6joj62mlhv NSEC3 1 1 12 aabbccdd "
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A RRSIG\n";

static const char zone_nsec[] =
    "$ORIGIN n.test.\n$TTL 60\n"
    "@ SOA ns hm 1 2 3 4 5\n@ NS ns\n@ DNSKEY 256 3 8 AwEAAQ==\n"
    "@ RRSIG SOA 8 2 60 20300101000000 20200101000000 1 n.test. AAAA\n"
    "@ NSEC a.b NS SOA RRSIG NSEC DNSKEY\n"
    "a.b A 192.0.2.1\na.b NSEC d A NSEC\n"
    "d NS ns.d\nns.d A 192.0.2.3\nd NSEC ns NS NSEC\n"
    "ns A 192.0.2.2\nns NSEC *.w A NSEC\n"
    "*.w TXT \"w\"\n*.w NSEC n.test. TXT NSEC\n";

static void
fuzz_add(struct zonedb *db, const char *text, const char *origin)
{
	uint8_t o[NAME_MAXLEN];
	struct zone *z;

	if (name_from_text(origin, strlen(origin), NULL, o) < 0 ||
	    load_zone_mem(text, strlen(text), "fuzz", o, NULL, NULL, NULL,
	    &z) != 0 || zonedb_add(db, z) != 0)
		__builtin_trap();
}

static struct zonedb *
fuzz_db(void)
{
	static struct zonedb *db;

	if (db != NULL)
		return db;
	if ((db = zonedb_new()) == NULL)
		__builtin_trap();
	fuzz_add(db, zone_nsec3, "example.");
	fuzz_add(db, zone_nsec, "n.test.");
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
