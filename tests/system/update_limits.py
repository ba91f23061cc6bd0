#!/usr/bin/python3
"""Issue 7 point 4: the limits on UPDATE.

update-max-size: an UPDATE of exactly the limit is applied, one octet more
is REFUSED (signed with the request's key) before anything is looked at:
nothing applied, nothing journalled.

max-records: (BIND's option): the update that would take the zone above
the limit is SERVFAIL, as BIND answers, with nothing applied or journalled
and a log line naming the zone, the limit and what to do; an update that
does not grow the zone still passes at the limit. 50 refusals in a row
give one log line, then one line counting the 49 others once
limit-log-interval (1 s here) is over. A zone file over the limit does not
load at start (radixd does not start) and is not taken on reload (the old
zone keeps serving); a hand edit that would take a dynamic zone over it is
not applied; a lowered limit below a zone grown by updates stops the next
start, with the way out in the log."""
import os, shutil, signal, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

MAXSIZE = 1024
MAXREC = 12          # ul.ZONE holds 6 records
OPTS = ["allow-update: 127.0.0.1 upd-key", "zonefile-sync: 0",
        "max-records: %d" % MAXREC]
CONF = ["update-max-size: %d" % MAXSIZE, "limit-log-interval: 1"]


def rcode_of(s, u, tcp=True):
    return dns.rcode.to_text(s.update(u, tcp=tcp).rcode())


