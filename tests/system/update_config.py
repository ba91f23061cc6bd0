#!/usr/bin/python3
"""The zone options of updates, transfers and NOTIFY in radixd.conf: every
error names FILE:LINE and what to do, and radixd does not start; a correct
configuration with every option starts, and the journal goes where
journal: says (relative to the configuration file's folder)."""
import os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

binary = rt._find_radixd()
d = tempfile.mkdtemp(prefix="radixtest.")
zone = os.path.join(d, "dyn.test.zone")
with open(zone, "w") as f:
    f.write(ul.ZONE)
KEY = "key:\n\tname: k1\n\talgorithm: hmac-sha256\n\tsecret: \"%s\"\n" % ul.KEY_SECRET
Z = "zone:\n\tname: dyn.test\n\tzonefile: %s\n" % zone


class Dummy:
    def stop(self):
        pass

    def log(self):
        return ""


c = rt.Checker(Dummy())
CASES = [
    (Z + "\tallow-update: 127.0.0.1 k2\n", ":4: allow-update: key \"k2\" is not defined"),
    (Z + "\tallow-update: 192.0.2.0/33\n", ":4: allow-update: prefix length 33 is over 32"),
    (KEY + Z + "\tprovide-xfr: any k1 types=A\n", ":8: provide-xfr:"),
    (Z + "\tserial-policy: monthly\n", ":4: serial-policy: 'monthly' is not increment, unixtime or dateserial"),
    (Z + "\tjournal-size: 10\n", ":4: journal-size: '10' is not a number from 4096"),
    (Z + "\tzonefile-sync: soon\n", ":4: zonefile-sync: 'soon' is not a number"),
    (Z + "\tnotify: 192.0.2.1@0\n", ":4: notify: bad port in '192.0.2.1@0'"),
    (Z + "\tnotify: 192.0.2.1 nokey\n", ":4: notify: no key: block named 'nokey'"),
    (Z + "\tfrob: 1\n", ":4: unknown option 'frob' in zone:"),
    ("key:\n\tname: k1\n\talgorithm: hmac-sha999\n\tsecret: \"%s\"\n" % ul.KEY_SECRET + Z,
     "key k1:"),
]
for i, (text, want) in enumerate(CASES):
    path = os.path.join(d, "bad%d.conf" % i)
    with open(path, "w") as f:
        f.write("server:\n\tip-address: 127.0.0.1@%d\n" % rt.free_port() + text)
    p = subprocess.run([binary, "-c", path, "-d"], capture_output=True, text=True, timeout=10)
    c.true("case %d exits non-zero" % i, p.returncode != 0)
    if want.startswith(":"):
        line = int(want[1:want.index(":", 1)]) + 2
        want = ":%d:%s" % (line, want[want.index(":", 1) + 1:])
        c.true("case %d names file:line and says %r (got %r)" % (i, want, p.stderr),
               path + want in p.stderr)
    else:
        c.true("case %d says %r (got %r)" % (i, want, p.stderr), want in p.stderr)

# Every option, correct: radixd starts, takes an update, and the journal
# is where journal: says.
port = rt.free_port()
good = os.path.join(d, "good.conf")
with open(good, "w") as f:
    f.write("server:\n\tip-address: 127.0.0.1@%d\n\tworkers: 1\n" % port + KEY +
            Z + "\tallow-update: 127.0.0.1 k1\n\tallow-update: any k1 name=x.dyn.test types=A\n"
            "\tprovide-xfr: 127.0.0.1 k1\n\tallow-notify: 127.0.0.1 NOKEY\n"
            "\tnotify: 127.0.0.1@%d k1\n\tjournal: jdir.jnl\n\tjournal-size: 100000\n"
            "\tnotify: 127.0.0.1@%d NOKEY\n"  # NSD's spelling of unsigned
            "\tserial-policy: increment\n\tzonefile-sync: 30\n"
            % (rt.free_port(), rt.free_port()))
log = open(os.path.join(d, "good.log"), "w")
proc = subprocess.Popen([binary, "-c", good, "-d"], stdout=log, stderr=log)
try:
    r = rt.first_answer(proc, port, "dyn.test", "SOA", limit=30)
    ok = r is not None and r.rcode() == 0
    c.true("every option: radixd starts", ok)
    u = rt.dns.update.UpdateMessage("dyn.test")
    u.use_tsig(rt.dns.tsigkeyring.from_text({"k1": ul.KEY_SECRET}), keyname="k1",
               algorithm=rt.dns.tsig.HMAC_SHA256)
    u.add("x.dyn.test.", 300, "A", "192.0.2.1")
    r = rt.dns.query.udp(u, "127.0.0.1", port=port, timeout=5)
    c.eq("update", dns.rcode.to_text(r.rcode()), "NOERROR")
    c.true("journal where journal: says", os.path.getsize(os.path.join(d, "jdir.jnl")) > 0)
    c.true("its base beside it", os.path.exists(os.path.join(d, "jdir.jnl.base")))
finally:
    proc.terminate()
    proc.wait(10)
c.report()
