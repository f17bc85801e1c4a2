#!/bin/sh
# t110: in --compat mode our analyzer logs exactly what p0f 3.09b logs.
#
# tests/tools/synpcap.py writes, for every TCP sig of Debian's stock p0f.fp,
# a packet realising it exactly (IPv4 and IPv6 for "*" sigs; a client SYN
# then the SYN+ACK for [tcp:response] sigs) plus variants that take p0f's
# fuzzy and quirk paths: DF cleared with ID 0, TTL 40 hops further, TTL above
# the initial TTL, ECN in the IP header and as ECE+CWR, a DSCP value, ACK
# numbers that p0f's buggy ack+ test reads differently from a correct one
# (0x00000001, 0x01000000, 0x02000000), a non-zero last EOL padding byte
# (which p0f's opt+ scan misses), and IPv6 flow labels.
#
# 1. Generator self-check: p0f's answer for every packet is the one the
#    generator's model of p0f's matcher predicted, and every [tcp:request]
#    sig got an exact (non-fuzzy) match from its own base packet.
# 2. Agreement: Debian's p0f (-r -o) and synprint-analyzer --compat (-r -o)
#    on the same file; every syn / syn+ack / sendsyn probe line (keyed by
#    mod, cli, srv, subj) must have the same os|app, dist, params and raw_sig,
#    every mtu line the same link and raw_mtu, any other line the same
#    fields, all the same [timestamp]; no line may exist on one side only.
# 3. Stateful outputs: `synpcap.py state` (TCP-timestamp clocks of several
#    frequencies, server-side uptime, bad clocks, one address
#    alternating OSes, TTL/MSS/port changes, SYNs retransmitted with the
#    same ISN, which p0f ignores while the flow lives); every line of every mod
#    (syn, syn+ack, mtu, uptime, host change, ip sharing) must be identical.
#    Not included (docs/FINGERPRINTS.md, a deliberate difference in both
#    modes): p0f also derives uptime from later ACK/FIN/RST packets of a
#    flow (`state --inflow` makes such a capture); synprint uses SYNs and
#    SYN+ACKs only.
# 4. Syntax and quirks the stock DB does not use: the same as 1 and 2 with
#    tests/golden/analyzer/quirks.fp (id-, 0+, flow, seq-, urgf+, pushf+,
#    uptr+, ts1-, ts2+, opt+, exws, bad, ack+, ecn, ack- on SYN+ACK, payload
#    '+', IP options, %N and mtu*N windows, ?N and sack options, eol+N, a
#    TTL written N+D, a random-TTL app sig, a generic catch-all).
#    Variants include p0f's opt+ blind spot: a non-zero *last* EOL padding
#    byte, which p0f 3.09b does not flag (a correct decoder does).
# 5. Under load: `synpcap.py mix` (T110_MIX_COUNT SYNs, default 100000, from
#    many sources, mixed OSes, IPv6, VLAN tags): p0f's host and connection
#    tables (its defaults, -m 1000,10000) overflow and evict; synprint gets
#    the same -m (its own defaults are larger by design, see
#    docs/FINGERPRINTS.md) and must log every line identically.
. "$(dirname "$0")/lib.sh"
need_cmd python3
need_cmd p0f
FP=${P0F_FP:-/etc/p0f/p0f.fp}
[ -r "$FP" ] || skip "no stock p0f database at $FP"
SYNPCAP=$TOP/tests/tools/synpcap.py
LOGCMP=$TOP/tests/tools/synpcap_logcmp.py

python3 "$SYNPCAP" fromfp "$FP" "$TMP/fp.pcap" --variants \
	--manifest "$TMP/manifest" || fail "synpcap.py fromfp failed"
npkt=$(grep -vc '^#' "$TMP/manifest")
note "generated $npkt packets from $FP"

rm -f "$TMP/p0f.log"
p0f -r "$TMP/fp.pcap" -o "$TMP/p0f.log" -f "$FP" >"$TMP/p0f.out" 2>&1 ||
	{ cat "$TMP/p0f.out" >&2; fail "p0f failed on the generated pcap"; }
[ -s "$TMP/p0f.log" ] || fail "p0f wrote no log"

note "generator self-check against p0f"
python3 "$LOGCMP" manifest "$TMP/manifest" "$TMP/p0f.log" ||
	fail "p0f did not answer as synpcap.py predicted (generator or model bug)"

QFP=$TOP/tests/golden/analyzer/quirks.fp
python3 "$SYNPCAP" fromfp "$QFP" "$TMP/q.pcap" --variants \
	--manifest "$TMP/q.manifest" || fail "synpcap.py fromfp quirks.fp failed"
