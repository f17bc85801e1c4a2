#!/bin/sh
# t401: differential test of synprint-scorer against real SpamAssassin.
# A generated corpus (folded, repeated, absent, oddly-cased, 8-bit, encoded,
# CRLF headers; every rule of rules/p0f.cf and tests/golden/scorer/sa-diff.cf)
# is scored by spamd (started once on loopback, only these rules, -L) via
# spamc and by synprint-scorer; hits and totals must be equal per message,
# and every rule must hit somewhere.
. "$(dirname "$0")/lib.sh"
need_cmd spamd
need_cmd spamc
need_cmd python3
[ -x "$SCORER" ] || fail "$SCORER not built (make -C scorer)"

RULES="$TOP/rules/p0f.cf $TOP/tests/golden/scorer/sa-diff.cf"
NMSG=${T401_MESSAGES:-400}
chmod 755 "$TMP"
mkdir -p "$TMP/cf" "$TMP/site" "$TMP/msgs"
for f in $RULES; do cp "$f" "$TMP/cf/"; done
cat >"$TMP/cf/zz-report.cf" <<'EOF'
required_score 1000
use_bayes 0
util_rb_tld test
add_header all Tests _TESTSSCORES(,)_
add_header all Total _SCORE_
EOF
for f in /etc/spamassassin/*.pre; do ln -s "$f" "$TMP/site/"; done
chmod -R a+rX "$TMP"

python3 - "$TMP/msgs" "$NMSG" <<'EOF'
import random, sys
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(401)
OS = ["Windows XP", "Windows XP SP1+, 2000 SP3", "Windows 2000 SP4, XP SP1+",
      "Windows 98", "Windows ME", "Windows Vista", "Windows 7 or 8",
      "Windows 8 or newer", "Windows 10 or 11", "Windows NT kernel",
      "Windows NT kernel 6.x", "???", "UNKNOWN [S4:64:1:60:M1460,S,T,N,W7:.:?:?]",
      "Linux 3.11 and newer", "Linux 2.2.x-3.x", "Linux 4.x and newer",
      "Linux 5.x-6.x", "Linux (Android)", "Linux 2.6.x", "Mac OS X 10.x",
      "macOS 11 or newer", "MacOS X 10.9 or newer", "iOS iPhone or iPad",
      "Android 4.x", "FreeBSD 9.x or newer", "OpenBSD 4.x-5.x", "NetBSD 1.6",
      "Solaris 10", "HP-UX 11.x", "AIX 5.3", "Tru64 4.x", "OpenVMS 8.x",
      "Blackberry", "Linux 3.1.x kernel 1.1.5"]
AMAVIS_TAIL = ["; dist: 8; link: Ethernet or modem; params: none; raw_mtu: 1500",
               ", (distance 8, link: ethernet/modem)", ", (distance 13, link: DSL)",
               "; dist: 0; link: ???; params: generic", ""]
SUBJECTS = [b"Hello World", b"=?utf-8?q?Hello_World?=", b"=?UTF-8?B?SGVsbG8gV29ybGQ=?=",
            b"=?iso-8859-1?q?caf=E9?=", b"caf\xc3\xa9 au lait", b"caf\xe9 au lait",
            b"=?utf-8?q?Hello?= =?utf-8?q?_World?=", b"plain subject",
            b"=?us-ascii?q?Hello_World?=", b"Hello\n World"]

def fold(v):
    words = v.split(" ")
    if len(words) < 2:
        return v
    k = rnd.randrange(1, len(words))
    return " ".join(words[:k]) + rnd.choice(["\n ", "\n\t", "\n  "]) + " ".join(words[k:])

def name(h):
    return rnd.choice([h, h.lower(), h.upper(), h[0].lower() + h[1:]])

def os_value():
    v = rnd.choice(OS)
    r = rnd.random()
    if r < 0.08:
        v = v + " \xe9t\xe9"                            # Latin-1 bytes
    elif r < 0.14:
        v = v + " caf\u00e9".encode().decode("latin-1")  # UTF-8 bytes
    elif r < 0.18:
        v = v + " \x80"                                  # W1252 euro
    elif r < 0.24:
        v = "=?utf-8?q?" + v.replace(" ", "_").replace("?", "=3F") + "?="
    elif r < 0.27:
        v = v + " \xc9T\xc9"
    return v

for i in range(n):
    h = []
    if rnd.random() < 0.85:
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            v = os_value()
            if rnd.random() < 0.2:
                v = fold(v)
            sep = rnd.choice([": ", ": ", ":", ":  ", ":\t", " : ", ": "])
            tail = rnd.choice(["", "", "", " ", "\t"])
            h.append(name("X-p0f-OS") + sep + v + tail)
    if rnd.random() < 0.04:
        h.append("X-p0f-OS:")
    if rnd.random() < 0.45:
        for _ in range(rnd.choice([1, 1, 2])):
            v = rnd.choice(OS) + rnd.choice(AMAVIS_TAIL)
            if rnd.random() < 0.3:
                v = v + ", [192.0.2.%d]:%d" % (rnd.randrange(1, 250), rnd.randrange(1024, 65535))
            if rnd.random() < 0.3:
                v = fold(v)
            h.append(name("X-Amavis-OS-Fingerprint") + ": " + v)
    h.append("From: sender%d@example.com" % i)
    h.append(rnd.choice(["To: bob@example.com", "To: alice@example.org",
                         "Cc: bob@example.com", "To: carol@example.net"]))
    if rnd.random() < 0.5:
        h.append("Message-ID: <%d@p0f.test>" % i)
    else:
        h.append("Message-ID: <%d@elsewhere.test>" % i)
    if rnd.random() < 0.1:
        h.append("Date: =?utf-8?q?Mon?=, 1 Jan 2024 00:00:00 +0000")
    else:
        h.append("Date: Mon, 1 Jan 2024 00:00:00 +0000")
    rnd.shuffle(h)
    subj = rnd.choice(SUBJECTS)
    lines = [x.encode("latin-1") for x in h]
    lines.insert(rnd.randrange(0, len(lines) + 1), b"Subject: " + subj)
    if rnd.random() < 0.05:
        lines.insert(0, b"From sender@example.com Mon Jan  1 00:00:00 2024")
    if rnd.random() < 0.04:
        lines.append(b"not a header line")
    body = [b"", b"Body of message %d." % i, b"From the body, not a separator."]
    nl = b"\r\n" if rnd.random() < 0.12 else b"\n"
    data = nl.join(lines + body) + nl
    if nl == b"\n" and rnd.random() < 0.06:
        k = data.find(b"\n", data.find(b"\n") + 1)      # one CRLF line inside
        if 0 < k < data.find(b"\n\n"):
            data = data[:k] + b"\r" + data[k:]
    elif nl == b"\n" and rnd.random() < 0.03:
        data = data.replace(b"\n", b"\r\n", 1)          # CRLF first line only
    with open("%s/m%04d.eml" % (out, i), "wb") as f:
        f.write(data)

# Hand-made edge cases, after the random ones.
EDGE = [
    b"\n",
    b"X-p0f-OS: Windows XP",
    b"X-p0f-OS: Windows XP\n",
    b"\n\nX-p0f-OS: Windows XP\n",
    b" X-p0f-OS: Windows XP\nSubject: x\n\nbody\n",
    b"X-p0f-OS : Windows XP\n\n",
    b"X-p0f-OS\t: Linux 3.11 and newer\n\n",
    b"bad line one\nbad line two\nbad line three\nX-p0f-OS: Windows XP\n\n",
    b"bad 1\nbad 2\nbad 3\nbad 4\nX-p0f-OS: Windows XP\n\n",
    b"Subject: x\n--boundary\nX-p0f-OS: Windows XP\n\n",
    b"X-p0f-OS: Windows\n\n XP\n\n",
    b"X-p0f-OS: Windows\n \n XP\n\n",
    b"X-p0f-OS: " + b"Windows XP " * 900 + b"\n\n",
    b"X-p0f-OS: " + b"A" * 8189 + b"Windows XP\n\n",
    b"".join(b"X-p0f-OS: Linux %d\n" % k for k in range(60)) + b"X-p0f-OS: Windows XP\n\n",
    b"From sender Mon Jan  1 00:00:00 2024\nX-p0f-OS: Windows XP\n\n",
    b"From: x@example.com\nX-p0f-OS: Windows XP\n\n",
    b"From  : weird\nX-p0f-OS: Windows XP\n\n",
    b"X-p0f-OS: Windows XP\r\n\r\nbody\n",
    b"X-p0f-OS: Windows XP\n\r\nX-p0f-OS: Linux 2.6\n\nbody\r\n",
    b"X-p0f-OS: =?utf-8?b?V2luZG93cyBYUA==?=\n\n",
    b"X-p0f-OS: =?iso-8859-1?q?Windows_XP_=E9?=\n\n",
    b"X-p0f-OS: =?utf-8?q?Windows?=   =?utf-8?q?_XP?=\n\n",
    b"X-p0f-OS: =?utf-8?q?Windows?= x =?utf-8?q?_XP?=\n\n",
    b"X-p0f-OS: =?utf-8?q?bad=ZZ?= Windows XP\n\n",
    b"X-p0f-OS: =?us-ascii?q?Windows_XP=E9?=\n\n",
    b"X-p0f-OS: Windows XP \x81\x8d\n\n",
    b"X-p0f-OS: \xef\xbf\xbe Windows XP\n\n",
    b"X-p0f-OS: Windows XP\x00tail\n\n",
    b"X-p\xe90f-OS: Windows XP\n\n",
    b"X-p0f-OS: Windows XP\nX-Amavis-OS-Fingerprint: Windows XP; dist: 8\n\n",
    b"X-p0f-OS:\n Windows XP\n\n",
    b"X-p0f-OS: \n\n",
    b"To: bob@example.com\nCc: bob@example.com\nX-p0f-OS: Mac OS X\n\n",
]
for k, data in enumerate(EDGE):
    with open("%s/z%04d.eml" % (out, k), "wb") as f:
        f.write(data)
EOF

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
USEROPT=
[ "$(id -u)" -eq 0 ] && id debian-spamd >/dev/null 2>&1 && USEROPT="-u debian-spamd"
# shellcheck disable=SC2086
spamd -L -x -i 127.0.0.1 -p "$PORT" -A 127.0.0.1 -m 2 $USEROPT \
    -C "$TMP/cf" --siteconfigpath "$TMP/site" -s stderr \
    >"$TMP/spamd.log" 2>&1 &
track $!
printf 'Subject: ping\n\nping\n' >"$TMP/ping.eml"
wait_for 60 sh -c "spamc -x -d 127.0.0.1 -p $PORT <'$TMP/ping.eml' | grep -q X-Spam-Tests" ||
    { tail -n 20 "$TMP/spamd.log"; fail "spamd did not come up"; }

for f in "$TMP"/msgs/*.eml; do
	spamc -x -d 127.0.0.1 -p "$PORT" <"$f" >"$f.sa" ||
	    fail "spamc failed on $f"
done

# shellcheck disable=SC2046
"$SCORER" $(for f in $RULES; do printf -- '-r %s ' "$f"; done) \
    "$TMP"/msgs/*.eml >"$TMP/ours.txt" || [ $? -eq 1 ] ||
    fail "synprint-scorer failed"

python3 - "$TMP" $RULES <<'EOF'
import re, sys, glob
tmp, rulefiles = sys.argv[1], sys.argv[2:]
ours = {}
for line in open(tmp + "/ours.txt", encoding="utf-8", errors="replace"):
    src, rest = line.rstrip("\n").split("\t", 1)
    src = re.sub(r"(\.eml):1$", r"\1", src)   # an mbox of one message
    m = re.match(r"tests=(\S+) total=(\S+)$", rest)
    if not m:
        sys.exit("unexpected scorer line: " + line)
    ours[src] = (m.group(1), float(m.group(2)))
def sa_header(data, name, token=rb"[-\w.,=]*"):
    head = data.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    m = re.search(rb"^" + name + rb": (.*(?:\n[ \t].*)*)", head, re.M)
    if not m:
        return None
    # A message whose first line is folded continues our header: keep the
    # leading token only (names, scores, commas).
    v = re.sub(rb"\n[ \t]+", b"", m.group(1))
    return re.match(token, v).group(0).decode()
bad, hit = [], set()
files = sorted(glob.glob(tmp + "/msgs/*.eml"))
for f in files:
    sa = open(f + ".sa", "rb").read()
    tests, total = sa_header(sa, b"X-Spam-Tests"), sa_header(sa, b"X-Spam-Total", rb"-?\d+\.\d")
    if tests is None or total is None:
        bad.append("%s: no SpamAssassin result" % f)
        continue
    if f not in ours:
        bad.append("%s: no scorer result" % f)
        continue
    o_tests, o_total = ours[f]
    if tests != "none":
        hit.update(t.split("=")[0] for t in tests.split(","))
    if o_tests != tests or "%.1f" % o_total != total:
        bad.append("%s:\n  spamassassin tests=%s total=%s\n  scorer       tests=%s total=%.1f"
                   % (f, tests, total, o_tests, o_total))
rules = set()
for rf in rulefiles:
    for line in open(rf):
        m = re.match(r"\s*(header|meta)\s+(\w+)", line)
        if m and not m.group(2).startswith("__"):
            rules.add(m.group(2))
# A rule with score 0 never fires in SpamAssassin.
rules.discard("D_ZERO")
missing = sorted(rules - hit)
print("%d messages compared, %d differ, %d rules, %d never hit"
      % (len(files), len(bad), len(rules), len(missing)))
for b in bad[:15]:
    print(b)
if missing:
    print("rules that never hit:", " ".join(missing))
sys.exit(1 if bad or missing or len(files) < 100 else 0)
EOF
