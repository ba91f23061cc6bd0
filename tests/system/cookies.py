#!/usr/bin/python3
"""DNS cookies (RFC 7873 §5.2, RFC 9018): a query with a client cookie only
is answered with the client cookie and a fresh server cookie of RFC 9018
form (version 1, three reserved octets 0, a timestamp near now, 16 octets
in all); sent back, that cookie is echoed unchanged, over UDP and TCP and
by every worker (one secret, drawn in main); `dig +cookie` shows it
"(good)"; a COOKIE option of a malformed length is FORMERR (§5.2.2); a
query without a cookie gets none; cookie-secret sets the secret.

radixctl cookie-rotate (RFC 9018 §5): after a rotation new cookies are made
with the new secret (a second radixd configured with that secret accepts
them), and a cookie of the previous secret is still valid (answered with a
fresh one) until the next rotation, also at a worker forked later (one
killed and replaced, and every worker after a reload); a rotation without
SECRET draws one; after a second rotation the first secret's cookies are
invalid. Validity is probed with a query without a question (RFC 7873
§5.4: NOERROR for a valid cookie, BADCOOKIE for an invalid one).

require-cookie: yes (RFC 7873 §5.2.3, as BIND's require-server-cookie,
checked with named 9.18 on loopback): over UDP a client cookie alone or a
bad server cookie gets BADCOOKIE with a fresh cookie and no answer; the
valid cookie is answered; a query without a COOKIE option, or without
EDNS, is answered as usual (§5.2.1: that client knows no cookies); over TCP
the client cookie alone is answered; a malformed COOKIE stays FORMERR; dig
retries after BADCOOKIE and gets the answer, dig +nobadcookie shows it.
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.edns
import dns.message
import dns.rcode

CLIENT = bytes.fromhex("0102030405060708")
WANT = ["www.example.test. 3600 IN A 192.0.2.80"]


def cookie_of(r):
    """The COOKIE option data of a response, or None."""
    for o in r.options:
        if o.otype == 10:
            return o.to_wire() if hasattr(o, "to_wire") else o.data
    return None


def ask(s, data, tcp=False):
    q = s.make("www.example.test", "A", edns=0,
               options=[dns.edns.GenericOption(10, data)])
    return s.send(q, tcp=tcp)


def main():
    with rt.Server(workers=2, timeout=60) as s:
        c = rt.Checker(s)
        r = ask(s, CLIENT)
        c.answer("client cookie only", r, answer=WANT)
        ck = cookie_of(r)
        c.true("a cookie in the answer", ck is not None)
        ck = ck or b""
        c.eq("cookie length (8 client + 16 server)", len(ck), 24)
        c.eq("client cookie echoed", ck[:8], CLIENT)
        c.eq("RFC 9018 version 1, reserved 0", ck[8:12], b"\x01\x00\x00\x00")
        ts = int.from_bytes(ck[12:16], "big")
        c.true("timestamp near now", abs(ts - time.time()) < 60)
        # Sent back: echoed unchanged, by both workers, over UDP and TCP.
        same = 0
        for i in range(20):
            r2 = ask(s, ck, tcp=(i % 2 == 1))
            if r2.rcode() == dns.rcode.NOERROR and cookie_of(r2) == ck:
                same += 1
        c.eq("valid cookie echoed (20 queries, UDP and TCP)", same, 20)
        # RFC 7873 §5.2.2: 7 octets, 9 octets, 41 octets are malformed.
        for n in (7, 9, 41):
            r3 = ask(s, bytes(range(n)))
            c.eq("COOKIE of %d octets: rcode" % n,
                 dns.rcode.to_text(r3.rcode()), "FORMERR")
        r4 = s.query("www.example.test", "A", edns=0)
        c.answer("no cookie", r4, answer=WANT)
        c.eq("no cookie: none back", cookie_of(r4), None)
        # dig +cookie: the second query, with the returned cookie, is good.
        if subprocess.run(["which", "dig"], capture_output=True).returncode == 0:
            out = s.dig("+cookie=" + CLIENT.hex(), "www.example.test", "A")
            got = [l for l in out.splitlines() if "COOKIE:" in l]
            c.true("dig: a cookie (%r)" % got, len(got) == 1)
            if got:
                sc = got[0].split()[2]
                out2 = s.dig("+cookie=" + sc, "www.example.test", "A")
                c.true("dig +cookie second query: (good)",
                       "COOKIE: %s (good)" % sc in out2 and
                       "status: NOERROR" in out2)
        c.report()


def configured():
    """cookie-secret: two servers with one secret make the same cookie."""
    secret = "000102030405060708090a0b0c0d0e0f"
    got = []
    for _ in range(2):
        with rt.Server(workers=1, timeout=60,
                       server_conf=["cookie-secret: " + secret]) as s:
            r = ask(s, CLIENT)
            got.append(cookie_of(r))
    return got


RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")


def finish(c, s):
    """Fail now if c has failures (with the server's log); else go on."""
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                "runtime error:"):
        c.true("no sanitizer report in the log (%s)" % bad,
               bad not in s.log())
    if c.failures:
        for f in c.failures:
            print("FAIL: " + f)
        print("--- radixd log ---")
        print(s.log())
        sys.exit(1)
    print("pass: %d checks" % c.checks)


