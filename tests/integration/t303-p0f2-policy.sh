#!/bin/sh
# t303: the p0f v2 query API (qpsmtpd "version 2": 24-byte queries keyed by
# the 4-tuple, 144-byte answers) and the Postfix policy service (TCP and
# unix), on the known-clients pcap of t300 (all SYNs to 127.0.0.1:25):
#  - v2: genre/detail/dist/link of a known client, the query id echoed,
#    several queries in one write answered in order; no match (type 2) for
#    an unknown port, a wrong destination port or a wrong destination
#    address, unless that address is a --p0f2-local-ip; 0.0.0.0 matches;
#    bad magic or query type -> type 1;
#  - policy: PREPEND X-p0f-OS (or --policy-header) at DATA for a known
#    client_address/client_port (IPv4 and IPv6), DUNNO at RCPT and for an
#    unknown client; several requests on one connection, in one write or
#    cut into pieces; a malformed line closes the connection unanswered and
#    the daemon keeps serving.
. "$(dirname "$0")/lib.sh"
need_cmd python3
FP=/etc/p0f/p0f.fp
[ -f "$FP" ] || skip "p0f's database $FP missing (Debian package p0f)"
TOOLS=$TOP/tests/tools

python3 "$TOOLS/svcpcap.py" known "$TMP/known.pcap" >/dev/null
PPORT=$(python3 "$TOOLS/svcq.py" ports tcp 1)
# A: policy over TCP, plain v2. B: policy over a unix socket, v2 with a
# NAT-ed server address, another header name.
"$ANALYZER" --compat -f "$FP" -r "$TMP/known.pcap" --p0f2 "$TMP/a.v2" \
    --policy "inet:127.0.0.1:$PPORT" --control "$TMP/a.ctl" \
    >"$TMP/a.log" 2>&1 &
A=$!
track $A
"$ANALYZER" --compat -f "$FP" -r "$TMP/known.pcap" --p0f2 "$TMP/b.v2" \
    --p0f2-local-ip 192.0.2.77 --policy "unix:$TMP/b.policy" \
    --policy-header X-Test-OS --control "$TMP/b.ctl" >"$TMP/b.log" 2>&1 &
B=$!
track $B
for c in a b; do
	ctl_wait 10 "$TMP/$c.ctl" packets -eq 10 ||
		fail "daemon $c did not start: $(cat "$TMP/$c.log")"
done

TMPD=$TMP PPORT=$PPORT PYTHONPATH=$TOOLS python3 - <<'EOF' ||
import os, socket, sys, time
from svcq import (P0F2_RLEN, p0f2_parse, p0f2_query, policy_request,
                  recv_exact, unix_connect)

tmp, pport = os.environ["TMPD"], int(os.environ["PPORT"])
bad = 0


def expect(what, cond, detail=""):
    global bad
    print("%s %s %s" % ("ok  " if cond else "FAIL", what,
                        "" if cond else detail))
    bad += not cond


def v2(sock, qs):
    s = unix_connect(sock)
    try:
        s.sendall(b"".join(qs))
        data = recv_exact(s, P0F2_RLEN * len(qs))
    finally:
        s.close()
    return [p0f2_parse(data[i:i + P0F2_RLEN])
            for i in range(0, len(data), P0F2_RLEN)]


# ---- p0f v2 ----
for c in ("a", "b"):
    sock = os.path.join(tmp, c + ".v2")
    r = v2(sock, [p0f2_query("127.0.0.2", "127.0.0.1", 40001, 25, 0x1234)])
    r = r[0]
    expect("%s: v2 Windows XP" % c, r["magic"] == 0x0DEFACED and
           r["id"] == 0x1234 and r["type"] == 0 and
           r["genre"] == "Windows" and r["detail"] == "XP" and
           r["dist"] == 0 and r["link"] == "Ethernet or modem", str(r))
    # Several in one write, in order, ids echoed.
    plan = [("127.0.0.4", "127.0.0.1", 40003, 25, 0, "Linux"),
            ("127.0.0.4", "0.0.0.0", 40003, 25, 0, "Linux"),
            ("127.0.0.4", "127.0.0.1", 40004, 25, 2, ""),     # other port
            ("127.0.0.4", "127.0.0.1", 40003, 2525, 2, ""),   # wrong dport
            ("127.0.0.4", "192.0.2.78", 40003, 25, 2, ""),    # wrong dst
            ("127.0.0.4", "192.0.2.77", 40003, 25,
             0 if c == "b" else 2, "Linux" if c == "b" else ""),
            ("127.0.0.9", "127.0.0.1", 40003, 25, 2, ""),     # unknown
            ("127.0.0.3", "127.0.0.1", 40002, 25, 0, "Windows"),
            ("127.0.0.6", "127.0.0.1", 40011, 25, 0, "Linux")]
    qs = [p0f2_query(sip, dip, sp, dp, 100 + i)
          for i, (sip, dip, sp, dp, _, _) in enumerate(plan)]
    qs.append(p0f2_query("127.0.0.2", "127.0.0.1", 40001, 25, 900,
                         magic=0x0DEFACEE))
    qs.append(p0f2_query("127.0.0.2", "127.0.0.1", 40001, 25, 901, qtype=2))
    rs = v2(sock, qs)
    expect("%s: %d answers to %d pipelined queries" % (c, len(rs), len(qs)),
           len(rs) == len(qs))
    for i, (p, r) in enumerate(zip(plan, rs)):
        expect("%s: v2 %s -> %s:%d: type %d %s" % (c, p[0], p[1], p[3],
                                                   p[4], p[5]),
               r["id"] == 100 + i and r["type"] == p[4] and
               r["genre"] == p[5], str(r))
    for r, qid in zip(rs[len(plan):], (900, 901)):
        expect("%s: v2 bad query %d -> type 1" % (c, qid),
               r["id"] == qid and r["type"] == 1 and r["genre"] == "",
               str(r))
    expect("%s: Linux detail" % c, rs[0]["detail"] == "3.11 and newer",
           str(rs[0]))

