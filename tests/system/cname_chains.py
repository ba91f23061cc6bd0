#!/usr/bin/python3
"""CNAME chains are followed inside the zone (RFC 1034 §4.3.2 step 3a)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for tcp in (False, True):
        t = "TCP" if tcp else "UDP"
        r = s.query("cname1.example.test", "A", tcp=tcp)
        c.answer(t + " chain", r, answer=[
            "cname1.example.test. 3600 IN CNAME cname2.example.test.",
            "cname2.example.test. 3600 IN CNAME www.example.test.",
            "www.example.test. 3600 IN A 192.0.2.80"], authority=[])
        # The chain ends in NODATA: the SOA of the target's zone.
        r = s.query("cname2.example.test", "MX", tcp=tcp)
        c.answer(t + " chain to NODATA", r, answer=[
            "cname2.example.test. 3600 IN CNAME www.example.test."],
            authority=["example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. "
                       "2026112701 7200 1800 1209600 300"])
        # Asking for the CNAME itself gives only it.
        r = s.query("cname1.example.test", "CNAME", tcp=tcp)
        c.answer(t + " CNAME qtype", r, answer=[
            "cname1.example.test. 3600 IN CNAME cname2.example.test."])
        # A target outside our zones ends the chain (no recursion).
        r = s.query("ext.example.test", "A", tcp=tcp)
        c.answer(t + " external target", r, answer=[
            "ext.example.test. 3600 IN CNAME www.elsewhere.invalid."], authority=[])
        # A loop stops, each CNAME given once.
        r = s.query("loop1.example.test", "A", tcp=tcp)
        c.eq(t + " loop rcode", rt.dns.rcode.to_text(r.rcode()), "NOERROR")
        c.eq(t + " loop answer", rt.rrs(r.answer), [
            "loop1.example.test. 3600 IN CNAME loop2.example.test.",
            "loop2.example.test. 3600 IN CNAME loop1.example.test."])
c.report()
