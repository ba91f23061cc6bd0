#!/usr/bin/python3
"""A worker never serves on its own: when main is killed, every worker exits at once."""
import os, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server(workers=3) as s:
    c = rt.Checker(s)
    pids = s.workers_pids()
    c.eq("three workers", len(pids), 3)
    os.kill(s.proc.pid, signal.SIGKILL)
    s.proc.wait()
    deadline = time.time() + 2
    alive = pids
    while alive and time.time() < deadline:
        alive = [p for p in pids if os.path.exists("/proc/%d" % p) and
                 open("/proc/%d/stat" % p).read().split(") ")[1][0] != "Z"]
        time.sleep(0.02)
    c.eq("workers left after main died", alive, [])
    c.eq("no answer any more", s.send_raw(s.make("www.example.test", "A").to_wire(), timeout=0.5), None)
c.report()
