#!/usr/bin/python3
"""Referrals at a cut: NS in authority, glue in additional, no AA; DS from the parent side."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

NS = ["deleg.example.test. 3600 IN NS ns.deleg.example.test.",
      "deleg.example.test. 3600 IN NS ns.other.test."]
GLUE = ["ns.deleg.example.test. 3600 IN A 192.0.2.200",
        "ns.deleg.example.test. 3600 IN AAAA 2001:db8::200"]
DS = ("deleg.example.test. 3600 IN DS 12345 13 2 "
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        for name in ("www.deleg.example.test", "deleg.example.test", "ns.deleg.example.test"):
            r = s.query(name, "A", tcp=tcp)
            c.answer("%s referral for %s" % (t, name), r, flags=("qr",), answer=[],
                     authority=NS, additional=GLUE)
        # RFC 4035 §3.1.4.1: DS is answered by the parent, authoritatively.
        r = s.query("deleg.example.test", "DS", tcp=tcp)
        c.answer(t + " DS at the parent", r, answer=[DS], authority=[])
        # Below the cut, DS is a referral like any other type.
        r = s.query("x.deleg.example.test", "DS", tcp=tcp)
        c.answer(t + " DS below the cut", r, flags=("qr",), answer=[], authority=NS,
                 additional=GLUE)
c.report()
