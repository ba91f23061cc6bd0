#!/usr/bin/python3
"""Authoritative answers: exact match with AA, over UDP and TCP, and via dig."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("www.example.test", "A", tcp=tcp)
        c.answer(t + " www A", r, answer=["www.example.test. 3600 IN A 192.0.2.80"],
                 authority=[], additional=[])
        c.eq(t + " www A: id echoed", r.id, r.id)
        r = s.query("www.example.test", "AAAA", tcp=tcp)
        c.answer(t + " www AAAA", r, answer=["www.example.test. 3600 IN AAAA 2001:db8::80"],
                 authority=[], additional=[])
        r = s.query("www.example.test", "TXT", tcp=tcp)
        c.answer(t + " www TXT", r, answer=['www.example.test. 3600 IN TXT "hello"'])
        r = s.query("example.test", "SOA", tcp=tcp)
        c.answer(t + " apex SOA", r, answer=[
            "example.test. 3600 IN SOA ns1.example.test. hostmaster.example.test. "
            "2026112701 7200 1800 1209600 300"])
    # RD is copied from the query (RFC 1035 §4.1.1); RA is never set.
    r = s.query("www.example.test", "A")
    c.true("RD copied", "rd" in rt.flags_text(r))
    q = s.make("www.example.test", "A")
    q.flags &= ~rt.dns.flags.RD
    r = s.send(q)
    c.eq("RD clear stays clear", rt.flags_text(r), ["aa", "qr"])
    if rt.shutil.which("dig"):
        out = s.dig("+short", "www.example.test", "A")
        c.eq("dig +short", out.split(), ["192.0.2.80"])
        out = s.dig("+norec", "www.example.test", "A")
        c.true("dig shows aa", "flags: qr aa;" in out)
c.report()
