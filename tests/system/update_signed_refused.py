#!/usr/bin/python3
"""A signed zone (DNSKEY and RRSIG at the apex, signed here with
dnssec-signzone) refuses updates with REFUSED and a log line saying online
signing does not exist yet; the zone is left as it was."""
import os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

for tool in ("dnssec-keygen", "dnssec-signzone"):
    rt.need_tool(tool)
tmp = tempfile.mkdtemp(prefix="radixsig.")
path = os.path.join(tmp, "dyn.test.zone")
with open(path, "w") as f:
    f.write(ul.ZONE)
run = lambda *a: subprocess.run(a, cwd=tmp, check=True, timeout=60,  # noqa: E731
                                capture_output=True, text=True).stdout.strip()
ksk = run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "dyn.test.")
zsk = run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "dyn.test.")
with open(path, "a") as f:
    for key in (ksk, zsk):
        f.write(open(os.path.join(tmp, key + ".key")).read())
run("dnssec-signzone", "-q", "-o", "dyn.test.", "-f", path + ".signed", path)
signed = open(path + ".signed").read()

with ul.UpdServer(workers=1, zone=signed) as s:
    c = rt.Checker(s)
    before = s.serial()
    u = ul.new_update()
    u.add("new.dyn.test.", 300, "A", "192.0.2.1")
    c.eq("signed zone: REFUSED", dns.rcode.to_text(s.update(u).rcode()), "REFUSED")
    c.true("log says why", ul.wait_log(s, "online signing does not exist yet"))
    c.eq("nothing added", s.records("new.dyn.test", "A"), [])
    c.eq("serial unchanged", s.serial(), before)
c.report()
