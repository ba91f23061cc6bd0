#!/usr/bin/python3
"""xfr_notify_ns: NOTIFY to the apex NS hosts (RFC 1996 §3.6, notify-ns:
yes, notify-ns-port:). The zone's NS hosts are ns1 (the SOA MNAME, at
127.0.0.2), ns2 (127.0.0.3, also a notify: target with a key), ns3
(127.0.0.4), ns.other.test (127.0.0.5, an address from another zone we
serve) and ns.elsewhere.invalid (no address we know). Fake secondaries,
UDP sockets on those addresses at the notify-ns-port, show that after an
nsupdate:
- ns2, ns3 and ns.other.test get a NOTIFY for the new serial, ns1 (the
  MNAME) gets none; ns2 exactly one, signed (its notify: line wins);
- radixd logs each acknowledged and caught up, and radixctl zone-status
  lists the NS-derived targets;
- an NS added by an update (ns4 at 127.0.0.6) gets the next NOTIFYs, and
  an NS deleted by an update (ns3) no longer does;
- a host's address changed by a reload of other.test (127.0.0.5 becomes
  127.0.0.7) is the one notified next.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import radixtest
import xfr_util
from xfr_util import KEY_NAME, KEYRING, ZONE, Primary, fail, free_port, wait_for

import dns.message
import dns.opcode
import dns.rdatatype
import dns.rrset

ZONE_TEXT = """\
$ORIGIN example.test.
$TTL 3600
@		SOA	ns1 hostmaster 1 7200 1800 1209600 300
@		NS	ns1
@		NS	ns2
@		NS	ns3
@		NS	ns.other.test.
@		NS	ns.elsewhere.invalid.
ns1		A	127.0.0.2
ns2		A	127.0.0.3
ns3		A	127.0.0.4
www		A	192.0.2.80
"""
OTHER_TEXT = """\
$ORIGIN other.test.
$TTL 3600
@		SOA	ns hostmaster 1 7200 1800 1209600 300
@		NS	ns
ns		A	127.0.0.5
"""
RADIXCTL = os.path.join(os.path.dirname(radixtest._find_radixd()), "..",
                        "tools", "radixctl")


class Fake(threading.Thread):
    """A secondary at addr:port that acknowledges every NOTIFY and answers
    SOA queries with the serial last announced."""

    def __init__(self, addr, port):
        threading.Thread.__init__(self, daemon=True)
        self.addr = addr
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))
        self.notifies = []  # (serial, signed)
        self.serial = 1
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
            soa = [r for r in q.answer if r.rdtype == dns.rdatatype.SOA]
            serial = soa[0][0].serial if soa else None
            self.notifies.append((serial, q.keyname is not None))
            if serial:
                self.serial = serial
            self.sock.sendto(dns.message.make_response(q).to_wire(), peer)
            return
        if q.question[0].rdtype == dns.rdatatype.SOA:
            r = dns.message.make_response(q)
            r.answer.append(dns.rrset.from_text(
                ZONE + ".", 300, "IN", "SOA",
                "ns1.%s. hostmaster.%s. %d 7200 1800 1209600 300" %
                (ZONE, ZONE, self.serial)))
            self.sock.sendto(r.to_wire(), peer)

    def serials(self):
        return [s for s, _ in self.notifies]


def ctl(sock, *args):
    p = subprocess.run([RADIXCTL, "-s", sock] + list(args),
                       capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr


def notified(primary, fake, serial, host, port):
    """fake got a NOTIFY for serial; radixd logged it acknowledged and the
    secondary caught up."""
    target = "%s@%d (NS %s)" % (fake.addr, port, host)
    if not wait_for(lambda: serial in fake.serials(), 10):
        fail("%s got no NOTIFY for serial %d (got %s)" % (
            target, serial, fake.notifies), primary, None)
    for line in ("NOTIFY for serial %d to %s acknowledged" % (serial, target),
                 "secondary %s serves serial %d" % (target, serial)):
        if not wait_for(lambda: line in primary.log(), 10):
            fail("no \"%s\" in radixd's log" % line, primary, None)


def main():
    radixtest.need_tool("nsupdate")
    if not os.access(RADIXCTL, os.X_OK):
        radixtest.skip("radixctl is not built at %s" % RADIXCTL)
    port = free_port()
    fakes = {a: Fake(a, port) for a in
             ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
              "127.0.0.6", "127.0.0.7")}
    for f in fakes.values():
        f.start()
    primary = Primary(ZONE_TEXT, [
        "allow-update: 127.0.0.1 %s" % KEY_NAME,
        "notify-ns: yes",
        "notify-ns-port: %d" % port,
        "notify: 127.0.0.3@%d %s" % (port, KEY_NAME)], timeout=120)
    primary.zones["other.test"] = OTHER_TEXT
    sock = os.path.join(primary.dir, "ctl.sock")
    primary.server_conf.append("control-socket: %s" % sock)
    primary.start()

    xfr_util.nsupdate(primary.port,
                      "update add n1.example.test. 300 A 192.0.2.1\nsend")
    notified(primary, fakes["127.0.0.4"], 2, "ns3.example.test.", port)
    notified(primary, fakes["127.0.0.5"], 2, "ns.other.test.", port)
    ack = "NOTIFY for serial 2 to 127.0.0.3@%d acknowledged" % port
    if not wait_for(lambda: ack in primary.log(), 10):
        fail("no \"%s\"" % ack, primary, None)
    time.sleep(1)
    if fakes["127.0.0.3"].notifies != [(2, True)]:
        fail("ns2 (a notify: target too) got %s, not one signed NOTIFY" %
             fakes["127.0.0.3"].notifies, primary, None)
    print("ok: NOTIFY for serial 2 to ns3 and ns.other.test (unsigned) and "
          "once to ns2 (signed, its notify: line)")

    rc, out = ctl(sock, "zone-status", ZONE)
    for t in ("127.0.0.4@%d (NS ns3.example.test.)" % port,
              "127.0.0.5@%d (NS ns.other.test.)" % port,
              "127.0.0.3@%d" % port):
        if rc != 0 or "secondary: %s serial 2 announced 2" % t not in out:
            fail("zone-status does not show %s caught up: %s" % (t, out),
                 primary, None)
    if out.count("secondary: ") != 3:
        fail("zone-status lists other targets than 3: %s" % out, primary,
             None)
    print("ok: radixctl zone-status lists the NS hosts as secondaries")

    # An NS added by an update is notified; one deleted is not any more.
    xfr_util.nsupdate(primary.port,
                      "update add ns4.example.test. 300 A 127.0.0.6\n"
                      "update add example.test. 3600 NS ns4.example.test.\n"
                      "send")
    notified(primary, fakes["127.0.0.6"], 3, "ns4.example.test.", port)
    notified(primary, fakes["127.0.0.4"], 3, "ns3.example.test.", port)
    print("ok: ns4, added by an update, gets the NOTIFY for serial 3")
    xfr_util.nsupdate(primary.port,
                      "update delete example.test. NS ns3.example.test.\n"
                      "send")
    notified(primary, fakes["127.0.0.6"], 4, "ns4.example.test.", port)
    notified(primary, fakes["127.0.0.5"], 4, "ns.other.test.", port)
    time.sleep(1)
    if 4 in fakes["127.0.0.4"].serials():
        fail("ns3, deleted from the NS RRset, still got a NOTIFY", primary,
             None)
    if "NOTIFY target 127.0.0.4@%d (NS ns3.example.test.) dropped" % port \
            not in primary.log():
        fail("no log line for ns3 dropped", primary, None)
    print("ok: ns3, deleted by an update, gets no NOTIFY for serial 4")

    # A host's address changed by a reload of the zone that holds it.
    primary.write_zone("other.test", OTHER_TEXT.replace(
        "hostmaster 1", "hostmaster 2").replace("127.0.0.5", "127.0.0.7"))
    primary.signal(signal.SIGHUP)
    added = "NOTIFY target 127.0.0.7@%d (NS ns.other.test.) added" % port
    if not wait_for(lambda: added in primary.log(), 10):
        fail("no \"%s\" after the reload of other.test" % added, primary,
             None)
    xfr_util.nsupdate(primary.port,
                      "update add n2.example.test. 300 A 192.0.2.2\nsend")
    notified(primary, fakes["127.0.0.7"], 5, "ns.other.test.", port)
    time.sleep(1)
    if 5 in fakes["127.0.0.5"].serials():
        fail("ns.other.test's old address still got a NOTIFY", primary, None)
    print("ok: ns.other.test's new address (a reload of other.test) gets "
          "the NOTIFY for serial 5, the old one does not")

    if fakes["127.0.0.2"].notifies:
        fail("ns1, the SOA MNAME, got NOTIFYs: %s" %
             fakes["127.0.0.2"].notifies, primary, None)
    errors = sum((f.errors for f in fakes.values()), [])
    if errors:
        fail("fake secondaries saw: %s" % errors, primary, None)
    print("ok: ns1, the SOA MNAME, got no NOTIFY at all")
    primary.stop()
    print("PASS")


main()
