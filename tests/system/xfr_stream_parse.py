#!/usr/bin/python3
"""Feed a zone transfer stream to dnspython's transfer client logic.

Usage: xfr_stream_parse.py axfr|ixfr STREAM START EXPECTED [REQUEST KEY]

STREAM holds the messages of one transfer answer, each preceded by its
two-octet length as on TCP (RFC 1035 section 4.2.2); tests/unit/check_xfr
writes it. START is the zone file of the version the client holds ("-" for
none, as for AXFR), EXPECTED the zone file it must hold afterwards. The
messages are parsed with dns.message.from_wire(..., xfr=True) and applied
with dns.xfr.Inbound, as dns.query.inbound_xfr does; the exit status is 0
when the result equals EXPECTED, record for record.

With REQUEST (the request as sent, TSIG-signed) and KEY ("name:base64
secret", hmac-sha256), the request's TSIG is verified, and every message
of the stream too, as a chain (RFC 8945 section 5.3.1), as
dns.query.inbound_xfr does.
"""
import struct
import sys

import dns.message
import dns.name
import dns.rdatatype
import dns.tsigkeyring
import dns.xfr
import dns.zone

ORIGIN = dns.name.from_text("example.com.")


def messages(path):
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    while off < len(data):
        (n,) = struct.unpack("!H", data[off:off + 2])
        yield data[off + 2:off + 2 + n]
        off += 2 + n


def main():
    mode, stream, start, expected = sys.argv[1:5]
    if start == "-":
        zone = dns.zone.Zone(ORIGIN)
        serial = None
    else:
        zone = dns.zone.from_file(start, ORIGIN)
        serial = zone.get_soa().serial
    rdtype = dns.rdatatype.IXFR if mode == "ixfr" else dns.rdatatype.AXFR
    keyring = None
    request_mac = b""
    if len(sys.argv) > 6:
        name, secret = sys.argv[6].split(":", 1)
        keyring = dns.tsigkeyring.from_text({name: secret})
        with open(sys.argv[5], "rb") as f:
            request = dns.message.from_wire(f.read(), keyring=keyring)
        request_mac = request.mac
    done = False
    count = 0
    tsig_ctx = None
    with dns.xfr.Inbound(zone, rdtype, serial) as inbound:
        for wire in messages(stream):
            if done:
                print("a message after the end of the transfer")
                return 1
            msg = dns.message.from_wire(wire, keyring=keyring,
                                        request_mac=request_mac, xfr=True,
                                        origin=ORIGIN, tsig_ctx=tsig_ctx,
                                        multi=True,
                                        one_rr_per_rrset=(mode == "ixfr"))
            if keyring is not None and not msg.had_tsig:
                print("message %d has no TSIG" % count)
                return 1
            tsig_ctx = msg.tsig_ctx
            done = inbound.process_message(msg)
            count += 1
    if not done:
        print("the stream ended before the final SOA")
        return 1
    want = dns.zone.from_file(expected, ORIGIN)
    if zone != want:
        print("zone after %s differs:\n%s\nwanted:\n%s" %
              (mode, zone.to_text(), want.to_text()))
        return 1
    print("%s: %d messages%s, zone as expected" %
          (mode, count, ", TSIG verified" if keyring else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
