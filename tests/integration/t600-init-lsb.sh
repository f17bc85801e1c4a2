#!/bin/sh
# t600: the SysV/LSB script init/synprint.init really runs the daemon. A
# copy points DAEMON at the build tree and DEFAULTS at a temporary defaults
# file, which moves the runtime directory and pid file under $TMP; the
# daemon replays demo/syns.pcap and serves a p0f v3 socket and the control
# socket there (as root it drops to "nobody").
#  - start: pid file, process alive, serving what it read (control socket)
#    and, as root, running as nobody;
#  - status says running (0); start again keeps the same process;
#  - reload sends SIGHUP: the reloads counter goes 0 -> 1;
#  - restart gives a new process; a second daemon started by hand on the
#    same sockets refuses and the running one keeps them;
#  - stop ends it, the pid file is gone even though the daemon could not
#    remove it itself, status says 3;
#  - a configuration error (missing user) fails start with the reason on
#    the terminal, and the daemon itself refuses before detaching (exit 2).
. "$(dirname "$0")/lib.sh"
need_cmd start-stop-daemon
need_cmd python3
[ -r /lib/lsb/init-functions ] || skip "/lib/lsb/init-functions missing (sysvinit-utils)"

S=$TMP/synprint
RUN=$TMP/run
sed -e "s|^DAEMON=.*|DAEMON=$ANALYZER|" \
    -e "s|^DEFAULTS=.*|DEFAULTS=$TMP/default|" \
    "$TOP/init/synprint.init" >"$S"
chmod +x "$S"
if ! grep -q "^DAEMON=$ANALYZER\$" "$S" ||
    ! grep -q "^DEFAULTS=$TMP/default\$" "$S"; then
	fail "could not point the script copy at the build tree"
fi

user=""
if [ "$(id -u)" -eq 0 ]; then
	user="user nobody"
	uid=$(id -u nobody) || skip "no user nobody"
fi
cat >"$TMP/synprint.conf" <<EOF
# t600
read $TOP/demo/syns.pcap
p0f3 $RUN/p0f.sock
control $RUN/synprint.ctl
$user
EOF
cat >"$TMP/default" <<EOF
SYNPRINT_CONF="$TMP/synprint.conf"
SYNPRINT_OPTS="-f $TOP/rules/synprint.fp"
SYNPRINT_RUNDIR="$RUN"
EOF
PIDFILE=$RUN/synprint.pid
at_exit "'$S' stop"

CTL=$RUN/synprint.ctl

"$S" start >"$TMP/start.out" 2>&1 || fail "start failed: $(cat "$TMP/start.out")"
[ -s "$PIDFILE" ] || fail "no pid file after start"
pid=$(cat "$PIDFILE")
kill -0 "$pid" 2>/dev/null || fail "pid $pid from the pid file is not running"
track "$pid"
ctl_wait 10 "$CTL" packets -eq 48 ||
	fail "daemon did not replay the 48 demo frames (packets=$(ctl_stat "$CTL" packets))"
if [ -n "$user" ]; then
	uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
	assert_eq "daemon uids" "$uid $uid $uid $uid" "$uids"
fi

"$S" status >"$TMP/status.out" 2>&1 || fail "status: exit $?: $(cat "$TMP/status.out")"
grep -q "is running" "$TMP/status.out" || fail "status: $(cat "$TMP/status.out")"

"$S" start >"$TMP/start2.out" 2>&1 || fail "second start failed"
assert_eq "pid after a second start" "$pid" "$(cat "$PIDFILE")"
[ "$(pgrep -c -f "^$ANALYZER -C $TMP/synprint.conf")" = 1 ] ||
	fail "more than one daemon after a second start"

assert_eq "reloads before reload" 0 "$(ctl_stat "$CTL" reloads)"
"$S" reload >"$TMP/reload.out" 2>&1 || fail "reload failed: $(cat "$TMP/reload.out")"
ctl_wait 10 "$CTL" reloads -eq 1 ||
	fail "reload: reloads=$(ctl_stat "$CTL" reloads), expected 1"
assert_eq "reload failures" 0 "$(ctl_stat "$CTL" reload_failures)"
kill -0 "$pid" || fail "daemon gone after reload"

"$S" restart >"$TMP/restart.out" 2>&1 || fail "restart failed: $(cat "$TMP/restart.out")"
kill -0 "$pid" 2>/dev/null && fail "old daemon $pid still running after restart"
pid2=$(cat "$PIDFILE")
[ "$pid2" != "$pid" ] || fail "restart kept pid $pid"
track "$pid2"
ctl_wait 10 "$CTL" packets -eq 48 || fail "restarted daemon not serving"
assert_eq "reloads after restart" 0 "$(ctl_stat "$CTL" reloads)"

# A second daemon started by hand on the same sockets refuses, and the
# running one keeps them.
rc=0
"$ANALYZER" -C "$TMP/synprint.conf" -f "$TOP/rules/synprint.fp" \
    >"$TMP/second.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "a second daemon started on the same sockets"
grep -q "p0f.sock: in use by a running process" "$TMP/second.out" ||
	fail "second daemon: $(cat "$TMP/second.out")"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' \
    "$RUN/p0f.sock" || fail "the running daemon lost its p0f socket"
ctl_wait 10 "$CTL" packets -eq 48 ||
	fail "the running daemon lost its control socket"

"$S" stop >"$TMP/stop.out" 2>&1 || fail "stop failed: $(cat "$TMP/stop.out")"
kill -0 "$pid2" 2>/dev/null && fail "daemon $pid2 still running after stop"
[ ! -e "$PIDFILE" ] || fail "pid file left after stop"
rc=0
"$S" status >"$TMP/status2.out" 2>&1 || rc=$?
assert_eq "status exit when stopped" 3 "$rc"
"$S" stop >/dev/null 2>&1 || fail "stop of a stopped service must succeed"

# A configuration error: start fails and says why.
sed -i 's/^user .*//' "$TMP/synprint.conf"
echo "user synprint-t600-nosuchuser" >>"$TMP/synprint.conf"
rc=0
"$S" start >"$TMP/bad.out" 2>&1 || rc=$?
assert_eq "start exit with a missing user" 1 "$rc"
grep -q "no user synprint-t600-nosuchuser" "$TMP/bad.out" ||
	fail "start did not print the reason: $(cat "$TMP/bad.out")"
[ ! -e "$PIDFILE" ] || fail "pid file after a failed start"
# The daemon itself, detaching, refuses before the fork.
rc=0
"$ANALYZER" -C "$TMP/synprint.conf" -f "$TOP/rules/synprint.fp" -d \
    -P "$PIDFILE" 2>/dev/null || rc=$?
assert_eq "detaching daemon exit with a missing user" 2 "$rc"
[ ! -e "$PIDFILE" ] || fail "pid file written despite the missing user"
echo ok
