# Helpers for the end-to-end mail tests; source after ../integration/lib.sh.
# shellcheck shell=sh
# Each test gets a private network namespace that has only loopback, so
# the mail software can use its standard ports, nothing else on the machine
# sees the traffic, and synprint-analyzer captures exactly our SYNs.

# mn_netns TAG: create namespace "synprint-TAG-PID" with lo up (name in NS);
# it is deleted at exit. NSX is the command prefix running a program in it;
# start background programs as "$NSX prog &" (not through a function), so
# that $! is the program itself and can be tracked.
mn_netns() {
	need_root "network namespace and live capture"
	need_cmd ip
	need_cmd python3
	NS=synprint-$1-$$
	NSX="ip netns exec $NS"
	ip netns add "$NS" 2>/dev/null || skip "cannot create a network namespace"
	at_exit "ip netns del $NS"
	ip netns exec "$NS" ip link set lo up || fail "cannot bring up lo in $NS"
}

# nsx CMD...: run CMD inside the namespace (in the foreground).
nsx() { ip netns exec "$NS" "$@"; }

# mn_daemon LOG ARG...: start synprint-analyzer on the namespace's lo as
# user nobody with ARG... (services, BPF filter), wait until it says
# "ready". Its PID is in SYNPRINTD.
mn_daemon() {
	_log=$1; shift
	[ -x "$ANALYZER" ] || fail "$ANALYZER not built (make -C analyzer)"
	$NSX "$ANALYZER" -i lo -u nobody -f "$TOP/rules/synprint.fp" "$@" \
	    >"$_log" 2>&1 &
	SYNPRINTD=$!
	track "$SYNPRINTD"
	wait_for 10 grep -q ': ready$' "$_log" ||
	    fail "synprint-analyzer did not start: $(tail -n 5 "$_log")"
}

# mn_syn SRC DST PORT: one connect() from SRC to DST:PORT inside the
# namespace (a real kernel SYN; refused or accepted does not matter);
# prints the source port.
mn_syn() {
	nsx python3 - "$@" <<'EOF'
import socket, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.bind((src, 0))
s.settimeout(5)
try:
    s.connect((dst, port))
except ConnectionRefusedError:
    pass
print(s.getsockname()[1])
s.close()
EOF
}

# mn_udp PORT QUERY: ask synprint's UDP service on 127.0.0.1:PORT
# ("QUERY NONCE"), print the RESULT part of the reply (empty: unknown).
# Exit 1 without a well-formed reply within 2 s.
mn_udp() {
	nsx python3 - "$@" <<'EOF'
import socket, sys
port, query = int(sys.argv[1]), sys.argv[2]
req = query + " e2e" + "%06d" % (hash(query) % 1000000)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(2)
u.sendto(req.encode(), ("127.0.0.1", port))
try:
    rep = u.recv(2048).decode("latin-1")
except OSError:
    sys.exit(1)
if not rep.startswith(req + " ") or not rep.endswith("\r\n"):
    sys.exit(1)
print(rep[len(req) + 1:-2])
EOF
}

# mn_known PORT QUERY: true once synprint has a non-empty result for QUERY.
mn_known() {
	_r=$(mn_udp "$@") && [ -n "$_r" ]
}

# mn_listening PID PORT: PID is gone (status 2), or something in the
# namespace listens on TCP PORT (0), or not yet (1).
mn_listening() {
	kill -0 "$1" 2>/dev/null || return 2
	[ -n "$(nsx ss -Hlnt "sport = :$2")" ]
}

# mn_wait_port SECONDS PID PORT WHAT LOG...: wait until PORT listens; fail
# at once if PID exits, or after SECONDS, showing the tail of each LOG.
mn_wait_port() {
	_t=$1 _p=$2 _port=$3 _what=$4; shift 4
	_n=$((_t * 5))
	while [ $_n -gt 0 ]; do
		_rc=0
		mn_listening "$_p" "$_port" || _rc=$?
		[ $_rc -eq 0 ] && return 0
		[ $_rc -eq 2 ] && { tail -n 20 "$@" 2>/dev/null; fail "$_what exited"; }
		sleep 0.2; _n=$((_n - 1))
	done
	tail -n 20 "$@" 2>/dev/null
	fail "$_what does not listen on port $_port after $_t s"
}
