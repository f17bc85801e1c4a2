#!/bin/sh
# t130: real SYNs of this machine's kernel, sent across a veth pair between
# two network namespaces (IPv4 and IPv6, to port 25) and over loopback,
# captured with tcpdump, then fingerprinted:
#  - with our database every client SYN (v4 and v6) gets a specific Linux
#    label (exact: params none), the IPv6 one despite its flow label;
#  - in compat mode with p0f's stock database our syn/syn+ack/mtu lines are
#    identical to Debian's p0f 3.09b on the same capture.
. "$(dirname "$0")/lib.sh"
need_root "network namespaces"
need_cmd tcpdump
need_cmd python3
P0F=${P0F:-/usr/sbin/p0f}
[ -x "$P0F" ] || skip "p0f not installed"

sh "$TOP/tests/tools/sigcheck-capture.sh" "$TMP/cap" >"$TMP/cap.log" 2>&1 ||
	fail "capture failed: $(tail -5 "$TMP/cap.log")"
for f in veth lo; do
	[ -s "$TMP/cap/$f.pcap" ] || fail "no $f capture"
done

"$ANALYZER" -q -r "$TMP/cap/veth.pcap" 'dst port 25 or src port 25' >"$TMP/ours.log"
grep 'mod=syn|' "$TMP/ours.log" >"$TMP/syn.log" || fail "no SYN fingerprinted"
v4=$(grep -c 'cli=10\.231\.7\.2/' "$TMP/syn.log" || true)
v6=$(grep -c 'cli=fd00:5167:7:0:0:0:0:2/' "$TMP/syn.log" || true)
[ "$v4" -ge 3 ] && [ "$v6" -ge 3 ] || fail "expected >= 3 IPv4 and 3 IPv6 SYNs, got $v4 and $v6"
cat "$TMP/syn.log"
bad=$(grep -v -E '\|os=Linux [^|]+\|dist=0\|params=none\|' "$TMP/syn.log" || true)
[ -z "$bad" ] || fail "kernel SYNs without a specific Linux label:
$bad"
grep -q 'raw_sig=6:.*:flow:' "$TMP/syn.log" || fail "IPv6 SYN without flow label?"

# Compat mode against p0f on the same real capture (veth and loopback).
for f in veth lo; do
	rm -f "$TMP/p0f-$f.log"
	"$P0F" -r "$TMP/cap/$f.pcap" -o "$TMP/p0f-$f.log" >/dev/null 2>&1 ||
		fail "p0f failed on $f"
	"$ANALYZER" -q --compat -f /etc/p0f/p0f.fp -r "$TMP/cap/$f.pcap" \
	    -o "$TMP/compat-$f.log"
	sed 's/^\[[^]]*\] //' "$TMP/p0f-$f.log" | grep -E '^mod=(syn|syn\+ack|mtu)\|' | sort >"$TMP/a"
	sed 's/^\[[^]]*\] //' "$TMP/compat-$f.log" | grep -E '^mod=(syn|syn\+ack|mtu)\|' | sort >"$TMP/b"
	[ -s "$TMP/a" ] || fail "p0f saw nothing in $f"
	diff "$TMP/a" "$TMP/b" >"$TMP/d" || fail "compat mode differs from p0f on $f:
$(cat "$TMP/d")"
	note "$f: $(wc -l <"$TMP/a") p0f lines, all identical in compat mode"
done
echo ok
