#!/usr/bin/python3
"""Durability: updates from four TCP clients while radixd's main process is
killed with SIGKILL at random moments, at least 20 times and until at least
2,000 updates were sent. Each update adds one new name, so after every
restart: every acknowledged name is there, and the zone is consistent (the
serial went up by exactly the number of names present). Then a torn journal
tail (garbage appended) is cut at start with a log line, losing nothing.
Bounded: at most 100 s of killing."""
import os, random, signal, socket, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.query, dns.rcode

random.seed(int(os.environ.get("SEED", "4")))
NCLIENTS = 4
acked = set()
sent = set()
lock = threading.Lock()
counter = [0]
stop_all = threading.Event()
running = threading.Event()


def client(s, cid):
    sock = None
    while not stop_all.is_set():
        if not running.is_set():
            if sock is not None:
                sock.close()
                sock = None
            time.sleep(0.02)
            continue
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", s.port), timeout=2)
            with lock:
                n = counter[0]
                counter[0] += 1
            name = "d%d.dyn.test." % n
            u = ul.new_update()
            u.add(name, 300, "A", "192.0.2.%d" % (n % 250 + 1))
            with lock:
                sent.add(n)
            r = dns.query.tcp(u, "127.0.0.1", port=s.port, timeout=2, sock=sock)
            if r.rcode() == dns.rcode.NOERROR:
                with lock:
                    acked.add(n)
        except Exception:
            if sock is not None:
                sock.close()
            sock = None
            time.sleep(0.02)


def present(s, names):
    """The numbers among names whose record is served."""
    out = set()
    for n in names:
        r = s.query("d%d.dyn.test" % n, "A", timeout=2)
        if r.rcode() == dns.rcode.NOERROR and r.answer:
            out.add(n)
    return out


s = ul.UpdServer(workers=2, timeout=170,
                 zone_opts=("allow-update: 127.0.0.1 upd-key",
                            "zonefile-sync: 3"))
s.start()
c = rt.Checker(s)
threads = [threading.Thread(target=client, args=(s, i), daemon=True)
           for i in range(NCLIENTS)]
for t in threads:
    t.start()
kills = 0
checked = set()
end = time.time() + 100
while (kills < 22 or len(sent) < 2000) and time.time() < end:
    running.set()
    time.sleep(random.uniform(0.15, 0.9))
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait()
    kills += 1
    running.clear()
    time.sleep(0.1)  # the workers die with main (PR_SET_PDEATHSIG)
    s.start_again()
    with lock:
        must = set(acked) - checked
    got = present(s, must)
    c.eq("round %d: acknowledged updates present" % kills, sorted(must - got), [])
    checked |= must
stop_all.set()
running.clear()
for t in threads:
    t.join(5)
c.true("at least 20 kills (%d)" % kills, kills >= 20)
c.true("at least 2000 updates sent (%d)" % len(sent), len(sent) >= 2000)
c.true("most updates acknowledged (%d of %d)" % (len(acked), len(sent)),
       len(acked) >= len(sent) * 0.5)
# Consistency: exactly the names present account for the serial's rise.
have = present(s, sorted(sent))
c.eq("every acknowledged update present at the end", sorted(acked - have), [])
c.eq("serial - 100 == names present", s.serial() - 100, len(have))

# A torn tail: half a record of garbage at the end of the journal.
s.proc.send_signal(signal.SIGKILL)
s.proc.wait()
time.sleep(0.1)
jnl = s.zone_path("dyn.test") + ".jnl"
with open(jnl, "ab") as f:
    f.write(b"\x00\x00\x01\x00garbage-that-was-never-acknowledged")
s.start_again()
c.true("torn tail cut with a log line", ul.wait_log(s, "torn journal tail"))
have2 = present(s, sorted(sent))
c.eq("nothing lost after the torn tail", sorted(have - have2), [])
c.eq("serial after the torn tail", s.serial() - 100, len(have2))
print("kills %d, sent %d, acknowledged %d" % (kills, len(sent), len(acked)))
c.report()
