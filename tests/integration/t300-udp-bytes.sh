#!/bin/sh
# t300: the amavisd p0f-analyzer UDP protocol of the daemon, byte for byte
# (shared/reference/mail-clients.md 1.2 and 1.5). The daemon replays a pcap
# of SYNs of known OSes from known loopback clients (IPv4 and IPv6, known
# ports), with p0f's database in compat mode, and listens on 127.0.0.1 and
# [::1]. Every reply is compared with the exact expected datagram:
# echo of QUERY and NONCE, the result, CRLF; empty results with their
# trailing space; the IPv4-mapped and "IPv6:" spellings; a 78-byte query
# cut to 64 bytes; the host-level extension forms. Every case p0f-analyzer
# 1.502 leaves unanswered must get no reply within 300 ms, including
# queries from a source port below 1024 or 2049 (root) and from 127.0.0.5
# (not allowed), while the daemon keeps answering.
. "$(dirname "$0")/lib.sh"
need_cmd python3
FP=/etc/p0f/p0f.fp
[ -f "$FP" ] || skip "p0f's database $FP missing (Debian package p0f)"
TOOLS=$TOP/tests/tools

python3 "$TOOLS/svcpcap.py" known "$TMP/known.pcap" >"$TMP/known.txt"
npk=$(wc -l <"$TMP/known.txt")
PORT=$(python3 "$TOOLS/svcq.py" ports udp 1)
"$ANALYZER" --compat -f "$FP" -r "$TMP/known.pcap" --udp "$PORT" \
    --control "$TMP/ctl" >"$TMP/daemon.log" 2>&1 &
DPID=$!
track $DPID
ctl_wait 10 "$TMP/ctl" packets -eq "$npk" ||
	fail "daemon did not replay $npk packets: $(cat "$TMP/daemon.log")"

PORT=$PORT PYTHONPATH=$TOOLS python3 - <<'EOF' || fail "UDP byte checks failed"
import os, sys
from svcq import udp_ask, udp_ask_many

port = int(os.environ["PORT"])
root = os.geteuid() == 0
XP = (b"Windows XP; dist: 0; link: Ethernet or modem; params: none; "
      b"raw_mtu: 1500; raw_sig: 4:128+0:0:1460:65535,0:mss,nop,nop,sok:"
      b"df,id+:0")
W7 = (b"Windows 7 or 8; dist: 0; link: Ethernet or modem; params: none; "
      b"raw_mtu: 1500; raw_sig: 4:128+0:0:1460:8192,2:mss,nop,ws,nop,nop,"
      b"sok:df,id+:0")
LX4 = (b"Linux 3.11 and newer; dist: 0; link: Ethernet or modem; "
       b"params: none; raw_mtu: 1500; raw_sig: 4:64+0:0:1460:mss*20,7:"
       b"mss,sok,ts,nop,ws:df,id+:0")
LX6 = (b"Linux 3.11 and newer; dist: 0; link: Ethernet or modem; "
       b"params: none; raw_mtu: 1500; raw_sig: 6:64+0:0:1440:mss*20,7:"
       b"mss,sok,ts,nop,ws::0")
bad = 0


def check(q, want, host="127.0.0.1", src=None):
    """WANT: the whole reply, or None for silence."""
    global bad
    got = udp_ask(host, port, q, src=src, timeout=1.0 if want else 0.3)
    if got != want:
        bad += 1
        print("FAIL %r (to %s from %s): want %r, got %r"
              % (q, host, src, want, got))
    else:
        print("ok   %r -> %r" % (q, got))


def answer(q, result):
    """p0f-analyzer's reply: QUERY NONCE RESULT CRLF, the query as sent."""
    return q + b" " + result + b"\r\n"


# Known connections, exact bytes (mail-clients.md 1.5).
check(b"[127.0.0.2]:40001 abc123", answer(b"[127.0.0.2]:40001 abc123", XP))
check(b"[127.0.0.3]:40002 abc123", answer(b"[127.0.0.3]:40002 abc123", W7))
check(b"[127.0.0.4]:40003 abc123", answer(b"[127.0.0.4]:40003 abc123", LX4))
check(b"[::2]:40006 abc123", answer(b"[::2]:40006 abc123", LX6))
# Spellings of the same IPv6 address, echoed exactly as sent.
check(b"[IPv6:::2]:40006 abc123", answer(b"[IPv6:::2]:40006 abc123", LX6))
check(b"[0:0:0:0:0:0:0:2]:40006 n", answer(b"[0:0:0:0:0:0:0:2]:40006 n",
                                           LX6))
check(b"[0000:0::0002]:40006 n", answer(b"[0000:0::0002]:40006 n", LX6))
# IPv4-mapped with a dotted quad is the IPv4 address; in hex it is not.
check(b"[::ffff:127.0.0.2]:40001 abc123",
      answer(b"[::ffff:127.0.0.2]:40001 abc123", XP))
check(b"[IPv6:::ffff:127.0.0.2]:40001 abc123",
      answer(b"[IPv6:::ffff:127.0.0.2]:40001 abc123", XP))
check(b"[::ffff:7f00:2]:40001 abc123",
      answer(b"[::ffff:7f00:2]:40001 abc123", b""))
# Empty results keep the space before the CRLF.
check(b"[127.0.0.9]:1234 abc123", b"[127.0.0.9]:1234 abc123 \r\n")
check(b"[127.0.0.4]:0 abc", b"[127.0.0.4]:0 abc \r\n")
check(b"[127.0.0.7]:2525 z", answer(b"[127.0.0.7]:2525 z", XP))
check(b"[127.0.0.7]:02525 z", b"[127.0.0.7]:02525 z \r\n")
check(b"[127.0.0.2]:025 z", b"[127.0.0.2]:025 z \r\n")
# Nonces: empty, with spaces, with DEL.
check(b"[127.0.0.4]:40003 ", b"[127.0.0.4]:40003  " + LX4 + b"\r\n")
check(b"[127.0.0.4]:40003 nonce with spaces",
      answer(b"[127.0.0.4]:40003 nonce with spaces", LX4))
