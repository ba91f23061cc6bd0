#!/bin/sh
# root_compare: radix-checkzone -p on the signed IANA root zone yields the
# same records as ldns-read-zone and named-compilezone on the same file,
# compared as sets of (owner, TTL, class, type, canonical rdata wire) after
# parsing each printed line with dnspython. Exits 77 (skip) when a tool or
# the zone is missing.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# RADIX_SHARED: the shared folder when it is not beside the source tree
# (contrib/test-all.sh sets it for distcheck's copy of the tree).
zone=${RADIX_SHARED:-$top_srcdir/../shared}/data/root.zone
checkzone=$top_builddir/src/tools/radix-checkzone
py=/usr/bin/python3

skip() {
	echo "root_compare: skipped: $*"
	exit 77
}

[ -f "$zone" ] || skip "no $zone"
[ -x "$checkzone" ] || skip "no $checkzone"
for t in ldns-read-zone named-compilezone unshare timeout; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"
done
[ -x "$py" ] && "$py" -c 'import dns.rdata' 2>/dev/null ||
    skip "python3-dnspython is not installed"
# named-compilezone runs without a network (it must send no queries).
unshare -n true 2>/dev/null && netns="unshare -n" || {
	unshare -rn true 2>/dev/null && netns="unshare -rn" ||
	    skip "unshare -n is not permitted here"
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

timeout 120 "$checkzone" -p -o . "$zone" >"$tmp/radix" 2>"$tmp/radix.err" || {
	echo "root_compare: radix-checkzone failed:"
	cat "$tmp/radix.err"
	exit 1
}
timeout 120 ldns-read-zone "$zone" >"$tmp/ldns" 2>"$tmp/ldns.err" || {
	echo "root_compare: ldns-read-zone failed:"
	cat "$tmp/ldns.err"
	exit 1
}
timeout 120 $netns named-compilezone -i none -k ignore -o - . "$zone" \
    >"$tmp/bind" 2>"$tmp/bind.err" || {
	echo "root_compare: named-compilezone failed:"
	cat "$tmp/bind.err"
	exit 1
}

timeout 300 "$py" - "$tmp/radix" "$tmp/ldns" "$tmp/bind" <<'PYEOF'
import sys

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype


def records(path):
    """The set of normalised records of one printed zone, the line count
    and the lines that do not parse."""
    out, bad, n = set(), [], 0
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith(";"):
                continue
            n += 1
            fields = line.split(None, 4)
            try:
                owner, ttl, cls, typ = fields[:4]
                text = fields[4] if len(fields) > 4 else ""
                name = dns.name.from_text(owner).canonicalize()
                rdclass = dns.rdataclass.from_text(cls)
                rdtype = dns.rdatatype.from_text(typ)
                rd = dns.rdata.from_text(rdclass, rdtype, text,
                                         origin=dns.name.root)
                out.add((name.to_text(), int(ttl), int(rdclass), int(rdtype),
                         rd.to_digestable(dns.name.root)))
            except Exception as e:  # report and count as a difference
                bad.append("%s:%d: %s: %s" % (path, lineno, e, line[:120]))
    return out, n, bad


def show(rec):
    name, ttl, rdclass, rdtype, wire = rec
    rd = dns.rdata.from_wire(rdclass, rdtype, wire, 0, len(wire))
    return "%s %d %s %s %s" % (name, ttl, dns.rdataclass.to_text(rdclass),
                               dns.rdatatype.to_text(rdtype), rd.to_text())


ours, n, bad = records(sys.argv[1])
fail = False
for b in bad:
    print("unparsable: " + b)
    fail = True
if len(ours) != n:
    print("radix-checkzone printed %d lines but %d distinct records"
          % (n, len(ours)))
    fail = True
for path, tool in ((sys.argv[2], "ldns-read-zone"),
                   (sys.argv[3], "named-compilezone")):
    theirs, m, tbad = records(path)
    for b in tbad:
        print("unparsable (%s): %s" % (tool, b))
        fail = True
    only_ours, only_theirs = ours - theirs, theirs - ours
    for r in sorted(only_ours)[:20]:
        print("only in radix-checkzone, not %s: %s" % (tool, show(r)))
    for r in sorted(only_theirs)[:20]:
        print("only in %s: %s" % (tool, show(r)))
    if only_ours or only_theirs:
        print("%s: %d records differ (%d only ours, %d only theirs)"
              % (tool, len(only_ours) + len(only_theirs), len(only_ours),
                 len(only_theirs)))
        fail = True
    else:
        print("%s: the same %d records" % (tool, len(ours)))
sys.exit(1 if fail else 0)
PYEOF
