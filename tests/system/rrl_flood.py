#!/usr/bin/python3
"""Response rate limiting under a flood (issue 7): with rrl-ratelimit 10 and
rrl-slip 2, a bounded UDP flood from 127.0.0.1 (3,000 queries in about 3 s)
is limited: at most the bucket's rate passes, and of the limited answers
every second one is a TC reply with header and question only, the others
are dropped. Meanwhile 200 queries from another /24 (127.0.2.1), as a
resolver sends them (a different name each, under a wildcard, so each
bucket of that source stays under the rate), are at least 99% answered. "rate limiting started" is logged,
and "rate limiting stopped" once the flood ends (rrl-window 2 keeps the
debt short). TCP is never limited, and an rrl-exempt prefix is not either.
A source that sends a valid server cookie (RFC 7873 §5.2.5) is not limited:
100 queries back to back from 127.0.4.1, all answered (without a cookie,
the first part of this test shows such a rate limited).
"""
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.edns
import dns.flags
import dns.message
import dns.query
import dns.rcode

RATE = 10
SLIP = 2
WINDOW = 2
NFLOOD = 3000
FLOOD_SECS = 3.0
NOTHER = 200
OTHER_SRC = "127.0.2.1"
EXEMPT_SRC = "127.0.3.1"
WANT = "www.example.test. 3600 IN A 192.0.2.80"
COOKIE = bytes.fromhex("0102030405060708")
COOKIE_SRC = "127.0.4.1"


def have_source(addr):
    """True when this host lets a socket bind addr (Linux: all of 127/8)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((addr, 0))
        return True
    except OSError:
        return False
    finally:
        s.close()


def flood(s, res):
    """NFLOOD queries from one socket in FLOOD_SECS; count what came back."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    wires = []
    for i in range(NFLOOD):
        q = s.make("www.example.test", "A")
        q.id = i % 65536
        wires.append(q.to_wire())
    stop = threading.Event()
    got = {"full": 0, "tc": 0, "bad": 0}

    def receive():
        while True:
            try:
                data = sock.recv(65535)
            except socket.timeout:
                if stop.is_set():
                    return
                continue
            try:
                m = dns.message.from_wire(data)
            except Exception:
                got["bad"] += 1
                continue
            if m.flags & dns.flags.TC:
                # A slip: header and question only (rrl.h, pkt_truncate).
                if (len(m.question) == 1 and not m.answer and
                        not m.authority and not m.additional and
                        m.rcode() == dns.rcode.NOERROR):
                    got["tc"] += 1
                else:
                    got["bad"] += 1
            elif (m.rcode() == dns.rcode.NOERROR and
                  [str(x) for x in rt.rrs(m.answer)] == [WANT]):
                got["full"] += 1
            else:
                got["bad"] += 1

    th = threading.Thread(target=receive)
    th.start()
    t0 = time.time()
    for i, w in enumerate(wires):
        due = t0 + FLOOD_SECS * i / NFLOOD
        d = due - time.time()
        if d > 0:
            time.sleep(d)
        sock.sendto(w, ("127.0.0.1", s.port))
    res["flood_secs"] = time.time() - t0
    # Right after the flood the source is still limited over UDP, never
    # over TCP.
    r = s.query("www.example.test", "A", tcp=True, timeout=2.0)
    res["tcp_ok"] = (r.rcode() == dns.rcode.NOERROR and
                     [str(x) for x in rt.rrs(r.answer)] == [WANT])
    time.sleep(1.0)
    stop.set()
    th.join()
    sock.close()
    res["flood"] = got


def other(s, res, src, n, gap, names=False):
    """n queries from src, one every gap seconds; count correct answers.
    names: h<i>.wild.example.test (a new name each), else www."""
    ok = 0
    for i in range(n):
        t = time.time()
        name = "h%d.wild.example.test" % i if names else "www.example.test"
        want = ["%s. 3600 IN A 192.0.2.77" % name] if names else [WANT]
        q = s.make(name, "A")
        try:
            r = dns.query.udp(q, "127.0.0.1", port=s.port, timeout=1.0,
                              source=src)
            if (r.rcode() == dns.rcode.NOERROR and
                    not r.flags & dns.flags.TC and
                    [str(x) for x in rt.rrs(r.answer)] == want):
                ok += 1
        except Exception:
            pass
        d = gap - (time.time() - t)
        if d > 0:
            time.sleep(d)
    res[src] = ok


