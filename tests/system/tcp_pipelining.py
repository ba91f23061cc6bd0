#!/usr/bin/python3
"""RFC 7766: many queries on one TCP connection, sent at once, answered in order."""
import os, socket, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

N = 500
with rt.Server() as s:
    c = rt.Checker(s)
    names = ["www", "mail", "ns1", "nothere", "sip"]
    want = {"www": "192.0.2.80", "mail": "192.0.2.25", "ns1": "192.0.2.53",
            "sip": "192.0.2.60", "nothere": None}
    queries = []
    out = b""
    for i in range(N):
        q = s.make(names[i % len(names)] + ".example.test", "A")
        q.id = i
        w = q.to_wire()
        out += len(w).to_bytes(2, "big") + w
        queries.append(q)
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    # Split the stream at odd places: framing must not depend on segments.
    for k in range(0, len(out), 997):
        sock.sendall(out[k:k + 997])
    got = []
    for i in range(N):
        hdr = rt._recv_exact(sock, 2)
        if hdr is None:
            break
        got.append(rt.dns.message.from_wire(rt._recv_exact(sock, int.from_bytes(hdr, "big"))))
    c.eq("answers received", len(got), N)
    c.eq("answers in order", [m.id for m in got], list(range(len(got))))
    bad = 0
    for i, m in enumerate(got):
        n = names[i % len(names)]
        a = [x.to_text() for rr in m.answer for x in rr]
        if want[n] is None:
            bad += m.rcode() != rt.dns.rcode.NXDOMAIN
        else:
            bad += a != [want[n]]
    c.eq("answers right", bad, 0)
    # The connection stays open for more (no close after one answer).
    q = s.make("www.example.test", "A")
    w = q.to_wire()
    sock.sendall(len(w).to_bytes(2, "big") + w)
    hdr = rt._recv_exact(sock, 2)
    c.true("connection still open", hdr is not None)
    sock.close()
    # A query split in two writes with a pause in between is still answered.
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    framed = len(w).to_bytes(2, "big") + w
    sock.sendall(framed[:1])
    rt.time.sleep(0.2)
    sock.sendall(framed[1:])
    hdr = rt._recv_exact(sock, 2)
    c.true("split length prefix answered", hdr is not None)
    sock.close()
    if rt.shutil.which("kdig"):
        out = s.kdig("+tcp", "+keepopen", "www.example.test", "A", "mail.example.test", "A")
        c.eq("kdig keepopen two answers", out.count("status: NOERROR"), 2)
c.report()
