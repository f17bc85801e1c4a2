#!/bin/sh
# t603: the two router deployments of docs/DEPLOYMENT.md, in three network
# namespaces: a client (10.231.60.2) whose SMTP connections a router
# (10.231.60.1 | 10.231.61.1, forwarding) carries to the mail host
# (10.231.61.2, port 25). Real kernel SYNs, nothing leaves the machine.
# (a) The daemon on the router, capturing its client-side interface as
#     nobody, UDP bound to the router's mail-side address only, with
#     --udp-allow of the mail host's network:
#      - the mail host asks for the client's connection and gets its
#        Linux fingerprint;
#      - the same query from the client's address gets nothing and is
#        counted as denied; the router's other address does not answer;
#      - a non-loopback --udp (ADDR:PORT or *:PORT) without --udp-allow
#        refuses to start, saying why.
# (b) The stream route: on the router
#       tcpdump -i IF -U -w - 'tcp port 25 and <SYN or SYN+ACK>' |
#           nc -N MAILHOST 5025
#     on the mail host
#       nc -d -l MAILHOST 5025 | synprint-analyzer -r - --udp 127.0.0.1:2345
#      - two client connections made while the stream flows are each
#        answered on the mail host with the client's fingerprint;
#      - when the router stops, the daemon reports the end of the stream
#        and keeps answering.
. "$(dirname "$0")/lib.sh"
need_root "network namespaces"
need_cmd ip
need_cmd tcpdump
need_cmd nc
need_cmd python3
nc -h 2>&1 | grep -q -- '-N' || skip "nc is not netcat-openbsd"
. "$TOP/tests/tools/netns.sh"

tag=t603$$
C=$tag-c R=$tag-r M=$tag-m
for n in $C $R $M; do
	ip netns add "$n" || skip "cannot create network namespaces"
	at_exit "ip netns del $n"
	ip -n "$n" link set lo up
done
ip link add "$tag-rc" type veth peer name "$tag-cr"
ip link add "$tag-rm" type veth peer name "$tag-mr"
ip link set "$tag-rc" netns "$R"
ip link set "$tag-rm" netns "$R"
ip link set "$tag-cr" netns "$C"
ip link set "$tag-mr" netns "$M"
ip -n "$R" addr add 10.231.60.1/24 dev "$tag-rc"
ip -n "$R" addr add 10.231.61.1/24 dev "$tag-rm"
ip -n "$C" addr add 10.231.60.2/24 dev "$tag-cr"
ip -n "$M" addr add 10.231.61.2/24 dev "$tag-mr"
for l in "$R $tag-rc" "$R $tag-rm" "$C $tag-cr" "$M $tag-mr"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n "$C" route add default via 10.231.60.1
ip -n "$M" route add default via 10.231.61.1
ip netns exec "$R" sysctl -q -w net.ipv4.ip_forward=1

# The mail host's SMTP port: accepts, greets, closes.
netns_listen "$M" 25 "220 mail ESMTP"
track $!

# smtp PORT: the client connects from 10.231.60.2:PORT to the mail host.
smtp() {
	ip netns exec "$C" python3 -c '
import socket, sys
c = socket.socket(); c.bind(("10.231.60.2", int(sys.argv[1]))); c.settimeout(5)
c.connect(("10.231.61.2", 25)); c.recv(64); c.close()
' "$1"
}
wait_for 10 netns_listening "$M" 25 || fail "mail host not listening"

# ask NS ADDR PORT QUERY: one amavisd-style datagram, prints the answer;
# exit 1 when none comes within a second.
ask() {
	ip netns exec "$1" python3 "$TOP/tests/tools/svcq.py" udp "$2" "$3" "$4" 1
}


# --- (a) UDP on the router ---------------------------------------------
for spec in 10.231.61.1:2346 '*:2346'; do
	rc=0
	ip netns exec "$R" "$ANALYZER" -i "$tag-rc" -f "$TOP/rules/synprint.fp" \
	    --udp "$spec" >"$TMP/refuse.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] ||
		fail "--udp $spec without --udp-allow: exit $rc, expected refusal"
	grep -q 'needs udp-allow' "$TMP/refuse.out" ||
		fail "--udp $spec refusal does not say why: $(cat "$TMP/refuse.out")"
