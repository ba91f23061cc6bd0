#!/usr/bin/python3
"""udp_no_pmtud: UDP answers leave without the IPv4 DF bit, as NSD's and
Knot's do (IP_PMTUDISC_OMIT): radixd never fragments an answer to a path
MTU learnt from ICMP, which a forged "fragmentation needed" could lower to
552 octets for a resolver (spoofed-fragment poisoning, RFC 8900 and RFC
9715). Seen on the wire: a
packet socket on the loopback interface captures the query (sent by a
plain socket, which keeps path MTU discovery and sets DF: the capture
can see the bit) and radixd's answer to it, for a specific and for a
wildcard listen address. Needs CAP_NET_RAW (root) for the packet socket.
"""
import os, socket, struct, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.message

ETH_P_IP = 0x0800
IP_DF = 0x4000


def capture():
    try:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_IP))
        s.bind(("lo", 0))
    except (PermissionError, OSError) as e:
        rt.skip("no packet socket on lo (%s): needs root" % e)
    s.settimeout(0.2)
    return s


def udp_frames(cap, sport, dport, limit=3.0):
    """IPv4 flags/fragment words of the UDP packets sport -> dport seen."""
    seen = []
    end = time.time() + limit
    while time.time() < end and not seen:
        try:
            frame = cap.recv(65535)
        except socket.timeout:
            continue
        ip = frame[14:]  # lo frames carry a zeroed Ethernet header
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        ihl = (ip[0] & 15) * 4
        sp, dp = struct.unpack("!HH", ip[ihl:ihl + 4])
        if (sp, dp) == (sport, dport):
            seen.append(struct.unpack("!H", ip[6:8])[0])
    return seen


def check(c, port, what):
    cap = capture()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.settimeout(2.0)
    cport = u.getsockname()[1]
    u.sendto(dns.message.make_query("www.example.test", "A").to_wire(),
             ("127.0.0.1", port))
    r = dns.message.from_wire(u.recv(65535))
    c.eq("%s: answered" % what, rt.rrs(r.answer),
         ["www.example.test. 3600 IN A 192.0.2.80"])
    q = udp_frames(cap, cport, port)
    a = udp_frames(cap, port, cport)
    c.true("%s: the query was captured, with DF (%s)" % (what, q),
           bool(q) and all(f & IP_DF for f in q))
    c.true("%s: the answer was captured, without DF (%s)" % (what, a),
           bool(a) and not any(f & IP_DF for f in a))
    u.close()
    cap.close()


capture().close()  # skip before starting anything without CAP_NET_RAW
s1 = rt.Server()
s2 = rt.Server(listen=("0.0.0.0",))
with s1:
    c = rt.Checker(s1)
    check(c, s1.port, "127.0.0.1")
for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
            "runtime error:"):
    if bad in s1.log():
        c.failures.append("127.0.0.1: sanitizer report in the log: " + bad)
with s2:
    c.server = s2
    check(c, s2.port, "0.0.0.0 (wildcard, IP_PKTINFO)")
c.report()
