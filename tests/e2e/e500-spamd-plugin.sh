#!/bin/sh
# e500: spamd with the Synprint plugin (rules/Synprint.pm, synprint.pre,
# synprint.cf installed side by side in its site directory) asking
# synprint-analyzer, which captures real kernel SYNs on the loopback of a
# private network namespace. About 15 s (6-25 s measured, by load): two
# lint runs and spamd start-up.
#  - a client at 127.0.0.5 (and one at an IPv6 address) connects to port
#    25; a message whose relay is that address gets SYNPRINT_LINUX and the
#    eval rule in `spamc -R`, and _SYNPRINTOS_ is the daemon's label;
#  - forged X-Synprint-OS/-Result headers in the message do not change the
#    verdict, and spamd hands the message back with them untouched;
#  - a relay synprint never saw: asked, nothing known, no SYNPRINT_* hit,
#    even with a forged header;
#  - --lint passes with the shipped files and refuses bad option values;
#  - daemon stopped (refused) and a server that never answers (timeout):
#    the message is still scored, without SYNPRINT_* hits.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/mailnet.sh"
need_cmd spamd
need_cmd spamc
mn_netns e500

chmod 755 "$TMP"
SITE=$TMP/site
mkdir "$SITE"
for f in /etc/spamassassin/*.pre; do ln -s "$f" "$SITE/"; done
cp "$TOP/rules/synprint.pre" "$TOP/rules/Synprint.pm" "$TOP/rules/synprint.cf" \
    "$SITE/"
cat >"$SITE/local.cf" <<'EOF'
use_bayes 0
header   T_SYNPRINT_EVAL  eval:synprint_os('\ALinux \d')
describe T_SYNPRINT_EVAL  eval:synprint_os() says Linux
add_header all Synprint-OS _SYNPRINTOS_
EOF
chmod -R a+rX "$TMP"

# The shipped files lint clean; the options refuse bad values.
spamassassin --lint -L --siteconfigpath "$SITE" -p /dev/null \
    >"$TMP/lint.log" 2>&1 || fail "lint: $(cat "$TMP/lint.log")"
if spamassassin --lint -L --siteconfigpath "$SITE" -p /dev/null \
    --cf 'synprint_port 70000' --cf 'synprint_timeout 9' \
    --cf 'synprint_address localhost' >"$TMP/lint-bad.log" 2>&1; then
	fail "lint accepted bad synprint_* values"
fi
for o in synprint_port synprint_timeout synprint_address; do
	grep -q "invalid '$o' value" "$TMP/lint-bad.log" ||
	    fail "lint did not refuse $o: $(cat "$TMP/lint-bad.log")"
done

mn_daemon "$TMP/synprint.log" --udp 2345 'tcp and dst port 25'
nsx ip -6 addr add fd00:e500::5/128 dev lo nodad ||
    fail "cannot add an IPv6 address in $NS"
p4=$(mn_syn 127.0.0.5 127.0.0.1 25)
p6=$(mn_syn fd00:e500::5 fd00:e500::5 25)
wait_for 5 mn_known 2345 "[127.0.0.5]" || fail "daemon never saw 127.0.0.5"
wait_for 5 mn_known 2345 "[fd00:e500::5]" ||
    fail "daemon never saw fd00:e500::5"
label=$(mn_udp 2345 "[127.0.0.5]:$p4" | sed 's/;.*//')
note "127.0.0.5:$p4 is '$label'; fd00:e500::5:$p6 is" \
    "'$(mn_udp 2345 "[fd00:e500::5]:$p6" | sed 's/;.*//')'"
case $label in
"Linux "*"(loopback)") ;;
*) fail "unexpected label for a loopback SYN: '$label'" ;;
esac

USEROPT=
id debian-spamd >/dev/null 2>&1 && USEROPT="-u debian-spamd"
# shellcheck disable=SC2086
$NSX spamd -L -x -i 127.0.0.1 -p 783 -A 127.0.0.1 -m 1 $USEROPT \
    --siteconfigpath "$SITE" -D synprint -s stderr >"$TMP/spamd.log" 2>&1 &
track $!
printf 'Subject: ping\n\nping\n' >"$TMP/ping.eml"
wait_for 60 sh -c "ip netns exec $NS spamc -x -d 127.0.0.1 -p 783 \
    <'$TMP/ping.eml' | grep -q X-Spam-Status" ||
    { tail -n 20 "$TMP/spamd.log"; fail "spamd did not come up"; }

