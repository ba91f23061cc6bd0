#!/usr/bin/python3
"""user: started as root, main and every worker run as that user (setgroups,
setgid, setuid) and still answer; skipped when not root."""
import os, pwd, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

if os.geteuid() != 0:
    rt.skip("needs root to drop privileges")
try:
    nobody = pwd.getpwnam("nobody")
except KeyError:
    rt.skip("no user nobody")


def ids(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Uid", "Gid", "Groups"):
                out[k] = v.split()
    return out


with rt.Server(server_conf=["user: nobody"]) as s:
    c = rt.Checker(s)
    uid, gid = str(nobody.pw_uid), str(nobody.pw_gid)
    for pid in [s.proc.pid] + s.workers_pids():
        st = ids(pid)
        c.eq("pid %d uids" % pid, st["Uid"], [uid] * 4)
        c.eq("pid %d gids" % pid, st["Gid"], [gid] * 4)
        c.eq("pid %d groups" % pid, st["Groups"], [gid])
    r = s.query("www.example.test", "A")
    c.answer("answers as nobody", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
c.report()