# ---- Postfix policy ----
FULL = [("request", "smtpd_access_policy"), ("protocol_state", "DATA"),
        ("protocol_name", "ESMTP"), ("client_address", "127.0.0.2"),
        ("client_name", "localhost"), ("client_port", "40001"),
        ("reverse_client_name", "localhost"),
        ("server_address", "127.0.0.1"), ("server_port", "25"),
        ("helo_name", "client.example"), ("sender", "s@example.com"),
        ("recipient", "rcpt@example.test"), ("recipient_count", "1"),
        ("queue_id", "4F1A2B3C"), ("instance", "1a2b.5f00.0"),
        ("size", "0"), ("etrn_domain", ""), ("stress", ""),
        ("sasl_method", ""), ("sasl_username", ""), ("sasl_sender", ""),
        ("ccert_subject", ""), ("ccert_issuer", ""),
        ("ccert_fingerprint", ""), ("ccert_pubkey_fingerprint", ""),
        ("encryption_protocol", ""), ("encryption_cipher", ""),
        ("encryption_keysize", "0"), ("policy_context", "")]


def req(**over):
    return policy_request([(k, over.get(k, v)) for k, v in FULL])


def read_replies(s, n, timeout=5.0):
    """N replies ("...\\n\\n") from S, or fewer if it closed."""
    s.settimeout(timeout)
    buf = b""
    while buf.count(b"\n\n") < n:
        b = s.recv(4096)
        if not b:
            break
        buf += b
    return [x + b"\n\n" for x in buf.split(b"\n\n")[:-1]]


def connect(c):
    if c == "a":
        return socket.create_connection(("127.0.0.1", pport), 5)
    return unix_connect(os.path.join(tmp, "b.policy"))


for c, hdr in (("a", b"X-p0f-OS"), ("b", b"X-Test-OS")):
    pre = b"action=PREPEND " + hdr + b": "
    cases = [
        (req(), pre + b"Windows XP\n\n"),
        (req(protocol_state="RCPT"), b"action=DUNNO\n\n"),
        (req(protocol_state="END-OF-MESSAGE"), b"action=DUNNO\n\n"),
        (req(client_address="127.0.0.9"), b"action=DUNNO\n\n"),
        (req(client_address="::2", client_port="40006"),
         pre + b"Linux 3.11 and newer\n\n"),
        (req(client_address="127.0.0.3", client_port="40002"),
         pre + b"Windows 7 or 8\n\n"),
        (req(client_address="127.0.0.6", client_port="40010"),
         pre + b"Windows XP\n\n"),
        (policy_request([("request", "smtpd_access_policy"),
                         ("protocol_state", "DATA"),
                         ("client_address", "127.0.0.4"),
                         ("client_port", "40003")]),
         pre + b"Linux 3.11 and newer\n\n"),
    ]
    # All requests on one connection, in one write.
    s = connect(c)
    s.sendall(b"".join(q for q, _ in cases))
    got = read_replies(s, len(cases))
    expect("%s: %d replies on one connection" % (c, len(got)),
           len(got) == len(cases))
    for (q, want), g in zip(cases, got):
        expect("%s: policy -> %r" % (c, want), g == want, repr(g))
    # The same connection again, a request cut into small pieces.
    q = req(client_address="127.0.0.2")
    for i in range(0, len(q), 7):
        s.sendall(q[i:i + 7])
        time.sleep(0.001)
    g = read_replies(s, 1)
    expect("%s: request in pieces" % c, g == [pre + b"Windows XP\n\n"],
           repr(g))
    # A malformed line: closed without a reply.
    s.sendall(b"request=smtpd_access_policy\nthis line has no equals\n\n")
    s.settimeout(5)
    try:
        rest = s.recv(4096)
    except ConnectionResetError:
        rest = b""
    expect("%s: malformed line closes the connection" % c, rest == b"",
           repr(rest))
    s.close()
    # An empty request (just the empty line) is malformed too.
    s = connect(c)
    s.sendall(b"\n")
    s.settimeout(5)
    try:
        rest = s.recv(4096)
    except ConnectionResetError:
        rest = b""
    expect("%s: empty request closes the connection" % c, rest == b"",
           repr(rest))
    s.close()
    # Still serving.
    s = connect(c)
    s.sendall(req())
    g = read_replies(s, 1)
    s.close()
    expect("%s: serving after the bad requests" % c,
           g == [pre + b"Windows XP\n\n"], repr(g))
sys.exit(1 if bad else 0)
EOF
	fail "v2/policy checks failed"

for c in a b; do
	assert_eq "$c: policy_bad" 2 "$(ctl_stat "$TMP/$c.ctl" policy_bad)"
	assert_eq "$c: p0f2_bad" 2 "$(ctl_stat "$TMP/$c.ctl" p0f2_bad)"
	note "$c: $(ctl_stats "$TMP/$c.ctl" |
	    grep -E '^(p0f2|policy)_(queries|known|unknown|bad) ' | tr '\n' ' ')"
done
kill -0 $A && kill -0 $B || fail "a daemon died"
echo ok
