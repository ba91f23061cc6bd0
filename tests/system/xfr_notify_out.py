#!/usr/bin/python3
"""xfr_notify_out: NOTIFY out and the replication view (issue 5 points 3
and 4), against two fake secondaries written here with dnspython:
- "slow" checks the TSIG of each NOTIFY (RFC 8945), leaves the first two
  unanswered (radixd retransmits after about 1 s, then 2 s), answers the
  third signed; radixd logs "acknowledged"; then it answers radixd's SOA
  queries with the old serial twice and the new one after: radixd logs
  "serves serial N (caught up after T s)";
- "dead" never answers: radixd sends 5 NOTIFYs (waits 1, 2, 4, 8 s) and
  logs "given up" about 31 s after the first.
"""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import radixtest
import xfr_util
from xfr_util import KEY_NAME, KEYRING, ZONE, Primary, fail, free_port, wait_for

import dns.message
import dns.opcode
import dns.rcode
import dns.rdatatype
import dns.rrset


class Fake(threading.Thread):
    def __init__(self, name, answer_from, serial_new):
        threading.Thread.__init__(self, daemon=True)
        self.name = name
        self.answer_from = answer_from  # answer NOTIFY number n on (1-based)
        self.serial_new = serial_new
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.notifies = []  # arrival times
        self.soa_queries = 0
        self.errors = []

    def run(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            try:
                self.handle(data, peer)
            except Exception as e:
                self.errors.append(repr(e))

    def handle(self, data, peer):
        q = dns.message.from_wire(data, keyring=KEYRING)
        if q.opcode() == dns.opcode.NOTIFY:
            if q.keyname is None or q.keyname.to_text() != KEY_NAME + ".":
                self.errors.append("NOTIFY not signed with %s" % KEY_NAME)
            soa = [r for r in q.answer if r.rdtype == dns.rdatatype.SOA]
            if not soa or soa[0][0].serial != self.serial_new:
                self.errors.append("NOTIFY without our SOA %d as hint" %
                                   self.serial_new)
            self.notifies.append(time.time())
            if self.answer_from and len(self.notifies) >= self.answer_from:
                r = dns.message.make_response(q)
                self.sock.sendto(r.to_wire(), peer)
            return
        if q.question[0].rdtype == dns.rdatatype.SOA:
            self.soa_queries += 1
            serial = self.serial_new if self.soa_queries > 2 else 1
            r = dns.message.make_response(q)
            r.answer.append(dns.rrset.from_text(
                ZONE + ".", 300, "IN", "SOA",
                "ns1.example.test. hostmaster.example.test. %d 7200 1800 1209600 "
                "300" % serial))
            self.sock.sendto(r.to_wire(), peer)


def main():
    radixtest.need_tool("nsupdate")
    slow = Fake("slow", 3, 2)
    dead = Fake("dead", 0, 2)
    slow.start()
    dead.start()
    primary = Primary(xfr_util.BASE_ZONE % 1, [
        "allow-update: 127.0.0.1 %s" % KEY_NAME,
        "notify: 127.0.0.1@%d %s" % (slow.port, KEY_NAME),
        "notify: 127.0.0.1@%d %s" % (dead.port, KEY_NAME)], timeout=120)
    primary.start()
    xfr_util.nsupdate(primary.port,
                      "update add n1.example.test. 300 A 192.0.2.1\nsend")
    ack = "NOTIFY for serial 2 to 127.0.0.1@%d acknowledged" % slow.port
    if not wait_for(lambda: ack in primary.log(), 10):
        fail("no \"%s\" (NOTIFYs at %s)" % (ack, slow.notifies), primary, None)
    t = slow.notifies
    gaps = [t[1] - t[0], t[2] - t[1]]
    if len(t) != 3 or not (0.8 < gaps[0] < 1.6) or not (1.8 < gaps[1] < 2.8):
        fail("NOTIFY retransmissions: %d sent, gaps %s (expected 1 s, 2 s)" %
             (len(t), gaps), primary, None)
    print("ok: NOTIFY signed, retransmitted after %.1f s and %.1f s, "
          "acknowledged" % tuple(gaps))
    caught = "secondary 127.0.0.1@%d serves serial 2 (caught up after" % \
        slow.port
    if not wait_for(lambda: caught in primary.log(), 15):
        fail("no \"%s\"" % caught, primary, None)
    if slow.soa_queries != 3:
        fail("%d SOA queries, expected 3" % slow.soa_queries, primary, None)
    print("ok: radixd saw the secondary catch up after 3 SOA queries")
    given = "NOTIFY for serial 2 to 127.0.0.1@%d given up after 5 tries" % \
        dead.port
    if not wait_for(lambda: given in primary.log(), 45, 0.5):
        fail("no \"%s\" (NOTIFYs at %s)" % (given, dead.notifies), primary,
             None)
    t = dead.notifies
    gaps = [round(t[i + 1] - t[i]) for i in range(len(t) - 1)]
    if gaps != [1, 2, 4, 8]:
        fail("NOTIFYs to the dead secondary: gaps %s" % gaps, primary, None)
    if slow.errors or dead.errors:
        fail("fake secondaries saw: %s" % (slow.errors + dead.errors), primary,
             None)
    print("ok: 5 NOTIFYs to a dead secondary (gaps %s s), then given up" % gaps)
    primary.stop()
    print("PASS")


main()
