#!/usr/bin/python3
"""Slow TCP clients (issue 7): ten connections that send one byte a second
for about ten seconds do not stop other clients: UDP and TCP queries sent
meanwhile are at least 99% answered, correctly and within a bound; every slow
connection is closed while it still trickles, by the read timeout
(tcp-read-timeout: 4: a message begun must be whole within 4 s), although
each octet resets the idle timeout (tcp-timeout: 2, RFC 7766 §6.2.3) and
so the idle timeout alone would never close it.
"""
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

NSLOW = 10
TRICKLE = 10.0      # seconds of one byte a second
TIMEOUT = 2         # tcp-timeout in the test configuration
LATENCY = 1.0       # seconds: an answer slower than this counts as missed
WANT = "www.example.test. 3600 IN A 192.0.2.80"


def closed_by_peer(sock):
    """True when the server has closed sock (EOF or reset), without waiting."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        sock.setblocking(True)


def slow_clients(s, state):
    """Open NSLOW connections and send one byte a second to each."""
    # A query that would be 64 octets long: the length and then one octet
    # at a time, so the message is never complete.
    stream = b"\x00\x40" + s.make("www.example.test", "A").to_wire()
    conns = [socket.create_connection(("127.0.0.1", s.port), timeout=2)
             for _ in range(NSLOW)]
    state["opened"] = time.time()
    closed_at = [None] * NSLOW
    i = 0
    while time.time() - state["opened"] < TRICKLE:
        for k, c in enumerate(conns):
            if closed_at[k] is not None:
                continue
            try:
                c.send(stream[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                closed_at[k] = time.time()
                continue
            if closed_by_peer(c):
                closed_at[k] = time.time()
        state["last_byte"] = time.time()
        i += 1
        time.sleep(1.0)
    state["trickle_end"] = time.time()
    state["closed_while_trickling"] = sum(x is not None for x in closed_at)
    # Now silent: the idle timeout must close them all.
    end = time.time() + TIMEOUT + 5
    while time.time() < end and None in closed_at:
        for k, c in enumerate(conns):
            if closed_at[k] is None and closed_by_peer(c):
                closed_at[k] = time.time()
        time.sleep(0.1)
    state["closed_at"] = closed_at
    for c in conns:
        c.close()


def normal_clients(s, state, tcp):
    """Query every 50 ms (UDP) or 200 ms (TCP) until the trickle ends."""
    sent = ok = 0
    worst = 0.0
    while "trickle_end" not in state:
        t0 = time.time()
        sent += 1
        try:
            r = s.query("www.example.test", "A", tcp=tcp, timeout=LATENCY)
            lat = time.time() - t0
            if rt.rrs(r.answer) == [WANT] and lat <= LATENCY:
                ok += 1
            worst = max(worst, lat)
        except Exception:
            worst = max(worst, time.time() - t0)
        time.sleep(0.2 if tcp else 0.05)
    state["tcp" if tcp else "udp"] = (sent, ok, worst)


with rt.Server(workers=2, timeout=60,
               server_conf=["tcp-timeout: %d" % TIMEOUT,
                            "tcp-read-timeout: 4",
                            "tcp-count: 64"]) as s:
    c = rt.Checker(s)
    state = {}
    threads = [threading.Thread(target=slow_clients, args=(s, state))]
    threads += [threading.Thread(target=normal_clients, args=(s, state, t))
                for t in (False, True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(40)
    for proto in ("udp", "tcp"):
        sent, ok, worst = state[proto]
        print("%s: %d sent, %d answered within %.1f s, slowest %.3f s" %
              (proto, sent, ok, LATENCY, worst))
        c.true("%s: queries were sent during the trickle (%d)" % (proto, sent),
               sent >= (100 if proto == "udp" else 20))
        c.true("%s: %d of %d answered (at least 99%%)" % (proto, ok, sent),
               ok * 100 >= sent * 99)
    print("slow connections closed while trickling: %d of %d" %
          (state["closed_while_trickling"], NSLOW))
    c.eq("slow connections closed by the read timeout while trickling",
         state["closed_while_trickling"], NSLOW)
    late = [t - state["last_byte"] for t in state["closed_at"]
            if t is not None]
    c.eq("slow connections all closed", len(late), NSLOW)
    if late:
        print("closed %.1f to %.1f s from the last byte (tcp-timeout %d)" %
              (min(late), max(late), TIMEOUT))
        # The worker sweeps idle connections once a second, and its clock
        # is read once per loop turn: up to 2 s past the timeout, plus load.
        c.true("closed within tcp-timeout + 3 s of the last byte",
               max(late) <= TIMEOUT + 3)
    r = s.query("www.example.test", "A", tcp=True)
    c.answer("TCP query after the slow clients", r, answer=[WANT])
    c.report()
