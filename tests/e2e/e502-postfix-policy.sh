#!/bin/sh
# e502: a separate Postfix 3.7 instance (postfix -c DIR, nothing under /etc
# changed) with
#   smtpd_data_restrictions =
#       check_policy_service { inet:127.0.0.1:10040, default_action=DUNNO }
# pointing at synprint-analyzer's --policy service, while the daemon
# captures the real SYNs of swaks -> Postfix on the loopback of a private
# network namespace. About 20 s (16-20 s measured): Postfix start-up, one
# `spamassassin -t` run (stock rules, --mbox) over all delivered copies.
#  - every delivered copy carries exactly one prepended X-p0f-OS (above
#    Postfix's Received), with the daemon's label for the client: a
#    message with 2 recipients (2 copies), an IPv6 client, and a message
#    whose own header carries a forged X-p0f-OS further down;
#  - synprint-scorer and `spamassassin -t -L` (stock rules + rules/p0f.cf)
#    give every copy the same p0f.cf rule hits and total (P0F_LINUX, also
#    for the forged one: the \A anchor sees Postfix's header only);
#  - with the daemon stopped, mail still flows (default_action=DUNNO),
#    without the header.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/mailnet.sh"
need_cmd postfix
need_cmd swaks
need_cmd spamassassin
id postfix >/dev/null 2>&1 || skip "no postfix user"
[ -x "$SCORER" ] || fail "$SCORER not built (make -C scorer)"
mn_netns e502

chmod 755 "$TMP"
P=$TMP/postfix
mkdir -p "$P/conf" "$P/spool" "$P/data" "$P/mail/example.test"
chown postfix:postfix "$P/data" "$P/mail/example.test"
cat >"$P/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $P/spool
data_directory = $P/data
mail_owner = postfix
myhostname = mx.example.test
mydomain = example.test
inet_interfaces = loopback-only
inet_protocols = all
mynetworks = 127.0.0.0/8 [::1]/128
mydestination =
local_recipient_maps =
relay_domains =
alias_maps =
alias_database =
virtual_mailbox_domains = example.test
virtual_mailbox_base = $P/mail
virtual_mailbox_maps = texthash:$P/conf/vmailbox
virtual_uid_maps = static:$(id -u postfix)
virtual_gid_maps = static:$(id -g postfix)
smtpd_data_restrictions =
    check_policy_service { inet:127.0.0.1:10040, default_action=DUNNO }
maillog_file = $P/maillog
maillog_file_prefixes = /var, /dev/stdout, $TMP
EOF
cat >"$P/conf/vmailbox" <<'EOF'
rcpt@example.test   example.test/rcpt
rcpt2@example.test  example.test/rcpt2
EOF
# Only the services this instance needs, none chrooted.
cat >"$P/conf/master.cf" <<'EOF'
smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF

chmod -R a+rX "$P"

mn_daemon "$TMP/synprint.log" --policy inet:127.0.0.1:10040 --udp 2345 \
    'tcp and dst port 25'

# postfix(1) talks only to a terminal or syslog; its maillog has the rest.
nsx postfix -c "$P/conf" check >"$TMP/check.log" 2>&1 ||
    fail "postfix check: $(cat "$TMP/check.log")"
at_exit "postfix -c $P/conf stop"
nsx postfix -c "$P/conf" start >"$TMP/start.log" 2>&1 ||
    fail "postfix start: $(cat "$TMP/start.log") $(tail -n 5 "$P/maillog")"
wait_for 10 test -s "$P/spool/pid/master.pid" || fail "no Postfix master pid"
master=$(tr -d ' ' <"$P/spool/pid/master.pid")
track "$master"
mn_wait_port 20 "$master" 25 Postfix "$P/maillog"

# send SERVER SOURCE SUBJECT RCPT[,RCPT] [swaks options...]
send() {
	_srv=$1 _src=$2 _subj=$3 _to=$4; shift 4
	nsx swaks --server "$_srv" --port 25 --local-interface "$_src" \
	    --helo client.example.com --from sender@example.com --to "$_to" \
	    --header "Subject: $_subj" "$@" >"$TMP/swaks-$_subj.log" 2>&1 ||
	    fail "swaks $_subj: $(tail -n 5 "$TMP/swaks-$_subj.log")"
}
send 127.0.0.1 127.0.0.5 e502-one rcpt@example.test
send 127.0.0.1 127.0.0.5 e502-two rcpt@example.test,rcpt2@example.test
send ::1 ::1 e502-v6 rcpt@example.test
send 127.0.0.1 127.0.0.5 e502-forged rcpt@example.test \
    --add-header "X-p0f-OS: FreeBSD 9.x"
# Five copies: one, two (x2), v6, forged.
wait_for 20 sh -c "[ \$(cat '$P'/mail/example.test/rcpt* 2>/dev/null |
    grep -c '^Subject: e502-') -eq 5 ]" ||
    { tail -n 20 "$P/maillog"; fail "Postfix did not deliver 5 copies"; }

label4=$(mn_udp 2345 "[127.0.0.5]" | sed 's/;.*//')
label6=$(mn_udp 2345 "[::1]" | sed 's/;.*//')
[ -n "$label4" ] && [ -n "$label6" ] || fail "daemon knows no client"
note "labels: 127.0.0.5 '$label4', ::1 '$label6'"

# Split the mailboxes into one file per copy (named SUBJECT-RCPT.eml) and
# check each copy's X-p0f-OS; also gather them into one mbox.
mkdir "$TMP/copies"
python3 - "$TMP/copies" "$label4" "$label6" \
    "$P"/mail/example.test/rcpt "$P"/mail/example.test/rcpt2 <<'EOF' ||
