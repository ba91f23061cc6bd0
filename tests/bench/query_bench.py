#!/usr/bin/python3
"""Query benchmark (issue 3 point 5): radixd, NSD, Knot and a UDP echo floor.

Each server serves the same generated zone with one worker pinned to core 0
(taskset -c 0); dnsperf runs pinned to core 1.  Servers alternate over
several rounds; every round starts the server afresh from its own
configuration in a temporary directory, in the foreground as our own process
on 127.0.0.1 and a free high port, and stops it by PID.

Per run it records: queries per second and lost queries (dnsperf), server
CPU microseconds per answered query (utime+stime of the server's process
tree from /proc/PID/stat, including reaped children, before and after the
run, divided by the queries dnsperf saw answered) and memory after load (PSS
summed over the process tree from /proc/PID/smaps_rollup).  It prints the
medians and the ratios radixd/NSD, radixd/Knot and radixd/echo, then one TCP
run per server (dnsperf -m tcp: each client one connection carrying many
queries).  tests/bench/query.sh is the entry point.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "bench.example."
CLK = os.sysconf("SC_CLK_TCK")


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    while True:
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            return port
        except OSError:
            pass
        finally:
            t.close()
            u.close()


def stop_process(p):
    """SIGTERM to p, SIGKILL if it has not exited 20 s later."""
    if p.poll() is not None:
        return
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def proc_tree(root):
    """PIDs of root and all its descendants."""
    children = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(p))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_ticks(root):
    """utime+stime of the tree, plus cutime+cstime of children reaped."""
    total = 0
    for p in proc_tree(root):
        try:
            with open("/proc/%d/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        # Fields 14-17 of proc(5): utime stime cutime cstime.
        total += sum(int(x) for x in fields[11:15])
    return total


def pss_kib(root):
    total = 0
    for p in proc_tree(root):
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def dns_ready(port, limit):
    """True once something on port answers an SOA query for ORIGIN."""
    q = bytearray(b"\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00")
    for label in ORIGIN.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\x00\x00\x06\x00\x01"
    end = time.time() + limit
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.2)
    try:
        while time.time() < end:
            try:
                s.sendto(bytes(q), ("127.0.0.1", port))
                r = s.recv(4096)
                # An answer with QR set and rcode NOERROR (RFC 1035 §4.1.1).
                if len(r) >= 12 and r[2] & 0x80 and r[3] & 0x0f == 0:
                    return True
            except OSError:
                time.sleep(0.1)
    finally:
        s.close()
    return False


class Bench:
    def __init__(self, a):
        self.a = a
        self.dir = a.dir or tempfile.mkdtemp(prefix="radix-qbench.")
        os.makedirs(self.dir, exist_ok=True)
        self.zone = os.path.join(self.dir, "bench.zone")
        self.queries = os.path.join(self.dir, "queries.txt")
        self.proc = None

    def log(self, msg):
        print(msg, flush=True)

    def prepare(self):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_zone.py"),
                        "-n", str(self.a.records), "-s", str(self.a.seed),
                        "-o", ORIGIN, "-z", self.zone, "-q", self.queries,
                        "-Q", str(self.a.nqueries)], check=True)
        self.echo = os.path.join(self.dir, "echo-floor")
        subprocess.run(["cc", "-O2", "-o", self.echo,
                        os.path.join(HERE, "echo.c")], check=True)

    def cmd(self, server, port):
        d = os.path.join(self.dir, server)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        if server == "radixd":
            return [self.a.radixd, "-z", "%s:%s" % (ORIGIN, self.zone),
                    "-l", "127.0.0.1@%d" % port, "-n", "1", "-v", "warning",
                    "-d"]
        if server == "echo":
            return [self.echo, "127.0.0.1", str(port)]
        if server == "nsd":
            conf = os.path.join(d, "nsd.conf")
            with open(conf, "w") as f:
                f.write(NSD_CONF % {"d": d, "port": port, "zone": self.zone,
                                    "origin": ORIGIN})
            return ["nsd", "-d", "-c", conf]
        if server == "knot":
            conf = os.path.join(d, "knot.conf")
            with open(conf, "w") as f:
                f.write(KNOT_CONF % {"d": d, "port": port, "zone": self.zone,
                                     "origin": ORIGIN})
            return ["knotd", "-c", conf]
        raise ValueError(server)

    def start(self, server):
        port = free_port()
        argv = ["taskset", "-c", "0"] + self.cmd(server, port)
        logf = open(os.path.join(self.dir, server + ".log"), "a")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=logf, stderr=logf,
                                     start_new_session=True)
        logf.close()
        if not dns_ready(port, 120):
            self.stop()
            raise RuntimeError("%s did not answer on port %d; see %s" %
                               (server, port, os.path.join(
                                   self.dir, server + ".log")))
        return port

    def stop(self):
        p = self.proc
        self.proc = None
        if p is not None:
            stop_process(p)

    def dnsperf(self, port, mode, duration):
        argv = ["taskset", "-c", "1", "dnsperf", "-s", "127.0.0.1",
                "-p", str(port), "-d", self.queries, "-l", str(duration),
                "-c", str(self.a.clients), "-q", str(self.a.outstanding)]
        if mode == "tcp":
            argv += ["-m", "tcp"]
        if self.a.max_qps:
            argv += ["-Q", str(self.a.max_qps)]
        r = subprocess.run(argv, capture_output=True, text=True,
                           timeout=duration + 60)
        out = r.stdout
        m = {}
        for key, pat in (("sent", r"Queries sent:\s+(\d+)"),
                         ("completed", r"Queries completed:\s+(\d+)"),
                         ("lost", r"Queries lost:\s+(\d+)"),
                         ("qps", r"Queries per second:\s+([\d.]+)")):
            g = re.search(pat, out)
            if not g:
                raise RuntimeError("dnsperf output not understood:\n" +
                                   out + r.stderr)
            m[key] = float(g.group(1))
        rc = re.search(r"Response codes:\s+(.*)", out)
        m["rcodes"] = rc.group(1).strip() if rc else ""
        return m, " ".join(argv)

    def run_one(self, server, mode, duration):
        port = self.start(server)
        try:
            # A short warm-up so that the measured run sees a steady state.
            self.dnsperf(port, mode, 2)
            root = self.proc.pid
            t0 = cpu_ticks(root)
            m, argv = self.dnsperf(port, mode, duration)
            t1 = cpu_ticks(root)
            m["pss"] = pss_kib(root) / 1024.0
            m["nproc"] = len(proc_tree(root))
            m["cpu_us"] = ((t1 - t0) * 1e6 / CLK / m["completed"]
                           if m["completed"] else float("inf"))
            m["cpu_s"] = (t1 - t0) / CLK
        finally:
            self.stop()
        load = open("/proc/loadavg").read().split()[0]
        self.log("  %-6s %-3s qps %9.0f  lost %6d  cpu %6.2f us/q "
                 "(%.2f s)  pss %7.1f MiB  load %s  rcodes %s" %
                 (server, mode, m["qps"], m["lost"], m["cpu_us"], m["cpu_s"],
                  m["pss"], load, m["rcodes"]))
        return m, argv


NSD_CONF = """\
server:
	ip-address: 127.0.0.1@%(port)d
	do-ip6: no
	server-count: 1
	reuseport: no
	username: ""
	chroot: ""
	zonesdir: "%(d)s"
	database: ""
	zonelistfile: "%(d)s/zone.list"
	xfrdfile: "%(d)s/xfrd.state"
	xfrdir: "%(d)s"
	pidfile: "%(d)s/nsd.pid"
	logfile: "%(d)s/nsd.log"
	verbosity: 0
	tcp-count: 200
	hide-version: yes
	zonefiles-write: 0
	# Debian builds NSD with response rate limiting on (200 qps by default):
	# off, as the other servers have none.
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
remote-control:
	control-enable: no
