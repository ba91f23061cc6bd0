#!/usr/bin/python3
"""guide_examples: every marked block of doc/guide.md, run as written.

The guide marks each block the test runs with a comment on the line before
its fence: <!-- test: LAB KIND [NAME] -->. LAB groups the blocks of one
walk-through (each lab gets a fresh directory with zones/example.com.zone
from the source tree); KIND is
  file NAME  write the block to NAME in the lab's directory;
  run        run it with sh -e there; it must exit 0;
  refused    run it; it must fail with REFUSED (an update the key may not do);
  output     the lines the previous run block printed (compared as sorted
             lines with blanks collapsed; times, lag-ms and journal-size
             numbers are not compared); "output retry" re-runs that block
             until they match, for at most 40 s (a secondary catching up);
  start      start the command in the background (a daemon in the
             foreground), stopped by its PID when the lab ends.
The only changes made to a block: ports 5353-5356 become free ports, the
secret of a key: block becomes the one tsig-keygen wrote to NAME.key when
the lab made that file (as the guide tells the reader to copy it), and in
the migration labs the 192.0.2.x secondaries become 127.0.2.x so that
nothing leaves loopback; in what commands print, the lab's directory reads
as /home/op/lab, the directory the guide works in. Beyond the guide's own outputs the test checks that
the ACME key changed nothing but the challenge (the zone's other records are
intact after the refused updates) and drives certbot's RFC 2136 plugin with
the guide's credentials file when python3-certbot-dns-rfc2136 is installed.
"""
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.message
import dns.query
import dns.rcode

for tool in ("dig", "nsupdate", "tsig-keygen", "knotc", "knotd",
             "nsd-checkconf", "named-checkconf"):
    rt.need_tool(tool)

TOP = os.environ.get("top_srcdir") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
GUIDE = os.path.join(TOP, "doc", "guide.md")
LABS = ("quickstart", "registrar", "acme", "secondaries", "from-nsd",
        "from-bind")
MARK = re.compile(r"^<!-- test: (\S+) (\S+)(?: (\S+))? -->\n```[a-z]*\n(.*?)^```$",
                  re.M | re.S)
