#!/usr/bin/python3
"""xfr_stop: transfer processes end with radixd, not after it (issue 3:
SIGTERM exits cleanly). A client that reads its AXFR slowly holds a
transfer process (forked by a worker, reparented away from it). A reload
(SIGHUP: main stays, the workers are replaced) leaves it running, and the
client then reads the whole zone. On SIGTERM, a transfer still waiting for
its client and one waiting for its client to close are both ended as soon
as main has exited, with a log line; no radixd process is left within
seconds (a transfer's own send timeout is 30 s).
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
import dns.rcode

N = 300000


def radixd_pids(primary, cmdline):
    """Live processes with main's command line: main, workers, transfers."""
    pids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % p, "rb") as f:
                if f.read() != cmdline:
                    continue
            with open("/proc/%s/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        if st[st.rindex(")") + 2] != "Z":
            pids.append(int(p))
    return sorted(pids)


def transfers(primary, cmdline):
    """The transfer processes: neither main nor one of its workers."""
    others = set([primary.proc.pid] + primary.workers_pids())
    return [p for p in radixd_pids(primary, cmdline) if p not in others]


def read_msg(s):
    return dns.message.from_wire(xfr_util.read_framed(s), one_rr_per_rrset=True)


def start_axfr(port):
    """An AXFR whose client reads one message, then nothing for now: a
    small receive buffer, so the transfer process soon waits to send."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(20)
    s.connect(("127.0.0.1", port))
    w = dns.message.make_query(ZONE, "AXFR").to_wire()
    s.sendall(struct.pack("!H", len(w)) + w)
    m = read_msg(s)
    if m.rcode() != dns.rcode.NOERROR:
        raise RuntimeError("AXFR: %s" % dns.rcode.to_text(m.rcode()))
    return s, m


def read_rest(s, first):
    """Records of the whole stream, first included: counted by the headers
    (parsing 300,000 records in Python is slow) until there are N + 11
    (the SOA twice); the last message must end with the SOA."""
    n, wire = len(first.answer), None
    while n < N + 11:
        wire = xfr_util.read_framed(s)
        n += struct.unpack("!H", wire[6:8])[0]
    last = dns.message.from_wire(wire, one_rr_per_rrset=True)
    if not last.answer or last.answer[-1].rdtype != 6:
        raise RuntimeError("the stream does not end with the SOA")
    return n


def main():
    primary = Primary(xfr_util.big_zone(N), ["provide-xfr: 127.0.0.1"], timeout=120)
    primary.start()
    with open("/proc/%d/cmdline" % primary.proc.pid, "rb") as f:
        cmdline = f.read()

    # A reload leaves a running transfer alone.
    s, first = start_axfr(primary.port)
    t1 = wait_for(lambda: transfers(primary, cmdline), 5)
    if len(t1) != 1:
        fail("one transfer process expected, found %s" % t1, primary, None)
    mark = len(primary.log())
    primary.signal(1)  # SIGHUP
    if not wait_for(lambda: "reload done" in primary.log()[mark:], 10):
        fail("no reload", primary, None)
    time.sleep(1.0)
    if not os.path.exists("/proc/%d" % t1[0]):
        fail("the transfer ended with the reload", primary, None)
    got = read_rest(s, first)
    s.close()
    if got != N + 11:
        fail("after the reload the AXFR had %d records, not %d"
             % (got, N + 11), primary, None)
    print("ok: a reload during a slow AXFR: the transfer went on, %d "
          "records" % got)
    t0 = time.time()
    if not wait_for(lambda: not transfers(primary, cmdline), 5, 0.05):
        fail("the transfer process did not end after its client closed",
             primary, None)
    print("ok: the transfer process ended %.2f s after its client closed"
          % (time.time() - t0))

    # SIGTERM: one transfer waits to send, one waits for its client to close.
    slow, _ = start_axfr(primary.port)
    done, first = start_axfr(primary.port)
    got = read_rest(done, first)
    t2 = wait_for(lambda: len(transfers(primary, cmdline)) == 2 and
                  transfers(primary, cmdline), 5)
    if not t2 or got != N + 11:
        fail("two transfers expected (%s), the second whole (%d records)"
             % (t2, got), primary, None)
    if primary.log().count("AXFR, ") != 2:
        fail("the slow client's transfer should still be sending (the "
             "kernel's buffers took the whole zone?)", primary, None)
    mark = len(primary.log())
    t0 = time.time()
    primary.signal(15)  # SIGTERM
    rc = primary.proc.wait(timeout=20)
    if rc != 0:
        fail("radixd exited with %d" % rc, primary, None)
    gone = wait_for(lambda: not radixd_pids(primary, cmdline), 5, 0.05)
    took = time.time() - t0
    left = radixd_pids(primary, cmdline)
    slow.close()
    done.close()
    if not gone:
        fail("radixd processes left %.1f s after SIGTERM: %s"
             % (took, left), primary, None)
    log = primary.log()[mark:]
    if "broken off after" not in log or "radixd is stopping" not in log:
        fail("no log line for the transfer broken off", primary, None)
    print("ok: SIGTERM with two transfers open: every process gone %.2f s "
          "after it, the transfer that was sending logged" % took)
    print("PASS")


main()