check(b"[127.0.0.4]:40003 a\x7fb", answer(b"[127.0.0.4]:40003 a\x7fb", LX4))
# 78 bytes: only the first 64 are read, the cut nonce is echoed.
q78 = b"[127.0.0.2]:40001 " + b"N" * 60
assert len(q78) == 78
check(q78, answer(q78[:64], XP))
# Asked over IPv6 loopback.
check(b"[127.0.0.2]:40001 v6", answer(b"[127.0.0.2]:40001 v6", XP), "::1")
check(b"[::2]:40006 v6", answer(b"[::2]:40006 v6", LX6), "::1")

# Extension: "[IP] NONCE" and bare "IP NONCE" answer with the host's
# latest connection (127.0.0.6 was seen on 40010, 40011, 40012).
for host, last, os_ in ((b"127.0.0.6", b"40012", b"Windows 7 or 8; "),
                        (b"2001:db8::6", b"40021", b"Linux 3.11 and newer; ")):
    full = udp_ask("127.0.0.1", port, b"[" + host + b"]:" + last + b" n",
                   timeout=1.0)
    res = full[len(host) + len(last) + 6:-2] if full else b""
    if not res.startswith(os_):
        bad += 1
        print("FAIL no result for %r port %r: %r" % (host, last, full))
    check(b"[" + host + b"] n", answer(b"[" + host + b"] n", res))
    check(host + b" n", answer(host + b" n", res))
check(b"[127.0.0.9] n", b"[127.0.0.9] n \r\n")

# Silence: p0f-analyzer 1.502 sends nothing for these.
silent = [
    b"127.0.0.2:40001 x",               # bare address with a port
    b"[127.0.0.2]:40001 x\n",           # nonce ending in LF
    b"[127.0.0.2]:40001 x\r\n",         # nonce ending in CRLF
    b"[127.0.0.2]:40001 x\xff",         # nonce byte 0xff
    b"[127.0.0.2]:40001 x\ty",          # nonce with a TAB
    b"[127.0.0.2]:99999 x",             # port above 65535
    b"[127.0.0.2]:400011 x",            # six digits
    b"[127.0.0.2]: x",                  # empty port
    b"[localhost]:40003 x",             # a name
    b"[127.0.0.2]:40001",               # no space
    b"[127.0.0.2]:40001x",              # no space
    b" [127.0.0.2]:40001 x",            # empty query
    b"",                                # empty datagram
]
items = [(q, None) for q in silent]
items.append((b"[127.0.0.2]:40001 from-127.0.0.5", ("127.0.0.5", 0)))
denied = 1
if root:
    for p in (1000, 1023, 2049):
        items.append((b"[127.0.0.2]:40001 sport", ("127.0.0.1", p)))
        denied += 1
else:
    print("# not root: source ports below 1024 not tried")
got = udp_ask_many("127.0.0.1", port, items, timeout=0.3)
for (q, src), g in zip(items, got):
    if g is not None:
        bad += 1
        print("FAIL %r from %s answered: %r" % (q, src, g))
    else:
        print("ok   %r from %s: silent" % (q, src))
# The neighbours of the refused source ports are served.
for p in (1024, 2048, 2050):
    check(b"[127.0.0.2]:40001 p", answer(b"[127.0.0.2]:40001 p", XP),
          src=("127.0.0.1", p))
# A burst from 240 sockets at once: the daemon reads up to 16 datagrams a
# call and sends a read's replies together (sendmmsg); each reply must
# reach its own asker, whole, with silent queries among them.
kinds = [(b"[127.0.0.2]:40001 b%d", XP), (b"[127.0.0.3]:40002 b%d", W7),
         (b"[127.0.0.4]:40003 b%d", LX4), (b"[::2]:40006 b%d", LX6),
         (b"[127.0.0.9]:1234 b%d", b""), (b"[127.0.0.2]:40001b%d", None)]
burst = []
for i in range(240):
    q, res = kinds[i % len(kinds)]
    q = q % i
    burst.append((q, None if res is None else answer(q, res)))
got = udp_ask_many("127.0.0.1", port, [(q, None) for q, _ in burst],
                   timeout=1.0)
wrong = [(q, w, g) for (q, w), g in zip(burst, got) if g != w]
for q, w, g in wrong[:5]:
    print("FAIL burst %r: want %r, got %r" % (q, w, g))
if wrong:
    bad += 1
    print("FAIL burst: %d of %d replies wrong" % (len(wrong), len(burst)))
else:
    print("ok   burst: %d queries, every reply to its asker" % len(burst))
# Still alive and answering after all that.
check(b"[127.0.0.3]:40002 last", answer(b"[127.0.0.3]:40002 last", W7))
sys.exit(1 if bad else 0)
EOF

if [ "$(id -u)" -eq 0 ]; then denied=4; else denied=1; fi
assert_eq "udp_denied" "$denied" "$(ctl_stat "$TMP/ctl" udp_denied)"
assert_eq "udp_bad (silent malformed queries)" 53 \
    "$(ctl_stat "$TMP/ctl" udp_bad)"
known=$(ctl_stat "$TMP/ctl" udp_known)
[ "$known" -ge 20 ] || fail "udp_known $known < 20"
note "$(ctl_stats "$TMP/ctl" | grep -E '^udp_' | tr '\n' ' ')"

kill -TERM $DPID
rc=0
wait $DPID || rc=$?
assert_eq "exit status after SIGTERM" 0 "$rc"
echo ok
