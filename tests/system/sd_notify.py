#!/usr/bin/python3
"""systemd readiness (Type=notify, issue 6 point 3) without systemd: the
test binds the NOTIFY_SOCKET datagram socket itself, first at a path, then
at an abstract name ('@...'). radixd sends READY=1 with MAINPID=<main's
pid> once every worker serves (a query sent as soon as READY=1 arrives is
answered, and all workers run), RELOADING=1 with MONOTONIC_USEC= and then
READY=1 on SIGHUP, and STOPPING=1 on SIGTERM. When systemd-analyze is
installed, contrib/radixd.service passes systemd-analyze verify."""
import os, shutil, signal, socket, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt


def recv(sock, limit=10.0):
    """The next message as a dict (and its raw lines), or None."""
    sock.settimeout(limit)
    try:
        data = sock.recv(4096).decode()
    except socket.timeout:
        return None, []
    kv = {}
    for line in data.split("\n"):
        k, _, v = line.partition("=")
        kv[k] = v
    return kv, data.split("\n")


def run(c, where, bind_addr, env_value):
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    u.bind(bind_addr)
    os.environ["NOTIFY_SOCKET"] = env_value
    s = rt.Server(workers=2)
    try:
        s.start(wait=False)
        ready, lines = recv(u)
        c.true("%s: a READY=1 came: %r" % (where, lines),
               ready is not None and ready.get("READY") == "1")
        if ready is None:
            return s
        # Answered at once, with no retry: the workers serve already.
        try:
            r = s.query("www.example.test", "A", timeout=2.0)
            c.answer("%s: query right after READY=1" % where, r,
                     answer=["www.example.test. 3600 IN A 192.0.2.80"])
        except Exception as e:
            c.true("%s: query right after READY=1 answered: %s" % (where, e), False)
        c.eq("%s: every worker runs at READY=1" % where, len(s.workers_pids()), 2)
        c.eq("%s: MAINPID" % where, ready.get("MAINPID"), str(s.proc.pid))
        c.eq("%s: STATUS" % where, ready.get("STATUS"),
             "serving 1 zone with 2 workers")

        s.signal(signal.SIGHUP)
        m, lines = recv(u)
        c.true("%s: RELOADING=1 first on SIGHUP: %r" % (where, lines),
               m is not None and m.get("RELOADING") == "1")
        c.true("%s: MONOTONIC_USEC is the monotonic clock: %r" % (where, lines),
               m is not None and m.get("MONOTONIC_USEC", "").isdigit() and
               abs(int(m["MONOTONIC_USEC"]) -
                   time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6) < 60e6)
        m, lines = recv(u)
        c.true("%s: READY=1 after the reload: %r" % (where, lines),
               m is not None and m.get("READY") == "1" and "RELOADING" not in m)
        r = s.query("www.example.test", "A")
        c.answer("%s: answers after the reload" % where, r,
                 answer=["www.example.test. 3600 IN A 192.0.2.80"])

        s.signal(signal.SIGTERM)
        m, lines = recv(u)
        c.true("%s: STOPPING=1 on SIGTERM: %r" % (where, lines),
               m is not None and m.get("STOPPING") == "1")
        c.eq("%s: exit code" % where, s.proc.wait(timeout=20), 0)
        m, lines = recv(u, 0.5)
        c.eq("%s: nothing after STOPPING=1" % where, lines, [])
    finally:
        s.stop()
        u.close()
        del os.environ["NOTIFY_SOCKET"]
    return s


first = rt.Server()  # for its directory and the Checker's log
c = rt.Checker(first)
path = os.path.join(first.dir, "notify.sock")
c.server = run(c, "path", path, path)
abstract = "radixtest-notify-%d" % os.getpid()
c.server = run(c, "abstract", "\0" + abstract, "@" + abstract)

# The unit file in contrib/ is valid for systemd.
unit = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "contrib", "radixd.service")
if shutil.which("systemd-analyze") is not None and os.path.exists(unit):
    p = subprocess.run(["systemd-analyze", "verify", "--man=no", unit],
                       capture_output=True, text=True, timeout=60)
    # verify also checks that ExecStart's binary exists: it is not
    # installed here, so only that complaint is allowed.
    bad = [l for l in (p.stdout + p.stderr).splitlines()
           if l.strip() and "/usr/sbin/radixd" not in l and
           "Command " not in l and "ExecStart" not in l]
    c.eq("systemd-analyze verify contrib/radixd.service", bad, [])
c.report()
