#!/bin/sh
# t150: our signature database (rules/synprint.fp) against the reference p0f.
#  - p0f 3.09b loads it ("[+] Loaded N signatures");
#  - this machine's real kernel SYNs, sent over a veth pair between two
#    network namespaces to port 25 (IPv4 and IPv6), get a specific modern
#    Linux label (exact match: not generic, not fuzzy) with our DB, and do
#    not get such a label from the stock /etc/p0f/p0f.fp.
# Needs root (namespaces), p0f, tcpdump, python3, ip.
. "$(dirname "$0")/lib.sh"

need_root "network namespaces"
need_cmd ip
need_cmd tcpdump
need_cmd python3
P0F=${P0F:-/usr/sbin/p0f}
[ -x "$P0F" ] || skip "p0f not installed"
STOCK=${STOCK:-/etc/p0f/p0f.fp}
[ -f "$STOCK" ] || skip "stock p0f.fp not installed"
DB=$TOP/rules/synprint.fp
[ -f "$DB" ] || fail "missing $DB"

# SIG_MODERN (the specific modern Linux labels of our DB), sig_empty_pcap.
. "$TOP/tests/tools/sigref.sh"

# 1. load
sig_empty_pcap "$TMP/empty.pcap"
out=$("$P0F" -f "$DB" -r "$TMP/empty.pcap" -o "$TMP/load.log" 2>&1) || true
echo "$out" | grep -q '^\[+\] Loaded [0-9]* signatures' ||
	fail "p0f does not load $DB: $(echo "$out" | grep -E 'FATAL|\[-\]')"
note "$(echo "$out" | grep '^\[+\] Loaded')"

# 2. real SYNs over a veth pair (the shared capture helper: two network
# namespaces, a listener on port 25, 3 IPv4 and 3 IPv6 connections)
sh "$TOP/tests/tools/sigcheck-capture.sh" "$TMP/cap" >"$TMP/cap.log" 2>&1 ||
	fail "capture failed: $(tail -n 5 "$TMP/cap.log")"
cp "$TMP/cap/veth.pcap" "$TMP/veth.pcap"

"$P0F" -f "$DB" -r "$TMP/veth.pcap" -o "$TMP/ours.log" >/dev/null 2>&1 || fail "p0f (our DB) failed"
"$P0F" -f "$STOCK" -r "$TMP/veth.pcap" -o "$TMP/stock.log" >/dev/null 2>&1 || fail "p0f (stock DB) failed"

for v in 4 6; do
	o=$(grep '] mod=syn|' "$TMP/ours.log" | grep "raw_sig=$v:" || true)
	s=$(grep '] mod=syn|' "$TMP/stock.log" | grep "raw_sig=$v:" || true)
	[ -n "$o" ] || fail "IPv$v: no SYN captured (kernel $(uname -r))"
	n=$(echo "$o" | wc -l)
	good=$(echo "$o" | grep -Ec "\|os=($SIG_MODERN)\|dist=[0-9]+\|params=none\|" || true)
	sig=$(echo "$o" | head -n 1 | sed 's/.*raw_sig=//')
	ol=$(echo "$o" | head -n 1 | sed 's/.*|os=\([^|]*\)|.*params=\([^|]*\)|.*/\1 [\2]/')
	sl=$(echo "$s" | head -n 1 | sed 's/.*|os=\([^|]*\)|.*params=\([^|]*\)|.*/\1 [\2]/')
	note "IPv$v $sig: ours '$ol', stock '$sl'"
	[ "$good" -eq "$n" ] || fail "IPv$v: our DB gave '$ol' for $sig, want a specific modern Linux label"
	if echo "$s" | grep -Eq "\|os=($SIG_MODERN)\|"; then
		fail "IPv$v: stock DB unexpectedly gave a modern Linux label"
	fi
done
echo "PASS: t150 (kernel $(uname -r))"
