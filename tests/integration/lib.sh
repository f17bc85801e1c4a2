# Shared helpers for integration scripts (source it; POSIX sh).
# Scripts exit 0 = pass, 77 = skip (print "SKIP: reason" first), else fail.
# The variables set here are for the scripts that source this file.
# shellcheck shell=sh disable=SC2034
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
ANALYZER=$TOP/analyzer/synprint-analyzer
QUERY=$TOP/analyzer/synprint-query
SCORER=$TOP/scorer/synprint-scorer
CORPUS=${CORPUS:-$TOP/../shared/corpus}
export TZ=UTC
TMP=$(mktemp -d "${TMPDIR:-/tmp}/synprint-test.XXXXXX")
_pids=""
_cleanups=""

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }
need_root() { [ "$(id -u)" -eq 0 ] || skip "needs root ($*)"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"; }

# Remember a background PID to stop at exit.
track() { _pids="$_pids $1"; }
# Remember a shell command to run at exit (e.g. "ip netns del x").
at_exit() { _cleanups="$_cleanups
$1"; }

_cleanup() {
	for p in $_pids; do kill "$p" 2>/dev/null || true; done
	for p in $_pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null || true
	done
	echo "$_cleanups" | while IFS= read -r c; do
		[ -n "$c" ] && sh -c "$c" >/dev/null 2>&1 || true
	done
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap _cleanup EXIT INT TERM

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	_t=$1; shift
	_n=$((_t * 10))
	while [ $_n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1; _n=$((_n - 1))
	done
	return 1
}

# Every read of a daemon's counters goes through its control socket and
# synprint-query --stats.
# ctl_stats SOCKET: all counters, "name value" lines.
ctl_stats() { "$QUERY" --stats --control "$1"; }

# ctl_stat SOCKET NAME: one counter; fails if the socket does not answer or
# has no such counter.
ctl_stat() {
	ctl_stats "$1" 2>/dev/null |
	    awk -v n="$2" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# ctl_is SOCKET NAME OP VALUE: the counter compares so with VALUE (OP as in
# test(1): -eq, -ge, -le ...).
ctl_is() { _v=$(ctl_stat "$1" "$2") && test "$_v" "$3" "$4"; }

# ctl_wait SECONDS SOCKET NAME OP VALUE: poll until ctl_is holds; else print
# the last value on stderr and return 1.
ctl_wait() {
	_s=$1; shift
	wait_for "$_s" ctl_is "$@" && return 0
	echo "# $2 = $(ctl_stat "$1" "$2"), wanted $3 $4" >&2
	return 1
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# q OUT RC ARGS...: run synprint-query, stdout to $TMP/OUT, stderr to
# $TMP/OUT.err; fail unless it exits RC.
q() {
	_o=$1 _want=$2
	shift 2
	_rc=0
	"$QUERY" "$@" >"$TMP/$_o" 2>"$TMP/$_o.err" || _rc=$?
	[ "$_rc" -eq "$_want" ] || fail "synprint-query $* exited $_rc, not \
$_want: $(cat "$TMP/$_o" "$TMP/$_o.err")"
}
