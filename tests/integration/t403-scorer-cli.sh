#!/bin/sh
# t403: synprint-scorer command-line behaviour: exit statuses, inputs
# (file, mbox, pipe, maildir, directory), --add-header round trip, JSON,
# hostile input (10 MB header, binary garbage, catastrophic pattern).
. "$(dirname "$0")/lib.sh"
need_cmd python3
[ -x "$SCORER" ] || fail "$SCORER not built (make -C scorer)"
R=$TOP/rules/p0f.cf
MBOX=$TOP/tests/golden/scorer/mixed.mbox
S() { "$SCORER" -r "$R" "$@"; }

# Exit status: 0 a hit, 1 no hit, 2 trouble.
printf 'X-p0f-OS: Windows XP\n\nb\n' >"$TMP/xp.eml"
printf 'Subject: nothing\n\nb\n' >"$TMP/none.eml"
rc=0; S "$TMP/xp.eml" >/dev/null || rc=$?; assert_eq "hit status" 0 "$rc"
rc=0; S "$TMP/none.eml" >/dev/null || rc=$?; assert_eq "no-hit status" 1 "$rc"
rc=0; S "$TMP/missing.eml" >/dev/null 2>&1 || rc=$?
assert_eq "missing file status" 2 "$rc"
rc=0; "$SCORER" -r "$TMP/nope.cf" "$TMP/xp.eml" >/dev/null 2>&1 || rc=$?
assert_eq "missing rules status" 2 "$rc"
rc=0; S --format yaml "$TMP/xp.eml" >/dev/null 2>&1 || rc=$?
assert_eq "bad option status" 2 "$rc"
rc=0; S --lint || rc=$?; assert_eq "lint of shipped rules" 0 "$rc"
printf 'header A X =~ /(/\n' >"$TMP/bad.cf"
rc=0; "$SCORER" -r "$TMP/bad.cf" --lint 2>"$TMP/lint.err" || rc=$?
assert_eq "lint of a broken file" 2 "$rc"
grep -q "^$TMP/bad.cf:1: invalid regexp for A" "$TMP/lint.err" ||
    fail "lint message is not file:line: $(cat "$TMP/lint.err")"

# The same mbox from a file, a pipe, and split into a maildir and a
# plain directory gives the same verdicts.
S "$MBOX" | cut -f2 >"$TMP/file.out" || [ $? -eq 0 ]
cat "$MBOX" | S | cut -f2 >"$TMP/pipe.out" || true
cmp -s "$TMP/file.out" "$TMP/pipe.out" || fail "pipe and file differ"
S - <"$MBOX" | cut -f2 >"$TMP/stdin.out" || true
cmp -s "$TMP/file.out" "$TMP/stdin.out" || fail "stdin file and file differ"
mkdir -p "$TMP/md/new" "$TMP/md/cur" "$TMP/md/tmp" "$TMP/dir"
python3 - "$MBOX" "$TMP" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = [b"From " + p for p in data.split(b"\nFrom ")]
parts[0] = parts[0][5:]
for i, p in enumerate(parts):
    body = p.split(b"\n", 1)[1]      # without the From line
    sub = "new" if i % 2 == 0 else "cur"
    open("%s/md/%s/%03d.msg:2,S" % (sys.argv[2], sub, i), "wb").write(body)
    open("%s/dir/%03d.eml" % (sys.argv[2], i), "wb").write(body)
PY
S "$TMP/dir" | cut -f2 >"$TMP/dir.out" || true
cmp -s "$TMP/file.out" "$TMP/dir.out" || fail "directory and mbox differ"
n=$(S "$TMP/md" | wc -l) || true
assert_eq "maildir messages" "$(wc -l <"$TMP/file.out")" "$n"
S "$TMP/md" | grep -q '/md/new/000.msg:2,S	tests=P0F_WINXP=2.5' ||
    fail "maildir new/ message not scored"

