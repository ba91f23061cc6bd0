#!/usr/bin/python3
"""Configuration errors name FILE:LINE and what to do; radixd then does not start."""
import os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

binary = rt._find_radixd()
d = tempfile.mkdtemp(prefix="radixtest.")
zone = os.path.join(d, "example.test.zone")
with open(zone, "w") as f:
    f.write(rt.EXAMPLE_ZONE)


class Dummy:
    def stop(self):
        pass

    def log(self):
        return ""


c = rt.Checker(Dummy())
CASES = [
    ("server:\n\tfrobnicate: 1\n", ":2: unknown option 'frobnicate' in server:"),
    ("server:\n\tworkers: lots\n", ":2: workers: 'lots' is not a number from 1 to 256"),
    ("server:\n\tip-address: 127.0.0.1@99999\n", ":2: bad port in '127.0.0.1@99999'"),
    ("server:\n\tip-address: 300.1.1.1@53\n", ":2: '300.1.1.1' is not an IPv4 or IPv6 address"),
    ("server:\n\thide-version: maybe\n", ":2: hide-version: 'maybe' is not yes or no"),
    ("# comment\nzone:\n\tname: example.test\n", ":2: zone: block without zonefile"),
    ("zone:\n\tname: example.test\n\tzonefile: \"%s\n" % zone, ":3: the quoted value of 'zonefile' has no closing quote"),
    ("workers: 2\n", ":1: 'workers' outside a block"),
    ("server:\n\tlog-level: loud\n", ":2: log-level: unknown level 'loud'"),
    ("zone:\n\tname: a..b\n\tzonefile: x\n", ":1: 'a..b' is not a domain name"),
    ("server:\n\tip-address: 127.0.0.1@5399\n", "no zone to serve; add a zone: block"),
]
for i, (text, want) in enumerate(CASES):
    path = os.path.join(d, "bad%d.conf" % i)
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([binary, "-c", path, "-d"], capture_output=True, text=True, timeout=10)
    c.true("case %d exits non-zero" % i, p.returncode != 0)
    c.true("case %d says %r (got %r)" % (i, want, p.stderr), want in p.stderr)
    if want.startswith(":"):
        c.true("case %d names the file" % i, path + want in p.stderr)
# A zone file with an error: start-up fails and says which zone.
bad = os.path.join(d, "broken.zone")
with open(bad, "w") as f:
    f.write(rt.EXAMPLE_ZONE + "oops IN A not-an-address\n")
port = rt.free_port()
p = subprocess.run([binary, "-z", "example.test:" + bad, "-l", "127.0.0.1@%d" % port, "-d"],
                   capture_output=True, text=True, timeout=10)
c.true("broken zone: exits non-zero", p.returncode != 0)
c.true("broken zone: names the line", bad + ":%d" % (rt.EXAMPLE_ZONE.count("\n") + 1) in p.stderr)
c.true("broken zone: names the zone", "zone example.test was not loaded" in p.stderr)
# Usage errors.
p = subprocess.run([binary, "-z", "example.test"], capture_output=True, text=True, timeout=10)
c.true("-z without a file", p.returncode != 0 and "expected ORIGIN:FILE" in p.stderr)
p = subprocess.run([binary], capture_output=True, text=True, timeout=10)
c.true("no arguments: usage", p.returncode == 2 and "usage:" in p.stderr)
c.report()
