#!/usr/bin/python3
"""user:, group:, supplementary groups and chroot: (issue 6 point 3). Runs
in a private mount namespace (unshare -m, as root) where /etc/passwd and
/etc/group are copies with a test user, so the system's are never touched.

1. user: radixtest: main and every worker run as its uid, its primary gid,
   and its supplementary groups from /etc/group (initgroups); the pid file
   holds main's pid, is written before the drop, and is removed at exit;
   the control socket is handed to the user.
2. user:, group: radixtest-o and chroot: DIR: the configured gid, the
   user's supplementary groups plus that one, /proc/PID/root is DIR for main
   and the workers (a sanitizer build gets /proc mounted inside, for
   LeakSanitizer), queries are answered, a changed zone file is reloaded
   on SIGHUP, logfile: and log-reopen work inside the chroot, and the pid
   file and control socket inside it are removed at exit.
3. chroot: with a zone file outside it: radixd does not start and says
   which path is outside.
Skipped when not root or without unshare."""
import atexit, os, shutil, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

if os.environ.get("RADIXTEST_MNTNS") != "1":
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        rt.skip("needs root and unshare for a private mount namespace")
    env = dict(os.environ, RADIXTEST_MNTNS="1")
    p = subprocess.run(["unshare", "-m", "--propagation", "private",
                        sys.executable, os.path.abspath(__file__)],
                       env=env, timeout=170)
    sys.exit(p.returncode)

UID, GID, GA, GB, GO = 64123, 64123, 64124, 64125, 64126
RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")

# Our own /etc/passwd and /etc/group, in this namespace only.
etc = tempfile.mkdtemp(prefix="radixtest-etc.")
atexit.register(shutil.rmtree, etc, True)
for name, extra in (("passwd", "radixtest:x:%d:%d::/nonexistent:/usr/sbin/nologin\n"
                     % (UID, GID)),
                    ("group", "radixtest:x:%d:\nradixtest-a:x:%d:radixtest\n"
                     "radixtest-b:x:%d:someone,radixtest\nradixtest-o:x:%d:\n"
                     % (GID, GA, GB, GO))):
    with open("/etc/" + name) as f:
        text = f.read()
    with open(os.path.join(etc, name), "w") as f:
        f.write(text + ("" if text.endswith("\n") else "\n") + extra)
    subprocess.run(["mount", "--bind", os.path.join(etc, name), "/etc/" + name],
                   check=True)


