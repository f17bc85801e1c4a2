#!/bin/sh
# t201: synprint-query against servers that answer badly on purpose
# (tests/tools/querystub.py), one protocol at a time:
#  - UDP: bytes outside printable ASCII and the backslash come out as
#    \xNN (text and JSON); stray datagrams (another nonce, a bare echo, the
#    right text from another source port) are skipped; no CRLF, silence,
#    an over-long answer exit 2 (silence after -t, not before); an empty
#    result exits 1; the port-less form is sent as "[ADDR] NONCE".
#  - p0f v3: the exact 21 query bytes; every field printed, a 32-byte
#    string without NUL in full, escapes, dates in UTC; 231 bytes, bad
#    magic, status 0 and an unknown status exit 2; an answer in two writes
#    is put together; silence times out; no match exits 1; IPv6 query.
#  - p0f v2: the exact 24 query bytes (default and --dst destination); a
#    reply to another id, short or with a bad magic, and "bad query" exit
#    2; no match exits 1; IPv6 and a missing PORT are usage errors.
#  - policy (TCP and unix): the request carries every attribute Postfix
#    3.7 sends; PREPEND exits 0, DUNNO (any case) 1, REJECT 2 but printed;
#    no action, two actions, a closed connection, an over-long answer exit
#    2; an answer in pieces after other attributes is read whole.
#  - stats: "stats\n" is sent; lines printed escaped; JSON numbers only
#    for JSON-valid numbers; a cut last line, a bad name, a line without
#    value, an over-long or empty reply exit 2 and print nothing.
#  - the command line: usage errors exit 2.
. "$(dirname "$0")/lib.sh"
need_cmd python3
[ -x "$QUERY" ] || fail "$QUERY not built (make -C analyzer)"

S=$TMP/stub
mkdir "$S"
python3 "$TOP/tests/tools/querystub.py" "$S" >"$TMP/stub.log" 2>&1 &
track $!
wait_for 10 test -f "$S/ready" || fail "querystub did not start: $(cat "$TMP/stub.log")"
U="127.0.0.1:$(cat "$S/udp.port")"

out() { cat "$TMP/$1"; }
# json_is FILE PYTHON-EXPR-ABOUT-j
json_is() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
assert eval("(" + sys.argv[2] + ")"), j' "$TMP/$1" "$2" || fail "JSON $1: $(out "$1")"
}

# --- UDP ---------------------------------------------------------------
q u1 0 --udp "$U" 127.0.0.1 1
assert_eq "escaped result" 'Linux\x07\x1b[31m \x5c "q" \xff\x0d\x0aend' "$(out u1)"
python3 - "$S/udp.last" <<'EOF' || fail "UDP query bytes: $(od -c "$S/udp.last")"
import re, sys
d = open(sys.argv[1], "rb").read()
assert re.fullmatch(rb"\[127\.0\.0\.1\]:1 [0-9a-f]{12}", d), d
EOF
q u1j 0 -j --udp "$U" 127.0.0.1 1
json_is u1j 'j["result"] == "Linux\\x07\\x1b[31m \\x5c \"q\" \\xff\\x0d\\x0aend" and j["found"] is True'
q u2 0 --udp "$U" 127.0.0.1 2
assert_eq "answer after stray datagrams" RIGHT "$(out u2)"
q u3 2 --udp "$U" 127.0.0.1 3
grep -q CRLF "$TMP/u3.err" || fail "no-CRLF message: $(out u3.err)"
t0=$(date +%s)
q u4 2 -t 1500 --udp "$U" 127.0.0.1 4
dt=$(( $(date +%s) - t0 ))
[ "$dt" -ge 1 ] && [ "$dt" -le 3 ] || fail "-t 1500 took ${dt}s"
grep -q 'no reply in time' "$TMP/u4.err" || fail "timeout message: $(out u4.err)"
q u5 2 --udp "$U" 127.0.0.1 5
grep -q 'longer than' "$TMP/u5.err" || fail "long-reply message: $(out u5.err)"
q u6 1 --udp "$U" 127.0.0.1 6
assert_eq "empty result prints nothing" "" "$(out u6)"
q uh 0 --udp "$U" 2001:DB8::0:7
assert_eq "port-less query" "HOST 2001:db8::7" "$(out uh)"
grep -Eq '^\[2001:db8::7\] [0-9a-f]{12}$' "$S/udp.last" ||
	fail "port-less query bytes: $(cat "$S/udp.last")"

# --- p0f v3 ------------------------------------------------------------
P3=$S/p0f3.sock
q v1 0 --p0f3 "$P3" 127.0.0.1
assert_eq "v3 query bytes" 01463050047f000001000000000000000000000000 \
    "$(cat "$S/p0f3.last")"
