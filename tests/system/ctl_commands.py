#!/usr/bin/python3
"""radixctl against a running radixd (issue 6 point 1): every command's
output and exit code over the control socket: status, zone-status (with a
secondary), reload, flush (the file on disk is rewritten), freeze (an
nsupdate is REFUSED), the last update with its source and TSIG key, a hand
edit while frozen, thaw (the edit is served),
notify, errors that say what to do, a missing socket (exit 3), --json, and
stop (radixd exits 0 and removes its socket)."""
import json, os, re, socket, stat, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.message, dns.opcode, dns.rcode, dns.rrset

rt.need_tool("nsupdate")
RADIXCTL = os.path.join(os.path.dirname(rt._find_radixd()), "..", "tools",
                        "radixctl")
if not os.access(RADIXCTL, os.X_OK):
    rt.skip("radixctl is not built at %s" % RADIXCTL)

sec = ul.FakeSecondary()
sec_port = sec.port
sec.start()

s = ul.UpdServer(workers=2, zone_opts=("allow-update: 127.0.0.1 upd-key",
                                       "zonefile-sync: 0",
                                       "notify: 127.0.0.1@%d" % sec_port))
sock = os.path.join(s.dir, "ctl.sock")
s.server_conf.append("control-socket: %s" % sock)


def ctl(*args, conf=None):
    """Run radixctl; (exit code, stdout, stderr)."""
    pre = ["-c", conf] if conf else ["-s", sock]
    p = subprocess.run([RADIXCTL] + pre + list(args), capture_output=True,
                       text=True, timeout=20)
    return p.returncode, p.stdout, p.stderr


def fields(text):
    """key: value lines into a dict (secondary: lines into a list)."""
    d = {"secondary": []}
    for line in text.splitlines():
        k, _, v = line.partition(": ")
        if k == "secondary":
            d[k].append(v)
        else:
            d[k] = v
    return d