import re, sys
out, label4, label6, boxes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
bad, n = [], 0
allbox = open(out + "/all.mbox", "w", encoding="latin-1")
for box in boxes:
    text = open(box, encoding="latin-1").read()
    for msg in re.split(r"(?m)^(?=From )", text):
        if not msg.strip():
            continue
        n += 1
        allbox.write(msg)
        msg = msg.split("\n", 1)[1]              # the mbox From_ line
        head = msg.split("\n\n", 1)[0]
        names = [l.split(":", 1)[0].lower() for l in head.split("\n")
                 if l and not l[0].isspace()]
        subj = re.search(r"(?m)^Subject: (\S+)", head).group(1)
        rcpt = re.search(r"(?m)^Delivered-To: (\S+)", head).group(1)
        vals = re.findall(r"(?m)^X-p0f-OS: (.*)$", head)
        above = names[:names.index("received")].count("x-p0f-os")
        want = label6 if subj == "e502-v6" else label4
        forged = subj == "e502-forged"
        if above != 1:
            bad.append("%s in %s: %d X-p0f-OS above Received" % (subj, box, above))
        if vals[:1] != [want]:
            bad.append("%s: X-p0f-OS %r, want %r" % (subj, vals, want))
        if len(vals) != (2 if forged else 1):
            bad.append("%s: %d X-p0f-OS headers" % (subj, len(vals)))
        with open("%s/%s-%s.eml" % (out, subj, rcpt), "w", encoding="latin-1") as f:
            f.write(msg)
print("%d copies" % n)
if n != 5:
    bad.append("%d copies, want 5" % n)
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)
EOF
    fail "X-p0f-OS not prepended exactly once per copy"
sed '/^$/q' "$TMP/copies/e502-two-rcpt2@example.test.eml"

# Score every copy with synprint-scorer and with SpamAssassin itself (one
# run over all copies: its start-up is the slow part).
SITE=$TMP/site
mkdir "$SITE"
for f in /etc/spamassassin/*.pre; do ln -s "$f" "$SITE/"; done
cp "$TOP/rules/p0f.cf" "$SITE/"
printf 'use_bayes 0\nadd_header all Tests _TESTSSCORES(,)_\n' >"$SITE/local.cf"
for f in "$TMP"/copies/*.eml; do
	"$SCORER" -r "$TOP/rules/p0f.cf" --single "$f" >>"$TMP/ours.txt" ||
	    fail "synprint-scorer found no hit in $f"
done
spamassassin -t -L --mbox --siteconfigpath "$SITE" -p /dev/null \
    <"$TMP/copies/all.mbox" >"$TMP/sa.mbox" 2>"$TMP/sa.err" ||
    [ $? -eq 1 ] || fail "spamassassin failed: $(tail -n 3 "$TMP/sa.err")"
python3 - "$TMP" "$TOP/rules/p0f.cf" <<'EOF' ||
import re, sys
tmp, cf = sys.argv[1], sys.argv[2]
names = set(m.group(2) for m in re.finditer(r"(?m)^(header|meta)\s+(\w+)",
                                             open(cf).read())
            if not m.group(2).startswith("__"))
ours = {}
for line in open(tmp + "/ours.txt"):
    src, rest = line.rstrip("\n").split("\t", 1)
    key = re.search(r"/copies/(.*)\.eml", src).group(1)
    m = re.match(r"tests=(\S+) total=(\S+)$", rest)
    ours[key] = (sorted(m.group(1).split(",")), "%.1f" % float(m.group(2)))
sa = {}
text = open(tmp + "/sa.mbox", encoding="latin-1").read()
for msg in re.split(r"(?m)^(?=From )", text):
    head = msg.split("\n\n", 1)[0]
    if not head.strip():
        continue
    subj = re.search(r"(?m)^Subject: (\S+)", head).group(1)
    rcpt = re.search(r"(?m)^Delivered-To: (\S+)", head).group(1)
    t = re.search(r"(?m)^X-Spam-Tests: (.*(?:\n[ \t].*)*)", head).group(1)
    t = re.sub(r"\s", "", t)
    hits = sorted(x for x in t.split(",") if x.split("=")[0] in names)
    total = sum(float(x.split("=")[1]) for x in hits)
    sa["%s-%s" % (subj, rcpt)] = (hits, "%.1f" % total)
bad = []
for key in sorted(set(ours) | set(sa)):
    o, s = ours.get(key), sa.get(key)
    print("# %s: scorer %s, spamassassin %s" % (key, o, s))
    if o != s:
        bad.append(key)
    elif o[0] != ["P0F_LINUX=-0.1"]:
        bad.append(key + " (not P0F_LINUX)")
if len(ours) != 5 or len(sa) != 5:
    bad.append("%d scorer and %d spamassassin results, want 5" % (len(ours), len(sa)))
if bad:
    sys.exit("differ: " + ", ".join(bad))
EOF
    fail "synprint-scorer and SpamAssassin disagree"

# The daemon down: Postfix gets no policy answer, takes default_action and
# delivers without the header.
kill "$SYNPRINTD"
wait_for 5 sh -c "! kill -0 $SYNPRINTD" || fail "daemon did not stop"
send 127.0.0.1 127.0.0.5 e502-down rcpt@example.test
wait_for 20 grep -q '^Subject: e502-down$' "$P/mail/example.test/rcpt" ||
    { tail -n 20 "$P/maillog"; fail "no delivery with the daemon down"; }
sed -n '/^From sender/h; /^From sender/!H; ${x;p}' "$P/mail/example.test/rcpt" |
    grep -q '^X-p0f-OS:' && fail "a header without the daemon?"
grep -q 'warning: connect to 127.0.0.1:10040: Connection refused' \
    "$P/maillog" || fail "Postfix did not try the policy service"
echo ok