cat >"$TMP/v1.want" <<'EOF'
First seen    = 2023/11/14 22:13:20
Last update   = 2023/11/14 22:15:00
Total flows   = 7
Detected OS   = NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN fl\x01\x5cv (generic) (fuzzy)
HTTP software = Apache 2.x (ID OS mismatch)
Network link  = DSL
Language      = English
Distance      = 12
Uptime        = 3 days 4 hrs 5 min (modulo 49 days)
IP sharing    = 2023/11/14 22:16:40
Sys change    = 2023/11/14 22:18:20
EOF
diff -u "$TMP/v1.want" "$TMP/v1" || fail "v3 text output"
q v1j 0 -j --p0f3 "$P3" 127.0.0.1
json_is v1j 'j == {"address": "127.0.0.1", "status": "ok",
    "first_seen": 1700000000, "last_seen": 1700000100, "total_conn": 7,
    "uptime_min": 4565, "up_mod_days": 49, "last_nat": 1700000200,
    "last_chg": 1700000300, "distance": 12, "bad_sw": 1, "os_match_q": 3,
    "os_name": "N" * 32, "os_flavor": "fl\\x01\\x5cv", "http_name": "Apache",
    "http_flavor": "2.x", "link_type": "DSL", "language": "English"}'
q v2 2 --p0f3 "$P3" 127.0.0.2
grep -q 'short reply (231 of 232' "$TMP/v2.err" || fail "short: $(out v2.err)"
q v3 2 --p0f3 "$P3" 127.0.0.3
grep -q 'bad reply magic' "$TMP/v3.err" || fail "magic: $(out v3.err)"
q v4 2 --p0f3 "$P3" 127.0.0.4
q v5 0 --p0f3 "$P3" 127.0.0.5
diff -u "$TMP/v1.want" "$TMP/v5" || fail "answer in two writes"
q v6 2 -t 300 --p0f3 "$P3" 127.0.0.6
q v7 1 --p0f3 "$P3" 127.0.0.7
assert_eq "no match prints nothing" "" "$(out v7)"
q v8 2 --p0f3 "$P3" 127.0.0.8
q v6a 0 --p0f3 "$P3" 2001:db8::1
assert_eq "v3 IPv6 query bytes" \
    014630500620010db8000000000000000000000001 "$(cat "$S/p0f3.last")"
grep -q '^Distance      = ???$' "$TMP/v6a" || fail "unknown distance: $(out v6a)"
grep -q '^Detected OS   = v6$' "$TMP/v6a" || fail "bare OS name: $(out v6a)"
if grep -q -e '^Uptime' -e '^IP sharing' -e '^Sys change' "$TMP/v6a"; then
	fail "zero uptime/nat/change printed: $(out v6a)"
fi
q v6aj 0 -j --p0f3 "$P3" 2001:db8::1
json_is v6aj 'j["distance"] is None and j["os_name"] == "v6"'

# --- p0f v2 ------------------------------------------------------------
P2=$S/p0f2.sock
q w1 0 --p0f2 "$P2" 192.0.2.7 1
cat >"$TMP/w1.want" <<'EOF'
Genre         = Linux
Detail        = 2.6 (newer, \x1b7)
Distance      = 3
Network link  = ethernet/modem
Uptime        = 5 hrs
EOF
diff -u "$TMP/w1.want" "$TMP/w1" || fail "v2 text output"
# magic, type 1 + 3 pad, id (random), src, dst 0.0.0.0, ports LE.
grep -Eq '^edacef0d01000000[0-9a-f]{8}c0000207000000000100' "$S/p0f2.last" ||
	fail "v2 query bytes: $(cat "$S/p0f2.last")"
grep -Eq '1900$' "$S/p0f2.last" || fail "v2 default dst port: $(cat "$S/p0f2.last")"
q w1j 0 -j --p0f2 "$P2" --dst 192.0.2.25:2525 192.0.2.7 1
grep -Eq '^edacef0d01000000[0-9a-f]{8}c0000207c00002190100dd09$' \
    "$S/p0f2.last" || fail "v2 query bytes with --dst: $(cat "$S/p0f2.last")"
json_is w1j 'j["genre"] == "Linux" and j["detail"] == "2.6 (newer, \\x1b7)"
    and j["distance"] == 3 and j["score"] == -100 and j["nat"] == 1
    and j["uptime"] == 5 and j["dst_port"] == 2525'
q w2 2 --p0f2 "$P2" 192.0.2.7 2
grep -q 'another query' "$TMP/w2.err" || fail "id check: $(out w2.err)"
q w3 1 --p0f2 "$P2" 192.0.2.7 3
q w4 2 --p0f2 "$P2" 192.0.2.7 4
q w5 2 --p0f2 "$P2" 192.0.2.7 5
q w6 2 --p0f2 "$P2" 192.0.2.7 6
q w7 2 --p0f2 "$P2" 2001:db8::7 1
q w8 2 --p0f2 "$P2" 192.0.2.7

