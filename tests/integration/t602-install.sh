#!/bin/sh
# t602: make install / make uninstall with DESTDIR and PREFIX=/usr.
# Works on a copy of the tree (objects kept, so only what bakes in the
# data directory is rebuilt) to leave the tree's binaries alone.
#  - exactly the expected files are installed, with the right modes, and
#    the paths inside the init files follow SBINDIR;
#  - the installed programs look for their data in /usr/share/synprint;
#  - the sysusers.d entry creates the user synprint (systemd-sysusers);
#  - a second install keeps an edited configuration;
#  - uninstall removes every file, except an edited configuration, which
#    it names;
#  - INIT=openrc and INIT=freebsd put their script where those systems
#    look, with the paths rewritten.
. "$(dirname "$0")/lib.sh"
need_cmd make
[ -x "$ANALYZER" ] && [ -x "$SCORER" ] || skip "programs not built (make)"

SRC=$TMP/src
ROOT=$TMP/root
mkdir -p "$SRC" "$ROOT"
(cd "$TOP" && tar -cf - --exclude=unit \
    Makefile mk analyzer scorer init docs rules) | (cd "$SRC" && tar -xf -)

make -C "$SRC" install DESTDIR="$ROOT" PREFIX=/usr >"$TMP/install.log" 2>&1 ||
	fail "make install: $(tail -20 "$TMP/install.log")"

{
	echo etc/default/synprint
	echo etc/init.d/synprint
	echo etc/synprint/synprint.conf
	echo usr/bin/synprint-scorer
	echo usr/lib/systemd/system/synprint.service
	echo usr/lib/sysusers.d/synprint.conf
	echo usr/sbin/synprint-analyzer
	echo usr/share/man/man1/synprint-scorer.1
	echo usr/share/man/man5/synprint.conf.5
	echo usr/share/man/man8/synprint-analyzer.8
	echo usr/share/synprint/p0f.cf
	echo usr/share/synprint/synprint.fp
	if [ -f "$TOP/analyzer/query.c" ]; then
		echo usr/bin/synprint-query
		echo usr/share/man/man1/synprint-query.1
	fi
	for f in "$TOP"/rules/*.pm "$TOP"/rules/*.pre "$TOP"/rules/*.cf; do
		[ -f "$f" ] && [ "${f##*/}" != p0f.cf ] &&
			echo "usr/share/synprint/spamassassin/${f##*/}"
	done
} | sort >"$TMP/expected"
(cd "$ROOT" && find . ! -type d | sed 's|^\./||' | sort) >"$TMP/installed"
diff "$TMP/expected" "$TMP/installed" >"$TMP/diff" ||
	fail "installed files differ from the list (< missing, > unexpected):
$(cat "$TMP/diff")"
note "$(wc -l <"$TMP/installed") files installed"

mode() { stat -c %a "$ROOT/$1"; }
for f in usr/sbin/synprint-analyzer usr/bin/synprint-scorer etc/init.d/synprint; do
	assert_eq "mode of $f" 755 "$(mode "$f")"
done
for f in etc/synprint/synprint.conf etc/default/synprint \
    usr/lib/systemd/system/synprint.service usr/share/synprint/synprint.fp \
    usr/share/man/man5/synprint.conf.5; do
	assert_eq "mode of $f" 644 "$(mode "$f")"
done
grep -qx 'ExecStart=/usr/sbin/synprint-analyzer -C ${SYNPRINT_CONF} $SYNPRINT_OPTS' \
    "$ROOT/usr/lib/systemd/system/synprint.service" || fail "unit ExecStart"
grep -qx 'DAEMON=/usr/sbin/synprint-analyzer' "$ROOT/etc/init.d/synprint" ||
	fail "init script DAEMON"
cmp -s "$TOP/init/synprint.conf" "$ROOT/etc/synprint/synprint.conf" ||
	fail "installed configuration differs from init/synprint.conf"

# The installed programs were built for /usr, not for the tree's PREFIX.
"$ROOT/usr/sbin/synprint-analyzer" -n -r /dev/null --udp 1 \
    >"$TMP/n.out" 2>&1 || true
grep -q '/usr/share/synprint/synprint.fp' "$TMP/n.out" ||
	fail "installed analyzer does not look in /usr/share/synprint: $(cat "$TMP/n.out")"
