#!/usr/bin/python3
"""Statistics (issue 6 point 2): after radixctl stats --reset, a known mix
of queries (UDP and TCP, NXDOMAIN, REFUSED, truncated, EDNS, a malformed
packet, an unknown opcode), updates (accepted, refused by policy, by TSIG
and by a prerequisite), an AXFR and the NOTIFY it causes gives exactly the
expected counters in radixctl stats --json and in text; the Prometheus
exposition at metrics: parses with prometheus_client and shows the same
numbers (totals since start, which --reset leaves alone), with the zone's
serial; other paths are 404, POST 405, an endless header 431; --reset
zeroes what radixctl shows; the counts survive a worker killed and a
reload; and HTTP clients that send nothing or half a request stop neither
queries, radixctl nor other scrapes, and are closed after a short
deadline."""
import json, os, signal, socket, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.message, dns.opcode, dns.query, dns.rcode, dns.rrset, dns.tsig
import dns.tsigkeyring, dns.update

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    rt.skip("python3-prometheus-client is missing; apt-get install "
            "python3-prometheus-client")
rt.need_tool("curl")
RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")
if not os.access(RADIXCTL, os.X_OK):
    rt.skip("radixctl is not built at %s" % RADIXCTL)

# The JSON family of radixctl stats -> (Prometheus metric, label name).
FAMILIES = {
    "queries": ("radixdns_queries_total", "transport"),
    "opcode": ("radixdns_opcode_total", "opcode"),
    "qtype": ("radixdns_qtype_total", "qtype"),
    "rcode": ("radixdns_responses_total", "rcode"),
    "truncated": ("radixdns_truncated_total", None),
    "edns": ("radixdns_edns_queries_total", None),
    "dropped": ("radixdns_dropped_total", "reason"),
    "rrl-slipped": ("radixdns_rrl_slipped_total", None),
    "tcp": ("radixdns_tcp_connections_total", "result"),
    "transfers": ("radixdns_transfers_total", "result"),
    "updates": ("radixdns_updates_total", "result"),
    "notify": ("radixdns_notify_total", "result"),
}

# A TXT RRset too large for 512 octets: a UDP answer without EDNS has TC.
ZONE = ul.ZONE + "".join('big\tTXT\t"%s %02d"\n' % ("x" * 60, i)
                         for i in range(12))


sec = ul.FakeSecondary()
sec.start()
s = ul.UpdServer(workers=2, zone=ZONE, timeout=150,
                 zone_opts=("allow-update: 127.0.0.1 upd-key",
                            "provide-xfr: 127.0.0.1", "zonefile-sync: 0",
                            "notify: 127.0.0.1@%d" % sec.port))
sock = os.path.join(s.dir, "ctl.sock")
mport = rt.free_port()
s.server_conf += ["control-socket: %s" % sock,
                  "metrics: 127.0.0.1@%d" % mport]
URL = "http://127.0.0.1:%d" % mport


