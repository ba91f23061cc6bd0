#!/usr/bin/python3
"""Reference test (issue 3 point 4): radixd and Knot DNS on the same zones.

Both servers load the zones below: knotd from its own configuration in a
temporary directory, run in the foreground as our own process on 127.0.0.1
and a free port, stopped by PID; radixd through tests/system/radixtest.py.
A generated query set (every owner name of the zones and names below them,
names that do not exist, below wildcards, delegations and DNAMEs, with many
query types, with and without EDNS, with randomised letter case) is sent to
both over UDP and over TCP with dnspython, and the answers are compared
section by section: rcode, the flags (QR, AA, TC, RD, RA, AD, CD), EDNS
presence, version and payload, the question (letter case included), and
the answer, authority and additional sections as multisets of records with
their TTLs.

Every intended difference is listed in NORMALISATIONS with its reason and
applied to both answers before they are compared; anything else fails the
test with a readable diff.  Exit 77 when knotd or radixd is missing.

usage: knot_compare.py [-v] [-s SEED]
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt  # noqa: E402

import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.query  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402

# SOA MINIMUM 300 below the SOA TTL 3600: negative answers carry 300
# (RFC 2308 §3), which both servers must agree on.
COMPARE_ZONE = """\
$ORIGIN compare.test.
$TTL 3600
@		SOA	ns1 hostmaster 2026112701 7200 1800 1209600 300
@		NS	ns1
@		NS	ns.other.test.
@		MX	10 mail
@		MX	20 mx.other.test.
@		A	192.0.2.1
@		TXT	"apex"
ns1		A	192.0.2.53
ns1		AAAA	2001:db8::53
mail		A	192.0.2.25
mail		AAAA	2001:db8::25
www		A	192.0.2.80
www		AAAA	2001:db8::80
www	600	TXT	"hello world" "two strings"
www		HINFO	"cpu" "os"
c1		CNAME	c2
c2		CNAME	www
c3		CNAME	www.other.test.
c4		CNAME	nothere.other.test.
c5		CNAME	c.ent
c6		CNAME	www.child
cext		CNAME	www.outside.invalid.
loop1		CNAME	loop2
loop2		CNAME	loop1
mxc		MX	5 c1
dn		DNAME	target.compare.test.
host.target	A	192.0.2.99
dn2		DNAME	other.test.
a.b.c.ent	A	192.0.2.5
*.wild		A	192.0.2.77
*.wild		TXT	"wild"
*.wild		MX	10 mail
sub.wild	A	192.0.2.78
a.b.w2		A	192.0.2.41
*.w2		A	192.0.2.42
*.wc		CNAME	www
*.wn		NS	ns1
_sip._udp	SRV	10 60 5060 sip
_sip._udp	SRV	20 60 5060 sip.other.test.
sip		A	192.0.2.60
deleg		NS	ns.deleg
deleg		NS	ns.other.test.
deleg		DS	12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.deleg	A	192.0.2.200
ns.deleg	AAAA	2001:db8::200
nods		NS	ns1.nods
ns1.nods	A	192.0.2.210
child		NS	ns1.child
child		DS	54321 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789
ns1.child	A	192.0.2.201
big		A	192.0.2.101
big		A	192.0.2.102
big		A	192.0.2.103
big		A	192.0.2.104
big		A	192.0.2.105
big		A	192.0.2.106
big		A	192.0.2.107
big		A	192.0.2.108
big		A	192.0.2.109
big		A	192.0.2.110
big		A	192.0.2.111
big		A	192.0.2.112
big		A	192.0.2.113
big		A	192.0.2.114
big		A	192.0.2.115
big		A	192.0.2.116
big		A	192.0.2.117
big		A	192.0.2.118
big		A	192.0.2.119
big		A	192.0.2.120
big		A	192.0.2.121
big		A	192.0.2.122
big		A	192.0.2.123
big		A	192.0.2.124
big		A	192.0.2.125
big		A	192.0.2.126
big		A	192.0.2.127
big		A	192.0.2.128
big		A	192.0.2.129
big		A	192.0.2.130
big		A	192.0.2.131
big		A	192.0.2.132
big		A	192.0.2.133
big		A	192.0.2.134
big		A	192.0.2.135
big		A	192.0.2.136
"""

OTHER_ZONE = """\
$ORIGIN other.test.
$TTL 7200
@		SOA	ns hostmaster 7 3600 900 604800 600
@		NS	ns
ns		A	192.0.2.150
ns		AAAA	2001:db8::150
www		A	192.0.2.151
mx		A	192.0.2.152
sip		A	192.0.2.153
alias		CNAME	www.compare.test.
"""

CHILD_ZONE = """\
$ORIGIN child.compare.test.
$TTL 1800
@		SOA	ns1 hostmaster 3 3600 900 604800 120
@		NS	ns1
ns1		A	192.0.2.201
www		A	192.0.2.202
www		AAAA	2001:db8::202
"""

ZONES = {"compare.test": COMPARE_ZONE, "other.test": OTHER_ZONE,
         "child.compare.test": CHILD_ZONE}

class Reply:
    """The parts of an answer that are compared, as plain comparable data."""

    def __init__(self, msg):
        self.rcode = dns.rcode.to_text(msg.rcode())
        self.flags = set(dns.flags.to_text(msg.flags).split())
        if msg.edns >= 0:
            self.edns = "version %d payload %d" % (msg.edns, msg.payload)
        else:
            self.edns = "none"
        self.question = [r.to_text() for r in msg.question]
        self.sections = {}
        for sec, rrsets in (("answer", msg.answer),
                            ("authority", msg.authority),
                            ("additional", msg.additional)):
            self.sections[sec] = sorted(
                " ".join(line.split()).lower()
                for rrset in rrsets for line in rrset.to_text().splitlines())


# Every intended difference between Knot and radixd, with its reason.  Each
# entry is (name, reason, function); the function gets the query, the
# transport, both parsed answers (Reply) and a function that asks radixd
# another question the same way, and rewrites the answers in place so that
# they compare equal when, and only when, the difference is the intended one.
# They are applied in this order before the comparison.
NORMALISATIONS = []


def normalisation(reason):
    def reg(fn):
        NORMALISATIONS.append((fn.__name__, reason, fn))
        return fn
    return reg


def zone_of(name):
    """The zone of ours holding name (longest match), or None."""
    name = name.lower().rstrip(".")
    best = None
    for z in ZONES:
        if name == z or name.endswith("." + z):
            if best is None or len(z) > len(best):
                best = z
    return best


def qname_of(q):
    return q.question[0].name.to_text().lower()


def chain_end(answer):
    """The (owner, target) of the CNAME that ends the answer's chain."""
    owners = {line.split()[0] for line in answer}
    ends = [(line.split()[0], line.split()[4]) for line in answer
            if line.split()[3] == "cname" and line.split()[4] not in owners]
    return ends[0] if len(ends) == 1 else None


