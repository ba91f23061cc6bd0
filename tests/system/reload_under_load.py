#!/usr/bin/python3
"""Reload under load: a bounded stream of UDP queries across several SIGHUPs
(each after a zone edit whose new data then shows) and one worker killed with
SIGKILL. No query may be lost on reload; the killed worker is replaced; the
fraction answered around the kill is reported."""
import os, select, signal, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

TOTAL = int(os.environ.get("RELOAD_QUERIES", "20000"))
SECONDS = float(os.environ.get("RELOAD_SECONDS", "20"))
NSOCK = 8            # several source ports: SO_REUSEPORT spreads them over slots
WAIT_END = 3.0       # seconds to wait for late answers at the end
RELOADS = [0.15, 0.30, 0.45, 0.60]   # fractions of the run
KILL_AT = 0.75


def zone(version):
    return rt.EXAMPLE_ZONE.replace("2026112701", str(2026112701 + version)) + \
        'gen TXT "v%d"\n' % version


def template(name, rdtype):
    q = rt.dns.message.make_query(name, rdtype, use_edns=-1)
    return bytearray(q.to_wire())


with rt.Server(zones={"example.test": zone(0)}, workers=2, timeout=180) as s:
    c = rt.Checker(s)
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(NSOCK)]
    for k in socks:
        k.setblocking(False)
        k.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        k.connect(("127.0.0.1", s.port))
    tmpl = [template("www.example.test", "A"), template("gen.example.test", "TXT")]
    sent = {}            # (socket index, id) -> send time
    answered = {}        # (socket index, id) -> answer time
    events = []          # (time, what)
    pending_events = [(f * SECONDS, "reload", i + 1) for i, f in enumerate(RELOADS)]
    pending_events.append((KILL_AT * SECONDS, "kill", 0))
    killed_pid = None
    start = time.monotonic()
    n = 0

    def drain(timeout):
        r, _, _ = select.select(socks, [], [], timeout)
        now = time.monotonic() - start
        for k in r:
            i = socks.index(k)
            while True:
                try:
                    data = k.recv(4096)
                except BlockingIOError:
                    break
                key = (i, int.from_bytes(data[0:2], "big"))
                if key in sent and key not in answered and data[3] & 0x0f == 0:
                    answered[key] = now

    while n < TOTAL:
        now = time.monotonic() - start
        while pending_events and pending_events[0][0] <= now:
            _, what, v = pending_events.pop(0)
            if what == "reload":
                s.write_zone("example.test", zone(v))
                s.signal(signal.SIGHUP)
            else:
                pids = s.workers_pids()
                killed_pid = pids[0]
                os.kill(killed_pid, signal.SIGKILL)
            events.append((now, what))
        # Pace: the n-th query leaves at n * SECONDS / TOTAL.
        due = min(TOTAL, int(now * TOTAL / SECONDS) + 1)
        while n < due:
            i = n % NSOCK
            qid = (n // NSOCK) & 0xffff
            t = tmpl[1 if n % 10 == 0 else 0]
            t[0:2] = qid.to_bytes(2, "big")
            try:
                socks[i].send(t)
            except BlockingIOError:
                pass        # counted as lost: the client could not send
            sent[(i, qid)] = now
            n += 1
        drain(0.002)
    end = time.monotonic() + WAIT_END
    while time.monotonic() < end and len(answered) < len(sent):
        drain(0.05)

    lost = [k for k in sent if k not in answered]
    kill_t = [t for t, w in events if w == "kill"][0]
    window = (kill_t - 0.5, kill_t + 2.0)
    around = [k for k in sent if window[0] <= sent[k] < window[1]]
    lost_around = [k for k in around if k not in answered]
    lost_elsewhere = [k for k in lost if not window[0] <= sent[k] < window[1]]
    print("queries sent %d, answered %d, lost %d" % (len(sent), len(answered), len(lost)))
    print("around the kill (%.1f s to %.1f s): %d sent, %.4f answered, %d lost" % (
        window[0], window[1], len(around),
        (len(around) - len(lost_around)) / max(1, len(around)), len(lost_around)))
    print("reloads at %s s" % ", ".join("%.1f" % t for t, w in events if w == "reload"))
    c.eq("queries sent", len(sent), TOTAL)
    c.eq("queries lost outside the kill window (reloads included)", len(lost_elsewhere), 0)
    # Queries to the killed slot wait in its socket and are answered by the
    # replacement; only those the worker held in its batch may be lost.
    c.true("at most one batch lost at the kill", len(lost_around) <= 64)
    # The last edit shows.
    r = s.query("gen.example.test", "TXT")
    c.answer("new data after the last reload", r, answer=['gen.example.test. 3600 IN TXT "v%d"' % len(RELOADS)])
    # The killed worker was replaced: two workers, the killed one gone.
    deadline = time.time() + 5
    while time.time() < deadline and len(s.workers_pids()) != 2:
        time.sleep(0.1)
    pids = s.workers_pids()
    c.eq("workers after the kill", len(pids), 2)
    c.true("killed worker gone", killed_pid not in pids)
    log = s.log()
    c.true("the death is logged", "killed by signal 9" in log)
    c.eq("reloads logged", log.count("reload done"), len(RELOADS))
    c.eq("zone reloads logged", log.count("zone example.test: reloaded serial"), len(RELOADS))
c.report()
