#!/bin/sh
# t302: the p0f v3 API of the daemon (unix socket, 21-byte queries,
# 232-byte answers) as rspamd, Haraka and qpsmtpd use it
# (shared/reference/mail-clients.md 0, 5 and 8), fed by the known-clients
# pcap of t300:
#  - fields of an answer (status, OS, flavor, distance, link, times, count);
#  - 50 queries in one write answered in order with exactly 50 x 232 bytes;
#    a query written byte by byte is answered once it is complete;
#  - rspamd: a new connection per query, ONE recv returns all 232 bytes;
#  - bad magic, big-endian magic, bad address type: status 0, rest zero;
#    unknown host: status 0x20, rest zero;
#  - qpsmtpd: the query sent twice, one recv(232), close - 1,000 times;
#    the daemon lives on, answers, and holds no connection afterwards;
#  - 5,000 connections open at once, all answered (the daemon, started
#    with a soft open-file limit of 1024, raises it for its max-clients);
#  - with --max-clients 100, 100 held connections are served and further
#    ones are closed unanswered (counted as refused) while the daemon's
#    CPU time stays near zero (no busy loop over the backlog).
. "$(dirname "$0")/lib.sh"
need_cmd python3
FP=/etc/p0f/p0f.fp
[ -f "$FP" ] || skip "p0f's database $FP missing (Debian package p0f)"
TOOLS=$TOP/tests/tools

# Room for 5,000 clients and the daemon's as many sockets. The daemon
# starts with the usual soft limit of 1024 and must raise it itself for
# its default --max-clients (8192).
# dash and bash both have ulimit -H and -S.
# shellcheck disable=SC3045
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 12000 ]; then
	# shellcheck disable=SC3045
	ulimit -Hn 12000 2>/dev/null ||
		skip "cannot raise the open-file limit to 12000 (hard $hard)"
fi
# shellcheck disable=SC3045
ulimit -Sn 12000

python3 "$TOOLS/svcpcap.py" known "$TMP/known.pcap" >/dev/null
# shellcheck disable=SC3045
(ulimit -Sn 1024 && exec "$ANALYZER" --compat -f "$FP" -r "$TMP/known.pcap" \
    -s "$TMP/p0f3.sock" --control "$TMP/ctl") >"$TMP/daemon.log" 2>&1 &
DPID=$!
track $DPID
ctl_wait 10 "$TMP/ctl" packets -eq 10 ||
	fail "daemon did not replay the pcap: $(cat "$TMP/daemon.log")"

SOCK=$TMP/p0f3.sock CTL=$TMP/ctl PYTHONPATH=$TOOLS python3 - <<'EOF' ||
import os, selectors, socket, struct, sys, time
from svcq import (P0F3_RLEN, p0f3_parse, p0f3_query, recv_exact, stats,
                  unix_connect)

path, ctl = os.environ["SOCK"], os.environ["CTL"]
T0 = 1704067210             # first packet of the known pcap (svcpcap.py)
bad = 0


def expect(what, cond, detail=""):
    global bad
    if not cond:
        bad += 1
        print("FAIL %s %s" % (what, detail))


def ask(q):
    s = unix_connect(path)
    try:
        s.sendall(q)
        return recv_exact(s, P0F3_RLEN)
    finally:
        s.close()


# One answer in full.
r = p0f3_parse(ask(p0f3_query("127.0.0.2")))
want = {"magic": 0x50304602, "status": 0x10, "first_seen": T0,
        "last_seen": T0, "total_conn": 1, "distance": 0, "os_match_q": 0,
        "os_name": "Windows", "os_flavor": "XP",
        "link_type": "Ethernet or modem", "http_name": "", "language": ""}
for k, v in want.items():
    expect("127.0.0.2 %s" % k, r[k] == v, "%r != %r" % (r[k], v))
r = p0f3_parse(ask(p0f3_query("127.0.0.6")))
expect("127.0.0.6 seen 3 times, Windows 7 last", r["total_conn"] == 3 and
       r["os_flavor"] == "7 or 8", str(r))
r = p0f3_parse(ask(p0f3_query("::2")))
expect("::2", r["status"] == 0x10 and r["os_name"] == "Linux" and
       r["os_flavor"] == "3.11 and newer", str(r))

