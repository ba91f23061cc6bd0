#!/usr/bin/python3
"""A name in none of our zones gets REFUSED without AA (and no records)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        for name in ("www.example.com", "test", "."):
            r = s.query(name, "A", tcp=tcp)
            c.answer("%s %s" % (t, name), r, rcode="REFUSED", flags=("qr",),
                     answer=[], authority=[], additional=[])
        # A name that only ends like ours is not ours.
        r = s.query("www.notexample.test", "A", tcp=tcp)
        c.answer(t + " suffix that is not a label", r, rcode="REFUSED", flags=("qr",))
        # Class CH data we do not hold is refused too.
        r = s.query("www.example.test", "A", tcp=tcp, rdclass="CH")
        c.eq(t + " class CH for our name", rt.dns.rcode.to_text(r.rcode()), "REFUSED")
c.report()