def txt_update(name, k):
    """A signed UPDATE adding one TXT record of k octets of text at name,
    in 5 strings: the message grows by exactly one octet per octet of k."""
    u = ul.new_update()
    parts = [k // 5 + (1 if i < k % 5 else 0) for i in range(5)]
    u.add(name, 300, "TXT", " ".join('"%s"' % ("x" * n) for n in parts))
    return u


def sized_update(name, size):
    """A signed UPDATE adding one TXT record at name, exactly size octets."""
    k = size - len(txt_update(name, 0).to_wire())
    u = txt_update(name, k)
    if not 0 <= k <= 5 * 255 or len(u.to_wire()) != size:
        raise RuntimeError("no UPDATE of %d octets could be built" % size)
    return u


def journal_size(s):
    path = s.zone_path("dyn.test") + ".jnl"
    return os.path.getsize(path) if os.path.exists(path) else 0


def log_since(s, mark):
    return s.log()[mark:]


def nxdomain(s, name):
    """dig's view (dnspython's when dig is missing): name does not exist."""
    if shutil.which("dig"):
        return "status: NXDOMAIN" in s.dig(name, "TXT")
    return s.query(name, "TXT").rcode() == dns.rcode.NXDOMAIN


def flood(s, c, label, make, want, full_text, count_text, n=50):
    """The first n refusals of a limit in quick succession: one full log
    line per interval (1 s here) that they span, so one when they come
    within a second, more when a sanitizer build slows them down (the
    bound allows one more for the coarse clock's few milliseconds), and
    count lines that count every other refusal. Then, over an interval
    later, one more: one full line again. Returns the first full line."""
    mark = len(s.log())
    t0 = time.monotonic()
    got = [rcode_of(s, make(i), tcp=False) for i in range(n)]
    spanned = int(time.monotonic() - t0) + 2
    c.eq("%s: %d refused" % (label, n), got, [want] * n)

    def full_lines():
        return [l for l in log_since(s, mark).splitlines() if full_text in l]

    def counted():
        return sum(int(l.split(count_text)[1].split()[0])
                   for l in log_since(s, mark).splitlines() if count_text in l)
    end = time.time() + 15
    while time.time() < end and len(full_lines()) + counted() < n:
        time.sleep(0.1)
    full = full_lines()
    c.true("%s: %d refusals, one full log line per second they span "
           "(%d lines, at most %d)" % (label, n, len(full), spanned),
           1 <= len(full) <= spanned)
    c.eq("%s: the count lines count the %d others" % (label, n - len(full)),
         counted(), n - len(full))
    time.sleep(1.5)
    mark = len(s.log())
    c.eq("%s: one more refused" % label, rcode_of(s, make(n)), want)
    ul.wait_log(s, full_text, limit=5)
    time.sleep(0.5)
    out = log_since(s, mark)
    c.eq("%s: the next one an interval later: one full line again" % label,
         (out.count(full_text), out.count(count_text)), (1, 0))
    return full[0] if full else ""


with ul.UpdServer(workers=2, zone_opts=OPTS, server_conf=CONF,
                  timeout=150) as s:
    c = rt.Checker(s)

    # update-max-size: 50 over the limit, then one at and one over it.
    serial, jnl = s.serial(), journal_size(s)
    line = flood(s, c, "update-max-size",
                 lambda i: sized_update("big%02d.dyn.test." % i, MAXSIZE + 1),
                 "REFUSED", "over update-max-size: %d" % MAXSIZE,
                 "updates refused by update-max-size: ")
    c.true("the log line names the size, the limit and what to do (%r)"
           % line, "update from 127.0.0.1 for zone dyn.test. refused: %d "
           "octets, over update-max-size: %d; the client should send "
           "smaller updates" % (MAXSIZE + 1, MAXSIZE) in line)
    c.true("none applied (dig: NXDOMAIN)", nxdomain(s, "big00.dyn.test"))
    c.eq("serial unchanged", s.serial(), serial)
    c.eq("nothing journalled", journal_size(s), jnl)
    c.eq("UPDATE of %d octets: applied" % MAXSIZE,
         rcode_of(s, sized_update("at.dyn.test.", MAXSIZE)), "NOERROR")
    r = s.query("at.dyn.test", "TXT", tcp=True)
    c.eq("its record is there", len(r.answer[0]) if r.answer else 0, 1)
    c.true("it was journalled", journal_size(s) > jnl)
    serial, jnl = s.serial(), journal_size(s)
    c.eq("UPDATE of %d octets over TCP: REFUSED" % (MAXSIZE + 1),
         rcode_of(s, sized_update("over.dyn.test.", MAXSIZE + 1)), "REFUSED")
    c.true("not applied (dig: NXDOMAIN)", nxdomain(s, "over.dyn.test"))
    c.eq("serial unchanged", s.serial(), serial)
    c.eq("nothing journalled", journal_size(s), jnl)

    # max-records: fill the zone up to the limit (7 records now).
    for i in range(MAXREC - 7):
        u = ul.new_update()
        u.add("r%d.dyn.test." % i, 300, "A", "192.0.2.%d" % (i + 1))
        c.eq("record %d of %d: applied" % (8 + i, MAXREC), rcode_of(s, u),
             "NOERROR")
    serial, jnl = s.serial(), journal_size(s)

    def over(i):
        u = ul.new_update()
        u.add("f%d.dyn.test." % i, 300, "TXT", "one too many")
        return u
    line = flood(s, c, "max-records", over, "SERVFAIL",
                 "over max-records: %d" % MAXREC,
                 "zone dyn.test: updates refused by max-records: ")
    c.true("the log line names the zone, the limit and what to do (%r)"
           % line, "zone dyn.test: update from 127.0.0.1 key upd-key. "
           "refused (SERVFAIL): it would take the zone from %d to %d "
           "records, over max-records: %d; nothing applied. Delete records "
           "first, or raise max-records:" % (MAXREC, MAXREC + 1, MAXREC)
           in line)
    c.true("the one that crossed not applied (dig: NXDOMAIN)",
           nxdomain(s, "f0.dyn.test"))
    c.true("nor the others", nxdomain(s, "f50.dyn.test"))
    c.eq("serial unchanged", s.serial(), serial)
    c.eq("nothing journalled", journal_size(s), jnl)
    # Two adds and one delete in one message: refused as a whole.
    u = ul.new_update()
    u.delete("r0.dyn.test.", "A")
    u.add("two1.dyn.test.", 300, "A", "192.0.2.101")
    u.add("two2.dyn.test.", 300, "A", "192.0.2.102")
    c.eq("+2 -1 at the limit: SERVFAIL", rcode_of(s, u), "SERVFAIL")
    c.eq("its delete not applied either", s.records("r0.dyn.test", "A"),
         ["192.0.2.1"])
    # A replacement keeps the count: it passes at the limit.
    u = ul.new_update()
    u.delete("r0.dyn.test.", "A")
    u.add("r0.dyn.test.", 300, "A", "192.0.2.200")
    c.eq("a replacement at the limit: applied", rcode_of(s, u), "NOERROR")
    c.eq("replaced", s.records("r0.dyn.test", "A"), ["192.0.2.200"])
    if shutil.which("nsupdate"):
        rc, out = s.nsupdate("update add cross.dyn.test. 300 TXT nsupdate")
        c.true("nsupdate reports SERVFAIL (%r)" % out,
               rc != 0 and "SERVFAIL" in out)

    # A delete makes room again.
    u = ul.new_update()
    u.delete("r1.dyn.test.", "A")
    c.eq("a delete at the limit: applied", rcode_of(s, u), "NOERROR")
    u = ul.new_update()
    u.add("room.dyn.test.", 300, "A", "192.0.2.66")
    c.eq("then one add: applied", rcode_of(s, u), "NOERROR")
    c.eq("its record", s.records("room.dyn.test", "A"), ["192.0.2.66"])

    # A hand edit that would take the zone over the limit: not applied.
    serial = s.serial()
    path = s.zone_path("dyn.test")
    text = open(path).read().replace(" 100 ", " 5000 ", 1)
    with open(path, "w") as f:
        f.write(text + "hand\tA\t192.0.2.44\n")
    mark = len(s.log())
    s.signal(signal.SIGHUP)
    c.true("hand edit over max-records: refused",
           ul.wait_log(s, "with the hand edit it would hold %d records, "
                       "over max-records: %d" % (MAXREC + 1, MAXREC)))
    c.true("and said so", ul.wait_log(s, "hand edit of %s not applied"
                                         % path))
    c.true("hand record absent", nxdomain(s, "hand.dyn.test"))
    c.eq("serial kept", s.serial(), serial)

    # The limit lowered below the zone the updates made: no start.
    s.stop()
    with open(path, "w") as f:
        f.write(ul.ZONE)  # the hand edit undone
    s.zone_opts = [o for o in OPTS if not o.startswith("max-records")]
    s.zone_opts.append("max-records: 10")
    mark = len(s.log())
    with open(s.logpath, "a") as logf:
        p = subprocess.Popen([rt._find_radixd(), "-c", s.write_conf(), "-d"],
                             stdin=subprocess.DEVNULL, stdout=logf,
                             stderr=logf)
        try:
            rc = p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
    c.true("lowered max-records: radixd does not start (%d)" % rc, rc != 0)
    c.true("the log says the journal takes it over and what to do",
           "with its journal it holds %d records, over max-records: 10"
           % MAXREC in log_since(s, mark)
           and "raise max-records: for a start and delete records by "
               "UPDATE" in log_since(s, mark))
    c.eq("the failed start wrote nothing to the zone file",
         open(path).read(), ul.ZONE)
    # Raised again: every acknowledged update is back.
    s.zone_opts = OPTS
    s.start_again()
    c.eq("restart: the replaced record", s.records("r0.dyn.test", "A"),
         ["192.0.2.200"])
    c.eq("restart: the last add", s.records("room.dyn.test", "A"),
         ["192.0.2.66"])
    c.true("restart: the refused ones absent", nxdomain(s, "f0.dyn.test"))


def sanitized(server):
    """A sanitizer build reports memory errors and leaks in the log."""
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                "runtime error:"):
        c.true("no sanitizer report in the log (%s)" % bad,
               bad not in server.log())


