#!/usr/bin/python3
"""A journal damaged in the middle (issue 7 point 5). radixd serves
parent.test and its child dyn.parent.test, both dynamic, zonefile-sync: 0
(so the journal holds every update since the zone file was written).

A. 10 updates to dyn.parent.test, main SIGKILLed (no flush), one octet of
   the payload of record 5 of 10 flipped. At the next start: an error line
   that names the journal, the offset and "checksum mismatch", and one that
   says the zone is stopped and how to recover; the zone's names get
   SERVFAIL (not the parent's NXDOMAIN); UPDATE to it gets SERVFAIL;
   radixctl zone-status says stopped; parent.test answers and takes
   updates; a reload with the journal in place leaves it stopped.
   Recovery as documented: mv JOURNAL JOURNAL.corrupt, radixctl reload
   ZONE: the zone serves the 5 updates before the damage, not the 5 after,
   with its serial raised above the lost ones; JOURNAL.corrupt is left as
   it was; updates work again; a restart serves the same.
B. The same with an impossible length (0xffffff00) in a middle record
   header: not taken for a torn tail (nothing cut), the zone stopped;
   recovery by SIGHUP after the mv.
C. Damage while radixd runs, then radixctl reload: the zone keeps serving
   every update (the tree in memory is whole), it is written to the zone
   file, the journal kept as JOURNAL.corrupt.1, a new one started; after a
   SIGKILL and a restart every acknowledged update is still there.
D. Damage among records the zone file already holds (radixctl flush):
   after the mv and reload the zone is the file's, only the one update
   after the flush is lost, and updates go on."""
import os, signal, struct, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")
if not os.access(RADIXCTL, os.X_OK):
    rt.skip("radixctl is not built at %s" % RADIXCTL)

PARENT = """\
$ORIGIN parent.test.
$TTL 300
@	SOA	ns1 hostmaster 1 7200 1800 1209600 300
@	NS	ns1
ns1	A	192.0.2.53
www	A	192.0.2.1
dyn	NS	ns1.dyn
ns1.dyn	A	192.0.2.54
"""
DYN = """\
$ORIGIN dyn.parent.test.
$TTL 300
@	SOA	ns1 hostmaster 100 7200 1800 1209600 300
@	NS	ns1
ns1	A	192.0.2.54
www	A	192.0.2.80
"""
Z = "dyn.parent.test"

s = ul.UpdServer(workers=2, timeout=150,
                 zones={"parent.test": PARENT, Z: DYN},
                 zone_opts=("allow-update: 127.0.0.1 upd-key",
                            "zonefile-sync: 0"))
sock = os.path.join(s.dir, "ctl.sock")
s.server_conf.append("control-socket: %s" % sock)
jnl = s.zone_path(Z) + ".jnl"
aside = jnl + ".corrupt"


