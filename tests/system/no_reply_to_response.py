#!/usr/bin/python3
"""A message with QR set (a response) gets no reply at all; short junk neither."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    q = s.make("www.example.test", "A")
    wire = bytearray(q.to_wire())
    wire[2] |= 0x80
    c.eq("UDP: no reply to QR=1", s.send_raw(bytes(wire), timeout=1.0), None)
    c.eq("UDP: no reply to 5 octets", s.send_raw(b"\x12\x34\x01\x00\x00", timeout=1.0), None)
    c.eq("TCP: no reply to QR=1", s.send_raw(bytes(wire), tcp=True, timeout=1.0), None)
    # The server still answers afterwards.
    r = s.query("www.example.test", "A")
    c.answer("still serving", r, answer=["www.example.test. 3600 IN A 192.0.2.80"])
c.report()
