#!/usr/bin/python3
"""SIGHUP with busy TCP connections: each open connection is handed over to
the fresh worker between two messages (SCM_RIGHTS), so it is never cut, no
pipelined query is lost, the same connection then sees the new zone data,
and the old workers exit at once."""
import os, signal, socket, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt


def zone(v):
    return rt.EXAMPLE_ZONE.replace("2026112701", str(2026112701 + v)) + 'gen TXT "v%d"\n' % v


def ask(s, sock, name, rdtype="A"):
    w = s.make(name, rdtype).to_wire()
    sock.sendall(len(w).to_bytes(2, "big") + w)
    hdr = rt._recv_exact(sock, 2)
    if hdr is None:
        return None
    return rt.dns.message.from_wire(rt._recv_exact(sock, int.from_bytes(hdr, "big")))


with rt.Server(zones={"example.test": zone(0)}, workers=2) as s:
    c = rt.Checker(s)
    old = s.workers_pids()
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    m = ask(s, sock, "gen.example.test", "TXT")
    c.eq("before reload", rt.rrs(m.answer), ['gen.example.test. 3600 IN TXT "v0"'])

    # A pipelining client on a second connection keeps queries in flight
    # across the reload; every one must be answered, in order.
    stop = threading.Event()
    stats = {"sent": 0, "answered": 0, "bad": 0}

    def pipeline():
        k = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        q = s.make("www.example.test", "A")
        while not stop.is_set():
            batch = b""
            for i in range(20):
                q.id = (stats["sent"] + i) & 0xffff
                w = q.to_wire()
                batch += len(w).to_bytes(2, "big") + w
            k.sendall(batch)
            for i in range(20):
                hdr = rt._recv_exact(k, 2)
                if hdr is None:
                    stats["bad"] += 1
                    return
                r = rt.dns.message.from_wire(rt._recv_exact(k, int.from_bytes(hdr, "big")))
                stats["bad"] += r.id != (stats["sent"] + i) & 0xffff
                stats["answered"] += 1
            stats["sent"] += 20
        k.close()

    t = threading.Thread(target=pipeline)
    t.start()
    time.sleep(0.3)
    s.write_zone("example.test", zone(1))
    s.signal(signal.SIGHUP)
    deadline = time.time() + 5
    while time.time() < deadline and "reload done" not in s.log():
        time.sleep(0.05)
    time.sleep(0.5)
    # The quiet connection was handed over too: same socket, new data.
    m = ask(s, sock, "gen.example.test", "TXT")
    c.true("old connection still open", m is not None)
    if m is not None:
        c.eq("old connection sees the new zone", rt.rrs(m.answer),
             ['gen.example.test. 3600 IN TXT "v1"'])
    time.sleep(0.5)
    stop.set()
    t.join(10)
    print("pipelined: %d sent, %d answered" % (stats["sent"], stats["answered"]))
    c.true("pipelined queries sent across the reload", stats["sent"] >= 100)
    c.eq("pipelined answers all there, in order", (stats["answered"], stats["bad"]),
         (stats["sent"], 0))
    deadline = time.time() + 3
    while time.time() < deadline and any(p in s.workers_pids() for p in old):
        time.sleep(0.1)
    new = s.workers_pids()
    c.eq("old workers gone", [p for p in old if p in new], [])
    c.eq("two fresh workers", len(new), 2)
    sock.close()
c.report()
