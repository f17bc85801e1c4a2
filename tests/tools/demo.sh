#!/bin/sh
# "make run": fingerprint the bundled demo capture and print a readable
# report (one line per connecting host, then totals per OS).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
pcap=$top/demo/syns.pcap
db=$top/rules/synprint.fp
an=$top/analyzer/synprint-analyzer

echo "synprint demo: fingerprinting $(basename "$pcap") with $(basename "$db")"
echo
TZ=UTC "$an" -q -f "$db" -r "$pcap" | awk -F'|' '
/mod=syn\|/ || /mod=syn\+ack\|/ {
	cli = ""; what = ""; dist = ""; params = ""
	for (i = 1; i <= NF; i++) {
		split($i, kv, "=")
		k = kv[1]; v = substr($i, length(k) + 2)
		if (k == "cli") cli = v
		else if (k == "os" || k == "app") what = v (k == "app" ? " (tool)" : "")
		else if (k == "dist") dist = v
		else if (k == "params") params = v
	}
	q = (what == "???") ? "unknown" : (params ~ /generic/ ? "generic" : (params ~ /fuzzy/ ? "fuzzy" : "exact"))
	printf "  %-46s %-34s %-8s dist %s\n", cli, what, q, dist
	n[what]++; total++
}
END {
	print ""
	print "  OS / tool                              SYNs"
	for (w in n) printf "  %-38s %5d\n", w, n[w] | "sort -k1"
	close("sort -k1")
	printf "  %-38s %5d\n", "total", total
}'
echo
echo "Next: the same capture through p0f 3.09b's own database:"
echo "  $an -f /etc/p0f/p0f.fp -r $pcap"
