#!/usr/bin/python3
"""CHAOS TXT id.server, hostname.bind, version.server, version.bind: shown, then hidden."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

shown = ['identity: "ns-test-1"', 'version: "radix 9.9"']
c = None
with rt.Server(server_conf=shown) as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        for name, val in (("id.server", "ns-test-1"), ("hostname.bind", "ns-test-1"),
                          ("version.server", "radix 9.9"), ("version.bind", "radix 9.9")):
            r = s.query(name, "TXT", tcp=tcp, rdclass="CH")
            c.answer("%s %s" % (t, name), r, answer=['%s. 0 CH TXT "%s"' % (name, val)])
    if rt.shutil.which("dig"):
        out = s.dig("+short", "CH", "TXT", "version.bind")
        c.eq("dig version.bind", out.strip(), '"radix 9.9"')
    s.stop()
    hidden = shown + ["hide-identity: yes", "hide-version: yes"]
with rt.Server(server_conf=hidden) as s2:
    c.server = s2
    for name in ("id.server", "hostname.bind", "version.server", "version.bind"):
        r = s2.query(name, "TXT", rdclass="CH")
        c.answer("hidden " + name, r, rcode="REFUSED", flags=("qr",), answer=[])
c.report()
