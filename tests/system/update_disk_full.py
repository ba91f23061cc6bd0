#!/usr/bin/python3
"""A full disk: the journal of dyn.test lives on a 256 KiB tmpfs (the test
needs root to mount it, else it is skipped) that a 192 KiB filler file
placed first takes most of. Updates with large TXT records fill the rest;
the first that cannot be written is SERVFAIL with a log line, as are the
next ones while the disk stays full; the zone is left as it was, queries
are answered, every acknowledged update is there, and the zone two.test
(journal elsewhere) still takes updates. Then the filler is deleted: space
returns, updates are accepted again with nothing to do by hand, and after
a SIGKILL of main a restart replays the journal: every acknowledged update,
before the disk filled and after, is there, and no refused one. Prints the
figures doc/reliability.md quotes (issue 7 point 5)."""
import os, re, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

if os.geteuid() != 0:
    rt.skip("mounting a tmpfs needs root")
mnt = tempfile.mkdtemp(prefix="radixfull.")
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt],
                  capture_output=True, timeout=10).returncode != 0:
    os.rmdir(mnt)
    rt.skip("cannot mount a tmpfs here")

OTHER = ul.ZONE.replace("dyn.test.", "two.test.")


class FullServer(ul.UpdServer):
    def write_conf(self):
        path = super().write_conf()
        text = open(path).read()
        # dyn.test's journal on the small tmpfs; two.test's stays beside it.
        text = text.replace("zonefile: %s\n" % self.zone_path("dyn.test"),
                            "zonefile: %s\n\tjournal: %s/dyn.jnl\n"
                            % (self.zone_path("dyn.test"), mnt), 1)
        open(path, "w").write(text)
        return path


FILLER = os.path.join(mnt, "filler")
with open(FILLER, "wb") as f:
    f.write(b"\0" * (192 * 1024))


def add(s, name, i):
    """One update of 4 TXT records of about 200 octets at name: rcode."""
    u = ul.new_update()
    for k in range(4):
        u.add(name, 300, "TXT", ("%d-%d-" % (i, k)) + "y" * 200)
    return dns.rcode.to_text(s.update(u, tcp=True).rcode())


def missing(s, names):
    """The names of names without their 4 TXT records."""
    out = []
    for n in names:
        r = s.query(n, "TXT", tcp=True)
        if not r.answer or len(r.answer[0]) != 4:
            out.append(n)
    return out


try:
    with FullServer(workers=2, zones={"dyn.test": ul.ZONE, "two.test": OTHER},
                    zone_opts=("allow-update: 127.0.0.1 upd-key",
                               "zonefile-sync: 0"), timeout=120) as s:
        c = rt.Checker(s)
        sent, acked, refused = 0, [], []
        rcode = None
        for i in range(400):
            name = "n%d.dyn.test." % i
            rcode = add(s, name, i)
            sent += 1
            if rcode != "NOERROR":
                refused.append(name)
                break
            acked.append(name)
        c.eq("a full disk: SERVFAIL", rcode, "SERVFAIL")
        c.true("some updates fit first (%d)" % len(acked), 10 <= len(acked) < 400)
        c.true("log says so and what to do", ul.wait_log(s, "free disk space"))
        c.eq("refused update not applied", s.records(refused[0].rstrip("."), "TXT"), [])
        c.eq("serial unchanged by the refusal", s.serial(), 100 + len(acked))
        # While the disk stays full: every update refused, queries answered.
        more = []
        for i in range(5):
            name = "full%d.dyn.test." % i
            more.append(add(s, name, i))
            sent += 1
            refused.append(name)
        c.eq("5 more while full: SERVFAIL", more, ["SERVFAIL"] * 5)
        answered = sum(1 for n in acked[:20]
                       if s.query(n, "TXT", tcp=True).rcode() == dns.rcode.NOERROR)
        c.eq("queries answered while full", answered, min(20, len(acked)))
        c.eq("acknowledged updates all there", missing(s, acked), [])
        u = ul.new_update(zone="two.test")
        u.add("ok.two.test.", 300, "A", "192.0.2.9")
        c.eq("other zone still takes updates", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
        c.eq("other zone record", s.records("ok.two.test", "A"), ["192.0.2.9"])

        # Space returns: nothing to do but free it.
        full_at = len(acked)
        os.remove(FILLER)
        after = []
        for i in range(20):
            name = "m%d.dyn.test." % i
            after.append(add(s, name, i))
            sent += 1
            if after[-1] == "NOERROR":
                acked.append(name)
        c.eq("space back: 20 updates accepted", after, ["NOERROR"] * 20)
        c.eq("serial: one step per acknowledged update", s.serial(), 100 + len(acked))
        c.eq("every acknowledged update there, before and after", missing(s, acked), [])

        # A SIGKILL of main, then a restart: the journal is replayed.
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait()
        time.sleep(0.1)  # the workers die with main (PR_SET_PDEATHSIG)
        mark = len(s.log())
        s.start_again()
        m = re.search(r"zone dyn\.test: (\d+) changes? replayed from %s/dyn\.jnl"
                      % re.escape(mnt), s.log()[mark:])
        replayed = int(m.group(1)) if m else 0
        c.eq("the restart replays every acknowledged update from the journal",
             replayed, len(acked))
        lost = missing(s, acked)
        c.eq("after the restart: every acknowledged update there", lost, [])
        c.eq("after the restart: no refused one",
             [n for n in refused if s.query(n, "TXT").rcode() != dns.rcode.NXDOMAIN], [])
        c.eq("after the restart: serial", s.serial(), 100 + len(acked))
        c.eq("after the restart: the other zone", s.records("ok.two.test", "A"),
             ["192.0.2.9"])
        print("updates sent %d, acknowledged %d (%d before the disk was full, "
              "%d once space returned), refused with SERVFAIL %d, lost %d; "
              "after SIGKILL and restart %d replayed from the journal, "
              "%d acknowledged present"
              % (sent, len(acked), full_at, len(acked) - full_at, len(refused),
                 len(lost), replayed, len(acked) - len(lost)))
        s.stop()
finally:
    subprocess.run(["umount", mnt], timeout=10)
    os.rmdir(mnt)
c.report()
