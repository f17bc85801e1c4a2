#!/bin/sh
# t604: the daemon does its whole job inside the limits init/synprint.service
# sets, as far as they can be reproduced without systemd as PID 1.
# In a network namespace of its own, the daemon starts as root with the
# unit's CapabilityBoundingSet, no_new_privs and UMask (setpriv), under
# strace: live capture on lo, UDP, p0f v3, Postfix policy and control
# sockets, a socket group, a log file, a chroot and the drop to nobody.
# A kernel SYN to 127.0.0.1:25 is then looked up through every service,
# the signatures are reloaded (SIGHUP) and the daemon stopped (SIGTERM).
#  - every lookup answers with the SYN's Linux fingerprint, the reload
#    counts, the daemon exits 0;
#  - after the drop: all uids nobody, no effective capabilities, the
#    bounding set exactly the unit's, NoNewPrivs 1;
#  - every system call made is allowed by the unit's SystemCallFilter
#    (systemd-analyze's own group lists), every socket family by its
#    RestrictAddressFamilies, and every file written, created, removed or
#    re-owned lies in the runtime or log directory (ProtectSystem=strict).
. "$(dirname "$0")/lib.sh"
need_root "network namespace, capabilities"
need_cmd setpriv
need_cmd strace
need_cmd systemd-analyze
need_cmd python3
need_cmd ip

UNIT=$TOP/init/synprint.service
ns=synprint-t604-$$
ip netns add "$ns" || skip "cannot create a network namespace"
at_exit "ip netns del $ns"
ip -n "$ns" link set lo up
RUN=$TMP/run
LOGD=$TMP/log
mkdir -p "$RUN" "$LOGD" "$TMP/empty"
chmod 755 "$TMP"

