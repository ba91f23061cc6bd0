/*
 * rfc5155_zone.h: the example zone of RFC 5155 Appendix A (NSEC3, salt
 * aabbccdd, 12 iterations, opt-out; RRSIGs left out but the apex SOA's,
 * which makes it signed; bitmaps as in Appendix A), shared by the unit
 * tests that check NSEC3 proofs (check_dnssec, check_answer).
 */
#ifndef RD_TEST_RFC5155_ZONE_H
#define RD_TEST_RFC5155_ZONE_H

static const char rfc5155_zone[] =
    "$ORIGIN example.\n"
    "$TTL 3600\n"
    "@ SOA ns1 bugs.x.w 1 3600 300 3600000 3600\n"
    "@ NS ns1\n"
    "@ NS ns2\n"
    "@ DNSKEY 256 3 8 AwEAAQ==\n"
    "@ RRSIG SOA 8 1 3600 20300101000000 20200101000000 1 example. AAAA\n"
    "@ NSEC3PARAM 1 0 12 aabbccdd\n"
    "a NS ns1.a\n"
    "a NS ns2.a\n"
    "a DS 58470 5 1 3079F1593EBAD6DC121E202A8B766A6A4837206C\n"
    "ns1.a A 192.0.2.5\n"
    "ns2.a A 192.0.2.6\n"
    "ai A 192.0.2.9\n"
    "c NS ns1.c\n"
    "ns1.c A 192.0.2.7\n"
    "ns1 A 192.0.2.1\n"
    "ns2 A 192.0.2.2\n"
    "*.w MX 1 ai\n"
    "x.w MX 1 xx\n"
    "x.y.w MX 1 xx\n"
    "xx A 192.0.2.10\n"
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd "
    "2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA RRSIG DNSKEY NSEC3PARAM\n"
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

#endif
