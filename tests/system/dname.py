#!/usr/bin/python3
"""DNAME: the DNAME, a synthesized CNAME with the DNAME's TTL, and the target (RFC 6672 §3.4)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

DNAME = "dname.example.test. 3600 IN DNAME target.example.test."
with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("host.dname.example.test", "A", tcp=tcp)
        c.answer(t + " DNAME to data", r, answer=[
            DNAME,
            "host.dname.example.test. 3600 IN CNAME host.target.example.test.",
            "host.target.example.test. 3600 IN A 192.0.2.99"], authority=[])
        r = s.query("none.dname.example.test", "A", tcp=tcp)
        c.answer(t + " DNAME to NXDOMAIN", r, rcode="NXDOMAIN", answer=[
            DNAME,
            "none.dname.example.test. 3600 IN CNAME none.target.example.test."])
        # The DNAME owner itself is not redirected (RFC 6672 §2.3).
        r = s.query("dname.example.test", "DNAME", tcp=tcp)
        c.answer(t + " DNAME owner", r, answer=[DNAME])
    # 0x20 case of the query is kept in the synthesized owner.
    r = s.query("HoSt.dname.example.test", "A")
    c.true("synthesized CNAME owner keeps case",
           any(x.name.to_text() == "HoSt.dname.example.test." for x in r.answer
               if x.rdtype == rt.dns.rdatatype.CNAME))
c.report()
