#!/bin/sh
# sigcheck.sh - evaluate rules/synprint.fp with the reference p0f 3.09b.
#
# Usage: tests/tools/sigcheck.sh [CORPUS_PCAP_DIR]
#   CORPUS_PCAP_DIR defaults to $CORPUS/pcaps, CORPUS to ../shared/corpus
#   next to the repository (optional: skipped when absent).
#   Environment: P0F (default /usr/sbin/p0f), STOCK (default
#   /etc/p0f/p0f.fp), DB (default rules/synprint.fp), KEEP=dir keeps logs.
#
# Checks, each printed as ok/FAIL/skip:
#  1. p0f loads DB ("[+] Loaded N signatures"), and the stock DB for reference;
#     analyzer/synprint-analyzer -n accepts DB (if the analyzer is built).
#  2. For every corpus pcap: SYN (mod=syn) results side by side, stock vs DB:
#     unknown (os=???), generic (params has "generic"), fuzzy (params has
#     "fuzzy" but not "generic"), specific (the rest), app (app= matches).
#     Fails if DB leaves more SYNs unknown-or-generic than stock, or if any SYN
#     that stock labelled specifically (exact or fuzzy) gets another label.
#  3. Real SYNs of this machine's kernel over a veth pair (IPv4 and IPv6,
#     port 25, tests/tools/sigcheck-capture.sh; needs root, else skipped) get
#     a specific modern Linux label from DB (exact, not generic/fuzzy) and do
#     not get one from the stock DB.
# Exit 0 if nothing failed, 1 otherwise.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
P0F=${P0F:-/usr/sbin/p0f}
STOCK=${STOCK:-/etc/p0f/p0f.fp}
DB=${DB:-$top/rules/synprint.fp}
CORPUS=${CORPUS:-$top/../shared/corpus}
pcapdir=${1:-$CORPUS/pcaps}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigcheck.XXXXXX")
cleanup() { if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp -r "$work"/. "$KEEP"/; fi; rm -rf "$work"; }
trap cleanup EXIT INT TERM
failed=0

# Labels that count as "specific modern Linux" for check 3.
. "$top/tests/tools/sigref.sh"
MODERN="^$SIG_MODERN\$"

[ -x "$P0F" ] || { echo "skip: $P0F not found, nothing checked"; exit 0; }

# run_p0f DBFILE PCAP LOG: writes the -o log; prints p0f's stdout+stderr.
run_p0f() {
	rm -f "$3"
	"$P0F" -f "$1" -r "$2" -o "$3" 2>&1 || true
}

# --- 1. load -----------------------------------------------------------------
empty=$work/empty.pcap
sig_empty_pcap "$empty"
for db in "$DB" "$STOCK"; do
	msg=$(run_p0f "$db" "$empty" "$work/load.log")
	n=$(echo "$msg" | sed -n "s/^\[+\] Loaded \([0-9]*\) signatures.*/\1/p")
	if [ -n "$n" ]; then
		echo "ok   load: $n signatures from $db"
	else
		echo "FAIL load: $db"; echo "$msg" | grep -E 'FATAL|ERROR|\[-\]' | sed 's/^/     /'
		[ "$db" = "$DB" ] && failed=1
	fi
done
# Our own analyzer's loader, when it has been built (stricter than p0f about
# e.g. a repeated 'classes' line).
if [ -x "$top/analyzer/synprint-analyzer" ]; then
	if msg=$("$top/analyzer/synprint-analyzer" -n -f "$DB" 2>&1); then
		echo "ok   synprint-analyzer -n: $msg"
	else
		echo "FAIL synprint-analyzer -n: $msg"; failed=1
	fi
else
	echo "skip synprint-analyzer -n: analyzer not built"
fi
[ $failed -eq 0 ] || exit 1

