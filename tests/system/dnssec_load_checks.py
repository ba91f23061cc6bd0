#!/usr/bin/python3
"""Load checks of signed zones (issue 8 point 3) on real signer output: a zone
signed with dnssec-signzone (NSEC, then NSEC3) loads without a message; with
one NSEC or NSEC3 record removed, radix-checkzone and radixd report the gap in
the chain as an error naming the record, and radixd refuses the zone; with
signatures that expired in 2020 the zone loads and the expiry is a warning
naming the record.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt  # noqa: E402

for tool in ("dnssec-keygen", "dnssec-signzone"):
    rt.need_tool(tool)
checkzone = os.path.join(os.environ.get("top_builddir", os.getcwd()),
                         "src/tools/radix-checkzone")
if not os.access(checkzone, os.X_OK):
    rt.skip("radix-checkzone is not built")

ZONE = """\
$TTL 300
@	SOA	ns1 hostmaster 1 3600 600 86400 300
@	NS	ns1
ns1	A	192.0.2.1
www	A	192.0.2.2
a.b	A	192.0.2.3
"""
tmp = tempfile.mkdtemp(prefix="dnssec_load.")
ORIGIN = "load.test."


def run(*a):
    return subprocess.run(a, cwd=tmp, check=True, timeout=60,
                          capture_output=True, text=True).stdout.strip()


keys = [run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", ORIGIN),
        run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", ORIGIN)]
src = os.path.join(tmp, "load.test.zone")
with open(src, "w") as f:
    f.write("$ORIGIN %s\n" % ORIGIN + ZONE)
    for k in keys:
        f.write(open(os.path.join(tmp, k + ".key")).read())


def sign(extra, name):
    out = os.path.join(tmp, name)
    run(*(["dnssec-signzone", "-q", "-o", ORIGIN, "-f", out] + extra + [src]))
    # One record per line, so that one can be removed.
    text = run("named-compilezone", "-q", "-s", "full", "-o", "-", ORIGIN, out) \
        if rt.shutil.which("named-compilezone") else open(out).read()
    with open(out, "w") as f:
        f.write(text + "\n")
    return out


def check(path):
    r = subprocess.run([checkzone, "-o", ORIGIN, path], capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


c = rt.Checker(None)
c.server = type("NoServer", (), {"stop": lambda self: None,
                                 "log": lambda self: ""})()

for kind, extra in (("NSEC", []), ("NSEC3", ["-3", "ab12"])):
    path = sign(extra, "signed-" + kind)
    rc, out = check(path)
    c.eq(kind + ": clean zone loads", rc, 0)
    c.true(kind + ": no message for a clean zone: " + out,
           "error" not in out and "warning" not in out)
    # Remove the record of www (the NSEC, or the NSEC3 whose hash is www's).
    lines = open(path).read().splitlines()
    if kind == "NSEC":
        victim = [ln for ln in lines if ln.startswith("www.") and " NSEC " in
                  " ".join(ln.split()) and "RRSIG" != ln.split()[3]]
    else:
        victim = [ln for ln in lines if len(ln.split()) > 3 and
                  ln.split()[3] == "NSEC3"][1:2]
    c.eq(kind + ": one record to remove", len(victim), 1)
    broken = path + ".broken"
    with open(broken, "w") as f:
        f.write("\n".join(ln for ln in lines if ln not in victim) + "\n")
    rc, out = check(broken)
    c.true(kind + ": a gap in the chain fails the load", rc != 0)
    c.true(kind + ": the error names the chain: " + out,
           ("NSEC next name" in out or "no NSEC record" in out) if kind == "NSEC"
           else ("NSEC3 next hashed owner is not the next hash" in out))
    if kind == "NSEC":
        c.true(kind + ": www has no NSEC: " + out,
               "www.load.test.: no NSEC record" in out)
    # radixd refuses it as well.
    s = rt.Server(zones={ORIGIN: open(broken).read()}, timeout=60)
    try:
        s.start(wait=True)
        started = True
    except RuntimeError:
        started = False
    s.stop()
    c.true(kind + ": radixd does not serve the broken zone", not started)

# Signatures valid only in January 2020: warnings, the zone loads.
path = sign(["-P", "-s", "20200101000000", "-e", "20200201000000"], "signed-old")
rc, out = check(path)
c.eq("expired: zone loads", rc, 0)
c.true("expired: the warning names a record: " + out,
       "RRSIG SOA: signature expired at 20200201000000" in out)
c.report()
