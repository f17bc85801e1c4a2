# Helpers for the e54x end-to-end tests (source after ../integration/lib.sh).
# Not a test itself: tests/run.sh runs only tests/e2e/e*.sh.
#
# synhost_up: two network namespaces joined by a veth pair, nothing in the
# root namespace changes:
#   "server" $SH_SRV: 192.0.2.1/24 and 2001:db8::1/64 on $SH_IF
#   "client" $SH_CLI: 192.0.2.10/24 and 2001:db8::10/64
# synhost_daemon PORT ARGS...: synprint-analyzer inside the server namespace,
# capturing on the veth with the filter "tcp dst port PORT", plus ARGS
# (services, log file); waits for "ready". Unix sockets live in the file
# system, so mail software in the root namespace reaches them.
# synhost_syn ADDR PORT: the client's kernel connects to ADDR:PORT on the
# server side (a listener there accepts), i.e. one real SYN is captured.
# daemon_os LOG CLIENT-REGEX: the OS the daemon logged for that client.
# (ctl_stat SOCKET NAME comes from ../integration/lib.sh.)
# ports_free PORT...: fail if something already listens on one of them.

synhost_up() {
	need_root "network namespaces"
	need_cmd ip
	need_cmd python3
	SH_TAG=sh$$
	SH_SRV=$SH_TAG-s
	SH_CLI=$SH_TAG-c
	SH_IF=$SH_TAG-a
	at_exit "ip netns del $SH_SRV"
	at_exit "ip netns del $SH_CLI"
	. "$TOP/tests/tools/netns.sh"
	netns_pair "$SH_SRV" "$SH_CLI" "$SH_IF" "$SH_TAG-b" 192.0.2.1/24 \
	    192.0.2.10/24 2001:db8::1/64 2001:db8::10/64 || fail "ip netns"
}

synhost_daemon() {
	_port=$1; shift
	ip netns exec "$SH_SRV" "$ANALYZER" -i "$SH_IF" "$@" \
	    "tcp dst port $_port" >"$TMP/daemon.err" 2>&1 &
	SH_DAEMON=$!
	track $SH_DAEMON
	wait_for 10 grep -q ': ready$' "$TMP/daemon.err" ||
		fail "daemon not ready: $(cat "$TMP/daemon.err")"
	# A listener that accepts and closes, so the connect completes.
	netns_listen "$SH_SRV" "$_port" >"$TMP/listener.log" 2>&1
	track $!
	wait_for 10 netns_listening "$SH_SRV" "$_port" ||
		fail "listener did not start"
}

synhost_syn() {
	netns_connect "$SH_CLI" "$2" 1 "$1" >/dev/null ||
		fail "connect to $1 port $2 failed"
}

# daemon_os LOGFILE CLIENT: the OS the daemon logged for CLIENT's SYN
# ("Linux 6.16 and newer"); CLIENT as in the log (IPv6 uncompressed).
daemon_os() {
	sed -n "s/.*mod=syn|cli=$2\/[0-9]*|.*|os=\([^|]*\)|.*/\1/p" "$1" | tail -n 1
}


# ports_free PORT...: fail unless no TCP socket listens on these ports (a
# leftover server would otherwise answer in place of the one started here).
ports_free() {
	for _p in "$@"; do
		! ss -Hlnt "sport = :$_p" | grep -q . ||
			fail "tcp port $_p is already in use"
	done
}
