#!/bin/sh
# Builds every libFuzzer harness (clang) and runs it.
#   tests/fuzz/run.sh 0        replay each harness's seed corpus once (regression)
#   tests/fuzz/run.sh SECONDS  fuzz each harness for SECONDS, new inputs go to
#                              tests/fuzz/out/NAME/ (seeds are read, never written)
# A harness is tests/fuzz/fuzz_NAME.c, built by "make -C PROG fuzz-build" into
# tests/fuzz/bin/fuzz_NAME; its seeds live in tests/fuzz/corpus/fuzz_NAME/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
command -v clang >/dev/null 2>&1 || { echo "SKIP: clang not installed"; exit 77; }
for prog in analyzer scorer; do
	[ -f "$top/$prog/Makefile" ] || continue
	make -s -C "$top/$prog" fuzz-build
done
n=0
for bin in "$top"/tests/fuzz/bin/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	seeds=$top/tests/fuzz/corpus/$name
	n=$((n + 1))
	if [ "$secs" -eq 0 ]; then
		files=$(find "$seeds" -type f 2>/dev/null | sort)
		[ -n "$files" ] || { echo "$name: no seeds in $seeds" >&2; exit 1; }
		# shellcheck disable=SC2086
		"$bin" $files >/dev/null 2>&1 || {
			echo "$name: a seed crashes the harness" >&2
			# shellcheck disable=SC2086
			"$bin" $files 2>&1 | tail -n 30 >&2; exit 1; }
		echo "$name: $(echo "$files" | wc -l) seeds replayed"
	else
		out=$top/tests/fuzz/out/$name
		mkdir -p "$out"
		echo "== $name ($secs s)"
		"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		    -rss_limit_mb=2048 "$out" "$seeds" 2>&1 | tail -n 3
	fi
done
[ $n -gt 0 ] || { echo "no fuzz harnesses built" >&2; exit 1; }