@normalisation("RFC 1034 §4.3.2 step 3a restarts the lookup at the CNAME "
               "target, in whichever of our zones holds it: radixd follows a "
               "chain (CNAME or DNAME-synthesised) into another zone it serves "
               "and answers from there, with that zone's rcode and SOA (RFC "
               "6604); Knot stops at the edge of the zone it started in (and "
               "answers a target below one of its cuts with a referral even "
               "when it serves the child).  Checked: radixd's answer is "
               "exactly Knot's chain followed by radixd's own answer to the "
               "target")
def cross_zone_chain(q, transport, knot, radix, again):
    # A CNAME query ends at the first CNAME: nothing is followed.
    if q.question[0].rdtype == dns.rdatatype.CNAME:
        return
    end = chain_end(knot.sections["answer"])
    if end is None or "TC" in knot.flags or "TC" in radix.flags:
        return
    owner, target = end
    if zone_of(target) is None or zone_of(target) == zone_of(owner):
        return
    rest = again(target)
    want_answer = sorted(knot.sections["answer"] + rest.sections["answer"])
    # Knot's glue for its referral at the target goes with the referral.
    referral = any(line.split()[3] == "ns"
                   for line in knot.sections["authority"])
    want_add = sorted(rest.sections["additional"] +
                      ([] if referral else knot.sections["additional"]))
    if (radix.sections["answer"] == want_answer and
            radix.rcode == rest.rcode and
            radix.sections["authority"] == rest.sections["authority"] and
            radix.sections["additional"] == want_add):
        radix.rcode = knot.rcode
        for sec in radix.sections:
            radix.sections[sec] = list(knot.sections[sec])
    else:
        radix.sections["answer"].append(
            "<radixd's answer is not Knot's chain to %s followed by radixd's "
            "answer for %s>" % (target, target))


