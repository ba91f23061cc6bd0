#!/usr/bin/python3
"""RFC 7766 §6.2.3: idle TCP connections time out; at the connection cap the
oldest idle one is closed first; a client that never reads blocks no one."""
import os, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt


def closed(sock, wait):
    sock.settimeout(wait)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


with rt.Server(workers=1, server_conf=["tcp-timeout: 2", "tcp-count: 3"]) as s:
    c = rt.Checker(s)
    a = socket.create_connection(("127.0.0.1", s.port))
    c.true("idle connection open after 0.5 s", not closed(a, 0.5))
    c.true("idle connection closed within 4 s", closed(a, 4.0))
    a.close()
    # Cap of 3: the fourth connection closes the oldest idle one.
    conns = []
    for i in range(3):
        conns.append(socket.create_connection(("127.0.0.1", s.port)))
        time.sleep(0.3)
    d = socket.create_connection(("127.0.0.1", s.port))
    c.true("oldest closed at the cap", closed(conns[0], 1.0))
    c.true("newest kept", not closed(conns[2], 0.3))
    for k in conns + [d]:
        k.close()
    # A client that sends many queries and never reads does not stop others.
    slow = socket.create_connection(("127.0.0.1", s.port))
    w = s.make("big-nothere.example.test", "TXT").to_wire()
    slow.setblocking(False)
    try:
        for i in range(20000):
            slow.send(len(w).to_bytes(2, "big") + w)
    except BlockingIOError:
        pass
    r = s.query("www.example.test", "A", tcp=True)
    c.answer("others served beside a slow reader", r,
             answer=["www.example.test. 3600 IN A 192.0.2.80"])
    r = s.query("www.example.test", "A")
    c.answer("UDP served beside a slow reader", r,
             answer=["www.example.test. 3600 IN A 192.0.2.80"])
    slow.close()
c.report()
