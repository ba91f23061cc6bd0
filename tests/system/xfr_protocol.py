#!/usr/bin/python3
"""xfr_protocol: radixd's transfer answers record by record (issue 5 points
1, 2 and 5), with dnspython over raw TCP and UDP:
- IXFR from a serial the journal reaches: the differences (RFC 1995 §4);
- IXFR at our serial: our SOA alone (RFC 1995 §2); IXFR from a serial
  older than the history: AXFR-style; IXFR over UDP: our SOA alone;
- AXFRs taken while updates stream are each one consistent version
  (the transfer process's copy-on-write snapshot);
- incoming NOTIFY: NOERROR when allow-notify allows it, REFUSED from
  127.0.0.2, NOTAUTH for a zone not ours;
- no transfer process is left behind, as a zombie or otherwise.
"""

import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import xfr_util
from xfr_util import KEY_NAME, KEYRING, ZONE, Primary, fail

import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.update

primary = None


def stream(q, port, source=None):
    """Every message of a TCP answer, until the server closes."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20,
                                 source_address=(source, 0) if source else None)
    w = q.to_wire()
    s.sendall(struct.pack("!H", len(w)) + w)
    buf = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        buf += d
    s.close()
    msgs = []
    while len(buf) >= 2:
        n = struct.unpack("!H", buf[:2])[0]
        msgs.append(dns.message.from_wire(buf[2:2 + n],
                                          one_rr_per_rrset=True))
        buf = buf[2 + n:]
    return msgs


def rrs(msgs):
    out = []
    for m in msgs:
        for rrset in m.answer:
            for rd in rrset:
                out.append("%s %s %s" % (rrset.name.to_text().lower(),
                                         dns.rdatatype.to_text(rrset.rdtype),
                                         rd.to_text()))
    return out


def ixfr_query(serial):
    q = dns.message.make_query(ZONE, dns.rdatatype.IXFR)
    q.authority.append(dns.rrset.from_text(
        ZONE + ".", 0, "IN", "SOA", ". . %d 0 0 0 0" % serial))
    return q


def soa(serial):
    return "example.test. SOA ns1.example.test. hostmaster.example.test. " \
        "%d 7200 1800 1209600 300" % serial


def update(name, text):
    u = dns.update.UpdateMessage(ZONE, keyring=KEYRING, keyname=KEY_NAME)
    u.add(name, 300, "TXT", text)
    r = dns.query.tcp(u, "127.0.0.1", port=primary.port, timeout=10)
    if r.rcode() != dns.rcode.NOERROR:
        fail("update %s: %s" % (name, dns.rcode.to_text(r.rcode())),
             primary, None)


def check_ixfr():
    update("d1", '"one"')
    update("d2", '"two"')
    got = rrs(stream(ixfr_query(1), primary.port))
    want = [soa(3), soa(1), soa(2), 'd1.example.test. TXT "one"', soa(2),
            soa(3), 'd2.example.test. TXT "two"', soa(3)]
    if got != want:
        fail("IXFR from 1: %s, expected %s" % (got, want), primary, None)
    got = rrs(stream(ixfr_query(3), primary.port))
    if got != [soa(3)]:
        fail("IXFR at our serial: %s" % got, primary, None)
    got = rrs(stream(ixfr_query(0), primary.port))
    if got[0] != soa(3) or got[-1] != soa(3) or len(got) < 12 or \
            got[1].endswith("SOA") or 'd2.example.test. TXT "two"' not in got:
        fail("IXFR from 0 (not in the history) is not AXFR-style: %s" % got,
             primary, None)
    r = dns.query.udp(ixfr_query(1), "127.0.0.1", port=primary.port,
                      timeout=5)
    if r.rcode() != dns.rcode.NOERROR or rrs([r]) != [soa(3)]:
        fail("IXFR over UDP: %s" % rrs([r]), primary, None)
    print("ok: IXFR differences, up-to-date, AXFR-style and UDP answers")


def check_snapshots():
    """AXFRs while updates stream: each is one version of the zone."""
    stop = []
    done = [0]

    def writer():
        i = 0
        while not stop:
            update("u%d" % i, '"%d"' % i)
            i += 1
            done[0] = i
    t = threading.Thread(target=writer)
    t.start()
    seen = set()
    try:
        for _ in range(4):
            q = dns.message.make_query(ZONE, "AXFR")
            got = rrs(stream(q, primary.port))
            first, last = got[0], got[-1]
            if first != last or " SOA " not in first:
                fail("AXFR during updates: first %s last %s" % (first, last),
                     primary, None)
            serial = int(first.split()[4])
            us = [r for r in got if r.startswith("u")]
            # Serial 3 before the first u record; one more per update.
            if len(us) != serial - 3 or len(set(us)) != len(us):
                fail("AXFR at serial %d holds %d u records" % (serial, len(us)),
                     primary, None)
            seen.add(serial)
    finally:
        stop.append(1)
        t.join()
    if len(seen) < 2:
        fail("the AXFRs saw only serials %s: updates too slow" % seen,
             primary, None)
    print("ok: %d AXFRs during %d updates, each one version (serials %s)" % (
        4, done[0], sorted(seen)))


def notify(zone, source=None):
    q = dns.message.make_query(zone, "SOA")
    q.set_opcode(dns.opcode.NOTIFY)
    q.flags |= dns.flags.AA
    r = dns.query.udp(q, "127.0.0.1", port=primary.port, timeout=5,
                      source=source)
    if r.opcode() != dns.opcode.NOTIFY or r.id != q.id:
        fail("NOTIFY answer is not a NOTIFY response", primary, None)
    return r.rcode()


def check_notify_in():
    for zone, src, want in ((ZONE, None, dns.rcode.NOERROR),
                            (ZONE, "127.0.0.2", dns.rcode.REFUSED),
                            ("other.test", None, dns.rcode.NOTAUTH)):
        rc = notify(zone, src)
        if rc != want:
            fail("NOTIFY %s from %s: %s, expected %s" % (
                zone, src or "127.0.0.1", dns.rcode.to_text(rc),
                dns.rcode.to_text(want)), primary, None)
    print("ok: NOTIFY in: NOERROR, REFUSED from 127.0.0.2, NOTAUTH")


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            out.append((int(p), fields[0]))
    return out


def check_no_leftovers():
    workers = primary.workers_pids()
    for w in workers:
        if children(w):
            fail("worker %d has children %s" % (w, children(w)), primary, None)
    if any(st == "Z" for _, st in children(primary.proc.pid)):
        fail("main has zombie children", primary, None)
    # The transfer processes are reparented: none may still run.
    exe = os.path.realpath("/proc/%d/exe" % primary.proc.pid)
    ours = set(workers) | {primary.proc.pid}
    for p in os.listdir("/proc"):
        try:
            if not p.isdigit() or int(p) in ours or \
                    os.path.realpath("/proc/%s/exe" % p) != exe:
                continue
            with open("/proc/%s/cmdline" % p, "rb") as f:
                mine = primary.dir.encode() in f.read()
            if mine:
                fail("a radixd process %s is left over" % p, primary, None)
        except OSError:
            pass
    print("ok: no transfer process left over")


def main():
    global primary
    text = xfr_util.BASE_ZONE % 1 + "".join(
        "b%05d\tTXT\t\"%d\"\n" % (i, i) for i in range(20000))
    primary = Primary(text, [
        "allow-update: 127.0.0.1 %s" % KEY_NAME,
        "provide-xfr: 127.0.0.1",
        "allow-notify: 127.0.0.1 NOKEY"], timeout=120)
    primary.start()
    check_ixfr()
    check_notify_in()
    check_snapshots()
    time.sleep(0.5)
    check_no_leftovers()
    primary.stop()
    print("PASS")


main()
