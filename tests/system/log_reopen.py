#!/usr/bin/python3
"""logfile: and log-reopen (issue 6 point 1): radixd logs to the file named
by logfile:; after the file is renamed (as logrotate does), radixctl
log-reopen and then SIGUSR2 make main AND the running workers (the same
PIDs, not fresh ones) write to a new file at the old path, and nothing more
to the renamed one. Without logfile:, log-reopen fails with exit 1 and says
what to set."""
import os, re, signal, socket, stat, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.message, dns.query

RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")
if not os.access(RADIXCTL, os.X_OK):
    rt.skip("radixctl is not built at %s" % RADIXCTL)

LINE = re.compile(r"^\S+ radixd\[(\d+)\] (main|worker \d+) (\w+): (.*)$")


def lines(path):
    """(pid, role, text) of each log line in path."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        return []
    out = []
    for l in text.splitlines():
        m = LINE.match(l)
        if m:
            out.append((int(m.group(1)), m.group(2), m.group(4)))
    return out


def wait_for(path, pred, limit=10.0):
    end = time.time() + limit
    while time.time() < end:
        if any(pred(x) for x in lines(path)):
            return True
        time.sleep(0.05)
    return False


def refused_axfrs(s, n=24):
    """AXFRs refused by the workers (no provide-xfr:): each logs a line.
    Several connections, from several ports, reach both workers."""
    for _ in range(n):
        q = dns.message.make_query("example.test", "AXFR")
        try:
            dns.query.tcp(q, "127.0.0.1", port=s.port, timeout=3)
        except Exception:
            pass


def is_refusal(x):
    return x[1].startswith("worker") and "transfer of zone example.test" in x[2]


s = rt.Server(workers=2)
logfile = os.path.join(s.dir, "log", "radixd.log")
os.mkdir(os.path.dirname(logfile))
sock = os.path.join(s.dir, "ctl.sock")
s.server_conf += ["logfile: %s" % logfile, "control-socket: %s" % sock]


def ctl(*args):
    p = subprocess.run([RADIXCTL, "-s", sock] + list(args), capture_output=True,
                       text=True, timeout=20)
    return p.returncode, p.stdout, p.stderr


with s:
    c = rt.Checker(s)
    main = s.proc.pid
    workers = set(s.workers_pids())
    c.true("main logs to the file",
           wait_for(logfile, lambda x: x[0] == main and "serving 1 zone" in x[2]))
    c.eq("log file mode", oct(stat.S_IMODE(os.stat(logfile).st_mode)), "0o640")
    refused_axfrs(s)
    c.true("workers log to the file", wait_for(logfile, is_refusal))

    for how, n in (("radixctl", 1), ("SIGUSR2", 2)):
        old = "%s.%d" % (logfile, n)
        os.rename(logfile, old)
        before = len(lines(old))
        if how == "radixctl":
            rc, out, err = ctl("log-reopen")
            c.eq("log-reopen", (rc, out, err),
                 (0, "log file %s reopened by main and 2 workers\n" % logfile, ""))
        else:
            s.signal(signal.SIGUSR2)
        c.true("%s: main logs to the new file" % how,
               wait_for(logfile, lambda x: x[0] == main and
                        x[2] == "log file %s reopened" % logfile))
        # The workers reopen in their SIGUSR2 handler; give them a moment
        # (no timing is asserted: the checks below wait for their lines).
        time.sleep(0.3)
        refused_axfrs(s)
        c.true("%s: a worker logs to the new file" % how,
               wait_for(logfile, is_refusal))
        time.sleep(0.3)
        new = [x for x in lines(logfile) if is_refusal(x)]
        c.true("%s: new file's worker lines are from the same workers %r: %r"
               % (how, workers, new), {x[0] for x in new} <= workers)
        c.eq("%s: both workers reopened" % how, {x[0] for x in new}, workers)
        c.eq("%s: nothing more in the renamed file" % how,
             lines(old)[before:], [])
    c.eq("workers not replaced", set(s.workers_pids()), workers)
    r = s.query("www.example.test", "A")
    c.answer("still answers", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])

# With logfile:, a sanitizer would report into the log files, not stderr.
for path in (logfile, logfile + ".1", logfile + ".2"):
    text = open(path).read() if os.path.exists(path) else ""
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
        c.true("no sanitizer report in %s" % path, bad not in text)

# Without logfile:, log-reopen says what to set.
s2 = rt.Server(workers=1)
sock = os.path.join(s2.dir, "ctl.sock")
s2.server_conf.append("control-socket: %s" % sock)
with s2:
    rc, out, err = ctl("log-reopen")
    c.eq("log-reopen without logfile:", (rc, err),
         (1, "radixd logs to stderr, not to a file; set logfile: in "
             "radixd.conf to log to one\n"))
    s2.stop()
c.report()
