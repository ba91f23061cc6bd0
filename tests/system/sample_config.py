#!/usr/bin/python3
"""contrib/radixd.conf, the sample that documents every option (issue 6
point 3), is a configuration radixd accepts: copied to a temporary
directory with its listen address moved to a free port and its zone file
path made absolute, radixd starts on it, answers from its zone, and says
nothing of unknown options. Also checks that every option the parser
knows (src/server/conf.c) appears in the sample, commented or not, and in
radixd.conf(5)."""
import os, re, shutil, signal, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.rcode

top = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "../.."))
sample = os.path.join(top, "contrib/radixd.conf")
man = os.path.join(top, "doc/radixd.conf.5")
conf_c = os.path.join(top, "src/server/conf.c")
radixd = rt._find_radixd()
failures = []

text = open(sample).read()
# Options the parser knows, and the aliases radixd.conf(5) lists beside them.
known = set(re.findall(r'strcmp\(n, "([a-z0-9-]+)"\)', open(conf_c).read()))
aliases = {"listen", "server-count", "username", "verbosity",
           "ipv4-edns-size", "key", "server", "zone", "name", "algorithm",
           "secret", "file"}
mantext = open(man).read()
for o in sorted(known):
    if o in aliases:
        continue
    if not re.search(r"^\s*#?\s*%s:" % re.escape(o), text, re.M):
        failures.append("option %s: not in contrib/radixd.conf" % o)
    if not re.search(r"^\.It Ic %s\b" % re.escape(o), mantext, re.M) and \
            not re.search(r"Ic %s :" % re.escape(o), mantext):
        failures.append("option %s: not in doc/radixd.conf.5" % o)

d = tempfile.mkdtemp(prefix="radixsample.")
port = rt.free_port()
zone = os.path.abspath(os.path.join(top, "zones/example.com.zone"))
conf = re.sub(r"ip-address: 127\.0\.0\.1@5353", "ip-address: 127.0.0.1@%d" % port, text)
conf = conf.replace("zonefile: ../zones/example.com.zone", "zonefile: %s" % zone)
if conf == text:
    failures.append("the sample's listen address or zone file moved; update this test")
path = os.path.join(d, "radixd.conf")
with open(path, "w") as f:
    f.write(conf)
log = open(os.path.join(d, "radixd.log"), "w")
proc = subprocess.Popen([radixd, "-c", path, "-d"], stdout=log, stderr=log)
try:
    r = rt.first_answer(proc, port, "www.example.com", "A", limit=30)
    if r is None:
        failures.append("radixd did not answer on the sample configuration")
    elif r.rcode() != dns.rcode.NOERROR or not r.answer:
        failures.append("www.example.com A: %s, %d answers"
                        % (dns.rcode.to_text(r.rcode()), len(r.answer)))
finally:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.wait(10)
    log.close()
out = open(os.path.join(d, "radixd.log")).read()
for bad in ("unknown", "error", "ERROR: AddressSanitizer", "runtime error:"):
    if bad in out:
        failures.append("the log says %r:\n%s" % (bad, out))
shutil.rmtree(d, ignore_errors=True)
if failures:
    for f in failures:
        print("FAIL: " + f)
    sys.exit(1)
print("PASS: %d options documented; radixd served the sample" % len(known - aliases))
