#!/bin/sh
# Cross-builds synprint for an arm64 (aarch64) Linux router on Debian 12.
#
# Usage: mk/cross-arm64.sh [OUTDIR]        (default build/cross-arm64)
#
# Uses Debian's cross compiler (gcc-aarch64-linux-gnu with its own arm64
# libc) and a sysroot made of Debian's arm64 libpcap, libuv and PCRE2
# packages, downloaded and unpacked under OUTDIR: no arm64 package is
# installed on this machine, only the arm64 package lists are added
# (dpkg --add-architecture arm64). The sources are built in a copy under
# OUTDIR, so the tree's own (native) objects stay as they are. The result:
#   OUTDIR/root/      make install DESTDIR=... PREFIX=/usr for the router
#   OUTDIR/synprint-arm64.tar.gz   the same, ready to unpack in / there
# The router needs libpcap0.8, libuv1 and libpcre2-8-0 (Debian/OpenWrt
# packages of the same names). With qemu-user installed, the arm64
# analyzer is also run on demo/syns.pcap and its output compared with the
# native one. Needs root for apt; slow (not part of make test).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/cross-arm64}
case "$out" in /*) ;; *) out=$(pwd)/$out ;; esac
triplet=aarch64-linux-gnu
sysroot=$out/sysroot
src=$out/src
arch_libs="libpcap0.8-dev libuv1-dev libpcre2-dev"

if ! command -v $triplet-gcc >/dev/null 2>&1 ||
    [ ! -d /usr/$triplet/include ]; then
	[ "$(id -u)" -eq 0 ] || {
		echo "as root: apt-get install gcc-$triplet libc6-dev-arm64-cross" >&2
		exit 1
	}
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
	    install -y -q --no-install-recommends gcc-$triplet \
	    libc6-dev-arm64-cross >&2
fi

# The sysroot: every arm64 library the three -dev packages pull in, except
# the C library, which the cross compiler brings.
if [ ! -f "$sysroot/.complete" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" -eq 0 ] || {
			echo "as root: dpkg --add-architecture arm64 && apt-get update" >&2
			exit 1
		}
		dpkg --add-architecture arm64
		apt-get -o DPkg::Lock::Timeout=300 update -q >&2
	elif ! apt-cache show libpcap0.8-dev:arm64 >/dev/null 2>&1; then
		apt-get -o DPkg::Lock::Timeout=300 update -q >&2
	fi
	rm -rf "$sysroot" "$out/debs"
	mkdir -p "$sysroot" "$out/debs"
	# shellcheck disable=SC2046,SC2086 # word lists
	pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests \
	    --no-enhances --no-conflicts --no-breaks --no-replaces \
	    $(for p in $arch_libs; do echo "$p:arm64"; done) 2>/dev/null |
	    sed -n 's/^\(lib[^ <>]*\):arm64$/\1/p' | sort -u |
	    grep -Ev '^(libc6|libc6-dev|libc-dev-bin|libcrypt1|libcrypt-dev|libgcc-s1|libnsl2|libnsl-dev|libtirpc.*|libselinux1)$')
	echo "sysroot packages:" $pkgs >&2
	# shellcheck disable=SC2046,SC2086
	(cd "$out/debs" && apt-get download -q \
	    $(for p in $pkgs; do echo "$p:arm64"; done)) >&2
	for d in "$out"/debs/*.deb; do
		dpkg-deb -x "$d" "$sysroot"
	done
	touch "$sysroot/.complete"
fi

# pkg-config answering for the sysroot (the Makefiles call $(PKG_CONFIG)).
cat >"$out/pkg-config" <<EOF
#!/bin/sh
PKG_CONFIG_LIBDIR=$sysroot/usr/lib/$triplet/pkgconfig:$sysroot/usr/share/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$sysroot
export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
exec pkg-config "\$@"
EOF
chmod +x "$out/pkg-config"

# A copy of the sources, without objects.
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && tar -cf - --exclude='*.o' --exclude='*.d' --exclude=unit \
    --exclude=synprint-analyzer --exclude=synprint-query \
    --exclude=synprint-scorer Makefile mk analyzer scorer init docs rules) |
    (cd "$src" && tar -xf -)

libdirs="-Wl,-rpath-link,$sysroot/usr/lib/$triplet -Wl,-rpath-link,$sysroot/lib/$triplet"
set -- CC=$triplet-gcc PKG_CONFIG="$out/pkg-config" LDFLAGS="$libdirs" \
    PREFIX=/usr
for d in analyzer scorer; do
	make -C "$src/$d" "$@" all
done
rm -rf "$out/root"
make -C "$src" "$@" DESTDIR="$out/root" install >/dev/null
tar -C "$out/root" -czf "$out/synprint-arm64.tar.gz" .

for b in usr/sbin/synprint-analyzer usr/bin/synprint-scorer \
    usr/bin/synprint-query; do
	[ -f "$out/root/$b" ] || continue
	file -b "$out/root/$b" | grep -q 'ARM aarch64' || {
		echo "$b is not an arm64 executable" >&2
		exit 1
	}
	echo "$b: $(file -b "$out/root/$b" | cut -d, -f1-2)"
done

# Run it, when an arm64 emulator is at hand.
if command -v qemu-aarch64 >/dev/null 2>&1; then
	ld=$sysroot/usr/lib/$triplet:$sysroot/lib/$triplet
	run() {
		qemu-aarch64 -L /usr/$triplet -E LD_LIBRARY_PATH="$ld" "$@"
	}
	run "$src/analyzer/synprint-analyzer" -f "$top/rules/synprint.fp" \
	    -r "$top/demo/syns.pcap" >"$out/demo.arm64"
	"$top/analyzer/synprint-analyzer" -f "$top/rules/synprint.fp" \
	    -r "$top/demo/syns.pcap" >"$out/demo.native"
	cmp -s "$out/demo.arm64" "$out/demo.native" || {
		echo "arm64 and native analyzer disagree on demo/syns.pcap" >&2
		diff "$out/demo.native" "$out/demo.arm64" | head >&2
		exit 1
	}
	echo "qemu-aarch64: demo/syns.pcap fingerprinted identically" \
	    "($(wc -l <"$out/demo.arm64") lines)"
	run "$src/scorer/synprint-scorer" -r "$top/rules/p0f.cf" -H 'Windows XP'
fi
echo "router files: $out/root ($out/synprint-arm64.tar.gz)"
