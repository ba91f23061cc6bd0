#!/usr/bin/python3
"""RFC 7766 §6.2.3: idle TCP connections time out; at the connection cap the
oldest idle one is closed first; a client that never reads blocks no one.

Issue 7 point 4: beyond tcp-count-per-source connections from one address
a new one is closed at once, while another source (127.0.0.2: loopback
holds all of 127/8) still connects and is answered; 50 refusals give one
log line, then one line counting the 49 others once limit-log-interval is
over; an IPv6 source is its /64 (::1 here); a client that drips a query
one octet a second is closed after tcp-read-timeout, although every octet
resets the idle timeout, while other clients are answered meanwhile."""
import os, socket, struct, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

WANT = ["www.example.test. 3600 IN A 192.0.2.80"]


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


def connect(port, src="127.0.0.1"):
    k = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    k.bind((src, 0))
    k.connect(("127.0.0.1", port))
    return k


def ask(s, k, name="www.example.test"):
    """One query on the open connection k; the response, or None."""
    w = s.make(name, "A").to_wire()
    k.settimeout(2.0)
    try:
        k.sendall(struct.pack("!H", len(w)) + w)
        hdr = rt._recv_exact(k, 2)
        if hdr is None:
            return None
        body = rt._recv_exact(k, struct.unpack("!H", hdr)[0])
        return None if body is None else rt.dns.message.from_wire(body)
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        return None


def sanitizer(c, s):
    """Checker.report reads only the first server's log: check the others."""
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                "runtime error:"):
        c.true("no sanitizer report in a later server's log (%s)" % bad,
               bad not in s.log())


def per_source(c):
    """tcp-count-per-source: 3 in one worker (the cap is per worker)."""
    with rt.Server(workers=1, server_conf=[
            "tcp-count-per-source: 3", "tcp-count: 64", "tcp-timeout: 30",
            "limit-log-interval: 5"]) as s:
        mine = [connect(s.port) for _ in range(3)]
        got = [ask(s, k) for k in mine]
        c.eq("3 connections from 127.0.0.1 answered",
             sum(r is not None and rt.rrs(r.answer) == WANT for r in got), 3)
        refused = 0
        for i in range(50):
            k = connect(s.port)
            if closed(k, 2.0):
                refused += 1
            k.close()
        c.eq("connections 4 to 53 from 127.0.0.1 closed at once", refused, 50)
        other = connect(s.port, "127.0.0.2")
        r = ask(s, other)
        c.true("127.0.0.2 still connects and is answered",
               r is not None and rt.rrs(r.answer) == WANT)
        c.true("the 3 from 127.0.0.1 still served",
               all(ask(s, k) is not None for k in mine))
        # One closes: there is room for one more from 127.0.0.1.
        mine.pop().close()
        time.sleep(0.3)
        k = connect(s.port)
        r = ask(s, k)
        c.true("below the cap again: a new one from 127.0.0.1 is answered",
               r is not None and rt.rrs(r.answer) == WANT)
        for x in mine + [other, k]:
            x.close()
        # The interval is 5 s: the count line comes within a few seconds.
        end = time.time() + 12
        while time.time() < end and "more suppressed" not in s.log():
            time.sleep(0.2)
        log = s.log().splitlines()
        full = [l for l in log if "TCP connection from 127.0.0.1 refused" in l]
        count = [l for l in log if "TCP per-source cap (tcp-count-per-source)"
                 ": 49 more suppressed in the last 5 s" in l]
        c.eq("50 refusals: one log line (%r)" % full[:3], len(full), 1)
        c.eq("and one line counting the 49 others", len(count), 1)
    sanitizer(c, s)
    # IPv6: the source is the /64 (only ::1 here: its own /64).
    with rt.Server(workers=1, listen=("127.0.0.1", "::1"), server_conf=[
            "tcp-count-per-source: 2", "tcp-timeout: 30"]) as s:
        six = [socket.create_connection(("::1", s.port)) for _ in range(2)]
        c.true("2 connections from ::1 answered",
               all(ask(s, k) is not None for k in six))
        k = socket.create_connection(("::1", s.port))
        c.true("a third from ::1 is closed at once", closed(k, 2.0))
        k.close()
        four = connect(s.port)
        r = ask(s, four)
        c.true("127.0.0.1 is another source",
               r is not None and rt.rrs(r.answer) == WANT)
        four.close()
        c.true("the log names the /64", "refused: 2 open from its /64" in
               s.log())
        for k in six:
            k.close()
    sanitizer(c, s)


def drip(c):
    """tcp-read-timeout: 2 closes a dripping client, the idle timeout (30)
    never would; UDP and TCP clients are answered meanwhile."""
    with rt.Server(workers=1, server_conf=[
            "tcp-read-timeout: 2", "tcp-timeout: 30"]) as s:
        w = s.make("www.example.test", "A").to_wire()
        stream = struct.pack("!H", len(w)) + w
        k = connect(s.port)
        start = time.time()
        shut = None
        answered = sent = 0
        for i in range(12):
            try:
                k.send(stream[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                pass
            for tcp in (False, True):
                sent += 1
                try:
                    r = s.query("www.example.test", "A", tcp=tcp)
                    answered += rt.rrs(r.answer) == WANT
                except Exception:
                    pass
            if closed(k, 0.8):
                shut = time.time() - start
                break
        print("dripping client closed after %s s" % (
            "%.1f" % shut if shut is not None else "no"))
        c.true("the dripping client is closed while it drips",
               shut is not None)
        c.eq("others answered meanwhile", answered, sent)
        k.close()
        log = s.log()
        c.true("the read timeout is logged",
               "closed: a message begun" in log and
               "(tcp-read-timeout 2 s)" in log)
    sanitizer(c, s)


per_source(c)
drip(c)
c.report()
