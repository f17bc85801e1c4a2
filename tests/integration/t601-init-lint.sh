#!/bin/sh
# t601: static checks of the init files and of every shell script.
#  - systemd-analyze verify accepts init/synprint.service (a copy whose
#    ExecStart is the built binary, since verify wants it to exist);
#  - systemd-analyze security rates the unit's sandbox at most 3.0
#    ("OK"; the unit scores 2.8 now);
#  - init/synprint.conf names only real settings: with every commented
#    setting switched on, the daemon's -n accepts it;
#  - shellcheck (warning level) passes every shell script in init/, mk/
#    and tests/ (POSIX sh assumed for files without a #! line).
# A part whose tool is missing is skipped with the reason; the test skips
# only when every part was skipped.
. "$(dirname "$0")/lib.sh"
ran=0
skipped=""

# systemd unit.
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$TMP/unit"
	sed "s|/usr/sbin/synprint-analyzer|$ANALYZER|g" \
	    "$TOP/init/synprint.service" >"$TMP/unit/synprint.service"
	grep -q "^ExecStart=$ANALYZER " "$TMP/unit/synprint.service" ||
		fail "could not point the unit copy at the build tree"
	(cd "$TMP/unit" && systemd-analyze verify --man=no ./synprint.service) \
	    >"$TMP/verify.out" 2>&1 || fail "systemd-analyze verify:
$(cat "$TMP/verify.out")"
	[ ! -s "$TMP/verify.out" ] || fail "systemd-analyze verify warns:
$(cat "$TMP/verify.out")"
	(cd "$TMP/unit" && systemd-analyze security --offline=yes \
	    --threshold=30 ./synprint.service) >"$TMP/security.out" 2>&1 ||
		fail "unit sandbox weaker than 3.0:
$(grep -E '^✗|Overall' "$TMP/security.out")"
	note "$(grep 'Overall exposure' "$TMP/security.out")"
	ran=$((ran + 1))
else
	skipped="$skipped systemd-analyze"
fi

# Every setting documented in the example configuration is one the daemon
# knows (and its example value is valid). signatures and chroot point at
# paths of this machine; the rest is checked as written.
sed -e 's/^#\([a-z][a-z0-9-]* \)/\1/' -e 's/^#\(compat\|json\|daemon\|syslog\|verbose\) no$/\1 yes/' \
    -e '/^signatures /d' -e "s|^chroot .*|chroot $TMP|" \
    -e '/^socket-group /d' -e '/^user /d' \
    "$TOP/init/synprint.conf" >"$TMP/all.conf"
n=$(grep -c '^[a-z]' "$TMP/all.conf")
[ "$n" -ge 25 ] || fail "only $n settings switched on in the example"
"$ANALYZER" -n -C "$TMP/all.conf" -f "$TOP/rules/synprint.fp" -u nobody \
    >"$TMP/conf.out" 2>&1 ||
	fail "example configuration with every setting on: $(cat "$TMP/conf.out")"
# As shipped, it says what is missing.
rc=0
"$ANALYZER" -n -C "$TOP/init/synprint.conf" -f "$TOP/rules/synprint.fp" \
    >"$TMP/shipped.out" 2>&1 || rc=$?
assert_eq "shipped example exit (no interface yet)" 2 "$rc"
grep -q "nothing to capture" "$TMP/shipped.out" ||
	fail "shipped example: $(cat "$TMP/shipped.out")"
ran=$((ran + 1))

# Every shell script through shellcheck, in two runs: with a #! line, and
# without one (sourced helpers; POSIX sh).
if command -v shellcheck >/dev/null 2>&1; then
	: >"$TMP/with"
	: >"$TMP/without"
	find "$TOP/init" "$TOP/mk" "$TOP/tests" -type f \
	    ! -path '*/tests/fuzz/*' | sort | while IFS= read -r f; do
		case "$f" in
		*.sh) ;;
		*)
			head -n 1 "$f" 2>/dev/null |
			    grep -qE '^#!.*(/sh|/bash|openrc-run|env sh)' || continue
			;;
		esac
		if head -n 1 "$f" | grep -q '^#!'; then
			echo "$f" >>"$TMP/with"
		else
			echo "$f" >>"$TMP/without"
		fi
	done
	count=$(cat "$TMP/with" "$TMP/without" | wc -l)
	[ "$count" -ge 10 ] || fail "only $count shell scripts found"
	: >"$TMP/sc.out"
	tr '\n' '\0' <"$TMP/with" | xargs -0 -r shellcheck -S warning \
	    >>"$TMP/sc.out" 2>&1 || true
	tr '\n' '\0' <"$TMP/without" | xargs -0 -r shellcheck -S warning -s sh \
	    >>"$TMP/sc.out" 2>&1 || true
	[ ! -s "$TMP/sc.out" ] || fail "shellcheck:
$(cat "$TMP/sc.out")"
	note "shellcheck: $count scripts clean"
	ran=$((ran + 1))
else
	skipped="$skipped shellcheck"
fi

[ -z "$skipped" ] || note "not installed, not checked:$skipped"
[ "$ran" -gt 0 ] || skip "none of systemd-analyze, shellcheck"
echo ok
