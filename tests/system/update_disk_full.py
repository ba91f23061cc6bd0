#!/usr/bin/python3
"""A full disk: the journal of dyn.test lives on a 256 KiB tmpfs (the test
needs root to mount it, else it is skipped). Updates with large TXT records
fill it; the first that cannot be written is SERVFAIL with a log line, the
zone is left as it was, every acknowledged update is there, and the zone
two.test (journal elsewhere) still takes updates."""
import os, subprocess, sys, tempfile
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


try:
    with FullServer(workers=2, zones={"dyn.test": ul.ZONE, "two.test": OTHER},
                    zone_opts=("allow-update: 127.0.0.1 upd-key",
                               "zonefile-sync: 0")) as s:
        c = rt.Checker(s)
        acked = []
        rcode = None
        for i in range(400):
            u = ul.new_update()
            for k in range(4):
                u.add("n%d.dyn.test." % i, 300, "TXT", ("%d-%d-" % (i, k)) + "y" * 200)
            rcode = dns.rcode.to_text(s.update(u, tcp=True).rcode())
            if rcode != "NOERROR":
                break
            acked.append(i)
        c.eq("a full disk: SERVFAIL", rcode, "SERVFAIL")
        c.true("some updates fit first (%d)" % len(acked), 10 <= len(acked) < 400)
        c.true("log says so and what to do", ul.wait_log(s, "free disk space"))
        c.eq("refused update not applied", s.records("n%d.dyn.test" % len(acked), "TXT"), [])
        c.eq("serial unchanged by the refusal", s.serial(), 100 + len(acked))
        missing = [i for i in acked
                   if len(s.query("n%d.dyn.test" % i, "TXT", tcp=True).answer[0]) != 4]
        c.eq("acknowledged updates all there", missing, [])
        u = ul.new_update(zone="two.test")
        u.add("ok.two.test.", 300, "A", "192.0.2.9")
        c.eq("other zone still takes updates", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
        c.eq("other zone record", s.records("ok.two.test", "A"), ["192.0.2.9"])
        s.stop()
finally:
    subprocess.run(["umount", mnt], timeout=10)
    os.rmdir(mnt)
c.report()