VARIABLE = [(re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME"),
            (re.compile(r"lag-ms \d+"), "lag-ms N"),
            (re.compile(r"journal-size: \d+"), "journal-size: N")]

failures = []
checks = 0


def fail(what):
    failures.append(what)
    print("FAIL: " + what)


def blocks():
    """{lab: [(kind, arg, text), ...]} in the guide's order."""
    with open(GUIDE) as f:
        text = f.read()
    labs = {}
    for m in MARK.finditer(text):
        labs.setdefault(m.group(1), []).append((m.group(2), m.group(3),
                                                m.group(4)))
    return labs


def bindirs():
    radixd = rt._find_radixd()
    server = os.path.dirname(radixd)
    tools = os.path.join(os.path.dirname(server), "tools")
    for t in ("radixctl", "radix-checkzone"):
        if not os.access(os.path.join(tools, t), os.X_OK):
            rt.skip("%s is not built in %s" % (t, tools))
    return [server, tools]


def normalize(text):
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        for rx, repl in VARIABLE:
            line = rx.sub(repl, line)
        if line:
            out.append(line)
    return sorted(out)


class Lab:
    def __init__(self, name, env):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="guide-%s." % name)
        os.makedirs(os.path.join(self.dir, "zones"))
        shutil.copy(os.path.join(TOP, "zones", "example.com.zone"),
                    os.path.join(self.dir, "zones"))
        self.ports = {}
        used = set()
        for p in range(5353, 5357):
            q = rt.free_port()
            while q in used:
                q = rt.free_port()
            used.add(q)
            self.ports[p] = q
        self.env = env
        self.procs = []
        self.last = None

    def subst(self, text):
        return re.sub(r"\b(535[3-6])\b",
                      lambda m: str(self.ports[int(m.group(1))]), text)

    def unsubst(self, text):
        back = {str(v): str(k) for k, v in self.ports.items()}
        text = text.replace(self.dir, "/home/op/lab")
        return re.sub(r"\b(\d{4,5})\b", lambda m: back.get(m.group(1),
                                                          m.group(1)), text)

    def keyed(self, text):
        """Put the secret of each key tsig-keygen wrote in the lab (into
        FILE.key) where the guide says to copy it: the key: block of that
        name and the certbot credentials that name it."""
        secrets = {}
        for f in os.listdir(self.dir):
            if f.endswith(".key"):
                with open(os.path.join(self.dir, f)) as kf:
                    m = re.search(r'key "([^"]+)" \{.*?secret "([^"]+)"',
                                  kf.read(), re.S)
                if m:
                    secrets[m.group(1)] = m.group(2)

        def conf(m):
            if m.group(2) not in secrets:
                return m.group(0)
            return m.group(1) + '"%s"' % secrets[m.group(2)]
        text = re.sub(r'(name: (\S+)\n\s*algorithm: \S+\n\s*secret: )"[^"]*"',
                      conf, text)
        m = re.search(r"^dns_rfc2136_name = (\S+)$", text, re.M)
        if m and m.group(1) in secrets:
            text = re.sub(r"^(dns_rfc2136_secret = ).*$",
                          lambda x: x.group(1) + secrets[m.group(1)], text,
                          flags=re.M)
        return text

    def write(self, name, text):
        text = self.keyed(self.subst(text))
        if self.name.startswith("from-") and name == "radixd.conf":
            text = text.replace("192.0.2.", "127.0.2.")
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def run(self, text):
        p = subprocess.run(["sh", "-e", "-c", self.subst(text)], cwd=self.dir,
                           env=self.env, capture_output=True, text=True,
                           timeout=60, stdin=subprocess.DEVNULL)
        return p.returncode, self.unsubst(p.stdout), self.unsubst(p.stderr)

    def start(self, text):
        argv = shlex.split(self.subst(text))
        log = open(os.path.join(self.dir, "%s.%d.log" % (argv[0], len(self.procs))), "w")
        proc = subprocess.Popen(argv, cwd=self.dir, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
        self.procs.append((argv[0], proc, log.name))
        # Ready once it answers on its port, whatever the answer (radixd
        # answers only once its zones are loaded).
        conf = os.path.join(self.dir, argv[argv.index("-c") + 1])
        with open(conf) as f:
            m = re.search(r"127\.0\.0\.1@(\d+)|port (\d+)", f.read())
        port = int(m.group(1) or m.group(2))
        end = time.time() + 20
        while time.time() < end:
            if proc.poll() is not None:
                return "%s exited with %d:\n%s" % (argv[0], proc.returncode,
                                                   self.logs())
            try:
                q = dns.message.make_query("example.com", "SOA")
                dns.query.udp(q, "127.0.0.1", port=port, timeout=0.3)
                return None
            except Exception:
                pass
            time.sleep(0.1)
        return "%s did not answer on port %d:\n%s" % (argv[0], port,
                                                      self.logs())

    def logs(self):
        out = ""
        for name, proc, path in self.procs:
            with open(path) as f:
                out += "--- %s log ---\n%s" % (name, f.read())
        return out

    def stop(self):
        for name, proc, path in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            with open(path) as f:
                text = f.read()
            for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                        "runtime error:"):
                if name == "radixd" and bad in text:
                    fail("%s: sanitizer report in radixd's log:\n%s" % (self.name, text))

    def soa(self, name, rdtype):
        q = dns.message.make_query(name, rdtype)
        return dns.query.udp(q, "127.0.0.1", port=self.ports[5353], timeout=2)