def burst(s, src, n):
    """n queries back to back from src with a valid server cookie (the first
    query fetches it); returns the number answered in full."""
    q = s.make("www.example.test", "A", edns=0,
               options=[dns.edns.GenericOption(10, COOKIE)])
    r = dns.query.udp(q, "127.0.0.1", port=s.port, timeout=1.0, source=src)
    got = [o for o in r.options if o.otype == 10]
    opts = [dns.edns.GenericOption(10, got[0].to_wire())]
    ok = 0
    for i in range(n):
        q = s.make("www.example.test", "A", edns=0, options=opts)
        try:
            r = dns.query.udp(q, "127.0.0.1", port=s.port, timeout=0.5,
                              source=src)
            if (r.rcode() == dns.rcode.NOERROR and
                    not r.flags & dns.flags.TC and
                    [str(x) for x in rt.rrs(r.answer)] == [WANT]):
                ok += 1
        except Exception:
            pass
    return ok


def main():
    for a in (OTHER_SRC, EXEMPT_SRC, COOKIE_SRC):
        if not have_source(a):
            rt.skip("cannot bind %s" % a)
    conf = ["rrl-ratelimit: %d" % RATE, "rrl-slip: %d" % SLIP,
            "rrl-window: %d" % WINDOW, "rrl-ipv4-prefix-length: 24",
            "rrl-ipv6-prefix-length: 56", "rrl-size: 1024",
            "rrl-exempt: 127.0.3.0/24"]
    with rt.Server(workers=2, timeout=90, server_conf=conf) as s:
        c = rt.Checker(s)
        # Wait out the bucket the start-up probes of radixtest used.
        time.sleep(WINDOW + 1.5)
        res = {}
        tf = threading.Thread(target=flood, args=(s, res))
        to = threading.Thread(target=other,
                              args=(s, res, OTHER_SRC, NOTHER,
                                    FLOOD_SECS / NOTHER, True))
        tf.start()
        to.start()
        tf.join()
        to.join()
        # An exempt prefix is never limited, even in a burst.
        other(s, res, EXEMPT_SRC, 100, 0.0)
        res["cookie"] = burst(s, COOKIE_SRC, 100)
        # The stop line comes from the one-second sweep once the debt of
        # rrl-window seconds is paid.
        end = time.time() + WINDOW + 5
        while time.time() < end and "rate limiting stopped" not in s.log():
            time.sleep(0.2)
        log = s.log()

        f = res["flood"]
        limited = NFLOOD - f["full"]
        print("flood: %d queries in %.2f s: %d answered, %d TC, %d dropped, "
              "%d malformed" % (NFLOOD, res["flood_secs"], f["full"],
                                f["tc"], NFLOOD - f["full"] - f["tc"],
                                f["bad"]))
        print("other source %s: %d of %d answered" %
              (OTHER_SRC, res[OTHER_SRC], NOTHER))
        print("exempt source %s: %d of 100 answered" %
              (EXEMPT_SRC, res[EXEMPT_SRC]))
        c.eq("malformed replies to the flood", f["bad"], 0)
        # A bucket holds RATE tokens and gains RATE a second: at most that
        # many pass in the flood's seconds (one second of slack).
        c.true("at most %d answers to the flood" %
               (RATE * (FLOOD_SECS + 2)),
               f["full"] <= RATE * (FLOOD_SECS + 2))
        c.true("some answers to the flood", f["full"] >= RATE // 2)
        # rrl-slip 2: every second limited answer is a TC reply.
        c.true("TC replies are about 1/%d of the limited (%d of %d)" %
               (SLIP, f["tc"], limited),
               abs(f["tc"] - limited / SLIP) <= 0.05 * limited)
        c.true("most flood queries are not answered in full",
               f["full"] < 0.05 * NFLOOD)
        c.true("TCP from the flooding source is answered", res["tcp_ok"])
        c.true("other source at least 99%% answered (%d of %d)" %
               (res[OTHER_SRC], NOTHER), res[OTHER_SRC] >= 0.99 * NOTHER)
        c.eq("exempt source answered", res[EXEMPT_SRC], 100)
        print("valid cookie %s: %d of 100 answered" %
              (COOKIE_SRC, res["cookie"]))
        c.eq("source with a valid cookie answered", res["cookie"], 100)
        c.true("'rate limiting started for 127.0.0.0/24 (answer)' logged",
               "rate limiting started for 127.0.0.0/24 (answer)" in log)
        c.true("'rate limiting stopped' logged",
               "rate limiting stopped for 127.0.0.0/24" in log)
        c.true("no start logged for the other sources",
               "127.0.2.0/24" not in log and "127.0.3.0/24" not in log and
               "127.0.4.0/24" not in log)
        c.report()


if __name__ == "__main__":
    main()
