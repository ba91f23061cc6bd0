#!/usr/bin/python3
"""The query name's letter case (0x20) comes back unchanged in the question and answer."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        for name in ("wWw.ExAmPlE.tEsT", "WWW.EXAMPLE.TEST", "cNaMe1.example.TEST"):
            q = s.make(name, "A")
            wire = q.to_wire()
            raw = s.send_raw(wire, tcp=tcp)
            c.true("%s %s: a reply" % (t, name), raw is not None)
            if raw is None:
                continue
            qlen = len(wire)
            c.eq("%s %s: question octets" % (t, name), raw[12:qlen], wire[12:qlen])
            r = rt.dns.message.from_wire(raw)
            c.eq("%s %s: answer owner" % (t, name), r.answer[0].name.to_text(), name + ".")
            c.eq("%s %s: rcode" % (t, name), r.rcode(), 0)
c.report()