# --add-header: one X-p0f-Score per message, forged ones dropped, body
# intact, and scoring the output again gives the same verdicts.
S -A "$MBOX" >"$TMP/scored.mbox" || true
assert_eq "messages after --add-header" "$(grep -c '^From ' "$MBOX")" \
    "$(grep -c '^From ' "$TMP/scored.mbox")"
assert_eq "score headers" "$(grep -c '^From ' "$MBOX")" \
    "$(grep -c '^X-p0f-Score: ' "$TMP/scored.mbox")"
grep -q 'FORGED' "$TMP/scored.mbox" && fail "forged X-p0f-Score kept"
grep -q '^>From the body' "$TMP/scored.mbox" || fail "body changed"
S "$TMP/scored.mbox" | cut -f2 >"$TMP/again.out" || true
cmp -s "$TMP/file.out" "$TMP/again.out" || fail "re-scoring differs"
printf 'X-p0f-OS: ???\r\n\r\nbody\r\n' | S -A | head -n 1 |
    grep -q "^X-p0f-Score: total=1 tests=P0F_UNKNOWN=1$(printf '\r')\$" ||
    fail "CRLF message did not get a CRLF header"

# JSON lines parse and carry descriptions.
S -f json "$MBOX" >"$TMP/out.json" || true
python3 - "$TMP/out.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 11, len(rows)
t = rows[0]["tests"][0]
assert t["rule"] == "P0F_WINXP" and t["score"] == 2.5 and "XP" in t["description"], t
assert rows[0]["total"] == 2.5 and rows[0]["message"] == 1
PY

# --header-value, several at once.
out=$(S -H 'Windows XP' -H 'Linux 3.11 and newer') || true
assert_eq "header values" '"Windows XP"	tests=P0F_WINXP=2.5 total=2.5
"Linux 3.11 and newer"	tests=P0F_LINUX=-0.1 total=-0.1' "$out"

# Hostile input: a 10 MB header field, a 10 MB header block of short
# fields, binary garbage, an empty file.  Handled, never fatal.
python3 - "$TMP" <<'PY'
import os, sys
d = sys.argv[1]
open(d + "/big.eml", "wb").write(b"X-p0f-OS: Windows XP " + b"A" * 10000000 + b"\n\nbody\n")
open(d + "/many.eml", "wb").write(b"X-p0f-OS: Windows XP\n" + b"X-Junk: y\n" * 1000000 + b"\nbody\n")
open(d + "/garbage.bin", "wb").write(os.urandom(3000000))
open(d + "/empty.eml", "wb").close()
PY
out=$(S "$TMP/big.eml") || true
assert_eq "10 MB field" "$TMP/big.eml	tests=P0F_WINXP=2.5 total=2.5" "$out"
out=$(S "$TMP/many.eml") || true
assert_eq "10 MB header" "$TMP/many.eml	tests=P0F_WINXP=2.5 total=2.5" "$out"
rc=0; S "$TMP/garbage.bin" "$TMP/empty.eml" >"$TMP/g.out" || rc=$?
[ "$rc" -le 1 ] || fail "garbage input gave status $rc"
assert_eq "garbage lines" 2 "$(wc -l <"$TMP/g.out")"
cat "$TMP/big.eml" | S >/dev/null || [ $? -le 1 ] || fail "10 MB field from a pipe"

# A catastrophic pattern reports an error for that rule and message and
# the run goes on.
printf 'header CATA X-p0f-OS =~ /^(a+)+$/\nheader OK X-p0f-OS =~ /b/\n' \
    >"$TMP/cata.cf"
python3 -c 'print("X-p0f-OS: " + "a" * 5000 + "b\n")' >"$TMP/cata.eml"
rc=0; "$SCORER" -r "$TMP/cata.cf" "$TMP/cata.eml" "$TMP/cata.eml" \
    >"$TMP/cata.out" || rc=$?
assert_eq "catastrophic pattern status" 2 "$rc"
assert_eq "catastrophic lines" 2 "$(grep -c 'tests=OK=1 total=1 errors=CATA:' "$TMP/cata.out")"
note "all CLI checks passed"
