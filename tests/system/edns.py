#!/usr/bin/python3
"""EDNS (RFC 6891): OPT with our payload 1232, BADVERS, two OPTs FORMERR, none without."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("www.example.test", "A", tcp=tcp, edns=0, payload=4096)
        c.answer(t + " EDNS query", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
        c.eq(t + " OPT version", r.edns, 0)
        c.eq(t + " our payload", r.payload, 1232)
        r = s.query("www.example.test", "A", tcp=tcp)
        c.eq(t + " no OPT without EDNS", r.edns, -1)
        # RFC 6891 §6.1.3: version 1 gets BADVERS with an OPT of version 0.
        r = s.query("www.example.test", "A", tcp=tcp, edns=1)
        c.eq(t + " BADVERS rcode", rt.dns.rcode.to_text(r.rcode()), "BADVERS")
        c.eq(t + " BADVERS OPT version", r.edns, 0)
        c.eq(t + " BADVERS no answer", rt.rrs(r.answer), [])
    # RFC 6891 §6.1.1: more than one OPT is FORMERR.
    q = s.make("www.example.test", "A", edns=0)
    wire = bytearray(q.to_wire())
    opt = bytes([0, 0, 41, 4, 0xd0, 0, 0, 0, 0, 0, 0])
    wire += opt
    wire[10:12] = (2).to_bytes(2, "big")
    raw = s.send_raw(bytes(wire))
    c.true("two OPTs: a reply", raw is not None)
    if raw is not None:
        c.eq("two OPTs: FORMERR", raw[3] & 0x0f, 1)
        c.eq("two OPTs: same id", raw[0:2], bytes(wire[0:2]))
    # A configured payload size is what we advertise.
with rt.Server(server_conf=["edns-payload: 1400"]) as s2:
    r = s2.query("www.example.test", "A", edns=0, payload=4096)
    c.eq("configured payload", r.payload, 1400)
c.report()
