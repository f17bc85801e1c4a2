#!/bin/sh
# Runs the whole suite: unit tests (cmocka) of every program, the golden and
# integration scripts, the end-to-end scripts with real mail software
# (tests/e2e), and the fuzz harnesses over their seed corpora.
# Each item passes (exit 0), is skipped (exit 77, with a reason), or fails.
# Ends with the line "N passed, N failed, N skipped"; exit 1 on any failure.
#
# Usage: tests/run.sh [PATTERN]   only scripts/binaries whose name has PATTERN
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
pat=${1:-}
pass=0 fail=0 skip=0 failed=""
logdir=$top/build/test-logs
mkdir -p "$logdir"

run_one() { # name, command...
	name=$1; shift
	case "$name" in *"$pat"*) ;; *) return 0 ;; esac
	log=$logdir/$(echo "$name" | tr '/ ' '__').log
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	dt=$(( $(date +%s) - t0 ))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); printf 'PASS  %-44s %4ss\n' "$name" "$dt"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		printf 'SKIP  %-44s %s\n' "$name" "$(grep -m1 '^SKIP' "$log" || echo)"
	else
		fail=$((fail + 1)); failed="$failed $name"
		printf 'FAIL  %-44s %4ss (exit %d)\n' "$name" "$dt" "$rc"
		sed 's/^/    | /' "$log" | tail -n 40
	fi
}

for prog in analyzer scorer; do
	[ -f "$prog/Makefile" ] || continue
	make -s -C "$prog" unit >"$logdir/build-$prog-unit.log" 2>&1 || {
		fail=$((fail + 1)); failed="$failed $prog-unit-build"
		echo "FAIL  building $prog unit tests"; tail -n 40 "$logdir/build-$prog-unit.log"
		continue
	}
	for t in "$prog"/unit/test_*; do
		[ -x "$t" ] || continue
		run_one "unit/$prog/$(basename "$t")" "$t"
	done
done

for t in tests/integration/t*.sh tests/e2e/e*.sh; do
	[ -f "$t" ] || continue
	run_one "${t#tests/}" sh "$t"
done

if [ -f tests/fuzz/run.sh ]; then
	run_one "fuzz/regression" sh tests/fuzz/run.sh 0
fi

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
