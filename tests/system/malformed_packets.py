#!/usr/bin/python3
"""100,000 generated malformed packets over UDP (issue 7): the server and
its workers survive (same PIDs, no restart in the log), nothing answers a
response (QR set) or a packet shorter than a header (RFC 1035 §4.1.1), every
answer has the rcode its packet kind justifies, and a normal query is still
answered correctly at the end.

The generator is deterministic (a fixed seed): a failure names the packet
kind and the packet in hex, and a second run sends the same packets.

Rules, by kind (opcode QUERY unless said otherwise):
  short (0-11 octets), qr (QR set)            no answer
  header_only, trunc_question, label_len,
  label_40, label_80, ptr_loop, ptr_forward,
  name_long, qdcount, ancount, arcount,
  opt_twice, opt_rdlen, opt_options,
  opt_owner, opt_in_answer                    FORMERR
  opt_huge_ok (a well-formed 3000-octet OPT),
  garbage_after (trailing octets after the
  last record are not part of the message)    NOERROR, the A record
  random (any header), mutated (valid query
  with octets changed)                        QR set: no answer; else by
      opcode: QUERY FORMERR, NOERROR, NXDOMAIN, REFUSED, NOTIMP, BADVERS;
      NOTIFY FORMERR, REFUSED, NOTAUTH, NOTIMP or no answer (radixd drops
      a NOTIFY it cannot use, as for one from an unknown source);
      UPDATE FORMERR, REFUSED, NOTAUTH, NOTZONE, SERVFAIL; other opcodes
      FORMERR, NOTIMP.
Every answer echoes the ID and opcode, has QR set, and is at least 12
octets. Answers that should come but do not are counted as dropped (the
send rate is bounded, so there should be none or very few).
"""
import os
import random
import selectors
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

TOTAL = int(os.environ.get("MALFORMED_PACKETS", "100000"))
RATE = 5000          # packets per second at most
WINDOW = 100         # packets sent before reading answers
NSOCK = 8            # source ports, so both workers get packets
SEED = 7

QNAME = b"\x03www\x07example\x04test\x00"
FORMERR, NOERROR = 1, 0


def header(qid, flags=0x0100, qd=1, an=0, ns=0, ar=0):
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def question(name=QNAME, qtype=1, qclass=1):
    return name + struct.pack("!HH", qtype, qclass)


def opt(payload=1232, rdata=b"", owner=b"\x00", ttl=0):
    return owner + struct.pack("!HHIH", 41, payload, ttl, len(rdata)) + rdata


def a_rr(name=b"\xc0\x0c"):
    return name + struct.pack("!HHIH", 1, 1, 300, 4) + bytes([192, 0, 2, 1])


def valid(qid):
    return header(qid) + question()


def rand_bytes(r, n):
    return bytes(r.getrandbits(8) for _ in range(n))