# Errors and unknown hosts: full-size answers, everything else zero.
zero = bytes(P0F3_RLEN - 8)
for name, q, status in (
        ("bad magic", p0f3_query("127.0.0.2", magic=0x50304600), 0),
        ("big-endian magic", struct.pack(">I", 0x50304601) +
         p0f3_query("127.0.0.2")[4:], 0),
        ("address type 5", p0f3_query("127.0.0.2")[:4] + b"\x05" +
         p0f3_query("127.0.0.2")[5:], 0),
        ("unknown host", p0f3_query("127.0.0.9"), 0x20),
        ("unknown v6 host", p0f3_query("2001:db8::99"), 0x20)):
    a = ask(q)
    expect(name, len(a) == P0F3_RLEN and
           struct.unpack_from("=II", a) == (0x50304602, status) and
           a[8:] == zero, repr(a[:16]))

# 50 pipelined queries in one write, answered in order.
cycle = [("127.0.0.2", 0x10, "XP"), ("127.0.0.9", 0x20, ""),
         ("::2", 0x10, "3.11 and newer"), ("127.0.0.3", 0x10, "7 or 8"),
         (None, 0x00, ""), ("2001:db8::6", 0x10, "3.11 and newer")]
plan = [cycle[i % len(cycle)] for i in range(50)]
qs = b"".join(p0f3_query(h) if h else p0f3_query("127.0.0.2", magic=1)
              for h, _, _ in plan)
s = unix_connect(path)
s.sendall(qs)
data = recv_exact(s, 50 * P0F3_RLEN)
s.settimeout(0.3)
try:
    extra = s.recv(4096)
except socket.timeout:
    extra = b""
expect("50 pipelined: bytes", len(data) == 50 * P0F3_RLEN and not extra,
       "%d + %d" % (len(data), len(extra)))
for i, (h, st, flavor) in enumerate(plan):
    a = p0f3_parse(data[i * P0F3_RLEN:(i + 1) * P0F3_RLEN])
    expect("pipelined #%d %s" % (i, h), a["status"] == st and
           a["os_flavor"] == flavor, str((a["status"], a["os_flavor"])))
# A query written byte by byte on the same connection.
q = p0f3_query("127.0.0.3")
for b in q:
    s.send(bytes([b]))
    time.sleep(0.002)
a = p0f3_parse(recv_exact(s, P0F3_RLEN))
expect("byte-by-byte query", a["os_flavor"] == "7 or 8", str(a))
s.close()

# rspamd: new connection per query, one recv must hold the whole answer.
short = 0
for i in range(200):
    s = unix_connect(path)
    s.sendall(p0f3_query(("127.0.0.2", "::2", "127.0.0.9")[i % 3]))
    n = len(s.recv(P0F3_RLEN))
    s.close()
    short += n != P0F3_RLEN
expect("rspamd single recv", short == 0, "%d of 200 short" % short)

# qpsmtpd: the query twice, one recv(232), close; 1,000 times.
short = 0
q = p0f3_query("127.0.0.4")
for i in range(1000):
    s = unix_connect(path)
    s.send(q)
    s.send(q)
    a = s.recv(P0F3_RLEN)
    s.close()
    short += len(a) != P0F3_RLEN or a[4] != 0x10
expect("qpsmtpd 1000x", short == 0, "%d bad answers" % short)
a = p0f3_parse(ask(p0f3_query("127.0.0.4")))
expect("alive after qpsmtpd", a["os_name"] == "Linux", str(a))

# 5,000 connections at once, each asks once; all answered while all open.
N = 5000
sel = selectors.DefaultSelector()
conns = []
t = time.monotonic()
for i in range(N):
    s = unix_connect(path, timeout=30)
    conns.append(s)
for i, s in enumerate(conns):
    s.sendall(p0f3_query("127.0.0.2" if i % 2 else "::2"))
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, [i, b""])
done = 0
end = time.monotonic() + 60
while done < N and time.monotonic() < end:
    for key, _ in sel.select(1.0):
        st = key.data
        try:
            b = key.fileobj.recv(P0F3_RLEN - len(st[1]))
        except BlockingIOError:
            continue
        st[1] += b
        if not b or len(st[1]) == P0F3_RLEN:
            sel.unregister(key.fileobj)
            done += len(st[1]) == P0F3_RLEN and st[1][4] == 0x10
