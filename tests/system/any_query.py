#!/usr/bin/python3
"""ANY per RFC 8482 §4.2: over UDP one RRset of the name (never all of them);
over TCP, where size is no amplification risk, the conventional answer."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

WWW = {"A": ["www.example.test. 3600 IN A 192.0.2.80"],
       "AAAA": ["www.example.test. 3600 IN AAAA 2001:db8::80"],
       "TXT": ['www.example.test. 3600 IN TXT "hello"']}
with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("www.example.test", "ANY", tcp=tcp)
        c.eq(t + " rcode", rt.dns.rcode.to_text(r.rcode()), "NOERROR")
        c.true(t + " AA", "aa" in rt.flags_text(r))
        if tcp:
            c.eq(t + " every RRset", rt.rrs(r.answer), sorted(sum(WWW.values(), [])))
            continue
        c.eq(t + " one RRset (RFC 8482 §4.2)", len(r.answer), 1)
        if len(r.answer) == 1:
            typ = rt.dns.rdatatype.to_text(r.answer[0].rdtype)
            c.true(t + " an RRset of the name", typ in WWW)
            if typ in WWW:
                c.eq(t + " the whole RRset", rt.rrs(r.answer), WWW[typ])
    # ANY for a name that does not exist is still NXDOMAIN.
    r = s.query("nothere.example.test", "ANY")
    c.eq("ANY NXDOMAIN", rt.dns.rcode.to_text(r.rcode()), "NXDOMAIN")
c.report()
