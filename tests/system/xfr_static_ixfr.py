#!/usr/bin/python3
"""xfr_static_ixfr: a zone WITHOUT allow-update: whose file is edited and
reloaded (SIGHUP) goes to secondaries by IXFR (RFC 1995), not AXFR:
- Knot, a TSIG-keyed secondary, is notified and pulls each of two edits
  by IXFR (radixd logs an IXFR transfer, Knot an incoming IXFR), and its
  AXFR equals radixd's record for record;
- radixd's own IXFR answer from serial 1 (dnspython, TSIG) is incremental:
  SOA 3, then SOA 1, the records deleted, SOA 2, those added, SOA 2, ...,
  with exactly the records each edit changed;
- the history survives a restart of radixd (the journal beside the file,
  made by the first edit);
- an edit that does not raise the serial is logged as a warning and drops
  the history: IXFR from serial 1 is then answered AXFR-style.
"""

import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import radixtest
import xfr_util
from xfr_util import (BASE_ZONE, KEY_NAME, KEYRING, ZONE, Primary, count_ixfr,
                      fail, free_port, same_zone, soa_serial, wait_for,
                      wait_serial)

import dns.message
import dns.query
import dns.rdatatype
import dns.rrset

V1 = BASE_ZONE % 1
V2 = (BASE_ZONE % 2).replace('www\t\tTXT\t"hello world"\n',
                             'www\t\tTXT\t"edited"\n') + \
    "new\t\tA\t192.0.2.201\n"
V3 = (V2.replace("hostmaster 2 ", "hostmaster 3 ")
      .replace("sip\t\tA\t192.0.2.60\n", "")
      .replace("mail\t\tA\t192.0.2.25\n", "mail\t\tA\t192.0.2.26\n"))
# What each edit changes, as "owner type rdata".
DIFF12 = ({'www.example.test. TXT "hello world"'},
          {'www.example.test. TXT "edited"', "new.example.test. A 192.0.2.201"})
DIFF23 = ({"sip.example.test. A 192.0.2.60", "mail.example.test. A 192.0.2.25"},
          {"mail.example.test. A 192.0.2.26"})


def ixfr(port, serial):
    """radixd's IXFR answer from serial: its RRs, one per entry."""
    q = dns.message.make_query(ZONE, "IXFR")
    q.authority.append(dns.rrset.from_text(
        ZONE + ".", 0, "IN", "SOA",
        "ns1.%s. hostmaster.%s. %d 0 0 0 0" % (ZONE, ZONE, serial)))
    q.use_tsig(KEYRING, keyname=KEY_NAME)
    r = dns.query.tcp(q, "127.0.0.1", port=port, timeout=5,
                      one_rr_per_rrset=True)
    out = []
    for rrset in r.answer:
        for rr in rrset:
            out.append((rrset.name.to_text(), rr.rdtype, rr))
    return out


def sequences(rrs):
    """RFC 1995 §4 incremental answer -> [(from, to, deleted, added)], or
    None when it is not incremental (AXFR-style: no SOA second)."""
    if len(rrs) < 2 or rrs[0][1] != dns.rdatatype.SOA or \
            rrs[1][1] != dns.rdatatype.SOA or rrs[-1][1] != dns.rdatatype.SOA:
        return None
    last = rrs[0][2].serial
    seqs, i = [], 1
    while i < len(rrs) - 1:
        frm, dels, adds = rrs[i][2].serial, set(), set()
        i += 1
        while rrs[i][1] != dns.rdatatype.SOA:
            dels.add("%s %s %s" % (rrs[i][0], dns.rdatatype.to_text(
                rrs[i][1]), rrs[i][2].to_text()))
            i += 1
        to = rrs[i][2].serial
        i += 1
        while rrs[i][1] != dns.rdatatype.SOA:
            adds.add("%s %s %s" % (rrs[i][0], dns.rdatatype.to_text(
                rrs[i][1]), rrs[i][2].to_text()))
            i += 1
        seqs.append((frm, to, dels, adds))
    if rrs[-1][2].serial != last:
        return None
    return seqs


