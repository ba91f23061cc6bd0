#!/usr/bin/python3
"""SIGHUP with a broken zone file: the old zone keeps serving, the error is
logged with file:line; once fixed, the next SIGHUP loads it."""
import os, re, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt


def wait_log(s, text, limit=10.0):
    end = time.time() + limit
    while time.time() < end:
        if text in s.log():
            return True
        time.sleep(0.05)
    return False


with rt.Server() as s:
    c = rt.Checker(s)
    path = s.zone_path("example.test")
    r = s.query("www.example.test", "A")
    c.answer("before", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
    broken = rt.EXAMPLE_ZONE.replace("192.0.2.80", "192.0.2.81")
    lines = broken.splitlines()
    lines.insert(5, "bad\t\tA\t192.0.2.999")
    bad_line = 6
    s.write_zone("example.test", "\n".join(lines) + "\n")
    s.signal(signal.SIGHUP)
    c.true("reload failure logged", wait_log(s, "reload failed"))
    c.true("error names file:line", re.search(re.escape(path) + r":%d(:\d+)?: " % bad_line, s.log()) is not None)
    c.true("log says the old serial still serves", "still serving serial 2026112701" in s.log())
    time.sleep(0.3)
    for tcp in (False, True):
        r = s.query("www.example.test", "A", tcp=tcp)
        c.answer("old data still served (%s)" % ("TCP" if tcp else "UDP"), r,
                 answer=["www.example.test. 3600 IN A 192.0.2.80"])
    fixed = rt.EXAMPLE_ZONE.replace("192.0.2.80", "192.0.2.82").replace("2026112701", "2026112702")
    s.write_zone("example.test", fixed)
    s.signal(signal.SIGHUP)
    c.true("fixed zone loaded", wait_log(s, "reloaded serial 2026112702"))
    time.sleep(0.3)
    r = s.query("www.example.test", "A")
    c.answer("new data after the fix", r, answer=["www.example.test. 3600 IN A 192.0.2.82"])
c.report()
