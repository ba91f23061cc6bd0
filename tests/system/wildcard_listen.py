#!/usr/bin/python3
"""Listening on 0.0.0.0 and :: answers from the address each query was sent
to (IP_PKTINFO / IPV6_PKTINFO), over UDP and TCP. Runs in a private network
namespace (unshare -n, as root) so that the wildcard binds reach loopback
only; skipped otherwise."""
import os, shutil, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

if os.environ.get("RADIXTEST_NETNS") != "1":
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("ip") is None:
        rt.skip("needs root, unshare and ip for a private network namespace")
    env = dict(os.environ, RADIXTEST_NETNS="1")
    p = subprocess.run(["unshare", "-n", sys.executable, os.path.abspath(__file__)],
                       env=env, timeout=120)
    sys.exit(p.returncode)

subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
have6 = subprocess.run(["ip", "-6", "addr", "add", "::1/128", "dev", "lo"],
                       stderr=subprocess.DEVNULL).returncode == 0 or \
    os.path.exists("/proc/net/if_inet6")
with rt.Server(listen=["0.0.0.0", "::"]) as s:
    c = rt.Checker(s)
    addrs = ["127.0.0.1", "127.0.0.2", "127.9.8.7"] + (["::1"] if have6 else [])
    for a in addrs:
        for tcp in (False, True):
            r = s.send(s.make("www.example.test", "A"), tcp=tcp, addr=a)
            c.answer("%s %s" % (a, "TCP" if tcp else "UDP"), r,
                     answer=["www.example.test. 3600 IN A 192.0.2.80"])
c.report()