def check_ixfr(primary, peer, serial, want, what):
    rrs = ixfr(primary.port, serial)
    got = sequences(rrs)
    if got != want:
        fail("%s: IXFR from %d is %s, expected %s (RRs: %s)" % (
            what, serial, got, want, [str(r) for r in rrs]), primary, peer)
    print("ok: %s: IXFR from serial %d is incremental with %d diff%s" % (
        what, serial, len(want), "" if len(want) == 1 else "s"))


def knot_ixfrs(peer):
    return peer.log().count("IXFR, incoming")


def edit(primary, peer, text, serial, what):
    n, k = count_ixfr(primary), knot_ixfrs(peer)
    primary.write_zone(ZONE, text)
    primary.zones[ZONE] = text
    primary.signal(signal.SIGHUP)
    if not wait_for(lambda: soa_serial(primary.port) == serial, 15):
        fail("%s: radixd serves serial %s" % (what, soa_serial(primary.port)),
             primary, peer)
    wait_serial(primary, peer, serial, what)
    if not wait_for(lambda: count_ixfr(primary) > n, 5):
        fail("%s: radixd logged no IXFR to Knot" % what, primary, peer)
    if not wait_for(lambda: knot_ixfrs(peer) > k, 5):
        fail("%s: Knot logged no incoming IXFR" % what, primary, peer)
    print("ok: %s: Knot was notified and pulled serial %d by IXFR" % (
        what, serial))
    same_zone(primary, peer, what)


def main():
    radixtest.need_tool("knotd")
    radixtest.need_tool("dig")
    peer_port = free_port()
    primary = Primary(V1, [
        "provide-xfr: 127.0.0.1 %s" % KEY_NAME,
        "notify: 127.0.0.1@%d %s" % (peer_port, KEY_NAME)], timeout=150)
    primary.start()
    if "allow-update" in open(os.path.join(primary.dir, "radixd.conf")).read():
        fail("the zone must be static", primary, None)
    peer = xfr_util.Knot(primary.port)
    peer.port = peer_port
    peer.start()
    try:
        wait_serial(primary, peer, 1, "initial AXFR")
        jnl = primary.zone_path(ZONE) + ".jnl"
        if os.path.exists(jnl):
            fail("a journal before any edit: %s" % jnl, primary, peer)
        edit(primary, peer, V2, 2, "first edit")
        if not os.path.exists(jnl):
            fail("no journal %s after the first edit" % jnl, primary, peer)
        edit(primary, peer, V3, 3, "second edit")
        if "reload from serial 2 to 3 kept for IXFR (2 removed, 1 added" \
                not in primary.log():
            fail("no log line for the second edit's diff", primary, peer)
        want = [(1, 2) + DIFF12, (2, 3) + DIFF23]
        check_ixfr(primary, peer, 1, want, "after two edits")
        check_ixfr(primary, peer, 2, want[1:], "after two edits")
    except SystemExit:
        raise
    except BaseException as e:
        fail("exception %r" % e, primary, peer)
    peer.stop()

    # A restart keeps the history (the journal beside the file).
    primary.stop()
    primary.start()
    if "IXFR history of 2 changes in" not in primary.log():
        fail("no log line for the history kept at restart", primary, None)
    check_ixfr(primary, None, 1, want, "after a restart")

    # An edit without a serial increase: warned, history dropped.
    v3b = V3 + "late\t\tA\t192.0.2.77\n"
    primary.write_zone(ZONE, v3b)
    primary.signal(signal.SIGHUP)
    warn = "changed but its serial 3 is not above 3; secondaries will not " \
        "transfer the change"
    if not wait_for(lambda: warn in primary.log(), 10):
        fail("no warning for an edit without a serial increase", primary,
             None)
    if not wait_for(lambda: primary.query("late." + ZONE).answer, 5):
        fail("the edit without a serial increase is not served", primary,
             None)
    rrs = ixfr(primary.port, 1)
    if sequences(rrs) is not None or len(rrs) < 10:
        fail("IXFR from 1 after the history was dropped is not AXFR-style: "
             "%s" % [str(r) for r in rrs], primary, None)
    print("ok: an edit without a serial increase is warned about and IXFR "
          "falls back to an AXFR-style answer (%d RRs)" % len(rrs))
    primary.stop()
    print("PASS")


main()
