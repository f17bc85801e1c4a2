#!/bin/sh
# t200: synprint-query against the real peers it must interoperate with.
#
# 1. amavisd-new's p0f-analyzer 1.502 (/usr/sbin/p0f-analyzer) on a free
#    loopback UDP port, fed with what `p0f -r` prints for a pcap of SYNs of
#    known OSes from known loopback clients (tests/tools/synpcap.py; IPv4
#    and IPv6). The printed RESULT of each known connection must be exactly
#    p0f-analyzer's (mail-clients.md 1.5), exit 0; an IPv4-mapped address
#    asks for the IPv4 one; JSON carries the same result; an unknown port
#    and the port-less form (always empty from 1.502) exit 1 with nothing
#    printed; the --udp spellings PORT and localhost:PORT work; a port
#    nobody listens on exits 2 at once with a message.
# 2. Real p0f 3.09b's v3 API (root: live capture on lo): a real TCP
#    connection to a listening port, then `synprint-query --p0f3 SOCK
#    127.0.0.1` exits 0 and prints the OS that p0f itself logged for that
#    client ("Linux ..."), with " (generic)" when p0f's params say generic,
#    dates in UTC within a minute of now; JSON agrees; an address p0f never
#    saw exits 1 (IPv4 and IPv6); a socket path nobody listens on exits 2.
. "$(dirname "$0")/lib.sh"
need_cmd python3
need_cmd perl
need_cmd p0f
AN=/usr/sbin/p0f-analyzer
[ -f "$AN" ] || skip "$AN missing (Debian package amavisd-new)"
[ -x "$QUERY" ] || fail "$QUERY not built (make -C analyzer)"

TOOLS=$TOP/tests/tools

# ---------------------------------------------------------------------------
# 1. p0f-analyzer.

python3 - "$TOP/tests/tools" "$TMP/syns.pcap" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import synpcap as s
w = s.PcapWriter(sys.argv[2], s.DLT_EN10MB)
t = (s.EPOCH + 10) * 1000000
# Windows XP: 4:128+0:0:1460:65535,0:mss,nop,nop,sok:df,id+:0
p = s.Syn(src="127.0.0.2", dst="127.0.0.1", sport=40001, dport=25,
          ttl=128, win=65535, ipid=0x1234)
p.opts = s.build_options([2, 1, 1, 4], 0, 1460, 0, 0, 0, 0, 0)
w.write(t, s.link_wrap(s.DLT_EN10MB, p.build()))
# Linux 3.11 and newer over IPv6.
q = s.linux_syn("::2", 40006, 123456, ver=6, mss=1440, dst="::1")
w.write(t + 1000, s.link_wrap(s.DLT_EN10MB, q.build()))
w.close()
EOF
p0f -r "$TMP/syns.pcap" >"$TMP/p0f.out" 2>&1 || fail "p0f -r failed"
grep -q 'os *= Windows XP' "$TMP/p0f.out" ||
	fail "p0f did not see Windows XP in the generated pcap"

UPORT=$(python3 "$TOOLS/svcq.py" ports udp 1)
mkfifo "$TMP/feed"
# p0f-analyzer exits at EOF on its input: the write end stays open in
# this shell (fd 3) until the script ends.
perl -T "$AN" "127.0.0.1:$UPORT" <"$TMP/feed" >"$TMP/analyzer.log" 2>&1 &
track $!
exec 3>"$TMP/feed"
cat "$TMP/p0f.out" >&3

XP='Windows XP; dist: 0; link: Ethernet or modem; params: none; raw_mtu: 1500; raw_sig: 4:128+0:0:1460:65535,0:mss,nop,nop,sok:df,id+:0'
LX6='Linux 3.11 and newer; dist: 0; link: Ethernet or modem; params: none; raw_mtu: 1500; raw_sig: 6:64+0:0:1440:mss*20,7:mss,sok,ts,nop,ws::0'

wait_for 10 "$QUERY" -t 200 --udp "127.0.0.1:$UPORT" 127.0.0.2 40001 ||
	fail "p0f-analyzer never answered: $(cat "$TMP/analyzer.log")"

q xp 0 --udp "127.0.0.1:$UPORT" 127.0.0.2 40001
assert_eq "Windows XP result" "$XP" "$(cat "$TMP/xp")"
q lx6 0 --udp "127.0.0.1:$UPORT" ::2 40006
assert_eq "IPv6 Linux result" "$LX6" "$(cat "$TMP/lx6")"
q lx6b 0 --udp "127.0.0.1:$UPORT" '[0:0:0:0:0:0:0:2]' 40006
assert_eq "IPv6 in brackets, uncompressed" "$LX6" "$(cat "$TMP/lx6b")"
q mapped 0 --udp "127.0.0.1:$UPORT" ::ffff:127.0.0.2 40001
assert_eq "IPv4-mapped address" "$XP" "$(cat "$TMP/mapped")"
q bare 0 --udp "$UPORT" 127.0.0.2 40001
assert_eq "--udp PORT" "$XP" "$(cat "$TMP/bare")"
if getent hosts localhost | grep -q '127\.0\.0\.1'; then
	q lh 0 --udp "localhost:$UPORT" 127.0.0.2 40001
	assert_eq "--udp localhost:PORT" "$XP" "$(cat "$TMP/lh")"
fi

q json 0 --json --udp "127.0.0.1:$UPORT" 127.0.0.2 40001
XP="$XP" python3 - "$TMP/json" <<'EOF' || fail "JSON answer: $(cat "$TMP/json")"
import json, os, sys
j = json.load(open(sys.argv[1]))
want = {"address": "127.0.0.2", "port": 40001, "query": "[127.0.0.2]:40001",
        "found": True, "result": os.environ["XP"]}
