# shellcheck shell=sh
# Shared helpers for the benchmarks. Source it first thing in bench/NAME/run;
# POSIX sh. It sets top, out, analyzer, bench, tmp (removed at exit), runs
# (BENCH_RUNS, 2; a script may set its own default after) and secs
# (BENCH_SECONDS, 5).
# Benchmarks report numbers only: nothing here passes or fails on a timing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/bench/out
analyzer=$top/analyzer/synprint-analyzer
bench=$(basename "$(cd "$(dirname "$0")" && pwd)")
# shellcheck disable=SC2034 # used by the scripts sourcing this
runs=${BENCH_RUNS:-2} secs=${BENCH_SECONDS:-5}
mkdir -p "$out/tools"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/synprint-bench.XXXXXX")
chmod 755 "$tmp"
_pids=""
_cleanups=""

die() { echo "bench/$bench: $*" >&2; exit 1; }
note() { echo "# $*"; }

# Remember a background PID (stopped at exit) / a command to run at exit.
track() { _pids="$_pids $1"; }
at_exit() { _cleanups="$_cleanups
$1"; }

# stop PID: TERM, wait up to 5 s, then KILL.
stop() {
	kill "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

_cleanup() {
	for _p in $_pids; do stop "$_p"; done
	echo "$_cleanups" | while IFS= read -r _c; do
		[ -z "$_c" ] || sh -c "$_c" >/dev/null 2>&1 || true
	done
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds, for at
# most SECONDS of wall time.
wait_for() {
	_end=$(($(date +%s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt $_end ] || return 1
		sleep 0.1
	done
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "$1 missing (Debian package ${2:-$1}; make deps-bench)"
}

# The daemon and its client (for ctl_stats), built if missing.
need_analyzer() {
	[ -x "$analyzer" ] && [ -x "$top/analyzer/synprint-query" ] ||
	    make -s -C "$top/analyzer" || die "cannot build $analyzer"
}

# tool NAME: path of bench/tools/NAME.c built into bench/out/tools (again
# when it or loadkit.h changed).
tool() {
	_src=$top/bench/tools/$1.c _bin=$out/tools/$1
	if [ ! -x "$_bin" ] || [ -n "$(find "$_src" \
	    "$top/bench/tools/loadkit.h" -newer "$_bin")" ]; then
		${CC:-cc} -O2 -Wall -Wextra -o "$_bin.tmp" "$_src" ||
			die "cannot build $_src"
		mv "$_bin.tmp" "$_bin"
	fi
	echo "$_bin"
}

# mix_pcap COUNT SEED: a cached synpcap.py mix capture of COUNT SYNs, 10%
# IPv6, untagged Ethernet (so p0f, BPF and tcpreplay see every SYN).
mix_pcap() {
	_p=$out/daemon-mix-$1-s$2.pcap
	if [ ! -s "$_p" ]; then
		python3 "$top/tests/tools/synpcap.py" mix "$_p.tmp" --count "$1" \
			--seed "$2" --v6-share 0.1 --vlan-share 0 2>/dev/null ||
			die "cannot generate $_p"
		mv "$_p.tmp" "$_p"
	fi
	echo "$_p"
}

# keys PCAP: "VER ADDR PORT" per distinct client endpoint (cached).
keys() {
	[ -s "$1.keys" ] && [ -z "$(find "$1" -newer "$1.keys")" ] ||
		python3 "$top/bench/tools/keys.py" "$1" >"$1.keys" ||
		die "cannot list the keys of $1"
	echo "$1.keys"
}

# ctl_stats SOCKET: the daemon's control-socket counters ("name value" lines).
ctl_stats() { "$top/analyzer/synprint-query" --stats --control "$1"; }

# ctl_stat SOCKET NAME: one counter.
ctl_stat() { ctl_stats "$1" | awk -v n="$2" '$1 == n { print $2 }'; }

# ctl_has SOCKET NAME VALUE: exit 0 when the counter has that value.
ctl_has() { [ "$(ctl_stat "$1" "$2" 2>/dev/null)" = "$3" ]; }

# free_port: a port free right now for UDP on 127.0.0.1 and ::1 and for
# TCP on 127.0.0.1.
free_port() {
	python3 - <<'PY'
import socket
for _ in range(100):
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.bind(("127.0.0.1", 0))
    p = a.getsockname()[1]
    b = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        b.bind(("::1", p))
        c.bind(("127.0.0.1", p))
    except OSError:
        continue
    print(p)
    break
PY
}

# best_of NAME LOG CMD...: runs CMD $runs times under /usr/bin/time, its
# output in $out/NAME.stdout and $out/NAME.stderr, the file LOG (or -: none)
# removed before each run. Sets best_s (wall seconds of the fastest run, from
# date(1): time's %e has only 10 ms resolution), best_kb (that run's peak
# RSS, kB) and max_kb (the largest peak RSS of all runs). When CMD fails:
# the end of its stderr on stderr, and 1.
# shellcheck disable=SC2034 # best_kb is for the caller
best_of() {
	_name=$1 _log=$2
	shift 2
	best_s="" best_kb=0 max_kb=0 _i=0
	while [ $_i -lt "$runs" ]; do
		[ "$_log" = - ] || rm -f "$_log"
		_t0=$(date +%s%N)
		if ! /usr/bin/time -f '%M' -o "$tmp/time.txt" "$@" \
		    >"$out/$_name.stdout" 2>"$out/$_name.stderr"; then
			echo "bench/$bench: $_name failed:" >&2
			grep -v '^Command exited' "$out/$_name.stderr" |
			    tail -n 5 >&2
			return 1
		fi
		_t1=$(date +%s%N)
		_kb=$(tail -n 1 "$tmp/time.txt")
		_s=$(awk "BEGIN{printf \"%.3f\", ($_t1 - $_t0) / 1e9}")
		if [ -z "$best_s" ] || awk "BEGIN{exit !($_s < $best_s)}"; then
			best_s=$_s best_kb=$_kb
		fi
		[ "$_kb" -le "$max_kb" ] || max_kb=$_kb
		_i=$((_i + 1))
	done
}

# rss PID: "VmRSS VmHWM" of a running process, in kB.
rss() {
	awk '$1 == "VmRSS:" { r = $2 } $1 == "VmHWM:" { h = $2 }
	    END { print r, h }' "/proc/$1/status"
}

machine() {
	note "machine: $(nproc) CPUs ($(sed -n 's/^model name[^:]*: //p' \
	    /proc/cpuinfo | head -n 1)), $(uname -sr), load average" \
	    "$(cut -d' ' -f1-3 /proc/loadavg) at start; shared and noisy:" \
	    "compare the columns of one run, not runs of different days"
}