rm -f "$TMP/p0f-q.log"
p0f -r "$TMP/q.pcap" -o "$TMP/p0f-q.log" -f "$QFP" >"$TMP/p0f-q.out" 2>&1 ||
	{ cat "$TMP/p0f-q.out" >&2; fail "p0f failed on q.pcap"; }
note "generator self-check against p0f (quirks.fp)"
python3 "$LOGCMP" manifest "$TMP/q.manifest" "$TMP/p0f-q.log" ||
	fail "p0f did not answer as synpcap.py predicted on quirks.fp"

python3 "$SYNPCAP" state "$TMP/state.pcap" || fail "synpcap.py state failed"
mixn=${T110_MIX_COUNT:-100000}
python3 "$SYNPCAP" mix "$TMP/mix.pcap" --count "$mixn" --seed 110 ||
	fail "synpcap.py mix failed"
rm -f "$TMP/p0f-state.log"
p0f -r "$TMP/state.pcap" -o "$TMP/p0f-state.log" -f "$FP" \
	>"$TMP/p0f-state.out" 2>&1 || fail "p0f failed on state.pcap"
for m in uptime "host change" "ip sharing" syn+ack; do
	grep -q "mod=$m|" "$TMP/p0f-state.log" ||
		fail "state.pcap does not make p0f log mod=$m (generator bug)"
done

rm -f "$TMP/p0f-mix.log"
p0f -r "$TMP/mix.pcap" -o "$TMP/p0f-mix.log" -f "$FP" \
	>"$TMP/p0f-mix.out" 2>&1 || fail "p0f failed on mix.pcap"
grep -q 'mod=host change|' "$TMP/p0f-mix.log" ||
	fail "mix.pcap does not make p0f log mod=host change (generator bug)"

[ -x "$ANALYZER" ] || skip "$ANALYZER not built (generator self-check passed)"

rm -f "$TMP/synprint.log"
"$ANALYZER" -r "$TMP/fp.pcap" -f "$FP" --compat -o "$TMP/synprint.log" \
	>"$TMP/synprint.out" 2>&1 || {
	tail -n 20 "$TMP/synprint.out" >&2
	fail "synprint-analyzer --compat exited non-zero"
}
[ -s "$TMP/synprint.log" ] || fail "synprint-analyzer wrote no log"

# Every generated packet yields one syn/syn+ack/sendsyn line in p0f's log.
# Both parts run before failing, so one report shows every disagreement.
bad=""
python3 "$LOGCMP" compare "$TMP/p0f.log" "$TMP/synprint.log" \
	--timestamps --min-pairs "$npkt" || bad="$bad fromfp"

rm -f "$TMP/synprint-state.log"
"$ANALYZER" -r "$TMP/state.pcap" -f "$FP" --compat \
	-o "$TMP/synprint-state.log" >"$TMP/synprint-state.out" 2>&1 ||
	fail "synprint-analyzer --compat exited non-zero on state.pcap"
python3 "$LOGCMP" compare "$TMP/p0f-state.log" "$TMP/synprint-state.log" \
	--timestamps --min-pairs "$(wc -l <"$TMP/p0f-state.log")" ||
	bad="$bad state"

rm -f "$TMP/synprint-q.log"
"$ANALYZER" -r "$TMP/q.pcap" -f "$QFP" --compat -o "$TMP/synprint-q.log" \
	>"$TMP/synprint-q.out" 2>&1 ||
	fail "synprint-analyzer --compat exited non-zero on q.pcap"
python3 "$LOGCMP" compare "$TMP/p0f-q.log" "$TMP/synprint-q.log" \
	--timestamps --min-pairs "$(grep -vc '^#' "$TMP/q.manifest")" ||
	bad="$bad quirks"

rm -f "$TMP/synprint-mix.log"
"$ANALYZER" -r "$TMP/mix.pcap" -f "$FP" --compat -m 1000,10000 \
	-o "$TMP/synprint-mix.log" >"$TMP/synprint-mix.out" 2>&1 ||
	fail "synprint-analyzer --compat exited non-zero on mix.pcap"
python3 "$LOGCMP" compare "$TMP/p0f-mix.log" "$TMP/synprint-mix.log" \
	--timestamps --limit 10 \
	--min-pairs "$(wc -l <"$TMP/p0f-mix.log")" || bad="$bad mix"
[ -z "$bad" ] ||
	fail "synprint --compat and p0f disagree on:$bad (pairs above)"
