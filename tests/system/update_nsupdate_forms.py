#!/usr/bin/python3
"""RFC 2136 with real clients: every prerequisite form (§2.4.1-§2.4.5) and
every update form (§2.5.1-§2.5.4) through nsupdate -y, nsupdate -k and
knsupdate, then dig/dnspython shows exactly the expected records."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul

rt.need_tool("nsupdate")
rt.need_tool("knsupdate")

with ul.UpdServer(workers=2) as s:
    c = rt.Checker(s)
    y = ("-y", "hmac-sha256:%s:%s" % (ul.KEY_NAME, ul.KEY_SECRET))
    k = ("-k", s.keyfile())
    kn = ("-y", "hmac-sha256:%s:%s" % (ul.KEY_NAME, ul.KEY_SECRET))

    # §2.5.1 add to an RRset, with nsupdate -y.
    rc, out = s.nsupdate("update add new.dyn.test 600 A 192.0.2.10\n"
                         "update add new.dyn.test 600 A 192.0.2.11", y)
    c.eq("add: nsupdate status " + out, rc, 0)
    c.eq("add: records", s.records("new.dyn.test", "A"), ["192.0.2.10", "192.0.2.11"])
    c.eq("add: serial", s.serial(), 101)

    # §2.4.1 name is in use (yxdomain), satisfied, with nsupdate -k.
    rc, out = s.nsupdate("prereq yxdomain new.dyn.test\n"
                         "update add new.dyn.test 600 TXT \"in use\"", k)
    c.eq("yxdomain ok " + out, rc, 0)
    c.eq("yxdomain ok: TXT", s.records("new.dyn.test", "TXT"), ['"in use"'])
    # §2.4.1 failing: NXDOMAIN, nothing changes.
    rc, out = s.nsupdate("prereq yxdomain none.dyn.test\n"
                         "update add none.dyn.test 600 A 192.0.2.1", k)
    c.true("yxdomain failing gives NXDOMAIN: " + out, "NXDOMAIN" in out and rc != 0)
    c.eq("yxdomain failing: nothing added", s.records("none.dyn.test", "A"), [])

    # §2.4.4 name is not in use (nxdomain), both ways.
    rc, out = s.nsupdate("prereq nxdomain fresh.dyn.test\n"
                         "update add fresh.dyn.test 600 A 192.0.2.20", y)
    c.eq("nxdomain ok " + out, rc, 0)
    c.eq("nxdomain ok: A", s.records("fresh.dyn.test", "A"), ["192.0.2.20"])
    rc, out = s.nsupdate("prereq nxdomain www.dyn.test\n"
                         "update add www.dyn.test 600 A 192.0.2.99", y)
    c.true("nxdomain failing gives YXDOMAIN: " + out, "YXDOMAIN" in out)
    c.eq("nxdomain failing: www unchanged", s.records("www.dyn.test", "A"), ["192.0.2.80"])

    # §2.4.2 RRset exists (value independent), both ways.
    rc, out = s.nsupdate("prereq yxrrset www.dyn.test A\n"
                         "update add www.dyn.test 300 A 192.0.2.81", y)
    c.eq("yxrrset ok " + out, rc, 0)
    c.eq("yxrrset ok: A", s.records("www.dyn.test", "A"), ["192.0.2.80", "192.0.2.81"])
    rc, out = s.nsupdate("prereq yxrrset www.dyn.test MX\n"
                         "update add www.dyn.test 300 A 192.0.2.82", y)
    c.true("yxrrset failing gives NXRRSET: " + out, "NXRRSET" in out)

    # §2.4.3 RRset exists (value dependent), both ways.
    rc, out = s.nsupdate("prereq yxrrset www.dyn.test A 192.0.2.80\n"
                         "prereq yxrrset www.dyn.test A 192.0.2.81\n"
                         "update delete www.dyn.test A 192.0.2.81", y)
    c.eq("yxrrset value ok " + out, rc, 0)
    c.eq("§2.5.4 delete one RR", s.records("www.dyn.test", "A"), ["192.0.2.80"])
    rc, out = s.nsupdate("prereq yxrrset www.dyn.test A 192.0.2.80\n"
                         "update delete www.dyn.test A", y)
    c.eq("yxrrset value (the whole RRset) ok " + out, rc, 0)
    c.eq("§2.5.2 delete an RRset", s.records("www.dyn.test", "A"), [])
    rc, out = s.nsupdate("prereq yxrrset www.dyn.test TXT \"nope\"\n"
                         "update add www.dyn.test 300 A 192.0.2.83", y)
    c.true("yxrrset value failing gives NXRRSET: " + out, "NXRRSET" in out)
    c.eq("value failing: nothing added", s.records("www.dyn.test", "A"), [])

    # §2.4.5 RRset does not exist, both ways.
    rc, out = s.nsupdate("prereq nxrrset www.dyn.test A\n"
                         "update add www.dyn.test 300 A 192.0.2.84", y)
    c.eq("nxrrset ok " + out, rc, 0)
    c.eq("nxrrset ok: A", s.records("www.dyn.test", "A"), ["192.0.2.84"])
    rc, out = s.nsupdate("prereq nxrrset www.dyn.test TXT\n"
                         "update add www.dyn.test 300 A 192.0.2.85", y)
    c.true("nxrrset failing gives YXRRSET: " + out, "YXRRSET" in out)

    # §2.5.3 delete all RRsets from a name, with knsupdate.
    rc, out = s.nsupdate("zone dyn.test.\nupdate delete new.dyn.test", kn, tool="knsupdate")
    c.eq("knsupdate delete name " + out, rc, 0)
    c.eq("name gone: A", s.records("new.dyn.test", "A"), [])
    c.eq("name gone: TXT", s.records("new.dyn.test", "TXT"), [])
    r = s.query("new.dyn.test", "A")
    c.eq("name gone: NXDOMAIN", rt.dns.rcode.to_text(r.rcode()), "NXDOMAIN")
    rc, out = s.nsupdate("zone dyn.test.\nupdate add kn.dyn.test 300 AAAA 2001:db8::7",
                         kn, tool="knsupdate")
    c.eq("knsupdate add " + out, rc, 0)
    c.eq("knsupdate add: AAAA", s.records("kn.dyn.test", "AAAA"), ["2001:db8::7"])

    # Special cases: CNAME beside other data is ignored (RFC 2136 §3.4.2.2).
    rc, out = s.nsupdate("update add www.dyn.test 300 CNAME elsewhere.test.", y)
    c.eq("CNAME onto data: NOERROR", rc, 0)
    c.eq("CNAME onto data ignored", s.records("www.dyn.test", "CNAME"), [])
    rc, out = s.nsupdate("update add alias.dyn.test 300 A 192.0.2.9", y)
    c.eq("data beside a CNAME ignored", s.records("alias.dyn.test", "CNAME"), ["www.dyn.test."])
    r = s.query("alias.dyn.test", "A")
    c.eq("alias still a CNAME", [x.to_text() for x in r.answer[0]], ["www.dyn.test."])
    # The last apex NS is never deleted (§3.4.2.4).
    rc, out = s.nsupdate("update delete dyn.test NS", y)
    c.eq("apex NS delete: NOERROR", rc, 0)
    c.eq("apex NS kept", s.records("dyn.test", "NS"), ["ns1.dyn.test."])
    # SOA: a lower serial is ignored, a higher one is taken as is.
    before = s.serial()
    rc, out = s.nsupdate("update add dyn.test 300 SOA ns1.dyn.test. hm.dyn.test. 5 7200 1800 1209600 300", y)
    c.eq("lower SOA serial ignored", s.serial(), before)
    rc, out = s.nsupdate("update add dyn.test 300 SOA ns1.dyn.test. hm.dyn.test. 5000 7200 1800 1209600 300", y)
    c.eq("higher SOA serial taken", s.serial(), 5000)
    r = s.query("dyn.test", "SOA")
    c.eq("new SOA rname", r.answer[0][0].rname.to_text(), "hm.dyn.test.")
    # An update that changes nothing keeps the serial.
    rc, out = s.nsupdate("update delete absent.dyn.test A 192.0.2.1", y)
    c.eq("no-op update: NOERROR", rc, 0)
    c.eq("no-op update keeps the serial", s.serial(), 5000)
c.report()