with s:
    c = rt.Checker(s)
    zfile = s.zone_path("dyn.test")
    st = os.stat(sock)
    c.true("control socket is a socket", stat.S_ISSOCK(st.st_mode))
    c.eq("control socket mode", oct(stat.S_IMODE(st.st_mode)), "0o660")

    # status
    rc, out, err = ctl("status")
    c.eq("status exit", rc, 0)
    f = fields(out)
    c.eq("status pid", f.get("pid"), str(s.proc.pid))
    c.eq("status workers", f.get("workers"), "2")
    c.eq("status zones", f.get("zones"), "1")
    c.true("status uptime", re.fullmatch(r"\d+", f.get("uptime", "")) is not None)
    rc, out, err = ctl("--json", "status")
    c.eq("status --json exit", rc, 0)
    j = json.loads(out)
    c.eq("status --json", (j["pid"], j["workers"], j["zones"]),
         (s.proc.pid, 2, 1))
    # The same socket found through radixd.conf (-c).
    rc, out, err = ctl("status", conf=os.path.join(s.dir, "radixd.conf"))
    c.eq("status with -c exit", rc, 0)
    c.eq("status with -c pid", fields(out).get("pid"), str(s.proc.pid))

    rc, out, err = ctl("zone-status", "dyn.test")
    c.eq("zone-status before any update", fields(out).get("last-update"), "never")
    j = json.loads(ctl("--json", "zone-status")[1])
    c.eq("zone-status --json before any update", j["zones"][0]["last_update"], None)

    # An update, then zone-status: the secondary catches up.
    sec.serial = 101
    u = ul.new_update()
    u.add("dynamic.dyn.test.", 300, "A", "192.0.2.200")
    c.eq("update", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
    end = time.time() + 20
    while time.time() < end:
        rc, out, err = ctl("zone-status", "dyn.test")
        f = fields(out)
        if f["secondary"] and "caught-up" in f["secondary"][0]:
            break
        time.sleep(0.2)
    c.eq("zone-status exit", rc, 0)
    c.eq("zone-status zone", f.get("zone"), "dyn.test")
    c.eq("zone-status serial", f.get("serial"), "101")
    c.eq("zone-status dynamic", f.get("dynamic"), "yes")
    c.eq("zone-status frozen", f.get("frozen"), "no")
    c.eq("zone-status journal depth", f.get("journal-depth"), "1")
    c.true("zone-status journal size > 0", int(f.get("journal-size", "0")) > 0)
    c.true("zone-status loaded-at", re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", f.get("loaded-at", "")) is not None)
    c.true("zone-status last update: %r" % f.get("last-update"), re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ from 127\.0\.0\.1 udp key upd-key\. "
        r"serial 101", f.get("last-update", "")) is not None)
    c.eq("zone-status one secondary", len(f["secondary"]), 1)
    c.true("zone-status secondary caught up: %r" % f["secondary"],
           len(f["secondary"]) == 1 and re.fullmatch(
               r"127\.0\.0\.1@%d serial 101 announced 101 lag-ms \d+ caught-up "
               r"notify acked" % sec_port, f["secondary"][0]) is not None)
    rc, out, err = ctl("--json", "zone-status")
    j = json.loads(out)
    z = j["zones"][0]
    c.eq("zone-status --json", (z["zone"], z["serial"], z["dynamic"],
                                z["frozen"], z["journal_depth"]),
         ("dyn.test", 101, True, False, 1))
    c.eq("zone-status --json secondary",
         (z["secondaries"][0]["target"], z["secondaries"][0]["serial"],
          z["secondaries"][0]["caught_up"]),
         ("127.0.0.1@%d" % sec_port, 101, True))
    lu = z["last_update"]
    c.eq("zone-status --json last update",
         (lu["from"], lu["transport"], lu["key"], lu["serial"]),
         ("127.0.0.1", "udp", "upd-key.", 101))
    c.true("zone-status --json last update time", re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lu["at"]) is not None)
    rc, out, err = ctl("zone-status", "nosuch.test")
    c.eq("zone-status unknown zone exit", rc, 1)
    c.eq("zone-status unknown zone message", err,
         "no zone nosuch.test is served; radixctl zone-status lists the zones\n")

    # flush: the update reaches the file.
    c.true("file before flush lacks the update", "dynamic" not in open(zfile).read())
    rc, out, err = ctl("flush", "dyn.test")
    c.eq("flush exit", rc, 0)
    c.eq("flush output", out, "zone dyn.test: serial 101 written to %s\n" % zfile)
    text = open(zfile).read()
    c.true("file after flush has the update", "192.0.2.200" in text)
    rc, out, err = ctl("flush")
    c.eq("flush all", (rc, out), (0, "dynamic zones written to their files\n"))

    # freeze: updates are REFUSED, with a log line.
    rc, out, err = ctl("freeze", "dyn.test")
    c.eq("freeze exit", rc, 0)
    c.eq("freeze output", out, "zone dyn.test: frozen at serial 101; edit %s, "
         "then run radixctl thaw dyn.test\n" % zfile)
    rc, out, err = ctl("freeze", "dyn.test")
    c.eq("freeze twice", (rc, err), (1, "zone dyn.test is already frozen; "
                                     "radixctl thaw dyn.test ends it\n"))
    rc, out, err = ctl("zone-status", "dyn.test")
    c.eq("zone-status frozen", fields(out).get("frozen"), "yes")
    rc, nout = s.nsupdate("update add frozen.dyn.test. 300 A 192.0.2.9")
    c.true("nsupdate refused while frozen: %r" % nout, rc != 0 and "REFUSED" in nout)
    c.true("refusal logged", ul.wait_log(s, "refused: the zone is frozen; "
                                         "radixctl thaw dyn.test lets updates in again"))
    c.eq("refused update not served", s.records("frozen.dyn.test", "A"), [])
    c.eq("serial unchanged while frozen", s.serial(), 101)

    # A hand edit while frozen; thaw serves it.
    time.sleep(1.1)  # a new mtime even on coarse clocks
    s.write_zone("dyn.test", text + "hand.dyn.test. 300 IN A 192.0.2.150\n")
    rc, out, err = ctl("thaw", "dyn.test")
    c.eq("thaw exit", rc, 0)
    c.true("thaw output: %r" % out, re.fullmatch(
        r"zone dyn\.test: thawed, serving serial \d+\n", out) is not None)
    time.sleep(0.5)
    c.eq("hand edit served after thaw", s.records("hand.dyn.test", "A"), ["192.0.2.150"])
    c.eq("update kept after thaw", s.records("dynamic.dyn.test", "A"), ["192.0.2.200"])
    serial = s.serial()
    c.true("serial raised by the edit", serial > 101)
    rc, out, err = ctl("zone-status", "dyn.test")
    f = fields(out)
    c.true("zone-status secondary behind: %r" % f["secondary"],
           len(f["secondary"]) == 1 and re.fullmatch(
               r"127\.0\.0\.1@%d serial 101 announced %d lag-ms \d+ behind "
               r"notify \w+" % (sec_port, serial), f["secondary"][0]) is not None)
    rc, out, err = ctl("thaw", "dyn.test")
    c.eq("thaw when not frozen", (rc, err), (1, "zone dyn.test is not frozen; "
                                            "radixctl freeze dyn.test first\n"))
    rc, nout = s.nsupdate("update add thawed.dyn.test. 300 A 192.0.2.10")
    c.eq("nsupdate after thaw", rc, 0)
    c.eq("update after thaw served", s.records("thawed.dyn.test", "A"), ["192.0.2.10"])
    rc, out, err = ctl("zone-status", "dyn.test")
    c.true("zone-status last update is nsupdate's: %r" % out, re.search(
        r"^last-update: \S+Z from 127\.0\.0\.1 (udp|tcp) key upd-key\. serial %d$"
        % (serial + 1), out, re.M) is not None)

    # reload: whole and one zone.
    rc, out, err = ctl("reload")
    c.eq("reload", (rc, out), (0, "reloaded changed zones; 2 fresh workers\n"))
    rc, out, err = ctl("reload", "dyn.test.")
    c.eq("reload zone", (rc, out), (0, "zone dyn.test: serving serial %d\n" % (serial + 1)))
    c.true("workers back after reloads", s.wait_workers())

    # notify
    rc, out, err = ctl("notify", "dyn.test")
    c.eq("notify", (rc, out), (0, "zone dyn.test: NOTIFY of serial %d sent to 1 secondary\n"
                               % (serial + 1)))

    # Usage errors: exit 2.
    rc, out, err = ctl("freeze")
    c.eq("freeze without a zone exit", rc, 2)
    c.true("freeze without a zone message", "freeze takes a zone" in err)
    rc, out, err = ctl("bogus")
    c.eq("unknown command exit", rc, 2)

    # Malformed frames are dropped, logged, and radixd goes on.
    for bad in (b"\xff\xff\xff\xff\x00\x01", b"\x00\x00\x00\x01\x00",
                b"\x00\x00\x00\x02\x00\x01", b"\x00\x00\x00\x05\x00\x01\x00a\x00"):
        u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        u.connect(sock)
        u.sendall(bad)
        u.shutdown(socket.SHUT_WR)
        u.settimeout(5)
        c.eq("malformed frame %r: no reply" % bad, u.recv(100), b"")
        u.close()
    c.true("malformed frame logged", ul.wait_log(s, "control socket: malformed request dropped"))
    rc, out, err = ctl("status")
    c.eq("status after malformed frames", rc, 0)
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.connect(sock)
    u.sendall(b"\x00\x00\x00\x03\x00\x63\x00")
    hdr = u.recv(6)
    c.eq("unknown command code: status 2", hdr[4:6], b"\x00\x02")
    u.close()

    # A socket that does not exist: exit 3, naming the path.
    p = subprocess.run([RADIXCTL, "-s", sock + ".missing", "status"],
                       capture_output=True, text=True, timeout=20)
    c.eq("missing socket exit", p.returncode, 3)
    c.eq("missing socket message", p.stderr,
         "radixctl: cannot reach radixd at %s.missing: no such socket; radixd "
         "is not running, or its control-socket: is another path\n" % sock)

    # stop: radixd exits 0 and removes its socket.
    rc, out, err = ctl("stop")
    c.eq("stop", (rc, out), (0, "radixd %d is stopping\n" % s.proc.pid))
    try:
        code = s.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        code = "still running"
    c.eq("radixd exit code after stop", code, 0)
    c.true("socket removed", not os.path.exists(sock))
    rc, out, err = ctl("status")
    c.eq("status after stop exit", rc, 3)
c.report()
