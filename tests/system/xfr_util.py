"""xfr_util: radixd as a primary with transfers and NOTIFY, and the three
peer secondaries (Knot, NSD, BIND named), each run as its own process with
its own configuration in a temporary directory on 127.0.0.1, stopped by PID.

Used by tests/system/interop_*.py and xfr_*.py; not a test itself.
"""

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

import radixtest
from radixtest import Server, free_port, skip

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring

KEY_NAME = "xfr-key"
KEY_SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="
KEY_SPEC = "hmac-sha256:%s:%s" % (KEY_NAME, KEY_SECRET)
KEYRING = dns.tsigkeyring.from_text({KEY_NAME: ("hmac-sha256", KEY_SECRET)})
ZONE = "example.test"

BASE_ZONE = """\
$ORIGIN example.test.
$TTL 3600
@		SOA	ns1 hostmaster %d 7200 1800 1209600 300
@		NS	ns1
@		MX	10 mail
ns1		A	192.0.2.53
mail		A	192.0.2.25
www		A	192.0.2.80
www		AAAA	2001:db8::80
www		TXT	"hello world"
_sip._udp	SRV	10 60 5060 sip
sip		A	192.0.2.60
"""


def big_zone(n, serial=7):
    """BASE_ZONE and n more A records h000000 .. (10 + n records)."""
    lines = [BASE_ZONE % serial]
    for i in range(n):
        lines.append("h%06d\t300\tA\t10.%d.%d.%d" % (
            i, i >> 16, (i >> 8) & 255, i & 255))
    return "\n".join(lines) + "\n"


def read_framed(s):
    """One message of a DNS-over-TCP stream (RFC 1035 4.2.2), raw."""
    def exact(n):
        b = b""
        while len(b) < n:
            d = s.recv(n - len(b))
            if not d:
                raise EOFError("connection closed")
            b += d
        return b
    return exact(struct.unpack("!H", exact(2))[0])