def gen(r, qid):
    """One packet: (kind, bytes, rule); rule is 'none', an rcode, or 'any'."""
    k = r.randrange(22)
    if k == 0:
        return "short", rand_bytes(r, r.randrange(12)), "none"
    if k == 1:
        p = bytearray(valid(qid) + rand_bytes(r, r.randrange(40)))
        p[2] |= 0x80
        return "qr", bytes(p), "none"
    if k == 2:
        return "header_only", header(qid), FORMERR
    if k == 3:
        v = valid(qid)
        return "trunc_question", v[:r.randrange(13, len(v))], FORMERR
    if k == 4:
        # A label length that runs past the end of the message.
        n = r.randrange(1, 64)
        body = bytes([n]) + b"a" * r.randrange(0, n)
        return "label_len", header(qid) + body, FORMERR
    if k == 5:
        lab = bytes([0x40 | r.randrange(64)]) + b"abc"
        return "label_40", header(qid) + b"\x03www" + lab + b"\x00" + \
            struct.pack("!HH", 1, 1), FORMERR
    if k == 6:
        lab = bytes([0x80 | r.randrange(64), r.getrandbits(8)])
        return "label_80", header(qid) + b"\x03www" + lab + \
            struct.pack("!HH", 1, 1), FORMERR
    if k == 7:
        # Pointer to itself, or two names pointing at each other.
        if r.randrange(2):
            body = b"\xc0\x0c"
        else:
            body = b"\x01a\xc0\x0e"   # a, then a pointer to itself
        return "ptr_loop", header(qid) + body + struct.pack("!HH", 1, 1), \
            FORMERR
    if k == 8:
        # A pointer forward, to a name written after the question.
        body = b"\xc0\x12" + struct.pack("!HH", 1, 1) + QNAME
        return "ptr_forward", header(qid) + body, FORMERR
    if k == 9:
        labels = b"".join(bytes([63]) + b"x" * 63 for _ in range(4))
        return "name_long", header(qid) + labels + b"\x00" + \
            struct.pack("!HH", 1, 1), FORMERR
    if k == 10:
        qd = r.choice([0, 2, 3, 255, 65535])
        return "qdcount", header(qid, qd=qd) + question(), FORMERR
    if k == 11:
        if r.randrange(2):
            # ANCOUNT says records that are not there.
            return "ancount", header(qid, an=r.randrange(1, 65536)) + \
                question(), FORMERR
        # A real record in the answer section of a query.
        return "ancount", header(qid, an=1) + question() + a_rr(), FORMERR
    if k == 12:
        return "arcount", header(qid, ar=r.randrange(1, 65536)) + \
            question(), FORMERR
    if k == 13:
        n = r.randrange(2, 6)
        return "opt_twice", header(qid, ar=n) + question() + opt() * n, \
            FORMERR
    if k == 14:
        # An OPT whose RDLENGTH runs past the end.
        o = opt(rdata=b"\x00\x0c\x00\x02\x00\x00")
        o = o[:9] + struct.pack("!H", r.randrange(7, 65536)) + o[11:]
        return "opt_rdlen", header(qid, ar=1) + question() + o, FORMERR
    if k == 15:
        # An option whose length runs past the OPT's RDATA.
        rd = struct.pack("!HH", r.randrange(65536), r.randrange(5, 300)) + \
            b"\x00" * 4
        return "opt_options", header(qid, ar=1) + question() + \
            opt(rdata=rd), FORMERR
    if k == 16:
        owner = r.choice([b"\x01a\x00", b"\xc0\x0c", QNAME])
        return "opt_owner", header(qid, ar=1) + question() + \
            opt(owner=owner), FORMERR
    if k == 17:
        if r.randrange(2):
            return "opt_in_answer", header(qid, an=1) + question() + opt(), \
                FORMERR
        return "opt_in_answer", header(qid, ns=1) + question() + opt(), \
            FORMERR
    if k == 18:
        # A huge but well-formed OPT: 3000 octets of padding options.
        rd = b"".join(struct.pack("!HH", 12, 96) + b"\x00" * 96
                      for _ in range(30))
        return "opt_huge_ok", header(qid, ar=1) + question() + opt(rdata=rd), \
            NOERROR
    if k == 19:
        return "garbage_after", valid(qid) + \
            rand_bytes(r, r.randrange(1, 200)), NOERROR
    if k == 20:
        p = bytearray(rand_bytes(r, r.randrange(12, 512)))
        p[0:2] = struct.pack("!H", qid)
        return "random", bytes(p), "any"
    if r.randrange(2):
        p = bytearray(header(qid, ar=1) + question() + opt())
    else:
        p = bytearray(valid(qid))
    for _ in range(r.randrange(1, 4)):
        i = r.randrange(2, len(p))
        p[i] = r.getrandbits(8)
    return "mutated", bytes(p), "any"


ANY_BY_OPCODE = {
    0: {"FORMERR", "NOERROR", "NXDOMAIN", "REFUSED", "NOTIMP", "BADVERS"},
    4: {"FORMERR", "REFUSED", "NOTAUTH", "NOTIMP"},
    5: {"FORMERR", "REFUSED", "NOTAUTH", "NOTZONE", "SERVFAIL"},
}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
          4: "NOTIMP", 5: "REFUSED", 9: "NOTAUTH", 10: "NOTZONE",
          16: "BADVERS"}


