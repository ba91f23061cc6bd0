#!/usr/bin/python3
"""Update benchmark (issue 4): acknowledged RFC 2136 updates per second from
1 and from 8 TCP clients against radixd and Knot (knotd with its default
journal settings), in the same run, servers alternating over the rounds.

Every client is one process with one TCP connection. Before the timed part
it builds and TSIG-signs (hmac-sha256) its whole pool of UPDATE messages with
dnspython, each adding one new name; the time signed is then at most a few
seconds old, far inside the 300 s fudge. In the timed part a client only
writes pre-rendered wire bytes and reads answers, keeping W updates in
flight on its connection (RFC 7766 §6.2.1.1 pipelining); an answer is
matched to its update by ID and checked for QR, opcode UPDATE and NOERROR
at once. After the timed part every answer's TSIG is verified with dnspython
against its request's MAC (RFC 8945 §5.3); only an answer that passes all
checks counts as an acknowledged update. The same client code runs against
both servers.

The rate is taken over the window from the common start to the end of the
duration, or earlier to the moment the first client used up its pool (so
that every client is busy during the whole window; the window is printed).
Syncs: file syncs of the server's processes during the run (perf stat on
the fsync, fdatasync and msync syscalls and ext4's sync-file tracepoint),
per acknowledged update.

usage: update_bench.py [--duration S] [--clients 1,8] [--window 1,16]
    [--rounds 3] [--servers radixd,knot] [--pin] [--radixd PATH]
       update_bench.py --check-sync-order [--duration S]
The second form runs radixd alone under strace -f and checks, update by
update, that main sends no reply before an fdatasync that completed after
the update's journal write.
Run from a build directory (src/server/radixd is found there)."""
import argparse, multiprocessing, os, random, re, shutil, signal, socket
import statistics, struct, subprocess, sys, tempfile, time

import dns.message, dns.name, dns.opcode, dns.query, dns.rcode
import dns.rdata, dns.rdataclass, dns.rdatatype, dns.renderer, dns.rrset
import dns.tsig

# The query benchmark's helpers: a port free for UDP and TCP, a process tree.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from query_bench import free_port, proc_tree, stop_process  # noqa: E402

KEY = "bench-key"
SECRET = "QmVuY2hLZXlGb3JVcGRhdGVCZW5jaG1hcmsxMjM0NTY="
FUDGE = 300
ZONE = """$ORIGIN dyn.bench.
$TTL 300
@	SOA	ns1 hostmaster 1 7200 1800 1209600 300
@	NS	ns1
ns1	A	192.0.2.53
"""
RADIXD_CONF = """server:
	ip-address: 127.0.0.1@%(port)d
	workers: 2
	log-level: warning
key:
	name: %(key)s
	algorithm: hmac-sha256
	secret: "%(secret)s"
zone:
	name: dyn.bench
	zonefile: %(d)s/dyn.bench.zone
	allow-update: 127.0.0.1 %(key)s
"""
# Nothing about the journal, the zone file sync or the workers is set:
# Knot's defaults (3.2.6: journal-db-mode robust, zonefile-sync 0).
KNOT_CONF = """server:
    listen: 127.0.0.1@%(port)d
    rundir: %(d)s
log:
  - target: stderr
    any: warning
database:
    storage: %(d)s/db
key:
  - id: %(key)s
    algorithm: hmac-sha256
    secret: %(secret)s
acl:
  - id: upd
    address: 127.0.0.1
    key: %(key)s
    action: update
zone:
  - domain: dyn.bench
    storage: %(d)s
    file: dyn.bench.zone
    acl: upd
"""
# Syscalls and tracepoints counted as file syncs.
SYNC_EVENTS = ["syscalls:sys_enter_fdatasync", "syscalls:sys_enter_fsync",
               "syscalls:sys_enter_msync", "syscalls:sys_enter_sync_file_range",
               "ext4:ext4_sync_file_enter"]


