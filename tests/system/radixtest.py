"""radixtest: start the real radixd on loopback for a system test.

A test script imports this module, builds a Server (zones as text, extra
configuration lines), and queries it with dnspython, dig or kdig. The server
is always stopped by its PID. Scripts exit 77 (skipped) when a tool they need
is missing, and every script is bounded in time by an alarm.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

try:
    import dns.edns
    import dns.flags
    import dns.message
    import dns.opcode
    import dns.query
    import dns.rcode
    import dns.rdataclass
    import dns.rdatatype
except ImportError:
    print("radixtest: python3-dnspython is missing; apt-get install python3-dnspython")
    sys.exit(77)

SKIP = 77

# The zone most scenarios use: one of each kind of data answering needs.
# SOA TTL 3600 and MINIMUM 300: negative answers carry TTL 300 (RFC 2308 §3).
EXAMPLE_ZONE = """\
$ORIGIN example.test.
$TTL 3600
@		SOA	ns1 hostmaster 2026112701 7200 1800 1209600 300
@		NS	ns1
@		NS	ns2.other.test.
@		MX	10 mail
@		A	192.0.2.1
ns1		A	192.0.2.53
ns1		AAAA	2001:db8::53
mail		A	192.0.2.25
mail		AAAA	2001:db8::25
www		A	192.0.2.80
www		AAAA	2001:db8::80
www		TXT	"hello"
cname1		CNAME	cname2
cname2		CNAME	www
loop1		CNAME	loop2
loop2		CNAME	loop1
ext		CNAME	www.elsewhere.invalid.
dname		DNAME	target.example.test.
host.target	A	192.0.2.99
*.wild		A	192.0.2.77
*.wild		TXT	"wild"
a.b.w2		A	192.0.2.41
*.w2		A	192.0.2.42
*.wc		CNAME	www
_sip._udp	SRV	10 60 5060 sip
sip		A	192.0.2.60
deleg		NS	ns.deleg
deleg		NS	ns.other.test.
deleg		DS	12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.deleg	A	192.0.2.200
ns.deleg	AAAA	2001:db8::200
"""


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def need_tool(name):
    """Exit 77 when the command-line tool name is not installed."""
    if shutil.which(name) is None:
        skip("%s is not installed" % name)


def _find_radixd():
    cands = []
    if os.environ.get("RADIXD"):
        cands.append(os.environ["RADIXD"])
    for var in ("top_builddir", "abs_top_builddir"):
        if os.environ.get(var):
            cands.append(os.path.join(os.environ[var], "src/server/radixd"))
    cands.append(os.path.join(os.getcwd(), "src/server/radixd"))
    for c in cands:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    skip("radixd is not built (looked in %s); run make first" % ", ".join(cands))


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
        except OSError:
            t.close()
            u.close()
            continue
        t.close()
        u.close()
        return port
    raise RuntimeError("no free port found on 127.0.0.1")


def first_answer(proc, port, name, rdtype, limit=10.0):
    """The first UDP answer from 127.0.0.1@port to name/rdtype while proc
    (a radixd started by the caller) runs, retried until limit seconds;
    None when proc exited or nothing answered."""
    end = time.time() + limit
    while time.time() < end and proc.poll() is None:
        try:
            return dns.query.udp(dns.message.make_query(name, rdtype),
                                 "127.0.0.1", port=port, timeout=0.3)
        except Exception:
            time.sleep(0.05)
    return None


class Server:
    """One radixd in the foreground on 127.0.0.1, with its own directory."""

    def __init__(self, zones=None, server_conf=(), workers=2, timeout=60,
                 listen=("127.0.0.1",), cmdline=False):
        self.listen = list(listen)
        self.cmdline = cmdline
        self.zones = zones if zones is not None else {"example.test": EXAMPLE_ZONE}
        self.server_conf = list(server_conf)
        self.workers = workers
        self.dir = tempfile.mkdtemp(prefix="radixtest.")
        self.port = None
        self.proc = None
        self.logpath = os.path.join(self.dir, "radixd.log")
        # Every test script is bounded in time.
        signal.signal(signal.SIGALRM, self._timeout)
        signal.alarm(timeout)

    def _timeout(self, signum, frame):
        self.stop()
        print("FAIL: the test took too long")
        print(self.log())
        os._exit(1)

    def zone_path(self, origin):
        return os.path.join(self.dir, origin.rstrip(".") + ".zone")

    def write_zone(self, origin, text):
        path = self.zone_path(origin)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, path)

    def write_conf(self):
        lines = ["server:"]
        lines += ["\tip-address: %s@%d" % (a, self.port) for a in self.listen]
        lines += ["\tworkers: %d" % self.workers,
                 "\tlog-level: info"]
        lines += ["\t" + x for x in self.server_conf]
        for origin in self.zones:
            lines += ["zone:", "\tname: %s" % origin,
                      "\tzonefile: %s" % self.zone_path(origin)]
        path = os.path.join(self.dir, "radixd.conf")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def start(self, wait=True):
        binary = _find_radixd()
        for origin, text in self.zones.items():
            self.write_zone(origin, text)
        for _ in range(5):
            self.port = free_port()
            self.logf = open(self.logpath, "a")
            self.proc = subprocess.Popen([binary] + self.args() + ["-d"],
                                         stdin=subprocess.DEVNULL,
                                         stdout=self.logf, stderr=self.logf)
            if not wait or (self.wait_ready() and self.wait_workers()):
                return self
            if self.proc.poll() is None:
                break
            self.logf.close()  # lost a race for the port: try another one
        self.stop()
        raise RuntimeError("radixd did not start:\n" + self.log())

    def args(self):
        """radixd's arguments: -c with a written configuration, or -z/-l/-n."""
        if not self.cmdline:
            return ["-c", self.write_conf()]
        args = []
        for origin in self.zones:
            args += ["-z", "%s:%s" % (origin, self.zone_path(origin))]
        for a in self.listen:
            args += ["-l", "%s@%d" % (a, self.port)]
        return args + ["-n", str(self.workers), "-v", "info"]

    def wait_ready(self, limit=10.0):
        """True once radixd answers a query for the first zone's SOA."""
        origin = next(iter(self.zones))
        end = time.time() + limit
        while time.time() < end:
            r = first_answer(self.proc, self.port, origin, "SOA",
                             end - time.time())
            if r is None:
                return False
            if r.rcode() == dns.rcode.NOERROR:
                return True
            time.sleep(0.05)
        return False

    def wait_workers(self, limit=5.0):
        """True once main has all its workers (one may answer first)."""
        end = time.time() + limit
        while time.time() < end:
            if len(self.workers_pids()) == self.workers:
                return True
            time.sleep(0.02)
        return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def signal(self, sig):
        self.proc.send_signal(sig)

    def log(self):
        try:
            with open(self.logpath) as f:
                return f.read()
        except OSError:
            return ""

    def workers_pids(self):
        """PIDs of radixd's worker processes (children of main)."""
        pids = []
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    st = f.read()
            except OSError:
                continue
            fields = st[st.rindex(")") + 2:].split()
            if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                pids.append(int(p))
        return sorted(pids)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if exc[0] is not None:
            print("--- radixd log ---")
            print(self.log())
        return False

    # Queries.
    def make(self, name, rdtype="A", rdclass="IN", edns=-1, payload=1232,
             flags=None, **kw):
        q = dns.message.make_query(name, rdtype, rdclass, use_edns=edns,
                                   payload=payload, **kw)
        if isinstance(edns, int) and edns > 0:
            # make_query takes use_edns=1 for True (version 0): set it here.
            q.use_edns(edns, payload=payload)
        if flags is not None:
            q.flags = flags
        return q

    def query(self, name, rdtype="A", tcp=False, timeout=2.0, **kw):
        q = self.make(name, rdtype, **kw)
        return self.send(q, tcp=tcp, timeout=timeout)

    def send(self, q, tcp=False, timeout=2.0, addr="127.0.0.1"):
        if tcp:
            return dns.query.tcp(q, addr, port=self.port, timeout=timeout)
        # dnspython checks that the reply comes from the address asked.
        return dns.query.udp(q, addr, port=self.port, timeout=timeout,
                             ignore_trailing=False)

    def send_raw(self, wire, tcp=False, timeout=1.0):
        """Send raw bytes; return the raw reply, or None when none came."""
        if tcp:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
            try:
                s.sendall(len(wire).to_bytes(2, "big") + wire)
                hdr = _recv_exact(s, 2)
                if hdr is None:
                    return None
                return _recv_exact(s, int.from_bytes(hdr, "big"))
            except socket.timeout:
                return None
            finally:
                s.close()
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(timeout)
        try:
            s.sendto(wire, ("127.0.0.1", self.port))
            return s.recv(65535)
        except socket.timeout:
            return None
        finally:
            s.close()

    def dig(self, *args):
        """Run dig against the server; returns its standard output."""
        cmd = ["dig", "@127.0.0.1", "-p", str(self.port), "+tries=1",
               "+time=2"] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=20).stdout

    def kdig(self, *args):
        cmd = ["kdig", "@127.0.0.1", "-p", str(self.port), "+retry=0",
               "+time=2"] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=20).stdout


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def rrs(section):
    """A section as a sorted list of 'owner ttl class type rdata' lines."""
    out = []
    for rrset in section:
        for line in rrset.to_text().splitlines():
            out.append(" ".join(line.split()))
    return sorted(out)


