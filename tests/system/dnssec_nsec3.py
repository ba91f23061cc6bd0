#!/usr/bin/python3
"""NSEC3 denial of existence (issue 8, RFC 5155 §7.2): a small zone signed in
the test with dnssec-signzone -3 (keys from dnssec-keygen in a temporary
directory), once without and once with opt-out (-A), both served by radixd.
Every kind of answer is checked with DO: each RRset's RRSIG validates with
dnspython against the zone's DNSKEY, and the NSEC3 records present match or
cover the hashes RFC 5155 §8 asks for: NXDOMAIN (closest encloser match,
next closer cover, wildcard cover), NODATA (match), empty non-terminal,
wildcard answer (next closer cover), wildcard NODATA (closest encloser,
next closer, wildcard match), referrals to signed children (DS) and to
unsigned ones (matching NSEC3 without DS, or with opt-out the closest
provable encloser proof with the opt-out flag), DS queries at and below
cuts, and a CNAME into the zone.
"""
import base64
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt  # noqa: E402

import dns.dnssec  # noqa: E402
import dns.flags  # noqa: E402
import dns.name  # noqa: E402
import dns.query  # noqa: E402
import dns.rdatatype  # noqa: E402
import dns.zone  # noqa: E402

T = dns.rdatatype
for tool in ("dnssec-keygen", "dnssec-signzone"):
    rt.need_tool(tool)
try:
    import cryptography  # noqa: F401,E402
except ImportError:
    rt.skip("python3-cryptography is missing (dnspython needs it to validate)")

SALT = "c0ffee42"
ITER = 3
ZONE = """\
$TTL 300
@		SOA	ns1 hostmaster 1 3600 600 86400 300
@		NS	ns1
ns1		A	192.0.2.1
www		A	192.0.2.2
www		AAAA	2001:db8::2
cn		CNAME	www
*.wild		A	192.0.2.3
a.b.c		A	192.0.2.4
signed		NS	ns.signed
signed		DS	12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.signed	A	192.0.2.5
unsigned	NS	ns.unsigned
ns.unsigned	A	192.0.2.6
"""


def sign(tmp, origin, optout):
    """The zone signed with NSEC3 (and opt-out): its text."""
    path = os.path.join(tmp, origin + "zone")
    with open(path, "w") as f:
        f.write("$ORIGIN %s\n" % origin + ZONE)
    run = lambda *a: subprocess.run(a, cwd=tmp, check=True, timeout=60,  # noqa: E731
                                    capture_output=True, text=True).stdout.strip()
    ksk = run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", origin)
    zsk = run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", origin)
    with open(path, "a") as f:
        for k in (ksk, zsk):
            f.write(open(os.path.join(tmp, k + ".key")).read())
    args = ["dnssec-signzone", "-q", "-3", SALT, "-H", str(ITER), "-o", origin,
            "-f", path + ".signed"]
    if optout:
        args.append("-A")
    run(*(args + [path]))
    return open(path + ".signed").read()


def b32(raw):
    return base64.b32hexencode(raw).decode().rstrip("=").upper()


def h(name):
    return dns.dnssec.nsec3_hash(name, SALT, ITER, 1).upper()


def covers(owner_hash, next_hash, x):
    """RFC 5155 §8.3: an NSEC3 covers x when x lies strictly between."""
    if owner_hash < next_hash:
        return owner_hash < x < next_hash
    return x > owner_hash or x < next_hash  # the last one wraps


def axfr_verify(s, c, origin):
    if shutil.which("ldns-verify-zone") is None:
        print("NOTE: ldns-verify-zone is not installed; AXFR check skipped")
        return
    try:
        z = dns.zone.from_xfr(dns.query.xfr("127.0.0.1", origin, port=s.port,
                                            timeout=5, lifetime=20,
                                            relativize=False),
                              relativize=False)
    except Exception as e:
        print("NOTE: no AXFR of %s (%s); ldns-verify-zone skipped" % (origin, e))
        return
    path = os.path.join(tmp, origin + "axfr")
    z.to_file(path, relativize=False)
    r = subprocess.run(["ldns-verify-zone", path], capture_output=True,
                       text=True, timeout=60)
    c.true("%s: ldns-verify-zone on the AXFR: %s" % (origin, r.stdout + r.stderr),
           r.returncode == 0)


