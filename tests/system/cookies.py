#!/usr/bin/python3
"""DNS cookies (RFC 7873 §5.2, RFC 9018): a query with a client cookie only
is answered with the client cookie and a fresh server cookie of RFC 9018
form (version 1, three reserved octets 0, a timestamp near now, 16 octets
in all); sent back, that cookie is echoed unchanged, over UDP and TCP and
by every worker (one secret, drawn in main); `dig +cookie` shows it
"(good)"; a COOKIE option of a malformed length is FORMERR (§5.2.2); a
query without a cookie gets none; cookie-secret sets the secret.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.edns
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


if __name__ == "__main__":
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
