# shellcheck shell=sh
# Network namespaces for tests (source it; POSIX sh; needs root, ip, and
# for the listener and the client python3 and ss).
#
# netns_pair SRV CLI IF_SRV IF_CLI SRV4 CLI4 SRV6 CLI6
#   Creates namespaces SRV and CLI joined by a veth pair (IF_SRV in SRV,
#   IF_CLI in CLI), brings lo and the pair up and gives the ends the
#   addresses (with /LEN; IPv6 without duplicate detection). Nothing in the
#   root namespace changes. The caller removes the namespaces ("ip netns
#   del"), which also removes the pair. Returns non-zero on the first
#   failure.
netns_pair() {
	ip netns add "$1" && ip netns add "$2" &&
	ip link add "$3" type veth peer name "$4" &&
	ip link set "$3" netns "$1" && ip link set "$4" netns "$2" &&
	ip -n "$1" link set lo up && ip -n "$2" link set lo up &&
	ip -n "$1" addr add "$5" dev "$3" &&
	ip -n "$2" addr add "$6" dev "$4" &&
	ip -n "$1" -6 addr add "$7" dev "$3" nodad &&
	ip -n "$2" -6 addr add "$8" dev "$4" nodad &&
	ip -n "$1" link set "$3" up && ip -n "$2" link set "$4" up
}

# netns_listen NS PORT [GREETING]
#   Starts in the background ($! is its pid) one dual-stack TCP listener on
#   [::]:PORT in namespace NS (IPv4 connections too) that accepts every
#   connection, sends GREETING and CRLF if given, and closes it. The caller
#   stops it.
netns_listen() {
	ip netns exec "$1" python3 -c '
import socket, sys
hello = sys.argv[2].encode() + b"\r\n" if len(sys.argv) > 2 else b""
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1]))); s.listen(64)
while True:
    c, _ = s.accept()
    if hello:
        try: c.sendall(hello)
        except OSError: pass
    c.close()
' "$2" ${3+"$3"} &
}

# netns_listening NS PORT: something in namespace NS listens on TCP PORT.
netns_listening() {
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

# netns_connect NS PORT COUNT ADDR...
#   From namespace NS, COUNT connections in turn to each ADDR (IPv4 or
#   IPv6) on TCP PORT, 50 ms apart; each reads what the server sends first
#   (at most 64 bytes, or its close) and closes. Prints the local address
#   and port of each ("ADDR PORT" lines). Fails at the first connection that
#   fails (3 s timeout).
netns_connect() {
	_ns=$1 _port=$2 _count=$3
	shift 3
	ip netns exec "$_ns" python3 -c '
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
for addr in sys.argv[3:]:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    for _ in range(count):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect((addr, port))
        print(s.getsockname()[0], s.getsockname()[1])
        s.recv(64)
        s.close()
        time.sleep(0.05)
' "$_port" "$_count" "$@"
}
