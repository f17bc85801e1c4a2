#!/bin/sh
# t305: bounded state under a flood of 1,000,000 SYNs from as many distinct
# sources (FLOOD_COUNT to change), replayed through a FIFO (-r) into a
# daemon with -m 16384,100000 --results 50000:
#  - all packets are processed; the tables end exactly full (hosts 100000,
#    results 50000) and every source beyond them was evicted and counted;
#  - the resident memory at 10% of the replay (tables already full) and at
#    100% differs by less than 4 MB: memory is taken at start-up, not per
#    source;
#  - the newest sources are answered (UDP per connection, p0f v3 per host),
#    the oldest are gone.
. "$(dirname "$0")/lib.sh"
need_cmd python3
TOOLS=$TOP/tests/tools
SVCQ="python3 $TOOLS/svcq.py"
N=${FLOOD_COUNT:-1000000}
HOSTS=100000
RESULTS=50000
[ "$N" -ge $((HOSTS * 10)) ] || fail "FLOOD_COUNT must be >= $((HOSTS * 10))"

t0=$(date +%s)
python3 "$TOOLS/svcpcap.py" flood "$TMP/flood.pcap" --count "$N"
size=$(wc -c <"$TMP/flood.pcap")
rec=$(((size - 24) / N))
[ $((24 + rec * N)) -eq "$size" ] || fail "records of unequal size"
t1=$(date +%s)

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

UPORT=$($SVCQ ports udp 1)
mkfifo "$TMP/feed"
"$ANALYZER" -r "$TMP/feed" -m 16384,$HOSTS --results $RESULTS \
    --udp "127.0.0.1:$UPORT" -s "$TMP/p0f3.sock" --control "$TMP/ctl" \
    >"$TMP/daemon.log" 2>&1 &
DPID=$!
track $DPID
# This shell holds the FIFO open (read-write: no wait for the daemon) so
# the daemon sees one stream; every write is bounded in time.
exec 3<>"$TMP/feed"
# The first 10%, then the memory, then the rest.
timeout 120 head -c $((24 + rec * (N / 10))) "$TMP/flood.pcap" >&3 ||
	fail "daemon not reading: $(tail -3 "$TMP/daemon.log")"
ctl_wait 60 "$TMP/ctl" packets -eq $((N / 10)) ||
	fail "first 10% not processed: $(tail -3 "$TMP/daemon.log")"
hosts10=$(ctl_stat "$TMP/ctl" hosts)
results10=$(ctl_stat "$TMP/ctl" results)
rss10=$(rss $DPID)
timeout 120 tail -c +$((24 + rec * (N / 10) + 1)) "$TMP/flood.pcap" >&3 ||
	fail "daemon stopped reading: $(tail -3 "$TMP/daemon.log")"
exec 3>&-
ctl_wait 120 "$TMP/ctl" packets -eq "$N" ||
	fail "flood not processed: $(tail -3 "$TMP/daemon.log")"
rss100=$(rss $DPID)
t2=$(date +%s)
C=$TMP/ctl

assert_eq "hosts at 10%" $HOSTS "$hosts10"
assert_eq "results at 10%" $RESULTS "$results10"
assert_eq "syn" "$N" "$(ctl_stat "$C" syn)"
assert_eq "decode_errors" 0 "$(ctl_stat "$C" decode_errors)"
assert_eq "hosts" $HOSTS "$(ctl_stat "$C" hosts)"
assert_eq "results" $RESULTS "$(ctl_stat "$C" results)"
# Every source and the one server took a host slot once.
assert_eq "host_evicted" $((N + 1 - HOSTS)) "$(ctl_stat "$C" host_evicted)"
assert_eq "results_evicted" $((N - RESULTS)) "$(ctl_stat "$C" results_evicted)"
assert_eq "connection_evicted" $((N - 16384)) \
    "$(ctl_stat "$C" connection_evicted)"
note "memory_bytes $(ctl_stat "$C" memory_bytes); VmRSS ${rss10} kB at 10%, ${rss100} kB at 100%"
d=$((rss100 - rss10))
[ ${d#-} -lt 4096 ] ||
	fail "resident memory grew by $d kB between 10% and 100% of the flood"

N=$N UPORT=$UPORT SOCK=$TMP/p0f3.sock PYTHONPATH=$TOOLS python3 - <<'EOF' ||
import ipaddress, os, sys
from svcq import p0f3_parse, p0f3_query, recv_exact, udp_ask, unix_connect

n, port, sock = int(os.environ["N"]), int(os.environ["UPORT"]), \
    os.environ["SOCK"]
base = int(ipaddress.IPv4Address("100.64.0.0"))
bad = 0


def ip(i):
    return str(ipaddress.IPv4Address(base + i))


def udp(i):
    q = ("[%s]:40000 f" % ip(i)).encode()
    r = udp_ask("127.0.0.1", port, q, timeout=1.0)
    return r[len(q) + 1:-2] if r else None


def v3(i):
    s = unix_connect(sock)
    s.sendall(p0f3_query(ip(i)))
    r = p0f3_parse(recv_exact(s, 232))
    s.close()
    return r["status"]


# Per connection: the newest 50,000 kept.
for i, known in ((n - 1, True), (n - 40000, True), (n - 60000, False),
                 (n // 2, False), (0, False)):
    r = udp(i)
    ok = r is not None and (r.startswith(b"Linux") if known else r == b"")
    print("%s udp source #%d (%s): %r" % ("ok  " if ok else "FAIL", i,
                                           ip(i), r[:40] if r else r))
    bad += not ok
# Per host: the newest 100,000 kept.
for i, st in ((n - 1, 0x10), (n - 90000, 0x10), (n - 110000, 0x20),
              (0, 0x20)):
    got = v3(i)
    print("%s v3 source #%d (%s): status 0x%02x" % (
        "ok  " if got == st else "FAIL", i, ip(i), got))
    bad += got != st
sys.exit(1 if bad else 0)
EOF
	fail "newest/oldest sources not as expected"
kill -0 $DPID || fail "daemon died"
note "generate ${N} SYNs: $((t1 - t0)) s; replay: $((t2 - t1)) s"
echo ok
