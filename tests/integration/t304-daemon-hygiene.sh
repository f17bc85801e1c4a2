#!/bin/sh
# t304: the daemon as a system service (root).
#  1. Live capture: in a server network namespace joined to a client one by
#     a veth pair, the daemon captures the kernel's real SYNs to port 25
#     (IPv4 and IPv6), running as nobody, and answers for them over UDP
#     (p0f-analyzer protocol) and the p0f v3 API. /proc/PID/status shows
#     the drop: every Uid/Gid field is nobody's, Groups only nobody's
#     group, NoNewPrivs 1, no capability left.
#  2. --chroot to an empty directory (as nobody): /proc/PID/root is that
#     directory; SIGHUP reloads the signatures inside the chroot; a broken
#     signature file keeps the loaded ones (reload_failures 1, "file:line"
#     in the log, queries still answered); the fixed file reloads.
#  3. SIGTERM: exit status 0, the sockets closed.
#  4. -n: a broken configuration or signature file prints file:line and
#     exits 2; a good one exits 0.
#  5. -d -P: detaches (own session) once ready, writes its pid file,
#     serves, removes the pid file at SIGTERM; a start that fails (port
#     taken) exits non-zero and says why on the terminal.
. "$(dirname "$0")/lib.sh"
need_root "network namespaces, privilege drop"
need_cmd ip
need_cmd python3
id nobody >/dev/null 2>&1 || skip "no user nobody"
FP=/etc/p0f/p0f.fp
[ -f "$FP" ] || skip "p0f's database $FP missing (Debian package p0f)"
TOOLS=$TOP/tests/tools
SVCQ="python3 $TOOLS/svcq.py"
NUID=$(id -u nobody)
NGID=$(id -g nobody)
# nobody must reach the signature file (reloads) through $TMP.
chmod 755 "$TMP"

# Checks /proc/$1/status for a complete, verified drop to nobody.
check_dropped() {
	s=/proc/$1/status
	[ -r "$s" ] || fail "no process $1"
	for f in Uid Gid; do
		want=$NUID; [ $f = Gid ] && want=$NGID
		line=$(sed -n "s/^$f:[[:space:]]*//p" "$s" | tr -s ' \t' '  ')
		assert_eq "$2: $f" "$want $want $want $want" "$line"
	done
	assert_eq "$2: Groups" "$NGID" "$(sed -n 's/^Groups:[[:space:]]*//p' "$s" | tr -d ' \t')"
	assert_eq "$2: NoNewPrivs" 1 "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' "$s")"
	for c in CapInh CapPrm CapEff CapAmb; do
		v=$(sed -n "s/^$c:[[:space:]]*//p" "$s")
		[ -z "$v" ] || assert_eq "$2: $c" 0000000000000000 "$v"
	done
}

# ---- 1. live capture in a network namespace, as nobody ----------------
tag=sp304$$
srv=$tag-s
cli=$tag-c
at_exit "ip netns del $srv"
at_exit "ip netns del $cli"
. "$TOP/tests/tools/netns.sh"
netns_pair "$srv" "$cli" "$tag-a" "$tag-b" 10.231.9.1/24 10.231.9.2/24 \
    fd00:5167:9::1/64 fd00:5167:9::2/64 || fail "network namespaces"

# The SMTP port: a listener that accepts and closes.
netns_listen "$srv" 25
track $!

UPORT=2345
ip netns exec "$srv" "$ANALYZER" -i "$tag-a" --udp "$UPORT" \
    -s "$TMP/live.p0f3" --control "$TMP/live.ctl" -u nobody \
    >"$TMP/live.log" 2>&1 &
LIVE=$!
track $LIVE
wait_for 10 grep -q ready "$TMP/live.log" ||
	fail "live daemon not ready: $(cat "$TMP/live.log")"
check_dropped $LIVE "live"

# Real kernel SYNs from the client namespace, after the drop.
netns_connect "$cli" 25 3 10.231.9.1 fd00:5167:9::1 >"$TMP/conns" ||
	fail "client connections failed"
ctl_wait 10 "$TMP/live.ctl" syn -ge 6 ||
	fail "the live daemon saw fewer than 6 SYNs: $(ctl_stats "$TMP/live.ctl")"