@normalisation("an NSEC query at a name owning a CNAME: RFC 1034 §4.3.2 has "
               "the CNAME followed (radixd); Knot answers NODATA, as in a "
               "signed zone the name's own NSEC would be the answer (RFC 4035 "
               "§2.3).  Our zones are unsigned: such answers are not compared")
def nsec_at_cname(q, transport, knot, radix, again):
    if q.question[0].rdtype != dns.rdatatype.NSEC:
        return
    qn = qname_of(q)
    if not any(line.split()[0] == qn and line.split()[3] == "cname"
               for line in radix.sections["answer"]):
        return
    if knot.rcode == "NOERROR" and not knot.sections["answer"]:
        radix.rcode = knot.rcode
        for r in (knot, radix):
            for sec in r.sections:
                r.sections[sec] = []


@normalisation("a wildcard owning NS (*.wn): RFC 4592 §4.2 advises against "
               "it, and servers differ.  Knot synthesises a referral "
               "from it (no AA, NS in authority); radixd treats it as wildcard "
               "data (AA, the NS answers an NS query, NODATA otherwise).  Only "
               "the rcode is compared below *.wn")
def wildcard_ns(q, transport, knot, radix, again):
    if not qname_of(q).endswith(".wn.compare.test."):
        return
    for r in (knot, radix):
        r.flags.discard("AA")
        for sec in r.sections:
            r.sections[sec] = []


@normalisation("additional section: radixd adds the addresses of NS, MX and "
               "SRV targets from any zone it serves (DESIGN.md, RFC 1034 "
               "§4.3.2 step 6 leaves the choice open); Knot only from the "
               "zone of the answer.  radixd's extra addresses from other zones "
               "are dropped")
def additional_other_zones(q, transport, knot, radix, again):
    z = zone_of(qname_of(q))
    have = list(knot.sections["additional"])
    keep = []
    for line in radix.sections["additional"]:
        if line in have:
            have.remove(line)
            keep.append(line)
        elif zone_of(line.split()[0]) in (None, z) or \
                line.split()[3] not in ("a", "aaaa"):
            keep.append(line)
    radix.sections["additional"] = keep


@normalisation("ANY (RFC 8482): Knot answers one RRset of the name over UDP "
               "and over TCP; radixd answers one RRset over UDP and every "
               "RRset over TCP (RFC 8482 §4.2 allows either).  Checked: one "
               "answer is a subset of the other and both are empty or not; "
               "then the answer and the additional data it brings are ignored")
def any_query(q, transport, knot, radix, again):
    if q.question[0].rdtype != dns.rdatatype.ANY:
        return
    if "TC" in knot.flags or "TC" in radix.flags:
        return
    a, b = set(knot.sections["answer"]), set(radix.sections["answer"])
    if not (a <= b or b <= a) or bool(a) != bool(b):
        radix.sections["answer"].append("<ANY: neither answer is a subset "
                                        "of the other>")
        return
    for r in (knot, radix):
        r.sections["answer"] = ["<ANY>"] if r.sections["answer"] else []
        r.sections["additional"] = []


@normalisation("a truncated UDP answer (TC) is only a hint to retry over TCP "
               "(RFC 2181 §9); what each server keeps in it before the cut "
               "differs and no client uses it, so only rcode and flags are "
               "compared, and the TCP answer to the same query is compared "
               "in full")
def truncated(q, transport, knot, radix, again):
    if "TC" in knot.flags and "TC" in radix.flags:
        for r in (knot, radix):
            for sec in r.sections:
                r.sections[sec] = []