tmp = tempfile.mkdtemp(prefix="dnssec_nsec3.")
zones = {"nsec3.test.": sign(tmp, "nsec3.test.", False),
         "optout.test.": sign(tmp, "optout.test.", True)}

class XfrServer(rt.Server):
    """radixd that allows AXFR from 127.0.0.1 for each zone."""

    def write_conf(self):
        path = rt.Server.write_conf(self)
        with open(path) as f:
            lines = f.read().split("\n")
        out = []
        for ln in lines:
            out.append(ln)
            if ln.startswith("\tzonefile: "):
                out.append("\tprovide-xfr: 127.0.0.1")
        with open(path, "w") as f:
            f.write("\n".join(out))
        return path


with XfrServer(zones=zones, timeout=120) as s:
    c = rt.Checker(s)

    def n3(r):
        """NSEC3 records of the authority: [(owner hash, next hash, flags, types)]."""
        out = []
        for x in r.authority:
            if x.rdtype == T.NSEC3:
                rd = x[0]
                types = rd.to_text().split()[5:]
                out.append((x.name.labels[0].decode().upper(), b32(rd.next),
                            rd.flags, types))
        return out

    def validate(what, r, keys):
        for sec_name, sec in (("answer", r.answer), ("authority", r.authority),
                              ("additional", r.additional)):
            sigs = {(x.name, x.covers): x for x in sec if x.rdtype == T.RRSIG}
            for rrset in sec:
                if rrset.rdtype in (T.RRSIG, T.OPT):
                    continue
                if sec_name != "answer" and rrset.rdtype in (T.NS, T.A, T.AAAA) \
                        and rrset.name not in keys:
                    continue  # delegation NS and glue are not signed
                sig = sigs.get((rrset.name, rrset.rdtype))
                c.true("%s: %s %s %s has no RRSIG" % (what, sec_name, rrset.name,
                       T.to_text(rrset.rdtype)), sig is not None)
                if sig is None:
                    continue
                try:
                    dns.dnssec.validate(rrset, sig, keys)
                    c.true("ok", True)
                except dns.dnssec.ValidationFailure as e:
                    c.true("%s: %s %s %s does not validate: %s" % (
                        what, sec_name, rrset.name, T.to_text(rrset.rdtype), e), False)

    def matches(recs, name):
        return [x for x in recs if x[0] == h(name)]

    def covered(recs, name):
        return [x for x in recs if covers(x[0], x[1], h(name))]

    for origin, optout in (("nsec3.test.", False), ("optout.test.", True)):
        apex = dns.name.from_text(origin)
        r = s.query(origin, "DNSKEY", tcp=True, want_dnssec=True, payload=4096)
        keys = {apex: r.find_rrset(r.answer, apex, 1, T.DNSKEY)}
        validate(origin + " DNSKEY", r, keys)
        tag = "%s: " % origin

        def ask(name, qt, rcode=0, aa=True):
            r = s.query(name + "." + origin, qt, tcp=True, want_dnssec=True,
                        payload=4096)
            what = tag + name + " " + qt
            c.eq(what + ": rcode", r.rcode(), rcode)
            c.eq(what + ": AA", bool(r.flags & dns.flags.AA), aa)
            validate(what, r, keys)
            return r, n3(r), what

        def full(name):
            return name + "." + origin if name else origin

        # NXDOMAIN (§7.2.2): closest encloser c (an empty non-terminal).
        r, recs, w = ask("x.nope.c", "A", rcode=3)
        c.true(w + ": NSEC3 matching the closest encloser", matches(recs, full("c")))
        c.true(w + ": NSEC3 covering the next closer", covered(recs, full("nope.c")))
        c.true(w + ": NSEC3 covering the wildcard", covered(recs, full("*.c")))
        r, recs, w = ask("nope", "A", rcode=3)
        c.true(w + ": match apex", matches(recs, origin))
        c.true(w + ": cover next closer", covered(recs, full("nope")))
        c.true(w + ": cover wildcard", covered(recs, full("*")))
        c.eq(w + ": three NSEC3 at most", len(recs) <= 3, True)
        # NODATA (§7.2.3): the NSEC3 matching the name, without the type.
        r, recs, w = ask("www", "MX")
        m = matches(recs, full("www"))
        c.true(w + ": NSEC3 matching www", len(m) == 1 and "MX" not in m[0][3]
               and "A" in m[0][3])
        # Empty non-terminal b.c.
        r, recs, w = ask("b.c", "A")
        c.true(w + ": NSEC3 matching the ENT", matches(recs, full("b.c")))
        # Wildcard answer (§7.2.6): next closer foo.wild covered.
        r, recs, w = ask("foo.wild", "A")
        c.eq(w + ": answer", [x.to_text().split()[-1] for x in r.answer
                              if x.rdtype == T.A], ["192.0.2.3"])
        sig = [x for x in r.answer if x.rdtype == T.RRSIG]
        c.true(w + ": RRSIG labels of the wildcard", sig and sig[0][0].labels == 3)
        c.true(w + ": NSEC3 covering the next closer", covered(recs, full("foo.wild")))
        # Wildcard NODATA (§7.2.5).
        r, recs, w = ask("foo.wild", "MX")
        c.true(w + ": match closest encloser", matches(recs, full("wild")))
        c.true(w + ": cover next closer", covered(recs, full("foo.wild")))
        m = matches(recs, full("*.wild"))
        c.true(w + ": match the wildcard without MX", len(m) == 1 and "MX" not in m[0][3])
        # Referral to a signed child: DS with its RRSIG.
        r, recs, w = ask("www.signed", "A", aa=False)
        c.eq(w + ": DS", [x.name.to_text() for x in r.authority if x.rdtype == T.DS],
             [full("signed")])
        c.eq(w + ": no NSEC3", recs, [])
        # Referral to an unsigned child (§7.2.7), and DS below the cut.
        for q, qt in (("www.unsigned", "A"), ("x.unsigned", "DS")):
            r, recs, w = ask(q, qt, aa=False)
            c.true(w + ": no DS", not any(x.rdtype == T.DS for x in r.authority))
            c.true(w + ": NS", any(x.rdtype == T.NS for x in r.authority))
            if not optout:
                m = matches(recs, full("unsigned"))
                c.true(w + ": NSEC3 matching the cut, NS without DS", len(m) == 1 and
                       "NS" in m[0][3] and "DS" not in m[0][3])
            else:
                c.true(w + ": match closest provable encloser", matches(recs, origin))
                cv = covered(recs, full("unsigned"))
                c.true(w + ": opt-out NSEC3 covering the cut", cv and cv[0][2] & 1)
        # DS at the cuts (§7.2.4 and the parent side of §3.1.4.1 of RFC 4035).
        r, recs, w = ask("signed", "DS")
        c.eq(w + ": DS and RRSIG", sorted(T.to_text(x.rdtype) for x in r.answer),
             ["DS", "RRSIG"])
        r, recs, w = ask("unsigned", "DS")
        c.eq(w + ": NODATA", r.answer, [])
        if not optout:
            c.true(w + ": NSEC3 matching", matches(recs, full("unsigned")))
        else:
            c.true(w + ": closest provable encloser", matches(recs, origin))
            cv = covered(recs, full("unsigned"))
            c.true(w + ": opt-out cover", cv and cv[0][2] & 1)
        # A CNAME: both RRsets signed.
        r, recs, w = ask("cn", "A")
        c.eq(w + ": answer types", sorted(T.to_text(x.rdtype) for x in r.answer),
             ["A", "CNAME", "RRSIG", "RRSIG"])
        # RFC 5155 §7.2.8: an NSEC3 owner name is no name of the zone.
        owner = [ln.split()[0] for ln in zones[origin].splitlines()
                 if len(ln.split()) > 3 and ln.split()[3] == "NSEC3"][0]
        label = owner.split(".")[0]
        r, recs, w = ask(label, "A", rcode=3)
        c.true(w + ": match apex", matches(recs, origin))
        c.true(w + ": cover the hashed name", covered(recs, owner))
        # The zone as radixd transfers it passes ldns-verify-zone (issue 8);
        # until AXFR is served (issue 5) this part only prints a note.
        axfr_verify(s, c, origin)
        # Without DO: no NSEC3, no RRSIG.
        r = s.query("nope." + origin, "A", tcp=True, payload=4096)
        c.true(tag + "nope A without DO: SOA only", [x.rdtype for x in r.authority]
               == [T.SOA])
c.report()
