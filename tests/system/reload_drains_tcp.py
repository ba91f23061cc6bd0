#!/usr/bin/python3
"""SIGHUP: an open TCP connection is served by its old worker until it falls
quiet, then closed; new connections and UDP go to the fresh workers, and the
old workers exit."""
import os, signal, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt


def ask(sock, name):
    w = s.make(name, "A").to_wire()
    sock.sendall(len(w).to_bytes(2, "big") + w)
    hdr = rt._recv_exact(sock, 2)
    if hdr is None:
        return None
    return rt.dns.message.from_wire(rt._recv_exact(sock, int.from_bytes(hdr, "big")))


with rt.Server(workers=2) as s:
    c = rt.Checker(s)
    old = s.workers_pids()
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    c.true("answer before reload", ask(sock, "www.example.test") is not None)
    s.signal(signal.SIGHUP)
    # Queries keep coming on the old connection: it is not cut.
    for i in range(5):
        time.sleep(0.2)
        m = ask(sock, "mail.example.test")
        c.true("old connection answered after reload (%d)" % i,
               m is not None and rt.rrs(m.answer) == ["mail.example.test. 3600 IN A 192.0.2.25"])
    # Quiet for a while: the draining worker closes it and exits.
    sock.settimeout(5)
    try:
        eof = sock.recv(1) == b""
    except (socket.timeout, ConnectionResetError):
        eof = False
    c.true("old connection closed once quiet", eof)
    sock.close()
    deadline = time.time() + 5
    while time.time() < deadline and any(p in s.workers_pids() for p in old):
        time.sleep(0.1)
    new = s.workers_pids()
    c.eq("old workers gone", [p for p in old if p in new], [])
    c.eq("two fresh workers", len(new), 2)
    r = s.query("www.example.test", "A", tcp=True)
    c.answer("new connection served", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
c.report()
