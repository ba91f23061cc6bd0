#!/usr/bin/python3
"""Unknown opcodes get NOTIMP (RFC 1035 §4.1.1), with the opcode echoed."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

with rt.Server() as s:
    c = rt.Checker(s)
    for opcode in (2, 3, 15):
        for tcp in (False, True):
            t = "TCP" if tcp else "UDP"
            q = s.make("www.example.test", "A")
            wire = bytearray(q.to_wire())
            wire[2] = (wire[2] & 0x87) | (opcode << 3)
            raw = s.send_raw(bytes(wire), tcp=tcp)
            c.true("%s opcode %d: a reply" % (t, opcode), raw is not None)
            if raw is None:
                continue
            c.eq("%s opcode %d: id" % (t, opcode), raw[0:2], bytes(wire[0:2]))
            c.eq("%s opcode %d: QR" % (t, opcode), raw[2] & 0x80, 0x80)
            c.eq("%s opcode %d: opcode echoed" % (t, opcode), (raw[2] >> 3) & 0x0f, opcode)
            c.eq("%s opcode %d: NOTIMP" % (t, opcode), raw[3] & 0x0f, 4)
            c.eq("%s opcode %d: no answers" % (t, opcode), raw[6:8], b"\0\0")
c.report()
