#!/usr/bin/python3
"""xfr_large: a multi-message AXFR of a zone of 100,000+ records, every
message TSIG-signed (RFC 8945 §5.3.1) and verified by dig -y and by
kdig -y; every record present exactly once, SOA first and last (RFC 5936
§2.2); a wrong secret gets NOTAUTH and no records.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import radixtest
import xfr_util
from xfr_util import KEY_NAME, KEY_SPEC, ZONE, Primary, fail, records, run

N = 100000


def check(tool, out, expect, primary):
    got = records(out)
    if len(got) != len(expect) + 1:
        fail("%s: %d records, expected %d (SOA twice)" % (
            tool, len(got), len(expect) + 1), primary, None)
    if sorted(set(got)) != sorted(set(expect)):
        fail("%s: the records differ from radixd's own dig" % tool, primary,
             None)
    body = [r for r in got if " SOA " not in r]
    if len(body) != len(set(body)):
        fail("%s: a record is sent twice" % tool, primary, None)
    lines = [l for l in out.splitlines() if l and not l.startswith(";")
             and " TSIG " not in l.replace("\t", " ")]
    if " SOA " not in lines[0].replace("\t", " ") or \
            " SOA " not in lines[-1].replace("\t", " "):
        fail("%s: SOA is not first and last" % tool, primary, None)


def main():
    radixtest.need_tool("dig")
    radixtest.need_tool("kdig")
    primary = Primary(xfr_util.big_zone(N), ["provide-xfr: 127.0.0.1 %s" % KEY_NAME],
                      timeout=180)
    primary.start()
    port = str(primary.port)

    rc, out = run(["dig", "+nocmd", "+time=30", "+tries=1", "-p", port,
                   "@127.0.0.1", ZONE, "AXFR", "-y", KEY_SPEC], timeout=120)
    m = re.search(r"XFR size: (\d+) records \(messages (\d+)", out)
    if rc != 0 or m is None or "failed" in out or "failure" in out:
        fail("dig -y AXFR: rc %d: %s" % (rc, out[-2000:]), primary, None)
    if int(m.group(1)) != N + 11 or int(m.group(2)) < 2:
        fail("dig -y AXFR: %s records in %s messages, expected %d in "
             "several" % (m.group(1), m.group(2), N + 11), primary, None)
    expect = sorted(set(records(out)))
    if len(expect) != N + 10:
        fail("dig -y AXFR: %d distinct records, expected %d" % (
            len(expect), N + 10), primary, None)
    check("dig -y", out, expect, primary)
    print("ok: dig -y verified %s messages, %s records" % (
        m.group(2), m.group(1)))

    rc, out = run(["kdig", "+time=30", "+retry=0", "-p", port, "@127.0.0.1",
                   ZONE, "AXFR", "-y", KEY_SPEC], timeout=120)
    if rc != 0 or ";; ERROR" in out or ";; WARNING" in out:
        fail("kdig -y AXFR: rc %d: %s" % (rc, out[-2000:]), primary, None)
    m = re.search(r"Received (\d+) B \((\d+) messages, (\d+) records\)", out)
    if m is None or int(m.group(3)) != N + 11 or int(m.group(2)) < 2:
        fail("kdig -y AXFR: %s" % out[-1000:], primary, None)
    check("kdig -y", out, expect, primary)
    print("ok: kdig -y verified %s messages, %s records" % (
        m.group(2), m.group(3)))

    bad = "hmac-sha256:%s:%s" % (KEY_NAME, "b3RoZXJzZWNyZXRvdGhlcnNlY3JldDEyMzQ1Njc4OTA=")
    rc, out = run(["dig", "+nocmd", "+time=10", "+tries=1", "-p", port,
                   "@127.0.0.1", ZONE, "AXFR", "-y", bad])
    if records(out) or "Transfer failed" not in out:
        fail("dig AXFR with a wrong secret: %s" % out[-1000:], primary, None)
    if "TSIG BADSIG" not in primary.log():
        fail("no log line for the wrong secret", primary, None)
    print("ok: a wrong secret is refused (NOTAUTH, BADSIG logged)")
    primary.stop()
    print("PASS")


main()