done
note "refused: $(grep 'needs udp-allow' "$TMP/refuse.out")"

ip netns exec "$R" "$ANALYZER" -i "$tag-rc" -f "$TOP/rules/synprint.fp" \
    --udp 10.231.61.1:2345 --udp-allow 10.231.61.0/24 \
    --control "$TMP/a.ctl" -u nobody >"$TMP/a.out" 2>&1 &
track $!
wait_for 10 grep -q ready "$TMP/a.out" || fail "router daemon: $(cat "$TMP/a.out")"

smtp 40603 || fail "client could not reach the mail host through the router"
known() {
	ask "$M" 10.231.61.1 2345 "[10.231.60.2]:40603 a1" >"$TMP/answer" || true
	grep -q Linux "$TMP/answer"
}
wait_for 10 known || fail "mail host got no fingerprint: $(cat "$TMP/answer")"
note "mail host asks the router: $(cat "$TMP/answer")"
denied0=$(ctl_stat "$TMP/a.ctl" udp_denied)
if out=$(ask "$C" 10.231.61.1 2345 "[10.231.60.2]:40603 a3"); then
	fail "a query from outside --udp-allow was answered: $out"
fi
assert_eq "udp_denied after the client's query" $((denied0 + 1)) "$(ctl_stat "$TMP/a.ctl" udp_denied)"
if out=$(ask "$M" 10.231.60.1 2345 "[10.231.60.2]:40603 a4"); then
	fail "the router's other address answered: $out"
fi

# --- (b) the stream route ----------------------------------------------
# The filter DEPLOYMENT.md gives: SYNs and SYN+ACKs of port 25, v4 and v6.
SYNS='tcp port 25 and ((ip and tcp[tcpflags] & tcp-syn != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 2 != 0))'
ip netns exec "$M" sh -c 'nc -d -l 10.231.61.2 5025 |
    "$0" -r - --udp 127.0.0.1:2345 --control "$1" -f "$2"' \
    "$ANALYZER" "$TMP/b.ctl" "$TOP/rules/synprint.fp" >"$TMP/b.out" 2>&1 &
mpid=$!
track $mpid
wait_for 10 netns_listening "$M" 5025 || fail "mail host nc not listening"
for p in $(pgrep -P $mpid); do track "$p"; done
ip netns exec "$R" sh -c 'tcpdump -i "$0" -U -w - "$2" 2>"$1" |
    nc -N 10.231.61.2 5025' "$tag-rc" "$TMP/tcpdump.err" "$SYNS" &
rpid=$!
track $rpid
wait_for 10 grep -q ready "$TMP/b.out" ||
	fail "stream daemon not serving: $(cat "$TMP/b.out" "$TMP/tcpdump.err")"
for p in $(pgrep -P $rpid); do track "$p"; done
tcpdump_pid=$(pgrep -P $rpid tcpdump) || fail "no tcpdump on the router"

for port in 40611 40612; do
	smtp $port || fail "client connection from port $port"
	streamed() {
		ask "$M" 127.0.0.1 2345 "[10.231.60.2]:$port b" >"$TMP/answer" ||
			true
		grep -q Linux "$TMP/answer"
	}
	wait_for 10 streamed ||
		fail "stream: no fingerprint for port $port: $(cat "$TMP/answer")"
	kill -0 "$tcpdump_pid" || fail "the stream stopped"
	! grep -q 'end after' "$TMP/b.out" || fail "the stream ended early"
	note "port $port over the stream: $(cat "$TMP/answer")"
done
note "frames streamed so far: $(ctl_stat "$TMP/b.ctl" packets)"

# The router stops: the stream ends, the answers stay.
kill "$tcpdump_pid"
wait_for 10 grep -q 'end after' "$TMP/b.out" ||
	fail "end of stream not seen: $(cat "$TMP/b.out")"
ask "$M" 127.0.0.1 2345 "[10.231.60.2]:40611 c1" | grep -q Linux ||
	fail "no answer after the stream ended"
note "$(grep 'end after' "$TMP/b.out")"
echo ok
