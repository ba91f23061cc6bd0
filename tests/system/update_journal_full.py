#!/usr/bin/python3
"""A full journal (journal-size: reached, zonefile-sync: 0 so nothing
trims it) refuses the update with SERVFAIL and a clear log line, leaves
the zone as it was, loses nothing acknowledged, and other zones go on
taking updates. A signed zone refuses updates: no online signing yet.
Refusals repeated by a client in a loop are logged once, then counted in
one line when limit-log-interval (5 s here) is over (issue 7 point 4)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

OTHER = ul.ZONE.replace("dyn.test.", "two.test.")
OPTS = ("allow-update: 127.0.0.1 upd-key", "journal-size: 4096",
        "zonefile-sync: 0")

with ul.UpdServer(workers=2, zone_opts=OPTS,
                  server_conf=["limit-log-interval: 5"],
                  zones={"dyn.test": ul.ZONE, "two.test": OTHER}) as s:
    c = rt.Checker(s)
    acked = []
    rcode = None
    for i in range(200):
        u = ul.new_update()
        u.add("n%d.dyn.test." % i, 300, "TXT", "x" * 100)
        rcode = dns.rcode.to_text(s.update(u).rcode())
        if rcode != "NOERROR":
            break
        acked.append(i)
    c.eq("the journal fills up: SERVFAIL", rcode, "SERVFAIL")
    c.true("some updates fit first (%d)" % len(acked), 5 <= len(acked) < 200)
    c.true("log says the journal is full and what to do",
           ul.wait_log(s, "raise journal-size:"))
    c.eq("refused update not applied", s.records("n%d.dyn.test" % len(acked), "TXT"), [])
    again = []
    for i in range(20):
        u = ul.new_update()
        u.add("again%d.dyn.test." % i, 300, "TXT", "x" * 100)
        again.append(dns.rcode.to_text(s.update(u).rcode()))
    c.eq("20 more refused", again, ["SERVFAIL"] * 20)
    c.true("and counted in one line once the interval is over",
           ul.wait_log(s, "zone dyn.test: updates refused: "
                       "20 more suppressed in the last 5 s", limit=15))
    c.eq("21 refusals: one full log line",
         s.log().count("raise journal-size:"), 1)
    c.eq("serial unchanged by the refusal", s.serial(), 100 + len(acked))
    missing = [i for i in acked if s.records("n%d.dyn.test" % i, "TXT") != ['"' + "x" * 100 + '"']]
    c.eq("acknowledged updates all there", missing, [])
    u = ul.new_update(zone="two.test")
    u.add("ok.two.test.", 300, "A", "192.0.2.9")
    c.eq("other zone still takes updates", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
    c.eq("other zone record", s.records("ok.two.test", "A"), ["192.0.2.9"])
c.report()
