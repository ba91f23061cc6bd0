#!/usr/bin/python3
"""A UDP answer that does not fit is truncated at an RRset with TC; TCP gives it all."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

zone = rt.EXAMPLE_ZONE
big = []
for i in range(40):
    txt = "record-%02d-" % i + "x" * 50
    zone += 'big TXT "%s"\n' % txt
    big.append('big.example.test. 3600 IN TXT "%s"' % txt)
with rt.Server(zones={"example.test": zone}) as s:
    c = rt.Checker(s)
    for edns in (-1, 0):
        t = "EDNS" if edns == 0 else "no EDNS"
        r = s.query("big.example.test", "TXT", edns=edns)
        c.true(t + ": TC set", "tc" in rt.flags_text(r))
        c.eq(t + ": RRset not cut (answer empty)", rt.rrs(r.answer), [])
        c.true(t + ": fits the limit", len(r.to_wire()) <= (512 if edns < 0 else 1232))
    r = s.query("big.example.test", "TXT", tcp=True)
    c.answer("TCP: the whole RRset", r, answer=big)
    # A client's larger payload is capped at ours (1232).
    r = s.query("big.example.test", "TXT", edns=0, payload=65000)
    c.true("payload 65000: still TC at 1232", "tc" in rt.flags_text(r))
    if rt.shutil.which("dig"):
        out = s.dig("big.example.test", "TXT")
        c.true("dig retries over TCP and gets 40 records", out.count('"record-') == 40)
c.report()