# --- policy ------------------------------------------------------------
PI="inet:127.0.0.1:$(cat "$S/policy.port")"
q p1 0 --policy "$PI" 192.0.2.7 1
assert_eq "PREPEND action" "PREPEND X-p0f-OS: Linux 3.11 and newer" "$(out p1)"
python3 - "$S/policy.last" <<'EOF' || fail "policy request: $(cat "$S/policy.last")"
import sys
lines = open(sys.argv[1], "rb").read().decode().splitlines()
attrs = dict(l.split("=", 1) for l in lines)
assert len(attrs) == len(lines), lines
# What Postfix 3.7.11 sends (mail-clients.md 6).
names = """request protocol_state protocol_name client_address client_name
client_port reverse_client_name server_address server_port helo_name sender
recipient recipient_count queue_id instance size etrn_domain stress
sasl_method sasl_username sasl_sender ccert_subject ccert_issuer
ccert_fingerprint ccert_pubkey_fingerprint encryption_protocol
encryption_cipher encryption_keysize policy_context""".split()
assert sorted(attrs) == sorted(names), sorted(set(attrs) ^ set(names))
assert attrs["request"] == "smtpd_access_policy"
assert attrs["protocol_state"] == "DATA"
assert attrs["protocol_name"] == "ESMTP"
assert attrs["client_address"] == "192.0.2.7"
assert attrs["client_port"] == "1"
for k in names[4:]:
    assert k in ("client_port",) or attrs[k] == "", (k, attrs[k])
EOF
q p1j 0 -j --policy "unix:$S/policy.sock" --dst '[2001:db8::25]:25' 2001:db8::7 1
grep -q '^server_address=2001:db8::25$' "$S/policy.last" &&
	grep -q '^server_port=25$' "$S/policy.last" ||
	fail "--dst in the policy request: $(cat "$S/policy.last")"
json_is p1j 'j == {"address": "2001:db8::7", "port": 1,
    "action": "PREPEND X-p0f-OS: Linux 3.11 and newer",
    "header": "X-p0f-OS", "value": "Linux 3.11 and newer"}'
q p2 1 --policy "$S/policy.sock" 192.0.2.7 2
assert_eq "DUNNO action" dunno "$(out p2)"
q p3 2 --policy "$PI" 192.0.2.7 3
assert_eq "other action printed" "REJECT go away" "$(out p3)"
q p4 2 --policy "$PI" 192.0.2.7 4
q p5 2 --policy "$PI" 192.0.2.7 5
q p6 2 --policy "$PI" 192.0.2.7 6
q p7 0 --policy "$PI" 192.0.2.7 7
assert_eq "answer in pieces" 'PREPEND X-p0f-OS: Win\x01dows' "$(out p7)"
q p8 2 --policy "$PI" 192.0.2.7 8
grep -q 'longer than' "$TMP/p8.err" || fail "long policy reply: $(out p8.err)"

# --- stats -------------------------------------------------------------
q s1 0 --stats --control "$S/ctl-ok.sock"
assert_eq "stats command" "stats" "$(cat "$S/ctl.last")"
printf '%s\n' 'udp_queries 5' 'version 0.1.0' 'ratio 0.5' 'lead 007' \
    'neg -3' 'odd x\x5c\x01y' 'empty ' >"$TMP/s1.want"
diff -u "$TMP/s1.want" "$TMP/s1" || fail "stats text"
q s1j 0 --json --stats --control "$S/ctl-ok.sock"
json_is s1j 'j == {"udp_queries": 5, "version": "0.1.0", "ratio": 0.5,
    "lead": "007", "neg": -3, "odd": "x\\x5c\\x01y", "empty": ""}'
for c in cut badname noval big empty; do
	q "s-$c" 2 --stats --control "$S/ctl-$c.sock"
	assert_eq "stdout for a bad stats reply ($c)" "" "$(out "s-$c")"
done

# --- command line ------------------------------------------------------
q c1 2 --p0f3 "$P3" --p0f2 "$P2" 127.0.0.1
q c2 2 --p0f3 "$P3" 127.0.0.1 25
q c3 2 --udp "$U" not-an-address 25
q c4 2 --udp "$U" 127.0.0.1 65536
q c5 2 -t 0 --udp "$U" 127.0.0.1 1
q c6 2 --stats 127.0.0.1
q c7 2 --control /x 127.0.0.1 1
q c8 2 --dst 1.2.3.4:25 127.0.0.1 1
q c9 2 --udp 'no-port' 127.0.0.1 1
q c10 2 --policy "$PI" --dst 'nonsense' 127.0.0.1 1
q c11 0 -V
grep -q '^synprint-query [0-9]' "$TMP/c11" || fail "-V: $(out c11)"
q c12 0 --help
grep -q '^usage: synprint-query' "$TMP/c12" || fail "--help: $(out c12)"