while read -r a p; do
	r=$(ip netns exec "$srv" $SVCQ udp 127.0.0.1 "$UPORT" "[$a]:$p live" 1) ||
		fail "no UDP answer for [$a]:$p"
	case "$r" in
	"b'[$a]:$p live Linux "*"\\r\\n'") note "udp [$a]:$p: ok" ;;
	*) fail "[$a]:$p: unexpected answer $r" ;;
	esac
done <"$TMP/conns"
SOCK=$TMP/live.p0f3 PYTHONPATH=$TOOLS python3 -c '
import os, sys
from svcq import p0f3_parse, p0f3_query, recv_exact, unix_connect
for ip in ("10.231.9.2", "fd00:5167:9::2"):
    s = unix_connect(os.environ["SOCK"])
    s.sendall(p0f3_query(ip))
    r = p0f3_parse(recv_exact(s, 232))
    s.close()
    if r["status"] != 0x10 or r["os_name"] != "Linux" or r["total_conn"] != 3:
        sys.exit("v3 %s: %r" % (ip, r))
    print("# v3 %s: %s %s, %d connections" % (ip, r["os_name"],
                                              r["os_flavor"], r["total_conn"]))
' || fail "p0f v3 answers for the live clients"

# ---- 3. SIGTERM ----------------------------------------------------------
kill -TERM $LIVE
rc=0
wait $LIVE || rc=$?
assert_eq "live daemon exit status after SIGTERM" 0 "$rc"
ip netns exec "$srv" $SVCQ udp 127.0.0.1 "$UPORT" "[10.231.9.2]:1 x" 0.3 \
    >/dev/null && fail "UDP still answered after SIGTERM"
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except (ConnectionRefusedError, FileNotFoundError):
    sys.exit(0)
sys.exit(1)' "$TMP/live.p0f3" || fail "v3 socket still accepts after SIGTERM"

# ---- 2. chroot, reloads ----------------------------------------------------
mkdir -m 755 "$TMP/empty" "$TMP/db"
cp "$FP" "$TMP/db/p0f.fp"
chmod 644 "$TMP/db/p0f.fp"
python3 "$TOOLS/svcpcap.py" known "$TMP/known.pcap" >/dev/null
UPORT2=$($SVCQ ports udp 1)
"$ANALYZER" --compat -f "$TMP/db/p0f.fp" -r "$TMP/known.pcap" \
    --udp "127.0.0.1:$UPORT2" -s "$TMP/ch.p0f3" --control "$TMP/ch.ctl" \
    -u nobody --chroot "$TMP/empty" >"$TMP/ch.log" 2>&1 &
CH=$!
track $CH
ctl_wait 10 "$TMP/ch.ctl" packets -eq 10 ||
	fail "chrooted daemon: $(cat "$TMP/ch.log")"
check_dropped $CH "chroot"
assert_eq "chroot: /proc/PID/root" "$TMP/empty" "$(readlink /proc/$CH/root)"
xp() {
	$SVCQ udp 127.0.0.1 "$UPORT2" "[127.0.0.2]:40001 $1" 1 | grep -q "Windows XP"
}
xp before || fail "chrooted daemon does not answer"

kill -HUP $CH
ctl_wait 10 "$TMP/ch.ctl" reloads -eq 1 ||
	fail "no reload inside the chroot: $(tail -3 "$TMP/ch.log")"
printf '[tcp:request]\nlabel = s:unix:Broken:1\nsig = 4:64:0:*:nonsense\n' \
    >>"$TMP/db/p0f.fp"
badline=$(wc -l <"$TMP/db/p0f.fp")
kill -HUP $CH
ctl_wait 10 "$TMP/ch.ctl" reload_failures -eq 1 ||
	fail "broken file not refused: $(tail -3 "$TMP/ch.log")"
grep -q "p0f.fp:$badline" "$TMP/ch.log" ||
	fail "no file:line ($badline) in the log: $(tail -3 "$TMP/ch.log")"
assert_eq "reloads after the failure" 1 "$(ctl_stat "$TMP/ch.ctl" reloads)"
xp after-failure || fail "no answer with the old database kept"
cp "$FP" "$TMP/db/p0f.fp"
kill -HUP $CH
ctl_wait 10 "$TMP/ch.ctl" reloads -eq 2 || fail "fixed file not reloaded"
xp after-fix || fail "no answer after the fixed reload"
note "chroot: $(ctl_stats "$TMP/ch.ctl" | grep -E '^reload' | tr '\n' ' ')"
grep -m1 "p0f.fp:$badline" "$TMP/ch.log" | sed 's/^/# log: /'
kill -TERM $CH
rc=0
wait $CH || rc=$?
assert_eq "chrooted daemon exit status after SIGTERM" 0 "$rc"
$SVCQ udp 127.0.0.1 "$UPORT2" "[127.0.0.2]:40001 x" 0.3 >/dev/null &&
	fail "UDP still answered after SIGTERM"