def serving(port, limit=30):
    end = time.time() + limit
    q = dns.message.make_query("dyn.bench", "SOA")
    while time.time() < end:
        try:
            r = dns.query.udp(q, "127.0.0.1", port=port, timeout=0.3)
            if r.rcode() == dns.rcode.NOERROR and r.answer:
                return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def tsig_key():
    return dns.tsig.Key(KEY, SECRET, dns.tsig.HMAC_SHA256)


def build(cid, count):
    """count signed UPDATEs for dyn.bench, each adding c<cid>-<i> A: the
    wire (with its 2-byte TCP length) and the request MAC of each."""
    key = tsig_key()
    zone = dns.name.from_text("dyn.bench.")
    rd = dns.rdata.from_text("IN", "A", "192.0.2.1")
    flags = dns.opcode.to_flags(dns.opcode.UPDATE)
    wires, macs = [], []
    for i in range(count):
        qid = i & 0xffff
        r = dns.renderer.Renderer(id=qid, flags=flags, max_size=65535)
        # RFC 2136 §2.3: the zone section is one "question", type SOA.
        r.add_question(zone, dns.rdatatype.SOA, dns.rdataclass.IN)
        rs = dns.rrset.RRset(dns.name.Name((b"c%d-%d" % (cid, i),) +
                                           zone.labels),
                             dns.rdataclass.IN, dns.rdatatype.A)
        rs.add(rd, 300)
        r.add_rrset(dns.renderer.AUTHORITY, rs)  # the update section
        r.write_header()
        r.add_tsig(key.name, key.secret, FUDGE, qid, 0, b"", b"",
                   key.algorithm)
        w = r.get_wire()
        wires.append(struct.pack("!H", len(w)) + w)
        # The TSIG RR is last; its RDATA ends with MAC size, MAC, original
        # ID, error and an empty other-data (RFC 8945 §4.2).
        assert w[-40:-38] == b"\x00\x20" and w[-6:-4] == w[:2]
        macs.append(w[-38:-6])
    return wires, macs


def client(port, cid, count, window, duration, pin, ready, go, out):
    """One TCP connection: the pool of signed updates, window in flight."""
    wires, macs = build(cid, count)
    if pin is not None:
        os.sched_setaffinity(0, {pin})
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    ready.wait(timeout=600)
    go.wait(timeout=600)
    t0 = time.monotonic()
    end = t0 + duration
    inflight = {}  # ID -> index in the pool
    answers = []   # (index, wire, monotonic time of arrival)
    errors = {}
    nxt = 0
    first = min(window, count)
    for nxt in range(first):
        inflight[nxt & 0xffff] = nxt
    nxt = first
    sock.sendall(b"".join(wires[:first]))
    buf = b""
    exhausted = None
    stopped = False
    while inflight:
        try:
            data = sock.recv(65536)
        except OSError as e:  # no answer for 30 s, or a reset
            why = "%s, %d unanswered" % (type(e).__name__, len(inflight))
            errors[why] = errors.get(why, 0) + 1
            break
        if not data:
            errors["connection closed"] = errors.get("connection closed",
                                                     0) + 1
            break
        now = time.monotonic()
        buf += data
        send = []
        while len(buf) >= 2:
            n = buf[0] << 8 | buf[1]
            if len(buf) < 2 + n:
                break
            m, buf = buf[2:2 + n], buf[2 + n:]
            idx = inflight.pop(m[0] << 8 | m[1], None) if n >= 12 else None
            if idx is None:
                errors["unknown ID"] = errors.get("unknown ID", 0) + 1
                continue
            # QR set, opcode UPDATE (5), rcode NOERROR (RFC 2136 §2.2).
            if m[2] & 0xf8 != 0xa8 or m[3] & 0x0f != 0:
                why = "rcode %s" % dns.rcode.to_text(m[3] & 0x0f)
                errors[why] = errors.get(why, 0) + 1
            else:
                answers.append((idx, m, now))
            if stopped or now >= end:
                stopped = True
            elif nxt < count:
                inflight[nxt & 0xffff] = nxt
                send.append(wires[nxt])
                nxt += 1
            elif exhausted is None:
                exhausted = now
        if send:
            sock.sendall(b"".join(send))
    sock.close()
    # Every answer's TSIG, against its own request's MAC (RFC 8945 §5.3).
    keyring = {dns.name.from_text(KEY): tsig_key()}
    acks = []
    for idx, m, at in answers:
        try:
            r = dns.message.from_wire(m, keyring=keyring,
                                      request_mac=macs[idx])
            if r.id != idx & 0xffff or r.had_tsig is not True:
                raise ValueError("ID or TSIG")
            acks.append((idx, at))
        except Exception as e:
            why = "answer TSIG: %s" % type(e).__name__
            errors[why] = errors.get(why, 0) + 1
    sample = [a[0] for a in random.sample(acks, min(len(acks), 20))]
    out.put((cid, t0, [a[1] for a in acks], exhausted, errors, sample))