now = int(stats(ctl)["p0f3_conns_now"])
expect("5000 held open", now >= N, "p0f3_conns_now %d" % now)
for s in conns:
    s.close()
print("# %d concurrent connections answered in %.2f s (%d open at the "
      "daemon)" % (done, time.monotonic() - t, now))
expect("5000 concurrent answered", done == N, "%d of %d" % (done, N))
sys.exit(1 if bad else 0)
EOF
	fail "p0f v3 API checks failed"
ctl_wait 10 "$TMP/ctl" p0f3_conns_now -eq 0 ||
	fail "connections left open at the daemon"
note "$(ctl_stats "$TMP/ctl" | grep -E '^p0f3_' | tr '\n' ' ')"
kill -0 $DPID || fail "daemon died"

# --max-clients 100: the 101st and later connections are closed unanswered.
"$ANALYZER" --compat -f "$FP" -r "$TMP/known.pcap" -s "$TMP/cap.sock" \
    --control "$TMP/ctl2" --max-clients 100 >"$TMP/daemon2.log" 2>&1 &
D2=$!
track $D2
ctl_wait 10 "$TMP/ctl2" packets -eq 10 ||
	fail "second daemon did not start: $(cat "$TMP/daemon2.log")"
D2=$D2 SOCK=$TMP/cap.sock CTL=$TMP/ctl2 PYTHONPATH=$TOOLS python3 - <<'EOF' ||
import os, socket, sys, time
from svcq import P0F3_RLEN, p0f3_query, recv_exact, stats, unix_connect

path, ctl, pid = os.environ["SOCK"], os.environ["CTL"], os.environ["D2"]
hz = os.sysconf("SC_CLK_TCK")
bad = 0


def cpu_ticks():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])      # utime + stime


def try_extra():
    """A connection over the cap: its reply bytes (none expected)."""
    s = unix_connect(path)
    try:
        s.sendall(p0f3_query("127.0.0.2"))
        return recv_exact(s, P0F3_RLEN, 5.0)
    except (ConnectionResetError, BrokenPipeError):
        return b""
    finally:
        s.close()


held = []
for i in range(100):
    s = unix_connect(path)
    s.sendall(p0f3_query("127.0.0.2"))
    if len(recv_exact(s, P0F3_RLEN)) != P0F3_RLEN:
        bad += 1
        print("FAIL held connection %d not answered" % i)
    held.append(s)
c0, t0 = cpu_ticks(), time.monotonic()
answered = 0
for i in range(50):
    answered += len(try_extra()) > 0
    time.sleep(0.02)
st = stats(ctl)                 # the control socket is not capped
time.sleep(1.0)                 # the held clients wait
used = cpu_ticks() - c0
wall = time.monotonic() - t0
print("# max-clients 100: 100 held, 50 more refused; daemon CPU %d ticks "
      "(%d/s) in %.1f s of waiting" % (used, hz, wall))
if answered:
    bad += 1
    print("FAIL %d connections over the cap were answered" % answered)
if st.get("p0f3_refused") != "50" or st.get("p0f3_conns_now") != "100":
    bad += 1
    print("FAIL refused %s, open %s" % (st.get("p0f3_refused"),
                                        st.get("p0f3_conns_now")))
# A busy loop over the backlog would burn a whole CPU second per second.
if used > 0.2 * wall * hz:
    bad += 1
    print("FAIL the daemon spins: %d ticks in %.1f s" % (used, wall))
# The held ones are still served, and new ones once they have gone.
held[0].sendall(p0f3_query("::2"))
if len(recv_exact(held[0], P0F3_RLEN)) != P0F3_RLEN:
    bad += 1
    print("FAIL a held connection is no longer served")
for s in held:
    s.close()
deadline = time.monotonic() + 10
while stats(ctl)["p0f3_conns_now"] != "0" and time.monotonic() < deadline:
    time.sleep(0.05)
if len(try_extra()) != P0F3_RLEN:
    bad += 1
    print("FAIL not served again after the held clients left")
sys.exit(1 if bad else 0)
EOF
	fail "--max-clients checks failed"
echo ok
