#!/bin/sh
# t140: the real SYN captures of the shared corpus (optional; CORPUS=DIR,
# default ../shared/corpus). For each file, SYN label counts side by side:
# p0f 3.09b with its stock database, and synprint with ours. Ours must leave
# fewer SYNs unknown or generic, in total and in no file more than p0f.
. "$(dirname "$0")/lib.sh"
P0F=${P0F:-/usr/sbin/p0f}
[ -x "$P0F" ] || skip "p0f not installed"
[ -d "$CORPUS/pcaps" ] || skip "no corpus at $CORPUS (set CORPUS=DIR)"

count() { # log -> "unknown generic fuzzy exact app"
	awk -F'|' '/mod=syn\|/ {
		os = ""; p = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^os=/) os = substr($i, 4)
			if ($i ~ /^app=/) os = "APP"
			if ($i ~ /^params=/) p = substr($i, 8)
		}
		if (os == "???") u++
		else if (os == "APP") a++
		else if (p ~ /generic/) g++
		else if (p ~ /fuzzy/) f++
		else e++
	} END { printf "%d %d %d %d %d\n", u, g, f, e, a }' "$1"
}

printf '%-34s %-27s %-27s\n' "capture" "p0f 3.09b + stock p0f.fp" "synprint + synprint.fp"
printf '%-34s %-27s %-27s\n' "" "unk/gen/fuzzy/exact/app" "unk/gen/fuzzy/exact/app"
tp=0; ts=0; worse=""
for f in "$CORPUS"/pcaps/*.pcap; do
	b=$(basename "$f" .pcap)
	rm -f "$TMP/$b.p0f"
	"$P0F" -r "$f" -o "$TMP/$b.p0f" >/dev/null 2>&1 || fail "p0f failed on $b"
	"$ANALYZER" -q -r "$f" -o "$TMP/$b.ours" || fail "synprint failed on $b"
	# shellcheck disable=SC2046 # the counts are split on purpose
	set -- $(count "$TMP/$b.p0f"); pu=$1 pg=$2 p="$1/$2/$3/$4/$5"
	# shellcheck disable=SC2046
	set -- $(count "$TMP/$b.ours"); su=$1 sg=$2 s="$1/$2/$3/$4/$5"
	printf '%-34s %-27s %-27s\n' "$b" "$p" "$s"
	tp=$((tp + pu + pg)); ts=$((ts + su + sg))
	[ $((su + sg)) -le $((pu + pg)) ] || worse="$worse $b"
done
echo "unknown or generic SYNs: p0f $tp, synprint $ts"
[ -z "$worse" ] || fail "more unknown/generic SYNs than p0f in:$worse"
[ "$ts" -lt "$tp" ] || fail "synprint does not leave fewer SYNs unknown or generic"
echo ok