def run_lab(lab, steps):
    global checks
    for i, (kind, arg, text) in enumerate(steps):
        where = "%s block %d (%s%s)" % (lab.name, i + 1, kind,
                                         " " + arg if arg else "")
        checks += 1
        if kind == "file":
            lab.write(arg, text)
        elif kind == "start":
            err = lab.start(text)
            if err:
                fail("%s: %s" % (where, err))
                return
        elif kind == "run":
            lab.last = text
            rc, out, err = lab.run(text)
            lab.out = out
            if rc != 0:
                fail("%s: exit %d\n%s%s\n%s" % (where, rc, out, err, lab.logs()))
                return
        elif kind == "refused":
            rc, out, err = lab.run(text)
            if rc == 0 or "REFUSED" not in out + err:
                fail("%s: not REFUSED: exit %d\n%s%s" % (where, rc, out, err))
        elif kind == "output":
            want = normalize(text)
            got = normalize(lab.out)
            end = time.time() + 40
            while got != want and arg == "retry" and time.time() < end:
                time.sleep(0.5)
                rc, out, err = lab.run(lab.last)
                got = normalize(out)
            if got != want:
                fail("%s: the guide shows\n  %s\nbut the command printed\n  %s\n%s"
                     % (where, "\n  ".join(want), "\n  ".join(got), lab.logs()))
        else:
            fail("%s: unknown kind %r in the test: marker" % (where, kind))


def acme_extra(lab):
    """After the refused updates: only the challenge names ever changed."""
    global checks
    for name, rdtype, want in (("www.example.com", "A", ["192.0.2.80"]),
                               ("_acme-challenge.www.example.com", "CNAME", [])):
        checks += 1
        r = lab.soa(name, rdtype)
        got = sorted(rd.to_text() for rrset in r.answer for rd in rrset)
        if got != want:
            fail("acme: %s %s is %r after the refused updates, not %r"
                 % (name, rdtype, got, want))
    try:
        from certbot_dns_rfc2136._internal import dns_rfc2136
    except ImportError:
        print("NOTE: python3-certbot-dns-rfc2136 is missing; the certbot "
              "part of the ACME walk-through is not checked")
        return
    import types
    ini = os.path.join(lab.dir, "rfc2136.ini")
    os.chmod(ini, 0o600)
    cfg = types.SimpleNamespace(dns_rfc2136_credentials=ini,
                                dns_rfc2136_propagation_seconds=0)
    auth = dns_rfc2136.Authenticator(cfg, "dns-rfc2136")
    auth._setup_credentials()
    token = "certbot-plugin-token"
    checks += 3
    try:
        auth._perform("www.example.com", "_acme-challenge.www.example.com",
                      token)
        r = lab.soa("_acme-challenge.www.example.com", "TXT")
        got = [rd.to_text() for rrset in r.answer for rd in rrset]
        if got != ['"%s"' % token]:
            fail("acme: after certbot's plugin added the challenge, TXT is %r"
                 % got)
        auth._cleanup("www.example.com", "_acme-challenge.www.example.com",
                      token)
        r = lab.soa("_acme-challenge.www.example.com", "TXT")
        if r.answer:
            fail("acme: certbot's plugin did not remove the challenge: %r"
                 % r.answer)
    except Exception as e:
        fail("acme: certbot's RFC 2136 plugin with the guide's rfc2136.ini: "
             "%s\n%s" % (e, lab.logs()))


def main():
    signal.signal(signal.SIGALRM, lambda *a: (print("FAIL: the test took too long"),
                                              os._exit(1)))
    signal.alarm(400)
    if not os.path.isfile(GUIDE):
        rt.skip("no %s" % GUIDE)
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(bindirs() + [env.get("PATH", "/usr/bin:/bin")])
    labs = blocks()
    for name in LABS:
        if name not in labs:
            fail("doc/guide.md has no marked block of the %s walk-through" % name)
    for name, steps in labs.items():
        lab = Lab(name, env)
        print("--- %s: %d blocks in %s" % (name, len(steps), lab.dir))
        try:
            run_lab(lab, steps)
            if name == "acme" and not failures:
                acme_extra(lab)
        finally:
            lab.stop()
        if not failures:
            shutil.rmtree(lab.dir, ignore_errors=True)
    if failures:
        print("%d of %d checks failed" % (len(failures), checks))
        sys.exit(1)
    print("PASS: %d checks" % checks)


main()
