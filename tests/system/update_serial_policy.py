#!/usr/bin/python3
"""serial-policy: increment (serial + 1), unixtime (seconds now) and
dateserial (YYYYMMDDnn, UTC) after an update that changes something; an
update that changes nothing keeps the serial."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

fails = []
for policy in ("increment", "unixtime", "dateserial"):
    opts = ("allow-update: 127.0.0.1 upd-key", "serial-policy: " + policy)
    with ul.UpdServer(zone_opts=opts, workers=1) as s:
        c = rt.Checker(s)
        t0 = int(time.time())
        u = ul.new_update()
        u.add("p.dyn.test.", 300, "A", "192.0.2.1")
        c.eq(policy + ": rcode", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
        got = s.serial()
        t1 = int(time.time())
        if policy == "increment":
            c.eq("increment", got, 101)
        elif policy == "unixtime":
            c.true("unixtime %d in [%d, %d]" % (got, t0, t1), t0 <= got <= t1)
        else:
            day = int(time.strftime("%Y%m%d", time.gmtime(t1))) * 100
            c.eq("dateserial", got, day)
        u = ul.new_update()
        u.add("p.dyn.test.", 300, "A", "192.0.2.1")
        s.update(u)
        c.eq(policy + ": no change, same serial", s.serial(), got)
        u = ul.new_update()
        u.add("p.dyn.test.", 300, "A", "192.0.2.2")
        s.update(u)
        want = got + 1
        c.eq(policy + ": second change", s.serial(), want)
        s.stop()
        fails += c.failures
        if c.failures:
            print(s.log())
for f in fails:
    print("FAIL: " + f)
print("PASS" if not fails else "FAILED")
sys.exit(1 if fails else 0)
