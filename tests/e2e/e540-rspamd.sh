#!/bin/sh
# e540: rspamd 3.4's p0f module asks synprint's p0f v3 socket, with rspamd's
# Redis cache on.
#  - a real kernel SYN from 192.0.2.10 (client netns) to 192.0.2.1 (server
#    netns, where the daemon captures on the veth) is fingerprinted;
#  - `rspamc -i 192.0.2.10` makes rspamd query the socket: the P0F_LINUX
#    pattern symbol carries the OS the daemon logged for that SYN, the
#    default P0F symbol the link and distance;
#  - rspamd stored the raw 232-byte answer in Redis (key p0f192.0.2.10) and a
#    second scan is answered from there: same symbols, no new socket query.
# Stock /etc/rspamd/rspamd.conf with a test LOCAL_CONFDIR (nothing under /etc
# changes); hyperscan's cache is kept in $E2E_CACHE/rspamd-hs between runs.
# Runtime: ~5 s with a warm hyperscan cache, 25-60 s cold (2 cores; the
# rspamd start-up time is printed).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/synhost.sh"
need_root "network namespaces, live capture"
need_cmd rspamd
need_cmd rspamc
need_cmd redis-server
need_cmd redis-cli
id _rspamd >/dev/null 2>&1 || skip "no _rspamd user"
E2E_CACHE=${E2E_CACHE:-/var/tmp/synprint-e2e}

SYNPORT=25401 NORMAL=25402 CONTROLLER=25403 REDIS=25404 PROXY=25405 NODNS=25406
ports_free $NORMAL $CONTROLLER $REDIS
chmod 755 "$TMP"		# rspamd (as _rspamd) reaches the socket in it
R=$TMP/rspamd
HS=$E2E_CACHE/rspamd-hs
mkdir -p "$R/local.d" "$R/override.d" "$R/db" "$R/run" "$R/log" "$HS"
chown _rspamd:_rspamd "$R/db" "$R/run" "$R/log" "$HS"

synhost_up
synhost_daemon $SYNPORT --p0f3 "$TMP/p0f3.sock" --control "$TMP/ctl.sock" \
    -o "$TMP/syn.log"

redis-server --port $REDIS --bind 127.0.0.1 --save '' --appendonly no \
    >"$TMP/redis.log" 2>&1 &
track $!

cat >"$R/override.d/p0f.conf" <<EOF
enabled = true;
socket = "$TMP/p0f3.sock";
timeout = 5s;
symbol = "P0F";
patterns {
  P0F_WINDOWS = "^Windows.*";
  P0F_LINUX = "^Linux.*";
}
expire = 600;
prefix = "p0f";
EOF
cat >"$R/local.d/redis.conf" <<EOF
servers = "127.0.0.1:$REDIS";
EOF
# Nothing leaves the machine: DNS goes to a loopback port of ours where
# nobody answers, so no name (RBLs, remote maps) ever resolves.
cat >"$R/local.d/options.inc" <<EOF
dns {
  nameserver = ["127.0.0.1:$NODNS"];
  timeout = 0.2s;
  retransmits = 1;
}
hs_cache_dir = "$HS/";
EOF
cat >"$R/local.d/fuzzy_check.conf" <<EOF
enabled = false;
EOF
cat >"$R/override.d/worker-normal.inc" <<EOF
bind_socket = "127.0.0.1:$NORMAL";
count = 1;
EOF
cat >"$R/override.d/worker-controller.inc" <<EOF
bind_socket = "127.0.0.1:$CONTROLLER";
EOF
cat >"$R/override.d/worker-proxy.inc" <<EOF
bind_socket = "127.0.0.1:$PROXY";
count = -1;
EOF
cat >"$R/override.d/logging.inc" <<EOF
type = "file";
filename = "$R/log/rspamd.log";
level = "info";
EOF

t0=$(date +%s)
rspamd -f -u _rspamd -g _rspamd -c /etc/rspamd/rspamd.conf \
    --var=LOCAL_CONFDIR="$R" --var=DBDIR="$R/db" --var=RUNDIR="$R/run" \
    --var=LOGDIR="$R/log" >"$TMP/rspamd.out" 2>&1 &
track $!
wait_for 150 rspamc -h 127.0.0.1:$CONTROLLER stat ||
	fail "rspamd not ready: $(tail -n 20 "$R/log/rspamd.log" "$TMP/rspamd.out")"
note "rspamd ready after $(( $(date +%s) - t0 )) s"
wait_for 10 redis-cli -p $REDIS ping || fail "redis not ready"

synhost_syn 192.0.2.1 $SYNPORT
wait_for 5 grep -q 'mod=syn|cli=192.0.2.10/' "$TMP/syn.log" ||
	fail "daemon saw no SYN from 192.0.2.10"
os=$(daemon_os "$TMP/syn.log" '192\.0\.2\.10')
case "$os" in Linux*) ;; *) fail "daemon says '$os' for a Linux SYN" ;; esac
note "daemon: 192.0.2.10 is $os"


printf 'From: sender@example.com\nTo: rcpt@example.test\nSubject: e540\nMessage-ID: <e540@example.com>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nhello\n' >"$TMP/msg.eml"
scan() {
	rspamc -h 127.0.0.1:$NORMAL -t 20 -i 192.0.2.10 -F sender@example.com \
	    -r rcpt@example.test symbols <"$TMP/msg.eml"
}

redis-cli -p $REDIS DEL p0f192.0.2.10 >/dev/null
q0=$(ctl_stat "$TMP/ctl.sock" p0f3_queries)
scan >"$TMP/scan1.txt" || fail "rspamc failed: $(cat "$TMP/scan1.txt")"
grep -E 'P0F' "$TMP/scan1.txt" || fail "no P0F symbol: $(cat "$TMP/scan1.txt")
$(grep -i p0f "$R/log/rspamd.log" | tail -n 5)"
grep -q "Symbol: P0F_LINUX ([^)]*)\[$os\]" "$TMP/scan1.txt" ||
	fail "P0F_LINUX does not carry '$os'"
grep -q 'Symbol: P0F ([^)]*)\[.*distance=0' "$TMP/scan1.txt" ||
	fail "P0F does not carry distance=0"
! grep -q P0F_FAIL "$TMP/scan1.txt" || fail "P0F_FAIL"
q1=$(ctl_stat "$TMP/ctl.sock" p0f3_queries)
[ "$q1" -gt "$q0" ] || fail "rspamd did not ask the socket ($q0 -> $q1)"

len=$(redis-cli -p $REDIS STRLEN p0f192.0.2.10)
assert_eq "cached answer length" 232 "$len"
ttl=$(redis-cli -p $REDIS TTL p0f192.0.2.10)
[ "$ttl" -gt 0 ] && [ "$ttl" -le 600 ] || fail "cache TTL $ttl"

scan >"$TMP/scan2.txt" || fail "second rspamc failed"
grep -q "Symbol: P0F_LINUX ([^)]*)\[$os\]" "$TMP/scan2.txt" ||
	fail "second scan: no P0F_LINUX [$os]: $(grep P0F "$TMP/scan2.txt")"
q2=$(ctl_stat "$TMP/ctl.sock" p0f3_queries)
assert_eq "socket queries after the cached scan" "$q1" "$q2"
kill -0 "$SH_DAEMON" || fail "daemon died"
note "p0f3 queries: $q0 -> $q1 -> $q2; total $(( $(date +%s) - t0 )) s"
echo ok