def ids(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Uid", "Gid", "Groups"):
                out[k] = sorted(int(x) for x in v.split()) if k == "Groups" \
                    else [int(x) for x in v.split()]
    return out


def prepare(s):
    """The test directory, readable and writable by the test user."""
    os.chmod(s.dir, 0o755)
    os.chown(s.dir, UID, GID)


def ctl(sock, *args):
    p = subprocess.run([RADIXCTL, "-s", sock] + list(args), capture_output=True,
                       text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr


# 1. user: with the primary group and supplementary groups.
s = rt.Server(workers=2)
prepare(s)
pidfile = os.path.join(s.dir, "radixd.pid")
sock = os.path.join(s.dir, "ctl.sock")
s.server_conf += ["user: radixtest", "pidfile: %s" % pidfile,
                  "control-socket: %s" % sock]
c = rt.Checker(s)
with s:
    for pid in [s.proc.pid] + s.workers_pids():
        st = ids(pid)
        c.eq("pid %d uids" % pid, st["Uid"], [UID] * 4)
        c.eq("pid %d gids" % pid, st["Gid"], [GID] * 4)
        c.eq("pid %d groups" % pid, st["Groups"], [GID, GA, GB])
    with open(pidfile) as f:
        c.eq("pid file", f.read(), "%d\n" % s.proc.pid)
    c.eq("pid file written as root", os.stat(pidfile).st_uid, 0)
    st = os.stat(sock)
    c.eq("control socket owner", (st.st_uid, st.st_gid), (UID, GID))
    c.eq("radixctl status as root", ctl(sock, "status")[0], 0)
    r = s.query("www.example.test", "A")
    c.answer("answers as radixtest", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
    s.stop()
    c.eq("exit code", s.proc.returncode, 0)
    c.true("pid file removed at exit", not os.path.exists(pidfile))
    c.true("control socket removed at exit", not os.path.exists(sock))

# 2. group: and chroot:.
s = rt.Server(workers=2)
prepare(s)
pidfile = os.path.join(s.dir, "run", "radixd.pid")
sock = os.path.join(s.dir, "run", "ctl.sock")
logfile = os.path.join(s.dir, "log", "radixd.log")
for d in ("run", "log"):
    os.mkdir(os.path.join(s.dir, d))
    os.chown(os.path.join(s.dir, d), UID, GID)
# LeakSanitizer reads /proc at exit: a sanitizer build gets /proc inside
# the chroot (in this namespace only); a plain build runs without it.
with open(rt._find_radixd(), "rb") as f:
    if b"__lsan_" in f.read():
        os.mkdir(os.path.join(s.dir, "proc"))
        subprocess.run(["mount", "--bind", "/proc", os.path.join(s.dir, "proc")],
                       check=True)
s.server_conf += ["user: radixtest", "group: radixtest-o", "chroot: %s/" % s.dir,
                  "pidfile: %s" % pidfile, "control-socket: %s" % sock,
                  "logfile: %s" % logfile]
c.server = s
with s:
    real = os.path.realpath(s.dir)
    for pid in [s.proc.pid] + s.workers_pids():
        st = ids(pid)
        c.eq("chroot: pid %d uids" % pid, st["Uid"], [UID] * 4)
        c.eq("chroot: pid %d gids" % pid, st["Gid"], [GO] * 4)
        c.eq("chroot: pid %d groups" % pid, st["Groups"], [GA, GB, GO])
        c.eq("chroot: pid %d root" % pid, os.readlink("/proc/%d/root" % pid), real)
    r = s.query("www.example.test", "A")
    c.answer("chroot: answers", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
    c.eq("chroot: radixctl status", ctl(sock, "status")[0], 0)
    time.sleep(1.1)  # a new mtime even on coarse clocks
    s.write_zone("example.test", rt.EXAMPLE_ZONE.replace(
        "2026112701", "2026112702") + "new\tA\t192.0.2.123\n")
    old = set(s.workers_pids())
    s.signal(signal.SIGHUP)
    got = []
    end = time.time() + 10
    while time.time() < end and not got:
        got = s.query("new.example.test", "A").answer
        time.sleep(0.1)
    c.eq("chroot: reloaded zone served", rt.rrs(got),
         ["new.example.test. 3600 IN A 192.0.2.123"])
    c.true("chroot: reload logged in the log file",
           "zone example.test: reloaded serial 2026112702" in open(logfile).read())
    os.rename(logfile, logfile + ".1")
    rc, out = ctl(sock, "log-reopen")
    c.eq("chroot: log-reopen", rc, 0)
    c.true("chroot: new log file has main's line",
           "log file log/radixd.log reopened" in open(logfile).read())
    c.eq("chroot: new log file owner", os.stat(logfile).st_uid, UID)
    s.stop()
    c.eq("chroot: exit code", s.proc.returncode, 0)
    c.true("chroot: pid file removed at exit", not os.path.exists(pidfile))
    for path in (logfile, logfile + ".1"):
        text = open(path).read()
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                    "runtime error:"):
            c.true("chroot: no sanitizer report in %s" % path, bad not in text)
    c.true("chroot: control socket removed at exit", not os.path.exists(sock))

# 3. A zone file outside the chroot: not started, and the message says so.
s = rt.Server(workers=1)
jail = os.path.join(s.dir, "jail")
os.mkdir(jail)
s.server_conf += ["chroot: %s" % jail]
c.server = s
try:
    s.start()
    c.true("a zone outside the chroot is refused", False)
except RuntimeError:
    pass
c.eq("outside: exit code", s.proc.returncode, 1)
c.true("outside: the message names the path and the chroot: %r" % s.log(),
       "zone example.test: zonefile %s is outside chroot: %s;"
       % (s.zone_path("example.test"), jail) in s.log())
c.report()