# The unit's capabilities as setpriv wants them: -all,+net_raw,...
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT")
[ -n "$caps" ] || fail "no CapabilityBoundingSet in the unit"
bset=-all
for c in $caps; do
	bset="$bset,+$(echo "${c#CAP_}" | tr 'A-Z' 'a-z')"
done
umask_unit=$(sed -n 's/^UMask=//p' "$UNIT")
note "bounding set $bset, umask $umask_unit"

(
	umask "$umask_unit"
	exec ip netns exec "$ns" setpriv --bounding-set="$bset" --no-new-privs \
	    strace -f -qq -o "$TMP/trace" \
	    "$ANALYZER" -i lo -f "$TOP/rules/synprint.fp" \
	    --udp 127.0.0.1:2345 --p0f3 "$RUN/p0f.sock" \
	    --policy inet:127.0.0.1:10040 --control "$RUN/synprint.ctl" \
	    --socket-group nogroup --socket-mode 0660 \
	    -o "$LOGD/synprint.log" -u nobody --chroot "$TMP/empty"
) >"$TMP/daemon.out" 2>&1 &
spid=$!
track "$spid"
wait_for 20 grep -q 'ready' "$TMP/daemon.out" ||
	fail "daemon not ready: $(cat "$TMP/daemon.out")"
dpid=$(pgrep -f "^$ANALYZER -i lo -f $TOP/rules/synprint.fp" | head -n 1)
[ -n "$dpid" ] || fail "daemon process not found"

# Privileges after the drop.
st=/proc/$dpid/status
nobody=$(id -u nobody)
assert_eq "uids" "$nobody $nobody $nobody $nobody" \
    "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "$st")"
assert_eq "effective capabilities" 0000000000000000 \
    "$(awk '/^CapEff:/ { print $2 }' "$st")"
assert_eq "NoNewPrivs" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' "$st")"
want=$(python3 - "$caps" <<'EOF'
import sys
bits = {"CAP_CHOWN": 0, "CAP_DAC_OVERRIDE": 1, "CAP_SETGID": 6,
        "CAP_SETUID": 7, "CAP_NET_BIND_SERVICE": 10, "CAP_NET_ADMIN": 12,
        "CAP_NET_RAW": 13, "CAP_SYS_CHROOT": 18}
print("%016x" % sum(1 << bits[c] for c in sys.argv[1].split()))
EOF
)
assert_eq "bounding set" "$want" "$(awk '/^CapBnd:/ { print $2 }' "$st")"
assert_eq "socket group" nogroup "$(stat -c %G "$RUN/p0f.sock")"
assert_eq "log file mode" 600 "$(stat -c %a "$LOGD/synprint.log")"

# A kernel SYN from 127.0.0.1:40604 to port 25, then every lookup.
ip netns exec "$ns" python3 - "$RUN" >"$TMP/client.out" 2>&1 <<'EOF' ||
import socket, struct, sys, time
run = sys.argv[1]
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.bind(("127.0.0.1", 40604))
c.settimeout(2)
try:
    c.connect(("127.0.0.1", 25))
except OSError:
    pass                          # refused: the SYN went out all the same
c.close()

def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(1)
    u.sendto(b"[127.0.0.1]:40604 t604", ("127.0.0.1", 2345))
    return u.recv(2048).decode()

def p0f3():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(run + "/p0f.sock")
    s.sendall(struct.pack("=IB", 0x50304601, 4) + bytes([127, 0, 0, 1]) + bytes(12))
    r = b""
    while len(r) < 232:
        b = s.recv(232 - len(r))
        if not b:
            break
        r += b
    status = struct.unpack("=I", r[4:8])[0]
    return "%#x %s" % (status, r[40:72].rstrip(b"\0").decode())

def policy():
    s = socket.create_connection(("127.0.0.1", 10040), 2)
    s.sendall(b"request=smtpd_access_policy\nprotocol_state=DATA\n"
              b"client_address=127.0.0.1\nclient_port=40604\n\n")
    r = b""
    while not r.endswith(b"\n\n"):
        b = s.recv(4096)
        if not b:
            break
        r += b
    return r.decode().strip()

# The capture is asynchronous: ask until the result is there.
for i in range(50):
    a = udp()
    if "Linux" in a:
        break
    time.sleep(0.1)
print("udp:", a.strip())
print("p0f3:", p0f3())
print("policy:", policy())
EOF
	fail "client: $(cat "$TMP/client.out")"
cat "$TMP/client.out"
grep -q '^udp: \[127.0.0.1\]:40604 t604 .*Linux' "$TMP/client.out" || fail "udp answer"
grep -q '^p0f3: 0x10 Linux' "$TMP/client.out" || fail "p0f3 answer"
grep -q '^policy: action=PREPEND X-p0f-OS: Linux' "$TMP/client.out" || fail "policy answer"

CTL=$RUN/synprint.ctl
kill -HUP "$dpid"
ctl_wait 10 "$CTL" reloads -eq 1 || fail "reload inside the chroot:" \
    "reloads=$(ctl_stat "$CTL" reloads) failures=$(ctl_stat "$CTL" reload_failures)"
kill -TERM "$dpid"
rc=0
wait "$spid" || rc=$?
assert_eq "exit status after SIGTERM" 0 "$rc"
grep -q 'stopped' "$TMP/daemon.out" || fail "no clean stop: $(tail -5 "$TMP/daemon.out")"

# The trace against the unit's filters.
systemd-analyze syscall-filter >"$TMP/groups" 2>/dev/null ||
	fail "systemd-analyze syscall-filter"
python3 - "$UNIT" "$TMP/groups" "$TMP/trace" "$RUN" "$LOGD" <<'EOF' ||
import re, sys
unit, groups_file, trace, run, logd = sys.argv[1:]

groups, cur = {}, None
for line in open(groups_file):
    line = line.rstrip()
    if line.startswith("@"):
        cur = groups.setdefault(line, set())
    elif line.strip() and not line.strip().startswith("#") and cur is not None:
        cur.add(line.strip())

def expand(name, seen=()):
    if not name.startswith("@"):
        return {name}
    out = set()
    for m in groups.get(name, ()):
        if m not in seen:
            out |= expand(m, seen + (name,))
    return out

allowed, families = None, set()
for line in open(unit):
    line = line.strip()
    if line.startswith("SystemCallFilter="):
        v = line.split("=", 1)[1]
        deny = v.startswith("~")
        names = set()
        for n in v.lstrip("~").split():
            names |= expand(n)
        if deny:
            allowed = (allowed or set()) - names
        else:
            allowed = (allowed or set()) | names
    elif line.startswith("RestrictAddressFamilies="):
        families |= set(line.split("=", 1)[1].split())

used, bad_fam, writes = set(), set(), []
call = re.compile(r"^\d+\s+([a-z0-9_]+)\((.*)")
wflags = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
for line in open(trace):
    m = call.match(line)
    if not m:
        continue
    name, args = m.groups()
    used.add(name)
    if name == "socket":
        fam = args.split(",")[0].strip()
        if fam not in families:
            bad_fam.add(fam)
    paths = re.findall(r'"(/[^"]*)"', args)
    if name in ("openat", "open") and wflags.search(args) or name in (
            "unlink", "unlinkat", "chmod", "fchmodat", "chown", "fchownat",
            "lchown", "rename", "renameat", "mkdir", "mkdirat", "bind"):
        writes += [(name, p) for p in paths]

ok = True
extra = sorted(used - allowed)
if extra:
    print("system calls outside SystemCallFilter:", " ".join(extra))
    ok = False
if bad_fam:
    print("socket families outside RestrictAddressFamilies:", bad_fam)
    ok = False
for name, p in writes:
    if not (p.startswith(run + "/") or p.startswith(logd + "/") or
            p in ("/dev/null",)):
        print("writes outside the runtime and log directories:", name, p)
        ok = False
print("%d distinct system calls, %d file writes, all allowed"
      % (len(used), len(writes)) if ok else "")
sys.exit(0 if ok else 1)
EOF
	fail "trace outside the unit's limits (above)"
echo ok
