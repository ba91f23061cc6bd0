#!/usr/bin/python3
"""After 1,000 diffs main forks fresh workers from its tree (so that
copy-on-write pages are shared again): the log says so, every update over
one TCP connection and over UDP is still answered NOERROR, and the fresh
workers serve every change."""
import os, socket, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.query, dns.rcode

with ul.UpdServer(workers=2, timeout=150) as s:
    c = rt.Checker(s)
    bad = []
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    for i in range(1100):
        u = ul.new_update()
        u.add("r%d.dyn.test." % i, 300, "A", "192.0.2.%d" % (i % 250 + 1))
        try:
            if i % 10 == 0:
                r = s.update(u)
            else:
                r = dns.query.tcp(u, "127.0.0.1", port=s.port, timeout=5, sock=sock)
            if r.rcode() != dns.rcode.NOERROR:
                bad.append((i, dns.rcode.to_text(r.rcode())))
        except Exception as e:
            bad.append((i, repr(e)))
            sock.close()
            sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    c.eq("every update answered NOERROR", bad, [])
    c.true("workers forked again", ul.wait_log(s, "workers forked again"))
    missing = [i for i in range(0, 1100, 7)
               if s.records("r%d.dyn.test" % i, "A") != ["192.0.2.%d" % (i % 250 + 1)]]
    c.eq("changes served after the fork", missing, [])
    c.eq("serial", s.serial(), 1200)
c.report()
