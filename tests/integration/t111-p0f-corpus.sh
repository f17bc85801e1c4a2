#!/bin/sh
# t111: --compat agrees with p0f 3.09b on real traffic.
#
# Runs Debian's p0f and synprint-analyzer --compat (stock p0f.fp) over each
# capture of real SYNs in $CORPUS/pcaps (shared/corpus, read-only, not part
# of the repository: skipped when absent) and requires every log line of
# every mod (syn, syn+ack, mtu, uptime, host change, ip sharing) to be
# identical, timestamps included, with no line on one side only. synprint
# runs with p0f's table sizes (-m 1000,10000, p0f's defaults; synprint's own
# are larger by design), so both evict alike.
. "$(dirname "$0")/lib.sh"
need_cmd python3
need_cmd p0f
FP=${P0F_FP:-/etc/p0f/p0f.fp}
[ -r "$FP" ] || skip "no stock p0f database at $FP"
[ -d "$CORPUS/pcaps" ] || skip "no corpus at $CORPUS/pcaps"
set -- "$CORPUS"/pcaps/*.pcap
[ -f "$1" ] || skip "no pcaps in $CORPUS/pcaps"
[ -x "$ANALYZER" ] || skip "$ANALYZER not built"
LOGCMP=$TOP/tests/tools/synpcap_logcmp.py

bad=""
for f in "$@"; do
	b=$(basename "$f" .pcap)
	p=$TMP/$b.p0f s=$TMP/$b.synprint
	rm -f "$p" "$s"
	p0f -r "$f" -o "$p" -f "$FP" >"$TMP/$b.p0f.out" 2>&1 ||
		fail "p0f failed on $f"
	touch "$p"
	"$ANALYZER" -r "$f" -f "$FP" --compat -m 1000,10000 -o "$s" \
		>"$TMP/$b.synprint.out" 2>&1 || {
		tail -n 10 "$TMP/$b.synprint.out" >&2
		fail "synprint-analyzer --compat exited non-zero on $f"
	}
	touch "$s"
	echo "== $b"
	python3 "$LOGCMP" compare "$p" "$s" --timestamps --limit 10 \
		--min-pairs 1 || bad="$bad $b"
done
[ -z "$bad" ] || fail "synprint --compat and p0f disagree on:$bad"
