#!/bin/sh
# e501: amavisd-new 2.13 with $os_fingerprint_method = 'p0f:127.0.0.1:2345'
# asks synprint-analyzer, which captured the client's real kernel SYN on the
# loopback of a private network namespace. About 12 s (10-15 s measured),
# mostly amavisd (with SpamAssassin) start-up.
#  - a client at 127.0.0.5 connects to port 25; the message is handed to
#    amavisd with XFORWARD ADDR/PORT of that connection (as Postfix does);
#    the mail delivered to an SMTP sink carries
#    "X-Amavis-OS-Fingerprint: <the daemon's answer>, [127.0.0.5]:PORT",
#    and SpamAssassin inside amavisd fires L_P0F_Linux of rules/p0f.cf
#    (amavis log and X-Spam-Status);
#  - XFORWARD with a port the daemon never saw: no header, no L_P0F_* hit
#    (amavisd asks for that exact connection).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/mailnet.sh"
need_cmd amavisd
id amavis >/dev/null 2>&1 || skip "no amavis user (amavisd-new not installed)"
mn_netns e501

chmod 755 "$TMP"
A=$TMP/amavis
mkdir -p "$A/tmp" "$A/db" "$A/var" "$A/sa" "$TMP/sink"
for f in /etc/spamassassin/*.pre; do ln -s "$f" "$A/sa/"; done
cp "$TOP/rules/p0f.cf" "$A/sa/"
printf 'use_bayes 0\n' >"$A/sa/local.cf"
cat >"$TMP/amavisd.conf" <<EOF
use strict;
\$MYHOME = '$A';
\$TEMPBASE = "\$MYHOME/tmp";
\$db_home = "\$MYHOME/db";
\$helpers_home = "\$MYHOME/var";
\$pid_file = "\$MYHOME/amavisd.pid";
\$lock_file = "\$MYHOME/amavisd.lock";
\$QUARANTINEDIR = undef;
\$daemon_user = 'amavis';
\$daemon_group = 'amavis';
\$myhostname = 'mx.example.test';
\$mydomain = 'example.test';
\$max_servers = 1;
\$inet_socket_bind = '127.0.0.1';
\$inet_socket_port = 10024;
\$unix_socketname = undef;
\$forward_method = 'smtp:[127.0.0.1]:10025';
\$notify_method = \$forward_method;
\$DO_SYSLOG = 0;
\$LOGFILE = "\$MYHOME/amavis.log";
\$log_level = 2;
\$enable_db = 0;
\$enable_dkim_verification = 0;
\$enable_dkim_signing = 0;
@mynetworks = qw(192.0.2.0/24);
@local_domains_maps = (['example.test']);
@bypass_virus_checks_maps = (1);
@av_scanners = ();
@av_scanners_backup = ();
@bypass_spam_checks_maps = (0);
\$sa_local_tests_only = 1;
\$sa_siteconfigpath = "\$MYHOME/sa";
\$sa_tag_level_deflt = -999;
\$final_spam_destiny = D_PASS;
\$os_fingerprint_method = 'p0f:127.0.0.1:2345';
1;
EOF
chown -R amavis:amavis "$A"
chmod -R a+rX "$TMP"

mn_daemon "$TMP/synprint.log" --udp 2345 'tcp and dst port 25'

# The next hop: an SMTP sink saving each message as sink/N.eml.
$NSX python3 - "$TMP/sink" >"$TMP/sink.log" 2>&1 <<'EOF' &
import socket, sys
out, n = sys.argv[1], 0
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 10025))
srv.listen(5)
print("ready", flush=True)
while True:
    c, _ = srv.accept()
    f = c.makefile("rwb")
    def say(s):
        f.write(s.encode() + b"\r\n"); f.flush()
    say("220 sink.example.test ESMTP")
    while True:
        line = f.readline()
        if not line:
            break
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            say("250-sink.example.test"); say("250 8BITMIME")
        elif cmd == b"DATA":
            say("354 go ahead")
            data = []
            while True:
                l = f.readline()
                if l in (b".\r\n", b".\n", b""):
                    break
                data.append(l[1:] if l.startswith(b"..") else l)
            n += 1
            with open("%s/%d.eml" % (out, n), "wb") as m:
                m.write(b"".join(data).replace(b"\r\n", b"\n"))
            say("250 2.0.0 saved as %d" % n)
        elif cmd == b"QUIT":
            say("221 bye"); break
        else:
            say("250 ok")
    c.close()
EOF
track $!
wait_for 5 grep -q ready "$TMP/sink.log" || fail "SMTP sink did not start"

# The configuration must belong to root, the directories to amavis.
$NSX amavisd -c "$TMP/amavisd.conf" foreground >"$TMP/amavisd.out" 2>&1 &
track $!
mn_wait_port 60 $! 10024 amavisd "$TMP/amavisd.out" "$A/amavis.log"

# inject ADDR PORT SUBJECT: hand one message to amavisd the way Postfix's
# content filter does (EHLO, XFORWARD, MAIL, RCPT, DATA).
inject() {
	nsx python3 - "$@" <<'EOF'
import socket, sys
addr, port, subj = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", 10024), timeout=30)
f = s.makefile("rwb")
def cmd(line, want):
    if line is not None:
        f.write(line.encode() + b"\r\n"); f.flush()
    while True:
        r = f.readline().decode()
        if r[3:4] != "-":
            break
    if not r.startswith(want):
        sys.exit("%r -> %r" % (line, r))
    return r
cmd(None, "220")
cmd("EHLO mx.example.test", "250")
cmd("XFORWARD NAME=client.example.com ADDR=%s PORT=%s PROTO=ESMTP "
    "HELO=client.example.com SOURCE=REMOTE" % (addr, port), "250")
cmd("MAIL FROM:<sender@example.com>", "250")
cmd("RCPT TO:<rcpt@example.test>", "250")
cmd("DATA", "354")
body = ("From: sender@example.com\r\nTo: rcpt@example.test\r\n"
        "Subject: %s\r\nMessage-ID: <%s@example.com>\r\n"
        "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nHello.\r\n" % (subj, subj))
f.write(body.encode()); f.flush()
print(cmd(".", "250").strip())
cmd("QUIT", "221")
EOF
}

port=$(mn_syn 127.0.0.5 127.0.0.1 25)
wait_for 5 mn_known 2345 "[127.0.0.5]:$port" ||
    fail "daemon never saw 127.0.0.5:$port"
answer=$(mn_udp 2345 "[127.0.0.5]:$port")
note "daemon: [127.0.0.5]:$port is '$answer'"
inject 127.0.0.5 "$port" e501-seen || fail "amavisd refused the message"
inject 127.0.0.5 1 e501-unseen || fail "amavisd refused the second message"
wait_for 10 test -s "$TMP/sink/2.eml" ||
    { tail -n 20 "$A/amavis.log"; fail "amavisd did not forward both messages"; }

# header NAME FILE: the unfolded value(s) of NAME in FILE's header.
header() {
	sed '/^$/q' "$2" | awk -v h="$1" '
	    /^[ \t]/ { if (on) { sub(/^[ \t]+/, " "); v = v $0 }; next }
	    { if (on) print v; on = 0 }
	    tolower(substr($0, 1, length(h) + 1)) == tolower(h) ":" {
		on = 1; v = substr($0, length(h) + 2); sub(/^[ \t]+/, "", v) }
	    END { if (on) print v }'
}
seen=$(grep -l '^Subject: e501-seen$' "$TMP"/sink/*.eml) || fail "no e501-seen"
unseen=$(grep -l '^Subject: e501-unseen$' "$TMP"/sink/*.eml) ||
    fail "no e501-unseen"
sed '/^$/q' "$seen"

fp=$(header X-Amavis-OS-Fingerprint "$seen")
# amavisd folds long headers at spaces; unfolding gives one space back.
assert_eq "X-Amavis-OS-Fingerprint" "$answer, [127.0.0.5]:$port" "$fp"
case $(header X-Spam-Status "$seen") in
*L_P0F_Linux=-0.1*) ;;
*) fail "X-Spam-Status without L_P0F_Linux: $(header X-Spam-Status "$seen")" ;;
esac
# One scan logged the hit (this one); the other message must not have any.
assert_eq "amavis log lines with L_P0F_Linux" 1 \
    "$(grep -c 'spam-tag, .*tests=\[[^]]*L_P0F_Linux=-0.1' "$A/amavis.log")"

assert_eq "unseen: X-Amavis-OS-Fingerprint" "" \
    "$(header X-Amavis-OS-Fingerprint "$unseen")"
case $(header X-Spam-Status "$unseen") in
*L_P0F_*) fail "unseen connection hit an L_P0F rule" ;;
"") fail "unseen: no X-Spam-Status (not scanned?)" ;;
esac
grep 'L_P0F' "$A/amavis.log" | sed 's/^/# /'
echo ok
