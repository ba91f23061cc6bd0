#!/usr/bin/python3
"""Update benchmark (issue 4): acknowledged RFC 2136 updates per second from
1 and from 8 TCP clients (dnspython, one process and one connection each,
every update TSIG-signed and adding one new name), against radixd and Knot
(knotd with its default journal settings) in the same run. radixd makes
every acknowledged update durable with fdatasync before replying (several
updates share one sync: group commit).

usage: update_bench.py [--duration S] [--radixd PATH] [--clients 1,8]
Run from a build directory (src/server/radixd is found there)."""
import argparse, multiprocessing, os, shutil, signal, socket, subprocess
import sys, tempfile, time

import dns.message, dns.query, dns.rcode, dns.tsig, dns.tsigkeyring
import dns.update

KEY = "bench-key"
SECRET = "QmVuY2hLZXlGb3JVcGRhdGVCZW5jaG1hcmsxMjM0NTY="
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


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def ready(port, limit=30):
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


def client(port, cid, duration, out):
    """One TCP connection: signed updates back to back for duration s."""
    ring = dns.tsigkeyring.from_text({KEY: SECRET})
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    n = bad = 0
    end = time.time() + duration
    while time.time() < end:
        u = dns.update.UpdateMessage("dyn.bench")
        u.use_tsig(ring, keyname=KEY, algorithm=dns.tsig.HMAC_SHA256)
        u.add("c%d-%d.dyn.bench." % (cid, n + bad), 300, "A", "192.0.2.1")
        r = dns.query.tcp(u, "127.0.0.1", port=port, timeout=10, sock=sock)
        if r.rcode() == dns.rcode.NOERROR:
            n += 1
        else:
            bad += 1
    sock.close()
    out.put((n, bad))


def run_clients(port, nclients, duration):
    q = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=client, args=(port, i, duration, q))
          for i in range(nclients)]
    t0 = time.time()
    for p in ps:
        p.start()
    res = [q.get(timeout=duration + 60) for _ in ps]
    for p in ps:
        p.join()
    elapsed = time.time() - t0
    ok = sum(r[0] for r in res)
    return ok / duration, sum(r[1] for r in res), elapsed


def start(server, radixd, d):
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
    logf = open(os.path.join(d, server + ".log"), "a")
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf,
                         stderr=logf, start_new_session=True)
    if not ready(port):
        p.kill()
        raise RuntimeError("%s did not start; see %s" % (server, d))
    return p, port


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--radixd", default=os.environ.get(
        "RADIXD", os.path.join(os.getcwd(), "src/server/radixd")))
    ap.add_argument("--clients", default="1,8")
    ap.add_argument("--servers", default="radixd,knot")
    a = ap.parse_args()
    if shutil.which("knotd") is None and "knot" in a.servers:
        sys.exit("knotd is missing: apt-get install knot")
    base = tempfile.mkdtemp(prefix="updbench.")
    print("%-8s %8s %12s %8s" % ("server", "clients", "updates/s", "errors"))
    rates = {}
    for server in a.servers.split(","):
        for n in [int(x) for x in a.clients.split(",")]:
            d = os.path.join(base, "%s-%d" % (server, n))
            p, port = start(server, a.radixd, d)
            try:
                rate, bad, _ = run_clients(port, n, a.duration)
            finally:
                stop(p)
            rates[(server, n)] = rate
            print("%-8s %8d %12.0f %8d" % (server, n, rate, bad), flush=True)
    for n in [int(x) for x in a.clients.split(",")]:
        if ("radixd", n) in rates and rates.get(("knot", n)):
            print("radixd/knot at %d client%s: %.1fx" % (
                n, "" if n == 1 else "s",
                rates[("radixd", n)] / rates[("knot", n)]))
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