# ---- 4. -n -----------------------------------------------------------------
printf 'udp 2345\n# a comment\nmax-clients many\n' >"$TMP/bad.conf"
rc=0
"$ANALYZER" -n -C "$TMP/bad.conf" -r "$TMP/known.pcap" 2>"$TMP/n.err" || rc=$?
assert_eq "-n with a broken config: exit" 2 "$rc"
grep -q "bad.conf:3:" "$TMP/n.err" || fail "-n: no file:line: $(cat "$TMP/n.err")"
printf 'udp 2345\nnosuchsetting 1\n' >"$TMP/bad2.conf"
rc=0
"$ANALYZER" -n -C "$TMP/bad2.conf" -r "$TMP/known.pcap" 2>"$TMP/n2.err" || rc=$?
assert_eq "-n with an unknown setting: exit" 2 "$rc"
grep -q "bad2.conf:2:" "$TMP/n2.err" || fail "-n: no file:line: $(cat "$TMP/n2.err")"
cp "$FP" "$TMP/bad.fp"
printf '[tcp:request]\nlabel = s:unix:Broken:1\nsig = 4:64:0:*:nonsense\n' \
    >>"$TMP/bad.fp"
rc=0
"$ANALYZER" -n -f "$TMP/bad.fp" -r "$TMP/known.pcap" --udp 2345 \
    2>"$TMP/n3.err" || rc=$?
assert_eq "-n with a broken signature file: exit" 2 "$rc"
grep -q "bad.fp:$(wc -l <"$TMP/bad.fp"):" "$TMP/n3.err" ||
	fail "-n: no file:line for the signatures: $(cat "$TMP/n3.err")"
printf 'udp 2345\nsignatures %s\nread %s\n' "$FP" "$TMP/known.pcap" \
    >"$TMP/good.conf"
"$ANALYZER" -n -C "$TMP/good.conf" 2>"$TMP/n4.err" ||
	fail "-n with a good config failed: $(cat "$TMP/n4.err")"

# ---- 5. -d -P ----------------------------------------------------------------
UPORT3=$($SVCQ ports udp 1)
"$ANALYZER" -d -P "$TMP/d.pid" --compat -f "$FP" -r "$TMP/known.pcap" \
    --udp "127.0.0.1:$UPORT3" --control "$TMP/d.ctl" >"$TMP/d.out" 2>&1 ||
	fail "-d: the starting process failed: $(cat "$TMP/d.out")"
[ -s "$TMP/d.pid" ] || fail "-d -P: no pid file"
DP=$(cat "$TMP/d.pid")
track "$DP"
kill -0 "$DP" || fail "-d: pid $DP from the pid file is not running"
sid=$(sed 's/.*) //' "/proc/$DP/stat" | cut -d' ' -f4)
assert_eq "-d: own session (setsid)" "$DP" "$sid"
ctl_wait 10 "$TMP/d.ctl" packets -eq 10 || fail "-d: detached daemon not serving"
$SVCQ udp 127.0.0.1 "$UPORT3" "[127.0.0.2]:40001 d" 1 | grep -q "Windows XP" ||
	fail "-d: no answer"
# A second one on the same port fails, and says why on the terminal.
rc=0
"$ANALYZER" -d -P "$TMP/d2.pid" --compat -f "$FP" -r "$TMP/known.pcap" \
    --udp "127.0.0.1:$UPORT3" >"$TMP/d2.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "-d: a second daemon on a taken port started"
grep -q "127.0.0.1:$UPORT3: address already in use" "$TMP/d2.out" ||
	fail "-d: start-up error not shown: $(cat "$TMP/d2.out")"
[ ! -e "$TMP/d2.pid" ] || fail "-d: pid file of a failed start"
kill -TERM "$DP"
wait_for 10 sh -c "! kill -0 $DP 2>/dev/null" || fail "-d: did not stop"
[ ! -e "$TMP/d.pid" ] || fail "-d: pid file left after SIGTERM"
echo ok
