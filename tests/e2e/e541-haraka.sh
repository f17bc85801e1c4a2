#!/bin/sh
# e541: Haraka 3.3.4 with haraka-plugin-p0f 1.0.15 asks synprint's p0f v3
# socket over its one persistent, pipelined connection.
#  - Haraka skips private addresses (loopback, 192.0.2/24 ...) but not
#    2001:db8::/32: a real kernel SYN from 2001:db8::10 (client netns) to
#    [2001:db8::1] (server netns, where the daemon captures on the veth) is
#    fingerprinted;
#  - swaks talks to Haraka on [::1] with a PROXY header naming 2001:db8::10
#    as the client (Haraka accepts PROXY from ::1 only);
#  - the saved message has X-p0f-Result: os="<the OS the daemon logged>",
#    for two messages over the same plugin connection.
# Haraka and the plugin are installed with npm (pinned) once into
# $E2E_CACHE/haraka-3.3.4-p0f-1.0.15 (never in the tree).
# Runtime: ~5 s with the npm install cached, ~35 s on the first run.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/synhost.sh"
need_root "network namespaces, live capture"
need_cmd swaks
command -v node >/dev/null 2>&1 || skip "node not installed (Haraka 3.3.4 needs node >= 20)"
command -v npm >/dev/null 2>&1 || skip "npm not installed (needed to install Haraka)"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' ||
	skip "node $(node --version) is older than 20 (Haraka 3.3.4 needs >= 20)"
E2E_CACHE=${E2E_CACHE:-/var/tmp/synprint-e2e}

SYNPORT=25411 SMTP=25412
ports_free $SMTP
HK=$E2E_CACHE/haraka-3.3.4-p0f-1.0.15
if [ ! -x "$HK/node_modules/.bin/haraka" ]; then
	mkdir -p "$E2E_CACHE"
	new=$(mktemp -d "$E2E_CACHE/haraka.XXXXXX")
	at_exit "rm -rf '$new'"
	echo '{"private": true}' >"$new/package.json"
	t0=$(date +%s)
	(cd "$new" && npm install --no-audit --no-fund --cache "$E2E_CACHE/npm" \
	    Haraka@3.3.4 haraka-plugin-p0f@1.0.15) >"$TMP/npm.log" 2>&1 || {
		tail -n 20 "$TMP/npm.log"
		skip "npm install Haraka@3.3.4 haraka-plugin-p0f@1.0.15 failed (registry unreachable?)"
	}
	note "npm install: $(( $(date +%s) - t0 )) s"
	# Another run may have won the race; either copy is complete.
	mv -T "$new" "$HK" 2>/dev/null || true
fi
HARAKA=$HK/node_modules/.bin/haraka

chmod 755 "$TMP"
S=$TMP/haraka
"$HARAKA" -i "$S" >"$TMP/haraka-init.log" 2>&1 ||
	fail "haraka -i: $(cat "$TMP/haraka-init.log")"
mkdir -p "$TMP/saved"

# No cluster (one plugin connection); a set public_ip keeps Haraka from
# asking a STUN server on the Internet for it.
cat >"$S/config/smtp.ini" <<EOF
listen=[::1]:$SMTP
nodes=0
public_ip=192.0.2.25
EOF
# PROXY protocol from ::1 only (the rest of the stock file stays).
sed -i 's/^hosts\[\] =$/hosts[] = ::1/' "$S/config/connection.ini"
grep -qx 'hosts\[\] = ::1' "$S/config/connection.ini" ||
	fail "connection.ini has no [haproxy] hosts[] line to set"
