"""Shared pieces of the update_*.py system tests: a radixd with key: blocks
and zone options (allow-update:, serial-policy:...), a small dynamic zone,
and helpers to run nsupdate/knsupdate and to send UPDATEs with dnspython."""
import os, socket, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.message, dns.opcode, dns.query, dns.rcode, dns.rrset, dns.tsig
import dns.tsigkeyring, dns.update

KEY_NAME = "upd-key"
KEY_SECRET = "S2V5Rm9yVXBkYXRlVGVzdHMxMjM0NTY3ODkwYWJjZGU="  # 32 octets
OTHER_NAME = "acme-key"
OTHER_SECRET = "QWNtZUtleUZvclVwZGF0ZVRlc3RzMDEyMzQ1Njc4OWE="

ZONE = """\
$ORIGIN dyn.test.
$TTL 300
@	SOA	ns1 hostmaster 100 7200 1800 1209600 300
@	NS	ns1
ns1	A	192.0.2.53
www	A	192.0.2.80
www	TXT	"hello"
alias	CNAME	www
"""


class UpdServer(rt.Server):
    """radixd serving dyn.test with zone options and two TSIG keys."""

    def __init__(self, zone_opts=("allow-update: 127.0.0.1 upd-key",),
                 zone=ZONE, **kw):
        kw.setdefault("zones", {"dyn.test": zone})
        super().__init__(**kw)
        self.zone_opts = list(zone_opts)

    def write_conf(self):
        lines = ["server:"]
        lines += ["\tip-address: %s@%d" % (a, self.port) for a in self.listen]
        lines += ["\tworkers: %d" % self.workers, "\tlog-level: info"]
        lines += ["\t" + x for x in self.server_conf]
        for name, secret in ((KEY_NAME, KEY_SECRET), (OTHER_NAME, OTHER_SECRET)):
            lines += ["key:", "\tname: %s" % name,
                      "\talgorithm: hmac-sha256", "\tsecret: \"%s\"" % secret]
        for origin in self.zones:
            lines += ["zone:", "\tname: %s" % origin,
                      "\tzonefile: %s" % self.zone_path(origin)]
            lines += ["\t" + x for x in self.zone_opts]
        path = os.path.join(self.dir, "radixd.conf")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def start_again(self):
        """Start radixd on the same port and files after a stop or a kill."""
        binary = rt._find_radixd()
        self.logf = open(self.logpath, "a")
        self.proc = subprocess.Popen([binary, "-c", self.write_conf(), "-d"],
                                     stdin=subprocess.DEVNULL,
                                     stdout=self.logf, stderr=self.logf)
        if not (self.wait_ready(20) and self.wait_workers(10)):
            raise RuntimeError("radixd did not start again:\n" + self.log())

    def keyfile(self):
        path = os.path.join(self.dir, "upd.key")
        with open(path, "w") as f:
            f.write('key "%s" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n'
                    % (KEY_NAME, KEY_SECRET))
        return path

    def nsupdate(self, script, args=("-y", "hmac-sha256:%s:%s" % (KEY_NAME, KEY_SECRET)),
                 tool="nsupdate"):
        """Run nsupdate (or knsupdate) on script; (returncode, output)."""
        text = "server 127.0.0.1 %d\n%s\nsend\n" % (self.port, script.strip())
        if tool == "knsupdate":
            text += "quit\n"
        p = subprocess.run([tool] + list(args), input=text, capture_output=True,
                           text=True, timeout=20)
        return p.returncode, p.stdout + p.stderr

    def update(self, upd, tcp=False, timeout=5.0):
        """Send a dns.update.Update; the response."""
        if tcp:
            return dns.query.tcp(upd, "127.0.0.1", port=self.port, timeout=timeout)
        return dns.query.udp(upd, "127.0.0.1", port=self.port, timeout=timeout)

    def records(self, name, rdtype):
        """Sorted rdata texts of name/rdtype over a fresh UDP socket."""
        r = self.query(name, rdtype)
        out = []
        for rrset in r.answer:
            if rrset.rdtype == dns.rdatatype.from_text(rdtype):
                out += [rd.to_text() for rd in rrset]
        return sorted(out)

    def serial(self):
        r = self.query("dyn.test", "SOA")
        return r.answer[0][0].serial


def keyring():
    return dns.tsigkeyring.from_text({KEY_NAME: KEY_SECRET, OTHER_NAME: OTHER_SECRET})


def new_update(keyname=KEY_NAME, zone="dyn.test"):
    u = dns.update.UpdateMessage(zone)
    if keyname is not None:
        u.use_tsig(keyring(), keyname=keyname, algorithm=dns.tsig.HMAC_SHA256)
    return u


def wait_log(s, text, limit=10.0):
    end = time.time() + limit
    while time.time() < end:
        if text in s.log():
            return True
        time.sleep(0.05)
    return False


class FakeSecondary(threading.Thread):
    """A fake secondary of dyn.test on 127.0.0.1 and a free UDP port:
    acknowledges every NOTIFY and answers SOA queries with .serial, so that
    radixd's replication view (zone-status, stats) has someone to watch."""

    def __init__(self):
        threading.Thread.__init__(self, daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.serial = 100

    def run(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
                q = dns.message.from_wire(data)
            except OSError:
                return
            except Exception:
                continue
            r = dns.message.make_response(q)
            if q.opcode() != dns.opcode.NOTIFY:
                r.answer.append(dns.rrset.from_text(
                    "dyn.test.", 300, "IN", "SOA", "ns1.dyn.test. "
                    "hostmaster.dyn.test. %d 7200 1800 1209600 300" % self.serial))
            self.sock.sendto(r.to_wire(), peer)
