#!/usr/bin/python3
"""A worker killed with SIGKILL under load (issue 7 point 5): dnsperf sends
UDP queries at 2,000 a second for 10 s from 4 sockets (about 20,000, a
known count) to radixd with 2 workers, while the test SIGKILLs a worker 6
times, the two slots in turn, 1.5 s apart. Asserts: at least 99% of the
queries sent are answered (dnsperf's "completed"), each killed worker is
replaced by a new process within one second (a new child of main in
/proc, and main's "was killed by signal 9; starting a new one" line for
each kill), main keeps its pid, and a query is answered at the end.
The sockets belong to main (DESIGN.md), so what waits in the kernel for a
killed worker is read by its replacement; only the batch in its hands is
lost. The SIGKILLed-main half of point 5 is tests/system/
worker_exits_with_main.py and update_durability.py."""
import os, re, signal, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.rcode

rt.need_tool("dnsperf")
KILLS = 6
RATE = 2000
SECONDS = 10

with rt.Server(workers=2, timeout=90) as s:
    c = rt.Checker(s)
    main_pid = s.proc.pid
    qfile = os.path.join(s.dir, "queries.txt")
    with open(qfile, "w") as f:
        f.write("www.example.test A\nmail.example.test AAAA\n"
                "example.test MX\nnx.example.test A\nns1.example.test A\n")
    perf = subprocess.Popen(
        ["dnsperf", "-s", "127.0.0.1", "-p", str(s.port), "-d", qfile,
         "-l", str(SECONDS), "-Q", str(RATE), "-c", "4", "-t", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    times = []
    killed = []
    time.sleep(1.5)
    for i in range(KILLS):
        pids = s.workers_pids()
        if len(pids) != 2:
            c.true("kill %d: two workers before it (%r)" % (i, pids), False)
            break
        victim = pids[i % 2]
        os.kill(victim, signal.SIGKILL)
        t0 = time.monotonic()
        new = None
        while time.monotonic() - t0 < 3:
            now = s.workers_pids()
            if len(now) == 2 and victim not in now:
                new = now
                break
            time.sleep(0.005)
        dt = time.monotonic() - t0
        times.append(dt)
        killed.append(victim)
        c.true("kill %d: worker %d replaced within 1 s (%.3f s, now %r)"
               % (i, victim, dt, new), new is not None and dt < 1.0)
        time.sleep(1.5)
    out, _ = perf.communicate(timeout=SECONDS + 30)

    def figure(label):
        m = re.search(r"%s:\s+(\d+)" % label, out)
        return int(m.group(1)) if m else None

    sent = figure("Queries sent")
    done = figure("Queries completed")
    lost = figure("Queries lost")
    c.true("dnsperf ran and reported (%r %r)" % (sent, done),
           sent is not None and done is not None and sent > RATE * 5)
    if sent and done is not None:
        c.true("at least 99%% answered (%d of %d, %.3f%%)"
               % (done, sent, 100.0 * done / sent), done >= 0.99 * sent)
    log = s.log()
    deaths = len(re.findall(r"worker \d+ was killed by signal 9 \(Killed\); "
                            r"starting a new one", log))
    c.eq("one replacement line per kill", deaths, len(killed))
    c.eq("main kept its pid", s.proc.pid == main_pid and s.proc.poll() is None,
         True)
    c.eq("answered at the end", s.query("www.example.test").rcode(),
         dns.rcode.NOERROR)
    print("queries sent %s, answered %s, lost %s; %d workers killed; "
          "replaced in %s s (max %.3f s)"
          % (sent, done, lost, len(killed),
             ", ".join("%.3f" % t for t in times), max(times) if times else -1))
    c.report()