echo example.test >"$S/config/host_list"
echo mx.example.test >"$S/config/me"
cat >"$S/config/p0f.ini" <<EOF
[main]
socket_path=$TMP/p0f3.sock
add_header=X-p0f-Result
EOF
cat >"$S/config/log.ini" <<EOF
[main]
level=info
timestamps=true
EOF
cat >"$S/config/plugins" <<EOF
p0f
test_fake_rdns
rcpt_to.in_host_list
test_save_queue
EOF
# Without an answer to lookup_rdns Haraka asks DNS for a PTR record.
cat >"$S/plugins/test_fake_rdns.js" <<'EOF'
exports.register = function () {
  this.register_hook('lookup_rdns', 'fake_rdns')
}
exports.fake_rdns = function (next) {
  next(OK, 'client.example.test')
}
EOF
cat >"$S/plugins/test_save_queue.js" <<EOF
const fs = require('node:fs')
exports.hook_queue = function (next, connection) {
  const tx = connection.transaction
  const out = fs.createWriteStream('$TMP/saved/' + tx.uuid + '.eml')
  out.on('finish', () => next(OK))
  tx.message_stream.pipe(out)
}
EOF

synhost_up
synhost_daemon $SYNPORT --p0f3 "$TMP/p0f3.sock" --control "$TMP/ctl.sock" \
    -o "$TMP/syn.log"

t0=$(date +%s)
"$HARAKA" -c "$S" >"$TMP/haraka.log" 2>&1 &
track $!
HPID=$!
wait_for 30 sh -c "ss -Hlnt 'sport = :$SMTP' | grep -q LISTEN" ||
	fail "haraka not listening: $(tail -n 30 "$TMP/haraka.log")"
note "Haraka listening after $(( $(date +%s) - t0 )) s"
# The plugin connects at start-up and keeps that connection.
ctl_wait 10 "$TMP/ctl.sock" p0f3_conns_now -eq 1 ||
	fail "the p0f plugin did not connect"

synhost_syn 2001:db8::1 $SYNPORT
wait_for 5 grep -q 'mod=syn|cli=2001:db8:0:0:0:0:0:10/' "$TMP/syn.log" ||
	fail "daemon saw no SYN from 2001:db8::10"
os=$(daemon_os "$TMP/syn.log" '2001:db8:0:0:0:0:0:10')
case "$os" in Linux*) ;; *) fail "daemon says '$os' for a Linux SYN" ;; esac
note "daemon: 2001:db8::10 is $os"

for n in 1 2; do
	swaks --server ::1 --port $SMTP --proxy-version 1 --proxy-family TCP6 \
	    --proxy-source 2001:db8::10 --proxy-source-port 4000$n \
	    --proxy-dest ::1 --proxy-dest-port $SMTP \
	    --from sender@example.com --to rcpt@example.test \
	    --header "Subject: e541 $n" >"$TMP/swaks$n.log" 2>&1 ||
		fail "swaks $n: $(tail -n 8 "$TMP/swaks$n.log")
$(tail -n 20 "$TMP/haraka.log")"
	wait_for 10 sh -c "grep -l '^Subject: e541 $n' '$TMP'/saved/*.eml" ||
		fail "message $n not saved: $(tail -n 20 "$TMP/haraka.log")"
	m=$(grep -l "^Subject: e541 $n" "$TMP"/saved/*.eml | head -n 1)
	h=$(grep '^X-p0f-Result:' "$m") ||
		fail "message $n has no X-p0f-Result: $(grep -i p0f "$TMP/haraka.log" | tail -n 10)"
	note "message $n: $h"
	case "$h" in
	"X-p0f-Result: os=\"$os\" link_type=\"Ethernet or modem\""*) ;;
	*) fail "message $n: expected os=\"$os\" link_type=\"Ethernet or modem\"" ;;
	esac
done
grep -q "\[p0f\] os=\"$os\"" "$TMP/haraka.log" ||
	fail "no [p0f] line in Haraka's log"

# Both lookups went over the plugin's one connection; all answered.
conns=$(ctl_stat "$TMP/ctl.sock" p0f3_conns)
known=$(ctl_stat "$TMP/ctl.sock" p0f3_known)
assert_eq "plugin connections" 1 "$conns"
assert_eq "answered queries" 2 "$known"
kill -0 $HPID || fail "haraka died"
echo ok