assert j == want, j
EOF

q unknown 1 --udp "127.0.0.1:$UPORT" 127.0.0.2 40099
assert_eq "stdout for an unknown connection" "" "$(cat "$TMP/unknown")"
# p0f-analyzer 1.502 answers the port-less form with an empty result.
q hostform 1 --udp "127.0.0.1:$UPORT" 127.0.0.2
assert_eq "stdout for the port-less form" "" "$(cat "$TMP/hostform")"
q ujson 1 -j --udp "127.0.0.1:$UPORT" 127.0.0.9 1234
python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["found"] is False and j["result"] == "" and j["port"] == 1234, j
' "$TMP/ujson" || fail "JSON for unknown: $(cat "$TMP/ujson")"

# Nothing listening: an ICMP port unreachable, so exit 2 long before -t.
DEAD=$(python3 "$TOOLS/svcq.py" ports udp 1)
t0=$(date +%s)
q dead 2 -t 5000 --udp "127.0.0.1:$DEAD" 127.0.0.2 40001
[ $(( $(date +%s) - t0 )) -lt 4 ] || fail "refused port waited for -t"
grep -q 'nothing listening' "$TMP/dead.err" ||
	fail "message for a refused port: $(cat "$TMP/dead.err")"
note "p0f-analyzer: all checks passed"

# ---------------------------------------------------------------------------
# 2. p0f 3.09b's v3 API on a live capture.

[ "$(id -u)" -eq 0 ] || skip "p0f v3 part needs root (p0f-analyzer part passed)"
TPORT=$(python3 "$TOOLS/svcq.py" ports tcp 1)
SOCK=$TMP/p0f.sock
p0f -i lo -s "$SOCK" "tcp and dst port $TPORT" >"$TMP/p0f-live.log" 2>&1 &
track $!
# p0f opens the capture before it creates the API socket.
wait_for 10 test -S "$SOCK" ||
	fail "p0f created no API socket: $(cat "$TMP/p0f-live.log")"

python3 - "$TPORT" <<'EOF' || fail "TCP connection on lo failed"
import socket, sys, time
port = int(sys.argv[1])
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
cli = socket.create_connection(("127.0.0.1", port), timeout=5)
conn, _ = srv.accept()
time.sleep(0.1)
for s in (cli, conn, srv):
    s.close()
EOF
now=$(date +%s)
wait_for 5 "$QUERY" -t 200 --p0f3 "$SOCK" 127.0.0.1 ||
	fail "p0f has no answer for 127.0.0.1: $(cat "$TMP/p0f-live.log")"

# What p0f itself logged for the client: "os = NAME FLAVOR", params.
os=$(sed -n 's/^| os *= //p' "$TMP/p0f-live.log" | head -n 1)
params=$(sed -n 's/^| params *= //p' "$TMP/p0f-live.log" | head -n 1)
case "$os" in
Linux*) ;;
*) fail "p0f itself did not log a Linux client: $(cat "$TMP/p0f-live.log")" ;;
esac
want="$os"
case "$params" in *generic*) want="$want (generic)" ;; esac
case "$params" in *fuzzy*) want="$want (fuzzy)" ;; esac

q v3 0 --p0f3 "$SOCK" 127.0.0.1
assert_eq "Detected OS" "Detected OS   = $want" \
    "$(grep '^Detected OS' "$TMP/v3")"
grep -q '^Distance      = 0$' "$TMP/v3" || fail "distance: $(cat "$TMP/v3")"
grep -Eq '^Total flows   = [1-9][0-9]*$' "$TMP/v3" ||
	fail "total flows: $(cat "$TMP/v3")"
for l in 'First seen' 'Last update'; do
	grep -Eq "^$l *= [0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\$" \
	    "$TMP/v3" || fail "$l line: $(cat "$TMP/v3")"
done

q v3j 0 --json --p0f3 "$SOCK" 127.0.0.1
OS="$os" NOW=$now FIRST="$(sed -n 's/^First seen *= //p' "$TMP/v3")" \
    python3 - "$TMP/v3j" <<'EOF' || fail "v3 JSON: $(cat "$TMP/v3j")"
import calendar, json, os, sys, time
j = json.load(open(sys.argv[1]))
assert j["status"] == "ok" and j["address"] == "127.0.0.1", j
assert (j["os_name"] + " " + j["os_flavor"]).strip() == os.environ["OS"], j
assert j["distance"] == 0 and j["total_conn"] >= 1, j
now = int(os.environ["NOW"])
assert abs(j["first_seen"] - now) <= 60, (j["first_seen"], now)
# The text date is the same instant in UTC.
t = calendar.timegm(time.strptime(os.environ["FIRST"], "%Y/%m/%d %H:%M:%S"))
assert t == j["first_seen"], (t, j["first_seen"])
EOF

q v3u 1 --p0f3 "$SOCK" 127.0.0.99
assert_eq "stdout for an address p0f never saw" "" "$(cat "$TMP/v3u")"
q v3u6 1 --p0f3 "$SOCK" 2001:db8::99
q v3uj 1 -j --p0f3 "$SOCK" 127.0.0.99
assert_eq "JSON for no match" '{"address":"127.0.0.99","status":"nomatch"}' \
    "$(cat "$TMP/v3uj")"
q v3dead 2 --p0f3 "$TMP/nobody.sock" 127.0.0.1
note "p0f v3 API: all checks passed"
