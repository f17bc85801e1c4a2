#!/bin/sh
# t301: the daemon in compat mode against the real thing it replaces,
# amavisd-new's p0f-analyzer 1.502 fed by Debian's p0f 3.09b, on one pcap:
# one packet per sig of p0f.fp (client SYNs and server SYN+ACKs, IPv4 and
# IPv6), the stateful stories of synpcap.py state (uptime, host change,
# ip sharing, retransmissions: hosts seen several times) and the known
# loopback clients of t300. For EVERY subject of a SYN or SYN+ACK in the
# pcap the same "[IP]:PORT NONCE" goes to both (IPv6 alternately compressed
# and in p0f's uncompressed spelling) and the replies must be byte-identical;
# so must a set of odd queries (reply or silence alike).
. "$(dirname "$0")/lib.sh"
need_cmd python3
need_cmd perl
P0F=${P0F:-/usr/sbin/p0f}
PA=/usr/sbin/p0f-analyzer
FP=/etc/p0f/p0f.fp
[ -x "$P0F" ] && [ -f "$FP" ] || skip "p0f not installed"
[ -f "$PA" ] || skip "p0f-analyzer not installed (Debian package amavisd-new)"
TOOLS=$TOP/tests/tools

# The pcap: known clients last, so their answer says everything was read.
python3 "$TOOLS/synpcap.py" fromfp "$FP" "$TMP/fp.pcap" >/dev/null 2>&1 ||
	fail "synpcap fromfp failed"
python3 "$TOOLS/synpcap.py" state "$TMP/state.pcap" 2>/dev/null ||
	fail "synpcap state failed"
python3 "$TOOLS/svcpcap.py" known "$TMP/known.pcap" >/dev/null
python3 "$TOOLS/svcpcap.py" merge "$TMP/all.pcap" "$TMP/fp.pcap" \
    "$TMP/state.pcap" "$TMP/known.pcap"
python3 "$TOOLS/svcpcap.py" subjects "$TMP/all.pcap" >"$TMP/subjects"
n=$(wc -l <"$TMP/subjects")
[ "$n" -ge 300 ] || fail "only $n subjects in the pcap"

# shellcheck disable=SC2046 # two port numbers, split on purpose
set -- $(python3 "$TOOLS/svcq.py" ports udp 2)
P1=$1 P2=$2

# p0f-analyzer exits at EOF on its standard input: feed it through a FIFO
# that this shell keeps open (fd 3, read-write: no wait) until the end.
mkfifo "$TMP/feed"
exec 3<>"$TMP/feed"
perl -T "$PA" "127.0.0.1:$P1" <"$TMP/feed" >"$TMP/pa.log" 2>&1 &
APID=$!
track $APID
timeout 60 "$P0F" -r "$TMP/all.pcap" -f "$FP" >&3 2>"$TMP/p0f.err" ||
	fail "p0f failed: $(tail -3 "$TMP/p0f.err")"

"$ANALYZER" --compat -f "$FP" -r "$TMP/all.pcap" --udp "127.0.0.1:$P2" \
    >"$TMP/daemon.log" 2>&1 3>&- &
DPID=$!
track $DPID

ready() {
	python3 "$TOOLS/svcq.py" udp 127.0.0.1 "$1" '[127.0.0.7]:2525 r' 0.2 |
	    grep -q 'Windows XP'
}
wait_for 20 ready "$P1" || fail "p0f-analyzer not answering: $(tail -5 "$TMP/pa.log")"
wait_for 20 ready "$P2" || fail "daemon not answering: $(tail -5 "$TMP/daemon.log")"

P1=$P1 P2=$P2 SUBJ=$TMP/subjects PYTHONPATH=$TOOLS python3 - <<'EOF' ||
import ipaddress, os, sys
from svcq import udp_ask, udp_ask_many

p1, p2 = int(os.environ["P1"]), int(os.environ["P2"])
subjects = [l.split() for l in open(os.environ["SUBJ"])]
diff = nonempty = kinds_v6 = 0
seen_kinds = set()


