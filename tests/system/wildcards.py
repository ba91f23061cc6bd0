#!/usr/bin/python3
"""Wildcards (RFC 4592): synthesis at the closest encloser, ENTs block, wildcard CNAME."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

SOA = ("example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. "
       "2026112701 7200 1800 1209600 300")
with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("anything.wild.example.test", "A", tcp=tcp)
        c.answer(t + " wildcard A", r, answer=["anything.wild.example.test. 3600 IN A 192.0.2.77"],
                 authority=[])
        r = s.query("x.y.wild.example.test", "TXT", tcp=tcp)
        c.answer(t + " wildcard two labels down", r,
                 answer=['x.y.wild.example.test. 3600 IN TXT "wild"'])
        r = s.query("anything.wild.example.test", "MX", tcp=tcp)
        c.answer(t + " wildcard NODATA", r, answer=[], authority=[SOA])
        # RFC 4592 §2.2.2: b.w2 exists (empty non-terminal), so *.w2 does not
        # match below it and x.b.w2 is NXDOMAIN.
        r = s.query("x.b.w2.example.test", "A", tcp=tcp)
        c.answer(t + " ENT blocks wildcard", r, rcode="NXDOMAIN", answer=[], authority=[SOA])
        r = s.query("b.w2.example.test", "A", tcp=tcp)
        c.answer(t + " ENT itself is NODATA", r, answer=[], authority=[SOA])
        r = s.query("other.w2.example.test", "A", tcp=tcp)
        c.answer(t + " sibling matches wildcard", r,
                 answer=["other.w2.example.test. 3600 IN A 192.0.2.42"])
        r = s.query("a.b.w2.example.test", "A", tcp=tcp)
        c.answer(t + " existing name wins", r, answer=["a.b.w2.example.test. 3600 IN A 192.0.2.41"])
        # Wildcard CNAME: synthesized owner, target followed.
        r = s.query("foo.wc.example.test", "A", tcp=tcp)
        c.answer(t + " wildcard CNAME", r, answer=[
            "foo.wc.example.test. 3600 IN CNAME www.example.test.",
            "www.example.test. 3600 IN A 192.0.2.80"])
        # The wildcard owner itself answers as a literal name.
        r = s.query("*.wild.example.test", "A", tcp=tcp)
        c.answer(t + " literal *", r, answer=["*.wild.example.test. 3600 IN A 192.0.2.77"])
c.report()
