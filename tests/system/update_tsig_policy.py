#!/usr/bin/python3
"""TSIG failures and update policy: an unknown key (BADKEY), a bad MAC
(BADSIG) and a clock 20 minutes off (BADTIME) are NOTAUTH with the TSIG
error (RFC 8945 §5.2); unsigned and out-of-policy updates are REFUSED and
logged with key, source and reason; nothing changes in any of these."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.message, dns.rcode, dns.tsig, dns.tsigkeyring, dns.update

OPTS = ("allow-update: 127.0.0.1 upd-key",
        "allow-update: any acme-key name=_acme-challenge.*.dyn.test types=TXT")

with ul.UpdServer(zone_opts=OPTS) as s:
    c = rt.Checker(s)

    # A good update first, over TCP, signed: NOERROR with a valid TSIG.
    u = ul.new_update()
    u.add("ok.dyn.test.", 300, "A", "192.0.2.1")
    r = s.update(u, tcp=True)
    c.eq("signed update", dns.rcode.to_text(r.rcode()), "NOERROR")
    c.true("reply is signed", r.had_tsig)
    c.eq("signed update applied", s.records("ok.dyn.test", "A"), ["192.0.2.1"])

    # BADKEY: a key radixd does not know.
    u = dns.update.UpdateMessage("dyn.test")
    u.use_tsig(dns.tsigkeyring.from_text({"nokey": ul.KEY_SECRET}), keyname="nokey")
    u.add("bad1.dyn.test.", 300, "A", "192.0.2.2")
    try:
        r = s.update(u)
        c.true("BADKEY must not verify", False)
    except dns.tsig.PeerBadKey:
        c.true("BADKEY", True)
    c.true("BADKEY logged", ul.wait_log(s, "TSIG BADKEY"))

    # BADSIG: the right key name with another secret.
    u = dns.update.UpdateMessage("dyn.test")
    u.use_tsig(dns.tsigkeyring.from_text({ul.KEY_NAME: ul.OTHER_SECRET}),
               keyname=ul.KEY_NAME)
    u.add("bad2.dyn.test.", 300, "A", "192.0.2.3")
    try:
        s.update(u)
        c.true("BADSIG must not verify", False)
    except dns.tsig.PeerBadSignature:
        c.true("BADSIG", True)

    # BADTIME: signed 1200 s in the past (a fake clock in dnspython).
    u = ul.new_update()
    u.add("bad3.dyn.test.", 300, "A", "192.0.2.4")
    real = time.time
    time.time = lambda: real() - 1200
    try:
        wire = u.to_wire()
    finally:
        time.time = real
    import socket
    sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sk.settimeout(3)
    sk.sendto(wire, ("127.0.0.1", s.port))
    data = sk.recv(65535)
    sk.close()
    try:
        dns.message.from_wire(data, keyring=ul.keyring(), request_mac=u.mac)
        c.true("BADTIME must not verify", False)
    except dns.tsig.PeerBadTime:
        c.true("BADTIME", True)
    c.eq("BADTIME rcode NOTAUTH in the header", data[3] & 0xf, 9)
    c.eq("BADTIME reply has its TSIG (ARCOUNT 1)", data[10:12], b"\x00\x01")

    # Unsigned from 127.0.0.1: no rule allows it.
    u = ul.new_update(keyname=None)
    u.add("bad4.dyn.test.", 300, "A", "192.0.2.5")
    r = s.update(u)
    c.eq("unsigned refused", dns.rcode.to_text(r.rcode()), "REFUSED")
    c.true("unsigned refusal logged with key and source",
           ul.wait_log(s, "update from 127.0.0.1 key none refused"))

    # acme-key: TXT under _acme-challenge.*.dyn.test only.
    u = ul.new_update(keyname=ul.OTHER_NAME)
    u.add("_acme-challenge.www.dyn.test.", 60, "TXT", "token1")
    r = s.update(u)
    c.eq("acme TXT allowed", dns.rcode.to_text(r.rcode()), "NOERROR")
    c.eq("acme TXT there", s.records("_acme-challenge.www.dyn.test", "TXT"), ['"token1"'])
    u = ul.new_update(keyname=ul.OTHER_NAME)
    u.add("_acme-challenge.www.dyn.test.", 60, "A", "192.0.2.6")
    r = s.update(u)
    c.eq("acme A refused", dns.rcode.to_text(r.rcode()), "REFUSED")
    c.true("acme refusal reason logged",
           ul.wait_log(s, "may not change A at _acme-challenge.www.dyn.test."))
    u = ul.new_update(keyname=ul.OTHER_NAME)
    u.add("www.dyn.test.", 60, "TXT", "x")
    r = s.update(u)
    c.eq("acme elsewhere refused", dns.rcode.to_text(r.rcode()), "REFUSED")
    # A zone we do not serve: NOTAUTH.
    u = ul.new_update(zone="other.test")
    u.add("a.other.test.", 60, "A", "192.0.2.7")
    r = s.update(u)
    c.eq("other zone NOTAUTH", dns.rcode.to_text(r.rcode()), "NOTAUTH")

    for name in ("bad1", "bad2", "bad3", "bad4"):
        c.eq("nothing added at " + name, s.records(name + ".dyn.test", "A"), [])
    c.eq("serial: two updates applied", s.serial(), 102)
c.report()
