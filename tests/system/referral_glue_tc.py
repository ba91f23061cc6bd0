#!/usr/bin/python3
"""RFC 9471: in-domain glue that does not fit sets TC; with room it is all there."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt

zone = ("$ORIGIN big.test.\n$TTL 3600\n"
        "@ SOA ns hostmaster 1 7200 1800 1209600 300\n@ NS ns\nns A 192.0.2.1\n")
ns, glue = [], []
for i in range(13):
    h = "nameserver-number-%02d.child.big.test." % i
    zone += "child NS %s\n%s A 192.0.2.%d\n%s AAAA 2001:db8::%d\n" % (h, h, 10 + i, h, 10 + i)
    ns.append("child.big.test. 3600 IN NS " + h)
    glue += ["%s 3600 IN A 192.0.2.%d" % (h, 10 + i), "%s 3600 IN AAAA 2001:db8::%d" % (h, 10 + i)]
with rt.Server(zones={"big.test": zone}) as s:
    c = rt.Checker(s)
    # Without EDNS the limit is 512 octets: the glue cannot all fit.
    r = s.query("www.child.big.test", "A")
    c.true("no EDNS: TC set", "tc" in rt.flags_text(r))
    c.true("no EDNS: 512 octets at most", len(r.to_wire()) <= 512)
    # With EDNS 1232 everything fits: no TC, every NS and all glue.
    r = s.query("www.child.big.test", "A", edns=0, payload=1232)
    c.answer("EDNS 1232", r, flags=("qr",), answer=[], authority=ns, additional=glue)
    r = s.query("www.child.big.test", "A", tcp=True)
    c.answer("TCP", r, flags=("qr",), answer=[], authority=ns, additional=glue)
c.report()