def compare(knot, radix):
    """A list of readable differences, empty when the answers agree."""
    out = []
    for what in ("rcode", "edns", "question"):
        a, b = getattr(knot, what), getattr(radix, what)
        if a != b:
            out.append("  %s: knot %s, radixd %s" % (what, a, b))
    if knot.flags != radix.flags:
        out.append("  flags: knot %s, radixd %s" %
                   (" ".join(sorted(knot.flags)),
                    " ".join(sorted(radix.flags))))
    for sec in ("answer", "authority", "additional"):
        a, b = knot.sections[sec], radix.sections[sec]
        if a == b:
            continue
        out.append("  %s section differs:" % sec)
        ra, rb = list(a), list(b)
        for x in a:
            if x in rb:
                rb.remove(x)
                ra.remove(x)
        out += ["    only knot:   " + x for x in ra]
        out += ["    only radixd: " + x for x in rb]
    return out


def randcase(rng, name):
    return "".join(c.upper() if c.isalpha() and rng.random() < 0.5 else c
                   for c in name)


def query_set(rng):
    """(qname, qtype, edns) triples: hundreds of queries over every case."""
    names = set()
    for origin, text in ZONES.items():
        o = origin + "."
        cur = None
        for line in text.splitlines():
            if not line or line[0] in "$;":
                continue
            f = line.split()
            if not line[0].isspace():
                cur = f[0]
            if cur is None:
                continue
            names.add(o if cur == "@" else "%s.%s" % (cur, o))
    extra = ["nothere.compare.test.", "a.nothere.compare.test.",
             "b.c.ent.compare.test.", "c.ent.compare.test.",
             "ent.compare.test.", "x.a.b.c.ent.compare.test.",
             "anything.wild.compare.test.", "a.b.wild.compare.test.",
             "x.sub.wild.compare.test.", "b.w2.compare.test.",
             "x.w2.compare.test.", "z.b.w2.compare.test.",
             "q.wc.compare.test.", "q.wn.compare.test.",
             "x.q.wn.compare.test.",
             "host.target.compare.test.", "host.dn.compare.test.",
             "nothere.dn.compare.test.", "www.dn2.compare.test.",
             "ns.dn2.compare.test.", "a.b.dn2.compare.test.",
             "www.deleg.compare.test.", "ns.deleg.compare.test.",
             "deep.www.deleg.compare.test.", "x.nods.compare.test.",
             "nothere.child.compare.test.", "ns1.child.compare.test.",
             "nothere.other.test.", "x.www.other.test.",
             "_udp.compare.test.", "nothere.test.", "outside.invalid.",
             "www.compare.test.other.test."]
    names.update(extra)
    types = ["A", "AAAA", "MX", "TXT", "NS", "SOA", "CNAME", "DS", "SRV",
             "ANY", "DNAME", "HINFO", "PTR", "NSEC"]
    out = []
    for n in sorted(names):
        for t in types:
            out.append((randcase(rng, n), t, rng.choice((0, 0, -1))))
    # BADVERS (RFC 6891 §6.1.3) and a small EDNS payload.
    out.append(("www.compare.test.", "A", 1))
    out.append(("big.compare.test.", "A", 0))
    out.append(("BIG.compare.test.", "A", -1))
    out.append(("www.compare.test.", "TXT", 1))
    return out


KNOT_CONF = """\
server:
    rundir: "%(d)s"
    listen: 127.0.0.1@%(port)d
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
    udp-max-payload: 1232
database:
    storage: "%(d)s"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "%(d)s"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
%(zones)s
"""


