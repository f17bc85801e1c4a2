#!/bin/sh
# "make run": the main job on the bundled demo. Starts synprint-analyzer
# as a daemon replaying demo/syns.pcap, asks it about every client through
# each service (amavisd UDP, p0f v3 API, Postfix policy), scores what it
# says with the shipped rules (rules/p0f.cf) and prints a short report.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
pcap=$top/demo/syns.pcap
an=$top/analyzer/synprint-analyzer
q=$top/analyzer/synprint-query
sc=$top/scorer/synprint-scorer
rules=$top/rules/p0f.cf
tmp=$(mktemp -d "${TMPDIR:-/tmp}/synprint-demo.XXXXXX")
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A loopback UDP port nobody uses: try a few until the daemon binds one.
start() {
	"$an" -r "$pcap" --udp "127.0.0.1:$port" --p0f3 "$tmp/p0f.sock" \
	    --policy "unix:$tmp/policy.sock" --control "$tmp/ctl" \
	    2>"$tmp/daemon.log" &
	pid=$!
}
tries=0
while :; do
	port=$(( 20000 + ( $(od -An -N2 -tu2 /dev/urandom) % 30000 ) ))
	start
	i=0
	until "$q" --stats --control "$tmp/ctl" 2>/dev/null |
	    grep -q '^packets 48$'; do
		i=$((i + 1))
		if ! kill -0 "$pid" 2>/dev/null || [ $i -gt 100 ]; then
			break
		fi
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && [ $i -le 100 ] && break
	pid=""
	tries=$((tries + 1))
	if [ $tries -ge 5 ]; then
		echo "synprint demo: the analyzer did not start:" >&2
		cat "$tmp/daemon.log" >&2
		exit 1
	fi
done

echo "synprint demo: $(basename "$pcap") replayed into a running synprint-analyzer"
echo "(UDP 127.0.0.1:$port, p0f v3 API and Postfix policy on unix sockets)"
echo
printf '  %-44s %-32s %-6s %s\n' "client" "OS (amavisd UDP answer)" "score" "rules (rules/p0f.cf)"
# Every client of the capture, from the offline log.
TZ=UTC "$an" -q -r "$pcap" | sed -n 's/.*mod=syn|cli=\([^|]*\)|.*/\1/p' |
    sort -u > "$tmp/clients"
: > "$tmp/v3" ; : > "$tmp/policy"
while IFS=/ read -r ip cport; do
	res=$("$q" --udp "127.0.0.1:$port" "$ip" "$cport" || true)
	os=${res%%;*}
	[ -n "$os" ] || os="???"
	"$q" --p0f3 "$tmp/p0f.sock" "$ip" >/dev/null 2>&1 &&
	    echo ok >> "$tmp/v3"
	act=$("$q" --policy "unix:$tmp/policy.sock" "$ip" "$cport" || true)
	case $act in *PREPEND*) echo "$act" >> "$tmp/policy" ;; esac
	if [ "$os" != "???" ]; then
		line=$("$sc" -r "$rules" -H "$os" || true)
	else
		line="tests= total=0"
	fi
	tests=$(echo "$line" | sed -n 's/.*tests=\([^ 	]*\).*/\1/p')
	total=$(echo "$line" | sed -n 's/.*total=\([^ 	]*\).*/\1/p')
	printf '  %-44s %-32s %-6s %s\n' "$ip/$cport" "$os" "${total:-0}" \
	    "${tests:--}"
done < "$tmp/clients"
echo
echo "  p0f v3 API (rspamd, Haraka, qpsmtpd): $(wc -l < "$tmp/v3") of $(wc -l < "$tmp/clients") clients answered"
echo "  Postfix policy at DATA: $(wc -l < "$tmp/policy") PREPENDs, e.g."
head -1 "$tmp/policy" | sed 's/^/    /'
echo
echo "  Counters (synprint-query --stats):"
"$q" --stats --control "$tmp/ctl" | grep -E '^(packets|syn|matched|hosts|udp_queries|udp_known|p0f3_queries|policy_queries) ' |
    sed 's/^/    /'
echo
echo "Next: docs/DEPLOYMENT.md puts this in front of Postfix, amavisd-new,"
echo "SpamAssassin, rspamd, Haraka or qpsmtpd."