# msg NAME RELAY-IN-BRACKETS [EXTRA-HEADER...]
msg() {
	_n=$1; _ip=$2; shift 2
	{
		printf 'Received: from client.example.com (client.example.com [%s])\n' "$_ip"
		printf '\tby mx.example.test (Postfix) with ESMTP id 4TQ5Z70ZZ3z9s\n'
		printf '\tfor <rcpt@example.test>; Mon,  1 Jan 2024 00:00:00 +0000 (UTC)\n'
		for h in "$@"; do printf '%s\n' "$h"; done
		printf 'From: sender@example.com\nTo: rcpt@example.test\n'
		printf 'Subject: e500 %s\nMessage-ID: <%s.e500@example.com>\n' "$_n" "$_n"
		printf 'Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nHello.\n'
	} >"$TMP/$_n.eml"
}
# check NAME: spamc -R (report) and spamc (processed message) of NAME.
check() {
	nsx spamc -x -d 127.0.0.1 -p 783 -R <"$TMP/$1.eml" >"$TMP/$1.report" ||
	    [ $? -eq 1 ] || fail "spamc -R failed on $1"
	nsx spamc -x -d 127.0.0.1 -p 783 <"$TMP/$1.eml" >"$TMP/$1.out" ||
	    fail "spamc failed on $1"
	grep -q '^X-Spam-Status:' "$TMP/$1.out" || fail "$1 was not scored"
}
hits() {
	awk '$2 ~ /^(T_)?SYNPRINT_/ { print $2 }' "$TMP/$1.report" | sort |
	    tr '\n' ' '
}
tag() { sed -n 's/^X-Spam-Synprint-OS: *//p' "$TMP/$1.out"; }

msg seen 127.0.0.5
msg forged 127.0.0.5 "X-Synprint-OS: FreeBSD 9.x" \
    "X-Synprint-Result: FreeBSD 9.x; dist: 0"
msg unseen 127.0.0.9 "X-Synprint-OS: FreeBSD 9.x"
msg seen6 IPv6:fd00:e500::5
for m in seen forged unseen seen6; do check $m; done
cat "$TMP/seen.report"

assert_eq "seen: rules" "SYNPRINT_LINUX T_SYNPRINT_EVAL " "$(hits seen)"
assert_eq "seen: _SYNPRINTOS_" "$label" "$(tag seen)"
assert_eq "forged: rules" "SYNPRINT_LINUX T_SYNPRINT_EVAL " "$(hits forged)"
assert_eq "forged: _SYNPRINTOS_" "$label" "$(tag forged)"
grep -q '^X-Synprint-OS: FreeBSD 9.x$' "$TMP/forged.out" ||
    fail "spamd changed the message's own X-Synprint-OS header"
assert_eq "unseen: rules" "" "$(hits unseen)"
assert_eq "seen6: rules" "SYNPRINT_LINUX T_SYNPRINT_EVAL " "$(hits seen6)"
for s in "ignoring the message's own X-Synprint-OS header" \
    "looking up 127.0.0.5, the last trusted relay" \
    "sent '\[127.0.0.9\] [0-9a-f]\{8\}' to \[127.0.0.1\]:2345" \
    "answer after [0-9.]* ms: (nothing known)" \
    "looking up fd00:e500::5"; do
	grep -q "dbg: synprint: $s" "$TMP/spamd.log" ||
	    fail "spamd -D synprint did not log '$s'"
done

# The daemon gone: the datagram is refused, the check goes on.
kill "$SYNPRINTD"
wait_for 5 sh -c "! kill -0 $SYNPRINTD" || fail "daemon did not stop"
check seen
assert_eq "refused: rules" "" "$(hits seen)"
grep -q 'dbg: synprint: no answer from \[127.0.0.1\]:2345: Connection refused' \
    "$TMP/spamd.log" || fail "no 'refused' debug line"

# A server that reads and never answers: the plugin gives up after
# synprint_timeout (0.3 s) and the message is scored without it.
$NSX python3 -c '
import socket, sys, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 2345))
print("ready", flush=True)
while True:
    u.recv(2048)
' >"$TMP/silent.log" 2>&1 &
track $!
wait_for 5 grep -q ready "$TMP/silent.log" || fail "silent UDP server"
t0=$(date +%s.%N)
check seen
t1=$(date +%s.%N)
assert_eq "timeout: rules" "" "$(hits seen)"
grep -q 'dbg: synprint: no answer within 0.300 s' "$TMP/spamd.log" ||
    fail "no timeout debug line"
note "against a silent server, spamc -R + spamc took" \
    "$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s"
echo ok
