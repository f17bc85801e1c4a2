#!/bin/sh
# e542: qpsmtpd 0.94's ident/p0f plugin against synprint, both protocols in
# one qpsmtpd-forkserver on 127.0.0.1 (swaks sends; the daemon captures the
# real loopback SYNs on lo). All of it runs in a network namespace of its
# own holding only lo, so no port can clash and no DNS query leaves:
#  - `ident/p0f:3 SOCK` (p0f v3, the default mode: sends its 21-byte query
#    twice, reads one answer and closes) → note genre = the OS the daemon
#    logged for that SYN; the daemon survives the early close and answers
#    the next connection too;
#  - `ident/p0f:2 SOCK version 2` against --p0f2 (keyed by the client's
#    ip:port, server port checked) → note genre/detail, the same OS;
#  - a local data_post plugin writes each note into the message, and the
#    plugin's own log lines (loglevel 7 to stderr) name the OS.
# Runtime: ~5 s.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/synhost.sh"
. "$(dirname "$0")/mailnet.sh"
need_root "network namespace, live capture on lo"
need_cmd ip
need_cmd qpsmtpd-forkserver
need_cmd swaks
need_cmd python3
[ -f /usr/share/qpsmtpd/plugins/ident/p0f ] || skip "qpsmtpd without ident/p0f"
id qpsmtpd >/dev/null 2>&1 || skip "no qpsmtpd user"

PORT=25421
mn_netns e542
chmod 755 "$TMP"		# the qpsmtpd user reaches the sockets in it
Q=$TMP/qpsmtpd
mkdir -p "$Q/config" "$Q/plugins" "$Q/spool" "$Q/maildir"
chown qpsmtpd "$Q/spool" "$Q/maildir"
chmod 700 "$Q/spool"

$NSX "$ANALYZER" -i lo --p0f3 "$TMP/p0f3.sock" --p0f2 "$TMP/p0f2.sock" \
    --control "$TMP/ctl.sock" -o "$TMP/syn.log" "tcp dst port $PORT" \
    >"$TMP/daemon.err" 2>&1 &
DAEMON=$!
track $DAEMON
wait_for 10 grep -q ': ready$' "$TMP/daemon.err" ||
	fail "daemon not ready: $(cat "$TMP/daemon.err")"

# p0f_note TAG: after an ident/p0f instance, moves its "p0f" note to
# "p0f_TAG" (so the next instance starts from nothing) and adds it to the
# message as X-Test-P0f-TAG: key=value; ... (sorted).
cat >"$Q/plugins/p0f_note" <<'EOF'
use Qpsmtpd::Constants;
sub register { my ($self, $qp, $tag) = @_; $self->{tag} = $tag; }
sub hook_connect {
    my ($self) = @_;
    my $n = $self->connection->notes('p0f');
    $self->connection->notes('p0f', undef);
    $self->connection->notes("p0f_$self->{tag}", $n);
    return DECLINED;
}
sub hook_data_post {
    my ($self, $transaction) = @_;
    my $n = $self->connection->notes("p0f_$self->{tag}") or return DECLINED;
    $transaction->header->add("X-Test-P0f-$self->{tag}",
        join('; ', map { "$_=$n->{$_}" } sort keys %$n));
    return DECLINED;
}
EOF
cat >"$Q/config/plugins" <<EOF
ident/p0f:3 $TMP/p0f3.sock
p0f_note:3 v3
ident/p0f:2 $TMP/p0f2.sock version 2
p0f_note:2 v2
rcpt_ok
queue/maildir $Q/maildir
EOF
printf '%s\n' "$Q/plugins" /usr/share/qpsmtpd/plugins >"$Q/config/plugin_dirs"
echo 'logging/warn 7' >"$Q/config/logging"
echo 7 >"$Q/config/loglevel"
echo "$Q/spool" >"$Q/config/spool_dir"
echo example.test >"$Q/config/rcpthosts"
echo mx.example.test >"$Q/config/me"

# qpsmtpd 0.94's forkserver asks for the client's PTR record even with -H
# (it never passes the flag on), and its resolver cannot be redirected
# under perl -T. So, in the namespace only: /etc/resolv.conf names
# 127.0.0.1, where this stub answers every query NXDOMAIN at once.
$NSX python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
while True:
    q, a = s.recvfrom(512)
    if len(q) >= 12:
        s.sendto(q[:2] + b"\x81\x83" + q[4:6] + b"\0" * 6 + q[12:], a)
' >"$TMP/dns.log" 2>&1 &
track $!
echo 'nameserver 127.0.0.1' >"$TMP/resolv.conf"
# "ip netns exec" gives a private mount namespace: the bind stays in it.
$NSX sh -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
    "$TMP/resolv.conf" env QPSMTPD_CONFIG="$Q/config" qpsmtpd-forkserver \
    -l 127.0.0.1 -p $PORT -u qpsmtpd --pid-file "$Q/qpsmtpd.pid" \
    >"$TMP/qpsmtpd.log" 2>&1 &
