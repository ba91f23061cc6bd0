#!/usr/bin/python3
"""A UDP socket that keeps delivering leaves the worker's epoll set and
comes back when it is drained (worker.c, udp_readable; issue 3 point 3:
UDP in batches, no system call per query beyond receive and send).

radixd with one worker listens on 127.0.0.1 and 127.0.0.2. Two dnsperf
runs, one per address, send as fast as they can for 3 s (bounded: -l 3,
100 queries outstanding each). Meanwhile the test reads the worker's
epoll set from /proc/PID/fdinfo every millisecond or so, and asks
TCP and UDP questions from its own sockets. Asserts:
- each UDP socket is seen out of the epoll set at least once during the
  load (it was read without epoll), and every other watched descriptor
  (TCP listeners, the pipes from main) stays in the set throughout;
- every question asked during the load, over TCP and over UDP to each
  address, is answered correctly: a busy UDP socket does not starve the
  rest of the worker;
- dnsperf: every query sent is answered (0 lost) and NOERROR;
- after the load, both UDP sockets are back in the epoll set, the worker
  sleeps (under 0.1 s of CPU in 1 s idle: it does not spin on a socket it
  believes busy), and a question to each address is answered.
With the worker as it was before (sockets always in the set) the first
assertion fails; with the sockets left out after the load, the last."""
import os, re, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import radixtest as rt
import dns.message, dns.query, dns.rcode

rt.need_tool("dnsperf")
ADDRS = ("127.0.0.1", "127.0.0.2")
SECONDS = 3


def udp_inodes(port):
    """Socket inode -> local address of our port's UDP sockets."""
    out = {}
    with open("/proc/net/udp") as f:
        next(f)
        for line in f:
            fields = line.split()
            addr, p = fields[1].split(":")
            if int(p, 16) != port:
                continue
            ip = ".".join(str(int(addr[i:i + 2], 16)) for i in (6, 4, 2, 0))
            out[fields[9]] = ip
    return out


def worker_fds(pid):
    """fd -> link target of every descriptor of a process."""
    fds = {}
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            fds[int(fd)] = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            pass
    return fds


def watched(pid, epfd):
    """The descriptors in an epoll set, from /proc/PID/fdinfo."""
    with open("/proc/%d/fdinfo/%d" % (pid, epfd)) as f:
        return {int(m) for m in re.findall(r"^tfd:\s+(\d+)", f.read(), re.M)}


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    fields = st[st.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


with rt.Server(workers=1, listen=ADDRS, timeout=90) as s:
    c = rt.Checker(s)
    (wpid,) = s.workers_pids()
    fds = worker_fds(wpid)
    inodes = udp_inodes(s.port)
    udp = {}
    for fd, link in fds.items():
        m = re.match(r"socket:\[(\d+)\]", link)
        if m and m.group(1) in inodes:
            udp[fd] = inodes[m.group(1)]
    eps = [fd for fd, link in fds.items() if link == "anon_inode:[eventpoll]"]
    c.eq("UDP sockets of the worker, by address", sorted(udp.values()),
         sorted(ADDRS))
    c.eq("epoll sets of the worker", len(eps), 1)
    epfd = eps[0]
    before = watched(wpid, epfd)
    c.true("UDP sockets in the epoll set before the load (%r in %r)"
           % (sorted(udp), sorted(before)), set(udp) <= before)
    others = before - set(udp)

    qfile = os.path.join(s.dir, "queries.txt")
    with open(qfile, "w") as f:
        f.write("www.example.test A\nmail.example.test AAAA\n"
                "example.test MX\nexample.test NS\nns1.example.test A\n")
    perfs = [subprocess.Popen(
        ["dnsperf", "-s", a, "-p", str(s.port), "-d", qfile,
         "-l", str(SECONDS), "-c", "2", "-q", "50", "-t", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for a in ADDRS]

    # Questions of our own while the load runs, from another thread.
    asked = []

    def ask():
        end = time.monotonic() + SECONDS - 0.5
        time.sleep(0.3)
        while time.monotonic() < end:
            for tcp, addr in ((True, ADDRS[0]), (False, ADDRS[0]),
                              (False, ADDRS[1])):
                q = dns.message.make_query("www.example.test", "A")
                try:
                    if tcp:
                        r = dns.query.tcp(q, addr, port=s.port, timeout=2)
                    else:
                        r = dns.query.udp(q, addr, port=s.port, timeout=2)
                    ok = (r.rcode() == dns.rcode.NOERROR and
                          rt.rrs(r.answer) ==
                          ["www.example.test. 3600 IN A 192.0.2.80"])
                    asked.append((tcp, addr, ok, rt.rrs(r.answer)))
                except Exception as e:
                    asked.append((tcp, addr, False, repr(e)))
            time.sleep(0.05)

    asker = threading.Thread(target=ask)
    asker.start()
    seen_out = {fd: 0 for fd in udp}
    others_missing = 0
    samples = 0
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        w = watched(wpid, epfd)
        samples += 1
        for fd in udp:
            if fd not in w:
                seen_out[fd] += 1
        if not others <= w:
            others_missing += 1
        time.sleep(0.001)
    asker.join()
    outs = [p.communicate(timeout=30)[0] for p in perfs]

    for fd, addr in sorted(udp.items()):
        c.true("UDP socket %s out of the epoll set during the load "
               "(in %d of %d samples)" % (addr, seen_out[fd], samples),
               seen_out[fd] > 0)
    c.eq("samples with a TCP listener or pipe out of the set",
         others_missing, 0)
    for kind in ((True, ADDRS[0]), (False, ADDRS[0]), (False, ADDRS[1])):
        mine = [a for a in asked if a[:2] == kind]
        bad = [a for a in mine if not a[2]]
        c.true("%s to %s during the load: %d asked, all answered right "
               "(%r)" % ("TCP" if kind[0] else "UDP", kind[1], len(mine),
                         bad[:3]), len(mine) > 0 and not bad)
    for addr, out in zip(ADDRS, outs):
        sent = re.search(r"Queries sent:\s+(\d+)", out)
        done = re.search(r"Queries completed:\s+(\d+)", out)
        lost = re.search(r"Queries lost:\s+(\d+)", out)
        noerr = re.search(r"NOERROR (\d+)", out)
        if not (sent and done and lost and noerr):
            c.true("dnsperf output to %s understood:\n%s" % (addr, out),
                   False)
            continue
        print("dnsperf to %s: %s sent, %s completed, %s lost"
              % (addr, sent.group(1), done.group(1), lost.group(1)))
        c.true("dnsperf to %s: queries sent (%s)" % (addr, sent.group(1)),
               int(sent.group(1)) > 1000)
        c.eq("dnsperf to %s: lost" % addr, int(lost.group(1)), 0)
        c.eq("dnsperf to %s: all NOERROR" % addr, noerr.group(1),
             done.group(1))

    time.sleep(0.3)
    after = watched(wpid, epfd)
    c.true("UDP sockets back in the epoll set after the load (%r in %r)"
           % (sorted(udp), sorted(after)), set(udp) <= after)
    t0 = cpu_seconds(wpid)
    time.sleep(1.0)
    used = cpu_seconds(wpid) - t0
    c.true("the worker sleeps after the load (%.2f s of CPU in 1 s)" % used,
           used < 0.1)
    for addr in ADDRS:
        r = s.send(s.make("www.example.test", "A"), addr=addr)
        c.answer("after the load, UDP to %s" % addr, r,
                 answer=["www.example.test. 3600 IN A 192.0.2.80"])
    sys.exit(c.report())