def probe(s, cookie):
    """RFC 7873 §5.4: a query with no question and only a COOKIE option;
    the rcode (NOERROR: valid or a client cookie alone, BADCOOKIE: a bad
    server cookie) and the cookie returned."""
    opt = struct.pack("!HH", 10, len(cookie)) + cookie
    wire = struct.pack("!HHHHHH", 0x4242, 0, 0, 0, 0, 1)
    wire += b"\x00" + struct.pack("!HHIH", 41, 1232, 0, len(opt)) + opt
    raw = s.send_raw(wire)
    if raw is None:
        return None, None
    r = dns.message.from_wire(raw)
    return dns.rcode.to_text(r.rcode()), cookie_of(r)


def rotation():
    secret1 = "00112233445566778899aabbccddeeff"
    secret2 = "ffeeddccbbaa99887766554433221100"
    s = rt.Server(workers=2, timeout=90,
                  server_conf=["cookie-secret: " + secret1])
    sock = os.path.join(s.dir, "ctl.sock")
    s.server_conf.append("control-socket: " + sock)

    def ctl(*args):
        p = subprocess.run([RADIXCTL, "-s", sock] + list(args),
                           capture_output=True, text=True, timeout=20)
        return p.returncode, p.stdout + p.stderr

    def all_valid(ck, echoed):
        """20 probes over both workers: valid; the same cookie back when
        echoed, else a fresh one (the previous secret's cookies renew)."""
        n = 0
        for _ in range(20):
            rc, back = probe(s, ck)
            if rc == "NOERROR" and back is not None and \
                    (back == ck) == echoed and back[:8] == ck[:8]:
                n += 1
        return n

    with s:
        c = rt.Checker(s)
        c1 = cookie_of(ask(s, CLIENT)) or b""
        c.eq("a cookie of the first secret", len(c1), 24)
        rc, out = ctl("cookie-rotate", "xyz")
        c.eq("cookie-rotate with a bad SECRET fails", rc, 1)
        c.true("and says what to give (%r)" % out, "32 hex digits" in out)
        rc, out = ctl("cookie-rotate", secret1)
        c.eq("cookie-rotate to the secret in use fails", rc, 1)
        rc, out = ctl("cookie-rotate", secret2)
        c.eq("cookie-rotate SECRET: exit code (%r)" % out, rc, 0)
        r = ask(s, c1)
        c.answer("a cookie of the previous secret", r, answer=WANT)
        c2 = cookie_of(r) or b""
        c.true("is answered with a fresh cookie", len(c2) == 24 and c2 != c1)
        c.eq("the fresh cookie is valid and echoed (20 probes)",
             all_valid(c2, True), 20)
        c.eq("the previous secret's cookie is still valid (20 probes)",
             all_valid(c1, False), 20)
        # A worker killed and replaced forks with both secrets.
        pids = s.workers_pids()
        os.kill(pids[0], signal.SIGKILL)
        end = time.time() + 5
        while time.time() < end and (pids[0] in s.workers_pids() or
                                     len(s.workers_pids()) != 2):
            time.sleep(0.05)
        c.true("the killed worker is replaced",
               pids[0] not in s.workers_pids() and
               len(s.workers_pids()) == 2)
        c.eq("after the replacement: the new secret's cookie (20 probes)",
             all_valid(c2, True), 20)
        c.eq("after the replacement: the previous one's (20 probes)",
             all_valid(c1, False), 20)
        # A reload forks every worker again: the secrets stay.
        old = s.workers_pids()
        s.signal(signal.SIGHUP)
        end = time.time() + 10
        while time.time() < end and (set(old) & set(s.workers_pids()) or
                                     len(s.workers_pids()) != 2):
            time.sleep(0.05)
        c.eq("after a reload: the new secret's cookie (20 probes)",
             all_valid(c2, True), 20)
        c.eq("after a reload: the previous one's (20 probes)",
             all_valid(c1, False), 20)
        # A random secret: c2's secret becomes the previous one, c1's is
        # gone (RFC 7873 §5.4: BADCOOKIE for a bad server cookie).
        rc, out = ctl("cookie-rotate")
        c.eq("cookie-rotate without SECRET (%r)" % out, rc, 0)
        c.eq("two rotations later the first secret's cookie is bad",
             probe(s, c1)[0], "BADCOOKIE")
        c.eq("one rotation later the second's is still valid (20 probes)",
             all_valid(c2, False), 20)
        c3 = cookie_of(ask(s, c2)) or b""
        c.true("a cookie of the random secret", len(c3) == 24 and c3 != c2)
        c.eq("it is valid and echoed (20 probes)", all_valid(c3, True), 20)
        s.signal(signal.SIGHUP)
        time.sleep(1.5)
        c.eq("the random secret survives a reload (20 probes)",
             all_valid(c3, True), 20)
        c.true("no secret in the log", secret2 not in s.log() and
               "cookie-rotate" in s.log())
    finish(c, s)
    # The cookie c2 was made with secret2: a radixd configured with it
    # accepts it as its own (from the same client address).
    with rt.Server(workers=1, timeout=60,
                   server_conf=["cookie-secret: " + secret2]) as t:
        c = rt.Checker(t)
        rc, back = probe(t, c2)
        c.eq("the rotated-to SECRET made the new cookies", (rc, back),
             ("NOERROR", c2))
        finish(c, t)