track $!
wait_for 20 $NSX sh -c "ss -Hlnt 'sport = :$PORT' | grep -q LISTEN" ||
	fail "qpsmtpd not listening: $(tail -n 20 "$TMP/qpsmtpd.log")"

send() { # N
	$NSX swaks --server 127.0.0.1 --port $PORT --from sender@example.com \
	    --to rcpt@example.test --header "Subject: e542 $1" \
	    >"$TMP/swaks$1.log" 2>&1 || fail "swaks $1: $(tail -n 5 "$TMP/swaks$1.log")"
}
mail_with() { # SUBJECT-TAG: path of the delivered message
	grep -l "^Subject: e542 $1\$" "$Q"/maildir/new/* 2>/dev/null | head -n 1
}

for n in 1 2; do
	send $n
	wait_for 10 sh -c "grep -l '^Subject: e542 $n\$' '$Q'/maildir/new/*" ||
		fail "message $n not delivered: $(tail -n 20 "$TMP/qpsmtpd.log")"
	m=$(mail_with $n)
	# The daemon's log is flushed on a timer: wait for this SYN's line.
	wait_for 5 sh -c "[ \$(grep -c 'mod=syn|cli=127\.0\.0\.1/' '$TMP/syn.log') -ge $n ]" ||
		fail "daemon logged no SYN for connection $n"
	os=$(daemon_os "$TMP/syn.log" '127\.0\.0\.1')
	case "$os" in Linux*) ;; *) fail "daemon says '$os' for a Linux SYN" ;; esac
	note "message $n:"
	grep '^X-Test-P0f' "$m" || fail "no p0f note in message $n:
$(grep 'p0f' "$TMP/qpsmtpd.log" | tail -n 20)"
	v3=$(sed -n 's/^X-Test-P0f-v3: //p' "$m")
	v2=$(sed -n 's/^X-Test-P0f-v2: //p' "$m")
	case "; $v3;" in *"; genre=$os;"*) ;; *) fail "v3 note lacks genre=$os: $v3" ;; esac
	case "; $v3;" in *"; os_name=Linux;"*) ;; *) fail "v3 note lacks os_name: $v3" ;; esac
	case "; $v3;" in *"; status=16;"*) ;; *) fail "v3 status not ok: $v3" ;; esac
	genre=$(echo "$v2" | sed -n 's/.*genre=\([^;]*\).*/\1/p')
	detail=$(echo "$v2" | sed -n 's/.*detail=\([^;]*\).*/\1/p')
	assert_eq "v2 genre + detail" "$os" "$genre $detail"
	case "; $v2;" in *"; distance=0;"*) ;; *) fail "v2 distance: $v2" ;; esac
	kill -0 $DAEMON || fail "daemon died after connection $n"
done

# The plugin's own log lines (v3: "os_name os_flavor"; v2: "genre (detail)").
grep -q "ident::p0f.*: $os\$" "$TMP/qpsmtpd.log" ||
	fail "no v3 log line '$os': $(grep 'p0f' "$TMP/qpsmtpd.log" | tail -n 10)"
grep -q "ident::p0f.*: $genre ($detail)\$" "$TMP/qpsmtpd.log" ||
	fail "no v2 log line: $(grep 'p0f' "$TMP/qpsmtpd.log" | tail -n 10)"
! grep -q 'ident::p0f.*skip' "$TMP/qpsmtpd.log" ||
	fail "plugin skipped: $(grep 'ident::p0f.*skip' "$TMP/qpsmtpd.log")"

# Two connections: each v3 client sent its query twice and left after the
# first answer; every query was answered from the cache.
C=$TMP/ctl.sock
p0f3_queries=$(ctl_stat "$C" p0f3_queries)
p0f3_known=$(ctl_stat "$C" p0f3_known)
p0f3_conns=$(ctl_stat "$C" p0f3_conns)
p0f3_conns_now=$(ctl_stat "$C" p0f3_conns_now)
p0f3_bad=$(ctl_stat "$C" p0f3_bad)
p0f2_bad=$(ctl_stat "$C" p0f2_bad)
p0f2_queries=$(ctl_stat "$C" p0f2_queries)
p0f2_known=$(ctl_stat "$C" p0f2_known)
note "p0f3 queries $p0f3_queries known $p0f3_known conns $p0f3_conns;" \
    "p0f2 queries $p0f2_queries known $p0f2_known"
assert_eq "v3 queries (2 per connection)" 4 "$p0f3_queries"
assert_eq "v3 answered from the cache" 4 "$p0f3_known"
assert_eq "v3 connections" 2 "$p0f3_conns"
assert_eq "v3 connections still open" 0 "$p0f3_conns_now"
assert_eq "v2 queries" 2 "$p0f2_queries"
assert_eq "v2 answered from the cache" 2 "$p0f2_known"
assert_eq "bad v3 queries" 0 "$p0f3_bad"
assert_eq "bad v2 queries" 0 "$p0f2_bad"
echo ok
