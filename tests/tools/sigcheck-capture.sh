#!/bin/sh
# sigcheck-capture.sh OUTDIR [--probes]
#
# Captures real TCP SYNs (and the SYN+ACKs answering them) from the running
# kernel, for checking rules/synprint.fp against this machine's own stack.
# Needs root, iproute2, tcpdump and python3.
#
# Two network namespaces joined by a veth pair (nothing leaves the machine):
#   server ns: 10.231.7.1/24, fd00:5167:7::1/64, listener on TCP port 25
#   client ns: 10.231.7.2/24, fd00:5167:7::2/64
# The client connects 3 times over IPv4 and 3 times over IPv6. Then, inside
# the server namespace, 2 connections each to 127.0.0.1:25 and [::1]:25 are
# made (loopback SYNs).
#
# With --probes the client also sends hand-made SYNs (raw socket) offering
# reduced option sets, so the server's SYN+ACK shows each variant Linux
# produces when a peer leaves out window scaling, SACK or timestamps (the
# same idea as p0f's sendsyn tool). Those probe SYNs use TTL 192 / MSS 1331
# / window 1337 and are not meant to be fingerprinted themselves.
#
# Writes OUTDIR/veth.pcap, OUTDIR/lo.pcap and OUTDIR/sysctl.txt.
# Exit 0 on success, 77 if not root / tools missing, 1 on error.
set -eu

out=${1:?usage: sigcheck-capture.sh OUTDIR [--probes]}
probes=${2:-}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
for c in ip tcpdump python3; do
	command -v "$c" >/dev/null 2>&1 || { echo "SKIP: $c not installed"; exit 77; }
done
mkdir -p "$out"

tag=sigcap$$
srv=$tag-s
cli=$tag-c
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 0.2
	for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
	ip netns del "$srv" 2>/dev/null || true
	ip netns del "$cli" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

. "$(dirname "$0")/netns.sh"
netns_pair "$srv" "$cli" "$tag-a" "$tag-b" 10.231.7.1/24 10.231.7.2/24 \
    fd00:5167:7::1/64 fd00:5167:7::2/64 || { echo "cannot create the namespaces" >&2; exit 1; }

{
	echo "kernel: $(uname -r)"
	ip netns exec "$cli" sysctl net.ipv4.tcp_rmem net.core.rmem_max \
		net.ipv4.tcp_window_scaling net.ipv4.tcp_timestamps \
		net.ipv4.tcp_sack net.ipv4.tcp_ecn net.ipv6.auto_flowlabels
	ip -n "$cli" link show "$tag-b" | sed -n 's/.*\(mtu [0-9]*\).*/veth \1/p'
} >"$out/sysctl.txt" 2>&1 || true

# Listener: one dual-stack socket on port 25; greets and closes.
netns_listen "$srv" 25 "220 sigcheck ESMTP"
pids="$pids $!"

ip netns exec "$srv" tcpdump -i "$tag-a" -U -s 256 -w "$out/veth.pcap" \
	'tcp port 25' >/dev/null 2>&1 &
pids="$pids $!"
ip netns exec "$srv" tcpdump -i lo -U -s 256 -w "$out/lo.pcap" \
	'tcp port 25' >/dev/null 2>&1 &
pids="$pids $!"

# Wait until the listener answers (and tcpdump has had time to attach).
i=0
until ip netns exec "$srv" python3 -c '
import socket; socket.create_connection(("127.0.0.1", 25), 0.5).close()' \
	>/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "listener did not start" >&2; exit 1; }
	sleep 0.1
done
sleep 1

netns_connect "$cli" 25 3 10.231.7.1 fd00:5167:7::1 >/dev/null
netns_connect "$srv" 25 2 127.0.0.1 ::1 >/dev/null

if [ "$probes" = "--probes" ]; then
	# Raw IPv4 SYNs with reduced option sets; the kernel of the client
	# namespace answers the server's SYN+ACK with a RST (no socket), which
	# is harmless. Option sets: none, mss only, mss+ws, mss+sok, mss+ts,
	# mss+ws+sok, mss+ws+ts, mss+sok+ts.
	ip netns exec "$cli" python3 -c '
import socket, struct, random, time
src, dst = "10.231.7.2", "10.231.7.1"
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
MSS = b"\x02\x04\x05\x33"            # 1331
WS = b"\x03\x03\x05"
SOK = b"\x04\x02"
TS = b"\x08\x0a" + struct.pack("!II", 12345, 0)
sets = [b"", MSS, MSS+WS, MSS+SOK, MSS+TS, MSS+WS+SOK, MSS+WS+TS, MSS+SOK+TS]
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for opts in sets:
    opts += b"\x01" * ((4 - len(opts) % 4) % 4)
    sport = random.randint(20000, 60000)
    off = (20 + len(opts)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, 25, random.getrandbits(32), 0,
                      off << 4, 0x02, 1337, 0, 0) + opts
    ph = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum(ph + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), random.getrandbits(16),
                     0x4000, 192, 6, 0, socket.inet_aton(src), socket.inet_aton(dst))
    r.sendto(ip + tcp, (dst, 0))
    time.sleep(0.05)
'
fi

sleep 1
echo "captured: $out/veth.pcap $out/lo.pcap"
