#!/usr/bin/python3
"""Read-your-writes: right after an UPDATE's NOERROR, every worker (four
of them, asked many times over fresh UDP and TCP sockets) answers with the
change, for a chain of 30 updates."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

with ul.UpdServer(workers=4) as s:
    c = rt.Checker(s)
    stale = 0
    for i in range(30):
        u = ul.new_update()
        u.replace("ryw.dyn.test.", 300, "A", "192.0.2.%d" % (i + 1))
        r = s.update(u, tcp=(i % 2 == 1))
        c.eq("update %d" % i, dns.rcode.to_text(r.rcode()), "NOERROR")
        for k in range(12):
            got = s.records("ryw.dyn.test", "A") if k % 3 else \
                sorted(x.to_text() for x in s.query("ryw.dyn.test", "A", tcp=True).answer[0])
            if got != ["192.0.2.%d" % (i + 1)]:
                stale += 1
    c.eq("stale answers after NOERROR", stale, 0)
    c.eq("serial after 30 updates", s.serial(), 130)
c.report()