def ctl(*args):
    p = subprocess.run([RADIXCTL, "-s", sock] + list(args),
                       capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr


def add(zone, name, addr):
    u = ul.new_update(zone=zone)
    u.add(name + ".", 300, "A", addr)
    return s.update(u).rcode()


def rcode(name, rdtype="A"):
    return s.query(name, rdtype).rcode()


def has(name):
    r = s.query(name, "A")
    return r.rcode() == dns.rcode.NOERROR and len(r.answer) > 0


def serial():
    r = s.query(Z, "SOA")
    return r.answer[0][0].serial if r.answer else None


def records(path):
    """(offset, length) of each record of the journal at path."""
    data = open(path, "rb").read()
    off = 17 + data[12]
    out = []
    while off + 8 <= len(data):
        n = struct.unpack(">I", data[off:off + 4])[0]
        out.append((off, n))
        off += 8 + n
    return out


def poke(path, off, octets):
    with open(path, "r+b") as f:
        f.seek(off)
        f.write(octets)


def kill_main():
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait()
    time.sleep(0.2)  # the workers follow main


def log_since(mark):
    return s.log()[mark:]


def stopped_checks(c, what, mark, why):
    text = log_since(mark)
    line = [l for l in text.splitlines() if "is damaged" in l]
    c.true(what + ": error line names the journal, offset and damage (%s)"
           % (line[:1],), len(line) == 1 and jnl in line[0] and
           ("offset %d" % bad_off) in line[0] and why in line[0])
    c.true(what + ": the zone-stopped line says how to recover",
           "zone %s is stopped" % Z in text and
           "mv %s %s" % (jnl, aside) in text and
           "radixctl reload %s" % Z in text)
    c.eq(what + ": SOA of the stopped zone", dns.rcode.to_text(rcode(Z, "SOA")),
         "SERVFAIL")
    c.eq(what + ": a name of it (not the parent's answer)",
         dns.rcode.to_text(rcode("n1." + Z)), "SERVFAIL")
    c.eq(what + ": www of it", dns.rcode.to_text(rcode("www." + Z)), "SERVFAIL")
    c.eq(what + ": update to it", dns.rcode.to_text(add(Z, "x." + Z, "192.0.2.9")),
         "SERVFAIL")
    c.true(what + ": the other zone answers", has("www.parent.test"))
    c.eq(what + ": the other zone takes updates",
         dns.rcode.to_text(add("parent.test", "u%d.parent.test" % mark,
                               "192.0.2.7")), "NOERROR")
    rc, out = ctl("zone-status", Z)
    c.true(what + ": zone-status says stopped (%r)" % out, "stopped: yes" in out)


with s:
    c = rt.Checker(s)
    # A. A flipped octet in the payload of record 5 of 10.
    for k in range(10):
        c.eq("update n%d" % k, add(Z, "n%d.%s" % (k, Z), "192.0.2.%d" % (k + 1)),
             dns.rcode.NOERROR)
    kill_main()
    recs = records(jnl)
    c.eq("A: ten records in the journal", len(recs), 10)
    bad_off = recs[5][0]
    poke(jnl, bad_off + 8 + 20, bytes([open(jnl, "rb").read()[bad_off + 28] ^ 0x55]))
    size_before = os.path.getsize(jnl)
    mark = len(s.log())
    s.start_again()
    stopped_checks(c, "A", mark, "checksum mismatch")
    c.eq("A: journal left as it was", os.path.getsize(jnl), size_before)
    rc, out = ctl("reload", Z)
    c.true("A: reload with the journal in place fails (%r)" % out,
           rc != 0 and "still stopped" in out)
    c.eq("A: still SERVFAIL", dns.rcode.to_text(rcode(Z, "SOA")), "SERVFAIL")
    # The documented recovery.
    os.rename(jnl, aside)
    rc, out = ctl("reload", Z)
    c.true("A: reload after the mv succeeds (%r)" % out, rc == 0)
    c.true("A: log says 5 records taken",
           ul.wait_log(s, "5 valid journal records taken from %s" % aside))
    c.eq("A: the updates before the damage are served",
         [k for k in range(5) if has("n%d.%s" % (k, Z))], [0, 1, 2, 3, 4])
    c.eq("A: the updates from the damage on are lost",
         [k for k in range(5, 10) if has("n%d.%s" % (k, Z))], [])
    c.eq("A: serial raised above the lost updates' 110", serial(), 111)
    c.eq("A: the damaged copy is left as it was", os.path.getsize(aside),
         size_before)
    c.eq("A: updates work again", add(Z, "after.%s" % Z, "192.0.2.99"),
         dns.rcode.NOERROR)
    rc, out = ctl("zone-status", Z)
    c.true("A: zone-status no longer stopped", "stopped: no" in out)
    s.stop()
    s.start_again()
    c.eq("A: after a restart, serial", serial(), 112)
    c.true("A: after a restart, the recovered data",
           has("n4." + Z) and has("after." + Z) and not has("n5." + Z))

    # B. An impossible length in the header of a record in the middle.
    for k in range(10, 16):
        c.eq("update n%d" % k, add(Z, "n%d.%s" % (k, Z), "192.0.2.%d" % (k + 1)),
             dns.rcode.NOERROR)
    kill_main()
    recs = records(jnl)
    bad_off = recs[len(recs) - 3][0]
    poke(jnl, bad_off, struct.pack(">I", 0xffffff00))
    size_before = os.path.getsize(jnl)
    mark = len(s.log())
    s.start_again()
    stopped_checks(c, "B", mark, "impossible length 4294967040")
    c.eq("B: not cut as a torn tail", os.path.getsize(jnl), size_before)
    c.true("B: no torn-tail line", "torn journal tail" not in log_since(mark))
    os.rename(jnl, aside)
    s.signal(signal.SIGHUP)
    end = time.time() + 10
    while time.time() < end and rcode(Z, "SOA") != dns.rcode.NOERROR:
        time.sleep(0.1)
    c.eq("B: SIGHUP after the mv recovers the zone",
         dns.rcode.to_text(rcode(Z, "SOA")), "NOERROR")
    c.true("B: the records before the damage are served",
           has("n12." + Z) and not has("n13." + Z))
    c.true("B: serial above the lost ones (%s)" % serial(), serial() > 118)

    # C. Damage while radixd runs, found by a reload: nothing is lost.
    for k in range(20, 26):
        c.eq("update n%d" % k, add(Z, "n%d.%s" % (k, Z), "192.0.2.%d" % (k + 1)),
             dns.rcode.NOERROR)
    want = serial()
    recs = records(jnl)
    bad_off = recs[len(recs) - 3][0]
    poke(jnl, bad_off + 8 + 20, b"\xff\xff")
    mark = len(s.log())
    rc, out = ctl("reload", Z)
    c.true("C: reload answers (%r)" % out, rc == 0)
    text = log_since(mark)
    c.true("C: error line names the journal, offset and damage",
           any(jnl in l and ("offset %d" % bad_off) in l and "is damaged" in l
               for l in text.splitlines()))
    c.true("C: the rescue is logged",
           "keeps serving: serial %d written to %s" % (want, s.zone_path(Z))
           in text and "kept as %s.1" % aside in text)
    c.true("C: the damaged journal is kept", os.path.exists(aside + ".1"))
    c.eq("C: still serving the same serial", serial(), want)
    c.true("C: every update still served",
           all(has("n%d.%s" % (k, Z)) for k in range(20, 26)))
    c.eq("C: updates go on", add(Z, "c.%s" % Z, "192.0.2.98"),
         dns.rcode.NOERROR)
    kill_main()
    s.start_again()
    c.eq("C: after SIGKILL and restart, serial", serial(), want + 1)
    c.true("C: after restart every acknowledged update is there",
           all(has("n%d.%s" % (k, Z)) for k in range(20, 26)) and
           has("c." + Z) and has("after." + Z))
    # D. Damage in records already written to the zone file (radixctl
    # flush): the zone comes back from the file, only the update after the
    # flush is lost, and updates go on (the new journal starts over).
    os.rename(aside, aside + ".A")
    for k in range(30, 34):
        c.eq("update n%d" % k, add(Z, "n%d.%s" % (k, Z), "192.0.2.%d" % (k + 1)),
             dns.rcode.NOERROR)
    rc, out = ctl("flush", Z)
    c.true("D: flush (%r)" % out, rc == 0)
    flushed = serial()
    c.eq("D: one update after the flush", add(Z, "late.%s" % Z, "192.0.2.97"),
         dns.rcode.NOERROR)
    kill_main()
    recs = records(jnl)
    bad_off = recs[1][0]
    poke(jnl, bad_off + 8 + 20, b"\x00\x01")
    mark = len(s.log())
    s.start_again()
    stopped_checks(c, "D", mark, "checksum mismatch")
    os.rename(jnl, aside)
    rc, out = ctl("reload", Z)
    c.true("D: reload after the mv (%r)" % out, rc == 0)
    c.true("D: the flushed updates are served",
           all(has("n%d.%s" % (k, Z)) for k in range(30, 34)))
    c.true("D: the update after the flush is lost", not has("late." + Z))
    c.eq("D: serial above the lost one", serial(), flushed + 2)
    c.eq("D: updates work after the recovery",
         add(Z, "d.%s" % Z, "192.0.2.96"), dns.rcode.NOERROR)
    s.stop()
    s.start_again()
    c.true("D: after a restart", has("d." + Z) and has("n33." + Z) and
           serial() == flushed + 3)
    print("A: damage at record 5 of 10: 5 kept, 5 lost, serial 110 -> 111; "
          "B: impossible length, stopped, recovered; C: rescued, 0 lost")
    c.report()