def static_conf(server, limit):
    path = rt.Server.write_conf(server)
    with open(path, "a") as f:
        f.write("\tmax-records: %d\n" % limit)
    return path


# A static zone: over the limit at start, and on reload.
ZONE12 = rt.EXAMPLE_ZONE.split("cname1")[0]   # SOA ... www TXT: 12 records
bad = rt.Server(zones={"example.test": ZONE12}, timeout=60)
bad.write_conf = lambda: static_conf(bad, 11)
bad.start(wait=False)
try:
    rc = bad.proc.wait(timeout=30)
except subprocess.TimeoutExpired:
    bad.stop()
    rc = None
c.true("a zone file over max-records: radixd does not start (%r)" % rc,
       rc not in (None, 0))
c.true("the log names the file, the count, the limit and what to do",
       "zone example.test: %s holds 12 records, over max-records: 11; "
       "remove records or raise max-records:" % bad.zone_path("example.test")
       in bad.log())
c.true("and that the zone was not loaded",
       "zone example.test was not loaded" in bad.log())
sanitized(bad)

good = rt.Server(zones={"example.test": ZONE12}, timeout=60)
good.write_conf = lambda: static_conf(good, 12)
with good:
    c.eq("at the limit: served",
         good.query("www.example.test", "TXT").rcode(), dns.rcode.NOERROR)
    grown = ZONE12.replace("2026112701", "2026112702") + "new\tA\t192.0.2.111\n"
    good.write_zone("example.test", grown)
    good.signal(signal.SIGHUP)
    c.true("reload over the limit refused",
           ul.wait_log(good, "holds 13 records, over max-records: 12"))
    c.true("the old zone keeps serving",
           ul.wait_log(good, "reload failed; still serving serial "
                       "2026112701"))
    c.eq("old serial", good.query("example.test", "SOA").answer[0][0].serial,
         2026112701)
    c.eq("new name absent", good.query("new.example.test").rcode(),
         dns.rcode.NXDOMAIN)
    swapped = grown.replace("www\t\tTXT\t\"hello\"\n", "")
    c.true("one record less", swapped != grown)
    good.write_zone("example.test", swapped)
    good.signal(signal.SIGHUP)
    c.true("a file back within the limit is taken",
           ul.wait_log(good, "reloaded serial 2026112702, 12 records"))
    c.eq("new name served", rt.rrs(good.query("new.example.test").answer),
         ["new.example.test. 3600 IN A 192.0.2.111"])
good.stop()
sanitized(good)

# Bad values: FILE:LINE, what is wrong, and no start.
for text, want in (
        ("server:\n\tupdate-max-size: 511\n", ":2: update-max-size: '511' "
         "is not a number from 512 to 65535"),
        ("server:\n\tupdate-max-size: 65536\n", ":2: update-max-size: "
         "'65536' is not a number from 512 to 65535"),
        ("zone:\n\tname: example.test\n\tzonefile: %s\n\tmax-records: many\n"
         % good.zone_path("example.test"),
         ":4: max-records: 'many' is not a number from 0 to 4294967295")):
    path = os.path.join(good.dir, "bad.conf")
    with open(path, "w") as f:
        f.write("server:\n\tip-address: 127.0.0.1@%d\n" % rt.free_port() + text)
    want = ":%d:%s" % (int(want[1:want.index(":", 1)]) + 2,
                       want[want.index(":", 1) + 1:])
    p = subprocess.run([rt._find_radixd(), "-c", path, "-d"],
                       capture_output=True, text=True, timeout=10)
    c.true("%r: no start, says %r (got %r)" % (text, want, p.stderr),
           p.returncode != 0 and path + want in p.stderr)
c.report()
