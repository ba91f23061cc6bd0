#!/usr/bin/python3
"""xfr_limit: a worker runs at most 8 transfer processes at once. With one
worker, 8 clients that take their AXFR but keep the connection open hold
8 transfer processes (each waits for its client to close); a 9th AXFR gets
SERVFAIL and a log line; once the 8 close, an AXFR is served again, and
queries are answered all along (transfers do not hold up the worker).
"""

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import xfr_util
from xfr_util import Primary, ZONE, fail, wait_for

import dns.message
import dns.query
import dns.rcode

LIMIT = 8


def read_msg(s):
    return dns.message.from_wire(xfr_util.read_framed(s),
                                 one_rr_per_rrset=True)


def open_axfr(port):
    """Connect, ask AXFR, read the whole stream, keep the socket open."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    w = dns.message.make_query(ZONE, "AXFR").to_wire()
    s.sendall(struct.pack("!H", len(w)) + w)
    soas = 0
    while soas < 2:
        m = read_msg(s)
        if m.rcode() != dns.rcode.NOERROR:
            return s, m.rcode()
        soas += sum(1 for r in m.answer if r.rdtype == 6)
    return s, dns.rcode.NOERROR


def main():
    primary = Primary(xfr_util.BASE_ZONE % 1, ["provide-xfr: 127.0.0.1"],
                      workers=1, timeout=60)
    primary.start()
    held = []
    for i in range(LIMIT):
        s, rc = open_axfr(primary.port)
        if rc != dns.rcode.NOERROR:
            fail("AXFR %d: %s" % (i + 1, dns.rcode.to_text(rc)), primary, None)
        held.append(s)
    s, rc = open_axfr(primary.port)
    s.close()
    if rc != dns.rcode.SERVFAIL:
        fail("AXFR %d with %d running: %s, not SERVFAIL" % (
            LIMIT + 1, LIMIT, dns.rcode.to_text(rc)), primary, None)
    if "%d transfers running" % LIMIT not in primary.log():
        fail("no log line for the refused transfer", primary, None)
    r = dns.query.udp(dns.message.make_query("www." + ZONE, "A"), "127.0.0.1",
                      port=primary.port, timeout=2)
    if r.rcode() != dns.rcode.NOERROR or not r.answer:
        fail("query during transfers: %s" % r, primary, None)
    print("ok: %d transfers held, the next one SERVFAIL, queries answered" %
          LIMIT)
    for s in held:
        s.close()

    def again():
        s, rc = open_axfr(primary.port)
        s.close()
        return rc == dns.rcode.NOERROR
    if not wait_for(again, 5, 0.2):
        fail("no AXFR served after the clients closed", primary, None)
    print("ok: AXFR served again once the clients closed")
    primary.stop()
    print("PASS")


main()
