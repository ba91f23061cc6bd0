#!/usr/bin/python3
"""Reference test for signed zones (issue 8): radixd and Knot DNS serve the
same pre-signed zones, and their answers with DO are compared section by
section (rcode, AA and TC, the answer, authority and additional sections as
multisets of records with TTLs, RRSIGs and NSEC/NSEC3 included).

Zones: one signed here with dnssec-signzone and NSEC, one with NSEC3 and one
with NSEC3 opt-out (keys from dnssec-keygen in a temporary directory), and
the 2017 root zone. Queries: every owner name with several types, names
below them and beside them that do not exist, wildcard expansions, DS at and
below the cuts, over TCP (no truncation) and over UDP with 1232 octets.
Knot is started as in knot_compare.py (imported from it). Every intended
difference is listed in NORMALISE with its reason. Exit 77 when knotd,
dnssec-keygen or dnssec-signzone is missing.

usage: dnssec_knot_compare.py [-v]
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt  # noqa: E402
import knot_compare as kc  # noqa: E402

import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.rdatatype  # noqa: E402

for tool in ("knotd", "dnssec-keygen", "dnssec-signzone"):
    rt.need_tool(tool)

ZONE = """\
$TTL 300
@		SOA	ns1 hostmaster 1 3600 600 86400 300
@		NS	ns1
@		MX	10 mail
ns1		A	192.0.2.1
mail		A	192.0.2.7
www		A	192.0.2.2
www		AAAA	2001:db8::2
cn		CNAME	www
cnx		CNAME	nothere
dn		DNAME	c
*.wild		A	192.0.2.3
*.wc		CNAME	www
a.b.c		A	192.0.2.4
signed		NS	ns.signed
signed		DS	12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.signed	A	192.0.2.5
unsigned	NS	ns.unsigned
ns.unsigned	A	192.0.2.6
"""
NAMES = ["", "ns1", "mail", "www", "cn", "cnx", "foo.wild", "a.b.wild",
         "wild", "*.wild", "bar.wc", "a.b.c", "b.c", "c", "x.b.c", "nope",
         "x.nope", "zzz", "0", "signed", "www.signed", "unsigned",
         "www.unsigned", "x.y.unsigned", "ns.signed", "dn", "b.dn", "a.b.dn",
         "x.dn"]
TYPES = ["A", "AAAA", "MX", "TXT", "NS", "DS", "SOA", "DNSKEY", "CNAME", "ANY",
         "RRSIG", "NSEC", "NSEC3PARAM"]
SALT = "5eed"


def sign(tmp, origin, extra):
    path = os.path.join(tmp, origin + "zone")
    with open(path, "w") as f:
        f.write("$ORIGIN %s\n" % origin + ZONE)

    def run(*a):
        return subprocess.run(a, cwd=tmp, check=True, timeout=60,
                              capture_output=True, text=True).stdout.strip()
    keys = [run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK",
                origin),
            run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", origin)]
    with open(path, "a") as f:
        for k in keys:
            f.write(open(os.path.join(tmp, k + ".key")).read())
    run(*(["dnssec-signzone", "-q", "-o", origin, "-f", path + ".signed"] +
          extra + [path]))
    return open(path + ".signed").read()


def reason(why):
    def reg(fn):
        NORMALISE.append((fn.__name__, why, fn))
        return fn
    return reg


NORMALISE = []


@reason("an answer that does not fit in UDP: both set TC, but what each "
        "keeps differs (radixd keeps whole RRsets with their RRSIGs, Knot "
        "may return fewer); with TC set only the rcode and flags are compared")
def truncated(q, transport, knot, radix):
    if "TC" in knot.flags and "TC" in radix.flags:
        for r in (knot, radix):
            for sec in r.sections:
                r.sections[sec] = []


@reason("the additional section over UDP: each server fills it while there "
        "is room, and Knot stops earlier (. NS: Knot leaves out the last root "
        "server addresses that radixd still fits in 1232 octets); both are "
        "allowed (RFC 2181 §9).  Checked: radixd's additional holds all of "
        "Knot's; the extra records are dropped")
def udp_additional_fill(q, transport, knot, radix):
    if transport != "udp":
        return
    rest = list(radix.sections["additional"])
    for x in knot.sections["additional"]:
        if x not in rest:
            return
        rest.remove(x)
    radix.sections["additional"] = list(knot.sections["additional"])


@reason("ANY and RRSIG queries: Knot answers with one RRset (for RRSIG: the "
        "RRSIGs of one covered type) over UDP and TCP; radixd answers ANY "
        "with one RRset over UDP and all over TCP (RFC 8482 §4.2), and RRSIG "
        "with every RRSIG RRset of the name.  Checked: one answer is a "
        "subset of the other and both are empty or not; then the answer and "
        "the additional data it brings are ignored")
def any_rrsig(q, transport, knot, radix):
    if q.question[0].rdtype not in (dns.rdatatype.ANY, dns.rdatatype.RRSIG):
        return
    if "TC" in knot.flags or "TC" in radix.flags:
        return
    a, b = set(knot.sections["answer"]), set(radix.sections["answer"])
    if not (a <= b or b <= a) or bool(a) != bool(b):
        return
    for r in (knot, radix):
        r.sections["answer"] = ["<any>"] if r.sections["answer"] else []
        r.sections["additional"] = []


@reason("an NSEC query at a name a wildcard expands to: both answer with the "
        "wildcard's NSEC under the query name, and radixd adds, as for every "
        "wildcard answer, the NSEC proving the name itself does not exist "
        "(RFC 4035 §3.1.3.3), which Knot leaves out for this type.  Checked: "
        "radixd's authority is Knot's plus NSEC and RRSIG records owned by a "
        "wildcard")
def nsec_from_wildcard(q, transport, knot, radix):
    if q.question[0].rdtype != dns.rdatatype.NSEC:
        return
    rest = list(radix.sections["authority"])
    for x in knot.sections["authority"]:
        if x not in rest:
            return
        rest.remove(x)
    if rest and all(x.startswith("*.") and x.split()[3] in ("nsec", "rrsig")
                    for x in rest):
        radix.sections["authority"] = list(knot.sections["authority"])


@reason("an NSEC query at a name owning a CNAME in an NSEC3 zone (no NSEC "
        "exists there): RFC 1034 §4.3.2 has the CNAME followed (radixd, "
        "signed); Knot answers NODATA with the NSEC3 of the name.  Checked: "
        "radixd's answer holds the CNAME at the query name and Knot's is "
        "NODATA; then the sections are not compared")
def nsec_at_cname(q, transport, knot, radix):
    if q.question[0].rdtype != dns.rdatatype.NSEC:
        return
    qn = q.question[0].name.to_text().lower()
    if not any(x.split()[0] == qn and x.split()[3] == "cname"
               for x in radix.sections["answer"]):
        return
    if knot.rcode == "NOERROR" and not knot.sections["answer"]:
        radix.rcode = knot.rcode
        for r in (knot, radix):
            for sec in r.sections:
                r.sections[sec] = []


def main():
    verbose = "-v" in sys.argv
    tmp = tempfile.mkdtemp(prefix="dnssec_knot.")
    zones = {
        "nsec.test": sign(tmp, "nsec.test.", []),
        "nsec3.test": sign(tmp, "nsec3.test.", ["-3", SALT, "-H", "2"]),
        "optout.test": sign(tmp, "optout.test.", ["-3", SALT, "-H", "2", "-A"]),
    }
    root = rt.shared_data("root.zone")
    queries = []
    for z in zones:
        # An NSEC3 owner name and a name below it (RFC 5155 §7.2.8).
        hashed = [ln.split()[0] for ln in zones[z].splitlines()
                  if len(ln.split()) > 3 and "NSEC3" in ln.split()[1:4]
                  and "NSEC3PARAM" not in ln.split()[1:4]][:1]
        for n in NAMES + [h.split(".")[0] for h in hashed] + \
                ["x." + h.split(".")[0] for h in hashed]:
            for t in TYPES:
                queries.append(("%s.%s." % (n, z) if n else z + ".", t))
    if os.path.isfile(root):
        with open(root) as f:
            zones["."] = f.read()
        for n in ("", "aaa", "com", "www.example.com", "nosuchtld", "zw",
                  "www.zw", "xn--j1amh", "a.b.c.nosuch", "zzzzzz", "aa"):
            for t in ("A", "NS", "DS", "SOA", "DNSKEY"):
                queries.append((n + "." if n else ".", t))
    failures = total = 0
    srv_zones = {(k if k != "." else "."): v for k, v in zones.items()}
    with rt.Server(zones=srv_zones, workers=1, timeout=400) as radix:
        knot = kc.Knot({k.rstrip(".") if k != "." else "": v
                        for k, v in zones.items()})
        try:
            knot.start()
        except RuntimeError as e:
            print("FAIL: %s" % e)
            knot.cleanup()
            sys.exit(1)
        try:
            for name, qtype in queries:
                for transport in ("tcp", "udp"):
                    q = dns.message.make_query(name, qtype, want_dnssec=True,
                                               payload=1232)
                    k = kc.Reply(kc.ask(knot.port, q, transport))
                    r = kc.Reply(kc.ask(radix.port, q, transport))
                    for _, _, fn in NORMALISE:
                        fn(q, transport, k, r)
                    diff = kc.compare(k, r)
                    total += 1
                    desc = "%s %s DO over %s" % (name, qtype, transport.upper())
                    if diff:
                        failures += 1
                        print("DIFF: " + desc)
                        print("\n".join(diff))
                    elif verbose:
                        print("same: " + desc)
        finally:
            knot.cleanup()
        radix.stop()
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                    "runtime error:"):
            if bad in radix.log():
                print("FAIL: sanitizer report in radixd's log: " + bad)
                failures += 1
    print("%d queries compared, %d differ; normalisations applied:" %
          (total, failures))
    for name, why, _ in NORMALISE:
        print("  %s: %s" % (name, why))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
