#!/bin/sh
# t100: synprint-analyzer's command-line contract.
#  - -n checks a database: 0 when good, 2 with "file:line: message" when not,
#    for ours and for p0f's stock file;
#  - a corrupt or truncated capture: exit 1, an error naming the byte offset,
#    and every record before the damage still reported;
#  - not a capture at all: exit 1; a bad BPF filter: exit 2;
#  - pcapng is read like pcap; JSON lines are valid JSON;
#  - "-r -" reads a pcap stream from a FIFO and reports each SYN as it
#    arrives, before the writer has finished.
. "$(dirname "$0")/lib.sh"
need_cmd python3
DEMO=$TOP/demo/syns.pcap
DB=$TOP/rules/synprint.fp

# -n
"$ANALYZER" -n -f "$DB" 2>"$TMP/n.err" || fail "-n rejects $DB: $(cat "$TMP/n.err")"
grep -q 'TCP request' "$TMP/n.err" || fail "-n printed no counts"
if [ -f /etc/p0f/p0f.fp ]; then
	"$ANALYZER" -n -f /etc/p0f/p0f.fp 2>"$TMP/n2.err" ||
		fail "-n rejects the stock p0f.fp: $(cat "$TMP/n2.err")"
	grep -q '91 TCP request, 101 TCP response' "$TMP/n2.err" ||
		fail "stock p0f.fp counts: $(cat "$TMP/n2.err")"
fi
printf 'classes = win,unix\n[tcp:request]\nlabel = s:unix:X:1\nsig = *:64:0:*:mss*4,7:mss,bogus:df:0\n' >"$TMP/bad.fp"
rc=0; "$ANALYZER" -n -f "$TMP/bad.fp" 2>"$TMP/bad.err" || rc=$?
assert_eq "exit status for a bad database" 2 "$rc"
grep -q "^$TMP/bad.fp:4: unknown TCP option 'bogus'" "$TMP/bad.err" ||
	fail "bad database message: $(cat "$TMP/bad.err")"
rc=0; "$ANALYZER" -f "$TMP/bad.fp" -r "$DEMO" >"$TMP/o" 2>&1 || rc=$?
assert_eq "a bad database stops the run" 2 "$rc"

# the whole demo: one syn line per SYN
"$ANALYZER" -q -f "$DB" -r "$DEMO" >"$TMP/all.log"
nsyn=$(grep -c 'mod=syn|' "$TMP/all.log")
assert_eq "syn lines for the demo capture" 48 "$nsyn"

# truncated in the middle of a record
size=$(wc -c <"$DEMO")
head -c $((size - 30)) "$DEMO" >"$TMP/trunc.pcap"
rc=0; "$ANALYZER" -q -f "$DB" -r "$TMP/trunc.pcap" >"$TMP/trunc.log" 2>"$TMP/trunc.err" || rc=$?
assert_eq "exit status for a truncated capture" 1 "$rc"
grep -q 'offset [0-9]*, after 47 records' "$TMP/trunc.err" ||
	fail "truncation message: $(cat "$TMP/trunc.err")"
assert_eq "records before the damage" 47 "$(grep -c 'mod=syn|' "$TMP/trunc.log")"

# a corrupt record header (caplen far beyond snaplen) after 10 records
python3 - "$DEMO" "$TMP/corrupt.pcap" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
off = 24
for _ in range(10):
    off += 16 + struct.unpack_from("<I", d, off + 8)[0]
struct.pack_into("<I", d, off + 8, 0x7fffffff)
open(sys.argv[2], "wb").write(d)
PY
rc=0; "$ANALYZER" -q -f "$DB" -r "$TMP/corrupt.pcap" >"$TMP/corrupt.log" 2>"$TMP/corrupt.err" || rc=$?
assert_eq "exit status for a corrupt capture" 1 "$rc"
grep -q 'after 10 records' "$TMP/corrupt.err" || fail "corrupt message: $(cat "$TMP/corrupt.err")"
assert_eq "records before the corruption" 10 "$(grep -c 'mod=syn|' "$TMP/corrupt.log")"

# not a capture; a bad filter
echo "hello" >"$TMP/text"
rc=0; "$ANALYZER" -q -f "$DB" -r "$TMP/text" >/dev/null 2>"$TMP/text.err" || rc=$?
assert_eq "exit status for a non-capture" 1 "$rc"
rc=0; "$ANALYZER" -q -f "$DB" -r "$DEMO" 'port and and' >/dev/null 2>"$TMP/f.err" || rc=$?
assert_eq "exit status for a bad filter" 2 "$rc"
grep -q 'bad filter' "$TMP/f.err" || fail "filter message: $(cat "$TMP/f.err")"
# a good filter (the demo's server listens on 25; no SYN goes to port 80)
assert_eq "filtered out" 0 "$("$ANALYZER" -q -f "$DB" -r "$DEMO" 'dst port 80' | wc -l)"
assert_eq "filtered in" 48 "$("$ANALYZER" -q -f "$DB" -r "$DEMO" 'dst port 25' | grep -c 'mod=syn|')"

# pcapng gives the same lines as pcap
python3 - "$DEMO" "$TMP/demo.pcapng" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
linktype, = struct.unpack_from("<I", d, 20)
def blk(t, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", t, n) + body + struct.pack("<I", n)
out = blk(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
out += blk(1, struct.pack("<HHI", linktype, 0, 65535))
off = 24
while off < len(d):
    s, us, cl, ol = struct.unpack_from("<IIII", d, off)
    ts = s * 1000000 + us
    out += blk(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xffffffff, cl, ol) + d[off+16:off+16+cl])
    off += 16 + cl
open(sys.argv[2], "wb").write(out)
PY
"$ANALYZER" -q -f "$DB" -r "$TMP/demo.pcapng" >"$TMP/ng.log" || fail "pcapng not read"
cmp -s "$TMP/all.log" "$TMP/ng.log" || fail "pcapng lines differ from pcap lines"

# JSON lines
"$ANALYZER" -q -j -f "$DB" -r "$DEMO" >"$TMP/all.json"
python3 - "$TMP/all.json" <<'PY' || fail "JSON output invalid"
import json, sys
n = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert o["mod"] in ("syn", "mtu"), o
    if o["mod"] == "syn":
        assert ("os" in o) or ("app" in o), o
        assert o["srv_port"] == 25 and isinstance(o["dist"], int), o
        n += 1
assert n == 48, n
PY

# a stream through a FIFO, reported as it arrives
mkfifo "$TMP/fifo"
"$ANALYZER" -q -f "$DB" -r - >"$TMP/stream.log" 2>"$TMP/stream.err" <"$TMP/fifo" &
an=$!
track $an
python3 - "$DEMO" "$TMP/fifo" "$TMP/stream.log" <<'PY' || fail "stream: lines did not arrive before the writer finished"
import struct, sys, time
d = open(sys.argv[1], "rb").read()
off = 24
for _ in range(5):
    off += 16 + struct.unpack_from("<I", d, off + 8)[0]
with open(sys.argv[2], "wb", buffering=0) as f:
    f.write(d[:off])
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            if open(sys.argv[3]).read().count("mod=syn|") == 5:
                break
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    else:
        sys.exit(1)
    f.write(d[off:])
PY
wait $an || fail "stream run failed: $(cat "$TMP/stream.err")"
assert_eq "stream lines" 48 "$(grep -c 'mod=syn|' "$TMP/stream.log")"
echo "ok"