zone:
	name: "%(origin)s"
	zonefile: "%(zone)s"
"""

KNOT_CONF = """\
server:
    rundir: "%(d)s"
    listen: 127.0.0.1@%(port)d
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "%(d)s"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "%(d)s"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
  - domain: "%(origin)s"
    file: "%(zone)s"
"""


def median(rows, key):
    return statistics.median(r[key] for r in rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("-n", "--records", type=int, default=200000,
                    help="zone records (default 200000: about 120,000 names)")
    ap.add_argument("-s", "--seed", type=int, default=1)
    ap.add_argument("-l", "--duration", type=int, default=15,
                    help="seconds per dnsperf run (default 15)")
    ap.add_argument("-c", "--clients", type=int, default=4)
    ap.add_argument("-q", "--outstanding", type=int, default=100)
    ap.add_argument("-Q", "--max-qps", type=int, default=0,
                    help="dnsperf -Q: limit on queries per second")
    ap.add_argument("--nqueries", type=int, default=200000)
    ap.add_argument("--servers", default="radixd,nsd,knot,echo")
    ap.add_argument("--no-tcp", action="store_true")
    ap.add_argument("--radixd", default=os.environ.get("RADIXD"))
    ap.add_argument("-d", "--dir", help="work directory (default: temporary)")
    a = ap.parse_args()

    servers = a.servers.split(",")
    if "radixd" in servers and not a.radixd:
        cand = os.path.join(os.getcwd(), "src/server/radixd")
        a.radixd = cand if os.access(cand, os.X_OK) else shutil.which("radixd")
    need = {"radixd": a.radixd, "nsd": "nsd", "knot": "knotd", "echo": "cc"}
    for s in servers:
        if not need[s] or not shutil.which(need[s]):
            print("query.sh: %s is missing" % s)
            sys.exit(77)
    for t in ("dnsperf", "taskset"):
        if not shutil.which(t):
            print("query.sh: %s is missing" % t)
            sys.exit(77)
    if os.cpu_count() < 2:
        print("query.sh: needs two cores (server on 0, dnsperf on 1)")
        sys.exit(77)

    b = Bench(a)
    signal.signal(signal.SIGTERM, lambda *x: (b.stop(), sys.exit(1)))
    try:
        b.prepare()
        print("machine: %d CPUs, load average %s" %
              (os.cpu_count(), open("/proc/loadavg").read().split()[:3]))
        print("radixd: %s" % a.radixd)
        res = {s: [] for s in servers}
        argv = {}
        for r in range(a.rounds):
            order = servers[r % len(servers):] + servers[:r % len(servers)]
            print("round %d (UDP)" % (r + 1), flush=True)
            for s in order:
                m, argv["udp"] = b.run_one(s, "udp", a.duration)
                res[s].append(m)
        tcp = {}
        if not a.no_tcp:
            print("TCP", flush=True)
            for s in servers:
                if s != "echo":
                    tcp[s], argv["tcp"] = b.run_one(s, "tcp", a.duration)
    finally:
        b.stop()
        if not a.dir:
            shutil.rmtree(b.dir, ignore_errors=True)

    print()
    print("UDP medians over %d rounds (%s)" % (a.rounds, argv["udp"]))
    print("%-7s %10s %8s %10s %10s" % ("server", "qps", "lost",
                                        "cpu us/q", "PSS MiB"))
    med = {}
    for s in servers:
        med[s] = {k: median(res[s], k)
                  for k in ("qps", "lost", "cpu_us", "pss")}
        print("%-7s %10.0f %8d %10.2f %10.1f" %
              (s, med[s]["qps"], med[s]["lost"], med[s]["cpu_us"],
               med[s]["pss"]))
    if tcp:
        print()
        print("TCP, one run (%s)" % argv["tcp"])
        for s, m in tcp.items():
            print("%-7s %10.0f %8d %10.2f %10.1f" %
                  (s, m["qps"], m["lost"], m["cpu_us"], m["pss"]))
    if "radixd" in servers:
        print()
        print("ratios radixd/other   %8s %8s %8s %8s" %
              ("qps", "cpu/q", "PSS", "tcp cpu/q"))
        for s in servers:
            if s == "radixd":
                continue
            t = ("%8.2f" % (tcp["radixd"]["cpu_us"] / tcp[s]["cpu_us"])
                 if s in tcp and "radixd" in tcp else "%8s" % "-")
            print("radixd/%-14s %8.2f %8.2f %8.2f %s" %
                  (s, med["radixd"]["qps"] / med[s]["qps"],
                   med["radixd"]["cpu_us"] / med[s]["cpu_us"],
                   med["radixd"]["pss"] / med[s]["pss"], t))
        # The machine's speed drifts between rounds; within a round the
        # four servers run one after the other, so the ratio of each round
        # is also shown, and its median beside the ratio of the medians.
        print()
        print("UDP cpu/q ratio per round (median)")
        for s in servers:
            if s == "radixd":
                continue
            per = [r["cpu_us"] / o["cpu_us"]
                   for r, o in zip(res["radixd"], res[s])]
            print("radixd/%-14s %s  (%.2f)" %
                  (s, " ".join("%.2f" % x for x in per),
                   statistics.median(per)))


if __name__ == "__main__":
    main()