def run(cmd, timeout=30, inp=None):
    p = subprocess.run(cmd, input=inp, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout + p.stderr


class Primary(Server):
    """radixd with a key, a dynamic zone, provide-xfr and notify: lines."""

    def __init__(self, zone_text, zone_lines, **kw):
        Server.__init__(self, zones={ZONE: zone_text}, **kw)
        self.zone_lines = list(zone_lines)

    def write_conf(self):
        path = Server.write_conf(self)
        with open(path) as f:
            text = f.read()
        text += "key:\n\tname: %s\n\talgorithm: hmac-sha256\n\tsecret: %s\n" % (
            KEY_NAME, KEY_SECRET)
        # The zone: block is last but for the key: add its lines to it.
        lines = text.split("\n")
        at = lines.index("\tzonefile: %s" % self.zone_path(ZONE))
        for z in reversed(self.zone_lines):
            lines.insert(at + 1, "\t" + z)
        with open(path, "w") as f:
            f.write("\n".join(lines))
        return path


def records(text):
    """Records of dig/kdig AXFR output, normalised and sorted (TSIG out)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        f = line.split()
        if len(f) < 4 or f[3] == "TSIG" or f[2] == "TSIG":
            continue
        f[0] = f[0].lower()
        out.append(" ".join(f))
    return sorted(out)


def dig_axfr(port, key=True, source=None, addr="127.0.0.1"):
    cmd = ["dig", "+nocmd", "+nostats", "+tries=1", "+time=10", "-p",
           str(port), "@" + addr, ZONE, "AXFR"]
    if key:
        cmd += ["-y", KEY_SPEC]
    if source:
        cmd += ["-b", source]
    rc, out = run(cmd)
    return out


def soa_serial(port, addr="127.0.0.1"):
    q = dns.message.make_query(ZONE, "SOA")
    try:
        r = dns.query.udp(q, addr, port=port, timeout=0.5)
    except Exception:
        return None
    for rr in r.answer:
        if rr.rdtype == dns.rdatatype.SOA:
            return rr[0].serial
    return None


def wait_for(fn, limit, step=0.2):
    end = time.time() + limit
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def nsupdate(port, commands):
    text = "server 127.0.0.1 %d\nzone %s\n%s\n" % (port, ZONE, commands)
    rc, out = run(["nsupdate", "-y", KEY_SPEC], inp=text)
    if rc != 0:
        raise RuntimeError("nsupdate failed: " + out)


class Peer:
    """A secondary: its own process, configuration and directory."""

    name = "peer"
    binary = None

    def __init__(self, primary_port):
        self.primary_port = primary_port
        self.dir = tempfile.mkdtemp(prefix="xfr-%s." % self.name)
        self.port = free_port()
        self.proc = None
        self.logpath = os.path.join(self.dir, "peer.log")

    def start(self):
        conf = self.write_conf()
        self.logf = open(self.logpath, "a")
        self.proc = subprocess.Popen(self.command(conf),
                                     stdin=subprocess.DEVNULL,
                                     stdout=self.logf, stderr=self.logf)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log(self):
        text = ""
        for p in self.logs():
            try:
                with open(p, errors="replace") as f:
                    text += f.read()
            except OSError:
                pass
        return text

    def logs(self):
        return [self.logpath]


class Knot(Peer):
    name = "knot"
    binary = "knotd"

    def write_conf(self):
        d = self.dir
        text = """server:
    rundir: "%(d)s"
    listen: 127.0.0.1@%(port)d
log:
  - target: stderr
    any: info
database:
    storage: "%(d)s"
key:
  - id: %(key)s
    algorithm: hmac-sha256
    secret: %(secret)s
remote:
  - id: primary
    address: 127.0.0.1@%(pport)d
    key: %(key)s
acl:
  - id: from_primary
    address: 127.0.0.1
    key: %(key)s
    action: notify
  - id: local_xfr
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "%(d)s"
    zonefile-sync: -1
zone:
  - domain: %(zone)s
    master: primary
    acl: [from_primary, local_xfr]
""" % {"d": d, "port": self.port, "key": KEY_NAME, "secret": KEY_SECRET,
            "pport": self.primary_port, "zone": ZONE}
        path = os.path.join(d, "knot.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def command(self, conf):
        return ["knotd", "-c", conf]


class Nsd(Peer):
    name = "nsd"
    binary = "nsd"

    def write_conf(self):
        d = self.dir
        text = """server:
    ip-address: 127.0.0.1@%(port)d
    zonesdir: "%(d)s"
    database: ""
    pidfile: "%(d)s/nsd.pid"
    xfrdfile: "%(d)s/xfrd.state"
    zonelistfile: "%(d)s/zone.list"
    xfrdir: "%(d)s"
    logfile: "%(d)s/nsd.log"
    username: ""
    chroot: ""
    verbosity: 2
    server-count: 1
    do-ip6: no
remote-control:
    control-enable: no
key:
    name: %(key)s
    algorithm: hmac-sha256
    secret: "%(secret)s"
zone:
    name: %(zone)s
    zonefile: "%(d)s/%(zone)s.zone"
    request-xfr: 127.0.0.1@%(pport)d %(key)s
    allow-notify: 127.0.0.1 %(key)s
    provide-xfr: 127.0.0.1 NOKEY
""" % {"d": d, "port": self.port, "key": KEY_NAME, "secret": KEY_SECRET,
            "pport": self.primary_port, "zone": ZONE}
        path = os.path.join(d, "nsd.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def command(self, conf):
        return ["nsd", "-d", "-c", conf]

    def logs(self):
        return [self.logpath, os.path.join(self.dir, "nsd.log")]


class Bind(Peer):
    name = "bind"
    binary = "named"

    def write_conf(self):
        d = self.dir
        text = """options {
    directory "%(d)s";
    listen-on port %(port)d { 127.0.0.1; };
    listen-on-v6 { none; };
    pid-file "%(d)s/named.pid";
    session-keyfile "%(d)s/session.key";
    managed-keys-directory "%(d)s";
    recursion no;
    dnssec-validation no;
    notify no;
    allow-transfer { 127.0.0.1; };
};
controls { };
key "%(key)s" { algorithm hmac-sha256; secret "%(secret)s"; };
zone "%(zone)s" {
    type secondary;
    primaries { 127.0.0.1 port %(pport)d key "%(key)s"; };
    file "%(d)s/%(zone)s.bk";
    masterfile-format text;
    allow-notify { 127.0.0.1; };
};
""" % {"d": d, "port": self.port, "key": KEY_NAME, "secret": KEY_SECRET,
            "pport": self.primary_port, "zone": ZONE}
        path = os.path.join(d, "named.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def command(self, conf):
        return ["named", "-g", "-d", "1", "-c", conf]


def fail(msg, primary, peer):
    print("FAIL: " + msg)
    print("--- radixd log ---")
    print(primary.log())
    if peer is not None:
        print("--- %s log ---" % peer.name)
        print(peer.log())
    peer and peer.stop()
    primary.stop()
    sys.exit(1)


def same_zone(primary, peer, what):
    """The peer's AXFR equals radixd's, record for record."""
    ours = records(dig_axfr(primary.port))
    if len(ours) < 10:
        fail("%s: radixd's AXFR has %d records" % (what, len(ours)),
             primary, peer)
    theirs = []

    def match():
        nonlocal theirs
        theirs = records(dig_axfr(peer.port, key=False))
        return theirs == ours
    if not wait_for(match, 10, 0.5):
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        fail("%s: %s's AXFR differs from radixd's: only ours %s, only "
             "theirs %s" % (what, peer.name, only_ours, only_theirs),
             primary, peer)
    print("ok: %s: %s serves the same %d records" % (what, peer.name,
                                                      len(ours)))


def wait_serial(primary, peer, serial, what, limit=40):
    if wait_for(lambda: soa_serial(peer.port) == serial, limit, 0.3) is not True:
        fail("%s: %s serves serial %s, not %d" % (
            what, peer.name, soa_serial(peer.port), serial), primary, peer)


def count_ixfr(primary):
    return primary.log().count("): IXFR,")


def interop(peer_class):
    """Issue 5 "What it must show" against one peer secondary."""
    radixtest.need_tool(peer_class.binary)
    radixtest.need_tool("dig")
    radixtest.need_tool("nsupdate")
    peer_port = free_port()
    primary = Primary(BASE_ZONE % 1, [
        "allow-update: 127.0.0.1 %s" % KEY_NAME,
        "provide-xfr: 127.0.0.1 %s" % KEY_NAME,
        "notify: 127.0.0.1@%d %s" % (peer_port, KEY_NAME)],
        timeout=200)
    primary.start()
    peer = peer_class(primary.port)
    peer.port = peer_port
    peer.start()
    try:
        scenario(primary, peer)
    except SystemExit:
        raise
    except BaseException as e:
        fail("exception %r" % e, primary, peer)
    peer.stop()
    primary.stop()
    print("PASS")


def scenario(primary, peer):
    # 1. Initial AXFR.
    wait_serial(primary, peer, 1, "initial AXFR")
    if "): AXFR," not in primary.log():
        fail("radixd logged no AXFR to the secondary", primary, peer)
    same_zone(primary, peer, "initial AXFR")

    # 2. A batch of updates: NOTIFY, IXFR, same records.
    nsupdate(primary.port, "update add new1.example.test. 300 A 192.0.2.101\n"
             "update add new2.example.test. 300 TXT \"two\"\nsend\n"
             "update delete www.example.test. TXT\n"
             "update add www.example.test. 300 TXT \"changed\"\nsend\n"
             "update delete sip.example.test. A\nsend")
    n = count_ixfr(primary)
    wait_serial(primary, peer, 4, "after nsupdate")
    if not wait_for(lambda: count_ixfr(primary) > n, 5):
        fail("after nsupdate: radixd logged no IXFR to the secondary",
             primary, peer)
    if not wait_for(lambda: "NOTIFY for serial 4 to 127.0.0.1@%d acknowledged"
                    % peer.port in primary.log(), 10):
        fail("after nsupdate: no NOTIFY acknowledged", primary, peer)
    if not wait_for(lambda: "secondary 127.0.0.1@%d serves serial 4" % peer.port
                    in primary.log(), 30):
        fail("after nsupdate: radixd did not see the secondary catch up",
             primary, peer)
    if peer.name != "nsd" and "IXFR" not in peer.log():
        fail("after nsupdate: %s logged no IXFR" % peer.name, primary, peer)
    same_zone(primary, peer, "after nsupdate")

    # 3. A zone-file edit plus reload.
    with open(primary.zone_path(ZONE)) as f:
        text = f.read()
    text = BASE_ZONE % 10 + "edited\t\tA\t192.0.2.210\n"
    primary.write_zone(ZONE, text)
    n = count_ixfr(primary)
    primary.signal(signal.SIGHUP)
    serial = wait_for(lambda: (soa_serial(primary.port) or 0) >= 10 and
                      soa_serial(primary.port), 15)
    if not serial:
        fail("reload: radixd's serial is %s" % soa_serial(primary.port),
             primary, peer)
    wait_serial(primary, peer, serial, "after reload")
    if not wait_for(lambda: count_ixfr(primary) > n, 5):
        fail("after reload: radixd logged no IXFR to the secondary",
             primary, peer)
    same_zone(primary, peer, "after reload")

    # 4. A secondary stopped, an update, restarted: it catches up.
    peer.stop()
    nsupdate(primary.port, "update add late.example.test. 300 A 192.0.2.99\n"
             "send")
    serial = soa_serial(primary.port)
    time.sleep(1)
    peer.start()
    wait_serial(primary, peer, serial, "after restart", 60)
    same_zone(primary, peer, "after restart")

    # 5. No key, or a source outside the ACL: refused.
    refused(primary, peer)


def xfr_rcode(port, keyring=None, source=None, qtype="AXFR"):
    q = dns.message.make_query(ZONE, qtype)
    if keyring is not None:
        q.use_tsig(keyring, keyname=KEY_NAME)
    r = dns.query.tcp(q, "127.0.0.1", port=port, timeout=5, source=source)
    return r.rcode(), r


def refused(primary, peer=None):
    rc, _ = xfr_rcode(primary.port)
    if rc != dns.rcode.REFUSED:
        fail("AXFR without the key: %s, not REFUSED" % dns.rcode.to_text(rc),
             primary, peer)
    if "refused: no rule allows unsigned requests from 127.0.0.1" not in \
            primary.log():
        fail("no log line for the AXFR refused without a key", primary, peer)
    rc, _ = xfr_rcode(primary.port, KEYRING, source="127.0.0.2")
    if rc != dns.rcode.REFUSED:
        fail("AXFR from 127.0.0.2: %s, not REFUSED" % dns.rcode.to_text(rc),
             primary, peer)
    if "no rule allows key xfr-key from 127.0.0.2" not in primary.log():
        fail("no log line for the AXFR refused from 127.0.0.2", primary, peer)
    out = dig_axfr(primary.port, key=False)
    if "Transfer failed" not in out or records(out):
        fail("dig AXFR without the key was not refused: " + out, primary, peer)
    out = dig_axfr(primary.port, source="127.0.0.2")
    if "Transfer failed" not in out or records(out):
        fail("dig AXFR from 127.0.0.2 was not refused: " + out, primary, peer)
    print("ok: transfers without the key or from 127.0.0.2 are refused")