def rcode_of(ans):
    """The rcode's name, with the OPT's extended bits when there is one."""
    rc = ans[3] & 0x0F
    if len(ans) >= 12 and ans[10:12] != b"\x00\x00":
        # dnspython reads the OPT; it knows no opcode over 6: say QUERY.
        a = bytearray(ans)
        a[2] &= 0x87
        try:
            rc = rt.dns.message.from_wire(bytes(a), ignore_trailing=True).rcode()
        except Exception:
            return "UNPARSEABLE"
    return RCODES.get(rc, "RCODE%d" % rc)


def judge(kind, pkt, rule, ans, c, counts):
    """Check one answer (or its absence) against the rule of its kind."""
    if rule == "any":
        if len(pkt) < 12 or pkt[2] & 0x80:
            rule = "none"
    if ans is None and rule == "any" and (pkt[2] >> 3) & 0xF == 4:
        rule = "none"   # a malformed NOTIFY may be dropped
    if ans is None:
        if rule != "none":
            counts["dropped"] += 1
            counts["dropped_" + kind] = counts.get("dropped_" + kind, 0) + 1
        else:
            counts["silent"] += 1
        return
    counts["answered"] += 1
    name = rcode_of(ans)
    counts[name] = counts.get(name, 0) + 1
    if rule == "none":
        c.true("%s: no answer expected, got %s for %s" %
               (kind, name, pkt.hex()), False)
        return
    c.true("%s: answer of %d octets to %s" % (kind, len(ans), pkt.hex()),
           len(ans) >= 12)
    ok = ans[0:2] == pkt[0:2] and ans[2] & 0x80 and \
        (ans[2] & 0x78) == (pkt[2] & 0x78)
    if not ok:
        c.true("%s: answer %s does not echo ID, QR, opcode of %s" %
               (kind, ans[:4].hex(), pkt.hex()), False)
    if rule == "any":
        allowed = ANY_BY_OPCODE.get((pkt[2] >> 3) & 0xF, {"FORMERR", "NOTIMP"})
        if name not in allowed:
            c.true("%s: rcode %s not in %s for %s" %
                   (kind, name, sorted(allowed), pkt.hex()), False)
        return
    want = RCODES[rule]
    if name != want:
        c.true("%s: rcode %s, want %s, for %s" % (kind, name, want,
                                                 pkt.hex()), False)
        return
    if rule == NOERROR:
        # The answer: AA, one record, 192.0.2.80.
        an = struct.unpack("!H", ans[6:8])[0]
        good = (ans[2] & 0x04) and an == 1 and \
            bytes([192, 0, 2, 80]) in ans
        if not good:
            c.true("%s: not the A record of www: %s" % (kind, ans.hex()),
                   False)