STRACE = ["strace", "-f", "-xx", "-s", "65536",
          "-e", "trace=fdatasync,fsync,sendmsg,write,pwrite64"]
HEXSTR = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')


def sync_order(path):
    """From strace -f -xx of radixd's main (one client, so an update's ID
    names it: c0-<i> has ID i): every IPC_REPLY main sends must come after
    an fdatasync that completed after the pwrite of that update's diff to
    the journal. Returns (replies after their sync, replies before)."""
    app, syncs = {}, []
    ok = bad = 0
    with open(path) as f:
        for n, line in enumerate(f):
            # A completed fdatasync: whole, or the resumed half of one.
            if re.search(r"fdatasync\(\d+\) += 0|fdatasync resumed>.*= 0",
                         line):
                syncs.append(n)
            elif "pwrite64(" in line:
                m = HEXSTR.search(line)
                b = bytes.fromhex(m.group(1).replace("\\x", "")) if m else b""
                for m in re.finditer(rb"c0-(\d+)", b):
                    app.setdefault(int(m.group(1)), n)
            elif "sendmsg(" in line and 'iov_base="\\x01\\x02' in line:
                # IPC header (version 1, type 2: IPC_REPLY), route, DNS.
                parts = HEXSTR.findall(line)
                if len(parts) < 3:
                    continue
                dnsmsg = bytes.fromhex(parts[2].replace("\\x", ""))
                a = app.get(dnsmsg[0] << 8 | dnsmsg[1])
                if a is None:
                    continue  # journalled before strace attached
                if any(a < s < n for s in syncs):
                    ok += 1
                else:
                    bad += 1
    return ok, bad


NO_SYNC_COUNT = False