def ctl(*args):
    """Run radixctl; (exit code, stdout, stderr)."""
    p = subprocess.run([RADIXCTL, "-s", sock] + list(args),
                       capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout, p.stderr


def stats(*extra):
    rc, out, err = ctl("stats", "--json", *extra)
    if rc != 0:
        raise RuntimeError("radixctl stats: exit %d: %s" % (rc, err))
    return json.loads(out)


def flat(j):
    """JSON stats -> {(family, label or None): value}."""
    out = {}
    for fam, v in j.items():
        if isinstance(v, dict):
            for k, n in v.items():
                out[(fam, k)] = n
        else:
            out[(fam, None)] = v
    return out


def curl(path="/metrics", *args):
    """(HTTP status, header text, body) of one request with curl."""
    p = subprocess.run(["curl", "-s", "-i", "--max-time", "10"] + list(args)
                       + [URL + path], capture_output=True, timeout=20)
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/") else 0
    return status, "\n".join(lines[1:]), body.decode()


def scrape():
    """The exposition parsed: {(metric, label value or None): value}, types."""
    status, head, body = curl()
    if status != 200:
        raise RuntimeError("GET /metrics: status %d" % status)
    samples, types = {}, {}
    for fam in text_string_to_metric_families(body):
        types[fam.name] = fam.type
        for smp in fam.samples:
            labels = dict(smp.labels)
            key = next(iter(labels.values())) if labels else None
            samples[(smp.name, key)] = smp.value
    return samples, types, head, body


def as_prom(flatj):
    """{(family, label)} -> {(metric, label)}."""
    return {(FAMILIES[f][0], k): v for (f, k), v in flatj.items()}


def wait_for(fn, limit=15.0):
    end = time.time() + limit
    while time.time() < end:
        if fn():
            return True
        time.sleep(0.1)
    return False


def expected():
    """Every counter 0, but those the mix below makes."""
    want = {}
    for key in flat(stats()):
        want[key] = 0
    want.update({
        ("queries", "udp"): 33, ("queries", "tcp"): 6,
        ("opcode", "QUERY"): 33, ("opcode", "STATUS"): 1,
        ("opcode", "UPDATE"): 4,
        ("qtype", "A"): 29, ("qtype", "AAAA"): 2, ("qtype", "TXT"): 1,
        ("qtype", "AXFR"): 1,
        ("rcode", "NOERROR"): 29, ("rcode", "NXDOMAIN"): 4,
        ("rcode", "REFUSED"): 2, ("rcode", "NOTAUTH"): 1,
        ("rcode", "NOTIMP"): 1,
        ("truncated", None): 1, ("edns", None): 2,
        ("dropped", "malformed"): 1, ("tcp", "accepted"): 6,
        ("transfers", "axfr"): 1,
        ("updates", "accepted"): 1, ("updates", "policy"): 1,
        ("updates", "tsig"): 1, ("updates", "prereq"): 1,
        ("notify", "sent"): 1, ("notify", "acked"): 1,
    })
    return want


def the_mix(c):
    """The queries and updates whose counts expected() gives."""
    for _ in range(20):
        c.eq("udp A", s.query("www.dyn.test", "A").rcode(), dns.rcode.NOERROR)
    for _ in range(5):
        c.eq("tcp A", s.query("www.dyn.test", "A", tcp=True).rcode(),
             dns.rcode.NOERROR)
    for _ in range(3):
        c.eq("nxdomain", s.query("nx.dyn.test", "A").rcode(), dns.rcode.NXDOMAIN)
    for _ in range(2):
        c.eq("edns AAAA", s.query("www.dyn.test", "AAAA", edns=0).rcode(),
             dns.rcode.NOERROR)
    r = s.query("big.dyn.test", "TXT")
    c.true("big TXT truncated", r.flags & dns.flags.TC)
    c.eq("out of zone", s.query("www.other.test", "A").rcode(), dns.rcode.REFUSED)
    c.eq("malformed: no reply", s.send_raw(b"\x01\x02\x03\x04\x05"), None)
    wire = bytearray(s.make("www.dyn.test", "A").to_wire())
    wire[2] = (wire[2] & 0x87) | (2 << 3)  # opcode STATUS
    raw = s.send_raw(bytes(wire))
    c.eq("opcode STATUS: NOTIMP", raw[3] & 0xf if raw else None, 4)
    # Updates: accepted; refused by policy (a key allow-update: does not
    # name), by TSIG (a wrong secret), by a prerequisite (RFC 2136 §3.2).
    sec.serial = 101
    u = ul.new_update()
    u.add("new.dyn.test.", 300, "A", "192.0.2.7")
    c.eq("update accepted", s.update(u).rcode(), dns.rcode.NOERROR)
    u = ul.new_update(keyname=ul.OTHER_NAME)
    u.add("acme.dyn.test.", 300, "TXT", "x")
    c.eq("update by another key", s.update(u).rcode(), dns.rcode.REFUSED)
    u = dns.update.UpdateMessage("dyn.test")
    u.use_tsig(dns.tsigkeyring.from_text({ul.KEY_NAME: ul.OTHER_SECRET}),
               keyname=ul.KEY_NAME, algorithm=dns.tsig.HMAC_SHA256)
    u.add("bad.dyn.test.", 300, "A", "192.0.2.8")
    try:
        s.update(u)
        c.true("update with a wrong secret raises", False)
    except dns.tsig.PeerBadSignature:
        pass
    u = ul.new_update()
    u.present("absent.dyn.test.")
    u.add("pre.dyn.test.", 300, "A", "192.0.2.9")
    c.eq("update prerequisite", s.update(u).rcode(), dns.rcode.NXDOMAIN)
    n = sum(1 for _ in dns.query.xfr("127.0.0.1", "dyn.test", port=s.port,
                                      timeout=5, lifetime=10))
    c.true("AXFR messages", n >= 1)


def refused_conf(c, line, want):
    """radixd with one server: line does not start, and says want."""
    d = s.dir
    zone = os.path.join(d, "cfg.zone")
    with open(zone, "w") as f:
        f.write(ul.ZONE)
    conf = os.path.join(d, "bad.conf")
    with open(conf, "w") as f:
        f.write("server:\n\tip-address: 127.0.0.1@%d\n\t%s\nzone:\n"
                "\tname: dyn.test\n\tzonefile: %s\n"
                % (rt.free_port(), line, zone))
    p = subprocess.run([rt._find_radixd(), "-c", conf, "-d"],
                       capture_output=True, text=True, timeout=20)
    c.true("%s: not started" % line, p.returncode != 0)
    c.true("%s: says %r: %r" % (line, want, p.stderr), want in p.stderr)


with s:
    c = rt.Checker(s)
    refused_conf(c, "metrics: 127.0.0.1@99999",
                 ":3: metrics: bad port in '127.0.0.1@99999'")
    refused_conf(c, "metrics: localhost@9153",
                 ":3: metrics: 'localhost' is not an IPv4 or IPv6 address")
    refused_conf(c, "metrics: 127.0.0.1@%d" % mport,
                 "metrics: cannot listen on 127.0.0.1@%d: Address already "
                 "in use; choose another address or port in metrics:" % mport)
    # Totals since start: radixctl and /metrics agree (nothing between).
    j0 = flat(stats())
    c.true("startup SOA queries counted", j0[("qtype", "SOA")] >= 1)
    samples, types, head, body = scrape()
    c.eq("metrics equal radixctl at start",
         {k: samples.get(k) for k in as_prom(j0)}, as_prom(j0))
    c.true("content type 0.0.4: %r" % head,
           "Content-Type: text/plain; version=0.0.4" in head)
    for f, (metric, _) in FAMILIES.items():
        name = metric[:-len("_total")]
        c.eq("type of %s" % metric, types.get(name), "counter")
        c.true("HELP of %s" % metric, "# HELP %s " % metric in body)
    c.eq("zone serial gauge", samples.get(("radixdns_zone_serial", "dyn.test.")), 100)
    c.eq("zones gauge", samples.get(("radixdns_zones", None)), 1)
    c.eq("workers gauge", samples.get(("radixdns_workers", None)), 2)
    start = samples.get(("radixdns_start_time_seconds", None), 0)
    c.true("start time gauge: %r" % start, time.time() - 600 < start <= time.time())
    for g in ("radixdns_zone_serial", "radixdns_zones", "radixdns_workers",
              "radixdns_start_time_seconds"):
        c.eq("type of %s" % g, types.get(g), "gauge")

    # --reset: the reply has the counts read, and then radixctl shows zeros.
    j = flat(stats("--reset"))
    c.true("reset reply has the counts", j[("qtype", "SOA")] >= 1)
    c.eq("zero after reset", {k: v for k, v in flat(stats()).items() if v},
         {})

    the_mix(c)
    c.true("NOTIFY acknowledged",
           wait_for(lambda: flat(stats())[("notify", "acked")] == 1))
    want = expected()
    got = flat(stats())
    c.eq("counters after the mix",
         {k: v for k, v in got.items() if v != want.get(k)},
         {k: v for k, v in want.items() if got.get(k) != v})
    # The text form has the same numbers, one "name value" per line.
    rc, out, err = ctl("stats")
    c.eq("stats exit", rc, 0)
    text = {}
    for line in out.splitlines():
        name, value = line.rsplit(" ", 1)
        fam, _, label = name.partition("{")
        text[(fam, label.rstrip("}") or None)] = int(value)
    c.eq("text equals JSON", text, got)
    # /metrics: totals since start, untouched by --reset.
    samples, types, head, body = scrape()
    total = {k: j0[k] + got[k] for k in got}
    c.eq("metrics equal the start plus the mix",
         {k: samples.get(k) for k in as_prom(total)}, as_prom(total))
    c.eq("zone serial after the update",
         samples.get(("radixdns_zone_serial", "dyn.test.")), 101)

    # Other paths, methods and an endless header.
    c.eq("404", curl("/nothing")[0], 404)
    c.eq("404 below /metrics", curl("/metrics/x")[0], 404)
    st, hd, _ = curl("/metrics", "-X", "POST", "-d", "x=1")
    c.eq("POST 405", st, 405)
    c.true("405 says Allow: %r" % hd, "Allow: GET, HEAD" in hd)
    c.eq("query string ignored", curl("/metrics?x=1")[0], 200)
    big = socket.create_connection(("127.0.0.1", mport), timeout=5)
    try:
        big.sendall(b"GET /metrics HTTP/1.1\r\nX: " + b"a" * 6000)
    except OSError:
        pass
    reply = b""
    try:
        while True:
            d = big.recv(4096)
            if not d:
                break
            reply += d
    except OSError:
        pass
    big.close()
    c.true("endless header: 431: %r" % reply[:40],
           reply.startswith(b"HTTP/1.1 431 "))

    # --reset again: read then zero.
    c.eq("reset reply", flat(stats("--reset")), got)
    c.eq("zero after the second reset",
         {k: v for k, v in flat(stats()).items() if v}, {})

    # Counts survive a worker's death and a reload (one block per process,
    # folded into the totals when it exits).
    for _ in range(3):
        s.query("www.dyn.test", "A")
    pids = s.workers_pids()
    os.kill(pids[0], signal.SIGKILL)
    c.true("a worker replaced", wait_for(
        lambda: len(s.workers_pids()) == 2 and pids[0] not in s.workers_pids()))
    c.eq("queries after a worker was killed", flat(stats())[("queries", "udp")], 3)
    rc, out, err = ctl("reload")
    c.eq("reload", rc, 0)
    c.true("old workers gone", wait_for(
        lambda: len(s.workers_pids()) == 2 and not set(pids) & set(s.workers_pids())))
    s.query("www.dyn.test", "A")
    c.eq("queries after a reload", flat(stats())[("queries", "udp")], 4)

    # Slow HTTP clients: silent ones, one with half a request line. main
    # goes on answering queries, radixctl and a real scrape meanwhile.
    slow = [socket.create_connection(("127.0.0.1", mport), timeout=15)
            for _ in range(3)]
    slow[2].sendall(b"GET /met")
    for i in range(5):
        c.eq("query beside slow scrapers", s.query("www.dyn.test", "A").rcode(),
             dns.rcode.NOERROR)
    c.eq("radixctl beside slow scrapers", ctl("status")[0], 0)
    c.eq("a scrape beside slow scrapers", curl()[0], 200)
    c.eq("queries counted beside slow scrapers",
         flat(stats())[("queries", "udp")], 9)
    # radixd closes them after its deadline (a few seconds), not us.
    for k, sk in enumerate(slow):
        try:
            closed = sk.recv(100) == b""
        except socket.timeout:
            closed = False
        except OSError:
            closed = True  # reset
        c.true("slow client %d closed by radixd" % k, closed)
        sk.close()
c.report()
