#!/usr/bin/python3
"""Hand edits beside updates (issue 4 point 6): after updates, the operator
edits the zone file (without raising the serial) and sends SIGHUP. The
file's change is carried over on top of the live zone: the updates stay,
the edit appears, a record both changed is reported as a conflict and the
file's version wins, and the serial goes above both. A restart keeps it."""
import os, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import update_lib as ul
import dns.rcode

with ul.UpdServer(workers=2, zone_opts=("allow-update: 127.0.0.1 upd-key",
                                        "zonefile-sync: 0")) as s:
    c = rt.Checker(s)
    u = ul.new_update()
    u.add("dynamic.dyn.test.", 300, "A", "192.0.2.200")
    u.replace("www.dyn.test.", 300, "A", "192.0.2.81")   # the conflict
    c.eq("update", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
    c.eq("serial after the update", s.serial(), 101)
    # The operator edits the file as it was (serial 100, never raised):
    # a new name, a changed TXT, and www A too.
    edited = ul.ZONE.replace('www\tTXT\t"hello"', 'www\tTXT\t"edited"') \
        .replace("www\tA\t192.0.2.80", "www\tA\t192.0.2.90") + \
        "hand\tA\t192.0.2.150\n"
    time.sleep(1.1)  # a new mtime even on coarse clocks
    s.write_zone("dyn.test", edited)
    s.signal(signal.SIGHUP)
    c.true("hand edit applied", ul.wait_log(s, "hand edit of"))
    c.true("conflict logged for www A", ul.wait_log(s, "dyn.test.zone: www.dyn.test. A was changed both by a dynamic update and in the zone file"))
    time.sleep(0.5)
    c.eq("update kept", s.records("dynamic.dyn.test", "A"), ["192.0.2.200"])
    c.eq("edit: new name", s.records("hand.dyn.test", "A"), ["192.0.2.150"])
    c.eq("edit: TXT", s.records("www.dyn.test", "TXT"), ['"edited"'])
    c.eq("conflict: the file wins", s.records("www.dyn.test", "A"), ["192.0.2.90"])
    c.eq("serial above both", s.serial(), 102)
    # Updates go on after the edit, and a restart keeps everything.
    u = ul.new_update()
    u.add("after.dyn.test.", 300, "A", "192.0.2.201")
    c.eq("update after the edit", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
    s.stop()
    s.start_again()
    c.eq("restart: update kept", s.records("dynamic.dyn.test", "A"), ["192.0.2.200"])
    c.eq("restart: edit kept", s.records("hand.dyn.test", "A"), ["192.0.2.150"])
    c.eq("restart: later update", s.records("after.dyn.test", "A"), ["192.0.2.201"])
    c.eq("restart: serial", s.serial(), 103)
    # An edit made while radixd is down is carried over at start.
    u = ul.new_update()
    u.add("late.dyn.test.", 300, "A", "192.0.2.202")
    c.eq("update before the stop", dns.rcode.to_text(s.update(u).rcode()), "NOERROR")
    s.proc.send_signal(signal.SIGKILL)  # no flush: the journal has it
    s.proc.wait()
    time.sleep(0.2)
    text = open(s.zone_path("dyn.test")).read()
    s.write_zone("dyn.test", text + "offline.dyn.test. 300 IN A 192.0.2.160\n")
    s.start_again()
    c.eq("offline edit applied at start", s.records("offline.dyn.test", "A"), ["192.0.2.160"])
    c.eq("update journalled before the kill kept", s.records("late.dyn.test", "A"), ["192.0.2.202"])
    c.eq("serial above both", s.serial(), 105)
c.report()
