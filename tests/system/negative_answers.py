#!/usr/bin/python3
"""NXDOMAIN and NODATA carry the SOA, TTL min(SOA TTL, MINIMUM) (RFC 2308 §3)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

SOA = ("example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. "
       "2026112701 7200 1800 1209600 300")
with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("nothere.example.test", "A", tcp=tcp)
        c.answer(t + " NXDOMAIN", r, rcode="NXDOMAIN", answer=[], authority=[SOA],
                 additional=[])
        r = s.query("www.example.test", "MX", tcp=tcp)
        c.answer(t + " NODATA", r, answer=[], authority=[SOA], additional=[])
        # An empty non-terminal exists: NODATA, not NXDOMAIN (RFC 8020).
        r = s.query("_udp.example.test", "A", tcp=tcp)
        c.answer(t + " ENT NODATA", r, answer=[], authority=[SOA], additional=[])
        r = s.query("deep.below.nothere.example.test", "TXT", tcp=tcp)
        c.answer(t + " deep NXDOMAIN", r, rcode="NXDOMAIN", answer=[], authority=[SOA])
    # With the SOA TTL below MINIMUM, the SOA TTL wins.
zone = rt.EXAMPLE_ZONE.replace("@\t\tSOA", "@ 60\tSOA")
with rt.Server(zones={"example.test": zone}) as s2:
    r = s2.query("nothere.example.test", "A")
    c.answer("SOA TTL below MINIMUM", r, rcode="NXDOMAIN", authority=[SOA.replace(" 300 IN", " 60 IN")])
c.report()