def ask(port, q, timeout):
    # UDP on a loaded machine: a lost datagram or a busy Perl process is
    # not a difference, so ask again (the answer to a query is fixed).
    for _ in range(4):
        r = udp_ask("127.0.0.1", port, q, timeout=timeout)
        if r is not None:
            return r
    return None


def both(q, timeout=1.0):
    return (ask(p1, q, timeout), ask(p2, q, timeout))


for i, (ip, port, kind) in enumerate(subjects):
    a = ipaddress.ip_address(ip)
    if a.version == 6:
        kinds_v6 += 1
        # p0f's spelling (uncompressed, no leading zeros) every other time.
        if i % 2:
            ip = ":".join("%x" % int(g, 16) for g in a.exploded.split(":"))
    q = ("[%s]:%s n%05d" % (ip, port, i)).encode()
    ref, ours = both(q)
    if ref is None:
        print("p0f-analyzer did not answer %r" % q)
        sys.exit(1)
    if ref != ours:
        diff += 1
        if diff <= 20:
            print("DIFF %s %r\n  p0f-analyzer: %r\n  ours:         %r"
                  % (kind, q, ref, ours))
    elif ref[len(q) + 1:-2]:
        nonempty += 1
        seen_kinds.add(kind)

# Odd queries: the same reply, or silence from both.
odd = [
    b"[127.0.0.2]:025 x", b"[127.0.0.2]:0 x", b"[127.0.0.2]:040001 x",
    b"[::ffff:127.0.0.2]:40001 x", b"[IPv6:::ffff:127.0.0.2]:40001 x",
    b"[IPv6:::2]:40006 x", b"[IPV6:::2]:40006 x", b"[::0002]:40006 x",
    b"[0:0:0:0:0:0:0:2]:40006 x", b"[::ffff:7f00:2]:40001 x",
    b"[2001:DB8::6]:40021 x", b"[127.0.0.2]:40001 ",
    b"[127.0.0.2]:40001 a b  c", b"[127.0.0.2]:40001 a\x7f",
    b"[127.0.0.2]:40001 " + b"N" * 60, b"[127.0.0.002]:40001 x",
    b"[127.0.0.2]:40001 x\n", b"[127.0.0.2]:40001 x\r\n",
    b"[127.0.0.2]:40001 x\xff", b"[127.0.0.2]:99999 x",
    b"[localhost]:40003 x", b"127.0.0.2:40001 x", b"[127.0.0.2]:40001",
    b"[127.0.0.2]: x", b"[]:40001 x", b"[127.0.0.2]:4000a x",
]
odd_diff = 0
ref = udp_ask_many("127.0.0.1", p1, [(q, None) for q in odd], 0.5)
ours = udp_ask_many("127.0.0.1", p2, [(q, None) for q in odd], 0.5)
for q, r, o in zip(odd, ref, ours):
    if r != o:
        odd_diff += 1
        print("DIFF odd %r\n  p0f-analyzer: %r\n  ours:         %r"
              % (q, r, o))
print("# compared %d subjects (%d IPv6), %d with a result (%s), %d "
      "differ; %d odd queries, %d differ"
      % (len(subjects), kinds_v6, nonempty, "+".join(sorted(seen_kinds)),
         diff, len(odd), odd_diff))
if nonempty < len(subjects) // 2 or seen_kinds != {"syn", "syn+ack"}:
    print("too few non-empty answers: the comparison proves little")
    sys.exit(1)
sys.exit(1 if diff or odd_diff else 0)
EOF
	fail "replies differ from p0f-analyzer's"
kill -0 $APID 2>/dev/null || fail "p0f-analyzer died: $(tail -5 "$TMP/pa.log")"
kill -0 $DPID 2>/dev/null || fail "daemon died: $(tail -5 "$TMP/daemon.log")"
exec 3>&-
echo ok