def require():
    with rt.Server(workers=2, timeout=60,
                   server_conf=["require-cookie: yes"]) as s:
        c = rt.Checker(s)
        r = ask(s, CLIENT)
        c.answer("require-cookie, UDP, client cookie only", r,
                 rcode="BADCOOKIE", flags=("qr",), answer=[], authority=[])
        ck = cookie_of(r) or b""
        c.true("BADCOOKIE carries a fresh cookie",
               len(ck) == 24 and ck[:8] == CLIENT)
        r = ask(s, ck)
        c.answer("require-cookie, UDP, the cookie returned", r, answer=WANT)
        c.eq("echoed", cookie_of(r), ck)
        bad = CLIENT + bytes.fromhex("01000000") + ck[12:16] + bytes(8)
        r = ask(s, bad)
        c.answer("require-cookie, UDP, a bad server cookie", r,
                 rcode="BADCOOKIE", flags=("qr",), answer=[])
        back = cookie_of(r) or b""
        c.true("with a fresh cookie", len(back) == 24 and back != bad)
        r = s.query("www.example.test", "A", edns=0)
        c.answer("require-cookie, UDP, EDNS without COOKIE", r, answer=WANT)
        r = s.query("www.example.test", "A")
        c.answer("require-cookie, UDP, no EDNS", r, answer=WANT)
        r = ask(s, CLIENT, tcp=True)
        c.answer("require-cookie, TCP, client cookie only", r, answer=WANT)
        c.true("TCP: a cookie back", len(cookie_of(r) or b"") == 24)
        r = ask(s, bytes(range(7)))
        c.eq("require-cookie, malformed COOKIE: rcode",
             dns.rcode.to_text(r.rcode()), "FORMERR")
        if subprocess.run(["which", "dig"],
                          capture_output=True).returncode == 0:
            out = s.dig("+cookie", "+nobadcookie", "www.example.test", "A")
            c.true("dig +nobadcookie: status BADCOOKIE, no answer",
                   "status: BADCOOKIE" in out and "ANSWER: 0" in out)
            out = s.dig("+cookie", "www.example.test", "A")
            c.true("dig +cookie retries after BADCOOKIE and is answered",
                   "status: NOERROR" in out and "192.0.2.80" in out)
        finish(c, s)
    # Without require-cookie (the default) a client cookie is answered.
    with rt.Server(workers=1, timeout=60) as s:
        c = rt.Checker(s)
        c.answer("default: UDP, client cookie only", ask(s, CLIENT),
                 answer=WANT)
        finish(c, s)


if __name__ == "__main__":
    if os.access(RADIXCTL, os.X_OK):
        rotation()
    else:
        print("radixctl is not built at %s: rotation not tested" % RADIXCTL)
    require()
    a, b = configured()
    if a is None or b is None or a[8:12] != b[8:12]:
        print("FAIL: cookie-secret: no cookie (%r %r)" % (a, b))
        sys.exit(1)
    # Same secret, client, address: the hash differs only if the timestamp
    # moved on; verify by sending one server's cookie to the other.
    with rt.Server(workers=1, timeout=60,
                   server_conf=["cookie-secret: " + "000102030405060708090a0b0c0d0e0f"]) as s:
        r = ask(s, a)
        if cookie_of(r) != a:
            print("FAIL: cookie-secret: a cookie of one server is not valid "
                  "at another with the same secret")
            sys.exit(1)
    main()
