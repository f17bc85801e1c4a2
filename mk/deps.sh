#!/bin/sh
# Installs the Debian packages a make target needs, or says how to.
#
# Usage: mk/deps.sh build|test|bench|fuzz
# Exit 0 when everything is present (or was installed), 1 otherwise.
set -eu

build_pkgs="make gcc pkg-config libpcap-dev libuv1-dev libpcre2-dev"
test_pkgs="$build_pkgs libcmocka-dev python3 p0f tcpdump iproute2 \
	spamassassin spamc spamd clang libclang-rt-14-dev amavisd-new \
	rspamd redis-server qpsmtpd libnet-ip-perl swaks postfix \
	shellcheck systemd strace netcat-openbsd"
# e541 (Haraka) needs node >= 20 and npm, which Debian 12 does not ship
# (nodejs 18): it uses the machine's node and skips without it.
bench_pkgs="$test_pkgs time tcpreplay amavisd-new"
fuzz_pkgs="$build_pkgs clang libclang-rt-14-dev"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
bench) want=$bench_pkgs ;;
fuzz) want=$fuzz_pkgs ;;
*) echo "usage: $0 build|test|bench|fuzz" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "synprint: missing Debian packages:$missing" >&2
	echo "synprint: as root, run:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "synprint: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix unconfigured: the e502 test runs its own instance (postfix -c).
case " $missing " in
*" postfix "*)
	echo "postfix postfix/main_mailer_type select No configuration" |
	    debconf-set-selections ;;
esac
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