"$ROOT/usr/bin/synprint-scorer" --help 2>&1 | grep -q '/usr/share/synprint/p0f.cf' ||
	fail "installed scorer does not default to /usr/share/synprint/p0f.cf"

if command -v systemd-sysusers >/dev/null 2>&1; then
	mkdir -p "$TMP/sysroot/etc" "$TMP/sysroot/usr/lib/sysusers.d"
	cp "$ROOT/usr/lib/sysusers.d/synprint.conf" "$TMP/sysroot/usr/lib/sysusers.d/"
	systemd-sysusers --root="$TMP/sysroot" >/dev/null 2>&1 ||
		fail "systemd-sysusers refused synprint.conf"
	grep -q '^synprint:x:[1-9][0-9]*:[1-9][0-9]*:.*:/nonexistent:/usr/sbin/nologin$' \
	    "$TMP/sysroot/etc/passwd" || fail "sysusers did not create synprint"
else
	note "systemd-sysusers absent: sysusers.d entry not exercised"
fi

# An edited configuration survives a second install and the uninstall.
echo "interface eth0" >>"$ROOT/etc/synprint/synprint.conf"
cp "$ROOT/etc/synprint/synprint.conf" "$TMP/edited"
make -C "$SRC" install DESTDIR="$ROOT" PREFIX=/usr >"$TMP/install2.log" 2>&1 ||
	fail "second make install: $(tail -20 "$TMP/install2.log")"
cmp -s "$TMP/edited" "$ROOT/etc/synprint/synprint.conf" ||
	fail "second install overwrote the edited configuration"
grep -q "kept $ROOT/etc/synprint/synprint.conf" "$TMP/install2.log" ||
	fail "second install did not say it kept the configuration"

make -C "$SRC" uninstall DESTDIR="$ROOT" PREFIX=/usr >"$TMP/uninstall.log" 2>&1 ||
	fail "make uninstall: $(tail -20 "$TMP/uninstall.log")"
left=$(cd "$ROOT" && find . ! -type d | sed 's|^\./||' | sort)
assert_eq "files left by uninstall" "etc/synprint/synprint.conf" "$left"
grep -q "kept edited $ROOT/etc/synprint/synprint.conf" "$TMP/uninstall.log" ||
	fail "uninstall did not name the edited configuration it kept"
rm -f "$ROOT/etc/synprint/synprint.conf"

# The other init systems.
make -C "$SRC/init" install DESTDIR="$ROOT/o" INIT=openrc >"$TMP/o.log" 2>&1 ||
	fail "INIT=openrc install: $(tail "$TMP/o.log")"
head -1 "$ROOT/o/etc/init.d/synprint" | grep -qx '#!/sbin/openrc-run' ||
	fail "INIT=openrc did not install the OpenRC script"
grep -qx 'command="/usr/local/sbin/synprint-analyzer"' "$ROOT/o/etc/init.d/synprint" ||
	fail "OpenRC script command path"
[ ! -e "$ROOT/o/usr/local/lib/systemd/system/synprint.service" ] ||
	fail "INIT=openrc installed the systemd unit"
make -C "$SRC/init" install DESTDIR="$ROOT/f" INIT=freebsd \
    SYSCONFDIR=/usr/local/etc SBINDIR=/opt/sbin >"$TMP/f.log" 2>&1 ||
	fail "INIT=freebsd install: $(tail "$TMP/f.log")"
grep -qx 'command="/opt/sbin/synprint-analyzer"' "$ROOT/f/usr/local/etc/rc.d/synprint" ||
	fail "FreeBSD script command path"
[ -f "$ROOT/f/usr/local/etc/synprint/synprint.conf" ] ||
	fail "INIT=freebsd: no configuration in /usr/local/etc/synprint"
[ ! -e "$ROOT/f/etc/default/synprint" ] || fail "INIT=freebsd installed /etc/default"
for d in o f; do
	make -C "$SRC/init" uninstall DESTDIR="$ROOT/$d" INIT=openrc \
	    SYSCONFDIR="$([ $d = f ] && echo /usr/local/etc || echo /etc)" \
	    >/dev/null 2>&1 || fail "init uninstall ($d)"
	left=$(cd "$ROOT/$d" && find . ! -type d)
	assert_eq "files left by init uninstall ($d)" "" "$left"
done
echo ok
