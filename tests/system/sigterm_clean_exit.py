#!/usr/bin/python3
"""SIGTERM: the answer in flight on a TCP connection is delivered, every
worker exits, the pid file is removed, and main exits with status 0."""
import os, signal, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

s = rt.Server(server_conf=[])
s.server_conf.append("pidfile: %s" % os.path.join(s.dir, "radixd.pid"))
with s:
    c = rt.Checker(s)
    pidfile = os.path.join(s.dir, "radixd.pid")
    c.eq("pid file holds main's pid", open(pidfile).read().strip(), str(s.proc.pid))
    workers = s.workers_pids()
    c.eq("two workers", len(workers), 2)
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    w = s.make("www.example.test", "A").to_wire()
    sock.sendall(len(w).to_bytes(2, "big") + w)
    s.signal(signal.SIGTERM)
    hdr = rt._recv_exact(sock, 2)
    c.true("answer in flight delivered", hdr is not None)
    if hdr is not None:
        m = rt.dns.message.from_wire(rt._recv_exact(sock, int.from_bytes(hdr, "big")))
        c.eq("and it is right", rt.rrs(m.answer), ["www.example.test. 3600 IN A 192.0.2.80"])
    sock.close()
    rc = s.proc.wait(timeout=15)
    c.eq("exit status", rc, 0)
    c.true("pid file removed", not os.path.exists(pidfile))
    time.sleep(0.2)
    c.eq("workers left", [p for p in workers if os.path.exists("/proc/%d" % p)], [])
    c.true("logged", "main notice: stopped" in s.log())
c.report()