def flags_text(msg):
    return sorted(dns.flags.to_text(msg.flags).lower().split())


class Checker:
    """Collects failed expectations; report() prints them and exits."""

    def __init__(self, server):
        self.server = server
        self.failures = []
        self.checks = 0

    def eq(self, what, got, want):
        self.checks += 1
        if got != want:
            self.failures.append("%s:\n   got:  %r\n   want: %r" % (what, got, want))

    def true(self, what, cond):
        self.checks += 1
        if not cond:
            self.failures.append(what)

    def answer(self, what, r, rcode="NOERROR", flags=("aa", "qr"),
               answer=None, authority=None, additional=None):
        """Check rcode, flags and the exact records of each given section."""
        self.eq(what + ": rcode", dns.rcode.to_text(r.rcode()), rcode)
        self.eq(what + ": flags", [f for f in flags_text(r) if f != "rd"],
                sorted(flags))
        if answer is not None:
            self.eq(what + ": answer", rrs(r.answer), sorted(answer))
        if authority is not None:
            self.eq(what + ": authority", rrs(r.authority), sorted(authority))
        if additional is not None:
            self.eq(what + ": additional", rrs(r.additional), sorted(additional))

    def report(self):
        self.server.stop()
        # A sanitizer build reports memory errors and leaks in the log.
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                    "runtime error:"):
            if bad in self.server.log():
                self.failures.append("sanitizer report in the log: " + bad)
        if self.failures:
            for f in self.failures:
                print("FAIL: " + f)
            print("--- radixd log ---")
            print(self.server.log())
            sys.exit(1)
        print("PASS: %d checks" % self.checks)
        sys.exit(0)


def shared_data(name):
    """The path of a file of the team's shared data folder (the root zone):
    $RADIX_SHARED/data/NAME when RADIX_SHARED is set (contrib/test-all.sh
    sets it, since distcheck builds from a copy of the tree that has no
    ../shared beside it), else ../shared/data/NAME beside the source tree."""
    base = os.environ.get("RADIX_SHARED") or os.path.join(
        os.environ.get("top_srcdir") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", ".."),
        "..", "shared")
    return os.path.join(base, "data", name)
