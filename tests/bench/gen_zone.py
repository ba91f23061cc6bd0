#!/usr/bin/python3
"""Generate a large, deterministic benchmark zone (and a dnsperf query file).

The zone is built from blocks of 20 records, each block holding:
  5 hosts with A and AAAA (10 records),
  3 CNAMEs to hosts, one of them a chain of two (3 records),
  1 MX on a host, pointing at another host (1 record),
  1 delegation: 2 NS with in-bailiwick glue A and AAAA, and a DS (5 records),
  1 TXT (1 record).
Around them sit the apex (SOA, NS with glue, MX) and a wildcard subtree
(*.wild with A, AAAA and TXT).  Hosts fall into 256 groups under labels
g0..g255, which are empty non-terminals, so the tree has some depth.

The output depends only on the record count and the seed.  Lines are built
with plain string formatting so that 1.6 million records take seconds.

Usage:
  gen_zone.py [-n RECORDS] [-s SEED] [-o ORIGIN] [-z ZONEFILE]
              [-q QUERYFILE] [-Q QUERIES]
"""

import argparse
import random
import sys

BLOCK = 20


def host(i):
    """Owner name (relative) of host number i."""
    return "h%d.g%d" % (i, i % 256)


def gen_zone(out, nrec, rng, origin):
    nblocks = max(1, (nrec - 12) // BLOCK + 1)
    nhosts = nblocks * 5
    w = out.write
    w("; radixdns benchmark zone: %d blocks of %d records\n" % (nblocks, BLOCK))
    w("$ORIGIN %s\n$TTL 3600\n" % origin)
    w("@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n")
    w("@ IN NS ns1\n@ IN NS ns2\n@ IN MX 10 mail\n")
    w("ns1 IN A 192.0.2.1\nns1 IN AAAA 2001:db8::1\n")
    w("ns2 IN A 192.0.2.2\nns2 IN AAAA 2001:db8::2\n")
    w("mail IN A 192.0.2.25\n")
    w("*.wild IN A 192.0.2.80\n*.wild IN AAAA 2001:db8::80\n")
    w('*.wild 600 IN TXT "wildcard"\n')
    total = 12
    ri = rng.getrandbits
    for b in range(nblocks):
        lines = []
        ap = lines.append
        h0 = b * 5
        for h in range(h0, h0 + 5):
            name = host(h)
            r = ri(32)
            ap("%s IN A 10.%d.%d.%d" % (name, r >> 24, (r >> 16) & 255,
                                       (r >> 8) & 255))
            ap("%s IN AAAA 2001:db8:%x:%x::%x" % (name, r >> 16, r & 0xffff,
                                                 h & 0xffff))
        c0 = b * 3
        t = ri(32) % nhosts
        ap("c%d IN CNAME %s" % (c0, host(t)))
        ap("c%d 300 IN CNAME %s" % (c0 + 1, host((t * 7 + 1) % nhosts)))
        ap("c%d IN CNAME c%d" % (c0 + 2, c0))
        ap("%s IN MX 10 %s" % (host(h0), host(h0 + 1)))
        ap("d%d 86400 IN NS ns1.d%d" % (b, b))
        ap("d%d 86400 IN NS ns2.d%d" % (b, b))
        ap("ns1.d%d 86400 IN A 198.51.%d.%d" % (b, (b >> 8) & 255, b & 255))
        ap("ns2.d%d 86400 IN AAAA 2001:db8:ffff:%x::2" % (b, b & 0xffff))
        ap("d%d 86400 IN DS %d 13 2 %064X" % (b, ri(16), ri(256)))
        ap('t%d IN TXT "v=bench1 k=%08x" "block %d"' % (b, ri(32), b))
        w("\n".join(lines))
        w("\n")
        total += BLOCK
    return total, nblocks


def gen_queries(out, nq, nblocks, rng, origin):
    """Write a dnsperf query file: hits, NXDOMAIN, referrals, wildcard.

    The mix, per 100 queries: 40 host A/AAAA, 10 CNAME, 5 MX, 5 TXT,
    5 NODATA (MX at a host without one), 15 NXDOMAIN, 12 referrals
    (below a delegation), 3 DS at a delegation, 5 wildcard.
    """
    nhosts = nblocks * 5
    ri = rng.randrange
    o = origin if origin != "." else ""
    lines = []
    ap = lines.append
    for _ in range(nq):
        k = ri(100)
        if k < 20:
            ap("%s.%s A" % (host(ri(nhosts)), o))
        elif k < 40:
            ap("%s.%s AAAA" % (host(ri(nhosts)), o))
        elif k < 50:
            ap("c%d.%s A" % (ri(nblocks * 3), o))
        elif k < 55:
            ap("%s.%s MX" % (host(ri(nblocks) * 5), o))
        elif k < 60:
            ap("t%d.%s TXT" % (ri(nblocks), o))
        elif k < 65:
            ap("%s.%s MX" % (host(ri(nblocks) * 5 + 1), o))
        elif k < 80:
            ap("nx%d.%s A" % (ri(1 << 30), o))
        elif k < 92:
            ap("www.d%d.%s A" % (ri(nblocks), o))
        elif k < 95:
            ap("d%d.%s DS" % (ri(nblocks), o))
        else:
            ap("q%d.wild.%s A" % (ri(1 << 30), o))
    out.write("\n".join(lines))
    out.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--records", type=int, default=1600000,
                    help="number of records (default 1600000)")
    ap.add_argument("-s", "--seed", type=int, default=1,
                    help="random seed (default 1)")
    ap.add_argument("-o", "--origin", default="bench.example.",
                    help="zone origin (default bench.example.)")
    ap.add_argument("-z", "--zone", default="-",
                    help="zone file to write (default stdout)")
    ap.add_argument("-q", "--queries", help="dnsperf query file to write")
    ap.add_argument("-Q", "--nqueries", type=int, default=200000,
                    help="number of queries (default 200000)")
    a = ap.parse_args()
    origin = a.origin if a.origin.endswith(".") else a.origin + "."
    rng = random.Random(a.seed)
    out = sys.stdout if a.zone == "-" else open(a.zone, "w",
                                                buffering=1 << 20)
    total, nblocks = gen_zone(out, a.records, rng, origin)
    if out is not sys.stdout:
        out.close()
    if a.queries:
        with open(a.queries, "w") as q:
            gen_queries(q, a.nqueries, nblocks, random.Random(a.seed + 1),
                        origin)
    ents = 1 + min(256, nblocks * 5)
    print("gen_zone: %d records, %d names with data, %d empty non-terminals, "
          "origin %s" % (total, nblocks * 12 + 5, ents, origin),
          file=sys.stderr)


if __name__ == "__main__":
    main()
