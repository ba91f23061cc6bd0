#!/usr/bin/python3
"""Without a configuration file: radixd -z ORIGIN:FILE [-z ...] -l ADDR@PORT
[-l ...] -n N -d serves every zone given, with N workers."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

second = """$ORIGIN second.test.
$TTL 600
@ SOA ns hostmaster 7 3600 600 86400 60
@ NS ns
ns A 192.0.2.7
www A 198.51.100.7
"""
with rt.Server(zones={"example.test": rt.EXAMPLE_ZONE, "second.test": second},
               cmdline=True, workers=3) as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("www.example.test", "A", tcp=tcp)
        c.answer(t + " first zone", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
        r = s.query("www.second.test", "A", tcp=tcp)
        c.answer(t + " second zone", r, answer=["www.second.test. 600 IN A 198.51.100.7"])
        r = s.query("www.third.test", "A", tcp=tcp)
        c.answer(t + " no such zone", r, rcode="REFUSED", flags=("qr",))
    c.eq("three workers", len(s.workers_pids()), 3)
    # ps shows the command line as given (the origin is copied, not cut).
    with open("/proc/%d/cmdline" % s.proc.pid) as f:
        argv = f.read().split("\0")
    c.true("argv intact", "example.test:" + s.zone_path("example.test") in argv)
c.report()