class Knot:
    def __init__(self, zones):
        self.zones = zones
        self.dir = tempfile.mkdtemp(prefix="knot_compare.")
        self.proc = None
        self.port = None
        self.logpath = os.path.join(self.dir, "knotd.log")

    def start(self):
        zl = []
        for origin, text in self.zones.items():
            path = os.path.join(self.dir, origin + ".zone")
            with open(path, "w") as f:
                f.write(text)
            zl.append('  - domain: "%s."\n    file: "%s"' % (origin, path))
        for _ in range(5):
            self.port = rt.free_port()
            conf = os.path.join(self.dir, "knot.conf")
            with open(conf, "w") as f:
                f.write(KNOT_CONF % {"d": self.dir, "port": self.port,
                                     "zones": "\n".join(zl)})
            logf = open(self.logpath, "a")
            self.proc = subprocess.Popen(["knotd", "-c", conf],
                                         stdin=subprocess.DEVNULL,
                                         stdout=logf, stderr=logf)
            logf.close()
            if self.ready():
                return self
            self.stop()
        raise RuntimeError("knotd did not start:\n" + self.log())

    def ready(self, limit=15.0):
        end = time.time() + limit
        while time.time() < end:
            if self.proc.poll() is not None:
                return False
            ok = 0
            for origin in self.zones:
                try:
                    q = dns.message.make_query(origin + ".", "SOA")
                    r = dns.query.udp(q, "127.0.0.1", port=self.port,
                                      timeout=0.3)
                    ok += r.rcode() == dns.rcode.NOERROR
                except Exception:
                    pass
            if ok == len(self.zones):
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self):
        try:
            with open(self.logpath) as f:
                return f.read()
        except OSError:
            return ""

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def ask(port, q, transport):
    for attempt in range(3):
        try:
            if transport == "tcp":
                return dns.query.tcp(q, "127.0.0.1", port=port, timeout=3)
            return dns.query.udp(q, "127.0.0.1", port=port, timeout=1.5,
                                 ignore_trailing=False)
        except dns.exception.Timeout:
            continue
    raise RuntimeError("no answer over %s to %s" % (transport, q.question))


def main():
    verbose = "-v" in sys.argv
    seed = 2026
    if "-s" in sys.argv:
        seed = int(sys.argv[sys.argv.index("-s") + 1])
    rt.need_tool("knotd")
    rng = random.Random(seed)
    queries = query_set(rng)
    with rt.Server(zones=ZONES, workers=1, timeout=300) as radix:
        knot = Knot(ZONES)
        try:
            knot.start()
        except RuntimeError as e:
            print("FAIL: %s" % e)
            knot.cleanup()
            sys.exit(1)
        failures = 0
        total = 0
        try:
            for name, qtype, edns in queries:
                for transport in ("udp", "tcp"):
                    q = dns.message.make_query(name, qtype, use_edns=edns,
                                               payload=1232)
                    if edns > 0:
                        q.use_edns(edns, payload=1232)
                    k = Reply(ask(knot.port, q, transport))
                    r = Reply(ask(radix.port, q, transport))
                    def again(name, q=q, transport=transport, edns=edns):
                        q2 = dns.message.make_query(
                            name, q.question[0].rdtype, use_edns=edns,
                            payload=1232)
                        if edns > 0:
                            q2.use_edns(edns, payload=1232)
                        return Reply(ask(radix.port, q2, transport))
                    for _, _, fn in NORMALISATIONS:
                        fn(q, transport, k, r, again)
                    diff = compare(k, r)
                    total += 1
                    desc = "%s %s over %s, %s" % (
                        name, qtype, transport.upper(),
                        "no EDNS" if edns < 0 else "EDNS version %d" % edns)
                    if diff:
                        failures += 1
                        print("DIFF: " + desc)
                        print("\n".join(diff))
                    elif verbose:
                        print("same: " + desc)
        finally:
            knot.cleanup()
        radix.stop()
        sanitizer = False
        # A sanitizer build reports memory errors and leaks in radixd's log.
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                    "runtime error:"):
            if bad in radix.log():
                print("FAIL: sanitizer report in radixd's log: " + bad)
                print(radix.log())
                sanitizer = True
    print("%d queries compared, %d differ; normalisations applied:" %
          (total, failures))
    for name, reason, _ in NORMALISATIONS:
        print("  %s: %s" % (name, reason))
    if failures:
        print("FAIL: %d of %d answers differ from Knot's" % (failures, total))
    if failures or sanitizer:
        sys.exit(1)
    print("PASS")
    sys.exit(0)


if __name__ == "__main__":
    main()