def perf_start(pid, path):
    # Syscall tracepoints send every system call of the traced processes
    # through the kernel's slow path: --no-sync-count measures without.
    if NO_SYNC_COUNT or shutil.which("perf") is None:
        return None
    pids = ",".join(str(p) for p in proc_tree(pid))
    return subprocess.Popen(
        ["perf", "stat", "-x", ",", "-o", path, "-e", ",".join(SYNC_EVENTS),
         "-p", pids], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def perf_stop(perf, path):
    """{event: count} from perf stat, or None."""
    if perf is None:
        return None
    perf.send_signal(signal.SIGINT)
    perf.wait(timeout=20)
    counts = {}
    try:
        with open(path) as f:
            for line in f:
                v = line.strip().split(",")
                if len(v) > 2 and v[0].isdigit():
                    counts[v[2]] = int(v[0])
    except OSError:
        return None
    return counts or None


def check_names(port, results):
    """Each client's sample of acknowledged names must be served."""
    bad = 0
    for cid, _, _, _, _, sample in results:
        for i in sample:
            q = dns.message.make_query("c%d-%d.dyn.bench." % (cid, i), "A")
            try:
                r = dns.query.udp(q, "127.0.0.1", port=port, timeout=2)
                if r.rcode() != dns.rcode.NOERROR or not r.answer:
                    bad += 1
            except Exception:
                bad += 1
    return bad


def run(server, radixd, d, nclients, window, duration, pool, pin,
        strace=None):
    port = free_port()
    os.makedirs(os.path.join(d, "db"), exist_ok=True)
    with open(os.path.join(d, "dyn.bench.zone"), "w") as f:
        f.write(ZONE)
    args = {"port": port, "d": d, "key": KEY, "secret": SECRET}
    conf = os.path.join(d, server + ".conf")
    with open(conf, "w") as f:
        f.write((RADIXD_CONF if server == "radixd" else KNOT_CONF) % args)
    argv = [radixd, "-c", conf, "-d"] if server == "radixd" else \
        ["knotd", "-c", conf]
    if pin:
        argv = ["taskset", "-c", "0"] + argv
    logf = open(os.path.join(d, server + ".log"), "a")
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf,
                         stderr=logf, start_new_session=True)
    try:
        if not serving(port):
            raise RuntimeError("%s did not start; see %s" % (server, d))
        count = -(-pool // nclients)
        q = multiprocessing.Queue()
        ready = multiprocessing.Barrier(nclients + 1)
        go = multiprocessing.Barrier(nclients + 1)
        ps = [multiprocessing.Process(
            target=client, args=(port, i, count, window, duration,
                                 1 if pin else None, ready, go, q))
              for i in range(nclients)]
        for c in ps:
            c.start()
        perf_path = os.path.join(d, "perf.txt")
        # Every client has signed its pool and connected: start counting
        # (perf needs a moment to attach), then start the clients.
        ready.wait(timeout=600)
        tracer = None
        if strace is not None:
            tracer = subprocess.Popen(STRACE + ["-o", strace, "-p",
                                                str(p.pid)],
                                      stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        perf = perf_start(p.pid, perf_path)
        time.sleep(0.5)
        load = os.getloadavg()[0]
        go.wait(timeout=60)
        res = [q.get(timeout=duration + 600) for _ in ps]
        syncs = perf_stop(perf, perf_path)
        if tracer is not None:
            tracer.send_signal(signal.SIGINT)
            tracer.wait(timeout=60)
        for c in ps:
            c.join()
        bad_names = check_names(port, res)
    finally:
        stop_process(p)
    t0 = min(r[1] for r in res)
    wend = t0 + duration
    ex = [r[3] for r in res if r[3] is not None]
    if ex:
        wend = min(wend, min(ex))
    acked = sum(1 for r in res for a in r[2] if a <= wend)
    total = sum(len(r[2]) for r in res)
    errors = {}
    for r in res:
        for k, v in r[4].items():
            errors[k] = errors.get(k, 0) + v
    nsync = None
    if syncs is not None:
        nsync = sum(v for k, v in syncs.items() if k.startswith("syscalls:"))
    return {"rate": acked / (wend - t0), "acked": acked, "total": total,
            "window": wend - t0, "errors": errors, "syncs": nsync,
            "load": load, "bad_names": bad_names,
            "exhausted": bool(ex)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=5.0,
                    help="timed part of a run, seconds (< the 300 s fudge)")
    ap.add_argument("--radixd", default=os.environ.get(
        "RADIXD", os.path.join(os.getcwd(), "src/server/radixd")))
    ap.add_argument("--clients", default="1,8")
    ap.add_argument("--window", default="1,16",
                    help="updates in flight per connection")
    ap.add_argument("--servers", default="radixd,knot")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--pool", default="radixd=40000,knot=6000",
                    help="signed updates per run, split over the clients")
    ap.add_argument("--no-sync-count", action="store_true",
                    help="do not count syncs with perf (no tracepoints)")
    ap.add_argument("--pin", action="store_true",
                    help="server on core 0, clients on core 1 (taskset)")
    ap.add_argument("--check-sync-order", action="store_true",
                    help="instead of the benchmark: one radixd run, 1 "
                    "client, W=16, under strace; check that no reply "
                    "leaves before the fdatasync of its update")
    a = ap.parse_args()
    global NO_SYNC_COUNT
    NO_SYNC_COUNT = a.no_sync_count
    if a.check_sync_order:
        if shutil.which("strace") is None:
            sys.exit("strace is missing: apt-get install strace")
        base = tempfile.mkdtemp(prefix="updbench.")
        trace = os.path.join(base, "strace.txt")
        r = run("radixd", a.radixd, os.path.join(base, "r"), 1, 16,
                a.duration, 4000, a.pin, strace=trace)
        ok, bad = sync_order(trace)
        print("%d updates acknowledged under strace, %d errors; replies "
              "after the fdatasync of their update: %d, before it: %d"
              % (r["total"], sum(r["errors"].values()), ok, bad))
        shutil.rmtree(base, ignore_errors=True)
        sys.exit(1 if bad or not ok else 0)
    if a.duration >= FUDGE - 60:
        sys.exit("--duration must stay well under the TSIG fudge (300 s)")
    servers = a.servers.split(",")
    if "knot" in servers and shutil.which("knotd") is None:
        sys.exit("knotd is missing: apt-get install knot")
    if "radixd" in servers and not os.access(a.radixd, os.X_OK):
        sys.exit("no radixd at %s: run from a build directory or set "
                 "RADIXD" % a.radixd)
    pool = dict(kv.split("=") for kv in a.pool.split(","))
    base = tempfile.mkdtemp(prefix="updbench.")
    clients = [int(x) for x in a.clients.split(",")]
    windows = [int(x) for x in a.window.split(",")]
    print("%-6s %-6s %3s %3s %9s %8s %7s %6s %6s %5s  %s" % (
        "round", "server", "cl", "W", "updates/s", "acked", "window",
        "sync/s", "upd/sy", "load", "errors"), flush=True)
    rates = {}
    for rnd in range(a.rounds):
        order = servers if rnd % 2 == 0 else servers[::-1]
        for n in clients:
            for w in windows:
                for server in order:
                    d = os.path.join(base, "%s-%d-%d-%d" % (server, n, w, rnd))
                    r = run(server, a.radixd, d, n, w, a.duration,
                            int(pool.get(server, 10000)), a.pin)
                    rates.setdefault((server, n, w), []).append(r["rate"])
                    err = dict(r["errors"])
                    if r["bad_names"]:
                        err["acked name not served"] = r["bad_names"]
                    sps = ups = "-"
                    if r["syncs"] and r["total"]:
                        sps = "%.0f" % (r["syncs"] * r["rate"] / r["total"])
                        ups = "%.1f" % (r["total"] / r["syncs"])
                    print("%-6d %-6s %3d %3d %9.0f %8d %6.2fs%s %6s %6s %5.1f"
                          "  %s" % (rnd + 1, server, n, w, r["rate"],
                                    r["acked"], r["window"],
                                    "*" if r["exhausted"] else " ", sps,
                                    ups, r["load"],
                                    ", ".join("%s: %d" % kv
                                              for kv in err.items()) or "0"),
                          flush=True)
    print("\nmedians (updates/s)%s" % (
        "; * = window ended when a client used up its pool"
        if a.rounds else ""))
    for n in clients:
        for w in windows:
            med = {s: statistics.median(rates[(s, n, w)]) for s in servers
                   if (s, n, w) in rates}
            line = "  %d client%s, W=%d: " % (n, "" if n == 1 else "s", w)
            line += ", ".join("%s %.0f" % kv for kv in med.items())
            if med.get("knot") and "radixd" in med:
                line += "; radixd/knot %.1fx" % (med["radixd"] / med["knot"])
            print(line)
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
