#!/usr/bin/python3
"""Additional section: A and AAAA of NS, MX and SRV targets we hold (RFC 1035 §3.3, RFC 2782)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("example.test", "NS", tcp=tcp)
        c.answer(t + " NS", r, answer=["example.test. 3600 IN NS ns1.example.test.",
                                       "example.test. 3600 IN NS ns2.other.test."],
                 additional=["ns1.example.test. 3600 IN A 192.0.2.53",
                             "ns1.example.test. 3600 IN AAAA 2001:db8::53"])
        r = s.query("example.test", "MX", tcp=tcp)
        c.answer(t + " MX", r, answer=["example.test. 3600 IN MX 10 mail.example.test."],
                 additional=["mail.example.test. 3600 IN A 192.0.2.25",
                             "mail.example.test. 3600 IN AAAA 2001:db8::25"])
        r = s.query("_sip._udp.example.test", "SRV", tcp=tcp)
        c.answer(t + " SRV", r, answer=["_sip._udp.example.test. 3600 IN SRV 10 60 5060 sip.example.test."],
                 additional=["sip.example.test. 3600 IN A 192.0.2.60"])
        r = s.query("www.example.test", "A", tcp=tcp)
        c.answer(t + " A has no additional", r, additional=[])
c.report()