def main():
    with rt.Server(timeout=150) as s:
        c = rt.Checker(s)
        main_pid = s.proc.pid
        workers = s.workers_pids()
        # Regression: 6 to 11 octets with opcode UPDATE were passed to main
        # as an UPDATE, and main took the short frame for a malformed IPC
        # message and killed the worker (found by this test).
        for n in range(6, 12):
            s.send_raw(bytes([0x12, 0x34, 5 << 3, 0]) + bytes(n - 4),
                       timeout=0.1)
        time.sleep(0.3)
        c.eq("workers after short UPDATE-opcode packets (6-11 octets)",
             s.workers_pids(), workers)
        workers = s.workers_pids()
        rng = random.Random(SEED)
        sel = selectors.DefaultSelector()
        socks = []
        for i in range(NSOCK):
            k = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            k.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            k.bind(("127.0.0.1", 0))
            k.setblocking(False)
            sel.register(k, selectors.EVENT_READ, i)
            socks.append(k)
        counts = {"tried": 0, "answered": 0, "dropped": 0, "silent": 0}
        kinds = {}
        pending = {}    # (sock, id) -> (kind, pkt, rule, window)
        answers = {}
        start = time.time()
        seq = 0
        win = 0
        while seq < TOTAL:
            batch = []
            for _ in range(min(WINDOW, TOTAL - seq)):
                qid = seq & 0xFFFF
                kind, pkt, rule = gen(rng, qid)
                si = seq % NSOCK
                kinds[kind] = kinds.get(kind, 0) + 1
                key = (si, qid) if len(pkt) >= 2 else (si, -seq - 1)
                pending[key] = (kind, pkt, rule, win)
                batch.append(key)
                try:
                    socks[si].sendto(pkt, ("127.0.0.1", s.port))
                except BlockingIOError:
                    time.sleep(0.001)
                    socks[si].sendto(pkt, ("127.0.0.1", s.port))
                seq += 1
            counts["tried"] = seq
            # Read until every packet that should be answered is, or 0.15 s.
            want = [k for k in batch
                    if pending[k][2] != "none" and
                    not (pending[k][2] == "any" and
                         (len(pending[k][1]) < 12 or pending[k][1][2] & 0x80))]
            end = time.time() + 0.15
            while time.time() < end:
                if all(k in answers for k in want):
                    break
                for ev, _ in sel.select(timeout=0.02):
                    si = ev.data
                    while True:
                        try:
                            data = ev.fileobj.recv(65535)
                        except BlockingIOError:
                            break
                        if len(data) >= 2:
                            k = (si, struct.unpack("!H", data[:2])[0])
                            if k in pending:
                                answers[k] = data
            # Judge windows that are three windows old: late answers count.
            for k in [k for k, v in pending.items() if v[3] <= win - 3]:
                kind, pkt, rule, _ = pending.pop(k)
                judge(kind, pkt, rule, answers.pop(k, None), c, counts)
            win += 1
            # A bounded send rate.
            ahead = seq / RATE - (time.time() - start)
            if ahead > 0:
                time.sleep(ahead)
            if len(c.failures) > 50:
                break   # enough examples to go on
        time.sleep(0.3)
        for ev, _ in sel.select(timeout=0.1):
            while True:
                try:
                    data = ev.fileobj.recv(65535)
                except BlockingIOError:
                    break
                if len(data) >= 2:
                    k = (ev.data, struct.unpack("!H", data[:2])[0])
                    if k in pending:
                        answers[k] = data
        for k in list(pending):
            kind, pkt, rule, _ = pending.pop(k)
            judge(kind, pkt, rule, answers.pop(k, None), c, counts)
        elapsed = time.time() - start
        for k in socks:
            k.close()

        # The server and every worker are the same processes as before.
        c.true("main process alive", s.proc.poll() is None)
        c.eq("same main PID", s.proc.pid, main_pid)
        c.eq("same worker PIDs", s.workers_pids(), workers)
        for bad in ("starting a new one", "keeps dying", "worker exited",
                    "killed by signal"):
            c.true("no '%s' in the log" % bad, bad not in s.log())
        # Bounded drops of packets that should be answered.
        c.true("dropped %d of %d (at most 1%%)" %
               (counts["dropped"], counts["tried"]),
               counts["dropped"] * 100 <= counts["tried"])
        c.eq("tried", counts["tried"], TOTAL)
        r = s.query("www.example.test", "A")
        c.answer("normal query at the end", r,
                 answer=["www.example.test. 3600 IN A 192.0.2.80"])
        r = s.query("www.example.test", "A", tcp=True)
        c.answer("normal TCP query at the end", r,
                 answer=["www.example.test. 3600 IN A 192.0.2.80"])
        print("packets tried: %d in %.1f s" % (counts["tried"], elapsed))
        print("answered: %d; not answered as the rules say: %d; "
              "dropped (an answer was due): %d" %
              (counts["answered"], counts["silent"], counts["dropped"]))
        print("rcodes: " + ", ".join("%s %d" % (k, v)
                                     for k, v in sorted(counts.items())
                                     if k.isupper() or k.startswith("RCODE")))
        print("kinds: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
        drops = {k: v for k, v in counts.items() if k.startswith("dropped_")}
        if drops:
            print("dropped by kind: " + ", ".join(
                "%s %d" % kv for kv in sorted(drops.items())))
        c.report()


if __name__ == "__main__":
    main()