# Summaries of p0f logs are done by one small python3 program.
summ() { # mode args...
	python3 - "$@" <<'PY'
import re, sys, collections
def syns(path):
    out = []
    for l in open(path, errors="replace"):
        if "|mod=syn|" not in l and "] mod=syn|" not in l:
            continue
        f = dict(kv.split("=", 1) for kv in l.rstrip("\n").split("] ", 1)[1].split("|") if "=" in kv)
        if "app" in f:
            cat, lab = "app", "app:" + f["app"]
        elif f.get("os") == "???":
            cat, lab = "unknown", "???"
        elif "generic" in f.get("params", ""):
            cat, lab = "generic", f["os"]
        elif "fuzzy" in f.get("params", ""):
            cat, lab = "fuzzy", f["os"]
        else:
            cat, lab = "specific", f["os"]
        out.append((f["cli"] + ">" + f["srv"], cat, lab, f.get("raw_sig", "")))
    return out
mode = sys.argv[1]
if mode == "table":
    name, a, b = sys.argv[2:5]
    sa, sb = syns(a), syns(b)
    cats = ["unknown", "generic", "fuzzy", "specific", "app"]
    ca = collections.Counter(x[1] for x in sa); cb = collections.Counter(x[1] for x in sb)
    print("%-32s %5d  stock %s  ours %s" % (name, len(sa),
          "/".join("%d" % ca[c] for c in cats), "/".join("%d" % cb[c] for c in cats)))
    bad = 0
    if len(sa) != len(sb):
        # p0f drops the flow of an app (class "!") match at once, so a
        # retransmitted tool SYN is logged again: counts may differ slightly.
        print("     note: SYN lines differ (%d vs %d), app matches end flows early" % (len(sa), len(sb)))
    # Pair SYNs by connection and signature (n-th occurrence), not by position.
    def keyed(lst):
        seen = collections.Counter(); d = {}
        for x in lst:
            k = (x[0], x[3]); seen[k] += 1; d[k + (seen[k],)] = x
        return d
    da, db = keyed(sa), keyed(sb)
    pairs = [(da[k], db[k]) for k in da if k in db]
    ua = ca["unknown"] + ca["generic"]; ub = cb["unknown"] + cb["generic"]
    if ub > ua:
        print("     FAIL: more unknown+generic with ours (%d > %d)" % (ub, ua)); bad = 1
    changed = collections.Counter()
    for x, y in pairs:
        if x[1] in ("specific", "fuzzy", "app") and x[2] != y[2]:
            changed[(x[2], y[2], x[3])] += 1
    for (la, lb, rs), n in changed.most_common():
        print("     FAIL: %d SYN(s) stock '%s' -> ours '%s'  %s" % (n, la, lb, rs)); bad = 1
    imp = collections.Counter((x[2] + (" (" + x[1] + ")" if x[1] != "specific" else ""), y[2]) for x, y in pairs
                              if x[1] in ("unknown", "generic", "fuzzy") and y[1] == "specific" and x[2] != y[2])
    for (la, lb), n in imp.most_common():
        print("     %4d  %s -> %s" % (n, la, lb))
    sys.exit(bad)
elif mode == "modern":
    ours, stock, rx = sys.argv[2:5]
    so, ss = syns(ours), syns(stock)
    bad = 0
    for ver in ("4", "6"):
        o = [x for x in so if x[3].startswith(ver + ":")]
        s = [x for x in ss if x[3].startswith(ver + ":")]
        if not o:
            print("FAIL real kernel IPv%s: no SYN captured" % ver); bad = 1; continue
        okd = all(x[1] == "specific" and re.match(rx, x[2]) for x in o)
        oks = not any(x[1] == "specific" and re.match(rx, x[2]) for x in s)
        print("%s   real kernel IPv%s: %d SYN(s) ours '%s' [%s], stock '%s' [%s]  %s" % (
            "ok " if okd and oks else "FAIL", ver, len(o), o[0][2], o[0][1], s[0][2] if s else "-",
            s[0][1] if s else "-", o[0][3]))
        bad |= not (okd and oks)
    sys.exit(bad)
PY
}

# --- 2. corpus -----------------------------------------------------------------
if [ -d "$pcapdir" ] && ls "$pcapdir"/*.pcap >/dev/null 2>&1; then
	echo "corpus: $pcapdir"
	echo "       (columns: unknown/generic/fuzzy/specific/app SYNs)"
	printf '%-32s %5s  %s\n' "file" "SYNs" "stock vs ours"
	for p in "$pcapdir"/*.pcap; do
		b=$(basename "$p" .pcap)
		run_p0f "$STOCK" "$p" "$work/$b.stock.log" >/dev/null
		run_p0f "$DB" "$p" "$work/$b.ours.log" >/dev/null
		summ table "$b" "$work/$b.stock.log" "$work/$b.ours.log" || failed=1
	done
else
	echo "skip corpus: no pcaps in $pcapdir"
fi

# --- 3. this machine's kernel ------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	set +e
	sh "$top/tests/tools/sigcheck-capture.sh" "$work/cap" >"$work/cap.out" 2>&1
	rc=$?
	set -e
	if [ $rc -eq 0 ]; then
		run_p0f "$DB" "$work/cap/veth.pcap" "$work/veth.ours.log" >/dev/null
		run_p0f "$STOCK" "$work/cap/veth.pcap" "$work/veth.stock.log" >/dev/null
		sed 's/^/     /' "$work/cap/sysctl.txt" | grep -E 'kernel|tcp_rmem|rmem_max' || true
		summ modern "$work/veth.ours.log" "$work/veth.stock.log" "$MODERN" || failed=1
	elif [ $rc -eq 77 ]; then
		echo "skip real kernel: $(cat "$work/cap.out")"
	else
		echo "FAIL real kernel: capture failed"; sed 's/^/     /' "$work/cap.out"; failed=1
	fi
else
	echo "skip real kernel: needs root (network namespaces)"
fi

[ $failed -eq 0 ] && echo "sigcheck: all checks passed" || echo "sigcheck: FAILED"
exit $failed
